//! Changing claims: `set`, `step`, `evidence add|edit|withdraw`, `assign`,
//! `claim add|dismiss|restore` and `review`. Each is one `ops` transaction and prints
//! the commit it made.

use super::{
    committed, parse_case, parse_claim_ref, parse_target, session, AssignArgs, ClaimAddArgs,
    CliResult, DismissArgs, EvidenceAddArgs, EvidenceCopyArgs, EvidenceEditArgs,
    EvidenceWithdrawArgs, Out, OutFormat, RestoreArgs, ReviewArgs, SetArgs, StepArgs,
};
use super::{strings, CliError};
use crate::model::ReviewDecision;
use crate::ops::{self, EvidenceEdit, EvidenceRequest, EvidenceSource, SetRequest};
use crate::text::one_line;

/// `factdesk set CASE/CLAIM`.
pub fn cmd_set(a: SetArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    crate::git::trace::phase("session");
    let (case, claim) = parse_claim_ref(&a.claim)?;
    let req = SetRequest {
        status: a.status,
        attribution: a.attribution,
        kind: a.kind,
        note: a.note,
        speaker: a.speaker,
        // `--chain ""` alone removes the chain.
        chain: match a.chain.as_slice() {
            [] => None,
            [only] if only.trim().is_empty() => Some(Vec::new()),
            _ => Some(a.chain),
        },
        anonymous: a.anonymous,
        translation: a.translation,
    };
    let done = s.set(&case, &claim, &req)?;
    crate::git::trace::phase("set done");
    committed(out, done)
}

/// `factdesk step CASE/CLAIM STEP STATE`.
pub fn cmd_step(a: StepArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    let c = s.step(&case, &cid, &a.step, a.state.into(), a.note.as_deref())?;
    committed(out, c)
}

/// `factdesk evidence add CASE/CLAIM`.
pub fn cmd_evidence_add(a: EvidenceAddArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    // `--archive` alone asks the public archive; `--archive URL` records one.
    let ask_archive = a.archive.as_deref() == Some("");
    let web = &s.ctx.config.web;
    let needs_url = |what: &str| {
        CliError::usage(format!("{what} needs the address to fetch")).hinted("give --url https://…")
    };
    let capture = match (&a.url, a.capture) {
        (_, false) => None,
        (None, true) => return Err(needs_url("--capture")),
        (Some(u), true) => {
            super::intake::fetching(u);
            // Within both the page limit and the evidence limit.
            let o = ops::web::options(web)
                .with_max_bytes(web.max_bytes.min(s.ctx.config.evidence_max_bytes));
            Some(ops::web::capture(u, &o)?)
        }
    };
    let archive = match (&a.url, ask_archive) {
        (_, false) => a.archive,
        (None, true) => return Err(needs_url("--archive")),
        (Some(u), true) => match ops::web::ask_archive(u, web) {
            ops::web::Archived::Copy(c) => Some(c),
            ops::web::Archived::Failed(why) => {
                super::note(&format!("{}: {}", strings::ARCHIVE_FAILED, one_line(&why)));
                super::note(&format!("hint: {}", strings::HINT_ARCHIVE_LATER));
                None
            }
        },
    };
    let kept = capture.as_ref().map(|p| {
        format!(
            "captured {} (HTTP {}, sha256 {}, {} bytes)",
            one_line(p.fetched.final_url.as_str()),
            p.fetched.status,
            &p.fetched.sha256[..12],
            p.fetched.body.len()
        )
    });
    let archived = archive
        .as_ref()
        .filter(|_| ask_archive)
        .map(|c| format!("archived copy: {}", one_line(c)));
    let req = EvidenceRequest {
        kind: a.kind,
        url: a.url,
        description: a.description,
        archive,
        stance: a.stance,
        excerpt: a.excerpt,
        file: a.file,
        accessed: a.accessed,
        capture,
    };
    let outcome = committed(out, s.add_evidence(&case, &cid, req)?)?;
    for l in kept.iter().chain(archived.iter()) {
        out.line(l)?;
    }
    Ok(outcome)
}

/// `factdesk evidence edit CASE/CLAIM N --note …`.
pub fn cmd_evidence_edit(a: EvidenceEditArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    let edit = EvidenceEdit {
        kind: a.kind,
        url: a.url,
        archive: a.archive,
        description: a.description,
        stance: a.stance,
        excerpt: a.excerpt,
        note: a.note,
    };
    committed(out, s.edit_evidence(&case, &cid, a.n, &edit)?)
}

/// `factdesk evidence withdraw CASE/CLAIM N --note …`.
pub fn cmd_evidence_withdraw(a: EvidenceWithdrawArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    committed(out, s.withdraw_evidence(&case, &cid, a.n, &a.note)?)
}

/// `factdesk evidence copy FROM TO`.
pub fn cmd_evidence_copy(a: EvidenceCopyArgs, out: &mut Out<'_>) -> CliResult {
    let (case, cid) = parse_claim_ref(&a.to)?;
    let lower = a.from.trim_start().to_ascii_lowercase();
    let from = if lower.starts_with("http://") || lower.starts_with("https://") {
        EvidenceSource::FactCheck(a.from.trim().to_string())
    } else {
        let (c, k) = parse_claim_ref(&a.from)?;
        EvidenceSource::Claim(c, k)
    };
    let s = session()?;
    let c = s.copy_evidence(&case, &cid, &from)?;
    if a.format == OutFormat::Json {
        super::print_notices(&c);
        out.json(&serde_json::json!({
            "commit": c.commit,
            "subject": c.subject,
            "from": from.to_string(),
            "to": format!("{case}/{cid}"),
            "files": c.files,
        }))?;
        return Ok(super::Outcome::Clean);
    }
    committed(out, c)
}

/// `factdesk assign CASE[/CLAIM] WHO`.
pub fn cmd_assign(a: AssignArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let c = match parse_target(&a.target)? {
        (case, Some(cid)) => s.assign_claim(&case, &cid, &a.who, a.remove)?,
        (case, None) => s.assign_case(&case, &a.who, a.remove)?,
    };
    committed(out, c)
}

/// `factdesk claim add CASE --text …`.
pub fn cmd_claim_add(a: ClaimAddArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let case = parse_case(&a.case)?;
    committed(out, s.add_claim(&case, &a.text, a.kind, a.occurrence)?)
}

/// `factdesk claim dismiss CASE/CLAIM --reason …`.
pub fn cmd_claim_dismiss(a: DismissArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    committed(out, s.dismiss(&case, &cid, &a.reason)?)
}

/// `factdesk claim restore CASE/CLAIM`.
pub fn cmd_claim_restore(a: RestoreArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    committed(out, s.restore(&case, &cid)?)
}

/// `factdesk review CASE/CLAIM --approve | --request-changes`.
pub fn cmd_review(a: ReviewArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    let decision = if a.approve {
        ReviewDecision::Approve
    } else {
        ReviewDecision::RequestChanges
    };
    committed(out, s.review(&case, &cid, decision, a.note.as_deref())?)
}
