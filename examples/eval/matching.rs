//! The labelled matching set (`tests/fixtures/matching/`): claims in
//! `claims.yaml`, labelled pairs in `pairs.tsv` (`same`, `possible`,
//! `different`). Every pair is scored with `matching::score`; precision
//! and recall are given at both thresholds:
//!
//! - at `SAME`, a pair is a positive when labelled `same`;
//! - at `POSSIBLE` ("possibly the same claim"), also when labelled `same`;
//! - and, a harder view, at `POSSIBLE` with `same` and `possible` (the
//!   same event, another claim) as positives ("related").
//!
//! Figures are given for all pairs, for the stories tuned on, and for the
//! held-out stories (named in `claims.yaml`) apart.
//!
//! A sweep shows both curves around the thresholds, and a retrieval check
//! asks the `Matcher` (over all claims) for each claim's best other match.
//!
//! Shared by the `eval` example (`eval match DIR`) and the integration
//! test `tests/it/matching.rs`, which asserts the figures.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use factdesk::matching::{features, score, Features, Matcher, Text, POSSIBLE, SAME};
use serde::Deserialize;

/// The claims file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// Stories written after tuning, never tuned on.
    #[serde(default)]
    pub held_out: Vec<String>,
    /// Every claim of the set.
    pub claims: Vec<Claim>,
}

/// One labelled claim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Story and version (`quake-ida`).
    pub id: String,
    /// `en` or `id`.
    pub lang: String,
    /// The claim.
    pub text: String,
    /// An English rendering, when written.
    #[serde(default)]
    pub translation: Option<String>,
}

/// A pair's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The same claim.
    Same,
    /// The same event, another claim.
    Possible,
    /// Another event.
    Different,
}

/// One scored pair.
#[derive(Debug, Clone)]
pub struct Scored {
    /// First claim id.
    pub a: String,
    /// Second claim id.
    pub b: String,
    /// Its label.
    pub label: Label,
    /// `score(a, b)`.
    pub score: f32,
    /// Either claim is from a held-out story.
    pub held_out: bool,
}

/// Precision and recall at one threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pr {
    /// The threshold.
    pub at: f32,
    /// Share of pairs at or above it that are positives.
    pub precision: f64,
    /// Share of positives at or above it.
    pub recall: f64,
}

/// The figures of some pairs.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Number of pairs.
    pub pairs: usize,
    /// At `SAME`, positives = `same`.
    pub same: Pr,
    /// At `POSSIBLE`, positives = `same`.
    pub possible: Pr,
    /// At `POSSIBLE`, positives = `same` or `possible`.
    pub related: Pr,
}

/// The figures of `pairs`.
pub fn figures(pairs: &[Scored]) -> Figures {
    Figures {
        pairs: pairs.len(),
        same: pr(pairs, SAME, is_same),
        possible: pr(pairs, POSSIBLE, is_same),
        related: pr(pairs, POSSIBLE, is_related),
    }
}

/// The figures of the set.
#[derive(Debug, Clone)]
pub struct Report {
    /// Number of claims.
    pub claims: usize,
    /// Every labelled pair, scored.
    pub pairs: Vec<Scored>,
    /// All pairs.
    pub all: Figures,
    /// Pairs of the stories tuned on.
    pub tuned: Figures,
    /// Pairs touching a held-out story.
    pub held_out: Figures,
    /// Claims with a `same` partner whose best other match by
    /// `Matcher::query` is labelled `same` with them, and how many claims
    /// have a partner.
    pub top1: (usize, usize),
}

/// Precision and recall at `at`, positives chosen by `positive`.
pub fn pr(pairs: &[Scored], at: f32, positive: fn(Label) -> bool) -> Pr {
    let above = pairs.iter().filter(|p| p.score >= at).count();
    let hits = pairs
        .iter()
        .filter(|p| p.score >= at && positive(p.label))
        .count();
    let pos = pairs.iter().filter(|p| positive(p.label)).count();
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Pr {
        at,
        precision: ratio(hits, above),
        recall: ratio(hits, pos),
    }
}

/// Positives at `SAME`.
pub fn is_same(l: Label) -> bool {
    l == Label::Same
}

/// Positives at `POSSIBLE`.
pub fn is_related(l: Label) -> bool {
    l != Label::Different
}

