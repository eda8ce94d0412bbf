//! Pages and their files: Hugo's two content layouts into tafel's one, front matter in TOML,
//! JSON or YAML into the YAML tafel reads, and the folders copied as they are (`data/`,
//! `static/`).
//!
//! tafel names a page's language in its file name (`page.de.md`), as Hugo's first layout does;
//! Hugo's second layout (a content folder per language) becomes that form by adding the
//! language to every file name, page resources included (`shot.png` in `content/de/guide/`
//! becomes `guide/shot.de.png`, which a page in German finds as `shot.png`). The Markdown
//! after the front matter is copied byte for byte.

use serde_json::{Map, Value};

use super::Site;
use super::config::{self, HugoConfig};
use super::emit;
use super::report::{Area, Findings};
use super::source::Input;
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};

/// Front-matter keys of Hugo with no counterpart in tafel: kept as page params, and reported.
const NO_EQUIVALENT: [&str; 10] = [
    "cascade",
    "headless",
    "translationkey",
    "layout",
    "outputs",
    "resources",
    "build",
    "_build",
    "publishdate",
    "expirydate",
];

/// Keys tafel reads itself that Hugo does not have: a Hugo page that uses one means something
/// else by it, so it moves below `params`.
const TAFEL_ONLY: [&str; 4] = ["template", "updated", "translated-from", "params"];

/// A page of the new site.
#[derive(Debug, Clone)]
pub(super) struct Page {
    /// The Hugo file, below the Hugo site's root.
    pub hugo_path: String,
    /// The text of the Hugo file.
    pub file: FileId,
    /// Where the Markdown body starts in the Hugo file.
    pub body_start: usize,
    /// The page's language.
    pub lang: String,
    /// Hugo's path of the page without language and extension: `guide/install` for a bundle,
    /// `guide` for a section, `` for the home page.
    pub hugo_key: String,
    /// The path below `content/` without a language suffix: `guide/_index.md`.
    pub content_path: String,
    /// The menus the page puts itself in, from its front matter: menu name and entry.
    pub menus: Vec<(String, Value)>,
    /// The page's title, for a menu entry without a name.
    pub title: String,
}

/// What the front matter of one page became.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Converted {
    /// The new file: YAML front matter and the unchanged body.
    pub text: String,
    /// Where the body starts in the Hugo file.
    pub body_start: usize,
    /// The format the front matter was written in.
    pub format: &'static str,
    /// What could not be carried over, for the report.
    pub notes: Vec<(Area, String)>,
    /// Menus named in the front matter, with the entry's own keys.
    pub menus: Vec<(String, Map<String, Value>)>,
    /// The title, for menu entries.
    pub title: String,
    /// The weight, for menu entries.
    pub weight: Option<i64>,
}

/// Facts about a page that its front matter conversion needs.
#[derive(Debug, Clone)]
pub(super) struct PageContext<'a> {
    /// Every language code of the site.
    pub langs: Vec<&'a str>,
    /// Hugo's key of the page (see [`Page::hugo_key`]).
    pub hugo_key: &'a str,
    /// A title when the front matter has none: the file or folder name.
    pub fallback_title: String,
}

