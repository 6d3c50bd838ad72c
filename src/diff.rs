//! Semantic diff of case files: what a fact-checker did, in their terms
//! ("c03 status unchecked → verified"), not YAML lines. Pure: it compares two
//! snapshots (workspace-relative path → bytes) and renders the result; the
//! caller gathers the snapshots from git or the work tree.

use crate::model::{Case, Claim, ReviewDecision};
use crate::store;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Files under `cases/`, workspace-relative path → content.
pub type Snapshot = BTreeMap<String, Vec<u8>>;

/// One semantic change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The claim it concerns; `None` for the case as a whole.
    pub claim: Option<String>,
    /// What changed, in words.
    pub text: String,
    /// Something a reviewer must look at (article rewritten, claim deleted …).
    pub alert: bool,
}

/// The changes of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseChanges {
    /// Case id (folder name) after the change.
    pub case: String,
    /// Its old id when the folder was renamed.
    pub renamed_from: Option<String>,
    /// The headline, when known.
    pub title: Option<String>,
    /// What changed, claims in id order.
    pub items: Vec<Item>,
}

/// A commit that changed case files without factdesk (no trailers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandEdit {
    /// Commit id (short).
    pub commit: String,
    /// Its author.
    pub author: String,
    /// Its subject line.
    pub subject: String,
    /// The case files it touched.
    pub paths: Vec<String>,
}

/// The whole diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// What was compared, e.g. `HEAD..work tree` or `origin/main..HEAD`.
    pub range: String,
    /// Changed cases, in id order.
    pub cases: Vec<CaseChanges>,
    /// Commits in the range that bypassed factdesk.
    pub hand_edits: Vec<HandEdit>,
    /// True when the new side is uncommitted work: such edits never went
    /// through factdesk (factdesk commits every change it makes).
    pub uncommitted: bool,
}

impl Diff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty() && self.hand_edits.is_empty()
    }
}

/// Who changed each path in the range (commit authors, oldest first), for
/// "(by …)" attributions.
pub type Authors = BTreeMap<String, Vec<String>>;

struct CaseFiles<'a> {
    case: Option<&'a [u8]>,
    article: Option<&'a [u8]>,
    claims: BTreeMap<String, &'a [u8]>,
    other: BTreeMap<String, &'a [u8]>,
}

fn group(s: &Snapshot) -> BTreeMap<String, CaseFiles<'_>> {
    let mut out: BTreeMap<String, CaseFiles<'_>> = BTreeMap::new();
    for (path, bytes) in s {
        let Some(rest) = path.strip_prefix("cases/") else {
            continue;
        };
        let Some((case, file)) = rest.split_once('/') else {
            continue;
        };
        let e = out.entry(case.to_string()).or_insert_with(|| CaseFiles {
            case: None,
            article: None,
            claims: BTreeMap::new(),
            other: BTreeMap::new(),
        });
        match file {
            "case.yaml" => e.case = Some(bytes),
            "article.txt" => e.article = Some(bytes),
            f => match f
                .strip_prefix("claims/")
                .and_then(|c| c.strip_suffix(".yaml"))
            {
                Some(id) if !id.contains('/') => {
                    e.claims.insert(id.to_string(), bytes);
                }
                _ => {
                    e.other.insert(f.to_string(), bytes);
                }
            },
        }
    }
    out
}

fn parse<T: serde::de::DeserializeOwned>(b: &[u8]) -> Result<T, String> {
    let s = std::str::from_utf8(b).map_err(|_| "not UTF-8".to_string())?;
    if s.lines().any(|l| l.starts_with("<<<<<<<")) {
        return Err("unresolved merge conflict".into());
    }
    store::parse::<T>(s).map_err(|e| e.message.clone())
}

/// Shortens untrusted text for one line: whitespace runs become one space,
/// then at most `n` graphemes are kept.
fn clip(s: &str, n: usize) -> String {
    crate::text::clip(&s.split_whitespace().collect::<Vec<_>>().join(" "), n)
}

