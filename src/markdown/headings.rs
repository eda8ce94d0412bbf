//! Headings of a page: their plain text and their `id`s, unique across all fragments of the
//! page and assigned in document order, an explicit `{#id}` taking its name first.
//!
//! The same slugs and de-duplication name the page's footnotes and the ids shortcodes ask for
//! (a tab's heading). The headings also say which section the renderer is in: the level of the
//! heading a shortcode sits under, which sets the level of the headings a shortcode writes.

use std::collections::HashSet;

use pulldown_cmark::Event;

/// A heading of the page, as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// Heading level, 1 to 6.
    pub level: u8,
    /// The `id` attribute the heading was rendered with.
    pub id: String,
    /// Plain text of the heading; placeholder output is not included.
    pub text: String,
}

/// The headings of a page so far, and every id handed out to them.
#[derive(Debug, Default)]
pub(super) struct Headings {
    headings: Vec<Heading>,
    used_ids: HashSet<String>,
    /// The level of the heading the rendering position sits under; 0 before the first, where
    /// the page's title (level 1) is the heading.
    section_level: u8,
}

impl Headings {
    /// All headings recorded so far, in document order.
    pub(super) fn all(&self) -> &[Heading] {
        &self.headings
    }

    /// The level of the heading the rendering position sits under: 1 (the page's title) before
    /// the first heading.
    pub(super) fn section_level(&self) -> u8 {
        self.section_level.max(1)
    }

    /// Sets the section level, for content nested in a shortcode and when it ends.
    pub(super) fn set_section_level(&mut self, level: u8) {
        self.section_level = level;
    }

    /// An id for an element that is not a Markdown heading (a shortcode's heading): `slug`, or
    /// `slug-1`, … when the page has that id already.
    pub(super) fn unique(&mut self, slug: String) -> String {
        unique_id(&mut self.used_ids, slug)
    }

    /// Takes an explicit id's name before any generated id can.
    pub(super) fn reserve(&mut self, id: &str) {
        self.used_ids.insert(id.to_owned());
    }

    /// Records a heading and returns its id: the explicit one if written, otherwise a slug of
    /// its text not used yet on the page.
    pub(super) fn record(&mut self, level: u8, explicit_id: Option<&str>, text: String) -> String {
        let id = match explicit_id {
            Some(id) => {
                self.used_ids.insert(id.to_owned());
                id.to_owned()
            }
            None => unique_id(&mut self.used_ids, slugify(&text)),
        };
        self.section_level = level;
        self.headings.push(Heading {
            level,
            id: id.clone(),
            text,
        });
        id
    }
}

/// The plain text of a heading's events: text and code, breaks as spaces, without the output
/// of placeholders.
pub(super) fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    // Removed placeholders leave gaps; a table of contents wants single spaces.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Turns heading text into an id: lowercase letters and digits of any script,
/// separated by single `-`; `section` when nothing is left.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut separator = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if separator && !slug.is_empty() {
                slug.push('-');
            }
            separator = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            separator = true;
        }
    }
    if slug.is_empty() {
        String::from("section")
    } else {
        slug
    }
}

/// The level of a heading one below a heading of `level`; 6, the last level HTML has, at most.
pub(crate) fn level_below(level: u8) -> u8 {
    level.saturating_add(1).clamp(2, 6)
}

/// `base`, or `base-1`, `base-2`, … when taken, marked as used.
pub(super) fn unique_id(used: &mut HashSet<String>, base: String) -> String {
    if !used.contains(&base) {
        used.insert(base.clone());
        return base;
    }
    let mut n = 1usize;
    loop {
        let candidate = format!("{base}-{n}");
        if !used.contains(&candidate) {
            used.insert(candidate.clone());
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests;
