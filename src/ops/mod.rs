//! The operations the CLI verbs and the TUI share: every change to a
//! workspace goes through here, so both faces validate, write and commit in
//! exactly the same way.
//!
//! Each mutation: refuses on a busy repository, reads the files it will
//! touch, applies the change in memory, runs the `check` rules on the exact
//! bytes it is about to write, writes atomically (refusing if the file
//! changed on disk meanwhile), and makes one commit with typed trailers that
//! contains only those files.

pub mod attribution;
pub mod case_index;
pub mod changes;
pub mod claim_index;
pub mod conflicts;
pub mod dashboard;
mod error;
mod evidence;
pub mod import;
pub mod links;
pub mod read;
pub mod review;
pub mod web;

use crate::check::{self, CaseInfo, Context, Diagnostic, Level};
use crate::git::{self, Action, Identity, Trailers};
use crate::model::{
    Attribution, AttributionStatus, Case, CaseId, ChecklistRef, Claim, ClaimId, ClaimKind,
    Dismissal, Evidence, EvidenceFile, EvidenceKind, Location, Source, Stance, StepRecord,
    StepState, Timestamp,
};
use crate::propose::{self, Proposal};
use crate::store::{self, FileChange, Workspace};

pub use attribution::chain;
pub use error::{OpsError, Refusal};
pub use evidence::{EvidenceEdit, EvidenceSource};
pub use read::{CaseBundle, ClaimDoc};

/// Result type of this layer.
pub type Result<T, E = OpsError> = std::result::Result<T, E>;

/// What a successful mutation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// The commit id (hex).
    pub commit: String,
    /// The commit subject, e.g. `case/c03: unchecked → verified`.
    pub subject: String,
    /// Workspace-relative files written.
    pub files: Vec<String>,
    /// What the user should also know: an interrupted change repaired, a
    /// staged edit included, a hook's output.
    pub notices: Vec<String>,
}

/// "Now" in the local time zone, keeping its offset.
/// Whole seconds: sub-second noise would only clutter diffs.
///
/// `FACTDESK_NOW` (an RFC 3339 timestamp, e.g. `2024-05-01T10:00:00+07:00`)
/// pins it, for tests and reproducible runs; this is the one place that
/// reads it. Empty means unset.
pub fn now() -> Timestamp {
    use chrono::Timelike;
    let t = match pinned_now() {
        Ok(Some(t)) => t,
        // `pinned_now` is checked at start-up by the CLI (a usage error);
        // a library caller with a bad value gets the wall clock.
        Ok(None) | Err(_) => chrono::Local::now().fixed_offset(),
    };
    t.with_nanosecond(0).unwrap_or(t)
}

/// `FACTDESK_NOW`, when set (empty means unset), or why it is not an
/// RFC 3339 timestamp.
pub fn pinned_now() -> std::result::Result<Option<Timestamp>, String> {
    let Some(v) = std::env::var("FACTDESK_NOW")
        .ok()
        .filter(|v| !v.trim().is_empty())
    else {
        return Ok(None);
    };
    chrono::DateTime::parse_from_rfc3339(v.trim())
        .map(Some)
        .map_err(|e| {
            format!(
                "FACTDESK_NOW=`{}` is not an RFC 3339 timestamp (e.g. 2024-05-01T10:00:00+07:00): {e}; fix or unset it",
                crate::text::one_line(&v)
            )
        })
}

/// Where a session's progress messages go ("waiting for another factdesk
/// command…", "an interrupted change was found and undone"): stderr for
/// the CLI, the status line for the TUI.
pub type Notify = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// An open workspace with its rules loaded and its editor known.
pub struct Session {
    /// The workspace.
    pub ws: Workspace,
    /// Config and checklists, as `check` sees them.
    pub ctx: Context,
    /// Who makes the changes (git identity).
    pub who: Identity,
    /// Skip the `pre-commit` and `commit-msg` hooks (`--no-verify`).
    pub no_verify: bool,
    /// Progress messages while a change waits or repairs.
    pub notify: Notify,
    /// The claim files as the caller last showed them to the editor
    /// (workspace-relative path → text), when the caller is a screen: a
    /// change to a claim that has changed since is refused ("changed since
    /// you opened it"), except an addition (a note, evidence), which is
    /// made on the new content. The CLI reads and changes in one go, so it
    /// leaves this empty.
    pub seen: Option<std::collections::HashMap<String, String>>,
}

/// The default [`Notify`]: one line on stderr.
pub fn notify_stderr() -> Notify {
    std::sync::Arc::new(|msg: &str| eprintln!("{}", crate::text::one_line(msg)))
}

/// Prints a warning (e.g. from [`read::context`]) as one line on stderr,
/// so stdout stays the command's result. A failure to write there is
/// ignored: there is no other place to report it (`eprintln!` would panic).
pub fn warn_stderr(line: String) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "factdesk: warning: {}",
        crate::text::one_line(&line)
    );
}

