//! Read-side helpers: a case with its article and claims, as the CLI
//! listings and the TUI need them, and a case as it is published. Claims that do not parse are kept (with
//! their diagnostic) rather than dropped, so a broken file is visible.

use super::{OpsError, Result};
use crate::check::{self, Context, Diagnostic};
use crate::model::{Case, CaseId, Claim, ClaimId, FactCheck, WorkspaceConfig};
use crate::store::{self, CaseFiles, Doc, Outline, Workspace};
use std::collections::BTreeMap;
use std::time::SystemTime;

/// One claim file: its text, and its value when it parses.
#[derive(Debug, Clone)]
pub struct ClaimDoc {
    /// Id from the file name.
    pub id: ClaimId,
    /// Workspace-relative path.
    pub rel: String,
    /// The file's text.
    pub raw: String,
    /// The parsed claim, when it parses.
    pub value: Option<Claim>,
    /// Why it does not parse.
    pub error: Option<Diagnostic>,
}

/// A case with everything in its folder.
#[derive(Debug, Clone)]
pub struct CaseBundle {
    /// The case id.
    pub id: CaseId,
    /// `case.yaml`, or why it could not be read.
    pub case: std::result::Result<Doc<Case>, Diagnostic>,
    /// `article.txt`.
    pub article: String,
    /// Claim files in id order.
    pub claims: Vec<ClaimDoc>,
}

impl CaseBundle {
    /// A claim by id.
    pub fn claim(&self, id: &ClaimId) -> Result<&ClaimDoc> {
        self.claims.iter().find(|c| &c.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.claims.iter().map(|c| c.id.as_str()).collect();
            OpsError::not_found(
                format!("case {} has no claim {id}", self.id),
                Some(format!("claims: {}", ids.join(", "))),
            )
        })
    }

    /// The parsed `case.yaml`, or an error explaining why not.
    pub fn case_doc(&self) -> Result<&Doc<Case>> {
        self.case.as_ref().map_err(|d| OpsError::Invalid {
            summary: format!("{} cannot be read: {}", d.file, d.message),
            diagnostics: vec![d.clone()],
        })
    }
}

/// One claim file: read and parsed, a parse failure kept as a diagnostic.
fn load_claim(ws: &Workspace, case: &CaseId, cid: ClaimId) -> Result<ClaimDoc> {
    let raw = ws.read_text(&Workspace::claim_rel(case, &cid), store::MAX_YAML_BYTES)?;
    Ok(claim_doc(case, cid, raw))
}

/// A claim file's text, parsed, a parse failure kept as a diagnostic.
fn claim_doc(case: &CaseId, cid: ClaimId, raw: String) -> ClaimDoc {
    let rel = Workspace::claim_rel(case, &cid);
    let (value, error) = match check::parse_as::<Claim>(&rel, &raw) {
        Ok(v) => (Some(v), None),
        Err(d) => (None, Some(d)),
    };
    ClaimDoc {
        id: cid,
        rel,
        raw,
        value,
        error,
    }
}

/// The article of an existing case, or a not-found error with a hint.
fn read_article(ws: &Workspace, id: &CaseId) -> Result<String> {
    case_dir_exists(ws, id)?;
    Ok(ws.read_text(&Workspace::article_rel(id), store::MAX_ARTICLE_BYTES)?)
}

/// Ok when case `id` has a folder, else a not-found error with a hint.
fn case_dir_exists(ws: &Workspace, id: &CaseId) -> Result<()> {
    let dir = ws.abs(&Workspace::case_dir_rel(id));
    if !dir.is_dir() {
        let known = ws.case_dirs().unwrap_or_default();
        let dym = check::diag::did_you_mean(id.as_str(), known.iter().map(String::as_str))
            .map_or(String::new(), |d| format!("did you mean `{d}`? "));
        return Err(OpsError::not_found(
            format!("no case `{id}` in {}", ws.root().display()),
            Some(format!("{dym}`factdesk cases` lists them")),
        ));
    }
    Ok(())
}

/// What a change to one claim needs: the article and that claim's file,
/// without reading the case's other claims.
pub fn open_claim(ws: &Workspace, case: &CaseId, claim: &ClaimId) -> Result<(String, ClaimDoc)> {
    let article = read_article(ws, case)?;
    if !ws.abs(&Workspace::claim_rel(case, claim)).is_file() {
        let ids = ws.claim_files(case.as_str())?;
        return Err(OpsError::not_found(
            format!("case {case} has no claim {claim}"),
            Some(format!("claims: {}", ids.join(", "))),
        ));
    }
    Ok((article, load_claim(ws, case, claim.clone())?))
}

