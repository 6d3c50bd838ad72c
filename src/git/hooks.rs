//! git hooks (`pre-commit`, `commit-msg`, `post-commit`), found as git
//! finds them (`core.hooksPath`), so a repository's checks also guard the
//! commits factdesk makes.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What a hook printed and whether it passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HookRun {
    /// The hook exited with status 0.
    pub success: bool,
    /// stdout and stderr in the order they were written (both go to one
    /// file), keeping only the last [`OUTPUT_LIMIT`] characters, after a
    /// leading `…` when cut.
    pub output: String,
}

/// How much hook output is kept: enough for the end of a linter report,
/// small enough for a status area.
pub(crate) const OUTPUT_LIMIT: usize = 4000;

/// Variables that point git at a particular repository, index or object
/// store. An inherited value could send the hook's own git commands
/// elsewhere, so they are removed (as git does for subprocesses in another
/// repository); callers pass any they want in `env`.
const LOCAL_REPO_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_PREFIX",
];

/// The executable hook `name` as git would run it: `core.hooksPath`
/// (absolute, `~/`-expanded, or relative to the work tree root) else
/// `<git dir>/hooks`; only if the file exists and is executable
/// (unix mode & 0o111).
pub(crate) fn find(repo: &git2::Repository, name: &str) -> Option<PathBuf> {
    let path = hooks_dir(repo).join(name);
    is_executable(&path).then_some(path)
}

/// Runs hook `name` if it exists (Ok(None) if not), with cwd = the work tree
/// root (repo.workdir(), else the git dir), `args`, the extra `env` pairs,
/// stdin from /dev/null, and GIT_DIR NOT set unless given in env. Output
/// captured, never inherited.
pub(crate) fn run(
    repo: &git2::Repository,
    name: &str,
    args: &[&OsStr],
    env: &[(&str, &OsStr)],
) -> io::Result<Option<HookRun>> {
    let Some(hook) = find(repo, name) else {
        return Ok(None);
    };
    let mut out = Scratch::create()?;
    let build = |program: &Path, first: Option<&Path>| -> io::Result<Command> {
        let mut cmd = Command::new(program);
        if let Some(first) = first {
            cmd.arg(first);
        }
        cmd.args(args)
            .current_dir(run_dir(repo))
            .stdin(Stdio::null())
            .stdout(Stdio::from(out.file.try_clone()?))
            .stderr(Stdio::from(out.file.try_clone()?));
        for var in LOCAL_REPO_ENV {
            cmd.env_remove(var);
        }
        for (key, value) in env {
            cmd.env(key, value);
        }
        Ok(cmd)
    };
    let mut child = match spawn(&mut build(&hook, None)?) {
        // No `#!` line: like git (and a shell), run it with /bin/sh.
        Err(e) if is_exec_format_error(&e) => {
            spawn(&mut build(Path::new("/bin/sh"), Some(&hook))?)?
        }
        other => other?,
    };
    let status = child.wait()?;
    Ok(Some(HookRun {
        success: status.success(),
        output: out.tail()?,
    }))
}

/// `core.hooksPath` if set (and not empty), else the common git dir's
/// `hooks` (shared by all worktrees, as in git).
fn hooks_dir(repo: &git2::Repository) -> PathBuf {
    let configured = repo
        .config()
        .and_then(|cfg| cfg.get_string("core.hooksPath"))
        .ok()
        .filter(|p| !p.is_empty());
    match configured {
        Some(p) => {
            let p = expand_home(&p, std::env::var_os("HOME"));
            if p.is_absolute() {
                p
            } else {
                run_dir(repo).join(p)
            }
        }
        None => repo.commondir().join("hooks"),
    }
}

/// Where git runs hooks: the top of the work tree, or the git dir when bare.
fn run_dir(repo: &git2::Repository) -> &Path {
    repo.workdir().unwrap_or_else(|| repo.path())
}

