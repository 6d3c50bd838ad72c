//! Word lists for English and Indonesian, kept in one place so tuning the
//! proposer is a matter of editing data, not control flow.
//!
//! All lists are lowercase unless noted; comparisons go through
//! [`eq_ci`] / [`in_list`], which fold ASCII case only (cheap, no allocation).

/// Compares two words ignoring ASCII case.
pub fn eq_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// True when `word` (any ASCII case) is in `list`.
pub fn in_list(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| eq_ci(w, word))
}

/// True when `hay` starts with `prefix`, ignoring ASCII case.
pub fn starts_with_ci(hay: &str, prefix: &str) -> bool {
    hay.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

/// Finds `needle` (lowercase ASCII expected) in `hay` ignoring ASCII case;
/// returns the byte offset. Linear in `hay` times `needle` length, which is
/// short.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || n.len() > h.len() {
        return None;
    }
    let first = n.first()?.to_ascii_lowercase();
    (0..=h.len() - n.len()).find(|&i| {
        h.get(i).is_some_and(|b| b.to_ascii_lowercase() == first)
            && hay.is_char_boundary(i)
            && h.get(i..i + n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// English stopwords used for language detection.
pub const STOP_EN: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "that", "said", "for", "was", "on", "with", "it", "as",
    "by", "has", "have", "are", "were", "had", "from",
];

/// Indonesian stopwords used for language detection.
pub const STOP_ID: &[&str] = &[
    "yang", "dan", "di", "dengan", "untuk", "tidak", "ini", "itu", "dari", "dalam", "akan", "pada",
    "telah", "ke", "oleh", "juga", "bahwa", "kata", "mereka", "sebagai",
];

/// Title and rank abbreviations that never end a sentence ("Dr. Smith").
pub const ABBR_TITLE: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "cpt", "sgt", "maj", "cpl", "adm",
    "rep", "sen", "gov", "pres", "st", "no", "nos", "jl", "jln", "bpk", "sdr", "hj", "ir", "drs",
    "dra", "kol", "letkol", "brigjen", "mayjen", "letjen", "jend", "kapt", "kompol", "akbp", "pol",
    "ny", "tn", "mt", "ft", "vs", "cf", "approx", "fig", "vol", "tel", "rt", "rw", "kab", "kec",
    "kel", "prov", "gg", "komjen", "irjen", "brig", "supt", "insp", "det", "rev", "hon", "mgr",
    "rp", "op", "pp", "ph", "sr", "jr", "messrs", "mmes", "u", "h",
];

/// Abbreviations that may end a sentence: they do when followed by a
/// capitalised word ("… etc. The …").
pub const ABBR_MAY_END: &[&str] = &[
    "etc", "dll", "dsb", "dst", "inc", "ltd", "co", "corp", "bros", "plc", "tbk", "llc",
];

/// Month abbreviations ("Nov. 5").
pub const ABBR_MONTH: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "agu", "agt", "sep", "sept", "oct", "okt",
    "nov", "dec", "des",
];

/// Words that typically start a sentence; after an ambiguous abbreviation
/// ("U.S.", "J.") such a word means the sentence did end.
pub const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "in",
    "on",
    "at",
    "however",
    "meanwhile",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "yet",
    "so",
    "some",
    "many",
    "most",
    "ini",
    "itu",
    "hal",
    "namun",
    "sementara",
    "dia",
    "ia",
    "mereka",
    "kami",
    "pada",
    "dalam",
    "sebelumnya",
    "selain",
    "menurut",
    "para",
    "sejumlah",
    "untuk",
    "dengan",
    "adapun",
    "kemudian",
    "tetapi",
    "tapi",
    "meski",
    "jika",
    "saat",
    "setelah",
    "sebelum",
    "karena",
    "oleh",
];

/// Full month names, English and Indonesian, with their month number.
pub const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("januari", 1),
    ("february", 2),
    ("februari", 2),
    ("pebruari", 2),
    ("march", 3),
    ("maret", 3),
    ("april", 4),
    ("may", 5),
    ("mei", 5),
    ("june", 6),
    ("juni", 6),
    ("july", 7),
    ("juli", 7),
    ("august", 8),
    ("agustus", 8),
    ("september", 9),
    ("october", 10),
    ("oktober", 10),
    ("november", 11),
    ("nopember", 11),
    ("december", 12),
    ("desember", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("agu", 8),
    ("agt", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("des", 12),
];

/// Looks a month name or abbreviation up (a trailing '.' is ignored).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.strip_suffix('.').unwrap_or(word);
    MONTHS
        .iter()
        .find(|(name, _)| eq_ci(name, w))
        .map(|(_, n)| *n)
}

