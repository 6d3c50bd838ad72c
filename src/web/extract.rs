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
    /// `og:title`, else JSON-LD `headline`, else the `<title>` without its
    /// site name (or the `<h1>`), as Readability cleans it.
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

/// Deepest element nesting the parser is given (Blink's parser stops
/// nesting at 512 too). html5ever checks element scopes by walking the
/// stack of open elements, so unbounded nesting costs quadratic time: a
/// 2 MB page of nested `<div>`s took over ten minutes before this bound.
pub const MAX_DEPTH: usize = 512;

/// The article body, one paragraph per entry (no navigation, share bars,
/// related links, comments, cookie banners, footers), and the page's
/// metadata.
pub fn extract(html: &str, page_url: &Url) -> Result<Extracted, ExtractError> {
    let html = bound_depth(html, MAX_DEPTH);
    let doc = Document::from(html.as_ref());
    let found = doc
        .root()
        .descendants_it()
        .filter(|n| n.is_element())
        .count();
    if found > MAX_ELEMENTS {
        return Err(ExtractError::TooLarge {
            found,
            max: MAX_ELEMENTS,
        });
    }
    let meta = read_meta(&doc, page_url);
    let title_tag = doc
        .select("title")
        .nodes()
        .first()
        .map(|t| collapse(&t.text()))
        .filter(|t| !t.is_empty());
    let byline = printed_byline(&doc);
    remove_furniture(&doc);
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    // The URL only resolves relative links in the extracted HTML, which
    // the paragraphs do not keep; one the extractor would refuse (not
    // http or https) is left out rather than failing the page.
    let doc_url = matches!(page_url.scheme(), "http" | "https").then_some(page_url.as_str());
    let mut readability = dom_smoothie::Readability::with_document(doc, doc_url, Some(cfg))
        .map_err(|_| ExtractError::NoArticle)?;
    let article = readability.parse().map_err(|e| match e {
        dom_smoothie::ReadabilityError::TooManyElements(found, max) => {
            ExtractError::TooLarge { found, max }
        }
        _ => ExtractError::NoArticle,
    })?;
    let content = Document::fragment(article.content.to_string());
    let mut paragraphs = paragraphs_of(&content.root());
    if let Some(b) = &byline {
        // The extractor may leave the byline in the body when the page
        // marks it up plainly; it is given once, as the byline.
        paragraphs.retain(|p| p != b);
    }
    if paragraphs.is_empty() {
        return Err(ExtractError::NoArticle);
    }
    let mut meta = meta;
    if meta.title.is_none() {
        meta.title = Some(collapse(&article.title))
            .filter(|t| !t.is_empty())
            .or(title_tag);
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

/// Share of a paragraph's letters inside links above which it is a link
/// list ("Read more: …", "Baca juga: …"), not text.
const MAX_LINK_SHARE: f64 = 0.7;

/// The paragraphs under `root`: the text of each block, whitespace
/// collapsed; those without a letter or digit and link lists dropped. An explicit stack, not
/// recursion: a page nested a million deep must not overflow the stack.
fn paragraphs_of(root: &NodeRef) -> Vec<String> {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        LeaveBlock,
        LeaveLink,
    }
    #[derive(Default)]
    struct Para {
        text: String,
        letters: usize,
        link_letters: usize,
    }
    fn flush(p: &mut Para, out: &mut Vec<String>) {
        let text = collapse(&p.text);
        let linky = p.letters > 0 && p.link_letters as f64 > MAX_LINK_SHARE * p.letters as f64;
        // Without a letter or digit a block is a separator ("* * *", a
        // bullet, stray control characters), not a paragraph.
        if p.letters > 0 && !linky {
            out.push(text);
        }
        *p = Para::default();
    }
    let mut out = Vec::new();
    let mut current = Para::default();
    let mut in_link = 0usize;
    let mut stack: Vec<Step> = root.children_it(true).map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::LeaveBlock => flush(&mut current, &mut out),
            Step::LeaveLink => in_link = in_link.saturating_sub(1),
            Step::Enter(node) => {
                if node.is_text() {
                    let t = node.text();
                    let letters = t.chars().filter(|c| c.is_alphanumeric()).count();
                    current.letters += letters;
                    if in_link > 0 {
                        current.link_letters += letters;
                    }
                    current.text.push_str(&t);
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
                if BLOCKS.contains(&name.as_str()) {
                    flush(&mut current, &mut out);
                    stack.push(Step::LeaveBlock);
                } else if name == "a" {
                    in_link += 1;
                    stack.push(Step::LeaveLink);
                }
                stack.extend(node.children_it(true).map(Step::Enter));
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Class and id words that mark page furniture the extractor's own
/// heuristics miss: advertising labels, share bars, newsletter and cookie
/// boxes, related links, comments (in English and Indonesian).
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "iklan",
    "sponsor",
    "sponsored",
    "share",
    "sharing",
    "social",
    "sosmed",
    "newsletter",
    "subscribe",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "related",
    "terkait",
    "comment",
    "comments",
    "komentar",
    "breadcrumb",
    "breadcrumbs",
    "trending",
    "terpopuler",
    "popular",
];

/// Whether a class or id names furniture: one of its words (split at
/// spaces, `-` and `_`, so `social-share__label` and `ads--inarticle`
/// count) is in [`FURNITURE_WORDS`].
fn furniture_name(attr: &str) -> bool {
    attr.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| FURNITURE_WORDS.iter().any(|f| w.eq_ignore_ascii_case(f)))
}

/// Removes furniture elements (by [`furniture_name`]) before extraction,
/// except those that may hold the article: an `h1` or `<article>` inside,
/// `body`, `main`, `article` themselves, or half the page's letters or
/// more. So a wrapper named `page has-ads` or a body named `entry-content
/// social-ready` keeps its story. One pass: linear in the page (the
/// elements measured are disjoint).
fn remove_furniture(doc: &Document) {
    let letters = |n: &NodeRef| n.text().chars().filter(|c| c.is_alphanumeric()).count();
    let total = letters(&doc.root());
    use std::collections::HashSet;
    // Every ancestor of an h1 or <article>, marked once.
    let mut holds_article: HashSet<dom_query::NodeId> = HashSet::new();
    for n in doc.select("h1, article").nodes() {
        for anc in std::iter::once(*n).chain(n.ancestors_it(None)) {
            if !holds_article.insert(anc.id) {
                break;
            }
        }
    }
    let mut doomed = Vec::new();
    let mut stack = vec![doc.root()];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            let name = node
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            let named = node.class().is_some_and(|c| furniture_name(&c))
                || node.id_attr().is_some_and(|i| furniture_name(&i));
            if named
                && !holds_article.contains(&node.id)
                && !matches!(name.as_str(), "html" | "body" | "main" | "article")
                && letters(&node) * 2 < total
            {
                doomed.push(node);
                continue;
            }
        }
        stack.extend(node.children_it(true));
    }
    for node in doomed {
        node.remove_from_parent();
    }
}

