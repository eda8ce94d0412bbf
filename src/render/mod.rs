//! Rendering: the resolved [`Site`] plus the theme become in-memory output files.
//!
//! Every output file is a *unit*: a page, a language's 404 page, the language chooser at `/`,
//! the sitemap, the port list's exports, or a redirect for an alias. A unit is named by what it
//! is ([`Unit`]), not by a position, so it keeps its identity from one build to the next, which
//! is what a long-running command needs to re-render only some units. Units are independent and
//! render in parallel; values shared by all pages of a language (site view, navigation tree) are
//! built once per call.
//! [`render_units`] renders any set of units against a theme that outlives the call: the
//! template functions are bound to the site and to a typed [`scope::Scope`] per unit for the
//! call's duration only.
//! Rendering does no file I/O; the write stage puts the result on disk.

mod body;
pub(crate) mod functions;
mod nav;
mod ports;
mod resources;
mod scope;
pub mod usage;
mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::{Lang, SiteConfig};
use crate::content::PageKind;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::export;
use crate::model::Site;
use crate::resolve::PageId;
use crate::shortcode::parser::Node;
use crate::theme::{Templates, Theme};
use crate::url;

pub use scope::LinkSource;
use scope::{Scope, Session};
use usage::Deps;

/// One rendered file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path below the output folder, '/'-separated.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Something that renders to one or more output files, named by what it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// A content page.
    Page {
        /// Its language.
        lang: Lang,
        /// Its canonical key (`server/port-overview`; `""` for the home page).
        key: String,
    },
    /// A language's "page not found" page.
    NotFound(Lang),
    /// The language chooser at the site root.
    Root,
    /// One part of the sitemap: the pages from `part * SITEMAP_ENTRIES` on, in tree order.
    /// `sitemap.xml` itself when the site has one part, else `sitemap-<part + 1>.xml`.
    Sitemap(usize),
    /// `sitemap.xml` as the index of the sitemap's parts, for a site of more than one.
    SitemapIndex,
    /// `robots.txt`, pointing crawlers at the sitemap.
    Robots,
    /// The port list for tools: `data/ports.json` (and its schema), `.csv`, `.nft`, `.iptables`.
    PortExports,
    /// A redirect from an old path to a page.
    Alias {
        /// The language of the page redirected to.
        lang: Lang,
        /// The canonical key of the page redirected to.
        key: String,
        /// The redirect's output folder (`de/old/ports/`).
        folder: String,
    },
}

/// The result of rendering units.
#[derive(Debug)]
pub struct Rendered {
    /// Each unit with what it rendered, in the order asked for.
    pub units: Vec<RenderedUnit>,
    /// Every unit's problems, and the warnings about messages a language lacks.
    pub diagnostics: Vec<Diagnostic>,
}

/// One unit, rendered.
#[derive(Debug)]
pub struct RenderedUnit {
    /// Which unit.
    pub unit: Unit,
    /// Its files (none when it failed).
    pub files: Vec<OutputFile>,
    /// What it used.
    pub deps: Deps,
    /// Its problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the links of its page were written (its Markdown or a shortcode); links not listed
    /// come from templates.
    pub links: Vec<LinkSource>,
}

impl Rendered {
    /// Every rendered file, in unit order.
    pub fn files(&self) -> impl Iterator<Item = &OutputFile> {
        self.units.iter().flat_map(|unit| &unit.files)
    }

    /// Every file, taken out, in unit order.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.units.into_iter().flat_map(|unit| unit.files).collect()
    }
}

/// Per-language values shared by all units of that language.
struct LangValues {
    site: Value,
    /// The navigation for themes that iterate it themselves; `None` while no template names
    /// `nav` or `nav_list` (the default theme writes it with `nav_tree()`): converted, a large
    /// language's navigation is megabytes.
    nav: Option<NavValues>,
}

struct NavValues {
    nav: Value,
    /// The file with the whole top-level list, when it is long (`SiteTree::nav_list`).
    nav_list: Value,
}

