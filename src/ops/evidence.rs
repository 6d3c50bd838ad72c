//! Correcting and withdrawing evidence. Nothing is ever deleted: a
//! correction is recorded on the item (who, when, why; the old values are
//! in git), a withdrawal marks it and it stops counting for verdicts.

use super::{now, web_url_arg, Change, Committed, OpsError, Result, Session};
use crate::git::Action;
use crate::model::{
    CaseId, ClaimId, Evidence, EvidenceKind, EvidenceNote, Review, ReviewDecision, Stance,
};

/// `factdesk evidence edit` options: the fields to change (`None` leaves
/// one as it is; an empty text removes an optional one) and the note that
/// says why.
#[derive(Debug, Clone, Default)]
pub struct EvidenceEdit {
    /// New kind.
    pub kind: Option<EvidenceKind>,
    /// New address; empty removes it.
    pub url: Option<String>,
    /// New archived copy; empty removes it.
    pub archive: Option<String>,
    /// New description; empty removes it.
    pub description: Option<String>,
    /// New stance.
    pub stance: Option<Stance>,
    /// New excerpt; empty removes it.
    pub excerpt: Option<String>,
    /// Why it was corrected (required).
    pub note: String,
}

/// A short name for commit subjects: the URL's host, else the kind.
pub(super) fn short_name(ev: &Evidence) -> String {
    let host = ev
        .url
        .split("//")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .filter(|h| !h.is_empty());
    match host {
        Some(h) => h.to_string(),
        None => ev.kind_or_guess().as_str().to_string(),
    }
}

/// Voids the standing approvals of the verdict (kept, never deleted): they
/// were given on evidence that no longer stands as it was. A standing
/// request for changes stays. Returns true when one was voided.
fn void_approvals(review: &mut Review) -> bool {
    let mut voided = false;
    for r in review
        .reviews
        .iter_mut()
        .filter(|r| !r.voided && r.decision == ReviewDecision::Approve)
    {
        r.voided = true;
        voided = true;
    }
    voided
}

/// The item numbered `n` (1-based, as `show` numbers them), or why not.
fn item<'a>(
    evidence: &'a mut [Evidence],
    case: &CaseId,
    claim: &ClaimId,
    n: usize,
) -> Result<&'a mut Evidence> {
    let count = evidence.len();
    evidence.get_mut(n.wrapping_sub(1)).ok_or_else(|| {
        OpsError::not_found(
            format!("{case}/{claim} has no evidence item {n} (it has {count})"),
            Some(format!(
                "`factdesk show {case}/{claim}` lists them, numbered from 1"
            )),
        )
    })
}

fn needs_note(note: &str, what: &str, flag: &str) -> Result<()> {
    if note.trim().is_empty() {
        return Err(OpsError::usage(
            format!("{what} needs a note saying why"),
            Some(format!("add {flag} \"…\"")),
        ));
    }
    Ok(())
}

impl Session {
    /// `factdesk evidence edit CASE/CLAIM N`: corrects item `n` (1-based).
    /// A withdrawn item is refused: it is the record of what was relied on.
    pub fn edit_evidence(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        n: usize,
        edit: &EvidenceEdit,
    ) -> Result<Committed> {
        needs_note(&edit.note, "correcting evidence", "--note")?;
        for (what, v) in [("evidence URL", &edit.url), ("archive URL", &edit.archive)] {
            if let Some(u) = v.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                web_url_arg(what, u)?;
            }
        }
        self.mutate_claim(case, claim, Action::Evidence, |c, s| {
            let ev = item(&mut c.evidence, case, claim, n)?;
            if let Some(w) = &ev.withdrawn {
                return Err(OpsError::refused(
                    format!(
                        "evidence {n} of {case}/{claim} was withdrawn by {} on {}; it is kept as it was",
                        w.by,
                        w.at.format("%Y-%m-%d %H:%M")
                    ),
                    Some(format!("add the corrected item with `factdesk evidence add {case}/{claim} …`")),
                ));
            }
            let before = ev.clone();
            let text = |v: &Option<String>| v.as_deref().map(|t| t.trim().to_string());
            if let Some(k) = edit.kind {
                ev.kind = Some(k);
            }
            if let Some(u) = text(&edit.url) {
                ev.url = u;
            }
            if let Some(a) = text(&edit.archive) {
                ev.archive_url = Some(a).filter(|a| !a.is_empty());
            }
            if let Some(d) = text(&edit.description) {
                ev.description = d;
            }
            if let Some(st) = edit.stance {
                ev.stance = st;
            }
            if let Some(x) = &edit.excerpt {
                ev.excerpt = x.trim_end().to_string();
            }
            let mut fields = Vec::new();
            if ev.kind != before.kind {
                fields.push("kind");
            }
            if ev.url != before.url {
                fields.push("url");
            }
            if ev.archive_url != before.archive_url {
                fields.push("archive");
            }
            if ev.description != before.description {
                fields.push("description");
            }
            if ev.stance != before.stance {
                fields.push("stance");
            }
            if ev.excerpt != before.excerpt {
                fields.push("excerpt");
            }
            if fields.is_empty() {
                return Err(OpsError::usage(
                    format!("nothing to change: evidence {n} of {case}/{claim} already is that way"),
                    Some("give --url, --archive, --description, --kind, --stance or --excerpt".into()),
                ));
            }
            ev.corrections.push(EvidenceNote {
                by: s.who.name.clone(),
                at: now(),
                note: edit.note.trim().to_string(),
            });
            // What the item says about the claim changed: an approval was
            // given on the other reading.
            let voided = fields.contains(&"stance") && void_approvals(&mut c.review);
            Ok(Change::new(
                format!(
                    "evidence {n} corrected ({}){}",
                    fields.join(", "),
                    if voided { ", approval voided" } else { "" }
                ),
                edit.note.trim().to_string(),
            ))
        })
    }

    /// `factdesk evidence withdraw CASE/CLAIM N --note WHY`: marks item `n`
    /// (1-based) withdrawn. A verdict that would be left without evidence
    /// is refused by the verdict rules, as with any change.
    pub fn withdraw_evidence(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        n: usize,
        note: &str,
    ) -> Result<Committed> {
        needs_note(note, "withdrawing evidence", "--note")?;
        self.mutate_claim(case, claim, Action::Evidence, |c, s| {
            let ev = item(&mut c.evidence, case, claim, n)?;
            if let Some(w) = &ev.withdrawn {
                return Err(OpsError::refused(
                    format!(
                        "evidence {n} of {case}/{claim} is already withdrawn by {} on {}: {}",
                        w.by,
                        w.at.format("%Y-%m-%d %H:%M"),
                        w.note
                    ),
                    None,
                ));
            }
            ev.withdrawn = Some(EvidenceNote {
                by: s.who.name.clone(),
                at: now(),
                note: note.trim().to_string(),
            });
            let name = short_name(ev);
            let voided = void_approvals(&mut c.review);
            Ok(Change::new(
                format!(
                    "evidence {n} withdrawn ({name}){}",
                    if voided { ", approval voided" } else { "" }
                ),
                note.trim().to_string(),
            ))
        })
    }
}
