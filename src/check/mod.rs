//! `factdesk check`: the rule table, the checker and the printers.
//!
//! Laid out like cargo's lints: [`rules`] is the one table of codes, and
//! each family of rules is a function of a typed document
//! ([`store::Doc`]) in a file of its own: `claim/{location,status,
//! checklist,evidence}.rs`, `case.rs`, `context.rs` (factdesk.yaml and the
//! checklists). `parse.rs` turns unreadable files into diagnostics, and
//! `workspace.rs` walks the folders.
//!
//! Mutating commands run the very same functions on the bytes they are
//! about to write, so nothing factdesk writes can fail `check`.

mod capture;
mod case;
mod claim;
mod context;
pub mod diag;
mod factcheck;
mod findings;
mod parse;
pub mod print;
pub mod review;
pub mod rules;
mod workspace;

use crate::model::{Checklist, Timestamp, WorkspaceConfig};
use crate::store;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

pub use case::{check_case, check_case_dir};
pub use claim::{check_claim, check_claim_text};
pub use context::load_context;
pub use diag::Diagnostic;
pub use factcheck::check_factcheck_text;
pub use parse::{parse_as, read_failure};
pub use rules::{Level, Rule, RULES};
pub use workspace::{check_workspace, check_workspace_with};

/// What every claim check needs to know about the workspace.
#[derive(Debug, Clone)]
pub struct Context {
    /// `factdesk.yaml` (defaults when missing or invalid, so checking goes on).
    pub config: WorkspaceConfig,
    /// True when `factdesk.yaml` could not be read or parsed, so `config`
    /// holds the defaults.
    pub config_defaults: bool,
    /// Checklists by id, with the sha256 of their file.
    pub checklists: BTreeMap<String, (Checklist, String)>,
    /// Ids of checklist files that exist but could not be read or parsed.
    /// Their one finding is at the checklist itself; claims that use them
    /// skip their checklist rules rather than repeat it as "does not exist".
    pub broken_checklists: BTreeSet<String>,
    /// "Now", for the future-date rule.
    pub now: Timestamp,
    /// `check --publish`: every case is checked as if marked
    /// `publish: true`, so any verdict without a standing approval fails.
    pub publish_all: bool,
}

impl Context {
    /// One line per finding of [`load_context`], for views that carry on
    /// with this context rather than refuse: "factdesk.yaml is invalid: …
    /// (line 3); using defaults".
    pub fn warnings(&self, findings: &[Diagnostic]) -> Vec<String> {
        findings
            .iter()
            .map(|d| {
                let stem = d
                    .file
                    .strip_prefix(&format!("{}/", store::CHECKLISTS_DIR))
                    .and_then(|f| f.strip_suffix(".yaml"));
                let consequence = match stem {
                    _ if d.file == store::CONFIG_FILE && self.config_defaults => "; using defaults",
                    Some(s) if !self.checklists.contains_key(s) => "; checklist left out",
                    _ => "",
                };
                format!(
                    "{} is invalid: {} (line {}){consequence}",
                    d.file,
                    crate::text::one_line(&d.message),
                    d.line
                )
            })
            .collect()
    }
}

/// What a claim check needs to know about its case.
#[derive(Debug, Clone)]
pub struct CaseInfo<'a> {
    /// The case folder name.
    pub dir_name: &'a str,
    /// Absolute path of the case folder (for evidence files).
    pub dir: PathBuf,
    /// The article text, when it could be read.
    pub article: Option<&'a str>,
    /// Files about to be written with the claim (path inside the case
    /// folder, content), so a change is checked as it will be on disk.
    pub pending: &'a [(String, Vec<u8>)],
    /// Built on first use, shared by the case's claims.
    pub lookup: ArticleLookup,
}

/// What the claims of one case share for locating text in its article, so
/// checking a case costs one pass over the article plus a little per
/// claim, whatever the number of claims.
#[derive(Debug, Default)]
pub struct ArticleLookup {
    lines: std::sync::OnceLock<crate::model::LineIndex>,
    /// Searches of the whole article for a misplaced claim's text, made so
    /// far: each costs a pass over the article, so only the first
    /// [`ArticleLookup::SEARCHES`] claims get an "occurs at" hint.
    searches: std::sync::atomic::AtomicUsize,
}

