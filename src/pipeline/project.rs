//! A site read and parsed, kept in memory so that it can be resolved again after a file changes.
//!
//! [`Project::open`] runs discovery and parses every file; [`Project::resolve`] runs the
//! cross-file stage and yields a [`Site`]. Parse results are kept per file, keyed by path, so a
//! long-running command replaces the result of one changed content file
//! ([`Project::update_content`]) and resolves again without parsing the others. File ids come
//! from the source map, which keeps a file's id for as long as it lives, so ids do not shift when
//! files are added or removed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Failed, LoadOptions};
use crate::config::{Lang, SiteConfig};
use crate::content::{self, ContentRole, Fragment, Fragments, PageSource, ParsedPage};
use crate::data::DataSet;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Severity, SourceMap};
use crate::discover::{self, CopyInput, Inputs, TextInput};
use crate::i18n::Catalog;
use crate::model::Site;
use crate::resolve::{self, OtherOutputs, SiteTree};
use crate::theme::{Icons, Registry, Templates, Theme};

/// A site's parsed files, between builds.
pub struct Project {
    options: LoadOptions,
    /// The text files discovery found, for telling which are gone at the next discovery.
    files: BTreeSet<FileId>,
    /// `site.yaml` and the theme's text files (templates, shortcodes, icons): a change to one
    /// of them can change every page.
    theme_or_config: BTreeSet<FileId>,
    root: PathBuf,
    config: SiteConfig,
    sources: Arc<SourceMap>,
    /// Parse results of the Markdown files, by path below `content/`.
    content: BTreeMap<String, ContentEntry>,
    content_assets: Vec<CopyInput>,
    static_files: BTreeMap<String, CopyInput>,
    /// With `updated-from-git`, each content file's last commit date.
    commit_dates: BTreeMap<String, String>,
    catalog: Arc<Catalog>,
    data: Arc<DataSet>,
    icons: Arc<Icons>,
    /// `None` when the templates did not load; their errors are in `diagnostics`.
    theme: Option<Theme>,
    /// Problems of the parse stage outside the content files.
    diagnostics: Vec<Diagnostic>,
    /// What the last resolve of the tree found, which a patched tree still has.
    tree_warnings: Vec<Diagnostic>,
}

/// What one Markdown file parsed into, with the problems found in it.
struct ContentEntry {
    parsed: Option<Parsed>,
    diagnostics: Vec<Diagnostic>,
}

enum Parsed {
    Page(Box<ParsedPage>),
    Fragment(Fragment),
}

impl ContentEntry {
    /// Gives a page without `updated:` the date of its file's last commit, if `dates` has one.
    fn date_from_git(&mut self, dates: &BTreeMap<String, String>, relative: &str) {
        if let Some(Parsed::Page(page)) = &mut self.parsed
            && page.front.updated.is_none()
            && let Some(date) = dates.get(relative)
        {
            page.front.updated = Some(Box::new(serde_saphyr::Spanned {
                value: date.clone(),
                referenced: serde_saphyr::Location::UNKNOWN,
                defined: serde_saphyr::Location::UNKNOWN,
            }));
        }
    }
}

/// A resolved site and what resolving it found.
pub struct Resolved {
    /// The site.
    pub site: Arc<Site>,
    /// Warnings (errors make resolving fail).
    pub diagnostics: Diagnostics,
}

/// Whether a project keeps the texts of its pages once they are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageTexts {
    /// For a long-running command, which parses a changed file against the rest.
    Keep,
    /// For a command that renders the site once; each page's text is read again when it
    /// renders.
    Release,
}

/// How many content files are parsed before their texts are let go of: enough to keep every
/// thread busy, few enough that a large site's texts are never all in memory together with
/// what was parsed from them.
const CONTENT_CHUNK: usize = 256;

impl Project {
    /// Discovers the site and parses every file.
    pub fn open(options: &LoadOptions) -> Result<Project, Failed> {
        Ok(Project::parse(options, discover(options)?, PageTexts::Keep))
    }

