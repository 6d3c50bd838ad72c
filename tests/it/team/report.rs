//! Reports and exports: golden files from fixed model values (with
//! hostile strings to prove the escaping), plus the CLI verbs end to end.

use super::{verdict, workspace, CASE};
use crate::fixture::golden;
use factdesk::model::*;
use factdesk::report::{self, Input};
use predicates::str::contains;

fn ts(s: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

fn config() -> WorkspaceConfig {
    WorkspaceConfig {
        organisation: Some("Cek Fakta <Desk> & Co".into()),
        require_review: true,
        ..WorkspaceConfig::default()
    }
}

fn case() -> Case {
    Case {
        id: CaseId::new("2023-11-05-kyiv-moscow-talks").unwrap(),
        title: "Western officials discuss possible Kyiv-Moscow peace talks".into(),
        outlet: Some("Tempo.co".into()),
        author: Some("Yati Maulana".into()),
        language: "id".into(),
        url: Some("https://example.org/kyiv-talks".into()),
        published: Some(ts("2023-11-05T11:01:00+07:00")),
        dateline: Some("KYIV".into()),
        intake: ts("2023-11-05T13:00:00+07:00"),
        source_chain: vec![
            Source {
                name: "Tempo.co".into(),
                role: Some("publishes".into()),
                anonymous: false,
            },
            Source {
                name: "Reuters".into(),
                role: Some("republishes".into()),
                anonymous: false,
            },
            Source {
                name: "NBC News".into(),
                role: Some("cites".into()),
                anonymous: false,
            },
            Source {
                name: "senior US official".into(),
                role: None,
                anonymous: true,
            },
        ],
        assignees: vec!["Ed".into()],
        publish: true,
        article_sha256: "ab".repeat(32),
        source: None,
    }
}

fn step(id: &str) -> StepRecord {
    StepRecord {
        id: id.into(),
        state: StepState::Done,
        by: Some("Ed".into()),
        at: Some(ts("2023-11-05T14:00:00+07:00")),
        note: String::new(),
    }
}

fn claim(n: u32, text: &str, status: &str) -> Claim {
    Claim {
        id: ClaimId::from_number(n),
        kind: ClaimKind::AttributedStatement,
        text: text.into(),
        translation: None,
        location: Location { line: 5, column: 1, start: 0, end: text.len() },
        attribution: Attribution {
            speaker: Some("unnamed senior US official".into()),
            chain: vec!["Reuters".into(), "NBC News".into()],
            anonymous: true,
            status: AttributionStatus::Confirmed,
        },
        caveats: vec!["Reuters could not independently verify the conversations.".into()],
        figures: vec![],
        proposed_because: None,
        score: None,
        status: status.into(),
        checklist: ChecklistRef {
            id: "anonymous-source".into(),
            sha256: "0".repeat(64),
            steps: vec![step("attribution"), step("second-source")],
        },
        evidence: vec![Evidence {
            kind: None,
            url: "https://www.nbcnews.com/politics/ukraine-peace-talks".into(),
            description: String::new(),
            archive_url: Some("https://web.archive.org/web/20231105/https://www.nbcnews.com/politics/ukraine-peace-talks".into()),
            accessed: ts("2023-11-05T14:20:00+07:00"),
            stance: Stance::Context,
            excerpt: "officials have quietly begun talking <b>about</b> what negotiations might entail".into(),
            file: None,
            capture: None,
            added_by: Some("Ed".into()),
            copied_from: None,
            corrections: Vec::new(),
            withdrawn: None,
        }],
        notes: "[2023-11-05 15:10 Ed] NBC's report is real; nobody confirmed the talks on the record.\n\nA *second* source was not found. <script>alert(1)</script>".into(),
        assignee: Some("Ed".into()),
        dismissed: None,
        review: Review::default(),
    }
}

fn claims() -> Vec<Claim> {
    let mut c1 = claim(
        1,
        "US and European officials have talked with Ukraine's government about possible peace negotiations",
        "unverifiable",
    );
    c1.review = Review {
        verdict_by: Some("Ed".into()),
        verdict_at: Some(ts("2023-11-05T15:10:00+07:00")),
        reviews: vec![ReviewRecord {
            by: "Rui".into(),
            at: ts("2023-11-05T16:00:00+07:00"),
            verdict: "unverifiable".into(),
            decision: ReviewDecision::Approve,
            note: String::new(),
            voided: false,
        }],
    };
    let mut c2 = claim(
        2,
        "=HYPERLINK(\"http://evil\") Russia controls about 17.5%, \"officially\"",
        "false",
    );
    c2.kind = ClaimKind::Statistic;
    c2.attribution = Attribution {
        speaker: None,
        chain: vec![],
        anonymous: false,
        status: AttributionStatus::NotApplicable,
    };
    c2.evidence[0].url = "javascript:alert(1)".into();
    c2.evidence[0].archive_url = None;
    // Waved-through steps are counted apart from done ones, with reasons.
    c2.checklist.steps[1].state = StepState::NotApplicable;
    c2.checklist.steps[1].note = "Official *statistic*: no second source exists".into();
    c2.checklist.steps.push(StepRecord {
        state: StepState::Skipped,
        note: String::new(),
        ..step("track-record")
    });
    c2.evidence[0].stance = Stance::Refutes;
    c2.review.verdict_by = Some("Ed".into());
    // Evidence with no address, and a withdrawn item kept in the record.
    c2.translation = Some("Russia controls about 17.5% <i>officially</i>".into());
    c2.evidence.push(Evidence {
        kind: Some(EvidenceKind::Interview),
        url: String::new(),
        archive_url: None,
        description: "Phone interview with the ministry's *spokesperson* <b>".into(),
        accessed: ts("2023-11-05T15:00:00+07:00"),
        stance: Stance::Refutes,
        excerpt: String::new(),
        file: None,
        capture: None,
        added_by: Some("Ed".into()),
        copied_from: None,
        corrections: Vec::new(),
        withdrawn: None,
    });
    c2.evidence.push(Evidence {
        kind: Some(EvidenceKind::WebPage),
        url: "https://parody.example/17-percent".into(),
        archive_url: None,
        description: String::new(),
        accessed: ts("2023-11-05T15:05:00+07:00"),
        stance: Stance::Supports,
        excerpt: String::new(),
        file: None,
        capture: None,
        added_by: Some("Ed".into()),
        copied_from: None,
        corrections: Vec::new(),
        withdrawn: Some(EvidenceNote {
            by: "Rui".into(),
            at: ts("2023-11-05T16:00:00+07:00"),
            note: "a parody site <script>".into(),
        }),
    });
    let mut c3 = claim(3, "The weather was nice.", "unchecked");
    c3.dismissed = Some(Dismissal {
        reason: "not a claim".into(),
        by: Some("Ed".into()),
        at: ts("2023-11-05T15:00:00+07:00"),
    });
    vec![c1, c2, c3]
}

#[test]
fn markdown_and_html_reports_golden() {
    let (cfg, case, claims) = (config(), case(), claims());
    let input = Input {
        config: &cfg,
        case: &case,
        claims: &claims,
    };
    let md = report::markdown(&input);
    assert!(md.contains("Unverifiable"));
    assert!(
        md.contains(r"False \(Draft: not yet reviewed\)"),
        "unapproved verdicts are marked"
    );
    assert!(!md.contains("<script>"), "notes are escaped");
    assert!(
        !md.contains("The weather was nice"),
        "dismissed claims are left out"
    );
    assert!(md.contains("## Methodology") && md.contains("## Corrections"));
    assert!(md.contains("<https://web.archive.org/web/20231105/"));
    assert!(
        md.contains("3 steps: 1 done, 1 skipped, 1 not applicable"),
        "{md}"
    );
    assert!(
        md.contains(
            r"`second-source` not applicable: Official \*statistic\*: no second source exists"
        ),
        "{md}"
    );
    assert!(
        md.contains("`track-record` skipped: no reason given"),
        "{md}"
    );
    assert!(
        md.contains("1 of the 2 online sources listed has an archived copy"),
        "{md}"
    );
    assert!(
        !md.contains("with archived copies"),
        "no promise the record does not keep"
    );
    golden("report.md", &md);

    let html = report::html(&input);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<script"),
        "no scripts, hostile text escaped"
    );
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("href=\"javascript:"), "only http(s) links");
    assert!(!html.contains("src=\""), "no external resources");
    assert!(!html.contains("<link"), "CSS is inline");
    assert!(html.contains("<style>"));
    assert!(html.contains("id=\"c01\""));
    // The page speaks English; the article's words keep their language.
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<blockquote lang=\"id\">=HYPERLINK"));
    assert!(html.contains("False (Draft: not yet reviewed)"));
    golden("report.html", &html);
}

