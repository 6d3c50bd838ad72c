//! The commit transaction every mutation goes through, tested black-box: the
//! real binary on real repositories, checked with the real `git`.
//!
//! The contract under test:
//! 1. one writer at a time (`.git/factdesk.lock`; waiters say "waiting for";
//!    `FACTDESK_LOCK_TIMEOUT`; a killed holder never blocks);
//! 2. all or nothing across SIGKILL (the next command finishes or undoes the
//!    cut-off change and says "interrupted"; no `*.factdesk-tmp-*` files; the
//!    journal `.git/factdesk-journal.json` exists only during a change);
//! 3. the index is never stale (work tree == index == HEAD for `cases/`);
//! 4. environment failures exit 3 and change nothing;
//! 5. git's rules: signing, hooks, `--no-verify`, `core.hooksPath`,
//!    `GIT_AUTHOR_*`, unborn branch, detached HEAD, staged hand edits;
//! 6. a crash loop (SIGKILL at random instants) and
//! 7. concurrent writers.
//!
//! The long crash run: `bash benches/crash.sh` (300 kills, release build), or
//! `FACTDESK_CRASH_ITERATIONS=300 cargo test --release --test it txn::crash -- --nocapture`.
//! `FACTDESK_CRASH_SEED` replays a failing run (the seed is printed on failure);
//! `FACTDESK_CRASH_MAX_DELAY_MS` (default 40) bounds the random kill delay;
//! `FACTDESK_CRASH_KEEP=1` keeps the workspace of a failing run.

