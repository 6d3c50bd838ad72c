//! Article metadata: title, byline author, publication time, dateline,
//! language and the agencies the whole article comes through.
//!
//! Everything is inferred from the text a checker pasted in, so a case can be
//! opened with its metadata pre-filled and only corrected where wrong.

use super::date::parse_date;
use super::lexicon::{
    agencies_in, agency_name, find_ci, in_list, CAVEAT_PHRASES, STOP_EN, STOP_ID,
};
use super::segment::{parse_dateline, Segment, SegmentKind};
use super::types::ArticleMeta;
use crate::model::Source;
use chrono::FixedOffset;

/// Guesses the article language from stopword counts: "id", "en" or "und".
/// Counting a closed list of function words is robust on news prose and
/// needs no model.
pub fn detect_language(text: &str) -> &'static str {
    let (mut id, mut en) = (0usize, 0usize);
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if w.is_empty() || w.len() > 6 {
            continue;
        }
        if in_list(w, STOP_ID) {
            id += 1;
        } else if in_list(w, STOP_EN) {
            en += 1;
        }
    }
    if id == 0 && en == 0 {
        "und"
    } else if id > en {
        "id"
    } else if en > id {
        "en"
    } else {
        "und"
    }
}

/// The author of a byline line, if it names one.
fn byline_author(line: &str) -> Option<String> {
    let mut s = line.trim();
    for p in ["By ", "BY ", "Oleh:", "Oleh ", "OLEH "] {
        if let Some(r) = s.strip_prefix(p) {
            s = r.trim_start();
        }
    }
    let name = s.split('|').next().unwrap_or("").trim();
    let name = name.trim_end_matches([',', '-', '–', '—']).trim();
    let words = name.split_whitespace().count();
    if name.is_empty()
        || words > 8
        || name.chars().any(|c| c.is_ascii_digit())
        || !name.chars().next().is_some_and(char::is_uppercase)
    {
        return None;
    }
    Some(name.to_string())
}

/// Where a caveat phrase starts in a sentence, and the subject before it
/// ("Reuters" in "Reuters tidak dapat memverifikasi …").
pub(crate) fn caveat_phrase(sentence: &str) -> Option<(usize, &str)> {
    // Every caveat phrase contains one of these stems; one cheap scan each
    // instead of one per phrase.
    if !["verif", "konfirm", "confirm", "memastikan"]
        .iter()
        .any(|stem| find_ci(sentence, stem).is_some())
    {
        return None;
    }
    let pos = CAVEAT_PHRASES
        .iter()
        .filter_map(|p| find_ci(sentence, p))
        .min()?;
    Some((pos, sentence.get(..pos).unwrap_or("").trim()))
}

/// Agencies the article as a whole comes through, in order of first
/// evidence: dateline "(Reuters)", credits ("Foto: Reuters"), a source line
/// ("Sumber: Reuters"), or a caveat ("Reuters could not verify …").
fn agency_chain(article: &str, segs: &[Segment]) -> Vec<Source> {
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    let mut add = |pos: usize, name: &'static str| {
        if !found.iter().any(|(_, n)| *n == name) {
            found.push((pos, name));
        }
    };
    for seg in segs {
        let text = seg.text(article);
        match seg.kind {
            SegmentKind::Dateline => {
                if let Some(a) = parse_dateline(text).and_then(|d| d.agency) {
                    if let Some(name) = agency_name(a) {
                        add(seg.start, name);
                    }
                }
            }
            SegmentKind::Credit => {
                for (p, name) in agencies_in(text) {
                    add(seg.start + p, name);
                }
            }
            SegmentKind::Furniture => {
                let lower_ok = ["sumber", "source"]
                    .iter()
                    .any(|p| super::lexicon::starts_with_ci(text, p))
                    || ["foto", "photo"]
                        .iter()
                        .any(|p| super::lexicon::starts_with_ci(text, p));
                if lower_ok {
                    for (p, name) in agencies_in(text) {
                        add(seg.start + p, name);
                    }
                }
            }
            SegmentKind::Sentence => {
                if let Some((_, subject)) = caveat_phrase(text) {
                    if subject.split_whitespace().count() <= 4 {
                        for (p, name) in agencies_in(subject) {
                            add(seg.start + p, name);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|(_, name)| Source {
            name: name.to_string(),
            role: Some("republishes".to_string()),
            anonymous: false,
        })
        .collect()
}

/// Builds the article metadata from its segments.
pub fn build_meta(article: &str, segs: &[Segment]) -> ArticleMeta {
    let language = detect_language(article).to_string();
    let default_tz = if language == "id" {
        FixedOffset::east_opt(7 * 3600)
    } else {
        None
    };
    let mut meta = ArticleMeta {
        language,
        ..ArticleMeta::default()
    };
    for seg in segs {
        let text = seg.text(article);
        match seg.kind {
            SegmentKind::Title if meta.title.is_none() => meta.title = Some(text.to_string()),
            SegmentKind::Byline => {
                if meta.author.is_none() {
                    meta.author = byline_author(text);
                }
                if meta.published.is_none() {
                    meta.published = parse_date(text, default_tz);
                }
            }
            SegmentKind::Dateline if meta.dateline.is_none() => {
                meta.dateline = parse_dateline(text).map(|d| d.place.to_string());
            }
            _ => {}
        }
    }
    meta.source_chain = agency_chain(article, segs);
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_caveat_phrase_passes_the_prefilter() {
        for p in CAVEAT_PHRASES {
            assert_eq!(caveat_phrase(p).map(|(pos, _)| pos), Some(0), "{p}");
        }
        assert_eq!(caveat_phrase("Nothing to see here."), None);
    }

    #[test]
    fn language() {
        assert_eq!(
            detect_language(
                "Para pejabat telah berbicara dengan pemerintah yang baru dan itu tidak"
            ),
            "id"
        );
        assert_eq!(
            detect_language("The officials said that the talks were in the early stages"),
            "en"
        );
        assert_eq!(detect_language("12345 !!!"), "und");
    }

    #[test]
    fn authors() {
        assert_eq!(
            byline_author("Yati Maulana | Minggu, 05/11/2023 11:01 WIB").as_deref(),
            Some("Yati Maulana")
        );
        assert_eq!(
            byline_author("By Jane Doe and John Roe").as_deref(),
            Some("Jane Doe and John Roe")
        );
        assert_eq!(byline_author("November 5, 2023 11:01 AM GMT+7"), None);
    }
}
