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
//!
//! `placeholders` defines the placeholder text and finds it again, `events` walks
//! pulldown-cmark's events and writes the HTML, `headings` gives headings their ids, and
//! `footnotes` numbers the footnotes and writes their section. The page state they share is
//! [`PageState`].

mod events;
mod footnotes;
mod headings;
mod placeholders;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub(crate) use headings::{Heading, level_below, slugify};
pub(crate) use placeholders::{PlaceholderContext, next_placeholder, placeholder};

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TextMergeWithOffset};

use footnotes::Footnotes;
use headings::Headings;
use placeholders::OPEN;

/// What the renderer asks of the page it renders: the output of the shortcode behind each
/// placeholder, and where a link written in the Markdown really leads.
pub(crate) trait Callbacks {
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

    /// Told the URL a link or image is written with in the HTML, and where the link stands, so
    /// that a check of the output can point at the Markdown a broken link came from.
    fn destination_written(&mut self, url: &str, link: Range<usize>) {
        let _ = (url, link);
    }
}

/// How a page writes straight quotes, dashes and dots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Punctuation {
    /// As the Markdown has them.
    #[default]
    AsWritten,
    /// Typographic: “double” and ‘single’ quotes, – and — for `--` and `---`, … for `...`.
    English,
    /// As `English`, with the double quotes of German, Czech and Slovak: „so“. Single quotes
    /// stay ‘…’, since a closing one cannot be told from an apostrophe (`geht's`).
    LowHigh,
}

impl Punctuation {
    /// Typographic punctuation for a language (BCP 47 code), or none when `smart` is off.
    pub(crate) fn for_language(smart: bool, code: &str) -> Punctuation {
        let primary = code.split('-').next().unwrap_or(code);
        match (smart, primary) {
            (false, _) => Punctuation::AsWritten,
            (true, "de" | "cs" | "sk") => Punctuation::LowHigh,
            (true, _) => Punctuation::English,
        }
    }
}

/// Per-page state shared by all fragments of one page.
#[derive(Debug, Default)]
pub(crate) struct PageState {
    headings: Headings,
    footnotes: Footnotes,
    punctuation: Punctuation,
}

impl PageState {
    /// The state of a page that writes punctuation as `punctuation` says.
    pub(crate) fn with_punctuation(punctuation: Punctuation) -> PageState {
        PageState {
            punctuation,
            ..PageState::default()
        }
    }

    /// All headings rendered so far, in document order, from every fragment.
    pub(crate) fn headings(&self) -> &[Heading] {
        self.headings.all()
    }

    /// The level of the heading the rendering position sits under: the last heading before it,
    /// not counting headings inside shortcodes that have ended; 1 (the page's title) before the
    /// first heading. A heading a shortcode writes here is one level below ([`level_below`]).
    pub(crate) fn section_level(&self) -> u8 {
        self.headings.section_level()
    }

    /// Renders content nested in a shortcode with `render`: it sits under a heading of
    /// `level` (the shortcode's own heading) or, when `None`, under the current section, and
    /// its headings do not count once it ends, so a shortcode after it sits where the first
    /// did.
    pub(crate) fn nested<T>(
        &mut self,
        level: Option<u8>,
        render: impl FnOnce(&mut PageState) -> T,
    ) -> T {
        let outer = self.headings.section_level();
        if let Some(level) = level {
            self.headings.set_section_level(level);
        }
        let result = render(self);
        self.headings.set_section_level(outer);
        result
    }

    /// An id for an element a shortcode writes, such as its heading: the slug of `text` (as a
    /// heading's), made unique among the ids of the page's headings so far.
    pub(crate) fn unique_id(&mut self, text: &str) -> String {
        self.headings.unique(slugify(text))
    }

    /// The footnote section for the end of the page (`""` when no referenced
    /// footnote has a definition). Footnotes are ordered by number, which is
    /// the order of their first reference; definitions never referenced are
    /// left out.
    pub(crate) fn footnotes_html(&self) -> String {
        self.footnotes.section_html()
    }

