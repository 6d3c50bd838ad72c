//! Where things are in a block-style YAML document, as factdesk writes
//! them: one pass over the lines gives every `key: value` and `- ` item
//! with its line and column. The parser does not keep positions of the
//! nodes it accepts, so rules that point at a key, the time-format rule and
//! the quick case summaries all read this outline instead.

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSeg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index (0-based).
    Index(usize),
}

/// One node of the outline: a `key: value` pair, a `- ` item marker, or a
/// bare scalar after a marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// 1-based line.
    pub line: usize,
    /// 1-based column where the key, marker or scalar starts.
    pub column: usize,
    /// A `- ` sequence item marker; what follows it on the line is its own entry.
    pub dash: bool,
    /// The key, without quotes, when this is a `key:` entry.
    pub key: Option<&'a str>,
    /// The scalar after `key:` on the same line (or the bare scalar), with
    /// its quotes and a trailing comment removed; empty when the value is on
    /// the next lines.
    pub value: &'a str,
}

/// Every entry of a document, in order. Block scalar content (`note: |-`
/// and its lines) is text, not entries.
#[derive(Debug, Clone, Default)]
pub struct Outline<'a> {
    entries: Vec<Entry<'a>>,
}

/// Splits `key: rest` (plain or quoted key) into the key and what follows
/// the colon; `None` for text that is not a key.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let b = text.as_bytes();
    let (key, after) = match *b.first()? {
        q @ (b'\'' | b'"') => {
            let end = memchr::memchr(q, &b[1..])? + 1;
            (&text[1..end], &text[end + 1..])
        }
        b'[' | b'{' | b'#' | b'|' | b'>' => return None,
        _ => {
            // Byte searches: every line `check` reads comes through here.
            let i = memchr::memchr_iter(b':', b)
                .find(|&i| matches!(b.get(i + 1), None | Some(b' ' | b'\t')))?;
            (&text[..i], &text[i..])
        }
    };
    let rest = after.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some((key, rest))
}

/// A scalar as written on one line: quotes removed, or a plain scalar
/// without its trailing comment.
fn scalar(text: &str) -> &str {
    let t = text.trim();
    match t.chars().next() {
        Some(q @ ('\'' | '"')) if t.len() > 1 => match t[1..].find(q) {
            Some(end) => &t[1..=end],
            None => t.trim_matches(q),
        },
        _ => comment_at(t).map_or(t, |i| t[..i].trim_end()),
    }
}

/// Where a comment starts in a plain scalar (trimmed, so it followed a
/// space or a line start): the first `#` at its start or after a space or
/// tab. A byte scan: this runs for every line `check` reads, and a
/// substring search set up per line cost more than the rest of the outline.
fn comment_at(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    (0..b.len()).find(|&i| b[i] == b'#' && (i == 0 || matches!(b[i - 1], b' ' | b'\t')))
}

/// `|`, `>-`, `|2+` … (a comment may follow): the value continues as a
/// block scalar on the next lines.
fn is_block_scalar(text: &str) -> bool {
    let t = text.trim();
    let head = t.split([' ', '\t']).next().unwrap_or(t);
    let mut b = head.bytes();
    matches!(b.next(), Some(b'|' | b'>')) && b.all(|c| matches!(c, b'-' | b'+' | b'0'..=b'9'))
}

