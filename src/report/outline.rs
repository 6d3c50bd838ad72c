//! What a report says, in order, before any format: built once from the
//! model by [`outline`] and rendered by the Markdown and the HTML writers,
//! so both always say the same things. Strings here are raw; each writer
//! escapes them for its format.

use super::{methodology, review_text, Input, CORRECTIONS};
use crate::model::{Attribution, Claim, StepState, Timestamp};

/// The whole report.
#[derive(Debug, Clone)]
pub struct Outline<'a> {
    /// The article's headline.
    pub title: &'a str,
    /// The language of the report's own words, for `<html lang>`.
    pub report_language: &'static str,
    /// The article's language (BCP 47), for the `lang` of quoted text.
    pub language: &'a str,
    /// Who publishes the fact-check.
    pub organisation: Option<&'a str>,
    /// "The article": labelled facts, those that are known, in order.
    pub article: Vec<(&'static str, ArticleField<'a>)>,
    /// How the article reached readers: (name, role, not named).
    pub sources: Vec<(&'a str, Option<&'a str>, bool)>,
    /// The claims that are not dismissed, in id order (also the summary table).
    pub claims: Vec<ClaimSection<'a>>,
    /// The methodology paragraph.
    pub methodology: String,
    /// The corrections paragraph.
    pub corrections: &'static str,
}

/// One fact about the article, by what it is rather than how it looks.
#[derive(Debug, Clone)]
pub enum ArticleField<'a> {
    /// Plain text.
    Text(&'a str),
    /// A point in time.
    Time(Timestamp),
    /// An address (a link when it is safe to link).
    Link(&'a str),
    /// A code-like value (a hash).
    Code(&'a str),
}

/// One claim's section.
#[derive(Debug, Clone)]
pub struct ClaimSection<'a> {
    /// The claim id, also its anchor.
    pub id: String,
    /// The claim, quoted from the article.
    pub text: &'a str,
    /// Its English rendering, when the desk recorded one.
    pub translation: Option<&'a str>,
    /// The verdict label, marked "(Draft: …)" when not approved.
    pub verdict: String,
    /// A draft (a decision without a standing approval, or no decision):
    /// the HTML badge is shown as pending.
    pub pending: bool,
    /// Who asserts it, and through whom.
    pub attribution: &'a Attribution,
    /// The status's reader-facing label.
    pub substance: String,
    /// What the article itself says to qualify it.
    pub caveats: &'a [String],
    /// The review state in words.
    pub review: String,
    /// The checklist id.
    pub checklist: &'a str,
    /// How the checklist's steps stand, counted separately so that a
    /// waved-through step never reads as done.
    pub steps: StepCounts,
    /// Steps skipped or marked not applicable, with the reason given.
    pub waived: Vec<Waived<'a>>,
    /// The reasoning, paragraphs separated by blank lines.
    pub notes: &'a str,
    /// The sources behind the verdict.
    pub evidence: Vec<EvidenceItem<'a>>,
}

/// How many of a claim's checklist steps stand in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepCounts {
    /// Done.
    pub done: usize,
    /// Skipped (deliberately not done).
    pub skipped: usize,
    /// Marked not applicable.
    pub not_applicable: usize,
    /// Not started.
    pub pending: usize,
}

impl StepCounts {
    /// Every step.
    pub fn total(&self) -> usize {
        self.done + self.skipped + self.not_applicable + self.pending
    }

    /// "8 steps: 5 done, 2 skipped, 1 not applicable", leaving out zeros
    /// (but always saying how many are done).
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} done", self.done)];
        for (n, what) in [
            (self.skipped, "skipped"),
            (self.not_applicable, "not applicable"),
            (self.pending, "not started"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let total = self.total();
        let s = if total == 1 { "" } else { "s" };
        format!("{total} step{s}: {}", parts.join(", "))
    }
}

/// A step skipped or marked not applicable, and why.
#[derive(Debug, Clone)]
pub struct Waived<'a> {
    /// The step id.
    pub step: &'a str,
    /// "skipped" or "not applicable".
    pub how: &'static str,
    /// The reason given (may be empty for optional steps).
    pub note: &'a str,
}