impl Clone for ArticleLookup {
    fn clone(&self) -> Self {
        Self {
            lines: self.lines.clone(),
            searches: std::sync::atomic::AtomicUsize::new(
                self.searches.load(std::sync::atomic::Ordering::Relaxed),
            ),
        }
    }
}

impl ArticleLookup {
    /// Whole-article searches per case.
    pub const SEARCHES: usize = 64;

    /// Where `start..end` of `article` is, as [`crate::model::Location::from_span`] says.
    pub fn locate(&self, article: &str, start: usize, end: usize) -> crate::model::Location {
        self.lines
            .get_or_init(|| crate::model::LineIndex::new(article))
            .locate(article, start, end)
    }

    /// Whether one more whole-article search is allowed.
    pub fn may_search(&self) -> bool {
        self.searches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            < Self::SEARCHES
    }
}

/// The result of checking a workspace.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Findings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were looked at.
    pub files: usize,
    /// How many claims were checked.
    pub claims: usize,
}

impl Report {
    /// Number of findings at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }
}

#[cfg(test)]
mod tests {
    use super::findings::is_strict_rfc3339;
    use super::*;

    const ARTICLE: &str = "KYIV - Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina.\n";

    fn ctx() -> Context {
        let text = crate::assets::CHECKLISTS
            .iter()
            .find(|(n, _)| *n == "statistic.yaml")
            .map(|(_, t)| *t)
            .unwrap_or_default();
        let list: Checklist = store::parse(text).unwrap();
        let mut checklists = BTreeMap::new();
        checklists.insert(list.id.clone(), (list, store::sha256_hex(text.as_bytes())));
        Context {
            config: WorkspaceConfig::default(),
            config_defaults: false,
            checklists,
            broken_checklists: BTreeSet::new(),
            now: chrono::Local::now().fixed_offset(),
            publish_all: false,
        }
    }

    fn valid_claim(ctx: &Context) -> String {
        let (list, sha) = &ctx.checklists["statistic"];
        let text = "Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina.";
        let start = ARTICLE.find(text).unwrap_or(0);
        let mut s = format!(
            "id: c01\nkind: statistic\ntext: {text}\nlocation:\n  line: 1\n  column: 8\n  start: {start}\n  end: {}\nattribution:\n  anonymous: false\n  status: not-applicable\nstatus: in-progress\nchecklist:\n  id: statistic\n  sha256: {sha}\n  steps:\n",
            start + text.len()
        );
        for st in &list.steps {
            s.push_str(&format!(
                "  - id: {}\n    state: done\n    note: |-\n      ok\n      ok\n",
                st.id
            ));
        }
        s.push_str("evidence:\n- url: https://example.org/a\n  accessed: 2023-11-05T11:01:00+07:00\n  stance: supports\n");
        s
    }

