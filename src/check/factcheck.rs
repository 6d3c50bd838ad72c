//! The rules for imported fact-checks (`factchecks/<id>.yaml`): the file
//! parses (within the same YAML limits as every file), its addresses are
//! web addresses, it says what claim it reviewed, its name is the one its
//! address gives, and no two files hold the same review.

use super::diag::Diagnostic;
use super::findings::Findings;
use super::parse::{doc, load};
use super::rules::*;
use super::{Context, Report};
use crate::model::FactCheck;
use crate::store::{self, Doc, PathSeg::Index, PathSeg::Key, Workspace};
use std::collections::HashMap;

/// Checks the fact-check in `raw` (to be written as `rel`): what `import`
/// runs on the bytes it is about to write.
pub fn check_factcheck_text(ctx: &Context, rel: &str, raw: &str) -> Vec<Diagnostic> {
    match super::parse::parse_as::<FactCheck>(rel, raw) {
        Ok(v) => check_factcheck_doc(ctx, &doc(rel, raw, v)),
        Err(d) => vec![d],
    }
}

/// The rules of one parsed fact-check file.
fn check_factcheck_doc(ctx: &Context, doc: &Doc<FactCheck>) -> Vec<Diagnostic> {
    let fc = &doc.value;
    let mut f = Findings::of(doc);
    f.time_format();
    f.url(&[Key("url")], &fc.url);
    if let Some(u) = &fc.publisher.url {
        f.url(&[Key("publisher"), Key("url")], u);
    }
    for (i, a) in fc.appearances.iter().enumerate() {
        f.url(&[Key("appearances"), Index(i)], a);
    }
    f.time(ctx, &[Key("imported_at")], &fc.imported_at);
    if fc.claim_reviewed.trim().is_empty() {
        f.push(
            f.diag(
                &BAD_VALUE,
                &[Key("claim_reviewed")],
                "`claim_reviewed` is empty: a fact-check must say which claim it reviewed",
            )
            .hint("copy the claim as the publisher worded it"),
        );
    }
    let stem = doc
        .rel
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".yaml"))
        .unwrap_or("");
    if let Some(id) = fc.id() {
        if id != stem {
            f.push(
                f.diag(
                    &FACTCHECK_NAME,
                    &[Key("url")],
                    format!("the file for this address is named `{id}.yaml`, not `{stem}.yaml`"),
                )
                .hint(format!(
                    "rename it: git mv {} {}",
                    doc.rel,
                    Workspace::factcheck_rel(&id)
                )),
            );
        }
    }
    f.finish()
}

/// Checks every `factchecks/*.yaml` (or those among `only`), and that no
/// two hold the same address.
pub(crate) fn check_factchecks(
    ws: &Workspace,
    ctx: &Context,
    only: Option<&[String]>,
    report: &mut Report,
) {
    let stems = match ws.factcheck_files() {
        Ok(s) => s,
        Err(e) => {
            report.files += 1;
            report
                .diagnostics
                .push(super::parse::read_failure(store::FACTCHECKS_DIR, e));
            return;
        }
    };
    let mut seen: HashMap<String, String> = HashMap::new();
    for stem in stems {
        let rel = Workspace::factcheck_rel(&stem);
        let wanted = only.is_none_or(|o| o.iter().any(|p| p == &rel));
        match load::<FactCheck>(ws.abs(&rel), &rel) {
            Ok(doc) => {
                if let Some(key) = doc.value.key() {
                    if let Some(first) = seen.get(&key).filter(|_| wanted) {
                        let f = Findings::of(&doc);
                        report.diagnostics.push(
                            f.diag(
                                &DUPLICATE_ID,
                                &[Key("url")],
                                format!("{first} holds the same fact-check (same address)"),
                            )
                            .hint("keep one of the two files: git rm the other"),
                        );
                    }
                    seen.entry(key).or_insert_with(|| rel.clone());
                }
                if wanted {
                    report.files += 1;
                    report.diagnostics.extend(check_factcheck_doc(ctx, &doc));
                }
            }
            Err(d) if wanted => {
                report.files += 1;
                report.diagnostics.push(d);
            }
            Err(_) => {}
        }
    }
}
