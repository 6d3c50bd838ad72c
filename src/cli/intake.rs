//! Taking articles in: `init`, `new` and `propose`.

use super::claims::{claim_json, print_table, TableRow};
use super::seen::Seen;
use super::{
    print_notices, session, short, strings, CliError, CliResult, InitArgs, NewArgs, Out, OutFormat,
    Outcome, ProposeArgs,
};
use crate::model::ClaimKind;
use crate::ops::{self, NewCase, PreparedCase};
use crate::store;
use crate::text::one_line;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `factdesk init [DIR]`.
pub fn cmd_init(a: InitArgs, no_verify: bool, out: &mut Out<'_>) -> CliResult {
    let target = a.path.unwrap_or_else(|| PathBuf::from("."));
    let c = ops::init(&target, no_verify)?;
    print_notices(&c);
    out.line(&format!(
        "initialised factdesk workspace in {} ({} files, commit {})",
        target.display(),
        c.files.len(),
        short(&c.commit)
    ))?;
    out.line(strings::NEXT_NEW)?;
    Ok(Outcome::Clean)
}

/// `factdesk new ARTICLE`.
pub fn cmd_new(a: NewArgs, out: &mut Out<'_>) -> CliResult {
    let s = session()?;
    // An address is fetched (before any lock or write); a file or stdin
    // is read as before.
    let page = if is_web_address(&a.article) {
        fetching(&a.article);
        Some(ops::web::fetch_article(&a.article, &s.ctx.config.web)?)
    } else {
        None
    };
    let article = match &page {
        Some(p) => p.text.clone(),
        None => read_article(&a.article)?,
    };
    let opts = NewCase {
        id: a.id,
        title: a.title,
        outlet: a.outlet,
        url: a.url,
        published: a.published,
        lang: a.lang,
        page,
        max_claims: a.max_claims,
    };
    let opts_source = opts
        .page
        .as_ref()
        .map(|p| p.page.record(ops::web::SOURCE_WARC));
    let scale = &s.ctx.config.verdict_scale;
    let json = a.format == OutFormat::Json;
    // What is listed after the commit, gathered as the claims go by.
    let (mut listed, mut rows, mut texts) = (Vec::new(), Vec::new(), Vec::new());
    // The claim index loads while the case is made: earlier claims like
    // the proposals are listed after them.
    let (made, seen) = std::thread::scope(|sc| {
        let seen = sc.spawn(Seen::open);
        let made = s.new_case(&article, &opts, |claim| {
            if json {
                listed.push(claim_json(claim, scale));
            } else {
                rows.push(TableRow::of(claim, scale));
            }
            if texts.len() < ops::claim_index::MAX_MATCHED {
                let t = (
                    claim.text.clone(),
                    claim.translation.clone(),
                    claim.figures.clone(),
                );
                texts.push(t);
            }
        });
        (made, seen.join().ok().flatten())
    });
    let made = made?;
    let (id, c, count) = (&made.id, &made.committed, made.claims);
    let lang = opts.lang.clone();
    let seen = seen.map(|s| s.with(texts, count, lang, Some(id.to_string())));
    print_notices(c);
    if json {
        let v = serde_json::json!({"case": id.as_str(), "commit": c.commit, "source": opts_source, "proposed": made.proposed, "claims": listed, "seen_before": seen.as_ref().map(Seen::json)});
        out.json(&v)?;
    } else {
        out.line(&format!(
            "{id}: new case, {count} claims proposed (commit {})",
            short(&c.commit)
        ))?;
        if made.proposed > count {
            out.line(&strings::claims_capped(made.proposed, count))?;
        }
        if let Some(p) = &opts_source {
            out.line(&format!(
                "page kept in cases/{id}/{} ({}, HTTP {}, sha256 {})",
                p.file,
                one_line(&p.final_url),
                p.status,
                &p.sha256[..12]
            ))?;
        }
        print_table(out, &rows)?;
        if let Some(seen) = &seen {
            seen.print(out)?;
        }
        if count > 0 {
            out.line(&format!("next: factdesk show {id}/c01"))?;
        }
    }
    Ok(Outcome::Clean)
}