    /// Like [`Project::open`], for a command that renders the site once (`build`, `check`):
    /// each page's text is let go of once the page is parsed ([`SourceMap::release`]) and read
    /// again when the page renders. Pages' texts are most of what a large site's sources weigh,
    /// and so the texts and the parse results are never all in memory together.
    pub fn open_to_render(options: &LoadOptions) -> Result<Project, Failed> {
        Ok(Project::parse(
            options,
            discover(options)?,
            PageTexts::Release,
        ))
    }

    /// Discovers the site again and parses every file, for changes beyond one content file. A
    /// file keeps its id when it is found again; returns the files whose text changed, that are
    /// new, or that are gone. On failure the project is as it was.
    pub fn refresh(&mut self) -> Result<BTreeSet<FileId>, Failed> {
        let mut inputs = discover(&self.options)?;
        let mut sources = SourceMap::clone(&self.sources);
        let mut changed = BTreeSet::new();
        let mut ids = Vec::new();
        for file in std::mem::take(&mut inputs.sources).into_files() {
            let same = sources
                .find(&file.path)
                .is_some_and(|id| sources.get(id).text() == file.text());
            let id = sources.put(file);
            if !same {
                changed.insert(id);
            }
            ids.push(id);
        }
        let found: BTreeSet<FileId> = ids.iter().copied().collect();
        changed.extend(self.files.difference(&found).copied());
        rebase(&mut inputs, |id| ids[sources_index(id)]);
        inputs.sources = sources;
        *self = Project::parse(&self.options, inputs, PageTexts::Keep);
        Ok(changed)
    }

    /// Parses every file discovery found.
    fn parse(options: &LoadOptions, mut inputs: Inputs, texts: PageTexts) -> Project {
        let sources = &inputs.sources;
        let config = &inputs.config;
        let mut diagnostics = inputs.warnings.clone();
        let (icons, icon_diagnostics) = Icons::load(sources, &inputs.icons);
        diagnostics.extend(icon_diagnostics);
        let icons = Arc::new(icons);
        let theme = match Templates::load(&inputs) {
            Ok(templates) => Some(Theme {
                templates,
                icons: Arc::clone(&icons),
            }),
            Err(errors) => {
                diagnostics.extend(errors);
                None
            }
        };
        let (catalog, message_diagnostics) = Catalog::load(config, sources, &inputs.messages);
        diagnostics.extend(message_diagnostics);
        let (data, data_diagnostics) = DataSet::load(sources, &inputs.data);
        diagnostics.extend(data_diagnostics);

        let registry = theme.as_ref().map(|theme| &theme.templates.registry);
        let chunk = match texts {
            PageTexts::Keep => inputs.content.len().max(1),
            PageTexts::Release => CONTENT_CHUNK,
        };
        let mut content = BTreeMap::new();
        for inputs_chunk in inputs.content.chunks(chunk) {
            let parsed: Vec<(String, ContentEntry)> = inputs_chunk
                .par_iter()
                .map(|input| {
                    if let Err(error) = inputs.sources.get(input.file).load() {
                        let entry = ContentEntry {
                            parsed: None,
                            diagnostics: vec![error],
                        };
                        return (input.relative.clone(), entry);
                    }
                    let mut entry = parse_content(&inputs.sources, config, input, registry);
                    entry.date_from_git(&inputs.commit_dates, &input.relative);
                    (input.relative.clone(), entry)
                })
                .collect();
            if texts == PageTexts::Release {
                for (_, entry) in &parsed {
                    if let Some(Parsed::Page(page)) = &entry.parsed {
                        inputs.sources.release(page.source.file);
                    }
                }
            }
            content.extend(parsed);
        }
        let files = text_inputs(&inputs).collect();
        let theme_or_config = std::iter::once(inputs.config_file)
            .chain(inputs.templates.values().map(|(_, input)| input.file))
            .chain(inputs.shortcodes.values().map(|(_, input)| input.file))
            .chain(inputs.icons.values().map(|input| input.file))
            .collect();
        Project {
            options: options.clone(),
            files,
            theme_or_config,
            root: inputs.root,
            config: inputs.config,
            sources: Arc::new(inputs.sources),
            content,
            content_assets: inputs.content_assets,
            static_files: inputs.static_files,
            commit_dates: inputs.commit_dates,
            catalog: Arc::new(catalog),
            data: Arc::new(data),
            icons,
            theme,
            diagnostics,
            tree_warnings: Vec::new(),
        }
    }

