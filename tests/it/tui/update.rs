//! Update logic without a terminal: key → state change → file write and
//! commit, against real temporary git repositories.

use super::*;
use factdesk::model::ClaimId;
use factdesk::model::StepState;
use factdesk::ops::SetRequest;
use factdesk::tui::app::{Overlay, Screen};
use factdesk::tui::form::FormKind;
use factdesk::tui::update::{update, Message};
use ratatui::crossterm::event::KeyCode;

fn c_list(m: &factdesk::tui::app::Model) -> String {
    m.focused_claim().unwrap().3.unwrap().checklist.id.clone()
}

fn open_seed(fx: &Ws) -> factdesk::tui::app::Model {
    let mut m = model(fx, 120, 40);
    // One case: the list opens, Enter opens it.
    send(&mut m, [code(KeyCode::Enter)]);
    assert_eq!(m.screen, Screen::Case);
    m
}

#[test]
fn case_list_filter_and_open() {
    let fx = two_case_workspace();
    let mut m = model(&fx, 120, 40);
    assert_eq!(m.cases.names.len(), 2);
    send(&mut m, [key('/')]);
    type_text(&mut m, "unicode");
    assert_eq!(m.cases.visible.len(), 1);
    send(&mut m, [code(KeyCode::Enter), code(KeyCode::Enter)]);
    assert_eq!(m.screen, Screen::Case);
    assert_eq!(m.open.as_ref().unwrap().id.as_str(), UNI_ID);
    send(&mut m, [code(KeyCode::Esc)]);
    assert_eq!(m.screen, Screen::CaseList);
}

#[test]
fn walking_a_claim_writes_and_commits_each_step() {
    let fx = seed_workspace();
    let before = fx.commits();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]); // next unchecked claim: c01, in article order
    assert_eq!(m.screen, Screen::Claim);
    let (_, _, id, c) = m.focused_claim().unwrap();
    assert_eq!(id.as_str(), "c01");
    let steps: Vec<String> = c
        .unwrap()
        .checklist
        .steps
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert!(steps.len() >= 3);

    // d marks the first step done: one commit, file written.
    send(&mut m, [key('d')]);
    assert_eq!(fx.commits(), before + 1);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("state: done"), "{yaml}");
    assert!(yaml.contains("status: in-progress"), "{yaml}");
    let log = git_log(&fx);
    assert!(log.contains("Factdesk-Action: step"), "{log}");
    assert!(
        log.contains(&format!("Factdesk-Step: {}/{}=done", c_list(&m), steps[0])),
        "{log}"
    );

    // s asks why; the note is required for required steps and committed.
    send(&mut m, [key('s')]);
    assert!(matches!(m.overlay, Overlay::Form(_)));
    type_text(&mut m, "no second source reachable tonight");
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("state: skipped"));
    assert!(yaml.contains("no second source reachable tonight"));

    // x: not applicable, with a reason (a required step); then n walks to
    // the remaining required steps.
    send(&mut m, [key('x')]);
    type_text(&mut m, "named later in the story");
    send(&mut m, [ctrl('s')]);
    assert!(claim_yaml(&fx, SEED_ID, "c01").contains("state: not-applicable"));
    for _ in 0..steps.len() {
        send(&mut m, [key('n')]);
        if matches!(m.overlay, Overlay::Picker(_)) {
            break;
        }
        send(&mut m, [key('d')]);
    }
    // Every required step finished (optional ones are offered, not waited
    // for): "next" opens a picker, the attribution first.
    let c = claim_of(&m);
    let list = &m.ctx.checklists[&c.checklist.id].0;
    assert!(c
        .checklist
        .steps
        .iter()
        .all(|s| s.state != StepState::Pending || !list.step(&s.id).unwrap().required));
    assert!(matches!(m.overlay, Overlay::Picker(_)));
}

#[test]
fn verdict_without_evidence_is_refused_with_the_rule_and_nothing_written() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    send(&mut m, [key('v')]);
    let Overlay::Picker(p) = &m.overlay else {
        panic!("no picker");
    };
    let verified = p.options.iter().position(|o| o.0 == "verified").unwrap();
    let why = p.options[verified].2.clone().expect("verified is refused");
    assert!(why.contains("verified"), "{why}");
    let before = fx.commits();
    let raw = claim_yaml(&fx, SEED_ID, "c01");
    // Move to "verified" and press Enter: refused, reason shown.
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = verified;
    }
    send(&mut m, [code(KeyCode::Enter)]);
    assert_eq!(fx.commits(), before);
    assert_eq!(claim_yaml(&fx, SEED_ID, "c01"), raw);
    let n = m.notice.clone().unwrap().text;
    assert!(n.contains("refused") && n.contains("verified"), "{n}");
}

/// Regression ("Hostile files…"): the evidence form took
/// `javascript:alert(5)` as a URL. It goes through `Session::add_evidence`,
/// which refuses it: nothing written, the reason on the notice line and
/// the form still open with the text typed.
#[test]
fn evidence_form_refuses_a_url_readers_cannot_follow() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    let before = fx.commits();
    let raw = claim_yaml(&fx, SEED_ID, "c01");
    send(&mut m, [key('a')]);
    type_text(&mut m, "javascript:alert(5)");
    send(&mut m, [ctrl('s')]);
    assert_eq!(fx.commits(), before);
    assert_eq!(claim_yaml(&fx, SEED_ID, "c01"), raw);
    let n = m.notice.clone().unwrap().text;
    assert!(
        n.contains("`javascript:alert(5)` is not an http(s) URL"),
        "{n}"
    );
    let Overlay::Form(f) = &m.overlay else {
        panic!("the form closed: {n}")
    };
    assert_eq!(f.value(0), "javascript:alert(5)");
}

#[test]
fn evidence_then_verdict_commits_with_trailers() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    // Finish every step by "done".
    let n = m.focused_claim().unwrap().3.unwrap().checklist.steps.len();
    for _ in 0..n {
        send(&mut m, [key('d')]);
    }
    send(&mut m, [key('a')]);
    type_text(
        &mut m,
        "https://www.nbcnews.com/politics/ukraine-peace-talks",
    );
    // Past the kind (web page) and the description.
    send(
        &mut m,
        [code(KeyCode::Tab), code(KeyCode::Tab), code(KeyCode::Tab)],
    );
    type_text(&mut m, "https://web.archive.org/web/2023/nbc");
    send(&mut m, [code(KeyCode::Tab), code(KeyCode::Right)]); // stance: refutes
    send(&mut m, [code(KeyCode::Left)]); // back to supports
    send(&mut m, [code(KeyCode::Tab)]);
    type_text(&mut m, "officials discussed");
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("url: https://www.nbcnews.com/politics/ukraine-peace-talks"));
    assert!(yaml.contains("stance: supports"));
    assert!(
        yaml.contains("archive_url: https://web.archive.org/web/2023/nbc"),
        "{yaml}"
    );

    send(&mut m, [key('v')]);
    let Overlay::Picker(p) = &m.overlay else {
        panic!("no picker")
    };
    let i = p
        .options
        .iter()
        .position(|o| o.0 == "unverifiable")
        .unwrap();
    assert!(p.options[i].2.is_none(), "{:?}", p.options[i]);
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = i;
    }
    send(&mut m, [code(KeyCode::Enter)]);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("status: unverifiable"), "{yaml}");
    let log = git_log(&fx);
    assert!(log.contains("Factdesk-Status: unverifiable"), "{log}");
    assert!(log.contains("Factdesk-Claim: c01"));

    // Attribution is a separate decision.
    send(&mut m, [key('t')]);
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = p.options.iter().position(|o| o.0 == "confirmed").unwrap();
    }
    send(&mut m, [code(KeyCode::Enter)]);
    assert!(claim_yaml(&fx, SEED_ID, "c01").contains("status: confirmed"));

    // n now moves on to the next unchecked claim in article order.
    send(&mut m, [key('n')]);
    assert_eq!(m.focused_claim().unwrap().2.as_str(), "c02");
}

