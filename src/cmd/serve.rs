//! `tafel serve`: the site on loopback, rebuilt as its files change.

use std::io::Write;
use std::sync::Arc;

use crate::Report;
use crate::cli::ServeArgs;
use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::pipeline::LoadOptions;
use crate::serve::{self, ServeError, ServeOptions};

/// Serves until interrupted; exit code 0 then, 2 when it could not start.
pub(crate) fn execute(args: &ServeArgs, stdout: &mut dyn Write) -> Report {
    let options = ServeOptions {
        load: LoadOptions {
            site: args.site.clone(),
            drafts: args.drafts,
            ..LoadOptions::default()
        },
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    let (sources, diagnostics, exit_code) = match serve::run(&options, stdout) {
        Ok(()) => (Arc::new(SourceMap::new()), Default::default(), 0),
        Err(ServeError::NotASite(failed)) => (failed.sources, failed.diagnostics, 2),
        Err(error) => {
            let help = match &error {
                ServeError::Bind { .. } => "choose another port with --port, or stop what uses it",
                _ => "check that the folder exists and is readable",
            };
            let diagnostic = Diagnostic::new(Code::CannotServe, error.to_string()).with_help(help);
            (Arc::new(SourceMap::new()), diagnostic.into(), 2)
        }
    };
    Report {
        sources,
        diagnostics,
        strict: false,
        exit_code,
        summary: None,
    }
}