/// `factdesk propose ARTICLE`: the analysis of `new`, written nowhere.
pub fn cmd_propose(a: ProposeArgs, out: &mut Out<'_>) -> CliResult {
    let text = read_article(&a.article)?;
    // Inside a workspace, the claim index loads while the article is read.
    let (p, seen) = std::thread::scope(|sc| {
        let seen = sc.spawn(Seen::open);
        let p = ops::prepare_case(&text, &NewCase::default(), ops::now());
        (p, seen.join().ok().flatten())
    });
    let mut p = p?;
    if let Some(min) = a.min_score {
        p.proposals.retain(|q| q.score.get() >= min);
    }
    let seen = seen.map(|s| {
        let texts = p
            .proposals
            .iter()
            .take(ops::claim_index::MAX_MATCHED)
            .map(|q| (q.text.clone(), None, q.figures.clone()))
            .collect();
        s.with(
            texts,
            p.proposals.len(),
            Some(p.case.language.clone()),
            None,
        )
    });
    if a.format == OutFormat::Json {
        let mut v = proposal_json(&p);
        v["seen_before"] = seen.as_ref().map_or(serde_json::Value::Null, Seen::json);
        out.json(&v)?;
    } else {
        print_proposal(out, &p)?;
        if let Some(seen) = &seen {
            seen.print(out)?;
        }
    }
    Ok(Outcome::Clean)
}

/// The JSON shape of `propose --format json` (stable keys for scripts).
fn proposal_json(p: &PreparedCase) -> serde_json::Value {
    serde_json::json!({
        "title": p.case.title, "author": p.case.author, "language": p.case.language,
        "published": p.case.published.map(|t| t.to_rfc3339()), "dateline": p.case.dateline,
        "source_chain": p.case.source_chain.iter().map(|s| serde_json::json!({"name": s.name, "role": s.role, "anonymous": s.anonymous})).collect::<Vec<_>>(),
        "proposals": p.proposals.iter().map(|p| serde_json::json!({
            "kind": p.kind.as_str(), "score": p.score,
            "guidance": matches!(p.kind, ClaimKind::Prediction | ClaimKind::Opinion).then_some("not-checkable"),
            "text": p.text, "start": p.start, "end": p.end, "speaker": p.speaker,
            "chain": p.chain, "anonymous": p.anonymous, "figures": p.figures, "caveats": p.caveats, "reason": p.reason,
        })).collect::<Vec<_>>(),
    })
}

/// The text form of `propose`: metadata, then each proposal with why.
fn print_proposal(out: &mut Out<'_>, p: &PreparedCase) -> Result<(), CliError> {
    let c = &p.case;
    let or_dash = |s: Option<&str>| one_line(s.unwrap_or("-"));
    out.line(&format!("title:     {}", one_line(&c.title)))?;
    out.line(&format!("author:    {}", or_dash(c.author.as_deref())))?;
    out.line(&format!(
        "published: {}",
        c.published.map_or("-".into(), |t| t.to_rfc3339())
    ))?;
    out.line(&format!("dateline:  {}", or_dash(c.dateline.as_deref())))?;
    out.line(&format!("language:  {}", one_line(&c.language)))?;
    let chain: Vec<String> = c.source_chain.iter().map(|s| one_line(&s.name)).collect();
    out.line(&format!(
        "via:       {}",
        if chain.is_empty() {
            "-".into()
        } else {
            chain.join(" ← ")
        }
    ))?;
    out.line(&format!(
        "{} proposals (dry run, nothing written):",
        p.proposals.len()
    ))?;
    for (i, p) in p.proposals.iter().enumerate() {
        out.line("")?;
        let anonymous = if p.anonymous {
            "[anonymous source]"
        } else {
            ""
        };
        out.line(&format!("c{:02} {} {} {anonymous}", i + 1, p.kind, p.score))?;
        out.line(&format!("    {}", one_line(&p.text)))?;
        if !p.chain.is_empty() {
            out.line(&format!("    via: {}", one_line(&p.chain.join(" ← "))))?;
        }
        for cv in &p.caveats {
            out.line(&format!("    caveat: {}", one_line(cv)))?;
        }
        out.line(&format!("    why: {}", one_line(&p.reason)))?;
    }
    Ok(())
}

/// True for an argument that is a web address to fetch rather than a file.
pub(crate) fn is_web_address(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// "fetching URL" on stderr, on a terminal only (pipes and tests stay quiet).
pub(crate) fn fetching(url: &str) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        super::note(&format!("{} {}", strings::FETCHING, one_line(url)));
    }
}

/// The article named on the command line (`-` for standard input), as
/// UTF-8 text of at most [`store::MAX_ARTICLE_BYTES`].
fn read_article(arg: &str) -> Result<String, CliError> {
    if arg != "-" {
        return Ok(store::read_text(Path::new(arg), store::MAX_ARTICLE_BYTES)?);
    }
    let mut b = Vec::new();
    std::io::stdin()
        .take(store::MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut b)
        .map_err(|e| CliError::io("reading standard input", e))?;
    if b.len() as u64 > store::MAX_ARTICLE_BYTES {
        return Err(CliError::usage("the article is larger than 10 MiB"));
    }
    String::from_utf8(b).map_err(|e| {
        CliError::usage(format!(
            "the article is not UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .hinted(strings::HINT_ICONV)
    })
}