#[test]
fn dismiss_and_add_claim_from_the_case_view() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    // Dismiss the selected (first in article order) claim with a reason.
    send(&mut m, [key('j'), key('j'), key('x')]);
    type_text(&mut m, "statement of intent, checked elsewhere");
    send(&mut m, [code(KeyCode::Enter)]);
    let yaml = claim_yaml(&fx, SEED_ID, "c03");
    assert!(yaml.contains("dismissed:"), "{yaml}");
    assert!(yaml.contains("statement of intent"));

    // Add a claim by selecting a span: a, move to a sentence, Enter, Ctrl-S.
    send(&mut m, [key('a')]);
    let art = m.open.as_ref().unwrap().bundle.article.clone();
    let target = "Reuters tidak dapat memverifikasi secara independen percakapan yang dilaporkan oleh jaringan televisi AS tersebut.";
    let pos = art.find(target).unwrap();
    for _ in 0..200 {
        let (s, _) = m.open.as_ref().unwrap().span.unwrap();
        if s >= pos {
            break;
        }
        send(&mut m, [key('j')]);
    }
    let (s, e) = m.open.as_ref().unwrap().span.unwrap();
    assert_eq!(&art[s..e], target);
    send(&mut m, [code(KeyCode::Enter)]);
    assert!(matches!(m.overlay, Overlay::Form(_)));
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    // New claims take the next free id after the proposer's.
    let next = m
        .open
        .as_ref()
        .unwrap()
        .bundle
        .claims
        .iter()
        .map(|c| c.id.number())
        .max()
        .unwrap();
    let yaml = claim_yaml(&fx, SEED_ID, ClaimId::from_number(next).as_str());
    assert!(yaml.contains("Reuters tidak dapat memverifikasi"), "{yaml}");
    assert!(git_log(&fx).contains("Factdesk-Action: claim-add"));
}

#[test]
fn change_on_disk_is_reloaded_and_reported() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    // Someone else changes c01 by hand (another editor, a git pull).
    let path = fx.root.join(format!("cases/{SEED_ID}/claims/c01.yaml"));
    let raw = std::fs::read_to_string(&path).unwrap();
    let edited = raw.replace("\nstatus: unchecked", "\nstatus: in-progress");
    assert_ne!(raw, edited);
    std::fs::write(&path, edited + "\n").unwrap();
    update(&mut m, Message::Tick);
    let n = m.notice.clone().expect("notice");
    assert!(
        n.text.contains("c01 changed on disk (reloaded)"),
        "{}",
        n.text
    );
    let c = m.focused_claim().unwrap().3.unwrap().clone();
    assert_eq!(c.status, "in-progress");
}

#[test]
fn a_hand_edit_the_watcher_has_not_seen_yet_is_kept_not_overwritten() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    let path = fx.root.join(format!("cases/{SEED_ID}/claims/c01.yaml"));
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(!raw.contains("assignee:"));
    // A hand edit lands between two ticks; the next key would commit a
    // step the editor chose from the older content: refused, not written
    // over, and the screen shows the new content.
    std::fs::write(&path, format!("{raw}assignee: Ann\n")).unwrap();
    let commits = git_log(&fx);
    send(&mut m, [key('d')]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(!after.contains("state: done"), "{after}");
    assert!(after.contains("assignee: Ann"), "hand edit lost:\n{after}");
    assert_eq!(git_log(&fx), commits, "nothing may be committed");
    let n = m.notice.clone().expect("notice");
    assert!(n.text.contains("changed since you opened it"), "{}", n.text);
    let c = m.focused_claim().unwrap().3.unwrap().clone();
    assert_eq!(c.assignee.as_deref(), Some("Ann"));
    // Seen now, the same key commits, hand edit included and declared.
    send(&mut m, [key('d')]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("state: done"), "{after}");
    assert!(after.contains("assignee: Ann"), "hand edit lost:\n{after}");
    assert!(git_log(&fx).contains("Includes uncommitted hand edits"));
}

#[test]
fn a_note_on_a_claim_changed_meanwhile_is_added_to_the_new_version() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    let path = fx.root.join(format!("cases/{SEED_ID}/claims/c01.yaml"));
    let raw = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{raw}assignee: Ann\n")).unwrap();
    // A note is an addition: made on the new content, and said so.
    let done = {
        let s = m.session.as_mut().unwrap();
        s.seen = Some([(format!("cases/{SEED_ID}/claims/c01.yaml"), raw.clone())].into());
        let case = factdesk::model::CaseId::new(SEED_ID).unwrap();
        let claim = factdesk::model::ClaimId::new("c01").unwrap();
        let req = factdesk::ops::SetRequest {
            note: Some("a note typed meanwhile".into()),
            ..Default::default()
        };
        s.set(&case, &claim, &req).unwrap()
    };
    assert!(
        done.notices
            .iter()
            .any(|n| n.contains("changed since you opened it")),
        "{:?}",
        done.notices
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("a note typed meanwhile") && after.contains("assignee: Ann"),
        "{after}"
    );
}

#[test]
fn mid_merge_is_read_only_and_refuses_changes() {
    let fx = seed_workspace();
    // Fake a merge in progress.
    let head = fx.git(&["rev-parse", "HEAD"]);
    std::fs::write(fx.root.join(".git/MERGE_HEAD"), head).unwrap();
    let mut m = open_seed(&fx);
    assert!(
        m.read_only.as_deref().unwrap_or("").contains("merge"),
        "{:?}",
        m.read_only
    );
    let before = fx.commits();
    send(&mut m, [key('n'), key('d')]);
    assert_eq!(fx.commits(), before);
    let n = m.notice.clone().unwrap().text;
    assert!(n.contains("READ-ONLY"), "{n}");
    // Reading still works.
    assert_eq!(m.screen, Screen::Claim);
    // Merge finished: a tick notices and changes are allowed again.
    std::fs::remove_file(fx.root.join(".git/MERGE_HEAD")).unwrap();
    update(&mut m, Message::Tick);
    assert!(m.read_only.is_none());
    send(&mut m, [key('d')]);
    assert_eq!(fx.commits(), before + 1);
}

#[test]
fn invalid_claim_file_is_shown_not_fatal() {
    let fx = seed_workspace();
    let path = fx.root.join(format!("cases/{SEED_ID}/claims/c02.yaml"));
    std::fs::write(&path, "id: c02\nkind: [unclosed\n").unwrap();
    let mut m = open_seed(&fx);
    let s = screen(&mut m);
    assert!(s.contains("invalid file"), "{s}");
    // Open the broken claim: the view explains, mutations are refused.
    let idx = m
        .open
        .as_ref()
        .unwrap()
        .bundle
        .claims
        .iter()
        .position(|c| c.id.as_str() == "c02")
        .unwrap();
    factdesk::tui::update::open_claim(&mut m, idx);
    let before = fx.commits();
    send(&mut m, [key('d')]);
    assert_eq!(fx.commits(), before);
    assert!(screen(&mut m).contains("cannot be read"));
}

