//! Where a command's output goes. Every write returns its error, so that a
//! closed pipe or a full disk stops the command and is reported in one
//! place (`CliError::output`, then `main`), never silently dropped.

use super::error::CliError;
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

    /// One line.
    pub fn line(&mut self, s: &str) -> Result<(), CliError> {
        writeln!(self.w, "{s}").map_err(CliError::output)
    }

    /// Several lines.
    pub fn lines(&mut self, lines: &[&str]) -> Result<(), CliError> {
        lines.iter().try_for_each(|l| self.line(l))
    }

    /// Text that brings its own line ends.
    pub fn text(&mut self, s: &str) -> Result<(), CliError> {
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

/// Pretty JSON; failing to serialise factdesk's own values is a bug.
pub fn to_json(v: &impl Serialize) -> Result<String, CliError> {
    serde_json::to_string_pretty(v).map_err(|e| {
        CliError::with_source(super::ErrorKind::Internal, super::strings::JSON_FAILED, e)
    })
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub fn want_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A line on stderr: notices, notes and progress, so stdout stays the
/// command's result. A failure to write there is ignored: there is no
/// other place left to report it (and `eprintln!` would panic).
pub fn note(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
