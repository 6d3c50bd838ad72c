//! Merge conflicts in factdesk's terms: for each conflicted claim, what
//! each side changed since their common version, and resolving by taking
//! one side. The side not taken is copied to `.git/factdesk-discarded/`
//! (and stays in git history), so nothing is lost.

use super::{OpsError, Result};
use crate::diff::{self, Authors, Item, Snapshot};
use crate::git::tree;
use crate::model::{CaseId, ClaimId};
use crate::store::{FileChange, Workspace};
use serde::Serialize;

/// One conflicted file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Workspace-relative path.
    pub path: String,
    /// `CASE/CLAIM` when it is a claim file.
    pub claim: Option<String>,
    /// What "ours" changed since the common version.
    pub ours: Vec<Item>,
    /// What "theirs" changed since the common version.
    pub theirs: Vec<Item>,
    /// True during a rebase (`factdesk sync`, `git pull --rebase`): then
    /// "ours" is the remote's version and "theirs" is your own commit.
    pub rebasing: bool,
}

fn changes(rel: &str, base: &Option<Vec<u8>>, side: &Option<Vec<u8>>) -> Vec<Item> {
    let snap = |b: &Option<Vec<u8>>| -> Snapshot {
        b.iter().map(|b| (rel.to_string(), b.clone())).collect()
    };
    let mut items: Vec<Item> = diff::compare(&snap(base), &snap(side), &Authors::new())
        .into_iter()
        .flat_map(|c| c.items)
        .collect();
    if side.is_none() {
        items = vec![Item {
            claim: None,
            text: "deleted the file".into(),
            alert: true,
        }];
    } else if items.is_empty() {
        items.push(Item {
            claim: None,
            text: "no change".into(),
            alert: false,
        });
    }
    items
}

fn claim_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("cases/")?;
    let (case, file) = rest.split_once("/claims/")?;
    Some(format!("{case}/{}", file.strip_suffix(".yaml")?))
}

/// Every conflicted file under `cases/`, with both sides described.
pub fn list(ws: &Workspace) -> Result<Vec<Conflict>> {
    let rebasing = tree::rebasing(ws.root())?;
    let mut out = Vec::new();
    for (path, (base, ours, theirs)) in tree::conflicts(ws.root())? {
        out.push(Conflict {
            claim: claim_of(&path),
            ours: changes(&path, &base, &ours),
            theirs: changes(&path, &base, &theirs),
            path,
            rebasing,
        });
    }
    Ok(out)
}

/// Which side to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Stage 2 (during a rebase: the remote's version).
    Ours,
    /// Stage 3 (during a rebase: your own commit).
    Theirs,
}

/// Resolves a conflicted claim file by taking one side: writes it, stages
/// it, and copies the other side to `.git/factdesk-discarded/`. Returns the
/// path of that copy.
pub fn resolve(ws: &Workspace, case: &CaseId, claim: &ClaimId, side: Side) -> Result<String> {
    // One writer at a time, as for every change to the workspace.
    let _lock = crate::git::txn::begin(ws.root(), "resolve", &|_| {})?;
    let rel = Workspace::claim_rel(case, claim);
    let all = tree::conflicts(ws.root())?;
    let Some((_, (_, ours, theirs))) = all.into_iter().find(|(p, _)| *p == rel) else {
        return Err(OpsError::usage(
            format!("{rel} is not in conflict"),
            Some("`factdesk conflicts` lists conflicted claims".into()),
        ));
    };
    let (keep, drop, dropped_name) = match side {
        Side::Ours => (ours, theirs, "theirs"),
        Side::Theirs => (theirs, ours, "ours"),
    };
    let Some(keep) = keep else {
        return Err(OpsError::usage(
            format!(
                "that side deleted {rel}; restore or delete it by hand, then `git add`/`git rm` it"
            ),
            None,
        ));
    };
    let current = crate::store::read_bytes(&ws.abs(&rel), crate::store::MAX_READ_BYTES).ok();
    // Keep the side not taken, and whatever the work-tree file held (it may
    // carry a half-done hand merge), next to the repository.
    let dir = tree::git_dir(ws.root())?.join("factdesk-discarded");
    let save = |name: String, bytes: &[u8]| -> Result<()> {
        let copy = dir.join(name);
        std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(&copy, bytes))
            .map_err(|e| crate::store::StoreError::Io {
                path: copy.clone(),
                source: e,
            })?;
        Ok(())
    };
    if let Some(d) = &drop {
        save(format!("{case}-{claim}-{dropped_name}.yaml"), d)?;
    }
    if let Some(c) = &current {
        save(format!("{case}-{claim}-worktree.yaml"), c)?;
    }
    ws.apply(&[FileChange {
        rel_path: rel.clone(),
        content: keep.into(),
        expected: current,
    }])?;
    tree::stage(ws.root(), &rel)?;
    Ok(format!(
        ".git/factdesk-discarded/{case}-{claim}-{dropped_name}.yaml"
    ))
}
