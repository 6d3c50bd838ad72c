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
