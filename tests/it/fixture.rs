//! Shared helpers for integration tests: real git repositories in temporary
//! directories with isolated git configuration, and the real binary.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Path of the seed article: the bundled case's own copy, so a plain clone
/// runs the tests with nothing beside it.
pub fn seed_article() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("cases/2023-11-05-kyiv-moscow-talks/article.txt");
    assert!(
        p.exists(),
        "seed article missing at {} (the bundled case is part of the checkout)",
        p.display()
    );
    p
}

/// A temporary workspace: HOME and git config isolated from the machine.
pub struct Ws {
    /// Holds the temporary directory alive.
    pub tmp: tempfile::TempDir,
    /// The workspace root.
    pub root: PathBuf,
    /// The isolated HOME.
    pub home: PathBuf,
}

impl Ws {
    /// A new git repository with a configured identity, not yet initialised for factdesk.
    pub fn bare_repo() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ws");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let ws = Self { tmp, root, home };
        ws.git(&["init", "-q", "-b", "main"]);
        ws.git(&["config", "user.name", "Ana Editor"]);
        ws.git(&["config", "user.email", "ana@example.org"]);
        ws
    }

    /// A repository with `factdesk init` done.
    pub fn new() -> Self {
        let ws = Self::bare_repo();
        ws.fd(&["init"]).assert().success();
        ws
    }

    /// The factdesk binary, run in the workspace with isolated config.
    pub fn fd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("factdesk").unwrap();
        c.current_dir(&self.root)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.home)
            .env("NO_COLOR", "1")
            .args(args);
        c
    }

    /// Runs git in the workspace and returns stdout; panics on failure.
    pub fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .current_dir(&self.root)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.home)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Reads a workspace file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Writes a workspace file.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Adds the seed case with a fixed id and returns the id.
    pub fn seed(&self) -> &'static str {
        let id = "2023-11-05-kyiv-moscow-talks";
        self.fd(&["new", seed_article().to_str().unwrap(), "--id", id])
            .assert()
            .success();
        id
    }

    /// Number of commits on HEAD.
    pub fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap()
    }
}