#[test]
fn quit_with_typed_text_asks_and_keeps_a_draft() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('m')]);
    type_text(&mut m, "half a thought");
    // Already on disk before any quit or tick (a crash would keep it).
    let drafts = fx.root.join(".git/factdesk-drafts");
    let saved: Vec<String> = std::fs::read_dir(&drafts)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        saved.iter().any(|d| d.contains("half a thought")),
        "{saved:?}"
    );
    send(&mut m, [ctrl('c')]);
    assert!(!m.quit, "quit without asking");
    assert!(matches!(m.overlay, Overlay::Confirm(..)));
    let files: Vec<_> = std::fs::read_dir(&drafts).unwrap().collect();
    assert_eq!(files.len(), 1);
    send(&mut m, [key('n')]); // stay
    assert!(matches!(m.overlay, Overlay::Form(_)));
    send(&mut m, [ctrl('c'), key('y')]);
    assert!(m.quit);
    // Next session: the same form comes back with the text.
    let mut m2 = open_seed(&fx);
    send(&mut m2, [key('n'), key('m')]);
    let Overlay::Form(f) = &m2.overlay else {
        panic!("no form")
    };
    assert_eq!(f.value(0), "half a thought");
    // Submitting commits the note and deletes the draft.
    send(&mut m2, [ctrl('s')]);
    assert!(claim_yaml(&fx, SEED_ID, "c01").contains("half a thought"));
    assert_eq!(std::fs::read_dir(&drafts).unwrap().count(), 0);
}

#[test]
fn editor_text_lands_in_the_form() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('E')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("no form")
    };
    assert_eq!(f.value(0), "edited in editor");
}

#[test]
fn history_is_loaded_on_demand() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('d'), key('H')]);
    let Overlay::History(h) = &m.overlay else {
        panic!("no history")
    };
    let entries = h.entries.as_ref().unwrap().as_ref().unwrap();
    assert!(entries.iter().any(|e| e.subject.contains("c01: step")));
    assert!(entries.iter().all(|e| !e.subject.contains("c02")));
}

#[test]
fn ops_set_dry_run_reports_the_rule_and_writes_nothing() {
    let fx = seed_workspace();
    let s = fx.session();
    let case = case_id(SEED_ID);
    let claim = ClaimId::new("c01").unwrap();
    let before = fx.commits();
    let raw = claim_yaml(&fx, SEED_ID, "c01");
    let req = SetRequest {
        status: Some("verified".into()),
        ..SetRequest::default()
    };
    let err = s.set_dry_run(&case, &claim, &req).unwrap_err();
    assert!(err.to_string().contains("verdict `verified`"), "{err}");
    let ok = s
        .set_dry_run(
            &case,
            &claim,
            &SetRequest {
                status: Some("in-progress".into()),
                ..SetRequest::default()
            },
        )
        .unwrap();
    assert!(ok.commit.is_empty());
    assert!(ok.subject.contains("unchecked → in-progress"));
    assert_eq!(fx.commits(), before);
    assert_eq!(claim_yaml(&fx, SEED_ID, "c01"), raw);
}

#[test]
fn docs_keymap_matches_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/tui.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let table = factdesk::tui::keymap::markdown();
    let (start, end) = ("<!-- keymap:start -->\n", "<!-- keymap:end -->");
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        panic!("docs/tui.md lacks the keymap markers");
    };
    let current = &doc[a + start.len()..b];
    if current != table && std::env::var_os("FACTDESK_BLESS_DOCS").is_some() {
        let new = format!("{}{table}{}", &doc[..a + start.len()], &doc[b..]);
        std::fs::write(path, new).unwrap();
        return;
    }
    assert_eq!(
        current, table,
        "docs/tui.md keymap is out of date: run FACTDESK_BLESS_DOCS=1 cargo test --test it docs_keymap"
    );
}

#[test]
fn no_color_means_no_colour_but_symbols_stay() {
    use ratatui::style::Color;
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('d'), code(KeyCode::Esc)]);
    let coloured = |m: &mut factdesk::tui::app::Model| {
        let t = render(m);
        let buf = t.backend().buffer().clone();
        buf.content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count()
    };
    m.color = true;
    assert!(coloured(&mut m) > 0, "colour expected without NO_COLOR");
    m.color = false;
    assert_eq!(coloured(&mut m), 0, "NO_COLOR must give no colour at all");
    // Status still readable: symbol and word for c01 (in progress).
    let s = screen(&mut m);
    assert!(s.contains("c01 ◐ in-progress"), "{s}");
    assert!(s.contains("[c01◐]"), "{s}");
}

#[test]
fn resize_rewraps_and_mouse_wheel_scrolls_the_article() {
    use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    render(&mut m);
    let w120 = m.open.as_ref().unwrap().layout.as_ref().unwrap().width;
    send(&mut m, [Message::Resize(80, 24)]);
    render(&mut m);
    let lay = m.open.as_ref().unwrap().layout.clone().unwrap();
    assert!(lay.width < w120);
    assert!(screen(&mut m).contains("[c01○]"));
    let scroll = m.open.as_ref().unwrap().scroll;
    let wheel = |kind| {
        Message::Mouse(MouseEvent {
            kind,
            column: 5,
            row: 5,
            modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
        })
    };
    send(&mut m, [wheel(MouseEventKind::ScrollDown)]);
    assert_eq!(m.open.as_ref().unwrap().scroll, scroll + 3);
    send(&mut m, [wheel(MouseEventKind::ScrollUp)]);
    assert_eq!(m.open.as_ref().unwrap().scroll, scroll);
    // Too small, then back.
    send(&mut m, [Message::Resize(70, 20)]);
    assert!(screen(&mut m).contains("Terminal too small"));
    send(&mut m, [Message::Resize(80, 24)]);
    assert!(screen(&mut m).contains("Claims"));
}

#[test]
fn case_list_follows_new_cases_on_disk() {
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    assert_eq!(m.cases.names.len(), 1);
    add_case(&fx, UNI_ID, "Another", "Wire", UNICODE_ARTICLE, &[]);
    update(&mut m, Message::Tick);
    assert_eq!(m.cases.names.len(), 2);
    assert!(m.notice.as_ref().unwrap().text.contains("changed on disk"));
    // A claim decided elsewhere shows up in the counts at the next tick.
    fx.session()
        .step(
            &case_id(SEED_ID),
            &ClaimId::new("c01").unwrap(),
            "attribution",
            factdesk::model::StepState::Done,
            None,
        )
        .unwrap();
    update(&mut m, Message::Tick);
    let s = screen(&mut m);
    assert!(s.contains("◐1"), "{s}");
}

#[test]
fn an_idle_tick_lists_cases_only_after_the_folder_changed_and_sees_new_cases() {
    let fx = seed_workspace();
    let mut m = model(&fx, 120, 40);
    // Changed within the racy window (2 s): not trusted, listed each tick.
    add_case(&fx, UNI_ID, "Another", "Wire", UNICODE_ARTICLE, &[]);
    update(&mut m, Message::Tick);
    assert_eq!(m.cases.names.len(), 2);
    assert_eq!(m.cases.listed, None);
    // Once old enough, the folder's stamp is kept: an idle tick costs one
    // `stat` instead of listing every case.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    update(&mut m, Message::Tick);
    let trusted = m.cases.listed.expect("an old folder's stamp is trusted");
    update(&mut m, Message::Tick);
    assert_eq!(m.cases.listed, Some(trusted));
    // A new case folder changes it, and the list follows.
    add_case(
        &fx,
        "2024-05-05-third",
        "Third",
        "Wire",
        UNICODE_ARTICLE,
        &[],
    );
    update(&mut m, Message::Tick);
    assert_eq!(m.cases.names.len(), 3);
    assert_ne!(m.cases.listed, Some(trusted));
}

