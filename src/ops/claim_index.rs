//! The claim index ("seen before", issue 13): every claim of every case,
//! with the [`matching::Features`] it is compared on, kept in
//! `.git/factdesk-claims-v1` so that `similar`, `search`, `new` and the TUI
//! match against 250,000 claims without parsing 250,000 YAML files.
//!
//! It is only a cache of the case files and is never needed for
//! correctness: a missing, corrupt or old file is rebuilt, and each case's
//! block carries the same stat fingerprint as the case index
//! ([`super::case_index`]: size, times and inode of `case.yaml`,
//! `article.txt`, `claims/` and every claim file). A load stats every case
//! folder (on all cores), keeps the blocks whose fingerprint still holds
//! and re-reads only the other cases, so factdesk's own commits, a
//! `git pull`, a checkout or a hand edit each cost only the cases they
//! touched. Why stats rather than git tree ids: see docs/design.md.
//!
//! The file is binary: a header (magic, format, key), then blocks, each
//! `u32` length + payload (one case: name, fingerprint, claim stems, then
//! its claims with their encoded features). Re-read cases are appended (a
//! later block for the same case wins); the file is rewritten whole when
//! dead blocks pile up, by copying the bytes of the blocks still valid. A
//! torn append leaves a short last block, which is dropped.

use super::case_index::{now_ns, stamp, stamp_one, Fnv, Progress, RACY};
use super::Result;
use crate::blocks::{
    self, put_len, put_opt, put_str, put_strs, put_u32, put_u64, seal, sealed, Reader,
};
use crate::check::{self, review::ReviewSummary};
use crate::matching::{self, Features, Hit, Level, Matcher, MatcherBuilder};
use crate::model::{Case, Claim, VerdictScale};
use crate::par::par_map;
use crate::store::{self, Workspace};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The file name in the git directory.
pub const FILE: &str = "factdesk-claims-v1";

const MAGIC: &[u8; 8] = b"FDCLAIMS";

/// Bumped when the block layout or what it means changes.
const FORMAT: u32 = 1;

/// A block kind: one case folder.
const BLOCK_CASE: u8 = 1;
/// A block kind: one imported fact-check (`factchecks/<id>.yaml`).
const BLOCK_FACTCHECK: u8 = 2;

/// One published fact-check as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactcheckEntry {
    /// File stem under `factchecks/`.
    pub id: String,
    /// The review's address.
    pub url: String,
    /// The claim it reviewed.
    pub claim_reviewed: String,
    /// Who published it ("Full Fact"), when known.
    pub publisher: Option<String>,
    /// Its rating ("False", "2/5"), when given.
    pub rating: Option<String>,
    /// Language of the review, when known.
    pub lang: Option<String>,
    /// "Full Fact: False", as `model::FactCheck::verdict_line`.
    pub verdict: String,
}

impl FactcheckEntry {
    /// What the matcher compares.
    pub fn as_text(&self) -> matching::Text<'_> {
        matching::Text {
            text: &self.claim_reviewed,
            translation: None,
            lang: self.lang.as_deref(),
            figures: &[],
        }
    }
}

/// What a match is: a claim of this workspace or an imported fact-check.
#[derive(Debug, Clone, Copy)]
pub enum Found<'a> {
    /// A claim of a case.
    Claim(&'a ClaimEntry),
    /// A published fact-check.
    Factcheck(&'a FactcheckEntry),
}

impl Found<'_> {
    /// The text matched (the claim, or the claim reviewed).
    pub fn text(&self) -> &str {
        match self {
            Found::Claim(c) => &c.text,
            Found::Factcheck(f) => &f.claim_reviewed,
        }
    }
}

/// One claim as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimEntry {
    /// Case folder name.
    pub case: String,
    /// Claim id (the file's stem, as `CASE/CLAIM` addresses it).
    pub claim: String,
    /// The claim as written.
    pub text: String,
    /// English rendering, when the desk wrote one.
    pub translation: Option<String>,
    /// Claim kind (`statistic`, `quote`, …).
    pub kind: String,
    /// Figures quoted in the claim.
    pub figures: Vec<String>,
    /// The case's language (`en`, `id`), when `case.yaml` reads.
    pub lang: Option<String>,
    /// Substance status.
    pub status: String,
    /// Review state, short (`approved`, `changes-requested`, `voided`,
    /// `waiting`, `-`).
    pub review: String,
    /// Who approved or asked for changes, for "approved by NAME".
    pub review_by: Option<String>,
    /// Set aside as a proposal: kept, never offered as a match.
    pub dismissed: bool,
}

impl ClaimEntry {
    /// What the matcher compares.
    pub fn as_text(&self) -> matching::Text<'_> {
        matching::Text {
            text: &self.text,
            translation: self.translation.as_deref(),
            lang: self.lang.as_deref(),
            figures: &self.figures,
        }
    }

    /// "verified, approved by Ana" / "in-progress": the status and, when
    /// there is a verdict, its review. Raw text: callers escape it.
    pub fn verdict_line(&self) -> String {
        let review = match self.review.as_str() {
            "-" => return self.status.clone(),
            "waiting" => "waiting for review",
            "voided" => "approval voided",
            "changes-requested" => "changes requested",
            r => r,
        };
        match &self.review_by {
            Some(by) => format!("{}, {review} by {by}", self.status),
            None => format!("{}, {review}", self.status),
        }
    }
}

