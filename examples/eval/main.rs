//! Rerunnable evaluations of the proposer against data outside the
//! repository (its path is an argument; nothing here runs in CI):
//!
//! ```text
//! cargo run --release --example eval -- ct24 /path/to/ct24
//! ```
//!
//! `ct24`: CheckThat! 2024 Task 1 English check-worthiness (P, R, F1 of
//! the positive class per split, and the precision of each proposed kind).

mod ct24;
#[allow(dead_code)]
mod data;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match (args.first().map(String::as_str), args.get(1)) {
        (Some("ct24"), Some(dir)) => ct24::run(std::path::Path::new(dir)),
        _ => Err("usage: eval ct24 DIR".to_string()),
    };
    if let Err(e) = result {
        eprintln!("eval: {e}");
        std::process::exit(2);
    }
}