/// Expands a leading `~/` (or a lone `~`) with `home`, as git does for
/// path-valued config.
fn expand_home(value: &str, home: Option<OsString>) -> PathBuf {
    match (value, home) {
        ("~", Some(home)) => PathBuf::from(home),
        (v, Some(home)) if v.starts_with("~/") => Path::new(&home).join(&v[2..]),
        (v, _) => PathBuf::from(v),
    }
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// ENOEXEC: the file has no `#!` line and is not a binary.
fn is_exec_format_error(e: &io::Error) -> bool {
    // ENOEXEC is 8 on Linux, macOS and the BSDs.
    cfg!(unix) && e.raw_os_error() == Some(8)
}

/// Spawns `cmd`, retrying briefly when the hook is momentarily busy
/// (ETXTBSY: it was just written and some fork still holds it open).
/// Signing programs are started the same way.
pub(crate) fn spawn(cmd: &mut Command) -> io::Result<std::process::Child> {
    let mut tries = 0;
    loop {
        match cmd.spawn() {
            Err(e) if e.kind() == io::ErrorKind::ExecutableFileBusy && tries < 5 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20 * tries));
            }
            other => return other,
        }
    }
}

static SCRATCH_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary file that receives the hook's stdout and stderr. A file
/// rather than pipes: both streams share one offset, so they stay in
/// order, and a background process the hook leaves behind cannot keep us
/// waiting for end-of-file. On unix it is unlinked as soon as it is open.
struct Scratch {
    file: File,
    path: Option<PathBuf>,
}