/// Helpers shared by the modules below.
mod support {
    use crate::fixture::Ws;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Output, Stdio};
    use std::time::{Duration, Instant};

    /// The bundled case `Ws::seed` adds.
    pub const CASE: &str = crate::fixture::SEED_ID;
    /// The transaction journal, relative to the workspace root.
    pub const JOURNAL: &str = ".git/factdesk-journal.json";
    /// The workspace lock, relative to the workspace root.
    pub const LOCK: &str = ".git/factdesk.lock";
    /// What every factdesk temporary file name contains.
    pub const TMP_MARK: &str = ".factdesk-tmp-";
    /// Exit code for environment failures.
    pub const EXIT_ENV: i32 = 3;
    /// Exit code for a refused change.
    pub const EXIT_REFUSED: i32 = 1;

    /// `CASE/cNN`.
    pub fn claim_ref(id: &str) -> String {
        format!("{CASE}/{id}")
    }

    /// Workspace-relative path of a claim file.
    pub fn claim_rel(id: &str) -> String {
        format!("cases/{CASE}/claims/{id}.yaml")
    }

    /// A workspace with the seed case committed.
    pub fn seeded() -> Ws {
        let ws = Ws::new();
        ws.seed();
        ws
    }

    /// A finished process.
    #[derive(Debug)]
    pub struct Run {
        /// Exit code; `None` when killed by a signal.
        pub code: Option<i32>,
        /// Standard output, lossily decoded.
        pub stdout: String,
        /// Standard error, lossily decoded.
        pub stderr: String,
        /// Wall time from start to exit.
        pub elapsed: Duration,
    }

    impl Run {
        /// Exit code 0.
        pub fn ok(&self) -> bool {
            self.code == Some(0)
        }

        /// Everything about the run, for assertion messages.
        pub fn show(&self) -> String {
            format!(
                "exit {:?} after {:?}\n--- stdout\n{}--- stderr\n{}",
                self.code, self.elapsed, self.stdout, self.stderr
            )
        }

        fn from(out: Output, elapsed: Duration) -> Self {
            Self {
                code: out.status.code(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                elapsed,
            }
        }
    }

    /// Runs a command to completion.
    pub fn run(mut c: Command) -> Run {
        let start = Instant::now();
        let out = c.output().expect("process runs");
        Run::from(out, start.elapsed())
    }

    /// Waits for a spawned child (stdout and stderr piped).
    pub fn finish(child: Child, start: Instant) -> Run {
        let out = child.wait_with_output().expect("wait for child");
        Run::from(out, start.elapsed())
    }

    /// Runs factdesk in the workspace.
    pub fn fd(ws: &Ws, args: &[&str]) -> Run {
        run(ws.fd_std(args))
    }

    /// Runs factdesk with extra environment variables.
    pub fn fd_env(ws: &Ws, args: &[&str], envs: &[(&str, &str)]) -> Run {
        let mut c = ws.fd_std(args);
        c.envs(envs.iter().copied());
        run(c)
    }

    /// Starts factdesk in the background with stdout and stderr piped.
    pub fn spawn_fd(ws: &Ws, args: &[&str], envs: &[(&str, &str)]) -> (Child, Instant) {
        let mut c = ws.fd_std(args);
        c.envs(envs.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let start = Instant::now();
        (c.spawn().expect("spawn factdesk"), start)
    }

    /// Whether a git command succeeds.
    pub fn git_ok(ws: &Ws, args: &[&str]) -> bool {
        ws.git_output(args).status.success()
    }

    /// HEAD's commit id, or `None` on an unborn branch.
    pub fn head(ws: &Ws) -> Option<String> {
        let out = ws.git_output(&["rev-parse", "--verify", "-q", "HEAD"]);
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// A file as HEAD has it.
    pub fn head_file(ws: &Ws, rel: &str) -> Option<String> {
        let out = ws.git_output(&["show", &format!("HEAD:{rel}")]);
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// `git status --porcelain` without touching the index.
    pub fn status(ws: &Ws, pathspec: &[&str]) -> String {
        let mut args = vec![
            "--no-optional-locks",
            "status",
            "--porcelain",
            "--untracked-files=all",
        ];
        if !pathspec.is_empty() {
            args.push("--");
            args.extend_from_slice(pathspec);
        }
        let out = ws.git_output(&args);
        assert!(
            out.status.success(),
            "git status: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Every file under `dir` (hidden ones too), relative path → bytes.
    pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                let ft = e.file_type().expect("file type");
                if ft.is_dir() {
                    walk(base, &p, out);
                } else {
                    let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                    out.insert(rel, std::fs::read(&p).unwrap_or_default());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(dir, dir, &mut out);
        out
    }

    /// factdesk temporary files anywhere under `root`, `.git` included.
    pub fn tmp_files(root: &Path) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                if e.file_name().to_string_lossy().contains(TMP_MARK) {
                    out.push(p.clone());
                }
                if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                    walk(&p, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(root, &mut out);
        out
    }

    /// What "nothing changed" compares: HEAD, the index entries, the status
    /// and every byte under `cases/`.
    #[derive(Debug, PartialEq, Eq)]
    pub struct Snapshot {
        /// HEAD's commit, if any.
        pub head: Option<String>,
        /// `git ls-files -s`: mode, blob and path of every index entry.
        pub index: String,
        /// `git status --porcelain`.
        pub status: String,
        /// Every file under `cases/` (lossy text, for readable diffs).
        pub cases: BTreeMap<String, String>,
    }

    /// Takes a snapshot without writing anything (no optional git locks).
    pub fn snapshot(ws: &Ws) -> Snapshot {
        let idx = ws.git_output(&["--no-optional-locks", "ls-files", "-s"]);
        assert!(idx.status.success(), "git ls-files failed");
        Snapshot {
            head: head(ws),
            index: String::from_utf8_lossy(&idx.stdout).into_owned(),
            status: status(ws, &[]),
            cases: files_under(&ws.root.join("cases"))
                .into_iter()
                .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
                .collect(),
        }
    }

    /// What differs between two snapshots, in a few readable lines
    /// (empty when equal).
    pub fn snapshot_diff(before: &Snapshot, after: &Snapshot) -> String {
        let mut out = Vec::new();
        if before.head != after.head {
            out.push(format!("HEAD moved: {:?} -> {:?}", before.head, after.head));
        }
        let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
        let (bi, ai) = (lines(&before.index), lines(&after.index));
        for l in bi.iter().filter(|l| !ai.contains(l)) {
            out.push(format!("index lost: {l}"));
        }
        for l in ai.iter().filter(|l| !bi.contains(l)) {
            out.push(format!("index gained: {l}"));
        }
        if before.status != after.status {
            out.push(format!(
                "status before:\n{}status after:\n{}",
                before.status, after.status
            ));
        }
        for (k, v) in &before.cases {
            match after.cases.get(k) {
                None => out.push(format!("cases/{k} removed")),
                Some(w) if w != v => out.push(format!("cases/{k} changed")),
                _ => {}
            }
        }
        for k in after
            .cases
            .keys()
            .filter(|k| !before.cases.contains_key(*k))
        {
            out.push(format!("cases/{k} created"));
        }
        out.join("\n")
    }

    /// Asserts HEAD, the index, the status and every file under `cases/` are
    /// as in `before`.
    pub fn assert_unchanged(ws: &Ws, before: &Snapshot, ctx: &str) {
        let d = snapshot_diff(before, &snapshot(ws));
        assert!(
            d.is_empty(),
            "{ctx}: HEAD, index or work tree changed:\n{d}"
        );
    }

    /// Work tree == index == HEAD for `cases/`, no temporary files, no
    /// journal: the state after every completed factdesk command.
    pub fn assert_clean(ws: &Ws, ctx: &str) {
        let st = status(ws, &["cases/"]);
        assert!(
            st.is_empty(),
            "{ctx}: cases/ differs between work tree, index and HEAD:\n{st}"
        );
        assert!(
            git_ok(ws, &["diff", "--cached", "--quiet", "--", "cases/"]),
            "{ctx}: the index differs from HEAD under cases/ (stale index):\n{}",
            String::from_utf8_lossy(
                &ws.git_output(&["diff", "--cached", "--stat", "--", "cases/"])
                    .stdout
            )
        );
        assert!(
            git_ok(ws, &["diff", "--quiet", "--", "cases/"]),
            "{ctx}: the work tree differs from the index under cases/"
        );
        let tmp = tmp_files(&ws.root);
        assert!(
            tmp.is_empty(),
            "{ctx}: temporary files left behind: {tmp:?}"
        );
        assert!(
            !ws.root.join(JOURNAL).exists(),
            "{ctx}: {JOURNAL} still exists after the command finished"
        );
    }

    /// Checks the "interrupted" lines of a stderr and returns how many there are
    /// (0 or 1). Each must start with "factdesk: ".
    pub fn interrupted_lines(stderr: &str, ctx: &str) -> usize {
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("interrupted"))
            .collect();
        for l in &lines {
            assert!(
                l.starts_with("factdesk: "),
                "{ctx}: the recovery line must start with `factdesk: `: {l:?}\n{stderr}"
            );
        }
        assert!(
            lines.len() <= 1,
            "{ctx}: recovery must be reported in one line:\n{stderr}"
        );
        lines.len()
    }

    /// Writes an executable hook script.
    pub fn write_hook(dir: &Path, name: &str, body: &str) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A pre-commit hook that, when `FD_TEST_HOOK_MARK` is set, writes its
    /// pid to that file and then sleeps `FD_TEST_HOOK_SLEEP` seconds (the
    /// sleep replaces the shell, so the pid is the sleeping process).
    pub const SLOW_PRE_COMMIT: &str = "#!/bin/sh\n\
        if [ -n \"$FD_TEST_HOOK_MARK\" ]; then\n\
          echo $$ > \"$FD_TEST_HOOK_MARK.tmp\" && mv \"$FD_TEST_HOOK_MARK.tmp\" \"$FD_TEST_HOOK_MARK\"\n\
          exec sleep \"${FD_TEST_HOOK_SLEEP:-3}\"\n\
        fi\n\
        exit 0\n";

    /// Waits until the slow hook wrote its pid. Errs (with the child's
    /// output) if factdesk exits first: then it never ran the hook.
    pub fn wait_for_hook(mark: &Path, child: &mut Child, limit: Duration) -> Result<u32, String> {
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(mark) {
                if let Ok(pid) = s.trim().parse() {
                    return Ok(pid);
                }
            }
            if let Some(st) = child.try_wait().expect("try_wait") {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut err);
                }
                return Err(format!(
                    "factdesk finished ({st}) without running the pre-commit hook \
                     (hooks must run, under the workspace lock); stderr:\n{err}"
                ));
            }
            if start.elapsed() > limit {
                return Err(format!(
                    "the pre-commit hook did not start within {limit:?}"
                ));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGKILLs a process the test started (directly or through a hook).
    pub fn kill_pid(pid: u32) {
        let _ = Command::new("kill")
            .args(["-9", &pid.to_string()])
            .stderr(Stdio::null())
            .status();
    }

    /// Step ids of a claim's checklist.
    /// An article of `n` paragraphs, each a claim with a figure and a
    /// speaker, written beside the workspace: a change of hundreds of files.
    pub fn long_article(ws: &Ws, n: usize) -> PathBuf {
        let mut article = String::from("Harbour figures for the year\n\n");
        for i in 0..n {
            article.push_str(&format!(
                "The port of Kota{i} handled {} containers in 2023, the harbour authority said.\n\n",
                1000 + i * 7
            ));
        }
        let path = ws.tmp.path().join("long.txt");
        std::fs::write(&path, article).unwrap();
        path
    }

    pub fn steps_of(ws: &Ws, id: &str) -> Vec<String> {
        ws.steps(&claim_ref(id))
    }

    /// Number of commit messages on HEAD containing `token`.
    pub fn commits_mentioning(log: &str, token: &str) -> usize {
        log.split('\0').filter(|m| m.contains(token)).count()
    }

    /// All commit messages of HEAD, NUL-separated.
    pub fn all_messages(ws: &Ws) -> String {
        String::from_utf8_lossy(&ws.git_output(&["log", "--format=%B%x00", "HEAD"]).stdout)
            .into_owned()
    }
}

/// 1. One writer at a time.
mod lock {
    use super::support::*;
    use std::time::Duration;

    /// Installs the slow pre-commit hook and returns the marker path.
    fn slow_hook(ws: &crate::fixture::Ws) -> std::path::PathBuf {
        write_hook(&ws.root.join(".git/hooks"), "pre-commit", SLOW_PRE_COMMIT);
        ws.tmp.path().join("hook-running")
    }

    #[test]
    fn second_writer_waits_says_so_and_then_commits() {
        let ws = seeded();
        let mark = slow_hook(&ws);
        let before = ws.commits();
        let (mut a, a_start) = spawn_fd(
            &ws,
            &["set", &claim_ref("c03"), "--note", "lock-holder-note"],
            &[
                ("FD_TEST_HOOK_MARK", mark.to_str().unwrap()),
                ("FD_TEST_HOOK_SLEEP", "3"),
            ],
        );
        if let Err(e) = wait_for_hook(&mark, &mut a, Duration::from_secs(20)) {
            let _ = a.kill();
            panic!("{e}");
        }
        // A holds the lock (it is inside its commit); B must queue behind it.
        assert!(
            ws.root.join(LOCK).exists(),
            "the workspace lock is {LOCK} while a change is in progress"
        );
        let b = fd(
            &ws,
            &["set", &claim_ref("c04"), "--note", "lock-waiter-note"],
        );
        let a = finish(a, a_start);
        assert!(a.ok(), "the lock holder failed: {}", a.show());
        assert!(
            b.ok(),
            "the second writer must wait, then succeed: {}",
            b.show()
        );
        assert!(
            b.stderr.contains("waiting for"),
            "after ~1 s of waiting the second writer says so on stderr: {}",
            b.show()
        );
        assert!(
            b.elapsed >= Duration::from_millis(1000),
            "B cannot have finished before A released the lock: {}",
            b.show()
        );
        assert_eq!(ws.commits(), before + 2, "one commit per writer");
        // A committed first, B on top of it.
        let subjects = ws.git(&["log", "-2", "--format=%s"]);
        let mut lines = subjects.lines();
        assert!(lines.next().unwrap().contains("/c04:"), "{subjects}");
        assert!(lines.next().unwrap().contains("/c03:"), "{subjects}");
        assert!(head_file(&ws, &claim_rel("c03"))
            .unwrap()
            .contains("lock-holder-note"));
        assert!(head_file(&ws, &claim_rel("c04"))
            .unwrap()
            .contains("lock-waiter-note"));
        assert_clean(&ws, "after two queued writers");
        assert_eq!(status(&ws, &[]), "", "nothing left over");
    }

    #[test]
    fn lock_timeout_from_the_environment_gives_up_cleanly() {
        let ws = seeded();
        let mark = slow_hook(&ws);
        let (mut a, a_start) = spawn_fd(
            &ws,
            &["set", &claim_ref("c03"), "--note", "slow-holder-note"],
            &[
                ("FD_TEST_HOOK_MARK", mark.to_str().unwrap()),
                ("FD_TEST_HOOK_SLEEP", "6"),
            ],
        );
        if let Err(e) = wait_for_hook(&mark, &mut a, Duration::from_secs(20)) {
            let _ = a.kill();
            panic!("{e}");
        }
        let c04_before = ws.read(&claim_rel("c04"));
        let b = fd_env(
            &ws,
            &["set", &claim_ref("c04"), "--note", "impatient-note"],
            &[("FACTDESK_LOCK_TIMEOUT", "2")],
        );
        assert_eq!(
            b.code,
            Some(EXIT_ENV),
            "a lock wait that times out is an environment failure (exit 3): {}",
            b.show()
        );
        assert!(
            b.elapsed >= Duration::from_millis(1500) && b.elapsed < Duration::from_millis(5500),
            "FACTDESK_LOCK_TIMEOUT=2 means about 2 s of waiting: {}",
            b.show()
        );
        assert!(b.stderr.contains("waiting for"), "{}", b.show());
        assert_eq!(
            ws.read(&claim_rel("c04")),
            c04_before,
            "the writer that gave up wrote nothing"
        );
        let a = finish(a, a_start);
        assert!(a.ok(), "the lock holder failed: {}", a.show());
        assert!(!head_file(&ws, &claim_rel("c04"))
            .unwrap()
            .contains("impatient-note"));
        assert!(head_file(&ws, &claim_rel("c03"))
            .unwrap()
            .contains("slow-holder-note"));
        assert_clean(&ws, "after a lock timeout");
    }

    /// Also the deterministic half of "all or nothing": a writer killed in the
    /// middle of its change (inside the pre-commit hook).
    #[test]
    fn a_killed_holder_never_blocks_and_its_change_is_finished_or_undone() {
        let ws = seeded();
        let mark = slow_hook(&ws);
        let head_before = head(&ws);
        let (mut a, a_start) = spawn_fd(
            &ws,
            &["set", &claim_ref("c03"), "--note", "killed-holder-note"],
            &[
                ("FD_TEST_HOOK_MARK", mark.to_str().unwrap()),
                ("FD_TEST_HOOK_SLEEP", "30"),
            ],
        );
        let hook_pid = match wait_for_hook(&mark, &mut a, Duration::from_secs(20)) {
            Ok(pid) => pid,
            Err(e) => {
                let _ = a.kill();
                panic!("{e}");
            }
        };
        let journal_during = ws.root.join(JOURNAL).exists();
        a.kill().expect("SIGKILL the holder");
        let a = finish(a, a_start);
        kill_pid(hook_pid);
        assert_eq!(a.code, None, "the holder was killed: {}", a.show());

        let b = fd_env(
            &ws,
            &["set", &claim_ref("c04"), "--note", "after-kill-note"],
            &[("FACTDESK_LOCK_TIMEOUT", "15")],
        );
        assert!(
            b.ok(),
            "the next command must succeed after a killed writer: {}",
            b.show()
        );
        assert!(
            b.elapsed < Duration::from_secs(10),
            "a lock left by a killed process must not block: {}",
            b.show()
        );
        let reported = interrupted_lines(&b.stderr, "after killing the holder");
        if journal_during {
            assert_eq!(
                reported,
                1,
                "the journal showed a change in progress; the next command must say it \
                 finished or undid it (a line `factdesk: … interrupted …`): {}",
                b.show()
            );
        }
        assert_clean(&ws, "after recovering from a killed holder");
        let head_c03 = head_file(&ws, &claim_rel("c03")).unwrap();
        let wt_c03 = ws.read(&claim_rel("c03"));
        assert_eq!(
            head_c03.contains("killed-holder-note"),
            wt_c03.contains("killed-holder-note"),
            "the cut-off change is either committed or gone, everywhere"
        );
        assert!(head_file(&ws, &claim_rel("c04"))
            .unwrap()
            .contains("after-kill-note"));
        let new_commits: usize = ws
            .git(&[
                "rev-list",
                "--count",
                &format!("{}..HEAD", head_before.unwrap()),
            ])
            .trim()
            .parse()
            .unwrap();
        let expected = 1 + usize::from(head_c03.contains("killed-holder-note"));
        assert_eq!(new_commits, expected, "one commit per change that happened");
        assert_eq!(status(&ws, &[]), "");
    }

    /// A new case of hundreds of claims (their files stored as blobs in
    /// packs as they are made, and written to the work tree from there)
    /// killed inside its pre-commit hook, after the work tree is written,
    /// is undone by the next command: no claim file, folder or temp file
    /// is left, and the repository is sound.
    #[test]
    fn a_killed_large_new_case_is_undone() {
        let ws = seeded();
        let mark = slow_hook(&ws);
        let head_before = head(&ws);
        let path = long_article(&ws, 300);
        let (mut a, a_start) = spawn_fd(
            &ws,
            &["new", path.to_str().unwrap(), "--id", "long-case"],
            &[
                ("FD_TEST_HOOK_MARK", mark.to_str().unwrap()),
                ("FD_TEST_HOOK_SLEEP", "30"),
            ],
        );
        let hook_pid = match wait_for_hook(&mark, &mut a, Duration::from_secs(60)) {
            Ok(pid) => pid,
            Err(e) => {
                let _ = a.kill();
                panic!("{e}");
            }
        };
        let claims_during = std::fs::read_dir(ws.root.join("cases/long-case/claims"))
            .map(|d| d.count())
            .unwrap_or(0);
        a.kill().expect("SIGKILL the holder");
        let a = finish(a, a_start);
        kill_pid(hook_pid);
        assert_eq!(a.code, None, "the holder was killed: {}", a.show());
        assert!(
            claims_during >= 250,
            "the work tree held the claim files during the hook: {claims_during}"
        );
        assert!(ws.root.join(JOURNAL).exists());

        let b = fd_env(
            &ws,
            &["set", &claim_ref("c04"), "--note", "after-kill-note"],
            &[("FACTDESK_LOCK_TIMEOUT", "15")],
        );
        assert!(b.ok(), "{}", b.show());
        assert_eq!(
            interrupted_lines(&b.stderr, "after killing new"),
            1,
            "{}",
            b.show()
        );
        assert!(b.stderr.contains("undid"), "{}", b.show());
        assert!(
            !ws.root.join("cases/long-case").exists(),
            "the cut-off case is gone"
        );
        assert_clean(&ws, "after undoing a killed new case");
        assert_eq!(status(&ws, &[]), "");
        assert!(git_ok(&ws, &["fsck", "--strict"]), "git fsck failed");
        let new_commits: usize = ws
            .git(&[
                "rev-list",
                "--count",
                &format!("{}..HEAD", head_before.unwrap()),
            ])
            .trim()
            .parse()
            .unwrap();
        assert_eq!(new_commits, 1, "only the later change is committed");
    }
}

/// 3. The index is never stale.
mod index {
    use super::support::*;
    use crate::fixture::Ws;
    use std::time::Duration;

    /// The extension signatures of an index file, in order (versions 2
    /// and 3; the entries are walked by their flags).
    fn extensions(bytes: &[u8]) -> Vec<String> {
        let version = u32::from_be_bytes(bytes[4..8].try_into().unwrap());
        let count = u32::from_be_bytes(bytes[8..12].try_into().unwrap());
        let mut pos = 12;
        for _ in 0..count {
            let flags = u16::from_be_bytes([bytes[pos + 60], bytes[pos + 61]]);
            let fixed = if version >= 3 && flags & 0x4000 != 0 {
                64
            } else {
                62
            };
            let mut len = (flags & 0xfff) as usize;
            if len == 0xfff {
                len = bytes[pos + fixed..].iter().position(|&c| c == 0).unwrap();
            }
            pos += (fixed + len + 8) & !7;
        }
        let mut sigs = Vec::new();
        while pos + 20 < bytes.len() {
            sigs.push(String::from_utf8_lossy(&bytes[pos..pos + 4]).into_owned());
            let size = u32::from_be_bytes(bytes[pos + 4..pos + 8].try_into().unwrap());
            pos += 8 + size as usize;
        }
        assert_eq!(pos + 20, bytes.len(), "the walk ends at the checksum");
        sigs
    }

    /// An index git wrote with a cache tree and an untracked cache is
    /// patched in place of libgit2's rewrite: afterwards git sees work
    /// tree, index and HEAD equal, its cache tree gives HEAD's tree, the
    /// changed entry carries the file's real stat data, and the untracked
    /// cache (positional, possibly stale) is gone while the tree stays.
    #[test]
    fn a_git_written_index_is_patched_and_git_agrees() {
        let ws = seeded();
        let rel = claim_rel("c03");
        ws.git(&["config", "core.untrackedCache", "true"]);
        ws.git(&["update-index", "--index-version", "3"]);
        ws.git(&["write-tree"]);
        ws.git(&["status", "--porcelain"]);
        let index = ws.root.join(".git/index");
        let sigs = extensions(&std::fs::read(&index).unwrap());
        assert!(
            sigs.contains(&"TREE".to_string()) && sigs.contains(&"UNTR".to_string()),
            "{sigs:?}"
        );
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "PATCHED"]);
        assert!(r.ok(), "{}", r.show());
        assert!(head_file(&ws, &rel).unwrap().contains("PATCHED"));
        assert_eq!(extensions(&std::fs::read(&index).unwrap()), ["TREE"]);
        assert_clean(&ws, "after set on a git-written index");
        assert_eq!(status(&ws, &[]), "");
        assert_eq!(
            ws.git(&["write-tree"]).trim(),
            ws.git(&["rev-parse", "HEAD^{tree}"]).trim(),
            "the cache tree must not claim a stale tree"
        );
        let debug = ws.git(&["ls-files", "--debug", "--", &rel]);
        assert!(!debug.contains("mtime: 0:0"), "real stat data:\n{debug}");
        let untracked = ws.git(&["ls-files", "--others", "--exclude-standard"]);
        ws.write("cases/new-untracked.txt", "x\n");
        assert_eq!(
            status(&ws, &[]),
            "?? cases/new-untracked.txt\n",
            "untracked files are still seen (before: {untracked:?})"
        );
    }

    /// A racily clean entry (its file modified in the second the index was
    /// written) whose file changed without its size or seconds changing
    /// is smudged in the new index, so git still sees the change; written
    /// later without that, the index would make it look clean for good.
    #[test]
    fn a_racily_clean_change_stays_visible_to_git() {
        let ws = seeded();
        // Size and whole-second mtime only: ctime and inode cannot give
        // the change away.
        ws.git(&["config", "core.checkStat", "minimal"]);
        ws.write("notes.txt", "aaaa\n");
        ws.git(&["add", "notes.txt"]);
        ws.git(&["commit", "-q", "-m", "notes"]);
        let past = std::time::SystemTime::now() - Duration::from_secs(100);
        let notes = ws.root.join("notes.txt");
        let set_mtime = |p: &std::path::Path| {
            std::fs::File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(past)
                .unwrap()
        };
        set_mtime(&notes);
        ws.git(&["update-index", "--refresh"]);
        // The same size, other content, the recorded second; the index
        // dated that same second: the entry is racily clean.
        ws.write("notes.txt", "bbbb\n");
        set_mtime(&notes);
        set_mtime(&ws.root.join(".git/index"));
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "RACY"]);
        assert!(r.ok(), "{}", r.show());
        assert_eq!(status(&ws, &["notes.txt"]), " M notes.txt\n");
        assert_clean(&ws, "after set with a racily clean entry");
    }

    /// A version 4 index (prefix-compressed names) is left to libgit2,
    /// with the same result for git.
    #[test]
    fn a_version_4_index_is_updated_too() {
        let ws = seeded();
        ws.git(&["update-index", "--index-version", "4"]);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "VFOUR"]);
        assert!(r.ok(), "{}", r.show());
        assert!(head_file(&ws, &claim_rel("c03")).unwrap().contains("VFOUR"));
        assert_clean(&ws, "after set on a version 4 index");
    }

    /// A damaged index (one flipped byte) is refused and nothing changes.
    #[test]
    fn a_damaged_index_is_refused_and_nothing_changes() {
        let ws = seeded();
        refuses_a_damaged_index(&ws);
    }

    /// The regression of the skipped hash (`git::index_seen`): an index
    /// that factdesk wrote, and recorded as checksummed, is still hashed
    /// and refused once it has been damaged in place since.
    #[test]
    fn a_damaged_index_is_refused_after_factdesk_wrote_it() {
        let ws = seeded();
        let r = fd(&ws, &["set", &claim_ref("c02"), "--note", "FIRST"]);
        assert!(r.ok(), "{}", r.show());
        let seen = std::fs::read_to_string(ws.root.join(".git/factdesk-seen-index")).unwrap();
        assert!(seen.starts_with("factdesk-seen-index-v2 "), "{seen}");
        // A second change trusts the record and succeeds (and records
        // its own index).
        let r = fd(&ws, &["set", &claim_ref("c02"), "--note", "SECOND"]);
        assert!(r.ok(), "{}", r.show());
        assert_ne!(
            std::fs::read_to_string(ws.root.join(".git/factdesk-seen-index")).unwrap(),
            seen
        );
        assert_clean(&ws, "after two sets");
        refuses_a_damaged_index(&ws);
    }

    fn refuses_a_damaged_index(ws: &Ws) {
        let index = ws.root.join(".git/index");
        let mut bytes = std::fs::read(&index).unwrap();
        // A byte of the first entry's blob id: the entries still parse,
        // only the checksum tells. Written in place a clock tick after
        // the last write (see `git::index_seen`).
        bytes[12 + 45] ^= 0x20;
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&index, &bytes).unwrap();
        let before = head(ws);
        let c03 = ws.read(&claim_rel("c03"));
        let r = fd(ws, &["set", &claim_ref("c03"), "--note", "DAMAGED"]);
        assert!(!r.ok(), "{}", r.show());
        assert!(
            r.stderr.contains("index") && r.stderr.contains("checksum"),
            "{}",
            r.show()
        );
        assert_eq!(head(ws), before);
        assert_eq!(ws.read(&claim_rel("c03")), c03);
        assert_eq!(
            std::fs::read(&index).unwrap(),
            bytes,
            "the index is untouched"
        );
        assert!(!ws.root.join(".git/index.lock").exists());
    }

    /// The regression: a stale `index.lock` made factdesk commit but leave
    /// the index behind, and the user's next own commit reverted the change.
    #[test]
    fn index_lock_fails_cleanly_and_a_user_commit_keeps_factdesk_changes() {
        let ws = seeded();
        let c03 = claim_rel("c03");
        let before = snapshot(&ws);
        std::fs::write(ws.root.join(".git/index.lock"), "").unwrap();
        // Every step is checked and reported together, so one run shows
        // which of (a), (b), (c) break.
        let mut problems: Vec<String> = Vec::new();
        let mut check = |ok: bool, what: String| {
            if !ok {
                problems.push(what);
            }
        };

        // (a) refused, exit 3, names the lock, changes nothing.
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "XLOCKNOTE"]);
        check(
            r.code == Some(EXIT_ENV),
            format!(
                "(a) a locked index is an environment failure (exit 3): {}",
                r.show()
            ),
        );
        check(
            r.stderr.contains("index.lock"),
            format!("(a) the error names index.lock: {}", r.show()),
        );
        check(
            r.elapsed >= Duration::from_millis(1000),
            format!(
                "(a) factdesk waits (~2 s) for git's lock before giving up: {}",
                r.show()
            ),
        );
        let d = snapshot_diff(&before, &snapshot(&ws));
        check(
            d.is_empty(),
            format!("(a) HEAD, index and work tree must be unchanged after the refusal:\n{d}"),
        );
        check(
            tmp_files(&ws.root).is_empty(),
            format!("(a) temporary files left: {:?}", tmp_files(&ws.root)),
        );
        check(
            !ws.root.join(JOURNAL).exists(),
            format!("(a) {JOURNAL} left behind"),
        );

        // (b) once the lock is gone, the change goes through.
        std::fs::remove_file(ws.root.join(".git/index.lock")).unwrap();
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "YAFTERLOCKNOTE"]);
        check(
            r.ok(),
            format!("(b) without the lock the change succeeds: {}", r.show()),
        );
        let st = status(&ws, &[]);
        check(st.is_empty(), format!("(b) status after the change:\n{st}"));

        // (c) the user's own commit must not revert it.
        ws.write("notes.txt", "hi\n");
        ws.git(&["add", "notes.txt"]);
        ws.git(&["commit", "-q", "-m", "mine"]);
        let head_c03 = head_file(&ws, &c03).unwrap();
        check(
            head_c03.contains("YAFTERLOCKNOTE"),
            format!("(c) the user's commit reverted factdesk's change (stale index):\n{head_c03}"),
        );
        check(
            !head_c03.contains("XLOCKNOTE"),
            format!("(c) the refused change is in HEAD:\n{head_c03}"),
        );
        let st = status(&ws, &[]);
        check(
            st.is_empty(),
            format!("(c) status after the user's commit:\n{st}"),
        );
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
        assert_clean(&ws, "after the user's commit");
    }

    /// Every kind of mutation leaves work tree == index == HEAD and a clean status.
    #[test]
    fn every_mutation_leaves_work_tree_index_and_head_equal() {
        let ws = crate::fixture::Ws::new();
        assert_eq!(status(&ws, &[]), "", "after init");
        ws.seed();
        assert_clean(&ws, "after new");
        assert_eq!(status(&ws, &[]), "", "after new");
        let shot = ws.tmp.path().join("shot.png");
        std::fs::write(&shot, b"\x89PNG not really").unwrap();
        let r03 = claim_ref("c03");
        let r04 = claim_ref("c04");
        let steps = steps_of(&ws, "c03");
        let mutations: Vec<Vec<&str>> = vec![
            vec!["set", &r03, "--note", "index note one"],
            vec!["step", &r03, &steps[0], "done", "--note", "step note"],
            vec![
                "evidence",
                "add",
                &r03,
                "--url",
                "https://example.org/idx",
                "--stance",
                "supports",
                "--file",
                shot.to_str().unwrap(),
            ],
            vec!["assign", &r03, "budi"],
            vec!["assign", CASE, "ana"],
            vec!["claim", "add", CASE, "--text", "pejabat senior AS"],
            vec!["claim", "dismiss", &r04, "--reason", "background"],
            vec![
                "set",
                &r03,
                "--status",
                "not-checkable",
                "--note",
                "no data",
            ],
        ];
        for m in &mutations {
            let r = fd(&ws, m);
            assert!(r.ok(), "{m:?}: {}", r.show());
            assert_clean(&ws, &format!("after {m:?}"));
            assert_eq!(status(&ws, &[]), "", "after {m:?}");
        }
        // A review by a second editor, too.
        ws.git(&["config", "user.name", "Budi"]);
        ws.git(&["config", "user.email", "budi@example.org"]);
        let r = fd(&ws, &["review", &r03, "--approve"]);
        assert!(r.ok(), "{}", r.show());
        assert_clean(&ws, "after review");
        assert_eq!(status(&ws, &[]), "");
    }

    /// A change of hundreds of files (a long article's new case) writes its
    /// blobs as packs rather than a loose object each: the repository stays
    /// sound (`git fsck`), the objects are in packs, and work tree, index
    /// and HEAD agree, before and after a further change.
    #[test]
    fn a_large_new_case_is_packed_and_sound() {
        let ws = crate::fixture::Ws::new();
        let path = long_article(&ws, 400);
        let r = fd(&ws, &["new", path.to_str().unwrap(), "--id", "long-case"]);
        assert!(r.ok(), "{}", r.show());
        let claims = std::fs::read_dir(ws.root.join("cases/long-case/claims"))
            .unwrap()
            .count();
        assert!(claims >= 300, "only {claims} claims proposed");
        assert!(git_ok(&ws, &["fsck", "--strict"]), "git fsck failed");
        let counts =
            String::from_utf8_lossy(&ws.git_output(&["count-objects", "-v"]).stdout).into_owned();
        let in_pack: usize = counts
            .lines()
            .find_map(|l| l.strip_prefix("in-pack: "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        assert!(in_pack >= claims, "blobs not packed:\n{counts}");
        assert_clean(&ws, "after the large new case");
        assert_eq!(status(&ws, &[]), "", "after the large new case");
        let r = fd(
            &ws,
            &["set", "long-case/c200", "--note", "checked with the port"],
        );
        assert!(r.ok(), "{}", r.show());
        assert_clean(&ws, "after a change to the large case");
        assert!(
            git_ok(&ws, &["fsck", "--strict"]),
            "git fsck failed after set"
        );
    }
}

/// 4. Environment failures: exit 3, say what to do, change nothing.
mod environment {
    use super::support::*;
    use crate::fixture::Ws;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    #[test]
    fn stale_branch_lock_by_someone_else_changes_nothing() {
        let ws = seeded();
        let lock = ws.root.join(".git/refs/heads/main.lock");
        std::fs::write(&lock, "junk\n").unwrap();
        let before = snapshot(&ws);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "BRANCHLOCKNOTE"]);
        assert_eq!(r.code, Some(EXIT_ENV), "{}", r.show());
        assert!(
            r.stderr.contains("main.lock"),
            "the error names the lock file to remove: {}",
            r.show()
        );
        assert_unchanged(
            &ws,
            &before,
            "HEAD, index and work tree (every file under cases/) unchanged",
        );
        assert!(tmp_files(&ws.root).is_empty());
        assert!(!ws.root.join(JOURNAL).exists());
        assert_eq!(
            std::fs::read(&lock).unwrap(),
            b"junk\n",
            "not ours to touch"
        );

        std::fs::remove_file(&lock).unwrap();
        let r = fd(
            &ws,
            &["set", &claim_ref("c03"), "--note", "AFTERBRANCHLOCK"],
        );
        assert!(r.ok(), "{}", r.show());
        let c03 = head_file(&ws, &claim_rel("c03")).unwrap();
        assert!(
            c03.contains("AFTERBRANCHLOCK") && !c03.contains("BRANCHLOCKNOTE"),
            "{c03}"
        );
        assert_clean(&ws, "after removing main.lock");
    }

    /// Restores write permission on drop so the temporary folder can go.
    struct Writable(PathBuf);
    impl Drop for Writable {
        fn drop(&mut self) {
            let _ = Command::new("chmod")
                .arg("-R")
                .arg("u+w")
                .arg(&self.0)
                .status();
        }
    }

    #[test]
    fn read_only_git_dir_changes_nothing() {
        let ws = seeded();
        let before = snapshot(&ws);
        let git_dir = ws.root.join(".git");
        let _restore = Writable(git_dir.clone());
        assert!(Command::new("chmod")
            .arg("-R")
            .arg("a-w")
            .arg(&git_dir)
            .status()
            .unwrap()
            .success());
        let probe = git_dir.join("probe-write");
        // As root, chmod does not stop writes: make `.git` a read-only bind
        // mount instead, where the machine allows mounting.
        let mut _ro_mount = None;
        if std::fs::write(&probe, b"x").is_ok() {
            let _ = std::fs::remove_file(&probe);
            let bind = |args: &[&str]| {
                Command::new("mount")
                    .args(args)
                    .arg(&git_dir)
                    .arg(&git_dir)
                    .stderr(std::process::Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            };
            if bind(&["--bind"]) {
                _ro_mount = Some(Mount(git_dir.clone()));
                let ro = Command::new("mount")
                    .args(["-o", "remount,bind,ro"])
                    .arg(&git_dir)
                    .stderr(std::process::Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if ro && std::fs::write(&probe, b"x").is_err() {
                    eprintln!("read_only_git_dir_changes_nothing: .git is a read-only bind mount");
                } else {
                    _ro_mount = None;
                }
            }
            if _ro_mount.is_none() {
                eprintln!(
                    "SKIPPED read_only_git_dir_changes_nothing: chmod does not stop writes here \
                     (running as root?) and a read-only bind mount is not allowed"
                );
                return;
            }
        }
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "READONLYNOTE"]);
        assert_eq!(r.code, Some(EXIT_ENV), "{}", r.show());
        assert!(
            !r.stderr.trim().is_empty(),
            "say what went wrong: {}",
            r.show()
        );
        assert_unchanged(&ws, &before, "nothing half-done");
        assert!(tmp_files(&ws.root.join("cases")).is_empty());
        drop(_ro_mount);
        drop(_restore);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "WRITABLEAGAIN"]);
        assert!(r.ok(), "{}", r.show());
        assert_clean(&ws, "after restoring permissions");
    }

    /// A small tmpfs, unmounted on drop.
    struct Mount(PathBuf);
    impl Drop for Mount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }

    /// A workspace on its own small tmpfs. Field order matters: the mount
    /// goes before the temporary folder holding it.
    struct SmallDisk {
        mount: Mount,
        ws: Ws,
    }

    fn small_disk() -> Option<SmallDisk> {
        let tmp = tempfile::tempdir().unwrap();
        let mnt = tmp.path().join("mnt");
        std::fs::create_dir_all(&mnt).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs"])
            .arg(&mnt)
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            return None;
        }
        let mount = Mount(mnt.clone());
        let ws = Ws::sandbox_at(tmp, mnt.join("ws")).git_init("Ana Editor");
        let r = fd(&ws, &["init"]);
        assert!(r.ok(), "{}", r.show());
        ws.seed();
        Some(SmallDisk { mount, ws })
    }

    /// Fills the filesystem holding `path` until writes fail.
    fn fill(path: &Path) {
        use std::io::Write;
        let mut f = std::fs::File::create(path).unwrap();
        for chunk in [1 << 20, 1 << 16, 4096, 512, 1] {
            let buf = vec![0u8; chunk];
            while f.write_all(&buf).and_then(|_| f.flush()).is_ok() {}
        }
        let _ = f.sync_all();
        // And small files, in case single pages remain.
        for i in 0..64 {
            if std::fs::write(path.with_extension(format!("{i}")), [0u8; 64]).is_err() {
                break;
            }
        }
    }

    #[test]
    fn full_disk_changes_nothing_and_the_next_change_works() {
        let Some(disk) = small_disk() else {
            eprintln!(
                "SKIPPED full_disk_changes_nothing_and_the_next_change_works: cannot mount a \
                 tmpfs here (needs root)"
            );
            return;
        };
        let ws = &disk.ws;
        let before = snapshot(ws);
        let filler = disk.mount.0.join("filler");
        fill(&filler);
        let r = fd(ws, &["set", &claim_ref("c03"), "--note", "DISKFULLNOTE"]);
        assert_eq!(
            r.code,
            Some(EXIT_ENV),
            "a full disk is an environment failure: {}",
            r.show()
        );
        assert!(
            r.stderr.to_lowercase().contains("space"),
            "say the disk is full: {}",
            r.show()
        );
        assert!(tmp_files(&ws.root).is_empty(), "{:?}", tmp_files(&ws.root));
        assert!(!ws.root.join(JOURNAL).exists());
        // Free the space and compare (git may need space to read nothing, but
        // keep the comparison independent of that).
        for e in std::fs::read_dir(&disk.mount.0).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with("filler") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        assert_unchanged(ws, &before, "HEAD, index and work tree unchanged");
        let r = fd(ws, &["set", &claim_ref("c03"), "--note", "SPACEAGAINNOTE"]);
        assert!(r.ok(), "{}", r.show());
        let c03 = head_file(ws, &claim_rel("c03")).unwrap();
        assert!(
            c03.contains("SPACEAGAINNOTE") && !c03.contains("DISKFULLNOTE"),
            "{c03}"
        );
        assert_clean(ws, "after freeing space");
        assert_eq!(status(ws, &[]), "");
        let fsck = ws.git_output(&["fsck", "--no-progress"]);
        assert!(
            fsck.status.success(),
            "{}",
            String::from_utf8_lossy(&fsck.stderr)
        );
    }
}

