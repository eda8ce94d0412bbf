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

use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Diagnostic, FileId, SourceMap};
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

/// Parses and checks `site.yaml`; `base_url_override` is `--base-url`.
pub fn parse_config(
    sources: &SourceMap,
    file: FileId,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let raw: RawConfig = yaml::parse_spanned(sources, file, 0).map_err(|error| vec![error])?;
    let mut errors = Vec::new();
    let span_of = |location: &serde_saphyr::Location| yaml::span_at(sources, file, 0, location);

    let base_url = base_url_override
        .map(str::to_owned)
        .unwrap_or_else(|| raw.base_url.value.clone());
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        let diagnostic = Diagnostic::error(format!("base URL `{base_url}` is not absolute"))
            .with_help("write the full address, such as `https://docs.example.org/`");
        errors.push(match base_url_override {
            Some(_) => diagnostic,
            None => diagnostic.at(span_of(&raw.base_url.referenced)),
        });
    }
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };

    let mut languages: Vec<Language> = Vec::new();
    for raw_language in raw.languages.value {
        let span = span_of(&raw_language.code.referenced);
        match Lang::parse(&raw_language.code.value) {
            Ok((lang, id)) => {
                if languages.iter().any(|known| known.lang == lang) {
                    errors.push(
                        Diagnostic::error(format!("language `{lang}` is listed twice")).at(span),
                    );
                    continue;
                }
                languages.push(Language {
                    lang,
                    id,
                    name: raw_language.name,
                    title: raw_language.title,
                });
            }
            Err(message) => errors.push(Diagnostic::error(message).at(span)),
        }
    }
    if languages.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error("no languages configured")
                .at(span_of(&raw.languages.referenced))
                .with_help("list at least one language, such as `- { code: en, name: English, title: My Docs }`"),
        );
    }

    let default_code = raw.default_language.value.as_str();
    let default_lang = languages
        .iter()
        .find(|language| language.lang.as_str() == default_code)
        .map(|language| language.lang.clone());
    let default_lang = match default_lang {
        Some(lang) => Some(lang),
        None => {
            let known: Vec<&str> = languages.iter().map(|l| l.lang.as_str()).collect();
            errors.push(
                Diagnostic::error(format!(
                    "default language `{default_code}` is not one of the configured languages"
                ))
                .at(span_of(&raw.default_language.referenced))
                .with_help(format!("use one of: {}", known.join(", "))),
            );
            None
        }
    };

    let theme = raw.theme.value;
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        errors.push(
            Diagnostic::error(format!("theme name `{theme}` is not a folder name"))
                .at(span_of(&raw.theme.referenced)),
        );
    }

    match default_lang {
        Some(default_lang) if errors.is_empty() => Ok(SiteConfig {
            base_url,
            theme,
            languages,
            default_lang,
        }),
        _ => Err(errors),
    }
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
        let span = errors[0].span().unwrap();
        assert_eq!(&GOOD[..span.start].lines().count(), &2);
    }

    #[test]
    fn rejects_unknown_keys_and_bad_codes() {
        assert!(parse(&format!("{GOOD}titel: x\n")).is_err());
        let errors = parse(&GOOD.replace("code: en", "code: English")).unwrap_err();
        assert!(errors[0].message.contains("English"));
    }

    #[test]
    fn base_path_of_root_url() {
        let config = parse(&GOOD.replace("org/docs", "org")).unwrap();
        assert_eq!(config.base_path(), "/");
    }
}
