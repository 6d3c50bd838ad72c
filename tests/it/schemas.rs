//! The JSON Schemas in `schemas/` against the shipped files and the model.
//!
//! Every checklist (and, when present, `factdesk.yaml` and every case and
//! claim file) must validate against its schema *and* deserialise into the
//! model type; the schemas' enums, defaults and key order are compared with
//! the model so the two cannot drift apart.

use factdesk::model::workspace::FORMAT_VERSION;
use factdesk::model::{
    Attribution, AttributionStatus, Case, CaseId, Checklist, ChecklistRef, ChecklistStep, Claim,
    ClaimId, ClaimKind, Dismissal, Evidence, EvidenceFile, EvidenceKind, EvidenceNote, Location,
    Source, Stance, StatusClass, StatusDef, StepRecord, StepState, VerdictScale, WorkspaceConfig,
};
use factdesk::store::{self, yaml};
use jsonschema::Validator;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The checklists this repository ships, by id.
const SHIPPED_CHECKLISTS: [&str; 6] = [
    "anonymous-source",
    "general",
    "historical",
    "image-caption",
    "quote",
    "statistic",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A schema file as JSON.
fn schema(name: &str) -> Value {
    let path = root().join("schemas").join(name);
    serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A schema file with its key order kept (JSON is YAML, and store's YAML
/// values keep document order).
fn schema_ordered(name: &str) -> yaml::Value {
    store::parse(&read(&root().join("schemas").join(name))).unwrap()
}

/// A draft 2020-12 validator that also checks `format` (date-time, uri).
fn validator(name: &str) -> Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema(name))
        .unwrap_or_else(|e| panic!("schemas/{name} does not compile: {e}"))
}

/// YAML text as the JSON value a schema validates.
fn yaml_to_json(text: &str, what: &str) -> Value {
    store::parse(text).unwrap_or_else(|e| panic!("{what}: not YAML: {e}"))
}

/// All schema errors for `value`, one line each (empty when valid).
fn errors(v: &Validator, value: &Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(v: &Validator, value: &Value, what: &str) {
    let errs = errors(v, value);
    assert!(
        errs.is_empty(),
        "{what} does not match its schema:\n  {}",
        errs.join("\n  ")
    );
}

/// Files in `dir` ending in `.yaml`, sorted; empty when `dir` is missing.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    out.sort();
    out
}

/// Sub-directories of `dir`, sorted; empty when `dir` is missing.
fn dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn stem(path: &Path) -> &str {
    path.file_stem().unwrap().to_str().unwrap()
}

fn checklists() -> Vec<(PathBuf, Checklist)> {
    let files = yaml_files(&root().join("checklists"));
    assert!(!files.is_empty(), "no checklists/*.yaml found");
    files
        .into_iter()
        .map(|p| {
            let c: Checklist = store::parse(&read(&p))
                .unwrap_or_else(|e| panic!("{}: not a model::Checklist: {e}", p.display()));
            (p, c)
        })
        .collect()
}

/// `schema[path...]` following object keys.
fn at<'a>(schema: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(schema, |v, k| {
        v.get(*k)
            .unwrap_or_else(|| panic!("schema has no `{}`", path.join(".")))
    })
}

fn enum_set(schema: &Value, path: &[&str]) -> BTreeSet<String> {
    at(schema, path)
        .get("enum")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("`{}` has no enum", path.join(".")))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn names<T: serde::Serialize>(values: impl IntoIterator<Item = T>) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| match serde_json::to_value(v).unwrap() {
            Value::String(s) => s,
            other => panic!("not serialised as a string: {other}"),
        })
        .collect()
}

// ---------------------------------------------------------------- schemas

