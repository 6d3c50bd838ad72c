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
}

fn default_stale_days() -> u32 {
    7
}

impl Default for WorkspaceConfig {
    fn default() -> Self {
        Self {
            format: FORMAT_VERSION,
            organisation: None,
            require_review: false,
            stale_after_days: default_stale_days(),
            verdict_scale: VerdictScale::default_scale(),
        }
    }
}
