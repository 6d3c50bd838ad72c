//! Every string the TUI shows, in one place, so wording stays consistent
//! and a translation would touch one file.

pub const APP: &str = "factdesk";
pub const CASES_TITLE: &str = "Cases";
pub const NO_CASES: &str =
    "No cases yet. Press N to add one from a web address or a file (or `factdesk new`).";
pub const NO_MATCH: &str = "No case matches the filter.";
pub const LOADING: &str = "…";
pub const FILTER_PROMPT: &str = "filter: ";
pub const ARTICLE_TITLE: &str = "Article";
pub const CLAIMS_TITLE: &str = "Claims";
pub const NO_CLAIMS: &str =
    "No claims yet. Press a to select a sentence in the article and add it as a claim.";
pub const CHECKLIST_TITLE: &str = "Checklist";
pub const EVIDENCE_TITLE: &str = "Evidence";
pub const NO_EVIDENCE: &str = "none yet: press a to add an item";
pub const NOTES_TITLE: &str = "Notes";
pub const NO_NOTES: &str = "none: press m to add a note, E to write one in $EDITOR";
pub const HISTORY_TITLE: &str = "History";
pub const HISTORY_LOADING: &str = "reading git history…";
pub const HISTORY_EMPTY: &str = "no factdesk commits yet";
pub const HELP_TITLE: &str = "Keys";
pub const HELP_CLOSE: &str = "? or Esc closes this help";
pub const TOO_SMALL: &str = "Terminal too small: factdesk needs at least 80×24.";
pub const READ_ONLY: &str = "READ-ONLY";
pub const ATTRIBUTION: &str = "Attribution";
pub const SUBSTANCE: &str = "Substance";
pub const CAVEATS: &str = "Caveats";
pub const CHAIN: &str = "Chain";
pub const IN_ARTICLE: &str = "In the article";
pub const STEP_GUIDANCE: &str = "Guidance";
pub const STEP_NOTE: &str = "Note";
pub const ALL_DONE: &str = "Every claim of this case has a verdict (or was dismissed).";
pub const STEPS_DONE_PICK_VERDICT: &str =
    "Every step is finished: pick the verdict (the picker says which ones the rules allow).";
/// Shown when o/T is pressed on a claim that is not conflicted.
pub const NOT_CONFLICTED: &str = "this claim is not in a merge conflict";
/// Heading of the conflict pane.
pub const CONFLICT: &str = "Merge conflict: two editors changed this claim. Keep one side (o / T), or merge by hand and `git add` the file.";

/// After keeping one side of a conflict.
pub fn kept_side(side: &str, copy: &str) -> String {
    format!("kept {side}; the other side is saved in {copy} and stays in git history. Finish with `git rebase --continue` or `git commit`.")
}

pub const INVALID_CLAIM: &str = "This claim file cannot be read; fix it by hand where shown below, then press r. Read-only until then.";
pub const SELECT_HINT: &str =
    "Select the claim text: j/k sentence, l/h extend/shrink end by a word, L/H move start, Enter adds it";
pub const CONFIRM_QUIT: &str = "A form has unsaved text. Quit anyway? Its draft stays saved under .git/factdesk-drafts/ and comes back next time. (y quit / n stay)";
pub const CONFIRM_DISCARD: &str =
    "Discard the text typed in this form? (y discard / n keep editing)";
pub const DRAFT_RESTORED: &str = "restored the draft you had typed before";
pub const PICK_STATUS: &str = "Substance verdict (status)";
pub const PICK_ATTRIBUTION: &str = "Attribution: did the cited source say it?";
pub const PICK_KIND: &str = "Kind of claim";
pub const PICK_REFUSED: &str = "refused";
/// Marks the current value in a picker (neutral: not a refusal).
pub const PICK_CURRENT: &str = "● current";
/// Picking the value that is already set.
pub const PICK_UNCHANGED: &str = "unchanged: that is the current value";

