//! tafel: a static documentation site generator for localized docs whose facts live in data.
//!
//! The pipeline is discover → parse → resolve → render → write; see `ARCHITECTURE.md` for the
//! map of modules. [`run`] executes one command and returns what to report; only `main.rs`
//! prints.

pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod discover;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod render;
pub mod shortcode;
pub mod site;
pub mod yaml;

use std::io::Write;
use std::sync::Arc;

use cli::{Cli, Command};
use diagnostics::{Diagnostics, SourceMap};
use site::BuildStatus;

/// What a command leaves for the caller to report.
pub struct Report {
    /// Files read, for quoting source lines.
    pub sources: Arc<SourceMap>,
    /// Problems found, in report order.
    pub diagnostics: Diagnostics,
    /// Whether warnings count as errors.
    pub strict: bool,
    /// 0: success; 1: errors in the inputs; 2: usage or I/O failure.
    pub exit_code: i32,
    /// A one-line summary for the terminal, if the command has one.
    pub summary: Option<String>,
}

/// Runs one command. Regular output (such as exports) goes to `stdout`.
pub fn run(cli: &Cli, stdout: &mut dyn Write) -> Report {
    let _ = stdout;
    match &cli.command {
        Command::Build(args) => {
            let started = std::time::Instant::now();
            let options = args.build_options();
            let report = site::build(&options);
            let warnings = report.diagnostics.iter().count();
            let (exit_code, summary) = match &report.status {
                BuildStatus::Written { out, pages, files } => (
                    0,
                    Some(format!(
                        "built {pages} pages ({files} files) into {} in {:.2} s{}",
                        out.display(),
                        started.elapsed().as_secs_f64(),
                        match warnings {
                            0 => String::new(),
                            1 => ", 1 warning".to_owned(),
                            n => format!(", {n} warnings"),
                        }
                    )),
                ),
                BuildStatus::ContentErrors => (
                    1,
                    Some("build failed; the output folder was not touched".to_owned()),
                ),
                BuildStatus::Failed => (2, None),
            };
            Report {
                sources: report.sources,
                diagnostics: report.diagnostics,
                strict: args.strict,
                exit_code,
                summary,
            }
        }
    }
}
