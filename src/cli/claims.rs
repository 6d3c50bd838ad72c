//! Reading: `cases`, `claims` and `show`.

use super::{
    parse_case, parse_claim_ref, strings, workspace, CasesArgs, ClaimsArgs, CliError, CliResult,
    Out, OutFormat, Outcome, ShowArgs,
};
use crate::check;
use crate::model::{CaseId, Checklist, Claim, StepState, VerdictScale};
use crate::ops;
use crate::text::one_line;

/// One row of `factdesk cases`.
struct CaseRow {
    id: String,
    title: String,
    claims: usize,
    decided: usize,
}

/// `factdesk cases`: from the case index (only changed cases are read).
pub fn cmd_cases(a: CasesArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let scale = ops::read::context(&ws, &mut ops::warn_stderr)
        .config
        .verdict_scale;
    let progress = super::progress::Progress::new();
    let records = ops::case_index::load(&ws, &scale, &|d, t| progress.show(d, t))?.records;
    progress.finish();
    let rows: Vec<CaseRow> = records.iter().map(|r| case_row(&scale, r)).collect();
    if a.format == OutFormat::Json {
        let v: Vec<_> = rows.iter().map(|r| serde_json::json!({"id": r.id.as_str(), "title": r.title, "claims": r.claims, "decided": r.decided})).collect();
        out.json(&v)?;
    } else if rows.is_empty() {
        out.line(strings::NO_CASES)?;
    } else {
        for r in rows {
            out.line(&format!(
                "{}  {}/{} decided  {}",
                r.id,
                r.decided,
                r.claims,
                one_line(&r.title)
            ))?;
        }
    }
    Ok(Outcome::Clean)
}

/// A case's title and progress; a case that cannot be read still gets a row.
fn case_row(scale: &VerdictScale, r: &ops::case_index::CaseRecord) -> CaseRow {
    let id = r.name.clone();
    let Some(f) = &r.facts else {
        return CaseRow {
            id,
            title: "(unreadable)".into(),
            claims: 0,
            decided: 0,
        };
    };
    let live = || {
        f.claims
            .iter()
            .filter_map(|c| c.row.as_ref())
            .filter(|v| !v.dismissed)
    };
    // A claim file that does not parse still counts as a claim.
    let unreadable = f.claims.iter().filter(|c| c.row.is_none()).count();
    CaseRow {
        title: f
            .title
            .clone()
            .unwrap_or_else(|| "(case.yaml unreadable)".into()),
        claims: live().count() + unreadable,
        decided: live().filter(|v| scale.is_decided(&v.status)).count(),
        id,
    }
}

/// `factdesk claims CASE`.
pub fn cmd_claims(a: ClaimsArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let id = parse_case(&a.case)?;
    ops::read::context(&ws, &mut ops::warn_stderr);
    let b = ops::read::open_case(&ws, &id)?;
    let claims: Vec<Claim> = b
        .claims
        .iter()
        .filter_map(|c| c.value.clone())
        .filter(|c| a.all || c.dismissed.is_none())
        .collect();
    if a.format == OutFormat::Json {
        let v: Vec<_> = claims.iter().map(claim_json).collect();
        out.json(&v)?;
    } else {
        print_claims_table(out, &claims)?;
        for c in b.claims.iter().filter(|c| c.error.is_some()) {
            out.line(&format!(
                "{}: cannot be read: {}",
                c.rel,
                c.error.as_ref().map_or("", |d| d.message.as_str())
            ))?;
        }
    }
    Ok(Outcome::Clean)
}

/// `factdesk show CASE/CLAIM`.
pub fn cmd_show(a: ShowArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    let b = ops::read::open_case(&ws, &case)?;
    let doc = b.claim(&cid)?;
    let Some(c) = &doc.value else {
        return Err(CliError::refused(format!("{} cannot be read", doc.rel))
            .hinted(strings::HINT_RUN_CHECK)
            .with_diagnostics(doc.error.iter().cloned()));
    };
    if a.format == OutFormat::Json {
        out.json(c)?;
    } else {
        // Only the checklist's prompts are needed: no git identity,
        // and findings about the config are `check`'s business.
        let (ctx, _) = check::load_context(&ws);
        let steps = ctx.checklists.get(&c.checklist.id).map(|(l, _)| l.clone());
        print_claim(out, &case, c, steps.as_ref())?;
    }
    Ok(Outcome::Clean)
}

/// Checklist steps that are no longer pending.
fn steps_done(c: &Claim) -> usize {
    c.checklist
        .steps
        .iter()
        .filter(|s| s.state != StepState::Pending)
        .count()
}

/// The JSON shape of a claim in listings (stable keys for scripts).
pub fn claim_json(c: &Claim) -> serde_json::Value {
    serde_json::json!({
        "id": c.id.as_str(),
        "text": c.text,
        "kind": c.kind.as_str(),
        "status": c.status,
        "speaker": c.attribution.speaker,
        "anonymous": c.attribution.anonymous,
        "chain": c.attribution.chain,
        "attribution_status": c.attribution.status.as_str(),
        "caveats": c.caveats,
        "checklist": c.checklist.id,
        "steps_done": steps_done(c),
        "steps_total": c.checklist.steps.len(),
        "evidence": c.evidence.len(),
        "assignee": c.assignee,
        "dismissed": c.dismissed.as_ref().map(|d| d.reason.clone()),
        "line": c.location.line,
    })
}

