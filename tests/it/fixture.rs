//! The one fixture of the integration tests: a temporary folder with its own
//! HOME and a workspace folder in it, and every process started from it —
//! the real `factdesk` binary, `git`, anything else — isolated from the
//! machine's git configuration and from the environment running the tests.
//!
//! Isolation, for child processes ([`isolate`]): every inherited `GIT_*`
//! and `FACTDESK_*` variable, `EMAIL` and the proxy variables
//! (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, either case) removed (`GIT_DIR`,
//! `GIT_WORK_TREE`, `GIT_INDEX_FILE`, `GIT_OBJECT_DIRECTORY`,
//! `GIT_AUTHOR_*`, `GIT_COMMITTER_*`, … would point git elsewhere or
//! change who commits), then `HOME` and `XDG_CONFIG_HOME` in the temporary
//! folder, `GIT_CONFIG_GLOBAL=/dev/null`, `GIT_CONFIG_NOSYSTEM=1`,
//! `GIT_TERMINAL_PROMPT=0`, `NO_COLOR=1`. A test sets what it needs on top.
//!
//! For code under test that runs in this process (the TUI tests call
//! `factdesk::tui` and `factdesk::ops`, which use git2), every fixture first
//! isolates the test process once ([`isolate_process`]): the same variables,
//! and libgit2's config search paths (which ignore `GIT_CONFIG_*`) pointed
//! at an empty folder.

use assert_cmd::Command as AssertCommand;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Once;

/// The id of the bundled case [`Ws::seed`] adds.
pub const SEED_ID: &str = "2023-11-05-kyiv-moscow-talks";

/// Path of the seed article: the bundled case's own copy, so a plain clone
/// runs the tests with nothing beside it.
pub fn seed_article() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("cases")
        .join(SEED_ID)
        .join("article.txt");
    assert!(
        p.exists(),
        "seed article missing at {} (the bundled case is part of the checkout)",
        p.display()
    );
    p
}

/// Whether an inherited variable could change what git or factdesk does:
/// where the repository, index or objects are, who commits and when, which
/// config is read, factdesk's own knobs (`FACTDESK_NOW`,
/// `FACTDESK_LOCK_TIMEOUT`, …).
fn leaks(name: &OsStr) -> bool {
    let n = name.to_string_lossy();
    // A proxy from the environment would take the web tests' requests to
    // 127.0.0.1 elsewhere; a test that wants one sets it itself.
    let proxy = matches!(
        n.to_ascii_lowercase().as_str(),
        "http_proxy" | "https_proxy" | "all_proxy" | "no_proxy"
    );
    n.starts_with("GIT_") || n.starts_with("FACTDESK_") || n == "EMAIL" || proxy
}

/// The variables every isolated process gets, for a given HOME.
fn isolated_vars(home: &Path) -> [(&'static str, OsString); 6] {
    [
        ("HOME", home.into()),
        ("XDG_CONFIG_HOME", home.join(".config").into()),
        ("GIT_CONFIG_GLOBAL", "/dev/null".into()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("GIT_TERMINAL_PROMPT", "0".into()),
        ("NO_COLOR", "1".into()),
    ]
}

/// Keeps a child process away from the machine's git configuration and
/// from the test environment's repository, identity and factdesk variables.
pub fn isolate(cmd: &mut Command, home: &Path) {
    for (k, _) in std::env::vars_os().filter(|(k, _)| leaks(k)) {
        cmd.env_remove(k);
    }
    cmd.envs(isolated_vars(home));
}

/// Isolates this test process once, for the factdesk code the tests run in
/// process: the environment as [`isolate`] sets it for children (the
/// harness's own knobs, `FACTDESK_CRASH_*` and `FACTDESK_BLESS_DOCS`, are
/// read by the tests, not by factdesk, and stay), and libgit2's config
/// search paths (system, global, XDG, program data) pointed at an empty
/// folder, since libgit2 does not read `GIT_CONFIG_GLOBAL` or
/// `GIT_CONFIG_NOSYSTEM` when it discovers a repository.
pub fn isolate_process() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("factdesk-it-home");
        std::fs::create_dir_all(&home).expect("create the test process's HOME");
        let harness = |k: &str| k.starts_with("FACTDESK_CRASH_") || k == "FACTDESK_BLESS_DOCS";
        for (k, _) in std::env::vars_os() {
            if leaks(&k) && !harness(&k.to_string_lossy()) {
                std::env::remove_var(&k);
            }
        }
        for (k, v) in isolated_vars(&home) {
            std::env::set_var(k, v);
        }
        for level in [
            git2::ConfigLevel::System,
            git2::ConfigLevel::Global,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: runs once, before any fixture exists, so before any
            // test calls into git2 in this process.
            unsafe { git2::opts::set_search_path(level, &home) }
                .expect("point libgit2's config search path at an empty folder");
        }
    });
}

/// A temporary folder with its own HOME and a workspace folder
/// (`<tmp>/newsroom`, a fixed name the TUI shows) — a git repository with a
/// factdesk workspace, or less, depending on the constructor.
pub struct Ws {
    /// The temporary folder; removed when the fixture is dropped.
    pub tmp: tempfile::TempDir,
    /// The workspace root (canonical).
    pub root: PathBuf,
    /// The isolated HOME, inside `tmp`.
    pub home: PathBuf,
}

impl Ws {
    /// An empty workspace folder in a new temporary folder: no repository.
    pub fn sandbox() -> Self {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("newsroom");
        Self::sandbox_at(tmp, root)
    }