#[test]
fn review_from_the_claim_view_needs_a_second_editor() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    let n = m.focused_claim().unwrap().3.unwrap().checklist.steps.len();
    for _ in 0..n {
        send(&mut m, [key('d')]);
    }
    send(&mut m, [key('a')]);
    type_text(&mut m, "https://example.org/source");
    send(&mut m, [ctrl('s')]);
    send(&mut m, [key('v')]);
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = p
            .options
            .iter()
            .position(|o| o.0 == "unverifiable")
            .unwrap();
    }
    send(&mut m, [code(KeyCode::Enter)]);
    assert!(claim_yaml(&fx, SEED_ID, "c01").contains("status: unverifiable"));

    // The verdict's author cannot approve it: the form says why, nothing is written.
    let commits = fx.commits();
    send(&mut m, [key('R')]);
    assert!(matches!(m.overlay, Overlay::Form(_)));
    send(&mut m, [ctrl('s')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("the refused form should stay open")
    };
    assert!(
        f.error
            .as_deref()
            .unwrap_or("")
            .contains("a second editor must review it"),
        "{:?}",
        f.error
    );
    assert_eq!(fx.commits(), commits);
    send(&mut m, [code(KeyCode::Esc), key('y')]);

    // A second editor approves it.
    fx.git(&["config", "user.name", "Rui Reviewer"]);
    let mut m = open_seed(&fx);
    send(&mut m, [code(KeyCode::Enter), key('R')]);
    type_text(&mut m, "");
    send(&mut m, [code(KeyCode::Tab)]);
    type_text(&mut m, "sources check out");
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("decision: approve"), "{yaml}");
    assert!(yaml.contains("by: Rui Reviewer"), "{yaml}");
    assert!(git_log(&fx).contains("Factdesk-Action: review"));
}

/// Regression: a long attribution chain pushed the article's caveat out of
/// the claim view at 80×24 and 100×30.
#[test]
fn caveats_stay_visible_under_a_long_chain() {
    let fx = seed_workspace();
    for (w, h) in [(80, 24), (100, 30), (120, 40)] {
        let mut m = model(&fx, w, h);
        send(
            &mut m,
            [code(KeyCode::Enter), key('j'), code(KeyCode::Enter)],
        );
        assert_eq!(m.focused_claim().unwrap().2.as_str(), "c02");
        let s = screen(&mut m);
        assert!(s.contains("Caveats: Reuters tidak dapat"), "{w}x{h}:\n{s}");
    }
}

fn git_out(fx: &Ws, args: &[&str]) -> (bool, String) {
    let out = fx.git_output(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// The seed workspace mid-merge: `other` set c01's attribution to
/// confirmed, the current branch to not-found, and `git merge other`
/// stopped on the conflict.
fn conflicting_merge() -> Ws {
    use factdesk::model::AttributionStatus;
    let fx = seed_workspace();
    let (_, main) = git_out(&fx, &["rev-parse", "--abbrev-ref", "HEAD"]);
    let main = main.trim().to_string();
    let c01 = ClaimId::new("c01").unwrap();
    let set = |a: AttributionStatus| {
        let req = factdesk::ops::SetRequest {
            attribution: Some(a),
            ..Default::default()
        };
        fx.session().set(&case_id(SEED_ID), &c01, &req).unwrap();
    };
    assert!(git_out(&fx, &["checkout", "-q", "-b", "other"]).0);
    set(AttributionStatus::Confirmed);
    assert!(git_out(&fx, &["checkout", "-q", &main]).0);
    set(AttributionStatus::NotFound);
    let (merged, out) = git_out(&fx, &["merge", "other"]);
    assert!(!merged, "expected a conflict: {out}");
    fx
}

/// Conflicts left in the index with no merge under way (as `git stash
/// pop` leaves them): the first frame does not wait for the index to be
/// read, the first tick reads it and goes read-only, and later ticks keep
/// that answer without re-reading an unchanged index.
#[test]
fn index_conflicts_are_found_by_the_first_tick() {
    let fx = conflicting_merge();
    for f in ["MERGE_HEAD", "MERGE_MSG", "MERGE_MODE"] {
        let _ = std::fs::remove_file(fx.root.join(".git").join(f));
    }

    let mut m = model(&fx, 120, 40);
    assert_eq!(m.read_only, None, "the first frame skips the index");
    update(&mut m, Message::Tick);
    let why = m.read_only.clone().unwrap_or_default();
    assert!(why.contains("conflicts"), "{why}");
    update(&mut m, Message::Tick);
    assert_eq!(m.read_only.as_deref(), Some(why.as_str()));
    // Resolved with git: the index changes, the next tick allows changes.
    assert!(git_out(&fx, &["checkout", "-q", "--ours", "--", "."]).0);
    assert!(git_out(&fx, &["add", "-A"]).0);
    update(&mut m, Message::Tick);
    assert_eq!(m.read_only, None);
}

/// Two editors changed the same claim: the TUI shows both sides in
/// factdesk's terms and keeps the one the editor picks.
#[test]
fn merge_conflict_shows_both_sides_and_keeps_one() {
    let fx = conflicting_merge();

    let mut m = open_seed(&fx);
    assert!(m.read_only.is_some());
    // Unreadable claims are listed last.
    send(&mut m, [key('G'), code(KeyCode::Enter)]);
    assert_eq!(m.focused_claim().unwrap().2.as_str(), "c01");
    let s = screen(&mut m);
    assert!(s.contains("Merge conflict"), "{s}");
    assert!(s.contains("attribution unchecked → not-found"), "{s}");
    assert!(s.contains("attribution unchecked → confirmed"), "{s}");
    // Keep the branch being merged; the other side is saved, not lost.
    send(&mut m, [key('T')]);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(
        yaml.contains("status: confirmed") && !yaml.contains("<<<<<<<"),
        "{yaml}"
    );
    let (_, unmerged) = git_out(&fx, &["diff", "--name-only", "--diff-filter=U"]);
    assert!(unmerged.trim().is_empty(), "{unmerged}");
    let saved = fx
        .root
        .join(".git/factdesk-discarded")
        .join(format!("{SEED_ID}-c01-ours.yaml"));
    assert!(std::fs::read_to_string(saved)
        .unwrap()
        .contains("status: not-found"));
    assert!(m.conflicts.is_empty());
}

// ---- Issue 9: review visible, `n` never dead-ends, deliberate keys ----

/// The claim as the TUI model holds it.
fn claim_of(m: &factdesk::tui::app::Model) -> factdesk::model::Claim {
    m.focused_claim().unwrap().3.unwrap().clone()
}

/// Gives c01 the statistic checklist (nothing started yet), whose
/// `margin-of-error` step is optional; returns its index.
fn c01_with_an_optional_step(fx: &Ws) -> usize {
    let req = SetRequest {
        kind: Some(factdesk::model::ClaimKind::Statistic),
        ..SetRequest::default()
    };
    fx.session()
        .set(&case_id(SEED_ID), &ClaimId::new("c01").unwrap(), &req)
        .unwrap();
    let yaml = claim_yaml(fx, SEED_ID, "c01");
    assert!(yaml.contains("id: statistic"), "{yaml}");
    let ids: Vec<&str> = yaml
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- id: "))
        .collect();
    ids.iter()
        .position(|i| *i == "margin-of-error")
        .expect("margin-of-error step")
}

/// Selects step `i` of the open claim, as j/k would.
fn select_step(m: &mut factdesk::tui::app::Model, i: usize) {
    m.open.as_mut().unwrap().claim.as_mut().unwrap().step = i;
}

/// Regression (issue 9, point 10): after Esc from a dialog, `j Enter`
/// committed a step as done. Enter opens (the step's note); `d` commits.
#[test]
fn enter_never_commits_a_step_and_d_says_what_it_did() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('s'), code(KeyCode::Esc)]);
    assert!(matches!(m.overlay, Overlay::None));
    let before = fx.commits();
    let raw = claim_yaml(&fx, SEED_ID, "c01");
    send(&mut m, [key('j'), code(KeyCode::Enter)]);
    assert_eq!(fx.commits(), before, "Enter committed something");
    assert_eq!(claim_yaml(&fx, SEED_ID, "c01"), raw);
    let Overlay::Form(f) = &m.overlay else {
        panic!("Enter should open the step's note")
    };
    assert!(matches!(f.kind, FormKind::StepNote { .. }), "{:?}", f.kind);
    send(&mut m, [code(KeyCode::Esc), key('d')]);
    assert_eq!(fx.commits(), before + 1);
    let n = m.notice.clone().unwrap().text;
    assert!(
        n.contains("c01: step `") && n.contains("→ done") && n.contains("u undoes"),
        "{n}"
    );
}

