//! References to pages by content path, as written in `ref`/`relref` shortcodes.
//!
//! All of these name the same page: `server/port-overview`, `/server/port-overview`,
//! `server/port-overview.md`, `server/port-overview/index.md`. A language suffix
//! (`port-overview.en.md`) picks that language; without one the current language is meant.
//! `./` and `../` are relative to the folder of the referring page. `#anchor` is kept.

use crate::config::{Lang, SiteConfig};

/// A parsed reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// Canonical key of the target page.
    pub key: String,
    /// Language given in the path, if any.
    pub lang: Option<Lang>,
    /// Fragment after `#`, if any.
    pub anchor: Option<String>,
}

/// Parses `path` as written in a page whose folder (relative to `content/`) is `base_dir`.
pub(crate) fn parse(path: &str, base_dir: &str, config: &SiteConfig) -> Reference {
    let (path, anchor) = match path.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_owned())),
        None => (path, None),
    };
    let dir = if path.starts_with("./") || path.starts_with("../") {
        base_dir
    } else {
        ""
    };
    // A path that climbs above `content/` names no page; kept as written, it is reported so.
    let joined = crate::url::join(dir, path).unwrap_or_else(|| path.to_owned());
    let mut segments: Vec<&str> = joined.split('/').filter(|s| !s.is_empty()).collect();
    let mut lang = None;
    if let Some(last) = segments.pop() {
        let stem = last.strip_suffix(".md").unwrap_or(last);
        let stem = match stem.rsplit_once('.') {
            Some((base, suffix)) if !base.is_empty() => match config.language(suffix) {
                Some(language) => {
                    lang = Some(language.lang.clone());
                    base
                }
                None => stem,
            },
            _ => stem,
        };
        if !matches!(stem, "_index" | "index") || !last.ends_with(".md") {
            segments.push(stem);
        }
    }
    Reference {
        key: segments.join("/"),
        lang,
        anchor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        crate::config::two_languages()
    }

    #[test]
    fn a_path_above_content_names_no_page() {
        assert_eq!(key("../../x", "server").0, "../../x");
        assert_eq!(key("../x", "server").0, "x");
    }

    fn key(path: &str, base: &str) -> (String, Option<String>, Option<String>) {
        let reference = parse(path, base, &config());
        (
            reference.key,
            reference.lang.map(|l| l.to_string()),
            reference.anchor,
        )
    }

    #[test]
    fn spellings_of_the_same_page() {
        for path in [
            "server/port-overview",
            "/server/port-overview",
            "server/port-overview.md",
            "server/port-overview/index.md",
            "server/port-overview/",
        ] {
            assert_eq!(key(path, "x").0, "server/port-overview", "{path}");
        }
        assert_eq!(key("server/_index.md", "").0, "server");
        assert_eq!(key("_index.md", "server").0, "");
    }

    #[test]
    fn language_suffix_and_anchor() {
        assert_eq!(
            key("server/port-overview.en.md#firewall", ""),
            (
                "server/port-overview".into(),
                Some("en".into()),
                Some("firewall".into())
            )
        );
    }

    #[test]
    fn relative_to_the_page_folder() {
        assert_eq!(key("./ports", "server").0, "server/ports");
        assert_eq!(key("../client/setup", "server").0, "client/setup");
        assert_eq!(key("ports", "server").0, "ports");
    }
}
