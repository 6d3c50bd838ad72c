//! Seen before at scale (a benchmark, not a timed test): on a workspace
//! whose claim index exists (`benches/seen.sh` builds one from the 20,000
//! case archive), the time to load the index warm, to answer `similar`
//! for one claim, and to match every proposal of an article against all
//! claims (target: under 200 ms for 20,000 cases, ~250,000 claims).
//!
//! Run: `cargo bench --bench seen -- WORKSPACE [ARTICLE]` (ARTICLE
//! defaults to the bundled case's article).

use factdesk::matching;
use factdesk::ops::{self, claim_index, NewCase};
use factdesk::store::Workspace;
use std::path::Path;
use std::time::{Duration, Instant};

const TARGET_MS: f64 = 200.0;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench seen -- WORKSPACE [ARTICLE]");
        return;
    };
    let article = args.get(1).cloned().unwrap_or_else(|| {
        format!(
            "{}/cases/2023-11-05-kyiv-moscow-talks/article.txt",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let article = std::fs::read_to_string(&article).unwrap_or_else(|e| panic!("{article}: {e}"));
    let ws = Workspace::open(Path::new(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let scale = ops::read::context(&ws, &mut |_| {}).config.verdict_scale;

    let t = Instant::now();
    let idx = claim_index::load(&ws, &scale, &|_, _| {}).expect("load");
    let load = t.elapsed();
    let st = &idx.stats;
    println!(
        "load: {:.0} ms ({} claims, {} fact-checks; {} units reused, {} read): file {:.0} ms, stats {:.0} ms, cases read {:.0} ms, decode {:.0} ms, matcher {:.0} ms",
        ms(load),
        idx.claim_count(),
        idx.factchecks.len(),
        st.reused,
        st.read,
        ms(st.file),
        ms(st.stat),
        ms(st.cases),
        ms(st.decode),
        ms(st.matcher)
    );

    let (case, claim) = idx
        .claim(0)
        .map(|c| (c.case.clone(), c.claim.clone()))
        .expect("a claim");
    for c in ["c01", "c03", "c07"] {
        let t = Instant::now();
        let m = idx.similar(&case, c, 10).unwrap_or_default();
        println!(
            "similar {case}/{c}: {:.1} ms, {} matches",
            ms(t.elapsed()),
            m.len()
        );
    }
    let _ = claim;

    let p = ops::prepare_case(&article, &NewCase::default(), ops::now()).expect("proposals");
    let texts: Vec<matching::Text<'_>> = p
        .proposals
        .iter()
        .map(|q| matching::Text {
            text: &q.text,
            translation: None,
            lang: Some(&p.case.language),
            figures: &q.figures,
        })
        .collect();
    let mut times = Vec::new();
    let mut found = 0;
    let mut done = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let (m, d) = idx.match_many(&texts, 3, Duration::from_secs(600), &|_| false);
        times.push(ms(t.elapsed()));
        found = m.iter().filter(|x| !x.is_empty()).count();
        done = d;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "matching {} proposals ({} matched, {} with a match): median {:.1} ms, best {:.1} ms (target < {TARGET_MS:.0} ms) {}",
        texts.len(),
        done,
        found,
        times[2],
        times[0],
        if times[2] < TARGET_MS { "ok" } else { "OVER" }
    );
}