/// The byline as printed in the page: the first element marked as one
/// (`rel=author`, `itemprop=author`, a class or id with "byline",
/// "author", "penulis" or "reporter", as Readability looks for it) whose
/// text is short, outside any comment section.
fn printed_byline(doc: &Document) -> Option<String> {
    let marked = |v: &str| {
        let v = v.to_ascii_lowercase();
        ["byline", "author", "penulis", "reporter", "writtenby"]
            .iter()
            .any(|m| v.contains(m))
    };
    let in_comments = |n: &NodeRef| {
        n.ancestors_it(Some(12)).any(|a| {
            a.class()
                .is_some_and(|c| c.to_ascii_lowercase().contains("comment"))
                || a.id_attr().is_some_and(|c| {
                    c.to_ascii_lowercase().contains("comment") || c.contains("komentar")
                })
        })
    };
    doc.select("[rel~=author], [itemprop~=author], [class], [id]")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("author"))
            }) || n
                .attr("itemprop")
                .is_some_and(|r| r.to_ascii_lowercase().contains("author"))
                || n.class().is_some_and(|c| marked(&c))
                || n.id_attr().is_some_and(|c| marked(&c))
        })
        .filter(|n| !in_comments(n))
        .map(|n| collapse(&n.text()))
        .take(8)
        .find(|t| (3..=100).contains(&t.chars().count()))
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
    let ld = json_ld(doc);
    // Without these, `extract` takes the extractor's title: the `<title>`
    // without its " | Site" part, or the `<h1>`.
    let title = get("og:title")
        .or_else(|| ld.headline.clone())
        .filter(|t| !t.is_empty());
    let outlet = get("og:site_name").or_else(|| ld.publisher.clone());
    let published = get("article:published_time")
        .and_then(|s| rfc3339(&s))
        .or_else(|| ld.published.as_deref().and_then(rfc3339))
        .or_else(|| time_element(doc));
    let author = get("author")
        .or_else(|| get("article:author").filter(|a| Url::parse(a).is_err()))
        .or_else(|| (!ld.authors.is_empty()).then(|| ld.authors.join(", ")));
    let language = doc
        .select("html")
        .nodes()
        .first()
        .and_then(|h| h.attr("lang"))
        .and_then(|l| bcp47(&l))
        .or_else(|| get("og:locale").and_then(|l| bcp47(&l)))
        .or_else(|| ld.language.as_deref().and_then(bcp47));
    let canonical_url = doc
        .select("link[rel~=canonical]")
        .nodes()
        .iter()
        .find_map(|l| l.attr("href").and_then(|h| absolute_web(page_url, &h)))
        .or_else(|| get("og:url").and_then(|h| absolute_web(page_url, &h)));
    PageMeta {
        title,
        outlet,
        published,
        author,
        language,
        canonical_url,
    }
}

