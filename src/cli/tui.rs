//! The terminal UI: `factdesk tui [CASE[/CLAIM]]`, and `factdesk` alone.

use super::{parse_target, strings, usage, workspace, CliError, CliResult, TuiArgs, EXIT_OK};
use crate::model::{CaseId, ClaimId};
use crate::ops::OpsError;
use crate::store::Workspace;
use std::io::IsTerminal;
use std::path::Path;

/// `factdesk` with no command: the terminal UI, when there is a workspace.
pub fn cmd_default() -> CliResult {
    let ws = Workspace::discover(Path::new(".")).map_err(|e| CliError {
        hint: Some(strings::HINT_NO_WORKSPACE.into()),
        ..CliError::from(OpsError::from(e))
    })?;
    run_tui(ws, None)
}

/// `factdesk tui [CASE[/CLAIM]]`.
pub fn cmd_tui(a: TuiArgs) -> CliResult {
    let ws = workspace()?;
    let target = a.target.as_deref().map(parse_target).transpose()?;
    run_tui(ws, target)
}

fn run_tui(ws: Workspace, target: Option<(CaseId, Option<ClaimId>)>) -> CliResult {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(usage(
            "the terminal UI needs a terminal",
            Some(strings::HINT_NEEDS_TERMINAL),
        ));
    }
    crate::tui::run(ws, target).map_err(|e| usage(e, None))?;
    Ok(EXIT_OK)
}
