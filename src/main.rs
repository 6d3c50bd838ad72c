//! The `factdesk` binary: parse arguments, run, map errors to exit codes.

use clap::Parser;
use factdesk::cli::{self, Cli, EXIT_BUG};
use factdesk::text::one_line;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut lock = stdout.lock();
        cli::run(cli, &mut lock)
    }));
    let _ = std::io::stdout().flush();
    match result {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "error: {}", one_line(&e.message));
            for d in &e.diagnostics {
                let _ = writeln!(
                    err,
                    "  {}:{}:{}: {}[{}]: {}",
                    one_line(&d.file),
                    d.line,
                    d.column,
                    d.level.as_str(),
                    d.code,
                    one_line(&d.message)
                );
                if let Some(h) = &d.hint {
                    let _ = writeln!(err, "    hint: {}", one_line(h));
                }
            }
            if let Some(h) = &e.hint {
                let _ = writeln!(err, "hint: {}", one_line(h));
            }
            ExitCode::from(e.code)
        }
        Err(_) => {
            eprintln!("error: factdesk hit a bug (see the panic message above); nothing was committed half-way. Please report it.");
            ExitCode::from(EXIT_BUG)
        }
    }
}
