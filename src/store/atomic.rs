//! Crash-safe file writes: a reader sees the old file or the new one, never half.

use std::borrow::Cow;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` via a temporary file in the same directory,
/// fsync, rename, and fsync of the directory, so a killed process or a full
/// disk leaves the previous content intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_via_temp(path, bytes, true)
}

/// [`write_atomic`] without the flushes: a killed process still leaves
/// the old content or the new, but a power cut may leave the old one (on
/// ext4, XFS and btrfs, the new one's data reaches the disk before the
/// rename that publishes it, and renames stay in order). For a file
/// written right after tens of megabytes it does not own: a flush then
/// waits for the disk to take those too.
pub fn replace_unflushed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_via_temp(path, bytes, false)
}

fn write_via_temp(path: &Path, bytes: &[u8], flush: bool) -> io::Result<()> {
    let (dir, tmp) = temp_for(path)?;
    fs::create_dir_all(dir)?;
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        if flush {
            f.sync_all()?;
        }
        drop(f);
        fs::rename(&tmp, path)?;
        // Persist the rename itself; not all platforms allow opening a dir.
        if flush {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// From this many files on, [`write_many`] flushes the filesystem twice
/// instead of each file and folder: below it the per-file fsyncs are
/// cheaper than flushing whatever else the machine has pending.
const BATCH_FROM: usize = 16;

/// Writes many files, each atomically as [`write_atomic`] does, with the
/// same guarantee after it returns. A new case holds thousands of claim
/// files, and an fsync per file and folder costs milliseconds each (about
/// 8 ms on ext4, so a minute for a large article); a batch instead writes
/// every temporary file, flushes the filesystem once (`syncfs`), renames
/// them all and flushes once more. `content(i)` gives file `i`'s bytes
/// when it is written, so a caller need not hold every file at once (a
/// long article's claim files come from the repository one by one).
/// `before_rename(i)` runs just before file `i` is replaced, so a caller
/// can record what to undo.
pub fn write_many<'c>(
    paths: &[&Path],
    mut content: impl FnMut(usize) -> io::Result<Cow<'c, [u8]>>,
    mut before_rename: impl FnMut(usize),
) -> io::Result<()> {
    if paths.len() < BATCH_FROM || !cfg!(target_os = "linux") {
        for (i, path) in paths.iter().enumerate() {
            let bytes = content(i)?;
            before_rename(i);
            write_atomic(path, &bytes)?;
        }
        return Ok(());
    }
    let mut temps: Vec<std::path::PathBuf> = Vec::with_capacity(paths.len());
    let result = (|| {
        for (i, path) in paths.iter().enumerate() {
            let bytes = content(i)?;
            let (dir, tmp) = temp_for(path)?;
            fs::create_dir_all(dir)?;
            let mut f = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            temps.push(tmp);
            f.write_all(&bytes)?;
        }
        flush_filesystem(&temps[0])?;
        for (i, (path, tmp)) in paths.iter().zip(&temps).enumerate() {
            before_rename(i);
            fs::rename(tmp, path)?;
        }
        temps.clear();
        flush_filesystem(paths[0])
    })();
    for t in &temps {
        let _ = fs::remove_file(t);
    }
    result
}

/// The folder of `path` and the temporary name written before a rename.
fn temp_for(path: &Path) -> io::Result<(&Path, std::path::PathBuf)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".factdesk-tmp-{}", std::process::id()));
    Ok((dir, dir.join(tmp_name)))
}

/// Flushes every dirty page and metadata change of the filesystem holding
/// `path` to disk (Linux `syncfs`).
#[cfg(target_os = "linux")]
fn flush_filesystem(path: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let f = File::open(path)?;
    // SAFETY: `syncfs` only reads the descriptor, which `f` keeps open for
    // the duration of the call.
    if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn flush_filesystem(_path: &Path) -> io::Result<()> {
    // Not reached: `write_many` batches only on Linux.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Temporary files left in `dir` (none after any write, failed or not).
    fn temp_files(dir: impl AsRef<Path>) -> usize {
        fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .map(|e| e.file_name().to_string_lossy().contains("factdesk-tmp"))
                    .unwrap_or(false)
            })
            .count()
    }

    /// A batch large enough to flush once writes every file and leaves no
    /// temporary file; a batch that fails part-way leaves none either, and
    /// `before_rename` names exactly the files that were replaced.
    #[test]
    fn a_batch_writes_all_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<_> = (0..40)
            .map(|i| dir.path().join(format!("claims/c{i:02}.yaml")))
            .collect();
        let files: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let mut replaced = Vec::new();
        write_many(
            &files,
            |_| Ok(Cow::Borrowed(b"x: 1\n")),
            |i| replaced.push(i),
        )
        .unwrap();
        assert_eq!(replaced, (0..40).collect::<Vec<_>>());
        let names: Vec<_> = fs::read_dir(dir.path().join("claims")).unwrap().collect();
        assert_eq!(names.len(), 40);
        assert_eq!(fs::read(&paths[39]).unwrap(), b"x: 1\n");

        // The 31st target is a folder: nothing can be renamed over it.
        fs::remove_file(&paths[30]).unwrap();
        fs::create_dir(&paths[30]).unwrap();
        let mut replaced = Vec::new();
        assert!(write_many(
            &files,
            |_| Ok(Cow::Borrowed(b"x: 2\n")),
            |i| replaced.push(i)
        )
        .is_err());
        assert_eq!(replaced.len(), 31);
        assert_eq!(fs::read(&paths[29]).unwrap(), b"x: 2\n");
        assert_eq!(fs::read(&paths[31]).unwrap(), b"x: 1\n");
        let temps = temp_files(dir.path().join("claims"));
        assert_eq!(temps, 0);
    }

    /// Content given lazily, each file's own bytes made only when it is
    /// written, lands in every file of a batch and of a small set alike;
    /// a file whose content cannot be made stops the batch before any
    /// rename, leaving no file and no temporary file.
    #[test]
    fn lazy_content_is_written_to_every_file() {
        for n in [3, 40] {
            let dir = tempfile::tempdir().unwrap();
            let paths: Vec<_> = (0..n)
                .map(|i| dir.path().join(format!("d{}/c{i:02}.yaml", i % 3)))
                .collect();
            let files: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
            let mut asked = Vec::new();
            write_many(
                &files,
                |i| {
                    asked.push(i);
                    Ok(Cow::Owned(format!("n: {i}\n").into_bytes()))
                },
                |_| {},
            )
            .unwrap();
            assert_eq!(
                asked,
                (0..n).collect::<Vec<_>>(),
                "each asked once, in order"
            );
            for (i, p) in paths.iter().enumerate() {
                assert_eq!(fs::read_to_string(p).unwrap(), format!("n: {i}\n"));
            }

            let fresh: Vec<_> = paths.iter().map(|p| p.with_extension("new")).collect();
            let files: Vec<&Path> = fresh.iter().map(|p| p.as_path()).collect();
            let mut renamed = 0;
            let err = write_many(
                &files,
                |i| {
                    if i + 1 == n {
                        Err(io::Error::other("no content"))
                    } else {
                        Ok(Cow::Borrowed(b"x\n"))
                    }
                },
                |_| renamed += 1,
            );
            assert!(err.is_err());
            if n >= BATCH_FROM {
                // A batch renames nothing until every temporary file is written.
                assert_eq!(renamed, 0);
                assert!(fresh.iter().all(|p| !p.exists()));
            } else {
                assert_eq!(renamed, n - 1);
            }
            assert!(!fresh[n - 1].exists());
            for d in 0..3 {
                let temps = temp_files(dir.path().join(format!("d{d}")));
                assert_eq!(temps, 0);
            }
        }
    }

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.yaml");
        write_atomic(&p, b"one\n").unwrap();
        write_atomic(&p, b"two\n").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two\n");
        let names: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn failure_keeps_old_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        write_atomic(&p, b"old\n").unwrap();
        // A directory in the way of the rename target makes rename fail.
        let blocked = dir.path().join("b.yaml");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("x"), b"").unwrap();
        assert!(write_atomic(&blocked, b"new\n").is_err());
        assert_eq!(fs::read(&p).unwrap(), b"old\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
