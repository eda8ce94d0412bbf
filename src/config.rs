//! The site configuration: `site.yaml` at the site root, parsed and validated before any content
//! is read.
//!
//! Parsing happens in two steps, as in ripgrep's low/high arguments: [`RawConfig`] mirrors the
//! YAML (serde, unknown keys rejected), and [`SiteConfig`] is the checked result with typed
//! language codes, the default language resolved and command-line overrides applied.
//!
//! ```yaml
//! base-url: https://docs.example.org/
//! theme: default
//! default-language: de
//! languages:
//!   - code: de
//!     name: Deutsch
//!     title: Beispiel-Doku
//!   - code: en
//!     name: English
//!     title: Example Docs
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::yaml;

/// File name of the configuration at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// A configured language code such as `de` or `pt-BR`; cheap to clone and compare.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Lang(Arc<str>);

impl Lang {
    /// Checks a language code: a BCP 47 tag with a 2–3 letter lowercase primary language.
    pub fn parse(code: &str) -> Result<(Lang, LanguageIdentifier), String> {
        let primary = code.split('-').next().unwrap_or_default();
        let primary_ok = (2..=3).contains(&primary.len())
            && primary.bytes().all(|byte| byte.is_ascii_lowercase());
        if !primary_ok {
            return Err(format!(
                "`{code}` is not a language code such as `de`, `en` or `pt-BR`"
            ));
        }
        let id: LanguageIdentifier = code
            .parse()
            .map_err(|_| format!("`{code}` is not a valid BCP 47 language tag"))?;
        Ok((Lang(Arc::from(code)), id))
    }

    /// The code as written in the configuration.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `site.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    /// Absolute URL the site is published under; used for canonical links and the sitemap.
    pub base_url: Spanned<String>,
    /// Name of the folder under `themes/` to render with.
    #[serde(default = "default_theme")]
    pub theme: Spanned<String>,
    /// Code of the language that `/` sends visitors to and that fills gaps in translations.
    pub default_language: Spanned<String>,
    /// The site's languages, in the order the language switcher lists them.
    pub languages: Spanned<Vec<RawLanguage>>,
    /// Typographic quotes, dashes and ellipses in pages, in each language's style.
    #[serde(default)]
    pub smart_punctuation: bool,
    /// Page URLs in lowercase whatever the file names and slugs, as Hugo writes them.
    #[serde(default)]
    pub lowercase_urls: bool,
    /// A page without `updated:` gets the date of its file's last commit.
    #[serde(default)]
    pub updated_from_git: Option<Spanned<bool>>,
    /// Free-form values for templates, as `site.params`; a language's own `params` override
    /// them key by key.
    #[serde(default)]
    pub params: BTreeMap<String, serde_json::Value>,
    /// Menus by name (`main` is the one the default theme shows in its header).
    #[serde(default)]
    pub menus: BTreeMap<String, Vec<Spanned<RawMenuEntry>>>,
}

/// One entry of a menu, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMenuEntry {
    /// The text of the link.
    pub name: String,
    /// A page of the site, by its path below `content/`.
    #[serde(default)]
    pub page: Option<Spanned<String>>,
    /// Any other address, in full.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// Position in the menu: lower first, then by name.
    #[serde(default)]
    pub weight: i64,
}

/// One checked menu entry.
#[derive(Debug, Clone)]
pub struct MenuEntry {
    /// The text of the link.
    pub name: String,
    /// Where it leads.
    pub target: MenuTarget,
    /// Position: lower first, then by name.
    pub weight: i64,
}

/// Where a menu entry leads.
#[derive(Debug, Clone)]
pub enum MenuTarget {
    /// A page by its path below `content/`, and where that path is written.
    Page(String, Span),
    /// A full address.
    Url(String),
}

fn default_theme() -> Spanned<String> {
    Spanned {
        value: "default".to_owned(),
        referenced: serde_saphyr::Location::UNKNOWN,
        defined: serde_saphyr::Location::UNKNOWN,
    }
}

/// One entry of `languages:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLanguage {
    /// BCP 47 code, also the file-name suffix of pages in this language (`page.de.md`).
    pub code: Spanned<String>,
    /// The language's own name for itself, shown in the language switcher.
    pub name: String,
    /// The site title in this language.
    pub title: String,
    /// Values for templates in this language, over the site's `params`.
    #[serde(default)]
    pub params: BTreeMap<String, serde_json::Value>,
    /// Menus of this language, each replacing the site's menu of the same name.
    #[serde(default)]
    pub menus: BTreeMap<String, Vec<Spanned<RawMenuEntry>>>,
}

