//! The command line: argument parsing, dispatch to `ops`/`check`, and
//! output formatting. Every string from a file or an article is sanitised
//! before it reaches the terminal.

use crate::check::{self, print, Level};
use crate::model::{
    AttributionStatus, CaseId, Claim, ClaimId, ClaimKind, Stance, StepState, Timestamp,
};
use crate::ops::{self, NewCase, OpsError, Session, SetRequest};
use crate::store::{self, Workspace};
use crate::text::one_line;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

mod team;

/// Exit code: success, or `check` found nothing at error level.
pub const EXIT_OK: u8 = 0;
/// Exit code: `check` found problems, or a change was refused (invalid
/// result, busy repository, file changed on disk).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage, unknown case/claim, unreadable file.
pub const EXIT_USAGE: u8 = 2;
/// The machine refused: a lock held, a disk full, a read-only `.git`, a
/// signing program missing. Nothing was written; fix the cause and rerun.
pub const EXIT_ENVIRONMENT: u8 = 3;
/// Exit code: a bug in factdesk.
pub const EXIT_BUG: u8 = 255;

const AFTER_HELP: &str = "\
Examples:
  factdesk init newsroom && cd newsroom
  factdesk new article.txt --outlet \"Example Daily\" --url https://example.org/a
  factdesk claims 2023-11-05-kyiv-moscow-talks
  factdesk step 2023-11-05-kyiv-moscow-talks/c01 attribution done --note \"NBC report found\"
  factdesk evidence add 2023-11-05-kyiv-moscow-talks/c01 --url https://… --stance supports
  factdesk set 2023-11-05-kyiv-moscow-talks/c01 --attribution confirmed --status unverifiable
  factdesk check --format github

Every change is validated, written atomically and committed to git as one
commit with Factdesk-* trailers. Exit codes: 0 ok, 1 findings or refused
change, 2 usage or I/O error, 255 bug.";

/// factdesk: walk a news article's claims through a fact-checking
/// checklist; every decision is YAML in git.
#[derive(Debug, Parser)]
#[command(name = "factdesk", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Run as if started in DIR (like `git -C`).
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Commit without running the `pre-commit` and `commit-msg` hooks (like
    /// `git commit --no-verify`).
    #[arg(long, global = true)]
    pub no_verify: bool,
    /// The command; omit it to open the terminal UI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output format for listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutFormat {
    /// Human-readable.
    #[default]
    Text,
    /// JSON, for scripts.
    Json,
}

/// Output format for `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the offending line.
    #[default]
    Text,
    /// A JSON array of diagnostics.
    Json,
    /// GitHub Actions workflow commands (annotations on the PR).
    Github,
}

/// Step states accepted on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StepArg {
    /// The step is done.
    Done,
    /// Deliberately skipped (required steps need --note).
    Skip,
    /// Does not apply to this claim.
    Na,
    /// Back to not done.
    Pending,
}

