//! The event renderer: walks pulldown-cmark's events for one fragment, splices in the output
//! behind each placeholder in the context it sits in, gives headings their ids and anchors,
//! keeps block shortcodes out of paragraphs, collects footnote definitions, and writes HTML.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd, html};

use super::placeholders::{OPEN, PlaceholderContext, Segment, has_placeholder, segments};
use super::{Callbacks, PageState, headings};

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

/// Walks the events of one fragment, collecting the elements whose output depends on their
/// content, and writes the HTML.
pub(super) struct Renderer<'r, 'a> {
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

impl<'r, 'a> Renderer<'r, 'a> {
    pub(super) fn new(
        state: &'r mut PageState,
        placeholders: &'r mut dyn Callbacks,
    ) -> Renderer<'r, 'a> {
        Renderer {
            state,
            placeholders,
            root: Vec::new(),
            frames: Vec::new(),
            url_cache: HashMap::new(),
            current_range: 0..0,
        }
    }

    /// Renders the events of one fragment, with their ranges in the parsed text, which starts
    /// with `prelude_len` bytes of footnote prelude. `reference_urls` are the destinations and
    /// titles of reference definitions that hold placeholders, by start position.
    pub(super) fn run(
        mut self,
        events: Vec<(Event<'a>, Range<usize>)>,
        reference_urls: Vec<(usize, String)>,
        prelude_len: usize,
    ) -> String {
        let mut reference_urls = reference_urls.into_iter().peekable();
        for (event, range) in events {
            while let Some((_, text)) = reference_urls.next_if(|(start, _)| *start < range.start) {
                self.substitute_url(&text);
            }
            // Positions are reported relative to the Markdown as given, without the prelude.
            self.current_range = range.start - prelude_len..range.end - prelude_len;
            self.event(event);
        }
        for (_, text) in reference_urls {
            self.substitute_url(&text);
        }
        self.finish()
    }

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
                self.state.footnotes.define(&label, html);
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
        let text = headings::plain_text(&events);
        let id = self.state.headings.record(level as u8, id.as_deref(), text);
        // The anchor is a pointer's shortcut to the section's address; hidden from assistive
        // technology, it must not take keyboard focus either (the table of contents links the
        // same sections for everyone).
        let anchor = (level as u8 >= 2).then(|| {
            format!(
                " <a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>",
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
        let marker = self.state.footnotes.reference(label);
        self.emit(Event::InlineHtml(marker.into()));
    }

    fn call(&mut self, index: usize, context: PlaceholderContext) -> String {
        self.placeholders
            .render_placeholder(index, context, self.state)
    }

    /// A link or image destination: placeholders substituted, then resolved by the page.
    fn destination(&mut self, text: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        let text = self.url(text);
        let text = match self.placeholders.resolve_destination(&text, range.clone()) {
            Some(resolved) => resolved.into(),
            None => text,
        };
        let text: CowStr<'a> = match crate::url::escape_stray_percents(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(escaped) => escaped.into(),
        };
        self.placeholders.destination_written(&text, range);
        text
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
mod tests;
