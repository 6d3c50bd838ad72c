//! Snapshots of every screen at 80×24 and 120×40 (ratatui TestBackend):
//! the seed case, a case with unicode and escape sequences, an empty
//! workspace, overlays, read-only mode and a too-small terminal.

use super::*;
use factdesk::git::history::Entry;
use factdesk::tui::app::{HistoryPane, Overlay};
use ratatui::crossterm::event::KeyCode;
use std::time::Duration;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The snapshots stay in `tests/snapshots/` (insta's default would be a
/// `snapshots/` folder beside this file).
const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots");

/// `insta::assert_snapshot!` with the snapshots in [`SNAPSHOTS`].
macro_rules! assert_screen {
    ($name:expr, $screen:expr) => {
        insta::with_settings!({ snapshot_path => SNAPSHOTS }, {
            insta::assert_snapshot!($name, $screen);
        })
    };
}

fn snap(name: &str, m: &mut factdesk::tui::app::Model) {
    m.notice = None;
    for (w, h) in SIZES {
        m.size = (w, h);
        let s = screen(m);
        // Untrusted control characters never reach a cell.
        assert!(
            !s.chars().any(|c| factdesk::text::is_unsafe(c) && c != '\n'),
            "unsafe character on screen in {name}"
        );
        assert_screen!(format!("{name}_{w}x{h}"), s);
    }
}

/// [`snap`] for the other TUI test modules.
pub fn snap_pub(name: &str, m: &mut factdesk::tui::app::Model) {
    snap(name, m);
}

fn with_notice_cleared(m: &mut factdesk::tui::app::Model) -> &mut factdesk::tui::app::Model {
    m.notice = None;
    m
}

#[test]
fn empty_workspace_screen() {
    let fx = empty_workspace();
    let mut m = model(&fx, 80, 24);
    snap("empty_workspace", &mut m);
}

#[test]
fn case_list() {
    let fx = two_case_workspace();
    // "changed just now" whenever and however slowly the test runs: the
    // last change is the case's last commit, read from git by the first
    // tick; the screen is drawn half a minute after it.
    let mut m = model(&fx, 80, 24);
    factdesk::tui::update::tick(&mut m);
    let changed = m.cases.last_change.get(&m.cases.names[0]).unwrap();
    m.now = changed + Duration::from_secs(30);
    snap("case_list", &mut m);
    send(&mut m, [key('/')]);
    type_text(&mut m, "kyiv");
    snap("case_list_filtered", &mut m);
}

#[test]
fn seed_case_view_and_walkthrough() {
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    send(&mut m, [code(KeyCode::Enter)]);
    snap("seed_case_view", &mut m);
    send(&mut m, [key('j')]);
    snap("seed_case_view_second_claim", &mut m);
    send(&mut m, [key('k'), code(KeyCode::Enter)]);
    snap("seed_claim_view", with_notice_cleared(&mut m));
    send(&mut m, [key('v')]);
    snap("seed_verdict_picker", &mut m);
    send(&mut m, [code(KeyCode::Esc), key('a')]);
    type_text(&mut m, "https://www.nbcnews.com/x");
    snap("seed_evidence_form", &mut m);
    send(&mut m, [code(KeyCode::Esc), key('y'), key('?')]);
    snap("seed_claim_help", &mut m);
    send(&mut m, [code(KeyCode::Esc), code(KeyCode::Tab)]);
    snap("seed_claim_evidence_pane", &mut m);
    send(&mut m, [code(KeyCode::Tab)]);
    snap("seed_claim_notes_pane", &mut m);
}

#[test]
fn seed_history_pane() {
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    send(&mut m, [code(KeyCode::Enter)]);
    let t = chrono::DateTime::parse_from_rfc3339("2023-11-06T09:30:00+07:00").unwrap();
    let entry = |subject: &str, author: &str| Entry {
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        author: author.into(),
        email: "x@example.org".into(),
        time: t,
        subject: subject.into(),
        body: String::new(),
        trailers: None,
    };
    m.overlay = Overlay::History(HistoryPane {
        title: SEED_ID.into(),
        entries: Some(Ok(vec![
            entry(
                &format!("{SEED_ID}/c01: unchecked → unverifiable"),
                "Ed Itor",
            ),
            entry(
                &format!("{SEED_ID}/c01: +1 evidence (supports) www.nbcnews.com"),
                "Ann \u{1b}[2J",
            ),
            entry(&format!("{SEED_ID}: new case"), "Ed Itor"),
            entry(
                &format!("{SEED_ID}/c02: note"),
                "Maria Fernanda de Souza-Oliveira",
            ),
        ])),
        scroll: 0,
    });
    // Regression (issue 9): history cut author names at ten columns.
    m.size = (120, 40);
    let s = screen(&mut m);
    assert!(s.contains("Maria Fernanda de Souza-Oliveira"), "{s}");
    snap("seed_history", &mut m);
}

#[test]
fn seed_select_span() {
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    send(
        &mut m,
        [code(KeyCode::Enter), key('a'), key('j'), key('j'), key('l')],
    );
    snap("seed_select_span", &mut m);
    send(&mut m, [code(KeyCode::Enter)]);
    snap("seed_add_claim_form", &mut m);
    send(&mut m, [code(KeyCode::Esc), code(KeyCode::Esc), key('x')]);
    type_text(&mut m, "page furniture");
    snap("seed_dismiss_form", &mut m);
    send(
        &mut m,
        [code(KeyCode::Esc), key('y'), code(KeyCode::Enter), key('s')],
    );
    snap("seed_skip_form", &mut m);
    send(&mut m, [code(KeyCode::Esc), key('t')]);
    snap("seed_attribution_picker", &mut m);
}

#[test]
fn unicode_and_escapes() {
    let fx = two_case_workspace();
    let mut m = model(&fx, 120, 40);
    send(&mut m, [key('j'), code(KeyCode::Enter)]);
    assert_eq!(m.open.as_ref().unwrap().id.as_str(), UNI_ID);
    snap("unicode_case_view", &mut m);
    // The third claim: the bidi override and the bell, shown escaped.
    send(&mut m, [key('j'), key('j'), code(KeyCode::Enter)]);
    snap("unicode_claim_view", with_notice_cleared(&mut m));
}

#[test]
fn read_only_mid_merge() {
    let fx = seed_workspace();
    let head = fx.git(&["rev-parse", "HEAD"]);
    std::fs::write(fx.root.join(".git/MERGE_HEAD"), head).unwrap();
    let mut m = model(&fx, 120, 40);
    send(&mut m, [code(KeyCode::Enter)]);
    snap("read_only_case_view", &mut m);
}

#[test]
fn too_small() {
    let fx = seed_workspace();
    let mut m = model(&fx, 79, 23);
    let s = screen(&mut m);
    assert!(s.contains("Terminal too small"), "{s}");
    assert_screen!("too_small_79x23", s);
    // Resizing back redraws the real screen.
    m.size = (80, 24);
    assert!(screen(&mut m).contains("Pejabat"));
}

/// Issue 9: a request for changes is the first thing on the claim (banner
/// with reviewer and note), the claim list marks it and the case list
/// counts it.
#[test]
fn review_banner_marker_and_count() {
    let fx = seed_workspace();
    decide(&fx, "c03");
    request_changes(
        &fx,
        "c03",
        "Say which Kremlin statement this is and link it; the article gives no date, and readers will ask which of the week's briefings it was.",
    );
    // The last change is the case's last commit, read by the first tick.
    let mut m = model(&fx, 80, 24);
    factdesk::tui::update::tick(&mut m);
    let changed = m.cases.last_change.get(&m.cases.names[0]).unwrap();
    m.now = changed + Duration::from_secs(30);
    snap("review_case_list", &mut m);
    send(&mut m, [code(KeyCode::Enter)]);
    {
        let o = m.open.as_mut().unwrap();
        o.sel = o
            .order
            .iter()
            .position(|&i| o.bundle.claims[i].id.as_str() == "c03")
            .unwrap();
        o.follow = true;
    }
    snap("review_case_view", &mut m);
    send(&mut m, [code(KeyCode::Enter)]);
    m.notice = None;
    for (w, h) in SIZES {
        m.size = (w, h);
        let s = without_times(&screen(&mut m));
        assert!(
            s.lines()
                .nth(1)
                .unwrap()
                .contains("⚑ Changes requested by Rui Reviewer"),
            "{s}"
        );
        assert_screen!(format!("review_claim_banner_{w}x{h}"), s);
    }
}

/// Issue 9, point 11: at 80×24 the footer keeps "? help  q quit"; a long
/// refusal wraps instead of being cut at the edge.
#[test]
fn footer_keeps_help_and_quit_and_refusals_wrap() {
    let fx = seed_workspace();
    let mut m = model(&fx, 80, 24);
    send(&mut m, [code(KeyCode::Enter)]);
    for s in [screen(&mut m), {
        send(&mut m, [code(KeyCode::Enter)]);
        m.notice = None;
        screen(&mut m)
    }] {
        let footer = s.lines().last().unwrap().trim_end().to_string();
        assert!(footer.ends_with("? help  q quit"), "{footer}");
    }
    send(&mut m, [key('v')]);
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = p.options.iter().position(|o| o.0 == "verified").unwrap();
    }
    send(&mut m, [code(KeyCode::Enter)]);
    let n = m.notice.clone().unwrap().text;
    assert!(
        n.len() > 80,
        "the refusal should be longer than a line: {n}"
    );
    let s = screen(&mut m);
    assert!(!s.contains("refused: refused"), "{s}");
    assert_screen!("refusal_wrapped_80x24", s);
}

