//! The one-column symbols that stand for statuses and states (never colour
//! alone). Pickers in `update` and every view label things with them.

use crate::model::{AttributionStatus, StatusClass, StepState, VerdictScale};

/// Symbol for a status on `scale`; `⚠` when the scale does not know it.
pub fn status(scale: &VerdictScale, status: &str) -> &'static str {
    let Some(d) = scale.get(status) else {
        return "⚠";
    };
    match d.class {
        StatusClass::Open => "○",
        StatusClass::Working => "◐",
        StatusClass::NotCheckable => "–",
        StatusClass::Verdict => match d.rating {
            Some(r) if r >= 4 => "✓",
            Some(1) => "✗",
            Some(2) => "!",
            _ => "?",
        },
    }
}

/// Symbol for an attribution status.
pub fn attribution(a: AttributionStatus) -> &'static str {
    match a {
        AttributionStatus::Unchecked => "○",
        AttributionStatus::Confirmed => "✓",
        AttributionStatus::NotFound => "?",
        AttributionStatus::Misattributed => "✗",
        AttributionStatus::NotApplicable => "–",
    }
}

/// Symbol for a checklist step state.
pub fn step(s: StepState) -> &'static str {
    match s {
        StepState::Pending => "○",
        StepState::Done => "✓",
        StepState::Skipped => "↷",
        StepState::NotApplicable => "–",
    }
}
