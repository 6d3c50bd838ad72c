//! Seen before (issue 13): `similar`, `search`, the matches `new` and
//! `propose` list, and the claim index behind them
//! (`.git/factdesk-claims-v1`): rebuilt after deletion or corruption, and
//! brought up to date after a `git pull` by re-reading only the cases that
//! changed.

use crate::case_index::add_copy;
use crate::fixture::{Ws, SEED_ID};
use factdesk::model::VerdictScale;
use factdesk::ops::claim_index::{self, ClaimIndex};
use std::path::Path;
use std::time::Duration;

/// A copy of the seed case: every claim has an identical twin.
const COPY: &str = "2024-01-02-copy";

/// An inflation claim no other claim is like.
const INFLATION: &str = "Inflasi di Jakarta turun menjadi 2,1 persen pada Maret 2024, kata BPS.";

/// The seed case and a copy whose c03 carries a verdict approved by Budi,
/// committed.
fn two_cases() -> Ws {
    let fx = Ws::new();
    fx.seed();
    add_copy(&fx, COPY, "Copy");
    let rel = format!("cases/{COPY}/claims/c03.yaml");
    fx.write(
        &rel,
        &fx.read(&rel).replace(
            "\nstatus: unchecked\n",
            "\nstatus: verified\nreview:\n  verdict_by: Ana Editor\n  reviews:\n  - by: Budi\n    at: 2024-01-03T00:00:00Z\n    verdict: verified\n    decision: approve\n",
        ),
    );
    fx.git(&["add", "-A"]);
    fx.git(&["commit", "-q", "-m", "a copy"]);
    fx
}