/// The first `<time datetime>` with a full date-time and offset, those
/// marked as the publication time (`itemprop=datePublished`, `pubdate`)
/// first.
fn time_element(doc: &Document) -> Option<String> {
    let times = doc.select("time[datetime]");
    let nodes = times.nodes();
    let marked = |n: &&NodeRef| {
        n.has_attr("pubdate")
            || n.attr("itemprop")
                .is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
    };
    nodes
        .iter()
        .filter(marked)
        .chain(nodes.iter().filter(|n| !marked(n)))
        .find_map(|n| n.attr("datetime").and_then(|d| rfc3339(&d)))
}

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default)]
struct LdArticle {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    language: Option<String>,
}

/// Largest JSON-LD script read; bigger ones are not article metadata.
const MAX_JSON_LD_BYTES: usize = 1 << 20;

/// Schema.org types whose `datePublished`, `author` and `publisher` are
/// the article's.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNews",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "SocialMediaPosting",
];

/// The text of every `application/ld+json` script of a page, in page
/// order (each at most the JSON-LD size limit; larger ones are left out),
/// with control characters as spaces, as [`json_ld`] reads them: what
/// `import claimreview` takes from a saved fact-check page.
pub fn json_ld_scripts(html: &str) -> Vec<String> {
    let doc = Document::from(html);
    let mut out = Vec::new();
    for script in doc.select("script").nodes() {
        let is_ld = script
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        let text = script.text();
        if !is_ld || text.len() > MAX_JSON_LD_BYTES {
            continue;
        }
        out.push(
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        );
    }
    out
}

