//! Hostile text in every output: Markdown rendered with a CommonMark parser
//! (no raw HTML, no link that is not http(s)), terminal output without raw
//! escapes, controls or bidi overrides; and hostile files for `check`
//! (issue 8), one test per finding, asserting the exact diagnostic.
//!
//! Findings tested elsewhere, next to their command: nesting in a claim
//! (`check::deeply_nested_claim_gets_one_limit_diagnostic`), links and
//! FIFOs (`cli::check_reports_links_and_never_reads_through_them`,
//! `cli::commands_do_not_read_through_linked_case_folders`,
//! `cli::evidence_add_takes_only_bounded_regular_files`), path arguments
//! (`cli::claim_and_case_arguments_are_ids_not_paths`), URLs at entry
//! (`cli::evidence_urls_are_refused_at_entry`), the byte order mark and
//! duplicate keys (`check::a_byte_order_mark_is_accepted`,
//! `check::a_duplicate_key_is_reported_where_it_repeats`), reports
//! (`team::report::claimreview_json_ld_cannot_end_a_script_block`,
//! `team::report::markdown_report_over_the_hostile_corpus`). The property
//! test over any bytes is in [`prop`].

mod prop;

use factdesk::diff::{self, CaseChanges, Diff, HandEdit, Item};
use pulldown_cmark::{Event, Options, Parser, Tag};

/// Strings a stranger could put in an article, a claim file or a folder name.
pub const CORPUS: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "x`<img src=x onerror=alert(3)>`",
    "``` <b>run</b> ```",
    "`",
    "a | b | <i>c</i>",
    "[x](javascript:alert(4))",
    "![x](https://evil.example/t.png)",
    "https://evil.example/[x](javascript:alert(4))|",
    "<javascript:alert(5)>",
    "<!-- comment",
    "[x]: javascript:alert(6)\n\n[x]",
    "&lt;img src=x onerror=alert(7)&gt;",
    "\\<img src=x onerror=alert(8)>",
    "# heading\n- list\n> quote",
    "*a* _b_ ~~c~~ #1 @team",
];

/// HTML factdesk itself writes: the claim anchors of the report and the
/// footer of the diff comment.
fn ours(html: &str) -> bool {
    let h = html.trim();
    h == "</a>"
        || h == "<sub>"
        || h == "</sub>"
        || (h.starts_with("<a id=\"c")
            && h.ends_with("\">")
            && h[7..h.len() - 2].chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Renders `md` as CommonMark with GFM tables and strikethrough and fails
/// on any raw HTML factdesk did not write, any image, and any link whose
/// destination is neither http(s) nor an anchor of the report.
pub fn assert_safe_markdown(md: &str) {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for ev in Parser::new_ext(md, opts) {
        match &ev {
            Event::Html(h) | Event::InlineHtml(h) => {
                assert!(ours(h), "raw HTML {h:?} in:\n{md}")
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("image {dest_url:?} in:\n{md}")
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let d = dest_url.to_ascii_lowercase();
                let anchor = d.starts_with("#c") && d[2..].chars().all(|c| c.is_ascii_digit());
                assert!(
                    d.starts_with("https://") || d.starts_with("http://") || anchor,
                    "link to {dest_url:?} in:\n{md}"
                );
            }
            _ => {}
        }
    }
}

/// The checker itself catches what it must.
#[test]
fn the_checker_catches_html_and_bad_links() {
    for bad in [
        "a <img src=x onerror=alert(1)> b",
        "<script>x</script>\n",
        "[x](javascript:alert(1))",
        "![x](https://e.example/a.png)",
        "<javascript:alert(1)>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_safe_markdown(bad)).is_err();
        assert!(caught, "{bad:?} passed the checker");
    }
    assert_safe_markdown("[a](https://e.example) <https://e.example> [c01](#c01)");
}

/// Regression: a case folder name with a backtick closed its code span and
/// `<img …>` after it became raw HTML in `diff --format markdown` (the PR
/// comment CI posts).
#[test]
fn diff_markdown_over_the_corpus() {
    for s in CORPUS {
        let d = Diff {
            range: s.to_string(),
            cases: vec![CaseChanges {
                case: s.to_string(),
                renamed_from: Some(s.to_string()),
                title: Some(s.to_string()),
                items: vec![
                    Item {
                        claim: Some(s.to_string()),
                        text: s.to_string(),
                        alert: true,
                    },
                    Item {
                        claim: None,
                        text: s.to_string(),
                        alert: false,
                    },
                ],
            }],
            hand_edits: vec![HandEdit {
                commit: s.to_string(),
                author: s.to_string(),
                subject: s.to_string(),
                paths: vec![s.to_string(), s.to_string()],
            }],
            uncommitted: true,
        };
        assert_safe_markdown(&diff::to_markdown(&d));
    }
}

/// Regression, through the binary: a case folder renamed by hand to a name
/// with backticks and `<img …>` broke out of its code span in the PR
/// comment `diff --format markdown` writes.
#[test]
fn diff_markdown_of_a_hostile_case_folder() {
    use crate::team::{workspace, CASE};
    let ws = workspace();
    ws.git(&["checkout", "-q", "-b", "work"]);
    let name = "x`<img src=x onerror=alert(1)>`[y](javascript:alert(2))";
    ws.git(&["mv", &format!("cases/{CASE}"), &format!("cases/{name}")]);
    ws.git(&["commit", "-qm", "rename `<img src=x onerror=alert(3)>`"]);
    let out = ws
        .fd(&["diff", "main..HEAD", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("onerror"), "the name is shown: {md}");
    assert_safe_markdown(&md);
}

/// A terminal-hostile string as a YAML double-quoted scalar: ESC with a
/// colour sequence, BEL and RIGHT-TO-LEFT OVERRIDE.
const YAML_HOSTILE: &str = r#""x\e[31mred\abell\u202Erlo""#;

/// Fails when `bytes` hold a raw ESC, BEL or RLO.
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let s = String::from_utf8_lossy(bytes);
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!s.contains(bad), "{what} holds raw {bad:?}:\n{s}");
    }
}