impl From<StepArg> for StepState {
    fn from(s: StepArg) -> Self {
        match s {
            StepArg::Done => StepState::Done,
            StepArg::Skip => StepState::Skipped,
            StepArg::Na => StepState::NotApplicable,
            StepArg::Pending => StepState::Pending,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace: git repository, factdesk.yaml, checklists, schemas, .yamllint.
    Init {
        /// Folder to create it in (default: the current one).
        #[arg(value_name = "DIR")]
        path: Option<PathBuf>,
    },
    /// Take in an article: store it, infer its metadata, propose claims, commit.
    New(NewArgs),
    /// Show what `new` would propose for an article, without writing anything.
    Propose {
        /// The article text file, or - for standard input.
        article: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutFormat,
    },
    /// List the cases in the workspace.
    Cases {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutFormat,
    },
    /// List a case's claims.
    Claims {
        /// The case id.
        case: String,
        /// Include dismissed proposals.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutFormat,
    },
    /// Show one claim in full.
    Show {
        /// CASE/CLAIM, e.g. 2023-11-05-kyiv-moscow-talks/c03.
        claim: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: OutFormat,
    },
    /// Set a claim's status (the verdict on its substance), attribution status, kind, or add a note.
    Set(SetArgs),
    /// Mark a checklist step done, skipped or not applicable.
    Step {
        /// CASE/CLAIM.
        claim: String,
        /// The step id (see `factdesk show CASE/CLAIM`).
        step: String,
        /// The new state.
        #[arg(value_enum)]
        state: StepArg,
        /// What was done, or why it was skipped (required to skip a required step).
        #[arg(long)]
        note: Option<String>,
    },
    /// Add evidence to a claim.
    #[command(subcommand)]
    Evidence(EvidenceCmd),
    /// Assign a case (CASE) or a claim (CASE/CLAIM) to an editor.
    Assign {
        /// CASE or CASE/CLAIM.
        target: String,
        /// Who (a name or handle).
        who: String,
        /// Remove the assignment instead.
        #[arg(long)]
        remove: bool,
    },
    /// Add a claim the proposer missed, or dismiss a proposal.
    #[command(subcommand)]
    Claim(ClaimCmd),
    /// Validate case files (the CI gate). Exit 0 clean, 1 findings, 2 usage or I/O error.
    Check(CheckArgs),
    /// Open the terminal UI on a case or a claim (`factdesk` alone opens it too).
    Tui {
        /// `CASE` or `CASE/CLAIM`; default: the case list.
        #[arg(value_name = "CASE[/CLAIM]")]
        target: Option<String>,
    },
    /// Approve a claim's verdict, or ask for changes (two-person review).
    Review(team::ReviewArgs),
    /// Who did what and when, read from factdesk's commit trailers.
    Log(team::LogArgs),
    /// Semantic summary of changes to case files (default: uncommitted work against HEAD).
    Diff(team::DiffArgs),
    /// Workspace dashboard: claims per status, waiting for review, stale, assignments.
    Status(team::StatusArgs),
    /// A publishable fact-check report of one case (Markdown or self-contained HTML).
    Report(team::ReportArgs),
    /// Export a case as schema.org ClaimReview JSON-LD or CSV.
    Export(team::ExportArgs),
    /// Pull with rebase, then push, using your own `git` (credentials and SSH just work).
    Sync(team::SyncArgs),
    /// Show merge conflicts in claim files in factdesk's terms.
    Conflicts(team::ConflictsArgs),
    /// Resolve a conflicted claim by taking one side (the other is kept in git history).
    Resolve(team::ResolveArgs),
}

/// `factdesk new` arguments.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The article text file, or - for standard input.
    pub article: String,
    /// Case id (default: <published date>-<title slug>).
    #[arg(long)]
    pub id: Option<String>,
    /// Headline (default: the first line that is not page furniture).
    #[arg(long)]
    pub title: Option<String>,
    /// The outlet that published it.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Where it was published.
    #[arg(long)]
    pub url: Option<String>,
    /// Publication time, RFC 3339 with offset (default: from the byline).
    #[arg(long, value_parser = parse_time)]
    pub published: Option<Timestamp>,
    /// Language as a BCP 47 tag (default: detected; `id` and `en` are recognised).
    #[arg(long)]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk set` arguments.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// CASE/CLAIM.
    pub claim: String,
    /// Verdict on the substance, from the workspace's scale (default scale:
    /// unchecked, in-progress, verified, misleading, false, unverifiable, not-checkable).
    #[arg(long)]
    pub status: Option<String>,
    /// Whether the attribution holds (did the cited source say it?),
    /// independent of whether it is true.
    #[arg(long, value_parser = parse_attribution)]
    pub attribution: Option<AttributionStatus>,
    /// Claim kind.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<ClaimKind>,
    /// A note, appended to the claim's notes and used as the commit body.
    #[arg(long)]
    pub note: Option<String>,
}

/// `factdesk evidence` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvidenceCmd {
    /// Add an evidence item.
    Add {
        /// CASE/CLAIM.
        claim: String,
        /// Where the evidence was found.
        #[arg(long)]
        url: String,
        /// An archived copy (Wayback Machine, archive.today).
        #[arg(long)]
        archive: Option<String>,
        /// What it says about the claim.
        #[arg(long, value_parser = parse_stance, default_value = "context")]
        stance: Stance,
        /// The relevant passage, verbatim.
        #[arg(long)]
        excerpt: Option<String>,
        /// A local copy (screenshot, PDF) to store in the case folder.
        #[arg(long)]
        file: Option<PathBuf>,
        /// When the source was read (default: now).
        #[arg(long, value_parser = parse_time)]
        accessed: Option<Timestamp>,
    },
}

