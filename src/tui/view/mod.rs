//! Pure views: `view(&Model, &mut Frame)` draws and never mutates. Every
//! untrusted string goes through `crate::text` (or the article layout,
//! which uses the same placeholders) before it reaches a cell.

mod case_list;
mod case_view;
mod claim_view;
mod overlays;

use super::app::{Level, Model, Screen};
use super::keymap;
use super::strings as S;
use super::update::context;
use crate::model::{AttributionStatus, StatusClass, StepState};
use crate::ops::CaseBundle;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Smallest supported terminal.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Draws the whole screen.
pub fn view(m: &Model, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let msg = format!("{}\n(now {}×{})", S::TOO_SMALL, area.width, area.height);
        f.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [header, body, notice, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(m, f, header);
    match m.screen {
        Screen::CaseList => case_list::draw(m, f, body),
        Screen::Case => case_view::draw(m, f, body),
        Screen::Claim => claim_view::draw(m, f, body),
    }
    draw_notice(m, f, notice);
    draw_footer(m, f, footer);
    overlays::draw(m, f, body);
}

/// Inner size (columns, rows) of the article pane of the case view; the
/// layout in `case_view` uses the same split.
pub fn article_area_size(m: &Model) -> (usize, usize) {
    let (w, h) = m.size;
    let body_h = h.saturating_sub(3);
    let [left, _] = case_view::split(Rect::new(0, 0, w, body_h));
    (
        left.width.saturating_sub(2) as usize,
        left.height.saturating_sub(2) as usize,
    )
}

/// Cases that fit on the case list at the current size.
pub fn case_rows(m: &Model) -> usize {
    case_list::rows_for(m.size.1.saturating_sub(3))
}

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

/// Symbol for a status (never colour alone).
pub fn status_symbol(m: &Model, status: &str) -> &'static str {
    let Some(d) = m.ctx.config.verdict_scale.get(status) else {
        return "⚠";
    };
    match d.class {
        StatusClass::Open => "○",
        StatusClass::Working => "◐",
        StatusClass::NotCheckable => "–",
        StatusClass::Verdict => match d.rating {
            Some(r) if r >= 4 => "✓",
            Some(1) => "✗",
            Some(2) => "!",
            _ => "?",
        },
    }
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

/// Symbol for an attribution status.
pub fn attribution_symbol(a: AttributionStatus) -> &'static str {
    match a {
        AttributionStatus::Unchecked => "○",
        AttributionStatus::Confirmed => "✓",
        AttributionStatus::NotFound => "?",
        AttributionStatus::Misattributed => "✗",
        AttributionStatus::NotApplicable => "–",
    }
}

/// Symbol for a checklist step state.
pub fn step_symbol(s: StepState) -> &'static str {
    match s {
        StepState::Pending => "○",
        StepState::Done => "✓",
        StepState::Skipped => "↷",
        StepState::NotApplicable => "–",
    }
}

/// The in-article marker of claim `i`: `[c03✓]` (every symbol is one
/// column wide, so its width is `marker_width`).
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

/// Display width of a claim's marker.
pub fn marker_width(bundle: &CaseBundle, i: usize) -> usize {
    bundle.claims.get(i).map_or(0, |d| d.id.as_str().len() + 3)
}

/// Truncates to `width` display columns, with `…` when cut. Widths are
/// measured on whole strings, as ratatui does (an emoji with a skin tone
/// is one two-column grapheme, not two).
pub fn fit(s: &str, width: usize) -> String {
    if display_w(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if display_w(&out) + 1 > width {
            out.pop();
            break;
        }
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Pads (or truncates) to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let t = fit(s, width);
    let w = display_w(&t);
    format!("{t}{}", " ".repeat(width.saturating_sub(w)))
}

fn draw_header(m: &Model, f: &mut Frame, area: Rect) {
    let ws =
        m.ws.root()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    let mut where_ = vec![S::APP.to_string(), crate::text::one_line(&ws)];
    if let Some(o) = &m.open {
        where_.push(o.id.to_string());
        if let Some((_, _, id, _)) = m.focused_claim() {
            if m.screen == Screen::Claim {
                where_.push(id.to_string());
            }
        }
    }
    let mut spans = vec![Span::styled(format!(" {} ", where_.join(" › ")), accent(m))];
    if let Some(r) = m.refusal() {
        spans.push(Span::styled(
            format!(" {} ", S::read_only(&crate::text::one_line(&r))),
            fg(m, Color::Red).add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_notice(m: &Model, f: &mut Frame, area: Rect) {
    let Some(n) = &m.notice else {
        return;
    };
    let (sym, style) = match n.level {
        Level::Info => ("ℹ", fg(m, Color::Green)),
        Level::Warn => ("⚠", fg(m, Color::Yellow).add_modifier(Modifier::BOLD)),
        Level::Error => ("✗", fg(m, Color::Red).add_modifier(Modifier::BOLD)),
    };
    let text = fit(
        &format!("{sym} {}", crate::text::one_line(&n.text)),
        area.width as usize,
    );
    f.render_widget(Paragraph::new(Span::styled(text, style)), area);
}

fn draw_footer(m: &Model, f: &mut Frame, area: Rect) {
    let ctx = context(m);
    let mut spans = Vec::new();
    for b in keymap::table(ctx).iter().filter(|b| b.footer) {
        let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
        spans.push(Span::styled(
            key,
            fg(m, Color::Cyan).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {}  ", b.short())));
    }
    // Fit by dropping from the end.
    let mut w = 0;
    let mut keep = Vec::new();
    for pair in spans.chunks(2) {
        let pw: usize = pair.iter().map(|s| s.width()).sum();
        if w + pw > area.width as usize {
            break;
        }
        w += pw;
        keep.extend_from_slice(pair);
    }
    f.render_widget(Paragraph::new(Line::from(keep)), area);
}

/// Display width of a safe string.
pub fn display_w(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
