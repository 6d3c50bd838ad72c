//! factdesk: claims, checklists and verdicts for newsroom fact-checking,
//! stored as YAML in git.
//!
//! Modules are rooms with inward-pointing doors: `model` uses nothing,
//! `store` is the only user of the YAML parser, `git` the only user of git2,
//! `propose` and `matching` are pure text processing, `web` reads web pages and WARC
//! records (its pure half: no network IO), and `ops` composes them into
//! the mutations that the CLI and the TUI share.

pub mod assets;
mod blocks;
pub mod check;
pub mod cli;
pub mod diff;
pub mod git;
pub mod import;
pub mod matching;
pub mod model;
pub mod ops;
pub mod par;
pub mod propose;
pub mod report;
pub mod store;
pub mod text;
pub mod tui;
pub mod web;
