//! The case list: two lines per case (title and progress; date, outlet,
//! assignees, last change and counts per status).

use super::style::{accent, fg, pad, status_style, status_symbol};
use crate::text::one_line;
use crate::tui::app::{CaseListState, Model};
use crate::tui::data::{ago, Summary};
use crate::tui::layout::case_list_rows;
use crate::tui::strings as S;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

fn bar(done: usize, total: usize, width: usize) -> String {
    // Rounded down: the bar is full only when every claim is decided.
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// Draws the list: a title with the filter, then two lines per case on
/// screen (a placeholder until its summary is loaded).
pub fn draw(m: &Model, f: &mut Frame, area: Rect) {
    let l = &m.cases;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title(l))
        .border_style(accent(m));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(p) = &l.problem {
        lines.push(Line::styled(one_line(p), fg(m, Color::Red)));
    } else if l.names.is_empty() {
        lines.push(Line::raw(S::NO_CASES));
    } else if l.visible.is_empty() {
        lines.push(Line::raw(S::NO_MATCH));
    }
    let rows = case_list_rows(area.height);
    for (row, &i) in l.visible.iter().enumerate().skip(l.offset).take(rows) {
        let selected = row == l.sel;
        let base = if selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let cursor = if selected { "▸ " } else { "  " };
        let name = &l.names[i];
        match l.summaries.get(i).and_then(Option::as_ref) {
            None => {
                lines.push(Line::styled(
                    pad(&format!("{cursor}{}", one_line(name)), w),
                    base,
                ));
                lines.push(Line::raw(format!("   {}", S::LOADING)));
            }
            Some(s) => lines.extend(summary_lines(m, s, name, cursor, base, w)),
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// "Cases (12)", or with a filter "Cases (3 of 12) · filter: kyiv▏".
fn title(l: &CaseListState) -> String {
    if l.filter.is_empty() && !l.filtering {
        format!(" {} ({}) ", S::CASES_TITLE, l.names.len())
    } else {
        format!(
            " {} ({} of {}) · {}{}{} ",
            S::CASES_TITLE,
            l.visible.len(),
            l.names.len(),
            S::FILTER_PROMPT,
            one_line(&l.filter),
            if l.filtering { "▏" } else { "" }
        )
    }
}

/// The two lines of a loaded case, `w` columns wide: title and progress
/// bar; date, outlet, assignees, last change and counts per status.
fn summary_lines(
    m: &Model,
    s: &Summary,
    name: &str,
    cursor: &str,
    base: Style,
    w: usize,
) -> [Line<'static>; 2] {
    let right_w = 24.min(w / 3);
    let left_w = w.saturating_sub(right_w + 3);
    let title = if s.title.is_empty() {
        one_line(name)
    } else {
        one_line(&s.title)
    };
    let progress = format!("{} {}/{}", bar(s.decided, s.total, 10), s.decided, s.total);
    let first = Line::from(vec![
        Span::styled(
            pad(&format!("{cursor}{title}"), left_w),
            base.add_modifier(Modifier::BOLD),
        ),
        Span::styled(" │ ", base),
        Span::styled(pad(&progress, right_w), base.patch(fg(m, Color::Green))),
    ]);
    let mut meta = vec![s.date.clone().unwrap_or_else(|| "no date".into())];
    if let Some(o) = &s.outlet {
        meta.push(one_line(o));
    }
    meta.push(if s.assignees.is_empty() {
        "unassigned".into()
    } else {
        format!("@{}", one_line(&s.assignees.join(", @")))
    });
    if let Some(t) = s.changed {
        meta.push(format!("changed {}", ago(t, m.now)));
    }
    // What needs the editor comes first: it is never cut off.
    let review = s.review.text();
    if !review.is_empty() {
        meta.insert(0, review);
    }
    if let Some(p) = &s.problem {
        meta.push(format!("⚠ {}", one_line(p)));
    }
    let mut spans = vec![
        Span::styled(
            pad(&format!("    {}", meta.join(" · ")), left_w),
            fg(m, Color::DarkGray),
        ),
        Span::raw(" │ "),
    ];
    spans.extend(status_counts(m, s, right_w));
    [first, Line::from(spans)]
}

/// "○3 ✓2 ⊘1": claims per status, as many as fit in `width` columns.
fn status_counts(m: &Model, s: &Summary, width: usize) -> Vec<Span<'static>> {
    let mut counts: Vec<Span> = Vec::new();
    for (st, n) in &s.by_status {
        counts.push(Span::styled(
            format!("{}{n} ", status_symbol(m, st)),
            status_style(m, st),
        ));
    }
    if s.dismissed > 0 {
        counts.push(Span::styled(
            format!("⊘{} ", s.dismissed),
            fg(m, Color::DarkGray),
        ));
    }
    let mut used = 0;
    counts
        .into_iter()
        .take_while(|c| {
            used += c.width();
            used <= width
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::bar;

    /// Regression (issue 9): the bar was full at 10 of 11.
    #[test]
    fn the_bar_is_full_only_when_all_are_decided() {
        assert_eq!(bar(10, 11, 10), format!("{}░", "█".repeat(9)));
        assert_eq!(bar(11, 11, 10), "█".repeat(10));
        assert_eq!(bar(0, 0, 4), "░░░░");
        assert_eq!(bar(1, 11, 10), "░".repeat(10));
    }
}
