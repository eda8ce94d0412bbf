//! The `tafel` binary: parse the command line, run, print diagnostics, exit.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

// A build allocates and frees many small strings and trees on every thread; mimalloc's
// per-thread heaps do that in less time than the system allocator (bench/run.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = tafel::cli::Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let report = tafel::run(&cli, &mut stdout);
    // A closed pipe (`tafel ports export | head`) is not a failure of tafel.
    let _ = stdout.flush();

    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut stderr = std::io::stderr().lock();
    for diagnostic in report.diagnostics.iter() {
        let text =
            tafel::diagnostics::render_terminal(diagnostic, &report.sources, report.strict, color);
        let _ = writeln!(stderr, "{text}\n");
    }
    if let Some(summary) = &report.summary {
        let _ = writeln!(stderr, "{summary}");
    }
    ExitCode::from(u8::try_from(report.exit_code).unwrap_or(2))
}
