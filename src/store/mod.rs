//! Paths ↔ entities. The only module that reads or writes workspace files,
//! and (through `yaml`) the only user of serde_yaml.
//!
//! Reads keep the raw text next to the parsed value ([`Doc`]), so a later
//! write can prove that nobody changed the file in between, and so that
//! saving an unchanged value can be skipped and hand formatting survives.

pub mod atomic;
mod case_files;
pub mod yaml;

use crate::model::{CaseId, ClaimId, FactCheck};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use case_files::CaseFiles;
pub use yaml::{Outline, PathSeg, YamlError, YamlErrorKind};

/// The workspace marker at the repository root.
pub const CONFIG_FILE: &str = "factdesk.yaml";
/// Folder of checklist files.
pub const CHECKLISTS_DIR: &str = "checklists";
/// Folder of case folders.
pub const CASES_DIR: &str = "cases";
/// Case metadata file name.
pub const CASE_FILE: &str = "case.yaml";
/// The article as received.
pub const ARTICLE_FILE: &str = "article.txt";
/// Folder of claim files inside a case.
pub const CLAIMS_DIR: &str = "claims";
/// Folder for stored evidence files inside a case.
pub const EVIDENCE_DIR: &str = "evidence";
/// Folder of imported fact-checks (`factchecks/<id>.yaml`).
pub const FACTCHECKS_DIR: &str = "factchecks";
/// YAML files larger than this are refused unparsed: no factdesk file comes
/// near it, and it keeps `check` fast and small on hostile input.
pub const MAX_YAML_BYTES: u64 = 1 << 20;
/// Articles larger than this are refused (a long feature is ~100 KB).
pub const MAX_ARTICLE_BYTES: u64 = 10 << 20;
/// Bound for reads with no format limit of their own (work-tree snapshots,
/// conflict copies): the default evidence limit, the largest file factdesk
/// stores.
pub const MAX_READ_BYTES: u64 = crate::model::workspace::DEFAULT_EVIDENCE_MAX_BYTES;

/// Everything that can go wrong reading or writing workspace files.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No `factdesk.yaml` in this folder or any parent.
    #[error("not a factdesk workspace: no {CONFIG_FILE} in {} or any parent folder", .0.display())]
    NotAWorkspace(PathBuf),
    /// The operating system refused.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// YAML syntax or shape error.
    #[error("{}:{}: {err}", .path.display(), .err.line.map_or(String::new(), |l| format!("{l}:{}", .err.column.unwrap_or(1))))]
    Yaml {
        /// The file involved.
        path: PathBuf,
        /// What the parser said.
        err: YamlError,
    },
    /// Larger than the format allows.
    #[error("{}: file is {size} bytes, more than the {limit} allowed", .path.display())]
    TooLarge {
        /// The file involved.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Not valid UTF-8.
    #[error("{}: not valid UTF-8 (first bad byte at offset {offset})", .path.display())]
    NotUtf8 {
        /// The file involved.
        path: PathBuf,
        /// Where decoding failed.
        offset: usize,
    },
    /// Someone else changed the file since we read it.
    #[error("{}: changed on disk by someone else since factdesk read it; nothing was written. Re-run the command to work on the new content", .0.display())]
    ChangedOnDisk(PathBuf),
    /// An id from the command line or a folder name is malformed.
    #[error(transparent)]
    Id(#[from] crate::model::IdError),
    /// A symbolic link, FIFO, device, socket or folder where a file belongs.
    /// Never followed nor read: a hostile repository could otherwise point
    /// factdesk at files outside it, or at a stream that never ends.
    #[error("{}: {what}, not a regular file; factdesk reads only regular files", .path.display())]
    NotRegular {
        /// The path as given (never its target).
        path: PathBuf,
        /// What it is instead, e.g. "a symbolic link".
        what: &'static str,
    },
}

impl StoreError {
    fn io(path: &Path, source: io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A parsed file together with the exact text it was parsed from.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    /// The parsed value.
    pub value: T,
    /// Where it was read from.
    pub path: PathBuf,
    /// Workspace-relative `/`-separated path, as diagnostics and git name
    /// the file (`path` as given when there is no workspace).
    pub rel: String,
    /// The text as read.
    pub raw: String,
}

/// One file write that factdesk is about to make, with the content it
/// expects to replace (`None` = the file must not exist yet).
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the workspace root, `/`-separated (also the git path).
    pub rel_path: String,
    /// New content.
    pub content: Content,
    /// Content that must still be on disk, byte for byte, when we write.
    pub expected: Option<Vec<u8>>,
}

/// The new content of a [`FileChange`]: the bytes, or a blob the open git
/// transaction already wrote, so that a change of tens of thousands of
/// files (a new case of a long article) need not hold them all in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// The bytes themselves.
    Bytes(Vec<u8>),
    /// A blob in the workspace's repository, written under the
    /// transaction that commits this change.
    Stored {
        /// The blob id (hex).
        id: String,
        /// Its length in bytes.
        len: u64,
    },
}

