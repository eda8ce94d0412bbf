//! The template contract: what templates and shortcodes see.
//!
//! Templates get these view structs, not the domain model, so the model can change without
//! breaking themes. Every URL here is relative to the site root and is written in templates as
//! `{{ root }}{{ x.url }}`; see [`super::url`]. Values that are the same for every page of a
//! language (the site view, the navigation tree) are built once per language.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Lang, MenuEntry, MenuTarget, SiteConfig};
use crate::content::PageKind;
use crate::markdown::Heading;
use crate::resolve::{PageId, SiteTree};
use crate::url;

/// `site` in every template.
#[derive(Debug, Serialize)]
pub(super) struct SiteView<'a> {
    /// The site title in the current language.
    pub title: &'a str,
    /// The current language.
    pub lang: &'a Lang,
    /// The default language.
    pub default_lang: &'a Lang,
    /// Absolute base URL with trailing slash.
    pub base_url: &'a str,
    /// All languages with their home pages, in switcher order.
    pub languages: Vec<LanguageView<'a>>,
    /// `params` of `site.yaml`, with the current language's own over them.
    pub params: &'a BTreeMap<String, serde_json::Value>,
    /// The menus of the current language by name, entries in order.
    pub menus: BTreeMap<&'a str, Vec<MenuItemView<'a>>>,
}

/// One entry of a menu.
#[derive(Debug, Serialize)]
pub(super) struct MenuItemView<'a> {
    /// The link text.
    pub name: &'a str,
    /// A page's URL relative to the site root (write `root` before it), or a full address.
    pub url: String,
    /// Whether `url` is a full address rather than a page of the site.
    pub external: bool,
    /// The URL of the page it links, without a fragment, to compare with `page.url`; empty
    /// for a full address.
    pub page: String,
}

/// One language of the site.
#[derive(Debug, Serialize)]
pub(super) struct LanguageView<'a> {
    /// Code.
    pub lang: &'a Lang,
    /// The language's own name.
    pub name: &'a str,
    /// The site title in that language.
    pub title: &'a str,
    /// Its home page.
    pub url: String,
}

/// A link to a page.
#[derive(Debug, Serialize)]
pub(super) struct LinkView<'a> {
    /// Page title.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
}

/// The page in another language, for the language switcher.
#[derive(Debug, Serialize)]
pub(super) struct TranslationView<'a> {
    /// Language code.
    pub lang: &'a Lang,
    /// The language's own name.
    pub name: &'a str,
    /// The translation, or the nearest translated ancestor when there is none.
    pub url: String,
    /// Whether this exact page exists in that language.
    pub available: bool,
    /// Whether this is the page being rendered.
    pub current: bool,
}

/// A child of a section, for section listings.
#[derive(Debug, Serialize)]
pub(super) struct ChildView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description from front matter.
    pub description: Option<&'a str>,
    /// Root-relative URL.
    pub url: String,
    /// Section or page.
    pub kind: PageKind,
}

/// `page` in every template and shortcode.
#[derive(Debug, Serialize)]
pub(super) struct PageView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description from front matter.
    pub description: Option<&'a str>,
    /// Home, section or page.
    pub kind: PageKind,
    /// Canonical key, shared with translations.
    pub key: &'a str,
    /// Language.
    pub lang: &'a Lang,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Front-matter `date`.
    pub date: Option<&'a str>,
    /// Front-matter `updated`.
    pub updated: Option<&'a str>,
    /// Front-matter `params`.
    pub params: &'a BTreeMap<String, serde_json::Value>,
    /// Every language's version of this page.
    pub translations: Vec<TranslationView<'a>>,
    /// The versions of this page for `<link rel="alternate" hreflang>`, absolute, with
    /// `x-default`; empty when the page exists in one language only.
    pub alternates: Vec<AlternateView>,
    /// Home and sections above this page.
    pub breadcrumbs: Vec<LinkView<'a>>,
    /// Canonical keys of the sections above this page, for marking the open navigation branch.
    pub ancestors: Vec<&'a str>,
    /// Children, for sections and the home page.
    pub children: Vec<ChildView<'a>>,
    /// Previous page in reading order.
    pub prev: Option<LinkView<'a>>,
    /// Next page in reading order.
    pub next: Option<LinkView<'a>>,
}

/// Builds the site view for one language.
pub(super) fn site_view<'a>(
    config: &'a SiteConfig,
    tree: &SiteTree,
    lang: &'a Lang,
) -> SiteView<'a> {
    let language = config
        .language(lang.as_str())
        .expect("views are built for configured languages");
    SiteView {
        title: &language.title,
        params: &language.params,
        menus: language
            .menus
            .iter()
            .map(|(name, entries)| {
                let items = entries
                    .iter()
                    .filter_map(|entry| menu_item(config, tree, lang, entry))
                    .collect();
                (name.as_str(), items)
            })
            .collect(),
        lang,
        default_lang: &config.default_lang,
        base_url: &config.base_url,
        languages: config
            .languages
            .iter()
            .map(|other| LanguageView {
                lang: &other.lang,
                name: &other.name,
                title: &other.title,
                url: url::encode_path(&tree.page(tree.home(&other.lang)).path),
            })
            .collect(),
    }
}