/// Issue 9, point 11: the claim view's help fits at 120×40 (no key cut).
#[test]
fn claim_help_fits_at_120x40() {
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    send(
        &mut m,
        [code(KeyCode::Enter), code(KeyCode::Enter), key('?')],
    );
    let s = screen(&mut m);
    assert!(!s.contains("j/k scroll"), "{s}");
    for b in factdesk::tui::keymap::table(factdesk::tui::keymap::Context::ClaimView) {
        let first_word = b.long().split(' ').next().unwrap();
        assert!(
            s.contains(&factdesk::tui::keymap::keys_label(b)) && s.contains(first_word),
            "{:?} missing from the help:\n{s}",
            b.long()
        );
    }
}

/// Opens the claim view on `claim` of the seed case.
fn open_claim_view(fx: &Ws, claim: &str) -> factdesk::tui::app::Model {
    let mut m = model(fx, 120, 40);
    send(&mut m, [code(KeyCode::Enter)]);
    {
        let o = m.open.as_mut().unwrap();
        o.sel = o
            .order
            .iter()
            .position(|&i| o.bundle.claims[i].id.as_str() == claim)
            .unwrap();
    }
    send(&mut m, [code(KeyCode::Enter)]);
    m
}

/// Both sizes, with the times of the day blanked (items are stamped now).
fn snap_without_times(name: &str, m: &mut factdesk::tui::app::Model) {
    m.notice = None;
    for (w, h) in SIZES {
        m.size = (w, h);
        let s = without_times(&screen(m));
        assert_screen!(format!("{name}_{w}x{h}"), s);
    }
}

