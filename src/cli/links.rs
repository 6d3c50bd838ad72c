//! `factdesk links [CASE]`: re-check every case and evidence URL, in
//! parallel with a bound, and say which are dead, moved, changed or fine.

use super::{parse_case, progress::Progress, session, strings, workspace, CliResult, LinksFormat};
use super::{LinksArgs, Out, Outcome};
use crate::check::print::gh_escape;
use crate::model::{LinkResult, LinkState, LinksRecord};
use crate::ops::{self, links};
use crate::text::one_line;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `factdesk links [CASE] [--format text|json|github] [--record]`.
pub fn cmd_links(a: LinksArgs, out: &mut Out<'_>) -> CliResult {
    let ws = workspace()?;
    let case = a.case.as_deref().map(parse_case).transpose()?;
    let targets = links::targets(&ws, case.as_ref())?;
    let ctx = ops::read::context(&ws, &mut ops::warn_stderr);
    let web = &ctx.config.web;
    let o = ops::web::options(web);
    let results = check_all(&targets, &o, web.parallel.max(1) as usize);
    let rec = LinksRecord {
        checked_at: ops::now(),
        case: case.as_ref().map(|c| c.to_string()),
        links: results,
    };
    match a.format {
        LinksFormat::Json => out.json(&rec.links)?,
        LinksFormat::Github => github(out, &rec.links)?,
        LinksFormat::Text => text(out, &rec)?,
    }
    if a.record {
        let s = session()?;
        let c = s.record_links(&rec)?;
        super::print_notices(&c);
        if a.format == LinksFormat::Text {
            out.line(&format!(
                "recorded in {} (commit {})",
                links::LINKS_FILE,
                super::short(&c.commit)
            ))?;
        }
    }
    Ok(if rec.count(LinkState::Dead) > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Checks every target with at most `bound` requests at once (std threads
/// taking the next index), results in the targets' order.
fn check_all(
    targets: &[links::LinkTarget],
    o: &crate::web::fetch::FetchOptions,
    bound: usize,
) -> Vec<LinkResult> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<LinkResult>>> = Mutex::new(vec![None; targets.len()]);
    let progress = Progress::labelled(strings::CHECKING_LINKS);
    std::thread::scope(|s| {
        for _ in 0..bound.min(targets.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(t) = targets.get(i) else { break };
                let r = links::check(t, o);
                if let Ok(mut v) = slots.lock() {
                    v[i] = Some(r);
                }
                progress.show(done.fetch_add(1, Ordering::SeqCst) + 1, targets.len());
            });
        }
    });
    progress.finish();
    // A poisoned lock means a checking thread panicked: a bug, shown as
    // links that could not be judged rather than a crash.
    let slots = slots.into_inner().unwrap_or_else(|p| p.into_inner());
    slots
        .into_iter()
        .zip(targets)
        .map(|(r, t)| {
            r.unwrap_or_else(|| LinkResult {
                source: t.source.clone(),
                url: t.url.clone(),
                state: LinkState::Unknown,
                status: None,
                final_url: None,
                reason: "not checked".into(),
            })
        })
        .collect()
}

fn text(out: &mut Out<'_>, rec: &LinksRecord) -> Result<(), super::CliError> {
    if rec.links.is_empty() {
        out.line("no links to check")?;
        return Ok(());
    }
    for l in &rec.links {
        let mut line = format!("{:<8}{}  {}", l.state.as_str(), l.source, l.url);
        if !l.reason.is_empty() {
            line.push_str(&format!("  ({})", l.reason));
        }
        out.line(&one_line(&line))?;
    }
    out.line(&format!(
        "{} links: {} dead, {} moved, {} changed, {} fine{}",
        rec.links.len(),
        rec.count(LinkState::Dead),
        rec.count(LinkState::Moved),
        rec.count(LinkState::Changed),
        rec.count(LinkState::Fine),
        match rec.count(LinkState::Unknown) {
            0 => String::new(),
            n => format!(", {n} not judged"),
        }
    ))
}

/// Workflow annotations on the file that records each link: errors for
/// dead links, warnings for moved and changed ones.
fn github(out: &mut Out<'_>, ls: &[LinkResult]) -> Result<(), super::CliError> {
    for l in ls {
        let kind = match l.state {
            LinkState::Dead => "error",
            LinkState::Moved | LinkState::Changed => "warning",
            LinkState::Fine | LinkState::Unknown => continue,
        };
        let file = file_of(&l.source);
        let msg = format!("{} link {}: {}", l.state.as_str(), l.url, l.reason);
        out.line(&format!(
            "::{kind} file={},line=1,col=1,title=factdesk links::{}",
            gh_escape(&file, true),
            gh_escape(&msg, false)
        ))?;
    }
    Ok(())
}

/// The file a link is recorded in: `CASE` → case.yaml, `CASE/cNN#N` → the claim.
fn file_of(source: &str) -> String {
    match source.split_once('/') {
        Some((case, rest)) => {
            let claim = rest.split('#').next().unwrap_or(rest);
            format!("cases/{case}/claims/{claim}.yaml")
        }
        None => format!("cases/{source}/case.yaml"),
    }
}
