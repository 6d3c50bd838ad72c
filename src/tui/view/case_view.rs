//! The case view: the article with every claim marked and highlighted in
//! place, and the claim list beside it.

use super::style::{accent, fg, marker_text, pad, pane_block, status_style, status_symbol};
use crate::text::{fit, one_line, width};
use crate::tui::app::{CasePane, Model, OpenCase};
use crate::tui::article::{display_char, Item};
use crate::tui::layout::case_view_split;
use crate::tui::strings as S;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(m: &Model, f: &mut Frame, area: Rect) {
    let Some(o) = &m.open else {
        return;
    };
    let [left, right] = case_view_split(area);
    draw_article(m, o, f, left);
    draw_claims(m, o, f, right);
}

/// The style of the article text at byte `pos`: claim spans are
/// underlined and coloured by status; the selected claim and a span being
/// selected are reversed.
fn style_at(m: &Model, o: &OpenCase, pos: usize, selected: Option<usize>) -> Style {
    if let Some((s, e)) = o.span {
        if pos >= s && pos < e {
            return accent(m).add_modifier(Modifier::REVERSED);
        }
    }
    let k = o.marks.partition_point(|mk| mk.start <= pos);
    // Look back over marks that started earlier and may still cover pos.
    for mk in o.marks[..k].iter().rev().take(4) {
        if pos < mk.end {
            let doc = &o.bundle.claims[mk.claim];
            let mut st = match &doc.value {
                Some(c) if c.dismissed.is_some() => fg(m, Color::DarkGray),
                Some(c) => status_style(m, &c.status).add_modifier(Modifier::UNDERLINED),
                None => fg(m, Color::Red),
            };
            if Some(mk.claim) == selected {
                st = st.add_modifier(Modifier::REVERSED | Modifier::BOLD);
            }
            return st;
        }
    }
    Style::default()
}

fn draw_article(m: &Model, o: &OpenCase, f: &mut Frame, area: Rect) {
    let title = format!(
        " {} · {} ",
        S::ARTICLE_TITLE,
        o.bundle
            .case
            .as_ref()
            .map(|d| one_line(&d.value.title))
            .unwrap_or_else(|d| format!("⚠ {}", one_line(&d.message)))
    );
    let block = pane_block(
        m,
        fit(&title, area.width.saturating_sub(2) as usize),
        o.focus == CasePane::Article || o.span.is_some(),
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(lay) = &o.layout else {
        return;
    };
    let selected = o.order.get(o.sel).copied();
    let art = &o.bundle.article;
    let mut lines = Vec::with_capacity(inner.height as usize);
    for &(a, b) in lay.lines.iter().skip(o.scroll).take(inner.height as usize) {
        let mut spans: Vec<Span> = Vec::new();
        for item in &lay.items[a..b] {
            match *item {
                Item::Marker(c) => {
                    let doc = &o.bundle.claims[c];
                    let st = match &doc.value {
                        Some(v) if v.dismissed.is_none() => status_style(m, &v.status),
                        Some(_) => fg(m, Color::DarkGray),
                        None => fg(m, Color::Red),
                    }
                    .add_modifier(Modifier::BOLD);
                    let st = if Some(c) == selected {
                        st.add_modifier(Modifier::REVERSED)
                    } else {
                        st
                    };
                    spans.push(Span::styled(marker_text(m, &o.bundle, c), st));
                }
                Item::Text { start, end } => {
                    // Group characters of one style into one span.
                    let mut buf = String::new();
                    let mut cur: Option<Style> = None;
                    for (i, ch) in art[start..end].char_indices() {
                        let st = style_at(m, o, start + i, selected);
                        if cur != Some(st) {
                            if let Some(cs) = cur {
                                spans.push(Span::styled(std::mem::take(&mut buf), cs));
                            }
                            cur = Some(st);
                        }
                        buf.push_str(&display_char(ch));
                    }
                    if let Some(cs) = cur {
                        spans.push(Span::styled(buf, cs));
                    }
                }
            }
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_claims(m: &Model, o: &OpenCase, f: &mut Frame, area: Rect) {
    let live = o
        .bundle
        .claims
        .iter()
        .filter(|c| c.value.as_ref().is_some_and(|v| v.dismissed.is_none()))
        .count();
    let decided = o
        .bundle
        .claims
        .iter()
        .filter_map(|c| c.value.as_ref())
        .filter(|v| v.dismissed.is_none() && m.is_decided(&v.status))
        .count();
    let block = pane_block(
        m,
        format!(" {} {decided}/{live} decided ", S::CLAIMS_TITLE),
        o.focus == CasePane::Claims && o.span.is_none(),
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    if o.order.is_empty() {
        f.render_widget(
            Paragraph::new(S::NO_CLAIMS).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows = (inner.height as usize / 3).max(1);
    let first = o.sel.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    for (row, &i) in o.order.iter().enumerate().skip(first).take(rows) {
        let doc = &o.bundle.claims[i];
        let sel = row == o.sel;
        let base = if sel {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let cursor = if sel { "▸" } else { " " };
        match &doc.value {
            None => {
                lines.push(Line::styled(
                    pad(&format!("{cursor}{} ⚠ invalid file", doc.id), w),
                    base.patch(fg(m, Color::Red)),
                ));
                let why = doc
                    .error
                    .as_ref()
                    .map(|d| one_line(&d.message))
                    .unwrap_or_default();
                lines.push(Line::raw(pad(&format!("  {why}"), w)));
            }
            Some(c) => {
                let (sym, word, st) = if c.dismissed.is_some() {
                    ("⊘", "dismissed".to_string(), fg(m, Color::DarkGray))
                } else {
                    (
                        status_symbol(m, &c.status),
                        one_line(&c.status),
                        status_style(m, &c.status),
                    )
                };
                let anon = if c.attribution.anonymous {
                    " ◌anon"
                } else {
                    ""
                };
                let who = c
                    .assignee
                    .as_ref()
                    .map(|a| format!(" @{}", one_line(a)))
                    .unwrap_or_default();
                let review = crate::tui::review::marker(&m.review_of(c))
                    .map(|(sym, word)| format!(" {sym}{word}"))
                    .unwrap_or_default();
                let seen = seen_marker(m.seen.of(doc.id.as_str()));
                let head = format!("{cursor}{} {sym} {word}", doc.id);
                let tail = format!("{review}{seen}{anon}{who}");
                lines.push(Line::from(vec![
                    Span::styled(head.clone(), base.patch(st).add_modifier(Modifier::BOLD)),
                    Span::styled(pad(&tail, w.saturating_sub(width(&head))), base),
                ]));
                lines.push(Line::styled(
                    pad(
                        &format!("  {} · {}", super::kind_and_score(c), one_line(&c.text)),
                        w,
                    ),
                    fg(m, Color::Gray),
                ));
            }
        }
        lines.push(Line::raw(""));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// " ≈seen" for a claim with an earlier match at the `same` level, " ≈maybe"
/// for one with a `possible` match only, else nothing.
fn seen_marker(seen: &[crate::tui::seen::SeenMatch]) -> String {
    use crate::matching::Level;
    let best = seen.iter().filter_map(|s| s.level).max();
    match best {
        Some(Level::Same) => format!(" {}", S::SEEN_MARK_SAME),
        Some(Level::Possible) => format!(" {}", S::SEEN_MARK_POSSIBLE),
        None => String::new(),
    }
}
