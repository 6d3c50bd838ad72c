//! Making untrusted text safe to show. Article text and YAML fields can carry
//! ANSI escapes, other control characters and bidi overrides; none of them
//! may reach a terminal raw, or a hostile article could rewrite the screen or
//! make a claim read backwards.

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

/// Single-line form for tables and one-line messages.
pub fn one_line(s: &str) -> String {
    sanitize(s, false)
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
    fn plain_text_untouched() {
        let s = "Rusia menguasai sekitar 17,5% — “operasi” 日本 👍 é";
        assert_eq!(sanitize(s, true), s);
    }
}