/// `factdesk claim` subcommands.
#[derive(Debug, Subcommand)]
pub enum ClaimCmd {
    /// Add a claim; its text must occur in the article exactly.
    Add {
        /// The case id.
        case: String,
        /// The claim text, quoted from the article.
        #[arg(long)]
        text: String,
        /// Its kind (default: guessed).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<ClaimKind>,
        /// Which occurrence, when the text appears more than once (1-based).
        #[arg(long)]
        occurrence: Option<usize>,
    },
    /// Dismiss a proposal: it is kept, with the reason, not deleted.
    Dismiss {
        /// CASE/CLAIM.
        claim: String,
        /// Why it is not a claim to check.
        #[arg(long)]
        reason: String,
    },
}

/// `factdesk check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: the whole workspace).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,
    /// Treat warnings as findings (exit 1).
    #[arg(long)]
    pub strict: bool,
    /// List the rules and exit.
    #[arg(long)]
    pub rules: bool,
}

fn parse_time(s: &str) -> Result<Timestamp, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|e| format!("{e}; use RFC 3339 with an offset, e.g. 2023-11-05T11:01:00+07:00"))
}

fn parse_kind(s: &str) -> Result<ClaimKind, String> {
    ClaimKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = ClaimKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("kinds: {}", all.join(", "))
    })
}

fn parse_stance(s: &str) -> Result<Stance, String> {
    Stance::parse(s).ok_or_else(|| "stances: supports, refutes, context".into())
}

fn parse_attribution(s: &str) -> Result<AttributionStatus, String> {
    AttributionStatus::parse(s).ok_or_else(|| {
        let all: Vec<&str> = AttributionStatus::ALL.iter().map(|k| k.as_str()).collect();
        format!("attribution statuses: {}", all.join(", "))
    })
}

/// An error at the binary edge: message, optional hint, exit code, and
/// diagnostics to print (for refused changes).
#[derive(Debug)]
pub struct CliError {
    /// One line.
    pub message: String,
    /// What to do next.
    pub hint: Option<String>,
    /// Process exit code.
    pub code: u8,
    /// Findings behind a refusal.
    pub diagnostics: Vec<check::Diagnostic>,
}

impl From<OpsError> for CliError {
    fn from(e: OpsError) -> Self {
        let hint = e.hint();
        let code = match &e {
            OpsError::Invalid { .. } | OpsError::Refused { .. } => EXIT_FINDINGS,
            OpsError::Git(g) if g.is_refusal() => EXIT_FINDINGS,
            OpsError::Git(g) if g.is_environment() => EXIT_ENVIRONMENT,
            OpsError::Store(store::StoreError::ChangedOnDisk(_))
            | OpsError::ChangedSinceOpened(_) => EXIT_FINDINGS,
            _ => EXIT_USAGE,
        };
        let diagnostics = match &e {
            OpsError::Invalid { diagnostics, .. } => diagnostics.clone(),
            _ => Vec::new(),
        };
        Self {
            message: e.to_string(),
            hint,
            code,
            diagnostics,
        }
    }
}

impl From<store::StoreError> for CliError {
    fn from(e: store::StoreError) -> Self {
        OpsError::from(e).into()
    }
}

impl From<crate::git::GitError> for CliError {
    fn from(e: crate::git::GitError) -> Self {
        OpsError::from(e).into()
    }
}

fn usage(message: impl Into<String>, hint: Option<&str>) -> CliError {
    CliError {
        message: message.into(),
        hint: hint.map(String::from),
        code: EXIT_USAGE,
        diagnostics: Vec::new(),
    }
}

type CliResult = Result<u8, CliError>;

/// Where output goes, and whether it may be coloured.
pub struct Out<'a> {
    w: &'a mut dyn Write,
    color: bool,
}