/// Converts every page and copies every other file of the content folders.
pub(super) fn convert(
    input: &Input,
    hugo: &HugoConfig,
    site: &mut Site,
    findings: &mut Findings,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let langs: Vec<&str> = hugo.languages.iter().map(|l| l.code.as_str()).collect();
    let mut dirs: Vec<(String, Option<String>)> = hugo
        .languages
        .iter()
        .filter_map(|language| {
            let dir = language.content_dir.clone()?;
            Some((dir, Some(language.code.clone())))
        })
        .collect();
    let folder_layout = !dirs.is_empty();
    if hugo
        .languages
        .iter()
        .any(|language| language.content_dir.is_none())
    {
        dirs.push((hugo.content_dir.clone(), None));
    }
    let own_dirs: Vec<String> = dirs
        .iter()
        .filter(|(_, lang)| lang.is_some())
        .map(|(dir, _)| format!("{dir}/"))
        .collect();
    let mut pages = Vec::new();
    let mut formats: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut resources = 0;
    for (dir, dir_lang) in &dirs {
        for (path, relative, file) in input.under(dir) {
            // A language's own folder inside the shared one belongs to that language only.
            if dir_lang.is_none() && own_dirs.iter().any(|own| path.starts_with(own.as_str())) {
                continue;
            }
            let (stem, extension) = split_extension(relative);
            let suffix_lang = stem
                .rsplit_once('.')
                .map(|(_, suffix)| suffix)
                .filter(|suffix| langs.contains(suffix));
            let lang = dir_lang
                .clone()
                .or_else(|| suffix_lang.map(str::to_owned))
                .unwrap_or_else(|| hugo.default_lang.clone());
            let base = match suffix_lang {
                Some(suffix) => &stem[..stem.len() - suffix.len() - 1],
                None => stem,
            };
            let is_markdown = matches!(extension.to_ascii_lowercase().as_str(), "md" | "markdown");
            if !is_markdown {
                // A resource of a per-language folder gets the language in its name, unless
                // it already names one.
                let target = match (dir_lang, suffix_lang) {
                    (Some(lang), None) if !extension.is_empty() => {
                        format!("content/{stem}.{lang}.{extension}")
                    }
                    _ => format!("content/{relative}"),
                };
                if site.files.contains_key(&target) {
                    findings.hand_work(
                        Area::Feature,
                        format!("`{path}` and another file both became `{target}`; the last one was kept"),
                    );
                }
                if matches!(
                    extension,
                    "html" | "htm" | "adoc" | "org" | "rst" | "pandoc" | "pdc"
                ) {
                    findings.hand_work(
                        Area::Feature,
                        format!("`{path}` is a page in a format tafel does not read; it was copied as a file"),
                    );
                }
                site.copy(target, file.path.clone());
                resources += 1;
                continue;
            }
            let target = if folder_layout && dir_lang.is_some() {
                format!("content/{base}.{lang}.md")
            } else {
                format!("content/{stem}.md")
            };
            let content_path = format!("{base}.md");
            let hugo_key = hugo_key_of(base);
            let Some((file_id, _)) = input.text(path) else {
                errors.push(
                    Diagnostic::new(Code::MigrationBadFile, format!("{path} is not UTF-8 text"))
                        .in_file(&file.path),
                );
                continue;
            };
            let context = PageContext {
                langs: langs.clone(),
                hugo_key: &hugo_key,
                fallback_title: fallback_title(&hugo_key),
            };
            match convert_page(&input.sources, file_id, &context) {
                Ok(converted) => {
                    *formats.entry(converted.format).or_default() += 1;
                    for (area, note) in &converted.notes {
                        findings.hand_work(*area, format!("`{path}`: {note}"));
                    }
                    let menus = converted
                        .menus
                        .iter()
                        .map(|(menu, own)| {
                            let mut entry = Map::new();
                            let name = config::get(own, "name")
                                .and_then(Value::as_str)
                                .map_or_else(|| converted.title.clone(), str::to_owned);
                            entry.insert("name".to_owned(), Value::String(name));
                            entry.insert("page".to_owned(), Value::String(content_path.clone()));
                            let weight = config::get(own, "weight")
                                .and_then(Value::as_i64)
                                .or(converted.weight);
                            if let Some(weight) = weight {
                                entry.insert("weight".to_owned(), Value::from(weight));
                            }
                            for key in ["parent", "identifier"] {
                                if let Some(value) = config::get(own, key) {
                                    entry.insert(key.to_owned(), value.clone());
                                }
                            }
                            (menu.clone(), Value::Object(entry))
                        })
                        .collect();
                    site.text(target, converted.text);
                    pages.push(Page {
                        hugo_path: path.to_owned(),
                        file: file_id,
                        body_start: converted.body_start,
                        lang: lang.clone(),
                        hugo_key,
                        content_path,
                        menus,
                        title: converted.title.clone(),
                    });
                }
                Err(diagnostic) => errors.push(diagnostic),
            }
        }
    }
    let described: Vec<String> = formats
        .iter()
        .map(|(format, count)| format!("{count} with {format} front matter"))
        .collect();
    findings.converted(format!(
        "{} pages into `content/`{} ({}); the Markdown unchanged",
        pages.len(),
        if folder_layout {
            ", from a content folder per language to language suffixes"
        } else {
            ""
        },
        described.join(", ")
    ));
    if resources > 0 {
        findings.converted(format!(
            "{resources} page resources and other files of the content folder copied"
        ));
    }
    pages
}

