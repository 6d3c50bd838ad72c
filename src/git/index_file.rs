//! git's index file as bytes: the entries of a few paths found, and the
//! file written again with exactly those entries replaced, without
//! building the whole index in memory. At 20,000 cases the index holds
//! 260,000 entries (33 MB); libgit2 hashes every one into a map to read it
//! and rebuilds the file entry by entry to write it, which was nine tenths
//! of a one-claim change. Here the unchanged runs of entries are copied as
//! they are. Format: <https://git-scm.com/docs/index-format>.
//!
//! Only versions 2 and 3 are handled. Version 4 (prefix-compressed
//! names), a split index (`link`), a sparse index (`sdir`) or any other
//! required extension is [`IndexError::Unsupported`]: the caller uses
//! libgit2 for those. Plain bytes, no IO.

use super::sha1_marks::{Hasher, Marks};
use std::borrow::Cow;

const HEADER: usize = 12;
const HASH: usize = 20;
/// Stat data (40 bytes), object id (20) and flags (2) before the name.
const FIXED: usize = 62;
const EXTENDED: u16 = 0x4000;
const NAME_MASK: u16 = 0x0fff;

/// Told of each stretch of the file a pass over it is done with, so that
/// the pages of a mapped file can leave the process behind the pass
/// (`bulk::Mapped::release`): at 260,000 entries the index is 32 MB, which
/// held whole was two thirds of a `set`'s peak memory. Only ever a hint:
/// the bytes stay readable.
pub type Release<'a> = &'a (dyn Fn(&[u8]) + Sync);

fn keep(_: &[u8]) {}

/// Releases nothing (bytes in memory that are not a mapping).
pub const KEEP: Release<'static> = &keep;

/// A pass's position in the file; hands what lies behind it to a
/// [`Release`] a megabyte at a time.
struct Behind<'a> {
    release: Release<'a>,
    bytes: &'a [u8],
    from: usize,
}

impl<'a> Behind<'a> {
    const STEP: usize = 1 << 20;

    fn new(release: Release<'a>, bytes: &'a [u8]) -> Self {
        Behind {
            release,
            bytes,
            from: 0,
        }
    }

    /// The pass has read everything before `pos`.
    fn at(&mut self, pos: usize) {
        if pos >= self.from + Self::STEP {
            self.done_to(pos);
        }
    }

    fn done_to(&mut self, pos: usize) {
        let pos = pos.min(self.bytes.len());
        if pos > self.from {
            (self.release)(&self.bytes[self.from..pos]);
            self.from = pos;
        }
    }
}

/// Why an index was not patched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// A valid index this module does not handle (version 4, a required
    /// extension, a file/folder clash): libgit2 does it instead.
    Unsupported(String),
    /// Not a well-formed index file.
    Corrupt(String),
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unsupported(why) => write!(f, "index not handled here: {why}"),
            Self::Corrupt(why) => write!(f, "the index is damaged: {why}"),
        }
    }
}

fn corrupt(why: &str) -> IndexError {
    IndexError::Corrupt(why.into())
}

/// One entry's id, mode and stage, as found by [`IndexFile::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The blob id.
    pub oid: [u8; 20],
    /// The file mode, e.g. `0o100644`.
    pub mode: u32,
}

/// A stage-0 entry to write: the stat data git compares to know a file
/// unchanged without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// `/`-separated, repository-relative.
    pub path: Vec<u8>,
    /// Blob id.
    pub oid: [u8; 20],
    /// File mode (`0o100644`, `0o100755`).
    pub mode: u32,
    /// Seconds and nanoseconds of the change time.
    pub ctime: (u32, u32),
    /// Seconds and nanoseconds of the modification time.
    pub mtime: (u32, u32),
    /// Device, inode, owner, group, size (each truncated to 32 bits, as git does).
    pub dev: u32,
    #[allow(missing_docs)]
    pub ino: u32,
    #[allow(missing_docs)]
    pub uid: u32,
    #[allow(missing_docs)]
    pub gid: u32,
    #[allow(missing_docs)]
    pub size: u32,
}

/// A change to the index: an entry added or replaced (all stages of its
/// path give way to it), or a path removed (all stages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Adds or replaces the stage-0 entry of `path`.
    Upsert(NewEntry),
    /// Removes every entry of this path.
    Remove(Vec<u8>),
}

impl Change {
    fn path(&self) -> &[u8] {
        match self {
            Change::Upsert(e) => &e.path,
            Change::Remove(p) => p,
        }
    }
}

/// A racily clean entry ([`IndexFile::racy`]): what to compare with the
/// file in the work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Racy<'a> {
    /// Its position, for [`IndexFile::patch_to`]'s `smudge`.
    pub index: usize,
    /// Repository-relative path.
    pub path: &'a [u8],
    /// Modification time (seconds, nanoseconds), inode, mode and size, as recorded.
    pub mtime: (u32, u32),
    #[allow(missing_docs)]
    pub ino: u32,
    #[allow(missing_docs)]
    pub mode: u32,
    #[allow(missing_docs)]
    pub size: u32,
    /// The blob id recorded.
    pub oid: [u8; 20],
}

/// A parsed index: where each entry starts, nothing copied.
pub struct IndexFile<'a> {
    bytes: &'a [u8],
    version: u32,
    /// Start of each entry, then the end of the last one (`u32`: the file
    /// is refused over 4 GB, and at 260,000 entries this is 1 MB less of
    /// a `set`'s peak memory).
    offsets: Vec<u32>,
    /// Extensions: signature and data range.
    extensions: Vec<([u8; 4], std::ops::Range<usize>)>,
    conflicts: bool,
    release: Release<'a>,
}

fn be32(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_be_bytes(w)
}

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

