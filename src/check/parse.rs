//! Reading and parsing a file, with every failure turned into the most
//! specific diagnostic: the rules for files that cannot be read at all.

use super::diag::{did_you_mean, Diagnostic};
use super::rules::*;
use crate::store::{self, Doc, StoreError, YamlError, YamlErrorKind};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Reads a file, or turns the failure into a diagnostic.
pub(crate) fn read(path: &Path, rel: &str, limit: u64) -> Result<String, Diagnostic> {
    store::read_text(path, limit).map_err(|e| read_failure(rel, e))
}

/// The diagnostic for a file `rel` that could not be read: too large, not
/// UTF-8, not a regular file, or an IO error.
pub fn read_failure(rel: &str, e: StoreError) -> Diagnostic {
    match e {
        StoreError::TooLarge { size, limit, .. } => Diagnostic::new(
            &FILE_TOO_LARGE,
            rel,
            (1, 1),
            format!("file is {size} bytes; the limit is {limit}"),
        )
        .hint("factdesk files are small; this is probably not a factdesk file, or it was damaged"),
        StoreError::NotUtf8 { offset, .. } => Diagnostic::new(
            &NOT_UTF8,
            rel,
            (1, 1),
            format!("not valid UTF-8 (first bad byte at offset {offset})"),
        )
        .hint("save the file as UTF-8"),
        StoreError::NotRegular { what, .. } => not_regular(rel, what),
        other => Diagnostic::new(&IO_ERROR, rel, (1, 1), other.to_string()),
    }
}

/// The diagnostic for a path that is not a regular file. It names only the
/// path inside the workspace, never where a link points nor what it holds.
pub(crate) fn not_regular(rel: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        &NOT_A_REGULAR_FILE,
        rel,
        (1, 1),
        format!("{what}, not a regular file; it was not read"),
    )
    .hint("factdesk reads only regular files inside the repository: replace it with the file itself (`git ls-files -s` shows mode 120000 for links)")
}

/// Finds git conflict markers, which make a file unparseable and need a
/// human decision rather than a YAML error.
fn conflict_markers(rel: &str, raw: &str) -> Option<Diagnostic> {
    // One vectorised search of the whole file first: almost no file has
    // a marker, and walking every line for one was 2% of `check`.
    if !raw.contains("<<<<<<<") {
        return None;
    }
    let line = raw
        .lines()
        .position(|l| l.starts_with("<<<<<<< ") || l == "<<<<<<<")?;
    Some(
        Diagnostic::new(
            &CONFLICT_MARKERS,
            rel,
            (line + 1, 1),
            "unresolved git merge conflict",
        )
        .hint("`factdesk conflicts` shows both sides in factdesk's terms; `factdesk resolve CASE/CLAIM --ours|--theirs` keeps one, or merge by hand (remove the <<<<<<< ======= >>>>>>> lines) and `git add` the file"),
    )
}

/// `did you mean` when one of `expected` is close to `word`.
fn suggest<'a>(word: &str, expected: &'a [String]) -> Option<&'a str> {
    did_you_mean(word, expected.iter().map(String::as_str))
}

/// Turns a YAML error into the most specific diagnostic: one rule per kind.
fn classify(rel: &str, src: &str, e: &YamlError) -> Diagnostic {
    let pos = (e.line.unwrap_or(1), e.column.unwrap_or(1));
    let field_note = e.field().map_or(String::new(), |f| format!(" in `{f}`"));
    let new = |rule: &Rule, msg: String| Diagnostic::new(rule, rel, pos, msg);
    match &*e.kind {
        YamlErrorKind::UnknownField { field, expected } => {
            let d = new(&UNKNOWN_KEY, format!("unknown key `{field}`{field_note}"));
            match suggest(field, expected) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None if !expected.is_empty() => {
                    d.hint(format!("allowed here: {}", expected.join(", ")))
                }
                None => d,
            }
        }
        YamlErrorKind::UnknownVariant { variant, expected } => {
            let d = new(&BAD_VALUE, format!("`{variant}` is not an allowed value"));
            let allowed = expected.join(", ");
            match suggest(variant, expected) {
                Some(s) => d.hint(format!("did you mean `{s}`? allowed: {allowed}")),
                None => d.hint(format!("allowed: {allowed}")),
            }
        }
        YamlErrorKind::MissingField { field } => {
            new(&MISSING_KEY, format!("required key `{field}` is missing"))
                .hint("see docs/format.md for the fields of this file")
        }
        YamlErrorKind::WrongType => new(&WRONG_TYPE, format!("{}{field_note}", e.detail())),
        YamlErrorKind::BadId => new(&BAD_ID, e.detail().to_string()),
        YamlErrorKind::BadTime => {
            let line = src.lines().nth(pos.0.saturating_sub(1)).unwrap_or("").trim();
            new(
                &BAD_DATE,
                format!("not an RFC 3339 time with a UTC offset: {line}"),
            )
            .hint("write times like 2023-11-05T11:01:00+07:00 (WIB is +07:00)")
        }
        YamlErrorKind::Limit => new(&YAML_LIMIT, e.message.clone()).hint(
            "the document is nested too deeply, has too many keys and items, or expands aliases too far; factdesk files never do",
        ),
        YamlErrorKind::Tag => new(&YAML_SYNTAX, e.message.clone()).hint(
            "remove the tag; if the `!` is text, put the value in quotes",
        ),
        YamlErrorKind::Syntax => new(&YAML_SYNTAX, e.message.clone()).hint(
            "fix the YAML syntax at this position (indentation, a missing colon, or an unquoted `: ` in text)",
        ),
    }
}

/// Parses `raw` as `T`, reporting conflict markers and YAML/shape errors.
pub fn parse_as<T: DeserializeOwned>(rel: &str, raw: &str) -> Result<T, Diagnostic> {
    if let Some(d) = conflict_markers(rel, raw) {
        return Err(d);
    }
    store::parse::<T>(raw).map_err(|e| classify(rel, raw, &e))
}

/// Parses `raw` (read from `path`, named `rel`) into a document.
pub(crate) fn parse_doc<T: DeserializeOwned>(
    path: PathBuf,
    rel: &str,
    raw: String,
) -> Result<Doc<T>, Diagnostic> {
    let value = parse_as(rel, &raw)?;
    Ok(Doc {
        value,
        path,
        rel: rel.to_string(),
        raw,
    })
}

/// Reads and parses the YAML file at `path`, named `rel`.
pub(crate) fn load<T: DeserializeOwned>(path: PathBuf, rel: &str) -> Result<Doc<T>, Diagnostic> {
    let raw = read(&path, rel, store::MAX_YAML_BYTES)?;
    parse_doc(path, rel, raw)
}

/// A document of text that is not on disk yet (a change being checked).
pub(crate) fn doc<T>(rel: &str, raw: &str, value: T) -> Doc<T> {
    Doc {
        value,
        path: PathBuf::from(rel),
        rel: rel.to_string(),
        raw: raw.to_string(),
    }
}
