//! Hostile text in every output: Markdown rendered with a CommonMark parser
//! (no raw HTML, no link that is not http(s)), terminal output without raw
//! escapes, controls or bidi overrides.

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
