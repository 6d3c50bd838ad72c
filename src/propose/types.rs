//! What analysing an article yields. A file of its own so that the stages
//! (`meta`, `claims`) and the entry point (`mod.rs`) all depend on it and
//! never on each other.

use crate::model::{ClaimKind, Score, Source, Timestamp};

/// What the article text itself tells us about the article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleMeta {
    /// The headline line.
    pub title: Option<String>,
    /// Byline author ("Yati Maulana").
    pub author: Option<String>,
    /// Publication time with the printed time zone (WIB = +07:00, WITA = +08:00, WIT = +09:00).
    pub published: Option<Timestamp>,
    /// Dateline place ("KYIV", "GENEVA").
    pub dateline: Option<String>,
    /// BCP 47 language tag: "id" or "en" (falls back to "und").
    pub language: String,
    /// Agencies and outlets the article as a whole comes through, outermost
    /// first, e.g. Reuters (it republishes a Reuters story).
    pub source_chain: Vec<Source>,
}

/// One proposed claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The claim kind.
    pub kind: ClaimKind,
    /// Check-worthiness, 0..=1: proposed at 0.5 and above (captions always).
    pub score: Score,
    /// Exactly `article[start..end]`.
    pub text: String,
    /// Byte offset in the article.
    pub start: usize,
    /// Byte offset just past the claim.
    pub end: usize,
    /// The original asserter as the article words it.
    pub speaker: Option<String>,
    /// Hops from the article to the speaker, outermost first.
    pub chain: Vec<String>,
    /// The speaker is unnamed.
    pub anonymous: bool,
    /// Numbers and dates in the claim, as written.
    pub figures: Vec<String>,
    /// Hedges the article attaches to this claim.
    pub caveats: Vec<String>,
    /// Short human-readable reason it was proposed.
    pub reason: String,
}

/// The result of analysing one article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    /// Inferred metadata.
    pub meta: ArticleMeta,
    /// Proposals in article order.
    pub proposals: Vec<Proposal>,
}