impl Content {
    /// The bytes, when they are held here rather than in the repository.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Content::Bytes(b) => Some(b),
            Content::Stored { .. } => None,
        }
    }
}

impl From<Vec<u8>> for Content {
    fn from(bytes: Vec<u8>) -> Self {
        Content::Bytes(bytes)
    }
}

/// Hex sha256, used for article and checklist pinning and evidence files.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes in lower-case hex, as digests are written in files.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Renders a value in factdesk's canonical YAML form.
pub fn render<T: Serialize>(value: &T) -> Result<String, YamlError> {
    yaml::to_string(value)
}

/// A fact-check in its file form (`factchecks/<id>.yaml`): the one way
/// to write one, so imports and hand edits read back the same.
pub fn render_factcheck(fc: &FactCheck) -> Result<String, YamlError> {
    render(fc)
}

/// Parses YAML text into a value.
pub fn parse<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    yaml::from_str(src)
}

/// What a file that is not a regular file is, for messages.
fn kind_of(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading only if it is a regular file itself: a
/// symbolic link is not followed (`O_NOFOLLOW`), and a FIFO or device is
/// refused without blocking (`O_NONBLOCK`, then `fstat` on the open file,
/// so a swap between the check and the open cannot slip through).
pub fn open_regular(path: &Path) -> Result<fs::File, StoreError> {
    open_regular_len(path).map(|(f, _)| f)
}

/// [`open_regular`] and the open file's size, from its one `fstat`.
fn open_regular_len(path: &Path) -> Result<(fs::File, u64), StoreError> {
    let not_regular = |what| StoreError::NotRegular {
        path: path.to_path_buf(),
        what,
    };
    let meta = fs::symlink_metadata(path).map_err(|e| StoreError::io(path, e))?;
    if !meta.file_type().is_file() {
        return Err(not_regular(kind_of(meta.file_type())));
    }
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let f = opts.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return not_regular("a symbolic link");
        }
        StoreError::io(path, e)
    })?;
    match open_kind(&f).map_err(|e| StoreError::io(path, e))? {
        (None, len) => Ok((f, len)),
        (Some(what), _) => Err(not_regular(what)),
    }
}

/// What an open file is (`None`: a regular file; else what to call it)
/// and its size. On Unix one plain `fstat`: std's `metadata` is a `statx`
/// of an empty path, a name lookup for the kernel, and with the size asked
/// again it was a tenth of `check`'s time over 24,000 files.
#[cfg(unix)]
fn open_kind(f: &fs::File) -> io::Result<(Option<&'static str>, u64)> {
    use std::os::fd::AsRawFd;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `f` is an open descriptor for the duration of the call and
    // `st` is written in full by a successful `fstat`, checked before it
    // is read.
    let st = unsafe {
        if libc::fstat(f.as_raw_fd(), st.as_mut_ptr()) != 0 {
            return Err(io::Error::last_os_error());
        }
        st.assume_init()
    };
    let what = match st.st_mode & libc::S_IFMT {
        libc::S_IFREG => None,
        libc::S_IFIFO => Some("a FIFO"),
        libc::S_IFCHR | libc::S_IFBLK => Some("a device"),
        libc::S_IFSOCK => Some("a socket"),
        libc::S_IFLNK => Some("a symbolic link"),
        libc::S_IFDIR => Some("a folder"),
        _ => Some("not a regular file"),
    };
    Ok((what, u64::try_from(st.st_size).unwrap_or(0)))
}

#[cfg(not(unix))]
fn open_kind(f: &fs::File) -> io::Result<(Option<&'static str>, u64)> {
    let meta = f.metadata()?;
    let t = meta.file_type();
    Ok(((!t.is_file()).then(|| kind_of(t)), meta.len()))
}

/// Reads a regular file ([`open_regular`]) whole, refusing it once it
/// proves larger than `limit` bytes: at most `limit + 1` bytes are read,
/// whatever the file claims its size is.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let (f, size) = open_regular_len(path)?;
    read_open(f, size, limit, path)
}

