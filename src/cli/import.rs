//! `factdesk import claimreview`: published fact-checks into `factchecks/`.

use super::progress::Progress;
use super::{committed, session, strings, CliResult, ImportClaimreviewArgs, Out, OutFormat};
use crate::ops::import::{self, ImportStatus};
use crate::store;
use crate::text::one_line;

/// `factdesk import claimreview FILE|DIR [--dry-run] [--format json]`.
pub fn cmd_import_claimreview(a: ImportClaimreviewArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    let files = import::input_files(&s.ws, &a.path)?;
    let progress = Progress::labelled(strings::READING_CLAIMREVIEW);
    let found = import::read_inputs(&files, &|done, total| progress.show(done, total));
    progress.finish();
    let result = s.import_factchecks(found?, "claimreview", a.dry_run)?;
    let new = result.count(ImportStatus::New);
    let there = result.items.len() - new;
    if a.format == OutFormat::Json {
        let items: Vec<serde_json::Value> = result
            .items
            .iter()
            .map(|i| {
                let f = &i.fact_check;
                serde_json::json!({
                    "status": i.status.as_str(),
                    "file": i.file,
                    "url": f.url,
                    "claim_reviewed": f.claim_reviewed,
                    "claimant": f.claimant,
                    "publisher": f.publisher.name,
                    "rating": f.rating.label(),
                    "language": f.language,
                    "source": f.source,
                    "at": i.at,
                })
            })
            .collect();
        if let Some(c) = &result.committed {
            for n in &c.notices {
                super::note(&format!("factdesk: {n}"));
            }
        }
        out.json(&serde_json::json!({
            "imported": new,
            "already_there": there,
            "dry_run": a.dry_run,
            "commit": result.committed.as_ref().map(|c| c.commit.clone()),
            "fact_checks": items,
        }))?;
        return Ok(super::Outcome::Clean);
    }
    for i in &result.items {
        let mark = match i.status {
            ImportStatus::New => "+",
            ImportStatus::AlreadyThere => "=",
            ImportStatus::Repeated => "≡",
        };
        out.line(&format!(
            "{mark} {}  {}  {}",
            i.file,
            one_line(&i.fact_check.verdict_line()),
            one_line(&i.fact_check.url)
        ))?;
    }
    let verb = if a.dry_run {
        "would import"
    } else {
        "imported"
    };
    out.line(&format!(
        "{verb} {new} fact-check{} ({there} already there) into {}/{}",
        if new == 1 { "" } else { "s" },
        store::FACTCHECKS_DIR,
        if a.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    ))?;
    match result.committed {
        Some(c) => committed(out, c),
        None => Ok(super::Outcome::Clean),
    }
}
