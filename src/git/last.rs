//! When each claim and case last changed, according to factdesk's commits,
//! kept by HEAD in `.git/factdesk-last-v1`, so `status`, `cases` and the
//! case list know it without walking the history: at 100,000 commits that
//! walk (and reading each commit's author) took 1.5 s of every `status`.
//!
//! The file is one checksummed block (see `crate::blocks`): the HEAD it
//! describes, then the newest factdesk commit naming each claim, each case,
//! and each case's `new-case` commit. When HEAD has moved on from that
//! commit (factdesk's own commits, a pull that fast-forwards or merges),
//! only the commits in between are read and folded in; when it did not
//! move on (a reset, a rebase, a checkout of another branch), it is built
//! again from one walk of the history (cached by `walk`). It is derived
//! data: a missing, torn or foreign file costs one rebuild, never a wrong
//! answer.
//!
//! "Newest" is the largest committer time, and among equal times the
//! later commit in history, as the walk of `git log` order finds it first.
//! Only commits with valid factdesk trailers and at most one parent count;
//! hand edits and merges do not, as in `factdesk log` without hand edits.

use super::walk;
use super::{locate, GitError};
use crate::blocks::{self, put_opt, put_str, put_u32, put_u64, Reader};
use git2::{Oid, Repository};
use std::collections::HashMap;
use std::path::Path;

const FILE: &str = "factdesk-last-v1";
const MAGIC: &[u8; 8] = b"FDLAST\0\0";
/// Bumped when what an entry means or how it is written changes.
const FORMAT: u32 = 1;

/// One commit as a last change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Committer time, seconds since the epoch (what orders changes).
    pub time: i64,
    /// Author time, seconds since the epoch.
    pub author_time: i64,
    /// The author time's offset from UTC, in minutes.
    pub offset_minutes: i32,
    /// Author name.
    pub author: String,
}

/// The last changes of a workspace at one HEAD.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastChanges {
    /// The commit this describes (`None` before the first commit).
    pub head: Option<Oid>,
    /// The newest commit naming each claim, by case then claim (nested, so
    /// a lookup borrows its keys: `status` makes one per claim).
    pub claims: HashMap<String, HashMap<String, Change>>,
    /// The newest commit naming each case (claim commits included).
    pub cases: HashMap<String, Change>,
    /// The newest `new-case` commit of each case: when claims proposed at
    /// intake, which have no commit of their own yet, last changed.
    pub created: HashMap<String, Change>,
}

/// What one commit says, for [`LastChanges::absorb`].
struct Named {
    id: Oid,
    time: i64,
    case: Option<String>,
    claim: Option<String>,
    new_case: bool,
}

impl Named {
    /// What a commit names, when its trailers count (as `log` counts them
    /// without hand edits: valid factdesk trailers, at most one parent).
    fn of(id: Oid, m: &walk::Meta) -> Option<Self> {
        m.by_trailers().then(|| Named {
            id,
            time: m.time,
            case: m.case.as_deref().map(str::to_string),
            claim: m.claim.as_deref().map(str::to_string),
            new_case: m.action == Some(super::Action::NewCase),
        })
    }
}

/// Where a batch's winners go before their authors are read.
#[derive(Default)]
struct Winners {
    claims: HashMap<(String, String), (Oid, i64)>,
    cases: HashMap<String, (Oid, i64)>,
    created: HashMap<String, (Oid, i64)>,
}

impl LastChanges {
    /// The newest commit naming `case`/`claim`.
    pub fn claim(&self, case: &str, claim: &str) -> Option<&Change> {
        self.claims.get(case)?.get(claim)
    }

