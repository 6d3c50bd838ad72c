//! Where rules report: one file's name, its outline (for positions) and the
//! findings so far, plus the rules every file kind shares (times, URLs).

use super::diag::Diagnostic;
use super::rules::{Rule, BAD_DATE, BAD_URL, FUTURE_DATE};
use super::Context;
use crate::model::Timestamp;
use crate::store::{Doc, Outline, PathSeg};

/// Allowed clock skew for the "not in the future" rule.
const FUTURE_SLACK_SECONDS: i64 = 300;

/// Keys whose values are timestamps, in every factdesk file.
const TIME_KEYS: [&str; 6] = [
    "published",
    "intake",
    "at",
    "accessed",
    "verdict_at",
    "imported_at",
];

/// The findings about one file, in the order the rules ran.
pub(crate) struct Findings<'a> {
    rel: &'a str,
    outline: Outline<'a>,
    out: Vec<Diagnostic>,
}

impl<'a> Findings<'a> {
    /// Findings about `doc`, its text scanned once for positions.
    pub fn of<T>(doc: &'a Doc<T>) -> Self {
        Self {
            rel: &doc.rel,
            outline: Outline::new(&doc.raw),
            out: Vec::new(),
        }
    }

    /// The position of the node at `path`.
    pub fn at(&self, path: &[PathSeg<'_>]) -> (usize, usize) {
        self.outline.locate(path)
    }

    /// A finding of `rule` at the node at `path` (not yet reported).
    pub fn diag(
        &self,
        rule: &'static Rule,
        path: &[PathSeg<'_>],
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(rule, self.rel, self.at(path), message)
    }

    /// Reports a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// Everything reported, in order.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.out
    }

    /// `future-date`: `t` (at `path`) lies in the future.
    pub fn time(&mut self, ctx: &Context, path: &[PathSeg<'_>], t: &Timestamp) {
        if (*t - ctx.now).num_seconds() > FUTURE_SLACK_SECONDS {
            self.push(
                self.diag(&FUTURE_DATE, path, format!("{t} is in the future"))
                    .hint("check the date and its UTC offset"),
            );
        }
    }

    /// `bad-url`: `url` (at `path`) is not an absolute http(s) URL, by the
    /// same test entry applies ([`crate::model::web_url`]).
    pub fn url(&mut self, path: &[PathSeg<'_>], url: &str) {
        if let Err(p) = crate::model::web_url(url) {
            self.push(self.diag(&BAD_URL, path, p.what()).hint(p.hint()));
        }
    }

    /// `bad-date`: chrono also reads `2023-11-05 11:01:00+07:00` and a
    /// lower-case `t`; the format (and the JSON Schema) is strict RFC 3339,
    /// so say so. One pass over the outline, for every timestamp key at once.
    pub fn time_format(&mut self) {
        for e in self.outline.entries() {
            let (Some(key), value) = (e.key, e.value) else {
                continue;
            };
            if !TIME_KEYS.contains(&key) {
                continue;
            }
            if let Some(year) = year_out_of_range(value) {
                self.out.push(
                    Diagnostic::new(
                        &BAD_DATE,
                        self.rel,
                        (e.line, e.column),
                        format!("year `{year}` is out of range (0001 to 9999)"),
                    )
                    .hint("write the year with four digits, e.g. 2023-11-05T11:01:00+07:00"),
                );
                continue;
            }
            if !is_dated(value) || is_strict_rfc3339(value) {
                continue;
            }
            // The first ten bytes are ASCII (checked above); byte 10 may not be.
            let fixed = format!("{}T{}", &value[..10], value.get(11..).unwrap_or(""));
            let hint = match chrono::DateTime::parse_from_rfc3339(&fixed) {
                Ok(t) => format!("write it as {}", t.to_rfc3339()),
                Err(_) => "write times like 2023-11-05T11:01:00+07:00".into(),
            };
            self.out.push(
                Diagnostic::new(
                    &BAD_DATE,
                    self.rel,
                    (e.line, e.column),
                    format!("`{value}` is not written as RFC 3339"),
                )
                .hint(hint),
            );
        }
    }
}

/// The year of a value that reads as a date (`[sign]digits-MM-DD…`) when
/// it lies outside 0001..=9999: a sign, a year 0000 or more than four
/// digits. chrono reads `-0001-01-01T00:00:00Z` and `+10000-…`; no
/// newsroom date is either.
fn year_out_of_range(value: &str) -> Option<&str> {
    let unsigned = value.trim_start_matches(['-', '+']);
    let signed = unsigned.len() != value.len();
    let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    let rest = unsigned.as_bytes().get(digits..)?;
    let dated = digits > 0
        && rest.len() >= 6
        && rest[0] == b'-'
        && rest[1..3].iter().all(u8::is_ascii_digit)
        && rest[3] == b'-'
        && rest[4..6].iter().all(u8::is_ascii_digit);
    let year = &value[..value.len() - unsigned.len() + digits];
    let bad = signed || digits != 4 || &unsigned[..digits] == "0000";
    (dated && bad).then_some(year)
}

/// Starts with `YYYY-MM-DD` and goes on: meant as a time.
fn is_dated(value: &str) -> bool {
    value.len() > 10
        && value.as_bytes()[..10].iter().enumerate().all(|(j, b)| {
            if j == 4 || j == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, with an upper-case `T`.
pub(crate) fn is_strict_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let head = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !head {
        return false;
    }
    let mut rest = &v[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .bytes()
                .chain(rest[4..6].bytes())
                .all(|c| c.is_ascii_digit()))
}
