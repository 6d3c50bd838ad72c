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
