//! Hugo's translation tables (`i18n/de.toml`, `.yaml`, `.json`) into Fluent files
//! (`i18n/de/site.ftl`).
//!
//! A message keeps its Hugo id when Fluent allows it (`readMore`, `read_more`); otherwise every
//! character other than an ASCII letter, digit, `_` or `-` becomes `-`, and an id that does not
//! start with a letter gets `m-` in front (`404.title` → `m-404-title`). `{{ .Count }}` becomes
//! `{ $count }`, any other `{{ .Name }}` becomes `{ $name }` (first letter lowercase), and a
//! message with plural forms (`one`, `other`, …) becomes a Fluent selection on `$count`.
//! The template calls that use messages are listed in the report, with the new ids, since
//! templates are ported by hand.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Site;
use super::config::{self, HugoConfig};
use super::report::{Area, Findings};
use super::source::Input;
use crate::diagnostics::Diagnostic;

/// Hugo's plural categories, in the order Fluent variants are written; `other` is the default.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Converts every translation table of the site.
pub(super) fn convert(
    input: &Input,
    hugo: &HugoConfig,
    site: &mut Site,
    findings: &mut Findings,
    errors: &mut Vec<Diagnostic>,
) {
    let mut files = 0;
    let mut messages = 0;
    for (path, relative, file) in input.under("i18n") {
        if config::format_of(relative).is_none() {
            continue;
        }
        let (lang, _) = relative.rsplit_once('.').unwrap_or((relative, ""));
        let lang = lang.to_ascii_lowercase();
        if hugo.language(&lang).is_none() {
            findings.hand_work(
                Area::Feature,
                format!(
                    "`{path}` is for `{lang}`, which is not a language of the site; it was left out"
                ),
            );
            continue;
        }
        let Some(text) = file.text else { continue };
        let value = match config::parse_file(&input.sources, text, path) {
            Ok(value) => value,
            Err(diagnostic) => {
                errors.push(diagnostic);
                continue;
            }
        };
        let (ftl, count, problems) = to_fluent(&value);
        for problem in problems {
            findings.hand_work(Area::Messages, format!("`{path}`: {problem}"));
        }
        site.text(format!("i18n/{lang}/site.ftl"), ftl);
        files += 1;
        messages += count;
    }
    if files > 0 {
        findings.converted(format!(
            "{messages} messages of {files} translation tables into `i18n/<lang>/site.ftl` (ids as described in the README's \"Coming from Hugo\")"
        ));
    }
}

/// The messages of a table as they appear in it: `id → translation`, where a translation is a
/// string or a map of plural forms. A map that is neither is a group whose messages Hugo names
/// `group.id` (`[404.title]` in TOML). Hugo also reads a list of `{ id, translation }`.
fn entries(value: &Value) -> Vec<(String, Value)> {
    match value {
        Value::Object(map) => {
            let mut found = Vec::new();
            flatten(map, "", &mut found);
            found
        }
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_object)
            .filter_map(|item| {
                let id = config::get(item, "id")?.as_str()?.to_owned();
                Some((id, config::get(item, "translation")?.clone()))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn flatten(map: &Map<String, Value>, prefix: &str, found: &mut Vec<(String, Value)>) {
    for (id, value) in map {
        let id = format!("{prefix}{id}");
        match value {
            Value::Object(forms) => {
                if let Some(translation) = config::get(forms, "translation") {
                    found.push((id, translation.clone()));
                } else if forms
                    .keys()
                    .any(|key| CATEGORIES.contains(&key.to_ascii_lowercase().as_str()))
                {
                    found.push((id, value.clone()));
                } else {
                    flatten(forms, &format!("{id}."), found);
                }
            }
            _ => found.push((id, value.clone())),
        }
    }
}

/// A Fluent resource from a Hugo table; also the number of messages and what did not convert.
pub(super) fn to_fluent(value: &Value) -> (String, usize, Vec<String>) {
    let mut out =
        String::from("# Converted from Hugo's translation table by `tafel migrate hugo`.\n\n");
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut count = 0;
    for (hugo_id, translation) in entries(value) {
        let id = fluent_id(&hugo_id);
        if let Some(earlier) = seen.insert(id.clone(), hugo_id.clone()) {
            problems.push(format!(
                "`{hugo_id}` and `{earlier}` both become `{id}`; only the first is kept"
            ));
            continue;
        }
        let message = match &translation {
            Value::String(text) => pattern(text, &mut problems, &hugo_id),
            Value::Object(forms) => plural(forms, &mut problems, &hugo_id),
            other => pattern(&other.to_string(), &mut problems, &hugo_id),
        };
        if id != hugo_id {
            out.push_str(&format!("# Hugo: {hugo_id}\n"));
        }
        out.push_str(&format!("{id} ={message}\n"));
        count += 1;
    }
    (out, count, problems)
}

/// A Fluent message id for a Hugo id.
pub(super) fn fluent_id(hugo_id: &str) -> String {
    let id: String = hugo_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id
    } else {
        format!("m-{id}")
    }
}

/// A message value: ` text` on one line, or indented lines below the id.
fn pattern(text: &str, problems: &mut Vec<String>, id: &str) -> String {
    let converted = placeables(text, problems, id);
    if converted.contains('\n') {
        let lines: Vec<String> = converted
            .lines()
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!("    {line}")
                }
            })
            .collect();
        format!("\n{}", lines.join("\n"))
    } else if converted.is_empty() {
        " {\"\"}".to_owned()
    } else {
        format!(" {converted}")
    }
}

