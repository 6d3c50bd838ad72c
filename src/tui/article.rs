//! Article layout: word-wrapping by display width (CJK and emoji count
//! two columns, combining marks none), with untrusted characters replaced
//! by visible placeholders and a marker in front of every claim. Computed
//! once per width (in `Model::prepare`, never while drawing); drawing then
//! only styles the visible lines.

use crate::text::{is_unsafe, placeholder};
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// A claim's span in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Index into the case's claim list.
    pub claim: usize,
}

/// One piece of a display line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// Article bytes `start..end`.
    Text { start: usize, end: usize },
    /// The marker of a claim (index into the claim list).
    Marker(usize),
}

/// A wrapped article.
#[derive(Debug, Clone, Default)]
pub struct ArticleLayout {
    /// The width it was wrapped for.
    pub width: usize,
    /// Items, with each line a range of them.
    pub items: Vec<Item>,
    /// `items[lines[i].0..lines[i].1]` is display line `i`.
    pub lines: Vec<(usize, usize)>,
    /// (claim index, display line of its marker).
    pub claim_lines: Vec<(usize, usize)>,
    /// (byte offset, display line) for the first item of each line.
    pub line_starts: Vec<usize>,
}

/// How a character is shown: itself, or a visible placeholder.
pub fn display_char(c: char) -> Cow<'static, str> {
    match c {
        '\t' => Cow::Borrowed("    "),
        c if is_unsafe(c) || c == '\r' => Cow::Owned(placeholder(c)),
        c => {
            let mut s = String::new();
            s.push(c);
            Cow::Owned(s)
        }
    }
}

/// Display width of `s` once made safe.
pub fn display_width(s: &str) -> usize {
    if !s.chars().any(|c| is_unsafe(c) || c == '\t' || c == '\r') {
        return UnicodeWidthStr::width(s);
    }
    s.chars().map(|c| display_char(c).width()).sum()
}

fn new_line(lay: &mut ArticleLayout, first: &mut usize, cur: &mut usize, at: usize) {
    lay.lines.push((*first, lay.items.len()));
    *first = lay.items.len();
    *cur = 0;
    lay.line_starts.push(at);
}

impl ArticleLayout {
    /// Wraps `article` to `width` columns; `marker_width(claim)` is the
    /// width of a claim's marker. `marks` must be sorted by start.
    pub fn new(
        article: &str,
        marks: &[Mark],
        marker_width: &dyn Fn(usize) -> usize,
        width: usize,
    ) -> Self {
        let width = width.max(8);
        let mut lay = ArticleLayout {
            width,
            ..Default::default()
        };
        let mut mi = 0; // next mark to place
        let mut offset = 0;
        for src in article.split('\n') {
            let line_end = offset + src.len();
            let mut cur = 0usize;
            let mut line_first = lay.items.len();
            lay.line_starts.push(offset);
            let mut tok_start = offset;
            // Tokens: runs of spaces or non-spaces, split at mark starts.
            let bytes = src.as_bytes();
            let mut i = 0;
            while i <= src.len() {
                let at_end = i == src.len();
                let boundary = at_end
                    || (i > 0
                        && src.is_char_boundary(i)
                        && ((bytes[i] == b' ') != (bytes[i - 1] == b' ')
                            || marks.get(mi).is_some_and(|m| m.start == offset + i)));
                if boundary && offset + i > tok_start {
                    let (s, e) = (tok_start, offset + i);
                    let tok = &article[s..e];
                    let is_space = tok.bytes().all(|b| b == b' ');
                    let w = display_width(tok);
                    if is_space {
                        if cur + w <= width {
                            lay.items.push(Item::Text { start: s, end: e });
                            cur += w;
                        } else {
                            new_line(&mut lay, &mut line_first, &mut cur, e);
                        }
                    } else if cur + w <= width {
                        lay.items.push(Item::Text { start: s, end: e });
                        cur += w;
                    } else {
                        if cur > 0 {
                            new_line(&mut lay, &mut line_first, &mut cur, s);
                        }
                        // Hard-split words wider than the line.
                        let mut ps = s;
                        for (ci, c) in tok.char_indices() {
                            let cw = display_char(c).width();
                            if cur + cw > width && cur > 0 {
                                lay.items.push(Item::Text {
                                    start: ps,
                                    end: s + ci,
                                });
                                new_line(&mut lay, &mut line_first, &mut cur, s + ci);
                                ps = s + ci;
                            }
                            cur += cw;
                        }
                        lay.items.push(Item::Text { start: ps, end: e });
                    }
                    tok_start = e;
                }
                // Markers of claims starting here.
                while let Some(m) = marks.get(mi) {
                    if m.start > offset + i
                        || (m.start == offset + i && !at_end && !boundary && i > 0)
                    {
                        break;
                    }
                    let w = marker_width(m.claim);
                    if cur + w > width && cur > 0 {
                        new_line(&mut lay, &mut line_first, &mut cur, offset + i);
                    }
                    lay.claim_lines.push((m.claim, lay.lines.len()));
                    lay.items.push(Item::Marker(m.claim));
                    cur += w;
                    mi += 1;
                }
                if at_end {
                    break;
                }
                i += 1;
                while i < src.len() && !src.is_char_boundary(i) {
                    i += 1;
                }
            }
            lay.lines.push((line_first, lay.items.len()));
            offset = line_end + 1;
        }
        // Marks past the end of the article (stale files) are not shown.
        lay
    }

