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
///
/// Kept flat (every item's term ids in one buffer, every name in one
/// string, the postings in one list) so that indexing 250,000 claims costs
/// a few large allocations rather than millions of small ones.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Every item's term ids, item after item.
    terms: Vec<u32>,
    /// Item `i`'s terms are `terms[term_at[i]..term_at[i + 1]]`.
    term_at: Vec<u32>,
    /// Every item's names, one after the other.
    names: String,
    /// Where each name in `names` ends.
    name_ends: Vec<u32>,
    /// Item `i`'s names are `name_ends[name_at[i]..name_at[i + 1]]`.
    name_at: Vec<u32>,
    /// Term id to its postings' number.
    post_ids: HashMap<u32, u32, IdHash>,
    /// Postings `j` are `post[post_at[j]..post_at[j + 1]]` (ascending items).
    post_at: Vec<u32>,
    post: Vec<u32>,
}

/// Builds a [`Matcher`] one item at a time, from [`Features`] or from
/// their stored form ([`Features::encode`]) without decoding them first.
#[derive(Debug)]
pub struct MatcherBuilder {
    m: Matcher,
}

impl Default for MatcherBuilder {
    fn default() -> Self {
        let mut m = Matcher::default();
        m.term_at.push(0);
        m.name_at.push(0);
        Self { m }
    }
}

impl MatcherBuilder {
    /// Adds an item; it is the [`Hit::item`] numbered by how many came before.
    pub fn push(&mut self, f: &Features) {
        self.m.terms.extend_from_slice(f.term_ids());
        for n in f.name_list() {
            self.m.names.push_str(n);
            self.m.name_ends.push(to_u32(self.m.names.len()));
        }
        self.seal();
    }

    /// Adds an item from the front of `bytes` (as [`Features::encode`]
    /// wrote it); returns the bytes used. Bytes that are not a valid
    /// encoding add an item with no terms (it can never match) and return
    /// `None`, so item numbers stay in step with the caller's list.
    pub fn push_encoded(&mut self, bytes: &[u8]) -> Option<usize> {
        let m = &mut self.m;
        let used = Features::decode_into(bytes, &mut m.terms, &mut m.names, &mut m.name_ends);
        self.seal();
        used
    }

    fn seal(&mut self) {
        let m = &mut self.m;
        m.term_at.push(to_u32(m.terms.len()));
        m.name_at.push(to_u32(m.name_ends.len()));
    }

    /// Number of items so far.
    pub fn len(&self) -> usize {
        self.m.term_at.len() - 1
    }

    /// True when no item was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The matcher: postings built in two passes over the flat term list
    /// (count, then fill), each posting list ascending by item.
    pub fn finish(self) -> Matcher {
        let mut m = self.m;
        let mut ids: HashMap<u32, u32, IdHash> =
            HashMap::with_capacity_and_hasher(m.terms.len() / 8, IdHash);
        let mut counts: Vec<u32> = Vec::new();
        let dense: Vec<u32> = m
            .terms
            .iter()
            .map(|&t| {
                let next = to_u32(counts.len());
                let d = *ids.entry(t).or_insert(next);
                if d == next {
                    counts.push(0);
                }
                counts[d as usize] += 1;
                d
            })
            .collect();
        let mut post_at = Vec::with_capacity(counts.len() + 1);
        let mut sum = 0u32;
        post_at.push(0);
        for c in &counts {
            sum += c;
            post_at.push(sum);
        }
        let mut fill: Vec<u32> = post_at[..counts.len()].to_vec();
        let mut post = vec![0u32; m.terms.len()];
        for i in 0..m.term_at.len() - 1 {
            let (a, b) = (m.term_at[i] as usize, m.term_at[i + 1] as usize);
            for &d in &dense[a..b] {
                let at = &mut fill[d as usize];
                post[*at as usize] = to_u32(i);
                *at += 1;
            }
        }
        m.post_ids = ids;
        m.post_at = post_at;
        m.post = post;
        m
    }
}

/// Counts and offsets are `u32`: more than 4 billion terms is not a
/// workspace this serves (saturates rather than wraps).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Hashes a term id (itself a hash, kind in the top bits) with one
/// multiply: the postings table is looked up millions of times per build.
#[derive(Debug, Default, Clone, Copy)]
struct IdHash;

impl std::hash::BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