impl<'a> Outline<'a> {
    /// Scans `src` once (a byte order mark at its start is not content).
    pub fn new(src: &'a str) -> Self {
        let src = super::strip_bom(src);
        // About one entry per line, and lines of 30 bytes or more.
        let mut entries = Vec::with_capacity(src.len() / 24);
        // Lines indented deeper than this belong to a block scalar.
        let mut block: Option<usize> = None;
        for (i, raw) in src.lines().enumerate() {
            let trimmed = raw.trim_start_matches(' ');
            let mut indent = raw.len() - trimmed.len();
            if let Some(parent) = block {
                if trimmed.trim().is_empty() || indent > parent {
                    continue;
                }
                block = None;
            }
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut rest = trimmed;
            let mut parent = indent;
            while let Some(after) = rest.strip_prefix("- ").or((rest == "-").then_some("")) {
                entries.push(Entry {
                    line: i + 1,
                    column: indent + 1,
                    dash: true,
                    key: None,
                    value: "",
                });
                parent = indent;
                let spaces = after.len() - after.trim_start_matches(' ').len();
                indent += 2 + spaces;
                rest = after.trim_start_matches(' ');
            }
            if rest.is_empty() {
                continue;
            }
            let (key, text, owner) = match split_key(rest) {
                Some((k, v)) => (Some(k), v, indent),
                None => (None, rest, parent),
            };
            if is_block_scalar(text) {
                block = Some(owner);
            }
            let value = scalar(text);
            entries.push(Entry {
                line: i + 1,
                column: indent + 1,
                dash: false,
                key,
                value,
            });
        }
        Self { entries }
    }

    /// Every entry, in document order.
    pub fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }

    /// The value of a key at the top level (column 1), if present.
    pub fn top_level(&self, key: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|e| e.column == 1 && !e.dash && e.key == Some(key))
            .map(|e| e.value)
    }

    /// The 1-based (line, column) of the node at `path`, so a diagnostic
    /// can point at the exact key a rule is about; falls back to the
    /// closest parent found, and to (1, 1).
    pub fn locate(&self, path: &[PathSeg<'_>]) -> (usize, usize) {
        let toks = &self.entries;
        let mut best = (1, 1);
        let mut start = 0; // first entry after the current node
        let mut parent: Option<(usize, bool)> = None; // (column, is a key)
        for seg in path {
            let Some(first) = toks.get(start) else { break };
            let level = first.column;
            if let Some((p, was_key)) = parent {
                // Children sit deeper, except a sequence under a key, which
                // may sit at the key's own indent.
                if !(level > p || (was_key && first.dash && level == p)) {
                    break;
                }
            }
            let Some(j) = find_child(toks, start, level, seg) else {
                break;
            };
            let t = &toks[j];
            best = (t.line, t.column);
            start = j + 1;
            parent = Some((t.column, matches!(seg, PathSeg::Key(_))));
        }
        best
    }
}

