//! `factdesk new URL`, `evidence add --capture/--archive` and `links`
//! against a real HTTP server on 127.0.0.1 (never the internet): what is
//! stored, what is recorded, and that failures write nothing.

mod capture;
mod golden;
mod links;
mod new_url;
pub mod server;

use crate::fixture::Ws;
use server::{Reply, Server};

/// A news page with furniture and full metadata, in English.
pub const STORY: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Port strike ends after nine days | Harbour Times</title>
<meta property="og:title" content="Port strike ends after nine days">
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2024-03-07T18:30:00+07:00">
<meta name="author" content="Dewi Lestari">
<link rel="canonical" href="https://harbour.example/news/port-strike-ends">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div class="share">Share on Facebook · Share on X · Copy link</div>
<article>
<h1>Port strike ends after nine days</h1>
<p>Dock workers at the city's container port returned to work on Thursday after a nine-day strike that left more than 40 ships waiting offshore, the port authority said.</p>
<p>The union said its members had accepted a pay rise of 6 percent, below the 10 percent it had demanded at the start of the dispute, according to a statement published on its website.</p>
<p>"We are glad the cranes are moving again," harbour master Rui Santos told reporters, adding that the backlog would take at least two weeks to clear.</p>
<p>Shipping companies had warned that the stoppage was costing the regional economy about $3 million a day, a figure the chamber of commerce repeated on Wednesday.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ferry fares rise</a></li><li><a href="/b">New terminal opens</a></li></ul></aside>
<section class="comments"><h3>Comments (2)</h3><p>Finally! — Joe</p></section>
<footer><p>© 2024 Harbour Times. All rights reserved.</p><div class="cookies">We use cookies to improve your experience.</div></footer>
</body>
</html>
"#;

/// A workspace whose `factdesk.yaml` carries `web:` settings (committed,
/// so the work tree is clean).
pub fn ws_with_web(web: &str) -> Ws {
    let ws = Ws::new();
    if !web.is_empty() {
        let mut cfg = ws.read("factdesk.yaml");
        cfg.push_str("web:\n");
        for l in web.lines() {
            cfg.push_str(&format!("  {l}\n"));
        }
        ws.write("factdesk.yaml", &cfg);
        ws.git(&["commit", "-qam", "web settings"]);
    }
    ws
}

/// HEAD, the status and every file of the work tree: equal before and
/// after a command that must write nothing.
pub fn snapshot(ws: &Ws) -> (String, String, Vec<String>) {
    let head = ws.git(&["rev-parse", "HEAD"]);
    let status = ws.git(&["status", "--porcelain", "--untracked-files=all"]);
    let mut files = Vec::new();
    let mut stack = vec![ws.root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(
                    p.strip_prefix(&ws.root)
                        .expect("below")
                        .display()
                        .to_string(),
                );
            }
        }
    }
    files.sort();
    (head, status, files)
}

/// A server with the story at `/story`.
pub fn story_server() -> Server {
    let s = Server::start();
    s.route("/story", Reply::html(STORY));
    s
}

/// The one case folder under `cases/` (name).
pub fn only_case(ws: &Ws) -> String {
    let mut names: Vec<String> = std::fs::read_dir(ws.root.join("cases"))
        .expect("cases/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 1, "{names:?}");
    names.remove(0)
}

/// The response payload of a WARC file, read back by the WARC reader.
pub fn warc_payload(bytes: &[u8]) -> Vec<u8> {
    let records = factdesk::web::warc::read_records(bytes).expect("a readable WARC file");
    factdesk::web::warc::response_payload(&records)
        .expect("a response record")
        .to_vec()
}

/// sha256 hex.
pub fn sha256(b: &[u8]) -> String {
    factdesk::store::sha256_hex(b)
}
