//! `factdesk check`: the rule table, the checker and the printers.
//!
//! Mutating commands run the very same functions on the bytes they are
//! about to write, so nothing factdesk writes can fail `check`.

pub mod diag;
pub mod print;
pub mod review;
pub mod rules;

use crate::model::{
    Case, CaseId, Checklist, Claim, ClaimId, StatusClass, StepState, Timestamp, WorkspaceConfig,
};
use crate::store::{self, PathSeg, StoreError, Workspace, YamlError};
use diag::did_you_mean;
use rules::*;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub use diag::Diagnostic;
pub use rules::{Level, Rule, RULES};

use PathSeg::{Index, Key};

/// Allowed clock skew for the "not in the future" rule.
const FUTURE_SLACK_SECONDS: i64 = 300;

/// What every claim check needs to know about the workspace.
#[derive(Debug, Clone)]
pub struct Context {
    /// `factdesk.yaml` (defaults when missing or invalid, so checking goes on).
    pub config: WorkspaceConfig,
    /// Checklists by id, with the sha256 of their file.
    pub checklists: BTreeMap<String, (Checklist, String)>,
    /// "Now", for the future-date rule.
    pub now: Timestamp,
}

/// What a claim check needs to know about its case.
#[derive(Debug, Clone)]
pub struct CaseInfo<'a> {
    /// The case folder name.
    pub dir_name: &'a str,
    /// Absolute path of the case folder (for evidence files).
    pub dir: PathBuf,
    /// The article text, when it could be read.
    pub article: Option<&'a str>,
    /// Files about to be written with the claim (path inside the case
    /// folder, content), so a change is checked as it will be on disk.
    pub pending: &'a [(String, Vec<u8>)],
}

/// The result of checking a workspace.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Findings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were looked at.
    pub files: usize,
    /// How many claims were checked.
    pub claims: usize,
}

impl Report {
    /// Number of findings at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }
}

/// Reads a file, or turns the failure into a diagnostic.
fn read(path: &Path, rel: &str, limit: u64) -> Result<String, Diagnostic> {
    store::read_text(path, limit).map_err(|e| match e {
        StoreError::TooLarge { size, limit, .. } => Diagnostic::new(
            &FILE_TOO_LARGE,
            rel,
            (1, 1),
            format!("file is {size} bytes; the limit is {limit}"),
        )
        .hint("factdesk files are small; this is probably not a factdesk file, or it was damaged"),
        StoreError::NotUtf8 { offset, .. } => Diagnostic::new(
            &NOT_UTF8,
            rel,
            (1, 1),
            format!("not valid UTF-8 (first bad byte at offset {offset})"),
        )
        .hint("save the file as UTF-8"),
        other => Diagnostic::new(&IO_ERROR, rel, (1, 1), other.to_string()),
    })
}

/// Finds git conflict markers, which make a file unparseable and need a
/// human decision rather than a YAML error.
fn conflict_markers(rel: &str, raw: &str) -> Option<Diagnostic> {
    let line = raw
        .lines()
        .position(|l| l.starts_with("<<<<<<< ") || l == "<<<<<<<")?;
    Some(
        Diagnostic::new(
            &CONFLICT_MARKERS,
            rel,
            (line + 1, 1),
            "unresolved git merge conflict",
        )
        .hint("`factdesk conflicts` shows both sides in factdesk's terms; `factdesk resolve CASE/CLAIM --ours|--theirs` keeps one, or merge by hand (remove the <<<<<<< ======= >>>>>>> lines) and `git add` the file"),
    )
}