    fn info() -> CaseInfo<'static> {
        CaseInfo {
            dir_name: "x",
            dir: PathBuf::from("/nonexistent"),
            article: Some(ARTICLE),
            pending: &[],
            lookup: Default::default(),
        }
    }

    #[test]
    fn timestamps_must_be_strict_rfc3339() {
        for ok in [
            "2023-11-05T11:01:00+07:00",
            "2023-11-05T11:01:00Z",
            "2023-11-05T11:01:00.5-03:30",
        ] {
            assert!(is_strict_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2023-11-05 11:01:00+07:00",
            "2023-11-05t11:01:00Z",
            "2023-11-05T11:01:00",
            "2023-11-05T11:01:00+0700",
            "2023-11-05T11:01:00.Z",
            "",
        ] {
            assert!(!is_strict_rfc3339(bad), "{bad}");
        }
        let ctx = ctx();
        let raw = valid_claim(&ctx).replace(
            "accessed: 2023-11-05T11:01:00+07:00",
            "accessed: 2023-11-05 11:01:00+07:00",
        );
        let d = check_claim_text(&ctx, &info(), "c01.yaml", &raw);
        assert_eq!(
            d.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["bad-date"],
            "{d:?}"
        );
        assert_eq!(
            d[0].hint.as_deref(),
            Some("write it as 2023-11-05T11:01:00+07:00")
        );
    }

    #[test]
    fn valid_claim_is_clean_and_verdict_rules_apply() {
        let ctx = ctx();
        let raw = valid_claim(&ctx);
        assert_eq!(check_claim_text(&ctx, &info(), "c01.yaml", &raw), vec![]);
        let verified = raw.replace("status: in-progress", "status: verified");
        assert_eq!(
            check_claim_text(&ctx, &info(), "c01.yaml", &verified),
            vec![]
        );
        let no_evidence = verified
            .split("evidence:")
            .next()
            .unwrap_or_default()
            .to_string();
        let d = check_claim_text(&ctx, &info(), "c01.yaml", &no_evidence);
        assert_eq!(
            d.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["verdict-needs-evidence"]
        );
        assert_eq!((d[0].line, d[0].column), (12, 1));
    }

    #[test]
    fn context_warnings_say_what_happens_next() {
        let mut ctx = ctx();
        let at = |file: &str, line| {
            Diagnostic::new(
                &rules::UNKNOWN_KEY,
                file,
                (line, 1),
                "unknown key `x`\nmore",
            )
        };
        let findings = [
            at("factdesk.yaml", 3),
            at("checklists/statistic.yaml", 2),
            at("checklists/quote.yaml", 1),
        ];
        assert_eq!(
            ctx.warnings(&findings),
            [
                "factdesk.yaml is invalid: unknown key `x`⏎more (line 3)",
                "checklists/statistic.yaml is invalid: unknown key `x`⏎more (line 2)",
                "checklists/quote.yaml is invalid: unknown key `x`⏎more (line 1); checklist left out",
            ]
        );
        ctx.config_defaults = true;
        assert!(ctx.warnings(&findings)[0].ends_with("(line 3); using defaults"));
    }

    /// Block scalar text is not YAML structure: a note that reads like a
    /// time key is not a `bad-date`, and positions after it stay right.
    #[test]
    fn notes_are_not_structure() {
        let ctx = ctx();
        let raw = valid_claim(&ctx).replace(
            "    note: |-\n      ok\n      ok\n",
            "    note: |-\n      at: 2023-11-05 11:01\n      - not an item\n",
        );
        assert_eq!(check_claim_text(&ctx, &info(), "c01.yaml", &raw), vec![]);
    }

    /// One corruption of a file's bytes, at a position relative to its
    /// current length.
    #[derive(Debug, Clone)]
    enum Edit {
        Replace(proptest::sample::Index, u8),
        Remove(proptest::sample::Index),
        Truncate(proptest::sample::Index),
    }

    fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
        use proptest::prelude::*;
        let alphabet = b" :-\n\t'\"[]{}&*!|>#%@`,?\x1b\xff0123456789abcz".to_vec();
        prop_oneof![
            (
                any::<proptest::sample::Index>(),
                proptest::sample::select(alphabet)
            )
                .prop_map(|(i, b)| Edit::Replace(i, b)),
            any::<proptest::sample::Index>().prop_map(Edit::Remove),
            any::<proptest::sample::Index>().prop_map(Edit::Truncate),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1000))]
        /// Random corruption of a valid file must give diagnostics, never a panic.
        #[test]
        fn corrupted_files_never_panic(edits in proptest::collection::vec(edit(), 1..5)) {
            let ctx = ctx();
            let mut bytes = valid_claim(&ctx).into_bytes();
            for e in edits {
                if bytes.is_empty() {
                    break;
                }
                match e {
                    Edit::Replace(i, b) => {
                        let i = i.index(bytes.len());
                        bytes[i] = b;
                    }
                    Edit::Remove(i) => {
                        bytes.remove(i.index(bytes.len()));
                    }
                    Edit::Truncate(i) => bytes.truncate(i.index(bytes.len())),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let _ = check_claim_text(&ctx, &info(), "c01.yaml", &text);
        }
    }
}
