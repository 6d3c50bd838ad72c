//! A web page to its article: the body text, one paragraph per entry, and
//! the page's metadata. The body comes from `dom_smoothie` (a port of
//! Mozilla's Readability, the extractor behind Firefox's reader view); the
//! metadata is read here from Open Graph, `<meta>`, JSON-LD and the
//! document itself, so each field has one documented order of sources.

use dom_query::{Document, NodeRef};
use url::Url;

/// What a page says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageMeta {
    /// `og:title`, else JSON-LD `headline`, else `<title>`.
    pub title: Option<String>,
    /// `og:site_name`, else JSON-LD `publisher.name`.
    pub outlet: Option<String>,
    /// RFC 3339 with its offset, from `article:published_time`, JSON-LD
    /// `datePublished`, or `<time datetime>`; values without an offset are
    /// left out (a time without its zone would be a guess).
    pub published: Option<String>,
    /// `<meta name=author>`, `article:author` (unless a URL), else JSON-LD
    /// `author.name` (several joined with ", ").
    pub author: Option<String>,
    /// `<html lang>`, else `og:locale`, else JSON-LD `inLanguage`, as a
    /// BCP 47 tag ("id", "en", "en-GB").
    pub language: Option<String>,
    /// `<link rel=canonical>`, else `og:url`: absolute, http(s) only.
    pub canonical_url: Option<String>,
}

/// A page's article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extracted {
    /// The page's metadata.
    pub meta: PageMeta,
    /// The byline as printed in the page ("Oleh Rina Wulandari"), when the
    /// extractor found one in the text: kept for the text-based inference
    /// of pages without metadata.
    pub byline: Option<String>,
    /// The article body, one paragraph per entry: whitespace collapsed,
    /// entities decoded, never empty.
    pub paragraphs: Vec<String>,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The extractor found no block of running text.
    #[error("no article text found in the page")]
    NoArticle,
    /// More elements than [`MAX_ELEMENTS`]: refused before scoring so a
    /// hostile page cannot make extraction slow.
    #[error("the page has too many elements to read ({found}, at most {max})")]
    TooLarge { found: usize, max: usize },
}

/// Most elements a page may have. News pages have a few thousand; a
/// million is far past any real one and still reads in about a second.
pub const MAX_ELEMENTS: usize = 1_000_000;

/// The article body, one paragraph per entry (no navigation, share bars,
/// related links, comments, cookie banners, footers), and the page's
/// metadata.
pub fn extract(html: &str, page_url: &Url) -> Result<Extracted, ExtractError> {
    let doc = Document::from(html);
    let meta = read_meta(&doc, page_url);
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let mut readability =
        dom_smoothie::Readability::with_document(doc, Some(page_url.as_str()), Some(cfg))
            .map_err(|_| ExtractError::NoArticle)?;
    let article = readability.parse().map_err(|e| match e {
        dom_smoothie::ReadabilityError::TooManyElements(found, max) => {
            ExtractError::TooLarge { found, max }
        }
        _ => ExtractError::NoArticle,
    })?;
    let paragraphs = paragraphs_of(&Document::fragment(article.content.to_string()).root());
    if paragraphs.is_empty() {
        return Err(ExtractError::NoArticle);
    }
    let byline = article
        .byline
        .as_deref()
        .map(collapse)
        .filter(|b| !b.is_empty());
    let mut meta = meta;
    if meta.title.is_none() {
        meta.title = Some(collapse(&article.title)).filter(|t| !t.is_empty());
    }
    Ok(Extracted {
        meta,
        byline,
        paragraphs,
    })
}

/// The text `factdesk new` reads: the title line, a blank line, the
/// byline when known, then each paragraph on its own line, paragraphs
/// separated by blank lines (so the segmenter never joins two of them).
pub fn article_text(ex: &Extracted) -> String {
    let mut out = String::new();
    let mut paragraphs = ex.paragraphs.iter().peekable();
    if let Some(title) = &ex.meta.title {
        out.push_str(title);
        out.push_str("\n\n");
        if paragraphs.peek().is_some_and(|p| p.as_str() == title) {
            paragraphs.next();
        }
    }
    if let Some(b) = &ex.byline {
        out.push_str(b);
        out.push_str("\n\n");
    }
    for p in paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    if out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Elements whose text is not part of any paragraph.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "button", "select", "textarea",
    "iframe", "object",
];