fn json(fx: &Ws, dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = fx.fd_in(dir, args).output().expect("factdesk runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn stdout(fx: &Ws, args: &[&str]) -> String {
    let out = fx.fd(args).output().expect("factdesk runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The workspace's verdict scale (part of the index's key).
fn scale(root: &Path) -> VerdictScale {
    let ws = factdesk::store::Workspace::open(root).expect("workspace");
    factdesk::ops::read::context(&ws, &mut |_| {})
        .config
        .verdict_scale
}

/// The index of the workspace at `root`, racy window zero.
fn load(root: &Path) -> ClaimIndex {
    let ws = factdesk::store::Workspace::open(root).expect("workspace");
    claim_index::load_with(&ws, &scale(root), Duration::ZERO, &|_, _| {}).expect("load")
}

#[test]
fn similar_lists_the_twin_first_with_its_verdict_and_reviewer() {
    let fx = two_cases();
    let v = json(
        &fx,
        &fx.root,
        &["similar", &format!("{SEED_ID}/c03"), "--format", "json"],
    );
    let first = &v[0];
    assert_eq!(first["case"], COPY);
    assert_eq!(first["claim"], "c03");
    assert_eq!(first["level"], "same");
    assert_eq!(first["status"], "verified");
    assert_eq!(first["review"], "approved");
    assert!(first["score"].as_f64().unwrap() >= 0.75, "{first}");
    let c03 = fx.read(&format!("cases/{SEED_ID}/claims/c03.yaml"));
    let text = first["text"].as_str().unwrap();
    assert!(c03.contains(text.split(',').next().unwrap()), "{text}");
    // Exactly the documented fields, and never the claim itself.
    for k in [
        "case", "claim", "score", "level", "text", "status", "review",
    ] {
        assert!(first.get(k).is_some(), "{k} missing: {first}");
    }
    let arr = v.as_array().unwrap();
    assert!(!arr
        .iter()
        .any(|m| m["case"] == SEED_ID && m["claim"] == "c03"));
    // Best first.
    let scores: Vec<f64> = arr.iter().map(|m| m["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // -n caps the list.
    let one = json(
        &fx,
        &fx.root,
        &[
            "similar",
            &format!("{SEED_ID}/c03"),
            "-n",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(one.as_array().unwrap().len(), 1);

    let text = stdout(&fx, &["similar", &format!("{SEED_ID}/c03"), "-n", "1"]);
    let line = text.lines().next().unwrap();
    assert!(
        line.starts_with(&format!("c03 ≈ {COPY}/c03 (verified, approved by Budi) ")),
        "{text}"
    );
    assert!(line.ends_with(" same"), "{text}");
}

#[test]
fn a_dismissed_proposal_is_never_offered_as_a_match() {
    let fx = two_cases();
    let twin = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .any(|m| m["case"] == COPY && m["claim"] == "c05")
    };
    let r = format!("{SEED_ID}/c05");
    assert!(twin(&json(
        &fx,
        &fx.root,
        &["similar", &r, "--format", "json"]
    )));
    fx.fd(&[
        "claim",
        "dismiss",
        &format!("{COPY}/c05"),
        "--reason",
        "not a claim",
    ])
    .assert()
    .success();
    assert!(!twin(&json(
        &fx,
        &fx.root,
        &["similar", &r, "--format", "json"]
    )));
}

#[test]
fn similar_refuses_an_unknown_claim_with_a_hint() {
    let fx = two_cases();
    let out = fx
        .fd(&["similar", &format!("{SEED_ID}/c99")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no claim c99"), "{err}");
    let out = fx.fd(&["similar", "nonsense"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn search_finds_claims_in_either_case_and_ranks_them() {
    let fx = two_cases();
    let v = json(
        &fx,
        &fx.root,
        &[
            "search", "Krisis", "Rudal", "Kuba", "1962", "--format", "json",
        ],
    );
    let arr = v.as_array().unwrap();
    let cases: Vec<&str> = arr.iter().map(|m| m["case"].as_str().unwrap()).collect();
    assert!(cases.contains(&SEED_ID) && cases.contains(&COPY), "{v}");
    assert!(arr[0]["text"].as_str().unwrap().contains("Kuba"), "{v}");
    let none = json(
        &fx,
        &fx.root,
        &["search", "zebra", "xylophone", "--format", "json"],
    );
    assert_eq!(none, serde_json::json!([]));
    assert_eq!(
        stdout(&fx, &["search", "zebra", "xylophone"]).trim(),
        "no earlier claim matches"
    );
    let text = stdout(&fx, &["search", "Krisis Rudal Kuba 1962", "-n", "2"]);
    assert_eq!(
        text.lines().count(),
        4,
        "two matches, each with its text: {text}"
    );
    assert!(text.starts_with("search ≈ "), "{text}");
}

#[test]
fn a_pull_that_changes_one_claim_rereads_only_that_case() {
    let fx = two_cases();
    for i in 0..3 {
        add_copy(&fx, &format!("2024-02-0{}-more", i + 1), "More");
    }
    fx.git(&["add", "-A"]);
    fx.git(&["commit", "-q", "-m", "more"]);
    let clone = fx.tmp.path().join("clone");
    fx.git(&[
        "clone",
        "-q",
        fx.root.to_str().unwrap(),
        clone.to_str().unwrap(),
    ]);
    let first = load(&clone);
    assert_eq!(first.stats.read, 5, "a fresh clone reads every case");
    assert!(first.stats.wrote);
    assert!(clone.join(".git").join(claim_index::FILE).is_file());
    let again = load(&clone);
    assert_eq!((again.stats.read, again.stats.reused), (0, 5));
    assert!(!again.stats.wrote);

    // Upstream, one claim is reworded and committed.
    let rel = format!("cases/{COPY}/claims/c07.yaml");
    let old = fx.read(&rel);
    let line = old.lines().find(|l| l.starts_with("text: ")).unwrap();
    fx.write(&rel, &old.replace(line, &format!("text: {INFLATION}")));
    fx.git(&["commit", "-q", "-am", "reworded"]);
    fx.git_in(&clone, &["pull", "-q"]);

    let after = load(&clone);
    assert_eq!((after.stats.read, after.stats.reused), (1, 4));
    let found = after.search("inflasi Jakarta 2,1 persen Maret", 3);
    let Some(m) = found.first() else {
        panic!("the pulled claim is found");
    };
    match m.found {
        claim_index::Found::Claim(c) => {
            assert_eq!((c.case.as_str(), c.claim.as_str()), (COPY, "c07"))
        }
        claim_index::Found::Factcheck(_) => panic!("a claim, not a fact-check"),
    }
    // The binary agrees, and what the index holds equals a fresh read.
    let v = json(
        &fx,
        &clone,
        &[
            "search",
            "inflasi Jakarta 2,1 persen Maret",
            "--format",
            "json",
        ],
    );
    assert_eq!(v[0]["claim"], "c07");
    let ws = factdesk::store::Workspace::open(&clone).unwrap();
    let fresh = claim_index::read_all(&ws, &scale(ws.root())).unwrap();
    assert_eq!(load(&clone).claims(), fresh);
}

#[test]
fn a_hand_edit_is_seen_without_a_commit() {
    let fx = two_cases();
    load(&fx.root);
    let rel = format!("cases/{SEED_ID}/claims/c05.yaml");
    let old = fx.read(&rel);
    let line = old.lines().find(|l| l.starts_with("text: ")).unwrap();
    fx.write(&rel, &old.replace(line, &format!("text: {INFLATION}")));
    let idx = load(&fx.root);
    assert_eq!(idx.stats.read, 1);
    let all = idx.claims();
    let c05 = all
        .iter()
        .find(|c| c.case == SEED_ID && c.claim == "c05")
        .unwrap();
    assert_eq!(idx.find(SEED_ID, "c05"), Some(c05));
    assert_eq!(c05.text, INFLATION);
}

#[test]
fn a_deleted_or_corrupt_index_is_rebuilt() {
    let fx = two_cases();
    let path = fx.root.join(".git").join(claim_index::FILE);
    let ws = fx.workspace();
    let fresh = claim_index::read_all(&ws, &scale(ws.root())).unwrap();
    let built = load(&fx.root);
    assert_eq!(built.claims(), fresh);
    let good = std::fs::read(&path).unwrap();

    std::fs::remove_file(&path).unwrap();
    let again = load(&fx.root);
    assert_eq!((again.stats.read, again.claims()), (2, fresh.clone()));
    // The same blocks again (only the times they were read differ).
    assert_eq!(std::fs::read(&path).unwrap().len(), good.len(), "rebuilt");

    // Garbage, a truncated file, bytes flipped inside a block, an old
    // format's header: never trusted, never a crash, always the files.
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    for b in &mut flipped[mid..mid + 16] {
        *b ^= 0x5a;
    }
    let mut old_format = good.clone();
    old_format[8] = 0;
    for bad in [
        b"not an index at all".to_vec(),
        good[..good.len() / 3].to_vec(),
        flipped,
        old_format,
        Vec::new(),
    ] {
        std::fs::write(&path, &bad).unwrap();
        let idx = load(&fx.root);
        assert_eq!(idx.claims(), fresh);
        assert!(idx.stats.read >= 1);
        // The binary too.
        std::fs::write(&path, &bad).unwrap();
        let v = json(
            &fx,
            &fx.root,
            &["similar", &format!("{SEED_ID}/c03"), "--format", "json"],
        );
        assert_eq!(v[0]["case"], COPY);
        assert_eq!(load(&fx.root).stats.read, 0, "left whole again");
    }
}

#[test]
fn propose_and_new_list_earlier_claims_like_their_proposals() {
    let fx = two_cases();
    let article = fx.root.join(format!("cases/{SEED_ID}/article.txt"));
    let article = article.to_str().unwrap();
    let text = stdout(&fx, &["propose", article]);
    let seen = text
        .split("seen before (earlier claims like these proposals):\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no seen-before list: {text}"));
    assert!(
        seen.lines()
            .any(|l| l.starts_with(&format!("c03 ≈ {COPY}/c03 (verified, approved by Budi) "))),
        "{seen}"
    );
    let v = json(&fx, &fx.root, &["propose", article, "--format", "json"]);
    let sb = &v["seen_before"];
    assert_eq!(sb["matched"], sb["of"]);
    assert!(sb["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["proposal"] == "c03"
            && p["matches"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["case"] == COPY && m["claim"] == "c03")));

    // `new` matches against the other cases, never the case it makes.
    let v = json(
        &fx,
        &fx.root,
        &[
            "new",
            article,
            "--id",
            "2024-03-01-again",
            "--format",
            "json",
        ],
    );
    let props = v["seen_before"]["proposals"].as_array().unwrap();
    assert!(!props.is_empty(), "{v}");
    for p in props {
        for m in p["matches"].as_array().unwrap() {
            assert_ne!(m["case"], "2024-03-01-again");
        }
    }
    assert!(props
        .iter()
        .any(|p| p["matches"][0]["case"] == COPY || p["matches"][0]["case"] == SEED_ID));
}

#[test]
fn outside_a_workspace_propose_lists_no_matches() {
    let fx = Ws::sandbox();
    let article = crate::fixture::seed_article();
    let v = json(
        &fx,
        &fx.root,
        &["propose", article.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(v["seen_before"], serde_json::Value::Null);
    assert!(!v["proposals"].as_array().unwrap().is_empty());
}

#[test]
fn a_published_factcheck_matches_with_publisher_rating_and_url() {
    let fx = two_cases();
    let c04 = fx.read(&format!("cases/{SEED_ID}/claims/c04.yaml"));
    let text = c04
        .lines()
        .find_map(|l| l.strip_prefix("text: "))
        .unwrap()
        .to_string();
    let fc = crate::fixture::factcheck("https://cekfakta.example.org/krisis-rudal", &text);
    let id = fc.id().unwrap();
    fx.write(
        &format!("factchecks/{id}.yaml"),
        &factdesk::store::render_factcheck(&fc).unwrap(),
    );
    let v = json(
        &fx,
        &fx.root,
        &["similar", &format!("{SEED_ID}/c04"), "--format", "json"],
    );
    let m = v
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m.get("factcheck").is_some())
        .unwrap_or_else(|| panic!("no fact-check among {v}"));
    assert_eq!(m["factcheck"], "https://cekfakta.example.org/krisis-rudal");
    assert_eq!(m["publisher"], "Cek Fakta");
    assert_eq!(m["rating"], "Benar");
    assert_eq!(m["level"], "same");
    let text = stdout(&fx, &["similar", &format!("{SEED_ID}/c04")]);
    assert!(
        text.contains("c04 ≈ Cek Fakta: Benar https://cekfakta.example.org/krisis-rudal "),
        "{text}"
    );
    // Deleting the file drops it at the next load (one unit fewer).
    std::fs::remove_file(fx.root.join(format!("factchecks/{id}.yaml"))).unwrap();
    let idx = load(&fx.root);
    assert!(idx.factchecks.is_empty());
}

/// A few words rank the long claim that holds them all above a short one
/// sharing a single word (the symmetric score favoured short claims), and
/// a few words get no calibrated level; a claim-length search text does.
#[test]
fn search_ranks_by_how_much_of_the_text_a_claim_holds() {
    let fx = Ws::new();
    fx.seed();
    let v = json(
        &fx,
        &fx.root,
        &[
            "search",
            "pejabat",
            "Eropa",
            "perundingan",
            "perdamaian",
            "--format",
            "json",
        ],
    );
    let arr = v.as_array().unwrap();
    assert_eq!(arr[0]["claim"], "c02", "{v}");
    assert!(arr[0]["score"].as_f64().unwrap() > 0.9, "{v}");
    assert!(arr.iter().all(|m| m["level"].is_null()), "{v}");
    let scores: Vec<f64> = arr.iter().map(|m| m["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{v}");
    let long = json(
        &fx,
        &fx.root,
        &[
            "search",
            "pejabat AS berbicara dengan pemerintah Ukraina tentang perundingan perdamaian",
            "--format",
            "json",
        ],
    );
    assert_eq!(long[0]["claim"], "c02", "{long}");
    assert_eq!(long[0]["level"], "same", "{long}");
}