impl<'a> IndexFile<'a> {
    /// Walks the entry table once (flags only, plus a check that the
    /// entries are in git's order, which the binary search relies on) and
    /// the extension list. The checksum is checked separately
    /// ([`Self::checksum_ok`]), so that it can run beside other work.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, IndexError> {
        Self::parse_releasing(bytes, KEEP)
    }

    /// [`Self::parse`], and every later pass over the whole file (the
    /// walk for racy entries, the copy in [`Self::patch_to`]) tells
    /// `release` what it is done with.
    pub fn parse_releasing(bytes: &'a [u8], release: Release<'a>) -> Result<Self, IndexError> {
        let mut behind = Behind::new(release, bytes);
        if bytes.len() < HEADER + HASH || &bytes[..4] != b"DIRC" {
            return Err(corrupt("no index header"));
        }
        let version = be32(bytes, 4);
        match version {
            2 | 3 => {}
            4 => return Err(IndexError::Unsupported("index version 4".into())),
            v => return Err(corrupt(&format!("unknown index version {v}"))),
        }
        if u32::try_from(bytes.len()).is_err() {
            return Err(corrupt("an index over 4 GB"));
        }
        let count = be32(bytes, 8) as usize;
        let body_end = bytes.len() - HASH;
        let mut offsets = Vec::with_capacity(count.min(body_end / FIXED) + 1);
        let mut conflicts = false;
        let mut pos = HEADER;
        let mut prev: Option<(&[u8], u16)> = None;
        for _ in 0..count {
            if pos + FIXED > body_end {
                return Err(corrupt("entries run past the end"));
            }
            let flags = be16(bytes, pos + 60);
            let mut name_at = pos + FIXED;
            if flags & EXTENDED != 0 {
                if version < 3 {
                    return Err(corrupt("extended flags in a version 2 index"));
                }
                name_at += 2;
            }
            let stage = (flags >> 12) & 3;
            conflicts |= stage > 0;
            let short = (flags & NAME_MASK) as usize;
            let len = if short < NAME_MASK as usize {
                if name_at + short >= body_end || bytes[name_at + short] != 0 {
                    return Err(corrupt("an entry name is not terminated"));
                }
                short
            } else {
                bytes[name_at..body_end]
                    .iter()
                    .position(|&c| c == 0)
                    .ok_or_else(|| corrupt("an entry name is not terminated"))?
            };
            let name = &bytes[name_at..name_at + len];
            if let Some(p) = prev {
                if p >= (name, stage) {
                    return Err(corrupt("entries out of order"));
                }
            }
            prev = Some((name, stage));
            offsets.push(pos as u32);
            behind.at(pos);
            pos += (name_at - pos + len + 8) & !7;
            if pos > body_end {
                return Err(corrupt("entries run past the end"));
            }
        }
        offsets.push(pos as u32);
        let mut extensions = Vec::new();
        while pos < body_end {
            if pos + 8 > body_end {
                return Err(corrupt("an extension header is cut off"));
            }
            let mut sig = [0u8; 4];
            sig.copy_from_slice(&bytes[pos..pos + 4]);
            let size = be32(bytes, pos + 4) as usize;
            let data = pos + 8..pos + 8 + size;
            if data.end > body_end {
                return Err(corrupt("an extension runs past the end"));
            }
            if !sig[0].is_ascii_uppercase() {
                return Err(IndexError::Unsupported(format!(
                    "required extension {}",
                    String::from_utf8_lossy(&sig)
                )));
            }
            pos = data.end;
            extensions.push((sig, data));
        }
        behind.done_to(pos);
        Ok(IndexFile {
            bytes,
            version,
            offsets,
            extensions,
            conflicts,
            release,
        })
    }

    /// Whether the trailing SHA-1 matches (an all-zero one, which
    /// `index.skipHash` writes, is accepted as git accepts it).
    pub fn checksum_ok(&self) -> bool {
        checksum_releasing(self.bytes, self.release)
    }

    /// Whether any entry is at a stage above 0 (an unresolved conflict).
    pub fn has_conflicts(&self) -> bool {
        self.conflicts
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether the index has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where entry `i` starts (`len()` for the end of the last).
    fn off(&self, i: usize) -> usize {
        self.offsets[i] as usize
    }

    fn name_and_stage(&self, i: usize) -> (&'a [u8], u16) {
        let pos = self.off(i);
        let flags = be16(self.bytes, pos + 60);
        let name_at = pos + FIXED + if flags & EXTENDED != 0 { 2 } else { 0 };
        let short = (flags & NAME_MASK) as usize;
        let len = if short < NAME_MASK as usize {
            short
        } else {
            // parse() found the terminator.
            self.bytes[name_at..]
                .iter()
                .position(|&c| c == 0)
                .unwrap_or(0)
        };
        (&self.bytes[name_at..name_at + len], (flags >> 12) & 3)
    }

    /// The first entry at or after (`name`, `stage`) in git's order.
    fn lower_bound(&self, name: &[u8], stage: u16) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.name_and_stage(mid) < (name, stage) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The stage-0 entry of `path`, by binary search.
    pub fn find(&self, path: &[u8]) -> Option<Found> {
        let i = self.lower_bound(path, 0);
        if i == self.len() || self.name_and_stage(i) != (path, 0) {
            return None;
        }
        let pos = self.off(i);
        let mut oid = [0u8; 20];
        oid.copy_from_slice(&self.bytes[pos + 40..pos + 60]);
        Some(Found {
            oid,
            mode: be32(self.bytes, pos + 24),
        })
    }

    /// Whether an entry's name is `name` (any stage).
    fn has_name(&self, name: &[u8]) -> bool {
        let i = self.lower_bound(name, 0);
        i < self.len() && self.name_and_stage(i).0 == name
    }

    /// Whether some entry lies under the folder `name`.
    fn has_below(&self, name: &[u8]) -> bool {
        let mut dir = name.to_vec();
        dir.push(b'/');
        let i = self.lower_bound(&dir, 0);
        i < self.len() && self.name_and_stage(i).0.starts_with(&dir)
    }

    /// The index with `changes` applied, in memory (see [`Self::patch_to`]).
    pub fn patch(&self, changes: &[Change], smudge: &[usize]) -> Result<Vec<u8>, IndexError> {
        let pieces = self.pieces(changes, smudge)?;
        let mut out = Vec::with_capacity(pieces.iter().map(|p| p.len()).sum::<usize>() + HASH);
        write_pieces(&pieces, &mut out, self.release, self.bytes, None)
            .map_err(|e| corrupt(&e.to_string()))?;
        Ok(out)
    }

    /// Writes the index with `changes` applied to `out`: the unchanged
    /// runs of entries copied as they are, the `TREE` extension
    /// invalidated on the changed paths' folders, `REUC` and `NAME` kept,
    /// the extensions that describe entries by position or the work tree
    /// (`UNTR`, `FSMN`, `EOIE`, `IEOT`, and unknown optional ones)
    /// dropped, as libgit2 drops them, and a new checksum. Everything is
    /// checked before the first byte is written: a path that would clash
    /// with a file or folder in the index (`a` and `a/b`) is
    /// [`IndexError::Unsupported`], and `out` is then untouched. The
    /// entries at the positions in `smudge` (racily clean ones whose file
    /// changed, see [`Self::racy`]) are written with size 0, so that git
    /// compares their content. `marks`: those of this file's hash, when
    /// known (`git::index_seen`), so the new checksum resumes from them.
    /// Gives the marks of the new file's hash.
    pub fn patch_to(
        &self,
        changes: &[Change],
        smudge: &[usize],
        marks: Option<&Marks>,
        out: &mut impl std::io::Write,
    ) -> Result<Result<Marks, std::io::Error>, IndexError> {
        let pieces = self.pieces(changes, smudge)?;
        Ok(write_pieces(&pieces, out, self.release, self.bytes, marks))
    }

    /// The new file as a list of byte runs, borrowed where unchanged.
    fn pieces(
        &self,
        changes: &[Change],
        smudge: &[usize],
    ) -> Result<Vec<Cow<'a, [u8]>>, IndexError> {
        let mut smudge = smudge.to_vec();
        smudge.sort_unstable();
        smudge.dedup();
        let mut smudge = smudge.into_iter().peekable();
        let mut sorted: Vec<&Change> = changes.iter().collect();
        sorted.sort_by(|a, b| a.path().cmp(b.path()));
        sorted.dedup_by(|later, earlier| {
            // Keep the last of equal paths, as repeated adds would.
            if later.path() == earlier.path() {
                *earlier = *later;
                true
            } else {
                false
            }
        });
        // Not adjacent when sorted: `a`, `a-b`, `a/b`.
        let upserts: Vec<&[u8]> = sorted
            .iter()
            .filter(|c| matches!(c, Change::Upsert(_)))
            .map(|c| c.path())
            .collect();
        for p in &upserts {
            for (i, _) in p.iter().enumerate().filter(|(_, &c)| c == b'/') {
                if upserts.binary_search(&&p[..i]).is_ok() {
                    return Err(IndexError::Unsupported(
                        "a changed path is a folder of another".into(),
                    ));
                }
            }
        }
        let mut pieces: Vec<Cow<'a, [u8]>> = Vec::with_capacity(2 * sorted.len() + 8);
        pieces.push(Cow::Borrowed(&self.bytes[..8]));
        pieces.push(Cow::Owned(vec![0; 4])); // the count, set below
        let mut count = self.len();
        let mut cursor = 0;
        for change in &sorted {
            let path = change.path();
            valid_path(path)?;
            let lo = self.lower_bound(path, 0);
            let mut hi = lo;
            while hi < self.len() && self.name_and_stage(hi).0 == path {
                hi += 1;
            }
            if let Change::Upsert(_) = change {
                let clash = path
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c == b'/')
                    .any(|(i, _)| self.has_name(&path[..i]))
                    || self.has_below(path);
                if clash {
                    return Err(IndexError::Unsupported(format!(
                        "{} clashes with a file or folder in the index",
                        String::from_utf8_lossy(path)
                    )));
                }
            }
            self.copy_run(&mut pieces, cursor, lo, &mut smudge);
            // A changed path is written anew, smudged or not.
            while smudge.next_if(|&k| k < hi).is_some() {}
            count -= hi - lo;
            if let Change::Upsert(e) = change {
                let mut bytes = Vec::with_capacity(entry_size(e.path.len()));
                write_entry(&mut bytes, e);
                pieces.push(Cow::Owned(bytes));
                count += 1;
            }
            cursor = hi;
        }
        self.copy_run(&mut pieces, cursor, self.len(), &mut smudge);
        let count = u32::try_from(count).map_err(|_| corrupt("too many entries"))?;
        pieces[1] = Cow::Owned(count.to_be_bytes().to_vec());
        let changed: Vec<&[u8]> = sorted.iter().map(|c| c.path()).collect();
        for (sig, range) in &self.extensions {
            let data = &self.bytes[range.clone()];
            let kept = match sig {
                b"TREE" => {
                    let kept = invalidate_tree(data, &changed)?;
                    (self.release)(data);
                    Cow::Owned(kept)
                }
                b"REUC" | b"NAME" => Cow::Borrowed(data),
                _ => continue,
            };
            let len = u32::try_from(kept.len()).map_err(|_| corrupt("extension too big"))?;
            let mut head = sig.to_vec();
            head.extend_from_slice(&len.to_be_bytes());
            pieces.push(Cow::Owned(head));
            pieces.push(kept);
        }
        Ok(pieces)
    }

    /// Entries `from..to` as they are, except that those listed in
    /// `smudge` get size 0.
    fn copy_run(
        &self,
        pieces: &mut Vec<Cow<'a, [u8]>>,
        from: usize,
        to: usize,
        smudge: &mut std::iter::Peekable<std::vec::IntoIter<usize>>,
    ) {
        let mut at = self.off(from);
        while let Some(k) = smudge.next_if(|&k| k < to) {
            if k < from {
                continue;
            }
            // The size is the last stat field, just before the id.
            pieces.push(Cow::Borrowed(&self.bytes[at..self.off(k) + 36]));
            pieces.push(Cow::Borrowed(&[0; 4]));
            at = self.off(k) + 40;
        }
        pieces.push(Cow::Borrowed(&self.bytes[at..self.off(to)]));
    }

    /// The entries git would call racily clean: modified in the second the
    /// index was written or later (`index_mtime`, seconds), so that equal
    /// stat data does not prove the file unchanged. git and libgit2 check
    /// these when they write the index and give the changed ones size 0
    /// ("smudge" them, [`Self::patch_to`]'s `smudge`); a new index written
    /// later would otherwise make them look clean for good.
    pub fn racy(&self, index_mtime: u32) -> Vec<Racy<'a>> {
        let mut out = Vec::new();
        let mut behind = Behind::new(self.release, self.bytes);
        for i in 0..self.len() {
            let pos = self.off(i);
            behind.at(pos);
            let mtime = be32(self.bytes, pos + 8);
            if mtime < index_mtime {
                continue;
            }
            let (path, stage) = self.name_and_stage(i);
            let mode = be32(self.bytes, pos + 24);
            // Submodules (gitlinks) and conflict stages have no file to compare.
            if stage != 0 || mode == 0o160000 {
                continue;
            }
            let mut oid = [0u8; 20];
            oid.copy_from_slice(&self.bytes[pos + 40..pos + 60]);
            out.push(Racy {
                index: i,
                path,
                mtime: (mtime, be32(self.bytes, pos + 12)),
                ino: be32(self.bytes, pos + 20),
                mode,
                size: be32(self.bytes, pos + 36),
                oid,
            });
        }
        out
    }

    /// The index version (2 or 3).
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The content of the tree object for the folder `dir` (`/`-separated,
    /// empty for the root) as this index describes it: its files from the
    /// entries, its subfolders from the cache tree (`TREE` extension), so
    /// that a large tree need not be read from the object database. `None`
    /// when the cache tree does not cover it (no extension, the folder or a
    /// subfolder marked changed, a conflict, counts that do not add up).
    /// Only a hint: the caller compares its id with the tree it stands for
    /// before using it ([`super::tree_bytes::id`]), since nothing here can
    /// prove the cache tree current.
    pub fn tree_of(&self, dir: &[u8]) -> Option<Vec<u8>> {
        use super::tree_bytes::{self, Entry};
        let (_, range) = self.extensions.iter().find(|(sig, _)| sig == b"TREE")?;
        let node = cache_dir(&self.bytes[range.clone()], dir)?;
        let subtree = |&(name, _, oid): &(&'a [u8], usize, [u8; 20])| Entry {
            mode: tree_bytes::TREE,
            name,
            oid,
        };
        let below: u64 = node.children.iter().map(|c| c.1 as u64).sum();
        let mut entries: Vec<Entry<'a>> = node.children.iter().map(subtree).collect();
        // Files directly in the folder are found among its entries; when
        // the subfolders account for every entry there are none, and no
        // entry need be read (at 20,000 cases they lie on every page of a
        // 32 MB file).
        if below != node.entries {
            let files = self.files_in(dir, node.entries, &node.children)?;
            entries.extend(files);
        }
        entries.sort_by(tree_bytes::order);
        if entries.windows(2).any(|w| w[0].name == w[1].name) {
            return None;
        }
        entries.sort_by(tree_bytes::order);
        Some(tree_bytes::write(&entries))
    }

    /// The files directly in the folder `dir`, whose cache-tree node counts
    /// `count` entries below it, `children` its valid subfolders.
    fn files_in(
        &self,
        dir: &[u8],
        count: u64,
        children: &[(&'a [u8], usize, [u8; 20])],
    ) -> Option<Vec<super::tree_bytes::Entry<'a>>> {
        let mut counts: Vec<(&[u8], usize)> = children.iter().map(|c| (c.0, c.1)).collect();
        counts.sort_unstable();
        let mut prefix = dir.to_vec();
        if !prefix.is_empty() {
            prefix.push(b'/');
        }
        let start = self.lower_bound(&prefix, 0);
        let end = start.checked_add(usize::try_from(count).ok()?)?;
        if end > self.len() {
            return None;
        }
        let mut files = Vec::new();
        let mut i = start;
        while i < end {
            let (name, stage) = self.name_and_stage(i);
            let rest = name.strip_prefix(prefix.as_slice())?;
            if stage != 0 {
                return None;
            }
            match rest.iter().position(|&c| c == b'/') {
                Some(slash) => {
                    let sub = &rest[..slash];
                    let at = counts.binary_search_by(|c| c.0.cmp(sub)).ok()?;
                    if counts[at].1 == 0 {
                        return None;
                    }
                    i += counts[at].1;
                }
                None => {
                    let pos = self.off(i);
                    let mut oid = [0u8; 20];
                    oid.copy_from_slice(&self.bytes[pos + 40..pos + 60]);
                    files.push(super::tree_bytes::Entry {
                        mode: be32(self.bytes, pos + 24),
                        name: rest,
                        oid,
                    });
                    i += 1;
                }
            }
        }
        (self.release)(&self.bytes[self.off(start)..self.off(end.min(i))]);
        (i == end).then_some(files)
    }
}

/// One folder of the cache tree, as [`IndexFile::tree_of`] needs it.
struct CacheDir<'a> {
    /// How many index entries lie below it.
    entries: u64,
    /// Each valid subfolder: name, entries below it, tree id.
    children: Vec<(&'a [u8], usize, [u8; 20])>,
}

/// One node's header in the cache-tree extension.
struct NodeHead<'a> {
    name: &'a [u8],
    /// -1 when the node is marked changed.
    entries: i64,
    subtrees: usize,
    /// Present when `entries` is not negative.
    oid: Option<[u8; 20]>,
    /// Where the space and the newline after the entry count are.
    sp: usize,
    lf: usize,
    /// Where its first subtree starts.
    next: usize,
}

