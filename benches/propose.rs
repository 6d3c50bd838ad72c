//! Proposal speed on a ~10,000-word article (target: under 50 ms, release).
//!
//! The article is built by repeating and varying the paragraphs of the seed
//! article and the English wire fixture, so the text has the real mix of
//! attribution, figures, quotes and abbreviations.

use std::time::Instant;

/// Target for one `analyze` call on a 10,000-word article.
const TARGET_MS: f64 = 50.0;

fn read(rel: &str) -> String {
    let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("bench input {path}: {e}"))
}

fn build_article(words: usize) -> String {
    let seed = read("cases/2023-11-05-kyiv-moscow-talks/article.txt");
    let en = read("tests/fixtures/en-wire.txt");
    // Head (title, byline, caption) once, then body paragraphs repeated with
    // varied numbers so no two paragraphs are identical.
    let mut out = String::new();
    out.push_str(&seed);
    out.push('\n');
    let paragraphs: Vec<&str> = seed
        .lines()
        .chain(en.lines())
        .filter(|l| l.split_whitespace().count() > 12)
        .collect();
    let mut i = 0usize;
    while out.split_whitespace().count() < words {
        let p = paragraphs[i % paragraphs.len()];
        let varied = p
            .replace("17,5%", &format!("{},{}%", 10 + i % 80, i % 10))
            .replace("1962", &format!("{}", 1900 + i % 100))
            .replace("5,700", &format!("{},{:03}", 1 + i % 9, i % 1000));
        out.push_str(&varied);
        out.push_str("\n\n");
        i += 1;
    }
    out
}

fn main() {
    let article = build_article(10_000);
    let words = article.split_whitespace().count();
    // Warm up.
    let mut proposals = 0;
    for _ in 0..3 {
        proposals = factdesk::propose::analyze(&article).proposals.len();
    }
    let runs = 50;
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let a = factdesk::propose::analyze(std::hint::black_box(&article));
            std::hint::black_box(a);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let median = ms[runs / 2];
    let p95 = ms[(runs * 95 / 100).min(runs - 1)];
    println!(
        "propose::analyze: {words} words, {} bytes, {proposals} proposals, {runs} runs",
        article.len()
    );
    println!("median {median:.2} ms, p95 {p95:.2} ms");
    println!(
        "target < {TARGET_MS} ms: {}",
        if p95 < TARGET_MS { "MET" } else { "MISSED" }
    );
}
