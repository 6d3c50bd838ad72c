//! `factdesk check`: the CI gate over case files.

use super::team::print_conflicts;
use super::{strings, CheckArgs, CheckFormat, CliError, CliResult, Out, Outcome};
use crate::check::{self, print, Level};
use crate::ops;
use crate::store::{self, Workspace};
use std::path::{Path, PathBuf};

/// `factdesk check [PATH…]`.
pub fn cmd_check(a: CheckArgs, out: &mut Out<'_>) -> CliResult {
    if a.rules {
        for r in check::RULES {
            out.line(&format!(
                "{:<26} {:<8} {}",
                r.code,
                r.level.as_str(),
                r.summary
            ))?;
        }
        return Ok(Outcome::Clean);
    }
    let (ws, rels) = resolve_paths(&a.paths)?;
    let report = check::check_workspace_with(&ws, &rels, a.publish);
    match a.format {
        CheckFormat::Text => out.painted(&print::text(
            &report,
            |rel| ws.read_text(rel, store::MAX_ARTICLE_BYTES).ok(),
            out.color,
        ))?,
        CheckFormat::Json => out.text(&print::json(&report))?,
        CheckFormat::Github => out.text(&print::github(&report))?,
    }
    // A merge conflict is a decision between two editors: show both sides
    // in factdesk's terms, not just the markers.
    let conflicted = report
        .diagnostics
        .iter()
        .any(|d| d.code == check::rules::CONFLICT_MARKERS.code);
    if conflicted && a.format == CheckFormat::Text {
        if let Ok(list) = ops::conflicts::list(&ws) {
            if !list.is_empty() {
                out.line(strings::CONFLICTS_SIDE_BY_SIDE)?;
                print_conflicts(out, &list)?;
            }
        }
    }
    let failing = report.count(Level::Error)
        + if a.strict {
            report.count(Level::Warning)
        } else {
            0
        };
    Ok(if failing > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The workspace around the first path (or the current folder), and every
/// path relative to its root; a path outside it is a usage error.
fn resolve_paths(paths: &[PathBuf]) -> Result<(Workspace, Vec<String>), CliError> {
    let start = match paths.first() {
        Some(p) => p.clone(),
        None => PathBuf::from("."),
    };
    if !start.exists() {
        return Err(CliError::usage(format!(
            "{} does not exist",
            start.display()
        )));
    }
    let probe = if start.is_dir() {
        start.clone()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let ws = Workspace::discover(&probe)?;
    let root = std::fs::canonicalize(ws.root()).unwrap_or_else(|_| ws.root().to_path_buf());
    let mut rels = Vec::new();
    for p in paths {
        let abs = std::fs::canonicalize(p).map_err(|e| CliError::io(p.display(), e))?;
        let Ok(rel) = abs.strip_prefix(&root) else {
            return Err(CliError::usage(format!(
                "{} is outside the workspace {}",
                p.display(),
                root.display()
            )));
        };
        rels.push(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        );
    }
    Ok((ws, rels))
}