#[test]
fn schemas_are_valid_draft_2020_12() {
    for name in [
        "workspace.schema.json",
        "case.schema.json",
        "claim.schema.json",
        "checklist.schema.json",
        "factcheck.schema.json",
    ] {
        let s = schema(name);
        assert_eq!(
            s["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("schemas/{name} is not a valid schema: {e}");
        }
        validator(name);
    }
}

/// Every object in every schema is closed, like `deny_unknown_fields`.
#[test]
fn every_object_schema_is_closed() {
    fn walk(v: &Value, path: &str, name: &str) {
        match v {
            Value::Object(m) => {
                if m.get("type") == Some(&json!("object")) {
                    assert_eq!(
                        m.get("additionalProperties"),
                        Some(&json!(false)),
                        "{name}: {path} lacks additionalProperties: false"
                    );
                    assert!(
                        m.contains_key("description"),
                        "{name}: {path} lacks description"
                    );
                }
                if let Some(Value::Object(props)) = m.get("properties") {
                    for (k, p) in props {
                        assert!(
                            p.get("description").is_some(),
                            "{name}: {path}.{k} lacks a description"
                        );
                    }
                }
                for (k, child) in m {
                    walk(child, &format!("{path}/{k}"), name);
                }
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, path, name)),
            _ => {}
        }
    }
    for name in [
        "workspace.schema.json",
        "case.schema.json",
        "claim.schema.json",
        "checklist.schema.json",
        "factcheck.schema.json",
    ] {
        walk(&schema(name), "", name);
    }
}

// ---------------------------------------------------------------- checklists

#[test]
fn shipped_checklists_match_schema() {
    let v = validator("checklist.schema.json");
    let mut ids = Vec::new();
    for p in yaml_files(&root().join("checklists")) {
        let value = yaml_to_json(&read(&p), &p.display().to_string());
        assert_valid(&v, &value, &p.display().to_string());
        assert_eq!(
            value["id"],
            stem(&p),
            "{}: id must equal the file stem",
            p.display()
        );
        ids.push(stem(&p).to_string());
    }
    assert_eq!(ids, SHIPPED_CHECKLISTS);
}

#[test]
fn checklists_deserialise_and_have_attribution_step() {
    for (p, c) in checklists() {
        let file = p.display();
        assert_eq!(c.id, stem(&p), "{file}");
        assert!(!c.title.trim().is_empty(), "{file}: empty title");
        assert!(
            c.source.is_some(),
            "{file}: say where the practice comes from"
        );
        let attribution = c
            .step("attribution")
            .unwrap_or_else(|| panic!("{file}: no step `attribution`"));
        assert!(attribution.required, "{file}: attribution must be required");
        let mut seen = BTreeSet::new();
        for s in &c.steps {
            assert!(seen.insert(&s.id), "{file}: step id `{}` twice", s.id);
            assert!(
                !s.prompt.trim().is_empty(),
                "{file}: step {} has no prompt",
                s.id
            );
            assert!(
                !s.guidance.trim().is_empty(),
                "{file}: step {} has no guidance",
                s.id
            );
            assert!(
                !s.guidance.ends_with('\n'),
                "{file}: step {} guidance has a trailing newline (use |-)",
                s.id
            );
        }
        assert!(
            c.steps.iter().filter(|s| s.required).count() >= 3,
            "{file}: a checklist needs core (required) steps"
        );
    }
}

#[test]
fn anonymous_source_checklist_is_marked() {
    let all = checklists();
    let anon: Vec<_> = all.iter().filter(|(_, c)| c.anonymous_sources).collect();
    assert_eq!(
        anon.len(),
        1,
        "exactly one checklist handles anonymous sources"
    );
    let c = &anon[0].1;
    assert_eq!(c.id, "anonymous-source");
    for step in [
        "attribution",
        "position-to-know",
        "motive",
        "fact-not-opinion",
        "second-source",
        "anonymity-explained",
        "independent-confirmation",
    ] {
        assert!(c.step(step).is_some(), "anonymous-source lacks {step}");
    }
}

#[test]
fn every_claim_kind_has_a_checklist() {
    let all = checklists();
    for kind in ClaimKind::ALL {
        let by: Vec<_> = all
            .iter()
            .filter(|(_, c)| c.applies_to.contains(&kind))
            .map(|(_, c)| c.id.as_str())
            .collect();
        assert_eq!(
            by.len(),
            1,
            "kind `{kind}` should pick exactly one default checklist, got {by:?}"
        );
    }
}

