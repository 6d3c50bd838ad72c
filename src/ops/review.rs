//! Two-person review: a second editor approves a verdict (or asks for
//! changes) before it counts as publishable. Shared by `factdesk review`
//! and the TUI.

use super::{now, Change, Committed, OpsError, Refusal, Result, Session};
pub use crate::check::review::{state, ReviewCounts, ReviewState, ReviewSummary};
use crate::git::{self, Action};
use crate::model::{CaseId, Claim, ClaimId, Review, ReviewDecision, ReviewRecord, Timestamp};

/// Records that `who` changed the verdict at `at`: every standing review is
/// voided (kept, never deleted). Returns true when an approval was voided.
/// Called by `Session::set` whenever `status` changes.
pub fn record_verdict_change(review: &mut Review, who: &str, at: Timestamp) -> bool {
    let mut voided_approval = false;
    for r in review.reviews.iter_mut().filter(|r| !r.voided) {
        r.voided = true;
        voided_approval |= r.decision == ReviewDecision::Approve;
    }
    review.verdict_by = Some(who.to_string());
    review.verdict_at = Some(at);
    voided_approval
}

impl Session {
    /// `factdesk review CASE/CLAIM --approve|--request-changes`: records the
    /// current git identity's review of the claim's verdict. Refuses when
    /// there is no verdict, when the reviewer set the verdict themselves, and
    /// when a request for changes comes without a note.
    pub fn review(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        decision: ReviewDecision,
        note: Option<&str>,
    ) -> Result<Committed> {
        let note = note.map(str::trim).unwrap_or("");
        if decision == ReviewDecision::RequestChanges && note.is_empty() {
            return Err(Refusal::ChangesNeedNote.into());
        }
        // The verdict's author for claims whose status predates the
        // `review` block: the author of the oldest commit in the newest run
        // of commits that left the claim at its current status.
        let fallback_author = |c: &Claim| -> Option<String> {
            let filter = git::history::Filter {
                case: Some(case.clone()),
                claim: Some(claim.clone()),
                ..Default::default()
            };
            let entries = git::history::history(self.ws.root(), &filter).ok()?;
            let mut author = None;
            for e in &entries {
                let st = e.trailers.as_ref().and_then(|t| t.status.as_deref());
                if st != Some(c.status.as_str()) {
                    break;
                }
                author = Some(e.author.clone());
            }
            author
        };
        let who = self.who.name.clone();
        let scale = self.ctx.config.verdict_scale.clone();
        self.mutate_claim(case, claim, Action::Review, |c, _| {
            if c.dismissed.is_some() {
                return Err(OpsError::usage(
                    format!("{case}/{claim} is dismissed; there is no verdict to review"),
                    None,
                ));
            }
            if state(c, &scale) == ReviewState::NoVerdict {
                return Err(Refusal::NoVerdictToReview {
                    claim: format!("{case}/{claim}"),
                    status: c.status.clone(),
                }
                .into());
            }
            let author = c.review.verdict_by.clone().or_else(|| fallback_author(c));
            if author.as_deref() == Some(who.as_str()) {
                return Err(Refusal::OwnVerdict {
                    who: who.clone(),
                    status: c.status.clone(),
                    claim: format!("{case}/{claim}"),
                }
                .into());
            }
            if c.review.verdict_by.is_none() {
                c.review.verdict_by = author;
            }
            if let Some(cur) = c.review.current(&c.status) {
                if cur.by == who && cur.decision == decision && note.is_empty() {
                    return Err(OpsError::usage(
                        format!(
                            "nothing to change: you already gave `{}` on this verdict",
                            decision.as_str()
                        ),
                        None,
                    ));
                }
            }
            c.review.reviews.push(ReviewRecord {
                by: who.clone(),
                at: now(),
                verdict: c.status.clone(),
                decision,
                note: note.to_string(),
                voided: false,
            });
            let verb = match decision {
                ReviewDecision::Approve => "approve",
                ReviewDecision::RequestChanges => "request changes",
            };
            Ok(Change::new(
                format!("review: {verb} `{}`", c.status),
                note.to_string(),
            ))
        })
    }
}

impl Session {
    /// The editor's answer to a request for changes that leaves the verdict
    /// as it is: the standing request is voided (kept, never deleted) so the
    /// verdict waits for review again, and `note` (what was done, or why the
    /// verdict stands) is appended to the claim's notes. Changing the verdict
    /// needs no call: it voids every standing review itself. Refuses when no
    /// request for changes stands on the current verdict.
    pub fn request_review_again(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        note: Option<&str>,
    ) -> Result<Committed> {
        let note = note.map(str::trim).unwrap_or("").to_string();
        let who = self.who.clone();
        self.mutate_claim(case, claim, Action::Review, |c, _| {
            let status = c.status.clone();
            let Some(r) = c
                .review
                .reviews
                .iter_mut()
                .rev()
                .find(|r| !r.voided && r.verdict == status)
                .filter(|r| r.decision == ReviewDecision::RequestChanges)
            else {
                return Err(OpsError::usage(
                    format!("{case}/{claim} has no request for changes to answer"),
                    None,
                ));
            };
            r.voided = true;
            let by = r.by.clone();
            let text = if note.is_empty() {
                format!("Asked {by} to review `{status}` again.")
            } else {
                format!("Asked {by} to review `{status}` again: {note}")
            };
            super::append_note(&mut c.notes, &text, &who, now());
            Ok(Change::new(
                format!("review: asked {by} again on `{status}`"),
                text,
            ))
        })
    }
}
