//! The terminal UI: an Elm-style loop (as ratatui recommends and gitui
//! does). [`app::Model`] holds the state, [`update::update`] turns
//! messages (keys, ticks, loaded results) into changes and effects, and
//! [`view::view`] draws a frame from the model without changing it. Every
//! change to files goes through [`crate::ops`], exactly as the CLI verbs.

pub mod app;
pub mod article;
pub mod data;
pub mod error;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod review;
pub mod seen;
pub mod strings;
pub mod symbols;
pub mod update;
pub mod view;

use crate::model::{CaseId, ClaimId};
use crate::store::Workspace;
use app::Model;
pub use error::Error;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;
use ratatui::DefaultTerminal;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use update::{Effect, Message};

/// How often files are watched and drafts saved.
pub const TICK: Duration = Duration::from_millis(1000);

/// Draws one frame: `prepare` (the only mutation) then the pure view.
pub fn draw<B: ratatui::backend::Backend>(
    m: &mut Model,
    t: &mut ratatui::Terminal<B>,
) -> Result<(), Error> {
    if let Ok(size) = t.size() {
        m.size = (size.width, size.height);
    }
    m.prepare();
    t.draw(|f| view::view(m, f))
        .map_err(|e| Error::Terminal(std::io::Error::other(e.to_string())))?;
    Ok(())
}

/// Opens a model on `target` (a case, or a claim of it). With no target
/// and exactly one case in the workspace, that case opens directly.
pub fn open_model(
    ws: Workspace,
    target: Option<(CaseId, Option<ClaimId>)>,
) -> Result<Model, Error> {
    let mut m = Model::new(ws);
    let target = target.or_else(|| match m.cases.names.as_slice() {
        [one] => CaseId::new(one.as_str()).ok().map(|c| (c, None)),
        _ => None,
    });
    if let Some((case, claim)) = target {
        m.open_case(&case)?;
        if let Some(claim) = claim {
            let idx = m
                .open
                .as_ref()
                .and_then(|o| o.bundle.claims.iter().position(|c| c.id == claim))
                .ok_or(Error::NoSuchClaim { case, claim })?;
            update::open_claim(&mut m, idx);
        }
    }
    Ok(m)
}

/// Runs an effect synchronously (tests, and `LoadHistory` in the
/// runtime's background thread).
pub fn load_history(ws_root: &std::path::Path, filter: &crate::git::history::Filter) -> Message {
    Message::HistoryLoaded(crate::git::history::history(ws_root, filter).map_err(Error::from))
}

/// Fetches a page and extracts its article (the "new case" form), as the
/// message the runtime sends back; tests call it synchronously.
pub fn fetch_article(url: &str, web: &crate::model::WebConfig) -> Message {
    Message::ArticleFetched(
        crate::ops::web::fetch_article(url, web)
            .map(Box::new)
            .map_err(|e| e.to_string()),
    )
}

/// Fetches the page of an evidence item (within the web and the evidence
/// limits) and fills in its capture, as the message the runtime sends
/// back; tests call it synchronously.
pub fn capture_evidence(
    target: String,
    mut req: crate::ops::EvidenceRequest,
    config: &crate::model::WorkspaceConfig,
) -> Message {
    let url = req.url.clone().unwrap_or_default();
    let o = crate::ops::web::options(&config.web)
        .with_max_bytes(config.web.max_bytes.min(config.evidence_max_bytes));
    let result = crate::ops::web::capture(&url, &o)
        .map(|page| {
            req.capture = Some(page);
            Box::new(req)
        })
        .map_err(|e| e.to_string());
    Message::EvidenceCaptured { target, result }
}

/// The browser command for `url`: the first entry of `$BROWSER` (a
/// program and its arguments, split on spaces; entries separated by `:`),
/// else `xdg-open` (`open` on macOS), with the address as one more
/// argument. Never a shell: nothing in the address or the page is run.
pub fn browser_command(url: &str, browser: Option<&str>) -> std::process::Command {
    let spec = browser
        .and_then(|b| b.split(':').map(str::trim).find(|s| !s.is_empty()))
        .map(str::to_string);
    let mut parts: Vec<String> = spec
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    if parts.is_empty() {
        parts.push(
            if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            }
            .into(),
        );
    }
    let mut c = std::process::Command::new(&parts[0]);
    c.args(&parts[1..]).arg(url);
    c.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// Loads the case index (re-reading only changed cases), as the message
/// the runtime sends back; `progress` sees (done, total) for a cold index.
pub fn load_cases(
    ws: &Workspace,
    scale: &crate::model::VerdictScale,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Message {
    let loaded = crate::ops::case_index::load(ws, scale, progress);
    // Also here, off the UI thread: the last-change summary, which the
    // first tick after this reads (built from the whole history only the
    // first time, seconds at 100,000 commits; then brought forward).
    let _ = crate::git::last::last_case_changes(ws.root());
    Message::CasesLoaded(
        loaded
            .map(|l| {
                l.records
                    .into_iter()
                    .map(|r| (r.name.clone(), data::Summary::of_record(r)))
                    .collect()
            })
            .map_err(|e| e.to_string()),
    )
}

/// Runs the TUI until the user quits. The terminal is restored on every
/// way out: quit, error (here) and panic (ratatui's hook).
pub fn run(ws: Workspace, target: Option<(CaseId, Option<ClaimId>)>) -> Result<(), Error> {
    let mut model = open_model(ws, target)?;
    // A terminal that cannot be set up is the machine's failure (exit 3),
    // not a bug: `try_init` says so instead of panicking.
    let mut terminal = ratatui::try_init().map_err(Error::Terminal)?;
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        prev(info);
    }));
    let result = event_loop(&mut model, &mut terminal);
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = std::panic::take_hook();
    update::save_draft(&mut model);
    result
}

