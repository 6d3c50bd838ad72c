//! `factdesk.yaml`: the workspace marker and its policies.

use super::status::VerdictScale;
use serde::{Deserialize, Serialize};

/// The current on-disk format; bumped only with a migration.
pub const FORMAT_VERSION: u32 = 1;

/// Workspace-wide settings, read from `factdesk.yaml` at the repository root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceConfig {
    /// Format version of every file in the workspace.
    pub format: u32,
    /// Publisher name used in reports and ClaimReview `author`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// A second person must approve a verdict before it is publishable.
    #[serde(default)]
    pub require_review: bool,
    /// Claims untouched for this many days count as stale in dashboards.
    #[serde(default = "default_stale_days")]
    pub stale_after_days: u32,
    /// The statuses claims may take, in display order.
    #[serde(default)]
    pub verdict_scale: VerdictScale,
    /// Largest evidence file `evidence add --file` stores and `check`
    /// reads, in bytes: a bound on what a hostile file can make factdesk
    /// read, hash or commit.
    #[serde(
        default = "default_evidence_max_bytes",
        skip_serializing_if = "is_default_evidence_max_bytes"
    )]
    pub evidence_max_bytes: u64,
    /// Verdicts that need the attribution decided (not `unchecked`)
    /// first: saying a claim is true or false before knowing whether the
    /// cited source said it at all overstates the work. `[]` turns it off.
    #[serde(
        default = "default_verdicts_need_attribution",
        skip_serializing_if = "is_default_verdicts_need_attribution"
    )]
    pub verdicts_need_attribution: Vec<String>,
    /// Most claims `new` keeps from one article: the most check-worthy,
    /// in article order. A desk checks tens of claims per article; a huge
    /// or hostile text would otherwise become tens of thousands of files
    /// (and as many rows in every listing). `0` keeps them all.
    #[serde(
        default = "default_max_claims",
        skip_serializing_if = "is_default_max_claims"
    )]
    pub max_claims: u32,
    /// How factdesk fetches pages (`new URL`, `evidence add --capture`,
    /// `links`); left out of the file while it holds the defaults.
    #[serde(default, skip_serializing_if = "WebConfig::is_default")]
    pub web: WebConfig,
}

/// Limits and endpoints of factdesk's HTTP client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// Time allowed to connect (TCP and TLS) to each host, in milliseconds.
    pub connect_timeout_ms: u64,
    /// Time allowed for a whole fetch, redirects and body included, in
    /// milliseconds: a stalled server cannot hold a command forever.
    pub timeout_ms: u64,
    /// Largest page body kept, in bytes (after gzip or brotli decoding).
    pub max_bytes: u64,
    /// The public archive asked by `evidence add --archive`: the page's
    /// address is appended to it (Save Page Now by default).
    pub archive_endpoint: String,
    /// How many addresses `factdesk links` checks at once.
    pub parallel: u32,
}

/// 20 MiB: a news page with inline images stays well under it.
pub const DEFAULT_WEB_MAX_BYTES: u64 = 20 << 20;

/// The Internet Archive's Save Page Now.
pub const DEFAULT_ARCHIVE_ENDPOINT: &str = "https://web.archive.org/save/";

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            connect_timeout_ms: 10_000,
            timeout_ms: 60_000,
            max_bytes: DEFAULT_WEB_MAX_BYTES,
            archive_endpoint: DEFAULT_ARCHIVE_ENDPOINT.into(),
            parallel: 8,
        }
    }
}

impl WebConfig {
    /// True when every value is the default (the key is then not written).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// The verdicts of the default scale that judge a claim outright.
pub const DEFAULT_VERDICTS_NEED_ATTRIBUTION: [&str; 3] = ["verified", "false", "misleading"];

fn default_verdicts_need_attribution() -> Vec<String> {
    DEFAULT_VERDICTS_NEED_ATTRIBUTION.map(String::from).to_vec()
}

fn is_default_verdicts_need_attribution(v: &[String]) -> bool {
    v == DEFAULT_VERDICTS_NEED_ATTRIBUTION
}

impl WorkspaceConfig {
    /// True when setting `status` needs the attribution decided first.
    pub fn needs_attribution(&self, status: &str) -> bool {
        self.verdicts_need_attribution.iter().any(|s| s == status)
    }
}

/// Far above what a real article yields (the bundled case has 11).
pub const DEFAULT_MAX_CLAIMS: u32 = 1000;

fn default_max_claims() -> u32 {
    DEFAULT_MAX_CLAIMS
}

fn is_default_max_claims(n: &u32) -> bool {
    *n == DEFAULT_MAX_CLAIMS
}

fn default_stale_days() -> u32 {
    7
}

/// 50 MiB: a long video clip is better linked (and archived) than stored.
pub const DEFAULT_EVIDENCE_MAX_BYTES: u64 = 50 << 20;

fn default_evidence_max_bytes() -> u64 {
    DEFAULT_EVIDENCE_MAX_BYTES
}

fn is_default_evidence_max_bytes(n: &u64) -> bool {
    *n == DEFAULT_EVIDENCE_MAX_BYTES
}

impl Default for WorkspaceConfig {
    fn default() -> Self {
        Self {
            format: FORMAT_VERSION,
            organisation: None,
            require_review: false,
            stale_after_days: default_stale_days(),
            verdict_scale: VerdictScale::default_scale(),
            evidence_max_bytes: DEFAULT_EVIDENCE_MAX_BYTES,
            verdicts_need_attribution: default_verdicts_need_attribution(),
            max_claims: DEFAULT_MAX_CLAIMS,
            web: WebConfig::default(),
        }
    }
}
