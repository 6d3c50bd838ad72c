//! Checklists: the newsroom procedure a claim is walked through.

use super::claim::ClaimKind;
use serde::{Deserialize, Serialize};

/// A named procedure from `checklists/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Matches the file name; claims refer to it together with a content hash.
    pub id: String,
    /// Human title shown in the TUI and reports.
    pub title: String,
    /// Where the practice comes from (AP, Reuters handbook, SIFT, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Claim kinds this checklist is chosen for by default.
    #[serde(default)]
    pub applies_to: Vec<ClaimKind>,
    /// Used when a claim is anonymous-sourced, whatever its kind.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous_sources: bool,
    /// The steps, in the order an editor works through them.
    pub steps: Vec<ChecklistStep>,
}

/// One step of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistStep {
    /// Stable id within the checklist, referenced from claim files.
    pub id: String,
    /// The question the editor answers.
    pub prompt: String,
    /// How to answer it: practice notes, links, pitfalls.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
    /// A verdict needs every required step done (or skipped with a note).
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

impl Checklist {
    /// Looks a step up by id.
    pub fn step(&self, id: &str) -> Option<&ChecklistStep> {
        self.steps.iter().find(|s| s.id == id)
    }
}