/// 5. git's rules.
mod git_rules {
    use super::support::*;

    #[test]
    fn ssh_signing_is_honoured() {
        let ws = seeded();
        let key = ws.tmp.path().join("signing-key");
        let made = ws
            .command_in("ssh-keygen", ws.tmp.path())
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "factdesk-test", "-f"])
            .arg(&key)
            .status();
        match made {
            Ok(s) if s.success() => {}
            _ => {
                eprintln!("SKIPPED ssh_signing_is_honoured: ssh-keygen is not available");
                return;
            }
        }
        let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
        let allowed = ws.tmp.path().join("allowed_signers");
        std::fs::write(&allowed, format!("ana@example.org {}", public.trim())).unwrap();
        ws.git(&["config", "commit.gpgsign", "true"]);
        ws.git(&["config", "gpg.format", "ssh"]);
        ws.git(&["config", "user.signingkey", key.to_str().unwrap()]);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "signed note"]);
        assert!(r.ok(), "{}", r.show());
        let g = ws.git(&[
            "-c",
            &format!("gpg.ssh.allowedSignersFile={}", allowed.display()),
            "log",
            "--format=%G?",
            "-1",
        ]);
        assert_eq!(
            g.trim(),
            "G",
            "commit.gpgsign=true must give a good signature"
        );
        assert_clean(&ws, "after a signed commit");
    }

    #[test]
    fn pre_commit_hook_can_refuse_and_no_verify_skips_it() {
        let ws = seeded();
        write_hook(
            &ws.root.join(".git/hooks"),
            "pre-commit",
            "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n",
        );
        let before = snapshot(&ws);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "HOOKEDNOTE"]);
        assert_eq!(r.code, Some(EXIT_REFUSED), "{}", r.show());
        assert!(r.stderr.contains("hook says no"), "{}", r.show());
        assert_unchanged(&ws, &before, "HEAD, index and work tree unchanged");
        assert!(tmp_files(&ws.root).is_empty());
        assert!(!ws.root.join(JOURNAL).exists());

        let r = fd(
            &ws,
            &[
                "--no-verify",
                "set",
                &claim_ref("c03"),
                "--note",
                "UNHOOKEDNOTE",
            ],
        );
        assert!(r.ok(), "--no-verify skips the hook: {}", r.show());
        assert!(head_file(&ws, &claim_rel("c03"))
            .unwrap()
            .contains("UNHOOKEDNOTE"));
        assert_clean(&ws, "after --no-verify");
    }

    #[test]
    fn core_hooks_path_is_honoured() {
        let ws = seeded();
        // A refusing hook in .git/hooks that core.hooksPath makes irrelevant…
        write_hook(
            &ws.root.join(".git/hooks"),
            "pre-commit",
            "#!/bin/sh\necho 'default hooks dir says no' >&2\nexit 1\n",
        );
        let elsewhere = ws.tmp.path().join("team-hooks");
        write_hook(
            &elsewhere,
            "pre-commit",
            "#!/bin/sh\necho 'hooks path says no' >&2\nexit 1\n",
        );
        ws.git(&["config", "core.hooksPath", elsewhere.to_str().unwrap()]);
        let before = snapshot(&ws);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "HOOKSPATHNOTE"]);
        assert_eq!(r.code, Some(EXIT_REFUSED), "{}", r.show());
        assert!(r.stderr.contains("hooks path says no"), "{}", r.show());
        assert!(!r.stderr.contains("default hooks dir"), "{}", r.show());
        assert_unchanged(&ws, &before, "after the refused change");

        // …and an empty hooks path runs no hook at all.
        let empty = ws.tmp.path().join("no-hooks");
        std::fs::create_dir_all(&empty).unwrap();
        ws.git(&["config", "core.hooksPath", empty.to_str().unwrap()]);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "HOOKSPATHEMPTY"]);
        assert!(
            r.ok(),
            ".git/hooks is not used when core.hooksPath is set: {}",
            r.show()
        );
        assert_clean(&ws, "after an empty core.hooksPath");
    }

    #[test]
    fn commit_msg_hook_can_edit_the_message() {
        let ws = seeded();
        write_hook(
            &ws.root.join(".git/hooks"),
            "commit-msg",
            "#!/bin/sh\necho 'Reviewed-on: hook' >> \"$1\"\n",
        );
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "msg hook note"]);
        assert!(r.ok(), "{}", r.show());
        let msg = ws.git(&["log", "-1", "--format=%B"]);
        assert!(msg.contains("Reviewed-on: hook"), "{msg}");
        assert!(msg.contains("Factdesk-Action: set"), "{msg}");
        assert_clean(&ws, "after a commit-msg hook");
    }

    #[test]
    fn git_author_environment_sets_the_identity() {
        let ws = seeded();
        let r = fd(
            &ws,
            &[
                "set",
                &claim_ref("c03"),
                "--status",
                "not-checkable",
                "--note",
                "no public data to check against",
            ],
        );
        assert!(r.ok(), "{}", r.show());
        assert!(head_file(&ws, &claim_rel("c03"))
            .unwrap()
            .contains("verdict_by: Ana Editor"));
        let r = fd_env(
            &ws,
            &["review", &claim_ref("c03"), "--approve"],
            &[
                ("GIT_AUTHOR_NAME", "Budi"),
                ("GIT_AUTHOR_EMAIL", "budi@example.org"),
            ],
        );
        assert!(
            r.ok(),
            "GIT_AUTHOR_NAME makes Budi the reviewer, not Ana: {}",
            r.show()
        );
        assert_eq!(ws.git(&["log", "-1", "--format=%an"]).trim(), "Budi");
        assert_eq!(
            ws.git(&["log", "-1", "--format=%ae"]).trim(),
            "budi@example.org"
        );
        let c03 = head_file(&ws, &claim_rel("c03")).unwrap();
        assert!(
            c03.contains("by: Budi") && c03.contains("decision: approve"),
            "{c03}"
        );
        assert_clean(&ws, "after a review under GIT_AUTHOR_NAME");
    }

    #[test]
    fn unborn_branch_is_refused_without_committing() {
        let ws = seeded();
        ws.git(&["checkout", "-q", "--orphan", "fresh"]);
        let before = snapshot(&ws);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "ORPHANNOTE"]);
        assert_eq!(r.code, Some(EXIT_REFUSED), "{}", r.show());
        assert!(
            r.stderr.contains("no commits") || r.stderr.contains("unborn"),
            "{}",
            r.show()
        );
        assert!(
            !git_ok(&ws, &["rev-parse", "--verify", "-q", "HEAD"]),
            "nothing may be committed on the unborn branch"
        );
        assert_unchanged(&ws, &before, "after the refused change");
        assert!(!ws.read(&claim_rel("c03")).contains("ORPHANNOTE"));
    }

    #[test]
    fn detached_head_is_refused() {
        let ws = seeded();
        ws.git(&["checkout", "-q", "--detach"]);
        let before = snapshot(&ws);
        let main_before = ws.git(&["rev-parse", "main"]);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "DETACHEDNOTE"]);
        assert_eq!(r.code, Some(EXIT_REFUSED), "{}", r.show());
        assert!(r.stderr.contains("detached"), "{}", r.show());
        assert_unchanged(&ws, &before, "HEAD, index and work tree unchanged");
        assert_eq!(ws.git(&["rev-parse", "main"]), main_before);
    }

    #[test]
    fn staged_hand_edit_is_committed_with_the_change_and_the_index_follows() {
        let ws = seeded();
        let rel = claim_rel("c03");
        let text = ws.read(&rel);
        assert!(text.contains("\nstatus: unchecked\n"), "{text}");
        ws.write(
            &rel,
            &text.replace(
                "\nstatus: unchecked\n",
                "\nstatus: unchecked\nassignee: sari\n",
            ),
        );
        // The hand edit must itself be valid.
        let r = fd(&ws, &["check"]);
        assert!(r.ok(), "the hand edit should be valid: {}", r.show());
        ws.git(&["add", &rel]);
        let r = fd(&ws, &["set", &claim_ref("c03"), "--note", "NOTEONHANDEDIT"]);
        assert!(r.ok(), "{}", r.show());
        let head_c03 = head_file(&ws, &rel).unwrap();
        assert!(head_c03.contains("assignee: sari"), "{head_c03}");
        assert!(head_c03.contains("NOTEONHANDEDIT"), "{head_c03}");
        assert!(
            git_ok(&ws, &["diff", "--cached", "--quiet", "--", &rel]),
            "the index must equal HEAD for the claim:\n{}",
            String::from_utf8_lossy(&ws.git_output(&["diff", "--cached", "--", &rel]).stdout)
        );
        assert_clean(&ws, "after committing over a staged hand edit");
        assert_eq!(status(&ws, &[]), "");
    }
}