/// `name.ext` → (`name`, `ext`).
fn split_extension(name: &str) -> (&str, &str) {
    let file_start = name.rfind('/').map_or(0, |slash| slash + 1);
    match name[file_start..].rfind('.') {
        Some(dot) if dot > 0 => (&name[..file_start + dot], &name[file_start + dot + 1..]),
        _ => (name, ""),
    }
}

/// Hugo's key of a content path without language and extension (`guide/_index` → `guide`).
fn hugo_key_of(base: &str) -> String {
    let key = base
        .strip_suffix("_index")
        .or_else(|| {
            base.strip_suffix("index")
                .filter(|rest| rest.is_empty() || rest.ends_with('/'))
        })
        .unwrap_or(base);
    key.trim_end_matches('/').to_owned()
}

/// A title from a key's last part, as a heading: `getting-started` → `Getting started`.
fn fallback_title(key: &str) -> String {
    let last = key.rsplit('/').next().unwrap_or(key);
    let words = last.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Home".to_owned(),
    }
}

/// Converts the front matter of one page into YAML, keeping the body byte for byte.
pub(super) fn convert_page(
    sources: &SourceMap,
    file: FileId,
    context: &PageContext<'_>,
) -> Result<Converted, Diagnostic> {
    let text: &str = sources.get(file).text();
    let (format, fields, body_start, original) = split(sources, file)?;
    let mut converted = Converted {
        text: String::new(),
        body_start,
        format,
        notes: Vec::new(),
        menus: Vec::new(),
        title: String::new(),
        weight: None,
    };
    let (fields, changed) = convert_fields(fields, context, &mut converted);
    converted.text = match original {
        Some(yaml) if !changed => format!("{yaml}{}", &text[body_start..]),
        _ => {
            let mut front = String::from("---\n");
            for (key, value) in &fields {
                emit::entry(&mut front, 0, key, value);
            }
            front.push_str("---\n");
            format!("{front}{}", &text[body_start..])
        }
    };
    Ok(converted)
}

type Fields = Vec<(String, Value)>;

/// Splits a page into its front matter (format, fields, where the body starts and, for YAML,
/// the front matter as written, fences included).
fn split(
    sources: &SourceMap,
    file: FileId,
) -> Result<(&'static str, Fields, usize, Option<String>), Diagnostic> {
    let text: &str = sources.get(file).text();
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[text_start..];
    let fence = |marker: &str| -> Option<(usize, usize, usize)> {
        let first_line_end = rest.find('\n')?;
        if rest[..first_line_end].trim_end() != marker {
            return None;
        }
        let inner_start = first_line_end + 1;
        let mut offset = inner_start;
        for line in rest[inner_start..].split_inclusive('\n') {
            if line.trim_end() == marker {
                return Some((
                    text_start + inner_start,
                    text_start + offset,
                    text_start + offset + line.len(),
                ));
            }
            offset += line.len();
        }
        None
    };
    if let Some((start, end, body)) = fence("+++") {
        let table = config::parse_toml_table(sources, file, start, end)?;
        let fields = table
            .into_iter()
            .map(|(key, value)| (key, config::toml_to_json(value)))
            .collect();
        return Ok(("TOML", fields, body, None));
    }
    if let Some((start, end, body)) = fence("---") {
        let value: Value = if text[start..end].trim().is_empty() {
            Value::Object(Map::new())
        } else {
            crate::yaml::parse_block(sources, file, start, end)?
        };
        let original = text[..body].to_owned();
        let original = if original.ends_with('\n') {
            original
        } else {
            format!("{original}\n")
        };
        return Ok(("YAML", into_fields(value), body, Some(original)));
    }
    if rest.starts_with('{') {
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let parsed = values.next();
        let end = text_start + values.byte_offset();
        return match parsed {
            Some(Ok(value)) => {
                let line_end = text[end..]
                    .find('\n')
                    .filter(|at| text[end..end + at].trim().is_empty())
                    .map_or(end, |at| end + at + 1);
                Ok(("JSON", into_fields(value), line_end, None))
            }
            _ => {
                // Parsed again on its own, for the position of the error.
                let close = text.find("\n}").map_or(text.len(), |at| at + 2);
                Err(config::parse_json(sources, file, text_start, close)
                    .err()
                    .unwrap_or_else(|| {
                        Diagnostic::new(Code::MigrationBadFile, "invalid JSON front matter")
                            .at(Span::new(file, text_start..text_start + 1))
                    }))
            }
        };
    }
    if rest.starts_with("+++") || rest.starts_with("---") {
        return Err(Diagnostic::new(
            Code::MigrationBadFile,
            "front matter without its closing line",
        )
        .at(Span::new(file, text_start..text_start + 3))
        .with_help("end the front matter with a line holding only the same three characters"));
    }
    Ok(("no", Vec::new(), text_start, None))
}