/// Hints of `ops` errors said in keys (see `error::tui_hint`).
pub const HINT_NOTE: &str = "write it in the form's note field";
pub const HINT_VERDICT_FIRST: &str = "pick a verdict first (v)";
pub const HINT_REVIEWER: &str = "a second editor reviews it (R in their factdesk)";
pub const HINT_STEPS: &str = "finish them (d done, s skip, x n/a) or set the status back (v)";
pub const HINT_EVIDENCE: &str = "add evidence (a), or set the status back (v)";
pub const HINT_REASON: &str = "type the reason in the form";
pub const HINT_SPAN: &str = "select the span again in the article (a)";
pub const HINT_ATTRIBUTION_FIRST: &str = "decide the attribution first (t)";
pub const HINT_NOTHING_WRITTEN: &str = "nothing was written";
pub const HINT_CONFLICTS: &str =
    "conflicted claims are listed last; open one to keep a side (o / T)";

/// A required step's n/a saved without a reason.
pub const NA_NEEDS_NOTE: &str =
    "a required step that does not apply needs a reason, as a skip does";
/// Title of the form a required step's n/a asks with.
pub const FORM_NA: &str = "Step does not apply: why? (required step)";
/// Title of the form that asks for review again.
pub const FORM_REREQUEST: &str =
    "Ask for review again: what did you change, or why does the verdict stand?";
/// `u` with nothing to undo.
pub const NOTHING_TO_UNDO: &str = "nothing to undo: no step was changed here yet";
/// `W` when no request for changes stands.
pub const NO_REQUEST_TO_ANSWER: &str =
    "no request for changes stands on this verdict; R reviews it (second editor)";
/// `Enter` on a pane with nothing to open.
pub const ENTER_OPENS: &str = "Enter opens a step's note; d marks the step done";

/// Banner of a claim whose reviewer asked for changes.
pub fn changes_requested(by: &str, at: &str) -> String {
    format!("⚑ Changes requested by {by} ({at})")
}
/// How to answer a request for changes, in keys.
pub const ANSWER_REVIEW: &str =
    "Answer: change the verdict (v), or add a note (m) and ask for review again (W).";

/// The review line of the claim view.
pub fn review_line(s: &super::review::Shown) -> String {
    use super::review::Shown;
    match s {
        Shown::NoVerdict => "no verdict yet".into(),
        Shown::Waiting { .. } => "◇ waiting for a second editor (R)".into(),
        Shown::Voided { approved_by, .. } => format!(
            "◇ approval by {approved_by} voided by a later verdict change; waiting for review again"
        ),
        Shown::ChangesRequested { by, .. } => format!("⚑ changes requested by {by}"),
        Shown::Approved { by, .. } => format!("◆ approved by {by}"),
    }
}

/// Label of the review line.
pub const REVIEW: &str = "Review";

/// Where `n` went.
pub fn went_to_step(step: &str) -> String {
    format!("next: step `{step}`")
}
pub fn went_to_claim(claim: &str, why: &str) -> String {
    format!("next claim: {claim} ({why})")
}
/// Optional steps `n` passed over, offered.
pub fn optional_left(steps: &str) -> String {
    format!("optional, not required: {steps} (select with j/k, then d or x)")
}
pub const NEXT_ATTRIBUTION: &str =
    "next: the attribution. Did the cited source say it? (pick, then n for the verdict)";
pub const NEXT_VERDICT: &str =
    "next: the verdict (the picker marks what the rules refuse, and why)";
/// After every required step of this claim and its decisions: n moves on.
pub const CLAIM_DONE_NO_OTHER: &str =
    "This claim needs nothing more from you, and no other claim needs work.";
/// An evidence form saved with neither a URL nor a file, and no kind
/// and description to say what the item is.
pub const URL_REQUIRED: &str =
    "give the URL, or pick the kind (interview, document, …) and describe the item";
/// A correction or withdrawal saved without its note.
pub const EVIDENCE_NEEDS_NOTE: &str = "say why in the note: it is kept with the item";
/// A correction that changes no field.
pub const NOTHING_CORRECTED: &str = "nothing to correct: change a field, or Esc to cancel";
/// Evidence keys pressed outside the evidence pane or with none listed.
pub const NO_EVIDENCE_FOCUSED: &str =
    "select an evidence item first (Tab to the evidence pane, then j/k)";
/// c/w on an item already withdrawn.
pub const ALREADY_WITHDRAWN: &str =
    "this item was withdrawn: it is kept as it was; add the corrected item (a)";
