//! The status rules: `unknown-status` (the verdict scale), and what a
//! decision needs: evidence for a verdict, the attribution decided for the
//! verdicts that need it, a note for not-checkable, a reason for a
//! dismissal.

use super::super::diag::did_you_mean;
use super::super::findings::Findings;
use super::super::rules::*;
use super::super::{CaseInfo, Context};
use crate::model::{AttributionStatus, Claim, StatusClass};
use crate::store::{Doc, PathSeg::Key};

/// `unknown-status`; returns the status's class when it is on the scale.
pub(super) fn on_scale(
    f: &mut Findings<'_>,
    ctx: &Context,
    doc: &Doc<Claim>,
) -> Option<StatusClass> {
    let claim = &doc.value;
    let scale = &ctx.config.verdict_scale;
    if let Some(def) = scale.get(&claim.status) {
        return Some(def.class);
    }
    let d = f.diag(
        &UNKNOWN_STATUS,
        &[Key("status")],
        format!("status `{}` is not on the verdict scale", claim.status),
    );
    let ids: Vec<&str> = scale.ids().collect();
    f.push(match did_you_mean(&claim.status, ids.iter().copied()) {
        Some(s) => d.hint(format!(
            "did you mean `{s}`? the scale is: {}",
            ids.join(", ")
        )),
        None => d.hint(format!("the scale (factdesk.yaml) is: {}", ids.join(", "))),
    });
    None
}

/// `verdict-needs-evidence`, `verdict-needs-attribution`,
/// `not-checkable-needs-note` and
/// `dismiss-needs-reason` (with the dismissal's time).
pub(super) fn decision(
    f: &mut Findings<'_>,
    ctx: &Context,
    case: &CaseInfo<'_>,
    doc: &Doc<Claim>,
    class: Option<StatusClass>,
) {
    let claim = &doc.value;
    let Some(d) = &claim.dismissed else {
        match class {
            Some(StatusClass::Verdict) if claim.evidence.iter().all(|e| e.is_withdrawn()) => f.push(
                f.diag(&VERDICT_NEEDS_EVIDENCE, &[Key("status")],
                    if claim.evidence.is_empty() {
                        format!("verdict `{}` needs at least one evidence item", claim.status)
                    } else {
                        format!("verdict `{}` needs at least one evidence item that is not withdrawn", claim.status)
                    })
                    .hint(format!("add one with `factdesk evidence add {}/{} --url …`, or set the status back to in-progress", case.dir_name, claim.id)),
            ),
            Some(StatusClass::NotCheckable) if claim.notes.trim().is_empty() => f.push(
                f.diag(&NOT_CHECKABLE_NEEDS_NOTE, &[Key("status")],
                    format!("`{}` needs a note saying why (opinion? prediction?)", claim.status))
                    .hint("add `notes:`, e.g. `factdesk set CASE/CLAIM --status not-checkable --note \"prediction about 2025\"`"),
            ),
            _ => {}
        }
        if class == Some(StatusClass::Verdict)
            && ctx.config.needs_attribution(&claim.status)
            && claim.attribution.status == AttributionStatus::Unchecked
        {
            f.push(
                f.diag(
                    &VERDICT_NEEDS_ATTRIBUTION,
                    &[Key("status")],
                    format!(
                        "verdict `{}` needs the attribution decided first (it is still unchecked)",
                        claim.status
                    ),
                )
                .hint(format!(
                    "set `attribution.status` (e.g. `factdesk set {}/{} --attribution confirmed`), or set the status back to in-progress; `verdicts_need_attribution` in factdesk.yaml lists the verdicts this applies to",
                    case.dir_name, claim.id
                )),
            );
        }
        return;
    };
    if d.reason.trim().is_empty() {
        f.push(
            f.diag(
                &DISMISS_NEEDS_REASON,
                &[Key("dismissed"), Key("reason")],
                "dismissal without a reason",
            )
            .hint("say why this proposal is not a claim to check, so reviewers can agree"),
        );
    }
    f.time(ctx, &[Key("dismissed"), Key("at")], &d.at);
}