/// Elements that end the paragraph before them and start a new one.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The paragraphs under `root`: the text of each block, whitespace
/// collapsed, empty ones dropped. An explicit stack, not recursion: a
/// page nested a million deep must not overflow the stack.
fn paragraphs_of(root: &NodeRef) -> Vec<String> {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave,
    }
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let p = collapse(current);
        if !p.is_empty() {
            out.push(p);
        }
        current.clear();
    };
    let mut stack: Vec<Step> = root.children_it(true).map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave => flush(&mut current, &mut out),
            Step::Enter(node) => {
                if node.is_text() {
                    current.push_str(&node.text());
                    continue;
                }
                if !node.is_element() {
                    continue;
                }
                let name = node
                    .node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                if SKIPPED.contains(&name.as_str()) {
                    continue;
                }
                let block = BLOCKS.contains(&name.as_str());
                if block {
                    flush(&mut current, &mut out);
                    stack.push(Step::Leave);
                } else {
                    // Inline elements: their text runs on (with a space
                    // for images' alt-less gaps left to the page).
                }
                stack.extend(node.children_it(true).map(Step::Enter));
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Whitespace runs (any Unicode white space, NBSP included) to one space,
/// trimmed.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The page's metadata, read before the extractor changes the document.
fn read_meta(doc: &Document, page_url: &Url) -> PageMeta {
    let metas = meta_tags(doc);
    let get = |key: &str| -> Option<String> {
        metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let title_tag = doc
        .select("title")
        .iter()
        .next()
        .map(|t| collapse(&t.text()));
    let title = get("og:title").or(title_tag).filter(|t| !t.is_empty());
    let outlet = get("og:site_name");
    let published = get("article:published_time").and_then(|s| rfc3339(&s));
    let author = get("author").or_else(|| get("article:author").filter(|a| Url::parse(a).is_err()));
    let lang = doc
        .select("html")
        .iter()
        .next()
        .and_then(|h| h.attr("lang"))
        .and_then(|l| bcp47(&l))
        .or_else(|| get("og:locale").and_then(|l| bcp47(&l)));
    let canonical = doc
        .select("link[rel~=canonical]")
        .iter()
        .find_map(|l| l.attr("href").and_then(|h| absolute_web(page_url, &h)))
        .or_else(|| get("og:url").and_then(|h| absolute_web(page_url, &h)));
    PageMeta {
        title,
        outlet,
        published,
        author,
        language: lang,
        canonical_url: canonical,
    }
}

/// `(property or name, content)` of every `<meta>`, keys lowercased,
/// values whitespace-collapsed.
fn meta_tags(doc: &Document) -> Vec<(String, String)> {
    doc.select("meta")
        .iter()
        .filter_map(|m| {
            let key = m.attr("property").or_else(|| m.attr("name"))?;
            let content = m.attr("content")?;
            Some((key.trim().to_ascii_lowercase(), collapse(&content)))
        })
        .collect()
}

/// A date-time as RFC 3339 with its own offset; `None` without an offset.
fn rfc3339(s: &str) -> Option<String> {
    let s = s.trim();
    let parsed = chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%z"))
        .ok()?;
    Some(parsed.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false))
}

/// A language tag in BCP 47 case (`id`, `en-GB`, `zh-Hant-TW`); `og:locale`
/// underscores become hyphens. `None` for anything that is not a tag.
fn bcp47(s: &str) -> Option<String> {
    let s = s.trim().replace('_', "-");
    let parts: Vec<&str> = s.split('-').collect();
    let first = parts.first()?;
    if !(2..=8).contains(&first.len()) || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = first.to_ascii_lowercase();
    for p in &parts[1..] {
        if p.is_empty() || p.len() > 8 || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        if p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()) {
            out.push_str(&p.to_ascii_uppercase());
        } else if p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()) {
            let mut cs = p.chars();
            if let Some(c) = cs.next() {
                out.push(c.to_ascii_uppercase());
            }
            out.push_str(&cs.as_str().to_ascii_lowercase());
        } else {
            out.push_str(&p.to_ascii_lowercase());
        }
    }
    Some(out)
}

/// `href` resolved against the page, if the result is a web address
/// factdesk accepts (`model::web_url`).
fn absolute_web(page_url: &Url, href: &str) -> Option<String> {
    let joined = page_url.join(href.trim()).ok()?;
    crate::model::web_url(joined.as_str())
        .ok()
        .map(String::from)
}
