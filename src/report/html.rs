//! The HTML report: the [`Outline`] as one self-contained file (inline
//! CSS, no scripts, no external resources), every untrusted string
//! HTML-escaped.

use super::{attribution_parts, linkable, outline, ArticleField, ClaimSection, Input, Outline};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::text::is_unsafe(c) && c != '\n' && c != '\t' => {
                out.push_str(&format!("[U+{:04X}]", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn link(url: &str) -> String {
    if linkable(url) {
        format!(
            "<a href=\"{0}\" rel=\"nofollow noopener\">{0}</a>",
            esc(url)
        )
    } else {
        esc(url)
    }
}

fn paragraphs(s: &str) -> String {
    s.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

const CSS: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1a1a1a;background:#fff}h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}blockquote{margin:1em 0;padding:.5em 1em;border-left:4px solid #888;background:#f5f5f5}.verdict{display:inline-block;padding:.1em .5em;border-radius:.3em;background:#333;color:#fff;font-family:Helvetica,Arial,sans-serif;font-size:.9em}.pending{background:#b36b00}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}code{font-size:.85em;word-break:break-all}footer{margin-top:3em;font-size:.9em;color:#555}@media print{a{color:inherit}}";

/// The publishable fact-check as one self-contained HTML document.
pub fn html(input: &Input<'_>) -> String {
    render(&outline(input))
}

fn render(o: &Outline<'_>) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>Fact-check: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(o.report_language),
        esc(o.title)
    ));
    // The article's own words (headline, claims) carry its language.
    let lang = format!(" lang=\"{}\"", esc(o.language));
    s.push_str(&format!(
        "<h1>Fact-check: <span{lang}>{}</span></h1>\n",
        esc(o.title)
    ));
    if let Some(org) = o.organisation {
        s.push_str(&format!("<p><em>A fact-check by {}.</em></p>\n", esc(org)));
    }
    s.push_str("<h2>The article</h2>\n<dl>\n");
    for (k, v) in &o.article {
        s.push_str(&format!("<dt>{k}</dt><dd>{}</dd>\n", field(v)));
    }
    s.push_str("</dl>\n");
    if !o.sources.is_empty() {
        s.push_str("<h3>How the article reached readers</h3>\n<ol>\n");
        for (name, role, anonymous) in &o.sources {
            let role = role.map_or(String::new(), |r| format!(" ({})", esc(r)));
            let anon = if *anonymous { ", not named" } else { "" };
            s.push_str(&format!("<li>{}{role}{anon}</li>\n", esc(name)));
        }
        s.push_str("</ol>\n");
    }
    s.push_str("<h2>Summary</h2>\n<table>\n<thead><tr><th>Claim</th><th>Verdict</th><th>Attribution</th></tr></thead>\n<tbody>\n");
    for c in &o.claims {
        s.push_str(&format!(
            "<tr><td><a href=\"#{0}\">{0}</a> <span{lang}>{1}</span></td><td>{2}</td><td>{3}</td></tr>\n",
            c.id,
            esc(c.text),
            esc(&c.verdict),
            c.attribution.status.as_str()
        ));
    }
    s.push_str("</tbody>\n</table>\n<h2>Claims</h2>\n");
    for c in &o.claims {
        claim(&mut s, c, &lang);
    }
    s.push_str(&format!(
        "<h2>Methodology</h2>\n<p>{}</p>\n<h2>Corrections</h2>\n<p>{}</p>\n",
        o.methodology, o.corrections
    ));
    s.push_str("<footer>Prepared with factdesk.</footer>\n</body>\n</html>\n");
    s
}

fn field(v: &ArticleField<'_>) -> String {
    match v {
        ArticleField::Text(t) => esc(t),
        ArticleField::Time(p) => format!(
            "<time datetime=\"{}\">{}</time>",
            esc(&p.to_rfc3339()),
            p.format("%Y-%m-%d %H:%M %:z")
        ),
        ArticleField::Link(u) => link(u),
        ArticleField::Code(c) => format!("<code>{}</code>", esc(c)),
    }
}

fn claim(s: &mut String, c: &ClaimSection<'_>, lang: &str) {
    let pending = if c.pending { " pending" } else { "" };
    s.push_str(&format!(
        "<section id=\"{0}\">\n<h3>{0} <span class=\"verdict{pending}\">{1}</span></h3>\n<blockquote{lang}>{2}</blockquote>\n",
        c.id,
        esc(&c.verdict),
        esc(c.text)
    ));
    if let Some(t) = c.translation {
        s.push_str(&format!(
            "<p class=\"translation\"><em>In English:</em> <span lang=\"en\">{}</span></p>\n",
            esc(t)
        ));
    }
    s.push_str("<dl>\n");
    let (who, anon, via) = attribution_parts(c.attribution, esc);
    s.push_str(&format!(
        "<dt>Who says so (attribution)</dt><dd>{who}{anon}{via}: {}</dd>\n",
        c.attribution.status.as_str()
    ));
    s.push_str(&format!(
        "<dt>Is it true (substance)</dt><dd>{}</dd>\n",
        esc(&c.substance)
    ));
    for cv in c.caveats {
        s.push_str(&format!("<dt>The article notes</dt><dd>{}</dd>\n", esc(cv)));
    }
    s.push_str(&format!("<dt>Review</dt><dd>{}</dd>\n", esc(&c.review)));
    s.push_str(&format!(
        "<dt>Checklist</dt><dd><code>{}</code>, {}",
        esc(c.checklist),
        c.steps.describe()
    ));
    if !c.waived.is_empty() {
        s.push_str("<ul>");
        for w in &c.waived {
            let why = if w.note.trim().is_empty() {
                "no reason given".to_string()
            } else {
                esc(w.note.trim())
            };
            s.push_str(&format!(
                "<li><code>{}</code> {}: {why}</li>",
                esc(w.step),
                w.how
            ));
        }
        s.push_str("</ul>");
    }
    s.push_str("</dd>\n</dl>\n");
    if !c.notes.trim().is_empty() {
        s.push_str(&format!("<h4>Reasoning</h4>\n{}\n", paragraphs(c.notes)));
    }
    s.push_str("<h4>Sources</h4>\n");
    if c.evidence.is_empty() {
        s.push_str("<p>No sources recorded.</p>\n");
    } else {
        s.push_str("<ol>\n");
        for e in &c.evidence {
            let item = super::source_item(e, &esc, &link);
            match &e.withdrawn {
                Some(w) => s.push_str(&format!(
                    "<li class=\"withdrawn\"><s>{item}</s> <strong>{}</strong>",
                    esc(w)
                )),
                None => s.push_str(&format!("<li>{item}")),
            }
            if !e.excerpt.is_empty() {
                s.push_str(&format!("<blockquote>{}</blockquote>", esc(e.excerpt)));
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ol>\n");
    }
    s.push_str("</section>\n");
}
