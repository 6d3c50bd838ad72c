//! The bilingual news lexicon (`lexicon.tsv`, written for factdesk), stop
//! words, and light stemmers for English and Indonesian: a word of either
//! language maps to a concept shared by both, so `menolak` and `rejected`
//! meet on one term.
//!
//! `lexicon.tsv`: one concept a line, English forms, a tab, Indonesian
//! forms; forms are comma-separated, a form may be two words
//! (`united states`). `#` starts a comment line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

const LEXICON: &str = include_str!("lexicon.tsv");

/// Words that carry no claim: both languages, plus reporting verbs and
/// sentence openers that would otherwise pass for names.
const STOP: &[&str] = &[
    // English
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "for",
    "from",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "later",
    "like",
    "meanwhile",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "nd",
    "of",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "pm",
    "rd",
    "reportedly",
    "s",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "st",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "th",
    "this",
    "those",
    "through",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "according",
    "amid",
    "among",
    "around",
    "claimed",
    "claims",
    "claim",
    "stated",
    "states",
    "added",
    "noted",
    // Indonesian
    "ada",
    "adalah",
    "agar",
    "akan",
    "aku",
    "anda",
    "antara",
    "apa",
    "atas",
    "atau",
    "bagi",
    "bahkan",
    "bahwa",
    "banyak",
    "begitu",
    "belum",
    "beliau",
    "berdasarkan",
    "bisa",
    "dalam",
    "dan",
    "dapat",
    "dari",
    "demikian",
    "dengan",
    "di",
    "dia",
    "diri",
    "hal",
    "hanya",
    "harus",
    "ia",
    "ialah",
    "ini",
    "itu",
    "jika",
    "juga",
    "kami",
    "kamu",
    "kata",
    "katanya",
    "ke",
    "kepada",
    "ketika",
    "kini",
    "kita",
    "lagi",
    "lain",
    "lalu",
    "maka",
    "mengatakan",
    "menurut",
    "menyatakan",
    "mereka",
    "namun",
    "nya",
    "oleh",
    "pada",
    "para",
    "pihak",
    "pihaknya",
    "pula",
    "pun",
    "saat",
    "sang",
    "saja",
    "sebagai",
    "sebelum",
    "sedang",
    "sedangkan",
    "sejak",
    "selain",
    "seluruh",
    "semua",
    "sementara",
    "seorang",
    "seperti",
    "serta",
    "setelah",
    "si",
    "sudah",
    "supaya",
    "tak",
    "tapi",
    "telah",
    "tentang",
    "tersebut",
    "tetapi",
    "untuk",
    "yaitu",
    "yakni",
    "yang",
    "disebut",
    "disebutnya",
    "ujar",
    "ungkap",
    "jelas",
    "tutur",
    "sebut",
    "wib",
    "wita",
    "wit",
    "pukul",
    "jam",
    "sekitar",
    "hampir",
    "lebih",
    "kurang",
    "sebanyak",
    "sebesar",
    "mencapai",
    "pagi",
    "malam",
    "sore",
    "siang",
    "hari",
    "day",
    "days",
    "tanggal",
    "sekali",
    "begitu",
    "itulah",
    "inilah",
    "hingga",
];

/// True for a stop word of either language.
pub fn is_stop(lower: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(lower)
}

/// English light stemmer: plural, past, gerund, adverb and final `e`
/// off (`rejected`, `rejects`, `rejecting` → `reject`; `denied`, `denies`
/// → `deny`; `agreed`, `agree` → `agre`).
pub fn en_stem(w: &str) -> String {
    let mut s = w.to_string();
    let n = s.len();
    // A final `e` goes unless `-ed`/`-ing` took the word's end already.
    let mut final_e = true;
    if n > 4 && (s.ends_with("ies") || s.ends_with("ied")) {
        s.truncate(n - 3);
        s.push('y');
    } else if n > 4 && s.ends_with("sses") {
        s.truncate(n - 2);
    } else if n > 5 && s.ends_with("ing") {
        s.truncate(n - 3);
        undouble(&mut s);
        final_e = false;
    } else if n > 4 && s.ends_with("ed") {
        s.truncate(n - 2);
        undouble(&mut s);
        final_e = false;
    } else if n > 3
        && s.ends_with('s')
        && !s.ends_with("ss")
        && !s.ends_with("us")
        && !s.ends_with("is")
    {
        s.truncate(n - 1);
    } else if n > 5 && s.ends_with("ly") {
        s.truncate(n - 2);
    }
    if final_e && s.len() > 3 && s.ends_with('e') {
        s.truncate(s.len() - 1);
    }
    s
}