    /// Labels of footnotes referenced on the page but defined in none of its
    /// fragments, in order of first reference.
    pub(crate) fn undefined_footnotes(&self) -> Vec<String> {
        self.footnotes.undefined()
    }
}

/// Renders one Markdown fragment of a page to HTML.
///
/// Footnote definitions are taken out of the flow and collected in `state`
/// (see [`PageState::footnotes_html`]); headings are recorded in `state`.
pub(crate) fn render(
    markdown: &str,
    state: &mut PageState,
    placeholders: &mut dyn Callbacks,
) -> String {
    let prelude = footnotes::prelude(markdown);
    let source: Cow<'_, str> = if prelude.is_empty() {
        Cow::Borrowed(markdown)
    } else {
        Cow::Owned(format!("{prelude}{markdown}"))
    };
    let parser = Parser::new_ext(&source, options(state.punctuation));
    let reference_urls = reference_placeholders(&parser);
    let punctuation = state.punctuation;
    let events: Vec<_> =
        TextMergeWithOffset::new(parser.into_offset_iter().map(|(event, range)| {
            (
                localise_quote(event, &source[range.clone()], punctuation),
                range,
            )
        }))
        .filter(|(_, range)| range.start >= prelude.len())
        .collect();

    // An explicit id anywhere in this fragment reserves its name before any
    // generated id is handed out.
    for (event, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            state.headings.reserve(id);
        }
    }

    events::Renderer::new(state, placeholders).run(events, reference_urls, prelude.len())
}

/// Markdown text that a template holds (`{{ inner | markdownify }}`) as HTML, as Hugo's filter of
/// that name gives it: a single paragraph without its `<p>`, so the result can stand inline;
/// anything longer as blocks. It has its own headings and footnotes, apart from the page's.
pub(crate) fn markdownify(markdown: &str) -> String {
    struct Plain;
    impl Callbacks for Plain {
        fn render_placeholder(
            &mut self,
            _: usize,
            _: PlaceholderContext,
            _: &mut PageState,
        ) -> String {
            String::new()
        }
    }
    let mut state = PageState::default();
    let mut html = render(markdown, &mut state, &mut Plain);
    html.push_str(&state.footnotes_html());
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inline) if !inline.contains("<p>") => inline.to_owned(),
        _ => html,
    }
}

fn options(punctuation: Punctuation) -> Options {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    match punctuation {
        Punctuation::AsWritten => options,
        Punctuation::English | Punctuation::LowHigh => options | Options::ENABLE_SMART_PUNCTUATION,
    }
}

/// The parser's smart quotes in the page's style. Only a quote the parser made from a straight
/// `"` is changed, never a typographic quote the writer typed; the parser emits each as an event
/// of its own, before text events are merged.
fn localise_quote<'a>(event: Event<'a>, written: &str, punctuation: Punctuation) -> Event<'a> {
    match (&event, punctuation, written) {
        (Event::Text(text), Punctuation::LowHigh, "\"") => match text.as_ref() {
            "\u{201c}" => Event::Text("\u{201e}".into()),
            "\u{201d}" => Event::Text("\u{201c}".into()),
            _ => event,
        },
        _ => event,
    }
}

/// The destinations and titles of reference definitions that hold placeholders, by start
/// position. Reference definitions produce no events; their placeholders are resolved when the
/// event stream passes their position.
fn reference_placeholders(parser: &Parser<'_>) -> Vec<(usize, String)> {
    let mut reference_urls: Vec<(usize, String)> = Vec::new();
    for (_, def) in parser.reference_definitions().iter() {
        for text in std::iter::once(&def.dest).chain(def.title.as_ref()) {
            if text.contains(OPEN) {
                reference_urls.push((def.span.start, text.to_string()));
            }
        }
    }
    reference_urls.sort_by_key(|(start, _)| *start);
    reference_urls
}
