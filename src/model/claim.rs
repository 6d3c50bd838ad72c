//! `claims/<claim-id>.yaml`: one check-worthy statement and everything
//! decided about it.

use super::ids::ClaimId;
use super::names::named_enum;
use super::Timestamp;
use serde::{Deserialize, Serialize};

/// One claim of a case. Field order is the file layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Equals the file name; stable, never renumbered.
    pub id: ClaimId,
    /// What kind of statement this is; picks the default checklist.
    pub kind: ClaimKind,
    /// The claim exactly as it appears in `article.txt` at `location`.
    pub text: String,
    /// An English rendering of `text`, for a desk that does not read the
    /// article's language; `text` stays the authority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// Where `text` sits in `article.txt`.
    pub location: Location,
    /// Who asserts it and through whom; verified separately from the substance.
    pub attribution: Attribution,
    /// Hedges the article itself attaches ("Reuters could not independently verify …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
    /// Numbers and dates quoted in the claim, as written; what a checker must match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<String>,
    /// Why the proposer picked it (absent for claims added by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_because: Option<String>,
    /// The proposer's check-worthiness score (0 to 1) when it proposed the
    /// claim: lets a desk sort what to check first. Absent on claims
    /// written before the score existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<super::Score>,
    /// The verdict on the substance: is what is claimed true?
    pub status: String,
    /// The procedure followed, pinned to the checklist content it was started with.
    pub checklist: ChecklistRef,
    /// What was found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Free-form working notes and the reasoning behind the verdict.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Who is working on this claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Set when an editor decided this proposal is not a claim to check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dismissed: Option<Dismissal>,
    /// Two-person review of the verdict: who set it and who reviewed it.
    /// Absent until the verdict is first set through factdesk.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
}

named_enum! {
    /// Kinds of check-worthy statements; each maps to a default checklist.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum ClaimKind {
        /// A number, share, count or measurement.
        Statistic = "statistic",
        /// Something a named or unnamed source said, reported or claimed.
        AttributedStatement = "attributed-statement",
        /// A direct quotation in quotation marks.
        Quote = "quote",
        /// Something that happened (or is said to be happening) now.
        Event = "event",
        /// A fact about the past: dates, comparisons with history.
        Historical = "historical",
        /// The caption of a photo or video.
        ImageCaption = "image-caption",
        /// A statement about the future; usually not checkable.
        Prediction = "prediction",
        /// A value judgement; usually not checkable.
        Opinion = "opinion",
    }
}

/// A span of `article.txt`. Byte offsets are authoritative; line and column
/// (1-based, column counted in characters) are there for humans and editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in Unicode scalar values.
    pub column: u32,
    /// Byte offset where the claim starts.
    pub start: usize,
    /// Byte offset just past the claim.
    pub end: usize,
}

impl Location {
    /// Computes the human line/column for a byte span of `article`.
    pub fn from_span(article: &str, start: usize, end: usize) -> Self {
        let before = article.get(..start).unwrap_or(article);
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        Self {
            line,
            column,
            start,
            end,
        }
    }
}

/// Locates any span of one article in O(log n) plus at most one block of
/// bytes, in any order: `check` looks up every claim of a case, and
/// [`Location::from_span`] counts from the top each time, which is
/// quadratic over a large case (and a hostile one-line article defeats a
/// per-line scan). Same results as `from_span` for every valid span.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// Characters before each block of [`Self::BLOCK`] bytes.
    chars_before: Vec<usize>,
}

impl LineIndex {
    const BLOCK: usize = 1024;

    /// One pass over `article`.
    pub fn new(article: &str) -> Self {
        let bytes = article.as_bytes();
        let mut line_starts = vec![0];
        let mut chars_before = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
        let mut chars = 0usize;
        for (i, &b) in bytes.iter().enumerate() {
            if i % Self::BLOCK == 0 {
                chars_before.push(chars);
            }
            if b == b'\n' {
                line_starts.push(i + 1);
            }
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
        }
        Self {
            line_starts,
            chars_before,
        }
    }

    /// Characters in `article[..at]` (`at` a char boundary).
    fn chars_to(&self, article: &str, at: usize) -> usize {
        let block = at / Self::BLOCK;
        let base = self.chars_before.get(block).copied().unwrap_or(0);
        let from = (block * Self::BLOCK).min(at);
        base + article.as_bytes()[from..at]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
    }

