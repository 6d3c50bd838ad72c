//! Benchmark: `factdesk check` on a generated workspace of 2,000 cases × 15
//! claims, against yamllint on the same files (target: ≥ 50× faster) and
//! against a bare read + parse of the same files (the floor; aim: ≤ 3×).
//!
//! Run with `cargo bench --bench check`. yamllint is installed from PyPI into
//! a venv under `target/bench-venv` on first use; without it the yamllint
//! ratio is reported as unavailable. `FACTDESK_BENCH_CASES` shrinks the run.
//! First, `check` on worst-case nesting files (`-- nesting` runs only that).

use factdesk::model::*;
use factdesk::store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CLAIMS: usize = 15;

fn generate(root: &Path, cases: usize) {
    std::fs::create_dir_all(root.join("checklists")).unwrap();
    std::fs::write(
        root.join("factdesk.yaml"),
        factdesk::assets::default_config(),
    )
    .unwrap();
    std::fs::write(root.join(".yamllint"), factdesk::assets::YAMLLINT).unwrap();
    for (name, text) in factdesk::assets::CHECKLISTS {
        std::fs::write(root.join("checklists").join(name), text).unwrap();
    }
    let list_text = factdesk::assets::CHECKLISTS
        .iter()
        .find(|(n, _)| *n == "statistic.yaml")
        .unwrap()
        .1;
    let list: Checklist = store::parse(list_text).unwrap();
    let sha = store::sha256_hex(list_text.as_bytes());
    let t: Timestamp = "2023-11-05T11:01:00+07:00".parse().unwrap();
    for c in 0..cases {
        let id = CaseId::new(format!("case-{c:05}")).unwrap();
        let dir = root.join("cases").join(id.as_str());
        std::fs::create_dir_all(dir.join("claims")).unwrap();
        let mut article = String::new();
        let mut spans = Vec::new();
        for i in 0..CLAIMS {
            let s = format!(
                "Officials said {} people were affected in district {i}, according to the agency. ",
                1000 + c * 7 + i
            );
            spans.push((article.len(), article.len() + s.len() - 1));
            article.push_str(&s);
            article.push('\n');
        }
        std::fs::write(dir.join("article.txt"), &article).unwrap();
        let case = Case {
            id: id.clone(),
            title: format!("Generated case {c}"),
            outlet: Some("Bench Daily".into()),
            author: None,
            language: "en".into(),
            url: Some(format!("https://example.org/{c}")),
            published: Some(t),
            dateline: None,
            intake: t,
            source_chain: vec![Source {
                name: "Reuters".into(),
                role: Some("republishes".into()),
                anonymous: false,
            }],
            assignees: vec!["ana".into()],
            publish: false,
            article_sha256: store::sha256_hex(article.as_bytes()),
        };
        std::fs::write(dir.join("case.yaml"), store::render(&case).unwrap()).unwrap();
        for (i, (s, e)) in spans.iter().enumerate() {
            let cid = ClaimId::from_number(i as u32 + 1);
            let claim = Claim {
                id: cid.clone(),
                kind: ClaimKind::Statistic,
                text: article[*s..*e].to_string(),
                translation: None,
                location: Location::from_span(&article, *s, *e),
                attribution: Attribution {
                    speaker: Some("the agency".into()),
                    chain: vec!["Reuters".into(), "the agency".into()],
                    anonymous: false,
                    status: AttributionStatus::Unchecked,
                },
                caveats: vec![],
                figures: vec![format!("{}", 1000 + c * 7 + i)],
                proposed_because: Some("contains a statistic".into()),
                status: if i % 3 == 0 {
                    "in-progress".into()
                } else {
                    "unchecked".into()
                },
                checklist: ChecklistRef {
                    id: "statistic".into(),
                    sha256: sha.clone(),
                    steps: list
                        .steps
                        .iter()
                        .map(|st| StepRecord {
                            id: st.id.clone(),
                            state: if i % 3 == 0 {
                                StepState::Done
                            } else {
                                StepState::Pending
                            },
                            by: None,
                            at: None,
                            note: String::new(),
                        })
                        .collect(),
                },
                evidence: if i % 3 == 0 {
                    vec![Evidence {
                        kind: None,
                        url: "https://example.org/source".into(),
                        archive_url: None,
                        description: String::new(),
                        accessed: t,
                        stance: Stance::Supports,
                        excerpt: "multi-line\nexcerpt".into(),
                        file: None,
                        added_by: Some("ana".into()),
                        corrections: Vec::new(),
                        withdrawn: None,
                    }]
                } else {
                    vec![]
                },
                notes: String::new(),
                assignee: None,
                dismissed: None,
                review: Default::default(),
            };
            std::fs::write(
                dir.join("claims").join(format!("{cid}.yaml")),
                store::render(&claim).unwrap(),
            )
            .unwrap();
        }
    }
}

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let start = Instant::now();
    let r = f();
    (start.elapsed(), r)
}

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..n).map(|_| time(&mut f).0).min().unwrap_or_default()
}