/// See [`IdHash`].
#[derive(Debug, Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b) ^ (self.0 as u32));
        }
    }
    fn write_u32(&mut self, v: u32) {
        let x = (self.0 ^ u64::from(v)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 29);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Matcher {
    /// Indexes `items`; a [`Hit::item`] is a position in this list.
    pub fn new(items: Vec<Features>) -> Self {
        let mut b = MatcherBuilder::default();
        for f in &items {
            b.push(f);
        }
        b.finish()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.term_at.len().saturating_sub(1)
    }

    /// True when there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The features of the item at `i` (a [`Hit::item`]), rebuilt from
    /// the flat buffers.
    pub fn features(&self, i: usize) -> Option<Features> {
        let (a, b) = (*self.term_at.get(i)?, *self.term_at.get(i + 1)?);
        let terms = self.terms.get(a as usize..b as usize)?.to_vec();
        let (na, nb) = (
            *self.name_at.get(i)? as usize,
            *self.name_at.get(i + 1)? as usize,
        );
        let mut names = Vec::with_capacity(nb.saturating_sub(na));
        for k in na..nb {
            let start = if k == 0 {
                0
            } else {
                self.name_ends[k - 1] as usize
            };
            let end = *self.name_ends.get(k)? as usize;
            names.push(Box::from(self.names.get(start..end)?));
        }
        Some(Features::from_parts(terms, names))
    }

    /// The postings of term `t` (ascending items).
    fn postings(&self, t: u32) -> Option<&[u32]> {
        let &j = self.post_ids.get(&t)?;
        let (a, b) = (self.post_at[j as usize], self.post_at[j as usize + 1]);
        self.post.get(a as usize..b as usize)
    }

    /// The `n` best items scoring at least `min`, best first (ties by
    /// position, so results are stable).
    pub fn query(&self, q: &Features, n: usize, min: f32) -> Vec<Hit> {
        if self.is_empty() || n == 0 {
            return Vec::new();
        }
        let total = self.len() as f32;
        let mut lists: Vec<(&[u32], f32)> = q
            .term_ids()
            .iter()
            .filter_map(|t| {
                let p = self.postings(*t)?;
                let w = if kind(*t) == NAME_KEY {
                    W_NAME
                } else {
                    KIND_WEIGHT[kind(*t) as usize]
                };
                let idf = (1.0 + total / p.len() as f32).ln();
                (w > 0.0).then_some((p, w * idf))
            })
            .collect();
        lists.sort_by_key(|(p, _)| p.len());
        let common = (self.len() / COMMON_SHARE).max(1000);
        let mut acc = vec![0f32; self.len()];
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
            .filter_map(|i| {
                let f = self.features(i as usize)?;
                Some(Hit {
                    item: i as usize,
                    score: score(q, &f),
                })
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

    /// Built from the stored form, the matcher holds the same features and
    /// answers the same; bad bytes add an item that never matches.
    #[test]
    fn the_stored_form_builds_the_same_matcher() {
        let items = vec![
            f("Inflation fell to 2.6 percent in October, Sri Mulyani said"),
            f("Rice prices rose 4.5 percent in October"),
            Features::default(),
        ];
        let mut b = MatcherBuilder::default();
        let mut bytes = Vec::new();
        for it in &items {
            let mut one = Vec::new();
            it.encode(&mut one);
            assert_eq!(Features::encoded_len(&one), Some(one.len()));
            bytes.extend_from_slice(&one);
        }
        let mut at = 0;
        for _ in &items {
            at += b.push_encoded(&bytes[at..]).expect("valid");
        }
        assert_eq!(at, bytes.len());
        assert_eq!(b.push_encoded(&[0xFD, 2, 9]), None);
        assert_eq!(b.len(), 4);
        let m = b.finish();
        let direct = Matcher::new(items.clone());
        for (i, it) in items.iter().enumerate() {
            assert_eq!(m.features(i).as_ref(), Some(it));
            assert_eq!(direct.features(i).as_ref(), Some(it));
        }
        assert_eq!(m.features(3), Some(Features::default()));
        assert_eq!(m.features(4), None);
        let q = f("Inflation fell to 2.6 percent in October");
        assert_eq!(m.query(&q, 5, 0.0), direct.query(&q, 5, 0.0));
        assert_eq!(m.query(&q, 5, 0.0)[0].item, 0);
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