/// `u` undoes the last step change with another commit; `p` sets a step
/// back to pending; a second `u` has nothing left to undo.
#[test]
fn u_undoes_the_last_step_change() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    let first = claim_of(&m).checklist.steps[0].id.clone();
    let before = fx.commits();
    send(&mut m, [key('d')]);
    assert_eq!(claim_of(&m).checklist.steps[0].state, StepState::Done);
    send(&mut m, [key('u')]);
    assert_eq!(fx.commits(), before + 2);
    let c = claim_of(&m);
    assert_eq!(c.checklist.steps[0].state, StepState::Pending);
    assert_eq!(
        m.focused_claim().unwrap().1.step,
        0,
        "the undone step is selected"
    );
    let n = m.notice.clone().unwrap().text;
    assert!(
        n.contains(&format!("undone: c01 step `{first}` done → pending")),
        "{n}"
    );
    send(&mut m, [key('u')]);
    assert_eq!(fx.commits(), before + 2);
    assert_eq!(
        m.notice.clone().unwrap().text,
        factdesk::tui::strings::NOTHING_TO_UNDO
    );
    // p: back to pending, also undoable.
    send(&mut m, [key('d'), key('k'), key('p')]);
    assert_eq!(claim_of(&m).checklist.steps[0].state, StepState::Pending);
    send(&mut m, [key('u')]);
    assert_eq!(claim_of(&m).checklist.steps[0].state, StepState::Done);
}

/// Issue 9, point 3: `x` on a required step asks why, exactly as `s`; an
/// empty reason is refused and nothing is written. On an optional step it
/// commits at once.
#[test]
fn x_on_a_required_step_asks_for_a_reason() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    let before = fx.commits();
    send(&mut m, [key('x')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("x on a required step should ask why")
    };
    assert!(matches!(f.kind, FormKind::Na { .. }));
    send(&mut m, [ctrl('s')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("an empty reason must be refused")
    };
    assert!(
        f.error.as_deref().unwrap_or("").contains("needs a reason"),
        "{:?}",
        f.error
    );
    assert_eq!(fx.commits(), before);
    type_text(&mut m, "the official is named later in the story");
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("state: not-applicable"), "{yaml}");
    assert!(yaml.contains("the official is named later in the story"));
    assert!(matches!(m.overlay, Overlay::None));
}

/// `x` on an optional step commits at once, and says so.
#[test]
fn x_on_an_optional_step_commits_at_once() {
    let fx = seed_workspace();
    let opt = c01_with_an_optional_step(&fx);
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    select_step(&mut m, opt);
    let before = fx.commits();
    send(&mut m, [key('x')]);
    assert!(matches!(m.overlay, Overlay::None));
    assert_eq!(fx.commits(), before + 1);
    assert_eq!(
        claim_of(&m).checklist.steps[opt].state,
        StepState::NotApplicable
    );
    let n = m.notice.clone().unwrap().text;
    assert!(n.contains("`margin-of-error` → not-applicable"), "{n}");
}

/// Issue 9, point 4: on a pending optional step `n` did nothing. It passes
/// over optional steps (offering them), asks for the attribution of a
/// claim that cites someone, then the verdict, then moves to the next
/// claim, saying where it went each time.
#[test]
fn n_passes_optional_steps_asks_attribution_then_verdict_then_moves_on() {
    let fx = seed_workspace();
    let opt = c01_with_an_optional_step(&fx);
    finish_required(&fx, "c01");
    let mut m = open_seed(&fx);
    send(&mut m, [key('n')]);
    // Start on the pending optional step, as the editor did.
    select_step(&mut m, opt);
    let c = claim_of(&m);
    assert!(!c.attribution.chain.is_empty() || c.attribution.speaker.is_some());
    send(&mut m, [key('n')]);
    let Overlay::Picker(p) = &m.overlay else {
        panic!("n should ask for the attribution: {:?}", m.notice)
    };
    assert_eq!(p.kind, factdesk::tui::app::PickKind::Attribution);
    let n = m.notice.clone().unwrap().text;
    assert!(
        n.contains("attribution") && n.contains("`margin-of-error`"),
        "{n}"
    );
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = p.options.iter().position(|o| o.0 == "confirmed").unwrap();
    }
    send(&mut m, [code(KeyCode::Enter), key('n')]);
    let Overlay::Picker(p) = &m.overlay else {
        panic!("n should ask for the verdict: {:?}", m.notice)
    };
    assert_eq!(p.kind, factdesk::tui::app::PickKind::Status);
    assert!(m.notice.clone().unwrap().text.contains("verdict"));
    send(&mut m, [code(KeyCode::Esc), key('m')]);
    type_text(&mut m, "a prediction");
    send(&mut m, [ctrl('s'), key('v')]);
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = p
            .options
            .iter()
            .position(|o| o.0 == "not-checkable")
            .unwrap();
    }
    send(&mut m, [code(KeyCode::Enter)]);
    assert!(claim_yaml(&fx, SEED_ID, "c01").contains("status: not-checkable"));
    // The optional step is still pending, and n goes on to the next claim.
    send(&mut m, [key('n')]);
    let (_, _, id, _) = m.focused_claim().unwrap();
    assert_ne!(id.as_str(), "c01");
    let n = m.notice.clone().unwrap().text;
    assert!(n.starts_with(&format!("next claim: {id} (")), "{n}");
    assert!(
        n.contains("c01 optional, not required: `margin-of-error`"),
        "{n}"
    );
}

/// Issue 9, point 1: a second editor's request for changes is the first
/// thing the editor sees on the claim, the claim list marks it, the case
/// list counts it, `n` goes there before unchecked claims, and `W` asks
/// for review again (voiding the request, keeping it, adding the answer).
#[test]
fn a_request_for_changes_is_seen_first_and_answered_with_w() {
    let fx = seed_workspace();
    decide(&fx, "c03");
    request_changes(&fx, "c03", "Say which Kremlin statement this is; link it.");
    let mut m = model(&fx, 120, 40);
    send(&mut m, [Message::Tick]);
    let list = screen(&mut m);
    assert!(list.contains("⚑1 changes requested"), "{list}");
    send(&mut m, [code(KeyCode::Enter)]);
    let view = screen(&mut m);
    assert!(
        view.contains("c03 ◐") || view.contains("⚑changes"),
        "{view}"
    );
    assert!(view.contains("⚑changes"), "{view}");
    // n from the case view: c03 first, though c01 and c02 are unchecked.
    send(&mut m, [key('n')]);
    assert_eq!(m.focused_claim().unwrap().2.as_str(), "c03");
    let n = m.notice.clone().unwrap().text;
    assert!(n.contains("changes requested by Rui Reviewer"), "{n}");
    let s = screen(&mut m);
    let first_body_line = s.lines().nth(1).unwrap();
    assert!(
        first_body_line.contains("⚑ Changes requested by Rui Reviewer"),
        "{s}"
    );
    assert!(
        s.contains("Say which Kremlin statement this is; link it."),
        "{s}"
    );
    // W asks for review again with the answer.
    let before = fx.commits();
    send(&mut m, [key('W')]);
    type_text(&mut m, "Linked the 3 Nov statement.");
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    assert_eq!(fx.commits(), before + 1);
    let yaml = claim_yaml(&fx, SEED_ID, "c03");
    assert!(yaml.contains("voided: true"), "{yaml}");
    assert!(
        yaml.contains(
            "Asked Rui Reviewer to review `not-checkable` again: Linked the 3 Nov statement."
        ),
        "{yaml}"
    );
    assert!(git_log(&fx).contains("Factdesk-Action: review"));
    let s = screen(&mut m);
    assert!(!s.contains("⚑ Changes requested"), "{s}");
    assert!(s.contains("◇ waiting for a second editor"), "{s}");
    // Nothing left to answer: W says so and writes nothing.
    send(&mut m, [key('W')]);
    assert!(matches!(m.overlay, Overlay::None));
    assert_eq!(fx.commits(), before + 1);
}

