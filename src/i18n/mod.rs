//! Translations: Fluent messages per language, looked up with a fallback to the default language.
//!
//! Messages come from two layers: the theme's `i18n/<lang>/*.ftl` and the site's, which override
//! the theme's message by message. For every language the catalog keeps a thread-safe Fluent
//! bundle (pages render in parallel) and an index of where each message is defined and which
//! variables it uses; the translator's report and the fallback warnings are built from that index.
//!
//! This module does not know about templates: the `t()` template function lives in `render`
//! and calls [`Catalog::format`].

pub(crate) mod format;
pub(crate) mod status;
pub(crate) mod tracking;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;

use crate::config::{Lang, Language, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::discover::{Layer, MessageInput};

/// Where a message is defined and what it needs.
#[derive(Debug, Clone)]
pub struct MessageDef {
    /// The message identifier in its `.ftl` file.
    pub span: Span,
    /// Names of the variables (`$count`) the message uses, attributes included.
    pub variables: BTreeSet<String>,
    /// Theme or site.
    pub layer: Layer,
}

/// The messages of one language.
pub(crate) struct LangMessages {
    bundle: FluentBundle<FluentResource>,
    defined: BTreeMap<String, MessageDef>,
}

impl LangMessages {
    /// No messages yet, in a bundle set up for `language`.
    fn new(language: &Language) -> LangMessages {
        let mut bundle = FluentBundle::new_concurrent(vec![language.id.clone()]);
        // Bidi isolation marks around placeables would end up inside HTML attributes and break
        // exact matches in tests and search; the sites we serve are left-to-right.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(format::format_number));
        LangMessages {
            bundle,
            defined: BTreeMap::new(),
        }
    }

    /// Adds the messages of one Fluent file, reporting its syntax errors and the messages it
    /// defines twice within its layer.
    fn add_file(
        &mut self,
        sources: &SourceMap,
        input: &MessageInput,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let file = input.input.file;
        let text = sources.get(file).text();
        let (resource_ast, syntax_errors) = match fluent_syntax::parser::parse(text) {
            Ok(resource) => (resource, Vec::new()),
            Err((resource, errors)) => (resource, errors),
        };
        for error in &syntax_errors {
            diagnostics.push(syntax_diagnostic(file, text, error));
        }
        let fluent_file = FluentFile {
            file,
            text,
            layer: input.layer,
        };
        let new_ids = self.new_definitions(&fluent_file, &resource_ast, diagnostics);
        // The bundle parses again from an owned copy; the AST above borrowed the source map.
        let resource = match FluentResource::try_new(text.to_string()) {
            Ok(resource) => resource,
            Err((resource, _already_reported)) => resource,
        };
        // Within one layer duplicates were reported above; across layers the site's file
        // replaces the theme's message on purpose.
        self.bundle.add_resource_overriding(resource);
        self.defined.extend(new_ids);
    }

    /// The definitions of the messages in `resource`, leaving out (and reporting) each message
    /// that its layer already defines, in an earlier file or earlier in this one.
    fn new_definitions(
        &self,
        fluent_file: &FluentFile<'_>,
        resource: &ast::Resource<&str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<(String, MessageDef)> {
        let mut new_ids: Vec<(String, MessageDef)> = Vec::new();
        for entry in &resource.body {
            let ast::Entry::Message(message) = entry else {
                continue;
            };
            let id = message.id.name;
            let start = offset_in(fluent_file.text, id);
            let span = Span::new(fluent_file.file, start..start + id.len());
            let previous = self
                .defined
                .get(id)
                .filter(|previous| previous.layer == fluent_file.layer)
                .or_else(|| {
                    new_ids
                        .iter()
                        .find(|(known, _)| known == id)
                        .map(|(_, def)| def)
                });
            if let Some(previous) = previous {
                diagnostics.push(duplicate_message(id, span, previous.span));
                continue;
            }
            new_ids.push((
                id.to_owned(),
                MessageDef {
                    span,
                    variables: message_variables(message),
                    layer: fluent_file.layer,
                },
            ));
        }
        new_ids
    }
}

/// A Fluent file being added to a language's messages.
struct FluentFile<'a> {
    file: FileId,
    text: &'a str,
    layer: Layer,
}

/// All messages of all languages.
pub struct Catalog {
    default_lang: Lang,
    langs: BTreeMap<Lang, LangMessages>,
}

/// The result of a lookup.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// Found in the requested language.
    Found(Cow<'a, str>),
    /// Missing in the requested language; this is the default language's text.
    FellBack(Cow<'a, str>),
    /// Missing in the requested and the default language.
    Missing,
}

impl Catalog {
    /// Parses every Fluent file. Syntax errors and messages defined twice in one layer are
    /// reported; the catalog keeps whatever parsed.
    pub fn load(
        config: &SiteConfig,
        sources: &SourceMap,
        inputs: &[MessageInput],
    ) -> (Catalog, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut langs: BTreeMap<Lang, LangMessages> = config
            .languages
            .iter()
            .map(|language| (language.lang.clone(), LangMessages::new(language)))
            .collect();
        let mut ordered: Vec<&MessageInput> = inputs.iter().collect();
        ordered.sort_by_key(|input| input.layer);
        for input in ordered {
            let messages = langs
                .iter_mut()
                .find(|(lang, _)| lang.as_str() == input.lang)
                .map(|(_, messages)| messages);
            match messages {
                Some(messages) => messages.add_file(sources, input, &mut diagnostics),
                // A theme may ship languages a site does not use; only the site's own files in
                // an unlisted language point at a likely mistake.
                None if input.layer == Layer::Theme => {}
                None => diagnostics.push(unconfigured_language(sources, input)),
            }
        }
        (
            Catalog {
                default_lang: config.default_lang.clone(),
                langs,
            },
            diagnostics,
        )
    }

    /// Formats message `id` (optionally `id.attribute`) in `lang`, falling back to the default
    /// language. Formatting problems (such as a missing variable) are returned as messages.
    pub fn format(
        &self,
        lang: &Lang,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<Lookup<'_>, Vec<String>> {
        if let Some(text) = self.format_in(lang, id, args)? {
            return Ok(Lookup::Found(text));
        }
        if lang != &self.default_lang
            && let Some(text) = self.format_in(&self.default_lang, id, args)?
        {
            return Ok(Lookup::FellBack(text));
        }
        Ok(Lookup::Missing)
    }

    /// The text of a label: message `id` in `lang`, falling back to the default language, or
    /// `id` itself when neither defines it or it cannot be formatted.
    ///
    /// For the labels of data, where showing the id beats failing: the data checks report a
    /// label missing in any language before a page or an export uses it, so the id shows only
    /// when the site was loaded leniently (`i18n status`).
    pub fn text_or_id(&self, lang: &Lang, id: &str, args: Option<&FluentArgs>) -> String {
        match self.format(lang, id, args) {
            Ok(Lookup::Found(text) | Lookup::FellBack(text)) => text.into_owned(),
            Ok(Lookup::Missing) | Err(_) => id.to_owned(),
        }
    }

    fn format_in(
        &self,
        lang: &Lang,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<Option<Cow<'_, str>>, Vec<String>> {
        let Some(messages) = self.langs.get(lang) else {
            return Ok(None);
        };
        let (message_id, attribute) = match id.split_once('.') {
            Some((message_id, attribute)) => (message_id, Some(attribute)),
            None => (id, None),
        };
        let Some(message) = messages.bundle.get_message(message_id) else {
            return Ok(None);
        };
        let pattern = match attribute {
            Some(attribute) => message.get_attribute(attribute).map(|a| a.value()),
            None => message.value(),
        };
        let Some(pattern) = pattern else {
            return Ok(None);
        };
        let mut errors = Vec::new();
        let text = messages.bundle.format_pattern(pattern, args, &mut errors);
        if errors.is_empty() {
            Ok(Some(text))
        } else {
            Err(errors.iter().map(|error| error.to_string()).collect())
        }
    }

    /// Whether `lang` defines message `id` itself (attributes are looked up on their message).
    pub fn has(&self, lang: &Lang, id: &str) -> bool {
        let message_id = id.split_once('.').map_or(id, |(message_id, _)| message_id);
        self.langs
            .get(lang)
            .is_some_and(|messages| messages.defined.contains_key(message_id))
    }

    /// Where `lang` defines message `id`.
    pub fn definition(&self, lang: &Lang, id: &str) -> Option<&MessageDef> {
        self.langs.get(lang)?.defined.get(id)
    }

    /// Every message id defined in `lang`, sorted.
    pub fn ids(&self, lang: &Lang) -> impl Iterator<Item = (&str, &MessageDef)> {
        self.langs
            .get(lang)
            .into_iter()
            .flat_map(|messages| messages.defined.iter().map(|(id, def)| (id.as_str(), def)))
    }

    /// The default language.
    pub fn default_lang(&self) -> &Lang {
        &self.default_lang
    }
}

/// Byte offset of `part` within `whole`; `part` must be a subslice of `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    if offset <= whole.len() { offset } else { 0 }
}

fn syntax_diagnostic(
    file: FileId,
    text: &str,
    error: &fluent_syntax::parser::ParserError,
) -> Diagnostic {
    let start = error.pos.start.min(text.len());
    let end = error.pos.end.clamp(start, text.len());
    // The parser reports where it gave up, often the line after the mistake; the entry it was
    // reading (`slice`) starts where a translator should look first.
    let entry_start = error
        .slice
        .as_ref()
        .map_or(start, |slice| slice.start.min(start));
    let entry_end = text[entry_start..]
        .find('\n')
        .map_or(text.len(), |i| entry_start + i);
    let message = crate::diagnostics::message_case(&error.kind.to_string());
    let diagnostic = Diagnostic::new(
        Code::FluentSyntax,
        format!("Fluent syntax error: {message}"),
    )
    .at(Span::new(file, entry_start..entry_end));
    let diagnostic = if entry_start == start {
        diagnostic
    } else {
        diagnostic.with_note(Span::new(file, start..end), "the parser stopped here")
    };
    diagnostic.with_help("see https://projectfluent.org/fluent/guide/ for the message syntax")
}

fn unconfigured_language(sources: &SourceMap, input: &MessageInput) -> Diagnostic {
    Diagnostic::new(
        Code::UnconfiguredLanguage,
        format!(
            "messages for `{}`, which `site.yaml` does not list",
            input.lang
        ),
    )
    .in_file(&sources.get(input.input.file).path)
    .with_help("add the language to `site.yaml` or remove the folder")
}

fn duplicate_message(id: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateMessage,
        format!("message `{id}` is defined twice"),
    )
    .at(span)
    .with_note(first, "first definition")
    .with_help("remove or rename one of them")
}