/// The schema must be able to fail, and must fail where serde fails.
#[test]
fn bad_checklists_are_rejected() {
    let v = validator("checklist.schema.json");
    let good = "id: demo\ntitle: Demo\napplies_to: [statistic]\nsteps:\n- id: attribution\n  prompt: Who said it?\n";
    assert_valid(&v, &yaml_to_json(good, "good"), "good checklist");
    assert!(store::parse::<Checklist>(good).is_ok());

    let bad = [
        ("unknown top-level key", format!("{good}colour: red\n")),
        ("unknown step key", format!("{good}  weight: 3\n")),
        ("bad kind", good.replace("[statistic]", "[statistics]")),
        (
            "kind not kebab-case",
            good.replace("[statistic]", "[image_caption]"),
        ),
        (
            "required not a bool",
            format!("{good}  required: sometimes\n"),
        ),
    ];
    for (what, text) in &bad {
        let value = yaml_to_json(text, what);
        assert!(!errors(&v, &value).is_empty(), "schema accepted {what}");
        assert!(
            store::parse::<Checklist>(text).is_err(),
            "model accepted {what}"
        );
    }
    // Stricter than the model: ids are kebab-case, steps are never empty.
    for (what, text) in [
        ("upper-case id", good.replace("id: demo", "id: Demo")),
        ("no steps", "id: demo\ntitle: Demo\nsteps: []\n".to_string()),
        (
            "missing prompt",
            good.replace("  prompt: Who said it?\n", ""),
        ),
    ] {
        assert!(
            !errors(&v, &yaml_to_json(&text, what)).is_empty(),
            "schema accepted {what}"
        );
    }
}

// ---------------------------------------------------------------- workspace files

