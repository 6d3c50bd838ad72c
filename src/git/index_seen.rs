//! The index factdesk wrote last, remembered by its stat data and its
//! checksum, so that the next change need not hash all of it again.
//!
//! A change proves the old index undamaged (its trailing SHA-1) before it
//! patches it; git itself reads the index without that check. At 20,000
//! cases that is a SHA-1 of 32 MB, a fifth of a `set`'s CPU, and on two
//! cores it competes with the new index and the new tree. When the index
//! is still the very file factdesk wrote and checksummed (same device,
//! inode and size, modification and change times to the nanosecond, same
//! trailing checksum), nothing has written to it since: a write in place
//! moves its change time, a replacement by rename (git, libgit2, factdesk)
//! brings another inode. Only then is the hash skipped; anything else
//! (git wrote it, another tool, no record, a torn or foreign record) is
//! verified in full, as before. The record is a cache: it is written
//! without `fsync`, and a record that does not match only costs the hash.
//!
//! The record also keeps the states of the file's SHA-1 every megabyte
//! (`git::sha1_marks`), with a checksum of its own: the next index, the
//! same bytes up to its first changed entry, resumes its checksum from
//! the last state before that entry instead of hashing 32 MB. Marks that
//! do not check out are not used (the hash starts over).
//!
//! What it cannot see: file times advance in ticks of the kernel's clock (a
//! few milliseconds), so damage written in place within the same tick as
//! factdesk's own write, of the same size and leaving the trailing checksum
//! as it was, passes. git, which never checks the checksum on reading,
//! would not see it either.

use super::sha1_marks::Marks;
use crate::store::hex;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The record, in the git folder.
const FILE: &str = "factdesk-seen-index";
/// The start of its temporary files' names (a killed command's are swept).
pub const TEMP_PREFIX: &str = "factdesk-seen-index-";
/// The first word of a record of this format.
const MAGIC: &str = "factdesk-seen-index-v2";
/// The first word of the line of marks.
const MARKS: &str = "marks";
/// The longest record read: a line of marks per 2 GB of index.
const MAX_RECORD: u64 = 1 << 20;

fn path(git_dir: &Path) -> PathBuf {
    git_dir.join(FILE)
}

/// One line: the format, then device, inode, size, modification and change
/// time (seconds and nanoseconds), and the trailing checksum in hex.
#[cfg(unix)]
fn line(meta: &fs::Metadata, sum: &[u8]) -> String {
    let (dev, ino, size, mtime, mtime_ns, ctime, ctime_ns) = stamp(meta);
    format!(
        "{MAGIC} {dev} {ino} {size} {mtime} {mtime_ns} {ctime} {ctime_ns} {}\n",
        hex(sum)
    )
}

/// The trailing checksum of an index file's bytes, if it has one.
fn trailer(bytes: &[u8]) -> Option<&[u8]> {
    bytes.len().checked_sub(20).map(|at| &bytes[at..])
}

/// Whether the index whose open file has `meta` and whose bytes are `bytes`
/// is the one factdesk recorded after writing it, so its checksum is known
/// to hold: then `Some`, with the marks of its hash when they were kept
/// and check out (else none).
#[cfg(unix)]
pub fn unchanged(git_dir: &Path, meta: &fs::Metadata, bytes: &[u8]) -> Option<Marks> {
    use std::io::Read;
    let sum = trailer(bytes)?;
    let mut on_disk = Vec::new();
    fs::File::open(path(git_dir))
        .and_then(|f| f.take(MAX_RECORD).read_to_end(&mut on_disk))
        .ok()?;
    let text = std::str::from_utf8(&on_disk).ok()?;
    let (first, rest) = text.split_once('\n')?;
    if line(meta, sum).strip_suffix('\n') != Some(first) {
        return None;
    }
    Some(parse_marks(first, rest).unwrap_or_default())
}

