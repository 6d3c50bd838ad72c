//! The claim view: the guided walk-through of one claim.

use super::style::{fg, pad, pane_block as block, status_style, status_symbol};
use crate::model::Claim;
use crate::text::{one_line, sanitize, width};
use crate::tui::app::{ClaimFocus, ClaimPane, Model, OpenCase};
use crate::tui::strings as S;
use crate::tui::symbols::{attribution as attribution_symbol, step as step_symbol};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(m: &Model, f: &mut Frame, area: Rect) {
    let Some((o, focus, id, value)) = m.focused_claim() else {
        return;
    };
    let Some(c) = value else {
        let why = o
            .bundle
            .claims
            .get(focus.idx)
            .and_then(|d| d.error.as_ref())
            .map(|d| {
                format!(
                    "{}:{}:{}: {}",
                    d.file,
                    d.line,
                    d.column,
                    one_line(&d.message)
                )
            })
            .unwrap_or_default();
        let text = match m.conflict_of(&format!("{}/{id}", o.id)) {
            Some(c) => conflict_text(c),
            None => format!("{id}: {}\n\n{why}", S::INVALID_CLAIM),
        };
        f.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::ALL)),
            area,
        );
        return;
    };
    // A request for changes is the first thing the editor sees.
    let area = match review_banner(m, c, area.width) {
        Some(lines) => {
            let h = (lines.len() as u16).min(area.height / 3).max(1);
            let [top, rest] =
                Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(area);
            f.render_widget(Paragraph::new(lines), top);
            rest
        }
        None => area,
    };
    let tall = area.height >= 30;
    let ctx_h = if tall { 8 } else { 5 };
    // The info block grows with a long chain or caveats, but the checklist
    // keeps at least 8 rows.
    let room = area.height.saturating_sub(ctx_h + 8).max(4);
    let info = info_lines(m, c);
    let info_h = info_height(&info, area.width).clamp(4, room);
    let [ctx_area, info_area, body] = Layout::vertical([
        Constraint::Length(ctx_h),
        Constraint::Length(info_h),
        Constraint::Min(5),
    ])
    .areas(area);
    draw_context(m, o, c, f, ctx_area);
    f.render_widget(Paragraph::new(info).wrap(Wrap { trim: true }), info_area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(body);
    let seen = m.seen.of(id.as_str());
    if seen.is_empty() {
        let [steps_area, ev_area] =
            Layout::vertical([Constraint::Percentage(65), Constraint::Percentage(35)]).areas(left);
        draw_steps(m, c, focus, f, steps_area);
        draw_evidence_list(m, c, focus, f, ev_area);
    } else {
        // Seen before: the earlier claims like this one, under the evidence.
        let [steps_area, ev_area, seen_area] = Layout::vertical([
            Constraint::Percentage(45),
            Constraint::Percentage(22),
            Constraint::Percentage(33),
        ])
        .areas(left);
        draw_steps(m, c, focus, f, steps_area);
        draw_evidence_list(m, c, focus, f, ev_area);
        draw_seen(m, seen, f, seen_area);
    }
    draw_detail(m, c, focus, f, right);
}

/// The banner of a claim whose reviewer asked for changes: who, when, the
/// note (wrapped, in full) and how to answer, framed above everything.
fn review_banner(m: &Model, c: &Claim, width: u16) -> Option<Vec<Line<'static>>> {
    let crate::tui::review::Shown::ChangesRequested { by, at, note } = m.review_of(c) else {
        return None;
    };
    let w = usize::from(width.max(10));
    let st = fg(m, Color::Yellow).add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let head = S::changes_requested(&one_line(&by), &at.format("%Y-%m-%d %H:%M").to_string());
    let mut lines = vec![Line::styled(pad(&head, w), st)];
    let body = fg(m, Color::Yellow);
    for para in sanitize(&note, true).lines() {
        for row in super::overlays::wrap_words(para, w.saturating_sub(2)) {
            lines.push(Line::styled(format!("  {row}"), body));
        }
    }
    for row in super::overlays::wrap_words(S::ANSWER_REVIEW, w.saturating_sub(2)) {
        lines.push(Line::styled(format!("  {row}"), fg(m, Color::DarkGray)));
    }
    Some(lines)
}

