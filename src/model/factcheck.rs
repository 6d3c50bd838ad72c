//! `factchecks/<id>.yaml`: a fact-check someone else published (a
//! ClaimReview), kept so that a new claim can be matched against it and
//! its verdict and address shown ("seen before").
//!
//! The file is written by `factdesk import claimreview` and may be edited by
//! hand; its identity is the review's address, normalised
//! ([`normalise_url`]), and its file name is derived from that
//! ([`factcheck_id`]), so importing the same review twice finds the file.

use super::Timestamp;
use serde::{Deserialize, Serialize};

/// One published fact-check. Field order is the file layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactCheck {
    /// The review's address (http or https): what a reader follows, and
    /// (normalised) the key that makes two imports the same fact-check.
    pub url: String,
    /// The review's headline, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The claim that was checked, as the publisher worded it.
    pub claim_reviewed: String,
    /// Who made the claim (ClaimReview `itemReviewed.author`, the Fact Check
    /// Tools `claimant`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    /// Where the claim was seen (`itemReviewed.appearance` addresses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appearances: Vec<String>,
    /// Who published the review.
    #[serde(default, skip_serializing_if = "Publisher::is_empty")]
    pub publisher: Publisher,
    /// The verdict, in the publisher's words and scale.
    #[serde(default, skip_serializing_if = "Rating::is_empty")]
    pub rating: Rating,
    /// When the review was published, as the publisher wrote it (an ISO
    /// 8601 date or time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    /// When the claim was made, as the publisher wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_date: Option<String>,
    /// The review's language (ISO 639 code, e.g. `en`, `id`), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// When factdesk imported it.
    pub imported_at: Timestamp,
    /// What it was imported from: the file name as given on the command
    /// line, inside the workspace, or its base name for a file outside it
    /// (never an absolute path from someone's machine).
    pub source: String,
}

/// The organisation that published a review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Its name ("Full Fact", "Cek Fakta Tempo").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Publisher {
    /// Nothing known: the key is left out of the file.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.url.is_none()
    }
}

/// A review's verdict as published: the words (`alternate_name`, e.g.
/// "False", "Salah", "Missing context") and, when the publisher gave one,
/// the number on its own scale. Numbers are kept as written (`"1"`,
/// `"2.5"`), since scales differ and nothing computes with them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// The textual rating (`reviewRating.alternateName`, `textualRating`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// `ratingValue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_value: Option<String>,
    /// `bestRating`: the value meaning "true" on this scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_rating: Option<String>,
    /// `worstRating`: the value meaning "false" on this scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_rating: Option<String>,
}

impl Rating {
    /// No rating given: the key is left out of the file.
    pub fn is_empty(&self) -> bool {
        self.alternate_name.is_none()
            && self.rating_value.is_none()
            && self.best_rating.is_none()
            && self.worst_rating.is_none()
    }

    /// One short phrase for lists: the words, else "value/best".
    pub fn label(&self) -> Option<String> {
        if let Some(a) = &self.alternate_name {
            return Some(a.clone());
        }
        let v = self.rating_value.as_ref()?;
        Some(match &self.best_rating {
            Some(b) => format!("{v}/{b}"),
            None => v.clone(),
        })
    }
}

impl FactCheck {
    /// The normalised address ([`normalise_url`]), or `None` when `url` is
    /// not a web address (a hand edit gone wrong; `check` reports it).
    pub fn key(&self) -> Option<String> {
        normalise_url(&self.url)
    }

    /// The file stem ([`factcheck_id`]) this review belongs in.
    pub fn id(&self) -> Option<String> {
        self.key().map(|k| factcheck_id(&k))
    }

    /// "Full Fact: False" — publisher and rating, for a line or an
    /// evidence description; either part may be missing.
    pub fn verdict_line(&self) -> String {
        let who = self
            .publisher
            .name
            .clone()
            .or_else(|| self.publisher.url.clone())
            .or_else(|| self.key().and_then(|k| host_of(&k)))
            .unwrap_or_else(|| "unknown publisher".into());
        match self.rating.label() {
            Some(r) => format!("{who}: {r}"),
            None => format!("{who}: no rating given"),
        }
    }
}

