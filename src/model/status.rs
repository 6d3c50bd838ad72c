//! The verdict scale: which statuses exist and what rules each one carries.
//!
//! Newsrooms rate claims differently (PolitiFact has six grades, AFP uses
//! free labels), so statuses are plain strings checked against a scale that
//! `factdesk.yaml` may redefine; the rules attach to a status's *class*.

use serde::{Deserialize, Serialize};

/// What a status means for the workflow, which decides the rules `check` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusClass {
    /// Not started; every claim begins here.
    Open,
    /// Work has started but no verdict is given.
    Working,
    /// A verdict on the substance: needs evidence and a finished checklist.
    Verdict,
    /// Opinion or prediction: nothing to check, but a note must say why.
    NotCheckable,
}

/// One grade of the scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusDef {
    /// The value written in `status:`; kebab-case.
    pub id: String,
    /// What readers of a report see.
    pub label: String,
    /// The workflow rules this status follows.
    pub class: StatusClass,
    /// ClaimReview `ratingValue` (1 = worst); only verdicts are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// ClaimReview `alternateName`; defaults to `label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimreview: Option<String>,
}

/// The ordered list of statuses a workspace uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VerdictScale(pub Vec<StatusDef>);

impl VerdictScale {
    /// The built-in scale, used when `factdesk.yaml` does not define one.
    pub fn default_scale() -> Self {
        fn def(id: &str, label: &str, class: StatusClass, rating: Option<u8>) -> StatusDef {
            StatusDef {
                id: id.into(),
                label: label.into(),
                class,
                rating,
                claimreview: None,
            }
        }
        use StatusClass::*;
        Self(vec![
            def("unchecked", "Unchecked", Open, None),
            def("in-progress", "In progress", Working, None),
            def("verified", "Verified", Verdict, Some(5)),
            def("misleading", "Misleading", Verdict, Some(2)),
            def("false", "False", Verdict, Some(1)),
            def("unverifiable", "Unverifiable", Verdict, Some(3)),
            def("not-checkable", "Not checkable", NotCheckable, None),
        ])
    }

    /// Looks a status up by id.
    pub fn get(&self, id: &str) -> Option<&StatusDef> {
        self.0.iter().find(|s| s.id == id)
    }

    /// A decision was made: a verdict, or "not checkable". Progress bars,
    /// "next unchecked claim" and review all turn on this.
    pub fn is_decided(&self, id: &str) -> bool {
        self.get(id)
            .is_some_and(|s| matches!(s.class, StatusClass::Verdict | StatusClass::NotCheckable))
    }

    /// The status new claims start in: the first `open` one.
    pub fn initial(&self) -> &str {
        self.0
            .iter()
            .find(|s| s.class == StatusClass::Open)
            .or(self.0.first())
            .map_or("unchecked", |s| s.id.as_str())
    }

    /// All ids, for "did you mean" hints and help text.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|s| s.id.as_str())
    }

    /// Best and worst ClaimReview ratings on this scale, if any verdict is rated.
    pub fn rating_range(&self) -> Option<(u8, u8)> {
        let r = self.0.iter().filter_map(|s| s.rating);
        let min = r.clone().min()?;
        let max = r.max()?;
        Some((min, max))
    }
}

impl Default for VerdictScale {
    fn default() -> Self {
        Self::default_scale()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decided_means_verdict_or_not_checkable() {
        let s = VerdictScale::default_scale();
        for id in [
            "verified",
            "false",
            "misleading",
            "unverifiable",
            "not-checkable",
        ] {
            assert!(s.is_decided(id), "{id}");
        }
        for id in ["unchecked", "in-progress", "no-such-status"] {
            assert!(!s.is_decided(id), "{id}");
        }
    }
}
