//! Reading the speaker phrase, English and Indonesian: the noun phrase
//! that asserts, cut from the clause around it; whether it is unnamed;
//! and the earlier speaker a back reference ("the official said",
//! "pejabat itu mengatakan", "according to the broadcaster") stands for.
//!
//! `claims` finds where a speaker stands (before the verb, trailing,
//! after "according to"/"menurut", after "kata"/"ujar", after "citing");
//! this module works on the phrase it found. Every function looks at one
//! phrase of a bounded number of words, so the cost per sentence stays
//! bounded.

use std::collections::HashMap;

use super::lexicon::{eq_ci, find_ci, in_list, ANONYMITY_PHRASES, UNNAMED_ROLES};

/// Words that open a noun phrase naming someone by description, not by
/// name: determiners, possessives and small numbers.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "several", "his", "her", "its", "their", "seorang", "salah", "para", "sejumlah",
    "beberapa", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
];

/// Words that open an indefinite phrase: a speaker introduced this way
/// ("a senior official", "seorang dokter", "two people familiar …") is
/// unnamed.
const INDEFINITE: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "several", "seorang", "salah", "beberapa", "dua", "tiga", "empat", "lima", "enam", "tujuh",
    "delapan", "sembilan", "sepuluh",
];

/// Finite verbs: a phrase containing one is a clause, not a speaker.
const FINITE: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "would", "will", "could", "can", "did",
    "does", "do", "adalah", "akan", "telah", "sudah",
];

/// First-person pronouns: "what I'm going to say" has no speaker to
/// check. Possessives stay speakers ("my father said", "your son said").
const FIRST_PERSON: &[&str] = &[
    "i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "we", "we're", "we’re",
    "we've", "we’ve", "us", "saya", "aku", "kami", "kita",
];

/// Question words that open a free relative ("what I'm going to say").
const WH: &[&str] = &[
    "what",
    "which",
    "how",
    "why",
    "where",
    "when",
    "apa",
    "bagaimana",
];

/// Nouns under which figures are published: "figures published by X",
/// "data from X", "menurut data X", "X data showed".
pub(super) const DATA_NOUNS: &[&str] = &[
    "figures",
    "survey",
    "poll",
    "survei",
    "jajak",
    "data",
    "statistics",
    "estimates",
    "perhitungan",
    "catatan",
    "angka",
];

/// Participles between a data noun and its publisher.
const PUBLISHED: &[&str] = &[
    "published",
    "released",
    "compiled",
    "issued",
    "provided",
    "dirilis",
    "diterbitkan",
];

/// Words that end the noun phrase of a speaker's head: what follows
/// ("at the labour ministry", "familiar with …", "yang …") qualifies it.
const PHRASE_BREAKS: &[&str] = &[
    "at", "of", "from", "in", "for", "with", "on", "who", "which", "familiar", "polled", "di",
    "dari", "untuk", "yang", "pada", "dengan",
];

/// Media nouns: "the broadcaster", "the network", "jaringan tersebut"
/// stand for the outlet named before.
const MEDIA_NOUNS: &[&str] = &[
    "broadcaster",
    "network",
    "channel",
    "newspaper",
    "paper",
    "outlet",
    "station",
    "agency",
    "jaringan",
    "stasiun",
    "televisi",
    "media",
    "harian",
    "kantor",
];

/// What a speaker issues: "the statement said", "pernyataan itu"
/// stand for the latest speaker.
const STATEMENT_NOUNS: &[&str] = &[
    "statement",
    "release",
    "announcement",
    "pernyataan",
    "keterangan",
    "siaran",
];

/// Words before an outlet's name that describe it ("state broadcaster
/// VTV", "kantor berita Yonhap"): the hop is the name.
pub(super) const MEDIA_DESCRIPTORS: &[&str] = &[
    "state",
    "public",
    "broadcaster",
    "television",
    "radio",
    "newspaper",
    "news",
    "agency",
    "channel",
    "network",
    "the",
    "kantor",
    "berita",
    "televisi",
    "stasiun",
    "harian",
    "surat",
    "kabar",
    "media",
];

