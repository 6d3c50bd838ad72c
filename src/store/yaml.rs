//! The one place that uses serde_yaml, so the archived crate can be swapped
//! by changing this file alone.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A YAML problem with a 1-based position, when the parser knows one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// What went wrong, in serde's words (e.g. "unknown field `stauts`, expected one of …").
    pub message: String,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column, if known.
    pub column: Option<usize>,
}

impl From<serde_yaml::Error> for YamlError {
    fn from(e: serde_yaml::Error) -> Self {
        let loc = e.location();
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; we carry the position separately.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        Self {
            message,
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
        }
    }
}

/// Parses `src` into `T`. serde_yaml limits recursion depth and alias
/// expansion, so hostile input fails fast instead of exhausting memory.
pub fn from_str<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(src).map_err(YamlError::from)
}

/// Serialises `value` canonically: keys in struct order, multi-line strings
/// as block scalars, LF line endings, one final newline.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    let mut s = serde_yaml::to_string(value).map_err(YamlError::from)?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSeg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index (0-based).
    Index(usize),
}

/// One indentation-significant token of a line: a `- ` item marker or content.
struct Tok<'a> {
    line: usize,
    indent: usize,
    dash: bool,
    text: &'a str,
}

fn tokens(src: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - trimmed.len();
        let mut rest = trimmed;
        while let Some(after) =
            rest.strip_prefix("- ")
                .or(if rest == "-" { Some("") } else { None })
        {
            out.push(Tok {
                line: i + 1,
                indent,
                dash: true,
                text: rest,
            });
            let spaces = after.len() - after.trim_start_matches(' ').len();
            indent += 2 + spaces;
            rest = after.trim_start_matches(' ');
            if rest.is_empty() {
                break;
            }
        }
        if !rest.is_empty() {
            out.push(Tok {
                line: i + 1,
                indent,
                dash: false,
                text: rest,
            });
        }
    }
    out
}

fn is_key(text: &str, key: &str) -> bool {
    let unquoted = text
        .strip_prefix(key)
        .or_else(|| text.strip_prefix(&format!("'{key}'")))
        .or_else(|| text.strip_prefix(&format!("\"{key}\"")));
    matches!(unquoted, Some(r) if r.starts_with(':'))
}

/// Finds the 1-based (line, column) of the node at `path` in a block-style
/// YAML document, as factdesk writes them. Used to point diagnostics at the
/// exact key a rule is about; falls back to the closest parent found.
pub fn locate(src: &str, path: &[PathSeg<'_>]) -> (usize, usize) {
    let toks = tokens(src);
    let mut best = (1, 1);
    let mut start = 0; // first token after the current node
    let mut parent: Option<(usize, bool)> = None; // (indent, is a key)
    for seg in path {
        let Some(first) = toks.get(start) else { break };
        let level = first.indent;
        if let Some((p, was_key)) = parent {
            // Children sit deeper, except a sequence under a key, which
            // may sit at the key's own indent.
            if !(level > p || (was_key && first.dash && level == p)) {
                break;
            }
        }
        let mut found = None;
        let mut count = 0;
        for (j, t) in toks.iter().enumerate().skip(start) {
            if t.indent < level {
                break;
            }
            if t.indent != level {
                continue;
            }
            match *seg {
                PathSeg::Key(k) => {
                    if t.dash {
                        break;
                    }
                    if is_key(t.text, k) {
                        found = Some(j);
                        break;
                    }
                }
                PathSeg::Index(n) => {
                    if !t.dash {
                        break;
                    }
                    if count == n {
                        found = Some(j);
                        break;
                    }
                    count += 1;
                }
            }
        }
        let Some(j) = found else { break };
        let t = &toks[j];
        best = (t.line, t.indent + 1);
        start = j + 1;
        parent = Some((t.indent, matches!(seg, PathSeg::Key(_))));
    }
    best
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

    #[test]
    fn errors_carry_positions() {
        let e = from_str::<std::collections::BTreeMap<String, u32>>("a: 1\nb: [\n").unwrap_err();
        assert!(e.line.is_some(), "{e:?}");
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn hostile_documents_fail_fast() {
        let deep = "[".repeat(100_000);
        let e = from_str::<serde_json::Value>(&deep).unwrap_err();
        assert!(e.message.contains("recursion limit"), "{e:?}");
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
    }

    #[test]
    fn multiline_strings_are_block_scalars() {
        let s = to_string(&vec!["one\ntwo".to_string()]).unwrap();
        assert_eq!(s, "- |-\n  one\n  two\n");
    }
}