fn claim_number(id: &str) -> u32 {
    id.trim_start_matches('c').parse().unwrap_or(u32::MAX)
}

/// Compares two snapshots. `authors` maps claim paths to who changed them
/// in the range (used for "(by …)" when the file does not record it).
pub fn compare(old: &Snapshot, new: &Snapshot, authors: &Authors) -> Vec<CaseChanges> {
    let old_g = group(old);
    let new_g = group(new);
    let renamed = renamed_cases(&old_g, &new_g);
    let renamed_old: BTreeSet<&String> = renamed.values().collect();
    let mut out = Vec::new();
    let ids: BTreeSet<&String> = old_g.keys().chain(new_g.keys()).collect();
    for id in ids {
        if renamed_old.contains(id) {
            continue;
        }
        let from = renamed.get(id);
        let old_files = old_g.get(from.unwrap_or(id));
        let (title, items) = match (old_files, new_g.get(id)) {
            (None, Some(n)) => new_case(n),
            (Some(_), None) => (
                None,
                vec![Item {
                    claim: None,
                    text: "case deleted!".into(),
                    alert: true,
                }],
            ),
            (Some(o), Some(n)) => (
                n.case.and_then(|b| parse::<Case>(b).ok()).map(|c| c.title),
                changed_case(id, o, n, authors),
            ),
            (None, None) => (None, Vec::new()),
        };
        if !items.is_empty() || from.is_some() {
            out.push(CaseChanges {
                case: id.clone(),
                renamed_from: from.cloned(),
                title,
                items,
            });
        }
    }
    out
}

/// Case folder renames, new id → old id: a vanished case whose article
/// reappears under a new id.
fn renamed_cases(
    old_g: &BTreeMap<String, CaseFiles<'_>>,
    new_g: &BTreeMap<String, CaseFiles<'_>>,
) -> BTreeMap<String, String> {
    let mut renamed = BTreeMap::new();
    for (id, files) in new_g {
        if old_g.contains_key(id) {
            continue;
        }
        if let Some((old_id, _)) = old_g.iter().find(|(oid, of)| {
            !new_g.contains_key(*oid) && of.article.is_some() && of.article == files.article
        }) {
            renamed.insert(id.clone(), old_id.clone());
        }
    }
    renamed
}

/// A case that did not exist before: its title, and its claims.
fn new_case(n: &CaseFiles<'_>) -> (Option<String>, Vec<Item>) {
    let case: Option<Case> = n.case.and_then(|b| parse(b).ok());
    let mut items = vec![Item {
        claim: None,
        text: format!("new case with {} claims", n.claims.len()),
        alert: false,
    }];
    for (cid, bytes) in &n.claims {
        items.extend(new_claim(cid, bytes));
    }
    (case.map(|c| c.title), items)
}

/// What changed in a case present on both sides: its own files, then its
/// claims in number order (added, deleted, renamed, changed).
fn changed_case(id: &str, o: &CaseFiles<'_>, n: &CaseFiles<'_>, authors: &Authors) -> Vec<Item> {
    let mut items = case_changes(o, n);
    let cids: BTreeSet<&String> = o.claims.keys().chain(n.claims.keys()).collect();
    let mut cids: Vec<&String> = cids.into_iter().collect();
    cids.sort_by_key(|c| (claim_number(c), (*c).clone()));
    let moved = moved_claims(o, n);
    for cid in cids {
        if moved.values().any(|v| *v == cid) {
            continue;
        }
        let by = authors
            .get(&format!("cases/{id}/claims/{cid}.yaml"))
            .map(|v| v.join(", "));
        if let (Some(old_id), Some(b)) = (moved.get(cid), n.claims.get(cid)) {
            items.push(Item {
                claim: Some(cid.clone()),
                text: format!("claim {old_id} renamed to {cid}! (claim ids are never renumbered)"),
                alert: true,
            });
            if let Some(a) = o.claims.get(*old_id) {
                items.extend(
                    claim_changes(cid, a, b, by.as_deref())
                        .into_iter()
                        .filter(|i| i.text != "claim text or location edited!"),
                );
            }
            continue;
        }
        match (o.claims.get(cid), n.claims.get(cid)) {
            (None, Some(b)) => items.extend(new_claim(cid, b)),
            (Some(_), None) => items.push(Item {
                claim: Some(cid.clone()),
                text: format!("claim {cid} deleted! (claims are dismissed, never deleted)"),
                alert: true,
            }),
            (Some(a), Some(b)) if a != b => items.extend(claim_changes(cid, a, b, by.as_deref())),
            _ => {}
        }
    }
    items
}

