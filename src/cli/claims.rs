//! Reading: `cases`, `claims` and `show`.

use super::{
    parse_case, parse_claim_ref, strings, workspace, CasesArgs, ClaimsArgs, CliError, CliResult,
    Out, OutFormat, Outcome, ShowArgs,
};
use crate::check;
use crate::model::{CaseId, Checklist, Claim, StepState, VerdictScale};
use crate::ops;
use crate::ops::review::{ReviewCounts, ReviewSummary};
use crate::text::{one_line, Colour::Bold as BOLD};

/// One row of `factdesk cases`.
struct CaseRow {
    id: String,
    title: String,
    claims: usize,
    decided: usize,
    review: ReviewCounts,
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
    // One history walk for every case's last change.
    let mut last = ops::read::LastChanges::default();
    if a.format == OutFormat::Json {
        let names: Vec<String> = records.iter().map(|r| r.name.to_string()).collect();
        last.refresh(&ws, &names);
    }
    if a.format == OutFormat::Json {
        /// One case in `cases --format json` (typed: at 20,000 cases a
        /// `serde_json::Value` per row cost tens of milliseconds).
        #[derive(serde::Serialize)]
        /// Fields in alphabetical order, as scripts have always seen them.
        struct JsonRow<'a> {
            claims: usize,
            decided: usize,
            id: &'a str,
            last_change: Option<String>,
            review: &'a ReviewCounts,
            title: &'a str,
        }
        let v: Vec<JsonRow<'_>> = rows
            .iter()
            .map(|r| JsonRow {
                id: &r.id,
                title: &r.title,
                claims: r.claims,
                decided: r.decided,
                review: &r.review,
                last_change: last
                    .get(r.id.as_str())
                    .map(|t| chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339()),
            })
            .collect();
        out.json(&v)?;
    } else if rows.is_empty() {
        out.line(strings::NO_CASES)?;
    } else {
        for r in rows {
            let review = r.review.describe();
            let review = if review.is_empty() {
                String::new()
            } else {
                format!(" ({review})")
            };
            out.line(&format!(
                "{}  {}/{} decided{review}  {}",
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
            review: ReviewCounts::default(),
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
        review: ReviewCounts::of_summaries(live().map(|v| &v.review)),
        id,
    }
}

/// `factdesk claims CASE`.
pub fn cmd_claims(a: ClaimsArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let id = parse_case(&a.case)?;
    let scale = ops::read::context(&ws, &mut ops::warn_stderr)
        .config
        .verdict_scale;
    let b = ops::read::open_case(&ws, &id)?;
    let claims: Vec<Claim> = b
        .claims
        .iter()
        .filter_map(|c| c.value.clone())
        .filter(|c| a.all || c.dismissed.is_none())
        .collect();
    if a.format == OutFormat::Json {
        let v: Vec<_> = claims.iter().map(|c| claim_json(c, &scale)).collect();
        out.json(&v)?;
    } else {
        print_claims_table(out, &claims, &scale)?;
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
    // Only the scale and the checklist's prompts are needed: no git
    // identity, and findings about the config are `check`'s business.
    let (ctx, _) = check::load_context(&ws);
    let review = ReviewSummary::of(c, &ctx.config.verdict_scale);
    if a.format == OutFormat::Json {
        // The claim as stored, plus its review state in words scripts
        // can rely on (`review` is the stored record).
        let mut v = serde_json::to_value(c).map_err(|e| {
            CliError::with_source(super::ErrorKind::Internal, strings::JSON_FAILED, e)
        })?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "review_state".into(),
                serde_json::to_value(&review).unwrap_or_default(),
            );
        }
        out.json(&v)?;
    } else {
        let steps = ctx.checklists.get(&c.checklist.id).map(|(l, _)| l.clone());
        print_claim(out, &case, c, &review, steps.as_ref())?;
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
/// `review_state` is the claim's review state: `{"state": "no-verdict" |
/// "waiting" | "voided" | "changes-requested" | "approved", …}` with who,
/// when and the reviewer's note where there are some.
pub fn claim_json(c: &Claim, scale: &VerdictScale) -> serde_json::Value {
    serde_json::json!({
        "id": c.id.as_str(),
        "text": c.text,
        "translation": c.translation,
        "kind": c.kind.as_str(),
        "score": c.score,
        "status": c.status,
        "speaker": c.attribution.speaker,
        "anonymous": c.attribution.anonymous,
        "chain": c.attribution.chain,
        "attribution_status": c.attribution.status.as_str(),
        "caveats": c.caveats,
        "checklist": c.checklist.id,
        "steps_done": steps_done(c),
        "steps_total": c.checklist.steps.len(),
        "evidence": c.evidence.iter().filter(|e| !e.is_withdrawn()).count(),
        "assignee": c.assignee,
        "dismissed": c.dismissed.as_ref().map(|d| d.reason.clone()),
        "line": c.location.line,
        "review_state": ReviewSummary::of(c, scale),
    })
}

/// One line of the claims table, made from a claim as it goes by: `new`
/// keeps these rather than every claim, so listing tens of thousands of
/// proposals costs a few short strings each.
pub(super) struct TableRow {
    id: String,
    kind: &'static str,
    status: String,
    review: String,
    steps: String,
    anonymous: bool,
    speaker: String,
    text: String,
}

impl TableRow {
    pub(super) fn of(c: &Claim, scale: &VerdictScale) -> Self {
        Self {
            id: c.id.as_str().to_string(),
            kind: c.kind.as_str(),
            status: if c.dismissed.is_some() {
                "dismissed".to_string()
            } else {
                one_line(&c.status)
            },
            review: ReviewSummary::of(c, scale).short().to_string(),
            steps: format!("{}/{}", steps_done(c), c.checklist.steps.len()),
            anonymous: c.attribution.anonymous,
            speaker: crate::text::fit(
                &one_line(c.attribution.speaker.as_deref().unwrap_or("-")),
                20,
            ),
            text: crate::text::fit(&one_line(&c.text), 50),
        }
    }
}

/// The claims table of `claims` and `new`.
pub(super) fn print_claims_table(
    out: &mut Out<'_>,
    claims: &[Claim],
    scale: &VerdictScale,
) -> Result<(), CliError> {
    let rows: Vec<TableRow> = claims.iter().map(|c| TableRow::of(c, scale)).collect();
    print_table(out, &rows)
}

/// Every column is as wide as its longest value (status and review names
/// are never cut); speaker and text are clipped.
pub(super) fn print_table(out: &mut Out<'_>, rows: &[TableRow]) -> Result<(), CliError> {
    if rows.is_empty() {
        return out.line(strings::NO_CLAIMS);
    }
    let width = |head: &str, f: &dyn Fn(&TableRow) -> &str| {
        rows.iter()
            .map(|r| crate::text::width(f(r)))
            .chain([head.len()])
            .max()
            .unwrap_or(0)
    };
    let (wk, ws, wr, wn) = (
        width("KIND", &|r| r.kind),
        width("STATUS", &|r| &r.status),
        width("REVIEW", &|r| &r.review),
        width("STEPS", &|r| &r.steps),
    );
    let row = |cells: [&str; 8]| {
        let [id, kind, st, rv, sp, anon, who, text] = cells;
        let pad = |s: &str, w: usize| {
            let n = w.saturating_sub(crate::text::width(s));
            format!("{s}{}", " ".repeat(n))
        };
        format!(
            "{} {} {} {} {} {} {} {text}",
            pad(id, 4),
            pad(kind, wk),
            pad(st, ws),
            pad(rv, wr),
            pad(sp, wn),
            pad(anon, 4),
            pad(who, 20),
        )
    };
    out.line(
        row([
            "ID", "KIND", "STATUS", "REVIEW", "STEPS", "ANON", "SPEAKER", "TEXT",
        ])
        .trim_end(),
    )?;
    for r in rows {
        out.line(&row([
            &r.id,
            r.kind,
            &r.status,
            &r.review,
            &r.steps,
            if r.anonymous { "anon" } else { "-" },
            &r.speaker,
            &r.text,
        ]))?;
    }
    Ok(())
}

/// "review: …", the claim's review state in one line.
fn review_line(out: &mut Out<'_>, review: &ReviewSummary) -> Result<(), CliError> {
    out.spans(&[
        (Some(BOLD), "review"),
        (None, &format!(": {}", one_line(&review.describe()))),
    ])
}

/// One claim in full, as `show` prints it.
fn print_claim(
    out: &mut Out<'_>,
    case: &CaseId,
    c: &Claim,
    review: &ReviewSummary,
    list: Option<&Checklist>,
) -> Result<(), CliError> {
    out.spans(&[
        (Some(BOLD), &format!("{case}/{}", c.id)),
        (
            None,
            &format!(
                "  {}  (line {}, column {})",
                c.kind, c.location.line, c.location.column
            ),
        ),
    ])?;
    if let ReviewSummary::ChangesRequested { .. } = review {
        // The reviewer's request is the first thing the editor reads.
        review_line(out, review)?;
    }
    out.line("")?;
    out.line(&format!("  {}", one_line(&c.text)))?;
    if let Some(t) = &c.translation {
        out.spans(&[
            (None, "  "),
            (Some(BOLD), "English"),
            (None, &format!(": {}", one_line(t))),
        ])?;
    }
    out.line("")?;
    let a = &c.attribution;
    out.spans(&[
        (Some(BOLD), "attribution"),
        (
            None,
            &format!(
                " ({}): {}",
                a.status.as_str(),
                one_line(a.speaker.as_deref().unwrap_or("the article itself"))
            ),
        ),
    ])?;
    if !a.chain.is_empty() {
        out.line(&format!("  via: {}", one_line(&a.chain.join(" ← "))))?;
    }
    if a.anonymous {
        out.line("  anonymous source")?;
    }
    out.spans(&[
        (Some(BOLD), "substance"),
        (None, &format!(": {}", one_line(&c.status))),
    ])?;
    // A request for changes is already on top.
    if !matches!(
        review,
        ReviewSummary::NoVerdict | ReviewSummary::ChangesRequested { .. }
    ) {
        review_line(out, review)?;
    }
    for cv in &c.caveats {
        out.line(&format!("  caveat: {}", one_line(cv)))?;
    }
    if let Some(why) = &c.proposed_because {
        out.line(&format!("  proposed because: {}", one_line(why)))?;
    }
    if let Some(d) = &c.dismissed {
        out.spans(&[
            (Some(BOLD), "dismissed"),
            (
                None,
                &format!(
                    " by {} {}: {}",
                    one_line(d.by.as_deref().unwrap_or("someone")),
                    d.at.format("%Y-%m-%d %H:%M"),
                    one_line(&d.reason)
                ),
            ),
        ])?;
    }
    out.line("")?;
    print_checklist(out, c, list)?;
    out.line("")?;
    print_evidence(out, c)?;
    if !c.notes.is_empty() {
        out.spans(&[(Some(BOLD), "notes"), (None, ":")])?;
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
    out.spans(&[
        (Some(BOLD), "checklist"),
        (None, &format!(" {}:", c.checklist.id)),
    ])?;
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
    let none = if c.evidence.is_empty() {
        "none yet"
    } else {
        ""
    };
    out.spans(&[(Some(BOLD), "evidence"), (None, &format!(": {none}"))])?;
    for (i, e) in c.evidence.iter().enumerate() {
        // Numbered as `evidence edit|withdraw` address them.
        let head = format!(
            "{}. {} {} {}",
            i + 1,
            e.kind_or_guess().as_str(),
            e.stance.as_str(),
            one_line(e.label())
        );
        match &e.withdrawn {
            Some(w) => out.line(&format!(
                "  {head}  [WITHDRAWN by {} {}: {}]",
                one_line(&w.by),
                w.at.format("%Y-%m-%d %H:%M"),
                one_line(&w.note)
            ))?,
            None => out.line(&format!("  {head}"))?,
        }
        if !e.description.is_empty() && !e.url.is_empty() {
            out.line(&format!("     url: {}", one_line(&e.url)))?;
        }
        if let Some(a) = &e.archive_url {
            out.line(&format!("     archive: {}", one_line(a)))?;
        }
        if let Some(f) = &e.file {
            out.line(&format!("     file: {}", one_line(&f.path)))?;
        }
        if !e.excerpt.is_empty() {
            out.line(&format!("     “{}”", one_line(&e.excerpt)))?;
        }
        if let Some(from) = &e.copied_from {
            out.line(&format!("     copied from {}", one_line(from)))?;
        }
        for k in &e.corrections {
            out.line(&format!(
                "     corrected by {} {}: {}",
                one_line(&k.by),
                k.at.format("%Y-%m-%d %H:%M"),
                one_line(&k.note)
            ))?;
        }
    }
    Ok(())
}