/// 6. SIGKILL at random instants of every kind of mutation.
mod crash {
    use super::support::*;
    use crate::fixture::Ws;
    use std::collections::BTreeMap;
    use std::time::{Duration, Instant};

    /// xorshift64: tiny, seeded, reproducible.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    const DEFAULT_SEED: u64 = 0x5eed_fac7_de5c_0001;
    const NOTE_CLAIMS: [&str; 3] = ["c03", "c04", "c07"];
    const STEP_CLAIMS: [&str; 5] = ["c08", "c09", "c10", "c11", "c01"];
    const EVIDENCE_CLAIM: &str = "c02";
    const REVIEW_CLAIMS: [&str; 2] = ["c05", "c06"];
    const REVIEWER: [(&str, &str); 2] = [
        ("GIT_AUTHOR_NAME", "Budi"),
        ("GIT_AUTHOR_EMAIL", "budi@example.org"),
    ];

    fn iterations() -> usize {
        std::env::var("FACTDESK_CRASH_ITERATIONS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(30)
    }

    /// Kills land 0..=this many milliseconds after the start.
    fn max_delay_ms() -> u64 {
        std::env::var("FACTDESK_CRASH_MAX_DELAY_MS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(40)
    }

    fn seed() -> u64 {
        let Ok(v) = std::env::var("FACTDESK_CRASH_SEED") else {
            return DEFAULT_SEED;
        };
        let v = v.trim();
        let parsed = match v.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).ok(),
            None => v.parse().ok(),
        };
        let s = parsed.expect("FACTDESK_CRASH_SEED: a decimal or 0x-hex u64");
        if s == 0 {
            1
        } else {
            s
        }
    }

