//! The terminal UI: `factdesk tui [CASE[/CLAIM]]`, and `factdesk` alone.

use super::{parse_target, strings, workspace, CliError, CliResult, ErrorKind, Outcome, TuiArgs};
use crate::model::{CaseId, ClaimId};
use crate::ops;
use crate::store::Workspace;
use std::io::IsTerminal;
use std::path::Path;

/// `factdesk` with no command: the terminal UI, when there is a workspace.
pub fn cmd_default() -> CliResult {
    let ws = Workspace::discover(Path::new(".")).map_err(|e| {
        let mut e = CliError::from(e);
        e.hints = vec![strings::HINT_NO_WORKSPACE.into()];
        e
    })?;
    run_tui(ws, None)
}

/// `factdesk tui [CASE[/CLAIM]]`.
pub fn cmd_tui(a: TuiArgs) -> CliResult {
    let ws = workspace()?;
    let target = a.target.as_deref().map(parse_target).transpose()?;
    // An unknown case or claim is the user's mistake (exit 2); checked
    // here so that whatever the UI itself reports is the terminal's (exit 3).
    if let Some((case, claim)) = &target {
        let b = ops::read::open_case(&ws, case)?;
        if let Some(claim) = claim {
            b.claim(claim)?;
        }
    }
    run_tui(ws, target)
}

fn run_tui(ws: Workspace, target: Option<(CaseId, Option<ClaimId>)>) -> CliResult {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::usage(strings::NEEDS_TERMINAL).hinted(strings::HINT_NEEDS_TERMINAL));
    }
    crate::tui::run(ws, target).map_err(|e| CliError::msg(ErrorKind::Environment, e))?;
    Ok(Outcome::Clean)
}
