//! Per-sentence heuristics: is the sentence check-worthy, what kind of claim
//! is it, who asserts it and through whom, is the source anonymous, which
//! figures must a checker match, and which hedges does the article attach.
//!
//! Each sentence is tokenised once; cues are looked up in the lexicon. The
//! only state carried between sentences is the previous speakers (for "he
//! said" and "para pejabat tersebut") and the caveats, resolved at the end.

use super::attribution::{
    anonymous_speaker, first_person, is_weekday, np_like, publisher, reason_in_sentence,
    split_reason, strip_adjuncts, Antecedents, DATA_NOUNS, MEDIA_DESCRIPTORS,
};
use super::lexicon::{
    agency_name, eq_ci, find_ci, in_list, is_role_noun, month_number, starts_with_ci,
    ADVERBIAL_OPENERS, CARDINALS, CITING, HISTORY_WORDS, INVERTED, MAGNITUDES, NUMBER_WORDS,
    OPINION_MARKERS, OUTLET_CUES, PREDICTION_MARKERS, PRONOUNS, REPORT_WORDS, SENTENCE_STARTERS,
    SOURCE_NOISE_PREFIX, SPEAKER_TRAILING_NOISE, SPEECH_VERBS,
};
use super::meta::caveat_phrase;
use super::score::{self, Signals};
use super::segment::{is_closer, Segment, SegmentKind};
use super::types::Proposal;
use crate::model::{ClaimKind, Score};

/// One whitespace-separated token of a sentence; offsets are relative to
/// the sentence.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    /// The token without surrounding punctuation.
    core: &'a str,
    /// Offset of `core`.
    cs: usize,
    /// Offset just past `core`.
    ce: usize,
    /// Inside a quotation.
    in_quote: bool,
    /// A clause break (comma, semicolon, colon, closing quote, dash) follows.
    brk: bool,
}

/// Opening punctuation stripped from the front of a token.
fn is_lead_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '„' | '*' | '•'
    )
}

/// Trailing punctuation stripped from the end of a token.
fn is_trail_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | ']' | '»'
    )
}

/// Quotation spans of a sentence, an unclosed one running to the end.
fn quote_spans(s: &str) -> Vec<(usize, usize)> {
    let (mut spans, open) = super::segment::quotations(s);
    if let Some(o) = open {
        spans.push((o, s.len()));
    }
    spans
}

/// Builds the token for raw span `a..b` of `s`.
fn make_tok<'a>(
    s: &'a str,
    a: usize,
    b: usize,
    spans: &[(usize, usize)],
    si: &mut usize,
) -> Tok<'a> {
    let raw = s.get(a..b).unwrap_or("");
    let body = raw.trim_start_matches(is_lead_punct);
    let lead = raw.len() - body.len();
    let mut trimmed = body.trim_end_matches(is_trail_punct);
    // Keep the final dot of dotted abbreviations ("U.S.").
    if body.len() > trimmed.len()
        && body
            .get(trimmed.len()..)
            .is_some_and(|t| t.starts_with('.'))
        && trimmed.contains('.')
        && trimmed.chars().any(char::is_alphabetic)
    {
        trimmed = body.get(..trimmed.len() + 1).unwrap_or(trimmed);
    }
    let cs = a + lead;
    let ce = cs + trimmed.len();
    // A closing quote ends a clause; an apostrophe ("employers'") and a
    // parenthesis closed in the same word ("(BPBD)") do not.
    let closes = raw.chars().next_back().is_some_and(|c| {
        is_closer(c) && !matches!(c, '\'' | '’') && !(c == ')' && raw.contains('('))
    });
    let brk = raw.ends_with([',', ';', ':'])
        || closes && !raw.ends_with('.')
        || raw.ends_with(",\"")
        || raw.ends_with(",”")
        || matches!(raw, "-" | "–" | "—" | "--");
    while *si < spans.len() && spans.get(*si).is_some_and(|sp| sp.1 <= a) {
        *si += 1;
    }
    let in_quote = spans.get(*si).is_some_and(|&(o, c)| o <= a && a < c);
    Tok {
        core: trimmed,
        cs,
        ce,
        in_quote,
        brk,
    }
}

/// Tokenises a sentence in one pass.
fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let spans = quote_spans(s);
    let mut toks = Vec::new();
    let mut si = 0usize;
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(a) = start.take() {
                toks.push(make_tok(s, a, i, &spans, &mut si));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        toks.push(make_tok(s, a, s.len(), &spans, &mut si));
    }
    toks
}

/// The kinds of figures a checker must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FigKind {
    /// A count, share, amount.
    Quantity,
    /// A four-digit year on its own.
    Year(i32),
    /// A calendar date or time.
    Date,
    /// An ordinal ("bulan ke-21", "21st").
    Ordinal,
}

/// A figure as written, with its kind.
#[derive(Debug, Clone)]
struct Figure {
    text: String,
    kind: FigKind,
}

/// Currency prefixes that may precede a number.
fn strip_currency(s: &str) -> &str {
    for p in ["US$", "USD", "Rp.", "Rp", "$", "€", "£", "¥", "S$", "A$"] {
        if let Some(r) = s.strip_prefix(p) {
            if r.starts_with(|c: char| c.is_ascii_digit()) {
                return r;
            }
        }
    }
    s
}

/// Currency words written apart from the number ("Rp 13.500").
fn is_currency_word(w: &str) -> bool {
    in_list(
        w,
        &[
            "rp", "rp.", "us$", "usd", "idr", "eur", "$", "€", "£", "s$", "rmb", "yuan",
        ],
    )
}

