//! The build pipeline: discover → parse → resolve → render → write.
//!
//! [`load`] runs the first three stages and yields the immutable [`Site`]; every command that
//! needs the site (build, the data exports, the translator's report) starts there, so there is
//! one way to read a site. [`build`] renders it and writes the output atomically, but only when
//! no stage reported an error (or, under `--strict`, a warning).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::tree::{self, SiteTree};
use crate::content::{self, ContentRole, Fragment, Fragments, ParsedPage};
use crate::data::DataSet;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap};
use crate::discover::{self, CopyInput};
use crate::i18n::Catalog;
use crate::output::{self, Content, Origin, OutputTree};
use crate::render::{self, Rendered};
use crate::theme::icons::Icons;
use crate::theme::templates::Templates;

/// The resolved, immutable site that rendering works from.
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    /// The configuration.
    pub config: SiteConfig,
    /// Every text file read.
    pub sources: Arc<SourceMap>,
    /// Pages, sections and navigation.
    pub tree: SiteTree,
    /// Translations.
    pub catalog: Catalog,
    /// Data files.
    pub data: DataSet,
    /// Inline icons.
    pub icons: Icons,
    /// Markdown fragments for `include`.
    pub fragments: Fragments,
    /// Files under `content/` that are copied next to pages.
    pub content_assets: Vec<CopyInput>,
    /// The paths of `content_assets` below `content/`, for resolving links to them.
    pub content_asset_paths: std::collections::BTreeSet<String>,
    /// Files copied to the output root.
    pub static_files: BTreeMap<String, CopyInput>,
}

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
    /// The template engine.
    pub templates: Templates,
    /// Warnings (errors stop loading).
    pub diagnostics: Diagnostics,
}

/// Why loading stopped.
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
    let inputs = match discover::load_site(&options.site, options.base_url.as_deref()) {
        Ok(inputs) => inputs,
        Err(failure) => {
            return Err(Failed {
                sources: Arc::new(failure.sources),
                diagnostics: {
                    let mut diagnostics = Diagnostics::new();
                    diagnostics.extend(failure.diagnostics);
                    diagnostics
                },
                not_a_site: failure.not_a_site,
            });
        }
    };
    let mut diagnostics = Diagnostics::new();
    let templates = match Templates::load(&inputs) {
        Ok(templates) => Some(templates),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let sources = &inputs.sources;
    let config = &inputs.config;

    let (catalog, message_diagnostics) = Catalog::load(config, sources, &inputs.messages);
    diagnostics.extend(message_diagnostics);
    let (data, data_diagnostics) = DataSet::load(sources, &inputs.data);
    diagnostics.extend(data_diagnostics);
    let (icons, icon_diagnostics) = Icons::load(sources, &inputs.icons);
    diagnostics.extend(icon_diagnostics);
    if let Some(ports) = data.ports() {
        let langs: Vec<_> = config.langs().cloned().collect();
        let label_problems =
            crate::data::ports::check_labels(ports, &langs, |lang, id| catalog.has(lang, id));
        diagnostics.extend(label_problems.into_iter().map(|mut diagnostic| {
            if options.lenient_labels {
                diagnostic.severity = crate::diagnostics::Severity::Warning;
            }
            diagnostic
        }));
        diagnostics.extend(crate::data::ports::check_icons(ports, |name| {
            icons.contains(name)
        }));
    }

    // Parse every content file in parallel; results come back in input order.
    let registry = templates
        .as_ref()
        .map(|t| t.registry.clone())
        .unwrap_or_default();
    let requires_body = |name: &str| registry.requires_body(name);
    let parsed: Vec<(Option<Parsed>, Vec<Diagnostic>)> = inputs
        .content
        .par_iter()
        .map(|input| match content::classify(&input.relative, config) {
            Err(message) => (
                None,
                vec![
                    Diagnostic::warning(message)
                        .in_file(&sources.get(input.file).path)
                        .with_help("add the language to `site.yaml`, or rename the file"),
                ],
            ),
            Ok(ContentRole::Fragment) => {
                let (nodes, diagnostics) =
                    content::parse_body(sources, input.file, 0, &requires_body);
                let fragment = Fragment {
                    file: input.file,
                    nodes,
                };
                (
                    Some(Parsed::Fragment(input.relative.clone(), fragment)),
                    diagnostics,
                )
            }
            Ok(ContentRole::Page { kind, lang, key }) => {
                let (page, diagnostics) =
                    content::parse_page(sources, input.file, (kind, lang, key), &requires_body);
                (page.map(|page| Parsed::Page(Box::new(page))), diagnostics)
            }
        })
        .collect();

    let mut pages: Vec<ParsedPage> = Vec::new();
    let mut fragments = Fragments::default();
    let mut name_diagnostics = Vec::new();
    for (item, item_diagnostics) in parsed {
        diagnostics.extend(item_diagnostics);
        match item {
            Some(Parsed::Page(page)) => {
                content::check_shortcode_names(
                    &page.source.nodes,
                    &registry,
                    &mut name_diagnostics,
                );
                if options.drafts || !page.front.draft {
                    pages.push(*page);
                }
            }
            Some(Parsed::Fragment(relative, fragment)) => {
                content::check_shortcode_names(&fragment.nodes, &registry, &mut name_diagnostics);
                fragments.insert(relative, fragment);
            }
            None => {}
        }
    }
    // Without templates every shortcode would look unknown; the template errors say enough.
    if templates.is_some() {
        diagnostics.extend(name_diagnostics);
    }

    let mut others = render::generated_files(config, data.ports().is_some());
    others.extend(copied_files(&inputs));
    let (tree, tree_diagnostics) = tree::resolve(config, sources, pages, &others);
    diagnostics.extend(tree_diagnostics);

    diagnostics.sort();
    let (Some(templates), Some(tree)) = (templates, tree) else {
        return Err(Failed {
            sources: Arc::new(inputs.sources),
            diagnostics,
            not_a_site: false,
        });
    };
    if diagnostics.has_fatal(strict) {
        return Err(Failed {
            sources: Arc::new(inputs.sources),
            diagnostics,
            not_a_site: false,
        });
    }
    let site = Site {
        root: inputs.root,
        config: inputs.config,
        sources: Arc::new(inputs.sources),
        tree,
        catalog,
        data,
        icons,
        fragments,
        content_asset_paths: inputs
            .content_assets
            .iter()
            .map(|asset| asset.relative.clone())
            .collect(),
        content_assets: inputs.content_assets,
        static_files: inputs.static_files,
    };
    Ok(Loaded {
        site: Arc::new(site),
        templates,
        diagnostics,
    })
}