    /// The location of `start..end` in `article` (the text this index was
    /// built from).
    pub fn locate(&self, article: &str, start: usize, end: usize) -> Location {
        if article.get(..start).is_none() {
            // Not a char boundary or past the end: what `from_span` says.
            return Location::from_span(article, start, end);
        }
        let line = self.line_starts.partition_point(|&s| s <= start);
        let line_start = self.line_starts[line - 1];
        let column = self.chars_to(article, start) - self.chars_to(article, line_start) + 1;
        Location {
            line: line as u32,
            column: column as u32,
            start,
            end,
        }
    }
}

/// Who asserts a claim, and through whom it reached the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The original asserter as the article describes them
    /// ("seorang pejabat senior AS yang tidak disebutkan namanya");
    /// absent when the article asserts it in its own voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Every hop from the article to the speaker, outermost first:
    /// `[Reuters, NBC, unnamed senior US official]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<String>,
    /// The speaker is not named.
    #[serde(default)]
    pub anonymous: bool,
    /// Whether the attribution itself was confirmed: did the cited source say it?
    /// Independent of `status`, which judges whether it is true.
    #[serde(default)]
    pub status: AttributionStatus,
}

named_enum! {
    /// Result of checking the attribution (not the substance) of a claim.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum AttributionStatus {
        /// Not looked at yet.
        #[default]
        Unchecked = "unchecked",
        /// The cited source is on record saying this.
        Confirmed = "confirmed",
        /// The cited source could not be found saying this.
        NotFound = "not-found",
        /// The source said something materially different, or someone else said it.
        Misattributed = "misattributed",
        /// Article's own voice, no attribution to check.
        NotApplicable = "not-applicable",
    }
}

/// Which checklist a claim follows, pinned by content hash so a later edit to
/// the checklist is noticed rather than silently changing past work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRef {
    /// `checklists/<id>.yaml`.
    pub id: String,
    /// sha256 of that file when the claim started using it.
    pub sha256: String,
    /// Every step of the checklist, in its order.
    pub steps: Vec<StepRecord>,
}

/// The state of one checklist step for one claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    /// The checklist step id.
    pub id: String,
    /// Where the step stands.
    pub state: StepState,
    /// Who last changed it (git identity name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// What was done, or why it was skipped.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

named_enum! {
    /// Progress of one step. `parse` also takes the short CLI forms
    /// (`todo`, `skip`, `na`, `n/a`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum StepState {
        /// Not done yet.
        Pending = "pending" | "todo",
        /// Done.
        Done = "done",
        /// Deliberately not done; a note must say why for required steps.
        Skipped = "skipped" | "skip",
        /// Does not apply to this claim.
        NotApplicable = "not-applicable" | "na" | "n/a",
    }
}

/// One item of evidence: a web page, or something with no address at all
/// (a phone interview, an emailed PDF), described in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What sort of source it is; absent in older files, where it reads as
    /// [`Evidence::kind_or_guess`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EvidenceKind>,
    /// Where it was found; empty when it has no address (an interview, a
    /// document handed over). An item needs a `url`, a `file` or a
    /// `description`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// A permanent copy (Wayback Machine, archive.today), so readers can replicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<String>,
    /// What the item is, in words ("phone interview with the ministry's
    /// spokesperson"), so a reader can tell without an address.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// When the source was read (or the interview held).
    pub accessed: Timestamp,
    /// What it says about the claim.
    pub stance: Stance,
    /// The relevant passage, verbatim.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub excerpt: String,
    /// A copy stored in the case folder (screenshot, PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<EvidenceFile>,
    /// The page as factdesk fetched it (`evidence add --capture`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<Capture>,
    /// Who added it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_by: Option<String>,
    /// Where it was copied from (`factdesk evidence copy`): the claim
    /// `CASE/CLAIM` that holds the original item, or the address of a
    /// published fact-check, so a reader can follow the reuse back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied_from: Option<String>,
    /// Every correction since it was added, oldest first; the values
    /// before each one are in the git history of the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<EvidenceNote>,
    /// Set when the item no longer stands; it is kept, never deleted, and
    /// no longer counts as evidence for a verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<EvidenceNote>,
}