/// The line of marks after the record's `first` line: `marks`, each state
/// in hex, and the SHA-1 of the first line and the states.
fn parse_marks(first: &str, rest: &str) -> Option<Marks> {
    let mut words = rest.strip_suffix('\n')?.split(' ');
    if words.next()? != MARKS {
        return None;
    }
    let states: Vec<&str> = words.collect();
    let (check, states) = states.split_last()?;
    if *check != marks_check(first, states) {
        return None;
    }
    states
        .iter()
        .map(|h| {
            let mut state = [0u32; 5];
            if h.len() != 40 {
                return None;
            }
            for (i, word) in state.iter_mut().enumerate() {
                *word = u32::from_str_radix(h.get(8 * i..8 * i + 8)?, 16).ok()?;
            }
            Some(state)
        })
        .collect::<Option<Vec<_>>>()
        .map(Marks)
}

/// The checksum of a line of marks: over the record's first line too, so
/// marks are never taken for another file's.
fn marks_check(first: &str, states: &[&str]) -> String {
    use sha1::{Digest, Sha1};
    let mut h = Sha1::new();
    h.update(first.as_bytes());
    for s in states {
        h.update(b" ");
        h.update(s.as_bytes());
    }
    hex(&h.finalize())
}

/// The line of marks for a record whose first line is `first`.
fn marks_line(first: &str, marks: &Marks) -> String {
    let states: Vec<String> = marks
        .0
        .iter()
        .map(|st| st.iter().map(|w| format!("{w:08x}")).collect())
        .collect();
    let refs: Vec<&str> = states.iter().map(String::as_str).collect();
    let check = marks_check(first.trim_end_matches('\n'), &refs);
    let words: Vec<&str> = std::iter::once(MARKS)
        .chain(refs)
        .chain([check.as_str()])
        .collect();
    format!("{}\n", words.join(" "))
}

/// Whether two reads of the index's stat data name the same, unchanged
/// file (by the same test as [`unchanged`]): then bytes read at the first
/// are still its content at the second.
#[cfg(unix)]
pub fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    stamp(a) == stamp(b)
}

/// Device, inode, size, modification and change times (seconds and
/// nanoseconds): what tells one unchanged file.
#[cfg(unix)]
type Stamp = (u64, u64, u64, i64, i64, i64, i64);

#[cfg(unix)]
fn stamp(meta: &fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    (
        meta.dev(),
        meta.ino(),
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec(),
    )
}

#[cfg(not(unix))]
pub fn same_file(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    false
}

#[cfg(not(unix))]
pub fn unchanged(_git_dir: &Path, _meta: &fs::Metadata, _bytes: &[u8]) -> Option<Marks> {
    None
}

/// Remembers the index now at `git_dir/index`, just written and
/// checksummed by this process, with the `marks` of its hash (empty when
/// libgit2 wrote it). Any failure leaves no record (the next change
/// verifies in full).
#[cfg(unix)]
pub fn record(git_dir: &Path, marks: &Marks) {
    use std::io::{Read, Seek, SeekFrom};
    let target = path(git_dir);
    let made = (|| -> std::io::Result<()> {
        let mut f = fs::File::open(git_dir.join("index"))?;
        let meta = f.metadata()?;
        let mut sum = [0u8; 20];
        f.seek(SeekFrom::End(-20))?;
        f.read_exact(&mut sum)?;
        let first = line(&meta, &sum);
        let text = format!("{first}{}", marks_line(&first, marks));
        let tmp = git_dir.join(format!("{TEMP_PREFIX}{}", std::process::id()));
        let written = fs::File::create(&tmp)
            .and_then(|mut t| t.write_all(text.as_bytes()))
            .and_then(|()| fs::rename(&tmp, &target));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written
    })();
    if made.is_err() {
        forget(git_dir);
    }
}

#[cfg(not(unix))]
pub fn record(_git_dir: &Path, _marks: &Marks) {}

