//! A fast history walk for `log`: what each commit changed under `cases/`,
//! its parents and time, read once from the object database and kept in a
//! cache file inside the git directory (`factdesk-history-v2.cache`).
//!
//! Built in one pass: a factdesk commit names its case and claim in its
//! trailers, so only its message is read; only commits without factdesk
//! trailers (hand edits, merges) have their trees compared with their
//! parents', and then only the `cases/` subtree, skipping every subtree
//! whose id did not change. Commits are immutable, so entries are keyed by
//! commit id and never go stale; the file is extended by appending (a
//! factdesk commit appends its own entry, [`append_commit`]), and a
//! missing, torn or corrupt cache only costs speed, never correctness.

use super::{Action, Trailers};
use git2::{Odb, Oid, Repository};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::io::Write;
use std::rc::Rc;

/// Paths under `cases/` that differ from one parent, relative to `cases/`.
/// `*` stands for the whole `cases/` folder (added, removed, replaced).
pub(crate) type PathSet = Vec<Box<str>>;

/// What the walk needs to know about one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    /// Committer time (seconds), which orders the walk like `git log`.
    pub time: i64,
    /// Parent ids.
    pub parents: Vec<Oid>,
    /// `Factdesk-Action`, when the commit has valid factdesk trailers.
    pub action: Option<Action>,
    /// `Factdesk-Case`, likewise.
    pub case: Option<Rc<str>>,
    /// `Factdesk-Claim`, likewise.
    pub claim: Option<Rc<str>>,
    /// For commits whose trailers do not say what changed (no factdesk
    /// trailers, or a merge): the changed paths, one set per parent (one
    /// set against nothing for a root commit). `None` for factdesk commits,
    /// and while not yet computed (`needs_paths`).
    pub paths: Option<Rc<[PathSet]>>,
    /// The root tree, when the commit was read in this run.
    tree: Option<Oid>,
}

impl Meta {
    /// The trailers tell what changed; otherwise the tree diff does.
    pub(crate) fn by_trailers(&self) -> bool {
        self.action.is_some() && self.parents.len() <= 1
    }

    fn needs_paths(&self) -> bool {
        !self.by_trailers() && self.paths.is_none()
    }

    /// Whether this commit changed `scope`. Hand edits and merges count
    /// only when `hand_edits` is set.
    pub(crate) fn touches(&self, scope: &Scope<'_>, hand_edits: bool) -> Touch {
        if self.by_trailers() {
            let case = self.case.as_deref();
            return match scope {
                Scope::All => Touch::Yes,
                Scope::Case(c) if case == Some(*c) => Touch::Yes,
                Scope::Claim(c, k) if case == Some(*c) => match self.claim.as_deref() {
                    Some(cl) if cl == *k => Touch::Yes,
                    // A claim proposed at intake has no commit of its own
                    // before its first change: `new-case` made its file
                    // when the claim is in that commit's tree.
                    None if self.action == Some(Action::NewCase) => Touch::IfClaimInTree,
                    _ => Touch::No,
                },
                _ => Touch::No,
            };
        }
        if !hand_edits {
            return Touch::No;
        }
        let Some(sets) = &self.paths else {
            return Touch::No;
        };
        let target = match scope {
            Scope::All => String::new(),
            Scope::Case(c) => escape(c),
            Scope::Claim(c, k) => format!("{}/claims/{}.yaml", escape(c), escape(k)),
        };
        // Like `git log -- PATH`: a merge counts only when it differs from
        // every parent there (it resolved something itself).
        if !sets.is_empty() && sets.iter().all(|s| differs(s, &target)) {
            Touch::Yes
        } else {
            Touch::No
        }
    }
}

/// What a `log` asks about.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// Every commit that changed something under `cases/`.
    All,
    /// One case folder.
    Case(&'a str),
    /// One claim file: case, claim.
    Claim(&'a str, &'a str),
}

/// Answer of [`Meta::touches`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Touch {
    /// Not about this scope.
    No,
    /// About this scope.
    Yes,
    /// A `new-case` commit: about the claim when its tree holds the file.
    IfClaimInTree,
}

