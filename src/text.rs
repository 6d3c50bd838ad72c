//! Making untrusted text safe to show. Article text and YAML fields can carry
//! ANSI escapes, other control characters and bidi overrides; none of them
//! may reach a terminal raw, or a hostile article could rewrite the screen or
//! make a claim read backwards.
//!
//! It is also the one place that cuts text to a width (`fit`, `clip`), so
//! every table, report and screen truncates the same, grapheme-aware way.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// True for characters that must never be written to a terminal as-is.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}'
        // Line/paragraph separators break line layout.
        | '\u{2028}' | '\u{2029}'
        | '\u{feff}')
}

/// Placeholder for an unsafe character: control pictures for C0
/// (`␛` for ESC), `⟨U+XXXX⟩` for the rest, so a reader sees that something
/// was there and what.
pub fn placeholder(c: char) -> String {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32)
            .map_or_else(|| format!("⟨U+{:04X}⟩", c as u32), String::from),
        '\u{7f}' => "␡".to_string(),
        _ => format!("⟨U+{:04X}⟩", c as u32),
    }
}

/// Replaces every unsafe character with its placeholder; tabs and newlines
/// are kept when `keep_newlines`, otherwise newlines become `⏎`.
pub fn sanitize(s: &str, keep_newlines: bool) -> String {
    if !s
        .chars()
        .any(|c| is_unsafe(c) || (!keep_newlines && c == '\n') || c == '\t' || c == '\r')
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push('⏎'),
            '\t' => out.push_str("    "),
            '\r' if keep_newlines => {}
            c if is_unsafe(c) || c == '\r' => out.push_str(&placeholder(c)),
            c => out.push(c),
        }
    }
    out
}

/// Output for a terminal (or a pipe that may end in one): line ends
/// (`\n`, `\r\n`) and tabs are kept, every other unsafe character —
/// including a lone `\r`, which would overwrite the line, and every escape
/// sequence, colours included — becomes its placeholder. factdesk's own
/// colours are added around text already cleaned, by [`Painted`].
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t')
        || !s.chars().any(|c| is_unsafe(c) || c == '\r')
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(terminal_cleaned(s))
}

/// [`terminal_safe`] without its fast path: every character looked at.
fn terminal_cleaned(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        match c {
            '\r' if rest.starts_with("\r\n") => out.push('\r'),
            c if is_unsafe(c) || c == '\r' => out.push_str(&placeholder(c)),
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// The colours factdesk paints terminal output with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Headings and names.
    Bold,
    /// Errors.
    BoldRed,
    /// Warnings.
    BoldYellow,
    /// Diagnostic gutters.
    BoldBlue,
    /// Commit ids, "waiting".
    Yellow,
    /// "Changes requested".
    Red,
    /// Case ids.
    Cyan,
}

impl Colour {
    /// The SGR sequence that turns this colour on.
    fn sgr(self) -> &'static str {
        match self {
            Self::Bold => "\u{1b}[1m",
            Self::BoldRed => "\u{1b}[1;31m",
            Self::BoldYellow => "\u{1b}[1;33m",
            Self::BoldBlue => "\u{1b}[1;34m",
            Self::Yellow => "\u{1b}[33m",
            Self::Red => "\u{1b}[31m",
            Self::Cyan => "\u{1b}[36m",
        }
    }
}

/// Terminal text built from untrusted pieces, each made
/// [`terminal_safe`] as it is added, with factdesk's own colours around
/// them. It is the only way an escape sequence reaches output: untrusted
/// text can never carry one through, not even a colour-only one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Painted {
    s: String,
    color: bool,
}

impl Painted {
    /// Empty text; colours are applied only when `color`.
    pub fn new(color: bool) -> Self {
        Self {
            s: String::new(),
            color,
        }
    }

    /// Appends `s`, cleaned.
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.s.push_str(&terminal_safe(s));
        self
    }

    /// Appends `s`, cleaned, in colour `c` (when colour is on).
    pub fn paint(&mut self, c: Colour, s: &str) -> &mut Self {
        if self.color {
            self.s.push_str(c.sgr());
            self.push(s);
            self.s.push_str("\u{1b}[0m");
        } else {
            self.push(s);
        }
        self
    }

    /// Appends `s` in colour `c` when there is one, else plain.
    pub fn span(&mut self, c: Option<Colour>, s: &str) -> &mut Self {
        match c {
            Some(c) => self.paint(c, s),
            None => self.push(s),
        }
    }

    /// The text, ready for the terminal.
    pub fn as_str(&self) -> &str {
        &self.s
    }
}

