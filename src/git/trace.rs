//! Phase timings of a change on stderr, when `FACTDESK_TRACE` is set: the
//! way to see where a slow `set` spends its time (benches/commit.sh), and,
//! on Linux, what its memory peak is made of (resident anonymous and
//! file-backed pages, high-water mark).

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("FACTDESK_TRACE").map(|_| Instant::now()))
}

/// Notes that `phase` ended now (milliseconds since the first note).
pub fn phase(phase: &str) {
    if let Some(t) = start() {
        eprintln!(
            "factdesk trace: {:8.1} ms  {phase}{}",
            t.elapsed().as_secs_f64() * 1e3,
            memory()
        );
    }
}

/// `  [rss A+F KB, peak P KB]` from `/proc/self/status` (anonymous plus
/// file-backed resident pages: `/usr/bin/time`'s peak counts both), or
/// nothing where that file does not exist.
fn memory() -> String {
    let Ok(s) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let kb = |key: &str| {
        s.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    format!(
        "  [rss {}+{} KB, peak {} KB]",
        kb("RssAnon:"),
        kb("RssFile:"),
        kb("VmHWM:")
    )
}
