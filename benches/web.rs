//! The pure half of "From the web": extraction time on the test pages,
//! and on hostile pages up to the 20 MB fetch limit, to show the work is
//! linear in the page (the ms per MB stays flat as the size doubles):
//!
//! - `paragraphs`: an article of plain paragraphs, 1 to 20 MB;
//! - `wide`: 1 to 20 MB of sibling `<div>`s with links (no article);
//! - `deep`: 10 000 to 200 000 nested `<div>`s (2.2 MB at the top), which
//!   html5ever alone parses in quadratic time; `extract` drops tags
//!   nested deeper than `MAX_DEPTH`;
//! - `tables`, `lists`: 20 000 to 160 000 nested `<table><tr><td>` or
//!   `<ul><li>` (the extractor visits every row once per table around
//!   it); `extract` keeps `MAX_NESTED` levels.
//!
//! Also `decode_html` and the WARC writer on 20 MB, and first, how the
//! extractors compare on the test pages: paragraphs kept that are in the
//! golden file (precision) and golden paragraphs found (recall), for
//! factdesk's `extract`, dom_smoothie alone (its own formatted text, both
//! candidate modes) and the naive rule "every `<p>` of the page".
//! Release build: `cargo bench --bench web`.

use std::time::Instant;

use factdesk::web::{decode, extract, warc};

const MIB: usize = 1 << 20;

fn url() -> url::Url {
    url::Url::parse("https://news.example/a").unwrap_or_else(|e| panic!("{e}"))
}

/// Median of three runs of `f`, in ms, with the last run's result.
fn time<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[1], last.unwrap_or_else(|| unreachable!("three runs")))
}

fn paragraphs(bytes: usize) -> String {
    let para = format!(
        "<p>{}</p>\n",
        "The council said on Monday that more talks were planned, adding that 1,200 workers joined. ".repeat(5)
    );
    format!(
        "<html><body><article><h1>Big</h1>{}</article></body></html>",
        para.repeat(bytes / para.len())
    )
}

fn wide(bytes: usize) -> String {
    let item = "<div class='x'><a href='/a'>link</a> <span>text and more text, said</span></div>\n";
    format!(
        "<html><body>{}</body></html>",
        item.repeat(bytes / item.len())
    )
}

fn deep(levels: usize) -> String {
    format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(levels),
        "Deep text, said the report on Monday. ".repeat(20),
        "</div>".repeat(levels)
    )
}

/// `levels` nested `<table><tr><td>` (or `<ul><li>`) around the text.
fn nested(open: &str, levels: usize) -> String {
    format!(
        "<html><body>{}<p>{}</p></body></html>",
        open.repeat(levels),
        "Nested text, said the report on Monday. ".repeat(20)
    )
}

fn report(name: &str, size: usize, ms: f64, outcome: &str) {
    let mb = size as f64 / MIB as f64;
    println!(
        "{name:<11} {mb:>6.1} MB {ms:>9.1} ms {:>8.1} ms/MB  {outcome}",
        ms / mb
    );
}

fn outcome(r: &Result<extract::Extracted, extract::ExtractError>) -> String {
    match r {
        Ok(ex) => format!("{} paragraphs", ex.paragraphs.len()),
        Err(e) => format!("error: {e}"),
    }
}

/// Collapsed, non-empty lines of a text.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// dom_smoothie alone: its formatted text, one paragraph per line.
fn smoothie(html: &str, mode: dom_smoothie::CandidateSelectMode) -> Vec<String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        candidate_select_mode: mode,
        ..Default::default()
    };
    dom_smoothie::Readability::new(html, Some("https://news.example/a"), Some(cfg))
        .and_then(|mut r| r.parse())
        .map(|a| lines(&a.text_content))
        .unwrap_or_default()
}

/// The naive rule: the text of every `<p>` in the page.
fn every_p(html: &str) -> Vec<String> {
    let doc = dom_query::Document::from(html);
    doc.select("p")
        .nodes()
        .iter()
        .flat_map(|p| lines(&p.text()))
        .collect()
}

/// (precision, recall) of `got` against `golden`, by whole paragraphs.
fn score(got: &[String], golden: &[String]) -> (f64, f64) {
    let hits = got.iter().filter(|p| golden.contains(p)).count() as f64;
    let found = golden.iter().filter(|p| got.contains(p)).count() as f64;
    (
        hits / got.len().max(1) as f64,
        found / golden.len().max(1) as f64,
    )
}

