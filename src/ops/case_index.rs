//! The case summary index: one record per case folder, kept in
//! `.git/factdesk-cases-v1`, so that `cases`, `status` and the TUI's case
//! list read one file and a few `stat` calls per case instead of parsing
//! every claim file.
//!
//! A record is only a cache of what the files said: each one carries a
//! fingerprint of its folder's files (size, mtime, ctime and inode of
//! `case.yaml`, `article.txt`, `claims/` and every claim file). A reader
//! stats the folders, keeps the records whose fingerprint still matches and
//! re-reads only the other cases, so factdesk's own commits, `git pull`,
//! checkouts and hand edits are all picked up, each costing only the cases
//! it touched. Nothing has to keep the index up to date, and a missing,
//! corrupt or old index is rebuilt (see docs/design.md).
//!
//! The file is JSON lines: a header line, then one record per line. A
//! reader that re-read a few cases appends their records (a later line for
//! the same case wins) instead of rewriting the file; it rewrites it whole
//! (atomically) when there is no valid file yet or dead lines pile up.

use super::read::{self, CaseBundle, CaseSummary};
use super::Result;
use crate::check::review::ReviewSummary;
use crate::model::{CaseId, VerdictScale};
use crate::par::par_map;
use crate::store::{self, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// The file name in the git directory.
pub const FILE: &str = "factdesk-cases-v1";

/// Bumped whenever what a record means changes without its shape changing
/// (records of another version are re-read, never trusted).
const FORMAT: u32 = 2;

/// The first line of the file.
#[derive(Serialize, Deserialize)]
struct Header {
    factdesk_case_index: u32,
}

/// A file changed less than this before its case was read may change again
/// within the same timestamp tick unseen (coarse file system clocks, FAT's
/// 2 s): such a record is re-read rather than trusted, as git does with
/// "racily clean" index entries.
pub const RACY: Duration = Duration::from_secs(2);

/// One case folder as the case list, `cases` and `status` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// Folder name under `cases/` (a valid case id).
    pub name: String,
    /// Format, factdesk version and verdict scale the record was read
    /// with: a record read under another scale is re-read.
    pub key: u64,
    /// Hash of the stat data of the folder's files when read.
    pub fp: u64,
    /// When the files were stat'ed (ns since the epoch), before reading.
    pub read_at: u64,
    /// Stems of the claim files the fingerprint covers.
    pub stems: Vec<String>,
    /// The case list's row ([`read::case_summary`]).
    pub summary: CaseSummary,
    /// What `cases` and `status` read; `None` when the case cannot be
    /// opened (no readable article).
    pub facts: Option<CaseFacts>,
}

/// A case as `cases` and `status` see it, from [`read::open_case`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    /// Headline; `None` when `case.yaml` cannot be read.
    pub title: Option<String>,
    /// Marked for publication.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub publish: bool,
    /// Case assignees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignees: Vec<String>,
    /// Every claim file, in id order.
    pub claims: Vec<ClaimFacts>,
}

/// One claim file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimFacts {
    /// Claim id.
    pub id: String,
    /// `None` when the file does not parse.
    pub row: Option<ClaimRow>,
}

/// What the dashboard reads of a claim that parses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    /// The `id:` inside the file, when it differs from the file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_id: Option<String>,
    /// Status id.
    pub status: String,
    /// Dismissed as a proposal.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dismissed: bool,
    /// Assigned editor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Review state on the record's scale, with who and what.
    pub review: ReviewSummary,
}

impl ClaimFacts {
    /// The claim's id as its file says (what the dashboard names).
    pub fn claim_id(&self) -> &str {
        self.row
            .as_ref()
            .and_then(|r| r.own_id.as_deref())
            .unwrap_or(&self.id)
    }
}

impl CaseFacts {
    /// The facts of a loaded case.
    pub fn of(b: &CaseBundle, scale: &VerdictScale) -> Self {
        let (title, publish, assignees) = match &b.case {
            Ok(d) => (
                Some(d.value.title.clone()),
                d.value.publish,
                d.value.assignees.clone(),
            ),
            Err(_) => (None, false, Vec::new()),
        };
        let claims = b
            .claims
            .iter()
            .map(|d| ClaimFacts {
                id: d.id.to_string(),
                row: d.value.as_ref().map(|c| ClaimRow {
                    own_id: (c.id != d.id).then(|| c.id.to_string()),
                    status: c.status.clone(),
                    dismissed: c.dismissed.is_some(),
                    assignee: c.assignee.clone(),
                    review: ReviewSummary::of(c, scale),
                }),
            })
            .collect();
        Self {
            title,
            publish,
            assignees,
            claims,
        }
    }
}

