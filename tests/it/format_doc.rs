//! The example files in `docs/format.md` are real: each block marked
//! `<!-- file: PATH -->` validates against its schema, loads into the model,
//! saves back byte-identical (comments aside), and the seed claims point at
//! the right bytes of the example `article.txt`.

use factdesk::model::{
    Case, Checklist, Claim, FactCheck, Location, StatusClass, StepState, WorkspaceConfig,
};
use factdesk::store;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::PathBuf;

const CASE: &str = "cases/2023-11-05-kyiv-moscow-talks";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Example files of the document, by workspace path, with their content.
fn example_files() -> BTreeMap<String, String> {
    let doc = std::fs::read_to_string(root().join("docs/format.md")).unwrap();
    let mut files = BTreeMap::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .trim()
            .strip_prefix("<!-- file: ")
            .and_then(|r| r.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines
            .by_ref()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_else(|| panic!("{path}: no code block after the marker"));
        assert!(
            fence.starts_with("```"),
            "{path}: marker not followed by a fence"
        );
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        assert!(
            files.insert(path.to_string(), body).is_none(),
            "{path} twice in docs/format.md"
        );
    }
    files
}

/// The file without its annotation: full-line `#` comments removed.
fn strip_comments(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn validate(schema: &str, text: &str, what: &str) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas").join(schema)).unwrap(),
    )
    .unwrap();
    let v = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let value: Value = store::parse(text).unwrap();
    let errs: Vec<String> = v
        .iter_errors(&value)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    assert!(errs.is_empty(), "{what}:\n  {}", errs.join("\n  "));
}

/// Loads `text` as `T` and checks that saving it again gives the same bytes.
fn load_and_resave<T>(text: &str, what: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = store::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let saved = store::render(&value).unwrap();
    assert_eq!(saved, text, "{what}: saving the loaded file changes it");
    value
}

#[test]
fn seed_example_files_are_valid_and_consistent() {
    let files = example_files();
    for required in [
        "factdesk.yaml".to_string(),
        format!("{CASE}/case.yaml"),
        format!("{CASE}/article.txt"),
        format!("{CASE}/claims/c01.yaml"),
    ] {
        assert!(
            files.contains_key(&required),
            "docs/format.md lacks {required}"
        );
    }

    let config_text = strip_comments(&files["factdesk.yaml"]);
    validate("workspace.schema.json", &config_text, "factdesk.yaml");
    let config: WorkspaceConfig = load_and_resave(&config_text, "factdesk.yaml");

    let article = &files[&format!("{CASE}/article.txt")];
    let case_text = strip_comments(&files[&format!("{CASE}/case.yaml")]);
    validate("case.schema.json", &case_text, "case.yaml");
    let case: Case = load_and_resave(&case_text, "case.yaml");
    assert_eq!(format!("cases/{}", case.id), CASE);
    assert_eq!(
        case.article_sha256,
        hex(&Sha256::digest(article.as_bytes())),
        "case.yaml article_sha256 is not the sha256 of the example article.txt"
    );

    let mut claims = 0;
    for (path, text) in &files {
        let Some(name) = path.strip_prefix(&format!("{CASE}/claims/")) else {
            continue;
        };
        claims += 1;
        let text = strip_comments(text);
        validate("claim.schema.json", &text, path);
        let claim: Claim = load_and_resave(&text, path);
        assert_eq!(format!("{}.yaml", claim.id), name, "{path}");

        // The location points at exactly the text.
        let loc = claim.location;
        assert_eq!(
            article.get(loc.start..loc.end),
            Some(claim.text.as_str()),
            "{path}: text is not article[start..end]"
        );
        assert_eq!(
            Location::from_span(article, loc.start, loc.end),
            loc,
            "{path}: line/column"
        );

        // The checklist exists and the claim lists its steps in order.
        let checklist_file = root().join(format!("checklists/{}.yaml", claim.checklist.id));
        let checklist: Checklist =
            store::parse(&std::fs::read_to_string(&checklist_file).unwrap()).unwrap();
        let want: Vec<&str> = checklist.steps.iter().map(|s| s.id.as_str()).collect();
        let got: Vec<&str> = claim
            .checklist
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(got, want, "{path}: checklist steps");

        // The documented rules hold for the example's status.
        let status = config
            .verdict_scale
            .get(&claim.status)
            .unwrap_or_else(|| panic!("{path}: status {} not on the scale", claim.status));
        match status.class {
            StatusClass::Verdict => {
                assert!(
                    !claim.evidence.is_empty(),
                    "{path}: verdict without evidence"
                );
                for rec in &claim.checklist.steps {
                    let required = checklist.step(&rec.id).unwrap().required;
                    let ok = match rec.state {
                        StepState::Done => true,
                        StepState::Skipped | StepState::NotApplicable => !rec.note.is_empty(),
                        StepState::Pending => false,
                    };
                    assert!(!required || ok, "{path}: required step {} open", rec.id);
                }
            }
            StatusClass::NotCheckable => assert!(!claim.notes.is_empty(), "{path}"),
            StatusClass::Open | StatusClass::Working => {}
        }
    }
    assert!(claims >= 2, "the seed example should show several claims");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The example fact-check file validates, round-trips, and is named as
/// `import claimreview` names it.
#[test]
fn factcheck_example_is_valid_and_named_by_its_url() {
    let files = example_files();
    let mut n = 0;
    for (path, text) in &files {
        let Some(name) = path.strip_prefix("factchecks/") else {
            continue;
        };
        n += 1;
        let text = strip_comments(text);
        validate("factcheck.schema.json", &text, path);
        let fc: FactCheck = load_and_resave(&text, path);
        assert_eq!(
            fc.id().map(|id| format!("{id}.yaml")).as_deref(),
            Some(name)
        );
    }
    assert!(n >= 1, "docs/format.md shows no factchecks/ example");
}
