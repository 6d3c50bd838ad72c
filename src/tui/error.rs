//! The TUI's one error type. Everything that can go wrong on the way to a
//! screen (opening a case, reading history, the terminal, `$EDITOR`, a form
//! that cannot be saved) is a variant, so callers can tell them apart;
//! `Display` gives the one line the user reads, the same words as before.

use crate::git::GitError;
use crate::model::{CaseId, ClaimId};
use crate::ops::{OpsError, Refusal};
use std::io;
use std::process::ExitStatus;

/// What went wrong in the TUI.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A factdesk operation failed; shown on one line with its hint.
    #[error("{}", ops_line(.0))]
    Ops(#[from] OpsError),
    /// Git history could not be read.
    #[error("{0}")]
    History(#[from] GitError),
    /// The terminal could not be set up, drawn on or read.
    #[error("{0}")]
    Terminal(io::Error),
    /// A file of the TUI's own (the note handed to `$EDITOR`).
    #[error("{0}")]
    Io(#[from] io::Error),
    /// `$EDITOR` could not be started.
    #[error("could not start `{editor}`: {source}")]
    EditorStart {
        /// The command that was run.
        editor: String,
        /// Why it did not start.
        source: io::Error,
    },
    /// `$EDITOR` failed; the field keeps its text.
    #[error("`{editor}` exited with {status}; the note was not changed")]
    EditorFailed {
        /// The command that was run.
        editor: String,
        /// How it exited.
        status: ExitStatus,
    },
    /// The claim asked for (`factdesk tui CASE/CLAIM`) is not in the case.
    #[error("case {case} has no claim {claim}")]
    NoSuchClaim {
        /// The case that was opened.
        case: CaseId,
        /// The claim it does not have.
        claim: ClaimId,
    },
    /// A form that cannot be saved as typed; the words say why.
    #[error("{0}")]
    Form(&'static str),
}

/// The CLI reports TUI errors as text (`cli::usage` takes `Into<String>`).
impl From<Error> for String {
    fn from(e: Error) -> Self {
        e.to_string()
    }
}

/// One line for an ops error, with its hint and how many more problems
/// there were, made safe for the terminal.
pub fn ops_line(e: &OpsError) -> String {
    let mut s = crate::text::one_line(&e.to_string());
    if let OpsError::Invalid { diagnostics, .. } = e {
        if diagnostics.len() > 1 {
            s.push_str(&format!(" (+{} more)", diagnostics.len() - 1));
        }
    }
    if let Some(h) = e.hint() {
        s.push_str(" — ");
        s.push_str(&crate::text::one_line(&h));
    }
    s
}

/// What `ops` said, without its own "refused: " (the TUI says that once,
/// where it shows the reason), on one line and safe for the terminal.
pub fn reason(e: &OpsError) -> String {
    let s = crate::text::one_line(&e.to_string());
    match s.strip_prefix("refused: ") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// One line for an ops error in the TUI: the reason, and what to do next
/// said in keys. `ops` words its hints for the command line (`add --note
/// …`, `factdesk set …`); those are translated here or left out, because
/// the TUI speaks in keys, never in commands.
pub fn tui_line(e: &OpsError) -> String {
    let mut s = reason(e);
    if let OpsError::Invalid { diagnostics, .. } = e {
        if diagnostics.len() > 1 {
            s.push_str(&format!(" (+{} more)", diagnostics.len() - 1));
        }
    }
    // A rule's own hint says what to do about it; the generic one of a
    // refused change only says nothing was written.
    let rule_hint = match e {
        OpsError::Invalid { diagnostics, .. } => diagnostics.first().and_then(|d| d.hint.clone()),
        _ => None,
    };
    let hint = match e {
        OpsError::Rule(r) => Some(refusal_hint(r).to_string()),
        _ => rule_hint.or_else(|| e.hint()).and_then(|h| tui_hint(&h)),
    };
    if let Some(h) = hint {
        s.push_str(" — ");
        s.push_str(&h);
    }
    s
}

/// What to do after a typed refusal, said in keys.
fn refusal_hint(r: &Refusal) -> &'static str {
    use super::strings as S;
    match r {
        Refusal::StepNeedsNote { .. } | Refusal::ChangesNeedNote => S::HINT_NOTE,
        Refusal::VerdictNeedsAttribution { .. } => S::HINT_ATTRIBUTION_FIRST,
        Refusal::NoVerdictToReview { .. } => S::HINT_VERDICT_FIRST,
        Refusal::OwnVerdict { .. } => S::HINT_REVIEWER,
        // Said without keys: the copy is offered by the "seen before" panel.
        Refusal::NothingToCopy { .. }
        | Refusal::AlreadyCopied { .. }
        | Refusal::CopyOntoItself { .. } => r.neutral_hint(),
    }
}

/// A command-line hint said in keys; `None` when it has no TUI meaning.
pub fn tui_hint(hint: &str) -> Option<String> {
    use super::strings as S;
    let h = crate::text::one_line(hint);
    let mapped = if h.contains("--note") {
        S::HINT_NOTE
    } else if h.contains("factdesk set") && h.contains("--status") {
        S::HINT_VERDICT_FIRST
    } else if h.contains("factdesk review") {
        S::HINT_REVIEWER
    } else if h.contains("factdesk step") {
        S::HINT_STEPS
    } else if h.contains("claim restore") {
        S::HINT_RESTORE
    } else if h.contains("corrected item") {
        S::HINT_ADD_CORRECTED
    } else if h.contains("factdesk evidence") {
        S::HINT_EVIDENCE
    } else if h.contains("--reason") {
        S::HINT_REASON
    } else if h.contains("--occurrence") || h.contains("--text") {
        S::HINT_SPAN
    } else if h.contains("factdesk check") {
        S::HINT_NOTHING_WRITTEN
    } else if h.contains("factdesk conflicts") {
        S::HINT_CONFLICTS
    } else if h.contains("factdesk") || h.contains("--") {
        return None;
    } else {
        return Some(h);
    };
    Some(mapped.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_before() {
        let e = Error::NoSuchClaim {
            case: CaseId::new("a-case").expect("valid id"),
            claim: ClaimId::from_number(7),
        };
        assert_eq!(String::from(e), "case a-case has no claim c07");
        let e = Error::EditorStart {
            editor: "nano".into(),
            source: io::Error::new(io::ErrorKind::NotFound, "not found"),
        };
        assert_eq!(e.to_string(), "could not start `nano`: not found");
        assert_eq!(
            Error::Form("the URL is required").to_string(),
            "the URL is required"
        );
    }

    /// Regression (issue 9): "✗ refused: refused: verdict …" and CLI
    /// wording ("add --note …", "set one first: factdesk set …") in the TUI.
    #[test]
    fn ops_errors_read_in_keys_with_one_refused() {
        let e = OpsError::Invalid {
            summary: "refused: verdict `verified` needs at least one evidence item".into(),
            diagnostics: Vec::new(),
        };
        assert_eq!(
            tui_line(&e),
            "verdict `verified` needs at least one evidence item — nothing was written"
        );
        let e = OpsError::usage(
            "c01 has no verdict to review yet",
            Some("set one first: factdesk set a/c01 --status …".into()),
        );
        let line = tui_line(&e);
        assert!(line.ends_with("pick a verdict first (v)"), "{line}");
        let e = OpsError::usage(
            "asking for changes needs a note",
            Some("add --note \"…\"".into()),
        );
        let line = tui_line(&e);
        assert!(
            !line.contains("--") && !line.contains("factdesk "),
            "{line}"
        );
        let e = OpsError::usage("x", Some("give --status, --attribution".into()));
        assert_eq!(tui_line(&e), "x");
        let e = OpsError::usage("x", Some("plain advice".into()));
        assert_eq!(tui_line(&e), "x — plain advice");
    }

    /// Issue 9: the hints of dismissing twice and of correcting a
    /// withdrawn item name CLI commands; the TUI says them in keys.
    #[test]
    fn restore_and_evidence_hints_read_in_keys() {
        use crate::tui::strings as S;
        let e = OpsError::refused(
            "a/c03 is already dismissed by Ed on 2024-01-01",
            Some(
                "the first reason is kept; `factdesk claim restore a/c03` undoes the dismissal"
                    .into(),
            ),
        );
        let line = tui_line(&e);
        assert!(line.ends_with(S::HINT_RESTORE), "{line}");
        let e = OpsError::refused(
            "evidence 1 of a/c01 was withdrawn",
            Some("add the corrected item with `factdesk evidence add a/c01 …`".into()),
        );
        let line = tui_line(&e);
        assert!(line.ends_with(S::HINT_ADD_CORRECTED), "{line}");
        assert!(!line.contains("factdesk "), "{line}");
    }
}
