//! The check-worthiness score of a sentence: a logistic regression over
//! hashed word 1–2-grams, character 3–5-grams, structural features (figures
//! as digits or words, money, percent, years, comparatives, promises,
//! first person, length) and the proposer's own signals (figures, speaker,
//! quotes, hedges, the kind its cues suggest).
//!
//! Pure and fast: one pass over the sentence, a few hundred hashes, one
//! dot product. The weights are compiled into the binary from
//! `checkworthy.weights`, written by `cargo run --release --example train`
//! (see its header for the data, command, hyper-parameters and scores).
//!
//! Two models share the file. The full one reads the words and is trained
//! on English; for text in another language (the article's detected
//! language) the words mean nothing to it, so a small model over the
//! language-neutral signals alone gives the score.

use crate::model::ClaimKind;

/// The weights file, compiled in: a text header, then the binary models.
static WEIGHTS: &[u8] = include_bytes!("checkworthy.weights");

/// What the proposer's own heuristics saw in a sentence: the signals the
/// learned score combines with the words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals {
    /// A quantity (number with a unit, currency, percent, number words).
    pub quantity: bool,
    /// A year.
    pub year: bool,
    /// A date or a time of day.
    pub date: bool,
    /// An ordinal ("third", "ke-3").
    pub ordinal: bool,
    /// An attribution cue named a speaker.
    pub speaker: bool,
    /// The speaker is unnamed.
    pub anonymous: bool,
    /// Five or more words inside quotation marks.
    pub quoted: bool,
    /// A hedge ("could not be verified") sits in the sentence.
    pub hedged: bool,
    /// A capitalised word after the first one (a name, an organisation).
    pub proper_noun: bool,
    /// The sentence ends with a question mark.
    pub question: bool,
    /// A prediction marker outside quotations ("will", "akan").
    pub prediction: bool,
    /// An opinion marker outside quotations ("should", "harus").
    pub opinion: bool,
    /// A history word ("since", "record", "sejak").
    pub history: bool,
    /// The kind the proposer's cues suggest; `None` when no cue fired.
    pub kind: Option<ClaimKind>,
}

impl Signals {
    /// The names of the signals that are set, in [`SIGNAL_NAMES`] order.
    fn active(&self) -> impl Iterator<Item = usize> + '_ {
        let kind = self.kind.map_or("none", |k| k.as_str());
        let flags = [
            self.quantity,
            self.year,
            self.date,
            self.ordinal,
            self.speaker,
            self.anonymous,
            self.quoted,
            self.hedged,
            self.proper_noun,
            self.question,
            self.prediction,
            self.opinion,
            self.history,
        ];
        let n = flags.len();
        flags
            .into_iter()
            .enumerate()
            .filter(|(_, on)| *on)
            .map(|(i, _)| i)
            .chain(
                KIND_NAMES
                    .iter()
                    .position(|k| *k == kind)
                    .map(move |p| n + p),
            )
    }

    /// The signals worth naming in a proposal's reason, most telling first.
    pub fn reasons(&self) -> Vec<&'static str> {
        let mut r = Vec::new();
        if self.quantity {
            r.push("figure");
        } else if self.year || self.date || self.ordinal {
            r.push("date");
        }
        if self.speaker {
            r.push("attribution");
        }
        if self.quoted {
            r.push("quote");
        }
        if self.proper_noun {
            r.push("named entity");
        }
        if self.hedged {
            r.push("hedged");
        }
        r
    }
}

/// Kinds as the signal model sees them; "none" when no cue fired.
const KIND_NAMES: &[&str] = &[
    "statistic",
    "attributed-statement",
    "quote",
    "event",
    "historical",
    "image-caption",
    "prediction",
    "opinion",
    "none",
];

/// The names of the dense signal features, flags then kinds: the order of
/// the signal model's weights.
pub const SIGNAL_NAMES: &[&str] = &[
    "quantity",
    "year",
    "date",
    "ordinal",
    "speaker",
    "anonymous",
    "quoted",
    "hedged",
    "proper_noun",
    "question",
    "prediction",
    "opinion",
    "history",
    "kind:statistic",
    "kind:attributed-statement",
    "kind:quote",
    "kind:event",
    "kind:historical",
    "kind:image-caption",
    "kind:prediction",
    "kind:opinion",
    "kind:none",
];

