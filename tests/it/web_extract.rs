//! `web::decode` and `web::extract` on the pages in tests/fixtures/web/:
//! pages written for these tests with a real site's furniture (menus,
//! breadcrumbs, share bars, related stories, comments, newsletter and
//! cookie boxes, footers), Open Graph and JSON-LD. Each page's
//! paragraphs are compared exactly with `NAME.expected.txt` (one
//! paragraph per line); its metadata is asserted here.

use factdesk::web::decode::decode_html;
use factdesk::web::extract::{article_text, extract, ExtractError, Extracted, PageMeta};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The page `name`.html, decoded as served with `content_type`, extracted.
fn page(name: &str, url: &str, content_type: Option<&str>) -> Extracted {
    let html = decode_html(&read(&format!("{name}.html")), content_type);
    let url = url::Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    extract(&html, &url).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The paragraphs equal the golden file, line for line.
fn assert_golden(name: &str, ex: &Extracted) {
    let golden =
        String::from_utf8(read(&format!("{name}.expected.txt"))).unwrap_or_else(|e| panic!("{e}"));
    let expected: Vec<&str> = golden.lines().collect();
    let got: Vec<&str> = ex.paragraphs.iter().map(String::as_str).collect();
    if got != expected {
        panic!(
            "{name}: paragraphs differ from {name}.expected.txt\n--- expected\n{}\n--- got\n{}",
            expected.join("\n"),
            got.join("\n")
        );
    }
}

const EN_URL: &str = "https://www.newswire.example/world/europe/dockworkers-halt-grain-loading-rotterdam-2026-03-02/";
const ID_URL: &str = "https://www.wartanusa.example/nasional/read/2026/03/02/153012/bmkg-gelombang-tinggi-selatan-jawa";

#[test]
fn english_wire_page() {
    let ex = page(
        "en-wire",
        "https://www.newswire.example/world/europe/dockworkers?utm_source=x",
        None,
    );
    assert_golden("en-wire", &ex);
    assert_eq!(
        ex.meta,
        PageMeta {
            title: Some("Dockworkers halt grain loading at Rotterdam as wage talks stall".into()),
            outlet: Some("Newswire".into()),
            published: Some("2026-03-02T14:05:00+01:00".into()),
            // <meta name=author> comes first; article:author is a URL and
            // is never taken for a name.
            author: Some("Marieke de Vries, Tom Ellison".into()),
            language: Some("en".into()),
            // The relative <link rel=canonical>, resolved against the page.
            canonical_url: Some(EN_URL.into()),
        }
    );
    assert_eq!(
        ex.byline.as_deref(),
        Some("By Marieke de Vries and Tom Ellison")
    );
}

#[test]
fn indonesian_page_with_json_ld_graph() {
    let ex = page("id-news", ID_URL, Some("text/html; charset=UTF-8"));
    assert_golden("id-news", &ex);
    assert_eq!(
        ex.meta,
        PageMeta {
            title: Some(
                "BMKG: Gelombang Tinggi hingga 4 Meter Berpotensi Terjadi di Perairan Selatan Jawa"
                    .into()
            ),
            outlet: Some("Warta Nusa".into()),
            // From the NewsArticle in @graph (an array), not the WebPage's
            // earlier datePublished; no article:published_time on the page.
            published: Some("2026-03-02T15:30:12+07:00".into()),
            author: Some("Rina Wulandari".into()),
            language: Some("id-ID".into()),
            canonical_url: Some(ID_URL.into()),
        }
    );
    assert_eq!(
        ex.byline.as_deref(),
        Some("Penulis: Rina Wulandari | Editor: Agus Santoso")
    );
}

#[test]
fn furniture_is_left_out() {
    let furniture = [
        ("en-wire", "We use cookies"),
        ("en-wire", "Copy link"),
        ("en-wire", "Read more: Antwerp"),
        ("en-wire", "Hamburg terminal strike"),
        ("en-wire", "Morning Bid"),
        ("en-wire", "harbourwatcher"),
        ("en-wire", "record profits on throughput"),
        ("en-wire", "All rights reserved"),
        ("en-wire", "Scroll to continue"),
        ("en-wire", "Breakingviews"),
        ("id-news", "Kami menggunakan cookie"),
        ("id-news", "Bagikan artikel ini"),
        ("id-news", "ADVERTISEMENT"),
        ("id-news", "Baca juga"),
        ("id-news", "Berita Terkait"),
        ("id-news", "Pelabuhanratu"),
        ("id-news", "Daftarkan email"),
        ("id-news", "Hak cipta"),
        ("id-news", "Terpopuler"),
        ("no-meta", "Berita Lainnya"),
        ("no-meta", "Tags:"),
        ("no-meta", "Copyright"),
    ];
    let en = page("en-wire", EN_URL, None);
    let id = page("id-news", ID_URL, None);
    let bare = page("no-meta", "http://suarapesisir.example/ekonomi/cabai", None);
    for (name, text) in furniture {
        let ex = match name {
            "en-wire" => &en,
            "id-news" => &id,
            _ => &bare,
        };
        let hit = ex.paragraphs.iter().find(|p| p.contains(text));
        assert!(hit.is_none(), "{name}: furniture {text:?} kept in {hit:?}");
    }
}

#[test]
fn windows_1252_declared_in_meta() {
    let ex = page(
        "cp1252",
        "https://costagazette.example/news/malaga-levy",
        Some("text/html"),
    );
    assert_golden("cp1252", &ex);
    assert_eq!(
        ex.meta.title.as_deref(),
        Some("Málaga café owners protest €2 tourist levy")
    );
    assert_eq!(ex.meta.author.as_deref(), Some("Lucía Peña"));
    assert_eq!(ex.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(
        ex.meta.published.as_deref(),
        Some("2026-02-27T18:20:00+01:00")
    );
    assert_eq!(ex.meta.canonical_url, None);
}

#[test]
fn charset_only_in_the_header() {
    let ct = "text/html; charset=ISO-8859-2";
    let ex = page(
        "header-charset",
        "https://balticpost.example/poland/lodz-trams",
        Some(ct),
    );
    assert_golden("header-charset", &ex);
    // No og:title: the <title> cleaned of its " | Baltic Post" suffix.
    assert_eq!(
        ex.meta.title.as_deref(),
        Some("Łódź tram drivers strike over rosters")
    );
    assert_eq!(
        ex.byline.as_deref(),
        Some("By Przemysław Żółkiewski in Łódź")
    );
    // Without the header the bytes are not UTF-8 and read as windows-1252:
    // the header is what makes them right.
    let bytes = read("header-charset.html");
    let wrong = decode_html(&bytes, Some("text/html"));
    assert!(
        !wrong.contains("Łódź") && wrong.contains("£ód"),
        "{}",
        &wrong[..200]
    );
}

#[test]
fn page_without_metadata_leaves_it_to_the_text() {
    let ex = page("no-meta", "http://suarapesisir.example/ekonomi/cabai", None);
    assert_golden("no-meta", &ex);
    assert_eq!(ex.meta.outlet, None);
    assert_eq!(ex.meta.published, None);
    assert_eq!(ex.meta.author, None);
    assert_eq!(ex.meta.language, None);
    assert_eq!(ex.meta.canonical_url, None);
    // The <h1>, as the extractor finds it.
    assert_eq!(
        ex.meta.title.as_deref(),
        Some("Harga Cabai Rawit di Makassar Tembus Rp 90.000 per Kilogram")
    );
    // The article text keeps the printed byline, so the proposer's own
    // inference finds the author, the WITA time (+08:00) and the language.
    let text = article_text(&ex);
    let meta = factdesk::propose::analyze(&text).meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Harga Cabai Rawit di Makassar Tembus Rp 90.000 per Kilogram")
    );
    assert_eq!(meta.author.as_deref(), Some("Andi Pratama"));
    assert_eq!(meta.language, "id");
    let published = meta.published.map(|p| p.to_rfc3339());
    assert_eq!(published.as_deref(), Some("2026-03-02T09:45:00+08:00"));
    assert_eq!(meta.dateline.as_deref(), Some("MAKASSAR"));
}

#[test]
fn article_text_is_what_new_reads() {
    let ex = page("en-wire", EN_URL, None);
    let text = article_text(&ex);
    let mut blocks = text.trim_end_matches('\n').split("\n\n");
    assert_eq!(
        blocks.next(),
        Some("Dockworkers halt grain loading at Rotterdam as wage talks stall")
    );
    assert_eq!(blocks.next(), Some("By Marieke de Vries and Tom Ellison"));
    let rest: Vec<&str> = blocks.collect();
    assert_eq!(
        rest,
        ex.paragraphs.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(text.ends_with("Editing by Alison Reid\n"), "{text:?}");
    let meta = factdesk::propose::analyze(&text).meta;
    assert_eq!(meta.language, "en");
    assert_eq!(meta.dateline.as_deref(), Some("ROTTERDAM"));
}

#[test]
fn a_page_without_text_is_an_error() {
    let url = url::Url::parse("https://example.com/").unwrap_or_else(|e| panic!("{e}"));
    for html in [
        "",
        "<html><body><nav><a href=/>Home</a></nav></body></html>",
        "\u{0}\u{1}<<<>>>",
    ] {
        let err = extract(html, &url).err();
        assert!(
            matches!(err, Some(ExtractError::NoArticle)),
            "{html:?}: {err:?}"
        );
    }
    assert_eq!(
        ExtractError::NoArticle.to_string(),
        "no article text found in the page"
    );
}

/// Hostile pages: 200 000 nested `<div>`s around the text (which made
/// the HTML parser quadratic before the depth bound), then 2 MB of
/// paragraphs. Both come back, on the test thread's stack. The time,
/// and the 20 MB page, are measured in `benches/web.rs`, never here.
#[test]
fn hostile_pages_are_bounded() {
    let url = url::Url::parse("https://example.com/").unwrap_or_else(|e| panic!("{e}"));
    let text = "The council said on Monday that more talks were planned for the spring. ";
    let deep = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(200_000),
        text.repeat(8),
        "</div>".repeat(200_000)
    );
    let ex = extract(&deep, &url).unwrap_or_else(|e| panic!("deep: {e}"));
    assert_eq!(ex.paragraphs, [text.repeat(8).trim_end().to_string()]);

    let para = format!("<p>{}</p>\n", text.repeat(6));
    let n = 2 * 1024 * 1024 / para.len();
    let big = format!(
        "<html><body><article><h1>Big</h1>{}</article></body></html>",
        para.repeat(n)
    );
    let ex = extract(&big, &url).unwrap_or_else(|e| panic!("big: {e}"));
    assert_eq!(ex.paragraphs.first().map(String::as_str), Some("Big"));
    assert_eq!(ex.paragraphs.len(), n + 1);
    assert!(ex.paragraphs[1..]
        .iter()
        .all(|p| p == text.repeat(6).trim_end()));
}

/// The room's wall (docs/architecture.md): `src/web/` may use `model` and
/// `text`, never the rooms above it (`git`, `ops`, `tui`, `cli`, and
/// `check`, `report`, which have nothing for it). Read from the source:
/// paths written `crate::room` and names in grouped `use crate::{…}`.
#[test]
fn web_room_uses_nothing_above_it() {
    const ABOVE: [&str; 6] = ["git", "ops", "tui", "cli", "check", "report"];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "src/web was not read: {files:?}");
    let mut bad = Vec::new();
    for file in &files {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let mut rest = code.as_str();
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let named: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                group[..end]
                    .split(',')
                    .map(|s| s.trim().split("::").next().unwrap_or(""))
                    .collect()
            } else {
                vec![rest
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or("")]
            };
            for room in named {
                if ABOVE.contains(&room) {
                    bad.push(format!("{}: crate::{room}", file.display()));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "src/web uses rooms above it:\n{}",
        bad.join("\n")
    );
}