/// Issue 9, point 11: pickers start on the current value, marked with a
/// neutral `●`, and picking it writes nothing.
#[test]
fn pickers_start_on_the_current_value() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('t')]);
    let Overlay::Picker(p) = &m.overlay else {
        panic!("no picker")
    };
    assert_eq!(p.options[p.sel].0, "unchecked");
    assert_eq!(p.current, Some(p.sel));
    let s = screen(&mut m);
    assert!(s.contains("▸ ○ unchecked  ● current"), "{s}");
    let before = fx.commits();
    send(&mut m, [code(KeyCode::Enter)]);
    assert_eq!(fx.commits(), before);
    send(&mut m, [key('v')]);
    let Overlay::Picker(p) = &m.overlay else {
        panic!("no picker")
    };
    assert_eq!(p.options[p.sel].0, claim_of(&m).status);
    assert!(p.options[p.sel].2.is_none());
    assert!(!screen(&mut m).contains("✗ current"));
}

/// Issue 9, point 11: refusals say "refused" once and speak in keys.
#[test]
fn refusals_speak_in_keys_and_say_refused_once() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('v')]);
    if let Overlay::Picker(p) = &mut m.overlay {
        p.sel = p.options.iter().position(|o| o.0 == "verified").unwrap();
    }
    send(&mut m, [code(KeyCode::Enter)]);
    let n = m.notice.clone().unwrap().text;
    assert!(n.starts_with("refused: verdict `verified`"), "{n}");
    assert!(!n.contains("refused: refused"), "{n}");
    // Review with no verdict: the hint is a key, not a command line.
    send(
        &mut m,
        [
            code(KeyCode::Esc),
            key('R'),
            code(KeyCode::Right),
            code(KeyCode::Tab),
        ],
    );
    type_text(&mut m, "why?");
    send(&mut m, [ctrl('s')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("form closed")
    };
    let e = f.error.clone().unwrap_or_default();
    assert!(e.contains("pick a verdict first (v)"), "{e}");
    assert!(!e.contains("factdesk set") && !e.contains("--"), "{e}");
}

/// Issue 9, point 11: Ctrl-U clears the focused text field.
#[test]
fn ctrl_u_clears_a_field() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    send(&mut m, [key('n'), key('m')]);
    type_text(&mut m, "half a thought");
    send(&mut m, [ctrl('u')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("form closed")
    };
    assert_eq!(f.value(0), "");
}

/// The help scrolls when the terminal is too small for it, and closes.
#[test]
fn help_scrolls_and_closes() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    m.size = (80, 24);
    send(&mut m, [key('n'), key('?'), key('j'), key('j')]);
    assert!(matches!(m.overlay, Overlay::Help(2)), "{:?}", m.overlay);
    let s = screen(&mut m);
    assert!(s.contains("j/k scroll"), "{s}");
    send(&mut m, [code(KeyCode::Esc)]);
    assert!(matches!(m.overlay, Overlay::None));
}

/// The review line says when a later verdict change voided an approval,
/// and asking again with no request standing is refused by `ops` itself.
#[test]
fn a_voided_approval_is_shown_and_w_needs_a_request() {
    let fx = seed_workspace();
    decide(&fx, "c03");
    let (case, c03) = (case_id(SEED_ID), ClaimId::new("c03").unwrap());
    let e = fx
        .session()
        .request_review_again(&case, &c03, None)
        .unwrap_err();
    assert!(e.to_string().contains("no request for changes"), "{e}");
    fx.git(&["config", "user.name", "Rui Reviewer"]);
    fx.session()
        .review(
            &case,
            &c03,
            factdesk::model::ReviewDecision::Approve,
            Some("fine"),
        )
        .unwrap();
    fx.git(&["config", "user.name", "Ed Itor"]);
    let mut m = open_seed(&fx);
    assert!(screen(&mut m).contains("◆approved"));
    let req = SetRequest {
        status: Some("in-progress".into()),
        ..SetRequest::default()
    };
    fx.session().set(&case, &c03, &req).unwrap();
    let req = SetRequest {
        status: Some("not-checkable".into()),
        ..SetRequest::default()
    };
    fx.session().set(&case, &c03, &req).unwrap();
    send(&mut m, [key('r')]);
    assert!(screen(&mut m).contains("◇voided"));
    let o = m.open.as_ref().unwrap();
    let i = o
        .order
        .iter()
        .position(|&i| o.bundle.claims[i].id.as_str() == "c03")
        .unwrap();
    m.open.as_mut().unwrap().sel = i;
    send(&mut m, [code(KeyCode::Enter)]);
    let s = screen(&mut m);
    assert!(
        s.contains("approval by Rui Reviewer voided by a later verdict change"),
        "{s}"
    );
}

/// Regression (issue 9): the excerpt box scrolled sideways; long text
/// wraps inside the box, the end of it on screen.
#[test]
fn a_long_excerpt_wraps_in_its_box() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    m.size = (80, 24);
    send(&mut m, [key('n'), key('a')]);
    type_text(&mut m, "https://example.org/a");
    // Past kind, description, archive and stance to the excerpt.
    for _ in 0..5 {
        send(&mut m, [code(KeyCode::Tab)]);
    }
    type_text(
        &mut m,
        "officials discussed in broad strokes what a deal might look like and what Ukraine might have to give up ENDWORD",
    );
    let s = screen(&mut m);
    assert!(s.contains("ENDWORD"), "{s}");
    assert!(s.contains("officials discussed"), "{s}");
}

/// The first frame reads only the rows on screen; the first tick asks for
/// the case index, which fills every row (so `/` matches titles of cases
/// never shown), with progress while a cold index is built.
#[test]
fn case_list_rows_come_from_the_case_index() {
    use factdesk::tui::app::IndexLoad;
    let fx = seed_workspace();
    for i in 0..60 {
        let title = if i == 59 {
            "Needle story".to_string()
        } else {
            format!("Copy {i}")
        };
        crate::case_index::add_copy(&fx, &format!("2024-03-{i:02}-copy"), &title);
    }
    let mut m = model(&fx, 80, 24);
    let _ = screen(&mut m);
    let shown = m.cases.summaries.iter().filter(|s| s.is_some()).count();
    assert!(shown > 0 && shown < 20, "{shown}");
    assert_eq!(m.cases.index, IndexLoad::NotStarted);
    // The runtime would run the effect in the background.
    let effects = update(&mut m, Message::Tick);
    assert!(matches!(effects[..], [Effect::LoadCases]));
    assert_eq!(m.cases.index, IndexLoad::Loading);
    update(&mut m, Message::CasesProgress(3, 61));
    assert!(screen(&mut m).contains("loading cases… 3/61"));
    // Last changes are not read on the UI thread while the index loads:
    // its worker builds their summary first (seconds on a long history).
    let last = factdesk::git::git_dir(m.ws.root())
        .unwrap()
        .join("factdesk-last-v1");
    assert!(!last.exists());
    update(&mut m, Message::Tick);
    assert!(!last.exists(), "the tick read history on the UI thread");
    let scale = m.ctx.config.verdict_scale.clone();
    let loaded = factdesk::tui::load_cases(&m.ws, &scale, &|_, _| {});
    assert!(last.exists(), "the worker builds the summary");
    update(&mut m, loaded);
    assert_eq!(m.cases.index, IndexLoad::Loaded);
    assert!(m.notice.is_none());
    assert!(m.cases.summaries.iter().all(Option::is_some));
    // A later tick does not load it again.
    assert!(update(&mut m, Message::Tick).is_empty());
    send(&mut m, [key('/')]);
    type_text(&mut m, "needle");
    assert_eq!(m.cases.visible.len(), 1);
    assert_eq!(m.cases.names[m.cases.visible[0]], "2024-03-59-copy");
}

