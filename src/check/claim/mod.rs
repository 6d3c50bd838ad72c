//! The rules for one claim file, one family per file (like cargo's lints):
//! `location`, `status`, `checklist` and `evidence`, each a function of the
//! typed document that reports into the file's [`Findings`].

mod checklist;
mod evidence;
mod location;
mod status;

use super::diag::Diagnostic;
use super::findings::Findings;
use super::parse::{doc, parse_as};
use super::rules::ID_MISMATCH;
use super::{CaseInfo, Context};
use crate::model::Claim;
use crate::store::{Doc, PathSeg::Key};

/// Semantic checks of one parsed claim file, in a fixed order.
pub fn check_claim(ctx: &Context, case: &CaseInfo<'_>, doc: &Doc<Claim>) -> Vec<Diagnostic> {
    let mut f = Findings::of(doc);
    f.time_format();
    id_matches_file(&mut f, doc);
    if let Some(article) = case.article {
        location::check(&mut f, doc, article, &case.lookup);
    }
    let class = status::on_scale(&mut f, ctx, doc);
    checklist::check(&mut f, ctx, doc, class);
    status::decision(&mut f, ctx, case, doc, class);
    evidence::check(&mut f, ctx, case, doc);
    f.finish()
}

/// `id-mismatch`: claim ids are never renumbered, so the id is the file name.
fn id_matches_file(f: &mut Findings<'_>, doc: &Doc<Claim>) {
    let id = &doc.value.id;
    let stem = doc
        .rel
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".yaml");
    if id.as_str() != stem {
        f.push(
            f.diag(
                &ID_MISMATCH,
                &[Key("id")],
                format!("id `{id}` differs from the file name `{stem}.yaml`"),
            )
            .hint(format!(
                "claim ids are never renumbered: set `id: {stem}` or rename the file back"
            )),
        );
    }
}

/// Parses and checks the text of one claim file, exactly as `check` would.
pub fn check_claim_text(
    ctx: &Context,
    case: &CaseInfo<'_>,
    rel: &str,
    raw: &str,
) -> Vec<Diagnostic> {
    match parse_as::<Claim>(rel, raw) {
        Ok(claim) => check_claim(ctx, case, &doc(rel, raw, claim)),
        Err(d) => vec![d],
    }
}
