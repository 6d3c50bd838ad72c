//! Segmentation: classifies each line of an article (title, byline, caption,
//! furniture, body) and splits body lines into sentences.
//!
//! Lines are the unit of layout: copy-pasted articles put one paragraph per
//! line, and the lines that are not body (headline, byline, credits, share
//! buttons) are exactly those a fact-checker must not be asked to check.
//! Everything is a single forward pass over the text; no step rescans more
//! than the word it is looking at, so the cost stays linear.

use super::date::parse_date;
use super::furniture::{
    is_agency_code, is_credit_sentence, is_published_line, trailing_credit, without_credit,
};
use super::lexicon::{
    in_list, starts_with_ci, ABBR_MAY_END, ABBR_MONTH, ABBR_TITLE, CREDIT_MARKERS,
    FURNITURE_PREFIXES, SENTENCE_STARTERS,
};

/// What a span of the article is, as far as claim proposal is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// The headline.
    Title,
    /// Author and/or date line ("Yati Maulana | Minggu, 05/11/2023 11:01 WIB").
    Byline,
    /// A photo or video caption, credit excluded.
    Caption,
    /// A photo credit ("Foto: Reuters", "REUTERS/Name").
    Credit,
    /// The dateline before the first sentence ("KYIV -").
    Dateline,
    /// A subheading inside the body: a line without final punctuation.
    Heading,
    /// Page furniture: navigation, share buttons, editor lines, codes.
    Furniture,
    /// One body sentence.
    Sentence,
}

/// A classified span `article[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// What the span is.
    pub kind: SegmentKind,
    /// Byte offset of the first byte (always a char boundary).
    pub start: usize,
    /// Byte offset just past the span (always a char boundary).
    pub end: usize,
    /// Index of the non-empty line the span lies in, counting from 0; lets
    /// callers tell which sentences share a paragraph.
    pub paragraph: usize,
}

impl Segment {
    /// The segment's text; empty if the offsets do not fit `article`
    /// (they always do for segments made from that article).
    pub fn text<'a>(&self, article: &'a str) -> &'a str {
        article.get(self.start..self.end).unwrap_or("")
    }
}

/// A parsed dateline ("GENEVA, Sept 9 (Reuters) -").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline<'a> {
    /// The place, as written ("GENEVA").
    pub place: &'a str,
    /// The text inside the parentheses, if any ("Reuters").
    pub agency: Option<&'a str>,
    /// Byte length of the dateline including its dash.
    pub len: usize,
    /// Byte offset where the sentence after the dateline starts.
    pub text_start: usize,
}

/// Largest char boundary of `s` that is `<= i`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Sentence-final punctuation.
pub(crate) fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// Characters that close a sentence after its final punctuation.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '」' | '』')
}

/// Characters that may open a sentence before its first letter.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '„' | '「' | '『'
    )
}

/// Bullet characters that start navigation items.
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '·' | '▪' | '■' | '►' | '▶' | '◆' | '●' | '|' | '»')
}

/// Parses a dateline at the start of `line`: an all-caps place
/// ("KYIV -", "NEW YORK —") or any place followed by an agency in
/// parentheses ("Jakarta (ANTARA) -", "GENEVA, Sept 9 (Reuters) -").
pub fn parse_dateline(line: &str) -> Option<Dateline<'_>> {
    let head = line.get(..floor_boundary(line, 120)).unwrap_or("");
    let mut best: Option<(usize, usize)> = None;
    for sep in [" - ", " – ", " — ", " -- ", " —", " –"] {
        if let Some(p) = head.find(sep) {
            if best.is_none_or(|(b, _)| p < b) {
                best = Some((p, sep.trim_end().len()));
            }
        }
    }
    if best.is_none() {
        // The dateline alone, as stored in a segment: "KYIV -".
        for sep in [" -", " –", " —", " --"] {
            if head.len() == line.len() && line.ends_with(sep) {
                best = Some((line.len() - sep.len(), sep.len()));
            }
        }
    }
    let (pos, seplen) = best?;
    let prefix = line.get(..pos)?.trim();
    let words = prefix.split_whitespace().count();
    if words == 0 || words > 9 {
        return None;
    }
    let place_end = prefix.find([',', '(']).unwrap_or(prefix.len());
    let place = prefix.get(..place_end)?.trim();
    let place_words = place.split_whitespace().count();
    if place_words == 0 || place_words > 4 {
        return None;
    }
    if !place
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let agency = prefix.find('(').and_then(|o| {
        let inner = prefix.get(o + 1..)?;
        let c = inner.find(')')?;
        inner.get(..c).map(str::trim)
    });
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 2 && !place.chars().any(char::is_lowercase);
    if !all_caps && agency.is_none() {
        return None;
    }
    let len = pos + seplen;
    let rest = line.get(len..)?;
    let text_start = len + (rest.len() - rest.trim_start().len());
    if line
        .get(text_start..)?
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
    {
        return None;
    }
    Some(Dateline {
        place,
        agency,
        len,
        text_start,
    })
}