fn yamllint() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-venv");
    let bin = venv.join("bin/yamllint");
    if !bin.exists() {
        eprintln!("installing yamllint into {} …", venv.display());
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "yamllint"])
                .status()
                .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
    }
    Some(bin)
}

/// Worst-case nesting: `factdesk check` on a case whose one claim file is
/// `{b: ` 100,000 times (400 KB, under the 1 MiB size limit). Before the
/// YAML pre-scan this took > 20 s; the nesting limit makes it one
/// diagnostic. Run alone with `cargo bench --bench check -- nesting`.
fn nesting(tmp: &Path) {
    let root = tmp.join("nest");
    generate(&root, 1);
    let claim = root.join("cases/case-00000/claims/c01.yaml");
    let bin = env!("CARGO_BIN_EXE_factdesk");
    for (name, text) in [
        ("`{b: ` × 100,000", "{b: ".repeat(100_000)),
        ("`[` × 100,000", "[".repeat(100_000)),
        ("`- ` × 100,000", "- ".repeat(100_000) + "x"),
    ] {
        std::fs::write(&claim, &text).unwrap();
        let run = || {
            Command::new(bin)
                .arg("-C")
                .arg(&root)
                .arg("check")
                .output()
                .unwrap()
        };
        assert_eq!(run().status.code(), Some(1), "{name}: check must fail");
        let d = best_of(3, run);
        let parse = best_of(3, || store::parse::<Claim>(&text).unwrap_err());
        println!(
            "check, claim nested {name:<18} {:>9.1} ms  (parse alone {:.2} ms)",
            d.as_secs_f64() * 1e3,
            parse.as_secs_f64() * 1e3
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "nesting") {
        nesting(tempfile::tempdir().unwrap().path());
        return;
    }
    let cases: usize = std::env::var("FACTDESK_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let tmp = tempfile::tempdir().unwrap();
    nesting(tmp.path());
    let root = tmp.path().join("ws");
    eprintln!("generating {cases} cases × {CLAIMS} claims …");
    generate(&root, cases);
    let files: Vec<PathBuf> = {
        let mut v = Vec::new();
        for c in std::fs::read_dir(root.join("cases")).unwrap() {
            let d = c.unwrap().path();
            v.push(d.join("case.yaml"));
            for f in std::fs::read_dir(d.join("claims")).unwrap() {
                v.push(f.unwrap().path());
            }
        }
        v
    };
    let bin = env!("CARGO_BIN_EXE_factdesk");

    // Sanity: the generated workspace is clean, so we measure the happy path.
    let out = Command::new(bin)
        .arg("-C")
        .arg(&root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "generated workspace not clean: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    let check = best_of(3, || {
        Command::new(bin)
            .arg("-C")
            .arg(&root)
            .arg("check")
            .output()
            .unwrap()
    });
    // The floor: read every file and parse it into its model type, with no
    // checks at all; once on one thread, once on two (check uses both cores).
    let parse_one = |f: &PathBuf| {
        let raw = std::fs::read_to_string(f).unwrap();
        if f.ends_with("case.yaml") {
            let _: Case = store::parse(&raw).unwrap();
        } else {
            let _: Claim = store::parse(&raw).unwrap();
        }
    };
    let floor_seq = best_of(3, || files.iter().for_each(parse_one));
    let floor_par = best_of(3, || {
        std::thread::scope(|s| {
            for chunk in files.chunks(files.len().div_ceil(2)) {
                s.spawn(move || chunk.iter().for_each(parse_one));
            }
        })
    });

    println!(
        "files: {} ({cases} cases × {CLAIMS} claims + case.yaml)",
        files.len()
    );
    println!(
        "factdesk check (process, best of 3):       {:>9.1} ms",
        check.as_secs_f64() * 1e3
    );
    println!(
        "floor: read + YAML parse, 1 thread:        {:>9.1} ms  (check/floor = {:.2}×)",
        floor_seq.as_secs_f64() * 1e3,
        check.as_secs_f64() / floor_seq.as_secs_f64()
    );
    println!(
        "floor: read + YAML parse, 2 threads:       {:>9.1} ms  (check/floor = {:.2}×)",
        floor_par.as_secs_f64() * 1e3,
        check.as_secs_f64() / floor_par.as_secs_f64()
    );
    match yamllint() {
        Some(y) => {
            let (d, out) = time(|| {
                Command::new(&y)
                    .arg("-c")
                    .arg(root.join(".yamllint"))
                    .arg("-f")
                    .arg("parsable")
                    .arg(root.join("cases"))
                    .output()
                    .unwrap()
            });
            let complaints = String::from_utf8_lossy(&out.stdout).lines().count();
            println!(
                "yamllint (same files, 1 run):              {:>9.1} ms  ({complaints} complaints)",
                d.as_secs_f64() * 1e3
            );
            let ratio = d.as_secs_f64() / check.as_secs_f64();
            println!(
                "ratio yamllint / factdesk check:           {ratio:>9.1}×  (target ≥ 50×: {})",
                if ratio >= 50.0 { "met" } else { "NOT met" }
            );
        }
        None => println!("yamllint unavailable (pip install failed): ratio not measured"),
    }
}
