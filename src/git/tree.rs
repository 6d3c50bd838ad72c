//! Reading committed content for `diff`: the files of a revision, the
//! commits of a range with the paths each one touched, and merge bases.
//! Everything returned is plain bytes, strings and paths.

pub use super::git_dir;
use super::{locate, GitError, Trailers};
use crate::model::Timestamp;
use chrono::{FixedOffset, TimeZone};
use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use std::collections::BTreeMap;
use std::path::Path;

/// One commit of a range, as `diff` needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Commit id (hex).
    pub id: String,
    /// Author name.
    pub author: String,
    /// Author time.
    pub time: Timestamp,
    /// First line of the message.
    pub subject: String,
    /// True when the message carries valid factdesk trailers.
    pub factdesk: bool,
    /// Workspace-relative paths this commit changed against its first
    /// parent (under `under` only).
    pub paths: Vec<String>,
}

fn resolve(repo: &Repository, rev: &str) -> Result<Oid, GitError> {
    let obj = repo
        .revparse_single(rev)
        .map_err(|e| GitError::Other(format!("unknown revision `{rev}`: {}", e.message())))?;
    Ok(obj.peel_to_commit()?.id())
}

/// The commit id `rev` names (`HEAD`, a branch, `origin/main`, an id).
pub fn rev_id(ws_root: &Path, rev: &str) -> Result<String, GitError> {
    let loc = locate(ws_root)?;
    Ok(resolve(&loc.repo, rev)?.to_string())
}

/// The best common ancestor of two revisions, as a commit id.
pub fn merge_base(ws_root: &Path, a: &str, b: &str) -> Result<String, GitError> {
    let loc = locate(ws_root)?;
    let (a, b) = (resolve(&loc.repo, a)?, resolve(&loc.repo, b)?);
    Ok(loc.repo.merge_base(a, b)?.to_string())
}

/// Every blob under the workspace-relative folder `under` at `rev`, keyed
/// by workspace-relative path. `Ok(empty)` when `rev` does not have it, and
/// when the repository has no commit yet and `rev` is `HEAD`.
pub fn files_at(
    ws_root: &Path,
    rev: &str,
    under: &str,
) -> Result<BTreeMap<String, Vec<u8>>, GitError> {
    let loc = locate(ws_root)?;
    let repo = &loc.repo;
    let mut out = BTreeMap::new();
    if rev == "HEAD" && repo.head().is_err() {
        return Ok(out);
    }
    let commit = repo.find_commit(resolve(repo, rev)?)?;
    let root = commit.tree()?;
    let full = format!("{}{}", loc.prefix, under.trim_end_matches('/'));
    let tree = if full.is_empty() {
        root
    } else {
        match root.get_path(Path::new(&full)) {
            Ok(e) if e.kind() == Some(ObjectType::Tree) => repo.find_tree(e.id())?,
            _ => return Ok(out),
        }
    };
    let base = if under.is_empty() {
        String::new()
    } else {
        format!("{}/", under.trim_end_matches('/'))
    };
    let mut blobs = Vec::new();
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(ObjectType::Blob) {
            if let Ok(name) = std::str::from_utf8(entry.name_bytes()) {
                blobs.push((format!("{base}{dir}{name}"), entry.id()));
            }
        }
        TreeWalkResult::Ok
    })?;
    for (path, id) in blobs {
        out.insert(path, repo.find_blob(id)?.content().to_vec());
    }
    Ok(out)
}

/// Commits reachable from `to` but not from `from` (all of `to`'s history
/// when `from` is `None`), oldest first, each with the paths under `under`
/// it changed against its first parent.
pub fn commits_between(
    ws_root: &Path,
    from: Option<&str>,
    to: &str,
    under: &str,
) -> Result<Vec<CommitInfo>, GitError> {
    let loc = locate(ws_root)?;
    let repo = &loc.repo;
    let mut walk = repo.revwalk()?;
    walk.push(resolve(repo, to)?)?;
    if let Some(f) = from {
        walk.hide(resolve(repo, f)?)?;
    }
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
    let prefix = format!("{}{}", loc.prefix, under);
    let mut out = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let tree = commit.tree()?;
        let parent_tree = match commit.parent(0) {
            Ok(p) => Some(p.tree()?),
            Err(_) => None,
        };
        let mut opts = git2::DiffOptions::new();
        opts.pathspec(&prefix);
        let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
        let mut paths = Vec::new();
        for d in diff.deltas() {
            for f in [d.old_file(), d.new_file()] {
                if let Some(p) = f.path().and_then(Path::to_str) {
                    let rel = p.strip_prefix(&loc.prefix).unwrap_or(p).to_string();
                    if !paths.contains(&rel) {
                        paths.push(rel);
                    }
                }
            }
        }
        let author = commit.author();
        let offset = FixedOffset::east_opt(author.when().offset_minutes() * 60)
            .or_else(|| FixedOffset::east_opt(0));
        let Some(time) = offset.and_then(|o| o.timestamp_opt(author.when().seconds(), 0).single())
        else {
            continue;
        };
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        out.push(CommitInfo {
            id: commit.id().to_string(),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            time,
            subject: message.lines().next().unwrap_or("").to_string(),
            factdesk: matches!(Trailers::parse(&message), Ok(Some(_))),
            paths,
        });
    }
    Ok(out)
}