/// What a load found, for progress lines and tests.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// One record per case folder with a valid id, in folder order.
    pub records: Vec<CaseRecord>,
    /// Records taken from the index unchanged.
    pub reused: usize,
    /// Cases read from their files.
    pub read: usize,
    /// The index file was written (whole or appended to).
    pub wrote: bool,
}

/// Progress of reading cases: (done, to do).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// The records of every case, from the index where still valid, the
/// others read (on all cores) and saved back. Errors only when `cases/`
/// cannot be listed; an index that cannot be read or written is ignored.
pub fn load(ws: &Workspace, scale: &VerdictScale, progress: Progress<'_>) -> Result<Loaded> {
    load_with(ws, scale, RACY, progress)
}

/// [`load`] with the racy window given (tests pass zero to see records
/// reused right after writing them).
pub fn load_with(
    ws: &Workspace,
    scale: &VerdictScale,
    racy: Duration,
    progress: Progress<'_>,
) -> Result<Loaded> {
    let names = ws.case_dirs()?;
    let key = key_of(scale);
    let path = index_path(ws);
    let mut old = path.as_deref().map(read_index).unwrap_or_default();
    let cases: Vec<(String, CaseId)> = names
        .into_iter()
        .filter_map(|n| CaseId::new(n.as_str()).ok().map(|id| (n, id)))
        .collect();
    // Paths relative to the current folder when it is the root: fewer
    // components for the kernel to walk in the stats below (a fifth of
    // their cost at 20,000 cases).
    let here = std::env::current_dir().ok();
    let root = if here.as_deref() == Some(ws.root()) {
        Path::new("")
    } else {
        ws.root()
    };
    let racy_ns = u64::try_from(racy.as_nanos()).unwrap_or(u64::MAX);
    // Which records still hold: a few stats per case, on all cores.
    let holds: Vec<bool> = par_map(&cases, &|_| {}, &|(name, _)| {
        old.records.get(name).is_some_and(|r| {
            let (fp, newest) = stamp(root, name, &r.stems);
            r.key == key && r.fp == fp && newest.saturating_add(racy_ns) < r.read_at
        })
    });
    let mut records: Vec<Option<CaseRecord>> = cases
        .iter()
        .zip(holds)
        .map(|((name, _), ok)| if ok { old.records.remove(name) } else { None })
        .collect();
    let stale: Vec<usize> = (0..cases.len()).filter(|&i| records[i].is_none()).collect();
    let todo = stale.len();
    let done = AtomicUsize::new(0);
    let tick = |n: usize| {
        let d = done.fetch_add(n, Ordering::Relaxed) + n;
        progress(d, todo);
    };
    let fresh: Vec<CaseRecord> = par_map(&stale, &tick, &|&i| {
        let (name, id) = &cases[i];
        read_record(ws, scale, key, name, id)
    });
    let read = fresh.len();
    for (&i, r) in stale.iter().zip(fresh) {
        records[i] = Some(r);
    }
    let records: Vec<CaseRecord> = records.into_iter().flatten().collect();
    let mut wrote = false;
    if let Some(p) = &path {
        // Lines after an append: compact when dead lines pile up.
        let lines = old.lines + read;
        let compact = !old.valid || lines > records.len() + records.len() / 4 + 64;
        if compact && (read > 0 || old.lines != records.len()) {
            let all: Vec<&CaseRecord> = records.iter().collect();
            wrote = write_all(p, &all).is_ok();
        } else if read > 0 {
            // Every case has its record, so `stale` indexes `records` too.
            let new: Vec<&CaseRecord> = stale.iter().filter_map(|&i| records.get(i)).collect();
            wrote = append(p, &new).is_ok();
        }
    }
    Ok(Loaded {
        reused: records.len() - read,
        records,
        read,
        wrote,
    })
}

/// Every record read from the files, ignoring and leaving alone the index
/// (what the index must always agree with).
pub fn read_all(ws: &Workspace, scale: &VerdictScale) -> Result<Vec<CaseRecord>> {
    let key = key_of(scale);
    let cases: Vec<(String, CaseId)> = ws
        .case_dirs()?
        .into_iter()
        .filter_map(|n| CaseId::new(n.as_str()).ok().map(|id| (n, id)))
        .collect();
    Ok(par_map(&cases, &|_| {}, &|(name, id)| {
        read_record(ws, scale, key, name, id)
    }))
}

/// `.git/factdesk-cases-v1`, when the workspace is in a repository.
pub fn index_path(ws: &Workspace) -> Option<PathBuf> {
    crate::git::git_dir(ws.root()).ok().map(|d| d.join(FILE))
}

