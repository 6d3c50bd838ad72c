//! `factdesk new URL` on the realistic pages of `tests/fixtures/web/`
//! (English and Indonesian, with full page furniture, a windows-1252 page
//! and a charset given only in the header), served over HTTP: the article
//! paragraphs exactly as the golden files say, the metadata, and the
//! stored bytes with their hash.

use super::server::{Reply, Server};
use super::{only_case, sha256, warc_payload};
use crate::fixture::Ws;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/web")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Serves `name`.html with `content_type` and runs `new URL` on it;
/// returns the workspace and the parsed case.yaml.
fn take_in(name: &str, content_type: &str) -> (Ws, String, serde_json::Value) {
    let srv = Server::start();
    let body = fixture(&format!("{name}.html"));
    srv.route("/article", Reply::typed(content_type, body.clone()));
    let ws = Ws::new();
    let out = ws
        .fd(&["new", &srv.url("/article")])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = only_case(&ws);
    let case: serde_json::Value =
        factdesk::store::parse(&ws.read(&format!("cases/{id}/case.yaml"))).expect("case.yaml");
    // The bytes as served, kept and pinned.
    let warc = std::fs::read(ws.root.join(format!("cases/{id}/source/page.warc"))).expect("warc");
    assert_eq!(warc_payload(&warc), body, "{name}: stored bytes");
    assert_eq!(case["source"]["sha256"], sha256(&body), "{name}");
    assert_eq!(case["source"]["content_type"], content_type, "{name}");
    // The paragraphs exactly: after the title (and a byline, if the page
    // prints one), article.txt holds the golden paragraphs, one per line,
    // and nothing else.
    let article = ws.read(&format!("cases/{id}/article.txt"));
    let expected = String::from_utf8(fixture(&format!("{name}.expected.txt"))).expect("utf-8");
    let want: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    let got: Vec<&str> = article.lines().filter(|l| !l.trim().is_empty()).collect();
    let first = got
        .iter()
        .position(|l| *l == want[0])
        .unwrap_or_else(|| panic!("{name}: first paragraph not found in article.txt:\n{article}"));
    assert!(
        first <= 2,
        "{name}: more than a title and a byline before the text:\n{article}"
    );
    assert_eq!(got[0], case["title"].as_str().expect("title"), "{name}");
    assert_eq!(&got[first..], want.as_slice(), "{name}: paragraphs");
    ws.fd(&["check"]).assert().success();
    (ws, id, case)
}

#[test]
fn an_indonesian_page_with_full_metadata() {
    let (_, id, c) = take_in("id-news", "text/html; charset=UTF-8");
    assert_eq!(c["outlet"], "Warta Nusa");
    assert_eq!(c["published"], "2026-03-02T15:30:12+07:00");
    assert_eq!(c["author"], "Rina Wulandari");
    assert_eq!(c["language"], "id-ID");
    assert!(
        c["url"]
            .as_str()
            .unwrap()
            .starts_with("https://www.wartanusa.example/"),
        "{c}"
    );
    assert!(id.starts_with("2026-03-02-bmkg"), "{id}");
}

#[test]
fn an_english_wire_page() {
    let (_, _, c) = take_in("en-wire", "text/html; charset=utf-8");
    assert_eq!(c["outlet"], "Newswire");
    assert_eq!(c["published"], "2026-03-02T14:05:00+01:00");
    assert_eq!(c["author"], "Marieke de Vries, Tom Ellison");
    assert_eq!(c["language"], "en");
}

#[test]
fn a_windows_1252_page_labelled_in_its_meta() {
    let (_, _, c) = take_in("cp1252", "text/html");
    assert_eq!(c["author"], "Lucía Peña");
    assert_eq!(c["language"], "en-GB");
    assert_eq!(c["published"], "2026-02-27T18:20:00+01:00");
}

#[test]
fn a_charset_given_only_in_the_header() {
    take_in("header-charset", "text/html; charset=ISO-8859-2");
}

#[test]
fn a_page_without_metadata_falls_back_on_the_text() {
    // No og:, no JSON-LD: the byline and the WITA dateline in the text
    // give the author, the time with its +08:00 offset and the language.
    let (_, _, c) = take_in("no-meta", "text/html; charset=utf-8");
    assert_eq!(c["author"], "Andi Pratama");
    assert_eq!(c["published"], "2026-03-02T09:45:00+08:00");
    assert_eq!(c["language"], "id");
    assert!(c.get("outlet").is_none(), "{c}");
}
