//! A site kept built in memory and brought up to date after its files change: what `serve` runs.
//!
//! The first update builds everything. Later updates parse again only what changed (one content
//! file, or everything after any other change), resolve the site, and render again only the
//! units that depend on something that changed, judged by what each unit recorded
//! (`render::usage::Deps`) and by fingerprints of what the navigation and each page's
//! translations show:
//!
//! - a page whose file changed;
//! - the units showing a language's navigation, when any title, order, URL, description or date
//!   of that language changed (the navigation fingerprint);
//! - the units showing a page (links, translations, breadcrumbs, redirects), when its URL, title
//!   or existence in some language changed (the page's fingerprint);
//! - the units that included a changed fragment, read a changed data file, looked up a message
//!   of a changed Fluent file, or asked for a bundle file that appeared or went away;
//! - everything, when `site.yaml`, a template, a shortcode or an icon changed.
//!
//! The result is the same output as a full build of the same files; a test checks that on
//! sequences of random edits.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Failed, LoadOptions, Project, Resolved};
use crate::config::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics, FileId};
use crate::model::Site;
use crate::render::{self, Unit, usage::Deps};

/// What changed since the last update.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// The Markdown file at this path below `content/` was written, created or deleted.
    Content(String),
    /// Anything else: the site is discovered again.
    Other,
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered bytes.
    Rendered(Arc<[u8]>),
    /// A file copied as it is, from here.
    Copied(PathBuf),
}

/// What an update did.
#[derive(Debug, Default)]
pub struct Update {
    /// Output paths whose content is new or changed.
    pub changed: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
    /// How many units were rendered.
    pub rendered: usize,
    /// How many units the site has.
    pub units: usize,
    /// Everything the site's files give rise to now (warnings; errors fail the update).
    pub diagnostics: Diagnostics,
}

/// A site built in memory, kept up to date.
pub struct LiveBuild {
    options: LoadOptions,
    project: Option<Project>,
    built: Option<Built>,
    /// The templates' per-language values, valid while the site's structure stays.
    prepared: render::Prepared,
}

/// The last good build.
struct Built {
    site: Arc<Site>,
    /// The units in build order.
    unit_list: Arc<Vec<Unit>>,
    units: BTreeMap<Unit, Record>,
    rendered: BTreeMap<String, Arc<[u8]>>,
    copied: BTreeMap<String, PathBuf>,
    fingerprints: Arc<Fingerprints>,
}

/// What one unit rendered and used.
struct Record {
    files: Vec<String>,
    deps: Deps,
    diagnostics: Vec<Diagnostic>,
    /// The messages it used that its language lacks (shown in the default language).
    missing: Vec<(Lang, String)>,
}

impl LiveBuild {
    /// A site to build on the first [`LiveBuild::update`].
    pub fn new(options: &LoadOptions) -> LiveBuild {
        LiveBuild {
            options: options.clone(),
            project: None,
            built: None,
            prepared: render::Prepared::default(),
        }
    }

    /// Every text file read, for quoting in reports; none before the first update.
    pub fn sources(&self) -> Option<Arc<crate::diagnostics::SourceMap>> {
        self.project.as_ref().map(Project::sources)
    }

    /// Every file of the last good build, by output path.
    pub fn outputs(&self) -> BTreeMap<&str, Output> {
        let Some(built) = &self.built else {
            return BTreeMap::new();
        };
        let rendered = built
            .rendered
            .iter()
            .map(|(path, bytes)| (path.as_str(), Output::Rendered(Arc::clone(bytes))));
        let copied = built
            .copied
            .iter()
            .map(|(path, from)| (path.as_str(), Output::Copied(from.clone())));
        copied.chain(rendered).collect()
    }

