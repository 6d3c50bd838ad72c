//! Claim proposals: pure text in, proposals out. No IO, no YAML, no git.
//!
//! The pipeline is segmentation (title, byline, caption, body sentences,
//! furniture), metadata inference (title, byline, date, dateline, language,
//! agency chain), then per-sentence heuristics that decide whether a sentence
//! is check-worthy, what kind of claim it is, who asserts it and through whom.

mod claims;
mod date;
mod lexicon;
mod meta;
pub mod segment;
#[cfg(test)]
mod tests;
mod types;

pub use date::parse_date;
pub use meta::detect_language;
pub use segment::{parse_dateline, segment, sentences, Dateline, Segment, SegmentKind};
pub use types::{Analysis, ArticleMeta, Proposal};

/// Analyses an article. Never panics, whatever the input.
///
/// Runs in time linear in the article length: one segmentation pass, one
/// metadata pass over the segments, one tokenisation per sentence.
pub fn analyze(article: &str) -> Analysis {
    let segs = segment::segment(article);
    let meta = meta::build_meta(article, &segs);
    let agencies: Vec<String> = meta.source_chain.iter().map(|s| s.name.clone()).collect();
    let ref_year = meta.published.map(|p| {
        use chrono::Datelike;
        p.year()
    });
    let proposals = claims::propose(article, &segs, &agencies, ref_year);
    Analysis { meta, proposals }
}

/// Finds `text` in `article` and returns its byte span, so a claim whose
/// stored offsets went stale (or that was typed by hand) can be re-anchored.
/// Tries an exact match first, then one that ignores differences in
/// whitespace (runs of spaces, newlines). Returns `None` for empty `text`.
pub fn find_in_article(article: &str, text: &str) -> Option<(usize, usize)> {
    let needle = text.trim();
    if needle.is_empty() {
        return None;
    }
    if let Some(p) = article.find(needle) {
        return Some((p, p + needle.len()));
    }
    // Whitespace-insensitive: collapse every whitespace run to one space in
    // both, remembering where each normalised char came from.
    let (norm, map) = collapse_ws(article);
    let (n_needle, _) = collapse_ws(needle);
    let at = norm.find(n_needle.as_str())?;
    let last = at + n_needle.len();
    let start = *map.get(at)?;
    // `last` is a char boundary of `norm`; the char before it maps to the
    // original char whose end is the span end.
    let (prev_i, _) = norm.get(..last)?.char_indices().next_back()?;
    let orig_prev = *map.get(prev_i)?;
    let end = orig_prev + article.get(orig_prev..)?.chars().next()?.len_utf8();
    Some((start, end))
}

/// Collapses whitespace runs to a single space; `map[i]` is the original
/// byte offset of normalised byte `i` (defined at char boundaries).
fn collapse_ws(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut in_ws = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if !in_ws {
                out.push(' ');
                map.push(i);
            }
            in_ws = true;
        } else {
            in_ws = false;
            out.push(c);
            for _ in 0..c.len_utf8() {
                map.push(i);
            }
        }
    }
    (out, map)
}