#[test]
fn workspace_files_match_schemas_if_present() {
    let root = root();
    let config = root.join("factdesk.yaml");
    if config.exists() {
        let text = read(&config);
        assert_valid(
            &validator("workspace.schema.json"),
            &yaml_to_json(&text, "factdesk.yaml"),
            "factdesk.yaml",
        );
        store::parse::<WorkspaceConfig>(&text).unwrap_or_else(|e| panic!("factdesk.yaml: {e}"));
    }
    let case_v = validator("case.schema.json");
    let claim_v = validator("claim.schema.json");
    for dir in dirs(&root.join("cases")) {
        let case_file = dir.join("case.yaml");
        if case_file.exists() {
            let what = case_file.display().to_string();
            let text = read(&case_file);
            let value = yaml_to_json(&text, &what);
            assert_valid(&case_v, &value, &what);
            assert_eq!(
                value["id"],
                stem(&dir),
                "{what}: id must equal the folder name"
            );
            store::parse::<Case>(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        }
        for claim_file in yaml_files(&dir.join("claims")) {
            let what = claim_file.display().to_string();
            let text = read(&claim_file);
            let value = yaml_to_json(&text, &what);
            assert_valid(&claim_v, &value, &what);
            assert_eq!(
                value["id"],
                stem(&claim_file),
                "{what}: id must equal the file stem"
            );
            store::parse::<Claim>(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        }
    }
}

// ---------------------------------------------------------------- drift

#[test]
fn schema_enums_match_the_model() {
    let claim = schema("claim.schema.json");
    let checklist = schema("checklist.schema.json");
    let workspace = schema("workspace.schema.json");

    let kinds = names(ClaimKind::ALL);
    for k in ClaimKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    assert_eq!(enum_set(&claim, &["properties", "kind"]), kinds);
    assert_eq!(
        enum_set(&checklist, &["properties", "applies_to", "items"]),
        kinds
    );
    // Each kind, as the model writes it, passes the claim schema's enum.
    let kind_v = jsonschema::draft202012::new(at(&claim, &["properties", "kind"])).unwrap();
    for k in ClaimKind::ALL {
        assert!(kind_v.is_valid(&json!(k.as_str())), "{k} rejected");
    }
    assert!(!kind_v.is_valid(&json!("Statistic")));

    assert_eq!(
        enum_set(
            &claim,
            &["properties", "attribution", "properties", "status"]
        ),
        names(AttributionStatus::ALL)
    );
    for s in AttributionStatus::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(
        at(
            &claim,
            &[
                "properties",
                "attribution",
                "properties",
                "status",
                "default"
            ]
        ),
        &serde_json::to_value(AttributionStatus::default()).unwrap()
    );
    assert_eq!(
        enum_set(
            &claim,
            &[
                "properties",
                "checklist",
                "properties",
                "steps",
                "items",
                "properties",
                "state"
            ]
        ),
        names(StepState::ALL)
    );
    for s in StepState::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(
        enum_set(
            &claim,
            &["properties", "evidence", "items", "properties", "stance"]
        ),
        names(Stance::ALL)
    );
    for s in Stance::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }

    // StatusClass has no ALL; the match makes a new variant a compile error here.
    let classes = [
        StatusClass::Open,
        StatusClass::Working,
        StatusClass::Verdict,
        StatusClass::NotCheckable,
    ];
    for c in classes {
        match c {
            StatusClass::Open
            | StatusClass::Working
            | StatusClass::Verdict
            | StatusClass::NotCheckable => {}
        }
    }
    assert_eq!(
        enum_set(
            &workspace,
            &[
                "properties",
                "verdict_scale",
                "items",
                "properties",
                "class"
            ]
        ),
        names(classes)
    );

    // Status examples are the default scale, and the workspace defaults are the model's.
    let default_ids: Vec<Value> = VerdictScale::default_scale()
        .ids()
        .map(|s| json!(s))
        .collect();
    assert_eq!(
        at(&claim, &["properties", "status", "examples"]),
        &Value::Array(default_ids)
    );
    let defaults = WorkspaceConfig::default();
    assert_eq!(
        at(&workspace, &["properties", "verdict_scale", "default"]),
        &serde_json::to_value(&defaults.verdict_scale).unwrap()
    );
    assert_eq!(
        at(&workspace, &["properties", "stale_after_days", "default"]),
        &json!(defaults.stale_after_days)
    );
    assert_eq!(
        at(&workspace, &["properties", "require_review", "default"]),
        &json!(defaults.require_review)
    );
    assert_eq!(
        at(&workspace, &["properties", "evidence_max_bytes", "default"]),
        &json!(defaults.evidence_max_bytes)
    );
    assert_eq!(
        at(&workspace, &["properties", "format", "const"]),
        &json!(FORMAT_VERSION)
    );
    assert_valid(
        &validator("workspace.schema.json"),
        &serde_json::to_value(&defaults).unwrap(),
        "WorkspaceConfig::default()",
    );
}

fn ts(s: &str) -> factdesk::model::Timestamp {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

/// A claim with every optional field filled in.
fn full_claim() -> Claim {
    Claim {
        id: ClaimId::new("c01").unwrap(),
        kind: ClaimKind::AttributedStatement,
        text: "text".into(),
        translation: Some("translation".into()),
        location: Location {
            line: 1,
            column: 1,
            start: 0,
            end: 4,
        },
        attribution: Attribution {
            speaker: Some("speaker".into()),
            chain: vec!["Reuters".into(), "NBC News".into()],
            anonymous: true,
            status: AttributionStatus::Confirmed,
        },
        caveats: vec!["caveat".into()],
        figures: vec!["2023".into()],
        proposed_because: Some("reason".into()),
        score: Some(factdesk::model::Score::from_f32(0.83)),
        status: "unverifiable".into(),
        checklist: ChecklistRef {
            id: "anonymous-source".into(),
            sha256: "0".repeat(64),
            steps: vec![StepRecord {
                id: "attribution".into(),
                state: StepState::Done,
                by: Some("Ed".into()),
                at: Some(ts("2023-11-05T14:20:00+07:00")),
                note: "note".into(),
            }],
        },
        evidence: vec![Evidence {
            kind: Some(EvidenceKind::WebPage),
            url: "https://example.org/a".into(),
            archive_url: Some("https://web.archive.org/web/2023/https://example.org/a".into()),
            description: "description".into(),
            accessed: ts("2023-11-05T14:20:00+07:00"),
            stance: Stance::Supports,
            excerpt: "excerpt".into(),
            file: Some(EvidenceFile {
                path: "evidence/a.png".into(),
                sha256: "a".repeat(64),
            }),
            capture: Some(factdesk::model::Capture {
                file: "captures/0123456789ab.warc".into(),
                captured_at: ts("2023-11-05T07:20:00Z"),
                sha256: "c".repeat(64),
                final_url: "https://example.org/a".into(),
                status: 200,
                content_type: "text/html; charset=utf-8".into(),
            }),
            added_by: Some("Ed".into()),
            copied_from: Some("2023-11-04-other-case/c02".into()),
            corrections: vec![EvidenceNote {
                by: "Ed".into(),
                at: ts("2023-11-05T14:30:00+07:00"),
                note: "note".into(),
            }],
            withdrawn: Some(EvidenceNote {
                by: "Ed".into(),
                at: ts("2023-11-05T14:40:00+07:00"),
                note: "note".into(),
            }),
        }],
        notes: "notes".into(),
        assignee: Some("Ed".into()),
        dismissed: Some(Dismissal {
            reason: "reason".into(),
            by: Some("Ed".into()),
            at: ts("2023-11-05T15:00:00Z"),
        }),
        review: factdesk::model::Review {
            verdict_by: Some("Ed".into()),
            verdict_at: Some(ts("2023-11-05T15:00:00Z")),
            reviews: vec![factdesk::model::ReviewRecord {
                by: "Rui".into(),
                at: ts("2023-11-05T16:00:00Z"),
                verdict: "unverifiable".into(),
                decision: factdesk::model::ReviewDecision::Approve,
                note: "note".into(),
                voided: true,
            }],
        },
    }
}

fn full_case() -> Case {
    Case {
        id: CaseId::new("2023-11-05-kyiv-moscow-talks").unwrap(),
        title: "title".into(),
        outlet: Some("outlet".into()),
        author: Some("author".into()),
        language: "id".into(),
        url: Some("https://example.org/a".into()),
        published: Some(ts("2023-11-05T07:00:00+07:00")),
        dateline: Some("KYIV".into()),
        intake: ts("2023-11-05T09:00:00+07:00"),
        source_chain: vec![Source {
            name: "Reuters".into(),
            role: Some("republishes".into()),
            anonymous: true,
        }],
        assignees: vec!["Ed".into()],
        publish: true,
        article_sha256: "b".repeat(64),
        source: Some(factdesk::model::Capture {
            file: "source/page.warc".into(),
            captured_at: ts("2023-11-05T07:20:00Z"),
            sha256: "c".repeat(64),
            final_url: "https://example.org/a".into(),
            status: 200,
            content_type: "text/html; charset=utf-8".into(),
        }),
    }
}

fn full_checklist() -> Checklist {
    Checklist {
        id: "demo".into(),
        title: "Demo".into(),
        source: Some("AP".into()),
        applies_to: vec![ClaimKind::Statistic],
        anonymous_sources: true,
        steps: vec![ChecklistStep {
            id: "attribution".into(),
            prompt: "prompt".into(),
            guidance: "guidance".into(),
            required: false,
        }],
    }
}

fn full_workspace() -> WorkspaceConfig {
    WorkspaceConfig {
        organisation: Some("Desk".into()),
        require_review: true,
        evidence_max_bytes: 10 << 20,
        verdicts_need_attribution: vec!["pants-on-fire".into()],
        web: factdesk::model::WebConfig {
            connect_timeout_ms: 5_000,
            timeout_ms: 30_000,
            max_bytes: 1 << 20,
            archive_endpoint: "https://archive.example/save/".into(),
            parallel: 4,
        },
        verdict_scale: VerdictScale(vec![StatusDef {
            id: "pants-on-fire".into(),
            label: "Pants on Fire".into(),
            class: StatusClass::Verdict,
            rating: Some(1),
            claimreview: Some("Pants on Fire".into()),
        }]),
        ..WorkspaceConfig::default()
    }
}

/// Keys of an object in document order, as store's YAML values keep them.
fn keys(v: &yaml::Value) -> Vec<String> {
    assert!(matches!(v, yaml::Value::Map(_)), "not a mapping: {v:?}");
    v.keys().into_iter().map(String::from).collect()
}

fn get<'a>(v: &'a yaml::Value, path: &[&str]) -> &'a yaml::Value {
    path.iter().fold(v, |v, k| match k.parse::<usize>() {
        Ok(i) => &v[i],
        Err(_) => &v[*k],
    })
}

