//! The rule table: every diagnostic factdesk can emit, with a stable
//! kebab-case code that CI configs, docs and users can rely on.

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Worth a look; does not fail `check` unless `--strict`.
    Warning,
    /// The workspace is wrong; `check` exits 1.
    Error,
}

impl Level {
    /// Lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One rule of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, shown as `error[code]`.
    pub code: &'static str,
    /// Default level.
    pub level: Level,
    /// One-line description for `factdesk check --rules` and the docs.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($name:ident = $code:literal, $level:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $name: Rule = Rule { code: $code, level: Level::$level, summary: $summary };
        )*
        /// Every rule, in documentation order.
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

rules! {
    IO_ERROR = "io-error", Error, "A file could not be read.";
    NOT_A_REGULAR_FILE = "not-a-regular-file", Error, "A symbolic link, FIFO, device or folder stands where a file belongs; it is never followed or read.";
    FILE_TOO_LARGE = "file-too-large", Error, "A file is larger than the format allows (YAML 1 MiB, article 10 MiB).";
    NOT_UTF8 = "not-utf8", Error, "A file is not valid UTF-8.";
    CONFLICT_MARKERS = "conflict-markers", Error, "A file contains git merge-conflict markers.";
    YAML_SYNTAX = "yaml-syntax", Error, "A file is not valid plain YAML (a syntax error, or a YAML tag such as `!!binary`).";
    YAML_LIMIT = "yaml-limit", Error, "A file is nested too deeply, has too many keys and items, or expands aliases too far; refused before parsing.";
    MISSING_CONFIG = "missing-config", Error, "The workspace has no factdesk.yaml.";
    UNKNOWN_KEY = "unknown-key", Error, "A key the format does not define (often a typo).";
    MISSING_KEY = "missing-key", Error, "A required key is absent.";
    WRONG_TYPE = "wrong-type", Error, "A value has the wrong type (e.g. a list where text belongs).";
    BAD_VALUE = "bad-value", Error, "A value is not one of the allowed ones (kind, stance, step state, …).";
    BAD_ID = "bad-id", Error, "A case or claim id (or folder/file name) is malformed.";
    ID_MISMATCH = "id-mismatch", Error, "The id inside a file differs from its file or folder name.";
    DUPLICATE_ID = "duplicate-id", Error, "Two files declare the same id.";
    BAD_DATE = "bad-date", Error, "A time is not RFC 3339 with a UTC offset.";
    FUTURE_DATE = "future-date", Error, "A time lies in the future.";
    ARTICLE_MISSING = "article-missing", Error, "A case has no article.txt.";
    ARTICLE_HASH = "article-hash", Error, "article.txt does not match the sha256 recorded in case.yaml: the article was rewritten.";
    LOCATION_MISMATCH = "location-mismatch", Error, "A claim's text is not what article.txt holds at its location.";
    UNKNOWN_STATUS = "unknown-status", Error, "A status is not on the workspace's verdict scale.";
    UNKNOWN_CHECKLIST = "unknown-checklist", Error, "A claim refers to a checklist that does not exist.";
    CHECKLIST_CHANGED = "checklist-changed", Warning, "The checklist changed since the claim started using it (its sha256 differs).";
    CHECKLIST_STEPS = "checklist-steps", Error, "A claim's steps do not match its checklist's steps.";
    SKIP_NEEDS_NOTE = "skip-needs-note", Error, "A required step is skipped without a note saying why.";
    VERDICT_NEEDS_EVIDENCE = "verdict-needs-evidence", Error, "A verdict needs at least one evidence item.";
    VERDICT_NEEDS_STEPS = "verdict-needs-steps", Error, "A verdict needs every required checklist step done, or skipped with a note.";
    NOT_CHECKABLE_NEEDS_NOTE = "not-checkable-needs-note", Error, "Marking a claim not checkable needs a note saying why.";
    DISMISS_NEEDS_REASON = "dismiss-needs-reason", Error, "A dismissed proposal needs a reason.";
    EVIDENCE_FILE_MISSING = "evidence-file-missing", Error, "An evidence file is missing from the case folder.";
    EVIDENCE_FILE_HASH = "evidence-file-hash", Error, "An evidence file does not match its recorded sha256.";
    CAPTURE_MISSING = "capture-missing", Error, "A captured page (a case's `source:`, an evidence item's `capture:`) is missing from the case folder.";
    CAPTURE_HASH = "capture-hash", Error, "A captured page's WARC file does not hold a response whose body matches the recorded sha256.";
    EVIDENCE_NEEDS_SOURCE = "evidence-needs-source", Error, "An evidence item has neither a url, a file nor a description, so nobody could find or judge it.";
    EVIDENCE_NOTE_MISSING = "evidence-note-missing", Error, "A withdrawal or correction of evidence lacks its note saying why.";
    BAD_URL = "bad-url", Error, "A URL is not an absolute http(s) URL with a host (no spaces, no other scheme).";
    BAD_SCALE = "bad-scale", Error, "The verdict scale in factdesk.yaml is unusable (duplicates, no open status, bad ratings).";
    UNREVIEWED_VERDICT = "unreviewed-verdict", Error, "A verdict lacks a second editor's standing approval, in a case marked `publish: true`, under `require_review: true`, or with `check --publish`.";
    NA_NEEDS_NOTE = "na-needs-note", Error, "A required step is marked not applicable without a note saying why.";
    VERDICT_NEEDS_ATTRIBUTION = "verdict-needs-attribution", Error, "A verdict listed in `verdicts_need_attribution` while the attribution is still unchecked.";
    FACTCHECK_NAME = "factcheck-name", Warning, "An imported fact-check's file is not named after its address (host and sha256 prefix, as `import claimreview` names it).";
    EMPTY_CHECKLIST = "empty-checklist", Error, "A checklist has no steps, duplicate step ids, or no attribution step.";
}

/// Looks a rule up by its code.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate {}", r.code);
            assert!(r
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            assert!(r.summary.ends_with('.'));
        }
        assert_eq!(by_code("yaml-syntax"), Some(&YAML_SYNTAX));
    }
}
