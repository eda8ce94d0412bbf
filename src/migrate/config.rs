//! The Hugo configuration (`hugo.*` or `config.*` in TOML, YAML or JSON, and
//! `config/_default/`) read into [`HugoConfig`], and written out as `site.yaml`, menus included.
//!
//! Hugo's keys are case-insensitive (`baseURL`, `baseurl`), so they are looked up that way;
//! the keys of `params` are kept as written, since templates name them.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Site;
use super::content::Page;
use super::emit;
use super::report::{Area, Findings};
use super::source::Input;
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};

/// Configuration files at the site root, in the order Hugo prefers them.
const ROOT_FILES: [&str; 8] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// Top-level keys that have a counterpart in tafel or are read by the migration.
const READ_KEYS: [&str; 16] = [
    "baseurl",
    "title",
    "languagecode",
    "defaultcontentlanguage",
    "defaultcontentlanguageinsubdir",
    "disablepathtolower",
    "languages",
    "params",
    "menus",
    "menu",
    "contentdir",
    "theme",
    "enablegitinfo",
    "summarylength",
    "module",
    "markup",
];

/// One language of the Hugo site.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HugoLanguage {
    pub code: String,
    pub name: String,
    pub title: String,
    pub weight: i64,
    /// The language's own content folder (`content/de`), when the site has one per language.
    pub content_dir: Option<String>,
    pub params: Map<String, Value>,
    pub menus: Map<String, Value>,
}

/// What the migration uses of the Hugo configuration.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct HugoConfig {
    /// The files read, below the site root.
    pub files: Vec<String>,
    pub base_url: Option<String>,
    pub default_lang: String,
    pub default_in_subdir: bool,
    pub lowercase_urls: bool,
    /// In Hugo's weight order.
    pub languages: Vec<HugoLanguage>,
    pub params: Map<String, Value>,
    pub menus: Map<String, Value>,
    /// The content folder shared by languages without their own.
    pub content_dir: String,
    /// The Hugo theme, whose templates are not converted.
    pub theme: Option<String>,
    /// Top-level keys with no counterpart, for the report.
    pub unconverted: Vec<String>,
}

impl HugoConfig {
    /// The language with this code.
    pub(super) fn language(&self, code: &str) -> Option<&HugoLanguage> {
        self.languages.iter().find(|language| language.code == code)
    }
}

/// A key of `map`, compared without regard to case as Hugo does.
pub(super) fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(_, value)| value)
}

