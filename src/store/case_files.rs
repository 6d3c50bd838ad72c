//! A case folder's files, each read once, looked up by name in folders
//! opened once.
//!
//! The case list's first build reads every file of every case: 260,000 at
//! 20,000 cases. [`Workspace::read_text`] proves each folder on the way is
//! no link with an `lstat` per component, so a claim file cost four
//! `lstat`s before its `open`. Here the case folder and its `claims/` are
//! opened once with `O_NOFOLLOW | O_DIRECTORY` (which proves the same:
//! neither is a link, both are folders) and each file is opened inside its
//! folder (`openat`, `O_NOFOLLOW`). Anything the fast way cannot open is
//! read the slow way instead, so errors read exactly as
//! [`Workspace::read_text`]'s.

use super::{StoreError, Workspace, ARTICLE_FILE, CASES_DIR, CASE_FILE, CLAIMS_DIR};
use super::{MAX_ARTICLE_BYTES, MAX_YAML_BYTES};
use std::fs;
use std::path::PathBuf;

/// What one case folder holds, each file read (or failed) once.
#[derive(Debug)]
pub struct CaseFiles {
    /// `case.yaml`.
    pub case: Result<String, StoreError>,
    /// `article.txt`.
    pub article: Result<String, StoreError>,
    /// The claim files named, in the order given, by file stem.
    pub claims: Vec<(String, Result<String, StoreError>)>,
}

impl Workspace {
    /// Reads `case.yaml`, `article.txt` and the claim files `stems` of the
    /// case folder `name` (as listed, not validated), each as
    /// [`Workspace::read_text`] would with the format's limit.
    pub fn read_case_files(&self, name: &str, stems: &[String]) -> CaseFiles {
        let case_rel = format!("{CASES_DIR}/{name}");
        let case_dir = Folder::open(self, None, &case_rel);
        let claims_rel = format!("{case_rel}/{CLAIMS_DIR}");
        let claims_dir = Folder::open(self, case_dir.as_ref(), &claims_rel);
        let read = |dir: Option<&Folder>, dir_rel: &str, file: &str, limit: u64| {
            let rel = format!("{dir_rel}/{file}");
            dir.and_then(|d| d.read(file, limit))
                .unwrap_or_else(|| self.read_text(&rel, limit))
        };
        CaseFiles {
            case: read(case_dir.as_ref(), &case_rel, CASE_FILE, MAX_YAML_BYTES),
            article: read(
                case_dir.as_ref(),
                &case_rel,
                ARTICLE_FILE,
                MAX_ARTICLE_BYTES,
            ),
            claims: stems
                .iter()
                .map(|s| {
                    let file = format!("{s}.yaml");
                    let text = read(claims_dir.as_ref(), &claims_rel, &file, MAX_YAML_BYTES);
                    (s.clone(), text)
                })
                .collect(),
        }
    }
}

/// A folder opened without following links, and where it is.
struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

