//! Shortcodes: their syntax ([`parser`]).
//!
//! A shortcode is a Tera template, `themes/<theme>/shortcodes/NAME.html`, replaced by the site's
//! own `shortcodes/NAME.html` when there is one. The one built-in, `include`, splices a Markdown
//! fragment into the page before rendering and so has no template.
//! Which names exist and which take inner content is the theme's business
//! ([`crate::theme::Registry`]); rendering them is the `render` module's.

pub(crate) mod parser;

/// Name of the built-in shortcode that splices a Markdown fragment into the page.
pub(crate) const INCLUDE: &str = "include";

/// The fragment an `include` names: its first positional argument, or its `file` argument.
pub(crate) fn include_target(shortcode: &parser::Shortcode) -> Option<&str> {
    shortcode.positional(0).or_else(|| shortcode.named("file"))
}
