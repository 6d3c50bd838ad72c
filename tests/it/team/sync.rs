//! Many editors, one remote: a bare repository on local disk and three
//! clones editing concurrently with the real `git`, synced with
//! `factdesk sync`. Different claims never conflict; the same claim gives a
//! normal git conflict that `conflicts`/`resolve` handle without losing
//! anything.

use super::{ARTICLE, CASE, CLAIMS};
use crate::fixture::Ws;
use predicates::str::contains;
use std::path::{Path, PathBuf};

/// A bare remote and its clones in one sandbox (one HOME for all).
struct Team {
    ws: Ws,
}

impl Team {
    fn new() -> Self {
        let ws = Ws::sandbox();
        ws.git_in(
            ws.tmp.path(),
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );
        Self { ws }
    }

    /// The folder holding the remote and the clones.
    fn dir(&self) -> &Path {
        self.ws.tmp.path()
    }

    fn clone(&self, name: &str) -> PathBuf {
        self.git(self.dir(), &["clone", "-q", "remote.git", name]);
        let dir = self.dir().join(name);
        self.git(&dir, &["config", "user.name", name]);
        self.git(
            &dir,
            &["config", "user.email", &format!("{name}@example.org")],
        );
        dir
    }

    fn fd(&self, dir: &Path, args: &[&str]) -> assert_cmd::Command {
        self.ws.fd_in(dir, args)
    }

    fn git(&self, dir: &Path, args: &[&str]) -> String {
        self.ws.git_in(dir, args)
    }

    fn git_output(&self, dir: &Path, args: &[&str]) -> std::process::Output {
        self.ws.git_output_in(dir, args)
    }

    fn head(&self, dir: &Path) -> String {
        self.git(dir, &["rev-parse", "HEAD"]).trim().to_string()
    }
}

fn claim(c: &str) -> String {
    format!("{CASE}/{c}")
}

