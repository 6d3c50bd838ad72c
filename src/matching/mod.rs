//! Seen before: whether a claim was checked already, in this workspace or
//! by another desk (imported ClaimReview fact-checks), across English and
//! Indonesian.
//!
//! Pure text in, scores out, like `propose`: no IO, so the index that
//! `ops` keeps in `.git/` stores [`Features`] as bytes ([`Features::encode`])
//! and rebuilds a [`Matcher`] from them without re-reading any text.
//!
//! The contract the rest of factdesk relies on:
//! - [`features`] turns a claim (text, translation, language, figures) into
//!   comparable features once;
//! - [`score`] compares two of them, 0 (nothing shared) to 1 (the same
//!   claim); [`level`] maps a score to the two calibrated thresholds;
//! - [`Matcher`] finds the best-scoring items for a query among many,
//!   without scoring every item.

use std::collections::HashMap;

/// A claim as the matcher sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Text<'a> {
    /// The claim as written, in its language.
    pub text: &'a str,
    /// An English rendering, when the desk wrote one.
    pub translation: Option<&'a str>,
    /// ISO 639-1 code of `text` ("en", "id"), when known.
    pub lang: Option<&'a str>,
    /// Figures quoted in the claim, as written.
    pub figures: &'a [String],
}

/// What two claims are compared on, computed once per claim.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Sorted, de-duplicated term ids.
    terms: Vec<u32>,
}

/// The calibrated score from which two claims are "possibly the same".
pub const POSSIBLE: f32 = 0.45;
/// The calibrated score from which two claims are "the same claim".
pub const SAME: f32 = 0.75;

/// How sure a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// At or above [`POSSIBLE`]: worth a look.
    Possible,
    /// At or above [`SAME`]: the same claim, reworded or translated.
    Same,
}

impl Level {
    /// The word used in outputs (`same` / `possible`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Possible => "possible",
            Level::Same => "same",
        }
    }
}

/// The level a score reaches, if any.
pub fn level(score: f32) -> Option<Level> {
    if score >= SAME {
        Some(Level::Same)
    } else if score >= POSSIBLE {
        Some(Level::Possible)
    } else {
        None
    }
}

/// Computes a claim's features.
pub fn features(t: &Text<'_>) -> Features {
    let mut terms = Vec::new();
    for s in std::iter::once(t.text)
        .chain(t.translation)
        .chain(t.figures.iter().map(String::as_str))
    {
        for w in s.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() >= 3 || w.chars().any(|c| c.is_ascii_digit()) {
                terms.push(term_id(&w.to_lowercase()));
            }
        }
    }
    terms.sort_unstable();
    terms.dedup();
    Features { terms }
}

/// FNV-1a, stable across versions and platforms (ids are stored).
fn term_id(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Similarity of two claims, 0 to 1, symmetric.
pub fn score(a: &Features, b: &Features) -> f32 {
    if a.terms.is_empty() || b.terms.is_empty() {
        return 0.0;
    }
    let shared = a
        .terms
        .iter()
        .filter(|t| b.terms.binary_search(t).is_ok())
        .count();
    2.0 * shared as f32 / (a.terms.len() + b.terms.len()) as f32
}

impl Features {
    /// Appends the stored form to `out` (read back by [`Features::decode`]).
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.terms.len() as u32).to_le_bytes());
        for t in &self.terms {
            out.extend_from_slice(&t.to_le_bytes());
        }
    }

    /// Reads one stored [`Features`] from the front of `bytes`; returns it
    /// and the bytes used, or `None` when the bytes are not a valid encoding
    /// (the caller then rebuilds from the claim's text).
    pub fn decode(bytes: &[u8]) -> Option<(Features, usize)> {
        let n = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        let end = 4usize.checked_add(n.checked_mul(4)?)?;
        let body = bytes.get(4..end)?;
        let terms = body
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some((Features { terms }, end))
    }
}

/// One result of [`Matcher::query`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Position of the item in the list given to [`Matcher::new`].
    pub item: usize,
    /// [`score`] of the query and the item.
    pub score: f32,
}

/// Many claims, searchable: only items sharing a term with the query are
/// scored.
#[derive(Debug, Default)]
pub struct Matcher {
    items: Vec<Features>,
    postings: HashMap<u32, Vec<u32>>,
}

impl Matcher {
    /// Indexes `items`; a [`Hit::item`] is a position in this list.
    pub fn new(items: Vec<Features>) -> Self {
        let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, f) in items.iter().enumerate() {
            for &t in &f.terms {
                postings.entry(t).or_default().push(i as u32);
            }
        }
        Self { items, postings }
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The `n` best items scoring at least `min`, best first (ties by
    /// position, so results are stable).
    pub fn query(&self, q: &Features, n: usize, min: f32) -> Vec<Hit> {
        let mut seen: Vec<u32> = q
            .terms
            .iter()
            .filter_map(|t| self.postings.get(t))
            .flatten()
            .copied()
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let mut hits: Vec<Hit> = seen
            .into_iter()
            .map(|i| Hit {
                item: i as usize,
                score: score(q, &self.items[i as usize]),
            })
            .filter(|h| h.score >= min)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.cmp(&b.item)));
        hits.truncate(n);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> Features {
        features(&Text {
            text,
            ..Text::default()
        })
    }

    #[test]
    fn identical_claims_score_one_and_unrelated_zero() {
        let a = f("Ukraine and Russia held secret talks");
        assert_eq!(score(&a, &a), 1.0);
        assert_eq!(score(&a, &f("Inflation fell to 3 percent")), 0.0);
        assert_eq!(level(1.0), Some(Level::Same));
        assert_eq!(level(0.0), None);
    }

    #[test]
    fn encoding_round_trips_and_rejects_truncation() {
        let a = f("Ukraine and Russia held secret talks");
        let mut buf = Vec::new();
        a.encode(&mut buf);
        assert_eq!(Features::decode(&buf), Some((a, buf.len())));
        assert_eq!(Features::decode(&buf[..buf.len() - 1]), None);
    }

    #[test]
    fn matcher_finds_the_best_item_first() {
        let m = Matcher::new(vec![
            f("Inflation fell to 3 percent"),
            f("Ukraine and Russia held secret talks in Istanbul"),
            f("Ukraine and Russia held secret talks"),
        ]);
        let hits = m.query(&f("Ukraine and Russia held secret talks"), 2, 0.1);
        assert_eq!(hits.iter().map(|h| h.item).collect::<Vec<_>>(), vec![2, 1]);
    }
}