/// True when a set of changed paths (see [`PathSet`]) touches `target`
/// (escaped, relative to `cases/`; empty means anything).
fn differs(set: &[Box<str>], target: &str) -> bool {
    set.iter().any(|p| {
        let p: &str = p;
        target.is_empty()
            || p == "*"
            || p == target
            || (target.len() > p.len()
                && target.starts_with(p)
                && target.as_bytes()[p.len()] == b'/')
            || (p.len() > target.len()
                && p.starts_with(target)
                && p.as_bytes()[target.len()] == b'/')
    })
}

/// Hash-map key for commit ids: compares the raw bytes in Rust instead of
/// calling into libgit2 for every comparison (a hot path at 100,000 commits).
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

/// The cache's file name inside the git directory.
pub const CACHE_FILE: &str = "factdesk-history-v2.cache";
/// The previous format's file, removed when the new one is written.
const OLD_CACHE_FILE: &str = "factdesk-history-v1.cache";
const MAGIC: &str = "factdesk history cache v2";

fn header(prefix: &str) -> String {
    format!("{MAGIC}\tprefix={}\n", escape(prefix))
}

/// Escapes the characters the cache's line format uses, and `*`.
fn escape(s: &str) -> String {
    if !s.bytes().any(|b| b"%|;\t\n\r*".contains(&b)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '%' | '|' | ';' | '\t' | '\n' | '\r' | '*' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// One commit's [`Meta`], read from the object database; `None` when the
/// object is not a commit this walk can read.
pub(crate) fn read_meta(odb: &Odb<'_>, id: Oid) -> Result<Option<Meta>, git2::Error> {
    Ok(parse_raw(odb.read(id)?.data()))
}

/// The commit's root tree, parents, committer time and factdesk trailers,
/// from the raw object (no libgit2 commit parsing).
fn parse_raw(data: &[u8]) -> Option<Meta> {
    let split = data.windows(2).position(|w| w == b"\n\n");
    let (head, msg) = match split {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let mut parents = Vec::new();
    let mut time = 0;
    let mut tree = None;
    for line in head.split(|&b| b == b'\n') {
        if let Some(p) = line.strip_prefix(b"parent ") {
            parents.push(Oid::from_str(std::str::from_utf8(p).ok()?).ok()?);
        } else if let Some(t) = line.strip_prefix(b"tree ") {
            tree = Some(Oid::from_str(std::str::from_utf8(t).ok()?).ok()?);
        } else if let Some(c) = line.strip_prefix(b"committer ") {
            // `Name <email> 1699000000 +0700`: the time is the second-last field.
            let s = String::from_utf8_lossy(c);
            let mut it = s.rsplitn(3, ' ');
            let _tz = it.next();
            time = it.next()?.parse().ok()?;
        }
    }
    let (mut case, mut claim, mut action) = (None, None, None);
    if msg.windows(9).any(|w| w == b"Factdesk-") {
        if let Ok(Some(t)) = Trailers::parse(&String::from_utf8_lossy(msg)) {
            action = Some(t.action);
            case = t.case.map(|c| Rc::from(c.as_str()));
            claim = t.claim.map(|c| Rc::from(c.as_str()));
        }
    }
    Some(Meta {
        time,
        parents,
        action,
        case,
        claim,
        paths: None,
        tree,
    })
}

/// The loaded cache: entries, and the tip it was last extended to.
#[derive(Default)]
struct Cache {
    map: HashMap<Key, Meta>,
    tip: Option<Oid>,
    /// The file held a valid header and ended cleanly: new entries can be
    /// appended to it.
    appendable: bool,
    /// Number of `tip` lines; many of them make the file worth rewriting.
    tips: usize,
}

fn load(repo: &Repository, prefix: &str) -> Cache {
    let Ok(text) = std::fs::read_to_string(repo.path().join(CACHE_FILE)) else {
        return Cache::default();
    };
    let Some(body) = text.strip_prefix(&header(prefix)) else {
        return Cache::default();
    };
    // A torn last line (a killed writer) is dropped, and the file rewritten.
    let (body, clean) = match body.rfind('\n') {
        Some(i) => (&body[..=i], i + 1 == body.len()),
        None => ("", body.is_empty()),
    };
    match load_body(body) {
        Some(mut c) => {
            c.appendable = clean;
            c
        }
        None => Cache::default(), // corrupt: rebuilt by the walk
    }
}

fn load_body<'a>(body: &'a str) -> Option<Cache> {
    let mut c = Cache {
        map: HashMap::with_capacity(body.len() / 100 + 16),
        ..Cache::default()
    };
    // Thousands of commits share a few thousand case and claim ids.
    let mut names: HashMap<&'a str, Rc<str>> = HashMap::new();
    let mut intern = |s: &'a str| -> Option<Rc<str>> {
        if s.is_empty() {
            return None;
        }
        Some(names.entry(s).or_insert_with(|| Rc::from(s)).clone())
    };
    for line in body.lines() {
        if let Some(t) = line.strip_prefix("tip ") {
            c.tip = Some(Oid::from_str(t).ok()?);
            c.tips += 1;
            continue;
        }
        let mut f = line.split('\t');
        let (oid, time, parents, action, case, claim, paths) = (
            f.next()?,
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
        let action = match action {
            "-" => None,
            a => Some(Action::parse(a)?),
        };
        let paths = match paths {
            "-" => None,
            p => Some(
                p.split(';')
                    .map(|set| {
                        set.split('|')
                            .filter(|s| !s.is_empty())
                            .map(Box::from)
                            .collect()
                    })
                    .collect(),
            ),
        };
        let meta = Meta {
            time,
            parents: ps,
            action,
            case: intern(case),
            claim: intern(claim),
            paths,
            tree: None,
        };
        if meta.needs_paths() {
            return None;
        }
        c.map.insert(Key(oid), meta);
    }
    Some(c)
}

/// One line of the cache file.
fn line(out: &mut String, oid: Oid, m: &Meta) {
    use std::fmt::Write as _;
    let _ = write!(out, "{oid}\t{}\t", m.time);
    for (i, p) in m.parents.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{p}");
    }
    out.push('\t');
    out.push_str(m.action.map_or("-", |a| a.as_str()));
    out.push('\t');
    out.push_str(m.case.as_deref().unwrap_or(""));
    out.push('\t');
    out.push_str(m.claim.as_deref().unwrap_or(""));
    out.push('\t');
    match &m.paths {
        None => out.push('-'),
        Some(sets) => {
            for (i, set) in sets.iter().enumerate() {
                if i > 0 {
                    out.push(';');
                }
                out.push_str(&set.join("|"));
            }
        }
    }
    out.push('\n');
}

/// Replaces the cache file (atomically); a failure only loses speed.
fn save(repo: &Repository, prefix: &str, cache: &Cache, tip: Oid) {
    let mut s = String::with_capacity(cache.map.len() * 120 + 64);
    s.push_str(&header(prefix));
    for (Key(oid), m) in &cache.map {
        if !m.needs_paths() {
            line(&mut s, *oid, m);
        }
    }
    s.push_str(&format!("tip {tip}\n"));
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
    let _ = std::fs::remove_file(repo.path().join(OLD_CACHE_FILE));
}

/// Appends lines to the cache file in one write (`O_APPEND`, so two
/// appenders never interleave within a line).
fn append(repo: &Repository, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(repo.path().join(CACHE_FILE))?;
    f.write_all(text.as_bytes())
}

/// The tip the cache was last extended to, read from the file's end only.
fn recorded_tip(repo: &Repository, prefix: &str) -> Option<Oid> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(repo.path().join(CACHE_FILE)).ok()?;
    let mut head = vec![0; header(prefix).len()];
    f.read_exact(&mut head).ok()?;
    if head != header(prefix).as_bytes() {
        return None;
    }
    let len = f.seek(SeekFrom::End(0)).ok()?;
    let back = len.min(50);
    f.seek(SeekFrom::End(-(back as i64))).ok()?;
    let mut tail = String::new();
    f.read_to_string(&mut tail).ok()?;
    let last = tail.strip_suffix('\n')?.rsplit('\n').next()?;
    Oid::from_str(last.strip_prefix("tip ")?).ok()
}