impl Scratch {
    fn create() -> io::Result<Scratch> {
        let dir = std::env::temp_dir();
        for _ in 0..16 {
            let n = SCRATCH_COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path = dir.join(format!(".factdesk-hook-{}-{n}-{nanos}", std::process::id()));
            let mut options = OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(&path) {
                Ok(file) => {
                    // Where an open file can be removed, do it now so
                    // nothing is left behind even if we are killed.
                    let path = fs::remove_file(&path).is_err().then_some(path);
                    return Ok(Scratch { file, path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary file name for hook output",
        ))
    }

    /// The last [`OUTPUT_LIMIT`] characters written.
    fn tail(&mut self) -> io::Result<String> {
        // Enough bytes for OUTPUT_LIMIT characters of up to 4 bytes each.
        let window = (OUTPUT_LIMIT * 4) as u64;
        let len = self.file.seek(SeekFrom::End(0))?;
        let start = len.saturating_sub(window);
        self.file.seek(SeekFrom::Start(start))?;
        let mut bytes = Vec::new();
        self.file.read_to_end(&mut bytes)?;
        Ok(keep_tail(&String::from_utf8_lossy(&bytes), start > 0))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = fs::remove_file(path);
        }
    }
}

/// The last [`OUTPUT_LIMIT`] characters of `text`, after `…` if anything
/// (including bytes before `text`, when `cut`) was dropped.
fn keep_tail(text: &str, cut: bool) -> String {
    let count = text.chars().count();
    if count <= OUTPUT_LIMIT && !cut {
        return text.to_string();
    }
    let skip = count.saturating_sub(OUTPUT_LIMIT);
    let mut kept = String::from("…");
    kept.extend(text.chars().skip(skip));
    kept
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use git2::Repository;
    use std::os::unix::fs::PermissionsExt;

    fn repo() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        (dir, repo)
    }

    fn write_hook(dir: &Path, name: &str, body: &str, mode: u32) -> PathBuf {
        fs::create_dir_all(dir).unwrap();
        let path = dir.join(name);
        fs::write(&path, body).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    fn hooks(repo: &Repository) -> PathBuf {
        repo.path().join("hooks")
    }

    fn run_ok(repo: &Repository, name: &str) -> HookRun {
        run(repo, name, &[], &[]).unwrap().unwrap()
    }

    #[test]
    fn no_hook_means_none() {
        let (_d, repo) = repo();
        assert_eq!(find(&repo, "pre-commit"), None);
        assert_eq!(run(&repo, "pre-commit", &[], &[]).unwrap(), None);
    }

    #[test]
    fn a_non_executable_hook_is_ignored() {
        let (_d, repo) = repo();
        write_hook(&hooks(&repo), "pre-commit", "#!/bin/sh\nexit 1\n", 0o644);
        assert_eq!(find(&repo, "pre-commit"), None);
        assert_eq!(run(&repo, "pre-commit", &[], &[]).unwrap(), None);
    }

    #[test]
    fn a_failing_hook_reports_its_output() {
        let (_d, repo) = repo();
        let path = write_hook(
            &hooks(&repo),
            "pre-commit",
            "#!/bin/sh\necho nope >&2; exit 1\n",
            0o755,
        );
        assert_eq!(find(&repo, "pre-commit"), Some(path));
        let ran = run_ok(&repo, "pre-commit");
        assert!(!ran.success);
        assert!(ran.output.contains("nope"), "{ran:?}");
    }

    #[test]
    fn stdout_and_stderr_are_interleaved_in_order() {
        let (_d, repo) = repo();
        write_hook(
            &hooks(&repo),
            "post-commit",
            "#!/bin/sh\necho one\necho two >&2\necho three\n",
            0o700,
        );
        let ran = run_ok(&repo, "post-commit");
        assert!(ran.success);
        assert_eq!(ran.output, "one\ntwo\nthree\n");
    }

    #[test]
    fn relative_hooks_path_is_relative_to_the_work_tree() {
        let (dir, repo) = repo();
        write_hook(
            &hooks(&repo),
            "pre-commit",
            "#!/bin/sh\necho default; exit 1\n",
            0o755,
        );
        let custom = dir.path().join("ci").join("hooks");
        let path = write_hook(&custom, "pre-commit", "#!/bin/sh\necho custom\n", 0o755);
        repo.config()
            .unwrap()
            .set_str("core.hooksPath", "ci/hooks")
            .unwrap();
        assert_eq!(
            fs::canonicalize(find(&repo, "pre-commit").unwrap()).unwrap(),
            fs::canonicalize(path).unwrap()
        );
        let ran = run_ok(&repo, "pre-commit");
        assert_eq!(
            ran,
            HookRun {
                success: true,
                output: "custom\n".into()
            }
        );
    }

    #[test]
    fn absolute_hooks_path_is_honoured() {
        let (_d, repo) = repo();
        let elsewhere = tempfile::tempdir().unwrap();
        write_hook(&hooks(&repo), "commit-msg", "#!/bin/sh\nexit 0\n", 0o755);
        let path = write_hook(
            elsewhere.path(),
            "commit-msg",
            "#!/bin/sh\necho shared; exit 3\n",
            0o755,
        );
        repo.config()
            .unwrap()
            .set_str("core.hooksPath", elsewhere.path().to_str().unwrap())
            .unwrap();
        assert_eq!(find(&repo, "commit-msg"), Some(path));
        let ran = run_ok(&repo, "commit-msg");
        assert_eq!(
            ran,
            HookRun {
                success: false,
                output: "shared\n".into()
            }
        );
        // A hooks path without the hook means no hook, not the default one.
        assert_eq!(find(&repo, "pre-commit"), None);
    }

    #[test]
    fn home_is_expanded_in_hooks_path() {
        let home = Some(OsString::from("/home/me"));
        assert_eq!(
            expand_home("~/hooks", home.clone()),
            PathBuf::from("/home/me/hooks")
        );
        assert_eq!(expand_home("~", home.clone()), PathBuf::from("/home/me"));
        assert_eq!(expand_home("hooks/~", home), PathBuf::from("hooks/~"));
        assert_eq!(expand_home("~/hooks", None), PathBuf::from("~/hooks"));
    }

    #[test]
    fn env_reaches_the_hook_and_git_dir_is_not_set() {
        let (_d, repo) = repo();
        write_hook(
            &hooks(&repo),
            "pre-commit",
            "#!/bin/sh\necho \"x=$FACTDESK_X\"\necho \"git_dir=${GIT_DIR-unset}\"\necho \"index=$GIT_INDEX_FILE\"\n",
            0o755,
        );
        let ran = run(
            &repo,
            "pre-commit",
            &[],
            &[
                ("FACTDESK_X", OsStr::new("a value with spaces")),
                ("GIT_INDEX_FILE", OsStr::new("/tmp/factdesk-index")),
            ],
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            ran.output,
            "x=a value with spaces\ngit_dir=unset\nindex=/tmp/factdesk-index\n"
        );
        let ran = run(&repo, "pre-commit", &[], &[("GIT_DIR", OsStr::new(".git"))])
            .unwrap()
            .unwrap();
        assert!(ran.output.contains("git_dir=.git\n"), "{ran:?}");
    }

    #[test]
    fn args_reach_the_hook() {
        let (dir, repo) = repo();
        write_hook(
            &hooks(&repo),
            "commit-msg",
            "#!/bin/sh\necho \"$#\"\nprintf 'Reviewed-by: hook\\n' >> \"$1\"\n",
            0o755,
        );
        let msg = dir.path().join(".git").join("COMMIT_EDITMSG");
        fs::write(&msg, "Verdict: false\n").unwrap();
        let ran = run(&repo, "commit-msg", &[msg.as_os_str()], &[])
            .unwrap()
            .unwrap();
        assert_eq!(
            ran,
            HookRun {
                success: true,
                output: "1\n".into()
            }
        );
        assert_eq!(
            fs::read_to_string(&msg).unwrap(),
            "Verdict: false\nReviewed-by: hook\n"
        );
    }

    #[test]
    fn runs_in_the_work_tree_root_with_empty_stdin() {
        let (dir, repo) = repo();
        write_hook(
            &hooks(&repo),
            "pre-commit",
            "#!/bin/sh\ncat\npwd -P\n",
            0o755,
        );
        let ran = run_ok(&repo, "pre-commit");
        let root = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(ran.output, format!("{}\n", root.display()));
    }

    #[test]
    fn a_bare_repository_runs_hooks_in_the_git_dir() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        write_hook(
            &dir.path().join("hooks"),
            "post-commit",
            "#!/bin/sh\npwd -P\n",
            0o755,
        );
        let ran = run_ok(&repo, "post-commit");
        let root = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(ran.output, format!("{}\n", root.display()));
    }

    #[test]
    fn a_hook_without_shebang_runs_with_sh() {
        let (_d, repo) = repo();
        write_hook(&hooks(&repo), "pre-commit", "echo plain \"$1\"\n", 0o755);
        let ran = run(&repo, "pre-commit", &[OsStr::new("arg")], &[])
            .unwrap()
            .unwrap();
        assert_eq!(
            ran,
            HookRun {
                success: true,
                output: "plain arg\n".into()
            }
        );
    }

    #[test]
    fn long_output_keeps_the_tail() {
        let (_d, repo) = repo();
        write_hook(
            &hooks(&repo),
            "pre-commit",
            "#!/bin/sh\ni=0\nwhile [ $i -lt 3000 ]; do echo \"line $i é\"; i=$((i+1)); done\nexit 1\n",
            0o755,
        );
        let ran = run_ok(&repo, "pre-commit");
        assert!(!ran.success);
        assert!(ran.output.starts_with('…'), "{}", &ran.output[..40]);
        assert_eq!(ran.output.chars().count(), OUTPUT_LIMIT + 1);
        assert!(ran.output.ends_with("line 2998 é\nline 2999 é\n"));
    }

    #[test]
    fn keep_tail_counts_characters() {
        assert_eq!(keep_tail("short", false), "short");
        assert_eq!(keep_tail("short", true), "…short");
        let long = "é".repeat(OUTPUT_LIMIT + 5);
        assert_eq!(
            keep_tail(&long, false),
            format!("…{}", "é".repeat(OUTPUT_LIMIT))
        );
    }
}
