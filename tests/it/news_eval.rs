//! The labelled news set (`tests/fixtures/news/`), scored by the same code
//! as `cargo run --release --example eval -- news tests/fixtures/news`.
//! The thresholds are issue 10's targets: a regression below any of them
//! fails here.

#[path = "../../examples/eval/news.rs"]
// `main` is the example's entry point; the test uses the rest.
#[allow(dead_code)]
mod news;

use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news")
}

#[test]
fn news_set_meets_the_targets() {
    let r = news::evaluate(&fixtures()).expect("the news set evaluates");
    let text = news::render(&r);
    // At least 20 articles, half English and half Indonesian.
    assert!(r.all.articles >= 20, "{text}");
    let count = |l: &str| {
        r.by_language
            .iter()
            .find(|(x, _)| x == l)
            .map_or(0, |(_, t)| t.articles)
    };
    assert_eq!(count("en"), count("id"), "{text}");
    assert!(r.held_out.articles >= 4, "{text}");
    for (label, t) in [("all", &r.all), ("held-out", &r.held_out)] {
        assert!(t.recall() >= 0.95, "{label} recall\n{text}");
        assert_eq!(t.leaks, 0, "{label} furniture\n{text}");
        assert!(t.speaker_accuracy() >= 0.9, "{label} speaker\n{text}");
        assert!(t.anonymity_accuracy() >= 0.95, "{label} anonymity\n{text}");
    }
}

/// The evaluation can fail: a wrong speaker label, a missing claim and a
/// furniture string that is inside a claim are all counted.
#[test]
fn evaluation_counts_mistakes() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("x.txt"),
        "A headline for the check\n\nPrices rose 5% in May, the national statistics office said.\n",
    )
    .expect("write article");
    std::fs::write(
        dir.path().join("x.yaml"),
        "language: en\nclaims:\n  - text: Prices rose 5%\n    speaker: the finance ministry\n    chain: [the finance ministry]\n    anonymous: true\n  - text: never written\n    speaker: null\n    chain: []\n    anonymous: false\nfurniture:\n  - in May\n",
    )
    .expect("write labels");
    let r = news::evaluate(dir.path()).expect("evaluates");
    assert_eq!(
        (r.all.claims, r.all.found, r.all.speaker, r.all.anonymous),
        (2, 1, 0, 0)
    );
    assert_eq!(r.all.leaks, 1);
    assert!(news::render(&r).contains("MISSED \"never written\""));
    // Labels without their article, or with unknown keys, are errors.
    std::fs::write(
        dir.path().join("x.yaml"),
        "language: en\nclaims: []\nspeakers: []\n",
    )
    .expect("write labels");
    assert!(news::evaluate(dir.path()).is_err());
}
