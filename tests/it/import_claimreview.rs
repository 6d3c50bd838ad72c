//! `factdesk import claimreview`: every shape of ClaimReview into
//! `factchecks/`, deduplicated by address, in one commit; malformed input
//! (bad JSON, no review, no or a non-web url, a link, too large) imports
//! nothing; `check` validates the files (issue 13).

use crate::fixture::Ws;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/claimreview")
}

fn good() -> String {
    fixtures().join("good").to_str().unwrap().to_string()
}

fn bad(name: &str) -> String {
    fixtures()
        .join("bad")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// Files under `factchecks/`, sorted.
fn factcheck_files(ws: &Ws) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(ws.root.join("factchecks")) {
        Ok(d) => d
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

fn parse_fc(ws: &Ws, rel: &str) -> factdesk::model::FactCheck {
    factdesk::store::parse(&ws.read(rel)).unwrap()
}

#[test]
fn every_shape_is_imported_once_in_one_commit() {
    let ws = Ws::new();
    let before = ws.commits();
    ws.fd(&["import", "claimreview", &good()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported 6 fact-checks (1 already there) into factchecks/",
        ));
    assert_eq!(ws.commits(), before + 1);
    let msg = ws.git(&["log", "-1", "--format=%B"]);
    assert!(msg.contains("Factdesk-Action: import\n"), "{msg}");
    assert!(msg.contains("Factdesk-Import: claimreview 6\n"), "{msg}");
    let files = ws.git(&["show", "--name-only", "--format=", "HEAD"]);
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(files.len(), 6);
    assert!(files
        .iter()
        .all(|f| f.starts_with("factchecks/") && f.ends_with(".yaml")));
    assert_eq!(factcheck_files(&ws).len(), 6);

    // The Fact Check Tools shape, field by field; the source is named
    // relative to the folder given, never as an absolute path.
    let rel = files
        .iter()
        .find(|f| f.starts_with("factchecks/cekfakta.example.id-"))
        .and_then(|_| {
            files.iter().find(|f| {
                parse_fc(&ws, f).url == "https://cekfakta.example.id/fakta/pemilihan-ulang"
            })
        })
        .expect("the Fact Check Tools review");
    let fc = parse_fc(&ws, rel);
    assert_eq!(
        fc.claim_reviewed,
        "Pemerintah menolak rencana pemilihan ulang."
    );
    assert_eq!(fc.claimant.as_deref(), Some("Unggahan Facebook"));
    assert_eq!(fc.publisher.name.as_deref(), Some("Cek Fakta Contoh"));
    assert_eq!(
        fc.publisher.url.as_deref(),
        Some("https://cekfakta.example.id")
    );
    assert_eq!(fc.rating.alternate_name.as_deref(), Some("Keliru"));
    assert_eq!(fc.language.as_deref(), Some("id"));
    assert_eq!(fc.claim_date.as_deref(), Some("2024-03-01T00:00:00Z"));
    assert_eq!(fc.source, "good/factcheck-tools.json");
    assert_eq!(
        fc.id().map(|id| format!("factchecks/{id}.yaml")).as_deref(),
        Some(*rel)
    );

    // The page's nested review, the graph's numeric rating.
    let all: Vec<_> = files.iter().map(|f| parse_fc(&ws, f)).collect();
    let page = all
        .iter()
        .find(|f| f.url == "https://verify.example.org/three-day-strike")
        .expect("the page's review");
    assert_eq!(
        page.rating.alternate_name.as_deref(),
        Some("Missing context")
    );
    assert_eq!(page.source, "good/page.html");
    let graph = all
        .iter()
        .find(|f| f.url.contains("minister-denies"))
        .expect("the graph's review");
    assert_eq!(graph.rating.label().as_deref(), Some("4/5"));
    assert_eq!(graph.claimant.as_deref(), Some("The Minister"));

    // What was written passes check.
    ws.fd(&["check"]).assert().success();

    // Again: nothing new, no commit.
    ws.fd(&["import", "claimreview", &good()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported 0 fact-checks (7 already there)",
        ));
    assert_eq!(ws.commits(), before + 1);

    // A hand edit is never overwritten by a later import.
    let edited = ws.read(rel).replace("Keliru", "Keliru (corrected by hand)");
    ws.write(rel, &edited);
    ws.git(&["commit", "-qam", "hand edit"]);
    ws.fd(&["import", "claimreview", &good()])
        .assert()
        .success();
    assert_eq!(ws.read(rel), edited);
}

#[test]
fn malformed_input_imports_nothing_and_says_where() {
    let ws = Ws::new();
    let before = ws.commits();
    let cases = [
        ("bad-json.json", "line 2, column 9: not valid JSON"),
        ("no-claimreview.json", "no ClaimReview found"),
        ("no-url.json", "$[1]: the review has no `url`"),
        ("not-http.json", "$.claims[0].claimReview[0]"),
    ];
    for (file, says) in cases {
        ws.fd(&["import", "claimreview", &bad(file)])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(file))
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains("nothing was imported"));
    }
    // A folder of good files with one bad among them: all or nothing.
    let mixed = ws.tmp.path().join("mixed");
    std::fs::create_dir_all(&mixed).unwrap();
    std::fs::copy(fixtures().join("good/single.json"), mixed.join("a.json")).unwrap();
    std::fs::copy(fixtures().join("bad/no-url.json"), mixed.join("b.json")).unwrap();
    ws.fd(&["import", "claimreview", mixed.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mixed/b.json"));
    // A link, in a folder or given directly.
    #[cfg(unix)]
    {
        let links = ws.tmp.path().join("links");
        std::fs::create_dir_all(&links).unwrap();
        std::os::unix::fs::symlink(fixtures().join("good/single.json"), links.join("l.json"))
            .unwrap();
        ws.fd(&["import", "claimreview", links.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("symbolic link"));
        ws.fd(&[
            "import",
            "claimreview",
            links.join("l.json").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("symbolic link"));
    }
    // Over the size limit (the content is never parsed).
    let big = ws.tmp.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(factdesk::ops::import::MAX_INPUT_BYTES + 1)
        .unwrap();
    ws.fd(&["import", "claimreview", big.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("big.json"))
        .stderr(predicate::str::contains("more than"));
    // A missing path.
    ws.fd(&["import", "claimreview", "no-such-file.json"])
        .assert()
        .code(2);

    assert_eq!(ws.commits(), before);
    assert!(factcheck_files(&ws).is_empty());
    assert!(ws.git(&["status", "--porcelain"]).trim().is_empty());
}

#[test]
fn dry_run_and_json() {
    let ws = Ws::new();
    let before = ws.commits();
    ws.fd(&["import", "claimreview", &good(), "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("would import 6 fact-checks"))
        .stdout(predicate::str::contains("nothing written"));
    assert_eq!(ws.commits(), before);
    assert!(factcheck_files(&ws).is_empty());

    let out = ws
        .fd(&["import", "claimreview", &good(), "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["imported"], 6);
    assert_eq!(v["already_there"], 1);
    assert_eq!(v["dry_run"], false);
    assert_eq!(
        v["commit"].as_str().unwrap(),
        ws.git(&["rev-parse", "HEAD"]).trim()
    );
    let items = v["fact_checks"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    let repeated: Vec<&serde_json::Value> =
        items.iter().filter(|i| i["status"] == "repeated").collect();
    assert_eq!(repeated.len(), 1);
    assert_eq!(repeated[0]["source"], "good/single.json");
    assert_eq!(repeated[0]["rating"], "False");
}

#[test]
fn hostile_text_is_stored_as_is_and_printed_inert() {
    let ws = Ws::new();
    let out = ws
        .fd(&[
            "import",
            "claimreview",
            fixtures().join("hostile.json").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.stdout.contains(&0x1b),
        "an escape reached the terminal"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{202e}'));
    let files = factcheck_files(&ws);
    assert_eq!(files.len(), 1);
    let fc = parse_fc(&ws, &format!("factchecks/{}", files[0]));
    assert_eq!(
        fc.claim_reviewed,
        "Line one\nLine two \u{1b}[31mred\u{1b}[0m \u{202e}evil"
    );
    assert_eq!(fc.rating.alternate_name.as_deref(), Some("False\u{1b}[2J"));
    // `check` shows nothing raw either.
    let out = ws.fd(&["check"]).output().unwrap();
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn check_validates_factcheck_files() {
    let ws = Ws::new();
    ws.write(
        "factchecks/a.yaml",
        "url: ftp://example.org/x\nclaim_reviewed: ''\nimported_at: 2024-05-01T10:00:00+07:00\nsource: a.json\n",
    );
    ws.write("factchecks/b.yaml", "url: https://example.org/b\n");
    ws.write(
        "factchecks/c.yaml",
        "url: https://example.org/c\nclaim_reviewed: x\nimported_at: 2024-05-01 10:00\nsource: s\n",
    );
    ws.write(
        "factchecks/d.yaml",
        "url: https://example.org/d\nclaim_reviewed: x\nimported_at: 2024-05-01T10:00:00+07:00\nsource: s\n",
    );
    ws.write(
        "factchecks/e.yaml",
        "url: https://example.org/e\nclaim_reviewed: x\nimported_at: 2024-05-01T10:00:00+07:00\nsource: s\ncolour: red\n",
    );
    let out = ws.fd(&["check", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    for want in [
        ("factchecks/a.yaml", "bad-url", 1),
        ("factchecks/a.yaml", "bad-value", 2),
        ("factchecks/b.yaml", "missing-key", 1),
        ("factchecks/c.yaml", "bad-date", 3),
        ("factchecks/d.yaml", "factcheck-name", 1),
        ("factchecks/e.yaml", "unknown-key", 5),
    ] {
        assert!(
            got.iter()
                .any(|(f, c, l)| f == want.0 && c == want.1 && *l == want.2),
            "{want:?} not in {got:?}"
        );
    }
    // Checking one file checks only it.
    let out = ws
        .fd(&["check", "factchecks/b.yaml", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["file"] == "factchecks/b.yaml"));
    // Two files holding the same review.
    let ws = Ws::new();
    ws.fd(&[
        "import",
        "claimreview",
        fixtures().join("good/single.json").to_str().unwrap(),
    ])
    .assert()
    .success();
    let name = factcheck_files(&ws).remove(0);
    let text = ws.read(&format!("factchecks/{name}"));
    ws.write("factchecks/copy.yaml", &text);
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("duplicate-id"));
}

/// The bounded-input guarantees hold for `factchecks/` too: a nesting bomb
/// is one `yaml-limit` finding, a linked folder is never followed, and an
/// import into it is refused.
#[test]
fn hostile_factcheck_files_are_one_finding_each() {
    let ws = Ws::new();
    ws.write(
        "factchecks/deep.yaml",
        &format!("url: {}\n", "[".repeat(100_000)),
    );
    ws.fd(&["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("yaml-limit"))
        .stdout(predicate::str::contains("factchecks/deep.yaml"));
    #[cfg(unix)]
    {
        let ws = Ws::new();
        let elsewhere = ws.tmp.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, ws.root.join("factchecks")).unwrap();
        ws.fd(&["check"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("not-a-regular-file"));
        let before = ws.commits();
        ws.fd(&[
            "import",
            "claimreview",
            fixtures().join("good/single.json").to_str().unwrap(),
        ])
        .assert()
        .failure();
        assert_eq!(ws.commits(), before);
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}