/// A menu entry as templates see it; `None` for a page that resolving found missing, which
/// has already failed the build.
fn menu_item<'a>(
    config: &SiteConfig,
    tree: &SiteTree,
    lang: &Lang,
    entry: &'a MenuEntry,
) -> Option<MenuItemView<'a>> {
    let (url, external, page) = match &entry.target {
        MenuTarget::Url(url) => (url.clone(), true, String::new()),
        MenuTarget::Page(path, _) => {
            let page = crate::resolve::menu_page(config, tree, lang, path)?;
            let page = url::encode_path(&tree.page(page).path);
            let url = match path.split_once('#') {
                Some((_, anchor)) => format!("{page}#{anchor}"),
                None => page.clone(),
            };
            (url, false, page)
        }
    };
    Some(MenuItemView {
        name: &entry.name,
        url,
        external,
        page,
    })
}

/// Builds the view of one page.
pub(super) fn page_view<'a>(
    config: &'a SiteConfig,
    tree: &'a SiteTree,
    id: PageId,
) -> PageView<'a> {
    let page = tree.page(id);
    let link = |other: PageId| LinkView {
        title: tree.page(other).title(),
        url: url::encode_path(&tree.page(other).path),
    };
    let ancestors = tree.ancestors(id);
    let (prev, next) = tree.neighbours(id);
    PageView {
        title: page.title(),
        description: page.front.description.as_deref(),
        kind: page.kind,
        key: &page.key,
        lang: &page.lang,
        url: url::encode_path(&page.path),
        permalink: url::absolute(&config.base_url, &page.path),
        date: page.front.date.as_ref().map(|date| date.value.as_str()),
        updated: page.front.updated.as_ref().map(|date| date.value.as_str()),
        params: &page.front.params,
        translations: config
            .languages
            .iter()
            .map(|language| {
                let (target, available) = tree.translation_or_nearest(id, &language.lang);
                TranslationView {
                    lang: &language.lang,
                    name: &language.name,
                    url: url::encode_path(&tree.page(target).path),
                    available,
                    current: language.lang == page.lang,
                }
            })
            .collect(),
        alternates: alternates(config, tree, id),
        breadcrumbs: ancestors.iter().map(|&ancestor| link(ancestor)).collect(),
        ancestors: ancestors
            .iter()
            .map(|&ancestor| tree.page(ancestor).key.as_str())
            .collect(),
        children: page
            .children
            .iter()
            .map(|&child| {
                let child_page = tree.page(child);
                ChildView {
                    title: child_page.title(),
                    description: child_page.front.description.as_deref(),
                    url: url::encode_path(&child_page.path),
                    kind: child_page.kind,
                }
            })
            .collect(),
        prev: prev.map(link),
        next: next.map(link),
    }
}

/// A version of a page for search engines: a language, or `x-default`, and its absolute URL.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlternateView {
    /// The language code, or `x-default`.
    pub(crate) lang: String,
    /// Absolute URL.
    pub(crate) href: String,
}

/// The script with the whole navigation list of the children of page `id`, which its
/// shortened lists load: a call of the theme's `tafelNav(section, items)`, the section's URL and
/// each child's URL (both relative to the site root), title and kind. JSON is a JavaScript
/// expression, so any title is safe in it.
pub(crate) fn nav_list_script(tree: &SiteTree, id: PageId) -> String {
    let page = tree.page(id);
    let items: Vec<(String, &str, crate::content::PageKind)> = page
        .children
        .iter()
        .map(|&child| {
            let child = tree.page(child);
            (url::encode_path(&child.path), child.title(), child.kind)
        })
        .collect();
    format!(
        "tafelNav({}, {});\n",
        serde_json::Value::from(url::encode_path(&page.path)),
        serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_owned())
    )
}

/// The versions of a page, for the sitemap and the page head alike: one per language it exists
/// in, and `x-default`, the version for readers whose language none is: the language chooser for
/// the start page, else the default language's version. Empty for a page in one language only.
pub(crate) fn alternates(config: &SiteConfig, tree: &SiteTree, id: PageId) -> Vec<AlternateView> {
    let page = tree.page(id);
    let mut alternates: Vec<AlternateView> = config
        .languages
        .iter()
        .filter_map(|language| {
            let other = tree.find(&language.lang, &page.key)?;
            Some(AlternateView {
                lang: language.lang.to_string(),
                href: url::absolute(&config.base_url, &tree.page(other).path),
            })
        })
        .collect();
    if alternates.len() < 2 {
        return Vec::new();
    }
    let fallback = if page.kind == PageKind::Home {
        Some(config.base_url.clone())
    } else {
        tree.find(&config.default_lang, &page.key)
            .map(|other| url::absolute(&config.base_url, &tree.page(other).path))
    };
    if let Some(href) = fallback {
        alternates.push(AlternateView {
            lang: "x-default".to_owned(),
            href,
        });
    }
    alternates
}

/// One entry of the table of contents.
#[derive(Debug, Serialize)]
pub(super) struct TocEntry<'a> {
    /// Heading level, 2 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: &'a str,
    /// Plain heading text.
    pub text: &'a str,
}

/// The table of contents: headings of level 2 and 3.
pub(super) fn toc_view(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    headings
        .iter()
        .filter(|heading| (2..=3).contains(&heading.level))
        .map(|heading| TocEntry {
            level: heading.level,
            id: &heading.id,
            text: &heading.text,
        })
        .collect()
}
