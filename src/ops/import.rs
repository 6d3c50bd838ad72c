//! `factdesk import claimreview`: published fact-checks into `factchecks/`,
//! all or nothing, in one commit.
//!
//! Reading ([`read_inputs`]) happens before the lock and refuses the whole
//! import at the first bad file; [`Session::import_factchecks`] then
//! deduplicates by normalised address, against the files already there
//! and within the batch, and commits the new ones. A review already in
//! `factchecks/` is never rewritten, whatever changed: the file may carry
//! an editor's corrections (delete it and import again to replace it).

use super::{now, read, OpsError, Result, Session};
use crate::git::{self, Action, Trailers};
use crate::import::claimreview::{self, Found, Shape};
use crate::model::{factcheck_id, normalise_url, FactCheck};
use crate::store::{self, FileChange, Workspace};
use crate::text::one_line;
use std::path::{Path, PathBuf};

/// Input files larger than this are refused: a Fact Check Tools export of
/// thousands of reviews is a few MiB.
pub const MAX_INPUT_BYTES: u64 = 20 << 20;
/// At most this many input files in one import.
pub const MAX_INPUT_FILES: usize = 100_000;
/// File endings read from a folder; others are left alone.
const EXTENSIONS: [&str; 4] = ["json", "jsonld", "html", "htm"];

/// One input file: where it is, and its name as recorded in `source`.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The path to read.
    pub path: PathBuf,
    /// Workspace-relative when inside the workspace, else relative to the
    /// folder the argument names (its parent for a file): never an
    /// absolute path from this machine.
    pub source: String,
}

/// What happened to one review of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStatus {
    /// A new file (or, in a dry run, one that would be written).
    New,
    /// `factchecks/` already holds this address: left as it is.
    AlreadyThere,
    /// Earlier in this same input: imported once.
    Repeated,
}

impl ImportStatus {
    /// The word scripts read (`--format json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::AlreadyThere => "already-there",
            Self::Repeated => "repeated",
        }
    }
}

/// One review and what the import did with it.
#[derive(Debug, Clone)]
pub struct ImportItem {
    /// New, already there, or repeated.
    pub status: ImportStatus,
    /// The file in `factchecks/` that holds it.
    pub file: String,
    /// The review (as read from the input).
    pub fact_check: FactCheck,
    /// Where in its input file it was (`$[2]`).
    pub at: String,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Every review of the input, in input order.
    pub items: Vec<ImportItem>,
    /// The commit, when something new was written (never in a dry run).
    pub committed: Option<super::Committed>,
}

impl Imported {
    /// How many have `status`.
    pub fn count(&self, status: ImportStatus) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }
}

/// The error for a bad input: the file, where in it, what; nothing imported.
fn bad_input(source: &str, what: impl std::fmt::Display) -> OpsError {
    OpsError::usage(
        format!("{}: {}", one_line(source), one_line(&what.to_string())),
        Some("nothing was imported; fix the file or leave it out, then import again".to_string()),
    )
}

/// The input files `path` names: the file itself, or every `.json`,
/// `.jsonld`, `.html` and `.htm` file under the folder (sorted, hidden
/// entries skipped). A symbolic link, FIFO or device anywhere is refused,
/// never followed.
pub fn input_files(ws: &Workspace, path: &Path) -> Result<Vec<InputFile>> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| {
        OpsError::not_found(
            format!("{}: {e}", path.display()),
            Some("give a ClaimReview file (.json, .jsonld, .html) or a folder of them".into()),
        )
    })?;
    let root = std::fs::canonicalize(ws.root()).unwrap_or_else(|_| ws.root().to_path_buf());
    // Names relative to the argument's parent (a file) or the folder's
    // own parent (so `import claimreview exports/` records `exports/a.json`).
    let base = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let name = |p: &Path| -> String {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let rel = abs
            .strip_prefix(&root)
            .ok()
            .or_else(|| base.as_deref().and_then(|b| abs.strip_prefix(b).ok()));
        match rel {
            Some(r) => r
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            None => p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        }
    };
    let not_regular = |p: &Path, t: std::fs::FileType| {
        let what = if t.is_symlink() {
            "a symbolic link"
        } else {
            "not a regular file"
        };
        bad_input(
            &p.display().to_string(),
            format!("{what}; factdesk imports only regular files, never what a link points at"),
        )
    };
    if meta.file_type().is_file() {
        return Ok(vec![InputFile {
            source: name(path),
            path: path.to_path_buf(),
        }]);
    }
    if !meta.file_type().is_dir() {
        return Err(not_regular(path, meta.file_type()));
    }
    let mut out = Vec::new();
    let mut todo = vec![path.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| store::StoreError::Io {
            path: dir.clone(),
            source: e,
        })?;
        let mut names: Vec<(PathBuf, std::fs::FileType)> = Vec::new();
        for e in entries {
            let e = e.map_err(|e| store::StoreError::Io {
                path: dir.clone(),
                source: e,
            })?;
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let t = e.file_type().map_err(|err| store::StoreError::Io {
                path: e.path(),
                source: err,
            })?;
            names.push((e.path(), t));
        }
        names.sort_by(|a, b| b.0.cmp(&a.0));
        for (p, t) in names {
            if t.is_dir() {
                todo.push(p);
                continue;
            }
            let wanted = p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
            if t.is_symlink() || (wanted && !t.is_file()) {
                return Err(not_regular(&p, t));
            }
            if wanted {
                out.push(InputFile {
                    source: name(&p),
                    path: p,
                });
            }
        }
        if out.len() > MAX_INPUT_FILES {
            return Err(bad_input(
                &path.display().to_string(),
                format!("more than {MAX_INPUT_FILES} files; import the folder in parts"),
            ));
        }
    }
    out.sort_by(|a, b| a.source.cmp(&b.source));
    if out.is_empty() {
        return Err(bad_input(
            &path.display().to_string(),
            "no .json, .jsonld, .html or .htm file in this folder",
        ));
    }
    Ok(out)
}