#[test]
fn claimreview_golden() {
    let (cfg, case, claims) = (config(), case(), claims());
    let input = Input {
        config: &cfg,
        case: &case,
        claims: &claims,
    };
    let (v, skipped) = report::claimreview(&input, "https://factcheck.example/kyiv-talks", false);
    assert_eq!(
        skipped,
        vec!["c02".to_string()],
        "unapproved verdicts are left out"
    );
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 1);
    let o = &arr[0];
    assert_eq!(o["@type"], "ClaimReview");
    assert_eq!(o["url"], "https://factcheck.example/kyiv-talks#c01");
    assert!(o["claimReviewed"]
        .as_str()
        .unwrap()
        .starts_with("US and European"));
    assert_eq!(o["reviewRating"]["alternateName"], "Unverifiable");
    assert_eq!(o["reviewRating"]["ratingValue"], 3);
    assert_eq!(o["reviewRating"]["bestRating"], 5);
    assert_eq!(o["reviewRating"]["worstRating"], 1);
    assert_eq!(o["itemReviewed"]["@type"], "Claim");
    assert_eq!(o["itemReviewed"]["datePublished"], "2023-11-05");
    assert_eq!(
        o["itemReviewed"]["appearance"][0]["url"],
        "https://example.org/kyiv-talks"
    );
    assert_eq!(o["author"]["name"], "Cek Fakta <Desk> & Co");
    golden("claimreview.json", &(report::json_ld(&v).unwrap() + "\n"));
}

