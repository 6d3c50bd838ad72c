//! Forms: a few labelled fields (one-line, multi-line or a choice), edited
//! with ratatui-textarea. A form knows what it is for; `update` turns a
//! submitted form into one `ops` call.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};

/// How a field is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line; Enter moves on.
    Line,
    /// Several lines; Enter is a newline.
    Multi,
    /// One of a fixed set; ←/→ or Space change it.
    Choice(Vec<String>, usize),
}

/// One field.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub area: TextArea<'static>,
}

impl Field {
    fn new(label: &'static str, kind: FieldKind, initial: &str) -> Self {
        let lines: Vec<String> = if initial.is_empty() {
            vec![String::new()]
        } else {
            initial.lines().map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        if kind == FieldKind::Multi {
            // Long text (an excerpt, a note) wraps instead of scrolling
            // sideways out of the box.
            area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        }
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Self { label, kind, area }
    }

    /// The text (or the chosen value).
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Choice(opts, i) => opts.get(*i).cloned().unwrap_or_default(),
            _ => self.area.lines().join("\n"),
        }
    }
}

/// An edit of the attribution form's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainEdit {
    /// A new hop after the focused one.
    Add,
    /// The focused hop goes.
    Remove,
    /// The focused hop one place outward.
    Up,
    /// The focused hop one place inward.
    Down,
}

/// What a form does when submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormKind {
    Evidence,
    Note,
    Skip {
        step: String,
    },
    StepNote {
        step: String,
        state: String,
    },
    Dismiss,
    Assign,
    AddClaim {
        start: usize,
        end: usize,
    },
    Review,
    /// A required step marked not applicable: the reason.
    Na {
        step: String,
    },
    /// Asking for review again after a request for changes.
    ReRequest,
    /// Correcting evidence item `n` (1-based): its fields, prefilled, and
    /// the note that says why.
    EditEvidence {
        n: usize,
    },
    /// Withdrawing evidence item `n` (1-based): why (asks to confirm).
    WithdrawEvidence {
        n: usize,
    },
    /// Speaker, anonymity and the chain of hops, saved in one commit.
    Attribution,
    /// A new case from a web address (fetched off the UI thread) or a file.
    NewCase,
}

/// A form on screen.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub title: &'static str,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// `case` or `case/claim` it applies to.
    pub target: String,
    /// Text was typed since it opened.
    pub dirty: bool,
    /// Dirty since the last draft save.
    pub unsaved_draft: bool,
    /// Why the last submit was refused.
    pub error: Option<String>,
    /// Read-only context shown above the fields (e.g. the selected span).
    pub context: String,
    /// The values the fields were prefilled with, so a correction sends
    /// only what was changed.
    pub initial: Vec<String>,
}

/// On-disk draft of a form.
#[derive(Debug, Serialize, Deserialize)]
pub struct Draft {
    pub kind: FormKind,
    pub target: String,
    pub values: Vec<String>,
}

impl Form {
    fn new(kind: FormKind, title: &'static str, target: String, fields: Vec<Field>) -> Self {
        Self {
            kind,
            title,
            fields,
            focus: 0,
            target,
            dirty: false,
            unsaved_draft: false,
            error: None,
            context: String::new(),
            initial: Vec::new(),
        }
    }

    /// The kinds of evidence, in the order the form offers them.
    fn evidence_kinds() -> Vec<String> {
        use crate::model::EvidenceKind as K;
        [
            K::WebPage,
            K::Document,
            K::Interview,
            K::Email,
            K::Photo,
            K::Dataset,
        ]
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
    }

    /// Evidence: url, kind, description, archive url, stance, excerpt,
    /// local file. The URL may stay empty for an item without an address
    /// (an interview) when its kind and a description say what it is.
    pub fn evidence(target: String) -> Self {
        use super::strings::*;
        let stances = crate::model::Stance::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect();
        Self::new(
            FormKind::Evidence,
            FORM_EVIDENCE,
            target,
            vec![
                Field::new(F_URL, FieldKind::Line, ""),
                Field::new(F_EV_KIND, FieldKind::Choice(Self::evidence_kinds(), 0), ""),
                Field::new(F_DESCRIPTION, FieldKind::Line, ""),
                Field::new(F_ARCHIVE, FieldKind::Line, ""),
                Field::new(F_STANCE, FieldKind::Choice(stances, 0), ""),
                Field::new(F_EXCERPT, FieldKind::Multi, ""),
                Field::new(F_FILE, FieldKind::Line, ""),
                Field::new(
                    F_CAPTURE,
                    FieldKind::Choice(vec!["no".into(), "yes".into()], 0),
                    "",
                ),
            ],
        )
    }