impl Session {
    /// Opens a workspace for changes. Refuses when `factdesk.yaml` or a
    /// checklist is invalid, since every rule depends on them.
    pub fn open(ws: Workspace) -> Result<Self> {
        let (ctx, diags) = check::load_context(&ws);
        let errors: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| d.level == Level::Error)
            .collect();
        if !errors.is_empty() {
            return Err(OpsError::Invalid {
                summary: format!(
                    "{} or a checklist is invalid; fix it first",
                    store::CONFIG_FILE
                ),
                diagnostics: errors,
            });
        }
        let who = git::identity(ws.root())?;
        Ok(Self {
            ws,
            ctx,
            who,
            no_verify: false,
            notify: notify_stderr(),
            seen: None,
        })
    }

    /// Starts a change: takes the workspace lock (waiting for another
    /// factdesk command) and repairs an interrupted one. Everything the
    /// change reads must be read after this, so that it is what gets
    /// replaced.
    fn begin(&self, what: Action) -> Result<git::txn::Txn> {
        let notify = self.notify.clone();
        let txn = git::txn::begin(self.ws.root(), what.as_str(), &move |m| notify(m))?;
        txn.ensure_idle()?;
        Ok(txn)
    }

    fn commit(
        &self,
        txn: git::txn::Txn,
        changes: Vec<FileChange>,
        subject: String,
        body: &str,
        trailers: Trailers,
    ) -> Result<Committed> {
        git::trace::phase("read and validated");
        let mut message = subject.clone();
        message.push_str("\n\n");
        if !body.trim().is_empty() {
            message.push_str(body.trim_end());
            message.push_str("\n\n");
        }
        message.push_str(&trailers.render());
        let opts = git::txn::CommitOptions {
            no_verify: self.no_verify,
            allow_unborn: false,
        };
        let outcome = txn.commit(&changes, &message, opts).map_err(from_git)?;
        Ok(Committed {
            commit: outcome.id,
            subject,
            files: changes.into_iter().map(|c| c.rel_path).collect(),
            notices: outcome.notices,
        })
    }

    /// Picks the checklist for a claim: the anonymous-sources one for
    /// anonymous claims, else the first that applies to the kind, else
    /// `general`.
    pub fn checklist_for(&self, kind: ClaimKind, anonymous: bool) -> Result<ChecklistRef> {
        let lists = &self.ctx.checklists;
        let pick = lists
            .iter()
            .find(|(_, (c, _))| anonymous && c.anonymous_sources)
            .or_else(|| {
                lists
                    .iter()
                    .find(|(_, (c, _))| c.applies_to.contains(&kind))
            })
            .or_else(|| lists.get_key_value("general"))
            .or_else(|| lists.iter().next());
        let Some((id, (list, sha))) = pick else {
            return Err(OpsError::not_found(
                "the workspace has no checklists",
                Some("add checklists/*.yaml (a new `factdesk init` workspace ships six)".into()),
            ));
        };
        Ok(ChecklistRef {
            id: id.clone(),
            sha256: sha.clone(),
            steps: list
                .steps
                .iter()
                .map(|s| StepRecord {
                    id: s.id.clone(),
                    state: StepState::Pending,
                    by: None,
                    at: None,
                    note: String::new(),
                })
                .collect(),
        })
    }

    /// Turns a proposal into a fresh claim file value.
    pub fn claim_from_proposal(
        &self,
        id: ClaimId,
        location: Location,
        p: &Proposal,
    ) -> Result<Claim> {
        Ok(Claim {
            id,
            kind: p.kind,
            text: p.text.clone(),
            translation: None,
            location,
            attribution: Attribution {
                speaker: p.speaker.clone(),
                chain: p.chain.clone(),
                anonymous: p.anonymous,
                status: if p.speaker.is_none() && p.chain.is_empty() {
                    AttributionStatus::NotApplicable
                } else {
                    AttributionStatus::Unchecked
                },
            },
            caveats: p.caveats.clone(),
            figures: p.figures.clone(),
            proposed_because: Some(p.reason.clone()).filter(|r| !r.is_empty()),
            score: Some(p.score),
            status: self.ctx.config.verdict_scale.initial().to_string(),
            checklist: self.checklist_for(p.kind, p.anonymous)?,
            evidence: Vec::new(),
            notes: String::new(),
            assignee: None,
            dismissed: None,
            review: Default::default(),
        })
    }

    fn refuse_if_invalid(
        &self,
        what: &str,
        diags: Vec<Diagnostic>,
        before: &[Diagnostic],
    ) -> Result<()> {
        let errors: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| d.level == Level::Error)
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        let preexisting = errors.iter().all(|e| {
            before
                .iter()
                .any(|b| b.code == e.code && b.message == e.message)
        });
        let first = errors[0].message.clone();
        let summary = if preexisting {
            format!("{what} has invalid hand edits ({first}); fix them first")
        } else {
            format!("refused: {first}")
        };
        Err(OpsError::Invalid {
            summary,
            diagnostics: errors,
        })
    }

    /// The shared path of every claim mutation. `f` changes the claim and
    /// returns the commit subject suffix, body and trailers' status/step.
    fn mutate_claim(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        action: Action,
        f: impl FnOnce(&mut Claim, &Self) -> Result<Change>,
    ) -> Result<Committed> {
        self.mutate_claim_or_dry_run(case, claim, action, false, f)
    }

    /// [`Self::mutate_claim`], or with `dry_run` every check and refusal of
    /// it without writing or committing (the result then has an empty
    /// `commit`).
    fn mutate_claim_or_dry_run(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        action: Action,
        dry_run: bool,
        f: impl FnOnce(&mut Claim, &Self) -> Result<Change>,
    ) -> Result<Committed> {
        let txn = if dry_run {
            git::ensure_idle(self.ws.root())?;
            None
        } else {
            Some(self.begin(action)?)
        };
        let (article, doc) = read::open_claim(&self.ws, case, claim)?;
        let rel = Workspace::claim_rel(case, claim);
        let mut info = CaseInfo {
            dir_name: case.as_str(),
            dir: self.ws.abs(&Workspace::case_dir_rel(case)),
            article: Some(&article),
            pending: &[],
            lookup: Default::default(),
        };
        let before = check::check_claim_text(&self.ctx, &info, &rel, &doc.raw);
        let Some(mut value) = doc.value.clone() else {
            return Err(OpsError::Invalid {
                summary: format!(
                    "{rel} cannot be read ({}); fix it first",
                    before.first().map_or("invalid", |d| d.message.as_str())
                ),
                diagnostics: before,
            });
        };
        let stale = self
            .seen
            .as_ref()
            .and_then(|m| m.get(&rel))
            .is_some_and(|raw| *raw != doc.raw);
        let change = f(&mut value, self)?;
        if stale && !change.additive {
            return Err(OpsError::ChangedSinceOpened(format!("{case}/{claim}")));
        }
        if Some(&value) == doc.value.as_ref() {
            return Err(OpsError::usage(
                format!("nothing to change: {case}/{claim} already is that way"),
                None,
            ));
        }
        let text = render_file(&rel, &value)?;
        let pending = pending_in_case(case, &change.extra_files);
        info.pending = &pending;
        let after = check::check_claim_text(&self.ctx, &info, &rel, &text);
        if let Some(r) = change.refusal {
            let code = check::rules::VERDICT_NEEDS_ATTRIBUTION.code;
            let errors = || after.iter().filter(|d| d.level == Level::Error);
            if errors().any(|d| d.code == code) && errors().all(|d| d.code == code) {
                return Err(r.into());
            }
        }
        self.refuse_if_invalid(&rel, after, &before)?;
        let mut body = change.body;
        body.push_str(&self.hand_edit_note(&rel, &doc.raw)?);
        let mut trailers = Trailers::new(action);
        trailers.case = Some(case.clone());
        trailers.claim = Some(claim.clone());
        trailers.status = Some(value.status.clone());
        trailers.step = change.step;
        trailers.attribution = change.attribution;
        trailers.evidence_from = change.evidence_from;
        let changes = vec![FileChange {
            rel_path: rel,
            content: text.into_bytes().into(),
            expected: Some(doc.raw.clone().into_bytes()),
        }];
        let mut files = changes;
        files.extend(change.extra_files);
        let Some(txn) = txn else {
            return Ok(Committed {
                commit: String::new(),
                subject: format!("{case}/{claim}: {}", change.subject),
                files: files.into_iter().map(|c| c.rel_path).collect(),
                notices: Vec::new(),
            });
        };
        let mut done = self.commit(
            txn,
            files,
            format!("{case}/{claim}: {}", change.subject),
            &body,
            trailers,
        )?;
        if stale {
            done.notices.push(format!(
                "{case}/{claim} had changed since you opened it; your addition was made to the new version"
            ));
        }
        Ok(done)
    }

    /// The commit-body line declaring uncommitted hand edits the change
    /// carries along (the file on disk differs from HEAD's), or nothing.
    fn hand_edit_note(&self, rel: &str, raw: &str) -> Result<String> {
        let head = git::head_content(self.ws.root(), rel)?;
        Ok(match head {
            Some(h) if h != raw.as_bytes() => {
                format!("\nIncludes uncommitted hand edits to {rel} that were on disk.\n")
            }
            _ => String::new(),
        })
    }

    /// `factdesk set`: status, attribution status, kind and/or a note.
    pub fn set(&self, case: &CaseId, claim: &ClaimId, req: &SetRequest) -> Result<Committed> {
        self.set_or_dry_run(case, claim, req, false)
    }

    /// Everything [`Self::set`] checks, without writing or committing: the
    /// TUI's status picker uses it to say why a verdict would be refused
    /// (e.g. "verdict `verified` needs at least one evidence item") before
    /// the editor picks it. `Ok` carries the subject the commit would have.
    pub fn set_dry_run(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        req: &SetRequest,
    ) -> Result<Committed> {
        self.set_or_dry_run(case, claim, req, true)
    }

    fn set_or_dry_run(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        req: &SetRequest,
        dry_run: bool,
    ) -> Result<Committed> {
        if req.is_empty() {
            return Err(OpsError::usage(
                "nothing to set",
                Some("give --status, --attribution, --kind, --note, --speaker, --chain, --anonymous or --translation".into()),
            ));
        }
        if req
            .chain
            .as_ref()
            .is_some_and(|c| c.iter().any(|h| h.trim().is_empty()))
        {
            return Err(OpsError::usage(
                "a hop of the attribution chain is empty",
                Some(
                    "name every hop, outermost first: --chain Reuters --chain \"NBC News\"".into(),
                ),
            ));
        }
        if let Some(s) = &req.status {
            let scale = &self.ctx.config.verdict_scale;
            if scale.get(s).is_none() {
                let ids: Vec<&str> = scale.ids().collect();
                let dym = check::diag::did_you_mean(s, ids.iter().copied())
                    .map_or(String::new(), |d| format!("did you mean `{d}`? "));
                return Err(OpsError::usage(
                    format!("`{s}` is not a status on this workspace's verdict scale"),
                    Some(format!("{dym}statuses: {}", ids.join(", "))),
                ));
            }
        }
        self.mutate_claim_or_dry_run(case, claim, Action::Set, dry_run, |c, s| {
            let mut parts = Vec::new();
            if let Some(st) = &req.status {
                if *st != c.status {
                    parts.push(format!("{} → {st}", c.status));
                    c.status = st.clone();
                    if review::record_verdict_change(&mut c.review, &s.who.name, now()) {
                        parts.push("approval voided".into());
                    }
                }
            }
            let mut attribution_changed = false;
            if let Some(a) = req.attribution {
                if a != c.attribution.status {
                    attribution_changed = true;
                    parts.push(format!(
                        "attribution {} → {}",
                        c.attribution.status.as_str(),
                        a.as_str()
                    ));
                    c.attribution.status = a;
                }
            }
            attribution::apply(c, req, &mut parts);
            if let Some(k) = req.kind {
                if k != c.kind {
                    parts.push(format!("kind {} → {k}", c.kind));
                    c.kind = k;
                    // A claim that has not started its checklist follows the
                    // new kind's one; started work is never discarded.
                    if c.checklist
                        .steps
                        .iter()
                        .all(|r| r.state == StepState::Pending)
                    {
                        c.checklist = s.checklist_for(k, c.attribution.anonymous)?;
                    }
                }
            }
            if req.anonymous.is_some() && req.kind.is_none() {
                // An anonymous source has its own checklist; as with a new
                // kind, only a claim whose checklist has not started moves.
                let fresh = s.checklist_for(c.kind, c.attribution.anonymous)?;
                if fresh.id != c.checklist.id
                    && c.checklist
                        .steps
                        .iter()
                        .all(|r| r.state == StepState::Pending)
                {
                    parts.push(format!("checklist {} → {}", c.checklist.id, fresh.id));
                    c.checklist = fresh;
                }
            }
            let body = req.note.clone().unwrap_or_default();
            let only_note = parts.is_empty();
            if let Some(n) = &req.note {
                append_note(&mut c.notes, n, &s.who, now());
                if parts.is_empty() {
                    parts.push("note".into());
                }
            }
            let mut ch = Change::new(parts.join(", "), body);
            ch.additive = only_note;
            // Refused (after the other rules, which say more) while the
            // attribution is undecided; the `verdict-needs-attribution`
            // rule of `check` says the same for hand edits.
            let judged = req.status.is_some() || req.attribution.is_some();
            if judged
                && c.dismissed.is_none()
                && s.ctx.config.needs_attribution(&c.status)
                && c.attribution.status == AttributionStatus::Unchecked
            {
                ch.refusal = Some(Refusal::VerdictNeedsAttribution {
                    verdict: c.status.clone(),
                });
            }
            ch.attribution = attribution_changed.then_some(c.attribution.status);
            Ok(ch)
        })
    }

    /// `factdesk step`: marks a checklist step done, skipped or not applicable.
    pub fn step(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        step: &str,
        state: StepState,
        note: Option<&str>,
    ) -> Result<Committed> {
        self.mutate_claim(case, claim, Action::Step, |c, s| {
            let list_id = c.checklist.id.clone();
            let ids: Vec<String> = c.checklist.steps.iter().map(|r| r.id.clone()).collect();
            let Some(rec) = c.checklist.steps.iter_mut().find(|r| r.id == step) else {
                let dym = check::diag::did_you_mean(step, ids.iter().map(String::as_str))
                    .map_or(String::new(), |d| format!("did you mean `{d}`? "));
                return Err(OpsError::not_found(
                    format!("checklist `{list_id}` has no step `{step}`"),
                    Some(format!("{dym}steps: {}", ids.join(", "))),
                ));
            };
            let required = s
                .ctx
                .checklists
                .get(&list_id)
                .and_then(|(l, _)| l.step(step))
                .is_some_and(|st| st.required);
            let waved = matches!(state, StepState::Skipped | StepState::NotApplicable);
            if waved && required && note.is_none_or(|n| n.trim().is_empty()) {
                return Err(Refusal::StepNeedsNote {
                    step: step.to_string(),
                    state,
                }
                .into());
            }
            rec.state = state;
            rec.by = Some(s.who.name.clone());
            rec.at = Some(now());
            if let Some(n) = note {
                rec.note = n.trim_end().to_string();
            }
            let mut ch = Change::new(
                format!("step {list_id}/{step} {}", state.as_str()),
                note.unwrap_or_default().to_string(),
            );
            ch.step = Some(format!("{list_id}/{step}={}", state.as_str()));
            if c.status == s.ctx.config.verdict_scale.initial() {
                // Starting the checklist starts the work.
                if let Some(w) = s
                    .ctx
                    .config
                    .verdict_scale
                    .0
                    .iter()
                    .find(|d| d.class == crate::model::StatusClass::Working)
                {
                    c.status = w.id.clone();
                }
            }
            Ok(ch)
        })
    }

    /// `factdesk evidence add`.
    pub fn add_evidence(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        req: EvidenceRequest,
    ) -> Result<Committed> {
        // Before the lock, the file copy or any write: check refuses them too.
        let url = req.url.as_deref().map(str::trim).unwrap_or_default();
        let description = req
            .description
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        if url.is_empty() && description.is_empty() && req.file.is_none() {
            return Err(OpsError::usage(
                "evidence needs an address, a file or a description",
                Some("give --url, --file, or --kind with --description (e.g. --kind interview --description \"phone call with the ministry spokesperson\")".into()),
            ));
        }
        if !url.is_empty() {
            web_url_arg("evidence URL", url)?;
        }
        if let Some(a) = &req.archive {
            web_url_arg("archive URL", a)?;
        }
        let limit = self.ctx.config.evidence_max_bytes;
        let stored = match &req.file {
            None => None,
            Some(path) => {
                // Only a regular file (no link, FIFO or device), read with
                // the workspace's bound: never a stream read forever.
                let bytes = store::read_bytes(path, limit)?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "evidence".into());
                let name: String = name
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || ".-_".contains(c) {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                let sha = store::sha256_hex(&bytes);
                // Same name, different content: keep both, never overwrite.
                let mut rel_in_case = format!("{}/{name}", store::EVIDENCE_DIR);
                let mut n = 1;
                // A linked `evidence/` (or case folder) would take the
                // copy, and later reads, outside the repository.
                store::no_links_below(
                    self.ws.root(),
                    &format!("{}/{rel_in_case}", Workspace::case_dir_rel(case)),
                )?;
                loop {
                    let abs = self
                        .ws
                        .abs(&format!("{}/{rel_in_case}", Workspace::case_dir_rel(case)));
                    // A name taken by anything else (another file, a link,
                    // a FIFO) is skipped, never read through or replaced.
                    match store::read_bytes(&abs, limit) {
                        Ok(existing) if existing == bytes => break,
                        Err(store::StoreError::Io { source, .. })
                            if source.kind() == std::io::ErrorKind::NotFound =>
                        {
                            break
                        }
                        _ => {
                            n += 1;
                            rel_in_case = format!("{}/{n}-{name}", store::EVIDENCE_DIR);
                        }
                    }
                }
                Some((rel_in_case, sha, bytes))
            }
        };
        if req.capture.is_some() && url.is_empty() {
            return Err(OpsError::usage(
                "--capture needs the address to fetch",
                Some("give --url https://…".into()),
            ));
        }
        self.mutate_claim(case, claim, Action::Evidence, |c, s| {
            let mut extra = Vec::new();
            let capture = req.capture.as_ref().map(|p| {
                // A capture is never replaced: the same page fetched again
                // (same body, another time) gets a file of its own.
                let base = p.capture_name();
                let mut rel = base.clone();
                let mut n = 1;
                while s
                    .ws
                    .abs(&format!("{}/{rel}", Workspace::case_dir_rel(case)))
                    .symlink_metadata()
                    .is_ok()
                {
                    n += 1;
                    rel = format!("{}-{n}.warc", base.trim_end_matches(".warc"));
                }
                let full = format!("{}/{rel}", Workspace::case_dir_rel(case));
                extra.push(FileChange {
                    rel_path: full,
                    content: p.warc.clone().into(),
                    expected: None,
                });
                p.record(&rel)
            });
            let file = stored.map(|(rel, sha, bytes)| {
                let full = format!("{}/{rel}", Workspace::case_dir_rel(case));
                let existing = store::read_bytes(&s.ws.abs(&full), limit).ok();
                // Always part of the commit: a copy on disk alone (left by
                // a killed run, or copied by hand) would leave HEAD's claim
                // pointing at a missing file. The transaction writes nothing
                // when the disk already holds it, and the tree is unchanged
                // when HEAD does.
                extra.push(FileChange {
                    rel_path: full,
                    content: bytes.into(),
                    expected: existing,
                });
                EvidenceFile {
                    path: rel,
                    sha256: sha,
                }
            });
            let ev = Evidence {
                kind: req.kind,
                url: url.to_string(),
                archive_url: req.archive.clone(),
                description: description.to_string(),
                accessed: req.accessed.unwrap_or_else(now),
                stance: req.stance,
                excerpt: req.excerpt.clone().unwrap_or_default(),
                file,
                capture,
                added_by: Some(s.who.name.clone()),
                copied_from: None,
                corrections: Vec::new(),
                withdrawn: None,
            };
            let what = evidence::short_name(&ev);
            c.evidence.push(ev);
            let mut ch = Change::new(
                format!("+1 evidence ({}) {what}", req.stance.as_str()),
                req.excerpt.clone().unwrap_or_default(),
            );
            ch.extra_files = extra;
            ch.additive = true;
            Ok(ch)
        })
    }

    /// `factdesk assign CASE/CLAIM WHO` (or `--remove`).
    pub fn assign_claim(
        &self,
        case: &CaseId,
        claim: &ClaimId,
        who: &str,
        remove: bool,
    ) -> Result<Committed> {
        self.mutate_claim(case, claim, Action::Assign, |c, _| {
            if remove {
                if c.assignee.as_deref() == Some(who) {
                    c.assignee = None;
                }
                Ok(Change::new(format!("unassign {who}"), String::new()))
            } else {
                c.assignee = Some(who.to_string());
                Ok(Change::new(format!("assign {who}"), String::new()))
            }
        })
    }

    /// `factdesk claim dismiss`.
    pub fn dismiss(&self, case: &CaseId, claim: &ClaimId, reason: &str) -> Result<Committed> {
        if reason.trim().is_empty() {
            return Err(OpsError::usage(
                "a dismissal needs a reason",
                Some("--reason \"page furniture, not a claim\"".into()),
            ));
        }
        self.mutate_claim(case, claim, Action::Dismiss, |c, s| {
            if let Some(d) = &c.dismissed {
                return Err(OpsError::refused(
                    format!(
                        "{case}/{claim} is already dismissed {}",
                        dismissal_line(d)
                    ),
                    Some(format!(
                        "the first reason is kept; `factdesk claim restore {case}/{claim}` undoes the dismissal"
                    )),
                ));
            }
            c.dismissed = Some(Dismissal {
                reason: reason.trim().to_string(),
                by: Some(s.who.name.clone()),
                at: now(),
            });
            Ok(Change::new("dismiss".into(), reason.to_string()))
        })
    }

    /// `factdesk claim restore`: undoes a dismissal. The file keeps no
    /// trace of it; the dismissal commit stays in git history and the
    /// restore commit quotes it, so `factdesk log` shows both.
    pub fn restore(&self, case: &CaseId, claim: &ClaimId) -> Result<Committed> {
        self.mutate_claim(case, claim, Action::Restore, |c, _| {
            let Some(d) = c.dismissed.take() else {
                return Err(OpsError::refused(
                    format!("{case}/{claim} is not dismissed; nothing to restore"),
                    None,
                ));
            };
            Ok(Change::new(
                "restore".into(),
                format!("Restores the proposal dismissed {}", dismissal_line(&d)),
            ))
        })
    }

    /// `factdesk assign CASE WHO`: adds (or removes) a case assignee.
    pub fn assign_case(&self, case: &CaseId, who: &str, remove: bool) -> Result<Committed> {
        let txn = self.begin(Action::Assign)?;
        let bundle = read::open_case(&self.ws, case)?;
        let doc = bundle.case_doc()?;
        let mut value = doc.value.clone();
        if remove {
            value.assignees.retain(|a| a != who);
        } else if !value.assignees.iter().any(|a| a == who) {
            value.assignees.push(who.to_string());
        }
        if value == doc.value {
            return Err(OpsError::usage(
                format!(
                    "nothing to change: {who} is {}assigned to {case}",
                    if remove { "not " } else { "already " }
                ),
                None,
            ));
        }
        let rel = Workspace::case_rel(case);
        let text = render_file(&rel, &value)?;
        let diags = check::parse_as::<Case>(&rel, &text).map_or_else(
            |d| vec![d],
            |c| {
                check::check_case(
                    &self.ctx,
                    case.as_str(),
                    &rel,
                    &text,
                    &c,
                    Some(&bundle.article),
                )
            },
        );
        self.refuse_if_invalid(&rel, diags, &[])?;
        let mut t = Trailers::new(Action::Assign);
        t.case = Some(case.clone());
        let verb = if remove { "unassign" } else { "assign" };
        self.commit(
            txn,
            vec![FileChange {
                rel_path: rel,
                content: text.into_bytes().into(),
                expected: Some(doc.raw.clone().into_bytes()),
            }],
            format!("{case}: {verb} {who}"),
            "",
            t,
        )
    }

    /// `factdesk claim add`: a claim the proposer missed. The text must
    /// occur in the article; `occurrence` (1-based) picks among repeats.
    pub fn add_claim(
        &self,
        case: &CaseId,
        text: &str,
        kind: Option<ClaimKind>,
        occurrence: Option<usize>,
    ) -> Result<Committed> {
        let txn = self.begin(Action::ClaimAdd)?;
        let bundle = read::open_case(&self.ws, case)?;
        let text = text.trim();
        let (start, end) = locate_in_article(case, &bundle.article, text, occurrence)?;
        if let Some(existing) = bundle.claims.iter().find(|c| {
            c.value
                .as_ref()
                .is_some_and(|v| v.location.start == start && v.location.end == end)
        }) {
            return Err(OpsError::usage(
                format!("{case}/{} already is this claim", existing.id),
                None,
            ));
        }
        // Reuse the proposer's reading of the sentence for kind and
        // attribution: of its paragraph and the context around it only, so
        // one added claim costs the same on a 10 MiB article as on a short one.
        let guess = propose::analyze_at(&bundle.article, start, end);
        let p = Proposal {
            kind: kind
                .or(guess.as_ref().map(|g| g.kind))
                .unwrap_or(ClaimKind::Event),
            score: guess.as_ref().map(|g| g.score).unwrap_or_default(),
            text: text.to_string(),
            start,
            end,
            speaker: guess.as_ref().and_then(|g| g.speaker.clone()),
            chain: guess.as_ref().map(|g| g.chain.clone()).unwrap_or_default(),
            anonymous: guess.as_ref().is_some_and(|g| g.anonymous),
            figures: Vec::new(),
            caveats: guess
                .as_ref()
                .map(|g| g.caveats.clone())
                .unwrap_or_default(),
            reason: String::new(),
        };
        let next = bundle
            .claims
            .iter()
            .map(|c| c.id.number())
            .max()
            .unwrap_or(0)
            + 1;
        let id = ClaimId::from_number(next);
        let location = Location::from_span(&bundle.article, p.start, p.end);
        let mut claim = self.claim_from_proposal(id.clone(), location, &p)?;
        claim.proposed_because = Some(format!("added by {}", self.who.name));
        // The proposer's reading of the sentence, when it has one.
        claim.score = guess.as_ref().map(|g| g.score);
        let rel = Workspace::claim_rel(case, &id);
        let out = render_file(&rel, &claim)?;
        let info = CaseInfo {
            dir_name: case.as_str(),
            dir: self.ws.abs(&Workspace::case_dir_rel(case)),
            article: Some(&bundle.article),
            pending: &[],
            lookup: Default::default(),
        };
        self.refuse_if_invalid(
            &rel,
            check::check_claim_text(&self.ctx, &info, &rel, &out),
            &[],
        )?;
        let mut t = Trailers::new(Action::ClaimAdd);
        t.case = Some(case.clone());
        t.claim = Some(id.clone());
        t.status = Some(claim.status.clone());
        self.commit(
            txn,
            vec![FileChange {
                rel_path: rel,
                content: out.into_bytes().into(),
                expected: None,
            }],
            format!("{case}/{id}: add claim ({})", claim.kind),
            text,
            t,
        )
    }

    /// `factdesk new`: stores the article, proposes claims, writes the case
    /// and commits it. `each` sees every claim in order before the commit
    /// (a caller lists them after it succeeds); neither the claims nor
    /// their files are kept (each file is stored as a git blob once
    /// checked), so a long article's tens of thousands of claims cost a
    /// path and a blob id each until the commit. Returns the number of
    /// claims.
    pub fn new_case(
        &self,
        article: &str,
        opts: &NewCase,
        mut each: impl FnMut(&Claim),
    ) -> Result<MadeCase> {
        /// Claims made, rendered and checked at once (on every core).
        const BLOCK: usize = 2048;
        let txn = self.begin(Action::NewCase)?;
        let PreparedCase {
            case,
            mut proposals,
        } = prepare_case(article, opts, now())?;
        let proposed = proposals.len();
        let max = opts
            .max_claims
            .unwrap_or(self.ctx.config.max_claims as usize);
        keep_most_checkworthy(&mut proposals, max);
        let id = case.id.clone();
        let case_dir = Workspace::case_dir_rel(&id);
        if self.ws.abs(&case_dir).exists() {
            return Err(OpsError::usage(
                format!("case `{id}` already exists"),
                Some("pick another id with --id".into()),
            ));
        }
        let mut changes = Vec::with_capacity(proposals.len() + 3);
        // One line index of the article serves every claim's location and
        // its `location-mismatch` check, so a long article's thousands of
        // claims cost one pass plus a little each.
        let info = CaseInfo {
            dir_name: id.as_str(),
            dir: self.ws.abs(&case_dir),
            article: Some(article),
            pending: &[],
            lookup: Default::default(),
        };
        let make = |&(i, p): &(usize, &Proposal)| -> Result<(Claim, String, String)> {
            let cid = ClaimId::from_number(i as u32 + 1);
            let location = info.lookup.locate(article, p.start, p.end);
            let claim = self.claim_from_proposal(cid.clone(), location, p)?;
            let rel = Workspace::claim_rel(&id, &cid);
            let text = render_file(&rel, &claim)?;
            self.refuse_if_invalid(
                &rel,
                check::check_claim_text(&self.ctx, &info, &rel, &text),
                &[],
            )?;
            Ok((claim, rel, text))
        };
        // Each claim file becomes a blob as soon as it is made and
        // checked; only its id is kept, so a long article's tens of
        // thousands of files are not all held until the commit.
        // The article and the page's capture are stored likewise, not
        // copied.
        let mut packer = txn.packer();
        let mut stored = |bytes: &[u8]| -> Result<store::Content> {
            Ok(store::Content::Stored {
                id: packer.add(bytes)?,
                len: bytes.len() as u64,
            })
        };
        let numbered: Vec<(usize, &Proposal)> = proposals.iter().enumerate().collect();
        for block in numbered.chunks(BLOCK) {
            for made in crate::par::par_map(block, &|_| {}, &make) {
                let (claim, rel_path, text) = made?;
                each(&claim);
                changes.push(FileChange {
                    rel_path,
                    content: stored(text.as_bytes())?,
                    expected: None,
                });
            }
        }
        let count = changes.len();
        drop(numbered);
        drop(proposals);
        let case_rel = Workspace::case_rel(&id);
        let case_text = render_file(&case_rel, &case)?;
        let diags = check::parse_as::<Case>(&case_rel, &case_text).map_or_else(
            |d| vec![d],
            |c| {
                check::check_case(
                    &self.ctx,
                    id.as_str(),
                    &case_rel,
                    &case_text,
                    &c,
                    Some(article),
                )
            },
        );
        self.refuse_if_invalid(&case_rel, diags, &[])?;
        // case.yaml, the article and the page come first in the change.
        let mut head = vec![
            FileChange {
                rel_path: case_rel,
                content: case_text.into_bytes().into(),
                expected: None,
            },
            FileChange {
                rel_path: Workspace::article_rel(&id),
                content: stored(article.as_bytes())?,
                expected: None,
            },
        ];
        if let Some(p) = &opts.page {
            head.push(FileChange {
                rel_path: format!("{case_dir}/{}", web::SOURCE_WARC),
                content: stored(&p.page.warc)?,
                expected: None,
            });
        }
        packer.finish()?;
        changes.splice(0..0, head);
        let mut t = Trailers::new(Action::NewCase);
        t.case = Some(id.clone());
        let body = if proposed > count {
            format!(
                "{}\n\n{proposed} claims proposed; the {count} most check-worthy kept (max_claims).",
                case.title
            )
        } else {
            format!("{}\n\n{count} claims proposed.", case.title)
        };
        let committed = self.commit(txn, changes, format!("{id}: new case"), &body, t)?;
        Ok(MadeCase {
            id,
            committed,
            claims: count,
            proposed,
        })
    }
}

