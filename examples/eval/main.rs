//! Rerunnable evaluations of the proposer:
//!
//! ```text
//! cargo run --release --example eval -- ct24 /path/to/ct24
//! cargo run --release --example eval -- news tests/fixtures/news
//! ```
//!
//! `ct24`: CheckThat! 2024 Task 1 English check-worthiness (P, R, F1 of
//! the positive class per split, and the precision of each proposed kind);
//! its data lives outside the repository (the path is an argument), so it
//! never runs in CI.
//!
//! `match`: the labelled matching set (precision and recall at the two
//! thresholds, a threshold sweep, Matcher top-1); the integration test
//! `matching` asserts the same figures:
//!
//! ```text
//! cargo run --release --example eval -- match tests/fixtures/matching
//! ```
//!
//! `news`: the labelled news set in the repository (recall of must-check
//! claims, furniture leaks, speaker, anonymity and chain accuracy); the
//! integration test `news_eval` asserts the same figures.

mod ct24;
#[allow(dead_code)]
mod data;
#[allow(dead_code)]
mod matching;
mod news;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("ct24"), Some(dir)) => match ct24::run(std::path::Path::new(dir)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("eval: {e}");
                ExitCode::from(2)
            }
        },
        (Some("match"), _) => matching::main(args.get(1..).unwrap_or(&[])),
        (Some("news"), _) => news::main(args.get(1..).unwrap_or(&[])),
        _ => {
            eprintln!("usage: eval ct24 DIR | eval match DIR | eval news DIR");
            ExitCode::from(2)
        }
    }
}
