//! Loading what the screens show, cheaply: the case list reads one
//! `case.yaml` and scans claim files for their top-level `status:` only for
//! the rows on screen, and the watcher compares file sizes and mtimes.

use crate::model::{Case, CaseId};
use crate::store::{self, Workspace};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// One row of the case list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseSummary {
    /// Title from `case.yaml`.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Claims that were not dismissed.
    pub total: usize,
    /// Of those, how many have a verdict (or are not checkable).
    pub decided: usize,
    /// Count per status id, in the order first seen.
    pub by_status: BTreeMap<String, usize>,
    /// Dismissed proposals.
    pub dismissed: usize,
    /// Case and claim assignees.
    pub assignees: Vec<String>,
    /// Newest mtime of the case's files.
    pub changed: Option<SystemTime>,
    /// Why the case could not be read, if it could not.
    pub problem: Option<String>,
}

fn top_level_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.strip_prefix(':')?;
    let v = rest.trim();
    Some(v.trim_matches(|c| c == '\'' || c == '"'))
}

fn newer(a: Option<SystemTime>, b: Option<SystemTime>) -> Option<SystemTime> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// Reads one case's summary. Never fails: problems become `problem`.
pub fn summarize(ws: &Workspace, name: &str, is_decided: &dyn Fn(&str) -> bool) -> CaseSummary {
    let mut s = CaseSummary::default();
    let dir = ws.abs(&format!("{}/{name}", store::CASES_DIR));
    let case_path = dir.join(store::CASE_FILE);
    s.changed = mtime(&case_path);
    match store::read_text(&case_path, store::MAX_YAML_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|raw| store::parse::<Case>(&raw).map_err(|e| e.to_string()))
    {
        Ok(c) => {
            s.title = c.title;
            s.outlet = c.outlet;
            s.date = c.published.map(|p| p.format("%Y-%m-%d").to_string());
            s.assignees = c.assignees;
        }
        Err(e) => s.problem = Some(format!("case.yaml: {e}")),
    }
    let claims = dir.join(store::CLAIMS_DIR);
    if let Ok(names) = ws.claim_files(name) {
        for stem in names {
            let p = claims.join(format!("{stem}.yaml"));
            s.changed = newer(s.changed, mtime(&p));
            let Ok(raw) = std::fs::read_to_string(&p) else {
                s.problem
                    .get_or_insert_with(|| format!("{stem}.yaml unreadable"));
                continue;
            };
            let mut status = None;
            let mut dismissed = false;
            for line in raw.lines() {
                if let Some(v) = top_level_value(line, "status") {
                    status = Some(v.to_string());
                } else if let Some(v) = top_level_value(line, "assignee") {
                    if !v.is_empty() && !s.assignees.iter().any(|a| a == v) {
                        s.assignees.push(v.to_string());
                    }
                } else if line.starts_with("dismissed:") {
                    dismissed = true;
                }
            }
            if dismissed {
                s.dismissed += 1;
                continue;
            }
            let status = status.unwrap_or_else(|| "?".into());
            s.total += 1;
            if is_decided(&status) {
                s.decided += 1;
            }
            *s.by_status.entry(status).or_default() += 1;
        }
    }
    s
}

/// Size and mtime of every file of a case, to notice changes on disk.
pub type Fingerprint = Vec<(String, u64, Option<SystemTime>)>;

/// The fingerprint of a case folder (case.yaml, article, claims).
pub fn fingerprint(ws: &Workspace, case: &CaseId) -> Fingerprint {
    let mut out = Vec::new();
    let mut add = |rel: String| {
        let meta = std::fs::metadata(ws.abs(&rel)).ok();
        out.push((
            rel,
            meta.as_ref().map_or(0, |m| m.len()),
            meta.and_then(|m| m.modified().ok()),
        ));
    };
    add(Workspace::case_rel(case));
    add(Workspace::article_rel(case));
    if let Ok(names) = ws.claim_files(case.as_str()) {
        for stem in names {
            add(format!(
                "{}/{}/{stem}.yaml",
                Workspace::case_dir_rel(case),
                store::CLAIMS_DIR
            ));
        }
    }
    out
}

/// "3 min ago", "2 h ago", "5 d ago", or the date.
pub fn ago(t: SystemTime, now: SystemTime) -> String {
    let secs = now.duration_since(t).map_or(0, |d| d.as_secs());
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        86_400..=2_591_999 => format!("{} d ago", secs / 86_400),
        _ => {
            let dt: chrono::DateTime<chrono::Utc> = t.into();
            dt.format("%Y-%m-%d").to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn top_level_only() {
        assert_eq!(
            top_level_value("status: verified", "status"),
            Some("verified")
        );
        assert_eq!(top_level_value("  status: confirmed", "status"), None);
        assert_eq!(top_level_value("statuses: x", "status"), None);
        assert_eq!(top_level_value("assignee: 'Ed'", "assignee"), Some("Ed"));
    }

    #[test]
    fn ago_reads_well() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(10_000_000);
        assert_eq!(ago(now - Duration::from_secs(30), now), "just now");
        assert_eq!(ago(now - Duration::from_secs(7200), now), "2 h ago");
        assert_eq!(ago(SystemTime::UNIX_EPOCH, now), "1970-01-01");
    }
}
