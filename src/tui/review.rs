//! Where a claim's verdict stands with review, as the TUI shows it: the
//! banner of the claim view, the marker of the claim list and the counts of
//! the case list all read [`of`], so they cannot disagree with each other
//! or with the CLI and the reports, which read the same
//! `check::review::ReviewSummary`. This adds only the TUI's markers and
//! counts.

pub use crate::check::review::ReviewSummary as Shown;
use crate::model::{Claim, VerdictScale};

/// The review of `c` on `scale`: the one description the CLI and the
/// reports give too.
pub fn of(c: &Claim, scale: &VerdictScale) -> Shown {
    Shown::of(c, scale)
}

/// One-column marker and word for lists: `⚑ changes`, `◆ approved`,
/// `◇ voided`, `◇ review` (waiting); `None` when there is nothing to
/// review.
pub fn marker(s: &Shown) -> Option<(&'static str, &'static str)> {
    match s {
        Shown::NoVerdict => None,
        Shown::ChangesRequested { .. } => Some(("⚑", "changes")),
        Shown::Approved { .. } => Some(("◆", "approved")),
        Shown::Voided { .. } => Some(("◇", "voided")),
        Shown::Waiting { .. } => Some(("◇", "review")),
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
            Shown::NoVerdict => {}
            Shown::ChangesRequested { .. } => self.changes += 1,
            Shown::Approved { .. } => self.approved += 1,
            Shown::Waiting { .. } | Shown::Voided { .. } => self.waiting += 1,
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
        let at = chrono::DateTime::parse_from_rfc3339("2023-11-05T11:01:00+07:00").unwrap();
        c.add(&Shown::Approved {
            by: "a".into(),
            at,
            verdict_by: None,
        });
        c.add(&Shown::Waiting { verdict_by: None });
        c.add(&Shown::NoVerdict);
        assert_eq!(c.text(), "◆1 approved · ◇1 to review");
        assert_eq!(marker(&Shown::NoVerdict), None);
        assert_eq!(
            marker(&Shown::Voided {
                approved_by: "x".into(),
                verdict_by: None
            }),
            Some(("◇", "voided"))
        );
    }
}