/// A message with plural forms: a selection on `$count`, `other` the default.
fn plural(forms: &Map<String, Value>, problems: &mut Vec<String>, id: &str) -> String {
    let present: Vec<&str> = CATEGORIES
        .into_iter()
        .filter(|category| config::get(forms, category).is_some())
        .collect();
    if let (["other"], Some(Value::String(text))) =
        (present.as_slice(), config::get(forms, "other"))
    {
        return pattern(text, problems, id);
    }
    let mut out = String::from(" { $count ->\n");
    let mut any = false;
    for category in CATEGORIES {
        let Some(text) = config::get(forms, category) else {
            continue;
        };
        let text = text
            .as_str()
            .map_or_else(|| text.to_string(), str::to_owned);
        let text = placeables(&text, problems, id).replace('\n', " ");
        let marker = if category == "other" { "   *" } else { "    " };
        out.push_str(&format!("{marker}[{category}] {text}\n"));
        any = true;
    }
    if config::get(forms, "other").is_none() {
        problems.push(format!(
            "`{id}` has no `other` form; Fluent needs a default, so it is empty"
        ));
        out.push_str("   *[other] {\"\"}\n");
    }
    if !any {
        return " {\"\"}".to_owned();
    }
    out.push('}');
    out
}

/// Go template actions as Fluent placeables, and braces that are text escaped.
fn placeables(text: &str, problems: &mut Vec<String>, id: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&escape(&rest[..start]));
        let Some(length) = rest[start..].find("}}") else {
            rest = &rest[start..];
            break;
        };
        let action =
            rest[start + 2..start + length].trim_matches(|c: char| c == '-' || c.is_whitespace());
        match action.strip_prefix('.') {
            Some("") => out.push_str("{ $value }"),
            Some(field) if field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                let mut chars = field.chars();
                let name: String = chars
                    .next()
                    .map(|first| first.to_ascii_lowercase())
                    .into_iter()
                    .chain(chars)
                    .collect();
                out.push_str(&format!("{{ ${name} }}"));
            }
            _ => {
                problems.push(format!(
                    "`{id}` uses `{{{{ {action} }}}}`, which has no Fluent form; it is kept as text"
                ));
                out.push_str(&escape(&rest[start..start + length + 2]));
            }
        }
        rest = &rest[start + length + 2..];
    }
    out.push_str(&escape(rest));
    out
}

/// Braces are Fluent syntax; as text they are written as string literals.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '{' => out.push_str("{\"{\"}"),
            '}' => out.push_str("{\"}\"}"),
            c => out.push(c),
        }
    }
    out
}

