//! The one `Model` of the TUI: everything a frame shows, and nothing else.
//! `update` changes it; views only read it.

use super::article::{ArticleLayout, Mark};
use super::data::{self, Fingerprint, Summary};
use super::error::{ops_line, Error};
use super::form::Form;
use super::keymap;
use super::layout;
use crate::check::Context;
use crate::git::history::Entry;
use crate::model::{CaseId, Checklist, ChecklistStep, Claim, ClaimId, StepState};
use crate::ops::{self, CaseBundle, Session};
use crate::store::Workspace;
use std::time::SystemTime;

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    CaseList,
    Case,
    Claim,
}

/// Info, warning or error line above the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub level: Level,
}

/// Severity of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// The case list.
#[derive(Debug, Clone, Default)]
pub struct CaseListState {
    /// Case folder names, sorted.
    pub names: Vec<String>,
    /// Summaries, loaded lazily (rows on screen first, the rest on ticks).
    pub summaries: Vec<Option<Summary>>,
    /// The fingerprint of each case folder when its summary was loaded: a
    /// tick re-reads a row on screen only when its files changed.
    pub stamps: Vec<Option<Fingerprint>>,
    /// The `cases/` folder's stamp when `names` was listed
    /// ([`crate::ops::case_index::cases_dir_stamp`]): an idle tick lists the
    /// folder again only when it changed.
    pub listed: Option<(u64, u64, u64)>,
    /// Indices into `names` that pass the filter.
    pub visible: Vec<usize>,
    /// Selected row (index into `visible`).
    pub sel: usize,
    /// First row on screen.
    pub offset: usize,
    /// The filter text.
    pub filter: String,
    /// Typing into the filter.
    pub filtering: bool,
    /// Why the list could not be read.
    pub problem: Option<String>,
    /// Each case's last change, from git.
    pub last_change: crate::ops::read::LastChanges,
    /// Where the case index load stands: it fills every row at once.
    pub index: IndexLoad,
}

/// The case index load behind the case list (`ops::case_index`): started
/// by the first tick after the names are listed, off the render path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IndexLoad {
    /// Not asked for yet (or the names changed since).
    #[default]
    NotStarted,
    /// Reading in the background.
    Loading,
    /// Rows filled.
    Loaded,
}

/// Focused pane of the case view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasePane {
    Claims,
    Article,
}

/// Focused pane of the claim view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimPane {
    Steps,
    Evidence,
    Notes,
}

/// The claim being walked through.
#[derive(Debug, Clone)]
pub struct ClaimFocus {
    /// Index into `bundle.claims`.
    pub idx: usize,
    pub pane: ClaimPane,
    /// Selected checklist step.
    pub step: usize,
    /// Selected evidence item.
    pub evidence: usize,
    /// Scroll of the right-hand detail pane (step guidance, evidence, notes).
    pub notes_scroll: usize,
}

/// The history overlay.
#[derive(Debug, Clone)]
pub struct HistoryPane {
    /// What it is the history of ("case" or "c03").
    pub title: String,
    /// `None` while loading.
    pub entries: Option<Result<Vec<Entry>, String>>,
    pub scroll: usize,
}

/// A read-only text on screen (a captured page's text), scrolled.
#[derive(Debug, Clone)]
pub struct Pager {
    /// What it shows (the address, cleaned).
    pub title: String,
    /// The lines, each already made safe for the terminal.
    pub lines: Vec<String>,
    pub scroll: usize,
}

/// An open case.
#[derive(Debug, Clone)]
pub struct OpenCase {
    pub id: CaseId,
    pub bundle: CaseBundle,
    /// Claim indices (into `bundle.claims`) in article order.
    pub order: Vec<usize>,
    /// Selected row of `order`.
    pub sel: usize,
    pub focus: CasePane,
    /// Claim marks, sorted by start.
    pub marks: Vec<Mark>,
    /// Wrapped article for the current width (computed in `prepare`).
    pub layout: Option<ArticleLayout>,
    /// First article line on screen.
    pub scroll: usize,
    /// Scroll the article to the selected claim at the next `prepare`.
    pub follow: bool,
    /// A span being selected to add as a claim.
    pub span: Option<(usize, usize)>,
    /// What the files looked like when loaded.
    pub fingerprint: Fingerprint,
    /// The claim view, when open.
    pub claim: Option<ClaimFocus>,
}