    /// Like [`Ws::sandbox`], with the workspace folder at `root` (which may
    /// be outside `tmp`, e.g. on a small file system).
    pub fn sandbox_at(tmp: tempfile::TempDir, root: PathBuf) -> Self {
        isolate_process();
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&root).expect("create the workspace folder");
        std::fs::create_dir_all(&home).expect("create HOME");
        let root = std::fs::canonicalize(&root).expect("canonical workspace path");
        Self { tmp, root, home }
    }

    /// A git repository (branch `main`) in a new sandbox, committing as
    /// `user`; no factdesk workspace yet.
    pub fn repo(user: &str) -> Self {
        Self::sandbox().git_init(user)
    }

    /// A factdesk workspace (`factdesk init`, committed) by "Ana Editor".
    pub fn new() -> Self {
        Self::init_as("Ana Editor")
    }

    /// A factdesk workspace (`factdesk init`, committed) by `user`.
    pub fn init_as(user: &str) -> Self {
        let ws = Self::repo(user);
        ws.fd(&["init"]).assert().success();
        ws
    }

    /// Makes the workspace folder a git repository (branch `main`)
    /// committing as `user`.
    pub fn git_init(self, user: &str) -> Self {
        self.git(&["init", "-q", "-b", "main"]);
        self.user(user);
        self
    }

    /// Sets the repository's identity: `user` <first name, lower case>@example.org.
    pub fn user(&self, name: &str) {
        let first = name.split_whitespace().next().unwrap_or(name);
        let email = format!("{}@example.org", first.to_lowercase());
        self.git(&["config", "user.name", name]);
        self.git(&["config", "user.email", &email]);
    }

    /// Any program, isolated, in `dir`.
    pub fn command_in(&self, program: impl AsRef<OsStr>, dir: &Path) -> Command {
        let mut c = Command::new(program);
        c.current_dir(dir);
        isolate(&mut c, &self.home);
        c
    }

    /// The factdesk binary as a plain `std` command in the workspace, stdin
    /// closed: for spawning in the background, or for a file or a pipe as
    /// stdout (assert_cmd's command cannot take one).
    pub fn fd_std(&self, args: &[&str]) -> Command {
        let mut c = self.command_in(env!("CARGO_BIN_EXE_factdesk"), &self.root);
        c.args(args).stdin(Stdio::null());
        c
    }

    /// The factdesk binary in the workspace, for `assert_cmd` assertions.
    pub fn fd(&self, args: &[&str]) -> AssertCommand {
        self.fd_in(&self.root, args)
    }

    /// The factdesk binary in `dir` (another clone, a subfolder).
    pub fn fd_in(&self, dir: &Path, args: &[&str]) -> AssertCommand {
        let mut c = self.command_in(env!("CARGO_BIN_EXE_factdesk"), dir);
        c.args(args);
        AssertCommand::from_std(c)
    }

    /// `git` in `dir`, whatever its exit status.
    pub fn git_output_in(&self, dir: &Path, args: &[&str]) -> Output {
        self.command_in("git", dir)
            .args(args)
            .output()
            .expect("git runs")
    }

    /// `git` in the workspace, whatever its exit status.
    pub fn git_output(&self, args: &[&str]) -> Output {
        self.git_output_in(&self.root, args)
    }

    /// Runs `git` in `dir` and returns stdout; panics on failure.
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git_output_in(dir, args);
        assert!(
            out.status.success(),
            "git {args:?} in {} failed:\n{}\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs `git` in the workspace and returns stdout; panics on failure.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(&self.root, args)
    }

    /// Reads a workspace file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Writes a workspace file, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(p, text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }

    /// Adds the seed case with the id [`SEED_ID`] (by the binary) and
    /// returns the id.
    pub fn seed(&self) -> &'static str {
        let article = seed_article();
        let article = article.to_str().expect("utf-8 path");
        self.fd(&["new", article, "--id", SEED_ID])
            .assert()
            .success();
        SEED_ID
    }

    /// Number of commits on HEAD.
    pub fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .expect("a count")
    }

    /// The workspace, opened in this process.
    pub fn workspace(&self) -> factdesk::store::Workspace {
        factdesk::store::Workspace::open(&self.root).expect("workspace")
    }

    /// An `ops` session on the workspace, in this process.
    pub fn session(&self) -> factdesk::ops::Session {
        factdesk::ops::Session::open(self.workspace()).expect("session")
    }

    /// Step ids of a claim's checklist (`case/cNN`), from `show --format json`.
    pub fn steps(&self, claim_ref: &str) -> Vec<String> {
        let out = self
            .fd(&["show", claim_ref, "--format", "json"])
            .output()
            .expect("factdesk runs");
        assert!(
            out.status.success(),
            "show {claim_ref}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("show json");
        v["checklist"]["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s["id"].as_str().expect("step id").to_string())
            .collect()
    }
}

/// Compares `actual` with `tests/golden/<name>`; with `UPDATE_GOLDEN` set in
/// the environment, rewrites the file instead (review the diff).
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run the tests with UPDATE_GOLDEN=1 and review the file",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the output (UPDATE_GOLDEN=1 rewrites it after review)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// An imported fact-check by "Cek Fakta" rated "Benar" (what `import
/// claimreview` would write), for tests that match against one.
pub fn factcheck(url: &str, claim_reviewed: &str) -> factdesk::model::FactCheck {
    factdesk::model::FactCheck {
        url: url.into(),
        title: None,
        claim_reviewed: claim_reviewed.into(),
        claimant: None,
        appearances: Vec::new(),
        publisher: factdesk::model::Publisher {
            name: Some("Cek Fakta".into()),
            url: None,
        },
        rating: factdesk::model::Rating {
            alternate_name: Some("Benar".into()),
            ..Default::default()
        },
        date_published: None,
        claim_date: None,
        language: Some("id".into()),
        imported_at: chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
            .expect("a valid time"),
        source: "review.json".into(),
    }
}
