//! One writer at a time: an advisory lock on `.git/factdesk.lock`.
//!
//! The kernel releases the lock when its holder exits, however it exits, so
//! a lock left by a killed process never blocks anyone: the next command
//! simply gets it (and then finishes or undoes the killed one's change from
//! the journal, see `txn`). The file's content (pid, host, command) is only
//! there to say who is being waited for.

use super::GitError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The lock file's name inside the git directory.
pub const LOCK_FILE: &str = "factdesk.lock";

/// How long a writer waits for another by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// After this long, a waiting writer says whom it waits for.
const ANNOUNCE_AFTER: Duration = Duration::from_secs(1);

/// Held while a mutation reads, writes and commits; released on drop.
#[derive(Debug)]
pub struct WorkspaceLock {
    _file: File,
}

/// The wait bound: `FACTDESK_LOCK_TIMEOUT` (seconds) or the default.
pub fn timeout_from_env() -> Duration {
    std::env::var("FACTDESK_LOCK_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs_f64)
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this machine".into())
}

/// Takes the workspace lock in `git_dir`, waiting up to `timeout` for
/// another factdesk command to finish. `notify` is told once, after a
/// second, whom it waits for.
pub fn acquire(
    git_dir: &Path,
    what: &str,
    timeout: Duration,
    notify: &dyn Fn(&str),
) -> Result<WorkspaceLock, GitError> {
    let path = git_dir.join(LOCK_FILE);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| GitError::io(&path, e))?;
    let start = Instant::now();
    let mut announced = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(GitError::io(&path, e)),
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(GitError::Locked {
                path,
                holder: holder(&mut file),
                hint: "another factdesk command is still changing this workspace; wait for it to finish (or raise FACTDESK_LOCK_TIMEOUT) and run the command again; nothing was written".into(),
            });
        }
        if !announced && waited >= ANNOUNCE_AFTER {
            announced = true;
            notify(&format!(
                "waiting for another factdesk command to finish ({})…",
                holder(&mut file)
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Say who holds it, for anyone who waits. Best effort: the lock itself
    // is the kernel's, not this text.
    let me = format!("pid {} on {}: {what}\n", std::process::id(), hostname());
    let _ = file
        .set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| file.write_all(me.as_bytes()));
    Ok(WorkspaceLock { _file: file })
}

fn holder(file: &mut File) -> String {
    let mut s = String::new();
    let _ = file.rewind().and_then(|_| file.read_to_string(&mut s));
    let s = s.trim();
    if s.is_empty() {
        "pid unknown".into()
    } else {
        crate::text::one_line(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_waits_then_gets_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), "first", DEFAULT_TIMEOUT, &|_| {}).unwrap();
        let err = acquire(dir.path(), "second", Duration::from_millis(50), &|_| {}).unwrap_err();
        match err {
            GitError::Locked { holder, .. } => assert!(holder.contains("first"), "{holder}"),
            e => panic!("unexpected {e}"),
        }
        let d = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            acquire(&d, "second", Duration::from_secs(10), &|_| {}).map(|_| ())
        });
        std::thread::sleep(Duration::from_millis(100));
        drop(first);
        waiter.join().unwrap().unwrap();
    }
}
