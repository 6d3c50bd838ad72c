//! The case summary index (`.git/factdesk-cases-v1`) never changes what is
//! shown: after hand edits, a pull-like replacement of files, a deleted and
//! a new case, a corrupt or old index, what it gives equals a fresh read of
//! every file, and only the changed cases are read again.

use crate::fixture::{Ws, SEED_ID};
use factdesk::ops::case_index::{self, CaseRecord, Loaded};
use factdesk::ops::read;
use std::path::Path;
use std::time::Duration;

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The seed case, a verdict waiting for review, an assignee, and `n`
/// copies of the seed case with their own titles, all committed.
fn archive(n: usize) -> Ws {
    let fx = Ws::new();
    fx.seed();
    fx.fd(&["assign", &format!("{SEED_ID}/c01"), "Sari"])
        .assert()
        .success();
    // By hand: a verdict waiting for review, one with changes requested.
    let edit = |c: &str, with: &str| {
        let rel = format!("cases/{SEED_ID}/claims/{c}.yaml");
        fx.write(
            &rel,
            &fx.read(&rel)
                .replace("\nstatus: unchecked\n", &format!("\n{with}\n")),
        );
    };
    edit("c02", "status: verified\nreview:\n  verdict_by: Ed Itor");
    edit(
        "c04",
        "status: 'false'\nreview:\n  verdict_by: Ana Editor\n  reviews:\n  - by: Budi\n    at: 2024-01-01T00:00:00Z\n    verdict: 'false'\n    decision: request-changes",
    );
    for i in 0..n {
        add_copy(
            &fx,
            &format!("2024-01-{:02}-copy", i + 1),
            &format!("Copy {i}"),
        );
    }
    fx.git(&["add", "-A"]);
    fx.git(&["commit", "-q", "-m", "copies"]);
    fx
}

