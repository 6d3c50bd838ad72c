//! The one user of git2. Plain functions that take a workspace path; no git
//! type leaves this module.
//!
//! Commits are built from HEAD's tree plus exactly the files factdesk wrote,
//! in an in-memory index, so the user's staged and unstaged work is never
//! swept into a factdesk commit.

pub mod history;
pub mod sync;
pub mod trailers;
pub mod tree;
mod walk;

use git2::{Index, IndexEntry, IndexTime, Repository, RepositoryState};
use std::path::{Path, PathBuf};

pub use trailers::{Action, TrailerError, Trailers};

/// Git problems, phrased for the user with what to do next.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository at or above the workspace.
    #[error("{} is not inside a git repository; run `factdesk init` there (or `git init`)", .0.display())]
    NotARepo(PathBuf),
    /// A merge, rebase, cherry-pick … is in progress.
    #[error("the repository is in the middle of a {0}; finish or abort it (`git status` shows how) and run the command again; nothing was written")]
    Busy(String),
    /// No `user.name`/`user.email` configured.
    #[error("git does not know who you are, and every factdesk change is signed with your git identity; run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`")]
    NoIdentity,
    /// The workspace lies outside the repository's work tree.
    #[error("{} is not inside the work tree of its git repository", .0.display())]
    OutsideWorkTree(PathBuf),
    /// Anything else libgit2 reported.
    #[error("git: {0}")]
    Other(String),
}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> Self {
        Self::Other(e.message().to_string())
    }
}

/// Who is making a change, from git config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `user.name`.
    pub name: String,
    /// `user.email`.
    pub email: String,
}

struct Located {
    repo: Repository,
    /// The workspace's path inside the repository work tree, `/`-terminated or empty.
    prefix: String,
}

fn locate(ws_root: &Path) -> Result<Located, GitError> {
    let repo = Repository::discover(ws_root).map_err(|_| GitError::NotARepo(ws_root.into()))?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| GitError::OutsideWorkTree(ws_root.into()))?;
    let wd = std::fs::canonicalize(workdir).map_err(|e| GitError::Other(e.to_string()))?;
    let ws = std::fs::canonicalize(ws_root).map_err(|e| GitError::Other(e.to_string()))?;
    let rel = ws
        .strip_prefix(&wd)
        .map_err(|_| GitError::OutsideWorkTree(ws_root.into()))?;
    let mut prefix = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if !prefix.is_empty() {
        prefix.push('/');
    }
    Ok(Located { repo, prefix })
}

/// The repository's git directory (`.git`, or the worktree's own git dir),
/// where tools may keep private state such as the TUI's drafts.
pub fn git_dir(ws_root: &Path) -> Result<std::path::PathBuf, GitError> {
    Ok(locate(ws_root)?.repo.path().to_path_buf())
}

/// Creates a repository in `dir` unless `dir` is already inside one.
/// Returns true when a new repository was created.
pub fn ensure_repo(dir: &Path) -> Result<bool, GitError> {
    if Repository::discover(dir).is_ok() {
        return Ok(false);
    }
    Repository::init(dir)?;
    Ok(true)
}

/// Refuses with [`GitError::Busy`] when a merge, rebase or similar is in
/// progress, or the index has unresolved conflicts: committing then would
/// tangle factdesk's change with the user's half-finished operation.
pub fn ensure_idle(ws_root: &Path) -> Result<(), GitError> {
    let loc = locate(ws_root)?;
    let what = match loc.repo.state() {
        RepositoryState::Clean | RepositoryState::Bisect => None,
        RepositoryState::Merge => Some("merge"),
        RepositoryState::Revert | RepositoryState::RevertSequence => Some("revert"),
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => Some("cherry-pick"),
        RepositoryState::Rebase
        | RepositoryState::RebaseInteractive
        | RepositoryState::RebaseMerge => Some("rebase"),
        RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => Some("git am"),
    };
    if let Some(w) = what {
        return Err(GitError::Busy(w.into()));
    }
    if loc.repo.index()?.has_conflicts() {
        return Err(GitError::Busy(
            "merge (the index has unresolved conflicts)".into(),
        ));
    }
    Ok(())
}

