//! Proposal speed on a ~10,000-word article (target: under 50 ms, release),
//! and scaling up to the 10 MiB article limit (1, 2, 4, 8, 10 MiB): time,
//! proposals, caveats and peak RSS per size, to show the proposer is linear.
//!
//! The article is built by repeating and varying the paragraphs of the seed
//! article and the English wire fixture, so the text has the real mix of
//! attribution, figures, quotes, abbreviations and caveats (the caveat
//! paragraphs repeat, as in a long article that hedges every section).
//!
//! `cargo bench --bench propose -- --write-article BYTES PATH` only writes
//! such an article of at most BYTES bytes (used by `benches/new.sh`).

use std::time::Instant;

/// Target for one `analyze` call on a 10,000-word article.
const TARGET_MS: f64 = 50.0;

/// The article size limit (`store::MAX_ARTICLE_BYTES`).
const MIB: usize = 1 << 20;

fn read(rel: &str) -> String {
    let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("bench input {path}: {e}"))
}

/// An article of the project's own texts: the seed article once (title,
/// byline, caption), then body paragraphs of both fixtures with varied
/// numbers, until adding one more would pass `max_bytes` or `words`.
/// Linear in its size.
fn build_article(words: usize, max_bytes: usize) -> String {
    let seed = read("cases/2023-11-05-kyiv-moscow-talks/article.txt");
    let en = read("tests/fixtures/en-wire.txt");
    let mut out = String::with_capacity(max_bytes.min(16 * MIB));
    out.push_str(&seed);
    out.push('\n');
    let mut count = out.split_whitespace().count();
    let paragraphs: Vec<&str> = seed
        .lines()
        .chain(en.lines())
        .filter(|l| l.split_whitespace().count() > 5)
        .collect();
    let mut i = 0usize;
    while count < words {
        let p = paragraphs[i % paragraphs.len()];
        let varied = p
            .replace("17,5%", &format!("{},{}%", 10 + i % 80, i % 10))
            .replace("1962", &format!("{}", 1900 + i % 100))
            .replace("5,700", &format!("{},{:03}", 1 + i % 9, i % 1000));
        if out.len() + varied.len() + 2 > max_bytes {
            break;
        }
        count += varied.split_whitespace().count();
        out.push_str(&varied);
        out.push_str("\n\n");
        i += 1;
    }
    out
}

/// Peak resident set size of this process so far, in KiB.
fn peak_rss_kib() -> i64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return -1;
    }
    ru.ru_maxrss
}

fn ten_thousand_words() {
    let article = build_article(10_000, usize::MAX);
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

/// One `analyze` per size, smallest first (so the process's peak RSS is
/// the peak of that size); time per MiB stays flat when the work is linear.
fn scaling() {
    println!("scaling (one run each):");
    for mib in [1usize, 2, 4, 8, 10] {
        let article = build_article(usize::MAX, mib * MIB);
        let t = Instant::now();
        let a = factdesk::propose::analyze(std::hint::black_box(&article));
        let secs = t.elapsed().as_secs_f64();
        let caveats: usize = a.proposals.iter().map(|p| p.caveats.len()).sum();
        let most = a
            .proposals
            .iter()
            .map(|p| p.caveats.len())
            .max()
            .unwrap_or(0);
        println!(
            "  {mib:>2} MiB: {secs:>7.3} s ({:>6.3} s/MiB), {} proposals, {caveats} caveats (at most {most} on one claim), peak RSS {} MiB",
            secs / mib as f64,
            a.proposals.len(),
            peak_rss_kib() / 1024
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-article") {
        let bytes: usize = args
            .get(i + 1)
            .and_then(|b| b.parse().ok())
            .unwrap_or_else(|| panic!("--write-article BYTES PATH"));
        let path = args
            .get(i + 2)
            .unwrap_or_else(|| panic!("--write-article BYTES PATH"));
        let article = build_article(usize::MAX, bytes);
        std::fs::write(path, article).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    ten_thousand_words();
    if !args.iter().any(|a| a == "--quick") {
        scaling();
    }
}