    /// Reads the Markdown file at `relative` (below `content/`) again and parses it, replacing
    /// its previous result; a file that no longer exists is dropped. Other files are untouched.
    pub fn update_content(&mut self, relative: &str) -> Result<(), Diagnostic> {
        let Some((display, text)) = discover::read_content_file(&self.root, relative)? else {
            self.content.remove(relative);
            return Ok(());
        };
        let file = Arc::make_mut(&mut self.sources).set(display, text);
        self.files.insert(file);
        let input = TextInput {
            relative: relative.to_owned(),
            file,
        };
        let registry = self.theme.as_ref().map(|theme| &theme.templates.registry);
        let mut entry = parse_content(&self.sources, &self.config, &input, registry);
        entry.date_from_git(&self.commit_dates, relative);
        self.content.insert(relative.to_owned(), entry);
        Ok(())
    }

    /// The id of the content file at `relative` (below `content/`), if it was ever read.
    pub fn content_file(&self, relative: &str) -> Option<FileId> {
        self.sources
            .find(&std::path::Path::new("content").join(relative))
    }

    /// Every text file read so far, for quoting in reports.
    pub fn sources(&self) -> Arc<SourceMap> {
        Arc::clone(&self.sources)
    }

    /// `site.yaml` and the theme's text files.
    pub fn theme_or_config_files(&self) -> &BTreeSet<FileId> {
        &self.theme_or_config
    }

    /// The theme, if its templates loaded.
    pub fn theme_mut(&mut self) -> Option<&mut Theme> {
        self.theme.as_mut()
    }

    /// Takes the theme out, for a command that renders once.
    pub fn into_theme(self) -> Option<Theme> {
        self.theme
    }

    /// The cross-file stage: checks what spans files (labels of the data against the messages,
    /// URLs against each other and the generated files), builds the page tree and yields the
    /// site. Fails on any error, or on any warning under `strict`.
    pub fn resolve(&mut self, strict: bool) -> Result<Resolved, Failed> {
        let unparsed = self.unparsed_pages();
        let pages = self
            .content
            .values()
            .filter_map(|entry| match &entry.parsed {
                Some(Parsed::Page(page)) if self.options.drafts || !page.front.draft => {
                    Some(ParsedPage::clone(page))
                }
                _ => None,
            })
            .collect();
        self.resolve_pages(pages, &unparsed, strict)
    }

    /// Like [`Project::resolve`], for a project resolved once and dropped: the parsed pages
    /// move into the site instead of being copied, so a large site's pages are not in memory
    /// twice. The project cannot resolve again.
    pub(super) fn resolve_once(&mut self, strict: bool) -> Result<Resolved, Failed> {
        let unparsed = self.unparsed_pages();
        let drafts = self.options.drafts;
        let mut pages = Vec::new();
        for entry in self.content.values_mut() {
            if let Some(Parsed::Page(page)) = &entry.parsed
                && (drafts || !page.front.draft)
                && let Some(Parsed::Page(page)) = entry.parsed.take()
            {
                pages.push(*page);
            }
        }
        self.resolve_pages(pages, &unparsed, strict)
    }

    /// The pages whose files are there but did not parse, by language and key.
    fn unparsed_pages(&self) -> Vec<(Lang, String)> {
        self.content
            .iter()
            .filter(|(_, entry)| entry.parsed.is_none())
            .filter_map(
                |(relative, _)| match content::classify(relative, &self.config) {
                    Ok(ContentRole::Page { lang, key, .. }) => Some((lang, key)),
                    _ => None,
                },
            )
            .collect()
    }

