//! Styles and small text helpers every view shares. Kept apart from
//! `view/mod.rs` so the screens depend on this file and `mod.rs` on the
//! screens, never both ways.

use crate::ops::CaseBundle;
use crate::tui::app::Model;
use crate::tui::symbols;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Borders};

/// Style with a colour, or without when `NO_COLOR` is set.
pub fn fg(m: &Model, c: Color) -> Style {
    if m.color {
        Style::default().fg(c)
    } else {
        Style::default()
    }
}

/// The accent for focused borders and selections.
pub fn accent(m: &Model) -> Style {
    fg(m, Color::Cyan).add_modifier(Modifier::BOLD)
}

/// A bordered pane, its border accented when focused.
pub fn pane_block(m: &Model, title: String, focused: bool) -> Block<'static> {
    let b = Block::default().borders(Borders::ALL).title(title);
    if focused {
        b.border_style(accent(m))
    } else {
        b.border_style(fg(m, Color::DarkGray))
    }
}

/// Symbol for a status on the workspace's scale.
pub fn status_symbol(m: &Model, status: &str) -> &'static str {
    symbols::status(&m.ctx.config.verdict_scale, status)
}

/// Colour for a status.
pub fn status_style(m: &Model, status: &str) -> Style {
    let c = match status_symbol(m, status) {
        "○" => Color::Gray,
        "◐" => Color::Yellow,
        "✓" => Color::Green,
        "✗" => Color::Red,
        "!" => Color::Magenta,
        "?" => Color::Blue,
        "⚠" => Color::Red,
        _ => Color::DarkGray,
    };
    fg(m, c)
}

/// The in-article marker of claim `i`: `[c03✓]` (every symbol is one
/// column wide, so its width is `layout::marker_width`).
pub fn marker_text(m: &Model, bundle: &CaseBundle, i: usize) -> String {
    let Some(d) = bundle.claims.get(i) else {
        return String::new();
    };
    let sym = match &d.value {
        None => "⚠",
        Some(c) if c.dismissed.is_some() => "⊘",
        Some(c) => status_symbol(m, &c.status),
    };
    format!("[{}{sym}]", d.id)
}

/// Pads (or truncates, see `text::fit`) to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let t = crate::text::fit(s, width);
    let w = crate::text::width(&t);
    format!("{t}{}", " ".repeat(width.saturating_sub(w)))
}
