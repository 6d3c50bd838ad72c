//! Where a command's output goes. Every write returns its error, so that a
//! closed pipe or a full disk stops the command and is reported in one
//! place (`CliError::output`, then `main`), never silently dropped.
//!
//! It is also the one place that makes output safe for a terminal: every
//! line and text written here (and every `note` on stderr) goes through
//! `text::terminal_safe`, so an escape, control or bidi character from a
//! case folder, a hand-edited file or an article is shown as a placeholder
//! whatever the command forgot, colour sequences included. factdesk's own
//! colours are added around text already cleaned ([`Out::spans`],
//! [`crate::text::Painted`]), never let through from it. JSON escapes those characters instead
//! (`\uXXXX`), so it stays the same value. This applies to stdout even
//! when it is a pipe or a file (`export --format csv > x.csv` included):
//! the pipe may end in a terminal or a CI log. Files written with `-o` are
//! left as they are.

use super::error::CliError;
pub use crate::text::Colour;
use crate::text::Painted;
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// Standard output (or a test's buffer), and whether it may be coloured.
pub struct Out<'a> {
    w: &'a mut dyn Write,
    /// Colour and terminal-sized summaries are allowed.
    pub color: bool,
}

impl<'a> Out<'a> {
    /// Output to `w`, coloured when `color`.
    pub fn new(w: &'a mut dyn Write, color: bool) -> Self {
        Self { w, color }
    }

    /// One line, made terminal-safe.
    pub fn line(&mut self, s: &str) -> Result<(), CliError> {
        let s = crate::text::terminal_safe(s);
        writeln!(self.w, "{s}").map_err(CliError::output)
    }

    /// One line of pieces, each cleaned, some in factdesk's colours (when
    /// colour is on): `out.spans(&[(Some(Colour::Bold), name), (None, rest)])`.
    pub fn spans(&mut self, parts: &[(Option<Colour>, &str)]) -> Result<(), CliError> {
        let mut p = self.painter();
        for (c, s) in parts {
            p.span(*c, s);
        }
        writeln!(self.w, "{}", p.as_str()).map_err(CliError::output)
    }

    /// Empty painted text with this output's colour setting.
    pub fn painter(&self) -> Painted {
        Painted::new(self.color)
    }

    /// Painted text (already clean) that brings its own line ends.
    pub fn painted(&mut self, p: &Painted) -> Result<(), CliError> {
        self.w
            .write_all(p.as_str().as_bytes())
            .map_err(CliError::output)
    }

    /// One line per item, each made by `line` (which appends it, without
    /// its end, to the buffer it is given), formatted on all cores a group
    /// at a time and written in order, made terminal-safe: `status` lists
    /// 280,000 claims when piped.
    pub fn lines_of<T: Sync>(
        &mut self,
        items: &[T],
        line: &(dyn Fn(&mut String, &T) + Sync),
    ) -> Result<(), CliError> {
        // 256 pieces of 64 lines: enough work for every core per group,
        // and a group's text (a megabyte or two) is all that is held.
        for group in items.chunks(64 * 256) {
            let pieces: Vec<&[T]> = group.chunks(64).collect();
            let texts = crate::par::par_map(&pieces, &|_| {}, &|piece| {
                let mut s = String::new();
                for item in piece.iter() {
                    line(&mut s, item);
                    s.push('\n');
                }
                s
            });
            for t in &texts {
                self.text(t)?;
            }
        }
        Ok(())
    }

    /// Several lines.
    pub fn lines(&mut self, lines: &[&str]) -> Result<(), CliError> {
        lines.iter().try_for_each(|l| self.line(l))
    }

    /// Text that brings its own line ends, made terminal-safe.
    pub fn text(&mut self, s: &str) -> Result<(), CliError> {
        let s = crate::text::terminal_safe(s);
        self.w.write_all(s.as_bytes()).map_err(CliError::output)
    }

    /// A value as pretty JSON on its own line(s).
    pub fn json(&mut self, v: &impl Serialize) -> Result<(), CliError> {
        let s = to_json(v)?;
        self.line(&s)
    }

    /// Everything written so far, out of any buffer.
    pub fn flush(&mut self) -> Result<(), CliError> {
        self.w.flush().map_err(CliError::output)
    }
}

/// Pretty JSON with unsafe characters as `\uXXXX` escapes; failing to
/// serialise factdesk's own values is a bug.
pub fn to_json(v: &impl Serialize) -> Result<String, CliError> {
    serde_json::to_string_pretty(v)
        .map(|s| crate::text::json_escape_unsafe(&s))
        .map_err(|e| {
            CliError::with_source(super::ErrorKind::Internal, super::strings::JSON_FAILED, e)
        })
}

/// Colour only on a terminal (or when `CLICOLOR_FORCE` is set, for pagers
/// and tests), and never when `NO_COLOR` is set.
pub fn want_color() -> bool {
    let force = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    (std::io::stdout().is_terminal() || force) && !no_color
}

/// A line on stderr: notices, notes and progress, so stdout stays the
/// command's result. A failure to write there is ignored: there is no
/// other place left to report it (and `eprintln!` would panic).
pub fn note(line: &str) {
    let line = crate::text::terminal_safe(line);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines made in pieces on several cores come out in order, over more
    /// than one group, and untrusted characters are still cleaned.
    #[test]
    fn lines_of_keeps_order_and_cleans() {
        let items: Vec<usize> = (0..40_000).collect();
        let mut buf = Vec::new();
        let mut out = Out::new(&mut buf, false);
        out.lines_of(&items, &|s, i| {
            use std::fmt::Write as _;
            let _ = write!(s, "{i}");
            if i % 9_999 == 0 {
                s.push_str("\u{1b}[2J");
            }
        })
        .unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), items.len());
        for (i, l) in lines.iter().enumerate() {
            let want = if i % 9_999 == 0 {
                format!("{i}␛[2J")
            } else {
                i.to_string()
            };
            assert_eq!(*l, want);
        }
    }
}