/// Claim files renamed, new id → old id: a claim vanished and a new file
/// quotes the same text at the same place.
fn moved_claims<'a>(
    o: &'a CaseFiles<'_>,
    n: &'a CaseFiles<'_>,
) -> BTreeMap<&'a String, &'a String> {
    let span = |b: &[u8]| parse::<Claim>(b).ok().map(|c| (c.text, c.location));
    let mut moved: BTreeMap<&String, &String> = BTreeMap::new();
    for (new_id, nb) in n.claims.iter().filter(|(k, _)| !o.claims.contains_key(*k)) {
        let Some(ns) = span(nb) else { continue };
        if let Some((old_id, _)) = o.claims.iter().find(|(k, ob)| {
            !n.claims.contains_key(*k)
                && !moved.values().any(|v| v == k)
                && span(ob).as_ref() == Some(&ns)
        }) {
            moved.insert(new_id, old_id);
        }
    }
    moved
}

fn new_claim(cid: &str, bytes: &[u8]) -> Vec<Item> {
    let text = match parse::<Claim>(bytes) {
        Ok(c) => format!("new claim {cid} ({}): “{}”", c.kind, clip(&c.text, 80)),
        Err(e) => format!("new claim {cid} (cannot be read: {})", clip(&e, 80)),
    };
    vec![Item {
        claim: Some(cid.to_string()),
        text,
        alert: false,
    }]
}

fn case_changes(o: &CaseFiles<'_>, n: &CaseFiles<'_>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut push = |text: String, alert: bool| {
        items.push(Item {
            claim: None,
            text,
            alert,
        })
    };
    if o.article != n.article {
        push("article.txt changed!".into(), true);
    }
    if o.case != n.case {
        match (
            o.case.map(parse::<Case>).transpose(),
            n.case.map(parse::<Case>).transpose(),
        ) {
            (Ok(Some(a)), Ok(Some(b))) => {
                if a.publish != b.publish {
                    push(
                        if b.publish {
                            "marked for publication".into()
                        } else {
                            "no longer marked for publication".into()
                        },
                        false,
                    );
                }
                if a.title != b.title {
                    push(format!("title changed to “{}”", clip(&b.title, 80)), false);
                }
                for who in b.assignees.iter().filter(|w| !a.assignees.contains(w)) {
                    push(format!("assigned to {who}"), false);
                }
                for who in a.assignees.iter().filter(|w| !b.assignees.contains(w)) {
                    push(format!("{who} unassigned"), false);
                }
                if a.source_chain != b.source_chain {
                    let names: Vec<&str> = b.source_chain.iter().map(|s| s.name.as_str()).collect();
                    push(
                        format!("source chain now: {}", clip(&names.join(" ← "), 100)),
                        false,
                    );
                }
                if a.article_sha256 != b.article_sha256 {
                    push("article_sha256 changed!".into(), true);
                }
                let (mut a2, mut b2) = (a.clone(), b.clone());
                a2.publish = b2.publish;
                a2.title = b2.title.clone();
                a2.assignees = b2.assignees.clone();
                a2.source_chain = b2.source_chain.clone();
                a2.article_sha256 = b2.article_sha256.clone();
                a2.id = b2.id.clone();
                b2.id = a2.id.clone();
                if a2 != b2 {
                    push("case details edited (outlet, url, dates …)".into(), false);
                }
            }
            (_, Ok(None)) => push("case.yaml deleted!".into(), true),
            (_, Err(e)) => push(format!("case.yaml cannot be read: {}", clip(&e, 80)), true),
            (_, Ok(Some(_))) => push("case.yaml repaired".into(), false),
        }
    }
    for (f, b) in &n.other {
        match o.other.get(f) {
            None => push(format!("file {f} added"), false),
            Some(a) if a != b => push(format!("file {f} changed!"), true),
            _ => {}
        }
    }
    for f in o.other.keys().filter(|f| !n.other.contains_key(*f)) {
        push(format!("file {f} deleted!"), true);
    }
    items
}