/// One checked language of the site.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code.
    pub lang: Lang,
    /// Parsed form of the code, for Fluent.
    pub id: LanguageIdentifier,
    /// The language's name for itself.
    pub name: String,
    /// The site title in this language.
    pub title: String,
    /// `site.params` in this language: the site's `params` with the language's own over them.
    pub params: BTreeMap<String, serde_json::Value>,
    /// The menus of this language, by name, entries in order.
    pub menus: BTreeMap<String, Vec<MenuEntry>>,
}

/// The checked configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// Theme folder name.
    pub theme: String,
    /// Languages in switcher order.
    pub languages: Vec<Language>,
    /// The default language.
    pub default_lang: Lang,
    /// Whether pages get typographic punctuation.
    pub smart_punctuation: bool,
    /// Whether page URLs are lowercased.
    pub lowercase_urls: bool,
    /// Whether pages without `updated:` get their file's last commit date, and where that
    /// is switched on (for reporting an unreadable history).
    pub updated_from_git: Option<serde_saphyr::Location>,
}

impl SiteConfig {
    /// The configured language with this code, if any.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages
            .iter()
            .find(|language| language.lang.as_str() == code)
    }

    /// All language codes in switcher order.
    pub fn langs(&self) -> impl Iterator<Item = &Lang> {
        self.languages.iter().map(|language| &language.lang)
    }

    /// The path part of the base URL (`/docs/` for `https://example.org/docs/`), used where links
    /// cannot be relative, such as the 404 page that is served for any path.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme
            .find('/')
            .map_or("/", |index| &after_scheme[index..])
    }
}

/// Why a text is not a base URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// Not `http://` or `https://` followed by something.
    #[error("base URL {0} is not an absolute http(s) URL")]
    NotHttp(String),
    /// Nothing between `://` and the path.
    #[error("base URL {0} has no host")]
    NoHost(String),
    /// A user name before the host (`https://user@host/`).
    #[error("base URL {0} has a user name before the host")]
    UserInfo(String),
    /// A character that would end an attribute or a tag where the URL is written into pages.
    #[error("base URL {url} contains {what}")]
    Character {
        /// The URL, quoted for a message.
        url: String,
        /// The kind of character, with an article (`a quote`).
        what: &'static str,
    },
    /// `?…` or `#…`, which page paths cannot be appended to.
    #[error("base URL {0} has a query or fragment")]
    QueryOrFragment(String),
}

impl BaseUrlError {
    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            BaseUrlError::QueryOrFragment(_) => {
                "remove everything from `?` or `#` on; page paths are appended to the base URL"
            }
            BaseUrlError::Character { .. } => {
                "percent-encode the character, or remove it if it got in by mistake"
            }
            _ => "write the full address, such as `https://docs.example.org/`",
        }
    }
}

/// Checks a base URL and gives it the trailing slash page paths are appended to.
///
/// The URL goes verbatim into canonical links, the sitemap and the 404 page, so it must be an
/// absolute http(s) URL with a host and nothing that could break out of an attribute.
///
/// ```
/// # use tafel::config::parse_base_url;
/// assert_eq!(parse_base_url("https://example.org/docs").unwrap(), "https://example.org/docs/");
/// assert!(parse_base_url("https://example.org/\"><script>").is_err());
/// ```
pub fn parse_base_url(text: &str) -> Result<String, BaseUrlError> {
    let shown = || crate::diagnostics::quoted(text);
    if let Some(what) = text.chars().find_map(forbidden_in_url) {
        return Err(BaseUrlError::Character { url: shown(), what });
    }
    if text.contains(['?', '#']) {
        return Err(BaseUrlError::QueryOrFragment(shown()));
    }
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return Err(BaseUrlError::NotHttp(shown()));
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err(BaseUrlError::UserInfo(shown()));
    }
    let host = match authority.strip_prefix('[') {
        Some(ipv6) => ipv6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(BaseUrlError::NoHost(shown()));
    }
    Ok(if text.ends_with('/') {
        text.to_owned()
    } else {
        format!("{text}/")
    })
}

