//! Publishing: a reader-facing fact-check report (Markdown, self-contained
//! HTML, both rendered from one [`Outline`]), schema.org ClaimReview
//! JSON-LD, and CSV for spreadsheets.
//!
//! Pure functions of model values, so output is deterministic and
//! golden-testable. Every untrusted string is escaped for its target
//! format; links are only made from absolute http(s) URLs.

mod csv_export;
mod html;
mod markdown;
mod outline;

pub use csv_export::{csv, csv_cell};
pub use html::html;
pub use markdown::markdown;
pub use outline::{outline, ArticleField, ClaimSection, EvidenceItem, Outline, StepCounts, Waived};

use crate::check::review::ReviewSummary;
use crate::model::{Case, Claim, StatusClass, StatusDef, WorkspaceConfig};
use serde_json::{json, Value};

/// Everything a report is made of.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Workspace settings: organisation and verdict scale.
    pub config: &'a WorkspaceConfig,
    /// The case.
    pub case: &'a Case,
    /// Its claims in id order (dismissed ones are left out of reports).
    pub claims: &'a [Claim],
}

impl Input<'_> {
    /// Claims that are not dismissed.
    pub fn live(&self) -> impl Iterator<Item = &Claim> {
        self.claims.iter().filter(|c| c.dismissed.is_none())
    }

    /// The scale entry of a claim's status.
    pub fn def(&self, c: &Claim) -> Option<&StatusDef> {
        self.config.verdict_scale.get(&c.status)
    }

    /// Reader-facing label of a claim's status.
    pub fn label(&self, c: &Claim) -> String {
        self.def(c)
            .map_or_else(|| c.status.clone(), |d| d.label.clone())
    }

    /// Where the claim stands in review, with who and what.
    pub fn review(&self, c: &Claim) -> ReviewSummary {
        ReviewSummary::of(c, &self.config.verdict_scale)
    }

    /// True when the claim's verdict may be published: a verdict with a
    /// standing approval by a second editor, whatever `require_review`
    /// says.
    pub fn publishable(&self, c: &Claim) -> bool {
        let verdict = self.def(c).is_some_and(|d| d.class == StatusClass::Verdict);
        c.dismissed.is_none() && verdict && self.review(c).is_approved()
    }

    /// True for a decision (a verdict, or not checkable) without a standing
    /// approval: reports mark it as a draft, ClaimReview leaves it out.
    pub fn awaiting_review(&self, c: &Claim) -> bool {
        c.dismissed.is_none() && self.review(c).is_unapproved()
    }

    /// The draft mark of a decision not approved yet ("Draft: not yet
    /// reviewed"), or `None` for an approved one and for claims without a
    /// decision.
    pub fn draft_mark(&self, c: &Claim) -> Option<&'static str> {
        if c.dismissed.is_some() {
            return None;
        }
        match self.review(c) {
            ReviewSummary::NoVerdict | ReviewSummary::Approved { .. } => None,
            ReviewSummary::Waiting { .. } => Some(DRAFT_WAITING),
            ReviewSummary::ChangesRequested { .. } => Some(DRAFT_CHANGES),
            ReviewSummary::Voided { .. } => Some(DRAFT_VOIDED),
        }
    }

    /// The reader-facing verdict, marked when it is a draft.
    pub fn verdict(&self, c: &Claim) -> String {
        let label = self.label(c);
        match self.draft_mark(c) {
            Some(mark) => format!("{label} ({mark})"),
            None => label,
        }
    }
}

/// The mark of a decision nobody else has reviewed yet.
pub const DRAFT_WAITING: &str = "Draft: not yet reviewed";
/// The mark of a decision a reviewer sent back.
pub const DRAFT_CHANGES: &str = "Draft: changes requested";
/// The mark of a decision changed after its approval.
pub const DRAFT_VOIDED: &str = "Draft: changed since approval";

/// The language of the reports' own words (headings, labels,
/// methodology); quoted article text carries the article's language.
pub const REPORT_LANGUAGE: &str = "en";

