//! What the screens show, loaded cheaply: the case list's summaries and
//! the watcher's fingerprints come from `ops::read`; this adds how times
//! read on screen.

use crate::model::{CaseId, VerdictScale};
pub use crate::ops::read::{case_summary as summarize, fingerprint, CaseSummary, Fingerprint};
use crate::store::Workspace;
use std::time::SystemTime;

/// A case list row: the cheap summary, and the review counts of its
/// verdicts.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub case: CaseSummary,
    pub review: super::review::Counts,
}

impl std::ops::Deref for Summary {
    type Target = CaseSummary;
    fn deref(&self) -> &CaseSummary {
        &self.case
    }
}

impl Summary {
    /// A row from the case index, which holds each claim's review state.
    pub fn of_record(r: crate::ops::case_index::CaseRecord) -> Summary {
        let mut review = super::review::Counts::default();
        let rows = r.facts.iter().flat_map(|f| f.claims.iter());
        for row in rows.filter_map(|c| c.row.as_ref()).filter(|c| !c.dismissed) {
            review.add(&row.review);
        }
        Summary {
            case: r.summary,
            review,
        }
    }
}

/// The summary of case folder `name`. Review counts need the claims
/// parsed, so they are read only when some claim has a verdict.
pub fn summary(ws: &Workspace, name: &str, scale: &VerdictScale) -> Summary {
    let case = summarize(ws, name, &|s: &str| scale.is_decided(s));
    let mut review = super::review::Counts::default();
    if case.decided > 0 {
        if let Ok(b) = CaseId::new(name)
            .map_err(|_| ())
            .and_then(|id| crate::ops::read::open_case(ws, &id).map_err(|_| ()))
        {
            for c in b.claims.iter().filter_map(|d| d.value.as_ref()) {
                review.add(&super::review::of(c, scale));
            }
        }
    }
    Summary { case, review }
}

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
