//! Every command and option, as clap definitions in one place, so `--help`
//! and the README can be checked against one file. Each command's
//! arguments are a struct that its `cmd_*` function takes whole.

use super::strings::AFTER_HELP;
use crate::model::{AttributionStatus, ClaimKind, EvidenceKind, Stance, StepState, Timestamp};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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

/// Output format of `factdesk links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LinksFormat {
    /// One line per link: state, where it is recorded, the address, why.
    #[default]
    Text,
    /// A JSON array of {source, url, state, status, final_url, reason}.
    Json,
    /// GitHub Actions annotations: errors for dead links, warnings for moved and changed ones.
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
    Init(InitArgs),
    /// Take in an article: store it, infer its metadata, propose claims, commit.
    New(NewArgs),
    /// Show what `new` would propose for an article, without writing anything.
    Propose(ProposeArgs),
    /// List the cases in the workspace.
    Cases(CasesArgs),
    /// List a case's claims.
    Claims(ClaimsArgs),
    /// Show one claim in full.
    Show(ShowArgs),
    /// Set a claim's status (the verdict on its substance), attribution, kind or translation, or add a note.
    Set(SetArgs),
    /// Mark a checklist step done, skipped or not applicable.
    Step(StepArgs),
    /// Add, correct, withdraw or copy a claim's evidence.
    #[command(subcommand)]
    Evidence(EvidenceCmd),
    /// Assign a case (CASE) or a claim (CASE/CLAIM) to an editor.
    Assign(AssignArgs),
    /// Add a claim the proposer missed, dismiss a proposal, or restore a dismissed one.
    #[command(subcommand)]
    Claim(ClaimCmd),
    /// Validate case files (the CI gate). Exit 0 clean, 1 findings, 2 usage error, 3 I/O error.
    Check(CheckArgs),
    /// Open the terminal UI on a case or a claim (`factdesk` alone opens it too).
    Tui(TuiArgs),
    /// Approve a claim's verdict, or ask for changes (two-person review).
    Review(ReviewArgs),
    /// Who did what and when, read from factdesk's commit trailers.
    Log(LogArgs),
    /// Semantic summary of changes to case files (default: uncommitted work against HEAD).
    Diff(DiffArgs),
    /// Workspace dashboard: claims per status, waiting for review, stale, assignments.
    Status(StatusArgs),
    /// A publishable fact-check report of one case (Markdown or self-contained HTML).
    Report(ReportArgs),
    /// Export a case as schema.org ClaimReview JSON-LD or CSV.
    Export(ExportArgs),
    /// Re-check every evidence and case URL: dead, redirected elsewhere, changed since capture, fine.
    Links(LinksArgs),
    /// Pull with rebase, then push, using your own `git` (credentials and SSH just work).
    Sync(SyncArgs),
    /// Show merge conflicts in claim files in factdesk's terms.
    Conflicts(ConflictsArgs),
    /// Resolve a conflicted claim by taking one side (the other is kept in git history).
    Resolve(ResolveArgs),
    /// Earlier claims like this one, in any case and either language, best first.
    Similar(SimilarArgs),
    /// Search claim text across all cases, in English or Indonesian.
    Search(SearchArgs),
    /// Bring published fact-checks into factchecks/ (ClaimReview JSON-LD).
    #[command(subcommand)]
    Import(ImportCmd),
}

/// `factdesk similar` arguments.
#[derive(Debug, Args)]
#[command(after_help = super::strings::SIMILAR_HELP)]
pub struct SimilarArgs {
    /// The claim, as CASE/CLAIM.
    pub claim: String,
    /// At most this many matches.
    #[arg(short = 'n', default_value_t = 10)]
    pub n: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk search` arguments.
#[derive(Debug, Args)]
#[command(after_help = super::strings::SEARCH_HELP)]
pub struct SearchArgs {
    /// The words to look for (a claim, a phrase, names, figures).
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,
    /// At most this many results.
    #[arg(short = 'n', default_value_t = 10)]
    pub n: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk import` subcommands.
#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import ClaimReview JSON-LD into factchecks/, one YAML file per
    /// review, deduplicated by the review's address.
    ///
    /// Reads a file or every .json, .jsonld, .html and .htm file under a
    /// folder: one ClaimReview object, an array, `@graph`, reviews nested
    /// in other objects, the `<script type="application/ld+json">` blocks
    /// of a saved page, or the Google Fact Check Tools API shape
    /// (`{"claims": [{"text", "claimant", "claimDate", "claimReview": [...]}]}`).
    /// All or nothing: a file that is not JSON, has no ClaimReview, holds a
    /// review without an http(s) url or claim, is over 20 MiB, or is a
    /// symbolic link stops the import with its name and position, and
    /// nothing is written. A review whose address (normalised: https, no
    /// www., fragment or tracking parameters) is already in factchecks/ is
    /// left as it is, never overwritten; delete its file to import it anew.
    #[command(after_help = "Examples:
  factdesk import claimreview fullfact-export.json
  factdesk import claimreview saved-pages/ --dry-run
  factdesk import claimreview factcheck-tools.json --format json

One commit for the whole import (Factdesk-Import: claimreview N). Exit 2
for a bad input file (nothing imported).")]
    Claimreview(ImportClaimreviewArgs),
}

