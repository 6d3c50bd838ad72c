//! `factdesk check`: golden diagnostics on a deliberately broken workspace,
//! and robustness on hostile files.

use crate::fixture::{golden, Ws};
use predicates::prelude::*;

const CASE: &str = "golden";
const ARTICLE: &str = "KYIV - Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina.\nKremlin mengatakan mereka akan mencapai semua tujuannya.\n";

/// A valid claim file for the first sentence, with `extra` appended.
fn claim(ws: &Ws, id: &str, body: &str) -> String {
    let sha = factdesk::store::sha256_hex(ws.read("checklists/statistic.yaml").as_bytes());
    let list: factdesk::model::Checklist =
        factdesk::store::parse(&ws.read("checklists/statistic.yaml")).unwrap();
    let steps: String = list
        .steps
        .iter()
        .map(|s| format!("  - id: {}\n    state: pending\n", s.id))
        .collect();
    let end = 7 + "Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina.".len();
    format!(
        "id: {id}\nkind: statistic\ntext: Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina.\nlocation:\n  line: 1\n  column: 8\n  start: 7\n  end: {end}\nattribution:\n  anonymous: false\n  status: not-applicable\n{body}checklist:\n  id: statistic\n  sha256: {sha}\n  steps:\n{steps}"
    )
}

/// A workspace with one case made from `ARTICLE`.
fn with_case() -> Ws {
    let ws = Ws::new();
    ws.fd(&["new", "-", "--id", CASE])
        .write_stdin(ARTICLE)
        .assert()
        .success();
    ws
}

fn broken_workspace() -> Ws {
    let ws = Ws::new();
    ws.fd(&["new", "-", "--id", CASE, "--lang", "id"])
        .write_stdin(ARTICLE)
        .assert()
        .success();
    // Drop whatever the proposer found: this test is about `check` only.
    let _ = std::fs::remove_dir_all(ws.root.join(format!("cases/{CASE}/claims")));
    let c = |id: &str| format!("cases/{CASE}/claims/{id}.yaml");
    ws.write(&c("c01"), &claim(&ws, "c01", "status: unchecked\n"));
    ws.write(&c("c02"), &claim(&ws, "c02", "stauts: unchecked\n"));
    ws.write(
        &c("c03"),
        &claim(&ws, "c03", "status: unchecked\n").replace("kind: statistic", "kind: statistik"),
    );
    ws.write(&c("c04"), &claim(&ws, "c04", "status: verifed\n"));
    ws.write(
        &c("c05"),
        &claim(&ws, "c05", "status: unchecked\n").replace("17,5%", "18%"),
    );
    ws.write(&c("c06"), &claim(&ws, "c06", "status: verified\n"));
    ws.write(
        &c("c07"),
        &format!(
            "<<<<<<< HEAD\n{}=======\n{}>>>>>>> theirs\n",
            claim(&ws, "c07", "status: verified\n"),
            claim(&ws, "c07", "status: false\n")
        ),
    );
    ws.write(&c("c08"), &claim(&ws, "c01", "status: unchecked\n"));
    ws.write(&c("c09"), &(claim(&ws, "c09", "status: in-progress\n") + "evidence:\n- url: example.org/x\n  accessed: 2999-01-01T00:00:00+07:00\n  stance: supports\n"));
    ws.write(
        &c("c10"),
        &claim(&ws, "c10", "status: unchecked\n").replacen("state: pending", "state: skipped", 2),
    );
    ws.write(
        &c("c11"),
        "id: c11\nkind: statistic\ntext: \"unterminated\n",
    );
    ws.write(
        &c("c12"),
        &claim(&ws, "c12", "status: not-checkable\n")
            .replace("id: statistic\n  sha256", "id: statistics\n  sha256"),
    );
    ws.write(
        &c("c13"),
        &claim(&ws, "c13", "status: unchecked\n")
            .replace("2023", "x")
            .replace("line: 1", "line: 2"),
    );
    ws.write("cases/other-case/article.txt", "changed\n");
    ws.write(
        "cases/other-case/case.yaml",
        &ws.read(&format!("cases/{CASE}/case.yaml")),
    );
    ws
}

