//! Reads a saved web page and prints what `factdesk` would take from it:
//! the metadata, then the article text. For measuring the extractor on
//! pages of your own:
//!
//! `cargo run --release --example web_extract -- PAGE.html URL [CONTENT-TYPE]`
//!
//! With `WEB_EXTRACT_PARAGRAPHS=1`, prints the paragraphs one per line
//! instead (the form of tests/fixtures/web/*.expected.txt).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(url)) = (args.first(), args.get(1)) else {
        eprintln!("usage: web_extract PAGE.html URL [CONTENT-TYPE]");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("web_extract: cannot read {path}: {e}");
            return ExitCode::from(1);
        }
    };
    let url = match url::Url::parse(url) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("web_extract: not a URL: {url}: {e}");
            return ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    let html = factdesk::web::decode::decode_html(&bytes, args.get(2).map(String::as_str));
    let result = factdesk::web::extract::extract(&html, &url);
    let took = started.elapsed();
    match result {
        Ok(ex) => {
            // Page text is untrusted: shown through the project's one
            // terminal-safe filter.
            let safe = |s: &str| factdesk::text::terminal_safe(s).into_owned();
            eprintln!("{:#?}", ex.meta);
            eprintln!("byline: {:?}", ex.byline);
            eprintln!(
                "{} paragraphs, {} bytes in {:.1?}",
                ex.paragraphs.len(),
                bytes.len(),
                took
            );
            if std::env::var_os("WEB_EXTRACT_PARAGRAPHS").is_some() {
                for p in &ex.paragraphs {
                    println!("{}", safe(p));
                }
            } else {
                println!("{}", safe(&factdesk::web::extract::article_text(&ex)));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("web_extract: {e} ({:.1?})", took);
            ExitCode::from(1)
        }
    }
}
