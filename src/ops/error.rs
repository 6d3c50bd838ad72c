//! The error type of the operations layer, which decides what the user sees
//! and which exit code follows.

use crate::check::Diagnostic;
use crate::git::GitError;
use crate::model::StepState;
use crate::store::StoreError;

/// A refusal by one of the newsroom's rules, typed rather than worded, so
/// each face says what to do in its own terms (options in the CLI, keys in
/// the TUI). `Display` is the neutral sentence both can show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A required step skipped or marked not applicable without a note:
    /// waving a step through must leave a reason behind.
    #[error("`{step}` is a required step: {} needs a note saying why", doing(*.state))]
    StepNeedsNote {
        /// The step id.
        step: String,
        /// `Skipped` or `NotApplicable`.
        state: StepState,
    },
    /// A verdict that needs the attribution decided (`verdicts_need_attribution`
    /// in factdesk.yaml) while the attribution is still `unchecked`.
    #[error("verdict `{verdict}` needs the attribution decided first (it is still unchecked): did the cited source say it?")]
    VerdictNeedsAttribution {
        /// The verdict asked for.
        verdict: String,
    },
    /// A request for changes without a note saying what to change.
    #[error("asking for changes needs a note saying what to change")]
    ChangesNeedNote,
    /// A review of a claim that has no verdict (open or working status).
    #[error("{claim} has no verdict to review yet (status `{status}`)")]
    NoVerdictToReview {
        /// `case/claim`.
        claim: String,
        /// Its status.
        status: String,
    },
    /// A review by the verdict's own author.
    #[error("you ({who}) set the verdict `{status}` of {claim}; a second editor must review it")]
    OwnVerdict {
        /// The reviewer, who is also the verdict's author.
        who: String,
        /// The verdict.
        status: String,
        /// `case/claim`.
        claim: String,
    },
    /// `evidence copy` from a claim with no evidence that stands (none,
    /// or all withdrawn): there is nothing to reuse.
    #[error("{from} has no evidence to copy (no item, or every item withdrawn)")]
    NothingToCopy {
        /// `case/claim` of the source.
        from: String,
    },
    /// `evidence copy` when every item is already on the target (the same
    /// address or the same stored file): a second copy would only count twice.
    #[error("every evidence item of {from} is already on {to} (same address or file)")]
    AlreadyCopied {
        /// The source: `case/claim` or a fact-check's address.
        from: String,
        /// `case/claim` of the target.
        to: String,
    },
    /// `evidence copy` from a claim to itself.
    #[error("{claim} cannot copy evidence from itself")]
    CopyOntoItself {
        /// `case/claim`.
        claim: String,
    },
}

fn doing(s: StepState) -> &'static str {
    match s {
        StepState::NotApplicable => "marking it not applicable",
        _ => "skipping it",
    }
}

impl Refusal {
    /// What to do, in words that name no command or key.
    pub fn neutral_hint(&self) -> &'static str {
        match self {
            Self::StepNeedsNote { .. } => "give a note saying why",
            Self::VerdictNeedsAttribution { .. } => {
                "decide the attribution first: confirmed, not-found, misattributed or not-applicable"
            }
            Self::ChangesNeedNote => "say what to change in the note",
            Self::NoVerdictToReview { .. } => "set a verdict first",
            Self::OwnVerdict { .. } => "ask a colleague to review it",
            Self::NothingToCopy { .. } => "pick an earlier claim that has evidence, or add evidence",
            Self::AlreadyCopied { .. } => "nothing is missing: the claim already has these items",
            Self::CopyOntoItself { .. } => "name another claim as the source",
        }
    }
}

/// Why an operation did not happen. In every case nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// Reading or writing workspace files failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Git refused or failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// The change would leave a file that `check` rejects, or the file
    /// already has invalid hand edits.
    #[error("{summary}")]
    Invalid {
        /// One line saying what was refused.
        summary: String,
        /// The findings that caused the refusal.
        diagnostics: Vec<Diagnostic>,
    },
    /// A case, claim, step or file named by the user does not exist.
    #[error("{what}")]
    NotFound {
        /// What was not found.
        what: String,
        /// What to do instead.
        hint: Option<String>,
    },
    /// A rule of the newsroom's process forbids the change (for example
    /// reviewing one's own verdict).
    #[error("{what}")]
    Refused {
        /// What was refused and why.
        what: String,
        /// What to do instead.
        hint: Option<String>,
    },
    /// The claim changed after the editor saw it (see `Session::seen`):
    /// the change was chosen from content that is no longer there.
    #[error("{0} changed since you opened it; nothing was written")]
    ChangedSinceOpened(String),
    /// A rule refused the change; see [`Refusal`].
    #[error(transparent)]
    Rule(#[from] Refusal),
    /// A page could not be fetched (network, status, limits): nothing was
    /// written. The message says what to do on the same line.
    #[error(transparent)]
    Fetch(#[from] crate::web::fetch::FetchError),
    /// The request itself is wrong (bad value, conflicting options).
    #[error("{what}")]
    Usage {
        /// What is wrong.
        what: String,
        /// How to ask correctly.
        hint: Option<String>,
    },
}

impl OpsError {
    /// A usage error with a hint.
    pub fn usage(what: impl Into<String>, hint: Option<String>) -> Self {
        Self::Usage {
            what: what.into(),
            hint,
        }
    }

    /// A refusal by a process rule, with a hint.
    pub fn refused(what: impl Into<String>, hint: Option<String>) -> Self {
        Self::Refused {
            what: what.into(),
            hint,
        }
    }

    /// A not-found error with a hint.
    pub fn not_found(what: impl Into<String>, hint: Option<String>) -> Self {
        Self::NotFound {
            what: what.into(),
            hint,
        }
    }

    /// The "what to do next" line, if there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Self::NotFound { hint, .. } | Self::Usage { hint, .. } | Self::Refused { hint, .. } => {
                hint.clone()
            }
            Self::Rule(r) => Some(r.neutral_hint().into()),
            Self::ChangedSinceOpened(_) => {
                Some("look at the new version and make the change again if it still applies".into())
            }
            Self::Invalid { .. } => {
                Some("run `factdesk check` for the full list; nothing was written".into())
            }
            Self::Store(StoreError::NotAWorkspace(_)) => {
                Some("run `factdesk init` to create a workspace, or cd into one".into())
            }
            _ => None,
        }
    }
}