    /// Three-word spans that occur exactly once in the article and need no
    /// YAML quoting, so `text: <span>` is a whole line of the claim file.
    fn claim_spans(article: &str) -> Vec<String> {
        let plain = |w: &str| {
            !w.is_empty()
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && w.chars().next().unwrap().is_ascii_alphabetic()
        };
        let mut out = Vec::new();
        for line in article.lines() {
            let words: Vec<&str> = line.split(' ').collect();
            for w in words.windows(3) {
                if !w.iter().all(|x| plain(x)) {
                    continue;
                }
                let span = w.join(" ");
                if article.matches(&span).count() == 1 && !out.contains(&span) {
                    out.push(span);
                }
            }
        }
        out
    }

    #[derive(Clone, Copy, Debug)]
    enum Op {
        Note,
        Step,
        Evidence,
        ClaimAdd,
        Review,
    }
    const OPS: [Op; 5] = [Op::Note, Op::Step, Op::Evidence, Op::ClaimAdd, Op::Review];

    /// Everything attempted, and whether it reported success.
    #[derive(Default)]
    struct Ledger {
        /// (claim, token, ok) for `set --note`.
        notes: Vec<(String, String, bool)>,
        /// (claim, step) → [(token, ok)] in order.
        steps: BTreeMap<(String, String), Vec<(String, bool)>>,
        /// (url, stored file name, ok).
        evidence: Vec<(String, String, bool)>,
        /// (claim, token, ok).
        reviews: Vec<(String, String, bool)>,
        /// (span, ok).
        claims: Vec<(String, bool)>,
    }