/// Asks before withdrawing.
pub fn confirm_withdraw(label: &str) -> String {
    format!("Withdraw evidence {label}? It stays listed, marked withdrawn, and no longer counts for the verdict. (y withdraw / n keep editing)")
}
/// Asks before restoring a dismissed proposal.
pub fn confirm_restore(claim: &str, reason: &str) -> String {
    format!("Restore {claim}, dismissed as “{reason}”? It becomes a claim to check again. (y restore / n keep it dismissed)")
}
/// `u` in the claim list on a claim that is not dismissed.
pub const NOT_DISMISSED: &str = "this claim is not dismissed: nothing to restore";
/// A chain hop saved empty.
pub const EMPTY_HOP: &str = "a hop of the chain is empty: name it, or remove it (Ctrl-X)";
/// The attribution form saved unchanged.
pub const UNCHANGED: &str = "nothing changed: edit a field, or Esc to cancel";
/// Marks a withdrawn item.
pub fn withdrawn_by(by: &str, why: &str) -> String {
    format!("withdrawn by {by}: {why}")
}
/// A correction of an evidence item.
pub fn corrected_by(by: &str, at: &str, why: &str) -> String {
    format!("corrected by {by} ({at}): {why}")
}
/// Keys under an evidence item.
pub const EVIDENCE_KEYS: &str = "c correct · w withdraw · a add another";
/// Keys under a withdrawn evidence item.
pub const EVIDENCE_KEYS_WITHDRAWN: &str = "withdrawn: kept as it was · a adds the corrected item";
/// Label of the translation line.
pub const TRANSLATION: &str = "In English";
/// Hint: dismissed again; `u` restores.
pub const HINT_RESTORE: &str = "the first reason is kept; u in the case's claim list restores it";
/// Hint: a withdrawn item cannot be corrected.
pub const HINT_ADD_CORRECTED: &str = "add the corrected item (a)";
/// A form whose kind does not fit the screen it was saved on.
pub const FORM_MISPLACED: &str = "this form does not fit the current screen";
pub const FORM_HINT_LINE: &str =
    "Ctrl-S save · Enter next/save · Tab next field · Ctrl-E $EDITOR · Esc cancel";
pub const FORM_HINT_MULTI: &str =
    "Ctrl-S save · Enter new line · Tab next field · Ctrl-E $EDITOR · Esc cancel";

pub const FORM_EVIDENCE: &str = "Add evidence";
pub const FORM_EDIT_EVIDENCE: &str =
    "Correct evidence (the note says why; the old values stay in git)";
pub const FORM_WITHDRAW_EVIDENCE: &str = "Withdraw evidence: why does it no longer stand?";
pub const FORM_ATTRIBUTION: &str =
    "Who said it, and in English (chain outermost first: Ctrl-O add, Ctrl-X remove, Ctrl-P/N move)";
/// Title of the review form.
pub const FORM_REVIEW: &str =
    "Review the verdict (a second editor approves it before it is publishable)";
/// Label of the review decision.
pub const F_DECISION: &str = "Decision";
pub const FORM_NOTE: &str = "Add a note";
pub const FORM_SKIP: &str = "Skip step: why?";
pub const FORM_STEP_NOTE: &str = "Note for this step";
pub const FORM_DISMISS: &str = "Dismiss this proposal: why is it not a claim to check?";
pub const FORM_ASSIGN: &str = "Assign claim to";
pub const FORM_ADD_CLAIM: &str = "Add this span as a claim";

pub const F_URL: &str = "URL";
pub const F_ARCHIVE: &str = "Archive URL";
pub const F_STANCE: &str = "Stance";
pub const F_EXCERPT: &str = "Excerpt";
pub const F_FILE: &str = "Local file";
pub const F_CAPTURE: &str = "Capture page";
pub const CAPTURE_NEEDS_URL: &str = "a capture needs the URL of the page";
pub fn capturing(url: &str) -> String {
    format!("capturing {url} … (the item is added when the page is in)")
}
pub const F_NOTE: &str = "Note";
pub const F_REASON: &str = "Reason";
pub const F_WHO: &str = "Who";
pub const F_TEXT: &str = "Text";
pub const F_KIND: &str = "Kind";
pub const F_EV_KIND: &str = "Kind of source";
pub const F_DESCRIPTION: &str = "Description";
pub const F_CORRECTION_NOTE: &str = "Why corrected (required)";
pub const F_SPEAKER: &str = "Speaker";
pub const F_ANONYMOUS: &str = "Anonymous";
pub const F_HOP: &str = "Hop";
pub const F_TRANSLATION: &str = "In English (empty removes it)";

