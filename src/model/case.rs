//! `case.yaml`: one article under check.

use super::claim::Capture;
use super::ids::CaseId;
use super::Timestamp;
use serde::{Deserialize, Serialize};

/// Metadata of one case; the article itself lives beside it in `article.txt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Equals the folder name.
    pub id: CaseId,
    /// The article's headline.
    pub title: String,
    /// Who published the article we are checking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Byline as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// BCP 47 language tag of the article text (`id`, `en`, …).
    pub language: String,
    /// Where the article was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication time with the outlet's own UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Timestamp>,
    /// The dateline place ("KYIV"), if the article has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// When factdesk took the article in.
    pub intake: Timestamp,
    /// Who the article as a whole comes through, outermost first:
    /// the outlet, then the agency it republishes, and so on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_chain: Vec<Source>,
    /// Editors working on the case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignees: Vec<String>,
    /// Marks the case for publication; review rules apply to it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub publish: bool,
    /// sha256 of `article.txt`, hex; proves the article was never rewritten.
    pub article_sha256: String,
    /// The page the article was extracted from, when `new` fetched it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Capture>,
}

/// One link of a source chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who: an outlet, an agency, a person, or a description of an unnamed source.
    pub name: String,
    /// How they pass it on: `publishes`, `republishes`, `cites`, `reports`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The source is not named.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
}
