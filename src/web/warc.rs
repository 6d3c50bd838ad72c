//! WARC/1.1 (ISO 28500:2017) records: the writer factdesk stores captures
//! with, and a reader for showing them and for tests.
//!
//! Files are uncompressed (git compresses its objects; a plain file diffs
//! and greps). Digests are `sha1:` + RFC 4648 base32, the convention
//! every WARC tool writes and verifies (`warcio check`, pywb, OpenWayback);
//! the capture's sha256 the case records is computed by the caller over
//! the payload, separately.

use std::io::{self, Write};
use std::net::IpAddr;

use sha1::{Digest, Sha1};

/// One HTTP exchange as it was made: what was asked, what came back.
pub struct Exchange<'a> {
    /// The URI requested (after redirects, the one that answered).
    pub target_uri: &'a str,
    /// When the response began to arrive (UTC; written to the second).
    pub date: chrono::DateTime<chrono::Utc>,
    /// The server's address, when the client knows it.
    pub ip_address: Option<IpAddr>,
    /// `GET /path HTTP/1.1\r\nHost: …\r\n…\r\n\r\n`.
    pub request_head: &'a [u8],
    /// `HTTP/1.1 200 OK\r\n…\r\n\r\n`; must describe `payload` as stored
    /// (see [`stored_response_head`]).
    pub payload: &'a [u8],
    /// The status line and headers of the response.
    pub response_head: &'a [u8],
}

/// What [`write_exchange`] wrote, for the caller to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// `<urn:uuid:…>` of the response record.
    pub response_record_id: String,
    /// `sha1:BASE32` of the payload (the entity body).
    pub payload_digest: String,
    /// `sha1:BASE32` of the response record's block (head and payload).
    pub block_digest: String,
}

/// A WARC file that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// Not a `WARC/1.x` version line where a record should start.
    #[error("not a WARC record at byte {offset}: expected a line like \"WARC/1.1\"")]
    BadVersion { offset: usize },
    /// A header line without a colon, or not UTF-8.
    #[error("unreadable WARC header line at byte {offset}")]
    BadHeader { offset: usize },
    /// No `Content-Length`, or not a number.
    #[error("WARC record at byte {offset} has no valid Content-Length")]
    BadLength { offset: usize },
    /// The file ends inside a record.
    #[error("WARC file ends inside the record at byte {offset}: the file is truncated")]
    Truncated { offset: usize },
}

/// One record: its named fields in file order and its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The version line, e.g. `WARC/1.1`.
    pub version: String,
    /// Named fields as written (names keep their case).
    pub headers: Vec<(String, String)>,
    /// The record's content block (`Content-Length` bytes).
    pub block: Vec<u8>,
}

impl Record {
    /// The first value of field `name` (compared without case, as the
    /// standard says).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type` (`warcinfo`, `request`, `response`…).
    pub fn kind(&self) -> Option<&str> {
        self.header("WARC-Type")
    }

    /// For an `application/http` record, the HTTP message's head and the
    /// body after it; `None` for other records or a block with no blank
    /// line ending the head.
    pub fn http_parts(&self) -> Option<(&[u8], &[u8])> {
        let ct = self.header("Content-Type")?;
        if !ct
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("application/http")
        {
            return None;
        }
        let end = find(&self.block, b"\r\n\r\n")? + 4;
        Some((&self.block[..end], &self.block[end..]))
    }

    /// The entity body of a `response` record: what a capture shows.
    pub fn payload(&self) -> Option<&[u8]> {
        if self.kind() != Some("response") {
            return None;
        }
        self.http_parts().map(|(_, body)| body)
    }
}

/// The payload of the first `response` record of a WARC file.
pub fn response_payload(records: &[Record]) -> Option<&[u8]> {
    records.iter().find_map(Record::payload)
}

/// The software name written in `warcinfo` records.
const SOFTWARE: &str = concat!("factdesk/", env!("CARGO_PKG_VERSION"));

