//! Where a claim's verdict stands with review, as the TUI shows it: the
//! banner of the claim view, the marker of the claim list and the counts of
//! the case list all read [`of`], so they cannot disagree. The decision
//! itself is `check::review::state`; this adds what the editor needs to
//! answer (the reviewer's note, and whether an approval was voided).

use crate::check::review::{state, ReviewState};
use crate::model::{Claim, ReviewDecision, Timestamp, VerdictScale};

/// A claim's review, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// No verdict yet (or dismissed): nothing to review.
    None,
    /// A verdict nobody else has approved yet. `voided` names the reviewer
    /// whose approval a later verdict change voided, if one did.
    Waiting { voided: Option<String> },
    /// The standing review asks for changes.
    Changes {
        by: String,
        at: Timestamp,
        note: String,
    },
    /// Approved by someone other than its author.
    Approved { by: String },
}

/// The review of `c` on `scale`.
pub fn of(c: &Claim, scale: &VerdictScale) -> Shown {
    match state(c, scale) {
        ReviewState::NoVerdict => Shown::None,
        ReviewState::Approved { by } => Shown::Approved { by },
        ReviewState::ChangesRequested { by } => match c.review.current(&c.status) {
            Some(r) => Shown::Changes {
                by,
                at: r.at,
                note: r.note.clone(),
            },
            // `state` read the same record: unreachable, but never panic.
            None => Shown::Waiting { voided: None },
        },
        ReviewState::Waiting => Shown::Waiting {
            voided: c
                .review
                .reviews
                .iter()
                .rev()
                .find(|r| r.voided && r.decision == ReviewDecision::Approve)
                .map(|r| r.by.clone()),
        },
    }
}

/// One-column marker and word for lists: `⚑ changes`, `◆ approved`,
/// `◇ voided`, `◇ review` (waiting); `None` when there is nothing to
/// review.
pub fn marker(s: &Shown) -> Option<(&'static str, &'static str)> {
    match s {
        Shown::None => None,
        Shown::Changes { .. } => Some(("⚑", "changes")),
        Shown::Approved { .. } => Some(("◆", "approved")),
        Shown::Waiting { voided: Some(_) } => Some(("◇", "voided")),
        Shown::Waiting { voided: None } => Some(("◇", "review")),
    }
}

/// Review counts of a case, for the case list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub changes: usize,
    pub approved: usize,
    pub waiting: usize,
}

impl Counts {
    /// Adds one claim's review.
    pub fn add(&mut self, s: &Shown) {
        match s {
            Shown::None => {}
            Shown::Changes { .. } => self.changes += 1,
            Shown::Approved { .. } => self.approved += 1,
            Shown::Waiting { .. } => self.waiting += 1,
        }
    }

    /// "⚑1 changes requested · ◆2 approved · ◇3 to review",
    /// leaving out zeros; empty when nothing has a verdict.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if self.changes > 0 {
            parts.push(format!("⚑{} changes requested", self.changes));
        }
        if self.approved > 0 {
            parts.push(format!("◆{} approved", self.approved));
        }
        if self.waiting > 0 {
            parts.push(format!("◇{} to review", self.waiting));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_well_and_leave_out_zeros() {
        let mut c = Counts::default();
        assert_eq!(c.text(), "");
        c.add(&Shown::Approved { by: "a".into() });
        c.add(&Shown::Waiting { voided: None });
        c.add(&Shown::None);
        assert_eq!(c.text(), "◆1 approved · ◇1 to review");
        assert_eq!(marker(&Shown::None), None);
        assert_eq!(
            marker(&Shown::Waiting {
                voided: Some("x".into())
            }),
            Some(("◇", "voided"))
        );
    }
}
