//! The labelled news set: every `NAME.txt` in a folder with its labels in
//! `NAME.yaml` (see `tests/fixtures/news/README.md`). For each article the
//! proposer runs once; each labelled must-check claim is looked up by its
//! substring among the proposals, and its speaker, anonymity and chain
//! compared with the labels; furniture strings must appear in no
//! proposal. Figures are given for the whole set, for the articles tuned
//! on, and for the held-out ones apart.
//!
//! Shared by the `eval` example and the integration test
//! `tests/it/news_eval.rs`, which asserts the figures with fixed
//! thresholds.

use std::path::Path;
use std::process::ExitCode;

use factdesk::propose::{analyze, Proposal};
use serde::Deserialize;

/// The labels of one article.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// "en" or "id".
    pub language: String,
    /// Written last and never tuned on.
    #[serde(default)]
    pub held_out: bool,
    /// The must-check claims.
    pub claims: Vec<LabelClaim>,
    /// Strings that must appear in no proposed claim.
    #[serde(default)]
    pub furniture: Vec<String>,
}

/// One must-check claim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelClaim {
    /// A distinctive substring of the sentence.
    pub text: String,
    /// The speaker phrase expected; `None` for the article's own voice.
    pub speaker: Option<String>,
    /// The hops, outermost first.
    pub chain: Vec<String>,
    /// The speaker is unnamed.
    pub anonymous: bool,
}

/// Counts over a set of articles.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Articles.
    pub articles: usize,
    /// Labelled must-check claims.
    pub claims: usize,
    /// Of them, proposed.
    pub found: usize,
    /// Of the found, with the exact speaker.
    pub speaker: usize,
    /// Of the found, with the right anonymity.
    pub anonymous: usize,
    /// Of the found, with the exact chain.
    pub chain: usize,
    /// Furniture strings labelled.
    pub furniture: usize,
    /// Of them, found inside a proposal.
    pub leaks: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.articles += o.articles;
        self.claims += o.claims;
        self.found += o.found;
        self.speaker += o.speaker;
        self.anonymous += o.anonymous;
        self.chain += o.chain;
        self.furniture += o.furniture;
        self.leaks += o.leaks;
    }

    /// Share of labelled claims proposed.
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.claims)
    }

    /// Share of found claims with the exact speaker.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker, self.found)
    }

    /// Share of found claims with the right anonymity.
    pub fn anonymity_accuracy(&self) -> f64 {
        ratio(self.anonymous, self.found)
    }

    /// Share of found claims with the exact chain.
    pub fn chain_accuracy(&self) -> f64 {
        ratio(self.chain, self.found)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The evaluation of a folder.
#[derive(Debug, Default)]
pub struct Report {
    /// Every article.
    pub all: Tally,
    /// The articles tuned on.
    pub tuned: Tally,
    /// The held-out articles.
    pub held_out: Tally,
    /// Per language: ("en", tally), ("id", tally).
    pub by_language: Vec<(String, Tally)>,
    /// One line per mismatch, for reading.
    pub mismatches: Vec<String>,
}

/// Whitespace runs as single spaces, so a label need not follow line
/// breaks.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scores one article against its labels.
pub fn score_article(name: &str, article: &str, labels: &Labels, out: &mut Vec<String>) -> Tally {
    let proposals = analyze(article).proposals;
    let texts: Vec<String> = proposals.iter().map(|p| squash(&p.text)).collect();
    let mut t = Tally {
        articles: 1,
        claims: labels.claims.len(),
        furniture: labels.furniture.len(),
        ..Tally::default()
    };
    for c in &labels.claims {
        let needle = squash(&c.text);
        let hit: Option<&Proposal> = texts
            .iter()
            .position(|x| x.contains(&needle))
            .and_then(|i| proposals.get(i));
        let Some(p) = hit else {
            out.push(format!("{name}: MISSED {:?}", c.text));
            continue;
        };
        t.found += 1;
        if p.speaker == c.speaker {
            t.speaker += 1;
        } else {
            out.push(format!(
                "{name}: speaker {:?}, expected {:?} ({:?})",
                p.speaker, c.speaker, c.text
            ));
        }
        if p.anonymous == c.anonymous {
            t.anonymous += 1;
        } else {
            out.push(format!(
                "{name}: anonymous {}, expected {} ({:?})",
                p.anonymous, c.anonymous, c.text
            ));
        }
        if p.chain == c.chain {
            t.chain += 1;
        } else {
            out.push(format!(
                "{name}: chain {:?}, expected {:?} ({:?})",
                p.chain, c.chain, c.text
            ));
        }
    }
    for f in &labels.furniture {
        let needle = squash(f);
        if let Some(x) = texts.iter().find(|x| x.contains(&needle)) {
            t.leaks += 1;
            out.push(format!("{name}: FURNITURE {f:?} leaked into {x:?}"));
        }
    }
    t
}

/// Evaluates every labelled article of `dir`.
pub fn evaluate(dir: &Path) -> Result<Report, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no NAME.txt articles in {}", dir.display()));
    }
    let mut report = Report::default();
    for name in names {
        let stem = name.trim_end_matches(".txt");
        let article = std::fs::read_to_string(dir.join(&name))
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        let yaml = std::fs::read_to_string(dir.join(format!("{stem}.yaml")))
            .map_err(|e| format!("{name} has no labels ({stem}.yaml): {e}"))?;
        let labels: Labels =
            factdesk::store::yaml::from_str(&yaml).map_err(|e| format!("{stem}.yaml: {e}"))?;
        let t = score_article(stem, &article, &labels, &mut report.mismatches);
        report.all.add(&t);
        if labels.held_out {
            report.held_out.add(&t);
        } else {
            report.tuned.add(&t);
        }
        match report
            .by_language
            .iter_mut()
            .find(|(l, _)| *l == labels.language)
        {
            Some((_, lt)) => lt.add(&t),
            None => report.by_language.push((labels.language.clone(), t)),
        }
    }
    report.by_language.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(report)
}

/// One line of figures.
pub fn line(label: &str, t: &Tally) -> String {
    format!(
        "{label:<9} articles {:>2}  recall {:.3} ({}/{})  furniture leaks {}/{}  speaker {:.3} ({}/{})  anonymity {:.3} ({}/{})  chain {:.3} ({}/{})",
        t.articles,
        t.recall(),
        t.found,
        t.claims,
        t.leaks,
        t.furniture,
        t.speaker_accuracy(),
        t.speaker,
        t.found,
        t.anonymity_accuracy(),
        t.anonymous,
        t.found,
        t.chain_accuracy(),
        t.chain,
        t.found,
    )
}

/// The printed report: figures, then the mismatches.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    s.push_str(&line("all", &r.all));
    s.push('\n');
    s.push_str(&line("tuned", &r.tuned));
    s.push('\n');
    s.push_str(&line("held-out", &r.held_out));
    s.push('\n');
    for (l, t) in &r.by_language {
        s.push_str(&line(l, t));
        s.push('\n');
    }
    s.push_str("(speaker, anonymity and chain are over the claims found)\n");
    for m in &r.mismatches {
        s.push_str("  ");
        s.push_str(m);
        s.push('\n');
    }
    s
}

/// `eval news DIR`.
pub fn main(args: &[String]) -> ExitCode {
    let Some(dir) = args.first() else {
        eprintln!("usage: eval news DIR (e.g. tests/fixtures/news)");
        return ExitCode::from(2);
    };
    match evaluate(Path::new(dir)) {
        Ok(r) => {
            print!("{}", render(&r));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("eval news: {e}");
            ExitCode::FAILURE
        }
    }
}
