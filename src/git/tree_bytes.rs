//! git tree objects as bytes: read, changed by name and written again,
//! without libgit2's tree builder.
//!
//! A change rebuilds the trees on its paths only, but one of them is
//! large: at 20,000 cases `cases/` is a tree of 20,000 entries (1.2 MB).
//! On a fresh clone that tree sits in the pack at the end of a delta chain
//! that libgit2 resolves entry by entry, which was most of the difference
//! between a first `set` and a warm one. Working on bytes lets the change
//! take the tree from wherever it is cheapest, the object database or the
//! index's cache tree ([`super::index_file::IndexFile::tree_of`]), always
//! proven by its id ([`id`]), and write the new one in one pass.
//! Format: <https://git-scm.com/docs/gitformat-tree>. Plain bytes, no IO.

use sha1::{Digest, Sha1};
use std::cmp::Ordering;
use std::ops::Range;

/// The mode of a subtree.
pub const TREE: u32 = 0o040000;

/// One entry of a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// `0o100644`, `0o100755`, `0o120000`, `0o160000` or [`TREE`].
    pub mode: u32,
    /// One path component: not empty, no `/`, no NUL.
    pub name: &'a [u8],
    /// The object id.
    pub oid: [u8; 20],
}

impl Entry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == TREE
    }
}

/// git's order of tree entries: by name, a subtree's name read as if it
/// ended in `/` (so `a-b` comes before the folder `a`, and `a` the file
/// before it).
pub fn order(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    let n = a.name.len().min(b.name.len());
    a.name[..n].cmp(&b.name[..n]).then_with(|| {
        let end = |e: &Entry<'_>| {
            e.name
                .get(n)
                .copied()
                .unwrap_or(if e.is_tree() { b'/' } else { 0 })
        };
        end(a).cmp(&end(b))
    })
}

/// A tree object's entries, in order, with the bytes each spans; yields
/// `None` and stops where the content is not a tree (a bad mode, an empty
/// name or one with `/`, a cut-off id, entries out of order).
struct Walk<'a> {
    bytes: &'a [u8],
    pos: usize,
    prev: Option<Entry<'a>>,
    failed: bool,
}

impl<'a> Walk<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Walk {
            bytes,
            pos: 0,
            prev: None,
            failed: false,
        }
    }

    fn step(&mut self) -> Option<(Entry<'a>, Range<usize>)> {
        let rest = &self.bytes[self.pos..];
        let sp = rest.iter().take(8).position(|&c| c == b' ')?;
        let mode_text = &rest[..sp];
        if mode_text.is_empty() {
            return None;
        }
        let mut mode = 0u32;
        for &c in mode_text {
            if !(b'0'..=b'7').contains(&c) {
                return None;
            }
            mode = mode * 8 + u32::from(c - b'0');
        }
        let after = &rest[sp + 1..];
        let nul = after.iter().position(|&c| c == 0)?;
        let name = &after[..nul];
        if name.is_empty() || name.contains(&b'/') {
            return None;
        }
        let oid: [u8; 20] = after.get(nul + 1..nul + 21)?.try_into().ok()?;
        let entry = Entry { mode, name, oid };
        if let Some(prev) = &self.prev {
            if order(prev, &entry) != Ordering::Less {
                return None;
            }
        }
        self.prev = Some(entry);
        let start = self.pos;
        self.pos += sp + 1 + nul + 21;
        Some((entry, start..self.pos))
    }
}

impl<'a> Iterator for Walk<'a> {
    /// The entry and its bytes, or `None` for damage.
    type Item = Option<(Entry<'a>, Range<usize>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos == self.bytes.len() {
            return None;
        }
        let step = self.step();
        self.failed = step.is_none();
        Some(step)
    }
}

/// The entries of a tree object's content, in their order, or `None` when
/// it is not one.
#[cfg(test)]
pub fn parse(bytes: &[u8]) -> Option<Vec<Entry<'_>>> {
    Walk::new(bytes).map(|e| e.map(|(e, _)| e)).collect()
}

/// The entry named `name` (whatever its kind) in a tree object's content:
/// `Some(None)` when there is none, `None` when the content is not a tree.
pub fn find<'a>(bytes: &'a [u8], name: &[u8]) -> Option<Option<Entry<'a>>> {
    for e in Walk::new(bytes) {
        let (e, _) = e?;
        if e.name == name {
            return Some(Some(e));
        }
    }
    Some(None)
}

/// A tree object's content with `changes` made: each replaces the entry
/// of the same name (whatever its kind), or is added where git's order puts
/// it. The unchanged entries are copied as they are, in one pass, with no
/// list of entries built: `cases/` at 20,000 cases has 20,000. `None` when
/// `bytes` is not a tree, or two changes have one name.
pub fn with_changes(bytes: &[u8], mut changes: Vec<Entry<'_>>) -> Option<Vec<u8>> {
    changes.sort_by(order);
    if changes.windows(2).any(|w| w[0].name == w[1].name) {
        return None;
    }
    let extra: usize = changes.iter().map(|e| e.name.len() + 28).sum();
    let mut out = Vec::with_capacity(bytes.len() + extra);
    let mut pending = changes.iter().peekable();
    for e in Walk::new(bytes) {
        let (e, span) = e?;
        while let Some(c) = pending.next_if(|c| order(c, &e) == Ordering::Less) {
            write_entry(&mut out, c);
        }
        if !changes.iter().any(|c| c.name == e.name) {
            out.extend_from_slice(&bytes[span]);
        }
    }
    for c in pending {
        write_entry(&mut out, c);
    }
    Some(out)
}

