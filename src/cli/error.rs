//! Errors at the binary's edge, modelled on jj's `cli/src/command_error.rs`:
//! an error has a [`ErrorKind`], which alone decides the exit code; the
//! underlying error with its `source()` chain, printed as "Caused by:"
//! lines; hints saying what to do next; and, for a refused change, the
//! `check` findings behind it.
//!
//! | kind | exit | when |
//! | --- | --- | --- |
//! | (none: success) | 0 | the command did what it was asked |
//! | [`Outcome::Findings`] or [`ErrorKind::Refused`] | 1 | `check` found problems, or a valid change was refused (nothing was written) |
//! | [`ErrorKind::Usage`] | 2 | the request is wrong: arguments, unknown case or claim, unreadable input, not a workspace |
//! | [`ErrorKind::Environment`] | 3 | the machine failed: I/O (disk full, permissions), git and libgit2, locks, the terminal |
//! | [`ErrorKind::BrokenPipe`] | 141 | the reader of standard output went away (`\| head`): quiet, like a Unix tool ended by SIGPIPE |
//! | [`ErrorKind::Internal`] | 255 | a bug in factdesk |

use super::strings;
use crate::check::Diagnostic;
use crate::git::GitError;
use crate::ops::{OpsError, Refusal};
use crate::store::StoreError;
use crate::text::one_line;
use std::error::Error;
use std::fmt;
use std::io::{self, Write};

/// Exit code: success, or `check` found nothing at error level.
pub const EXIT_OK: u8 = 0;
/// Exit code: `check` found problems, or a change was refused (invalid
/// result, busy repository, file changed on disk).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage, unknown case/claim, unreadable input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the machine refused: a lock held, a disk full, a read-only
/// `.git`, libgit2 failing, no usable terminal. Nothing was written; fix
/// the cause and rerun.
pub const EXIT_ENVIRONMENT: u8 = 3;
/// Exit code: standard output was closed by its reader (128 + SIGPIPE,
/// what a shell reports for git or cat in the same place). Nothing is
/// printed: stopping to read is not a failure the user needs told about.
pub const EXIT_BROKEN_PIPE: u8 = 141;
/// Exit code: a bug in factdesk.
pub const EXIT_BUG: u8 = 255;

/// How a command that ran to its end came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// The command worked and found problems (`check` findings, a sync
    /// conflict, unresolved merge conflicts): exit 1, so scripts and CI
    /// can gate on it.
    Findings,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Clean => EXIT_OK,
            Self::Findings => EXIT_FINDINGS,
        }
    }
}

/// What kind of failure; the exit code follows from it and from nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request is wrong: bad arguments, an unknown case, claim or
    /// step, unreadable input, not a workspace. Exit 2.
    Usage,
    /// A valid request that the newsroom's rules or the repository's state
    /// refuse: the result would not pass `check`, mid-merge, a hook said
    /// no, the file changed meanwhile. Nothing was written. Exit 1.
    Refused,
    /// The machine failed: I/O (disk full, permissions, read-only), git and
    /// libgit2, locks, signing, the terminal. Exit 3.
    Environment,
    /// The reader of standard output stopped reading. Exit 141, silently.
    BrokenPipe,
    /// A bug in factdesk. Exit 255.
    Internal,
}

impl ErrorKind {
    /// The process exit code of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Refused => EXIT_FINDINGS,
            Self::Usage => EXIT_USAGE,
            Self::Environment => EXIT_ENVIRONMENT,
            Self::BrokenPipe => EXIT_BROKEN_PIPE,
            Self::Internal => EXIT_BUG,
        }
    }
}

/// An error at the binary's edge: kind, the error itself (its `Display` is
/// the message, its `source()` chain the causes), hints and findings.
#[derive(Debug)]
pub struct CliError {
    /// Decides the exit code.
    pub kind: ErrorKind,
    error: Box<dyn Error + 'static>,
    /// What to do next, one line each.
    pub hints: Vec<String>,
    /// `check` findings behind a refusal.
    pub diagnostics: Vec<Diagnostic>,
}

/// A message of factdesk's own, optionally wrapping the error behind it.
#[derive(Debug)]
struct Message {
    text: String,
    source: Option<Box<dyn Error + 'static>>,
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Error for Message {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref()
    }
}

