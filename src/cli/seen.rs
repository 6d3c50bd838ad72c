//! Seen before: `similar`, `search`, and the matches `new` and `propose`
//! list after their proposals, all from the claim index
//! (`ops::claim_index`).

use super::{
    parse_claim_ref, strings, workspace, CliError, CliResult, Out, OutFormat, Outcome, SearchArgs,
    SimilarArgs,
};
use crate::matching;
use crate::model::ClaimId;
use crate::ops;
use crate::ops::claim_index::{self, ClaimIndex, Found, Match};
use crate::store::Workspace;
use crate::text::one_line;
use std::time::Duration;

/// The claim index of `ws`, brought up to date, with a progress line on a
/// terminal while cases are read.
pub(crate) fn load_index(ws: &Workspace) -> Result<ClaimIndex, CliError> {
    let scale = ops::read::context(ws, &mut ops::warn_stderr)
        .config
        .verdict_scale;
    let progress = super::progress::Progress::labelled(strings::READING_CLAIMS);
    let idx = claim_index::load(ws, &scale, &|d, t| progress.show(d, t))?;
    progress.finish();
    Ok(idx)
}

/// A score as printed and in JSON: two decimals in text, three in JSON
/// (no `0.9100000262`).
fn rounded(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// One match in JSON: the fields scripts rely on (`case`, `claim`,
/// `score`, `level`, `text`, `status`, `review`), and a few more.
/// A fact-check has `factcheck` (its URL), `publisher` and `rating`
/// instead of `case` and `claim`; its `status` is the rating and its
/// `review` null.
pub(crate) fn match_json(m: &Match<'_>) -> serde_json::Value {
    let level = m.level.map(matching::Level::as_str);
    match m.found {
        Found::Claim(c) => serde_json::json!({
            "case": c.case, "claim": c.claim, "score": rounded(m.score),
            "level": level, "text": c.text,
            "status": c.status, "review": c.review, "review_by": c.review_by,
            "translation": c.translation, "kind": c.kind,
        }),
        Found::Factcheck(f) => serde_json::json!({
            "factcheck": f.url, "score": rounded(m.score), "level": level,
            "text": f.claim_reviewed, "status": f.rating, "review": null,
            "publisher": f.publisher, "rating": f.rating,
        }),
    }
}

/// "c02 ≈ 2014-07-25-hamas/c01 (verified, approved by Ana) 0.91 same":
/// `who` is the claim matched (or "search").
/// A fact-check reads "c02 ≈ Full Fact: False https://fullfact.org/… 0.88".
fn match_line(who: &str, m: &Match<'_>) -> String {
    let level = m.level.map_or("", matching::Level::as_str);
    let what = match m.found {
        Found::Claim(c) => format!("{}/{} ({})", c.case, c.claim, c.verdict_line()),
        Found::Factcheck(f) => format!("{} {}", f.verdict, f.url),
    };
    format!("{who} ≈ {what} {:.2} {level}", m.score)
        .trim_end()
        .to_string()
}

/// The matches as text lines, each with the earlier claim's text below.
fn print_matches(out: &mut Out<'_>, who: &str, ms: &[Match<'_>]) -> Result<(), CliError> {
    for m in ms {
        out.line(&one_line(&match_line(who, m)))?;
        out.line(&format!("    {}", one_line(m.found.text())))?;
    }
    Ok(())
}

/// `factdesk similar CASE/CLAIM`.
pub fn cmd_similar(a: SimilarArgs, out: &mut Out<'_>) -> CliResult {
    let (case, claim) = parse_claim_ref(&a.claim)?;
    let ws = workspace()?;
    // A missing case or claim gets the usual not-found error and hint.
    ops::read::open_claim(&ws, &case, &claim)?;
    let idx = load_index(&ws)?;
    let Some(ms) = idx.similar(case.as_str(), claim.as_str(), a.n) else {
        return Err(
            CliError::usage(format!("{case}/{claim} is not in the claim index"))
                .hinted(strings::HINT_SIMILAR_UNREADABLE),
        );
    };
    list_matches(out, a.format, claim.as_str(), &ms)
}

/// `factdesk search TEXT…`.
pub fn cmd_search(a: SearchArgs, out: &mut Out<'_>) -> CliResult {
    let text = a.text.join(" ");
    let ws = workspace()?;
    let idx = load_index(&ws)?;
    let ms = idx.search(&text, a.n);
    list_matches(out, a.format, "search", &ms)
}

