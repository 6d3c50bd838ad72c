//! git's `core.fsync`: which files git flushes to the disk before it calls
//! a write done. factdesk follows it for the one large file it writes
//! itself, `.git/index`, as git's rules hold for factdesk's commits as for
//! git's own: git flushes the index only when `core.fsync` names it (its
//! default flushes packs and their metadata, not the index, loose objects
//! or references). On this project's 2-core test machine the disk took
//! 80 ms to take a 33 MB index, more than the rest of a `set`.
//!
//! What the index is not flushed for: a power cut, never a killed
//! process (the page cache outlives the process). After a power cut the
//! file systems git relies on keep renames in order, and replacing a file
//! by renaming a new one over it writes the new one's data first (ext4's
//! `auto_da_alloc`, XFS, btrfs), so the index is the old one or the new
//! one; if it is the old one, the change's journal, removed only after
//! that rename, is still there, and the next command finishes the change.

/// One bit per component, as git's `enum fsync_component`.
const LOOSE_OBJECT: u16 = 1 << 0;
const PACK: u16 = 1 << 1;
const PACK_METADATA: u16 = 1 << 2;
const COMMIT_GRAPH: u16 = 1 << 3;
const INDEX: u16 = 1 << 4;
const REFERENCE: u16 = 1 << 5;

const OBJECTS: u16 = LOOSE_OBJECT | PACK;
const DERIVED_METADATA: u16 = PACK_METADATA | COMMIT_GRAPH;
const COMMITTED: u16 = OBJECTS | REFERENCE;
const ADDED: u16 = COMMITTED | INDEX;
const ALL: u16 = ADDED | DERIVED_METADATA;

/// What git flushes when `core.fsync` is not set.
const DEFAULT: u16 = (OBJECTS | DERIVED_METADATA) & !LOOSE_OBJECT;

/// The names git accepts, each with what it names (git's
/// `fsync_component_names`).
const NAMES: &[(&str, u16)] = &[
    ("loose-object", LOOSE_OBJECT),
    ("pack", PACK),
    ("pack-metadata", PACK_METADATA),
    ("commit-graph", COMMIT_GRAPH),
    ("index", INDEX),
    ("reference", REFERENCE),
    ("objects", OBJECTS),
    ("derived-metadata", DERIVED_METADATA),
    ("committed", COMMITTED),
    ("added", ADDED),
    ("all", ALL),
];

/// Whether git would flush the index it writes, by `core.fsync` in the
/// repository's configuration (unreadable configuration: yes, the safe
/// side).
pub fn index_flushed(repo: &git2::Repository) -> bool {
    let Ok(config) = repo.config().and_then(|mut c| c.snapshot()) else {
        return true;
    };
    match config.get_string("core.fsync") {
        Ok(value) => components(&value) & INDEX != 0,
        Err(e) if e.code() == git2::ErrorCode::NotFound => DEFAULT & INDEX != 0,
        Err(_) => true,
    }
}

/// The components one `core.fsync` value names, read as git reads it
/// (`parse_fsync_components`): from the default, `none` clears what came
/// before, a word with `-` is taken away and any other added, a word
/// names every component whose name it begins (`ind` is `index`), and
/// what is added stays even when also taken away. Unknown words are
/// ignored, as git ignores them after a warning.
fn components(value: &str) -> u16 {
    let (mut current, mut positive, mut negative) = (DEFAULT, 0, 0);
    for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if "none".starts_with(word) {
            current = 0;
            continue;
        }
        let (word, minus) = match word.strip_prefix('-') {
            Some(w) => (w, true),
            None => (word, false),
        };
        for (_, bits) in NAMES.iter().filter(|(name, _)| name.starts_with(word)) {
            if minus {
                negative |= bits;
            } else {
                positive |= bits;
            }
        }
    }
    (current & !negative) | positive
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_core_fsync_as_git_does() {
        let index = |v: &str| components(v) & INDEX != 0;
        // git's default, and values that leave the index out.
        assert_eq!(components(""), PACK | PACK_METADATA | COMMIT_GRAPH);
        for v in ["committed", "objects,reference", "-index", "none", "bogus"] {
            assert!(!index(v), "{v}");
        }
        // Values that name it, whole or by a prefix, or through `added`
        // or `all`; an addition outlives a removal (git's rule, so
        // `all,-index` still flushes the index).
        for v in [
            "index",
            "added",
            "all",
            "all,-index",
            " ind ",
            "-index,index",
            "none,added,-pack",
        ] {
            assert!(index(v), "{v}");
        }
        assert_eq!(components("none,index"), INDEX);
        assert_eq!(components("-pack"), COMMIT_GRAPH);
    }

    #[test]
    fn follows_the_repository_configuration() {
        let (_dir, repo) = crate::git::test_repo("Ana");
        let flushed = || index_flushed(&repo);
        assert!(!flushed(), "git's default does not flush the index");
        let mut cfg = repo.config().unwrap();
        cfg.set_str("core.fsync", "added").unwrap();
        assert!(flushed());
        cfg.set_str("core.fsync", "committed,-index").unwrap();
        assert!(!flushed());
    }
}
