//! The workspace dashboard behind `factdesk status` (and usable by the
//! TUI): claims per status, verdicts waiting for review, stale claims and
//! each editor's assignments.

use super::Result;
use crate::check::review::{state, ReviewState};
use crate::check::{self};
use crate::git::history::{self, Filter};
use crate::model::{CaseId, StatusClass, Timestamp};
use crate::store::Workspace;
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

/// Builds the dashboard. Reads every case once and walks the git history
/// once (for last-change times).
pub fn dashboard(ws: &Workspace, now: Timestamp) -> Result<Dashboard> {
    let mut diags = Vec::new();
    let mut files = 0;
    let ctx = check::load_context(ws, &mut diags, &mut files);
    let scale = &ctx.config.verdict_scale;
    // Last change per claim, from one walk over factdesk history.
    let mut last: BTreeMap<(String, String), (Timestamp, String)> = BTreeMap::new();
    // Claims proposed at intake have no commit of their own until touched:
    // their last change is the case's creation.
    let mut created: BTreeMap<String, (Timestamp, String)> = BTreeMap::new();
    for e in history::history(ws.root(), &Filter::default()).unwrap_or_default() {
        if let Some(t) = &e.trailers {
            match (&t.case, &t.claim) {
                (Some(c), Some(cl)) => {
                    last.entry((c.to_string(), cl.to_string()))
                        .or_insert((e.time, e.author.clone()));
                }
                (Some(c), None) if t.action == crate::git::Action::NewCase => {
                    created
                        .entry(c.to_string())
                        .or_insert((e.time, e.author.clone()));
                }
                _ => {}
            }
        }
    }
    let mut d = Dashboard {
        cases: Vec::new(),
        totals: Vec::new(),
        waiting_review: Vec::new(),
        changes_requested: Vec::new(),
        stale: Vec::new(),
        stale_after_days: ctx.config.stale_after_days,
        assignments: BTreeMap::new(),
    };
    // Claims proposed at intake count from the case's creation until touched.
    let last_of = |case: &str, claim: &str| {
        last.get(&(case.to_string(), claim.to_string()))
            .or_else(|| created.get(case))
    };
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    let cutoff = now - chrono::Duration::days(i64::from(ctx.config.stale_after_days));
    for dir in ws.case_dirs()? {
        let Ok(id) = CaseId::new(dir.as_str()) else {
            continue;
        };
        let Ok(b) = super::read::open_case(ws, &id) else {
            continue;
        };
        let (title, publish) = match &b.case {
            Ok(doc) => {
                for who in &doc.value.assignees {
                    d.assignments
                        .entry(who.clone())
                        .or_default()
                        .push(id.to_string());
                }
                (doc.value.title.clone(), doc.value.publish)
            }
            Err(_) => (String::new(), false),
        };
        let mut row = CaseRow {
            id: id.to_string(),
            title,
            publish,
            statuses: BTreeMap::new(),
            unreadable: 0,
        };
        for doc in &b.claims {
            let Some(c) = &doc.value else {
                row.unreadable += 1;
                continue;
            };
            let key = if c.dismissed.is_some() {
                "dismissed".to_string()
            } else {
                c.status.clone()
            };
            *row.statuses.entry(key.clone()).or_default() += 1;
            *totals.entry(key).or_default() += 1;
            if c.dismissed.is_some() {
                continue;
            }
            let r = |who: Option<String>| ClaimRef {
                case: id.to_string(),
                claim: c.id.to_string(),
                status: c.status.clone(),
                who,
                last_change: last_of(id.as_str(), c.id.as_str()).map(|x| x.0),
            };
            if let Some(a) = &c.assignee {
                d.assignments
                    .entry(a.clone())
                    .or_default()
                    .push(format!("{id}/{}", c.id));
            }
            let rs = state(c, scale);
            match &rs {
                ReviewState::Waiting => d.waiting_review.push(r(c.review.verdict_by.clone())),
                ReviewState::ChangesRequested { by } => {
                    d.changes_requested.push(r(Some(by.clone())))
                }
                _ => {}
            }
            let open = matches!(
                scale.get(&c.status).map(|s| s.class),
                Some(StatusClass::Open | StatusClass::Working) | None
            ) || rs == ReviewState::Waiting;
            if let Some((t, who)) = last_of(id.as_str(), c.id.as_str()) {
                if open && *t < cutoff {
                    d.stale.push(r(Some(who.clone())));
                }
            }
        }
        d.cases.push(row);
    }
    let mut ordered: Vec<(String, usize)> = Vec::new();
    for s in scale.ids() {
        if let Some(n) = totals.remove(s) {
            ordered.push((s.to_string(), n));
        }
    }
    ordered.extend(totals);
    d.totals = ordered;
    Ok(d)
}