/// `factdesk import claimreview` arguments.
#[derive(Debug, Args)]
pub struct ImportClaimreviewArgs {
    /// A ClaimReview file (.json, .jsonld, .html) or a folder of them.
    pub path: PathBuf,
    /// Read, check and report, but write and commit nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutFormat,
}

/// `factdesk links` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 when every link answers, 1 when one is dead (4xx, 5xx, DNS, TLS, no connection), 2 on usage errors.\nNothing is written unless --record: then one commit records the summary in .factdesk/links.yaml, which `factdesk status` shows."
)]
pub struct LinksArgs {
    /// Only this case (default: every case).
    pub case: Option<String>,
    /// Output format: text, json (an array of results) or github
    /// (workflow annotations for dead and changed links).
    #[arg(long, value_enum, default_value_t)]
    pub format: LinksFormat,
    /// Commit the results to .factdesk/links.yaml (one commit).
    #[arg(long)]
    pub record: bool,
}

/// `factdesk init` arguments.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create it in (default: the current one).
    // Not named `dir`: the global `-C DIR` owns that clap id.
    #[arg(value_name = "DIR")]
    pub path: Option<PathBuf>,
}

/// `factdesk new` arguments.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The article: a text file, - for standard input, or an http(s)://
    /// address to fetch (the page is kept in the case as a WARC file, its
    /// article text extracted into article.txt).
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
    /// Where it was published: the full http:// or https:// address.
    #[arg(long)]
    pub url: Option<String>,
    /// Publication time, RFC 3339 with offset (default: from the byline).
    #[arg(long, value_parser = parse_time)]
    pub published: Option<Timestamp>,
    /// Language as a BCP 47 tag (default: detected; `id` and `en` are recognised).
    #[arg(long)]
    pub lang: Option<String>,
    /// Keep at most N claims: the N most check-worthy proposals, in article
    /// order (default: `max_claims` in factdesk.yaml, 1000; 0 keeps all).
    /// `factdesk propose` lists every proposal with its score.
    #[arg(long, value_name = "N")]
    pub max_claims: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk propose` arguments.
#[derive(Debug, Args)]
pub struct ProposeArgs {
    /// The article text file, or - for standard input.
    pub article: String,
    /// Show only proposals whose check-worthiness score is at least this
    /// (0 to 1). Every proposal already scores 0.5 or more (photo captions
    /// excepted): the score is a learned estimate of how likely a fact-checker
    /// would check the sentence, raised by the proposer's cues (figures,
    /// attribution, quotes, dates). Try 0.7 for the strongest candidates.
    #[arg(long, value_name = "X", value_parser = parse_score)]
    pub min_score: Option<f32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk cases` arguments.
