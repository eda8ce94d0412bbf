//! Content: the pages under `content/`, what their file names mean, and how they form one tree
//! per language.
//!
//! A file name carries three facts, as in Hugo's multilingual layout:
//! the language (`page.de.md`; no suffix means the default language),
//! the role (`_index.*.md` describes the section its folder forms, `index.*.md` makes its folder a
//! page bundle, a leading `_` marks a fragment for the `include` shortcode),
//! and the canonical key that pairs translations (`server/port-overview` for both
//! `server/port-overview.de.md` and `server/port-overview.en.md`).
//!
//! This module parses one file at a time ([`parse_page`]) and then resolves the whole set into a
//! [`tree::SiteTree`]. It does not render anything and reads no files: text comes from the
//! [`SourceMap`] that discovery filled.

pub(crate) mod front_matter;
pub(crate) mod reference;

use crate::config::{Lang, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::shortcode::parser::{self, Node};

pub(crate) use front_matter::FrontMatter;

/// What a content file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// The language's start page (`content/_index.de.md`).
    Home,
    /// A folder's own page (`_index.de.md`), listing what the folder holds.
    Section,
    /// An ordinary page.
    Page,
}

/// What a Markdown file under `content/` is, judged by its path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ContentRole {
    /// A page (of any [`PageKind`]) in a language.
    Page {
        /// Home, section or page.
        kind: PageKind,
        /// The page's language.
        lang: Lang,
        /// The key shared by all translations: the path without language suffix and extension.
        key: String,
    },
    /// A Markdown fragment for the `include` shortcode; not a page of its own.
    Fragment,
}

/// A non-Markdown file under `content/`, copied next to the pages of its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssetTarget {
    /// Only this language gets the file, or every language when `None`.
    pub lang: Option<Lang>,
    /// Path below the language root, with any language suffix removed (`shot.de.png` → `shot.png`).
    pub path: String,
}

/// Splits `name.de.md` into `("name", Some(lang))` when `de` is a configured language.
fn split_lang<'a>(stem: &'a str, config: &SiteConfig) -> (&'a str, Option<Lang>) {
    match stem.rsplit_once('.') {
        Some((base, suffix)) if !base.is_empty() => match config.language(suffix) {
            Some(language) => (base, Some(language.lang.clone())),
            None => (stem, None),
        },
        _ => (stem, None),
    }
}

/// Whether a suffix looks like a language code that is not configured (`page.fr.md`), which is
/// almost always a missing entry in `site.yaml` rather than a page called `page.fr`.
fn looks_like_unconfigured_lang(stem: &str, config: &SiteConfig) -> Option<String> {
    let (base, suffix) = stem.rsplit_once('.')?;
    let lang_like = !base.is_empty()
        && (2..=3).contains(&suffix.len())
        && suffix.bytes().all(|byte| byte.is_ascii_lowercase());
    (lang_like && config.language(suffix).is_none()).then(|| suffix.to_owned())
}