/// One source behind a verdict (or withdrawn from it: kept, marked).
#[derive(Debug, Clone)]
pub struct EvidenceItem<'a> {
    /// What sort of source (`interview`, `web-page`, …).
    pub kind: &'static str,
    /// What it is, in words (may be empty).
    pub description: &'a str,
    /// Where it was found (may be empty: an interview has no address).
    pub url: &'a str,
    /// "withdrawn by Ana on 2023-11-06: the page was a parody", when it no
    /// longer counts.
    pub withdrawn: Option<String>,
    /// What it says about the claim.
    pub stance: &'static str,
    /// When it was read, `YYYY-MM-DD`.
    pub accessed: String,
    /// An archived copy.
    pub archive: Option<&'a str>,
    /// The passage, verbatim (may be empty).
    pub excerpt: &'a str,
}

/// Builds the outline of a report.
pub fn outline<'a>(input: &Input<'a>) -> Outline<'a> {
    let case = input.case;
    let article = [
        ("Headline", Some(ArticleField::Text(&case.title))),
        ("Outlet", case.outlet.as_deref().map(ArticleField::Text)),
        ("Author", case.author.as_deref().map(ArticleField::Text)),
        ("Published", case.published.map(ArticleField::Time)),
        ("Dateline", case.dateline.as_deref().map(ArticleField::Text)),
        ("Language", Some(ArticleField::Text(&case.language))),
        ("Address", case.url.as_deref().map(ArticleField::Link)),
        (
            "Article sha256",
            Some(ArticleField::Code(&case.article_sha256)),
        ),
    ];
    Outline {
        title: &case.title,
        report_language: super::REPORT_LANGUAGE,
        language: &case.language,
        organisation: input.config.organisation.as_deref(),
        article: article
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
        sources: case
            .source_chain
            .iter()
            .map(|s| (s.name.as_str(), s.role.as_deref(), s.anonymous))
            .collect(),
        claims: input
            .claims
            .iter()
            .filter(|c| c.dismissed.is_none())
            .map(|c| section(input, c))
            .collect(),
        methodology: methodology(input),
        corrections: CORRECTIONS,
    }
}

fn section<'a>(input: &Input<'a>, c: &'a Claim) -> ClaimSection<'a> {
    ClaimSection {
        id: c.id.to_string(),
        text: &c.text,
        translation: c.translation.as_deref(),
        verdict: input.verdict(c),
        pending: !input.review(c).is_approved(),
        attribution: &c.attribution,
        substance: input.label(c),
        caveats: &c.caveats,
        review: review_text(c, input),
        checklist: &c.checklist.id,
        steps: step_counts(c),
        waived: c
            .checklist
            .steps
            .iter()
            .filter_map(|st| {
                let how = match st.state {
                    StepState::Skipped => "skipped",
                    StepState::NotApplicable => "not applicable",
                    _ => return None,
                };
                Some(Waived {
                    step: &st.id,
                    how,
                    note: &st.note,
                })
            })
            .collect(),
        notes: &c.notes,
        evidence: c
            .evidence
            .iter()
            .map(|e| EvidenceItem {
                kind: e.kind_or_guess().as_str(),
                description: &e.description,
                url: &e.url,
                withdrawn: e.withdrawn.as_ref().map(|w| {
                    format!(
                        "withdrawn by {} on {}: {}",
                        w.by,
                        w.at.format("%Y-%m-%d"),
                        w.note
                    )
                }),
                stance: e.stance.as_str(),
                accessed: e.accessed.format("%Y-%m-%d").to_string(),
                archive: e.archive_url.as_deref(),
                excerpt: &e.excerpt,
            })
            .collect(),
    }
}

fn step_counts(c: &Claim) -> StepCounts {
    let mut n = StepCounts::default();
    for st in &c.checklist.steps {
        match st.state {
            StepState::Done => n.done += 1,
            StepState::Skipped => n.skipped += 1,
            StepState::NotApplicable => n.not_applicable += 1,
            StepState::Pending => n.pending += 1,
        }
    }
    n
}