/// Markers of a clause that says why or how a source is unnamed, or how
/// it was reached: it qualifies the speaker and is cut from the phrase.
const REASON_MARKERS: &[&str] = &[
    "anonym",
    "anonim",
    "not to be named",
    "not to be identified",
    "declined to be",
    "refused to be",
    "namanya tidak",
    "not authorized",
    "not authorised",
    "disebut namanya",
    "disebutkan namanya",
    "tidak berwenang",
    "dihubungi",
    "contacted by",
    "reached by",
];

/// Words that open such a clause after the speaker.
const REASON_OPENERS: &[&str] = &["who", "yang", "speaking", "asking", "berbicara"];

/// The words of `p` with their byte offsets.
fn words(p: &str) -> impl Iterator<Item = (usize, &str)> {
    p.split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// A word without the punctuation around it.
fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
}

/// The phrase says "I" or "we", or opens with a question word: not a
/// speaker ("And what I'm going to say is this").
pub(super) fn first_person(p: &str) -> bool {
    // "US" in capitals is the country, not "us".
    let person =
        |w: &str| (w.len() <= 1 || w.chars().any(char::is_lowercase)) && in_list(w, FIRST_PERSON);
    let first = p.split_whitespace().map(bare).next().unwrap_or("");
    in_list(first, WH) || p.split_whitespace().map(bare).any(person)
}

/// A short noun phrase opened by a determiner, a possessive or a number
/// ("the national disaster agency", "two economists polled by Reuters"),
/// or closed by "itu"/"tersebut" ("petugas itu"): a speaker by its form,
/// even without a capital or a known role noun. Only read where the
/// position already says "speaker" (before a speech verb, after a comma
/// and before a trailing one, after "according to", "kata", "citing").
pub(super) fn np_like(p: &str) -> bool {
    let ws: Vec<&str> = p.split_whitespace().map(bare).collect();
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return false;
    };
    if ws.len() > 12 || first_person(p) || ws.iter().any(|w| in_list(w, FINITE)) {
        return false;
    }
    (in_list(first, DETERMINERS) && ws.len() >= 2)
        || (in_list(last, &["itu", "tersebut"]) && ws.len() <= 4)
}