/// The sparse features of a sentence for the full model: hashed ids in
/// `0..buckets` (a power of two), each occurrence with the same value
/// `1/sqrt(count)` so long and short sentences weigh alike.
#[derive(Debug, Default, Clone)]
pub struct Features {
    /// Bucket ids, in feature order; a repeated feature repeats.
    pub ids: Vec<u32>,
}

impl Features {
    /// The value of each present feature.
    pub fn value(&self) -> f32 {
        if self.ids.is_empty() {
            0.0
        } else {
            1.0 / (self.ids.len() as f32).sqrt()
        }
    }
}

/// FNV-1a offset basis and prime.
const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a over `bytes`, continuing from `h`.
fn fnv_more(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The start state of a feature family, so "w:x" and "c:x" differ.
fn family(f: u8) -> u64 {
    fnv_more(FNV_BASIS, &[f, 0xff])
}

/// Mixes the high bits of a hash into the low ones (the bucket is the low
/// bits), tagging it with `n` (the n-gram length).
fn finish(h: u64, n: u64) -> u64 {
    let mut h = h ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

/// Number words: figures written out ("only four people").
fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "fifteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "hundred"
            | "hundreds"
            | "thousand"
            | "thousands"
            | "million"
            | "millions"
            | "billion"
            | "billions"
            | "trillion"
            | "trillions"
            | "half"
            | "twice"
            | "double"
            | "doubled"
            | "triple"
            | "tripled"
            | "percent"
            | "dozen"
            | "dozens"
    )
}

/// Comparison and change words: what a figure-free factual claim turns on.
fn is_comparative(w: &str) -> bool {
    matches!(
        w,
        "more"
            | "less"
            | "fewer"
            | "most"
            | "least"
            | "highest"
            | "lowest"
            | "largest"
            | "biggest"
            | "smallest"
            | "increase"
            | "increased"
            | "decrease"
            | "decreased"
            | "rise"
            | "rose"
            | "fell"
            | "fallen"
            | "cut"
            | "cuts"
            | "raised"
            | "lowered"
            | "record"
            | "than"
            | "only"
            | "every"
            | "never"
            | "first"
            | "last"
    )
}

/// Promise and future words: a pledge is rarely check-worthy.
fn is_future(w: &str) -> bool {
    matches!(
        w,
        "will" | "'ll" | "gonna" | "going" | "would" | "should" | "must"
    )
}

/// First-person plural: "we took away", "our economy".
fn is_we(w: &str) -> bool {
    matches!(w, "we" | "our" | "us" | "we've" | "we're" | "we'll")
}

/// First-person singular opinion verbs ("I think").
fn is_opinion_verb(w: &str) -> bool {
    matches!(
        w,
        "think" | "believe" | "feel" | "hope" | "want" | "love" | "like" | "thank"
    )
}

/// Money words.
fn is_money(w: &str) -> bool {
    matches!(
        w,
        "$" | "€"
            | "£"
            | "dollar"
            | "dollars"
            | "tax"
            | "taxes"
            | "budget"
            | "deficit"
            | "debt"
            | "jobs"
            | "spending"
            | "billion"
            | "trillion"
    )
}

/// The words of a sentence, lowercase with digits folded to `0` (so
/// "3.5%" and "4.2%" share their shape), in one buffer: `" w1 w2 … wn "`,
/// with the byte range of each word. Words are alphanumeric runs with
/// inner apostrophes, and dots and commas between digits, kept ("don't",
/// "0.0", "0,000"); "%", "$", "€", "£" and "?" are words of their own.
struct Words {
    buf: String,
    spans: Vec<(usize, usize)>,
}

