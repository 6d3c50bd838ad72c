//! Typed `Factdesk-*` commit trailers: written on every factdesk commit and
//! parsed back strictly, so history is machine-readable with plain `git log`.

use crate::model::{named_enum, AttributionStatus, CaseId, ClaimId};

named_enum! {
    /// What a commit did; the value of `Factdesk-Action`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Action {
        /// `factdesk init`.
        Init = "init",
        /// `factdesk new`: a case with its proposals.
        NewCase = "new-case",
        /// `factdesk set`: status, attribution status, kind or note.
        Set = "set",
        /// `factdesk step`: a checklist step.
        Step = "step",
        /// `factdesk evidence add`.
        Evidence = "evidence",
        /// `factdesk assign`.
        Assign = "assign",
        /// `factdesk claim add`.
        ClaimAdd = "claim-add",
        /// `factdesk claim dismiss`.
        Dismiss = "dismiss",
        /// `factdesk claim restore`: a dismissal undone.
        Restore = "restore",
        /// `factdesk review`: a second editor approves or requests changes.
        Review = "review",
        /// `factdesk links --record`: the result of re-checking the links.
        Links = "links",
        /// `factdesk import claimreview`: published fact-checks imported.
        Import = "import",
    }
}

/// The factdesk trailers of one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailers {
    /// `Factdesk-Action`.
    pub action: Action,
    /// `Factdesk-Case`.
    pub case: Option<CaseId>,
    /// `Factdesk-Claim`.
    pub claim: Option<ClaimId>,
    /// `Factdesk-Status`: the claim's status after the commit.
    pub status: Option<String>,
    /// `Factdesk-Step`: `<checklist>/<step>=<state>`.
    pub step: Option<String>,
    /// `Factdesk-Attribution`: the attribution decision a commit made
    /// (only when it changed), so history shows who decided it.
    pub attribution: Option<AttributionStatus>,
    /// `Factdesk-Evidence-From`: where copied evidence came from
    /// (`CASE/CLAIM`, or a fact-check's address), so reuse is traceable.
    pub evidence_from: Option<String>,
    /// `Factdesk-Import`: what an import brought in (`claimreview 12`).
    pub import: Option<String>,
}

/// Why a trailer block did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrailerError {
    /// A `Factdesk-*` key we do not know (typo, or a newer factdesk).
    #[error("unknown trailer `{0}`")]
    UnknownKey(String),
    /// A known key with an invalid value.
    #[error("bad value for `{key}`: {value:?}")]
    BadValue {
        /// The trailer key.
        key: String,
        /// The offending value.
        value: String,
    },
    /// The same key twice.
    #[error("duplicate trailer `{0}`")]
    Duplicate(String),
    /// Factdesk trailers without `Factdesk-Action`.
    #[error("`Factdesk-Action` missing")]
    MissingAction,
}

impl Trailers {
    /// Trailers for an action with nothing else set.
    pub fn new(action: Action) -> Self {
        Self {
            action,
            case: None,
            claim: None,
            status: None,
            step: None,
            attribution: None,
            evidence_from: None,
            import: None,
        }
    }

    /// Renders the trailer block (no leading blank line).
    pub fn render(&self) -> String {
        let mut s = String::new();
        if let Some(c) = &self.case {
            s.push_str(&format!("Factdesk-Case: {c}\n"));
        }
        if let Some(c) = &self.claim {
            s.push_str(&format!("Factdesk-Claim: {c}\n"));
        }
        s.push_str(&format!("Factdesk-Action: {}\n", self.action));
        if let Some(v) = &self.status {
            s.push_str(&format!("Factdesk-Status: {v}\n"));
        }
        if let Some(v) = &self.step {
            s.push_str(&format!("Factdesk-Step: {v}\n"));
        }
        if let Some(v) = self.attribution {
            s.push_str(&format!("Factdesk-Attribution: {v}\n"));
        }
        if let Some(v) = &self.evidence_from {
            s.push_str(&format!("Factdesk-Evidence-From: {v}\n"));
        }
        if let Some(v) = &self.import {
            s.push_str(&format!("Factdesk-Import: {v}\n"));
        }
        s
    }

    /// Parses the factdesk trailers out of a full commit message.
    /// `Ok(None)` means the commit is not a factdesk commit (a hand edit).
    ///
    /// The trailer block is found by git's own rules (libgit2's
    /// `git_message_trailers`: the last paragraph, made of `Key: value`
    /// lines, continuation lines folded), exactly as `git interpret-trailers`
    /// and `git log --format=%(trailers)` see it; what is in it is then
    /// checked strictly.
    pub fn parse(message: &str) -> Result<Option<Self>, TrailerError> {
        let Ok(found) = git2::message_trailers_strs(message) else {
            // Only a message git cannot pass to C (a NUL byte) fails, and
            // factdesk never writes one: such a commit is a hand edit.
            return Ok(None);
        };
        Self::from_pairs(found.iter())
    }