/// True when the line ends like a paragraph of running text.
fn has_final_punctuation(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| is_closer(c) || c.is_whitespace());
    let Some(last) = t.chars().next_back() else {
        return false;
    };
    if is_terminator(last) || last == ':' {
        return true;
    }
    // A quote paragraph that continues in the next one: `… alone,"`.
    last == ',' && t.len() < line.trim_end().len()
}

/// Line-level furniture: navigation, share lines, credits, editor lines,
/// copyright, agency codes.
fn is_furniture(line: &str, words: usize) -> bool {
    let mut chars = line.chars();
    if let Some(first) = chars.next() {
        if is_bullet(first) && words <= 6 {
            return true;
        }
    }
    for p in FURNITURE_PREFIXES {
        if starts_with_ci(line, p) {
            // Strong prefixes never start running text; weak ones ("Share",
            // "Komentar") may, so they only count on short or unpunctuated
            // lines ("Share prices fell 5%." is a sentence).
            let strong = p.contains(':')
                || p.contains(" by")
                || p.starts_with('(')
                || p.contains(' ') && !p.starts_with("sign") && !p.starts_with("this")
                || matches!(*p, "copyright" | "advertisement" | "iklan");
            let boundary = line
                .get(p.len()..)
                .and_then(|r| r.chars().next())
                .is_none_or(|c| !c.is_alphanumeric());
            if boundary && (strong || words <= 3 || !has_final_punctuation(line)) {
                return true;
            }
        }
    }
    if (line.contains('©') || line.contains("(c) 20") || line.contains("(C) 20")) && words <= 20 {
        return true;
    }
    if is_agency_code(line) || is_credit_sentence(line) || is_published_line(line, words) {
        return true;
    }
    // "FOLLOW US", "ADVERTISEMENT": short all-caps lines.
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    if words <= 4
        && letters >= 2
        && !line.chars().any(char::is_lowercase)
        && !has_final_punctuation(line)
    {
        return true;
    }
    false
}

/// Byline and date lines.
fn is_byline(line: &str, words: usize) -> bool {
    if words > 20 {
        return false;
    }
    if line.contains('|') && line.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let byish = ["By ", "BY ", "Oleh ", "Oleh:", "OLEH "]
        .iter()
        .any(|p| line.starts_with(p));
    byish && words <= 10 && !line.trim_end().ends_with('.')
}

/// A line that is only a date and time ("November 5, 2023 11:01 AM GMT+7").
fn is_date_line(line: &str, words: usize) -> bool {
    words <= 10 && !line.trim_end().ends_with('.') && parse_date(line, None).is_some()
}

/// A line that is only a photo credit ("Foto: Reuters", "(Reuters/Name)").
fn is_credit_line(line: &str, words: usize) -> bool {
    words <= 8
        && (CREDIT_MARKERS.iter().any(|m| line.starts_with(m))
            || ["foto:", "foto :", "photo:", "photo :"]
                .iter()
                .any(|p| starts_with_ci(line, p)))
}

/// Position of a photo credit at the end of a caption line, if any.
fn credit_start(line: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for m in CREDIT_MARKERS {
        if let Some(p) = line.rfind(m) {
            let tail_words = line.get(p..).map_or(99, |t| t.split_whitespace().count());
            if p > 0 && tail_words <= 8 && best.is_none_or(|b| p < b) {
                best = Some(p);
            }
        }
    }
    best
}

