//! A page body: shortcodes expanded, Markdown rendered, in one pass in document order.
//!
//! The body's nodes are assembled into Markdown text in which every shortcode is a placeholder
//! (and every `include` is replaced by its fragment's nodes). The Markdown renderer calls back
//! when it meets a placeholder; only then is that shortcode rendered, its inner content first.
//! Inner content of `{{% … %}}` shortcodes is Markdown and goes through the same renderer with the
//! same page state, so heading ids stay unique across the page and follow document order.
//! Inner content of `{{< … >}}` shortcodes is passed on as written, with nested shortcodes
//! expanded.

use tera::{Context, Value};

use crate::config::Lang;
use crate::content::{Fragment, reference};
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::markdown::{self, Callbacks, Heading, PageState, PlaceholderContext, Punctuation};
use crate::model::Site;
use crate::render::resources;
use crate::render::scope::{LinkSource, Session};
use crate::shortcode::INCLUDE;
use crate::shortcode::parser::{Delimiter, Node, Shortcode};
use crate::theme::templates::Templates;
use crate::url;

/// Include nesting deeper than this is almost certainly a mistake, and a cycle would otherwise
/// only stop at the first repeated file.
const MAX_INCLUDE_DEPTH: usize = 16;

/// The parser bounds nesting within a file; includes inside bodies could still stack file on
/// file, so rendering keeps the same bound across them.
const MAX_NESTING_DEPTH: usize = crate::shortcode::parser::MAX_NESTING;

/// What a body render needs from the page being rendered.
pub(crate) struct BodyEnv<'a> {
    /// The site.
    pub site: &'a Site,
    /// The template engine and shortcode registry.
    pub templates: &'a Templates,
    /// The render call, for usage records.
    pub session: &'a Session,
    /// The unit being rendered.
    pub unit: usize,
    /// The page's language.
    pub lang: &'a Lang,
    /// Folder of the page's file relative to `content/`, for resolving includes and links.
    pub dir: &'a str,
    /// The page's output folder (`de/server/ports/`), for relative links.
    pub folder: &'a str,
    /// The context every shortcode starts from: `page`, `site`, `lang`, `root`, `unit`.
    pub base: &'a Context,
}

/// A rendered body.
pub(super) struct Body {
    /// HTML of the body, footnotes included.
    pub html: String,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Problems found while rendering.
    pub diagnostics: Vec<Diagnostic>,
}

/// A shortcode's arguments as its template sees them: `args` (positional, in order) and
/// `params` (named; a repeated name keeps its last value).
struct Arguments {
    positional: Vec<String>,
    named: serde_json::Map<String, serde_json::Value>,
}

impl Arguments {
    fn of(shortcode: &Shortcode) -> Arguments {
        let mut arguments = Arguments {
            positional: Vec::new(),
            named: serde_json::Map::new(),
        };
        for arg in &shortcode.args {
            match &arg.name {
                None => arguments.positional.push(arg.value.clone()),
                Some(name) => {
                    let value = serde_json::Value::String(arg.value.clone());
                    arguments.named.insert(name.clone(), value);
                }
            }
        }
        arguments
    }

    /// What names the shortcode in links when its template asks for an `anchor`: `key=`, else
    /// `title=`, else the first positional argument (the label `tab "Cloud"` shows).
    fn label(&self) -> &str {
        ["key", "title"]
            .into_iter()
            .find_map(|name| self.named.get(name).and_then(serde_json::Value::as_str))
            .or(self.positional.first().map(String::as_str))
            .unwrap_or_default()
    }
}

/// The id a shortcode whose template uses `anchor` is given, and the key it is made from.
#[derive(Debug, Clone)]
struct Anchor {
    /// The slug of the shortcode's label or `key=`, the same on every page and in every group
    /// (`onsite`): what links and a reader's remembered choice name.
    key: String,
    /// The key made unique on the page (`onsite`, or `onsite-1` when taken): the element's id.
    id: String,
}

/// A nested shortcode as its parent's template sees it in `children`.
#[derive(Debug, Clone)]
struct ChildView {
    name: String,
    args: Vec<String>,
    params: serde_json::Map<String, serde_json::Value>,
    anchor: Option<Anchor>,
    html: String,
}

