//! The integration tests, in one binary (as ripgrep and cargo do): one link
//! step instead of one per file, and one shared fixture.
//!
//! `cargo test --test it` runs them all; a module path filters, e.g.
//! `cargo test --test it txn::crash` or `cargo test --test it tui::`.

mod case_index;
mod check;
mod cli;
mod e2e_tui;
mod evidence;
mod evidence_copy;
mod fixture;
mod format_doc;
mod hostile;
mod import_circles;
mod import_claimreview;
mod matching;
mod news_eval;
mod schemas;
mod seen;
mod team;
mod tui;
mod txn;
mod web;
mod web_extract;
mod web_warc;