/// The per-language values of one site, converted for the templates when a unit first needs
/// them. A live build keeps them from one render to the next while the site's structure (what
/// the navigation and the site view show) stays; converting and dropping the navigation of a
/// large language costs more than rendering the page that changed.
#[derive(Default)]
pub struct Prepared {
    languages: BTreeMap<Lang, LangValues>,
}

impl Prepared {
    /// Converts the values of the languages `units` show that are not converted yet, the
    /// navigation only if the templates name it (`uses_nav`).
    fn cover(&mut self, site: &Site, units: &[Unit], uses_nav: bool) {
        for unit in units {
            let lang = match unit {
                Unit::Page { lang, .. } | Unit::NotFound(lang) | Unit::Alias { lang, .. } => lang,
                Unit::Root
                | Unit::Sitemap(_)
                | Unit::SitemapIndex
                | Unit::Robots
                | Unit::PortExports => &site.config.default_lang,
            };
            let values = self
                .languages
                .entry(lang.clone())
                .or_insert_with(|| LangValues {
                    site: Value::from_serializable(&view::site_view(
                        &site.config,
                        &site.tree,
                        lang,
                    )),
                    nav: None,
                });
            if uses_nav && values.nav.is_none() {
                values.nav = Some(NavValues {
                    nav: Value::from_serializable(&site.tree.nav(lang)),
                    nav_list: Value::from_serializable(&site.tree.nav_list(site.tree.home(lang))),
                });
            }
        }
    }
}

/// Renders every unit of the site.
pub fn render_site(theme: &mut Theme, site: &Arc<Site>) -> Rendered {
    render_units(theme, site, &units(site), &mut Prepared::default())
}

/// Renders `units` of `site` with `theme`. The theme outlives the call; its template functions
/// serve this site and these units only while the call runs. `prepared` must hold nothing or
/// values of a site with the same structure as `site`.
pub fn render_units(
    theme: &mut Theme,
    site: &Arc<Site>,
    units: &[Unit],
    prepared: &mut Prepared,
) -> Rendered {
    let mut rendered = render_batch(theme, site, units, prepared);
    let fallback = fallback_warnings(
        site,
        rendered.units.iter().map(|unit| (&unit.unit, &unit.deps)),
    );
    rendered.diagnostics.extend(fallback);
    rendered
}

/// Like [`render_units`], without the warnings about messages a language lacks, which are
/// judged over all units ([`fallback_warnings`]): a build renders its units in batches and
/// writes each batch before the next, so that the whole site is never held in memory.
pub fn render_batch(
    theme: &mut Theme,
    site: &Arc<Site>,
    units: &[Unit],
    prepared: &mut Prepared,
) -> Rendered {
    let session = Arc::new(Session::new(site, &theme.icons, units.len()));
    functions::register(&mut theme.templates.tera, &session);
    prepared.cover(site, units, theme.templates.names_navigation());
    let renderer = Renderer {
        site,
        session: &session,
        templates: &theme.templates,
        languages: &prepared.languages,
    };
    let results: Vec<(Vec<OutputFile>, Vec<Diagnostic>)> = units
        .par_iter()
        .enumerate()
        .map(|(index, unit)| renderer.render_unit(index, unit))
        .collect();
    // Between calls the functions hold nothing, so the theme keeps no site alive.
    crate::theme::functions::declare(&mut theme.templates.tera);

    let rendered: Vec<RenderedUnit> = results
        .into_iter()
        .zip(session.take_links())
        .zip(units.iter().cloned().zip(session.take_deps()))
        .map(
            |(((files, diagnostics), links), (unit, deps))| RenderedUnit {
                unit,
                files,
                deps,
                diagnostics,
                links,
            },
        )
        .collect();
    let diagnostics: Vec<Diagnostic> = rendered
        .iter()
        .flat_map(|unit| unit.diagnostics.iter().cloned())
        .collect();
    Rendered {
        units: rendered,
        diagnostics,
    }
}