fn get_str(map: &Map<String, Value>, key: &str) -> Option<String> {
    match get(map, key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn get_map(map: &Map<String, Value>, key: &str) -> Map<String, Value> {
    match get(map, key) {
        Some(Value::Object(inner)) => inner.clone(),
        _ => Map::new(),
    }
}

fn get_bool(map: &Map<String, Value>, key: &str) -> Option<bool> {
    match get(map, key)? {
        Value::Bool(value) => Some(*value),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// Reads and merges the configuration files of the Hugo site.
pub(super) fn load(input: &Input) -> Result<HugoConfig, Vec<Diagnostic>> {
    let mut merged = Map::new();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if let Some(name) = ROOT_FILES
        .iter()
        .find(|name| input.files.contains_key(**name))
    {
        files.push((*name).to_owned());
    }
    for (path, relative, _) in input.under("config/_default") {
        if !relative.contains('/') && format_of(relative).is_some() {
            files.push(path.to_owned());
        }
    }
    if files.is_empty() {
        return Err(vec![
            Diagnostic::new(
                Code::MigrationNoHugoSite,
                format!(
                    "{} has no Hugo configuration",
                    input.root.display()
                ),
            )
            .in_file(&input.root)
            .with_help("give the folder holding `hugo.toml`, `config.toml` (or .yaml, .json) or `config/_default/`"),
        ]);
    }
    for path in &files {
        let Some((file, _)) = input.text(path) else {
            errors.push(
                Diagnostic::new(Code::MigrationBadFile, format!("{path} is not UTF-8 text"))
                    .in_file(input.root.join(path)),
            );
            continue;
        };
        let value = match parse_file(&input.sources, file, path) {
            Ok(Value::Object(value)) => value,
            Ok(_) => Map::new(),
            Err(diagnostic) => {
                errors.push(diagnostic);
                continue;
            }
        };
        place(&mut merged, path, value);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(read_config(merged, files))
}

/// Puts the values of one configuration file where Hugo reads them: the root file and
/// `config/_default/hugo.*` at the top, `menus.toml` under `menus`, `menus.de.toml` under
/// `languages.de.menus`.
fn place(merged: &mut Map<String, Value>, path: &str, value: Map<String, Value>) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    if !path.starts_with("config/_default/") || stem == "hugo" || stem == "config" {
        merge(merged, value);
        return;
    }
    let mut wrapped = Map::new();
    match stem.split_once('.') {
        Some((key, lang)) => {
            let mut inner = Map::new();
            inner.insert(key.to_owned(), Value::Object(value));
            let mut language = Map::new();
            language.insert(lang.to_owned(), Value::Object(inner));
            wrapped.insert("languages".to_owned(), Value::Object(language));
        }
        None => {
            wrapped.insert(stem.to_owned(), Value::Object(value));
        }
    }
    merge(merged, wrapped);
}

/// Merges `from` into `into`, maps key by key and everything else replaced.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        let existing = into
            .keys()
            .find(|name| name.eq_ignore_ascii_case(&key))
            .cloned();
        match (existing.and_then(|name| into.get_mut(&name)), value) {
            (Some(Value::Object(old)), Value::Object(new)) => merge(old, new),
            (Some(old), value) => *old = value,
            (None, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// The format of a configuration or data file by its extension.
pub(super) fn format_of(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "toml" => Some("toml"),
        "yaml" | "yml" => Some("yaml"),
        "json" => Some("json"),
        _ => None,
    }
}

/// Parses a TOML, YAML or JSON file into a value, with the position of a syntax error.
pub(super) fn parse_file(
    sources: &SourceMap,
    file: FileId,
    name: &str,
) -> Result<Value, Diagnostic> {
    let text = sources.get(file).text();
    match format_of(name) {
        Some("toml") => parse_toml(sources, file, 0, text.len()),
        Some("json") => parse_json(sources, file, 0, text.len()),
        _ => crate::yaml::parse_spanned(sources, file, 0),
    }
}

/// Parses the TOML between `start` and `end` of `file`.
pub(super) fn parse_toml(
    sources: &SourceMap,
    file: FileId,
    start: usize,
    end: usize,
) -> Result<Value, Diagnostic> {
    parse_toml_table(sources, file, start, end).map(|table| toml_to_json(toml::Value::Table(table)))
}

/// Parses the TOML between `start` and `end` of `file`, keys in the order written.
pub(super) fn parse_toml_table(
    sources: &SourceMap,
    file: FileId,
    start: usize,
    end: usize,
) -> Result<toml::Table, Diagnostic> {
    let text = &sources.get(file).text()[start..end];
    toml::from_str::<toml::Table>(text).map_err(|error| {
        let range = error.span().unwrap_or(0..0);
        let span = Span::new(file, start + range.start..start + range.end);
        Diagnostic::new(
            Code::MigrationBadFile,
            format!(
                "invalid TOML: {}",
                crate::diagnostics::message_case(error.message().trim())
            ),
        )
        .at(span)
    })
}

/// Parses the JSON between `start` and `end` of `file`.
pub(super) fn parse_json(
    sources: &SourceMap,
    file: FileId,
    start: usize,
    end: usize,
) -> Result<Value, Diagnostic> {
    let source = sources.get(file);
    let text = &source.text()[start..end];
    serde_json::from_str(text).map_err(|error| {
        let (base_line, base_column) = source.line_col(start);
        let line = base_line + error.line().saturating_sub(1);
        let column = if error.line() <= 1 {
            base_column + error.column().saturating_sub(1)
        } else {
            error.column()
        };
        let at = source.offset_of(line, column.max(1));
        let message = error.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(text, _)| text);
        Diagnostic::new(Code::MigrationBadFile, format!("invalid JSON: {message}"))
            .at(Span::new(file, at..(at + 1).min(source.text().len())))
    })
}

/// A TOML value as JSON, dates and times as the text TOML wrote.
pub(super) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(number) => Value::from(number),
        toml::Value::Float(number) => {
            serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(value) => Value::Bool(value),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, toml_to_json(value)))
                .collect(),
        ),
    }
}