/// Line prefixes that mark page furniture (compared case-insensitively).
pub const FURNITURE_PREFIXES: &[&str] = &[
    "follow us",
    "ikuti kami",
    "share",
    "bagikan",
    "baca juga",
    "baca selengkapnya",
    "read more",
    "read also",
    "see also",
    "related",
    "berita terkait",
    "lihat juga",
    "simak juga",
    "simak video",
    "tonton juga",
    "advertisement",
    "iklan",
    "scroll to continue",
    "editor:",
    "editor :",
    "editing by",
    "reporting by",
    "additional reporting",
    "(reporting by",
    "(additional reporting",
    "writing by",
    "compiled by",
    "penulis:",
    "penulis :",
    "pewarta:",
    "pewarta :",
    "redaktur:",
    "redaktur :",
    "reporter:",
    "reporter :",
    "sumber:",
    "sumber :",
    "source:",
    "copyright",
    "hak cipta",
    "all rights reserved",
    "our standards",
    "subscribe",
    "sign up",
    "tags:",
    "tag:",
    "topik:",
    "comments",
    "komentar",
    "click here",
    "klik di sini",
    "foto:",
    "foto :",
    "photo:",
    "photo :",
    "image:",
    "gambar:",
    "credit:",
    "video:",
    "download",
    "unduh",
    "get the app",
    "artikel ini telah tayang",
    "this article",
];

/// Markers that start a photo credit at the end of a caption line.
/// Case-sensitive where the casing is the signal ("REUTERS/").
pub const CREDIT_MARKERS: &[&str] = &[
    "Foto:",
    "FOTO:",
    "Foto :",
    "Photo:",
    "PHOTO:",
    "Photo :",
    "Image:",
    "Credit:",
    "Sumber foto:",
    "REUTERS/",
    "(Reuters/",
    "(REUTERS/",
    "AP Photo/",
    "(AP Photo",
    "AFP/",
    "(AFP/",
    "ANTARA FOTO/",
    "(ANTARA/",
    "ANTARA/",
    "Getty Images",
    "EPA/",
    "(EPA",
    "Xinhua/",
];

/// News agencies recognised in datelines, credits and caveats, with their
/// spelling variants (matched case-sensitively: "AP" must not match "ap").
pub const AGENCIES: &[(&str, &[&str])] = &[
    ("Reuters", &["Reuters", "REUTERS"]),
    ("AP", &["AP", "Associated Press"]),
    (
        "AFP",
        &["AFP", "Agence France-Presse", "Agence France Presse"],
    ),
    ("Antara", &["Antara", "ANTARA", "Antara News"]),
    ("Bloomberg", &["Bloomberg"]),
    ("dpa", &["dpa", "DPA"]),
    ("Xinhua", &["Xinhua", "XINHUA"]),
];

/// Returns the canonical agency name when `word` is an agency spelling.
pub fn agency_name(word: &str) -> Option<&'static str> {
    let w = word.trim();
    AGENCIES
        .iter()
        .find(|(_, variants)| variants.contains(&w))
        .map(|(name, _)| *name)
}

/// Finds every agency named in `text` as a whole word; returns canonical names
/// with the byte offset of their first mention.
pub fn agencies_in(text: &str) -> Vec<(usize, &'static str)> {
    let mut out: Vec<(usize, &'static str)> = Vec::new();
    for (name, variants) in AGENCIES {
        for v in variants.iter() {
            let mut from = 0;
            while let Some(rel) = text.get(from..).and_then(|t| t.find(v)) {
                let at = from + rel;
                let end = at + v.len();
                let before_ok = text
                    .get(..at)
                    .and_then(|t| t.chars().next_back())
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = text
                    .get(end..)
                    .and_then(|t| t.chars().next())
                    .is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok {
                    if !out.iter().any(|(_, n)| n == name) {
                        out.push((at, name));
                    } else if let Some(slot) = out.iter_mut().find(|(_, n)| n == name) {
                        slot.0 = slot.0.min(at);
                    }
                    break;
                }
                from = end;
            }
        }
    }
    out.sort();
    out
}

/// Speech verbs: "X said …", "…, X said." / "X mengatakan …".
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "claimed",
    "claims",
    "reported",
    "reports",
    "announced",
    "warned",
    "wrote",
    "confirmed",
    "insisted",
    "asserted",
    "alleged",
    "mengatakan",
    "menyatakan",
    "mengklaim",
    "melaporkan",
    "menambahkan",
    "menegaskan",
    "menjelaskan",
    "mengungkapkan",
    "menuturkan",
    "memperingatkan",
    "mengumumkan",
    "membantah",
    "berkata",
    "menyebut",
    "menyebutkan",
    "memperkirakan",
    "mencatat",
    "show",
    "shows",
    "showed",
    "menunjukkan",
];