impl Evidence {
    /// Withdrawn items are kept for the record but are not evidence.
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn.is_some()
    }

    /// The recorded kind, or for files written before kinds existed: a web
    /// page when there is an address, else a document.
    pub fn kind_or_guess(&self) -> EvidenceKind {
        self.kind.unwrap_or(if self.url.is_empty() {
            EvidenceKind::Document
        } else {
            EvidenceKind::WebPage
        })
    }

    /// One line that names the item: its description, else its address,
    /// else its stored file.
    pub fn label(&self) -> &str {
        if !self.description.is_empty() {
            &self.description
        } else if !self.url.is_empty() {
            &self.url
        } else {
            self.file.as_ref().map_or("", |f| f.path.as_str())
        }
    }
}

named_enum! {
    /// What sort of source an evidence item is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum EvidenceKind {
        /// A report, filing, court record or other document.
        Document = "document",
        /// A conversation with a source (in person, by phone).
        Interview = "interview",
        /// A message received by email.
        Email = "email",
        /// A photo or video.
        Photo = "photo",
        /// A data set or table.
        Dataset = "dataset",
        /// A page on the web.
        WebPage = "web-page",
    }
}

/// Who corrected or withdrew an evidence item, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceNote {
    /// The editor (git identity name).
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// Why.
    pub note: String,
}

/// A file stored with the case, pinned by hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Path relative to the case folder (`evidence/…`).
    pub path: String,
    /// sha256 of the file, hex.
    pub sha256: String,
}

/// A page as factdesk fetched it, kept in the case folder as a WARC file
/// (ISO 28500: the request and the response, replayable by archive tools),
/// so a reviewer sees exactly what was read, even after the page changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capture {
    /// Path relative to the case folder (`captures/….warc`, `source/page.warc`).
    pub file: String,
    /// When the response arrived, UTC.
    pub captured_at: Timestamp,
    /// sha256 of the page body as stored (the WARC response payload), hex.
    pub sha256: String,
    /// Where the page was after redirects.
    pub final_url: String,
    /// The HTTP status of the final response.
    pub status: u16,
    /// The response's `Content-Type`, if it sent one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content_type: String,
}

named_enum! {
    /// What an evidence item says about the claim.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Stance {
        /// Backs the claim.
        Supports = "supports",
        /// Contradicts the claim.
        Refutes = "refutes",
        /// Background that neither backs nor contradicts it.
        Context = "context",
    }
}

/// Why a proposal was set aside; kept so the decision stays reviewable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    /// Why it is not a claim to check.
    pub reason: String,
    /// Who dismissed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When.
    pub at: Timestamp,
}

/// The review record of a claim's verdict. A verdict is publishable only
/// when someone other than `verdict_by` approved it after its last change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Who last changed `status` through factdesk (git identity name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_by: Option<String>,
    /// When `status` was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_at: Option<Timestamp>,
    /// Every review ever given, oldest first; never deleted, only voided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<ReviewRecord>,
}

impl Review {
    /// True when nothing was recorded, so the key is left out of the file.
    pub fn is_empty(&self) -> bool {
        self.verdict_by.is_none() && self.verdict_at.is_none() && self.reviews.is_empty()
    }

    /// The review that currently decides: the latest one that is not voided
    /// and was given on `status`.
    pub fn current(&self, status: &str) -> Option<&ReviewRecord> {
        self.reviews
            .iter()
            .rev()
            .find(|r| !r.voided && r.verdict == status)
    }

    /// True when the verdict `status` has a standing approval by someone
    /// other than the person who last changed it.
    pub fn approved(&self, status: &str) -> bool {
        self.current(status).is_some_and(|r| {
            r.decision == ReviewDecision::Approve && self.verdict_by.as_deref() != Some(&r.by)
        })
    }
}

/// One review of a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    /// The reviewer (git identity name).
    pub by: String,
    /// When the review was given.
    pub at: Timestamp,
    /// The status the reviewer looked at.
    pub verdict: String,
    /// Approve or request changes.
    pub decision: ReviewDecision,
    /// What the reviewer said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Set when the verdict changed after this review, so it no longer counts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub voided: bool,
}