/// Reads one case: stamps first, so a change while it reads shows as a
/// mismatch next time rather than being missed.
fn read_record(
    ws: &Workspace,
    scale: &VerdictScale,
    key: u64,
    name: &str,
    id: &CaseId,
) -> CaseRecord {
    let read_at = now_ns();
    let stems = ws.claim_files(name).unwrap_or_default();
    let (fp, _) = stamp(ws.root(), name, &stems);
    let decided = |s: &str| scale.is_decided(s);
    let summary = read::case_summary(ws, name, &decided);
    let facts = read::open_case(ws, id)
        .ok()
        .map(|b| CaseFacts::of(&b, scale));
    CaseRecord {
        name: name.to_string(),
        key,
        fp,
        read_at,
        stems,
        summary,
        facts,
    }
}

pub(super) fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// What makes a record valid besides its files: the record format, the
/// program's version and the verdict scale (which decides "decided" and
/// review states).
fn key_of(scale: &VerdictScale) -> u64 {
    let mut h = Fnv::new();
    h.u64(u64::from(FORMAT));
    h.bytes(env!("CARGO_PKG_VERSION").as_bytes());
    h.bytes(serde_json::to_string(scale).unwrap_or_default().as_bytes());
    h.0
}

/// FNV-1a, 64 bits: stable across runs and Rust versions, unlike std's
/// hasher; collisions only matter if a change also keeps 64 bits equal.
pub(super) struct Fnv(pub(super) u64);

impl Fnv {
    pub(super) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
    pub(super) fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so ("ab","c") and ("a","bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
}

/// The fingerprint of a case folder (without reading any file) and the
/// newest mtime or ctime in it, in ns since the epoch.
pub(super) fn stamp(root: &Path, name: &str, stems: &[String]) -> (u64, u64) {
    let mut h = Fnv::new();
    let mut newest = 0u64;
    let mut p = root.join(store::CASES_DIR);
    p.push(name);
    p.push(store::CASE_FILE);
    stamp_one(&mut h, &mut newest, &p);
    p.set_file_name(store::ARTICLE_FILE);
    stamp_one(&mut h, &mut newest, &p);
    p.set_file_name(store::CLAIMS_DIR);
    stamp_one(&mut h, &mut newest, &p);
    // The claim files are looked up in their opened folder: at 20,000
    // cases that is 220,000 `stat` calls, and resolving each full path
    // again was a third of their cost.
    let dir = ClaimsDir::open(&p);
    for s in stems {
        let file = format!("{s}.yaml");
        h.bytes(s.as_bytes());
        match &dir {
            Some(d) => hash_meta(&mut h, &mut newest, d.stat(&file)),
            None => {
                p.push(&file);
                stamp_one(&mut h, &mut newest, &p);
                p.pop();
            }
        }
    }
    (h.0, newest)
}

/// What a fingerprint takes from one `lstat`.
struct Meta {
    /// 1 file, 2 folder, 3 anything else.
    kind: u64,
    len: u64,
    mtime: u64,
    ctime: u64,
    ino: u64,
}

pub(super) fn stamp_one(h: &mut Fnv, newest: &mut u64, p: &Path) {
    let meta = fs::symlink_metadata(p).ok().map(|m| {
        let ft = m.file_type();
        let (mtime, ctime, ino) = times(&m);
        Meta {
            kind: if ft.is_file() {
                1
            } else if ft.is_dir() {
                2
            } else {
                3
            },
            len: m.len(),
            mtime,
            ctime,
            ino,
        }
    });
    hash_meta(h, newest, meta);
}

fn hash_meta(h: &mut Fnv, newest: &mut u64, meta: Option<Meta>) {
    let Some(m) = meta else {
        h.u64(0);
        return;
    };
    h.u64(m.kind);
    h.u64(m.len);
    h.u64(m.mtime);
    h.u64(m.ctime);
    h.u64(m.ino);
    *newest = (*newest).max(m.mtime).max(m.ctime);
}

/// A case's `claims/` folder, opened once so its files are looked up by
/// name (`fstatat`) rather than by full path. Elsewhere than Linux, or when
/// it cannot be opened, `stamp` uses full paths.
struct ClaimsDir {
    #[cfg(target_os = "linux")]
    dir: fs::File,
}

impl ClaimsDir {
    #[cfg(target_os = "linux")]
    fn open(p: &Path) -> Option<Self> {
        use std::os::unix::fs::OpenOptionsExt;
        fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
            .open(p)
            .ok()
            .map(|dir| Self { dir })
    }

    #[cfg(not(target_os = "linux"))]
    fn open(_p: &Path) -> Option<Self> {
        None
    }

