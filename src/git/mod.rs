//! The one user of git2. Plain functions that take a workspace path; no git
//! type leaves this module.
//!
//! Commits are built from HEAD's tree plus exactly the files factdesk wrote,
//! in an in-memory index, so the user's staged and unstaged work is never
//! swept into a factdesk commit.

mod bulk;
mod fsync;
pub mod history;
mod hooks;
mod ident;
pub mod index_file;
mod index_seen;
pub mod last;
pub mod lock;
mod sha1_marks;
mod sign;
pub mod sync;
pub mod trace;
pub mod trailers;
pub mod tree;
mod tree_bytes;
pub mod txn;
mod walk;

use git2::{Repository, RepositoryState};
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
    /// HEAD names no branch: a commit would land on no branch, unseen.
    #[error("HEAD is detached (no branch is checked out), so a factdesk commit would belong to no branch; check one out (`git switch main`, or `git switch -c my-work` to keep this state) and run the command again; nothing was written")]
    Detached,
    /// The branch has no commit yet (e.g. after `git checkout --orphan`).
    #[error("the branch `{0}` has no commits yet, so a factdesk commit would hold one file and nothing else of the workspace; commit the workspace first (`git add -A && git commit`), then run the command again; nothing was written")]
    Unborn(String),
    /// No `user.name`/`user.email` configured.
    #[error("git does not know who you are, and every factdesk change is signed with your git identity; run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org` (or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL)")]
    NoIdentity,
    /// The workspace lies outside the repository's work tree.
    #[error("{} is not inside the work tree of its git repository", .0.display())]
    OutsideWorkTree(PathBuf),
    /// A lock is held: factdesk's own, or git's index or branch lock.
    #[error("{} is locked: {holder}; {hint}", .path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// Who holds it, as far as is known.
        holder: String,
        /// What to do.
        hint: String,
    },
    /// The operating system refused a read or write.
    #[error("{}: {source}; {}", .path.display(), io_hint(.source))]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A path factdesk would read or write is a link, lies behind one, or
    /// is not a regular file.
    #[error("{} is a symbolic link, lies behind one, or is not a regular file; factdesk never reads or writes through links. Nothing was written", .0.display())]
    Link(PathBuf),
    /// Someone else changed a file factdesk is about to write.
    #[error("{}: changed on disk by someone else since factdesk read it; nothing was written", .0.display())]
    ChangedOnDisk(PathBuf),
    /// The user staged a version of a file that is neither HEAD's nor the
    /// one on disk: factdesk cannot tell which one they mean.
    #[error("{0} has staged changes that differ from the file on disk; commit them, or unstage them (`git restore --staged {0}`), then run the command again; nothing was written")]
    StagedDiffers(String),
    /// A `pre-commit` or `commit-msg` hook refused the commit.
    #[error("the {name} hook refused the commit; nothing was written. It said:\n{output}")]
    Hook {
        /// The hook's name.
        name: String,
        /// What it printed.
        output: String,
    },
    /// The `pre-commit` hook changed what was staged.
    #[error("the pre-commit hook changed the files factdesk was committing; factdesk writes its files in canonical form, so nothing was written. Make the hook leave cases/ alone, or run with --no-verify")]
    HookChangedFiles,
    /// Signing the commit failed.
    #[error(transparent)]
    Sign(#[from] sign::SignError),
    /// Anything else libgit2 reported, with its cause kept.
    #[error("git: {}", .0.message())]
    Lib(#[source] git2::Error),
    /// Anything else, phrased by factdesk.
    #[error("git: {0}")]
    Other(String),
}

fn io_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => "factdesk needs to write there (its lock, journal and git's objects live in .git); check the permissions (`ls -ld`) or run as the repository's owner. Nothing was written",
        K::StorageFull | K::QuotaExceeded => "the disk is full; free some space and run the command again. Nothing was written",
        _ => "nothing was written",
    }
}

impl GitError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// True when the machine, not the request, is at fault (a lock held,
    /// a disk full, a read-only `.git`, a signing program missing): the
    /// CLI exits 3 for these.
    pub fn is_environment(&self) -> bool {
        match self {
            Self::Locked { .. } | Self::Io { .. } | Self::Sign(_) => true,
            Self::Lib(e) => {
                matches!(
                    e.class(),
                    git2::ErrorClass::Os | git2::ErrorClass::Filesystem | git2::ErrorClass::Odb
                ) || e.code() == git2::ErrorCode::Locked
            }
            _ => false,
        }
    }

    /// True when the repository's state or the team's rules refuse the
    /// change (mid-merge, detached, a hook said no): the CLI exits 1.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::Busy(_)
                | Self::Detached
                | Self::Unborn(_)
                | Self::StagedDiffers(_)
                | Self::Hook { .. }
                | Self::HookChangedFiles
                | Self::ChangedOnDisk(_)
                | Self::Link(_)
        )
    }
}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> Self {
        Self::Lib(e)
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
    idle(&locate(ws_root)?.repo)
}