/// Records a commit factdesk just made, when the cache's tip is its parent:
/// one appended entry, no walk. Otherwise (no cache, or HEAD moved by
/// something else since) the cache is left for the next `log` to extend.
/// Returns whether it appended. Never fails the caller: the commit is made.
pub(crate) fn append_commit(repo: &Repository, prefix: &str, id: Oid) -> bool {
    let Ok(odb) = repo.odb() else {
        return false;
    };
    let Ok(Some(meta)) = read_meta(&odb, id) else {
        return false;
    };
    // Only a commit the trailers describe: anything else needs a tree diff,
    // which the next walk does.
    if !meta.by_trailers() || meta.parents.len() != 1 {
        return false;
    }
    if recorded_tip(repo, prefix) != Some(meta.parents[0]) {
        return false;
    }
    let mut s = String::with_capacity(200);
    line(&mut s, id, &meta);
    s.push_str(&format!("tip {id}\n"));
    append(repo, &s).is_ok()
}

/// Walks from `start`, newest committer time first, calling `visit` with
/// each commit's id and metadata until it returns false. Reads each commit
/// object at most once, and not at all when the cache knows it.
/// `prefix` is the workspace's folder in the repository (`""` or `dir/`).
pub(crate) fn walk(
    repo: &Repository,
    prefix: &str,
    start: Oid,
    mut visit: impl FnMut(Oid, &Meta) -> bool,
) -> Result<(), git2::Error> {
    let mut cache = load(repo, prefix);
    let before: HashSet<Key> = if cache.appendable {
        cache.map.keys().copied().collect()
    } else {
        HashSet::new()
    };
    // Reading tens of thousands of commits: skip re-hashing every object
    // (libgit2's strict verification; git itself does not re-hash on read)
    // and the parsed-object cache, which only churns here. Both are
    // process-wide switches, restored to libgit2's defaults afterwards.
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
    let result = walk_inner(repo, prefix, start, &mut cache, &mut visit);
    git2::opts::strict_hash_verification(true);
    git2::opts::enable_caching(true);
    let new: Vec<(Oid, &Meta)> = cache
        .map
        .iter()
        .filter(|(k, m)| !m.needs_paths() && !before.contains(k))
        .map(|(k, m)| (k.0, m))
        .collect();
    let rewrite = !cache.appendable || (cache.tips > 1000 && cache.tips > cache.map.len());
    if rewrite {
        save(repo, prefix, &cache, start);
    } else if !new.is_empty() || cache.tip != Some(start) {
        let mut s = String::with_capacity(new.len() * 120 + 50);
        for (oid, m) in new {
            line(&mut s, oid, m);
        }
        s.push_str(&format!("tip {start}\n"));
        if append(repo, &s).is_err() {
            save(repo, prefix, &cache, start);
        }
    }
    result
}

