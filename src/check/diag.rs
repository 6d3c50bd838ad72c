//! Diagnostics: a rule, a place, a message and a hint.

use super::rules::{Level, Rule};

/// One finding, pointing into a workspace file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's stable code.
    pub code: &'static str,
    /// Severity.
    pub level: Level,
    /// Workspace-relative path, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `file:line:column`.
    pub fn new(
        rule: &Rule,
        file: &str,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: rule.code,
            level: rule.level,
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds the "what to do next" hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Closest candidate by edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::levenshtein(&word.to_lowercase(), &c.to_lowercase());
        let limit = (c.chars().count() / 3).clamp(1, 3);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let statuses = ["unchecked", "verified", "false", "misleading"];
        assert_eq!(did_you_mean("verifed", statuses), Some("verified"));
        assert_eq!(did_you_mean("Verified", statuses), Some("verified"));
        assert_eq!(did_you_mean("banana", statuses), None);
    }
}