/// The most pages one sitemap file lists. A larger site's `sitemap.xml` is the index of files
/// of this many (`sitemap-1.xml`, …), as the protocol wants beyond 50,000: the sitemap's
/// template sees each of its pages as a value of about 2 KB, and a part of this size renders
/// in about 10 MB on one thread where the whole sitemap of 20,000 pages took 40 MB.
pub const SITEMAP_ENTRIES: usize = 5_000;

/// How many files the sitemap of `site` takes ([`SITEMAP_ENTRIES`]).
fn sitemap_parts(site: &Site) -> usize {
    site.tree.ids().count().div_ceil(SITEMAP_ENTRIES).max(1)
}

/// Lists the units in a fixed order: the sitemap's parts and index, per-language 404s, the
/// root, the robots file and the port exports, then pages and alias redirects. The sitemap
/// goes first because its parts are the largest units (thousands of pages each, as template
/// values): rendered first, they do not add to what a build has gathered of the pages by the
/// end.
pub fn units(site: &Site) -> Vec<Unit> {
    let page_unit = |id: PageId| {
        let page = site.tree.page(id);
        Unit::Page {
            lang: page.lang.clone(),
            key: page.key.clone(),
        }
    };
    let parts = sitemap_parts(site);
    let mut units: Vec<Unit> = (0..parts).map(Unit::Sitemap).collect();
    if parts > 1 {
        units.push(Unit::SitemapIndex);
    }
    units.extend(site.config.langs().cloned().map(Unit::NotFound));
    units.push(Unit::Root);
    units.push(Unit::Robots);
    if site.data.ports().is_some() {
        units.push(Unit::PortExports);
    }
    units.extend(site.tree.ids().map(page_unit));
    for id in site.tree.ids() {
        let page = site.tree.page(id);
        for folder in &page.alias_paths {
            units.push(Unit::Alias {
                lang: page.lang.clone(),
                key: page.key.clone(),
                folder: folder.clone(),
            });
        }
    }
    units
}

/// Every file the build generates besides pages and alias redirects, with what it is, so the
/// resolve stage can keep URLs and aliases off them. It lists what the units other than pages
/// and aliases render (a test renders a site and compares), but for the parts of a large
/// site's sitemap (`sitemap-1.xml`, …), whose number the tree decides: no page or alias is a
/// file at the root, and a copied file of such a name is reported as the same output twice.
pub fn generated_files(config: &SiteConfig, with_ports: bool) -> BTreeMap<String, String> {
    let mut files = BTreeMap::from([
        ("index.html".to_owned(), "the language chooser".to_owned()),
        ("404.html".to_owned(), "the 404 page".to_owned()),
        ("sitemap.xml".to_owned(), "the sitemap".to_owned()),
        ("robots.txt".to_owned(), "the robots file".to_owned()),
    ]);
    for lang in config.langs() {
        files.insert(
            format!("{lang}/404.html"),
            format!("the 404 page of `{lang}`"),
        );
    }
    if with_ports {
        let exports = export::Format::ALL
            .map(export::Format::file_name)
            .into_iter()
            .chain([export::JSON_SCHEMA_FILE]);
        for name in exports {
            files.insert(
                format!("data/{name}"),
                "an export of the port list".to_owned(),
            );
        }
    }
    files
}

struct Renderer<'a> {
    site: &'a Site,
    session: &'a Session,
    templates: &'a Templates,
    languages: &'a BTreeMap<Lang, LangValues>,
}

