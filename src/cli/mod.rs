//! The command line: argument parsing ([`args`]), one `cmd_*` function per
//! command in a module per group, and [`run`], which only dispatches.
//! Every string from a file or an article is sanitised before it reaches
//! the terminal.
//!
//! | module | commands |
//! | --- | --- |
//! | `intake` | `init`, `new`, `propose` |
//! | `claims` | `cases`, `claims`, `show` |
//! | `mutate` | `set`, `step`, `evidence add`, `assign`, `claim add`, `claim dismiss`, `review` |
//! | `check` | `check` |
//! | `team` | `log`, `diff`, `status`, `sync`, `conflicts`, `resolve` |
//! | `publish` | `report`, `export` |
//! | `tui` | `tui`, and no command at all |

mod args;
mod check;
mod claims;
mod intake;
mod mutate;
mod publish;
mod strings;
mod team;
mod tui;

pub use args::*;
pub use claims::claim_json;

use crate::model::{CaseId, ClaimId};
use crate::ops::{self, OpsError, Session};
use crate::store::{self, Workspace};
use crate::text::one_line;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Exit code: success, or `check` found nothing at error level.
pub const EXIT_OK: u8 = 0;
/// Exit code: `check` found problems, or a change was refused (invalid
/// result, busy repository, file changed on disk).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage, unknown case/claim, unreadable file.
pub const EXIT_USAGE: u8 = 2;
/// The machine refused: a lock held, a disk full, a read-only `.git`, a
/// signing program missing. Nothing was written; fix the cause and rerun.
pub const EXIT_ENVIRONMENT: u8 = 3;
/// Exit code: a bug in factdesk.
pub const EXIT_BUG: u8 = 255;

/// An error at the binary edge: message, optional hint, exit code, and
/// diagnostics to print (for refused changes).
#[derive(Debug)]
pub struct CliError {
    /// One line.
    pub message: String,
    /// What to do next.
    pub hint: Option<String>,
    /// Process exit code.
    pub code: u8,
    /// Findings behind a refusal.
    pub diagnostics: Vec<crate::check::Diagnostic>,
}

impl From<OpsError> for CliError {
    fn from(e: OpsError) -> Self {
        let hint = e.hint();
        let code = match &e {
            OpsError::Invalid { .. } | OpsError::Refused { .. } => EXIT_FINDINGS,
            OpsError::Git(g) if g.is_refusal() => EXIT_FINDINGS,
            OpsError::Git(g) if g.is_environment() => EXIT_ENVIRONMENT,
            OpsError::Store(store::StoreError::ChangedOnDisk(_))
            | OpsError::ChangedSinceOpened(_) => EXIT_FINDINGS,
            _ => EXIT_USAGE,
        };
        let diagnostics = match &e {
            OpsError::Invalid { diagnostics, .. } => diagnostics.clone(),
            _ => Vec::new(),
        };
        Self {
            message: e.to_string(),
            hint,
            code,
            diagnostics,
        }
    }
}

impl From<store::StoreError> for CliError {
    fn from(e: store::StoreError) -> Self {
        OpsError::from(e).into()
    }
}

impl From<crate::git::GitError> for CliError {
    fn from(e: crate::git::GitError) -> Self {
        OpsError::from(e).into()
    }
}

fn usage(message: impl Into<String>, hint: Option<&str>) -> CliError {
    CliError {
        message: message.into(),
        hint: hint.map(String::from),
        code: EXIT_USAGE,
        diagnostics: Vec::new(),
    }
}

type CliResult = Result<u8, CliError>;

/// Where output goes, and whether it may be coloured.
pub struct Out<'a> {
    w: &'a mut dyn Write,
    color: bool,
}