    /// Correcting evidence item `n` (1-based): its fields prefilled (text
    /// unsafe for the terminal is shown cleaned; unchanged fields are not
    /// sent), then the required note.
    pub fn edit_evidence(target: String, n: usize, ev: &crate::model::Evidence) -> Self {
        use super::strings::*;
        let stances: Vec<String> = crate::model::Stance::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect();
        let kinds = Self::evidence_kinds();
        let ki = kinds
            .iter()
            .position(|k| k == ev.kind_or_guess().as_str())
            .unwrap_or(0);
        let si = stances
            .iter()
            .position(|s| s == ev.stance.as_str())
            .unwrap_or(0);
        let safe = |t: &str| crate::text::sanitize(t, true);
        let mut f = Self::new(
            FormKind::EditEvidence { n },
            FORM_EDIT_EVIDENCE,
            target,
            vec![
                Field::new(F_URL, FieldKind::Line, &safe(&ev.url)),
                Field::new(F_EV_KIND, FieldKind::Choice(kinds, ki), ""),
                Field::new(F_DESCRIPTION, FieldKind::Line, &safe(&ev.description)),
                Field::new(
                    F_ARCHIVE,
                    FieldKind::Line,
                    &safe(ev.archive_url.as_deref().unwrap_or("")),
                ),
                Field::new(F_STANCE, FieldKind::Choice(stances, si), ""),
                Field::new(F_EXCERPT, FieldKind::Multi, &safe(&ev.excerpt)),
                Field::new(F_CORRECTION_NOTE, FieldKind::Multi, ""),
            ],
        );
        f.initial = f.fields.iter().map(Field::value).collect();
        f.context = format!("{n}. {}", crate::text::one_line(ev.label()));
        f
    }

    /// The attribution fields: speaker, anonymous, the English rendering of
    /// the claim, then one field per hop of the chain, outermost first.
    pub fn attribution(
        target: String,
        a: &crate::model::Attribution,
        translation: Option<&str>,
    ) -> Self {
        use super::strings::*;
        let safe = |t: &str| crate::text::one_line(t);
        let yes_no = vec!["no".to_string(), "yes".to_string()];
        let mut fields = vec![
            Field::new(
                F_SPEAKER,
                FieldKind::Line,
                &safe(a.speaker.as_deref().unwrap_or("")),
            ),
            Field::new(
                F_ANONYMOUS,
                FieldKind::Choice(yes_no, usize::from(a.anonymous)),
                "",
            ),
            Field::new(
                F_TRANSLATION,
                FieldKind::Multi,
                &crate::text::sanitize(translation.unwrap_or(""), true),
            ),
        ];
        fields.extend(
            a.chain
                .iter()
                .map(|h| Field::new(F_HOP, FieldKind::Line, &safe(h))),
        );
        let mut f = Self::new(FormKind::Attribution, FORM_ATTRIBUTION, target, fields);
        f.initial = f.fields.iter().map(Field::value).collect();
        f
    }

    /// Index of the first hop field of the attribution form.
    pub const FIRST_HOP: usize = 3;

    /// The hops of the attribution form, outermost first.
    pub fn hops(&self) -> Vec<String> {
        self.fields
            .iter()
            .skip(Self::FIRST_HOP)
            .map(Field::value)
            .collect()
    }