fn node_head(data: &[u8], pos: usize) -> Result<NodeHead<'_>, IndexError> {
    let find = |from: usize, byte: u8, what: &str| {
        data.get(from..)
            .and_then(|rest| rest.iter().position(|&c| c == byte))
            .map(|i| from + i)
            .ok_or_else(|| corrupt(what))
    };
    let nul = find(pos, 0, "cache tree: name not terminated")?;
    let sp = find(nul + 1, b' ', "cache tree: no entry count")?;
    let lf = find(sp + 1, b'\n', "cache tree: no subtree count")?;
    let entries = ascii_int(&data[nul + 1..sp])?;
    let subtrees = usize::try_from(ascii_int(&data[sp + 1..lf])?)
        .map_err(|_| corrupt("cache tree: negative subtree count"))?;
    let mut next = lf + 1;
    let oid = if entries >= 0 {
        let id = data
            .get(next..next + HASH)
            .ok_or_else(|| corrupt("cache tree: id cut off"))?;
        next += HASH;
        let mut oid = [0u8; HASH];
        oid.copy_from_slice(id);
        Some(oid)
    } else {
        None
    };
    Ok(NodeHead {
        name: &data[pos..nul],
        entries,
        subtrees,
        oid,
        sp,
        lf,
        next,
    })
}