impl Out<'_> {
    fn line(&mut self, s: &str) {
        let _ = writeln!(self.w, "{s}");
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub fn want_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `--no-verify`, set once by [`run`] for every session it opens.
static NO_VERIFY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The workspace containing the current directory (after `-C`). A change
/// a killed factdesk command left half-done is finished or undone first,
/// so that nothing reads a half-written workspace.
pub(crate) fn workspace() -> Result<Workspace, CliError> {
    let ws = Workspace::discover(Path::new("."))?;
    crate::git::txn::recover_if_needed(ws.root(), &|m| eprintln!("{}", one_line(m)))?;
    Ok(ws)
}

/// The workspace, opened for changes.
pub(crate) fn session() -> Result<Session, CliError> {
    let mut s = Session::open(workspace()?)?;
    s.no_verify = NO_VERIFY.load(std::sync::atomic::Ordering::Relaxed);
    Ok(s)
}

fn parse_case(s: &str) -> Result<CaseId, CliError> {
    CaseId::new(s.trim_end_matches('/'))
        .map_err(|e| usage(e.to_string(), Some(strings::HINT_CASES)))
}

fn parse_claim_ref(s: &str) -> Result<(CaseId, ClaimId), CliError> {
    let Some((case, claim)) = s.trim_end_matches('/').rsplit_once('/') else {
        return Err(usage(
            format!("`{s}` is not CASE/CLAIM"),
            Some(strings::HINT_CLAIM_REF),
        ));
    };
    let claim = ClaimId::new(claim).map_err(|e| usage(e.to_string(), None))?;
    Ok((parse_case(case.rsplit('/').next().unwrap_or(case))?, claim))
}

/// `CASE` or `CASE/CLAIM`, as `assign`, `log` and `tui` take it.
fn parse_target(s: &str) -> Result<(CaseId, Option<ClaimId>), CliError> {
    if s.trim_end_matches('/').contains('/') {
        let (case, claim) = parse_claim_ref(s)?;
        Ok((case, Some(claim)))
    } else {
        Ok((parse_case(s)?, None))
    }
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

/// Notices go to stderr, so stdout stays the command's result.
fn print_notices(c: &ops::Committed) {
    for n in &c.notices {
        eprintln!("factdesk: {}", one_line(n));
    }
}

fn committed(out: &mut Out<'_>, c: ops::Committed) -> CliResult {
    print_notices(&c);
    out.line(&format!(
        "{} (commit {})",
        one_line(&c.subject),
        short(&c.commit)
    ));
    Ok(EXIT_OK)
}

/// Runs the parsed command, writing output to `w`.
pub fn run(cli: Cli, w: &mut dyn Write) -> CliResult {
    let color = want_color();
    let mut out = Out { w, color };
    NO_VERIFY.store(cli.no_verify, std::sync::atomic::Ordering::Relaxed);
    // Like `git -C`: every path, including ARTICLE and check's PATHs, is
    // then relative to DIR.
    if let Some(d) = &cli.dir {
        std::env::set_current_dir(d)
            .map_err(|e| usage(format!("-C {}: {e}", d.display()), None))?;
    }
    let out = &mut out;
    match cli.command {
        None => tui::cmd_default(),
        Some(command) => match command {
            Command::Init(a) => intake::cmd_init(a, cli.no_verify, out),
            Command::New(a) => intake::cmd_new(a, out),
            Command::Propose(a) => intake::cmd_propose(a, out),
            Command::Cases(a) => claims::cmd_cases(a, out),
            Command::Claims(a) => claims::cmd_claims(a, out),
            Command::Show(a) => claims::cmd_show(a, out),
            Command::Set(a) => mutate::cmd_set(a, out),
            Command::Step(a) => mutate::cmd_step(a, out),
            Command::Evidence(EvidenceCmd::Add(a)) => mutate::cmd_evidence_add(a, out),
            Command::Assign(a) => mutate::cmd_assign(a, out),
            Command::Claim(ClaimCmd::Add(a)) => mutate::cmd_claim_add(a, out),
            Command::Claim(ClaimCmd::Dismiss(a)) => mutate::cmd_claim_dismiss(a, out),
            Command::Review(a) => mutate::cmd_review(a, out),
            Command::Check(a) => check::cmd_check(a, out),
            Command::Tui(a) => tui::cmd_tui(a),
            Command::Log(a) => team::cmd_log(a, out),
            Command::Diff(a) => team::cmd_diff(a, out),
            Command::Status(a) => team::cmd_status(a, out),
            Command::Sync(a) => team::cmd_sync(a, out),
            Command::Conflicts(a) => team::cmd_conflicts(a, out),
            Command::Resolve(a) => team::cmd_resolve(a, out),
            Command::Report(a) => publish::cmd_report(a, out),
            Command::Export(a) => publish::cmd_export(a, out),
        },
    }
}
