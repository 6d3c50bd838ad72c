//! `update(&mut Model, Message) -> Vec<Effect>`: every key, tick and
//! loaded result changes the model here. Changes to files go through
//! `crate::ops` (one validated, atomic write and one commit each); the
//! only effects left to the runtime are terminal work and background loads.

use super::app::*;
use super::article;
use super::data::Summary;
use super::error::{tui_line, Error};
use super::form::{ChainEdit, Draft, Form, FormKind};
use super::keymap::{self, Action, Context, Key};
use super::seen::SeenResult;
use super::strings as S;
use crate::git::history::{Entry, Filter};
use crate::model::{
    AttributionStatus, CaseId, Claim, ClaimId, ClaimKind, EvidenceKind, ReviewDecision, Stance,
    StepState,
};
use crate::ops::{Committed, EvidenceEdit, EvidenceRequest, OpsError, Session, SetRequest};
use crate::store::StoreError;
use crate::text::one_line;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseEvent, MouseEventKind};

/// (value, label, why it is refused).
type PickOption = (String, String, Option<String>);

/// Everything that can happen to the model.
#[derive(Debug)]
pub enum Message {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// About once a second: watch files, save drafts, load more rows.
    Tick,
    HistoryLoaded(Result<Vec<Entry>, Error>),
    /// `$EDITOR` returned this text (or failed).
    EditorDone(Result<String, Error>),
    /// The case index load read `done` of `total` cases (a cold index).
    CasesProgress(usize, usize),
    /// The case index: each case folder's row, or why it failed.
    CasesLoaded(Result<Vec<(String, Summary)>, String>),
    /// The page of a "new case" form, fetched and extracted off the UI
    /// thread, or why not (one line).
    ArticleFetched(Result<Box<crate::ops::web::WebArticle>, String>),
    /// The page of an evidence form with "capture" on, fetched off the UI
    /// thread: the item to add (its capture filled in), or why not.
    EvidenceCaptured {
        target: String,
        result: Result<Box<EvidenceRequest>, String>,
    },
    /// Seen before: the claim index and the open case's matches, found off
    /// the UI thread (`tui::seen::find`), or why the index failed.
    SeenFound {
        case: crate::model::CaseId,
        result: Result<SeenResult, String>,
    },
}

/// Work for the runtime.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Read git history off the render path, then send `HistoryLoaded`.
    LoadHistory(Filter),
    /// Suspend the terminal, edit `initial` in `$EDITOR`, send `EditorDone`.
    Editor { initial: String },
    /// Load the case index off the render path (`load_cases`), sending
    /// `CasesProgress` and then `CasesLoaded`.
    LoadCases,
    /// Fetch a page and extract its article off the UI thread
    /// (`tui::fetch_article`), then send `ArticleFetched`.
    FetchArticle(String),
    /// Open an address in the browser: a direct process, the address as
    /// its one argument (`tui::open_url`), never a shell.
    OpenUrl(String),
    /// Capture the page of an evidence item off the UI thread
    /// (`tui::capture_evidence`), then send `EvidenceCaptured`.
    CaptureEvidence {
        target: String,
        req: Box<EvidenceRequest>,
    },
    /// Load the claim index (unless given) and find the open case's
    /// matches off the UI thread (`tui::seen::find`), then send
    /// `SeenFound`.
    FindSeen {
        case: crate::model::CaseId,
        queries: Vec<super::seen::Query>,
        lang: Option<String>,
        index: Option<std::sync::Arc<crate::ops::claim_index::ClaimIndex>>,
    },
}

fn info(m: &mut Model, text: impl Into<String>) {
    m.notice = Some(Notice {
        text: text.into(),
        level: Level::Info,
    });
}

fn error(m: &mut Model, text: impl Into<String>) {
    m.notice = Some(Notice {
        text: text.into(),
        level: Level::Error,
    });
}

/// Applies one message.
pub fn update(m: &mut Model, msg: Message) -> Vec<Effect> {
    match msg {
        Message::Key(k) if k.kind != KeyEventKind::Release => key(m, k),
        Message::Key(_) => Vec::new(),
        Message::Mouse(ev) => {
            let down = match ev.kind {
                MouseEventKind::ScrollDown => true,
                MouseEventKind::ScrollUp => false,
                _ => return Vec::new(),
            };
            if m.screen == Screen::Case && matches!(m.overlay, Overlay::None) {
                let (aw, _) = super::layout::article_area_size(m.size);
                if let Some(o) = &mut m.open {
                    if (ev.column as usize) < aw + 2 && o.span.is_none() {
                        o.scroll = if down {
                            o.scroll + 3
                        } else {
                            o.scroll.saturating_sub(3)
                        };
                        return Vec::new();
                    }
                }
            }
            let ctx = m.context();
            act(m, ctx, if down { Action::Down } else { Action::Up })
        }
        Message::Resize(w, h) => {
            m.size = (w, h);
            if let Some(o) = &mut m.open {
                o.follow = true;
            }
            Vec::new()
        }
        Message::Tick => {
            tick(m);
            let mut effects = Vec::new();
            if m.cases.index == IndexLoad::NotStarted && m.cases.problem.is_none() {
                m.cases.index = IndexLoad::Loading;
                effects.push(Effect::LoadCases);
            }
            effects.extend(find_seen(m));
            effects
        }
        Message::SeenFound { case, result } => {
            seen_found(m, case, result);
            Vec::new()
        }
        Message::CasesProgress(done, total) => {
            // Never over another notice (a warning, a change on disk).
            let free = m
                .notice
                .as_ref()
                .is_none_or(|n| n.text.starts_with(S::LOADING_CASES));
            if m.cases.index == IndexLoad::Loading && free {
                info(m, S::loading_cases(done, total));
            }
            Vec::new()
        }
        Message::CasesLoaded(r) => {
            cases_loaded(m, r);
            Vec::new()
        }
        Message::ArticleFetched(r) => {
            match r {
                Ok(a) => new_case_from(m, String::new(), Some(*a)),
                Err(why) => error(m, S::fetch_failed(&one_line(&why))),
            }
            Vec::new()
        }
        Message::EvidenceCaptured { target, result } => {
            evidence_captured(m, &target, result);
            Vec::new()
        }
        Message::HistoryLoaded(r) => {
            if let Overlay::History(h) = &mut m.overlay {
                // The pane keeps what it shows: the entries, or why not.
                h.entries = Some(r.map_err(|e| e.to_string()));
            }
            Vec::new()
        }
        Message::EditorDone(r) => {
            match (r, &mut m.overlay) {
                (Ok(text), Overlay::Form(f)) => f.set_focused_text(&text),
                (Err(e), _) => error(m, format!("$EDITOR failed: {}", one_line(&e.to_string()))),
                _ => {}
            }
            Vec::new()
        }
    }
}

fn key(m: &mut Model, k: KeyEvent) -> Vec<Effect> {
    let ctx = m.context();
    m.notice = None;
    let key = Key::from_event(&k);
    let action = key.and_then(|key| keymap::lookup(ctx, key));
    match ctx {
        Context::Form => {
            if let Some(a) = action {
                return act(m, ctx, a);
            }
            let submit = match &mut m.overlay {
                Overlay::Form(f) => f.input(k),
                _ => false,
            };
            if submit {
                return submit_form(m);
            } else {
                // Every keystroke is in the draft at once: a crash loses nothing.
                save_draft(m);
            }
            Vec::new()
        }
        Context::Filter => {
            if let Some(a) = action {
                return act(m, ctx, a);
            }
            match k.code {
                KeyCode::Char(c) => m.cases.filter.push(c),
                KeyCode::Backspace => {
                    m.cases.filter.pop();
                }
                _ => {}
            }
            m.cases.sel = 0;
            m.apply_filter();
            Vec::new()
        }
        _ => match action {
            Some(a) => act(m, ctx, a),
            None => Vec::new(),
        },
    }
}

fn move_sel(sel: &mut usize, len: usize, a: Action, page: usize) {
    let last = len.saturating_sub(1);
    *sel = match a {
        Action::Down => (*sel + 1).min(last),
        Action::Up => sel.saturating_sub(1),
        Action::PageDown => (*sel + page).min(last),
        Action::PageUp => sel.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => *sel,
    };
}

fn is_move(a: Action) -> bool {
    matches!(
        a,
        Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
    )
}