/// Renders the body made of `nodes`.
pub(crate) fn render_body(env: &BodyEnv<'_>, file: FileId, text: &str, nodes: &[Node]) -> Body {
    let mut expander = Expander {
        env,
        page: (file, text),
        entries: Vec::new(),
        captures: Vec::new(),
        includes: vec![file],
        rendering: Vec::new(),
        diagnostics: Vec::new(),
        reported: false,
    };
    let mut assembled = Assembled::default();
    expander.assemble(nodes, None, &mut assembled);
    let mut state = PageState::with_punctuation(Punctuation::for_language(
        env.site.config.smart_punctuation,
        env.lang.as_str(),
    ));
    let mut html = expander.render_markdown(assembled, &mut state);
    html.push_str(&state.footnotes_html());
    let mut diagnostics = expander.diagnostics;
    let sources = &env.site.sources;
    for label in state.undefined_footnotes() {
        diagnostics.push(
            Diagnostic::new(
                Code::UndefinedFootnote,
                format!("footnote `[^{label}]` has no definition"),
            )
            .in_file(&sources.get(file).path)
            .with_help(format!("add a line `[^{label}]: …` to the page")),
        );
    }
    Body {
        html,
        headings: state.headings().to_vec(),
        diagnostics,
    }
}

/// Markdown assembled from nodes, with where each stretch of it came from, so that a position
/// the Markdown renderer reports (a broken link) can be shown in the file the author wrote.
#[derive(Default)]
struct Assembled {
    text: String,
    /// `(start in text, source span)` of every stretch copied from a file, in order.
    origins: Vec<(usize, Span)>,
}

impl Assembled {
    fn push_source(&mut self, text: &str, span: Span) {
        self.origins.push((self.text.len(), span));
        self.text.push_str(text);
    }

    fn push_generated(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

/// The source span of `range` of assembled text, when it starts in a stretch copied from a file;
/// the span is cut at the end of that stretch.
fn source_of(origins: &[(usize, Span)], range: std::ops::Range<usize>) -> Option<Span> {
    let index = origins.partition_point(|(start, _)| *start <= range.start);
    let (start, span) = *origins.get(index.checked_sub(1)?)?;
    let offset = range.start - start;
    if offset >= span.end - span.start {
        return None;
    }
    let length = (range.end - range.start).min(span.end - span.start - offset);
    Some(Span::new(
        span.file,
        span.start + offset..span.start + offset + length,
    ))
}

struct Entry<'a> {
    shortcode: &'a Shortcode,
    parent: Option<usize>,
    /// The files being included where the shortcode stands. Its body is assembled later, when
    /// the shortcode renders; the chain goes with it so a cycle through a body is still seen.
    includes: Vec<FileId>,
}

struct Expander<'a, 'env> {
    env: &'a BodyEnv<'env>,
    /// The page's file and its text, which the source map may no longer keep.
    page: (FileId, &'a str),
    entries: Vec<Entry<'a>>,
    /// One frame per shortcode whose body is being rendered; its children add themselves.
    captures: Vec<Vec<ChildView>>,
    /// Files being included, outermost first, to stop cycles.
    includes: Vec<FileId>,
    /// Origins of the Markdown being rendered, innermost last, for mapping positions to files.
    rendering: Vec<Vec<(usize, Span)>>,
    diagnostics: Vec<Diagnostic>,
    /// Whether the link being resolved was reported broken already, so that checking the
    /// output does not report it again.
    reported: bool,
}

impl<'a> Expander<'a, '_> {
    fn sources(&self) -> &'a SourceMap {
        &self.env.site.sources
    }

