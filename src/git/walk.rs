//! A fast history walk for `log`: each commit's parents, time and factdesk
//! case/claim are read once from the object database and memoised in a
//! cache file inside the git directory. Commits are immutable, so the cache
//! is keyed by commit id and never needs invalidating; a missing, stale or
//! corrupt cache only costs speed (it is rebuilt), never correctness.

use super::Trailers;
use git2::{Oid, Repository};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::io::Write;
use std::rc::Rc;

/// What the walk needs to know about one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    /// Committer time (seconds), which orders the walk like `git log`.
    pub time: i64,
    /// Parent ids.
    pub parents: Vec<Oid>,
    /// `Factdesk-Case`, when the commit has valid factdesk trailers.
    pub case: Option<Rc<str>>,
    /// `Factdesk-Claim`, likewise.
    pub claim: Option<Rc<str>>,
    /// The commit has valid factdesk trailers.
    pub factdesk: bool,
}

/// Hash-map key for commit ids: compares the raw bytes in Rust instead of
/// calling into libgit2 for every comparison (a hot path at 50,000 commits).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key(Oid);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes() == other.0.as_bytes()
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write(self.0.as_bytes());
    }
}

const CACHE_FILE: &str = "factdesk-history-v1.cache";
const HEADER: &str = "factdesk history cache v1\n";

fn parse_raw(data: &[u8]) -> Option<Meta> {
    let split = data.windows(2).position(|w| w == b"\n\n");
    let (head, msg) = match split {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let mut parents = Vec::new();
    let mut time = 0;
    for line in head.split(|&b| b == b'\n') {
        if let Some(p) = line.strip_prefix(b"parent ") {
            parents.push(Oid::from_str(std::str::from_utf8(p).ok()?).ok()?);
        } else if let Some(c) = line.strip_prefix(b"committer ") {
            // `Name <email> 1699000000 +0700`: the time is the second-last field.
            let s = String::from_utf8_lossy(c);
            let mut it = s.rsplitn(3, ' ');
            let _tz = it.next();
            time = it.next()?.parse().ok()?;
        }
    }
    let (mut case, mut claim, mut factdesk) = (None, None, false);
    if msg.windows(9).any(|w| w == b"Factdesk-") {
        if let Ok(Some(t)) = Trailers::parse(&String::from_utf8_lossy(msg)) {
            factdesk = true;
            case = t.case.map(|c| Rc::from(c.as_str()));
            claim = t.claim.map(|c| Rc::from(c.as_str()));
        }
    }
    Some(Meta {
        time,
        parents,
        case,
        claim,
        factdesk,
    })
}

fn load(repo: &Repository) -> HashMap<Key, Meta> {
    let Ok(text) = std::fs::read_to_string(repo.path().join(CACHE_FILE)) else {
        return HashMap::new();
    };
    let Some(body) = text.strip_prefix(HEADER) else {
        return HashMap::new();
    };
    load_body(body).unwrap_or_default() // corrupt: rebuilt by the walk
}

fn load_body<'a>(body: &'a str) -> Option<HashMap<Key, Meta>> {
    let mut map = HashMap::with_capacity(body.len() / 100 + 16);
    // Thousands of commits share a few hundred case and claim ids.
    let mut names: HashMap<&'a str, Rc<str>> = HashMap::new();
    let mut intern = |s: &'a str| -> Option<Rc<str>> {
        if s.is_empty() {
            return None;
        }
        Some(names.entry(s).or_insert_with(|| Rc::from(s)).clone())
    };
    for line in body.lines() {
        let mut f = line.split('\t');
        let (oid, time, parents, fd, case, claim) = (
            f.next()?,
            f.next()?,
            f.next()?,
            f.next()?,
            f.next()?,
            f.next()?,
        );
        let oid = Oid::from_str(oid).ok()?;
        let time = time.parse::<i64>().ok()?;
        let mut ps = Vec::with_capacity(1);
        for p in parents.split(',').filter(|p| !p.is_empty()) {
            ps.push(Oid::from_str(p).ok()?);
        }
        map.insert(
            Key(oid),
            Meta {
                time,
                parents: ps,
                factdesk: fd == "1",
                case: intern(case),
                claim: intern(claim),
            },
        );
    }
    Some(map)
}

fn save(repo: &Repository, map: &HashMap<Key, Meta>) {
    let mut s = String::with_capacity(map.len() * 110 + HEADER.len());
    s.push_str(HEADER);
    for (Key(oid), m) in map {
        let parents: Vec<String> = m.parents.iter().map(Oid::to_string).collect();
        s.push_str(&format!(
            "{oid}\t{}\t{}\t{}\t{}\t{}\n",
            m.time,
            parents.join(","),
            if m.factdesk { "1" } else { "0" },
            m.case.as_deref().unwrap_or(""),
            m.claim.as_deref().unwrap_or("")
        ));
    }
    // Atomic replace; a failure (read-only repository) only loses speed.
    let path = repo.path().join(CACHE_FILE);
    let tmp = repo
        .path()
        .join(format!("{CACHE_FILE}.{}", std::process::id()));
    let ok = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(s.as_bytes()))
        .and_then(|_| std::fs::rename(&tmp, &path));
    if ok.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Walks from `start`, newest committer time first, calling `visit` with
