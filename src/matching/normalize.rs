//! Normalisation of claim text before matching, both languages alike:
//! diacritics and quotes folded, words split, and figures turned into
//! values so that `1.250` (Indonesian) and `1,250` (English), `19.30` and
//! `7:30 pm`, `tiga hari` and `three-day`, `5 November 2023` and
//! `November 5, 2023`, `Senin` and `Monday` come out equal.
//!
//! Pure: text in, [`Item`]s out.

/// The language rules for number formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// `,` groups thousands, `.` marks decimals.
    En,
    /// `.` groups thousands, `,` marks decimals.
    Id,
    /// Unknown: a separator followed by exactly three digits groups
    /// thousands, any other marks decimals.
    Unknown,
}

impl Lang {
    /// From an ISO 639-1 code.
    pub fn from_code(code: Option<&str>) -> Lang {
        match code.map(str::to_ascii_lowercase).as_deref() {
            Some("en") => Lang::En,
            Some("id") | Some("ms") => Lang::Id,
            _ => Lang::Unknown,
        }
    }
}

/// One normalised piece of a claim.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A word, folded (no diacritics, curly quotes straightened), lowercase;
    /// `cap` when it was written with a capital (a name candidate),
    /// `acronym` when all in capitals (`AS`, `KPU`).
    Word {
        lower: String,
        cap: bool,
        acronym: bool,
    },
    /// A quantity (`1.250` → 1250, `3,5 persen` → 3.5, `dua juta` → 2e6).
    Num(f64),
    /// A time of day, minutes after midnight (`19.30`, `7:30 pm` → 1170).
    Time(u16),
    /// A date or part of one (`5 November 2023`, `November 2023`, `2014`).
    Date {
        year: Option<u16>,
        month: Option<u8>,
        day: Option<u8>,
    },
    /// A weekday, Monday = 1 (`Senin`, `Monday`).
    Weekday(u8),
}

/// Folds one character: diacritics off Latin letters, typographic quotes
/// and dashes to ASCII. `None` keeps the character.
fn fold_char(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let base = match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ľ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => "-",
        '\u{00A0}' | '\u{202F}' | '\u{2009}' => " ",
        _ => return None,
    };
    Some(base)
}

/// Folds diacritics, quotes and dashes; combining marks (a decomposed
/// accent) are dropped. Case is kept: capitals mark names.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        }
        match fold_char(c) {
            Some(b) if c.is_uppercase() => out.extend(b.chars().flat_map(char::to_uppercase)),
            Some(b) => out.push_str(b),
            None => out.push(c),
        }
    }
    out
}

/// A token before figures are read.
#[derive(Debug, Clone, PartialEq)]
enum Raw {
    Word(String),
    /// Digits with the separators between them (`1.250`, `19:30`).
    Digits(String),
}

/// Splits folded text into words and digit runs. An apostrophe inside a
/// word joins (`Jum'at` → `Jumat`), except a possessive `'s`, dropped.
fn tokens(s: &str) -> Vec<Raw> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut t = String::new();
            while i < chars.len() {
                let c = chars[i];
                let separator = matches!(c, '.' | ',' | ':')
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
                if c.is_ascii_digit() || separator {
                    t.push(c);
                } else {
                    break;
                }
                i += 1;
            }
            out.push(Raw::Digits(t));
        } else if c.is_alphabetic() {
            let mut t = String::new();
            while i < chars.len() {
                let c = chars[i];
                if c.is_alphabetic() {
                    t.push(c);
                } else if c == '\'' && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
                    let possessive = matches!(chars.get(i + 1), Some('s' | 'S'))
                        && !chars.get(i + 2).is_some_and(|n| n.is_alphabetic());
                    if possessive {
                        i += 2;
                        break;
                    }
                } else {
                    break;
                }
                i += 1;
            }
            out.push(Raw::Word(t));
        } else {
            i += 1;
        }
    }
    out
}