/// Regression: an evidence URL `https://evil.example/[x](javascript:alert(4))|`
/// in a table cell broke out as a javascript: link, and code spans could be
/// closed by a backtick; every untrusted field over the hostile corpus.
#[test]
fn markdown_report_over_the_hostile_corpus() {
    for s in crate::hostile::CORPUS {
        let s = s.to_string();
        let mut cfg = config();
        cfg.organisation = Some(s.clone());
        let mut case = case();
        case.title = s.clone();
        case.outlet = Some(s.clone());
        case.author = Some(s.clone());
        case.dateline = Some(s.clone());
        case.url = Some(s.clone());
        case.article_sha256 = s.clone();
        case.source_chain[0].name = s.clone();
        case.source_chain[0].role = Some(s.clone());
        let mut claims = claims();
        for c in &mut claims {
            c.text = s.clone();
            c.attribution.speaker = Some(s.clone());
            c.attribution.chain = vec![s.clone()];
            c.caveats = vec![s.clone()];
            c.notes = format!("{s}\n\n{s}");
            c.checklist.id = s.clone();
            c.evidence[0].url = s.clone();
            c.evidence[0].archive_url = Some(s.clone());
            c.evidence[0].excerpt = s.clone();
            c.evidence[0].description = s.clone();
            c.translation = Some(s.clone());
            if let Some(w) = c.evidence.get_mut(2).and_then(|e| e.withdrawn.as_mut()) {
                w.by = s.clone();
                w.note = s.clone();
            }
        }
        let mut linked = claims[0].clone();
        linked.evidence[0].url = format!("https://evil.example/{s}");
        linked.evidence[0].archive_url = Some(format!("http://evil.example/?q={s}"));
        claims.push(linked);
        let mut in_case = case.clone();
        in_case.url = Some(format!("https://evil.example/{s}|"));
        for case in [&case, &in_case] {
            let input = Input {
                config: &cfg,
                case,
                claims: &claims,
            };
            crate::hostile::assert_safe_markdown(&report::markdown(&input));
        }
    }
}

/// Regression: claim text with `</script>` ended the
/// `<script type="application/ld+json">` block a publisher pastes the
/// export into.
#[test]
fn claimreview_json_ld_cannot_end_a_script_block() {
    let (cfg, case, mut claims) = (config(), case(), claims());
    let hostile = "Tanks </script><script>alert(1)</script> & <!-- more";
    claims[0].text = hostile.into();
    let input = Input {
        config: &cfg,
        case: &case,
        claims: &claims,
    };
    let (v, _) = report::claimreview(&input, "https://factcheck.example/a", false);
    let s = report::json_ld(&v).unwrap();
    assert!(!s.contains(['<', '>', '&']), "{s}");
    assert!(s.contains(r"\u003c/script\u003e\u003cscript\u003e"));
    let back: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(back[0]["claimReviewed"], hostile, "same text when parsed");
    assert_eq!(back, v);
}

#[test]
fn csv_is_rfc4180_and_formula_safe() {
    let (cfg, case, claims) = (config(), case(), claims());
    let input = Input {
        config: &cfg,
        case: &case,
        claims: &claims,
    };
    let csv = report::csv(&input);
    assert!(csv.contains("\r\n"));
    assert!(csv.contains(
        "\"'=HYPERLINK(\"\"http://evil\"\") Russia controls about 17.5%, \"\"officially\"\"\""
    ));
    assert_eq!(
        csv.matches("\r\n").count(),
        4,
        "header + 3 claims (dismissed included)"
    );
}