/// JSON text with every unsafe character written as a `\uXXXX` escape:
/// the same value for a JSON reader, no raw control, C1 or bidi character
/// for a terminal. Serialised JSON holds such characters only inside
/// strings (its own whitespace is spaces and newlines), and all of them are
/// in the Basic Multilingual Plane, so one escape each is exact.
pub fn json_escape_unsafe(json: &str) -> String {
    if !json.chars().any(is_unsafe) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Single-line form for tables and one-line messages.
pub fn one_line(s: &str) -> String {
    sanitize(s, false)
}

/// [`one_line`] appended to `out`, copied once: for output made of many
/// names (a `status` of 280,000 lines), where a fresh string per name was
/// a tenth of the time.
pub fn push_one_line(out: &mut String, s: &str) {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        out.push_str(s);
    } else {
        out.push_str(&sanitize(s, false));
    }
}

/// Display width of `s` in terminal columns, as ratatui lays it out: the
/// sum of its graphemes' widths (a flag or an emoji ZWJ sequence is one
/// two-column grapheme, a combining mark adds nothing).
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts `s` to at most `width` terminal columns, ending in `…` when cut.
/// Whole graphemes only, so a cut never splits what a reader sees as one
/// character; the ellipsis counts in the width. One pass over `s`.
pub fn fit(s: &str, width: usize) -> String {
    cut(s, width, UnicodeWidthStr::width)
}

/// Cuts `s` to at most `max` user-perceived characters (graphemes), ending
/// in `…` when cut; for files and reports, where columns do not matter
/// but a clipped name must still be readable.
pub fn clip(s: &str, max: usize) -> String {
    cut(s, max, |_| 1)
}