/// Runs factdesk and checks both streams; returns stdout.
fn run_clean(ws: &crate::fixture::Ws, args: &[&str]) -> String {
    let out = ws.fd(args).output().unwrap();
    assert_no_raw_controls(&format!("stdout of {args:?}"), &out.stdout);
    assert_no_raw_controls(&format!("stderr of {args:?}"), &out.stderr);
    String::from_utf8(out.stdout).unwrap()
}

/// Regression: `diff` and `diff --format markdown` printed ESC and BEL
/// from a case folder name.
#[test]
fn diff_shows_a_hostile_case_folder_as_placeholders() {
    use crate::team::{workspace, CASE};
    let ws = workspace();
    ws.git(&["checkout", "-q", "-b", "work"]);
    let name = "x\u{1b}[31mred\u{7}bell\u{202e}rlo";
    ws.git(&["mv", &format!("cases/{CASE}"), &format!("cases/{name}")]);
    ws.git(&["commit", "-qm", "rename \u{1b}[2J\u{7}"]);
    for fmt in ["text", "markdown", "json"] {
        let s = run_clean(&ws, &["diff", "main..HEAD", "--format", fmt]);
        assert!(s.contains("red"), "{s}");
        if fmt != "json" {
            assert!(s.contains("␛[31mred␇bell⟨U+202E⟩rlo"), "{s}");
        }
    }
}

/// Regression: `show` printed checklist and step ids of a hand-edited
/// claim raw; `status` a hand-edited status value; `claims` the bad key
/// its parse error quotes; `export --format csv` ESC, BEL and RLO from
/// notes.
#[test]
fn hand_edited_claims_reach_no_terminal_raw() {
    use crate::team::{claim_path, workspace, CASE};
    let ws = workspace();
    let p1 = claim_path(&ws, "c01");
    let y = std::fs::read_to_string(&p1).unwrap();
    let mut lines: Vec<String> = Vec::new();
    for l in y.lines() {
        let l = if l.starts_with("status: ") {
            format!("status: {YAML_HOSTILE}")
        } else if l == "  id: general" || (l.starts_with("  id: ") && !l.contains("c0")) {
            format!("  id: {YAML_HOSTILE}")
        } else if l.starts_with("  - id: ") {
            format!("  - id: {YAML_HOSTILE}")
        } else {
            l.to_string()
        };
        lines.push(l);
    }
    lines.push(format!("notes: {YAML_HOSTILE}"));
    let edited = lines.join("\n") + "\n";
    assert!(edited.contains("  - id: \""), "{edited}");
    std::fs::write(&p1, edited).unwrap();
    let r1 = format!("{CASE}/c01");
    let show = run_clean(&ws, &["show", &r1]);
    assert!(show.contains("␛[31mred␇bell⟨U+202E⟩rlo"), "{show}");
    run_clean(&ws, &["show", &r1, "--format", "json"]);
    run_clean(&ws, &["status"]);
    run_clean(&ws, &["status", "--format", "json"]);
    let csv = run_clean(&ws, &["export", CASE, "--format", "csv"]);
    assert!(csv.contains("␛[31mred␇bell⟨U+202E⟩rlo"), "{csv}");
    assert!(csv.contains("\r\n"), "CSV keeps its CRLF line ends");

    let p2 = claim_path(&ws, "c02");
    let y2 = std::fs::read_to_string(&p2).unwrap();
    std::fs::write(&p2, format!("{y2}{YAML_HOSTILE}: 1\n")).unwrap();
    let claims = run_clean(&ws, &["claims", CASE]);
    assert!(claims.contains("cannot be read"), "{claims}");
    assert!(claims.contains("␛[31mred␇bell⟨U+202E⟩rlo"), "{claims}");
    run_clean(&ws, &["claims", CASE, "--format", "json"]);
    run_clean(&ws, &["check"]);
    run_clean(&ws, &["check", "--format", "json"]);
}