/// The rest of [`read_bytes`], for a regular file opened at `path` whose
/// `fstat` said `size`.
fn read_open(f: fs::File, size: u64, limit: u64, path: &Path) -> Result<Vec<u8>, StoreError> {
    if size > limit {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    // `size <= limit`, and limits are far below usize::MAX; a failed
    // conversion only loses the pre-allocation.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    f.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads `rel` (`/`-separated, inside `base`) with [`read_bytes`], after
/// proving that no folder on the way is a symbolic link (or anything but a
/// folder): `O_NOFOLLOW` guards only the last component, and a link such
/// as `evidence -> /etc` would otherwise lead outside the repository.
/// `..`, empty and absolute components are refused outright.
pub fn read_bytes_below(base: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, StoreError> {
    let parts: Vec<&str> = rel.split('/').collect();
    let mut path = base.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() || *part == "." || *part == ".." || part.contains('\\') {
            return Err(StoreError::io(
                &base.join(rel),
                io::Error::new(io::ErrorKind::InvalidInput, "path leaves its folder"),
            ));
        }
        path.push(part);
        if i + 1 < parts.len() {
            let meta = fs::symlink_metadata(&path).map_err(|e| StoreError::io(&path, e))?;
            if !meta.file_type().is_dir() {
                return Err(StoreError::NotRegular {
                    path,
                    what: kind_of(meta.file_type()),
                });
            }
        }
    }
    read_bytes(&path, limit)
}

/// Proves that no existing folder on the way from `base` to `rel` is a
/// link or anything but a folder (missing ones are fine: a write creates
/// them), so a write to `rel` cannot land outside `base`.
pub fn no_links_below(base: &Path, rel: &str) -> Result<(), StoreError> {
    let parts: Vec<&str> = rel.split('/').collect();
    let mut path = base.to_path_buf();
    for part in &parts[..parts.len().saturating_sub(1)] {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_dir() => {}
            Ok(m) => {
                return Err(StoreError::NotRegular {
                    path,
                    what: kind_of(m.file_type()),
                })
            }
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Reads a regular file as UTF-8 text, refusing files over `limit` bytes
/// without reading them whole, and anything that is not a regular file
/// ([`open_regular`]).
pub fn read_text(path: &Path, limit: u64) -> Result<String, StoreError> {
    utf8(read_bytes(path, limit)?, path.to_path_buf())
}

/// `bytes` as text, or where the first bad byte is.
fn utf8(bytes: Vec<u8>, path: PathBuf) -> Result<String, StoreError> {
    String::from_utf8(bytes).map_err(|e| StoreError::NotUtf8 {
        path,
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads and parses a YAML file.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<Doc<T>, StoreError> {
    let raw = read_text(path, MAX_YAML_BYTES)?;
    let value = parse(&raw).map_err(|err| StoreError::Yaml {
        path: path.to_path_buf(),
        err,
    })?;
    Ok(Doc {
        value,
        path: path.to_path_buf(),
        rel: path.to_string_lossy().into_owned(),
        raw,
    })
}

/// A factdesk workspace: a folder (normally a git repository root) with a
/// `factdesk.yaml`.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// Opens the workspace rooted exactly at `root`.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        if root.join(CONFIG_FILE).is_file() {
            Ok(Self {
                root: root.to_path_buf(),
            })
        } else {
            Err(StoreError::NotAWorkspace(root.to_path_buf()))
        }
    }

    /// A handle on `root` before `factdesk.yaml` exists (for `init`).
    pub fn open_unchecked(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    /// Finds the workspace containing `start`, like git finds `.git`.
    pub fn discover(start: &Path) -> Result<Self, StoreError> {
        let abs = fs::canonicalize(start).map_err(|e| StoreError::io(start, e))?;
        let mut dir: Option<&Path> = Some(&abs);
        while let Some(d) = dir {
            if d.join(CONFIG_FILE).is_file() {
                return Ok(Self {
                    root: d.to_path_buf(),
                });
            }
            dir = d.parent();
        }
        Err(StoreError::NotAWorkspace(abs))
    }

    /// The workspace root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Absolute path of a workspace-relative `/`-separated path.
    pub fn abs(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads the workspace-relative `rel` as UTF-8 text within `limit`,
    /// following no link on the way ([`read_bytes_below`]): a case folder
    /// or `claims/` that is a link cannot lead a read outside the root.
    pub fn read_text(&self, rel: &str, limit: u64) -> Result<String, StoreError> {
        utf8(read_bytes_below(&self.root, rel, limit)?, self.abs(rel))
    }

    /// Workspace-relative `/`-separated path, as git and diagnostics use.
    pub fn rel(&self, abs: &Path) -> String {
        let r = abs.strip_prefix(&self.root).unwrap_or(abs);
        r.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// `checklists/<id>.yaml`.
    pub fn checklist_rel(id: &str) -> String {
        format!("{CHECKLISTS_DIR}/{id}.yaml")
    }

    /// `cases/<case>`.
    pub fn case_dir_rel(case: &CaseId) -> String {
        format!("{CASES_DIR}/{case}")
    }

    /// `cases/<case>/case.yaml`.
    pub fn case_rel(case: &CaseId) -> String {
        format!("{CASES_DIR}/{case}/{CASE_FILE}")
    }

    /// `cases/<case>/article.txt`.
    pub fn article_rel(case: &CaseId) -> String {
        format!("{CASES_DIR}/{case}/{ARTICLE_FILE}")
    }

    /// `cases/<case>/claims/<claim>.yaml`.
    pub fn claim_rel(case: &CaseId, claim: &ClaimId) -> String {
        format!("{CASES_DIR}/{case}/{CLAIMS_DIR}/{claim}.yaml")
    }

    /// `cases/<case>/claims/<stem>.yaml` for a folder name and file stem as
    /// listed (not validated, so broken names can still be reported).
    pub fn claim_file_rel(case: &str, stem: &str) -> String {
        format!("{CASES_DIR}/{case}/{CLAIMS_DIR}/{stem}.yaml")
    }

    /// Names of the folders under `cases/`, sorted; not validated, so
    /// `check` can report bad ones.
    pub fn case_dirs(&self) -> Result<Vec<String>, StoreError> {
        list_names(&self.root.join(CASES_DIR), is_real_dir, "")
    }

    /// Entries of `cases/` that are symbolic links: never listed as cases
    /// nor followed, only named so `check` can report them.
    pub fn case_links(&self) -> Result<Vec<String>, StoreError> {
        list_names(&self.root.join(CASES_DIR), is_link, "")
    }

    /// Stems of `*.yaml` files in a case's `claims/`, sorted.
    pub fn claim_files(&self, case: &str) -> Result<Vec<String>, StoreError> {
        let dir = self.root.join(CASES_DIR).join(case).join(CLAIMS_DIR);
        list_names(&dir, is_file_or_link, ".yaml")
    }

    /// `factchecks/<id>.yaml`.
    pub fn factcheck_rel(id: &str) -> String {
        format!("{FACTCHECKS_DIR}/{id}.yaml")
    }

    /// Stems of `factchecks/*.yaml`, sorted (links listed, so reading
    /// them reports them); empty when there is no `factchecks/`.
    pub fn factcheck_files(&self) -> Result<Vec<String>, StoreError> {
        list_names(&self.root.join(FACTCHECKS_DIR), is_file_or_link, ".yaml")
    }

    /// Reads and parses `factchecks/<stem>.yaml` within the YAML limits,
    /// following no link.
    pub fn load_factcheck(&self, stem: &str) -> Result<Doc<FactCheck>, StoreError> {
        let rel = Self::factcheck_rel(stem);
        let raw = self.read_text(&rel, MAX_YAML_BYTES)?;
        let value = parse(&raw).map_err(|err| StoreError::Yaml {
            path: self.abs(&rel),
            err,
        })?;
        Ok(Doc {
            value,
            path: self.abs(&rel),
            rel,
            raw,
        })
    }

    /// Stems of `checklists/*.yaml`, sorted.
    pub fn checklist_files(&self) -> Result<Vec<String>, StoreError> {
        list_names(&self.root.join(CHECKLISTS_DIR), is_file_or_link, ".yaml")
    }

    /// Applies a set of writes. First proves every target still holds the
    /// content factdesk read (or is absent when it should be), then writes
    /// each atomically; nothing is written if any check fails.
    /// Content already stored as a git blob is refused: only a git
    /// transaction can write it.
    pub fn apply(&self, changes: &[FileChange]) -> Result<(), StoreError> {
        for c in changes {
            no_links_below(&self.root, &c.rel_path)?;
            let path = self.abs(&c.rel_path);
            if c.content.bytes().is_none() {
                return Err(StoreError::io(
                    &path,
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "content stored as a git blob is written by a git transaction, not here",
                    ),
                ));
            }
            // Bounded by what is expected: anything longer differs anyway,
            // and a link or FIFO in the way is refused, never followed.
            let limit = c.expected.as_ref().map_or(0, |b| b.len() as u64);
            let current = match read_bytes(&path, limit) {
                Ok(b) => Some(b),
                Err(StoreError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                    None
                }
                Err(StoreError::TooLarge { .. }) => return Err(StoreError::ChangedOnDisk(path)),
                Err(e) => return Err(e),
            };
            if current != c.expected {
                return Err(StoreError::ChangedOnDisk(path));
            }
        }
        for c in changes {
            let path = self.abs(&c.rel_path);
            let bytes = c.content.bytes().unwrap_or_default();
            atomic::write_atomic(&path, bytes).map_err(|e| StoreError::io(&path, e))?;
        }
        Ok(())
    }
}

/// A folder itself, not a link to one.
fn is_real_dir(t: fs::FileType) -> bool {
    t.is_dir()
}

/// A symbolic link (wherever it points).
fn is_link(t: fs::FileType) -> bool {
    t.is_symlink()
}

/// A regular file, or a link listed so that reading it reports it
/// ([`open_regular`] refuses it) instead of skipping it silently.
fn is_file_or_link(t: fs::FileType) -> bool {
    t.is_file() || t.is_symlink()
}

/// Names in `dir` whose type (not following links) `keep` accepts,
/// without `suffix`. A `dir` that is a symbolic link is refused, not
/// listed through. The type comes with the listing (no `stat` per entry
/// where the file system reports it: 20,000 fewer calls on `cases/`).
fn list_names(
    dir: &Path,
    keep: impl Fn(fs::FileType) -> bool,
    suffix: &str,
) -> Result<Vec<String>, StoreError> {
    if let Ok(m) = fs::symlink_metadata(dir) {
        if !m.file_type().is_dir() {
            return Err(StoreError::NotRegular {
                path: dir.to_path_buf(),
                what: kind_of(m.file_type()),
            });
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type().is_ok_and(&keep) {
            continue;
        }
        if let Some(stem) = name.strip_suffix(suffix) {
            out.push(stem.to_string());
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// Links, devices and escaping paths are refused; `/dev/zero` at once.
    #[cfg(unix)]
    #[test]
    fn only_regular_files_below_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("case");
        fs::create_dir_all(base.join("evidence")).unwrap();
        fs::write(base.join("evidence/a"), b"a").unwrap();
        fs::write(dir.path().join("outside"), b"secret").unwrap();
        assert_eq!(read_bytes_below(&base, "evidence/a", 10).unwrap(), b"a");
        std::os::unix::fs::symlink(dir.path().join("outside"), base.join("l")).unwrap();
        std::os::unix::fs::symlink(dir.path(), base.join("d")).unwrap();
        for rel in ["l", "d/outside"] {
            assert!(
                matches!(
                    read_bytes_below(&base, rel, 10),
                    Err(StoreError::NotRegular { .. })
                ),
                "{rel}"
            );
        }
        for rel in ["../outside", "/etc/hostname", "evidence//a", "./evidence/a"] {
            assert!(read_bytes_below(&base, rel, 10).is_err(), "{rel}");
        }
        assert!(matches!(
            read_bytes(Path::new("/dev/zero"), 10),
            Err(StoreError::NotRegular {
                what: "a device",
                ..
            })
        ));
    }

    #[test]
    fn read_text_refuses_large_and_binary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        fs::write(&p, vec![b'a'; 100]).unwrap();
        assert!(matches!(
            read_text(&p, 10),
            Err(StoreError::TooLarge { .. })
        ));
        fs::write(&p, b"ok\xff").unwrap();
        assert!(matches!(
            read_text(&p, 10),
            Err(StoreError::NotUtf8 { offset: 2, .. })
        ));
    }

    #[test]
    fn apply_refuses_when_disk_changed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(CONFIG_FILE), "format: 1\n").unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        fs::write(dir.path().join("a.yaml"), "theirs\n").unwrap();
        let changes = [
            FileChange {
                rel_path: "b.yaml".into(),
                content: b"new\n".to_vec().into(),
                expected: None,
            },
            FileChange {
                rel_path: "a.yaml".into(),
                content: b"mine\n".to_vec().into(),
                expected: Some(b"old\n".to_vec()),
            },
        ];
        assert!(matches!(
            ws.apply(&changes),
            Err(StoreError::ChangedOnDisk(_))
        ));
        // Nothing written, not even the first file.
        assert!(!dir.path().join("b.yaml").exists());
        assert_eq!(fs::read(dir.path().join("a.yaml")).unwrap(), b"theirs\n");
    }
}