impl Folder {
    /// Opens `rel` (inside `parent` when given, else from the root, whose
    /// `cases/` is proven no link first). `None` when that fails for any
    /// reason: the caller then reads the slow way, which names the reason.
    #[cfg(unix)]
    fn open(ws: &Workspace, parent: Option<&Folder>, rel: &str) -> Option<Folder> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = ws.abs(rel);
        let flags = libc::O_DIRECTORY | libc::O_NOFOLLOW;
        let fd = match parent {
            Some(p) => p.openat(path.file_name()?.to_str()?, flags)?,
            None => {
                // `cases/` itself must be a folder, not a link: checked by
                // opening it the same way, then the case folder inside it.
                let cases = fs::OpenOptions::new()
                    .read(true)
                    .custom_flags(flags)
                    .open(ws.abs(CASES_DIR))
                    .ok()?;
                let cases = Folder {
                    path: ws.abs(CASES_DIR),
                    fd: cases.into(),
                };
                cases.openat(path.file_name()?.to_str()?, flags)?
            }
        };
        Some(Folder { path, fd })
    }

    #[cfg(not(unix))]
    fn open(_ws: &Workspace, _parent: Option<&Folder>, _rel: &str) -> Option<Folder> {
        None
    }

    /// `openat` of `name` in this folder, read-only, with `flags` added.
    #[cfg(unix)]
    fn openat(&self, name: &str, flags: libc::c_int) -> Option<std::os::fd::OwnedFd> {
        use std::os::fd::{AsRawFd, FromRawFd};
        let c = std::ffi::CString::new(name).ok()?;
        // SAFETY: the folder's descriptor is open for the life of `self`
        // and `c` is NUL-terminated; the call only reads them.
        let fd = unsafe {
            libc::openat(
                self.fd.as_raw_fd(),
                c.as_ptr(),
                libc::O_RDONLY | libc::O_CLOEXEC | flags,
            )
        };
        // SAFETY: a non-negative result is a new descriptor that nothing
        // else owns, so it is closed exactly once, by the `OwnedFd`.
        (fd >= 0).then(|| unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
    }

    /// Reads the regular file `name` in this folder as UTF-8 within
    /// `limit`; `None` when it cannot be opened here as a regular file (a
    /// link, missing, a FIFO...), so the caller's slow read says why.
    #[cfg(unix)]
    fn read(&self, name: &str, limit: u64) -> Option<Result<String, StoreError>> {
        let fd = self.openat(name, libc::O_NOFOLLOW | libc::O_NONBLOCK)?;
        let f = fs::File::from(fd);
        let path = self.path.join(name);
        let (None, size) = super::open_kind(&f).ok()? else {
            return None;
        };
        Some(super::read_open(f, size, limit, &path).and_then(|b| super::utf8(b, path)))
    }

    #[cfg(not(unix))]
    fn read(&self, _name: &str, _limit: u64) -> Option<Result<String, StoreError>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the slow way reads, for the comparison: each file through
    /// [`Workspace::read_text`].
    fn slow(ws: &Workspace, name: &str, stems: &[String]) -> Vec<String> {
        let rel = |f: &str| format!("{CASES_DIR}/{name}/{f}");
        let mut out = vec![
            format!("{:?}", ws.read_text(&rel(CASE_FILE), MAX_YAML_BYTES)),
            format!("{:?}", ws.read_text(&rel(ARTICLE_FILE), MAX_ARTICLE_BYTES)),
        ];
        for s in stems {
            let r = ws.read_text(&rel(&format!("{CLAIMS_DIR}/{s}.yaml")), MAX_YAML_BYTES);
            out.push(format!("{r:?}"));
        }
        out
    }

    fn fast(ws: &Workspace, name: &str, stems: &[String]) -> Vec<String> {
        let f = ws.read_case_files(name, stems);
        let mut out = vec![format!("{:?}", f.case), format!("{:?}", f.article)];
        for (stem, r) in &f.claims {
            assert!(stems.contains(stem), "{stem}");
            out.push(format!("{r:?}"));
        }
        out
    }

    /// Every file reads as the one-file-at-a-time way reads it, its text or
    /// the same error, whatever is where a file or folder should be.
    #[cfg(unix)]
    #[test]
    fn a_case_reads_as_its_files_read_one_by_one() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open_unchecked(dir.path());
        let outside = dir.path().join("outside");
        fs::create_dir_all(outside.join(CLAIMS_DIR)).unwrap();
        fs::write(outside.join("secret"), "secret").unwrap();
        fs::write(outside.join(CLAIMS_DIR).join("c1.yaml"), "secret").unwrap();
        let case = dir.path().join(CASES_DIR).join("a");
        let claims = case.join(CLAIMS_DIR);
        fs::create_dir_all(&claims).unwrap();
        fs::write(case.join(CASE_FILE), "title: A\n").unwrap();
        fs::write(case.join(ARTICLE_FILE), "Teks artikel.\n").unwrap();
        fs::write(claims.join("c1.yaml"), "id: c1\n").unwrap();
        fs::write(claims.join("c2.yaml"), b"id: \xff\n").unwrap();
        fs::write(claims.join("c3.yaml"), vec![b'a'; 2 << 20]).unwrap();
        symlink(outside.join("secret"), claims.join("c4.yaml")).unwrap();
        fs::create_dir(claims.join("c5.yaml")).unwrap();
        let fifo = std::ffi::CString::new(claims.join("c6.yaml").to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path, only read by the call.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        let stems: Vec<String> = (1..=7).map(|i| format!("c{i}")).collect();
        let got = fast(&ws, "a", &stems);
        assert_eq!(got, slow(&ws, "a", &stems));
        assert!(got[2].starts_with("Ok(\"id: c1"), "{}", got[2]);
        for (i, what) in [
            (3, "NotUtf8"),
            (4, "TooLarge"),
            (5, "a symbolic link"),
            (6, "a folder"),
            (7, "a FIFO"),
            (8, "NotFound"),
        ] {
            assert!(got[i].contains(what), "{i}: {}", got[i]);
        }

        // A case folder, a `claims/` or `cases/` itself that is a link is
        // not followed: nothing outside is read.
        symlink(&outside, dir.path().join(CASES_DIR).join("b")).unwrap();
        fs::create_dir(dir.path().join(CASES_DIR).join("c")).unwrap();
        symlink(outside.join(CLAIMS_DIR), dir.path().join("cases/c/claims")).unwrap();
        let one = vec!["c1".to_string()];
        for name in ["b", "c"] {
            let got = fast(&ws, name, &one);
            assert_eq!(got, slow(&ws, name, &one), "{name}");
            assert!(got.iter().all(|r| !r.contains("secret")), "{got:?}");
            assert!(got[2].contains("a symbolic link"), "{name}: {}", got[2]);
        }
        fs::rename(dir.path().join(CASES_DIR), dir.path().join("real")).unwrap();
        symlink(dir.path().join("real"), dir.path().join(CASES_DIR)).unwrap();
        let got = fast(&ws, "a", &one);
        assert_eq!(got, slow(&ws, "a", &one));
        assert!(got.iter().all(|r| r.starts_with("Err")), "{got:?}");
    }
}