/// Loads a case folder.
pub fn open_case(ws: &Workspace, id: &CaseId) -> Result<CaseBundle> {
    case_dir_exists(ws, id)?;
    let stems = ws.claim_files(id.as_str())?;
    bundle_of(ws, id, ws.read_case_files(id.as_str(), &stems))
}

/// [`open_case`] of the case folder's files already read (`files.claims`
/// as listed): fails as it would, on the article or a claim file that
/// cannot be read.
pub fn bundle_of(ws: &Workspace, id: &CaseId, files: CaseFiles) -> Result<CaseBundle> {
    let article = files.article?;
    let case_rel = Workspace::case_rel(id);
    let case = match files.case {
        Ok(raw) => check::parse_as::<Case>(&case_rel, &raw).map(|value| Doc {
            value,
            path: ws.abs(&case_rel),
            rel: case_rel.clone(),
            raw,
        }),
        Err(e) => Err(Diagnostic::new(
            &check::rules::IO_ERROR,
            &case_rel,
            (1, 1),
            e.to_string(),
        )),
    };
    let mut claims = Vec::new();
    for (stem, raw) in files.claims {
        let Ok(cid) = ClaimId::new(stem.as_str()) else {
            continue;
        };
        claims.push(claim_doc(id, cid, raw?));
    }
    claims.sort_by_key(|c| c.id.number());
    Ok(CaseBundle {
        id: id.clone(),
        case,
        article,
        claims,
    })
}

/// A case as published: the workspace's settings (organisation, verdict
/// scale, review policy), the case and all its claims, every one readable.
#[derive(Debug, Clone)]
pub struct Publishable {
    /// Workspace settings.
    pub config: WorkspaceConfig,
    /// The case.
    pub case: Case,
    /// Every claim in id order, dismissed ones included.
    pub claims: Vec<Claim>,
}

/// Loads a case for publishing (`report`, `export`), refusing when any of
/// its files cannot be read, so that a report is never silently partial.
/// Problems with `factdesk.yaml` go to `warn` (the report then uses the
/// default scale).
pub fn publishable(
    ws: &Workspace,
    id: &CaseId,
    warn: &mut dyn FnMut(String),
) -> Result<Publishable> {
    let config = context(ws, warn).config;
    let b = open_case(ws, id)?;
    let case = b.case_doc()?.value.clone();
    let mut claims = Vec::new();
    for d in &b.claims {
        let Some(v) = &d.value else {
            return Err(OpsError::Invalid {
                summary: format!("{} cannot be read; fix it before publishing", d.rel),
                diagnostics: d.error.iter().cloned().collect(),
            });
        };
        claims.push(v.clone());
    }
    Ok(Publishable {
        config,
        case,
        claims,
    })
}

/// The workspace context for views that carry on when `factdesk.yaml` or a
/// checklist is broken: each problem goes to `warn` as one line
/// ("factdesk.yaml is invalid: …; using defaults") instead of being dropped.
pub fn context(ws: &Workspace, warn: &mut dyn FnMut(String)) -> Context {
    let (ctx, findings) = check::load_context(ws);
    ctx.warnings(&findings).into_iter().for_each(warn);
    ctx
}

/// One row of a case list (kept in the case index).
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
    /// Decisions whose latest review asked for changes: the case list's
    /// "2 changes requested", so a reviewer's request is seen.
    pub changes_requested: usize,
    /// Case and claim assignees.
    pub assignees: Vec<String>,
    /// When the case last changed, from git ([`LastChanges`]); `None`
    /// until it is filled in, or when no factdesk commit names the case.
    pub changed: Option<SystemTime>,
    /// Why the case could not be read, if it could not.
    pub problem: Option<String>,
}

/// When each case last changed, read from git, not from file times
/// (which a fresh clone or a checkout sets to "now"): the committer time of
/// the newest factdesk commit naming the case, from the summary git keeps
/// by HEAD (`git::last`), read again only when HEAD has moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastChanges {
    head: Option<String>,
    names: Vec<String>,
    stale: bool,
    times: std::collections::HashMap<String, SystemTime>,
}