impl Renderer<'_> {
    fn render_unit(&self, index: usize, unit: &Unit) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site = self.site;
        match unit {
            Unit::Page { lang, key } => match site.tree.find(lang, key) {
                Some(id) => self.render_page(index, id),
                None => (Vec::new(), vec![missing_page(lang, key)]),
            },
            Unit::NotFound(lang) => self.render_not_found(index, lang),
            Unit::Root => {
                let lang = &site.config.default_lang;
                self.enter(index, Scope::plain(lang, ""));
                self.render_simple(index, "root.html", "index.html", lang, "")
            }
            Unit::Sitemap(part) => self.render_sitemap(index, *part),
            Unit::SitemapIndex => (self.render_sitemap_index(index), Vec::new()),
            Unit::Robots => {
                let lang = &site.config.default_lang;
                self.enter(index, Scope::plain(lang, ""));
                self.render_simple(index, "robots.txt", "robots.txt", lang, "")
            }
            Unit::PortExports => (self.render_port_exports(index), Vec::new()),
            Unit::Alias { lang, key, folder } => match site.tree.find(lang, key) {
                Some(id) => self.render_alias(index, id, folder),
                None => (Vec::new(), vec![missing_page(lang, key)]),
            },
        }
    }

    /// Gives the unit its scope, which the template functions read while it renders.
    fn enter(&self, unit: usize, scope: Scope) {
        self.session.enter(unit, scope);
    }

    /// The context every template of a language starts from. It holds the language's
    /// navigation, so the unit depends on it.
    fn base_context(&self, unit: usize, lang: &Lang, root: &str) -> Context {
        self.session.record(unit, |deps| {
            deps.navigation.insert(lang.clone());
        });
        let values = &self.languages[lang];
        let mut context = Context::new();
        context.insert_value("site", values.site.clone());
        if let Some(nav) = &values.nav {
            context.insert_value("nav", nav.nav.clone());
            context.insert_value("nav_list", nav.nav_list.clone());
        }
        context.insert("lang", lang.as_str());
        context.insert("root", root);
        context.insert("unit", &unit);
        context
    }

    fn render_template(
        &self,
        unit: usize,
        template: &str,
        context: &Context,
        at: Option<Span>,
    ) -> Result<String, Diagnostic> {
        self.session.record(unit, |deps| {
            deps.templates.insert(template.to_owned());
        });
        let rendered = self.templates.tera.render(template, context);
        let failure = self.session.take_failure(unit);
        rendered.map_err(|error| {
            let diagnostic = self.templates.diagnostic(&error, &self.site.sources);
            let diagnostic = scope::with_failure(diagnostic, failure);
            match at {
                Some(span) => diagnostic.with_note(span, "while rendering this page"),
                None => diagnostic,
            }
        })
    }

    /// Renders a template into one output file, or the error that prevented it.
    fn render_file(
        &self,
        unit: usize,
        template: &str,
        context: &Context,
        at: Option<Span>,
        path: String,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let rendered = self.render_template(unit, template, context, at);
        let mut diagnostics: Vec<Diagnostic> = self
            .session
            .take_warnings(unit)
            .into_iter()
            .map(|message| {
                let warning = Diagnostic::new(Code::TemplateWarning, message);
                match at {
                    Some(span) => warning
                        .at(span)
                        .with_label(format!("while rendering with `{template}`")),
                    None => warning,
                }
            })
            .collect();
        let icons = self.session.take_icons(unit);
        match rendered {
            Ok(mut text) => {
                if !icons.is_empty() {
                    let sprite = self.session.icons.sprite(icons.iter().map(String::as_str));
                    let at = text.rfind("</body>").unwrap_or(text.len());
                    text.insert_str(at, &sprite);
                }
                (
                    vec![OutputFile {
                        path,
                        bytes: text.into_bytes(),
                    }],
                    diagnostics,
                )
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                (Vec::new(), diagnostics)
            }
        }
    }

    fn render_page(&self, unit: usize, id: PageId) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site = self.site;
        let page = site.tree.page(id);
        let root = url::root_of(&page.path);
        // The page's text, read again if the build let it go; a text that changed since the
        // site was read is reported for the whole build (`SourceMap::changed`).
        let source = match &page.source {
            Some(source) => match site.sources.get(source.file).read() {
                Some(text) => Some((source, text)),
                None => return (Vec::new(), Vec::new()),
            },
            None => None,
        };
        let requires_body = |name: &str| self.templates.registry.requires_body(name);
        let nodes = source
            .as_ref()
            .map(|(source, text)| source.nodes(text, &requires_body))
            .unwrap_or_default();
        self.enter(unit, Scope::page(site, id, &nodes, &root));
        let mut context = self.base_context(unit, &page.lang, &root);
        // The language switcher and the breadcrumbs show this page's translations and its
        // ancestors (or, for a missing translation, the nearest translated ancestor).
        self.session.record(unit, |deps| {
            deps.pages.insert(page.key.clone());
            for ancestor in site.tree.ancestors(id) {
                deps.pages.insert(site.tree.page(ancestor).key.clone());
            }
        });
        context.insert_value(
            "page",
            Value::from_serializable(&view::page_view(&site.config, &site.tree, id)),
        );
        let text = source.as_ref().map_or("", |(_, text)| &**text);
        let (html, headings, mut diagnostics) =
            self.render_page_body(unit, id, text, &nodes, &context);
        context.insert_value("content", Value::safe_string(&html));
        context.insert("toc", &view::toc_view(&headings));

        let template = match self.page_template(id) {
            Ok(template) => template,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return (Vec::new(), diagnostics);
            }
        };
        let at = source
            .as_ref()
            .map(|(source, text)| crate::content::first_line(source.file, text));
        let path = format!("{}index.html", page.path);
        let (mut files, mut render_diagnostics) =
            self.render_file(unit, &template, &context, at, path);
        diagnostics.append(&mut render_diagnostics);
        // A long list of children is one file that every page showing part of it loads.
        if site.tree.nav_list(id).is_some() {
            files.push(OutputFile {
                path: format!("{}{}", page.path, crate::resolve::NAV_LIST_FILE),
                bytes: view::nav_list_script(&site.tree, id).into_bytes(),
            });
        }
        (files, diagnostics)
    }

    /// The page's body as HTML, its headings, and the problems found in it.
    fn render_page_body(
        &self,
        unit: usize,
        id: PageId,
        text: &str,
        nodes: &[Node],
        context: &Context,
    ) -> (String, Vec<crate::markdown::Heading>, Vec<Diagnostic>) {
        let site = self.site;
        let page = site.tree.page(id);
        let Some(source) = &page.source else {
            return (String::new(), Vec::new(), Vec::new());
        };
        let dir = content_dir(&site.sources.get(source.file).path);
        let env = body::BodyEnv {
            site,
            templates: self.templates,
            session: self.session,
            unit,
            lang: &page.lang,
            dir: &dir,
            folder: &page.path,
            base: context,
        };
        let rendered = body::render_body(&env, source.file, text, nodes);
        (rendered.html, rendered.headings, rendered.diagnostics)
    }

    /// The template a page renders with: its own `template:`, or the one of its kind. Only a
    /// page's own `template:` can name a missing one; the defaults come with the theme.
    fn page_template(&self, id: PageId) -> Result<String, Diagnostic> {
        let site = self.site;
        let page = site.tree.page(id);
        let template = match &page.front.template {
            Some(name) => name.value.clone(),
            None => match page.kind {
                PageKind::Home => "home.html",
                PageKind::Section => "section.html",
                PageKind::Page => "page.html",
            }
            .to_owned(),
        };
        if self.templates.contains(&template) {
            return Ok(template);
        }
        let field = page
            .front
            .template
            .as_ref()
            .zip(page.source.as_ref())
            .map(|(name, source)| {
                crate::content::front_matter::field_span(
                    &site.sources,
                    source.file,
                    &name.referenced,
                )
            });
        let at = page
            .source
            .as_ref()
            .map(|source| crate::content::head_span(&site.sources, source.file));
        let diagnostic = Diagnostic::new(
            Code::PageTemplateNotFound,
            format!("template `{template}` not found"),
        )
        .with_help("add it to `templates/` of the site or the theme");
        Err(match field.or(at) {
            Some(span) => diagnostic.at(span),
            None => diagnostic,
        })
    }

    fn render_not_found(&self, unit: usize, lang: &Lang) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        // The 404 page is served for any missing path, so its links must not be relative.
        let root = self.site.config.base_path();
        self.enter(unit, Scope::plain(lang, root));
        let mut files = Vec::new();
        let (mut rendered, diagnostics) =
            self.render_simple(unit, "404.html", &format!("{lang}/404.html"), lang, root);
        if lang == &self.site.config.default_lang
            && let Some(file) = rendered.first()
        {
            files.push(OutputFile {
                path: "404.html".to_owned(),
                bytes: file.bytes.clone(),
            });
        }
        files.append(&mut rendered);
        (files, diagnostics)
    }

    /// Renders a template that needs only the base context.
    fn render_simple(
        &self,
        unit: usize,
        template: &str,
        path: &str,
        lang: &Lang,
        root: &str,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let context = self.base_context(unit, lang, root);
        self.render_file(unit, template, &context, None, path.to_owned())
    }

    fn render_sitemap(&self, unit: usize, part: usize) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site = self.site;
        let lang = &site.config.default_lang;
        self.enter(unit, Scope::plain(lang, ""));
        // It lists pages of every language.
        self.session.record(unit, |deps| {
            deps.navigation.extend(site.config.langs().cloned());
        });
        let mut context = self.base_context(unit, lang, "");
        context.insert("entries", &SitemapEntries { site, part });
        let path = match sitemap_parts(site) {
            1 => "sitemap.xml".to_owned(),
            _ => sitemap_part_file(part),
        };
        self.render_file(unit, "sitemap.xml", &context, None, path)
    }

    /// The index of the sitemap's parts. It names files and nothing a theme would word, so it
    /// is written here rather than by a template.
    fn render_sitemap_index(&self, unit: usize) -> Vec<OutputFile> {
        let site = self.site;
        self.session.record(unit, |deps| {
            deps.navigation.extend(site.config.langs().cloned());
        });
        let mut xml = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        ));
        for part in 0..sitemap_parts(site) {
            let loc = url::absolute(&site.config.base_url, &sitemap_part_file(part));
            xml.push_str("  <sitemap>\n    <loc>");
            crate::html::escape_into(&mut xml, &loc);
            xml.push_str("</loc>\n  </sitemap>\n");
        }
        xml.push_str("</sitemapindex>\n");
        vec![OutputFile {
            path: "sitemap.xml".to_owned(),
            bytes: xml.into_bytes(),
        }]
    }

    fn render_port_exports(&self, unit: usize) -> Vec<OutputFile> {
        let site = self.site;
        let Some(list) = site.data.ports() else {
            return Vec::new();
        };
        self.session.record(unit, |deps| {
            deps.data.insert(crate::data::PORTS.to_owned());
            deps.messages
                .extend(list.labels().map(|label| label.id.clone()));
        });
        let langs: Vec<Lang> = site.config.langs().cloned().collect();
        let file = |name: &str, text: String| OutputFile {
            path: format!("data/{name}"),
            bytes: text.into_bytes(),
        };
        let mut files: Vec<OutputFile> = export::Format::ALL
            .into_iter()
            .map(|format| {
                let text = format.render(list, &langs, &*site.catalog, None);
                file(format.file_name(), text)
            })
            .collect();
        files.push(file(export::JSON_SCHEMA_FILE, export::json_schema()));
        files
    }

    fn render_alias(
        &self,
        unit: usize,
        id: PageId,
        folder: &str,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site = self.site;
        let page = site.tree.page(id);
        let root = url::root_of(folder);
        self.enter(unit, Scope::plain(&page.lang, &root));
        self.session.record(unit, |deps| {
            deps.pages.insert(page.key.clone());
        });
        let mut context = self.base_context(unit, &page.lang, &root);
        context.insert("target", &url::encode_path(&page.path));
        context.insert("target_title", page.title());
        context.insert(
            "permalink",
            &url::absolute(&site.config.base_url, &page.path),
        );
        self.render_file(
            unit,
            "redirect.html",
            &context,
            None,
            format!("{folder}index.html"),
        )
    }
}