/// What one load did, for progress lines, `--format json` and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Case folders whose block was taken from the file unchanged.
    pub reused: usize,
    /// Case folders read from their files.
    pub read: usize,
    /// The file was written (whole or appended to).
    pub wrote: bool,
    /// Time spent reading the file and checking its blocks.
    pub file: Duration,
    /// Time spent on the `stat` calls that validate the blocks.
    pub stat: Duration,
    /// Time spent reading cases whose block did not hold.
    pub cases: Duration,
    /// Time spent decoding the entries and their features.
    pub decode: Duration,
    /// Time spent building the in-memory matcher from the features.
    pub matcher: Duration,
}

/// Every claim of the workspace, searchable.
///
/// The claims are decoded lazily: a load keeps the blocks' bytes and
/// where each claim starts, and a claim's [`ClaimEntry`] is built the
/// first time a match, `find` or `claims` asks for it (a query looks at a
/// few hundred of 250,000).
#[derive(Debug, Default)]
pub struct ClaimIndex {
    /// The bytes the claims are read from: the index file as read, then
    /// each case block read fresh.
    bufs: Vec<Vec<u8>>,
    /// Case folder names, in order.
    cases: Vec<String>,
    /// Claims in case order, then claim order; a [`Hit::item`] below
    /// their number indexes it.
    slots: Vec<Slot>,
    /// Each slot's entry, once decoded.
    entries: Vec<OnceLock<Option<Box<ClaimEntry>>>>,
    /// Imported fact-checks, after the claims in the matcher.
    pub factchecks: Vec<FactcheckEntry>,
    matcher: Matcher,
    /// What the load did.
    pub stats: LoadStats,
}

/// Where one claim's entry is: a buffer, an offset in it (checked by a
/// walk at load), its case.
#[derive(Debug, Clone, Copy)]
struct Slot {
    buf: u32,
    at: usize,
    case: u32,
}

/// One match, best first in every list.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    /// The earlier claim or the fact-check.
    pub found: Found<'a>,
    /// Similarity, 0 to 1.
    pub score: f32,
    /// `same` or `possible`; `None` below [`matching::POSSIBLE`] (search
    /// lists those too).
    pub level: Option<Level>,
    /// Its position in the matcher.
    index: usize,
}

impl ClaimIndex {
    /// Number of claims indexed.
    pub fn claim_count(&self) -> usize {
        self.slots.len()
    }

    /// The claim at position `i` (case order, then claim order), decoded
    /// on first use.
    pub fn claim(&self, i: usize) -> Option<&ClaimEntry> {
        let slot = *self.slots.get(i)?;
        self.entries
            .get(i)?
            .get_or_init(|| {
                let b = self.bufs.get(slot.buf as usize)?;
                let case = self.cases.get(slot.case as usize)?;
                let mut r = Reader { b, at: slot.at };
                read_claim(&mut r, case).map(Box::new)
            })
            .as_deref()
    }

    /// Every claim, decoded (for tests and whole-workspace listings).
    pub fn claims(&self) -> Vec<ClaimEntry> {
        (0..self.claim_count())
            .filter_map(|i| self.claim(i).cloned())
            .collect()
    }

