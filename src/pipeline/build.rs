//! The build: render the resolved site and write it atomically, unless a stage reported an
//! error (or, under `--strict`, a warning).

use std::path::PathBuf;
use std::sync::Arc;

use super::{LoadOptions, load};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap};
use crate::model::Site;
use crate::output::{self, Content, Origin, OutputTree};
use crate::render::{self, OutputFile, Rendered};
use crate::theme::Theme;
use crate::verify;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// How to read the site.
    pub load: LoadOptions,
    /// Output folder; `public/` inside the site when not given.
    pub out: Option<PathBuf>,
    /// Treat warnings as errors.
    pub strict: bool,
}

/// What a build did.
pub struct BuildReport {
    /// Files read, for quoting in reports.
    pub sources: Arc<SourceMap>,
    /// Everything found, sorted.
    pub diagnostics: Diagnostics,
    /// What happened.
    pub status: BuildStatus,
}

/// The outcome of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildStatus {
    /// The site was written.
    Written {
        /// Where.
        out: PathBuf,
        /// Number of pages rendered.
        pages: usize,
        /// Number of files written.
        files: usize,
    },
    /// Errors in the inputs; nothing was written.
    ContentErrors,
    /// The inputs were fine but the output could not be written, or the folder is not a site.
    Failed,
}

/// Builds the site and writes it atomically.
pub fn build(options: &BuildOptions) -> BuildReport {
    // Refuse an output folder that must not be replaced before spending time on the site.
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.load.site.join("public"));
    let target = match output::check(&out, &options.load.site) {
        Ok(target) => target,
        Err(error) => {
            return BuildReport {
                sources: Arc::new(SourceMap::new()),
                diagnostics: Diagnostic::from(error).into(),
                status: BuildStatus::Failed,
            };
        }
    };
    let prepared = match prepare(&options.load, options.strict) {
        Ok(prepared) => prepared,
        Err(report) => return report,
    };
    let Prepared {
        site,
        tree,
        mut diagnostics,
    } = prepared;
    if diagnostics.has_fatal(options.strict) {
        return BuildReport {
            sources: Arc::clone(&site.sources),
            diagnostics,
            status: BuildStatus::ContentErrors,
        };
    }
    let status = match output::write(&tree, &target) {
        Ok(leftovers) => {
            diagnostics.extend(leftovers.into_iter().map(Diagnostic::from));
            BuildStatus::Written {
                out,
                pages: site.tree.pages.len(),
                files: tree.len(),
            }
        }
        Err(error) => {
            diagnostics.push(Diagnostic::from(error));
            BuildStatus::Failed
        }
    };
    BuildReport {
        sources: Arc::clone(&site.sources),
        diagnostics,
        status,
    }
}

/// What a check found.
pub struct CheckReport {
    /// Files read, for quoting in reports.
    pub sources: Arc<SourceMap>,
    /// The findings, sorted.
    pub diagnostics: Diagnostics,
    /// How far the check got.
    pub outcome: CheckOutcome,
}

/// How far a check got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOutcome {
    /// Every stage but writing ran.
    Ran {
        /// Number of pages rendered.
        pages: usize,
        /// Number of files a build would write.
        files: usize,
    },
    /// Errors in the site's files stopped it before rendering; they are findings too.
    Stopped,
    /// It could not run: the folder is not a site.
    Failed,
}

/// Runs every stage but writing and reports what a build would: the same findings, from the
/// same steps.
pub fn check(options: &LoadOptions) -> CheckReport {
    match prepare(options, false) {
        Ok(prepared) => CheckReport {
            sources: Arc::clone(&prepared.site.sources),
            outcome: CheckOutcome::Ran {
                pages: prepared.site.tree.pages.len(),
                files: prepared.tree.len(),
            },
            diagnostics: prepared.diagnostics,
        },
        Err(report) => CheckReport {
            sources: report.sources,
            diagnostics: report.diagnostics,
            outcome: match report.status {
                BuildStatus::Failed => CheckOutcome::Failed,
                _ => CheckOutcome::Stopped,
            },
        },
    }
}

/// A site rendered, verified and collected, ready to write.
struct Prepared {
    site: Arc<Site>,
    tree: OutputTree,
    diagnostics: Diagnostics,
}

/// Loads, renders, verifies and collects the output of the site; on a failed load, the
/// report to give.
fn prepare(options: &LoadOptions, strict: bool) -> Result<Prepared, BuildReport> {
    let loaded = load(options, strict).map_err(|failed| BuildReport {
        sources: failed.sources,
        status: if failed.not_a_site {
            BuildStatus::Failed
        } else {
            BuildStatus::ContentErrors
        },
        diagnostics: failed.diagnostics,
    })?;
    let site = loaded.site;
    let mut theme = loaded.theme;
    let mut diagnostics = loaded.diagnostics;
    let (files, render_diagnostics) = render_and_verify(&site, &mut theme);
    diagnostics.extend(render_diagnostics);

    let mut tree = OutputTree::new();
    for file in files {
        let origin = Origin(format!("the rendered `{}`", file.path));
        if let Err(error) = tree.insert(file.path, Content::Bytes(file.bytes), origin) {
            diagnostics.push(error);
        }
    }
    add_copies(&site, &mut tree, &mut diagnostics);
    diagnostics.sort(&site.sources);
    Ok(Prepared {
        site,
        tree,
        diagnostics,
    })
}

/// Renders the site and checks the links of what it renders: the rendered files, and the
/// problems found in both steps. `build` and `check` share it, so they find the same.
fn render_and_verify(site: &Arc<Site>, theme: &mut Theme) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let Rendered {
        units,
        mut diagnostics,
    } = render::render_site(theme, site);
    let links = verify::links_by_page(&units);
    let files: Vec<OutputFile> = units.into_iter().flat_map(|unit| unit.files).collect();
    let copies = super::copies(
        &site.root,
        &site.config,
        &site.content_assets,
        &site.static_files,
    );
    let paths = files
        .iter()
        .map(|file| file.path.as_str())
        .chain(copies.iter().map(|copy| copy.path.as_str()));
    let output = verify::Output {
        pages: verify::html_pages(
            files
                .iter()
                .map(|file| (file.path.as_str(), file.bytes.as_slice())),
        ),
        files: verify::file_set(paths),
    };
    diagnostics.extend(verify::check_links(site, &theme.templates, &output, &links));
    (files, diagnostics)
}

/// Adds every file the build copies.
fn add_copies(site: &Site, tree: &mut OutputTree, diagnostics: &mut Diagnostics) {
    let copies = super::copies(
        &site.root,
        &site.config,
        &site.content_assets,
        &site.static_files,
    );
    for copy in copies {
        let content = Content::Copy(copy.from.path.clone());
        if let Err(error) = tree.insert(copy.path, content, Origin(copy.what)) {
            diagnostics.push(error);
        }
    }
}