#[test]
fn report_and_export_verbs() {
    let ws = workspace();
    verdict(&ws, "c02", "verified");
    ws.fd(&["report", CASE])
        .assert()
        .success()
        .stdout(contains("# Fact-check: Western officials"))
        .stdout(contains("Verified"));
    let html = ws.tmp.path().join("r.html");
    ws.fd(&[
        "report",
        CASE,
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ])
    .assert()
    .success();
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("<h1>Fact-check:"));
    ws.fd(&["export", CASE, "--format", "claimreview"])
        .assert()
        .code(2)
        .stderr(contains("--url"));
    let out = ws
        .fd(&[
            "export",
            CASE,
            "--format",
            "claimreview",
            "--url",
            "https://fc.example/a",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Only approved verdicts are published, whatever require_review says
    // (off in a fresh workspace).
    assert_eq!(
        v,
        serde_json::json!([]),
        "an unreviewed verdict is left out"
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("left out verdicts without a second editor's approval: c02"));
    // A preview holds it, marked as a draft and not dated as published.
    let out = ws
        .fd(&[
            "export",
            CASE,
            "--format",
            "claimreview",
            "--url",
            "https://fc.example/a",
        ])
        .arg("--include-unreviewed")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["creativeWorkStatus"], "Draft");
    assert!(v[0].get("datePublished").is_none(), "{v}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("do not publish this file"));
    // Approved by a second editor, it is published.
    ws.user("Rui");
    ws.fd(&["review", &format!("{CASE}/c02"), "--approve"])
        .assert()
        .success();
    let out = ws
        .fd(&[
            "export",
            CASE,
            "--format",
            "claimreview",
            "--url",
            "https://fc.example/a",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["reviewRating"]["alternateName"], "Verified");
    assert!(v[0].get("creativeWorkStatus").is_none(), "{v}");
    assert!(v[0]["datePublished"].is_string(), "{v}");
    ws.fd(&["export", CASE, "--format", "csv"])
        .assert()
        .success()
        .stdout(contains("case,claim,kind,text"));
    ws.fd(&["report", "no-such-case"]).assert().code(2);
}

/// The real `export --format claimreview` writes script-safe JSON-LD.
#[test]
fn export_claimreview_escapes_script_end_through_the_binary() {
    let ws = workspace();
    verdict(&ws, "c02", "verified");
    let path = super::claim_path(&ws, "c02");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let hostile = "Russia </script><script>alert(1)</script> & more";
    let edited = yaml.replace(super::CLAIMS[0], &format!("'{hostile}'"));
    assert_ne!(edited, yaml);
    std::fs::write(&path, edited).unwrap();
    let out = ws
        .fd(&[
            "export",
            CASE,
            "--format",
            "claimreview",
            "--url",
            "https://fc.example/a",
            "--include-unreviewed",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains(['<', '>', '&']), "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v[0]["claimReviewed"], hostile);
}

#[test]
fn status_dashboard() {
    let ws = workspace();
    verdict(&ws, "c02", "verified");
    ws.fd(&["assign", &format!("{CASE}/c01"), "Sari"])
        .assert()
        .success();
    // "Now" for the dashboard: a minute after the last change (the clock
    // seam, instead of waiting on the wall clock).
    let last = ws.git(&["log", "-1", "--format=%cI"]);
    let last = chrono::DateTime::parse_from_rfc3339(last.trim()).unwrap();
    let now = (last + chrono::Duration::minutes(1)).to_rfc3339();
    let status = |args: &[&str]| {
        let mut c = ws.fd(args);
        c.env("FACTDESK_NOW", &now);
        c
    };
    status(&["status"])
        .assert()
        .success()
        .stdout(contains("1 case, 4 claims"))
        .stdout(contains("waiting for review (1)"))
        .stdout(contains(format!("{CASE}/c02 verified (verdict by Ed")))
        .stdout(contains(format!("Sari: {CASE}/c01")));
    let out = status(&["status", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["waiting_review"][0]["claim"], "c02");
    assert_eq!(v["cases"][0]["statuses"]["unchecked"], 3);
    assert_eq!(v["stale"].as_array().unwrap().len(), 0);
    // With a zero-day threshold every open claim is stale.
    let cfg = ws.root.join("factdesk.yaml");
    let t = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        t.replace("stale_after_days: 7", "stale_after_days: 0"),
    )
    .unwrap();
    let out = status(&["status", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Three open claims (c03 and c04 untouched since intake count from the
    // case's creation) plus the verdict waiting for review.
    assert_eq!(v["stale"].as_array().unwrap().len(), 4, "{v}");
    assert!(
        v["stale"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["claim"] == "c04"),
        "{v}"
    );
}