/// A unit asked for by key whose page the site does not have (any more).
fn missing_page(lang: &Lang, key: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnitWithoutPage,
        format!("no {lang} page `{key}` to render"),
    )
    .with_help("render the units of the site as it is now (`render::units`)")
}

#[derive(serde::Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<view::AlternateView>,
}

/// Every page's sitemap entry, made as the template value is: a large site's entries are
/// megabytes, and a list of them would be held beside the value.
/// The entries of one part of the sitemap, made as its template value is made.
struct SitemapEntries<'a> {
    site: &'a Site,
    part: usize,
}

/// The file of one part of a sitemap of several.
fn sitemap_part_file(part: usize) -> String {
    format!("sitemap-{}.xml", part + 1)
}

impl serde::Serialize for SitemapEntries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.site;
        let ids = site.tree.ids().skip(self.part * SITEMAP_ENTRIES);
        serializer.collect_seq(ids.take(SITEMAP_ENTRIES).map(|id| {
            let page = site.tree.page(id);
            SitemapEntry {
                loc: url::absolute(&site.config.base_url, &page.path),
                lastmod: page
                    .front
                    .updated
                    .as_ref()
                    .or(page.front.date.as_ref())
                    .map(|date| date.value.clone()),
                alternates: view::alternates(&site.config, &site.tree, id),
            }
        }))
    }
}