    fn resolve_pages(
        &mut self,
        pages: Vec<ParsedPage>,
        unparsed: &[(Lang, String)],
        strict: bool,
    ) -> Result<Resolved, Failed> {
        let mut others = crate::render::generated_files(&self.config, self.data.ports().is_some());
        others.extend(self.copied_files());
        let (tree, tree_diagnostics) =
            resolve::resolve(&self.config, &self.sources, pages, unparsed, &others);
        self.tree_warnings = tree_diagnostics;
        self.site_from(tree, strict)
    }

    /// Like [`Project::resolve`], after the content files `changed` (below `content/`) were
    /// parsed again: when each is a fragment, or a page whose front matter reads as before,
    /// the tree is `previous`'s with those pages' bodies replaced, since nothing the tree
    /// depends on changed; otherwise the site is resolved anew.
    pub fn resolve_changed(
        &mut self,
        previous: &Site,
        changed: &[String],
        strict: bool,
    ) -> Result<Resolved, Failed> {
        match self.patched_tree(previous, changed) {
            Some(tree) => self.site_from(Some(tree), strict),
            None => self.resolve(strict),
        }
    }

    /// `previous`'s tree with the new bodies of `changed`, if only bodies changed.
    fn patched_tree(&self, previous: &Site, changed: &[String]) -> Option<SiteTree> {
        let mut tree = previous.tree.clone();
        for relative in changed {
            let page = match &self.content.get(relative)?.parsed {
                Some(Parsed::Fragment(_)) => continue,
                Some(Parsed::Page(page)) => page,
                None => return None,
            };
            let id = previous.tree.find(&page.lang, &page.key)?;
            let old = previous.tree.page(id).source.as_ref()?;
            let front_matter = |sources: &SourceMap, source: &PageSource| {
                sources.get(source.file).text()[..source.body_start].to_owned()
            };
            let same_file =
                old.file == page.source.file && old.body_start == page.source.body_start;
            if !same_file
                || front_matter(&previous.sources, old) != front_matter(&self.sources, &page.source)
            {
                return None;
            }
            tree = tree.with_source(id, page.source.clone());
        }
        Some(tree)
    }

    /// The site around `tree`, with every problem the parse and resolve stages found; fails on
    /// any error (a missing tree or theme is one), or on any warning under `strict`.
    fn site_from(&self, tree: Option<SiteTree>, strict: bool) -> Result<Resolved, Failed> {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(self.diagnostics.iter().cloned());
        diagnostics.extend(self.data_checks());
        let mut fragments = Fragments::default();
        for (relative, entry) in &self.content {
            diagnostics.extend(entry.diagnostics.iter().cloned());
            if let Some(Parsed::Fragment(fragment)) = &entry.parsed {
                fragments.insert(relative.clone(), fragment.clone());
            }
        }
        diagnostics.extend(self.tree_warnings.iter().cloned());
        diagnostics.sort(&self.sources);

        let failed = |diagnostics| Failed {
            sources: Arc::clone(&self.sources),
            diagnostics,
            not_a_site: false,
        };
        let Some(tree) = tree.filter(|_| self.theme.is_some()) else {
            return Err(failed(diagnostics));
        };
        if diagnostics.has_fatal(strict) {
            return Err(failed(diagnostics));
        }
        let site = Site {
            root: self.root.clone(),
            config: self.config.clone(),
            sources: Arc::clone(&self.sources),
            tree,
            catalog: Arc::clone(&self.catalog),
            data: Arc::clone(&self.data),
            fragments,
            content_asset_paths: self
                .content_assets
                .iter()
                .map(|asset| asset.relative.clone())
                .collect(),
            content_assets: self.content_assets.clone(),
            static_files: self.static_files.clone(),
        };
        Ok(Resolved {
            site: Arc::new(site),
            diagnostics,
        })
    }

    /// The port list's labels need a message in every language and its icons a file.
    fn data_checks(&self) -> Vec<Diagnostic> {
        let Some(ports) = self.data.ports() else {
            return Vec::new();
        };
        let langs: Vec<_> = self.config.langs().cloned().collect();
        let mut diagnostics =
            crate::data::ports::check_labels(ports, &langs, |lang, id| self.catalog.has(lang, id));
        if self.options.lenient_labels {
            for diagnostic in &mut diagnostics {
                diagnostic.severity = Severity::Warning;
            }
        }
        diagnostics.extend(crate::data::ports::check_icons(ports, |name| {
            self.icons.contains(name)
        }));
        diagnostics
    }