/// The migration's view of the merged configuration.
fn read_config(merged: Map<String, Value>, files: Vec<String>) -> HugoConfig {
    let site_title = get_str(&merged, "title").unwrap_or_else(|| "Documentation".to_owned());
    let languages_map = get_map(&merged, "languages");
    let language_code = get_str(&merged, "languageCode").map(|code| {
        code.split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    });
    let default_lang = get_str(&merged, "defaultContentLanguage")
        .or_else(|| {
            (languages_map.len() == 1)
                .then(|| languages_map.keys().next().cloned())
                .flatten()
        })
        .or(language_code)
        .unwrap_or_else(|| "en".to_owned())
        .to_ascii_lowercase();
    let mut languages: Vec<HugoLanguage> = languages_map
        .iter()
        .map(|(code, value)| {
            let empty = Map::new();
            let entry = value.as_object().unwrap_or(&empty);
            HugoLanguage {
                code: code.to_ascii_lowercase(),
                name: get_str(entry, "label")
                    .or_else(|| get_str(entry, "languageName"))
                    .unwrap_or_else(|| code.to_ascii_uppercase()),
                title: get_str(entry, "title").unwrap_or_else(|| site_title.clone()),
                weight: get(entry, "weight").and_then(Value::as_i64).unwrap_or(0),
                content_dir: get_str(entry, "contentDir")
                    .map(|dir| dir.trim_end_matches('/').to_owned()),
                params: get_map(entry, "params"),
                menus: {
                    let mut menus = get_map(entry, "menus");
                    merge(&mut menus, get_map(entry, "menu"));
                    menus
                },
            }
        })
        .collect();
    if languages.is_empty() {
        languages.push(HugoLanguage {
            code: default_lang.clone(),
            name: default_lang.to_ascii_uppercase(),
            title: site_title.clone(),
            weight: 0,
            content_dir: None,
            params: Map::new(),
            menus: Map::new(),
        });
    }
    // Hugo orders languages by weight, an unweighted one last, then by code.
    languages.sort_by(|a, b| {
        let key = |language: &HugoLanguage| {
            (language.weight == 0, language.weight, language.code.clone())
        };
        key(a).cmp(&key(b))
    });
    let mut menus = get_map(&merged, "menus");
    merge(&mut menus, get_map(&merged, "menu"));
    let unconverted = merged
        .keys()
        .filter(|key| !READ_KEYS.contains(&key.to_ascii_lowercase().as_str()))
        .cloned()
        .collect();
    HugoConfig {
        files,
        base_url: get_str(&merged, "baseURL"),
        default_lang,
        default_in_subdir: get_bool(&merged, "defaultContentLanguageInSubdir").unwrap_or(false),
        lowercase_urls: !get_bool(&merged, "disablePathToLower").unwrap_or(false),
        languages,
        params: get_map(&merged, "params"),
        menus,
        content_dir: get_str(&merged, "contentDir").map_or_else(
            || "content".to_owned(),
            |dir| dir.trim_end_matches('/').to_owned(),
        ),
        theme: match get(&merged, "theme") {
            Some(Value::String(theme)) => Some(theme.clone()),
            Some(Value::Array(themes)) => themes.first().and_then(Value::as_str).map(str::to_owned),
            _ => None,
        },
        unconverted,
    }
}

