//! Dates as articles print them: "Minggu, 05/11/2023 11:01 WIB",
//! "November 5, 2023 11:01 AM GMT+7". Both segmentation (is this line a
//! dateline?) and metadata (when was it published?) need it, so it lives
//! apart from either.

use super::lexicon::month_number;
use crate::model::Timestamp;
use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};

/// The UTC offset of a printed time zone token, in seconds.
fn zone_offset(tok: &str) -> Option<i32> {
    const H: i32 = 3600;
    let up = tok.trim_matches(|c: char| c == '(' || c == ')' || c == '.');
    let fixed = match up.to_ascii_uppercase().as_str() {
        "WIB" => Some(7 * H),
        "WITA" => Some(8 * H),
        "WIT" => Some(9 * H),
        "UTC" | "GMT" | "Z" => Some(0),
        "EST" => Some(-5 * H),
        "EDT" => Some(-4 * H),
        "CET" => Some(H),
        "CEST" => Some(2 * H),
        "BST" => Some(H),
        "JST" => Some(9 * H),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let rest = ["GMT", "UTC", "gmt", "utc"]
        .iter()
        .find_map(|p| up.strip_prefix(p))
        .unwrap_or(up);
    numeric_offset(rest)
}

/// "+7", "+07", "+0700", "+07:00", "-5" → seconds.
fn numeric_offset(s: &str) -> Option<i32> {
    let (sign, digits) = if let Some(r) = s.strip_prefix('+') {
        (1, r)
    } else if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        (-1, r)
    } else {
        return None;
    };
    let clean: String = digits.chars().filter(|c| *c != ':').collect();
    if clean.is_empty() || clean.len() > 4 || !clean.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if clean.len() <= 2 {
        (clean.parse::<i32>().ok()?, 0)
    } else {
        let split = clean.len() - 2;
        (
            clean.get(..split)?.parse::<i32>().ok()?,
            clean.get(split..)?.parse::<i32>().ok()?,
        )
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

/// A number token with trailing punctuation removed ("5," → 5).
fn num(tok: &str, max_len: usize) -> Option<u32> {
    let t = tok.trim_end_matches([',', '.']);
    let t = t
        .strip_suffix("st")
        .or_else(|| t.strip_suffix("nd"))
        .or_else(|| t.strip_suffix("rd"))
        .or_else(|| t.strip_suffix("th"))
        .unwrap_or(t);
    if t.is_empty() || t.len() > max_len || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// "05/11/2023" (day first), "2023-11-05" → (year, month, day).
fn numeric_date(tok: &str) -> Option<(i32, u32, u32)> {
    let t = tok.trim_end_matches([',', '.']);
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| num(p, 4))
        .collect::<Option<Vec<u32>>>()?;
    let (a, b, c) = (*n.first()?, *n.get(1)?, *n.get(2)?);
    let a_len = parts.first().map_or(0, |p| p.len());
    if a_len == 4 {
        return Some((i32::try_from(a).ok()?, b, c));
    }
    let c_len = parts.get(2).map_or(0, |p| p.len());
    if c_len != 4 {
        return None;
    }
    // Day first (Indonesian and most of the world); swap only when forced.
    let (d, m) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
    Some((i32::try_from(c).ok()?, m, d))
}

/// "11:01", "11.01" → (hour, minute).
fn clock(tok: &str) -> Option<(u32, u32)> {
    let t = tok.trim_end_matches(',');
    let (h, m) = t.split_once(':').or_else(|| t.split_once('.'))?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (num(h, 2)?, num(m, 2)?);
    (h < 24 && m < 60).then_some((h, m))
}

/// Parses the first date (and time and zone, when printed) in `s`.
/// Understands "Minggu, 05/11/2023 11:01 WIB", "5 November 2023",
/// "Minggu, 5 Nov 2023 11:01 WIB", "November 5, 2023 11:01 AM GMT+7",
/// "Nov 5, 2023". Without a printed zone `default` is used, else UTC.
pub fn parse_date(s: &str, default: Option<FixedOffset>) -> Option<Timestamp> {
    let toks: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '|' || c == ',' || c == '(' || c == ')')
        .filter(|t| !t.is_empty())
        .take(64)
        .collect();
    let mut found: Option<((i32, u32, u32), usize)> = None;
    for i in 0..toks.len() {
        let t = toks.get(i).copied().unwrap_or("");
        if let Some(d) = numeric_date(t) {
            found = Some((d, i + 1));
            break;
        }
        let next = toks.get(i + 1).copied().unwrap_or("");
        let next2 = toks.get(i + 2).copied().unwrap_or("");
        if let (Some(day), Some(m)) = (num(t, 2), month_number(next)) {
            if let Some(y) = num(next2, 4).filter(|y| *y >= 1000) {
                found = Some(((y as i32, m, day), i + 3));
                break;
            }
        }
        if let (Some(m), Some(day)) = (month_number(t), num(next, 2)) {
            if let Some(y) = num(next2, 4).filter(|y| *y >= 1000) {
                found = Some(((y as i32, m, day), i + 3));
                break;
            }
        }
    }
    let ((y, m, d), after) = found?;
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let mut time = NaiveTime::from_hms_opt(0, 0, 0)?;
    let mut offset: Option<i32> = None;
    let mut pm: Option<bool> = None;
    for k in after..(after + 5).min(toks.len()) {
        let t = toks.get(k).copied().unwrap_or("");
        if let Some((h, mi)) = clock(t) {
            time = NaiveTime::from_hms_opt(h, mi, 0)?;
        } else if t.eq_ignore_ascii_case("am") || t.eq_ignore_ascii_case("a.m.") {
            pm = Some(false);
        } else if t.eq_ignore_ascii_case("pm") || t.eq_ignore_ascii_case("p.m.") {
            pm = Some(true);
        } else if let Some(o) = zone_offset(t) {
            // "GMT +7": a bare zone followed by a numeric offset.
            let extra = toks
                .get(k + 1)
                .and_then(|n| numeric_offset(n))
                .filter(|_| o == 0);
            offset = Some(extra.unwrap_or(o));
            break;
        }
    }
    if let Some(pm) = pm {
        use chrono::Timelike;
        let h = time.hour() % 12 + if pm { 12 } else { 0 };
        time = NaiveTime::from_hms_opt(h, time.minute(), 0)?;
    }
    let tz = match offset {
        Some(o) => FixedOffset::east_opt(o)?,
        None => default.or_else(|| FixedOffset::east_opt(0))?,
    };
    tz.from_local_datetime(&date.and_time(time)).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s).expect("valid test timestamp")
    }

    #[test]
    fn indonesian_byline_date() {
        let got = parse_date("Yati Maulana | Minggu, 05/11/2023 11:01 WIB", None);
        assert_eq!(got, Some(ts("2023-11-05T11:01:00+07:00")));
    }

    #[test]
    fn indonesian_zones() {
        assert_eq!(
            parse_date("05/11/2023 11:01 WITA", None),
            Some(ts("2023-11-05T11:01:00+08:00"))
        );
        assert_eq!(
            parse_date("05/11/2023 11.01 WIT", None),
            Some(ts("2023-11-05T11:01:00+09:00"))
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(
            parse_date("Minggu, 5 Nov 2023 11:01 WIB", None),
            Some(ts("2023-11-05T11:01:00+07:00"))
        );
        assert_eq!(
            parse_date("5 November 2023", FixedOffset::east_opt(7 * 3600)),
            Some(ts("2023-11-05T00:00:00+07:00"))
        );
        assert_eq!(
            parse_date("November 5, 2023 11:01 AM GMT+7", None),
            Some(ts("2023-11-05T11:01:00+07:00"))
        );
        assert_eq!(
            parse_date("November 5, 2023 1:05 PM GMT+7", None),
            Some(ts("2023-11-05T13:05:00+07:00"))
        );
        assert_eq!(
            parse_date("Nov 5, 2023", None),
            Some(ts("2023-11-05T00:00:00+00:00"))
        );
        assert_eq!(
            parse_date("Updated Nov. 5, 2023 at 11:01 UTC +07:00", None),
            Some(ts("2023-11-05T11:01:00+07:00"))
        );
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(parse_date("17,5% wilayah", None), None);
        assert_eq!(parse_date("31/02/2023", None), None);
        assert_eq!(parse_date("", None), None);
    }
}
