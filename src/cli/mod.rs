//! The command line: argument parsing ([`args`]), one `cmd_*` function per
//! command in a module per group, and [`run`], which only dispatches.
//! Every string from a file or an article is sanitised before it reaches
//! the terminal.
//!
//! | module | commands |
//! | --- | --- |
//! | `intake` | `init`, `new`, `propose` |
//! | `claims` | `cases`, `claims`, `show` |
//! | `mutate` | `set`, `step`, `evidence add|edit|withdraw|copy`, `assign`, `claim add`, `claim dismiss`, `review` |
//! | `check` | `check` |
//! | `team` | `log`, `diff`, `status`, `sync`, `conflicts`, `resolve` |
//! | `publish` | `report`, `export` |
//! | `seen` | `similar`, `search` (and the matches `new` and `propose` list) |
//! | `import` | `import claimreview` |
//! | `tui` | `tui`, and no command at all |

mod args;
mod check;
mod claims;
mod error;
mod import;
mod intake;
mod links;
mod mutate;
mod out;
mod progress;
mod publish;
mod seen;
mod strings;
mod team;
mod tui;

pub use args::*;
pub use claims::claim_json;
pub use error::{
    CliError, ErrorKind, Outcome, EXIT_BROKEN_PIPE, EXIT_BUG, EXIT_ENVIRONMENT, EXIT_FINDINGS,
    EXIT_OK, EXIT_USAGE,
};
pub use out::{note, want_color, Out};

use crate::model::{CaseId, ClaimId};
use crate::ops::{self, Session};
use crate::store::Workspace;
use crate::text::one_line;
use std::io::Write;
use std::path::Path;

/// What a command returns: how it came out, or why it failed.
pub type CliResult = Result<Outcome, CliError>;

/// `--no-verify`, set once by [`run`] for every session it opens.
static NO_VERIFY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The workspace containing the current directory (after `-C`). A change
/// a killed factdesk command left half-done is finished or undone first,
/// so that nothing reads a half-written workspace.
pub(crate) fn workspace() -> Result<Workspace, CliError> {
    let ws = Workspace::discover(Path::new("."))?;
    crate::git::txn::recover_if_needed(ws.root(), &|m| note(&one_line(m)))?;
    Ok(ws)
}

/// The workspace, opened for changes.
pub(crate) fn session() -> Result<Session, CliError> {
    let mut s = Session::open(workspace()?)?;
    s.no_verify = NO_VERIFY.load(std::sync::atomic::Ordering::Relaxed);
    Ok(s)
}

/// A bare `CASE` argument: exactly one case id (one trailing `/` allowed,
/// as shells complete folders). Ids are validated here, not only folded
/// into paths, so `../x`, `/etc/x` or `cases/x` can never name a folder
/// outside `cases/` nor another workspace's case.
fn parse_case(s: &str) -> Result<CaseId, CliError> {
    let bare = s.strip_suffix('/').unwrap_or(s);
    CaseId::new(bare).map_err(|_| {
        CliError::usage(format!(
            "`{}` is not a case id: {}",
            one_line(s),
            strings::EXPECTED_CASE
        ))
        .hinted(strings::HINT_CASES)
    })
}

/// `CASE/CLAIM`: exactly two components, each a valid id. Anything else
/// (`..`, an absolute path, extra folders such as `cases/C/c01`) is a usage
/// error naming the expected form, never a path resolved somewhere.
fn parse_claim_ref(s: &str) -> Result<(CaseId, ClaimId), CliError> {
    let bad = || {
        CliError::usage(format!(
            "`{}` is not a claim reference: {}",
            one_line(s),
            strings::EXPECTED_CLAIM_REF
        ))
        .hinted(strings::HINT_CLAIM_REF)
    };
    let bare = s.strip_suffix('/').unwrap_or(s);
    let mut parts = bare.split('/');
    let (Some(case), Some(claim), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let case = CaseId::new(case).map_err(|_| bad())?;
    let claim = ClaimId::new(claim).map_err(|_| bad())?;
    Ok((case, claim))
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
        note(&format!("factdesk: {}", one_line(n)));
    }
}

/// What every mutation prints: its notices, then its subject and commit.
fn committed(out: &mut Out<'_>, c: ops::Committed) -> CliResult {
    print_notices(&c);
    out.line(&format!(
        "{} (commit {})",
        one_line(&c.subject),
        short(&c.commit)
    ))?;
    Ok(Outcome::Clean)
}

/// Runs the parsed command, writing output to `w`, and flushes it: the
/// result says how it came out (exit 0 or 1) or why it failed.
pub fn run(cli: Cli, w: &mut dyn Write) -> CliResult {
    crate::git::trace::phase("start");
    let mut out = Out::new(w, want_color());
    NO_VERIFY.store(cli.no_verify, std::sync::atomic::Ordering::Relaxed);
    // A bad clock pin is refused before anything is read or written.
    ops::pinned_now().map_err(CliError::usage)?;
    // Like `git -C`: every path, including ARTICLE and check's PATHs, is
    // then relative to DIR.
    if let Some(d) = &cli.dir {
        std::env::set_current_dir(d)
            .map_err(|e| CliError::io(format_args!("-C {}", d.display()), e))?;
    }
    let result = dispatch(cli, &mut out);
    let flushed = out.flush();
    crate::git::trace::phase("output");
    result.and_then(|o| flushed.map(|()| o))
}

/// Runs one command.
fn dispatch(cli: Cli, out: &mut Out<'_>) -> CliResult {
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
            Command::Evidence(EvidenceCmd::Edit(a)) => mutate::cmd_evidence_edit(a, out),
            Command::Evidence(EvidenceCmd::Withdraw(a)) => mutate::cmd_evidence_withdraw(a, out),
            Command::Evidence(EvidenceCmd::Copy(a)) => mutate::cmd_evidence_copy(a, out),
            Command::Assign(a) => mutate::cmd_assign(a, out),
            Command::Claim(ClaimCmd::Add(a)) => mutate::cmd_claim_add(a, out),
            Command::Claim(ClaimCmd::Dismiss(a)) => mutate::cmd_claim_dismiss(a, out),
            Command::Claim(ClaimCmd::Restore(a)) => mutate::cmd_claim_restore(a, out),
            Command::Review(a) => mutate::cmd_review(a, out),
            Command::Check(a) => check::cmd_check(a, out),
            Command::Tui(a) => tui::cmd_tui(a),
            Command::Log(a) => team::cmd_log(a, out),
            Command::Diff(a) => team::cmd_diff(a, out),
            Command::Status(a) => team::cmd_status(a, out),
            Command::Links(a) => links::cmd_links(a, out),
            Command::Sync(a) => team::cmd_sync(a, out),
            Command::Conflicts(a) => team::cmd_conflicts(a, out),
            Command::Resolve(a) => team::cmd_resolve(a, out),
            Command::Import(ImportCmd::Claimreview(a)) => import::cmd_import_claimreview(a, out),
            Command::Report(a) => publish::cmd_report(a, out),
            Command::Export(a) => publish::cmd_export(a, out),
            Command::Similar(a) => seen::cmd_similar(a, out),
            Command::Search(a) => seen::cmd_search(a, out),
        },
    }
}
