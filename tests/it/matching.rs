//! The labelled matching set (`tests/fixtures/matching/`), scored by the
//! same code as `cargo run --release --example eval -- match
//! tests/fixtures/matching`. The floors are the figures measured when the
//! thresholds were calibrated (docs/design.md, "Seen before"), rounded
//! down a little: a regression below any of them fails here.

#[path = "../../examples/eval/matching.rs"]
// `main` is the example's entry point; the test uses the rest.
#[allow(dead_code)]
mod eval;

use std::path::Path;

#[test]
fn matching_set_meets_the_measured_figures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/matching");
    let r = eval::evaluate(&dir).expect("the matching set evaluates");
    let text = eval::render(&r);
    // The set is as large as the issue asks.
    let same = r
        .pairs
        .iter()
        .filter(|p| p.label == eval::Label::Same)
        .count();
    assert!(r.pairs.len() >= 190 && same >= 70, "{text}");
    assert!(r.held_out.pairs >= 50, "{text}");
    let floor = |got: f64, min: f64, what: &str| {
        assert!(got >= min, "{what}: {got:.3} < {min}\n{text}");
    };
    floor(r.all.same.precision, 0.99, "all, SAME precision");
    floor(r.all.same.recall, 0.91, "all, SAME recall");
    floor(r.all.possible.precision, 0.92, "all, POSSIBLE precision");
    floor(r.all.possible.recall, 0.97, "all, POSSIBLE recall");
    floor(
        r.all.related.precision,
        0.95,
        "all, POSSIBLE precision (related)",
    );
    floor(r.all.related.recall, 0.66, "all, POSSIBLE recall (related)");
    floor(r.held_out.same.precision, 0.99, "held out, SAME precision");
    floor(r.held_out.same.recall, 0.84, "held out, SAME recall");
    floor(
        r.held_out.possible.precision,
        0.94,
        "held out, POSSIBLE precision",
    );
    floor(
        r.held_out.possible.recall,
        0.94,
        "held out, POSSIBLE recall",
    );
    floor(
        r.held_out.related.recall,
        0.62,
        "held out, POSSIBLE recall (related)",
    );
    // The Matcher's best other match is a same-labelled partner.
    assert_eq!(r.top1.0, r.top1.1, "{text}");
}

#[test]
fn a_broken_pairs_file_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/matching/claims.yaml");
    std::fs::copy(&src, dir.path().join("claims.yaml")).expect("copy claims");
    std::fs::write(dir.path().join("pairs.tsv"), "elec-en\tnobody\tsame\n").expect("write");
    let e = eval::evaluate(dir.path()).expect_err("unknown id");
    assert!(e.contains("line 1") && e.contains("unknown"), "{e}");
}