/// The speaker is unnamed: an explicit anonymity phrase ("who spoke on
/// condition of anonymity", "yang tidak disebutkan namanya"), an
/// indefinite role ("a senior official", "seorang dokter", "salah satu
/// perawat", "two people familiar with …") not followed by a name
/// ("A spokesperson for the ministry, Majed al-Ansari" is named), or a
/// bare unnamed role ("officials", "sumber di dinas pendidikan").
pub fn anonymous_speaker(p: &str) -> bool {
    if ANONYMITY_PHRASES.iter().any(|a| find_ci(p, a).is_some()) {
        return true;
    }
    let ws: Vec<&str> = p.split_whitespace().map(bare).collect();
    let first = ws.first().copied().unwrap_or("");
    let named_after_comma = p.split(", ").skip(1).any(|part| {
        part.split_whitespace()
            .next()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
    });
    if in_list(first, INDEFINITE) {
        return !named_after_comma;
    }
    let has_role = ws.iter().any(|w| in_list(w, UNNAMED_ROLES));
    let title_case = |w: &str| {
        w.starts_with(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && !w.contains('.')
    };
    let named = ws
        .windows(2)
        .any(|pair| matches!(pair, [a, b] if title_case(a) && title_case(b)));
    let definite = in_list(first, &["the", "those", "these", "this", "that"])
        || ws
            .last()
            .is_some_and(|w| in_list(w, &["tersebut", "itu", "ini"]));
    has_role && !named && !definite
}

/// Cuts a clause that says why or how the source is unnamed off the end
/// of a speaker phrase: "a senior U.S. official who spoke on condition of
/// anonymity" → ("a senior U.S. official", "who spoke on condition of
/// anonymity"). A clause followed by a second speaker ("… yang tidak
/// disebutkan namanya dan seorang mantan pejabat AS") is kept: it is
/// inside the phrase, not after it.
pub(super) fn split_reason(p: &str) -> (&str, Option<&str>) {
    for (at, w) in words(p) {
        if at == 0 || !in_list(bare(w), REASON_OPENERS) {
            continue;
        }
        let clause = p.get(at..).unwrap_or("");
        let marked = REASON_MARKERS.iter().any(|m| find_ci(clause, m).is_some());
        let second_speaker = words(clause).any(|(_, x)| in_list(bare(x), &["dan", "and"]))
            && words(clause).any(|(_, x)| in_list(bare(x), INDEFINITE));
        if marked && !second_speaker {
            let head = p.get(..at).unwrap_or(p).trim_end().trim_end_matches(',');
            let reason = clause.trim().trim_end_matches([',', '.']);
            return (head.trim_end(), Some(reason));
        }
        break;
    }
    (p, None)
}

/// The clause of `sentence` that says why its source is unnamed ("asking
/// not to be named because the talks are confidential"), when it lies
/// outside the speaker phrase: from the comma or relative word before the
/// marker to the next comma.
pub(super) fn reason_in_sentence<'a>(sentence: &'a str, speaker: &str) -> Option<&'a str> {
    let at = REASON_MARKERS
        .iter()
        .take(8)
        .filter_map(|m| find_ci(sentence, m))
        .min()?;
    let before = sentence.get(..at)?;
    let comma = before.rfind(',').map_or(0, |c| c + 1);
    let opener = words(before)
        .filter(|(_, w)| in_list(bare(w), REASON_OPENERS))
        .map(|(o, _)| o)
        .last()
        .unwrap_or(0);
    let from = comma.max(opener);
    let rest = sentence.get(from..)?;
    let end = rest
        .get(at - from..)
        .and_then(|r| r.find([',', ';']))
        .map_or(rest.len(), |e| at - from + e);
    let clause = rest
        .get(..end)?
        .trim()
        .trim_end_matches(['.', '"', '”', ')']);
    let clause = clause.trim();
    (!clause.is_empty() && !speaker.contains(clause) && clause.split_whitespace().count() <= 20)
        .then_some(clause)
}

/// The publisher behind figures: "figures published by the national
/// statistics office" → "the national statistics office", "data Badan
/// Pusat Statistik" → "Badan Pusat Statistik", "Industry ministry data
/// published on Wednesday" → "Industry ministry"; "data released on Feb.
/// 12" names none → "". Other phrases come back unchanged.
pub(super) fn publisher(p: &str) -> &str {
    let ws: Vec<(usize, &str)> = words(p).collect();
    // A data noun in lowercase, or first: "Pusat Data" is part of a name.
    let Some(i) = ws.iter().enumerate().position(|(n, (_, w))| {
        in_list(bare(w), DATA_NOUNS) && (n == 0 || !w.starts_with(char::is_uppercase))
    }) else {
        return p;
    };
    let at = |j: usize| ws.get(j).map_or(p.len(), |(o, _)| *o);
    let word = |j: usize| ws.get(j).map_or("", |(_, w)| bare(w));
    if i > 0 {
        // "Industry ministry data …": a capitalised publisher before.
        let head = p.get(..at(i)).unwrap_or("").trim_end();
        let named = ws
            .iter()
            .take(i)
            .any(|(_, w)| w.starts_with(char::is_uppercase));
        return if named { head } else { p };
    }
    let mut j = i + 1;
    if in_list(word(j), PUBLISHED) {
        if !in_list(word(j + 1), &["by", "oleh"]) {
            return "";
        }
        j += 2;
    } else if in_list(word(j), &["from", "by", "of", "dari", "oleh"]) {
        j += 1;
    }
    p.get(at(j)..).unwrap_or("").trim()
}

