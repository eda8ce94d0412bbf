//! The shortcodes a site has: one per template in `shortcodes/` of the theme and the site, plus
//! the built-in `include`. Parsing asks it which names take inner content (that decides how an
//! unclosed tag pairs), and which names exist at all.

use std::collections::BTreeMap;

use crate::diagnostics::FileId;
use crate::shortcode::INCLUDE;

/// What the build knows about one shortcode.
#[derive(Debug, Clone)]
pub struct ShortcodeDef {
    /// Template name inside the template engine (`shortcodes/tabs.html`).
    pub template: String,
    /// The template file, for reports.
    pub file: FileId,
    /// Whether the template uses `inner` or `children`, which makes an unclosed opening tag a
    /// mistake rather than a standalone shortcode.
    pub requires_body: bool,
    /// Whether the template uses `anchor`: the shortcode writes a heading (or another element)
    /// that links can lead to, and the renderer gives it an id unique on the page, taken where
    /// the shortcode stands, before its inner content.
    pub anchored: bool,
}

/// The shortcodes a site can use.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    shortcodes: BTreeMap<String, ShortcodeDef>,
}

impl Registry {
    /// Registers a shortcode.
    pub fn insert(&mut self, name: String, def: ShortcodeDef) {
        self.shortcodes.insert(name, def);
    }

    /// The shortcode called `name`.
    pub fn get(&self, name: &str) -> Option<&ShortcodeDef> {
        self.shortcodes.get(name)
    }

    /// Whether `name` takes inner content.
    pub fn requires_body(&self, name: &str) -> bool {
        self.shortcodes
            .get(name)
            .is_some_and(|def| def.requires_body)
    }

    /// Whether `name` is a known shortcode, built-ins included.
    pub fn contains(&self, name: &str) -> bool {
        name == INCLUDE || self.shortcodes.contains_key(name)
    }

    /// The known name closest to a misspelt one, if any is close enough to be a likely typo.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        crate::diagnostics::closest(
            name,
            self.shortcodes.keys().map(String::as_str).chain([INCLUDE]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        let mut registry = Registry::default();
        for name in ["tabs", "tab", "notice", "expand"] {
            let mut sources = crate::diagnostics::SourceMap::new();
            let file = sources.add(format!("{name}.html"), "");
            registry.insert(
                name.to_owned(),
                ShortcodeDef {
                    template: format!("shortcodes/{name}.html"),
                    file,
                    requires_body: name != "tab",
                    anchored: name == "tab",
                },
            );
        }
        registry
    }

    #[test]
    fn suggests_close_names_only() {
        let registry = registry();
        assert_eq!(registry.suggest("tabz"), Some("tabs"));
        assert_eq!(registry.suggest("notcie"), Some("notice"));
        assert_eq!(registry.suggest("includ"), Some("include"));
        assert_eq!(registry.suggest("diagram"), None);
    }

    #[test]
    fn include_is_built_in() {
        let registry = registry();
        assert!(registry.contains("include"));
        assert!(registry.requires_body("tabs"));
        assert!(!registry.requires_body("tab"));
        assert!(!registry.requires_body("unknown"));
    }
}
