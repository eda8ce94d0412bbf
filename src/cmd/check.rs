//! `tafel check`: every stage but writing, and what a build would report.

use std::io::Write;

use crate::Report;
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, CheckOutcome};
use crate::report;

/// Runs the check; exit code 0 when there is nothing to report, 1 with findings (errors or
/// warnings), 2 when it could not run.
pub(crate) fn execute(args: &CheckArgs, stdout: &mut dyn Write) -> Report {
    let options = args.site.load_options();
    let checked = pipeline::check(&options);
    let findings = checked.diagnostics.iter().count();
    let exit_code = match checked.outcome {
        CheckOutcome::Failed => 2,
        _ => i32::from(findings > 0),
    };
    let summary = match checked.outcome {
        CheckOutcome::Ran { pages, files } => Some(format!(
            "checked {pages} pages ({files} files): {}",
            match findings {
                0 => "nothing to report".to_owned(),
                1 => "1 finding".to_owned(),
                n => format!("{n} findings"),
            }
        )),
        CheckOutcome::Stopped => {
            Some("check stopped: errors in the site's files, before rendering".to_owned())
        }
        CheckOutcome::Failed => None,
    };
    let machine = match args.format {
        CheckFormat::Text => None,
        CheckFormat::Json => Some(report::render_json(
            &checked.diagnostics,
            &checked.sources,
            false,
        )),
        CheckFormat::Sarif => Some(report::render_sarif(
            &checked.diagnostics,
            &checked.sources,
            &options.site,
            false,
        )),
    };
    // Tools read standard output; the reports go there instead of to the terminal, except when
    // the check could not run at all.
    let diagnostics = match machine {
        Some(text) if checked.outcome != CheckOutcome::Failed => {
            // A closed pipe is the reader's choice, not a failure.
            let _ = stdout.write_all(text.as_bytes());
            Diagnostics::new()
        }
        _ => checked.diagnostics,
    };
    Report {
        sources: checked.sources,
        diagnostics,
        strict: false,
        exit_code,
        summary,
    }
}
