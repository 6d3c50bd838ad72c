//! schema.org ClaimReview, in every shape publishers and tools write it:
//! one object, an array, `@graph`, objects nesting a review (`mainEntity`,
//! `review`), the `<script type="application/ld+json">` blocks of a saved
//! page, and the Google Fact Check Tools API shape
//! (`{"claims": [{"text", "claimant", "claimDate", "claimReview": [...]}]}`).
//!
//! Strict where it matters: a review without an http(s) `url` or without
//! the claim it reviewed is an error naming where it is (a JSON path such
//! as `$.claims[2].claimReview[0]`), so an import is all or nothing.
//! Lenient where publishers differ: `@type` as a string, a list or a full
//! IRI; numbers or strings for ratings; a person as text or an object.

use crate::model::{web_url, FactCheck, Publisher, Rating, Timestamp};
use serde_json::{Map, Value};

/// One review found, with where it was in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// A JSON path to the review (`$[1]`, `$.@graph[0]`), for messages.
    pub at: String,
    /// The review, with `imported_at` and `source` as given to [`parse`].
    pub fact_check: FactCheck,
}

/// Why an input gives no fact-checks: what is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{what}", .at.as_ref().map_or(String::new(), |a| format!("{a}: ")))]
pub struct Problem {
    /// Where: `line 3, column 7` for JSON syntax, a JSON path otherwise
    /// (prefixed with the script's number in a page).
    pub at: Option<String>,
    /// What is wrong, in one sentence.
    pub what: String,
}

impl Problem {
    fn new(at: impl Into<String>, what: impl Into<String>) -> Self {
        Self {
            at: Some(at.into()),
            what: what.into(),
        }
    }
}

/// How the text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// JSON or JSON-LD (`.json`, `.jsonld`).
    Json,
    /// A saved web page (`.html`, `.htm`): its `application/ld+json`
    /// scripts. Scripts that are not JSON are skipped (pages carry many
    /// unrelated ones); a page without a review is an error.
    Html,
}

/// Every review in `text`. `source` and `imported_at` are recorded on
/// each. An input with no review at all is a [`Problem`] too: importing
/// the wrong file should not pass silently.
pub fn parse(
    text: &str,
    shape: Shape,
    source: &str,
    imported_at: Timestamp,
) -> Result<Vec<Found>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let stamp = Stamp {
        source,
        imported_at,
    };
    match shape {
        Shape::Json => {
            let value: Value = serde_json::from_str(text).map_err(|e| Problem {
                at: Some(format!("line {}, column {}", e.line(), e.column())),
                what: format!("not valid JSON: {}", json_reason(&e)),
            })?;
            walk(&value, "$".into(), &stamp, &mut out)?;
        }
        Shape::Html => {
            for (i, script) in crate::web::extract::json_ld_scripts(text)
                .iter()
                .enumerate()
            {
                let Ok(value) = serde_json::from_str::<Value>(script) else {
                    continue;
                };
                walk(&value, format!("script {}: $", i + 1), &stamp, &mut out)?;
            }
        }
    }
    if out.is_empty() {
        return Err(Problem {
            at: None,
            what: "no ClaimReview found (looked for `@type: ClaimReview` in objects, arrays and `@graph`, and for the Fact Check Tools `claims` shape)".into(),
        });
    }
    Ok(out)
}

/// serde_json's message without its own " at line X column Y".
fn json_reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

struct Stamp<'a> {
    source: &'a str,
    imported_at: Timestamp,
}