/// Classifies a Markdown file by its path relative to `content/` ('/'-separated).
pub(crate) fn classify(relative: &str, config: &SiteConfig) -> Result<ContentRole, String> {
    let (dir, file_name) = relative.rsplit_once('/').unwrap_or(("", relative));
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    if let Some(suffix) = looks_like_unconfigured_lang(stem, config) {
        let known: Vec<&str> = config.langs().map(Lang::as_str).collect();
        return Err(format!(
            "`{relative}` is in language `{suffix}`, which `site.yaml` does not list (languages: {})",
            known.join(", ")
        ));
    }
    let (base, lang) = split_lang(stem, config);
    let lang = lang.unwrap_or_else(|| config.default_lang.clone());
    let join = |name: &str| {
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    let role = match base {
        "_index" if dir.is_empty() => ContentRole::Page {
            kind: PageKind::Home,
            lang,
            key: String::new(),
        },
        "_index" => ContentRole::Page {
            kind: PageKind::Section,
            lang,
            key: dir.to_owned(),
        },
        "index" if !dir.is_empty() => ContentRole::Page {
            kind: PageKind::Page,
            lang,
            key: dir.to_owned(),
        },
        _ if base.starts_with('_') => ContentRole::Fragment,
        _ => ContentRole::Page {
            kind: PageKind::Page,
            lang,
            key: join(base),
        },
    };
    Ok(role)
}

/// Where a content asset goes, judged by its path relative to `content/`.
pub(crate) fn asset_target(relative: &str, config: &SiteConfig) -> AssetTarget {
    let (dir, file_name) = relative.rsplit_once('/').unwrap_or(("", relative));
    // `shot.de.png`: the language sits between the name and the extension.
    if let Some((stem, extension)) = file_name.rsplit_once('.')
        && let (base, Some(lang)) = split_lang(stem, config)
    {
        let name = format!("{base}.{extension}");
        let path = if dir.is_empty() {
            name
        } else {
            format!("{dir}/{name}")
        };
        return AssetTarget {
            lang: Some(lang),
            path: asset_folder_case(&path, config),
        };
    }
    AssetTarget {
        lang: None,
        path: asset_folder_case(relative, config),
    }
}

/// A file's path below the language root with its folders in lowercase when page URLs are
/// (`Install/shot.png` → `install/shot.png`), so a bundle's files stay next to its page. The
/// file name keeps its case, since pages name it as written.
pub(crate) fn asset_folder_case(path: &str, config: &SiteConfig) -> String {
    match path.rsplit_once('/') {
        Some((dir, name)) if config.lowercase_urls => format!("{}/{name}", dir.to_lowercase()),
        _ => path.to_owned(),
    }
}

/// Where a page's body is: its file and where the Markdown starts in it.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// The file it came from.
    pub file: FileId,
    /// Where the Markdown body starts in the file.
    pub body_start: usize,
}

impl PageSource {
    /// The body split into text and shortcodes, parsed again from `text`, the file's text. No
    /// page keeps its nodes from the parse stage (which reports the body's problems): kept for
    /// every page, they took about as much memory as the texts themselves, and parsing is a
    /// small part of rendering a page.
    pub(crate) fn nodes(&self, text: &str, requires_body: &dyn Fn(&str) -> bool) -> Vec<Node> {
        parse_body(self.file, text, self.body_start, requires_body).0
    }
}

/// A page as parsed from one file, before it is placed in the tree.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    /// Home, section or page.
    pub kind: PageKind,
    /// Language of the page.
    pub lang: Lang,
    /// Canonical key shared with its translations.
    pub key: String,
    /// Front matter, boxed: pages are moved and sorted by the thousand while the site
    /// resolves, and the front matter is most of a page's size.
    pub front: Box<FrontMatter>,
    /// The body.
    pub source: PageSource,
}

/// Parses one content file: front matter and shortcode structure.
///
/// The theme's `registry` tells the shortcode parser which shortcodes take inner content, and
/// names the shortcodes no template defines; without one (the templates did not load), every
/// shortcode is taken to be standalone and none is reported unknown.
/// Problems in the body come back alongside the page; a front-matter error replaces the page,
/// since nothing else about it is known.
pub(crate) fn parse_page(
    sources: &SourceMap,
    file: FileId,
    role: (PageKind, Lang, String),
    registry: Option<&crate::theme::Registry>,
) -> (Option<ParsedPage>, Vec<Diagnostic>) {
    let front_matter::Parsed {
        front,
        body_start,
        warnings,
    } = match front_matter::parse(sources, file) {
        Ok(parsed) => parsed,
        Err(error) => return (None, vec![error]),
    };
    let requires_body = |name: &str| registry.is_some_and(|registry| registry.requires_body(name));
    let text = sources.get(file).text();
    let (nodes, mut diagnostics) = parse_body(file, text, body_start, &requires_body);
    if let Some(registry) = registry {
        check_shortcode_names(&nodes, registry, &mut diagnostics);
    }
    diagnostics.splice(0..0, warnings);
    let (kind, lang, key) = role;
    let page = Some(ParsedPage {
        kind,
        lang,
        key,
        front: Box::new(front),
        source: PageSource { file, body_start },
    });
    (page, diagnostics)
}