fn compare(dir: &str) {
    println!("extractors on the test pages: precision / recall by paragraph");
    let names = ["en-wire", "id-news", "cp1252", "header-charset", "no-meta"];
    let charset = |n: &str| (n == "header-charset").then_some("text/html; charset=ISO-8859-2");
    type Extractor = fn(&str) -> Vec<String>;
    let extractors: [(&str, Extractor); 4] = [
        ("factdesk extract", |h| {
            extract::extract(h, &url())
                .map(|e| e.paragraphs)
                .unwrap_or_default()
        }),
        ("dom_smoothie (Readability mode)", |h| {
            smoothie(h, dom_smoothie::CandidateSelectMode::Readability)
        }),
        ("dom_smoothie (DomSmoothie mode)", |h| {
            smoothie(h, dom_smoothie::CandidateSelectMode::DomSmoothie)
        }),
        ("every <p> of the page", every_p),
    ];
    for (label, f) in extractors {
        let mut line = format!("  {label:<32}");
        let (mut tp, mut tr) = (0.0, 0.0);
        for name in names {
            let bytes = std::fs::read(format!("{dir}/{name}.html"))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let golden = std::fs::read_to_string(format!("{dir}/{name}.expected.txt"))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let golden = lines(&golden);
            let got = f(&decode::decode_html(&bytes, charset(name)));
            let (p, r) = score(&got, &golden);
            tp += p;
            tr += r;
            line.push_str(&format!(" {name} {p:.2}/{r:.2}"));
        }
        let n = names.len() as f64;
        println!("{line}  mean {:.2}/{:.2}", tp / n, tr / n);
    }
    println!();
}

fn main() {
    let dir = format!("{}/tests/fixtures/web", env!("CARGO_MANIFEST_DIR"));
    compare(&dir);
    println!("test pages (decode + extract):");
    for name in ["en-wire", "id-news", "cp1252", "header-charset", "no-meta"] {
        let path = format!("{dir}/{name}.html");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (ms, r) = time(|| extract::extract(&decode::decode_html(&bytes, None), &url()));
        println!(
            "  {name:<15} {:>6} bytes {ms:>7.2} ms  {}",
            bytes.len(),
            outcome(&r)
        );
    }

    println!("\nhostile pages (extract):");
    for mb in [1, 2, 4, 8, 16, 20] {
        let html = paragraphs(mb * MIB);
        let (ms, r) = time(|| extract::extract(&html, &url()));
        report("paragraphs", html.len(), ms, &outcome(&r));
    }
    for mb in [1, 2, 4, 8, 16, 20] {
        let html = wide(mb * MIB);
        let (ms, r) = time(|| extract::extract(&html, &url()));
        report("wide", html.len(), ms, &outcome(&r));
    }
    for levels in [10_000, 25_000, 50_000, 100_000, 200_000] {
        let html = deep(levels);
        let (ms, r) = time(|| extract::extract(&html, &url()));
        report(
            &format!("deep {}k", levels / 1000),
            html.len(),
            ms,
            &outcome(&r),
        );
    }

    for levels in [20_000, 40_000, 80_000, 160_000] {
        let html = nested("<table><tr><td>", levels);
        let (ms, r) = time(|| extract::extract(&html, &url()));
        report(
            &format!("tables {}k", levels / 1000),
            html.len(),
            ms,
            &outcome(&r),
        );
    }
    for levels in [20_000, 40_000, 80_000, 160_000] {
        let html = nested("<ul><li>", levels);
        let (ms, r) = time(|| extract::extract(&html, &url()));
        report(
            &format!("lists {}k", levels / 1000),
            html.len(),
            ms,
            &outcome(&r),
        );
    }

    println!("\ndecode and WARC (20 MB):");
    let html = paragraphs(20 * MIB);
    let (ms, text) =
        time(|| decode::decode_html(html.as_bytes(), Some("text/html; charset=utf-8")));
    report("decode", text.len(), ms, "utf-8");
    let head = warc::stored_response_head(200, "OK", &[], html.len());
    let (ms, out) = time(|| {
        let mut out = Vec::new();
        let ex = warc::Exchange {
            target_uri: "https://news.example/a",
            date: chrono::Utc::now(),
            ip_address: None,
            request_head: b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
            response_head: &head,
            payload: html.as_bytes(),
        };
        warc::write_exchange(&mut out, &ex, true).unwrap_or_else(|e| panic!("{e}"));
        out
    });
    report("warc write", out.len(), ms, "warcinfo + request + response");
    let (ms, records) = time(|| warc::read_records(&out).map(|r| r.len()));
    report("warc read", out.len(), ms, &format!("{records:?} records"));
}
