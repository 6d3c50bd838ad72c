//! The one place that uses serde_yaml: parsing, rendering, what went wrong
//! ([`YamlErrorKind`]) and where things are ([`Outline`]). Replacing the
//! parser means editing this file alone.

use serde::de::DeserializeOwned;
use serde::Serialize;

mod limits;
mod outline;
mod value;

pub use limits::{MAX_DEPTH, MAX_NODES};

pub use outline::{locate, Entry, Outline, PathSeg};
pub use value::Value;

/// A YAML problem with a 1-based position, when the parser knows one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// What kind of problem, so callers never read the parser's wording
    /// (boxed: errors travel inside `Result`s and should stay small).
    pub kind: Box<YamlErrorKind>,
    /// What went wrong, in the parser's words, prefixed with the key path
    /// below the root (e.g. "checklist.steps[0].state: unknown variant …").
    pub message: String,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column, if known.
    pub column: Option<usize>,
}

/// The kinds of YAML problem factdesk tells apart; `check` maps each to a
/// rule code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// A key the target type does not define (often a typo).
    UnknownField {
        /// The key as written.
        field: String,
        /// The keys allowed there.
        expected: Vec<String>,
    },
    /// A value that is not one of an enum's variants.
    UnknownVariant {
        /// The value as written.
        variant: String,
        /// The values allowed there.
        expected: Vec<String>,
    },
    /// A required key is absent.
    MissingField {
        /// The missing key.
        field: String,
    },
    /// A value of the wrong type, length or value (a list where text belongs).
    WrongType,
    /// A case or claim id the model refused.
    BadId,
    /// A time that is not RFC 3339 with an offset.
    BadTime,
    /// Nested too deeply, too many nodes, or expanding aliases too far:
    /// hostile input.
    Limit,
    /// A YAML tag (`!!binary`, `!foo`): factdesk files are plain YAML.
    Tag,
    /// Anything else: the text is not valid YAML.
    Syntax,
}

impl YamlError {
    /// The key path the parser named (`checklist.steps[0].state`), if any.
    pub fn field(&self) -> Option<&str> {
        field_path(&self.message)
    }

    /// The message without the key path prefix.
    pub fn detail(&self) -> &str {
        match self.field() {
            Some(f) => &self.message[f.len() + 2..],
            None => &self.message,
        }
    }

    /// The parser's error, classified, with a byte-offset position ("… at
    /// position 15") turned into a line and column of `src`.
    fn new(e: &serde_yaml::Error, src: &str) -> Self {
        let loc = e.location();
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; we carry the position separately.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        let mut line = loc.as_ref().map(|l| l.line());
        let mut column = loc.as_ref().map(|l| l.column());
        // Some scanner errors give only a byte position ("… at position 15").
        if let Some(off) = message
            .rsplit_once("at position ")
            .and_then(|(_, n)| n.trim().parse::<usize>().ok())
        {
            let (l, c) = line_column(src, off);
            (line, column) = (Some(l), Some(c));
        }
        let mut e = Self {
            kind: Box::new(YamlErrorKind::Syntax),
            message,
            line,
            column,
        };
        *e.kind = classify(e.detail());
        // serde reports a duplicate key at the start of its mapping; point
        // at the second occurrence instead, where the fix is.
        let dup = e
            .detail()
            .strip_prefix("duplicate field `")
            .and_then(|r| r.strip_suffix('`'));
        if let (Some(key), Some(l), Some(c)) = (dup, e.line, e.column) {
            if let Some((l, c)) = duplicate_at(src, key, l, c) {
                (e.line, e.column) = (Some(l), Some(c));
            }
        }
        e
    }

    /// An error with no source text (rendering).
    fn plain(e: &serde_yaml::Error) -> Self {
        Self::new(e, "")
    }
}

