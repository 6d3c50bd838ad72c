//! The one table of keys per screen. The key handling in `update`, the
//! footer, the `?` overlay and `docs/tui.md` are all derived from it, so
//! they cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as the tables name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character (case-sensitive).
    Char(char),
    /// Ctrl plus a lowercase letter.
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    /// From a terminal key event; `None` for keys no table uses.
    pub fn from_event(ev: &KeyEvent) -> Option<Self> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        Some(match ev.code {
            KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => Key::BackTab,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            _ => return None,
        })
    }

    /// How the key is written in the footer, the help and the docs.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
        }
    }
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Filter,
    Reload,
    NextPane,
    PrevPane,
    /// Next unfinished step, or next unchecked claim, in article order.
    Next,
    History,
    StepDone,
    StepSkip,
    StepNa,
    StepReset,
    /// Undo the last step change made here (another commit).
    Undo,
    StepNote,
    AddEvidence,
    /// Correct the focused evidence item (a note says why).
    EditEvidence,
    /// Withdraw the focused evidence item (a note, then a question).
    WithdrawEvidence,
    /// Speaker, anonymity and chain of the claim.
    EditAttribution,
    /// Copy the evidence of the best earlier match ("seen before") onto
    /// this claim.
    CopySeenEvidence,
    /// Restore a dismissed proposal (asks first).
    Restore,
    /// Attribution form: a new hop after the focused one.
    HopAdd,
    /// Attribution form: remove the focused hop.
    HopRemove,
    /// Attribution form: move the focused hop outward.
    HopUp,
    /// Attribution form: move the focused hop inward.
    HopDown,
    Review,
    /// Ask for review again after answering a request for changes.
    RequestReview,
    /// Clear the focused text field of a form.
    ClearField,
    /// In a merge conflict: keep ours; else open the focused evidence
    /// item's address in the browser.
    KeepOurs,
    KeepTheirs,
    /// A new case from a web address or a file (a one-line form).
    NewCase,
    AddNote,
    EditorNote,
    Verdict,
    Attribution,
    Kind,
    Assign,
    Dismiss,
    SelectSpan,
    SelNext,
    SelPrev,
    SelExtend,
    SelShrink,
    SelStartLater,
    SelStartEarlier,
    Confirm,
    Submit,
    NextField,
    PrevField,
    Editor,
    Yes,
    No,
}

/// One row of a table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys (the first is the one the footer shows).
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// One line of help; footer rows are written `short|long`.
    pub help: &'static str,
    /// Shown in the footer.
    pub footer: bool,
}

/// Where the keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    CaseList,
    Filter,
    CaseView,
    SelectSpan,
    ClaimView,
    History,
    Pager,
    Picker,
    Form,
    Confirm,
    Help,
}

impl Context {
    /// Every context, in documentation order.
    pub const ALL: [Context; 11] = [
        Context::CaseList,
        Context::Filter,
        Context::CaseView,
        Context::SelectSpan,
        Context::ClaimView,
        Context::History,
        Context::Pager,
        Context::Picker,
        Context::Form,
        Context::Confirm,
        Context::Help,
    ];

    /// Heading in the help overlay and the docs.
    pub fn title(self) -> &'static str {
        match self {
            Context::CaseList => "Case list",
            Context::Filter => "Case list: typing a filter",
            Context::CaseView => "Case view (article and claims)",
            Context::SelectSpan => "Case view: selecting a span to add as a claim",
            Context::ClaimView => "Claim view (the guided walk-through)",
            Context::History => "History pane",
            Context::Pager => "Captured page (the text factdesk fetched)",
            Context::Picker => "Pickers (status, attribution, kind)",
            Context::Form => "Forms (evidence, attribution, notes, reasons)",
            Context::Confirm => "Questions",
            Context::Help => "Help overlay",
        }
    }
}

use Action as A;
use Key as K;

const fn b(keys: &'static [Key], action: Action, help: &'static str, footer: bool) -> Binding {
    Binding {
        keys,
        action,
        help,
        footer,
    }
}

