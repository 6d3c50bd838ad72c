//! `factdesk new URL`: the case from a fetched page, and every way a fetch
//! can fail writing nothing.

use super::server::{closed_port, Reply, Server};
use super::{only_case, sha256, snapshot, story_server, warc_payload, ws_with_web, STORY};
use crate::fixture::Ws;
use std::time::Duration;

#[test]
fn a_page_becomes_a_case_with_its_metadata_text_and_stored_bytes() {
    let srv = story_server();
    let ws = Ws::new();
    let before = ws.commits();
    let out = ws.fd(&["new", &srv.url("/story")]).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ws.commits(), before + 1, "one commit");
    let id = only_case(&ws);
    // Published date from the page's metadata, slug from its og:title.
    assert_eq!(id, "2024-03-07-port-strike-ends-after-nine-days");
    let case: serde_json::Value =
        factdesk::store::parse(&ws.read(&format!("cases/{id}/case.yaml"))).expect("case.yaml");
    assert_eq!(case["title"], "Port strike ends after nine days");
    assert_eq!(case["outlet"], "Harbour Times");
    assert_eq!(case["author"], "Dewi Lestari");
    assert_eq!(case["language"], "en");
    assert_eq!(case["published"], "2024-03-07T18:30:00+07:00");
    assert_eq!(case["url"], "https://harbour.example/news/port-strike-ends");
    assert_eq!(case["source_chain"][0]["name"], "Harbour Times");
    let src = &case["source"];
    assert_eq!(src["file"], "source/page.warc");
    assert_eq!(src["status"], 200);
    assert_eq!(src["final_url"], srv.url("/story"));
    assert_eq!(src["content_type"], "text/html; charset=utf-8");
    assert_eq!(src["sha256"], sha256(STORY.as_bytes()));
    assert!(src["captured_at"].as_str().expect("a time").ends_with('Z'));
    // The stored bytes are the page's, byte for byte, in a WARC response.
    let warc = std::fs::read(ws.root.join(format!("cases/{id}/source/page.warc"))).expect("warc");
    assert_eq!(warc_payload(&warc), STORY.as_bytes());
    // The article is the text, not the furniture.
    let article = ws.read(&format!("cases/{id}/article.txt"));
    assert!(
        article.contains("more than 40 ships waiting offshore"),
        "{article}"
    );
    assert!(
        article.contains("harbour master Rui Santos told reporters"),
        "{article}"
    );
    for furniture in [
        "Share on Facebook",
        "Related stories",
        "Finally!",
        "cookies",
        "All rights reserved",
    ] {
        assert!(!article.contains(furniture), "{furniture} in {article}");
    }
    assert_eq!(case["article_sha256"], sha256(article.as_bytes()));
    // factdesk named itself.
    let reqs = srv.requests();
    assert!(
        reqs[0].contains(&format!(
            "user-agent: factdesk/{}",
            env!("CARGO_PKG_VERSION")
        )) || reqs[0].contains(&format!(
            "User-Agent: factdesk/{}",
            env!("CARGO_PKG_VERSION")
        )),
        "{reqs:?}"
    );
    // The committed workspace passes check, the capture rule included.
    ws.fd(&["check"]).assert().success();
    let log = ws.git(&["show", "--stat", "--format=%s", "HEAD"]);
    assert!(log.contains("source/page.warc"), "{log}");
}

#[test]
fn gzip_and_brotli_pages_are_stored_decoded() {
    let srv = Server::start();
    srv.route("/gz", Reply::gzip(STORY.as_bytes()));
    srv.route("/br", Reply::brotli(STORY.as_bytes()));
    for (path, id) in [("/gz", "gz"), ("/br", "br")] {
        let ws = Ws::new();
        ws.fd(&["new", &srv.url(path), "--id", id])
            .assert()
            .success();
        let warc =
            std::fs::read(ws.root.join(format!("cases/{id}/source/page.warc"))).expect("warc");
        assert_eq!(warc_payload(&warc), STORY.as_bytes(), "{path}");
        let text = String::from_utf8_lossy(&warc);
        // The stored head describes the stored body.
        assert!(
            !text.to_ascii_lowercase().contains("content-encoding"),
            "{path}"
        );
        assert!(
            text.contains(&format!("Content-Length: {}", STORY.len())),
            "{path}"
        );
        let case = ws.read(&format!("cases/{id}/case.yaml"));
        assert!(case.contains(&sha256(STORY.as_bytes())), "{case}");
    }
}