/// Reads and scores the set in `dir`.
pub fn evaluate(dir: &Path) -> Result<Report, String> {
    let read = |name: &str| {
        let p = dir.join(name);
        std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
    };
    let claims: Claims =
        serde_yaml::from_str(&read("claims.yaml")?).map_err(|e| format!("claims.yaml: {e}"))?;
    let feats: Vec<Features> = claims
        .claims
        .iter()
        .map(|c| {
            features(&Text {
                text: &c.text,
                translation: c.translation.as_deref(),
                lang: Some(&c.lang),
                figures: &[],
            })
        })
        .collect();
    let at: HashMap<&str, usize> = claims
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut pairs = Vec::new();
    for (n, line) in read("pairs.tsv")?.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [a, b, label] = f[..] else {
            return Err(format!("pairs.tsv line {}: want a, b, label", n + 1));
        };
        let label = match label {
            "same" => Label::Same,
            "possible" => Label::Possible,
            "different" => Label::Different,
            other => return Err(format!("pairs.tsv line {}: label {other:?}", n + 1)),
        };
        let (Some(&i), Some(&j)) = (at.get(a), at.get(b)) else {
            return Err(format!("pairs.tsv line {}: unknown claim id", n + 1));
        };
        let story = |id: &str| id.split('-').next().unwrap_or(id).to_string();
        pairs.push(Scored {
            a: a.to_string(),
            b: b.to_string(),
            label,
            score: score(&feats[i], &feats[j]),
            held_out: claims.held_out.contains(&story(a)) || claims.held_out.contains(&story(b)),
        });
    }
    let matcher = Matcher::new(feats.clone());
    let same_pairs: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|p| p.label == Label::Same)
        .map(|p| (p.a.as_str(), p.b.as_str()))
        .collect();
    let mut top1 = (0, 0);
    for (i, c) in claims.claims.iter().enumerate() {
        let partners: Vec<&str> = same_pairs
            .iter()
            .filter_map(|&(a, b)| {
                if a == c.id {
                    Some(b)
                } else if b == c.id {
                    Some(a)
                } else {
                    None
                }
            })
            .collect();
        if partners.is_empty() {
            continue;
        }
        top1.1 += 1;
        let best = matcher
            .query(&feats[i], 2, 0.0)
            .into_iter()
            .find(|h| h.item != i);
        if best.is_some_and(|h| partners.contains(&claims.claims[h.item].id.as_str())) {
            top1.0 += 1;
        }
    }
    let part = |held: bool| -> Vec<Scored> {
        pairs
            .iter()
            .filter(|p| p.held_out == held)
            .cloned()
            .collect()
    };
    Ok(Report {
        claims: claims.claims.len(),
        all: figures(&pairs),
        tuned: figures(&part(false)),
        held_out: figures(&part(true)),
        pairs,
        top1,
    })
}

/// The report as text.
pub fn render(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let count = |l: Label| r.pairs.iter().filter(|p| p.label == l).count();
    let _ = writeln!(
        s,
        "{} claims, {} pairs: {} same, {} possible, {} different",
        r.claims,
        r.pairs.len(),
        count(Label::Same),
        count(Label::Possible),
        count(Label::Different)
    );
    for (name, f) in [
        ("all", &r.all),
        ("tuned on", &r.tuned),
        ("held out", &r.held_out),
    ] {
        let _ = writeln!(s, "{name} ({} pairs):", f.pairs);
        let _ = writeln!(
            s,
            "  SAME     >= {:.2}: precision {:.3}  recall {:.3}   (positives: same)",
            f.same.at, f.same.precision, f.same.recall
        );
        let _ = writeln!(
            s,
            "  POSSIBLE >= {:.2}: precision {:.3}  recall {:.3}   (positives: same)",
            f.possible.at, f.possible.precision, f.possible.recall
        );
        let _ = writeln!(
            s,
            "  POSSIBLE >= {:.2}: precision {:.3}  recall {:.3}   (positives: same + possible)",
            f.related.at, f.related.precision, f.related.recall
        );
    }
    let _ = writeln!(
        s,
        "Matcher top-1 is a same-labelled partner: {}/{}",
        r.top1.0, r.top1.1
    );
    let _ = writeln!(s, "\nsweep   same: P     R     | same+possible: P     R");
    for k in 3..=16 {
        let at = k as f32 * 0.05;
        let a = pr(&r.pairs, at, is_same);
        let b = pr(&r.pairs, at, is_related);
        let _ = writeln!(
            s,
            "  {at:.2}        {:.3} {:.3} |                {:.3} {:.3}",
            a.precision, a.recall, b.precision, b.recall
        );
    }
    let _ = writeln!(
        s,
        "\nsame pairs below SAME, different pairs at POSSIBLE or above, possible pairs at SAME:"
    );
    for p in &r.pairs {
        let wrong = match p.label {
            Label::Same => p.score < SAME,
            Label::Possible => p.score >= SAME,
            Label::Different => p.score >= POSSIBLE,
        };
        if wrong {
            let held = if p.held_out { " (held out)" } else { "" };
            let _ = writeln!(s, "  {:.3} {:?} {} ~ {}{held}", p.score, p.label, p.a, p.b);
        }
    }
    s
}

/// `eval match DIR`.
pub fn main(args: &[String]) -> ExitCode {
    let dir = args.first().map_or_else(
        || Path::new("tests/fixtures/matching").to_path_buf(),
        Into::into,
    );
    match evaluate(&dir) {
        Ok(r) => {
            print!("{}", render(&r));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("eval match: {e}");
            ExitCode::from(2)
        }
    }
}
