//! Fixed texts the command line prints: help, hints and guidance, kept
//! together so wording stays consistent and is easy to review.

/// Shown after `factdesk --help`.
pub const AFTER_HELP: &str = "\
Examples:
  factdesk init newsroom && cd newsroom
  factdesk new article.txt --outlet \"Example Daily\" --url https://example.org/a
  factdesk new https://example.org/news/story      (fetch, extract, keep the page)
  factdesk claims 2023-11-05-kyiv-moscow-talks
  factdesk step 2023-11-05-kyiv-moscow-talks/c01 attribution done --note \"NBC report found\"
  factdesk evidence add 2023-11-05-kyiv-moscow-talks/c01 --url https://… --stance supports --capture --archive
  factdesk evidence copy 2014-07-25-hamas/c01 2024-05-01-gaza/c03   (reuse an earlier check)
  factdesk import claimreview exports/             (published fact-checks into factchecks/)
  factdesk links --record                          (dead, moved and changed sources)
  factdesk set 2023-11-05-kyiv-moscow-talks/c01 --attribution confirmed --status unverifiable
  factdesk check --format github

Every change is validated, written atomically and committed to git as one
commit with Factdesk-* trailers. Exit codes: 0 ok, 1 findings or refused
change, 2 usage error, 3 the machine failed (I/O, git, terminal), 141 output
closed by its reader (`| head`), 255 bug.";

/// Hint when a case id is malformed.
pub const HINT_CASES: &str = "`factdesk cases` lists case ids";
/// The form a `CASE/CLAIM` argument must have.
pub const EXPECTED_CLAIM_REF: &str = "expected CASE/CLAIM, e.g. 2023-11-05-kyiv-moscow-talks/c03";
/// The form a bare `CASE` argument must have.
pub const EXPECTED_CASE: &str = "expected CASE, e.g. 2023-11-05-kyiv-moscow-talks";
/// Hint when `CASE/CLAIM` is malformed.
pub const HINT_CLAIM_REF: &str = "`factdesk claims CASE` lists a case's claim ids";
/// Hint when a file cannot be read.
pub const HINT_RUN_CHECK: &str = "run `factdesk check`";
/// Hint when there is no workspace and no command.
pub const HINT_NO_WORKSPACE: &str =
    "`factdesk init` creates a workspace here; `factdesk --help` lists the commands";
/// Hint when the terminal UI is asked for without a terminal.
pub const HINT_NEEDS_TERMINAL: &str =
    "run it in a terminal, or use the commands (`factdesk --help`)";
/// Hint for an article that is not UTF-8.
pub const HINT_ICONV: &str = "convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`";
/// Hint when `export --format claimreview` lacks `--url`.
pub const HINT_CLAIMREVIEW_URL: &str =
    "add --url https://your-site.example/fact-checks/<case> (each claim gets #cNN)";
/// Hint when `sync` finds uncommitted changes.
pub const HINT_GIT_STATUS: &str = "`git status` shows them";
/// Hint when `sync` cannot pull.
pub const HINT_SYNC_REMOTE: &str =
    "check `git remote -v` and that the branch tracks one (`git push -u origin main` once)";

/// `cases` and `status` on an empty workspace.
pub const NO_CASES: &str = "no cases yet; add one with `factdesk new ARTICLE.txt`";

/// What `sync` says when the rebase stopped on a conflict, before the list of files.
pub const SYNC_CONFLICT: &[&str] = &[
    "sync stopped: your changes and the remote's changed the same lines.",
    "The repository is in the middle of a rebase (git's normal conflict state); nothing is lost.",
    "",
    "conflicted files:",
];

/// What `sync` says after the list of conflicted files.
pub const SYNC_CONFLICT_WHAT_TO_DO: &[&str] = &[
    "",
    "what to do:",
    "  1. `factdesk conflicts` shows what each side changed, in factdesk's terms",
    "  2. keep one side: `factdesk resolve CASE/CLAIM --ours` (the remote's version)",
    "     or `--theirs` (your own change); or edit the file by hand to merge both,",
    "     remove the <<<<<<< ======= >>>>>>> lines, and `git add` it",
    "  3. `git rebase --continue`, then `factdesk sync` again",
    "  or give up for now: `git rebase --abort` puts everything back as before the sync",
    "",
    "git said:",
];

/// What `sync` says when the push was refused.
pub const SYNC_PUSH_REJECTED: &str = "pulled, but the push was refused (someone pushed in the meantime); run `factdesk sync` again. Nothing is lost.";

/// What `resolve` says when no conflict is left.
pub const ALL_RESOLVED: &str = "all conflicts resolved: run `git rebase --continue` (or `git commit` for a merge), then `factdesk sync`";

/// `log` when nothing matches.
pub const NO_CHANGES: &str = "no factdesk changes match";
/// `conflicts` when there are none.
pub const NO_CONFLICTS: &str = "no conflicts";
/// `claims` and `new` when a case has no claims.
pub const NO_CLAIMS: &str = "no claims";
/// `check` before the conflicts it found.
pub const CONFLICTS_SIDE_BY_SIDE: &str = "merge conflicts, side by side:";
/// After `init`.
pub const NEXT_NEW: &str = "next: factdesk new ARTICLE.txt";
/// The terminal UI asked for without a terminal.
pub const NEEDS_TERMINAL: &str = "the terminal UI needs a terminal";

