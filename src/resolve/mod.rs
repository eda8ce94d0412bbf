//! The resolved site: every page with its URL, its translations, its place in the section tree,
//! and one navigation tree per language.
//!
//! This is the cross-file stage. It pairs translations by canonical key, fills in sections that
//! have pages but no `_index` file, orders siblings by weight and title, and assigns URLs.
//! The navigation tree is computed once per language here; pages only refer to it.

mod aliases;
mod tree;
mod urls;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use tree::{NAV_INLINE, NAV_LIST_FILE, NAV_WINDOW, NavItem, Page, PageId, SiteTree};
pub use urls::OtherOutputs;

use aliases::resolve_aliases;
use urls::{check_outputs, check_slugs, letter_case_warnings, page_span};

use crate::config::{Lang, MenuTarget, SiteConfig};
use crate::content::{FrontMatter, PageKind, ParsedPage, title_from_folder};
use crate::diagnostics::{Code, Diagnostic, SourceMap};

/// Builds the tree from the parsed pages of every language; `None` when there are errors.
///
/// Problems that make a page unplaceable (two files for one URL, a URL or alias on one of the
/// `others` files) are errors; URLs that only differ in letter case are warnings (they collide
/// only on some file systems); gaps that the build can fill (a section without `_index` file)
/// are filled silently, since the i18n report lists them for translators.
///
/// `unparsed` names the pages, by language and key, whose files are there but did not parse: a
/// reference to one of them is not reported, since it would only echo the file's own error.
pub fn resolve(
    config: &SiteConfig,
    sources: &SourceMap,
    parsed: Vec<ParsedPage>,
    unparsed: &[(Lang, String)],
    others: &OtherOutputs,
) -> (Option<SiteTree>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut placed = place_pages(config, sources, parsed, &mut errors);
    let homes = add_homes(config, &mut placed);
    add_sections(sources, &mut placed, &mut errors);
    let Placed { mut pages, by_key } = placed;
    link_children(&mut pages);
    assign_paths(&mut pages, config.lowercase_urls);
    check_slugs(sources, &pages, &mut errors);
    resolve_aliases(sources, &mut pages, &mut errors);
    check_outputs(sources, &pages, others, &mut errors);
    let warnings = letter_case_warnings(sources, &pages);
    let (reading_order, reading_position) = reading_order(&pages, &homes);

    let tree = errors.is_empty().then(|| SiteTree {
        // Not `collect` from `into_iter`: that would keep the buffer of the pages themselves,
        // a thousand times the size of the pointers, for as long as the tree lives.
        pages: {
            let mut shared = Vec::with_capacity(pages.len());
            shared.extend(pages.into_iter().map(Arc::new));
            shared
        },
        index: Arc::new(tree::Index {
            by_key,
            homes,
            reading_order,
            reading_position,
        }),
    });
    let tree = tree.filter(|tree| {
        let before = errors.len();
        check_menus(config, tree, unparsed, &mut errors);
        errors.len() == before
    });
    errors.extend(warnings);
    (tree, errors)
}

/// Pages placed so far, and where each language and key is.
struct Placed {
    pages: Vec<Page>,
    by_key: HashMap<(Lang, String), PageId>,
}

/// Places every parsed page, in an order independent of discovery: language order from the
/// configuration, then key. A second file for one language and key is an error naming both.
fn place_pages(
    config: &SiteConfig,
    sources: &SourceMap,
    mut parsed: Vec<ParsedPage>,
    errors: &mut Vec<Diagnostic>,
) -> Placed {
    let lang_rank: HashMap<&Lang, usize> =
        config.langs().enumerate().map(|(i, l)| (l, i)).collect();
    parsed.sort_by(|a, b| {
        (lang_rank[&a.lang], &a.key, a.kind).cmp(&(lang_rank[&b.lang], &b.key, b.kind))
    });
    let mut placed = Placed {
        pages: Vec::new(),
        by_key: HashMap::new(),
    };
    for page in parsed {
        let identity = (page.lang.clone(), page.key.clone());
        if let Some(&existing) = placed.by_key.get(&identity) {
            errors.push(second_file(sources, &page, &placed.pages[existing.0]));
            continue;
        }
        placed.by_key.insert(identity, PageId(placed.pages.len()));
        placed.pages.push(Page {
            kind: page.kind,
            lang: page.lang,
            key: page.key,
            front: page.front,
            source: Some(page.source),
            path: String::new(),
            parent: None,
            children: Vec::new(),
            alias_paths: Vec::new(),
        });
    }
    placed
}

