//! Publishing: `report` and `export`.

use super::out::to_json;
use super::{
    note, parse_case, strings, workspace, CliError, CliResult, ExportArgs, ExportFormat, Out,
    Outcome, ReportArgs, ReportFormat,
};
use crate::model::{Case, Claim, StatusClass, WorkspaceConfig};
use crate::report::{self, Input};
use crate::text::one_line;
use std::path::PathBuf;

/// Loads a case for publishing: config, case and every claim (refusing
/// when any file cannot be read, so a report is never silently partial).
fn load_for_report(case: &str) -> Result<(WorkspaceConfig, Case, Vec<Claim>), CliError> {
    let ws = workspace()?;
    let id = parse_case(case)?;
    let mut diags = Vec::new();
    let mut files = 0;
    let ctx = crate::check::load_context(&ws, &mut diags, &mut files);
    let b = crate::ops::read::open_case(&ws, &id)?;
    let c = b.case_doc()?.value.clone();
    let mut claims = Vec::new();
    for d in &b.claims {
        match &d.value {
            Some(v) => claims.push(v.clone()),
            None => {
                return Err(CliError::refused(format!(
                    "{} cannot be read; fix it before publishing",
                    d.rel
                ))
                .hinted(strings::HINT_RUN_CHECK)
                .with_diagnostics(d.error.iter().cloned()))
            }
        }
    }
    Ok((ctx.config, c, claims))
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
    let (config, case, claims) = load_for_report(&a.case)?;
    let input = Input {
        config: &config,
        case: &case,
        claims: &claims,
    };
    let text = match a.format {
        ReportFormat::Markdown => report::markdown(&input),
        ReportFormat::Html => report::html(&input),
    };
    let pending: Vec<String> = claims
        .iter()
        .filter(|c| {
            c.dismissed.is_none()
                && input
                    .def(c)
                    .is_some_and(|d| d.class == StatusClass::Verdict)
                && !input.publishable(c)
        })
        .map(|c| c.id.to_string())
        .collect();
    if !pending.is_empty() {
        note(&format!(
            "note: verdicts awaiting review are marked as such: {}",
            pending.join(", ")
        ));
    }
    emit(out, a.output, &text)
}

/// `factdesk export CASE --format claimreview | csv`.
pub fn cmd_export(a: ExportArgs, out: &mut Out<'_>) -> CliResult {
    let (config, case, claims) = load_for_report(&a.case)?;
    let input = Input {
        config: &config,
        case: &case,
        claims: &claims,
    };
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
            let (v, skipped) = report::claimreview(&input, url);
            if !skipped.is_empty() {
                note(&format!(
                    "note: left out verdicts not yet approved by a second editor: {}",
                    skipped.join(", ")
                ));
            }
            to_json(&v)? + "\n"
        }
    };
    emit(out, a.output, &text)
}