/// Both sides of a conflicted claim, in factdesk's terms.
fn conflict_text(c: &crate::ops::conflicts::Conflict) -> String {
    let (o, t) = if c.rebasing {
        (
            "o  keep --ours (the remote's version), which changed:",
            "T  keep --theirs (your own change), which changed:",
        )
    } else {
        (
            "o  keep --ours (your branch), which changed:",
            "T  keep --theirs (the branch being merged), which changed:",
        )
    };
    let mut s = format!("{}\n{}\n", one_line(&c.path), S::CONFLICT);
    for (label, items) in [(o, &c.ours), (t, &c.theirs)] {
        s.push_str(&format!("\n{label}\n"));
        for i in items {
            s.push_str(&format!(
                "  {}{}\n",
                if i.alert { "! " } else { "" },
                one_line(&i.text)
            ));
        }
    }
    s
}

/// The claim inside its paragraph, the claim bold and underlined.
fn draw_context(m: &Model, o: &OpenCase, c: &Claim, f: &mut Frame, area: Rect) {
    let art = &o.bundle.article;
    let (s, e) = (c.location.start, c.location.end);
    let ok = s < e && e <= art.len() && art.is_char_boundary(s) && art.is_char_boundary(e);
    let title = format!(" {} · {} ", S::IN_ARTICLE, super::kind_and_score(c));
    let b = block(m, title, false);
    let inner = b.inner(area);
    let line = if ok {
        let ps = art[..s].rfind('\n').map_or(0, |i| i + 1);
        let pe = art[e..].find('\n').map_or(art.len(), |i| e + i);
        Line::from(vec![
            Span::styled(one_line(&art[ps..s]), fg(m, Color::Gray)),
            Span::styled(
                one_line(&art[s..e]),
                status_style(m, &c.status).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            Span::styled(one_line(&art[e..pe]), fg(m, Color::Gray)),
        ])
    } else {
        Line::styled(
            format!(
                "⚠ location does not match the article: {}",
                one_line(&c.text)
            ),
            fg(m, Color::Red),
        )
    };
    // Scroll so the claim's start is on screen: estimate its wrapped row.
    let before = if ok {
        let ps = art[..s].rfind('\n').map_or(0, |i| i + 1);
        width(&one_line(&art[ps..s]))
    } else {
        0
    };
    let row = before / inner.width.max(1) as usize;
    let scroll = row.saturating_sub(1) as u16;
    f.render_widget(b, area);
    f.render_widget(
        Paragraph::new(line)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

/// Rows the info block needs at `width`, so caveats are never cut off by a
/// long chain (the article's own hedges matter most).
fn info_height(lines: &[Line<'_>], width: u16) -> u16 {
    let w = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(w))
        .sum::<usize>()
        .min(usize::from(u16::MAX)) as u16
}

/// Chain, attribution and substance (two separate verdicts), caveats.
fn info_lines(m: &Model, c: &Claim) -> Vec<Line<'static>> {
    let mut chain: Vec<String> = Vec::new();
    if let Some(o) = m.open.as_ref() {
        if let Ok(d) = &o.bundle.case {
            if let Some(out) = &d.value.outlet {
                chain.push(one_line(out));
            }
        }
    }
    for h in &c.attribution.chain {
        let h = one_line(h);
        if !chain.contains(&h) {
            chain.push(h);
        }
    }
    if let Some(sp) = &c.attribution.speaker {
        let sp = one_line(sp);
        if !chain.contains(&sp) {
            chain.push(sp);
        }
    }
    let chain_text = if chain.is_empty() {
        "the article's own voice".to_string()
    } else {
        chain.join(" ← ")
    };
    let mut lines = Vec::new();
    // The English rendering sits right under the claim's own words.
    if let Some(t) = c.translation.as_deref().filter(|t| !t.trim().is_empty()) {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}: ", S::TRANSLATION),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("“{}”", one_line(t)), fg(m, Color::Cyan)),
            Span::styled("  (S)", fg(m, Color::DarkGray)),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(
            format!("{}: ", S::CHAIN),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(chain_text),
        Span::styled(
            if c.attribution.anonymous {
                "  ◌ anonymous source"
            } else {
                ""
            },
            fg(m, Color::Yellow),
        ),
        Span::styled("  (S)", fg(m, Color::DarkGray)),
    ]));
    let a = c.attribution.status;
    lines.push(Line::from(vec![
        Span::styled(
            format!("{}: ", S::ATTRIBUTION),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!("{} {}", attribution_symbol(a), a.as_str())),
        Span::styled("  did the cited source say it? (t)", fg(m, Color::DarkGray)),
    ]));
    lines.push(Line::from(vec![
        Span::styled(
            format!("{}:   ", S::SUBSTANCE),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("{} {}", status_symbol(m, &c.status), one_line(&c.status)),
            status_style(m, &c.status).add_modifier(Modifier::BOLD),
        ),
        Span::styled("  is what it claims true? (v)", fg(m, Color::DarkGray)),
    ]));
    let review = m.review_of(c);
    if review != crate::tui::review::Shown::NoVerdict {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}:      ", S::REVIEW),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(one_line(&S::review_line(&review))),
        ]));
    }
    if let Some(d) = &c.dismissed {
        lines.push(Line::styled(
            format!("⊘ dismissed: {}", one_line(&d.reason)),
            fg(m, Color::DarkGray),
        ));
    }
    let cav = if c.caveats.is_empty() {
        "none in the article".to_string()
    } else {
        c.caveats
            .iter()
            .map(|x| one_line(x))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    lines.push(Line::from(vec![
        Span::styled(
            format!("{}: ", S::CAVEATS),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::styled(cav, fg(m, Color::Yellow)),
    ]));
    if !c.figures.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Figures: ", Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(
                c.figures
                    .iter()
                    .map(|x| one_line(x))
                    .collect::<Vec<_>>()
                    .join(" · "),
            ),
        ]));
    }
    lines
}