/// each commit's id and metadata until it returns false. Reads each commit
/// object at most once, and not at all when the cache knows it.
pub(crate) fn walk(
    repo: &Repository,
    start: Oid,
    mut visit: impl FnMut(Oid, &Meta) -> bool,
) -> Result<(), git2::Error> {
    let mut cache = load(repo);
    let before = cache.len();
    // Reading tens of thousands of commits: skip re-hashing every object
    // (libgit2's strict verification; git itself does not re-hash on read)
    // and the parsed-object cache, which only churns here. Both are
    // process-wide switches, restored to libgit2's defaults afterwards.
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
    let result = walk_inner(repo, start, &mut cache, &mut visit);
    git2::opts::strict_hash_verification(true);
    git2::opts::enable_caching(true);
    if cache.len() != before {
        save(repo, &cache);
    }
    result
}

fn walk_inner(
    repo: &Repository,
    start: Oid,
    cache: &mut HashMap<Key, Meta>,
    visit: &mut impl FnMut(Oid, &Meta) -> bool,
) -> Result<(), git2::Error> {
    let odb = repo.odb()?;
    let get = |oid: Oid, cache: &mut HashMap<Key, Meta>| -> Result<i64, git2::Error> {
        if let Some(m) = cache.get(&Key(oid)) {
            return Ok(m.time);
        }
        let obj = odb.read(oid)?;
        let m = parse_raw(obj.data())
            .ok_or_else(|| git2::Error::from_str("unparsable commit object"))?;
        let t = m.time;
        cache.insert(Key(oid), m);
        Ok(t)
    };
    let mut heap = BinaryHeap::new();
    let mut seen: HashSet<Key> = HashSet::with_capacity(cache.len() + 16);
    let mut seq: u64 = 0;
    let t = get(start, cache)?;
    heap.push((t, Reverse(seq), start));
    seen.insert(Key(start));
    while let Some((_, _, oid)) = heap.pop() {
        let Some(meta) = cache.get(&Key(oid)) else {
            continue;
        };
        if !visit(oid, meta) {
            break;
        }
        let parents = meta.parents.clone();
        for p in parents {
            if seen.insert(Key(p)) {
                // A missing parent (shallow clone) ends that line of history.
                if let Ok(t) = get(p, cache) {
                    seq += 1;
                    heap.push((t, Reverse(seq), p));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visited(repo: &Repository) -> Vec<(Oid, Option<String>)> {
        let head = repo.head().unwrap().peel_to_commit().unwrap().id();
        let mut v = Vec::new();
        walk(repo, head, |oid, m| {
            v.push((oid, m.claim.as_deref().map(String::from)));
            true
        })
        .unwrap();
        v
    }

    #[test]
    fn cache_round_trip_and_corruption() {
        let (dir, repo) = crate::git::test_repo("Ana");
        for i in 0..5 {
            let msg = format!(
                "s{i}\n\nFactdesk-Case: a-case\nFactdesk-Claim: c0{}\nFactdesk-Action: set\n",
                i % 2 + 1
            );
            super::super::commit_files(dir.path(), &[(format!("f{i}"), vec![i])], &msg).unwrap();
        }
        let cache = repo.path().join(CACHE_FILE);
        assert!(!cache.exists());
        let cold = visited(&repo);
        assert_eq!(cold.len(), 5);
        assert_eq!(cold[0].1.as_deref(), Some("c01"));
        assert!(cache.exists());
        assert_eq!(load(&repo).len(), 5);
        assert_eq!(visited(&repo), cold, "warm walk equals cold walk");
        std::fs::write(&cache, format!("{HEADER}garbage\n")).unwrap();
        assert!(load(&repo).is_empty());
        assert_eq!(visited(&repo), cold, "a corrupt cache is rebuilt");
        assert_eq!(load(&repo).len(), 5);
    }

    #[test]
    fn parses_raw_commits() {
        let raw = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1699000000 +0700\ncommitter A <a@x> 1699000060 +0700\n\ns\n\nFactdesk-Case: a-case\nFactdesk-Claim: c01\nFactdesk-Action: set\n";
        let m = parse_raw(raw).unwrap();
        assert_eq!(m.time, 1699000060);
        assert_eq!(m.parents.len(), 1);
        assert!(m.factdesk);
        assert_eq!(m.case.as_deref(), Some("a-case"));
        assert_eq!(m.claim.as_deref(), Some("c01"));
        let plain = parse_raw(b"tree x\ncommitter A <a@x> 5 +0000\n\nhand edit\n").unwrap();
        assert!(!plain.factdesk);
        assert!(plain.parents.is_empty());
    }
}
