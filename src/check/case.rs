//! The rules for one case folder: its name, `case.yaml` against the folder
//! and the article, and every claim file in it.

use super::claim::check_claim;
use super::diag::Diagnostic;
use super::findings::Findings;
use super::parse::{doc, load, read};
use super::rules::*;
use super::{review, CaseInfo, Context, Report};
use crate::model::{Case, CaseId, Claim, ClaimId};
use crate::store::{self, Doc, PathSeg::Key, Workspace};
use std::collections::HashMap;

/// Semantic checks of `case.yaml` against its folder and article.
pub fn check_case(
    ctx: &Context,
    dir_name: &str,
    rel: &str,
    raw: &str,
    case: &Case,
    article: Option<&str>,
) -> Vec<Diagnostic> {
    check_case_doc(ctx, dir_name, &doc(rel, raw, case.clone()), article, None)
}

/// [`check_case`] on a document.
fn check_case_doc(
    ctx: &Context,
    dir_name: &str,
    doc: &Doc<Case>,
    article: Option<&str>,
    dir: Option<&std::path::Path>,
) -> Vec<Diagnostic> {
    let case = &doc.value;
    let mut f = Findings::of(doc);
    f.time_format();
    if case.id.as_str() != dir_name {
        f.push(
            f.diag(
                &ID_MISMATCH,
                &[Key("id")],
                format!("id `{}` differs from the folder name `{dir_name}`", case.id),
            )
            .hint(format!("set `id: {dir_name}`, or rename the folder")),
        );
    }
    if let Some(a) = article {
        let sha = store::sha256_hex(a.as_bytes());
        if sha != case.article_sha256 {
            f.push(f.diag(&ARTICLE_HASH, &[Key("article_sha256")], "article.txt does not match `article_sha256`: the article was changed after intake")
                .hint("article.txt is the article exactly as received and is never rewritten; restore it from git (`git checkout -- article.txt`), or start a new case for a new version"));
        }
    }
    if let Some(p) = &case.published {
        f.time(ctx, &[Key("published")], p);
    }
    f.time(ctx, &[Key("intake")], &case.intake);
    if let Some(u) = &case.url {
        f.url(&[Key("url")], u);
    }
    // The stored page is read only when checking the folder on disk; `new`
    // writes it in the same commit as case.yaml.
    if let (Some(c), Some(dir)) = (&case.source, dir) {
        super::capture::check(&mut f, ctx, dir, dir_name, &[], &[Key("source")], c);
    }
    f.finish()
}

/// `article.txt` of a case folder, counted when it exists.
fn read_article(ws: &Workspace, dir_name: &str, report: &mut Report) -> Option<String> {
    let rel = format!("{}/{dir_name}/{}", store::CASES_DIR, store::ARTICLE_FILE);
    let path = ws.abs(&rel);
    // No-follow: a dangling link is reported as a link, not as missing.
    if std::fs::symlink_metadata(&path).is_err() {
        report.diagnostics.push(
            Diagnostic::new(
                &ARTICLE_MISSING,
                &rel,
                (1, 1),
                "the case has no article.txt",
            )
            .hint("restore it from git; a case is always checked against the article as received"),
        );
        return None;
    }
    report.files += 1;
    read(&path, &rel, store::MAX_ARTICLE_BYTES)
        .map_err(|d| report.diagnostics.push(d))
        .ok()
}

/// Checks one case folder: `case.yaml`, `article.txt` and every claim
/// (only the files in `only`, when given).
pub fn check_case_dir(
    ws: &Workspace,
    ctx: &Context,
    dir_name: &str,
    only: Option<&[String]>,
    report: &mut Report,
) {
    let dir_rel = format!("{}/{dir_name}", store::CASES_DIR);
    let case_rel = format!("{dir_rel}/{}", store::CASE_FILE);
    if let Err(e) = CaseId::new(dir_name) {
        report.diagnostics.push(
            Diagnostic::new(&BAD_ID, &dir_rel, (1, 1), e.to_string())
                .hint("rename the folder to a lower-case kebab-case id"),
        );
    }
    let article = read_article(ws, dir_name, report);
    // Whether case.yaml marks the case for publication, once it was read
    // here (so the claims' gate does not read and parse it again).
    let mut marked = None;
    if only.is_none_or(|o| o.iter().any(|f| f == &case_rel)) {
        report.files += 1;
        match load::<Case>(ws.abs(&case_rel), &case_rel) {
            Ok(doc) => {
                marked = Some(doc.value.publish);
                report.diagnostics.extend(check_case_doc(
                    ctx,
                    dir_name,
                    &doc,
                    article.as_deref(),
                    Some(&ws.abs(&format!("{}/{dir_name}", store::CASES_DIR))),
                ))
            }
            // An unreadable case.yaml marks nothing, as `marked_for_publication` finds.
            Err(d) => {
                marked = Some(false);
                report.diagnostics.push(d)
            }
        }
    }
    let info = CaseInfo {
        dir_name,
        dir: ws.abs(&dir_rel),
        article: article.as_deref(),
        pending: &[],
        lookup: Default::default(),
    };
    match ws.claim_files(dir_name) {
        Ok(stems) => check_claims(ctx, &info, marked, &stems, only, report),
        Err(store::StoreError::NotRegular { what, .. }) => report.diagnostics.push(
            super::parse::not_regular(&format!("{dir_rel}/{}", store::CLAIMS_DIR), what),
        ),
        Err(e) => {
            report
                .diagnostics
                .push(Diagnostic::new(&IO_ERROR, &case_rel, (1, 1), e.to_string()))
        }
    }
}

/// Checks the claim files `stems` of a case (only those in `only`, when
/// given), and that no two declare the same id. `marked`: whether case.yaml
/// marks the case for publication, when the caller has read it.
fn check_claims(
    ctx: &Context,
    info: &CaseInfo<'_>,
    marked: Option<bool>,
    stems: &[String],
    only: Option<&[String]>,
    report: &mut Report,
) {
    let publish = review::PublishGate::of(ctx, &info.dir, marked);
    let out = &mut report.diagnostics;
    let mut ids: HashMap<String, String> = HashMap::new();
    for stem in stems {
        let rel = Workspace::claim_file_rel(info.dir_name, stem);
        if only.is_some_and(|o| !o.iter().any(|f| f == &rel)) {
            continue;
        }
        report.files += 1;
        report.claims += 1;
        if ClaimId::new(stem.as_str()).is_err() {
            out.push(
                Diagnostic::new(
                    &BAD_ID,
                    &rel,
                    (1, 1),
                    format!("claim file name `{stem}.yaml` is not a claim id"),
                )
                .hint("claim files are named c01.yaml, c02.yaml, … after their id"),
            );
        }
        let path = info
            .dir
            .join(store::CLAIMS_DIR)
            .join(format!("{stem}.yaml"));
        let doc = match load::<Claim>(path, &rel) {
            Ok(doc) => doc,
            Err(d) => {
                out.push(d);
                continue;
            }
        };
        if let Some(other) = ids.insert(doc.value.id.to_string(), rel.clone()) {
            out.push(Diagnostic::new(
                &DUPLICATE_ID,
                &rel,
                store::yaml::locate(&doc.raw, &[Key("id")]),
                format!("id `{}` is also used by {other}", doc.value.id),
            ));
        }
        out.extend(check_claim(ctx, info, &doc));
        out.extend(review::check_review(ctx, &doc, publish));
    }
}
