//! The template engine, loaded with the theme's and the site's templates and shortcodes.
//!
//! Template names are paths below `templates/` (`page.html`, `partials/nav.html`); shortcode
//! templates are registered as `shortcodes/NAME.html`. Syntax errors are collected for every
//! template before the engine is assembled, so one build reports all of them.

use std::collections::HashMap;

use tera::Tera;

use super::shortcodes::{Registry, ShortcodeDef};
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::discover::Inputs;

/// Prefix of shortcode template names inside the engine.
pub(crate) const SHORTCODE_PREFIX: &str = "shortcodes/";

/// The loaded engine plus what is needed to report its errors.
pub struct Templates {
    /// The engine; functions are registered later, once the site is resolved.
    pub tera: Tera,
    /// Known shortcodes.
    pub registry: Registry,
    files: HashMap<String, FileId>,
    names_navigation: bool,
}

impl Templates {
    /// Parses every template and shortcode.
    pub fn load(inputs: &Inputs) -> Result<Templates, Vec<Diagnostic>> {
        let sources = &inputs.sources;
        let mut named: Vec<(String, FileId)> = inputs
            .templates
            .iter()
            .map(|(name, (_, input))| (name.clone(), input.file))
            .collect();
        named.extend(
            inputs
                .shortcodes
                .iter()
                .map(|(name, (_, input))| (format!("{SHORTCODE_PREFIX}{name}.html"), input.file)),
        );
        let files: HashMap<String, FileId> = named.iter().cloned().collect();

        // Parse each template alone first: the engine stops at the first error of a batch.
        let mut errors: Vec<Diagnostic> = Vec::new();
        for (name, file) in &named {
            let mut scratch = Tera::new();
            super::functions::declare(&mut scratch);
            if let Err(error) = scratch.add_raw_template(name, sources.get(*file).text())
                && matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
            {
                errors.push(template_diagnostic(&error, &files, sources));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut tera = Tera::new();
        super::functions::declare(&mut tera);
        tera.add_raw_templates(
            named
                .iter()
                .map(|(name, file)| (name.as_str(), sources.get(*file).text())),
        )
        .map_err(|error| reference_diagnostics(&error, &files, sources))?;

        let mut registry = Registry::default();
        for (name, (_, input)) in &inputs.shortcodes {
            let template = format!("{SHORTCODE_PREFIX}{name}.html");
            let variables = tera
                .get_template_variables(&template)
                .map_err(|error| vec![template_diagnostic(&error, &files, sources)])?;
            let requires_body = variables.contains("inner") || variables.contains("children");
            registry.insert(
                name.clone(),
                ShortcodeDef {
                    template,
                    file: input.file,
                    requires_body,
                    anchored: variables.contains("anchor"),
                },
            );
        }
        // The engine's own list of the variables a template reads, with its parents and
        // includes.
        let names_navigation = named.iter().any(|(name, _)| {
            tera.get_template_variables(name)
                .is_ok_and(|variables| variables.contains("nav") || variables.contains("nav_list"))
        });
        Ok(Templates {
            tera,
            registry,
            files,
            names_navigation,
        })
    }

    /// Converts an engine error into a diagnostic pointing into the template source.
    pub fn diagnostic(&self, error: &tera::Error, sources: &SourceMap) -> Diagnostic {
        template_diagnostic(error, &self.files, sources)
    }

    /// Message ids written literally as `key="…"` in any template or shortcode, for the unused
    /// message report: a message a template can show is in use even if no page shows it today.
    pub fn literal_message_keys(&self, sources: &SourceMap) -> std::collections::BTreeSet<String> {
        let mut keys = std::collections::BTreeSet::new();
        for &file in self.files.values() {
            let text = sources.get(file).text();
            for (start, _) in text.match_indices("key=") {
                let rest = &text[start + 4..];
                let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                    continue;
                };
                if let Some(end) = rest[1..].find(quote) {
                    keys.insert(rest[1..1 + end].to_owned());
                }
            }
        }
        keys
    }

    /// Whether any template or shortcode calls the function `name`.
    pub fn calls(&self, name: &str, sources: &SourceMap) -> bool {
        let call = format!("{name}(");
        self.files
            .values()
            .any(|&file| sources.get(file).text().contains(&call))
    }

    /// Whether a template or shortcode reads the `nav` or `nav_list` value, for themes that
    /// write their own sidebar; rendering converts the navigation into them only then.
    pub(crate) fn names_navigation(&self) -> bool {
        self.names_navigation
    }

    /// Where `text` is first written in a template or shortcode (templates in name order), for
    /// pointing at the template a link of a page comes from.
    pub(crate) fn find_text(&self, sources: &SourceMap, text: &str) -> Option<Span> {
        let mut files: Vec<(&String, &FileId)> = self.files.iter().collect();
        files.sort();
        files.into_iter().find_map(|(_, &file)| {
            let start = sources.get(file).text().find(text)?;
            Some(Span::new(file, start..start + text.len()))
        })
    }

    /// Whether a template of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }
}

/// The engine reports unknown filters, functions, tests, components and included templates of all
/// templates at once, as one message of pre-formatted reports (`error: …` / ` --> name:line:col`).
/// Those are split back into one diagnostic each so they point into the template files like every
/// other error.
fn reference_diagnostics(
    error: &tera::Error,
    files: &HashMap<String, FileId>,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let tera::ErrorKind::Msg(text) = error.kind() else {
        return vec![template_diagnostic(error, files, sources)];
    };
    let mut diagnostics = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let Some(message) = line.trim_start().strip_prefix("error: ") else {
            continue;
        };
        let location = lines
            .get(index + 1)
            .and_then(|next| next.trim_start().strip_prefix("--> "))
            .and_then(|location| {
                let mut parts = location.rsplitn(3, ':');
                let column: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                let name = parts.next()?;
                Some((name, line, column))
            });
        let carets = lines
            .iter()
            .skip(index + 2)
            .take(3)
            .find_map(|line| {
                let count = line.matches('^').count();
                (count > 0).then_some(count)
            })
            .unwrap_or(1);
        let diagnostic = Diagnostic::new(
            Code::TemplateReference,
            crate::diagnostics::message_case(message),
        );
        diagnostics.push(match location {
            Some((name, line, column)) => match files.get(name) {
                Some(&file) => {
                    let start = sources.get(file).offset_of(line, column);
                    let end = (start + carets).min(sources.get(file).text().len());
                    diagnostic.at(Span::new(file, start..end))
                }
                None => diagnostic,
            },
            None => diagnostic,
        });
    }
    if diagnostics.is_empty() {
        diagnostics.push(template_diagnostic(error, files, sources));
    }
    diagnostics
}

