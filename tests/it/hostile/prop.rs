//! Property: any byte string written as a claim, a case, a checklist or
//! `factdesk.yaml` gives `check` diagnostics (unless it is a valid file of
//! that kind), never a panic. The time bound is measured in
//! `benches/check.rs` (`-- hostile`), not here.

use factdesk::model::{Case, Checklist, Claim, WorkspaceConfig};
use factdesk::store;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Pieces of YAML structure and of what breaks parsers: brackets, colons,
/// dashes, quotes, tags, anchors and aliases, a byte order mark, CRLF,
/// escapes, directives, document markers and keys factdesk knows.
const PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    ",",
    "\"",
    "'",
    "\\",
    "#",
    "|",
    ">",
    "|-",
    "!!binary ",
    "!!set ",
    "!foo ",
    "!",
    "&a ",
    "*a",
    "&b [*a, *a, *a]",
    "\u{feff}",
    "\r\n",
    "\r",
    "\n",
    "  ",
    "\t",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "\u{1b}[31m",
    "\u{202e}",
    "é",
    "\0",
    "x",
    "~",
    "null",
    "0000-01-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "2023-11-05T11:01:00+07:00",
    "id: c01\n",
    "id: statistic\n",
    "kind: statistic\n",
    "steps:\n",
    "- id: attribution\n",
    "checklist:\n",
    "format: 1\n",
    "verdict_scale:\n",
    "<<<<<<< HEAD\n",
    "a: b\n",
];

/// Arbitrary bytes, YAML-ish token soup, or deep nesting of one opener.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let soup = prop::collection::vec(prop::sample::select(PIECES), 0..300)
        .prop_map(|v| v.concat().into_bytes());
    let openers = prop::sample::select(&["[", "{", "{b: ", "- ", "a:\n ", "[&a ", "!t ["][..]);
    let deep = (openers, 1usize..3000, prop::sample::select(PIECES)).prop_map(|(o, n, tail)| {
        let mut s = o.repeat(n);
        s.push_str(tail);
        s.into_bytes()
    });
    prop_oneof![prop::collection::vec(any::<u8>(), 0..2048), soup, deep,]
}

/// Whether `bytes` are a valid file of the kind at `rel` (then `check`
/// may have nothing to say about it).
fn parses(rel: &str, bytes: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(bytes) else {
        return false;
    };
    if rel.ends_with("factdesk.yaml") {
        store::parse::<WorkspaceConfig>(s).is_ok()
    } else if rel.ends_with("case.yaml") {
        store::parse::<Case>(s).is_ok()
    } else if rel.starts_with("checklists/") {
        store::parse::<Checklist>(s).is_ok()
    } else {
        store::parse::<Claim>(s).is_ok()
    }
}

#[test]
fn any_bytes_in_any_file_give_diagnostics_never_a_panic() {
    use crate::team::{workspace, CASE};
    let ws = workspace();
    let w = ws.workspace();
    let files = [
        format!("cases/{CASE}/claims/c01.yaml"),
        format!("cases/{CASE}/case.yaml"),
        "checklists/statistic.yaml".to_string(),
        "factdesk.yaml".to_string(),
    ];
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(ws.root.join(f)).unwrap())
        .collect();
    assert!(factdesk::check::check_workspace(&w, &[])
        .diagnostics
        .is_empty());
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(0..files.len(), hostile_bytes()), |(i, bytes)| {
            let rel = &files[i];
            std::fs::write(ws.root.join(rel), &bytes).unwrap();
            let report = factdesk::check::check_workspace(&w, &[]);
            std::fs::write(ws.root.join(rel), &originals[i]).unwrap();
            let about = report.diagnostics.iter().filter(|d| &d.file == rel).count();
            prop_assert!(
                about > 0 || parses(rel, &bytes),
                "no diagnostic for {rel}: {:?}",
                String::from_utf8_lossy(&bytes)
            );
            for d in &report.diagnostics {
                prop_assert!(d.line >= 1 && d.column >= 1, "{d:?}");
            }
            Ok(())
        })
        .unwrap();
}