    /// `lstat` of `name` inside the folder, as `fs::symlink_metadata`.
    #[cfg(target_os = "linux")]
    fn stat(&self, name: &str) -> Option<Meta> {
        use std::os::fd::AsRawFd;
        let c = std::ffi::CString::new(name).ok()?;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: the descriptor is open for the life of `self`, `c` is a
        // NUL-terminated name, and `st` is written in full by a successful
        // call, which is checked before it is read.
        let st = unsafe {
            if libc::fstatat(
                self.dir.as_raw_fd(),
                c.as_ptr(),
                st.as_mut_ptr(),
                libc::AT_SYMLINK_NOFOLLOW,
            ) != 0
            {
                return None;
            }
            st.assume_init()
        };
        let kind = match st.st_mode & libc::S_IFMT {
            libc::S_IFREG => 1,
            libc::S_IFDIR => 2,
            _ => 3,
        };
        Some(Meta {
            kind,
            len: u64::try_from(st.st_size).unwrap_or(0),
            mtime: unix_ns(st.st_mtime, st.st_mtime_nsec),
            ctime: unix_ns(st.st_ctime, st.st_ctime_nsec),
            ino: st.st_ino,
        })
    }

    #[cfg(not(target_os = "linux"))]
    fn stat(&self, _name: &str) -> Option<Meta> {
        None
    }
}

/// A Unix time (seconds and nanoseconds) in ns since the epoch; times
/// before the epoch count as 0.
#[cfg(unix)]
fn unix_ns(secs: i64, nanos: i64) -> u64 {
    u64::try_from(secs)
        .unwrap_or(0)
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::try_from(nanos).unwrap_or(0))
}

/// mtime and ctime in ns, and the inode: ctime changes on every write even
/// when a tool restores the mtime, the inode when a file is replaced.
#[cfg(unix)]
fn times(m: &fs::Metadata) -> (u64, u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (
        unix_ns(m.mtime(), m.mtime_nsec()),
        unix_ns(m.ctime(), m.ctime_nsec()),
        m.ino(),
    )
}

#[cfg(not(unix))]
fn times(m: &fs::Metadata) -> (u64, u64, u64) {
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    (t, t, 0)
}

/// The index file as read.
#[derive(Default)]
struct OldIndex {
    /// The newest record per case name.
    records: HashMap<String, CaseRecord>,
    /// Record lines in the file (dead ones included).
    lines: usize,
    /// The header is this format's: records may be appended.
    valid: bool,
}

/// Reads the index; anything unreadable counts as absent: a bad header
/// drops the file, a bad line (a torn append, a record of another shape)
/// drops that record only, since every record is checked against its files
/// anyway.
fn read_index(path: &Path) -> OldIndex {
    let Ok(text) = fs::read_to_string(path) else {
        return OldIndex::default();
    };
    let mut lines = text.lines();
    let valid = lines
        .next()
        .and_then(|h| serde_json::from_str::<Header>(h).ok())
        .is_some_and(|h| h.factdesk_case_index == FORMAT);
    if !valid {
        return OldIndex::default();
    }
    let lines: Vec<&str> = lines.collect();
    let parsed: Vec<Option<CaseRecord>> = par_map(&lines, &|_| {}, &|l| {
        serde_json::from_str::<CaseRecord>(l).ok()
    });
    let n = lines.len();
    let mut records = HashMap::with_capacity(n);
    // Later lines win: appended records supersede older ones.
    for r in parsed.into_iter().flatten() {
        records.insert(r.name.clone(), r);
    }
    OldIndex {
        records,
        lines: n,
        valid,
    }
}

/// One JSON line per record.
fn lines_of(records: &[&CaseRecord]) -> Vec<u8> {
    let parts: Vec<Vec<u8>> = par_map(records, &|_| {}, &|r| {
        let mut v = serde_json::to_vec(r).unwrap_or_default();
        if !v.is_empty() {
            v.push(b'\n');
        }
        v
    });
    parts.concat()
}

/// Writers of this process take turns (the TUI's loader and a commit
/// could overlap); other processes write their own temporary file.
static WRITE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Replaces the file with exactly these records.
fn write_all(path: &Path, records: &[&CaseRecord]) -> std::io::Result<()> {
    let mut bytes = serde_json::to_vec(&Header {
        factdesk_case_index: FORMAT,
    })
    .map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    bytes.extend(lines_of(records));
    let _turn = WRITE.lock();
    store::atomic::write_atomic(path, &bytes)
}

/// Appends records in one write: a torn append leaves a bad last line,
/// which the next reader drops (and re-reads that case).
fn append(path: &Path, records: &[&CaseRecord]) -> std::io::Result<()> {
    let bytes = lines_of(records);
    let _turn = WRITE.lock();
    let mut f = fs::OpenOptions::new().append(true).open(path)?;
    f.write_all(&bytes)
}
