//! Article metadata: title, byline author, publication time, dateline,
//! language and the agencies the whole article comes through.
//!
//! Everything is inferred from the text a checker pasted in, so a case can be
//! opened with its metadata pre-filled and only corrected where wrong.

use super::lexicon::{
    agencies_in, agency_name, find_ci, in_list, month_number, CAVEAT_PHRASES, STOP_EN, STOP_ID,
};
use super::segment::{parse_dateline, Segment, SegmentKind};
use super::ArticleMeta;
use crate::model::{Source, Timestamp};
use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};

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

/// The UTC offset of a printed time zone token, in seconds.
fn zone_offset(tok: &str) -> Option<i32> {
    const H: i32 = 3600;
    let up = tok.trim_matches(|c: char| c == '(' || c == ')' || c == '.');
    let fixed = match up.to_ascii_uppercase().as_str() {
        "WIB" => Some(7 * H),
        "WITA" => Some(8 * H),
        "WIT" => Some(9 * H),
        "UTC" | "GMT" | "Z" => Some(0),
        "EST" => Some(-5 * H),
        "EDT" => Some(-4 * H),
        "CET" => Some(H),
        "CEST" => Some(2 * H),
        "BST" => Some(H),
        "JST" => Some(9 * H),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let rest = ["GMT", "UTC", "gmt", "utc"]
        .iter()
        .find_map(|p| up.strip_prefix(p))
        .unwrap_or(up);
    numeric_offset(rest)
}

/// "+7", "+07", "+0700", "+07:00", "-5" → seconds.
fn numeric_offset(s: &str) -> Option<i32> {
    let (sign, digits) = if let Some(r) = s.strip_prefix('+') {
        (1, r)
    } else if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        (-1, r)
    } else {
        return None;
    };
    let clean: String = digits.chars().filter(|c| *c != ':').collect();
    if clean.is_empty() || clean.len() > 4 || !clean.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if clean.len() <= 2 {
        (clean.parse::<i32>().ok()?, 0)
    } else {
        let split = clean.len() - 2;
        (
            clean.get(..split)?.parse::<i32>().ok()?,
            clean.get(split..)?.parse::<i32>().ok()?,
        )
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

/// A number token with trailing punctuation removed ("5," → 5).
fn num(tok: &str, max_len: usize) -> Option<u32> {
    let t = tok.trim_end_matches([',', '.']);
    let t = t
        .strip_suffix("st")
        .or_else(|| t.strip_suffix("nd"))
        .or_else(|| t.strip_suffix("rd"))
        .or_else(|| t.strip_suffix("th"))
        .unwrap_or(t);
    if t.is_empty() || t.len() > max_len || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// "05/11/2023" (day first), "2023-11-05" → (year, month, day).
fn numeric_date(tok: &str) -> Option<(i32, u32, u32)> {
    let t = tok.trim_end_matches([',', '.']);
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| num(p, 4))
        .collect::<Option<Vec<u32>>>()?;
    let (a, b, c) = (*n.first()?, *n.get(1)?, *n.get(2)?);
    let a_len = parts.first().map_or(0, |p| p.len());
    if a_len == 4 {
        return Some((i32::try_from(a).ok()?, b, c));
    }
    let c_len = parts.get(2).map_or(0, |p| p.len());
    if c_len != 4 {
        return None;
    }
    // Day first (Indonesian and most of the world); swap only when forced.
    let (d, m) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
    Some((i32::try_from(c).ok()?, m, d))
}

/// "11:01", "11.01" → (hour, minute).
fn clock(tok: &str) -> Option<(u32, u32)> {
    let t = tok.trim_end_matches(',');
    let (h, m) = t.split_once(':').or_else(|| t.split_once('.'))?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (num(h, 2)?, num(m, 2)?);
    (h < 24 && m < 60).then_some((h, m))
}

/// Parses the first date (and time and zone, when printed) in `s`.
/// Understands "Minggu, 05/11/2023 11:01 WIB", "5 November 2023",
/// "Minggu, 5 Nov 2023 11:01 WIB", "November 5, 2023 11:01 AM GMT+7",
/// "Nov 5, 2023". Without a printed zone `default` is used, else UTC.
pub fn parse_date(s: &str, default: Option<FixedOffset>) -> Option<Timestamp> {
    let toks: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '|' || c == ',' || c == '(' || c == ')')
        .filter(|t| !t.is_empty())
        .take(64)
        .collect();
    let mut found: Option<((i32, u32, u32), usize)> = None;
    for i in 0..toks.len() {
        let t = toks.get(i).copied().unwrap_or("");
        if let Some(d) = numeric_date(t) {
            found = Some((d, i + 1));
            break;
        }
        let next = toks.get(i + 1).copied().unwrap_or("");
        let next2 = toks.get(i + 2).copied().unwrap_or("");
        if let (Some(day), Some(m)) = (num(t, 2), month_number(next)) {
            if let Some(y) = num(next2, 4).filter(|y| *y >= 1000) {
                found = Some(((y as i32, m, day), i + 3));
                break;
            }
        }
        if let (Some(m), Some(day)) = (month_number(t), num(next, 2)) {
            if let Some(y) = num(next2, 4).filter(|y| *y >= 1000) {
                found = Some(((y as i32, m, day), i + 3));
                break;
            }
        }
    }
    let ((y, m, d), after) = found?;
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let mut time = NaiveTime::from_hms_opt(0, 0, 0)?;
    let mut offset: Option<i32> = None;
    let mut pm: Option<bool> = None;
    for k in after..(after + 5).min(toks.len()) {
        let t = toks.get(k).copied().unwrap_or("");
        if let Some((h, mi)) = clock(t) {
            time = NaiveTime::from_hms_opt(h, mi, 0)?;
        } else if t.eq_ignore_ascii_case("am") || t.eq_ignore_ascii_case("a.m.") {
            pm = Some(false);
        } else if t.eq_ignore_ascii_case("pm") || t.eq_ignore_ascii_case("p.m.") {
            pm = Some(true);
        } else if let Some(o) = zone_offset(t) {
            // "GMT +7": a bare zone followed by a numeric offset.
            let extra = toks
                .get(k + 1)
                .and_then(|n| numeric_offset(n))
                .filter(|_| o == 0);
            offset = Some(extra.unwrap_or(o));
            break;
        }
    }
    if let Some(pm) = pm {
        use chrono::Timelike;
        let h = time.hour() % 12 + if pm { 12 } else { 0 };
        time = NaiveTime::from_hms_opt(h, time.minute(), 0)?;
    }
    let tz = match offset {
        Some(o) => FixedOffset::east_opt(o)?,
        None => default.or_else(|| FixedOffset::east_opt(0))?,
    };
    tz.from_local_datetime(&date.and_time(time)).single()
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

    fn ts(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).expect("valid test timestamp")
    }

    #[test]
    fn indonesian_byline_date() {
        let got = parse_date("Yati Maulana | Minggu, 05/11/2023 11:01 WIB", None);
        assert_eq!(got, Some(ts("2023-11-05T11:01:00+07:00")));
    }

    #[test]
    fn indonesian_zones() {
        assert_eq!(
            parse_date("05/11/2023 11:01 WITA", None),
            Some(ts("2023-11-05T11:01:00+08:00"))
        );
        assert_eq!(
            parse_date("05/11/2023 11.01 WIT", None),
            Some(ts("2023-11-05T11:01:00+09:00"))
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(
            parse_date("Minggu, 5 Nov 2023 11:01 WIB", None),
            Some(ts("2023-11-05T11:01:00+07:00"))
        );
        assert_eq!(
            parse_date("5 November 2023", FixedOffset::east_opt(7 * 3600)),
            Some(ts("2023-11-05T00:00:00+07:00"))
        );
        assert_eq!(
            parse_date("November 5, 2023 11:01 AM GMT+7", None),
            Some(ts("2023-11-05T11:01:00+07:00"))
        );
        assert_eq!(
            parse_date("November 5, 2023 1:05 PM GMT+7", None),
            Some(ts("2023-11-05T13:05:00+07:00"))
        );
        assert_eq!(
            parse_date("Nov 5, 2023", None),
            Some(ts("2023-11-05T00:00:00+00:00"))
        );
        assert_eq!(
            parse_date("Updated Nov. 5, 2023 at 11:01 UTC +07:00", None),
            Some(ts("2023-11-05T11:01:00+07:00"))
        );
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(parse_date("17,5% wilayah", None), None);
        assert_eq!(parse_date("31/02/2023", None), None);
        assert_eq!(parse_date("", None), None);
    }

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