    impl Ledger {
        fn attempts(&self) -> usize {
            self.notes.len()
                + self.steps.values().map(Vec::len).sum::<usize>()
                + self.evidence.len()
                + self.reviews.len()
                + self.claims.len()
        }
        fn successes(&self) -> usize {
            self.notes.iter().filter(|n| n.2).count()
                + self.steps.values().flatten().filter(|s| s.1).count()
                + self.evidence.iter().filter(|e| e.2).count()
                + self.reviews.iter().filter(|r| r.2).count()
                + self.claims.iter().filter(|c| c.1).count()
        }
    }

    /// Prepares verdicts for the review targets (set by Ana).
    fn prepare(ws: &Ws) {
        for c in REVIEW_CLAIMS {
            let r = fd(
                ws,
                &[
                    "set",
                    &claim_ref(c),
                    "--status",
                    "not-checkable",
                    "--note",
                    "opinion, not a checkable fact",
                ],
            );
            assert!(r.ok(), "setup: {}", r.show());
        }
        assert_clean(ws, "setup");
    }

    #[test]
    fn kill_at_random_instants_then_everything_is_whole() {
        let seed = seed();
        let n = iterations();
        let ws = seeded();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crash_loop(&ws, seed, n)));
        if let Err(e) = result {
            eprintln!(
                "crash test FAILED; replay with FACTDESK_CRASH_SEED={seed:#x} \
                 FACTDESK_CRASH_ITERATIONS={n} (FACTDESK_CRASH_KEEP=1 keeps the workspace)"
            );
            if std::env::var_os("FACTDESK_CRASH_KEEP").is_some() {
                let Ws { tmp, root, .. } = ws;
                let _ = tmp.keep();
                eprintln!("workspace kept at {}", root.display());
            }
            std::panic::resume_unwind(e);
        }
    }

    fn crash_loop(ws: &Ws, seed: u64, n: usize) {
        let started = Instant::now();
        let mut rng = XorShift(seed);
        let max_delay = max_delay_ms();
        prepare(ws);
        let commits_before = ws.commits();
        let article = ws.read(&format!("cases/{CASE}/article.txt"));
        let mut spans = claim_spans(&article).into_iter();
        let pairs: Vec<(String, String)> = STEP_CLAIMS
            .iter()
            .flat_map(|c| steps_of(ws, c).into_iter().map(move |s| (c.to_string(), s)))
            .collect();
        let ev_dir = ws.tmp.path().join("evidence-src");
        std::fs::create_dir_all(&ev_dir).unwrap();

        let mut ledger = Ledger::default();
        let (mut kills, mut finished_first, mut recoveries) = (0usize, 0usize, 0usize);
        let (mut step_n, mut review_n) = (0usize, 0usize);

        for i in 0..n {
            let mut op = OPS[i % OPS.len()];
            let span = if matches!(op, Op::ClaimAdd) {
                let s = spans.next();
                if s.is_none() {
                    op = Op::Note;
                }
                s
            } else {
                None
            };
            let delay = rng.below(max_delay + 1);
            let ctx = format!("seed {seed:#x}, iteration {i} ({op:?}, kill after {delay} ms)");

            // Build the mutation; remember how to find it later.
            let mut args: Vec<String> = Vec::new();
            let mut envs: Vec<(&str, &str)> = vec![("FACTDESK_LOCK_TIMEOUT", "20")];
            enum Rec {
                Note(String, String),
                Step((String, String), String),
                Evidence(String, String),
                Review(String, String),
                Claim(String),
            }
            let rec = match op {
                Op::Note => {
                    let c = NOTE_CLAIMS[rng.below(NOTE_CLAIMS.len() as u64) as usize];
                    let token = format!("crashnote-{i:04}-end");
                    args.extend(["set".into(), claim_ref(c), "--note".into(), token.clone()]);
                    Rec::Note(c.into(), token)
                }
                Op::Step => {
                    let pair = pairs[step_n % pairs.len()].clone();
                    step_n += 1;
                    let token = format!("crashstep-{i:04}-end");
                    args.extend([
                        "step".into(),
                        claim_ref(&pair.0),
                        pair.1.clone(),
                        "done".into(),
                        "--note".into(),
                        token.clone(),
                    ]);
                    Rec::Step(pair, token)
                }
                Op::Evidence => {
                    let name = format!("ev-{i:04}.txt");
                    let src = ev_dir.join(&name);
                    std::fs::write(&src, format!("evidence {i} of crash run {seed:#x}\n")).unwrap();
                    let url = format!("https://example.org/crash-{i:04}.html");
                    args.extend([
                        "evidence".into(),
                        "add".into(),
                        claim_ref(EVIDENCE_CLAIM),
                        "--url".into(),
                        url.clone(),
                        "--stance".into(),
                        "context".into(),
                        "--file".into(),
                        src.to_str().unwrap().into(),
                    ]);
                    Rec::Evidence(url, name)
                }
                Op::Review => {
                    let c = REVIEW_CLAIMS[review_n % REVIEW_CLAIMS.len()];
                    let decision = if (review_n / 2) % 2 == 0 {
                        "--approve"
                    } else {
                        "--request-changes"
                    };
                    review_n += 1;
                    let token = format!("crashreview-{i:04}-end");
                    args.extend([
                        "review".into(),
                        claim_ref(c),
                        decision.into(),
                        "--note".into(),
                        token.clone(),
                    ]);
                    envs.extend(REVIEWER);
                    Rec::Review(c.into(), token)
                }
                Op::ClaimAdd => {
                    let s = span.clone().unwrap();
                    args.extend([
                        "claim".into(),
                        "add".into(),
                        CASE.into(),
                        "--text".into(),
                        s.clone(),
                    ]);
                    Rec::Claim(s)
                }
            };
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();

            // Run it and SIGKILL it after the delay.
            let (mut child, start) = spawn_fd(ws, &argv, &envs);
            std::thread::sleep(Duration::from_millis(delay));
            let _ = child.kill();
            let killed = finish(child, start);
            let ok = match killed.code {
                None => {
                    kills += 1;
                    false
                }
                Some(0) => {
                    finished_first += 1;
                    true
                }
                Some(_) => panic!(
                    "{ctx}: {argv:?} failed on its own (not killed) in a clean workspace: {}",
                    killed.show()
                ),
            };
            let journal_after_kill = ws.root.join(JOURNAL).exists();
            if ok {
                assert!(
                    !journal_after_kill,
                    "{ctx}: a command that exited 0 left {JOURNAL}"
                );
            }
            match rec {
                Rec::Note(c, t) => ledger.notes.push((c, t, ok)),
                Rec::Step(p, t) => ledger.steps.entry(p).or_default().push((t, ok)),
                Rec::Evidence(u, f) => ledger.evidence.push((u, f, ok)),
                Rec::Review(c, t) => ledger.reviews.push((c, t, ok)),
                Rec::Claim(s) => ledger.claims.push((s, ok)),
            }

            // The next ordinary mutation must succeed and recover.
            let c = NOTE_CLAIMS[rng.below(NOTE_CLAIMS.len() as u64) as usize];
            let token = format!("aftercrash-{i:04}-end");
            let next = fd_env(
                ws,
                &["set", &claim_ref(c), "--note", &token],
                &[("FACTDESK_LOCK_TIMEOUT", "20")],
            );
            assert!(
                next.ok(),
                "{ctx}: the next mutation after a kill must succeed: {}",
                next.show()
            );
            let reported = interrupted_lines(&next.stderr, &ctx);
            if journal_after_kill {
                assert_eq!(
                    reported,
                    1,
                    "{ctx}: a change was cut off (journal present); the next command must \
                     say it finished or undid it: {}",
                    next.show()
                );
            }
            recoveries += reported;
            ledger.notes.push((c.into(), token, true));
            assert_clean(ws, &ctx);
        }

        verify(ws, &ledger, seed, commits_before);
        println!(
            "crash: {n} iterations, {kills} kills (0-{max_delay} ms), {finished_first} finished before the kill, \
             {recoveries} recoveries reported, {} successful mutations, seed {seed:#x}, {:.1?}",
            ledger.successes(),
            started.elapsed()
        );
    }

    fn verify(ws: &Ws, ledger: &Ledger, seed: u64, commits_before: usize) {
        let ctx = format!("seed {seed:#x}, final check");
        let log = all_messages(ws);
        let mut head_files: BTreeMap<String, String> = BTreeMap::new();
        let mut head_of = |c: &str| -> String {
            head_files
                .entry(c.to_string())
                .or_insert_with(|| head_file(ws, &claim_rel(c)).unwrap_or_default())
                .clone()
        };
        for (c, t, ok) in &ledger.notes {
            let n = commits_mentioning(&log, t);
            if *ok {
                assert!(
                    head_of(c).contains(t.as_str()),
                    "{ctx}: note {t} on {c} lost from HEAD"
                );
                assert_eq!(n, 1, "{ctx}: note {t}: one commit per change");
            } else {
                assert!(n <= 1, "{ctx}: note {t} committed {n} times");
            }
        }
        for ((c, s), tries) in &ledger.steps {
            for (t, ok) in tries {
                let n = commits_mentioning(&log, t);
                if *ok {
                    assert_eq!(n, 1, "{ctx}: step {c}/{s} {t}: one commit per change");
                } else {
                    assert!(n <= 1, "{ctx}: step {t} committed {n} times");
                }
            }
            if let Some(last_ok) = tries.iter().rposition(|t| t.1) {
                let file = head_of(c);
                assert!(
                    tries[last_ok..]
                        .iter()
                        .any(|(t, _)| file.contains(t.as_str())),
                    "{ctx}: step {c}/{s}: HEAD lost the note of the last successful step \
                     ({}) and has no later one",
                    tries[last_ok].0
                );
            }
        }
        for (url, name, ok) in &ledger.evidence {
            if *ok {
                assert!(
                    head_of(EVIDENCE_CLAIM).contains(url.as_str()),
                    "{ctx}: evidence {url} lost from HEAD"
                );
                assert!(
                    git_ok(
                        ws,
                        &[
                            "cat-file",
                            "-e",
                            &format!("HEAD:cases/{CASE}/evidence/{name}")
                        ]
                    ),
                    "{ctx}: evidence file {name} is not in HEAD"
                );
            }
        }
        for (c, t, ok) in &ledger.reviews {
            let n = commits_mentioning(&log, t);
            if *ok {
                assert!(
                    head_of(c).contains(t.as_str()),
                    "{ctx}: review {t} on {c} lost from HEAD"
                );
                assert_eq!(n, 1, "{ctx}: review {t}: one commit per change");
            } else {
                assert!(n <= 1, "{ctx}: review {t} committed {n} times");
            }
        }
        for (span, ok) in &ledger.claims {
            if *ok {
                assert!(
                    git_ok(
                        ws,
                        &[
                            "grep",
                            "-q",
                            "-E",
                            "-e",
                            // Spans are letters, digits, `-` and spaces: no
                            // regex metacharacters.
                            &format!("^text: {span}$"),
                            "HEAD",
                            "--",
                            &format!("cases/{CASE}/claims/"),
                        ]
                    ),
                    "{ctx}: added claim {span:?} is not in HEAD"
                );
            }
        }
        let commits = ws.commits() - commits_before;
        assert!(
            commits >= ledger.successes() && commits <= ledger.attempts(),
            "{ctx}: {commits} commits for {} successful of {} attempted mutations",
            ledger.successes(),
            ledger.attempts()
        );

        let fsck = ws.git_output(&["fsck", "--no-progress"]);
        let out = format!(
            "{}{}",
            String::from_utf8_lossy(&fsck.stdout),
            String::from_utf8_lossy(&fsck.stderr)
        );
        assert!(fsck.status.success(), "{ctx}: git fsck failed:\n{out}");
        assert!(
            !out.lines()
                .any(|l| l.starts_with("error") || l.contains("missing")),
            "{ctx}: git fsck:\n{out}"
        );
        assert_eq!(status(ws, &[]), "", "{ctx}: status");

        // HEAD alone, as anyone cloning it gets it, passes check.
        let pristine = ws.tmp.path().join("pristine");
        std::fs::create_dir_all(&pristine).unwrap();
        let archive = ws.git_output(&["archive", "--format=tar", "HEAD"]);
        assert!(archive.status.success());
        let mut tar = std::process::Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(&pristine)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("tar");
        {
            use std::io::Write;
            tar.stdin
                .take()
                .unwrap()
                .write_all(&archive.stdout)
                .unwrap();
        }
        assert!(tar.wait().unwrap().success());
        let pristine = pristine.to_str().expect("utf-8 path");
        let check = run(ws.fd_std(&["-C", pristine, "check"]));
        assert!(check.ok(), "{ctx}: check on HEAD's tree: {}", check.show());
    }
}