    /// Folds in commits given newest first (in walk order): the first one
    /// seen for a key in the batch is its candidate, which replaces what
    /// was known unless that is strictly newer. Authors are read only for
    /// the commits that win.
    fn absorb(&mut self, repo: &Repository, commits: &[Named]) -> Result<(), GitError> {
        let mut w = Winners::default();
        for c in commits {
            let Some(case) = &c.case else {
                continue;
            };
            w.cases.entry(case.clone()).or_insert((c.id, c.time));
            if let Some(claim) = &c.claim {
                w.claims
                    .entry((case.clone(), claim.clone()))
                    .or_insert((c.id, c.time));
            } else if c.new_case {
                w.created.entry(case.clone()).or_insert((c.id, c.time));
            }
        }
        let mut authors: HashMap<Oid, Change> = HashMap::new();
        let mut change = |id: Oid| -> Result<Change, GitError> {
            if let Some(c) = authors.get(&id) {
                return Ok(c.clone());
            }
            let c = read_change(repo, id)?;
            authors.insert(id, c.clone());
            Ok(c)
        };
        for ((case, claim), (id, t)) in w.claims {
            if beats(self.claim(&case, &claim), t) {
                let c = change(id)?;
                self.claims.entry(case).or_default().insert(claim, c);
            }
        }
        fold(&mut self.cases, w.cases, &mut change)?;
        fold(&mut self.created, w.created, &mut change)?;
        Ok(())
    }
}

/// Whether a candidate committed at `time` replaces what is known: unless
/// that is strictly newer (a later commit wins a tie).
fn beats(known: Option<&Change>, time: i64) -> bool {
    known.is_none_or(|k| time >= k.time)
}

/// Folds a batch's winners into one map by case.
fn fold(
    known: &mut HashMap<String, Change>,
    winners: HashMap<String, (Oid, i64)>,
    change: &mut impl FnMut(Oid) -> Result<Change, GitError>,
) -> Result<(), GitError> {
    for (case, (id, t)) in winners {
        if beats(known.get(&case), t) {
            known.insert(case, change(id)?);
        }
    }
    Ok(())
}

/// A commit's times and author.
fn read_change(repo: &Repository, id: Oid) -> Result<Change, GitError> {
    let c = repo.find_commit(id)?;
    let a = c.author();
    Ok(Change {
        time: c.time().seconds(),
        author_time: a.when().seconds(),
        offset_minutes: a.when().offset_minutes(),
        author: String::from_utf8_lossy(a.name_bytes()).into_owned(),
    })
}

/// The last changes at HEAD: from the file when it describes HEAD, folded
/// forward when HEAD moved on from it, built again otherwise; saved back
/// when anything was read (a read-only `.git` only costs speed).
pub fn last_changes(ws_root: &Path) -> Result<LastChanges, GitError> {
    load(ws_root, true)
}

/// [`last_changes`] without the claims (left empty), for the case list:
/// when the file describes HEAD, the claims' part of it is not decoded.
pub fn last_case_changes(ws_root: &Path) -> Result<LastChanges, GitError> {
    load(ws_root, false)
}

fn load(ws_root: &Path, with_claims: bool) -> Result<LastChanges, GitError> {
    let loc = locate(ws_root)?;
    let repo = &loc.repo;
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(LastChanges::default());
    };
    let head = head.id();
    let path = repo.path().join(FILE);
    let bytes = std::fs::read(&path).ok();
    // Only a file that describes HEAD may be read in part.
    if !with_claims {
        if let Some(l) = bytes.as_deref().and_then(|b| decode(b, &loc.prefix, false)) {
            if l.head == Some(head) {
                return Ok(l);
            }
        }
    }
    let old = bytes.and_then(|b| decode(&b, &loc.prefix, true));
    let last = match old {
        Some(l) if l.head == Some(head) => return Ok(l),
        Some(l) if l.head.is_some_and(|h| moved_on(repo, h, head)) => {
            let from = l.head.unwrap_or(head);
            forward(repo, l, from, head)?
        }
        _ => build(repo, &loc.prefix, head)?,
    };
    let _ = blocks::write_all(&path, MAGIC, FORMAT, 0, &[encode(&last, &loc.prefix)]);
    Ok(last)
}