/// The cheap half of [`ensure_idle`]: refuses a merge, rebase or similar
/// in progress (a few `stat` calls) without reading the index for
/// conflicts. For a first screen that must not wait on a 30 MB index; the
/// change itself still runs the full check.
pub fn ensure_no_operation(ws_root: &Path) -> Result<(), GitError> {
    no_operation(&locate(ws_root)?.repo)
}

pub(crate) fn no_operation(repo: &Repository) -> Result<(), GitError> {
    let what = match repo.state() {
        RepositoryState::Clean | RepositoryState::Bisect => None,
        RepositoryState::Merge => Some("merge"),
        RepositoryState::Revert | RepositoryState::RevertSequence => Some("revert"),
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => Some("cherry-pick"),
        RepositoryState::Rebase
        | RepositoryState::RebaseInteractive
        | RepositoryState::RebaseMerge => Some("rebase"),
        RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => Some("git am"),
    };
    match what {
        Some(w) => Err(GitError::Busy(w.into())),
        None => Ok(()),
    }
}

/// [`ensure_idle`] on an open repository.
fn idle(repo: &Repository) -> Result<(), GitError> {
    no_operation(repo)?;
    refuse_conflicts(&repo.index()?)
}

/// Refuses an index that holds unresolved conflicts (a merge whose state
/// files are gone, a conflicted `git stash pop`).
fn refuse_conflicts(index: &git2::Index) -> Result<(), GitError> {
    if index.has_conflicts() {
        return Err(conflicts_error());
    }
    Ok(())
}

/// The refusal for an index with unresolved conflicts.
fn conflicts_error() -> GitError {
    GitError::Busy("merge (the index has unresolved conflicts)".into())
}

/// The files whose `stat` changes when git writes the index, moves HEAD, or
/// starts or ends a merge, rebase, cherry-pick, revert or `git am`.
const STATE_FILES: [&str; 9] = [
    "index",
    "HEAD",
    "MERGE_HEAD",
    "CHERRY_PICK_HEAD",
    "REVERT_HEAD",
    "rebase-merge",
    "rebase-apply",
    "sequencer",
    "AM_HEAD",
];

/// One file's `stat`: size, modification time and (on Unix) inode. git
/// replaces the index by renaming a new file over it, so a rewrite always
/// changes the inode even within one clock tick.
type FileStamp = Option<(u64, Option<std::time::SystemTime>, u64)>;

fn file_stamp(path: &Path) -> FileStamp {
    let m = std::fs::symlink_metadata(path).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    Some((m.len(), m.modified().ok(), ino))
}

/// Follows whether the repository is idle without reading the index each
/// time: [`ensure_idle`] parses and checksums the whole index (30 MB in a
/// 20,000-case archive), so a TUI calling it once a second burns a core.
/// [`IdleWatch::poll`] costs a few `stat` calls and reads the index only
/// after git changed one of the state files.
#[derive(Debug)]
pub struct IdleWatch {
    git_dir: std::path::PathBuf,
    last: Option<Vec<FileStamp>>,
}

impl IdleWatch {
    /// Watches the repository holding `ws_root`. Nothing is checked yet:
    /// the first [`Self::poll`] does.
    pub fn new(ws_root: &Path) -> Result<Self, GitError> {
        Ok(IdleWatch {
            git_dir: git_dir(ws_root)?,
            last: None,
        })
    }

    fn stamps(&self) -> Vec<FileStamp> {
        STATE_FILES
            .iter()
            .map(|f| file_stamp(&self.git_dir.join(f)))
            .collect()
    }

    /// `None` when no state file changed since the last poll (the last
    /// answer still holds); otherwise [`ensure_idle`]'s answer now.
    pub fn poll(&mut self, ws_root: &Path) -> Option<Result<(), GitError>> {
        let now = self.stamps();
        if self.last.as_ref() == Some(&now) {
            return None;
        }
        let answer = ensure_idle(ws_root);
        // Stamped before the check: a change while it ran is seen next time.
        self.last = Some(now);
        Some(answer)
    }
}

/// Refuses a detached HEAD or a branch with no commits: a factdesk commit
/// there would belong to no branch, or hold one file of the workspace.
pub fn ensure_on_branch(ws_root: &Path) -> Result<(), GitError> {
    let loc = locate(ws_root)?;
    match txn::branch(&loc.repo)? {
        (_, Some(_)) => Ok(()),
        (name, None) => Err(GitError::Unborn(
            name.strip_prefix("refs/heads/").unwrap_or(&name).into(),
        )),
    }
}