impl Words {
    fn of(text: &str) -> Words {
        let mut buf = String::with_capacity(text.len() + 2);
        let mut spans = Vec::with_capacity(text.len() / 4 + 1);
        buf.push(' ');
        let mut start: Option<usize> = None;
        let mut chars = text.chars().peekable();
        let mut last_digit = false;
        while let Some(c) = chars.next() {
            let next_alnum = chars.peek().is_some_and(|n| n.is_alphanumeric());
            let inner = start.is_some()
                && next_alnum
                && match c {
                    '\'' | '’' => true,
                    '.' | ',' => last_digit,
                    _ => false,
                };
            if c.is_alphanumeric() || inner {
                if start.is_none() {
                    start = Some(buf.len());
                }
                last_digit = c.is_ascii_digit();
                if c.is_ascii_digit() {
                    buf.push('0');
                } else if c == '’' {
                    buf.push('\'');
                } else if c.is_ascii() {
                    buf.push(c.to_ascii_lowercase());
                } else {
                    buf.extend(c.to_lowercase());
                }
            } else {
                if let Some(a) = start.take() {
                    spans.push((a, buf.len()));
                    buf.push(' ');
                }
                if matches!(c, '%' | '$' | '€' | '£' | '?') {
                    let a = buf.len();
                    buf.push(c);
                    spans.push((a, buf.len()));
                    buf.push(' ');
                }
            }
        }
        if let Some(a) = start {
            spans.push((a, buf.len()));
            buf.push(' ');
        }
        Words { buf, spans }
    }

    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|&(a, b)| self.buf.get(a..b).unwrap_or(""))
    }

    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// The structural features of a sentence, by name.
fn structure(text: &str, ws: &Words) -> Vec<&'static str> {
    let mut f = Vec::new();
    let mut flags = [false; 6];
    let mut past = false;
    for w in ws.iter() {
        flags[0] |= w == "%" || w == "percent";
        flags[1] |= is_money(w);
        flags[2] |= is_number_word(w);
        flags[3] |= is_comparative(w);
        flags[4] |= is_future(w);
        flags[5] |= is_we(w);
        past |= w.ends_with("ed");
    }
    if text.bytes().any(|c| c.is_ascii_digit()) {
        f.push("digit");
    }
    let names = [
        "percent",
        "money",
        "number-word",
        "comparative",
        "future",
        "we",
    ];
    for (on, name) in flags.iter().zip(names) {
        if *on {
            f.push(name);
        }
    }
    if text
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")))
    {
        f.push("year");
    }
    if flags[5] && past {
        f.push("we+past");
    }
    let mut it = ws.iter();
    if it.next() == Some("i") && it.next().is_some_and(is_opinion_verb) {
        f.push("i-opinion");
    }
    if text.trim_end().ends_with('?') {
        f.push("question");
    }
    f.push(match ws.len() {
        0..=3 => "len:1-3",
        4..=6 => "len:4-6",
        7..=10 => "len:7-10",
        11..=15 => "len:11-15",
        16..=25 => "len:16-25",
        _ => "len:26+",
    });
    f
}

/// Calls `emit` with the hash of every feature of `text` with `signals`
/// (a feature may repeat: repeats count, as term frequency): word 1- and
/// 2-grams, character 3–5-grams of the padded word buffer (one pass, each
/// start extended to 5), structure, signals. Linear in the text.
fn visit(text: &str, signals: &Signals, mut emit: impl FnMut(u64)) {
    let ws = Words::of(text);
    emit(finish(family(b'b'), 0));
    let (fw, f2) = (family(b'w'), family(b'2'));
    let mut prev = fnv_more(f2, b"<s>");
    for w in ws.iter() {
        emit(finish(fnv_more(fw, w.as_bytes()), 1));
        emit(finish(fnv_more(prev, w.as_bytes()), 2));
        prev = fnv_more(f2, w.as_bytes());
        prev = fnv_more(prev, &[0xff]);
    }
    emit(finish(fnv_more(prev, b"</s>"), 2));
    // Character n-grams: the buffer's char starts, then each start
    // extended one char at a time, emitting at lengths 3, 4 and 5.
    let buf = ws.buf.as_bytes();
    let starts: Vec<usize> = ws.buf.char_indices().map(|(i, _)| i).collect();
    let fc = family(b'c');
    for i in 0..starts.len() {
        let mut h = fc;
        for n in 1..=5usize {
            let Some(&a) = starts.get(i + n - 1) else {
                break;
            };
            let b = starts.get(i + n).copied().unwrap_or(buf.len());
            h = fnv_more(h, buf.get(a..b).unwrap_or(&[]));
            if n >= 3 {
                emit(finish(h, 10 + n as u64));
            }
        }
    }
    let fs = family(b's');
    for s in structure(text, &ws) {
        emit(finish(fnv_more(fs, s.as_bytes()), 0));
    }
    let fp = family(b'p');
    for i in signals.active() {
        if let Some(name) = SIGNAL_NAMES.get(i) {
            emit(finish(fnv_more(fp, name.as_bytes()), 0));
        }
    }
}