/// 7. Concurrent writers.
mod concurrency {
    use super::support::*;

    #[test]
    fn four_writers_at_once_all_commit_one_by_one() {
        let ws = seeded();
        let before = ws.commits();
        let rounds = 25;
        let targets = ["c03", "c03", "c04", "c07"];
        let mut written: Vec<(&str, String)> = Vec::new();
        for round in 0..rounds {
            let children: Vec<_> = targets
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let token = format!("conc-r{round:02}-p{k}-end");
                    let child = spawn_fd(
                        &ws,
                        &["set", &claim_ref(c), "--note", &token],
                        &[("FACTDESK_LOCK_TIMEOUT", "30")],
                    );
                    (*c, token, child)
                })
                .collect();
            for (c, token, (child, start)) in children {
                let r = finish(child, start);
                assert!(
                    r.ok(),
                    "round {round}: `set {c} --note {token}` must wait its turn and succeed: {}",
                    r.show()
                );
                written.push((c, token));
            }
            assert_clean(&ws, &format!("after round {round}"));
        }
        let log = all_messages(&ws);
        for (c, token) in &written {
            assert!(
                head_file(&ws, &claim_rel(c))
                    .unwrap()
                    .contains(token.as_str()),
                "{token} on {c} lost from HEAD"
            );
            assert_eq!(commits_mentioning(&log, token), 1, "{token}: one commit");
        }
        assert_eq!(
            ws.commits(),
            before + written.len(),
            "exactly one commit per successful mutation"
        );
        assert_eq!(status(&ws, &[]), "");
    }
}