fn second_file(sources: &SourceMap, page: &ParsedPage, other: &Page) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        Code::TwoFilesForOnePage,
        format!(
            "two files define the {} page `{}`",
            page.lang,
            display_key(&page.key)
        ),
    )
    .at(crate::content::head_span(sources, page.source.file))
    .with_help("rename one of them, or turn the folder's `_index` into the section page");
    if let Some(source) = &other.source {
        diagnostic = diagnostic.with_note(
            crate::content::head_span(sources, source.file),
            "the other file",
        );
    }
    diagnostic
}

/// Every language gets a home page, implicit when it has no file.
fn add_homes(config: &SiteConfig, placed: &mut Placed) -> BTreeMap<Lang, PageId> {
    let mut homes = BTreeMap::new();
    for language in &config.languages {
        let lang = &language.lang;
        let home = *placed
            .by_key
            .entry((lang.clone(), String::new()))
            .or_insert_with(|| {
                placed
                    .pages
                    .push(implicit_page(PageKind::Home, lang, "", &language.title));
                PageId(placed.pages.len() - 1)
            });
        homes.insert(lang.clone(), home);
    }
    homes
}

/// Gives every page its parent, adding an implicit section for a folder that holds pages but
/// no `_index` file. Sections added this way get parents in turn, since they join the list.
fn add_sections(sources: &SourceMap, placed: &mut Placed, errors: &mut Vec<Diagnostic>) {
    let mut index = 0;
    while index < placed.pages.len() {
        if let Some(parent_key) = parent_key(&placed.pages[index].key).map(str::to_owned) {
            let lang = placed.pages[index].lang.clone();
            let identity = (lang.clone(), parent_key.clone());
            let parent = match placed.by_key.get(&identity) {
                Some(&parent) => parent,
                None => {
                    let title = title_from_folder(&parent_key);
                    let section = implicit_page(PageKind::Section, &lang, &parent_key, &title);
                    placed.pages.push(section);
                    let id = PageId(placed.pages.len() - 1);
                    placed.by_key.insert(identity, id);
                    id
                }
            };
            if placed.pages[parent.0].kind == PageKind::Page {
                // `server.de.md` next to `server/…`: the folder's pages need a section.
                errors.push(
                    Diagnostic::new(
                        Code::PageIsAlsoFolder,
                        format!(
                            "page `{}` is also a folder with pages",
                            display_key(&parent_key)
                        ),
                    )
                    .at(page_span(sources, &placed.pages[parent.0]))
                    .with_help(format!(
                        "move it to `{parent_key}/_index.{lang}.md` to make it the section page"
                    )),
                );
            }
            placed.pages[index].parent = Some(parent);
        }
        index += 1;
    }
}

/// Lists each page's children in display order: by weight, then title, then key.
fn link_children(pages: &mut [Page]) {
    for id in 0..pages.len() {
        if let Some(parent) = pages[id].parent {
            pages[parent.0].children.push(PageId(id));
        }
    }
    for id in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[id].children);
        children.sort_by(|a, b| pages[a.0].order_key().cmp(&pages[b.0].order_key()));
        pages[id].children = children;
    }
}

/// Every menu entry that links a page of the site finds that page in the menu's language (or
/// the language its path names).
fn check_menus(
    config: &SiteConfig,
    tree: &SiteTree,
    unparsed: &[(Lang, String)],
    errors: &mut Vec<Diagnostic>,
) {
    for language in &config.languages {
        for entry in language.menus.values().flatten() {
            if let MenuTarget::Page(path, span) = &entry.target
                && menu_page(config, tree, &language.lang, path).is_none()
                && !unparsed.contains(&menu_key(config, &language.lang, path))
            {
                errors.push(
                    Diagnostic::new(
                        Code::MenuPageNotFound,
                        format!(
                            "menu entry `{}`: no page `{path}` in {}",
                            entry.name, language.name
                        ),
                    )
                    .at(*span)
                    .with_help(menu_page_help(
                        config,
                        tree,
                        &language.lang,
                        path,
                    )),
                );
            }
        }
    }
}