/// Items about one claim, in the order they are found.
struct ClaimItems<'a> {
    cid: &'a str,
    items: Vec<Item>,
}

impl ClaimItems<'_> {
    fn push(&mut self, text: String, alert: bool) {
        self.items.push(Item {
            claim: Some(self.cid.to_string()),
            text,
            alert,
        });
    }
}

/// What changed in one claim file, in a checker's words.
fn claim_changes(cid: &str, a: &[u8], b: &[u8], by: Option<&str>) -> Vec<Item> {
    let mut out = ClaimItems {
        cid,
        items: Vec::new(),
    };
    let (a, b) = match (parse::<Claim>(a), parse::<Claim>(b)) {
        (Ok(a), Ok(b)) => (a, b),
        (_, Err(e)) => {
            out.push(format!("file cannot be read: {}", clip(&e, 80)), true);
            return out.items;
        }
        (Err(_), Ok(_)) => {
            out.push(
                "file repaired (it could not be read before)".to_string(),
                false,
            );
            return out.items;
        }
    };
    substance_changes(&mut out, &a, &b, by);
    step_changes(&mut out, &a, &b);
    evidence_changes(&mut out, &a, &b);
    work_changes(&mut out, &a, &b);
    review_changes(&mut out, &a, &b);
    out.items
}

/// The claim itself: text and location, kind, status (with who set it),
/// attribution.
fn substance_changes(out: &mut ClaimItems<'_>, a: &Claim, b: &Claim, by: Option<&str>) {
    if a.text != b.text || a.location != b.location {
        out.push("claim text or location edited!".into(), true);
    }
    if a.kind != b.kind {
        out.push(format!("kind {} → {}", a.kind, b.kind), false);
    }
    if a.status != b.status {
        let who = b
            .review
            .verdict_by
            .as_deref()
            .filter(|_| a.review.verdict_at != b.review.verdict_at)
            .or(by);
        let by = who.map_or(String::new(), |w| format!(" (by {w})"));
        out.push(format!("status {} → {}{by}", a.status, b.status), false);
    }
    if a.attribution.status != b.attribution.status {
        // The file does not record who decided the attribution: the
        // authors of the range's commits to it, as for a status change.
        let by = by.map_or(String::new(), |w| format!(" (by {w})"));
        out.push(
            format!(
                "attribution {} → {}{by}",
                a.attribution.status.as_str(),
                b.attribution.status.as_str()
            ),
            false,
        );
    }
    if a.attribution.speaker != b.attribution.speaker
        || a.attribution.chain != b.attribution.chain
        || a.attribution.anonymous != b.attribution.anonymous
    {
        out.push("attribution details edited".into(), false);
    }
}

/// The checklist: another checklist, or steps whose state or note changed.
fn step_changes(out: &mut ClaimItems<'_>, a: &Claim, b: &Claim) {
    if a.checklist.id != b.checklist.id {
        out.push(
            format!("checklist {} → {}", a.checklist.id, b.checklist.id),
            false,
        );
        return;
    }
    for s in &b.checklist.steps {
        let before = a.checklist.steps.iter().find(|x| x.id == s.id);
        if before.map(|x| x.state) != Some(s.state) {
            let by =
                s.by.as_deref()
                    .map_or(String::new(), |w| format!(" (by {w})"));
            out.push(
                format!("step {}/{} {}{by}", b.checklist.id, s.id, s.state.as_str()),
                false,
            );
        } else if before.is_some_and(|x| x.note != s.note) {
            out.push(
                format!("step {}/{} note edited", b.checklist.id, s.id),
                false,
            );
        }
    }
}

