//! The terminal UI without a terminal: snapshots of every screen and the
//! update logic, in process (`factdesk::tui`, `factdesk::ops`) on real
//! temporary git workspaces built through `ops` like the CLI would.

mod seen;
mod snapshots;
mod update;
mod web;

pub use crate::fixture::{Ws, SEED_ID};
use factdesk::model::{CaseId, Timestamp};
use factdesk::ops::{self, NewCase};
use factdesk::tui::app::Model;
use factdesk::tui::update::{update, Effect, Message};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

pub const UNI_ID: &str = "2024-02-01-unicode-escapes";

/// Sentences of the seed article made claims in the fixtures.
pub const SEED_CLAIMS: [&str; 3] = [
    "Para pejabat AS dan Eropa telah berbicara dengan pemerintah Ukraina tentang kemungkinan perundingan perdamaian dengan Rusia untuk mengakhiri perang, NBC mengutip seorang pejabat senior AS yang tidak disebutkan namanya dan seorang mantan pejabat AS.",
    "Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina yang diakui secara internasional.",
    "Kremlin mengatakan mereka akan mencapai semua tujuannya di Ukraina.",
];

/// An article full of hostile and wide text.
pub const UNICODE_ARTICLE: &str = "Unicode test \u{1b}[31mRED\u{1b}[0m headline\n\n\
東京で会議が開かれた。参加者は５００人だった。 The minister said 👍🏽 prices rose 12% in 2023.\n\
Combining: e\u{301}te\u{301} cafe\u{301}. Arabic: قال الوزير إن الأسعار ارتفعت.\n\
Bidi trick: invoice \u{202e}fdp.exe\u{202c} and a bell\u{7} here.\n";

/// The claims of the unicode case.
pub const UNI_CLAIMS: [&str; 2] = [
    "The minister said 👍🏽 prices rose 12% in 2023.",
    "Bidi trick: invoice \u{202e}fdp.exe\u{202c} and a bell\u{7} here.",
];

/// An initialised, empty workspace (`ops::init` in process), by "Ed Itor".
pub fn empty_workspace() -> Ws {
    let fx = Ws::repo("Ed Itor");
    ops::init(&fx.root, false).expect("init");
    fx
}

fn ts(s: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(s).expect("time")
}

/// Adds a case with the given claims (exact sentences of the article).
pub fn add_case(fx: &Ws, id: &str, title: &str, outlet: &str, article: &str, claims: &[&str]) {
    let s = fx.session();
    let opts = NewCase {
        id: Some(id.into()),
        title: Some(title.into()),
        outlet: Some(outlet.into()),
        url: None,
        published: Some(ts("2023-11-05T11:01:00+07:00")),
        lang: Some("id".into()),
        page: None,
        max_claims: None,
    };
    let cid = s.new_case(article, &opts, |_| {}).expect("new case").id;
    for c in claims {
        // The proposer may already have found it; that is fine.
        match s.add_claim(&cid, c, None, None) {
            Ok(_) => {}
            Err(factdesk::ops::OpsError::Usage { what, .. })
                if what.contains("already is this claim") => {}
            Err(e) => panic!("add claim: {e:?}"),
        }
    }
}

/// Workspace with the seed case (3 claims).
pub fn seed_workspace() -> Ws {
    let fx = empty_workspace();
    add_case(
        &fx,
        SEED_ID,
        "Pejabat Negara Barat Bahas Kemungkinan Pembicaraan Damai Kyiv dan Moskow",
        "Antara",
        &std::fs::read_to_string(crate::fixture::seed_article()).expect("seed article"),
        &SEED_CLAIMS,
    );
    fx
}

/// Workspace with the seed case and the unicode/escape case.
pub fn two_case_workspace() -> Ws {
    let fx = seed_workspace();
    add_case(
        &fx,
        UNI_ID,
        "Unicode \u{1b}[31m test 東京 👍🏽 \u{202e}evil",
        "Test\u{7} Wire",
        UNICODE_ARTICLE,
        &UNI_CLAIMS,
    );
    fx
}

pub fn case_id(s: &str) -> CaseId {
    CaseId::new(s).expect("case id")
}

/// A model on the fixture, with a fixed size.
pub fn model(fx: &Ws, w: u16, h: u16) -> Model {
    let mut m = Model::new(fx.workspace());
    m.size = (w, h);
    m.color = false;
    m
}