/// Refuses, as a usage error, a URL readers could not follow: the test
/// `check` applies (`bad-url`), so what entry accepts `check` accepts.
/// `what` names the field for the message.
fn web_url_arg(what: &str, text: &str) -> Result<()> {
    crate::model::web_url(text)
        .map(drop)
        .map_err(|p| OpsError::usage(format!("{what}: {}", p.what()), Some(p.hint().into())))
}

/// Options of `factdesk new`; anything unset is inferred from the text.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    /// Case id; default `<published date>-<title slug>`.
    pub id: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Outlet that published the article.
    pub outlet: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Publication time (RFC 3339).
    pub published: Option<Timestamp>,
    /// BCP 47 language.
    pub lang: Option<String>,
    /// The page the article was fetched from (`new URL`): its metadata
    /// comes before the text-based inference, and it is stored in the
    /// case as `source/page.warc`.
    pub page: Option<web::WebArticle>,
    /// Most claims to keep (the most check-worthy, in article order);
    /// `None` takes `max_claims` from `factdesk.yaml`, `Some(0)` keeps all.
    pub max_claims: Option<usize>,
}

/// What `new` made.
#[derive(Debug)]
pub struct MadeCase {
    /// The new case.
    pub id: CaseId,
    /// Its commit.
    pub committed: Committed,
    /// Claim files written.
    pub claims: usize,
    /// Proposals found; more than `claims` when `max_claims` cut them.
    pub proposed: usize,
}