#[derive(Debug, Args)]
pub struct CasesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk claims` arguments.
#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// The case id.
    pub case: String,
    /// Include dismissed proposals.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutFormat,
}

/// `factdesk show` arguments.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// CASE/CLAIM, e.g. 2023-11-05-kyiv-moscow-talks/c03.
    pub claim: String,
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
    /// Who asserts the claim, as the article describes them ("" removes it).
    #[arg(long)]
    pub speaker: Option<String>,
    /// One hop of the attribution chain, outermost first; repeat for each
    /// hop (`--chain Reuters --chain "NBC News"`). Replaces the whole
    /// chain; `--chain ""` removes it.
    #[arg(long, value_name = "HOP")]
    pub chain: Vec<String>,
    /// Whether the speaker is unnamed.
    #[arg(long, value_name = "true|false", action = clap::ArgAction::Set)]
    pub anonymous: Option<bool>,
    /// An English rendering of the claim, shown beside the original in
    /// reports ("" removes it).
    #[arg(long, value_name = "TEXT")]
    pub translation: Option<String>,
}

/// `factdesk step` arguments.
#[derive(Debug, Args)]
pub struct StepArgs {
    /// CASE/CLAIM.
    pub claim: String,
    /// The step id (see `factdesk show CASE/CLAIM`).
    pub step: String,
    /// The new state.
    #[arg(value_enum)]
    pub state: StepArg,
    /// What was done, or why it was skipped (required to skip a required step).
    #[arg(long)]
    pub note: Option<String>,
}

/// `factdesk evidence` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvidenceCmd {
    /// Add an evidence item: a web address, a stored file, or a
    /// description (an interview, a document handed over).
    Add(EvidenceAddArgs),
    /// Correct an evidence item (numbered from 1, as `show` lists them).
    Edit(EvidenceEditArgs),
    /// Withdraw an evidence item: it is kept, marked withdrawn, and no
    /// longer counts for a verdict.
    Withdraw(EvidenceWithdrawArgs),
    /// Reuse evidence: copy an earlier claim's evidence (every item that
    /// is not withdrawn, stored files and captures included), or one item
    /// pointing at an imported fact-check, onto a claim. Each copy names
    /// where it came from (`copied_from`); items already there (same
    /// address or file) are left out. One commit, with
    /// `Factdesk-Evidence-From`.
    #[command(after_help = "Examples:
  factdesk evidence copy 2014-07-25-hamas/c01 2024-05-01-gaza/c03
  factdesk evidence copy https://fullfact.org/online/x/ 2024-05-01-gaza/c03

Refused (exit 1, nothing written) when the earlier claim has no evidence
that stands, or when every item is already on the claim.")]
    Copy(EvidenceCopyArgs),
}

/// `factdesk evidence copy` arguments.
#[derive(Debug, Args)]
pub struct EvidenceCopyArgs {
    /// Where from: an earlier CASE/CLAIM, or the address of a fact-check
    /// in factchecks/ (`factdesk import claimreview` brings them in).
    pub from: String,
    /// The CASE/CLAIM that receives the copies.
    pub to: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutFormat,
}

/// `factdesk evidence add` arguments.
#[derive(Debug, Args)]
pub struct EvidenceAddArgs {
    /// CASE/CLAIM.
    pub claim: String,
    /// What sort of source it is.
    #[arg(long, value_parser = parse_evidence_kind)]
    pub kind: Option<EvidenceKind>,
    /// Where the evidence was found: the full http:// or https:// address
    /// (optional for an interview, an email, a document: give
    /// --description or --file instead).
    #[arg(long)]
    pub url: Option<String>,
    /// What the item is, in words ("phone interview with the ministry
    /// spokesperson").
    #[arg(long)]
    pub description: Option<String>,
    /// An archived copy (Wayback Machine, archive.today), also a full
    /// http(s) address. `--archive` alone asks the public archive
    /// (`web: archive_endpoint` in factdesk.yaml, Save Page Now by default)
    /// to make a copy of --url and records where it is; when the archive
    /// cannot be reached the evidence is added all the same, with a warning.
    #[arg(long, value_name = "URL", num_args = 0..=1, default_missing_value = "")]
    pub archive: Option<String>,
    /// Fetch --url now and keep the response in the case as a WARC file
    /// (`captures/…`), recording when, its sha256, the final address and
    /// the status, so a reviewer sees exactly what was read.
    #[arg(long)]
    pub capture: bool,
    /// What it says about the claim.
    #[arg(long, value_parser = parse_stance, default_value = "context")]
    pub stance: Stance,
    /// The relevant passage, verbatim.
    #[arg(long)]
    pub excerpt: Option<String>,
    /// A local copy (screenshot, PDF) to store in the case folder: a
    /// regular file (not a link, FIFO or device) of at most
    /// `evidence_max_bytes` (factdesk.yaml, default 50 MiB).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// When the source was read (default: now).
    #[arg(long, value_parser = parse_time)]
    pub accessed: Option<Timestamp>,
}

/// `factdesk evidence edit` arguments.
#[derive(Debug, Args)]
pub struct EvidenceEditArgs {
    /// CASE/CLAIM.
    pub claim: String,
    /// The item's number (from 1, as `factdesk show` lists them).
    pub n: usize,
    /// Why it is corrected (required; kept on the item).
    #[arg(long)]
    pub note: String,
    /// New kind.
    #[arg(long, value_parser = parse_evidence_kind)]
    pub kind: Option<EvidenceKind>,
    /// New address ("" removes it).
    #[arg(long)]
    pub url: Option<String>,
    /// New archived copy ("" removes it).
    #[arg(long)]
    pub archive: Option<String>,
    /// New description ("" removes it).
    #[arg(long)]
    pub description: Option<String>,
    /// New stance.
    #[arg(long, value_parser = parse_stance)]
    pub stance: Option<Stance>,
    /// New excerpt ("" removes it).
    #[arg(long)]
    pub excerpt: Option<String>,
}

/// `factdesk evidence withdraw` arguments.
#[derive(Debug, Args)]
pub struct EvidenceWithdrawArgs {
    /// CASE/CLAIM.
    pub claim: String,
    /// The item's number (from 1, as `factdesk show` lists them).
    pub n: usize,
    /// Why it no longer stands (required; kept on the item).
    #[arg(long)]
    pub note: String,
}

/// `factdesk assign` arguments.
#[derive(Debug, Args)]
pub struct AssignArgs {
    /// CASE or CASE/CLAIM.
    pub target: String,
    /// Who (a name or handle).
    pub who: String,
    /// Remove the assignment instead.
    #[arg(long)]
    pub remove: bool,
}

/// `factdesk claim` subcommands.
#[derive(Debug, Subcommand)]
pub enum ClaimCmd {
    /// Add a claim; its text must occur in the article exactly.
    Add(ClaimAddArgs),
    /// Dismiss a proposal: it is kept, with the reason, not deleted.
    Dismiss(DismissArgs),
    /// Undo a dismissal; the dismissal stays in the history (`factdesk log`).
    Restore(RestoreArgs),
}

/// `factdesk claim restore` arguments.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// CASE/CLAIM.
    pub claim: String,
}

/// `factdesk claim add` arguments.
#[derive(Debug, Args)]
pub struct ClaimAddArgs {
    /// The case id.
    pub case: String,
    /// The claim text, quoted from the article.
    #[arg(long)]
    pub text: String,
    /// Its kind (default: guessed).
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<ClaimKind>,
    /// Which occurrence, when the text appears more than once (1-based).
    #[arg(long)]
    pub occurrence: Option<usize>,
}

/// `factdesk claim dismiss` arguments.
#[derive(Debug, Args)]
pub struct DismissArgs {
    /// CASE/CLAIM.
    pub claim: String,
    /// Why it is not a claim to check.
    #[arg(long)]
    pub reason: String,
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
    /// Check for publication: every verdict needs a second editor's
    /// standing approval, as in a case marked `publish: true`, whatever
    /// `require_review` says.
    #[arg(long)]
    pub publish: bool,
}

/// `factdesk tui` arguments.
#[derive(Debug, Args)]
pub struct TuiArgs {
    /// `CASE` or `CASE/CLAIM`; default: the case list.
    #[arg(value_name = "CASE[/CLAIM]")]
    pub target: Option<String>,
}

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
    /// schema.org ClaimReview JSON-LD, one object per approved verdict.
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
    /// ClaimReview only: a preview that also holds verdicts not (or no
    /// longer) approved, each marked as a draft and without `datePublished`.
    #[arg(long)]
    pub include_unreviewed: bool,
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

fn parse_time(s: &str) -> Result<Timestamp, String> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|e| format!("{e}; use RFC 3339 with an offset, e.g. 2023-11-05T11:01:00+07:00"))
}

fn parse_score(s: &str) -> Result<f32, String> {
    s.parse::<f32>()
        .ok()
        .filter(|x| (0.0..=1.0).contains(x))
        .ok_or_else(|| "a number from 0 to 1, e.g. 0.7".to_string())
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

fn parse_evidence_kind(s: &str) -> Result<EvidenceKind, String> {
    EvidenceKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = EvidenceKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("evidence kinds: {}", all.join(", "))
    })
}

fn parse_attribution(s: &str) -> Result<AttributionStatus, String> {
    AttributionStatus::parse(s).ok_or_else(|| {
        let all: Vec<&str> = AttributionStatus::ALL.iter().map(|k| k.as_str()).collect();
        format!("attribution statuses: {}", all.join(", "))
    })
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
