//! Correcting and withdrawing evidence. Nothing is ever deleted: a
//! correction is recorded on the item (who, when, why; the old values are
//! in git), a withdrawal marks it and it stops counting for verdicts.

use super::{now, read, web_url_arg, Change, Committed, OpsError, Refusal, Result, Session};
use crate::git::Action;
use crate::model::{
    normalise_url, CaseId, ClaimId, Evidence, EvidenceKind, EvidenceNote, Review, ReviewDecision,
    Stance,
};
use crate::store::{self, FileChange, Workspace};

/// `factdesk evidence edit` options: the fields to change (`None` leaves
/// one as it is; an empty text removes an optional one) and the note that
/// says why.
#[derive(Debug, Clone, Default)]
pub struct EvidenceEdit {
    /// New kind.
    pub kind: Option<EvidenceKind>,
    /// New address; empty removes it.
    pub url: Option<String>,
    /// New archived copy; empty removes it.
    pub archive: Option<String>,
    /// New description; empty removes it.
    pub description: Option<String>,
    /// New stance.
    pub stance: Option<Stance>,
    /// New excerpt; empty removes it.
    pub excerpt: Option<String>,
    /// Why it was corrected (required).
    pub note: String,
}

/// A short name for commit subjects: the URL's host, else the kind.
pub(super) fn short_name(ev: &Evidence) -> String {
    let host = ev
        .url
        .split("//")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .filter(|h| !h.is_empty());
    match host {
        Some(h) => h.to_string(),
        None => ev.kind_or_guess().as_str().to_string(),
    }
}

/// Voids the standing approvals of the verdict (kept, never deleted): they
/// were given on evidence that no longer stands as it was. A standing
/// request for changes stays. Returns true when one was voided.
fn void_approvals(review: &mut Review) -> bool {
    let mut voided = false;
    for r in review
        .reviews
        .iter_mut()
        .filter(|r| !r.voided && r.decision == ReviewDecision::Approve)
    {
        r.voided = true;
        voided = true;
    }
    voided
}

/// The item numbered `n` (1-based, as `show` numbers them), or why not.
fn item<'a>(
    evidence: &'a mut [Evidence],
    case: &CaseId,
    claim: &ClaimId,
    n: usize,
) -> Result<&'a mut Evidence> {
    let count = evidence.len();
    evidence.get_mut(n.wrapping_sub(1)).ok_or_else(|| {
        OpsError::not_found(
            format!("{case}/{claim} has no evidence item {n} (it has {count})"),
            Some(format!(
                "`factdesk show {case}/{claim}` lists them, numbered from 1"
            )),
        )
    })
}

fn needs_note(note: &str, what: &str, flag: &str) -> Result<()> {
    if note.trim().is_empty() {
        return Err(OpsError::usage(
            format!("{what} needs a note saying why"),
            Some(format!("add {flag} \"…\"")),
        ));
    }
    Ok(())
}

/// Where `factdesk evidence copy` takes its items from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceSource {
    /// An earlier claim: its evidence that stands is copied item by item.
    Claim(CaseId, ClaimId),
    /// A published fact-check in `factchecks/`, by its address (any
    /// spelling with the same normalised form): one item pointing at it.
    FactCheck(String),
}

impl std::fmt::Display for EvidenceSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Claim(case, claim) => write!(f, "{case}/{claim}"),
            Self::FactCheck(url) => f.write_str(url),
        }
    }
}

/// True when `b` is the same source as `a`: the same address (normalised),
/// the same stored file, or, for items with neither, the same kind and
/// description (an interview written down twice).
fn same_item(a: &Evidence, b: &Evidence) -> bool {
    let key = |e: &Evidence| normalise_url(&e.url).unwrap_or_else(|| e.url.trim().to_string());
    if !a.url.trim().is_empty() && !b.url.trim().is_empty() && key(a) == key(b) {
        return true;
    }
    if let (Some(fa), Some(fb)) = (&a.file, &b.file) {
        if fa.sha256 == fb.sha256 {
            return true;
        }
    }
    a.url.trim().is_empty()
        && b.url.trim().is_empty()
        && a.file.is_none()
        && b.file.is_none()
        && a.kind_or_guess() == b.kind_or_guess()
        && a.description.trim() == b.description.trim()
}

