//! The one HTTP client of factdesk: `ureq` 3 over rustls (no OpenSSL, so a
//! fresh machine with rustup and gcc builds it), made for taking a page in
//! as evidence: redirects followed by hand (at most
//! [`MAX_REDIRECTS`], http(s) only, every hop recorded), connect and total
//! timeouts, a size limit checked before anything is kept, gzip and brotli,
//! `HTTPS_PROXY`/`NO_PROXY`, and a User-Agent that names factdesk.
//!
//! It returns what a WARC record needs (the request and response heads as
//! stored) and nothing is written here: callers decide, so a failed fetch
//! leaves the workspace as it was.

use crate::model::{web_url, UrlProblem, WebConfig};
use chrono::{DateTime, Utc};
use std::fmt;
use std::time::{Duration, Instant};
use url::Url;

/// Redirects followed before giving up, as browsers and curl's default.
pub const MAX_REDIRECTS: usize = 10;

/// Sent with every request, so a site's operator can tell who fetched and
/// where to read about it.
pub fn user_agent() -> String {
    format!(
        "factdesk/{} (+https://github.com/factdesk/factdesk)",
        env!("CARGO_PKG_VERSION")
    )
}

/// The `Accept` header sent: a page, preferably.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
/// The `Accept-Encoding` header sent: what ureq decodes.
const ACCEPT_ENCODING: &str = "gzip, br";

/// Limits of one fetch, from `factdesk.yaml`'s `web:` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Time allowed to connect (TCP and TLS), per hop.
    pub connect_timeout: Duration,
    /// Time allowed for the whole fetch, redirects and body included.
    pub timeout: Duration,
    /// Largest body kept, after decoding, in bytes.
    pub max_bytes: u64,
}

impl FetchOptions {
    /// The limits a workspace configured.
    pub fn from_config(c: &WebConfig) -> Self {
        Self {
            connect_timeout: Duration::from_millis(c.connect_timeout_ms),
            timeout: Duration::from_millis(c.timeout_ms),
            max_bytes: c.max_bytes,
        }
    }

    /// The same, with another body limit (evidence captures keep to the
    /// smaller of the web and the evidence limit).
    pub fn with_max_bytes(mut self, n: u64) -> Self {
        self.max_bytes = n;
        self
    }
}

/// One redirect followed: the status and where it pointed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// The address asked for.
    pub url: Url,
    /// Its 3xx status.
    pub status: u16,
}

/// A page as fetched: everything a case or a capture records.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address asked for.
    pub requested: Url,
    /// Where the page was after redirects.
    pub final_url: Url,
    /// The redirects followed, in order.
    pub redirects: Vec<Hop>,
    /// The final HTTP status.
    pub status: u16,
    /// The `Content-Type` header, or empty.
    pub content_type: String,
    /// The final response's headers as received, in order.
    pub headers: Vec<(String, String)>,
    /// The body, decoded from gzip or brotli when sent so.
    pub body: Vec<u8>,
    /// When the final response was received, UTC.
    pub fetched_at: DateTime<Utc>,
    /// sha256 of `body`, hex.
    pub sha256: String,
    /// The request head of the final hop, CRLF lines ending in an empty one.
    pub request_head: String,
    /// The response head as stored: the body is kept decoded, so
    /// `Content-Encoding` and `Transfer-Encoding` are dropped and
    /// `Content-Length` gives the stored length.
    pub response_head: String,
}

impl Fetched {
    /// True for a 2xx final status.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The fetch, or an error naming the status when it is not 2xx: a case
    /// or a capture of an error page would record the wrong thing.
    pub fn require_ok(self) -> Result<Self, FetchError> {
        if self.ok() {
            Ok(self)
        } else {
            Err(FetchError {
                url: self.final_url.to_string(),
                kind: FetchErrorKind::Status(self.status),
            })
        }
    }
}

/// Why a fetch failed; the kind decides the message and the hint.
#[derive(Debug)]
pub struct FetchError {
    /// The address that failed (the hop, after redirects).
    pub url: String,
    /// What went wrong.
    pub kind: FetchErrorKind,
}

