//! The sidebar's navigation as HTML, written straight from the page tree.
//!
//! Every page shows the navigation of its language, so it is the largest part of a page that
//! templates would otherwise build item by item: written through the template engine it took a
//! fifth of a build. Its markup is a contract with the theme's script anyway (`tafel.js` builds
//! the same items from a section's `nav.js`), so it is written here, once, and themes style it.
//! Themes that want other markup iterate the `nav` value with [`window`] (`nav_window`).
//!
//! The markup: nested `<ul>`s of `<li class="nav-section">` and `<li class="nav-page">`, each
//! with its link; the current page's link has `aria-current="page"`, and a section on the way to
//! it is `open` and holds its own list. A list longer than [`NAV_INLINE`] items shows the
//! [`NAV_WINDOW`] items either side of the one on the way to the current page, `nav-more` links
//! to its section for the rest, and names its whole list in `data-nav-list`.

use crate::config::Lang;
use crate::content::PageKind;
use crate::html::escape_into;
use crate::resolve::{NAV_INLINE, NAV_WINDOW, PageId, SiteTree};
use crate::url;

/// The part of a list of `len` items a page shows, as a range: all of a list of up to
/// [`NAV_INLINE`] items; of a longer one, the [`NAV_WINDOW`] items either side of the item at
/// `at` (the first items when there is none).
pub(crate) fn window(len: usize, at: Option<usize>) -> (usize, usize) {
    if len <= NAV_INLINE {
        return (0, len);
    }
    let at = at.unwrap_or(0);
    let start = at.saturating_sub(NAV_WINDOW);
    let end = (at + NAV_WINDOW + 1).max(2 * NAV_WINDOW + 1).min(len);
    (start, end)
}

/// What a page's navigation needs to know.
pub(crate) struct Nav<'a> {
    pub(crate) tree: &'a SiteTree,
    /// The way from the page's folder to the site root (`../../`).
    pub(crate) root: &'a str,
    /// The page shown, if the unit is one.
    pub(crate) current: Option<PageId>,
    /// Its ancestors, from the language's start page down.
    pub(crate) ancestors: &'a [PageId],
    /// The text of the `nav-more` link for `count` items left out.
    pub(crate) more: &'a dyn Fn(usize) -> Result<String, tera::Error>,
}

impl Nav<'_> {
    /// The navigation of `lang`: its start page's children, and the children of every section
    /// on the way to the current page.
    pub(crate) fn html(&self, lang: &Lang) -> Result<String, tera::Error> {
        let mut html = String::with_capacity(4096);
        self.list(&mut html, self.tree.home(lang))?;
        Ok(html)
    }

    fn on_path(&self, id: PageId) -> bool {
        self.current == Some(id) || self.ancestors.contains(&id)
    }

    /// Writes the list of the children of `section`.
    fn list(&self, html: &mut String, section: PageId) -> Result<(), tera::Error> {
        let tree = self.tree;
        let children = &tree.page(section).children;
        let section_url = url::encode_path(&tree.page(section).path);
        html.push_str("\n<ul");
        if let Some(list) = tree.nav_list(section) {
            for (name, value) in [
                ("data-nav-list", list.as_str()),
                ("data-nav-section", &section_url),
                ("data-nav-root", self.root),
            ] {
                html.push(' ');
                html.push_str(name);
                html.push_str("=\"");
                escape_into(html, value);
                html.push('"');
            }
        }
        html.push('>');
        let at = children.iter().position(|&child| self.on_path(child));
        let (start, end) = window(children.len(), at);
        self.more(html, &section_url, start)?;
        for &child in &children[start..end] {
            let page = tree.page(child);
            let open = self.on_path(child) && !page.children.is_empty();
            html.push_str("\n<li class=\"nav-");
            html.push_str(match page.kind {
                PageKind::Home => "home",
                PageKind::Section => "section",
                PageKind::Page => "page",
            });
            if open {
                html.push_str(" open");
            }
            html.push_str("\"><a href=\"");
            escape_into(html, self.root);
            escape_into(html, &url::encode_path(&page.path));
            html.push('"');
            if self.current == Some(child) {
                html.push_str(" aria-current=\"page\"");
            }
            html.push('>');
            escape_into(html, page.title());
            html.push_str("</a>");
            if open {
                self.list(html, child)?;
            }
            html.push_str("</li>");
        }
        self.more(html, &section_url, children.len() - end)?;
        html.push_str("\n</ul>");
        Ok(())
    }

    /// Writes the link to the section for `count` items left out, if there are any.
    fn more(&self, html: &mut String, section_url: &str, count: usize) -> Result<(), tera::Error> {
        if count == 0 {
            return Ok(());
        }
        html.push_str("\n<li class=\"nav-more\"><a href=\"");
        escape_into(html, self.root);
        escape_into(html, section_url);
        html.push_str("\">");
        escape_into(html, &(self.more)(count)?);
        html.push_str("</a></li>");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::window;
    use crate::resolve::{NAV_INLINE, NAV_WINDOW};

    #[test]
    fn a_long_list_shows_a_window_around_the_page() {
        assert_eq!(window(NAV_INLINE, Some(40)), (0, NAV_INLINE));
        assert_eq!(window(200, None), (0, 2 * NAV_WINDOW + 1));
        assert_eq!(window(200, Some(3)), (0, 2 * NAV_WINDOW + 1));
        assert_eq!(window(200, Some(100)), (90, 111));
        assert_eq!(window(200, Some(199)), (189, 200));
    }
}
