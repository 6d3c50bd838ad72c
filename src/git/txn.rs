//! Every factdesk change is one transaction: all of it lands (commit, work
//! tree and index agree) or none of it does, whatever instant the process
//! is killed at, and whoever else is writing.
//!
//! The protocol, in order (docs/design.md tells the why):
//!
//! 1. [`begin`] takes the workspace lock (`.git/factdesk.lock`), then
//!    finishes or undoes a change a killed command left in the journal.
//!    The caller reads the files it will change only after this.
//! 2. [`Txn::commit`] writes the blobs, checks that git's ref lock is free,
//!    and writes the journal (`.git/factdesk-journal.json`): the paths with
//!    the blob each held before and the blob it will hold.
//! 3. It takes git's own index lock (`.git/index.lock`, as `git commit`
//!    does), refuses if the user staged something else for these paths,
//!    writes the work-tree files atomically, and prepares the new index in
//!    the lock file.
//! 4. It builds the tree from HEAD's, changing only the trees on the
//!    changed paths (at the same time as the new index is written, on
//!    another thread; both are joined here), runs the `pre-commit` and
//!    `commit-msg` hooks, creates the commit (signed when `commit.gpgsign`
//!    says so) and records it in the journal.
//! 5. It moves the branch with a compare-and-swap: this is the commit
//!    point. Then the prepared index replaces `.git/index`, `post-commit`
//!    runs, and the journal is removed.
//!
//! A failure before the commit point undoes steps 2–4 (the work-tree files
//! get their old content back). A kill at any point is repaired by the next
//! [`begin`]: if the branch holds the journal's commit the change is
//! finished, otherwise it is undone.

use super::bulk::{EarlyWriteback, Mapped};
use super::index_file::{checksum_marks, Change, IndexFile, NewEntry};
use super::sha1_marks::Marks;
use super::{hooks, ident, locate, lock, sign, GitError};
use crate::store::{atomic, Content, FileChange};
use git2::{Index, IndexEntry, IndexTime, Oid, Repository, Tree};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The journal's name inside the git directory.
pub const JOURNAL_FILE: &str = "factdesk-journal.json";

/// How long to wait for git's own locks (index, branch) held by a git
/// command that is running right now.
const GIT_LOCK_WAIT: Duration = Duration::from_secs(2);

/// What a killed change left behind: enough to finish or undo it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    /// Process that wrote it (its temp files carry this pid).
    pid: u32,
    /// The commit subject, to say what was recovered.
    subject: String,
    /// The branch being moved, e.g. `refs/heads/main`.
    branch: String,
    /// Where the branch pointed before (`None`: unborn).
    old_head: Option<String>,
    /// The new commit, recorded just before the branch moves.
    commit: Option<String>,
    /// Whether `.git/index.lock` may be ours.
    index_locked: bool,
    /// The files, repository-relative.
    files: Vec<JournalFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct JournalFile {
    path: String,
    /// Blob of the work-tree content before (`None`: absent).
    before: Option<String>,
    /// Blob of the new content.
    new: String,
    /// Blob at the old HEAD (`None`: not in HEAD).
    head: Option<String>,
}

/// How a commit may be made.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitOptions {
    /// Skip `pre-commit` and `commit-msg`, like `git commit --no-verify`.
    pub no_verify: bool,
    /// Allow the first commit of an unborn branch (only `factdesk init`,
    /// whose commit holds the whole new workspace).
    pub allow_unborn: bool,
}

/// A committed change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The commit id (hex).
    pub id: String,
    /// Things the user should know (a staged edit included, hook output).
    pub notices: Vec<String>,
}

/// The name, in the git directory, of the index the last change replaced.
/// Freeing a large file's blocks is slow on some file systems (30 ms for
/// a 33 MB index on ext4 mounted with `discard`, paid by whoever drops
/// its last name or mapping): each change keeps the index it replaces
/// under this name and frees the previous one on another thread, beside
/// its new index and tree. Only a second name of a file nothing uses any
/// more; removing it loses nothing.
const OLD_INDEX: &str = "factdesk-old-index";

/// An open transaction: the workspace lock is held until it is dropped or
/// committed, so everything read meanwhile is what gets changed.
pub struct Txn {
    repo: Repository,
    prefix: String,
    _lock: lock::WorkspaceLock,
}

/// Takes the workspace lock (waiting for another factdesk command, and
/// telling `notify` whom it waits for), then repairs a change a killed
/// command left half-done, telling `notify` what it did in one line.
pub fn begin(ws_root: &Path, what: &str, notify: &dyn Fn(&str)) -> Result<Txn, GitError> {
    let loc = locate(ws_root)?;
    let lock = lock::acquire(loc.repo.path(), what, lock::timeout_from_env(), notify)?;
    super::trace::phase("workspace lock");
    sweep_scratch(loc.repo.path());
    if let Some(msg) = recover(&loc.repo)? {
        notify(&msg);
    }
    Ok(Txn {
        repo: loc.repo,
        prefix: loc.prefix,
        _lock: lock,
    })
}

/// Repairs an interrupted change without keeping the lock: for commands
/// that only read. Cheap when there is nothing to repair (one `stat`).
pub fn recover_if_needed(ws_root: &Path, notify: &dyn Fn(&str)) -> Result<(), GitError> {
    let Ok(loc) = locate(ws_root) else {
        return Ok(());
    };
    if !loc.repo.path().join(JOURNAL_FILE).exists() {
        return Ok(());
    }
    begin(ws_root, "recovery", notify).map(drop)
}

/// One file of the change, planned.
struct Planned<'a> {
    /// Repository-relative path.
    path: String,
    abs: PathBuf,
    /// The new content, when the caller holds it (`None`: a blob already
    /// stored, read back from the repository when the file is written).
    bytes: Option<&'a [u8]>,
    before: Option<Vec<u8>>,
    new: Oid,
    head: Option<Oid>,
}

/// From this many files on, a change's blobs go into one pack file rather
/// than a loose object file each: a new case of a long article holds tens
/// of thousands of claim files, and a loose object costs a handful of
/// system calls (temporary file, rename, folder checks) apiece.
const PACK_FROM: usize = 256;

/// Blobs per pack written by [`BlobPacker`]: the in-memory backend holds
/// a batch's raw blobs until its pack is written, so the batch bounds that
/// copy (a few MB) whatever the size of the change.
const PACK_BATCH: usize = 8192;

/// Writes many blobs as packs of [`PACK_BATCH`] blobs rather than a loose
/// object file each. A repository handle of its own gets the in-memory
/// object backend (a fresh one per pack, dropped once the pack is written),
/// so nothing else the transaction writes (trees, the commit) can be left
/// in memory. Each pack is indexed into `objects/pack` before [`Txn::commit`]
/// names any of its blobs; blobs added after the last flush exist only
/// once [`BlobPacker::finish`] returns.
pub struct BlobPacker<'t> {
    git_dir: PathBuf,
    /// The handle holding the current batch in memory (`None`: no batch).
    repo: Option<Repository>,
    pending: Vec<Oid>,
    /// Borrowed from the open transaction: blobs are written only under
    /// its lock.
    _txn: std::marker::PhantomData<&'t Txn>,
}

impl BlobPacker<'_> {
    fn open(git_dir: &Path) -> Self {
        BlobPacker {
            git_dir: git_dir.to_path_buf(),
            repo: None,
            pending: Vec::new(),
            _txn: std::marker::PhantomData,
        }
    }

    /// Adds one blob; returns its id (hex), to be given to [`Txn::commit`]
    /// as [`Content::Stored`].
    pub fn add(&mut self, bytes: &[u8]) -> Result<String, GitError> {
        Ok(self.add_oid(bytes)?.to_string())
    }

    fn add_oid(&mut self, bytes: &[u8]) -> Result<Oid, GitError> {
        let repo = match &mut self.repo {
            Some(r) => r,
            None => {
                let repo = Repository::open(&self.git_dir)?;
                repo.odb()?.add_new_mempack_backend(1000)?;
                self.repo.insert(repo)
            }
        };
        let id = repo.blob(bytes)?;
        self.pending.push(id);
        if self.pending.len() >= PACK_BATCH {
            self.flush()?;
        }
        Ok(id)
    }

    /// Writes the blobs added since the last pack as one pack file.
    fn flush(&mut self) -> Result<(), GitError> {
        use std::io::Write;
        let Some(repo) = self.repo.take() else {
            return Ok(());
        };
        // `Mempack::dump` packs only what commits reach, so the blobs are
        // named one by one.
        let mut builder = repo.packbuilder()?;
        for id in &self.pending {
            builder.insert_object(*id, None)?;
        }
        let mut pack = git2::Buf::new();
        builder.write_buf(&mut pack)?;
        drop(builder);
        let odb = repo.odb()?;
        let mut writer = odb.packwriter()?;
        writer
            .write_all(&pack)
            .map_err(|e| GitError::io(&self.git_dir.join("objects/pack"), e))?;
        writer.commit()?;
        self.pending.clear();
        // Dropping the handle frees its in-memory backend.
        Ok(())
    }

    /// Writes the blobs not yet in a pack. Blobs of a packer dropped
    /// without it are lost, and a commit naming them is refused.
    pub fn finish(mut self) -> Result<(), GitError> {
        self.flush()
    }
}

/// What has been done so far, for undoing it.
#[derive(Default)]
struct Undo {
    index_lock: Option<PathBuf>,
    written: Vec<usize>,
    temp: Vec<PathBuf>,
}

impl Txn {
    /// Refuses a merge, rebase or similar under way, by `stat` (the cheap
    /// half of [`super::ensure_idle`]). The other half, unresolved
    /// conflicts in the index, is checked in [`Txn::commit`] on the one
    /// copy of the index the change reads anyway: at 20,000 cases the
    /// index is 30 MB, and reading it twice was most of a change's time.
    pub fn ensure_idle(&self) -> Result<(), GitError> {
        super::no_operation(&self.repo)
    }