#[test]
fn redirects_are_followed_and_the_final_address_recorded() {
    let srv = story_server();
    srv.route("/r1", Reply::Redirect(301, "/r2".into()));
    srv.route("/r2", Reply::Redirect(302, srv.url("/story")));
    let ws = Ws::new();
    let out = ws
        .fd(&["new", &srv.url("/r1"), "--id", "moved", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["source"]["final_url"], srv.url("/story"));
    assert_eq!(v["source"]["file"], "source/page.warc");
    let case = ws.read("cases/moved/case.yaml");
    assert!(
        case.contains(&format!("final_url: {}", srv.url("/story"))),
        "{case}"
    );
    let paths: Vec<String> = srv
        .requests()
        .iter()
        .map(|r| r.split_whitespace().nth(1).unwrap_or("").to_string())
        .collect();
    assert_eq!(paths, ["/r1", "/r2", "/story"]);
}

/// Runs `new URL`, expects exit 3 with one line on stderr containing
/// `needle`, and nothing written.
fn fails_writing_nothing(ws: &Ws, url: &str, needle: &str) -> String {
    let before = snapshot(ws);
    let out = ws.fd(&["new", url]).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(3), "{url}: {err}");
    assert!(err.contains(needle), "{url}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(snapshot(ws), before, "{url}: something was written");
    err
}

#[test]
fn redirect_loops_and_other_schemes_are_refused() {
    let srv = Server::start();
    srv.route("/loop", Reply::Redirect(302, "/loop".into()));
    srv.route(
        "/ftp",
        Reply::Redirect(302, "ftp://example.org/file".into()),
    );
    srv.route("/js", Reply::Redirect(302, "javascript:alert(1)".into()));
    let ws = Ws::new();
    fails_writing_nothing(&ws, &srv.url("/loop"), "more than 10 redirects");
    fails_writing_nothing(&ws, &srv.url("/ftp"), "not an http(s) page");
    fails_writing_nothing(&ws, &srv.url("/js"), "not an http(s) page");
    // 1 + 10 follows, then it stops.
    let loops = srv
        .requests()
        .iter()
        .filter(|r| r.contains("/loop"))
        .count();
    assert_eq!(loops, 11);
}

#[test]
fn an_error_status_is_refused() {
    let srv = Server::start();
    srv.route("/gone", Reply::Status(410));
    let ws = Ws::new();
    fails_writing_nothing(&ws, &srv.url("/nope"), "HTTP 404 Not Found");
    fails_writing_nothing(&ws, &srv.url("/gone"), "HTTP 410 Gone");
}

#[test]
fn a_slow_server_times_out() {
    let srv = Server::start();
    srv.route("/slow", Reply::Slow(Duration::from_secs(5)));
    let ws = ws_with_web("timeout_ms: 400");
    let e = fails_writing_nothing(&ws, &srv.url("/slow"), "no answer within 0.4 s");
    assert!(e.contains("timeout_ms"), "says what to raise: {e}");
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let srv = Server::start();
    srv.route(
        "/declared",
        Reply::Big {
            len: 5000,
            declare: true,
        },
    );
    srv.route(
        "/undeclared",
        Reply::Big {
            len: 5000,
            declare: false,
        },
    );
    srv.route("/bomb", Reply::gzip(&vec![b' '; 200_000]));
    let ws = ws_with_web("max_bytes: 4096");
    for p in ["/declared", "/undeclared", "/bomb"] {
        let e = fails_writing_nothing(&ws, &srv.url(p), "larger than the limit of 4096 bytes");
        assert!(e.contains("max_bytes"), "{e}");
    }
}

#[test]
fn an_unreachable_host_is_an_environment_error() {
    let ws = Ws::new();
    let url = format!("http://127.0.0.1:{}/story", closed_port());
    fails_writing_nothing(&ws, &url, "cannot connect");
}

#[test]
fn a_url_that_is_not_a_page_is_a_usage_error() {
    let ws = Ws::new();
    let before = snapshot(&ws);
    let out = ws
        .fd(&["new", "https://exa mple.org/x"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn the_proxy_from_the_environment_is_used_unless_no_proxy_says_otherwise() {
    // The test server plays the proxy: a CONNECT to the named host, then
    // the request through the tunnel.
    let proxy = Server::start();
    proxy.route("/story", Reply::html(STORY));
    let ws = Ws::new();
    ws.fd(&["new", "http://news.invalid/story", "--id", "via-proxy"])
        .env("HTTPS_PROXY", proxy.url(""))
        .assert()
        .success();
    let case = ws.read("cases/via-proxy/case.yaml");
    assert!(
        case.contains("final_url: http://news.invalid/story"),
        "{case}"
    );
    // NO_PROXY: straight to a name that does not resolve.
    let before = snapshot(&ws);
    let out = ws
        .fd(&["new", "http://news.invalid/story", "--id", "direct"])
        .env("HTTPS_PROXY", proxy.url(""))
        .env("NO_PROXY", "news.invalid")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(snapshot(&ws), before);
    let seen = proxy.requests();
    assert!(seen[0].starts_with("CONNECT news.invalid:80 "), "{seen:?}");
    assert_eq!(seen.len(), 2, "the second went direct: {seen:?}");
}

#[test]
fn a_tls_failure_and_an_unknown_host_say_so() {
    // https to a server that answers in plain HTTP: the handshake fails.
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("address").port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut c in l.incoming().flatten() {
            let mut buf = [0u8; 512];
            let _ = c.read(&mut buf);
            let _ = c.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let ws = Ws::new();
    let url = format!("https://127.0.0.1:{port}/story");
    fails_writing_nothing(&ws, &url, "TLS failed");
    // `.invalid` never resolves (RFC 2606).
    fails_writing_nothing(&ws, "http://news.invalid/story", "does not resolve");
}

#[test]
fn a_plain_text_page_is_the_article_as_it_is() {
    let text = "Minggu, 05/11/2023 11:01 WIB\n\nJakarta (ANTARA) - The ministry said 1,200 people were evacuated.\n";
    let srv = Server::start();
    srv.route(
        "/statement.txt",
        Reply::typed("text/plain; charset=utf-8", text),
    );
    let ws = Ws::new();
    ws.fd(&["new", &srv.url("/statement.txt"), "--id", "plain"])
        .assert()
        .success();
    assert_eq!(ws.read("cases/plain/article.txt"), text);
    let case = ws.read("cases/plain/case.yaml");
    // The text-based inference still reads the WIB time.
    assert!(
        case.contains("published: 2023-11-05T11:01:00+07:00"),
        "{case}"
    );
}