    /// Edits the chain of the attribution form with `ops::chain` (so the
    /// TUI and the command line move hops the same way); the focus
    /// follows the hop. Other forms are left alone.
    pub fn edit_chain(&mut self, op: ChainEdit) {
        if self.kind != FormKind::Attribution {
            return;
        }
        let mut hops = self.hops();
        let at = self.focus.checked_sub(Self::FIRST_HOP);
        let focus_hop = match (op, at) {
            // A new hop goes after the focused one, or last.
            (ChainEdit::Add, Some(i)) => {
                crate::ops::chain::insert(&mut hops, i + 1, "");
                i + 1
            }
            (ChainEdit::Add, None) => {
                crate::ops::chain::insert(&mut hops, usize::MAX, "");
                hops.len() - 1
            }
            (ChainEdit::Remove, Some(i)) => {
                crate::ops::chain::remove(&mut hops, i);
                i.min(hops.len().saturating_sub(1))
            }
            (ChainEdit::Up, Some(i)) => crate::ops::chain::shift(&mut hops, i, true),
            (ChainEdit::Down, Some(i)) => crate::ops::chain::shift(&mut hops, i, false),
            // Only hops move or go: the speaker and anonymity stay.
            (_, None) => return,
        };
        self.fields.truncate(Self::FIRST_HOP);
        self.fields.extend(
            hops.iter()
                .map(|h| Field::new(super::strings::F_HOP, FieldKind::Line, h)),
        );
        self.focus = if hops.is_empty() {
            Self::FIRST_HOP - 1
        } else {
            Self::FIRST_HOP + focus_hop
        };
        self.dirty = true;
        self.unsaved_draft = true;
    }

    /// Two-person review: approve, or request changes with a note.
    pub fn review(target: String) -> Self {
        use super::strings::*;
        let decisions = vec!["approve".to_string(), "request-changes".to_string()];
        Self::new(
            FormKind::Review,
            FORM_REVIEW,
            target,
            vec![
                Field::new(F_DECISION, FieldKind::Choice(decisions, 0), ""),
                Field::new(F_NOTE, FieldKind::Multi, ""),
            ],
        )
    }

    /// A single text field form.
    pub fn single(
        kind: FormKind,
        title: &'static str,
        target: String,
        label: &'static str,
        multi: bool,
        initial: &str,
    ) -> Self {
        let fk = if multi {
            FieldKind::Multi
        } else {
            FieldKind::Line
        };
        Self::new(kind, title, target, vec![Field::new(label, fk, initial)])
    }

    /// Adding a span as a claim: its kind is a choice (auto = the proposer's guess).
    pub fn add_claim(target: String, start: usize, end: usize, text: &str) -> Self {
        use super::strings::*;
        let mut kinds = vec!["auto".to_string()];
        kinds.extend(
            crate::model::ClaimKind::ALL
                .iter()
                .map(|k| k.as_str().to_string()),
        );
        let mut f = Self::new(
            FormKind::AddClaim { start, end },
            FORM_ADD_CLAIM,
            target,
            vec![Field::new(F_KIND, FieldKind::Choice(kinds, 0), "")],
        );
        f.context = text.to_string();
        f
    }

    /// Value of field `i`.
    pub fn value(&self, i: usize) -> String {
        self.fields.get(i).map(Field::value).unwrap_or_default()
    }

    /// Nothing typed in any text field.
    pub fn is_blank(&self) -> bool {
        self.fields
            .iter()
            .filter(|f| !matches!(f.kind, FieldKind::Choice(..)))
            .all(|f| f.value().trim().is_empty())
    }