/// Copies of stored files (evidence files, captures) from one case folder
/// into another, under the same name when it is free or already holds the
/// same bytes, else `2-name`, `3-name`…: never over someone's file.
struct FileCopies<'a> {
    ws: &'a Workspace,
    to: &'a CaseId,
    limit: u64,
    changes: Vec<FileChange>,
}

impl FileCopies<'_> {
    /// Copies `rel` (inside case `from`) and returns its path inside the
    /// target case.
    fn copy(&mut self, from: &CaseId, rel: &str, what: &str) -> Result<String> {
        let src = format!("{}/{rel}", Workspace::case_dir_rel(from));
        let bytes = store::read_bytes_below(self.ws.root(), &src, self.limit).map_err(|e| {
            OpsError::refused(
                format!("{from}/{what} `{rel}` cannot be read, so it cannot be copied: {e}"),
                Some("`factdesk check` says what is wrong with it".into()),
            )
        })?;
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let mut n = 1;
        loop {
            let candidate = match (n, dir) {
                (1, _) => rel.to_string(),
                (_, "") => format!("{n}-{name}"),
                _ => format!("{dir}/{n}-{name}"),
            };
            let full = format!("{}/{candidate}", Workspace::case_dir_rel(self.to));
            n += 1;
            if let Some(c) = self.changes.iter().find(|c| c.rel_path == full) {
                if c.content.bytes() == Some(bytes.as_slice()) {
                    return Ok(candidate);
                }
                continue;
            }
            store::no_links_below(self.ws.root(), &full)?;
            // A name taken by anything else (other bytes, a link, a FIFO)
            // is skipped, never read through or replaced.
            let existing = match store::read_bytes(&self.ws.abs(&full), self.limit) {
                Ok(b) if b == bytes => Some(b),
                Err(store::StoreError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    None
                }
                _ => continue,
            };
            self.changes.push(FileChange {
                rel_path: full,
                content: bytes.into(),
                expected: existing,
            });
            return Ok(candidate);
        }
    }
}

impl Session {
    /// `factdesk evidence copy FROM TO`: reuses what an earlier check found.
    /// From a claim, each of its items that stands (not withdrawn) becomes a
    /// new item on `to` (stored files and captures copied into `to`'s case
    /// folder); from a fact-check, one item pointing at the review. Every
    /// copy names its source in `copied_from`, and the one commit carries
    /// `Factdesk-Evidence-From`. Items already on `to` (same address or
    /// file) are left out; refused when nothing is left, when the source
    /// has no evidence, or when it is `to` itself.
    pub fn copy_evidence(
        &self,
        to_case: &CaseId,
        to_claim: &ClaimId,
        from: &EvidenceSource,
    ) -> Result<Committed> {
        if let EvidenceSource::Claim(c, k) = from {
            if c == to_case && k == to_claim {
                return Err(Refusal::CopyOntoItself {
                    claim: format!("{c}/{k}"),
                }
                .into());
            }
        }
        let to_label = format!("{to_case}/{to_claim}");
        self.mutate_claim(to_case, to_claim, Action::Evidence, |c, s| {
            // Read under the lock: what is copied is what is committed.
            let (label, candidates) = match from {
                EvidenceSource::Claim(fc, fk) => s.source_items(fc, fk)?,
                EvidenceSource::FactCheck(url) => s.factcheck_item(url)?,
            };
            let mut copied = Vec::new();
            let mut skipped = 0;
            for mut ev in candidates {
                let there = c.evidence.iter().filter(|e| !e.is_withdrawn());
                if there.chain(copied.iter()).any(|e| same_item(e, &ev)) {
                    skipped += 1;
                    continue;
                }
                ev.added_by = Some(s.who.name.clone());
                ev.copied_from = Some(label.clone());
                copied.push(ev);
            }
            if copied.is_empty() {
                return Err(Refusal::AlreadyCopied {
                    from: label,
                    to: to_label.clone(),
                }
                .into());
            }
            // Files and captures of the items copied from another case
            // are copied into this one, and the items re-pointed at them.
            let mut files = FileCopies {
                ws: &s.ws,
                to: to_case,
                limit: s.ctx.config.evidence_max_bytes,
                changes: Vec::new(),
            };
            if let EvidenceSource::Claim(from_case, _) = from {
                if from_case != to_case {
                    for ev in &mut copied {
                        if let Some(f) = &mut ev.file {
                            f.path = files.copy(from_case, &f.path, "evidence file")?;
                        }
                        if let Some(k) = &mut ev.capture {
                            k.file = files.copy(from_case, &k.file, "capture")?;
                        }
                    }
                }
            }
            let extra = files.changes;
            let mut body: Vec<String> = copied
                .iter()
                .map(|e| format!("- {} {}", e.stance.as_str(), short_name(e)))
                .collect();
            if skipped > 0 {
                body.push(format!(
                    "{skipped} item(s) of {label} already on {to_label} were not copied again."
                ));
            }
            let n = copied.len();
            c.evidence.extend(copied);
            let mut ch = Change::new(
                format!("+{n} evidence copied from {label}"),
                body.join("\n"),
            );
            ch.extra_files = extra;
            ch.evidence_from = Some(label);
            ch.additive = true;
            Ok(ch)
        })
    }

