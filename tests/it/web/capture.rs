//! `evidence add --capture` and `--archive`.

use super::server::{closed_port, Reply, Server};
use super::{sha256, snapshot, story_server, warc_payload, ws_with_web, STORY};
use crate::fixture::Ws;

fn claim_yaml(ws: &Ws, id: &str) -> serde_json::Value {
    factdesk::store::parse(&ws.read(&format!("cases/{id}/claims/c01.yaml"))).expect("claim")
}

/// The newest evidence item of the case's c01.
fn last_evidence(ws: &Ws, id: &str) -> serde_json::Value {
    claim_yaml(ws, id)["evidence"]
        .as_array()
        .expect("evidence")
        .last()
        .expect("an evidence item")
        .clone()
}

#[test]
fn a_capture_is_a_warc_file_pinned_on_the_evidence_item() {
    let srv = story_server();
    let ws = Ws::new();
    let id = ws.seed();
    let url = srv.url("/story");
    ws.fd(&[
        "evidence",
        "add",
        &format!("{id}/c01"),
        "--url",
        &url,
        "--capture",
    ])
    .assert()
    .success();
    let ev = last_evidence(&ws, id);
    let cap = &ev["capture"];
    let file = cap["file"].as_str().expect("file");
    let sha = sha256(STORY.as_bytes());
    assert_eq!(file, format!("captures/{}.warc", &sha[..12]));
    assert_eq!(cap["sha256"], sha);
    assert_eq!(cap["status"], 200);
    assert_eq!(cap["final_url"], url);
    assert!(cap["captured_at"].as_str().expect("time").ends_with('Z'));
    let bytes = std::fs::read(ws.root.join(format!("cases/{id}/{file}"))).expect("the capture");
    assert_eq!(warc_payload(&bytes), STORY.as_bytes());
    // The records name the page and its digest, as archive tools expect.
    let records = factdesk::web::warc::read_records(&bytes).expect("records");
    let resp = records
        .iter()
        .find(|r| r.kind() == Some("response"))
        .expect("response");
    assert_eq!(resp.header("WARC-Target-URI"), Some(url.as_str()));
    // The digest is the payload's, as any WARC tool computes it.
    assert_eq!(
        resp.header("WARC-Payload-Digest"),
        Some(sha1_base32(STORY.as_bytes()).as_str())
    );
    assert!(records.iter().any(|r| r.kind() == Some("request")));
    // Committed with the claim, and `check` holds it to its hash.
    let stat = ws.git(&["show", "--stat", "--format=%s", "HEAD"]);
    assert!(stat.contains(file), "{stat}");
    ws.fd(&["check"]).assert().success();
    let mut tampered = bytes.clone();
    let at = tampered.len() - 200;
    tampered[at] ^= 1;
    std::fs::write(ws.root.join(format!("cases/{id}/{file}")), tampered).expect("write");
    let out = ws.fd(&["check"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("capture-hash"));
    std::fs::remove_file(ws.root.join(format!("cases/{id}/{file}"))).expect("rm");
    let out = ws.fd(&["check"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("capture-missing"));
}

#[test]
fn a_capture_keeps_to_the_evidence_size_limit() {
    let srv = story_server();
    let ws = Ws::new();
    let id = ws.seed();
    let mut cfg = ws.read("factdesk.yaml");
    cfg.push_str("evidence_max_bytes: 1000\n");
    ws.write("factdesk.yaml", &cfg);
    ws.git(&["commit", "-qam", "small evidence"]);
    let before = snapshot(&ws);
    let out = ws
        .fd(&[
            "evidence",
            "add",
            &format!("{id}/c01"),
            "--url",
            &srv.url("/story"),
            "--capture",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than the limit of 1000 bytes"));
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn a_failed_capture_adds_nothing() {
    let ws = Ws::new();
    let id = ws.seed();
    let before = snapshot(&ws);
    let url = format!("http://127.0.0.1:{}/x", closed_port());
    let out = ws
        .fd(&[
            "evidence",
            "add",
            &format!("{id}/c01"),
            "--url",
            &url,
            "--capture",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(snapshot(&ws), before);
}

#[test]
fn the_archive_is_asked_and_its_copy_recorded() {
    let srv = story_server();
    let page = srv.url("/story");
    let copy = format!("/web/20240307120000/{page}");
    srv.route(&format!("/save/{page}"), Reply::Redirect(302, copy.clone()));
    srv.route(&copy, Reply::html(STORY));
    let ws = ws_with_web(&format!("archive_endpoint: {}", srv.url("/save/")));
    let id = ws.seed();
    let out = ws
        .fd(&[
            "evidence",
            "add",
            &format!("{id}/c01"),
            "--url",
            &page,
            "--archive",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ev = last_evidence(&ws, id);
    assert_eq!(ev["archive_url"], srv.url(&copy));
    assert_eq!(ev["url"], page);
}

#[test]
fn an_unreachable_archive_still_adds_the_evidence_with_a_warning() {
    let srv = story_server();
    let page = srv.url("/story");
    let ws = ws_with_web(&format!(
        "archive_endpoint: http://127.0.0.1:{}/save/",
        closed_port()
    ));
    let id = ws.seed();
    let before = ws.commits();
    let out = ws
        .fd(&[
            "evidence",
            "add",
            &format!("{id}/c01"),
            "--url",
            &page,
            "--archive",
            "--capture",
        ])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning: no archived copy was made"), "{err}");
    assert!(err.contains("cannot connect"), "{err}");
    assert_eq!(ws.commits(), before + 1);
    let ev = last_evidence(&ws, id);
    assert!(ev.get("archive_url").is_none(), "{ev}");
    assert_eq!(ev["url"], page);
    assert_eq!(ev["capture"]["status"], 200);
}

#[test]
fn an_archive_url_given_by_hand_is_recorded_as_before() {
    let ws = Ws::new();
    let id = ws.seed();
    let srv = Server::start();
    ws.fd(&[
        "evidence",
        "add",
        &format!("{id}/c01"),
        "--url",
        "https://example.org/a",
        "--archive",
        "https://web.archive.org/web/2023/https://example.org/a",
    ])
    .assert()
    .success();
    let ev = last_evidence(&ws, id);
    assert_eq!(
        ev["archive_url"],
        "https://web.archive.org/web/2023/https://example.org/a"
    );
    assert!(srv.requests().is_empty(), "nothing fetched");
}

/// `sha1:` and the RFC 4648 base32 of the SHA-1, as WARC writes digests.
fn sha1_base32(b: &[u8]) -> String {
    use sha1::Digest;
    let d = sha1::Sha1::digest(b);
    const A: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::from("sha1:");
    let (mut acc, mut bits) = (0u32, 0);
    for &byte in d.iter() {
        acc = (acc << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(A[((acc >> bits) & 31) as usize] as char);
        }
    }
    out
}

/// `evidence copy` takes a captured item's WARC file along into the other
/// case, so the copy is as checkable as the original (issue 13).
#[test]
fn a_copied_capture_comes_with_its_warc_file() {
    let srv = story_server();
    let ws = Ws::new();
    let id = ws.seed();
    let other = "2024-01-02-other-case";
    let article = crate::fixture::seed_article();
    ws.fd(&["new", article.to_str().unwrap(), "--id", other])
        .assert()
        .success();
    let url = srv.url("/story");
    ws.fd(&[
        "evidence",
        "add",
        &format!("{id}/c01"),
        "--url",
        &url,
        "--capture",
    ])
    .assert()
    .success();
    let file = last_evidence(&ws, id)["capture"]["file"]
        .as_str()
        .expect("file")
        .to_string();
    ws.fd(&[
        "evidence",
        "copy",
        &format!("{id}/c01"),
        &format!("{other}/c01"),
    ])
    .assert()
    .success();
    let ev = last_evidence(&ws, other);
    assert_eq!(ev["capture"]["file"], file.as_str());
    assert_eq!(ev["copied_from"], format!("{id}/c01"));
    assert_eq!(
        std::fs::read(ws.root.join(format!("cases/{other}/{file}"))).expect("copied"),
        std::fs::read(ws.root.join(format!("cases/{id}/{file}"))).expect("original")
    );
    let stat = ws.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(stat.contains(&format!("cases/{other}/{file}")), "{stat}");
    ws.fd(&["check"]).assert().success();
}