fn into_fields(value: Value) -> Fields {
    match value {
        Value::Object(map) => map.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Carries each key over; returns the fields in tafel's form and whether they differ from what
/// was written.
fn convert_fields(
    fields: Fields,
    context: &PageContext<'_>,
    converted: &mut Converted,
) -> (Fields, bool) {
    let mut out: Fields = Vec::new();
    let mut params: Map<String, Value> = Map::new();
    let mut aliases: Vec<Value> = Vec::new();
    let mut changed = false;
    for (key, value) in fields {
        let lower = key.to_ascii_lowercase();
        match lower.as_str() {
            "title" | "description" | "weight" | "draft" | "slug" => {
                if lower == "title" {
                    converted.title = value.as_str().unwrap_or_default().to_owned();
                }
                if lower == "weight" {
                    converted.weight = value.as_i64();
                }
                changed |= key != lower;
                let value = match (lower.as_str(), value) {
                    ("draft", Value::String(text)) => {
                        changed = true;
                        Value::Bool(text == "true")
                    }
                    (_, value) => value,
                };
                out.push((lower, value));
            }
            "date" | "lastmod" => {
                let target = if lower == "date" { "date" } else { "updated" };
                changed |= key != target;
                let written = value
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| value.to_string());
                match convert_date(&written) {
                    Some(day) => {
                        changed |= day != written;
                        out.push((target.to_owned(), Value::String(day)));
                    }
                    None => {
                        changed = true;
                        converted.notes.push((
                            Area::Feature,
                            format!("`{key}: {written}` is not a date tafel reads (YYYY-MM-DD) and was left out"),
                        ));
                    }
                }
            }
            "aliases" => {
                out.push(("aliases".to_owned(), Value::Null));
                let list = match value {
                    Value::Array(list) => list,
                    Value::String(one) => {
                        changed = true;
                        vec![Value::String(one)]
                    }
                    _ => Vec::new(),
                };
                for alias in list {
                    let Some(alias) = alias.as_str() else {
                        continue;
                    };
                    match convert_alias(alias, context) {
                        Some(new) => {
                            changed |= new != alias;
                            aliases.push(Value::String(new));
                        }
                        None => {
                            changed = true;
                            converted.notes.push((
                                Area::Feature,
                                format!("alias `{alias}` is not a path below the language root and was left out; redirect it on the web server"),
                            ));
                        }
                    }
                }
            }
            "url" => {
                changed = true;
                let written = value.as_str().unwrap_or_default();
                match convert_alias(written, context) {
                    Some(alias) if alias.trim_matches('/') != context.hugo_key => {
                        converted.notes.push((
                            Area::Feature,
                            format!("`url: {written}` has no equivalent (a page's URL is its path, or `slug`); the old URL is now an alias that redirects to the page"),
                        ));
                        aliases.push(Value::String(alias));
                    }
                    _ => converted.notes.push((
                        Area::Feature,
                        format!("`url: {written}` has no equivalent and was left out"),
                    )),
                }
            }
            _ if TAFEL_ONLY.contains(&lower.as_str()) => {
                if lower == "params" {
                    if let Value::Object(own) = value {
                        params.extend(own);
                    }
                    out.push(("params".to_owned(), Value::Null));
                } else {
                    changed = true;
                    params.insert(key, value);
                }
            }
            _ => {
                if matches!(lower.as_str(), "menu" | "menus") {
                    converted.menus.extend(page_menus(&value));
                }
                if NO_EQUIVALENT.contains(&lower.as_str()) {
                    converted.notes.push((
                        Area::Feature,
                        format!(
                            "front-matter key `{key}` has no equivalent; it is kept as a page param"
                        ),
                    ));
                }
                out.push((key, value));
            }
        }
    }
    // Aliases stay where they were written, now holding what `url:` added.
    if let Some(slot) = out.iter_mut().find(|(key, _)| key == "aliases") {
        slot.1 = Value::Array(aliases);
    } else if !aliases.is_empty() {
        out.push(("aliases".to_owned(), Value::Array(aliases)));
    }
    if converted.title.is_empty() && !out.iter().any(|(key, _)| key == "title") {
        changed = true;
        converted.title = context.fallback_title.clone();
        converted.notes.push((
            Area::Feature,
            format!(
                "no title: tafel needs one, so it is `{}` from the file name",
                converted.title
            ),
        ));
        out.insert(
            0,
            ("title".to_owned(), Value::String(converted.title.clone())),
        );
    }
    // `params:` stays where it was written, now holding what moved into it.
    if let Some(slot) = out.iter_mut().find(|(key, _)| key == "params") {
        slot.1 = Value::Object(params);
    } else if !params.is_empty() {
        out.push(("params".to_owned(), Value::Object(params)));
    }
    // The title first, the rest as written.
    if let Some(index) = out.iter().position(|(key, _)| key == "title") {
        let title = out.remove(index);

        out.insert(0, title);
    }
    (out, changed)
}

/// The menus a page names in its front matter: `menu: main`, `menu: [main, footer]` or
/// `menu: { main: { weight: 10 } }`.
fn page_menus(value: &Value) -> Vec<(String, Map<String, Value>)> {
    match value {
        Value::String(menu) => vec![(menu.clone(), Map::new())],
        Value::Array(menus) => menus
            .iter()
            .filter_map(Value::as_str)
            .map(|menu| (menu.to_owned(), Map::new()))
            .collect(),
        Value::Object(menus) => menus
            .iter()
            .map(|(menu, entry)| (menu.clone(), entry.as_object().cloned().unwrap_or_default()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The day of a Hugo date or datetime (`2024-03-01T10:00:00+01:00` → `2024-03-01`), the day as
/// written rather than converted to another time zone.
pub(super) fn convert_date(written: &str) -> Option<String> {
    let written = written.trim();
    let day = written.get(..10)?;
    let rest = &written[10..];
    let separator_ok = rest.is_empty() || rest.starts_with(['T', 't', ' ']);
    (separator_ok && crate::date::parse_date(day).is_ok()).then(|| day.to_owned())
}

/// A Hugo alias as a path below the language root: a leading language code is dropped
/// (`/en/old/` on an English page is `/old/`), a relative alias is taken from the page's
/// folder, and an address on another host has no equivalent (`None`).
pub(super) fn convert_alias(alias: &str, context: &PageContext<'_>) -> Option<String> {
    let alias = alias.trim();
    if alias.contains("://") || alias.starts_with("//") || alias.is_empty() {
        return None;
    }
    let path = match alias.strip_prefix('/') {
        Some(path) => path.to_owned(),
        None => {
            let folder = context
                .hugo_key
                .rsplit_once('/')
                .map_or("", |(folder, _)| folder);
            if folder.is_empty() {
                alias.to_owned()
            } else {
                format!("{folder}/{alias}")
            }
        }
    };
    let path = match path.split_once('/') {
        Some((first, rest)) if context.langs.contains(&first) => rest.to_owned(),
        None if context.langs.contains(&path.as_str()) => String::new(),
        _ => path,
    };
    (!path.trim_matches('/').is_empty()).then(|| format!("/{path}"))
}

/// Copies `data/` and `static/`, data in TOML and JSON as YAML, and reports the folders that
/// have no counterpart.
pub(super) fn copy_folders(input: &Input, site: &mut Site, findings: &mut Findings) {
    let mut data = 0;
    for (path, relative, file) in input.under("data") {
        match (config::format_of(relative), file.text) {
            (Some(format @ ("toml" | "json")), Some(text)) => {
                let (stem, _) = split_extension(relative);
                match config::parse_file(&input.sources, text, path) {
                    Ok(Value::Object(map)) => {
                        site.text(format!("data/{stem}.yaml"), emit::document(&map));
                        findings.converted(format!(
                            "`{path}` from {} into `data/{stem}.yaml`",
                            format.to_ascii_uppercase()
                        ));
                    }
                    _ => {
                        site.copy(format!("data/{relative}"), file.path.clone());
                        findings.hand_work(Area::Feature, format!("`{path}` could not be read and was copied unchanged; tafel reads data in YAML"));
                    }
                }
            }
            _ => {
                site.copy(format!("data/{relative}"), file.path.clone());
                data += 1;
            }
        }
    }
    let mut copied = 0;
    for (_, relative, file) in input.under("static") {
        site.copy(format!("static/{relative}"), file.path.clone());
        copied += 1;
    }
    if data + copied > 0 {
        findings.converted(format!(
            "files copied: {data} of `data/`, {copied} of `static/`"
        ));
    }
    for (folder, what) in [
        (
            "assets",
            "Hugo Pipes assets (`assets/`) are not converted; move what pages need into `static/`",
        ),
        (
            "archetypes",
            "archetypes (`archetypes/`) have no equivalent",
        ),
    ] {
        if input.under(folder).next().is_some() {
            findings.hand_work(Area::Feature, what.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context<'a>(_lang: &str, key: &'a str) -> PageContext<'a> {
        PageContext {
            langs: vec!["de", "en"],
            hugo_key: key,
            fallback_title: fallback_title(key),
        }
    }

    fn convert(text: &str) -> Result<Converted, Diagnostic> {
        let mut sources = SourceMap::new();
        let file = sources.add("content/page.en.md", text);
        convert_page(&sources, file, &context("en", "guide/page"))
    }

    const BODY: &str = "## Heading\r\n\n{{< figure src=\"a.png\" >}}\n+++\n";

    #[test]
    fn toml_front_matter_becomes_yaml_and_the_body_stays_byte_for_byte() {
        let text = format!(
            "+++\ntitle = \"Install: the server\"\nweight = 10\ndate = 2024-03-01T10:00:00+01:00\nlastmod = \"2024-04-02\"\nicon = \"server\"\ntags = [\"a\", \"b\"]\n[menu.main]\nweight = 3\n+++\n{BODY}"
        );
        let converted = convert(&text).unwrap();
        assert_eq!(converted.format, "TOML");
        let (front, body) = converted.text.split_at(converted.text.len() - BODY.len());
        assert_eq!(body, BODY);
        assert_eq!(
            front,
            "---\ntitle: \"Install: the server\"\nweight: 10\ndate: \"2024-03-01\"\nupdated: \"2024-04-02\"\nicon: server\ntags: [a, b]\nmenu:\n  main:\n    weight: 3\n---\n"
        );
        assert_eq!(converted.menus[0].0, "main");
        let parsed: Value = serde_saphyr::from_str(&front[4..front.len() - 4]).unwrap();
        assert_eq!(parsed["date"], "2024-03-01");
    }

    #[test]
    fn json_front_matter_becomes_yaml() {
        let text = format!(
            "{{\n  \"title\": \"Ports\",\n  \"aliases\": [\"/en/old-ports/\"],\n  \"draft\": \"true\"\n}}\n{BODY}"
        );
        let converted = convert(&text).unwrap();
        assert_eq!(converted.format, "JSON");
        assert_eq!(
            converted.text,
            format!("---\ntitle: Ports\naliases: [\"/old-ports/\"]\ndraft: true\n---\n{BODY}")
        );
    }

    #[test]
    fn yaml_front_matter_is_kept_as_written_unless_something_changes() {
        let text = format!("---\n# a comment\ntitle: Ports\nicon: server\n---\n{BODY}");
        assert_eq!(convert(&text).unwrap().text, text);
        let text = format!("---\ntitle: Ports\ndate: 2024-03-01T08:00:00Z\n---\n{BODY}");
        assert_eq!(
            convert(&text).unwrap().text,
            format!("---\ntitle: Ports\ndate: \"2024-03-01\"\n---\n{BODY}")
        );
    }

    #[test]
    fn keys_tafel_reads_otherwise_move_below_params() {
        let converted = convert("+++\ntitle = \"A\"\ntemplate = \"wide\"\n+++\nx").unwrap();
        assert_eq!(
            converted.text,
            "---\ntitle: A\nparams:\n  template: wide\n---\nx"
        );
    }

    #[test]
    fn url_becomes_an_alias_and_is_reported() {
        let converted = convert("+++\ntitle = \"A\"\nurl = \"/en/legacy/a.html\"\n+++\nx").unwrap();
        assert_eq!(
            converted.text,
            "---\ntitle: A\naliases: [\"/legacy/a.html\"]\n---\nx"
        );
        assert_eq!(converted.notes.len(), 1);
    }

    #[test]
    fn a_page_without_title_gets_one_from_its_name() {
        let converted = convert("Body only\n").unwrap();
        assert_eq!(converted.text, "---\ntitle: Page\n---\nBody only\n");
        assert_eq!(converted.format, "no");
    }

    #[test]
    fn broken_toml_front_matter_is_reported_at_its_line() {
        let text = "+++\ntitle = \"A\"\nweight = = 3\n+++\nx";
        let mut sources = SourceMap::new();
        let file = sources.add("content/a.md", text);
        let error = convert_page(&sources, file, &context("en", "a")).unwrap_err();
        assert_eq!(error.code, Code::MigrationBadFile);
        let (line, _) = sources.get(file).line_col(error.span().unwrap().start);
        assert_eq!(line, 3);
    }

    #[test]
    fn dates_keep_the_day_as_written() {
        assert_eq!(convert_date("2024-03-01").as_deref(), Some("2024-03-01"));
        assert_eq!(
            convert_date("2024-03-01T23:30:00-05:00").as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(
            convert_date("2024-03-01 10:00").as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(convert_date("2024-02-30"), None);
        assert_eq!(convert_date("2024-03-01x"), None);
        assert_eq!(convert_date("March 1"), None);
    }

    #[test]
    fn aliases_become_paths_below_the_language_root() {
        let context = context("en", "guide/page");
        assert_eq!(
            convert_alias("/en/firewall/", &context).as_deref(),
            Some("/firewall/")
        );
        assert_eq!(
            convert_alias("/firewall/", &context).as_deref(),
            Some("/firewall/")
        );
        assert_eq!(
            convert_alias("old-page", &context).as_deref(),
            Some("/guide/old-page")
        );
        assert_eq!(convert_alias("/de/", &context), None);
        assert_eq!(convert_alias("https://example.org/x", &context), None);
    }

    #[test]
    fn keys_of_sections_and_bundles() {
        assert_eq!(hugo_key_of("guide/_index"), "guide");
        assert_eq!(hugo_key_of("_index"), "");
        assert_eq!(hugo_key_of("guide/install/index"), "guide/install");
        assert_eq!(hugo_key_of("guide/reindex"), "guide/reindex");
        assert_eq!(split_extension("a.b/c.de.md"), ("a.b/c.de", "md"));
        assert_eq!(split_extension("a.b/README"), ("a.b/README", ""));
    }
}