/// Where the node at `pos` and all its subtrees end.
fn skip_node(data: &[u8], pos: usize, depth: usize) -> Result<usize, IndexError> {
    skip_below(data, &node_head(data, pos)?, depth)
}

/// Where the subtrees of the node whose header is `head` end.
fn skip_below(data: &[u8], head: &NodeHead<'_>, depth: usize) -> Result<usize, IndexError> {
    if depth > MAX_TREE_DEPTH {
        return Err(corrupt("cache tree: too deep"));
    }
    let mut next = head.next;
    for _ in 0..head.subtrees {
        next = skip_node(data, next, depth + 1)?;
    }
    Ok(next)
}

/// The valid node of the folder `dir` in the cache-tree extension `data`
/// and its valid children, or `None`.
fn cache_dir<'a>(data: &'a [u8], dir: &[u8]) -> Option<CacheDir<'a>> {
    let mut head = node_head(data, 0).ok()?;
    let mut parts = dir.split(|&c| c == b'/').filter(|p| !p.is_empty());
    let mut want = parts.next();
    let mut depth = 0;
    while let Some(part) = want {
        let mut next = head.next;
        let mut found = None;
        for _ in 0..head.subtrees {
            let child = node_head(data, next).ok()?;
            if child.name == part {
                found = Some(child);
                break;
            }
            next = skip_below(data, &child, depth + 1).ok()?;
        }
        head = found?;
        want = parts.next();
        depth += 1;
    }
    head.oid?;
    let entries = u64::try_from(head.entries).ok()?;
    let mut children = Vec::with_capacity(head.subtrees);
    let mut next = head.next;
    for _ in 0..head.subtrees {
        let child = node_head(data, next).ok()?;
        if let (Some(oid), Ok(count)) = (child.oid, usize::try_from(child.entries)) {
            children.push((child.name, count, oid));
        }
        next = skip_below(data, &child, depth + 1).ok()?;
    }
    Some(CacheDir { entries, children })
}

/// Whether the trailing SHA-1 of an index file's `bytes` matches the
/// rest (an all-zero one, which `index.skipHash` writes, is accepted as
/// git accepts it). Needs no parsing, so it can start as soon as the
/// bytes are there, beside the parse.
pub fn checksum_matches(bytes: &[u8]) -> bool {
    checksum_releasing(bytes, KEEP)
}

/// [`checksum_matches`], telling `release` of each megabyte hashed.
pub fn checksum_releasing(bytes: &[u8], release: Release<'_>) -> bool {
    checksum_marks(bytes, release).0
}

/// [`checksum_releasing`], with the marks of the hash when it matches (none
/// for a skipped hash), so that the next index written from these bytes
/// resumes its checksum from them instead of hashing it all again.
pub fn checksum_marks(bytes: &[u8], release: Release<'_>) -> (bool, Marks) {
    let Some(split) = bytes.len().checked_sub(HASH) else {
        return (false, Marks::default());
    };
    let (body, trailer) = bytes.split_at(split);
    if trailer.iter().all(|&b| b == 0) {
        return (true, Marks::default());
    }
    let mut sum = Hasher::default();
    for chunk in body.chunks(Behind::STEP) {
        sum.update(chunk);
        release(chunk);
    }
    let (digest, marks) = sum.finish();
    if digest.as_slice() == trailer {
        (true, marks)
    } else {
        (false, Marks::default())
    }
}

