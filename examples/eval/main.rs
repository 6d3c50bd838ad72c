//! Rerunnable evaluations of the claim proposer.
//!
//! `cargo run --release --example eval -- news tests/fixtures/news`: the
//! labelled news set (recall of must-check claims, furniture leaks,
//! speaker, anonymity and chain accuracy).

mod news;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("news") => news::main(args.get(1..).unwrap_or(&[])),
        _ => {
            eprintln!("usage: eval news DIR");
            ExitCode::from(2)
        }
    }
}
