//! Article-level tests: the seed article, an English wire fixture, hostile
//! input.

use super::*;

/// Reads a file beside or inside the checkout; fails the test when missing.
fn read(rel: &str) -> String {
    let path = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("missing test input {path}: {e}"))
}

/// The seed article lives in the shared folder beside the checkout.
fn seed() -> String {
    read("../shared/articles/id-2023-11-05-kyiv-moscow-peace-talks.txt")
}

#[test]
fn dump_seed() {
    let a = seed();
    let an = analyze(&a);
    eprintln!("{:#?}", an.meta);
    for p in &an.proposals {
        eprintln!(
            "{:?} | {:?} | {:?} | anon={} | figs={:?} | cav={} | {}\n   {}",
            p.kind,
            p.speaker,
            p.chain,
            p.anonymous,
            p.figures,
            p.caveats.len(),
            p.reason,
            p.text
        );
    }
}
