//! `factdesk sync`: pull with rebase, then push, by running the user's own
//! `git` executable, so their credential helpers, SSH keys and config apply
//! exactly as on the command line. Never resolves conflicts itself: on a
//! conflict the repository is left in git's normal rebase state.

use super::{locate, GitError};
use std::path::Path;
use std::process::{Command, Output};

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Pulled (and pushed, unless told not to).
    Done {
        /// Commits that came in from the remote.
        pulled: usize,
        /// Local commits sent to the remote.
        pushed: usize,
    },
    /// The rebase stopped on conflicts; the repository is mid-rebase.
    Conflict {
        /// Workspace-relative paths with conflicts.
        files: Vec<String>,
        /// git's own words.
        git_says: String,
    },
    /// The push was refused (someone pushed meanwhile); nothing lost.
    PushRejected {
        /// git's own words.
        git_says: String,
    },
}

/// Why sync could not start or failed outright.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// `git` is not installed or not on PATH.
    #[error("could not run `git` ({0}); factdesk sync uses your own git so your credentials work; install git or add it to PATH")]
    NoGit(String),
    /// Uncommitted changes to tracked files would block the rebase.
    #[error("you have uncommitted changes to {}; commit them (or `git stash`) before syncing, nothing was changed", .0.join(", "))]
    Dirty(Vec<String>),
    /// No upstream branch is configured, or the remote is unreachable.
    #[error("git pull failed:\n{0}")]
    Pull(String),
    /// Repository problems.
    #[error(transparent)]
    Git(#[from] GitError),
}

fn git(dir: &Path, args: &[&str]) -> Result<Output, SyncError> {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| SyncError::NoGit(e.to_string()))
}

fn text(o: &Output) -> String {
    let mut s = String::from_utf8_lossy(&o.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&o.stderr));
    s.trim().to_string()
}

fn count(dir: &Path, range: &str) -> usize {
    git(dir, &["rev-list", "--count", range])
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(0)
}

/// Paths with unresolved conflicts, workspace-relative.
fn conflicted(dir: &Path, prefix: &str) -> Vec<String> {
    git(dir, &["diff", "--name-only", "--diff-filter=U"])
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(|l| l.strip_prefix(prefix).unwrap_or(l).to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Pulls with rebase, then pushes unless `push` is false.
pub fn sync(ws_root: &Path, push: bool) -> Result<SyncOutcome, SyncError> {
    // No factdesk change may interleave with the pull.
    let _lock = super::txn::begin(ws_root, "sync", &|m| {
        eprintln!("{}", crate::text::one_line(m))
    })?;
    super::ensure_idle(ws_root)?;
    let prefix = locate(ws_root)?.prefix;
    let st = git(ws_root, &["status", "--porcelain", "--untracked-files=no"])?;
    let dirty: Vec<String> = String::from_utf8_lossy(&st.stdout)
        .lines()
        .filter_map(|l| l.get(3..).map(str::to_string))
        .collect();
    if !dirty.is_empty() {
        return Err(SyncError::Dirty(dirty));
    }
    let before = git(ws_root, &["rev-parse", "HEAD"])?;
    let before = String::from_utf8_lossy(&before.stdout).trim().to_string();
    let pull = git(ws_root, &["pull", "--rebase", "--no-autostash"])?;
    if !pull.status.success() {
        let files = conflicted(ws_root, &prefix);
        if !files.is_empty() {
            return Ok(SyncOutcome::Conflict {
                files,
                git_says: text(&pull),
            });
        }
        return Err(SyncError::Pull(text(&pull)));
    }
    let pulled = if before.is_empty() {
        0
    } else {
        count(ws_root, &format!("{before}..@{{upstream}}"))
    };
    let ahead = count(ws_root, "@{upstream}..HEAD");
    if !push || ahead == 0 {
        return Ok(SyncOutcome::Done { pulled, pushed: 0 });
    }
    let p = git(ws_root, &["push"])?;
    if !p.status.success() {
        return Ok(SyncOutcome::PushRejected { git_says: text(&p) });
    }
    Ok(SyncOutcome::Done {
        pulled,
        pushed: ahead,
    })
}
