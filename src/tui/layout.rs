//! Screen geometry shared by `app` (which wraps the article and keeps
//! selections in view before drawing), `update` (mouse hit-tests) and the
//! views (which draw into the same rectangles). It depends on sizes only,
//! never on the model, so none of those three has to import another.

use crate::ops::CaseBundle;
use ratatui::layout::{Constraint, Layout, Rect};

/// Smallest supported terminal.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Rows taken by the header, notice and footer lines around the body.
const CHROME_ROWS: u16 = 3;

/// The case view: article on the left (60%), claims on the right.
pub fn case_view_split(area: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area)
}

/// Inner size (columns, rows) of the article pane of the case view at
/// terminal `size`; the case view draws with the same split.
pub fn article_area_size(size: (u16, u16)) -> (usize, usize) {
    let (w, h) = size;
    let body_h = h.saturating_sub(CHROME_ROWS);
    let [left, _] = case_view_split(Rect::new(0, 0, w, body_h));
    (
        left.width.saturating_sub(2) as usize,
        left.height.saturating_sub(2) as usize,
    )
}

/// Rows of the case list that fit in a body `height` high (each case
/// takes two lines, inside a border).
pub fn case_list_rows(height: u16) -> usize {
    (height.saturating_sub(2) as usize / 2).max(1)
}

/// Cases that fit on the case list at terminal `size`.
pub fn case_rows(size: (u16, u16)) -> usize {
    case_list_rows(size.1.saturating_sub(CHROME_ROWS))
}

/// Display width of claim `i`'s in-article marker `[c03✓]`: every status
/// symbol is one column wide, so it depends on the id only.
pub fn marker_width(bundle: &CaseBundle, i: usize) -> usize {
    bundle.claims.get(i).map_or(0, |d| d.id.as_str().len() + 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_pane_is_the_left_split_inside_its_border() {
        // 80×24: body 21 rows, left pane 48 columns; minus the border.
        assert_eq!(article_area_size((80, 24)), (46, 19));
        assert_eq!(case_rows((80, 24)), 9);
        assert_eq!(case_list_rows(0), 1);
    }
}