/// Names of the variables a message uses, in its value and its attributes.
fn message_variables(message: &ast::Message<&str>) -> BTreeSet<String> {
    let mut variables = BTreeSet::new();
    if let Some(pattern) = &message.value {
        collect_pattern_variables(pattern, &mut variables);
    }
    for attribute in &message.attributes {
        collect_pattern_variables(&attribute.value, &mut variables);
    }
    variables
}

fn collect_pattern_variables(pattern: &ast::Pattern<&str>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expression_variables(expression, variables);
        }
    }
}

fn collect_expression_variables(
    expression: &ast::Expression<&str>,
    variables: &mut BTreeSet<String>,
) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            collect_inline_variables(selector, variables);
            for variant in variants {
                collect_pattern_variables(&variant.value, variables);
            }
        }
        ast::Expression::Inline(inline) => collect_inline_variables(inline, variables),
    }
}

fn collect_inline_variables(
    inline: &ast::InlineExpression<&str>,
    variables: &mut BTreeSet<String>,
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for positional in &arguments.positional {
                collect_inline_variables(positional, variables);
            }
            for named in &arguments.named {
                collect_inline_variables(&named.value, variables);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            collect_expression_variables(expression, variables);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::TextInput;

    fn catalog(files: &[(&str, Layer, &str)]) -> (Catalog, Vec<Diagnostic>, SourceMap) {
        let mut sources = SourceMap::new();
        let config = crate::config::two_languages();
        let inputs: Vec<MessageInput> = files
            .iter()
            .map(|(lang, layer, text)| MessageInput {
                layer: *layer,
                lang: (*lang).to_owned(),
                input: TextInput {
                    relative: format!("{lang}/ui.ftl"),
                    file: sources.add(format!("i18n/{lang}/ui.ftl"), *text),
                },
            })
            .collect();
        let (catalog, diagnostics) = Catalog::load(&config, &sources, &inputs);
        (catalog, diagnostics, sources)
    }

    fn lang(code: &str) -> Lang {
        Lang::parse(code).unwrap().0
    }

    #[test]
    fn plural_select_and_fallback() {
        let (catalog, diagnostics, _) = catalog(&[
            (
                "de",
                Layer::Theme,
                "ports = { $count ->\n    [one] 1 Port\n   *[other] { $count } Ports\n}\nonly-de = Nur deutsch\n",
            ),
            (
                "en",
                Layer::Theme,
                "ports = { $count ->\n    [one] 1 port\n   *[other] { $count } ports\n}\n",
            ),
        ]);
        assert!(diagnostics.is_empty());
        let mut args = FluentArgs::new();
        args.set("count", 3);
        assert_eq!(
            catalog.format(&lang("en"), "ports", Some(&args)),
            Ok(Lookup::Found("3 ports".into()))
        );
        args.set("count", 1);
        assert_eq!(
            catalog.format(&lang("de"), "ports", Some(&args)),
            Ok(Lookup::Found("1 Port".into()))
        );
        assert_eq!(
            catalog.format(&lang("en"), "only-de", None),
            Ok(Lookup::FellBack("Nur deutsch".into()))
        );
        assert_eq!(
            catalog.format(&lang("en"), "nowhere", None),
            Ok(Lookup::Missing)
        );
        assert_eq!(
            catalog.definition(&lang("en"), "ports").unwrap().variables,
            BTreeSet::from(["count".to_owned()])
        );
    }

    #[test]
    fn a_label_falls_back_to_the_default_language_then_to_its_id() {
        let (catalog, diagnostics, _) = catalog(&[
            (
                "de",
                Layer::Site,
                "both = Beide\nonly-de = Nur deutsch\nneeds = { $x }\n",
            ),
            ("en", Layer::Site, "both = Both\n"),
        ]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let en = lang("en");
        assert_eq!(catalog.text_or_id(&en, "both", None), "Both");
        assert_eq!(catalog.text_or_id(&en, "only-de", None), "Nur deutsch");
        assert_eq!(catalog.text_or_id(&en, "nowhere", None), "nowhere");
        assert_eq!(catalog.text_or_id(&en, "needs", None), "needs");
        let mut args = FluentArgs::new();
        args.set("x", "eins");
        assert_eq!(catalog.text_or_id(&en, "needs", Some(&args)), "eins");
    }

    #[test]
    fn site_layer_overrides_theme() {
        let (catalog, diagnostics, _) = catalog(&[
            ("en", Layer::Theme, "home = Home\n"),
            ("en", Layer::Site, "home = Start\n"),
        ]);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            catalog.format(&lang("en"), "home", None),
            Ok(Lookup::Found("Start".into()))
        );
    }

    #[test]
    fn syntax_error_has_a_position() {
        let text = "ok = fine\nbroken = { $x\nnext = y\n";
        let (_, diagnostics, sources) = catalog(&[("en", Layer::Site, text)]);
        assert_eq!(diagnostics.len(), 1);
        let span = diagnostics[0].span().unwrap();
        let (line, _) = sources.get(span.file).line_col(span.start);
        assert_eq!(line, 2, "{:?}", diagnostics[0]);
    }

    #[test]
    fn duplicate_in_one_layer_is_an_error() {
        let (_, diagnostics, _) = catalog(&[("en", Layer::Site, "a = 1\na = 2\n")]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::DuplicateMessage);
    }
}