/// The entry for `seg` among the siblings at column `level` from `start`.
fn find_child(toks: &[Entry<'_>], start: usize, level: usize, seg: &PathSeg<'_>) -> Option<usize> {
    let mut count = 0;
    for (j, t) in toks.iter().enumerate().skip(start) {
        if t.column < level {
            return None;
        }
        if t.column != level {
            continue;
        }
        match *seg {
            PathSeg::Key(k) => {
                // A dash at a key's indent is an item of a sequence under
                // an earlier sibling key (`figures:` then `- 17,5%`), not
                // the end of the mapping: keep looking.
                if t.dash {
                    continue;
                }
                if t.key == Some(k) {
                    return Some(j);
                }
            }
            PathSeg::Index(n) => {
                if !t.dash {
                    return None;
                }
                if count == n {
                    return Some(j);
                }
                count += 1;
            }
        }
    }
    None
}

/// The position of the node at `path` in `src` (see [`Outline::locate`]).
pub fn locate(src: &str, path: &[PathSeg<'_>]) -> (usize, usize) {
    Outline::new(src).locate(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathSeg::*;

    const DOC: &str = "id: c01\nattribution:\n  speaker: NBC\n  chain:\n  - Reuters\n  - NBC\nchecklist:\n  id: quote\n  steps:\n  - id: attribution\n    state: done\n  - id: original\n    state: pending\nstatus: verified\n";

    #[test]
    fn locates_keys_and_items() {
        assert_eq!(locate(DOC, &[Key("status")]), (14, 1));
        assert_eq!(locate(DOC, &[Key("attribution"), Key("speaker")]), (3, 3));
        assert_eq!(
            locate(DOC, &[Key("attribution"), Key("chain"), Index(1)]),
            (6, 3)
        );
        assert_eq!(
            locate(
                DOC,
                &[Key("checklist"), Key("steps"), Index(1), Key("state")]
            ),
            (13, 5)
        );
        assert_eq!(
            locate(DOC, &[Key("checklist"), Key("steps"), Index(0), Key("id")]),
            (10, 5)
        );
        // Unknown paths fall back to the deepest parent found.
        assert_eq!(locate(DOC, &[Key("checklist"), Key("nope")]), (7, 1));
        assert_eq!(locate("", &[Key("x")]), (1, 1));
    }

    /// Regression: a top-level sequence at column 1 (`figures:` then
    /// `- …`) hid every key after it, so `check` pointed at line 1.
    #[test]
    fn keys_after_a_sequence_at_their_own_indent() {
        let doc = "id: c03\nfigures:\n- bulan ke-21\n- ratusan ribu\nstatus: verified\nchecklist:\n  steps:\n  - id: a\n  sha256: x\n";
        assert_eq!(locate(doc, &[Key("status")]), (5, 1));
        assert_eq!(locate(doc, &[Key("checklist"), Key("sha256")]), (9, 3));
        assert_eq!(locate(doc, &[Key("figures"), Index(1)]), (4, 1));
    }

    #[test]
    fn keys_values_and_comments() {
        let o = Outline::new(
            "status: verified # checked\nassignee: 'Ed'\nstatuses: x\n\"q\": \"a # b\"\nurl: https://x.org/#frag\nempty:\n",
        );
        assert_eq!(o.top_level("status"), Some("verified"));
        assert_eq!(o.top_level("assignee"), Some("Ed"));
        assert_eq!(o.top_level("q"), Some("a # b"));
        assert_eq!(o.top_level("url"), Some("https://x.org/#frag"));
        assert_eq!(o.top_level("empty"), Some(""));
        assert_eq!(o.top_level("stat"), None);
        // A comment starts at the first `#` after a space or a tab.
        let c = Outline::new("a: x\t# c # d\nb: y #z\t#w\nc: #\nd: e#f\n");
        assert_eq!(c.top_level("a"), Some("x"));
        assert_eq!(c.top_level("b"), Some("y"));
        assert_eq!(c.top_level("c"), Some(""));
        assert_eq!(c.top_level("d"), Some("e#f"));
        let nested = Outline::new("a:\n  status: confirmed\n");
        assert_eq!(nested.top_level("status"), None);
        // `key:value` is a plain scalar, not a key; a URL is not a key either.
        let plain = Outline::new("- a:b\n- https://x.org\n");
        assert!(plain.entries().iter().all(|e| e.key.is_none()));
    }

    #[test]
    fn block_scalars_are_text() {
        let src = "notes: |-\n  at: 2023-11-05 11:00\n  - not an item\n\nsteps:\n- |\n  status: x\n- id: a\n  note: >-\n    state: y\n  state: done\n";
        let o = Outline::new(src);
        let keys: Vec<_> = o.entries().iter().filter_map(|e| e.key).collect();
        assert_eq!(keys, ["notes", "steps", "id", "note", "state"]);
        assert_eq!(o.locate(&[Key("steps"), Index(1), Key("state")]), (11, 3));
        assert_eq!(o.top_level("status"), None);
    }

    #[test]
    fn nested_items_and_columns() {
        let o = Outline::new("- - at: x\n  - b\n");
        let cols: Vec<_> = o
            .entries()
            .iter()
            .map(|e| (e.line, e.column, e.dash))
            .collect();
        assert_eq!(
            cols,
            [
                (1, 1, true),
                (1, 3, true),
                (1, 5, false),
                (2, 3, true),
                (2, 5, false)
            ]
        );
        assert_eq!(o.entries()[2].key, Some("at"));
        assert_eq!(o.entries()[4].value, "b");
    }
}