/// What kind of character `c` is, if a base URL must not contain it.
fn forbidden_in_url(c: char) -> Option<&'static str> {
    match c {
        c if c.is_control() => Some("a control character"),
        c if c.is_whitespace() => Some("white space"),
        '"' | '\'' | '`' => Some("a quote"),
        '<' | '>' => Some("an angle bracket"),
        '\\' => Some("a backslash"),
        _ => None,
    }
}

/// Parses and checks `site.yaml`; `base_url_override` is `--base-url`.
pub fn parse_config(
    sources: &SourceMap,
    file: FileId,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let raw = parse_raw_config(sources, file)?;
    let mut checker = Checker {
        sources,
        file,
        errors: Vec::new(),
    };
    let base_url = checker.base_url(&raw.base_url, base_url_override);
    let mut languages = checker.languages(raw.languages);
    let menus = checker.menus(raw.menus);
    for language in &mut languages {
        let own = std::mem::take(&mut language.params);
        language.params = raw.params.clone();
        language.params.extend(own);
        let own = std::mem::take(&mut language.menus);
        language.menus = menus.clone();
        language.menus.extend(own);
    }
    let default_lang = checker.default_lang(&raw.default_language, &languages);
    let theme = checker.theme(raw.theme);
    match default_lang {
        Some(default_lang) if checker.errors.is_empty() => Ok(SiteConfig {
            base_url,
            theme,
            languages,
            default_lang,
            smart_punctuation: raw.smart_punctuation,
            lowercase_urls: raw.lowercase_urls,
            updated_from_git: raw
                .updated_from_git
                .filter(|switch| switch.value)
                .map(|switch| switch.referenced),
        }),
        _ => Err(checker.errors),
    }
}

/// `site.yaml` as written, or why it cannot be read as a configuration.
fn parse_raw_config(sources: &SourceMap, file: FileId) -> Result<RawConfig, Vec<Diagnostic>> {
    yaml::parse_spanned(sources, file, 0).map_err(|mut error| {
        // The keys of `site.yaml` are few and fixed, so its unknown keys have their own code,
        // whose explanation lists them.
        if error.code == Code::UnknownField {
            error.code = Code::UnknownConfigKey;
        }
        vec![error]
    })
}

