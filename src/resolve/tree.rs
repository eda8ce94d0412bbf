//! The resolved page tree and the questions rendering asks of it: a page by language and key,
//! ancestors, translations, neighbours in reading order, and the navigation of a language.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::Lang;
use crate::content::{FrontMatter, PageKind, PageSource};

/// Index of a page in [`SiteTree::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

/// A page placed in the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Home, section or page.
    pub kind: PageKind,
    /// Language.
    pub lang: Lang,
    /// Canonical key shared with translations (`""` for home).
    pub key: String,
    /// Front matter (synthesised for sections without an `_index` file), boxed as in the
    /// parsed page: most of a page's size, and pages are moved by the thousand.
    pub front: Box<FrontMatter>,
    /// Where the page came from; `None` for a section that exists only because it has pages.
    pub source: Option<PageSource>,
    /// Output folder relative to the output root, with a trailing slash: `de/server/ports/`.
    /// Path segments are kept as written (not percent-encoded).
    pub path: String,
    /// The enclosing section (`None` for home).
    pub parent: Option<PageId>,
    /// Child pages and sections in display order (sections and homes only).
    pub children: Vec<PageId>,
    /// Output folders of the page's `aliases`, which redirect to it (`de/old/ports/`).
    pub alias_paths: Vec<String>,
}

impl Page {
    /// The page title.
    pub fn title(&self) -> &str {
        &self.front.title
    }

    /// Sort key among siblings: weighted first by weight, then by title, then by key.
    pub(super) fn order_key(&self) -> (bool, i64, String, &str) {
        (
            self.front.weight.is_none(),
            self.front.weight.unwrap_or(0),
            self.front.title.to_lowercase(),
            &self.key,
        )
    }
}

/// A navigation list longer than this shows each page only the items around it (the render
/// stage's `nav_window`); the whole list is one file per section ([`NAV_LIST_FILE`]) that the
/// theme's script puts in place. So a page's size does not grow with its section, and the build
/// stays linear in pages.
pub const NAV_INLINE: usize = 50;

/// How many items either side of the page a shortened navigation list shows.
pub const NAV_WINDOW: usize = 10;

/// The file with the whole navigation list of a long section, in the section's folder.
pub const NAV_LIST_FILE: &str = "nav.js";

/// One entry of a navigation tree.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NavItem {
    /// Title shown in the navigation.
    pub title: String,
    /// URL relative to the site root (`de/server/`); templates prefix it with `root`.
    pub url: String,
    /// The canonical key, for matching the current page and its ancestors.
    pub key: String,
    /// Section or page.
    pub kind: PageKind,
    /// Children, for sections.
    pub children: Vec<NavItem>,
    /// For more than [`NAV_INLINE`] children: the URL of the file listing them all, relative
    /// to the site root.
    pub list: Option<String>,
}

/// The resolved site.
///
/// Its parts are shared, so that a long-running command can make the next tree from this one
/// by replacing a page whose body alone changed, without copying the others.
#[derive(Debug, Clone)]
pub struct SiteTree {
    /// All pages; ids index this vector. Ordered by language (config order), then key.
    pub pages: Vec<Arc<Page>>,
    pub(super) index: Arc<Index>,
}

/// How pages are found and ordered.
#[derive(Debug)]
pub(super) struct Index {
    pub(super) by_key: HashMap<(Lang, String), PageId>,
    pub(super) homes: BTreeMap<Lang, PageId>,
    /// Each language's pages in navigation order, for previous/next links.
    pub(super) reading_order: BTreeMap<Lang, Vec<PageId>>,
    /// Each page's index in its language's reading order.
    pub(super) reading_position: Vec<usize>,
}

impl SiteTree {
    /// Whether the two trees have the same pages in the same places, which holds when one was
    /// made from the other by replacing bodies ([`SiteTree::with_source`]).
    pub(crate) fn same_structure(&self, other: &SiteTree) -> bool {
        Arc::ptr_eq(&self.index, &other.index)
    }

    /// This tree with the page `id` built from `source` instead: a body that changed while
    /// everything the tree depends on (the front matter, the file's place) stayed.
    pub(crate) fn with_source(&self, id: PageId, source: PageSource) -> SiteTree {
        let mut tree = self.clone();
        Arc::make_mut(&mut tree.pages[id.0]).source = Some(source);
        tree
    }

    /// The page in `lang` with canonical `key`, if it exists.
    pub fn find(&self, lang: &Lang, key: &str) -> Option<PageId> {
        self.index
            .by_key
            .get(&(lang.clone(), key.to_owned()))
            .copied()
    }

    /// A page by id.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    /// The home page of a language.
    pub fn home(&self, lang: &Lang) -> PageId {
        self.index.homes[lang]
    }

    /// All page ids.
    pub fn ids(&self) -> impl Iterator<Item = PageId> + '_ {
        (0..self.pages.len()).map(PageId)
    }

    /// Ancestors from home down to the parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.page(id).parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.page(parent).parent;
        }
        chain.reverse();
        chain
    }

    /// The page in `lang` that is the same page as `id`, or else the nearest translated ancestor.
    /// The flag says whether the exact translation exists.
    pub fn translation_or_nearest(&self, id: PageId, lang: &Lang) -> (PageId, bool) {
        if let Some(found) = self.find(lang, &self.page(id).key) {
            return (found, true);
        }
        let nearest = self
            .ancestors(id)
            .into_iter()
            .rev()
            .find_map(|ancestor| self.find(lang, &self.page(ancestor).key))
            .unwrap_or_else(|| self.home(lang));
        (nearest, false)
    }

    /// Previous and next page in the reading order of the page's language.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let order = &self.index.reading_order[&self.page(id).lang];
        let index = self.index.reading_position[id.0];
        (
            index.checked_sub(1).map(|i| order[i]),
            order.get(index + 1).copied(),
        )
    }

    /// The navigation tree of a language: the children of its home page.
    pub fn nav(&self, lang: &Lang) -> Vec<NavItem> {
        let home = self.page(self.home(lang));
        home.children
            .iter()
            .map(|&child| self.nav_item(child))
            .collect()
    }

    fn nav_item(&self, id: PageId) -> NavItem {
        let page = self.page(id);
        NavItem {
            title: page.front.title.clone(),
            url: crate::url::encode_path(&page.path),
            key: page.key.clone(),
            kind: page.kind,
            children: page
                .children
                .iter()
                .map(|&child| self.nav_item(child))
                .collect(),
            list: self.nav_list(id),
        }
    }

    /// The URL (relative to the site root) of the file listing the children of page `id`, for
    /// a section with more than [`NAV_INLINE`] of them.
    pub fn nav_list(&self, id: PageId) -> Option<String> {
        let page = self.page(id);
        (page.children.len() > NAV_INLINE)
            .then(|| format!("{}{NAV_LIST_FILE}", crate::url::encode_path(&page.path)))
    }
}