/// Turns a serde/YAML error into the most specific diagnostic.
fn classify(rel: &str, src: &str, e: &YamlError) -> Diagnostic {
    let mut pos = (e.line.unwrap_or(1), e.column.unwrap_or(1));
    // Some scanner errors give only a byte position ("… at position 15").
    {
        if let Some(off) = e
            .message
            .rsplit_once("at position ")
            .and_then(|(_, n)| n.trim().parse::<usize>().ok())
        {
            let mut cut = off.min(src.len());
            while !src.is_char_boundary(cut) {
                cut -= 1;
            }
            let loc = crate::model::Location::from_span(src, cut, cut);
            pos = (loc.line as usize, loc.column as usize);
        }
    }
    // serde_yaml prefixes errors below the root with the key path
    // (`checklist.steps[0].state: unknown variant …`).
    let (field, msg) = match e.message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.[]-".contains(&b)) =>
        {
            (Some(path), rest)
        }
        _ => (None, e.message.as_str()),
    };
    let field_note = field.map_or(String::new(), |f| format!(" in `{f}`"));
    let quoted =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(String::from).collect() };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let words = quoted(rest);
        let key = words.first().cloned().unwrap_or_default();
        let mut d = Diagnostic::new(
            &UNKNOWN_KEY,
            rel,
            pos,
            format!("unknown key `{key}`{field_note}"),
        );
        let expected: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
        d = match did_you_mean(&key, expected.iter().copied()) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None if !expected.is_empty() => {
                d.hint(format!("allowed here: {}", expected.join(", ")))
            }
            None => d,
        };
        return d;
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let words = quoted(rest);
        let value = words.first().cloned().unwrap_or_default();
        let expected: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
        let d = Diagnostic::new(
            &BAD_VALUE,
            rel,
            pos,
            format!("`{value}` is not an allowed value"),
        );
        return match did_you_mean(&value, expected.iter().copied()) {
            Some(s) => d.hint(format!(
                "did you mean `{s}`? allowed: {}",
                expected.join(", ")
            )),
            None => d.hint(format!("allowed: {}", expected.join(", "))),
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let key = quoted(rest).into_iter().next().unwrap_or_default();
        return Diagnostic::new(
            &MISSING_KEY,
            rel,
            pos,
            format!("required key `{key}` is missing"),
        )
        .hint("see docs/format.md for the fields of this file");
    }
    if msg.starts_with("invalid type")
        || msg.starts_with("invalid length")
        || msg.starts_with("invalid value")
    {
        return Diagnostic::new(&WRONG_TYPE, rel, pos, format!("{msg}{field_note}"));
    }
    if msg.contains("case id") || msg.contains("claim id") {
        return Diagnostic::new(&BAD_ID, rel, pos, msg.to_string());
    }
    const CHRONO: [&str; 6] = [
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is out of range",
        "no possible date and time",
        "input is not enough",
    ];
    if CHRONO.iter().any(|c| msg.starts_with(c)) {
        let line = src
            .lines()
            .nth(pos.0.saturating_sub(1))
            .unwrap_or("")
            .trim();
        return Diagnostic::new(
            &BAD_DATE,
            rel,
            pos,
            format!("not an RFC 3339 time with a UTC offset: {line}"),
        )
        .hint("write times like 2023-11-05T11:01:00+07:00 (WIB is +07:00)");
    }
    let hint = if msg.contains("recursion limit") || msg.contains("repetition limit") {
        "the document is nested too deeply or expands aliases too far; factdesk files never do"
    } else {
        "fix the YAML syntax at this position (indentation, a missing colon, or an unquoted `: ` in text)"
    };
    Diagnostic::new(&YAML_SYNTAX, rel, pos, e.message.clone()).hint(hint)
}

/// Parses `raw` as `T`, reporting conflict markers and YAML/shape errors.
pub fn parse_as<T: DeserializeOwned>(rel: &str, raw: &str) -> Result<T, Diagnostic> {
    if let Some(d) = conflict_markers(rel, raw) {
        return Err(d);
    }
    store::parse::<T>(raw).map_err(|e| classify(rel, raw, &e))
}