const MOVE: [Binding; 6] = [
    b(&[K::Down, K::Char('j')], A::Down, "move down", false),
    b(&[K::Up, K::Char('k')], A::Up, "move up", false),
    b(
        &[K::PageDown, K::Ctrl('d')],
        A::PageDown,
        "page down",
        false,
    ),
    b(&[K::PageUp, K::Ctrl('u')], A::PageUp, "page up", false),
    b(&[K::Home, K::Char('g')], A::Top, "first", false),
    b(&[K::End, K::Char('G')], A::Bottom, "last", false),
];

static CASE_LIST: &[Binding] = &[
    b(
        &[K::Enter, K::Char('l')],
        A::Open,
        "open|open the case",
        true,
    ),
    b(
        &[K::Char('/')],
        A::Filter,
        "filter|filter by id, title or outlet",
        true,
    ),
    b(
        &[K::Char('N')],
        A::NewCase,
        "new|new case from a web address (fetched in the background) or a file",
        true,
    ),
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    MOVE[4],
    MOVE[5],
    b(&[K::Char('r')], A::Reload, "reload the list", false),
    b(&[K::Esc], A::Back, "clear the filter", false),
    b(&[K::Char('?')], A::Help, "help|all keys", true),
    b(&[K::Char('q'), K::Ctrl('c')], A::Quit, "quit|quit", true),
];

static FILTER: &[Binding] = &[
    b(
        &[K::Enter],
        A::Confirm,
        "keep|keep the filter and go back to the list",
        true,
    ),
    b(&[K::Esc], A::Back, "clear|clear the filter", true),
    b(&[K::Down], A::Down, "move down", false),
    b(&[K::Up], A::Up, "move up", false),
    b(&[K::Ctrl('c')], A::Quit, "quit", false),
];

static CASE_VIEW: &[Binding] = &[
    b(
        &[K::Enter, K::Char('l')],
        A::Open,
        "walk through|walk through the selected claim",
        true,
    ),
    b(
        &[K::Char('n')],
        A::Next,
        "next|next claim needing work (changes requested first, then article order)",
        true,
    ),
    b(
        &[K::Tab],
        A::NextPane,
        "pane|switch between claim list and article",
        true,
    ),
    b(&[K::BackTab], A::PrevPane, "switch pane back", false),
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    MOVE[4],
    MOVE[5],
    b(
        &[K::Char('a')],
        A::SelectSpan,
        "add claim|add a claim: select a span in the article",
        true,
    ),
    b(
        &[K::Char('x')],
        A::Dismiss,
        "dismiss|dismiss the selected proposal, with a reason",
        true,
    ),
    b(
        &[K::Char('A')],
        A::Assign,
        "assign the selected claim",
        false,
    ),
    b(
        &[K::Char('u')],
        A::Restore,
        "restore the selected dismissed proposal (asks first)",
        false,
    ),
    b(
        &[K::Char('H')],
        A::History,
        "history|history of the case (from git)",
        true,
    ),
    b(&[K::Char('r')], A::Reload, "reload from disk", false),
    b(
        &[K::Esc, K::Char('h')],
        A::Back,
        "back|back to the case list",
        true,
    ),
    b(&[K::Char('?')], A::Help, "help|all keys", true),
    b(&[K::Char('q'), K::Ctrl('c')], A::Quit, "quit|quit", true),
];

static SELECT_SPAN: &[Binding] = &[
    b(
        &[K::Char('j'), K::Down],
        A::SelNext,
        "next|next sentence",
        true,
    ),
    b(
        &[K::Char('k'), K::Up],
        A::SelPrev,
        "prev|previous sentence",
        true,
    ),
    b(
        &[K::Char('l'), K::Right],
        A::SelExtend,
        "longer|extend the end by a word",
        true,
    ),
    b(
        &[K::Char('h'), K::Left],
        A::SelShrink,
        "shorter|shrink the end by a word",
        true,
    ),
    b(
        &[K::Char('L')],
        A::SelStartLater,
        "move the start one word later",
        false,
    ),
    b(
        &[K::Char('H')],
        A::SelStartEarlier,
        "move the start one word earlier",
        false,
    ),
    b(
        &[K::Enter],
        A::Confirm,
        "add|add the selection as a claim",
        true,
    ),
    b(&[K::Esc], A::Back, "cancel|cancel", true),
    b(&[K::Char('?')], A::Help, "all keys", false),
];

