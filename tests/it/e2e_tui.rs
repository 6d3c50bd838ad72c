//! Runs `tests/e2e_tui.sh` (the real binary driven in tmux). Skipped with
//! a message only when tmux is missing outside CI; in CI a missing tmux
//! fails the test.

use crate::fixture::Ws;
use std::process::Command;

#[test]
fn e2e_tui_in_tmux() {
    let has_tmux = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_tmux {
        if std::env::var_os("CI").is_some() {
            panic!("tmux is required for the TUI end-to-end test in CI (apt-get install tmux)");
        }
        eprintln!("SKIPPED e2e_tui_in_tmux: tmux is not installed (set CI=1 to make this fail)");
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e_tui.sh");
    // The script isolates git itself; the fixture keeps the environment
    // running the tests (GIT_DIR, GIT_AUTHOR_*, …) from reaching it.
    let ws = Ws::sandbox();
    let out = ws
        .command_in("bash", &ws.root)
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_factdesk"))
        .env_remove("NO_COLOR")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "e2e_tui.sh failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(stdout.contains("e2e: ok"), "{stdout}");
}
