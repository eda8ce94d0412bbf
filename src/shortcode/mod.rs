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
        self.shortcodes
            .keys()
            .map(String::as_str)
            .chain([INCLUDE])
            .map(|candidate| {
                let length_difference = candidate.len().abs_diff(name.len());
                (edit_distance(name, candidate), length_difference, candidate)
            })
            .filter(|(distance, _, candidate)| *distance <= (candidate.chars().count() / 3).max(1))
            .min()
            .map(|(_, _, candidate)| candidate)
    }
}

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one
/// edit each (optimal string alignment), for "did you mean" hints: `phnoe` is one edit from
/// `phone`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
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

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("tabs", "tabs"), 0);
        assert_eq!(edit_distance("tabs", "tab"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("phnoe", "phone"), 1);
    }
}
