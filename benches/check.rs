//! Benchmark: `factdesk check` on a generated workspace of 2,000 cases × 15
//! claims, against yamllint on the same files (target: ≥ 50× faster) and
//! against a bare read + parse of the same files (the floor; aim: ≤ 3×).
//!
//! Run with `cargo bench --bench check`. yamllint is installed from PyPI into
//! a venv under `target/bench-venv` on first use; without it the yamllint
//! ratio is reported as unavailable. `FACTDESK_BENCH_CASES` shrinks the run.
//! First, `check` on worst-case nesting files (`-- nesting` runs only that),
//! then on a batch of hostile files (`-- hostile` runs only that).
//!
//! The hostile bound: any one file, whatever its bytes (up to the 1 MiB
//! YAML size limit), costs `check` well under a second. `-- hostile`
//! writes each of its inputs in turn as a claim, a case, a checklist and
//! `factdesk.yaml`, runs the library's `check_workspace` in process, and
//! prints the slowest file. Measured on the shared 2-core dev machine
//! (bench profile, under load): the worst of 19 inputs × 4 file kinds was
//! 309 ms, for a 965 KiB `factdesk.yaml` of 99,999 keys (just under the
//! key limit), which the parser reads whole before the first unknown key
//! is reported; every other input stayed under 155 ms, random bytes under
//! 10 ms.

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
            source: None,
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
                score: None,
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
                        capture: None,
                        added_by: Some("ana".into()),
                        copied_from: None,
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

/// A tiny deterministic generator (xorshift64*), so the random inputs are
/// the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Worst cases near every limit, and random files, each close to the
/// 1 MiB YAML size limit.
fn hostile_inputs() -> Vec<(String, Vec<u8>)> {
    const MIB: usize = 1 << 20;
    let fill = |unit: &str| unit.repeat((MIB - 16) / unit.len()).into_bytes();
    let mut v = vec![
        (
            "`{b: ` × 100,000".into(),
            "{b: ".repeat(100_000).into_bytes(),
        ),
        (
            "63 levels of `[`, repeated".into(),
            fill(&format!("- {}{}\n", "[".repeat(62), "]".repeat(62))),
        ),
        (
            "63 block levels, repeated".into(),
            (0..MIB / 3000)
                .flat_map(|r| (0..63).map(move |d| format!("{}k{r}_{d}:\n", " ".repeat(d))))
                .collect::<String>()
                .into_bytes(),
        ),
        (
            "99,999 keys".into(),
            (0..99_999)
                .map(|i| format!("k{i}: 1\n"))
                .collect::<String>()
                .into_bytes(),
        ),
        ("99,999 items".into(), fill("- x\n")[..99_999 * 4].to_vec()),
        ("one long plain scalar".into(), {
            let mut b = b"text: ".to_vec();
            b.extend(fill("word "));
            b
        }),
        ("quoted escapes".into(), {
            let mut b = b"text: \"".to_vec();
            b.extend(fill("\\u0041\\n\\x1b"));
            b.push(b'"');
            b
        }),
        ("tags everywhere".into(), fill("- !!binary aGVsbG8=\n")),
        ("anchors and aliases".into(), {
            let mut s = String::from("a: &a [x, x, x, x, x, x, x, x]\n");
            for i in 0..20_000 {
                s.push_str(&format!("k{i}: [*a, *a, *a, *a]\n"));
            }
            s.into_bytes()
        }),
        ("CRLF keys".into(), fill("k: v\r\n")),
        ("unclosed quotes".into(), fill("a: 'x\n")),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let pieces: &[&str] = &[
        "[", "]", "{", "}", ": ", "- ", "\"", "'", "!t ", "&a ", "*a", "\n", "  ", "#", "|", "x",
        "\r\n", "? ", ",",
    ];
    for n in 0..8 {
        let mut b = Vec::with_capacity(MIB);
        if n % 2 == 0 {
            while b.len() < MIB - 16 {
                b.push(rng.next() as u8);
            }
        } else {
            while b.len() < MIB - 16 {
                b.extend_from_slice(pieces[rng.below(pieces.len())].as_bytes());
            }
        }
        let kind = if n % 2 == 0 { "bytes" } else { "YAML tokens" };
        v.push((format!("random {kind} #{n}"), b));
    }
    v
}

/// `check` on every hostile input as every kind of file, in process;
/// prints the slowest per input and overall.
fn hostile(tmp: &Path) {
    let root = tmp.join("hostile");
    generate(&root, 1);
    let ws = store::Workspace::open(&root).unwrap();
    assert!(factdesk::check::check_workspace(&ws, &[])
        .diagnostics
        .is_empty());
    let files = [
        "cases/case-00000/claims/c01.yaml",
        "cases/case-00000/case.yaml",
        "checklists/statistic.yaml",
        "factdesk.yaml",
    ];
    let mut worst = (Duration::ZERO, String::new());
    for (name, bytes) in hostile_inputs() {
        let mut slowest = (Duration::ZERO, "");
        for rel in files {
            let path = root.join(rel);
            let original = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes).unwrap();
            let d = best_of(2, || {
                let r = factdesk::check::check_workspace(&ws, &[]);
                assert!(!r.diagnostics.is_empty(), "{name} as {rel}");
            });
            std::fs::write(&path, original).unwrap();
            if d > slowest.0 {
                slowest = (d, rel);
            }
        }
        println!(
            "check, hostile {name:<28} {:>5} KiB  slowest {:>8.1} ms  (as {})",
            bytes.len() / 1024,
            slowest.0.as_secs_f64() * 1e3,
            slowest.1
        );
        if slowest.0 > worst.0 {
            worst = (slowest.0, format!("{name} as {}", slowest.1));
        }
    }
    println!(
        "check, hostile: max per-file time {:.1} ms ({})",
        worst.0.as_secs_f64() * 1e3,
        worst.1
    );
}

fn main() {
    if std::env::args().any(|a| a == "nesting") {
        nesting(tempfile::tempdir().unwrap().path());
        return;
    }
    if std::env::args().any(|a| a == "hostile") {
        hostile(tempfile::tempdir().unwrap().path());
        return;
    }
    let cases: usize = std::env::var("FACTDESK_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let tmp = tempfile::tempdir().unwrap();
    nesting(tmp.path());
    hostile(tmp.path());
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