fn undouble(s: &mut String) {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 3 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e' | b'o') {
        s.truncate(n - 1);
    }
}

fn vowel(c: Option<char>) -> bool {
    matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u'))
}

/// Indonesian stem candidates, the word itself first, then with particles,
/// suffixes (`-kan`, `-an`, `-i`) and prefixes (`me-`, `mem-`, `men-`,
/// `meng-`, `meny-`, `di-`, `ber-`, `ter-`, `pe-`, `per-`, `ke-`, `se-`)
/// off, with the nasal's lost first letter restored (`menolak` → `tolak`,
/// `menyerang` → `serang`, `memukul` → `pukul`, `mengirim` → `kirim`).
pub fn id_candidates(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let mut bases = vec![w.to_string()];
    for p in ["nya", "lah", "kah", "pun", "ku", "mu"] {
        if w.len() > p.len() + 3 {
            if let Some(b) = w.strip_suffix(p) {
                bases.push(b.to_string());
            }
        }
    }
    let mut suffixed = Vec::new();
    for b in &bases {
        suffixed.push(b.clone());
        for s in ["kan", "an", "i"] {
            if b.len() > s.len() + 3 {
                if let Some(r) = b.strip_suffix(s) {
                    suffixed.push(r.to_string());
                }
            }
        }
    }
    for s in &suffixed {
        push(&mut out, s);
        for p in prefix_off(s) {
            push(&mut out, &p);
            for q in prefix_off(&p) {
                push(&mut out, &q);
            }
        }
    }
    out
}

fn push(out: &mut Vec<String>, s: &str) {
    if s.len() >= 3 && !out.iter().any(|o| o == s) {
        out.push(s.to_string());
    }
}

/// The word with one prefix off, each possible restoration.
fn prefix_off(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    let first = |r: &str| r.chars().next();
    for (nasal, lost) in [
        ("meny", "s"),
        ("peny", "s"),
        ("meng", "k"),
        ("peng", "k"),
        ("mem", "p"),
        ("pem", "p"),
        ("men", "t"),
        ("pen", "t"),
    ] {
        if let Some(r) = w.strip_prefix(nasal) {
            if vowel(first(r)) {
                out.push(format!("{lost}{r}"));
            }
            out.push(r.to_string());
            return out;
        }
    }
    for p in [
        "memper", "diper", "ber", "ter", "per", "me", "di", "pe", "ke", "se", "be",
    ] {
        if let Some(r) = w.strip_prefix(p) {
            if r.len() >= 3 {
                out.push(r.to_string());
            }
        }
    }
    out
}

/// The loaded lexicon: every form (and stem) to its concept id.
struct Lexicon {
    words: HashMap<String, u32>,
    /// Forms of two or three words, `first second` → concept.
    pairs: HashMap<String, u32>,
    /// The first words of those forms: most words start none, and need
    /// no joined lookup.
    starts: std::collections::HashSet<String>,
    concepts: usize,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words = HashMap::new();
        let mut pairs = HashMap::new();
        let mut starts = std::collections::HashSet::new();
        let mut concepts = 0;
        for line in LEXICON.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((en, id)) = line.split_once('\t') else {
                continue;
            };
            // The concept's id: a hash of its first English form, so
            // reordering the file keeps stored ids.
            let key = en.split(',').next().unwrap_or(en).trim();
            let c = super::hash_str(&format!("c:{key}"));
            concepts += 1;
            for (form, english) in en
                .split(',')
                .map(|f| (f, true))
                .chain(id.split(',').map(|f| (f, false)))
            {
                let form = form.trim().to_lowercase();
                if form.is_empty() {
                    continue;
                }
                if form.contains(' ') {
                    starts.insert(form.split(' ').next().unwrap_or("").to_string());
                    pairs.entry(form).or_insert(c);
                    continue;
                }
                if english {
                    words.entry(en_stem(&form)).or_insert(c);
                }
                words.entry(form).or_insert(c);
            }
        }
        Lexicon {
            words,
            pairs,
            starts,
            concepts,
        }
    })
}

/// Number of concepts in the lexicon.
pub fn concept_count() -> usize {
    lexicon().concepts
}

/// The concept of a two-word form (`amerika serikat`, `united states`).
pub fn pair_concept(first: &str, second: &str) -> Option<u32> {
    lexicon().pairs.get(&format!("{first} {second}")).copied()
}

