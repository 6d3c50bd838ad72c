//! `factdesk links`: every case URL and evidence URL re-checked, each
//! sorted into dead, moved, changed since capture, or fine; and the record
//! of the last check (`.factdesk/links.yaml`) that `status` reads.

use super::{read, Committed, Result, Session};
use crate::git::trailers::{Action, Trailers};
use crate::model::{CaseId, LinkResult, LinkState, LinksRecord};
use crate::store::{self, FileChange, Workspace};
use crate::web::fetch::{self, FetchErrorKind, FetchOptions};

/// Where the last recorded check is kept, relative to the workspace root.
pub const LINKS_FILE: &str = ".factdesk/links.yaml";

/// One address to re-check and what was recorded about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// `CASE` or `CASE/cNN#N`.
    pub source: String,
    /// The address as recorded.
    pub url: String,
    /// The capture's body sha256, if the page was captured.
    pub captured_sha256: Option<String>,
    /// Where the capture's redirects ended, if captured.
    pub captured_final_url: Option<String>,
}

/// Every link of one case, or of every case: the case's `url`, then each
/// claim's evidence items that have an address and are not withdrawn.
pub fn targets(ws: &Workspace, only: Option<&CaseId>) -> Result<Vec<LinkTarget>> {
    let ids: Vec<CaseId> = match only {
        Some(id) => vec![id.clone()],
        None => ws
            .case_dirs()?
            .into_iter()
            .filter_map(|d| CaseId::new(d).ok())
            .collect(),
    };
    let mut out = Vec::new();
    for id in ids {
        let bundle = read::open_case(ws, &id)?;
        if let Ok(doc) = &bundle.case {
            let c = &doc.value;
            let url = c
                .url
                .clone()
                .or_else(|| c.source.as_ref().map(|s| s.final_url.clone()));
            if let Some(url) = url {
                out.push(LinkTarget {
                    source: id.to_string(),
                    url,
                    captured_sha256: c.source.as_ref().map(|s| s.sha256.clone()),
                    captured_final_url: c.source.as_ref().map(|s| s.final_url.clone()),
                });
            }
        }
        for cd in &bundle.claims {
            let Some(claim) = &cd.value else { continue };
            for (i, ev) in claim.evidence.iter().enumerate() {
                if ev.url.trim().is_empty() || ev.is_withdrawn() {
                    continue;
                }
                out.push(LinkTarget {
                    source: format!("{id}/{}#{}", cd.id, i + 1),
                    url: ev.url.clone(),
                    captured_sha256: ev.capture.as_ref().map(|c| c.sha256.clone()),
                    captured_final_url: ev.capture.as_ref().map(|c| c.final_url.clone()),
                });
            }
        }
    }
    Ok(out)
}

/// The same page in the sense a reader cares about: scheme, a trailing
/// slash, a fragment and default ports aside.
fn same_place(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        url::Url::parse(s).ok().map(|mut u| {
            u.set_fragment(None);
            let host = u
                .host_str()
                .unwrap_or("")
                .trim_start_matches("www.")
                .to_string();
            let path = u.path().trim_end_matches('/').to_string();
            (host, u.port(), path, u.query().map(str::to_string))
        })
    };
    match (norm(a), norm(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Re-checks one link.
pub fn check(t: &LinkTarget, o: &FetchOptions) -> LinkResult {
    let mut r = LinkResult {
        source: t.source.clone(),
        url: t.url.clone(),
        state: LinkState::Fine,
        status: None,
        final_url: None,
        reason: String::new(),
    };
    let f = match fetch::fetch(&t.url, o) {
        Ok(f) => f,
        Err(e) => {
            r.state = match e.kind {
                FetchErrorKind::TooLarge(_) | FetchErrorKind::Other(_) => LinkState::Unknown,
                _ => LinkState::Dead,
            };
            r.reason = e.reason();
            return r;
        }
    };
    r.status = Some(f.status);
    let final_url = f.final_url.to_string();
    if !same_place(&final_url, &t.url) {
        r.final_url = Some(final_url.clone());
    }
    if f.status >= 400 {
        r.state = LinkState::Dead;
        r.reason = format!(
            "HTTP {}{}",
            f.status,
            ureq::http::StatusCode::from_u16(f.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .map_or(String::new(), |p| format!(" {p}"))
        );
        return r;
    }
    if !f.ok() {
        r.state = LinkState::Unknown;
        r.reason = format!("HTTP {}", f.status);
        return r;
    }
    let moved_since_capture = t
        .captured_final_url
        .as_deref()
        .is_none_or(|c| !same_place(&final_url, c));
    if !same_place(&final_url, &t.url) && moved_since_capture {
        r.state = LinkState::Moved;
        r.reason = format!("redirects to {final_url}");
        return r;
    }
    if let Some(sha) = &t.captured_sha256 {
        if sha != &f.sha256 {
            r.state = LinkState::Changed;
            r.reason = format!(
                "the page differs from the capture (sha256 {} now, {} captured)",
                &f.sha256[..12],
                &sha[..sha.len().min(12)]
            );
            return r;
        }
    }
    r
}

/// The last recorded check, if any (and readable).
pub fn last_record(ws: &Workspace) -> Option<LinksRecord> {
    let raw = ws.read_text(LINKS_FILE, store::MAX_YAML_BYTES).ok()?;
    store::parse::<LinksRecord>(&raw).ok()
}

impl Session {
    /// `factdesk links --record`: the results in `.factdesk/links.yaml`,
    /// one commit.
    pub fn record_links(&self, rec: &LinksRecord) -> Result<Committed> {
        let txn = self.begin(Action::Links)?;
        let text = super::render_file(LINKS_FILE, rec)?;
        let expected = self.ws.read_text(LINKS_FILE, store::MAX_YAML_BYTES).ok();
        let changes = vec![FileChange {
            rel_path: LINKS_FILE.into(),
            content: text.into_bytes().into(),
            expected: expected.map(String::into_bytes),
        }];
        let dead = rec.count(LinkState::Dead);
        let body = format!(
            "{} links: {dead} dead, {} moved, {} changed, {} fine.",
            rec.links.len(),
            rec.count(LinkState::Moved),
            rec.count(LinkState::Changed),
            rec.count(LinkState::Fine)
        );
        let mut t = Trailers::new(Action::Links);
        t.case = rec.case.as_deref().and_then(|c| CaseId::new(c).ok());
        let subject = match &rec.case {
            Some(c) => format!("{c}: links checked, {dead} dead"),
            None => format!("links checked, {dead} dead"),
        };
        self.commit(txn, changes, subject, &body, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_place_ignores_scheme_slash_and_fragment() {
        assert!(same_place(
            "http://example.org/a/",
            "https://example.org/a#x"
        ));
        assert!(same_place(
            "https://www.example.org/a",
            "https://example.org/a"
        ));
        assert!(!same_place(
            "https://example.org/a",
            "https://example.org/b"
        ));
        assert!(!same_place(
            "https://example.org/a?p=1",
            "https://example.org/a?p=2"
        ));
    }
}