/// The claims table of `claims` and `new`.
pub(super) fn print_claims_table(out: &mut Out<'_>, claims: &[Claim]) -> Result<(), CliError> {
    if claims.is_empty() {
        return out.line(strings::NO_CLAIMS);
    }
    out.line(&format!(
        "{:<4} {:<20} {:<13} {:<5} {:<5} {:<22} TEXT",
        "ID", "KIND", "STATUS", "STEPS", "ANON", "SPEAKER"
    ))?;
    for c in claims {
        let speaker = crate::text::fit(
            &one_line(c.attribution.speaker.as_deref().unwrap_or("-")),
            22,
        );
        let status = if c.dismissed.is_some() {
            "dismissed".to_string()
        } else {
            c.status.clone()
        };
        out.line(&format!(
            "{:<4} {:<20} {:<13} {:<5} {:<5} {:<22} {}",
            c.id.as_str(),
            c.kind.as_str(),
            crate::text::fit(&one_line(&status), 13),
            format!("{}/{}", steps_done(c), c.checklist.steps.len()),
            if c.attribution.anonymous { "anon" } else { "-" },
            speaker,
            crate::text::fit(&one_line(&c.text), 60)
        ))?;
    }
    Ok(())
}

/// Bold on and off, when colour is allowed.
fn bold(out: &Out<'_>) -> (&'static str, &'static str) {
    if out.color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    }
}

/// One claim in full, as `show` prints it.
fn print_claim(
    out: &mut Out<'_>,
    case: &CaseId,
    c: &Claim,
    list: Option<&Checklist>,
) -> Result<(), CliError> {
    let (b, r) = bold(out);
    out.line(&format!(
        "{b}{case}/{}{r}  {}  (line {}, column {})",
        c.id, c.kind, c.location.line, c.location.column
    ))?;
    out.line("")?;
    out.line(&format!("  {}", one_line(&c.text)))?;
    out.line("")?;
    let a = &c.attribution;
    out.line(&format!(
        "{b}attribution{r} ({}): {}",
        a.status.as_str(),
        one_line(a.speaker.as_deref().unwrap_or("the article itself"))
    ))?;
    if !a.chain.is_empty() {
        out.line(&format!("  via: {}", one_line(&a.chain.join(" ← "))))?;
    }
    if a.anonymous {
        out.line("  anonymous source")?;
    }
    out.line(&format!("{b}substance{r}: {}", one_line(&c.status)))?;
    for cv in &c.caveats {
        out.line(&format!("  caveat: {}", one_line(cv)))?;
    }
    if let Some(why) = &c.proposed_because {
        out.line(&format!("  proposed because: {}", one_line(why)))?;
    }
    if let Some(d) = &c.dismissed {
        out.line(&format!("{b}dismissed{r}: {}", one_line(&d.reason)))?;
    }
    out.line("")?;
    print_checklist(out, c, list)?;
    out.line("")?;
    print_evidence(out, c)?;
    if !c.notes.is_empty() {
        out.line(&format!("{b}notes{r}:"))?;
        for l in crate::text::sanitize(&c.notes, true).lines() {
            out.line(&format!("  {l}"))?;
        }
    }
    if let Some(a) = &c.assignee {
        out.line(&format!("assignee: {}", one_line(a)))?;
    }
    Ok(())
}

/// The checklist of `show`, each step with its prompt and note.
fn print_checklist(out: &mut Out<'_>, c: &Claim, list: Option<&Checklist>) -> Result<(), CliError> {
    let (b, r) = bold(out);
    out.line(&format!("{b}checklist{r} {}:", c.checklist.id))?;
    for s in &c.checklist.steps {
        let mark = match s.state {
            StepState::Pending => "[ ]",
            StepState::Done => "[x]",
            StepState::Skipped => "[-]",
            StepState::NotApplicable => "[n/a]",
        };
        let prompt = list
            .and_then(|l| l.step(&s.id))
            .map(|st| st.prompt.clone())
            .unwrap_or_default();
        out.line(&format!("  {mark} {}: {}", s.id, one_line(&prompt)))?;
        if !s.note.is_empty() {
            out.line(&format!("        note: {}", one_line(&s.note)))?;
        }
    }
    Ok(())
}

/// The evidence list of `show`.
fn print_evidence(out: &mut Out<'_>, c: &Claim) -> Result<(), CliError> {
    let (b, r) = bold(out);
    let none = if c.evidence.is_empty() {
        "none yet"
    } else {
        ""
    };
    out.line(&format!("{b}evidence{r}: {none}"))?;
    for e in &c.evidence {
        out.line(&format!("  - {} {}", e.stance.as_str(), one_line(&e.url)))?;
        if let Some(a) = &e.archive_url {
            out.line(&format!("    archive: {}", one_line(a)))?;
        }
        if !e.excerpt.is_empty() {
            out.line(&format!("    “{}”", one_line(&e.excerpt)))?;
        }
    }
    Ok(())
}