/// Evidence added, corrected or withdrawn (items keep their place), and
/// (an alert) evidence removed or changed without a correction record.
fn evidence_changes(out: &mut ClaimItems<'_>, a: &Claim, b: &Claim) {
    for (i, (old, new)) in a.evidence.iter().zip(&b.evidence).enumerate() {
        if old == new {
            continue;
        }
        let n = i + 1;
        if let (None, Some(w)) = (&old.withdrawn, &new.withdrawn) {
            out.push(
                format!(
                    "evidence {n} withdrawn ({}) {}: {}",
                    new.stance.as_str(),
                    clip(new.label(), 60),
                    clip(&w.note, 100)
                ),
                false,
            );
        } else if new.corrections.len() > old.corrections.len()
            && new.corrections.starts_with(&old.corrections)
        {
            let note = new.corrections.last().map_or("", |c| c.note.as_str());
            out.push(
                format!(
                    "evidence {n} corrected ({}) {}: {}",
                    new.stance.as_str(),
                    clip(new.label(), 60),
                    clip(note, 100)
                ),
                false,
            );
        } else {
            out.push(
                format!(
                    "evidence {n} ({}) {} changed without a correction note!",
                    new.stance.as_str(),
                    clip(new.label(), 60)
                ),
                true,
            );
        }
    }
    for e in b.evidence.iter().skip(a.evidence.len()) {
        let archive = if e.archive_url.is_some() {
            ", archived"
        } else {
            ""
        };
        out.push(
            format!(
                "+1 evidence ({}) {}{archive}",
                e.stance.as_str(),
                clip(e.label(), 100)
            ),
            false,
        );
    }
    for e in a.evidence.iter().skip(b.evidence.len()) {
        out.push(
            format!(
                "-1 evidence ({}) {} removed!",
                e.stance.as_str(),
                clip(e.label(), 100)
            ),
            true,
        );
    }
}

/// Notes (appended, or an alert when rewritten), assignee, dismissal.
fn work_changes(out: &mut ClaimItems<'_>, a: &Claim, b: &Claim) {
    if a.notes != b.notes {
        match b.notes.strip_prefix(a.notes.as_str()) {
            Some(extra) => out.push(format!("note: {}", clip(extra.trim(), 100)), false),
            None => out.push("notes rewritten!".into(), true),
        }
    }
    if a.assignee != b.assignee {
        out.push(
            match &b.assignee {
                Some(w) => format!("assigned to {w}"),
                None => "unassigned".into(),
            },
            false,
        );
    }
    match (&a.dismissed, &b.dismissed) {
        (None, Some(d)) => out.push(format!("dismissed: {}", clip(&d.reason, 100)), false),
        (Some(_), None) => out.push("restored (no longer dismissed)".to_string(), false),
        _ => {}
    }
}

/// Reviews appended (approvals, requests for changes, approvals voided);
/// an alert when the earlier reviews were rewritten.
fn review_changes(out: &mut ClaimItems<'_>, a: &Claim, b: &Claim) {
    let ra = &a.review.reviews;
    let rb = &b.review.reviews;
    let appended = rb.len() >= ra.len()
        && rb.get(..ra.len()).is_some_and(|p| {
            p.iter()
                .zip(ra)
                .all(|(x, y)| x.by == y.by && x.at == y.at && x.decision == y.decision)
        });
    if !appended {
        out.push("review history rewritten!".into(), true);
        return;
    }
    for r in rb.get(ra.len()..).unwrap_or_default() {
        let note = if r.note.is_empty() {
            String::new()
        } else {
            format!(": {}", clip(&r.note, 80))
        };
        out.push(
            match r.decision {
                ReviewDecision::Approve => format!("{} approved by {}{note}", r.verdict, r.by),
                ReviewDecision::RequestChanges => {
                    format!("changes requested by {} on {}{note}", r.by, r.verdict)
                }
            },
            false,
        );
    }
    let voided = rb
        .iter()
        .zip(ra)
        .filter(|(x, y)| x.voided && !y.voided && x.decision == ReviewDecision::Approve)
        .count();
    if voided > 0 {
        out.push("approval voided (verdict changed)".to_string(), false);
    }
}

