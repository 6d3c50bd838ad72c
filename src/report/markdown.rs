//! The Markdown report.

use super::{linkable, methodology, review_text, Input, CORRECTIONS};
use crate::diff::md_escape as esc;
use crate::model::Claim;

/// A link when the URL is safe to link, escaped text otherwise.
fn link(url: &str) -> String {
    if linkable(url) && !url.contains(['<', '>']) {
        format!("<{url}>")
    } else {
        esc(url)
    }
}

/// Escaped multi-paragraph text: paragraphs kept, lines joined.
fn paragraphs(s: &str) -> String {
    s.split("\n\n")
        .map(|p| esc(p.trim()))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The publishable fact-check as Markdown.
pub fn markdown(input: &Input<'_>) -> String {
    let case = input.case;
    let mut s = format!("# Fact-check: {}\n\n", esc(&case.title));
    if let Some(org) = &input.config.organisation {
        s.push_str(&format!("_A fact-check by {}._\n\n", esc(org)));
    }
    s.push_str("## The article\n\n| | |\n| --- | --- |\n");
    s.push_str(&format!("| Headline | {} |\n", esc(&case.title)));
    let row = |k: &str, v: Option<String>| v.map(|v| format!("| {k} | {v} |\n"));
    let rows = [
        row("Outlet", case.outlet.as_deref().map(esc)),
        row("Author", case.author.as_deref().map(esc)),
        row(
            "Published",
            case.published
                .map(|p| p.format("%Y-%m-%d %H:%M %:z").to_string()),
        ),
        row("Dateline", case.dateline.as_deref().map(esc)),
        row("Language", Some(esc(&case.language))),
        row("Address", case.url.as_deref().map(link)),
        row("Article sha256", Some(format!("`{}`", case.article_sha256))),
    ];
    for r in rows.into_iter().flatten() {
        s.push_str(&r);
    }
    if !case.source_chain.is_empty() {
        s.push_str("\n### How the article reached readers\n\n");
        for (i, src) in case.source_chain.iter().enumerate() {
            let role = src
                .role
                .as_deref()
                .map_or(String::new(), |r| format!(" ({})", esc(r)));
            let anon = if src.anonymous { ", not named" } else { "" };
            s.push_str(&format!("{}. {}{role}{anon}\n", i + 1, esc(&src.name)));
        }
    }
    s.push_str("\n## Summary\n\n| Claim | Verdict | Attribution |\n| --- | --- | --- |\n");
    for c in input.live() {
        s.push_str(&format!(
            "| [{}](#{}) {} | {} | {} |\n",
            c.id,
            c.id,
            esc(&clip(&c.text, 90)),
            esc(&verdict(input, c)),
            c.attribution.status.as_str()
        ));
    }
    s.push_str("\n## Claims\n");
    for c in input.live() {
        claim(&mut s, input, c);
    }
    s.push_str(&format!("\n## Methodology\n\n{}\n", methodology(input)));
    s.push_str(&format!("\n## Corrections\n\n{CORRECTIONS}\n"));
    s
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// The verdict label, marked when not yet publishable.
pub(super) fn verdict(input: &Input<'_>, c: &Claim) -> String {
    let label = input.label(c);
    let is_verdict = input
        .def(c)
        .is_some_and(|d| d.class == crate::model::StatusClass::Verdict);
    if is_verdict && !input.publishable(c) {
        format!("{label} (awaiting review)")
    } else {
        label
    }
}

fn claim(s: &mut String, input: &Input<'_>, c: &Claim) {
    s.push_str(&format!(
        "\n### <a id=\"{}\"></a>{}: {}\n\n",
        c.id,
        c.id,
        esc(&verdict(input, c))
    ));
    s.push_str(&format!("> {}\n\n", esc(&c.text)));
    let a = &c.attribution;
    let (who, anon, via) = super::attribution_parts(a, esc);
    s.push_str(&format!(
        "- **Who says so (attribution):** {who}{anon}{via}: {}\n",
        a.status.as_str()
    ));
    s.push_str(&format!(
        "- **Is it true (substance):** {}\n",
        esc(&input.label(c))
    ));
    for cv in &c.caveats {
        s.push_str(&format!("- **The article notes:** {}\n", esc(cv)));
    }
    s.push_str(&format!("- **Review:** {}\n", esc(&review_text(c, input))));
    let done = c
        .checklist
        .steps
        .iter()
        .filter(|st| st.state != crate::model::StepState::Pending)
        .count();
    s.push_str(&format!(
        "- **Checklist:** `{}`, {done} of {} steps completed\n",
        c.checklist.id,
        c.checklist.steps.len()
    ));
    if !c.notes.trim().is_empty() {
        s.push_str(&format!("\n**Reasoning**\n\n{}\n", paragraphs(&c.notes)));
    }
    s.push_str("\n**Sources**\n\n");
    if c.evidence.is_empty() {
        s.push_str("No sources recorded.\n");
    }
    for (i, e) in c.evidence.iter().enumerate() {
        s.push_str(&format!(
            "{}. {} ({}), accessed {}",
            i + 1,
            link(&e.url),
            e.stance.as_str(),
            e.accessed.format("%Y-%m-%d")
        ));
        if let Some(ar) = &e.archive_url {
            s.push_str(&format!("; archived copy: {}", link(ar)));
        }
        s.push('\n');
        if !e.excerpt.is_empty() {
            s.push_str(&format!("   > {}\n", esc(&e.excerpt)));
        }
    }
}
