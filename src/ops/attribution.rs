//! Who says it, through whom, and in English: the attribution fields and
//! the translation `factdesk set` edits, with the shortcuts the TUI's
//! chain form calls.

use super::{Committed, Result, Session, SetRequest};
use crate::model::{AttributionStatus, CaseId, Claim, ClaimId};

/// Applies the attribution and translation parts of `req` to `c`, naming
/// each change in `parts` (the commit subject).
pub(super) fn apply(c: &mut Claim, req: &SetRequest, parts: &mut Vec<String>) {
    if let Some(sp) = &req.speaker {
        let new = Some(sp.trim().to_string()).filter(|s| !s.is_empty());
        if new != c.attribution.speaker {
            parts.push(match &new {
                Some(n) => format!("speaker → {n}"),
                None => "speaker removed".into(),
            });
            c.attribution.speaker = new;
        }
    }
    if let Some(chain) = &req.chain {
        let new: Vec<String> = chain.iter().map(|h| h.trim().to_string()).collect();
        if new != c.attribution.chain {
            parts.push(if new.is_empty() {
                "chain removed".into()
            } else {
                format!("chain {}", new.join(" ← "))
            });
            c.attribution.chain = new;
        }
    }
    let attributed = c.attribution.speaker.is_some() || !c.attribution.chain.is_empty();
    if attributed
        && req.attribution.is_none()
        && c.attribution.status == AttributionStatus::NotApplicable
    {
        // The article no longer speaks in its own voice: there is now an
        // attribution to check.
        parts.push("attribution not-applicable → unchecked".into());
        c.attribution.status = AttributionStatus::Unchecked;
    }
    if let Some(a) = req.anonymous {
        if a != c.attribution.anonymous {
            parts.push(if a { "anonymous" } else { "named source" }.into());
            c.attribution.anonymous = a;
        }
    }
    if let Some(t) = &req.translation {
        let new = Some(t.trim().to_string()).filter(|s| !s.is_empty());
        if new != c.translation {
            parts.push(
                if new.is_some() {
                    "translation"
                } else {
                    "translation removed"
                }
                .into(),
            );
            c.translation = new;
        }
    }
}

impl Session {
    /// Replaces the attribution chain (outermost hop first): the TUI's
    /// chain form adds, removes and reorders hops in its own list, then
    /// saves the whole list with this, as one commit.
    pub fn set_chain(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        hops: Vec<String>,
    ) -> Result<Committed> {
        let req = SetRequest {
            chain: Some(hops),
            ..SetRequest::default()
        };
        self.set(case, claim, &req)
    }

    /// Sets (or, with an empty text, removes) the speaker.
    pub fn set_speaker(&self, case: &CaseId, claim: &ClaimId, speaker: &str) -> Result<Committed> {
        let req = SetRequest {
            speaker: Some(speaker.to_string()),
            ..SetRequest::default()
        };
        self.set(case, claim, &req)
    }

    /// Marks the speaker anonymous or named.
    pub fn set_anonymous(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        anonymous: bool,
    ) -> Result<Committed> {
        let req = SetRequest {
            anonymous: Some(anonymous),
            ..SetRequest::default()
        };
        self.set(case, claim, &req)
    }

    /// Sets (or, with an empty text, removes) the English rendering.
    pub fn set_translation(&self, case: &CaseId, claim: &ClaimId, text: &str) -> Result<Committed> {
        let req = SetRequest {
            translation: Some(text.to_string()),
            ..SetRequest::default()
        };
        self.set(case, claim, &req)
    }
}

/// Chain edits for a form: pure, so the TUI can show the list before it
/// saves. Out-of-range positions leave the list as it is.
pub mod chain {
    /// Inserts `hop` at `at` (clamped to the end).
    pub fn insert(hops: &mut Vec<String>, at: usize, hop: &str) {
        let at = at.min(hops.len());
        hops.insert(at, hop.trim().to_string());
    }

    /// Removes the hop at `at`.
    pub fn remove(hops: &mut Vec<String>, at: usize) {
        if at < hops.len() {
            hops.remove(at);
        }
    }

    /// Moves the hop at `at` one place outward (`up`) or inward; returns
    /// its new position.
    pub fn shift(hops: &mut [String], at: usize, up: bool) -> usize {
        if up && at > 0 && at < hops.len() {
            hops.swap(at, at - 1);
            at - 1
        } else if !up && at + 1 < hops.len() {
            hops.swap(at, at + 1);
            at + 1
        } else {
            at
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn hops_move_within_bounds() {
            let mut h: Vec<String> = vec!["Reuters".into(), "NBC".into()];
            super::insert(&mut h, 9, " officials ");
            assert_eq!(h, ["Reuters", "NBC", "officials"]);
            assert_eq!(super::shift(&mut h, 2, true), 1);
            assert_eq!(h, ["Reuters", "officials", "NBC"]);
            assert_eq!(super::shift(&mut h, 0, true), 0);
            assert_eq!(super::shift(&mut h, 2, false), 2);
            super::remove(&mut h, 1);
            super::remove(&mut h, 7);
            assert_eq!(h, ["Reuters", "NBC"]);
        }
    }
}