/// A tree object's content for `entries`, which are in git's order.
pub fn write(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.name.len() + 28).sum());
    for e in entries {
        write_entry(&mut out, e);
    }
    out
}

fn write_entry(out: &mut Vec<u8>, e: &Entry<'_>) {
    // Octal with no leading zero: `40000` for a folder, as git writes it.
    let mut digits = [0u8; 11];
    let mut at = digits.len();
    let mut mode = e.mode;
    loop {
        at -= 1;
        digits[at] = b'0' + (mode & 7) as u8;
        mode >>= 3;
        if mode == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
    out.push(b' ');
    out.extend_from_slice(e.name);
    out.push(0);
    out.extend_from_slice(&e.oid);
}

/// The object id git gives a tree with this content.
pub fn id(content: &[u8]) -> [u8; 20] {
    let mut h = Sha1::new();
    h.update(format!("tree {}\0", content.len()).as_bytes());
    h.update(content);
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{ObjectType, Oid, Repository};

    fn e(mode: u32, name: &str, n: u8) -> Entry<'_> {
        Entry {
            mode,
            name: name.as_bytes(),
            oid: [n; 20],
        }
    }

    fn repo() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        (dir, repo)
    }

    /// Names that sort differently as files and as folders, and modes of
    /// every kind: libgit2's tree builder is the reference for order,
    /// bytes and id.
    #[test]
    fn writes_what_libgit2_writes() {
        let (_d, repo) = repo();
        let blob = repo.blob(b"x").unwrap();
        let sub = {
            let mut b = repo.treebuilder(None).unwrap();
            b.insert("f", blob, 0o100644).unwrap();
            b.write().unwrap()
        };
        let names = [
            ("a", TREE),
            ("a-b", 0o100644),
            ("a.c", 0o100755),
            ("a0", 0o120000),
            ("b", 0o100644),
            ("b.d", TREE),
            ("ab", TREE),
            ("z", 0o160000),
            ("é", 0o100644),
        ];
        let mut builder = repo.treebuilder(None).unwrap();
        let mut ours = Vec::new();
        for (name, mode) in names {
            let id = if mode == TREE { sub } else { blob };
            builder.insert(name, id, mode as i32).unwrap();
            let mut oid = [0u8; 20];
            oid.copy_from_slice(id.as_bytes());
            ours.push(Entry {
                mode,
                name: name.as_bytes(),
                oid,
            });
        }
        let theirs = builder.write().unwrap();
        let bytes = with_changes(b"", ours.clone()).unwrap();
        assert_eq!(Oid::from_bytes(&id(&bytes)).unwrap(), theirs);
        let odb = repo.odb().unwrap();
        let stored = odb.read(theirs).unwrap();
        assert_eq!(stored.kind(), ObjectType::Tree);
        assert_eq!(stored.data(), bytes.as_slice());
        let parsed = parse(stored.data()).unwrap();
        assert_eq!(write(&parsed), bytes);
        assert_eq!(parsed.len(), ours.len());
    }

    #[test]
    fn changes_replace_by_name_and_move_a_changed_kind() {
        // In git's order: the folder `a` sorts as `a/`, after `a-b`.
        let start = write(&[e(0o100644, "a-b", 2), e(TREE, "a", 1)]);
        assert!(parse(&start).is_some());
        let file = with_changes(&start, vec![e(0o100644, "a", 3)]).unwrap();
        assert_eq!(
            parse(&file).unwrap(),
            vec![e(0o100644, "a", 3), e(0o100644, "a-b", 2)]
        );
        let back = with_changes(&file, vec![e(TREE, "a", 4), e(0o100644, "0", 5)]).unwrap();
        assert_eq!(
            parse(&back).unwrap(),
            vec![e(0o100644, "0", 5), e(0o100644, "a-b", 2), e(TREE, "a", 4)]
        );
        assert_eq!(find(&back, b"a"), Some(Some(e(TREE, "a", 4))));
        assert_eq!(find(&back, b"b"), Some(None));
        assert_eq!(find(&back[..back.len() - 1], b"zz"), None, "damage");
        assert_eq!(
            with_changes(&back, vec![e(TREE, "x", 1), e(0o100644, "x", 2)]),
            None,
            "one name twice"
        );
        assert_eq!(
            with_changes(&back[..back.len() - 1], vec![e(TREE, "x", 1)]),
            None
        );
    }

    #[test]
    fn refuses_what_is_not_a_tree() {
        let good = write(&[e(0o100644, "a", 1), e(TREE, "b", 2)]);
        assert!(parse(&good).is_some());
        assert!(parse(&good[..good.len() - 1]).is_none(), "cut-off id");
        let swapped = write(&[e(TREE, "b", 2), e(0o100644, "a", 1)]);
        assert!(parse(&swapped).is_none(), "out of order");
        assert!(parse(b"10x644 a\0aaaaaaaaaaaaaaaaaaaa").is_none(), "mode");
        assert!(
            parse(b"100644 \0aaaaaaaaaaaaaaaaaaaa").is_none(),
            "empty name"
        );
        assert!(
            parse(b"100644 a/b\0aaaaaaaaaaaaaaaaaaaa").is_none(),
            "slash"
        );
        assert!(parse(b"100644 a").is_none(), "no NUL");
        assert_eq!(parse(b"").unwrap(), vec![]);
    }
}