/// A list to pick one value from.
#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: PickKind,
    pub title: String,
    /// (value, label, why it is refused).
    pub options: Vec<(String, String, Option<String>)>,
    pub sel: usize,
    /// The option that is the current value (marked `●`; the picker
    /// starts on it).
    pub current: Option<usize>,
}

/// What a picker sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    Status,
    Attribution,
    Kind,
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    DiscardForm,
    /// Withdraw the evidence item of the form kept underneath.
    WithdrawEvidence,
    /// Restore a dismissed proposal of the open case.
    Restore {
        claim: ClaimId,
        /// Why it was dismissed (shown in the question).
        reason: String,
    },
}

/// What sits on top of the screen.
#[derive(Debug, Clone, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The keys of the screen underneath, scrolled by this many rows.
    Help(usize),
    Form(Box<Form>),
    Picker(Picker),
    History(HistoryPane),
    /// A captured page's text.
    Pager(Pager),
    /// A question, with the form it is about kept underneath.
    Confirm(Confirm, Option<Box<Form>>),
}

/// Everything the TUI shows.
pub struct Model {
    pub ws: Workspace,
    /// `None` when the workspace config is invalid or git has no identity:
    /// read-only then.
    pub session: Option<Session>,
    /// Rules and checklists (loaded even when invalid, for display).
    pub ctx: Context,
    /// Why changes are refused right now, if they are.
    pub read_only: Option<String>,
    pub screen: Screen,
    pub cases: CaseListState,
    pub open: Option<OpenCase>,
    pub overlay: Overlay,
    pub notice: Option<Notice>,
    /// Terminal size.
    pub size: (u16, u16),
    /// Colours allowed (`NO_COLOR` unset).
    pub color: bool,
    /// "Now" for "3 min ago".
    pub now: SystemTime,
    pub quit: bool,
    /// Where drafts of half-typed forms are kept.
    pub drafts_dir: Option<std::path::PathBuf>,
    /// Conflicted files of an unfinished merge or rebase, both sides in
    /// factdesk's terms; refreshed while the repository is busy.
    pub conflicts: Vec<crate::ops::conflicts::Conflict>,
    /// Messages from the session while it committed (an interrupted change
    /// repaired), shown with the result.
    pub notices: Notices,
    /// Notices a merge or rebase starting or ending by a few `stat` calls a
    /// tick; `None` outside a repository.
    pub idle_watch: Option<crate::git::IdleWatch>,
    /// The last step change made from this screen, so `u` can undo it.
    pub last_step: Option<StepUndo>,
    /// Seen before: earlier claims like the open case's (loaded off the
    /// UI thread).
    pub seen: super::seen::Seen,
}

/// What `u` restores: a step of a claim as it was before the last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepUndo {
    pub case: CaseId,
    pub claim: ClaimId,
    pub step: String,
    /// The state and note before the change.
    pub state: StepState,
    pub note: String,
    /// The state the change set (to say what is undone).
    pub to: StepState,
}

/// A queue the session's notifier fills and the status line drains.
pub type Notices = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

impl Model {
    /// Opens the workspace. Never fails: problems make it read-only.
    pub fn new(ws: Workspace) -> Self {
        let mut warnings = Vec::new();
        let ctx = ops::read::context(&ws, &mut |w| warnings.push(w));
        let notices: Notices = Default::default();
        let (session, mut read_only) = match Session::open(ws.clone()) {
            Ok(mut s) => {
                // Never stderr: it would write over the screen.
                let queue = notices.clone();
                s.notify = std::sync::Arc::new(move |msg: &str| {
                    if let Ok(mut q) = queue.lock() {
                        q.push(msg.to_string());
                    }
                });
                (Some(s), None)
            }
            Err(e) => (None, Some(ops_line(&e))),
        };
        // Conflicts left in the index are left to the first tick, right
        // after the first frame: finding them reads the whole index.
        if read_only.is_none() {
            if let Err(e) = crate::git::ensure_no_operation(ws.root())
                .and_then(|_| crate::git::ensure_on_branch(ws.root()))
            {
                read_only = Some(e.to_string());
            }
        }
        let idle_watch = crate::git::IdleWatch::new(ws.root()).ok();
        let drafts_dir = crate::git::git_dir(ws.root())
            .ok()
            .map(|d| d.join("factdesk-drafts"));
        let mut m = Model {
            ws,
            session,
            ctx,
            read_only,
            screen: Screen::CaseList,
            cases: CaseListState::default(),
            open: None,
            overlay: Overlay::None,
            notice: (!warnings.is_empty()).then(|| Notice {
                text: warnings.join(" · "),
                level: Level::Warn,
            }),
            size: (80, 24),
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            now: SystemTime::now(),
            quit: false,
            drafts_dir,
            conflicts: Vec::new(),
            notices,
            idle_watch,
            last_step: None,
            seen: Default::default(),
        };
        m.refresh_conflicts();
        m.reload_case_names();
        m
    }

