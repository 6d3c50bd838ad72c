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

/// One claim mentioned in a dashboard list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRef {
    /// Case id.
    pub case: String,
    /// Claim id.
    pub claim: String,
    /// Its status.
    pub status: String,
    /// Who set the verdict, asked for changes, or last touched it.
    pub who: Option<String>,
    /// Last change recorded in git, when known.
    pub last_change: Option<Timestamp>,
    /// What a reviewer asked to change (the changes-requested list only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One case's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRow {
    /// Case id.
    pub id: String,
    /// Headline (empty when case.yaml cannot be read).
    pub title: String,
    /// Marked for publication.
    pub publish: bool,
    /// Claims per status (dismissed ones under `dismissed`).
    pub statuses: BTreeMap<String, usize>,
    /// Claim files that cannot be read.
    pub unreadable: usize,
}

/// The dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dashboard {
    /// Cases in id order.
    pub cases: Vec<CaseRow>,
    /// Claims per status over the whole workspace, in scale order.
    pub totals: Vec<(String, usize)>,
    /// Verdicts no second editor has approved yet.
    pub waiting_review: Vec<ClaimRef>,
    /// Verdicts a reviewer asked to change.
    pub changes_requested: Vec<ClaimRef>,
    /// Open or working claims (or unreviewed verdicts) with no change for
    /// `stale_after_days`.
    pub stale: Vec<ClaimRef>,
    /// The threshold used for `stale`.
    pub stale_after_days: u32,
    /// Editor → assigned cases and `case/claim`s.
    pub assignments: BTreeMap<String, Vec<String>>,
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

/// What sorting claims into the dashboard's lists needs.
struct Sorter<'a> {
    scale: &'a VerdictScale,
    last: LastChanges,
    /// Older than this is stale.
    cutoff: Timestamp,
}

impl Sorter<'_> {
    /// One case's row; its claims go into the lists of `d` and `totals`.
    fn case(
        &self,
        d: &mut Dashboard,
        totals: &mut BTreeMap<String, usize>,
        id: &str,
        f: &CaseFacts,
    ) -> CaseRow {
        let (title, publish) = match &f.title {
            Some(title) => {
                for who in &f.assignees {
                    d.assignments
                        .entry(who.clone())
                        .or_default()
                        .push(id.to_string());
                }
                (title.clone(), f.publish)
            }
            None => (String::new(), false),
        };
        let mut row = CaseRow {
            id: id.to_string(),
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
            // Counted without a new key string per claim (220,000 of them
            // at 20,000 cases): one only when a status is first seen.
            for counts in [&mut row.statuses, &mut *totals] {
                match counts.get_mut(key) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(key.to_string(), 1);
                    }
                }
            }
            if !c.dismissed {
                self.claim(d, id, cf.claim_id(), c);
            }
        }
        row
    }

    /// Puts a live claim on the lists it belongs to: assignments, waiting
    /// for review, changes requested, stale.
    fn claim(&self, d: &mut Dashboard, id: &str, claim: &str, c: &ClaimRow) {
        let last = self.last.of(id, claim);
        let r = |who: Option<String>| ClaimRef {
            case: id.to_string(),
            claim: claim.to_string(),
            status: c.status.clone(),
            who,
            last_change: last.map(|(t, _)| t),
            note: None,
        };
        if let Some(a) = &c.assignee {
            d.assignments
                .entry(a.clone())
                .or_default()
                .push(format!("{id}/{claim}"));
        }
        match &c.review {
            ReviewSummary::Waiting { verdict_by } | ReviewSummary::Voided { verdict_by, .. } => {
                d.waiting_review.push(r(verdict_by.clone()))
            }
            ReviewSummary::ChangesRequested { by, note, .. } => {
                d.changes_requested.push(ClaimRef {
                    note: Some(note.trim().to_string()).filter(|n| !n.is_empty()),
                    ..r(Some(by.clone()))
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
                d.stale.push(r(Some(who.to_string())));
            }
        }
    }
}

/// Builds the dashboard. Reads the case index (re-reading only the cases
/// whose files changed) and the last-change summary git keeps by HEAD
/// (reading only the commits since it was written). Problems with `factdesk.yaml` or a checklist go to `warn`.
pub fn dashboard(
    ws: &Workspace,
    now: Timestamp,
    warn: &mut dyn FnMut(String),
) -> Result<Dashboard> {
    dashboard_with(ws, now, warn, &|_, _| {})
}

/// [`dashboard`] with progress while cases are read (a cold index).
pub fn dashboard_with(
    ws: &Workspace,
    now: Timestamp,
    warn: &mut dyn FnMut(String),
    progress: case_index::Progress<'_>,
) -> Result<Dashboard> {
    let ctx = super::read::context(ws, warn);
    let records = case_index::load(ws, &ctx.config.verdict_scale, progress)?.records;
    let d = from_records(ws, &ctx, now, &records);
    crate::git::trace::phase("dashboard");
    Ok(d)
}

/// The dashboard of these case records (from the index, or all read
/// fresh to compare).
pub fn from_records(
    ws: &Workspace,
    ctx: &crate::check::Context,
    now: Timestamp,
    records: &[CaseRecord],
) -> Dashboard {
    let sorter = Sorter {
        scale: &ctx.config.verdict_scale,
        last: {
            let l = LastChanges::walk(ws);
            crate::git::trace::phase("last changes");
            l
        },
        cutoff: now - chrono::Duration::days(i64::from(ctx.config.stale_after_days)),
    };
    let mut d = Dashboard {
        cases: Vec::new(),
        totals: Vec::new(),
        waiting_review: Vec::new(),
        changes_requested: Vec::new(),
        stale: Vec::new(),
        stale_after_days: ctx.config.stale_after_days,
        assignments: BTreeMap::new(),
    };
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    // A case that cannot be opened has no row (as before the index).
    for r in records {
        let Some(f) = &r.facts else {
            continue;
        };
        let row = sorter.case(&mut d, &mut totals, &r.name, f);
        d.cases.push(row);
    }
    // Statuses in scale order, then any not on the scale.
    for s in sorter.scale.ids() {
        if let Some(n) = totals.remove(s) {
            d.totals.push((s.to_string(), n));
        }
    }
    d.totals.extend(totals);
    d
}