    /// The item behind a matcher position.
    fn item(&self, i: usize) -> Option<Found<'_>> {
        match i.checked_sub(self.slots.len()) {
            None => self.claim(i).map(Found::Claim),
            Some(j) => self.factchecks.get(j).map(Found::Factcheck),
        }
    }

    /// The entry of `case/claim`, if indexed.
    pub fn find(&self, case: &str, claim: &str) -> Option<&ClaimEntry> {
        let k = self.cases.iter().position(|c| c == case)?;
        let k = u32::try_from(k).ok()?;
        let first = self.slots.partition_point(|s| s.case < k);
        (first..self.slots.len())
            .take_while(|&i| self.slots[i].case == k)
            .filter_map(|i| self.claim(i))
            .find(|c| c.claim == claim)
    }

    /// The `n` best claims scoring at least `min` against `q`, best first,
    /// leaving out dismissed claims and those `skip` names.
    pub fn query(
        &self,
        q: &Features,
        n: usize,
        min: f32,
        skip: &dyn Fn(&ClaimEntry) -> bool,
    ) -> Vec<Match<'_>> {
        // Ask for a few more than wanted, and more again if skipped items
        // ate them (the claim itself, dismissed duplicates).
        let mut want = n.saturating_add(8);
        loop {
            let hits: Vec<Hit> = self.matcher.query(q, want, min);
            let full = hits.len() >= want;
            let out: Vec<Match<'_>> = hits
                .into_iter()
                .filter_map(|h| {
                    let found = self.item(h.item)?;
                    if let Found::Claim(c) = found {
                        if c.dismissed || skip(c) {
                            return None;
                        }
                    }
                    Some(Match {
                        found,
                        score: h.score,
                        level: matching::level(h.score),
                        index: h.item,
                    })
                })
                .take(n)
                .collect();
            if out.len() >= n || !full || want >= self.matcher.len() {
                return out;
            }
            want = want.saturating_mul(4);
        }
    }

    /// Claims like `case/claim`, best first, the claim itself left out
    /// (other claims of its case are kept: an article that repeats a
    /// claim is worth knowing about). `None` when it is not indexed.
    pub fn similar(&self, case: &str, claim: &str, n: usize) -> Option<Vec<Match<'_>>> {
        let me = self.find(case, claim)?;
        let f = matching::features(&me.as_text());
        Some(self.query(&f, n, matching::POSSIBLE, &|c| {
            c.case == case && c.claim == claim
        }))
    }

    /// Claims whose text is like `text` (in either language), best first,
    /// with a threshold below [`matching::POSSIBLE`]: a search ranks.
    ///
    /// Ranked, and scored, by how much of the search text a claim holds
    /// ([`matching::coverage`]), then by [`matching::score`]: a few words
    /// should find the long claims that hold them all. A level is given
    /// only when the search text is itself a claim (at least
    /// [`SEARCH_CLAIM_WORDS`] words); for a few words the calibrated
    /// thresholds would say nothing.
    pub fn search(&self, text: &str, n: usize) -> Vec<Match<'_>> {
        let f = matching::features(&matching::Text {
            text,
            ..matching::Text::default()
        });
        let is_claim = text.split_whitespace().count() >= SEARCH_CLAIM_WORDS;
        let wide = n.saturating_mul(8).max(400);
        let mut out: Vec<(f32, Match<'_>)> = self
            .query(&f, wide, 0.0, &|_| false)
            .into_iter()
            .filter_map(|m| {
                let item = self.matcher.features(m.index)?;
                let cover = matching::coverage(&f, &item);
                (cover >= SEARCH_MIN || m.score >= SEARCH_MIN).then_some((cover, m))
            })
            .collect();
        out.sort_by(|(ca, a), (cb, b)| cb.total_cmp(ca).then(b.score.total_cmp(&a.score)));
        out.into_iter()
            .take(n)
            .map(|(cover, mut m)| {
                if !is_claim {
                    m.level = None;
                }
                m.score = cover;
                m
            })
            .collect()
    }

    /// The best earlier claims (at least `possible`) for each of `texts`,
    /// in order, stopping after `budget` or [`MAX_MATCHED`] texts: a
    /// hostile article with thousands of proposals cannot make `new` slow.
    /// Returns the matches and how many texts were matched.
    pub fn match_many(
        &self,
        texts: &[matching::Text<'_>],
        n: usize,
        budget: Duration,
        skip: &dyn Fn(&ClaimEntry) -> bool,
    ) -> (Vec<Vec<Match<'_>>>, usize) {
        let start = Instant::now();
        let mut out = Vec::new();
        for t in texts.iter().take(MAX_MATCHED) {
            if start.elapsed() > budget {
                break;
            }
            let f = matching::features(t);
            out.push(self.query(&f, n, matching::POSSIBLE, skip));
        }
        let done = out.len();
        (out, done)
    }
}

/// The lowest score (or share of the search text) `search` lists.
pub const SEARCH_MIN: f32 = matching::POSSIBLE * 0.5;

/// Search text of at least this many words is a claim: its matches get
/// the calibrated levels.
pub const SEARCH_CLAIM_WORDS: usize = 8;

/// At most this many proposals of one article are matched.
pub const MAX_MATCHED: usize = 300;

/// The index, from the file where still valid, the other cases read (on
/// all cores) and saved back. Errors only when `cases/` cannot be listed;
/// a file that cannot be read or written is ignored (and rebuilt).
pub fn load(ws: &Workspace, scale: &VerdictScale, progress: Progress<'_>) -> Result<ClaimIndex> {
    load_with(ws, scale, RACY, progress)
}

