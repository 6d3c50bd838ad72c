//! The container both derived indexes in `.git/` use (the case index and
//! the claim index): a header (magic, format, key), then length-prefixed,
//! checksummed blocks, one per case (or fact-check). A reader splits the
//! file by the lengths and drops what does not check: a bad header the
//! file, a bad block that block only, a block running past the end (a torn
//! append) the rest. Writers append blocks in one write, or replace the
//! file atomically; a later block for the same unit supersedes an earlier
//! one. Everything in these files is a cache of the case files, so losing
//! any of it only costs a re-read.

use crate::store;
use std::fs;
use std::io::Write;
use std::ops::Range;
use std::path::Path;

/// Magic (8 bytes), format (`u32`) and key (`u64`).
pub(crate) const HEADER_LEN: usize = 8 + 4 + 8;

/// Before each block's payload: its length (`u32`, counting the sum and
/// the payload) and a checksum of the payload (`u64`).
pub(crate) const PREFIX: usize = 4 + 8;

pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(crate) fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A count or size as `u32` (saturating: a reader then refuses the block).
pub(crate) fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u32(out, u32::try_from(n).unwrap_or(u32::MAX));
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(
        s.as_bytes()
            .get(..u32::MAX as usize)
            .unwrap_or(s.as_bytes()),
    );
}

pub(crate) fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

/// A list of strings: its length, then each.
pub(crate) fn put_strs(out: &mut Vec<u8>, v: &[String]) {
    put_len(out, v.len());
    for s in v {
        put_str(out, s);
    }
}

/// A new block: room for its prefix, filled in by [`seal`].
pub(crate) fn start() -> Vec<u8> {
    vec![0; PREFIX]
}

/// Fills in a block's length and checksum.
pub(crate) fn seal(mut b: Vec<u8>) -> Vec<u8> {
    let len = u32::try_from(b.len() - 4).unwrap_or(u32::MAX);
    b[..4].copy_from_slice(&len.to_le_bytes());
    let sum = checksum(&b[PREFIX..]);
    b[4..PREFIX].copy_from_slice(&sum.to_le_bytes());
    b
}

/// A checksum of a block's payload, eight bytes at a time (a few GB/s: a
/// 100 MB index is checked in tens of milliseconds on all cores), so a
/// flipped byte is a re-read case rather than a wrong record.
fn checksum(b: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ b.len() as u64;
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(x)).wrapping_mul(K).rotate_left(29);
    }
    for &x in words.remainder() {
        h = (h ^ u64::from(x)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

/// True when a block's checksum matches its payload.
pub(crate) fn sealed(b: &[u8]) -> bool {
    b.get(4..PREFIX)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes)
        .is_some_and(|sum| b.get(PREFIX..).is_some_and(|p| checksum(p) == sum))
}

/// Reads a block's fields in the order they were put.
pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Reader<'a> {
    /// A reader of a sealed block's payload.
    pub(crate) fn payload(b: &'a [u8]) -> Self {
        Self { b, at: PREFIX }
    }
    /// True when every byte was read: a block with bytes left over is not
    /// of the shape its reader expects.
    pub(crate) fn done(&self) -> bool {
        self.at == self.b.len()
    }
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    pub(crate) fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        self.take(4)?.try_into().ok().map(u32::from_le_bytes)
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }
    /// A `usize` written as `u64`.
    pub(crate) fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    pub(crate) fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }
    /// Skips a string, checking that it is UTF-8 as [`Reader::str`] does.
    pub(crate) fn skip_str(&mut self) -> Option<()> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok().map(|_| ())
    }
    pub(crate) fn skip_opt(&mut self) -> Option<()> {
        match self.u8()? {
            0 => Some(()),
            1 => self.skip_str(),
            _ => None,
        }
    }
    pub(crate) fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.str().map(Some),
            _ => None,
        }
    }
    /// A count that cannot exceed the bytes left (each item takes at
    /// least one byte), so a corrupt count allocates nothing large.
    pub(crate) fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.b.len() - self.at).then_some(n)
    }
    /// A list written by [`put_strs`].
    pub(crate) fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.count()?;
        (0..n).map(|_| self.str()).collect()
    }
}

