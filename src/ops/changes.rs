//! Gathers what `factdesk diff` compares: snapshots of `cases/` from git
//! revisions or the work tree, and the commits in between (for "by …" and
//! for flagging hand edits). The comparison itself is `crate::diff`.

use super::Result;
use crate::diff::{self, Authors, Diff, HandEdit, Snapshot};
use crate::git::tree;
use crate::store::{self, StoreError, Workspace};
use std::path::Path;

/// Reads every file under `cases/` in the work tree.
pub fn worktree_snapshot(ws: &Workspace) -> Result<Snapshot> {
    fn walk(dir: &Path, rel: &str, out: &mut Snapshot) -> std::result::Result<(), StoreError> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => {
                return Err(StoreError::Io {
                    path: dir.into(),
                    source: e,
                })
            }
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = e.path();
            let r = format!("{rel}/{name}");
            // No link is followed and only regular files are read, with a
            // bound: a link to /dev/zero or outside the repository is skipped.
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                walk(&path, &r, out)?;
            } else if let Ok(bytes) = store::read_bytes(&path, store::MAX_READ_BYTES) {
                out.insert(r, bytes);
            }
        }
        Ok(())
    }
    let mut out = Snapshot::new();
    walk(&ws.abs(store::CASES_DIR), store::CASES_DIR, &mut out)?;
    Ok(out)
}

/// Builds the semantic diff for `range`: `None` = uncommitted work against
/// HEAD; `REV` = REV against the work tree; `A..B` (or `A...B`) = the
/// changes B made since it branched from A, as a pull request shows them.
pub fn gather(ws: &Workspace, range: Option<&str>) -> Result<Diff> {
    let root = ws.root();
    let under = store::CASES_DIR;
    let (label, old, new, commits, uncommitted) = match range {
        None => {
            let old = tree::files_at(root, "HEAD", under)?;
            let new = worktree_snapshot(ws)?;
            ("HEAD..work tree".to_string(), old, new, Vec::new(), true)
        }
        Some(r) => match r.split_once("..") {
            None => {
                let old = tree::files_at(root, r, under)?;
                let head = tree::files_at(root, "HEAD", under)?;
                let new = worktree_snapshot(ws)?;
                let commits = tree::commits_between(root, Some(r), "HEAD", under)?;
                let dirty = head != new;
                (format!("{r}..work tree"), old, new, commits, dirty)
            }
            Some((a, b)) => {
                let b = b.trim_start_matches('.');
                let a = if a.is_empty() { "HEAD" } else { a };
                let b = if b.is_empty() { "HEAD" } else { b };
                let base = tree::merge_base(root, a, b)?;
                let old = tree::files_at(root, &base, under)?;
                let new = tree::files_at(root, b, under)?;
                let commits = tree::commits_between(root, Some(&base), b, under)?;
                (format!("{a}..{b}"), old, new, commits, false)
            }
        },
    };
    let mut authors = Authors::new();
    // Uncommitted edits are the work of whoever owns this work tree.
    if label.ends_with("work tree") {
        if let Ok(who) = crate::git::identity(root) {
            let head = tree::files_at(root, "HEAD", under)?;
            for (path, bytes) in &new {
                if head.get(path) != Some(bytes) {
                    authors.insert(path.clone(), vec![format!("{}, uncommitted", who.name)]);
                }
            }
        }
    }
    let mut hand_edits = Vec::new();
    for c in &commits {
        for p in &c.paths {
            let v = authors.entry(p.clone()).or_default();
            if !v.contains(&c.author) {
                v.push(c.author.clone());
            }
        }
        if !c.factdesk && !c.paths.is_empty() {
            hand_edits.push(HandEdit {
                commit: c.id.get(..7).unwrap_or(&c.id).to_string(),
                author: c.author.clone(),
                subject: c.subject.clone(),
                paths: c.paths.clone(),
            });
        }
    }
    let cases = diff::compare(&old, &new, &authors);
    Ok(Diff {
        range: label,
        uncommitted: uncommitted && !cases.is_empty(),
        cases,
        hand_edits,
    })
}