/// The proposals `new` keeps under a cap of `max` (0: all): the `max`
/// with the highest scores (the earlier one of equal scores), still in
/// article order.
pub fn keep_most_checkworthy(proposals: &mut Vec<Proposal>, max: usize) {
    if max == 0 || proposals.len() <= max {
        return;
    }
    let mut order: Vec<usize> = (0..proposals.len()).collect();
    order.sort_by(|&a, &b| {
        proposals[b]
            .score
            .get()
            .total_cmp(&proposals[a].score.get())
            .then(a.cmp(&b))
    });
    let mut keep = vec![false; proposals.len()];
    for &i in &order[..max] {
        keep[i] = true;
    }
    let mut i = 0;
    proposals.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// A case ready to write: what `new` commits and `propose` prints.
#[derive(Debug, Clone)]
pub struct PreparedCase {
    /// The case metadata.
    pub case: Case,
    /// The proposals, in article order.
    pub proposals: Vec<Proposal>,
}

/// The pure part of `new` (and all of `propose`): infer metadata, merge
/// the user's options, propose claims.
pub fn prepare_case(article: &str, opts: &NewCase, intake: Timestamp) -> Result<PreparedCase> {
    if article.trim().is_empty() {
        return Err(OpsError::usage(
            "the article is empty",
            Some("pass a text file, or - to read standard input".into()),
        ));
    }
    if let Some(u) = &opts.url {
        web_url_arg("article URL", u)?;
    }
    let analysis = propose::analyze(article);
    let meta = analysis.meta;
    let page = opts.page.as_ref();
    // The editor's options first, then what the page says about itself,
    // then what the text says (bylines, WIB/WITA/WIT datelines).
    let title = opts
        .title
        .clone()
        .or_else(|| page.and_then(|p| p.title.clone()))
        .or(meta.title.clone())
        .unwrap_or_else(|| "Untitled article".into());
    let published = opts
        .published
        .or_else(|| page.and_then(|p| p.published))
        .or(meta.published);
    let outlet = opts
        .outlet
        .clone()
        .or_else(|| page.and_then(|p| p.outlet.clone()));
    let id = match &opts.id {
        Some(id) => CaseId::new(id.clone()).map_err(|e| OpsError::usage(e.to_string(), None))?,
        None => {
            let date = published.unwrap_or(intake).format("%Y-%m-%d").to_string();
            let slug = CaseId::slugify(&title, 40).map_or(String::new(), |s| format!("-{s}"));
            CaseId::new(format!("{date}{slug}"))
                .map_err(|e| OpsError::usage(e.to_string(), Some("give one with --id".into())))?
        }
    };
    let mut chain = Vec::new();
    if let Some(o) = &outlet {
        chain.push(Source {
            name: o.clone(),
            role: Some("publishes".into()),
            anonymous: false,
        });
    }
    chain.extend(meta.source_chain.iter().cloned());
    extend_with_lede(&mut chain, &analysis.proposals);
    let case = Case {
        id,
        title,
        outlet,
        author: page.and_then(|p| p.author.clone()).or(meta.author.clone()),
        language: opts
            .lang
            .clone()
            .or_else(|| page.and_then(|p| p.language.clone()))
            .unwrap_or_else(|| {
                if meta.language.is_empty() {
                    "und".into()
                } else {
                    meta.language.clone()
                }
            }),
        url: opts.url.clone().or_else(|| page.map(|p| p.url.clone())),
        published,
        dateline: meta.dateline.clone(),
        intake,
        source_chain: chain,
        assignees: Vec::new(),
        publish: false,
        article_sha256: store::sha256_hex(article.as_bytes()),
        source: page.map(|p| p.page.record(web::SOURCE_WARC)),
    };
    Ok(PreparedCase {
        case,
        proposals: analysis.proposals,
    })
}

/// The article as a whole usually rests on its lede's sourcing (Reuters ←
/// NBC ← unnamed officials): continue the article-wide chain with the hops
/// of the first attributed proposal that starts where the chain ends.
fn extend_with_lede(chain: &mut Vec<Source>, proposals: &[Proposal]) {
    let Some(last) = chain.last().map(|s| s.name.clone()) else {
        return;
    };
    let lede = proposals.iter().find(|p| {
        p.kind != ClaimKind::ImageCaption && p.chain.len() >= 2 && p.chain.first() == Some(&last)
    });
    let Some(p) = lede else { return };
    let hops = &p.chain[1..];
    for (i, name) in hops.iter().enumerate() {
        let is_speaker = i + 1 == hops.len();
        chain.push(Source {
            name: name.clone(),
            role: Some(if is_speaker { "source" } else { "cites" }.into()),
            anonymous: is_speaker && p.anonymous,
        });
    }
}

/// `factdesk set` options.
#[derive(Debug, Clone, Default)]
pub struct SetRequest {
    /// New status (substance verdict).
    pub status: Option<String>,
    /// New attribution status.
    pub attribution: Option<AttributionStatus>,
    /// New kind.
    pub kind: Option<ClaimKind>,
    /// A note appended to `notes` (and used as the commit body).
    pub note: Option<String>,
    /// New `attribution.speaker`; empty removes it.
    pub speaker: Option<String>,
    /// New `attribution.chain`, outermost hop first; empty removes it.
    pub chain: Option<Vec<String>>,
    /// New `attribution.anonymous`.
    pub anonymous: Option<bool>,
    /// New English rendering of the claim; empty removes it.
    pub translation: Option<String>,
}

impl SetRequest {
    /// True when the request changes nothing at all.
    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.attribution.is_none()
            && self.kind.is_none()
            && self.note.is_none()
            && self.speaker.is_none()
            && self.chain.is_none()
            && self.anonymous.is_none()
            && self.translation.is_none()
    }
}

