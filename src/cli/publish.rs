//! Publishing: `report` and `export`.

use super::{
    parse_case, strings, usage, workspace, CliError, CliResult, ExportArgs, ExportFormat, Out,
    ReportArgs, ReportFormat, EXIT_FINDINGS, EXIT_OK,
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
                return Err(CliError {
                    message: format!("{} cannot be read; fix it before publishing", d.rel),
                    hint: Some(strings::HINT_RUN_CHECK.into()),
                    code: EXIT_FINDINGS,
                    diagnostics: d.error.iter().cloned().collect(),
                })
            }
        }
    }
    Ok((ctx.config, c, claims))
}

/// Writes `text` to `path`, or to the output when there is none.
fn emit(out: &mut Out<'_>, path: Option<PathBuf>, text: &str) -> CliResult {
    match path {
        Some(p) => {
            std::fs::write(&p, text)
                .map_err(|e| usage(format!("writing {}: {e}", p.display()), None))?;
        }
        None => {
            let _ = out.w.write_all(text.as_bytes());
        }
    }
    Ok(EXIT_OK)
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
        eprintln!(
            "note: verdicts awaiting review are marked as such: {}",
            pending.join(", ")
        );
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
                return Err(usage(
                    "ClaimReview needs the address where the fact-check is published",
                    Some(strings::HINT_CLAIMREVIEW_URL),
                ));
            };
            if !report::linkable(url) {
                return Err(usage(
                    format!("`{}` is not an absolute http(s) URL", one_line(url)),
                    None,
                ));
            }
            let (v, skipped) = report::claimreview(&input, url);
            if !skipped.is_empty() {
                eprintln!(
                    "note: left out verdicts not yet approved by a second editor: {}",
                    skipped.join(", ")
                );
            }
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
    };
    emit(out, a.output, &text)
}
