//! Large files (git's index is 32 MB at 20,000 cases), read and written
//! without the costs that dominated a `set`:
//!
//! - [`Mapped`]: a file's bytes mapped read-only. `read` into a fresh
//!   buffer spent most of its time faulting in and zeroing 8,000 pages
//!   before copying into them (about 20 ms of a `set`); a mapping shares
//!   the page cache's copy. Only for files replaced by rename and never
//!   rewritten in place, as git and libgit2 write the index (lock file,
//!   then rename). A program truncating the file in place while it is
//!   mapped would stop the process with SIGBUS, which a transaction
//!   survives as it survives SIGKILL (the journal). Pages come in as they
//!   are read, and [`Mapped::release`] lets them go behind each pass, so
//!   the process never holds the whole file (the index was 32 of a
//!   `set`'s 50 MB peak).
//! - [`EarlyWriteback`]: a file written in chunks asks the kernel to start
//!   writing each few megabytes to the disk at once, so that an `fsync`
//!   before the commit point finds little left to do (it was 15 ms of a
//!   `set`), and, unflushed, renaming the file over another does not start
//!   all of it at once (ext4's `auto_da_alloc`).

use std::fs;
use std::io;
use std::ops::Deref;
use std::path::Path;

/// A file's modification time in whole seconds, as git compares them for
/// racily clean index entries (0 when the clock is before 1970).
pub fn mtime_secs(meta: &fs::Metadata) -> u32 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as u32)
}

/// The bytes of a file as it was when opened.
pub struct Mapped {
    inner: Inner,
}

enum Inner {
    #[cfg(target_os = "linux")]
    Map {
        ptr: *mut libc::c_void,
        len: usize,
    },
    Owned(Vec<u8>),
}

// SAFETY: the mapping is private and read-only, owned by this value and
// unmapped only on drop; nothing writes through the pointer, so sharing or
// moving it between threads is as safe as for a `Vec<u8>`.
unsafe impl Send for Mapped {}
// SAFETY: as above: `&Mapped` gives only `&[u8]`.
unsafe impl Sync for Mapped {}

impl Mapped {
    /// The file's bytes and the open file's metadata (its `fstat`, so it
    /// describes exactly the bytes mapped).
    pub fn open(path: &Path) -> io::Result<(Self, fs::Metadata)> {
        let file = fs::File::open(path)?;
        let meta = file.metadata()?;
        let len = usize::try_from(meta.len()).map_err(io::Error::other)?;
        Ok((Self::map(&file, len)?, meta))
    }

    #[cfg(target_os = "linux")]
    fn map(file: &fs::File, len: usize) -> io::Result<Self> {
        use std::os::fd::AsRawFd;
        if len == 0 {
            return Ok(Mapped {
                inner: Inner::Owned(Vec::new()),
            });
        }
        // SAFETY: a fresh private read-only mapping of `len` bytes of an
        // open file (the descriptor may be closed afterwards; the mapping
        // keeps the file); the result is checked before use, and the
        // pointer is unmapped once, in `drop`.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        Ok(Mapped {
            inner: Inner::Map { ptr, len },
        })
    }

    /// Drops from this process the pages of the mapping that `part` (a
    /// slice of it, already read) lies on; the page cache keeps them, and
    /// reading them again maps them back with the same bytes (the mapping
    /// is private and never written, so nothing is lost: the kernel may
    /// drop clean file pages at any time in the same way). Anything not
    /// inside the mapping, or a copy in memory, is left alone.
    pub fn release(&self, part: &[u8]) {
        #[cfg(target_os = "linux")]
        if let Inner::Map { ptr, len } = self.inner {
            // SAFETY: `sysconf` has no preconditions.
            let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
                p if p > 0 => p as usize,
                _ => return,
            };
            let base = ptr as usize;
            let start = part.as_ptr() as usize;
            let end = start.saturating_add(part.len());
            if part.is_empty() || start < base || end > base + len {
                return;
            }
            // Whole pages: the mapping starts on one, and its last page is
            // mapped in full.
            let from = start - (start - base) % page;
            let to = (end.div_ceil(page) * page).min(base + len.div_ceil(page) * page);
            // SAFETY: `from..to` lies within the live mapping made in
            // `map` (checked above); MADV_DONTNEED on a private, never
            // written file mapping only unmaps pages, which fault back in
            // from the file, unchanged, when read again.
            unsafe {
                libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_DONTNEED);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = part;
    }

    #[cfg(not(target_os = "linux"))]
    fn map(file: &fs::File, len: usize) -> io::Result<Self> {
        use std::io::Read;
        let mut bytes = Vec::with_capacity(len + 1);
        let mut file = file;
        file.read_to_end(&mut bytes)?;
        Ok(Mapped {
            inner: Inner::Owned(bytes),
        })
    }
}

impl Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.inner {
            // SAFETY: `ptr` is a live mapping of `len` readable bytes
            // (see `map`), unmapped only when `self` is dropped.
            #[cfg(target_os = "linux")]
            Inner::Map { ptr, len } => unsafe {
                std::slice::from_raw_parts(ptr.cast::<u8>(), *len)
            },
            Inner::Owned(v) => v,
        }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Inner::Map { ptr, len } = self.inner {
            // SAFETY: the mapping made in `map`, unmapped exactly once;
            // no slice of it outlives `self` (they borrow it).
            unsafe {
                libc::munmap(ptr, len);
            }
        }
    }
}

