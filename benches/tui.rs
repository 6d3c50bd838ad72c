//! TUI speed (a benchmark, not a timed test):
//! (a) first frame on a generated workspace of 2,000 cases, target < 100 ms;
//! (b) keypress → re-render on a 20,000-word article, target < 16 ms.
//! Frames are rendered into ratatui's TestBackend at 120×40.
//!
//! Run: `cargo bench --bench tui`

use factdesk::model::{ClaimId, ClaimKind};
use factdesk::ops::{self, NewCase, Session};
use factdesk::propose::Proposal;
use factdesk::store::{self, Workspace};
use factdesk::tui::app::Model;
use factdesk::tui::update::{update, Message};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const CASES: usize = 2_000;
const CLAIMS_PER_CASE: usize = 5;
const WORDS: usize = 20_000;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git {args:?}");
}

fn workspace(dir: &Path) -> Session {
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.name", "Bench"]);
    git(dir, &["config", "user.email", "bench@example.org"]);
    ops::init(dir, false).expect("init");
    Session::open(Workspace::open(dir).expect("ws")).expect("session")
}

fn sentence(i: usize) -> String {
    format!("Sentence {i} says officials told reporters that 17,5% of the budget was spent on item {i} last year.")
}

/// Writes a case directly (benchmark data, not a code path under test).
fn write_case(s: &Session, id: &str, sentences: usize, claims: usize) {
    let article: String = (0..sentences)
        .map(|i| {
            let mut t = sentence(i);
            t.push(if i % 5 == 4 { '\n' } else { ' ' });
            if i % 5 == 4 {
                t.push('\n');
            }
            t
        })
        .collect();
    let opts = NewCase {
        id: Some(id.into()),
        title: Some(format!("Generated case {id}")),
        outlet: Some("Bench Wire".into()),
        ..NewCase::default()
    };
    let prepared = ops::prepare_case(&article, &opts, ops::now()).expect("prepare");
    let ws = &s.ws;
    let case_id = prepared.case.id.clone();
    let dir = ws.abs(&Workspace::case_dir_rel(&case_id));
    std::fs::create_dir_all(dir.join(store::CLAIMS_DIR)).expect("mkdir");
    std::fs::write(ws.abs(&Workspace::article_rel(&case_id)), &article).expect("article");
    std::fs::write(
        ws.abs(&Workspace::case_rel(&case_id)),
        store::render(&prepared.case).expect("render"),
    )
    .expect("case");
    let step = (sentences / claims.max(1)).max(1);
    for n in 0..claims {
        let text = sentence(n * step);
        let start = article.find(&text).expect("sentence");
        let p = Proposal {
            kind: ClaimKind::Statistic,
            score: Default::default(),
            text: text.clone(),
            start,
            end: start + text.len(),
            speaker: Some("officials".into()),
            chain: vec!["officials".into()],
            anonymous: true,
            figures: vec!["17,5%".into()],
            caveats: Vec::new(),
            reason: "bench".into(),
        };
        let cid = ClaimId::from_number(n as u32 + 1);
        let mut c = s
            .claim_from_proposal(
                cid.clone(),
                factdesk::model::Location::from_span(&article, p.start, p.end),
                &p,
            )
            .expect("claim");
        if n % 3 == 0 {
            c.status = "in-progress".into();
        }
        std::fs::write(
            ws.abs(&Workspace::claim_rel(&case_id, &cid)),
            store::render(&c).expect("render"),
        )
        .expect("claim");
    }
}

fn key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn stats(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2], v[v.len() * 95 / 100])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    std::env::set_var("NO_COLOR", "1");
    let tmp = tempfile::tempdir().expect("tmp");

    // (a) first frame on 2,000 cases.
    let root_a = tmp.path().join("a");
    std::fs::create_dir_all(&root_a).expect("mkdir");
    let s = workspace(&root_a);
    let t0 = Instant::now();
    for i in 0..CASES {
        write_case(&s, &format!("2023-11-05-case-{i:04}"), 20, CLAIMS_PER_CASE);
    }
    eprintln!(
        "generated {CASES} cases × {CLAIMS_PER_CASE} claims in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    let mut first = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let mut m: Model =
            factdesk::tui::open_model(Workspace::open(&root_a).expect("ws"), None).expect("open");
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("term");
        factdesk::tui::draw(&mut m, &mut term).expect("draw");
        first.push(t.elapsed());
        assert!(m.cases.names.len() == CASES);
    }
    let (min, med, _) = stats(first);
    let a_ok = med < Duration::from_millis(100);
    println!(
        "(a) first frame, {CASES} cases, 120x40: median {:.2} ms (min {:.2} ms); target < 100 ms: {}",
        ms(med),
        ms(min),
        if a_ok { "MET" } else { "NOT MET" }
    );

    // (b) keypress → re-render on a 20,000-word article.
    let root_b = tmp.path().join("b");
    std::fs::create_dir_all(&root_b).expect("mkdir");
    let s = workspace(&root_b);
    let words_per_sentence = sentence(1000).split_whitespace().count();
    let sentences = WORDS / words_per_sentence + 1;
    write_case(&s, "2023-11-05-long-article", sentences, 200);
    // One case in the workspace: it opens directly, as `factdesk` would.
    let mut m =
        factdesk::tui::open_model(Workspace::open(&root_b).expect("ws"), None).expect("open");
    assert!(m.open.is_some());
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("term");
    let t = Instant::now();
    factdesk::tui::draw(&mut m, &mut term).expect("draw");
    let open_first = t.elapsed();
    let words = m
        .open
        .as_ref()
        .map_or(0, |o| o.bundle.article.split_whitespace().count());
    let mut keys = Vec::new();
    for i in 0..400 {
        // Down the claim list (scrolls the article to each claim), then up.
        let k = if (i / 100) % 2 == 0 { 'j' } else { 'k' };
        let t = Instant::now();
        update(&mut m, key(k));
        factdesk::tui::draw(&mut m, &mut term).expect("draw");
        keys.push(t.elapsed());
    }
    // Tab to the article and scroll it too.
    update(
        &mut m,
        Message::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
    );
    for _ in 0..200 {
        let t = Instant::now();
        update(&mut m, key('j'));
        factdesk::tui::draw(&mut m, &mut term).expect("draw");
        keys.push(t.elapsed());
    }
    // A resize re-wraps the whole article once.
    let t = Instant::now();
    update(&mut m, Message::Resize(100, 40));
    term.backend_mut().resize(100, 40);
    factdesk::tui::draw(&mut m, &mut term).expect("draw");
    let resize = t.elapsed();
    let (min, med, p95) = stats(keys);
    let b_ok = p95 < Duration::from_millis(16);
    println!(
        "(b) keypress -> re-render, {words}-word article with 200 claims, 120x40: median {:.3} ms, p95 {:.3} ms (min {:.3} ms); target < 16 ms: {}",
        ms(med),
        ms(p95),
        ms(min),
        if b_ok { "MET" } else { "NOT MET" }
    );
    println!(
        "    (for information: opening that case and wrapping it took {:.2} ms; a resize re-wrap + frame {:.2} ms)",
        ms(open_first),
        ms(resize)
    );
}
