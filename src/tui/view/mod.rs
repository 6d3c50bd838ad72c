//! Pure views: `view(&Model, &mut Frame)` draws and never mutates. Every
//! untrusted string goes through `crate::text` (or the article layout,
//! which uses the same placeholders) before it reaches a cell.

mod case_list;
mod case_view;
mod claim_view;
mod overlays;
mod style;

use super::app::{Level, Model, Screen};
use super::keymap;
use super::layout::MIN_SIZE;
use super::strings as S;
use crate::text::fit;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use style::{accent, fg};

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
    let ctx = m.context();
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
