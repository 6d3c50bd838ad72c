//! Files shipped inside the binary, so `factdesk init` works anywhere. The
//! originals live in the project's own `checklists/` and `schemas/`, which
//! are also its workspace: what the project checks is what users get.

/// Default checklists: (file name, content).
pub const CHECKLISTS: &[(&str, &str)] = &[
    (
        "anonymous-source.yaml",
        include_str!("../checklists/anonymous-source.yaml"),
    ),
    ("general.yaml", include_str!("../checklists/general.yaml")),
    (
        "historical.yaml",
        include_str!("../checklists/historical.yaml"),
    ),
    (
        "image-caption.yaml",
        include_str!("../checklists/image-caption.yaml"),
    ),
    ("quote.yaml", include_str!("../checklists/quote.yaml")),
    (
        "statistic.yaml",
        include_str!("../checklists/statistic.yaml"),
    ),
];

/// JSON Schemas for editors with yaml-language-server: (file name, content).
pub const SCHEMAS: &[(&str, &str)] = &[
    (
        "workspace.schema.json",
        include_str!("../schemas/workspace.schema.json"),
    ),
    (
        "case.schema.json",
        include_str!("../schemas/case.schema.json"),
    ),
    (
        "claim.schema.json",
        include_str!("../schemas/claim.schema.json"),
    ),
    (
        "checklist.schema.json",
        include_str!("../schemas/checklist.schema.json"),
    ),
    (
        "factcheck.schema.json",
        include_str!("../schemas/factcheck.schema.json"),
    ),
];

/// A yamllint config that accepts exactly the style factdesk writes
/// (sequences not indented under their key, long lines, no `---`).
pub const YAMLLINT: &str = "\
# yamllint settings that accept the files factdesk writes.
extends: default
rules:
  document-start: disable
  line-length: disable
  indentation:
    spaces: 2
    indent-sequences: consistent
  truthy:
    check-keys: false
";

/// The `factdesk.yaml` that `init` writes: the default settings, in the
/// canonical form factdesk itself would write.
pub fn default_config() -> String {
    let cfg = crate::model::WorkspaceConfig::default();
    crate::store::render(&cfg).unwrap_or_else(|_| "format: 1\n".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_parse() {
        for (name, text) in CHECKLISTS {
            let c: crate::model::Checklist =
                crate::store::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(format!("{}.yaml", c.id), *name);
        }
        let cfg: crate::model::WorkspaceConfig = crate::store::parse(&default_config()).unwrap();
        assert_eq!(cfg, crate::model::WorkspaceConfig::default());
        for (name, text) in SCHEMAS {
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "{name}"
            );
        }
    }
}