/// Parses the shortcodes of a Markdown body that starts at `body_start` in `text`, the text of
/// `file`.
pub(crate) fn parse_body(
    file: FileId,
    text: &str,
    body_start: usize,
    requires_body: &dyn Fn(&str) -> bool,
) -> (Vec<Node>, Vec<Diagnostic>) {
    let parsed = parser::parse(file, text.get(body_start..).unwrap_or(""), requires_body);
    let diagnostics = parsed
        .errors
        .into_iter()
        .map(|error| shift(Diagnostic::from(error), body_start))
        .collect();
    let mut nodes = parsed.nodes;
    shift_nodes(&mut nodes, body_start);
    (nodes, diagnostics)
}

/// Moves node spans from body-relative to file-relative offsets.
fn shift_nodes(nodes: &mut [Node], offset: usize) {
    for node in nodes {
        match node {
            Node::Text(span) => *span = span.shifted(offset),
            Node::Literal { span, .. } => *span = span.shifted(offset),
            Node::Shortcode(shortcode) => {
                shortcode.name_span = shortcode.name_span.shifted(offset);
                shortcode.open_span = shortcode.open_span.shifted(offset);
                shortcode.close_span = shortcode.close_span.map(|span| span.shifted(offset));
                for arg in &mut shortcode.args {
                    arg.span = arg.span.shifted(offset);
                }
                if let Some(body) = &mut shortcode.body {
                    shift_nodes(body, offset);
                }
            }
        }
    }
}

fn shift(mut diagnostic: Diagnostic, offset: usize) -> Diagnostic {
    if let crate::diagnostics::Location::Span(span) = &mut diagnostic.location {
        *span = span.shifted(offset);
    }
    for note in &mut diagnostic.notes {
        note.span = note.span.shifted(offset);
    }
    diagnostic
}

/// A Markdown fragment for the `include` shortcode.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// Its file.
    pub file: FileId,
    /// Its text split into text and shortcodes.
    pub nodes: std::sync::Arc<[Node]>,
}

/// All fragments by path relative to `content/`.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    by_path: std::collections::BTreeMap<String, Fragment>,
}

impl Fragments {
    /// Adds a fragment found at `relative`.
    pub fn insert(&mut self, relative: String, fragment: Fragment) {
        self.by_path.insert(relative, fragment);
    }

    /// Finds the fragment `name` for a page in folder `dir`: next to the page first, then from
    /// the top of `content/`; in each place the language's variant (`_note.de.md`) first.
    pub fn resolve(&self, dir: &str, name: &str, lang: &Lang) -> Option<&Fragment> {
        let name = name.trim_start_matches('/');
        let localized = name
            .strip_suffix(".md")
            .map(|stem| format!("{stem}.{lang}.md"));
        let folders = if dir.is_empty() || name.starts_with('/') {
            vec![""]
        } else {
            vec![dir, ""]
        };
        for folder in folders {
            for candidate in localized.iter().map(String::as_str).chain([name]) {
                let path = if folder.is_empty() {
                    candidate.to_owned()
                } else {
                    format!("{folder}/{candidate}")
                };
                if let Some(fragment) = self.by_path.get(&path) {
                    return Some(fragment);
                }
            }
        }
        None
    }
}

/// Reports shortcodes that no template defines, with the closest known name.
pub(crate) fn check_shortcode_names(
    nodes: &[Node],
    registry: &crate::theme::Registry,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for node in nodes {
        let Node::Shortcode(shortcode) = node else {
            continue;
        };
        if !registry.contains(&shortcode.name) {
            let mut diagnostic = Diagnostic::new(
                Code::UnknownShortcode,
                format!("unknown shortcode `{}`", shortcode.name),
            )
            .at(shortcode.name_span)
            .with_label("no template for this shortcode");
            diagnostic = match registry.suggest(&shortcode.name) {
                Some(known) => diagnostic.with_help(format!("did you mean `{known}`?")),
                None => diagnostic.with_help(format!(
                    "add `shortcodes/{}.html` to the site or the theme",
                    shortcode.name
                )),
            };
            diagnostics.push(diagnostic);
        }
        if let Some(body) = &shortcode.body {
            check_shortcode_names(body, registry, diagnostics);
        }
    }
}