    /// Re-reads the conflicted files when a merge or rebase is in progress
    /// (cheap: the index's conflict entries), clears them otherwise.
    pub fn refresh_conflicts(&mut self) {
        self.conflicts = if self.read_only.is_some() {
            crate::ops::conflicts::list(&self.ws).unwrap_or_default()
        } else {
            Vec::new()
        };
    }

    /// The conflict on `case/claim`, if its file is conflicted.
    pub fn conflict_of(&self, target: &str) -> Option<&crate::ops::conflicts::Conflict> {
        self.conflicts
            .iter()
            .find(|c| c.claim.as_deref() == Some(target))
    }

    /// Re-reads the folder names of `cases/` (cheap: one readdir).
    pub fn reload_case_names(&mut self) {
        match self.ws.case_dirs() {
            Ok(names) => {
                self.cases.summaries = vec![None; names.len()];
                self.cases.stamps = vec![None; names.len()];
                // Read from git on the next tick, after the frame.
                self.cases.last_change.invalidate();
                self.cases.names = names;
                self.cases.problem = None;
                self.cases.index = IndexLoad::NotStarted;
            }
            Err(e) => {
                self.cases.names.clear();
                self.cases.summaries.clear();
                self.cases.stamps.clear();
                self.cases.problem = Some(e.to_string());
            }
        }
        self.apply_filter();
    }

    /// Recomputes the visible rows from the filter.
    pub fn apply_filter(&mut self) {
        let f = self.cases.filter.to_lowercase();
        let l = &self.cases;
        self.cases.visible = (0..l.names.len())
            .filter(|&i| {
                f.is_empty()
                    || l.names[i].to_lowercase().contains(&f)
                    || l.summaries[i].as_ref().is_some_and(|s| {
                        s.title.to_lowercase().contains(&f)
                            || s.outlet
                                .as_ref()
                                .is_some_and(|o| o.to_lowercase().contains(&f))
                    })
            })
            .collect();
        self.cases.sel = self
            .cases
            .sel
            .min(self.cases.visible.len().saturating_sub(1));
    }

    /// Is `status` a decision (verdict or not-checkable)?
    pub fn is_decided(&self, status: &str) -> bool {
        self.ctx.config.verdict_scale.is_decided(status)
    }

    /// Loads the summary of case row `i` if not loaded yet.
    pub fn ensure_summary(&mut self, i: usize) {
        if self.cases.summaries.get(i).is_some_and(Option::is_none) {
            let name = &self.cases.names[i];
            // Stamped before reading: a change while it reads is seen later.
            let stamp = CaseId::new(name)
                .ok()
                .map(|id| data::fingerprint(&self.ws, &id));
            let mut s = data::summary(&self.ws, name, &self.ctx.config.verdict_scale);
            s.case.changed = self.cases.last_change.get(name);
            self.cases.summaries[i] = Some(s);
            if let Some(slot) = self.cases.stamps.get_mut(i) {
                *slot = stamp;
            }
        }
    }

    /// Body rows available to lists at the current size.
    pub fn list_rows(&self) -> usize {
        (self.size.1 as usize).saturating_sub(6).max(1)
    }

