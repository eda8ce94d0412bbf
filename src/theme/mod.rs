//! The theme: what the build reads from `themes/<theme>/` and the site's overrides before any
//! page is parsed, and keeps for as long as the theme's files do not change.
//!
//! - [`templates`]: the template engine with every template and shortcode template, and the
//!   mapping of its errors to spans;
//! - [`shortcodes`]: the registry of shortcode names, which the content parser consults;
//! - [`icons`]: the inline SVG icons;
//! - [`functions`]: the names of the functions templates may call.
//!
//! It sits in the parse stage: it depends on discovery's inputs and nothing later.

pub(crate) mod functions;
pub(crate) mod icons;
pub(crate) mod shortcodes;
pub(crate) mod templates;

pub(crate) use icons::Icons;
pub(crate) use shortcodes::Registry;
pub(crate) use templates::Templates;

use std::sync::Arc;

/// Templates, shortcodes and icons, loaded; it outlives a build, so that a long-running command
/// renders again without loading the templates again.
pub struct Theme {
    /// The template engine and the shortcode registry.
    pub templates: Templates,
    /// Inline icons, shared with the render calls that use them.
    pub icons: Arc<Icons>,
}
