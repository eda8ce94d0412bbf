//! Where a link to a file next to a page leads: the files of `content/` are copied into every
//! language's tree, a language's own variant (`shot.de.png`) replacing the shared file
//! (`shot.png`) in its language. Pages may name a file either way, as Hugo sites do:
//! `shot.png` shows the page's language's variant, `shot.en.png` that very variant, and a file
//! that exists only in another language is found there, the default language first.

use std::collections::BTreeSet;

use crate::config::{Lang, SiteConfig};

/// The output file a reference leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resource {
    /// Path below the output root: `en/guide/shot.png`.
    pub(crate) output: String,
    /// The language whose file the reader sees, when it is not the page's.
    pub(crate) other_lang: Option<Lang>,
    /// Whether the path named that language's file itself (`shot.de.png`), rather than a name
    /// only that language has a file for.
    pub(crate) named: bool,
}

/// Resolves `path` (below `content/`, `.` and `..` resolved) for a page in `lang`, given the
/// files of `content/` (`assets`); `None` when no language has such a file.
pub(crate) fn resolve(
    path: &str,
    lang: &Lang,
    config: &SiteConfig,
    assets: &BTreeSet<String>,
) -> Option<Resource> {
    let in_lang = |lang: &Lang, target: &str| {
        format!(
            "{lang}/{}",
            crate::content::asset_folder_case(target, config)
        )
    };
    if assets.contains(path) {
        let target = crate::content::asset_target(path, config);
        return Some(match target.lang {
            Some(variant) if &variant != lang => Resource {
                output: in_lang(&variant, &target.path),
                other_lang: Some(variant),
                named: true,
            },
            _ => Resource {
                output: in_lang(lang, &target.path),
                other_lang: None,
                named: true,
            },
        });
    }
    let variant_of = |lang: &Lang| variant_path(path, lang);
    if variant_of(lang).is_some_and(|variant| assets.contains(&variant)) {
        return Some(Resource {
            output: in_lang(lang, path),
            other_lang: None,
            named: false,
        });
    }
    let others = std::iter::once(&config.default_lang).chain(config.langs());
    others
        .filter(|other| *other != lang)
        .find(|other| variant_of(other).is_some_and(|variant| assets.contains(&variant)))
        .map(|other| Resource {
            output: in_lang(other, path),
            other_lang: Some(other.clone()),
            named: false,
        })
}

/// `guide/shot.png` → `guide/shot.de.png`; `None` for a file name without an extension.
fn variant_path(path: &str, lang: &Lang) -> Option<String> {
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, path),
    };
    let (stem, extension) = name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty())?;
    let name = format!("{stem}.{lang}.{extension}");
    Some(match dir {
        Some(dir) => format!("{dir}/{name}"),
        None => name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_in(lang: &str, path: &str, assets: &[&str]) -> Option<(String, Option<String>)> {
        let config = crate::config::two_languages();
        let lang = config.language(lang).unwrap().lang.clone();
        let assets = assets.iter().map(|asset| (*asset).to_owned()).collect();
        resolve(path, &lang, &config, &assets)
            .map(|resource| (resource.output, resource.other_lang.map(|l| l.to_string())))
    }

    fn found(output: &str, other: Option<&str>) -> Option<(String, Option<String>)> {
        Some((output.to_owned(), other.map(str::to_owned)))
    }

    #[test]
    fn a_shared_file_or_the_page_language_variant() {
        let assets = ["g/shot.png", "g/shot.en.png"];
        assert_eq!(
            resolve_in("en", "g/shot.png", &assets),
            found("en/g/shot.png", None)
        );
        assert_eq!(
            resolve_in("de", "g/shot.png", &assets),
            found("de/g/shot.png", None)
        );
        assert_eq!(
            resolve_in("en", "g/shot.en.png", &assets),
            found("en/g/shot.png", None)
        );
    }

    #[test]
    fn another_language_file_by_its_full_name() {
        let assets = ["g/shot.de.png", "g/shot.en.png"];
        assert_eq!(
            resolve_in("en", "g/shot.de.png", &assets),
            found("de/g/shot.png", Some("de"))
        );
    }

    #[test]
    fn a_file_only_in_another_language_default_first() {
        assert_eq!(
            resolve_in("en", "g/shot.png", &["g/shot.de.png"]),
            found("de/g/shot.png", Some("de"))
        );
        assert_eq!(
            resolve_in("de", "g/shot.png", &["g/shot.en.png"]),
            found("en/g/shot.png", Some("en"))
        );
        assert_eq!(
            resolve_in("en", "g/shot.png", &["g/shot.en.png", "g/shot.de.png"]),
            found("en/g/shot.png", None)
        );
    }

    #[test]
    fn nothing_by_that_name() {
        assert_eq!(resolve_in("en", "g/missing.png", &["g/shot.png"]), None);
        assert_eq!(resolve_in("en", "g/README", &["g/README.de"]), None);
        assert_eq!(
            variant_path("a.b/file", &crate::config::two_languages().default_lang),
            None
        );
    }
}