/// Query parameters that only track who clicked, never which page it is.
const TRACKING: &[&str] = &["fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ref_src"];

/// The identity of a review address: `https://`, the host in lower case
/// without `www.`, default port dropped, no fragment, no tracking
/// parameters (`utm_*`, `fbclid`, …), no trailing `/` on the path. Two
/// addresses a reader would take for the same page get the same key;
/// `None` when the text is not an http(s) address ([`super::web_url`]).
pub fn normalise_url(text: &str) -> Option<String> {
    let u = super::web_url(text.trim()).ok()?;
    let host = u.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let port = u
        .port()
        .filter(|p| !(*p == 80 || *p == 443))
        .map_or(String::new(), |p| format!(":{p}"));
    let path = u.path();
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        ""
    };
    let query: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("utm_") && !TRACKING.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let query = if query.is_empty() {
        String::new()
    } else {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &query {
            q.append_pair(k, v);
        }
        format!("?{}", q.finish())
    };
    Some(format!("https://{host}{port}{path}{query}"))
}

/// The host of a normalised address.
fn host_of(key: &str) -> Option<String> {
    url::Url::parse(key).ok()?.host_str().map(str::to_string)
}

/// The file stem of a review: its host (letters, digits, `.` and `-`, at
/// most 40 characters) and the first 12 hex digits of the sha256 of the
/// normalised address, e.g. `fullfact.org-3f1c2a9b0d4e`. Short, stable,
/// readable in a listing, and the same for every import of one review.
pub fn factcheck_id(key: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let host: String = host_of(key)
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    let host = host.trim_matches(|c| c == '.' || c == '-');
    if host.is_empty() {
        hex
    } else {
        format!("{host}-{hex}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_a_reader_takes_for_one_page_share_a_key() {
        let k = normalise_url("https://fullfact.org/health/x/").unwrap();
        assert_eq!(k, "https://fullfact.org/health/x");
        for same in [
            "http://www.FullFact.org/health/x",
            "https://fullfact.org:443/health/x#top",
            "https://fullfact.org/health/x?utm_source=tw&fbclid=1",
        ] {
            assert_eq!(normalise_url(same).as_deref(), Some(k.as_str()), "{same}");
        }
        assert_ne!(normalise_url("https://fullfact.org/health/y"), Some(k));
        assert_eq!(
            normalise_url("https://example.org/?p=12&utm_medium=x").as_deref(),
            Some("https://example.org?p=12")
        );
        assert_eq!(normalise_url("ftp://example.org/x"), None);
        assert_eq!(normalise_url("not a url"), None);
    }

    #[test]
    fn ids_are_host_and_hash() {
        let k = normalise_url("https://www.cekfakta.tempo.co/fakta/123").unwrap();
        let id = factcheck_id(&k);
        assert!(id.starts_with("cekfakta.tempo.co-"), "{id}");
        assert_eq!(id.len(), "cekfakta.tempo.co-".len() + 12);
        assert_eq!(id, factcheck_id(&k));
        let ip = factcheck_id("https://[::1]:8080/x");
        assert!(ip
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
        assert_ne!(
            factcheck_id(&k),
            factcheck_id("https://cekfakta.tempo.co/fakta/124")
        );
    }

    #[test]
    fn rating_label_prefers_words() {
        let mut r = Rating {
            rating_value: Some("1".into()),
            best_rating: Some("5".into()),
            ..Rating::default()
        };
        assert_eq!(r.label().as_deref(), Some("1/5"));
        r.alternate_name = Some("False".into());
        assert_eq!(r.label().as_deref(), Some("False"));
        assert_eq!(Rating::default().label(), None);
    }
}
