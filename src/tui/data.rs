//! What the screens show, loaded cheaply: the case list's summaries and
//! the watcher's fingerprints come from `ops::read`; this adds how times
//! read on screen.

pub use crate::ops::read::{case_summary as summarize, fingerprint, CaseSummary, Fingerprint};
use std::time::SystemTime;

/// "3 min ago", "2 h ago", "5 d ago", or the date.
pub fn ago(t: SystemTime, now: SystemTime) -> String {
    let secs = now.duration_since(t).map_or(0, |d| d.as_secs());
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        86_400..=2_591_999 => format!("{} d ago", secs / 86_400),
        _ => {
            let dt: chrono::DateTime<chrono::Utc> = t.into();
            dt.format("%Y-%m-%d").to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ago_reads_well() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(10_000_000);
        assert_eq!(ago(now - Duration::from_secs(30), now), "just now");
        assert_eq!(ago(now - Duration::from_secs(7200), now), "2 h ago");
        assert_eq!(ago(SystemTime::UNIX_EPOCH, now), "1970-01-01");
    }
}