/// Performs an action in a context.
pub fn act(m: &mut Model, ctx: Context, a: Action) -> Vec<Effect> {
    let page = m.list_rows();
    match (ctx, a) {
        (Context::Help, a) if is_move(a) => {
            let n = keymap::table(m.screen_context()).len();
            if let Overlay::Help(scroll) = &mut m.overlay {
                move_sel(scroll, n, a, page);
            }
        }
        (Context::Help, _) => m.overlay = Overlay::None,
        (_, Action::Help) => m.overlay = Overlay::Help(0),
        (Context::Confirm, a) => confirm(m, a == Action::Yes),
        (Context::Form, a) => return form_action(m, a),
        (Context::Picker, Action::Confirm) => pick(m),
        (Context::Picker, Action::Back) => m.overlay = Overlay::None,
        (Context::Picker, a) if is_move(a) => {
            if let Overlay::Picker(p) = &mut m.overlay {
                move_sel(&mut p.sel, p.options.len(), a, page);
            }
        }
        (Context::History, Action::Back) => m.overlay = Overlay::None,
        (Context::History, a) if is_move(a) => {
            if let Overlay::History(h) = &mut m.overlay {
                let n = h
                    .entries
                    .as_ref()
                    .and_then(|e| e.as_ref().ok())
                    .map_or(0, Vec::len);
                move_sel(&mut h.scroll, n, a, page);
            }
        }
        (_, Action::Quit) => request_quit(m),
        (Context::Filter, Action::Confirm) => m.cases.filtering = false,
        (Context::Filter | Context::CaseList, Action::Back) => {
            m.cases.filtering = false;
            m.cases.filter.clear();
            m.apply_filter();
        }
        (Context::CaseList | Context::Filter, a) if is_move(a) => {
            move_sel(&mut m.cases.sel, m.cases.visible.len(), a, page)
        }
        (Context::CaseList, Action::Filter) => m.cases.filtering = true,
        (Context::CaseList, Action::NewCase) => open_form(
            m,
            Form::single(
                FormKind::NewCase,
                S::FORM_NEW_CASE,
                String::new(),
                S::F_URL_OR_FILE,
                false,
                "",
            ),
        ),
        (Context::Pager, Action::Back) => m.overlay = Overlay::None,
        (Context::Pager, a) if is_move(a) => {
            let rows = m.size.1.saturating_sub(6) as usize;
            if let Overlay::Pager(p) = &mut m.overlay {
                let last = p.lines.len().saturating_sub(rows.max(1));
                move_sel(&mut p.scroll, last + 1, a, page);
            }
        }
        (Context::CaseList, Action::Reload) => {
            m.reload_case_names();
            info(m, "reloaded the case list");
        }
        (Context::CaseList, Action::Open) => {
            let Some(&i) = m.cases.visible.get(m.cases.sel) else {
                return Vec::new();
            };
            match CaseId::new(m.cases.names[i].as_str()) {
                Ok(id) => {
                    if let Err(e) = m.open_case(&id) {
                        error(m, e);
                    }
                }
                Err(e) => error(m, format!("not a case folder: {e}")),
            }
        }
        (Context::CaseView, a) => return case_action(m, a),
        (Context::SelectSpan, a) => span_action(m, a),
        (Context::ClaimView, a) => return claim_action(m, a),
        _ => {}
    }
    Vec::new()
}

fn history_effect(m: &mut Model, claim: Option<ClaimId>) -> Vec<Effect> {
    let Some(open) = &m.open else {
        return Vec::new();
    };
    let title = match &claim {
        Some(c) => format!("{}/{c}", open.id),
        None => open.id.to_string(),
    };
    let filter = Filter {
        case: Some(open.id.clone()),
        claim,
        limit: Some(500),
        ..Filter::default()
    };
    m.overlay = Overlay::History(HistoryPane {
        title,
        entries: None,
        scroll: 0,
    });
    vec![Effect::LoadHistory(filter)]
}

fn selected_claim(m: &Model) -> Option<(CaseId, usize, ClaimId)> {
    let o = m.open.as_ref()?;
    let i = *o.order.get(o.sel)?;
    Some((o.id.clone(), i, o.bundle.claims.get(i)?.id.clone()))
}

fn first_pending(m: &Model, idx: usize) -> usize {
    m.open
        .as_ref()
        .and_then(|o| o.bundle.claims.get(idx))
        .and_then(|d| d.value.as_ref())
        .and_then(|c| {
            let steps = &c.checklist.steps;
            steps
                .iter()
                .position(|s| s.state == StepState::Pending && m.step_required(c, &s.id))
                .or_else(|| steps.iter().position(|s| s.state == StepState::Pending))
        })
        .unwrap_or(0)
}

/// Opens the claim view on claim `idx` (into `bundle.claims`).
pub fn open_claim(m: &mut Model, idx: usize) {
    let step = first_pending(m, idx);
    if let Some(o) = &mut m.open {
        if let Some(p) = o.order.iter().position(|&i| i == idx) {
            o.sel = p;
        }
        o.follow = true;
        o.claim = Some(ClaimFocus {
            idx,
            pane: ClaimPane::Steps,
            step,
            evidence: 0,
            notes_scroll: 0,
        });
        m.screen = Screen::Claim;
    }
}

/// The next claim to work on in article order, starting at order
/// position `from` (inclusive) and wrapping: claims whose reviewer asked
/// for changes first, then the other unfinished ones.
fn next_unfinished_claim(m: &Model, from: usize) -> Option<usize> {
    let o = m.open.as_ref()?;
    let n = o.order.len();
    let value = |i: usize| o.bundle.claims[i].value.as_ref();
    let ring = || (0..n).map(|k| o.order[(from + k) % n]);
    ring()
        .find(|&i| {
            value(i).is_some_and(|c| {
                c.dismissed.is_none()
                    && matches!(
                        m.review_of(c),
                        super::review::Shown::ChangesRequested { .. }
                    )
            })
        })
        .or_else(|| ring().find(|&i| value(i).is_some_and(|c| m.claim_unfinished(c))))
}

/// Why claim `i` needs work, in a few words (for "next claim: c04 (…)").
fn why_unfinished(m: &Model, i: usize) -> String {
    let Some(c) = m
        .open
        .as_ref()
        .and_then(|o| o.bundle.claims.get(i))
        .and_then(|d| d.value.as_ref())
    else {
        return String::new();
    };
    if let super::review::Shown::ChangesRequested { by, .. } = m.review_of(c) {
        return format!("changes requested by {}", one_line(&by));
    }
    let open = c
        .checklist
        .steps
        .iter()
        .filter(|s| s.state == StepState::Pending && m.step_required(c, &s.id))
        .count();
    if open > 0 {
        format!("{open} required step(s) open")
    } else if m.attribution_open(c) {
        "attribution to decide".into()
    } else {
        "no verdict yet".into()
    }
}

/// Opens claim `i` as "next" and says where `n` went and why.
fn go_to_claim(m: &mut Model, i: usize, left: &str) {
    let why = why_unfinished(m, i);
    open_claim(m, i);
    let id = m
        .focused_claim()
        .map(|(_, _, id, _)| id.to_string())
        .unwrap_or_default();
    let mut line = S::went_to_claim(&id, &why);
    if !left.is_empty() {
        line.push_str(" · ");
        line.push_str(left);
    }
    info(m, line);
}

