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
    // The help may also take the notice's row: every key of the claim
    // view fits at 120×40.
    let help = matches!(m.overlay, super::app::Overlay::Help(_));
    if !help {
        overlays::draw(m, f, body);
    }
    draw_notice(m, f, notice);
    if help {
        let tall = Rect {
            height: body.height + notice.height,
            ..body
        };
        overlays::draw(m, f, tall);
    }
    draw_footer(m, f, footer);
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

/// The status line: one row, or up to four when a reason is long (they
/// wrap instead of being cut at the edge), drawn over the bottom of the body
/// so the screens keep their size.
fn draw_notice(m: &Model, f: &mut Frame, area: Rect) {
    let Some(n) = &m.notice else {
        return;
    };
    let (sym, style) = match n.level {
        Level::Info => ("ℹ", fg(m, Color::Green)),
        Level::Warn => ("⚠", fg(m, Color::Yellow).add_modifier(Modifier::BOLD)),
        Level::Error => ("✗", fg(m, Color::Red).add_modifier(Modifier::BOLD)),
    };
    let text = format!("{sym} {}", crate::text::one_line(&n.text));
    let mut rows = overlays::wrap_words(&text, area.width as usize);
    if rows.len() > 4 {
        rows.truncate(4);
        if let Some(last) = rows.last_mut() {
            *last = fit(&format!("{last} …"), area.width as usize);
        }
    }
    let h = rows.len() as u16;
    let top = area.y.saturating_sub(h.saturating_sub(1));
    let r = Rect::new(area.x, top, area.width, area.y + 1 - top);
    f.render_widget(ratatui::widgets::Clear, r);
    let lines: Vec<Line> = rows.into_iter().map(|t| Line::styled(t, style)).collect();
    f.render_widget(Paragraph::new(lines), r);
}

/// The footer: the keys that matter here, always ending in `? help` and
/// `q quit` (the others are dropped first when the terminal is narrow).
fn draw_footer(m: &Model, f: &mut Frame, area: Rect) {
    let ctx = m.context();
    let item = |b: &keymap::Binding| -> [Span<'static>; 2] {
        let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
        [
            Span::styled(key, fg(m, Color::Cyan).add_modifier(Modifier::BOLD)),
            Span::raw(format!(" {}  ", b.short())),
        ]
    };
    let shown: Vec<&keymap::Binding> = keymap::table(ctx).iter().filter(|b| b.footer).collect();
    let keep_always =
        |b: &keymap::Binding| matches!(b.action, keymap::Action::Help | keymap::Action::Quit);
    let tail: Vec<[Span; 2]> = shown
        .iter()
        .filter(|b| keep_always(b))
        .map(|b| item(b))
        .collect();
    let tail_w: usize = tail.iter().flatten().map(|s| s.width()).sum();
    let mut w = tail_w;
    let mut spans = Vec::new();
    for b in shown.iter().filter(|b| !keep_always(b)) {
        let pair = item(b);
        let pw: usize = pair.iter().map(|s| s.width()).sum();
        if w + pw > area.width as usize {
            break;
        }
        w += pw;
        spans.extend(pair);
    }
    spans.extend(tail.into_iter().flatten());
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A claim's kind, with the proposer's check-worthiness score beside it
/// when the claim has one ("statistic 0.83"); claims stored without a
/// score show the kind alone.
fn kind_and_score(c: &crate::model::Claim) -> String {
    match c.score {
        Some(s) => format!("{} {s}", c.kind),
        None => c.kind.to_string(),
    }
}
