//! End-to-end tests of the CLI verbs on real git repositories.

use crate::fixture::Ws;
use predicates::prelude::*;
use std::path::Path;

const CASE: &str = crate::fixture::SEED_ID;
const STAT: &str =
    "Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina yang diakui secara internasional.";

/// Workspace-relative path of the file of `case/cNN`.
fn claim_file(claim: &str) -> String {
    format!("cases/{}.yaml", claim.replace('/', "/claims/"))
}

/// A workspace with the seed case and (at least) one claim for the statistic.
fn with_stat_claim() -> (Ws, String) {
    let ws = Ws::new();
    ws.seed();
    let claims: serde_json::Value = serde_json::from_slice(
        &ws.fd(&["claims", CASE, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let id = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"].as_str() == Some(STAT))
        .map(|c| c["id"].as_str().unwrap().to_string());
    let id = match id {
        Some(id) => id,
        None => {
            ws.fd(&["claim", "add", CASE, "--text", STAT])
                .assert()
                .success();
            let claims: serde_json::Value = serde_json::from_slice(
                &ws.fd(&["claims", CASE, "--format", "json"])
                    .output()
                    .unwrap()
                    .stdout,
            )
            .unwrap();
            claims.as_array().unwrap().last().unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    (ws, format!("{CASE}/{id}"))
}

#[test]
fn init_creates_a_committed_workspace() {
    let ws = Ws::new();
    for f in [
        "factdesk.yaml",
        ".yamllint",
        "checklists/anonymous-source.yaml",
        "schemas/claim.schema.json",
    ] {
        assert!(ws.root.join(f).exists(), "{f} missing");
    }
    let log = ws.git(&["log", "--format=%s%n%b"]);
    assert!(log.contains("Factdesk-Action: init"), "{log}");
    ws.fd(&["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already a factdesk workspace"));
    ws.fd(&["check"]).assert().success();
}

#[test]
fn init_without_identity_says_how_to_fix() {
    let ws = Ws::repo("Ana Editor");
    ws.git(&["config", "--unset", "user.name"]);
    ws.git(&["config", "--unset", "user.email"]);
    ws.fd(&["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("git config --global user.name"));
    assert!(!ws.root.join("factdesk.yaml").exists());
}

#[test]
fn new_stores_article_and_infers_metadata() {
    let ws = Ws::new();
    ws.seed();
    let article = std::fs::read(crate::fixture::seed_article()).unwrap();
    assert_eq!(
        std::fs::read(ws.root.join(format!("cases/{CASE}/article.txt"))).unwrap(),
        article
    );
    let case = ws.read(&format!("cases/{CASE}/case.yaml"));
    assert!(
        case.contains("published: 2023-11-05T11:01:00+07:00"),
        "{case}"
    );
    assert!(case.contains("author: Yati Maulana"), "{case}");
    assert!(case.contains("language: id"), "{case}");
    assert!(
        case.contains(
            "title: Pejabat Negara Barat Bahas Kemungkinan Pembicaraan Damai Kyiv dan Moskow"
        ),
        "{case}"
    );
    assert!(case.contains("dateline: KYIV"), "{case}");
    assert_eq!(ws.commits(), 2);
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(msg.starts_with(&format!("{CASE}: new case")), "{msg}");
    assert!(
        msg.contains(&format!("Factdesk-Case: {CASE}\nFactdesk-Action: new-case")),
        "{msg}"
    );
    ws.fd(&["check"]).assert().success();
}

#[test]
fn new_from_stdin_and_duplicate_id_refused() {
    let ws = Ws::new();
    let art = "WASHINGTON, Nov 5 (Reuters) - The U.S. economy added 150,000 jobs in October, the Labor Department said on Friday.\n";
    ws.fd(&["new", "-", "--id", "jobs", "--lang", "en"])
        .write_stdin(art)
        .assert()
        .success()
        .stdout(predicate::str::contains("jobs: new case"));
    ws.fd(&["new", "-", "--id", "jobs"])
        .write_stdin(art)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    ws.fd(&["new", "-", "--id", "empty"])
        .write_stdin("  \n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
    ws.fd(&["new", "-", "--id", "bin"])
        .write_stdin(&b"ok\xff\xfe"[..])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not UTF-8"));
}

#[test]
fn propose_is_a_dry_run() {
    let ws = Ws::new();
    let before = ws.commits();
    ws.fd(&[
        "propose",
        crate::fixture::seed_article().to_str().unwrap(),
        "--format",
        "json",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("\"proposals\""));
    assert_eq!(ws.commits(), before);
    assert!(!ws.root.join("cases").exists());
}

/// The scores of `propose --format json` for the seed article, with
/// `extra` arguments.
fn proposal_scores(ws: &Ws, extra: &[&str]) -> Vec<f64> {
    let article = crate::fixture::seed_article();
    let mut args = vec!["propose", article.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = ws.fd(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_f64().expect("every proposal has a score"))
        .collect()
}

#[test]
fn propose_min_score_keeps_the_stronger_proposals_in_order() {
    let ws = Ws::new();
    let all = proposal_scores(&ws, &[]);
    assert_eq!(all.len(), 11);
    assert!(all.iter().all(|s| (0.0..=1.0).contains(s)), "{all:?}");
    let strong = proposal_scores(&ws, &["--min-score", "0.9"]);
    assert!(!strong.is_empty() && strong.len() < all.len(), "{strong:?}");
    assert!(strong.iter().all(|s| *s >= 0.9), "{strong:?}");
    // Article order is kept: the strong ones are a subsequence of all.
    let kept: Vec<f64> = all.iter().copied().filter(|s| *s >= 0.9).collect();
    assert_eq!(strong, kept);
    ws.fd(&["propose", "x.txt", "--min-score", "1.5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a number from 0 to 1"));
}

#[test]
fn new_keeps_each_claims_score_in_its_file() {
    let ws = Ws::new();
    let case = ws.seed();
    let path = ws
        .root
        .join("cases")
        .join(case)
        .join("claims")
        .join("c01.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("score: "))
        .unwrap_or_else(|| panic!("no score in {text}"));
    let score: f64 = line["score: ".len()..].parse().unwrap();
    assert!((0.0..=1.0).contains(&score), "{line}");
    let v: serde_json::Value = serde_json::from_slice(
        &ws.fd(&["claims", case, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v[0]["score"].as_f64(), Some(score), "{v}");
}

#[test]
fn claim_add_must_quote_the_article() {
    let ws = Ws::new();
    ws.seed();
    ws.fd(&[
        "claim",
        "add",
        CASE,
        "--text",
        "Rusia menguasai seluruh Ukraina.",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("does not occur"));
    let (ws, claim) = with_stat_claim();
    let v: serde_json::Value = serde_json::from_slice(
        &ws.fd(&["show", &claim, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["text"], STAT);
    assert_eq!(v["kind"], "statistic");
    assert_eq!(v["status"], "unchecked");
    // The text form shows each step with its checklist prompt.
    ws.fd(&["show", &claim])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[ ] attribution: Confirm the attribution",
        ));
}

#[test]
fn verdict_needs_evidence_and_finished_steps() {
    let (ws, claim) = with_stat_claim();
    let rel = claim_file(&claim);
    let before = ws.read(&rel);
    let commits = ws.commits();
    ws.fd(&["set", &claim, "--status", "verified"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs at least one evidence item"));
    assert_eq!(ws.read(&rel), before, "refused change must not write");
    assert_eq!(ws.commits(), commits, "refused change must not commit");

    ws.fd(&[
        "evidence",
        "add",
        &claim,
        "--url",
        "https://example.org/isw-map",
        "--stance",
        "supports",
        "--excerpt",
        "about 17.5%",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "+1 evidence (supports) example.org",
    ));
    ws.fd(&["set", &claim, "--status", "verified"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "needs every required step finished",
        ));
    let steps = ws.steps(&claim);
    assert!(steps.contains(&"attribution".to_string()));
    // A required step cannot be skipped silently.
    ws.fd(&["step", &claim, &steps[0], "skip"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a note"));
    // Nor marked not applicable silently (issue 9): the same rule.
    ws.fd(&["step", &claim, &steps[0], "na"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "marking it not applicable needs a note saying why",
        ))
        .stderr(predicate::str::contains("hint: add --note"));
    ws.fd(&["step", &claim, &steps[0], "na", "--note", "  "])
        .assert()
        .code(2);
    for s in &steps {
        ws.fd(&["step", &claim, s, "done", "--note", "checked"])
            .assert()
            .success();
    }
    ws.fd(&["set", &claim, "--status", "verifed"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `verified`"));
    // A strong verdict needs the attribution decided first, even with
    // every step done: refused with a hint, nothing written.
    let before = ws.read(&rel);
    ws.fd(&["set", &claim, "--status", "verified"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "verdict `verified` needs the attribution decided first",
        ))
        .stderr(predicate::str::contains(
            "hint: decide the attribution first",
        ))
        .stderr(predicate::str::contains("--attribution confirmed"));
    assert_eq!(ws.read(&rel), before, "refused change must not write");
    // `unverifiable` does not judge the claim outright: not on the list.
    assert!(ws
        .session()
        .set_dry_run(
            &factdesk::model::CaseId::new(CASE).unwrap(),
            &factdesk::model::ClaimId::new(claim.rsplit('/').next().unwrap()).unwrap(),
            &factdesk::ops::SetRequest {
                status: Some("unverifiable".into()),
                ..Default::default()
            },
        )
        .is_ok());
    ws.fd(&[
        "set",
        &claim,
        "--status",
        "verified",
        "--attribution",
        "confirmed",
        "--note",
        "ISW map, Nov 2023",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(": in-progress → verified"));
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    let id = claim.rsplit('/').next().unwrap();
    assert!(msg.contains(&format!("Factdesk-Case: {CASE}\nFactdesk-Claim: {id}\nFactdesk-Action: set\nFactdesk-Status: verified\nFactdesk-Attribution: confirmed\n")), "{msg}");
    assert!(msg.contains("ISW map, Nov 2023"));
    // Each mutation is exactly one commit.
    assert_eq!(ws.commits(), commits + 1 + steps.len() + 1);
    ws.fd(&["check"]).assert().success();
    let cases: serde_json::Value = serde_json::from_slice(
        &ws.fd(&["cases", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(cases[0]["decided"], 1, "{cases}");
    ws.fd(&["set", &claim, "--status", "verified"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to change"));
}

#[test]
fn step_commit_names_the_step() {
    let (ws, claim) = with_stat_claim();
    ws.fd(&[
        "step",
        &claim,
        "attribution",
        "na",
        "--note",
        "the article's own statement",
    ])
    .assert()
    .success();
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(
        msg.contains("step statistic/attribution not-applicable"),
        "{msg}"
    );
    assert!(
        msg.contains("Factdesk-Step: statistic/attribution=not-applicable"),
        "{msg}"
    );
    assert!(msg.contains("Factdesk-Status: in-progress"), "{msg}");
    ws.fd(&["step", &claim, "atribution", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `attribution`"));
}

/// `FACTDESK_NOW` pins the time written into files; an invalid value stops
/// factdesk before anything is written.
#[test]
fn factdesk_now_pins_the_recorded_time() {
    let (ws, claim) = with_stat_claim();
    let rel = claim_file(&claim);
    ws.fd(&["step", &claim, "attribution", "na", "--note", "pinned"])
        .env("FACTDESK_NOW", "2024-05-01T10:00:00+07:00")
        .assert()
        .success();
    ws.fd(&["set", &claim, "--note", "pinned too"])
        .env("FACTDESK_NOW", "2024-05-01T10:00:00+07:00")
        .assert()
        .success();
    let yaml = ws.read(&rel);
    assert!(yaml.contains("at: 2024-05-01T10:00:00+07:00"), "{yaml}");
    assert!(
        yaml.contains("[2024-05-01 10:00 Ana Editor] pinned too"),
        "{yaml}"
    );
    let commits = ws.commits();
    ws.fd(&["set", &claim, "--note", "x"])
        .env("FACTDESK_NOW", "yesterday")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FACTDESK_NOW=`yesterday`"))
        .stderr(predicate::str::contains("bug").not());
    assert_eq!(ws.read(&rel), yaml);
    assert_eq!(ws.commits(), commits);
}

#[test]
fn commits_leave_unrelated_user_work_exactly_as_it_was() {
    let (ws, claim) = with_stat_claim();
    ws.write("notes/mine.txt", "v1\n");
    ws.git(&["add", "notes/mine.txt"]);
    ws.git(&["commit", "-q", "-m", "my notes"]);
    ws.write("notes/mine.txt", "v2 staged\n");
    ws.git(&["add", "notes/mine.txt"]);
    ws.write("notes/mine.txt", "v3 unstaged\n");
    ws.write("scratch.txt", "untracked\n");
    ws.write("staged-new.txt", "new and staged\n");
    ws.git(&["add", "staged-new.txt"]);
    let status_before = ws.git(&["status", "--porcelain"]);
    let staged_before = ws.git(&["diff", "--cached"]);

    ws.fd(&["set", &claim, "--note", "looking for the ISW source"])
        .assert()
        .success();

    assert_eq!(ws.git(&["status", "--porcelain"]), status_before);
    assert_eq!(ws.git(&["diff", "--cached"]), staged_before);
    assert_eq!(ws.read("notes/mine.txt"), "v3 unstaged\n");
    let files = ws.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), claim_file(&claim));
}

#[test]
fn refuses_mid_merge_without_writing() {
    let (ws, claim) = with_stat_claim();
    let head = ws.git(&["rev-parse", "HEAD"]);
    std::fs::write(ws.root.join(".git/MERGE_HEAD"), &head).unwrap();
    let rel = claim_file(&claim);
    let before = ws.read(&rel);
    ws.fd(&["set", &claim, "--note", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("middle of a merge"));
    assert_eq!(ws.read(&rel), before);
}

/// Conflicts left in the index with no merge under way (as a conflicted
/// `git stash pop` leaves them) are refused too: the check runs on the
/// one copy of the index a change reads, and leaves no lock behind.
#[test]
fn refuses_index_conflicts_without_a_merge_under_way() {
    let (ws, claim) = with_stat_claim();
    let main = ws
        .git(&["rev-parse", "--abbrev-ref", "HEAD"])
        .trim()
        .to_string();
    ws.git(&["checkout", "-q", "-b", "other"]);
    ws.fd(&["set", &claim, "--note", "theirs"])
        .assert()
        .success();
    ws.git(&["checkout", "-q", &main]);
    ws.fd(&["set", &claim, "--note", "ours"]).assert().success();
    let merged = ws.git_output(&["merge", "other"]);
    assert!(!merged.status.success(), "expected a conflict");
    for f in ["MERGE_HEAD", "MERGE_MSG", "MERGE_MODE"] {
        let _ = std::fs::remove_file(ws.root.join(".git").join(f));
    }
    let head = ws.git(&["rev-parse", "HEAD"]);
    // Another claim of the case: its file is fine, the index is not.
    let case = claim.split('/').next().unwrap();
    let other = format!("{case}/c01");
    assert_ne!(other, claim);
    let rel = claim_file(&other);
    let before = ws.read(&rel);
    ws.fd(&["set", &other, "--note", "while conflicted"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unresolved conflicts"));
    assert_eq!(ws.read(&rel), before, "the claim file is untouched");
    assert_eq!(ws.git(&["rev-parse", "HEAD"]), head, "no commit");
    assert!(!ws.root.join(".git/index.lock").exists(), "index lock left");
}

#[test]
fn refuses_to_build_on_invalid_hand_edits() {
    let (ws, claim) = with_stat_claim();
    let rel = claim_file(&claim);
    let broken = ws
        .read(&rel)
        .replace("\nstatus: unchecked", "\nstauts: unchecked");
    ws.write(&rel, &broken);
    ws.fd(&["set", &claim, "--note", "x"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("unknown key `stauts`")
                .and(predicate::str::contains("did you mean `status`")),
        );
    assert_eq!(
        ws.read(&rel),
        broken,
        "the hand edit is kept, not overwritten"
    );
}

#[test]
fn valid_hand_edits_are_kept_and_mentioned() {
    let (ws, claim) = with_stat_claim();
    let rel = claim_file(&claim);
    let edited = ws.read(&rel).replace(
        "\nstatus: unchecked",
        "\nstatus: unchecked\nnotes: hand-written note",
    );
    ws.write(&rel, &edited);
    ws.fd(&["assign", &claim, "budi"]).assert().success();
    let now = ws.read(&rel);
    assert!(
        now.contains("notes: hand-written note") && now.contains("assignee: budi"),
        "{now}"
    );
    assert!(ws
        .git(&["log", "-1", "--format=%B"])
        .contains("uncommitted hand edits"));
}

#[test]
fn dismiss_keeps_the_proposal_with_a_reason() {
    let (ws, claim) = with_stat_claim();
    ws.fd(&["claim", "dismiss", &claim, "--reason", ""])
        .assert()
        .code(2);
    ws.fd(&[
        "claim",
        "dismiss",
        &claim,
        "--reason",
        "background, not disputed",
    ])
    .assert()
    .success();
    let id = claim.rsplit('/').next().unwrap();
    let rel = format!("cases/{CASE}/claims/{id}.yaml");
    assert!(ws.read(&rel).contains("reason: background, not disputed"));
    let listed = ws.fd(&["claims", CASE]).output().unwrap().stdout;
    assert!(!String::from_utf8_lossy(&listed).contains(&format!("{id} ")));
    let all = ws.fd(&["claims", CASE, "--all"]).output().unwrap().stdout;
    assert!(String::from_utf8_lossy(&all).contains("dismissed"));
}

#[test]
fn assign_case_and_claim() {
    let (ws, claim) = with_stat_claim();
    ws.fd(&["assign", CASE, "ana"])
        .assert()
        .success()
        .stdout(predicate::str::contains(": assign ana"));
    ws.fd(&["assign", CASE, "ana"]).assert().code(2);
    assert!(ws
        .read(&format!("cases/{CASE}/case.yaml"))
        .contains("assignees:\n- ana\n"));
    ws.fd(&["assign", CASE, "ana", "--remove"])
        .assert()
        .success();
    ws.fd(&["assign", &claim, "budi"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(
        &ws.fd(&["claims", CASE, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["assignee"] == "budi"));
}

/// Regression ("Hostile files…"): `evidence add --url 'not a url'` and
/// `--url javascript:alert(5)` were accepted and committed. Now a URL a
/// reader cannot follow (here or in `--archive`) is a usage error naming
/// the problem, before anything is written or committed.
#[test]
fn evidence_urls_are_refused_at_entry() {
    let (ws, claim) = with_stat_claim();
    let rel = claim_file(&claim);
    let before = ws.read(&rel);
    let commits = ws.commits();
    let shot = ws.tmp.path().join("map.png");
    std::fs::write(&shot, b"\x89PNG fake screenshot").unwrap();
    let bad = [
        (
            vec!["--url", "not a url"],
            "`not a url` is not an absolute http(s) URL",
        ),
        (
            vec!["--url", "javascript:alert(5)"],
            "`javascript:alert(5)` is not an http(s) URL",
        ),
        (
            vec![
                "--url",
                "https://example.org/map",
                "--archive",
                "example.org/x",
            ],
            "archive URL: `example.org/x` is not an absolute http(s) URL",
        ),
        (
            vec!["--url", "https://"],
            "evidence URL: `https://` has no valid site name",
        ),
    ];
    for (args, why) in bad {
        let mut all = vec!["evidence", "add", &claim];
        all.extend(&args);
        all.extend(["--file", shot.to_str().unwrap()]);
        ws.fd(&all)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why))
            .stderr(predicate::str::contains("https://"));
        assert_eq!(ws.commits(), commits, "{args:?} committed");
        assert_eq!(ws.read(&rel), before, "{args:?} wrote the claim");
        assert!(
            !ws.root.join(format!("cases/{CASE}/evidence")).exists(),
            "{args:?} copied the file"
        );
    }
    ws.fd(&["check"]).assert().success();
}

/// Regression: `factdesk new --url` took any text as the article's URL.
#[test]
fn new_refuses_a_bad_article_url() {
    let ws = Ws::new();
    let commits = ws.commits();
    let art = "WASHINGTON, Nov 5 (Reuters) - The U.S. economy added 150,000 jobs in October, the Labor Department said on Friday.\n";
    for url in ["example.org/story", "javascript:alert(5)"] {
        ws.fd(&["new", "-", "--id", "jobs", "--url", url])
            .write_stdin(art)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("article URL: `{url}`")));
        assert_eq!(ws.commits(), commits);
        assert!(!ws.root.join("cases/jobs").exists());
    }
    ws.fd(&[
        "new",
        "-",
        "--id",
        "jobs",
        "--url",
        "https://example.org/story",
    ])
    .write_stdin(art)
    .assert()
    .success();
}

/// Adds a screenshot file as evidence of `claim` (`--url
/// https://example.org/map` and `extra` options); it is stored as
/// `evidence/map.png`.
fn add_map_png(ws: &Ws, claim: &str, extra: &[&str]) {
    let shot = ws.tmp.path().join("map.png");
    std::fs::write(&shot, b"\x89PNG fake screenshot").unwrap();
    let mut args = vec![
        "evidence",
        "add",
        claim,
        "--url",
        "https://example.org/map",
        "--file",
        shot.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ws.fd(&args).assert().success();
}

#[test]
fn evidence_files_are_stored_hashed_and_checked() {
    let (ws, claim) = with_stat_claim();
    add_map_png(
        &ws,
        &claim,
        &[
            "--archive",
            "https://web.archive.org/web/2023/https://example.org/map",
        ],
    );
    let stored = ws.root.join(format!("cases/{CASE}/evidence/map.png"));
    assert_eq!(std::fs::read(&stored).unwrap(), b"\x89PNG fake screenshot");
    let files = ws.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(
        files.contains(&format!("cases/{CASE}/evidence/map.png")),
        "{files}"
    );
    ws.fd(&["check"]).assert().success();
    std::fs::write(&stored, b"tampered").unwrap();
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[evidence-file-hash]"));
}

#[test]
fn claims_json_has_the_documented_keys() {
    let (ws, _) = with_stat_claim();
    let v: serde_json::Value = serde_json::from_slice(
        &ws.fd(&["claims", CASE, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let first = &v.as_array().unwrap()[0];
    for k in ["id", "text", "kind", "status", "speaker", "anonymous"] {
        assert!(first.get(k).is_some(), "missing {k}");
    }
}

#[test]
fn unknown_case_and_claim_are_usage_errors_with_hints() {
    let (ws, _) = with_stat_claim();
    ws.fd(&["claims", "2023-11-05-kyiv-moscow-talk"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("did you mean `{CASE}`")));
    ws.fd(&["show", &format!("{CASE}/c99")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no claim c99"));
    ws.fd(&["set", &format!("{CASE}/c99"), "--note", "x"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("has no claim c99")
                .and(predicate::str::contains("claims: c01")),
        );
    ws.fd(&["show", "nonsense"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("CASE/CLAIM"));
}

#[test]
fn saving_unchanged_files_is_byte_identical() {
    let (ws, _) = with_stat_claim();
    for entry in std::fs::read_dir(ws.root.join(format!("cases/{CASE}/claims"))).unwrap() {
        let p = entry.unwrap().path();
        let raw = std::fs::read_to_string(&p).unwrap();
        let claim: factdesk::model::Claim = factdesk::store::parse(&raw).unwrap();
        assert_eq!(
            factdesk::store::render(&claim).unwrap(),
            raw,
            "{}",
            p.display()
        );
        assert!(raw.ends_with('\n') && !raw.contains('\r'));
    }
    let raw = ws.read(&format!("cases/{CASE}/case.yaml"));
    let case: factdesk::model::Case = factdesk::store::parse(&raw).unwrap();
    assert_eq!(factdesk::store::render(&case).unwrap(), raw);
}

#[test]
fn outside_a_workspace_the_error_says_what_to_do() {
    let ws = Ws::repo("Ana Editor");
    ws.fd(&["claims", CASE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("factdesk init"));
}

#[test]
fn case_source_chain_follows_the_lede() {
    let ws = Ws::new();
    ws.seed();
    let case = ws.read(&format!("cases/{CASE}/case.yaml"));
    assert!(
        case.contains("source_chain:\n- name: Reuters\n  role: republishes\n- name: NBC\n  role: cites\n- name: seorang pejabat senior AS"),
        "{case}"
    );
    assert!(
        case.contains("  role: source\n  anonymous: true\n"),
        "{case}"
    );
}

/// Regression: `init DIR` once created DIR/DIR because the positional and
/// the global `-C` shared one clap id.
#[test]
fn init_dir_creates_the_workspace_in_dir() {
    let ws = Ws::repo("Ana Editor");
    ws.fd(&["init", "sub"]).assert().success();
    assert!(ws.root.join("sub/factdesk.yaml").exists());
    assert!(!ws.root.join("sub/sub").exists());
    ws.fd(&["-C", "sub", "check"]).assert().success();
}

// Exit codes, one test per code, through the real binary (README "Exit
// codes"; the kinds behind them are in src/cli/error.rs).

#[test]
fn exit_0_on_success() {
    let ws = Ws::new();
    ws.seed();
    ws.fd(&["cases"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(CASE))
        .stderr("");
}

#[test]
fn exit_1_on_findings_and_refusals() {
    let (ws, claim) = with_stat_claim();
    // Refused: the rules say no; nothing is written.
    ws.fd(&["set", &claim, "--status", "verified"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: "));
    // Findings: `check` worked and found a problem.
    let rel = claim_file(&claim);
    ws.write(
        &rel,
        &ws.read(&rel).replace("\nstatus: unchecked", "\nstauts: x"),
    );
    ws.fd(&["check"]).assert().code(1);
}

#[test]
fn exit_2_on_usage_errors() {
    let ws = Ws::new();
    ws.fd(&["claims", "no-such-case"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: no case `no-such-case`"))
        .stderr(predicate::str::contains("hint: "));
    ws.fd(&["propose", "missing.txt"]).assert().code(2);
    ws.fd(&["-C", "no/such/dir", "cases"]).assert().code(2);
    // clap's own usage errors exit 2 as well.
    ws.fd(&["set"]).assert().code(2);
}

#[test]
fn exit_3_when_the_disk_is_full() {
    let full = std::path::Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let ws = Ws::new();
    ws.seed();
    let out = ws
        .fd_std(&["claims", CASE])
        .stdout(std::fs::File::create(full).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: cannot write the output\nCaused by: "),
        "{err}"
    );
    // `-o FILE` on a full disk, too.
    ws.fd(&["report", CASE, "-o", "/dev/full"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("writing /dev/full"));
}

#[test]
fn exit_3_when_libgit2_fails_with_the_cause_shown() {
    let (ws, claim) = with_stat_claim();
    // Corrupt the commit HEAD points at: libgit2 cannot read it.
    let head = ws.git(&["rev-parse", "HEAD"]);
    let head = head.trim();
    let obj = ws
        .root
        .join(format!(".git/objects/{}/{}", &head[..2], &head[2..]));
    let mut perms = std::fs::metadata(&obj).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).unwrap();
    std::fs::write(&obj, b"garbage").unwrap();
    ws.fd(&["set", &claim, "--note", "x"])
        .assert()
        .code(3)
        .stderr(predicate::str::starts_with("error: git: "))
        .stderr(predicate::str::contains("\nCaused by: "));
}

#[test]
fn exit_141_quietly_when_the_reader_goes_away() {
    let ws = Ws::new();
    ws.seed();
    // A pipe whose reading end is already closed: the first write fails
    // with EPIPE, deterministically (no race with a real `head`).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = ws.fd_std(&["log"]).stdout(writer).output().unwrap();
    assert_eq!(out.status.code(), Some(141), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exit_255_on_a_bug() {
    let ws = Ws::new();
    ws.fd(&["cases"])
        .env("FACTDESK_DEBUG_PANIC", "1")
        .assert()
        .code(255)
        .stderr(predicate::str::contains("error: factdesk hit a bug"));
}

/// `CASE/CLAIM` and `CASE` are ids, never paths: `..`, absolute paths and
/// extra folders are usage errors (exit 2) that name the expected form and
/// change nothing — not this workspace, not another one.
#[test]
fn claim_and_case_arguments_are_ids_not_paths() {
    let (ws, claim) = with_stat_claim();
    let id = claim.rsplit('/').next().unwrap().to_string();
    let before = ws.commits();
    let file = ws.read(&claim_file(&claim));
    for bad in [
        format!("../other/cases/{CASE}/{id}"),
        format!("/etc/{CASE}/{id}"),
        format!("{CASE}/../{CASE}/{id}"),
        format!("cases/{CASE}/{id}"),
        format!("./{CASE}/{id}"),
        format!("{CASE}/{id}/x"),
        format!("{CASE}//{id}"),
        format!("/{CASE}/{id}"),
    ] {
        ws.fd(&["set", &bad, "--note", "x"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "expected CASE/CLAIM, e.g. 2023-11-05-kyiv-moscow-talks/c03",
            ));
        ws.fd(&["show", &bad]).assert().code(2);
    }
    for bad in [
        format!("../{CASE}"),
        format!("/etc/{CASE}"),
        format!("cases/{CASE}"),
        format!("{CASE}/.."),
        "..".to_string(),
        "/".to_string(),
    ] {
        ws.fd(&["claim", "add", &bad, "--text", "Something was said."])
            .assert()
            .code(2);
        ws.fd(&["claims", &bad]).assert().code(2);
    }
    ws.fd(&["claims", &format!("/etc/{CASE}")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected CASE, e.g."));
    assert_eq!(ws.commits(), before);
    assert_eq!(ws.read(&claim_file(&claim)), file);
    assert_eq!(ws.git(&["status", "--porcelain"]), "");
    // The exact forms still work, with and without a trailing slash.
    ws.fd(&["show", &format!("{claim}/")]).assert().success();
    ws.fd(&["claims", &format!("{CASE}/")]).assert().success();
}

/// `check` never follows a link out of the repository nor reads a stream:
/// an evidence file, the evidence folder, `article.txt`, a claim file or a
/// case folder that is a symbolic link is one `not-a-regular-file` finding,
/// and nothing of its target (bytes or hash) is printed.
#[cfg(unix)]
#[test]
fn check_reports_links_and_never_reads_through_them() {
    use std::os::unix::fs::symlink;
    let (ws, claim) = with_stat_claim();
    add_map_png(&ws, &claim, &[]);
    ws.fd(&["check"]).assert().success();
    let case_dir = ws.root.join(format!("cases/{CASE}"));
    let stored = case_dir.join("evidence/map.png");
    // A secret outside the workspace, whose bytes and hash must not show.
    let secret = ws.tmp.path().join("secret.txt");
    std::fs::write(&secret, b"top secret outside the repository\n").unwrap();
    let secret_sha = factdesk::store::sha256_hex(&std::fs::read(&secret).unwrap());
    let assert_reported = |what: &str| {
        for format in ["text", "json", "github"] {
            let out = ws.fd(&["check", "--format", format]).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{what}");
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(text.contains("not-a-regular-file"), "{what}: {text}");
            assert!(!text.contains(&secret_sha), "{what}: hash leaked: {text}");
            assert!(!text.contains("top secret"), "{what}: bytes leaked: {text}");
            assert!(!text.contains("secret.txt"), "{what}: target named: {text}");
        }
    };
    for target in [secret.as_path(), Path::new("/dev/zero")] {
        std::fs::remove_file(&stored).unwrap();
        symlink(target, &stored).unwrap();
        assert_reported(&format!("evidence -> {}", target.display()));
    }
    // The evidence folder itself a link to a folder outside.
    std::fs::remove_file(&stored).unwrap();
    let outside = ws.tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("map.png"), b"\x89PNG fake screenshot").unwrap();
    std::fs::remove_dir(case_dir.join("evidence")).unwrap();
    symlink(&outside, case_dir.join("evidence")).unwrap();
    assert_reported("evidence folder link");
    std::fs::remove_file(case_dir.join("evidence")).unwrap();
    std::fs::create_dir(case_dir.join("evidence")).unwrap();
    std::fs::write(&stored, b"\x89PNG fake screenshot").unwrap();
    ws.fd(&["check"]).assert().success();
    // article.txt, with the very same bytes, but a link outside.
    let article = case_dir.join("article.txt");
    let copy = ws.tmp.path().join("article.txt");
    std::fs::copy(&article, &copy).unwrap();
    std::fs::remove_file(&article).unwrap();
    symlink(&copy, &article).unwrap();
    assert_reported("article link");
    std::fs::remove_file(&article).unwrap();
    std::fs::copy(&copy, &article).unwrap();
    // A claim file linked to one outside.
    let file = ws.root.join(claim_file(&claim));
    let moved = ws.tmp.path().join("claim.yaml");
    std::fs::rename(&file, &moved).unwrap();
    symlink(&moved, &file).unwrap();
    assert_reported("claim link");
    std::fs::remove_file(&file).unwrap();
    std::fs::rename(&moved, &file).unwrap();
    ws.fd(&["check"]).assert().success();
    // A whole case folder linked in from outside.
    symlink(&outside, ws.root.join("cases/elsewhere")).unwrap();
    assert_reported("case folder link");
}

/// A case folder (or its `claims/`) that is a link to a copy outside the
/// repository is not read through by commands that name the case.
#[cfg(unix)]
#[test]
fn commands_do_not_read_through_linked_case_folders() {
    use std::os::unix::fs::symlink;
    let (ws, claim) = with_stat_claim();
    let id = claim.rsplit('/').next().unwrap().to_string();
    let outside = ws.tmp.path().join("outside-case");
    let copied = std::process::Command::new("cp")
        .arg("-R")
        .arg(ws.root.join(format!("cases/{CASE}")))
        .arg(&outside)
        .status()
        .unwrap();
    assert!(copied.success());
    symlink(&outside, ws.root.join("cases/elsewhere")).unwrap();
    for args in [
        vec!["show".to_string(), format!("elsewhere/{id}")],
        vec!["claims".to_string(), "elsewhere".to_string()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = ws.fd(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?} read through the link");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(STAT),
            "{args:?}"
        );
    }
    // `claims/` itself a link, inside a real case folder.
    let claims = ws.root.join(format!("cases/{CASE}/claims"));
    std::fs::rename(&claims, ws.tmp.path().join("claims-outside")).unwrap();
    symlink(ws.tmp.path().join("claims-outside"), &claims).unwrap();
    let out = ws.fd(&["show", &claim]).output().unwrap();
    assert!(!out.status.success(), "show read through claims/ link");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(STAT));
}

/// `evidence add --file` takes only a regular file within
/// `evidence_max_bytes`: /dev/zero, a FIFO and a link are refused at once,
/// an oversize file too; nothing is committed.
#[cfg(unix)]
#[test]
fn evidence_add_takes_only_bounded_regular_files() {
    let (ws, claim) = with_stat_claim();
    let cfg = ws.read("factdesk.yaml") + "evidence_max_bytes: 10\n";
    ws.write("factdesk.yaml", &cfg);
    ws.git(&["commit", "-qam", "limit"]);
    let before = ws.commits();
    let add = |file: &Path| {
        ws.fd(&[
            "evidence",
            "add",
            &claim,
            "--url",
            "https://example.org/x",
            "--file",
            file.to_str().unwrap(),
        ])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
    };
    add(Path::new("/dev/zero"))
        .failure()
        .stderr(predicate::str::contains("not a regular file"));
    let fifo = ws.tmp.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        add(&fifo)
            .failure()
            .stderr(predicate::str::contains("FIFO, not a regular file"));
    } else {
        eprintln!("mkfifo unavailable: FIFO case skipped");
    }
    let ok = ws.tmp.path().join("ten.bin");
    std::fs::write(&ok, b"0123456789").unwrap();
    let link = ws.tmp.path().join("link.bin");
    std::os::unix::fs::symlink(&ok, &link).unwrap();
    add(&link)
        .failure()
        .stderr(predicate::str::contains("symbolic link"));
    let big = ws.tmp.path().join("eleven.bin");
    std::fs::write(&big, b"0123456789A").unwrap();
    add(&big)
        .failure()
        .stderr(predicate::str::contains("more than the 10 allowed"));
    assert_eq!(ws.commits(), before);
    assert_eq!(ws.git(&["status", "--porcelain"]), "");
    add(&ok).success();
    assert_eq!(ws.commits(), before + 1);
    ws.fd(&["check"]).assert().success();
}

/// `evidence add --file` never copies through a linked `evidence/` folder.
#[cfg(unix)]
#[test]
fn evidence_add_refuses_a_linked_evidence_folder() {
    let (ws, claim) = with_stat_claim();
    let outside = ws.tmp.path().join("outside-evidence");
    std::fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, ws.root.join(format!("cases/{CASE}/evidence"))).unwrap();
    let shot = ws.tmp.path().join("map.png");
    std::fs::write(&shot, b"png").unwrap();
    let before = ws.commits();
    ws.fd(&[
        "evidence",
        "add",
        &claim,
        "--url",
        "https://example.org/map",
        "--file",
        shot.to_str().unwrap(),
    ])
    .timeout(std::time::Duration::from_secs(60))
    .assert()
    .failure()
    .stderr(predicate::str::contains("symbolic link"));
    assert_eq!(ws.commits(), before);
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

/// `new` keeps the `max_claims` most check-worthy proposals, numbered in
/// article order, says so, and `--max-claims 0` keeps every proposal.
#[test]
fn new_keeps_only_the_most_checkworthy_under_max_claims() {
    let ws = Ws::new();
    let article = crate::fixture::seed_article();
    let article = article.to_str().unwrap();
    let all: serde_json::Value = serde_json::from_slice(
        &ws.fd(&["propose", article, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let proposals = all["proposals"].as_array().unwrap();
    assert!(proposals.len() > 3, "{all}");
    // The three highest scores, earlier first among equals, in article order.
    let mut order: Vec<usize> = (0..proposals.len()).collect();
    let score = |i: usize| proposals[i]["score"].as_f64().unwrap();
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
    let mut best: Vec<usize> = order[..3].to_vec();
    best.sort_unstable();
    let want: Vec<&str> = best
        .iter()
        .map(|&i| proposals[i]["text"].as_str().unwrap())
        .collect();

    let mut config = ws.read("factdesk.yaml");
    config.push_str("max_claims: 3\n");
    ws.write("factdesk.yaml", &config);
    ws.git(&["commit", "-qam", "cap claims"]);
    let out = ws
        .fd(&["new", article, "--id", "capped", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["proposed"].as_u64(), Some(proposals.len() as u64), "{v}");
    let got: Vec<&str> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(got, want);
    let files = std::fs::read_dir(ws.root.join("cases/capped/claims"))
        .unwrap()
        .count();
    assert_eq!(files, 3);
    assert!(ws.read("cases/capped/claims/c03.yaml").contains("id: c03"));
    assert!(ws
        .git(&["log", "-1", "--format=%b"])
        .contains("the 3 most check-worthy kept"));

    ws.fd(&["new", article, "--id", "capped-text"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kept the 3 most check-worthy"));
    ws.fd(&["new", article, "--id", "all", "--max-claims", "0"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{} claims proposed",
            proposals.len()
        )))
        .stdout(predicate::str::contains("most check-worthy").not());
}