    /// The text behind a span of the page or of a file it includes.
    fn slice(&self, span: Span) -> &'a str {
        match self.page {
            (file, text) if file == span.file => text.get(span.range()).unwrap_or(""),
            _ => self.sources().slice(span),
        }
    }

    /// Appends the Markdown for `nodes`, turning shortcodes into placeholders.
    fn assemble(&mut self, nodes: &'a [Node], parent: Option<usize>, out: &mut Assembled) {
        for node in nodes {
            match node {
                Node::Text(span) => out.push_source(self.slice(*span), *span),
                Node::Literal { text, .. } => out.push_generated(text),
                Node::Shortcode(shortcode) if shortcode.name == INCLUDE => {
                    self.include(shortcode, parent, out);
                }
                Node::Shortcode(shortcode) => {
                    // Unknown names were reported when the page was parsed.
                    if self.env.templates.registry.get(&shortcode.name).is_some() {
                        out.push_generated(&markdown::placeholder(self.entries.len()));
                        self.entries.push(Entry {
                            shortcode,
                            parent,
                            includes: self.includes.clone(),
                        });
                    }
                }
            }
        }
    }

    fn include(&mut self, shortcode: &'a Shortcode, parent: Option<usize>, out: &mut Assembled) {
        let Some(name) = crate::shortcode::include_target(shortcode) else {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::IncludeWithoutName,
                    "`include` needs the fragment's file name",
                )
                .at(shortcode.open_span)
                .with_help("write `{{% include \"_fragment.md\" %}}`"),
            );
            return;
        };
        let fragments = &self.env.site.fragments;
        let Some(fragment) = fragments.resolve(self.env.dir, name, self.env.lang) else {
            let help = format!(
                "looked for `{name}` (and its `.{}.md` variant) next to the page and in `content/`",
                self.env.lang
            );
            self.diagnostics.push(
                Diagnostic::new(
                    Code::FragmentNotFound,
                    format!("no fragment `{name}` to include"),
                )
                .at(shortcode.open_span)
                .with_help(help),
            );
            return;
        };
        let fragment: &'a Fragment = fragment;
        if self.includes.contains(&fragment.file) || self.includes.len() > MAX_INCLUDE_DEPTH {
            self.diagnostics.push(
                Diagnostic::new(Code::IncludeCycle, format!("`{name}` includes itself"))
                    .at(shortcode.open_span)
                    .with_help("break the cycle of includes"),
            );
            return;
        }
        self.env.session.record(self.env.unit, |deps| {
            deps.fragments.insert(fragment.file);
        });
        self.includes.push(fragment.file);
        self.assemble(&fragment.nodes, parent, out);
        self.includes.pop();
    }

    fn render_entry(
        &mut self,
        index: usize,
        placement: PlaceholderContext,
        state: &mut PageState,
    ) -> String {
        let Some(entry) = self.entries.get(index) else {
            return String::new();
        };
        let (shortcode, parent) = (entry.shortcode, entry.parent);
        let includes = entry.includes.clone();
        let Some(def) = self.env.templates.registry.get(&shortcode.name) else {
            return String::new();
        };
        let arguments = Arguments::of(shortcode);
        // Where the shortcode stands, before its inner content adds headings and ids.
        let section_level = state.section_level();
        let heading_level = markdown::level_below(section_level);
        let anchor = def.anchored.then(|| {
            let key = markdown::slugify(arguments.label());
            let id = state.unique_id(&key);
            Anchor { key, id }
        });
        let nested_level = anchor.as_ref().map(|_| heading_level);
        let Some((inner, children)) = state.nested(nested_level, |state| {
            self.render_inner(index, shortcode, includes, state)
        }) else {
            return String::new();
        };
        let parent_name = parent
            .and_then(|p| self.entries.get(p))
            .map(|p| p.shortcode.name.clone());
        let mut context = self.env.base.clone();
        context.insert("name", &shortcode.name);
        context.insert("args", &arguments.positional);
        context.insert("params", &arguments.named);
        context.insert("ordinal", &index);
        // Whether `inner` is rendered Markdown (`{{% %}}`) or the text as written (`{{< >}}`),
        // so a template can render the latter with `markdownify`, as Hugo shortcodes do.
        context.insert("markdown", &(shortcode.delimiter == Delimiter::Markdown));
        context.insert("parent", &parent_name);
        context.insert("section_level", &section_level);
        context.insert("heading_level", &heading_level);
        if let Some(anchor) = &anchor {
            context.insert("anchor", &anchor.id);
            context.insert("key", &anchor.key);
        }
        context.insert_value(
            "inner",
            inner
                .as_deref()
                .map_or_else(Value::none, Value::safe_string),
        );
        context.insert_value("children", children_value(&children));
        let html = self.render_template(shortcode, &def.template, &context);

        if parent.is_some()
            && let Some(frame) = self.captures.last_mut()
        {
            frame.push(ChildView {
                name: shortcode.name.clone(),
                args: arguments.positional,
                params: arguments.named,
                anchor,
                html: html.clone(),
            });
        }
        match placement {
            PlaceholderContext::Url => decode_entities(html.trim()),
            PlaceholderContext::Html => html,
        }
    }

    /// A shortcode's inner content, rendered with the page state, and the nested shortcodes it
    /// holds (`children`); `None` when nesting goes too deep, which is reported.
    fn render_inner(
        &mut self,
        index: usize,
        shortcode: &'a Shortcode,
        includes: Vec<FileId>,
        state: &mut PageState,
    ) -> Option<(Option<String>, Vec<ChildView>)> {
        let Some(body) = &shortcode.body else {
            return Some((None, Vec::new()));
        };
        if self.captures.len() >= MAX_NESTING_DEPTH {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::ShortcodesTooDeep,
                    format!("shortcodes nested more than {MAX_NESTING_DEPTH} deep"),
                )
                .at(shortcode.open_span)
                .with_help("close the shortcodes before opening new ones"),
            );
            return None;
        }
        self.captures.push(Vec::new());
        let mut assembled = Assembled::default();
        let outer = std::mem::replace(&mut self.includes, includes);
        self.assemble(body, Some(index), &mut assembled);
        self.includes = outer;
        let inner = match shortcode.delimiter {
            Delimiter::Markdown => self.render_markdown(assembled, state),
            Delimiter::Html => self.splice(&assembled.text, state),
        };
        Some((Some(inner), self.captures.pop().unwrap_or_default()))
    }

    /// Renders a shortcode's template; a failure is reported at the shortcode and renders as
    /// nothing.
    fn render_template(
        &mut self,
        shortcode: &Shortcode,
        template: &str,
        context: &Context,
    ) -> String {
        self.env.session.record(self.env.unit, |deps| {
            deps.templates.insert(template.to_owned());
        });
        let rendered = self.env.templates.tera.render(template, context);
        let failure = self.env.session.take_failure(self.env.unit);
        for message in self.env.session.take_warnings(self.env.unit) {
            self.diagnostics.push(
                Diagnostic::new(Code::ShortcodeWarning, message)
                    .at(shortcode.open_span)
                    .with_label(format!("in this `{}`", shortcode.name)),
            );
        }
        match rendered {
            Ok(html) => {
                for link in crate::html::scan::scan(&html).links {
                    self.env.session.record_link(
                        self.env.unit,
                        LinkSource {
                            url: link.url.into_owned(),
                            span: shortcode.open_span,
                            template: Some(template.to_owned()),
                            reported: false,
                        },
                    );
                }
                html
            }
            Err(error) => {
                // A shortcode's template that throws refuses how the content uses it.
                let failure = failure.map(|code| match code {
                    Code::TemplateThrow => Code::ShortcodeRejected,
                    code => code,
                });
                let diagnostic = self.env.templates.diagnostic(&error, self.sources());
                self.diagnostics
                    .push(super::scope::with_failure(diagnostic, failure).with_note(
                        shortcode.open_span,
                        format!("while rendering shortcode `{}`", shortcode.name),
                    ));
                String::new()
            }
        }
    }

    /// Reports a problem with a link at the link in the file it was written in, or at least in
    /// that file.
    fn report_at_link(&mut self, diagnostic: Diagnostic, link: std::ops::Range<usize>) {
        let at = self
            .rendering
            .last()
            .and_then(|origins| source_of(origins, link));
        let file = self
            .includes
            .first()
            .map(|&file| self.sources().get(file).path.clone());
        self.diagnostics.push(match (at, file) {
            (Some(span), _) => diagnostic.at(span),
            (None, Some(file)) => diagnostic.in_file(file),
            (None, None) => diagnostic,
        });
    }

    /// Renders assembled Markdown, keeping it at hand for position lookups meanwhile.
    fn render_markdown(&mut self, assembled: Assembled, state: &mut PageState) -> String {
        let Assembled { text, origins } = assembled;
        self.rendering.push(origins);
        let html = markdown::render(&text, state, self);
        self.rendering.pop();
        html
    }

    /// Replaces placeholders in raw text by their rendered shortcodes, without Markdown.
    fn splice(&mut self, text: &str, state: &mut PageState) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some((before, index, after)) = markdown::next_placeholder(rest) {
            out.push_str(before);
            out.push_str(&self.render_entry(index, PlaceholderContext::Html, state));
            rest = after;
        }
        out.push_str(rest);
        out
    }
}