static CLAIM_VIEW: &[Binding] = &[
    b(
        &[K::Char('n')],
        A::Next,
        "next|next required step, attribution, verdict, then next claim needing work",
        true,
    ),
    b(
        &[K::Char('d')],
        A::StepDone,
        "done|mark the step done",
        true,
    ),
    b(
        &[K::Enter],
        A::Open,
        "open the step's note, or the evidence item's captured page (✓)",
        false,
    ),
    b(
        &[K::Char('s')],
        A::StepSkip,
        "skip|skip the step (asks why)",
        true,
    ),
    b(
        &[K::Char('x')],
        A::StepNa,
        "n/a|step does not apply (asks why when required)",
        true,
    ),
    b(
        &[K::Char('u')],
        A::Undo,
        "undo|undo the last step change",
        true,
    ),
    b(&[K::Char('p')], A::StepReset, "step back to pending", false),
    b(&[K::Char('e')], A::StepNote, "edit the step's note", false),
    b(
        &[K::Char('a')],
        A::AddEvidence,
        "evidence|add evidence (a URL, or a kind and a description)",
        true,
    ),
    b(
        &[K::Char('c')],
        A::EditEvidence,
        "correct the selected evidence item (evidence pane; a note says why)",
        false,
    ),
    b(
        &[K::Char('w')],
        A::WithdrawEvidence,
        "withdraw the selected evidence item (evidence pane; why, then asks)",
        false,
    ),
    b(
        &[K::Char('C')],
        A::CopySeenEvidence,
        "copy the first \"Seen before\" match's evidence onto this claim (one commit)",
        false,
    ),
    b(
        &[K::Char('S')],
        A::EditAttribution,
        "edit speaker, anonymity, English rendering and the chain of hops",
        false,
    ),
    b(
        &[K::Char('v')],
        A::Verdict,
        "verdict|set the substance verdict (status)",
        true,
    ),
    b(
        &[K::Char('t')],
        A::Attribution,
        "attribution|set the attribution status",
        true,
    ),
    b(
        &[K::Char('R')],
        A::Review,
        "review the verdict: approve, or request changes (second editor)",
        false,
    ),
    b(
        &[K::Char('W')],
        A::RequestReview,
        "ask for review again, after answering a request for changes",
        false,
    ),
    b(&[K::Char('K')], A::Kind, "change the kind", false),
    b(
        &[K::Char('o')],
        A::KeepOurs,
        "open the evidence item's address in $BROWSER; in a merge conflict: keep ours",
        false,
    ),
    b(
        &[K::Char('T')],
        A::KeepTheirs,
        "merge conflict: keep theirs (in a rebase: your own)",
        false,
    ),
    b(&[K::Char('m')], A::AddNote, "add a note", false),
    b(
        &[K::Char('E')],
        A::EditorNote,
        "write a long note in $EDITOR",
        false,
    ),
    b(&[K::Char('A')], A::Assign, "assign the claim", false),
    b(
        &[K::Tab],
        A::NextPane,
        "next pane: checklist, evidence, notes",
        false,
    ),
    b(&[K::BackTab], A::PrevPane, "previous pane", false),
    MOVE[0],
    MOVE[1],
    b(
        &[K::PageDown, K::Ctrl('d')],
        A::PageDown,
        "scroll the right-hand pane down (long guidance, notes)",
        false,
    ),
    b(
        &[K::PageUp, K::Ctrl('u')],
        A::PageUp,
        "scroll the right-hand pane up",
        false,
    ),
    MOVE[4],
    MOVE[5],
    b(
        &[K::Char('H')],
        A::History,
        "history of the claim (from git)",
        false,
    ),
    b(&[K::Char('r')], A::Reload, "reload from disk", false),
    b(
        &[K::Esc, K::Char('h')],
        A::Back,
        "back|back to the case",
        true,
    ),
    b(&[K::Char('?')], A::Help, "help|all keys", true),
    b(&[K::Char('q'), K::Ctrl('c')], A::Quit, "quit|quit", true),
];

static HISTORY: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    b(
        &[K::Esc, K::Char('H'), K::Char('q')],
        A::Back,
        "close|close the history",
        true,
    ),
];