/// Finds reviews anywhere in `v`; a review's own children are not searched.
fn walk(v: &Value, at: String, stamp: &Stamp<'_>, out: &mut Vec<Found>) -> Result<(), Problem> {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{at}[{i}]"), stamp, out)?;
            }
        }
        Value::Object(map) => {
            if has_type(map, "ClaimReview") {
                out.push(Found {
                    fact_check: review(map, &at, stamp)?,
                    at,
                });
            } else if map.contains_key("claimReview") && !map.contains_key("@type") {
                google_claim(map, &at, stamp, out)?;
            } else {
                for (k, child) in map {
                    if child.is_object() || child.is_array() {
                        walk(child, format!("{at}.{k}"), stamp, out)?;
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// `@type` names `ty`: as a string or in a list, bare (`ClaimReview`),
/// prefixed (`schema:ClaimReview`) or as an IRI.
fn has_type(map: &Map<String, Value>, ty: &str) -> bool {
    let is = |v: &Value| {
        v.as_str().is_some_and(|s| {
            let last = s.rsplit(['/', ':', '#']).next().unwrap_or(s);
            last.trim() == ty
        })
    };
    match map.get("@type") {
        Some(Value::Array(a)) => a.iter().any(is),
        Some(v) => is(v),
        None => false,
    }
}

/// A value as one line of text: a string, a number, an object's `name`
/// (or `@value`), the first such item of a list.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(m) => text(m.get("name")).or_else(|| text(m.get("@value"))),
        Value::Array(a) => a.iter().find_map(|x| text(Some(x))),
        Value::Null => None,
    }
}

/// People or organisations as one text: names joined with ", ".
fn names(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Array(a) => {
            let all: Vec<String> = a.iter().filter_map(|x| text(Some(x))).collect();
            Some(all.join(", ")).filter(|s| !s.is_empty())
        }
        other => text(Some(other)),
    }
}

/// The web addresses among `v`: strings, objects' `url` (or `@id`), lists.
fn addresses(v: Option<&Value>, out: &mut Vec<String>) {
    match v {
        Some(Value::String(s)) if web_url(s.trim()).is_ok() => {
            let s = s.trim().to_string();
            if !out.contains(&s) {
                out.push(s);
            }
        }
        Some(Value::Object(m)) => {
            addresses(m.get("url").or_else(|| m.get("@id")), out);
        }
        Some(Value::Array(a)) => a.iter().for_each(|x| addresses(Some(x), out)),
        _ => {}
    }
}

/// An address that must be a web address: the review's own.
fn review_url(raw: Option<String>, at: &str) -> Result<String, Problem> {
    let Some(url) = raw else {
        return Err(Problem::new(
            at,
            "the review has no `url`: without its address it can be neither shown nor told apart from others",
        ));
    };
    web_url(&url).map_err(|p| Problem::new(at, format!("the review's `url`: {}", p.what())))?;
    Ok(url)
}

/// An optional address: kept only when it is a web address.
fn optional_url(v: Option<String>) -> Option<String> {
    v.filter(|u| web_url(u).is_ok())
}

/// A schema.org ClaimReview object.
fn review(map: &Map<String, Value>, at: &str, stamp: &Stamp<'_>) -> Result<FactCheck, Problem> {
    let url = text(map.get("url")).or_else(|| text(map.get("@id")).filter(|u| web_url(u).is_ok()));
    let url = review_url(url, at)?;
    let item = map.get("itemReviewed").and_then(Value::as_object);
    let get = |k: &str| item.and_then(|i| i.get(k));
    let claim_reviewed = text(map.get("claimReviewed"))
        .or_else(|| text(get("text")))
        .or_else(|| text(get("name")))
        .ok_or_else(|| {
            Problem::new(
                at,
                "the review does not say which claim it reviewed (no `claimReviewed`, nor `itemReviewed` with a text or name)",
            )
        })?;
    let mut appearances = Vec::new();
    addresses(get("appearance"), &mut appearances);
    addresses(get("firstAppearance"), &mut appearances);
    let publisher = publisher(map.get("publisher").or_else(|| map.get("author")));
    let rating = map
        .get("reviewRating")
        .map(|r| {
            let r = match r {
                Value::Array(a) => a.first().unwrap_or(&Value::Null),
                other => other,
            };
            let o = r.as_object();
            let field = |k: &str| o.and_then(|o| text(o.get(k)));
            Rating {
                alternate_name: field("alternateName")
                    .or_else(|| field("name"))
                    .or_else(|| r.as_str().map(|s| s.trim().to_string())),
                rating_value: field("ratingValue"),
                best_rating: field("bestRating"),
                worst_rating: field("worstRating"),
            }
        })
        .unwrap_or_default();
    let claim_date = text(get("datePublished")).or_else(|| {
        get("firstAppearance")
            .and_then(Value::as_object)
            .and_then(|f| text(f.get("datePublished")))
    });
    let language = match map.get("inLanguage") {
        Some(Value::Object(m)) => text(m.get("alternateName")).or_else(|| text(m.get("name"))),
        other => text(other),
    };
    Ok(FactCheck {
        url,
        title: text(map.get("headline")).or_else(|| text(map.get("name"))),
        claim_reviewed,
        claimant: names(get("author")),
        appearances,
        publisher,
        rating,
        date_published: text(map.get("datePublished")),
        claim_date,
        language,
        imported_at: stamp.imported_at,
        source: stamp.source.to_string(),
    })
}

/// `publisher` or `author` of a review: an organisation object, or a name.
fn publisher(v: Option<&Value>) -> Publisher {
    let v = match v {
        Some(Value::Array(a)) => a.first(),
        other => other,
    };
    match v {
        Some(Value::Object(m)) => Publisher {
            name: text(m.get("name")),
            url: optional_url(text(m.get("url")).or_else(|| text(m.get("@id")))),
        },
        other => Publisher {
            name: text(other),
            url: None,
        },
    }
}

/// One claim of the Google Fact Check Tools shape, with its reviews.
fn google_claim(
    claim: &Map<String, Value>,
    at: &str,
    stamp: &Stamp<'_>,
    out: &mut Vec<Found>,
) -> Result<(), Problem> {
    let reviews: Vec<&Value> = match claim.get("claimReview") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    if reviews.is_empty() {
        return Err(Problem::new(
            format!("{at}.claimReview"),
            "a claim with an empty `claimReview`: no review to import",
        ));
    }
    for (i, r) in reviews.into_iter().enumerate() {
        let here = format!("{at}.claimReview[{i}]");
        let Some(r) = r.as_object() else {
            return Err(Problem::new(here, "a review must be an object"));
        };
        let url = review_url(text(r.get("url")), &here)?;
        let claim_reviewed = text(claim.get("text")).ok_or_else(|| {
            Problem::new(
                at,
                "the claim has no `text`: the review does not say what it reviewed",
            )
        })?;
        let p = r.get("publisher").and_then(Value::as_object);
        let site = p.and_then(|p| text(p.get("site")));
        let site_url = site.and_then(|s| {
            if s.contains("://") {
                optional_url(Some(s))
            } else {
                optional_url(Some(format!("https://{s}")))
            }
        });
        out.push(Found {
            at: here,
            fact_check: FactCheck {
                url,
                title: text(r.get("title")),
                claim_reviewed,
                claimant: text(claim.get("claimant")),
                appearances: Vec::new(),
                publisher: Publisher {
                    name: p.and_then(|p| text(p.get("name"))),
                    url: site_url,
                },
                rating: Rating {
                    alternate_name: text(r.get("textualRating")),
                    ..Rating::default()
                },
                date_published: text(r.get("reviewDate")),
                claim_date: text(claim.get("claimDate")),
                language: text(r.get("languageCode")),
                imported_at: stamp.imported_at,
                source: stamp.source.to_string(),
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00+07:00").unwrap()
    }

    fn json(text: &str) -> Result<Vec<Found>, Problem> {
        parse(text, Shape::Json, "t.json", at())
    }

    const ONE: &str = r#"{
      "@context": "https://schema.org",
      "@type": ["ClaimReview"],
      "url": "https://factcheck.example/a",
      "claimReviewed": "The bridge cost 3 trillion rupiah.",
      "itemReviewed": {"@type": "Claim", "author": [{"@type": "Person", "name": "A. Minister"}, "B"],
        "datePublished": "2024-04-01",
        "appearance": [{"url": "https://news.example/x"}, "javascript:alert(1)", "https://news.example/y"]},
      "author": {"@type": "Organization", "name": "Cek Fakta", "url": "https://factcheck.example"},
      "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": "5", "worstRating": 1, "alternateName": "Salah"},
      "datePublished": "2024-04-03",
      "inLanguage": {"@type": "Language", "name": "Indonesian", "alternateName": "id"}
    }"#;

    #[test]
    fn a_single_object_with_every_field() {
        let got = json(ONE).unwrap();
        assert_eq!(got.len(), 1);
        let f = &got[0].fact_check;
        assert_eq!(got[0].at, "$");
        assert_eq!(f.url, "https://factcheck.example/a");
        assert_eq!(f.claim_reviewed, "The bridge cost 3 trillion rupiah.");
        assert_eq!(f.claimant.as_deref(), Some("A. Minister, B"));
        assert_eq!(
            f.appearances,
            ["https://news.example/x", "https://news.example/y"]
        );
        assert_eq!(f.publisher.name.as_deref(), Some("Cek Fakta"));
        assert_eq!(
            f.publisher.url.as_deref(),
            Some("https://factcheck.example")
        );
        assert_eq!(f.rating.alternate_name.as_deref(), Some("Salah"));
        assert_eq!(f.rating.rating_value.as_deref(), Some("1"));
        assert_eq!(f.rating.best_rating.as_deref(), Some("5"));
        assert_eq!(f.date_published.as_deref(), Some("2024-04-03"));
        assert_eq!(f.claim_date.as_deref(), Some("2024-04-01"));
        assert_eq!(f.language.as_deref(), Some("id"));
        assert_eq!(f.source, "t.json");
    }

    #[test]
    fn arrays_graphs_nesting_and_iris() {
        let text = r#"[
          {"@type": "WebSite", "name": "x"},
          {"@graph": [{"@type": "schema:ClaimReview", "url": "https://a.example/1", "claimReviewed": "one"}]},
          {"@type": "WebPage", "mainEntity": {"@type": "http://schema.org/ClaimReview", "url": "https://a.example/2", "itemReviewed": {"name": "two"}}}
        ]"#;
        let got = json(text).unwrap();
        let ats: Vec<&str> = got.iter().map(|f| f.at.as_str()).collect();
        assert_eq!(ats, ["$[1].@graph[0]", "$[2].mainEntity"]);
        assert_eq!(got[1].fact_check.claim_reviewed, "two");
    }

    #[test]
    fn the_fact_check_tools_shape() {
        let text = r#"{"claims": [{"text": "Klaim satu", "claimant": "Akun X", "claimDate": "2024-01-02T00:00:00Z",
          "claimReview": [{"publisher": {"name": "Tempo", "site": "cekfakta.tempo.co"}, "url": "https://cekfakta.tempo.co/fakta/1",
            "title": "Keliru", "reviewDate": "2024-01-05T00:00:00Z", "textualRating": "Keliru", "languageCode": "id"},
            {"publisher": {"name": "AFP"}, "url": "https://factcheck.afp.com/x", "textualRating": "False", "languageCode": "en"}]}],
          "nextPageToken": "abc"}"#;
        let got = json(text).unwrap();
        assert_eq!(got.len(), 2);
        let f = &got[0].fact_check;
        assert_eq!(got[0].at, "$.claims[0].claimReview[0]");
        assert_eq!(f.claim_reviewed, "Klaim satu");
        assert_eq!(f.claimant.as_deref(), Some("Akun X"));
        assert_eq!(
            f.publisher.url.as_deref(),
            Some("https://cekfakta.tempo.co")
        );
        assert_eq!(f.rating.label().as_deref(), Some("Keliru"));
        assert_eq!(f.claim_date.as_deref(), Some("2024-01-02T00:00:00Z"));
        assert_eq!(got[1].fact_check.language.as_deref(), Some("en"));
    }

    #[test]
    fn malformed_input_says_where() {
        let e = json("{\"@type\": \"ClaimReview\",\n \"url\": }").unwrap_err();
        assert_eq!(e.at.as_deref(), Some("line 2, column 9"), "{e}");
        assert!(e.what.starts_with("not valid JSON"), "{e}");
        let e = json(r#"[{"@type":"ClaimReview","claimReviewed":"x"}]"#).unwrap_err();
        assert_eq!(e.at.as_deref(), Some("$[0]"));
        assert!(e.what.contains("no `url`"), "{e}");
        let e = json(r#"{"@type":"ClaimReview","url":"ftp://x.example/a","claimReviewed":"x"}"#)
            .unwrap_err();
        assert!(e.what.contains("not an http(s) URL"), "{e}");
        let e = json(r#"{"@type":"ClaimReview","url":"https://x.example/a"}"#).unwrap_err();
        assert!(e.what.contains("which claim"), "{e}");
        let e = json(r#"{"@type":"NewsArticle","headline":"x"}"#).unwrap_err();
        assert!(e.what.contains("no ClaimReview found"), "{e}");
        let e = json(r#"{"claims":[{"text":"t","claimReview":[{"textualRating":"False"}]}]}"#)
            .unwrap_err();
        assert_eq!(e.at.as_deref(), Some("$.claims[0].claimReview[0]"));
    }

    #[test]
    fn pages_give_their_json_ld_scripts() {
        let page = format!(
            "<html><head><script type=\"application/ld+json\">{{broken</script>\
             <script type=\"application/ld+json\">{ONE}</script></head><body>x</body></html>"
        );
        let got = parse(&page, Shape::Html, "p.html", at()).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].at, "script 2: $");
        let e = parse("<html><p>no data</p></html>", Shape::Html, "p.html", at()).unwrap_err();
        assert!(e.what.contains("no ClaimReview"));
    }
}
