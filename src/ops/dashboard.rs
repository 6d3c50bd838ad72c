//! The workspace dashboard behind `factdesk status` (and usable by the
//! TUI): claims per status, verdicts waiting for review, stale claims and
//! each editor's assignments.

use super::case_index::{self, CaseFacts, CaseRecord, ClaimRow};
use super::Result;
use crate::check::review::ReviewSummary;
use crate::model::{StatusClass, Timestamp, VerdictScale};
use crate::store::Workspace;
use chrono::{FixedOffset, TimeZone};
use serde::Serialize;
use std::collections::BTreeMap;

/// One claim mentioned in a dashboard list. Borrows from the
/// [`Sources`] it was sorted from: at 100,000 commits the lists hold
/// 280,000 entries, and four owned strings each were a fifth of `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRef<'a> {
    /// Case id.
    pub case: &'a str,
    /// Claim id.
    pub claim: &'a str,
    /// Its status.
    pub status: &'a str,
    /// Who set the verdict, asked for changes, or last touched it.
    pub who: Option<&'a str>,
    /// Last change recorded in git, when known.
    pub last_change: Option<Timestamp>,
    /// What a reviewer asked to change (the changes-requested list only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

/// One case's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRow<'a> {
    /// Case id.
    pub id: &'a str,
    /// Headline (empty when case.yaml cannot be read).
    pub title: &'a str,
    /// Marked for publication.
    pub publish: bool,
    /// Claims per status (dismissed ones under `dismissed`).
    pub statuses: BTreeMap<&'a str, usize>,
    /// Claim files that cannot be read.
    pub unreadable: usize,
}

/// The dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dashboard<'a> {
    /// Cases in id order.
    pub cases: Vec<CaseRow<'a>>,
    /// Claims per status over the whole workspace, in scale order.
    pub totals: Vec<(&'a str, usize)>,
    /// Verdicts no second editor has approved yet.
    pub waiting_review: Vec<ClaimRef<'a>>,
    /// Verdicts a reviewer asked to change.
    pub changes_requested: Vec<ClaimRef<'a>>,
    /// Open or working claims (or unreviewed verdicts) with no change for
    /// `stale_after_days`.
    pub stale: Vec<ClaimRef<'a>>,
    /// The threshold used for `stale`.
    pub stale_after_days: u32,
    /// Editor → assigned cases and `case/claim`s.
    pub assignments: BTreeMap<&'a str, Vec<String>>,
}

/// Who last changed each claim and when: the summary git keeps by HEAD
/// (`git::last`: read from `.git/`, brought forward over new commits, never
/// a whole-history walk once built). Without history (no commits, an
/// unreadable repository) nothing is known, and nothing is reported stale.
struct LastChanges(crate::git::last::LastChanges);

impl LastChanges {
    fn walk(ws: &Workspace) -> Self {
        Self(crate::git::last::last_changes(ws.root()).unwrap_or_default())
    }

    /// The last change of a claim: its own newest commit, else its case's
    /// creation (claims proposed at intake have no commit of their own
    /// until touched), as the author's time and name.
    fn of(&self, case: &str, claim: &str) -> Option<(Timestamp, &str)> {
        let c = self
            .0
            .claim(case, claim)
            .or_else(|| self.0.created.get(case))?;
        let offset = FixedOffset::east_opt(c.offset_minutes * 60)?;
        let t = offset.timestamp_opt(c.author_time, 0).single()?;
        Some((t, c.author.as_str()))
    }
}

/// What a dashboard is made of, read once: the case records (from the
/// index, re-reading only the cases whose files changed), the last-change
/// summary git keeps by HEAD, and the configuration. The [`Dashboard`]
/// borrows its names from here.
pub struct Sources {
    records: Vec<CaseRecord>,
    last: LastChanges,
    ctx: crate::check::Context,
}

/// Reads what [`Sources::dashboard`] needs. Problems with `factdesk.yaml`
/// or a checklist go to `warn`; `progress` hears of cases read while the
/// index is cold.
pub fn sources(
    ws: &Workspace,
    warn: &mut dyn FnMut(String),
    progress: case_index::Progress<'_>,
) -> Result<Sources> {
    let ctx = super::read::context(ws, warn);
    // The last changes come from git and the records from the case folders:
    // read side by side (the summary is a fifth of the records' time).
    let (records, last) = std::thread::scope(|s| {
        let last = s.spawn(|| LastChanges::walk(ws));
        let records = case_index::load(ws, &ctx.config.verdict_scale, progress);
        let last = last.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (records, last)
    });
    crate::git::trace::phase("last changes");
    Ok(Sources {
        records: records?.records,
        last,
        ctx,
    })
}