/// The shared body of `fit` and `clip`: `s` itself when its graphemes'
/// summed `size` fits in `budget`, else the longest run of whole graphemes
/// that leaves room for the `…` (nothing at all for a zero budget).
fn cut(s: &str, budget: usize, size: impl Fn(&str) -> usize) -> String {
    let mut used = 0;
    // Byte end of the longest prefix that still leaves a column for `…`.
    let mut keep = 0;
    for (i, g) in s.grapheme_indices(true) {
        used += size(g);
        if used > budget {
            let mut out = s.get(..keep).unwrap_or_default().to_string();
            if budget > 0 {
                out.push('…');
            }
            return out;
        }
        if used < budget {
            keep = i + g.len();
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_become_visible() {
        let s = one_line("a\u{1b}[31mred\u{202e}evil\u{7}\nnext");
        assert_eq!(s, "a␛[31mred⟨U+202E⟩evil␇⏎next");
        assert!(!s.chars().any(is_unsafe));
    }

    #[test]
    fn fit_counts_columns_and_keeps_room_for_the_ellipsis() {
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello world", 8), "hello w…");
        assert_eq!(width(&fit("hello world", 8)), 8);
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 1), "…");
        assert_eq!(fit("", 0), "");
    }

    /// Regression: the old TUI `fit` grew its output one `char` at a time
    /// and measured it whole, so it kept the white flag of "🏳️‍🌈" without
    /// the rainbow (an emoji ZWJ sequence), one regional indicator of a
    /// flag, or a Devanagari consonant with a dangling virama.
    #[test]
    fn fit_never_cuts_a_grapheme_in_half() {
        let rainbow = "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}";
        let family = "👨\u{200d}👩\u{200d}👧";
        let flag = "🇮🇩";
        let accent = "e\u{301}";
        assert_eq!(fit(&format!("a{rainbow}b"), 3), "a…");
        assert_eq!(fit(&format!("a{rainbow}bc"), 4), format!("a{rainbow}…"));
        assert_eq!(fit(&format!("x{flag}yz"), 3), "x…");
        assert_eq!(fit(&format!("x{flag}yz"), 4), format!("x{flag}…"));
        assert_eq!(fit("कक्षा", 3), "क…");
        assert_eq!(
            fit(&format!("caf{accent}s and"), 5),
            format!("caf{accent}…")
        );
        for s in [
            format!("a{rainbow}b{rainbow}c"),
            format!("ab{family}cd{family}"),
            format!("x{flag}{flag}yz"),
            format!("caf{accent}s and more"),
            "कक्षा में".to_string(),
        ] {
            let whole: Vec<&str> = s.graphemes(true).collect();
            for w in 0..=width(&s) + 1 {
                let got = fit(&s, w);
                assert!(width(&got) <= w, "{got:?} wider than {w}");
                let kept = got.strip_suffix('…').unwrap_or(&got);
                let cut: Vec<&str> = kept.graphemes(true).collect();
                assert_eq!(
                    whole.get(..cut.len()),
                    Some(&cut[..]),
                    "{s:?} at {w}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn clip_counts_graphemes() {
        assert_eq!(clip("abcdef", 6), "abcdef");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(
            clip("e\u{301}e\u{301}e\u{301}", 3),
            "e\u{301}e\u{301}e\u{301}"
        );
        assert_eq!(clip("e\u{301}e\u{301}e\u{301}x", 3), "e\u{301}e\u{301}…");
        assert_eq!(clip("🇮🇩🇮🇩🇮🇩", 2), "🇮🇩…");
    }

    #[test]
    fn terminal_safe_keeps_line_ends_and_no_escape() {
        let s = "a\tb\r\nc\u{1b}[2Jd\u{7}\u{202e}e\rf\u{1b}]8;;x\u{7}";
        let got = terminal_safe(s);
        assert_eq!(got, "a\tb\r\nc␛[2Jd␇⟨U+202E⟩e␍f␛]8;;x␇");
        assert_eq!(terminal_safe("\u{1b}[31mred"), "␛[31mred");
    }

    /// The fast paths (plain text borrowed, not copied) clean exactly what
    /// the full ones do.
    #[test]
    fn fast_paths_clean_the_same() {
        for s in [
            "plain ascii 123 ~",
            "tab\there",
            "new\nline",
            "esc\u{1b}[2J",
            "del\u{7f}",
            "c1\u{85}",
            "bidi\u{202e}",
            "Menteri Luar Negeri Rusia — “kata”",
            "cr\rx",
        ] {
            let mut pushed = String::from(">");
            push_one_line(&mut pushed, s);
            assert_eq!(pushed, format!(">{}", one_line(s)), "{s:?}");
            assert_eq!(terminal_safe(s), terminal_cleaned(s), "{s:?}");
        }
        assert!(matches!(terminal_safe("a\tb\nc"), Cow::Borrowed(_)));
        assert!(matches!(terminal_safe("kata “x”"), Cow::Borrowed(_)));
        assert!(matches!(terminal_safe("a\u{1b}"), Cow::Owned(_)));
    }

    /// Regression: colour-only escapes in untrusted text passed through
    /// whenever colour was on. Colour is now added around cleaned text.
    #[test]
    fn painted_text_cleans_every_piece() {
        let mut p = Painted::new(true);
        p.paint(Colour::Bold, "\u{1b}[31mred")
            .push(" and \u{1b}[0m")
            .span(None, "x");
        assert_eq!(p.as_str(), "\u{1b}[1m␛[31mred\u{1b}[0m and ␛[0mx");
        let mut p = Painted::new(false);
        p.paint(Colour::Red, "a\u{7}").span(Some(Colour::Cyan), "b");
        assert_eq!(p.as_str(), "a␇b");
    }

    #[test]
    fn json_escape_keeps_the_value() {
        let v = serde_json::json!({"a": "x\u{1b}[31m\u{7}\u{202e}\u{85}y"});
        let s = json_escape_unsafe(&serde_json::to_string_pretty(&v).unwrap());
        assert!(!s.chars().any(is_unsafe), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn plain_text_untouched() {
        let s = "Rusia menguasai sekitar 17,5% — “operasi” 日本 👍 é";
        assert_eq!(sanitize(s, true), s);
    }
}
