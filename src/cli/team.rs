//! Review, history, publishing and team verbs: `review`, `log`, `diff`,
//! `status`, `report`, `export`, `sync`, `conflicts`, `resolve`.
//! Kept apart from `cli.rs` so the core verbs and these evolve separately.

use super::{
    parse_case, parse_claim_ref, session, usage, workspace, CliError, CliResult, Out, OutFormat,
    EXIT_FINDINGS, EXIT_OK,
};
use crate::git::history::{self, Filter};
use crate::model::{ReviewDecision, Timestamp};
use crate::text::one_line;
use clap::{ArgGroup, Args, ValueEnum};
use std::path::PathBuf;

/// `factdesk review` arguments.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("decision").required(true).args(["approve", "request_changes"])))]
pub struct ReviewArgs {
    /// CASE/CLAIM.
    pub claim: String,
    /// The verdict may be published.
    #[arg(long)]
    pub approve: bool,
    /// The verdict needs more work (needs --note).
    #[arg(long)]
    pub request_changes: bool,
    /// What the reviewer says; required with --request-changes.
    #[arg(long)]
    pub note: Option<String>,
}

/// `factdesk log` arguments.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// CASE or CASE/CLAIM (default: the whole workspace).
    pub target: Option<String>,
    /// Only changes at or after this time: RFC 3339, YYYY-MM-DD, or `7d` (days ago).
    #[arg(long, value_parser = parse_since)]
    pub since: Option<Timestamp>,
    /// Only changes by authors whose name or email contains this.
    #[arg(long)]
    pub author: Option<String>,
    /// At most this many entries.
    #[arg(long, short = 'n')]
    pub limit: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiffFormat {
    /// One line per change.
    #[default]
    Text,
    /// Markdown, fit for a pull-request comment.
    Markdown,
    /// JSON, for scripts.
    Json,
}

/// `factdesk diff` arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// REV (that revision against the work tree) or REV..REV, e.g. `origin/main..HEAD`.
    /// Default: uncommitted work against HEAD.
    pub range: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: DiffFormat,
}

/// `factdesk status` arguments.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// Markdown.
    #[default]
    Markdown,
    /// One self-contained HTML file (inline CSS, no external resources).
    Html,
}

/// `factdesk report` arguments.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The case id.
    pub case: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

/// Output formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// schema.org ClaimReview JSON-LD, one object per reviewed claim.
    Claimreview,
    /// CSV (RFC 4180), one row per claim, safe to open in spreadsheets.
    Csv,
}

/// `factdesk export` arguments.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The case id.
    pub case: String,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// ClaimReview only: the address where the fact-check is published.
    #[arg(long)]
    pub url: Option<String>,
}

/// `factdesk sync` arguments.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only pull (with rebase); do not push.
    #[arg(long)]
    pub no_push: bool,
}

/// `factdesk conflicts` arguments.
#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk resolve` arguments.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("side").required(true).args(["ours", "theirs"])))]
pub struct ResolveArgs {
    /// CASE/CLAIM whose file is in conflict.
    pub claim: String,
    /// Keep our side (the branch you were on; during a rebase, the upstream).
    #[arg(long)]
    pub ours: bool,
    /// Keep their side (the incoming change; during a rebase, your own commit).
    #[arg(long)]
    pub theirs: bool,
}

/// Parses `--since`: RFC 3339, a plain date (midnight UTC), or `N d` days ago.
fn parse_since(s: &str) -> Result<Timestamp, String> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(t.and_utc().fixed_offset());
        }
    }
    let days = s
        .strip_suffix("days")
        .or_else(|| s.strip_suffix("day"))
        .or_else(|| s.strip_suffix('d'))
        .and_then(|n| n.trim().parse::<i64>().ok());
    if let Some(n) = days {
        return Ok(crate::ops::now() - chrono::Duration::days(n));
    }
    Err("use RFC 3339 (2023-11-05T11:01:00+07:00), a date (2023-11-05) or days ago (7d)".into())
}