/// True when `new` descends from `old` (HEAD moved on, nothing dropped).
fn moved_on(repo: &Repository, old: Oid, new: Oid) -> bool {
    repo.merge_base(old, new).is_ok_and(|b| b == old)
}

/// Folds in the commits between `from` (which HEAD descends from) and
/// `head`, newest first, as `git log from..head` lists them.
fn forward(
    repo: &Repository,
    mut last: LastChanges,
    from: Oid,
    head: Oid,
) -> Result<LastChanges, GitError> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TIME)?;
    walk.push(head)?;
    walk.hide(from)?;
    let odb = repo.odb()?;
    let mut commits = Vec::new();
    for id in walk {
        let id = id?;
        if let Some(n) = walk::read_meta(&odb, id)?.and_then(|m| Named::of(id, &m)) {
            commits.push(n);
        }
    }
    last.absorb(repo, &commits)?;
    last.head = Some(head);
    Ok(last)
}

/// Every factdesk commit from HEAD, by the cached walk (trailers only,
/// no commit read twice).
fn build(repo: &Repository, prefix: &str, head: Oid) -> Result<LastChanges, GitError> {
    let mut commits = Vec::new();
    // The walk visits each commit once, newest first.
    walk::walk(repo, prefix, head, |id, m| {
        commits.extend(Named::of(id, m));
        true
    })?;
    let mut last = LastChanges {
        head: Some(head),
        ..LastChanges::default()
    };
    last.absorb(repo, &commits)?;
    Ok(last)
}

// ---- the file ----

fn put_change(b: &mut Vec<u8>, c: &Change) {
    put_u64(b, c.time as u64);
    put_u64(b, c.author_time as u64);
    put_u32(b, c.offset_minutes as u32);
    put_str(b, &c.author);
}

fn read_change_from(r: &mut Reader<'_>) -> Option<Change> {
    Some(Change {
        time: r.u64()? as i64,
        author_time: r.u64()? as i64,
        offset_minutes: r.u32()? as i32,
        author: r.str()?,
    })
}

/// The whole file's one block: prefix, HEAD, then the three maps.
fn encode(l: &LastChanges, prefix: &str) -> Vec<u8> {
    let mut b = blocks::start();
    put_str(&mut b, prefix);
    put_opt(&mut b, l.head.map(|h| h.to_string()).as_deref());
    for map in [&l.cases, &l.created] {
        blocks::put_len(&mut b, map.len());
        for (case, c) in map {
            put_str(&mut b, case);
            put_change(&mut b, c);
        }
    }
    // Claims last: a reader that needs only the cases stops before them.
    blocks::put_len(&mut b, l.claims.len());
    for (case, claims) in &l.claims {
        put_str(&mut b, case);
        blocks::put_len(&mut b, claims.len());
        for (claim, c) in claims {
            put_str(&mut b, claim);
            put_change(&mut b, c);
        }
    }
    blocks::seal(b)
}