/// [`load`] with the racy window given (tests pass zero).
pub fn load_with(
    ws: &Workspace,
    scale: &VerdictScale,
    racy: Duration,
    progress: Progress<'_>,
) -> Result<ClaimIndex> {
    let t0 = Instant::now();
    let units = units_of(ws)?;
    let key = key_of(scale);
    let path = index_path(ws);
    let bytes = path
        .as_deref()
        .and_then(|p| fs::read(p).ok())
        .unwrap_or_default();
    let old = parse_file(&bytes, key);
    let t_file = t0.elapsed();
    let t1 = Instant::now();
    let root = ws.root();
    let racy_ns = u64::try_from(racy.as_nanos()).unwrap_or(u64::MAX);
    // Which blocks still hold: a few stats per case, on all cores.
    let holds: Vec<Option<usize>> = par_map(&units, &|_| {}, &|u| {
        let &b = old.latest.get(u)?;
        let blk = &old.blocks[b];
        let (fp, newest) = stamp_unit(root, u, &blk.stems);
        (blk.fp == fp && newest.saturating_add(racy_ns) < blk.read_at).then_some(b)
    });
    let t_stat = t1.elapsed();
    let t2 = Instant::now();
    let stale: Vec<usize> = (0..units.len()).filter(|&i| holds[i].is_none()).collect();
    let todo = stale.len();
    let done = AtomicUsize::new(0);
    let tick = |k: usize| {
        let d = done.fetch_add(k, Ordering::Relaxed) + k;
        progress(d, todo);
    };
    let fresh: Vec<Vec<u8>> = par_map(&stale, &tick, &|&i| read_unit(ws, scale, &units[i]));
    let read = fresh.len();
    let t_cases = t2.elapsed();
    // Every unit's block, in order: the old file's where it holds (buffer
    // 0), else the fresh one (buffer 1 + its number).
    let mut k = 0;
    let refs: Vec<Ref> = holds
        .iter()
        .map(|h| match h {
            Some(b) => (0, old.blocks[*b].range.clone()),
            None => {
                k += 1;
                (k, 0..fresh.get(k - 1).map_or(0, Vec::len))
            }
        })
        .collect();
    let mut wrote = false;
    {
        let slice = |(buf, r): &Ref| -> &[u8] {
            let b = if *buf == 0 { &bytes } else { &fresh[*buf - 1] };
            &b[r.clone()]
        };
        if let Some(p) = &path {
            let dead = old.blocks.len() - old.latest.len() + read;
            let compact =
                !old.valid || dead > units.len() / 4 + 64 || old.latest.len() > units.len();
            if compact && (read > 0 || old.blocks.len() != units.len()) {
                let blocks: Vec<&[u8]> = refs.iter().map(slice).collect();
                wrote = blocks::write_all(p, MAGIC, FORMAT, key, &blocks).is_ok();
            } else if read > 0 {
                wrote = blocks::append(p, &fresh).is_ok();
            }
        }
    }
    let mut bufs = Vec::with_capacity(1 + fresh.len());
    bufs.push(bytes);
    bufs.extend(fresh);
    let stats = LoadStats {
        reused: units.len() - read,
        read,
        wrote,
        file: t_file,
        stat: t_stat,
        cases: t_cases,
        ..LoadStats::default()
    };
    let t3 = Instant::now();
    let scans = scan_all(&bufs, &refs);
    let decode = t3.elapsed();
    let t4 = Instant::now();
    let parts = build(&bufs, &units, &refs, &scans);
    let matcher = t4.elapsed();
    Ok(parts.into_index(
        bufs,
        LoadStats {
            decode,
            matcher,
            ..stats
        },
    ))
}

/// A block's place: buffer number and byte range in it.
type Ref = (usize, std::ops::Range<usize>);

/// Walks every block on all cores: where each claim and its features
/// start, checked as a full decode would, nothing allocated per claim.
fn scan_all(bufs: &[Vec<u8>], refs: &[Ref]) -> Vec<Option<Scan>> {
    par_map(refs, &|_| {}, &|(buf, r)| {
        scan_block(bufs.get(*buf)?.get(r.clone())?, r.start)
    })
}

/// What [`build`] makes, before it owns its buffers.
struct Parts {
    cases: Vec<String>,
    slots: Vec<Slot>,
    factchecks: Vec<FactcheckEntry>,
    matcher: Matcher,
}

impl Parts {
    fn into_index(self, bufs: Vec<Vec<u8>>, stats: LoadStats) -> ClaimIndex {
        let entries = (0..self.slots.len()).map(|_| OnceLock::new()).collect();
        ClaimIndex {
            bufs,
            cases: self.cases,
            slots: self.slots,
            entries,
            factchecks: self.factchecks,
            matcher: self.matcher,
            stats,
        }
    }
}

/// The index from the walked blocks: slots for the claims, the
/// fact-checks decoded, the matcher built from the stored features.
fn build(bufs: &[Vec<u8>], units: &[Unit], refs: &[Ref], scans: &[Option<Scan>]) -> Parts {
    let mut cases = Vec::new();
    let mut slots = Vec::new();
    let mut factchecks = Vec::new();
    let mut fc_features = Vec::new();
    let mut mb = MatcherBuilder::default();
    let none: &[u8] = &[];
    for ((u, (buf, _)), scan) in units.iter().zip(refs).zip(scans) {
        let Some(scan) = scan else { continue };
        let b = bufs.get(*buf).map_or(none, Vec::as_slice);
        match &scan.factcheck {
            Some(fc) => {
                factchecks.push(fc.clone());
                fc_features.push((b, scan.claims.first().map_or(0, |c| c.1)));
            }
            None if u.0 == BLOCK_CASE => {
                let case = u32::try_from(cases.len()).unwrap_or(u32::MAX);
                cases.push(u.1.clone());
                for &(at, feat) in &scan.claims {
                    slots.push(Slot {
                        buf: u32::try_from(*buf).unwrap_or(u32::MAX),
                        at,
                        case,
                    });
                    let _ = mb.push_encoded(b.get(feat..).unwrap_or_default());
                }
            }
            None => {}
        }
    }
    for (b, feat) in fc_features {
        let _ = mb.push_encoded(b.get(feat..).unwrap_or_default());
    }
    Parts {
        cases,
        slots,
        factchecks,
        matcher: mb.finish(),
    }
}

/// What a walk of one block found: each claim's start and its features'
/// start (offsets in the buffer), or the block's fact-check.
struct Scan {
    claims: Vec<(usize, usize)>,
    factcheck: Option<FactcheckEntry>,
}