/// `factdesk evidence add` options. An item needs at least one of `url`,
/// `file` and `description`.
#[derive(Debug, Clone)]
pub struct EvidenceRequest {
    /// What sort of source it is (default: unrecorded, read as a web page
    /// when there is a URL, else a document).
    pub kind: Option<EvidenceKind>,
    /// Where it was found, if it has an address.
    pub url: Option<String>,
    /// What it is, in words (needed when there is no URL or file).
    pub description: Option<String>,
    /// Archived copy.
    pub archive: Option<String>,
    /// What it says about the claim.
    pub stance: Stance,
    /// Relevant passage.
    pub excerpt: Option<String>,
    /// A local file to store with the case.
    pub file: Option<std::path::PathBuf>,
    /// When it was read (default now).
    pub accessed: Option<Timestamp>,
    /// The page at `url` as fetched (`--capture`), stored in the case as
    /// `captures/<sha256 prefix>.warc`. Fetched before the call, so the
    /// network never holds the workspace lock.
    pub capture: Option<web::CapturedPage>,
}

/// What one claim mutation did, for its commit.
struct Change {
    subject: String,
    body: String,
    step: Option<String>,
    /// The attribution decision made, for `Factdesk-Attribution`.
    attribution: Option<AttributionStatus>,
    /// A rule's typed refusal that also shows as a `check` finding: given
    /// instead of that finding when it is the only error.
    refusal: Option<Refusal>,
    extra_files: Vec<FileChange>,
    /// Where copied evidence came from, for `Factdesk-Evidence-From`.
    evidence_from: Option<String>,
    /// Only adds (a note, evidence): safe to make on content newer than
    /// the editor saw.
    additive: bool,
}

