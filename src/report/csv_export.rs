//! CSV for spreadsheets: RFC 4180 with CRLF line ends, written by the `csv`
//! crate, with spreadsheet formula injection defused. A cell is quoted when
//! it holds a comma, a quote or a line break; spaces at either end are part
//! of the cell for every RFC 4180 reader and need no quotes.

use super::{review_text, Input};
use crate::model::Claim;
use std::borrow::Cow;

/// The columns, in order.
const HEADER: [&str; 20] = [
    "case",
    "claim",
    "kind",
    "text",
    "speaker",
    "chain",
    "anonymous",
    "attribution_status",
    "status",
    "verdict",
    "review",
    "evidence",
    "evidence_urls",
    "archive_urls",
    "assignee",
    "dismissed",
    "notes",
    "line",
    "translation",
    "evidence_items",
];

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
/// CR first) gets a leading `'`, which shows it as the text it is (OWASP's
/// advice on CSV injection). Every cell goes through here, header included.
fn defuse(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Records as CSV text: quoted where RFC 4180 needs it (a comma, a quote or
/// a line break), CRLF after each record.
fn write<'a, R>(records: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = &'a str>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for r in records {
        let cells: Vec<Cow<'_, str>> = r.into_iter().map(defuse).collect();
        // Writing to a Vec cannot fail, and `flexible` allows any number
        // of fields, so this error is unreachable.
        w.write_record(cells.iter().map(|c| c.as_bytes()))
            .expect("CSV into memory cannot fail");
    }
    // Flushing into a Vec cannot fail either.
    let bytes = w.into_inner().expect("CSV into memory cannot fail");
    // Only whole `str`s and ASCII punctuation were written.
    String::from_utf8_lossy(&bytes).into_owned()
}

/// One CSV cell exactly as it stands in a row of the export (defused,
/// quoted when needed).
pub fn csv_cell(s: &str) -> String {
    // Written with an empty cell after it, so that an empty `s` is not
    // taken for an empty record (which the csv crate writes as `""`).
    let mut cell = write([[s, ""]]);
    cell.truncate(cell.len().saturating_sub(",\r\n".len()));
    cell
}

/// CSV (RFC 4180, CRLF line ends) of every claim, dismissed ones included.
pub fn csv(input: &Input<'_>) -> String {
    let rows: Vec<[String; 20]> = input.claims.iter().map(|c| row(input, c)).collect();
    write(
        std::iter::once(HEADER.to_vec())
            .chain(rows.iter().map(|r| r.iter().map(String::as_str).collect())),
    )
}

fn row(input: &Input<'_>, c: &Claim) -> [String; 20] {
    [
        input.case.id.to_string(),
        c.id.to_string(),
        c.kind.to_string(),
        c.text.clone(),
        c.attribution.speaker.clone().unwrap_or_default(),
        c.attribution.chain.join(" <- "),
        c.attribution.anonymous.to_string(),
        c.attribution.status.as_str().to_string(),
        c.status.clone(),
        input.label(c),
        review_text(c, input),
        // Withdrawn items are listed in `evidence_items`, not counted.
        c.evidence
            .iter()
            .filter(|e| !e.is_withdrawn())
            .count()
            .to_string(),
        c.evidence
            .iter()
            .map(|e| e.url.as_str())
            .filter(|u| !u.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        c.evidence
            .iter()
            .filter_map(|e| e.archive_url.as_deref())
            .collect::<Vec<_>>()
            .join(" "),
        c.assignee.clone().unwrap_or_default(),
        c.dismissed
            .as_ref()
            .map(|d| d.reason.clone())
            .unwrap_or_default(),
        c.notes.clone(),
        c.location.line.to_string(),
        c.translation.clone().unwrap_or_default(),
        c.evidence
            .iter()
            .map(|e| {
                let mut s = format!("{} {}: {}", e.kind_or_guess(), e.stance, e.label());
                if let Some(w) = &e.withdrawn {
                    s.push_str(&format!(" [withdrawn by {}: {}]", w.by, w.note));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; "),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn tab_and_cr_first_are_defused_too() {
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("a=b"), "a=b", "only the first character counts");
        assert_eq!(csv_cell(""), "");
    }
}
