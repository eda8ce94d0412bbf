//! `tafel build`: render the site and replace the output folder.

use crate::Report;
use crate::cli::BuildArgs;
use crate::pipeline::{self, BuildStatus};

/// Runs the build.
pub(crate) fn execute(args: &BuildArgs) -> Report {
    let started = std::time::Instant::now();
    let report = pipeline::build(&args.build_options());
    let count = report.diagnostics.iter().count();
    let (exit_code, summary) = match &report.status {
        BuildStatus::Written { out, pages, files } => (
            0,
            Some(format!(
                "built {pages} pages ({files} files) into {} in {:.2} s{}",
                out.display(),
                started.elapsed().as_secs_f64(),
                match count {
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
    // Under --strict a warning about the site stops the build before it writes; what is left
    // once the output is written (a folder that could not be removed) is only a warning.
    let strict = args.strict && exit_code != 0;
    Report {
        sources: report.sources,
        diagnostics: report.diagnostics,
        strict,
        exit_code,
        summary,
    }
}
