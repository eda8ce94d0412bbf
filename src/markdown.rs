//! Markdown → HTML for the fragments of one page.
//!
//! This module owns the conversion of Markdown text to HTML, the `id` of every
//! heading (unique across all fragments of a page, assigned in document
//! order), the page's footnotes (numbering, reference markers and the closing
//! footnote section) and the splicing of shortcode output into the rendered
//! HTML at the point where each placeholder appears.
//!
//! It does not know shortcode syntax or templates: the caller replaces every
//! shortcode with [`placeholder`] before rendering and produces the
//! shortcode's output in [`Callbacks::render_placeholder`], which may render
//! nested Markdown by calling [`render`] again with the same [`PageState`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{
    CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset, html,
};

/// Opens a placeholder. Private-use characters have no Markdown meaning, so
/// the parser never splits or escapes them.
const OPEN: char = '\u{E000}';
/// Closes a placeholder.
const CLOSE: char = '\u{E001}';

/// Longest footnote label looked for when scanning for references; longer
/// bracketed runs are not labels pulldown-cmark accepts either.
const MAX_LABEL_LEN: usize = 999;

/// Placeholder text for shortcode number `index`: U+E000, decimal index,
/// U+E001 (private-use chars pass through Markdown untouched).
pub fn placeholder(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// Finds the first well-formed placeholder in `text` and returns the text
/// before it, its index and the text after it. Malformed placeholders (no
/// digits, digits out of range, no closing character) count as plain text.
pub fn next_placeholder(text: &str) -> Option<(&str, usize, &str)> {
    let mut search = 0;
    while let Some(offset) = text.get(search..)?.find(OPEN) {
        let open = search + offset;
        let digits_start = open + OPEN.len_utf8();
        let after = text.get(digits_start..)?;
        let digits_len = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after.get(..digits_len)?.parse::<usize>();
        let rest = after.get(digits_len..)?.strip_prefix(CLOSE);
        if let (Ok(index), Some(rest)) = (index, rest) {
            return Some((text.get(..open)?, index, rest));
        }
        search = digits_start;
    }
    None
}

/// Where a placeholder sits, which decides what its replacement must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderContext {
    /// The replacement is inserted as raw HTML (text, code, HTML blocks).
    Html,
    /// The placeholder sits in a link or image destination or title (or in
    /// an image's alt text or an autolink): the replacement is plain text,
    /// inserted into the attribute and escaped like any other URL or text.
    Url,
}

/// What the renderer asks of the page it renders: the output of the shortcode behind each
/// placeholder, and where a link written in the Markdown really leads.
pub trait Callbacks {
    /// Returns the replacement for placeholder `index` in `context`.
    ///
    /// Called exactly once per placeholder occurrence, in document order, at
    /// the moment rendering reaches it, so that a nested [`render`] with
    /// `state` assigns heading ids and footnote numbers in document order.
    /// (A placeholder in a link reference definition is resolved at the
    /// definition, or at the first link using it if that link comes first.)
    fn render_placeholder(
        &mut self,
        index: usize,
        context: PlaceholderContext,
        state: &mut PageState,
    ) -> String;

    /// A replacement for a link or image destination as written (after placeholders are
    /// substituted), such as the URL of the page behind `other.md`; `None` keeps it.
    /// `link` is where the whole link stands in the Markdown given to [`render`], for reports.
    fn resolve_destination(&mut self, destination: &str, link: Range<usize>) -> Option<String> {
        let _ = (destination, link);
        None
    }
}

/// A heading of the page, as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Heading level, 1 to 6.
    pub level: u8,
    /// The `id` attribute the heading was rendered with.
    pub id: String,
    /// Plain text of the heading; placeholder output is not included.
    pub text: String,
}

/// Per-page state shared by all fragments of one page.
#[derive(Debug, Default)]
pub struct PageState {
    headings: Vec<Heading>,
    used_ids: HashSet<String>,
    footnotes: Vec<Footnote>,
    footnote_by_key: HashMap<String, usize>,
    footnote_slugs: HashSet<String>,
    footnotes_numbered: usize,
}

#[derive(Debug)]
struct Footnote {
    label: String,
    slug: String,
    number: Option<usize>,
    references: usize,
    html: Option<String>,
}

