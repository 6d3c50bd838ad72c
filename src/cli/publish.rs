//! Publishing: `report` and `export`.

use super::{
    note, parse_case, strings, workspace, CliError, CliResult, ExportArgs, ExportFormat, Out,
    Outcome, ReportArgs, ReportFormat,
};
use crate::ops::read::{self, Publishable};
use crate::report::{self, Input};
use crate::text::one_line;
use std::path::PathBuf;

/// The case named on the command line, loaded for publishing.
fn load(case: &str) -> Result<Publishable, CliError> {
    let ws = workspace()?;
    Ok(read::publishable(
        &ws,
        &parse_case(case)?,
        &mut crate::ops::warn_stderr,
    )?)
}

/// What the report renderers take, borrowed from a loaded case.
fn input(p: &Publishable) -> Input<'_> {
    Input {
        config: &p.config,
        case: &p.case,
        claims: &p.claims,
    }
}

/// Writes `text` to `path`, or to the output when there is none.
fn emit(out: &mut Out<'_>, path: Option<PathBuf>, text: &str) -> CliResult {
    match path {
        Some(p) => std::fs::write(&p, text)
            .map_err(|e| CliError::io(format_args!("writing {}", p.display()), e))?,
        None => out.text(text)?,
    }
    Ok(Outcome::Clean)
}

/// `factdesk report CASE`.
pub fn cmd_report(a: ReportArgs, out: &mut Out<'_>) -> CliResult {
    let p = load(&a.case)?;
    let input = input(&p);
    let text = match a.format {
        ReportFormat::Markdown => report::markdown(&input),
        ReportFormat::Html => report::html(&input),
    };
    let pending: Vec<String> = p
        .claims
        .iter()
        .filter(|c| c.dismissed.is_none() && input.awaiting_review(c))
        .map(|c| c.id.to_string())
        .collect();
    if !pending.is_empty() {
        note(&format!(
            "note: verdicts not approved by a second editor are marked as drafts: {}",
            pending.join(", ")
        ));
    }
    emit(out, a.output, &text)
}

/// `factdesk export CASE --format claimreview | csv`.
pub fn cmd_export(a: ExportArgs, out: &mut Out<'_>) -> CliResult {
    if a.include_unreviewed && a.format != ExportFormat::Claimreview {
        return Err(CliError::usage(
            strings::INCLUDE_UNREVIEWED_CLAIMREVIEW_ONLY,
        ));
    }
    let p = load(&a.case)?;
    let input = input(&p);
    let text = match a.format {
        ExportFormat::Csv => report::csv(&input),
        ExportFormat::Claimreview => {
            let Some(url) = a.url.as_deref() else {
                return Err(CliError::usage(
                    "ClaimReview needs the address where the fact-check is published",
                )
                .hinted(strings::HINT_CLAIMREVIEW_URL));
            };
            if !report::linkable(url) {
                return Err(CliError::usage(format!(
                    "`{}` is not an absolute http(s) URL",
                    one_line(url)
                )));
            }
            if a.include_unreviewed {
                note(strings::NOTE_PREVIEW);
            }
            let (v, skipped) = report::claimreview(&input, url, a.include_unreviewed);
            if !skipped.is_empty() {
                let what = if a.include_unreviewed {
                    "included as drafts"
                } else {
                    "left out"
                };
                note(&format!(
                    "note: {what} verdicts without a second editor's approval: {}",
                    skipped.join(", ")
                ));
            }
            report::json_ld(&v).map_err(|e| {
                CliError::with_source(super::ErrorKind::Internal, strings::JSON_FAILED, e)
            })? + "\n"
        }
    };
    emit(out, a.output, &text)
}