// ---- Issue 9: evidence kinds, corrections, withdrawals, attribution
// fields, translation and restoring dismissals in the TUI.

/// Opens the claim view on `claim` of the seed case.
fn open_seed_claim(fx: &Ws, claim: &str) -> factdesk::tui::app::Model {
    let mut m = open_seed(fx);
    {
        let o = m.open.as_mut().unwrap();
        o.sel = o
            .order
            .iter()
            .position(|&i| o.bundle.claims[i].id.as_str() == claim)
            .unwrap();
    }
    send(&mut m, [code(KeyCode::Enter)]);
    assert_eq!(m.screen, Screen::Claim);
    assert_eq!(m.focused_claim().unwrap().2.as_str(), claim);
    m
}

/// The error line of the open form.
fn form_error(m: &factdesk::tui::app::Model) -> String {
    match &m.overlay {
        Overlay::Form(f) => f.error.clone().unwrap_or_default(),
        o => panic!("no form open: {o:?}"),
    }
}

/// What the TUI says never names a command or a flag.
fn no_cli_syntax(line: &str) {
    assert!(
        !line.contains("factdesk ") && !line.contains("--"),
        "CLI syntax in the TUI: {line}"
    );
}

/// Adds a web page to `claim` through `ops`.
fn add_web_evidence(fx: &Ws, claim: &str) {
    fx.session()
        .add_evidence(
            &case_id(SEED_ID),
            &ClaimId::new(claim).unwrap(),
            factdesk::ops::EvidenceRequest {
                kind: None,
                url: Some("https://www.nbcnews.com/politics/ukraine-peace-talks".into()),
                description: None,
                archive: None,
                stance: factdesk::model::Stance::Supports,
                excerpt: Some("officials discussed".into()),
                file: None,
                accessed: None,
                capture: None,
            },
        )
        .unwrap();
}