    /// The display line of a claim's marker.
    pub fn line_of_claim(&self, claim: usize) -> Option<usize> {
        self.claim_lines
            .iter()
            .find(|(c, _)| *c == claim)
            .map(|(_, l)| *l)
    }

    /// The display line showing byte `offset`.
    pub fn line_of_offset(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

/// The end of the word after `end` (for extending a selection).
pub fn next_word_end(article: &str, end: usize) -> usize {
    let rest = &article[end..];
    let skip = rest.len() - rest.trim_start_matches(' ').len();
    let after = &rest[skip..];
    let w = after.find([' ', '\n']).unwrap_or(after.len());
    if w == 0 {
        end
    } else {
        end + skip + w
    }
}

/// The end of the word before the last one ending at `end`.
pub fn prev_word_end(article: &str, start: usize, end: usize) -> usize {
    let s = &article[start..end];
    match s.trim_end().rfind(' ') {
        Some(i) => start + s[..i].trim_end().len(),
        None => end,
    }
}

/// The start of the next word after `start` (moving a start later).
pub fn next_word_start(article: &str, start: usize, end: usize) -> usize {
    let s = &article[start..end];
    match s.find(' ') {
        Some(i) => {
            let rest = &s[i..];
            start + i + (rest.len() - rest.trim_start().len())
        }
        None => start,
    }
}

/// The start of the word before `start` on the same line.
pub fn prev_word_start(article: &str, start: usize) -> usize {
    let before = &article[..start];
    let t = before.trim_end_matches(' ');
    if t.ends_with('\n') || t.is_empty() {
        return start;
    }
    t.rfind([' ', '\n']).map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(a: &str, lay: &ArticleLayout, line: usize) -> String {
        let (s, e) = lay.lines[line];
        lay.items[s..e]
            .iter()
            .map(|it| match it {
                Item::Text { start, end } => a[*start..*end].chars().map(display_char).collect(),
                Item::Marker(c) => format!("[{c}]"),
            })
            .collect()
    }

    #[test]
    fn wraps_by_display_width() {
        let a = "日本語のテキスト and more words here";
        let lay = ArticleLayout::new(a, &[], &|_| 3, 10);
        for l in 0..lay.lines.len() {
            assert!(
                display_width(&text_of(a, &lay, l)) <= 10,
                "{}",
                text_of(a, &lay, l)
            );
        }
        assert!(lay.lines.len() >= 3);
    }

    #[test]
    fn markers_sit_before_claims() {
        let a = "Intro text. The claim is here. End.";
        let start = a.find("The claim").unwrap();
        let marks = [Mark {
            start,
            end: start + 19,
            claim: 0,
        }];
        let lay = ArticleLayout::new(a, &marks, &|_| 3, 80);
        assert_eq!(
            text_of(a, &lay, 0),
            "Intro text. [0]The claim is here. End."
        );
        assert_eq!(lay.line_of_claim(0), Some(0));
    }

    #[test]
    fn escapes_become_placeholders() {
        let a = "red\u{1b}[31m x\u{202e}y";
        let lay = ArticleLayout::new(a, &[], &|_| 3, 80);
        let t = text_of(a, &lay, 0);
        assert!(t.contains('␛') && t.contains("⟨U+202E⟩"));
        assert!(!t.chars().any(is_unsafe));
    }

    #[test]
    fn word_moves() {
        let a = "alpha beta gamma";
        assert_eq!(&a[..next_word_end(a, 5)], "alpha beta");
        assert_eq!(&a[..prev_word_end(a, 0, 16)], "alpha beta");
        assert_eq!(&a[next_word_start(a, 0, 16)..], "beta gamma");
        assert_eq!(prev_word_start(a, 6), 0);
    }
}