/// Drops the record, so that a failed [`record`] leaves none behind that
/// describes an older index.
#[cfg(unix)]
fn forget(git_dir: &Path) {
    let _ = fs::remove_file(path(git_dir));
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn index_in(dir: &Path, bytes: &[u8]) -> PathBuf {
        let p = dir.join("index");
        fs::write(&p, bytes).unwrap();
        p
    }

    fn seen(dir: &Path) -> bool {
        let p = dir.join("index");
        let f = fs::File::open(&p).unwrap();
        let meta = f.metadata().unwrap();
        unchanged(dir, &meta, &fs::read(&p).unwrap()).is_some()
    }

    fn marks_seen(dir: &Path) -> Option<Marks> {
        let p = dir.join("index");
        let meta = fs::metadata(&p).unwrap();
        unchanged(dir, &meta, &fs::read(&p).unwrap())
    }

    /// The recorded file is recognised; every kind of later write to it is
    /// not: in place (same size), by rename, appended, or the record torn.
    #[test]
    fn only_the_recorded_file_unchanged_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i % 253) as u8).collect();
        let p = index_in(d, &bytes);
        assert!(!seen(d), "no record yet");
        record(d, &Marks::default());
        assert!(seen(d), "the file just recorded");
        assert!(seen(d), "read again, still the same");

        // Rewritten in place with the same bytes but one, same size, in a
        // later tick of the file system's clock (see the module's note).
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut flipped = bytes.clone();
        flipped[100] ^= 1;
        fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .unwrap()
            .write_all(&flipped)
            .unwrap();
        assert!(!seen(d), "written in place");

        record(d, &Marks::default());
        assert!(seen(d));
        // Replaced by rename with identical bytes: another inode.
        let q = d.join("index.lock");
        fs::write(&q, &flipped).unwrap();
        fs::rename(&q, &p).unwrap();
        assert!(!seen(d), "replaced by rename");

        record(d, &Marks::default());
        let rec = fs::read_to_string(d.join(FILE)).unwrap();
        assert!(rec.starts_with(MAGIC) && rec.ends_with('\n'), "{rec}");
        let first = rec.find('\n').unwrap();
        fs::write(d.join(FILE), &rec[..first - 5]).unwrap();
        assert!(!seen(d), "a torn record");

        record(d, &Marks::default());
        forget(d);
        assert!(!seen(d), "a forgotten record");

        // Too short to hold a checksum: never recognised, never recorded.
        index_in(d, b"short");
        record(d, &Marks::default());
        assert!(!seen(d));
    }

    /// The marks come back as recorded, for that file only; a damaged
    /// line of marks gives none, and the file is still recognised.
    #[test]
    fn marks_come_back_only_as_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i % 251) as u8).collect();
        index_in(d, &bytes);
        let marks = Marks(vec![[1, 2, 3, 4, 0xffff_ffff], [5, 6, 7, 8, 9]]);
        record(d, &marks);
        assert_eq!(marks_seen(d), Some(marks.clone()));
        let rec = fs::read_to_string(d.join(FILE)).unwrap();
        assert_eq!(rec.lines().count(), 2, "{rec}");
        // One state changed: the check fails, no marks are used.
        let damaged = rec.replace("ffffffff", "fffffffe");
        assert_ne!(damaged, rec);
        fs::write(d.join(FILE), &damaged).unwrap();
        assert_eq!(marks_seen(d), Some(Marks::default()));
        // The line of marks cut off: none either.
        fs::write(d.join(FILE), &rec[..rec.len() - 10]).unwrap();
        assert_eq!(marks_seen(d), Some(Marks::default()));
        // Another file's record with these marks: not this file's.
        record(d, &marks);
        std::thread::sleep(std::time::Duration::from_millis(20));
        index_in(d, &bytes);
        assert_eq!(marks_seen(d), None);
        // No marks recorded (libgit2 wrote the index): recognised, none.
        record(d, &Marks::default());
        assert_eq!(marks_seen(d), Some(Marks::default()));
    }
}