/// Walks one block (at offset `base` of its buffer) as [`decode_block`]
/// reads it, without building the claims; `None` when it is not valid.
fn scan_block(b: &[u8], base: usize) -> Option<Scan> {
    let mut r = Reader::payload(b);
    let head = read_head(&mut r)?;
    if head.kind == BLOCK_FACTCHECK {
        let mut scan = Scan {
            claims: Vec::new(),
            factcheck: None,
        };
        if let Some(e) = read_factcheck_entry(&mut r, &head)? {
            // Its features are the block's tail.
            let feat = r.at;
            r.at += Features::encoded_len(b.get(r.at..)?)?;
            scan.claims.push((base + feat, base + feat));
            scan.factcheck = Some(e);
        }
        return (r.at == b.len()).then_some(scan);
    }
    let n = r.count()?;
    let mut claims = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.at;
        skip_claim(&mut r)?;
        let feat = r.at;
        r.at += Features::encoded_len(b.get(r.at..)?)?;
        claims.push((base + at, base + feat));
    }
    (r.at == b.len()).then_some(Scan {
        claims,
        factcheck: None,
    })
}

/// Skips one claim's fields (not its features), checking them.
fn skip_claim(r: &mut Reader<'_>) -> Option<()> {
    r.skip_str()?; // claim
    r.skip_str()?; // text
    r.skip_opt()?; // translation
    r.skip_str()?; // kind
    let k = r.count()?;
    for _ in 0..k {
        r.skip_str()?;
    }
    r.skip_opt()?; // lang
    r.skip_str()?; // status
    r.skip_str()?; // review
    r.skip_opt()?; // review_by
    (r.u8()? <= 1).then_some(())
}

/// Reads one claim's fields (not its features) of case `case`.
fn read_claim(r: &mut Reader<'_>, case: &str) -> Option<ClaimEntry> {
    let claim = r.str()?;
    let text = r.str()?;
    let translation = r.opt()?;
    let kind = r.str()?;
    let figures = r.strs()?;
    let lang = r.opt()?;
    let status = r.str()?;
    let review = r.str()?;
    let review_by = r.opt()?;
    let dismissed = match r.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    Some(ClaimEntry {
        case: case.to_string(),
        claim,
        text,
        translation,
        kind,
        figures,
        lang,
        status,
        review,
        review_by,
        dismissed,
    })
}

/// What a block covers: a case folder or a fact-check file.
type Unit = (u8, String);

/// Every case folder (valid ids) and fact-check file, in order.
fn units_of(ws: &Workspace) -> Result<Vec<Unit>> {
    let mut units: Vec<Unit> = ws
        .case_dirs()?
        .into_iter()
        .filter(|n| crate::model::CaseId::new(n.as_str()).is_ok())
        .map(|n| (BLOCK_CASE, n))
        .collect();
    // No `factchecks/` (or an unreadable one) is no fact-checks: `check`
    // reports a bad folder; matching goes on with the cases.
    let fcs = ws.factcheck_files().unwrap_or_default();
    units.extend(fcs.into_iter().map(|n| (BLOCK_FACTCHECK, n)));
    Ok(units)
}

/// The fingerprint of a unit's files and their newest time.
fn stamp_unit(root: &Path, u: &Unit, stems: &[String]) -> (u64, u64) {
    match u.0 {
        BLOCK_CASE => stamp(root, &u.1, stems),
        _ => {
            let mut h = Fnv::new();
            let mut newest = 0;
            let p = root.join(Workspace::factcheck_rel(&u.1));
            stamp_one(&mut h, &mut newest, &p);
            (h.0, newest)
        }
    }
}

/// Reads one unit into its block's bytes.
fn read_unit(ws: &Workspace, scale: &VerdictScale, u: &Unit) -> Vec<u8> {
    match u.0 {
        BLOCK_CASE => read_case(ws, scale, &u.1),
        _ => read_factcheck(ws, &u.1),
    }
}

/// Reads one fact-check file: stamps first, as [`read_case`].
fn read_factcheck(ws: &Workspace, stem: &str) -> Vec<u8> {
    let read_at = now_ns();
    let u = (BLOCK_FACTCHECK, stem.to_string());
    let (fp, _) = stamp_unit(ws.root(), &u, &[]);
    let entry = ws.load_factcheck(stem).ok().map(|d| {
        let f = d.value;
        FactcheckEntry {
            id: stem.to_string(),
            verdict: f.verdict_line(),
            url: f.url,
            claim_reviewed: f.claim_reviewed,
            publisher: f.publisher.name.or(f.publisher.url),
            rating: f.rating.label(),
            lang: f.language,
        }
    });
    encode_factcheck(stem, fp, read_at, entry.as_ref())
}

/// `.git/factdesk-claims-v1`, when the workspace is in a repository.
pub fn index_path(ws: &Workspace) -> Option<PathBuf> {
    crate::git::git_dir(ws.root()).ok().map(|d| d.join(FILE))
}

