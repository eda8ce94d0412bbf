//! What template functions know while a unit renders.
//!
//! One [`Session`] serves one call of [`super::render_units`]: the site, the icons, the data
//! files as template values, and the usage records. Each unit gets a typed [`Scope`] before its
//! templates render: its language, the way back to the site root, its page and that page's port
//! tables. The template context carries only the unit's number, so the functions read typed
//! values instead of fishing fields out of the context.
//!
//! The engine passes a failed function's error on as text only, so a function that fails records
//! the code of its problem in the session ([`Session::fail`]), and the renderer gives it to the
//! diagnostic of the failed render ([`with_failure`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use rustc_hash::FxHashMap;
use tera::Value;

use super::ports::TableRef;
use super::usage::{Deps, Usage};
use crate::config::Lang;
use crate::content::Fragments;
use crate::diagnostics::{Code, Diagnostic, FileId, Span};
use crate::model::Site;
use crate::resolve::PageId;
use crate::shortcode::parser::Node;
use crate::theme::Icons;

/// What the template functions of one render call share.
pub(crate) struct Session {
    /// The site being rendered.
    pub(crate) site: Arc<Site>,
    /// The theme's icons.
    pub(crate) icons: Arc<Icons>,
    /// Every data file as a template value, by data name.
    pub(crate) data: BTreeMap<String, Value>,
    usage: Usage,
    scopes: Vec<OnceLock<Scope>>,
    /// What each unit's render records on the way, until the renderer takes it.
    notes: Vec<Mutex<Notes>>,
    /// Messages without arguments, by language and id, formatted once: every page asks for
    /// the theme's same few labels.
    messages: RwLock<FxHashMap<Lang, FxHashMap<String, Value>>>,
}

/// What one unit's render records besides its output.
#[derive(Default)]
struct Notes {
    /// Where its links were written, for checking the output.
    links: Vec<LinkSource>,
    /// The code of the template function that failed, if one did.
    failure: Option<Code>,
    /// What templates warned about with `warn`.
    warnings: Vec<String>,
    /// The icons it shows, for its sprite.
    icons: BTreeSet<String>,
}

impl Session {
    /// A session for `units` units of `site`.
    pub(crate) fn new(site: &Arc<Site>, icons: &Arc<Icons>, units: usize) -> Session {
        Session {
            site: Arc::clone(site),
            icons: Arc::clone(icons),
            data: site
                .data
                .iter()
                .map(|(name, file)| (name.to_owned(), Value::from_serializable(&file.value)))
                .collect(),
            usage: Usage::new(units),
            scopes: (0..units).map(|_| OnceLock::new()).collect(),
            notes: (0..units).map(|_| Mutex::default()).collect(),
            messages: RwLock::default(),
        }
    }

    /// Runs `change` on the notes of `unit`; `None` for a unit the session does not have.
    fn notes<R>(&self, unit: usize, change: impl FnOnce(&mut Notes) -> R) -> Option<R> {
        let notes = self.notes.get(unit)?;
        Some(change(
            &mut notes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        ))
    }

    /// The message `id` without arguments in `lang`, formatted by `format` the first time it
    /// is asked for; a failure is not kept, so each call that meets it reports it.
    pub(crate) fn message<E>(
        &self,
        lang: &Lang,
        id: &str,
        format: impl FnOnce() -> Result<Value, E>,
    ) -> Result<Value, E> {
        let read = self
            .messages
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(value) = read.get(lang).and_then(|messages| messages.get(id)) {
            return Ok(value.clone());
        }
        drop(read);
        let value = format()?;
        self.messages
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(lang.clone())
            .or_default()
            .insert(id.to_owned(), value.clone());
        Ok(value)
    }

    /// Records where a link of `unit` was written.
    pub(crate) fn record_link(&self, unit: usize, link: LinkSource) {
        self.notes(unit, |notes| notes.links.push(link));
    }