/// What `similar` and `search` print: the matches as JSON, or as lines
/// under `label`, or that there are none.
fn list_matches(out: &mut Out<'_>, format: OutFormat, label: &str, ms: &[Match<'_>]) -> CliResult {
    if format == OutFormat::Json {
        let v: Vec<_> = ms.iter().map(match_json).collect();
        out.json(&v)?;
    } else if ms.is_empty() {
        out.line(strings::NO_MATCHES)?;
    } else {
        print_matches(out, label, ms)?;
    }
    Ok(Outcome::Clean)
}

/// How long `new` and `propose` spend matching an article's proposals at
/// most (beyond loading the index): a hostile article stays bounded.
const MATCH_BUDGET: Duration = Duration::from_millis(300);

/// Matches per proposal.
const PER_PROPOSAL: usize = 3;

/// The earlier claims matching an article's proposals: for each proposal
/// (by number, from 1) its matches, and how many proposals were matched.
/// `None` outside a workspace (`propose` on a loose file), or when the
/// workspace cannot be listed: matching is a help, never a failure.
pub(crate) struct Seen {
    idx: ClaimIndex,
    /// Proposal texts, in order (at most [`claim_index::MAX_MATCHED`]).
    texts: Vec<(String, Option<String>, Vec<String>)>,
    /// How many proposals the article had.
    total: usize,
    lang: Option<String>,
    /// The case just made, left out of its own matches.
    own: Option<String>,
}

impl Seen {
    /// Loads the index of the workspace around the current folder.
    pub(crate) fn open() -> Option<Self> {
        let ws = Workspace::discover(std::path::Path::new(".")).ok()?;
        let idx = load_index(&ws).ok()?;
        Some(Self {
            idx,
            texts: Vec::new(),
            total: 0,
            lang: None,
            own: None,
        })
    }

    /// The proposal texts to match, in order (the first
    /// [`claim_index::MAX_MATCHED`] are kept), their number, the article's
    /// language, and the case just made (left out of its own matches).
    pub(crate) fn with(
        mut self,
        texts: Vec<(String, Option<String>, Vec<String>)>,
        total: usize,
        lang: Option<String>,
        own: Option<String>,
    ) -> Self {
        self.texts = texts;
        self.texts.truncate(claim_index::MAX_MATCHED);
        self.total = total;
        self.lang = lang;
        self.own = own;
        self
    }

    /// (the id `new` gives the proposal, matches) for each proposal with
    /// one, and the number of proposals matched.
    fn run(&self) -> (Vec<(ClaimId, Vec<Match<'_>>)>, usize) {
        let texts: Vec<matching::Text<'_>> = self
            .texts
            .iter()
            .map(|(t, tr, f)| matching::Text {
                text: t,
                translation: tr.as_deref(),
                lang: self.lang.as_deref(),
                figures: f,
            })
            .collect();
        let own = self.own.as_deref();
        let skip = |c: &claim_index::ClaimEntry| Some(c.case.as_str()) == own;
        let (all, done) = self
            .idx
            .match_many(&texts, PER_PROPOSAL, MATCH_BUDGET, &skip);
        let found = all
            .into_iter()
            .enumerate()
            .filter(|(_, m)| !m.is_empty())
            .map(|(i, m)| (ClaimId::from_number(i as u32 + 1), m))
            .collect();
        (found, done)
    }

    /// The `seen_before` field of `new`/`propose --format json`.
    pub(crate) fn json(&self) -> serde_json::Value {
        let (found, done) = self.run();
        let v: Vec<_> = found
            .iter()
            .map(|(i, ms)| {
                serde_json::json!({
                    "proposal": i.as_str(),
                    "matches": ms.iter().map(match_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::json!({"matched": done, "of": self.total, "proposals": v})
    }

    /// The text form, after the proposals: one line per match.
    pub(crate) fn print(&self, out: &mut Out<'_>) -> Result<(), CliError> {
        let (found, done) = self.run();
        if found.is_empty() && done == self.total {
            return Ok(());
        }
        out.line("")?;
        out.line(strings::SEEN_BEFORE)?;
        for (i, ms) in &found {
            for m in ms {
                out.line(&one_line(&match_line(i.as_str(), m)))?;
            }
        }
        if done < self.total {
            out.line(&format!(
                "(matched the first {done} of {} proposals; `factdesk similar CASE/CLAIM` matches any one)",
                self.total
            ))?;
        }
        Ok(())
    }
}