    /// The items of claim `case/claim` that stand, as new items (their
    /// stored files still named as in `case`).
    fn source_items(&self, case: &CaseId, claim: &ClaimId) -> Result<(String, Vec<Evidence>)> {
        let label = format!("{case}/{claim}");
        let (_, doc) = read::open_claim(&self.ws, case, claim)?;
        let Some(source) = doc.value else {
            return Err(OpsError::Invalid {
                summary: format!("{} cannot be read; fix it before copying from it", doc.rel),
                diagnostics: doc.error.into_iter().collect(),
            });
        };
        let standing: Vec<Evidence> = source
            .evidence
            .into_iter()
            .filter(|e| !e.is_withdrawn())
            .map(|mut ev| {
                // The copy is a new item: its own history starts here (the
                // original's corrections stay on the original).
                ev.corrections.clear();
                ev
            })
            .collect();
        if standing.is_empty() {
            return Err(Refusal::NothingToCopy { from: label }.into());
        }
        Ok((label, standing))
    }

    /// The one item that points at the imported fact-check at `url`.
    fn factcheck_item(&self, url: &str) -> Result<(String, Vec<Evidence>)> {
        let all = read::factchecks(&self.ws)?;
        let Some((_, fc)) = all.by_url(url) else {
            return Err(OpsError::not_found(
                format!("no imported fact-check has the address {url}"),
                Some(format!(
                    "import it first with `factdesk import claimreview FILE`; the imported ones are in {}/",
                    store::FACTCHECKS_DIR
                )),
            ));
        };
        let ev = Evidence {
            kind: Some(EvidenceKind::WebPage),
            url: fc.url.clone(),
            archive_url: None,
            description: format!("Published fact-check ({})", fc.verdict_line()),
            accessed: now(),
            stance: Stance::Context,
            excerpt: fc.claim_reviewed.trim_end().to_string(),
            file: None,
            capture: None,
            added_by: None,
            copied_from: None,
            corrections: Vec::new(),
            withdrawn: None,
        };
        Ok((fc.url.clone(), vec![ev]))
    }

