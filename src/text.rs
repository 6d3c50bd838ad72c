//! Making untrusted text safe to show. Article text and YAML fields can carry
//! ANSI escapes, other control characters and bidi overrides; none of them
//! may reach a terminal raw, or a hostile article could rewrite the screen or
//! make a claim read backwards.
//!
//! It is also the one place that cuts text to a width (`fit`, `clip`), so
//! every table, report and screen truncates the same, grapheme-aware way.

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
/// including a lone `\r`, which would overwrite the line — becomes its
/// placeholder. When `sgr` is set, colour sequences (`ESC [ digits;… m`,
/// which can only change colours, never move the cursor, retitle the
/// window or make links) are kept: factdesk's own colours.
pub fn terminal_safe(s: &str, sgr: bool) -> String {
    if !s.chars().any(|c| is_unsafe(c) || c == '\r') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = if sgr && c == '\u{1b}' {
            sgr_len(rest)
        } else {
            0
        };
        if len > 0 {
            out.push_str(rest.get(..len).unwrap_or_default());
            rest = rest.get(len..).unwrap_or_default();
            continue;
        }
        match c {
            '\r' if rest.starts_with("\r\n") => out.push('\r'),
            c if is_unsafe(c) || c == '\r' => out.push_str(&placeholder(c)),
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// Byte length of the SGR sequence `s` starts with, 0 when it starts with
/// none.
fn sgr_len(s: &str) -> usize {
    let Some(params) = s.strip_prefix("\u{1b}[") else {
        return 0;
    };
    let n = params
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    if params.as_bytes().get(n) == Some(&b'm') {
        2 + n + 1
    } else {
        0
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
    fn terminal_safe_keeps_line_ends_and_only_our_colours() {
        let s = "a\tb\r\nc\u{1b}[2Jd\u{7}\u{202e}e\rf\u{1b}]8;;x\u{7}";
        let got = terminal_safe(s, false);
        assert_eq!(got, "a\tb\r\nc␛[2Jd␇⟨U+202E⟩e␍f␛]8;;x␇");
        assert_eq!(
            terminal_safe("\u{1b}[1;31mred\u{1b}[0m\u{1b}[2J", true),
            "\u{1b}[1;31mred\u{1b}[0m␛[2J"
        );
        assert_eq!(terminal_safe("\u{1b}[31mred", false), "␛[31mred");
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
