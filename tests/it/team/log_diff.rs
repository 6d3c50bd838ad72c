//! `factdesk log` and `factdesk diff` end to end.

use super::{claim_path, verdict, workspace, CASE};
use crate::fixture::golden;
use crate::fixture::Ws;
use predicates::str::contains;

/// The history cache, relative to the workspace root.
const CACHE: &str = ".git/factdesk-history-v2.cache";

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
    assert!(ws.root.join(CACHE).exists());
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

/// Commit ids `factdesk log TARGET` lists, in its order.
fn fd_log(ws: &Ws, target: &str) -> Vec<String> {
    let out = ws
        .fd(&["log", target, "--format", "json"])
        .output()
        .expect("factdesk runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out.stdout)
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| e["commit"].as_str().expect("commit id").to_string())
        .collect()
}

/// What `git log -- PATH` lists, sorted (the truth `log` must equal).
fn git_log(ws: &Ws, path: &str) -> Vec<String> {
    let mut v: Vec<String> = ws
        .git(&["log", "--format=%H", "--", path])
        .lines()
        .map(String::from)
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// For every claim and the case: a cold `log` (no cache) equals a warm one
/// and lists exactly the commits `git log -- FILE` lists.
fn assert_logs_match_git(ws: &Ws, claims: &[&str]) {
    let mut targets: Vec<(String, String)> = claims
        .iter()
        .map(|c| {
            (
                format!("{CASE}/{c}"),
                format!("cases/{CASE}/claims/{c}.yaml"),
            )
        })
        .collect();
    targets.push((CASE.to_string(), format!("cases/{CASE}")));
    for (target, path) in targets {
        let _ = std::fs::remove_file(ws.root.join(CACHE));
        let cold = fd_log(ws, &target);
        assert!(ws.root.join(CACHE).exists(), "a cold log builds the cache");
        let warm = fd_log(ws, &target);
        assert_eq!(cold, warm, "{target}: cold and warm log differ");
        assert_eq!(
            sorted(cold),
            git_log(ws, &path),
            "{target} vs git log -- {path}"
        );
    }
}

fn head(ws: &Ws) -> String {
    ws.git(&["rev-parse", "HEAD"]).trim().to_string()
}

/// The cache file's lines.
fn cache_lines(ws: &Ws) -> Vec<String> {
    std::fs::read_to_string(ws.root.join(CACHE))
        .expect("cache exists")
        .lines()
        .map(String::from)
        .collect()
}

/// A hand edit of a claim file that keeps it valid: a word before its
/// `proposed_because` reason.
fn edit(ws: &Ws, claim: &str, word: &str) {
    let p = claim_path(ws, claim);
    let text = std::fs::read_to_string(&p).unwrap();
    let key = "\nproposed_because: ";
    assert!(text.contains(key), "{claim} has a reason");
    std::fs::write(&p, text.replacen(key, &format!("{key}{word} "), 1)).unwrap();
}

/// factdesk commits, hand edits, a branch merged with `--no-ff`, a merge
/// that resolved a conflict by hand, a rename and a delete: `log` answers
/// like `git log -- FILE`, cold and warm.
#[test]
fn cold_log_equals_warm_log_equals_git() {
    let ws = workspace();
    ws.fd(&["set", &format!("{CASE}/c01"), "--note", "first look"])
        .assert()
        .success();
    // A hand edit of c01, committed with plain git.
    edit(&ws, "c01", "hand");
    ws.git(&["commit", "-qam", "c01: in progress (by hand)"]);
    // A branch: a factdesk change to c02 and a hand edit to c03.
    ws.git(&["checkout", "-q", "-b", "side"]);
    ws.fd(&["set", &format!("{CASE}/c02"), "--note", "on the side"])
        .assert()
        .success();
    edit(&ws, "c03", "hand");
    ws.git(&["commit", "-qam", "c03 by hand"]);
    ws.git(&["checkout", "-q", "main"]);
    ws.fd(&["set", &format!("{CASE}/c01"), "--note", "meanwhile on main"])
        .assert()
        .success();
    ws.git(&["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
    // Both sides change c03; the merge resolves it by hand.
    ws.git(&["checkout", "-q", "-b", "other"]);
    edit(&ws, "c03", "F");
    ws.git(&["commit", "-qam", "c03 false"]);
    ws.git(&["checkout", "-q", "main"]);
    edit(&ws, "c03", "T");
    ws.git(&["commit", "-qam", "c03 true"]);
    let clash = ws.git_output(&["merge", "-q", "-m", "merge other", "other"]);
    assert!(!clash.status.success(), "the merge conflicts");
    let text = std::fs::read_to_string(claim_path(&ws, "c03")).unwrap();
    let mut resolved = String::new();
    let mut keep = true;
    for l in text.lines() {
        if l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>") {
            keep = true;
        } else if l.starts_with("=======") {
            keep = false;
        } else if keep {
            resolved.push_str(&l.replace("proposed_because: T ", "proposed_because: M "));
            resolved.push('\n');
        }
    }
    std::fs::write(claim_path(&ws, "c03"), resolved).unwrap();
    ws.git(&["commit", "-qam", "merge other, resolved"]);
    // A rename and a delete by hand.
    ws.git(&[
        "mv",
        &format!("cases/{CASE}/claims/c02.yaml"),
        &format!("cases/{CASE}/claims/c42.yaml"),
    ]);
    ws.git(&["commit", "-qm", "rename c02 to c42"]);
    ws.git(&["rm", "-q", &format!("cases/{CASE}/claims/c01.yaml")]);
    ws.git(&["commit", "-qm", "delete c01"]);
    let c03 = fd_log(&ws, &format!("{CASE}/c03"));
    assert!(
        c03.len() >= 5,
        "hand edits and the resolving merge: {c03:?}"
    );
    assert_logs_match_git(&ws, &["c01", "c02", "c03", "c42"]);
    // Hand edits are shown without factdesk fields.
    let out = ws
        .fd(&["log", &format!("{CASE}/c01"), "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert_eq!(v[0]["subject"], "delete c01");
    assert!(v[0]["action"].is_null());
}

/// A factdesk commit adds its own entry to the cache (one appended line and
/// a new tip, same file: no rebuild).
#[test]
fn a_factdesk_commit_appends_to_the_cache() {
    use std::os::unix::fs::MetadataExt;
    let ws = workspace();
    // No cache yet: the commit does not create one.
    ws.fd(&["set", &format!("{CASE}/c01"), "--note", "one"])
        .assert()
        .success();
    assert!(!ws.root.join(CACHE).exists());
    fd_log(&ws, &format!("{CASE}/c01"));
    let before = cache_lines(&ws);
    assert_eq!(before.last().unwrap(), &format!("tip {}", head(&ws)));
    let inode = std::fs::metadata(ws.root.join(CACHE)).unwrap().ino();
    ws.fd(&["set", &format!("{CASE}/c02"), "--note", "two"])
        .assert()
        .success();
    let after = cache_lines(&ws);
    let new = head(&ws);
    assert_eq!(after.len(), before.len() + 2, "one entry and one tip");
    assert_eq!(after[..before.len()], before[..]);
    assert!(after[before.len()].starts_with(&format!("{new}\t")));
    assert!(after[before.len()].contains(&format!("\tset\t{CASE}\tc02\t-")));
    assert_eq!(after.last().unwrap(), &format!("tip {new}"));
    assert_eq!(
        std::fs::metadata(ws.root.join(CACHE)).unwrap().ino(),
        inode,
        "appended, not rewritten"
    );
    // The appended entry is what a cold build would record.
    let warm = fd_log(&ws, &format!("{CASE}/c02"));
    assert_eq!(cache_lines(&ws), after, "a warm log adds nothing");
    assert_eq!(warm[0], new);
    assert_logs_match_git(&ws, &["c02"]);
}

/// HEAD moved by plain git (a commit, a reset): a factdesk commit then
/// leaves the cache alone, and the next `log` extends it from its tip.
#[test]
fn cache_follows_hand_commits_and_resets() {
    let ws = workspace();
    fd_log(&ws, &format!("{CASE}/c01"));
    let tip = head(&ws);
    edit(&ws, "c01", "hand");
    ws.git(&["commit", "-qam", "c01 by hand"]);
    let hand = head(&ws);
    ws.fd(&[
        "set",
        &format!("{CASE}/c02"),
        "--note",
        "after a hand commit",
    ])
    .assert()
    .success();
    assert_eq!(
        cache_lines(&ws).last().unwrap(),
        &format!("tip {tip}"),
        "not appended: its tip is not the new commit's parent"
    );
    let c01 = fd_log(&ws, &format!("{CASE}/c01"));
    assert_eq!(c01[0], hand, "the hand edit is in c01's log");
    assert_eq!(
        cache_lines(&ws).last().unwrap(),
        &format!("tip {}", head(&ws))
    );
    assert_eq!(
        sorted(c01),
        git_log(&ws, &format!("cases/{CASE}/claims/c01.yaml"))
    );
    // Back before the hand edit: it leaves the log, the cache stays.
    ws.git(&["reset", "-q", "--hard", "HEAD~2"]);
    let c01 = fd_log(&ws, &format!("{CASE}/c01"));
    assert!(!c01.contains(&hand));
    assert_eq!(
        sorted(c01),
        git_log(&ws, &format!("cases/{CASE}/claims/c01.yaml"))
    );
    // The log recorded the new tip, so the next factdesk commit appends.
    ws.fd(&["set", &format!("{CASE}/c01"), "--note", "after the reset"])
        .assert()
        .success();
    assert_eq!(
        cache_lines(&ws).last().unwrap(),
        &format!("tip {}", head(&ws))
    );
    assert_logs_match_git(&ws, &["c01", "c02"]);
}