impl PageState {
    /// All headings rendered so far, in document order, from every fragment.
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// The footnote section for the end of the page (`""` when no referenced
    /// footnote has a definition). Footnotes are ordered by number, which is
    /// the order of their first reference; definitions never referenced are
    /// left out.
    pub fn footnotes_html(&self) -> String {
        let mut notes: Vec<(usize, &Footnote, &str)> = self
            .footnotes
            .iter()
            .filter_map(|f| Some((f.number?, f, f.html.as_deref()?)))
            .collect();
        if notes.is_empty() {
            return String::new();
        }
        notes.sort_by_key(|(number, _, _)| *number);

        let mut out = String::from("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (position, (number, note, body)) in notes.into_iter().enumerate() {
            out.push_str("<li id=\"fn-");
            out.push_str(&note.slug);
            out.push('"');
            // A referenced but undefined footnote leaves a gap; `value` keeps
            // the list numbers in line with the markers in the text.
            if number != position + 1 {
                out.push_str(&format!(" value=\"{number}\""));
            }
            out.push_str(">\n");

            let backrefs = (1..=note.references)
                .map(|n| {
                    if n == 1 {
                        format!(
                            "<a href=\"#fnref-{slug}\" class=\"footnote-backref\" \
                             aria-label=\"Back to reference {number}\">↩</a>",
                            slug = note.slug
                        )
                    } else {
                        format!(
                            "<a href=\"#fnref-{slug}-{n}\" class=\"footnote-backref\" \
                             aria-label=\"Back to reference {number}-{n}\">↩<sup>{n}</sup></a>",
                            slug = note.slug
                        )
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");

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
        }
        out.push_str("</ol>\n</section>\n");
        out
    }

    /// Labels of footnotes referenced on the page but defined in none of its
    /// fragments, in order of first reference.
    pub fn undefined_footnotes(&self) -> Vec<String> {
        let mut undefined: Vec<(usize, &str)> = self
            .footnotes
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

    fn footnote(&mut self, label: &str) -> usize {
        let key = footnote_key(label);
        if let Some(&index) = self.footnote_by_key.get(&key) {
            return index;
        }
        let slug = unique_id(&mut self.footnote_slugs, slugify(label));
        let index = self.footnotes.len();
        self.footnotes.push(Footnote {
            label: label.to_owned(),
            slug,
            number: None,
            references: 0,
            html: None,
        });
        self.footnote_by_key.insert(key, index);
        index
    }

    /// Records a reference and returns (number, footnote slug, reference id).
    fn reference_footnote(&mut self, label: &str) -> (usize, String, String) {
        let index = self.footnote(label);
        let next_number = self.footnotes_numbered + 1;
        let Some(note) = self.footnotes.get_mut(index) else {
            return (
                next_number,
                slugify(label),
                format!("fnref-{}", slugify(label)),
            );
        };
        let number = match note.number {
            Some(number) => number,
            None => {
                self.footnotes_numbered = next_number;
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

    fn define_footnote(&mut self, label: &str, html: String) {
        let index = self.footnote(label);
        if let Some(note) = self.footnotes.get_mut(index) {
            // The first definition wins, as within a single Markdown text.
            note.html.get_or_insert(html);
        }
    }
}

/// Renders one Markdown fragment of a page to HTML.
///
/// Footnote definitions are taken out of the flow and collected in `state`
/// (see [`PageState::footnotes_html`]); headings are recorded in `state`.
pub fn render(markdown: &str, state: &mut PageState, placeholders: &mut dyn Callbacks) -> String {
    let prelude = footnote_prelude(markdown);
    let source: Cow<'_, str> = if prelude.is_empty() {
        Cow::Borrowed(markdown)
    } else {
        Cow::Owned(format!("{prelude}{markdown}"))
    };
    let parser = Parser::new_ext(&source, options());

    // Reference definitions produce no events; their placeholders are
    // resolved when the event stream passes their position.
    let mut reference_urls: Vec<(usize, String)> = Vec::new();
    for (_, def) in parser.reference_definitions().iter() {
        for text in std::iter::once(&def.dest).chain(def.title.as_ref()) {
            if text.contains(OPEN) {
                reference_urls.push((def.span.start, text.to_string()));
            }
        }
    }
    reference_urls.sort_by_key(|(start, _)| *start);
    let mut reference_urls = reference_urls.into_iter().peekable();

    let events: Vec<_> = TextMergeWithOffset::new(parser.into_offset_iter())
        .filter(|(_, range)| range.start >= prelude.len())
        .collect();

    // An explicit id anywhere in this fragment reserves its name before any
    // generated id is handed out.
    for (event, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            state.used_ids.insert(id.to_string());
        }
    }

    let mut renderer = Renderer {
        state,
        placeholders,
        root: Vec::new(),
        frames: Vec::new(),
        url_cache: HashMap::new(),
        current_range: 0..0,
    };
    for (event, range) in events {
        while let Some((_, text)) = reference_urls.next_if(|(start, _)| *start < range.start) {
            renderer.substitute_url(&text);
        }
        // Positions are reported relative to the Markdown as given, without the prelude.
        renderer.current_range = range.start - prelude.len()..range.end - prelude.len();
        renderer.event(event);
    }
    for (_, text) in reference_urls {
        renderer.substitute_url(&text);
    }
    renderer.finish()
}

/// Turns heading text into an id: lowercase letters and digits of any script,
/// separated by single `-`; `section` when nothing is left.
pub fn slugify(text: &str) -> String {
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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// With GitHub-style footnotes pulldown-cmark renders a reference whose
/// definition is not in the same text as literal `[^label]`. Definitions may
/// live in another fragment of the page, so every label that looks referenced
/// gets a throwaway definition in front of the text. The trailing HTML comment
/// ends the last definition so that an indented first line of the real text
/// cannot continue it. Everything from this prelude is dropped by offset.
fn footnote_prelude(markdown: &str) -> String {
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
fn footnote_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn unique_id(used: &mut HashSet<String>, base: String) -> String {
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

enum Segment<'t> {
    Text(&'t str),
    Placeholder(usize),
}

/// Splits text at well-formed placeholders; malformed ones stay text.
fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some((before, index, after)) = next_placeholder(rest) {
        if !before.is_empty() {
            segments.push(Segment::Text(before));
        }
        segments.push(Segment::Placeholder(index));
        rest = after;
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest));
    }
    segments
}

fn has_placeholder(text: &str) -> bool {
    next_placeholder(text).is_some()
}

/// Events collected until their element is complete, because what the
/// element renders as depends on its content.
struct Frame<'a> {
    kind: FrameKind<'a>,
    events: Vec<Event<'a>>,
    /// Where the element starts and ends in the fragment's Markdown.
    range: Range<usize>,
}

enum FrameKind<'a> {
    Paragraph {
        only_placeholders: bool,
        has_placeholder: bool,
    },
    Heading(Tag<'a>),
    /// A `Tag::Link` or `Tag::Image`: the destination's placeholders come
    /// after the link text in the source, so they are resolved at the end.
    Link(Tag<'a>),
    FootnoteDefinition(CowStr<'a>),
}

struct Renderer<'r, 'a> {
    state: &'r mut PageState,
    placeholders: &'r mut dyn Callbacks,
    root: Vec<Event<'a>>,
    frames: Vec<Frame<'a>>,
    /// Url replacements by index: pulldown-cmark copies a reference
    /// definition's destination into every link using it, and an autolink's
    /// text is its destination, yet each placeholder is rendered once.
    url_cache: HashMap<usize, String>,
    /// Where the event being handled sits in the fragment's Markdown.
    current_range: Range<usize>,
}

impl<'a> Renderer<'_, 'a> {
    fn finish(mut self) -> String {
        // Only reachable with unbalanced events; flush rather than lose text.
        while let Some(frame) = self.frames.pop() {
            self.close(frame);
        }
        let mut out = String::new();
        html::push_html(&mut out, self.root.into_iter());
        out
    }

    fn sink(&mut self) -> &mut Vec<Event<'a>> {
        match self.frames.last_mut() {
            Some(frame) => &mut frame.events,
            None => &mut self.root,
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        if let Some(Frame {
            kind: FrameKind::Paragraph {
                only_placeholders, ..
            },
            ..
        }) = self.frames.last_mut()
        {
            let blank = match &event {
                Event::SoftBreak => true,
                Event::Text(text) => text.trim().is_empty(),
                _ => false,
            };
            if !blank {
                *only_placeholders = false;
            }
        }
        self.sink().push(event);
    }

    fn emit_placeholder(&mut self, html: String) {
        if let Some(Frame {
            kind: FrameKind::Paragraph {
                has_placeholder, ..
            },
            ..
        }) = self.frames.last_mut()
        {
            *has_placeholder = true;
        }
        self.sink().push(Event::InlineHtml(html.into()));
    }

    fn push_frame(&mut self, kind: FrameKind<'a>) {
        self.frames.push(Frame {
            kind,
            events: Vec::new(),
            range: self.current_range.clone(),
        });
    }

    fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Paragraph) => self.push_frame(FrameKind::Paragraph {
                only_placeholders: true,
                has_placeholder: false,
            }),
            Event::Start(tag @ Tag::Heading { .. }) => self.push_frame(FrameKind::Heading(tag)),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.push_frame(FrameKind::Link(tag))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.push_frame(FrameKind::FootnoteDefinition(label))
            }
            Event::End(
                end @ (TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::FootnoteDefinition),
            ) => match self.frames.pop() {
                Some(frame) => self.close(frame),
                None => self.emit(Event::End(end)),
            },
            Event::Text(text) => self.text(text),
            Event::Code(code) => self.code(code),
            Event::Html(html) => {
                let html = self.splice_html(html);
                self.emit(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                let html = self.splice_html(html);
                self.emit(Event::InlineHtml(html));
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            other => self.emit(other),
        }
    }

    fn close(&mut self, frame: Frame<'a>) {
        match frame.kind {
            FrameKind::Paragraph {
                only_placeholders: true,
                has_placeholder: true,
            } => {
                // A block shortcode on its own line must not end up inside <p>.
                let mut ends_with_newline = false;
                for event in frame.events {
                    match event {
                        Event::Text(_) => {}
                        Event::SoftBreak => {
                            self.emit(Event::Html("\n".into()));
                            ends_with_newline = true;
                        }
                        Event::InlineHtml(html) => {
                            ends_with_newline = html.ends_with('\n');
                            self.emit(Event::Html(html));
                        }
                        other => self.emit(other),
                    }
                }
                if !ends_with_newline {
                    self.emit(Event::Html("\n".into()));
                }
            }
            FrameKind::Paragraph { .. } => {
                self.emit(Event::Start(Tag::Paragraph));
                for event in frame.events {
                    self.emit(event);
                }
                self.emit(Event::End(TagEnd::Paragraph));
            }
            FrameKind::Heading(tag) => self.close_heading(tag, frame.events),
            FrameKind::Link(tag) => self.close_link(tag, frame.events, frame.range),
            FrameKind::FootnoteDefinition(label) => {
                let mut html = String::new();
                html::push_html(&mut html, frame.events.into_iter());
                self.state.define_footnote(&label, html);
            }
        }
    }

    fn close_heading(&mut self, tag: Tag<'a>, events: Vec<Event<'a>>) {
        let Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } = tag
        else {
            for event in events {
                self.emit(event);
            }
            return;
        };
        let mut text = String::new();
        for event in &events {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
        }
        // Removed placeholders leave gaps; a table of contents wants single spaces.
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let id = match id {
            Some(id) => {
                self.state.used_ids.insert(id.to_string());
                id.to_string()
            }
            None => unique_id(&mut self.state.used_ids, slugify(&text)),
        };
        self.state.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            text,
        });
        let anchor = (level as u8 >= 2).then(|| {
            format!(
                " <a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\">#</a>",
                crate::html::escape(&id)
            )
        });
        self.emit(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        }));
        for event in events {
            self.emit(event);
        }
        if let Some(anchor) = anchor {
            self.emit(Event::InlineHtml(anchor.into()));
        }
        self.emit(Event::End(TagEnd::Heading(level)));
    }

    fn close_link(&mut self, tag: Tag<'a>, events: Vec<Event<'a>>, range: Range<usize>) {
        let (tag, end) = match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => (
                Tag::Link {
                    link_type,
                    dest_url: self.destination(dest_url, range.clone()),
                    title: self.url(title),
                    id,
                },
                TagEnd::Link,
            ),
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => (
                Tag::Image {
                    link_type,
                    dest_url: self.destination(dest_url, range),
                    title: self.url(title),
                    id,
                },
                TagEnd::Image,
            ),
            other => {
                let end = other.to_end();
                (other, end)
            }
        };
        self.emit(Event::Start(tag));
        for event in events {
            self.emit(event);
        }
        self.emit(Event::End(end));
    }

    /// Text that ends up in an attribute: an image's alt text (every image
    /// on the stack, since alt text flattens nested content) or an autolink,
    /// whose text is its destination.
    fn in_url_context(&self) -> bool {
        let in_image = self
            .frames
            .iter()
            .any(|f| matches!(f.kind, FrameKind::Link(Tag::Image { .. })));
        let in_autolink = matches!(
            self.frames.last(),
            Some(Frame {
                kind: FrameKind::Link(Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                }),
                ..
            })
        );
        in_image || in_autolink
    }

    fn text(&mut self, text: CowStr<'a>) {
        if self.in_url_context() {
            let text = self.url(text);
            self.emit(Event::Text(text));
            return;
        }
        if !text.contains(OPEN) {
            self.emit(Event::Text(text));
            return;
        }
        for segment in segments(&text) {
            match segment {
                Segment::Text(s) => self.emit(Event::Text(s.to_owned().into())),
                Segment::Placeholder(index) => {
                    let html = self.call(index, PlaceholderContext::Html);
                    self.emit_placeholder(html);
                }
            }
        }
    }

    fn code(&mut self, code: CowStr<'a>) {
        if self.in_url_context() {
            let code = self.url(code);
            self.emit(Event::Code(code));
            return;
        }
        if !has_placeholder(&code) {
            self.emit(Event::Code(code));
            return;
        }
        self.emit(Event::InlineHtml("<code>".into()));
        for segment in segments(&code) {
            match segment {
                Segment::Text(s) => self.emit(Event::Text(s.to_owned().into())),
                Segment::Placeholder(index) => {
                    let html = self.call(index, PlaceholderContext::Html);
                    self.emit(Event::InlineHtml(html.into()));
                }
            }
        }
        self.emit(Event::InlineHtml("</code>".into()));
    }

    fn splice_html(&mut self, html: CowStr<'a>) -> CowStr<'a> {
        if !has_placeholder(&html) {
            return html;
        }
        let mut out = String::with_capacity(html.len());
        for segment in segments(&html) {
            match segment {
                Segment::Text(s) => out.push_str(s),
                Segment::Placeholder(index) => {
                    out.push_str(&self.call(index, PlaceholderContext::Html));
                }
            }
        }
        out.into()
    }

    fn footnote_reference(&mut self, label: &str) {
        let (number, slug, ref_id) = self.state.reference_footnote(label);
        self.emit(Event::InlineHtml(
            format!(
                "<sup class=\"footnote-ref\" id=\"{ref_id}\"><a href=\"#fn-{slug}\">{number}</a></sup>"
            )
            .into(),
        ));
    }

    fn call(&mut self, index: usize, context: PlaceholderContext) -> String {
        self.placeholders
            .render_placeholder(index, context, self.state)
    }

    /// A link or image destination: placeholders substituted, then resolved by the page.
    fn destination(&mut self, text: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        let text = self.url(text);
        match self.placeholders.resolve_destination(&text, range) {
            Some(resolved) => resolved.into(),
            None => text,
        }
    }

    fn url(&mut self, text: CowStr<'a>) -> CowStr<'a> {
        match self.substitute_url(&text) {
            Some(replaced) => replaced.into(),
            None => text,
        }
    }

    /// Replaces placeholders with their Url-context text; `None` when there
    /// are none.
    fn substitute_url(&mut self, text: &str) -> Option<String> {
        if !has_placeholder(text) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        for segment in segments(text) {
            match segment {
                Segment::Text(s) => out.push_str(s),
                Segment::Placeholder(index) => {
                    if !self.url_cache.contains_key(&index) {
                        let replacement = self.call(index, PlaceholderContext::Url);
                        self.url_cache.insert(index, replacement);
                    }
                    if let Some(replacement) = self.url_cache.get(&index) {
                        out.push_str(replacement);
                    }
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the shortcode layer: fixed outputs, nested fragments,
    /// and a log of every call.
    #[derive(Default)]
    struct Shortcodes {
        html: HashMap<usize, String>,
        urls: HashMap<usize, String>,
        fragments: HashMap<usize, String>,
        calls: Vec<(usize, PlaceholderContext)>,
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
    fn fill(template: &str) -> String {
        (0..10).fold(template.to_owned(), |text, i| {
            text.replace(&format!("@{i}"), &placeholder(i))
        })
    }

    fn render_with(markdown: &str, shortcodes: &mut Shortcodes) -> (String, PageState) {
        let mut state = PageState::default();
        let html = render(&fill(markdown), &mut state, shortcodes);
        (html, state)
    }

    fn render_plain(markdown: &str) -> String {
        render_with(markdown, &mut Shortcodes::default()).0
    }

    fn ids(state: &PageState) -> Vec<&str> {
        state.headings().iter().map(|h| h.id.as_str()).collect()
    }

    use PlaceholderContext::{Html, Url};

    #[test]
    fn placeholder_format() {
        assert_eq!(placeholder(0), "\u{E000}0\u{E001}");
        assert_eq!(placeholder(42), "\u{E000}42\u{E001}");
    }

    #[test]
    fn next_placeholder_finds_first_well_formed_one() {
        let text = format!("a\u{E000}x\u{E001}b{}c{}", placeholder(7), placeholder(8));
        let (before, index, after) = next_placeholder(&text).unwrap();
        assert_eq!(before, "a\u{E000}x\u{E001}b");
        assert_eq!(index, 7);
        assert_eq!(after, format!("c{}", placeholder(8)));
        assert_eq!(next_placeholder("plain \u{E000}12"), None);
        assert_eq!(
            next_placeholder("\u{E000}99999999999999999999999\u{E001}"),
            None
        );
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("Ihre Firewall anpassen"), "ihre-firewall-anpassen");
        assert_eq!(
            slugify("Portübersicht | Firewall konfigurieren"),
            "portübersicht-firewall-konfigurieren"
        );
        assert_eq!(slugify("80 / 443"), "80-443");
        assert_eq!(slugify("  __Hello--World__  "), "hello-world");
        assert_eq!(slugify("Straße & Größe"), "straße-größe");
        assert_eq!(slugify("Ελληνικά Κείμενο"), "ελληνικά-κείμενο");
        assert_eq!(slugify("What's new? (v2.0)"), "whats-new-v20");
        assert_eq!(slugify("a\tb\n c"), "a-b-c");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify(""), "section");
    }

    #[test]
    fn heading_markup_with_anchor_and_classes() {
        assert_eq!(
            render_plain("# Title\n\n## Ihre Firewall anpassen\n\n### Ports {#ports .wide}"),
            "<h1 id=\"title\">Title</h1>\n\
             <h2 id=\"ihre-firewall-anpassen\">Ihre Firewall anpassen \
             <a class=\"anchor\" href=\"#ihre-firewall-anpassen\" aria-hidden=\"true\">#</a></h2>\n\
             <h3 id=\"ports\" class=\"wide\">Ports \
             <a class=\"anchor\" href=\"#ports\" aria-hidden=\"true\">#</a></h3>\n"
        );
    }

    #[test]
    fn heading_ids_are_unique_per_page() {
        let (_, state) = render_with(
            "## Legende\n\n## Legende\n\n## Legende\n\n## Legende 1",
            &mut Shortcodes::default(),
        );
        assert_eq!(
            ids(&state),
            ["legende", "legende-1", "legende-2", "legende-1-1"]
        );
    }

    #[test]
    fn explicit_ids_win_and_reserve_their_name() {
        let (html, state) = render_with(
            "## Intro\n\n## Something {#intro}\n\n## Setup {#setup}\n\n## Setup\n\n## Portübersicht | Firewall",
            &mut Shortcodes::default(),
        );
        // The explicit `intro` comes later but still takes precedence.
        assert_eq!(
            ids(&state),
            [
                "intro-1",
                "intro",
                "setup",
                "setup-1",
                "portübersicht-firewall"
            ]
        );
        assert!(html.contains("<h2 id=\"intro\">Something <a class=\"anchor\" href=\"#intro\""));
    }

    #[test]
    fn explicit_id_is_escaped_in_anchor() {
        assert_eq!(
            render_plain("## X {#a&b}"),
            "<h2 id=\"a&amp;b\">X <a class=\"anchor\" href=\"#a&amp;b\" aria-hidden=\"true\">#</a></h2>\n"
        );
    }

    #[test]
    fn heading_text_and_slug_exclude_placeholder_output() {
        let mut shortcodes = Shortcodes::default();
        shortcodes.html.insert(0, "<span>Badge</span>".into());
        let (html, state) = render_with("## Port @0 Übersicht `tcp`", &mut shortcodes);
        assert_eq!(
            state.headings(),
            [Heading {
                level: 2,
                id: "port-übersicht-tcp".into(),
                text: "Port Übersicht tcp".into(),
            }]
        );
        assert!(html.starts_with(
            "<h2 id=\"port-übersicht-tcp\">Port <span>Badge</span> Übersicht <code>tcp</code> <a"
        ));
    }

    #[test]
    fn nested_fragments_get_ids_in_document_order() {
        let mut shortcodes = Shortcodes::default();
        shortcodes.fragments.insert(0, "## A\n\ninner".into());
        let (html, state) = render_with("## A\n\n@0\n\n## A", &mut shortcodes);
        assert_eq!(ids(&state), ["a", "a-1", "a-2"]);
        assert_eq!(
            html,
            "<h2 id=\"a\">A <a class=\"anchor\" href=\"#a\" aria-hidden=\"true\">#</a></h2>\n\
             <h2 id=\"a-1\">A <a class=\"anchor\" href=\"#a-1\" aria-hidden=\"true\">#</a></h2>\n\
             <p>inner</p>\n\
             <h2 id=\"a-2\">A <a class=\"anchor\" href=\"#a-2\" aria-hidden=\"true\">#</a></h2>\n"
        );
    }

    #[test]
    fn ids_stay_unique_across_separate_render_calls() {
        let mut state = PageState::default();
        let mut shortcodes = Shortcodes::default();
        render("## Legende", &mut state, &mut shortcodes);
        let second = render("## Legende", &mut state, &mut shortcodes);
        assert!(second.starts_with("<h2 id=\"legende-1\">"));
    }

    #[test]
    fn block_placeholder_paragraph_is_not_wrapped() {
        let mut shortcodes = Shortcodes::default();
        shortcodes
            .html
            .insert(0, "<div class=\"tabs\">T</div>".into());
        shortcodes.html.insert(2, "<div>N</div>\n".into());
        let (html, _) = render_with("Before\n\n@0\n\n  @1 \n@2\n\nAfter", &mut shortcodes);
        assert_eq!(
            html,
            "<p>Before</p>\n<div class=\"tabs\">T</div>\n<x-1/>\n<div>N</div>\n<p>After</p>\n"
        );
    }

    #[test]
    fn inline_placeholder_stays_in_paragraph() {
        let mut shortcodes = Shortcodes::default();
        shortcodes.html.insert(0, "<kbd>Ctrl</kbd>".into());
        let (html, _) = render_with("Press @0 now.\n\n**@1**", &mut shortcodes);
        assert_eq!(
            html,
            "<p>Press <kbd>Ctrl</kbd> now.</p>\n<p><strong><x-1/></strong></p>\n"
        );
    }

    #[test]
    fn placeholder_next_to_special_characters_is_not_split() {
        let (html, _) = render_with(
            "@0*x @1_y @2[z @3<q @4&amp; @5\\* @6`",
            &mut Shortcodes::default(),
        );
        assert_eq!(
            html,
            "<p><x-0/>*x <x-1/>_y <x-2/>[z <x-3/>&lt;q <x-4/>&amp; <x-5/>* <x-6/>`</p>\n"
        );
    }

    #[test]
    fn placeholder_in_link_destination_uses_url_context_and_is_escaped() {
        let mut shortcodes = Shortcodes::default();
        shortcodes.urls.insert(1, "/a b?x=1&y=\"q\"".into());
        shortcodes.urls.insert(2, "Say \"hi\" & <go>".into());
        let (html, _) = render_with("[text @0](@1 \"@2\")", &mut shortcodes);
        assert_eq!(
            html,
            "<p><a href=\"/a%20b?x=1&amp;y=%22q%22\" title=\"Say &quot;hi&quot; &amp; &lt;go&gt;\">\
             text <x-0/></a></p>\n"
        );
        assert_eq!(shortcodes.calls, [(0, Html), (1, Url), (2, Url)]);
    }

    #[test]
    fn placeholder_in_image_uses_url_context_for_src_and_alt() {
        let mut shortcodes = Shortcodes::default();
        shortcodes.urls.insert(0, "a \"b\"".into());
        let (html, _) = render_with("![alt @0](/img/@1.png)", &mut shortcodes);
        assert_eq!(
            html,
            "<p><img src=\"/img//u1.png\" alt=\"alt a &quot;b&quot;\" /></p>\n"
        );
        assert_eq!(shortcodes.calls, [(0, Url), (1, Url)]);
    }

    #[test]
    fn autolink_placeholder_is_rendered_once() {
        let mut shortcodes = Shortcodes::default();
        shortcodes.urls.insert(0, "example.org/a&b".into());
        let (html, _) = render_with("<https://@0>", &mut shortcodes);
        assert_eq!(
            html,
            "<p><a href=\"https://example.org/a&amp;b\">https://example.org/a&amp;b</a></p>\n"
        );
        assert_eq!(shortcodes.calls, [(0, Url)]);
    }

    #[test]
    fn reference_definition_placeholder_is_rendered_once() {
        let mut shortcodes = Shortcodes::default();
        let (html, _) = render_with("@0 [one][r] and [two][r]\n\n[r]: @1\n\n@2", &mut shortcodes);
        assert_eq!(
            html,
            "<p><x-0/> <a href=\"/u1\">one</a> and <a href=\"/u1\">two</a></p>\n<x-2/>\n"
        );
        assert_eq!(shortcodes.calls, [(0, Html), (1, Url), (2, Html)]);

        // A definition before its use, and one never used, are resolved in place.
        let mut shortcodes = Shortcodes::default();
        render_with("[r]: @0\n[s]: @1\n\n@2 [x][r]", &mut shortcodes);
        assert_eq!(shortcodes.calls, [(0, Url), (1, Url), (2, Html)]);
    }

    #[test]
    fn placeholders_in_code_and_html() {
        let mut shortcodes = Shortcodes::default();
        shortcodes.html.insert(0, "<i>v</i>".into());
        let (html, _) = render_with(
            "`a < @0`\n\n```sh\nrun @1 <x>\n```\n\n<div title=\"@2\">\n@3\n</div>\n\nInline <span data-x=\"@4\">s</span>",
            &mut shortcodes,
        );
        assert_eq!(
            html,
            "<p><code>a &lt; <i>v</i></code></p>\n\
             <pre><code class=\"language-sh\">run <x-1/> &lt;x&gt;\n</code></pre>\n\
             <div title=\"<x-2/>\">\n<x-3/>\n</div>\n\
             <p>Inline <span data-x=\"<x-4/>\">s</span></p>\n"
        );
    }

    #[test]
    fn callback_runs_once_per_placeholder_in_document_order() {
        let mut shortcodes = Shortcodes::default();
        shortcodes
            .fragments
            .insert(3, format!("nested {}", placeholder(9)));
        let (_, _) = render_with(
            "# H @0\n\n[t @1](@2)\n\n@3\n\n| @4 | b |\n|---|---|\n| `@5` | [^n] |\n\n[^n]: note @6\n\n<p>@7</p>\n\n- @8",
            &mut shortcodes,
        );
        assert_eq!(
            shortcodes.calls,
            [
                (0, Html),
                (1, Html),
                (2, Url),
                (3, Html),
                (9, Html),
                (4, Html),
                (5, Html),
                (6, Html),
                (7, Html),
                (8, Html),
            ]
        );
    }

    #[test]
    fn malformed_placeholders_stay_text() {
        let mut shortcodes = Shortcodes::default();
        let text = "a\u{E000}x\u{E001} b\u{E000}\u{E001} c\u{E000}99999999999999999999999\u{E001} d\u{E000}12 e\u{E001}";
        let mut state = PageState::default();
        let html = render(text, &mut state, &mut shortcodes);
        assert_eq!(html, format!("<p>{text}</p>\n"));
        assert!(shortcodes.calls.is_empty());
    }

    #[test]
    fn footnotes_numbered_by_first_reference() {
        let (html, state) = render_with(
            "One[^b] two[^a] three[^b].\n\n[^a]: Note A.\n\n[^b]: Note *B*.\n\nEnd.",
            &mut Shortcodes::default(),
        );
        assert_eq!(
            html,
            "<p>One<sup class=\"footnote-ref\" id=\"fnref-b\"><a href=\"#fn-b\">1</a></sup> \
             two<sup class=\"footnote-ref\" id=\"fnref-a\"><a href=\"#fn-a\">2</a></sup> \
             three<sup class=\"footnote-ref\" id=\"fnref-b-2\"><a href=\"#fn-b\">1</a></sup>.</p>\n\
             <p>End.</p>\n"
        );
        assert_eq!(
            state.footnotes_html(),
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n\
             <li id=\"fn-b\">\n<p>Note <em>B</em>. \
             <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> \
             <a href=\"#fnref-b-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>\n\
             </li>\n\
             <li id=\"fn-a\">\n<p>Note A. \
             <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"Back to reference 2\">↩</a></p>\n\
             </li>\n</ol>\n</section>\n"
        );
        assert!(state.undefined_footnotes().is_empty());
    }

    #[test]
    fn footnote_labels_are_slugified() {
        let (html, state) = render_with("x[^My Note]\n\n[^my note]: n", &mut Shortcodes::default());
        assert!(html.contains("id=\"fnref-my-note\"><a href=\"#fn-my-note\">1</a>"));
        assert!(state.footnotes_html().contains("<li id=\"fn-my-note\">"));
    }

    #[test]
    fn footnotes_across_fragments() {
        let mut shortcodes = Shortcodes::default();
        // Reference in the outer text, definition in a fragment, and the reverse.
        shortcodes
            .fragments
            .insert(0, "Inner[^in].\n\n[^out]: Defined inside.".into());
        let (html, state) = render_with(
            "Outer[^out].\n\n@0\n\n[^in]: Defined outside.",
            &mut shortcodes,
        );
        assert_eq!(
            html,
            "<p>Outer<sup class=\"footnote-ref\" id=\"fnref-out\"><a href=\"#fn-out\">1</a></sup>.</p>\n\
             <p>Inner<sup class=\"footnote-ref\" id=\"fnref-in\"><a href=\"#fn-in\">2</a></sup>.</p>\n"
        );
        let section = state.footnotes_html();
        assert!(section.contains("<li id=\"fn-out\">\n<p>Defined inside. <a href=\"#fnref-out\""));
        assert!(section.contains("<li id=\"fn-in\">\n<p>Defined outside. <a href=\"#fnref-in\""));
        assert!(section.find("fn-out").unwrap() < section.find("fn-in").unwrap());
    }

    #[test]
    fn footnote_numbering_continues_across_render_calls() {
        let mut state = PageState::default();
        let mut shortcodes = Shortcodes::default();
        render("a[^x]\n\n[^x]: X", &mut state, &mut shortcodes);
        let second = render("b[^y] c[^x]\n\n[^y]: Y", &mut state, &mut shortcodes);
        assert_eq!(
            second,
            "<p>b<sup class=\"footnote-ref\" id=\"fnref-y\"><a href=\"#fn-y\">2</a></sup> \
             c<sup class=\"footnote-ref\" id=\"fnref-x-2\"><a href=\"#fn-x\">1</a></sup></p>\n"
        );
    }

    #[test]
    fn undefined_footnote_keeps_marker_and_is_reported() {
        let (html, state) =
            render_with("a[^gone] b[^ok]\n\n[^ok]: fine", &mut Shortcodes::default());
        assert_eq!(
            html,
            "<p>a<sup class=\"footnote-ref\" id=\"fnref-gone\"><a href=\"#fn-gone\">1</a></sup> \
             b<sup class=\"footnote-ref\" id=\"fnref-ok\"><a href=\"#fn-ok\">2</a></sup></p>\n"
        );
        assert_eq!(state.undefined_footnotes(), ["gone"]);
        assert!(
            state
                .footnotes_html()
                .contains("<li id=\"fn-ok\" value=\"2\">")
        );
        assert!(!state.footnotes_html().contains("fn-gone"));
    }

    #[test]
    fn no_footnotes_means_empty_section() {
        let (_, state) = render_with(
            "[^unused]: never referenced\n\nText",
            &mut Shortcodes::default(),
        );
        assert_eq!(state.footnotes_html(), "");
        assert_eq!(PageState::default().footnotes_html(), "");
    }

    #[test]
    fn footnote_prelude_does_not_leak_into_output() {
        assert_eq!(
            render_plain("    indented code\n\nref[^a] `[^b]`"),
            "<pre><code>indented code\n</code></pre>\n\
             <p>ref<sup class=\"footnote-ref\" id=\"fnref-a\"><a href=\"#fn-a\">1</a></sup> \
             <code>[^b]</code></p>\n"
        );
    }

    #[test]
    fn tables_keep_alignment_markup() {
        assert_eq!(
            render_plain("| L | C | R |\n|:--|:-:|--:|\n| 1 | 2 | 3 |"),
            "<table><thead><tr><th style=\"text-align: left\">L</th>\
             <th style=\"text-align: center\">C</th><th style=\"text-align: right\">R</th></tr></thead>\
             <tbody>\n<tr><td style=\"text-align: left\">1</td><td style=\"text-align: center\">2</td>\
             <td style=\"text-align: right\">3</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn task_lists() {
        assert_eq!(
            render_plain("- [x] done\n- [ ] open"),
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n\
             <li><input disabled=\"\" type=\"checkbox\"/>\nopen</li>\n</ul>\n"
        );
    }

    #[test]
    fn strikethrough() {
        assert_eq!(render_plain("~~old~~ new"), "<p><del>old</del> new</p>\n");
    }

    #[test]
    fn raw_html_passes_through() {
        assert_eq!(
            render_plain("<div class=\"note\">\n<b>Hi</b>\n</div>\n\nText <em class=\"x\">e</em>"),
            "<div class=\"note\">\n<b>Hi</b>\n</div>\n<p>Text <em class=\"x\">e</em></p>\n"
        );
    }

    #[test]
    fn no_smart_punctuation() {
        assert_eq!(
            render_plain("\"quoted\" -- it's..."),
            "<p>\"quoted\" -- it's...</p>\n"
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        let inputs = [
            "",
            "\u{E000}",
            "\u{E001}\u{E000}",
            "\u{E000}1",
            "[^",
            "[^]",
            "[^a\\]",
            "[^a\\]b]",
            "[^\u{E000}0\u{E001}]\n\n[^\u{E000}0\u{E001}]: x",
            "[^ü]: ü\n\n[^Ü] [^ü]",
            "# {#}",
            "## ![a ![b](c)](d) [^x]",
            "> [^q]\n>\n> [^q]: quoted\n",
            "- [^l]\n\n  [^l]: listed",
            "```\n[^open",
            "<!-- [^c]",
            "[a](<\u{E000}3\u{E001}> '\u{E000}4\u{E001}')",
            "*\u{E000}1\u{E001}*\u{E000}2\u{E001}**",
            "|a|\n|-|\n|\u{E000}5\u{E001}|",
        ];
        for input in inputs {
            let mut state = PageState::default();
            let mut shortcodes = Shortcodes::default();
            render(input, &mut state, &mut shortcodes);
            state.footnotes_html();
            state.undefined_footnotes();
        }
    }
}