/// Extracts numbers and dates from a tokenised sentence, in order; a
/// figure may span several tokens ("2 November 2023", "$1.2 billion").
fn figures(s: &str, toks: &[Tok<'_>]) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut k = 0usize;
    while k < toks.len() {
        let found = number_figure(s, toks, k)
            .or_else(|| month_first_date(s, toks, k))
            .or_else(|| ke_ordinal(s, toks, k))
            .or_else(|| number_words(s, toks, k));
        match found {
            Some((figure, used)) => {
                out.push(figure);
                k += used;
            }
            None => k += 1,
        }
    }
    out
}

/// The figure `s[a..b]` of `kind`, found in `used` tokens.
fn found(s: &str, a: usize, b: usize, kind: FigKind, used: usize) -> Option<(Figure, usize)> {
    let text = s.get(a..b).unwrap_or("").to_string();
    Some((Figure { text, kind }, used))
}

/// A four-digit year between 1000 and 2100.
fn is_year(w: &str) -> bool {
    w.len() == 4
        && w.chars().all(|c| c.is_ascii_digit())
        && w.parse::<i32>().is_ok_and(|y| (1000..=2100).contains(&y))
}

/// A day of the month, 1 to 31.
fn is_day(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 2
        && w.chars().all(|c| c.is_ascii_digit())
        && w.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

/// "21st", "3rd": digits and an English ordinal suffix.
fn is_ordinal(w: &str) -> bool {
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|suf| w.len() > 2 && w.ends_with(suf))
        && w.get(..w.len().saturating_sub(2))
            .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
}

/// A figure at token `k` that starts with a digit (after an optional
/// currency sign): a day-first date, an ordinal, a year, or a quantity.
/// With the number of tokens it takes.
fn number_figure(s: &str, toks: &[Tok<'_>], k: usize) -> Option<(Figure, usize)> {
    let t = toks.get(k)?;
    let core = t.core;
    let num_core = strip_currency(core);
    if !num_core.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let currency = num_core.len() != core.len();
    let next = toks.get(k + 1);
    // Day + month (+ year): "2 November 2023".
    if is_day(num_core) && next.is_some_and(|n| month_number(n.core).is_some()) {
        let mut end = next.map_or(t.ce, |n| n.ce);
        let mut used = 2;
        if let Some(y) = toks.get(k + 2).filter(|y| is_year(y.core)) {
            end = y.ce;
            used = 3;
        }
        return found(s, t.cs, end, FigKind::Date, used);
    }
    // `t.core` is `s[t.cs..t.ce]`.
    if is_ordinal(num_core) {
        return found(s, t.cs, t.ce, FigKind::Ordinal, 1);
    }
    let magnitude = next.is_some_and(|n| in_list(n.core, MAGNITUDES));
    if is_year(num_core) && !currency && !magnitude {
        let y = num_core.parse::<i32>().unwrap_or(0);
        return found(s, t.cs, t.ce, FigKind::Year(y), 1);
    }
    quantity(s, toks, k, t)
}

/// A count or amount at token `k` (which is `t`), with a currency word
/// before it ("Rp 13.500") and a magnitude after it ("5 million", "4 per
/// cent"); clock times and slashed dates count as dates.
fn quantity(s: &str, toks: &[Tok<'_>], k: usize, t: &Tok<'_>) -> Option<(Figure, usize)> {
    let num_core = strip_currency(t.core);
    let is_clock = num_core.contains(':');
    let is_date = num_core.matches('/').count() == 2
        && num_core.chars().all(|c| c.is_ascii_digit() || c == '/');
    let from = match k.checked_sub(1).and_then(|p| toks.get(p)) {
        Some(p) if !p.brk && is_currency_word(p.core) => p.cs,
        _ => t.cs,
    };
    let (end, used) = match magnitude_after(toks, k) {
        // "per" counts only as "per cent".
        Some(n) if eq_ci(n.core, "per") => match toks.get(k + 2) {
            Some(n2) if eq_ci(n2.core, "cent") => (n2.ce, 3),
            _ => (t.ce, 1),
        },
        Some(n) => (n.ce, 2),
        None => (t.ce, 1),
    };
    let kind = if is_clock || is_date {
        FigKind::Date
    } else {
        FigKind::Quantity
    };
    found(s, from, end, kind, used)
}

/// Month + day (+ year), or month + year: "November 2, 2023", "Nov. 5".
fn month_first_date(s: &str, toks: &[Tok<'_>], k: usize) -> Option<(Figure, usize)> {
    let t = toks.get(k)?;
    let next = toks.get(k + 1);
    if month_number(t.core).is_none()
        || !t.core.starts_with(char::is_uppercase)
        || !next.is_some_and(|n| is_day(n.core) || is_year(n.core))
    {
        return None;
    }
    let mut end = next.map_or(t.ce, |n| n.ce);
    let mut used = 2;
    if next.is_some_and(|n| is_day(n.core)) {
        if let Some(y) = toks.get(k + 2).filter(|y| is_year(y.core)) {
            end = y.ce;
            used = 3;
        }
    }
    found(s, t.cs, end, FigKind::Date, used)
}

/// The Indonesian ordinal "bulan ke-21", with the word before it.
fn ke_ordinal(s: &str, toks: &[Tok<'_>], k: usize) -> Option<(Figure, usize)> {
    let t = toks.get(k)?;
    let d = t.core.strip_prefix("ke-")?;
    if d.is_empty() || !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let from = match k.checked_sub(1).and_then(|p| toks.get(p)) {
        Some(p) if p.core.chars().all(char::is_alphabetic) && !p.brk => p.cs,
        _ => t.cs,
    };
    found(s, from, t.ce, FigKind::Ordinal, 1)
}

/// The magnitude word right after token `k` ("million", "ribu", "%").
fn magnitude_after<'t, 'a>(toks: &'t [Tok<'a>], k: usize) -> Option<&'t Tok<'a>> {
    toks.get(k + 1).filter(|n| in_list(n.core, MAGNITUDES))
}

/// A number written in words: "four", "thirty-three", "empat",
/// "sepertiga". Capitalised only at the start of the sentence ("Lima" in
/// the middle is the city).
fn is_cardinal(w: &str, first: bool) -> bool {
    if !first && w.starts_with(char::is_uppercase) {
        return false;
    }
    in_list(w, CARDINALS)
        || w.split_once('-')
            .is_some_and(|(a, b)| in_list(a, CARDINALS) && in_list(b, CARDINALS) && !b.is_empty())
}

/// Numbers written in words: collective ("ratusan ribu", "hundreds of
/// thousands") and cardinal ("only four people", "empat orang", "twelve
/// thousand", "dua belas").
fn number_words(s: &str, toks: &[Tok<'_>], k: usize) -> Option<(Figure, usize)> {
    let t = toks.get(k)?;
    if !in_list(t.core, NUMBER_WORDS) && !is_cardinal(t.core, k == 0) {
        return None;
    }
    let (end, used) = match (magnitude_after(toks, k), toks.get(k + 2)) {
        (Some(n), _) => (n.ce, 2),
        // "hundreds of thousands"
        (None, Some(n2))
            if toks.get(k + 1).is_some_and(|n| eq_ci(n.core, "of"))
                && in_list(n2.core, NUMBER_WORDS) =>
        {
            (n2.ce, 3)
        }
        _ => (t.ce, 1),
    };
    found(s, t.cs, end, FigKind::Quantity, used)
}

/// Index of the first token of the clause containing token `k`.
fn clause_start(toks: &[Tok<'_>], k: usize) -> usize {
    (0..k)
        .rev()
        .find(|&j| toks.get(j).is_some_and(|t| t.brk))
        .map_or(0, |j| j + 1)
}

/// The text from token `a` to token `b` (inclusive range end exclusive).
fn phrase<'a>(s: &'a str, toks: &[Tok<'_>], a: usize, b: usize) -> &'a str {
    match (toks.get(a), b.checked_sub(1).and_then(|l| toks.get(l))) {
        (Some(x), Some(y)) if a < b => {
            let p = s.get(x.cs..y.ce).unwrap_or("");
            // Keep a closing parenthesis the token trim removed: "(BPS)".
            if p.matches('(').count() > p.matches(')').count()
                && s.get(y.ce..).is_some_and(|r| r.starts_with(')'))
            {
                s.get(x.cs..y.ce + 1).unwrap_or(p)
            } else {
                p
            }
        }
        _ => "",
    }
}

/// Tokens from `a` up to (not including) the next clause break's end.
fn until_break(toks: &[Tok<'_>], a: usize) -> usize {
    let mut j = a;
    while let Some(t) = toks.get(j) {
        j += 1;
        if t.brk || in_list(t.core, CITING) {
            if in_list(t.core, CITING) {
                j -= 1;
            }
            break;
        }
    }
    j
}

/// Removes noise words around a source phrase.
fn clean_source(p: &str) -> &str {
    let has_open = p.contains('(');
    let mut p = p
        .trim()
        .trim_start_matches(|c: char| is_trail_punct(c) || is_lead_punct(c))
        .trim_end_matches(|c: char| {
            (is_trail_punct(c) || is_lead_punct(c)) && !(has_open && c == ')')
        });
    for n in SOURCE_NOISE_PREFIX {
        if starts_with_ci(p, n) && p.get(n.len()..).is_some_and(|r| r.starts_with(' ')) {
            p = p.get(n.len()..).unwrap_or(p).trim_start();
        }
    }
    for prefix in ["that ", "bahwa "] {
        if let Some(r) = p.strip_suffix(prefix.trim_end()) {
            p = r.trim_end();
        }
    }
    while let Some((head, last)) = p.rsplit_once(' ') {
        if !in_list(last, SPEAKER_TRAILING_NOISE) {
            break;
        }
        p = head.trim_end();
    }
    // "figures published by X" → X; "X dalam keterangan tertulis" → X.
    let p = strip_adjuncts(publisher(p.trim_end_matches(',').trim()));
    p.trim_end_matches(',').trim()
}

/// A phrase is a plausible speaker when it is short and names someone:
/// a capitalised word (other than a sentence starter), a role noun or a
/// pronoun.
fn plausible_speaker(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.is_empty() || words.len() > 20 {
        return false;
    }
    if first_person(p) {
        return false;
    }
    np_like(p) || names_someone(p)
}

/// The phrase names someone by a capitalised word (other than a sentence
/// starter), a role noun or a pronoun: a speaker wherever it stands.
fn names_someone(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.len() == 1 && in_list(words.first().copied().unwrap_or(""), PRONOUNS) {
        return true;
    }
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let cap = w.starts_with(char::is_uppercase);
        (cap && !(i == 0 && in_list(w, SENTENCE_STARTERS))) || is_role_noun(w)
    })
}

/// Who said it and through whom.
#[derive(Debug, Default, Clone)]
struct Attr {
    /// Hops as written, outermost first; the last is the speaker.
    hops: Vec<String>,
    /// The speaker was a pronoun ("he", "katanya").
    pronoun: bool,
    /// The clause cut from the speaker phrase that says why or how it is
    /// unnamed ("who spoke on condition of anonymity").
    reason: Option<String>,
}

/// Words before a speech verb that make it no report: "going to say",
/// "would say", "akan mengatakan".
const NOT_REPORTING: &[&str] = &[
    "to", "will", "would", "can", "could", "may", "might", "must", "should", "shall", "did", "do",
    "does", "not", "never", "akan", "ingin", "mau", "bisa", "harus", "tidak",
];

/// Verbs that take data as their subject ("figures show", "data
/// menunjukkan"): a speaker only when the subject names figures.
const SHOW_VERBS: &[&str] = &["show", "shows", "showed", "menunjukkan"];

/// A speech verb at `k`: lowercase (capitalised mid-sentence it is a
/// name: "The United States"), and not after a modal ("going to say").
fn speech_verb_at(toks: &[Tok<'_>], k: usize) -> bool {
    let Some(t) = toks.get(k) else {
        return false;
    };
    k > 0
        && in_list(t.core, SPEECH_VERBS)
        && !t.core.starts_with(char::is_uppercase)
        && !k
            .checked_sub(1)
            .and_then(|p| toks.get(p))
            .is_some_and(|p| !p.brk && in_list(p.core, NOT_REPORTING))
}

/// Finds the attribution of a sentence from its cues, tried token by token
/// outside quotations: an outlet cue ("dilansir Reuters"), "katanya", an
/// inverted "…, kata X", a speech verb, "according to"/"menurut", and
/// "citing". The first cue that names a plausible speaker wins; the
/// speaker phrase is then cut to its noun phrase (the clause saying why
/// it is unnamed goes to `reason`).
fn attribution(s: &str, toks: &[Tok<'_>]) -> Attr {
    let mut attr = Attr::default();
    let mut outlet: Option<String> = None;
    let mut stopped = toks.len();
    for (k, t) in toks.iter().enumerate() {
        if t.in_quote {
            continue;
        }
        let w = t.core;
        if in_list(w, OUTLET_CUES) {
            outlet = outlet_after(s, toks, k).or(outlet);
            continue;
        }
        if eq_ci(w, "katanya")
            || eq_ci(w, "ujarnya")
            || eq_ci(w, "ungkapnya")
            || eq_ci(w, "jelasnya")
        {
            attr.hops.push("katanya".to_string());
            attr.pronoun = true;
            stopped = k;
            break;
        }
        if inverted_speaker(s, toks, k, &mut attr) {
            stopped = k;
            break;
        }
        if speech_verb_at(toks, k) {
            if speech_verb_speaker(s, toks, k, &mut attr) {
                stopped = k;
                break;
            }
            continue;
        }
        if according_to(s, toks, k, &mut attr) || citing(s, toks, k, &mut attr) {
            stopped = k;
            break;
        }
    }
    // "…, kata X dalam sebuah pernyataan, seperti dilansir kantor berita
    // Yonhap": an outlet cue after the speaker.
    if outlet.is_none() {
        outlet = (stopped + 1..toks.len())
            .find(|&k| {
                toks.get(k)
                    .is_some_and(|t| !t.in_quote && in_list(t.core, OUTLET_CUES))
            })
            .and_then(|k| outlet_after(s, toks, k));
    }
    if let Some(o) = outlet {
        if !attr.hops.iter().any(|h| eq_ci(h, &o)) {
            attr.hops.insert(0, o);
        }
    }
    if let Some(last) = attr.hops.last_mut() {
        let (head, reason) = split_reason(last);
        if let Some(r) = reason {
            attr.reason = Some(r.to_string());
            *last = head.to_string();
        }
    }
    attr
}

/// An outlet's name after its descriptors: "state broadcaster VTV" →
/// "VTV", "kantor berita Yonhap" → "Yonhap", "The Associated Press" →
/// "AP". `None` unless it is a known agency, ends in "News", or came
/// after a media descriptor.
fn outlet_name(s: &str, toks: &[Tok<'_>], from: usize) -> Option<String> {
    let mut j = from;
    let mut described = false;
    while toks
        .get(j)
        .is_some_and(|t| in_list(t.core, MEDIA_DESCRIPTORS) && !t.brk && j < from + 4)
    {
        described |= !eq_ci(toks.get(j).map_or("", |t| t.core), "the");
        j += 1;
    }
    let mut end = j;
    while end < j + 4
        && toks
            .get(end)
            .is_some_and(|t| t.core.starts_with(char::is_uppercase))
    {
        end += 1;
        if toks.get(end - 1).is_some_and(|t| t.brk) {
            break;
        }
    }
    let name = clean_source(phrase(s, toks, j, end));
    if name.is_empty() {
        return None;
    }
    if let Some(a) = agency_name(name) {
        return Some(a.to_string());
    }
    (described || name.ends_with("News")).then(|| name.to_string())
}

/// The outlet after an outlet cue at `k`: "dilansir (dari) Reuters",
/// "seperti dilansir kantor berita Yonhap".
fn outlet_after(s: &str, toks: &[Tok<'_>], k: usize) -> Option<String> {
    let mut j = k + 1;
    if toks
        .get(j)
        .is_some_and(|n| in_list(n.core, &["dari", "oleh", "from", "by"]))
    {
        j += 1;
    }
    if let Some(o) = outlet_name(s, toks, j) {
        return Some(o);
    }
    let end = until_break(toks, j).min(j + 4);
    let o = clean_source(phrase(s, toks, j, end));
    plausible_speaker(o).then(|| o.to_string())
}

/// After the speaker's hop: the source it cites from token `from` on
/// ("…, citing a senior official"), when there is one.
fn push_inner(s: &str, toks: &[Tok<'_>], from: usize, attr: &mut Attr) {
    if let Some(c) = (from..toks.len()).find(|&j| {
        toks.get(j)
            .is_some_and(|t| !t.in_quote && in_list(t.core, CITING))
    }) {
        let end = until_break(toks, c + 1);
        let inner = clean_source(phrase(s, toks, c + 1, end));
        if plausible_speaker(inner) {
            attr.hops.push(inner.to_string());
        }
    }
}

/// Words that open a clause between a subject and its verb: "X, who
/// spoke on condition of anonymity, said", "X, speaking to reporters,
/// said", "X, dalam jumpa pers rutin, mengatakan".
const INTERPOSED: &[&str] = &[
    "who",
    "which",
    "speaking",
    "asked",
    "asking",
    "citing",
    "in",
    "at",
    "on",
    "during",
    "yang",
    "dalam",
    "saat",
    "ketika",
    "di",
    "pada",
    "usai",
    "seusai",
    "berbicara",
];

/// The end of the subject of the verb at `k` when clauses opened by
/// [`INTERPOSED`] words stand between them, else `None`.
fn interposed_end(toks: &[Tok<'_>], k: usize) -> Option<usize> {
    let mut end = k;
    let mut skipped = false;
    while end > 0 && clause_start(toks, end) == end {
        let ps = clause_start(toks, end - 1);
        if ps > 0 && toks.get(ps).is_some_and(|t| in_list(t.core, INTERPOSED)) {
            end = ps;
            skipped = true;
        } else {
            break;
        }
    }
    skipped.then_some(end)
}

/// Inverted attribution after a clause break: "…, kata Menteri X." or
/// "…," said John Smith. True when it named the speaker.
fn inverted_speaker(s: &str, toks: &[Tok<'_>], k: usize, attr: &mut Attr) -> bool {
    let Some(w) = toks.get(k).map(|t| t.core) else {
        return false;
    };
    let prev = k.checked_sub(1).and_then(|p| toks.get(p));
    if !prev.is_some_and(|p| p.brk) || !in_list(w, INVERTED) || w.starts_with(char::is_uppercase) {
        return false;
    }
    let english = in_list(w, SPEECH_VERBS);
    let after_quote = prev.is_some_and(|p| p.in_quote);
    // "X, who spoke …, said the talks failed": the subject comes first.
    if english && !after_quote && interposed_end(toks, k).is_some() {
        return false;
    }
    let mut end = until_break(toks, k + 1);
    // "kata Ketua Koperasi X, Zulkifli Rasyid, kepada wartawan":
    // a short all-capitalised name after the title belongs to it.
    let name_end = until_break(toks, end);
    // The name may end the sentence ("…, Hendra Wijaya."); a day ("…,
    // Senin.") is no name.
    let is_name = name_end > end
        && name_end - end <= 4
        && (toks.get(name_end - 1).is_some_and(|t| t.brk) || name_end == toks.len())
        && (end..name_end).all(|j| {
            toks.get(j).is_some_and(|t| {
                t.core.starts_with(char::is_uppercase)
                    && !is_weekday(t.core)
                    && month_number(t.core).is_none()
            })
        });
    if is_name {
        end = name_end;
    }
    let sp = clean_source(phrase(s, toks, k + 1, end));
    // English "said" after a comma is only inverted when a quote
    // closes before it or a short name phrase follows
    // ("…, said Dr. Emily Carter, an economist.").
    let n = sp.split_whitespace().count();
    let short_name = n <= 6
        && (sp.starts_with(|c: char| c.is_uppercase())
            || sp
                .split_whitespace()
                .next()
                .is_some_and(|f| in_list(f, &["the", "a", "an"])))
        && !sp.split_whitespace().any(|x| {
            in_list(
                x,
                &[
                    "is", "are", "was", "were", "has", "have", "had", "would", "will",
                ],
            )
        });
    if !plausible_speaker(sp) || (english && !after_quote && !short_name) {
        return false;
    }
    attr.pronoun = n == 1 && in_list(sp, PRONOUNS);
    attr.hops.push(sp.to_string());
    push_inner(s, toks, end, attr);
    true
}

/// The speaker of the speech verb at `k`: the clause before it ("Moskow
/// mengatakan …"), or the words after a trailing one ("…, the ministry
/// said"); "told Reuters", "told state broadcaster VTV" add the outlet.
/// True when it named the speaker.
fn speech_verb_speaker(s: &str, toks: &[Tok<'_>], k: usize, attr: &mut Attr) -> bool {
    let seg = clause_start(toks, k);
    // The verb's own clause: up to the next break or citing verb.
    let remainder = (k..toks.len())
        .take_while(|&j| {
            toks.get(j).is_some_and(|t| !in_list(t.core, CITING))
                && (j == k || !toks.get(j - 1).is_some_and(|p| p.brk))
        })
        .count()
        .saturating_sub(1);
    let trailing = seg > 0 && seg < k && remainder <= 6;
    let sp = if trailing {
        clean_source(phrase(s, toks, seg, k))
    } else {
        let end = interposed_end(toks, k).unwrap_or(k);
        clean_source(phrase(s, toks, leading_start(toks, end), end))
    };
    if !plausible_speaker(sp) {
        return false;
    }
    let w = toks.get(k).map_or("", |t| t.core);
    // "The war has claimed many lives": a verb that is not always speech
    // needs a subject that names someone.
    if in_list(w, &["claimed", "claims"]) && !trailing && !names_someone(sp) {
        return false;
    }
    if in_list(w, SHOW_VERBS) {
        let subject = phrase(s, toks, if trailing { seg } else { 0 }, k);
        if !subject
            .split_whitespace()
            .any(|x| in_list(x.trim_matches(|c: char| !c.is_alphanumeric()), DATA_NOUNS))
        {
            return false;
        }
    }
    let mut told = k + 1;
    if toks.get(told).is_some_and(|n| eq_ci(n.core, "kepada")) {
        told += 1;
    }
    if in_list(w, &["told", "tells"]) || told > k + 1 {
        if let Some(o) = outlet_name(s, toks, told) {
            attr.hops.push(o);
        }
    }
    attr.pronoun = sp.split_whitespace().count() == 1 && in_list(sp, PRONOUNS);
    attr.hops.push(sp.to_string());
    push_inner(s, toks, k + 1, attr);
    true
}

/// "according to X", "menurut X". True when it named the speaker. A
/// name listed with commas ("Badan Meteorologi, Klimatologi, dan
/// Geofisika (BMKG)") is read whole.
fn according_to(s: &str, toks: &[Tok<'_>], k: usize, attr: &mut Attr) -> bool {
    let w = toks.get(k).map_or("", |t| t.core);
    let a = if eq_ci(w, "menurut") {
        k + 1
    } else if eq_ci(w, "according") && toks.get(k + 1).is_some_and(|n| eq_ci(n.core, "to")) {
        k + 2
    } else {
        return false;
    };
    let mut end = until_break(toks, a);
    // Extend over the list parts of a capitalised name up to its
    // "dan"/"and"; without the conjunction the parts are not one name.
    let mut probe = end;
    for _ in 0..4 {
        let last_cap = probe
            .checked_sub(1)
            .and_then(|l| toks.get(l))
            .is_some_and(|t| t.core.starts_with(char::is_uppercase));
        let next_end = until_break(toks, probe);
        let part = toks.get(probe..next_end).unwrap_or(&[]);
        let listed = !part.is_empty()
            && part.len() <= 4
            && part.iter().all(|t| {
                t.core.starts_with(char::is_uppercase)
                    || in_list(t.core, &["dan", "and", "&"])
                    || t.core.starts_with('(')
            });
        if !last_cap || !listed {
            break;
        }
        probe = next_end;
        if part.iter().any(|t| in_list(t.core, &["dan", "and", "&"])) {
            end = probe;
            break;
        }
    }
    let sp = clean_source(phrase(s, toks, a, end));
    if !plausible_speaker(sp) {
        return false;
    }
    attr.hops.push(sp.to_string());
    push_inner(s, toks, end, attr);
    true
}

/// "X, citing Y" / "X mengutip Y": both hops when plausible. True when it
/// found either.
fn citing(s: &str, toks: &[Tok<'_>], k: usize, attr: &mut Attr) -> bool {
    let w = toks.get(k).map_or("", |t| t.core);
    if !in_list(w, CITING) || eq_ci(w, "cited") {
        return false;
    }
    let seg = clause_start(toks, k);
    let outer = clean_source(phrase(s, toks, seg, k));
    if seg > 0 && plausible_speaker(outer) && outer.split_whitespace().count() <= 8 {
        attr.hops.push(outer.to_string());
    }
    let end = until_break(toks, k + 1);
    let inner = clean_source(phrase(s, toks, k + 1, end));
    if plausible_speaker(inner) {
        attr.hops.push(inner.to_string());
    }
    !attr.hops.is_empty()
}

/// First token of a leading speaker: drops adverbial clauses ("In a
/// statement, …") and quotations, and falls back to the last clause when the
/// prefix is too long to be a noun phrase.
fn leading_start(toks: &[Tok<'_>], k: usize) -> usize {
    let mut start = 0usize;
    let mut j = 0usize;
    while j < k {
        let seg_end = (j..k)
            .find(|&x| toks.get(x).is_some_and(|t| t.brk))
            .map_or(k, |x| x + 1);
        let first = toks.get(j);
        let adverbial = first.is_some_and(|t| in_list(t.core, ADVERBIAL_OPENERS));
        let quoted = (j..seg_end).all(|x| toks.get(x).is_some_and(|t| t.in_quote));
        if (adverbial || quoted) && seg_end < k {
            start = seg_end;
            j = seg_end;
        } else {
            break;
        }
    }
    if k.saturating_sub(start) > 14 {
        clause_start(toks, k)
    } else {
        start
    }
}

/// A caveat found in the article, waiting to be attached.
#[derive(Debug, Clone)]
struct Caveat {
    /// The caveat as written.
    text: String,
    /// How many proposals preceded it.
    position: usize,
    /// The caveat sentence mentions an outlet's report.
    refers_to_report: bool,
    /// The hedge sits inside a proposed sentence and covers only it.
    own: bool,
    /// The paragraph the caveat sits in.
    paragraph: usize,
    /// The caveat is the first sentence of its paragraph.
    opens_paragraph: bool,
    /// The outer hop (the outlet) of the latest proposal before it, for a
    /// caveat that refers back to "the report".
    last_outlet: Option<String>,
}

/// A sentence or caption, tokenised once, with its figures.
struct Analysed<'a> {
    seg: &'a Segment,
    text: &'a str,
    toks: Vec<Tok<'a>>,
    figs: Vec<Figure>,
}

/// A sentence longer than this is not analysed: it is not running text
/// (no sentence ending in kilobytes), it would not fit a claim file, and
/// skipping it keeps the per-sentence heuristics, some of which look at
/// every token before a cue, within a constant per byte.
pub(crate) const MAX_SENTENCE_BYTES: usize = 4096;

/// The segments the proposer reads: sentences and captions, the overlong
/// ones left out.
fn readable(seg: &Segment) -> bool {
    matches!(seg.kind, SegmentKind::Sentence | SegmentKind::Caption)
        && seg.end.saturating_sub(seg.start) <= MAX_SENTENCE_BYTES
}

/// One sentence or caption, tokenised, with its figures.
fn analyse<'a>(article: &'a str, seg: &'a Segment) -> Analysed<'a> {
    let text = seg.text(article);
    let toks = tokenize(text);
    let figs = figures(text, &toks);
    Analysed {
        seg,
        text,
        toks,
        figs,
    }
}

/// The latest year any sentence mentions: the reference year ("in the
/// past") when no publication date is known. A pass of its own so that
/// the main pass holds one analysed sentence at a time, not the article's.
fn latest_year(article: &str, segs: &[Segment]) -> Option<i32> {
    segs.iter()
        .filter(|s| readable(s))
        .filter_map(|seg| {
            analyse(article, seg)
                .figs
                .iter()
                .filter_map(|f| match f.kind {
                    FigKind::Year(y) => Some(y),
                    _ => None,
                })
                .max()
        })
        .max()
}

/// Proposes claims from the segments of one article.
///
/// One pass over the sentences, each tokenised once and dropped after; the
/// caveats are then attached in time linear in the proposals and caveats
/// (see [`attach_caveats`]).
pub fn propose(
    article: &str,
    segs: &[Segment],
    agencies: &[String],
    ref_year: Option<i32>,
    english: bool,
) -> Vec<Proposal> {
    let mut out: Vec<Proposal> = Vec::new();
    // The paragraph of each proposal, parallel to `out`.
    let mut paragraphs: Vec<usize> = Vec::new();
    let mut caveats: Vec<Caveat> = Vec::new();
    let mut speakers = Speakers::default();
    let mut last_outlet: Option<String> = None;
    let mut prev_paragraph: Option<usize> = None;
    let ref_year = match ref_year {
        Some(y) => Some(y),
        None => latest_year(article, segs),
    };
    for seg in segs.iter().filter(|s| readable(s)) {
        let mut item = analyse(article, seg);
        let opens_paragraph = prev_paragraph != Some(seg.paragraph);
        prev_paragraph = Some(seg.paragraph);
        if seg.kind == SegmentKind::Caption {
            if let Some(p) = caption_proposal(&item, agencies, english) {
                out.push(p);
                paragraphs.push(seg.paragraph);
            }
            continue;
        }
        let own_caveat = match hedge(item.text, out.len()) {
            Hedge::Sentence(mut c) => {
                c.paragraph = seg.paragraph;
                c.opens_paragraph = opens_paragraph;
                c.last_outlet = last_outlet.clone();
                caveats.push(c);
                continue;
            }
            Hedge::Inline(c) => Some(c),
            Hedge::None => None,
        };
        if item.toks.len() < MIN_TOKENS {
            continue;
        }
        let who = speakers.resolve(item.text, &item.toks);
        // "three people familiar with the matter said": the count of the
        // sources is not a figure of the claim.
        item.figs.retain(|f| {
            !f.text.chars().all(char::is_alphabetic)
                || !who.hops.iter().any(|h| {
                    h.split_whitespace()
                        .any(|w| eq_ci(w.trim_matches(|c: char| !c.is_alphanumeric()), &f.text))
                })
        });
        let reading = read(&item, &who, own_caveat.is_some(), ref_year, english);
        let Some(p) = sentence_proposal(&item, &who, agencies, &reading) else {
            continue;
        };
        if let Some(text) = own_caveat {
            caveats.push(Caveat {
                text,
                position: out.len(),
                refers_to_report: false,
                own: true,
                paragraph: seg.paragraph,
                opens_paragraph,
                last_outlet: None,
            });
        }
        if let Some(h) = p.chain.get(agencies.len()) {
            last_outlet = Some(h.clone());
        }
        out.push(p);
        paragraphs.push(seg.paragraph);
    }
    attach_caveats(&mut out, &paragraphs, &caveats, agencies);
    out
}

/// A sentence of fewer tokens is not read: too short to be a claim of
/// its own ("Thank you."), and the score is unreliable on it.
const MIN_TOKENS: usize = 3;

/// A photo caption of three words or more: who/where/when to verify.
/// Always proposed (a photo is checked whatever its words); scored like
/// a sentence so the desk can sort captions too.
fn caption_proposal(item: &Analysed<'_>, agencies: &[String], english: bool) -> Option<Proposal> {
    let sig = Signals {
        kind: Some(ClaimKind::ImageCaption),
        ..cues(item)
    };
    let s = score::score(item.text, &sig, english);
    (item.toks.len() >= 3).then(|| Proposal {
        kind: ClaimKind::ImageCaption,
        score: Score::from_f32(s),
        text: item.text.to_string(),
        start: item.seg.start,
        end: item.seg.end,
        speaker: None,
        chain: agencies.to_vec(),
        anonymous: false,
        figures: item.figs.iter().map(|f| f.text.clone()).collect(),
        caveats: Vec::new(),
        reason: format!(
            "check-worthy {}; photo caption: who/where/when to verify",
            Score::from_f32(s)
        ),
    })
}

/// How a sentence hedges.
enum Hedge {
    /// No caveat phrase.
    None,
    /// The sentence is a caveat of its own ("Reuters could not verify
    /// the report."): it hedges other claims, and is not one.
    Sentence(Caveat),
    /// A caveat clause inside the sentence: it hedges this claim only.
    Inline(String),
}

/// Finds the caveat phrase of a sentence, if any; `position` is how many
/// proposals came before it.
fn hedge(text: &str, position: usize) -> Hedge {
    let Some((pos, subject)) = caveat_phrase(text) else {
        return Hedge::None;
    };
    if subject.split_whitespace().count() <= 4 {
        let refers = REPORT_WORDS.iter().any(|w| {
            text.split(|c: char| !c.is_alphanumeric())
                .any(|x| eq_ci(x, w))
        });
        return Hedge::Sentence(Caveat {
            text: text.to_string(),
            position,
            refers_to_report: refers,
            own: false,
            paragraph: 0,
            opens_paragraph: false,
            last_outlet: None,
        });
    }
    let clause_from = text
        .get(..pos)
        .and_then(|b| b.rfind([',', ';', '(', '—']))
        .map_or(pos, |c| c + 1);
    match text.get(clause_from..) {
        Some(c) => Hedge::Inline(
            c.trim()
                .trim_end_matches(|ch: char| is_trail_punct(ch))
                .to_string(),
        ),
        None => Hedge::None,
    }
}

/// Who asserts one sentence, resolved against the sentences before it.
struct Who {
    /// Hops as written, outermost first; the last is the speaker.
    hops: Vec<String>,
    /// The original asserter.
    speaker: Option<String>,
    /// The speaker is unnamed.
    anonymous: bool,
    /// The back reference ("the officials") the speaker was read from.
    antecedent: Option<String>,
    /// Why the speaker is unnamed, as the article says it: a caveat.
    reason: Option<String>,
}

/// Phrases that make any speaker of the sentence anonymous.
const ANONYMITY_CLAUSES: &[&str] = &[
    "condition of anonymity",
    "declined to be named",
    "asked not to be named",
    "asking not to be named",
    "not to be identified",
    "not authorized to",
    "not authorised to",
    "tidak disebutkan namanya",
    "enggan disebutkan namanya",
    "tidak mau disebut namanya",
    "tidak ingin disebutkan namanya",
    "tidak berwenang",
    "syarat anonim",
];

/// The speakers met so far: the only state carried between sentences.
#[derive(Default)]
struct Speakers {
    /// The previous speaker and whether it was anonymous, for "he said"
    /// and "katanya".
    last: Option<(String, bool)>,
    /// Earlier speakers by head word and the latest outlet, for "the
    /// official said", "pejabat itu", "according to the broadcaster".
    earlier: Antecedents,
}

impl Speakers {
    /// Finds who asserts `text`: a pronoun becomes the previous speaker,
    /// a back reference the earlier speaker it stands for; remembers the
    /// result.
    fn resolve(&mut self, text: &str, toks: &[Tok<'_>]) -> Who {
        let mut attr = attribution(text, toks);
        let mut anonymous = false;
        let mut antecedent = None;
        let mut resolved = false;
        if attr.pronoun {
            if let Some(last) = attr.hops.last_mut() {
                if let Some((prev, anon)) = &self.last {
                    *last = prev.clone();
                    anonymous = *anon;
                    resolved = true;
                } else if last == "katanya" {
                    attr.hops.pop();
                }
            }
        } else if let Some(last) = attr.hops.last_mut() {
            if let Some((ante, anon)) = self.earlier.resolve(last) {
                antecedent = Some(std::mem::replace(last, ante));
                anonymous = anon;
                resolved = true;
            }
        }
        // An outlet reached twice ("Reuters" ← "Al Jazeera" ← "Al Jazeera").
        attr.hops.dedup_by(|a, b| eq_ci(a, b));
        let speaker = attr.hops.last().cloned();
        let mut reason = attr.reason.take();
        if let Some(sp) = &speaker {
            if !resolved {
                anonymous = anonymous_speaker(sp);
            }
            let maybe = ["anonym", "anonim", "named", "nama", "authori", "berwenang"]
                .iter()
                .any(|w| find_ci(text, w).is_some());
            if maybe && ANONYMITY_CLAUSES.iter().any(|p| find_ci(text, p).is_some()) {
                anonymous = true;
            }
            if anonymous && reason.is_none() {
                reason = reason_in_sentence(text, sp).map(str::to_string);
            }
            if !resolved {
                self.earlier.remember(sp, anonymous);
            }
            if let Some(outlet) = attr.hops.iter().rev().nth(1) {
                self.earlier.remember_outlet(outlet);
            }
            self.last = Some((sp.clone(), anonymous));
        }
        Who {
            hops: attr.hops,
            speaker,
            anonymous,
            antecedent,
            reason,
        }
    }
}

/// How the proposer reads one body sentence: its signals, the kind its
/// cues suggest, and the score that decides whether it is proposed.
pub(crate) struct Reading {
    /// The proposer's signals, as the scorer saw them.
    pub signals: Signals,
    /// The check-worthiness score, 0..=1; proposed at [`score::THRESHOLD`].
    pub score: f32,
    /// Years before the reference year.
    past_years: Vec<String>,
}

/// The signals a sentence shows on its own: figures, quotes, names,
/// question, prediction/opinion/history markers. Speaker, hedge and kind
/// are filled in by [`read`].
fn cues(item: &Analysed<'_>) -> Signals {
    let toks = &item.toks;
    let has = |k: fn(&FigKind) -> bool| item.figs.iter().any(|f| k(&f.kind));
    let marker = |list: &[&str]| toks.iter().any(|t| !t.in_quote && in_list(t.core, list));
    Signals {
        quantity: has(|k| *k == FigKind::Quantity),
        year: has(|k| matches!(k, FigKind::Year(_))),
        date: has(|k| *k == FigKind::Date),
        ordinal: has(|k| *k == FigKind::Ordinal),
        quoted: toks.iter().filter(|t| t.in_quote).count() >= 5,
        proper_noun: toks
            .iter()
            .skip(1)
            .any(|t| t.core.starts_with(char::is_uppercase) && t.core.chars().count() > 1),
        question: item
            .text
            .trim_end()
            .trim_end_matches(is_closer)
            .ends_with('?'),
        prediction: marker(PREDICTION_MARKERS),
        opinion: marker(OPINION_MARKERS),
        history: toks.iter().any(|t| in_list(t.core, HISTORY_WORDS)),
        ..Signals::default()
    }
}

/// Reads a body sentence: its signals (with who asserts it and whether it
/// hedges), the kind its cues suggest, and its score.
fn read(
    item: &Analysed<'_>,
    who: &Who,
    hedged: bool,
    ref_year: Option<i32>,
    english: bool,
) -> Reading {
    let past_years: Vec<String> = item
        .figs
        .iter()
        .filter(|f| match f.kind {
            FigKind::Year(y) => ref_year.is_none_or(|r| y < r),
            _ => false,
        })
        .map(|f| f.text.clone())
        .collect();
    let mut signals = cues(item);
    signals.speaker = who.speaker.is_some();
    signals.anonymous = who.anonymous;
    signals.hedged = hedged;
    let past: Vec<&str> = past_years.iter().map(String::as_str).collect();
    signals.kind = claim_kind(item, signals.speaker, &past, signals.history);
    let score = score::score(item.text, &signals, english);
    Reading {
        signals,
        score,
        past_years,
    }
}

/// The signals and score of one sentence read on its own, as the
/// proposer would read it in an article (no earlier speakers, no
/// reference year): what the training example learns from and the
/// evaluation scores.
pub(crate) fn read_sentence(text: &str, english: bool) -> (Reading, Option<Proposal>) {
    let seg = Segment {
        kind: SegmentKind::Sentence,
        start: 0,
        end: text.len(),
        paragraph: 0,
    };
    let item = analyse(text, &seg);
    let hedged = !matches!(hedge(text, 0), Hedge::None);
    let who = Speakers::default().resolve(text, &item.toks);
    let reading = read(&item, &who, hedged, None, english);
    let p = if item.toks.len() < MIN_TOKENS || matches!(hedge(text, 0), Hedge::Sentence(_)) {
        None
    } else {
        sentence_proposal(&item, &who, &[], &reading)
    };
    (reading, p)
}

/// The proposal for a body sentence, or `None` when its score is below
/// [`score::THRESHOLD`]. The kind comes from the cues (an `event` when
/// none fired); a prediction or opinion is proposed as not-checkable
/// guidance.
fn sentence_proposal(
    item: &Analysed<'_>,
    who: &Who,
    agencies: &[String],
    reading: &Reading,
) -> Option<Proposal> {
    if reading.score < score::THRESHOLD {
        return None;
    }
    let kind = reading.signals.kind.unwrap_or(ClaimKind::Event);
    let past_years: Vec<&str> = reading.past_years.iter().map(String::as_str).collect();
    let history_cue = reading.signals.history;
    let mut chain: Vec<String> = agencies.to_vec();
    for h in &who.hops {
        if !chain.iter().any(|c| eq_ci(c, h)) {
            chain.push(h.clone());
        }
    }
    let score = Score::from_f32(reading.score);
    let why = reason(kind, item, who, &past_years, history_cue);
    let signals = reading.signals.reasons();
    let head = if signals.is_empty() {
        format!("check-worthy {score}")
    } else {
        format!("check-worthy {score} ({})", signals.join(", "))
    };
    Some(Proposal {
        kind,
        score,
        text: item.text.to_string(),
        start: item.seg.start,
        end: item.seg.end,
        speaker: who.speaker.clone(),
        chain,
        anonymous: who.anonymous,
        figures: item.figs.iter().map(|f| f.text.clone()).collect(),
        caveats: who.reason.iter().cloned().collect(),
        reason: format!("{head}; {why}"),
    })
}

/// What kind of claim a sentence makes, from its cues, most specific
/// first; `None` when it is not check-worthy.
fn claim_kind(
    item: &Analysed<'_>,
    has_speaker: bool,
    past_years: &[&str],
    history_cue: bool,
) -> Option<ClaimKind> {
    let toks = &item.toks;
    let figs = &item.figs;
    let quoted_words = toks.iter().filter(|t| t.in_quote).count();
    let has_quantity = figs.iter().any(|f| f.kind == FigKind::Quantity);
    let any_year = figs.iter().any(|f| matches!(f.kind, FigKind::Year(_)));
    let marker = |list: &[&str]| toks.iter().any(|t| !t.in_quote && in_list(t.core, list));
    let proper_noun = toks.iter().skip(1).any(|t| {
        // "I'm" is no name.
        t.core.starts_with(char::is_uppercase)
            && t.core.chars().count() > 1
            && !first_person(t.core)
    });
    let question = item
        .text
        .trim_end()
        .trim_end_matches(is_closer)
        .ends_with('?');
    Some(if has_speaker && quoted_words >= 5 {
        ClaimKind::Quote
    } else if has_quantity {
        ClaimKind::Statistic
    } else if has_speaker {
        ClaimKind::AttributedStatement
    } else if question {
        return None;
    } else if !past_years.is_empty() || (any_year && history_cue) {
        ClaimKind::Historical
    } else if marker(PREDICTION_MARKERS) {
        ClaimKind::Prediction
    } else if marker(OPINION_MARKERS) {
        ClaimKind::Opinion
    } else if (proper_noun || !figs.is_empty()) && toks.len() >= 6 {
        ClaimKind::Event
    } else {
        return None;
    })
}

/// The short human-readable reason a sentence was proposed.
fn reason(
    kind: ClaimKind,
    item: &Analysed<'_>,
    who: &Who,
    past_years: &[&str],
    history_cue: bool,
) -> String {
    let figs = &item.figs;
    let label = attribution_label(&who.hops, who.anonymous, who.antecedent.as_deref());
    let mut reason = match kind {
        ClaimKind::Statistic => {
            let quantities: Vec<&str> = figs
                .iter()
                .filter(|f| matches!(f.kind, FigKind::Quantity | FigKind::Ordinal))
                .map(|f| f.text.as_str())
                .collect();
            format!("contains a statistic: {}", quantities.join(", "))
        }
        ClaimKind::Quote => format!(
            "direct quote from {}",
            who.speaker.as_deref().unwrap_or("an unnamed speaker")
        ),
        ClaimKind::AttributedStatement => label.clone(),
        ClaimKind::Historical => {
            let years: Vec<&str> = if past_years.is_empty() {
                figs.iter()
                    .filter(|f| matches!(f.kind, FigKind::Year(_)))
                    .map(|f| f.text.as_str())
                    .collect()
            } else {
                past_years.to_vec()
            };
            format!("historical comparison: {}", years.join(", "))
        }
        ClaimKind::Prediction => {
            "not-checkable guidance: a prediction; check who predicts it and on what basis, \
             and give it the status not-checkable with a note if nothing in it can be checked"
                .to_string()
        }
        ClaimKind::Opinion => {
            "not-checkable guidance: an opinion; check the facts it rests on, and give it \
             the status not-checkable with a note if nothing in it can be checked"
                .to_string()
        }
        _ => "event in the article's own voice: who/what/where/when to verify".to_string(),
    };
    if who.speaker.is_some()
        && kind != ClaimKind::AttributedStatement
        && !(kind == ClaimKind::Quote && who.hops.len() == 1)
    {
        reason.push_str("; ");
        reason.push_str(&label);
    }
    if who.anonymous {
        reason.push_str("; anonymous source");
    }
    if kind != ClaimKind::Historical && !past_years.is_empty() && history_cue {
        reason.push_str(&format!(
            "; historical comparison: {}",
            past_years.join(", ")
        ));
    }
    if kind == ClaimKind::AttributedStatement && !figs.is_empty() {
        let all: Vec<&str> = figs.iter().map(|f| f.text.as_str()).collect();
        reason.push_str(&format!("; figures: {}", all.join(", ")));
    }
    reason
}

/// "attributed to NBC citing unnamed officials".
fn attribution_label(hops: &[String], anonymous: bool, anaphor: Option<&str>) -> String {
    let n = hops.len();
    let parts: Vec<String> = hops
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i + 1 == n && anonymous {
                let ho = |w: &str| {
                    find_ci(h, w).is_some() || anaphor.is_some_and(|a| find_ci(a, w).is_some())
                };
                if ho("official") || ho("pejabat") {
                    "unnamed officials".to_string()
                } else {
                    "unnamed sources".to_string()
                }
            } else {
                h.clone()
            }
        })
        .collect();
    if parts.is_empty() {
        "in the article's own voice".to_string()
    } else {
        format!("attributed to {}", parts.join(" citing "))
    }
}

/// How many distinct article-level caveats one outlet's claims carry at
/// most: an article hedges an outlet's report once or twice; repeating
/// the hedge adds nothing, and a bound keeps the output linear in the
/// article.
pub(crate) const MAX_OUTLET_CAVEATS: usize = 3;

/// Attaches each caveat to the claims it hedges, each distinct caveat at
/// most once per claim:
///
/// - a hedge inside a proposed sentence ("…, a figure that could not be
///   verified") covers that claim only;
/// - an *article-level* caveat, one that names the outlet whose report
///   claims rely on ("Reuters could not verify NBC's report") or refers
///   back to "the report" of the outlet of the claim just before it,
///   covers every claim reported through that outlet, wherever it sits;
///   an outlet's claims carry its first [`MAX_OUTLET_CAVEATS`] distinct
///   such caveats;
/// - any other caveat sentence ("The claim could not be confirmed.")
///   covers the claim just before it, when that claim is in the caveat's
///   own paragraph or the caveat opens a paragraph of its own.
///
/// Linear in the proposals, their chains and the caveats: outlets are
/// looked up by the caveat's words, claims by outlet.
fn attach_caveats(
    out: &mut [Proposal],
    paragraphs: &[usize],
    caveats: &[Caveat],
    agencies: &[String],
) {
    use std::collections::HashMap;
    // Each outlet (a claim's outer hop), by its first word, with the index
    // of the first claim it reports: a caveat naming several picks the
    // earliest, as an article names its main outlet first.
    let mut outlet_by_word: HashMap<&str, (usize, &str)> = HashMap::new();
    for (i, p) in out.iter().enumerate() {
        if let Some(h) = p.chain.get(agencies.len()) {
            let first = h.split_whitespace().next().unwrap_or("");
            if first.chars().count() >= 2 && first.starts_with(char::is_uppercase) {
                outlet_by_word.entry(first).or_insert((i, h.as_str()));
            }
        }
    }
    // (order of the caveat in the article, caveat) per claim.
    let mut per_claim: Vec<Vec<(usize, &str)>> = vec![Vec::new(); out.len()];
    // Article-level caveats per outlet, distinct, in article order.
    let mut outlet_caveats: HashMap<String, Vec<(usize, &str)>> = HashMap::new();
    for (order, c) in caveats.iter().enumerate() {
        if c.own {
            if let Some(v) = per_claim.get_mut(c.position) {
                v.push((order, c.text.as_str()));
            }
            continue;
        }
        // An outlet named in the caveat ("NBC's report").
        let mut target: Option<String> = c
            .text
            .split(|ch: char| !ch.is_alphanumeric())
            .filter_map(|w| outlet_by_word.get(w))
            .min_by_key(|(i, _)| *i)
            .map(|(_, h)| (*h).to_string());
        if target.is_none() && c.refers_to_report {
            target = c.last_outlet.clone();
        }
        match target {
            Some(t) => {
                let list = outlet_caveats.entry(t).or_default();
                if list.len() < MAX_OUTLET_CAVEATS && !list.iter().any(|(_, x)| *x == c.text) {
                    list.push((order, c.text.as_str()));
                }
            }
            None => {
                let Some(i) = c.position.checked_sub(1) else {
                    continue;
                };
                let same_paragraph = paragraphs.get(i) == Some(&c.paragraph);
                if same_paragraph || c.opens_paragraph {
                    if let Some(v) = per_claim.get_mut(i) {
                        v.push((order, c.text.as_str()));
                    }
                }
            }
        }
    }
    if !outlet_caveats.is_empty() {
        for (i, p) in out.iter().enumerate() {
            for h in p.chain.iter().skip(agencies.len()) {
                if let (Some(list), Some(v)) = (outlet_caveats.get(h), per_claim.get_mut(i)) {
                    v.extend(list.iter().copied());
                }
            }
        }
    }
    for (p, mut v) in out.iter_mut().zip(per_claim) {
        v.sort_by_key(|(order, _)| *order);
        let mut seen = std::collections::HashSet::new();
        for (_, text) in v {
            if seen.insert(text) {
                p.caveats.push(text.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(s: &str) -> Vec<String> {
        figures(s, &tokenize(s))
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn figures_as_written() {
        assert_eq!(
            figs("Rusia menguasai sekitar 17,5% wilayah."),
            vec!["17,5%"]
        );
        assert_eq!(
            figs("Perang yang kini memasuki bulan ke-21 menewaskan ratusan ribu orang."),
            vec!["bulan ke-21", "ratusan ribu"]
        );
        assert_eq!(figs("sejak Krisis Rudal Kuba tahun 1962."), vec!["1962"]);
        assert_eq!(
            figs("latihan di Chernihiv, Ukraina 2 November 2023."),
            vec!["2 November 2023"]
        );
        assert_eq!(
            figs("killed hundreds of thousands of people since November 2, 2023."),
            vec!["hundreds of thousands", "November 2, 2023"]
        );
        assert_eq!(
            figs("It sent 5,700 troops and $1.2 billion, 3.5% of GDP, or 4 per cent."),
            vec!["5,700", "$1.2 billion", "3.5%", "4 per cent"]
        );
        assert_eq!(figs("the 21st month"), vec!["21st"]);
        assert!(figs("COVID-19 and F-16 jets").is_empty());
    }

    /// "insiders" is an unnamed role, so it is a role noun too: "industry
    /// insiders" is found as the speaker, and is anonymous.
    #[test]
    fn unnamed_roles_are_speakers_and_anonymous() {
        let s = "On Monday, industry insiders said the merger would close.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["industry insiders"]);
        assert!(anonymous_speaker("industry insiders"));
        assert!(!anonymous_speaker("the ministry"));
    }

    #[test]
    fn leading_speaker() {
        let s = "Moskow mengatakan pihaknya harus melancarkan operasi.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["Moskow"]);
        let s = "Kyiv dan sekutu Baratnya mengatakan hal ini tidak masuk akal.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["Kyiv dan sekutu Baratnya"]);
        let s = "In a statement on Sunday, the Kremlin has said the war will go on.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["the Kremlin"]);
    }

    #[test]
    fn trailing_speaker_with_citing() {
        let s = "Officials talked about peace talks with Russia, NBC mengutip seorang pejabat senior AS yang tidak disebutkan namanya.";
        let a = attribution(s, &tokenize(s));
        // The speaker is the phrase; the clause saying it is unnamed is
        // the reason, kept apart.
        assert_eq!(a.hops, vec!["NBC", "seorang pejabat senior AS"]);
        assert_eq!(a.reason.as_deref(), Some("yang tidak disebutkan namanya"));
        let s = "Officials have talked to Kyiv about peace, NBC News reported on Saturday, citing a current and a former U.S. official.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(
            a.hops,
            vec!["NBC News", "a current and a former U.S. official"]
        );
    }

    #[test]
    fn inverted_and_according_to() {
        let s = "Harga naik 5 persen, kata Menteri Keuangan Sri Mulyani.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["Menteri Keuangan Sri Mulyani"]);
        let s = "\"It is over,\" said Dr. Emily Carter, an economist.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["Dr. Emily Carter"]);
        let s = "According to the Pentagon, 5,700 troops were sent.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["the Pentagon"]);
        let s = "Menurut laporan NBC, perundingan sudah dimulai.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["NBC"]);
    }

    /// Issue 10: the speaker is the asserting phrase wherever it stands,
    /// never capitals at the start of the sentence.
    #[test]
    fn trailing_speaker_after_a_capitalised_subject() {
        let s = "The United States and Egypt have backed the framework, a senior official at the foreign ministry said.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["a senior official at the foreign ministry"]);
        let s = "The union represents about twelve thousand workers, a senior official at the labour ministry said, asking not to be named because the talks are confidential.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["a senior official at the labour ministry"]
        );
        let s = "A senior electoral official, who spoke on condition of anonymity because she was not authorized to discuss the count, said the final result was expected on Thursday.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["A senior electoral official"]);
        let s = "Kementerian Luar Negeri China, dalam jumpa pers rutin, mengatakan perdagangan itu saling menguntungkan.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["Kementerian Luar Negeri China"]
        );
    }

    #[test]
    fn figures_published_by_name_their_publisher() {
        let s = "Food prices have risen 38% over the past year, according to figures published by the national statistics office on Monday.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["the national statistics office"]
        );
        let s = "Retail inflation eased to 4.3% in January, data released on Feb. 12 showed.";
        assert!(attribution(s, &tokenize(s)).hops.is_empty());
        let s = "Curah hujan mencapai 200 milimeter, menurut Badan Meteorologi, Klimatologi, dan Geofisika (BMKG), Senin.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)"]
        );
    }

    #[test]
    fn first_person_aside_is_not_proposed() {
        let a = "Debate lines for the check\n\nAnd what I'm going to say is this.\n";
        assert!(super::super::analyze(a).proposals.is_empty());
    }

    #[test]
    fn first_person_say_is_no_speaker() {
        for s in [
            "And what I'm going to say is this.",
            "I said we would win and we did win the vote.",
            "We are going to say it again and again to everyone.",
        ] {
            assert!(attribution(s, &tokenize(s)).hops.is_empty(), "{s}");
        }
    }

    #[test]
    fn outlets_through_which_a_source_spoke() {
        let s =
            "Only four people were rescued, a local rescue official told state broadcaster VTV.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["VTV", "a local rescue official"]
        );
        let s = "Korea Utara meluncurkan dua rudal, kata Kepala Staf Gabungan (JCS) dalam sebuah pernyataan, seperti dilansir kantor berita Yonhap.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["Yonhap", "Kepala Staf Gabungan (JCS)"]
        );
    }

    #[test]
    fn numbers_in_words_are_figures() {
        assert_eq!(figs("Only four people were rescued."), vec!["four"]);
        assert_eq!(figs("Empat orang ditangkap polisi."), vec!["Empat"]);
        assert_eq!(
            figs("the release of thirty-three detainees and twelve thousand homes"),
            vec!["thirty-three", "twelve thousand"]
        );
        assert_eq!(figs("tujuh belas rumah rusak"), vec!["tujuh belas"]);
        // "one" is an article more often than a count; "Lima" is a city.
        assert!(figs("one of the people flew to Lima on Monday.").is_empty());
    }

    #[test]
    fn currency_dates_and_acronyms() {
        assert_eq!(
            figs("naik menjadi Rp 13.500 per kilogram pada Senin (6/11/2023)."),
            vec!["Rp 13.500", "6/11/2023"]
        );
        let s = "Menurut Badan Pusat Statistik (BPS), inflasi mencapai 5,61 persen.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["Badan Pusat Statistik (BPS)"]
        );
        let s = "\"Pasokan berkurang,\" kata Ketua Koperasi Pedagang, Zulkifli Rasyid, kepada wartawan.";
        assert_eq!(
            attribution(s, &tokenize(s)).hops,
            vec!["Ketua Koperasi Pedagang, Zulkifli Rasyid"]
        );
    }

    #[test]
    fn quoted_speech_verbs_are_ignored() {
        let s = "\"They said nothing,\" the minister told reporters.";
        let a = attribution(s, &tokenize(s));
        assert_eq!(a.hops, vec!["the minister"]);
    }

    #[test]
    fn non_agent_subject_is_not_a_speaker() {
        let s = "The war has claimed hundreds of thousands of lives across the country.";
        let a = attribution(s, &tokenize(s));
        assert!(a.hops.is_empty(), "{:?}", a.hops);
    }

    #[test]
    fn anonymity() {
        assert!(anonymous_speaker(
            "seorang pejabat senior AS yang tidak disebutkan namanya"
        ));
        assert!(anonymous_speaker("a senior U.S. official"));
        assert!(anonymous_speaker("sumber yang enggan disebutkan namanya"));
        assert!(anonymous_speaker("people familiar with the matter"));
        assert!(!anonymous_speaker("Moskow"));
        assert!(!anonymous_speaker("Lt Col Sarah Jones"));
        assert!(!anonymous_speaker("the Pentagon"));
        assert_eq!(
            super::super::attribution::anaphor_head("para pejabat tersebut").as_deref(),
            Some("pejabat")
        );
        assert_eq!(
            super::super::attribution::anaphor_head("the officials").as_deref(),
            Some("official")
        );
        assert_eq!(super::super::attribution::anaphor_head("Kremlin"), None);
    }
}