    /// Checks the `Factdesk-*` pairs of a trailer block; other keys
    /// (`Signed-off-by`, `Change-Id`) are left alone.
    fn from_pairs<'a>(
        pairs: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Result<Option<Self>, TrailerError> {
        let mut action = None;
        let mut t = Trailers::new(Action::Init);
        let mut seen = Vec::new();
        for (key, value) in pairs.filter(|(k, _)| k.starts_with("Factdesk-")) {
            if seen.contains(&key) {
                return Err(TrailerError::Duplicate(key.to_string()));
            }
            seen.push(key);
            let value = value.trim();
            let bad = || TrailerError::BadValue {
                key: key.to_string(),
                value: value.to_string(),
            };
            match key {
                "Factdesk-Action" => action = Some(Action::parse(value).ok_or_else(bad)?),
                "Factdesk-Case" => t.case = Some(CaseId::new(value).map_err(|_| bad())?),
                "Factdesk-Claim" => t.claim = Some(ClaimId::new(value).map_err(|_| bad())?),
                "Factdesk-Status" if !value.is_empty() => t.status = Some(value.to_string()),
                "Factdesk-Step" if value.contains('/') && value.contains('=') => {
                    t.step = Some(value.to_string())
                }
                "Factdesk-Attribution" => {
                    t.attribution = Some(AttributionStatus::parse(value).ok_or_else(bad)?)
                }
                "Factdesk-Evidence-From"
                    if !value.is_empty() && !value.contains(char::is_whitespace) =>
                {
                    t.evidence_from = Some(value.to_string())
                }
                "Factdesk-Import" if import_value_ok(value) => t.import = Some(value.to_string()),
                "Factdesk-Evidence-From" | "Factdesk-Import" => return Err(bad()),
                "Factdesk-Status" | "Factdesk-Step" => return Err(bad()),
                _ => return Err(TrailerError::UnknownKey(key.to_string())),
            }
        }
        if seen.is_empty() {
            return Ok(None);
        }
        t.action = action.ok_or(TrailerError::MissingAction)?;
        Ok(Some(t))
    }
}

/// `Factdesk-Import`: a format name and a count, `claimreview 12`.
fn import_value_ok(value: &str) -> bool {
    let mut parts = value.split(' ');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(format), Some(n), None)
            if !format.is_empty()
                && format.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                && n.parse::<u64>().is_ok()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Trailers {
        Trailers {
            action: Action::Set,
            case: Some(CaseId::new("2023-11-05-kyiv-moscow-talks").unwrap()),
            claim: Some(ClaimId::new("c03").unwrap()),
            status: Some("verified".into()),
            step: None,
            attribution: Some(AttributionStatus::Confirmed),
            evidence_from: Some("2023-11-04-other/c02".into()),
            import: None,
        }
    }

    #[test]
    fn round_trip() {
        let t = sample();
        let msg = format!("subject\n\nbody text\n\n{}", t.render());
        assert_eq!(Trailers::parse(&msg).unwrap(), Some(t));
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }

    /// Git's rules find the block: other trailers may share it, a hook's
    /// `Signed-off-by` may follow, and `Factdesk-*` lines in the body (not
    /// the last paragraph) are text, not trailers.
    #[test]
    fn trailer_block_by_gits_rules() {
        let t = sample();
        let msg = format!(
            "subject\n\nFactdesk-Action: init\n\n{}Signed-off-by: A <a@example.org>\n",
            t.render()
        );
        assert_eq!(Trailers::parse(&msg).unwrap(), Some(t.clone()));
        let msg = format!("subject\n\n{}\nnot a trailer, just text\n", t.render());
        assert_eq!(Trailers::parse(&msg).unwrap(), None);
        assert_eq!(
            Trailers::parse("bad\0message\n\nFactdesk-Action: set\n"),
            Ok(None)
        );
    }

    #[test]
    fn non_factdesk_commit_is_none() {
        assert_eq!(
            Trailers::parse("fix typo\n\nSigned-off-by: x").unwrap(),
            None
        );
    }

    #[test]
    fn strict() {
        let base = "s\n\nFactdesk-Action: set\n";
        assert!(matches!(
            Trailers::parse(&format!("{base}Factdesk-Colour: red\n")),
            Err(TrailerError::UnknownKey(_))
        ));
        assert!(matches!(
            Trailers::parse(&format!("{base}Factdesk-Claim: 3\n")),
            Err(TrailerError::BadValue { .. })
        ));
        assert!(matches!(
            Trailers::parse(&format!("{base}Factdesk-Attribution: maybe\n")),
            Err(TrailerError::BadValue { .. })
        ));
        assert!(matches!(
            Trailers::parse(&format!("{base}Factdesk-Action: set\n")),
            Err(TrailerError::Duplicate(_))
        ));
        assert_eq!(
            Trailers::parse("s\n\nFactdesk-Claim: c01\n"),
            Err(TrailerError::MissingAction)
        );
        for bad in [
            "Factdesk-Import: claimreview\n",
            "Factdesk-Import: claimreview x\n",
            "Factdesk-Import: ClaimReview 3\n",
        ] {
            assert!(
                matches!(
                    Trailers::parse(&format!("{base}{bad}")),
                    Err(TrailerError::BadValue { .. })
                ),
                "{bad}"
            );
        }
        let t = Trailers::parse(&format!("{base}Factdesk-Import: claimreview 12\n"))
            .unwrap()
            .unwrap();
        assert_eq!(t.import.as_deref(), Some("claimreview 12"));
        let t = Trailers::parse(&format!(
            "{base}Factdesk-Evidence-From: https://example.org/fc?a=1\n"
        ))
        .unwrap()
        .unwrap();
        assert_eq!(
            t.evidence_from.as_deref(),
            Some("https://example.org/fc?a=1")
        );
    }
}