/// The claim id to print before an item, unless its text already names it.
fn names_claim(i: &Item) -> Option<&str> {
    i.claim
        .as_deref()
        .filter(|_| !i.text.starts_with("new claim") && !i.text.starts_with("claim "))
}

/// Plain-text rendering, one change per line; untrusted text is made
/// terminal-safe.
pub fn to_text(d: &Diff) -> String {
    use crate::text::one_line;
    let mut s = String::new();
    if d.is_empty() {
        s.push_str(&format!("no changes to case files ({})\n", d.range));
        return s;
    }
    if d.uncommitted {
        s.push_str("uncommitted changes (edited by hand, not through factdesk):\n");
    }
    for c in &d.cases {
        match &c.renamed_from {
            Some(f) => s.push_str(&format!("case {} (renamed from {})\n", c.case, f)),
            None => s.push_str(&format!("case {}\n", c.case)),
        }
        for i in &c.items {
            let mark = if i.alert { "! " } else { "  " };
            let text = match names_claim(i) {
                Some(cid) => format!("{cid} {}", i.text),
                None => i.text.clone(),
            };
            s.push_str(&format!("{mark}{}\n", one_line(&text)));
        }
    }
    if !d.hand_edits.is_empty() {
        s.push_str("edits that bypassed factdesk:\n");
        for h in &d.hand_edits {
            s.push_str(&format!(
                "! hand edit by {} in {}: {} ({})\n",
                one_line(&h.author),
                h.commit,
                one_line(&h.subject),
                one_line(&h.paths.join(", "))
            ));
        }
    }
    s
}

/// Escapes untrusted text for Markdown (and the HTML GitHub renders from
/// it): every ASCII punctuation that can form inline or block syntax
/// (backslash, backtick, `* _ [ ] ( ) # | ! ~ @`, the `|` also for table
/// cells) is backslash-escaped, `<`/`>`/`&` become entities (so no raw
/// HTML and no autolink), line breaks become spaces and terminal-unsafe
/// characters their placeholders. List markers are escaped at the start.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '!' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            // Block syntax only matters at the start.
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c if crate::text::is_unsafe(c) => out.push_str(&crate::text::placeholder(c)),
            c => out.push(c),
        }
    }
    out
}