#[test]
fn golden_diagnostics_in_every_format() {
    let ws = broken_workspace();
    for (fmt, name) in [
        ("text", "check.txt"),
        ("json", "check.json"),
        ("github", "check.github"),
    ] {
        let out = ws
            .fd(&["check", "--format", fmt])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        golden(name, &String::from_utf8(out).unwrap());
    }
}

#[test]
fn every_rule_in_the_golden_file_is_in_the_table() {
    let ws = broken_workspace();
    let out = ws.fd(&["check", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: std::collections::BTreeSet<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in &codes {
        assert!(factdesk::check::rules::by_code(code).is_some(), "{code}");
    }
    for expected in [
        "unknown-key",
        "bad-value",
        "unknown-status",
        "location-mismatch",
        "verdict-needs-evidence",
        "verdict-needs-steps",
        "conflict-markers",
        "id-mismatch",
        "duplicate-id",
        "future-date",
        "bad-url",
        "skip-needs-note",
        "yaml-syntax",
        "unknown-checklist",
        "not-checkable-needs-note",
        "article-hash",
    ] {
        assert!(
            codes.contains(expected),
            "{expected} not reported; got {codes:?}"
        );
    }
}

#[test]
fn paths_limit_what_is_checked() {
    let ws = broken_workspace();
    ws.fd(&["check", &format!("cases/{CASE}/claims/c01.yaml")])
        .assert()
        .success();
    ws.fd(&[
        "check",
        &format!("cases/{CASE}/claims/c04.yaml"),
        "--format",
        "json",
    ])
    .assert()
    .code(1)
    .stdout(predicate::str::contains("unknown-status").and(predicate::str::contains("c02").not()));
    ws.fd(&["check", "no/such/path"]).assert().code(2);
    ws.fd(&["check", "--rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("verdict-needs-evidence"));
}

#[test]
fn warnings_only_fail_when_strict() {
    let ws = with_case();
    assert!(ws
        .read(&format!("cases/{CASE}/claims/c01.yaml"))
        .contains("id: statistic"));
    // Edit the checklist after the proposed claims pinned it.
    let list = ws.read("checklists/statistic.yaml");
    ws.write(
        "checklists/statistic.yaml",
        &list.replace("title:", "# edited\ntitle:"),
    );
    ws.fd(&["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("warning[checklist-changed]"));
    ws.fd(&["check", "--strict"]).assert().code(1);
}

#[test]
fn hostile_files_get_diagnostics_not_crashes() {
    let ws = with_case();
    let c = |id: &str| ws.root.join(format!("cases/{CASE}/claims/{id}.yaml"));
    std::fs::create_dir_all(ws.root.join(format!("cases/{CASE}/claims"))).unwrap();
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
    std::fs::write(c("c61"), bomb).unwrap();
    std::fs::write(c("c62"), "[".repeat(100_000)).unwrap();
    std::fs::write(c("c63"), "- ".repeat(100_000) + "x").unwrap();
    std::fs::write(c("c64"), "id: c64\nkind: statistic\ntext: \"unterminated").unwrap();
    std::fs::write(c("c65"), b"id: c65\ntext: \xff\xfe\n").unwrap();
    let big = std::fs::File::create(c("c66")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    std::fs::write(c("c67"), "").unwrap();
    std::fs::write(c("c68"), "id: c68\ntext: \"\u{1b}[2J\u{202e}evil\"\n").unwrap();
    std::fs::write(c("c69"), "id: c69\n\u{1b}[2Jevil\u{202e}: 1\n").unwrap();
    let out = ws
        .fd(&["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let by_file = |id: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"].as_str().unwrap().ends_with(&format!("{id}.yaml")))
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    // The alias bomb is stopped by the first unknown key or by the
    // expansion limit: either way one diagnostic, quickly.
    assert_eq!(by_file("c61").len(), 1);
    assert_eq!(by_file("c62"), ["yaml-limit"]);
    assert_eq!(by_file("c63"), ["yaml-limit"]);
    assert_eq!(by_file("c64"), ["yaml-syntax"]);
    assert_eq!(by_file("c65"), ["not-utf8"]);
    assert_eq!(by_file("c66"), ["file-too-large"]);
    assert_eq!(by_file("c67").len(), 1);
    assert_eq!(by_file("c68"), ["yaml-syntax"]);
    assert_eq!(by_file("c69"), ["yaml-syntax"]);
    // Text output never passes escapes or bidi controls through.
    let text = ws.fd(&["check"]).output().unwrap().stdout;
    let text = String::from_utf8(text).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(text.contains("␛[2J⟨U+202E⟩evil"), "{text}");
}

/// A claim file nested 100,000 levels deep gets one diagnostic at the
/// place the nesting limit is crossed (the pre-scan keeps it under a
/// second; `benches/check.rs` times it).
#[test]
fn deeply_nested_claim_gets_one_limit_diagnostic() {
    let ws = with_case();
    ws.write(
        &format!("cases/{CASE}/claims/c01.yaml"),
        &"{b: ".repeat(100_000),
    );
    ws.fd(&["check"]).assert().code(1).stdout(
        predicate::str::contains(format!("cases/{CASE}/claims/c01.yaml:1:253"))
            .and(predicate::str::contains(
                "error[yaml-limit]: nested more than 64 levels deep",
            ))
            .and(predicate::str::contains("nested too deeply")),
    );
}

/// A byte order mark (some Windows editors write one) is not content:
/// the case file still parses.
#[test]
fn a_byte_order_mark_is_accepted() {
    let ws = with_case();
    ws.fd(&["check"]).assert().success();
    let rel = format!("cases/{CASE}/case.yaml");
    let text = std::fs::read_to_string(ws.root.join(&rel)).unwrap();
    ws.write(&rel, &format!("\u{feff}{text}"));
    ws.fd(&["check"]).assert().success();
}

/// A duplicate key is reported at its second occurrence, not at 1:1.
#[test]
fn a_duplicate_key_is_reported_where_it_repeats() {
    let ws = with_case();
    let rel = format!("cases/{CASE}/case.yaml");
    let text = std::fs::read_to_string(ws.root.join(&rel)).unwrap();
    let line = text.lines().count() + 1;
    ws.write(&rel, &format!("{text}title: again\n"));
    ws.fd(&["check"]).assert().code(1).stdout(
        predicate::str::contains(format!("{rel}:{line}:1"))
            .and(predicate::str::contains("duplicate field `title`")),
    );
}

#[test]
fn merge_conflicts_are_reported_with_a_way_out() {
    let ws = with_case();
    ws.write(
        &format!("cases/{CASE}/claims/c01.yaml"),
        "<<<<<<< HEAD\nstatus: verified\n=======\nstatus: false\n>>>>>>> other\n",
    );
    ws.fd(&["check"]).assert().code(1).stdout(
        predicate::str::contains("error[conflict-markers]").and(predicate::str::contains(
            "hint: `factdesk conflicts` shows both sides",
        )),
    );
}

/// Listings go on with defaults when `factdesk.yaml` is broken, but say so
/// on stderr instead of falling back silently; stdout stays the listing.
#[test]
fn listings_show_configuration_errors() {
    let ws = with_case();
    let config = ws.read("factdesk.yaml");
    ws.write("factdesk.yaml", &format!("{config}verdict_scal: []\n"));
    let warned = || {
        predicate::str::contains(
            "factdesk: warning: factdesk.yaml is invalid: unknown key `verdict_scal`",
        )
        .and(predicate::str::contains("; using defaults"))
    };
    for args in [
        &["cases"][..],
        &["claims", CASE],
        &["status"],
        &["status", "--format", "json"],
    ] {
        ws.fd(args)
            .assert()
            .success()
            .stderr(warned())
            .stdout(predicate::str::contains("warning").not());
    }
    // A valid configuration stays quiet.
    ws.write("factdesk.yaml", &config);
    ws.fd(&["cases"]).assert().success().stderr("");
}

/// Regression ("Hostile files…"): a hand-written `javascript:` or
/// space-broken URL was only a warning, so `check` passed a file the entry
/// commands now refuse. `bad-url` is an error at the URL's own line, by the
/// same test as entry.
#[test]
fn bad_urls_are_errors_at_their_line() {
    let ws = with_case();
    let _ = std::fs::remove_dir_all(ws.root.join(format!("cases/{CASE}/claims")));
    let body = claim(&ws, "c01", "status: in-progress\n")
        + "evidence:\n- url: javascript:alert(5)\n  archive_url: https://example.org/a b\n  accessed: 2023-11-05T00:00:00+07:00\n  stance: supports\n- url: https://example.org/fine\n  accessed: 2023-11-05T00:00:00+07:00\n  stance: context\n";
    let line_of = |needle: &str| body.lines().position(|l| l.contains(needle)).unwrap() + 1;
    ws.write(&format!("cases/{CASE}/claims/c01.yaml"), &body);
    let out = ws.fd(&["check", "--format", "json"]).assert().code(1);
    let diags: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let bad: Vec<_> = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "bad-url")
        .map(|d| {
            (
                d["level"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        bad,
        [
            (
                "error".to_string(),
                line_of("javascript:"),
                "`javascript:alert(5)` is not an http(s) URL".to_string()
            ),
            (
                "error".to_string(),
                line_of("a b"),
                "`https://example.org/a b` contains a space, line break or control character"
                    .to_string()
            ),
        ],
        "{diags:#}"
    );
}

/// Issue 9: a required step waved through as not applicable needs a
/// reason, as a skip does (`na-needs-note`); a strong verdict needs the
/// attribution decided (`verdict-needs-attribution`), as configured in
/// factdesk.yaml. Both for hand edits, which ops never writes.
#[test]
fn hand_edits_that_wave_steps_or_attribution_through_are_flagged() {
    let ws = with_case();
    let rel = |id: &str| format!("cases/{CASE}/claims/{id}.yaml");
    let na = claim(&ws, "c50", "status: in-progress\n").replacen(
        "state: pending",
        "state: not-applicable",
        1,
    );
    ws.write(&rel("c50"), &na);
    ws.fd(&["check", &rel("c50")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[na-needs-note]"))
        .stdout(predicate::str::contains(
            "required step `attribution` is marked not applicable without a note",
        ));
    let with_note = na.replacen(
        "state: not-applicable\n",
        "state: not-applicable\n    note: the article's own voice\n",
        1,
    );
    ws.write(&rel("c50"), &with_note);
    ws.fd(&["check", &rel("c50")]).assert().success();

    let done = claim(&ws, "c51", "status: verified\n")
        .replace("state: pending", "state: done")
        .replace("status: not-applicable", "status: unchecked")
        + "evidence:\n- url: https://example.org/x\n  accessed: 2023-11-05T10:00:00+07:00\n  stance: supports\n";
    ws.write(&rel("c51"), &done);
    ws.fd(&["check", &rel("c51")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[verdict-needs-attribution]"))
        .stdout(predicate::str::contains(
            "verdict `verified` needs the attribution decided first",
        ));
    // `unverifiable` is not on the default list.
    ws.write(
        &rel("c51"),
        &done.replace("status: verified", "status: unverifiable"),
    );
    ws.fd(&["check", &rel("c51")]).assert().success();
    // The list is the workspace's: empty turns the rule off.
    ws.write(&rel("c51"), &done);
    let cfg = ws.read("factdesk.yaml");
    ws.write("factdesk.yaml", &(cfg + "verdicts_need_attribution: []\n"));
    ws.fd(&["check", &rel("c51")]).assert().success();
    ws.fd(&["check", "--rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("na-needs-note"))
        .stdout(predicate::str::contains("verdict-needs-attribution"));
}
