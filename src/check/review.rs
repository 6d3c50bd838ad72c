//! The `unreviewed-verdict` rule and the review state every view shares
//! (`check`, `status`, `show`, `claims`, `cases`, reports, the TUI):
//! [`ReviewState`] decides, [`ReviewSummary`] says who and what.

use super::diag::Diagnostic;
use super::rules::UNREVIEWED_VERDICT;
use super::Context;
use crate::model::{Case, Claim, ReviewDecision, Timestamp, VerdictScale};
use crate::store::{Doc, PathSeg::Key};
use serde::Serialize;
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

/// Where a claim's verdict stands in review, with who and what: the one
/// description `show`, `claims`, `cases`, their JSON, the reports and the
/// TUI all give, so an editor sees a reviewer's request wherever they work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum ReviewSummary {
    /// No verdict to review (open, working, or dismissed).
    NoVerdict,
    /// A verdict nobody else has reviewed yet.
    Waiting {
        /// Who set the verdict, when recorded.
        verdict_by: Option<String>,
    },
    /// An approval was voided because the verdict changed afterwards; the
    /// new verdict waits for review.
    Voided {
        /// Who gave the approval that no longer counts.
        approved_by: String,
        /// Who changed the verdict since, when recorded.
        verdict_by: Option<String>,
    },
    /// The latest review of this verdict asked for changes.
    ChangesRequested {
        /// Who asked.
        by: String,
        /// When.
        at: Timestamp,
        /// What to change.
        note: String,
    },
    /// Approved by someone other than the verdict's author.
    Approved {
        /// Who approved.
        by: String,
        /// When.
        at: Timestamp,
        /// Who set the verdict, when recorded.
        verdict_by: Option<String>,
    },
}

impl ReviewSummary {
    /// The review state of `claim` on `scale`, with who and what.
    pub fn of(claim: &Claim, scale: &VerdictScale) -> Self {
        if state(claim, scale) == ReviewState::NoVerdict {
            return Self::NoVerdict;
        }
        // The same decision as `check::review::state`, keeping the record.
        let r = &claim.review;
        match r.current(&claim.status) {
            Some(rec) if r.approved(&claim.status) => Self::Approved {
                by: rec.by.clone(),
                at: rec.at,
                verdict_by: r.verdict_by.clone(),
            },
            Some(rec) if rec.decision == ReviewDecision::RequestChanges => Self::ChangesRequested {
                by: rec.by.clone(),
                at: rec.at,
                note: rec.note.clone(),
            },
            _ => match r.reviews.last() {
                Some(last) if last.voided && last.decision == ReviewDecision::Approve => {
                    Self::Voided {
                        approved_by: last.by.clone(),
                        verdict_by: r.verdict_by.clone(),
                    }
                }
                _ => Self::Waiting {
                    verdict_by: r.verdict_by.clone(),
                },
            },
        }
    }

    /// True only for a standing approval: what may be published.
    pub fn is_approved(&self) -> bool {
        matches!(self, Self::Approved { .. })
    }

    /// True when there is a verdict that has no standing approval.
    pub fn is_unapproved(&self) -> bool {
        !matches!(self, Self::NoVerdict | Self::Approved { .. })
    }

