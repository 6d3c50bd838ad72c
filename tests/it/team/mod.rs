//! Several editors on one workspace: review, log and diff, reports, sync.
//! The fixture here is one English case with three claims, made by "Ed",
//! driven by the real binary and the real `git`.

mod log_diff;
mod publish;
mod report;
mod review;
mod sync;

use crate::fixture::Ws;
use std::path::PathBuf;

/// The case every fixture creates.
pub const CASE: &str = "2023-11-05-kyiv-talks";

/// A short article with sentences to claim.
pub const ARTICLE: &str = "Western officials discuss possible Kyiv-Moscow peace talks\n\nBy Yati Maulana\n\nKYIV - US and European officials have talked with Ukraine's government about possible peace negotiations with Russia, NBC reported, citing an unnamed senior US official.\n\nThe war has killed or wounded hundreds of thousands of people.\n\nRussia currently controls about 17.5% of Ukraine's internationally recognised territory.\n\nMoscow says it is open to talks.\n";

/// Claim texts, in the order [`workspace`] adds them (c01, c02, c03).
pub const CLAIMS: [&str; 3] = [
    "The war has killed or wounded hundreds of thousands of people.",
    "Russia currently controls about 17.5% of Ukraine's internationally recognised territory.",
    "Moscow says it is open to talks.",
];

/// A workspace by "Ed" with case [`CASE`] and claims c01..c03.
pub fn workspace() -> Ws {
    let ws = Ws::init_as("Ed");
    let article = ws.tmp.path().join("article.txt");
    std::fs::write(&article, ARTICLE).expect("write article");
    let article = article.to_str().expect("utf-8 path");
    ws.fd(&["new", article, "--id", CASE])
        .args([
            "--title",
            "Western officials discuss possible Kyiv-Moscow peace talks",
        ])
        .args([
            "--outlet",
            "Example Daily",
            "--url",
            "https://example.org/kyiv-talks",
        ])
        .args(["--published", "2023-11-05T11:01:00+07:00", "--lang", "en"])
        .assert()
        .success();
    // The proposer finds these itself; add any it missed.
    for t in CLAIMS {
        let out = ws
            .fd(&["claim", "add", CASE, "--text", t])
            .output()
            .expect("run factdesk");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() || err.contains("already is this claim"),
            "{err}"
        );
    }
    ws
}

/// Path of a claim file of [`CASE`].
pub fn claim_path(ws: &Ws, claim: &str) -> PathBuf {
    ws.root.join(format!("cases/{CASE}/claims/{claim}.yaml"))
}

/// Does the checklist, adds evidence and sets `status` on `claim`.
pub fn verdict(ws: &Ws, claim: &str, status: &str) {
    let r = format!("{CASE}/{claim}");
    let shown = ws
        .fd(&["show", &r, "--format", "json"])
        .output()
        .expect("show");
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("json");
    for s in v["checklist"]["steps"].as_array().expect("steps") {
        let id = s["id"].as_str().expect("step id");
        if s["state"] == "pending" {
            ws.fd(&["step", &r, id, "done"]).assert().success();
        }
    }
    ws.fd(&["evidence", "add", &r, "--url", "https://www.isw.org/maps"])
        .args([
            "--archive",
            "https://web.archive.org/web/2023/https://www.isw.org/maps",
        ])
        .args(["--stance", "supports", "--excerpt", "about 17.5 percent"])
        .assert()
        .success();
    ws.fd(&["set", &r, "--status", status, "--note", "maps agree"])
        .assert()
        .success();
}
