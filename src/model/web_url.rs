//! The one test of a web address (evidence, archive and article URLs), so
//! that entry (`ops`) and `check` cannot disagree about what is accepted.

use std::fmt;

/// Why a text is not a web address a reader can follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlProblem {
    text: String,
    kind: UrlProblemKind,
}

/// The kinds of [`UrlProblem`], for callers that branch on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblemKind {
    /// Nothing but spaces.
    Empty,
    /// A space, line break or control character anywhere.
    Space,
    /// A backslash, which browsers read as `/` (and parsers disagree on).
    Backslash,
    /// Not `http://…` or `https://…` (a bare domain, a relative path).
    NotAbsolute,
    /// Another scheme: `javascript:`, `mailto:`, `ftp:`, `file:`…
    NotWeb,
    /// http(s), but no usable site name; the parser's reason.
    BadHost(String),
}

impl UrlProblem {
    /// Which problem it is.
    pub fn kind(&self) -> &UrlProblemKind {
        &self.kind
    }

    /// One sentence naming the address and what is wrong with it.
    pub fn what(&self) -> String {
        let t = &self.text;
        match &self.kind {
            UrlProblemKind::Empty => "the URL is empty".into(),
            UrlProblemKind::Space => {
                format!("`{t}` contains a space, line break or control character")
            }
            UrlProblemKind::Backslash => format!("`{t}` contains a backslash"),
            UrlProblemKind::NotAbsolute => format!("`{t}` is not an absolute http(s) URL"),
            UrlProblemKind::NotWeb => format!("`{t}` is not an http(s) URL"),
            UrlProblemKind::BadHost(why) => format!("`{t}` has no valid site name ({why})"),
        }
    }

    /// What the editor should do instead.
    pub fn hint(&self) -> &'static str {
        match &self.kind {
            UrlProblemKind::Space => {
                "copy the address again from the browser's address bar (a space is written %20)"
            }
            UrlProblemKind::Backslash => {
                "write the address with / only, copied from the browser's address bar"
            }
            UrlProblemKind::NotWeb => {
                "readers can follow only web pages: give the full http:// or https:// address"
            }
            UrlProblemKind::Empty | UrlProblemKind::NotAbsolute | UrlProblemKind::BadHost(_) => {
                "readers must be able to follow every source: give the full https:// address"
            }
        }
    }
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.what(), self.hint())
    }
}

impl std::error::Error for UrlProblem {}

/// Accepts only an absolute `http://` or `https://` address with a site
/// name and no whitespace, control character or backslash: what a reader
/// can follow, and what every renderer (Markdown, HTML, ClaimReview) reads
/// the same way. The text is checked as written, not as a lenient parser
/// would repair it (`https:example.org`, a trailing space).
pub fn web_url(text: &str) -> Result<url::Url, UrlProblem> {
    let fail = |kind| {
        Err(UrlProblem {
            text: text.to_string(),
            kind,
        })
    };
    if text.trim().is_empty() {
        return fail(UrlProblemKind::Empty);
    }
    // The scheme as written: the parser would repair `https:example.org`.
    let scheme = text
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
        .map(str::to_ascii_lowercase);
    if scheme
        .as_deref()
        .is_some_and(|s| s != "http" && s != "https")
    {
        return fail(UrlProblemKind::NotWeb);
    }
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return fail(UrlProblemKind::NotAbsolute);
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail(UrlProblemKind::Space);
    }
    if text.contains('\\') {
        return fail(UrlProblemKind::Backslash);
    }
    let parsed = url::Url::parse(text).or_else(|e| fail(UrlProblemKind::BadHost(e.to_string())))?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return fail(UrlProblemKind::BadHost("no host".into()));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> UrlProblemKind {
        web_url(s).unwrap_err().kind
    }

    #[test]
    fn accepts_web_addresses() {
        for s in [
            "https://example.org/x",
            "http://example.org",
            "HTTPS://Example.org/a?b=c#d",
            "https://web.archive.org/web/2023/https://example.org/x",
            "https://xn--bcher-kva.example/",
            "https://bücher.example/pfad",
            "https://[::1]:8080/",
            "https://a",
        ] {
            assert!(web_url(s).is_ok(), "{s}: {:?}", web_url(s));
        }
    }

    #[test]
    fn refuses_what_a_reader_cannot_follow() {
        use UrlProblemKind::*;
        assert_eq!(kind(""), Empty);
        assert_eq!(kind("  "), Empty);
        assert_eq!(kind("not a url"), NotAbsolute);
        assert_eq!(kind(" https://example.org"), NotAbsolute);
        assert_eq!(kind("https://example.org/a b"), Space);
        assert_eq!(kind("https://example.org/\n"), Space);
        assert_eq!(kind("https://exa\u{7}mple.org"), Space);
        assert_eq!(kind("https://example.org\\@evil.example"), Backslash);
        assert_eq!(kind("example.org/x"), NotAbsolute);
        assert_eq!(kind("/relative/path"), NotAbsolute);
        assert_eq!(kind("//example.org/x"), NotAbsolute);
        assert_eq!(kind("https:example.org"), NotAbsolute);
        assert_eq!(kind("https:/example.org"), NotAbsolute);
        assert_eq!(kind("javascript:alert(5)"), NotWeb);
        assert_eq!(kind("JavaScript:alert(5)"), NotWeb);
        assert_eq!(kind("data:text/html,<b>x</b>"), NotWeb);
        assert_eq!(kind("mailto:desk@example.org"), NotWeb);
        assert_eq!(kind("file:///etc/passwd"), NotWeb);
        assert_eq!(kind("ftp://example.org/x"), NotWeb);
        assert_eq!(kind("httpx://example.org/x"), NotWeb);
        assert!(matches!(kind("https://"), BadHost(_)));
        assert!(matches!(kind("http://[::1/"), BadHost(_)));
    }

    #[test]
    fn the_reason_names_the_text_and_what_to_do() {
        let p = web_url("not a url").unwrap_err();
        assert!(p.what().contains("`not a url`"), "{p}");
        let p = web_url("https://example.org/a b").unwrap_err();
        assert!(p.to_string().contains("address bar"), "{p}");
        let p = web_url("example.org/x").unwrap_err();
        assert_eq!(p.what(), "`example.org/x` is not an absolute http(s) URL");
        assert!(p.hint().contains("full https:// address"));
        let p = web_url("javascript:alert(5)").unwrap_err();
        assert!(p.what().contains("not an http(s) URL"), "{p}");
    }
}