/// Issue 9: an interview (no URL: named by its description), a withdrawn
/// web page (struck, "withdrawn by … : why") and the English rendering
/// under the claim.
#[test]
fn claim_view_interview_withdrawn_and_translation() {
    use factdesk::model::{EvidenceKind, Stance};
    use factdesk::ops::EvidenceRequest;
    let fx = seed_workspace();
    let (case, c02) = (
        case_id(SEED_ID),
        factdesk::model::ClaimId::new("c02").unwrap(),
    );
    let s = fx.session();
    let req = |kind, url: Option<&str>, description: Option<&str>, stance| EvidenceRequest {
        kind,
        url: url.map(str::to_string),
        description: description.map(str::to_string),
        archive: None,
        stance,
        excerpt: None,
        file: None,
        accessed: None,
        capture: None,
    };
    s.add_evidence(
        &case,
        &c02,
        req(
            Some(EvidenceKind::Interview),
            None,
            Some("phone interview with the ministry spokesperson"),
            Stance::Supports,
        ),
    )
    .unwrap();
    s.add_evidence(
        &case,
        &c02,
        req(
            None,
            Some("https://example.org/map-of-control"),
            None,
            Stance::Context,
        ),
    )
    .unwrap();
    s.withdraw_evidence(&case, &c02, 2, "the map was out of date")
        .unwrap();
    s.set_translation(
        &case,
        &c02,
        "US and European officials have talked with Ukraine's government about possible peace talks with Russia to end the war, NBC said, citing an unnamed senior US official and a former US official.",
    )
    .unwrap();
    let mut m = open_claim_view(&fx, "c02");
    // The evidence pane, on the withdrawn item.
    send(&mut m, [code(KeyCode::Tab), key('j')]);
    let s = screen(&mut m);
    assert!(s.contains("+ interview phone interview with the"), "{s}");
    assert!(s.contains("In English:"), "{s}");
    snap_without_times("claim_view_interview_withdrawn_translation", &mut m);
}