/// Every claim read from the files, ignoring the index file (what a load
/// must always agree with).
pub fn read_all(ws: &Workspace, scale: &VerdictScale) -> Result<Vec<ClaimEntry>> {
    let names: Vec<String> = ws
        .case_dirs()?
        .into_iter()
        .filter(|n| crate::model::CaseId::new(n.as_str()).is_ok())
        .collect();
    let blocks = par_map(&names, &|_| {}, &|n| read_case(ws, scale, n));
    Ok(blocks
        .iter()
        .filter_map(|b| decode_block(b))
        .flat_map(|d| d.1)
        .filter_map(|(i, _)| match i {
            Item::Claim(c) => Some(c),
            Item::Factcheck(_) => None,
        })
        .collect())
}

/// What makes a block valid besides its files: the format, the program's
/// version, the verdict scale (review states) and the features the
/// matcher computes (a probe's encoding, so a changed matcher rebuilds the
/// index even within one version).
fn key_of(scale: &VerdictScale) -> u64 {
    let mut h = Fnv::new();
    h.u64(u64::from(FORMAT));
    h.bytes(env!("CARGO_PKG_VERSION").as_bytes());
    h.bytes(serde_json::to_string(scale).unwrap_or_default().as_bytes());
    let figures = ["1.250".to_string(), "19.30".to_string()];
    let probe = matching::features(&matching::Text {
        text:
            "Menteri Luar Negeri menolak klaim pada Senin bahwa 1.250 orang tewas pukul 19.30 WIB",
        translation: Some(
            "The foreign minister on Monday denied that 1,250 people died at 7:30 pm",
        ),
        lang: Some("id"),
        figures: &figures,
    });
    let mut enc = Vec::new();
    probe.encode(&mut enc);
    h.bytes(&enc);
    h.0
}

/// Reads one case folder into its block's bytes: stamps first, so a
/// change while it reads shows as a mismatch next time.
fn read_case(ws: &Workspace, scale: &VerdictScale, name: &str) -> Vec<u8> {
    let read_at = now_ns();
    let stems = ws.claim_files(name).unwrap_or_default();
    let (fp, _) = stamp(ws.root(), name, &stems);
    let case_rel = format!("{}/{name}/{}", store::CASES_DIR, store::CASE_FILE);
    let lang = ws
        .read_text(&case_rel, store::MAX_YAML_BYTES)
        .ok()
        .and_then(|raw| check::parse_as::<Case>(&case_rel, &raw).ok())
        .map(|c| c.language);
    let mut claims = Vec::new();
    for stem in &stems {
        let rel = Workspace::claim_file_rel(name, stem);
        let Ok(raw) = ws.read_text(&rel, store::MAX_YAML_BYTES) else {
            continue;
        };
        let Ok(c) = check::parse_as::<Claim>(&rel, &raw) else {
            continue;
        };
        claims.push(entry_of(name, stem, lang.as_deref(), &c, scale));
    }
    encode_block(name, fp, read_at, &stems, &claims)
}

/// A parsed claim as the index keeps it.
fn entry_of(
    case: &str,
    stem: &str,
    lang: Option<&str>,
    c: &Claim,
    scale: &VerdictScale,
) -> ClaimEntry {
    let review = ReviewSummary::of(c, scale);
    let review_by = match &review {
        ReviewSummary::Approved { by, .. } | ReviewSummary::ChangesRequested { by, .. } => {
            Some(by.clone())
        }
        _ => None,
    };
    ClaimEntry {
        case: case.to_string(),
        claim: stem.to_string(),
        text: c.text.clone(),
        translation: c.translation.clone(),
        kind: c.kind.as_str().to_string(),
        figures: c.figures.clone(),
        lang: lang.map(str::to_string),
        status: c.status.clone(),
        review: review.short().to_string(),
        review_by,
        dismissed: c.dismissed.is_some(),
    }
}

// ---- the binary form ----

/// One case's block, length-prefixed.
fn encode_block(
    name: &str,
    fp: u64,
    read_at: u64,
    stems: &[String],
    claims: &[ClaimEntry],
) -> Vec<u8> {
    let mut b = blocks::start();
    b.push(BLOCK_CASE);
    put_str(&mut b, name);
    put_u64(&mut b, fp);
    put_u64(&mut b, read_at);
    put_strs(&mut b, stems);
    put_len(&mut b, claims.len());
    for c in claims {
        put_str(&mut b, &c.claim);
        put_str(&mut b, &c.text);
        put_opt(&mut b, c.translation.as_deref());
        put_str(&mut b, &c.kind);
        put_strs(&mut b, &c.figures);
        put_opt(&mut b, c.lang.as_deref());
        put_str(&mut b, &c.status);
        put_str(&mut b, &c.review);
        put_opt(&mut b, c.review_by.as_deref());
        b.push(u8::from(c.dismissed));
        matching::features(&c.as_text()).encode(&mut b);
    }
    seal(b)
}

/// One fact-check's block (no entry when the file does not parse: the
/// block still records its fingerprint, so it is not read again).
fn encode_factcheck(stem: &str, fp: u64, read_at: u64, e: Option<&FactcheckEntry>) -> Vec<u8> {
    let mut b = blocks::start();
    b.push(BLOCK_FACTCHECK);
    put_str(&mut b, stem);
    put_u64(&mut b, fp);
    put_u64(&mut b, read_at);
    put_u32(&mut b, 0);
    put_u32(&mut b, u32::from(e.is_some()));
    if let Some(e) = e {
        put_str(&mut b, &e.url);
        put_str(&mut b, &e.claim_reviewed);
        put_opt(&mut b, e.publisher.as_deref());
        put_opt(&mut b, e.rating.as_deref());
        put_opt(&mut b, e.lang.as_deref());
        put_str(&mut b, &e.verdict);
        matching::features(&e.as_text()).encode(&mut b);
    }
    seal(b)
}