fn walk_inner(
    repo: &Repository,
    prefix: &str,
    start: Oid,
    cache: &mut Cache,
    visit: &mut impl FnMut(Oid, &Meta) -> bool,
) -> Result<(), git2::Error> {
    let odb = repo.odb()?;
    let map = &mut cache.map;
    let get = |oid: Oid, map: &mut HashMap<Key, Meta>| -> Result<i64, git2::Error> {
        if let Some(m) = map.get(&Key(oid)) {
            return Ok(m.time);
        }
        let obj = odb.read(oid)?;
        let m = parse_raw(obj.data())
            .ok_or_else(|| git2::Error::from_str("unparsable commit object"))?;
        let t = m.time;
        map.insert(Key(oid), m);
        Ok(t)
    };
    let cases: Vec<&[u8]> = prefix
        .split('/')
        .filter(|s| !s.is_empty())
        .chain(["cases"])
        .map(str::as_bytes)
        .collect();
    let mut heap = BinaryHeap::new();
    let mut seen: HashSet<Key> = HashSet::with_capacity(map.len() + 16);
    let mut seq: u64 = 0;
    let t = get(start, map)?;
    heap.push((t, Reverse(seq), start));
    seen.insert(Key(start));
    while let Some((_, _, oid)) = heap.pop() {
        let Some(meta) = map.get(&Key(oid)) else {
            continue;
        };
        if meta.needs_paths() {
            let paths = changed_paths(&odb, map, &cases, oid)?;
            if let Some(m) = map.get_mut(&Key(oid)) {
                m.paths = Some(paths.into());
            }
        }
        let Some(meta) = map.get(&Key(oid)) else {
            continue;
        };
        if !visit(oid, meta) {
            break;
        }
        let parents = meta.parents.clone();
        for p in parents {
            if seen.insert(Key(p)) {
                // A missing parent (shallow clone) ends that line of history.
                if let Ok(t) = get(p, map) {
                    seq += 1;
                    heap.push((t, Reverse(seq), p));
                }
            }
        }
    }
    Ok(())
}