/// A readable title for a folder that has no `_index` page: `port-overview` → `Port overview`.
pub(crate) fn title_from_folder(key: &str) -> String {
    let name = key
        .rsplit('/')
        .next()
        .unwrap_or(key)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The span of a file's first line, for problems that concern the file as a whole.
pub(crate) fn head_span(sources: &SourceMap, file: FileId) -> Span {
    first_line(file, sources.get(file).text())
}

/// The span of the first line of `text`, the text of `file`.
pub(crate) fn first_line(file: FileId, text: &str) -> Span {
    Span::new(file, 0..text.find('\n').unwrap_or(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        crate::config::two_languages()
    }

    fn page(relative: &str) -> (PageKind, String, String) {
        match classify(relative, &config()).unwrap() {
            ContentRole::Page { kind, lang, key } => (kind, lang.to_string(), key),
            ContentRole::Fragment => panic!("{relative} is a fragment"),
        }
    }

    #[test]
    fn language_and_key_come_from_the_file_name() {
        assert_eq!(
            page("server/port-overview.de.md"),
            (PageKind::Page, "de".into(), "server/port-overview".into())
        );
        assert_eq!(
            page("server/port-overview.en.md"),
            (PageKind::Page, "en".into(), "server/port-overview".into())
        );
        assert_eq!(
            page("about.md"),
            (PageKind::Page, "de".into(), "about".into())
        );
        assert_eq!(page("release.1.2.md").2, "release.1.2");
    }

    #[test]
    fn index_files_make_sections_and_bundles() {
        assert_eq!(
            page("_index.en.md"),
            (PageKind::Home, "en".into(), "".into())
        );
        assert_eq!(
            page("server/_index.de.md"),
            (PageKind::Section, "de".into(), "server".into())
        );
        assert_eq!(
            page("server/ports/index.en.md"),
            (PageKind::Page, "en".into(), "server/ports".into())
        );
    }

    #[test]
    fn underscore_files_are_fragments() {
        assert_eq!(
            classify("server/_hint.de.md", &config()).unwrap(),
            ContentRole::Fragment
        );
    }

    #[test]
    fn unconfigured_language_is_an_error() {
        let message = classify("server/ports.fr.md", &config()).unwrap_err();
        assert!(message.contains("`fr`"), "{message}");
    }

    #[test]
    fn language_specific_assets_lose_their_suffix() {
        let config = config();
        assert_eq!(
            asset_target("server/shot.de.png", &config),
            AssetTarget {
                lang: Some(Lang::parse("de").unwrap().0),
                path: "server/shot.png".into()
            }
        );
        assert_eq!(
            asset_target("diagram.png", &config),
            AssetTarget {
                lang: None,
                path: "diagram.png".into()
            }
        );
    }

    #[test]
    fn with_lowercase_urls_assets_follow_their_folder() {
        let mut config = config();
        assert_eq!(
            asset_target("Guide/Shot.png", &config).path,
            "Guide/Shot.png"
        );
        config.lowercase_urls = true;
        assert_eq!(
            asset_target("Guide/Shot.png", &config).path,
            "guide/Shot.png"
        );
        assert_eq!(
            asset_target("Guide/Shot.de.png", &config).path,
            "guide/Shot.png"
        );
        assert_eq!(asset_target("Shot.png", &config).path, "Shot.png");
    }

    #[test]
    fn folder_titles_are_readable() {
        assert_eq!(title_from_folder("server/port-overview"), "Port overview");
    }
}