fn case_action(m: &mut Model, a: Action) -> Vec<Effect> {
    let page = m.list_rows();
    let Some(o) = &mut m.open else {
        return Vec::new();
    };
    match a {
        a if is_move(a) => match o.focus {
            CasePane::Claims => {
                move_sel(&mut o.sel, o.order.len(), a, page);
                o.follow = true;
            }
            CasePane::Article => {
                let len = o.layout.as_ref().map_or(0, |l| l.lines.len());
                move_sel(&mut o.scroll, len, a, page);
            }
        },
        Action::NextPane | Action::PrevPane => {
            o.focus = match o.focus {
                CasePane::Claims => CasePane::Article,
                CasePane::Article => CasePane::Claims,
            }
        }
        Action::Open => {
            if let Some(&i) = o.order.get(o.sel) {
                open_claim(m, i);
            }
        }
        Action::Next => match next_unfinished_claim(m, m.open.as_ref().map_or(0, |o| o.sel)) {
            Some(i) => go_to_claim(m, i, ""),
            None => info(m, S::ALL_DONE),
        },
        Action::SelectSpan => {
            if let Some(r) = m.refusal() {
                error(m, S::read_only(&r));
                return Vec::new();
            }
            let Some(o) = &mut m.open else {
                return Vec::new();
            };
            let top = o
                .layout
                .as_ref()
                .and_then(|l| l.line_starts.get(o.scroll).copied())
                .unwrap_or(0);
            let sents = crate::propose::sentences(&o.bundle.article);
            o.span = sents
                .iter()
                .find(|(s, _)| *s >= top)
                .or(sents.first())
                .copied();
            if o.span.is_none() {
                error(m, "the article is empty");
            } else {
                info(m, S::SELECT_HINT);
            }
        }
        Action::Dismiss => {
            if let Some((case, _, claim)) = selected_claim(m) {
                open_form(
                    m,
                    Form::single(
                        FormKind::Dismiss,
                        S::FORM_DISMISS,
                        format!("{case}/{claim}"),
                        S::F_REASON,
                        false,
                        "",
                    ),
                );
            }
        }
        Action::Assign => {
            if let Some((case, _, claim)) = selected_claim(m) {
                open_assign(m, format!("{case}/{claim}"));
            }
        }
        Action::Restore => ask_restore(m),
        Action::History => return history_effect(m, None),
        Action::Reload => reload(m),
        Action::Back => {
            let id = o.id.clone();
            m.open = None;
            m.screen = Screen::CaseList;
            if let Some(i) = m.cases.names.iter().position(|n| n == id.as_str()) {
                m.cases.summaries[i] = None;
                // Commits made in the case move its last change.
                m.cases.last_change.refresh(&m.ws, &m.cases.names);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// `u` in the claim list: asks before restoring the selected claim when
/// it is dismissed.
fn ask_restore(m: &mut Model) {
    let Some((_, i, claim)) = selected_claim(m) else {
        return;
    };
    let dismissed = m
        .open
        .as_ref()
        .and_then(|o| o.bundle.claims.get(i))
        .and_then(|d| d.value.as_ref())
        .and_then(|c| c.dismissed.as_ref())
        .map(|d| d.reason.clone());
    let Some(reason) = dismissed else {
        info(m, S::NOT_DISMISSED);
        return;
    };
    if let Some(r) = m.refusal() {
        error(m, S::read_only(&r));
        return;
    }
    m.overlay = Overlay::Confirm(Confirm::Restore { claim, reason }, None);
}

fn reload(m: &mut Model) {
    let changed = m.reload_open();
    if changed.is_empty() {
        info(m, "reloaded: nothing changed on disk");
    } else {
        info(m, S::changed_on_disk(&changed.join(", ")));
    }
}

fn open_assign(m: &mut Model, target: String) {
    let who = m
        .session
        .as_ref()
        .map(|s| s.who.name.clone())
        .unwrap_or_default();
    open_form(
        m,
        Form::single(
            FormKind::Assign,
            S::FORM_ASSIGN,
            target,
            S::F_WHO,
            false,
            &who,
        ),
    );
}

fn span_action(m: &mut Model, a: Action) {
    let Some(o) = &mut m.open else {
        return;
    };
    let Some((s, e)) = o.span else {
        return;
    };
    let art = &o.bundle.article;
    // The article may have been reloaded under the selection: never slice
    // with stale offsets.
    if s > e || e > art.len() || !art.is_char_boundary(s) || !art.is_char_boundary(e) {
        o.span = None;
        return;
    }
    match a {
        Action::SelNext | Action::SelPrev => {
            let sents = crate::propose::sentences(art);
            let pos = sents.iter().position(|(ss, _)| *ss >= s).unwrap_or(0);
            let next = if a == Action::SelNext {
                let p = if sents.get(pos).is_some_and(|(ss, _)| *ss == s) {
                    pos + 1
                } else {
                    pos
                };
                sents.get(p).or(sents.last())
            } else {
                sents.get(pos.saturating_sub(1))
            };
            o.span = next.copied();
        }
        Action::SelExtend => o.span = Some((s, article::next_word_end(art, e))),
        Action::SelShrink => o.span = Some((s, article::prev_word_end(art, s, e))),
        Action::SelStartLater => o.span = Some((article::next_word_start(art, s, e), e)),
        Action::SelStartEarlier => o.span = Some((article::prev_word_start(art, s), e)),
        Action::Confirm => {
            let text = art[s..e].to_string();
            let target = o.id.to_string();
            let f = Form::add_claim(target, s, e, &text);
            open_form(m, f);
        }
        Action::Back => o.span = None,
        _ => {}
    }
}

/// Resolves a conflicted claim by keeping one side (`ops::conflicts`); the
/// other side is saved under `.git/factdesk-discarded/`. Allowed while the
/// repository is busy: that is when conflicts exist.
fn keep_side(m: &mut Model, case: &CaseId, claim: &ClaimId, ours: bool) {
    use crate::ops::conflicts::{resolve, Side};
    if m.conflict_of(&format!("{case}/{claim}")).is_none() {
        error(m, S::NOT_CONFLICTED);
        return;
    }
    let side = if ours { Side::Ours } else { Side::Theirs };
    match resolve(&m.ws, case, claim, side) {
        Ok(copy) => {
            m.refresh_conflicts();
            m.reload_open();
            info(m, S::kept_side(if ours { "ours" } else { "theirs" }, &copy));
        }
        Err(e) => error(m, tui_line(&e)),
    }
}

/// The claim the claim view acts on, copied out of the model so that the
/// model can change while acting on it.
struct Focused {
    case: CaseId,
    claim: ClaimId,
    /// The parsed claim; `None` when its file cannot be read.
    value: Option<Claim>,
    /// The selected step: id, state, note.
    step: Option<(String, StepState, String)>,
}

impl Focused {
    /// The claim as forms name it: `case/claim`.
    fn target(&self) -> String {
        format!("{}/{}", self.case, self.claim)
    }
}

fn focused(m: &Model) -> Option<Focused> {
    let (open, f, claim, value) = m.focused_claim()?;
    let step = value
        .and_then(|c| c.checklist.steps.get(f.step))
        .map(|s| (s.id.clone(), s.state, s.note.clone()));
    Some(Focused {
        case: open.id.clone(),
        claim: claim.clone(),
        value: value.cloned(),
        step,
    })
}

/// Actions that change the claim, so need its file to parse.
fn needs_value(a: Action) -> bool {
    matches!(
        a,
        Action::StepDone
            | Action::StepSkip
            | Action::StepNa
            | Action::StepReset
            | Action::Undo
            | Action::RequestReview
            | Action::StepNote
            | Action::AddEvidence
            | Action::EditEvidence
            | Action::WithdrawEvidence
            | Action::EditAttribution
            | Action::CopySeenEvidence
            | Action::Review
            | Action::AddNote
            | Action::EditorNote
            | Action::Verdict
            | Action::Attribution
            | Action::Kind
            | Action::Assign
    )
}

fn claim_action(m: &mut Model, a: Action) -> Vec<Effect> {
    let Some(t) = focused(m) else {
        m.screen = Screen::Case;
        return Vec::new();
    };
    let conflicted = m.conflict_of(&format!("{}/{}", t.case, t.claim)).is_some();
    if a == Action::KeepOurs && !conflicted {
        return open_evidence_url(m, &t);
    }
    if let Action::KeepOurs | Action::KeepTheirs = a {
        keep_side(m, &t.case, &t.claim, a == Action::KeepOurs);
        return Vec::new();
    }
    if needs_value(a) && t.value.is_none() {
        error(m, S::INVALID_CLAIM);
        return Vec::new();
    }
    match a {
        Action::NextPane | Action::PrevPane => claim_pane(m, a),
        a if is_move(a) => claim_move(m, a, t.value.as_ref()),
        Action::StepDone | Action::StepReset => mark_step(m, a, t),
        Action::StepNa => step_na(m, t),
        Action::Undo => undo_step(m),
        Action::StepSkip | Action::StepNote => step_form(m, a, t),
        // Enter opens, never commits: on a step, its note.
        Action::Open => {
            let on_steps = m
                .open
                .as_ref()
                .and_then(|o| o.claim.as_ref())
                .is_some_and(|f| f.pane == ClaimPane::Steps);
            if on_steps {
                step_form(m, Action::StepNote, t);
            } else {
                open_capture(m, &t);
            }
        }
        Action::AddEvidence => open_form(m, Form::evidence(t.target())),
        Action::EditEvidence | Action::WithdrawEvidence => evidence_form(m, a, t),
        Action::EditAttribution => {
            if let Some(c) = &t.value {
                let mut f = Form::attribution(t.target(), &c.attribution, c.translation.as_deref());
                f.context = c.text.clone();
                open_form(m, f);
            }
        }
        Action::Review => open_form(m, Form::review(t.target())),
        Action::CopySeenEvidence => copy_seen_evidence(m, &t),
        Action::RequestReview => rerequest_form(m, t),
        Action::AddNote | Action::EditorNote => return note_form(m, a, t),
        Action::Verdict | Action::Attribution | Action::Kind => {
            if let Some(c) = &t.value {
                open_picker(m, a, &t.case, &t.claim, c);
            }
        }
        Action::Assign => open_assign(m, t.target()),
        Action::Next => next(m),
        Action::History => return history_effect(m, Some(t.claim)),
        Action::Reload => reload(m),
        Action::Back => {
            if let Some(o) = &mut m.open {
                o.claim = None;
                o.follow = true;
            }
            m.screen = Screen::Case;
        }
        _ => {}
    }
    Vec::new()
}

/// `c` / `w` on the selected evidence item: the correction form
/// (prefilled) or the withdrawal form (why?). A withdrawn item is kept as
/// it was, so both are refused for it.
fn evidence_form(m: &mut Model, a: Action, t: Focused) {
    let sel = m
        .open
        .as_ref()
        .and_then(|o| o.claim.as_ref())
        .filter(|f| f.pane == ClaimPane::Evidence)
        .map(|f| f.evidence);
    let item = sel.and_then(|i| {
        t.value
            .as_ref()
            .and_then(|c| c.evidence.get(i))
            .map(|e| (i + 1, e.clone()))
    });
    let Some((n, ev)) = item else {
        info(m, S::NO_EVIDENCE_FOCUSED);
        return;
    };
    if ev.is_withdrawn() {
        error(m, S::ALREADY_WITHDRAWN);
        return;
    }
    let f = if a == Action::EditEvidence {
        Form::edit_evidence(t.target(), n, &ev)
    } else {
        let mut f = Form::single(
            FormKind::WithdrawEvidence { n },
            S::FORM_WITHDRAW_EVIDENCE,
            t.target(),
            S::F_NOTE,
            true,
            "",
        );
        f.context = format!("{n}. {}", one_line(ev.label()));
        f
    };
    open_form(m, f);
}

/// Moves in the focused pane of the claim view: lines move the selection
/// in the lists, pages scroll the detail pane.
fn claim_move(m: &mut Model, a: Action, value: Option<&Claim>) {
    let page = m.list_rows();
    let n_steps = value.map_or(0, |c| c.checklist.steps.len());
    let n_ev = value.map_or(0, |c| c.evidence.len());
    let n_notes = value.map_or(0, |c| c.notes.lines().count());
    let Some(f) = m.open.as_mut().and_then(|o| o.claim.as_mut()) else {
        return;
    };
    if let Action::PageDown | Action::PageUp = a {
        let half = (page / 2).max(1);
        f.notes_scroll = if a == Action::PageDown {
            (f.notes_scroll + half).min(n_notes.max(200))
        } else {
            f.notes_scroll.saturating_sub(half)
        };
        return;
    }
    let before = (f.step, f.evidence);
    match f.pane {
        ClaimPane::Steps => move_sel(&mut f.step, n_steps, a, page),
        ClaimPane::Evidence => move_sel(&mut f.evidence, n_ev, a, page),
        ClaimPane::Notes => move_sel(&mut f.notes_scroll, n_notes, a, page),
    }
    if (f.step, f.evidence) != before {
        f.notes_scroll = 0;
    }
}

/// Focuses the next (or previous) pane of the claim view.
fn claim_pane(m: &mut Model, a: Action) {
    if let Some(f) = m.open.as_mut().and_then(|o| o.claim.as_mut()) {
        let order = [ClaimPane::Steps, ClaimPane::Evidence, ClaimPane::Notes];
        let i = order.iter().position(|p| *p == f.pane).unwrap_or(0);
        let j = if a == Action::NextPane { i + 1 } else { i + 2 };
        f.pane = order[j % 3];
        f.notes_scroll = 0;
    }
}

/// Marks the selected step done or pending again; after a decision the
/// next pending step is selected.
fn mark_step(m: &mut Model, a: Action, t: Focused) {
    let Some((sid, _, _)) = t.step else {
        return;
    };
    let state = match a {
        Action::StepDone => StepState::Done,
        _ => StepState::Pending,
    };
    if commit_step(m, &t.case, &t.claim, &sid, state, None) && state != StepState::Pending {
        advance_step(m);
    }
}

/// `x`: an optional step is marked n/a at once; a required one asks why
/// first, exactly as skipping does.
fn step_na(m: &mut Model, t: Focused) {
    let Some((sid, _, _)) = t.step.clone() else {
        return;
    };
    let required = t.value.as_ref().is_none_or(|c| m.step_required(c, &sid));
    if required {
        open_form(
            m,
            Form::single(
                FormKind::Na { step: sid },
                S::FORM_NA,
                t.target(),
                S::F_NOTE,
                true,
                "",
            ),
        );
    } else if commit_step(m, &t.case, &t.claim, &sid, StepState::NotApplicable, None) {
        advance_step(m);
    }
}

/// One step change through `ops`, remembered so that `u` can undo it, and
/// said on the status line. Returns whether it committed.
fn commit_step(
    m: &mut Model,
    case: &CaseId,
    claim: &ClaimId,
    step: &str,
    state: StepState,
    note: Option<&str>,
) -> bool {
    let before = step_now(m, claim, step);
    let Some(c) = commit_with(m, |s| s.step(case, claim, step, state, note)) else {
        return false;
    };
    if let Some((prev, prev_note)) = before {
        m.last_step = Some(StepUndo {
            case: case.clone(),
            claim: claim.clone(),
            step: step.to_string(),
            state: prev,
            note: prev_note,
            to: state,
        });
    }
    info(
        m,
        S::step_committed(claim.as_str(), &one_line(step), state.as_str(), &c.commit),
    );
    true
}

/// The state and note of `step` of `claim` as the screen shows it.
fn step_now(m: &Model, claim: &ClaimId, step: &str) -> Option<(StepState, String)> {
    let o = m.open.as_ref()?;
    let c = o
        .bundle
        .claims
        .iter()
        .find(|d| &d.id == claim)?
        .value
        .as_ref()?;
    let r = c.checklist.steps.iter().find(|r| r.id == step)?;
    Some((r.state, r.note.clone()))
}

/// `u`: restores the step changed last from here, with another commit.
fn undo_step(m: &mut Model) {
    let Some(u) = m.last_step.clone() else {
        info(m, S::NOTHING_TO_UNDO);
        return;
    };
    let note = u.note.clone();
    let Some(c) = commit_with(m, |s| {
        s.step(&u.case, &u.claim, &u.step, u.state, Some(note.as_str()))
    }) else {
        return;
    };
    m.last_step = None;
    info(
        m,
        S::undone(
            u.claim.as_str(),
            &one_line(&u.step),
            u.to.as_str(),
            u.state.as_str(),
            &c.commit,
        ),
    );
    // Show the step that changed back.
    let at = m
        .focused_claim()
        .filter(|(_, _, id, _)| **id == u.claim)
        .and_then(|(_, _, _, c)| c)
        .and_then(|c| c.checklist.steps.iter().position(|r| r.id == u.step));
    if let (Some(p), Some(f)) = (at, m.open.as_mut().and_then(|o| o.claim.as_mut())) {
        f.step = p;
        f.pane = ClaimPane::Steps;
        f.notes_scroll = 0;
    }
}

/// `C`: the evidence of the first earlier match in the "seen before" panel
/// copied onto this claim, through `Session::copy_evidence` (one commit,
/// each item naming where it came from).
fn copy_seen_evidence(m: &mut Model, t: &Focused) {
    let Some(best) = m.seen.of(t.claim.as_str()).first().cloned() else {
        info(m, S::SEEN_NOTHING_TO_COPY);
        return;
    };
    let source = match (&best.case, &best.claim, &best.url) {
        (Some(c), Some(k), _) => match (CaseId::new(c.as_str()), ClaimId::new(k.as_str())) {
            (Ok(c), Ok(k)) => crate::ops::EvidenceSource::Claim(c, k),
            _ => return,
        },
        (_, _, Some(u)) => crate::ops::EvidenceSource::FactCheck(u.clone()),
        _ => return,
    };
    commit_with(m, |s| s.copy_evidence(&t.case, &t.claim, &source));
}

/// `W`: after a request for changes, ask for review again (with what was
/// done, or why the verdict stands).
fn rerequest_form(m: &mut Model, t: Focused) {
    let changes = t.value.as_ref().is_some_and(|c| {
        matches!(
            m.review_of(c),
            super::review::Shown::ChangesRequested { .. }
        )
    });
    if !changes {
        info(m, S::NO_REQUEST_TO_ANSWER);
        return;
    }
    open_form(
        m,
        Form::single(
            FormKind::ReRequest,
            S::FORM_REREQUEST,
            t.target(),
            S::F_NOTE,
            true,
            "",
        ),
    );
}

/// Opens the form that skips the selected step (why?) or notes on it.
fn step_form(m: &mut Model, a: Action, t: Focused) {
    let target = t.target();
    let Some((sid, state, note)) = t.step else {
        return;
    };
    let form = if a == Action::StepSkip {
        Form::single(
            FormKind::Skip { step: sid },
            S::FORM_SKIP,
            target,
            S::F_NOTE,
            true,
            "",
        )
    } else {
        // A note with characters unsafe for the terminal is not loaded
        // into the text area, which would draw them raw.
        let initial = if note.chars().any(crate::text::is_unsafe) {
            ""
        } else {
            note.as_str()
        };
        Form::single(
            FormKind::StepNote {
                step: sid,
                state: state.as_str().to_string(),
            },
            S::FORM_STEP_NOTE,
            target,
            S::F_NOTE,
            true,
            initial,
        )
    };
    open_form(m, form);
}

/// Opens the note form, and for `E` hands it to `$EDITOR` at once.
fn note_form(m: &mut Model, a: Action, t: Focused) -> Vec<Effect> {
    open_form(
        m,
        Form::single(
            FormKind::Note,
            S::FORM_NOTE,
            t.target(),
            S::F_NOTE,
            true,
            "",
        ),
    );
    if a == Action::EditorNote && matches!(m.overlay, Overlay::Form(_)) {
        return vec![Effect::Editor {
            initial: String::new(),
        }];
    }
    Vec::new()
}

/// After a step is marked: select the next pending step of this claim.
fn advance_step(m: &mut Model) {
    let Some(o) = &mut m.open else { return };
    let Some(f) = &mut o.claim else { return };
    let Some(c) = o.bundle.claims.get(f.idx).and_then(|d| d.value.as_ref()) else {
        return;
    };
    let steps = &c.checklist.steps;
    let n = steps.len();
    let ring = || (1..=n).map(|k| (f.step + k) % n.max(1));
    let pending = |i: usize| steps.get(i).is_some_and(|s| s.state == StepState::Pending);
    // Required steps first, as `n` goes; optional ones when only they are left.
    let required = |i: usize| {
        steps.get(i).is_some_and(|s| {
            m.ctx
                .checklists
                .get(&c.checklist.id)
                .and_then(|(l, _)| l.step(&s.id))
                .is_none_or(|d| d.required)
        })
    };
    if let Some(p) = ring()
        .find(|&i| pending(i) && required(i))
        .or_else(|| ring().find(|&i| pending(i)))
    {
        f.step = p;
        f.notes_scroll = 0;
    }
}

/// "Next", which never dead-ends: the next required step of this claim
/// (pending optional steps are passed over and offered on the status
/// line); then the attribution decision when the claim cites someone; then
/// the verdict; then the next claim needing work (changes requested
/// first). It always says where it went.
fn next(m: &mut Model) {
    let Some((open, f, claim_id, Some(c))) = m.focused_claim() else {
        return;
    };
    let steps = &c.checklist.steps;
    let n = steps.len();
    let required = (0..n)
        .map(|k| (f.step + k) % n.max(1))
        .find(|&i| steps[i].state == StepState::Pending && m.step_required(c, &steps[i].id));
    let optional: Vec<String> = steps
        .iter()
        .filter(|s| s.state == StepState::Pending && !m.step_required(c, &s.id))
        .map(|s| format!("`{}`", one_line(&s.id)))
        .collect();
    let offer = if optional.is_empty() {
        String::new()
    } else {
        S::optional_left(&optional.join(", "))
    };
    let with_offer = |line: String| {
        if offer.is_empty() {
            line
        } else {
            format!("{line} · {offer}")
        }
    };
    if let Some(p) = required {
        let line = with_offer(S::went_to_step(&one_line(&steps[p].id)));
        if let Some(f) = m.open.as_mut().and_then(|o| o.claim.as_mut()) {
            f.step = p;
            f.notes_scroll = 0;
            f.pane = ClaimPane::Steps;
        }
        info(m, line);
        return;
    }
    let (case, claim_id, c, sel) = (open.id.clone(), claim_id.clone(), c.clone(), open.sel);
    if c.dismissed.is_none() && m.attribution_open(&c) {
        open_picker(m, Action::Attribution, &case, &claim_id, &c);
        info(m, with_offer(S::NEXT_ATTRIBUTION.to_string()));
        return;
    }
    if c.dismissed.is_none() && !m.is_decided(&c.status) {
        open_picker(m, Action::Verdict, &case, &claim_id, &c);
        info(m, with_offer(S::NEXT_VERDICT.to_string()));
        return;
    }
    let left = if offer.is_empty() {
        String::new()
    } else {
        format!("{claim_id} {offer}")
    };
    let here = m.open.as_ref().and_then(|o| o.order.get(sel).copied());
    match next_unfinished_claim(m, sel + 1) {
        Some(i) if Some(i) != here => go_to_claim(m, i, &left),
        _ if matches!(
            m.review_of(&c),
            super::review::Shown::ChangesRequested { .. }
        ) =>
        {
            info(m, S::ANSWER_REVIEW)
        }
        _ => info(m, with_offer(S::ALL_DONE.to_string())),
    }
}

fn open_picker(m: &mut Model, a: Action, case: &CaseId, claim: &ClaimId, c: &Claim) {
    let (kind, title, options): (PickKind, &str, Vec<PickOption>) = match a {
        Action::Verdict => {
            let scale = m.ctx.config.verdict_scale.clone();
            let opts = scale
                .0
                .iter()
                .map(|d| {
                    let why = if d.id == c.status {
                        None
                    } else {
                        m.session.as_ref().and_then(|s| {
                            let req = SetRequest {
                                status: Some(d.id.clone()),
                                ..SetRequest::default()
                            };
                            s.set_dry_run(case, claim, &req).err().map(|e| tui_line(&e))
                        })
                    };
                    (
                        d.id.clone(),
                        format!("{} {}", super::symbols::status(&scale, &d.id), d.label),
                        why,
                    )
                })
                .collect();
            (PickKind::Status, S::PICK_STATUS, opts)
        }
        Action::Attribution => (
            PickKind::Attribution,
            S::PICK_ATTRIBUTION,
            AttributionStatus::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str().to_string(),
                        format!("{} {}", super::symbols::attribution(*s), s.as_str()),
                        None,
                    )
                })
                .collect(),
        ),
        _ => (
            PickKind::Kind,
            S::PICK_KIND,
            ClaimKind::ALL
                .iter()
                .map(|k| (k.as_str().to_string(), k.as_str().to_string(), None))
                .collect(),
        ),
    };
    // Pickers start on the current value, marked `●`.
    let current_value = match kind {
        PickKind::Status => c.status.clone(),
        PickKind::Attribution => c.attribution.status.as_str().to_string(),
        PickKind::Kind => c.kind.as_str().to_string(),
    };
    let current = options.iter().position(|o| o.0 == current_value);
    let sel = current
        .or_else(|| options.iter().position(|o| o.2.is_none()))
        .unwrap_or(0);
    m.overlay = Overlay::Picker(Picker {
        kind,
        title: title.to_string(),
        options,
        sel,
        current,
    });
}

fn pick(m: &mut Model) {
    let Overlay::Picker(p) = &m.overlay else {
        return;
    };
    let Some((value, _, why)) = p.options.get(p.sel).cloned() else {
        return;
    };
    let kind = p.kind;
    if p.current == Some(p.sel) {
        m.overlay = Overlay::None;
        info(m, S::PICK_UNCHANGED);
        return;
    }
    if let Some(why) = why {
        error(m, format!("{}: {why}", S::PICK_REFUSED));
        return;
    }
    let Some((open, _, claim_id, _)) = m.focused_claim() else {
        return;
    };
    let (case, claim_id) = (open.id.clone(), claim_id.clone());
    let mut req = SetRequest::default();
    match kind {
        PickKind::Status => req.status = Some(value),
        PickKind::Attribution => req.attribution = AttributionStatus::parse(&value),
        PickKind::Kind => req.kind = ClaimKind::parse(&value),
    }
    if commit(m, |s| s.set(&case, &claim_id, &req)) {
        m.overlay = Overlay::None;
    }
}

fn open_form(m: &mut Model, mut f: Form) {
    if let Some(r) = m.refusal() {
        error(m, S::read_only(&r));
        return;
    }
    if let Some(dir) = &m.drafts_dir {
        let path = dir.join(f.draft_name());
        if let Some(d) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<Draft>(&t).ok())
        {
            if d.kind == f.kind && d.target == f.target {
                f.restore(&d);
                info(m, S::DRAFT_RESTORED);
            }
        }
    }
    m.overlay = Overlay::Form(Box::new(f));
}