/// The committer identity from git config (the repository's, or the
/// user's global one when `ws_root` is not in a repository yet).
pub fn identity(ws_root: &Path) -> Result<Identity, GitError> {
    let sig = match locate(ws_root) {
        Ok(loc) => loc.repo.signature(),
        Err(_) => git2::Config::open_default().and_then(|c| {
            let name = c.get_string("user.name")?;
            let email = c.get_string("user.email")?;
            git2::Signature::now(&name, &email)
        }),
    }
    .map_err(|_| GitError::NoIdentity)?;
    match (sig.name(), sig.email()) {
        (Ok(n), Ok(e)) if !n.trim().is_empty() => Ok(Identity {
            name: n.to_string(),
            email: e.to_string(),
        }),
        _ => Err(GitError::NoIdentity),
    }
}

/// The content of a workspace-relative file at HEAD, or `None` when HEAD
/// does not have it (or there is no commit yet).
pub fn head_content(ws_root: &Path, rel: &str) -> Result<Option<Vec<u8>>, GitError> {
    let loc = locate(ws_root)?;
    let Ok(head) = loc.repo.head() else {
        return Ok(None);
    };
    let tree = head.peel_to_tree()?;
    let path = format!("{}{rel}", loc.prefix);
    let Ok(entry) = tree.get_path(Path::new(&path)) else {
        return Ok(None);
    };
    let obj = entry.to_object(&loc.repo)?;
    Ok(obj.as_blob().map(|b| b.content().to_vec()))
}

