//! CheckThat! 2024 Task 1, English: each sentence is read by the proposer
//! on its own (`factdesk::propose::read_sentence`); "Yes" is predicted when
//! it yields a proposal. Prints P, R and F1 of the positive class for each
//! split, the same for the score alone (score ≥ threshold, before the
//! proposer's gates: too short, a caveat sentence), and the precision of
//! each proposed kind.

use super::data::{load, prf};
use std::collections::BTreeMap;
use std::path::Path;

/// Evaluates every split found in `dir` (train, dev, dev-test; the test
/// split too when its gold file, `…_test.tsv` or `…_test_gold.tsv`, is there).
pub fn run(dir: &Path) -> Result<(), String> {
    println!("split     n      P      R      F1   | score only: P      R      F1");
    for split in ["train", "dev", "dev-test", "test", "test_gold"] {
        if !super::data::split_path(dir, split).exists() {
            if split.starts_with("test") {
                continue;
            }
            return Err(format!(
                "{}: missing",
                super::data::split_path(dir, split).display()
            ));
        }
        let (_, _, rows) = load(dir, split)?;
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        let (mut stp, mut sfp, mut sfn) = (0, 0, 0);
        let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for r in &rows {
            let reading = factdesk::propose::read_sentence(&r.text);
            let proposed = reading.proposal.is_some();
            match (proposed, r.yes) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
            match (reading.score >= factdesk::propose::score::THRESHOLD, r.yes) {
                (true, true) => stp += 1,
                (true, false) => sfp += 1,
                (false, true) => sfn += 1,
                _ => {}
            }
            if let Some(p) = &reading.proposal {
                let e = kinds.entry(p.kind.as_str().to_string()).or_default();
                if r.yes {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
        let (p, rc, f) = prf(tp, fp, fn_);
        let (sp, sr, sf) = prf(stp, sfp, sfn);
        println!(
            "{split:<8} {:>5}  {p:.3}  {rc:.3}  {f:.3}  |             {sp:.3}  {sr:.3}  {sf:.3}",
            rows.len()
        );
        let line: Vec<String> = kinds
            .iter()
            .map(|(k, (right, wrong))| {
                format!(
                    "{k} {:.2} ({right}/{})",
                    *right as f64 / (right + wrong).max(1) as f64,
                    right + wrong
                )
            })
            .collect();
        println!("  precision by kind: {}", line.join(", "));
    }
    Ok(())
}
