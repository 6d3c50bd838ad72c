//! Credits and page furniture that wire copy glues to running text: the
//! "(Reporting by …; Editing by …)" block at the end of the last
//! paragraph, editor codes such as "(Uu.H-AK)" and "(ham/antaranews.com)",
//! "Published in <newspaper>, <date>". A checker must never be asked to
//! check them, on their own line or glued to a sentence.
//!
//! Every test here looks at one line or one sentence, a bounded prefix or
//! suffix of it, so segmentation stays linear.

use super::lexicon::starts_with_ci;

/// How a parenthesised credit block starts (compared case-insensitively):
/// "(Reporting by …)", "(Writing by …)", "(Editing by …)".
const CREDIT_BLOCK_PREFIXES: &[&str] = &[
    "reporting by",
    "additional reporting",
    "writing by",
    "editing by",
    "compiled by",
    "reported by",
    "written by",
    "edited by",
    "laporan oleh",
    "penulis:",
    "pewarta:",
    "editor:",
    "reporter:",
    "penyunting:",
    "redaktur:",
];

/// How a credit sentence glued after the last sentence starts: the block
/// prefixes, with or without their parenthesis, and the editor lines.
const CREDIT_SENTENCE_PREFIXES: &[&str] = &[
    "(reporting by",
    "(additional reporting",
    "(writing by",
    "(editing by",
    "(compiled by",
    "(laporan oleh",
    "reporting by",
    "additional reporting by",
    "writing by",
    "editing by",
    "editor:",
    "editor :",
    "pewarta:",
    "pewarta :",
    "penulis:",
    "penulis :",
    "redaktur:",
    "reporter:",
    "penyunting:",
];

/// How a page's call to action starts: newsletter, channel and app
/// promotions that extraction from a web page can leave inside the last
/// paragraph ("Dapatkan update berita pilihan …", "Sign up for our …").
const PROMO_SENTENCE_PREFIXES: &[&str] = &[
    "dapatkan update berita",
    "dapatkan berita",
    "mari bergabung",
    "yuk bergabung",
    "yuk, bergabung",
    "ikuti kami",
    "ikuti berita",
    "simak berita",
    "baca juga:",
    "baca juga :",
    "anda harus menginstal",
    "klik di sini",
    "sign up for",
    "subscribe to",
    "follow us on",
    "download our app",
    "download the app",
    "click here",
    "read more:",
];

/// `(Uu.H-AK)`, `(ant)`, `(nvl/ara)`, `(ham/antaranews.com)`, `(*)`: a
/// parenthesised editor or reporter code.
pub(super) fn is_agency_code(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
        return false;
    };
    !inner.is_empty()
        && inner.len() <= 32
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '*' | '_'))
        && !inner.chars().all(|c| c.is_ascii_digit())
}

/// A parenthesised credit block: "(Reporting by A; Editing by B)".
fn is_credit_block(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
        return false;
    };
    s.len() <= 400
        && CREDIT_BLOCK_PREFIXES
            .iter()
            .any(|p| starts_with_ci(inner.trim_start(), p))
}

/// Where a credit glued to the end of `line` starts (a code or a credit
/// block in parentheses), when something precedes it.
pub(super) fn trailing_credit(line: &str) -> Option<usize> {
    if !line.ends_with(')') {
        return None;
    }
    // A credit block has no nested parentheses: the last '(' opens it. Its
    // length is bounded, so the search is too.
    let mut from = line.len().saturating_sub(420);
    while from > 0 && !line.is_char_boundary(from) {
        from -= 1;
    }
    let open = from + line.get(from..)?.rfind('(')?;
    let tail = line.get(open..)?;
    (open > 0 && (is_agency_code(tail) || is_credit_block(tail))).then_some(open)
}

/// The line without a credit glued to its end.
pub(super) fn without_credit(line: &str) -> &str {
    match trailing_credit(line) {
        Some(open) => line.get(..open).unwrap_or(line).trim_end(),
        None => line,
    }
}

/// A sentence that is a credit or a page's call to action, not a claim:
/// "(Reporting by …)", "Editor: …", a code, "Mari bergabung di saluran …".
pub(super) fn is_credit_sentence(s: &str) -> bool {
    let s = s.trim();
    CREDIT_SENTENCE_PREFIXES
        .iter()
        .chain(PROMO_SENTENCE_PREFIXES)
        .any(|p| starts_with_ci(s, p))
        || is_agency_code(s)
        || is_credit_block(s)
}

/// "Published in The Daily Star, 12 March 2024", "Dimuat di Harian X,
/// 16 Maret 2024": where and when a page was printed.
pub(super) fn is_published_line(line: &str, words: usize) -> bool {
    [
        "published in ",
        "first published in ",
        "dimuat di ",
        "diterbitkan di ",
        "terbit di ",
    ]
    .iter()
    .any(|p| starts_with_ci(line, p))
        && words <= 14
        && line.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_credits_are_found() {
        let l = "Prices rose, the office said. (Reporting by Jane Doe; Editing by Tom Roe)";
        let at = trailing_credit(l).expect("credit");
        assert_eq!(&l[at..], "(Reporting by Jane Doe; Editing by Tom Roe)");
        assert_eq!(without_credit(l), "Prices rose, the office said.");
        let l = "Kata dia. (ham/antaranews.com)";
        assert_eq!(without_credit(l), "Kata dia.");
        let l = "Harga naik. (Uu.H-AK)";
        assert_eq!(without_credit(l), "Harga naik.");
        // A parenthesis that is running text stays.
        let l = "The agency (BPS) said prices rose (by 5%)";
        assert_eq!(without_credit(l), l);
        assert_eq!(trailing_credit("(Reporting by Jane Doe)"), None);
    }

    #[test]
    fn credit_sentences() {
        for s in [
            "(Reporting by Jane Doe; Editing by Tom Roe)",
            "Editor: Budi Santoso",
            "Pewarta: Dimas",
            "(Rk.M-AD)",
            "(Writing by A; Editing by B)",
        ] {
            assert!(is_credit_sentence(s), "{s}");
        }
        assert!(!is_credit_sentence("Editors met on Monday to discuss it."));
        for promo in [
            "Dapatkan update berita pilihan dan breaking news setiap hari dari Warta Nusa.",
            "Mari bergabung di saluran WhatsApp Warta Nusa dengan klik tautan ini, lalu ikuti.",
            "Anda harus menginstal aplikasi WhatsApp terlebih dahulu di ponsel.",
            "Sign up for our morning briefing.",
        ] {
            assert!(is_credit_sentence(promo), "{promo}");
        }
        assert!(!is_credit_sentence(
            "Subscribers to the scheme rose 12% in 2023, the ministry said."
        ));
        assert!(is_published_line(
            "Published in The Saigon Courier, 29 October 2024",
            7
        ));
        assert!(!is_published_line(
            "Published in the spring, the report found nothing.",
            8
        ));
    }
}
