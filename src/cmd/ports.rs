//! `tafel ports export`: the port list for tools, on standard output.

use std::io::Write;
use std::sync::Arc;

use crate::Report;
use crate::cli::ExportArgs;
use crate::diagnostics::{Code, Diagnostic, quoted};
use crate::pipeline;

/// Prints the export; the same bytes the build writes to `public/data/` for the whole list.
pub(crate) fn export(args: &ExportArgs, stdout: &mut dyn Write) -> Report {
    let loaded = match pipeline::load(&args.site.load_options(), false) {
        Ok(loaded) => loaded,
        Err(failed) => return Report::from(failed),
    };
    let site = &loaded.site;
    let mut diagnostics = loaded.diagnostics;
    let report = |diagnostics, exit_code| Report {
        sources: Arc::clone(&site.sources),
        diagnostics,
        strict: false,
        exit_code,
        summary: None,
    };
    let Some(list) = site.data.ports() else {
        diagnostics.push(
            Diagnostic::new(Code::NoPortList, "this site has no port list")
                .with_help("add `data/ports.yaml`; see the README for its format"),
        );
        return report(diagnostics, 1);
    };
    let deployment = match &args.deployment {
        None => None,
        Some(id) => match list.deployment(id) {
            Some(index) => Some(index),
            None => {
                let known: Vec<&str> = list.deployments.iter().map(|d| d.id.as_str()).collect();
                diagnostics.push(
                    // The value comes from the command line, where a newline or another
                    // control character is easy to pass and would print as lines of its own.
                    Diagnostic::new(
                        Code::UnknownDeploymentOption,
                        format!("unknown deployment {}", quoted(id)),
                    )
                    .with_help(format!("use one of: {}", known.join(", "))),
                );
                return report(diagnostics, 2);
            }
        },
    };
    let langs: Vec<_> = site.config.langs().cloned().collect();
    let text = args.format.render(list, &langs, &*site.catalog, deployment);
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    let _ = stdout.write_all(text.as_bytes());
    report(diagnostics, 0)
}
