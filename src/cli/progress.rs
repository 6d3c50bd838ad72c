//! A progress line on stderr for long reads (a cold case index): shown
//! only on a terminal and only once the work has taken a while, so quick
//! runs and pipes stay silent.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Quiet for this long, then a line updated at most every [`EVERY`].
const AFTER: Duration = Duration::from_millis(700);
const EVERY: Duration = Duration::from_millis(100);

/// One progress line; `show` may be called from several threads.
pub struct Progress {
    label: &'static str,
    start: Instant,
    on: bool,
    /// When the line was last drawn, if ever.
    last: Mutex<Option<Instant>>,
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress {
    /// Starts timing now.
    pub fn new() -> Self {
        Self::labelled(super::strings::READING_CASES)
    }

    /// Starts timing now, with its own label ("checking links").
    pub fn labelled(label: &'static str) -> Self {
        Self {
            label,
            start: Instant::now(),
            on: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }

    /// `done` of `total` items (cases read, links checked).
    pub fn show(&self, done: usize, total: usize) {
        if !self.on || self.start.elapsed() < AFTER {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if last.is_some_and(|t| t.elapsed() < EVERY) && done < total {
            return;
        }
        *last = Some(Instant::now());
        let _ = write!(
            std::io::stderr().lock(),
            "\r{} {done}/{total}\x1b[K",
            self.label
        );
    }

    /// Clears the line, if one was drawn.
    pub fn finish(&self) {
        if self.last.lock().is_ok_and(|l| l.is_some()) {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}
