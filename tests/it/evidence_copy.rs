//! `factdesk evidence copy`: an earlier claim's evidence, or an imported
//! fact-check, reused on a claim in one commit that names the source
//! (issue 13). Refusals write nothing.

use crate::fixture::{seed_article, Ws};
use predicates::prelude::*;

const A: &str = "2023-11-05-case-a";
const B: &str = "2023-11-06-case-b";

/// Two cases of the seed article; `A/c01` has three items (an address, an
/// interview, a stored file) and a fourth, withdrawn.
fn two_cases() -> Ws {
    let ws = Ws::new();
    let article = seed_article();
    for id in [A, B] {
        ws.fd(&["new", article.to_str().unwrap(), "--id", id])
            .assert()
            .success();
    }
    let from = format!("{A}/c01");
    let add = |args: &[&str]| {
        let mut all = vec!["evidence", "add", from.as_str()];
        all.extend_from_slice(args);
        ws.fd(&all).assert().success();
    };
    add(&[
        "--url",
        "https://example.org/report",
        "--stance",
        "supports",
        "--excerpt",
        "the passage",
    ]);
    add(&[
        "--kind",
        "interview",
        "--description",
        "call with the ministry spokesperson",
    ]);
    let shot = ws.tmp.path().join("shot.png");
    std::fs::write(&shot, b"\x89PNG not really").unwrap();
    add(&["--file", shot.to_str().unwrap(), "--stance", "refutes"]);
    add(&["--url", "https://example.org/retracted"]);
    ws.fd(&["evidence", "withdraw", &from, "4", "--note", "retracted"])
        .assert()
        .success();
    ws
}

fn claim_file(case: &str, claim: &str) -> String {
    format!("cases/{case}/claims/{claim}.yaml")
}

