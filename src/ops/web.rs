//! Pages from the web as the operations use them: a fetched article for
//! `new URL`, a capture for `evidence add --capture`, a copy asked of a
//! public archive for `--archive`, and a re-check for `links`. The network
//! is used before any transaction begins, so a slow or failed fetch never
//! holds the workspace lock and never leaves anything written.

use super::{OpsError, Result};
use crate::model::{Capture, Timestamp, WebConfig};
use crate::web::fetch::{self, FetchError, FetchErrorKind, FetchOptions, Fetched};
use crate::web::{decode, extract, warc};

/// A fetched page kept as WARC bytes (warcinfo, request, response).
#[derive(Debug, Clone)]
pub struct CapturedPage {
    /// The fetch itself.
    pub fetched: Fetched,
    /// The WARC file's bytes.
    pub warc: Vec<u8>,
}

impl CapturedPage {
    /// The record of it for a YAML file, the WARC stored at `file`.
    pub fn record(&self, file: &str) -> Capture {
        Capture {
            file: file.to_string(),
            captured_at: self.fetched.fetched_at.fixed_offset(),
            sha256: self.fetched.sha256.clone(),
            final_url: self.fetched.final_url.to_string(),
            status: self.fetched.status,
            content_type: self.fetched.content_type.clone(),
        }
    }

    /// The file name a capture gets in `captures/`: the first 12 hex
    /// digits of its body's sha256, so the same page twice is one file.
    pub fn capture_name(&self) -> String {
        format!("{}/{}.warc", CAPTURES_DIR, &self.fetched.sha256[..12])
    }
}

/// Folder of evidence captures inside a case folder.
pub const CAPTURES_DIR: &str = "captures";
/// Where `new URL` keeps the page it took the article from.
pub const SOURCE_WARC: &str = "source/page.warc";

/// The article of a fetched page and what the page says about itself.
#[derive(Debug, Clone)]
pub struct WebArticle {
    /// `article.txt`: the extracted text, one paragraph per line.
    pub text: String,
    /// `og:title`, JSON-LD `headline`, `<title>`.
    pub title: Option<String>,
    /// `og:site_name` or the JSON-LD publisher.
    pub outlet: Option<String>,
    /// The published time with its offset.
    pub published: Option<Timestamp>,
    /// The author named in the page's metadata.
    pub author: Option<String>,
    /// `<html lang>`, `og:locale` or JSON-LD `inLanguage`.
    pub language: Option<String>,
    /// The canonical address (else where the fetch ended).
    pub url: String,
    /// The page as fetched.
    pub page: CapturedPage,
}

/// The client's limits for this workspace.
pub fn options(cfg: &WebConfig) -> FetchOptions {
    FetchOptions::from_config(cfg)
}

/// Fetches `url` (2xx only) and writes the exchange as WARC.
pub fn capture(url: &str, o: &FetchOptions) -> Result<CapturedPage> {
    let fetched = fetch::fetch(url, o)?.require_ok()?;
    let warc = to_warc(&fetched)?;
    Ok(CapturedPage { fetched, warc })
}

/// The WARC bytes of one exchange (warcinfo, request, response).
fn to_warc(f: &Fetched) -> Result<Vec<u8>> {
    let target = f.final_url.to_string();
    let ex = warc::Exchange {
        target_uri: &target,
        date: f.fetched_at,
        ip_address: None,
        request_head: f.request_head.as_bytes(),
        payload: &f.body,
        response_head: f.response_head.as_bytes(),
    };
    let mut out = Vec::new();
    // Writing into memory fails only when memory does.
    warc::write_exchange(&mut out, &ex, true).map_err(|source| {
        OpsError::Store(crate::store::StoreError::Io {
            path: "WARC record (in memory)".into(),
            source,
        })
    })?;
    Ok(out)
}

/// `factdesk new URL`: fetch, decode, extract the article and the page's
/// metadata. A page with no article text is a usage error (nothing to
/// check); nothing is written here.
pub fn fetch_article(url: &str, cfg: &WebConfig) -> Result<WebArticle> {
    let page = capture(url, &options(cfg))?;
    article_of(page)
}

/// The article of a page already fetched.
pub fn article_of(page: CapturedPage) -> Result<WebArticle> {
    let f = &page.fetched;
    let ct = (!f.content_type.is_empty()).then_some(f.content_type.as_str());
    let html = decode::decode_html(&f.body, ct);
    // A plain-text page is the article as it is (a wire text, a
    // statement); the text-based inference reads its metadata.
    let mime = f.content_type.split(';').next().unwrap_or("").trim();
    if mime.eq_ignore_ascii_case("text/plain") {
        let text = html.trim_start_matches('\u{feff}').to_string();
        let url = f.final_url.to_string();
        return Ok(WebArticle {
            text,
            title: None,
            outlet: None,
            published: None,
            author: None,
            language: None,
            url,
            page,
        });
    }
    let ex = extract::extract(&html, &f.final_url).map_err(|e| {
        OpsError::usage(
            format!("{}: {e}", f.final_url),
            Some("save the article's text to a file and run `factdesk new FILE`".into()),
        )
    })?;
    let text = extract::article_text(&ex);
    let m = ex.meta;
    let published = m
        .published
        .as_deref()
        .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok());
    let url = m
        .canonical_url
        .filter(|u| crate::model::web_url(u).is_ok())
        .unwrap_or_else(|| f.final_url.to_string());
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(WebArticle {
        text,
        title: clean(m.title),
        outlet: clean(m.outlet),
        published,
        author: clean(m.author),
        language: clean(m.language),
        url,
        page,
    })
}

/// What asking the archive gave.
#[derive(Debug)]
pub enum Archived {
    /// The archive made a copy at this address.
    Copy(String),
    /// The archive could not be asked or said no; the reason, one line.
    Failed(String),
}

/// `--archive`: asks the public archive (`web: archive_endpoint`, Save
/// Page Now by default) for a copy of `url`. The copy's address is where
/// the archive redirected to, or its `Content-Location`; failure is a
/// value, never an error, so the evidence is added all the same.
pub fn ask_archive(url: &str, cfg: &WebConfig) -> Archived {
    let save = format!("{}{url}", cfg.archive_endpoint);
    let f = match fetch::fetch(&save, &options(cfg)) {
        Ok(f) => f,
        Err(e) => return Archived::Failed(archive_reason(&e)),
    };
    if !f.ok() {
        return Archived::Failed(format!("the archive answered HTTP {}", f.status));
    }
    let located = f
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-location"))
        .and_then(|(_, v)| f.final_url.join(v.trim()).ok())
        .map(|u| u.to_string());
    let copy = located.or_else(|| {
        (f.final_url.as_str() != f.requested.as_str()).then(|| f.final_url.to_string())
    });
    match copy {
        Some(c) if crate::model::web_url(&c).is_ok() => Archived::Copy(c),
        _ => Archived::Failed("the archive did not say where the copy is".into()),
    }
}

fn archive_reason(e: &FetchError) -> String {
    match e.kind {
        FetchErrorKind::BadUrl(_) => {
            format!("`web: archive_endpoint` is not usable ({})", e.reason())
        }
        _ => format!("{} ({})", e.reason(), e.url),
    }
}