/// The kinds of [`FetchError`].
#[derive(Debug)]
pub enum FetchErrorKind {
    /// The text is not a web address readers can follow.
    BadUrl(UrlProblem),
    /// The host name does not resolve.
    Dns,
    /// No connection (refused, unreachable, reset).
    Connect(String),
    /// The TLS handshake failed (certificate, protocol).
    Tls(String),
    /// A timeout: connect or total, with the limit that ran out.
    Timeout(Duration),
    /// The body is larger than the limit.
    TooLarge(u64),
    /// More than [`MAX_REDIRECTS`] redirects.
    TooManyRedirects,
    /// A redirect to something that is not http(s), or to nowhere.
    BadRedirect(String),
    /// A 4xx or 5xx final status.
    Status(u16),
    /// The server spoke broken HTTP, or something else failed.
    Other(String),
}

impl FetchError {
    fn new(url: &Url, kind: FetchErrorKind) -> Self {
        Self {
            url: url.to_string(),
            kind,
        }
    }

    /// True when the server answered with an error status (a dead page),
    /// as opposed to not answering at all.
    pub fn is_status(&self) -> bool {
        matches!(self.kind, FetchErrorKind::Status(_))
    }

    /// One short word for reports and JSON: `dns`, `connect`, `tls`,
    /// `timeout`, `too-large`, `redirects`, `bad-redirect`, `status`,
    /// `bad-url`, `other`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            FetchErrorKind::BadUrl(_) => "bad-url",
            FetchErrorKind::Dns => "dns",
            FetchErrorKind::Connect(_) => "connect",
            FetchErrorKind::Tls(_) => "tls",
            FetchErrorKind::Timeout(_) => "timeout",
            FetchErrorKind::TooLarge(_) => "too-large",
            FetchErrorKind::TooManyRedirects => "redirects",
            FetchErrorKind::BadRedirect(_) => "bad-redirect",
            FetchErrorKind::Status(_) => "status",
            FetchErrorKind::Other(_) => "other",
        }
    }

    /// The reason alone, without the address: "connection refused".
    pub fn reason(&self) -> String {
        match &self.kind {
            FetchErrorKind::BadUrl(p) => p.what(),
            FetchErrorKind::Dns => "the host name does not resolve".into(),
            FetchErrorKind::Connect(d) => format!("cannot connect ({d})"),
            FetchErrorKind::Tls(d) => format!("TLS failed ({d})"),
            FetchErrorKind::Timeout(d) => format!("no answer within {}", secs(*d)),
            FetchErrorKind::TooLarge(n) => format!("larger than the limit of {}", bytes(*n)),
            FetchErrorKind::TooManyRedirects => {
                format!("more than {MAX_REDIRECTS} redirects")
            }
            FetchErrorKind::BadRedirect(to) => format!("redirects to `{to}`, not an http(s) page"),
            FetchErrorKind::Status(s) => format!("HTTP {s}{}", reason_phrase(*s)),
            FetchErrorKind::Other(d) => d.clone(),
        }
    }

    /// What to do next, for the same line.
    pub fn hint(&self) -> &'static str {
        match &self.kind {
            FetchErrorKind::BadUrl(p) => p.hint(),
            FetchErrorKind::Dns => "check the address, or that this machine is online",
            FetchErrorKind::Connect(_) => {
                "check the address and your connection (or HTTPS_PROXY), then retry"
            }
            FetchErrorKind::Tls(_) => {
                "the site's certificate is not trusted: save the page from a browser and use `factdesk new FILE`"
            }
            FetchErrorKind::Timeout(_) => {
                "retry later, or raise `web: timeout_ms` in factdesk.yaml"
            }
            FetchErrorKind::TooLarge(_) => "raise `web: max_bytes` in factdesk.yaml, or save the text by hand",
            FetchErrorKind::TooManyRedirects | FetchErrorKind::BadRedirect(_) => {
                "open the address in a browser and give the page's final address"
            }
            FetchErrorKind::Status(_) => {
                "check the address in a browser; an archived copy may still exist"
            }
            FetchErrorKind::Other(_) => "retry, or save the page from a browser",
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fetching {}: {}; {}",
            self.url,
            self.reason(),
            self.hint()
        )
    }
}

impl std::error::Error for FetchError {}