/// The first article object in the page's `application/ld+json` scripts,
/// looking inside top-level arrays and `@graph`, with `{"@id": …}`
/// references (a publisher or author named once in the graph) resolved.
fn json_ld(doc: &Document) -> LdArticle {
    use serde_json::Value;
    let mut objects: Vec<Value> = Vec::new();
    for script in doc.select("script").nodes() {
        let is_ld = script
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let text = script.text();
        if text.len() > MAX_JSON_LD_BYTES {
            continue;
        }
        // Pages often put raw line breaks inside JSON strings; as spaces
        // they parse, and they are white space everywhere else.
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut todo = vec![value];
        while let Some(v) = todo.pop() {
            match v {
                Value::Array(items) => todo.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        todo.push(graph);
                    }
                    objects.push(Value::Object(map));
                }
                _ => {}
            }
        }
    }
    let by_id = |id: &str| {
        objects
            .iter()
            .find(|o| o.get("@id").and_then(Value::as_str) == Some(id))
    };
    // An object, or the graph object its bare `{"@id": …}` points at.
    let resolve = |v: &Value| -> Option<Value> {
        match v {
            Value::Object(m) if !m.contains_key("name") => {
                let id = m.get("@id").and_then(Value::as_str)?;
                by_id(id).cloned()
            }
            other => Some(other.clone()),
        }
    };
    let names = |v: &Value| -> Vec<String> {
        let items: Vec<&Value> = match v {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .filter_map(|item| match resolve(item)? {
                Value::String(s) => Some(collapse(&s)),
                Value::Object(m) => m.get("name").and_then(Value::as_str).map(collapse),
                _ => None,
            })
            .filter(|n| !n.is_empty() && Url::parse(n).is_err())
            .collect()
    };
    let first_string = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(collapse(s)),
            Value::Array(a) => a.iter().find_map(|x| x.as_str().map(collapse)),
            _ => None,
        }
        .filter(|s| !s.is_empty())
    };
    let is_article = |o: &Value| {
        let short = |t: &str| t.rsplit(['/', ':']).next().unwrap_or(t).to_string();
        match o.get("@type") {
            Some(Value::String(t)) => ARTICLE_TYPES.contains(&short(t).as_str()),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .any(|t| ARTICLE_TYPES.contains(&short(t).as_str())),
            _ => false,
        }
    };
    let Some(article) = objects.iter().find(|o| is_article(o)) else {
        return LdArticle::default();
    };
    LdArticle {
        headline: first_string(article.get("headline")),
        published: first_string(article.get("datePublished")),
        authors: article.get("author").map(names).unwrap_or_default(),
        publisher: article
            .get("publisher")
            .and_then(|p| names(p).into_iter().next()),
        language: first_string(article.get("inLanguage")),
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

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements a parser closes by itself (a new `<p>` ends the open one):
/// not counted as nesting, so pages that never close them are not
/// mistaken for deep ones.
const SELF_ENDING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rp",
    "rt",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// `html` with the tags nested deeper than `max` removed (their text
/// kept), found by a linear scan of the markup; the input itself, not a
/// copy, when nothing is that deep (every real page).
fn bound_depth(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let (deepest, deepest_nest) = scan_depth(html, max, None);
    if deepest <= max && deepest_nest <= MAX_NESTED {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    scan_depth(html, max, Some(&mut out));
    std::borrow::Cow::Owned(out)
}

/// Deepest nesting of tables in tables, or lists in lists, kept. The
/// extractor looks at every row of a table (and item of a list) once per
/// table (list) around it, so 512 nested tables cost 512 times their
/// rows; layout tables nest a few deep, never 32.
pub const MAX_NESTED: usize = 32;

/// Elements whose nesting [`MAX_NESTED`] bounds.
const NESTED: &[&str] = &["table", "ul", "ol", "dl", "menu"];

/// One pass over the tags of `html`: the deepest nesting seen (all
/// elements; tables and lists in each other), and, with `out`, the markup
/// copied without tags deeper than `max` or than [`MAX_NESTED`]. Comments,
/// doctypes and raw-text elements are copied whole.
fn scan_depth(html: &str, max: usize, mut out: Option<&mut String>) -> (usize, usize) {
    let (mut nest, mut deepest_nest) = (0usize, 0usize);
    let bytes = html.as_bytes();
    let (mut i, mut copied, mut depth, mut deepest) = (0usize, 0usize, 0usize, 0usize);
    let lower_find = |from: usize, needle: &str| -> Option<usize> {
        let n = needle.as_bytes();
        bytes
            .get(from..)?
            .windows(n.len())
            .position(|w| w.eq_ignore_ascii_case(n))
            .map(|p| from + p)
    };
    while let Some(lt) = bytes
        .get(i..)
        .and_then(|r| r.iter().position(|&b| b == b'<'))
    {
        let start = i + lt;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            i = lower_find(start + 4, "-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        // The tag's end: the first `>` outside a quoted attribute value.
        let mut j = name_start + name_len;
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), b) if b == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(bytes.len());
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let self_closed = bytes.get(j.wrapping_sub(1)) == Some(&b'/');
        // Raw-text elements are never dropped either: a dropped `<script>`
        // tag would turn its code into page text.
        let counted = ![VOID, SELF_ENDING, RAW_TEXT]
            .iter()
            .any(|l| l.contains(&name.as_str()));
        let nested = NESTED.contains(&name.as_str());
        let mut drop = false;
        if counted && closing {
            drop = depth > max || (nested && nest > MAX_NESTED);
            depth = depth.saturating_sub(1);
            if nested {
                nest = nest.saturating_sub(1);
            }
        } else if counted && !self_closed {
            depth += 1;
            deepest = deepest.max(depth);
            if nested {
                nest += 1;
                deepest_nest = deepest_nest.max(nest);
            }
            drop = depth > max || (nested && nest > MAX_NESTED);
        }
        if let Some(out) = out.as_deref_mut() {
            out.push_str(&html[copied..start]);
            if !drop {
                out.push_str(&html[start..end]);
            }
            copied = end;
        }
        i = end;
        if !closing && RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = lower_find(end, &close).unwrap_or(bytes.len());
        }
    }
    if let Some(out) = out {
        out.push_str(&html[copied..]);
    }
    (deepest, deepest_nest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://news.example/section/story?id=7").unwrap_or_else(|e| panic!("{e}"))
    }

    fn meta_of(head: &str) -> PageMeta {
        read_meta(
            &Document::from(format!("<html><head>{head}</head><body></body></html>")),
            &url(),
        )
    }

    fn ld(json: &str) -> PageMeta {
        meta_of(&format!(
            "<script type=\"application/ld+json\">{json}</script>"
        ))
    }

    #[test]
    fn json_ld_graph_with_references_and_arrays() {
        let m = ld(r##"{"@context":"https://schema.org","@graph":[
            {"@type":"Organization","@id":"#org","name":"Kabar Timur"},
            {"@type":"Person","@id":"#p1","name":"Siti Rahma"},
            {"@type":["ReportageNews"],"headline":"Judul","datePublished":["2026-01-05T07:00:00+09:00","2026-01-06T07:00:00+09:00"],
             "author":[{"@id":"#p1"},{"@type":"Person","name":"  Budi   Hartono "},"https://kabartimur.example/penulis/x"],
             "publisher":{"@id":"#org"},"inLanguage":"id"}]}"##);
        assert_eq!(m.title.as_deref(), Some("Judul"));
        assert_eq!(m.outlet.as_deref(), Some("Kabar Timur"));
        assert_eq!(m.published.as_deref(), Some("2026-01-05T07:00:00+09:00"));
        assert_eq!(m.author.as_deref(), Some("Siti Rahma, Budi Hartono"));
        assert_eq!(m.language.as_deref(), Some("id"));
    }

    #[test]
    fn json_ld_top_level_array_string_author_and_broken_scripts() {
        let m = meta_of(
            r#"<script type="application/ld+json">{not json</script>
            <script type="application/ld+json">[{"@type":"WebSite","name":"Site"},
              {"@type":"http://schema.org/NewsArticle","author":"Jo Lee","datePublished":"2026-02-01T10:00:00Z",
               "publisher":{"@type":"Organization","name":"The Daily
Example"}}]</script>"#,
        );
        assert_eq!(m.author.as_deref(), Some("Jo Lee"));
        assert_eq!(m.published.as_deref(), Some("2026-02-01T10:00:00+00:00"));
        // A raw line break inside a JSON string does not lose the script.
        assert_eq!(m.outlet.as_deref(), Some("The Daily Example"));
    }

    #[test]
    fn published_needs_an_offset_and_falls_back_to_time() {
        let m =
            meta_of(r#"<meta property="article:published_time" content="2026-02-01T10:00:00">"#);
        assert_eq!(m.published, None);
        let m = ld(r#"{"@type":"NewsArticle","datePublished":"2026-02-01"}"#);
        assert_eq!(m.published, None);
        let doc = Document::from(
            r#"<html><body><time datetime="2026-01-01T00:00:00+07:00">x</time>
            <time itemprop="datePublished" datetime="2026-02-03T04:05:06+0700">y</time></body></html>"#,
        );
        assert_eq!(
            read_meta(&doc, &url()).published.as_deref(),
            Some("2026-02-03T04:05:06+07:00")
        );
    }

    #[test]
    fn meta_order_and_language_tags() {
        let m = meta_of(
            r#"<meta property="og:title" content="OG  title"><title>Tag title</title>
            <meta property="og:locale" content="id_ID"><meta name="author" content="A. Writer">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"LD","author":{"name":"LD Writer"}}</script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("OG title"));
        assert_eq!(m.author.as_deref(), Some("A. Writer"));
        assert_eq!(m.language.as_deref(), Some("id-ID"));
        assert_eq!(bcp47("EN-gb").as_deref(), Some("en-GB"));
        assert_eq!(bcp47("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(bcp47("x"), None);
        assert_eq!(bcp47("en gb"), None);
        assert_eq!(bcp47("<script>"), None);
    }

    #[test]
    fn canonical_is_absolute_and_web_only() {
        let m = meta_of(
            r#"<link rel="canonical" href="../other/story"><meta property="og:url" content="https://x.example/">"#,
        );
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://news.example/other/story")
        );
        let m = meta_of(
            r#"<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="ftp://x.example/">"#,
        );
        assert_eq!(m.canonical_url, None);
        let m = meta_of(
            r#"<link rel="Canonical alternate" href="javascript:alert(1)"><meta property="og:url" content="http://x.example/a b">"#,
        );
        assert_eq!(m.canonical_url.as_deref(), Some("http://x.example/a%20b"));
    }

    #[test]
    fn paragraphs_are_blocks_with_text() {
        let doc = Document::fragment(
            "<div>One <b>bold</b>&nbsp;&amp; <i>more</i>\n text.<p>Two</p>three<br>four<ul><li>five</li></ul>\
             <p><a href=/x>Related: a link only</a></p><p>* * *</p><p>Said <a href=/p>someone</a> today.</p>\
             <script>x()</script></div>",
        );
        assert_eq!(
            paragraphs_of(&doc.root()),
            [
                "One bold & more text.",
                "Two",
                "three",
                "four",
                "five",
                "Said someone today."
            ]
        );
    }

    #[test]
    fn a_body_with_a_furniture_word_is_kept() {
        let body = "<p>The minister said on Monday that the new port would open in June, two years late. </p>".repeat(8);
        let html = format!(
            "<html><body><div class='share-bar'><a href=/s>Share</a></div>\
             <div class='entry-content social-ready'>{body}</div>\
             <div class='related'><a href=/r>Other story</a></div></body></html>"
        );
        let ex = extract(&html, &url()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ex.paragraphs.len(), 8, "{:?}", ex.paragraphs);
        assert!(ex
            .paragraphs
            .iter()
            .all(|p| p.starts_with("The minister said")));
    }

    #[test]
    fn any_page_url_is_accepted() {
        let html = format!(
            "<html><body><p>{}</p></body></html>",
            "The mayor said the bridge would reopen. ".repeat(20)
        );
        for u in [
            "file:///tmp/page.html",
            "https://news.example/a",
            "data:text/html,x",
        ] {
            let u = Url::parse(u).unwrap_or_else(|e| panic!("{u}: {e}"));
            let ex = extract(&html, &u).unwrap_or_else(|e| panic!("{u}: {e}"));
            assert_eq!(ex.paragraphs.len(), 1, "{u}");
        }
    }

    #[test]
    fn furniture_names_are_words() {
        assert!(furniture_name("social-share__label"));
        assert!(furniture_name("ads ads--inarticle"));
        assert!(furniture_name("Komentar"));
        assert!(!furniture_name("read__content"));
        assert!(!furniture_name("headline shadow loads"));
        assert!(!furniture_name("shareholders"));
    }

    #[test]
    fn depth_bound_drops_only_deep_tags() {
        let shallow = "<div><p>a<div>b</div></p><img src=x><br/></div>";
        assert!(matches!(
            bound_depth(shallow, 3),
            std::borrow::Cow::Borrowed(_)
        ));
        let deep = "<div><div><div><div>text</div></div></div></div>";
        assert_eq!(bound_depth(deep, 2), "<div><div>text</div></div>");
        // Script bodies, comments and quoted `>` are not tags.
        let tricky =
            "<div a='>'><script>if (a<b) { '<div>' }</script><!-- <div> --><div>x</div></div>";
        assert_eq!(scan_depth(tricky, 10, None), (2, 0));
        // Unclosed <p> and <li> are not nesting.
        assert_eq!(scan_depth(&"<p>para".repeat(5000), 10, None), (0, 0));
        // Tables in tables: bounded at MAX_NESTED, not at `max`.
        let tables = format!(
            "{}x{}",
            "<table><tr><td>".repeat(40),
            "</td></tr></table>".repeat(40)
        );
        assert_eq!(scan_depth(&tables, 512, None), (40, 40));
        let bounded = bound_depth(&tables, 512);
        assert_eq!(scan_depth(&bounded, 512, None), (MAX_NESTED, MAX_NESTED));
        assert_eq!(bounded.matches("<table>").count(), MAX_NESTED);
        assert_eq!(bounded.matches("</table>").count(), MAX_NESTED);
    }

    #[test]
    fn article_text_layout() {
        let ex = Extracted {
            meta: PageMeta {
                title: Some("Title".into()),
                ..PageMeta::default()
            },
            byline: Some("Oleh Rina".into()),
            paragraphs: vec!["Title".into(), "First.".into(), "Second.".into()],
        };
        assert_eq!(
            article_text(&ex),
            "Title\n\nOleh Rina\n\nFirst.\n\nSecond.\n"
        );
        let bare = Extracted {
            paragraphs: vec!["Only.".into()],
            ..Extracted::default()
        };
        assert_eq!(article_text(&bare), "Only.\n");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(200))]
        /// Any soup of tags, entities, scripts and text: never a panic,
        /// no empty paragraph, no paragraph with untrimmed or doubled
        /// spaces; the depth bound only ever removes markup, never adds.
        #[test]
        fn any_tag_soup(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<div>", "</div>", "<p>", "</p>", "<a href='/x'>", "</a>", "<script>", "</script>", "<!--", "-->",
            "<article>", "<h1>", "</h1>", " said the minister. ", "Baca juga: ", "&amp;", "&nbsp;", "\u{0}",
            "<meta charset='x'>", "<br/>", "<span class=\"ads\">", "</span>", "'", "\"", "<", ">", "é", "\n",
            "<script type=\"application/ld+json\">{\"@graph\":[{\"@id\":\"a\",\"author\":{\"@id\":\"a\"}}]}</script>",
        ]), 0..120)) {
            let html: String = parts.concat();
            if let Ok(ex) = extract(&html, &url()) {
                for p in &ex.paragraphs {
                    proptest::prop_assert!(!p.is_empty() && p.trim() == p && !p.contains("  "), "{:?}", p);
                }
            }
            let bounded = bound_depth(&html, 2);
            let text = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
            proptest::prop_assert!(text(&bounded) <= text(&html));
        }
    }
}
