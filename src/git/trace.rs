//! Phase timings of a change on stderr, when `FACTDESK_TRACE` is set: the
//! way to see where a slow `set` spends its time (benches/commit.sh).

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
            "factdesk trace: {:8.1} ms  {phase}",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}