fn secs(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn bytes(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

fn reason_phrase(s: u16) -> String {
    ureq::http::StatusCode::from_u16(s)
        .ok()
        .and_then(|c| c.canonical_reason())
        .map_or(String::new(), |r| format!(" {r}"))
}

/// The agent every fetch uses: redirects off (followed by hand), statuses
/// returned as responses, proxy from the environment (`HTTPS_PROXY`,
/// `HTTP_PROXY`, `ALL_PROXY`, with `NO_PROXY`).
fn agent(o: &FetchOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(ureq::Proxy::try_from_env())
        .timeout_connect(Some(o.connect_timeout))
        .user_agent(user_agent())
        .accept(ACCEPT)
        .accept_encoding(ACCEPT_ENCODING)
        .build()
        .into()
}

/// Fetches `text` (which must pass [`web_url`]) with GET, following
/// redirects. Any final status is returned; only a failure to get one (or
/// a body over the limit) is an error. [`Fetched::require_ok`] refuses
/// error pages.
pub fn fetch(text: &str, o: &FetchOptions) -> Result<Fetched, FetchError> {
    let requested = web_url(text).map_err(|p| FetchError {
        url: text.to_string(),
        kind: FetchErrorKind::BadUrl(p),
    })?;
    let agent = agent(o);
    let deadline = Instant::now() + o.timeout;
    let mut url = requested.clone();
    let mut redirects = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(FetchError::new(&url, FetchErrorKind::Timeout(o.timeout)));
        }
        let resp = agent
            .get(url.as_str())
            .config()
            .timeout_global(Some(left))
            .build()
            .call()
            .map_err(|e| FetchError::new(&url, classify(e, o, url.scheme() == "https")))?;
        let status = resp.status().as_u16();
        if (300..400).contains(&status) && status != 304 {
            if let Some(loc) = resp.headers().get(ureq::http::header::LOCATION) {
                let loc = String::from_utf8_lossy(loc.as_bytes()).into_owned();
                let next = url
                    .join(loc.trim())
                    .map_err(|_| FetchError::new(&url, FetchErrorKind::BadRedirect(loc.clone())))?;
                if web_url(next.as_str()).is_err() {
                    return Err(FetchError::new(&url, FetchErrorKind::BadRedirect(loc)));
                }
                redirects.push(Hop {
                    url: url.clone(),
                    status,
                });
                if redirects.len() > MAX_REDIRECTS {
                    return Err(FetchError::new(&url, FetchErrorKind::TooManyRedirects));
                }
                url = next;
                continue;
            }
        }
        return finish(requested, url, redirects, resp, o);
    }
}

/// Reads the final response's body within the limit and builds the heads.
fn finish(
    requested: Url,
    url: Url,
    redirects: Vec<Hop>,
    mut resp: ureq::http::Response<ureq::Body>,
    o: &FetchOptions,
) -> Result<Fetched, FetchError> {
    let status = resp.status().as_u16();
    let version = match resp.version() {
        ureq::http::Version::HTTP_10 => "HTTP/1.0",
        _ => "HTTP/1.1",
    };
    let headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                header_case(k.as_str()),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let declared = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    let encoded = headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-encoding"));
    // Refuse early when the server says it is too big (and sends it plain).
    if !encoded && declared.is_some_and(|n| n > o.max_bytes) {
        return Err(FetchError::new(&url, FetchErrorKind::TooLarge(o.max_bytes)));
    }
    let body = resp
        .body_mut()
        .with_config()
        .limit(o.max_bytes)
        .read_to_vec()
        .map_err(|e| FetchError::new(&url, classify(e, o, url.scheme() == "https")))?;
    let fetched_at = Utc::now();
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut response_head = format!("{version} {status}{}\r\n", reason_phrase(status));
    for (k, v) in &headers {
        let k_l = k.to_ascii_lowercase();
        if k_l == "content-encoding" || k_l == "transfer-encoding" || k_l == "content-length" {
            continue;
        }
        response_head.push_str(&format!("{k}: {}\r\n", one_header_line(v)));
    }
    response_head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let request_head = request_head(&url);
    let sha256 = crate::store::sha256_hex(&body);
    Ok(Fetched {
        requested,
        final_url: url,
        redirects,
        status,
        content_type,
        headers,
        body,
        fetched_at,
        sha256,
        request_head,
        response_head,
    })
}

/// The request head as sent to the final address (without a proxy).
fn request_head(url: &Url) -> String {
    let mut target = url.path().to_string();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    };
    format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {}\r\nAccept: {ACCEPT}\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\n\r\n",
        user_agent()
    )
}