    /// The link sources, in unit order, leaving empty lists.
    pub(crate) fn take_links(&self) -> Vec<Vec<LinkSource>> {
        (0..self.notes.len())
            .map(|unit| {
                self.notes(unit, |notes| std::mem::take(&mut notes.links))
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Records that a template function failed with a problem of kind `code` while `unit`
    /// rendered; the engine ends the render with the function's error.
    pub(crate) fn fail(&self, unit: usize, code: Code) {
        self.notes(unit, |notes| notes.failure = Some(code));
    }

    /// The code a template function failed with while `unit` rendered, if one did, leaving no
    /// code behind for the unit's next render.
    pub(crate) fn take_failure(&self, unit: usize) -> Option<Code> {
        self.notes(unit, |notes| notes.failure.take()).flatten()
    }

    /// Records that a template rendering `unit` warned with `message`.
    pub(crate) fn warn(&self, unit: usize, message: String) {
        self.notes(unit, |notes| notes.warnings.push(message));
    }

    /// What templates warned about while `unit` rendered since the last call.
    pub(crate) fn take_warnings(&self, unit: usize) -> Vec<String> {
        self.notes(unit, |notes| std::mem::take(&mut notes.warnings))
            .unwrap_or_default()
    }

    /// Records that `unit` shows the icon `name`.
    pub(crate) fn show_icon(&self, unit: usize, name: &str) {
        self.notes(unit, |notes| notes.icons.insert(name.to_owned()));
    }

    /// The icons `unit` showed since the last call, in name order.
    pub(crate) fn take_icons(&self, unit: usize) -> BTreeSet<String> {
        self.notes(unit, |notes| std::mem::take(&mut notes.icons))
            .unwrap_or_default()
    }

    /// Sets the scope of `unit`, once, before its templates render.
    pub(crate) fn enter(&self, unit: usize, scope: Scope) {
        let _ = self.scopes[unit].set(scope);
    }

    /// The scope of `unit`, if it has entered one.
    pub(crate) fn scope(&self, unit: usize) -> Option<&Scope> {
        self.scopes.get(unit).and_then(OnceLock::get)
    }

    /// Records what `unit` used.
    pub(crate) fn record(&self, unit: usize, update: impl FnOnce(&mut Deps)) {
        self.usage.record(unit, update);
    }

    /// The records, in unit order, leaving empty ones behind.
    pub(crate) fn take_deps(&self) -> Vec<Deps> {
        self.usage.take()
    }
}

/// The diagnostic of a failed render, with the code of the template function that ended it
/// (`failure`, from [`Session::take_failure`]) in place of the engine's general one.
pub(crate) fn with_failure(mut diagnostic: Diagnostic, failure: Option<Code>) -> Diagnostic {
    if let Some(code) = failure
        && diagnostic.code == Code::TemplateRender
    {
        diagnostic.code = code;
    }
    diagnostic
}

/// Where a link of a page was written: in the page's Markdown, or in the output of a shortcode.
/// Links that are neither come from the page's templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSource {
    /// The URL as the page's HTML has it (before the HTML writer's escaping).
    pub url: String,
    /// The Markdown link, or the shortcode whose output holds the link.
    pub span: Span,
    /// The shortcode's template, when the link is in a shortcode's output.
    pub template: Option<String>,
    /// Whether rendering reported the link broken already (a Markdown link to a missing page).
    pub reported: bool,
}

/// The unit being rendered, as template functions see it.
#[derive(Debug)]
pub(crate) struct Scope {
    /// Its language.
    pub(crate) lang: Lang,
    /// The relative way from its output folder to the site root (`../../`).
    pub(crate) root: String,
    /// The page, for page units.
    pub(crate) page: Option<PageId>,
    /// The port tables on the page, in document order, included fragments counted.
    pub(crate) tables: Vec<TableRef>,
}

impl Scope {
    /// The scope of a unit that is not a page.
    pub(crate) fn plain(lang: &Lang, root: &str) -> Scope {
        Scope {
            lang: lang.clone(),
            root: root.to_owned(),
            page: None,
            tables: Vec::new(),
        }
    }

    /// The scope of a page whose body is `nodes`.
    pub(crate) fn page(site: &Site, id: PageId, nodes: &[Node], root: &str) -> Scope {
        let page = site.tree.page(id);
        let tables = match (&page.source, site.data.ports()) {
            (Some(source), Some(list)) => {
                let dir = super::content_dir(&site.sources.get(source.file).path);
                let mut tables = Vec::new();
                let walk = TableWalk {
                    fragments: &site.fragments,
                    dir: &dir,
                    lang: &page.lang,
                };
                walk.collect(nodes, &mut Vec::new(), &mut |deployment, direction| {
                    // Tables with invalid arguments report their own error when they render.
                    if let Ok(table) = TableRef::parse(list, deployment, direction) {
                        tables.push(table);
                    }
                });
                tables
            }
            _ => Vec::new(),
        };
        Scope {
            lang: page.lang.clone(),
            root: root.to_owned(),
            page: Some(id),
            tables,
        }
    }
}

/// Finds the `ports-table` shortcodes of a page, so a legend can depend on the tables of its
/// page wherever they stand. Shortcodes of included fragments count as the page's own.
struct TableWalk<'a> {
    fragments: &'a Fragments,
    dir: &'a str,
    lang: &'a Lang,
}

impl TableWalk<'_> {
    fn collect(
        &self,
        nodes: &[Node],
        visited: &mut Vec<FileId>,
        found: &mut dyn FnMut(&str, Option<&str>),
    ) {
        for node in nodes {
            let Node::Shortcode(shortcode) = node else {
                continue;
            };
            if shortcode.name == crate::shortcode::INCLUDE {
                let fragment = crate::shortcode::include_target(shortcode)
                    .and_then(|name| self.fragments.resolve(self.dir, name, self.lang));
                // A cycle is reported when the body renders; here it only must not loop.
                if let Some(fragment) = fragment.filter(|f| !visited.contains(&f.file)) {
                    visited.push(fragment.file);
                    self.collect(&fragment.nodes, visited, found);
                }
                continue;
            }
            if shortcode.name == "ports-table"
                && let Some(deployment) = shortcode.named("deployment")
            {
                found(deployment, shortcode.named("direction"));
            }
            if let Some(body) = &shortcode.body {
                self.collect(body, visited, found);
            }
        }
    }
}