    /// Brings the build up to date with `changes`. On failure (errors in the site's files) the
    /// last good build stays, and the next update starts from it.
    pub fn update(&mut self, changes: &[Change]) -> Result<Update, Failed> {
        let changed_files = self.reparse(changes)?;
        let project = self.project.as_mut().expect("reparse leaves a project");
        let content: Vec<String> = changes
            .iter()
            .filter_map(|change| match change {
                Change::Content(relative) => Some(relative.clone()),
                Change::Other => None,
            })
            .collect();
        let Resolved { site, diagnostics } = match &self.built {
            Some(built) if content.len() == changes.len() => {
                project.resolve_changed(&built.site, &content, false)?
            }
            _ => project.resolve(false)?,
        };
        let full = self.built.is_none()
            || changed_files
                .iter()
                .any(|file| project.theme_or_config_files().contains(file));
        let theme = project
            .theme_mut()
            .expect("a project resolves only when its templates loaded");
        let previous = self.built.take();
        // Bodies alone changed: the navigation, every page's versions and the list of units
        // are those of the previous build.
        let same = previous
            .as_ref()
            .filter(|built| !full && built.site.tree.same_structure(&site.tree));
        let (units, fingerprints) = match same {
            Some(built) => (
                Arc::clone(&built.unit_list),
                Arc::clone(&built.fingerprints),
            ),
            None => (
                Arc::new(render::units(&site)),
                Arc::new(Fingerprints::of(&site)),
            ),
        };
        let to_render: Vec<Unit> = match (&previous, full) {
            (Some(built), false) => {
                match same {
                    // The units are those of the last build: each one's record is at hand.
                    Some(_) => {
                        let changes = Changes::files_only(&site, &changed_files);
                        built
                            .units
                            .iter()
                            .filter(|(unit, record)| changes.affect(unit, Some(record)))
                            .map(|(unit, _)| unit.clone())
                            .collect()
                    }
                    None => {
                        let changes = Changes::between(built, &site, &fingerprints, &changed_files);
                        units
                            .iter()
                            .filter(|unit| changes.affect(unit, built.units.get(unit)))
                            .cloned()
                            .collect()
                    }
                }
            }
            _ => units.to_vec(),
        };
        if same.is_none() {
            self.prepared = render::Prepared::default();
        }
        let rendered = render::render_units(theme, &site, &to_render, &mut self.prepared);
        let reuse = same.is_some();
        let next = Built::next(previous, &site, units, rendered, fingerprints, reuse);
        let diagnostics = next.built.diagnostics(diagnostics);
        let count = next.built.unit_list.len();
        self.built = Some(next.built);
        Ok(Update {
            changed: next.changed,
            removed: next.removed,
            rendered: to_render.len(),
            units: count,
            diagnostics,
        })
    }

    /// One file of the last good build.
    pub fn output(&self, path: &str) -> Option<Output> {
        let built = self.built.as_ref()?;
        if let Some(bytes) = built.rendered.get(path) {
            return Some(Output::Rendered(Arc::clone(bytes)));
        }
        built
            .copied
            .get(path)
            .map(|from| Output::Copied(from.clone()))
    }

    /// Parses again what `changes` touch; returns the files that changed.
    fn reparse(&mut self, changes: &[Change]) -> Result<BTreeSet<FileId>, Failed> {
        let Some(project) = &mut self.project else {
            self.project = Some(Project::open(&self.options)?);
            return Ok(BTreeSet::new());
        };
        if changes.contains(&Change::Other) {
            return project.refresh();
        }
        let mut changed = BTreeSet::new();
        for change in changes {
            let Change::Content(relative) = change else {
                continue;
            };
            if let Some(file) = project.content_file(relative) {
                changed.insert(file);
            }
            project
                .update_content(relative)
                .map_err(|diagnostic| Failed {
                    sources: project.sources(),
                    diagnostics: diagnostic.into(),
                    not_a_site: false,
                })?;
            if let Some(file) = project.content_file(relative) {
                changed.insert(file);
            }
        }
        Ok(changed)
    }
}

/// A build after an update, with what changed in its output.
struct Next {
    built: Built,
    changed: Vec<String>,
    removed: Vec<String>,
}

