//! `factdesk review`, verdict authorship, approval voiding and the
//! `unreviewed-verdict` rule, end to end in temporary repositories.

use super::{claim_path, verdict, workspace, CASE};
use crate::fixture::Ws;
use predicates::str::contains;

fn enable_review(ws: &Ws) {
    let cfg = ws.root.join("factdesk.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("require_review: false"), "{text}");
    std::fs::write(
        &cfg,
        text.replace("require_review: false", "require_review: true"),
    )
    .unwrap();
    let case = ws.root.join(format!("cases/{CASE}/case.yaml"));
    let text = std::fs::read_to_string(&case).unwrap();
    let text = text.replace("article_sha256:", "publish: true\narticle_sha256:");
    std::fs::write(&case, text).unwrap();
    ws.git(&["commit", "-qam", "publish the case, require review"]);
}

#[test]
fn self_review_is_refused_and_second_editor_approval_counts() {
    let ws = workspace();
    enable_review(&ws);
    ws.fd(&["check"]).assert().success();
    verdict(&ws, "c02", "verified");
    let r = format!("{CASE}/c02");
    // Unreviewed verdict in a case marked for publication.
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(contains("unreviewed-verdict"))
        .stdout(contains("set by Ed"));
    // The verdict's author cannot approve it.
    ws.fd(&["review", &r, "--approve"])
        .assert()
        .code(1)
        .stderr(contains("a second editor must review it"));
    // Asking for changes needs a note.
    ws.user("Rui");
    ws.fd(&["review", &r, "--request-changes"])
        .assert()
        .code(2)
        .stderr(contains("needs a note"));
    ws.fd(&[
        "review",
        &r,
        "--request-changes",
        "--note",
        "cite the ISW date",
    ])
    .assert()
    .success();
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(contains("Rui asked for changes"));
    ws.fd(&["review", &r, "--approve", "--note", "ok now"])
        .assert()
        .success()
        .stdout(contains("review: approve"));
    ws.fd(&["check"]).assert().success();
    let text = std::fs::read_to_string(claim_path(&ws, "c02")).unwrap();
    assert!(text.contains("verdict_by: Ed"), "{text}");
    assert!(text.contains("decision: approve"), "{text}");
    // The commit carries the review trailer and Rui as author.
    let last = ws.git(&["log", "-1", "--format=%an%n%B"]);
    assert!(last.starts_with("Rui\n"), "{last}");
    assert!(last.contains("Factdesk-Action: review"), "{last}");

    // Changing the approved verdict voids the approval; the old one stays.
    ws.user("Ed");
    ws.fd(&["set", &r, "--status", "misleading"])
        .assert()
        .success()
        .stdout(contains("approval voided"));
    let text = std::fs::read_to_string(claim_path(&ws, "c02")).unwrap();
    assert_eq!(text.matches("voided: true").count(), 2, "{text}");
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(contains("unreviewed-verdict"));
}

#[test]
fn a_claim_without_a_verdict_cannot_be_reviewed() {
    let ws = workspace();
    ws.user("Rui");
    ws.fd(&["review", &format!("{CASE}/c01"), "--approve"])
        .assert()
        .code(2)
        .stderr(contains("no verdict to review"));
    // Nothing was committed or written.
    let text = std::fs::read_to_string(claim_path(&ws, "c01")).unwrap();
    assert!(!text.contains("review:"), "{text}");
}

#[test]
fn without_require_review_check_stays_quiet_and_files_are_unchanged() {
    let ws = workspace();
    let before = std::fs::read_to_string(claim_path(&ws, "c01")).unwrap();
    assert!(
        !before.contains("review"),
        "untouched claims have no review key"
    );
    verdict(&ws, "c02", "verified");
    ws.fd(&["check"]).assert().success();
}

/// `publish: true` alone gates the claims, whether `check` reads case.yaml
/// itself (the whole workspace: the mark is taken from that read) or is
/// given only a claim file (the mark is read for the gate).
#[test]
fn a_case_marked_for_publication_gates_its_claims_alone() {
    let ws = workspace();
    verdict(&ws, "c02", "verified");
    ws.fd(&["check"]).assert().success();
    let case = ws.root.join(format!("cases/{CASE}/case.yaml"));
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(
        &case,
        text.replace("article_sha256:", "publish: true\narticle_sha256:"),
    )
    .unwrap();
    let why = "the case is marked `publish: true`";
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(contains("unreviewed-verdict"))
        .stdout(contains(why));
    let claim = format!("cases/{CASE}/claims/c02.yaml");
    ws.fd(&["check", &claim])
        .assert()
        .code(1)
        .stdout(contains("unreviewed-verdict"))
        .stdout(contains(why));
    // A case.yaml that does not parse marks nothing: its own error is
    // reported, and the claims are not gated by it.
    std::fs::write(&case, format!("{text}publish: [\n")).unwrap();
    let out = ws
        .fd(&["check"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("case.yaml"), "{out}");
    assert!(!out.contains("unreviewed-verdict"), "{out}");
}