/// Where `key` appears the second time in the mapping that starts at
/// `line`:`column` (1-based), by the [`Outline`].
fn duplicate_at(src: &str, key: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let mut seen = false;
    for e in Outline::new(src).entries() {
        if (e.line, e.column) < (line, column) {
            continue;
        }
        if e.column < column && e.line > line {
            return None; // past the end of the mapping
        }
        if e.column == column && !e.dash && e.key == Some(key) {
            if seen {
                return Some((e.line, e.column));
            }
            seen = true;
        }
    }
    None
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let mut cut = offset.min(src.len());
    while !src.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &src[..cut];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// serde_yaml prefixes errors below the root with the key path
/// (`checklist.steps[0].state: unknown variant …`).
fn field_path(message: &str) -> Option<&str> {
    let (path, _) = message.split_once(": ")?;
    let is_path = !path.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.[]-".contains(&b));
    is_path.then_some(path)
}

/// The words serde puts in backquotes, in order.
fn quoted(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(String::from).collect()
}

/// How chrono's parse errors begin (chrono has no error kinds to match).
const CHRONO: [&str; 6] = [
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "input is out of range",
    "no possible date and time",
    "input is not enough",
];

/// The kind of a message (without its key path). serde_yaml and chrono
/// expose their errors as text only, so this is the one place that reads it.
fn classify(msg: &str) -> YamlErrorKind {
    let first_and_rest = |rest: &str| {
        let mut words = quoted(rest).into_iter();
        (words.next().unwrap_or_default(), words.collect())
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (field, expected) = first_and_rest(rest);
        return YamlErrorKind::UnknownField { field, expected };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (variant, expected) = first_and_rest(rest);
        return YamlErrorKind::UnknownVariant { variant, expected };
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let (field, _) = first_and_rest(rest);
        return YamlErrorKind::MissingField { field };
    }
    if ["invalid type", "invalid length", "invalid value"]
        .iter()
        .any(|p| msg.starts_with(p))
    {
        return YamlErrorKind::WrongType;
    }
    // The model's `IdError` wording.
    if msg.contains("case id") || msg.contains("claim id") {
        return YamlErrorKind::BadId;
    }
    if CHRONO.iter().any(|c| msg.starts_with(c)) {
        return YamlErrorKind::BadTime;
    }
    if msg.contains("recursion limit") || msg.contains("repetition limit") {
        return YamlErrorKind::Limit;
    }
    YamlErrorKind::Syntax
}

/// Parses `src` into `T`. A linear pre-scan first refuses documents nested
/// deeper than [`MAX_DEPTH`] or with more than [`MAX_NODES`] nodes (the
/// parser's scanner is quadratic in nesting depth), and YAML tags (which
/// would change how a value is read); serde_yaml then limits
/// alias expansion, so hostile input fails fast instead of exhausting time
/// or memory.
pub fn from_str<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    let src = strip_bom(src);
    limits::check(src).map_err(|c| YamlError {
        kind: Box::new(match c.refusal {
            limits::Refusal::Limit => YamlErrorKind::Limit,
            limits::Refusal::Tag => YamlErrorKind::Tag,
        }),
        message: c.what,
        line: Some(c.line),
        column: Some(c.column),
    })?;
    serde_yaml::from_str(src).map_err(|e| YamlError::new(&e, src))
}

/// `src` without a UTF-8 byte order mark at its start. Some Windows editors
/// write one; the parser would take it for content. Editors do not show it,
/// so positions counted without it are the ones the user sees.
pub(crate) fn strip_bom(src: &str) -> &str {
    src.strip_prefix('\u{feff}').unwrap_or(src)
}

