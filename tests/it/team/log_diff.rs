//! `factdesk log` and `factdesk diff` end to end.

use super::{claim_path, verdict, workspace, CASE};
use crate::fixture::golden;
use predicates::str::contains;

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn log_reads_trailers_and_filters() {
    let ws = workspace();
    verdict(&ws, "c02", "verified");
    ws.user("Rui");
    ws.fd(&["review", &format!("{CASE}/c02"), "--approve"])
        .assert()
        .success();
    let out = ws
        .fd(&["log", &format!("{CASE}/c02"), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    let entries = v.as_array().unwrap();
    // Same commits as git's path-limited log.
    let git_n = ws
        .git(&[
            "log",
            "--format=%H",
            "--",
            &format!("cases/{CASE}/claims/c02.yaml"),
        ])
        .lines()
        .count();
    assert_eq!(entries.len(), git_n);
    let (created, changes) = entries.split_last().unwrap();
    assert!(changes.iter().all(|e| e["claim"] == "c02"));
    assert_eq!(created["case"], CASE);
    assert_eq!(entries[0]["action"], "review");
    assert_eq!(entries[0]["author"], "Rui");
    // The claim was proposed when the case was created.
    assert_eq!(entries.last().unwrap()["action"], "new-case");
    // Second run (from the cache) gives the same answer.
    let again = ws
        .fd(&["log", &format!("{CASE}/c02"), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&again.stdout), v);
    assert!(ws.root.join(".git/factdesk-history-v1.cache").exists());
    // Author and limit filters.
    let rui = ws
        .fd(&["log", "--author", "Rui", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&rui.stdout).as_array().unwrap().len(), 1);
    ws.fd(&["log", CASE, "-n", "1"])
        .assert()
        .success()
        .stdout(contains("review: approve"));
    ws.fd(&["log", "--since", "2999-01-01"])
        .assert()
        .success()
        .stdout(contains("no factdesk changes match"));
    ws.fd(&["log", "--since", "yesterday-ish"]).assert().code(2);
}

#[test]
fn diff_of_uncommitted_hand_edit() {
    let ws = workspace();
    ws.fd(&["diff"])
        .assert()
        .success()
        .stdout(contains("no changes to case files"));
    let p = claim_path(&ws, "c01");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replace("\nstatus: unchecked", "\nstatus: false")).unwrap();
    ws.fd(&["diff"])
        .assert()
        .success()
        .stdout(contains("uncommitted changes (edited by hand"))
        .stdout(contains(
            "c01 status unchecked → false (by Ed, uncommitted)",
        ));
}

/// A pull-request-like branch: factdesk changes, a dismissal, a new claim,
/// and a hand edit that rewrote the article.
#[test]
fn diff_of_a_branch_golden() {
    let ws = workspace();
    ws.git(&["checkout", "-q", "-b", "work"]);
    verdict(&ws, "c02", "verified");
    let r3 = format!("{CASE}/c03");
    ws.fd(&[
        "claim",
        "dismiss",
        &r3,
        "--reason",
        "a statement of position, not a fact",
    ])
    .assert()
    .success();
    ws.fd(&["assign", &format!("{CASE}/c01"), "Sari"])
        .assert()
        .success();
    // A hand edit with plain git.
    ws.user("Budi");
    let art = ws.root.join(format!("cases/{CASE}/article.txt"));
    let text = std::fs::read_to_string(&art).unwrap();
    std::fs::write(&art, text.replace("17.5%", "18%")).unwrap();
    ws.git(&["commit", "-qam", "fix typo in article"]);
    let hand = ws
        .git(&["rev-parse", "--short=7", "HEAD"])
        .trim()
        .to_string();

    let run = |fmt: &str| {
        let out = ws
            .fd(&["diff", "main..HEAD", "--format", fmt])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        normalise(
            &String::from_utf8(out.stdout)
                .unwrap()
                .replace(&hand, "<commit>"),
        )
    };
    let text = run("text");
    for want in [
        "c02 status unchecked → verified (by Ed)",
        "c02 +1 evidence (supports) https://www.isw.org/maps, archived",
        "c02 step statistic/attribution done (by Ed)",
        "c03 dismissed: a statement of position",
        "c01 assigned to Sari",
        "! article.txt changed!",
        "! hand edit by Budi in <commit>: fix typo in article",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    golden("diff.txt", &text);
    golden("diff.md", &run("markdown"));
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(v["hand_edits"][0]["author"], "Budi");
    assert_eq!(v["cases"][0]["case"], CASE);
}

/// Replaces the time stamp factdesk writes into notes ("[2023-11-05 14:20 Ed]").
fn normalise(s: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let mut l = line.to_string();
        for p in ["note: [", "note: \\["] {
            if let Some(i) = l.find(p) {
                let start = i + p.len();
                if l.len() >= start + 16 {
                    l.replace_range(start..start + 16, "<time>");
                }
            }
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[test]
fn diff_sees_new_claims_and_bad_ranges() {
    let ws = workspace();
    // The workspace before the case existed.
    let base = ws.git(&["rev-parse", "HEAD~1"]).trim().to_string();
    ws.fd(&["diff", &format!("{base}..HEAD")])
        .assert()
        .success()
        .stdout(contains("new claim c02 ("))
        .stdout(contains("new claim c03"));
    ws.fd(&["diff", "nope..HEAD"]).assert().code(2);
}