/// One decoded entry of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Claim(ClaimEntry),
    Factcheck(FactcheckEntry),
}

/// A cursor over a block; every read checks bounds.
/// What a block says of its case folder.
struct Head {
    kind: u8,
    name: String,
    fp: u64,
    read_at: u64,
    stems: Vec<String>,
}

/// Reads a block's head (kind, name, fingerprint, stems).
fn read_head(r: &mut Reader<'_>) -> Option<Head> {
    let kind = r.u8()?;
    if kind != BLOCK_CASE && kind != BLOCK_FACTCHECK {
        return None;
    }
    let name = r.str()?;
    let fp = r.u64()?;
    let read_at = r.u64()?;
    let stems = r.strs()?;
    Some(Head {
        kind,
        name,
        fp,
        read_at,
        stems,
    })
}

/// The head of a block, without its claims (checked when used).
fn decode_head(b: &[u8]) -> Option<Head> {
    read_head(&mut Reader::payload(b))
}

/// Reads a fact-check block's entry (after its head): `Some(None)` when
/// the block holds none (its file did not read), `None` when invalid.
fn read_factcheck_entry(r: &mut Reader<'_>, head: &Head) -> Option<Option<FactcheckEntry>> {
    if r.u32()? != 1 {
        return Some(None);
    }
    Some(Some(FactcheckEntry {
        id: head.name.clone(),
        url: r.str()?,
        claim_reviewed: r.str()?,
        publisher: r.opt()?,
        rating: r.opt()?,
        lang: r.opt()?,
        verdict: r.str()?,
    }))
}

/// Decodes one length-prefixed block; `None` when it is not valid.
fn decode_block(b: &[u8]) -> Option<(Head, Vec<(Item, Features)>)> {
    let mut r = Reader::payload(b);
    let head = read_head(&mut r)?;
    if head.kind == BLOCK_FACTCHECK {
        let mut items = Vec::new();
        if let Some(e) = read_factcheck_entry(&mut r, &head)? {
            let (features, used) = Features::decode(b.get(r.at..)?)?;
            r.at += used;
            items.push((Item::Factcheck(e), features));
        }
        return (r.at == b.len()).then_some((head, items));
    }
    let n = r.count()?;
    let mut claims = Vec::with_capacity(n);
    for _ in 0..n {
        let c = read_claim(&mut r, &head.name)?;
        let (features, used) = Features::decode(b.get(r.at..)?)?;
        r.at += used;
        claims.push((Item::Claim(c), features));
    }
    (r.at == b.len()).then_some((head, claims))
}

/// A block's place in the file and what validates it.
struct OldBlock {
    range: std::ops::Range<usize>,
    fp: u64,
    read_at: u64,
    stems: Vec<String>,
}

/// The file as read: its blocks, and the newest per case name.
#[derive(Default)]
struct OldFile {
    blocks: Vec<OldBlock>,
    latest: HashMap<Unit, usize>,
    /// The header is this format's and key's and every block is whole:
    /// blocks may be appended.
    valid: bool,
}