/// True for absolute http(s) URLs without whitespace, the only ones made
/// into links (never `javascript:` or relative paths).
pub fn linkable(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Who asserts a claim, whether they are named, and through whom, each
/// escaped for the output format; shared by the Markdown and HTML reports.
pub fn attribution_parts(
    a: &crate::model::Attribution,
    esc: impl Fn(&str) -> String,
) -> (String, &'static str, String) {
    let who = a
        .speaker
        .as_deref()
        .map_or_else(|| "the article itself".to_string(), &esc);
    let anon = if a.anonymous { " (not named)" } else { "" };
    let via = if a.chain.is_empty() {
        String::new()
    } else {
        let hops: Vec<String> = a.chain.iter().map(|x| esc(x)).collect();
        format!(", via {}", hops.join(" ← "))
    };
    (who, anon, via)
}

/// One source as a list item, in the escaping and linking of the format:
/// "interview: description, <link> (refutes), accessed DATE; archived
/// copy: <link>". The kind is one of factdesk's own names.
fn source_item(
    e: &outline::EvidenceItem<'_>,
    esc: &dyn Fn(&str) -> String,
    link: &dyn Fn(&str) -> String,
) -> String {
    let mut item = format!("{}: ", e.kind);
    if !e.description.is_empty() {
        item.push_str(&esc(e.description));
        if !e.url.is_empty() {
            item.push_str(", ");
        }
    }
    item.push_str(&link(e.url));
    item.push_str(&format!(" ({}), accessed {}", e.stance, e.accessed));
    if let Some(ar) = e.archive {
        item.push_str(&format!("; archived copy: {}", link(ar)));
    }
    item
}

/// A short human description of the review state.
pub fn review_text(c: &Claim, input: &Input<'_>) -> String {
    input.review(c).describe()
}

/// The methodology note every report carries (IFCN principles 2 and 4:
/// transparent sources and methodology). What was archived and what was
/// reviewed follow from the record, never promised.
pub const METHODOLOGY: &str = "Each claim was quoted exactly from the article and checked separately on two questions: whether the cited source really said it (attribution) and whether what it says is true (substance). Every claim followed a written checklist; the verdict rests on the sources listed under it. The full record of every step, with who did it and when, is kept in version control.";

/// Added when every decision in the report was approved.
pub const REVIEWED: &str =
    "Each verdict was approved by a second editor other than the one who reached it.";

/// Added when some decisions were not approved (yet).
pub const DRAFTS: &str =
    "Verdicts marked as drafts have not been approved by a second editor and are not published as final.";

/// How many of the report's online sources have an archived copy, in
/// words. Only standing items with an address count: an interview or an
/// email has nothing to archive, and a withdrawn item backs no verdict.
pub fn archived(input: &Input<'_>) -> String {
    let evidence: Vec<_> = input
        .live()
        .flat_map(|c| c.evidence.iter())
        .filter(|e| !e.is_withdrawn() && !e.url.is_empty())
        .collect();
    let with_copy = evidence.iter().filter(|e| e.archive_url.is_some()).count();
    match (evidence.len(), with_copy) {
        (0, _) => "No online sources are recorded yet.".into(),
        (1, 1) => {
            "The one online source listed has an archived copy, so readers can retrace the work.".into()
        }
        (2, 2) => {
            "Both online sources listed have an archived copy, so readers can retrace the work.".into()
        }
        (n, a) if a == n => format!(
            "All {n} online sources listed have an archived copy, so readers can retrace the work."
        ),
        (n, 0) => format!(
            "None of the {n} online source{} listed has an archived copy; links may change or disappear.",
            if n == 1 { "" } else { "s" }
        ),
        (n, a) => format!(
            "{a} of the {n} online sources listed {} an archived copy; the rest may change or disappear.",
            if a == 1 { "has" } else { "have" }
        ),
    }
}

/// The methodology paragraph for this case: the method, what was archived
/// and what was reviewed.
pub fn methodology(input: &Input<'_>) -> String {
    let decided = input
        .live()
        .filter(|c| input.review(c) != ReviewSummary::NoVerdict)
        .count();
    let drafts = input.live().filter(|c| input.awaiting_review(c)).count();
    let review = match (decided, drafts) {
        (0, _) => String::new(),
        (_, 0) => format!(" {REVIEWED}"),
        _ => format!(" {DRAFTS}"),
    };
    format!("{METHODOLOGY} {}{review}", archived(input))
}

/// The corrections note every report carries.
pub const CORRECTIONS: &str = "If you find an error in this fact-check or have evidence we did not consider, please contact us. Corrections are made openly: the changed verdict, the date and the reason are added to this page, and the previous version remains in our records.";

/// schema.org ClaimReview JSON-LD for every approved verdict, following
/// Google's fact-check markup documentation. `url` is where the fact-check
/// is published; each claim's review points at `url#<claim-id>` (the anchors
/// of the HTML report). Returns the objects and the ids of verdicts left
/// out (with `drafts`, included as drafts instead).
///
/// `drafts` is for previews: verdicts without a standing approval are
/// included too, each marked `"creativeWorkStatus": "Draft"` and without
/// `datePublished`, so nothing in a preview claims to be published.
pub fn claimreview(input: &Input<'_>, url: &str, drafts: bool) -> (Value, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let range = input.config.verdict_scale.rating_range();
    for c in input.live() {
        let Some(def) = input.def(c).filter(|d| d.class == StatusClass::Verdict) else {
            continue;
        };
        let draft = !input.publishable(c);
        if draft {
            skipped.push(c.id.to_string());
            if !drafts {
                continue;
            }
        }
        let mut rating = json!({
            "@type": "Rating",
            "alternateName": def.claimreview.clone().unwrap_or_else(|| def.label.clone()),
        });
        if let (Some(v), Some((worst, best))) = (def.rating, range) {
            rating["ratingValue"] = json!(v);
            rating["bestRating"] = json!(best);
            rating["worstRating"] = json!(worst);
        }
        let case = input.case;
        let claim_author = match (&c.attribution.speaker, &case.outlet) {
            (Some(s), _) => json!({"@type": "Person", "name": s}),
            (None, Some(o)) => json!({"@type": "Organization", "name": o}),
            (None, None) => Value::Null,
        };
        let mut item = json!({"@type": "Claim"});
        if !claim_author.is_null() {
            item["author"] = claim_author;
        }
        if let Some(p) = &case.published {
            item["datePublished"] = json!(p.format("%Y-%m-%d").to_string());
        }
        if let Some(u) = &case.url {
            let mut appearance = json!({"@type": "CreativeWork", "url": u, "headline": case.title});
            if let Some(o) = &case.outlet {
                appearance["publisher"] = json!({"@type": "Organization", "name": o});
            }
            item["appearance"] = json!([appearance]);
        }
        let mut obj = json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": format!("{url}#{}", c.id),
            "claimReviewed": c.text,
            "itemReviewed": item,
            "reviewRating": rating,
        });
        if let Some(org) = &input.config.organisation {
            obj["author"] = json!({"@type": "Organization", "name": org});
        }
        if draft {
            obj["creativeWorkStatus"] = json!("Draft");
            out.push(obj);
            continue;
        }
        let date = c
            .review
            .current(&c.status)
            .map(|r| r.at)
            .or(c.review.verdict_at);
        if let Some(d) = date {
            obj["datePublished"] = json!(d.format("%Y-%m-%d").to_string());
        }
        out.push(obj);
    }
    (Value::Array(out), skipped)
}