    /// A short name for listings: `approved`, `changes-requested`,
    /// `voided`, `waiting`, or `-` when there is nothing to review.
    pub fn short(&self) -> &'static str {
        match self {
            Self::NoVerdict => "-",
            Self::Waiting { .. } => "waiting",
            Self::Voided { .. } => "voided",
            Self::ChangesRequested { .. } => "changes-requested",
            Self::Approved { .. } => "approved",
        }
    }

    /// One sentence for people: "changes requested by Rui: cite the ISW
    /// date", "approved by Rui on 2023-11-05". Raw text: callers escape it
    /// for their output.
    pub fn describe(&self) -> String {
        let by = |v: &Option<String>| {
            v.as_ref()
                .map_or(String::new(), |w| format!(" (verdict by {w})"))
        };
        match self {
            Self::NoVerdict => "no verdict to review".into(),
            Self::Waiting { verdict_by } => format!("waiting for review{}", by(verdict_by)),
            Self::Voided {
                approved_by,
                verdict_by,
            } => format!(
                "approval by {approved_by} voided: the verdict changed since{}; waiting for a new review",
                by(verdict_by)
            ),
            Self::ChangesRequested { by, at, note } => {
                let when = at.format("%Y-%m-%d");
                if note.trim().is_empty() {
                    format!("changes requested by {by} on {when}")
                } else {
                    format!("changes requested by {by} on {when}: {}", note.trim())
                }
            }
            Self::Approved { by: who, at, verdict_by } => {
                format!("approved by {who} on {}{}", at.format("%Y-%m-%d"), by(verdict_by))
            }
        }
    }
}

/// How many claims stand in each review state: the case list's count
/// ("2 changes requested").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReviewCounts {
    /// Verdicts approved by a second editor.
    pub approved: usize,
    /// Verdicts a reviewer sent back.
    pub changes_requested: usize,
    /// Verdicts whose approval a later change voided.
    pub voided: usize,
    /// Verdicts never reviewed.
    pub waiting: usize,
}