/// Citing verbs: the phrase after them is the inner (original) source.
pub const CITING: &[&str] = &["citing", "quoting", "mengutip", "cited"];

/// Inverted cues that follow a comma and precede the speaker:
/// "…, kata Menteri X." / "…, lapor Reuters.".
pub const INVERTED: &[&str] = &[
    "kata", "ujar", "ungkap", "jelas", "tutur", "imbuh", "tambah", "lapor", "tegas", "papar",
    "ucap", "terang", "said", "says", "added",
];

/// Cues that name an outlet the text was taken from ("dilansir Reuters").
pub const OUTLET_CUES: &[&str] = &["dilansir", "lansir", "dikutip", "melansir"];

/// Words stripped from the front of a source phrase
/// ("pernyataan para pejabat" → "para pejabat").
pub const SOURCE_NOISE_PREFIX: &[&str] = &[
    "pernyataan",
    "laporan",
    "keterangan",
    "sumber dari",
    "dari",
    "hasil",
    "a report by",
    "a report from",
    "a statement from",
    "a statement by",
    "statements by",
    "statements from",
    "reports by",
];

/// Words stripped from the end of a leading speaker
/// ("The Kremlin has" → "The Kremlin").
pub const SPEAKER_TRAILING_NOISE: &[&str] = &[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "also",
    "earlier",
    "previously",
    "later",
    "again",
    "would",
    "will",
    "had",
    "telah",
    "juga",
    "sudah",
    "pernah",
    "sebelumnya",
    "kembali",
    "pun",
    "lalu",
    "then",
    "has also",
    "on",
];

/// Leading clause words that are adverbials, not part of a speaker
/// ("In a statement, the ministry said").
pub const ADVERBIAL_OPENERS: &[&str] = &[
    "in",
    "on",
    "at",
    "after",
    "during",
    "earlier",
    "later",
    "speaking",
    "asked",
    "meanwhile",
    "however",
    "pada",
    "dalam",
    "di",
    "saat",
    "sementara",
    "sebelumnya",
    "kemudian",
    "namun",
    "setelah",
    "ketika",
    "sedangkan",
    "selain",
    "adapun",
];

/// Role nouns that describe unnamed people: a speaker called only this
/// ("officials", "para pejabat") is an anonymous source. Each is also a
/// role noun (`is_role_noun`).
pub const UNNAMED_ROLES: &[&str] = &[
    "official",
    "officials",
    "source",
    "sources",
    "diplomat",
    "diplomats",
    "person",
    "people",
    "aide",
    "aides",
    "insider",
    "insiders",
    "pejabat",
    "sumber",
    "orang",
];

/// The other role nouns: they name a function, not a person, and make a
/// phrase a plausible speaker ("the ministry said").
pub const NAMED_ROLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "ministry",
    "government",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "president",
    "lawmaker",
    "lawmakers",
    "military",
    "army",
    "police",
    "witness",
    "witnesses",
    "residents",
    "juru",
    "menteri",
    "kementerian",
    "pemerintah",
    "presiden",
    "pengamat",
    "pakar",
    "ahli",
    "polisi",
    "militer",
    "saksi",
    "warga",
    "pihak",
    "analis",
];

/// A role noun (unnamed or not) makes a phrase a plausible speaker.
pub fn is_role_noun(word: &str) -> bool {
    in_list(word, UNNAMED_ROLES) || in_list(word, NAMED_ROLES)
}