/// `check --format json` on `ws`: (exit code, diagnostics).
fn check_json(ws: &crate::fixture::Ws) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = ws.fd(&["check", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), v.as_array().unwrap().clone())
}

/// `(code, line, column)` of every diagnostic about `file`.
fn at(diags: &[serde_json::Value], file: &str) -> Vec<(String, u64, u64)> {
    diags
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Regression: one checklist that fails to parse also gave a false
/// "checklist `quote` does not exist" on every claim using it. Now it is
/// one finding, at the checklist's own line.
#[test]
fn a_broken_checklist_is_one_finding_at_the_checklist() {
    let ws = crate::fixture::Ws::new();
    let case = ws.seed();
    let dir = ws.root.join(format!("cases/{case}/claims"));
    let mut used = std::collections::BTreeMap::<String, usize>::new();
    for f in std::fs::read_dir(&dir).unwrap() {
        let y = std::fs::read_to_string(f.unwrap().path()).unwrap();
        let c: factdesk::model::Claim = factdesk::store::parse(&y).unwrap();
        *used.entry(c.checklist.id).or_default() += 1;
    }
    let (id, n) = used.into_iter().max_by_key(|(_, n)| *n).unwrap();
    assert!(n >= 1, "the seed case uses checklists");
    let rel = format!("checklists/{id}.yaml");
    let text = ws.read(&rel);
    let line = text.lines().count() + 1;
    ws.write(&rel, &format!("{text}id: again\n"));
    let (code, diags) = check_json(&ws);
    assert_eq!(code, Some(1));
    assert_eq!(
        at(&diags, &rel),
        [("yaml-syntax".to_string(), line as u64, 1)],
        "{diags:#?}"
    );
    assert!(
        diags.iter().all(|d| d["code"] != "unknown-checklist"),
        "{diags:#?}"
    );
    // A checklist that is really missing still is.
    std::fs::remove_file(ws.root.join(&rel)).unwrap();
    let (_, diags) = check_json(&ws);
    let missing = diags
        .iter()
        .filter(|d| d["code"] == "unknown-checklist")
        .count();
    assert_eq!(missing, n, "{diags:#?}");
}

/// A claim, a case, a checklist or `factdesk.yaml` nested past the limit
/// gets one `yaml-limit` finding (its own code, not `yaml-syntax`) at the
/// place the limit is crossed.
#[test]
fn limits_have_their_own_code_in_every_file_kind() {
    use crate::team::{workspace, CASE};
    let ws = workspace();
    let files = [
        format!("cases/{CASE}/claims/c01.yaml"),
        format!("cases/{CASE}/case.yaml"),
        "checklists/statistic.yaml".to_string(),
        "factdesk.yaml".to_string(),
    ];
    for rel in &files {
        let before = ws.read(rel);
        ws.write(rel, &format!("a: 1\nb: {}", "{b: ".repeat(100_000)));
        let (code, diags) = check_json(&ws);
        assert_eq!(code, Some(1), "{rel}");
        assert_eq!(
            at(&diags, rel),
            [("yaml-limit".to_string(), 2, 4 * 64 - 3 + 3)],
            "{rel}"
        );
        let m = diags.iter().find(|d| d["file"] == rel.as_str()).unwrap();
        assert_eq!(m["message"], "nested more than 64 levels deep");
        ws.write(rel, &before);
    }
    let rules = ws.fd(&["check", "--rules"]).output().unwrap().stdout;
    assert!(String::from_utf8_lossy(&rules).contains("yaml-limit"));
}

/// Regression: aliases that expand exponentially ("billion laughs") are
/// bounded: one finding, whichever file holds them, and the parser itself
/// stops at its expansion limit rather than building the tree.
#[test]
fn an_alias_bomb_is_bounded() {
    use crate::team::{workspace, CASE};
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 10].join(",");
        bomb.push_str(&format!("{n}: &{n} [{refs}]\n", n = w[1]));
    }
    let e = factdesk::store::parse::<factdesk::store::yaml::Value>(&bomb).unwrap_err();
    assert_eq!(*e.kind, factdesk::store::YamlErrorKind::Limit, "{e:?}");
    let ws = workspace();
    for rel in [
        format!("cases/{CASE}/claims/c01.yaml"),
        "factdesk.yaml".to_string(),
    ] {
        let before = ws.read(&rel);
        ws.write(&rel, &bomb);
        let (code, diags) = check_json(&ws);
        assert_eq!(code, Some(1));
        assert_eq!(at(&diags, &rel).len(), 1, "{rel}: {diags:#?}");
        ws.write(&rel, &before);
    }
}