/// Where the build will copy files, with what they are, so URLs and aliases can be kept off them.
/// A language's variant of a content file (`shot.de.png`) and the shared file go to one path.
fn copied_files(inputs: &discover::Inputs) -> tree::OtherOutputs {
    let mut files = tree::OtherOutputs::new();
    for (relative, input) in &inputs.static_files {
        let what = format!("the static file `{}`", display(&inputs.root, &input.path));
        files.insert(relative.clone(), what);
    }
    for asset in &inputs.content_assets {
        let target = content::asset_target(&asset.relative, &inputs.config);
        let what = format!("the file `{}`", display(&inputs.root, &asset.path));
        let langs: Vec<_> = match &target.lang {
            Some(lang) => vec![lang.clone()],
            None => inputs.config.langs().cloned().collect(),
        };
        for lang in langs {
            files.insert(format!("{lang}/{}", target.path), what.clone());
        }
    }
    files
}

enum Parsed {
    Page(Box<ParsedPage>),
    Fragment(String, Fragment),
}

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
    let loaded = match load(&options.load, options.strict) {
        Ok(loaded) => loaded,
        Err(failed) => {
            return BuildReport {
                sources: failed.sources,
                status: if failed.not_a_site {
                    BuildStatus::Failed
                } else {
                    BuildStatus::ContentErrors
                },
                diagnostics: failed.diagnostics,
            };
        }
    };
    let site = Arc::clone(&loaded.site);
    let mut diagnostics = loaded.diagnostics;
    let rendered = render::render_site(Arc::clone(&site), loaded.templates);
    let pages = site.tree.pages.len();
    let Rendered {
        files,
        diagnostics: render_diagnostics,
        ..
    } = rendered;
    diagnostics.extend(render_diagnostics);

    let mut tree = OutputTree::new();
    for file in files {
        let origin = Origin(format!("the rendered `{}`", file.path));
        if let Err(error) = tree.insert(file.path, Content::Bytes(file.bytes), origin) {
            diagnostics.push(error);
        }
    }
    add_copies(&site, &mut tree, &mut diagnostics);
    diagnostics.sort();

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
                pages,
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

/// Static files go to the output root; content assets go into every language's tree, a
/// language-specific variant (`shot.de.png`) replacing the shared file in its language.
fn add_copies(site: &Site, tree: &mut OutputTree, diagnostics: &mut Diagnostics) {
    for (relative, input) in &site.static_files {
        let origin = Origin(format!(
            "the static file `{}`",
            display(&site.root, &input.path)
        ));
        if let Err(error) = tree.insert(relative.clone(), Content::Copy(input.path.clone()), origin)
        {
            diagnostics.push(error);
        }
    }
    let mut specific = Vec::new();
    for asset in &site.content_assets {
        let target = content::asset_target(&asset.relative, &site.config);
        let origin = Origin(format!("the file `{}`", display(&site.root, &asset.path)));
        match &target.lang {
            Some(lang) => specific.push((format!("{lang}/{}", target.path), asset, origin)),
            None => {
                for lang in site.config.langs() {
                    let path = format!("{lang}/{}", target.path);
                    if let Err(error) =
                        tree.insert(path, Content::Copy(asset.path.clone()), origin.clone())
                    {
                        diagnostics.push(error);
                    }
                }
            }
        }
    }
    for (path, asset, origin) in specific {
        tree.replace(path, Content::Copy(asset.path.clone()), origin);
    }
}

fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
