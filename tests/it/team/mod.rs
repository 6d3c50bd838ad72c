//! Shared fixtures of the `team_*` tests: temporary workspaces driven by the
//! real binary and the real `git`, with git configuration isolated from the
//! machine's (no global or system config, a temporary HOME).
#![allow(dead_code)]

mod log_diff;
mod report;
mod review;
mod sync;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The case every fixture creates.
pub const CASE: &str = "2023-11-05-kyiv-talks";

/// A short article with sentences to claim.
pub const ARTICLE: &str = "Western officials discuss possible Kyiv-Moscow peace talks\n\nBy Yati Maulana\n\nKYIV - US and European officials have talked with Ukraine's government about possible peace negotiations with Russia, NBC reported, citing an unnamed senior US official.\n\nThe war has killed or wounded hundreds of thousands of people.\n\nRussia currently controls about 17.5% of Ukraine's internationally recognised territory.\n\nMoscow says it is open to talks.\n";

/// Claim texts, in the order `Ws::new` adds them (c01, c02, c03).
pub const CLAIMS: [&str; 3] = [
    "The war has killed or wounded hundreds of thousands of people.",
    "Russia currently controls about 17.5% of Ukraine's internationally recognised territory.",
    "Moscow says it is open to talks.",
];

/// Environment that keeps git away from the developer's own config.
pub fn isolate(cmd: &mut std::process::Command, home: &Path) {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
}

/// Runs `git` in `dir`, asserting success, and returns stdout.
pub fn git(dir: &Path, home: &Path, args: &[&str]) -> String {
    let out = git_output(dir, home, args);
    assert!(
        out.status.success(),
        "git {args:?} in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `git` in `dir` and returns its output, whatever the exit status.
pub fn git_output(dir: &Path, home: &Path, args: &[&str]) -> Output {
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(dir).args(args);
    isolate(&mut cmd, home);
    cmd.output().expect("git runs")
}

/// A `factdesk` command in `dir`.
pub fn fd(dir: &Path, home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("factdesk").expect("binary built");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("NO_COLOR", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

/// A temporary workspace with one case and three claims, made by "Ed".
pub struct Ws {
    /// Keeps the folder alive.
    pub tmp: tempfile::TempDir,
    /// The workspace (and repository) root.
    pub root: PathBuf,
    /// Temporary HOME.
    pub home: PathBuf,
}

impl Ws {
    /// An empty repository with a factdesk workspace, no case yet.
    pub fn empty() -> Self {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("ws");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&root).expect("mkdir");
        std::fs::create_dir_all(&home).expect("mkdir");
        git(&root, &home, &["init", "-q", "-b", "main"]);
        let ws = Self { tmp, root, home };
        ws.user("Ed");
        ws.fd().arg("init").assert().success();
        ws
    }

    /// A workspace with case `CASE` and claims c01..c03.
    pub fn new() -> Self {
        let ws = Self::empty();
        let article = ws.tmp.path().join("article.txt");
        std::fs::write(&article, ARTICLE).expect("write article");
        ws.fd()
            .args(["new", article.to_str().expect("utf-8 path"), "--id", CASE])
            .args([
                "--title",
                "Western officials discuss possible Kyiv-Moscow peace talks",
            ])
            .args([
                "--outlet",
                "Example Daily",
                "--url",
                "https://example.org/kyiv-talks",
            ])
            .args(["--published", "2023-11-05T11:01:00+07:00", "--lang", "en"])
            .assert()
            .success();
        // The proposer finds these itself; add any it missed.
        for t in CLAIMS {
            let out = ws
                .fd()
                .args(["claim", "add", CASE, "--text", t])
                .output()
                .expect("run factdesk");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() || err.contains("already is this claim"),
                "{err}"
            );
        }
        ws
    }

    /// Sets the repository's git identity.
    pub fn user(&self, name: &str) {
        let email = format!("{}@example.org", name.to_lowercase());
        git(&self.root, &self.home, &["config", "user.name", name]);
        git(&self.root, &self.home, &["config", "user.email", &email]);
    }

    /// A factdesk command in the workspace.
    pub fn fd(&self) -> Command {
        fd(&self.root, &self.home)
    }

    /// `git` in the workspace.
    pub fn git(&self, args: &[&str]) -> String {
        git(&self.root, &self.home, args)
    }

    /// Path of a claim file.
    pub fn claim_path(&self, claim: &str) -> PathBuf {
        self.root.join(format!("cases/{CASE}/claims/{claim}.yaml"))
    }

    /// Does the checklist, adds evidence and sets `status` on `claim`.
    pub fn verdict(&self, claim: &str, status: &str) {
        let r = format!("{CASE}/{claim}");
        let shown = self
            .fd()
            .args(["show", &r, "--format", "json"])
            .output()
            .expect("show");
        let v: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("json");
        for s in v["checklist"]["steps"].as_array().expect("steps") {
            let id = s["id"].as_str().expect("step id");
            if s["state"] == "pending" {
                self.fd().args(["step", &r, id, "done"]).assert().success();
            }
        }
        self.fd()
            .args(["evidence", "add", &r, "--url", "https://www.isw.org/maps"])
            .args([
                "--archive",
                "https://web.archive.org/web/2023/https://www.isw.org/maps",
            ])
            .args(["--stance", "supports", "--excerpt", "about 17.5 percent"])
            .assert()
            .success();
        self.fd()
            .args(["set", &r, "--status", status, "--note", "maps agree"])
            .assert()
            .success();
    }
}

/// Compares `actual` with `tests/golden/<name>`; with `UPDATE_GOLDEN=1` in
/// the environment, rewrites the file instead.
pub fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir golden");
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