    /// Work that must happen before drawing (drawing itself never
    /// mutates): load summaries of rows on screen, wrap the article for the
    /// current width, keep selections in view.
    pub fn prepare(&mut self) {
        let rows = layout::case_rows(self.size);
        let l = &mut self.cases;
        if l.sel < l.offset {
            l.offset = l.sel;
        } else if l.sel >= l.offset + rows {
            l.offset = l.sel + 1 - rows;
        }
        let range: Vec<usize> = l
            .visible
            .iter()
            .skip(l.offset)
            .take(rows)
            .copied()
            .collect();
        for i in range {
            self.ensure_summary(i);
        }
        let (aw, ah) = layout::article_area_size(self.size);
        if let Some(open) = &mut self.open {
            let need = open.layout.as_ref().is_none_or(|l| l.width != aw.max(8));
            if need {
                let bundle = &open.bundle;
                let mw = |c: usize| layout::marker_width(bundle, c);
                open.layout = Some(ArticleLayout::new(&bundle.article, &open.marks, &mw, aw));
            }
            if let Some(lay) = &open.layout {
                if let Some((s, _)) = open.span {
                    let line = lay.line_of_offset(s);
                    if line < open.scroll || line >= open.scroll + ah {
                        open.scroll = line.saturating_sub(2);
                    }
                } else if open.follow {
                    if let Some(&ci) = open.order.get(open.sel) {
                        if let Some(line) = lay.line_of_claim(ci) {
                            if line < open.scroll || line + 2 >= open.scroll + ah {
                                open.scroll = line.saturating_sub(ah / 3);
                            }
                        }
                    }
                }
                open.follow = false;
                open.scroll = open.scroll.min(lay.lines.len().saturating_sub(1));
            }
        }
    }

    /// Loads a case.
    pub fn open_case(&mut self, id: &CaseId) -> Result<(), Error> {
        let bundle = ops::read::open_case(&self.ws, id)?;
        let fingerprint = data::fingerprint(&self.ws, id);
        let mut oc = OpenCase {
            id: id.clone(),
            bundle,
            order: Vec::new(),
            sel: 0,
            focus: CasePane::Claims,
            marks: Vec::new(),
            layout: None,
            scroll: 0,
            follow: true,
            span: None,
            fingerprint,
            claim: None,
        };
        index_claims(&mut oc);
        self.open = Some(oc);
        self.screen = Screen::Case;
        Ok(())
    }

    /// Re-reads the open case, keeping the selection and the claim view.
    /// Returns the ids of claims whose files changed.
    pub fn reload_open(&mut self) -> Vec<String> {
        let Some(open) = &mut self.open else {
            return Vec::new();
        };
        let bundle = match ops::read::open_case(&self.ws, &open.id) {
            Ok(b) => b,
            Err(e) => {
                self.notice = Some(Notice {
                    text: ops_line(&e),
                    level: Level::Error,
                });
                return Vec::new();
            }
        };
        let mut changed = Vec::new();
        let old_case = open.bundle.case.as_ref().ok().map(|d| d.raw.clone());
        if bundle.case.as_ref().ok().map(|d| d.raw.clone()) != old_case {
            changed.push("case.yaml".to_string());
        }
        if bundle.article != open.bundle.article {
            changed.push("article.txt".to_string());
        }
        for c in &bundle.claims {
            let old = open.bundle.claims.iter().find(|o| o.id == c.id);
            if old.is_none_or(|o| o.raw != c.raw) {
                changed.push(c.id.to_string());
            }
        }
        for o in &open.bundle.claims {
            if !bundle.claims.iter().any(|c| c.id == o.id) {
                changed.push(format!("{} (removed)", o.id));
            }
        }
        let sel_id = open
            .order
            .get(open.sel)
            .and_then(|&i| open.bundle.claims.get(i))
            .map(|c| c.id.clone());
        let claim_id = open
            .claim
            .as_ref()
            .and_then(|f| open.bundle.claims.get(f.idx))
            .map(|c| c.id.clone());
        open.bundle = bundle;
        open.fingerprint = data::fingerprint(&self.ws, &open.id);
        if !changed.is_empty() {
            self.seen.stale = true;
        }
        open.layout = None;
        index_claims(open);
        if let Some(id) = sel_id {
            if let Some(p) = open
                .order
                .iter()
                .position(|&i| open.bundle.claims[i].id == id)
            {
                open.sel = p;
            }
        }
        open.sel = open.sel.min(open.order.len().saturating_sub(1));
        if let (Some(f), Some(id)) = (&mut open.claim, claim_id) {
            match open.bundle.claims.iter().position(|c| c.id == id) {
                Some(i) => f.idx = i,
                None => {
                    open.claim = None;
                    self.screen = Screen::Case;
                }
            }
        }
        changed
    }

    /// The claim being walked through, when it parses.
    pub fn focused_claim(&self) -> Option<(&OpenCase, &ClaimFocus, &ClaimId, Option<&Claim>)> {
        let open = self.open.as_ref()?;
        let f = open.claim.as_ref()?;
        let doc = open.bundle.claims.get(f.idx)?;
        Some((open, f, &doc.id, doc.value.as_ref()))
    }