/// "c03 changed on disk (reloaded)".
/// The start of the progress notice of a cold case index.
pub const LOADING_CASES: &str = "loading cases…";

/// "loading cases… 120/20000".
pub fn loading_cases(done: usize, total: usize) -> String {
    format!("{LOADING_CASES} {done}/{total}")
}

pub fn changed_on_disk(what: &str) -> String {
    format!("{what} changed on disk (reloaded)")
}

/// Shown when `ops` refused because a file changed since it was read.
pub fn refused_changed_since_opened(what: &str) -> String {
    format!("{what} changed since you opened it: nothing was written; the new version is shown, try again if it still applies")
}

pub fn refused_changed(what: &str) -> String {
    format!(
        "{what} changed on disk since it was read: nothing was written; reloaded, please try again"
    )
}

/// The read-only banner.
pub fn read_only(reason: &str) -> String {
    format!("{READ_ONLY}: {reason}")
}

/// A committed change.
pub fn committed(subject: &str, commit: &str) -> String {
    let short: String = commit.chars().take(7).collect();
    format!("committed {short}: {subject}")
}

/// A step change committed from the list: what it did, and how to undo it.
pub fn step_committed(claim: &str, step: &str, state: &str, commit: &str) -> String {
    let short: String = commit.chars().take(7).collect();
    format!("{claim}: step `{step}` → {state} (committed {short}; u undoes)")
}

/// After `u`.
pub fn undone(claim: &str, step: &str, from: &str, to: &str, commit: &str) -> String {
    let short: String = commit.chars().take(7).collect();
    format!("undone: {claim} step `{step}` {from} → {to} (committed {short})")
}

// From the web: a case from a URL, captured pages, the browser.
pub const FORM_NEW_CASE: &str = "New case";
pub const F_URL_OR_FILE: &str = "Web address (https://…) or article file";
pub const NEW_CASE_NEEDS_SOURCE: &str =
    "give a web address (https://…) or the path of an article text file";
pub const CAPTURE_MARK: &str = "✓";
pub const CAPTURE_NONE: &str =
    "no captured page for this item: add it again with --capture (or the CLI `evidence add --capture`)";
pub const CAPTURE_UNREADABLE: &str = "the captured page cannot be read";
pub const NO_URL_FOCUSED: &str =
    "select an evidence item with an address (Tab to the evidence pane) to open it";
pub const PAGER_EMPTY: &str = "(the captured page has no text)";
pub fn fetching(url: &str) -> String {
    format!("fetching {url} … (the case opens when it is in)")
}
pub fn new_case_made(id: &str, claims: usize, proposed: usize) -> String {
    if proposed > claims {
        format!("{id}: new case, the {claims} most check-worthy of {proposed} proposals kept (max_claims; committed)")
    } else {
        format!("{id}: new case, {claims} claims proposed (committed)")
    }
}
pub fn fetch_failed(why: &str) -> String {
    format!("no case made: {why}")
}
pub fn opening(url: &str) -> String {
    format!("opening {url} in the browser")
}
pub fn browser_failed(why: &str) -> String {
    format!("cannot start the browser ($BROWSER or xdg-open): {why}")
}
pub fn capture_row(at: &str, status: u16, file: &str) -> String {
    format!("{CAPTURE_MARK} {at} UTC, HTTP {status} ({file}); Enter reads it")
}
pub fn captured(at: &str, status: u16) -> String {
    format!("captured {at} UTC, HTTP {status}")
}

/// Title of the claim view's panel of earlier claims like this one.
pub const SEEN_TITLE: &str = "Seen before";
/// Under the panel: the key that copies evidence.
pub const SEEN_COPY_HINT: &str = "C copies the first earlier claim's evidence here";
/// Claim list: an earlier claim is the same claim.
pub const SEEN_MARK_SAME: &str = "≈seen";
/// Claim list: an earlier claim is possibly the same.
pub const SEEN_MARK_POSSIBLE: &str = "≈maybe";
/// `C` on a claim with no earlier match.
pub const SEEN_NOTHING_TO_COPY: &str =
    "no earlier claim or fact-check like this one (the \"Seen before\" panel lists them when there are)";
