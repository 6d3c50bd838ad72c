//! `.factdesk/links.yaml`: the last `factdesk links --record`, so `status`
//! can say how many links were dead without going to the network.

use super::named_enum;
use super::Timestamp;
use serde::{Deserialize, Serialize};

named_enum! {
    /// What re-checking a link found, worst first.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum LinkState {
        /// 4xx or 5xx, or no answer at all (DNS, TLS, connection, timeout).
        Dead = "dead",
        /// Redirected to another address than the one recorded.
        Moved = "moved",
        /// Answers, but the body differs from the capture's sha256.
        Changed = "changed",
        /// Could not be judged (a body over the size limit, broken HTTP).
        Unknown = "unknown",
        /// Answers 2xx where it was recorded, unchanged if captured.
        Fine = "fine",
    }
}

/// One link re-checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkResult {
    /// Where it is recorded: `CASE` (the article's URL) or `CASE/cNN#N`
    /// (evidence item N of a claim).
    pub source: String,
    /// The address as recorded.
    pub url: String,
    /// What the check found.
    pub state: LinkState,
    /// The final HTTP status, when there was an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Where the redirects ended, when not at `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// Why, in words ("HTTP 404 Not Found", "body differs from the capture").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// The record of one `factdesk links --record`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksRecord {
    /// When the check ran.
    pub checked_at: Timestamp,
    /// The case checked, or none for the whole workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// Every link, in case and claim order.
    #[serde(default)]
    pub links: Vec<LinkResult>,
}

impl LinksRecord {
    /// How many links are in `state`.
    pub fn count(&self, state: LinkState) -> usize {
        self.links.iter().filter(|l| l.state == state).count()
    }
}