impl Callbacks for Expander<'_, '_> {
    fn render_placeholder(
        &mut self,
        index: usize,
        context: PlaceholderContext,
        state: &mut PageState,
    ) -> String {
        self.render_entry(index, context, state)
    }

    fn destination_written(&mut self, url: &str, link: std::ops::Range<usize>) {
        let reported = std::mem::take(&mut self.reported);
        let span = self
            .rendering
            .last()
            .and_then(|origins| source_of(origins, link));
        if let Some(span) = span {
            self.env.session.record_link(
                self.env.unit,
                LinkSource {
                    url: url.to_owned(),
                    span,
                    template: None,
                    reported,
                },
            );
        }
    }

    /// Links as they work in an editor's preview, relative to the Markdown file, work on the site
    /// too: `other.md` (or `other.en.md`) leads to that page in the page's language, and a file
    /// next to the Markdown file leads to where the build copies it.
    fn resolve_destination(
        &mut self,
        destination: &str,
        link: std::ops::Range<usize>,
    ) -> Option<String> {
        let is_relative = !destination.is_empty()
            && !destination.starts_with(['#', '/', '?'])
            && !url::has_scheme(destination);
        if !is_relative {
            return None;
        }
        let (path, suffix) = match destination.find(['#', '?']) {
            Some(index) => destination.split_at(index),
            None => (destination, ""),
        };
        let path = url::decode_path(path);
        let site = self.env.site;
        if path.ends_with(".md") {
            let reference = reference::parse(&format!("./{path}"), self.env.dir, &site.config);
            let lang = reference.lang.unwrap_or_else(|| self.env.lang.clone());
            let Some(id) = site.tree.find(&lang, &reference.key) else {
                let diagnostic = Diagnostic::new(
                    Code::BrokenPageLink,
                    format!("link to `{path}`: no such page in language `{lang}`"),
                )
                .with_help("check the file name; links to pages are relative to the Markdown file");
                self.report_at_link(diagnostic, link);
                self.reported = true;
                return None;
            };
            self.env.session.record(self.env.unit, |deps| {
                deps.pages.insert(reference.key.clone());
            });
            return Some(format!(
                "{}{suffix}",
                url::relative(self.env.folder, &site.tree.page(id).path)
            ));
        }
        let resolved = url::join(self.env.dir, &path)?;
        self.env.session.record(self.env.unit, |deps| {
            deps.assets.insert(resolved.clone());
        });
        let resource = resources::resolve(
            &resolved,
            self.env.lang,
            &site.config,
            &site.content_asset_paths,
        )?;
        if let Some(other) = &resource.other_lang {
            let diagnostic = Diagnostic::new(
                Code::ResourceFromOtherLanguage,
                if resource.named {
                    format!(
                        "`{path}` is the `{other}` file; this `{}` page shows it",
                        self.env.lang
                    )
                } else {
                    format!(
                        "`{path}` exists only in `{other}`; this `{}` page shows that file",
                        self.env.lang
                    )
                },
            )
            .with_help(format!(
                "add the file for `{}` next to the page, or link the `{other}` one on purpose",
                self.env.lang
            ));
            self.report_at_link(diagnostic, link);
        }
        Some(format!(
            "{}{suffix}",
            url::relative(self.env.folder, &resource.output)
        ))
    }
}

/// `children` for the parent's template: each child's own output is HTML and stays unescaped.
fn children_value(children: &[ChildView]) -> Value {
    let items: Vec<Value> = children
        .iter()
        .map(|child| {
            let mut map: std::collections::BTreeMap<String, Value> =
                std::collections::BTreeMap::new();
            map.insert("name".to_owned(), Value::from(child.name.as_str()));
            map.insert("args".to_owned(), Value::from_serializable(&child.args));
            map.insert("params".to_owned(), Value::from_serializable(&child.params));
            if let Some(anchor) = &child.anchor {
                map.insert("anchor".to_owned(), Value::from(anchor.id.as_str()));
                map.insert("key".to_owned(), Value::from(anchor.key.as_str()));
            }
            map.insert("html".to_owned(), Value::safe_string(&child.html));
            Value::from(map)
        })
        .collect();
    Value::from(items)
}

/// Decodes the entities Tera's HTML escaping produces, for shortcode output used inside a URL,
/// where the Markdown writer escapes again.
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}