impl LastChanges {
    /// Reads the times of `names` when HEAD moved since the last call (or
    /// on the first). Never fails: without history nothing is known.
    pub fn refresh(&mut self, ws: &Workspace, names: &[String]) {
        let head = crate::git::history::head_id(ws.root()).ok().flatten();
        if self.head.is_some() && head == self.head && self.names == names {
            return;
        }
        let known = crate::git::last::last_case_changes(ws.root()).unwrap_or_default();
        self.times = names
            .iter()
            .filter_map(|n| {
                let secs = known.cases.get(n)?.time;
                let t = SystemTime::UNIX_EPOCH
                    .checked_add(std::time::Duration::from_secs(u64::try_from(secs).ok()?))?;
                Some((n.clone(), t))
            })
            .collect();
        // The HEAD the times describe (it may have moved since `head`).
        self.head = known.head.map(|h| h.to_string());
        self.names = names.to_vec();
        self.stale = false;
    }

    /// Marks the times for re-reading at the next [`Self::refresh_if_stale`]:
    /// a screen asks for them after its first frame, since the walk can
    /// read a long history.
    pub fn invalidate(&mut self) {
        self.stale = true;
    }

    /// [`Self::refresh`] when [`Self::invalidate`] asked for it; returns
    /// true when it refreshed.
    pub fn refresh_if_stale(&mut self, ws: &Workspace, names: &[String]) -> bool {
        if !self.stale {
            return false;
        }
        self.refresh(ws, names);
        true
    }

    /// The last change of case `name`, if git knows one.
    pub fn get(&self, name: &str) -> Option<SystemTime> {
        self.times.get(name).copied()
    }
}

/// Reads one case's summary cheaply: `case.yaml` is parsed, claim files
/// are only outlined for their top-level `status:`, `assignee:` and
/// `dismissed:`. Never fails: problems become `problem`.
pub fn case_summary(ws: &Workspace, name: &str, is_decided: &dyn Fn(&str) -> bool) -> CaseSummary {
    let stems = ws.claim_files(name).unwrap_or_default();
    summary_of(&ws.read_case_files(name, &stems), is_decided)
}