/// CRLF is accepted on purpose (git's `core.autocrlf` writes it on
/// Windows): same findings at the same lines and columns as with LF, and
/// the next mutation writes the file back with LF (docs/format.md).
#[test]
fn crlf_files_are_accepted_with_true_positions() {
    use crate::team::{claim_path, workspace, CASE};
    let ws = workspace();
    let p = claim_path(&ws, "c02");
    let lf = std::fs::read_to_string(&p).unwrap();
    let rel = format!("cases/{CASE}/claims/c02.yaml");
    std::fs::write(&p, lf.replace('\n', "\r\n")).unwrap();
    assert_eq!(check_json(&ws), (Some(0), vec![]));
    let bad = lf.replacen("status: unchecked", "status:   verifed", 1);
    assert_ne!(bad, lf);
    std::fs::write(&p, &bad).unwrap();
    let (_, with_lf) = check_json(&ws);
    std::fs::write(&p, bad.replace('\n', "\r\n")).unwrap();
    let (code, with_crlf) = check_json(&ws);
    assert_eq!(code, Some(1));
    assert_eq!(at(&with_crlf, &rel), at(&with_lf, &rel));
    assert_eq!(at(&with_crlf, &rel)[0].0, "unknown-status");
    // Errors the parser reports by byte offset land on the same place too.
    let tab = format!("{lf}notes: x\n\tbad: 1\n");
    std::fs::write(&p, &tab).unwrap();
    let (_, with_lf) = check_json(&ws);
    std::fs::write(&p, tab.replace('\n', "\r\n")).unwrap();
    let (_, with_crlf) = check_json(&ws);
    assert_eq!(at(&with_crlf, &rel), at(&with_lf, &rel));
    assert_eq!(at(&with_crlf, &rel)[0].0, "yaml-syntax");
    std::fs::write(&p, lf.replace('\n', "\r\n")).unwrap();
    ws.fd(&["set", &format!("{CASE}/c02"), "--note", "checked"])
        .assert()
        .success();
    let after = std::fs::read_to_string(&p).unwrap();
    assert!(
        !after.contains('\r') && after.contains("checked"),
        "{after}"
    );
}

/// Regression: `!!binary`, `!!set` and custom tags were read silently.
/// factdesk files are plain YAML: a tag is an error at the tag.
#[test]
fn yaml_tags_are_refused_at_the_tag() {
    use crate::team::{claim_path, workspace, CASE};
    let ws = workspace();
    let p = claim_path(&ws, "c01");
    let y = std::fs::read_to_string(&p).unwrap();
    let rel = format!("cases/{CASE}/claims/c01.yaml");
    let line = y.lines().position(|l| l.starts_with("text: ")).unwrap() + 1;
    for (tag, value) in [
        ("!!binary", "aGVsbG8="),
        ("!!set", "{a, b}"),
        ("!foo", "bar"),
        ("!!str", "plain"),
    ] {
        let edited: String = y
            .lines()
            .map(|l| match l.strip_prefix("text: ") {
                Some(_) => format!("text: {tag} {value}\n"),
                None => format!("{l}\n"),
            })
            .collect();
        std::fs::write(&p, edited).unwrap();
        let (code, diags) = check_json(&ws);
        assert_eq!(code, Some(1));
        assert_eq!(
            at(&diags, &rel),
            [("yaml-syntax".to_string(), line as u64, 7)],
            "{tag}"
        );
        let d = diags.iter().find(|d| d["file"] == rel.as_str()).unwrap();
        assert_eq!(
            d["message"],
            format!("YAML tag `{tag}` is not allowed: factdesk files are plain YAML")
        );
    }
}