/// Cuts adjuncts off the end of a speaker phrase: "Gubernur Jawa Tengah
/// dalam keterangan tertulis" → "Gubernur Jawa Tengah", "… Bahlil
/// Lahadalia di Jakarta" → "… Bahlil Lahadalia", "the national
/// statistics office on Monday" → "the national statistics office".
pub(super) fn strip_adjuncts(p: &str) -> &str {
    let ws: Vec<(usize, &str)> = words(p).collect();
    for (n, &(at, w)) in ws.iter().enumerate().skip(1) {
        let next = ws.get(n + 1).map_or("", |(_, x)| bare(x));
        let prev = ws.get(n - 1).map_or("", |(_, x)| *x);
        let cut = match w {
            "dalam" | "saat" | "ketika" | "kepada" | "melalui" | "usai" | "seusai" | "seperti" => {
                true
            }
            "pada" | "on" => is_weekday(next) || in_list(next, &["the"]) && n + 2 >= ws.len(),
            "last" => in_list(next, &["week", "month", "year", "night"]),
            // "Litbang Kompas yang dirilis Senin", "X released on Monday".
            "yang" => in_list(next, PUBLISHED),
            "released" | "published" => in_list(next, &["on", "in", "last"]),
            "in" => in_list(next, &["a", "an"]) && n + 3 >= ws.len(),
            "di" => {
                // "… Lahadalia di Jakarta": a named person, then a place.
                let rest = ws.get(n + 1..).unwrap_or(&[]);
                prev.starts_with(char::is_uppercase)
                    && !rest.is_empty()
                    && rest.len() <= 2
                    && rest.iter().all(|(_, x)| x.starts_with(char::is_uppercase))
            }
            _ => false,
        };
        if cut {
            return p.get(..at).unwrap_or(p).trim_end().trim_end_matches(',');
        }
    }
    p
}

/// English and Indonesian day names.
pub(super) fn is_weekday(w: &str) -> bool {
    in_list(
        w,
        &[
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "senin",
            "selasa",
            "rabu",
            "kamis",
            "jumat",
            "sabtu",
            "minggu",
        ],
    )
}

/// The head noun of a back reference, lowercase and singular: "The
/// official" → "official", "the statistics office" → "office", "Pejabat
/// itu" → "pejabat", "one of the people" → "people". `None` when the
/// phrase is not one ("the Kremlin" is a name, "his office" is not
/// definite).
pub(super) fn anaphor_head(p: &str) -> Option<String> {
    let mut ws: Vec<&str> = p.split_whitespace().map(bare).collect();
    // "one of the people", "salah satu dari pejabat itu".
    if ws.len() > 3 && ws.get(1).is_some_and(|w| in_list(w, &["of", "dari"])) {
        ws.drain(..2);
    } else if ws.len() > 3 && ws.get(2).is_some_and(|w| eq_ci(w, "dari")) {
        ws.drain(..3);
    }
    let lower = |w: &&str| !w.starts_with(char::is_uppercase);
    let first = ws.first().copied().unwrap_or("");
    let last = ws.last().copied().unwrap_or("");
    let head = if in_list(first, &["the", "those", "these", "this", "that"])
        && (2..=5).contains(&ws.len())
        && ws.iter().skip(1).all(lower)
    {
        last
    } else if in_list(last, &["itu", "tersebut"])
        && (2..=4).contains(&ws.len())
        && ws.iter().skip(1).all(lower)
    {
        ws.iter()
            .find(|w| !in_list(w, &["para", "sang"]))
            .copied()
            .unwrap_or("")
    } else {
        return None;
    };
    (!head.is_empty()).then(|| singular(head))
}

/// Lowercase, an English plural "s" dropped ("officials" → "official").
fn singular(w: &str) -> String {
    let l = w.to_lowercase();
    if l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") {
        l.trim_end_matches('s').to_string()
    } else {
        l
    }
}

/// Earlier speakers, by the words of their head noun phrase, and the
/// latest outlet: what a back reference can stand for. One insertion per
/// word of a speaker phrase and one lookup per back reference, so the
/// whole article costs time linear in its speakers.
#[derive(Default)]
pub(super) struct Antecedents {
    /// Word (lowercase, singular) → (speaker phrase, unnamed).
    by_word: HashMap<String, (String, bool)>,
    /// The latest outlet a speaker was reached through ("Al Jazeera").
    outlet: Option<String>,
    /// The latest speaker, for "the statement said".
    latest: Option<(String, bool)>,
}

