//! The Markdown report: the [`Outline`] with every untrusted string
//! Markdown-escaped.

use super::{attribution_parts, linkable, outline, ArticleField, ClaimSection, Input, Outline};
use crate::diff::{md_cell_code, md_code, md_escape as esc};

/// An autolink when the URL is an absolute http(s) URL, escaped text
/// otherwise. Inside the autolink every byte outside a small URL-safe ASCII
/// set is percent-encoded, so `|` cannot split a table cell, `>` cannot end
/// the autolink and `[x](javascript:…)` cannot become a link of its own.
fn link(url: &str) -> String {
    if !linkable(url) {
        return esc(url);
    }
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/?#@!$&'*+,;=%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('>');
    out
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
    render(&outline(input))
}

fn render(o: &Outline<'_>) -> String {
    let mut s = format!("# Fact-check: {}\n\n", esc(o.title));
    if let Some(org) = o.organisation {
        s.push_str(&format!("_A fact-check by {}._\n\n", esc(org)));
    }
    s.push_str("## The article\n\n| | |\n| --- | --- |\n");
    for (k, v) in &o.article {
        s.push_str(&format!("| {k} | {} |\n", field(v)));
    }
    if !o.sources.is_empty() {
        s.push_str("\n### How the article reached readers\n\n");
        for (i, (name, role, anonymous)) in o.sources.iter().enumerate() {
            let role = role.map_or(String::new(), |r| format!(" ({})", esc(r)));
            let anon = if *anonymous { ", not named" } else { "" };
            s.push_str(&format!("{}. {}{role}{anon}\n", i + 1, esc(name)));
        }
    }
    s.push_str("\n## Summary\n\n| Claim | Verdict | Attribution |\n| --- | --- | --- |\n");
    for c in &o.claims {
        s.push_str(&format!(
            "| [{}](#{}) {} | {} | {} |\n",
            c.id,
            c.id,
            esc(&crate::text::clip(c.text, 90)),
            esc(&c.verdict),
            c.attribution.status.as_str()
        ));
    }
    s.push_str("\n## Claims\n");
    for c in &o.claims {
        claim(&mut s, c);
    }
    s.push_str(&format!("\n## Methodology\n\n{}\n", o.methodology));
    s.push_str(&format!("\n## Corrections\n\n{}\n", o.corrections));
    s
}

fn field(v: &ArticleField<'_>) -> String {
    match v {
        ArticleField::Text(t) => esc(t),
        ArticleField::Time(t) => t.format("%Y-%m-%d %H:%M %:z").to_string(),
        ArticleField::Link(u) => link(u),
        ArticleField::Code(c) => md_cell_code(c),
    }
}

fn claim(s: &mut String, c: &ClaimSection<'_>) {
    s.push_str(&format!(
        "\n### <a id=\"{}\"></a>{}: {}\n\n",
        c.id,
        c.id,
        esc(&c.verdict)
    ));
    s.push_str(&format!("> {}\n\n", esc(c.text)));
    if let Some(t) = c.translation {
        s.push_str(&format!("_In English:_ {}\n\n", esc(t)));
    }
    let (who, anon, via) = attribution_parts(c.attribution, esc);
    s.push_str(&format!(
        "- **Who says so (attribution):** {who}{anon}{via}: {}\n",
        c.attribution.status.as_str()
    ));
    s.push_str(&format!(
        "- **Is it true (substance):** {}\n",
        esc(&c.substance)
    ));
    for cv in c.caveats {
        s.push_str(&format!("- **The article notes:** {}\n", esc(cv)));
    }
    s.push_str(&format!("- **Review:** {}\n", esc(&c.review)));
    s.push_str(&format!(
        "- **Checklist:** {}, {}\n",
        md_code(c.checklist),
        c.steps.describe()
    ));
    for w in &c.waived {
        let why = if w.note.trim().is_empty() {
            "no reason given".to_string()
        } else {
            esc(&crate::text::one_line(w.note.trim()))
        };
        s.push_str(&format!("  - {} {}: {why}\n", md_code(w.step), w.how));
    }
    if !c.notes.trim().is_empty() {
        s.push_str(&format!("\n**Reasoning**\n\n{}\n", paragraphs(c.notes)));
    }
    s.push_str("\n**Sources**\n\n");
    if c.evidence.is_empty() {
        s.push_str("No sources recorded.\n");
    }
    for (i, e) in c.evidence.iter().enumerate() {
        let item = super::source_item(e, &esc, &link);
        match &e.withdrawn {
            // Struck through, and said in words for readers without GFM.
            Some(w) => s.push_str(&format!("{}. ~~{item}~~ **{}**", i + 1, esc(w))),
            None => s.push_str(&format!("{}. {item}", i + 1)),
        }
        s.push('\n');
        if !e.excerpt.is_empty() {
            s.push_str(&format!("   > {}\n", esc(e.excerpt)));
        }
    }
}
