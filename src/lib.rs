//! tafel: a static documentation site generator for localized docs whose facts live in data.
//!
//! The pipeline is discover → parse → resolve → render → write; see `ARCHITECTURE.md` for the
//! map of modules. [`run`] executes one command and returns what to report; only `main.rs`
//! prints.
//!
//! The public modules are what the binary and the integration tests use: the command line, the
//! diagnostics, and the pipeline with the model it resolves and the units it renders.

// Tests build their fixtures on disk and may print notices.
#![cfg_attr(
    test,
    allow(clippy::disallowed_methods, clippy::print_stderr, clippy::print_stdout)
)]

pub mod cli;
mod cmd;
pub mod config;
mod content;
mod data;
mod date;
pub mod diagnostics;
mod diagram;
mod discover;
mod export;
mod html;
mod i18n;
mod markdown;
mod migrate;
pub mod model;
mod output;
pub mod pipeline;
pub mod render;
mod report;
pub mod resolve;
mod search;
mod serve;
mod shortcode;
mod theme;
mod url;
mod verify;
mod yaml;

use std::io::Write;
use std::sync::Arc;

use cli::{Cli, Command, I18nCommand, MigrateCommand, PortsCommand};
use diagnostics::{Diagnostics, SourceMap};

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

impl From<pipeline::Failed> for Report {
    /// A site that could not be loaded: exit code 2 when the folder is not a site at all,
    /// 1 for errors in its files.
    fn from(failed: pipeline::Failed) -> Report {
        Report {
            sources: failed.sources,
            exit_code: if failed.not_a_site { 2 } else { 1 },
            diagnostics: failed.diagnostics,
            strict: false,
            summary: None,
        }
    }
}

/// Runs one command. Regular output (such as reports and exports) goes to `stdout`.
pub fn run(cli: &Cli, stdout: &mut dyn Write) -> Report {
    match &cli.command {
        Command::Build(args) => cmd::build::execute(args),
        Command::Check(args) => cmd::check::execute(args, stdout),
        Command::Serve(args) => cmd::serve::execute(args, stdout),
        Command::I18n(I18nCommand::Status(args)) => cmd::i18n::status(args, stdout),
        Command::I18n(I18nCommand::MarkTranslated(args)) => cmd::i18n::mark_translated(args),
        Command::Ports(PortsCommand::Export(args)) => cmd::ports::export(args, stdout),
        Command::Migrate(MigrateCommand::Hugo(args)) => cmd::migrate::hugo(args, stdout),
    }
}