/// Reads and parses every input file, stopping at the first bad one (with
/// its name, and a line or JSON path): all or nothing. `progress` is told
/// after each file.
pub fn read_inputs(files: &[InputFile], progress: &dyn Fn(usize, usize)) -> Result<Vec<Found>> {
    let at = now();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let bytes = store::read_bytes(&f.path, MAX_INPUT_BYTES).map_err(|e| match e {
            store::StoreError::TooLarge { size, limit, .. } => bad_input(
                &f.source,
                format!("{size} bytes, more than the {limit} an input file may have"),
            ),
            store::StoreError::NotRegular { what, .. } => bad_input(
                &f.source,
                format!("{what}; factdesk imports only regular files"),
            ),
            other => bad_input(&f.source, other),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            bad_input(
                &f.source,
                format!(
                    "not valid UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        let ext = f
            .path
            .extension()
            .and_then(|x| x.to_str())
            .map(str::to_ascii_lowercase);
        let shape = match ext.as_deref() {
            Some("html" | "htm") => Shape::Html,
            _ => Shape::Json,
        };
        let found =
            claimreview::parse(&text, shape, &f.source, at).map_err(|p| bad_input(&f.source, p))?;
        out.extend(found);
        progress(i + 1, files.len());
    }
    Ok(out)
}

impl Session {
    /// Writes the reviews `found` that `factchecks/` does not hold yet, one
    /// file each, in one commit (`Factdesk-Import: <format> N`); nothing is
    /// committed when none is new. With `dry_run`, everything is decided
    /// and checked but nothing written.
    pub fn import_factchecks(
        &self,
        found: Vec<Found>,
        format: &str,
        dry_run: bool,
    ) -> Result<Imported> {
        let txn = if dry_run {
            git::ensure_idle(self.ws.root())?;
            None
        } else {
            Some(self.begin(Action::Import)?)
        };
        // Read under the lock: what is deduplicated against is what stays.
        let existing = read::factchecks(&self.ws)?;
        // By normalised address, built once: imports of thousands of
        // reviews into thousands of files stay linear.
        let existing: std::collections::HashMap<String, String> = existing
            .items
            .into_iter()
            .filter_map(|(rel, f)| Some((f.key()?, rel)))
            .collect();
        let mut written: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut items: Vec<ImportItem> = Vec::new();
        let mut changes = Vec::new();
        for f in found {
            // Every review passed the address test when it was read.
            let Some(key) = normalise_url(&f.fact_check.url) else {
                return Err(bad_input(
                    &f.fact_check.source,
                    "a review without a web address",
                ));
            };
            if let Some(rel) = existing.get(&key) {
                items.push(ImportItem {
                    status: ImportStatus::AlreadyThere,
                    file: rel.clone(),
                    fact_check: f.fact_check,
                    at: f.at,
                });
                continue;
            }
            let id = factcheck_id(&key);
            let rel = Workspace::factcheck_rel(&id);
            if !written.insert(key) {
                items.push(ImportItem {
                    status: ImportStatus::Repeated,
                    file: rel,
                    fact_check: f.fact_check,
                    at: f.at,
                });
                continue;
            }
            // A file of that name that holds another address, or cannot be
            // read: never replaced.
            if std::fs::symlink_metadata(self.ws.abs(&rel)).is_ok() {
                return Err(OpsError::refused(
                    format!(
                        "{rel} exists but does not hold {}; nothing was imported",
                        one_line(&f.fact_check.url)
                    ),
                    Some(format!("`factdesk check {rel}` says what is wrong with it")),
                ));
            }
            let text = super::render_file(&rel, &f.fact_check)?;
            let diags: Vec<_> = crate::check::check_factcheck_text(&self.ctx, &rel, &text)
                .into_iter()
                .filter(|d| d.level == crate::check::Level::Error)
                .collect();
            if let Some(d) = diags.first() {
                return Err(OpsError::Invalid {
                    summary: format!(
                        "{}: the review at {} would not pass check: {}; nothing was imported",
                        one_line(&f.fact_check.source),
                        f.at,
                        d.message
                    ),
                    diagnostics: diags,
                });
            }
            changes.push(FileChange {
                rel_path: rel.clone(),
                content: text.into_bytes().into(),
                expected: None,
            });
            items.push(ImportItem {
                status: ImportStatus::New,
                file: rel,
                fact_check: f.fact_check,
                at: f.at,
            });
        }
        let Some(txn) = txn.filter(|_| !changes.is_empty()) else {
            return Ok(Imported {
                items,
                committed: None,
            });
        };
        let n = changes.len();
        let mut body = String::new();
        for i in items
            .iter()
            .filter(|i| i.status == ImportStatus::New)
            .take(50)
        {
            body.push_str(&format!(
                "- {} {}\n",
                one_line(&i.fact_check.verdict_line()),
                one_line(&i.fact_check.url)
            ));
        }
        if n > 50 {
            body.push_str(&format!("… and {} more\n", n - 50));
        }
        let skipped = items.len() - n;
        if skipped > 0 {
            body.push_str(&format!(
                "{skipped} already there or repeated, left as they were.\n"
            ));
        }
        let mut trailers = Trailers::new(Action::Import);
        trailers.import = Some(format!("{format} {n}"));
        let subject = format!(
            "import {n} fact-check{} ({format})",
            if n == 1 { "" } else { "s" }
        );
        let committed = self.commit(txn, changes, subject, &body, trailers)?;
        Ok(Imported {
            items,
            committed: Some(committed),
        })
    }
}