    /// A writer of blobs for this transaction's change: a change of tens
    /// of thousands of files stores each as soon as it is made and gives
    /// [`Txn::commit`] only its id ([`Content::Stored`]).
    pub fn packer(&self) -> BlobPacker<'_> {
        BlobPacker::open(self.repo.path())
    }

    /// Commits `files` (workspace-relative, with the work-tree content each
    /// must still have) with `message`, bringing the work tree and index
    /// of exactly those paths up to date. All or nothing.
    pub fn commit(
        self,
        files: &[FileChange],
        message: &str,
        opts: CommitOptions,
    ) -> Result<Outcome, GitError> {
        // The trees on the changed paths are read, not re-hashed.
        super::without_rehash(|| self.commit_inner(files, message, opts))
    }

    fn commit_inner(
        self,
        files: &[FileChange],
        message: &str,
        opts: CommitOptions,
    ) -> Result<Outcome, GitError> {
        let repo = &self.repo;
        let git_dir = repo.path().to_path_buf();
        let (branch, old_head) = branch(repo)?;
        if old_head.is_none() && !opts.allow_unborn {
            return Err(GitError::Unborn(short_branch(&branch).into()));
        }
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::Other("the repository has no work tree".into()))?
            .to_path_buf();
        let old_commit = old_head.map(|id| repo.find_commit(id)).transpose()?;
        let old_tree = old_commit.as_ref().map(|c| c.tree()).transpose()?;
        // The index as it is now, read before its lock: the large trees of
        // HEAD it describes need not be read from the object database
        // (each is proven by its id), and the change itself uses these
        // bytes if the file is still the same once locked.
        let early = open_index(&git_dir.join("index"))?;
        let early_release = |part: &[u8]| {
            if let Some((m, _)) = &early {
                m.release(part);
            }
        };
        let early_parsed = early
            .as_ref()
            .and_then(|(m, _)| IndexFile::parse_releasing(m, &early_release).ok());
        super::trace::phase("index read");
        let odb = repo.odb()?;
        let mut trees = Trees::new(early_parsed.as_ref());
        let plan = self.plan(files, &workdir, &odb, old_tree.as_ref(), &mut trees)?;
        super::trace::phase("blobs and plan");
        wait_absent(
            &git_dir.join(format!("{branch}.lock")),
            "another git command is moving the branch",
        )?;
        let mut journal = Journal {
            pid: std::process::id(),
            subject: message.lines().next().unwrap_or("").to_string(),
            branch: branch.clone(),
            old_head: old_head.map(|o| o.to_string()),
            commit: None,
            index_locked: true,
            files: plan
                .iter()
                .map(|p| {
                    Ok(JournalFile {
                        path: p.path.clone(),
                        before: p
                            .before
                            .as_ref()
                            .map(|b| repo.blob(b).map(|o| o.to_string()))
                            .transpose()?,
                        new: p.new.to_string(),
                        head: p.head.map(|o| o.to_string()),
                    })
                })
                .collect::<Result<_, git2::Error>>()?,
        };
        write_journal(&git_dir, &journal)?;
        let mut undo = Undo::default();
        super::trace::phase("journal");
        let result = self.prepare_and_commit(
            &plan,
            &mut journal,
            &mut undo,
            message,
            opts,
            old_commit.as_ref(),
            old_tree.as_ref(),
            Early {
                index: early.as_ref(),
                parsed: early_parsed.as_ref(),
                odb: &odb,
                trees: &mut trees,
            },
        );
        match result {
            Ok((id, index_ready, mut notices, marks)) => {
                // The branch has moved: the change is committed. What is
                // left cannot lose it; a failure here is repaired by the
                // next command from the journal.
                let index_lock = git_dir.join("index.lock");
                if index_ready {
                    let index = git_dir.join("index");
                    // The replaced index keeps a name until the next
                    // change frees it off its path (`OLD_INDEX`). If the
                    // name cannot be made, the file is freed here.
                    let kept = git_dir.join(OLD_INDEX);
                    let keeping = fs::hard_link(&index, &kept).is_ok();
                    if let Err(e) = fs::rename(&index_lock, &index) {
                        if keeping {
                            let _ = fs::remove_file(&kept);
                        }
                        notices.push(format!(
                            "committed, but the index could not be updated ({e}); the next factdesk command will finish it"
                        ));
                        return Ok(Outcome {
                            id: id.to_string(),
                            notices,
                        });
                    }
                    super::index_seen::record(&git_dir, &marks);
                }
                super::trace::phase("index in place");
                // The history cache learns this commit by one appended
                // line (when its tip is our parent); any failure only
                // leaves it for the next `log` to extend.
                super::walk::append_commit(repo, &self.prefix, id);
                super::trace::phase("history cache");
                if let Ok(Some(run)) = hooks::run(repo, "post-commit", &[], &[]) {
                    if !run.output.trim().is_empty() {
                        notices.push(format!("post-commit: {}", run.output.trim()));
                    }
                }
                let _ = fs::remove_file(git_dir.join(JOURNAL_FILE));
                Ok(Outcome {
                    id: id.to_string(),
                    notices,
                })
            }
            Err(e) => {
                rollback(&plan, &undo);
                let _ = fs::remove_file(git_dir.join(JOURNAL_FILE));
                Err(e)
            }
        }
    }

    /// Blobs for the new contents (those given as bytes are written, those
    /// already stored are checked to exist), and the proof that each file
    /// still holds what the caller read.
    fn plan<'a, 'r>(
        &'r self,
        files: &'a [FileChange],
        workdir: &Path,
        odb: &git2::Odb<'_>,
        old_tree: Option<&Tree<'r>>,
        trees: &mut Trees<'_>,
    ) -> Result<Vec<Planned<'a>>, GitError> {
        let held = files.iter().filter(|f| f.content.bytes().is_some()).count();
        let mut packer = (held >= PACK_FROM).then(|| BlobPacker::open(self.repo.path()));
        let mut plan = Vec::with_capacity(files.len());
        for f in files {
            let path = format!("{}{}", self.prefix, f.rel_path);
            let abs = workdir.join(&path);
            let new = match (&f.content, &mut packer) {
                (Content::Bytes(b), Some(packer)) => packer.add_oid(b)?,
                (Content::Bytes(b), None) => self.repo.blob(b)?,
                (Content::Stored { id, len }, _) => {
                    let oid = Oid::from_str(id)?;
                    match odb.read_header(oid) {
                        Ok((size, git2::ObjectType::Blob)) if size as u64 == *len => oid,
                        _ => {
                            return Err(GitError::Other(format!(
                                "{path}: its content, blob {id} of {len} bytes, is not in the repository; nothing was written, run the command again"
                            )))
                        }
                    }
                }
            };
            let current = read_opt(workdir, &path)?;
            if current != f.expected {
                return Err(GitError::ChangedOnDisk(abs));
            }
            let head = match old_tree {
                Some(t) => id_at(odb, trees, t.id(), &path)?,
                None => None,
            };
            plan.push(Planned {
                new,
                path,
                abs,
                bytes: f.content.bytes(),
                before: current,
                head,
            });
        }
        if let Some(packer) = packer {
            packer.finish()?;
        }
        Ok(plan)
    }

    /// Steps 3 to 5. Returns the commit, whether the new index waits in
    /// `index.lock`, and notices.
    #[allow(clippy::too_many_arguments)]
    fn prepare_and_commit<'r>(
        &'r self,
        plan: &[Planned],
        journal: &mut Journal,
        undo: &mut Undo,
        message: &str,
        opts: CommitOptions,
        old_commit: Option<&git2::Commit<'_>>,
        old_tree: Option<&Tree<'r>>,
        early: Early<'_, '_>,
    ) -> Result<(Oid, bool, Vec<String>, Marks), GitError> {
        let repo = &self.repo;
        let git_dir = repo.path().to_path_buf();
        // git's index lock, held as `git commit` holds it.
        let index_lock = git_dir.join("index.lock");
        create_exclusive(&index_lock, "another git command is using the index")?;
        super::trace::phase("index lock");
        undo.index_lock = Some(index_lock.clone());
        // The index is read once; the new one is prepared in a scratch
        // file that replaces the content of git's lock file, which stays
        // held; it becomes `.git/index` at the commit point.
        let prepared = git_dir.join(format!("factdesk-index-{}", std::process::id()));
        undo.temp.push(prepared.clone());
        let index_path = git_dir.join("index");
        // The index read before the lock, if it is still that file.
        let now = match fs::metadata(&index_path) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(GitError::io(&index_path, e)),
        };
        let reuse = matches!((early.index, &now), (Some((_, before)), Some(now)) if super::index_seen::same_file(before, now));
        let fresh = if reuse || now.is_none() {
            None
        } else {
            open_index(&index_path)?
        };
        let current = if reuse { early.index } else { fresh.as_ref() };
        let release = |part: &[u8]| {
            if let Some((m, _)) = current {
                m.release(part);
            }
        };
        let fresh_parsed = fresh
            .as_ref()
            .and_then(|(m, _)| IndexFile::parse_releasing(m, &release).ok());
        // Version 4, a split or sparse index, an unknown required
        // extension, no index yet, or damage: libgit2 writes the new
        // index (and says what is wrong).
        let parsed = if reuse {
            early.parsed
        } else {
            fresh_parsed.as_ref()
        };
        // `seen`: the file is the one factdesk wrote, with the marks of
        // its hash (`index_seen`).
        let (old, index_mtime, seen) = match current {
            Some((bytes, meta)) => (
                Some(&bytes[..]),
                super::bulk::mtime_secs(meta),
                super::index_seen::unchanged(&git_dir, meta, bytes),
            ),
            None => (None, 0, None),
        };
        let proven = seen.is_some();
        super::trace::phase("index read");
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::Other("the repository has no work tree".into()))?;
        let changes: Vec<(&str, Oid)> = plan.iter().map(|p| (p.path.as_str(), p.new)).collect();
        let flush = super::fsync::index_flushed(repo);
        let mut freed = None;
        // The old file's checksum (a SHA-1 of 32 MB at 20,000 cases) is
        // checked on another core from the start, beside everything up
        // to the join below, unless the file is still the one factdesk
        // wrote and checksummed (`index_seen`). Its hash's marks are
        // handed to the new index's writer, which resumes from them
        // instead of hashing the same bytes again.
        let (to_index, from_check) = std::sync::mpsc::sync_channel::<Marks>(1);
        let (notices, tree, marks) = std::thread::scope(|s| {
            let release = &release;
            let sum = old.filter(|_| !proven).map(|bytes| {
                s.spawn(move || {
                    let (ok, marks) = checksum_marks(bytes, release);
                    // The writer may have stopped early: then no one reads.
                    let _ = to_index.send(marks);
                    ok
                })
            });
            let checking = sum.is_some();
            let prepared_ref = &prepared;
            let made = (|| {
                let notices = staged_notices(parsed, old, prepared_ref, plan)?;
                write_work_tree(repo, plan, undo)?;
                super::trace::phase("work tree");
                // The index the previous change replaced is freed on
                // another thread, beside the rest of this change
                // (`OLD_INDEX`). Its wait for the disk holds up any flush
                // meanwhile, so it starts after the work tree's.
                freed = Some({
                    let old = git_dir.join(OLD_INDEX);
                    std::thread::spawn(move || fs::remove_file(old))
                });
                // The marks to resume from: the record's, or the check's
                // once it is done (none if it failed or stopped).
                let resume = move || match seen {
                    Some(m) => Some(m),
                    None if checking => from_check.recv().ok(),
                    None => None,
                };
                let (tree, marks) = index_beside_tree(
                    || {
                        write_index(
                            parsed,
                            old,
                            index_mtime,
                            workdir,
                            prepared_ref,
                            plan,
                            resume,
                        )
                    },
                    || tree_with_read(early.odb, early.trees, "", old_tree.map(Tree::id), &changes),
                )?;
                Ok((notices, tree, marks))
            })();
            // A damaged index is the first thing to say (libgit2 checks
            // the files it parses itself).
            let checksum_ok = match (sum, parsed) {
                (Some(h), Some(_)) => h.join().unwrap_or(false),
                _ => true,
            };
            if !checksum_ok {
                return Err(GitError::Other(
                    "the index (.git/index) is damaged: its checksum does not match; nothing was written. `git status` shows git's view of it; `git reset` rebuilds it from HEAD".into(),
                ));
            }
            made
        })?;
        let tree = repo.find_tree(tree)?;
        super::trace::phase("index and tree joined");
        // When git would flush the index (`core.fsync`), the 33 MB of a
        // large one reach the disk while the hooks run and the commit is
        // made; the new index is moved into git's lock file only once it
        // is there.
        let synced = if flush {
            let file = fs::File::open(&prepared).map_err(|e| GitError::io(&prepared, e))?;
            Some(std::thread::spawn(move || file.sync_all()))
        } else {
            None
        };
        let mut message = message.to_string();
        if !opts.no_verify {
            self.pre_commit(&tree, undo)?;
            message = self.commit_msg(&message)?;
        }
        let id = self.create_commit(&tree, old_commit, &message)?;
        super::trace::phase("hooks and commit");
        synced
            .map_or(Ok(()), |s| {
                s.join()
                    .unwrap_or_else(|_| Err(io::Error::other("the index sync failed")))
            })
            .and_then(|()| fs::rename(&prepared, &index_lock))
            .map_err(|e| GitError::io(&index_lock, e))?;
        super::trace::phase("index synced");
        journal.commit = Some(id.to_string());
        journal_to_disk(&git_dir, journal, flush)?;
        self.move_branch(&journal.branch, old_commit, id, &message)?;
        super::trace::phase("branch moved");
        // Its name must be free before this change's replaced index takes
        // it; a failure only means that one is freed at once instead.
        if let Some(freed) = freed {
            let _ = freed.join();
        }
        Ok((id, true, notices, marks))
    }

    /// The commit object, signed when `commit.gpgsign` says so, with the
    /// author and committer git would use.
    fn create_commit(
        &self,
        tree: &Tree<'_>,
        parent: Option<&git2::Commit<'_>>,
        message: &str,
    ) -> Result<Oid, GitError> {
        let repo = &self.repo;
        let cfg = repo.config()?;
        let author = ident::signature(&cfg, ident::Role::Author)?;
        let committer = ident::signature(&cfg, ident::Role::Committer)?;
        let parents: Vec<&git2::Commit<'_>> = parent.into_iter().collect();
        let default_key = format!(
            "{} <{}>",
            committer.name().unwrap_or_default(),
            committer.email().unwrap_or_default()
        );
        let Some(signer) = sign::signer(&cfg, &default_key)? else {
            return Ok(repo.commit(None, &author, &committer, message, tree, &parents)?);
        };
        let buf = repo.commit_create_buffer(&author, &committer, message, tree, &parents)?;
        let content = buf
            .as_str()
            .map_err(|_| GitError::Other("the commit to sign is not UTF-8".into()))?;
        let sig = signer.sign(content)?;
        Ok(repo.commit_signed(content, &sig, Some("gpgsig"))?)
    }

    /// The commit point: the branch moves to `id` only if it still points
    /// at `old` (compare-and-swap), or is still unborn.
    fn move_branch(
        &self,
        branch: &str,
        old: Option<&git2::Commit<'_>>,
        id: Oid,
        message: &str,
    ) -> Result<(), GitError> {
        let repo = &self.repo;
        let ref_lock = repo.path().join(format!("{branch}.lock"));
        let who = "another git command is moving the branch";
        wait_absent(&ref_lock, who)?;
        let subject = message.lines().next().unwrap_or("");
        let moved = match old {
            Some(old) => {
                repo.reference_matching(branch, id, true, old.id(), &format!("commit: {subject}"))
            }
            None => repo.reference(branch, id, false, &format!("commit (initial): {subject}")),
        };
        match moved {
            Ok(_) => Ok(()),
            Err(e) if e.code() == git2::ErrorCode::Locked => Err(git_lock_held(&ref_lock, who)),
            Err(e) if matches!(e.code(), git2::ErrorCode::Modified | git2::ErrorCode::Exists) => {
                Err(GitError::Other(format!(
                    "{} moved while factdesk was committing (another program committed); nothing was written, run the command again",
                    short_branch(branch)
                )))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// `pre-commit`, seeing exactly this change staged (a temporary index
    /// of the new tree, as `git commit PATH…` does).
    fn pre_commit(&self, tree: &Tree<'_>, undo: &mut Undo) -> Result<(), GitError> {
        let repo = &self.repo;
        if hooks::find(repo, "pre-commit").is_none() {
            return Ok(());
        }
        let temp = repo
            .path()
            .join(format!("factdesk-hook-index-{}", std::process::id()));
        undo.temp.push(temp.clone());
        let mut idx = Index::open(&temp)?;
        idx.read_tree(tree)?;
        idx.write()?;
        let run = hooks::run(
            repo,
            "pre-commit",
            &[],
            &[
                ("GIT_INDEX_FILE", temp.as_os_str()),
                ("GIT_EDITOR", std::ffi::OsStr::new(":")),
            ],
        )
        .map_err(|e| GitError::io(&temp, e))?;
        if let Some(run) = run {
            if !run.success {
                return Err(GitError::Hook {
                    name: "pre-commit".into(),
                    output: run.output,
                });
            }
        }
        let mut after = Index::open(&temp)?;
        if after.write_tree_to(repo)? != tree.id() {
            return Err(GitError::HookChangedFiles);
        }
        let _ = fs::remove_file(&temp);
        Ok(())
    }

    /// `commit-msg` may edit the message, as with `git commit`.
    fn commit_msg(&self, message: &str) -> Result<String, GitError> {
        let repo = &self.repo;
        if hooks::find(repo, "commit-msg").is_none() {
            return Ok(message.to_string());
        }
        let file = repo.path().join("COMMIT_EDITMSG");
        fs::write(&file, message).map_err(|e| GitError::io(&file, e))?;
        let run = hooks::run(repo, "commit-msg", &[file.as_os_str()], &[])
            .map_err(|e| GitError::io(&file, e))?;
        if let Some(run) = run {
            if !run.success {
                return Err(GitError::Hook {
                    name: "commit-msg".into(),
                    output: run.output,
                });
            }
        }
        let edited = fs::read_to_string(&file).map_err(|e| GitError::io(&file, e))?;
        let mut out: String = edited
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n");
        out = out.trim().to_string();
        if out.is_empty() {
            return Err(GitError::Hook {
                name: "commit-msg".into(),
                output: "the hook left an empty commit message".into(),
            });
        }
        out.push('\n');
        Ok(out)
    }
}

/// The branch HEAD names and where it points (`None`: unborn). Refuses a
/// detached HEAD: a commit there would land on no branch, unseen.
pub(crate) fn branch(repo: &Repository) -> Result<(String, Option<Oid>), GitError> {
    if repo.head_detached()? {
        return Err(GitError::Detached);
    }
    let head = repo.find_reference("HEAD")?;
    let name = head
        .symbolic_target()
        .ok()
        .flatten()
        .ok_or(GitError::Detached)?
        .to_string();
    match repo.refname_to_id(&name) {
        Ok(id) => Ok((name, Some(id))),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok((name, None)),
        Err(e) => Err(e.into()),
    }
}

fn short_branch(name: &str) -> &str {
    name.strip_prefix("refs/heads/").unwrap_or(name)
}

/// What a change read before taking the index lock.
struct Early<'e, 'i> {
    /// The index file then (mapped) and its stat data.
    index: Option<&'e (Mapped, fs::Metadata)>,
    /// It, parsed (`None`: absent, or a kind only libgit2 reads).
    parsed: Option<&'e IndexFile<'i>>,
    odb: &'e git2::Odb<'e>,
    /// HEAD's trees read so far.
    trees: &'e mut Trees<'i>,
}

/// The index file mapped, with its stat data (`None`: there is none yet).
fn open_index(path: &Path) -> Result<Option<(Mapped, fs::Metadata)>, GitError> {
    match Mapped::open(path) {
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(GitError::io(path, e)),
    }
}

/// The work-tree content of `rel` (`None`: absent). Refuses a path that is
/// a link or lies behind one, or is not a regular file: a transaction
/// never reads or writes through a link, whatever was checked before.
fn read_opt(workdir: &Path, rel: &str) -> Result<Option<Vec<u8>>, GitError> {
    let path = workdir.join(rel);
    if !plain_path(workdir, rel) {
        return Err(GitError::Link(path));
    }
    match fs::read(&path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(GitError::io(&path, e)),
    }
}

/// True when no folder on the way to `rel` is a link and `rel` itself is
/// absent or a regular file.
fn plain_path(workdir: &Path, rel: &str) -> bool {
    crate::store::no_links_below(workdir, rel).is_ok()
        && match fs::symlink_metadata(workdir.join(rel)) {
            Ok(m) => m.file_type().is_file(),
            Err(e) => e.kind() == io::ErrorKind::NotFound,
        }
}

fn blob_id(bytes: &[u8]) -> Result<Oid, GitError> {
    Ok(Oid::hash_object(git2::ObjectType::Blob, bytes)?)
}

/// Waits for a lock file of git's to go away; refuses if it stays.
fn wait_absent(path: &Path, who: &str) -> Result<(), GitError> {
    let start = Instant::now();
    while path.exists() {
        if start.elapsed() >= GIT_LOCK_WAIT {
            return Err(git_lock_held(path, who));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// The refusal for a git lock file that stays: name it, and the fix.
fn git_lock_held(path: &Path, who: &str) -> GitError {
    GitError::Locked {
        path: path.to_path_buf(),
        holder: who.into(),
        hint: format!(
            "if no git command is running, a killed one left it behind: remove it (`rm {}`) and run the command again; nothing was written",
            path.display()
        ),
    }
}

/// Creates a lock file as git does (exclusive create), waiting briefly for
/// a running git command to release it.
fn create_exclusive(path: &Path, who: &str) -> Result<fs::File, GitError> {
    let start = Instant::now();
    loop {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(f) => return Ok(f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if start.elapsed() >= GIT_LOCK_WAIT {
                    return Err(git_lock_held(path, who));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(GitError::io(path, e)),
        }
    }
}

fn write_journal(git_dir: &Path, journal: &Journal) -> Result<(), GitError> {
    journal_to_disk(git_dir, journal, true)
}

/// The journal, flushed or not. The second write (the commit id, just
/// before the commit point) is flushed only with the index: a flush there
/// waits for the disk to take the new index, whose data the renames into
/// git's lock file have started writing (50 ms for 33 MB on the test
/// machine), and git flushes neither the index nor the branch it moves
/// next. A killed process leaves the journal whole either way; after a
/// power cut, the branch move that follows is not on the disk unless this
/// rename is (see `git::fsync`).
fn journal_to_disk(git_dir: &Path, journal: &Journal, flush: bool) -> Result<(), GitError> {
    let path = git_dir.join(JOURNAL_FILE);
    let bytes =
        serde_json::to_vec_pretty(journal).map_err(|e| GitError::Other(format!("journal: {e}")))?;
    let written = if flush {
        atomic::write_atomic(&path, &bytes)
    } else {
        atomic::replace_unflushed(&path, &bytes)
    };
    written.map_err(|e| GitError::io(&path, e))
}

/// Refuses when the user staged, for one of the planned paths, a version
/// that is neither HEAD's nor the file on disk (which the change builds
/// on): factdesk cannot tell which one they mean. A staged copy of the file
/// on disk is included, and said so. `staged` gives a path's stage-0 blob.
fn check_staged(
    staged: impl Fn(&str) -> Option<Oid>,
    plan: &[Planned],
) -> Result<Vec<String>, GitError> {
    let mut notices = Vec::new();
    for p in plan {
        let Some(s) = staged(&p.path) else {
            continue;
        };
        let before = p.before.as_deref().map(blob_id).transpose()?;
        if Some(s) != p.head && Some(s) != before && s != p.new {
            return Err(GitError::StagedDiffers(p.path.clone()));
        }
        if Some(s) != p.head && Some(s) == before {
            notices.push(format!(
                "included your staged edit to {} in this commit",
                p.path
            ));
        }
    }
    Ok(notices)
}

/// Writes the planned files, each atomically (in one durable batch when
/// there are many), noting each for undo before it is replaced. A stored
/// blob is read from the repository only when its file is written.
fn write_work_tree(repo: &Repository, plan: &[Planned], undo: &mut Undo) -> Result<(), GitError> {
    let mut changed = Vec::with_capacity(plan.len());
    for (i, p) in plan.iter().enumerate() {
        let same = match (p.bytes, p.before.as_deref()) {
            (_, None) => false,
            (Some(b), Some(before)) => before == b,
            (None, Some(before)) => blob_id(before)? == p.new,
        };
        if !same {
            changed.push(i);
        }
    }
    let paths: Vec<&Path> = changed.iter().map(|&i| plan[i].abs.as_path()).collect();
    let odb = repo.odb()?;
    // The file being made or replaced when it failed.
    let at = Cell::new(0);
    atomic::write_many(
        &paths,
        |k| {
            at.set(k);
            let p = &plan[changed[k]];
            match p.bytes {
                Some(b) => Ok(Cow::Borrowed(b)),
                None => odb
                    .read(p.new)
                    .map(|o| Cow::Owned(o.data().to_vec()))
                    .map_err(io::Error::other),
            }
        },
        |k| {
            at.set(k);
            undo.written.push(changed[k]);
        },
    )
    .map_err(|e| GitError::io(paths.get(at.get()).copied().unwrap_or(Path::new(".")), e))
}

/// Refuses conflicts and staged versions a change cannot include, from
/// the parsed index, or through libgit2 when it could not be parsed (a
/// copy of `old` opened at `scratch`); returns [`check_staged`]'s notices.
fn staged_notices(
    parsed: Option<&IndexFile<'_>>,
    old: Option<&[u8]>,
    scratch: &Path,
    plan: &[Planned],
) -> Result<Vec<String>, GitError> {
    match parsed {
        Some(idx) => {
            if idx.has_conflicts() {
                return Err(super::conflicts_error());
            }
            check_staged(
                |path| {
                    idx.find(path.as_bytes())
                        .and_then(|f| Oid::from_bytes(&f.oid).ok())
                },
                plan,
            )
        }
        None => {
            let index = open_copy(old, scratch)?;
            super::refuse_conflicts(&index)?;
            check_staged(
                |path| index.get_path(Path::new(path), 0).map(|e| e.id),
                plan,
            )
        }
    }
}

/// The new index (patch, checksum, write) and the new tree (libgit2
/// rebuilding and compressing the 1.2 MB `cases/` tree) need nothing of
/// each other: they are made at the same time, the index on another
/// thread (it needs no libgit2 object), the tree on this one, where the
/// repository is. Both are joined before anything else happens; a failure
/// of either is a failure of the change, rolled back as any other. Gives
/// the tree and what the index's side gave.
fn index_beside_tree<T: Send>(
    index: impl FnOnce() -> Result<T, GitError> + Send,
    tree: impl FnOnce() -> Result<Oid, GitError>,
) -> Result<(Oid, T), GitError> {
    let (written, tree) = std::thread::scope(|s| {
        let written = s.spawn(|| {
            let r = index();
            super::trace::phase("index written");
            r
        });
        let tree = tree();
        super::trace::phase("tree");
        (written.join(), tree)
    });
    let written =
        written.unwrap_or_else(|_| Err(GitError::Other("writing the index failed".into())))?;
    Ok((tree?, written))
}

/// The new index at `scratch`: `idx` (the parsed bytes `old`) patched
/// with the planned entries, or libgit2's when there is no `idx` or a
/// path clashes with a folder in it. Runs once the work tree is written
/// (the entries carry the files' stat data); needs no libgit2 object, so
/// it can run beside the tree build. `resume` gives the marks of the old
/// file's hash, when known (asked only just before the new file is
/// hashed, as the old one may still be being checked). Gives the marks of
/// the new file's hash (none when libgit2 wrote it).
fn write_index(
    idx: Option<&IndexFile<'_>>,
    old: Option<&[u8]>,
    index_mtime: u32,
    workdir: &Path,
    scratch: &Path,
    plan: &[Planned],
    resume: impl FnOnce() -> Option<Marks>,
) -> Result<Marks, GitError> {
    let Some(idx) = idx else {
        return libgit2_index(old, scratch, plan).map(|()| Marks::default());
    };
    let changes = plan
        .iter()
        .map(|p| Ok(Change::Upsert(new_entry(p)?)))
        .collect::<Result<Vec<_>, GitError>>()?;
    let smudge = smudged(workdir, idx, index_mtime, plan);
    let _ = fs::remove_file(scratch);
    let file = fs::File::create(scratch).map_err(|e| GitError::io(scratch, e))?;
    // Writeback starts as the file is written, flushed or not: renaming
    // it over git's lock file would otherwise start all of it at once
    // (ext4's `auto_da_alloc`), 15 ms on the commit's path.
    let marks = resume();
    match idx.patch_to(
        &changes,
        &smudge,
        marks.as_ref(),
        &mut EarlyWriteback::new(file),
    ) {
        Ok(written) => written.map_err(|e| GitError::io(scratch, e)),
        // A path clashing with a folder in the index: libgit2 replaces
        // what clashes.
        Err(_) => libgit2_index(old, scratch, plan).map(|()| Marks::default()),
    }
}

/// At most this many racily clean files are read to see whether they
/// changed; beyond it (a fresh clone's checkout, whose last second of
/// files is racy) they are smudged unread, and git reads them once later.
const RACY_READS: usize = 256;

/// The entries (positions) to write with size 0: racily clean ones
/// (modified in the second the old index was written, or later; git
/// compares whole seconds) whose file now differs though its size and
/// seconds match, which a new, later index would otherwise make look clean
/// for good. git and libgit2 do the same when they write an index.
/// Entries for the planned paths are written anew and left out.
fn smudged(workdir: &Path, idx: &IndexFile<'_>, index_mtime: u32, plan: &[Planned]) -> Vec<usize> {
    let planned: std::collections::HashSet<&[u8]> =
        plan.iter().map(|p| p.path.as_bytes()).collect();
    let racy: Vec<_> = idx
        .racy(index_mtime)
        .into_iter()
        .filter(|r| !planned.contains(r.path))
        .collect();
    let read_all = racy.len() <= RACY_READS;
    racy.into_iter()
        .filter(|r| !read_all || racily_changed(workdir, r))
        .map(|r| r.index)
        .collect()
}

/// Whether a racily clean entry's file may differ from its blob while its
/// stat data, to the second, does not show it. A file whose size or
/// seconds differ is seen by git itself; anything unreadable is smudged.
fn racily_changed(workdir: &Path, r: &super::index_file::Racy<'_>) -> bool {
    let Ok(rel) = std::str::from_utf8(r.path) else {
        return true;
    };
    let abs = workdir.join(rel);
    let Ok(meta) = fs::symlink_metadata(&abs) else {
        return false;
    };
    if !meta.is_file() {
        return true;
    }
    if super::bulk::mtime_secs(&meta) != r.mtime.0 || meta.len() as u32 != r.size {
        return false;
    }
    match fs::read(&abs) {
        Ok(bytes) => blob_id(&bytes).map_or(true, |id| id.as_bytes() != r.oid),
        Err(_) => true,
    }
}

/// The index bytes `old` (an empty index when there is none yet) copied
/// to `scratch` and opened there: the user's index is never written in
/// place.
fn open_copy(old: Option<&[u8]>, scratch: &Path) -> Result<Index, GitError> {
    let _ = fs::remove_file(scratch);
    if let Some(old) = old {
        fs::write(scratch, old).map_err(|e| GitError::io(scratch, e))?;
    }
    Ok(Index::open(scratch)?)
}

/// The new index at `scratch` made by libgit2: `old` with the planned
/// entries added (what clashes with them removed). For indexes the byte
/// patcher does not handle.
fn libgit2_index(old: Option<&[u8]>, scratch: &Path, plan: &[Planned]) -> Result<(), GitError> {
    let mut index = open_copy(old, scratch)?;
    for p in plan {
        index.add(&index_entry(p)?)?;
    }
    Ok(index.write()?)
}

fn index_entry(p: &Planned) -> Result<IndexEntry, GitError> {
    let meta = fs::metadata(&p.abs).map_err(|e| GitError::io(&p.abs, e))?;
    Ok(entry_from(&p.path, p.new, &meta))
}

/// The patcher's entry for a planned file: the same fields as
/// [`entry_from`], as libgit2 would write them.
fn new_entry(p: &Planned) -> Result<NewEntry, GitError> {
    let e = index_entry(p)?;
    let mut oid = [0u8; 20];
    oid.copy_from_slice(e.id.as_bytes());
    Ok(NewEntry {
        path: e.path,
        oid,
        mode: e.mode,
        ctime: (e.ctime.seconds() as u32, e.ctime.nanoseconds()),
        mtime: (e.mtime.seconds() as u32, e.mtime.nanoseconds()),
        dev: e.dev,
        ino: e.ino,
        uid: e.uid,
        gid: e.gid,
        size: e.file_size,
    })
}

/// An index entry for `path` at blob `id`, with the file's stat data.
fn entry_from(path: &str, id: Oid, meta: &fs::Metadata) -> IndexEntry {
    #[cfg(unix)]
    let (ctime, mtime, dev, ino, uid, gid, mode) = {
        use std::os::unix::fs::MetadataExt;
        let exec = meta.mode() & 0o111 != 0;
        (
            IndexTime::new(meta.ctime() as i32, meta.ctime_nsec() as u32),
            IndexTime::new(meta.mtime() as i32, meta.mtime_nsec() as u32),
            meta.dev() as u32,
            meta.ino() as u32,
            meta.uid(),
            meta.gid(),
            if exec { 0o100755 } else { 0o100644 },
        )
    };
    #[cfg(not(unix))]
    let (ctime, mtime, dev, ino, uid, gid, mode) = (
        IndexTime::new(0, 0),
        IndexTime::new(0, 0),
        0,
        0,
        0,
        0,
        0o100644,
    );
    IndexEntry {
        ctime,
        mtime,
        dev,
        ino,
        mode,
        uid,
        gid,
        file_size: meta.len().min(u32::MAX as u64) as u32,
        id,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// An index entry without stat data: git re-reads the file to compare.
fn bare_entry(path: &str, id: Oid) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// Trees of at least this many bytes are taken from the index's cache
/// tree when it describes them (checked by their id); smaller ones cost
/// less to read from the object database than to find there.
const LARGE_TREE: usize = 64 * 1024;

/// Trees read during one change, as bytes, by id: the `cases/` tree of a
/// large archive (20,000 entries, 1.2 MB) is read once, not once to find
/// the changed paths' blobs in HEAD and again to build the new tree. A
/// large tree comes from the index's cache tree when that describes it
/// ([`IndexFile::tree_of`]): on a fresh clone the object database holds
/// it at the end of a chain of up to 50 deltas, which libgit2 inflates and
/// applies one by one.
struct Trees<'i> {
    read: std::collections::HashMap<Oid, std::rc::Rc<Vec<u8>>>,
    /// The index as read before the change (a hint: whatever it gives is
    /// proven by its id).
    index: Option<&'i IndexFile<'i>>,
    /// How many trees the index gave (for the trace and the tests).
    from_index: usize,
}

impl<'i> Trees<'i> {
    fn new(index: Option<&'i IndexFile<'i>>) -> Self {
        Trees {
            read: Default::default(),
            index,
            from_index: 0,
        }
    }

    /// The content of tree `id`, which is the folder `dir` of HEAD's tree.
    fn get(
        &mut self,
        odb: &git2::Odb<'_>,
        dir: &str,
        id: Oid,
    ) -> Result<std::rc::Rc<Vec<u8>>, GitError> {
        if let Some(t) = self.read.get(&id) {
            return Ok(t.clone());
        }
        let (size, kind) = odb.read_header(id)?;
        if kind != git2::ObjectType::Tree {
            return Err(GitError::Other(format!(
                "{}: HEAD names {id} as a folder, but it is a {kind}",
                shown(dir)
            )));
        }
        let described = self
            .index
            .filter(|_| size >= LARGE_TREE)
            .and_then(|idx| idx.tree_of(dir.as_bytes()))
            .filter(|t| super::tree_bytes::id(t) == id.as_bytes());
        let bytes = std::rc::Rc::new(match described {
            Some(t) => {
                self.from_index += 1;
                super::trace::phase("a large tree from the index");
                t
            }
            None => odb.read(id)?.data().to_vec(),
        });
        self.read.insert(id, bytes.clone());
        Ok(bytes)
    }
}

fn damaged_tree(dir: &str, id: Oid) -> GitError {
    GitError::Other(format!(
        "the tree {id} of {} in HEAD is damaged; nothing was written. `git fsck` tells more",
        shown(dir)
    ))
}

/// A repository folder as messages name it (`/` for the root).
fn shown(dir: &str) -> &str {
    if dir.is_empty() {
        "/"
    } else {
        dir
    }
}

fn oid_of(bytes: &[u8; 20]) -> Oid {
    // 20 bytes are always an object id.
    Oid::from_bytes(bytes).unwrap_or(Oid::ZERO_SHA1)
}

fn oid_bytes(id: Oid) -> [u8; 20] {
    let mut oid = [0u8; 20];
    // A SHA-1 id is 20 bytes; a longer one keeps its first 20 (none here).
    let raw = id.as_bytes();
    let n = raw.len().min(20);
    oid[..n].copy_from_slice(&raw[..n]);
    oid
}

/// The id at `path` (`/`-separated) in the tree `root`, as
/// `Tree::get_path` finds it (`None`: absent).
fn id_at(
    odb: &git2::Odb<'_>,
    trees: &mut Trees<'_>,
    root: Oid,
    path: &str,
) -> Result<Option<Oid>, GitError> {
    let mut here = root;
    let mut dir_end = 0;
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        let dir = &path[..dir_end.max(1) - 1];
        let bytes = trees.get(odb, dir, here)?;
        let found = super::tree_bytes::find(&bytes, part.as_bytes())
            .ok_or_else(|| damaged_tree(dir, here))?;
        let Some(e) = found else {
            return Ok(None);
        };
        if parts.peek().is_none() {
            return Ok(Some(oid_of(&e.oid)));
        }
        if e.mode != super::tree_bytes::TREE {
            return Ok(None);
        }
        here = oid_of(&e.oid);
        dir_end += part.len() + 1;
    }
    Ok(None)
}

/// HEAD's tree with `changes` (repository-relative path, blob) applied,
/// rebuilding only the trees on the changed paths.
#[cfg(test)]
fn tree_with(
    repo: &Repository,
    base: Option<Oid>,
    changes: &[(&str, Oid)],
) -> Result<Oid, GitError> {
    tree_with_read(&repo.odb()?, &mut Trees::new(None), "", base, changes)
}

/// Whether git accepts `name` as one path component of a tree (libgit2's
/// tree builder refuses the same).
fn valid_component(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.eq_ignore_ascii_case(".git")
        && !name.contains(['/', '\0'])
}

/// [`tree_with`] for the folder `dir` (whose tree in HEAD is `base`),
/// reading trees through `trees`.
fn tree_with_read(
    odb: &git2::Odb<'_>,
    trees: &mut Trees<'_>,
    dir: &str,
    base: Option<Oid>,
    changes: &[(&str, Oid)],
) -> Result<Oid, GitError> {
    use super::tree_bytes::{self, Entry};
    let mut here: BTreeMap<&str, Oid> = BTreeMap::new();
    let mut below: BTreeMap<&str, Vec<(&str, Oid)>> = BTreeMap::new();
    for (path, id) in changes {
        let (name, rest) = match path.split_once('/') {
            None => (*path, None),
            Some((name, rest)) => (name, Some(rest)),
        };
        if !valid_component(name) {
            return Err(GitError::Other(format!(
                "{}: not a path git can store",
                if dir.is_empty() {
                    path.to_string()
                } else {
                    format!("{dir}/{path}")
                }
            )));
        }
        match rest {
            None => {
                here.insert(name, *id);
            }
            Some(rest) => below.entry(name).or_default().push((rest, *id)),
        }
    }
    let bytes = base.map(|id| trees.get(odb, dir, id)).transpose()?;
    let base_bytes: &[u8] = bytes.as_deref().map_or(&[], Vec::as_slice);
    let damaged = || damaged_tree(dir, base.unwrap_or(Oid::ZERO_SHA1));
    let join = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let mut changes = Vec::with_capacity(below.len() + here.len());
    for (name, sub) in below {
        let sub_base = tree_bytes::find(base_bytes, name.as_bytes())
            .ok_or_else(damaged)?
            .filter(|e| e.mode == tree_bytes::TREE)
            .map(|e| oid_of(&e.oid));
        let id = tree_with_read(odb, trees, &join(name), sub_base, &sub)?;
        changes.push(Entry {
            mode: tree_bytes::TREE,
            name: name.as_bytes(),
            oid: oid_bytes(id),
        });
    }
    for (name, id) in here {
        changes.push(Entry {
            mode: 0o100644,
            name: name.as_bytes(),
            oid: oid_bytes(id),
        });
    }
    let new = tree_bytes::with_changes(base_bytes, changes).ok_or_else(damaged)?;
    Ok(odb.write(git2::ObjectType::Tree, &new)?)
}

/// Undoes what a failed change did before its commit point.
fn rollback(plan: &[Planned], undo: &Undo) {
    for &i in &undo.written {
        let p = &plan[i];
        let ours = fs::read(&p.abs).is_ok_and(|on_disk| match p.bytes {
            Some(b) => on_disk == b,
            // A stored blob is compared by its id, never read back whole.
            None => blob_id(&on_disk).ok() == Some(p.new),
        });
        if ours {
            restore(&p.abs, p.before.as_deref());
        }
    }
    for t in &undo.temp {
        let _ = fs::remove_file(t);
    }
    if let Some(l) = &undo.index_lock {
        let _ = fs::remove_file(l);
    }
}

/// Puts `before` back at `abs` (removing the file, and folders it leaves
/// empty, when there was none).
fn restore(abs: &Path, before: Option<&[u8]>) {
    match before {
        Some(b) => {
            let _ = atomic::write_atomic(abs, b);
        }
        None => {
            let _ = fs::remove_file(abs);
            let mut dir = abs.parent();
            while let Some(d) = dir {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
}

/// Finishes or undoes the change a killed command left in the journal.
/// Must be called with the workspace lock held (so the journal's writer is
/// gone). Returns the line to tell the user.
fn recover(repo: &Repository) -> Result<Option<String>, GitError> {
    let git_dir = repo.path().to_path_buf();
    let jpath = git_dir.join(JOURNAL_FILE);
    let raw = match fs::read(&jpath) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(GitError::io(&jpath, e)),
    };
    let journal: Journal = match serde_json::from_slice(&raw) {
        Ok(j) => j,
        Err(_) => {
            // Journals are written atomically, so this is damage from
            // outside; keep it for a human and go on.
            let bad = git_dir.join("factdesk-journal.damaged");
            fs::rename(&jpath, &bad).map_err(|e| GitError::io(&jpath, e))?;
            return Ok(Some(format!(
                "factdesk: found a damaged journal of an interrupted change; moved it to {}",
                bad.display()
            )));
        }
    };
    let workdir = repo
        .workdir()
        .ok_or_else(|| GitError::Other("the repository has no work tree".into()))?
        .to_path_buf();
    clear_git_locks(repo, &journal);
    clear_temp_files(&workdir, &git_dir, &journal);
    let current = repo.refname_to_id(&journal.branch).ok();
    let committed = match (journal.commit.as_deref().map(Oid::from_str), current) {
        (Some(Ok(c)), Some(cur)) => cur == c || repo.graph_descendant_of(cur, c).unwrap_or(false),
        _ => false,
    };
    let mut kept = Vec::new();
    for f in &journal.files {
        let abs = workdir.join(&f.path);
        if !plain_path(&workdir, &f.path) {
            kept.push(f.path.clone());
            continue;
        }
        let on_disk = fs::read(&abs).ok();
        let on_disk_id = on_disk.as_deref().map(blob_id).transpose()?;
        let new = Oid::from_str(&f.new)?;
        let before = f.before.as_deref().map(Oid::from_str).transpose()?;
        if committed {
            if on_disk_id == Some(new) {
                continue;
            }
            if on_disk_id == before || on_disk.is_none() {
                let blob = repo.find_blob(new)?;
                atomic::write_atomic(&abs, blob.content()).map_err(|e| GitError::io(&abs, e))?;
            } else {
                kept.push(f.path.clone());
            }
        } else if on_disk_id == Some(new) && before != Some(new) {
            match before {
                Some(b) => {
                    let blob = repo.find_blob(b)?;
                    atomic::write_atomic(&abs, blob.content())
                        .map_err(|e| GitError::io(&abs, e))?;
                }
                None => restore(&abs, None),
            }
        }
    }
    if committed {
        let mut idx = repo.index()?;
        for f in &journal.files {
            let new = Oid::from_str(&f.new)?;
            let staged = idx.get_path(Path::new(&f.path), 0).map(|e| e.id);
            let head = f.head.as_deref().map(Oid::from_str).transpose()?;
            let before = f.before.as_deref().map(Oid::from_str).transpose()?;
            if staged.is_none() || staged == head || staged == before {
                let abs = workdir.join(&f.path);
                let on_disk = fs::read(&abs).ok();
                let entry = match (
                    on_disk.as_deref().map(blob_id).transpose()?,
                    fs::metadata(&abs),
                ) {
                    (Some(id), Ok(m)) if id == new => entry_from(&f.path, new, &m),
                    // Not on disk as committed: no stat data, so git compares content.
                    _ => bare_entry(&f.path, new),
                };
                idx.add(&entry)?;
            }
        }
        idx.write()?;
    }
    fs::remove_file(&jpath).map_err(|e| GitError::io(&jpath, e))?;
    let what = if committed { "finished it" } else { "undid it" };
    let mut msg = format!(
        "factdesk: an interrupted change (\"{}\") was found and {what}",
        crate::text::one_line(&journal.subject)
    );
    if !kept.is_empty() {
        msg.push_str(&format!(
            "; left your later edits to {} as they are",
            kept.join(", ")
        ));
    }
    Ok(Some(msg))
}

/// Removes git lock files the killed command held: the index lock (empty,
/// or already holding its new entries) and a branch lock libgit2 was
/// writing the new commit id into. A lock someone else holds is left.
fn clear_git_locks(repo: &Repository, journal: &Journal) {
    let git_dir = repo.path();
    let ref_lock = git_dir.join(format!("{}.lock", journal.branch));
    if let (Ok(content), Some(commit)) = (fs::read(&ref_lock), journal.commit.as_deref()) {
        let want = format!("{commit}\n");
        if want.as_bytes().starts_with(&content) {
            let _ = fs::remove_file(&ref_lock);
        }
    }
    if !journal.index_locked {
        return;
    }
    let index_lock = git_dir.join("index.lock");
    let Ok(meta) = fs::metadata(&index_lock) else {
        return;
    };
    let ours = meta.len() == 0
        || Index::open(&index_lock).is_ok_and(|idx| {
            journal.files.iter().all(|f| {
                idx.get_path(Path::new(&f.path), 0)
                    .is_some_and(|e| e.id.to_string() == f.new)
            })
        });
    if ours {
        let _ = fs::remove_file(&index_lock);
    }
}

/// Scratch files in the git directory that only a killed factdesk command
/// can have left (the lock is held, so no other one is running): a journal
/// cut off while being written, prepared and hook indexes, a record of the
/// index in the making (`index_seen`; the record itself is kept).
fn sweep_scratch(git_dir: &Path) {
    let Ok(entries) = fs::read_dir(git_dir) else {
        return;
    };
    let journal_tmp = format!(".{JOURNAL_FILE}.factdesk-tmp-");
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&journal_tmp)
            || name.starts_with("factdesk-index-")
            || name.starts_with("factdesk-hook-index-")
            || name.starts_with(super::index_seen::TEMP_PREFIX)
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Temp files of the killed command: atomic-write leftovers beside its
/// files, and its scratch indexes in the git directory.
fn clear_temp_files(workdir: &Path, git_dir: &Path, journal: &Journal) {
    for f in &journal.files {
        let abs = workdir.join(&f.path);
        let (Some(dir), Some(name)) = (abs.parent(), abs.file_name()) else {
            continue;
        };
        let prefix = format!(".{}.factdesk-tmp-", name.to_string_lossy());
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }
    for name in [
        format!("factdesk-index-{}", journal.pid),
        format!("factdesk-index-{}.lock", journal.pid),
        format!("factdesk-hook-index-{}", journal.pid),
        format!("factdesk-hook-index-{}.lock", journal.pid),
        format!(".{JOURNAL_FILE}.factdesk-tmp-{}", journal.pid),
    ] {
        let _ = fs::remove_file(git_dir.join(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree libgit2 writes for `base` with `changes` added, through
    /// an index of the whole tree: what the change's own trees must equal.
    fn full_index_tree(repo: &Repository, base: &Tree<'_>, changes: &[(&str, Oid)]) -> Oid {
        let mut idx = Index::new().unwrap();
        idx.read_tree(base).unwrap();
        for (path, id) in changes {
            idx.add(&bare_entry(path, *id)).unwrap();
        }
        idx.write_tree_to(repo).unwrap()
    }

    /// The tree built by rebuilding only the changed paths equals the one
    /// an index of the whole tree gives: new folders, nested files, and a
    /// replaced file beside untouched siblings.
    #[test]
    fn tree_with_matches_a_full_index() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = |s: &str| repo.blob(s.as_bytes()).unwrap();
        let base_files = [
            ("factdesk.yaml", blob("format: 1\n")),
            ("cases/a/case.yaml", blob("id: a\n")),
            ("cases/a/claims/c01.yaml", blob("one\n")),
            ("cases/b/claims/c01.yaml", blob("b\n")),
        ];
        let base = tree_with(&repo, None, &base_files).unwrap();
        let base = repo.find_tree(base).unwrap();
        // Names that sort differently as files and as folders.
        let changes = [("cases/a-b", blob("x\n")), ("cases/a.c/f", blob("y\n"))];
        let ours = tree_with(&repo, Some(base.id()), &changes).unwrap();
        assert_eq!(ours, full_index_tree(&repo, &base, &changes));
        let changes = [
            ("cases/a/claims/c01.yaml", blob("two\n")),
            ("cases/a/claims/c02.yaml", blob("new\n")),
            ("cases/a/evidence/x.pdf", blob("%PDF\n")),
            ("cases/c/case.yaml", blob("id: c\n")),
        ];
        let ours = tree_with(&repo, Some(base.id()), &changes).unwrap();
        assert_eq!(ours, full_index_tree(&repo, &base, &changes));
        // Untouched subtrees are shared, not rebuilt.
        let ours = repo.find_tree(ours).unwrap();
        let b = |t: &Tree<'_>| t.get_path(Path::new("cases/b")).unwrap().id();
        assert_eq!(b(&ours), b(&base));
    }

    /// A repository whose HEAD holds `folders` case folders (enough to
    /// make `cases/` a large tree) and whose index, written as after `git
    /// commit` (full cache tree), holds `staged` on top of it.
    fn large(folders: usize, staged: &[(&str, &str)]) -> (tempfile::TempDir, Repository, Oid) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let mut idx = repo.index().unwrap();
        let blob = repo.blob(b"id: x\n").unwrap();
        idx.add(&bare_entry("factdesk.yaml", blob)).unwrap();
        for n in 0..folders {
            let path = format!("cases/2023-11-05-kyiv-moscow-talks-{n:05}/case.yaml");
            idx.add(&bare_entry(&path, blob)).unwrap();
        }
        let head = idx.write_tree_to(&repo).unwrap();
        for (path, content) in staged {
            idx.add(&bare_entry(path, repo.blob(content.as_bytes()).unwrap()))
                .unwrap();
        }
        idx.write_tree_to(&repo).unwrap();
        idx.write().unwrap();
        (dir, repo, head)
    }

    /// The change's tree, built from the index's cache tree where that
    /// describes HEAD's large `cases/` tree, equals the one libgit2 builds
    /// from HEAD's whole tree; the claim's blob at HEAD is found the same way.
    #[test]
    fn a_large_tree_is_taken_from_the_cache_tree() {
        let (_dir, repo, head) = large(2000, &[]);
        let bytes = fs::read(repo.path().join("index")).unwrap();
        let idx = IndexFile::parse(&bytes).unwrap();
        let odb = repo.odb().unwrap();
        let size = odb
            .read_header(
                repo.find_tree(head)
                    .unwrap()
                    .get_name("cases")
                    .unwrap()
                    .id(),
            )
            .unwrap()
            .0;
        assert!(size >= LARGE_TREE, "the test's cases/ tree is large");
        let mut trees = Trees::new(Some(&idx));
        let path = "cases/2023-11-05-kyiv-moscow-talks-00042/case.yaml";
        let at_head = id_at(&odb, &mut trees, head, path).unwrap();
        assert_eq!(at_head, Some(repo.blob(b"id: x\n").unwrap()));
        assert_eq!(trees.from_index, 1);
        let new = repo.blob(b"id: y\n").unwrap();
        let changes = [(path, new), ("cases/new-case/case.yaml", new)];
        let ours = tree_with_read(&odb, &mut trees, "", Some(head), &changes).unwrap();
        assert_eq!(trees.from_index, 1, "read once");
        let head = repo.find_tree(head).unwrap();
        assert_eq!(ours, full_index_tree(&repo, &head, &changes));
    }

    #[test]
    fn paths_git_cannot_store_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = repo.blob(b"x").unwrap();
        for bad in ["", "a//b", "../x", "a/./b", ".git/config", "a/.GIT/b", "a/"] {
            assert!(tree_with(&repo, None, &[(bad, blob)]).is_err(), "{bad:?}");
        }
        assert!(tree_with(&repo, None, &[("a/.gitignore", blob)]).is_ok());
    }

    /// An index whose cache tree describes something other than HEAD (a
    /// staged new case, or damage) gives nothing: the tree comes from the
    /// object database and the commit still builds on HEAD alone.
    #[test]
    fn a_cache_tree_unlike_head_is_not_used() {
        let staged = [("cases/staged/case.yaml", "staged\n")];
        let (_dir, repo, head) = large(2000, &staged);
        let bytes = fs::read(repo.path().join("index")).unwrap();
        let idx = IndexFile::parse(&bytes).unwrap();
        assert!(
            idx.tree_of(b"cases").is_some(),
            "the index describes its own cases/"
        );
        let odb = repo.odb().unwrap();
        let mut trees = Trees::new(Some(&idx));
        let new = repo.blob(b"id: y\n").unwrap();
        let changes = [("cases/2023-11-05-kyiv-moscow-talks-00007/case.yaml", new)];
        let ours = tree_with_read(&odb, &mut trees, "", Some(head), &changes).unwrap();
        assert_eq!(trees.from_index, 0);
        let ours = repo.find_tree(ours).unwrap();
        assert!(ours.get_path(Path::new("cases/staged")).is_err());
        assert_eq!(ours.get_path(Path::new(changes[0].0)).unwrap().id(), new);
    }

    #[test]
    fn a_cut_off_journal_is_undone_and_its_files_restored() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        super::super::commit_files(root, &[("a.yaml".into(), b"old\n".to_vec())], "one").unwrap();
        // A change that wrote the work tree and was killed before the
        // commit point: the journal, the new content, a temp file.
        let new = repo.blob(b"new\n").unwrap();
        let old = repo.blob(b"old\n").unwrap();
        let head = repo.head().unwrap().target().unwrap();
        let journal = Journal {
            pid: 1,
            subject: "a: cut off".into(),
            branch: "refs/heads/master".into(),
            old_head: Some(head.to_string()),
            commit: None,
            index_locked: true,
            files: vec![
                JournalFile {
                    path: "a.yaml".into(),
                    before: Some(old.to_string()),
                    new: new.to_string(),
                    head: Some(old.to_string()),
                },
                JournalFile {
                    path: "d/b.yaml".into(),
                    before: None,
                    new: new.to_string(),
                    head: None,
                },
            ],
        };
        write_journal(repo.path(), &journal).unwrap();
        fs::write(root.join("a.yaml"), "new\n").unwrap();
        fs::create_dir(root.join("d")).unwrap();
        fs::write(root.join("d/b.yaml"), "new\n").unwrap();
        fs::write(root.join(".a.yaml.factdesk-tmp-1"), "half").unwrap();
        fs::write(repo.path().join("index.lock"), "").unwrap();
        let msg = recover(&repo).unwrap().unwrap();
        assert!(
            msg.contains("interrupted") && msg.contains("undid"),
            "{msg}"
        );
        assert_eq!(fs::read_to_string(root.join("a.yaml")).unwrap(), "old\n");
        assert!(
            !root.join("d").exists(),
            "a new file and its folder are removed"
        );
        assert!(!root.join(".a.yaml.factdesk-tmp-1").exists());
        assert!(!repo.path().join("index.lock").exists());
        assert!(!repo.path().join(JOURNAL_FILE).exists());
        assert_eq!(repo.head().unwrap().target().unwrap(), head);
    }

    /// A change of claim files made by [`BlobPacker`] (and one file held
    /// as bytes), opened under a new transaction.
    fn stored_change(root: &Path, n: usize, finish: bool) -> (Txn, Vec<FileChange>) {
        let txn = begin(root, "test", &|_| {}).unwrap();
        let mut changes = vec![FileChange {
            rel_path: "a.yaml".into(),
            content: b"a: 2\n".to_vec().into(),
            expected: Some(b"a: 1\n".to_vec()),
        }];
        let mut packer = txn.packer();
        for i in 0..n {
            let text = format!("claim: {i}\n");
            let id = packer.add(text.as_bytes()).unwrap();
            changes.push(FileChange {
                rel_path: format!("cases/x/claims/c{i:03}.yaml"),
                content: Content::Stored {
                    id,
                    len: text.len() as u64,
                },
                expected: None,
            });
        }
        if finish {
            packer.finish().unwrap();
        }
        (txn, changes)
    }

    /// Files under `root` (outside `.git`) whose name marks a temp file.
    fn temp_files(root: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut dirs = vec![root.to_path_buf()];
        while let Some(d) = dirs.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                if p.is_dir() {
                    dirs.push(p);
                } else if p.to_string_lossy().contains("factdesk-tmp") {
                    found.push(p);
                }
            }
        }
        found
    }

    /// Content given as stored blobs is written to the work tree from the
    /// repository (the hook sees every file), and undone by comparing
    /// blob ids when the commit fails afterwards: the new files and their
    /// folders are gone, the changed one holds its old content, and no
    /// lock, journal or temp file is left. Committed, the files, tree and
    /// index all hold the stored blobs.
    #[cfg(unix)]
    #[test]
    fn stored_blobs_are_written_committed_and_rolled_back() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        super::super::commit_files(root, &[("a.yaml".into(), b"a: 1\n".to_vec())], "one").unwrap();
        let head = repo.head().unwrap().target().unwrap();
        let hooks = repo.path().join("hooks");
        fs::create_dir_all(&hooks).unwrap();
        let hook = hooks.join("pre-commit");
        fs::write(
            &hook,
            "#!/bin/sh\nls cases/x/claims > .git/seen; cat a.yaml >> .git/seen; exit 1\n",
        )
        .unwrap();
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();

        let n = 40;
        let (txn, changes) = stored_change(root, n, true);
        let err = txn
            .commit(&changes, "refused", CommitOptions::default())
            .unwrap_err();
        assert!(matches!(err, GitError::Hook { .. }), "{err}");
        let seen = fs::read_to_string(repo.path().join("seen")).unwrap();
        assert_eq!(seen.lines().count(), n + 1, "{seen}");
        assert!(
            seen.contains("c039.yaml") && seen.ends_with("a: 2\n"),
            "{seen}"
        );
        assert!(
            !root.join("cases").exists(),
            "new files and folders removed"
        );
        assert_eq!(fs::read(root.join("a.yaml")).unwrap(), b"a: 1\n");
        assert_eq!(temp_files(root), Vec::<PathBuf>::new());
        assert!(!repo.path().join(JOURNAL_FILE).exists());
        assert!(!repo.path().join("index.lock").exists());
        assert_eq!(repo.head().unwrap().target().unwrap(), head);

        fs::remove_file(&hook).unwrap();
        let (txn, changes) = stored_change(root, n, true);
        txn.commit(&changes, "stored", CommitOptions::default())
            .unwrap();
        assert_ne!(repo.head().unwrap().target().unwrap(), head);
        let tree = repo.head().unwrap().peel_to_tree().unwrap();
        let index = repo.index().unwrap();
        for (i, c) in changes.iter().enumerate().skip(1) {
            let Content::Stored { id, .. } = &c.content else {
                panic!("{i}: not stored")
            };
            let text = format!("claim: {}\n", i - 1);
            assert_eq!(fs::read_to_string(root.join(&c.rel_path)).unwrap(), text);
            let in_tree = tree.get_path(Path::new(&c.rel_path)).unwrap().id();
            assert_eq!(in_tree.to_string(), *id);
            assert_eq!(repo.find_blob(in_tree).unwrap().content(), text.as_bytes());
            let entry = index.get_path(Path::new(&c.rel_path), 0).unwrap();
            assert_eq!(entry.id, in_tree);
        }
        assert_eq!(fs::read(root.join("a.yaml")).unwrap(), b"a: 2\n");
        let statuses = repo.statuses(None).unwrap();
        let dirty: Vec<_> = statuses
            .iter()
            .filter_map(|s| s.path().ok().map(String::from))
            .collect();
        assert_eq!(dirty, Vec::<String>::new(), "work tree and index agree");
        assert_eq!(temp_files(root), Vec::<PathBuf>::new());
    }

    /// Blobs a packer held in memory and never wrote (dropped without
    /// `finish`) are refused before anything is written.
    #[test]
    fn a_stored_blob_missing_from_the_repository_is_refused() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        super::super::commit_files(root, &[("a.yaml".into(), b"a: 1\n".to_vec())], "one").unwrap();
        let head = repo.head().unwrap().target().unwrap();
        let (txn, changes) = stored_change(root, 3, false);
        let err = txn
            .commit(&changes, "lost", CommitOptions::default())
            .unwrap_err();
        assert!(err.to_string().contains("not in the repository"), "{err}");
        assert!(!root.join("cases").exists());
        assert_eq!(fs::read(root.join("a.yaml")).unwrap(), b"a: 1\n");
        assert!(!repo.path().join(JOURNAL_FILE).exists());
        assert_eq!(repo.head().unwrap().target().unwrap(), head);
    }

    /// What a failed change must leave as it was: HEAD, the index file's
    /// bytes, and no lock, journal or scratch file in the git directory.
    fn assert_untouched(repo: &Repository, head: Oid, index: &[u8]) {
        assert_eq!(repo.head().unwrap().target().unwrap(), head);
        assert!(fs::read(repo.path().join("index")).unwrap() == index);
        for e in fs::read_dir(repo.path()).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                !(name == "index.lock"
                    || name == JOURNAL_FILE
                    || name.starts_with("factdesk-index-"))
                    || e.path().is_dir(),
                "{name} left behind"
            );
        }
    }

    /// The tree and the index are made at the same time: a tree that
    /// libgit2 refuses (an entry named `.git`, which the index patcher
    /// writes without complaint) fails the change once both are joined,
    /// and everything is rolled back: the new file is gone with its
    /// folder, the changed one has its old content, the index and HEAD
    /// are as they were.
    #[test]
    fn a_failed_tree_beside_a_written_index_rolls_back() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        super::super::commit_files(root, &[("a.yaml".into(), b"a: 1\n".to_vec())], "one").unwrap();
        let head = repo.head().unwrap().target().unwrap();
        let index = fs::read(repo.path().join("index")).unwrap();
        let err = super::super::commit_files(
            root,
            &[
                ("a.yaml".into(), b"a: 2\n".to_vec()),
                ("d/.git".into(), b"x\n".to_vec()),
            ],
            "two",
        )
        .unwrap_err();
        assert!(err.to_string().contains(".git"), "{err}");
        assert_untouched(&repo, head, &index);
        assert_eq!(fs::read(root.join("a.yaml")).unwrap(), b"a: 1\n");
        assert!(
            !root.join("d").exists(),
            "the new file and its folder are removed"
        );
        // And the next change goes through, leaving no second name of the
        // index it replaced.
        super::super::commit_files(root, &[("a.yaml".into(), b"a: 3\n".to_vec())], "three")
            .unwrap();
        let head3 = repo.head().unwrap().target().unwrap();
        assert_ne!(head3, head);
        assert_untouched(&repo, head3, &fs::read(repo.path().join("index")).unwrap());
    }

    /// The other side: the new index cannot be written (its scratch file's
    /// name is taken by a folder) while the tree is built beside it; the
    /// change fails and is rolled back in full.
    #[test]
    fn a_failed_index_write_beside_the_tree_rolls_back() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        super::super::commit_files(root, &[("a.yaml".into(), b"a: 1\n".to_vec())], "one").unwrap();
        let head = repo.head().unwrap().target().unwrap();
        let index = fs::read(repo.path().join("index")).unwrap();
        let blocker = repo
            .path()
            .join(format!("factdesk-index-{}", std::process::id()));
        fs::create_dir(&blocker).unwrap();
        let err = super::super::commit_files(
            root,
            &[
                ("a.yaml".into(), b"a: 2\n".to_vec()),
                ("n/b.yaml".into(), b"b\n".to_vec()),
            ],
            "two",
        )
        .unwrap_err();
        assert!(matches!(err, GitError::Io { .. }), "{err}");
        assert_untouched(&repo, head, &index);
        assert_eq!(fs::read(root.join("a.yaml")).unwrap(), b"a: 1\n");
        assert!(!root.join("n").exists());
        fs::remove_dir(&blocker).unwrap();
        super::super::commit_files(root, &[("a.yaml".into(), b"a: 3\n".to_vec())], "three")
            .unwrap();
        assert_ne!(repo.head().unwrap().target().unwrap(), head);
        assert_eq!(staged(&repo, "a.yaml"), repo.blob(b"a: 3\n").unwrap());
    }

    /// The blob `.git/index` stages for `path`, read from the file afresh
    /// (`repo.index()` is cached).
    fn staged(repo: &Repository, path: &str) -> Oid {
        Index::open(&repo.path().join("index"))
            .unwrap()
            .get_path(Path::new(path), 0)
            .unwrap()
            .id
    }

    /// With `core.fsync` naming the index, the change flushes it (and the
    /// journal) before the commit point and is otherwise the same.
    #[test]
    fn a_flushed_index_is_the_same_index() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        repo.config()
            .unwrap()
            .set_str("core.fsync", "added")
            .unwrap();
        assert!(crate::git::fsync::index_flushed(&repo));
        for n in 1..3u8 {
            let body = format!("a: {n}\n").into_bytes();
            super::super::commit_files(root, &[("a.yaml".into(), body.clone())], "c").unwrap();
            assert_eq!(staged(&repo, "a.yaml"), repo.blob(&body).unwrap());
        }
        assert!(!repo.path().join(JOURNAL_FILE).exists());
    }

    /// Changes after the first resume the index's checksum from the marks
    /// kept with the record of the index factdesk wrote (`index_seen`);
    /// the checksum is right whether the change is near the end (resumed
    /// late), at the start, or adds an entry (the count, at the start,
    /// changes), and after git wrote the index (the marks then come from
    /// the check of the old index's checksum).
    #[test]
    fn the_index_checksum_resumed_from_kept_marks_holds() {
        use crate::git::index_file::IndexFile;
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        // 9,500 entries of 120 bytes: an index over one mark (1 MiB).
        let many: Vec<(String, Vec<u8>)> = (0..9_500)
            .map(|i| {
                (
                    format!("d/f{i:05}-{}.yaml", "x".repeat(40)),
                    b"a: 1\n".to_vec(),
                )
            })
            .collect();
        super::super::commit_files(root, &many, "many").unwrap();
        let index = repo.path().join("index");
        let record = repo.path().join("factdesk-seen-index");
        let check = |what: &str| {
            let bytes = fs::read(&index).unwrap();
            assert!(bytes.len() > 1 << 20, "{} bytes", bytes.len());
            assert!(IndexFile::parse(&bytes).unwrap().checksum_ok(), "{what}");
            // libgit2 checks the checksum as it reads.
            Index::open(&index).unwrap_or_else(|e| panic!("{what}: {e}"));
        };
        check("written whole");
        let commit = |path: &str, n: u32| {
            let body = format!("a: {n}\n").into_bytes();
            super::super::commit_files(root, &[(path.into(), body)], "c").unwrap();
        };
        let late = many[9_499].0.clone();
        for (n, (path, what)) in [
            (late.as_str(), "late"),
            (late.as_str(), "late again"),
            ("a.yaml", "a new entry at the start"),
            (many[0].0.as_str(), "the first entry"),
            ("z.yaml", "a new entry at the end"),
        ]
        .into_iter()
        .enumerate()
        {
            commit(path, n as u32 + 2);
            check(what);
            let rec = fs::read_to_string(&record).unwrap();
            let marks = rec.lines().nth(1).unwrap_or_default();
            // `marks`, one state, the check.
            assert_eq!(marks.split(' ').count(), 3, "{what}: {rec}");
        }
        // git writes the index: no record for its file, so the next change
        // checks its checksum in full and resumes from that hash's marks.
        let out = std::process::Command::new("git")
            .args(["update-index", "--refresh"])
            .current_dir(root)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        commit(&late, 99);
        check("after git wrote it");
        assert_eq!(staged(&repo, &late), repo.blob(b"a: 99\n").unwrap());
    }

    /// Each change keeps the index it replaced under `OLD_INDEX` (the same
    /// file, so dropping its last name is not on the change's path) and
    /// frees the one the change before kept; a name that cannot be taken
    /// only means the old index is freed at once, and the change is made.
    #[cfg(unix)]
    #[test]
    fn the_replaced_index_is_kept_until_the_next_change_frees_it() {
        use std::os::unix::fs::MetadataExt;
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        let index = repo.path().join("index");
        let kept = repo.path().join(OLD_INDEX);
        let commit = |n: u8| {
            let body = format!("a: {n}\n").into_bytes();
            super::super::commit_files(root, &[("a.yaml".into(), body)], "c").unwrap();
        };
        commit(1);
        for n in 2..4 {
            let before = fs::metadata(&index).unwrap();
            let bytes = fs::read(&index).unwrap();
            commit(n);
            let old = fs::metadata(&kept).unwrap();
            // The very file that was `.git/index`, now with one name.
            assert_eq!((old.dev(), old.ino()), (before.dev(), before.ino()));
            assert_eq!(old.nlink(), 1);
            assert_eq!(fs::read(&kept).unwrap(), bytes);
            assert_ne!(fs::metadata(&index).unwrap().ino(), before.ino());
        }
        // A name taken by something else: the change is made all the same,
        // and the folder is left alone.
        fs::remove_file(&kept).unwrap();
        fs::create_dir(&kept).unwrap();
        fs::write(kept.join("x"), b"not ours").unwrap();
        commit(9);
        assert_eq!(fs::read(kept.join("x")).unwrap(), b"not ours");
        assert_eq!(staged(&repo, "a.yaml"), repo.blob(b"a: 9\n").unwrap());
    }

    /// A folder swapped for a link after the caller's checks still cannot
    /// make the transaction write outside the work tree.
    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        super::super::commit_files(root, &[("a.yaml".into(), b"a\n".to_vec())], "one").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("evidence")).unwrap();
        let head = repo.head().unwrap().target();
        let err =
            super::super::commit_files(root, &[("evidence/x.pdf".into(), b"x".to_vec())], "two")
                .unwrap_err();
        assert!(matches!(err, GitError::Link(_)), "{err}");
        assert!(!outside.path().join("x.pdf").exists());
        assert_eq!(repo.head().unwrap().target(), head);
        assert!(!repo.path().join(JOURNAL_FILE).exists());
    }
}