/// The root tree of a commit: from the walk's own reading, else the object.
fn tree_of(odb: &Odb<'_>, map: &HashMap<Key, Meta>, oid: Oid) -> Option<Oid> {
    if let Some(t) = map.get(&Key(oid)).and_then(|m| m.tree) {
        return Some(t);
    }
    read_meta(odb, oid).ok()??.tree
}

/// The paths under `cases/` where `oid` differs from each parent.
fn changed_paths(
    odb: &Odb<'_>,
    map: &HashMap<Key, Meta>,
    cases: &[&[u8]],
    oid: Oid,
) -> Result<Vec<PathSet>, git2::Error> {
    let mine =
        tree_of(odb, map, oid).ok_or_else(|| git2::Error::from_str("commit without tree"))?;
    let mine = subtree(odb, mine, cases)?;
    let parents = map
        .get(&Key(oid))
        .map(|m| m.parents.clone())
        .unwrap_or_default();
    let mut sets = Vec::with_capacity(parents.len().max(1));
    if parents.is_empty() {
        sets.push(diff_entry(odb, None, mine)?);
    }
    for p in parents {
        // A parent missing from the object database (shallow clone): its
        // side counts as empty.
        let theirs = match tree_of(odb, map, p) {
            Some(t) => subtree(odb, t, cases)?,
            None => None,
        };
        sets.push(diff_entry(odb, theirs, mine)?);
    }
    Ok(sets)
}

/// A tree entry: id, and whether it is a tree.
type Ent = Option<(Oid, bool)>;

/// Follows `path` from a root tree: the entry there, if any.
fn subtree(odb: &Odb<'_>, root: Oid, path: &[&[u8]]) -> Result<Ent, git2::Error> {
    let mut cur = (root, true);
    for name in path {
        if !cur.1 {
            return Ok(None);
        }
        let obj = odb.read(cur.0)?;
        let found = entries(obj.data()).find(|e| e.name == *name);
        match found {
            Some(e) => cur = (e.id, e.tree),
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

fn diff_entry(odb: &Odb<'_>, old: Ent, new: Ent) -> Result<PathSet, git2::Error> {
    let mut out = Vec::new();
    match (old, new) {
        (None, None) => {}
        (Some(a), Some(b)) if a == b => {}
        (Some((a, true)), Some((b, true))) => diff_trees(odb, a, b, "", &mut out)?,
        _ => out.push(Box::from("*")),
    }
    out.dedup();
    Ok(out)
}

/// One entry of a raw tree object.
struct RawEntry<'a> {
    name: &'a [u8],
    id: Oid,
    tree: bool,
}

/// The entries of a raw tree object (`<mode> <name>\0<20-byte id>`…), in
/// git's order; stops at the first malformed entry.
fn entries(data: &[u8]) -> impl Iterator<Item = RawEntry<'_>> {
    let mut rest = data;
    std::iter::from_fn(move || {
        let sp = rest.iter().position(|&b| b == b' ')?;
        let nul = sp + rest[sp..].iter().position(|&b| b == 0)?;
        let id = Oid::from_bytes(rest.get(nul + 1..nul + 21)?).ok()?;
        let e = RawEntry {
            tree: &rest[..sp] == b"40000",
            name: &rest[sp + 1..nul],
            id,
        };
        rest = &rest[nul + 21..];
        Some(e)
    })
}

/// git's tree order: names compared bytewise, a tree's as if ending in `/`.
fn tree_order(a: &RawEntry<'_>, b: &RawEntry<'_>) -> Ordering {
    let n = a.name.len().min(b.name.len());
    match a.name[..n].cmp(&b.name[..n]) {
        Ordering::Equal => {}
        o => return o,
    }
    let end = |e: &RawEntry<'_>| {
        e.name
            .get(n)
            .copied()
            .unwrap_or(if e.tree { b'/' } else { 0 })
    };
    end(a).cmp(&end(b))
}