/// Commits exactly `files` (workspace-relative path, content) on top of HEAD
/// and returns the new commit id. The tree is HEAD's tree with these files
/// replaced, built in memory; the user's index is only updated for these
/// paths, and only where it still matched HEAD, so other staged or unstaged
/// work stays exactly as it was.
pub fn commit_files(
    ws_root: &Path,
    files: &[(String, Vec<u8>)],
    message: &str,
) -> Result<String, GitError> {
    let loc = locate(ws_root)?;
    let repo = &loc.repo;
    let sig = repo.signature().map_err(|_| GitError::NoIdentity)?;
    let parent = match repo.head() {
        Ok(h) => Some(h.peel_to_commit()?),
        Err(_) => None,
    };
    let parent_tree = parent.as_ref().map(|p| p.tree()).transpose()?;

    let mut mem = Index::new()?;
    if let Some(t) = &parent_tree {
        mem.read_tree(t)?;
    }
    let mut entries = Vec::new();
    for (rel, bytes) in files {
        let path = format!("{}{rel}", loc.prefix);
        let id = repo.blob(bytes)?;
        let entry = IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: bytes.len().min(u32::MAX as usize) as u32,
            id,
            flags: path.len().min(0xfff) as u16,
            flags_extended: 0,
            path: path.clone().into_bytes(),
        };
        mem.add(&entry)?;
        let old = parent_tree
            .as_ref()
            .and_then(|t| t.get_path(Path::new(&path)).ok())
            .map(|e| e.id());
        entries.push((entry, old, bytes));
    }
    let tree_id = mem.write_tree_to(repo)?;
    let tree = repo.find_tree(tree_id)?;
    let parents: Vec<_> = parent.iter().collect();
    // Updating HEAD fails if it moved since we read it, so a concurrent
    // commit is never lost.
    let oid = repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?;

    // Keep the user's index in step for our paths where it still showed
    // HEAD's version; anything they staged themselves is left alone.
    let mut index = repo.index()?;
    let mut touched = false;
    let workdir = repo.workdir().map(Path::to_path_buf);
    for (entry, old, bytes) in entries {
        let path = String::from_utf8_lossy(&entry.path).into_owned();
        let staged = index.get_path(Path::new(&path), 0).map(|e| e.id);
        if staged == old {
            // Prefer the work-tree file when it holds exactly what we
            // committed: it carries real stat data, so git need not re-hash
            // it. Otherwise stage the bare blob.
            let on_disk = workdir
                .as_ref()
                .and_then(|w| std::fs::read(w.join(&path)).ok());
            if on_disk.as_deref() != Some(bytes.as_slice())
                || index.add_path(Path::new(&path)).is_err()
            {
                index.add(&entry)?;
            }
            touched = true;
        }
    }
    if touched {
        index.write()?;
    }
    Ok(oid.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn repo() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let mut cfg = repo.config().unwrap();
        cfg.set_str("user.name", "Test Editor").unwrap();
        cfg.set_str("user.email", "editor@example.org").unwrap();
        (dir, repo)
    }

    #[test]
    fn commit_leaves_user_work_alone() {
        let (dir, repo) = repo();
        let root = dir.path();
        fs::write(root.join("mine.txt"), "v1\n").unwrap();
        fs::write(root.join("a.yaml"), "a: 1\n").unwrap();
        commit_files(
            root,
            &[
                ("mine.txt".into(), b"v1\n".to_vec()),
                ("a.yaml".into(), b"a: 1\n".to_vec()),
            ],
            "first",
        )
        .unwrap();
        // User stages one change and leaves another unstaged.
        fs::write(root.join("mine.txt"), "v2 staged\n").unwrap();
        let mut idx = repo.index().unwrap();
        idx.add_path(Path::new("mine.txt")).unwrap();
        idx.write().unwrap();
        fs::write(root.join("mine.txt"), "v3 unstaged\n").unwrap();
        fs::write(root.join("new.txt"), "untracked\n").unwrap();

        fs::write(root.join("a.yaml"), "a: 2\n").unwrap();
        commit_files(root, &[("a.yaml".into(), b"a: 2\n".to_vec())], "second").unwrap();

        let head = repo.head().unwrap().peel_to_commit().unwrap();
        let tree = head.tree().unwrap();
        let mine = tree
            .get_path(Path::new("mine.txt"))
            .unwrap()
            .to_object(&repo)
            .unwrap();
        assert_eq!(mine.as_blob().unwrap().content(), b"v1\n");
        assert!(tree.get_path(Path::new("new.txt")).is_err());
        let mut st = git2::StatusOptions::new();
        st.include_untracked(true);
        let statuses = repo.statuses(Some(&mut st)).unwrap();
        let mut seen: Vec<(String, git2::Status)> = statuses
            .iter()
            .map(|s| (s.path().unwrap().to_string(), s.status()))
            .collect();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            seen,
            vec![
                (
                    "mine.txt".into(),
                    git2::Status::INDEX_MODIFIED | git2::Status::WT_MODIFIED
                ),
                ("new.txt".into(), git2::Status::WT_NEW),
            ]
        );
        assert_eq!(
            fs::read_to_string(root.join("mine.txt")).unwrap(),
            "v3 unstaged\n"
        );
    }

    #[test]
    fn busy_repo_is_refused() {
        let (dir, _repo) = repo();
        ensure_idle(dir.path()).unwrap();
        fs::write(
            dir.path().join(".git/MERGE_HEAD"),
            "0000000000000000000000000000000000000000\n",
        )
        .unwrap();
        assert!(matches!(ensure_idle(dir.path()), Err(GitError::Busy(w)) if w == "merge"));
    }

    #[test]
    fn head_content_reads_committed_version() {
        let (dir, _repo) = repo();
        assert_eq!(head_content(dir.path(), "x").unwrap(), None);
        commit_files(dir.path(), &[("d/x".into(), b"hi".to_vec())], "m").unwrap();
        assert_eq!(
            head_content(dir.path(), "d/x").unwrap(),
            Some(b"hi".to_vec())
        );
    }
}