/// Splits `article` into classified segments, in article order.
/// Never panics; every segment's offsets are char boundaries of `article`.
pub fn segment(article: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut title: Option<&str> = None;
    let mut body_started = false;
    let mut paragraph = 0usize;
    for (s, e) in blocks(article) {
        let Some(line) = article.get(s..e) else {
            continue;
        };
        let words = line.split_whitespace().take(64).count();
        let seg = |kind, start, end| Segment {
            kind,
            start,
            end,
            paragraph,
        };

        if is_credit_line(line, words) {
            out.push(seg(SegmentKind::Credit, s, e));
        } else if is_furniture(line, words) {
            out.push(seg(SegmentKind::Furniture, s, e));
        } else if !body_started && is_byline(line, words) {
            out.push(seg(SegmentKind::Byline, s, e));
        } else if let Some(caption) = caption_parts(line, title) {
            let CaptionParts {
                repeat_end,
                cap_start,
                cap_end,
                credit,
            } = caption;
            if repeat_end > 0 {
                out.push(seg(SegmentKind::Furniture, s, s + repeat_end));
            }
            if cap_end > cap_start {
                out.push(seg(SegmentKind::Caption, s + cap_start, s + cap_end));
            }
            if let Some(c) = credit {
                out.push(seg(SegmentKind::Credit, s + c, e));
            }
        } else if !body_started && is_date_line(line, words) {
            out.push(seg(SegmentKind::Byline, s, e));
        } else if !has_final_punctuation(without_credit(line)) && words < 30 {
            if title.is_none() && !body_started && words >= 3 {
                title = Some(line);
                out.push(seg(SegmentKind::Title, s, e));
            } else if words <= 3 {
                out.push(seg(SegmentKind::Furniture, s, e));
            } else {
                out.push(seg(SegmentKind::Heading, s, e));
            }
        } else {
            body_started = true;
            body_line(line, s, paragraph, &mut out);
        }
        paragraph += 1;
    }
    out
}

/// Longest block the layout tests (furniture, byline, credit) look at when
/// deciding whether the next line continues it; layout lines are short.
const MAX_LAYOUT_BYTES: usize = 1024;

/// Trimmed non-empty lines as byte ranges.
fn lines(article: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut offset = 0usize;
    article.split_inclusive('\n').filter_map(move |raw| {
        let line_start = offset;
        offset += raw.len();
        let lead = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        (!line.is_empty()).then_some((line_start + lead, line_start + lead + line.len()))
    })
}

/// Groups lines into paragraphs: a hard-wrapped paragraph (a line without
/// final punctuation followed by a line that continues it) becomes one block,
/// so its sentences are split across the line breaks. Lines that look like
/// layout (furniture, bylines, captions) are never joined.
fn blocks(article: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut body_seen = false;
    // Whether the previous line ended immediately before this one (no blank
    // line between them).
    let mut prev_end_line: Option<usize> = None;
    let mut line_no = 0usize;
    let mut offset = 0usize;
    let mut line_of = Vec::new();
    for raw in article.split_inclusive('\n') {
        line_of.push(offset);
        offset += raw.len();
    }
    for (s, e) in lines(article) {
        while line_of.get(line_no + 1).is_some_and(|&o| o <= s) {
            line_no += 1;
        }
        let text = article.get(s..e).unwrap_or("");
        let words = text.split_whitespace().take(64).count();
        let joinable = match (out.last(), prev_end_line) {
            (Some(&(ps, pe)), Some(pl)) if pl + 1 == line_no => {
                let prev = article.get(ps..pe).unwrap_or("");
                let first = text.chars().next();
                let continues = first.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
                let long_prev = prev.len() >= 60 && (body_seen || parse_dateline(prev).is_some());
                // A block longer than any layout line is running text; the
                // layout tests would otherwise rescan a growing block for
                // every line joined to it.
                let layout = || {
                    let prev_words = prev.split_whitespace().take(64).count();
                    is_furniture(prev, prev_words)
                        || is_byline(prev, prev_words)
                        || credit_start(prev).is_some()
                };
                !has_final_punctuation(prev)
                    && !is_furniture(text, words)
                    && (continues || long_prev)
                    && (prev.len() > MAX_LAYOUT_BYTES || !layout())
            }
            _ => false,
        };
        if joinable {
            if let Some(last) = out.last_mut() {
                last.1 = e;
            }
        } else {
            out.push((s, e));
        }
        if let Some(&(bs, be)) = out.last() {
            let block = article.get(bs..be).unwrap_or("");
            if has_final_punctuation(block) && block.split_whitespace().take(13).count() > 12 {
                body_seen = true;
            }
        }
        prev_end_line = Some(line_no);
    }
    out
}