fn delete_draft(m: &Model, f: &Form) {
    if let Some(dir) = &m.drafts_dir {
        let _ = std::fs::remove_file(dir.join(f.draft_name()));
    }
}

/// Writes drafts of a dirty form (on ticks and before quitting).
pub fn save_draft(m: &mut Model) {
    let Some(dir) = m.drafts_dir.clone() else {
        return;
    };
    if let Overlay::Form(f) | Overlay::Confirm(_, Some(f)) = &mut m.overlay {
        if !f.unsaved_draft {
            return;
        }
        if f.is_blank() {
            let _ = std::fs::remove_file(dir.join(f.draft_name()));
        } else if let Ok(json) = serde_json::to_string_pretty(&f.draft()) {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(f.draft_name()), json.as_bytes());
        }
        f.unsaved_draft = false;
    }
}

fn form_action(m: &mut Model, a: Action) -> Vec<Effect> {
    let Overlay::Form(f) = &mut m.overlay else {
        return Vec::new();
    };
    match a {
        Action::Submit => return submit_form(m),
        Action::Quit => request_quit(m),
        Action::NextField => f.focus = (f.focus + 1) % f.fields.len().max(1),
        Action::ClearField => {
            f.clear_focused();
            save_draft(m);
        }
        Action::HopAdd | Action::HopRemove | Action::HopUp | Action::HopDown => {
            let op = match a {
                Action::HopAdd => ChainEdit::Add,
                Action::HopRemove => ChainEdit::Remove,
                Action::HopUp => ChainEdit::Up,
                _ => ChainEdit::Down,
            };
            f.edit_chain(op);
            save_draft(m);
        }
        Action::PrevField => {
            f.focus = (f.focus + f.fields.len().max(1) - 1) % f.fields.len().max(1)
        }
        Action::Editor => {
            let initial = f.fields.get(f.focus).map(|x| x.value()).unwrap_or_default();
            return vec![Effect::Editor { initial }];
        }
        Action::Back => {
            if f.dirty && !f.is_blank() {
                let Overlay::Form(f) = std::mem::take(&mut m.overlay) else {
                    return Vec::new();
                };
                m.overlay = Overlay::Confirm(Confirm::DiscardForm, Some(f));
            } else {
                let f = f.clone();
                delete_draft(m, &f);
                m.overlay = Overlay::None;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Quit, asking first when a form holds typed text.
pub fn request_quit(m: &mut Model) {
    match &m.overlay {
        Overlay::Form(f) if f.dirty && !f.is_blank() => {
            save_draft(m);
            let Overlay::Form(f) = std::mem::take(&mut m.overlay) else {
                return;
            };
            m.overlay = Overlay::Confirm(Confirm::Quit, Some(f));
        }
        _ => m.quit = true,
    }
}

fn confirm(m: &mut Model, yes: bool) {
    let Overlay::Confirm(what, form) = std::mem::take(&mut m.overlay) else {
        return;
    };
    match (what, yes) {
        (Confirm::Quit, true) => m.quit = true,
        (Confirm::DiscardForm, true) => {
            if let Some(f) = &form {
                delete_draft(m, f);
            }
        }
        (Confirm::WithdrawEvidence, true) => {
            if let Some(f) = form {
                withdraw(m, *f);
            }
        }
        (Confirm::Restore { claim, .. }, true) => {
            if let Some(case) = m.open.as_ref().map(|o| o.id.clone()) {
                commit(m, |s| s.restore(&case, &claim));
            }
        }
        (_, false) => {
            if let Some(f) = form {
                m.overlay = Overlay::Form(f);
            }
        }
    }
}

fn parse_target(t: &str) -> Option<(CaseId, Option<ClaimId>)> {
    match t.split_once('/') {
        Some((c, cl)) => Some((CaseId::new(c).ok()?, Some(ClaimId::new(cl).ok()?))),
        None => Some((CaseId::new(t).ok()?, None)),
    }
}

/// Saves the open form through `ops`: on success the form closes (and the
/// view moves to what was added); when refused or invalid it stays open
/// with the reason and the typed text.
fn submit_form(m: &mut Model) -> Vec<Effect> {
    let Overlay::Form(f) = &m.overlay else {
        return Vec::new();
    };
    let f = (**f).clone();
    if f.kind == FormKind::NewCase {
        return submit_new_case(m, &f);
    }
    if f.kind == FormKind::Evidence && f.value(7) == "yes" {
        return submit_capture(m, &f);
    }
    let Some((case, claim)) = parse_target(&f.target) else {
        return Vec::new();
    };
    // A withdrawal asks first, once its note is there.
    if let FormKind::WithdrawEvidence { .. } = f.kind {
        if f.value(0).trim().is_empty() {
            if let Overlay::Form(f) = &mut m.overlay {
                f.error = Some(S::EVIDENCE_NEEDS_NOTE.to_string());
            }
        } else if let Overlay::Form(f) = std::mem::take(&mut m.overlay) {
            m.overlay = Overlay::Confirm(Confirm::WithdrawEvidence, Some(f));
        }
        return Vec::new();
    }
    let why = match save_form(m, &f, &case, claim.as_ref()) {
        Ok(true) => {
            form_saved(m, &f);
            return Vec::new();
        }
        // Refused: the notice says why.
        Ok(false) => m.notice.as_ref().map(|n| n.text.clone()),
        Err(e) => Some(e.to_string()),
    };
    if let Overlay::Form(f) = &mut m.overlay {
        f.error = why;
    }
    Vec::new()
}

/// The "new case" form: a web address is fetched off the UI thread (the
/// case is made when `ArticleFetched` comes back); a file is read and the
/// case made now.
fn submit_new_case(m: &mut Model, f: &Form) -> Vec<Effect> {
    let v = f.value(0).trim().to_string();
    let lower = v.get(..8).unwrap_or(&v).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        if let Err(p) = crate::model::web_url(&v) {
            if let Overlay::Form(f) = &mut m.overlay {
                f.error = Some(p.what());
            }
            return Vec::new();
        }
        delete_draft(m, f);
        m.overlay = Overlay::None;
        info(m, S::fetching(&one_line(&v)));
        return vec![Effect::FetchArticle(v)];
    }
    if v.is_empty() {
        if let Overlay::Form(f) = &mut m.overlay {
            f.error = Some(S::NEW_CASE_NEEDS_SOURCE.into());
        }
        return Vec::new();
    }
    let path = std::path::Path::new(&v);
    let path = if path.is_relative() {
        m.ws.root().join(path)
    } else {
        path.to_path_buf()
    };
    match crate::store::read_text(&path, crate::store::MAX_ARTICLE_BYTES) {
        Ok(text) => {
            delete_draft(m, f);
            m.overlay = Overlay::None;
            new_case_from(m, text, None);
        }
        Err(e) => {
            if let Overlay::Form(f) = &mut m.overlay {
                f.error = Some(one_line(&e.to_string()));
            }
        }
    }
    Vec::new()
}

/// An evidence form with "capture" on: the item is checked as typed, then
/// the page is fetched off the UI thread; the form stays open meanwhile.
fn submit_capture(m: &mut Model, f: &Form) -> Vec<Effect> {
    let req = match evidence_request(f) {
        Ok(r) => r,
        Err(e) => {
            set_form_error(m, e.to_string());
            return Vec::new();
        }
    };
    if req.url.is_none() {
        set_form_error(m, S::CAPTURE_NEEDS_URL.into());
        return Vec::new();
    }
    info(m, S::capturing(&one_line(req.url.as_deref().unwrap_or(""))));
    vec![Effect::CaptureEvidence {
        target: f.target.clone(),
        req: Box::new(req),
    }]
}

fn set_form_error(m: &mut Model, why: String) {
    if let Overlay::Form(f) = &mut m.overlay {
        f.error = Some(why);
    }
}

/// The captured page is in: the item is added (one commit) and the form,
/// if still open, closes; a failed fetch puts the reason on the form.
fn evidence_captured(m: &mut Model, target: &str, result: Result<Box<EvidenceRequest>, String>) {
    let req = match result {
        Ok(r) => *r,
        Err(why) => {
            let why = one_line(&why);
            error(m, S::fetch_failed(&why));
            set_form_error(m, why);
            return;
        }
    };
    let Some((case, Some(claim))) = parse_target(target) else {
        return;
    };
    if commit_with(m, |s| s.add_evidence(&case, &claim, req)).is_some() {
        let open_form = match &m.overlay {
            Overlay::Form(f) if f.kind == FormKind::Evidence && f.target == target => {
                Some((**f).clone())
            }
            _ => None,
        };
        if let Some(f) = open_form {
            form_saved(m, &f);
        }
    }
}

/// Makes a case (one commit, as `factdesk new`) from an article's text
/// or a fetched page, and opens it.
fn new_case_from(m: &mut Model, text: String, page: Option<crate::ops::web::WebArticle>) {
    if let Some(r) = m.refusal() {
        error(m, S::read_only(&r));
        return;
    }
    let Some(s) = &m.session else {
        return;
    };
    let text = page.as_ref().map_or(text, |p| p.text.clone());
    let opts = crate::ops::NewCase {
        page,
        ..crate::ops::NewCase::default()
    };
    match s.new_case(&text, &opts, |_| {}) {
        Ok(made) => {
            m.reload_case_names();
            if let Err(e) = m.open_case(&made.id) {
                error(m, e);
                return;
            }
            info(
                m,
                S::new_case_made(made.id.as_str(), made.claims, made.proposed),
            );
        }
        Err(e) => error(m, tui_line(&e)),
    }
}

/// The text of the focused evidence item's capture, in the pager: the
/// article extracted from the page (else the page's text), every line
/// made safe for the terminal.
fn open_capture(m: &mut Model, t: &Focused) {
    let item = m
        .open
        .as_ref()
        .and_then(|o| o.claim.as_ref())
        .filter(|f| f.pane == ClaimPane::Evidence)
        .and_then(|f| t.value.as_ref().and_then(|c| c.evidence.get(f.evidence)))
        .cloned();
    let Some(ev) = item else {
        info(m, S::ENTER_OPENS);
        return;
    };
    let Some(cap) = &ev.capture else {
        info(m, S::CAPTURE_NONE);
        return;
    };
    let dir = m.ws.abs(&crate::store::Workspace::case_dir_rel(&t.case));
    let limit = m
        .ctx
        .config
        .web
        .max_bytes
        .max(m.ctx.config.evidence_max_bytes)
        + (1 << 20);
    let text = crate::store::read_bytes_below(&dir, &cap.file, limit)
        .ok()
        .and_then(|b| captured_text(&b, &cap.content_type, &cap.final_url));
    let Some(text) = text else {
        error(m, S::CAPTURE_UNREADABLE);
        return;
    };
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| crate::text::terminal_safe(l).into_owned())
        .collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        lines = vec![S::PAGER_EMPTY.to_string()];
    }
    m.overlay = Overlay::Pager(crate::tui::app::Pager {
        title: one_line(&format!(
            "{} · {}",
            cap.final_url,
            S::captured(
                &cap.captured_at.format("%Y-%m-%d %H:%M").to_string(),
                cap.status
            )
        )),
        lines,
        scroll: 0,
    });
}

/// A capture's text: the WARC response payload decoded, its article
/// extracted when it is HTML, else the decoded text as it is.
pub fn captured_text(warc: &[u8], content_type: &str, url: &str) -> Option<String> {
    use crate::web::{decode, extract, warc as w};
    let records = w::read_records(warc).ok()?;
    let payload = w::response_payload(&records)?;
    let ct = (!content_type.is_empty()).then_some(content_type);
    let text = decode::decode_html(payload, ct);
    let html = content_type.contains("html") || text.trim_start().starts_with('<');
    let extracted = url::Url::parse(url)
        .ok()
        .filter(|_| html)
        .and_then(|u| extract::extract(&text, &u).ok())
        .map(|e| extract::article_text(&e));
    Some(extracted.unwrap_or(text))
}

/// `o` outside a merge conflict: the focused evidence item's address, in
/// the browser.
fn open_evidence_url(m: &mut Model, t: &Focused) -> Vec<Effect> {
    let url = m
        .open
        .as_ref()
        .and_then(|o| o.claim.as_ref())
        .filter(|f| f.pane == ClaimPane::Evidence)
        .and_then(|f| t.value.as_ref().and_then(|c| c.evidence.get(f.evidence)))
        .map(|e| e.url.clone())
        .filter(|u| crate::model::web_url(u).is_ok());
    match url {
        Some(u) => {
            info(m, S::opening(&one_line(&u)));
            vec![Effect::OpenUrl(u)]
        }
        None => {
            info(m, S::NO_URL_FOCUSED);
            Vec::new()
        }
    }
}

/// Runs the mutation a form asks for: `Ok(true)` when it committed,
/// `Ok(false)` when `ops` refused (the notice says why), `Err` when the form
/// cannot be saved as typed.
fn save_form(
    m: &mut Model,
    f: &Form,
    case: &CaseId,
    claim: Option<&ClaimId>,
) -> Result<bool, Error> {
    let v0 = f.value(0);
    let committed = match (&f.kind, claim) {
        (FormKind::Evidence, Some(cl)) => {
            let req = evidence_request(f)?;
            commit_with(m, |s| s.add_evidence(case, cl, req)).is_some()
        }
        (FormKind::Note, Some(cl)) => {
            let req = SetRequest {
                note: Some(v0),
                ..SetRequest::default()
            };
            commit_with(m, |s| s.set(case, cl, &req)).is_some()
        }
        (FormKind::Skip { step }, Some(cl)) => {
            commit_step(m, case, cl, step, StepState::Skipped, Some(&v0))
        }
        (FormKind::Na { step }, Some(cl)) => {
            if v0.trim().is_empty() {
                return Err(Error::Form(S::NA_NEEDS_NOTE));
            }
            commit_step(m, case, cl, step, StepState::NotApplicable, Some(&v0))
        }
        (FormKind::ReRequest, Some(cl)) => {
            let note = Some(v0.trim()).filter(|n| !n.is_empty());
            commit_with(m, |s| s.request_review_again(case, cl, note)).is_some()
        }
        (FormKind::StepNote { step, state }, Some(cl)) => {
            let st = StepState::parse(state).unwrap_or(StepState::Pending);
            commit_with(m, |s| s.step(case, cl, step, st, Some(&v0))).is_some()
        }
        (FormKind::Dismiss, Some(cl)) => commit_with(m, |s| s.dismiss(case, cl, &v0)).is_some(),
        (FormKind::Review, Some(cl)) => {
            let decision = if v0 == "approve" {
                ReviewDecision::Approve
            } else {
                ReviewDecision::RequestChanges
            };
            let note = f.value(1);
            let note = Some(note.trim()).filter(|n| !n.is_empty());
            commit_with(m, |s| s.review(case, cl, decision, note)).is_some()
        }
        (FormKind::Assign, Some(cl)) => {
            commit_with(m, |s| s.assign_claim(case, cl, v0.trim(), false)).is_some()
        }
        (FormKind::AddClaim { start, end }, None) => {
            add_claim(m, case, *start, *end, &v0).is_some()
        }
        (FormKind::EditEvidence { n }, Some(cl)) => {
            let edit = evidence_edit(f)?;
            commit_with(m, |s| s.edit_evidence(case, cl, *n, &edit)).is_some()
        }
        (FormKind::Attribution, Some(cl)) => {
            let req = attribution_request(f)?;
            commit_with(m, |s| s.set(case, cl, &req)).is_some()
        }
        _ => return Err(Error::Form(S::FORM_MISPLACED)),
    };
    Ok(committed)
}

/// After `y`: withdraws the item of the withdrawal form. Refused, the form
/// comes back with the reason and the note typed.
fn withdraw(m: &mut Model, f: Form) {
    let (Some((case, Some(claim))), FormKind::WithdrawEvidence { n }) =
        (parse_target(&f.target), &f.kind)
    else {
        return;
    };
    let note = f.value(0);
    if commit(m, |s| s.withdraw_evidence(&case, &claim, *n, note.trim())) {
        delete_draft(m, &f);
    } else {
        let mut f = f;
        f.error = m.notice.as_ref().map(|n| n.text.clone());
        m.overlay = Overlay::Form(Box::new(f));
    }
}

/// The correction a correction form describes: only the fields changed
/// from what was prefilled, and the note that says why.
fn evidence_edit(f: &Form) -> Result<EvidenceEdit, Error> {
    let note = f.value(6);
    if note.trim().is_empty() {
        return Err(Error::Form(S::EVIDENCE_NEEDS_NOTE));
    }
    let changed = |i: usize| {
        let v = f.value(i);
        (f.initial.get(i) != Some(&v)).then_some(v)
    };
    let edit = EvidenceEdit {
        url: changed(0),
        kind: changed(1).and_then(|k| EvidenceKind::parse(&k)),
        description: changed(2),
        archive: changed(3),
        stance: changed(4).and_then(|s| Stance::parse(&s)),
        excerpt: changed(5),
        note,
    };
    let none = edit.url.is_none()
        && edit.kind.is_none()
        && edit.description.is_none()
        && edit.archive.is_none()
        && edit.stance.is_none()
        && edit.excerpt.is_none();
    if none {
        return Err(Error::Form(S::NOTHING_CORRECTED));
    }
    Ok(edit)
}

/// The one `set` an attribution form saves: speaker, anonymity, English
/// rendering and chain, each only when changed, so a save is one commit.
fn attribution_request(f: &Form) -> Result<SetRequest, Error> {
    let hops = f.hops();
    if hops.iter().any(|h| h.trim().is_empty()) {
        return Err(Error::Form(S::EMPTY_HOP));
    }
    let before = |i: usize| f.initial.get(i).cloned().unwrap_or_default();
    let old_hops: Vec<String> = f.initial.iter().skip(Form::FIRST_HOP).cloned().collect();
    let speaker = f.value(0);
    let req = SetRequest {
        speaker: (speaker != before(0)).then(|| speaker.trim().to_string()),
        anonymous: (f.value(1) != before(1)).then(|| f.value(1) == "yes"),
        chain: (hops != old_hops).then(|| hops.iter().map(|h| h.trim().to_string()).collect()),
        translation: (f.value(2) != before(2)).then(|| f.value(2).trim().to_string()),
        ..SetRequest::default()
    };
    if req.speaker.is_none()
        && req.anonymous.is_none()
        && req.chain.is_none()
        && req.translation.is_none()
    {
        return Err(Error::Form(S::UNCHANGED));
    }
    Ok(req)
}

/// The evidence item an evidence form describes.
fn evidence_request(f: &Form) -> Result<EvidenceRequest, Error> {
    let opt = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let url = opt(f.value(0));
    let kind = EvidenceKind::parse(&f.value(1));
    let description = opt(f.value(2));
    let file = opt(f.value(6)).map(std::path::PathBuf::from);
    // Without an address or a file, the kind and the description say what
    // the item is; a web page always has its address.
    let described = description.is_some() && kind.is_some_and(|k| k != EvidenceKind::WebPage);
    if url.is_none() && file.is_none() && !described {
        return Err(Error::Form(S::URL_REQUIRED));
    }
    Ok(EvidenceRequest {
        kind,
        url,
        description,
        archive: opt(f.value(3)),
        stance: Stance::parse(&f.value(4)).unwrap_or(Stance::Context),
        excerpt: opt(f.value(5)),
        file,
        accessed: None,
        capture: None,
    })
}

/// Adds the selected span `start..end` as a claim of kind `kind`, telling
/// `ops` which occurrence was meant when the same text appears twice.
fn add_claim(
    m: &mut Model,
    case: &CaseId,
    start: usize,
    end: usize,
    kind: &str,
) -> Option<Committed> {
    let article = m
        .open
        .as_ref()
        .map(|o| o.bundle.article.clone())
        .unwrap_or_default();
    let text = article.get(start..end).unwrap_or("");
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let hits: Vec<usize> = article.match_indices(trimmed).map(|(i, _)| i).collect();
    let occurrence = if hits.len() > 1 {
        hits.iter().position(|&h| h == start + lead).map(|p| p + 1)
    } else {
        None
    };
    let kind = ClaimKind::parse(kind);
    commit_with(m, |s| s.add_claim(case, trimmed, kind, occurrence))
}

/// After a form was saved: close it, forget its draft, and follow what it
/// changed (select the new claim; after a skip, the next pending step).
fn form_saved(m: &mut Model, f: &Form) {
    delete_draft(m, f);
    m.overlay = Overlay::None;
    if let FormKind::AddClaim { start, .. } = f.kind {
        if let Some(o) = &mut m.open {
            o.span = None;
            if let Some(p) = o.order.iter().position(|&i| {
                o.bundle.claims[i]
                    .value
                    .as_ref()
                    .is_some_and(|c| c.location.start >= start)
            }) {
                o.sel = p;
                o.follow = true;
            }
        }
    }
    if matches!(f.kind, FormKind::Skip { .. } | FormKind::Na { .. }) {
        advance_step(m);
    }
}

/// Runs one `ops` mutation; reports, reloads, returns whether it committed.
fn commit(m: &mut Model, f: impl FnOnce(&Session) -> Result<Committed, OpsError>) -> bool {
    commit_with(m, f).is_some()
}

/// Runs one `ops` mutation against what is on screen, reloads, and puts
/// the outcome in the notice; returns the commit, or `None` when refused.
fn commit_with(
    m: &mut Model,
    f: impl FnOnce(&Session) -> Result<Committed, OpsError>,
) -> Option<Committed> {
    if let Some(r) = m.refusal() {
        error(m, S::read_only(&r));
        return None;
    }
    // What the editor has on screen: a change made from it to a claim
    // someone changed meanwhile is refused instead of written over.
    let seen = m.open.as_ref().map(|o| {
        o.bundle
            .claims
            .iter()
            .map(|c| (c.rel.clone(), c.raw.clone()))
            .collect()
    });
    let s = m.session.as_mut()?;
    s.seen = seen;
    let result = f(s);
    s.seen = None;
    let queued: Vec<String> = m
        .notices
        .lock()
        .map(|mut q| q.drain(..).collect())
        .unwrap_or_default();
    match result {
        Ok(c) => {
            m.reload_open();
            let mut line = S::committed(&one_line(&c.subject), &c.commit);
            for n in queued.iter().chain(&c.notices) {
                line.push_str(" · ");
                line.push_str(&one_line(n));
            }
            info(m, line);
            Some(c)
        }
        Err(e) => {
            refused(m, e);
            None
        }
    }
}

/// Reports why `ops` refused a change (reloading when the files changed
/// under the screen, going read-only when git is busy).
fn refused(m: &mut Model, e: OpsError) {
    match e {
        OpsError::Store(StoreError::ChangedOnDisk(p)) => {
            let changed = m.reload_open();
            let name = if changed.is_empty() {
                m.ws.rel(&p)
            } else {
                changed.join(", ")
            };
            error(m, S::refused_changed(&one_line(&name)));
        }
        OpsError::ChangedSinceOpened(what) => {
            m.reload_open();
            error(m, S::refused_changed_since_opened(&one_line(&what)));
        }
        e => {
            if let OpsError::Git(crate::git::GitError::Busy(_)) = &e {
                m.read_only = Some(one_line(&e.to_string()));
            }
            error(m, tui_line(&e));
        }
    }
}

/// Once a second: reload the open case if its files changed on disk,
/// follow the repository's state, save drafts, load more summaries.
/// Finding the open case's earlier matches, when it is open and they are
/// not known (or its files changed): at most one worker at a time.
fn find_seen(m: &mut Model) -> Option<Effect> {
    let o = m.open.as_ref()?;
    let current = m.seen.case.as_ref() == Some(&o.id) && !m.seen.stale;
    if m.seen.loading || current {
        return None;
    }
    let (queries, lang) = seen_queries(o);
    if m.seen.stale {
        // Its files changed (a commit here, a pull): the index too.
        m.seen.index = None;
    }
    m.seen.loading = true;
    m.seen.stale = false;
    Some(Effect::FindSeen {
        case: o.id.clone(),
        queries,
        lang,
        index: m.seen.index.clone(),
    })
}

/// The claims of an open case worth matching (parsed, not dismissed) and
/// the case's language.
fn seen_queries(o: &super::app::OpenCase) -> (Vec<super::seen::Query>, Option<String>) {
    let lang = o
        .bundle
        .case
        .as_ref()
        .ok()
        .map(|d| d.value.language.clone());
    let qs = o
        .bundle
        .claims
        .iter()
        .filter_map(|d| {
            let c = d.value.as_ref()?;
            c.dismissed.is_none().then(|| super::seen::Query {
                claim: d.id.to_string(),
                text: c.text.clone(),
                translation: c.translation.clone(),
                figures: c.figures.clone(),
            })
        })
        .collect();
    (qs, lang)
}

/// The matches found: kept when they are the open case's (else the next
/// tick finds the open case's).
fn seen_found(m: &mut Model, case: crate::model::CaseId, result: Result<SeenResult, String>) {
    m.seen.loading = false;
    match result {
        Ok((index, matches)) => {
            m.seen.index = Some(index);
            m.seen.problem = None;
            if m.open.as_ref().is_some_and(|o| o.id == case) {
                m.seen.case = Some(case);
                m.seen.matches = matches;
            }
        }
        Err(why) => {
            // Not asked again until the case changes: the panel says why.
            m.seen.problem = Some(one_line(&why));
            m.seen.case = Some(case);
            m.seen.matches.clear();
        }
    }
}

pub fn tick(m: &mut Model) {
    save_draft(m);
    if m.session.is_some() {
        // A few `stat` calls; the index is read only after git changed it.
        match m.idle_watch.as_mut().and_then(|w| w.poll(m.ws.root())) {
            Some(Err(e)) => m.read_only = Some(one_line(&e.to_string())),
            Some(Ok(())) => m.read_only = None,
            None => {}
        }
    }
    m.refresh_conflicts();
    // Not while the case index loads: its worker brings the last-change
    // summary up to date first, so reading it here never walks history.
    let loading = matches!(m.cases.index, IndexLoad::NotStarted | IndexLoad::Loading)
        && m.cases.problem.is_none();
    if !loading && m.cases.last_change.refresh_if_stale(&m.ws, &m.cases.names) {
        let l = &mut m.cases;
        for (s, name) in l.summaries.iter_mut().zip(&l.names) {
            if let Some(s) = s {
                s.case.changed = l.last_change.get(name);
            }
        }
    }
    if let Some(o) = &m.open {
        if super::data::fingerprint(&m.ws, &o.id) != o.fingerprint {
            let changed = m.reload_open();
            if !changed.is_empty() {
                m.notice = Some(Notice {
                    text: S::changed_on_disk(&one_line(&changed.join(", "))),
                    level: Level::Warn,
                });
            }
        }
    }
    // The case list follows the disk too: new or removed cases (a pull),
    // and fresh summaries for the rows on screen (reloaded before drawing).
    if m.screen == Screen::CaseList {
        // Stamped before listing, so a change while listing shows next time.
        let stamp = crate::ops::case_index::cases_dir_stamp(&m.ws);
        let listing = (stamp.is_none() || stamp != m.cases.listed).then(|| m.ws.case_dirs());
        m.cases.listed = stamp;
        match listing {
            Some(Ok(names)) if names != m.cases.names => {
                m.reload_case_names();
                info(m, "the list of cases changed on disk (reloaded)");
            }
            _ => {
                let rows = super::layout::case_rows(m.size);
                let on_screen: Vec<usize> = m
                    .cases
                    .visible
                    .iter()
                    .skip(m.cases.offset)
                    .take(rows)
                    .copied()
                    .collect();
                let mut stale = false;
                for i in on_screen {
                    let Ok(id) = CaseId::new(&m.cases.names[i]) else {
                        continue;
                    };
                    let now = super::data::fingerprint(&m.ws, &id);
                    if m.cases.stamps.get(i).and_then(Option::as_ref) != Some(&now) {
                        if let Some(s) = m.cases.summaries.get_mut(i) {
                            *s = None;
                            stale = true;
                        }
                    }
                }
                if stale {
                    // Files changed (a commit, a pull): so may their last change.
                    m.cases.last_change.refresh(&m.ws, &m.cases.names);
                }
            }
        }
    }
}

/// Fills the rows not loaded yet from the case index (rows on screen were
/// read directly for the first frame and are kept), so the filter matches
/// every title.
fn cases_loaded(m: &mut Model, r: Result<Vec<(String, Summary)>, String>) {
    let loading = m
        .notice
        .as_ref()
        .is_some_and(|n| n.text.starts_with(S::LOADING_CASES));
    if loading {
        m.notice = None;
    }
    match r {
        Ok(rows) => {
            for (name, s) in rows {
                // `names` is sorted (one readdir, then sorted).
                if let Ok(i) = m.cases.names.binary_search(&name) {
                    if let Some(slot @ None) = m.cases.summaries.get_mut(i) {
                        *slot = Some(s);
                    }
                }
            }
            if m.cases.index == IndexLoad::Loading {
                m.cases.index = IndexLoad::Loaded;
            }
            if !m.cases.filter.is_empty() {
                m.apply_filter();
            }
        }
        // Rows on screen still load one by one; say why the rest do not.
        Err(e) => {
            m.cases.index = IndexLoad::Loaded;
            error(m, one_line(&e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A form is checked before anything is committed: an evidence form
    /// without a URL is refused with words from `strings`.
    #[test]
    fn evidence_form_needs_a_url() {
        let mut f = Form::evidence("a-case/c01".into());
        assert!(matches!(
            evidence_request(&f),
            Err(Error::Form(S::URL_REQUIRED))
        ));
        f.set_focused_text("  https://example.org/report  ");
        let req = evidence_request(&f).expect("a URL is enough");
        assert_eq!(req.url.as_deref(), Some("https://example.org/report"));
        assert_eq!(req.archive, None);
        assert_eq!(req.stance, Stance::Supports);
    }

    /// Issue 9: without a URL, a kind other than a web page and a
    /// description make an item (an interview).
    #[test]
    fn evidence_form_takes_a_described_item_without_a_url() {
        let mut f = Form::evidence("a-case/c01".into());
        f.focus = 2;
        f.set_focused_text("phone interview with the spokesperson");
        assert!(matches!(
            evidence_request(&f),
            Err(Error::Form(S::URL_REQUIRED))
        ));
        f.focus = 1;
        for _ in 0..2 {
            f.input(KeyEvent::from(KeyCode::Right));
        }
        let req = evidence_request(&f).expect("kind and description are enough");
        assert_eq!(req.kind, Some(EvidenceKind::Interview));
        assert_eq!(req.url, None);
        assert_eq!(
            req.description.as_deref(),
            Some("phone interview with the spokesperson")
        );
    }
}