/// Appends a `warcinfo` record (once per file, when `with_warcinfo`), a
/// `request` and a `response` record for `ex`, each ended by CRLF CRLF.
/// The two exchange records point at each other (`WARC-Concurrent-To`)
/// and share `WARC-Date`, `WARC-Target-URI` and `WARC-IP-Address`.
pub fn write_exchange<W: Write>(
    out: &mut W,
    ex: &Exchange,
    with_warcinfo: bool,
) -> io::Result<Written> {
    let date = ex.date.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let warcinfo_id = if with_warcinfo {
        Some(record_id()?)
    } else {
        None
    };
    let request_id = record_id()?;
    let response_id = record_id()?;
    let mut buf = Vec::with_capacity(
        ex.request_head.len() + ex.response_head.len() + ex.payload.len() + 2048,
    );

    if let Some(id) = &warcinfo_id {
        let block = format!(
            "software: {SOFTWARE}\r\nformat: WARC File Format 1.1\r\n\
             conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
        );
        let fields = [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", id.as_str()),
            ("WARC-Date", date.as_str()),
            ("Content-Type", "application/warc-fields"),
        ];
        record(&mut buf, &fields, &[block.as_bytes()]);
    }

    let ip = ex.ip_address.map(|ip| ip.to_string());
    let common = |kind: &'static str, id: &str, other: &str, ct: &'static str| {
        let mut f: Vec<(&str, String)> = vec![
            ("WARC-Type", kind.to_string()),
            ("WARC-Record-ID", id.to_string()),
            ("WARC-Date", date.clone()),
            ("WARC-Target-URI", ex.target_uri.to_string()),
            ("WARC-Concurrent-To", other.to_string()),
        ];
        if let Some(ip) = &ip {
            f.push(("WARC-IP-Address", ip.clone()));
        }
        if let Some(w) = &warcinfo_id {
            f.push(("WARC-Warcinfo-ID", w.clone()));
        }
        f.push(("Content-Type", ct.to_string()));
        f
    };

    let mut fields = common(
        "request",
        &request_id,
        &response_id,
        "application/http;msgtype=request",
    );
    fields.push(("WARC-Block-Digest", sha1_b32(&[ex.request_head])));
    let owned: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    record(&mut buf, &owned, &[ex.request_head]);

    let payload_digest = sha1_b32(&[ex.payload]);
    let block_digest = sha1_b32(&[ex.response_head, ex.payload]);
    let mut fields = common(
        "response",
        &response_id,
        &request_id,
        "application/http;msgtype=response",
    );
    fields.push(("WARC-Payload-Digest", payload_digest.clone()));
    fields.push(("WARC-Block-Digest", block_digest.clone()));
    let owned: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    record(&mut buf, &owned, &[ex.response_head, ex.payload]);

    // One write: a failure leaves the caller's buffer or file to discard
    // as a whole rather than half a record followed by the next.
    out.write_all(&buf)?;
    Ok(Written {
        response_record_id: response_id,
        payload_digest,
        block_digest,
    })
}

/// An HTTP response head that describes a payload stored decoded: the
/// status line, the headers except those about the transfer
/// (`Content-Encoding`, `Transfer-Encoding`, `Content-Length`,
/// `Connection`, `Keep-Alive`), and a `Content-Length` of `payload_len`.
/// Replay tools read the stored payload with this head, so it must not
/// say "gzip" about bytes that are not.
pub fn stored_response_head(
    status: u16,
    reason: &str,
    headers: &[(String, String)],
    payload_len: usize,
) -> Vec<u8> {
    const DROPPED: [&str; 5] = [
        "content-encoding",
        "transfer-encoding",
        "content-length",
        "connection",
        "keep-alive",
    ];
    let mut head = format!("HTTP/1.1 {status} {}\r\n", one_line(reason));
    for (name, value) in headers {
        if DROPPED.iter().any(|d| name.eq_ignore_ascii_case(d)) {
            continue;
        }
        head.push_str(&one_line(name));
        head.push_str(": ");
        head.push_str(&one_line(value));
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {payload_len}\r\n\r\n"));
    head.into_bytes()
}

/// A field value on one line: CR and LF (which would end the field and
/// start a forged one) become spaces.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// Writes one record: version line, fields, `Content-Length`, blank
/// line, the block parts, CRLF CRLF.
fn record(buf: &mut Vec<u8>, fields: &[(&str, &str)], block: &[&[u8]]) {
    let len: usize = block.iter().map(|b| b.len()).sum();
    buf.extend_from_slice(b"WARC/1.1\r\n");
    for (name, value) in fields {
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b": ");
        buf.extend_from_slice(one_line(value).as_bytes());
        buf.extend_from_slice(b"\r\n");
    }
    buf.extend_from_slice(format!("Content-Length: {len}\r\n\r\n").as_bytes());
    for part in block {
        buf.extend_from_slice(part);
    }
    buf.extend_from_slice(b"\r\n\r\n");
}