/// A header value on one line (a folded or hostile value cannot end the head).
fn one_header_line(v: &str) -> String {
    v.chars()
        .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
        .collect()
}

/// `content-type` → `Content-Type`: the http crate lower-cases names.
fn header_case(name: &str) -> String {
    name.split('-')
        .map(|p| {
            let mut c = p.chars();
            c.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Sorts ureq's errors into the kinds a user can act on. `https`: the
/// address was https, so broken data on the wire is a TLS failure.
fn classify(e: ureq::Error, o: &FetchOptions, https: bool) -> FetchErrorKind {
    use std::io::ErrorKind as Io;
    use ureq::Error as E;
    match e {
        E::HostNotFound => FetchErrorKind::Dns,
        E::Timeout(t) => FetchErrorKind::Timeout(match t {
            ureq::Timeout::Connect | ureq::Timeout::Resolve => o.connect_timeout,
            _ => o.timeout,
        }),
        E::BodyExceedsLimit(_) => FetchErrorKind::TooLarge(o.max_bytes),
        E::Tls(d) => FetchErrorKind::Tls(d.to_string()),
        E::Rustls(d) => FetchErrorKind::Tls(d.to_string()),
        E::ConnectionFailed => FetchErrorKind::Connect("connection failed".into()),
        E::TooManyRedirects => FetchErrorKind::TooManyRedirects,
        // std's resolver says so in its message (the kind is not stable).
        E::Io(io) if io.to_string().starts_with("failed to lookup address") => FetchErrorKind::Dns,
        // rustls reports a failed handshake as invalid data on the stream.
        E::Io(io) if https && io.kind() == Io::InvalidData => FetchErrorKind::Tls(io.to_string()),
        E::Io(io) => match io.kind() {
            Io::ConnectionRefused => FetchErrorKind::Connect("connection refused".into()),
            Io::ConnectionReset | Io::ConnectionAborted | Io::UnexpectedEof => {
                FetchErrorKind::Connect("the connection was closed".into())
            }
            Io::TimedOut | Io::WouldBlock => FetchErrorKind::Timeout(o.timeout),
            Io::HostUnreachable | Io::NetworkUnreachable => {
                FetchErrorKind::Connect("host unreachable".into())
            }
            _ => match io.get_ref().and_then(|r| r.downcast_ref::<ureq::Error>()) {
                Some(ureq::Error::BodyExceedsLimit(_)) => FetchErrorKind::TooLarge(o.max_bytes),
                _ => FetchErrorKind::Connect(io.to_string()),
            },
        },
        other => FetchErrorKind::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_written_as_servers_send_them() {
        assert_eq!(header_case("content-type"), "Content-Type");
        assert_eq!(header_case("x-frame-options"), "X-Frame-Options");
        assert_eq!(header_case("etag"), "Etag");
    }

    #[test]
    fn the_request_head_names_host_port_path_and_query() {
        let u = Url::parse("http://127.0.0.1:8080/a/b?c=d#frag").expect("a valid literal");
        let h = request_head(&u);
        assert!(
            h.starts_with("GET /a/b?c=d HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"),
            "{h}"
        );
        assert!(h.contains(&format!(
            "User-Agent: factdesk/{}",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(h.ends_with("\r\n\r\n"));
    }

    #[test]
    fn a_bad_url_is_refused_before_any_connection() {
        let o = FetchOptions::from_config(&WebConfig::default());
        let e = fetch("javascript:alert(1)", &o).unwrap_err();
        assert_eq!(e.code(), "bad-url");
        let e = fetch("ftp://example.org/x", &o).unwrap_err();
        assert!(e.to_string().contains("not an http(s) URL"), "{e}");
    }

    #[test]
    fn messages_say_what_failed_and_what_to_do() {
        let e = FetchError {
            url: "https://example.org/".into(),
            kind: FetchErrorKind::TooLarge(20 << 20),
        };
        assert_eq!(
            e.to_string(),
            "fetching https://example.org/: larger than the limit of 20 MiB; raise `web: max_bytes` in factdesk.yaml, or save the text by hand"
        );
        let e = FetchError {
            url: "https://example.org/".into(),
            kind: FetchErrorKind::Status(404),
        };
        assert!(e.to_string().contains("HTTP 404 Not Found"), "{e}");
        assert!(!e.to_string().contains('\n'));
    }
}
