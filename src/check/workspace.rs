//! `check` over a whole workspace (or part of it): which case folders and
//! files to look at, and spreading the cases over the cores.

use super::case::check_case_dir;
use super::context::load_counted;
use super::diag::Diagnostic;
use super::rules::IO_ERROR;
use super::Report;
use crate::store::{self, Workspace};

/// A case folder to check, and the files to restrict to (`None`: all).
type Selected = (String, Option<Vec<String>>);

/// Checks the whole workspace, or only what lies under `paths`
/// (workspace-relative; a case folder, a file, `cases/`, or the root).
pub fn check_workspace(ws: &Workspace, paths: &[String]) -> Report {
    check_workspace_with(ws, paths, false)
}

/// [`check_workspace`]; with `publish` (`check --publish`) every case is
/// checked as if marked for publication.
pub fn check_workspace_with(ws: &Workspace, paths: &[String], publish: bool) -> Report {
    let (mut ctx, diagnostics, files) = load_counted(ws);
    ctx.publish_all = publish;
    let mut report = Report {
        diagnostics,
        files,
        claims: 0,
    };
    let case_dirs = ws.case_dirs().unwrap_or_else(|e| {
        report.diagnostics.push(Diagnostic::new(
            &IO_ERROR,
            store::CASES_DIR,
            (1, 1),
            e.to_string(),
        ));
        Vec::new()
    });
    // Links in `cases/` are never followed: each is one finding.
    for link in ws.case_links().unwrap_or_default() {
        let rel = format!("{}/{link}", store::CASES_DIR);
        report.files += 1;
        report
            .diagnostics
            .push(super::parse::not_regular(&rel, "a symbolic link"));
    }
    if let Some(only) = select_factchecks(paths) {
        super::factcheck::check_factchecks(ws, &ctx, only.as_deref(), &mut report);
    }
    let selected = select(case_dirs, paths);
    // Cases are independent: spread them over the cores.
    let parts = crate::par::par_map(&selected, &|_| {}, &|(dir, only)| {
        let mut r = Report::default();
        check_case_dir(ws, &ctx, dir, only.as_deref(), &mut r);
        r
    });
    for p in parts {
        report.files += p.files;
        report.claims += p.claims;
        report.diagnostics.extend(p.diagnostics);
    }
    // Duplicate case ids across folders are caught as id-mismatch: each
    // case.yaml id must equal its (unique) folder name.
    report.diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    report
}

/// Whether `paths` select `factchecks/` (`Some(None)`: all of it) or some
/// files in it (`Some(Some(files))`).
fn select_factchecks(paths: &[String]) -> Option<Option<Vec<String>>> {
    let dir = store::FACTCHECKS_DIR;
    if paths.is_empty() || paths.iter().any(|p| p.is_empty() || p == "." || p == dir) {
        return Some(None);
    }
    let files: Vec<String> = paths
        .iter()
        .filter(|p| p.starts_with(&format!("{dir}/")))
        .cloned()
        .collect();
    (!files.is_empty()).then_some(Some(files))
}

/// The case folders (and files in them) that `paths` select.
fn select(case_dirs: Vec<String>, paths: &[String]) -> Vec<Selected> {
    let whole = paths.is_empty()
        || paths
            .iter()
            .any(|p| p.is_empty() || p == "." || p == store::CASES_DIR);
    if whole {
        return case_dirs.into_iter().map(|d| (d, None)).collect();
    }
    let mut selected = Vec::new();
    for dir in case_dirs {
        let prefix = format!("{}/{dir}", store::CASES_DIR);
        let mut files = Vec::new();
        let mut all = false;
        for p in paths {
            if p == &prefix
                || p.starts_with(&format!("{prefix}/{}", store::CLAIMS_DIR))
                    && !p.ends_with(".yaml")
            {
                all = true;
            } else if p.starts_with(&format!("{prefix}/")) {
                if p.ends_with(store::ARTICLE_FILE) {
                    files.push(format!("{prefix}/{}", store::CASE_FILE));
                } else {
                    files.push(p.clone());
                }
            }
        }
        if all {
            selected.push((dir, None));
        } else if !files.is_empty() {
            selected.push((dir, Some(files)));
        }
    }
    selected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_select_cases_and_files() {
        let dirs = || vec!["a".to_string(), "b".to_string()];
        assert_eq!(select(dirs(), &[]).len(), 2);
        assert_eq!(select(dirs(), &["cases".into()]).len(), 2);
        assert_eq!(
            select(dirs(), &["cases/b/claims".into()]),
            [("b".to_string(), None)]
        );
        assert_eq!(
            select(
                dirs(),
                &[
                    "cases/a/article.txt".into(),
                    "cases/a/claims/c01.yaml".into()
                ]
            ),
            [(
                "a".to_string(),
                Some(vec![
                    "cases/a/case.yaml".to_string(),
                    "cases/a/claims/c01.yaml".to_string()
                ])
            )]
        );
    }
}
