//! The case summary index: one record per case folder, kept in
//! `.git/factdesk-cases-v2`, so that `cases`, `status` and the TUI's case
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
//! The file is the block file of [`super::blocks`]: a header, then one
//! checksummed binary block per record. A reader that re-read a few cases
//! appends their blocks (a later block for the same case wins) instead of
//! rewriting the file; it rewrites it whole (atomically) when there is no
//! valid file yet or dead blocks pile up. Binary, because at 20,000 cases
//! the JSON lines it replaced took longer to parse (130 ms) than the file
//! takes to read and check.

use super::read::{self, CaseBundle, CaseSummary};
use super::Result;
use crate::blocks::{self, put_len, put_opt, put_str, put_strs, put_u32, put_u64, Reader};
use crate::check::review::ReviewSummary;
use crate::model::{CaseId, Timestamp, VerdictScale};
use crate::par::par_map;
use crate::store::{self, Workspace};
use std::collections::HashMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// The file name in the git directory.
pub const FILE: &str = "factdesk-cases-v2";

/// The JSON-lines index earlier versions kept; removed when this one is
/// written.
const OLD_FILE: &str = "factdesk-cases-v1";

const MAGIC: &[u8; 8] = b"FDCASES\0";

/// Bumped whenever what a record means or how it is written changes (a
/// file of another version is read again, never trusted). The header also
/// carries the key of factdesk's version and the verdict scale
/// ([`key_of`]), so every record in a file was read under that key.
const FORMAT: u32 = 2;

/// A file changed less than this before its case was read may change again
/// within the same timestamp tick unseen (coarse file system clocks, FAT's
/// 2 s): such a record is re-read rather than trusted, as git does with
/// "racily clean" index entries.
pub const RACY: Duration = Duration::from_secs(2);

/// One case folder as the case list, `cases` and `status` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// Folder name under `cases/` (a valid case id).
    pub name: String,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// Headline; `None` when `case.yaml` cannot be read.
    pub title: Option<String>,
    /// Marked for publication.
    pub publish: bool,
    /// Case assignees.
    pub assignees: Vec<String>,
    /// Every claim file, in id order.
    pub claims: Vec<ClaimFacts>,
}

/// One claim file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFacts {
    /// Claim id.
    pub id: String,
    /// `None` when the file does not parse.
    pub row: Option<ClaimRow>,
}