/// Bytes written through to a file, whose writeback to the disk is
/// started every [`EarlyWriteback::STEP`] bytes (Linux: `sync_file_range`
/// with `SYNC_FILE_RANGE_WRITE`, which only starts it; elsewhere nothing).
/// Durability, when wanted, still comes from `fsync` afterwards; this only
/// moves the disk's work earlier, beside the writing.
pub struct EarlyWriteback {
    file: fs::File,
    /// Bytes written so far.
    written: u64,
    /// Where the range not yet handed to writeback starts.
    started: u64,
}

impl EarlyWriteback {
    /// How much is written between two writeback requests.
    pub const STEP: u64 = 4 << 20;

    pub fn new(file: fs::File) -> Self {
        EarlyWriteback {
            file,
            written: 0,
            started: 0,
        }
    }

    #[cfg(target_os = "linux")]
    fn start_writeback(&mut self) {
        use std::os::fd::AsRawFd;
        let len = self.written - self.started;
        // SAFETY: a plain system call on an open descriptor with in-range
        // offsets; it only schedules writeback, and its failure (ignored)
        // changes nothing but timing.
        unsafe {
            libc::sync_file_range(
                self.file.as_raw_fd(),
                self.started as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
        self.started = self.written;
    }

    #[cfg(not(target_os = "linux"))]
    fn start_writeback(&mut self) {
        self.started = self.written;
    }
}

impl io::Write for EarlyWriteback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= Self::STEP {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_a_file_and_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&p, &bytes).unwrap();
        let (m, meta) = Mapped::open(&p).unwrap();
        assert_eq!(&*m, &bytes[..]);
        assert_eq!(meta.len(), bytes.len() as u64);
        assert!(mtime_secs(&meta) > 0);
        // Replaced by rename, as git writes the index: the mapping keeps
        // the old content.
        let q = dir.path().join("g");
        fs::write(&q, b"new").unwrap();
        fs::rename(&q, &p).unwrap();
        assert_eq!(&*m, &bytes[..]);
        fs::write(&p, b"").unwrap();
        let (e, _) = Mapped::open(&p).unwrap();
        assert!(e.is_empty());
        assert!(Mapped::open(&dir.path().join("absent")).is_err());
    }

    /// This process's resident KB of the mapping that starts at `addr`
    /// (`/proc/self/smaps`).
    #[cfg(target_os = "linux")]
    fn resident_kb(addr: usize) -> u64 {
        let smaps = fs::read_to_string("/proc/self/smaps").unwrap();
        let mut lines = smaps.lines();
        while let Some(l) = lines.next() {
            let start = l.split('-').next().unwrap_or("");
            if usize::from_str_radix(start, 16).ok() == Some(addr) {
                return lines
                    .find_map(|l| l.strip_prefix("Rss:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                    .unwrap();
            }
        }
        panic!("no mapping at {addr:#x}");
    }

    /// Released pages leave the process and read back unchanged; parts
    /// outside the mapping, and copies in memory, are left alone.
    #[cfg(target_os = "linux")]
    #[test]
    fn released_pages_leave_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let bytes: Vec<u8> = (0..(4u32 << 20) + 123).map(|i| (i % 251) as u8).collect();
        fs::write(&p, &bytes).unwrap();
        let (m, _) = Mapped::open(&p).unwrap();
        let addr = m.as_ptr() as usize;
        assert_eq!(&*m, &bytes[..]);
        let whole = resident_kb(addr);
        assert!(whole >= 4096, "all read: {whole} KB resident");
        // The first half, from mid-page to mid-page: its pages go.
        m.release(&m[100..(2 << 20) + 100]);
        let half = resident_kb(addr);
        assert!(
            half <= whole - 2048,
            "{half} KB of {whole} after releasing half"
        );
        // Another buffer's bytes, or the empty slice: nothing happens.
        m.release(&bytes);
        m.release(&bytes[..0]);
        assert_eq!(resident_kb(addr), half);
        m.release(&m);
        assert_eq!(resident_kb(addr), 0);
        assert_eq!(&*m, &bytes[..]);
        // A copy in memory is never released (that would zero it).
        let owned = Mapped {
            inner: Inner::Owned(bytes.clone()),
        };
        owned.release(&owned);
        assert_eq!(&*owned, &bytes[..]);
    }

    /// Everything written arrives, across several writeback steps and a
    /// last partial one.
    #[test]
    fn early_writeback_writes_everything() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let chunk: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
        let mut w = EarlyWriteback::new(fs::File::create(&p).unwrap());
        let n = 2 * EarlyWriteback::STEP as usize / chunk.len() + 3;
        for _ in 0..n {
            w.write_all(&chunk).unwrap();
        }
        w.flush().unwrap();
        assert!(
            w.started > 0 && w.started < w.written,
            "{} {}",
            w.started,
            w.written
        );
        drop(w);
        let back = fs::read(&p).unwrap();
        assert_eq!(back.len(), n * chunk.len());
        assert!(back.chunks(chunk.len()).all(|c| c == chunk));
    }
}