/// The sparse features of `text` with `signals`, hashed into `buckets`
/// (a power of two). The training example and the scorer share [`visit`],
/// so what is trained is what is scored.
pub fn features(text: &str, signals: &Signals, buckets: u32) -> Features {
    let mask = u64::from(buckets.max(1).next_power_of_two() - 1);
    let mut ids: Vec<u32> = Vec::with_capacity(text.len() * 3 + 32);
    visit(text, signals, |h| ids.push((h & mask) as u32));
    Features { ids }
}

/// The dense signal vector of the signal model, in [`SIGNAL_NAMES`] order.
pub fn signal_vector(signals: &Signals) -> Vec<f32> {
    let mut v = vec![0.0; SIGNAL_NAMES.len()];
    for i in signals.active() {
        if let Some(x) = v.get_mut(i) {
            *x = 1.0;
        }
    }
    v
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// A weights file, parsed: its header and both models.
#[derive(Debug, Clone)]
pub struct Model {
    /// The header lines ("key: value"), in file order.
    pub header: Vec<(String, String)>,
    /// Buckets of the full model (a power of two).
    pub buckets: u32,
    /// Scale of the quantised full-model weights.
    pub scale: f32,
    /// Quantised full-model weights, one per bucket.
    pub weights: Vec<i16>,
    /// Bias and weights of the signal model, in [`SIGNAL_NAMES`] order.
    pub signal_bias: f32,
    /// Weights of the signal model.
    pub signal_weights: Vec<f32>,
    /// Decision threshold of the full model, tuned on dev.
    pub threshold: f32,
    /// Decision threshold of the signal model, tuned on dev.
    pub signal_threshold: f32,
}

/// The first line of every weights file.
pub const MAGIC: &str = "factdesk check-worthiness weights v1";

/// The line that ends the header; the binary models follow it.
const END: &str = "end-of-header";

/// Why a weights file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "check-worthiness weights: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

impl Model {
    /// Parses a weights file: the magic line, "key: value" lines up to
    /// `end-of-header`, then little-endian `u32` buckets, `f32` scale,
    /// `i16` × buckets, `u32` signal count, `f32` bias, `f32` × count.
    pub fn parse(bytes: &[u8]) -> Result<Model, ModelError> {
        let err = |m: &str| ModelError(m.to_string());
        let marker = format!("\n{END}\n");
        let at = bytes
            .windows(marker.len())
            .position(|w| w == marker.as_bytes())
            .ok_or_else(|| err("no end-of-header line"))?;
        let head = std::str::from_utf8(&bytes[..at]).map_err(|_| err("header is not UTF-8"))?;
        let mut lines = head.lines();
        if lines.next() != Some(MAGIC) {
            return Err(err("not a weights file (first line)"));
        }
        let header: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let get = |k: &str| {
            header
                .iter()
                .find(|(hk, _)| hk == k)
                .and_then(|(_, v)| v.split_whitespace().next())
                .and_then(|v| v.parse::<f32>().ok())
        };
        let threshold = get("threshold").ok_or_else(|| err("no threshold"))?;
        let signal_threshold = get("signal-threshold").ok_or_else(|| err("no signal-threshold"))?;
        let mut r = Reader {
            b: &bytes[at + marker.len()..],
        };
        let buckets = r.u32().ok_or_else(|| err("truncated (buckets)"))?;
        if !buckets.is_power_of_two() {
            return Err(err("buckets is not a power of two"));
        }
        let scale = r.f32().ok_or_else(|| err("truncated (scale)"))?;
        let weights = (0..buckets)
            .map(|_| r.i16())
            .collect::<Option<Vec<i16>>>()
            .ok_or_else(|| err("truncated (weights)"))?;
        let n = r.u32().ok_or_else(|| err("truncated (signal count)"))? as usize;
        if n != SIGNAL_NAMES.len() {
            return Err(err("signal count differs from this build's signals"));
        }
        let signal_bias = r.f32().ok_or_else(|| err("truncated (signal bias)"))?;
        let signal_weights = (0..n)
            .map(|_| r.f32())
            .collect::<Option<Vec<f32>>>()
            .ok_or_else(|| err("truncated (signal weights)"))?;
        if !r.b.is_empty() {
            return Err(err("trailing bytes"));
        }
        Ok(Model {
            header,
            buckets,
            scale,
            weights,
            signal_bias,
            signal_weights,
            threshold,
            signal_threshold,
        })
    }

    /// The file form of the model: header lines, then the binary part.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() * 2 + 4096);
        out.extend_from_slice(MAGIC.as_bytes());
        out.push(b'\n');
        for (k, v) in &self.header {
            out.extend_from_slice(format!("{k}: {v}\n").as_bytes());
        }
        out.extend_from_slice(END.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&self.buckets.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend_from_slice(&(self.signal_weights.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.signal_bias.to_le_bytes());
        for w in &self.signal_weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The header value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The full model's probability for `text` with `signals`.
    pub fn full(&self, text: &str, signals: &Signals) -> f32 {
        // Summed as the features are made: no feature vector is built.
        let mask = u64::from(self.buckets - 1);
        let (mut sum, mut n) = (0i64, 0u32);
        visit(text, signals, |h| {
            let w = self.weights.get((h & mask) as usize).copied().unwrap_or(0);
            sum += i64::from(w);
            n += 1;
        });
        if n == 0 {
            return 0.5;
        }
        sigmoid(sum as f32 * self.scale / (n as f32).sqrt())
    }

    /// The signal model's probability for `signals`.
    pub fn signal(&self, signals: &Signals) -> f32 {
        let z = signal_vector(signals)
            .iter()
            .zip(&self.signal_weights)
            .map(|(x, w)| x * w)
            .sum::<f32>()
            + self.signal_bias;
        sigmoid(z)
    }

    /// The check-worthiness of a sentence, calibrated so that 0.5 is the
    /// tuned threshold: the full model's probability for English (or
    /// undetected) text, the signal model's otherwise, each mapped
    /// piecewise-linearly so its threshold lands on 0.5.
    pub fn score(&self, text: &str, signals: &Signals, english: bool) -> f32 {
        let learned = if english {
            recentre(self.full(text, signals), self.threshold)
        } else {
            recentre(self.signal(signals), self.signal_threshold)
        };
        combine(learned, signals)
    }
}

/// The proposer's prior for a sentence: a figure, a quotation, an
/// attributed statement or a dated comparison with the past is what a
/// desk checks in news copy whatever the words around it, and the debate
/// transcripts the model learned from rarely show such cues, so the
/// learned score alone would under-rate them in an article.
pub fn prior(signals: &Signals) -> f32 {
    match signals.kind {
        Some(
            ClaimKind::Statistic
            | ClaimKind::Quote
            | ClaimKind::AttributedStatement
            | ClaimKind::Historical,
        ) => 0.5,
        _ => 0.0,
    }
}

/// The learned score combined with the proposer's [`prior`] as a
/// noisy-or, `1 - (1 - learned)(1 - prior)`: a cue alone reaches the
/// threshold, and the learned score still orders what it lets through.
pub fn combine(learned: f32, signals: &Signals) -> f32 {
    1.0 - (1.0 - learned) * (1.0 - prior(signals))
}

/// Maps `p` so that `t` becomes 0.5, keeping 0 and 1: [0, t] → [0, 0.5],
/// [t, 1] → [0.5, 1].
pub fn recentre(p: f32, t: f32) -> f32 {
    let t = t.clamp(1e-3, 1.0 - 1e-3);
    let p = p.clamp(0.0, 1.0);
    if p <= t {
        0.5 * p / t
    } else {
        0.5 + 0.5 * (p - t) / (1.0 - t)
    }
}

/// The score at and above which a sentence is proposed: every model's
/// tuned threshold maps to it (see [`Model::score`]).
pub const THRESHOLD: f32 = 0.5;

/// Little-endian reads from a byte slice.
struct Reader<'a> {
    b: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.b.split_first_chunk::<N>()?;
        self.b = rest;
        Some(*head)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn f32(&mut self) -> Option<f32> {
        self.take::<4>().map(f32::from_le_bytes)
    }
    fn i16(&mut self) -> Option<i16> {
        self.take::<2>().map(i16::from_le_bytes)
    }
}

/// The compiled-in model, parsed once. `None` only if the compiled-in file
/// is malformed, which the unit test `bundled_weights_parse` rules out.
pub fn model() -> Option<&'static Model> {
    static MODEL: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| Model::parse(WEIGHTS).ok()).as_ref()
}

