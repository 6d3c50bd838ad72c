//! Newtype ids, so a case id can never be passed where a claim id belongs.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an id was refused; the message is shown to users as-is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Case ids become folder names and git paths, so they are kept to a
    /// portable, lower-case, kebab-case alphabet.
    #[error("case id `{0}` must be lower-case letters, digits and single dashes (e.g. 2023-11-05-kyiv-moscow-talks), 1-80 characters")]
    BadCase(String),
    /// Claim ids are `c` plus at least two digits, in article order.
    #[error("claim id `{0}` must look like c01, c02, … (c followed by two or more digits)")]
    BadClaim(String),
}

/// The folder name of a case under `cases/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseId(String);

impl CaseId {
    /// Validates `s` as a case id.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        let ok = !s.is_empty()
            && s.len() <= 80
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Self(s))
        } else {
            Err(IdError::BadCase(s))
        }
    }

    /// Turns free text (a title) into a valid id, or `None` when nothing
    /// usable is left (e.g. a title in a non-Latin script).
    pub fn slugify(text: &str, max_len: usize) -> Option<Self> {
        let mut out = String::new();
        for ch in text.chars().flat_map(char::to_lowercase) {
            if ch.is_ascii_alphanumeric() {
                out.push(ch);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        // Cut at a word boundary so ids stay readable.
        if out.len() > max_len {
            let cut = out[..max_len].rfind('-').unwrap_or(max_len);
            out.truncate(cut);
        }
        let out = out.trim_matches('-').to_string();
        Self::new(out).ok()
    }

    /// The id as written in paths and commit trailers.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CaseId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::new(s)
    }
}
impl From<CaseId> for String {
    fn from(id: CaseId) -> String {
        id.0
    }
}
impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A claim's id within its case: `c01`, `c02`, … in article order, never renumbered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClaimId(String);

impl ClaimId {
    /// Validates `s` as a claim id.
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        let s = s.into();
        let digits = s.strip_prefix('c').unwrap_or("");
        if digits.len() >= 2 && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s))
        } else {
            Err(IdError::BadClaim(s))
        }
    }

    /// The id for the n-th claim (1-based); two digits, more when needed.
    pub fn from_number(n: u32) -> Self {
        Self(format!("c{n:02}"))
    }

    /// The claim's number, used to allocate the next id.
    pub fn number(&self) -> u32 {
        // Construction guarantees `c` followed by 2-6 ASCII digits, which
        // always fits in u32; 0 is an unreachable fallback, not a panic.
        self.0[1..].parse().unwrap_or(0)
    }

    /// The id as written in file names and commit trailers.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClaimId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::new(s)
    }
}
impl From<ClaimId> for String {
    fn from(id: ClaimId) -> String {
        id.0
    }
}
impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_ids() {
        assert!(CaseId::new("2023-11-05-kyiv-moscow-talks").is_ok());
        for bad in ["", "Kyiv", "a--b", "-a", "a-", "a/b", "a b", "ä"] {
            assert!(CaseId::new(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn slugify_titles() {
        let id = CaseId::slugify(
            "Pejabat Negara Barat Bahas Kemungkinan Pembicaraan Damai Kyiv dan Moskow",
            40,
        )
        .unwrap();
        assert_eq!(id.as_str(), "pejabat-negara-barat-bahas-kemungkinan");
        assert!(CaseId::slugify("日本語", 40).is_none());
    }

    #[test]
    fn claim_ids() {
        assert_eq!(ClaimId::from_number(3).as_str(), "c03");
        assert_eq!(ClaimId::from_number(123).as_str(), "c123");
        assert_eq!(ClaimId::new("c17").unwrap().number(), 17);
        for bad in ["c1", "C01", "c", "x01", "c0a"] {
            assert!(ClaimId::new(bad).is_err(), "{bad:?} accepted");
        }
    }
}