/// A fact-check with every field set.
fn full_factcheck() -> factdesk::model::FactCheck {
    use factdesk::model::{FactCheck, Publisher, Rating};
    FactCheck {
        url: "https://factcheck.example.org/a".into(),
        title: Some("title".into()),
        claim_reviewed: "claim".into(),
        claimant: Some("claimant".into()),
        appearances: vec!["https://news.example.net/x".into()],
        publisher: Publisher {
            name: Some("Desk".into()),
            url: Some("https://factcheck.example.org".into()),
        },
        rating: Rating {
            alternate_name: Some("False".into()),
            rating_value: Some("1".into()),
            best_rating: Some("5".into()),
            worst_rating: Some("1".into()),
        },
        date_published: Some("2024-04-02".into()),
        claim_date: Some("2024-03-28".into()),
        language: Some("en".into()),
        imported_at: ts("2024-05-01T10:00:00+07:00"),
        source: "exports/a.json".into(),
    }
}

/// Fully populated model values, serialised, have exactly the schema's
/// properties, in the schema's order (which is the documented on-disk order),
/// and validate against it.
#[test]
fn schema_properties_are_the_model_fields_in_file_order() {
    fn check<T: serde::Serialize>(name: &str, value: &T, objects: &[(&[&str], &[&str])]) {
        let s = schema_ordered(name);
        let written: yaml::Value = store::parse(&store::render(value).unwrap()).unwrap();
        for (schema_path, value_path) in objects {
            let props = keys(&get(&s, schema_path)["properties"]);
            let fields = keys(get(&written, value_path));
            assert_eq!(
                props, fields,
                "{name} at {schema_path:?}: schema properties differ from the model's fields"
            );
        }
        let json = serde_json::to_value(value).unwrap();
        assert_valid(
            &validator(name),
            &json,
            &format!("full model value for {name}"),
        );
    }
    check(
        "claim.schema.json",
        &full_claim(),
        &[
            (&[], &[]),
            (&["properties", "location"], &["location"]),
            (&["properties", "attribution"], &["attribution"]),
            (&["properties", "checklist"], &["checklist"]),
            (
                &["properties", "checklist", "properties", "steps", "items"],
                &["checklist", "steps", "0"],
            ),
            (&["properties", "evidence", "items"], &["evidence", "0"]),
            (
                &["properties", "evidence", "items", "properties", "file"],
                &["evidence", "0", "file"],
            ),
            (
                &["properties", "evidence", "items", "properties", "capture"],
                &["evidence", "0", "capture"],
            ),
            (
                &[
                    "properties",
                    "evidence",
                    "items",
                    "properties",
                    "corrections",
                    "items",
                ],
                &["evidence", "0", "corrections", "0"],
            ),
            (
                &["properties", "evidence", "items", "properties", "withdrawn"],
                &["evidence", "0", "withdrawn"],
            ),
            (&["properties", "dismissed"], &["dismissed"]),
            (&["properties", "review"], &["review"]),
            (
                &["properties", "review", "properties", "reviews", "items"],
                &["review", "reviews", "0"],
            ),
        ],
    );
    check(
        "factcheck.schema.json",
        &full_factcheck(),
        &[
            (&[], &[]),
            (&["properties", "publisher"], &["publisher"]),
            (&["properties", "rating"], &["rating"]),
        ],
    );
    check(
        "case.schema.json",
        &full_case(),
        &[
            (&[], &[]),
            (
                &["properties", "source_chain", "items"],
                &["source_chain", "0"],
            ),
            (&["properties", "source"], &["source"]),
        ],
    );
    check(
        "checklist.schema.json",
        &full_checklist(),
        &[
            (&[], &[]),
            (&["properties", "steps", "items"], &["steps", "0"]),
        ],
    );
    check(
        "workspace.schema.json",
        &full_workspace(),
        &[
            (&[], &[]),
            (
                &["properties", "verdict_scale", "items"],
                &["verdict_scale", "0"],
            ),
            (&["properties", "web"], &["web"]),
        ],
    );
}