#[test]
fn evidence_form_takes_an_interview_without_a_url() {
    let fx = seed_workspace();
    let mut m = open_seed_claim(&fx, "c01");
    let before = fx.commits();
    send(&mut m, [key('a'), ctrl('s')]);
    assert_eq!(fx.commits(), before);
    let e = form_error(&m);
    assert!(e.contains("pick the kind"), "{e}");
    // A description alone does not make a web page without its address.
    send(&mut m, [code(KeyCode::Tab), code(KeyCode::Tab)]);
    type_text(&mut m, "phone interview with the ministry spokesperson");
    send(&mut m, [ctrl('s')]);
    assert_eq!(fx.commits(), before);
    assert!(form_error(&m).contains("pick the kind"));
    // Kind: web page → document → interview.
    send(&mut m, [code(KeyCode::BackTab), code(KeyCode::Right)]);
    send(&mut m, [code(KeyCode::Right), ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    assert_eq!(fx.commits(), before + 1);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("kind: interview"), "{yaml}");
    assert!(
        yaml.contains("description: phone interview with the ministry spokesperson"),
        "{yaml}"
    );
    assert!(!yaml.contains("url:"), "{yaml}");
}

#[test]
fn evidence_is_corrected_with_a_note() {
    let fx = seed_workspace();
    add_web_evidence(&fx, "c01");
    let mut m = open_seed_claim(&fx, "c01");
    // Not on the evidence pane: nothing is opened.
    send(&mut m, [key('c')]);
    assert!(matches!(m.overlay, Overlay::None));
    assert!(m.notice.as_ref().unwrap().text.contains("evidence pane"));
    send(&mut m, [code(KeyCode::Tab), key('c')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("no correction form: {:?}", m.notice)
    };
    assert_eq!(f.kind, FormKind::EditEvidence { n: 1 });
    assert_eq!(
        f.value(0),
        "https://www.nbcnews.com/politics/ukraine-peace-talks"
    );
    assert_eq!(f.value(1), "web-page");
    assert_eq!(f.value(5), "officials discussed");
    let before = fx.commits();
    // Unchanged: refused before ops is asked.
    send(&mut m, [ctrl('s')]);
    assert!(form_error(&m).contains("note"), "{}", form_error(&m));
    // A change without a note: refused too.
    send(&mut m, [code(KeyCode::Tab), code(KeyCode::Tab)]);
    type_text(&mut m, "NBC report on peace talks");
    send(&mut m, [ctrl('s')]);
    assert_eq!(fx.commits(), before);
    assert!(form_error(&m).contains("note"));
    for _ in 0..4 {
        send(&mut m, [code(KeyCode::Tab)]);
    }
    type_text(&mut m, "the description was missing");
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    assert_eq!(fx.commits(), before + 1);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(
        yaml.contains("description: NBC report on peace talks"),
        "{yaml}"
    );
    assert!(yaml.contains("the description was missing"), "{yaml}");
    // Only the changed field was sent: the kind stays unrecorded.
    assert!(!yaml.contains("kind: web-page"), "{yaml}");
    let log = git_log(&fx);
    let subject = log.lines().next().unwrap();
    assert!(
        subject.contains("evidence 1 corrected (description)"),
        "{log}"
    );
}

#[test]
fn evidence_is_withdrawn_with_a_note_after_asking() {
    let fx = seed_workspace();
    add_web_evidence(&fx, "c01");
    let mut m = open_seed_claim(&fx, "c01");
    let before = fx.commits();
    send(&mut m, [code(KeyCode::Tab), key('w'), ctrl('s')]);
    assert!(form_error(&m).contains("note"));
    type_text(&mut m, "the outlet retracted the report");
    send(&mut m, [ctrl('s')]);
    assert!(matches!(
        m.overlay,
        Overlay::Confirm(factdesk::tui::app::Confirm::WithdrawEvidence, Some(_))
    ));
    let q = screen(&mut m);
    assert!(
        q.contains("Withdraw evidence 1.") && q.contains("y withdraw"),
        "{q}"
    );
    // No: back to the form, the note kept, nothing written.
    send(&mut m, [key('n')]);
    let Overlay::Form(f) = &m.overlay else {
        panic!("the form is gone")
    };
    assert_eq!(f.value(0), "the outlet retracted the report");
    assert_eq!(fx.commits(), before);
    send(&mut m, [ctrl('s'), key('y')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    assert_eq!(fx.commits(), before + 1);
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    assert!(yaml.contains("withdrawn:"), "{yaml}");
    assert!(yaml.contains("the outlet retracted the report"), "{yaml}");
    // A withdrawn item is kept as it was: neither corrected nor withdrawn again.
    for k in ['c', 'w'] {
        send(&mut m, [key(k)]);
        assert!(matches!(m.overlay, Overlay::None));
        let n = m.notice.clone().unwrap().text;
        assert!(n.contains("withdrawn"), "{n}");
        no_cli_syntax(&n);
    }
    assert_eq!(fx.commits(), before + 1);
    // The pane says who withdrew it and why.
    let s = screen(&mut m);
    assert!(
        s.contains("withdrawn by Ed Itor: the outlet retracted"),
        "{s}"
    );
}

#[test]
fn attribution_form_edits_the_chain_in_one_commit() {
    let fx = seed_workspace();
    let (case, c01) = (case_id(SEED_ID), ClaimId::new("c01").unwrap());
    let s = fx.session();
    s.set_chain(&case, &c01, vec!["Reuters".into(), "NBC".into()])
        .unwrap();
    s.set_anonymous(&case, &c01, false).ok();
    let mut m = open_seed_claim(&fx, "c01");
    send(&mut m, [key('S')]);
    let hops = |m: &factdesk::tui::app::Model| match &m.overlay {
        Overlay::Form(f) => f.hops(),
        o => panic!("no attribution form: {o:?}"),
    };
    assert_eq!(hops(&m), ["Reuters", "NBC"]);
    let before = fx.commits();
    // Unchanged: nothing to save.
    send(&mut m, [ctrl('s')]);
    assert_eq!(fx.commits(), before);
    assert!(form_error(&m).contains("nothing changed"));
    // To NBC (speaker, anonymous, English, Reuters, NBC), then one place
    // outward.
    for _ in 0..4 {
        send(&mut m, [code(KeyCode::Tab)]);
    }
    send(&mut m, [ctrl('p')]);
    assert_eq!(hops(&m), ["NBC", "Reuters"]);
    // A new hop after NBC, left empty: refused in the form.
    send(&mut m, [ctrl('o')]);
    assert_eq!(hops(&m), ["NBC", "", "Reuters"]);
    send(&mut m, [ctrl('s')]);
    assert!(form_error(&m).contains("empty"), "{}", form_error(&m));
    no_cli_syntax(&form_error(&m));
    type_text(&mut m, "Antara");
    send(&mut m, [ctrl('n')]);
    assert_eq!(hops(&m), ["NBC", "Reuters", "Antara"]);
    send(&mut m, [ctrl('x')]);
    assert_eq!(hops(&m), ["NBC", "Reuters"]);
    // Speaker and anonymity in the same save.
    let Overlay::Form(f) = &mut m.overlay else {
        panic!()
    };
    f.focus = 0;
    type_text(&mut m, "a senior US official");
    send(
        &mut m,
        [code(KeyCode::Tab), code(KeyCode::Right), ctrl('s')],
    );
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    assert_eq!(fx.commits(), before + 1, "one save, one commit");
    let yaml = claim_yaml(&fx, SEED_ID, "c01");
    let (nbc, reuters) = (yaml.find("- NBC").unwrap(), yaml.find("- Reuters").unwrap());
    assert!(nbc < reuters, "{yaml}");
    assert!(!yaml.contains("Antara"), "{yaml}");
    assert!(yaml.contains("anonymous: true"), "{yaml}");
    assert!(yaml.contains("a senior US official"), "{yaml}");
}

#[test]
fn translation_is_set_and_shown_under_the_claim() {
    let fx = seed_workspace();
    let mut m = open_seed_claim(&fx, "c02");
    let before = fx.commits();
    send(&mut m, [key('S')]);
    assert!(matches!(&m.overlay, Overlay::Form(f) if f.kind == FormKind::Attribution));
    send(&mut m, [code(KeyCode::Tab), code(KeyCode::Tab)]);
    type_text(
        &mut m,
        "Russia currently controls about 17.5% of Ukraine's internationally recognised territory.",
    );
    send(&mut m, [ctrl('s')]);
    assert!(matches!(m.overlay, Overlay::None), "{:?}", m.notice);
    assert_eq!(fx.commits(), before + 1);
    let yaml = claim_yaml(&fx, SEED_ID, "c02");
    assert!(
        yaml.contains("translation: Russia currently controls"),
        "{yaml}"
    );
    let s = screen(&mut m);
    assert!(s.contains("In English: “Russia currently controls"), "{s}");
    // Opened again it is prefilled; saved unchanged it asks for a change.
    send(&mut m, [key('S'), ctrl('s')]);
    assert!(form_error(&m).contains("nothing changed"));
    assert_eq!(fx.commits(), before + 1);
}

#[test]
fn a_dismissal_is_restored_after_asking_and_redismissing_is_worded_in_keys() {
    let fx = seed_workspace();
    let mut m = open_seed(&fx);
    // c03 is third in article order.
    send(&mut m, [key('j'), key('j')]);
    let before = fx.commits();
    send(&mut m, [key('u')]);
    assert!(matches!(m.overlay, Overlay::None));
    assert!(m.notice.as_ref().unwrap().text.contains("not dismissed"));
    send(&mut m, [key('x')]);
    type_text(&mut m, "statement of intent");
    send(&mut m, [code(KeyCode::Enter)]);
    assert_eq!(fx.commits(), before + 1);
    // Dismissing again: ops refuses; the TUI says what to do in keys.
    send(&mut m, [key('x')]);
    type_text(&mut m, "page furniture");
    send(&mut m, [code(KeyCode::Enter)]);
    assert_eq!(fx.commits(), before + 1);
    let e = form_error(&m);
    assert!(e.contains("already dismissed"), "{e}");
    assert!(e.contains("u in the case's claim list restores it"), "{e}");
    no_cli_syntax(&e);
    send(&mut m, [code(KeyCode::Esc), key('y')]);
    assert!(matches!(m.overlay, Overlay::None));
    // u asks first; n keeps it dismissed.
    send(&mut m, [key('u')]);
    assert!(matches!(
        m.overlay,
        Overlay::Confirm(factdesk::tui::app::Confirm::Restore { .. }, None)
    ));
    assert!(screen(&mut m).contains("dismissed as “statement of intent”"));
    send(&mut m, [key('n')]);
    assert_eq!(fx.commits(), before + 1);
    assert!(claim_yaml(&fx, SEED_ID, "c03").contains("dismissed:"));
    send(&mut m, [key('u'), key('y')]);
    assert_eq!(fx.commits(), before + 2);
    assert!(!claim_yaml(&fx, SEED_ID, "c03").contains("dismissed:"));
    let n = m.notice.clone().unwrap().text;
    assert!(n.contains("committed"), "{n}");
}

/// A withdrawal the verdict rules refuse (the verdict would be left
/// without evidence): nothing written, and the form comes back with the
/// reason, in keys, and the note typed.
#[test]
fn a_refused_withdrawal_brings_the_form_back() {
    let fx = seed_workspace();
    finish_required(&fx, "c01");
    add_web_evidence(&fx, "c01");
    let req = SetRequest {
        status: Some("verified".into()),
        attribution: Some(factdesk::model::AttributionStatus::Confirmed),
        ..SetRequest::default()
    };
    fx.session()
        .set(&case_id(SEED_ID), &ClaimId::new("c01").unwrap(), &req)
        .unwrap();
    let mut m = open_seed_claim(&fx, "c01");
    let before = fx.commits();
    let raw = claim_yaml(&fx, SEED_ID, "c01");
    send(&mut m, [code(KeyCode::Tab), key('w')]);
    type_text(&mut m, "the page was taken down");
    send(&mut m, [ctrl('s'), key('y')]);
    assert_eq!(fx.commits(), before);
    assert_eq!(claim_yaml(&fx, SEED_ID, "c01"), raw);
    let Overlay::Form(f) = &m.overlay else {
        panic!("the form did not come back: {:?}", m.notice)
    };
    assert_eq!(f.value(0), "the page was taken down");
    let e = f.error.clone().unwrap_or_default();
    assert!(e.contains("evidence"), "{e}");
    assert!(
        e.ends_with("add evidence (a), or set the status back (v)"),
        "{e}"
    );
    no_cli_syntax(&e);
}