named_enum! {
    /// A reviewer's decision.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum ReviewDecision {
        /// The verdict may be published.
        Approve = "approve",
        /// The verdict needs more work.
        RequestChanges = "request-changes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_chars_not_bytes() {
        let a = "ab\nčd ef";
        let start = a.find("ef").unwrap();
        let loc = Location::from_span(a, start, a.len());
        assert_eq!((loc.line, loc.column), (2, 4));
    }

    /// Every span, in any order, across blocks, multi-byte characters, an
    /// empty line and one long line, as `from_span` says.
    #[test]
    fn line_index_matches_from_span() {
        let mut a = String::from("ab\nčd ef\n\n😀 x\r\ny");
        for i in 0..700 {
            a.push_str(if i % 7 == 0 { "é😀\n" } else { "čx " });
        }
        let idx = LineIndex::new(&a);
        let bounds: Vec<usize> = (0..=a.len()).filter(|&i| a.is_char_boundary(i)).collect();
        for &i in bounds.iter().rev().chain([3, a.len() + 5].iter()) {
            assert_eq!(
                idx.locate(&a, i, a.len()),
                Location::from_span(&a, i, a.len()),
                "{i}"
            );
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in ClaimKind::ALL {
            assert_eq!(ClaimKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(StepState::parse("na"), Some(StepState::NotApplicable));
        assert_eq!(StepState::parse("skip"), Some(StepState::Skipped));
    }

    /// The names `named_enum!` gives are the ones serde writes to files,
    /// and parse back to the same value; aliases parse but are never
    /// written; anything else is refused.
    #[test]
    fn names_match_the_serialized_forms() {
        fn check<T>(all: &[T], as_str: fn(T) -> &'static str, parse: fn(&str) -> Option<T>)
        where
            T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + Serialize,
        {
            for &v in all {
                let yaml = serde_json::to_value(v).expect("serializes");
                assert_eq!(yaml.as_str(), Some(as_str(v)), "{v:?}");
                assert_eq!(v.to_string(), as_str(v));
                assert_eq!(parse(as_str(v)), Some(v));
            }
            assert_eq!(parse(""), None);
            assert_eq!(parse("Nonsense"), None);
        }
        check(&ClaimKind::ALL, ClaimKind::as_str, ClaimKind::parse);
        check(
            &AttributionStatus::ALL,
            AttributionStatus::as_str,
            AttributionStatus::parse,
        );
        check(&StepState::ALL, StepState::as_str, StepState::parse);
        check(&Stance::ALL, Stance::as_str, Stance::parse);
        check(
            &EvidenceKind::ALL,
            EvidenceKind::as_str,
            EvidenceKind::parse,
        );
        check(
            &ReviewDecision::ALL,
            ReviewDecision::as_str,
            ReviewDecision::parse,
        );
        assert_eq!(ClaimKind::ALL.len(), 8);
        assert_eq!(StepState::parse("todo"), Some(StepState::Pending));
        assert_eq!(StepState::parse("n/a"), Some(StepState::NotApplicable));
        assert_eq!(StepState::parse("Done"), None, "names are case-sensitive");
    }

    #[test]
    fn approval_needs_a_second_person_and_the_current_verdict() {
        let at = chrono::DateTime::parse_from_rfc3339("2023-11-05T14:20:00+07:00").unwrap();
        let rec = |by: &str, verdict: &str, decision| ReviewRecord {
            by: by.into(),
            at,
            verdict: verdict.into(),
            decision,
            note: String::new(),
            voided: false,
        };
        let mut r = Review {
            verdict_by: Some("Ana".into()),
            verdict_at: Some(at),
            reviews: vec![rec("Ana", "false", ReviewDecision::Approve)],
        };
        assert!(!r.approved("false"), "self-approval does not count");
        r.reviews.push(rec("Bo", "false", ReviewDecision::Approve));
        assert!(r.approved("false"));
        assert!(!r.approved("verified"), "approval is for one verdict");
        r.reviews
            .push(rec("Cy", "false", ReviewDecision::RequestChanges));
        assert!(!r.approved("false"), "a later request for changes blocks");
        r.reviews.iter_mut().for_each(|x| x.voided = true);
        assert!(!r.approved("false"));
        assert!(!r.is_empty());
        assert!(Review::default().is_empty());
    }
}