/// A fresh `<urn:uuid:…>` (version 4, from the operating system's random
/// source).
fn record_id() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| io::Error::other(format!("no random numbers for a WARC record id: {e}")))?;
    let id = uuid::Builder::from_random_bytes(bytes).into_uuid();
    Ok(format!("<urn:uuid:{}>", id.hyphenated()))
}

/// `sha1:` and the RFC 4648 base32 of the SHA-1 of the parts, in order.
fn sha1_b32(parts: &[&[u8]]) -> String {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p);
    }
    format!("sha1:{}", base32(&h.finalize()))
}

/// RFC 4648 base32 (upper case, `=` padded).
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut block = [0u8; 5];
        block[..chunk.len()].copy_from_slice(chunk);
        let n = block.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                let idx = ((n >> (35 - i * 5)) & 31) as usize;
                out.push(char::from(ALPHABET[idx]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads back the records of an uncompressed WARC file, in order.
/// Linear in the file's size; blocks are copied out.
pub fn read_records(bytes: &[u8]) -> Result<Vec<Record>, WarcError> {
    let mut out = Vec::new();
    let mut at = 0usize;
    loop {
        // Between records: the CRLF CRLF that ends each, and (leniently)
        // any further blank lines.
        while bytes[at..].starts_with(b"\r\n") || bytes[at..].starts_with(b"\n") {
            at += if bytes[at] == b'\r' { 2 } else { 1 };
        }
        if at >= bytes.len() {
            return Ok(out);
        }
        let start = at;
        let (version, next) = line(bytes, at).ok_or(WarcError::Truncated { offset: start })?;
        if !version.starts_with("WARC/1.") {
            return Err(WarcError::BadVersion { offset: start });
        }
        at = next;
        let mut headers = Vec::new();
        loop {
            let (l, next) = line(bytes, at).ok_or(WarcError::Truncated { offset: start })?;
            if l.is_empty() {
                at = next;
                break;
            }
            let (name, value) = l
                .split_once(':')
                .ok_or(WarcError::BadHeader { offset: at })?;
            headers.push((name.trim().to_string(), value.trim().to_string()));
            at = next;
        }
        let len: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or(WarcError::BadLength { offset: start })?;
        let end = at
            .checked_add(len)
            .filter(|&e| e <= bytes.len())
            .ok_or(WarcError::Truncated { offset: start })?;
        let block = bytes[at..end].to_vec();
        at = end;
        if !bytes[at..].starts_with(b"\r\n\r\n") {
            return Err(WarcError::Truncated { offset: start });
        }
        at += 4;
        out.push(Record {
            version: version.to_string(),
            headers,
            block,
        });
    }
}

/// The line starting at `at` (without its CRLF or LF) and where the next
/// begins; `None` at the end of input or for a line that is not UTF-8.
fn line(bytes: &[u8], at: usize) -> Option<(&str, usize)> {
    let rest = bytes.get(at..)?;
    let nl = rest.iter().position(|&b| b == b'\n')?;
    let l = rest[..nl].strip_suffix(b"\r").unwrap_or(&rest[..nl]);
    Some((std::str::from_utf8(l).ok()?, at + nl + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn exchange<'a>(payload: &'a [u8], head: &'a [u8]) -> Exchange<'a> {
        Exchange {
            target_uri: "https://news.example/a?b=1",
            date: chrono::Utc
                .with_ymd_and_hms(2026, 3, 4, 5, 6, 7)
                .single()
                .unwrap_or_default(),
            ip_address: Some("127.0.0.1".parse().unwrap_or(IpAddr::from([127, 0, 0, 1]))),
            request_head: b"GET /a?b=1 HTTP/1.1\r\nHost: news.example\r\n\r\n",
            response_head: head,
            payload,
        }
    }

    #[test]
    fn base32_matches_rfc4648_vectors() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY======");
        assert_eq!(base32(b"fo"), "MZXQ====");
        assert_eq!(base32(b"foo"), "MZXW6===");
        assert_eq!(base32(b"foob"), "MZXW6YQ=");
        assert_eq!(base32(b"fooba"), "MZXW6YTB");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI======");
    }

    #[test]
    fn empty_payload_digest_is_the_known_sha1() {
        // SHA-1 of nothing: da39a3ee…, in base32 the value WARC tools print.
        assert_eq!(sha1_b32(&[b""]), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
    }

    #[test]
    fn round_trip_with_linked_records() {
        let payload = b"<html>caf\xc3\xa9\r\n\r\nWARC/1.1 inside</html>";
        let head = stored_response_head(
            200,
            "OK",
            &[
                ("Content-Type".into(), "text/html; charset=utf-8".into()),
                ("Content-Encoding".into(), "gzip".into()),
                ("X-Evil".into(), "a\r\nWARC-Type: forged".into()),
            ],
            payload.len(),
        );
        let mut file = Vec::new();
        let w = write_exchange(&mut file, &exchange(payload, &head), true)
            .unwrap_or_else(|e| panic!("{e}"));
        let recs = read_records(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(recs.len(), 3);
        let kinds: Vec<_> = recs.iter().map(|r| r.kind().unwrap_or("")).collect();
        assert_eq!(kinds, ["warcinfo", "request", "response"]);
        let (req, resp) = (&recs[1], &recs[2]);
        assert_eq!(
            resp.header("WARC-Record-ID"),
            Some(w.response_record_id.as_str())
        );
        assert_eq!(
            req.header("WARC-Concurrent-To"),
            resp.header("WARC-Record-ID")
        );
        assert_eq!(
            resp.header("WARC-Concurrent-To"),
            req.header("WARC-Record-ID")
        );
        assert_eq!(resp.header("warc-date"), Some("2026-03-04T05:06:07Z"));
        assert_eq!(resp.header("WARC-IP-Address"), Some("127.0.0.1"));
        assert_eq!(
            resp.header("WARC-Payload-Digest"),
            Some(w.payload_digest.as_str())
        );
        assert_eq!(w.payload_digest, sha1_b32(&[payload]));
        assert_eq!(response_payload(&recs), Some(&payload[..]));
        let (h, _) = resp.http_parts().unwrap_or_default();
        let h = String::from_utf8_lossy(h);
        assert!(!h.contains("gzip"), "{h}");
        assert!(
            h.contains(&format!("Content-Length: {}\r\n", payload.len())),
            "{h}"
        );
        assert!(h.contains("X-Evil: a  WARC-Type: forged\r\n"), "{h}");
        let id = resp.header("WARC-Record-ID").unwrap_or("");
        assert!(
            id.starts_with("<urn:uuid:") && id.ends_with('>') && id.len() == 47,
            "{id}"
        );
        assert_eq!(&id[24..25], "4", "version 4 uuid: {id}");
        assert_ne!(req.header("WARC-Record-ID"), resp.header("WARC-Record-ID"));
    }

    #[test]
    fn truncated_and_garbage_files_are_errors() {
        let mut file = Vec::new();
        let head = stored_response_head(200, "OK", &[], 5);
        write_exchange(&mut file, &exchange(b"hello", &head), false)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_records(&file).map(|r| r.len()).ok(), Some(2));
        let cut = &file[..file.len() - 10];
        assert!(matches!(
            read_records(cut),
            Err(WarcError::Truncated { .. })
        ));
        assert!(matches!(
            read_records(b"HTTP/1.1 200 OK\r\n\r\n"),
            Err(WarcError::BadVersion { offset: 0 })
        ));
        assert!(matches!(
            read_records(b"WARC/1.1\r\nWARC-Type: x\r\n\r\n\r\n\r\n"),
            Err(WarcError::BadLength { .. })
        ));
        assert!(matches!(
            read_records(b"WARC/1.1\r\nno colon\r\n\r\n"),
            Err(WarcError::BadHeader { .. })
        ));
        assert_eq!(read_records(b"").map(|r| r.len()).ok(), Some(0));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]
        /// Any bytes, or a valid file cut or altered anywhere: an error or
        /// records, never a panic.
        #[test]
        fn reader_never_panics(noise in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                               cut in 0usize..2000, flip in 0usize..2000) {
            let _ = read_records(&noise);
            let head = stored_response_head(200, "OK", &[], 5);
            let mut file = Vec::new();
            write_exchange(&mut file, &exchange(b"hello", &head), true).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let mut altered = file.clone();
            let at = flip % altered.len();
            altered[at] ^= 0x5a;
            let _ = read_records(&altered);
            let _ = read_records(&file[..cut.min(file.len())]);
        }
    }
}
