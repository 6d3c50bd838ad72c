//! Plain data types of a factdesk workspace: no IO, no YAML, no git.
//!
//! Everything here is serde-friendly and written in the exact field order in
//! which it should appear on disk, because `store` serialises these types and
//! the field order *is* the file layout a reviewer reads in a diff.

pub mod case;
pub mod checklist;
pub mod claim;
pub mod factcheck;
pub mod ids;
pub mod links;
mod names;
pub mod score;
pub mod status;
mod web_url;
pub mod workspace;

pub use case::{Case, Source};
pub use checklist::{Checklist, ChecklistStep};
pub use claim::{
    Attribution, AttributionStatus, Capture, ChecklistRef, Claim, ClaimKind, Dismissal, Evidence,
    EvidenceFile, EvidenceKind, EvidenceNote, LineIndex, Location, Review, ReviewDecision,
    ReviewRecord, Stance, StepRecord, StepState,
};
pub use factcheck::{factcheck_id, normalise_url, FactCheck, Publisher, Rating};
pub use ids::{CaseId, ClaimId, IdError};
pub use links::{LinkResult, LinkState, LinksRecord};
pub(crate) use names::named_enum;
pub use score::Score;
pub use status::{StatusClass, StatusDef, VerdictScale};
pub use web_url::{web_url, UrlProblem, UrlProblemKind};
pub use workspace::{WebConfig, WorkspaceConfig};

/// Timestamps always keep the offset they were written with, so an editor in
/// Jakarta and one in London both read their own local times back.
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;
