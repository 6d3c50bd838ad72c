//! The checklist rules: `unknown-checklist`, `checklist-changed`,
//! `checklist-steps`, `skip-needs-note`, `na-needs-note` and
//! `verdict-needs-steps`.

use super::super::diag::did_you_mean;
use super::super::findings::Findings;
use super::super::rules::*;
use super::super::Context;
use crate::model::{Checklist, Claim, StatusClass, StepState};
use crate::store::{
    Doc,
    PathSeg::{Index, Key},
};

/// Checks the claim's checklist record against `checklists/`.
pub(super) fn check(
    f: &mut Findings<'_>,
    ctx: &Context,
    doc: &Doc<Claim>,
    class: Option<StatusClass>,
) {
    let cl = &doc.value.checklist;
    if ctx.broken_checklists.contains(&cl.id) {
        // The checklist exists but is broken: its own finding says so, and
        // its steps are unknown, so there is nothing to compare against.
        return;
    }
    let Some((list, sha)) = ctx.checklists.get(&cl.id) else {
        let ids: Vec<&str> = ctx.checklists.keys().map(String::as_str).collect();
        let d = f.diag(
            &UNKNOWN_CHECKLIST,
            &[Key("checklist"), Key("id")],
            format!("checklist `{}` does not exist in checklists/", cl.id),
        );
        f.push(match did_you_mean(&cl.id, ids.iter().copied()) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint(format!("available: {}", ids.join(", "))),
        });
        return;
    };
    if &cl.sha256 != sha {
        f.push(
            f.diag(
                &CHECKLIST_CHANGED,
                &[Key("checklist"), Key("sha256")],
                format!(
                    "checklists/{}.yaml changed since this claim started using it",
                    cl.id
                ),
            )
            .hint(format!(
                "review the steps against the new version, then set `sha256: {sha}`"
            )),
        );
    }
    let steps_ok = same_steps(f, doc, list);
    step_records(f, ctx, doc, list);
    if class == Some(StatusClass::Verdict) && steps_ok && doc.value.dismissed.is_none() {
        open_steps(f, doc, list);
    }
}

/// `checklist-steps`: every step of the checklist once, in its order.
fn same_steps(f: &mut Findings<'_>, doc: &Doc<Claim>, list: &Checklist) -> bool {
    let cl = &doc.value.checklist;
    let want: Vec<&str> = list.steps.iter().map(|s| s.id.as_str()).collect();
    let have: Vec<&str> = cl.steps.iter().map(|s| s.id.as_str()).collect();
    if want == have {
        return true;
    }
    let missing: Vec<&str> = want.iter().filter(|w| !have.contains(w)).copied().collect();
    let extra: Vec<&str> = have.iter().filter(|h| !want.contains(h)).copied().collect();
    let mut msg = format!("steps do not match checklist `{}`", cl.id);
    if !missing.is_empty() {
        msg.push_str(&format!("; missing: {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        msg.push_str(&format!("; unknown: {}", extra.join(", ")));
    }
    if missing.is_empty() && extra.is_empty() {
        msg.push_str("; order or duplicates differ");
    }
    f.push(
        f.diag(&CHECKLIST_STEPS, &[Key("checklist"), Key("steps")], msg)
            .hint(format!(
                "list every step of checklists/{}.yaml once, in its order: {}",
                cl.id,
                want.join(", ")
            )),
    );
    false
}

/// `skip-needs-note`, `na-needs-note` and the steps' times.
fn step_records(f: &mut Findings<'_>, ctx: &Context, doc: &Doc<Claim>, list: &Checklist) {
    let claim = &doc.value;
    for (i, rec) in claim.checklist.steps.iter().enumerate() {
        let required = list.step(&rec.id).is_some_and(|s| s.required);
        let (rule, done, arg) = match rec.state {
            StepState::Skipped => (&SKIP_NEEDS_NOTE, "skipped", "skip"),
            StepState::NotApplicable => (&NA_NEEDS_NOTE, "marked not applicable", "na"),
            _ => (&SKIP_NEEDS_NOTE, "", ""),
        };
        if required && !done.is_empty() && rec.note.trim().is_empty() {
            f.push(
                f.diag(
                    rule,
                    &[Key("checklist"), Key("steps"), Index(i), Key("state")],
                    format!("required step `{}` is {done} without a note", rec.id),
                )
                .hint(format!(
                    "say why in `note:` (e.g. `factdesk step CASE/{} {} {arg} --note \"…\"`)",
                    claim.id, rec.id
                )),
            );
        }
        if let Some(t) = &rec.at {
            f.time(
                ctx,
                &[Key("checklist"), Key("steps"), Index(i), Key("at")],
                t,
            );
        }
    }
}

/// `verdict-needs-steps`: a verdict needs every required step finished.
fn open_steps(f: &mut Findings<'_>, doc: &Doc<Claim>, list: &Checklist) {
    let claim = &doc.value;
    let open: Vec<&str> = claim
        .checklist
        .steps
        .iter()
        .filter(|r| list.step(&r.id).is_some_and(|s| s.required))
        .filter(|r| {
            !(r.state == StepState::Done
                || r.state == StepState::NotApplicable
                || (r.state == StepState::Skipped && !r.note.trim().is_empty()))
        })
        .map(|r| r.id.as_str())
        .collect();
    if !open.is_empty() {
        f.push(
            f.diag(
                &VERDICT_NEEDS_STEPS,
                &[Key("status")],
                format!(
                    "verdict `{}` needs every required step finished; open: {}",
                    claim.status,
                    open.join(", ")
                ),
            )
            .hint("finish them with `factdesk step`, or set the status back to in-progress"),
        );
    }
}
