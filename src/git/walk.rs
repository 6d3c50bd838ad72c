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

/// What the walk needs to know about one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    /// Committer time (seconds), which orders the walk like `git log`.
    pub time: i64,
    /// Parent ids.
    pub parents: Vec<Oid>,
    /// `Factdesk-Case`, when the commit has valid factdesk trailers.
    pub case: Option<String>,
    /// `Factdesk-Claim`, likewise.
    pub claim: Option<String>,
    /// The commit has valid factdesk trailers.
    pub factdesk: bool,
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
            case = t.case.map(|c| c.to_string());
            claim = t.claim.map(|c| c.to_string());
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

fn load(repo: &Repository) -> HashMap<Oid, Meta> {
    let mut map = HashMap::new();
    let Ok(text) = std::fs::read_to_string(repo.path().join(CACHE_FILE)) else {
        return map;
    };
    let Some(body) = text.strip_prefix(HEADER) else {
        return map;
    };
    for line in body.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let [oid, time, parents, fd, case, claim] = f.as_slice() else {
            return HashMap::new(); // corrupt: rebuild
        };
        let (Ok(oid), Ok(time)) = (Oid::from_str(oid), time.parse::<i64>()) else {
            return HashMap::new();
        };
        let mut ps = Vec::new();
        for p in parents.split(',').filter(|p| !p.is_empty()) {
            match Oid::from_str(p) {
                Ok(p) => ps.push(p),
                Err(_) => return HashMap::new(),
            }
        }
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        map.insert(
            oid,
            Meta {
                time,
                parents: ps,
                factdesk: *fd == "1",
                case: opt(case),
                claim: opt(claim),
            },
        );
    }
    map
}

fn save(repo: &Repository, map: &HashMap<Oid, Meta>) {
    let mut s = String::with_capacity(map.len() * 110 + HEADER.len());
    s.push_str(HEADER);
    for (oid, m) in map {
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
    cache: &mut HashMap<Oid, Meta>,
    visit: &mut impl FnMut(Oid, &Meta) -> bool,
) -> Result<(), git2::Error> {
    let odb = repo.odb()?;
    let get = |oid: Oid, cache: &mut HashMap<Oid, Meta>| -> Result<i64, git2::Error> {
        if let Some(m) = cache.get(&oid) {
            return Ok(m.time);
        }
        let obj = odb.read(oid)?;
        let m = parse_raw(obj.data())
            .ok_or_else(|| git2::Error::from_str("unparsable commit object"))?;
        let t = m.time;
        cache.insert(oid, m);
        Ok(t)
    };
    let mut heap = BinaryHeap::new();
    let mut seen = HashSet::new();
    let mut seq: u64 = 0;
    let t = get(start, cache)?;
    heap.push((t, Reverse(seq), start));
    seen.insert(start);
    while let Some((_, _, oid)) = heap.pop() {
        let Some(meta) = cache.get(&oid).cloned() else {
            continue;
        };
        if !visit(oid, &meta) {
            break;
        }
        for p in meta.parents {
            if seen.insert(p) {
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