impl Out<'_> {
    fn line(&mut self, s: &str) {
        let _ = writeln!(self.w, "{s}");
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub fn want_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `--no-verify`, set once by [`run`] for every session it opens.
static NO_VERIFY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The workspace containing the current directory (after `-C`). A change
/// a killed factdesk command left half-done is finished or undone first,
/// so that nothing reads a half-written workspace.
pub(crate) fn workspace() -> Result<Workspace, CliError> {
    let ws = Workspace::discover(Path::new("."))?;
    crate::git::txn::recover_if_needed(ws.root(), &|m| eprintln!("{}", one_line(m)))?;
    Ok(ws)
}

/// The workspace, opened for changes.
pub(crate) fn session() -> Result<Session, CliError> {
    let mut s = Session::open(workspace()?)?;
    s.no_verify = NO_VERIFY.load(std::sync::atomic::Ordering::Relaxed);
    Ok(s)
}

fn parse_case(s: &str) -> Result<CaseId, CliError> {
    CaseId::new(s.trim_end_matches('/'))
        .map_err(|e| usage(e.to_string(), Some("`factdesk cases` lists case ids")))
}

fn parse_claim_ref(s: &str) -> Result<(CaseId, ClaimId), CliError> {
    let Some((case, claim)) = s.trim_end_matches('/').rsplit_once('/') else {
        return Err(usage(
            format!("`{s}` is not CASE/CLAIM"),
            Some("e.g. 2023-11-05-kyiv-moscow-talks/c03"),
        ));
    };
    let claim = ClaimId::new(claim).map_err(|e| usage(e.to_string(), None))?;
    Ok((parse_case(case.rsplit('/').next().unwrap_or(case))?, claim))
}

fn read_article(arg: &str) -> Result<String, CliError> {
    let bytes = if arg == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .take(store::MAX_ARTICLE_BYTES + 1)
            .read_to_end(&mut b)
            .map_err(|e| usage(format!("reading standard input: {e}"), None))?;
        if b.len() as u64 > store::MAX_ARTICLE_BYTES {
            return Err(usage("the article is larger than 10 MiB", None));
        }
        b
    } else {
        return Ok(store::read_text(Path::new(arg), store::MAX_ARTICLE_BYTES)?);
    };
    String::from_utf8(bytes).map_err(|e| {
        usage(
            format!(
                "the article is not UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            Some("convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`"),
        )
    })
}

fn run_tui(ws: Workspace, target: Option<(CaseId, Option<ClaimId>)>) -> CliResult {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(usage(
            "the terminal UI needs a terminal",
            Some("run it in a terminal, or use the commands (`factdesk --help`)"),
        ));
    }
    crate::tui::run(ws, target).map_err(|e| usage(e, None))?;
    Ok(EXIT_OK)
}

/// Runs the parsed command, writing output to `w`.
pub fn run(cli: Cli, w: &mut dyn Write) -> CliResult {
    let color = want_color();
    let mut out = Out { w, color };
    NO_VERIFY.store(cli.no_verify, std::sync::atomic::Ordering::Relaxed);
    // Like `git -C`: every path, including ARTICLE and check's PATHs, is
    // then relative to DIR.
    if let Some(d) = &cli.dir {
        std::env::set_current_dir(d)
            .map_err(|e| usage(format!("-C {}: {e}", d.display()), None))?;
    }
    let Some(command) = cli.command else {
        // No command: the terminal UI, when there is a workspace to show.
        let ws = Workspace::discover(Path::new(".")).map_err(|e| CliError {
            hint: Some(
                "`factdesk init` creates a workspace here; `factdesk --help` lists the commands"
                    .into(),
            ),
            ..CliError::from(OpsError::from(e))
        })?;
        return run_tui(ws, None);
    };
    match command {
        Command::Tui { target } => {
            let ws = workspace()?;
            let target = match target {
                None => None,
                Some(t) if t.trim_end_matches('/').contains('/') => {
                    let (case, claim) = parse_claim_ref(&t)?;
                    Some((case, Some(claim)))
                }
                Some(t) => Some((parse_case(&t)?, None)),
            };
            run_tui(ws, target)
        }
        Command::Init { path: target } => {
            let target = target.unwrap_or_else(|| PathBuf::from("."));
            let c = ops::init(&target, cli.no_verify)?;
            print_notices(&c);
            out.line(&format!(
                "initialised factdesk workspace in {} ({} files, commit {})",
                target.display(),
                c.files.len(),
                short(&c.commit)
            ));
            out.line("next: factdesk new ARTICLE.txt");
            Ok(EXIT_OK)
        }
        Command::New(a) => {
            let s = session()?;
            let article = read_article(&a.article)?;
            let opts = NewCase {
                id: a.id,
                title: a.title,
                outlet: a.outlet,
                url: a.url,
                published: a.published,
                lang: a.lang,
            };
            let (id, c, claims) = s.new_case(&article, &opts)?;
            print_notices(&c);
            if a.format == OutFormat::Json {
                let v = serde_json::json!({"case": id.as_str(), "commit": c.commit, "claims": claims.iter().map(claim_json).collect::<Vec<_>>()});
                out.line(&serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                out.line(&format!(
                    "{id}: new case, {} claims proposed (commit {})",
                    claims.len(),
                    short(&c.commit)
                ));
                print_claims_table(&mut out, &claims, &article);
                if !claims.is_empty() {
                    out.line(&format!("next: factdesk show {id}/c01"));
                }
            }
            Ok(EXIT_OK)
        }
        Command::Propose { article, format } => {
            let text = read_article(&article)?;
            let p = ops::prepare_case(&text, &NewCase::default(), ops::now())?;
            if format == OutFormat::Json {
                let v = serde_json::json!({
                    "title": p.case.title, "author": p.case.author, "language": p.case.language,
                    "published": p.case.published.map(|t| t.to_rfc3339()), "dateline": p.case.dateline,
                    "source_chain": p.case.source_chain.iter().map(|s| serde_json::json!({"name": s.name, "role": s.role, "anonymous": s.anonymous})).collect::<Vec<_>>(),
                    "proposals": p.proposals.iter().map(|p| serde_json::json!({
                        "kind": p.kind.as_str(), "text": p.text, "start": p.start, "end": p.end, "speaker": p.speaker,
                        "chain": p.chain, "anonymous": p.anonymous, "figures": p.figures, "caveats": p.caveats, "reason": p.reason,
                    })).collect::<Vec<_>>(),
                });
                out.line(&serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                let c = &p.case;
                out.line(&format!("title:     {}", one_line(&c.title)));
                out.line(&format!(
                    "author:    {}",
                    one_line(c.author.as_deref().unwrap_or("-"))
                ));
                out.line(&format!(
                    "published: {}",
                    c.published.map_or("-".into(), |t| t.to_rfc3339())
                ));
                out.line(&format!(
                    "dateline:  {}",
                    one_line(c.dateline.as_deref().unwrap_or("-"))
                ));
                out.line(&format!("language:  {}", one_line(&c.language)));
                let chain: Vec<String> = c.source_chain.iter().map(|s| one_line(&s.name)).collect();
                out.line(&format!(
                    "via:       {}",
                    if chain.is_empty() {
                        "-".into()
                    } else {
                        chain.join(" ← ")
                    }
                ));
                out.line(&format!(
                    "{} proposals (dry run, nothing written):",
                    p.proposals.len()
                ));
                for (i, p) in p.proposals.iter().enumerate() {
                    out.line("");
                    out.line(&format!(
                        "c{:02} {} {}",
                        i + 1,
                        p.kind,
                        if p.anonymous {
                            "[anonymous source]"
                        } else {
                            ""
                        }
                    ));
                    out.line(&format!("    {}", one_line(&p.text)));
                    if !p.chain.is_empty() {
                        out.line(&format!("    via: {}", one_line(&p.chain.join(" ← "))));
                    }
                    for cv in &p.caveats {
                        out.line(&format!("    caveat: {}", one_line(cv)));
                    }
                    out.line(&format!("    why: {}", one_line(&p.reason)));
                }
            }
            Ok(EXIT_OK)
        }
        Command::Cases { format } => {
            let ws = workspace()?;
            let (mut diags, mut files) = (Vec::new(), 0);
            let scale = check::load_context(&ws, &mut diags, &mut files)
                .config
                .verdict_scale;
            let mut rows = Vec::new();
            for name in ws.case_dirs()? {
                let Ok(id) = CaseId::new(name.as_str()) else {
                    continue;
                };
                let b = ops::read::open_case(&ws, &id);
                let (title, n, done) = match &b {
                    Ok(b) => (
                        b.case
                            .as_ref()
                            .map(|d| d.value.title.clone())
                            .unwrap_or_else(|_| "(case.yaml unreadable)".into()),
                        b.claims
                            .iter()
                            .filter(|c| c.value.as_ref().is_none_or(|v| v.dismissed.is_none()))
                            .count(),
                        b.claims
                            .iter()
                            .filter(|c| {
                                c.value.as_ref().is_some_and(|v| {
                                    v.dismissed.is_none() && scale.is_decided(&v.status)
                                })
                            })
                            .count(),
                    ),
                    Err(_) => ("(unreadable)".into(), 0, 0),
                };
                rows.push((id, title, n, done));
            }
            if format == OutFormat::Json {
                let v: Vec<_> = rows.iter().map(|(id, t, n, d)| serde_json::json!({"id": id.as_str(), "title": t, "claims": n, "decided": d})).collect();
                out.line(&serde_json::to_string_pretty(&v).unwrap_or_default());
            } else if rows.is_empty() {
                out.line("no cases yet; add one with `factdesk new ARTICLE.txt`");
            } else {
                for (id, t, n, d) in rows {
                    out.line(&format!("{id}  {d}/{n} decided  {}", one_line(&t)));
                }
            }
            Ok(EXIT_OK)
        }
        Command::Claims { case, all, format } => {
            let ws = workspace()?;
            let id = parse_case(&case)?;
            let b = ops::read::open_case(&ws, &id)?;
            let claims: Vec<Claim> = b
                .claims
                .iter()
                .filter_map(|c| c.value.clone())
                .filter(|c| all || c.dismissed.is_none())
                .collect();
            if format == OutFormat::Json {
                let v: Vec<_> = claims.iter().map(claim_json).collect();
                out.line(&serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                print_claims_table(&mut out, &claims, &b.article);
                for c in b.claims.iter().filter(|c| c.error.is_some()) {
                    out.line(&format!(
                        "{}: cannot be read: {}",
                        c.rel,
                        c.error.as_ref().map_or("", |d| d.message.as_str())
                    ));
                }
            }
            Ok(EXIT_OK)
        }
        Command::Show { claim, format } => {
            let ws = workspace()?;
            let (case, cid) = parse_claim_ref(&claim)?;
            let b = ops::read::open_case(&ws, &case)?;
            let doc = b.claim(&cid)?;
            let Some(c) = &doc.value else {
                return Err(CliError {
                    message: format!("{} cannot be read", doc.rel),
                    hint: Some("run `factdesk check`".into()),
                    code: EXIT_FINDINGS,
                    diagnostics: doc.error.iter().cloned().collect(),
                });
            };
            if format == OutFormat::Json {
                let v = serde_json::to_value(c).unwrap_or_default();
                out.line(&serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                // Only the checklist's prompts are needed: no git identity,
                // and findings about the config are `check`'s business.
                let (mut diags, mut files) = (Vec::new(), 0);
                let ctx = check::load_context(&ws, &mut diags, &mut files);
                let steps = ctx.checklists.get(&c.checklist.id).map(|(l, _)| l.clone());
                print_claim(&mut out, &case, c, steps.as_ref());
            }
            Ok(EXIT_OK)
        }
        Command::Set(a) => {
            let s = session()?;
            let (case, claim) = parse_claim_ref(&a.claim)?;
            let req = SetRequest {
                status: a.status,
                attribution: a.attribution,
                kind: a.kind,
                note: a.note,
            };
            committed(&mut out, s.set(&case, &claim, &req)?)
        }
        Command::Step {
            claim,
            step,
            state,
            note,
        } => {
            let s = session()?;
            let (case, cid) = parse_claim_ref(&claim)?;
            committed(
                &mut out,
                s.step(&case, &cid, &step, state.into(), note.as_deref())?,
            )
        }
        Command::Evidence(EvidenceCmd::Add {
            claim,
            url,
            archive,
            stance,
            excerpt,
            file,
            accessed,
        }) => {
            let s = session()?;
            let (case, cid) = parse_claim_ref(&claim)?;
            let req = ops::EvidenceRequest {
                url,
                archive,
                stance,
                excerpt,
                file,
                accessed,
            };
            committed(&mut out, s.add_evidence(&case, &cid, req)?)
        }
        Command::Assign {
            target,
            who,
            remove,
        } => {
            let s = session()?;
            if target.trim_end_matches('/').contains('/') {
                let (case, cid) = parse_claim_ref(&target)?;
                committed(&mut out, s.assign_claim(&case, &cid, &who, remove)?)
            } else {
                let case = parse_case(&target)?;
                committed(&mut out, s.assign_case(&case, &who, remove)?)
            }
        }
        Command::Claim(ClaimCmd::Add {
            case,
            text,
            kind,
            occurrence,
        }) => {
            let s = session()?;
            let case = parse_case(&case)?;
            committed(&mut out, s.add_claim(&case, &text, kind, occurrence)?)
        }
        Command::Claim(ClaimCmd::Dismiss { claim, reason }) => {
            let s = session()?;
            let (case, cid) = parse_claim_ref(&claim)?;
            committed(&mut out, s.dismiss(&case, &cid, &reason)?)
        }
        Command::Check(a) => run_check(a, &mut out),
        Command::Review(a) => team::review(a, &mut out),
        Command::Log(a) => team::log(a, &mut out),
        Command::Diff(a) => team::diff(a, &mut out),
        Command::Status(a) => team::status(a, &mut out),
        Command::Report(a) => team::report(a, &mut out),
        Command::Export(a) => team::export(a, &mut out),
        Command::Sync(a) => team::sync(a, &mut out),
        Command::Conflicts(a) => team::conflicts(a, &mut out),
        Command::Resolve(a) => team::resolve(a, &mut out),
    }
}

fn run_check(a: CheckArgs, out: &mut Out<'_>) -> CliResult {
    if a.rules {
        for r in check::RULES {
            out.line(&format!(
                "{:<26} {:<8} {}",
                r.code,
                r.level.as_str(),
                r.summary
            ));
        }
        return Ok(EXIT_OK);
    }
    let start = match a.paths.first() {
        Some(p) => p.clone(),
        None => PathBuf::from("."),
    };
    if !start.exists() {
        return Err(usage(format!("{} does not exist", start.display()), None));
    }
    let probe = if start.is_dir() {
        start.clone()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let ws = Workspace::discover(&probe)?;
    let root = std::fs::canonicalize(ws.root()).unwrap_or_else(|_| ws.root().to_path_buf());
    let mut rels = Vec::new();
    for p in &a.paths {
        let abs =
            std::fs::canonicalize(p).map_err(|e| usage(format!("{}: {e}", p.display()), None))?;
        let Ok(rel) = abs.strip_prefix(&root) else {
            return Err(usage(
                format!(
                    "{} is outside the workspace {}",
                    p.display(),
                    root.display()
                ),
                None,
            ));
        };
        rels.push(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        );
    }
    let report = check::check_workspace(&ws, &rels);
    let text = match a.format {
        CheckFormat::Text => print::text(
            &report,
            |rel| store::read_text(&ws.abs(rel), store::MAX_ARTICLE_BYTES).ok(),
            out.color,
        ),
        CheckFormat::Json => print::json(&report),
        CheckFormat::Github => print::github(&report),
    };
    let _ = out.w.write_all(text.as_bytes());
    // A merge conflict is a decision between two editors: show both sides
    // in factdesk's terms, not just the markers.
    let conflicted = report
        .diagnostics
        .iter()
        .any(|d| d.code == check::rules::CONFLICT_MARKERS.code);
    if conflicted && a.format == CheckFormat::Text {
        if let Ok(list) = ops::conflicts::list(&ws) {
            if !list.is_empty() {
                out.line("merge conflicts, side by side:");
                team::print_conflicts(out, &list);
            }
        }
    }
    let failing = report.count(Level::Error)
        + if a.strict {
            report.count(Level::Warning)
        } else {
            0
        };
    Ok(if failing > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

/// Notices go to stderr, so stdout stays the command's result.
fn print_notices(c: &ops::Committed) {
    for n in &c.notices {
        eprintln!("factdesk: {}", one_line(n));
    }
}

fn committed(out: &mut Out<'_>, c: ops::Committed) -> CliResult {
    print_notices(&c);
    out.line(&format!(
        "{} (commit {})",
        one_line(&c.subject),
        short(&c.commit)
    ));
    Ok(EXIT_OK)
}

/// The JSON shape of a claim in listings (stable keys for scripts).
pub fn claim_json(c: &Claim) -> serde_json::Value {
    let done = c
        .checklist
        .steps
        .iter()
        .filter(|s| s.state != StepState::Pending)
        .count();
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
        "steps_done": done,
        "steps_total": c.checklist.steps.len(),
        "evidence": c.evidence.len(),
        "assignee": c.assignee,
        "dismissed": c.dismissed.as_ref().map(|d| d.reason.clone()),
        "line": c.location.line,
    })
}

fn truncate(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = ch.width().unwrap_or(0);
        if w + cw > width.saturating_sub(1) {
            out.push('…');
            return out;
        }
        w += cw;
        out.push(ch);
    }
    out
}

fn print_claims_table(out: &mut Out<'_>, claims: &[Claim], _article: &str) {
    if claims.is_empty() {
        out.line("no claims");
        return;
    }
    out.line(&format!(
        "{:<4} {:<20} {:<13} {:<5} {:<5} {:<22} TEXT",
        "ID", "KIND", "STATUS", "STEPS", "ANON", "SPEAKER"
    ));
    for c in claims {
        let done = c
            .checklist
            .steps
            .iter()
            .filter(|s| s.state != StepState::Pending)
            .count();
        let speaker = truncate(
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
            truncate(&one_line(&status), 13),
            format!("{done}/{}", c.checklist.steps.len()),
            if c.attribution.anonymous { "anon" } else { "-" },
            speaker,
            truncate(&one_line(&c.text), 60)
        ));
    }
}

fn print_claim(
    out: &mut Out<'_>,
    case: &CaseId,
    c: &Claim,
    list: Option<&crate::model::Checklist>,
) {
    let (b, r) = if out.color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    out.line(&format!(
        "{b}{case}/{}{r}  {}  (line {}, column {})",
        c.id, c.kind, c.location.line, c.location.column
    ));
    out.line("");
    out.line(&format!("  {}", one_line(&c.text)));
    out.line("");
    let a = &c.attribution;
    out.line(&format!(
        "{b}attribution{r} ({}): {}",
        a.status.as_str(),
        one_line(a.speaker.as_deref().unwrap_or("the article itself"))
    ));
    if !a.chain.is_empty() {
        out.line(&format!("  via: {}", one_line(&a.chain.join(" ← "))));
    }
    if a.anonymous {
        out.line("  anonymous source");
    }
    out.line(&format!("{b}substance{r}: {}", one_line(&c.status)));
    for cv in &c.caveats {
        out.line(&format!("  caveat: {}", one_line(cv)));
    }
    if let Some(why) = &c.proposed_because {
        out.line(&format!("  proposed because: {}", one_line(why)));
    }
    if let Some(d) = &c.dismissed {
        out.line(&format!("{b}dismissed{r}: {}", one_line(&d.reason)));
    }
    out.line("");
    out.line(&format!("{b}checklist{r} {}:", c.checklist.id));
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
        out.line(&format!("  {mark} {}: {}", s.id, one_line(&prompt)));
        if !s.note.is_empty() {
            out.line(&format!("        note: {}", one_line(&s.note)));
        }
    }
    out.line("");
    out.line(&format!(
        "{b}evidence{r}: {}",
        if c.evidence.is_empty() {
            "none yet"
        } else {
            ""
        }
    ));
    for e in &c.evidence {
        out.line(&format!("  - {} {}", e.stance.as_str(), one_line(&e.url)));
        if let Some(a) = &e.archive_url {
            out.line(&format!("    archive: {}", one_line(a)));
        }
        if !e.excerpt.is_empty() {
            out.line(&format!("    “{}”", one_line(&e.excerpt)));
        }
    }
    if !c.notes.is_empty() {
        out.line(&format!("{b}notes{r}:"));
        for l in crate::text::sanitize(&c.notes, true).lines() {
            out.line(&format!("  {l}"));
        }
    }
    if let Some(a) = &c.assignee {
        out.line(&format!("assignee: {}", one_line(a)));
    }
}