/// Splits the file into blocks (by their lengths, then decoded on all
/// cores to check them); anything unreadable counts as absent: a bad
/// header drops the file, a bad block that case only, a block running
/// past the end (a torn append) the rest.
fn parse_file(bytes: &[u8], key: u64) -> OldFile {
    let Some((ranges, whole)) = blocks::split(bytes, MAGIC, FORMAT, key) else {
        return OldFile::default();
    };
    let heads: Vec<Option<(OldBlock, Unit)>> = par_map(&ranges, &|_| {}, &|r| {
        let b = &bytes[r.clone()];
        if !sealed(b) {
            return None;
        }
        decode_head(b).map(|h| {
            let b = OldBlock {
                range: r.clone(),
                fp: h.fp,
                read_at: h.read_at,
                stems: h.stems,
            };
            (b, (h.kind, h.name))
        })
    });
    // Appending is safe only to a file that ends where its last block
    // ends and has no bad block (else new blocks would be misread).
    let mut valid = whole;
    let mut blocks = Vec::with_capacity(heads.len());
    let mut latest = HashMap::with_capacity(heads.len());
    for h in heads {
        let Some((b, name)) = h else {
            valid = false;
            continue;
        };
        latest.insert(name, blocks.len());
        blocks.push(b);
    }
    OldFile {
        blocks,
        latest,
        valid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(claim: &str, text: &str) -> ClaimEntry {
        ClaimEntry {
            case: "2024-01-01-x".into(),
            claim: claim.into(),
            text: text.into(),
            translation: Some("an English rendering".into()),
            kind: "statistic".into(),
            figures: vec!["1.250".into()],
            lang: Some("id".into()),
            status: "verified".into(),
            review: "approved".into(),
            review_by: Some("Ana".into()),
            dismissed: false,
        }
    }

    #[test]
    fn a_block_round_trips_and_a_cut_one_is_refused() {
        let claims = vec![
            entry("c01", "Pemerintah menolak"),
            entry("c02", "Ada 1.250 orang"),
        ];
        let stems = vec!["c01".to_string(), "c02".to_string()];
        let b = encode_block("2024-01-01-x", 7, 9, &stems, &claims);
        let (h, d) = decode_block(&b).expect("a block just encoded decodes");
        assert_eq!((h.name.as_str(), h.fp, h.read_at), ("2024-01-01-x", 7, 9));
        assert_eq!(h.stems, stems);
        let back: Vec<Item> = d.into_iter().map(|(c, _)| c).collect();
        assert_eq!(
            back,
            claims.into_iter().map(Item::Claim).collect::<Vec<_>>()
        );
        assert!(decode_block(&b[..b.len() - 1]).is_none());
    }

    /// The lazy path (walk, then one claim at a time) reads what the
    /// full decode reads; a cut or flipped block is refused by the walk.
    #[test]
    fn a_walked_block_reads_as_the_decoded_one() {
        let claims = vec![entry("c01", "Pemerintah menolak"), {
            let mut e = entry("c02", "Ada 1.250 orang");
            e.translation = None;
            e.dismissed = true;
            e
        }];
        let stems = vec!["c01".to_string(), "c02".to_string()];
        let b = encode_block("2024-01-01-x", 7, 9, &stems, &claims);
        let mut buf = vec![0xAA; 5];
        buf.extend_from_slice(&b);
        let scan = scan_block(&buf[5..], 5).expect("a block just encoded walks");
        assert!(scan.factcheck.is_none());
        let (_, decoded) = decode_block(&b).expect("decodes");
        assert_eq!(scan.claims.len(), 2);
        let mut mb = MatcherBuilder::default();
        for (&(at, feat), (item, features)) in scan.claims.iter().zip(&decoded) {
            let back = read_claim(&mut Reader { b: &buf, at }, "2024-01-01-x");
            assert_eq!(back.map(Item::Claim).as_ref(), Some(item));
            let used = mb.push_encoded(&buf[feat..]).expect("features");
            assert_eq!(Features::decode(&buf[feat..]).map(|d| d.1), Some(used));
            assert_eq!(
                mb.len(),
                1 + decoded.iter().position(|d| &d.1 == features).unwrap_or(9)
            );
        }
        assert!(scan_block(&b[..b.len() - 1], 0).is_none());
        // Any single bad byte: the walk refuses exactly what the decode
        // refuses (the checksum, checked before, catches the rest).
        for i in blocks::PREFIX..b.len() {
            let mut bad = b.clone();
            bad[i] = 0xFF;
            assert_eq!(
                scan_block(&bad, 0).is_some(),
                decode_block(&bad).is_some(),
                "byte {i}"
            );
        }
    }

    #[test]
    fn a_factcheck_block_round_trips() {
        let e = FactcheckEntry {
            id: "fullfact-org-abc".into(),
            url: "https://fullfact.org/x".into(),
            claim_reviewed: "Ukraine and Russia held secret talks".into(),
            publisher: Some("Full Fact".into()),
            rating: Some("False".into()),
            lang: Some("en".into()),
            verdict: "Full Fact: False".into(),
        };
        let b = encode_factcheck(&e.id, 3, 4, Some(&e));
        let (h, d) = decode_block(&b).expect("a block just encoded decodes");
        assert_eq!((h.kind, h.fp), (BLOCK_FACTCHECK, 3));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, Item::Factcheck(e));
        let empty = encode_factcheck("bad", 3, 4, None);
        assert_eq!(decode_block(&empty).map(|d| d.1.len()), Some(0));
    }

    #[test]
    fn a_torn_append_drops_only_the_last_block() {
        let key = 42;
        let a = encode_block("a", 1, 1, &[], &[entry("c01", "x")]);
        let b = encode_block("b", 1, 1, &[], &[entry("c01", "y")]);
        let mut file = MAGIC.to_vec();
        put_u32(&mut file, FORMAT);
        put_u64(&mut file, key);
        file.extend_from_slice(&a);
        file.extend_from_slice(&b[..b.len() / 2]);
        let old = parse_file(&file, key);
        assert!(!old.valid, "not appended to: rewritten");
        assert_eq!(old.blocks.len(), 1);
        assert!(old.latest.contains_key(&(BLOCK_CASE, "a".to_string())));
        // A flipped byte inside a block: that block is dropped, not trusted.
        let mut flipped = file.clone();
        flipped[blocks::HEADER_LEN + a.len() / 2] ^= 1;
        assert_eq!(parse_file(&flipped, key).blocks.len(), 0);
        // Another key (another matcher, scale or version): nothing holds.
        assert!(!parse_file(&file, key + 1).valid);
    }

    #[test]
    fn verdict_line_names_the_reviewer() {
        let mut e = entry("c01", "x");
        assert_eq!(e.verdict_line(), "verified, approved by Ana");
        e.review = "-".into();
        e.status = "unchecked".into();
        assert_eq!(e.verdict_line(), "unchecked");
    }
}
