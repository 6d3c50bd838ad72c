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
        Overlay::Help(scroll) => help(m, f, body, *scroll),
        Overlay::Form(form) => draw_form(m, form, f, body),
        Overlay::Picker(p) => {
            let w = body.width.saturating_sub(8).min(90);
            // The selected option's reason, wrapped in full below the list.
            let why = match p.options.get(p.sel) {
                Some((_, _, Some(w))) => format!("✗ {}: {}", S::PICK_REFUSED, one_line(w)),
                _ => String::new(),
            };
            let why_rows = wrapped_rows(&why, w.saturating_sub(2) as usize);
            let h = p.options.len() as u16 + 3 + why_rows as u16;
            let area = centered(body, w, h);
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
                    None if p.current == Some(i) => format!("  {}", S::PICK_CURRENT),
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
            if !why.is_empty() {
                for row in wrap_words(&why, inner.width as usize) {
                    lines.push(Line::styled(row, fg(m, Color::Red)));
                }
            }
            f.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::Pager(p) => {
            let area = centered(body, body.width.saturating_sub(4), body.height);
            let inner = popup(m, f, area, &p.title);
            // Lines were made safe when the pager opened; wrapped here.
            let width = inner.width as usize;
            let lines: Vec<Line> = p
                .lines
                .iter()
                .skip(p.scroll)
                .flat_map(|l| {
                    if l.is_empty() {
                        vec![String::new()]
                    } else {
                        wrap_words(l, width)
                    }
                })
                .take(inner.height as usize)
                .map(Line::raw)
                .collect();
            f.render_widget(Paragraph::new(lines), inner);
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
                Some(Ok(v)) => {
                    // Authors in full (up to a third of the pane), aligned.
                    let author_w = v
                        .iter()
                        .map(|e| crate::text::width(&one_line(&e.author)))
                        .max()
                        .unwrap_or(0)
                        .clamp(6, (inner.width as usize / 3).max(6));
                    v.iter()
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
                                    format!("{} ", pad(&one_line(&e.author), author_w)),
                                    fg(m, Color::Cyan),
                                ),
                                Span::raw(one_line(&e.subject)),
                                Span::styled(step, fg(m, Color::DarkGray)),
                            ])
                        })
                        .collect()
                }
            };
            f.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::Confirm(what, form_below) => {
            let text = match what {
                Confirm::Quit => S::CONFIRM_QUIT.to_string(),
                Confirm::DiscardForm => S::CONFIRM_DISCARD.to_string(),
                // Long labels are cut so that the keys stay in the box.
                Confirm::WithdrawEvidence => S::confirm_withdraw(
                    &form_below
                        .as_ref()
                        .map(|f| fit(&one_line(&f.context), 60))
                        .unwrap_or_default(),
                ),
                Confirm::Restore { claim, reason } => {
                    S::confirm_restore(claim.as_str(), &fit(&one_line(reason), 60))
                }
            };
            let area = centered(body, 60, 7);
            let inner = popup(m, f, area, "?");
            f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        }
    }
}

/// Rows `text` takes wrapped at `width` columns (at least one).
pub(super) fn wrapped_rows(text: &str, width: usize) -> usize {
    if text.is_empty() {
        return 0;
    }
    wrap_words(text, width).len()
}

/// The keys of the screen underneath: one column, descriptions wrapped,
/// scrolled with j/k when taller than the screen.
fn help(m: &Model, f: &mut Frame, body: Rect, scroll: usize) {
    let ctx = m.screen_context();
    let table = keymap::table(ctx);
    let width = body.width.saturating_sub(4).min(100);
    let key_w = table
        .iter()
        .map(|b| crate::text::width(&keymap::keys_label(b)))
        .max()
        .unwrap_or(8)
        + 2;
    let desc_w = (width as usize).saturating_sub(2 + key_w).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for b in table {
        let rows = wrap_words(b.long(), desc_w);
        for (k, row) in rows.into_iter().enumerate() {
            let key = if k == 0 {
                keymap::keys_label(b)
            } else {
                String::new()
            };
            lines.push(Line::from(vec![
                Span::styled(
                    pad(&key, key_w),
                    fg(m, Color::Cyan).add_modifier(Modifier::BOLD),
                ),
                Span::raw(row),
            ]));
        }
    }
    let height = (lines.len() as u16 + 2).min(body.height);
    let area = centered(body, width, height);
    let visible = height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let more = if lines.len() > visible {
        " · j/k scroll"
    } else {
        ""
    };
    f.render_widget(Clear, area);
    let b = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} · {} ", S::HELP_TITLE, ctx.title()))
        .title_bottom(format!(" {}{more} ", S::HELP_CLOSE))
        .border_style(accent(m));
    let inner = b.inner(area);
    f.render_widget(b, area);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// Greedy word wrap by display width (a word longer than `width` is cut
/// into pieces); always at least one row.
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let ww = crate::text::width(word);
        let cw = crate::text::width(&cur);
        if !cur.is_empty() && cw + 1 + ww > width {
            rows.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
        while crate::text::width(&cur) > width {
            let head = fit_exact(&cur, width);
            let rest = cur[head.len()..].to_string();
            rows.push(head);
            cur = rest;
        }
    }
    rows.push(cur);
    rows
}