/// The file's content, when it is whole, this format's and this
/// workspace's; without the claims unless `with_claims`.
fn decode(bytes: &[u8], prefix: &str, with_claims: bool) -> Option<LastChanges> {
    let (ranges, whole) = blocks::split(bytes, MAGIC, FORMAT, 0)?;
    let [range] = ranges.as_slice() else {
        return None;
    };
    let b = bytes.get(range.clone())?;
    if !whole || !blocks::sealed(b) {
        return None;
    }
    let mut r = Reader::payload(b);
    if r.str()? != prefix {
        return None;
    }
    let head = match r.opt()? {
        Some(h) => Some(Oid::from_str(&h).ok()?),
        None => None,
    };
    let mut maps = [HashMap::new(), HashMap::new()];
    for map in &mut maps {
        let n = r.count()?;
        map.reserve(n);
        for _ in 0..n {
            let k = r.str()?;
            map.insert(k, read_change_from(&mut r)?);
        }
    }
    let [cases, created] = maps;
    let mut claims = HashMap::new();
    if with_claims {
        let n = r.count()?;
        claims.reserve(n);
        for _ in 0..n {
            let case = r.str()?;
            let m = r.count()?;
            let mut of_case = HashMap::with_capacity(m);
            for _ in 0..m {
                let k = r.str()?;
                of_case.insert(k, read_change_from(&mut r)?);
            }
            claims.insert(case, of_case);
        }
        if !r.done() {
            return None;
        }
    }
    Some(LastChanges {
        head,
        claims,
        cases,
        created,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{commit_files, Action, Trailers};
    use super::*;
    use crate::model::{CaseId, ClaimId};

    fn commit(dir: &Path, case: &str, claim: Option<&str>, action: Action, n: u32) {
        let mut t = Trailers::new(action);
        t.case = Some(CaseId::new(case).unwrap());
        t.claim = claim.map(|c| ClaimId::new(c).unwrap());
        let file = format!("cases/{case}/claims/{}.yaml", claim.unwrap_or("c01"));
        commit_files(
            dir,
            &[(file, format!("n: {n}\n").into_bytes())],
            &format!("{case}: change {n}\n\n{}", t.render()),
        )
        .unwrap();
    }

    #[test]
    fn folded_forward_equals_built_and_a_reset_rebuilds() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        commit(root, "2024-01-01-a", None, Action::NewCase, 0);
        commit(root, "2024-01-01-a", Some("c01"), Action::Set, 1);
        let first = last_changes(root).unwrap();
        assert_eq!(first.claims.len(), 1);
        assert_eq!(first.created.len(), 1);
        assert_eq!(first.claim("2024-01-01-a", "c01").unwrap().author, "Ana");
        // HEAD moves on: folded forward from the file, equal to a build.
        commit(root, "2024-01-02-b", None, Action::NewCase, 2);
        commit(root, "2024-01-01-a", Some("c02"), Action::Set, 3);
        let forward = last_changes(root).unwrap();
        let head = repo.head().unwrap().peel_to_commit().unwrap().id();
        assert_eq!(forward.head, Some(head));
        assert_eq!(forward.claims["2024-01-01-a"].len(), 2);
        assert_eq!(forward.cases.len(), 2);
        let built = build(&repo, "", head).unwrap();
        assert_eq!(forward, built);
        // Read back from the file as it was written, whole or cases only.
        assert_eq!(last_changes(root).unwrap(), built);
        let cases = last_case_changes(root).unwrap();
        assert_eq!(
            (cases.cases, cases.created),
            (built.cases.clone(), built.created.clone())
        );
        assert!(cases.claims.is_empty());
        // A reset drops commits: the file no longer describes an
        // ancestor's history, so it is built again, not folded.
        let parent = repo.find_commit(head).unwrap().parent(0).unwrap();
        repo.reset(parent.as_object(), git2::ResetType::Hard, None)
            .unwrap();
        let after = last_changes(root).unwrap();
        assert!(after.claim("2024-01-01-a", "c02").is_none(), "reset away");
        assert!(after.claim("2024-01-01-a", "c01").is_some());
        assert_eq!(after, build(&repo, "", parent.id()).unwrap());
    }

    #[test]
    fn a_damaged_or_foreign_file_is_rebuilt() {
        let (dir, repo) = crate::git::test_repo("Ana");
        let root = dir.path();
        commit(root, "2024-01-01-a", Some("c01"), Action::Set, 1);
        let good = last_changes(root).unwrap();
        let path = repo.path().join(FILE);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert_eq!(last_changes(root).unwrap(), good, "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        let i = flipped.len() - 3;
        flipped[i] ^= 0x20;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(last_changes(root).unwrap(), good);
        // Another workspace folder's file is not this one's.
        assert!(decode(&bytes, "", true).is_some());
        assert!(decode(&bytes, "other/", true).is_none());
    }
}