/// The blocks of a file, by their lengths (not yet checked), when its
/// header is this magic, format and key; and whether the file ends where
/// its last block ends (only then may blocks be appended to it).
pub(crate) fn split(
    bytes: &[u8],
    magic: &[u8; 8],
    format: u32,
    key: u64,
) -> Option<(Vec<Range<usize>>, bool)> {
    let ok = bytes.len() >= HEADER_LEN
        && &bytes[..8] == magic
        && bytes[8..12] == format.to_le_bytes()
        && bytes[12..HEADER_LEN] == key.to_le_bytes();
    if !ok {
        return None;
    }
    let mut ranges = Vec::new();
    let mut at = HEADER_LEN;
    while let Some(len) = bytes
        .get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
    {
        let end = at + 4 + len as usize;
        if end > bytes.len() || (len as usize) < PREFIX - 4 {
            break;
        }
        ranges.push(at..end);
        at = end;
    }
    Some((ranges, at == bytes.len()))
}

/// Writers of this process take turns (the TUI's loader and a command
/// could overlap); other processes write their own temporary file.
static WRITE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Replaces the file with exactly these blocks.
pub(crate) fn write_all<B: AsRef<[u8]>>(
    path: &Path,
    magic: &[u8; 8],
    format: u32,
    key: u64,
    blocks: &[B],
) -> std::io::Result<()> {
    let total: usize = blocks.iter().map(|b| b.as_ref().len()).sum();
    let mut bytes = Vec::with_capacity(HEADER_LEN + total);
    bytes.extend_from_slice(magic);
    put_u32(&mut bytes, format);
    put_u64(&mut bytes, key);
    for b in blocks {
        bytes.extend_from_slice(b.as_ref());
    }
    let _turn = WRITE.lock();
    store::atomic::write_atomic(path, &bytes)
}

/// Appends blocks in one write: a torn append leaves a short last block,
/// which the next reader drops (and re-reads that unit).
pub(crate) fn append<B: AsRef<[u8]>>(path: &Path, blocks: &[B]) -> std::io::Result<()> {
    let bytes = blocks
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<&[u8]>>()
        .concat();
    let _turn = WRITE.lock();
    let mut f = fs::OpenOptions::new().append(true).open(path)?;
    f.write_all(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_check_and_stop_at_a_torn_tail() {
        let mut a = start();
        put_str(&mut a, "a");
        put_opt(&mut a, None);
        let a = seal(a);
        let mut b = start();
        put_strs(&mut b, &["x".to_string(), "yz".to_string()]);
        let b = seal(b);
        let mut file = b"TESTFILE".to_vec();
        put_u32(&mut file, 3);
        put_u64(&mut file, 9);
        file.extend_from_slice(&a);
        file.extend_from_slice(&b);
        let (ranges, whole) = split(&file, b"TESTFILE", 3, 9).expect("header matches");
        assert!(whole);
        assert_eq!(ranges.len(), 2);
        assert!(ranges.iter().all(|r| sealed(&file[r.clone()])));
        let mut r = Reader::payload(&file[ranges[1].clone()]);
        assert_eq!(r.strs(), Some(vec!["x".to_string(), "yz".to_string()]));
        assert!(r.done());
        // Another key, format or magic: not this file.
        assert!(split(&file, b"TESTFILE", 3, 8).is_none());
        assert!(split(&file, b"TESTFILE", 2, 9).is_none());
        assert!(split(&file, b"OTHERFIL", 3, 9).is_none());
        // A torn append: the whole blocks before it, and not appendable.
        let mut torn = file.clone();
        torn.extend_from_slice(&a[..a.len() - 3]);
        let (ranges, whole) = split(&torn, b"TESTFILE", 3, 9).expect("header matches");
        assert_eq!((ranges.len(), whole), (2, false));
        // A flipped byte fails the block's checksum only.
        let mut flipped = file.clone();
        flipped[HEADER_LEN + PREFIX + 1] ^= 1;
        let (ranges, _) = split(&flipped, b"TESTFILE", 3, 9).expect("header matches");
        assert!(!sealed(&flipped[ranges[0].clone()]));
        assert!(sealed(&flipped[ranges[1].clone()]));
    }
}