fn check_time(
    out: &mut Vec<Diagnostic>,
    ctx: &Context,
    rel: &str,
    raw: &str,
    path: &[PathSeg<'_>],
    t: &Timestamp,
) {
    if (*t - ctx.now).num_seconds() > FUTURE_SLACK_SECONDS {
        out.push(
            Diagnostic::new(
                &FUTURE_DATE,
                rel,
                store::yaml::locate(raw, path),
                format!("{t} is in the future"),
            )
            .hint("check the date and its UTC offset"),
        );
    }
}

/// Keys whose values are timestamps, in every factdesk file.
const TIME_KEYS: [&str; 5] = ["published", "intake", "at", "accessed", "verdict_at"];

/// chrono also reads `2023-11-05 11:01:00+07:00` and a lower-case `t`; the
/// format (and the JSON Schema) is strict RFC 3339, so say so. One pass over
/// the lines of a file, for every timestamp key at once.
fn check_time_format(out: &mut Vec<Diagnostic>, rel: &str, raw: &str) {
    for (i, text) in raw.lines().enumerate() {
        let body = text.trim_start().trim_start_matches("- ");
        let Some((key, value)) = body.split_once(": ") else {
            continue;
        };
        if !TIME_KEYS.contains(&key) {
            continue;
        }
        let value = value.trim().trim_matches(|c| c == '\'' || c == '"');
        let dated = value.len() > 10
            && value.as_bytes()[..10].iter().enumerate().all(|(j, b)| {
                if j == 4 || j == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !dated || is_strict_rfc3339(value) {
            continue;
        }
        let col = text.len() - body.len() + 1;
        // The first ten bytes are ASCII (checked above); byte 10 may not be.
        let fixed = format!("{}T{}", &value[..10], value.get(11..).unwrap_or(""));
        let hint = match chrono::DateTime::parse_from_rfc3339(&fixed) {
            Ok(t) => format!("write it as {}", t.to_rfc3339()),
            Err(_) => "write times like 2023-11-05T11:01:00+07:00".into(),
        };
        out.push(
            Diagnostic::new(
                &BAD_DATE,
                rel,
                (i + 1, col),
                format!("`{value}` is not written as RFC 3339"),
            )
            .hint(hint),
        );
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, with an upper-case `T`.
fn is_strict_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let head = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !head {
        return false;
    }
    let mut rest = &v[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .bytes()
                .chain(rest[4..6].bytes())
                .all(|c| c.is_ascii_digit()))
}

fn check_url(out: &mut Vec<Diagnostic>, rel: &str, raw: &str, path: &[PathSeg<'_>], url: &str) {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > 10
        && !url.chars().any(char::is_whitespace);
    if !ok {
        out.push(
            Diagnostic::new(
                &BAD_URL,
                rel,
                store::yaml::locate(raw, path),
                format!("`{url}` is not an absolute http(s) URL"),
            )
            .hint("readers must be able to follow every source: give the full https:// address"),
        );
    }
}

/// Semantic checks of one parsed claim file.
pub fn check_claim(
    ctx: &Context,
    case: &CaseInfo<'_>,
    rel: &str,
    raw: &str,
    claim: &Claim,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_time_format(&mut out, rel, raw);
    let at = |path: &[PathSeg<'_>]| store::yaml::locate(raw, path);
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".yaml");
    if claim.id.as_str() != stem {
        out.push(
            Diagnostic::new(
                &ID_MISMATCH,
                rel,
                at(&[Key("id")]),
                format!("id `{}` differs from the file name `{stem}.yaml`", claim.id),
            )
            .hint(format!(
                "claim ids are never renumbered: set `id: {stem}` or rename the file back"
            )),
        );
    }

    // Location.
    if let Some(article) = case.article {
        let l = &claim.location;
        match article.get(l.start..l.end) {
            Some(t) if t == claim.text => {
                let expect = crate::model::Location::from_span(article, l.start, l.end);
                if (expect.line, expect.column) != (l.line, l.column) {
                    out.push(
                        Diagnostic::new(
                            &LOCATION_MISMATCH,
                            rel,
                            at(&[Key("location"), Key("line")]),
                            format!(
                                "line/column {}:{} do not match byte offset {} (which is {}:{})",
                                l.line, l.column, l.start, expect.line, expect.column
                            ),
                        )
                        .hint(format!(
                            "set `line: {}` and `column: {}`",
                            expect.line, expect.column
                        )),
                    );
                }
            }
            found => {
                let mut d = Diagnostic::new(
                    &LOCATION_MISMATCH,
                    rel,
                    at(&[Key("text")]),
                    format!(
                        "`text` is not what article.txt holds at bytes {}..{}",
                        l.start, l.end
                    ),
                );
                d = match (article.find(claim.text.as_str()), found) {
                    (Some(s), _) if !claim.text.is_empty() => {
                        let e = s + claim.text.len();
                        let loc = crate::model::Location::from_span(article, s, e);
                        d.hint(format!("the text occurs at bytes {s}..{e} (line {}, column {}): update `location`", loc.line, loc.column))
                    }
                    (_, None) => d.hint(format!("bytes {}..{} are outside the article or split a character", l.start, l.end)),
                    _ => d.hint("the text does not occur in article.txt; claims must quote the article exactly"),
                };
                out.push(d);
            }
        }
    }

    // Status against the scale.
    let scale = &ctx.config.verdict_scale;
    let class = match scale.get(&claim.status) {
        Some(def) => Some(def.class),
        None => {
            let d = Diagnostic::new(
                &UNKNOWN_STATUS,
                rel,
                at(&[Key("status")]),
                format!("status `{}` is not on the verdict scale", claim.status),
            );
            let ids: Vec<&str> = scale.ids().collect();
            out.push(match did_you_mean(&claim.status, ids.iter().copied()) {
                Some(s) => d.hint(format!(
                    "did you mean `{s}`? the scale is: {}",
                    ids.join(", ")
                )),
                None => d.hint(format!("the scale (factdesk.yaml) is: {}", ids.join(", "))),
            });
            None
        }
    };

    // Checklist.
    let cl = &claim.checklist;
    let mut steps_ok = true;
    match ctx.checklists.get(&cl.id) {
        None => {
            let ids: Vec<&str> = ctx.checklists.keys().map(String::as_str).collect();
            let d = Diagnostic::new(
                &UNKNOWN_CHECKLIST,
                rel,
                at(&[Key("checklist"), Key("id")]),
                format!("checklist `{}` does not exist in checklists/", cl.id),
            );
            out.push(match did_you_mean(&cl.id, ids.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("available: {}", ids.join(", "))),
            });
        }
        Some((list, sha)) => {
            if &cl.sha256 != sha {
                out.push(
                    Diagnostic::new(
                        &CHECKLIST_CHANGED,
                        rel,
                        at(&[Key("checklist"), Key("sha256")]),
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
            let want: Vec<&str> = list.steps.iter().map(|s| s.id.as_str()).collect();
            let have: Vec<&str> = cl.steps.iter().map(|s| s.id.as_str()).collect();
            if want != have {
                steps_ok = false;
                let missing: Vec<&str> =
                    want.iter().filter(|w| !have.contains(w)).copied().collect();
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
                out.push(
                    Diagnostic::new(
                        &CHECKLIST_STEPS,
                        rel,
                        at(&[Key("checklist"), Key("steps")]),
                        msg,
                    )
                    .hint(format!(
                        "list every step of checklists/{}.yaml once, in its order: {}",
                        cl.id,
                        want.join(", ")
                    )),
                );
            }
            for (i, rec) in cl.steps.iter().enumerate() {
                let required = list.step(&rec.id).is_some_and(|s| s.required);
                if required && rec.state == StepState::Skipped && rec.note.trim().is_empty() {
                    out.push(
                        Diagnostic::new(&SKIP_NEEDS_NOTE, rel, at(&[Key("checklist"), Key("steps"), Index(i), Key("state")]),
                            format!("required step `{}` is skipped without a note", rec.id))
                            .hint(format!("say why in `note:` (e.g. `factdesk step CASE/{} {} skip --note \"…\"`)", claim.id, rec.id)),
                    );
                }
                if let Some(t) = &rec.at {
                    check_time(
                        &mut out,
                        ctx,
                        rel,
                        raw,
                        &[Key("checklist"), Key("steps"), Index(i), Key("at")],
                        t,
                    );
                }
            }
            if class == Some(StatusClass::Verdict) && steps_ok && claim.dismissed.is_none() {
                let open: Vec<&str> = cl
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
                    out.push(
                        Diagnostic::new(&VERDICT_NEEDS_STEPS, rel, at(&[Key("status")]),
                            format!("verdict `{}` needs every required step finished; open: {}", claim.status, open.join(", ")))
                            .hint("finish them with `factdesk step`, or set the status back to in-progress"),
                    );
                }
            }
        }
    }

    if claim.dismissed.is_none() {
        match class {
            Some(StatusClass::Verdict) if claim.evidence.is_empty() => out.push(
                Diagnostic::new(&VERDICT_NEEDS_EVIDENCE, rel, at(&[Key("status")]),
                    format!("verdict `{}` needs at least one evidence item", claim.status))
                    .hint(format!("add one with `factdesk evidence add {}/{} --url …`, or set the status back to in-progress", case.dir_name, claim.id)),
            ),
            Some(StatusClass::NotCheckable) if claim.notes.trim().is_empty() => out.push(
                Diagnostic::new(&NOT_CHECKABLE_NEEDS_NOTE, rel, at(&[Key("status")]),
                    format!("`{}` needs a note saying why (opinion? prediction?)", claim.status))
                    .hint("add `notes:`, e.g. `factdesk set CASE/CLAIM --status not-checkable --note \"prediction about 2025\"`"),
            ),
            _ => {}
        }
    }
    if let Some(d) = &claim.dismissed {
        if d.reason.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    &DISMISS_NEEDS_REASON,
                    rel,
                    at(&[Key("dismissed"), Key("reason")]),
                    "dismissal without a reason",
                )
                .hint("say why this proposal is not a claim to check, so reviewers can agree"),
            );
        }
        check_time(
            &mut out,
            ctx,
            rel,
            raw,
            &[Key("dismissed"), Key("at")],
            &d.at,
        );
    }

    // Evidence.
    for (i, ev) in claim.evidence.iter().enumerate() {
        check_url(
            &mut out,
            rel,
            raw,
            &[Key("evidence"), Index(i), Key("url")],
            &ev.url,
        );
        if let Some(a) = &ev.archive_url {
            check_url(
                &mut out,
                rel,
                raw,
                &[Key("evidence"), Index(i), Key("archive_url")],
                a,
            );
        }
        check_time(
            &mut out,
            ctx,
            rel,
            raw,
            &[Key("evidence"), Index(i), Key("accessed")],
            &ev.accessed,
        );
        if let Some(f) = &ev.file {
            let pos = at(&[Key("evidence"), Index(i), Key("file"), Key("path")]);
            let safe = !f.path.is_empty()
                && !f.path.starts_with('/')
                && !f.path.split(['/', '\\']).any(|c| c == ".." || c.is_empty());
            if !safe {
                out.push(
                    Diagnostic::new(
                        &EVIDENCE_FILE_MISSING,
                        rel,
                        pos,
                        format!(
                            "evidence path `{}` must stay inside the case folder",
                            f.path
                        ),
                    )
                    .hint("use a relative path such as evidence/screenshot.png"),
                );
                continue;
            }
            let pending = case
                .pending
                .iter()
                .find(|(p, _)| p == &f.path)
                .map(|(_, b)| b.clone());
            match pending.map_or_else(|| std::fs::read(case.dir.join(&f.path)), Ok) {
                Err(_) => out.push(Diagnostic::new(&EVIDENCE_FILE_MISSING, rel, pos, format!("evidence file `{}` is missing", f.path))
                    .hint(format!("restore it into the case folder, or remove `file:` (it should be at {}/{})", case.dir_name, f.path))),
                Ok(bytes) => {
                    let sha = store::sha256_hex(&bytes);
                    if sha != f.sha256 {
                        out.push(Diagnostic::new(&EVIDENCE_FILE_HASH, rel, at(&[Key("evidence"), Index(i), Key("file"), Key("sha256")]),
                            format!("evidence file `{}` does not match its recorded sha256", f.path))
                            .hint(format!("if the new file is right, record `sha256: {sha}`; evidence should not change silently")));
                    }
                }
            }
        }
    }
    out
}

/// Parses and checks the text of one claim file, exactly as `check` would.
pub fn check_claim_text(
    ctx: &Context,
    case: &CaseInfo<'_>,
    rel: &str,
    raw: &str,
) -> Vec<Diagnostic> {
    match parse_as::<Claim>(rel, raw) {
        Ok(claim) => check_claim(ctx, case, rel, raw, &claim),
        Err(d) => vec![d],
    }
}

/// Semantic checks of `case.yaml` against its folder and article.
pub fn check_case(
    ctx: &Context,
    dir_name: &str,
    rel: &str,
    raw: &str,
    case: &Case,
    article: Option<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_time_format(&mut out, rel, raw);
    let at = |path: &[PathSeg<'_>]| store::yaml::locate(raw, path);
    if case.id.as_str() != dir_name {
        out.push(
            Diagnostic::new(
                &ID_MISMATCH,
                rel,
                at(&[Key("id")]),
                format!("id `{}` differs from the folder name `{dir_name}`", case.id),
            )
            .hint(format!("set `id: {dir_name}`, or rename the folder")),
        );
    }
    if let Some(a) = article {
        let sha = store::sha256_hex(a.as_bytes());
        if sha != case.article_sha256 {
            out.push(Diagnostic::new(&ARTICLE_HASH, rel, at(&[Key("article_sha256")]), "article.txt does not match `article_sha256`: the article was changed after intake")
                .hint("article.txt is the article exactly as received and is never rewritten; restore it from git (`git checkout -- article.txt`), or start a new case for a new version"));
        }
    }
    if let Some(p) = &case.published {
        check_time(&mut out, ctx, rel, raw, &[Key("published")], p);
    }
    check_time(&mut out, ctx, rel, raw, &[Key("intake")], &case.intake);
    if let Some(u) = &case.url {
        check_url(&mut out, rel, raw, &[Key("url")], u);
    }
    out
}

/// Checks `factdesk.yaml`'s verdict scale for usability.
fn check_config(rel: &str, raw: &str, cfg: &WorkspaceConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &[PathSeg<'_>]| store::yaml::locate(raw, path);
    let scale = &cfg.verdict_scale.0;
    let mut seen = Vec::new();
    for (i, s) in scale.iter().enumerate() {
        if seen.contains(&s.id.as_str()) {
            out.push(Diagnostic::new(
                &BAD_SCALE,
                rel,
                at(&[Key("verdict_scale"), Index(i), Key("id")]),
                format!("status `{}` is defined twice", s.id),
            ));
        }
        seen.push(&s.id);
        if s.rating.is_some() && s.class != StatusClass::Verdict {
            out.push(Diagnostic::new(
                &BAD_SCALE,
                rel,
                at(&[Key("verdict_scale"), Index(i), Key("rating")]),
                format!(
                    "only verdicts carry a ClaimReview rating; `{}` is not a verdict",
                    s.id
                ),
            ));
        }
    }
    if !scale.iter().any(|s| s.class == StatusClass::Open) {
        out.push(
            Diagnostic::new(
                &BAD_SCALE,
                rel,
                at(&[Key("verdict_scale")]),
                "the verdict scale has no `open` status for new claims to start in",
            )
            .hint("add e.g. `{id: unchecked, label: Unchecked, class: open}`"),
        );
    }
    if cfg.format != crate::model::workspace::FORMAT_VERSION {
        out.push(
            Diagnostic::new(
                &BAD_VALUE,
                rel,
                at(&[Key("format")]),
                format!(
                    "format {} is not supported (this factdesk reads format {})",
                    cfg.format,
                    crate::model::workspace::FORMAT_VERSION
                ),
            )
            .hint("upgrade factdesk"),
        );
    }
    out
}

fn check_checklist(stem: &str, rel: &str, raw: &str, list: &Checklist) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &[PathSeg<'_>]| store::yaml::locate(raw, path);
    if list.id != stem {
        out.push(Diagnostic::new(
            &ID_MISMATCH,
            rel,
            at(&[Key("id")]),
            format!("id `{}` differs from the file name `{stem}.yaml`", list.id),
        ));
    }
    let mut seen = Vec::new();
    for (i, s) in list.steps.iter().enumerate() {
        if seen.contains(&s.id.as_str()) {
            out.push(Diagnostic::new(
                &EMPTY_CHECKLIST,
                rel,
                at(&[Key("steps"), Index(i), Key("id")]),
                format!("step `{}` is defined twice", s.id),
            ));
        }
        seen.push(&s.id);
    }
    if list.steps.is_empty() {
        out.push(Diagnostic::new(
            &EMPTY_CHECKLIST,
            rel,
            at(&[Key("steps")]),
            "checklist has no steps",
        ));
    } else if list.step("attribution").is_none() {
        out.push(Diagnostic::new(&EMPTY_CHECKLIST, rel, at(&[Key("steps")]), "checklist has no `attribution` step")
            .hint("confirming who said it is separate from confirming it is true: every checklist has a step with id `attribution`"));
    }
    out
}

/// Loads the workspace-wide context, collecting findings about
/// `factdesk.yaml` and the checklists into `out`.
pub fn load_context(ws: &Workspace, out: &mut Vec<Diagnostic>, files: &mut usize) -> Context {
    let cfg_path = ws.abs(store::CONFIG_FILE);
    let config = match read(&cfg_path, store::CONFIG_FILE, store::MAX_YAML_BYTES) {
        Ok(raw) => {
            *files += 1;
            match parse_as::<WorkspaceConfig>(store::CONFIG_FILE, &raw) {
                Ok(c) => {
                    out.extend(check_config(store::CONFIG_FILE, &raw, &c));
                    c
                }
                Err(d) => {
                    out.push(d);
                    WorkspaceConfig::default()
                }
            }
        }
        Err(d) => {
            out.push(if cfg_path.exists() {
                d
            } else {
                Diagnostic::new(
                    &MISSING_CONFIG,
                    store::CONFIG_FILE,
                    (1, 1),
                    "no factdesk.yaml at the workspace root",
                )
                .hint("run `factdesk init` in the repository root")
            });
            WorkspaceConfig::default()
        }
    };
    let mut checklists = BTreeMap::new();
    match ws.checklist_files() {
        Ok(stems) => {
            for stem in stems {
                let rel = Workspace::checklist_rel(&stem);
                *files += 1;
                let raw = match read(&ws.abs(&rel), &rel, store::MAX_YAML_BYTES) {
                    Ok(r) => r,
                    Err(d) => {
                        out.push(d);
                        continue;
                    }
                };
                match parse_as::<Checklist>(&rel, &raw) {
                    Ok(list) => {
                        out.extend(check_checklist(&stem, &rel, &raw, &list));
                        let sha = store::sha256_hex(raw.as_bytes());
                        checklists.insert(stem, (list, sha));
                    }
                    Err(d) => out.push(d),
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
    Context {
        config,
        checklists,
        now: chrono::Local::now().fixed_offset(),
    }
}

/// Checks one case folder: `case.yaml`, `article.txt` and every claim.
pub fn check_case_dir(
    ws: &Workspace,
    ctx: &Context,
    dir_name: &str,
    only: Option<&[String]>,
    report: &mut Report,
) {
    let out = &mut report.diagnostics;
    let case_dir = ws.abs(&format!("{}/{dir_name}", store::CASES_DIR));
    let case_rel = format!("{}/{dir_name}/{}", store::CASES_DIR, store::CASE_FILE);
    if let Err(e) = CaseId::new(dir_name) {
        out.push(
            Diagnostic::new(
                &BAD_ID,
                &format!("{}/{dir_name}", store::CASES_DIR),
                (1, 1),
                e.to_string(),
            )
            .hint("rename the folder to a lower-case kebab-case id"),
        );
    }
    let article_rel = format!("{}/{dir_name}/{}", store::CASES_DIR, store::ARTICLE_FILE);
    let article_path = case_dir.join(store::ARTICLE_FILE);
    let article = if article_path.exists() {
        report.files += 1;
        match read(&article_path, &article_rel, store::MAX_ARTICLE_BYTES) {
            Ok(a) => Some(a),
            Err(d) => {
                out.push(d);
                None
            }
        }
    } else {
        out.push(
            Diagnostic::new(
                &ARTICLE_MISSING,
                &article_rel,
                (1, 1),
                "the case has no article.txt",
            )
            .hint("restore it from git; a case is always checked against the article as received"),
        );
        None
    };
    let check_case_file = only.is_none_or(|o| o.iter().any(|f| f == &case_rel));
    if check_case_file {
        report.files += 1;
        match read(
            &case_dir.join(store::CASE_FILE),
            &case_rel,
            store::MAX_YAML_BYTES,
        ) {
            Ok(raw) => match parse_as::<Case>(&case_rel, &raw) {
                Ok(case) => out.extend(check_case(
                    ctx,
                    dir_name,
                    &case_rel,
                    &raw,
                    &case,
                    article.as_deref(),
                )),
                Err(d) => out.push(d),
            },
            Err(d) => out.push(d),
        }
    }
    let info = CaseInfo {
        dir_name,
        dir: case_dir.clone(),
        article: article.as_deref(),
        pending: &[],
    };
    let publish = ctx.config.require_review && review::marked_for_publication(&case_dir);
    let stems = match ws.claim_files(dir_name) {
        Ok(s) => s,
        Err(e) => {
            out.push(Diagnostic::new(&IO_ERROR, &case_rel, (1, 1), e.to_string()));
            return;
        }
    };
    let mut ids: HashMap<String, String> = HashMap::new();
    for stem in stems {
        let rel = format!(
            "{}/{dir_name}/{}/{stem}.yaml",
            store::CASES_DIR,
            store::CLAIMS_DIR
        );
        if only.is_some_and(|o| !o.iter().any(|f| f == &rel)) {
            continue;
        }
        report.files += 1;
        report.claims += 1;
        if ClaimId::new(stem.as_str()).is_err() {
            out.push(
                Diagnostic::new(
                    &BAD_ID,
                    &rel,
                    (1, 1),
                    format!("claim file name `{stem}.yaml` is not a claim id"),
                )
                .hint("claim files are named c01.yaml, c02.yaml, … after their id"),
            );
        }
        let raw = match read(
            &case_dir
                .join(store::CLAIMS_DIR)
                .join(format!("{stem}.yaml")),
            &rel,
            store::MAX_YAML_BYTES,
        ) {
            Ok(r) => r,
            Err(d) => {
                out.push(d);
                continue;
            }
        };
        match parse_as::<Claim>(&rel, &raw) {
            Ok(claim) => {
                if let Some(other) = ids.insert(claim.id.to_string(), rel.clone()) {
                    out.push(Diagnostic::new(
                        &DUPLICATE_ID,
                        &rel,
                        store::yaml::locate(&raw, &[Key("id")]),
                        format!("id `{}` is also used by {other}", claim.id),
                    ));
                }
                out.extend(check_claim(ctx, &info, &rel, &raw, &claim));
                out.extend(review::check_review(ctx, &rel, &raw, &claim, publish));
            }
            Err(d) => out.push(d),
        }
    }
}

/// Checks the whole workspace, or only what lies under `paths`
/// (workspace-relative; a case folder, a file, `cases/`, or the root).
pub fn check_workspace(ws: &Workspace, paths: &[String]) -> Report {
    let mut report = Report::default();
    let mut files = 0;
    let ctx = load_context(ws, &mut report.diagnostics, &mut files);
    report.files += files;
    let whole = paths.is_empty()
        || paths
            .iter()
            .any(|p| p.is_empty() || p == "." || p == store::CASES_DIR);
    let case_dirs = match ws.case_dirs() {
        Ok(c) => c,
        Err(e) => {
            report.diagnostics.push(Diagnostic::new(
                &IO_ERROR,
                store::CASES_DIR,
                (1, 1),
                e.to_string(),
            ));
            Vec::new()
        }
    };
    // (case folder, files to restrict to) — None means the whole case.
    let mut selected: Vec<(String, Option<Vec<String>>)> = Vec::new();
    for dir in case_dirs {
        if whole {
            selected.push((dir, None));
            continue;
        }
        let prefix = format!("{}/{dir}", store::CASES_DIR);
        let mut files = Vec::new();
        let mut all = false;
        for p in paths {
            if p == &prefix
                || p.starts_with(&format!("{prefix}/{}", store::CLAIMS_DIR))
                    && !p.ends_with(".yaml")
            {
                all = true;
            } else if p.starts_with(&format!("{prefix}/")) {
                if p.ends_with(store::ARTICLE_FILE) {
                    files.push(format!("{prefix}/{}", store::CASE_FILE));
                } else {
                    files.push(p.clone());
                }
            }
        }
        if all {
            selected.push((dir, None));
        } else if !files.is_empty() {
            selected.push((dir, Some(files)));
        }
    }
    // Cases are independent: spread them over the cores.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = selected.len().div_ceil(threads).max(1);
    let parts: Vec<Report> = std::thread::scope(|s| {
        let handles: Vec<_> = selected
            .chunks(chunk)
            .map(|part| {
                let ctx = &ctx;
                s.spawn(move || {
                    let mut r = Report::default();
                    for (dir, only) in part {
                        check_case_dir(ws, ctx, dir, only.as_deref(), &mut r);
                    }
                    r
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for p in parts {
        report.files += p.files;
        report.claims += p.claims;
        report.diagnostics.extend(p.diagnostics);
    }
    // Duplicate case ids across folders are caught as id-mismatch: each
    // case.yaml id must equal its (unique) folder name.
    report.diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Checklist, WorkspaceConfig};

    const ARTICLE: &str = "KYIV - Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina.\n";

    fn ctx() -> Context {
        let text = crate::assets::CHECKLISTS
            .iter()
            .find(|(n, _)| *n == "statistic.yaml")
            .map(|(_, t)| *t)
            .unwrap_or_default();
        let list: Checklist = store::parse(text).unwrap();
        let mut checklists = BTreeMap::new();
        checklists.insert(list.id.clone(), (list, store::sha256_hex(text.as_bytes())));
        Context {
            config: WorkspaceConfig::default(),
            checklists,
            now: chrono::Local::now().fixed_offset(),
        }
    }

    fn valid_claim(ctx: &Context) -> String {
        let (list, sha) = &ctx.checklists["statistic"];
        let text = "Rusia saat ini menguasai sekitar 17,5% wilayah Ukraina.";
        let start = ARTICLE.find(text).unwrap_or(0);
        let mut s = format!(
            "id: c01\nkind: statistic\ntext: {text}\nlocation:\n  line: 1\n  column: 8\n  start: {start}\n  end: {}\nattribution:\n  anonymous: false\n  status: not-applicable\nstatus: in-progress\nchecklist:\n  id: statistic\n  sha256: {sha}\n  steps:\n",
            start + text.len()
        );
        for st in &list.steps {
            s.push_str(&format!(
                "  - id: {}\n    state: done\n    note: |-\n      ok\n      ok\n",
                st.id
            ));
        }
        s.push_str("evidence:\n- url: https://example.org/a\n  accessed: 2023-11-05T11:01:00+07:00\n  stance: supports\n");
        s
    }

    fn info() -> CaseInfo<'static> {
        CaseInfo {
            dir_name: "x",
            dir: PathBuf::from("/nonexistent"),
            article: Some(ARTICLE),
            pending: &[],
        }
    }

    #[test]
    fn timestamps_must_be_strict_rfc3339() {
        for ok in [
            "2023-11-05T11:01:00+07:00",
            "2023-11-05T11:01:00Z",
            "2023-11-05T11:01:00.5-03:30",
        ] {
            assert!(is_strict_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2023-11-05 11:01:00+07:00",
            "2023-11-05t11:01:00Z",
            "2023-11-05T11:01:00",
            "2023-11-05T11:01:00+0700",
            "2023-11-05T11:01:00.Z",
            "",
        ] {
            assert!(!is_strict_rfc3339(bad), "{bad}");
        }
        let ctx = ctx();
        let raw = valid_claim(&ctx).replace(
            "accessed: 2023-11-05T11:01:00+07:00",
            "accessed: 2023-11-05 11:01:00+07:00",
        );
        let d = check_claim_text(&ctx, &info(), "c01.yaml", &raw);
        assert_eq!(
            d.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["bad-date"],
            "{d:?}"
        );
        assert_eq!(
            d[0].hint.as_deref(),
            Some("write it as 2023-11-05T11:01:00+07:00")
        );
    }

    #[test]
    fn valid_claim_is_clean_and_verdict_rules_apply() {
        let ctx = ctx();
        let raw = valid_claim(&ctx);
        assert_eq!(check_claim_text(&ctx, &info(), "c01.yaml", &raw), vec![]);
        let verified = raw.replace("status: in-progress", "status: verified");
        assert_eq!(
            check_claim_text(&ctx, &info(), "c01.yaml", &verified),
            vec![]
        );
        let no_evidence = verified
            .split("evidence:")
            .next()
            .unwrap_or_default()
            .to_string();
        let d = check_claim_text(&ctx, &info(), "c01.yaml", &no_evidence);
        assert_eq!(
            d.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["verdict-needs-evidence"]
        );
        assert_eq!((d[0].line, d[0].column), (12, 1));
    }

    /// Random corruption of a valid file must give diagnostics, never a panic.
    #[test]
    fn corrupted_files_never_panic() {
        let ctx = ctx();
        let raw = valid_claim(&ctx).into_bytes();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b" :-\n\t'\"[]{}&*!|>#%@`,?\x1b\xff0123456789abcz";
        for _ in 0..3000 {
            let mut bytes = raw.clone();
            for _ in 0..(next() % 4 + 1) {
                let i = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => bytes[i] = alphabet[(next() as usize) % alphabet.len()],
                    1 => {
                        bytes.remove(i);
                    }
                    _ => bytes.truncate(i),
                }
                if bytes.is_empty() {
                    break;
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let _ = check_claim_text(&ctx, &info(), "c01.yaml", &text);
        }
    }
}