impl Sources {
    /// The dashboard as of `now` (which decides what is stale). Sorted
    /// on all cores, 64 cases at a time, and put together in case order:
    /// the same lists, in the same order, as one pass would make.
    pub fn dashboard(&self, now: Timestamp) -> Dashboard<'_> {
        let config = &self.ctx.config;
        let sorter = Sorter {
            scale: &config.verdict_scale,
            last: &self.last,
            cutoff: now - chrono::Duration::days(i64::from(config.stale_after_days)),
        };
        let chunks: Vec<&[CaseRecord]> = self.records.chunks(64).collect();
        let parts = crate::par::par_map(&chunks, &|_| {}, &|chunk| {
            let mut part = Part::default();
            // A case that cannot be opened has no row (as before the index).
            for r in chunk.iter() {
                if let Some(f) = &r.facts {
                    let row = sorter.case(&mut part, &r.name, f);
                    part.d.cases.push(row);
                }
            }
            part
        });
        let mut d = Dashboard {
            cases: Vec::with_capacity(self.records.len()),
            totals: Vec::new(),
            waiting_review: Vec::new(),
            changes_requested: Vec::new(),
            stale: Vec::new(),
            stale_after_days: config.stale_after_days,
            assignments: BTreeMap::new(),
        };
        let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
        let len = |f: fn(&Part<'_>) -> usize| parts.iter().map(f).sum::<usize>();
        d.waiting_review
            .reserve_exact(len(|p| p.d.waiting_review.len()));
        d.changes_requested
            .reserve_exact(len(|p| p.d.changes_requested.len()));
        d.stale.reserve_exact(len(|p| p.d.stale.len()));
        for p in parts {
            d.cases.extend(p.d.cases);
            d.waiting_review.extend(p.d.waiting_review);
            d.changes_requested.extend(p.d.changes_requested);
            d.stale.extend(p.d.stale);
            for (who, items) in p.d.assignments {
                d.assignments.entry(who).or_default().extend(items);
            }
            for (k, n) in p.totals {
                *totals.entry(k).or_default() += n;
            }
        }
        // Statuses in scale order, then any not on the scale.
        for s in sorter.scale.ids() {
            if let Some((k, n)) = totals.remove_entry(s) {
                d.totals.push((k, n));
            }
        }
        d.totals.extend(totals);
        crate::git::trace::phase("dashboard");
        d
    }
}

/// The dashboard of some consecutive cases, and their claims per status.
#[derive(Default)]
struct Part<'a> {
    d: Dashboard<'a>,
    totals: BTreeMap<&'a str, usize>,
}

/// What sorting claims into the dashboard's lists needs.
struct Sorter<'a> {
    scale: &'a VerdictScale,
    last: &'a LastChanges,
    /// Older than this is stale.
    cutoff: Timestamp,
}

impl<'a> Sorter<'a> {
    /// One case's row; its claims go into the lists of `d` and `totals`.
    fn case(&self, part: &mut Part<'a>, id: &'a str, f: &'a CaseFacts) -> CaseRow<'a> {
        let Part { d, totals } = part;
        let (title, publish) = match &f.title {
            Some(title) => {
                for who in &f.assignees {
                    d.assignments
                        .entry(who.as_str())
                        .or_default()
                        .push(id.to_string());
                }
                (title.as_str(), f.publish)
            }
            None => ("", false),
        };
        let mut row = CaseRow {
            id,
            title,
            publish,
            statuses: BTreeMap::new(),
            unreadable: 0,
        };
        for cf in &f.claims {
            let Some(c) = &cf.row else {
                row.unreadable += 1;
                continue;
            };
            let key = if c.dismissed { "dismissed" } else { &c.status };
            *row.statuses.entry(key).or_default() += 1;
            *totals.entry(key).or_default() += 1;
            if !c.dismissed {
                self.claim(d, id, cf.claim_id(), c);
            }
        }
        row
    }

    /// Puts a live claim on the lists it belongs to: assignments, waiting
    /// for review, changes requested, stale.
    fn claim(&self, d: &mut Dashboard<'a>, id: &'a str, claim: &'a str, c: &'a ClaimRow) {
        let last = self.last.of(id, claim);
        let r = |who: Option<&'a str>| ClaimRef {
            case: id,
            claim,
            status: &c.status,
            who,
            last_change: last.map(|(t, _)| t),
            note: None,
        };
        if let Some(a) = &c.assignee {
            d.assignments
                .entry(a.as_str())
                .or_default()
                .push(format!("{id}/{claim}"));
        }
        match &c.review {
            ReviewSummary::Waiting { verdict_by } | ReviewSummary::Voided { verdict_by, .. } => {
                d.waiting_review.push(r(verdict_by.as_deref()))
            }
            ReviewSummary::ChangesRequested { by, note, .. } => {
                d.changes_requested.push(ClaimRef {
                    note: Some(note.trim()).filter(|n| !n.is_empty()),
                    ..r(Some(by))
                })
            }
            _ => {}
        }
        let open = matches!(
            self.scale.get(&c.status).map(|s| s.class),
            Some(StatusClass::Open | StatusClass::Working) | None
        ) || matches!(
            c.review,
            ReviewSummary::Waiting { .. } | ReviewSummary::Voided { .. }
        );
        if let Some((t, who)) = last {
            if open && t < self.cutoff {
                d.stale.push(r(Some(who)));
            }
        }
    }
}