impl Change {
    fn new(subject: String, body: String) -> Self {
        Self {
            subject,
            body,
            step: None,
            attribution: None,
            refusal: None,
            extra_files: Vec::new(),
            evidence_from: None,
            additive: false,
        }
    }
}

/// A file changed under factdesk's feet is the store's refusal, whichever
/// layer noticed it: callers (the TUI) treat it alike.
fn from_git(e: git::GitError) -> OpsError {
    match e {
        git::GitError::ChangedOnDisk(p) => OpsError::Store(store::StoreError::ChangedOnDisk(p)),
        e => OpsError::Git(e),
    }
}

/// Where `text` (one of its occurrences, 1-based) stands in the article:
/// added claims quote the article exactly.
fn locate_in_article(
    case: &CaseId,
    article: &str,
    text: &str,
    occurrence: Option<usize>,
) -> Result<(usize, usize)> {
    if text.is_empty() {
        return Err(OpsError::usage(
            "claim text is empty",
            Some("--text must quote the article exactly".into()),
        ));
    }
    let hits: Vec<usize> = article.match_indices(text).map(|(i, _)| i).collect();
    let start = match (hits.as_slice(), occurrence) {
        ([], _) => {
            return Err(OpsError::not_found(
                format!("the text does not occur in {}", Workspace::article_rel(case)),
                Some("claims quote the article exactly; copy the sentence from article.txt (quotes and dashes included)".into()),
            ))
        }
        ([one], None) => *one,
        (many, None) => {
            return Err(OpsError::usage(
                format!("the text occurs {} times in the article", many.len()),
                Some("pick one with --occurrence N".into()),
            ))
        }
        (many, Some(n)) => *many.get(n.wrapping_sub(1)).ok_or_else(|| {
            OpsError::usage(
                format!("--occurrence {n}: the text occurs only {} times", many.len()),
                None,
            )
        })?,
    };
    Ok((start, start + text.len()))
}