/// Where the caption, a repeated title and a credit sit within a line.
struct CaptionParts {
    repeat_end: usize,
    cap_start: usize,
    cap_end: usize,
    credit: Option<usize>,
}

/// Recognises caption lines: they carry a photo credit, repeat the title
/// before the caption (a web-page artefact), or start with "FILE PHOTO:".
fn caption_parts(line: &str, title: Option<&str>) -> Option<CaptionParts> {
    let mut repeat_end = 0;
    if let Some(t) = title {
        if line.len() > t.len() + 1 && line.starts_with(t) {
            let rest = line.get(t.len()..).unwrap_or("");
            if rest.starts_with(char::is_whitespace) {
                repeat_end = t.len();
            }
        }
    }
    let credit = credit_start(line);
    let mut cap_start = repeat_end;
    let rest = line.get(cap_start..).unwrap_or("");
    let trimmed = rest.trim_start();
    cap_start += rest.len() - trimmed.len();
    let mut file_photo = false;
    for p in ["FILE PHOTO:", "File photo:", "FOTO ARSIP:", "Foto arsip:"] {
        if let Some(r) = line.get(cap_start..).and_then(|r| r.strip_prefix(p)) {
            file_photo = true;
            cap_start = line.len() - r.trim_start().len();
        }
    }
    if repeat_end == 0 && credit.is_none() && !file_photo {
        return None;
    }
    let cap_end_raw = credit.unwrap_or(line.len()).max(cap_start);
    let cap = line.get(cap_start..cap_end_raw).unwrap_or("");
    let cap_end = cap_start + cap.trim_end().len();
    Some(CaptionParts {
        repeat_end,
        cap_start,
        cap_end,
        credit,
    })
}

/// A body line: optional dateline, sentences, optional trailing editor code.
fn body_line(line: &str, base: usize, paragraph: usize, out: &mut Vec<Segment>) {
    let mut start = 0;
    // Leading list bullets are not part of the sentence.
    let no_bullet = line.trim_start_matches(|c: char| is_bullet(c) || c.is_whitespace());
    start += line.len() - no_bullet.len();
    if let Some(d) = line.get(start..).and_then(parse_dateline) {
        out.push(Segment {
            kind: SegmentKind::Dateline,
            start: base + start,
            end: base + start + d.len,
            paragraph,
        });
        start += d.text_start;
    }
    let mut end = line.len();
    // A trailing editor code "(Uu.H-AK)" or credit block "(Reporting by
    // …; Editing by …)" glued to the last sentence.
    let mut code = None;
    if let Some(open) = trailing_credit(line).filter(|&o| o > start) {
        code = Some(Segment {
            kind: SegmentKind::Furniture,
            start: base + open,
            end: base + line.len(),
            paragraph,
        });
        end = open;
    }
    let Some(body) = line.get(start..end) else {
        return;
    };
    let mut sentences = Vec::new();
    split_sentences(body, base + start, &mut sentences);
    // A credit glued after the last sentence without parentheses
    // ("… said. Editor: Budi") is split off as a sentence of its own.
    out.extend(sentences.into_iter().map(|(s, e)| {
        let text = line.get(s - base..e - base).unwrap_or("");
        Segment {
            kind: if is_credit_sentence(text) {
                SegmentKind::Furniture
            } else {
                SegmentKind::Sentence
            },
            start: s,
            end: e,
            paragraph,
        }
    }));
    out.extend(code);
}

/// Closed quotations in `s` as `(open, just past close)` byte spans.
fn quote_spans(s: &str) -> Vec<(usize, usize)> {
    quotations(s).0
}

