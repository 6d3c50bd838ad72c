//! Publishing only what passed review (issue 9): one case holding an
//! approved, a voided, a changes-requested and an unreviewed verdict, made
//! by two git identities through the real binary; what `export`, `report`,
//! `check --publish`, `show`, `claims`, `cases` and `diff` make of it.

use super::{workspace, CASE};
use crate::fixture::{golden, Ws};
use predicates::str::contains;

/// Every time written into files is pinned, so the exports are golden.
const NOW: &str = "2023-11-06T10:00:00+07:00";

/// `factdesk ARGS` at the pinned time, expected to succeed.
fn ok(ws: &Ws, args: &[&str]) -> String {
    let out = ws.fd(args).env("FACTDESK_NOW", NOW).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Works `claim` through (steps, evidence, the attribution when still
/// unchecked) and sets `status`, as the current identity.
fn decide(ws: &Ws, claim: &str, status: &str) {
    let r = format!("{CASE}/{claim}");
    let v: serde_json::Value =
        serde_json::from_str(&ok(ws, &["show", &r, "--format", "json"])).expect("json");
    for s in v["checklist"]["steps"].as_array().expect("steps") {
        if s["state"] == "pending" {
            ok(ws, &["step", &r, s["id"].as_str().expect("id"), "done"]);
        }
    }
    ok(
        ws,
        &["evidence", "add", &r, "--url", "https://www.isw.org/maps"],
    );
    let mut args = vec!["set", r.as_str(), "--status", status];
    if v["attribution"]["status"] == "unchecked" {
        args.extend(["--attribution", "confirmed"]);
    }
    ok(ws, &args);
}

/// c01 approved, c02 approved then changed (voided), c03 sent back with a
/// note, c04 never reviewed.
fn four_states() -> Ws {
    let ws = workspace();
    decide(&ws, "c01", "unverifiable");
    decide(&ws, "c02", "verified");
    decide(&ws, "c03", "false");
    decide(&ws, "c04", "misleading");
    ws.user("Rui");
    for c in ["c01", "c02"] {
        ok(&ws, &["review", &format!("{CASE}/{c}"), "--approve"]);
    }
    ok(
        &ws,
        &[
            "review",
            &format!("{CASE}/c03"),
            "--request-changes",
            "--note",
            "cite the ISW map's date",
        ],
    );
    ws.user("Ed");
    ok(
        &ws,
        &["set", &format!("{CASE}/c02"), "--status", "misleading"],
    );
    ws
}

fn export(ws: &Ws, extra: &[&str]) -> (serde_json::Value, String, String) {
    let mut args = vec![
        "export",
        CASE,
        "--format",
        "claimreview",
        "--url",
        "https://factcheck.example/kyiv-talks",
    ];
    args.extend(extra);
    let out = ws.fd(&args).env("FACTDESK_NOW", NOW).output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let v = serde_json::from_str(&text).expect("json");
    (v, text, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn only_approved_verdicts_are_published() {
    let ws = four_states();

    // ClaimReview: the approved verdict alone.
    let (v, text, err) = export(&ws, &[]);
    let ids: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|o| o["url"].as_str().expect("url"))
        .collect();
    assert_eq!(ids, ["https://factcheck.example/kyiv-talks#c01"]);
    assert!(err.contains("left out verdicts without a second editor's approval: c02, c03, c04"));
    golden("claimreview-reviewed.json", &text);

    // The preview: all four, the three drafts marked and undated.
    ws.fd(&["export", CASE, "--format", "csv", "--include-unreviewed"])
        .assert()
        .code(2)
        .stderr(contains("applies to --format claimreview"));
    let (v, text, err) = export(&ws, &["--include-unreviewed"]);
    let all = v.as_array().expect("array");
    assert_eq!(all.len(), 4);
    for o in &all[1..] {
        assert_eq!(o["creativeWorkStatus"], "Draft", "{o}");
        assert!(o.get("datePublished").is_none(), "{o}");
    }
    assert!(all[0].get("creativeWorkStatus").is_none());
    assert_eq!(all[0]["datePublished"], "2023-11-06");
    assert!(err.contains("included as drafts"), "{err}");
    golden("claimreview-preview.json", &text);

    // The report marks each draft with why it is one.
    let md = ok(&ws, &["report", CASE]);
    assert!(md.contains(r"Unverifiable |"), "{md}");
    assert!(
        md.contains(r"Misleading \(Draft: changed since approval\)"),
        "{md}"
    );
    assert!(md.contains(r"False \(Draft: changes requested\)"), "{md}");
    assert!(
        md.contains(r"Misleading \(Draft: not yet reviewed\)"),
        "{md}"
    );
    assert!(md.contains("changes requested by Rui on 2023-11-06: cite the ISW map's date"));
    let html = ok(&ws, &["report", CASE, "--format", "html"]);
    assert!(html.contains("False (Draft: changes requested)"));
    assert!(html.contains("<html lang=\"en\">"));

    // `check` passes (require_review is off, the case not marked), but
    // `check --publish` fails on the three drafts, whatever require_review says.
    ws.fd(&["check"]).assert().success();
    let out = ws.fd(&["check", "--publish"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("error[unreviewed-verdict]").count(),
        3,
        "{text}"
    );
    assert!(
        text.contains("Rui's approval was voided when it changed"),
        "{text}"
    );
    assert!(
        text.contains("Rui asked for changes: cite the ISW map's date"),
        "{text}"
    );
    assert!(text.contains("(set by Ed) has not been approved"), "{text}");
    // `require_review: true` does the same for every case.
    let cfg = ws.root.join("factdesk.yaml");
    let before = std::fs::read_to_string(&cfg).expect("factdesk.yaml");
    std::fs::write(
        &cfg,
        before.replace("require_review: false", "require_review: true"),
    )
    .expect("write");
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(contains("factdesk.yaml sets `require_review: true`"));
    std::fs::write(&cfg, &before).expect("write");
    // `publish: true` on the case does the same without the flag.
    let case = ws.root.join(format!("cases/{CASE}/case.yaml"));
    let yaml = std::fs::read_to_string(&case).expect("case.yaml");
    std::fs::write(
        &case,
        yaml.replace("article_sha256:", "publish: true\narticle_sha256:"),
    )
    .expect("write");
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(contains("the case is marked `publish: true`"));
}

#[test]
fn the_review_state_shows_wherever_the_editor_looks() {
    let ws = four_states();
    // `show`: a request for changes comes first, with its note.
    let show = ok(&ws, &["show", &format!("{CASE}/c03")]);
    let second = show.lines().nth(1).unwrap_or_default();
    assert_eq!(
        second,
        "review: changes requested by Rui on 2023-11-06: cite the ISW map's date"
    );
    let show = ok(&ws, &["show", &format!("{CASE}/c02")]);
    assert!(
        show.contains("review: approval by Rui voided: the verdict changed since (verdict by Ed)"),
        "{show}"
    );
    let show = ok(&ws, &["show", &format!("{CASE}/c01")]);
    assert!(show.contains("review: approved by Rui on 2023-11-06 (verdict by Ed)"));
    let show = ok(&ws, &["show", &format!("{CASE}/c04")]);
    assert!(show.contains("review: waiting for review (verdict by Ed)"));
    let v: serde_json::Value = serde_json::from_str(&ok(
        &ws,
        &["show", &format!("{CASE}/c03"), "--format", "json"],
    ))
    .expect("json");
    assert_eq!(v["review_state"]["state"], "changes-requested");
    assert_eq!(v["review_state"]["note"], "cite the ISW map's date");
    assert_eq!(v["review_state"]["by"], "Rui");

    // `claims`: a column, never cut; and in JSON.
    let table = ok(&ws, &["claims", CASE]);
    let head = table.lines().next().unwrap_or_default();
    assert!(head.contains("REVIEW"), "{table}");
    for (id, state) in [
        ("c01", "approved"),
        ("c02", "voided"),
        ("c03", "changes-requested"),
        ("c04", "waiting"),
    ] {
        let row = table
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_default();
        assert!(row.contains(&format!(" {state} ")), "{row}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["claims", CASE, "--format", "json"])).expect("json");
    let states: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["review_state"]["state"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        states,
        ["approved", "voided", "changes-requested", "waiting"]
    );

    // `cases`: the counts, requests for changes first.
    let cases = ok(&ws, &["cases"]);
    assert!(
        cases.contains(
            "4/4 decided (1 changes requested, 1 voided, 1 waiting for review, 1 approved)"
        ),
        "{cases}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&ok(&ws, &["cases", "--format", "json"])).expect("json");
    assert_eq!(v[0]["review"]["changes_requested"], 1);
    assert_eq!(v[0]["review"]["approved"], 1);
    // `status` lists the request with its note.
    let status = ok(&ws, &["status"]);
    assert!(
        status.contains("      “cite the ISW map's date”"),
        "{status}"
    );
    // The TUI's case list reads the same count from its cheap summary.
    let scale = factdesk::model::VerdictScale::default_scale();
    let s = factdesk::ops::read::case_summary(&ws.workspace(), CASE, &|st| scale.is_decided(st));
    assert_eq!(s.changes_requested, 1, "{s:?}");
}

/// Regression (issue 9): `claims` printed "not-checkabl…".
#[test]
fn claims_never_cuts_a_status_name() {
    let ws = workspace();
    let r = format!("{CASE}/c04");
    ok(
        &ws,
        &[
            "set",
            &r,
            "--status",
            "not-checkable",
            "--note",
            "a claim about intentions",
        ],
    );
    let table = ok(&ws, &["claims", CASE]);
    let row = table
        .lines()
        .find(|l| l.starts_with("c04"))
        .unwrap_or_default();
    assert!(row.contains(" not-checkable "), "{table}");
    assert!(!table.contains("not-checkabl…"), "{table}");
}

/// An attribution decision is a commit trailer, and `diff` names who made it.
#[test]
fn attribution_changes_carry_a_trailer_and_an_author() {
    let ws = workspace();
    let base = ws.git(&["rev-parse", "HEAD"]);
    ws.user("Rui");
    ok(
        &ws,
        &["set", &format!("{CASE}/c04"), "--attribution", "not-found"],
    );
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(msg.contains("Factdesk-Attribution: not-found\n"), "{msg}");
    // A commit that leaves the attribution alone has no such trailer.
    ok(
        &ws,
        &["set", &format!("{CASE}/c04"), "--note", "asked Moscow"],
    );
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(!msg.contains("Factdesk-Attribution"), "{msg}");
    let diff = ok(&ws, &["diff", &format!("{}..HEAD", base.trim())]);
    assert!(
        diff.contains("attribution unchecked → not-found (by Rui)"),
        "{diff}"
    );
    // `log` still reads the history (the trailer parses back).
    ok(&ws, &["log", &format!("{CASE}/c04")]);
}

/// The refusals are typed in ops, so each face words its own hint; the
/// neutral words name no command or option (the TUI shows them).
#[test]
fn ops_refusals_are_typed_and_free_of_cli_syntax() {
    use factdesk::model::{CaseId, ClaimId, StepState};
    use factdesk::ops::{OpsError, Refusal, SetRequest};
    let ws = workspace();
    let s = ws.session();
    let case = CaseId::new(CASE).expect("id");
    let c04 = ClaimId::new("c04").expect("id");
    let e = s
        .step(&case, &c04, "attribution", StepState::NotApplicable, None)
        .expect_err("refused");
    assert!(matches!(
        &e,
        OpsError::Rule(Refusal::StepNeedsNote { step, state: StepState::NotApplicable }) if step == "attribution"
    ));
    let e = s
        .step(&case, &c04, "attribution", StepState::Skipped, Some(" "))
        .expect_err("refused");
    assert!(matches!(e, OpsError::Rule(Refusal::StepNeedsNote { .. })));
    for st in [
        "attribution",
        "original",
        "wording",
        "context",
        "speaker-and-date",
    ] {
        ok(&ws, &["step", &format!("{CASE}/c04"), st, "done"]);
    }
    ok(
        &ws,
        &[
            "evidence",
            "add",
            &format!("{CASE}/c04"),
            "--url",
            "https://example.org/a",
        ],
    );
    let s = ws.session();
    let e = s
        .set_dry_run(
            &case,
            &c04,
            &SetRequest {
                status: Some("false".into()),
                ..Default::default()
            },
        )
        .expect_err("refused");
    assert!(
        matches!(&e, OpsError::Rule(Refusal::VerdictNeedsAttribution { verdict }) if verdict == "false"),
        "{e:?}"
    );
    for text in [e.to_string(), e.hint().unwrap_or_default()] {
        assert!(
            !text.contains("factdesk ") && !text.contains("--"),
            "{text}"
        );
    }
    // Deciding the attribution in the same change is enough.
    s.set_dry_run(
        &case,
        &c04,
        &SetRequest {
            status: Some("false".into()),
            attribution: Some(factdesk::model::AttributionStatus::Misattributed),
            ..Default::default()
        },
    )
    .expect("allowed");

    // Review refusals are typed too, their neutral words free of CLI syntax.
    use factdesk::model::ReviewDecision::{Approve, RequestChanges};
    let c01 = ClaimId::new("c01").expect("id");
    let mut errors = vec![
        s.review(&case, &c01, Approve, None)
            .expect_err("no verdict"),
        s.review(&case, &c04, RequestChanges, Some(" "))
            .expect_err("no note"),
    ];
    ok(
        &ws,
        &[
            "set",
            &format!("{CASE}/c04"),
            "--status",
            "false",
            "--attribution",
            "misattributed",
        ],
    );
    errors.push(
        s.review(&case, &c04, Approve, None)
            .expect_err("own verdict"),
    );
    assert!(matches!(
        errors[0],
        OpsError::Rule(Refusal::NoVerdictToReview { .. })
    ));
    assert!(matches!(
        errors[1],
        OpsError::Rule(Refusal::ChangesNeedNote)
    ));
    assert!(matches!(
        errors[2],
        OpsError::Rule(Refusal::OwnVerdict { .. })
    ));
    for e in &errors {
        for text in [e.to_string(), e.hint().unwrap_or_default()] {
            assert!(
                !text.contains("factdesk ") && !text.contains("--"),
                "{text}"
            );
        }
    }
}