/// Untrusted text as a Markdown code span: on one line, unsafe characters
/// as placeholders, fenced by one backtick more than its longest backtick
/// run (so no backtick inside can close it) and padded with spaces when it
/// starts or ends with a backtick or a space (which the fence would
/// otherwise swallow or strip).
pub fn md_code(s: &str) -> String {
    let s = crate::text::one_line(s);
    if s.is_empty() {
        return "` `".to_string();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with(['`', ' ']) || s.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// [`md_code`] for a GFM table cell: a `|` would split the cell even inside
/// a code span, so it is escaped (`\\|`, which the table reads as `|`).
pub fn md_cell_code(s: &str) -> String {
    md_code(s).replace('|', "\\|")
}

/// Markdown rendering fit for a pull-request comment.
pub fn to_markdown(d: &Diff) -> String {
    let mut s = format!("### factdesk diff {}\n\n", md_code(&d.range));
    if d.is_empty() {
        s.push_str("No changes to case files.\n");
        return s;
    }
    if d.uncommitted {
        s.push_str("> **Uncommitted changes**: edited by hand, not through factdesk.\n\n");
    }
    for c in &d.cases {
        s.push_str(&format!("#### {}", md_code(&c.case)));
        if let Some(t) = &c.title {
            s.push_str(&format!(" — {}", md_escape(t)));
        }
        s.push('\n');
        if let Some(f) = &c.renamed_from {
            s.push_str(&format!("\n_renamed from {}_\n", md_code(f)));
        }
        s.push('\n');
        for i in &c.items {
            let claim = names_claim(i).map_or(String::new(), |c| format!("**{}** ", md_escape(c)));
            let warn = if i.alert { "⚠️ " } else { "" };
            s.push_str(&format!("- {warn}{claim}{}\n", md_escape(&i.text)));
        }
        s.push('\n');
    }
    if !d.hand_edits.is_empty() {
        s.push_str("#### Edits that bypassed factdesk\n\n");
        for h in &d.hand_edits {
            s.push_str(&format!(
                "- ⚠️ hand edit by {} in {}: {} ({})\n",
                md_escape(&h.author),
                md_code(&h.commit),
                md_escape(&h.subject),
                md_escape(&h.paths.join(", "))
            ));
        }
        s.push('\n');
    }
    s.push_str("<sub>Generated by `factdesk diff`. Hand edits are allowed, but visible.</sub>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(md_escape("<b>*x*</b>"), "&lt;b&gt;\\*x\\*&lt;/b&gt;");
        assert_eq!(md_escape("a\nb [l](u)"), "a b \\[l\\]\\(u\\)");
        assert_eq!(md_escape("# x-y"), "\\# x-y");
        assert_eq!(md_escape("![x](j:a)"), "\\!\\[x\\]\\(j:a\\)");
    }

    #[test]
    fn code_spans_outfence_backtick_runs() {
        assert_eq!(md_code("a"), "`a`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("x``<img>"), "```x``<img>```");
        assert_eq!(md_code("`a"), "`` `a ``");
        assert_eq!(md_code(""), "` `");
        assert_eq!(md_code("a\u{1b}[31m"), "`a␛[31m`");
        assert_eq!(md_cell_code("a|b"), "`a\\|b`");
    }

    #[test]
    fn article_change_and_deleted_claim_are_alerts() {
        let mut old = Snapshot::new();
        old.insert("cases/a/article.txt".into(), b"one".to_vec());
        old.insert("cases/a/claims/c01.yaml".into(), b"x: 1".to_vec());
        let mut new = Snapshot::new();
        new.insert("cases/a/article.txt".into(), b"two".to_vec());
        let c = compare(&old, &new, &Authors::new());
        assert_eq!(c.len(), 1);
        let texts: Vec<&str> = c[0].items.iter().map(|i| i.text.as_str()).collect();
        assert!(texts.contains(&"article.txt changed!"), "{texts:?}");
        assert!(c[0].items.iter().all(|i| i.alert));
    }

    #[test]
    fn renamed_claim_file_is_recognised() {
        let claim = |id: &str, status: &str| {
            format!(
                "id: {id}\nkind: event\ntext: x\nlocation:\n  line: 1\n  column: 1\n  start: 0\n  end: 1\nattribution: {{}}\nstatus: {status}\nchecklist:\n  id: general\n  sha256: ''\n  steps: []\n"
            )
            .into_bytes()
        };
        let mut old = Snapshot::new();
        old.insert("cases/a/claims/c05.yaml".into(), claim("c05", "unchecked"));
        let mut new = Snapshot::new();
        new.insert("cases/a/claims/c06.yaml".into(), claim("c06", "false"));
        let c = compare(&old, &new, &Authors::new());
        let texts: Vec<&str> = c[0].items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "claim c05 renamed to c06! (claim ids are never renumbered)",
                "status unchecked → false"
            ]
        );
    }

    #[test]
    fn renamed_case_is_recognised() {
        let mut old = Snapshot::new();
        old.insert("cases/a/article.txt".into(), b"same".to_vec());
        let mut new = Snapshot::new();
        new.insert("cases/b/article.txt".into(), b"same".to_vec());
        let c = compare(&old, &new, &Authors::new());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].case, "b");
        assert_eq!(c[0].renamed_from.as_deref(), Some("a"));
        assert!(c[0].items.is_empty());
    }
}
