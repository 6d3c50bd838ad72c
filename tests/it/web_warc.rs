//! `web::warc`: files written by factdesk's WARC writer, read back by
//! factdesk's reader and by warcio (PyPI), the Webrecorder project's
//! reference library, which also verifies both digests of every record.
//!
//! warcio is installed by `.ci/run`. Where it is missing, the warcio test
//! fails when `CI` is set and otherwise prints a notice and passes
//! without checking (README, "Testing").

use std::net::IpAddr;
use std::path::Path;
use std::process::Command;

use chrono::TimeZone;
use factdesk::web::warc::{
    read_records, response_payload, stored_response_head, write_exchange, Exchange,
};

const REQUEST: &[u8] = b"GET /world/europe/dockworkers HTTP/1.1\r\nHost: www.newswire.example\r\n\
User-Agent: factdesk/0.1.0\r\nAccept: text/html\r\n\r\n";

fn page() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web/en-wire.html");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Two exchanges in one file, as a case that captures twice would hold:
/// the first with the file's warcinfo record. The second payload is every
/// byte value, with CRLFs and a "WARC/1.1" line inside it.
fn two_exchanges() -> (Vec<u8>, Vec<Vec<u8>>) {
    let html = page();
    let mut binary: Vec<u8> = (0..=255u8).collect();
    binary.extend_from_slice(b"\r\n\r\nWARC/1.1\r\nContent-Length: 3\r\n\r\n");
    let payloads = vec![html, binary];
    let headers = [
        vec![(
            "Content-Type".to_string(),
            "text/html; charset=utf-8".to_string(),
        )],
        vec![
            (
                "Content-Type".to_string(),
                "application/octet-stream".to_string(),
            ),
            ("Content-Encoding".to_string(), "br".to_string()),
        ],
    ];
    let mut file = Vec::new();
    for (i, payload) in payloads.iter().enumerate() {
        let head = stored_response_head(200, "OK", &headers[i], payload.len());
        let ex = Exchange {
            target_uri: if i == 0 {
                "https://www.newswire.example/world/europe/dockworkers"
            } else {
                "https://www.newswire.example/data.bin"
            },
            date: chrono::Utc
                .with_ymd_and_hms(2026, 3, 2, 13, 5, 9 + i as u32)
                .single()
                .unwrap_or_else(|| panic!("a valid date")),
            ip_address: Some(IpAddr::from([127, 0, 0, 1])),
            request_head: REQUEST,
            response_head: &head,
            payload,
        };
        write_exchange(&mut file, &ex, i == 0).unwrap_or_else(|e| panic!("{e}"));
    }
    (file, payloads)
}

#[test]
fn read_back_by_factdesk() {
    let (file, payloads) = two_exchanges();
    let records = read_records(&file).unwrap_or_else(|e| panic!("{e}"));
    let kinds: Vec<&str> = records.iter().filter_map(|r| r.kind()).collect();
    assert_eq!(
        kinds,
        ["warcinfo", "request", "response", "request", "response"]
    );
    assert!(records.iter().all(|r| r.version == "WARC/1.1"));
    assert_eq!(response_payload(&records), Some(payloads[0].as_slice()));
    assert_eq!(records[4].payload(), Some(payloads[1].as_slice()));
    assert_eq!(records[4].header("WARC-Date"), Some("2026-03-02T13:05:10Z"));
    assert_eq!(
        records[4].header("WARC-Target-URI"),
        Some("https://www.newswire.example/data.bin")
    );
    let info = records[0].header("WARC-Record-ID");
    assert!(info.is_some());
    assert_eq!(records[2].header("WARC-Warcinfo-ID"), info);
    assert_eq!(records[4].header("WARC-Warcinfo-ID"), None);
    let (head, _) = records[4].http_parts().unwrap_or_default();
    let head = String::from_utf8_lossy(head);
    assert!(
        !head.to_ascii_lowercase().contains("content-encoding"),
        "{head}"
    );
}

/// Whether warcio can be imported; when it cannot, fails under CI and
/// otherwise says why the check is skipped.
fn warcio_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import warcio"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "warcio is not installed but CI is set: .ci/run installs it (pip install warcio)"
        );
        eprintln!("NOTICE: python3 with warcio not found; the WARC files were not checked by warcio (pip install warcio==1.8.1)");
    }
    ok
}

/// `warcio check -v FILE`: exit status and output.
fn warcio_check(path: &Path) -> (bool, String) {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; from warcio.cli import main; main(sys.argv[1:])",
            "check",
            "-v",
        ])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Reads every record with warcio's ArchiveIterator; one line per record:
/// type, target URI, concurrent-to, and for responses the HTTP status and
/// the sha1 (hex) of the payload as warcio decodes it.
const READER: &str = r#"
import sys, hashlib
from warcio.archiveiterator import ArchiveIterator
with open(sys.argv[1], 'rb') as f:
    for rec in ArchiveIterator(f, check_digests='raise'):
        h = rec.rec_headers
        line = [rec.rec_type, h.get_header('WARC-Target-URI') or '-', h.get_header('WARC-Concurrent-To') or '-']
        body = rec.content_stream().read()
        if rec.rec_type == 'response':
            line += [rec.http_headers.get_statuscode(), hashlib.sha1(body).hexdigest()]
        print(' '.join(line))
"#;

#[test]
fn warcio_reads_and_verifies_digests() {
    if !warcio_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("capture.warc");
    let (file, payloads) = two_exchanges();
    std::fs::write(&path, &file).unwrap_or_else(|e| panic!("{e}"));

    let (ok, out) = warcio_check(&path);
    assert!(ok, "warcio check failed:\n{out}");
    // Both digests of both responses, the block digests of both requests.
    assert_eq!(out.matches("digest pass").count(), 4, "{out}");

    let run = Command::new("python3")
        .args(["-c", READER])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines: Vec<Vec<&str>> = stdout.lines().map(|l| l.split(' ').collect()).collect();
    let records = read_records(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lines.len(), records.len(), "{stdout}");
    for (line, rec) in lines.iter().zip(&records) {
        assert_eq!(Some(line[0]), rec.kind());
        assert_eq!(line[1], rec.header("WARC-Target-URI").unwrap_or("-"));
        assert_eq!(line[2], rec.header("WARC-Concurrent-To").unwrap_or("-"));
    }
    let sha1_hex = |b: &[u8]| {
        use sha1::Digest;
        sha1::Sha1::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    let responses: Vec<&Vec<&str>> = lines.iter().filter(|l| l[0] == "response").collect();
    assert_eq!(responses.len(), 2);
    for (line, payload) in responses.iter().zip(&payloads) {
        assert_eq!(line[3], "200");
        assert_eq!(line[4], sha1_hex(payload));
    }

    // A payload changed after writing (same length): warcio must object,
    // or the pass above proved nothing.
    let mut tampered = file.clone();
    let at = tampered
        .windows(b"Dockworkers at Europe".len())
        .position(|w| w == b"Dockworkers at Europe")
        .unwrap_or_else(|| panic!("payload text in the file"));
    tampered[at] = b'd';
    std::fs::write(&path, &tampered).unwrap_or_else(|e| panic!("{e}"));
    let (ok, out) = warcio_check(&path);
    assert!(!ok, "warcio check passed a tampered file:\n{out}");
    assert!(out.contains("digest failed"), "{out}");
}