/// The template calls of a Go template that look messages up: `i18n "id"` and `T "id"`, with
/// their line numbers.
pub(super) fn template_calls(text: &str) -> Vec<(usize, String)> {
    let mut calls = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for marker in ["i18n \"", "T \"", "i18n `", "T `"] {
            let mut rest = line;
            while let Some(at) = rest.find(marker) {
                let before = rest[..at].chars().last();
                let after = &rest[at + marker.len()..];
                rest = after;
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let quote = marker.chars().last().unwrap_or('"');
                if let Some(end) = after.find(quote) {
                    calls.push((index + 1, after[..end].to_owned()));
                }
            }
        }
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fluent(toml: &str) -> (String, Vec<String>) {
        let table: toml::Table = toml::from_str(toml).unwrap();
        let (ftl, _, problems) = to_fluent(&config::toml_to_json(toml::Value::Table(table)));
        (ftl, problems)
    }

    /// The number of messages in a Fluent resource, which must parse without errors.
    fn messages(ftl: &str) -> usize {
        let resource = fluent_syntax::parser::parse(ftl).unwrap();
        resource
            .body
            .iter()
            .filter(|entry| matches!(entry, fluent_syntax::ast::Entry::Message(_)))
            .count()
    }

    #[test]
    fn plurals_become_a_selection_on_count() {
        let (ftl, problems) = fluent(
            "[pages]\none = \"{{ .Count }} page\"\nother = \"{{ .Count }} pages\"\n[readMore]\nother = \"Read more\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            ftl.contains(
                "pages = { $count ->\n    [one] { $count } page\n   *[other] { $count } pages\n}\n"
            ),
            "{ftl}"
        );
        assert!(ftl.contains("readMore = Read more\n"), "{ftl}");
        assert_eq!(messages(&ftl), 2);
    }

    #[test]
    fn the_result_is_valid_fluent_with_the_values_as_written() {
        let (ftl, problems) = fluent(
            "read_more = \"Read {more}\"\nwelcome = \"Hello {{ .Name }}, {{ . }}!\"\nodd = \"{{ .Site.Title | upper }}\"\nlines = \"one\\ntwo\"\n[404]\ntitle = \"Not found\"\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(messages(&ftl), 5, "{ftl}");
        let mut bundle = fluent_bundle::FluentBundle::new(vec!["en".parse().unwrap()]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(fluent_bundle::FluentResource::try_new(ftl.clone()).unwrap())
            .unwrap();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("name", "Ada");
        args.set("value", "hi");
        let format = |id: &str, args: Option<&fluent_bundle::FluentArgs<'_>>| {
            let message = bundle.get_message(id).unwrap();
            let mut errors = Vec::new();
            bundle
                .format_pattern(message.value().unwrap(), args, &mut errors)
                .into_owned()
        };
        assert_eq!(format("read_more", None), "Read {more}");
        assert_eq!(format("m-404-title", None), "Not found");
        assert_eq!(format("welcome", Some(&args)), "Hello Ada, hi!");
        assert_eq!(format("odd", None), "{{ .Site.Title | upper }}");
        assert_eq!(format("lines", None), "one\ntwo");
    }

    #[test]
    fn ids_fluent_allows_are_kept_and_others_mapped() {
        assert_eq!(fluent_id("readMore"), "readMore");
        assert_eq!(fluent_id("read_more"), "read_more");
        assert_eq!(fluent_id("read-more"), "read-more");
        assert_eq!(fluent_id("404.title"), "m-404-title");
        assert_eq!(fluent_id("page.next"), "page-next");
        assert_eq!(fluent_id("_hidden"), "m-_hidden");
    }

    #[test]
    fn a_list_table_and_clashing_ids() {
        let value = serde_json::json!([
            {"id": "a.b", "translation": "one"},
            {"id": "a-b", "translation": "two"},
        ]);
        let (ftl, count, problems) = to_fluent(&value);
        assert_eq!(count, 1);
        assert_eq!(problems.len(), 1);
        assert!(ftl.contains("a-b = one\n"), "{ftl}");
    }

    #[test]
    fn template_calls_are_found_with_their_lines() {
        let text =
            "<a>{{ i18n \"readMore\" }}</a>\n{{ T \"pages\" 3 }} {{ .T \"x\" }} {{ i18n `y` . }}\n";
        assert_eq!(
            template_calls(text),
            [
                (1, "readMore".to_owned()),
                (2, "pages".to_owned()),
                (2, "y".to_owned())
            ]
        );
    }
}
