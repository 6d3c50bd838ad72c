//! `factdesk links`: dead, moved, changed and fine pages; exit codes, JSON,
//! `--record` and what `status` says afterwards.

use super::server::{Reply, Server};
use super::{snapshot, STORY};
use crate::fixture::Ws;

/// A workspace whose seed claim cites four pages: one that will die, one
/// that will move, one captured that will change, and one that stays.
fn cited(srv: &Server) -> (Ws, &'static str) {
    for p in ["/dead", "/moved", "/changed", "/fine"] {
        srv.route(p, Reply::html(STORY));
    }
    let ws = Ws::new();
    let id = ws.seed();
    for p in ["/dead", "/moved", "/changed", "/fine"] {
        ws.fd(&[
            "evidence",
            "add",
            &format!("{id}/c01"),
            "--url",
            &srv.url(p),
            "--capture",
        ])
        .assert()
        .success();
    }
    srv.route("/dead", Reply::Status(404));
    srv.route("/moved", Reply::Redirect(301, "/elsewhere".into()));
    srv.route("/elsewhere", Reply::html(STORY));
    srv.route(
        "/changed",
        Reply::html(STORY.replace("40 ships", "50 ships")),
    );
    (ws, id)
}

#[test]
fn links_sorts_dead_moved_changed_and_fine() {
    let srv = Server::start();
    let (ws, id) = cited(&srv);
    let before = snapshot(&ws);
    let out = ws
        .fd(&["links", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let states: Vec<(String, String)> = v
        .as_array()
        .expect("array")
        .iter()
        .filter(|l| {
            l["url"]
                .as_str()
                .is_some_and(|u| u.starts_with(&srv.url("")))
        })
        .map(|l| {
            (
                l["url"].as_str().unwrap().to_string(),
                l["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (srv.url("/dead"), "dead".to_string()),
            (srv.url("/moved"), "moved".to_string()),
            (srv.url("/changed"), "changed".to_string()),
            (srv.url("/fine"), "fine".to_string()),
        ]
    );
    let dead = v
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["url"] == srv.url("/dead"))
        .unwrap();
    assert_eq!(dead["status"], 404);
    assert_eq!(dead["source"], format!("{id}/c01#1"));
    let moved = v
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["url"] == srv.url("/moved"))
        .unwrap();
    assert_eq!(moved["final_url"], srv.url("/elsewhere"));
    // Nothing recorded without --record.
    assert_eq!(snapshot(&ws), before);
    // Text and GitHub forms.
    let out = ws.fd(&["links", id]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 dead, 1 moved, 1 changed"), "{text}");
    let out = ws
        .fd(&["links", "--format", "github"])
        .output()
        .expect("runs");
    let gh = String::from_utf8_lossy(&out.stdout);
    assert!(
        gh.lines()
            .any(|l| l.starts_with("::error file=cases/") && l.contains("/dead")),
        "{gh}"
    );
    assert!(
        gh.lines()
            .any(|l| l.starts_with("::warning ") && l.contains("changed link")),
        "{gh}"
    );
}

#[test]
fn links_exits_0_when_nothing_is_dead() {
    let srv = Server::start();
    srv.route("/fine", Reply::html(STORY));
    let ws = Ws::new();
    let id = ws.seed();
    ws.fd(&[
        "evidence",
        "add",
        &format!("{id}/c01"),
        "--url",
        &srv.url("/fine"),
    ])
    .assert()
    .success();
    ws.fd(&["links", id]).assert().success();
}

#[test]
fn record_commits_once_and_status_shows_the_dead_count() {
    let srv = Server::start();
    let (ws, _) = cited(&srv);
    let before = ws.commits();
    let out = ws.fd(&["links", "--record"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(ws.commits(), before + 1);
    let rec = ws.read(".factdesk/links.yaml");
    assert!(rec.contains("state: dead"), "{rec}");
    let trailers = ws.git(&["log", "-1", "--format=%B"]);
    assert!(trailers.contains("Factdesk-Action: links"), "{trailers}");
    // The record is factdesk's own file: check and log read past it.
    ws.fd(&["check"]).assert().success();
    let out = ws.fd(&["log", "-n", "1"]).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("links checked, 1 dead"));
    let out = ws.fd(&["status"]).output().expect("runs");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("links: 1 dead of"), "{s}");
    let out = ws
        .fd(&["status", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["links"]["dead"], 1);
}