/// Regression: a time with the year `-0001`, `0000` or `10000` was
/// accepted silently. It is `bad-date` at the value's line.
#[test]
fn years_out_of_range_are_flagged_at_the_value() {
    use crate::team::{workspace, CASE};
    let ws = workspace();
    let rel = format!("cases/{CASE}/case.yaml");
    let y = ws.read(&rel);
    let line = y.lines().position(|l| l.starts_with("intake: ")).unwrap() + 1;
    // chrono reads the first three; the fourth it refuses itself.
    for (year, read) in [
        ("-0001", true),
        ("0000", true),
        ("+10000", true),
        ("10000", false),
    ] {
        let edited: String = y
            .lines()
            .map(|l| match l.strip_prefix("intake: ") {
                Some(_) => format!("intake: {year}-01-01T00:00:00Z\n"),
                None => format!("{l}\n"),
            })
            .collect();
        ws.write(&rel, &edited);
        let (code, diags) = check_json(&ws);
        assert_eq!(code, Some(1), "{year}: {diags:#?}");
        let dates: Vec<&serde_json::Value> = diags
            .iter()
            .filter(|d| d["file"] == rel.as_str() && d["code"] == "bad-date")
            .collect();
        assert_eq!(dates.len(), 1, "{year}: {diags:#?}");
        assert_eq!(dates[0]["line"], line, "{year}");
        let message = dates[0]["message"].as_str().unwrap();
        if read {
            assert_eq!(
                message,
                format!("year `{year}` is out of range (0001 to 9999)")
            );
        } else {
            assert!(message.starts_with("not an RFC 3339 time"), "{message}");
        }
    }
}

/// factdesk's own colour sequences, which `--color` output may hold.
const OUR_SGR: [&str; 7] = [
    "\u{1b}[1m",
    "\u{1b}[0m",
    "\u{1b}[33m",
    "\u{1b}[36m",
    "\u{1b}[1;31m",
    "\u{1b}[1;33m",
    "\u{1b}[1;34m",
];

/// Regression: with colour on, untrusted text could still carry
/// colour-only escape sequences (SGR) to the terminal; output let them
/// through as if they were factdesk's own. Colour now wraps cleaned text.
#[test]
fn colour_never_carries_an_escape_from_a_file() {
    use crate::team::{claim_path, workspace, CASE};
    let ws = workspace();
    let p = claim_path(&ws, "c01");
    let y = std::fs::read_to_string(&p).unwrap();
    let edited: String = y
        .lines()
        .map(|l| {
            if l.starts_with("status: ") {
                format!("status: {YAML_HOSTILE}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&p, format!("{edited}notes: {YAML_HOSTILE}\n")).unwrap();
    ws.git(&["commit", "-qam", "edit \u{1b}[31mred by hand"]);
    let r1 = format!("{CASE}/c01");
    // (arguments, prints colour, shows the hand edit)
    for (args, coloured, shown) in [
        (vec!["show", r1.as_str()], true, true),
        (vec!["claims", CASE], false, true),
        (vec!["status"], true, true),
        (vec!["log"], true, false),
        (vec!["check"], true, true),
    ] {
        let out = ws
            .fd(&args)
            .env("CLICOLOR_FORCE", "1")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let mut s = String::from_utf8(out.stdout).unwrap();
        assert!(
            !coloured || OUR_SGR.iter().any(|c| s.contains(c)),
            "{args:?}: colour is on:\n{s}"
        );
        for c in OUR_SGR {
            s = s.replace(c, "");
        }
        assert!(!s.contains('\u{1b}'), "{args:?} holds a raw ESC:\n{s:?}");
        assert!(
            !shown || s.contains("␛[31m"),
            "{args:?} shows a placeholder:\n{s}"
        );
    }
}

/// A case folder whose name holds `,`, `::` and a line break followed by
/// `::set-output` cannot start a workflow command of its own in
/// `check --format github`: every line is one of factdesk's annotations.
#[test]
fn github_annotations_cannot_inject_workflow_commands() {
    use crate::team::{workspace, CASE};
    let ws = workspace();
    let name = "x,line=9::a\n::set-output name=x::y\r::add-mask::z";
    ws.git(&["mv", &format!("cases/{CASE}"), &format!("cases/{name}")]);
    let out = ws.fd(&["check", "--format", "github"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("x%2Cline=9%3A%3Aa%0A%3A%3Aset-output"), "{s}");
    for l in s.split(['\n', '\r']).filter(|l| !l.is_empty()) {
        assert!(
            l.starts_with("::error file=") || l.starts_with("::warning file="),
            "{l}"
        );
        let (props, _) = l[2..].split_once("::").unwrap();
        assert!(!props.contains("::"), "{l}");
    }
}