    /// Where the build will copy files, with what they are, so URLs and aliases keep off them.
    fn copied_files(&self) -> OtherOutputs {
        super::copies(
            &self.root,
            &self.config,
            &self.content_assets,
            &self.static_files,
        )
        .into_iter()
        .map(|copy| (copy.path, copy.what))
        .collect()
    }
}

/// Runs discovery.
fn discover(options: &LoadOptions) -> Result<Inputs, Failed> {
    discover::load_site(&options.site, options.base_url.as_deref()).map_err(|failure| Failed {
        sources: Arc::new(failure.sources),
        diagnostics: failure.diagnostics.into_iter().collect(),
        not_a_site: failure.not_a_site,
    })
}

/// The index of a file id in discovery order, which is the order of a fresh source map.
fn sources_index(id: FileId) -> usize {
    id.index()
}

/// Every text file of the inputs.
fn text_inputs(inputs: &Inputs) -> impl Iterator<Item = FileId> + '_ {
    std::iter::once(inputs.config_file)
        .chain(inputs.content.iter().map(|input| input.file))
        .chain(inputs.data.iter().map(|input| input.file))
        .chain(inputs.messages.iter().map(|message| message.input.file))
        .chain(inputs.templates.values().map(|(_, input)| input.file))
        .chain(inputs.shortcodes.values().map(|(_, input)| input.file))
        .chain(inputs.icons.values().map(|input| input.file))
}

/// Gives every file of the inputs the id `map` names.
fn rebase(inputs: &mut Inputs, map: impl Fn(FileId) -> FileId) {
    inputs.config_file = map(inputs.config_file);
    let inputs_of = inputs
        .content
        .iter_mut()
        .chain(inputs.data.iter_mut())
        .chain(inputs.messages.iter_mut().map(|message| &mut message.input))
        .chain(inputs.templates.values_mut().map(|(_, input)| input))
        .chain(inputs.shortcodes.values_mut().map(|(_, input)| input))
        .chain(inputs.icons.values_mut());
    for input in inputs_of {
        input.file = map(input.file);
    }
}

/// Parses one Markdown file as a page or a fragment; with the theme's registry, checks its
/// shortcode names too (without templates, every shortcode would look unknown, and the template
/// errors say enough).
fn parse_content(
    sources: &SourceMap,
    config: &SiteConfig,
    input: &TextInput,
    registry: Option<&Registry>,
) -> ContentEntry {
    let requires_body = |name: &str| registry.is_some_and(|registry| registry.requires_body(name));
    let (parsed, diagnostics) = match content::classify(&input.relative, config) {
        Err(message) => {
            let diagnostic = Diagnostic::new(Code::UnconfiguredLanguage, message)
                .in_file(&sources.get(input.file).path)
                .with_help("add the language to `site.yaml`, or rename the file");
            return ContentEntry {
                parsed: None,
                diagnostics: vec![diagnostic],
            };
        }
        Ok(ContentRole::Fragment) => {
            let (nodes, mut diagnostics) = content::parse_body(
                input.file,
                sources.get(input.file).text(),
                0,
                &requires_body,
            );
            if let Some(registry) = registry {
                content::check_shortcode_names(&nodes, registry, &mut diagnostics);
            }
            let fragment = Fragment {
                file: input.file,
                nodes: nodes.into(),
            };
            (Some(Parsed::Fragment(fragment)), diagnostics)
        }
        Ok(ContentRole::Page { kind, lang, key }) => {
            let (page, diagnostics) =
                content::parse_page(sources, input.file, (kind, lang, key), registry);
            (page.map(|page| Parsed::Page(Box::new(page))), diagnostics)
        }
    };
    ContentEntry {
        parsed,
        diagnostics,
    }
}