pub fn key(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Message {
    Message::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Sends messages, running effects synchronously like the runtime would.
pub fn send(m: &mut Model, msgs: impl IntoIterator<Item = Message>) {
    for msg in msgs {
        let effects = update(m, msg);
        for e in effects {
            match e {
                Effect::LoadHistory(f) => {
                    let r = factdesk::tui::load_history(m.ws.root(), &f);
                    update(m, r);
                }
                Effect::LoadCases => {
                    let scale = m.ctx.config.verdict_scale.clone();
                    let r = factdesk::tui::load_cases(&m.ws, &scale, &|_, _| {});
                    update(m, r);
                }
                Effect::Editor { initial } => {
                    update(
                        m,
                        Message::EditorDone(Ok(format!("{initial}edited in editor"))),
                    );
                }
                Effect::FetchArticle(url) => {
                    let web = m.ctx.config.web.clone();
                    let r = factdesk::tui::fetch_article(&url, &web);
                    update(m, r);
                }
                Effect::CaptureEvidence { target, req } => {
                    let config = m.ctx.config.clone();
                    let r = factdesk::tui::capture_evidence(target, *req, &config);
                    update(m, r);
                }
                // Tests never start a browser: `tui::web` checks the effect.
                Effect::OpenUrl(_) => {}
                Effect::FindSeen {
                    case,
                    queries,
                    lang,
                    index,
                } => {
                    let scale = m.ctx.config.verdict_scale.clone();
                    let result = factdesk::tui::seen::find(
                        &m.ws,
                        &scale,
                        &case,
                        &queries,
                        lang.as_deref(),
                        index,
                    );
                    update(m, Message::SeenFound { case, result });
                }
            }
        }
    }
}

/// Types a string into whatever has focus.
pub fn type_text(m: &mut Model, s: &str) {
    send(m, s.chars().map(key));
}

/// Renders the model into a test terminal.
pub fn render(m: &mut Model) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).expect("terminal");
    factdesk::tui::draw(m, &mut t).expect("draw");
    t
}

/// The rendered screen as text.
pub fn screen(m: &mut Model) -> String {
    let t = render(m);
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// Reads a claim file.
pub fn claim_yaml(fx: &Ws, case: &str, claim: &str) -> String {
    std::fs::read_to_string(fx.root.join(format!("cases/{case}/claims/{claim}.yaml")))
        .expect("claim file")
}

/// `git log` subjects and trailers, newest first.
pub fn git_log(fx: &Ws) -> String {
    fx.git(&["log", "--format=%s%n%b%n---"])
}

/// Marks every required step of `claim` done through `ops` (optional ones
/// stay pending).
pub fn finish_required(fx: &Ws, claim: &str) {
    let ws = fx.workspace();
    let ctx = factdesk::ops::read::context(&ws, &mut |_| {});
    let case = case_id(SEED_ID);
    let id = factdesk::model::ClaimId::new(claim).unwrap();
    let (_, doc) = factdesk::ops::read::open_claim(&ws, &case, &id).unwrap();
    let c = doc.value.unwrap();
    let list = &ctx.checklists[&c.checklist.id].0;
    let s = fx.session();
    for r in &c.checklist.steps {
        if list.step(&r.id).is_none_or(|d| d.required) {
            s.step(&case, &id, &r.id, factdesk::model::StepState::Done, None)
                .unwrap();
        }
    }
}

/// A decision on `claim` by the workspace's editor: required steps done,
/// attribution confirmed, status not-checkable (with its note).
pub fn decide(fx: &Ws, claim: &str) {
    finish_required(fx, claim);
    let req = factdesk::ops::SetRequest {
        status: Some("not-checkable".into()),
        attribution: Some(factdesk::model::AttributionStatus::Confirmed),
        note: Some("a prediction about next year".into()),
        ..factdesk::ops::SetRequest::default()
    };
    fx.session()
        .set(
            &case_id(SEED_ID),
            &factdesk::model::ClaimId::new(claim).unwrap(),
            &req,
        )
        .unwrap();
}

/// A second editor ("Rui Reviewer") asks for changes on `claim`.
pub fn request_changes(fx: &Ws, claim: &str, note: &str) {
    fx.git(&["config", "user.name", "Rui Reviewer"]);
    fx.session()
        .review(
            &case_id(SEED_ID),
            &factdesk::model::ClaimId::new(claim).unwrap(),
            factdesk::model::ReviewDecision::RequestChanges,
            Some(note),
        )
        .unwrap();
    fx.git(&["config", "user.name", "Ed Itor"]);
}

/// The screen with every `YYYY-MM-DD HH:MM` replaced, for snapshots of
/// things stamped with the time they were made (reviews, notes).
pub fn without_times(s: &str) -> String {
    let pat = "0000-00-00 00:00";
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let fits = i + pat.len() <= chars.len()
            && pat.chars().zip(&chars[i..]).all(|(p, c)| {
                if p == '0' {
                    c.is_ascii_digit()
                } else {
                    p == *c
                }
            });
        if fits {
            out.push_str("YYYY-MM-DD HH:MM");
            i += pat.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
