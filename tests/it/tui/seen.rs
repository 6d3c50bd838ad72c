//! Seen before in the TUI: the claim list marks claims with an earlier
//! match, the claim view shows them in a panel (earlier claims with their
//! verdict and review, fact-checks with publisher, rating and address),
//! and `C` copies the best match's evidence through `ops` in one commit.

use super::*;
use factdesk::model::{ClaimId, Stance};
use ratatui::crossterm::event::KeyCode;

const AGAIN: &str = "2024-01-02-again";

/// The seed case twice (every claim has a twin in `AGAIN`, whose "Rusia
/// 17,5%" claim has one evidence item), and a published fact-check of the
/// Kremlin claim.
fn workspace_with_twins() -> (Ws, String) {
    let fx = seed_workspace();
    let article = std::fs::read_to_string(crate::fixture::seed_article()).expect("seed article");
    add_case(&fx, AGAIN, "Again", "Antara", &article, &SEED_CLAIMS);
    // The twin of SEED_CLAIMS[1] in AGAIN, with evidence.
    let ws = fx.workspace();
    let b = ops::read::open_case(&ws, &case_id(AGAIN)).unwrap();
    let twin = b
        .claims
        .iter()
        .find(|c| c.value.as_ref().is_some_and(|v| v.text == SEED_CLAIMS[1]))
        .unwrap()
        .id
        .clone();
    let req = ops::EvidenceRequest {
        kind: None,
        url: Some("https://www.understandingwar.org/backgrounder/x".into()),
        description: None,
        archive: None,
        stance: Stance::Supports,
        excerpt: None,
        file: None,
        accessed: None,
        capture: None,
    };
    fx.session()
        .add_evidence(&case_id(AGAIN), &twin, req)
        .expect("evidence");
    let fc = crate::fixture::factcheck(
        "https://cekfakta.example.org/kremlin-tujuan",
        SEED_CLAIMS[2],
    );
    fx.write(
        &format!("factchecks/{}.yaml", fc.id().unwrap()),
        &factdesk::store::render_factcheck(&fc).unwrap(),
    );
    fx.git(&["add", "-A"]);
    fx.git(&["commit", "-q", "-m", "a fact-check"]);
    (fx, twin.to_string())
}

/// Opens the seed case and lets a tick find the matches (the runtime's
/// worker, run in place by `send`).
fn opened(fx: &Ws) -> factdesk::tui::app::Model {
    let mut m = model(fx, 120, 40);
    m.open_case(&case_id(SEED_ID)).unwrap();
    assert!(m.seen.matches.is_empty(), "nothing before the worker ran");
    send(&mut m, [Message::Tick]);
    assert!(!m.seen.loading);
    m
}

/// Moves the case view's selection to the claim with `text` and opens it.
fn open_claim_with(m: &mut factdesk::tui::app::Model, text: &str) -> ClaimId {
    let o = m.open.as_ref().unwrap();
    let row = o
        .order
        .iter()
        .position(|&i| {
            o.bundle.claims[i]
                .value
                .as_ref()
                .is_some_and(|v| v.text == text)
        })
        .unwrap();
    let id = o.bundle.claims[o.order[row]].id.clone();
    m.open.as_mut().unwrap().sel = row;
    send(m, [code(KeyCode::Enter)]);
    m.notice = None;
    id
}

#[test]
fn the_claim_list_marks_claims_seen_before() {
    let (fx, _) = workspace_with_twins();
    let mut m = opened(&fx);
    let s = screen(&mut m);
    assert!(s.contains("≈seen"), "{s}");
    super::snapshots::snap_pub("seen_case_view_marker", &mut m);
}

#[test]
fn the_claim_view_shows_earlier_claims_and_factchecks() {
    let (fx, _) = workspace_with_twins();
    let mut m = opened(&fx);
    let id = open_claim_with(&mut m, SEED_CLAIMS[2]);
    let ms = m.seen.of(id.as_str());
    assert!(ms
        .iter()
        .any(|s| s.url.as_deref() == Some("https://cekfakta.example.org/kremlin-tujuan")));
    assert!(ms.iter().any(|s| s.case.as_deref() == Some(AGAIN)));
    let s = screen(&mut m);
    assert!(s.contains("Seen before"), "{s}");
    assert!(s.contains("Cek Fakta: Benar"), "{s}");
    super::snapshots::snap_pub("seen_claim_view_panel", &mut m);
}

#[test]
fn c_copies_the_best_matchs_evidence_in_one_commit() {
    let (fx, twin) = workspace_with_twins();
    let mut m = opened(&fx);
    let id = open_claim_with(&mut m, SEED_CLAIMS[1]);
    let best = m.seen.of(id.as_str()).first().cloned().unwrap();
    assert_eq!(best.case.as_deref(), Some(AGAIN));
    assert_eq!(best.claim.as_deref(), Some(twin.as_str()));
    let before = fx.commits();
    send(&mut m, [key('C')]);
    assert_eq!(fx.commits(), before + 1, "{:?}", m.notice);
    let yaml = claim_yaml(&fx, SEED_ID, id.as_str());
    assert!(
        yaml.contains("https://www.understandingwar.org/backgrounder/x"),
        "{yaml}"
    );
    assert!(
        yaml.contains(&format!("copied_from: {AGAIN}/{twin}")),
        "{yaml}"
    );
    let log = git_log(&fx);
    assert!(
        log.contains(&format!("Factdesk-Evidence-From: {AGAIN}/{twin}")),
        "{log}"
    );
    // The panel is found again for the changed case on the next tick.
    assert!(m.seen.stale);
    send(&mut m, [Message::Tick]);
    assert!(!m.seen.stale && !m.seen.of(id.as_str()).is_empty());
}

#[test]
fn c_without_an_earlier_match_says_so_and_commits_nothing() {
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    m.open_case(&case_id(SEED_ID)).unwrap();
    send(&mut m, [Message::Tick]);
    // Only the seed case: a claim with no match in it.
    let o = m.open.as_ref().unwrap();
    let lonely = o
        .bundle
        .claims
        .iter()
        .find(|c| m.seen.of(c.id.as_str()).is_empty() && c.value.is_some())
        .map(|c| c.value.as_ref().unwrap().text.clone())
        .expect("a claim without a match");
    open_claim_with(&mut m, &lonely);
    let before = fx.commits();
    send(&mut m, [key('C')]);
    assert_eq!(fx.commits(), before);
    assert!(m.notice.as_ref().unwrap().text.contains("no earlier claim"));
}