impl Built {
    /// The build after rendering `rendered` over `previous`: units no longer in `units` drop
    /// their files, rendered units replace theirs, copies follow the site.
    ///
    /// With `same_units`, the units and copies are those of `previous` (bodies alone changed).
    fn next(
        previous: Option<Built>,
        site: &Arc<Site>,
        units: Arc<Vec<Unit>>,
        rendered: render::Rendered,
        fingerprints: Arc<Fingerprints>,
        same_units: bool,
    ) -> Next {
        let (mut records, mut files, old_copied) = match previous {
            Some(built) => (built.units, built.rendered, built.copied),
            None => Default::default(),
        };
        let mut changed = BTreeSet::new();
        let mut removed = BTreeSet::new();
        let gone: Vec<Unit> = if same_units {
            Vec::new()
        } else {
            let current: BTreeSet<&Unit> = units.iter().collect();
            records
                .keys()
                .filter(|unit| !current.contains(unit))
                .cloned()
                .collect()
        };
        for unit in gone {
            if let Some(record) = records.remove(&unit) {
                for path in record.files {
                    files.remove(&path);
                    removed.insert(path);
                }
            }
        }
        for unit in rendered.units {
            let old = records
                .remove(&unit.unit)
                .map(|record| record.files)
                .unwrap_or_default();
            for path in &old {
                files.remove(path);
            }
            let mut paths = Vec::new();
            for file in unit.files {
                let bytes: Arc<[u8]> = file.bytes.into();
                paths.push(file.path.clone());
                removed.remove(&file.path);
                changed.insert(file.path.clone());
                files.insert(file.path, bytes);
            }
            for path in old {
                if !paths.contains(&path) {
                    removed.insert(path);
                }
            }
            let missing = render::missing_messages(site, &unit.unit, &unit.deps);
            records.insert(
                unit.unit,
                Record {
                    files: paths,
                    deps: unit.deps,
                    diagnostics: unit.diagnostics,
                    missing,
                },
            );
        }
        if !same_units {
            // Messages may have changed: what a unit lacks is judged anew.
            for (unit, record) in &mut records {
                record.missing = render::missing_messages(site, unit, &record.deps);
            }
        }
        let copied = if same_units {
            old_copied
        } else {
            let copied: BTreeMap<String, PathBuf> = super::copies(
                &site.root,
                &site.config,
                &site.content_assets,
                &site.static_files,
            )
            .into_iter()
            .map(|copy| (copy.path, copy.from.path.clone()))
            .collect();
            for path in old_copied.keys() {
                if !copied.contains_key(path) && !files.contains_key(path) {
                    removed.insert(path.clone());
                }
            }
            for (path, from) in &copied {
                if old_copied.get(path) != Some(from) {
                    changed.insert(path.clone());
                }
            }
            copied
        };
        Next {
            built: Built {
                site: Arc::clone(site),
                unit_list: units,
                units: records,
                rendered: files,
                copied,
                fingerprints,
            },
            changed: changed.into_iter().collect(),
            removed: removed.into_iter().collect(),
        }
    }
}

impl Built {
    /// Every diagnostic of the site as it is now: `resolved` from loading it, each unit's, and
    /// the warnings about messages a language lacks.
    fn diagnostics(&self, resolved: Diagnostics) -> Diagnostics {
        let mut diagnostics = resolved;
        let mut missing = BTreeSet::new();
        for record in self.units.values() {
            diagnostics.extend(record.diagnostics.iter().cloned());
            missing.extend(record.missing.iter().cloned());
        }
        diagnostics.extend(render::fallback_diagnostics(&self.site, missing));
        diagnostics.sort(&self.site.sources);
        diagnostics
    }
}

/// What the navigation of each language and each page's versions show, hashed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Fingerprints {
    navigation: BTreeMap<Lang, u64>,
    pages: HashMap<String, u64>,
}

impl Fingerprints {
    fn of(site: &Site) -> Fingerprints {
        let tree = &site.tree;
        let mut navigation = BTreeMap::new();
        for lang in site.config.langs() {
            let mut hasher = DefaultHasher::new();
            serde_json::to_string(&tree.nav(lang))
                .unwrap_or_default()
                .hash(&mut hasher);
            for id in tree.ids() {
                let page = tree.page(id);
                if &page.lang != lang {
                    continue;
                }
                let front = &page.front;
                (&page.key, &page.path, &front.title, &front.description).hash(&mut hasher);
                (front.weight, front.date.as_ref().map(|date| &date.value)).hash(&mut hasher);
                front
                    .updated
                    .as_ref()
                    .map(|date| &date.value)
                    .hash(&mut hasher);
                page.children.len().hash(&mut hasher);
            }
            navigation.insert(lang.clone(), hasher.finish());
        }
        let mut versions: HashMap<&str, DefaultHasher> = HashMap::new();
        for id in tree.ids() {
            let page = tree.page(id);
            let hasher = versions.entry(&page.key).or_default();
            (&page.lang, &page.path, page.title()).hash(hasher);
        }
        let pages = versions
            .into_iter()
            .map(|(key, hasher)| (key.to_owned(), hasher.finish()))
            .collect();
        Fingerprints { navigation, pages }
    }
}

