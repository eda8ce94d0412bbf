//! The page's footnotes: numbering by first reference across all fragments of a page, the
//! reference markers, and the footnote section at the end of the page.
//!
//! pulldown-cmark finds the references and definitions; this module decides their numbers and
//! writes their markup, since a page's footnotes span fragments pulldown-cmark sees one at a
//! time.

use std::collections::{HashMap, HashSet};

use super::headings::{slugify, unique_id};

/// Longest footnote label looked for when scanning for references; longer
/// bracketed runs are not labels pulldown-cmark accepts either.
const MAX_LABEL_LEN: usize = 999;

/// The footnotes of a page so far, referenced or defined.
#[derive(Debug, Default)]
pub(super) struct Footnotes {
    notes: Vec<Footnote>,
    by_key: HashMap<String, usize>,
    slugs: HashSet<String>,
    numbered: usize,
}

#[derive(Debug)]
struct Footnote {
    label: String,
    slug: String,
    number: Option<usize>,
    references: usize,
    html: Option<String>,
}

impl Footnotes {
    /// The footnote section for the end of the page (`""` when no referenced
    /// footnote has a definition). Footnotes are ordered by number, which is
    /// the order of their first reference; definitions never referenced are
    /// left out.
    pub(super) fn section_html(&self) -> String {
        let mut notes: Vec<(usize, &Footnote, &str)> = self
            .notes
            .iter()
            .filter_map(|f| Some((f.number?, f, f.html.as_deref()?)))
            .collect();
        if notes.is_empty() {
            return String::new();
        }
        notes.sort_by_key(|(number, _, _)| *number);

        let mut out = String::from("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (position, (number, note, body)) in notes.into_iter().enumerate() {
            out.push_str(&note.item_html(number, body, position + 1));
        }
        out.push_str("</ol>\n</section>\n");
        out
    }

    /// Labels of footnotes referenced on the page but defined in none of its
    /// fragments, in order of first reference.
    pub(super) fn undefined(&self) -> Vec<String> {
        let mut undefined: Vec<(usize, &str)> = self
            .notes
            .iter()
            .filter(|f| f.html.is_none())
            .filter_map(|f| Some((f.number?, f.label.as_str())))
            .collect();
        undefined.sort_by_key(|(number, _)| *number);
        undefined
            .into_iter()
            .map(|(_, label)| label.to_owned())
            .collect()
    }

    /// Records a reference to `label` and returns its marker: the footnote's number, linking
    /// to its note.
    pub(super) fn reference(&mut self, label: &str) -> String {
        let (number, slug, ref_id) = self.count_reference(label);
        format!(
            "<sup class=\"footnote-ref\" id=\"{ref_id}\"><a href=\"#fn-{slug}\">{number}</a></sup>"
        )
    }

    /// Records the rendered definition of `label`.
    pub(super) fn define(&mut self, label: &str, html: String) {
        let index = self.index(label);
        if let Some(note) = self.notes.get_mut(index) {
            // The first definition wins, as within a single Markdown text.
            note.html.get_or_insert(html);
        }
    }

    fn index(&mut self, label: &str) -> usize {
        let key = key(label);
        if let Some(&index) = self.by_key.get(&key) {
            return index;
        }
        let slug = unique_id(&mut self.slugs, slugify(label));
        let index = self.notes.len();
        self.notes.push(Footnote {
            label: label.to_owned(),
            slug,
            number: None,
            references: 0,
            html: None,
        });
        self.by_key.insert(key, index);
        index
    }

    /// Records a reference and returns (number, footnote slug, reference id).
    fn count_reference(&mut self, label: &str) -> (usize, String, String) {
        let index = self.index(label);
        let next_number = self.numbered + 1;
        let Some(note) = self.notes.get_mut(index) else {
            return (
                next_number,
                slugify(label),
                format!("fnref-{}", slugify(label)),
            );
        };
        let number = match note.number {
            Some(number) => number,
            None => {
                self.numbered = next_number;
                note.number = Some(next_number);
                next_number
            }
        };
        note.references += 1;
        let ref_id = if note.references == 1 {
            format!("fnref-{}", note.slug)
        } else {
            format!("fnref-{}-{}", note.slug, note.references)
        };
        (number, note.slug.clone(), ref_id)
    }
}

impl Footnote {
    /// The list item of this note, numbered `number` and standing at `position` (from 1) in
    /// the list; `body` is its rendered definition.
    fn item_html(&self, number: usize, body: &str, position: usize) -> String {
        let mut out = String::from("<li id=\"fn-");
        out.push_str(&self.slug);
        out.push('"');
        // A referenced but undefined footnote leaves a gap; `value` keeps
        // the list numbers in line with the markers in the text.
        if number != position {
            out.push_str(&format!(" value=\"{number}\""));
        }
        out.push_str(">\n");

        let backrefs = self.backrefs_html(number);
        // The back link belongs at the end of the last paragraph rather
        // than on a line of its own.
        match body.strip_suffix("</p>\n") {
            Some(head) if !backrefs.is_empty() => {
                out.push_str(head);
                out.push(' ');
                out.push_str(&backrefs);
                out.push_str("</p>\n");
            }
            _ => {
                out.push_str(body);
                if !backrefs.is_empty() {
                    out.push_str(&backrefs);
                    out.push('\n');
                }
            }
        }
        out.push_str("</li>\n");
        out
    }

    /// One link back to each reference of this note, separated by spaces.
    fn backrefs_html(&self, number: usize) -> String {
        (1..=self.references)
            .map(|n| {
                if n == 1 {
                    format!(
                        "<a href=\"#fnref-{slug}\" class=\"footnote-backref\" \
                         aria-label=\"Back to reference {number}\">↩</a>",
                        slug = self.slug
                    )
                } else {
                    format!(
                        "<a href=\"#fnref-{slug}-{n}\" class=\"footnote-backref\" \
                         aria-label=\"Back to reference {number}-{n}\">↩<sup>{n}</sup></a>",
                        slug = self.slug
                    )
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// With GitHub-style footnotes pulldown-cmark renders a reference whose
/// definition is not in the same text as literal `[^label]`. Definitions may
/// live in another fragment of the page, so every label that looks referenced
/// gets a throwaway definition in front of the text. The trailing HTML comment
/// ends the last definition so that an indented first line of the real text
/// cannot continue it. Everything from this prelude is dropped by offset.
pub(super) fn prelude(markdown: &str) -> String {
    let mut seen = HashSet::new();
    let mut prelude = String::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("[^") {
        let after = &rest[start + 2..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in after.char_indices() {
            if i > MAX_LABEL_LEN {
                break;
            }
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => escaped = true,
                ']' => {
                    end = Some(i);
                    break;
                }
                '[' | '\n' | '\r' => break,
                _ => {}
            }
        }
        match end {
            Some(end) => {
                let label = &after[..end];
                if !label.trim().is_empty() && seen.insert(label) {
                    prelude.push_str("[^");
                    prelude.push_str(label);
                    prelude.push_str("]: x\n\n");
                }
                rest = &after[end..];
            }
            None => rest = after,
        }
    }
    if !prelude.is_empty() {
        prelude.push_str("<!-- -->\n\n");
    }
    prelude
}

/// Footnote labels match case-insensitively and with whitespace collapsed,
/// as in CommonMark link labels.
fn key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests;
