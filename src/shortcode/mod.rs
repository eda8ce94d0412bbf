//! Shortcodes: their syntax ([`parser`]) and the registry of the shortcodes a site has.
//!
//! A shortcode is a Tera template, `themes/<theme>/shortcodes/NAME.html`, replaced by the site's
//! own `shortcodes/NAME.html` when there is one. The one built-in, `include`, splices a Markdown
//! fragment into the page before rendering and so has no template.
//! Rendering shortcodes is the `render` module's job; this module only knows which names exist
//! and which of them take inner content.

pub mod parser;

use std::collections::BTreeMap;

use crate::diagnostics::FileId;

/// Name of the built-in shortcode that splices a Markdown fragment into the page.
pub const INCLUDE: &str = "include";

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
