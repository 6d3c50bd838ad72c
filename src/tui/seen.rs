//! Seen before in the TUI: the claim index (`ops::claim_index`) loaded off
//! the UI thread, and for the open case each claim's best earlier matches,
//! which the claim view shows in a panel and the claim list marks.
//!
//! The index and the matches are computed together by [`find`] on a
//! worker thread (`Effect::FindSeen`), started by a tick when a case is
//! opened or its files changed; the frame never waits for them.

use crate::matching::{self, Level};
use crate::model::{CaseId, VerdictScale};
use crate::ops::claim_index::{self, ClaimIndex, Found};
use crate::store::Workspace;
use std::collections::HashMap;
use std::sync::Arc;

/// Matches kept per claim.
pub const PER_CLAIM: usize = 5;

/// What the TUI knows of earlier claims.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// The loaded index, kept for the next case opened; `None` until the
    /// first load, and again after the open case changed on disk.
    pub index: Option<Arc<ClaimIndex>>,
    /// A worker is finding matches.
    pub loading: bool,
    /// The case `matches` are for.
    pub case: Option<CaseId>,
    /// The open case changed (a commit, a pull): find again.
    pub stale: bool,
    /// Best first, per claim id of the open case.
    pub matches: HashMap<String, Vec<SeenMatch>>,
    /// Why the index could not be loaded (shown in the panel).
    pub problem: Option<String>,
}

impl Seen {
    /// The matches of a claim of the open case (empty when none or not
    /// known yet).
    pub fn of(&self, claim: &str) -> &[SeenMatch] {
        self.matches.get(claim).map_or(&[], Vec::as_slice)
    }
}

/// One earlier claim or published fact-check, as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenMatch {
    /// The earlier claim (`None` for a fact-check).
    pub case: Option<String>,
    pub claim: Option<String>,
    /// The fact-check's address (`None` for a claim).
    pub url: Option<String>,
    /// "verified, approved by Ana", or "Cek Fakta: Benar".
    pub verdict: String,
    /// The text matched.
    pub text: String,
    pub score: f32,
    pub level: Option<Level>,
}

impl SeenMatch {
    /// `CASE/CLAIM`, or the fact-check's address.
    pub fn target(&self) -> String {
        match (&self.case, &self.claim, &self.url) {
            (Some(c), Some(k), _) => format!("{c}/{k}"),
            (_, _, Some(u)) => u.clone(),
            _ => String::new(),
        }
    }
}

/// A claim of the open case to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub claim: String,
    pub text: String,
    pub translation: Option<String>,
    pub figures: Vec<String>,
}

/// The index and, per claim id, its best earlier matches.
pub type SeenResult = (Arc<ClaimIndex>, HashMap<String, Vec<SeenMatch>>);

/// Loads the index (unless given one) and finds each claim's matches,
/// other claims of the same case included, the claim itself left out; on
/// a worker thread (the runtime sends the result as `SeenFound`).
pub fn find(
    ws: &Workspace,
    scale: &VerdictScale,
    case: &CaseId,
    queries: &[Query],
    lang: Option<&str>,
    index: Option<Arc<ClaimIndex>>,
) -> Result<SeenResult, String> {
    let index = match index {
        Some(i) => Ok(i),
        None => claim_index::load(ws, scale, &|_, _| {})
            .map(Arc::new)
            .map_err(|e| e.to_string()),
    };
    index.map(|idx| {
        let mut out = HashMap::new();
        for q in queries {
            let f = matching::features(&matching::Text {
                text: &q.text,
                translation: q.translation.as_deref(),
                lang,
                figures: &q.figures,
            });
            let me = |c: &claim_index::ClaimEntry| c.case == case.as_str() && c.claim == q.claim;
            let ms: Vec<SeenMatch> = idx
                .query(&f, PER_CLAIM, matching::POSSIBLE, &me)
                .into_iter()
                .map(|m| match m.found {
                    Found::Claim(c) => SeenMatch {
                        case: Some(c.case.clone()),
                        claim: Some(c.claim.clone()),
                        url: None,
                        verdict: c.verdict_line(),
                        text: c.text.clone(),
                        score: m.score,
                        level: m.level,
                    },
                    Found::Factcheck(x) => SeenMatch {
                        case: None,
                        claim: None,
                        url: Some(x.url.clone()),
                        verdict: x.verdict.clone(),
                        text: x.claim_reviewed.clone(),
                        score: m.score,
                        level: m.level,
                    },
                })
                .collect();
            if !ms.is_empty() {
                out.insert(q.claim.clone(), ms);
            }
        }
        (idx, out)
    })
}
