//! Help, forms, pickers, questions and the history pane, drawn on top.

use super::style::{accent, fg, pad};
use crate::text::{fit, one_line};
use crate::tui::app::{Confirm, Model, Overlay};
use crate::tui::form::{Field, FieldKind, Form};
use crate::tui::keymap;
use crate::tui::strings as S;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(r);
    r
}

fn popup(m: &Model, f: &mut Frame, area: Rect, title: &str) -> Rect {
    f.render_widget(Clear, area);
    let b = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(accent(m));
    let inner = b.inner(area);
    f.render_widget(b, area);
    inner
}

pub fn draw(m: &Model, f: &mut Frame, body: Rect) {
    match &m.overlay {
        Overlay::None => {}
        Overlay::Help => help(m, f, body),
        Overlay::Form(form) => draw_form(m, form, f, body),
        Overlay::Picker(p) => {
            let h = p.options.len() as u16 + 6;
            let area = centered(body, body.width.saturating_sub(8).min(90), h);
            let inner = popup(m, f, area, &p.title);
            let mut lines = Vec::new();
            for (i, (_, label, why)) in p.options.iter().enumerate() {
                let sel = i == p.sel;
                let mut st = if why.is_some() {
                    fg(m, Color::DarkGray)
                } else {
                    Style::default()
                };
                if sel {
                    st = st.add_modifier(Modifier::REVERSED);
                }
                let note = match why {
                    Some(w) => format!("  ✗ {}", one_line(w)),
                    None => String::new(),
                };
                lines.push(Line::styled(
                    fit(
                        &format!("{} {label}{note}", if sel { "▸" } else { " " }),
                        inner.width as usize,
                    ),
                    st,
                ));
            }
            lines.push(Line::raw(""));
            if let Some((_, _, Some(w))) = p.options.get(p.sel) {
                lines.push(Line::styled(
                    format!("✗ {}", one_line(w)),
                    fg(m, Color::Red),
                ));
            }
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        }
        Overlay::History(h) => {
            let area = centered(body, body.width.saturating_sub(4), body.height);
            let inner = popup(
                m,
                f,
                area,
                &format!("{} · {}", S::HISTORY_TITLE, one_line(&h.title)),
            );
            let lines: Vec<Line> = match &h.entries {
                None => vec![Line::raw(S::HISTORY_LOADING)],
                Some(Err(e)) => vec![Line::styled(one_line(e), fg(m, Color::Red))],
                Some(Ok(v)) if v.is_empty() => vec![Line::raw(S::HISTORY_EMPTY)],
                Some(Ok(v)) => v
                    .iter()
                    .skip(h.scroll)
                    .take(inner.height as usize)
                    .map(|e| {
                        let step = e
                            .trailers
                            .as_ref()
                            .and_then(|t| t.step.clone())
                            .map(|s| format!("  [{}]", one_line(&s)))
                            .unwrap_or_default();
                        Line::from(vec![
                            Span::styled(
                                format!("{} ", e.time.format("%Y-%m-%d %H:%M")),
                                fg(m, Color::DarkGray),
                            ),
                            Span::styled(
                                format!("{} ", e.commit.chars().take(7).collect::<String>()),
                                fg(m, Color::Yellow),
                            ),
                            Span::styled(
                                format!("{:<10} ", fit(&one_line(&e.author), 10)),
                                fg(m, Color::Cyan),
                            ),
                            Span::raw(one_line(&e.subject)),
                            Span::styled(step, fg(m, Color::DarkGray)),
                        ])
                    })
                    .collect(),
            };
            f.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::Confirm(what, _) => {
            let text = match what {
                Confirm::Quit => S::CONFIRM_QUIT,
                Confirm::DiscardForm => S::CONFIRM_DISCARD,
            };
            let area = centered(body, 60, 7);
            let inner = popup(m, f, area, "?");
            f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        }
    }
}

fn help(m: &Model, f: &mut Frame, body: Rect) {
    // The keys of what is under the help.
    let ctx = m.screen_context();
    let table = keymap::table(ctx);
    // One column when it fits, else two.
    let cols = if table.len() as u16 + 4 <= body.height {
        1
    } else {
        2
    };
    let rows = table.len().div_ceil(cols);
    let width = if cols == 1 {
        76
    } else {
        body.width.saturating_sub(2)
    };
    let area = centered(body, width, rows as u16 + 4);
    let inner = popup(m, f, area, &format!("{} · {}", S::HELP_TITLE, ctx.title()));
    let col_w = inner.width as usize / cols;
    let key_w = if cols == 1 { 22 } else { 16 };
    let mut lines: Vec<Line> = Vec::new();
    for r in 0..rows {
        let mut spans = Vec::new();
        for c in 0..cols {
            if let Some(b) = table.get(c * rows + r) {
                spans.push(Span::styled(
                    pad(&keymap::keys_label(b), key_w),
                    fg(m, Color::Cyan).add_modifier(Modifier::BOLD),
                ));
                spans.push(Span::raw(pad(b.long(), col_w.saturating_sub(key_w + 1))));
                spans.push(Span::raw(" "));
            }
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(S::HELP_CLOSE, fg(m, Color::DarkGray)));
    f.render_widget(Paragraph::new(lines), inner);
}

/// A form: the quoted context, one box per field, then the error (if
/// any) and the key hints.
fn draw_form(m: &Model, form: &Form, f: &mut Frame, body: Rect) {
    let area = centered(
        body,
        body.width.saturating_sub(6).min(100),
        form_height(form).min(body.height),
    );
    let inner = popup(m, f, area, form.title);
    let areas = form_rows(form, inner);
    let mut k = 0;
    if !form.context.is_empty() {
        f.render_widget(
            Paragraph::new(format!("“{}”", one_line(&form.context)))
                .wrap(Wrap { trim: true })
                .style(fg(m, Color::Yellow)),
            areas[0],
        );
        k = 1;
    }
    for (i, fl) in form.fields.iter().enumerate() {
        draw_field(m, fl, i == form.focus, f, areas[k + i]);
    }
    let n = form.fields.len() + k;
    if let Some(e) = &form.error {
        f.render_widget(
            Paragraph::new(fit(&format!("✗ {}", one_line(e)), inner.width as usize))
                .style(fg(m, Color::Red).add_modifier(Modifier::BOLD)),
            areas[n],
        );
    }
    let multi = form
        .fields
        .get(form.focus)
        .is_some_and(|f| f.kind == FieldKind::Multi);
    let hint = if multi {
        S::FORM_HINT_MULTI
    } else {
        S::FORM_HINT_LINE
    };
    f.render_widget(
        Paragraph::new(fit(hint, inner.width as usize)).style(fg(m, Color::DarkGray)),
        areas[n + 1],
    );
}

/// Rows a form wants: its fields, the context, the border, error and hints.
fn form_height(form: &Form) -> u16 {
    form.fields
        .iter()
        .map(|fl| match fl.kind {
            FieldKind::Multi => 6,
            _ => 3,
        })
        .sum::<u16>()
        + 4
        + if form.context.is_empty() { 0 } else { 4 }
}

/// The form's rows inside its popup: context (if any), one per field,
/// the error line and the hint line.
fn form_rows(form: &Form, inner: Rect) -> std::rc::Rc<[Rect]> {
    let mut cons = Vec::new();
    if !form.context.is_empty() {
        cons.push(Constraint::Length(4));
    }
    for fl in &form.fields {
        cons.push(match fl.kind {
            FieldKind::Multi => Constraint::Min(3),
            _ => Constraint::Length(3),
        });
    }
    cons.push(Constraint::Length(1));
    cons.push(Constraint::Length(1));
    Layout::vertical(cons).split(inner)
}

/// One field in its box: a choice as `◀ value ▶` among the others, text
/// as the live text area when focused, else as its (sanitised) value.
fn draw_field(m: &Model, fl: &Field, focused: bool, f: &mut Frame, a: Rect) {
    let b = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", fl.label))
        .border_style(if focused {
            accent(m)
        } else {
            fg(m, Color::DarkGray)
        });
    match &fl.kind {
        FieldKind::Choice(opts, sel) => {
            let text: Vec<Span> = opts
                .iter()
                .enumerate()
                .map(|(j, o)| {
                    if j == *sel {
                        Span::styled(
                            format!("◀ {o} ▶ "),
                            Style::default().add_modifier(Modifier::REVERSED),
                        )
                    } else {
                        Span::raw(format!("{o} "))
                    }
                })
                .collect();
            f.render_widget(Paragraph::new(Line::from(text)).block(b), a);
        }
        _ => {
            let inner_a = b.inner(a);
            f.render_widget(b, a);
            if focused {
                f.render_widget(&fl.area, inner_a);
            } else {
                let v = fl.value();
                f.render_widget(Paragraph::new(crate::text::sanitize(&v, true)), inner_a);
            }
        }
    }
}