    /// `factdesk evidence edit CASE/CLAIM N`: corrects item `n` (1-based).
    /// A withdrawn item is refused: it is the record of what was relied on.
    pub fn edit_evidence(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        n: usize,
        edit: &EvidenceEdit,
    ) -> Result<Committed> {
        needs_note(&edit.note, "correcting evidence", "--note")?;
        for (what, v) in [("evidence URL", &edit.url), ("archive URL", &edit.archive)] {
            if let Some(u) = v.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                web_url_arg(what, u)?;
            }
        }
        self.mutate_claim(case, claim, Action::Evidence, |c, s| {
            let ev = item(&mut c.evidence, case, claim, n)?;
            if let Some(w) = &ev.withdrawn {
                return Err(OpsError::refused(
                    format!(
                        "evidence {n} of {case}/{claim} was withdrawn by {} on {}; it is kept as it was",
                        w.by,
                        w.at.format("%Y-%m-%d %H:%M")
                    ),
                    Some(format!("add the corrected item with `factdesk evidence add {case}/{claim} …`")),
                ));
            }
            let before = ev.clone();
            let text = |v: &Option<String>| v.as_deref().map(|t| t.trim().to_string());
            if let Some(k) = edit.kind {
                ev.kind = Some(k);
            }
            if let Some(u) = text(&edit.url) {
                ev.url = u;
            }
            if let Some(a) = text(&edit.archive) {
                ev.archive_url = Some(a).filter(|a| !a.is_empty());
            }
            if let Some(d) = text(&edit.description) {
                ev.description = d;
            }
            if let Some(st) = edit.stance {
                ev.stance = st;
            }
            if let Some(x) = &edit.excerpt {
                ev.excerpt = x.trim_end().to_string();
            }
            let mut fields = Vec::new();
            if ev.kind != before.kind {
                fields.push("kind");
            }
            if ev.url != before.url {
                fields.push("url");
            }
            if ev.archive_url != before.archive_url {
                fields.push("archive");
            }
            if ev.description != before.description {
                fields.push("description");
            }
            if ev.stance != before.stance {
                fields.push("stance");
            }
            if ev.excerpt != before.excerpt {
                fields.push("excerpt");
            }
            if fields.is_empty() {
                return Err(OpsError::usage(
                    format!("nothing to change: evidence {n} of {case}/{claim} already is that way"),
                    Some("give --url, --archive, --description, --kind, --stance or --excerpt".into()),
                ));
            }
            ev.corrections.push(EvidenceNote {
                by: s.who.name.clone(),
                at: now(),
                note: edit.note.trim().to_string(),
            });
            // What the item says about the claim changed: an approval was
            // given on the other reading.
            let voided = fields.contains(&"stance") && void_approvals(&mut c.review);
            Ok(Change::new(
                format!(
                    "evidence {n} corrected ({}){}",
                    fields.join(", "),
                    if voided { ", approval voided" } else { "" }
                ),
                edit.note.trim().to_string(),
            ))
        })
    }

    /// `factdesk evidence withdraw CASE/CLAIM N --note WHY`: marks item `n`
    /// (1-based) withdrawn. A verdict that would be left without evidence
    /// is refused by the verdict rules, as with any change.
    pub fn withdraw_evidence(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        n: usize,
        note: &str,
    ) -> Result<Committed> {
        needs_note(note, "withdrawing evidence", "--note")?;
        self.mutate_claim(case, claim, Action::Evidence, |c, s| {
            let ev = item(&mut c.evidence, case, claim, n)?;
            if let Some(w) = &ev.withdrawn {
                return Err(OpsError::refused(
                    format!(
                        "evidence {n} of {case}/{claim} is already withdrawn by {} on {}: {}",
                        w.by,
                        w.at.format("%Y-%m-%d %H:%M"),
                        w.note
                    ),
                    None,
                ));
            }
            ev.withdrawn = Some(EvidenceNote {
                by: s.who.name.clone(),
                at: now(),
                note: note.trim().to_string(),
            });
            let name = short_name(ev);
            let voided = void_approvals(&mut c.review);
            Ok(Change::new(
                format!(
                    "evidence {n} withdrawn ({name}){}",
                    if voided { ", approval voided" } else { "" }
                ),
                note.trim().to_string(),
            ))
        })
    }
}
