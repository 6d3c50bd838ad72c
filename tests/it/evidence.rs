//! Evidence without an address, corrected and withdrawn; dismissals that
//! cannot be overwritten and can be undone; attribution fields and the
//! translation set from the CLI; and the case list's last change read from
//! git (issue 9).

use crate::fixture::{Ws, SEED_ID as CASE};
use predicates::prelude::*;

/// The claim of the seed case quoted in the article's own voice (no
/// attribution), found by its text.
const STAT: &str =
    "Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina yang diakui secara internasional.";

/// A workspace with the seed case; returns it with `CASE/cNN` of the
/// statistic claim (added if the proposer did not pick it).
fn stat_claim() -> (Ws, String) {
    let ws = Ws::new();
    ws.seed();
    let find = |ws: &Ws| -> Option<String> {
        let out = ws
            .fd(&["claims", CASE, "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .find(|c| c["text"].as_str() == Some(STAT))
            .map(|c| c["id"].as_str().unwrap().to_string())
    };
    let id = match find(&ws) {
        Some(id) => id,
        None => {
            ws.fd(&["claim", "add", CASE, "--text", STAT])
                .assert()
                .success();
            find(&ws).expect("added")
        }
    };
    (ws, format!("{CASE}/{id}"))
}

fn file_of(claim: &str) -> String {
    format!("cases/{}.yaml", claim.replace('/', "/claims/"))
}

fn stdout(ws: &Ws, args: &[&str]) -> String {
    let out = ws.fd(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Marks every step of the claim done, so a verdict is possible.
fn finish_steps(ws: &Ws, claim: &str) {
    for s in ws.steps(claim) {
        ws.fd(&["step", claim, &s, "done", "--note", "checked"])
            .assert()
            .success();
    }
}

#[test]
fn evidence_can_be_an_interview_with_no_url() {
    let (ws, claim) = stat_claim();
    let rel = file_of(&claim);
    // Nothing to find or judge it by: refused before anything is written.
    let commits = ws.commits();
    ws.fd(&["evidence", "add", &claim, "--stance", "refutes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--description"));
    ws.fd(&["evidence", "add", &claim, "--url", "not a url"])
        .assert()
        .code(2);
    ws.fd(&[
        "evidence",
        "add",
        &claim,
        "--kind",
        "rumour",
        "--description",
        "x",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("interview"));
    assert_eq!(ws.commits(), commits);

    ws.fd(&[
        "evidence",
        "add",
        &claim,
        "--kind",
        "interview",
        "--description",
        "Phone interview with the ministry spokesperson",
        "--stance",
        "refutes",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("+1 evidence (refutes) interview"));
    let text = ws.read(&rel);
    assert!(text.contains("- kind: interview"), "{text}");
    assert!(text.contains("description: Phone interview with the ministry spokesperson"));
    assert!(!text.contains("url:"), "no address is written: {text}");
    let show = stdout(&ws, &["show", &claim]);
    assert!(
        show.contains("1. interview refutes Phone interview with the ministry spokesperson"),
        "{show}"
    );
    // It counts as evidence for a verdict, and check accepts the file.
    finish_steps(&ws, &claim);
    ws.fd(&[
        "set",
        &claim,
        "--status",
        "false",
        "--attribution",
        "confirmed",
    ])
    .assert()
    .success();
    ws.fd(&["check"]).assert().success();
    // The report names the kind and the description.
    let md = stdout(&ws, &["report", CASE]);
    assert!(
        md.contains("interview: Phone interview with the ministry spokesperson"),
        "{md}"
    );
}

#[test]
fn evidence_edit_keeps_a_correction_record() {
    let (ws, claim) = stat_claim();
    let rel = file_of(&claim);
    ws.fd(&[
        "evidence",
        "add",
        &claim,
        "--url",
        "https://example.org/isw-mpa",
    ])
    .assert()
    .success();
    // A note is required, the item must exist, the new URL must be one,
    // and something must change; each is a usage error naming the problem.
    let edit = |rest: &[&str]| -> Vec<String> {
        ["evidence", "edit", claim.as_str()]
            .iter()
            .chain(rest)
            .map(|s| s.to_string())
            .collect()
    };
    for (rest, says) in [
        (&["1", "--url", "https://example.org/isw-map"][..], ""),
        (
            &["1", "--note", "", "--url", "https://example.org/x"][..],
            "needs a note",
        ),
        (
            &["2", "--note", "typo", "--url", "https://example.org/x"][..],
            "no evidence item 2 (it has 1)",
        ),
        (&["1", "--note", "typo", "--url", "isw map"][..], ""),
        (
            &[
                "1",
                "--note",
                "typo",
                "--url",
                "https://example.org/isw-mpa",
            ][..],
            "nothing to change",
        ),
    ] {
        let args = edit(rest);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ws.fd(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }

    ws.fd(&[
        "evidence",
        "edit",
        &claim,
        "1",
        "--note",
        "typo in the address",
        "--url",
        "https://example.org/isw-map",
        "--description",
        "ISW control map",
        "--kind",
        "dataset",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "evidence 1 corrected (kind, url, description)",
    ));
    let text = ws.read(&rel);
    assert!(text.contains("url: https://example.org/isw-map"), "{text}");
    assert!(text.contains("corrections:"), "{text}");
    assert!(text.contains("note: typo in the address"), "{text}");
    let show = stdout(&ws, &["show", &claim]);
    assert!(
        show.contains("1. dataset context ISW control map"),
        "{show}"
    );
    assert!(show.contains("corrected by Ana Editor"), "{show}");
    assert!(show.contains("typo in the address"), "{show}");
    let diff = stdout(&ws, &["diff", "HEAD~1..HEAD"]);
    assert!(
        diff.contains("evidence 1 corrected (context) ISW control map: typo in the address"),
        "{diff}"
    );
    let body = ws.git(&["log", "-1", "--format=%B"]);
    assert!(body.contains("typo in the address"), "{body}");
    assert!(body.contains("Factdesk-Action: evidence"), "{body}");
    ws.fd(&["check"]).assert().success();
}

#[test]
fn withdrawn_evidence_is_kept_marked_and_does_not_count() {
    let (ws, claim) = stat_claim();
    let rel = file_of(&claim);
    ws.fd(&[
        "evidence",
        "add",
        &claim,
        "--url",
        "https://parody.example/17",
        "--stance",
        "supports",
    ])
    .assert()
    .success();
    finish_steps(&ws, &claim);
    ws.fd(&[
        "set",
        &claim,
        "--status",
        "verified",
        "--attribution",
        "confirmed",
    ])
    .assert()
    .success();
    // Withdrawing the only evidence would leave the verdict without any.
    let before = ws.read(&rel);
    ws.fd(&[
        "evidence",
        "withdraw",
        &claim,
        "1",
        "--note",
        "a parody site",
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains("not withdrawn"));
    assert_eq!(ws.read(&rel), before);
    ws.fd(&["evidence", "withdraw", &claim, "1", "--note", " "])
        .assert()
        .code(2);

    ws.fd(&[
        "evidence",
        "add",
        &claim,
        "--kind",
        "document",
        "--description",
        "BPS table 3.1, handed over by email",
        "--stance",
        "supports",
    ])
    .assert()
    .success();
    // A second editor approved the verdict on the evidence as it was.
    ws.user("Bo Reviewer");
    ws.fd(&["review", &claim, "--approve"]).assert().success();
    ws.user("Ana Editor");
    ws.fd(&[
        "evidence",
        "withdraw",
        &claim,
        "1",
        "--note",
        "a parody site",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "evidence 1 withdrawn (parody.example), approval voided",
    ));
    assert!(ws.read(&rel).contains("voided: true"));
    // The semantic diff calls it a withdrawal, not a removal.
    let diff = stdout(&ws, &["diff", "HEAD~1..HEAD"]);
    assert!(
        diff.contains("evidence 1 withdrawn (supports) https://parody.example/17: a parody site"),
        "{diff}"
    );
    assert!(!diff.contains("removed!"), "{diff}");
    let text = ws.read(&rel);
    assert!(
        text.contains("url: https://parody.example/17"),
        "kept: {text}"
    );
    assert!(text.contains("withdrawn:"), "{text}");
    assert!(text.contains("note: a parody site"), "{text}");
    // Once is enough; a withdrawn item is not edited either.
    ws.fd(&["evidence", "withdraw", &claim, "1", "--note", "again"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already withdrawn by Ana Editor"))
        .stderr(predicate::str::contains("a parody site"));
    ws.fd(&[
        "evidence",
        "edit",
        &claim,
        "1",
        "--note",
        "fix",
        "--description",
        "x",
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains("was withdrawn"));

    let show = stdout(&ws, &["show", &claim]);
    assert!(show.contains("[WITHDRAWN by Ana Editor"), "{show}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&ws, &["claims", CASE, "--format", "json"])).unwrap();
    let id = claim.rsplit('/').next().unwrap();
    let row = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap();
    assert_eq!(row["evidence"], 1, "withdrawn items are not counted");
    let md = stdout(&ws, &["report", CASE]);
    assert!(
        md.contains("~~web-page: <https://parody.example/17>"),
        "{md}"
    );
    assert!(md.contains("**withdrawn by Ana Editor on "), "{md}");
    let html = stdout(&ws, &["report", CASE, "--format", "html"]);
    assert!(html.contains("<li class=\"withdrawn\"><s>"), "{html}");
    let csv = stdout(&ws, &["export", CASE, "--format", "csv"]);
    assert!(
        csv.contains("[withdrawn by Ana Editor: a parody site]"),
        "{csv}"
    );
    ws.fd(&["check"]).assert().success();

    // By hand, withdrawing the last one: check says the verdict has no evidence.
    let text = ws.read(&rel);
    let last = text.rfind("  added_by: Ana Editor\n").unwrap() + "  added_by: Ana Editor\n".len();
    let all = format!(
        "{}  withdrawn:\n    by: Ana Editor\n    at: 2020-01-01T00:00:00Z\n    note: ''\n{}",
        &text[..last],
        &text[last..]
    );
    assert_ne!(all, ws.read(&rel), "the hand edit applies");
    ws.write(&rel, &all);
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "needs at least one evidence item that is not withdrawn",
        ))
        .stdout(predicate::str::contains("evidence-note-missing"));
}

#[test]
fn check_wants_an_evidence_item_to_say_what_it_is() {
    let (ws, claim) = stat_claim();
    let rel = file_of(&claim);
    ws.fd(&["evidence", "add", &claim, "--url", "https://example.org/a"])
        .assert()
        .success();
    ws.fd(&["check"]).assert().success();
    let text = ws.read(&rel);
    ws.write(
        &rel,
        &text.replace("- url: https://example.org/a\n  ", "- "),
    );
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[evidence-needs-source]"))
        .stdout(predicate::str::contains("has no url, file or description"));
    ws.write(
        &rel,
        &text.replace(
            "- url: https://example.org/a\n",
            "- kind: memo\n  url: https://example.org/a\n",
        ),
    );
    ws.fd(&["check"]).assert().code(1);
}

#[test]
fn dismissing_twice_is_refused_and_restore_undoes_it() {
    let (ws, claim) = stat_claim();
    let rel = file_of(&claim);
    ws.fd(&["claim", "restore", &claim])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not dismissed"));
    ws.fd(&["claim", "dismiss", &claim, "--reason", "background"])
        .assert()
        .success();
    let commits = ws.commits();
    ws.fd(&["claim", "dismiss", &claim, "--reason", "a second reason"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is already dismissed by Ana Editor",
        ))
        .stderr(predicate::str::contains("background"))
        .stderr(predicate::str::contains("claim restore"));
    assert_eq!(ws.commits(), commits);
    assert!(ws.read(&rel).contains("reason: background"));
    assert!(stdout(&ws, &["show", &claim]).contains("dismissed by Ana Editor"));

    ws.fd(&["claim", "restore", &claim])
        .assert()
        .success()
        .stdout(predicate::str::contains(": restore"));
    assert!(!ws.read(&rel).contains("dismissed:"));
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(msg.contains("Factdesk-Action: restore"), "{msg}");
    assert!(
        msg.contains("Restores the proposal dismissed by Ana Editor"),
        "{msg}"
    );
    assert!(
        msg.contains(": background"),
        "the old reason is quoted: {msg}"
    );
    // The history keeps both decisions.
    let log = stdout(&ws, &["log", &claim]);
    assert!(log.contains("dismiss") && log.contains("restore"), "{log}");
    let listed = stdout(&ws, &["claims", CASE]);
    assert!(listed.contains(claim.rsplit('/').next().unwrap()));
    // It can be dismissed again, with a new reason.
    ws.fd(&["claim", "dismiss", &claim, "--reason", "duplicate of c01"])
        .assert()
        .success();
    ws.fd(&["check"]).assert().success();
}

#[test]
fn set_edits_speaker_chain_anonymity_and_translation() {
    let (ws, claim) = stat_claim();
    let rel = file_of(&claim);
    // The article's own voice: nothing to attribute.
    ws.fd(&[
        "set",
        &claim,
        "--chain",
        "",
        "--attribution",
        "not-applicable",
    ])
    .assert()
    .success();
    assert!(ws.read(&rel).contains("  status: not-applicable\n"));
    ws.fd(&["set", &claim, "--chain", "Reuters", "--chain", " "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
    ws.fd(&["set", &claim, "--anonymous", "maybe"])
        .assert()
        .code(2);
    ws.fd(&[
        "set",
        &claim,
        "--speaker",
        "unnamed Western official",
        "--chain",
        "Reuters",
        "--chain",
        "NBC News",
        "--anonymous",
        "true",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "speaker → unnamed Western official",
    ))
    .stdout(predicate::str::contains("chain Reuters ← NBC News"));
    let text = ws.read(&rel);
    assert!(
        text.contains("  speaker: unnamed Western official\n  chain:\n  - Reuters\n  - NBC News\n  anonymous: true\n  status: unchecked\n"),
        "an attribution now needs checking: {text}"
    );
    // A not-yet-started claim follows the anonymous-source checklist.
    assert!(text.contains("id: anonymous-source"), "{text}");
    let show = stdout(&ws, &["show", &claim]);
    assert!(show.contains("via: Reuters ← NBC News"), "{show}");

    ws.fd(&[
        "set",
        &claim,
        "--translation",
        "Russia currently controls about 17.5% of Ukraine's internationally recognised territory.",
    ])
    .assert()
    .success();
    assert!(ws
        .read(&rel)
        .contains("translation: Russia currently controls about 17.5%"));
    let show = stdout(&ws, &["show", &claim]);
    assert!(
        show.contains("English: Russia currently controls"),
        "{show}"
    );
    let md = stdout(&ws, &["report", CASE]);
    assert!(md.contains("> Rusia saat ini menguasai"), "{md}");
    assert!(
        md.contains("_In English:_ Russia currently controls"),
        "{md}"
    );
    let html = stdout(&ws, &["report", CASE, "--format", "html"]);
    assert!(
        html.contains("<span lang=\"en\">Russia currently controls"),
        "{html}"
    );

    // Empty values remove; `--chain ""` alone clears the chain.
    ws.fd(&[
        "set",
        &claim,
        "--chain",
        "",
        "--speaker",
        "",
        "--translation",
        "",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains("chain removed"));
    let text = ws.read(&rel);
    assert!(
        !text.contains("chain:") && !text.contains("speaker:"),
        "{text}"
    );
    assert!(!text.contains("translation:"), "{text}");
    ws.fd(&["set", &claim, "--anonymous", "true"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to change"));
    ws.fd(&["check"]).assert().success();
}

#[test]
fn ops_set_chain_is_one_commit_per_save() {
    let (ws, claim) = stat_claim();
    let (case, id) = claim.split_once('/').unwrap();
    let case = factdesk::model::CaseId::new(case).unwrap();
    let id = factdesk::model::ClaimId::new(id).unwrap();
    let s = ws.session();
    let mut hops = vec!["NBC News".to_string()];
    factdesk::ops::chain::insert(&mut hops, 0, "Reuters");
    factdesk::ops::chain::insert(&mut hops, 9, "officials");
    let commits = ws.commits();
    let done = s.set_chain(&case, &id, hops.clone()).unwrap();
    assert_eq!(ws.commits(), commits + 1);
    assert!(done
        .subject
        .contains("chain Reuters ← NBC News ← officials"));
    factdesk::ops::chain::shift(&mut hops, 2, true);
    factdesk::ops::chain::remove(&mut hops, 0);
    s.set_chain(&case, &id, hops).unwrap();
    assert!(ws
        .read(&file_of(&claim))
        .contains("  chain:\n  - officials\n  - NBC News\n"));
    s.set_translation(&case, &id, "In English").unwrap();
    s.set_speaker(&case, &id, "officials").unwrap();
    s.set_anonymous(&case, &id, true).unwrap();
    let text = ws.read(&file_of(&claim));
    assert!(text.contains("translation: In English"), "{text}");
    assert!(text.contains("speaker: officials"), "{text}");
    assert!(ws.commits() == commits + 5);
}

/// On a fresh clone every file's mtime is "now"; the case list's last
/// change is the time of the case's last commit all the same.
#[test]
fn last_change_comes_from_git_not_file_times() {
    let ws = Ws::new();
    let article = crate::fixture::seed_article();
    ws.fd(&["new", article.to_str().unwrap(), "--id", CASE])
        .env("GIT_AUTHOR_DATE", "2023-11-06T10:00:00+07:00")
        .env("GIT_COMMITTER_DATE", "2023-11-06T10:00:00+07:00")
        .assert()
        .success();
    ws.fd(&["set", &format!("{CASE}/c01"), "--note", "looked at it"])
        .env("GIT_AUTHOR_DATE", "2023-11-07T09:30:00+07:00")
        .env("GIT_COMMITTER_DATE", "2023-11-07T09:30:00+07:00")
        .assert()
        .success();
    let clone = ws.tmp.path().join("clone");
    ws.git(&[
        "clone",
        "-q",
        ws.root.to_str().unwrap(),
        clone.to_str().unwrap(),
    ]);
    let expected = chrono::DateTime::parse_from_rfc3339("2023-11-07T09:30:00+07:00").unwrap();
    let expected = std::time::SystemTime::from(expected);

    let cloned = factdesk::store::Workspace::open(&clone).unwrap();
    let mtime = std::fs::metadata(clone.join(format!("cases/{CASE}/case.yaml")))
        .unwrap()
        .modified()
        .unwrap();
    assert!(mtime > expected, "the clone's files are new");
    let names = cloned.case_dirs().unwrap();
    let mut last = factdesk::ops::read::LastChanges::default();
    last.refresh(&cloned, &names);
    assert_eq!(last.get(CASE), Some(expected));
    assert_eq!(last.get("no-such-case"), None);
    // A case folder HEAD does not hold has no last change (and is not
    // looked for through the whole history).
    std::fs::create_dir_all(clone.join("cases/2099-01-01-draft/claims")).unwrap();
    let mut with_draft = names.clone();
    with_draft.push("2099-01-01-draft".into());
    let mut l2 = factdesk::ops::read::LastChanges::default();
    l2.refresh(&cloned, &with_draft);
    assert_eq!(l2.get("2099-01-01-draft"), None);
    assert_eq!(l2.get(CASE), Some(expected));
    std::fs::remove_dir_all(clone.join("cases/2099-01-01-draft")).unwrap();

    // The summaries no longer read file times.
    let s = factdesk::ops::read::case_summary(&cloned, CASE, &|_| false);
    assert_eq!(s.changed, None);

    // So does the terminal UI's case list.
    let mut m =
        factdesk::tui::open_model(factdesk::store::Workspace::open(&clone).unwrap(), None).unwrap();
    let i = m.cases.names.iter().position(|n| n == CASE).unwrap();
    m.ensure_summary(i);
    // Read from git on the first tick after the case index loaded (its
    // worker brings the last-change summary up to date).
    factdesk::tui::update::update(&mut m, factdesk::tui::update::Message::Tick);
    let scale = m.ctx.config.verdict_scale.clone();
    let loaded = factdesk::tui::load_cases(&m.ws, &scale, &|_, _| {});
    factdesk::tui::update::update(&mut m, loaded);
    factdesk::tui::update::tick(&mut m);
    assert_eq!(
        m.cases.summaries[i].as_ref().unwrap().changed,
        Some(expected)
    );

    // The CLI's JSON says the same.
    let out = ws
        .fd_in(&clone, &["cases", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["last_change"], "2023-11-07T02:30:00+00:00");

    // A new commit moves it; HEAD is read again.
    ws.git_in(&clone, &["config", "user.name", "Bo Reviewer"]);
    ws.git_in(&clone, &["config", "user.email", "bo@example.org"]);
    ws.fd_in(&clone, &["set", &format!("{CASE}/c01"), "--note", "again"])
        .env("GIT_AUTHOR_DATE", "2023-11-08T08:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2023-11-08T08:00:00+00:00")
        .assert()
        .success();
    last.refresh(&cloned, &names);
    let later = chrono::DateTime::parse_from_rfc3339("2023-11-08T08:00:00+00:00").unwrap();
    assert_eq!(last.get(CASE), Some(later.into()));
}
