//! Helpers shared by the Markdown unit tests: a stand-in for the shortcode layer and shorthands
//! for rendering.

use std::collections::HashMap;

use super::{Callbacks, PageState, PlaceholderContext, placeholder, render};

/// A stand-in for the shortcode layer: fixed outputs, nested fragments,
/// and a log of every call.
#[derive(Default)]
pub(super) struct Shortcodes {
    pub(super) html: HashMap<usize, String>,
    pub(super) urls: HashMap<usize, String>,
    pub(super) fragments: HashMap<usize, String>,
    pub(super) calls: Vec<(usize, PlaceholderContext)>,
}

impl Callbacks for Shortcodes {
    fn render_placeholder(
        &mut self,
        index: usize,
        context: PlaceholderContext,
        state: &mut PageState,
    ) -> String {
        self.calls.push((index, context));
        if let Some(fragment) = self.fragments.get(&index).cloned() {
            return render(&fragment, state, self);
        }
        match context {
            PlaceholderContext::Html => self
                .html
                .get(&index)
                .cloned()
                .unwrap_or_else(|| format!("<x-{index}/>")),
            PlaceholderContext::Url => self
                .urls
                .get(&index)
                .cloned()
                .unwrap_or_else(|| format!("/u{index}")),
        }
    }
}

/// Replaces `@N` (single digit) with placeholder N.
pub(super) fn fill(template: &str) -> String {
    (0..10).fold(template.to_owned(), |text, i| {
        text.replace(&format!("@{i}"), &placeholder(i))
    })
}

pub(super) fn render_with(markdown: &str, shortcodes: &mut Shortcodes) -> (String, PageState) {
    let mut state = PageState::default();
    let html = render(&fill(markdown), &mut state, shortcodes);
    (html, state)
}

pub(super) fn render_plain(markdown: &str) -> String {
    render_with(markdown, &mut Shortcodes::default()).0
}

pub(super) fn ids(state: &PageState) -> Vec<&str> {
    state.headings().iter().map(|h| h.id.as_str()).collect()
}
