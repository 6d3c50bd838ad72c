//! Loading the CheckThat! 2024 Task 1 English splits (shared by the
//! `train` and `eval` examples).

use std::path::{Path, PathBuf};

/// One labelled sentence.
#[derive(Clone)]
pub struct Row {
    /// `Sentence_id`.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// Labelled `Yes` (check-worthy).
    pub yes: bool,
}

/// The file of split `name` ("train", "dev", "dev-test") in `dir`.
pub fn split_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("CT24_checkworthy_english_{name}.tsv"))
}

/// Parses one split: a header line, then `id<TAB>text<TAB>label` lines.
/// A line holding two records run together (`…<TAB>No29286<TAB>…`, see
/// the data's README) is split in two.
pub fn parse(tsv: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut fields: Vec<String> = Vec::new();
        for f in line.split('\t') {
            // "No29286": a label glued to the next record's id.
            let glued = ["Yes", "No"].iter().find_map(|l| {
                f.strip_prefix(l)
                    .filter(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
                    .map(|rest| (l.to_string(), rest.to_string()))
            });
            match glued {
                Some((label, id)) => {
                    fields.push(label);
                    fields.push(id);
                }
                None => fields.push(f.to_string()),
            }
        }
        if !fields.len().is_multiple_of(3) {
            return Err(format!("line {}: {} fields", n + 1, fields.len()));
        }
        for r in fields.chunks(3) {
            let yes = match r[2].trim() {
                "Yes" => true,
                "No" => false,
                other => return Err(format!("line {}: label {other:?}", n + 1)),
            };
            rows.push(Row {
                id: r[0].clone(),
                text: r[1].clone(),
                yes,
            });
        }
    }
    Ok(rows)
}

/// Reads and parses split `name` of `dir`.
pub fn load(dir: &Path, name: &str) -> Result<(PathBuf, Vec<u8>, Vec<Row>), String> {
    let path = split_path(dir, name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = parse(text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((path, bytes, rows))
}

/// Precision, recall and F1 of the positive class.
pub fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}