#[test]
fn three_clones_edit_concurrently() {
    let t = Team::new();
    let ana = t.clone("ana");
    // Ana sets up the workspace and publishes it.
    t.fd(&ana, &["init"]).assert().success();
    let article = t.dir().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    t.fd(
        &ana,
        &[
            "new",
            article.to_str().unwrap(),
            "--id",
            CASE,
            "--lang",
            "en",
        ],
    )
    .assert()
    .success();
    // The proposer finds these claims itself; add any it missed.
    for text in CLAIMS {
        let out = t
            .fd(&ana, &["claim", "add", CASE, "--text", text])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() || err.contains("already is this claim"),
            "{err}"
        );
    }
    t.git(&ana, &["push", "-q", "-u", "origin", "main"]);
    let budi = t.clone("budi");
    let cy = t.clone("cy");

    // Concurrent work on different claims of the same case.
    t.fd(&ana, &["step", &claim("c01"), "attribution", "done"])
        .assert()
        .success();
    t.fd(&budi, &["step", &claim("c02"), "attribution", "done"])
        .assert()
        .success();
    t.fd(&budi, &["assign", &claim("c02"), "budi"])
        .assert()
        .success();
    t.fd(
        &cy,
        &[
            "claim",
            "dismiss",
            &claim("c03"),
            "--reason",
            "statement of position",
        ],
    )
    .assert()
    .success();
    for dir in [&ana, &budi, &cy] {
        t.fd(dir, &["sync"])
            .assert()
            .success()
            .stdout(contains("in sync"));
    }
    // A second round brings everyone to the same commit.
    for dir in [&ana, &budi, &cy] {
        t.fd(dir, &["sync"]).assert().success();
    }
    let h = t.head(&ana);
    assert_eq!(h, t.head(&budi));
    assert_eq!(h, t.head(&cy));
    for dir in [&ana, &budi, &cy] {
        t.fd(dir, &["check"]).assert().success();
        let c2 =
            std::fs::read_to_string(dir.join(format!("cases/{CASE}/claims/c02.yaml"))).unwrap();
        assert!(c2.contains("assignee: budi"));
        let c3 =
            std::fs::read_to_string(dir.join(format!("cases/{CASE}/claims/c03.yaml"))).unwrap();
        assert!(c3.contains("statement of position"));
    }
    // Every editor's work is in the log, with its author.
    let out = t
        .fd(&cy, &["log", CASE, "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let authors: std::collections::BTreeSet<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["ana", "budi", "cy"].into_iter().collect());

    // Same claim, different decisions: a real conflict for the second one.
    t.fd(&ana, &["set", &claim("c01"), "--attribution", "confirmed"])
        .assert()
        .success();
    t.fd(&budi, &["set", &claim("c01"), "--attribution", "not-found"])
        .assert()
        .success();
    t.fd(&ana, &["sync"]).assert().success();
    let budi_commit = t.head(&budi);
    t.fd(&budi, &["sync"])
        .assert()
        .code(1)
        .stdout(contains("sync stopped"))
        .stdout(contains(format!("(claim {CASE}/c01)")))
        .stdout(contains("git rebase --abort"));
    // check sees the markers; factdesk refuses to commit mid-rebase.
    t.fd(&budi, &["check"])
        .assert()
        .code(1)
        .stdout(contains("conflict-markers"))
        .stdout(contains("merge conflicts, side by side:"))
        .stdout(contains("attribution unchecked → confirmed"))
        .stdout(contains("attribution unchecked → not-found"));
    t.fd(&budi, &["step", &claim("c02"), "stop", "done"])
        .assert()
        .code(1)
        .stderr(contains("rebase"));
    // Both sides in factdesk's terms.
    t.fd(&budi, &["conflicts"])
        .assert()
        .code(1)
        .stdout(contains("attribution unchecked → confirmed"))
        .stdout(contains("attribution unchecked → not-found"))
        .stdout(contains("--theirs (your own change)"));
    // Budi keeps his own decision; Ana's is saved and stays in history.
    t.fd(&budi, &["resolve", &claim("c01"), "--theirs"])
        .assert()
        .success()
        .stdout(contains("all conflicts resolved"));
    let saved = budi.join(format!(".git/factdesk-discarded/{CASE}-c01-ours.yaml"));
    assert!(std::fs::read_to_string(saved)
        .unwrap()
        .contains("status: confirmed"));
    let out = t.git_output(&budi, &["-c", "core.editor=true", "rebase", "--continue"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.fd(&budi, &["check"]).assert().success();
    t.fd(&budi, &["sync"]).assert().success();
    t.fd(&ana, &["sync"]).assert().success();
    let c1 = std::fs::read_to_string(ana.join(format!("cases/{CASE}/claims/c01.yaml"))).unwrap();
    assert!(c1.contains("status: not-found"), "{c1}");
    // Nothing lost: Ana's decision is still in history, Budi's original
    // commit is still reachable from his reflog.
    let hist = t.git(
        &ana,
        &["log", "-p", "--", &format!("cases/{CASE}/claims/c01.yaml")],
    );
    assert!(hist.contains("+  status: confirmed"), "{hist}");
    t.git(&budi, &["cat-file", "-e", &budi_commit]);
}

#[test]
fn sync_refuses_dirty_tree_and_missing_upstream() {
    let t = Team::new();
    let ana = t.clone("ana");
    t.fd(&ana, &["init"]).assert().success();
    // No upstream yet (nothing pushed): a clear error, exit 2.
    t.fd(&ana, &["sync"])
        .assert()
        .code(2)
        .stderr(contains("git pull failed"));
    t.git(&ana, &["push", "-q", "-u", "origin", "main"]);
    std::fs::write(ana.join("factdesk.yaml"), "format: 1\n# edited\n").unwrap();
    t.fd(&ana, &["sync"])
        .assert()
        .code(1)
        .stderr(contains("uncommitted changes to factdesk.yaml"));
}

#[test]
fn conflicts_and_resolve_without_a_conflict() {
    let t = Team::new();
    let ana = t.clone("ana");
    t.fd(&ana, &["init"]).assert().success();
    t.fd(&ana, &["conflicts"])
        .assert()
        .success()
        .stdout(contains("no conflicts"));
    t.fd(&ana, &["resolve", "some-case/c01", "--ours"])
        .assert()
        .code(2)
        .stderr(contains("is not in conflict"));
    t.fd(&ana, &["resolve", "some-case/c01"]).assert().code(2);
}
