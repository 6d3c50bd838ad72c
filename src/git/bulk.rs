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
//!   survives as it survives SIGKILL (the journal).
//! - [`EarlyWriteback`]: a file written in chunks asks the kernel to start
//!   writing each few megabytes to the disk at once, so that the `fsync`
//!   the transaction waits for before its commit point finds little left
//!   to do (it was 15 ms of a `set`).

use std::fs;
use std::io;
use std::ops::Deref;
use std::path::Path;

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
    /// The file's bytes and its modification time in whole seconds (as
    /// git compares them for racily clean entries).
    pub fn open(path: &Path) -> io::Result<(Self, u32)> {
        let file = fs::File::open(path)?;
        let meta = file.metadata()?;
        let mtime = meta
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as u32);
        let len = usize::try_from(meta.len()).map_err(io::Error::other)?;
        Ok((Self::map(&file, len)?, mtime))
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
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
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
/// Durability still comes from `fsync` afterwards; this only moves the
/// disk's work earlier, beside the writing.
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
        let (m, mtime) = Mapped::open(&p).unwrap();
        assert_eq!(&*m, &bytes[..]);
        assert!(mtime > 0);
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