/// Walks two trees side by side (both sorted), descending only into
/// subtrees whose ids differ; an added, removed or retyped entry is
/// recorded whole.
fn diff_trees(
    odb: &Odb<'_>,
    old: Oid,
    new: Oid,
    base: &str,
    out: &mut PathSet,
) -> Result<(), git2::Error> {
    let (o, n) = (odb.read(old)?, odb.read(new)?);
    let mut a = entries(o.data()).peekable();
    let mut b = entries(n.data()).peekable();
    let path = |e: &RawEntry<'_>| -> String {
        let name = escape(&String::from_utf8_lossy(e.name));
        if base.is_empty() {
            name
        } else {
            format!("{base}/{name}")
        }
    };
    loop {
        let ord = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(x), Some(y)) => tree_order(x, y),
        };
        match ord {
            Ordering::Less => {
                if let Some(x) = a.next() {
                    out.push(path(&x).into());
                }
            }
            Ordering::Greater => {
                if let Some(y) = b.next() {
                    out.push(path(&y).into());
                }
            }
            Ordering::Equal => {
                let (Some(x), Some(y)) = (a.next(), b.next()) else {
                    break;
                };
                if x.id == y.id {
                    continue;
                }
                if x.tree && y.tree {
                    diff_trees(odb, x.id, y.id, &path(&y), out)?;
                } else {
                    out.push(path(&y).into());
                }
            }
        }
    }
    Ok(())
}

/// Whether the commit's tree holds a file at `path` (repository-relative).
pub(crate) fn has_path(repo: &Repository, commit: Oid, path: &str) -> bool {
    repo.find_commit(commit)
        .and_then(|c| c.tree())
        .is_ok_and(|t| t.get_path(std::path::Path::new(path)).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visited(repo: &Repository) -> Vec<(Oid, Option<String>)> {
        let head = repo.head().unwrap().peel_to_commit().unwrap().id();
        let mut v = Vec::new();
        walk(repo, "", head, |oid, m| {
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
        assert_eq!(load(&repo, "").map.len(), 5);
        assert_eq!(visited(&repo), cold, "warm walk equals cold walk");
        std::fs::write(&cache, format!("{}garbage\n", header(""))).unwrap();
        assert!(load(&repo, "").map.is_empty());
        assert_eq!(visited(&repo), cold, "a corrupt cache is rebuilt");
        assert_eq!(load(&repo, "").map.len(), 5);
        // A torn last line is dropped, and the file rewritten whole.
        let text = std::fs::read_to_string(&cache).unwrap();
        std::fs::write(&cache, &text[..text.len() - 10]).unwrap();
        assert!(!load(&repo, "").appendable);
        assert_eq!(visited(&repo), cold);
        assert!(load(&repo, "").appendable);
        // Another workspace folder in the same repository starts afresh.
        assert!(load(&repo, "sub/").map.is_empty());
    }

    #[test]
    fn parses_raw_commits() {
        let raw = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1699000000 +0700\ncommitter A <a@x> 1699000060 +0700\n\ns\n\nFactdesk-Case: a-case\nFactdesk-Claim: c01\nFactdesk-Action: set\n";
        let m = parse_raw(raw).unwrap();
        assert_eq!(m.time, 1699000060);
        assert_eq!(m.parents.len(), 1);
        assert_eq!(m.action, Some(Action::Set));
        assert!(m.tree.is_some());
        assert_eq!(m.case.as_deref(), Some("a-case"));
        assert_eq!(m.claim.as_deref(), Some("c01"));
        let plain = parse_raw(b"tree x\ncommitter A <a@x> 5 +0000\n\nhand edit\n");
        assert!(plain.is_none(), "a bad tree id is not a commit");
        let plain = parse_raw(
            b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter A <a@x> 5 +0000\n\nhand edit\n",
        )
        .unwrap();
        assert!(plain.action.is_none());
        assert!(plain.needs_paths());
        assert!(plain.parents.is_empty());
    }

    #[test]
    fn path_sets_match_like_pathspecs() {
        let set: PathSet = vec!["a-case/claims/c01.yaml".into(), "b-case".into()];
        assert!(differs(&set, "a-case/claims/c01.yaml"));
        assert!(differs(&set, "a-case"), "a file inside the case");
        assert!(!differs(&set, "a-case/claims/c02.yaml"));
        assert!(differs(&set, "b-case/claims/c09.yaml"), "the whole case");
        assert!(!differs(&set, "b-cas"));
        assert!(!differs(&set, "a-case/claims/c01.yam"));
        assert!(differs(&["*".into()], "x/claims/c01.yaml"));
        assert!(differs(&set, ""));
        assert!(!differs(&[], ""));
        assert_eq!(escape("a|b*%"), "a%7Cb%2A%25");
    }
}