/// The concept of a form of several words at the front of `words`
/// (three words tried before two), and how many words it takes.
pub fn phrase_concept(words: &[&str]) -> Option<(u32, usize)> {
    let lex = lexicon();
    if !words.first().is_some_and(|w| lex.starts.contains(*w)) {
        return None;
    }
    (2..=3.min(words.len()))
        .rev()
        .find_map(|n| lex.pairs.get(&words[..n].join(" ")).map(|&c| (c, n)))
}

/// Words already looked up on this thread, with their concept: the same
/// words recur across claims, and the stem candidates are the costly part.
/// Cleared when it grows past [`MEMO_MAX`].
const MEMO_MAX: usize = 200_000;

thread_local! {
    static CONCEPTS: RefCell<HashMap<String, Option<u32>>> = RefCell::new(HashMap::new());
    static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// `f(key)`, remembered in `memo`.
fn memo<V: Clone>(
    memo: &'static std::thread::LocalKey<RefCell<HashMap<String, V>>>,
    key: &str,
    f: impl FnOnce(&str) -> V,
) -> V {
    memo.with(|m| {
        if let Some(v) = m.borrow().get(key) {
            return v.clone();
        }
        let v = f(key);
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_MAX {
            m.clear();
        }
        m.insert(key.to_string(), v.clone());
        v
    })
}

/// The concept a word belongs to, in either language.
pub fn concept(lower: &str) -> Option<u32> {
    memo(&CONCEPTS, lower, lookup)
}

/// [`concept`] of a word written with a capital: remembered only when
/// found, so the many names that occur once do not crowd out the words
/// that recur.
pub fn concept_of_capitalised(lower: &str) -> Option<u32> {
    let known = CONCEPTS.with(|m| m.borrow().get(lower).copied());
    if let Some(c) = known {
        return c;
    }
    let c = lookup(lower);
    if c.is_some() {
        return concept(lower);
    }
    c
}

fn lookup(lower: &str) -> Option<u32> {
    let lex = lexicon();
    if let Some(&c) = lex.words.get(lower) {
        return Some(c);
    }
    if let Some(&c) = lex.words.get(&en_stem(lower)) {
        return Some(c);
    }
    id_candidates(lower)
        .iter()
        .skip(1)
        .find_map(|s| lex.words.get(s).copied())
}

/// The stem of a word outside the lexicon, for matching within one
/// language: English by [`en_stem`], Indonesian by its most stripped
/// candidate of at least four letters.
pub fn stem(lower: &str, indonesian: bool) -> String {
    if indonesian {
        memo(&STEMS, lower, |w| {
            id_candidates(w)
                .into_iter()
                .rev()
                .find(|s| s.len() >= 4)
                .unwrap_or_else(|| w.to_string())
        })
    } else {
        en_stem(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_stems_meet() {
        for w in ["rejected", "rejects", "rejecting", "reject"] {
            assert_eq!(en_stem(w), "reject", "{w}");
        }
        assert_eq!(en_stem("denied"), en_stem("denies"));
        assert_eq!(en_stem("agreed"), en_stem("agree"));
        assert_eq!(en_stem("stopped"), "stop");
        assert_eq!(en_stem("fired"), en_stem("fire"));
        assert_eq!(en_stem("rates"), en_stem("rate"));
    }

    #[test]
    fn indonesian_affixes_come_off() {
        let has = |w: &str, root: &str| id_candidates(w).iter().any(|c| c == root);
        assert!(has("menolak", "tolak"));
        assert!(has("menyerang", "serang"));
        assert!(has("serangan", "serang"));
        assert!(has("memukul", "pukul"));
        assert!(has("mengirimkan", "kirim"));
        assert!(has("membantu", "bantu"));
        assert!(has("ditolak", "tolak"));
        assert!(has("pemerintahnya", "perintah"));
        assert!(has("bertemu", "temu"));
        assert!(has("diperpanjang", "panjang"));
    }

    #[test]
    fn both_languages_reach_one_concept() {
        let same = |a: &str, b: &str| {
            let (x, y) = (concept(a), concept(b));
            assert!(x.is_some() && x == y, "{a} {x:?} vs {b} {y:?}");
        };
        same("menolak", "rejected");
        same("ditolak", "denies");
        same("pemerintah", "government");
        same("serangan", "attack");
        same("menyerang", "strikes");
        same("pemilihan", "election");
        same("menteri", "ministers");
        assert_eq!(
            pair_concept("amerika", "serikat"),
            pair_concept("united", "states")
        );
        assert!(pair_concept("amerika", "serikat").is_some());
        assert!(concept_count() >= 400, "{}", concept_count());
        assert_ne!(concept("pemerintah"), concept("menteri"));
    }
}
