//! Inline SVG icons from the theme's and the site's `icons/` folders.
//!
//! Icons are inlined rather than loaded from a web font or CDN: pages work offline, the icon
//! inherits the text colour (`currentColor`), and a screen reader hears either the label or
//! nothing. Each file must hold one `<svg>` element; its own size and class attributes are
//! replaced so the theme's CSS decides how big an icon is.
//!
//! A page holds each icon it shows once, as a `<symbol>` in a hidden sprite at the end of the
//! body ([`Icons::sprite`]); every use is a small `<svg>` that refers to it ([`Icons::render`]).
//! Port tables show the same few device icons dozens of times, and inlining each use cost the
//! port overview a fifth of its weight.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, SourceMap};
use crate::discover::TextInput;

/// Loaded icons, ready to inline.
#[derive(Debug, Clone, Default)]
pub struct Icons {
    /// Icon name → the icon, split up once for every way a page shows it.
    icons: BTreeMap<String, Icon>,
}

#[derive(Debug, Clone)]
struct Icon {
    /// The `viewBox` of the `<svg>` element.
    view_box: String,
    /// The element's inner markup.
    body: String,
    /// The icon as a `<symbol>` of a page's sprite.
    symbol: String,
}

impl Icons {
    /// Reads every icon; a file without a single `<svg>` element is an error.
    pub fn load(
        sources: &SourceMap,
        inputs: &BTreeMap<String, TextInput>,
    ) -> (Icons, Vec<Diagnostic>) {
        let mut icons = BTreeMap::new();
        let mut diagnostics = Vec::new();
        for (name, input) in inputs {
            let text = sources.get(input.file).text();
            match split_svg(text) {
                Some((attributes, body)) => {
                    icons.insert(name.clone(), Icon::new(name, &attributes, body));
                }
                None => diagnostics.push(
                    Diagnostic::new(
                        Code::IconNotSvg,
                        format!("icon `{name}` is not an SVG file"),
                    )
                    .in_file(&sources.get(input.file).path)
                    .with_help("an icon file holds one `<svg>…</svg>` element"),
                ),
            }
        }
        (Icons { icons }, diagnostics)
    }

    /// Whether an icon of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.icons.contains_key(name)
    }

    /// The icon as inline SVG that shows its symbol in the page's sprite, which the page must
    /// then hold ([`Icons::sprite`]). With a label it is announced as an image; without one it
    /// is decoration and hidden from assistive technology.
    pub fn render(&self, name: &str, label: Option<&str>) -> Option<String> {
        if !self.icons.contains_key(name) {
            return None;
        }
        // A labelled icon also gets a <title>, which browsers show as a tooltip.
        let (accessibility, title) = match label {
            Some(label) => {
                let label = crate::html::escape(label);
                (
                    format!(r#"role="img" aria-label="{label}""#),
                    format!("<title>{label}</title>"),
                )
            }
            None => (
                r#"aria-hidden="true" focusable="false""#.to_owned(),
                String::new(),
            ),
        };
        let name = crate::html::escape(name);
        Some(format!(
            r##"<svg class="icon icon-{name}" {accessibility}>{title}<use href="#tafel-icon-{name}"/></svg>"##
        ))
    }

    /// A hidden `<svg>` holding the named icons as symbols, for the end of a page's body.
    /// Unknown names are left out (the function that asked for them has failed already).
    pub fn sprite<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> String {
        let mut sprite =
            String::from(r#"<svg class="icon-sprite" aria-hidden="true" style="display:none">"#);
        for icon in names.into_iter().filter_map(|name| self.icons.get(name)) {
            sprite.push_str(&icon.symbol);
        }
        sprite.push_str("</svg>");
        sprite
    }

    /// The icon's `viewBox` and inner markup, for embedding in another SVG.
    pub fn parts(&self, name: &str) -> Option<(String, String)> {
        let icon = self.icons.get(name)?;
        Some((icon.view_box.clone(), icon.body.clone()))
    }
}

impl Icon {
    /// The icon `name` from its `<svg>` element's attributes and body ([`split_svg`]).
    fn new(name: &str, attributes: &str, body: String) -> Icon {
        let attributes = parse_attributes(attributes);
        let view_box = attributes
            .iter()
            .find(|(key, _)| key == "viewBox")
            .map_or_else(|| "0 0 24 24".to_owned(), |(_, value)| value.clone());
        let kept: String = attributes
            .iter()
            .filter(|(key, _)| !key.starts_with("xmlns"))
            .map(|(key, value)| format!(r#" {key}="{value}""#))
            .collect();
        let symbol = format!(
            r#"<symbol id="tafel-icon-{}"{kept}>{body}</symbol>"#,
            crate::html::escape(name)
        );
        Icon {
            view_box,
            body,
            symbol,
        }
    }
}

/// Splits an SVG file into the root element's attributes (without size and class, with a leading
/// space) and its body.
fn split_svg(text: &str) -> Option<(String, String)> {
    let start = text.find("<svg")?;
    let open_end = start + text[start..].find('>')?;
    let close = text.rfind("</svg>")?;
    if close < open_end {
        return None;
    }
    let attributes = text[start + 4..open_end].trim_end_matches('/');
    let kept = parse_attributes(attributes)
        .into_iter()
        .filter(|(key, _)| {
            !matches!(
                key.as_str(),
                "class" | "width" | "height" | "aria-hidden" | "role"
            )
        })
        .map(|(key, value)| format!(r#" {key}="{value}""#))
        .collect::<String>();
    // Pretty-printed icon files would otherwise repeat their indentation at every use.
    let body = text[open_end + 1..close]
        .split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("");
    Some((kept, body))
}

/// Parses `key="value"` pairs; values keep their original escaping.
fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = text.trim_start();
    while let Some(equals) = rest.find('=') {
        let key = rest[..equals].trim().to_owned();
        let after = rest[equals + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(end) = after[1..].find(quote) else {
            break;
        };
        attributes.push((key, after[1..1 + end].to_owned()));
        rest = after[end + 2..].trim_start();
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn icons(svg: &str) -> Icons {
        let mut sources = SourceMap::new();
        let file = sources.add("icons/server.svg", svg);
        let inputs = BTreeMap::from([(
            "server".to_owned(),
            TextInput {
                relative: "server.svg".into(),
                file,
            },
        )]);
        let (icons, diagnostics) = Icons::load(&sources, &inputs);
        assert!(diagnostics.is_empty());
        icons
    }

    #[test]
    fn replaces_size_and_class_and_keeps_the_rest() {
        let icons = icons(
            r#"<!-- lucide --><svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" class="lucide"><rect x="2" y="2"/></svg>"#,
        );
        let svg = icons.render("server", None).unwrap();
        assert_eq!(
            svg,
            r##"<svg class="icon icon-server" aria-hidden="true" focusable="false"><use href="#tafel-icon-server"/></svg>"##
        );
        assert_eq!(
            icons.sprite(["server", "missing"]),
            r#"<svg class="icon-sprite" aria-hidden="true" style="display:none"><symbol id="tafel-icon-server" viewBox="0 0 24 24" fill="none" stroke="currentColor"><rect x="2" y="2"/></symbol></svg>"#
        );
        let labelled = icons.render("server", Some("pascom <Server>")).unwrap();
        assert!(
            labelled.contains(r#"role="img" aria-label="pascom &lt;Server&gt;""#),
            "{labelled}"
        );
        assert!(
            labelled.contains("<title>pascom &lt;Server&gt;</title><use"),
            "{labelled}"
        );
        assert!(icons.render("missing", None).is_none());
    }
}