/// Checks the values of `site.yaml` one by one, collecting every problem.
struct Checker<'a> {
    sources: &'a SourceMap,
    file: FileId,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn span(&self, location: &serde_saphyr::Location) -> Span {
        yaml::span_at(self.sources, self.file, 0, location)
    }

    /// The base URL, from `--base-url` if given, else from the file; empty when it is invalid.
    fn base_url(&mut self, written: &Spanned<String>, base_url_override: Option<&str>) -> String {
        let base_url = match base_url_override {
            Some(text) => parse_base_url(text).map_err(|error| {
                Diagnostic::new(Code::InvalidBaseUrl, format!("`--base-url`: {error}"))
                    .with_help(error.help())
            }),
            None => parse_base_url(&written.value).map_err(|error| {
                Diagnostic::new(Code::InvalidBaseUrl, error.to_string())
                    .at(self.span(&written.referenced))
                    .with_help(error.help())
            }),
        };
        base_url.unwrap_or_else(|diagnostic| {
            self.errors.push(diagnostic);
            String::new()
        })
    }

    /// The languages with a valid code, each code once. An empty list is reported only when
    /// nothing else is wrong so far, since a rejected code empties it too.
    fn languages(&mut self, written: Spanned<Vec<RawLanguage>>) -> Vec<Language> {
        let mut languages: Vec<Language> = Vec::new();
        for raw_language in written.value {
            if let Some(language) = self.language(raw_language, &languages) {
                languages.push(language);
            }
        }
        if languages.is_empty() && self.errors.is_empty() {
            self.errors.push(
                Diagnostic::new(Code::NoLanguages, "no languages configured")
                    .at(self.span(&written.referenced))
                    .with_help("list at least one language, such as `- { code: en, name: English, title: My Docs }`"),
            );
        }
        languages
    }

    /// One language; `None` when its code is invalid or already in `earlier`.
    fn language(&mut self, written: RawLanguage, earlier: &[Language]) -> Option<Language> {
        let span = self.span(&written.code.referenced);
        match Lang::parse(&written.code.value) {
            Ok((lang, _)) if earlier.iter().any(|known| known.lang == lang) => {
                self.errors.push(
                    Diagnostic::new(
                        Code::DuplicateLanguage,
                        format!("language `{lang}` is listed twice"),
                    )
                    .at(span),
                );
                None
            }
            Ok((lang, id)) => Some(Language {
                lang,
                id,
                name: written.name,
                title: written.title,
                params: written.params,
                menus: self.menus(written.menus),
            }),
            Err(message) => {
                self.errors
                    .push(Diagnostic::new(Code::InvalidLanguageCode, message).at(span));
                None
            }
        }
    }

    /// Menus by name, each in order; entries that are not well formed are reported and left
    /// out.
    fn menus(
        &mut self,
        written: BTreeMap<String, Vec<Spanned<RawMenuEntry>>>,
    ) -> BTreeMap<String, Vec<MenuEntry>> {
        written
            .into_iter()
            .map(|(name, entries)| {
                let mut menu: Vec<MenuEntry> = entries
                    .into_iter()
                    .filter_map(|entry| self.menu_entry(entry))
                    .collect();
                menu.sort_by(|a, b| (a.weight, &a.name).cmp(&(b.weight, &b.name)));
                (name, menu)
            })
            .collect()
    }

    fn menu_entry(&mut self, written: Spanned<RawMenuEntry>) -> Option<MenuEntry> {
        let entry = written.value;
        let target = match (entry.page, entry.url) {
            (Some(page), None) => MenuTarget::Page(page.value, self.span(&page.referenced)),
            (None, Some(url)) if is_full_address(&url.value) => MenuTarget::Url(url.value),
            (None, Some(url)) => {
                self.errors.push(
                    Diagnostic::new(
                        Code::InvalidMenuEntry,
                        format!("menu entry `{}`: `{}` is not a full address", entry.name, url.value),
                    )
                    .at(self.span(&url.referenced))
                    .with_help("link a page of the site with `page:` and its path below `content/`, such as `page: server/port-overview.md`; other addresses need their scheme, such as `https://`"),
                );
                return None;
            }
            (page, url) => {
                let both = page.is_some() && url.is_some();
                self.errors.push(
                    Diagnostic::new(
                        Code::InvalidMenuEntry,
                        if both {
                            format!("menu entry `{}` has both `page:` and `url:`", entry.name)
                        } else {
                            format!("menu entry `{}` has neither `page:` nor `url:`", entry.name)
                        },
                    )
                    .at(self.span(&written.referenced))
                    .with_help(
                        "give it one: `page:` for a page of the site, `url:` for any other address",
                    ),
                );
                return None;
            }
        };
        Some(MenuEntry {
            name: entry.name,
            target,
            weight: entry.weight,
        })
    }

    /// The default language, which must be one of `languages`.
    fn default_lang(&mut self, written: &Spanned<String>, languages: &[Language]) -> Option<Lang> {
        let default_code = written.value.as_str();
        let default_lang = languages
            .iter()
            .find(|language| language.lang.as_str() == default_code)
            .map(|language| language.lang.clone());
        if default_lang.is_none() {
            let known: Vec<&str> = languages.iter().map(|l| l.lang.as_str()).collect();
            self.errors.push(
                Diagnostic::new(
                    Code::UnknownDefaultLanguage,
                    format!(
                        "default language `{default_code}` is not one of the configured languages"
                    ),
                )
                .at(self.span(&written.referenced))
                .with_help(format!("use one of: {}", known.join(", "))),
            );
        }
        default_lang
    }

    /// The theme's folder name, which must name a folder right under `themes/`.
    fn theme(&mut self, written: Spanned<String>) -> String {
        let theme = written.value;
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            self.errors.push(
                Diagnostic::new(
                    Code::InvalidThemeName,
                    format!("theme name `{theme}` is not a folder name"),
                )
                .at(self.span(&written.referenced)),
            );
        }
        theme
    }
}

/// Whether a menu's `url:` is a full address: a scheme (as links have them, see
/// [`crate::url::has_scheme`]) of more than one letter, so a Windows path is none, then
/// something; never `javascript:`.
pub(crate) fn is_full_address(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, rest)| {
        crate::url::has_scheme(url)
            && scheme.len() > 1
            && !rest.is_empty()
            && !scheme.eq_ignore_ascii_case("javascript")
    })
}