/// The check-worthiness of a sentence in 0..=1 (0.5 is the tuned
/// threshold; see [`THRESHOLD`]).
pub fn score(text: &str, signals: &Signals, english: bool) -> f32 {
    model().map_or(0.0, |m| m.score(text, signals, english))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_weights_parse_and_name_their_data() {
        let m = Model::parse(WEIGHTS).expect("bundled weights parse");
        assert!(m.buckets.is_power_of_two());
        assert_eq!(m.weights.len(), m.buckets as usize);
        let data: Vec<&str> = m
            .header
            .iter()
            .filter(|(k, _)| k == "data")
            .map(|(_, v)| v.as_str())
            .collect();
        assert!(
            data.iter()
                .any(|d| d.contains("CT24_checkworthy_english_train.tsv") && d.contains("sha256=")),
            "{data:?}"
        );
        for key in [
            "command",
            "hyper-parameters",
            "date",
            "licence",
            "dev",
            "dev-test",
        ] {
            assert!(m.get(key).is_some(), "header lacks {key}");
        }
        assert!(m.threshold > 0.0 && m.threshold < 1.0);
        // Round trip: what the training writes is what the scorer reads.
        let again = Model::parse(&m.to_bytes()).expect("round trip");
        assert_eq!(again.weights, m.weights);
        assert_eq!(again.header, m.header);
    }

    #[test]
    fn malformed_weights_are_refused() {
        assert!(Model::parse(b"hello").is_err());
        let m = Model::parse(WEIGHTS).expect("bundled weights parse");
        let mut b = m.to_bytes();
        b.truncate(b.len() - 3);
        assert!(Model::parse(&b).is_err());
    }

    fn s(text: &str) -> f32 {
        score(text, &Signals::default(), true)
    }

    #[test]
    fn figures_score_above_pleasantries() {
        let fact = s("Unemployment fell to 3.5% last year.");
        let thanks = s("Thank you all for coming.");
        assert!(fact > thanks, "{fact} vs {thanks}");
        assert!(fact >= THRESHOLD, "{fact}");
        assert!(thanks < THRESHOLD, "{thanks}");
    }

    #[test]
    fn factual_past_outranks_promise() {
        let done = s("We cut taxes for 95 percent of working families.");
        let promise = s("We will bring our cities back.");
        assert!(done > promise, "{done} vs {promise}");
    }

    #[test]
    fn number_words_count_as_figures() {
        let ws = Words::of("Only four people, 1,000 jobs and 3.5% growth in 2019.");
        let all: Vec<&str> = ws.iter().collect();
        assert_eq!(
            all,
            [
                "only", "four", "people", "0,000", "jobs", "and", "0.0", "%", "growth", "in",
                "0000"
            ]
        );
        let st = structure("Only four people.", &Words::of("Only four people."));
        assert!(st.contains(&"number-word"));
        let st = structure("We cut taxes in 1999.", &Words::of("We cut taxes in 1999."));
        for f in ["digit", "year", "money", "comparative", "we"] {
            assert!(st.contains(&f), "{f} in {st:?}");
        }
    }

    #[test]
    fn features_are_deterministic_and_bounded() {
        let sig = Signals {
            quantity: true,
            kind: Some(ClaimKind::Statistic),
            ..Signals::default()
        };
        let a = features("Prices rose 7% in 2022.", &sig, 1 << 10);
        let b = features("Prices rose 7% in 2022.", &sig, 1 << 10);
        assert_eq!(a.ids, b.ids);
        assert!(a.ids.iter().all(|&i| i < 1 << 10));
        assert!(!a.ids.is_empty());
        let plain = features("Prices rose 7% in 2022.", &Signals::default(), 1 << 10);
        assert_ne!(a.ids, plain.ids, "signals change the features");
    }

    #[test]
    fn recentre_maps_threshold_to_half() {
        assert!((recentre(0.3, 0.3) - 0.5).abs() < 1e-6);
        assert_eq!(recentre(0.0, 0.3), 0.0);
        assert!((recentre(1.0, 0.3) - 1.0).abs() < 1e-6);
        assert!(recentre(0.2, 0.3) < 0.5 && recentre(0.4, 0.3) > 0.5);
    }
}