/// Who makes changes here, by git's rules for a commit's author
/// (`GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, then config): the name factdesk
/// records as `by` and compares for two-person review. Uses the user's
/// global config when `ws_root` is not in a repository yet.
pub fn identity(ws_root: &Path) -> Result<Identity, GitError> {
    let cfg = match locate(ws_root) {
        Ok(loc) => loc.repo.config(),
        Err(_) => git2::Config::open_default(),
    }
    .map_err(|_| GitError::NoIdentity)?;
    let sig = ident::signature(&cfg, ident::Role::Author)?;
    match (sig.name(), sig.email()) {
        (Ok(n), Ok(e)) if !n.trim().is_empty() => Ok(Identity {
            name: n.to_string(),
            email: e.to_string(),
        }),
        _ => Err(GitError::NoIdentity),
    }
}

/// Runs `f` without libgit2 re-hashing each object it reads (its strict
/// verification, on by default). git itself does not re-hash on read, and
/// zlib's checksum still catches damaged bytes; but libgit2 hashes with the
/// collision-detecting SHA-1, and the 1.2 MB `cases/` tree of a
/// 20,000-case archive cost 4 ms at each read. A process-wide switch,
/// restored to libgit2's default afterwards (as [`walk::walk`] does).
pub(crate) fn without_rehash<T>(f: impl FnOnce() -> T) -> T {
    git2::opts::strict_hash_verification(false);
    let result = f();
    git2::opts::strict_hash_verification(true);
    result
}

/// The content of a workspace-relative file at HEAD, or `None` when HEAD
/// does not have it (or there is no commit yet).
pub fn head_content(ws_root: &Path, rel: &str) -> Result<Option<Vec<u8>>, GitError> {
    without_rehash(|| head_content_inner(ws_root, rel))
}

fn head_content_inner(ws_root: &Path, rel: &str) -> Result<Option<Vec<u8>>, GitError> {
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

/// Commits exactly `files` (workspace-relative path, content) on top of
/// HEAD in one transaction ([`txn`]), writing them to the work tree too,
/// over whatever is there now. For tests and tools; factdesk's mutations
/// use [`txn::begin`] so that what they read is what they replace.
pub fn commit_files(
    ws_root: &Path,
    files: &[(String, Vec<u8>)],
    message: &str,
) -> Result<String, GitError> {
    let t = txn::begin(ws_root, "commit", &|_| {})?;
    let changes: Vec<crate::store::FileChange> = files
        .iter()
        .map(|(rel, bytes)| crate::store::FileChange {
            expected: std::fs::read(ws_root.join(rel)).ok(),
            rel_path: rel.clone(),
            content: bytes.clone().into(),
        })
        .collect();
    let opts = txn::CommitOptions {
        no_verify: false,
        allow_unborn: true,
    };
    Ok(t.commit(&changes, message, opts)?.id)
}

/// A repository in a temporary folder with `name` as its git identity,
/// for the tests of this room.
#[cfg(test)]
pub(crate) fn test_repo(name: &str) -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    let mut cfg = repo.config().unwrap();
    cfg.set_str("user.name", name).unwrap();
    cfg.set_str("user.email", "editor@example.org").unwrap();
    (dir, repo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn repo() -> (tempfile::TempDir, Repository) {
        test_repo("Test Editor")
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

    /// The watch answers once, stays quiet while nothing moves, and sees a
    /// merge starting and a conflict written into the index.
    #[test]
    fn idle_watch_reads_the_index_only_after_git_changed_it() {
        let (dir, repo) = repo();
        commit_files(dir.path(), &[("a".into(), b"1".to_vec())], "m").unwrap();
        let mut w = IdleWatch::new(dir.path()).unwrap();
        assert!(matches!(w.poll(dir.path()), Some(Ok(()))));
        assert!(w.poll(dir.path()).is_none(), "nothing moved");
        fs::write(
            dir.path().join(".git/MERGE_HEAD"),
            "0000000000000000000000000000000000000000\n",
        )
        .unwrap();
        assert!(matches!(w.poll(dir.path()), Some(Err(GitError::Busy(_)))));
        fs::remove_file(dir.path().join(".git/MERGE_HEAD")).unwrap();
        assert!(matches!(w.poll(dir.path()), Some(Ok(()))));
        // A conflict left in the index with no merge state (as `git stash
        // pop` leaves one): only the index changes.
        let mut idx = repo.index().unwrap();
        let mut entry = idx.get_path(Path::new("a"), 0).unwrap();
        idx.remove_path(Path::new("a")).unwrap();
        for stage in 1..=3u16 {
            entry.flags = (entry.flags & !0x3000) | (stage << 12);
            idx.add(&entry).unwrap();
        }
        idx.write().unwrap();
        assert!(matches!(w.poll(dir.path()), Some(Err(GitError::Busy(_)))));
        assert!(w.poll(dir.path()).is_none());
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