/// A minimal value (only what the model always writes) has exactly the
/// schema's required properties plus the always-written defaults.
#[test]
fn schema_required_lists_match_the_model() {
    fn required(name: &str, path: &[&str]) -> BTreeSet<String> {
        at(&schema(name), path)["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }
    // Every required property must be present in a minimal written claim.
    let mut claim = full_claim();
    claim.caveats.clear();
    claim.figures.clear();
    claim.translation = None;
    claim.proposed_because = None;
    claim.score = None;
    claim.evidence.clear();
    claim.notes.clear();
    claim.assignee = None;
    claim.dismissed = None;
    claim.review = Default::default();
    let written = serde_json::to_value(&claim).unwrap();
    let present: BTreeSet<String> = written.as_object().unwrap().keys().cloned().collect();
    assert_eq!(required("claim.schema.json", &[]), present);
    // And a claim missing any of them is refused by both.
    let v = validator("claim.schema.json");
    for key in &present {
        let mut broken = written.clone();
        broken.as_object_mut().unwrap().remove(key);
        assert!(
            !v.is_valid(&broken),
            "schema accepted a claim without {key}"
        );
        assert!(
            serde_json::from_value::<Claim>(broken).is_err(),
            "model accepted a claim without {key}"
        );
    }
}

/// A change that breaks a valid value.
type Mutation = Box<dyn Fn(&mut Value)>;

#[test]
fn bad_claims_and_cases_are_rejected() {
    let v = validator("claim.schema.json");
    let good = serde_json::to_value(full_claim()).unwrap();
    assert_valid(&v, &good, "full claim");
    let cases: Vec<(&str, Mutation)> = vec![
        ("claim id c1", Box::new(|c| c["id"] = json!("c1"))),
        (
            "upper-case sha256",
            Box::new(|c| c["checklist"]["sha256"] = json!("A".repeat(64))),
        ),
        (
            "short sha256",
            Box::new(|c| c["checklist"]["sha256"] = json!("ab")),
        ),
        ("bad kind", Box::new(|c| c["kind"] = json!("rumour"))),
        (
            "bad stance",
            Box::new(|c| c["evidence"][0]["stance"] = json!("agrees")),
        ),
        (
            "bad step state",
            Box::new(|c| c["checklist"]["steps"][0]["state"] = json!("finished")),
        ),
        (
            "bad attribution status",
            Box::new(|c| c["attribution"]["status"] = json!("true")),
        ),
        (
            "timestamp without offset",
            Box::new(|c| c["dismissed"]["at"] = json!("2023-11-05T15:00:00")),
        ),
        (
            "not a date",
            Box::new(|c| c["evidence"][0]["accessed"] = json!("yesterday")),
        ),
        ("line 0", Box::new(|c| c["location"]["line"] = json!(0))),
        ("unknown key", Box::new(|c| c["verdict"] = json!("true"))),
        (
            "unknown nested key",
            Box::new(|c| c["location"]["offset"] = json!(3)),
        ),
        (
            "evidence path escaping the case",
            Box::new(|c| c["evidence"][0]["file"]["path"] = json!("../other/x.png")),
        ),
    ];
    for (what, mutate) in cases {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(!v.is_valid(&bad), "claim schema accepted {what}");
    }

    let v = validator("case.schema.json");
    let good = serde_json::to_value(full_case()).unwrap();
    assert_valid(&v, &good, "full case");
    for (what, id) in [
        ("upper case", "Kyiv"),
        ("double dash", "a--b"),
        ("leading dash", "-a"),
        ("slash", "a/b"),
        ("too long", &"a".repeat(81)),
    ] {
        let mut bad = good.clone();
        bad["id"] = json!(id);
        assert!(!v.is_valid(&bad), "case schema accepted id {what}");
        assert!(CaseId::new(id).is_err(), "model accepted id {what}");
    }
}