impl Antecedents {
    /// Remembers a speaker by the first and the last word of its noun
    /// phrase before the qualifiers: the head in Indonesian ("pejabat" of
    /// "Seorang pejabat Kementerian Perdagangan") and in English
    /// ("official" of "a senior official at the labour ministry"); a
    /// modifier ("fire" of "a fire service spokesperson") is never
    /// looked up, as a back reference is looked up by its own head.
    pub(super) fn remember(&mut self, speaker: &str, anonymous: bool) {
        let content: Vec<&str> = speaker
            .split_whitespace()
            .map(bare)
            // Case-sensitive: "WHO" is a name, "who" opens a clause.
            .take_while(|w| !PHRASE_BREAKS.contains(w))
            .filter(|w| !w.is_empty() && !in_list(w, DETERMINERS))
            .collect();
        // "operator" of "grid operator REN": the last lowercase word.
        let last_lower = content
            .iter()
            .rev()
            .find(|w| !w.starts_with(char::is_uppercase));
        for w in [content.first(), content.last(), last_lower]
            .into_iter()
            .flatten()
        {
            self.by_word
                .insert(singular(w), (speaker.to_string(), anonymous));
        }
        self.latest = Some((speaker.to_string(), anonymous));
    }

    /// Remembers the outlet a speaker was reached through.
    pub(super) fn remember_outlet(&mut self, outlet: &str) {
        self.outlet = Some(outlet.to_string());
    }

