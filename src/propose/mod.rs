//! Claim proposals: pure text in, proposals out. No IO, no YAML, no git.
//!
//! The pipeline is segmentation (title, byline, caption, body sentences,
//! furniture), metadata inference (title, byline, date, dateline, language,
//! agency chain), then per-sentence heuristics that decide whether a sentence
//! is check-worthy, what kind of claim it is, who asserts it and through whom.

mod attribution;
mod claims;
mod date;
mod furniture;
mod lexicon;
mod meta;
pub mod score;
pub mod segment;
#[cfg(test)]
mod tests;
mod types;

pub use date::parse_date;
pub use meta::detect_language;
pub use segment::{parse_dateline, segment, sentences, Dateline, Segment, SegmentKind};
pub use types::{Analysis, ArticleMeta, Proposal};

/// Whether the full (word) model scores text of this detected language:
/// English and undetected text; the signal model scores the rest.
fn english(language: &str) -> bool {
    language != "id"
}

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
    let en = english(&meta.language);
    let proposals = claims::propose(article, &segs, &agencies, ref_year, en);
    Analysis { meta, proposals }
}

/// One sentence read on its own, as the proposer reads it in an article:
/// what the training example learns from and the evaluation scores.
#[derive(Debug, Clone)]
pub struct SentenceReading {
    /// The proposer's signals.
    pub signals: score::Signals,
    /// The check-worthiness score, 0..=1 (proposed at [`score::THRESHOLD`]).
    pub score: f32,
    /// The proposal the sentence yields, if any.
    pub proposal: Option<Proposal>,
}

/// Reads one sentence on its own (language detected from the sentence).
pub fn read_sentence(text: &str) -> SentenceReading {
    let (r, proposal) = claims::read_sentence(text, english(detect_language(text)));
    SentenceReading {
        signals: r.signals,
        score: r.score,
        proposal,
    }
}

/// Paragraphs of context kept on each side of the span by [`analyze_at`]:
/// enough for "he said" and "the officials" to find their speaker, and for
/// a caveat paragraph near the report it hedges.
const CONTEXT_PARAGRAPHS: usize = 4;

/// Bytes of context kept at most on each side of the span, and of the
/// article's head, by [`analyze_at`].
const CONTEXT_BYTES: usize = 16 * 1024;

/// The proposal the proposer would make for the sentence containing
/// `start..end`, found by analysing only a window of the article: the
/// span's paragraph with [`CONTEXT_PARAGRAPHS`] paragraphs (blank-line
/// separated, at most [`CONTEXT_BYTES`]) on each side, plus the article's
/// head for its metadata (agencies of the dateline and credits, the
/// publication year). `claim add` uses it to guess kind, attribution and
/// caveats of one sentence without re-proposing a 10 MiB article.
///
/// Matches [`analyze`] for the sentence except where the article's far
/// parts matter: a speaker or a hedging caveat more than the context away,
/// an agency named only outside the head and the window. `None` when no
/// proposal covers the span.
pub fn analyze_at(article: &str, start: usize, end: usize) -> Option<Proposal> {
    if start > end || end > article.len() {
        return None;
    }
    let (mut from, mut to) = window(article, start, end);
    // The head: metadata lines come first. A window that reaches into it
    // is widened to the top, so the head is segmented as in the full
    // article; otherwise the head is read on its own for the metadata.
    let head_end = segment::floor_boundary(article, CONTEXT_BYTES);
    let head_end = article
        .get(..head_end)
        .filter(|h| h.len() < article.len())
        .and_then(|h| h.rfind('\n'))
        .map_or(head_end, |i| i + 1);
    if from <= head_end {
        from = 0;
        to = to.max(head_end);
    }
    let text = article.get(from..to)?;
    let segs = segment::segment(text);
    let meta = if from == 0 {
        meta::build_meta(text, &segs)
    } else {
        let head = article.get(..head_end)?;
        meta::build_meta(head, &segment::segment(head))
    };
    let agencies: Vec<String> = meta.source_chain.iter().map(|s| s.name.clone()).collect();
    let ref_year = meta.published.map(|p| {
        use chrono::Datelike;
        p.year()
    });
    let (s, e) = (start - from, end - from);
    claims::propose(text, &segs, &agencies, ref_year, english(&meta.language))
        .into_iter()
        .find(|p| p.start <= s && e <= p.end)
        .map(|p| Proposal {
            start: p.start + from,
            end: p.end + from,
            ..p
        })
}

/// The byte range of the paragraphs around `start..end` that
/// [`analyze_at`] reads: line-aligned, blank lines counted as paragraph
/// breaks.
fn window(article: &str, start: usize, end: usize) -> (usize, usize) {
    // Backwards from the start of the span's line.
    let mut from = article
        .get(..start)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let mut breaks = 0;
    let limit = start.saturating_sub(CONTEXT_BYTES);
    while from > limit && from > 0 {
        let prev = article
            .get(..from - 1)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = article.get(prev..from).unwrap_or("");
        if line.trim().is_empty() {
            breaks += 1;
            if breaks > CONTEXT_PARAGRAPHS {
                break;
            }
        }
        from = prev;
    }
    // Forwards from the end of the span's line.
    let mut to = article
        .get(end..)
        .and_then(|r| r.find('\n'))
        .map_or(article.len(), |i| end + i + 1);
    let mut breaks = 0;
    let limit = end.saturating_add(CONTEXT_BYTES).min(article.len());
    while to < limit {
        let next = article
            .get(to..)
            .and_then(|r| r.find('\n'))
            .map_or(article.len(), |i| to + i + 1);
        let line = article.get(to..next).unwrap_or("");
        if line.trim().is_empty() {
            breaks += 1;
            if breaks > CONTEXT_PARAGRAPHS {
                break;
            }
        }
        to = next;
    }
    (from, to)
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