/// Issue 9: the attribution form (speaker, anonymity, one box per hop).
#[test]
fn attribution_form() {
    let fx = seed_workspace();
    let (case, c01) = (
        case_id(SEED_ID),
        factdesk::model::ClaimId::new("c01").unwrap(),
    );
    fx.session()
        .set_chain(&case, &c01, vec!["Reuters".into(), "NBC".into()])
        .unwrap();
    let mut m = open_claim_view(&fx, "c01");
    send(&mut m, [key('S')]);
    assert!(matches!(m.overlay, Overlay::Form(_)));
    snap_without_times("attribution_form", &mut m);
}

/// Issue 12: a captured evidence item shows ✓, and Enter reads the page
/// that was fetched, in a pager, with escapes made inert.
#[test]
fn captured_evidence_and_its_pager() {
    use factdesk::model::Stance;
    use factdesk::ops::EvidenceRequest;
    use factdesk::web::fetch::Fetched;
    let fx = seed_workspace();
    let page = "<html lang=\"en\"><head><title>Ministry denies talks</title></head><body>\
<nav>Home News</nav><article><h1>Ministry denies talks</h1>\
<p>The ministry said on Monday that no talks had taken place, contradicting a report by a US broadcaster earlier in the week.</p>\
<p>A spokesperson told reporters the claim was \u{1b}[31mfalse\u{1b}[0m and asked for a correction, adding that officials had not met.</p>\
</article><footer>© Example</footer></body></html>";
    let url = url::Url::parse("https://example.org/ministry-denies").unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2024-03-07T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let fetched = Fetched {
        requested: url.clone(),
        final_url: url.clone(),
        redirects: Vec::new(),
        status: 200,
        content_type: "text/html; charset=utf-8".into(),
        headers: Vec::new(),
        body: page.as_bytes().to_vec(),
        fetched_at: at,
        sha256: factdesk::store::sha256_hex(page.as_bytes()),
        request_head: "GET /ministry-denies HTTP/1.1\r\nHost: example.org\r\n\r\n".into(),
        response_head: format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            page.len()
        ),
    };
    let mut warc = Vec::new();
    factdesk::web::warc::write_exchange(
        &mut warc,
        &factdesk::web::warc::Exchange {
            target_uri: url.as_str(),
            date: at,
            ip_address: None,
            request_head: fetched.request_head.as_bytes(),
            payload: &fetched.body,
            response_head: fetched.response_head.as_bytes(),
        },
        true,
    )
    .unwrap();
    let s = fx.session();
    s.add_evidence(
        &case_id(SEED_ID),
        &factdesk::model::ClaimId::new("c01").unwrap(),
        EvidenceRequest {
            kind: None,
            url: Some(url.to_string()),
            description: None,
            archive: None,
            stance: Stance::Refutes,
            excerpt: None,
            file: None,
            accessed: None,
            capture: Some(factdesk::ops::web::CapturedPage { fetched, warc }),
        },
    )
    .unwrap();
    let mut m = open_claim_view(&fx, "c01");
    send(&mut m, [code(KeyCode::Tab)]);
    let s = screen(&mut m);
    assert!(
        s.contains("− ✓ web-page https://example.org/ministry-den"),
        "{s}"
    );
    snap_without_times("claim_view_captured_evidence", &mut m);
    send(&mut m, [code(KeyCode::Enter)]);
    let Overlay::Pager(p) = &m.overlay else {
        panic!("Enter opens the pager: {:?}", m.notice);
    };
    let text = p.lines.join("\n");
    assert!(text.contains("no talks had taken place"), "{text}");
    assert!(!text.contains("Home News"), "furniture left out: {text}");
    snap("captured_page_pager", &mut m);
    send(&mut m, [code(KeyCode::Esc)]);
    assert!(matches!(m.overlay, Overlay::None));
}
