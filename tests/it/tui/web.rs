//! The TUI's web pieces: a new case from a web address (`N`, fetched off
//! the UI thread), the captured page in a pager (escapes inert), and `o`
//! opening an evidence address in the browser as a direct process.

use super::*;
use crate::web::server::{Reply, Server};
use crate::web::STORY;
use factdesk::tui::app::{Overlay, Screen};
use ratatui::crossterm::event::KeyCode;

#[test]
fn n_makes_a_case_from_a_web_address_fetched_off_the_ui_thread() {
    let srv = Server::start();
    srv.route("/story", Reply::html(STORY));
    let fx = empty_workspace();
    let mut m = model(&fx, 120, 40);
    send(&mut m, [key('N')]);
    assert!(matches!(m.overlay, Overlay::Form(_)), "N opens the form");
    type_text(&mut m, &srv.url("/story"));
    // Submitting asks the runtime to fetch: nothing is fetched in update.
    let effects = update(&mut m, ctrl('s'));
    assert!(
        matches!(effects.as_slice(), [Effect::FetchArticle(u)] if *u == srv.url("/story")),
        "{effects:?}"
    );
    assert!(srv.requests().is_empty(), "update itself fetched nothing");
    // The runtime's work, done here synchronously.
    let msg = factdesk::tui::fetch_article(&srv.url("/story"), &m.ctx.config.web);
    update(&mut m, msg);
    let id = "2024-03-07-port-strike-ends-after-nine-days";
    assert_eq!(m.screen, Screen::Case, "the new case opens");
    assert_eq!(m.open.as_ref().map(|o| o.id.as_str()), Some(id));
    let case = std::fs::read_to_string(fx.root.join(format!("cases/{id}/case.yaml"))).unwrap();
    assert!(case.contains("file: source/page.warc"), "{case}");
    assert!(git_log(&fx).contains(&format!("{id}: new case")));
}

#[test]
fn a_failed_fetch_says_why_and_writes_nothing() {
    let fx = empty_workspace();
    let before = fx.commits();
    let mut m = model(&fx, 120, 40);
    send(&mut m, [key('N')]);
    let port = crate::web::server::closed_port();
    type_text(&mut m, &format!("http://127.0.0.1:{port}/x"));
    send(&mut m, [ctrl('s')]);
    let notice = m
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.starts_with("no case made: fetching"), "{notice}");
    assert!(notice.contains("cannot connect"), "{notice}");
    assert_eq!(fx.commits(), before);
}

#[test]
fn n_takes_a_file_too() {
    let fx = empty_workspace();
    let mut m = model(&fx, 120, 40);
    let article = crate::fixture::seed_article();
    send(&mut m, [key('N')]);
    type_text(&mut m, article.to_str().unwrap());
    send(&mut m, [ctrl('s')]);
    assert_eq!(m.screen, Screen::Case, "{:?}", m.notice);
    assert!(m
        .open
        .as_ref()
        .unwrap()
        .id
        .as_str()
        .starts_with("2023-11-05-"));
}

#[test]
fn o_opens_the_evidence_address_and_the_browser_is_never_a_shell() {
    let fx = seed_workspace();
    let s = fx.session();
    let c01 = factdesk::model::ClaimId::new("c01").unwrap();
    let url = "https://example.org/a;touch%20/tmp/pwned$(id)";
    s.add_evidence(
        &case_id(SEED_ID),
        &c01,
        factdesk::ops::EvidenceRequest {
            kind: None,
            url: Some(url.into()),
            description: None,
            archive: None,
            stance: factdesk::model::Stance::Context,
            excerpt: None,
            file: None,
            accessed: None,
            capture: None,
        },
    )
    .unwrap();
    let mut m = model(&fx, 120, 40);
    send(&mut m, [code(KeyCode::Enter), code(KeyCode::Enter)]);
    // Not on the evidence pane: nothing to open.
    assert!(update(&mut m, key('o')).is_empty());
    send(&mut m, [code(KeyCode::Tab)]);
    let effects = update(&mut m, key('o'));
    assert!(
        matches!(effects.as_slice(), [Effect::OpenUrl(u)] if u == url),
        "{effects:?}"
    );
    // $BROWSER: its first entry, split into program and arguments; the
    // address is one more argument, whatever it contains.
    let c = factdesk::tui::browser_command(url, Some("firefox --new-window:chromium"));
    assert_eq!(c.get_program(), "firefox");
    let args: Vec<_> = c.get_args().collect();
    assert_eq!(args, ["--new-window", url]);
    let c = factdesk::tui::browser_command(url, None);
    assert_eq!(c.get_program(), "xdg-open");
    assert_eq!(c.get_args().collect::<Vec<_>>(), [url]);
}

#[test]
fn the_evidence_form_captures_the_page_when_asked() {
    let srv = Server::start();
    srv.route("/story", Reply::html(STORY));
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    send(
        &mut m,
        [code(KeyCode::Enter), code(KeyCode::Enter), key('a')],
    );
    type_text(&mut m, &srv.url("/story"));
    // To the last field, "capture", and switch it on.
    for _ in 0..7 {
        send(&mut m, [code(KeyCode::Tab)]);
    }
    send(&mut m, [code(KeyCode::Right)]);
    let effects = update(&mut m, ctrl('s'));
    assert!(
        matches!(effects.as_slice(), [Effect::CaptureEvidence { .. }]),
        "{effects:?}"
    );
    assert!(srv.requests().is_empty(), "update itself fetched nothing");
    // The runtime's work, done here.
    let Some(Effect::CaptureEvidence { target, req }) = effects.into_iter().next() else {
        unreachable!()
    };
    let config = m.ctx.config.clone();
    update(
        &mut m,
        factdesk::tui::capture_evidence(target, *req, &config),
    );
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    let c = claim_yaml(&fx, SEED_ID, "c01");
    assert!(c.contains("capture:"), "{c}");
    assert!(
        c.contains(&format!("final_url: {}", srv.url("/story"))),
        "{c}"
    );
    let s = screen(&mut m);
    assert!(s.contains("✓ web-page"), "{s}");
}