static PAGER: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    MOVE[4],
    MOVE[5],
    b(
        &[K::Esc, K::Char('q')],
        A::Back,
        "close|close the page",
        true,
    ),
];

static PICKER: &[Binding] = &[
    b(
        &[K::Enter],
        A::Confirm,
        "pick|pick (refused choices say why)",
        true,
    ),
    MOVE[0],
    MOVE[1],
    b(&[K::Esc], A::Back, "cancel|cancel", true),
    b(&[K::Ctrl('c')], A::Quit, "quit", false),
];

static FORM: &[Binding] = &[
    b(&[K::Ctrl('s')], A::Submit, "save|save and commit", true),
    b(
        &[K::Tab],
        A::NextField,
        "next field|next field (choice fields: next value with ←/→)",
        true,
    ),
    b(&[K::BackTab], A::PrevField, "previous field", false),
    b(&[K::Ctrl('u')], A::ClearField, "clear this field", false),
    b(
        &[K::Ctrl('o')],
        A::HopAdd,
        "attribution form: add a hop after this one",
        false,
    ),
    b(
        &[K::Ctrl('x')],
        A::HopRemove,
        "attribution form: remove this hop",
        false,
    ),
    b(
        &[K::Ctrl('p')],
        A::HopUp,
        "attribution form: move this hop outward (up)",
        false,
    ),
    b(
        &[K::Ctrl('n')],
        A::HopDown,
        "attribution form: move this hop inward (down)",
        false,
    ),
    b(
        &[K::Ctrl('e')],
        A::Editor,
        "$EDITOR|edit this field in $EDITOR",
        true,
    ),
    b(
        &[K::Esc],
        A::Back,
        "cancel|cancel (asks when text was typed)",
        true,
    ),
    b(
        &[K::Ctrl('c')],
        A::Quit,
        "quit (asks first; the draft is kept)",
        false,
    ),
];

static CONFIRM: &[Binding] = &[
    b(&[K::Char('y')], A::Yes, "yes|yes", true),
    b(&[K::Char('n'), K::Esc], A::No, "no|no", true),
];

static HELP: &[Binding] = &[
    b(
        &[K::Char('?'), K::Esc, K::Char('q')],
        A::Back,
        "close|close the help",
        true,
    ),
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
];

/// The table of a context.
pub fn table(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::CaseList => CASE_LIST,
        Context::Filter => FILTER,
        Context::CaseView => CASE_VIEW,
        Context::SelectSpan => SELECT_SPAN,
        Context::ClaimView => CLAIM_VIEW,
        Context::History => HISTORY,
        Context::Pager => PAGER,
        Context::Picker => PICKER,
        Context::Form => FORM,
        Context::Confirm => CONFIRM,
        Context::Help => HELP,
    }
}

/// The action bound to `key` in `ctx`.
pub fn lookup(ctx: Context, key: Key) -> Option<Action> {
    table(ctx)
        .iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action)
}

impl Binding {
    /// The long help text.
    pub fn long(&self) -> &'static str {
        self.help.split_once('|').map_or(self.help, |(_, l)| l)
    }

    /// The footer word(s).
    pub fn short(&self) -> &'static str {
        self.help.split_once('|').map_or(self.help, |(s, _)| s)
    }
}

/// All keys of a binding, e.g. `↓ / j`.
pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The keymap as Markdown, for `docs/tui.md` (a test keeps them equal).
pub fn markdown() -> String {
    let mut out = String::new();
    for ctx in Context::ALL {
        out.push_str(&format!(
            "### {}\n\n| Keys | Action |\n|---|---|\n",
            ctx.title()
        ));
        for b in table(ctx) {
            out.push_str(&format!(
                "| {} | {} |\n",
                keys_label(b).replace('|', "\\|"),
                b.long()
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_context() {
        for ctx in Context::ALL {
            let mut seen = Vec::new();
            for b in table(ctx) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{ctx:?}: {k:?} bound twice");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn lookup_uses_the_table() {
        assert_eq!(
            lookup(Context::ClaimView, Key::Char('n')),
            Some(Action::Next)
        );
        assert_eq!(
            lookup(Context::CaseList, Key::Char('j')),
            Some(Action::Down)
        );
        assert_eq!(lookup(Context::CaseList, Key::Char('Z')), None);
    }
}
