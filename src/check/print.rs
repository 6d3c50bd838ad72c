//! Printers for diagnostics: rustc-style text, JSON and GitHub workflow
//! commands. Every piece of file content is sanitised before printing.

use super::{Diagnostic, Level, Report};
use crate::text::{one_line, Colour, Painted};
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
/// workspace-relative path, so the offending line can be shown. Every piece
/// from a file is cleaned as it is added; colour (when `color`) is put
/// around cleaned pieces only.
pub fn text(
    report: &Report,
    mut source: impl FnMut(&str) -> Option<String>,
    color: bool,
) -> Painted {
    use Colour::{Bold, BoldBlue as Blue};
    let mut cache: HashMap<String, Option<String>> = HashMap::new();
    let mut out = Painted::new(color);
    for d in &report.diagnostics {
        let lc = match d.level {
            Level::Error => Colour::BoldRed,
            Level::Warning => Colour::BoldYellow,
        };
        out.paint(lc, &format!("{}[{}]", d.level.as_str(), d.code))
            .paint(Bold, &format!(": {}", one_line(&d.message)))
            .push("\n");
        let src = cache
            .entry(d.file.clone())
            .or_insert_with(|| source(&d.file));
        let line_text = src.as_deref().and_then(|s| s.lines().nth(d.line - 1));
        let width = d.line.to_string().len();
        let pad = " ".repeat(width);
        out.push(&pad).paint(Blue, "-->").push(&format!(
            " {}:{}:{}\n",
            one_line(&d.file),
            d.line,
            d.column
        ));
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
            out.push(&format!("{pad} ")).paint(Blue, "|").push("\n");
            out.paint(Blue, &format!("{:>width$} |", d.line))
                .push(&format!(" {shown}\n"));
            out.push(&format!("{pad} "))
                .paint(Blue, "|")
                .push(&format!(" {lead}"))
                .paint(lc, &"^".repeat(underline.min(80)))
                .push("\n");
        }
        if let Some(h) = &d.hint {
            out.push(&format!("{pad} "))
                .paint(Blue, "=")
                .push(" ")
                .paint(Bold, "hint")
                .push(&format!(": {}\n", one_line(h)));
        }
        out.push("\n");
    }
    let errors = report.count(Level::Error);
    let warnings = report.count(Level::Warning);
    out.push(&format!(
        "checked {} files ({} claims): {} error{}, {} warning{}\n",
        report.files,
        report.claims,
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    ));
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

/// Escapes text for a GitHub workflow command (`property`: also `:` and `,`),
/// so no text from a file or a page can start a command of its own.
pub fn gh_escape(s: &str, property: bool) -> String {
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
        let t = t.as_str();
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

    /// A file name or message cannot start a workflow command of its own:
    /// line breaks are escaped everywhere, `:` and `,` in properties, and
    /// other line separators are placeholders.
    #[test]
    fn github_output_cannot_inject_commands() {
        let evil = "x,line=1::\n::set-output name=a::b\r::add-mask::s%0A\u{85}::stop-commands::t\u{2028}::e";
        let report = Report {
            diagnostics: vec![
                Diagnostic::new(&rules::BAD_ID, evil, (1, 1), evil).hint(evil),
                Diagnostic::new(&rules::CHECKLIST_CHANGED, "a.yaml", (2, 3), evil),
            ],
            files: 1,
            claims: 0,
        };
        let g = github(&report);
        let lines: Vec<&str> = g
            .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
            .collect();
        assert_eq!(lines.len(), 3, "{g}");
        assert!(lines[0].starts_with("::error file=x%2Cline=1%3A%3A%0A%3A%3Aset-output name=a%3A%3Ab%0D%3A%3Aadd-mask%3A%3As%250A⟨U+0085⟩%3A%3Astop-commands%3A%3At⟨U+2028⟩%3A%3Ae,line=1,col=1,title=factdesk bad-id::x,line=1::%0A::set-output"), "{g}");
        assert!(
            lines[1].starts_with("::warning file=a.yaml,line=2,col=3,"),
            "{g}"
        );
        assert_eq!(lines[2], "");
        // Every command holds exactly one `::` after its properties.
        for l in &lines[..2] {
            let (props, _) = l[2..].split_once("::").unwrap();
            assert!(!props.contains("::"), "{l}");
        }
    }
}
