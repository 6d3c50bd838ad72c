//! The bytes of an HTML (or text) response to a `String`, with the
//! encoding found the way a browser finds it (WHATWG "encoding sniffing",
//! simplified): byte order mark, the `Content-Type` header's charset, a
//! `<meta charset>` or `<meta http-equiv=content-type>` in the first 1024
//! bytes, else UTF-8 when the bytes are valid UTF-8 and windows-1252 when
//! they are not (the WHATWG fallback for pages with no label).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How far into the body a `<meta>` charset is looked for (WHATWG prescan).
const PRESCAN_BYTES: usize = 1024;

/// Bytes of an HTML (or text) response to a String: charset from the BOM,
/// the Content-Type header's charset, then `<meta charset>`/`<meta
/// http-equiv>`, else UTF-8 (windows-1252 when the bytes are not UTF-8).
/// Never fails: malformed sequences become U+FFFD.
pub fn decode_html(body: &[u8], content_type: Option<&str>) -> String {
    let encoding = sniff(body, content_type);
    // decode_with_bom_removal: a BOM, when present, wins over the label
    // (as in browsers) and is not part of the text.
    let (text, _malformed) = encoding.decode_with_bom_removal(body);
    text.into_owned()
}

/// The encoding `decode_html` uses for `body`; public for callers that
/// record which charset a capture was read with.
pub fn sniff(body: &[u8], content_type: Option<&str>) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(body) {
        return enc;
    }
    if let Some(enc) = content_type.and_then(header_charset) {
        return enc;
    }
    if let Some(enc) = meta_charset(body.get(..PRESCAN_BYTES).unwrap_or(body)) {
        return enc;
    }
    if std::str::from_utf8(body).is_ok() {
        UTF_8
    } else {
        WINDOWS_1252
    }
}

/// The charset parameter of a `Content-Type` value, when it names an
/// encoding the WHATWG Encoding Standard knows.
fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        Encoding::for_label(value.as_bytes())
    })
}

/// The charset of the first `<meta charset>` or `<meta http-equiv=
/// content-type content="…charset=…">` in `head`. A UTF-16 label found
/// this way means UTF-8 (the bytes were read as ASCII to find it), and
/// x-user-defined means windows-1252, as the WHATWG prescan says.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(found) = find(&lower[at..], b"<meta") {
        let start = at + found + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        let label = attr(tag, b"charset").or_else(|| {
            let equiv = attr(tag, b"http-equiv")?;
            if equiv != b"content-type" {
                return None;
            }
            let content = attr(tag, b"content")?;
            let pos = find(content, b"charset")?;
            let rest = &content[pos + 7..];
            let rest = rest.strip_prefix(b"=").or_else(|| {
                let t = trim_ascii_start(rest);
                t.strip_prefix(b"=")
            })?;
            let rest = trim_ascii_start(rest);
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let stop = rest
                .iter()
                .position(|&b| matches!(b, b';' | b'"' | b'\'' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            Some(&rest[..stop])
        });
        if let Some(enc) = label.and_then(Encoding::for_label) {
            if enc == UTF_16BE || enc == UTF_16LE {
                return Some(UTF_8);
            }
            if enc.name() == "x-user-defined" {
                return Some(WINDOWS_1252);
            }
            return Some(enc);
        }
        at = end.min(lower.len());
        if at >= lower.len() {
            break;
        }
    }
    None
}

/// The value of attribute `name` inside a tag's attribute text (already
/// lowercased), quoted or not.
fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(p) = find(&tag[from..], name) {
        let pos = from + p;
        from = pos + name.len();
        // The name must start an attribute: preceded by a space or slash.
        let before_ok =
            pos == 0 || matches!(tag[pos - 1], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c');
        if !before_ok {
            continue;
        }
        let rest = trim_ascii_start(&tag[from..]);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_ascii_start(rest);
        let value = match rest.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let inner = &rest[1..];
                let stop = inner.iter().position(|&b| b == q).unwrap_or(inner.len());
                &inner[..stop]
            }
            _ => {
                let stop = rest
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
                    .unwrap_or(rest.len());
                &rest[..stop]
            }
        };
        return Some(trim_ascii(value));
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let b = trim_ascii_start(b);
    let n = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    &b[..b.len() - n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_header_and_meta() {
        let mut body = vec![0xEF, 0xBB, 0xBF];
        body.extend_from_slice("<meta charset=windows-1252>café".as_bytes());
        let text = decode_html(&body, Some("text/html; charset=iso-8859-1"));
        assert_eq!(text, "<meta charset=windows-1252>café");
    }

    #[test]
    fn header_charset_wins_over_meta() {
        let body = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
        let text = decode_html(body, Some("text/html; Charset=\"ISO-8859-1\""));
        assert_eq!(text, "<meta charset=\"utf-8\"><p>café</p>");
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let body = b"<html><head><META Charset='windows-1252'></head><p>\x93quoted\x94 \x80</p>";
        assert!(decode_html(body, Some("text/html")).contains("\u{201c}quoted\u{201d} \u{20ac}"));
        let body = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>Bogot\xe1</p>";
        assert!(decode_html(body, None).ends_with("Bogotá</p>"));
    }

    #[test]
    fn meta_utf16_label_means_utf8() {
        let body = "<meta charset=utf-16><p>é</p>".as_bytes();
        assert_eq!(sniff(body, None), UTF_8);
    }

    #[test]
    fn no_label_utf8_or_windows_1252() {
        assert_eq!(decode_html("Jakarta — ok".as_bytes(), None), "Jakarta — ok");
        assert_eq!(decode_html(b"caf\xe9", None), "café");
    }

    #[test]
    fn malformed_bytes_become_replacement() {
        let text = decode_html(b"ok \xff\xfe\xfd end", Some("text/html; charset=utf-8"));
        assert!(text.starts_with("ok \u{FFFD}"));
        assert!(text.ends_with(" end"));
    }

    #[test]
    fn unknown_labels_are_ignored() {
        let body = b"<meta charset=klingon><p>caf\xe9</p>";
        assert_eq!(
            decode_html(body, Some("text/html; charset=nonsense")),
            "<meta charset=klingon><p>café</p>"
        );
    }

    proptest::proptest! {
        /// Any bytes under any declared charset decode, never panic.
        #[test]
        fn any_bytes_decode(body in proptest::collection::vec(proptest::num::u8::ANY, 0..2000),
                            label in proptest::sample::select(vec!["utf-8", "windows-1252", "shift_jis", "utf-16le", "bogus", ""])) {
            let ct = format!("text/html; charset={label}");
            let text = decode_html(&body, Some(&ct));
            proptest::prop_assert!(body.is_empty() || !text.is_empty() || body.starts_with(&[0xEF, 0xBB, 0xBF]) || body.starts_with(&[0xFF, 0xFE]) || body.starts_with(&[0xFE, 0xFF]));
        }
    }
}
