//! The workspace-wide context every claim check needs, and the rules for
//! the files it is built from: `factdesk.yaml` and `checklists/*.yaml`.

use super::diag::Diagnostic;
use super::findings::Findings;
use super::parse::load;
use super::rules::*;
use super::Context;
use crate::model::{workspace::FORMAT_VERSION, Checklist, StatusClass, WorkspaceConfig};
use crate::store::{
    self, Doc,
    PathSeg::{Index, Key},
    Workspace,
};
use std::collections::{BTreeMap, BTreeSet};

/// Loads the workspace-wide context. Falls back to the default
/// configuration, and leaves out checklists that cannot be read, so checking
/// goes on; the findings about those files come back with it, so no caller
/// can silently drop them.
pub fn load_context(ws: &Workspace) -> (Context, Vec<Diagnostic>) {
    let (ctx, diags, _files) = load_counted(ws);
    (ctx, diags)
}

/// [`load_context`], also counting the files read (for `check`'s summary).
pub(crate) fn load_counted(ws: &Workspace) -> (Context, Vec<Diagnostic>, usize) {
    let mut out = Vec::new();
    let mut files = 0;
    let config = load_config(ws, &mut out, &mut files);
    let mut checklists = BTreeMap::new();
    let mut broken_checklists = BTreeSet::new();
    match ws.checklist_files() {
        Ok(stems) => {
            for stem in stems {
                let rel = Workspace::checklist_rel(&stem);
                files += 1;
                match load::<Checklist>(ws.abs(&rel), &rel) {
                    Ok(doc) => {
                        out.extend(check_checklist(&stem, &doc));
                        let sha = store::sha256_hex(doc.raw.as_bytes());
                        checklists.insert(stem, (doc.value, sha));
                    }
                    Err(d) => {
                        out.push(d);
                        broken_checklists.insert(stem);
                    }
                }
            }
        }
        Err(e) => out.push(Diagnostic::new(
            &IO_ERROR,
            store::CHECKLISTS_DIR,
            (1, 1),
            e.to_string(),
        )),
    }
    let ctx = Context {
        config_defaults: config.is_none(),
        config: config.unwrap_or_default(),
        checklists,
        broken_checklists,
        now: chrono::Local::now().fixed_offset(),
        publish_all: false,
    };
    (ctx, out, files)
}

/// `factdesk.yaml`, or `None` (with the reason in `out`) when it cannot be used.
fn load_config(
    ws: &Workspace,
    out: &mut Vec<Diagnostic>,
    files: &mut usize,
) -> Option<WorkspaceConfig> {
    let path = ws.abs(store::CONFIG_FILE);
    if !path.exists() {
        out.push(
            Diagnostic::new(
                &MISSING_CONFIG,
                store::CONFIG_FILE,
                (1, 1),
                "no factdesk.yaml at the workspace root",
            )
            .hint("run `factdesk init` in the repository root"),
        );
        return None;
    }
    let raw = match super::parse::read(&path, store::CONFIG_FILE, store::MAX_YAML_BYTES) {
        Ok(raw) => raw,
        Err(d) => {
            out.push(d);
            return None;
        }
    };
    *files += 1;
    match super::parse::parse_doc::<WorkspaceConfig>(path, store::CONFIG_FILE, raw) {
        Ok(doc) => {
            out.extend(check_config(&doc));
            Some(doc.value)
        }
        Err(d) => {
            out.push(d);
            None
        }
    }
}

/// Checks `factdesk.yaml`'s verdict scale for usability.
fn check_config(doc: &Doc<WorkspaceConfig>) -> Vec<Diagnostic> {
    let mut f = Findings::of(doc);
    let cfg = &doc.value;
    let scale = &cfg.verdict_scale.0;
    let twice = repeated(scale.iter().map(|s| s.id.as_str()));
    for (i, s) in scale.iter().enumerate() {
        if twice.contains(&i) {
            f.push(f.diag(
                &BAD_SCALE,
                &[Key("verdict_scale"), Index(i), Key("id")],
                format!("status `{}` is defined twice", s.id),
            ));
        }
        if s.rating.is_some() && s.class != StatusClass::Verdict {
            f.push(f.diag(
                &BAD_SCALE,
                &[Key("verdict_scale"), Index(i), Key("rating")],
                format!(
                    "only verdicts carry a ClaimReview rating; `{}` is not a verdict",
                    s.id
                ),
            ));
        }
    }
    if !scale.iter().any(|s| s.class == StatusClass::Open) {
        f.push(
            f.diag(
                &BAD_SCALE,
                &[Key("verdict_scale")],
                "the verdict scale has no `open` status for new claims to start in",
            )
            .hint("add e.g. `{id: unchecked, label: Unchecked, class: open}`"),
        );
    }
    if cfg.format != FORMAT_VERSION {
        f.push(
            f.diag(
                &BAD_VALUE,
                &[Key("format")],
                format!(
                    "format {} is not supported (this factdesk reads format {FORMAT_VERSION})",
                    cfg.format,
                ),
            )
            .hint("upgrade factdesk"),
        );
    }
    f.finish()
}

/// Checks a checklist: its id, and steps that exist, are unique and include
/// `attribution`.
fn check_checklist(stem: &str, doc: &Doc<Checklist>) -> Vec<Diagnostic> {
    let mut f = Findings::of(doc);
    let list = &doc.value;
    if list.id != stem {
        f.push(f.diag(
            &ID_MISMATCH,
            &[Key("id")],
            format!("id `{}` differs from the file name `{stem}.yaml`", list.id),
        ));
    }
    for i in repeated(list.steps.iter().map(|s| s.id.as_str())) {
        f.push(f.diag(
            &EMPTY_CHECKLIST,
            &[Key("steps"), Index(i), Key("id")],
            format!("step `{}` is defined twice", list.steps[i].id),
        ));
    }
    if list.steps.is_empty() {
        f.push(f.diag(&EMPTY_CHECKLIST, &[Key("steps")], "checklist has no steps"));
    } else if list.step("attribution").is_none() {
        f.push(f.diag(&EMPTY_CHECKLIST, &[Key("steps")], "checklist has no `attribution` step")
            .hint("confirming who said it is separate from confirming it is true: every checklist has a step with id `attribution`"));
    }
    f.finish()
}

/// Indices of the ids that already occurred earlier in the list.
fn repeated<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, id) in ids.enumerate() {
        if seen.contains(&id) {
            out.push(i);
        }
        seen.push(id);
    }
    out
}
