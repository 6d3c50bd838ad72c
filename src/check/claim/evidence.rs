//! The evidence rules: `bad-url`, the access time,
//! `evidence-needs-source`, `evidence-note-missing` (withdrawals and
//! corrections say why), and `evidence-file-missing` /
//! `evidence-file-hash` for stored files.

use super::super::findings::Findings;
use super::super::rules::*;
use super::super::{CaseInfo, Context};
use crate::model::{Claim, EvidenceFile};
use crate::store::{
    self, Doc,
    PathSeg::{Index, Key},
};

/// Checks every evidence item of the claim.
pub(super) fn check(f: &mut Findings<'_>, ctx: &Context, case: &CaseInfo<'_>, doc: &Doc<Claim>) {
    for (i, ev) in doc.value.evidence.iter().enumerate() {
        // No address is allowed (an interview); an address must be one.
        if !ev.url.is_empty() {
            f.url(&[Key("evidence"), Index(i), Key("url")], &ev.url);
        }
        if ev.url.trim().is_empty() && ev.file.is_none() && ev.description.trim().is_empty() {
            f.push(
                f.diag(
                    &EVIDENCE_NEEDS_SOURCE,
                    &[Key("evidence"), Index(i)],
                    format!(
                        "evidence item {} has no url, file or description",
                        i + 1
                    ),
                )
                .hint("say what it is, e.g. `description: phone interview with the ministry spokesperson` and `kind: interview`"),
            );
        }
        let notes = ev
            .corrections
            .iter()
            .enumerate()
            .map(|(j, c)| (Key("corrections"), Some(j), c))
            .chain(ev.withdrawn.iter().map(|w| (Key("withdrawn"), None, w)));
        for (key, j, n) in notes {
            let mut path = vec![Key("evidence"), Index(i), key];
            path.extend(j.map(Index));
            if n.note.trim().is_empty() {
                let mut at = path.clone();
                at.push(Key("note"));
                f.push(
                    f.diag(
                        &EVIDENCE_NOTE_MISSING,
                        &at,
                        format!(
                            "evidence item {} is {} without a note saying why",
                            i + 1,
                            if j.is_some() {
                                "corrected"
                            } else {
                                "withdrawn"
                            }
                        ),
                    )
                    .hint("say why, so a reviewer can agree"),
                );
            }
            path.push(Key("at"));
            f.time(ctx, &path, &n.at);
        }
        if let Some(a) = &ev.archive_url {
            f.url(&[Key("evidence"), Index(i), Key("archive_url")], a);
        }
        f.time(
            ctx,
            &[Key("evidence"), Index(i), Key("accessed")],
            &ev.accessed,
        );
        if let Some(file) = &ev.file {
            stored_file(f, ctx, case, i, file);
        }
        if let Some(c) = &ev.capture {
            super::super::capture::check(
                f,
                ctx,
                &case.dir,
                case.dir_name,
                case.pending,
                &[Key("evidence"), Index(i), Key("capture")],
                c,
            );
        }
    }
}

/// A stored file stays inside the case folder, exists, and matches its hash.
fn stored_file(
    f: &mut Findings<'_>,
    ctx: &Context,
    case: &CaseInfo<'_>,
    i: usize,
    file: &EvidenceFile,
) {
    let pos = [Key("evidence"), Index(i), Key("file"), Key("path")];
    let safe = !file.path.is_empty()
        && !file.path.starts_with('/')
        && !file
            .path
            .split(['/', '\\'])
            .any(|c| c == ".." || c.is_empty());
    if !safe {
        f.push(
            f.diag(
                &EVIDENCE_FILE_MISSING,
                &pos,
                format!(
                    "evidence path `{}` must stay inside the case folder",
                    file.path
                ),
            )
            .hint("use a relative path such as evidence/screenshot.png"),
        );
        return;
    }
    let pending = case
        .pending
        .iter()
        .find(|(p, _)| p == &file.path)
        .map(|(_, b)| b.clone());
    let read = pending.map_or_else(
        || store::read_bytes_below(&case.dir, &file.path, ctx.config.evidence_max_bytes),
        Ok,
    );
    match read {
        // Not followed, not read, not hashed: nothing about its target shows.
        Err(store::StoreError::NotRegular { what, .. }) => f.push(
            f.diag(
                &NOT_A_REGULAR_FILE,
                &pos,
                format!(
                    "evidence file `{}` (or a folder on its way) is {what}, not a regular file; it was not read",
                    file.path
                ),
            )
            .hint("store the evidence itself in the case folder; links are never followed"),
        ),
        Err(store::StoreError::TooLarge { limit, .. }) => f.push(
            f.diag(
                &FILE_TOO_LARGE,
                &pos,
                format!(
                    "evidence file `{}` is larger than evidence_max_bytes ({limit} bytes)",
                    file.path
                ),
            )
            .hint("store a smaller copy, or raise `evidence_max_bytes` in factdesk.yaml"),
        ),
        Err(_) => f.push(
            f.diag(
                &EVIDENCE_FILE_MISSING,
                &pos,
                format!("evidence file `{}` is missing", file.path),
            )
            .hint(format!(
                "restore it into the case folder, or remove `file:` (it should be at {}/{})",
                case.dir_name, file.path
            )),
        ),
        Ok(bytes) => {
            let sha = store::sha256_hex(&bytes);
            if sha != file.sha256 {
                f.push(f.diag(&EVIDENCE_FILE_HASH, &[Key("evidence"), Index(i), Key("file"), Key("sha256")],
                    format!("evidence file `{}` does not match its recorded sha256", file.path))
                    .hint(format!("if the new file is right, record `sha256: {sha}`; evidence should not change silently")));
            }
        }
    }
}