/// The folder of a content file relative to `content/` (`content/server/a.de.md` → `server`).
fn content_dir(path: &std::path::Path) -> String {
    let relative = path.strip_prefix("content").unwrap_or(path);
    relative
        .parent()
        .map(|parent| {
            parent
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/")
        })
        .unwrap_or_default()
}

/// One warning per message a language lacks but uses, naming where the fallback comes from.
pub(crate) fn fallback_warnings<'a>(
    site: &Site,
    deps: impl IntoIterator<Item = (&'a Unit, &'a Deps)>,
) -> Vec<Diagnostic> {
    let missing = deps
        .into_iter()
        .flat_map(|(unit, deps)| missing_messages(site, unit, deps))
        .collect();
    fallback_diagnostics(site, missing)
}

/// The messages `unit` used that its language lacks and the default language has.
pub(crate) fn missing_messages(site: &Site, unit: &Unit, deps: &Deps) -> Vec<(Lang, String)> {
    let default_lang = site.catalog.default_lang();
    let lang = match unit {
        Unit::Page { lang, .. } | Unit::Alias { lang, .. } | Unit::NotFound(lang) => lang,
        Unit::Root | Unit::Sitemap(_) | Unit::SitemapIndex | Unit::Robots | Unit::PortExports => {
            default_lang
        }
    };
    if lang == default_lang {
        return Vec::new();
    }
    deps.messages
        .iter()
        .filter(|key| !site.catalog.has(lang, key) && site.catalog.has(default_lang, key))
        .map(|key| (lang.clone(), key.clone()))
        .collect()
}

/// The warnings for messages `missing` in a language.
pub(crate) fn fallback_diagnostics(
    site: &Site,
    missing: BTreeSet<(Lang, String)>,
) -> Vec<Diagnostic> {
    let default_lang = site.catalog.default_lang();
    missing
        .into_iter()
        .map(|(lang, key)| {
            let message_id = key.split_once('.').map_or(key.as_str(), |(id, _)| id);
            let diagnostic = Diagnostic::new(
                Code::MessageFallback,
                format!(
                    "message `{key}` is missing in `{lang}`; the `{default_lang}` text is shown instead"
                ),
            )
            .with_help(format!(
                "add `{message_id} = …` to a file in `i18n/{lang}/`"
            ));
            match site.catalog.definition(default_lang, message_id) {
                Some(def) => diagnostic
                    .at(def.span)
                    .with_label(format!("defined in `{default_lang}` only")),
                None => diagnostic,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_dir_is_relative_to_content() {
        assert_eq!(
            content_dir(std::path::Path::new("content/server/a.de.md")),
            "server"
        );
        assert_eq!(content_dir(std::path::Path::new("content/a.de.md")), "");
    }
}
