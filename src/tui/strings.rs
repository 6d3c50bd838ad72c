//! Every string the TUI shows, in one place, so wording stays consistent
//! and a translation would touch one file.

pub const APP: &str = "factdesk";
pub const CASES_TITLE: &str = "Cases";
pub const NO_CASES: &str = "No cases yet. Add one with `factdesk new ARTICLE.txt`, then press r.";
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

pub const INVALID_CLAIM: &str = "This claim file cannot be read; fix it by hand (factdesk check shows where). Read-only until then.";
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
/// An evidence form saved without its URL.
pub const URL_REQUIRED: &str = "the URL is required";
/// A form whose kind does not fit the screen it was saved on.
pub const FORM_MISPLACED: &str = "this form does not fit the current screen";
pub const FORM_HINT_LINE: &str =
    "Ctrl-S save · Enter next/save · Tab next field · Ctrl-E $EDITOR · Esc cancel";
pub const FORM_HINT_MULTI: &str =
    "Ctrl-S save · Enter new line · Tab next field · Ctrl-E $EDITOR · Esc cancel";

pub const FORM_EVIDENCE: &str = "Add evidence";
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
pub const F_NOTE: &str = "Note";
pub const F_REASON: &str = "Reason";
pub const F_WHO: &str = "Who";
pub const F_TEXT: &str = "Text";
pub const F_KIND: &str = "Kind";

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