/// The three sides of a conflicted file in the index: (base, ours, theirs),
/// each `None` when that side does not have the file. `Ok(None)` when the
/// path is not in conflict.
pub type ConflictSides = (Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>);

/// Conflicted workspace-relative paths in the index, with their sides.
pub fn conflicts(ws_root: &Path) -> Result<Vec<(String, ConflictSides)>, GitError> {
    let loc = locate(ws_root)?;
    let repo = &loc.repo;
    let index = repo.index()?;
    let mut out = Vec::new();
    if !index.has_conflicts() {
        return Ok(out);
    }
    let blob = |e: &Option<git2::IndexEntry>| -> Result<Option<Vec<u8>>, GitError> {
        match e {
            Some(e) => Ok(Some(repo.find_blob(e.id)?.content().to_vec())),
            None => Ok(None),
        }
    };
    for c in index.conflicts()? {
        let c = c?;
        let path = [&c.our, &c.their, &c.ancestor]
            .into_iter()
            .flatten()
            .next()
            .map(|e| String::from_utf8_lossy(&e.path).into_owned());
        let Some(path) = path else { continue };
        let Some(rel) = path.strip_prefix(&loc.prefix) else {
            continue;
        };
        out.push((
            rel.to_string(),
            (blob(&c.ancestor)?, blob(&c.our)?, blob(&c.their)?),
        ));
    }
    Ok(out)
}

/// Whether a rebase is in progress (then "ours" is the upstream and
/// "theirs" the user's own commit, the reverse of a merge).
pub fn rebasing(ws_root: &Path) -> Result<bool, GitError> {
    let loc = locate(ws_root)?;
    Ok(matches!(
        loc.repo.state(),
        git2::RepositoryState::Rebase
            | git2::RepositoryState::RebaseInteractive
            | git2::RepositoryState::RebaseMerge
    ))
}

/// Marks a workspace-relative path resolved: stages its work-tree content,
/// which clears the conflict entries (like `git add`).
pub fn stage(ws_root: &Path, rel: &str) -> Result<(), GitError> {
    let loc = locate(ws_root)?;
    let mut index = loc.repo.index()?;
    index.add_path(Path::new(&format!("{}{rel}", loc.prefix)))?;
    index.write()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::commit_files;
    use super::*;

    #[test]
    fn files_and_commits_of_a_range() {
        let (dir, _repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        let first = commit_files(root, &[("cases/a/x.yaml".into(), b"1".to_vec())], "one").unwrap();
        commit_files(
            root,
            &[
                ("cases/a/x.yaml".into(), b"2".to_vec()),
                ("other.txt".into(), b"o".to_vec()),
            ],
            "two\n\nFactdesk-Action: set\n",
        )
        .unwrap();
        let at_first = files_at(root, &first, "cases").unwrap();
        assert_eq!(at_first.get("cases/a/x.yaml"), Some(&b"1".to_vec()));
        let head = files_at(root, "HEAD", "cases").unwrap();
        assert_eq!(head.len(), 1);
        assert_eq!(head.get("cases/a/x.yaml"), Some(&b"2".to_vec()));
        let cs = commits_between(root, Some(&first), "HEAD", "cases").unwrap();
        assert_eq!(cs.len(), 1);
        assert!(cs[0].factdesk);
        assert_eq!(cs[0].paths, vec!["cases/a/x.yaml".to_string()]);
        let all = commits_between(root, None, "HEAD", "cases").unwrap();
        assert_eq!(all.len(), 2);
        assert!(!all[0].factdesk);
        assert_eq!(merge_base(root, &first, "HEAD").unwrap(), first);
        assert!(files_at(root, "nope", "cases").is_err());
        assert!(conflicts(root).unwrap().is_empty());
    }
}
