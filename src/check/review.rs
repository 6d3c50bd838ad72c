//! The `unreviewed-verdict` rule and the review state every view shares
//! (`check`, `status`, reports, the TUI).

use super::diag::Diagnostic;
use super::rules::UNREVIEWED_VERDICT;
use super::Context;
use crate::model::{Case, Claim, ReviewDecision, VerdictScale};
use crate::store::{Doc, PathSeg::Key};
use std::path::Path;

/// Where a claim's verdict stands with respect to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewState {
    /// No verdict to review (open, working, or dismissed).
    NoVerdict,
    /// A verdict nobody else has approved yet.
    Waiting,
    /// The latest review asked for changes.
    ChangesRequested {
        /// Who asked.
        by: String,
    },
    /// Approved by someone other than its author.
    Approved {
        /// Who approved.
        by: String,
    },
}

/// The review state of `claim` on `scale`: verdicts and not-checkable
/// decisions need review; everything else has nothing to review.
pub fn state(claim: &Claim, scale: &VerdictScale) -> ReviewState {
    if claim.dismissed.is_some() || !scale.is_decided(&claim.status) {
        return ReviewState::NoVerdict;
    }
    let r = &claim.review;
    match r.current(&claim.status) {
        Some(rec) if r.approved(&claim.status) => ReviewState::Approved { by: rec.by.clone() },
        Some(rec) if rec.decision == ReviewDecision::RequestChanges => {
            ReviewState::ChangesRequested { by: rec.by.clone() }
        }
        _ => ReviewState::Waiting,
    }
}

/// True when `case.yaml` in `case_dir` parses and sets `publish: true`.
/// Unreadable files report their own diagnostics elsewhere.
pub fn marked_for_publication(case_dir: &Path) -> bool {
    let rel = crate::store::CASE_FILE;
    crate::store::read_text(&case_dir.join(rel), crate::store::MAX_YAML_BYTES)
        .ok()
        .and_then(|raw| super::parse_as::<Case>(rel, &raw).ok())
        .is_some_and(|c| c.publish)
}

/// With `require_review: true`, a verdict in a case marked for publication
/// must be approved by someone other than whoever last changed it.
pub fn check_review(ctx: &Context, doc: &Doc<Claim>, publish: bool) -> Option<Diagnostic> {
    let claim = &doc.value;
    if !ctx.config.require_review || !publish {
        return None;
    }
    let why = match state(claim, &ctx.config.verdict_scale) {
        ReviewState::NoVerdict | ReviewState::Approved { .. } => return None,
        ReviewState::Waiting => match &claim.review.verdict_by {
            Some(by) => format!(
                "verdict `{}` (set by {by}) has not been approved by a second editor",
                claim.status
            ),
            None => format!(
                "verdict `{}` has not been approved by a second editor",
                claim.status
            ),
        },
        ReviewState::ChangesRequested { by } => {
            format!("verdict `{}`: {by} asked for changes", claim.status)
        }
    };
    let at = crate::store::yaml::locate(&doc.raw, &[Key("status")]);
    Some(
        Diagnostic::new(&UNREVIEWED_VERDICT, &doc.rel, at, why).hint(format!(
            "the case is marked `publish: true`; another editor runs `factdesk review <case>/{} --approve`",
            claim.id
        )),
    )
}