fn show(ws: &Ws, claim: &str) -> serde_json::Value {
    let out = ws
        .fd(&["show", claim, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn copies_standing_items_in_one_commit_naming_the_source() {
    let ws = two_cases();
    let before = ws.commits();
    let to = format!("{B}/c02");
    ws.fd(&["evidence", "copy", &format!("{A}/c01"), &to])
        .assert()
        .success()
        .stdout(predicate::str::contains("+3 evidence copied from"));
    assert_eq!(ws.commits(), before + 1);

    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(
        msg.contains(&format!("Factdesk-Evidence-From: {A}/c01\n")),
        "{msg}"
    );
    assert!(msg.contains("Factdesk-Action: evidence\n"), "{msg}");
    assert!(msg.contains("Factdesk-Claim: c02\n"), "{msg}");
    // Only the claim and the copied file: nothing else of either case.
    let files = ws.git(&["show", "--name-only", "--format=", "HEAD"]);
    let mut files: Vec<&str> = files.lines().collect();
    files.sort();
    assert_eq!(
        files,
        [
            format!("cases/{B}/claims/c02.yaml"),
            format!("cases/{B}/evidence/shot.png")
        ]
    );
    assert_eq!(
        std::fs::read(ws.root.join(format!("cases/{B}/evidence/shot.png"))).unwrap(),
        b"\x89PNG not really"
    );

    let v = show(&ws, &to);
    let ev = v["evidence"].as_array().unwrap();
    assert_eq!(ev.len(), 3, "{ev:?}");
    for e in ev {
        assert_eq!(e["copied_from"], format!("{A}/c01"));
        assert_eq!(e["added_by"], "Ana Editor");
        assert!(e.get("withdrawn").is_none());
    }
    assert_eq!(ev[0]["url"], "https://example.org/report");
    assert_eq!(ev[0]["stance"], "supports");
    assert_eq!(ev[0]["excerpt"], "the passage");
    assert_eq!(ev[1]["kind"], "interview");
    assert_eq!(ev[2]["file"]["path"], "evidence/shot.png");
    // `show` says where each copy came from.
    ws.fd(&["show", &to])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("copied from {A}/c01")).count(3));
    // What was written passes check (the file is where the item says).
    ws.fd(&["check", &format!("cases/{B}")]).assert().success();
    // The source is untouched.
    assert_eq!(
        show(&ws, &format!("{A}/c01"))["evidence"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn refusals_write_nothing() {
    let ws = two_cases();
    let from = format!("{A}/c01");
    let to = format!("{B}/c02");
    ws.fd(&["evidence", "copy", &from, &to]).assert().success();
    let commits = ws.commits();
    let text = ws.read(&claim_file(B, "c02"));

    // Everything already there.
    ws.fd(&["evidence", "copy", &from, &to])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already on"));
    // From itself.
    ws.fd(&["evidence", "copy", &to, &to])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("from itself"));
    // A claim with no evidence, and one whose only item is withdrawn.
    ws.fd(&["evidence", "copy", &format!("{A}/c03"), &to])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no evidence to copy"));
    ws.fd(&[
        "evidence",
        "add",
        &format!("{A}/c04"),
        "--url",
        "https://example.org/x",
    ])
    .assert()
    .success();
    ws.fd(&[
        "evidence",
        "withdraw",
        &format!("{A}/c04"),
        "1",
        "--note",
        "wrong",
    ])
    .assert()
    .success();
    let commits = commits + 2;
    ws.fd(&["evidence", "copy", &format!("{A}/c04"), &to])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no evidence to copy"));
    // Unknown claim, malformed reference, unknown fact-check.
    ws.fd(&["evidence", "copy", &format!("{A}/c99"), &to])
        .assert()
        .code(2);
    ws.fd(&["evidence", "copy", "../x/c01", &to])
        .assert()
        .code(2);
    ws.fd(&["evidence", "copy", "https://example.org/no-such-check", &to])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("import claimreview"));

    assert_eq!(ws.commits(), commits);
    assert_eq!(ws.read(&claim_file(B, "c02")), text);
    assert!(ws.git(&["status", "--porcelain"]).trim().is_empty());
}

#[test]
fn only_missing_items_are_copied() {
    let ws = two_cases();
    let to = format!("{B}/c02");
    // The address is already on the target, spelt differently.
    ws.fd(&[
        "evidence",
        "add",
        &to,
        "--url",
        "http://www.example.org/report/",
    ])
    .assert()
    .success();
    ws.fd(&[
        "evidence",
        "copy",
        &format!("{A}/c01"),
        &to,
        "--format",
        "json",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "\"from\": \"2023-11-05-case-a/c01\"",
    ));
    let ev = show(&ws, &to)["evidence"].as_array().unwrap().clone();
    assert_eq!(ev.len(), 3, "the report is not copied twice: {ev:?}");
    assert!(ws.git(&["log", "-1", "--format=%B"]).contains("1 item(s)"));
}

#[test]
fn a_fact_check_becomes_one_item() {
    let ws = two_cases();
    ws.write(
        "factchecks/fullfact.org-0123456789ab.yaml",
        "url: https://fullfact.org/online/talks/\n\
         claim_reviewed: Kyiv and Moscow held secret talks.\n\
         publisher:\n  name: Full Fact\n\
         rating:\n  alternate_name: Missing context\n\
         imported_at: 2024-05-01T10:00:00+07:00\n\
         source: sample.json\n",
    );
    ws.git(&["add", "factchecks"]);
    ws.git(&["commit", "-qm", "add a fact-check"]);
    let before = ws.commits();
    let to = format!("{B}/c02");
    ws.fd(&[
        "evidence",
        "copy",
        "http://fullfact.org/online/talks#top",
        &to,
    ])
    .assert()
    .success();
    assert_eq!(ws.commits(), before + 1);
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(
        msg.contains("Factdesk-Evidence-From: https://fullfact.org/online/talks/\n"),
        "{msg}"
    );
    let ev = show(&ws, &to)["evidence"].as_array().unwrap().clone();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["url"], "https://fullfact.org/online/talks/");
    assert_eq!(ev[0]["excerpt"], "Kyiv and Moscow held secret talks.");
    assert_eq!(ev[0]["copied_from"], "https://fullfact.org/online/talks/");
    let d = ev[0]["description"].as_str().unwrap();
    assert!(
        d.contains("Full Fact") && d.contains("Missing context"),
        "{d}"
    );
    // Twice: refused.
    ws.fd(&["evidence", "copy", "https://fullfact.org/online/talks", &to])
        .assert()
        .code(1);
    assert_eq!(ws.commits(), before + 1);
}

#[test]
fn a_copied_file_never_replaces_another_of_the_same_name() {
    let ws = two_cases();
    // Another shot.png, with other bytes, already in case B.
    let other = ws.tmp.path().join("other").join("shot.png");
    std::fs::create_dir_all(other.parent().unwrap()).unwrap();
    std::fs::write(&other, b"another picture").unwrap();
    ws.fd(&[
        "evidence",
        "add",
        &format!("{B}/c03"),
        "--file",
        other.to_str().unwrap(),
    ])
    .assert()
    .success();
    ws.fd(&["evidence", "copy", &format!("{A}/c01"), &format!("{B}/c02")])
        .assert()
        .success();
    let ev = show(&ws, &format!("{B}/c02"))["evidence"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(ev[2]["file"]["path"], "evidence/2-shot.png");
    assert_eq!(
        ws.read(&format!("cases/{B}/evidence/shot.png")),
        "another picture"
    );
    assert_eq!(
        std::fs::read(ws.root.join(format!("cases/{B}/evidence/2-shot.png"))).unwrap(),
        b"\x89PNG not really"
    );
    ws.fd(&["check", &format!("cases/{B}")]).assert().success();
}
