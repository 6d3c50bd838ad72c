//! Printers for diagnostics: rustc-style text, JSON and GitHub workflow
//! commands. Every piece of file content is sanitised before printing.

use super::{Diagnostic, Level, Report};
use crate::text::one_line;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Output format of `factdesk check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable, with the offending line shown.
    Text,
    /// A JSON array of diagnostics.
    Json,
    /// GitHub Actions workflow commands (`::error file=…::…`).
    Github,
}

/// Renders diagnostics as text. `source` returns a file's content by
/// workspace-relative path, so the offending line can be shown.
pub fn text(
    report: &Report,
    mut source: impl FnMut(&str) -> Option<String>,
    color: bool,
) -> String {
    let mut cache: HashMap<String, Option<String>> = HashMap::new();
    let mut out = String::new();
    let (bold, red, yellow, blue, reset) = if color {
        (
            "\x1b[1m",
            "\x1b[1;31m",
            "\x1b[1;33m",
            "\x1b[1;34m",
            "\x1b[0m",
        )
    } else {
        ("", "", "", "", "")
    };
    for d in &report.diagnostics {
        let lc = match d.level {
            Level::Error => red,
            Level::Warning => yellow,
        };
        let _ = writeln!(
            out,
            "{lc}{}[{}]{reset}{bold}: {}{reset}",
            d.level.as_str(),
            d.code,
            one_line(&d.message)
        );
        let src = cache
            .entry(d.file.clone())
            .or_insert_with(|| source(&d.file));
        let line_text = src.as_deref().and_then(|s| s.lines().nth(d.line - 1));
        let width = d.line.to_string().len();
        let pad = " ".repeat(width);
        let _ = writeln!(
            out,
            "{pad}{blue}-->{reset} {}:{}:{}",
            one_line(&d.file),
            d.line,
            d.column
        );
        if let Some(l) = line_text {
            let shown = one_line(l);
            let col = d.column.saturating_sub(1);
            let rest: String = shown.chars().skip(col).collect();
            let underline = rest.trim_end().chars().count().max(1);
            let lead: String = shown
                .chars()
                .take(col)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} {blue}|{reset}");
            let _ = writeln!(out, "{blue}{:>width$} |{reset} {shown}", d.line);
            let _ = writeln!(
                out,
                "{pad} {blue}|{reset} {lead}{lc}{}{reset}",
                "^".repeat(underline.min(80))
            );
        }
        if let Some(h) = &d.hint {
            let _ = writeln!(
                out,
                "{pad} {blue}={reset} {bold}hint{reset}: {}",
                one_line(h)
            );
        }
        out.push('\n');
    }
    let errors = report.count(Level::Error);
    let warnings = report.count(Level::Warning);
    let _ = writeln!(
        out,
        "checked {} files ({} claims): {} error{}, {} warning{}",
        report.files,
        report.claims,
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    );
    out
}

/// One diagnostic as a JSON object.
pub fn to_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "code": d.code,
        "level": d.level.as_str(),
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
    })
}

/// Renders diagnostics as a JSON array.
pub fn json(report: &Report) -> String {
    let arr: Vec<_> = report.diagnostics.iter().map(to_json).collect();
    let mut s = serde_json::to_string_pretty(&arr).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

fn gh_escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if crate::text::is_unsafe(c) => out.push_str(&crate::text::placeholder(c)),
            c => out.push(c),
        }
    }
    out
}

/// Renders diagnostics as GitHub Actions workflow commands, which show up as
/// annotations on the pull request's changed lines.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let kind = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut msg = d.message.clone();
        if let Some(h) = &d.hint {
            msg.push_str("\nhint: ");
            msg.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            gh_escape(&d.file, true),
            d.line,
            d.column,
            gh_escape(&format!("factdesk {}", d.code), true),
            gh_escape(&msg, false)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::rules;
    use super::*;

    fn report() -> Report {
        Report {
            diagnostics: vec![Diagnostic::new(
                &rules::UNKNOWN_STATUS,
                "cases/x/claims/c01.yaml",
                (2, 9),
                "status `verifed` is not on the verdict scale",
            )
            .hint("did you mean `verified`?")],
            files: 3,
            claims: 1,
        }
    }

    #[test]
    fn text_shows_line_and_caret() {
        let t = text(
            &report(),
            |_| Some("id: c01\nstatus: verifed\x1b[2J\n".into()),
            false,
        );
        assert!(t.contains("error[unknown-status]: status `verifed`"), "{t}");
        assert!(t.contains(" --> cases/x/claims/c01.yaml:2:9"), "{t}");
        assert!(t.contains("2 | status: verifed␛[2J"), "{t}");
        assert!(t.contains("  |         ^^^^^^^^^^^"), "{t}");
        assert!(!t.contains('\x1b'));
        assert!(t.ends_with("checked 3 files (1 claims): 1 error, 0 warnings\n"));
    }

    #[test]
    fn github_escapes() {
        let g = github(&report());
        assert_eq!(
            g,
            "::error file=cases/x/claims/c01.yaml,line=2,col=9,title=factdesk unknown-status::status `verifed` is not on the verdict scale%0Ahint%3A did you mean `verified`?\n".replace("hint%3A", "hint:")
        );
    }
}