/// Quotations in `s`: the closed ones as `(open, just past close)` byte
/// spans, and where a quotation still open at the end starts. Straight
/// quotes open after a space or opening punctuation and close otherwise.
pub(super) fn quotations(s: &str) -> (Vec<(usize, usize)>, Option<usize>) {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        match c {
            '“' | '«' | '„' => open = Some(i),
            '”' | '»' => {
                if let Some(o) = open.take() {
                    spans.push((o, i + c.len_utf8()));
                }
            }
            '"' => {
                let opening = prev.is_none_or(|p| {
                    p.is_whitespace() || matches!(p, '(' | '[' | '-' | '–' | '—' | '/')
                });
                if opening {
                    open = Some(i);
                } else if let Some(o) = open.take() {
                    spans.push((o, i + 1));
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    (spans, open)
}

/// Sentence spans of every non-empty line of `text`, in order: the same
/// splitter as `segment` (abbreviations, initials and quotations do not end
/// a sentence), but line by line and for every line, headline and captions
/// included, so a reader can select any of them as a claim.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, e) in lines(text) {
        split_sentences(text.get(s..e).unwrap_or(""), s, &mut out);
    }
    out
}

/// Splits one paragraph of running text into sentences; pushes absolute
/// `(start, end)` spans (end includes final punctuation and closing quotes).
pub fn split_sentences(text: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let spans = quote_spans(text);
    let mut si = 0usize;
    let lead = text.len() - text.trim_start().len();
    let mut sent_start = lead;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !is_terminator(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut run = 1;
        while let Some(&(j, d)) = it.peek() {
            if is_terminator(d) {
                run += 1;
            } else if !is_closer(d) {
                break;
            }
            end = j + d.len_utf8();
            it.next();
        }
        let Some(rest) = text.get(end..) else { break };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let next_start = end + (rest.len() - rest.trim_start().len());
        let next_word: &str = {
            let r = text.get(next_start..).unwrap_or("");
            let stop = r
                .char_indices()
                .find(|(k, ch)| ch.is_whitespace() || *k >= 24)
                .map_or(r.len(), |(k, _)| k);
            r.get(..stop).unwrap_or("")
        };
        if next_word.is_empty() {
            continue;
        }
        while si < spans.len() && spans.get(si).is_some_and(|sp| sp.1 <= i) {
            si += 1;
        }
        let in_quote = spans
            .get(si)
            .is_some_and(|&(o, ce)| o < i && end < ce && ce - o <= 1500);
        if in_quote {
            continue;
        }
        let single_dot = c == '.' && run == 1;
        if !is_boundary(text, i, single_dot, next_word) {
            continue;
        }
        if end > sent_start {
            out.push((base + sent_start, base + end));
        }
        sent_start = next_start;
    }
    let tail = text.get(sent_start..).unwrap_or("").trim_end();
    if !tail.is_empty() {
        out.push((base + sent_start, base + sent_start + tail.len()));
    }
}

/// Decides whether the terminator at `i` ends a sentence, given the word
/// after it.
fn is_boundary(text: &str, i: usize, single_dot: bool, next_word: &str) -> bool {
    let next = next_word.trim_start_matches(is_opener);
    let Some(n) = next.chars().next() else {
        // Only punctuation follows: treat an opening quote as a new sentence.
        return true;
    };
    if n.is_lowercase() {
        return false;
    }
    if !single_dot {
        return true;
    }
    let before = text.get(..i).unwrap_or("");
    let tok_start = before
        .char_indices()
        .rev()
        .find(|(_, ch)| ch.is_whitespace())
        .map_or(0, |(k, ch)| k + ch.len_utf8());
    let token = before
        .get(tok_start..)
        .unwrap_or("")
        .trim_start_matches(is_opener);
    if token.is_empty() {
        return true;
    }
    let next_core: &str = next.trim_end_matches(|ch: char| !ch.is_alphanumeric());
    let starter = in_list(next_core, SENTENCE_STARTERS);
    let mut tchars = token.chars();
    let first = tchars.next();
    let single_upper = first.is_some_and(char::is_uppercase) && tchars.next().is_none();
    if single_upper || (token.contains('.') && token.chars().any(char::is_alphabetic)) {
        // Initials ("J. R. Smith") and dotted abbreviations ("U.S.").
        return starter;
    }
    let capitalised = first.is_some_and(char::is_uppercase);
    if capitalised && in_list(token, ABBR_TITLE) {
        return false;
    }
    if in_list(token, ABBR_MONTH) && capitalised {
        if n.is_ascii_digit() {
            return false;
        }
        return starter;
    }
    if in_list(token, ABBR_MAY_END) {
        return true;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_every_line() {
        let a = "One two. Three four!\nFive \"six.\" Seven";
        let s: Vec<&str> = super::sentences(a)
            .iter()
            .map(|(s, e)| &a[*s..*e])
            .collect();
        assert_eq!(s, vec!["One two.", "Three four!", "Five \"six.\"", "Seven"]);
        let a = "  Headline without a stop  \n\nMr. Smith met U.S. officials. They left.";
        let s: Vec<&str> = super::sentences(a)
            .iter()
            .map(|(s, e)| &a[*s..*e])
            .collect();
        assert_eq!(
            s,
            vec![
                "Headline without a stop",
                "Mr. Smith met U.S. officials.",
                "They left."
            ]
        );
    }

    fn sentences(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        split_sentences(text, 0, &mut v);
        v.into_iter()
            .map(|(s, e)| text.get(s..e).unwrap_or("<bad>"))
            .collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            sentences("One thing happened. Another did! Did it? Yes."),
            vec!["One thing happened.", "Another did!", "Did it?", "Yes."]
        );
    }

    #[test]
    fn country_abbreviation_does_not_split() {
        assert_eq!(
            sentences("The U.S. and European officials met. They talked."),
            vec!["The U.S. and European officials met.", "They talked."]
        );
        assert_eq!(
            sentences("Troops from the U.S. Army arrived in Kyiv. More followed."),
            vec![
                "Troops from the U.S. Army arrived in Kyiv.",
                "More followed."
            ]
        );
    }

    #[test]
    fn country_abbreviation_at_sentence_end_splits_before_starter() {
        assert_eq!(
            sentences("He flew to the U.S. The talks began."),
            vec!["He flew to the U.S.", "The talks began."]
        );
    }

    #[test]
    fn titles_never_split() {
        for t in [
            "Dr.", "Mr.", "Mrs.", "Gen.", "Lt.", "Col.", "Prof.", "Sen.", "St.",
        ] {
            let text = format!("They met {t} Smith on Sunday. It went well.");
            let s = sentences(&text);
            assert_eq!(s.len(), 2, "{t}: {s:?}");
            assert_eq!(s[1], "It went well.");
        }
    }

    #[test]
    fn rank_without_dots_is_plain() {
        assert_eq!(
            sentences("Lt Col Sarah Jones spoke. She left."),
            vec!["Lt Col Sarah Jones spoke.", "She left."]
        );
    }

    #[test]
    fn indonesian_abbreviations() {
        assert_eq!(
            sentences("Kantor itu di Jl. Sudirman No. 5 Jakarta. Ada buah, sayur, dll. Itu saja."),
            vec![
                "Kantor itu di Jl. Sudirman No. 5 Jakarta.",
                "Ada buah, sayur, dll.",
                "Itu saja."
            ]
        );
        assert_eq!(
            sentences("Ada buah, sayur, dll. dan lain-lain. Selesai."),
            vec!["Ada buah, sayur, dll. dan lain-lain.", "Selesai."]
        );
    }

    #[test]
    fn etc_ends_sentence_before_capital() {
        assert_eq!(
            sentences("Apples, pears etc. The rest is gone."),
            vec!["Apples, pears etc.", "The rest is gone."]
        );
    }

    #[test]
    fn decimals_and_thousands() {
        assert_eq!(
            sentences(
                "Rusia menguasai 17,5% wilayah. Sebanyak 5.700 tentara tewas. Ekonomi tumbuh 3.5%."
            ),
            vec![
                "Rusia menguasai 17,5% wilayah.",
                "Sebanyak 5.700 tentara tewas.",
                "Ekonomi tumbuh 3.5%."
            ]
        );
        assert_eq!(
            sentences("It cost $5,700.50 in 2014. Prices rose."),
            vec!["It cost $5,700.50 in 2014.", "Prices rose."]
        );
    }

    #[test]
    fn initials_stay_together() {
        assert_eq!(
            sentences("J. R. Smith said so. A. Rahman agreed."),
            vec!["J. R. Smith said so.", "A. Rahman agreed."]
        );
    }

    #[test]
    fn closing_quote_stays_with_sentence() {
        assert_eq!(
            sentences("He said: \"We are done.\" Then he left."),
            vec!["He said: \"We are done.\"", "Then he left."]
        );
        assert_eq!(
            sentences("Dia berkata, “Kami selesai.” Lalu pergi."),
            vec!["Dia berkata, “Kami selesai.”", "Lalu pergi."]
        );
    }

    #[test]
    fn sentences_inside_quote_do_not_split_outer_statement() {
        assert_eq!(
            sentences("\"We will not stop. We will fight,\" he said. Others agreed."),
            vec![
                "\"We will not stop. We will fight,\" he said.",
                "Others agreed."
            ]
        );
        assert_eq!(
            sentences("“Kami tidak akan berhenti. Kami akan berjuang,” katanya. Lalu pergi."),
            vec![
                "“Kami tidak akan berhenti. Kami akan berjuang,” katanya.",
                "Lalu pergi."
            ]
        );
    }

    #[test]
    fn question_inside_quote_followed_by_lowercase() {
        assert_eq!(
            sentences("\"Is it true?\" he asked. Nobody knew."),
            vec!["\"Is it true?\" he asked.", "Nobody knew."]
        );
    }

    #[test]
    fn unclosed_quote_does_not_swallow_paragraph() {
        assert_eq!(
            sentences("\"We will win. Nobody stops us. The end"),
            vec!["\"We will win.", "Nobody stops us.", "The end"]
        );
    }

    #[test]
    fn month_abbreviation_before_day() {
        assert_eq!(
            sentences("It happened on Nov. 5 in Kyiv. Then Sept. 9 came."),
            vec!["It happened on Nov. 5 in Kyiv.", "Then Sept. 9 came."]
        );
    }

    #[test]
    fn datelines_parse() {
        let d = parse_dateline("KYIV - Para pejabat AS").expect("dateline");
        assert_eq!(d.place, "KYIV");
        assert_eq!(d.agency, None);
        assert_eq!(&"KYIV - Para pejabat AS"[d.text_start..], "Para pejabat AS");
        let line = "GENEVA, Sept 9 (Reuters) - The U.N. said";
        let d = parse_dateline(line).expect("dateline");
        assert_eq!(d.place, "GENEVA");
        assert_eq!(d.agency, Some("Reuters"));
        assert_eq!(&line[d.text_start..], "The U.N. said");
        assert_eq!(&line[..d.len], "GENEVA, Sept 9 (Reuters) -");
        let line = "Jakarta (ANTARA) - Presiden mengatakan";
        let d = parse_dateline(line).expect("dateline");
        assert_eq!(d.place, "Jakarta");
        assert_eq!(d.agency, Some("ANTARA"));
        assert_eq!(parse_dateline("KYIV -").map(|d| d.place), Some("KYIV"));
        let d = parse_dateline("NEW YORK — Stocks fell").expect("dateline");
        assert_eq!(d.place, "NEW YORK");
        assert!(parse_dateline("The war - which began in 2022 - goes on").is_none());
        assert!(parse_dateline("Kyiv - the capital").is_none());
    }

    #[test]
    fn dateline_is_metadata_not_claim() {
        let text =
            "Title of the story here\n\nKYIV - Russia attacked the city on Sunday. It was bad.\n";
        let segs = segment(text);
        let d = segs
            .iter()
            .find(|s| s.kind == SegmentKind::Dateline)
            .expect("dateline segment");
        assert_eq!(d.text(text), "KYIV -");
        let first = segs
            .iter()
            .find(|s| s.kind == SegmentKind::Sentence)
            .expect("sentence");
        assert_eq!(first.text(text), "Russia attacked the city on Sunday.");
    }

    #[test]
    fn classifies_lines() {
        let text = "• News\n\nBig Headline About Talks\n\nYati Maulana | Minggu, 05/11/2023 11:01 WIB\nSoldiers stand in Chernihiv, Ukraine, November 2, 2023. REUTERS/Jane Doe\n\nBody sentence one is here. Body two.\n\nSubheading In The Middle\n\nFOLLOW US\nShare\nBaca juga: Berita lain yang menarik\nEditor: Someone\nCopyright © 2023 Reuters\n(Uu.H-AK)\n";
        let segs = segment(text);
        let kinds: Vec<(SegmentKind, &str)> = segs.iter().map(|s| (s.kind, s.text(text))).collect();
        use SegmentKind::*;
        assert_eq!(
            kinds,
            vec![
                (Furniture, "• News"),
                (Title, "Big Headline About Talks"),
                (Byline, "Yati Maulana | Minggu, 05/11/2023 11:01 WIB"),
                (
                    Caption,
                    "Soldiers stand in Chernihiv, Ukraine, November 2, 2023."
                ),
                (Credit, "REUTERS/Jane Doe"),
                (Sentence, "Body sentence one is here."),
                (Sentence, "Body two."),
                (Heading, "Subheading In The Middle"),
                (Furniture, "FOLLOW US"),
                (Furniture, "Share"),
                (Furniture, "Baca juga: Berita lain yang menarik"),
                (Furniture, "Editor: Someone"),
                (Furniture, "Copyright © 2023 Reuters"),
                (Furniture, "(Uu.H-AK)"),
            ]
        );
    }

    #[test]
    fn standalone_credits() {
        let text =
            "A headline about credits\n\nFoto: Reuters\n(Reuters/Gleb Garanich)\nPhoto: AP\n";
        let kinds: Vec<SegmentKind> = segment(text).iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![
                SegmentKind::Title,
                SegmentKind::Credit,
                SegmentKind::Credit,
                SegmentKind::Credit
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "Headline for the wrapped story\n\nKYIV - Para pejabat AS dan Eropa telah berbicara dengan pemerintah\nUkraina tentang perundingan, NBC mengutip seorang pejabat. Hal ini\njuga memicu krisis terdalam sejak 1962.\n\nFOLLOW US\n";
        let segs = segment(text);
        let sents: Vec<&str> = segs
            .iter()
            .filter(|s| s.kind == SegmentKind::Sentence)
            .map(|s| s.text(text))
            .collect();
        assert_eq!(
            sents,
            vec![
                "Para pejabat AS dan Eropa telah berbicara dengan pemerintah\nUkraina tentang perundingan, NBC mengutip seorang pejabat.",
                "Hal ini\njuga memicu krisis terdalam sejak 1962."
            ]
        );
        assert!(segs
            .iter()
            .any(|s| s.kind == SegmentKind::Furniture && s.text(text) == "FOLLOW US"));
    }

    #[test]
    fn trailing_agency_code_is_furniture() {
        let text = "Headline for the code test\n\nPresiden meresmikan jembatan itu pada Senin. (Uu.H-AK)\n";
        let segs = segment(text);
        let last_two: Vec<(SegmentKind, &str)> = segs
            .iter()
            .rev()
            .take(2)
            .map(|s| (s.kind, s.text(text)))
            .collect();
        assert_eq!(
            last_two,
            vec![
                (SegmentKind::Furniture, "(Uu.H-AK)"),
                (
                    SegmentKind::Sentence,
                    "Presiden meresmikan jembatan itu pada Senin."
                )
            ]
        );
    }

    #[test]
    fn weak_furniture_words_can_start_sentences() {
        for line in [
            "Komentar itu disampaikan Menteri Luar Negeri pada Senin.",
            "Related talks were held in Geneva last week with 40 nations present.",
            "Download speeds fell 20% in the capital, the regulator said.",
        ] {
            let text = format!("A headline for weak words\n\n{line}\n");
            let segs = segment(&text);
            assert!(
                segs.iter().any(|s| s.kind == SegmentKind::Sentence),
                "{line}"
            );
        }
        for line in [
            "Baca juga: Harga Cabai Melonjak.",
            "Read more: The talks.",
            "Komentar",
        ] {
            let text = format!("A headline for weak words\n\n{line}\n");
            let segs = segment(&text);
            assert!(
                !segs.iter().any(|s| s.kind == SegmentKind::Sentence),
                "{line}"
            );
        }
    }

    #[test]
    fn share_prices_sentence_is_not_furniture() {
        let text = "A headline for shares\n\nShare prices fell 5% on Monday after the report was published.\n";
        let segs = segment(text);
        assert!(segs.iter().any(|s| s.kind == SegmentKind::Sentence));
    }

    #[test]
    fn title_repeated_before_caption_is_dropped() {
        let text = "Pejabat Bahas Damai\n\nPejabat Bahas Damai Prajurit berdiri di Chernihiv 2 November 2023. Foto: Reuters\n";
        let segs = segment(text);
        let cap = segs
            .iter()
            .find(|s| s.kind == SegmentKind::Caption)
            .expect("caption");
        assert_eq!(
            cap.text(text),
            "Prajurit berdiri di Chernihiv 2 November 2023."
        );
        let credit = segs
            .iter()
            .find(|s| s.kind == SegmentKind::Credit)
            .expect("credit");
        assert_eq!(credit.text(text), "Foto: Reuters");
    }
}