impl CliError {
    /// An error of `kind` whose message and causes are `error`'s.
    pub fn new(kind: ErrorKind, error: impl Error + 'static) -> Self {
        Self {
            kind,
            error: Box::new(error),
            hints: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// An error of `kind` saying `text`, with no cause behind it.
    pub fn msg(kind: ErrorKind, text: impl Into<String>) -> Self {
        Self::new(
            kind,
            Message {
                text: text.into(),
                source: None,
            },
        )
    }

    /// An error of `kind` saying `text`, caused by `source` (printed as
    /// "Caused by:").
    pub fn with_source(
        kind: ErrorKind,
        text: impl Into<String>,
        source: impl Error + 'static,
    ) -> Self {
        Self::new(
            kind,
            Message {
                text: text.into(),
                source: Some(Box::new(source)),
            },
        )
    }

    /// A usage error (exit 2).
    pub fn usage(text: impl Into<String>) -> Self {
        Self::msg(ErrorKind::Usage, text)
    }

    /// A refusal (exit 1).
    pub fn refused(text: impl Into<String>) -> Self {
        Self::msg(ErrorKind::Refused, text)
    }

    /// A bug (exit 255).
    pub fn internal(text: impl Into<String>) -> Self {
        Self::msg(ErrorKind::Internal, text)
    }

    /// A panic caught at the top: a bug (exit 255), its message above.
    pub fn panicked() -> Self {
        Self::internal(strings::BUG)
    }

    /// An OS error while doing `what` (e.g. "writing report.html"): the
    /// message reads "what: error"; a missing file is a usage error,
    /// anything else (permissions, a full disk) the environment's.
    pub fn io(what: impl fmt::Display, e: io::Error) -> Self {
        Self::with_source(io_kind(&e), format!("{what}: {e}"), e)
    }

    /// Writing the command's output failed: a closed pipe is the reader's
    /// choice (quiet), anything else (a full disk behind `>`) the machine's.
    pub fn output(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Self::new(ErrorKind::BrokenPipe, e)
        } else {
            Self::with_source(ErrorKind::Environment, strings::OUTPUT_FAILED, e)
        }
    }

    /// Adds a hint.
    pub fn hinted(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds the findings behind a refusal.
    pub fn with_diagnostics(mut self, d: impl IntoIterator<Item = Diagnostic>) -> Self {
        self.diagnostics.extend(d);
        self
    }

    /// The one-line message.
    pub fn message(&self) -> String {
        self.error.to_string()
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }

    /// The causes worth printing: each `source()` in turn, leaving out one
    /// whose text the lines above already contain (many messages quote
    /// their OS error).
    pub fn causes(&self) -> Vec<String> {
        let mut shown = vec![self.message()];
        let mut cause = self.error.source();
        while let Some(e) = cause {
            let text = e.to_string();
            if !text.is_empty() && !shown.iter().any(|s| s.contains(&text)) {
                shown.push(text);
            }
            cause = e.source();
        }
        shown.split_off(1)
    }

    /// Writes the error as the user sees it on stderr; a broken pipe
    /// writes nothing.
    pub fn print(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.kind == ErrorKind::BrokenPipe {
            return Ok(());
        }
        writeln!(w, "error: {}", one_line(&self.message()))?;
        for c in self.causes() {
            writeln!(w, "Caused by: {}", one_line(&c))?;
        }
        for d in &self.diagnostics {
            writeln!(
                w,
                "  {}:{}:{}: {}[{}]: {}",
                one_line(&d.file),
                d.line,
                d.column,
                d.level.as_str(),
                d.code,
                one_line(&d.message)
            )?;
            if let Some(h) = &d.hint {
                writeln!(w, "    hint: {}", one_line(h))?;
            }
        }
        for h in &self.hints {
            writeln!(w, "hint: {}", one_line(h))?;
        }
        Ok(())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl Error for CliError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}

/// The kind of an OS error: a name that does not exist is the user's
/// mistake; anything else (permissions, a full or read-only disk) the
/// machine's.
fn io_kind(e: &io::Error) -> ErrorKind {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound | K::IsADirectory | K::NotADirectory | K::InvalidInput | K::InvalidFilename => {
            ErrorKind::Usage
        }
        _ => ErrorKind::Environment,
    }
}

fn git_kind(e: &GitError) -> ErrorKind {
    if e.is_refusal() {
        ErrorKind::Refused
    } else if e.is_environment() || matches!(e, GitError::Lib(_)) {
        ErrorKind::Environment
    } else {
        // Not a repository, no identity, outside the work tree, an unknown
        // revision: the user can fix the request.
        ErrorKind::Usage
    }
}

fn store_kind(e: &StoreError) -> ErrorKind {
    match e {
        StoreError::ChangedOnDisk(_) => ErrorKind::Refused,
        StoreError::Io { source, .. } => io_kind(source),
        _ => ErrorKind::Usage,
    }
}

fn ops_kind(e: &OpsError) -> ErrorKind {
    match e {
        OpsError::Invalid { .. } | OpsError::Refused { .. } | OpsError::ChangedSinceOpened(_) => {
            ErrorKind::Refused
        }
        OpsError::Git(g) => git_kind(g),
        OpsError::Store(s) => store_kind(s),
        OpsError::NotFound { .. } | OpsError::Usage { .. } => ErrorKind::Usage,
        // An address that is not a web page is a request to fix; anything
        // the network or the server did is the machine's side.
        OpsError::Fetch(f) => match f.kind {
            crate::web::fetch::FetchErrorKind::BadUrl(_) => ErrorKind::Usage,
            _ => ErrorKind::Environment,
        },
        // A missing note or verdict is a request to fix, as before the
        // rules were typed.
        OpsError::Rule(
            Refusal::StepNeedsNote { .. }
            | Refusal::ChangesNeedNote
            | Refusal::NoVerdictToReview { .. }
            | Refusal::CopyOntoItself { .. },
        ) => ErrorKind::Usage,
        OpsError::Rule(
            Refusal::VerdictNeedsAttribution { .. }
            | Refusal::OwnVerdict { .. }
            | Refusal::NothingToCopy { .. }
            | Refusal::AlreadyCopied { .. },
        ) => ErrorKind::Refused,
    }
}

/// What to do after a rule's refusal, in the CLI's terms.
fn cli_hint(r: &Refusal) -> String {
    match r {
        Refusal::StepNeedsNote { .. } | Refusal::ChangesNeedNote => {
            super::strings::HINT_ADD_NOTE.into()
        }
        Refusal::VerdictNeedsAttribution { .. } => {
            super::strings::HINT_SET_ATTRIBUTION_FIRST.into()
        }
        Refusal::NoVerdictToReview { claim, .. } => {
            format!("set one first: factdesk set {claim} --status …")
        }
        Refusal::OwnVerdict { .. } => super::strings::HINT_ASK_A_COLLEAGUE.into(),
        Refusal::NothingToCopy { from } => {
            format!("`factdesk show {from}` lists its evidence (withdrawn items are not copied)")
        }
        Refusal::AlreadyCopied { to, .. } => format!("`factdesk show {to}` lists them"),
        Refusal::CopyOntoItself { .. } => super::strings::HINT_COPY_FROM.into(),
    }
}

impl From<OpsError> for CliError {
    fn from(e: OpsError) -> Self {
        let kind = ops_kind(&e);
        let hints = match &e {
            OpsError::Rule(r) => vec![cli_hint(r)],
            _ => e.hint().into_iter().collect(),
        };
        let diagnostics = match &e {
            OpsError::Invalid { diagnostics, .. } => diagnostics.clone(),
            _ => Vec::new(),
        };
        Self {
            hints,
            diagnostics,
            ..Self::new(kind, e)
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        OpsError::from(e).into()
    }
}

impl From<GitError> for CliError {
    fn from(e: GitError) -> Self {
        OpsError::from(e).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_from_kinds() {
        let codes: Vec<u8> = [
            ErrorKind::Refused,
            ErrorKind::Usage,
            ErrorKind::Environment,
            ErrorKind::BrokenPipe,
            ErrorKind::Internal,
        ]
        .iter()
        .map(|k| k.exit_code())
        .collect();
        assert_eq!(codes, [1, 2, 3, 141, 255]);
        assert_eq!(Outcome::Clean.exit_code(), 0);
        assert_eq!(Outcome::Findings.exit_code(), 1);
    }

    #[test]
    fn causes_are_printed_once_under_the_message() {
        let io = io::Error::new(io::ErrorKind::StorageFull, "No space left on device");
        let e = CliError::with_source(ErrorKind::Environment, "cannot write the output", io)
            .hinted("free some space");
        let mut buf = Vec::new();
        e.print(&mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "error: cannot write the output\nCaused by: No space left on device\nhint: free some space\n"
        );
        // A cause the message already quotes is not repeated.
        let io = io::Error::new(io::ErrorKind::PermissionDenied, "denied");
        let e = CliError::from(StoreError::Io {
            path: "x".into(),
            source: io,
        });
        assert_eq!(e.kind, ErrorKind::Environment);
        assert_eq!(e.message(), "x: denied");
        assert!(e.causes().is_empty());
    }

    #[test]
    fn broken_pipe_prints_nothing() {
        let e = CliError::output(io::Error::from(io::ErrorKind::BrokenPipe));
        let mut buf = Vec::new();
        e.print(&mut buf).unwrap();
        assert!(buf.is_empty());
        assert_eq!(e.exit_code(), 141);
        let full = CliError::output(io::Error::from(io::ErrorKind::StorageFull));
        assert_eq!(full.exit_code(), 3);
    }

    #[test]
    fn git_errors_by_kind() {
        assert_eq!(CliError::from(GitError::Detached).exit_code(), 1);
        assert_eq!(CliError::from(GitError::NoIdentity).exit_code(), 2);
    }
}
