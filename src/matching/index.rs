//! [`Matcher`]: many claims, searchable without scoring every one.
//!
//! An inverted index from term ids (concepts, stems, figures, name keys)
//! to items. A query walks its terms rarest first, adding each term's
//! corpus weight (inverse document frequency, as in BM25) to the items it
//! lists; terms listed by very many items are skipped once rarer terms
//! found candidates, and the walk stops after a fixed number of postings,
//! so common words never blow up the work. The best few hundred
//! candidates by that corpus weight are then scored with [`score`], the
//! calibrated, corpus-free similarity: a hit's score (and its [`level`])
//! does not drift as the workspace grows, while the corpus decides which
//! items are worth scoring.
//!
//! [`level`]: super::level

use std::collections::HashMap;

use super::{kind, score, Features, KIND_WEIGHT, NAME_KEY, W_NAME};

/// How many candidates (best by corpus weight) get the full [`score`].
const CANDIDATES: usize = 400;
/// How many postings one query reads at most.
const POSTING_BUDGET: usize = 400_000;
/// A term listed by more than this share of items is skipped once
/// candidates exist (a stop word the stop list missed).
const COMMON_SHARE: usize = 20;

/// One result of [`Matcher::query`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Position of the item in the list given to [`Matcher::new`].
    pub item: usize,
    /// [`score`] of the query and the item.
    pub score: f32,
}

/// Many claims, searchable: only items sharing a term with the query are
/// scored, and of those only the likeliest.
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
            for &t in f.term_ids() {
                postings.entry(t).or_default().push(i as u32);
            }
        }
        for p in postings.values_mut() {
            p.shrink_to_fit();
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

    /// The features of the item at `i` (a [`Hit::item`]).
    pub fn features(&self, i: usize) -> Option<&Features> {
        self.items.get(i)
    }

    /// The `n` best items scoring at least `min`, best first (ties by
    /// position, so results are stable).
    pub fn query(&self, q: &Features, n: usize, min: f32) -> Vec<Hit> {
        if self.items.is_empty() || n == 0 {
            return Vec::new();
        }
        let total = self.items.len() as f32;
        let mut lists: Vec<(&[u32], f32)> = q
            .term_ids()
            .iter()
            .filter_map(|t| {
                let p = self.postings.get(t)?;
                let w = if kind(*t) == NAME_KEY {
                    W_NAME
                } else {
                    KIND_WEIGHT[kind(*t) as usize]
                };
                let idf = (1.0 + total / p.len() as f32).ln();
                (w > 0.0).then_some((p.as_slice(), w * idf))
            })
            .collect();
        lists.sort_by_key(|(p, _)| p.len());
        let common = (self.items.len() / COMMON_SHARE).max(1000);
        let mut acc = vec![0f32; self.items.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut read = 0usize;
        for (p, w) in lists {
            if !touched.is_empty() && (p.len() > common || read + p.len() > POSTING_BUDGET) {
                break;
            }
            read += p.len();
            for &i in p {
                let a = &mut acc[i as usize];
                if *a == 0.0 {
                    touched.push(i);
                }
                *a += w;
            }
        }
        if touched.len() > CANDIDATES {
            touched.select_nth_unstable_by(CANDIDATES, |x, y| {
                acc[*y as usize].total_cmp(&acc[*x as usize]).then(x.cmp(y))
            });
            touched.truncate(CANDIDATES);
        }
        let mut hits: Vec<Hit> = touched
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
    use super::super::{features, Text};
    use super::*;

    fn f(text: &str) -> Features {
        features(&Text {
            text,
            lang: Some("en"),
            ..Text::default()
        })
    }

    /// With far more near-copies than candidates, the exact copy (rare
    /// terms: its names and figures) still comes first, and every hit's
    /// score is `score` itself.
    #[test]
    fn rare_terms_find_the_copy_among_many_near_copies() {
        let claim =
            "Police arrested 1,250 protesters near parliament on Monday, Karvendo Sutimbar said";
        let mut items: Vec<Features> = (0..3000)
            .map(|i| {
                f(&format!(
                    "Police arrested {} protesters near parliament on Monday, officials said",
                    2000 + i
                ))
            })
            .collect();
        items.push(f(claim));
        let m = Matcher::new(items.clone());
        let q = f(claim);
        let hits = m.query(&q, 3, 0.0);
        assert_eq!(hits[0].item, 3000, "{hits:?}");
        assert_eq!(hits[0].score, 1.0);
        for h in &hits {
            assert_eq!(h.score, score(&q, &items[h.item]));
        }
        assert!(m.query(&q, 0, 0.0).is_empty());
        assert!(Matcher::new(Vec::new()).query(&q, 3, 0.0).is_empty());
    }

    /// A threshold above every score returns nothing; hits come best first.
    #[test]
    fn hits_respect_the_minimum_and_the_order() {
        let m = Matcher::new(vec![
            f("Inflation fell to 2.6 percent in October"),
            f("Inflation fell to 2.6 percent in October, the statistics agency said"),
            f("Rice prices rose 4.5 percent in October"),
        ]);
        let q = f("Inflation fell to 2.6 percent in October");
        let hits = m.query(&q, 10, 0.0);
        assert!(
            hits.windows(2).all(|w| w[0].score >= w[1].score),
            "{hits:?}"
        );
        assert_eq!(hits[0].item, 0);
        assert!(m.query(&q, 10, 1.01).is_empty());
    }
}