/// The extra files of a change that lie in `case`'s folder, relative to
/// it, as `check` wants them to verify evidence references.
fn pending_in_case(case: &CaseId, extra: &[FileChange]) -> Vec<(String, Vec<u8>)> {
    let case_prefix = format!("{}/", Workspace::case_dir_rel(case));
    extra
        .iter()
        .filter_map(|f| {
            let p = f.rel_path.strip_prefix(&case_prefix)?;
            // Only new claim files are stored as blobs, never evidence.
            Some((p.to_string(), f.content.bytes()?.to_vec()))
        })
        .collect()
}

/// Renders a value for `rel` in canonical form.
fn render_file<T: serde::Serialize>(rel: &str, value: &T) -> Result<String> {
    store::render(value).map_err(|err| {
        OpsError::Store(store::StoreError::Yaml {
            path: rel.into(),
            err,
        })
    })
}

/// "by Ana on 2023-11-05 14:20: page furniture", for refusals and commit
/// bodies.
fn dismissal_line(d: &Dismissal) -> String {
    format!(
        "by {} on {}: {}",
        d.by.as_deref().unwrap_or("someone"),
        d.at.format("%Y-%m-%d %H:%M"),
        d.reason
    )
}

/// Appends a dated, signed paragraph to the notes, so notes read as a log.
fn append_note(notes: &mut String, note: &str, who: &Identity, at: Timestamp) {
    let note = note.trim();
    if note.is_empty() {
        return;
    }
    if !notes.is_empty() {
        notes.push_str("\n\n");
    }
    notes.push_str(&format!(
        "[{} {}] {note}",
        at.format("%Y-%m-%d %H:%M"),
        who.name
    ));
}