fn event_loop(m: &mut Model, terminal: &mut DefaultTerminal) -> Result<(), Error> {
    let (tx, rx) = mpsc::channel::<Message>();
    // The first tick runs right after the first frame: it does what was
    // left out to draw that frame fast (reading the index for conflicts).
    let mut last_tick = Instant::now()
        .checked_sub(TICK)
        .unwrap_or_else(Instant::now);
    let mut dirty = true;
    while !m.quit {
        if dirty {
            m.now = std::time::SystemTime::now();
            draw(m, terminal)?;
            dirty = false;
        }
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        let mut msgs = Vec::new();
        if event::poll(timeout.min(Duration::from_millis(100))).map_err(Error::Terminal)? {
            match event::read().map_err(Error::Terminal)? {
                Event::Key(k) => msgs.push(Message::Key(k)),
                Event::Mouse(ev) => msgs.push(Message::Mouse(ev)),
                Event::Resize(w, h) => msgs.push(Message::Resize(w, h)),
                _ => {}
            }
        }
        while let Ok(msg) = rx.try_recv() {
            msgs.push(msg);
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            msgs.push(Message::Tick);
        }
        for msg in msgs {
            let effects = update::update(m, msg);
            dirty = true;
            for e in effects {
                match e {
                    Effect::LoadHistory(filter) => {
                        let tx = tx.clone();
                        let root = m.ws.root().to_path_buf();
                        std::thread::spawn(move || {
                            let _ = tx.send(load_history(&root, &filter));
                        });
                    }
                    Effect::FindSeen {
                        case,
                        queries,
                        lang,
                        index,
                    } => {
                        let tx = tx.clone();
                        let ws = m.ws.clone();
                        let scale = m.ctx.config.verdict_scale.clone();
                        std::thread::spawn(move || {
                            let result =
                                seen::find(&ws, &scale, &case, &queries, lang.as_deref(), index);
                            let _ = tx.send(Message::SeenFound { case, result });
                        });
                    }
                    Effect::LoadCases => {
                        let tx = tx.clone();
                        let ws = m.ws.clone();
                        let scale = m.ctx.config.verdict_scale.clone();
                        std::thread::spawn(move || {
                            // At most ten progress lines a second.
                            let last = std::sync::Mutex::new(Instant::now());
                            let progress = |done: usize, total: usize| {
                                if let Ok(mut t) = last.lock() {
                                    if t.elapsed() >= Duration::from_millis(100) {
                                        *t = Instant::now();
                                        let _ = tx.send(Message::CasesProgress(done, total));
                                    }
                                }
                            };
                            let msg = load_cases(&ws, &scale, &progress);
                            let _ = tx.send(msg);
                        });
                    }
                    Effect::FetchArticle(url) => {
                        let tx = tx.clone();
                        let web = m.ctx.config.web.clone();
                        std::thread::spawn(move || {
                            let _ = tx.send(fetch_article(&url, &web));
                        });
                    }
                    Effect::CaptureEvidence { target, req } => {
                        let tx = tx.clone();
                        let config = m.ctx.config.clone();
                        std::thread::spawn(move || {
                            let _ = tx.send(capture_evidence(target, *req, &config));
                        });
                    }
                    Effect::OpenUrl(url) => {
                        let browser = std::env::var("BROWSER").ok();
                        if let Err(e) = browser_command(&url, browser.as_deref()).spawn() {
                            m.notice = Some(app::Notice {
                                text: strings::browser_failed(&e.to_string()),
                                level: app::Level::Error,
                            });
                        }
                    }
                    Effect::Editor { initial } => {
                        let _ = execute!(std::io::stdout(), DisableMouseCapture);
                        ratatui::restore();
                        let r = run_editor(m, &initial);
                        *terminal = ratatui::try_init().map_err(Error::Terminal)?;
                        let _ = execute!(std::io::stdout(), EnableMouseCapture);
                        let _ = terminal.clear();
                        update::update(m, Message::EditorDone(r));
                        dirty = true;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Edits `initial` in `$VISUAL`/`$EDITOR` (default `vi`), like git commit.
fn run_editor(m: &Model, initial: &str) -> Result<String, Error> {
    let dir = m.drafts_dir.clone().unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("NOTE-{}.md", std::process::id()));
    std::fs::write(&path, initial)?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("factdesk-editor")
        .arg(&path)
        .status()
        .map_err(|source| Error::EditorStart {
            editor: editor.clone(),
            source,
        })?;
    let text = std::fs::read_to_string(&path).map_err(Error::from);
    let _ = std::fs::remove_file(&path);
    if !status.success() {
        return Err(Error::EditorFailed { editor, status });
    }
    text
}