/// Writes `site.yaml`, menus included.
pub(super) fn write(config: &HugoConfig, pages: &[Page], site: &mut Site, findings: &mut Findings) {
    let base_url = match config
        .base_url
        .as_deref()
        .map(crate::config::parse_base_url)
    {
        Some(Ok(url)) => url,
        _ => {
            let shown = config.base_url.as_deref().unwrap_or("(none)");
            findings.hand_work(
                Area::Feature,
                format!("`baseURL` {shown} is not an absolute http(s) URL; `site.yaml` has `https://example.org/` until you set `base-url`"),
            );
            "https://example.org/".to_owned()
        }
    };
    let menus = menus(config, &base_url, pages, findings);
    site.text("site.yaml", site_yaml(config, &base_url, &menus));
    findings.converted(format!(
        "configuration: `site.yaml` from {} ({} language{}: {})",
        config
            .files
            .iter()
            .map(|file| format!("`{file}`"))
            .collect::<Vec<_>>()
            .join(", "),
        config.languages.len(),
        if config.languages.len() == 1 { "" } else { "s" },
        config
            .languages
            .iter()
            .map(|language| language.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if config
        .languages
        .iter()
        .any(|language| !language.params.is_empty())
    {
        findings.converted(
            "per-language params as `params` of each language in `site.yaml`".to_owned(),
        );
    }
    if !config.default_in_subdir {
        let example = pages
            .iter()
            .find(|page| page.lang == config.default_lang && !page.hugo_key.is_empty())
            .map_or_else(|| "page".to_owned(), |page| page.hugo_key.to_lowercase());
        findings.hand_work(
            Area::Feature,
            format!(
                "Hugo served the default language `{lang}` at the site root (`/{example}/`); tafel puts every language below its code (`/{lang}/{example}/`), and `/` sends readers to their language. Old links to the root paths need redirects on the web server (`/(.*)` → `/{lang}/$1`)",
                lang = config.default_lang
            ),
        );
    }
    for key in &config.unconverted {
        findings.hand_work(
            Area::Feature,
            format!("configuration key `{key}` has no counterpart in `site.yaml` and was left out"),
        );
    }
    let count: usize = menus
        .values()
        .flat_map(|menus| menus.values())
        .map(Vec::len)
        .sum();
    if count > 0 {
        findings.converted(format!(
            "menus: {count} entries into `site.yaml`, under each language (the site's menus, the language's own over them, and the pages that name a menu in their front matter)"
        ));
    }
}

/// The text of `site.yaml`.
fn site_yaml(config: &HugoConfig, base_url: &str, menus: &LanguageMenus) -> String {
    let mut out = String::new();
    let text = |value: &str| Value::String(value.to_owned());
    emit::entry(&mut out, 0, "base-url", &text(base_url));
    emit::entry(&mut out, 0, "theme", &text("default"));
    emit::entry(&mut out, 0, "default-language", &text(&config.default_lang));
    emit::entry(
        &mut out,
        0,
        "lowercase-urls",
        &Value::Bool(config.lowercase_urls),
    );
    out.push_str("languages:\n");
    for language in &config.languages {
        out.push_str(&format!(
            "  - code: {}\n",
            emit::scalar_text(&language.code)
        ));
        emit::entry(&mut out, 4, "name", &text(&language.name));
        emit::entry(&mut out, 4, "title", &text(&language.title));
        if !language.params.is_empty() {
            emit::entry(
                &mut out,
                4,
                "params",
                &Value::Object(language.params.clone()),
            );
        }
        if let Some(own) = menus.get(&language.code).filter(|own| !own.is_empty()) {
            let own: Map<String, Value> = own
                .iter()
                .map(|(name, entries)| (name.clone(), Value::Array(entries.clone())))
                .collect();
            emit::entry(&mut out, 4, "menus", &Value::Object(own));
        }
    }
    if !config.params.is_empty() {
        emit::entry(&mut out, 0, "params", &Value::Object(config.params.clone()));
    }
    out
}

/// Each language's menus by name, each a list of entries in tafel's form.
type LanguageMenus = BTreeMap<String, BTreeMap<String, Vec<Value>>>;

/// Each language's menus, in tafel's form (`name`, `page` or `url`, `weight`), written in full
/// under each language of `site.yaml`: the site's menus, the language's own over them by name
/// (as Hugo merges a language's configuration over the site's), then the entries the
/// language's pages declare in their front matter; each menu by weight.
fn menus(
    config: &HugoConfig,
    base_url: &str,
    pages: &[Page],
    findings: &mut Findings,
) -> LanguageMenus {
    let mut out = LanguageMenus::new();
    for language in &config.languages {
        let mut written = config.menus.clone();
        written.extend(language.menus.clone());
        let mut own: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (name, entries) in &written {
            let entries = entries.as_array().map(Vec::as_slice).unwrap_or_default();
            let converted = entries
                .iter()
                .filter_map(Value::as_object)
                .filter_map(|entry| menu_entry(entry, base_url, pages, findings))
                .collect();
            own.insert(name.clone(), converted);
        }
        for page in pages.iter().filter(|page| page.lang == language.code) {
            for (menu, entry) in &page.menus {
                if let Some(entry) = entry
                    .as_object()
                    .and_then(|entry| menu_entry(entry, base_url, pages, findings))
                {
                    own.entry(menu.clone()).or_default().push(entry);
                }
            }
        }
        for entries in own.values_mut() {
            entries.sort_by_key(|entry| entry.get("weight").and_then(Value::as_i64).unwrap_or(0));
        }
        out.insert(language.code.clone(), own);
    }
    out
}

/// One entry of a Hugo menu in tafel's form, or `None` (with a note for the report) when it
/// leads nowhere tafel can link. A `url` that is a page of the content becomes `page`; another
/// site-relative one becomes a full address below the base URL. What tafel's flat menus have
/// no place for (`parent`, `pre`, `post`, `params`) is left out, with a note.
fn menu_entry(
    entry: &Map<String, Value>,
    base_url: &str,
    pages: &[Page],
    findings: &mut Findings,
) -> Option<Value> {
    let page_ref = get_str(entry, "pageRef").or_else(|| get_str(entry, "page"));
    let url = get_str(entry, "url");
    let label = get_str(entry, "name")
        .or_else(|| get_str(entry, "identifier"))
        .or_else(|| page_ref.clone())
        .or_else(|| url.clone())
        .unwrap_or_default();
    let mut out = Map::new();
    let target = match (&page_ref, &url) {
        (Some(page_ref), _) => match page_for_ref(page_ref, pages) {
            Some(page) => ("page", page),
            None => {
                findings.hand_work(
                    Area::Feature,
                    format!("menu entry `{label}`: `{page_ref}` names no page of the content; the entry was left out"),
                );
                return None;
            }
        },
        // What `site.yaml` accepts as a full address stays one; the rest is site-relative.
        (None, Some(url)) if crate::config::is_full_address(url) => ("url", url.clone()),
        (None, Some(url)) => match page_for_ref(url, pages) {
            Some(page) => ("page", page),
            None => ("url", format!("{base_url}{}", url.trim_start_matches('/'))),
        },
        (None, None) => {
            findings.hand_work(
                Area::Feature,
                format!("menu entry `{label}` has neither `pageRef` nor `url`; it was left out"),
            );
            return None;
        }
    };
    let name = get_str(entry, "name").or_else(|| {
        (target.0 == "page")
            .then(|| pages.iter().find(|page| page.content_path == target.1))
            .flatten()
            .map(|page| page.title.clone())
    });
    let Some(name) = name else {
        findings.hand_work(
            Area::Feature,
            format!("menu entry `{label}` has no `name`; it was left out"),
        );
        return None;
    };
    out.insert("name".to_owned(), Value::String(name.clone()));
    out.insert(target.0.to_owned(), Value::String(target.1));
    if let Some(weight) = get(entry, "weight").and_then(Value::as_i64) {
        out.insert("weight".to_owned(), Value::from(weight));
    }
    for key in ["parent", "pre", "post", "params"] {
        if get(entry, key).is_some() {
            findings.hand_work(
                Area::Feature,
                format!("menu entry `{name}`: `{key}` has no counterpart in tafel's menus (flat lists of links) and was left out"),
            );
        }
    }
    Some(Value::Object(out))
}

/// The content path (without language suffix, such as `docs/_index.md`) of the page a Hugo
/// `pageRef` names: `/docs`, `docs/_index.md` and `/docs/` all name the section.
pub(super) fn page_for_ref(page_ref: &str, pages: &[Page]) -> Option<String> {
    let wanted = page_ref.trim_matches('/');
    let wanted = wanted
        .strip_suffix(".md")
        .unwrap_or(wanted)
        .trim_end_matches("/_index")
        .trim_end_matches("/index");
    let wanted = if wanted == "_index" { "" } else { wanted };
    pages
        .iter()
        .find(|page| page.hugo_key.eq_ignore_ascii_case(wanted))
        .map(|page| page.content_path.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> Result<Value, Diagnostic> {
        let mut sources = SourceMap::new();
        let file = sources.add(name, text);
        parse_file(&sources, file, name)
    }

    #[test]
    fn a_broken_toml_value_is_reported_at_its_position() {
        let text = "baseURL = \"https://example.org/\"\ntitle = \"Docs\nweight = 1\n";
        let error = parse("config.toml", text).unwrap_err();
        assert_eq!(error.code, Code::MigrationBadFile);
        let span = error.span().unwrap();
        let mut sources = SourceMap::new();
        let file = sources.add("config.toml", text);
        assert_eq!(sources.get(file).line_col(span.start).0, 2);
    }

    #[test]
    fn a_broken_json_value_is_reported_at_its_line() {
        let text = "{\n  \"baseURL\": \"https://example.org/\",\n  \"title\": ,\n}\n";
        let error = parse("config.json", text).unwrap_err();
        let mut sources = SourceMap::new();
        let file = sources.add("config.json", text);
        let span = error.span().unwrap();
        assert_eq!(sources.get(file).line_col(span.start), (3, 12));
    }

    #[test]
    fn languages_params_and_menus_are_read_case_insensitively() {
        let text = r#"
baseURL = "https://example.org/docs/"
DefaultContentLanguage = "de"
disablePathToLower = true
[params]
support = "help@example.org"
[languages.en]
languageName = "English"
title = "Docs"
weight = 2
[languages.en.params]
phone = "+44"
[[languages.en.menus.main]]
name = "Guide"
pageRef = "/guide"
weight = 10
[languages.de]
label = "Deutsch"
weight = 1
"#;
        let Value::Object(map) = parse("config.toml", text).unwrap() else {
            panic!("a table")
        };
        let config = read_config(map, vec!["config.toml".to_owned()]);
        assert_eq!(config.default_lang, "de");
        assert!(!config.lowercase_urls);
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["de", "en"]);
        assert_eq!(config.languages[0].name, "Deutsch");
        assert_eq!(config.languages[1].params["phone"], "+44");
        assert_eq!(config.languages[1].menus["main"][0]["pageRef"], "/guide");
        assert_eq!(config.params["support"], "help@example.org");
    }

    #[test]
    fn config_default_files_go_under_their_key_and_language() {
        let mut merged = Map::new();
        let table =
            |text: &str| match toml_to_json(toml::Value::Table(toml::from_str(text).unwrap())) {
                Value::Object(map) => map,
                _ => unreachable!(),
            };
        place(
            &mut merged,
            "config/_default/hugo.toml",
            table("title = \"T\""),
        );
        place(
            &mut merged,
            "config/_default/menus.de.toml",
            table("[[main]]\nname = \"A\""),
        );
        place(&mut merged, "config/_default/params.toml", table("x = 1"));
        assert_eq!(merged["title"], "T");
        assert_eq!(merged["languages"]["de"]["menus"]["main"][0]["name"], "A");
        assert_eq!(merged["params"]["x"], 1);
    }
}