    /// The earlier speaker a back reference stands for, with whether it
    /// is unnamed: the latest with the same head noun, else, for "the
    /// broadcaster", the latest outlet.
    pub(super) fn resolve(&self, phrase: &str) -> Option<(String, bool)> {
        let head = anaphor_head(phrase)?;
        // Indonesian modifiers follow the head and paraphrase ("anggota
        // dewan tersebut" for "seorang anggota DPR"): the head decides.
        let indonesian = phrase
            .split_whitespace()
            .last()
            .is_some_and(|w| in_list(bare(w), &["itu", "tersebut"]));
        let bare_reference = phrase.split_whitespace().count() == 2;
        if let Some(hit) = self.by_word.get(&head) {
            if indonesian {
                return Some(hit.clone());
            }
            // "the statistics office" may stand for "the national
            // statistics office"; "the national meteorological service"
            // is not "the fire service": every word of the reference
            // must be in the earlier phrase.
            let words_in = |w: &str| {
                in_list(
                    w,
                    &[
                        "the", "those", "these", "this", "that", "itu", "tersebut", "para", "one",
                        "some", "of", "salah", "satu", "dari",
                    ],
                ) || find_ci(&hit.0, &w.to_lowercase()).is_some()
                    || singular(w) == head
            };
            if phrase.split_whitespace().map(bare).all(words_in) {
                return Some(hit.clone());
            }
            return None;
        }
        // "the statement", "the broadcaster" alone; "the civil protection
        // agency" is somebody new.
        if in_list(&head, STATEMENT_NOUNS) && bare_reference {
            return self.latest.clone();
        }
        if in_list(&head, MEDIA_NOUNS) && bare_reference {
            return self.outlet.clone().map(|o| (o, false));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_cut_from_the_phrase() {
        assert_eq!(
            split_reason("a senior U.S. official who spoke on condition of anonymity"),
            (
                "a senior U.S. official",
                Some("who spoke on condition of anonymity")
            )
        );
        assert_eq!(
            split_reason("Seorang pejabat Kementerian Perdagangan yang enggan disebutkan namanya"),
            (
                "Seorang pejabat Kementerian Perdagangan",
                Some("yang enggan disebutkan namanya")
            )
        );
        let seed =
            "seorang pejabat senior AS yang tidak disebutkan namanya dan seorang mantan pejabat AS";
        assert_eq!(split_reason(seed), (seed, None));
        let kept = "dua pedagang yang mengetahui transaksi tersebut";
        assert_eq!(split_reason(kept), (kept, None));
    }

    #[test]
    fn reason_outside_the_phrase() {
        let s = "The union has 12,000 members, a senior official said, asking not to be named because the talks are confidential.";
        assert_eq!(
            reason_in_sentence(s, "a senior official"),
            Some("asking not to be named because the talks are confidential")
        );
    }

    #[test]
    fn publishers_of_figures() {
        assert_eq!(
            publisher("figures published by the national statistics office"),
            "the national statistics office"
        );
        assert_eq!(
            publisher("data Badan Pusat Statistik (BPS)"),
            "Badan Pusat Statistik (BPS)"
        );
        assert_eq!(
            publisher("data from the EU statistics agency Eurostat"),
            "the EU statistics agency Eurostat"
        );
        assert_eq!(
            publisher("Industry ministry data published on Wednesday"),
            "Industry ministry"
        );
        assert_eq!(publisher("data released on Feb. 12"), "");
        assert_eq!(publisher("the Pentagon"), "the Pentagon");
    }

    #[test]
    fn adjuncts_are_cut() {
        assert_eq!(
            strip_adjuncts("Gubernur Jawa Tengah dalam keterangan tertulis"),
            "Gubernur Jawa Tengah"
        );
        assert_eq!(
            strip_adjuncts("Menteri ESDM Bahlil Lahadalia di Jakarta"),
            "Menteri ESDM Bahlil Lahadalia"
        );
        assert_eq!(
            strip_adjuncts("sumber di dinas pendidikan"),
            "sumber di dinas pendidikan"
        );
        assert_eq!(
            strip_adjuncts("the national statistics office on Monday"),
            "the national statistics office"
        );
    }

    #[test]
    fn anonymity_by_form() {
        for p in [
            "a union spokesperson",
            "Seorang dokter",
            "Salah satu perawat di RSUD Kota Bandung",
            "two economists polled by Reuters",
            "Officials",
            "sumber di dinas pendidikan",
            "Seorang pejabat Kementerian Perdagangan",
        ] {
            assert!(anonymous_speaker(p), "{p}");
        }
        for p in [
            "A spokesperson for Qatar's foreign ministry, Majed al-Ansari",
            "Traders at Makola market",
            "the national disaster agency",
            "Lt Col Sarah Jones, a Pentagon spokeswoman",
            "The official",
        ] {
            assert!(!anonymous_speaker(p), "{p}");
        }
    }

    #[test]
    fn back_references() {
        let mut a = Antecedents::default();
        a.remember("a senior official at the labour ministry", true);
        a.remember("a fire service spokesperson", true);
        assert_eq!(a.resolve("the national meteorological service"), None);
        a.remember_outlet("Al Jazeera");
        assert_eq!(
            a.resolve("The official"),
            Some(("a senior official at the labour ministry".into(), true))
        );
        assert_eq!(a.resolve("the ministry"), None);
        assert_eq!(
            a.resolve("the broadcaster"),
            Some(("Al Jazeera".into(), false))
        );
        assert_eq!(a.resolve("the Kremlin"), None);
        assert_eq!(a.resolve("the civil protection agency"), None);
        a.remember("grid operator REN", false);
        assert_eq!(
            a.resolve("the operator").map(|x| x.0),
            Some("grid operator REN".into())
        );
        a.remember("Seorang dokter", true);
        assert_eq!(
            a.resolve("Dokter itu"),
            Some(("Seorang dokter".into(), true))
        );
        a.remember("three people familiar with the matter", true);
        assert_eq!(
            a.resolve("one of the people").map(|x| x.0),
            Some("three people familiar with the matter".into())
        );
        assert!(first_person("what I'm going to"));
        assert!(first_person("I"));
        assert!(!first_person("Your son"));
        assert!(!first_person("my father"));
        assert!(!first_person("an unnamed senior US official"));
        assert!(np_like("the national disaster agency"));
        assert!(!np_like("the final result was expected"));
    }
}