/// ClaimReview JSON-LD as pretty JSON, safe to paste into a
/// `<script type="application/ld+json">` block: `<`, `>` and `&` become
/// `\u003c`, `\u003e`, `\u0026`, so claim text holding `</script>` cannot
/// end the block (or open a comment or a CDATA section). Those three
/// characters can only occur inside JSON strings, where the escapes mean
/// the same characters, so the value read back is unchanged.
///
/// Unsafe characters (controls, bidi) are escaped too, so the export is
/// also safe to show in a terminal.
pub fn json_ld(v: &Value) -> Result<String, serde_json::Error> {
    let s = serde_json::to_string_pretty(v)?;
    Ok(script_safe(&crate::text::json_escape_unsafe(&s)))
}

/// The post-pass of [`json_ld`]: only `<`, `>` and `&` are touched.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links() {
        assert!(linkable("https://example.org/a"));
        assert!(!linkable("javascript:alert(1)"));
        assert!(!linkable("https://x y"));
    }

    #[test]
    fn json_ld_cannot_end_a_script_block() {
        let v = json!({"claimReviewed": "a </script><script>alert(1)</script> & b <!--"});
        let s = json_ld(&v).unwrap();
        assert!(!s.contains(['<', '>', '&']), "{s}");
        assert!(s.contains("\\u003c/script\\u003e"));
        assert!(s.contains("\\u0026 b"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v, "the escapes read back as the same text");
    }

    #[test]
    fn json_ld_escapes_terminal_controls() {
        let v = json!({"claimReviewed": "a\u{1b}[2J\u{7}\u{202e}b"});
        let s = json_ld(&v).unwrap();
        assert!(!s.chars().any(crate::text::is_unsafe), "{s}");
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }
}