/// The diagnostic for an error of the engine, pointing into the template when the engine says
/// where.
fn template_diagnostic(
    error: &tera::Error,
    files: &HashMap<String, FileId>,
    sources: &SourceMap,
) -> Diagnostic {
    let code = template_code(error.kind());
    let mut message = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let message = crate::diagnostics::message_case(report.message());
            return match files.get(report.filename()) {
                Some(&file) => {
                    let length = sources.get(file).text().len();
                    let range = report.span().range.clone();
                    let range = range.start.min(length)..range.end.min(length);
                    let mut diagnostic = Diagnostic::new(code, message).at(Span::new(file, range));
                    if let Some(cause) = std::error::Error::source(error) {
                        diagnostic = diagnostic.with_label(cause.to_string());
                    }
                    diagnostic
                }
                None => Diagnostic::new(
                    code,
                    format!("{message} (in template `{}`)", report.filename()),
                ),
            };
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let diagnostic = Diagnostic::new(
                code,
                format!("template `{current}` extends `{parent}`, which does not exist"),
            );
            return match files.get(current) {
                Some(&file) => diagnostic.in_file(&sources.get(file).path),
                None => diagnostic,
            };
        }
        tera::ErrorKind::TemplateNotFound(name) => format!("template `{name}` not found"),
        other => crate::diagnostics::message_case(&other.to_string()),
    };
    if let Some(cause) = std::error::Error::source(error) {
        message = format!("{message}: {cause}");
    }
    Diagnostic::new(code, message)
}

/// The kind of problem an error of the engine is. Errors of tafel's own template functions
/// come as rendering errors; the renderer knows their codes (`render::scope::Session::fail`).
fn template_code(kind: &tera::ErrorKind) -> Code {
    match kind {
        tera::ErrorKind::SyntaxError(_) => Code::TemplateSyntax,
        tera::ErrorKind::MissingParent { .. } => Code::MissingParentTemplate,
        tera::ErrorKind::CircularExtend { .. } | tera::ErrorKind::CircularInclude { .. } => {
            Code::TemplateCycle
        }
        tera::ErrorKind::TemplateNotFound(_) | tera::ErrorKind::ComponentNotFound(_) => {
            Code::TemplateNotFound
        }
        _ => Code::TemplateRender,
    }
}