/// Explicit anonymity phrases (lowercase, searched case-insensitively).
pub const ANONYMITY_PHRASES: &[&str] = &[
    "condition of anonymity",
    "declined to be named",
    "declined to be identified",
    "asked not to be named",
    "asked not to be identified",
    "not authorized to speak",
    "not authorised to speak",
    "familiar with",
    "unnamed",
    "anonymous",
    "requested anonymity",
    "tidak disebutkan namanya",
    "tak disebutkan namanya",
    "enggan disebutkan namanya",
    "enggan disebut namanya",
    "tidak mau disebut namanya",
    "tidak mau disebutkan namanya",
    "tidak ingin disebutkan namanya",
    "tidak ingin disebut namanya",
    "not to be named",
    "not to be identified",
    "not authorized to",
    "not authorised to",
    "tidak berwenang",
    "yang tidak disebutkan",
    "minta namanya tidak disebutkan",
    "anonim",
];

/// Personal pronouns used as speakers ("he said", "katanya").
pub const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "ia", "dia", "beliau", "mereka", "pihaknya",
];

/// Caveat phrases (lowercase): the article hedges a claim.
pub const CAVEAT_PHRASES: &[&str] = &[
    "could not independently verify",
    "could not immediately verify",
    "could not verify",
    "could not independently confirm",
    "could not immediately confirm",
    "could not be independently verified",
    "could not be independently confirmed",
    "could not be verified",
    "could not be confirmed",
    "has not been independently verified",
    "have not been independently verified",
    "was unable to verify",
    "were unable to verify",
    "unable to independently verify",
    "tidak dapat memverifikasi",
    "tidak bisa memverifikasi",
    "belum dapat memverifikasi",
    "belum bisa memverifikasi",
    "tidak dapat secara independen memverifikasi",
    "tidak dapat diverifikasi",
    "belum dapat diverifikasi",
    "tidak bisa diverifikasi",
    "belum bisa diverifikasi",
    "belum dapat dikonfirmasi",
    "tidak dapat dikonfirmasi",
    "belum bisa dikonfirmasi",
    "belum terverifikasi",
    "tidak dapat memastikan",
    "belum dapat memastikan",
];

/// Words that make a caveat refer back to an outlet's report.
pub const REPORT_WORDS: &[&str] = &[
    "report",
    "reports",
    "reported",
    "laporan",
    "dilaporkan",
    "network",
    "jaringan",
    "outlet",
    "media",
    "tersebut",
    "conversations",
    "percakapan",
];

/// Magnitude words that extend a number ("5 million", "3 juta").
pub const MAGNITUDES: &[&str] = &[
    "thousand", "million", "billion", "trillion", "ribu", "juta", "miliar", "milyar", "triliun",
    "ratus", "percent", "per", "persen", "%", "belas", "puluh",
];

/// Collective number words ("ratusan ribu", "hundreds of thousands").
pub const NUMBER_WORDS: &[&str] = &[
    "ratusan",
    "ribuan",
    "puluhan",
    "jutaan",
    "miliaran",
    "belasan",
    "triliunan",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "dozens",
    "tens",
    "seratus",
    "seribu",
    "sejuta",
];

/// Cardinal numbers written as words, English and Indonesian ("four",
/// "empat", "sepertiga"); "one" and "satu" are left out, being articles
/// and parts of phrases ("one of the", "salah satu") more often than
/// counts. Parts of a compound ("thirty-three") are looked up here too.
pub const CARDINALS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "sepertiga",
    "seperempat",
    "separuh",
    "setengah",
];

/// Modal and future markers for unattributed predictions.
pub const PREDICTION_MARKERS: &[&str] = &[
    "will",
    "would",
    "expected",
    "expect",
    "expects",
    "memperkirakan",
    "likely",
    "forecast",
    "akan",
    "diperkirakan",
    "diprediksi",
    "berencana",
    "bakal",
];

/// Markers of value judgements.
pub const OPINION_MARKERS: &[&str] = &[
    "should",
    "must",
    "ought",
    "seharusnya",
    "sebaiknya",
    "semestinya",
    "unfortunately",
    "sayangnya",
];

/// Words that signal a comparison with or a fact about the past.
pub const HISTORY_WORDS: &[&str] = &[
    "since",
    "sejak",
    "history",
    "sejarah",
    "ago",
    "historic",
    "bersejarah",
    "first",
    "pertama",
    "decades",
    "dekade",
    "century",
    "abad",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// One lexicon: no role word is listed twice, in one list or both.
    #[test]
    fn role_words_are_listed_once() {
        let mut all: Vec<&str> = UNNAMED_ROLES.iter().chain(NAMED_ROLES).copied().collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        assert!(is_role_noun("Officials") && is_role_noun("pakar"));
    }
}