/// `factdesk review`.
pub fn review(a: ReviewArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let (case, cid) = parse_claim_ref(&a.claim)?;
    let decision = if a.approve {
        ReviewDecision::Approve
    } else {
        ReviewDecision::RequestChanges
    };
    super::committed(out, s.review(&case, &cid, decision, a.note.as_deref())?)
}

/// `factdesk log`.
pub fn log(a: LogArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let mut filter = Filter {
        since: a.since,
        author: a.author,
        limit: a.limit,
        ..Filter::default()
    };
    if let Some(t) = &a.target {
        if t.trim_end_matches('/').contains('/') {
            let (case, claim) = parse_claim_ref(t)?;
            filter.case = Some(case);
            filter.claim = Some(claim);
        } else {
            filter.case = Some(parse_case(t)?);
        }
    }
    let entries = history::history(ws.root(), &filter)?;
    if a.format == OutFormat::Json {
        let v: Vec<_> = entries
            .iter()
            .map(|e| {
                let t = e.trailers.as_ref();
                serde_json::json!({
                    "commit": e.commit,
                    "author": e.author,
                    "email": e.email,
                    "time": e.time.to_rfc3339(),
                    "subject": e.subject,
                    "body": e.body,
                    "action": t.map(|t| t.action.as_str()),
                    "case": t.and_then(|t| t.case.as_ref()).map(|c| c.as_str()),
                    "claim": t.and_then(|t| t.claim.as_ref()).map(|c| c.as_str()),
                    "status": t.and_then(|t| t.status.clone()),
                    "step": t.and_then(|t| t.step.clone()),
                })
            })
            .collect();
        out.line(&serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(EXIT_OK);
    }
    if entries.is_empty() {
        out.line("no factdesk changes match");
        return Ok(EXIT_OK);
    }
    let (d, r) = if out.color {
        ("\x1b[33m", "\x1b[0m")
    } else {
        ("", "")
    };
    for e in &entries {
        out.line(&format!(
            "{d}{}{r} {} {:<16} {}",
            super::short(&e.commit),
            e.time.format("%Y-%m-%d %H:%M %:z"),
            one_line(&e.author),
            one_line(&e.subject)
        ));
        for l in e.body.lines().filter(|l| !l.trim().is_empty()) {
            out.line(&format!("    {}", one_line(l)));
        }
    }
    Ok(EXIT_OK)
}

/// `factdesk diff`.
pub fn diff(a: DiffArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let d = crate::ops::changes::gather(&ws, a.range.as_deref())?;
    let text = match a.format {
        DiffFormat::Text => crate::diff::to_text(&d),
        DiffFormat::Markdown => crate::diff::to_markdown(&d),
        DiffFormat::Json => serde_json::to_string_pretty(&d).unwrap_or_default() + "\n",
    };
    let _ = out.w.write_all(text.as_bytes());
    Ok(EXIT_OK)
}

/// `factdesk status`: full lists when piped, a compact coloured summary on
/// a terminal (colour off with NO_COLOR).
pub fn status(a: StatusArgs, out: &mut Out<'_>) -> CliResult {
    use crate::ops::dashboard::{dashboard, ClaimRef};
    let ws = workspace()?;
    let d = dashboard(&ws, crate::ops::now())?;
    if a.format == OutFormat::Json {
        out.line(&serde_json::to_string_pretty(&d).unwrap_or_default());
        return Ok(EXIT_OK);
    }
    let tty = out.color;
    let paint = |code: &str, s: &str| {
        if tty {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let total: usize = d.totals.iter().map(|(_, n)| n).sum();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    out.line(&format!(
        "{} {}, {}",
        paint("1", "factdesk status:"),
        plural(d.cases.len(), "case"),
        plural(total, "claim")
    ));
    if d.cases.is_empty() {
        out.line("no cases yet; add one with `factdesk new ARTICLE.txt`");
        return Ok(EXIT_OK);
    }
    let counts = |m: &mut dyn Iterator<Item = (&String, &usize)>| {
        m.map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.line(&format!(
        "  {}",
        counts(&mut d.totals.iter().map(|(s, n)| (s, n)))
    ));
    out.line("");
    out.line(&paint("1", "cases"));
    for c in &d.cases {
        let publish = if c.publish { " [publish]" } else { "" };
        let bad = if c.unreadable > 0 {
            format!(", {} unreadable", c.unreadable)
        } else {
            String::new()
        };
        if tty {
            out.line(&format!(
                "  {}{publish}  {}{bad}",
                paint("36", &c.id),
                counts(&mut c.statuses.iter())
            ));
        } else {
            out.line(&format!("  {}{publish}  {}", c.id, one_line(&c.title)));
            out.line(&format!("      {}{bad}", counts(&mut c.statuses.iter())));
        }
    }
    let list = |out: &mut Out<'_>, title: String, items: &[ClaimRef], what: &str| {
        if items.is_empty() {
            return;
        }
        out.line("");
        out.line(&paint("1", &format!("{title} ({})", items.len())));
        let shown = if tty { 5 } else { items.len() };
        for r in items.iter().take(shown) {
            let who = r
                .who
                .as_deref()
                .map_or(String::new(), |w| format!(" ({what} {})", one_line(w)));
            let when = r.last_change.map_or(String::new(), |t| {
                format!(", last change {}", t.format("%Y-%m-%d"))
            });
            out.line(&format!(
                "  {}/{} {}{who}{when}",
                r.case,
                r.claim,
                one_line(&r.status)
            ));
        }
        if items.len() > shown {
            out.line(&format!(
                "  … and {} more (pipe to see all)",
                items.len() - shown
            ));
        }
    };
    list(
        out,
        paint("33", "waiting for review"),
        &d.waiting_review,
        "verdict by",
    );
    list(
        out,
        paint("31", "changes requested"),
        &d.changes_requested,
        "by",
    );
    list(
        out,
        format!("stale: no change in {} days", d.stale_after_days),
        &d.stale,
        "last by",
    );
    if !d.assignments.is_empty() {
        out.line("");
        out.line(&paint("1", "assignments"));
        for (who, items) in &d.assignments {
            let shown: Vec<&str> = items.iter().map(String::as_str).collect();
            out.line(&format!(
                "  {}: {}",
                one_line(who),
                one_line(&shown.join(", "))
            ));
        }
    }
    Ok(EXIT_OK)
}

/// Loads a case for publishing: config, case and every claim (refusing
/// when any file cannot be read, so a report is never silently partial).
fn load_for_report(
    case: &str,
) -> Result<
    (
        crate::model::WorkspaceConfig,
        crate::model::Case,
        Vec<crate::model::Claim>,
    ),
    CliError,
> {
    let ws = workspace()?;
    let id = parse_case(case)?;
    let mut diags = Vec::new();
    let mut files = 0;
    let ctx = crate::check::load_context(&ws, &mut diags, &mut files);
    let b = crate::ops::read::open_case(&ws, &id)?;
    let c = b.case_doc()?.value.clone();
    let mut claims = Vec::new();
    for d in &b.claims {
        match &d.value {
            Some(v) => claims.push(v.clone()),
            None => {
                return Err(CliError {
                    message: format!("{} cannot be read; fix it before publishing", d.rel),
                    hint: Some("run `factdesk check`".into()),
                    code: EXIT_FINDINGS,
                    diagnostics: d.error.iter().cloned().collect(),
                })
            }
        }
    }
    Ok((ctx.config, c, claims))
}

fn emit(out: &mut Out<'_>, path: Option<PathBuf>, text: &str) -> CliResult {
    match path {
        Some(p) => {
            std::fs::write(&p, text)
                .map_err(|e| usage(format!("writing {}: {e}", p.display()), None))?;
        }
        None => {
            let _ = out.w.write_all(text.as_bytes());
        }
    }
    Ok(EXIT_OK)
}

/// `factdesk report`.
pub fn report(a: ReportArgs, out: &mut Out<'_>) -> CliResult {
    let (config, case, claims) = load_for_report(&a.case)?;
    let input = crate::report::Input {
        config: &config,
        case: &case,
        claims: &claims,
    };
    let text = match a.format {
        ReportFormat::Markdown => crate::report::markdown(&input),
        ReportFormat::Html => crate::report::html(&input),
    };
    let pending: Vec<String> = claims
        .iter()
        .filter(|c| {
            c.dismissed.is_none()
                && input
                    .def(c)
                    .is_some_and(|d| d.class == crate::model::StatusClass::Verdict)
                && !input.publishable(c)
        })
        .map(|c| c.id.to_string())
        .collect();
    if !pending.is_empty() {
        eprintln!(
            "note: verdicts awaiting review are marked as such: {}",
            pending.join(", ")
        );
    }
    emit(out, a.output, &text)
}

/// `factdesk export`.
pub fn export(a: ExportArgs, out: &mut Out<'_>) -> CliResult {
    let (config, case, claims) = load_for_report(&a.case)?;
    let input = crate::report::Input {
        config: &config,
        case: &case,
        claims: &claims,
    };
    let text = match a.format {
        ExportFormat::Csv => crate::report::csv(&input),
        ExportFormat::Claimreview => {
            let Some(url) = a.url.as_deref() else {
                return Err(usage(
                    "ClaimReview needs the address where the fact-check is published",
                    Some("add --url https://your-site.example/fact-checks/<case> (each claim gets #cNN)"),
                ));
            };
            if !crate::report::linkable(url) {
                return Err(usage(
                    format!("`{}` is not an absolute http(s) URL", one_line(url)),
                    None,
                ));
            }
            let (v, skipped) = crate::report::claimreview(&input, url);
            if !skipped.is_empty() {
                eprintln!(
                    "note: left out verdicts not yet approved by a second editor: {}",
                    skipped.join(", ")
                );
            }
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
    };
    emit(out, a.output, &text)
}

/// `factdesk sync`.
pub fn sync(a: SyncArgs, out: &mut Out<'_>) -> CliResult {
    use crate::git::sync::{sync, SyncError, SyncOutcome};
    let ws = workspace()?;
    match sync(ws.root(), !a.no_push) {
        Ok(SyncOutcome::Done { pulled, pushed }) => {
            out.line(&format!(
                "in sync: {pulled} commit(s) pulled, {pushed} pushed{}",
                if a.no_push { " (--no-push)" } else { "" }
            ));
            Ok(EXIT_OK)
        }
        Ok(SyncOutcome::Conflict { files, git_says }) => {
            out.line("sync stopped: your changes and the remote's changed the same lines.");
            out.line("The repository is in the middle of a rebase (git's normal conflict state); nothing is lost.");
            out.line("");
            out.line("conflicted files:");
            for f in &files {
                let what = f
                    .strip_prefix("cases/")
                    .and_then(|r| r.split_once("/claims/"))
                    .map_or(String::new(), |(c, cl)| {
                        format!("  (claim {c}/{})", cl.trim_end_matches(".yaml"))
                    });
                out.line(&format!("  {}{what}", one_line(f)));
            }
            out.line("");
            out.line("what to do:");
            out.line("  1. `factdesk conflicts` shows what each side changed, in factdesk's terms");
            out.line("  2. keep one side: `factdesk resolve CASE/CLAIM --ours` (the remote's version)");
            out.line("     or `--theirs` (your own change); or edit the file by hand to merge both,");
            out.line("     remove the <<<<<<< ======= >>>>>>> lines, and `git add` it");
            out.line("  3. `git rebase --continue`, then `factdesk sync` again");
            out.line("  or give up for now: `git rebase --abort` puts everything back as before the sync");
            out.line("");
            out.line("git said:");
            for l in git_says.lines() {
                out.line(&format!("  {}", one_line(l)));
            }
            Ok(EXIT_FINDINGS)
        }
        Ok(SyncOutcome::PushRejected { git_says }) => {
            out.line("pulled, but the push was refused (someone pushed in the meantime); run `factdesk sync` again. Nothing is lost.");
            for l in git_says.lines() {
                out.line(&format!("  {}", one_line(l)));
            }
            Ok(EXIT_FINDINGS)
        }
        Err(SyncError::Git(e)) => Err(e.into()),
        Err(e @ SyncError::Dirty(_)) => Err(CliError {
            message: e.to_string(),
            hint: Some("`git status` shows them".into()),
            code: EXIT_FINDINGS,
            diagnostics: Vec::new(),
        }),
        Err(e) => Err(usage(
            e.to_string(),
            Some("check `git remote -v` and that the branch tracks one (`git push -u origin main` once)"),
        )),
    }
}

/// `factdesk conflicts`: every conflicted case file, with what each side did.
pub fn conflicts(a: ConflictsArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let list = crate::ops::conflicts::list(&ws)?;
    if a.format == OutFormat::Json {
        out.line(&serde_json::to_string_pretty(&list).unwrap_or_default());
        return Ok(if list.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        });
    }
    if list.is_empty() {
        out.line("no conflicts");
        return Ok(EXIT_OK);
    }
    print_conflicts(out, &list);
    Ok(EXIT_FINDINGS)
}

/// Both sides of each conflicted file in factdesk's terms, and how to keep
/// one; shared by `factdesk conflicts` and `factdesk check`.
pub fn print_conflicts(out: &mut Out<'_>, list: &[crate::ops::conflicts::Conflict]) {
    for c in list {
        let (o, t) = if c.rebasing {
            (
                "--ours   (the remote's version)",
                "--theirs (your own change)",
            )
        } else {
            (
                "--ours   (your branch)",
                "--theirs (the branch being merged)",
            )
        };
        out.line(&format!(
            "{}{}",
            one_line(&c.path),
            c.claim
                .as_ref()
                .map_or(String::new(), |x| format!("  [{x}]"))
        ));
        for (label, items) in [(o, &c.ours), (t, &c.theirs)] {
            out.line(&format!("  {label} changed:"));
            for i in items {
                out.line(&format!(
                    "    {}{}",
                    if i.alert { "! " } else { "" },
                    one_line(&i.text)
                ));
            }
        }
        if let Some(x) = &c.claim {
            out.line(&format!(
                "  keep one: factdesk resolve {x} --ours | --theirs   (or merge by hand, then `git add`)"
            ));
        }
        out.line("");
    }
}

/// `factdesk resolve`.
pub fn resolve(a: ResolveArgs, out: &mut Out<'_>) -> CliResult {
    use crate::ops::conflicts::{resolve, Side};
    let ws = workspace()?;
    let (case, claim) = parse_claim_ref(&a.claim)?;
    let side = if a.ours { Side::Ours } else { Side::Theirs };
    let copy = resolve(&ws, &case, &claim, side)?;
    out.line(&format!(
        "{case}/{claim}: kept {}; the other side is saved in {copy} (and stays in git history)",
        if a.ours { "ours" } else { "theirs" }
    ));
    let left = crate::ops::conflicts::list(&ws)?;
    if left.is_empty() {
        out.line("all conflicts resolved: run `git rebase --continue` (or `git commit` for a merge), then `factdesk sync`");
    } else {
        out.line(&format!(
            "{} conflicted file(s) left: `factdesk conflicts`",
            left.len()
        ));
    }
    Ok(EXIT_OK)
}
