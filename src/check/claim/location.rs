//! `location-mismatch`: a claim quotes the article exactly, at the bytes
//! and line/column it records.

use crate::check::findings::Findings;
use crate::check::rules::LOCATION_MISMATCH;
use crate::check::ArticleLookup;
use crate::model::Claim;
use crate::store::{Doc, PathSeg::Key};

/// Checks `location` and `text` against the article.
pub(super) fn check(f: &mut Findings<'_>, doc: &Doc<Claim>, article: &str, lookup: &ArticleLookup) {
    let claim = &doc.value;
    let l = &claim.location;
    match article.get(l.start..l.end) {
        Some(t) if t == claim.text => {
            let expect = lookup.locate(article, l.start, l.end);
            if (expect.line, expect.column) != (l.line, l.column) {
                f.push(
                    f.diag(
                        &LOCATION_MISMATCH,
                        &[Key("location"), Key("line")],
                        format!(
                            "line/column {}:{} do not match byte offset {} (which is {}:{})",
                            l.line, l.column, l.start, expect.line, expect.column
                        ),
                    )
                    .hint(format!(
                        "set `line: {}` and `column: {}`",
                        expect.line, expect.column
                    )),
                );
            }
        }
        found => {
            let d = f.diag(
                &LOCATION_MISMATCH,
                &[Key("text")],
                format!(
                    "`text` is not what article.txt holds at bytes {}..{}",
                    l.start, l.end
                ),
            );
            // Each search reads the whole article: a case of thousands of
            // misplaced claims gets hints for the first few only.
            let occurs = if claim.text.is_empty() || !lookup.may_search() {
                None
            } else {
                article.find(claim.text.as_str())
            };
            let d = match (occurs, found) {
                (Some(s), _) if !claim.text.is_empty() => {
                    let e = s + claim.text.len();
                    let loc = lookup.locate(article, s, e);
                    d.hint(format!(
                        "the text occurs at bytes {s}..{e} (line {}, column {}): update `location`",
                        loc.line, loc.column
                    ))
                }
                (_, None) => d.hint(format!(
                    "bytes {}..{} are outside the article or split a character",
                    l.start, l.end
                )),
                _ => d.hint(
                    "the text does not occur in article.txt; claims must quote the article exactly",
                ),
            };
            f.push(d);
        }
    }
}