    /// Sends a key to the focused field. Returns true when the form
    /// should be submitted (Enter on the last one-line field).
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let n = self.fields.len();
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        match (&mut field.kind, key.code) {
            (FieldKind::Choice(opts, i), KeyCode::Left) => {
                *i = (*i + opts.len().max(1) - 1) % opts.len().max(1);
            }
            (FieldKind::Choice(opts, i), KeyCode::Right | KeyCode::Char(' ')) => {
                *i = (*i + 1) % opts.len().max(1);
            }
            (FieldKind::Choice(..) | FieldKind::Line, KeyCode::Enter) => {
                if self.focus + 1 >= n {
                    return true;
                }
                self.focus += 1;
            }
            (FieldKind::Choice(..), _) => {}
            (_, _) => {
                if field.area.input(key) {
                    self.dirty = true;
                    self.unsaved_draft = true;
                }
            }
        }
        false
    }

    /// Empties the focused text field (`Ctrl-U`); choices keep their value.
    pub fn clear_focused(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            if matches!(f.kind, FieldKind::Choice(..)) || f.value().is_empty() {
                return;
            }
            let kind = f.kind.clone();
            *f = Field::new(f.label, kind, "");
            self.dirty = true;
            self.unsaved_draft = true;
        }
    }

    /// Replaces the focused text field (after `$EDITOR`).
    pub fn set_focused_text(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            if matches!(f.kind, FieldKind::Choice(..)) {
                return;
            }
            let kind = f.kind.clone();
            *f = Field::new(f.label, kind, text.trim_end_matches('\n'));
            self.dirty = true;
            self.unsaved_draft = true;
        }
    }

    /// The draft to save.
    pub fn draft(&self) -> Draft {
        Draft {
            kind: self.kind.clone(),
            target: self.target.clone(),
            values: self.fields.iter().map(Field::value).collect(),
        }
    }

    /// Fills the fields from a draft of the same form.
    pub fn restore(&mut self, d: &Draft) {
        // The draft of an attribution form has as many hops as were typed.
        if self.kind == FormKind::Attribution && d.values.len() >= Self::FIRST_HOP {
            self.fields.truncate(Self::FIRST_HOP);
            self.fields.extend(
                d.values[Self::FIRST_HOP..]
                    .iter()
                    .map(|_| Field::new(super::strings::F_HOP, FieldKind::Line, "")),
            );
            self.focus = self.focus.min(self.fields.len().saturating_sub(1));
        }
        for (f, v) in self.fields.iter_mut().zip(&d.values) {
            match &mut f.kind {
                FieldKind::Choice(opts, i) => {
                    if let Some(p) = opts.iter().position(|o| o == v) {
                        *i = p;
                    }
                }
                k => {
                    let k = k.clone();
                    *f = Field::new(f.label, k, v);
                }
            }
        }
        self.dirty = !self.is_blank();
    }

    /// File name of this form's draft.
    pub fn draft_name(&self) -> String {
        let kind = match &self.kind {
            FormKind::Evidence => "evidence".to_string(),
            FormKind::Note => "note".to_string(),
            FormKind::Skip { step } => format!("skip-{step}"),
            FormKind::StepNote { step, .. } => format!("step-note-{step}"),
            FormKind::Dismiss => "dismiss".to_string(),
            FormKind::Assign => "assign".to_string(),
            FormKind::AddClaim { start, end } => format!("add-{start}-{end}"),
            FormKind::Review => "review".to_string(),
            FormKind::Na { step } => format!("na-{step}"),
            FormKind::ReRequest => "re-request".to_string(),
            FormKind::EditEvidence { n } => format!("edit-evidence-{n}"),
            FormKind::WithdrawEvidence { n } => format!("withdraw-evidence-{n}"),
            FormKind::Attribution => "attribution".to_string(),
            FormKind::NewCase => "new-case".to_string(),
        };
        let safe: String = format!("{}--{kind}", self.target)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{safe}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 9: a draft of the attribution form keeps every hop typed,
    /// however many the claim had when the form opened again.
    #[test]
    fn an_attribution_draft_restores_every_hop() {
        let a = crate::model::Attribution {
            speaker: None,
            chain: vec!["Reuters".into()],
            anonymous: false,
            status: crate::model::AttributionStatus::Unchecked,
        };
        let mut f = Form::attribution("a-case/c01".into(), &a, Some("in English"));
        f.focus = Form::FIRST_HOP;
        f.edit_chain(ChainEdit::Add);
        f.set_focused_text("NBC");
        assert_eq!(f.hops(), ["Reuters", "NBC"]);
        let d = f.draft();
        let mut g = Form::attribution("a-case/c01".into(), &a, None);
        g.restore(&d);
        assert_eq!(g.hops(), ["Reuters", "NBC"]);
        assert_eq!(g.value(2), "in English");
        // Hop edits never touch the speaker, anonymity or English fields.
        g.focus = 0;
        g.edit_chain(ChainEdit::Remove);
        assert_eq!(g.hops(), ["Reuters", "NBC"]);
    }
}