impl ReviewCounts {
    /// Counts the live (not dismissed) claims among `claims`.
    pub fn of<'a>(claims: impl IntoIterator<Item = &'a Claim>, scale: &VerdictScale) -> Self {
        Self::of_summaries(
            claims
                .into_iter()
                .map(|c| ReviewSummary::of(c, scale))
                .collect::<Vec<_>>()
                .iter(),
        )
    }

    /// Counts review states already worked out (the case index keeps them).
    pub fn of_summaries<'a>(summaries: impl IntoIterator<Item = &'a ReviewSummary>) -> Self {
        let mut n = Self::default();
        for s in summaries {
            match s {
                ReviewSummary::NoVerdict => {}
                ReviewSummary::Waiting { .. } => n.waiting += 1,
                ReviewSummary::Voided { .. } => n.voided += 1,
                ReviewSummary::ChangesRequested { .. } => n.changes_requested += 1,
                ReviewSummary::Approved { .. } => n.approved += 1,
            }
        }
        n
    }

    /// "2 changes requested, 1 voided, 3 waiting, 4 approved", leaving out
    /// zeros; empty when there is no verdict at all.
    pub fn describe(&self) -> String {
        [
            (self.changes_requested, "changes requested"),
            (self.voided, "voided"),
            (self.waiting, "waiting for review"),
            (self.approved, "approved"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
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

/// Why a case's verdicts must be approved now: the three knobs that
/// make `unreviewed-verdict` apply, named in its hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishGate {
    /// `check --publish`.
    Flag,
    /// `require_review: true` in factdesk.yaml.
    RequireReview,
    /// `publish: true` in the case's case.yaml.
    Marked,
}

impl PublishGate {
    /// The gate that applies to the case in `case_dir`, if any. `marked`:
    /// case.yaml's `publish` when the caller has already read it (`None`:
    /// read here, if it matters).
    pub fn of(ctx: &Context, case_dir: &Path, marked: Option<bool>) -> Option<Self> {
        if ctx.publish_all {
            Some(Self::Flag)
        } else if marked.unwrap_or_else(|| marked_for_publication(case_dir)) {
            Some(Self::Marked)
        } else if ctx.config.require_review {
            Some(Self::RequireReview)
        } else {
            None
        }
    }

    fn why(self) -> &'static str {
        match self {
            Self::Flag => "checking for publication (--publish)",
            Self::RequireReview => "factdesk.yaml sets `require_review: true`",
            Self::Marked => "the case is marked `publish: true`",
        }
    }
}

/// Under a [`PublishGate`], every verdict must have a standing approval by
/// someone other than whoever last changed it, whatever `require_review`
/// says.
pub fn check_review(
    ctx: &Context,
    doc: &Doc<Claim>,
    gate: Option<PublishGate>,
) -> Option<Diagnostic> {
    let claim = &doc.value;
    let gate = gate?;
    let r = &claim.review;
    let why = match state(claim, &ctx.config.verdict_scale) {
        ReviewState::NoVerdict | ReviewState::Approved { .. } => return None,
        ReviewState::Waiting => {
            let set_by = r
                .verdict_by
                .as_ref()
                .map_or(String::new(), |by| format!(" (set by {by})"));
            let voided = r
                .reviews
                .last()
                .filter(|l| l.voided && l.decision == ReviewDecision::Approve)
                .map_or(String::new(), |l| {
                    format!("; {}'s approval was voided when it changed", l.by)
                });
            format!(
                "verdict `{}`{set_by} has not been approved by a second editor{voided}",
                claim.status
            )
        }
        ReviewState::ChangesRequested { by } => {
            let note = r
                .current(&claim.status)
                .map(|x| x.note.trim())
                .filter(|n| !n.is_empty())
                .map_or(String::new(), |n| format!(": {}", crate::text::one_line(n)));
            format!("verdict `{}`: {by} asked for changes{note}", claim.status)
        }
    };
    let at = crate::store::yaml::locate(&doc.raw, &[Key("status")]);
    Some(
        Diagnostic::new(&UNREVIEWED_VERDICT, &doc.rel, at, why).hint(format!(
            "{}; another editor runs `factdesk review <case>/{} --approve`",
            gate.why(),
            claim.id
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Review, ReviewRecord};

    fn claim(status: &str, review: Review) -> Claim {
        let yaml = format!(
            "id: c01\nkind: event\ntext: x\nlocation:\n  line: 1\n  column: 1\n  start: 0\n  end: 1\nattribution: {{}}\nstatus: {status}\nchecklist:\n  id: general\n  sha256: ''\n  steps: []\n"
        );
        let mut c: Claim = crate::store::parse(&yaml).expect("claim");
        c.review = review;
        c
    }

    fn rec(by: &str, verdict: &str, decision: ReviewDecision, voided: bool) -> ReviewRecord {
        ReviewRecord {
            by: by.into(),
            at: chrono::DateTime::parse_from_rfc3339("2023-11-05T14:20:00+07:00").expect("time"),
            verdict: verdict.into(),
            decision,
            note: "why".into(),
            voided,
        }
    }

    /// A voided approval reads "voided"; a voided request for changes,
    /// answered by a new verdict, reads "waiting" for the new review.
    #[test]
    fn summary_tells_voided_from_waiting() {
        let scale = VerdictScale::default_scale();
        let review = |reviews| Review {
            verdict_by: Some("Ana".into()),
            verdict_at: None,
            reviews,
        };
        let c = claim(
            "false",
            review(vec![rec("Bo", "verified", ReviewDecision::Approve, true)]),
        );
        assert_eq!(
            ReviewSummary::of(&c, &scale),
            ReviewSummary::Voided {
                approved_by: "Bo".into(),
                verdict_by: Some("Ana".into())
            }
        );
        let c = claim(
            "false",
            review(vec![rec(
                "Bo",
                "verified",
                ReviewDecision::RequestChanges,
                true,
            )]),
        );
        assert!(matches!(
            ReviewSummary::of(&c, &scale),
            ReviewSummary::Waiting { .. }
        ));
        let c = claim(
            "false",
            review(vec![rec(
                "Bo",
                "false",
                ReviewDecision::RequestChanges,
                false,
            )]),
        );
        let s = ReviewSummary::of(&c, &scale);
        assert_eq!(s.describe(), "changes requested by Bo on 2023-11-05: why");
        assert!(s.is_unapproved() && !s.is_approved());
        let c = claim("in-progress", review(vec![]));
        assert_eq!(ReviewSummary::of(&c, &scale), ReviewSummary::NoVerdict);
        let counts = ReviewCounts::of([&c], &scale);
        assert_eq!(counts.describe(), "");
    }
}