/// The longest prefix of `s` at most `width` columns wide (at least one
/// character, so wrapping always makes progress).
fn fit_exact(s: &str, width: usize) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        let mut next = out.clone();
        next.push(ch);
        if crate::text::width(&next) > width && !out.is_empty() {
            break;
        }
        out = next;
    }
    out
}

/// A form: the quoted context, one box per field, then the error (if
/// any) and the key hints.
fn draw_form(m: &Model, form: &Form, f: &mut Frame, body: Rect) {
    let w = body.width.saturating_sub(6).min(100);
    let err_rows = form
        .error
        .as_ref()
        .map_or(1, |e| {
            wrapped_rows(&format!("✗ {}", one_line(e)), w.saturating_sub(2) as usize)
        })
        .clamp(1, 4) as u16;
    // A form taller than the screen (evidence, attribution at 80×24) draws
    // its one-line fields on one row each, label beside the value.
    let compact = form_height(form, false) + err_rows - 1 > body.height;
    let area = centered(
        body,
        w,
        (form_height(form, compact) + err_rows - 1).min(body.height),
    );
    let inner = popup(m, f, area, form.title);
    let areas = form_rows(form, inner, err_rows, compact);
    let label_w = form
        .fields
        .iter()
        .map(|fl| crate::text::width(fl.label))
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width / 3));
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
        if compact && fl.kind != FieldKind::Multi {
            draw_row_field(m, fl, i == form.focus, label_w, f, areas[k + i]);
        } else {
            draw_field(m, fl, i == form.focus, f, areas[k + i]);
        }
    }
    let n = form.fields.len() + k;
    if let Some(e) = &form.error {
        let rows: Vec<Line> = wrap_words(&format!("✗ {}", one_line(e)), inner.width as usize)
            .into_iter()
            .map(Line::raw)
            .collect();
        f.render_widget(
            Paragraph::new(rows).style(fg(m, Color::Red).add_modifier(Modifier::BOLD)),
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
fn form_height(form: &Form, compact: bool) -> u16 {
    form.fields
        .iter()
        .map(|fl| match fl.kind {
            FieldKind::Multi => 6,
            _ if compact => 1,
            _ => 3,
        })
        .sum::<u16>()
        + 4
        + if form.context.is_empty() { 0 } else { 4 }
}

/// The form's rows inside its popup: context (if any), one per field,
/// the error line and the hint line.
fn form_rows(form: &Form, inner: Rect, err_rows: u16, compact: bool) -> std::rc::Rc<[Rect]> {
    let mut cons = Vec::new();
    if !form.context.is_empty() {
        cons.push(Constraint::Length(if compact { 2 } else { 4 }));
    }
    for fl in &form.fields {
        cons.push(match fl.kind {
            FieldKind::Multi => Constraint::Min(3),
            _ if compact => Constraint::Length(1),
            _ => Constraint::Length(3),
        });
    }
    cons.push(Constraint::Length(err_rows));
    cons.push(Constraint::Length(1));
    Layout::vertical(cons).split(inner)
}

/// One field on one row, `Label  value`: the compact form of a one-line
/// field or a choice.
fn draw_row_field(m: &Model, fl: &Field, focused: bool, label_w: usize, f: &mut Frame, a: Rect) {
    let label_st = if focused {
        accent(m).add_modifier(Modifier::BOLD)
    } else {
        fg(m, Color::DarkGray)
    };
    let lw = (label_w as u16 + 2).min(a.width);
    let [la, va] = Layout::horizontal([Constraint::Length(lw), Constraint::Min(1)]).areas(a);
    f.render_widget(
        Paragraph::new(Span::styled(
            pad(&fit(fl.label, label_w), label_w),
            label_st,
        )),
        la,
    );
    match &fl.kind {
        FieldKind::Choice(opts, sel) => {
            let text = choice_spans(opts, *sel);
            f.render_widget(Paragraph::new(Line::from(text)), va);
        }
        _ if focused => f.render_widget(&fl.area, va),
        _ => f.render_widget(Paragraph::new(crate::text::sanitize(&fl.value(), true)), va),
    }
}

/// A choice as `◀ value ▶` among the others.
fn choice_spans(opts: &[String], sel: usize) -> Vec<Span<'static>> {
    opts.iter()
        .enumerate()
        .map(|(j, o)| {
            if j == sel {
                Span::styled(
                    format!("◀ {o} ▶ "),
                    Style::default().add_modifier(Modifier::REVERSED),
                )
            } else {
                Span::raw(format!("{o} "))
            }
        })
        .collect()
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
            let text = choice_spans(opts, *sel);
            f.render_widget(Paragraph::new(Line::from(text)).block(b), a);
        }
        _ => {
            let inner_a = b.inner(a);
            f.render_widget(b, a);
            match focused {
                // Multi-line fields wrap at the box edge (set in `form`).
                true => f.render_widget(&fl.area, inner_a),
                false => {
                    let v = fl.value();
                    f.render_widget(
                        Paragraph::new(crate::text::sanitize(&v, true)).wrap(Wrap { trim: false }),
                        inner_a,
                    );
                }
            }
        }
    }
}