/// The pages of `site` whose own file is among `files`.
fn edited<'a>(site: &'a Site, files: &BTreeSet<FileId>) -> BTreeSet<(&'a Lang, &'a str)> {
    site.tree
        .ids()
        .map(|id| site.tree.page(id))
        .filter(|page| {
            page.source
                .as_ref()
                .is_some_and(|source| files.contains(&source.file))
        })
        .map(|page| (&page.lang, page.key.as_str()))
        .collect()
}

/// What changed between the last good build and the site just resolved.
struct Changes<'a> {
    files: &'a BTreeSet<FileId>,
    /// The pages whose own file is among `files`, by language and key.
    edited: BTreeSet<(&'a Lang, &'a str)>,
    navigation: BTreeSet<&'a Lang>,
    pages: BTreeSet<&'a str>,
    data: BTreeSet<String>,
    messages: BTreeSet<String>,
    assets: BTreeSet<String>,
}

impl<'a> Changes<'a> {
    /// When bodies alone changed: the files, and nothing the navigation or other pages show.
    fn files_only(site: &'a Site, files: &'a BTreeSet<FileId>) -> Changes<'a> {
        Changes {
            files,
            edited: edited(site, files),
            navigation: BTreeSet::new(),
            pages: BTreeSet::new(),
            data: BTreeSet::new(),
            messages: BTreeSet::new(),
            assets: BTreeSet::new(),
        }
    }

    fn between(
        built: &'a Built,
        site: &'a Site,
        fingerprints: &'a Fingerprints,
        files: &'a BTreeSet<FileId>,
    ) -> Changes<'a> {
        let old = &built.fingerprints;
        let navigation = fingerprints
            .navigation
            .iter()
            .filter(|(lang, hash)| old.navigation.get(*lang) != Some(hash))
            .map(|(lang, _)| lang)
            .collect();
        let pages = fingerprints
            .pages
            .iter()
            .filter(|(key, hash)| old.pages.get(*key) != Some(hash))
            .map(|(key, _)| key.as_str())
            .chain(
                old.pages
                    .keys()
                    .filter(|key| !fingerprints.pages.contains_key(*key))
                    .map(String::as_str),
            )
            .collect();
        let data = [&built.site, site]
            .iter()
            .flat_map(|site| site.data.iter())
            .filter(|(_, data)| files.contains(&data.file))
            .map(|(name, _)| name.to_owned())
            .collect();
        let messages = [&built.site.catalog, &site.catalog]
            .iter()
            .flat_map(|catalog| {
                site.config
                    .langs()
                    .flat_map(move |lang| catalog.ids(lang))
                    .filter(|(_, definition)| files.contains(&definition.span.file))
                    .map(|(id, _)| id.to_owned())
            })
            .collect();
        let assets = built
            .site
            .content_asset_paths
            .symmetric_difference(&site.content_asset_paths)
            .flat_map(|path| {
                let target = crate::content::asset_target(path, &site.config).path;
                [path.clone(), target]
            })
            .collect();
        Changes {
            files,
            edited: edited(site, files),
            navigation,
            pages,
            data,
            messages,
            assets,
        }
    }

    /// Whether `unit` (which recorded `record` when it last rendered) must render again.
    fn affect(&self, unit: &Unit, record: Option<&Record>) -> bool {
        let Some(record) = record else {
            return true;
        };
        let deps = &record.deps;
        let own_file = match unit {
            Unit::Page { lang, key } => self.edited.contains(&(lang, key.as_str())),
            _ => false,
        };
        // Most edits change one file and nothing else: the empty sets are skipped, not
        // searched once per dependency of every unit.
        own_file
            || (!self.navigation.is_empty()
                && deps
                    .navigation
                    .iter()
                    .any(|lang| self.navigation.contains(lang)))
            || (!self.pages.is_empty()
                && deps
                    .pages
                    .iter()
                    .any(|key| self.pages.contains(key.as_str())))
            || deps.fragments.iter().any(|file| self.files.contains(file))
            || (!self.data.is_empty() && deps.data.iter().any(|name| self.data.contains(name)))
            || (!self.messages.is_empty()
                && deps.messages.iter().any(|key| {
                    let id = key.split_once('.').map_or(key.as_str(), |(id, _)| id);
                    self.messages.contains(id)
                }))
            || (!self.assets.is_empty()
                && deps.assets.iter().any(|path| self.assets.contains(path)))
    }
}