/// What to write instead of a menu's `page:` that names no page: the closest page's path, if one
/// is a likely typo away.
fn menu_page_help(config: &SiteConfig, tree: &SiteTree, lang: &Lang, path: &str) -> String {
    let written = crate::content::reference::parse(path, "", config).key;
    let keys = tree
        .ids()
        .map(|id| tree.page(id))
        .filter(|page| &page.lang == lang && !page.key.is_empty())
        .map(|page| page.key.as_str());
    match crate::diagnostics::closest(&written, keys) {
        Some(key) => format!("did you mean `{key}.md`?"),
        None => {
            "write the page's path below `content/`, such as `server/port-overview.md`".to_owned()
        }
    }
}

/// The page a menu entry of `lang` names by `path`.
pub(crate) fn menu_page(
    config: &SiteConfig,
    tree: &SiteTree,
    lang: &Lang,
    path: &str,
) -> Option<PageId> {
    let (lang, key) = menu_key(config, lang, path);
    tree.find(&lang, &key)
}

/// The language and key of the page a menu entry of `lang` names by `path`.
fn menu_key(config: &SiteConfig, lang: &Lang, path: &str) -> (Lang, String) {
    let reference = crate::content::reference::parse(path, "", config);
    (
        reference.lang.unwrap_or_else(|| lang.clone()),
        reference.key,
    )
}

/// URLs: the language, then each ancestor's segment, with a page's own `slug` replacing its
/// last segment; all in lowercase when `lowercase` is set, as Hugo does by default.
fn assign_paths(pages: &mut [Page], lowercase: bool) {
    for id in 0..pages.len() {
        let mut segments = Vec::new();
        let mut current = Some(PageId(id));
        while let Some(page_id) = current {
            let page = &pages[page_id.0];
            if page.kind != PageKind::Home {
                let segment = match &page.front.slug {
                    Some(slug) => slug.value.clone(),
                    None => page.key.rsplit('/').next().unwrap_or_default().to_owned(),
                };
                segments.push(if lowercase {
                    segment.to_lowercase()
                } else {
                    segment
                });
            }
            current = page.parent;
        }
        segments.push(pages[id].lang.to_string());
        segments.reverse();
        pages[id].path = format!("{}/", segments.join("/"));
    }
}

/// Each language's pages in navigation order, and each page's position in it.
fn reading_order(
    pages: &[Page],
    homes: &BTreeMap<Lang, PageId>,
) -> (BTreeMap<Lang, Vec<PageId>>, Vec<usize>) {
    let mut reading_order = BTreeMap::new();
    let mut reading_position = vec![0; pages.len()];
    for (lang, &home) in homes {
        let mut order = Vec::new();
        depth_first(pages, home, &mut order);
        for (position, id) in order.iter().enumerate() {
            reading_position[id.0] = position;
        }
        reading_order.insert(lang.clone(), order);
    }
    (reading_order, reading_position)
}

fn depth_first(pages: &[Page], id: PageId, order: &mut Vec<PageId>) {
    order.push(id);
    for &child in &pages[id.0].children {
        depth_first(pages, child, order);
    }
}

fn implicit_page(kind: PageKind, lang: &Lang, key: &str, title: &str) -> Page {
    Page {
        kind,
        lang: lang.clone(),
        key: key.to_owned(),
        front: Box::new(FrontMatter {
            title: title.to_owned(),
            ..FrontMatter::default()
        }),
        source: None,
        path: String::new(),
        parent: None,
        children: Vec::new(),
        alias_paths: Vec::new(),
    }
}

fn parent_key(key: &str) -> Option<&str> {
    if key.is_empty() {
        None
    } else {
        Some(key.rsplit_once('/').map_or("", |(parent, _)| parent))
    }
}

fn display_key(key: &str) -> &str {
    if key.is_empty() { "(home)" } else { key }
}

#[cfg(test)]
mod tests;