/// Standard output could not be written (a full disk behind `>`).
pub const OUTPUT_FAILED: &str = "cannot write the output";
/// A value of factdesk's own could not be turned into JSON.
pub const JSON_FAILED: &str = "cannot render JSON";
/// What a panic adds to the panic message above it.
pub const BUG: &str = "factdesk hit a bug (see the panic message above); nothing was committed half-way. Please report it.";

/// After a required step was skipped or marked n/a without a note.
pub const HINT_ADD_NOTE: &str = "add --note \"…\"";
/// After a strong verdict was refused while the attribution is unchecked.
pub const HINT_SET_ATTRIBUTION_FIRST: &str = "decide the attribution first, e.g. `factdesk set CASE/CLAIM --attribution confirmed` (or not-found, misattributed, not-applicable), or in the same command";
/// `export --include-unreviewed`: the output is a preview.
pub const NOTE_PREVIEW: &str = "note: preview: verdicts without a standing approval are included, marked \"creativeWorkStatus\": \"Draft\" and without datePublished; do not publish this file";
/// `export --format csv --include-unreviewed`.
pub const INCLUDE_UNREVIEWED_CLAIMREVIEW_ONLY: &str =
    "--include-unreviewed applies to --format claimreview (CSV lists every claim with its status)";
/// After reviewing one's own verdict.
pub const HINT_ASK_A_COLLEAGUE: &str =
    "ask a colleague to run `factdesk review` (the reviewer is the git author)";
/// Progress on stderr while `cases` or `status` read cases the case index
/// does not hold yet (a fresh clone, the first run).
pub const READING_CASES: &str = "factdesk: reading cases (once; later runs use the case index)";

/// After `evidence copy` named the same claim twice.
pub const HINT_COPY_FROM: &str =
    "give the earlier claim first, then this one: factdesk evidence copy EARLIER_CASE/CLAIM CASE/CLAIM";

/// Progress label of `factdesk import claimreview`.
pub const READING_CLAIMREVIEW: &str = "reading ClaimReview files";

/// Progress label of `factdesk links`.
pub const CHECKING_LINKS: &str = "checking links";
/// Said on stderr while `new URL` or `--capture` fetches (a terminal only).
pub const FETCHING: &str = "fetching";
/// Warning when `--archive` could not get a copy; the evidence is added.
pub const ARCHIVE_FAILED: &str = "warning: no archived copy was made";
/// What to do when the archive failed.
pub const HINT_ARCHIVE_LATER: &str =
    "the evidence is added without one; add a copy later with `factdesk evidence edit … --archive URL --note …`";

/// `new` kept only the most check-worthy proposals (`max_claims`).
pub fn claims_capped(proposed: usize, kept: usize) -> String {
    format!(
        "the article yields {proposed} proposals: kept the {kept} most check-worthy, in article order \
         (max_claims in factdesk.yaml, or --max-claims N; 0 keeps all; `factdesk propose` lists them all)"
    )
}
/// After `factdesk similar --help`.
pub const SIMILAR_HELP: &str = "\
Matches are scored 0 to 1 on shared names, numbers, dates and words (through
an English-Indonesian lexicon): `same` from the higher threshold, `possible`
from the lower one. Claims of the same case are listed too (an article that
repeats a claim); dismissed proposals never are. The claim index lives in
.git/factdesk-claims-v1 and is brought up to date from the case files on
every run (only changed cases are read again); deleting it is safe.

Examples:
  factdesk similar 2023-11-05-kyiv-moscow-talks/c03
  factdesk similar 2023-11-05-kyiv-moscow-talks/c03 -n 3 --format json";

/// After `factdesk search --help`.
pub const SEARCH_HELP: &str = "\
Ranks every claim (text and English rendering) and imported fact-check by how
much of the search text it holds, in either language (names, numbers, dates,
and words through an English-Indonesian lexicon): score 1.00 holds all of it.
Search text of 8 words or more is taken as a claim: its matches get the levels
of `similar` (`same`, `possible`); shorter text gets none.

Examples:
  factdesk search Ukraina Rusia pembicaraan rahasia
  factdesk search \"secret talks in Istanbul\" --format json";

/// Progress label while the claim index is built.
pub const READING_CLAIMS: &str =
    "factdesk: indexing claims (once; later runs read .git/factdesk-claims-v1)";
/// `similar` on a claim the index does not have (its file does not parse).
pub const HINT_SIMILAR_UNREADABLE: &str =
    "its file may not parse: `factdesk check` says why; `factdesk claims CASE` lists the claims";
/// `similar`/`search` found nothing.
pub const NO_MATCHES: &str = "no earlier claim matches";
/// Heading of the matches `new` and `propose` list after the proposals.
pub const SEEN_BEFORE: &str = "seen before (earlier claims like these proposals):";