/// Serialises `value` canonically: keys in struct order, multi-line strings
/// as block scalars, LF line endings, one final newline.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    let mut s = serde_yaml::to_string(value).map_err(|e| YamlError::plain(&e))?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Case, Claim, ClaimKind, Dismissal};
    use std::collections::BTreeMap;

    #[test]
    fn errors_carry_positions() {
        let e = from_str::<serde_json::Value>("a: 1\nb: [\n").unwrap_err();
        assert!(e.line.is_some(), "{e:?}");
        assert!(!e.message.contains(" at line "));
        assert_eq!(*e.kind, YamlErrorKind::Syntax);
    }

    #[test]
    fn byte_positions_become_lines_and_columns() {
        assert_eq!(line_column("ab\ncdé\nf", 7), (2, 4));
        assert_eq!(line_column("ab\ncdé\nf", 6), (2, 3));
        assert_eq!(line_column("ab", 99), (1, 3));
        // A tab in the indentation is reported by byte position.
        let e = from_str::<serde_json::Value>("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(*e.kind, YamlErrorKind::Syntax);
        assert!(e.line.is_some(), "{e:?}");
    }

    #[test]
    fn hostile_documents_fail_fast() {
        let deep = "[".repeat(100_000);
        let e = from_str::<serde_json::Value>(&deep).unwrap_err();
        assert!(e.message.contains("nested more than 64"), "{e:?}");
        assert_eq!(*e.kind, YamlErrorKind::Limit);
        assert_eq!((e.line, e.column), (Some(1), Some(64)), "{e:?}");
        let e = from_str::<serde_json::Value>(&"{b: ".repeat(100_000)).unwrap_err();
        assert_eq!(*e.kind, YamlErrorKind::Limit, "{e:?}");
        assert_eq!(e.line, Some(1), "{e:?}");
        // Nesting below the limit still parses.
        let ok = format!("{}{}", "[".repeat(60), "]".repeat(60));
        assert!(from_str::<serde_json::Value>(&ok).is_ok());
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h"])
        {
            bomb.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        let e = from_str::<serde_json::Value>(&bomb).unwrap_err();
        assert!(e.message.contains("repetition limit"), "{e:?}");
        assert_eq!(*e.kind, YamlErrorKind::Limit);
    }

    /// Pins serde_yaml's and chrono's wording: an upgrade that changes it
    /// fails here, not silently in `check`.
    #[test]
    fn kinds_of_shape_errors() {
        let e = from_str::<Dismissal>("reason: x\nt: 2023-11-05T11:01:00Z\n").unwrap_err();
        match &*e.kind {
            YamlErrorKind::UnknownField { field, expected } => {
                assert_eq!(field, "t");
                assert_eq!(expected, &["reason", "by", "at"]);
            }
            k => panic!("{k:?}"),
        }
        assert_eq!((e.field(), e.line), (None, Some(2)));

        let e = from_str::<BTreeMap<String, Vec<ClaimKind>>>("k:\n- statistik\n").unwrap_err();
        match &*e.kind {
            YamlErrorKind::UnknownVariant { variant, expected } => {
                assert_eq!(variant, "statistik");
                assert!(expected.iter().any(|k| k == "statistic"), "{expected:?}");
            }
            k => panic!("{k:?}"),
        }
        assert_eq!(e.field(), Some("k[0]"));
        assert_eq!(e.detail(), &e.message["k[0]: ".len()..]);
        assert!(e.detail().starts_with("unknown variant"), "{e:?}");

        let e = from_str::<Dismissal>("reason: x\n").unwrap_err();
        assert_eq!(*e.kind, YamlErrorKind::MissingField { field: "at".into() });

        let e = from_str::<Dismissal>("reason: [a]\nat: 2023-11-05T11:01:00Z\n").unwrap_err();
        assert_eq!(*e.kind, YamlErrorKind::WrongType);
        assert_eq!(e.field(), Some("reason"));
        assert!(e.detail().starts_with("invalid type"), "{e:?}");
    }

    #[test]
    fn kinds_of_value_errors() {
        let e = from_str::<Case>("id: Bad_Case\n").unwrap_err();
        assert_eq!(*e.kind, YamlErrorKind::BadId, "{e:?}");
        let e = from_str::<Claim>("id: x1\n").unwrap_err();
        assert_eq!(*e.kind, YamlErrorKind::BadId, "{e:?}");
        for bad in [
            "2023-11-05",
            "2023-11-05T11:01:00",
            "yesterday",
            "2023-13-05T11:01:00Z",
        ] {
            let e = from_str::<Dismissal>(&format!("reason: r\nat: {bad}\n")).unwrap_err();
            assert_eq!(*e.kind, YamlErrorKind::BadTime, "{bad}: {e:?}");
        }
        let e = from_str::<Dismissal>("reason: r\n  at: x\n: :\n").unwrap_err();
        assert_eq!(*e.kind, YamlErrorKind::Syntax, "{e:?}");
    }

    #[test]
    fn a_byte_order_mark_is_not_content() {
        let ok = "\u{feff}reason: x\nat: 2023-11-05T11:01:00Z\n";
        assert_eq!(from_str::<Dismissal>(ok).unwrap().reason, "x");
        let e = from_str::<Dismissal>("\u{feff}reason: x\nt: 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
        let o = Outline::new(ok);
        assert_eq!(o.top_level("reason"), Some("x"));
        assert_eq!(o.locate(&[PathSeg::Key("reason")]), (1, 1));
    }

    #[test]
    fn a_duplicate_key_is_reported_where_it_repeats() {
        let e =
            from_str::<Dismissal>("reason: a\nat: 2023-11-05T11:01:00Z\nreason: b\n").unwrap_err();
        assert!(e.message.contains("duplicate field `reason`"), "{e:?}");
        assert_eq!((e.line, e.column), (Some(3), Some(1)), "{e:?}");
        let e = from_str::<Vec<Dismissal>>(
            "- reason: a\n  at: 2023-11-05T11:01:00Z\n- reason: b\n  at: 2023-11-05T11:01:00Z\n  reason: c\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(5), Some(3)), "{e:?}");
    }

    #[test]
    fn multiline_strings_are_block_scalars() {
        let s = to_string(&vec!["one\ntwo".to_string()]).unwrap();
        assert_eq!(s, "- |-\n  one\n  two\n");
    }
}
