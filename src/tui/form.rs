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
        }
    }

    /// Evidence: url, archive url, stance, excerpt, local file.
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
                Field::new(F_ARCHIVE, FieldKind::Line, ""),
                Field::new(F_STANCE, FieldKind::Choice(stances, 0), ""),
                Field::new(F_EXCERPT, FieldKind::Multi, ""),
                Field::new(F_FILE, FieldKind::Line, ""),
            ],
        )
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
