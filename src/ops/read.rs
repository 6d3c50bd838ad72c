//! Read-side helpers: a case with its article and claims, as the CLI
//! listings and the TUI need them, and a case as it is published. Claims that do not parse are kept (with
//! their diagnostic) rather than dropped, so a broken file is visible.

use super::{OpsError, Result};
use crate::check::{self, Diagnostic};
use crate::model::{Case, CaseId, Claim, ClaimId, WorkspaceConfig};
use crate::store::{self, Doc, Workspace};

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
    let rel = Workspace::claim_rel(case, &cid);
    let raw = store::read_text(&ws.abs(&rel), store::MAX_YAML_BYTES)?;
    let (value, error) = match check::parse_as::<Claim>(&rel, &raw) {
        Ok(v) => (Some(v), None),
        Err(d) => (None, Some(d)),
    };
    Ok(ClaimDoc {
        id: cid,
        rel,
        raw,
        value,
        error,
    })
}

/// The article of an existing case, or a not-found error with a hint.
fn read_article(ws: &Workspace, id: &CaseId) -> Result<String> {
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
    Ok(store::read_text(
        &ws.abs(&Workspace::article_rel(id)),
        store::MAX_ARTICLE_BYTES,
    )?)
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
    let article = read_article(ws, id)?;
    let case_rel = Workspace::case_rel(id);
    let case = match store::read_text(&ws.abs(&case_rel), store::MAX_YAML_BYTES) {
        Ok(raw) => check::parse_as::<Case>(&case_rel, &raw).map(|value| Doc {
            value,
            path: ws.abs(&case_rel),
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
    for stem in ws.claim_files(id.as_str())? {
        let Ok(cid) = ClaimId::new(stem.as_str()) else {
            continue;
        };
        claims.push(load_claim(ws, id, cid)?);
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
pub fn publishable(ws: &Workspace, id: &CaseId) -> Result<Publishable> {
    let (mut diags, mut files) = (Vec::new(), 0);
    let config = check::load_context(ws, &mut diags, &mut files).config;
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
