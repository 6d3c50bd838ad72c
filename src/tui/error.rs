//! The TUI's one error type. Everything that can go wrong on the way to a
//! screen (opening a case, reading history, the terminal, `$EDITOR`, a form
//! that cannot be saved) is a variant, so callers can tell them apart;
//! `Display` gives the one line the user reads, the same words as before.

use crate::git::GitError;
use crate::model::{CaseId, ClaimId};
use crate::ops::OpsError;
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
}
