//! The pipeline: discover → parse → resolve → render → write, and the commands' way into it.
//!
//! [`Project`] holds a site read and parsed, per file; [`load`] opens one and resolves it, for
//! every command that needs the site (build, the data exports, the translator's report), so
//! there is one way to read a site. [`build`] renders it and writes the output atomically, but
//! only when no stage reported an error (or, under `--strict`, a warning).
//! This module orchestrates the stages and owns none of their work.

mod build;
mod live;
mod project;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use build::{BuildOptions, BuildReport, BuildStatus, CheckOutcome, CheckReport, build, check};
pub use live::{Change, LiveBuild, Output, Update};
pub use project::{Project, Resolved};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostics, SourceMap};
use crate::discover::CopyInput;
use crate::model::Site;
use crate::theme::Theme;

/// How to read a site.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The site folder.
    pub site: PathBuf,
    /// Replaces `base-url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Report data labels without a message as warnings instead of errors, for the translator's
    /// report, which must work precisely when translations are missing.
    pub lenient_labels: bool,
}

/// A site ready to render, with the warnings found on the way.
pub struct Loaded {
    /// The site.
    pub site: Arc<Site>,
    /// The theme to render it with.
    pub theme: Theme,
    /// Warnings (errors stop loading).
    pub diagnostics: Diagnostics,
}

/// Why loading stopped.
#[derive(Debug)]
pub struct Failed {
    /// Files read so far, for quoting in reports.
    pub sources: Arc<SourceMap>,
    /// Everything found, errors and warnings.
    pub diagnostics: Diagnostics,
    /// The folder is not a site at all (a usage problem, exit code 2).
    pub not_a_site: bool,
}

/// Discovers, parses and resolves a site. Fails on any error, or on any warning under `strict`.
pub fn load(options: &LoadOptions, strict: bool) -> Result<Loaded, Failed> {
    load_site(options, strict, false)
}

/// Like [`load`], for a command that renders the site once (`build`, `check`): the pages'
/// texts are let go of once parsed, and each is read again when its page renders
/// ([`Project::open_to_render`]).
fn load_to_render(options: &LoadOptions, strict: bool) -> Result<Loaded, Failed> {
    load_site(options, strict, true)
}

fn load_site(options: &LoadOptions, strict: bool, to_render: bool) -> Result<Loaded, Failed> {
    let mut project = if to_render {
        Project::open_to_render(options)?
    } else {
        Project::open(options)?
    };
    let Resolved { site, diagnostics } = project.resolve_once(strict)?;
    let theme = project
        .into_theme()
        .expect("a site resolves only when its templates loaded");
    Ok(Loaded {
        site,
        theme,
        diagnostics,
    })
}

/// A file the build copies: where it goes, from where, and what it is (for reports).
struct Copy<'a> {
    path: String,
    from: &'a CopyInput,
    what: String,
}

/// Every file the build copies. Static files go to the output root; content files go into every
/// language's tree, a language's own variant (`shot.de.png`) replacing the shared file in its
/// language, and standing under its own name there as well. Resolving keeps URLs off these
/// paths; writing copies them.
fn copies<'a>(
    root: &Path,
    config: &SiteConfig,
    content_assets: &'a [CopyInput],
    static_files: &'a BTreeMap<String, CopyInput>,
) -> Vec<Copy<'a>> {
    let shown = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let mut copies: Vec<Copy<'a>> = static_files
        .iter()
        .map(|(relative, from)| Copy {
            path: relative.clone(),
            from,
            what: format!("the static file `{}`", shown(&from.path)),
        })
        .collect();
    // By output path, so that a language's variant replaces the shared file; a static file at
    // the same path stays a separate copy, and writing reports the clash.
    let mut content: BTreeMap<String, Copy<'a>> = BTreeMap::new();
    let mut variants = Vec::new();
    for from in content_assets {
        let target = crate::content::asset_target(&from.relative, config);
        let what = format!("the file `{}`", shown(&from.path));
        match &target.lang {
            Some(lang) => {
                // Also under its own name (`shot.en.png`), which shortcodes and raw HTML write as
                // they are, as Hugo sites do.
                variants.push(Copy {
                    path: format!(
                        "{lang}/{}",
                        crate::content::asset_folder_case(&from.relative, config)
                    ),
                    from,
                    what: what.clone(),
                });
                variants.push(Copy {
                    path: format!("{lang}/{}", target.path),
                    from,
                    what,
                });
            }
            None => {
                for lang in config.langs() {
                    let path = format!("{lang}/{}", target.path);
                    let copy = Copy {
                        path: path.clone(),
                        from,
                        what: what.clone(),
                    };
                    content.insert(path, copy);
                }
            }
        }
    }
    for variant in variants {
        content.insert(variant.path.clone(), variant);
    }
    copies.extend(content.into_values());
    copies
}