    /// The checklist definition a claim follows.
    pub fn checklist_of(&self, claim: &Claim) -> Option<&Checklist> {
        self.ctx.checklists.get(&claim.checklist.id).map(|(c, _)| c)
    }

    /// The definition of step `id` of a claim's checklist.
    pub fn step_def(&self, claim: &Claim, id: &str) -> Option<&ChecklistStep> {
        self.checklist_of(claim).and_then(|c| c.step(id))
    }

    /// Is the step `id` of the claim's checklist required? Unknown steps
    /// count as required (the checklist file changed: better to stop).
    pub fn step_required(&self, claim: &Claim, id: &str) -> bool {
        self.step_def(claim, id).is_none_or(|d| d.required)
    }

    /// Does the claim cite someone (a speaker or a chain) whose attribution
    /// is still unchecked? The walk-through asks for it before the verdict.
    pub fn attribution_open(&self, c: &Claim) -> bool {
        let cites = c
            .attribution
            .speaker
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
            || !c.attribution.chain.is_empty();
        cites && c.attribution.status == crate::model::AttributionStatus::Unchecked
    }

    /// The review of a claim, as the screens show it.
    pub fn review_of(&self, c: &Claim) -> super::review::Shown {
        super::review::of(c, &self.ctx.config.verdict_scale)
    }

    /// Is the claim still to be worked on: not dismissed, and changes
    /// requested, a required step pending, its attribution to decide or no
    /// decision yet? Pending optional steps do not count: they are offered,
    /// never waited for.
    pub fn claim_unfinished(&self, c: &Claim) -> bool {
        c.dismissed.is_none()
            && (matches!(
                self.review_of(c),
                super::review::Shown::ChangesRequested { .. }
            ) || !self.is_decided(&c.status)
                || self.attribution_open(c)
                || c.checklist
                    .steps
                    .iter()
                    .any(|s| s.state == StepState::Pending && self.step_required(c, &s.id)))
    }

    /// The key context the model is in (also picks the footer and help).
    pub fn context(&self) -> keymap::Context {
        use keymap::Context as K;
        match &self.overlay {
            Overlay::Help(_) => K::Help,
            Overlay::Form(_) => K::Form,
            Overlay::Picker(_) => K::Picker,
            Overlay::History(_) => K::History,
            Overlay::Pager(_) => K::Pager,
            Overlay::Confirm(..) => K::Confirm,
            Overlay::None => self.screen_context(),
        }
    }

    /// The key context of the screen, ignoring overlays (the help lists
    /// the keys of what it covers).
    pub fn screen_context(&self) -> keymap::Context {
        use keymap::Context as K;
        match self.screen {
            Screen::CaseList if self.cases.filtering => K::Filter,
            Screen::CaseList => K::CaseList,
            Screen::Case if self.open.as_ref().is_some_and(|o| o.span.is_some()) => K::SelectSpan,
            Screen::Case => K::CaseView,
            Screen::Claim => K::ClaimView,
        }
    }

    /// Changes are refused: why.
    pub fn refusal(&self) -> Option<String> {
        if let Some(r) = &self.read_only {
            return Some(r.clone());
        }
        if self.session.is_none() {
            return Some("the workspace cannot be opened for changes".into());
        }
        None
    }
}

/// Sorts claims into article order and computes the marks. Invariant
/// relied on by `update` and the views: every index in `order` and in
/// `marks` is an index into `bundle.claims`, because the three are only
/// ever replaced together (here), and every mark is a char-boundary span
/// inside the article.
pub fn index_claims(open: &mut OpenCase) {
    let claims = &open.bundle.claims;
    let mut order: Vec<usize> = (0..claims.len()).collect();
    let len = open.bundle.article.len();
    order.sort_by_key(|&i| {
        claims[i]
            .value
            .as_ref()
            .map_or((usize::MAX, i), |c| (c.location.start, i))
    });
    open.order = order;
    let mut marks: Vec<Mark> = claims
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let c = d.value.as_ref()?;
            let ok = c.location.start < c.location.end
                && c.location.end <= len
                && open.bundle.article.is_char_boundary(c.location.start)
                && open.bundle.article.is_char_boundary(c.location.end);
            ok.then_some(Mark {
                start: c.location.start,
                end: c.location.end,
                claim: i,
            })
        })
        .collect();
    marks.sort_by_key(|m| (m.start, m.claim));
    open.marks = marks;
}
