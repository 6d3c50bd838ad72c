//! Many editors, one remote: a bare repository on local disk and three
//! clones editing concurrently with the real `git`, synced with
//! `factdesk sync`. Different claims never conflict; the same claim gives a
//! normal git conflict that `conflicts`/`resolve` handle without losing
//! anything.

use super::{fd, git, git_output, ARTICLE, CASE, CLAIMS};
use predicates::str::contains;
use std::path::{Path, PathBuf};

struct Team {
    tmp: tempfile::TempDir,
    home: PathBuf,
}

impl Team {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        git(
            tmp.path(),
            &home,
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );
        Self { tmp, home }
    }

    fn clone(&self, name: &str) -> PathBuf {
        git(
            self.tmp.path(),
            &self.home,
            &["clone", "-q", "remote.git", name],
        );
        let dir = self.tmp.path().join(name);
        git(&dir, &self.home, &["config", "user.name", name]);
        git(
            &dir,
            &self.home,
            &["config", "user.email", &format!("{name}@example.org")],
        );
        dir
    }

    fn fd(&self, dir: &Path) -> assert_cmd::Command {
        fd(dir, &self.home)
    }

    fn head(&self, dir: &Path) -> String {
        git(dir, &self.home, &["rev-parse", "HEAD"])
            .trim()
            .to_string()
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
    t.fd(&ana).arg("init").assert().success();
    let article = t.tmp.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    t.fd(&ana)
        .args([
            "new",
            article.to_str().unwrap(),
            "--id",
            CASE,
            "--lang",
            "en",
        ])
        .assert()
        .success();
    // The proposer finds these claims itself; add any it missed.
    for text in CLAIMS {
        let out = t
            .fd(&ana)
            .args(["claim", "add", CASE, "--text", text])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() || err.contains("already is this claim"),
            "{err}"
        );
    }
    git(&ana, &t.home, &["push", "-q", "-u", "origin", "main"]);
    let budi = t.clone("budi");
    let cy = t.clone("cy");

    // Concurrent work on different claims of the same case.
    t.fd(&ana)
        .args(["step", &claim("c01"), "attribution", "done"])
        .assert()
        .success();
    t.fd(&budi)
        .args(["step", &claim("c02"), "attribution", "done"])
        .assert()
        .success();
    t.fd(&budi)
        .args(["assign", &claim("c02"), "budi"])
        .assert()
        .success();
    t.fd(&cy)
        .args([
            "claim",
            "dismiss",
            &claim("c03"),
            "--reason",
            "statement of position",
        ])
        .assert()
        .success();
    for dir in [&ana, &budi, &cy] {
        t.fd(dir)
            .arg("sync")
            .assert()
            .success()
            .stdout(contains("in sync"));
    }
    // A second round brings everyone to the same commit.
    for dir in [&ana, &budi, &cy] {
        t.fd(dir).arg("sync").assert().success();
    }
    let h = t.head(&ana);
    assert_eq!(h, t.head(&budi));
    assert_eq!(h, t.head(&cy));
    for dir in [&ana, &budi, &cy] {
        t.fd(dir).arg("check").assert().success();
        let c2 =
            std::fs::read_to_string(dir.join(format!("cases/{CASE}/claims/c02.yaml"))).unwrap();
        assert!(c2.contains("assignee: budi"));
        let c3 =
            std::fs::read_to_string(dir.join(format!("cases/{CASE}/claims/c03.yaml"))).unwrap();
        assert!(c3.contains("statement of position"));
    }
    // Every editor's work is in the log, with its author.
    let out = t
        .fd(&cy)
        .args(["log", CASE, "--format", "json"])
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
    t.fd(&ana)
        .args(["set", &claim("c01"), "--attribution", "confirmed"])
        .assert()
        .success();
    t.fd(&budi)
        .args(["set", &claim("c01"), "--attribution", "not-found"])
        .assert()
        .success();
    t.fd(&ana).arg("sync").assert().success();
    let budi_commit = t.head(&budi);
    t.fd(&budi)
        .arg("sync")
        .assert()
        .code(1)
        .stdout(contains("sync stopped"))
        .stdout(contains(format!("(claim {CASE}/c01)")))
        .stdout(contains("git rebase --abort"));
    // check sees the markers; factdesk refuses to commit mid-rebase.
    t.fd(&budi)
        .arg("check")
        .assert()
        .code(1)
        .stdout(contains("conflict-markers"))
        .stdout(contains("merge conflicts, side by side:"))
        .stdout(contains("attribution unchecked → confirmed"))
        .stdout(contains("attribution unchecked → not-found"));
    t.fd(&budi)
        .args(["step", &claim("c02"), "stop", "done"])
        .assert()
        .code(1)
        .stderr(contains("rebase"));
    // Both sides in factdesk's terms.
    t.fd(&budi)
        .arg("conflicts")
        .assert()
        .code(1)
        .stdout(contains("attribution unchecked → confirmed"))
        .stdout(contains("attribution unchecked → not-found"))
        .stdout(contains("--theirs (your own change)"));
    // Budi keeps his own decision; Ana's is saved and stays in history.
    t.fd(&budi)
        .args(["resolve", &claim("c01"), "--theirs"])
        .assert()
        .success()
        .stdout(contains("all conflicts resolved"));
    let saved = budi.join(format!(".git/factdesk-discarded/{CASE}-c01-ours.yaml"));
    assert!(std::fs::read_to_string(saved)
        .unwrap()
        .contains("status: confirmed"));
    let out = git_output(
        &budi,
        &t.home,
        &["-c", "core.editor=true", "rebase", "--continue"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.fd(&budi).arg("check").assert().success();
    t.fd(&budi).arg("sync").assert().success();
    t.fd(&ana).arg("sync").assert().success();
    let c1 = std::fs::read_to_string(ana.join(format!("cases/{CASE}/claims/c01.yaml"))).unwrap();
    assert!(c1.contains("status: not-found"), "{c1}");
    // Nothing lost: Ana's decision is still in history, Budi's original
    // commit is still reachable from his reflog.
    let hist = git(
        &ana,
        &t.home,
        &["log", "-p", "--", &format!("cases/{CASE}/claims/c01.yaml")],
    );
    assert!(hist.contains("+  status: confirmed"), "{hist}");
    git(&budi, &t.home, &["cat-file", "-e", &budi_commit]);
}

#[test]
fn sync_refuses_dirty_tree_and_missing_upstream() {
    let t = Team::new();
    let ana = t.clone("ana");
    t.fd(&ana).arg("init").assert().success();
    // No upstream yet (nothing pushed): a clear error, exit 2.
    t.fd(&ana)
        .arg("sync")
        .assert()
        .code(2)
        .stderr(contains("git pull failed"));
    git(&ana, &t.home, &["push", "-q", "-u", "origin", "main"]);
    std::fs::write(ana.join("factdesk.yaml"), "format: 1\n# edited\n").unwrap();
    t.fd(&ana)
        .arg("sync")
        .assert()
        .code(1)
        .stderr(contains("uncommitted changes to factdesk.yaml"));
}

#[test]
fn conflicts_and_resolve_without_a_conflict() {
    let t = Team::new();
    let ana = t.clone("ana");
    t.fd(&ana).arg("init").assert().success();
    t.fd(&ana)
        .arg("conflicts")
        .assert()
        .success()
        .stdout(contains("no conflicts"));
    t.fd(&ana)
        .args(["resolve", "some-case/c01", "--ours"])
        .assert()
        .code(2)
        .stderr(contains("is not in conflict"));
    t.fd(&ana)
        .args(["resolve", "some-case/c01"])
        .assert()
        .code(2);
}