/// Writes `pieces` and their SHA-1, hashing each chunk just before it is
/// written, while it is still in the processor's cache, and handing what
/// was copied from `old` to `release` a megabyte at a time. Small pieces
/// are gathered into one write: after a fresh clone a change smudges
/// about a thousand racily clean entries, and a write (and a release) per
/// piece was 3,000 system calls. With `marks` (those of `old`'s hash),
/// the hash goes on from the last mark before the first byte that
/// differs from `old`. Returns the marks of the new file's hash.
fn write_pieces(
    pieces: &[Cow<'_, [u8]>],
    out: &mut impl std::io::Write,
    release: Release<'_>,
    old: &[u8],
    marks: Option<&Marks>,
) -> std::io::Result<Marks> {
    use std::io::Write as _;
    const CHUNK: usize = 256 * 1024;
    let (skip, mut sum) = match marks {
        Some(marks) => Hasher::resume(marks, same_prefix(pieces, old)),
        None => (0, Hasher::default()),
    };
    let mut out = std::io::BufWriter::with_capacity(CHUNK, out);
    let mut behind = Behind::new(release, old);
    let old_at = old.as_ptr() as usize;
    let mut read_to = 0;
    let mut at = 0;
    for piece in pieces {
        for chunk in piece.chunks(CHUNK) {
            if at + chunk.len() > skip {
                sum.update(&chunk[skip.saturating_sub(at)..]);
            }
            at += chunk.len();
            out.write_all(chunk)?;
            // How far into `old` the copy has read (pieces are in order).
            let start = (chunk.as_ptr() as usize).wrapping_sub(old_at);
            if matches!(piece, Cow::Borrowed(_)) && start < old.len() {
                read_to = start + chunk.len();
                behind.at(read_to);
            }
        }
    }
    behind.done_to(read_to);
    let (digest, marks) = sum.finish();
    out.write_all(&digest)?;
    out.flush()?;
    Ok(marks)
}

/// How many leading bytes of the file `pieces` make are those of `old`,
/// to the start of the first piece that differs: a run borrowed from
/// `old` at its own offset is the same without a look, a piece made anew
/// (the entry count, a changed entry) is compared.
fn same_prefix(pieces: &[Cow<'_, [u8]>], old: &[u8]) -> usize {
    let mut at = 0;
    for piece in pieces {
        let same = old
            .get(at..at + piece.len())
            .is_some_and(|here| std::ptr::eq(here.as_ptr(), piece.as_ptr()) || here == &piece[..]);
        if !same {
            break;
        }
        at += piece.len();
    }
    at
}

/// Refuses a path git would not store: empty, absolute, with empty, `.`
/// or `..` components, or a NUL.
fn valid_path(path: &[u8]) -> Result<(), IndexError> {
    let ok = !path.is_empty()
        && !path.contains(&0)
        && path
            .split(|&c| c == b'/')
            .all(|part| !part.is_empty() && part != b"." && part != b"..");
    if ok {
        Ok(())
    } else {
        Err(IndexError::Unsupported(format!(
            "{} is not a path git stores",
            String::from_utf8_lossy(path)
        )))
    }
}

/// The on-disk size of a version 2/3 entry without extended flags.
fn entry_size(name_len: usize) -> usize {
    (FIXED + name_len + 8) & !7
}

fn write_entry(out: &mut Vec<u8>, e: &NewEntry) {
    for w in [
        e.ctime.0, e.ctime.1, e.mtime.0, e.mtime.1, e.dev, e.ino, e.mode, e.uid, e.gid, e.size,
    ] {
        out.extend_from_slice(&w.to_be_bytes());
    }
    out.extend_from_slice(&e.oid);
    let flags = e.path.len().min(NAME_MASK as usize) as u16;
    out.extend_from_slice(&flags.to_be_bytes());
    out.extend_from_slice(&e.path);
    let pad = entry_size(e.path.len()) - FIXED - e.path.len();
    out.extend(std::iter::repeat_n(0u8, pad));
}

/// The cache-tree extension with every folder on a changed path marked
/// invalid (entry count -1, no tree id), as git and libgit2 do when an
/// entry is added: the next `git commit` or `git write-tree` rebuilds
/// only those trees. `changed` is sorted.
fn invalidate_tree(data: &[u8], changed: &[&[u8]]) -> Result<Vec<u8>, IndexError> {
    let mut out = Vec::with_capacity(data.len());
    let mut prefix = Vec::new();
    let end = tree_node(data, 0, &mut prefix, true, changed, &mut out, 0)?;
    if end != data.len() {
        return Err(corrupt("cache tree: trailing bytes"));
    }
    Ok(out)
}

/// Deeper than any path git stores: a deeper cache tree is damage.
const MAX_TREE_DEPTH: usize = 4096;

/// Copies the node at `pos` and its subtrees (invalidated where a changed
/// path lies below), returning where the next node starts. `prefix` is
/// the folder path of the parent, ending in `/` (empty at the root).
fn tree_node(
    data: &[u8],
    pos: usize,
    prefix: &mut Vec<u8>,
    root: bool,
    changed: &[&[u8]],
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<usize, IndexError> {
    if depth > MAX_TREE_DEPTH {
        return Err(corrupt("cache tree: too deep"));
    }
    let head = node_head(data, pos)?;
    let nul = pos + head.name.len();
    let back = prefix.len();
    if !root {
        prefix.extend_from_slice(head.name);
        prefix.push(b'/');
    }
    let hit = if prefix.is_empty() {
        !changed.is_empty()
    } else {
        let i = changed.partition_point(|c| *c < prefix.as_slice());
        i < changed.len() && changed[i].starts_with(prefix)
    };
    out.extend_from_slice(&data[pos..=nul]);
    match (hit, head.oid) {
        (false, Some(id)) => {
            out.extend_from_slice(&data[nul + 1..=head.lf]);
            out.extend_from_slice(&id);
        }
        _ => {
            out.extend_from_slice(b"-1 ");
            out.extend_from_slice(&data[head.sp + 1..=head.lf]);
        }
    }
    let mut next = head.next;
    for _ in 0..head.subtrees {
        next = tree_node(data, next, prefix, false, changed, out, depth + 1)?;
    }
    prefix.truncate(back);
    Ok(next)
}

fn ascii_int(b: &[u8]) -> Result<i64, IndexError> {
    std::str::from_utf8(b)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| corrupt("cache tree: bad number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::sha1_marks::STEP;
    use git2::{Index, IndexEntry, IndexTime, Oid, Repository};
    use sha1::{Digest, Sha1};
    use std::path::Path;

    fn blob(n: u32) -> [u8; 20] {
        let mut id = [0u8; 20];
        id[..4].copy_from_slice(&n.to_be_bytes());
        id[19] = 1;
        id
    }

    fn new_entry(path: &str, n: u32) -> NewEntry {
        NewEntry {
            path: path.as_bytes().to_vec(),
            oid: blob(n),
            mode: if n.is_multiple_of(5) {
                0o100755
            } else {
                0o100644
            },
            ctime: (1_700_000_000 + n, n * 7),
            mtime: (1_700_000_100 + n, n * 11),
            dev: 64 + n,
            ino: 1000 + n,
            uid: n,
            gid: n + 1,
            size: n * 3,
        }
    }

    fn lib_entry(e: &NewEntry) -> IndexEntry {
        IndexEntry {
            ctime: IndexTime::new(e.ctime.0 as i32, e.ctime.1),
            mtime: IndexTime::new(e.mtime.0 as i32, e.mtime.1),
            dev: e.dev,
            ino: e.ino,
            mode: e.mode,
            uid: e.uid,
            gid: e.gid,
            file_size: e.size,
            id: Oid::from_bytes(&e.oid).unwrap(),
            flags: e.path.len().min(0xfff) as u16,
            flags_extended: 0,
            path: e.path.clone(),
        }
    }

    /// An index file libgit2 writes for `paths` (with a full cache tree
    /// when `tree` is set, as after `git commit`).
    fn written(dir: &Path, repo: &Repository, paths: &[String], tree: bool) -> Vec<u8> {
        let file = dir.join("base-index");
        let _ = std::fs::remove_file(&file);
        let mut idx = Index::open(&file).unwrap();
        for (i, p) in paths.iter().enumerate() {
            idx.add(&lib_entry(&new_entry(p, i as u32 + 1))).unwrap();
        }
        if tree {
            // Writing the tree fills libgit2's cache tree: a TREE extension.
            let entries: Vec<IndexEntry> = idx
                .iter()
                .map(|mut e| {
                    e.id = repo.blob(&e.id.as_bytes()[..4]).unwrap();
                    e
                })
                .collect();
            for e in entries {
                idx.add(&e).unwrap();
            }
            idx.write_tree_to(repo).unwrap();
        }
        idx.write().unwrap();
        std::fs::read(&file).unwrap()
    }

    /// What libgit2 makes of `base` with `changes` applied.
    fn by_libgit2(dir: &Path, base: &[u8], changes: &[Change]) -> Vec<u8> {
        let file = dir.join("lib-index");
        std::fs::write(&file, base).unwrap();
        let mut idx = Index::open(&file).unwrap();
        for c in changes {
            match c {
                Change::Upsert(e) => idx.add(&lib_entry(e)).unwrap(),
                Change::Remove(p) => idx
                    .remove_path(Path::new(std::str::from_utf8(p).unwrap()))
                    .unwrap(),
            }
        }
        idx.write().unwrap();
        std::fs::read(&file).unwrap()
    }

    type Row = (
        Vec<u8>,
        [u8; 20],
        u32,
        (i32, u32),
        (i32, u32),
        [u32; 5],
        u16,
        u16,
    );

    /// Every field of every entry, as libgit2 reads the file.
    fn rows(dir: &Path, bytes: &[u8]) -> Vec<Row> {
        let file = dir.join("read-index");
        std::fs::write(&file, bytes).unwrap();
        let idx = Index::open(&file).unwrap();
        idx.iter()
            .map(|e| {
                let mut id = [0u8; 20];
                id.copy_from_slice(e.id.as_bytes());
                (
                    e.path.clone(),
                    id,
                    e.mode,
                    (e.ctime.seconds(), e.ctime.nanoseconds()),
                    (e.mtime.seconds(), e.mtime.nanoseconds()),
                    [e.dev, e.ino, e.uid, e.gid, e.file_size],
                    e.flags,
                    e.flags_extended,
                )
            })
            .collect()
    }

    /// The tree libgit2 writes from an index file: it trusts the cache
    /// tree's valid nodes, so a node left valid wrongly shows here.
    fn tree_of(dir: &Path, repo: &Repository, bytes: &[u8]) -> Oid {
        let file = dir.join("tree-index");
        std::fs::write(&file, bytes).unwrap();
        Index::open(&file).unwrap().write_tree_to(repo).unwrap()
    }

    fn setup() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path().join("repo")).unwrap();
        (dir, repo)
    }

    fn paths(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_entries_by_binary_search() {
        let (dir, repo) = setup();
        let base = paths(&["a", "a-b", "a.b", "a0", "b/c", "b/c-d", "b/d/e", "z"]);
        let bytes = written(dir.path(), &repo, &base, false);
        let idx = IndexFile::parse(&bytes).unwrap();
        assert!(idx.checksum_ok());
        assert_eq!(idx.len(), base.len());
        assert!(!idx.has_conflicts());
        for (i, p) in base.iter().enumerate() {
            let found = idx.find(p.as_bytes()).unwrap_or_else(|| panic!("{p}"));
            assert_eq!(found.oid, blob(i as u32 + 1), "{p}");
        }
        for absent in ["", "a/b", "b", "b/d", "a-", "zz", "0"] {
            assert_eq!(idx.find(absent.as_bytes()), None, "{absent}");
        }
    }

    /// Each pass over the file hands on what it has read: the parse and
    /// the checksum the whole body, the copy every unchanged run; and the
    /// result is the same as without releasing.
    #[test]
    fn every_pass_releases_what_it_read() {
        use std::sync::Mutex;
        let (dir, repo) = setup();
        // Long names: over 2 MB in few entries.
        let long = "x".repeat(200);
        let many: Vec<String> = (0..9_000)
            .map(|i| format!("cases/c{i:05}-{long}/claims/c01.yaml"))
            .collect();
        let bytes = written(dir.path(), &repo, &many, true);
        assert!(bytes.len() > 2 * Behind::STEP, "{} bytes", bytes.len());
        let seen = Mutex::new(Vec::new());
        let record = |part: &[u8]| {
            let at = part.as_ptr() as usize - bytes.as_ptr() as usize;
            seen.lock().unwrap().push(at..at + part.len());
        };
        // Byte positions of the body covered by what was released.
        let covered = |ranges: Vec<std::ops::Range<usize>>| {
            let body = bytes.len() - HASH;
            let mut hit = vec![false; body];
            for r in ranges {
                hit[r.start..r.end.min(body)]
                    .iter_mut()
                    .for_each(|h| *h = true);
            }
            hit.iter().filter(|&&h| !h).count()
        };
        let idx = IndexFile::parse_releasing(&bytes, &record).unwrap();
        assert_eq!(
            covered(std::mem::take(&mut *seen.lock().unwrap())),
            0,
            "parse"
        );
        assert!(idx.checksum_ok());
        assert_eq!(
            covered(std::mem::take(&mut *seen.lock().unwrap())),
            0,
            "checksum"
        );
        let changes = [Change::Upsert(new_entry(
            &format!("cases/c00007-{long}/claims/c01.yaml"),
            9,
        ))];
        let released = idx.patch(&changes, &[]).unwrap();
        let gaps = covered(std::mem::take(&mut *seen.lock().unwrap()));
        // Only the changed entry and the count and extension headers,
        // written anew, are not copied from the file.
        assert!(gaps < 4096, "{gaps} bytes never released");
        assert_eq!(
            released,
            IndexFile::parse(&bytes)
                .unwrap()
                .patch(&changes, &[])
                .unwrap()
        );
    }

    /// The checksum resumed from the marks of the old file's hash (kept
    /// when factdesk wrote it) is the checksum: the same bytes and marks
    /// as hashing the new file from its start, whether the change is in
    /// the first megabyte, the middle, the last entry, adds an entry
    /// (the count at the start changes) or smudges one; the resumed hash
    /// skips the megabytes before the change.
    #[test]
    fn a_checksum_resumed_from_marks_is_the_checksum() {
        let (dir, repo) = setup();
        let long = "x".repeat(200);
        let name = |i: usize| format!("cases/c{i:05}-{long}/claims/c01.yaml");
        let many: Vec<String> = (0..12_000).map(name).collect();
        let bytes = written(dir.path(), &repo, &many, true);
        assert!(bytes.len() > 3 * STEP, "{} bytes", bytes.len());
        let idx = IndexFile::parse(&bytes).unwrap();
        // The marks factdesk keeps for the old file: its hash's.
        let (_, marks) = {
            let mut h = Hasher::default();
            h.update(&bytes[..bytes.len() - HASH]);
            h.finish()
        };
        assert_eq!(marks.0.len(), (bytes.len() - HASH) / STEP);
        let cases: Vec<(Vec<Change>, Vec<usize>)> = vec![
            (vec![Change::Upsert(new_entry(&name(3), 9))], vec![]),
            (vec![Change::Upsert(new_entry(&name(6_000), 9))], vec![]),
            (vec![Change::Upsert(new_entry(&name(11_999), 9))], vec![]),
            (vec![Change::Upsert(new_entry(&name(12_000), 9))], vec![]),
            (
                vec![Change::Upsert(new_entry(&name(11_000), 9))],
                vec![8_000],
            ),
        ];
        for (changes, smudge) in cases {
            let mut plain = Vec::new();
            let plain_marks = idx
                .patch_to(&changes, &smudge, None, &mut plain)
                .unwrap()
                .unwrap();
            let mut resumed = Vec::new();
            let resumed_marks = idx
                .patch_to(&changes, &smudge, Some(&marks), &mut resumed)
                .unwrap()
                .unwrap();
            assert!(resumed == plain, "{:?}", changes[0].path());
            assert!(IndexFile::parse(&resumed).unwrap().checksum_ok());
            assert_eq!(resumed_marks, plain_marks);
        }
        // Where the change is late, the pieces before it are the old file's.
        let late = [Change::Upsert(new_entry(&name(11_999), 9))];
        let pieces = idx.pieces(&late, &[]).unwrap();
        assert!(same_prefix(&pieces, &bytes) > 3 * STEP);
        let early = [Change::Upsert(new_entry(&name(12_000), 9))];
        assert_eq!(same_prefix(&idx.pieces(&early, &[]).unwrap(), &bytes), 8);
        // Wrong marks would give a wrong checksum: resuming is only for
        // the file they were taken of (index_seen makes sure of that).
        let wrong = Marks(vec![[0; 5]; marks.0.len()]);
        let mut bad = Vec::new();
        idx.patch_to(&late, &[], Some(&wrong), &mut bad)
            .unwrap()
            .unwrap();
        assert!(!IndexFile::parse(&bad).unwrap().checksum_ok());
    }

    /// Regression: after a fresh clone a change smudges about a thousand
    /// racily clean entries, and each made two pieces written (and
    /// released) one system call at a time: 3,000 writes and 1,600
    /// `madvise` calls. Small pieces are now gathered into large writes,
    /// and what was copied is released a megabyte at a time.
    #[test]
    fn many_small_pieces_are_written_in_few_writes() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        struct Counting(Vec<u8>, usize);
        impl std::io::Write for Counting {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.1 += 1;
                self.0.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let (dir, repo) = setup();
        let many: Vec<String> = (0..6_000).map(|i| format!("d/f{i:05}.yaml")).collect();
        let bytes = written(dir.path(), &repo, &many, false);
        let releases = AtomicUsize::new(0);
        let count = |_: &[u8]| {
            releases.fetch_add(1, Ordering::Relaxed);
        };
        let idx = IndexFile::parse_releasing(&bytes, &count).unwrap();
        releases.store(0, Ordering::Relaxed);
        let smudge: Vec<usize> = (0..6_000).step_by(5).collect();
        let changes = [Change::Upsert(new_entry("d/f03000.yaml", 7))];
        let mut out = Counting(Vec::new(), 0);
        idx.patch_to(&changes, &smudge, None, &mut out)
            .unwrap()
            .unwrap();
        let released = releases.load(Ordering::Relaxed);
        assert!(
            released <= 1 + bytes.len() / (1 << 20),
            "{released} releases"
        );
        assert!(out.1 <= 2 + out.0.len() / (256 * 1024), "{} writes", out.1);
        assert_eq!(out.0, idx.patch(&changes, &smudge).unwrap());
        let new = IndexFile::parse(&out.0).unwrap();
        assert!(new.checksum_ok());
    }

    #[test]
    fn patch_equals_libgit2_and_keeps_the_cache_tree_honest() {
        let (dir, repo) = setup();
        let d = dir.path();
        let base = paths(&[
            "a-b",
            "a.b",
            "a/x",
            "a/y/z",
            "a0",
            "cases/c1/claims/c01.yaml",
        ]);
        let bytes = written(d, &repo, &base, true);
        assert!(
            bytes.windows(4).any(|w| w == b"TREE"),
            "the base has a cache tree"
        );
        let changes = vec![
            Change::Upsert(new_entry("a/y/z", 90)),
            Change::Upsert(new_entry("a/y-0", 91)),
            Change::Upsert(new_entry("cases/c2/claims/c01.yaml", 92)),
            Change::Remove(b"a.b".to_vec()),
        ];
        let ours = IndexFile::parse(&bytes)
            .unwrap()
            .patch(&changes, &[])
            .unwrap();
        let theirs = by_libgit2(d, &bytes, &changes);
        assert_eq!(rows(d, &ours), rows(d, &theirs));
        assert!(IndexFile::parse(&ours).unwrap().checksum_ok());
        // Blobs must exist for a tree to be written.
        let real: Vec<Change> = changes
            .iter()
            .map(|c| match c {
                Change::Upsert(e) => {
                    let mut e = e.clone();
                    e.oid.copy_from_slice(repo.blob(b"x").unwrap().as_bytes());
                    Change::Upsert(e)
                }
                other => other.clone(),
            })
            .collect();
        let ours = IndexFile::parse(&bytes).unwrap().patch(&real, &[]).unwrap();
        let theirs = by_libgit2(d, &bytes, &real);
        assert_eq!(tree_of(d, &repo, &ours), tree_of(d, &repo, &theirs));
    }

    #[test]
    fn invalidates_only_the_folders_on_changed_paths() {
        // root: 3 entries, 2 subtrees; a: 1 entry; b: 1 entry.
        let mut tree = Vec::new();
        tree.extend_from_slice(b"\x003 2\n");
        tree.extend_from_slice(&[1; 20]);
        tree.extend_from_slice(b"a\x001 0\n");
        tree.extend_from_slice(&[2; 20]);
        tree.extend_from_slice(b"b\x001 0\n");
        tree.extend_from_slice(&[3; 20]);
        let out = invalidate_tree(&tree, &[b"a/new"]).unwrap();
        let mut want = Vec::new();
        want.extend_from_slice(b"\x00-1 2\na\x00-1 0\nb\x001 0\n");
        want.extend_from_slice(&[3; 20]);
        assert_eq!(out, want);
        // `a-b` is not under `a/`, nor is `b0` under `b/`.
        assert_eq!(
            invalidate_tree(&tree, &[b"a-b", b"b0"]).unwrap()[..8],
            *b"\x00-1 2\na\x00"
        );
        let out = invalidate_tree(&tree, &[b"a-b", b"b0"]).unwrap();
        // "3" became "-1" and the root's id went; a and b kept theirs.
        assert_eq!(out.len(), tree.len() + 1 - 20, "only the root lost its id");
        assert_eq!(invalidate_tree(&tree, &[]).unwrap(), tree);
        assert!(matches!(
            invalidate_tree(&tree[..tree.len() - 1], &[b"a"]),
            Err(IndexError::Corrupt(_))
        ));
        assert!(matches!(
            invalidate_tree(b"\x00-1 1\n", &[b"a"]),
            Err(IndexError::Corrupt(_))
        ));
    }

    #[test]
    fn refuses_what_it_does_not_handle() {
        let (dir, repo) = setup();
        let bytes = written(dir.path(), &repo, &paths(&["a/b", "c"]), false);
        let idx = IndexFile::parse(&bytes).unwrap();
        // File/folder clashes, either way round, are left to libgit2.
        for clash in ["a", "c/d", "a/b/c"] {
            assert!(
                matches!(
                    idx.patch(&[Change::Upsert(new_entry(clash, 1))], &[]),
                    Err(IndexError::Unsupported(_))
                ),
                "{clash}"
            );
        }
        assert!(matches!(
            idx.patch(
                &[
                    Change::Upsert(new_entry("x", 1)),
                    Change::Upsert(new_entry("x/y", 2))
                ],
                &[]
            ),
            Err(IndexError::Unsupported(_))
        ));
        for bad in ["/x", "x//y", "x/./y", "x/.."] {
            assert!(
                idx.patch(&[Change::Upsert(new_entry(bad, 1))], &[])
                    .is_err(),
                "{bad}"
            );
        }
        // Version 4 and required extensions.
        let mut v4 = bytes.clone();
        v4[7] = 4;
        assert!(matches!(
            IndexFile::parse(&v4),
            Err(IndexError::Unsupported(_))
        ));
        let body = &bytes[..bytes.len() - 20];
        let mut linked = body.to_vec();
        linked.extend_from_slice(b"link\x00\x00\x00\x14");
        linked.extend_from_slice(&[0; 20]);
        linked.extend_from_slice(&Sha1::digest(&linked));
        assert!(matches!(
            IndexFile::parse(&linked),
            Err(IndexError::Unsupported(e)) if e.contains("link")
        ));
        // Damage: a flipped byte fails the checksum; a cut file, the walk.
        let mut flipped = bytes.clone();
        flipped[30] ^= 1;
        assert!(!IndexFile::parse(&flipped).unwrap().checksum_ok());
        assert!(matches!(
            IndexFile::parse(&bytes[..40]),
            Err(IndexError::Corrupt(_))
        ));
    }

    /// Every folder's tree, as the cache tree and the entries give it,
    /// is byte for byte the object libgit2 wrote: files beside folders,
    /// names that sort differently as files and as folders, executable
    /// modes, the root.
    #[test]
    fn tree_of_gives_the_trees_libgit2_writes() {
        let (dir, repo) = setup();
        let list = paths(&[
            "README",
            "a-b",
            "a/x",
            "a/y/z",
            "a.c",
            "cases/k-1/case.yaml",
            "cases/k-1/claims/c01.yaml",
            "cases/k-1/claims/c02.yaml",
            "cases/k/case.yaml",
            "cases/index.md",
            "cases/k0/case.yaml",
            "z",
        ]);
        let bytes = written(dir.path(), &repo, &list, true);
        let idx = IndexFile::parse(&bytes).unwrap();
        let root = {
            let mut lib = Index::open(&dir.path().join("base-index")).unwrap();
            lib.write_tree_to(&repo).unwrap()
        };
        let root = repo.find_tree(root).unwrap();
        let odb = repo.odb().unwrap();
        for d in [
            "",
            "a",
            "a/y",
            "cases",
            "cases/k-1",
            "cases/k-1/claims",
            "cases/k0",
        ] {
            let id = if d.is_empty() {
                root.id()
            } else {
                root.get_path(Path::new(d)).unwrap().id()
            };
            let ours = idx.tree_of(d.as_bytes()).unwrap_or_else(|| panic!("{d}"));
            assert_eq!(ours, odb.read(id).unwrap().data(), "{d}");
            assert_eq!(super::super::tree_bytes::id(&ours), id.as_bytes(), "{d}");
        }
        assert_eq!(idx.tree_of(b"nowhere"), None);
        assert_eq!(idx.tree_of(b"cases/k-1/case.yaml"), None);
        // Without a cache tree there is nothing to give.
        let bare = written(dir.path(), &repo, &list, false);
        assert_eq!(IndexFile::parse(&bare).unwrap().tree_of(b"cases"), None);
    }

    /// A folder the cache tree marks changed (a path added below it), and
    /// the folders above it, are not given; an untouched sibling still is.
    #[test]
    fn tree_of_refuses_folders_marked_changed() {
        let (dir, repo) = setup();
        let list = paths(&["cases/a/c.yaml", "cases/b/c.yaml", "top"]);
        let bytes = written(dir.path(), &repo, &list, true);
        let out = IndexFile::parse(&bytes)
            .unwrap()
            .patch(&[Change::Upsert(new_entry("cases/a/d.yaml", 9))], &[])
            .unwrap();
        let idx = IndexFile::parse(&out).unwrap();
        assert_eq!(idx.tree_of(b"cases/a"), None);
        assert_eq!(idx.tree_of(b"cases"), None);
        assert_eq!(idx.tree_of(b""), None);
        let before = IndexFile::parse(&bytes).unwrap();
        assert_eq!(idx.tree_of(b"cases/b"), before.tree_of(b"cases/b"));
        assert!(idx.tree_of(b"cases/b").is_some());
    }

    #[test]
    fn drops_positional_extensions_and_keeps_resolve_undo() {
        let (dir, repo) = setup();
        let bytes = written(dir.path(), &repo, &paths(&["a", "b"]), false);
        let mut with = bytes[..bytes.len() - 20].to_vec();
        for (sig, data) in [
            (b"REUC", b"x\x00100644 0 0\n".to_vec()),
            (b"UNTR", vec![7; 9]),
            (b"FSMN", vec![8; 12]),
            (b"EOIE", vec![9; 24]),
        ] {
            with.extend_from_slice(sig);
            with.extend_from_slice(&(data.len() as u32).to_be_bytes());
            with.extend_from_slice(&data);
        }
        with.extend_from_slice(&Sha1::digest(&with));
        let out = IndexFile::parse(&with)
            .unwrap()
            .patch(&[Change::Upsert(new_entry("b", 9))], &[])
            .unwrap();
        let parsed = IndexFile::parse(&out).unwrap();
        let sigs: Vec<[u8; 4]> = parsed.extensions.iter().map(|(s, _)| *s).collect();
        assert_eq!(sigs, vec![*b"REUC"]);
        assert!(parsed.checksum_ok());
        assert_eq!(parsed.find(b"b").unwrap().oid, blob(9));
    }

    #[test]
    fn conflicts_are_seen_and_long_names_walked() {
        let (dir, repo) = setup();
        let long = format!("d/{}", "n".repeat(5000));
        let bytes = written(dir.path(), &repo, &paths(&["a", &long, "z"]), false);
        let idx = IndexFile::parse(&bytes).unwrap();
        assert_eq!(idx.find(long.as_bytes()).unwrap().oid, blob(2));
        assert_eq!(idx.find(b"z").unwrap().oid, blob(3));
        let out = idx
            .patch(&[Change::Upsert(new_entry(&long, 8))], &[])
            .unwrap();
        assert_eq!(
            rows(dir.path(), &out),
            rows(
                dir.path(),
                &by_libgit2(dir.path(), &bytes, &[Change::Upsert(new_entry(&long, 8))])
            )
        );
        // A stage-2 entry (an unresolved conflict).
        let file = dir.path().join("conflicted");
        let mut c = Index::open(&file).unwrap();
        let mut e = lib_entry(&new_entry("m", 1));
        e.flags |= 2 << 12;
        c.add(&e).unwrap();
        c.write().unwrap();
        let bytes = std::fs::read(&file).unwrap();
        let idx = IndexFile::parse(&bytes).unwrap();
        assert!(idx.has_conflicts());
        assert_eq!(idx.find(b"m"), None, "only stage 0 is found");
    }

    #[test]
    fn racy_entries_are_found_and_smudged() {
        let (dir, repo) = setup();
        let d = dir.path();
        let base = paths(&["a", "b", "c", "d"]);
        let bytes = written(d, &repo, &base, false);
        let idx = IndexFile::parse(&bytes).unwrap();
        // new_entry(path, n) has mtime 1_700_000_100 + n: b, c, d are n = 2, 3, 4.
        let racy: Vec<&[u8]> = idx.racy(1_700_000_102).iter().map(|r| r.path).collect();
        assert_eq!(racy, [&b"b"[..], b"c", b"d"]);
        let r = &idx.racy(1_700_000_104)[0];
        assert_eq!((r.index, r.size, r.oid), (3, 12, blob(4)));
        assert!(idx.racy(1_800_000_000).is_empty());
        // b smudged, c both smudged and replaced (the new entry wins).
        let out = idx
            .patch(&[Change::Upsert(new_entry("c", 30))], &[2, 1, 2])
            .unwrap();
        let sizes: Vec<u32> = rows(d, &out).iter().map(|r| r.5[4]).collect();
        assert_eq!(sizes, [3, 0, 90, 12]);
        assert!(IndexFile::parse(&out).unwrap().checksum_ok());
        // Smudging alone changes nothing else.
        let out = idx.patch(&[], &[0]).unwrap();
        let (mut a, b) = (rows(d, &out), rows(d, &bytes));
        assert_eq!(a[0].5[4], 0);
        a[0].5[4] = b[0].5[4];
        assert_eq!(a, b);
    }

    /// Path parts chosen to sort around `/`: `-` and `.` sort before it,
    /// `0` after.
    fn arb_path() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop::sample::select(vec!["a", "a-b", "a.b", "a0", "b", "c.yaml"]),
            1..4,
        )
        .prop_map(|parts| parts.join("/"))
    }

    fn clashes(set: &[String], p: &str) -> bool {
        set.iter()
            .any(|q| q != p && (q.starts_with(&format!("{p}/")) || p.starts_with(&format!("{q}/"))))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Random indexes and changes: the patched file reads back, entry
        /// for entry, as libgit2's own result, and its cache tree gives the
        /// same tree; file/folder clashes are left to libgit2.
        #[test]
        fn patch_matches_libgit2(
            base in proptest::collection::vec(arb_path(), 0..12),
            ups in proptest::collection::vec((arb_path(), 0u32..50), 0..5),
            removes in proptest::collection::vec(0usize..12, 0..3),
            tree in proptest::bool::ANY,
        ) {
            let (dir, repo) = setup();
            let d = dir.path();
            let mut set: Vec<String> = Vec::new();
            for p in base {
                if !set.contains(&p) && !clashes(&set, &p) {
                    set.push(p);
                }
            }
            let bytes = written(d, &repo, &set, tree);
            let mut changes: Vec<Change> = Vec::new();
            let mut touched: Vec<String> = Vec::new();
            for (p, n) in ups {
                if !touched.contains(&p) {
                    touched.push(p.clone());
                    let mut e = new_entry(&p, n + 100);
                    e.oid.copy_from_slice(repo.blob(&n.to_be_bytes()).unwrap().as_bytes());
                    changes.push(Change::Upsert(e));
                }
            }
            for r in removes {
                if let Some(p) = set.get(r) {
                    if !touched.contains(p) {
                        touched.push(p.clone());
                        changes.push(Change::Remove(p.as_bytes().to_vec()));
                    }
                }
            }
            let idx = IndexFile::parse(&bytes).unwrap();
            proptest::prop_assert!(idx.checksum_ok());
            let clash = changes.iter().any(|c| match c {
                Change::Upsert(e) => {
                    let p = String::from_utf8(e.path.clone()).unwrap();
                    clashes(&set, &p) || clashes(&touched, &p)
                }
                Change::Remove(_) => false,
            });
            match idx.patch(&changes, &[]) {
                Ok(ours) => {
                    proptest::prop_assert!(!clash);
                    let theirs = by_libgit2(d, &bytes, &changes);
                    proptest::prop_assert_eq!(rows(d, &ours), rows(d, &theirs));
                    let parsed = IndexFile::parse(&ours).unwrap();
                    proptest::prop_assert!(parsed.checksum_ok());
                    for c in &changes {
                        if let Change::Upsert(e) = c {
                            proptest::prop_assert_eq!(parsed.find(&e.path).map(|f| f.oid), Some(e.oid));
                        }
                    }
                    if tree && !rows(d, &ours).is_empty() {
                        proptest::prop_assert_eq!(tree_of(d, &repo, &ours), tree_of(d, &repo, &theirs));
                    }
                }
                Err(e) => {
                    proptest::prop_assert!(clash, "{e}");
                }
            }
        }
    }
}
