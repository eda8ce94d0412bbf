//! The build: render the resolved site and write it atomically, unless a stage reported an
//! error (or, under `--strict`, a warning).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{LoadOptions, Loaded, load_to_render};
use crate::config::Lang;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap};
use crate::model::Site;
use crate::output::{self, Content, Origin, OutputTree, Stage, target::Target};
use crate::render::{self, Rendered, RenderedUnit, Unit};
use crate::search;
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
    let prepared = match prepare(&options.load, options.strict, Some(&target)) {
        Ok(prepared) => prepared,
        Err(report) => return report,
    };
    let Prepared {
        site,
        tree,
        mut diagnostics,
        stage,
    } = prepared;
    let Some(stage) = stage.filter(|_| !diagnostics.has_fatal(options.strict)) else {
        // Dropping the stage removes what was written of the new output.
        return BuildReport {
            sources: Arc::clone(&site.sources),
            diagnostics,
            status: BuildStatus::ContentErrors,
        };
    };
    let status = match stage.finish(&tree, &target) {
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
    match prepare(options, false, None) {
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
    /// Every output file: the rendered ones already in the stage, the copies still to make.
    tree: OutputTree,
    diagnostics: Diagnostics,
    /// The new output being written, for a build.
    stage: Option<Stage>,
}

/// How many units are rendered before their files are written and let go of: enough to keep
/// every thread busy, few enough that one batch is a small part of a large site.
const BATCH: usize = 256;

/// Loads, renders, verifies and collects the output of the site, writing the rendered files
/// into a new stage for `target` as they are rendered (a check passes none and writes
/// nothing); on a failed load or write, the report to give.
fn prepare(
    options: &LoadOptions,
    strict: bool,
    target: Option<&Target>,
) -> Result<Prepared, BuildReport> {
    let loaded = load_to_render(options, strict).map_err(|failed| BuildReport {
        sources: failed.sources,
        status: if failed.not_a_site {
            BuildStatus::Failed
        } else {
            BuildStatus::ContentErrors
        },
        diagnostics: failed.diagnostics,
    })?;
    render_loaded(loaded, target)
}

/// Renders, verifies and collects the output of a loaded site (see [`prepare`]).
fn render_loaded(loaded: Loaded, target: Option<&Target>) -> Result<Prepared, BuildReport> {
    let site = loaded.site;
    let mut theme = loaded.theme;
    let mut diagnostics = loaded.diagnostics;
    let failed = |error: output::WriteError| BuildReport {
        sources: Arc::clone(&site.sources),
        diagnostics: Diagnostic::from(error).into(),
        status: BuildStatus::Failed,
    };
    let stage = target.map(Stage::open).transpose().map_err(failed)?;
    let mut tree = OutputTree::new();
    let found = render_and_verify(&site, &mut theme, stage.as_ref(), &mut tree).map_err(failed)?;
    diagnostics.extend(found);
    diagnostics.extend(site.sources.changed().map(|file| {
        Diagnostic::new(Code::SourceChanged, "changed while the site was built")
            .in_file(&site.sources.get(file).path)
            .with_help("build again once the file is saved")
    }));
    diagnostics.sort(&site.sources);
    Ok(Prepared {
        site,
        tree,
        diagnostics,
        stage,
    })
}

/// Renders the site in batches, puts each batch's files into `stage` (when given) and lists
/// them in `tree` with the copies, then checks the links of what was rendered: the problems
/// found. `build` and `check` share it, so they find the same. A build also indexes each page
/// for the site search as it goes and writes the index at the end; a check, which writes
/// nothing, does not spend the time.
///
/// A batch is taken in by the [`Sink`] while the next one renders: much of taking one in is a
/// single thread's work (the search index and the link list grow in page order), which would
/// otherwise leave the other threads idle between batches.
fn render_and_verify(
    site: &Arc<Site>,
    theme: &mut Theme,
    stage: Option<&Stage>,
    tree: &mut OutputTree,
) -> Result<Vec<Diagnostic>, output::WriteError> {
    let units = render::units(site);
    let mut prepared = render::Prepared::default();
    let mut diagnostics = Vec::new();
    let mut sink = Sink::new(site, stage, tree);
    let mut previous = None;
    let batches = units.chunks(BATCH).map(Some).chain([None]);
    for batch in batches {
        let (rendered, taken) = rayon::join(
            || batch.map(|batch| render::render_batch(theme, site, batch, &mut prepared)),
            || previous.take().map_or(Ok(()), |units| sink.take(units)),
        );
        taken?;
        if let Some(Rendered {
            units: rendered,
            diagnostics: found,
        }) = rendered
        {
            diagnostics.extend(found);
            previous = Some(rendered);
        }
    }
    let Sink {
        pages,
        missing,
        index,
        diagnostics: found,
        ..
    } = sink;
    diagnostics.extend(found);
    if let Some(stage) = stage {
        let files = index
            .into_values()
            .flat_map(search::Builder::finish)
            .collect();
        write_index(stage, tree, files, &mut diagnostics)?;
    } else {
        // A check builds no index, but a static file where its vocabulary goes is the clash a
        // build would report.
        for lang in site.config.langs() {
            let path = search::vocabulary_file(lang);
            if let Err(error) = tree.insert(path, Content::Staged, Origin::SearchIndex) {
                diagnostics.push(error);
            }
        }
    }
    diagnostics.extend(render::fallback_diagnostics(site, missing));
    add_copies(site, tree, &mut diagnostics);
    let output = verify::Output {
        pages: &pages,
        files: tree.paths().collect(),
    };
    // A page that changed while the site rendered is not in the output, and the build fails
    // on the change (`render_loaded`); links to it are not broken, so none are checked.
    if site.sources.changed().next().is_none() {
        diagnostics.extend(verify::check_links(site, &theme.templates, &output));
    }
    Ok(diagnostics)
}

/// What becomes of rendered units, batch by batch: their files are listed in the output tree
/// and put into the stage, and their pages are scanned for links and ids and indexed for the
/// search, always in the order the units were rendered, so the output does not depend on
/// timing.
struct Sink<'a> {
    site: &'a Site,
    stage: Option<&'a Stage>,
    tree: &'a mut OutputTree,
    pages: verify::Pages,
    /// What each unit used that its language lacks; the warnings are judged over all units.
    missing: BTreeSet<(Lang, String)>,
    /// The search index of each language, for a build.
    index: BTreeMap<Lang, search::Builder>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    fn new(site: &'a Site, stage: Option<&'a Stage>, tree: &'a mut OutputTree) -> Sink<'a> {
        let index = match stage {
            Some(_) => site
                .config
                .langs()
                .map(|lang| (lang.clone(), search::Builder::new(lang.clone())))
                .collect(),
            None => BTreeMap::new(),
        };
        Sink {
            site,
            stage,
            tree,
            pages: verify::Pages::default(),
            missing: BTreeSet::new(),
            index,
            diagnostics: Vec::new(),
        }
    }

    /// Takes in one batch of rendered units.
    fn take(&mut self, rendered: Vec<RenderedUnit>) -> Result<(), output::WriteError> {
        let mut files = Vec::new();
        for unit in rendered {
            let lang = match &unit.unit {
                Unit::Page { lang, .. } if !self.index.is_empty() => Some(lang.clone()),
                _ => None,
            };
            // The links written in the unit's content are in its first file, its page.
            let mut links = Some(unit.links);
            for file in unit.files {
                let links = links.take().unwrap_or_default();
                match self
                    .tree
                    .insert(file.path.clone(), Content::Staged, Origin::Rendered)
                {
                    Ok(()) => files.push((lang.clone(), file, links)),
                    Err(error) => self.diagnostics.push(error),
                }
            }
            self.missing
                .extend(render::missing_messages(self.site, &unit.unit, &unit.deps));
        }
        // Written and read, a page's text is let go of; its links and ids stay for verify, and
        // its article's text for the search index.
        let stage = self.stage;
        let scanned = files
            .par_iter()
            .map(|(lang, file, written)| {
                if let Some(stage) = stage {
                    stage.put(&file.path, &file.bytes)?;
                }
                // Only HTML pages are read, and their bytes checked to be UTF-8 once for both.
                let html = file
                    .path
                    .ends_with(".html")
                    .then(|| std::str::from_utf8(&file.bytes).ok())
                    .flatten();
                let entry = lang.as_ref().zip(html).and_then(|(lang, html)| {
                    let url = file.path.strip_suffix("index.html")?;
                    Some((lang, search::Entry::new(url, &search::extract(html)?)))
                });
                let links = html.map(verify::Pages::scan);
                Ok((&file.path, links.map(|links| (links, written)), entry))
            })
            .collect::<Result<Vec<_>, output::WriteError>>()?;
        let mut chunks = Vec::new();
        for (path, links, entry) in scanned {
            if let Some((links, written)) = links {
                self.pages.add(path, links, written);
            }
            if let Some((lang, entry)) = entry
                && let Some(builder) = self.index.get_mut(lang)
            {
                chunks.extend(builder.add(entry));
            }
        }
        match stage {
            Some(stage) => write_index(stage, self.tree, chunks, &mut self.diagnostics),
            None => Ok(()),
        }
    }
}

/// Puts files of the search index into the stage and lists them.
fn write_index(
    stage: &Stage,
    tree: &mut OutputTree,
    files: Vec<search::IndexFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), output::WriteError> {
    let mut listed = Vec::with_capacity(files.len());
    for file in files {
        match tree.insert(file.path.clone(), Content::Staged, Origin::SearchIndex) {
            Ok(()) => listed.push(file),
            Err(error) => diagnostics.push(error),
        }
    }
    listed
        .par_iter()
        .try_for_each(|file| stage.put(&file.path, &file.bytes))
}

/// Adds every file the build copies.
fn add_copies(site: &Site, tree: &mut OutputTree, diagnostics: &mut Vec<Diagnostic>) {
    let copies = super::copies(
        &site.root,
        &site.config,
        &site.content_assets,
        &site.static_files,
    );
    for copy in copies {
        let content = Content::Copy(copy.from.path.clone());
        if let Err(error) = tree.insert(copy.path, content, Origin::Other(copy.what)) {
            diagnostics.push(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    /// A site of two pages in a temporary folder, with the repository's default theme.
    fn site() -> tempfile::TempDir {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        fs::write(
            root.join("site.yaml"),
            "base-url: https://docs.example.org/\ndefault-language: de\nlanguages:\n  - { code: de, name: Deutsch, title: Testseite }\n",
        )
        .unwrap();
        fs::create_dir_all(root.join("themes")).unwrap();
        std::os::unix::fs::symlink(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            root.join("themes/default"),
        )
        .unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(
            root.join("content/_index.de.md"),
            "---\ntitle: Start\n---\nHallo.\n",
        )
        .unwrap();
        fs::write(
            root.join("content/ports.de.md"),
            "---\ntitle: Ports\n---\nDie *Ports* der Anlage.\n",
        )
        .unwrap();
        folder
    }

    fn options(root: &Path) -> LoadOptions {
        LoadOptions {
            site: root.to_owned(),
            ..LoadOptions::default()
        }
    }

    #[test]
    fn a_build_keeps_no_page_text_and_renders_each_from_its_file() {
        let folder = site();
        let out = folder.path().join("public");
        let report = build(&BuildOptions {
            load: options(folder.path()),
            out: Some(out.clone()),
            strict: true,
        });
        assert!(matches!(
            report.status,
            BuildStatus::Written { pages: 2, .. }
        ));
        let html = fs::read_to_string(out.join("de/ports/index.html")).unwrap();
        assert!(html.contains("Die <em>Ports</em> der Anlage."), "{html}");
        let pages: Vec<_> = report
            .sources
            .iter()
            .filter(|(_, file)| file.path.starts_with("content"))
            .collect();
        assert_eq!(pages.len(), 2);
        for (_, file) in pages {
            assert!(
                !file.holds_text(),
                "{} is still in memory",
                file.path.display()
            );
        }
    }

    /// More pages than three batches: each is written, its links are checked against pages of
    /// other batches, and the search index holds every page once, in the order they rendered,
    /// while batches are taken in as the next ones render.
    #[test]
    fn pages_of_many_batches_are_written_checked_and_indexed_in_render_order() {
        let folder = site();
        let root = folder.path();
        let count = 3 * BATCH + 10;
        for number in 0..count {
            // Each page links to the next; the last one to a page that does not exist.
            let next = match number + 1 {
                next if next < count => format!("../p{next:04}/"),
                _ => "../gone/".to_owned(),
            };
            fs::write(
                root.join(format!("content/p{number:04}.de.md")),
                format!("---\ntitle: Seite {number}\n---\n[Weiter]({next})\n"),
            )
            .unwrap();
        }
        let out = root.join("public");
        let report = build(&BuildOptions {
            load: options(root),
            out: Some(out.clone()),
            strict: false,
        });
        assert!(
            matches!(report.status, BuildStatus::Written { .. }),
            "{:?}",
            report.status
        );
        let findings: Vec<_> = report
            .diagnostics
            .iter()
            .map(|diagnostic| match &diagnostic.location {
                crate::diagnostics::Location::Span(span) => format!(
                    "{}: {}",
                    report.sources.get(span.file).path.display(),
                    diagnostic.message
                ),
                other => format!("{other:?}: {}", diagnostic.message),
            })
            .collect();
        let last = count - 1;
        assert_eq!(
            findings,
            [format!(
                "content/p{last:04}.de.md: link to `de/gone/index.html`, which the build does not write"
            )]
        );
        for number in 0..count {
            assert!(out.join(format!("de/p{number:04}/index.html")).is_file());
        }

        // The records of the search index, chunk after chunk, against the order of the units.
        let Ok(loaded) = load_to_render(&options(root), false) else {
            panic!("the site loads");
        };
        let rendered: Vec<String> = render::units(&loaded.site)
            .iter()
            .filter_map(|unit| match unit {
                Unit::Page { key, .. } => Some(format!("de/{}", key.trim_matches('/'))),
                _ => None,
            })
            .map(|url| format!("{}/", url.trim_end_matches('/')))
            .collect();
        let mut indexed = Vec::new();
        for chunk in 0.. {
            let Ok(script) = fs::read_to_string(out.join(format!("search/de/pages-{chunk}.js")))
            else {
                break;
            };
            let data = &script[script.find(',').unwrap() + 1..script.rfind(')').unwrap()];
            let records: Vec<(String, String, String)> = serde_json::from_str(data).unwrap();
            indexed.extend(records.into_iter().map(|(url, _, _)| url));
        }
        assert!(indexed.len() > 3 * BATCH, "{} records", indexed.len());
        assert_eq!(indexed, rendered);
    }

    /// The default theme writes its sidebar with `nav_tree()`, so rendering with it does not
    /// convert the navigation into a template value.
    #[test]
    fn the_default_theme_reads_no_navigation_value() {
        let folder = site();
        let Ok(loaded) = load_to_render(&options(folder.path()), true) else {
            panic!("the site loads");
        };
        assert!(!loaded.theme.templates.names_navigation());
    }

    #[test]
    fn a_page_changed_before_it_renders_fails_the_build_where_it_is() {
        let folder = site();
        let Ok(loaded) = load_to_render(&options(folder.path()), true) else {
            panic!("the site loads");
        };
        fs::write(
            folder.path().join("content/ports.de.md"),
            "---\ntitle: Ports\n---\nDie Ports, neu geschrieben.\n",
        )
        .unwrap();
        let Ok(prepared) = render_loaded(loaded, None) else {
            panic!("the site renders");
        };
        let changed: Vec<_> = prepared
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == Code::SourceChanged)
            .map(|diagnostic| format!("{:?}", diagnostic.location))
            .collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].contains("ports.de.md"), "{changed:?}");
        assert!(prepared.diagnostics.has_fatal(false));
        // The page is not rendered; the links to it from the start page are not reported.
        let others: Vec<_> = prepared
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code != Code::SourceChanged)
            .map(|diagnostic| format!("{}: {}", diagnostic.code.as_str(), diagnostic.message))
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }
}
