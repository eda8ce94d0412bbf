//! `tafel migrate hugo`: convert a Hugo site, build the result once, print the report.

use std::io::Write;
use std::sync::Arc;

use crate::Report;
use crate::cli::MigrateHugoArgs;
use crate::migrate;
use crate::pipeline::BuildStatus;

/// Runs the migration; the report goes to `stdout`, the first build's diagnostics to the
/// caller. Exit code 0 when the new site built, 1 when its first build failed or the Hugo site
/// has errors, 2 when the folders cannot be used.
pub(crate) fn hugo(args: &MigrateHugoArgs, stdout: &mut dyn Write) -> Report {
    let options = migrate::Options {
        source: args.source.clone(),
        dest: args.dest.clone(),
        theme: args.theme.clone(),
    };
    match migrate::hugo(&options) {
        Ok(migrated) => {
            // A closed pipe loses only the copy of the report that MIGRATION.md also holds.
            let _ = stdout.write_all(migrated.report.as_bytes());
            let built = matches!(migrated.build.status, BuildStatus::Written { .. });
            Report {
                sources: migrated.build.sources,
                diagnostics: migrated.build.diagnostics,
                strict: false,
                exit_code: if built { 0 } else { 1 },
                summary: Some(format!(
                    "migrated into {}; {}; the report is in {}",
                    args.dest.display(),
                    if built {
                        "the first build succeeded"
                    } else {
                        "the first build failed"
                    },
                    args.dest.join("MIGRATION.md").display()
                )),
            }
        }
        Err(stopped) => {
            let usage = stopped.diagnostics.iter().any(|diagnostic| {
                matches!(
                    diagnostic.code,
                    crate::diagnostics::Code::MigrationDestInvalid
                        | crate::diagnostics::Code::MigrationNoHugoSite
                        | crate::diagnostics::Code::MigrationIo
                )
            });
            Report {
                sources: Arc::clone(&stopped.sources),
                diagnostics: stopped.diagnostics,
                strict: false,
                exit_code: if usage { 2 } else { 1 },
                summary: Some("nothing was written".to_owned()),
            }
        }
    }
}