/// [`case_summary`] of a case folder's files already read, so the case
/// index reads each file once for this row and for [`bundle_of`].
pub fn summary_of(files: &CaseFiles, is_decided: &dyn Fn(&str) -> bool) -> CaseSummary {
    let mut s = CaseSummary::default();
    match files
        .case
        .as_ref()
        .map_err(|e| e.to_string())
        .and_then(|raw| store::parse::<Case>(raw).map_err(|e| e.to_string()))
    {
        Ok(c) => {
            s.title = c.title;
            s.outlet = c.outlet;
            s.date = c.published.map(|p| p.format("%Y-%m-%d").to_string());
            s.assignees = c.assignees;
        }
        Err(e) => s.problem = Some(format!("case.yaml: {e}")),
    }
    for (stem, raw) in &files.claims {
        let Ok(raw) = raw else {
            s.problem
                .get_or_insert_with(|| format!("{stem}.yaml unreadable"));
            continue;
        };
        let (mut status, mut dismissed) = (None, false);
        let outline = Outline::new(raw);
        for e in outline
            .entries()
            .iter()
            .filter(|e| e.column == 1 && !e.dash)
        {
            match e.key {
                Some("status") => status = Some(e.value.to_string()),
                Some("assignee")
                    if !e.value.is_empty() && !s.assignees.iter().any(|a| a == e.value) =>
                {
                    s.assignees.push(e.value.to_string());
                }
                Some("dismissed") => dismissed = true,
                _ => {}
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
            // Only files that hold a request are parsed in full, so the
            // list stays as cheap as an outline.
            if raw.contains("request-changes") && changes_requested(raw, &status) {
                s.changes_requested += 1;
            }
        }
        *s.by_status.entry(status).or_default() += 1;
    }
    s
}

/// True when the claim in `raw` (whose `status` is a decision) stands with
/// changes requested, by the rule of `check::review::state`.
fn changes_requested(raw: &str, status: &str) -> bool {
    store::parse::<Claim>(raw).is_ok_and(|c| {
        c.review
            .current(status)
            .is_some_and(|r| r.decision == crate::model::ReviewDecision::RequestChanges)
    })
}

/// The imported fact-checks (`factchecks/*.yaml`) that could be read, and
/// a diagnostic for each that could not: one broken or hand-mangled file
/// never hides the others, and is never silently dropped.
#[derive(Debug, Clone, Default)]
pub struct FactChecks {
    /// Workspace-relative path and parsed value, in file-name order.
    pub items: Vec<(String, FactCheck)>,
    /// Files that could not be read or parsed (a link, too large, bad
    /// YAML, a missing key), one diagnostic each.
    pub problems: Vec<Diagnostic>,
}

impl FactChecks {
    /// The fact-check whose normalised address is that of `url`.
    pub fn by_url(&self, url: &str) -> Option<&(String, FactCheck)> {
        let key = crate::model::normalise_url(url)?;
        self.items
            .iter()
            .find(|(_, f)| f.key().as_deref() == Some(key.as_str()))
    }
}

/// Reads every `factchecks/*.yaml` within the YAML limits (no link
/// followed). Fails only when the folder itself cannot be listed (or is
/// a link); an unreadable file becomes a problem.
pub fn factchecks(ws: &Workspace) -> Result<FactChecks> {
    let mut out = FactChecks::default();
    for stem in ws.factcheck_files()? {
        let rel = Workspace::factcheck_rel(&stem);
        let parsed = match ws.read_text(&rel, store::MAX_YAML_BYTES) {
            Ok(raw) => check::parse_as::<FactCheck>(&rel, &raw),
            Err(e) => Err(check::read_failure(&rel, e)),
        };
        match parsed {
            Ok(v) => out.items.push((rel, v)),
            Err(d) => out.problems.push(d),
        }
    }
    Ok(out)
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
    for stem in ws.claim_files(case.as_str()).unwrap_or_default() {
        add(Workspace::claim_file_rel(case.as_str(), &stem));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reads_top_level_keys_only() {
        let dir = tempfile::tempdir().unwrap();
        let claims = dir.path().join("cases/x/claims");
        std::fs::create_dir_all(&claims).unwrap();
        std::fs::write(dir.path().join(store::CONFIG_FILE), "format: 1\n").unwrap();
        let files = [
            ("c01", "id: c01\nstatus: verified\nassignee: 'Ed'\n"),
            ("c02", "id: c02\nnotes: |-\n  status: false\nchecklist:\n  status: x\nstatus: in-progress # working\n"),
            ("c03", "id: c03\nstatus: verified\ndismissed:\n  reason: dup\n"),
        ];
        for (stem, text) in files {
            std::fs::write(claims.join(format!("{stem}.yaml")), text).unwrap();
        }
        let ws = Workspace::open(dir.path()).unwrap();
        let s = case_summary(&ws, "x", &|st| st == "verified");
        assert!(
            s.problem
                .as_deref()
                .is_some_and(|p| p.starts_with("case.yaml")),
            "{s:?}"
        );
        assert_eq!((s.total, s.decided, s.dismissed), (2, 1, 1));
        assert_eq!(s.assignees, ["Ed"]);
        let by: Vec<_> = s.by_status.into_iter().collect();
        assert_eq!(
            by,
            [("in-progress".to_string(), 1), ("verified".to_string(), 1)]
        );
        assert_eq!(fingerprint(&ws, &CaseId::new("x").unwrap()).len(), 5);
    }

    #[test]
    fn factchecks_keeps_good_files_and_reports_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let fc = dir.path().join(store::FACTCHECKS_DIR);
        std::fs::create_dir_all(&fc).unwrap();
        std::fs::write(dir.path().join(store::CONFIG_FILE), "format: 1\n").unwrap();
        let good = "url: https://example.org/fc/1\nclaim_reviewed: The moon is cheese.\n\
                    rating:\n  alternate_name: 'False'\nimported_at: 2024-05-01T10:00:00+07:00\n\
                    source: a.json\n";
        std::fs::write(fc.join("example.org-1.yaml"), good).unwrap();
        std::fs::write(fc.join("b.yaml"), "url: https://example.org/2\n").unwrap();
        std::fs::write(fc.join("c.yaml"), "url: 'open\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/hostname", fc.join("d.yaml")).unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let got = factchecks(&ws).unwrap();
        assert_eq!(got.items.len(), 1);
        assert_eq!(got.items[0].0, "factchecks/example.org-1.yaml");
        assert_eq!(got.items[0].1.verdict_line(), "example.org: False");
        assert!(got.by_url("http://www.example.org/fc/1/").is_some());
        let codes: Vec<(&str, &str)> = got
            .problems
            .iter()
            .map(|d| (d.file.as_str(), d.code))
            .collect();
        let mut want = vec![
            ("factchecks/b.yaml", "missing-key"),
            ("factchecks/c.yaml", "yaml-syntax"),
        ];
        if cfg!(unix) {
            want.push(("factchecks/d.yaml", "not-a-regular-file"));
        }
        assert_eq!(codes, want);
    }
}