/// A German (default) and English configuration for unit tests.
#[cfg(test)]
pub(crate) fn two_languages() -> SiteConfig {
    let mut sources = SourceMap::new();
    let file = sources.add(
        "site.yaml",
        "base-url: https://x.org/\ndefault-language: de\nlanguages:\n  - { code: de, name: Deutsch, title: D }\n  - { code: en, name: English, title: E }\n",
    );
    parse_config(&sources, file, None).expect("the test configuration is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let mut sources = SourceMap::new();
        let file = sources.add("site.yaml", text);
        parse_config(&sources, file, None)
    }

    const GOOD: &str = "base-url: https://docs.example.org/docs\ndefault-language: de\nlanguages:\n  - { code: de, name: Deutsch, title: Doku }\n  - { code: en, name: English, title: Docs }\n";

    #[test]
    fn parses_languages_in_order_with_default() {
        let config = parse(GOOD).unwrap();
        let codes: Vec<&str> = config.langs().map(Lang::as_str).collect();
        assert_eq!(codes, ["de", "en"]);
        assert_eq!(config.default_lang.as_str(), "de");
        assert_eq!(config.base_url, "https://docs.example.org/docs/");
        assert_eq!(config.base_path(), "/docs/");
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn unknown_default_language_points_at_the_value() {
        let errors =
            parse(&GOOD.replace("default-language: de", "default-language: fr")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::UnknownDefaultLanguage);
        let span = errors[0].span().unwrap();
        assert_eq!(&GOOD[..span.start].lines().count(), &2);
    }

    #[test]
    fn rejects_unknown_keys_and_bad_codes() {
        let errors = parse(&format!("{GOOD}titel: x\n")).unwrap_err();
        assert_eq!(errors[0].code, Code::UnknownConfigKey);
        let errors = parse(&GOOD.replace("code: en", "code: English")).unwrap_err();
        assert_eq!(errors[0].code, Code::InvalidLanguageCode);
        let span = errors[0].span().unwrap();
        assert_eq!(
            &GOOD.replace("code: en", "code: English")[span.range()],
            "English"
        );
    }

    #[test]
    fn base_urls_are_absolute_http_urls_with_a_host() {
        assert_eq!(
            parse_base_url("https://docs.example.org").unwrap(),
            "https://docs.example.org/"
        );
        assert_eq!(
            parse_base_url("http://[::1]:8080/docs/").unwrap(),
            "http://[::1]:8080/docs/"
        );
        let error = |text: &str| parse_base_url(text).unwrap_err();
        assert!(matches!(
            error("docs.example.org"),
            BaseUrlError::NotHttp(_)
        ));
        assert!(matches!(error("ftp://x.org/"), BaseUrlError::NotHttp(_)));
        assert!(matches!(error("/docs/"), BaseUrlError::NotHttp(_)));
        assert!(matches!(error("https:///docs/"), BaseUrlError::NoHost(_)));
        assert!(matches!(error("https://:80/"), BaseUrlError::NoHost(_)));
        assert!(matches!(
            error("https://a@x.org/"),
            BaseUrlError::UserInfo(_)
        ));
        assert!(matches!(
            error("https://x.org/?a=1"),
            BaseUrlError::QueryOrFragment(_)
        ));
        assert!(matches!(
            error("https://x.org/#top"),
            BaseUrlError::QueryOrFragment(_)
        ));
    }

    #[test]
    fn base_urls_cannot_break_out_of_an_attribute() {
        for (text, what) in [
            ("https://x.example/\"><script>", "a quote"),
            ("https://x.example/'", "a quote"),
            ("https://x.example/<b>", "an angle bracket"),
            ("https://x.example/a b", "white space"),
            ("https://x.example/\u{7}", "a control character"),
            ("https://x.example\\evil/", "a backslash"),
        ] {
            match parse_base_url(text) {
                Err(BaseUrlError::Character { what: found, .. }) => {
                    assert_eq!(found, what, "{text:?}")
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let message = parse_base_url("https://x.example/\n")
            .unwrap_err()
            .to_string();
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn a_bad_base_url_in_site_yaml_points_at_the_value() {
        let text = GOOD.replace("https://docs.example.org/docs", "'https://x.org/\">'");
        let errors = parse(&text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::InvalidBaseUrl);
        let span = errors[0].span().unwrap();
        assert_eq!(&text[span.range()], "'https://x.org/\">'");
    }

    #[test]
    fn base_path_of_root_url() {
        let config = parse(&GOOD.replace("org/docs", "org")).unwrap();
        assert_eq!(config.base_path(), "/");
    }
}