/// What the dashboard reads of a claim that parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRow {
    /// The `id:` inside the file, when it differs from the file name.
    pub own_id: Option<String>,
    /// Status id.
    pub status: String,
    /// Dismissed as a proposal.
    pub dismissed: bool,
    /// Assigned editor.
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
    let cases: Vec<(String, CaseId)> = names
        .into_iter()
        .filter_map(|n| CaseId::new(n.as_str()).ok().map(|id| (n, id)))
        .collect();
    let key = key_of(scale);
    let path = index_path(ws);
    let old = path
        .as_deref()
        .map(|p| read_index(p, key))
        .unwrap_or_default();
    crate::git::trace::phase("case index read");
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
    // Which records still hold, decoded and checked against a few stats
    // per case in one pass on all cores.
    let mut records: Vec<Option<CaseRecord>> = par_map(&cases, &|_| {}, &|(name, _)| {
        let r = old
            .latest
            .get(name.as_str())
            .and_then(|range| decode_record(old.bytes.get(range.clone())?))?;
        let (fp, newest) = stamp(root, name, &r.stems);
        (&r.name == name && r.fp == fp && newest.saturating_add(racy_ns) < r.read_at).then_some(r)
    });
    crate::git::trace::phase("case index stats");
    let stale: Vec<usize> = (0..cases.len()).filter(|&i| records[i].is_none()).collect();
    let todo = stale.len();
    let done = AtomicUsize::new(0);
    let tick = |n: usize| {
        let d = done.fetch_add(n, Ordering::Relaxed) + n;
        progress(d, todo);
    };
    let fresh: Vec<CaseRecord> = par_map(&stale, &tick, &|&i| {
        let (name, id) = &cases[i];
        read_record(ws, scale, name, id)
    });
    let read = fresh.len();
    crate::git::trace::phase("cases re-read");
    for (&i, r) in stale.iter().zip(fresh) {
        records[i] = Some(r);
    }
    let records: Vec<CaseRecord> = records.into_iter().flatten().collect();
    let mut wrote = false;
    if let Some(p) = &path {
        // Blocks after an append: compact when dead ones pile up.
        let blocks = old.blocks + read;
        let compact = !old.valid || blocks > records.len() + records.len() / 4 + 64;
        if compact && (read > 0 || old.blocks != records.len()) {
            let all: Vec<&CaseRecord> = records.iter().collect();
            wrote = write_all(p, key, &all).is_ok();
            if wrote {
                let _ = fs::remove_file(p.with_file_name(OLD_FILE));
            }
        } else if read > 0 {
            // Every case has its record, so `stale` indexes `records` too.
            let new: Vec<&CaseRecord> = stale.iter().filter_map(|&i| records.get(i)).collect();
            wrote = blocks::append(p, &encode_all(&new)).is_ok();
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
    let cases: Vec<(String, CaseId)> = ws
        .case_dirs()?
        .into_iter()
        .filter_map(|n| CaseId::new(n.as_str()).ok().map(|id| (n, id)))
        .collect();
    Ok(par_map(&cases, &|_| {}, &|(name, id)| {
        read_record(ws, scale, name, id)
    }))
}

/// `.git/factdesk-cases-v1`, when the workspace is in a repository.
pub fn index_path(ws: &Workspace) -> Option<PathBuf> {
    crate::git::git_dir(ws.root()).ok().map(|d| d.join(FILE))
}

/// Reads one case: stamps first, so a change while it reads shows as a
/// mismatch next time rather than being missed.
fn read_record(ws: &Workspace, scale: &VerdictScale, name: &str, id: &CaseId) -> CaseRecord {
    let read_at = now_ns();
    let listed = ws.claim_files(name);
    let stems = listed.as_ref().map_or(&[][..], Vec::as_slice);
    let (fp, _) = stamp(ws.root(), name, stems);
    // Each file is read once, for the row and for the facts.
    let files = ws.read_case_files(name, stems);
    let decided = |s: &str| scale.is_decided(s);
    let summary = read::summary_of(&files, &decided);
    // As `read::open_case`: no facts when `claims/` cannot be listed.
    let facts = listed
        .as_ref()
        .ok()
        .and_then(|_| read::bundle_of(ws, id, files).ok())
        .map(|b| CaseFacts::of(&b, scale));
    let stems = listed.unwrap_or_default();
    CaseRecord {
        name: name.to_string(),
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

/// The `cases/` folder's stat data (mtime and ctime in ns, inode): it
/// changes when a case folder is added, removed or renamed, so a watcher
/// lists the 20,000 names again only then. `None` when it cannot be read
/// or changed within [`RACY`] of now (a second change in the same clock
/// tick would keep the same stamp): not to be trusted.
pub fn cases_dir_stamp(ws: &Workspace) -> Option<(u64, u64, u64)> {
    let m = fs::metadata(ws.abs(store::CASES_DIR)).ok()?;
    let (mtime, ctime, ino) = times(&m);
    let racy = u64::try_from(RACY.as_nanos()).unwrap_or(u64::MAX);
    (mtime.max(ctime).saturating_add(racy) < now_ns()).then_some((mtime, ctime, ino))
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
    // The claim files are looked up in their opened folder: at 20,000
    // cases that is 220,000 `stat` calls, and resolving each full path
    // again was a third of their cost. The folder's own stat data is its
    // descriptor's (opening refuses a symbolic link, so it is the `lstat`).
    let dir = ClaimsDir::open(&p);
    match dir.as_ref().and_then(ClaimsDir::meta) {
        Some(m) => hash_meta(&mut h, &mut newest, Some(m)),
        None => stamp_one(&mut h, &mut newest, &p),
    }
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
        let c = std::ffi::CString::new(name).ok()?;
        self.fstatat(&c, libc::AT_SYMLINK_NOFOLLOW)
    }

    /// The folder's own stat data.
    #[cfg(target_os = "linux")]
    fn meta(&self) -> Option<Meta> {
        self.fstatat(c"", libc::AT_EMPTY_PATH)
    }

    #[cfg(target_os = "linux")]
    fn fstatat(&self, c: &std::ffi::CStr, flags: libc::c_int) -> Option<Meta> {
        use std::os::fd::AsRawFd;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: the descriptor is open for the life of `self`, `c` is a
        // NUL-terminated name, and `st` is written in full by a successful
        // call, which is checked before it is read.
        let st = unsafe {
            if libc::fstatat(self.dir.as_raw_fd(), c.as_ptr(), st.as_mut_ptr(), flags) != 0 {
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

    #[cfg(not(target_os = "linux"))]
    fn meta(&self) -> Option<Meta> {
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

/// The index file as read: its bytes, and the newest block per case.
#[derive(Default)]
struct OldIndex {
    bytes: Vec<u8>,
    /// The newest checked block per case name (a later block wins).
    latest: HashMap<String, Range<usize>>,
    /// Blocks in the file (dead and bad ones included).
    blocks: usize,
    /// The header is this format's and key's and every block is whole:
    /// blocks may be appended.
    valid: bool,
}

/// Reads the index; anything unreadable counts as absent: a bad header or
/// another key drops the file, a bad block that record only, a torn
/// append the rest, since every record is checked against its files
/// anyway. Only block names are read here; records are decoded where they
/// are checked.
fn read_index(path: &Path, key: u64) -> OldIndex {
    let Ok(bytes) = fs::read(path) else {
        return OldIndex::default();
    };
    let Some((ranges, whole)) = blocks::split(&bytes, MAGIC, FORMAT, key) else {
        return OldIndex::default();
    };
    let names: Vec<Option<String>> = par_map(&ranges, &|_| {}, &|r| {
        let b = &bytes[r.clone()];
        blocks::sealed(b)
            .then(|| Reader::payload(b).str())
            .flatten()
    });
    let mut valid = whole;
    let mut latest = HashMap::with_capacity(ranges.len());
    for (name, r) in names.into_iter().zip(&ranges) {
        match name {
            Some(n) => {
                latest.insert(n, r.clone());
            }
            None => valid = false,
        }
    }
    OldIndex {
        blocks: ranges.len(),
        bytes,
        latest,
        valid,
    }
}

/// Each record as a block, on all cores.
fn encode_all(records: &[&CaseRecord]) -> Vec<Vec<u8>> {
    par_map(records, &|_| {}, &|r| encode_record(r))
}

/// Replaces the file with exactly these records.
fn write_all(path: &Path, key: u64, records: &[&CaseRecord]) -> std::io::Result<()> {
    blocks::write_all(path, MAGIC, FORMAT, key, &encode_all(records))
}

// ---- the binary form of a record ----

fn put_usize(b: &mut Vec<u8>, n: usize) {
    put_u64(b, n as u64);
}

/// A record as one sealed block. Every field is written, in declaration
/// order; [`decode_record`] reads them back in the same order (a round-trip
/// test covers every field and variant).
fn encode_record(r: &CaseRecord) -> Vec<u8> {
    let mut b = blocks::start();
    put_str(&mut b, &r.name);
    put_u64(&mut b, r.fp);
    put_u64(&mut b, r.read_at);
    put_strs(&mut b, &r.stems);
    let s = &r.summary;
    put_str(&mut b, &s.title);
    put_opt(&mut b, s.outlet.as_deref());
    put_opt(&mut b, s.date.as_deref());
    put_usize(&mut b, s.total);
    put_usize(&mut b, s.decided);
    put_len(&mut b, s.by_status.len());
    for (k, v) in &s.by_status {
        put_str(&mut b, k);
        put_usize(&mut b, *v);
    }
    put_usize(&mut b, s.dismissed);
    put_usize(&mut b, s.changes_requested);
    put_strs(&mut b, &s.assignees);
    match s.changed.map(|t| t.duration_since(SystemTime::UNIX_EPOCH)) {
        None => b.push(0),
        Some(Ok(d)) => {
            b.push(1);
            put_u64(&mut b, d.as_secs());
            put_u32(&mut b, d.subsec_nanos());
        }
        Some(Err(e)) => {
            b.push(2);
            put_u64(&mut b, e.duration().as_secs());
            put_u32(&mut b, e.duration().subsec_nanos());
        }
    }
    put_opt(&mut b, s.problem.as_deref());
    match &r.facts {
        None => b.push(0),
        Some(f) => {
            b.push(1);
            put_opt(&mut b, f.title.as_deref());
            b.push(u8::from(f.publish));
            put_strs(&mut b, &f.assignees);
            put_len(&mut b, f.claims.len());
            for c in &f.claims {
                put_str(&mut b, &c.id);
                match &c.row {
                    None => b.push(0),
                    Some(row) => {
                        b.push(1);
                        put_opt(&mut b, row.own_id.as_deref());
                        put_str(&mut b, &row.status);
                        b.push(u8::from(row.dismissed));
                        put_opt(&mut b, row.assignee.as_deref());
                        put_review(&mut b, &row.review);
                    }
                }
            }
        }
    }
    blocks::seal(b)
}

fn put_time(b: &mut Vec<u8>, t: &Timestamp) {
    put_u64(b, t.timestamp() as u64);
    put_u32(b, t.timestamp_subsec_nanos());
    put_u32(b, t.offset().local_minus_utc() as u32);
}

fn put_review(b: &mut Vec<u8>, r: &ReviewSummary) {
    match r {
        ReviewSummary::NoVerdict => b.push(0),
        ReviewSummary::Waiting { verdict_by } => {
            b.push(1);
            put_opt(b, verdict_by.as_deref());
        }
        ReviewSummary::Voided {
            approved_by,
            verdict_by,
        } => {
            b.push(2);
            put_str(b, approved_by);
            put_opt(b, verdict_by.as_deref());
        }
        ReviewSummary::ChangesRequested { by, at, note } => {
            b.push(3);
            put_str(b, by);
            put_time(b, at);
            put_str(b, note);
        }
        ReviewSummary::Approved { by, at, verdict_by } => {
            b.push(4);
            put_str(b, by);
            put_time(b, at);
            put_opt(b, verdict_by.as_deref());
        }
    }
}

/// A block back as its record; `None` when it is not exactly one record.
/// Its checksum was checked when the file was split ([`read_index`]).
fn decode_record(b: &[u8]) -> Option<CaseRecord> {
    let mut r = Reader::payload(b);
    let name = r.str()?;
    let fp = r.u64()?;
    let read_at = r.u64()?;
    let stems = r.strs()?;
    let title = r.str()?;
    let outlet = r.opt()?;
    let date = r.opt()?;
    let total = r.usize()?;
    let decided = r.usize()?;
    let n = r.count()?;
    let mut by_status = std::collections::BTreeMap::new();
    for _ in 0..n {
        let k = r.str()?;
        by_status.insert(k, r.usize()?);
    }
    let dismissed = r.usize()?;
    let changes_requested = r.usize()?;
    let assignees = r.strs()?;
    let changed = match r.u8()? {
        0 => None,
        tag @ (1 | 2) => {
            let d = Duration::new(r.u64()?, r.u32()?);
            Some(if tag == 1 {
                SystemTime::UNIX_EPOCH.checked_add(d)?
            } else {
                SystemTime::UNIX_EPOCH.checked_sub(d)?
            })
        }
        _ => return None,
    };
    let problem = r.opt()?;
    let facts = if r.bool()? {
        let title = r.opt()?;
        let publish = r.bool()?;
        let assignees = r.strs()?;
        let n = r.count()?;
        let mut claims = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.str()?;
            let row = if r.bool()? {
                Some(ClaimRow {
                    own_id: r.opt()?,
                    status: r.str()?,
                    dismissed: r.bool()?,
                    assignee: r.opt()?,
                    review: read_review(&mut r)?,
                })
            } else {
                None
            };
            claims.push(ClaimFacts { id, row });
        }
        Some(CaseFacts {
            title,
            publish,
            assignees,
            claims,
        })
    } else {
        None
    };
    r.done().then_some(CaseRecord {
        name,
        fp,
        read_at,
        stems,
        summary: CaseSummary {
            title,
            outlet,
            date,
            total,
            decided,
            by_status,
            dismissed,
            changes_requested,
            assignees,
            changed,
            problem,
        },
        facts,
    })
}

fn read_time(r: &mut Reader<'_>) -> Option<Timestamp> {
    let secs = r.u64()? as i64;
    let nanos = r.u32()?;
    let offset = chrono::FixedOffset::east_opt(r.u32()? as i32)?;
    Some(chrono::DateTime::from_timestamp(secs, nanos)?.with_timezone(&offset))
}

fn read_review(r: &mut Reader<'_>) -> Option<ReviewSummary> {
    Some(match r.u8()? {
        0 => ReviewSummary::NoVerdict,
        1 => ReviewSummary::Waiting {
            verdict_by: r.opt()?,
        },
        2 => ReviewSummary::Voided {
            approved_by: r.str()?,
            verdict_by: r.opt()?,
        },
        3 => ReviewSummary::ChangesRequested {
            by: r.str()?,
            at: read_time(r)?,
            note: r.str()?,
        },
        4 => ReviewSummary::Approved {
            by: r.str()?,
            at: read_time(r)?,
            verdict_by: r.opt()?,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).expect("a valid RFC 3339 time")
    }

    /// A record with every field set and every review variant.
    fn full() -> CaseRecord {
        let review = [
            ReviewSummary::NoVerdict,
            ReviewSummary::Waiting {
                verdict_by: Some("Ana".into()),
            },
            ReviewSummary::Waiting { verdict_by: None },
            ReviewSummary::Voided {
                approved_by: "Budi".into(),
                verdict_by: Some("Ana".into()),
            },
            ReviewSummary::ChangesRequested {
                by: "Budi".into(),
                at: at("2024-02-03T04:05:06.789+07:00"),
                note: "sumber kedua?\nline two".into(),
            },
            ReviewSummary::Approved {
                by: "Dewi".into(),
                at: at("2023-11-05T23:59:59-05:30"),
                verdict_by: None,
            },
        ];
        let mut claims: Vec<ClaimFacts> = review
            .into_iter()
            .enumerate()
            .map(|(i, review)| ClaimFacts {
                id: format!("c{:02}", i + 1),
                row: Some(ClaimRow {
                    own_id: (i == 2).then(|| "c99".to_string()),
                    status: "verified".into(),
                    dismissed: i == 1,
                    assignee: (i == 3).then(|| "Rui".to_string()),
                    review,
                }),
            })
            .collect();
        claims.push(ClaimFacts {
            id: "c07".into(),
            row: None,
        });
        CaseRecord {
            name: "2024-01-01-ünïcode".into(),
            fp: 7,
            read_at: 1_700_000_000_123_456_789,
            stems: vec!["c01".into(), "c02".into()],
            summary: CaseSummary {
                title: "Pejabat \"Barat\"".into(),
                outlet: Some("Antara".into()),
                date: Some("2024-01-01".into()),
                total: 6,
                decided: 2,
                by_status: [("verified".to_string(), 5), ("unchecked".to_string(), 1)]
                    .into_iter()
                    .collect(),
                dismissed: 1,
                changes_requested: 1,
                assignees: vec!["Ana".into(), "Rui".into()],
                changed: Some(SystemTime::UNIX_EPOCH + Duration::new(1_700_000_000, 5)),
                problem: Some("case.yaml: bad".into()),
            },
            facts: Some(CaseFacts {
                title: None,
                publish: true,
                assignees: vec!["Ana".into()],
                claims,
            }),
        }
    }

    #[test]
    fn a_record_round_trips_with_every_field_and_variant() {
        let r = full();
        let b = encode_record(&r);
        assert!(blocks::sealed(&b));
        let back = decode_record(&b).expect("a block just encoded decodes");
        assert_eq!(back, r);
        // DateTime equality ignores the offset: compare it too.
        let offsets = |r: &CaseRecord| -> Vec<String> {
            r.facts
                .iter()
                .flat_map(|f| &f.claims)
                .filter_map(|c| c.row.as_ref())
                .filter_map(|row| match &row.review {
                    ReviewSummary::ChangesRequested { at, .. }
                    | ReviewSummary::Approved { at, .. } => Some(at.to_rfc3339()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(offsets(&back), offsets(&r));
        assert_eq!(offsets(&back).len(), 2);
        // The sparse shape (no facts, no times) too.
        let mut sparse = r.clone();
        sparse.facts = None;
        sparse.summary.changed = None;
        sparse.summary.outlet = None;
        assert_eq!(decode_record(&encode_record(&sparse)), Some(sparse));
    }

    #[test]
    fn a_cut_or_padded_block_is_not_a_record() {
        let b = encode_record(&full());
        for cut in [blocks::PREFIX, b.len() / 2, b.len() - 1] {
            assert!(decode_record(&b[..cut]).is_none(), "cut at {cut}");
        }
        let mut padded = b.clone();
        padded.push(0);
        assert!(decode_record(&padded).is_none());
    }
}
