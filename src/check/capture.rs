//! `capture-missing` and `capture-hash`: a page factdesk fetched (a case's
//! `source:`, an evidence item's `capture:`) is a WARC file in the case
//! folder whose response payload still has the recorded sha256, so what a
//! reviewer reads is what was fetched.

use super::findings::Findings;
use super::rules::*;
use super::Context;
use crate::model::Capture;
use crate::store::{self, PathSeg, PathSeg::Key};
use std::path::Path;

/// The largest WARC file read: a page within the web limit (or an evidence
/// capture within the evidence limit) plus room for the record heads.
pub(crate) fn capture_read_limit(ctx: &Context) -> u64 {
    ctx.config
        .web
        .max_bytes
        .max(ctx.config.evidence_max_bytes)
        .saturating_add(1 << 20)
}

/// Checks one capture; `at` is the path of its block (`[source]`,
/// `[evidence, 2, capture]`), `pending` the files about to be written.
pub(super) fn check(
    f: &mut Findings<'_>,
    ctx: &Context,
    dir: &Path,
    dir_name: &str,
    pending: &[(String, Vec<u8>)],
    at: &[PathSeg<'_>],
    c: &Capture,
) {
    let with = |k| {
        let mut p = at.to_vec();
        p.push(Key(k));
        p
    };
    f.url(&with("final_url"), &c.final_url);
    f.time(ctx, &with("captured_at"), &c.captured_at);
    let safe = !c.file.is_empty()
        && !c.file.starts_with('/')
        && !c.file.split(['/', '\\']).any(|p| p == ".." || p.is_empty());
    if !safe {
        f.push(
            f.diag(
                &CAPTURE_MISSING,
                &with("file"),
                format!("capture path `{}` must stay inside the case folder", c.file),
            )
            .hint("use a relative path such as captures/3f2a9c1d0b7e.warc"),
        );
        return;
    }
    let bytes = match pending.iter().find(|(p, _)| p == &c.file) {
        Some((_, b)) => Ok(b.clone()),
        None => store::read_bytes_below(dir, &c.file, capture_read_limit(ctx)),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(store::StoreError::NotRegular { what, .. }) => {
            f.push(
                f.diag(
                    &NOT_A_REGULAR_FILE,
                    &with("file"),
                    format!(
                        "capture `{}` is {what}, not a regular file; it was not read",
                        c.file
                    ),
                )
                .hint("keep the WARC file itself in the case folder; links are never followed"),
            );
            return;
        }
        Err(store::StoreError::TooLarge { limit, .. }) => {
            f.push(
                f.diag(
                    &FILE_TOO_LARGE,
                    &with("file"),
                    format!("capture `{}` is larger than {limit} bytes", c.file),
                )
                .hint("raise `web: max_bytes` in factdesk.yaml if the page really is that large"),
            );
            return;
        }
        Err(_) => {
            f.push(
                f.diag(
                    &CAPTURE_MISSING,
                    &with("file"),
                    format!("capture `{}` is missing", c.file),
                )
                .hint(format!(
                    "restore it from git (it should be at {dir_name}/{}), or remove the capture record",
                    c.file
                )),
            );
            return;
        }
    };
    let payload = crate::web::warc::read_records(&bytes)
        .ok()
        .and_then(|r| crate::web::warc::response_payload(&r).map(store::sha256_hex));
    match payload {
        Some(sha) if sha == c.sha256 => {}
        Some(sha) => f.push(
            f.diag(
                &CAPTURE_HASH,
                &with("sha256"),
                format!("capture `{}` does not match its recorded sha256", c.file),
            )
            .hint(format!(
                "a capture is what was fetched and should never change; restore it from git, or record `sha256: {sha}` if this copy is right"
            )),
        ),
        None => f.push(
            f.diag(
                &CAPTURE_HASH,
                &with("file"),
                format!("capture `{}` is not a WARC file with a response record", c.file),
            )
            .hint("restore it from git; captures are written by `factdesk new URL` and `evidence add --capture`"),
        ),
    }
}