fn draw_steps(m: &Model, c: &Claim, focus: &ClaimFocus, f: &mut Frame, area: Rect) {
    let done = c
        .checklist
        .steps
        .iter()
        .filter(|s| s.state != crate::model::StepState::Pending)
        .count();
    let b = block(
        m,
        format!(
            " {} {} {done}/{} ",
            S::CHECKLIST_TITLE,
            one_line(&c.checklist.id),
            c.checklist.steps.len()
        ),
        focus.pane == ClaimPane::Steps,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    let rows = inner.height as usize;
    let first = focus.step.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = c
        .checklist
        .steps
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, s)| {
            let sel = i == focus.step;
            let req = m.step_def(c, &s.id).is_some_and(|d| d.required);
            let text = format!(
                "{}{} {}{}",
                if sel { "▸" } else { " " },
                step_symbol(s.state),
                one_line(&s.id),
                if req { "" } else { " (optional)" }
            );
            let st = match s.state {
                crate::model::StepState::Pending => Style::default(),
                crate::model::StepState::Done => fg(m, Color::Green),
                _ => fg(m, Color::DarkGray),
            };
            let st = if sel && focus.pane == ClaimPane::Steps {
                st.add_modifier(Modifier::REVERSED)
            } else {
                st
            };
            Line::styled(pad(&text, inner.width as usize), st)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// The "seen before" panel: each earlier claim (case/claim, verdict and
/// review) or published fact-check (publisher, rating, address), with its
/// score and level, best first; the key that copies evidence last.
fn draw_seen(m: &Model, seen: &[crate::tui::seen::SeenMatch], f: &mut Frame, area: Rect) {
    let b = block(m, format!(" {} ({}) ", S::SEEN_TITLE, seen.len()), false);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = usize::from(inner.width);
    let rows = usize::from(inner.height);
    let mut lines: Vec<Line> = Vec::new();
    for s in seen {
        let level = s.level.map_or("", crate::matching::Level::as_str);
        let st = match s.level {
            Some(crate::matching::Level::Same) => fg(m, Color::Green),
            _ => fg(m, Color::Yellow),
        }
        .add_modifier(Modifier::BOLD);
        // A claim: where, then its verdict; a fact-check: who and what
        // rating, then its address.
        let (first, second) = match &s.url {
            Some(url) => (one_line(&s.verdict), one_line(url)),
            None => (one_line(&s.target()), one_line(&s.verdict)),
        };
        let head = format!("≈ {first} {:.2} {level}", s.score);
        lines.push(Line::styled(crate::text::fit(&head, w), st));
        lines.push(Line::raw(crate::text::fit(&format!("  {second}"), w)));
        lines.push(Line::styled(
            crate::text::fit(&format!("  {}", one_line(&s.text)), w),
            fg(m, Color::Gray),
        ));
    }
    // The key's hint stays on screen whatever the number of matches.
    let keep = rows.saturating_sub(1);
    lines.truncate(keep);
    lines.push(Line::styled(
        crate::text::fit(S::SEEN_COPY_HINT, w),
        fg(m, Color::DarkGray),
    ));
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_evidence_list(m: &Model, c: &Claim, focus: &ClaimFocus, f: &mut Frame, area: Rect) {
    let b = block(
        m,
        format!(" {} ({}) ", S::EVIDENCE_TITLE, c.evidence.len()),
        focus.pane == ClaimPane::Evidence,
    );
    let inner = b.inner(area);
    f.render_widget(b, area);
    if c.evidence.is_empty() {
        f.render_widget(
            Paragraph::new(S::NO_EVIDENCE).wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows = inner.height as usize;
    let first = focus.evidence.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = c
        .evidence
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, e)| {
            let sym = match e.stance {
                crate::model::Stance::Supports => "+",
                crate::model::Stance::Refutes => "−",
                crate::model::Stance::Context => "~",
            };
            let sel = i == focus.evidence && focus.pane == ClaimPane::Evidence;
            // ✓: the page was captured; Enter reads it.
            let mut text = format!(
                "{} {}{} {}",
                if e.is_withdrawn() { "⊘" } else { sym },
                if e.capture.is_some() {
                    format!("{} ", S::CAPTURE_MARK)
                } else {
                    String::new()
                },
                e.kind_or_guess().as_str(),
                one_line(e.label())
            );
            if let Some(w) = &e.withdrawn {
                text.push_str(" — ");
                text.push_str(&S::withdrawn_by(&one_line(&w.by), &one_line(&w.note)));
            }
            // A withdrawn item stays listed, struck through and dimmed.
            let st = if e.is_withdrawn() {
                fg(m, Color::DarkGray).add_modifier(Modifier::CROSSED_OUT | Modifier::DIM)
            } else {
                Style::default()
            };
            let st = if sel {
                st.add_modifier(Modifier::REVERSED)
            } else {
                st
            };
            Line::styled(pad(&text, inner.width as usize), st)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// The right-hand pane: what the focused pane's selection is about.
fn draw_detail(m: &Model, c: &Claim, focus: &ClaimFocus, f: &mut Frame, area: Rect) {
    let (title, lines) = match focus.pane {
        ClaimPane::Steps => step_detail(m, c, focus),
        ClaimPane::Evidence => evidence_detail(m, c, focus),
        ClaimPane::Notes => notes_detail(c),
    };
    let b = block(m, title, true);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((focus.notes_scroll.min(u16::MAX as usize) as u16, 0))
            .block(b),
        area,
    );
}

/// The selected step: its prompt and guidance from the checklist, its
/// state, who set it and its note, and the keys that act on it.
fn step_detail(m: &Model, c: &Claim, focus: &ClaimFocus) -> (String, Vec<Line<'static>>) {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let Some(rec) = c.checklist.steps.get(focus.step) else {
        return (
            " Checklist ".into(),
            vec![Line::raw("this checklist has no steps")],
        );
    };
    let title = format!(
        " Step {}/{}: {} ",
        focus.step + 1,
        c.checklist.steps.len(),
        one_line(&rec.id)
    );
    let mut lines = Vec::new();
    match m.step_def(c, &rec.id) {
        Some(d) => {
            lines.push(Line::styled(one_line(&d.prompt), bold));
            if !d.guidance.is_empty() {
                lines.push(Line::raw(""));
                for l in sanitize(&d.guidance, true).lines() {
                    lines.push(Line::styled(l.to_string(), fg(m, Color::Gray)));
                }
            }
        }
        None => lines.push(Line::styled(
            "⚠ this step is not in the checklist file (changed since?)",
            fg(m, Color::Red),
        )),
    }
    lines.push(Line::raw(""));
    let mut state = format!("{} {}", step_symbol(rec.state), rec.state.as_str());
    if let Some(by) = &rec.by {
        state.push_str(&format!(" by {}", one_line(by)));
    }
    if let Some(at) = &rec.at {
        state.push_str(&format!(" at {}", at.format("%Y-%m-%d %H:%M")));
    }
    lines.push(Line::from(vec![
        Span::styled("State: ", bold),
        Span::raw(state),
    ]));
    if !rec.note.is_empty() {
        lines.push(Line::styled(format!("{}:", S::STEP_NOTE), bold));
        for l in sanitize(&rec.note, true).lines() {
            lines.push(Line::raw(l.to_string()));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "d done · s skip (why?) · x n/a · u undo · e note · n next",
        fg(m, Color::DarkGray),
    ));
    (title, lines)
}

/// The selected evidence item, field by field.
fn evidence_detail(m: &Model, c: &Claim, focus: &ClaimFocus) -> (String, Vec<Line<'static>>) {
    let Some(e) = c.evidence.get(focus.evidence) else {
        return (
            format!(" {} ", S::EVIDENCE_TITLE),
            vec![Line::raw(S::NO_EVIDENCE)],
        );
    };
    let title = format!(" {} {} ", S::EVIDENCE_TITLE, focus.evidence + 1);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let row =
        |k: &str, v: String| Line::from(vec![Span::styled(format!("{k}: "), bold), Span::raw(v)]);
    let mut lines = Vec::new();
    if let Some(w) = &e.withdrawn {
        lines.push(Line::styled(
            format!(
                "⊘ {} ({})",
                S::withdrawn_by(&one_line(&w.by), &one_line(&w.note)),
                w.at.format("%Y-%m-%d %H:%M")
            ),
            fg(m, Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    lines.push(row("Kind", e.kind_or_guess().as_str().to_string()));
    if !e.description.is_empty() {
        lines.push(row("Description", one_line(&e.description)));
    }
    if !e.url.is_empty() {
        lines.push(row("URL", one_line(&e.url)));
    }
    if let Some(a) = &e.archive_url {
        lines.push(row("Archive", one_line(a)));
    }
    lines.push(row("Stance", e.stance.as_str().to_string()));
    lines.push(row(
        "Accessed",
        e.accessed.format("%Y-%m-%d %H:%M").to_string(),
    ));
    if let Some(by) = &e.added_by {
        lines.push(row("Added by", one_line(by)));
    }
    if let Some(fl) = &e.file {
        lines.push(row("File", one_line(&fl.path)));
    }
    if let Some(c) = &e.capture {
        lines.push(row(
            "Capture",
            S::capture_row(
                &c.captured_at.format("%Y-%m-%d %H:%M").to_string(),
                c.status,
                &one_line(&c.file),
            ),
        ));
    }
    if !e.excerpt.is_empty() {
        lines.push(Line::styled("Excerpt:", bold));
        for l in sanitize(&e.excerpt, true).lines() {
            lines.push(Line::raw(format!("  {l}")));
        }
    }
    for k in &e.corrections {
        lines.push(Line::styled(
            S::corrected_by(
                &one_line(&k.by),
                &k.at.format("%Y-%m-%d %H:%M").to_string(),
                &one_line(&k.note),
            ),
            fg(m, Color::DarkGray),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        if e.is_withdrawn() {
            S::EVIDENCE_KEYS_WITHDRAWN
        } else {
            S::EVIDENCE_KEYS
        },
        fg(m, Color::DarkGray),
    ));
    (title, lines)
}

/// The claim's notes, then every review given (voided ones marked), so a
/// reviewer's words are where the editor reads notes.
fn notes_detail(c: &Claim) -> (String, Vec<Line<'static>>) {
    let mut lines: Vec<Line<'static>> = if c.notes.is_empty() {
        vec![Line::raw(S::NO_NOTES)]
    } else {
        sanitize(&c.notes, true)
            .lines()
            .map(|l| Line::raw(l.to_string()))
            .collect()
    };
    if !c.review.reviews.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("{}s:", S::REVIEW),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        for r in &c.review.reviews {
            let what = match r.decision {
                crate::model::ReviewDecision::Approve => "approved",
                crate::model::ReviewDecision::RequestChanges => "asked for changes on",
            };
            lines.push(Line::raw(format!(
                "[{} {}] {what} `{}`{}",
                r.at.format("%Y-%m-%d %H:%M"),
                one_line(&r.by),
                one_line(&r.verdict),
                if r.voided { " (voided)" } else { "" }
            )));
            for l in sanitize(&r.note, true).lines() {
                lines.push(Line::raw(format!("  {l}")));
            }
        }
    }
    (format!(" {} ", S::NOTES_TITLE), lines)
}