/// Reads a digit run as a number by the language's separators.
pub fn parse_number(s: &str, lang: Lang) -> Option<f64> {
    let seps: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    let digits = |t: &str| -> String { t.chars().filter(char::is_ascii_digit).collect() };
    let Some(&(last_at, last)) = seps.last() else {
        return s.parse().ok();
    };
    let mixed = seps.iter().any(|&(_, c)| c != last);
    let decimal_at = if mixed {
        // Both kinds: the last one marks decimals.
        Some(last_at)
    } else if seps.len() > 1 {
        None
    } else {
        let after = s.len() - last_at - 1;
        let thousands = match (last, lang) {
            ('.', Lang::Id) | (',', Lang::En) | (_, Lang::Unknown) => after == 3,
            ('.', Lang::En) | (',', Lang::Id) => false,
            _ => false,
        };
        (!thousands).then_some(last_at)
    };
    let text = match decimal_at {
        Some(at) => format!("{}.{}", digits(&s[..at]), digits(&s[at + 1..])),
        None => digits(s),
    };
    text.parse().ok()
}

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("januari", 1),
    ("jan", 1),
    ("february", 2),
    ("februari", 2),
    ("pebruari", 2),
    ("feb", 2),
    ("march", 3),
    ("maret", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("mei", 5),
    ("june", 6),
    ("juni", 6),
    ("jun", 6),
    ("july", 7),
    ("juli", 7),
    ("jul", 7),
    ("august", 8),
    ("agustus", 8),
    ("aug", 8),
    ("agu", 8),
    ("agt", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oktober", 10),
    ("oct", 10),
    ("okt", 10),
    ("november", 11),
    ("nopember", 11),
    ("nov", 11),
    ("december", 12),
    ("desember", 12),
    ("dec", 12),
    ("des", 12),
];

const WEEKDAYS: &[(&str, u8)] = &[
    ("monday", 1),
    ("senin", 1),
    ("tuesday", 2),
    ("selasa", 2),
    ("wednesday", 3),
    ("rabu", 3),
    ("thursday", 4),
    ("kamis", 4),
    ("friday", 5),
    ("jumat", 5),
    ("saturday", 6),
    ("sabtu", 6),
    ("sunday", 7),
    ("minggu", 7),
];

/// A month name, when the word is one. Capitals are required: `may`,
/// `march`, `des` are words too.
fn month(word: &str) -> Option<u8> {
    if !word.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let l = word.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == l).map(|&(_, m)| m)
}

/// A weekday name; `Minggu` only with a capital (`minggu` is "week").
fn weekday(word: &str) -> Option<u8> {
    let l = word.to_lowercase();
    let d = WEEKDAYS.iter().find(|(n, _)| *n == l).map(|&(_, d)| d)?;
    (l != "minggu" || word.starts_with(|c: char| c.is_uppercase())).then_some(d)
}