/// `factdesk init`: creates (or completes) a workspace in `dir`.
pub fn init(dir: &std::path::Path, no_verify: bool) -> Result<Committed> {
    std::fs::create_dir_all(dir).map_err(|e| store::StoreError::Io {
        path: dir.into(),
        source: e,
    })?;
    let dir = &std::fs::canonicalize(dir).map_err(|e| store::StoreError::Io {
        path: dir.into(),
        source: e,
    })?;
    if dir.join(store::CONFIG_FILE).exists() {
        return Err(OpsError::usage(
            format!("{} is already a factdesk workspace", dir.display()),
            Some("`factdesk new ARTICLE` adds a case to it".into()),
        ));
    }
    // Know who signs before creating anything.
    git::identity(dir)?;
    git::ensure_repo(dir)?;
    git::ensure_idle(dir)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            store::CONFIG_FILE.into(),
            crate::assets::default_config().into_bytes(),
        ),
        (
            ".yamllint".into(),
            crate::assets::YAMLLINT.as_bytes().to_vec(),
        ),
    ];
    for (name, text) in crate::assets::CHECKLISTS {
        files.push((
            format!("{}/{name}", store::CHECKLISTS_DIR),
            text.as_bytes().to_vec(),
        ));
    }
    for (name, text) in crate::assets::SCHEMAS {
        files.push((format!("schemas/{name}"), text.as_bytes().to_vec()));
    }
    let ws = Workspace::open_unchecked(dir);
    let mut changes = Vec::new();
    for (rel, bytes) in files {
        // Anything there, even a link, is the user's: not followed, not read.
        let existing = std::fs::symlink_metadata(ws.abs(&rel)).ok();
        if existing.is_some() {
            continue; // never overwrite the user's own files
        }
        changes.push(FileChange {
            rel_path: rel,
            content: bytes.into(),
            expected: None,
        });
    }
    let subject = "factdesk: initialise workspace".to_string();
    let msg = format!("{subject}\n\n{}", Trailers::new(Action::Init).render());
    let txn = git::txn::begin(dir, Action::Init.as_str(), &|m| eprintln!("{m}"))?;
    let opts = git::txn::CommitOptions {
        no_verify,
        allow_unborn: true,
    };
    let outcome = txn.commit(&changes, &msg, opts).map_err(from_git)?;
    Ok(Committed {
        commit: outcome.id,
        subject,
        files: changes.into_iter().map(|c| c.rel_path).collect(),
        notices: outcome.notices,
    })
}