/// A copy of the seed case under `id` titled `title`.
pub fn add_copy(fx: &Ws, id: &str, title: &str) {
    let to = fx.root.join("cases").join(id);
    copy_dir(&fx.root.join("cases").join(SEED_ID), &to);
    let yaml = std::fs::read_to_string(to.join("case.yaml")).unwrap();
    let mut out = String::new();
    for l in yaml.lines() {
        if l.starts_with("id: ") {
            out.push_str(&format!("id: {id}\n"));
        } else if l.starts_with("title: ") {
            out.push_str(&format!("title: {title}\n"));
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    std::fs::write(to.join("case.yaml"), out).unwrap();
}

/// Records without the time they were read (which differs by design).
fn comparable(mut r: Vec<CaseRecord>) -> Vec<CaseRecord> {
    for x in &mut r {
        x.read_at = 0;
    }
    r
}

/// Loads through the index (no racy window: files just written are
/// trusted, so the fingerprints alone must catch every change) and checks
/// the result against a fresh read of every file.
fn load_and_compare(fx: &Ws) -> Loaded {
    // Coarse file system clocks: a change is stamped at least a tick after
    // the read that precedes it.
    std::thread::sleep(Duration::from_millis(30));
    let ws = fx.workspace();
    let scale = read::context(&ws, &mut |_| {}).config.verdict_scale;
    let l = case_index::load_with(&ws, &scale, Duration::ZERO, &|_, _| {}).unwrap();
    let fresh = case_index::read_all(&ws, &scale).unwrap();
    assert_eq!(comparable(l.records.clone()), comparable(fresh));
    std::thread::sleep(Duration::from_millis(30));
    l
}

fn index_file(fx: &Ws) -> std::path::PathBuf {
    case_index::index_path(&fx.workspace()).unwrap()
}

#[test]
fn only_changed_cases_are_read_again_and_results_equal_a_fresh_read() {
    let fx = archive(4);
    let claim = |case: &str, c: &str| fx.root.join(format!("cases/{case}/claims/{c}.yaml"));

    let l = load_and_compare(&fx);
    assert_eq!((l.records.len(), l.read, l.reused), (5, 5, 0));
    assert!(l.wrote && index_file(&fx).is_file());
    let l = load_and_compare(&fx);
    assert_eq!((l.read, l.reused, l.wrote), (0, 5, false));

    // A hand edit in place: a verdict and an assignee.
    let p = claim("2024-01-01-copy", "c03");
    let t = std::fs::read_to_string(&p).unwrap();
    let edited = t.replace(
        "\nstatus: unchecked\n",
        "\nstatus: 'false'\nassignee: Dewi\n",
    );
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&p)
        .unwrap()
        .write_all(edited.as_bytes())
        .unwrap();
    let l = load_and_compare(&fx);
    assert_eq!((l.read, l.reused), (1, 4));
    let r = l
        .records
        .iter()
        .find(|r| r.name == "2024-01-01-copy")
        .unwrap();
    assert!(r.summary.assignees.contains(&"Dewi".to_string()));

    // A pull: files replaced (new inode), same size and mtime as before.
    let p = claim("2024-01-02-copy", "c03");
    let t = std::fs::read_to_string(&p).unwrap();
    let mtime = std::fs::metadata(&p).unwrap().modified().unwrap();
    let tmp = p.with_extension("tmp");
    let pulled = t.replace("\nstatus: unchecked\n", "\nstatus: verified \n");
    assert!(pulled != t && pulled.len() == t.len());
    std::fs::write(&tmp, pulled).unwrap();
    std::fs::rename(&tmp, &p).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let l = load_and_compare(&fx);
    assert_eq!((l.read, l.reused), (1, 4));

    // A claim file added by hand, a deleted case, a new case.
    std::fs::copy(
        claim("2024-01-03-copy", "c01"),
        claim("2024-01-03-copy", "c12"),
    )
    .unwrap();
    std::fs::remove_dir_all(fx.root.join("cases/2024-01-04-copy")).unwrap();
    add_copy(&fx, "2025-05-05-new", "A new one");
    let l = load_and_compare(&fx);
    assert_eq!((l.records.len(), l.read, l.reused), (5, 2, 3));
    assert!(l.records.iter().any(|r| r.summary.title == "A new one"));
    assert!(!l.records.iter().any(|r| r.name == "2024-01-04-copy"));

    // A factdesk commit through the binary.
    fx.fd(&["assign", &format!("{SEED_ID}/c03"), "Dewi"])
        .assert()
        .success();
    let l = load_and_compare(&fx);
    assert_eq!(l.read, 1);
    // A file made unreadable and an article removed: still equal.
    std::fs::write(claim(SEED_ID, "c01"), "id: c01\nstatus: [unclosed\n").unwrap();
    std::fs::remove_file(fx.root.join("cases/2024-01-02-copy/article.txt")).unwrap();
    let l = load_and_compare(&fx);
    assert_eq!(l.read, 2);
    assert!(l.records.iter().any(|r| r.facts.is_none()));
}

#[test]
fn a_corrupt_torn_or_old_index_is_rebuilt_or_mended() {
    let fx = archive(2);
    load_and_compare(&fx);
    let path = index_file(&fx);
    // Garbage: everything read again, the file rewritten.
    std::fs::write(&path, "not an index\n{}\n").unwrap();
    let l = load_and_compare(&fx);
    assert_eq!((l.read, l.wrote), (3, true));
    assert_eq!(load_and_compare(&fx).read, 0);
    // A torn last block (a killed append) costs nothing but that block.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(b"\x40\x00\x00\x00torn").unwrap();
    assert_eq!(load_and_compare(&fx).read, 0);
    // Another format version: rebuilt.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[8] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(load_and_compare(&fx).read, 3);
    // A flipped byte inside one record: that case only is read again.
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(load_and_compare(&fx).read, 1);
    // The JSON lines of earlier versions are removed when it is written.
    let old = path.with_file_name("factdesk-cases-v1");
    std::fs::write(&old, "{\"factdesk_case_index\":2}\n").unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(load_and_compare(&fx).read, 3);
    assert!(!old.exists());
}

#[test]
fn files_changed_just_before_a_read_are_read_again() {
    let fx = archive(1);
    let ws = fx.workspace();
    let scale = read::context(&ws, &mut |_| {}).config.verdict_scale;
    let first = case_index::load(&ws, &scale, &|_, _| {}).unwrap();
    assert_eq!(first.read, 2);
    // Within the racy window (2 s) of their last change, cases are not
    // trusted: the same timestamp tick could hide a second change.
    let again = case_index::load(&ws, &scale, &|_, _| {}).unwrap();
    assert_eq!(again.read, 2);
}

#[test]
fn status_and_cases_match_a_fresh_read_in_every_format() {
    let fx = archive(2);
    let run = |args: &[&str]| {
        let out = fx.fd(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let all = |_: &Ws| {
        [
            run(&["status"]),
            run(&["status", "--format", "json"]),
            run(&["cases"]),
            run(&["cases", "--format", "json"]),
        ]
    };
    let cold = all(&fx);
    assert!(index_file(&fx).is_file());
    assert_eq!(all(&fx), cold);
    std::fs::write(
        fx.root.join("cases/2024-01-01-copy/claims/c05.yaml"),
        "not: [a claim",
    )
    .unwrap();
    std::fs::remove_dir_all(fx.root.join("cases/2024-01-02-copy")).unwrap();
    let warm = all(&fx);
    std::fs::remove_file(index_file(&fx)).unwrap();
    assert_eq!(all(&fx), warm);
    assert!(warm[0].contains("1 unreadable"), "{}", warm[0]);
    assert!(warm[0].contains("waiting for review (2)"), "{}", warm[0]);
    assert!(warm[0].contains("changes requested (2)"), "{}", warm[0]);
}

use std::io::Write;

/// `status` sorts the cases 64 at a time on all cores and formats its
/// lists in pieces: over 151 cases (three pieces, several threads) every
/// list keeps case order, the text and JSON name the same claims in the
/// same order, and nothing is lost or doubled.
#[test]
fn status_lists_keep_case_order_across_many_cases() {
    let fx = archive(150);
    let out = fx.fd(&["status", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cases: Vec<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(cases.len(), 151);
    assert!(cases.windows(2).all(|w| w[0] < w[1]), "{cases:?}");
    let named = |list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}/{}",
                    c["case"].as_str().unwrap(),
                    c["claim"].as_str().unwrap()
                )
            })
            .collect()
    };
    for (list, claim) in [("waiting_review", "c02"), ("changes_requested", "c04")] {
        let got = named(list);
        let want: Vec<String> = cases.iter().map(|c| format!("{c}/{claim}")).collect();
        assert_eq!(got, want, "{list}");
    }
    let sari: Vec<&str> = v["assignments"]["Sari"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let want: Vec<String> = cases.iter().map(|c| format!("{c}/c01")).collect();
    assert_eq!(sari, want);
    assert_eq!(
        v["totals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[1].as_u64().unwrap())
            .sum::<u64>(),
        151 * 11
    );
    // Piped text: every claim of the JSON list, in its order, one line each
    // (the changes-requested ones followed by the reviewer's note line).
    let text = fx.fd(&["status"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let section = |title: &str| -> Vec<String> {
        text.split(title)
            .nth(1)
            .unwrap_or_else(|| panic!("no {title} in {text}"))
            .lines()
            .skip(1)
            .take_while(|l| !l.is_empty())
            .filter(|l| !l.starts_with("      "))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert!(text.contains("waiting for review (151)"), "{text}");
    assert_eq!(section("waiting for review"), named("waiting_review"));
    assert_eq!(section("changes requested"), named("changes_requested"));
    let case_lines: Vec<&str> = text
        .split("\ncases\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("      "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(case_lines, cases);
}