/// Scale words after a figure or in a spelled-out number.
fn scale(l: &str) -> Option<f64> {
    Some(match l {
        "ribu" | "thousand" | "rb" => 1e3,
        "juta" | "million" | "jt" | "mln" => 1e6,
        "miliar" | "milyar" | "billion" | "bn" => 1e9,
        "triliun" | "trilyun" | "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

/// One word of a spelled-out number.
#[derive(Debug, Clone, Copy)]
enum NumWord {
    /// Adds to the small part (one … nineteen, twenty … ninety, sepuluh).
    Add(f64),
    /// `belas`: the small part plus ten.
    Teen,
    /// `puluh`: the small part times ten.
    Tens,
    /// `ratus` / `hundred` (`seratus` = one hundred).
    Hundred(f64),
    /// `ribu`, `thousand`, … (`seribu` = one thousand).
    Scale(f64, bool),
}

fn num_word(l: &str) -> Option<NumWord> {
    const UNITS: &[(&str, &str, f64)] = &[
        ("one", "satu", 1.0),
        ("two", "dua", 2.0),
        ("three", "tiga", 3.0),
        ("four", "empat", 4.0),
        ("five", "lima", 5.0),
        ("six", "enam", 6.0),
        ("seven", "tujuh", 7.0),
        ("eight", "delapan", 8.0),
        ("nine", "sembilan", 9.0),
        ("ten", "sepuluh", 10.0),
        ("eleven", "sebelas", 11.0),
    ];
    const EN: &[(&str, f64)] = &[
        ("twelve", 12.0),
        ("thirteen", 13.0),
        ("fourteen", 14.0),
        ("fifteen", 15.0),
        ("sixteen", 16.0),
        ("seventeen", 17.0),
        ("eighteen", 18.0),
        ("nineteen", 19.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
    ];
    if let Some(&(_, _, v)) = UNITS.iter().find(|(e, i, _)| *e == l || *i == l) {
        return Some(NumWord::Add(v));
    }
    if let Some(&(_, v)) = EN.iter().find(|(e, _)| *e == l) {
        return Some(NumWord::Add(v));
    }
    Some(match l {
        "belas" => NumWord::Teen,
        "puluh" => NumWord::Tens,
        "ratus" | "hundred" => NumWord::Hundred(0.0),
        "seratus" => NumWord::Hundred(1.0),
        "seribu" => NumWord::Scale(1e3, true),
        "sejuta" => NumWord::Scale(1e6, true),
        _ => NumWord::Scale(
            scale(l).filter(|_| !matches!(l, "rb" | "jt" | "bn" | "tn" | "mln"))?,
            false,
        ),
    })
}

/// Reads a spelled-out number from `words[i..]`: its value and the words
/// used (`dua puluh lima` → 25, 3; `two hundred thousand` → 200000, 3).
fn spelled(words: &[&str]) -> Option<(f64, usize)> {
    let (mut total, mut hundreds, mut small) = (0.0, 0.0, 0.0);
    let mut used = 0;
    for w in words {
        match num_word(w) {
            Some(NumWord::Add(v)) => small += v,
            Some(NumWord::Teen) if used > 0 => small += 10.0,
            Some(NumWord::Tens) if used > 0 => small *= 10.0,
            Some(NumWord::Hundred(own)) if used > 0 || own > 0.0 => {
                hundreds += (small + own).max(1.0) * 100.0;
                small = 0.0;
            }
            Some(NumWord::Scale(v, own)) if used > 0 || own => {
                let group = hundreds + small + if own { 1.0 } else { 0.0 };
                total += group.max(1.0) * v;
                hundreds = 0.0;
                small = 0.0;
            }
            _ => break,
        }
        used += 1;
    }
    (used > 0).then_some((total + hundreds + small, used))
}

fn is_cap(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
}

fn small_int(s: &str, max: u32) -> Option<u32> {
    s.parse::<u32>().ok().filter(|&v| v >= 1 && v <= max)
}

fn year(s: Option<&Raw>) -> Option<u16> {
    match s {
        Some(Raw::Digits(d)) => d.parse::<u16>().ok().filter(|y| (1000..=2999).contains(y)),
        _ => None,
    }
}

/// Normalises a claim's text into [`Item`]s.
pub fn items(text: &str, lang: Lang) -> Vec<Item> {
    let folded = fold(text)
        .replace("p.m.", " pm ")
        .replace("a.m.", " am ")
        .replace("P.M.", " pm ")
        .replace("A.M.", " am ");
    let raw = tokens(&folded);
    let lower: Vec<String> = raw
        .iter()
        .map(|r| match r {
            Raw::Word(w) => w.to_lowercase(),
            Raw::Digits(_) => String::new(),
        })
        .collect();
    let word_at = |i: usize| -> Option<&str> {
        match raw.get(i) {
            Some(Raw::Word(_)) => lower.get(i).map(String::as_str),
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        match &raw[i] {
            Raw::Digits(d) => {
                let (item, used) = figure(d, i, &raw, lang, &word_at);
                out.extend(item);
                i += used;
            }
            Raw::Word(w) => {
                let l = &lower[i];
                if let Some(m) = month(w) {
                    // November 5, 2023 · November 2023 · November
                    let day = match raw.get(i + 1) {
                        Some(Raw::Digits(d)) => small_int(d, 31),
                        _ => None,
                    };
                    let (day, y, used) = match day {
                        Some(dd) => {
                            let y = year(raw.get(i + 2));
                            (Some(dd as u8), y, if y.is_some() { 3 } else { 2 })
                        }
                        None => {
                            let y = year(raw.get(i + 1));
                            (None, y, if y.is_some() { 2 } else { 1 })
                        }
                    };
                    out.push(Item::Date {
                        year: y,
                        month: Some(m),
                        day,
                    });
                    i += used;
                    continue;
                }
                if let Some(d) = weekday(w) {
                    out.push(Item::Weekday(d));
                    i += 1;
                    continue;
                }
                let words: Vec<&str> = if num_word(l).is_some() {
                    (i..raw.len().min(i + 8)).map_while(&word_at).collect()
                } else {
                    Vec::new()
                };
                if let Some((v, used)) = spelled(&words) {
                    // A lone "one"/"satu" is mostly "one of", not a figure.
                    if v != 1.0 || used > 1 {
                        out.push(Item::Num(v));
                    }
                    i += used;
                    continue;
                }
                out.push(Item::Word {
                    lower: l.clone(),
                    cap: is_cap(w),
                    acronym: w.chars().count() >= 2 && w.chars().all(char::is_uppercase),
                });
                i += 1;
            }
        }
    }
    out
}

/// A digit run at `raw[i]` with what follows it: a time, a date, a year or
/// a quantity with its scale word. Returns the items and tokens used.
fn figure<'a>(
    d: &str,
    i: usize,
    raw: &[Raw],
    lang: Lang,
    word_at: &dyn Fn(usize) -> Option<&'a str>,
) -> (Vec<Item>, usize) {
    let prev = i.checked_sub(1).and_then(word_at);
    let next = word_at(i + 1);
    let pm = |h: u32, n: Option<&str>| -> u32 {
        match n {
            Some("pm" | "malam" | "sore") if h < 12 => h + 12,
            Some("am" | "pagi") if h == 12 => 0,
            _ => h,
        }
    };
    let meridiem = matches!(next, Some("pm" | "am"));
    let clock = matches!(prev, Some("pukul" | "jam" | "at"))
        || matches!(next, Some("wib" | "wita" | "wit" | "pm" | "am"));
    // 19:30 · 19.30 (Indonesian) · 7.30 pm
    if let Some((h, m)) = d.split_once([':', '.']) {
        let time_like = d.contains(':')
            || (matches!(lang, Lang::Id | Lang::Unknown) && m.len() == 2 && !d.contains(','))
            || meridiem
            || (clock && m.len() == 2);
        if let (true, Ok(h), Ok(m)) = (time_like, h.parse::<u32>(), m.parse::<u32>()) {
            if h < 24 && m < 60 && !matches!(next, Some("persen" | "percent")) {
                let h = pm(h, next);
                let used = if meridiem || matches!(next, Some("wib" | "wita" | "wit")) {
                    2
                } else {
                    1
                };
                return (vec![Item::Time((h * 60 + m) as u16)], used);
            }
        }
    }
    // 7 pm · pukul 7 malam
    if let Ok(h) = d.parse::<u32>() {
        if h <= 12 && (meridiem || (matches!(prev, Some("pukul")) && h < 24)) {
            let h = pm(h, next);
            return (
                vec![Item::Time((h * 60) as u16)],
                if meridiem { 2 } else { 1 },
            );
        }
        if matches!(prev, Some("pukul")) && h < 24 {
            return (vec![Item::Time((h * 60) as u16)], 1);
        }
    }
    // 5 November 2023 · 5 November
    if let (Some(day), Some(Raw::Word(w))) = (small_int(d, 31), raw.get(i + 1)) {
        if let Some(m) = month(w) {
            let y = year(raw.get(i + 2));
            return (
                vec![Item::Date {
                    year: y,
                    month: Some(m),
                    day: Some(day as u8),
                }],
                if y.is_some() { 3 } else { 2 },
            );
        }
    }
    let Some(mut v) = parse_number(d, lang) else {
        return (Vec::new(), 1);
    };
    let mut used = 1;
    if let Some(s) = next.and_then(scale) {
        v *= s;
        used = 2;
    } else if let Some(y) = year(raw.get(i)).filter(|_| !d.contains(['.', ','])) {
        if (1900..=2100).contains(&y) {
            return (
                vec![Item::Date {
                    year: Some(y),
                    month: None,
                    day: None,
                }],
                1,
            );
        }
    }
    (vec![Item::Num(v)], used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str, lang: Lang) -> Vec<f64> {
        items(text, lang)
            .into_iter()
            .filter_map(|i| match i {
                Item::Num(v) => Some(v),
                _ => None,
            })
            .collect()
    }

    fn times(text: &str, lang: Lang) -> Vec<u16> {
        items(text, lang)
            .into_iter()
            .filter_map(|i| match i {
                Item::Time(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    fn dates(text: &str, lang: Lang) -> Vec<(Option<u16>, Option<u8>, Option<u8>)> {
        items(text, lang)
            .into_iter()
            .filter_map(|i| match i {
                Item::Date { year, month, day } => Some((year, month, day)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn number_formats_follow_the_language() {
        assert_eq!(nums("sebanyak 1.250 orang", Lang::Id), vec![1250.0]);
        assert_eq!(nums("some 1,250 people", Lang::En), vec![1250.0]);
        assert_eq!(nums("naik 3,5 persen", Lang::Id), vec![3.5]);
        assert_eq!(nums("up 3.5 percent", Lang::En), vec![3.5]);
        assert_eq!(nums("Rp 1.250.000", Lang::Id), vec![1_250_000.0]);
        assert_eq!(nums("$1,250,000.50", Lang::En), vec![1_250_000.5]);
        assert_eq!(nums("17,5% wilayah", Lang::Id), vec![17.5]);
        // The same digits read differently by language.
        assert_eq!(nums("1.250", Lang::En), vec![1.25]);
        assert_eq!(nums("1,250", Lang::Id), vec![1.25]);
        assert_eq!(nums("1,250", Lang::Unknown), vec![1250.0]);
    }

    #[test]
    fn scale_words_multiply_figures_in_both_languages() {
        assert_eq!(nums("1,5 juta orang", Lang::Id), vec![1_500_000.0]);
        assert_eq!(nums("1.5 million people", Lang::En), vec![1_500_000.0]);
        assert_eq!(nums("Rp 4 triliun", Lang::Id), vec![4e12]);
        assert_eq!(nums("$2 billion", Lang::En), vec![2e9]);
        assert_eq!(nums("2 miliar dolar", Lang::Id), vec![2e9]);
    }

    #[test]
    fn spelled_numbers_in_both_languages() {
        assert_eq!(nums("tiga hari", Lang::Id), vec![3.0]);
        assert_eq!(nums("a three-day visit", Lang::En), vec![3.0]);
        assert_eq!(nums("dua puluh lima korban", Lang::Id), vec![25.0]);
        assert_eq!(nums("twenty-five victims", Lang::En), vec![25.0]);
        assert_eq!(nums("dua ratus lima puluh ribu", Lang::Id), vec![250_000.0]);
        assert_eq!(
            nums("two hundred fifty thousand", Lang::En),
            vec![250_000.0]
        );
        assert_eq!(nums("seratus ribu", Lang::Id), vec![100_000.0]);
        assert_eq!(nums("sebelas tahun", Lang::Id), vec![11.0]);
        assert_eq!(nums("dua belas", Lang::Id), vec![12.0]);
        assert_eq!(nums("dua juta", Lang::Id), vec![2e6]);
        // "one of" is not a figure.
        assert_eq!(nums("one of the ministers", Lang::En), Vec::<f64>::new());
    }

    #[test]
    fn times_in_both_notations() {
        assert_eq!(times("pukul 19.30 WIB", Lang::Id), vec![19 * 60 + 30]);
        assert_eq!(times("at 7:30 pm", Lang::En), vec![19 * 60 + 30]);
        assert_eq!(
            times("at 7.30 p.m. local time", Lang::En),
            vec![19 * 60 + 30]
        );
        assert_eq!(times("19:30", Lang::En), vec![19 * 60 + 30]);
        assert_eq!(times("pukul 7 malam", Lang::Id), vec![19 * 60]);
        assert_eq!(times("at 7pm", Lang::En), vec![19 * 60]);
        assert_eq!(times("pukul 08.15 pagi", Lang::Id), vec![8 * 60 + 15]);
        // An English decimal is not a time.
        assert_eq!(times("fell 19.30 points", Lang::En), Vec::<u16>::new());
    }

    #[test]
    fn dates_months_and_weekdays_in_both_languages() {
        let d = (Some(2023), Some(11), Some(5));
        assert_eq!(dates("pada 5 November 2023", Lang::Id), vec![d]);
        assert_eq!(dates("on November 5, 2023", Lang::En), vec![d]);
        assert_eq!(dates("on 5 Nov 2023", Lang::En), vec![d]);
        assert_eq!(
            dates("17 Agustus", Lang::Id),
            vec![(None, Some(8), Some(17))]
        );
        assert_eq!(
            dates("August 17", Lang::En),
            vec![(None, Some(8), Some(17))]
        );
        assert_eq!(
            dates("Januari 2024", Lang::Id),
            vec![(Some(2024), Some(1), None)]
        );
        assert_eq!(
            dates("January 2024", Lang::En),
            vec![(Some(2024), Some(1), None)]
        );
        assert_eq!(
            dates("tahun 2014", Lang::Id),
            vec![(Some(2014), None, None)]
        );
        // "may" the verb is no month.
        assert_eq!(dates("they may go", Lang::En), vec![]);
        let wd = |t: &str| {
            items(t, Lang::Unknown)
                .into_iter()
                .filter_map(|i| match i {
                    Item::Weekday(d) => Some(d),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(wd("pada hari Senin"), vec![1]);
        assert_eq!(wd("on Monday"), vec![1]);
        assert_eq!(wd("Jum'at lalu"), vec![5]);
        assert_eq!(wd("last Friday"), vec![5]);
        assert_eq!(wd("Minggu malam"), vec![7]);
        assert_eq!(wd("dua minggu"), Vec::<u8>::new());
    }

    #[test]
    fn diacritics_quotes_and_case_fold() {
        assert_eq!(
            fold("Zelenskyý’s “peace” — São Paulo"),
            "Zelenskyy's \"peace\" - Sao Paulo"
        );
        assert_eq!(fold("Ÿ É Ł"), "Y E L");
        // A decomposed accent (e + combining acute) folds like the composed one.
        assert_eq!(fold("Pe\u{301}rez"), "Perez");
        let w: Vec<Item> = items("Kyiv’s Pérez", Lang::En);
        assert_eq!(
            w,
            vec![
                Item::Word {
                    lower: "kyiv".into(),
                    cap: true,
                    acronym: false
                },
                Item::Word {
                    lower: "perez".into(),
                    cap: true,
                    acronym: false
                }
            ]
        );
    }
}
