//! URLs inside the site.
//!
//! Every link tafel writes between its own pages is relative (`../../en/server/`), so a built site
//! works unchanged under any base path and from any static file server. Views therefore carry URLs
//! relative to the site root, and each page's `root` (the way back up to the site root) is
//! prefixed in templates: `{{ root }}{{ item.url }}`.

/// Percent-encodes the characters of an output path that are not safe in a URL path, keeping `/`.
pub(crate) fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                encoded.push(byte as char);
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// The relative way from an output folder (`de/server/ports/`) back to the site root
/// (`../../../`). The root folder itself gives `""`.
pub(crate) fn root_of(folder: &str) -> String {
    "../".repeat(
        folder
            .split('/')
            .filter(|segment| !segment.is_empty())
            .count(),
    )
}

/// The shortest relative URL from an output folder (`de/server/ports/`) to a root-relative path
/// (`de/server/diagram.png` → `../diagram.png`), percent-encoded.
pub(crate) fn relative(from_folder: &str, to: &str) -> String {
    let from: Vec<&str> = from_folder.split('/').filter(|s| !s.is_empty()).collect();
    let to_segments: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_segments)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_segments.len().saturating_sub(1));
    let mut path = "../".repeat(from.len() - common);
    path.push_str(&to_segments[common..].join("/"));
    if path.is_empty() {
        path.push_str("./");
    }
    encode_path(&path)
}

/// Decodes `%XX` escapes of a URL path; invalid escapes stay as written.
pub(crate) fn decode_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(byte) = path
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            decoded.push(byte);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| path.to_owned())
}

/// Joins the base URL and a root-relative path into an absolute URL.
pub(crate) fn absolute(base_url: &str, path: &str) -> String {
    format!("{}{}", base_url, encode_path(path))
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`), as a URL parser reads it: letters,
/// digits, `+`, `-` and `.` after a first letter, then `:`.
pub(crate) fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        let mut chars = scheme.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `path` (`/`-separated, relative) joined to the folder `dir`, with `.` and `..` resolved;
/// `None` when it climbs above the root `dir` is relative to.
pub(crate) fn join(dir: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some(segments.join("/"))
}

/// `url` with every `%` that does not start a percent-escape written as `%25`: Markdown writers
/// leave `?width=60%` as it is, which is not a valid URL.
pub(crate) fn escape_stray_percents(url: &str) -> std::borrow::Cow<'_, str> {
    let bytes = url.as_bytes();
    let is_escape = |index: usize| {
        bytes.len() > index + 2
            && bytes[index + 1].is_ascii_hexdigit()
            && bytes[index + 2].is_ascii_hexdigit()
    };
    let stray: Vec<usize> = (0..bytes.len())
        .filter(|&index| bytes[index] == b'%' && !is_escape(index))
        .collect();
    if stray.is_empty() {
        return std::borrow::Cow::Borrowed(url);
    }
    let mut escaped = String::with_capacity(url.len() + 2 * stray.len());
    let mut last = 0;
    for index in stray {
        escaped.push_str(&url[last..index]);
        escaped.push_str("%25");
        last = index + 1;
    }
    escaped.push_str(&url[last..]);
    std::borrow::Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_letters_then_a_colon() {
        for url in [
            "https://x.example/",
            "mailto:a@b.example",
            "svn+ssh://h/",
            "a.b-c:x",
        ] {
            assert!(has_scheme(url), "{url}");
        }
        for url in ["page.md", "/a:b/", "a/b:c", "1ab:c", "a?x:y", ":x", "../a"] {
            assert!(!has_scheme(url), "{url}");
        }
    }

    #[test]
    fn stray_percents_are_escaped_and_escapes_kept() {
        assert_eq!(
            escape_stray_percents("a.png?width=60%"),
            "a.png?width=60%25"
        );
        assert_eq!(escape_stray_percents("a%20b%2Fc"), "a%20b%2Fc");
        assert_eq!(escape_stray_percents("100%x%4"), "100%25x%254");
        assert!(matches!(
            escape_stray_percents("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn joining_resolves_dots_and_stops_at_the_root() {
        assert_eq!(
            join("server", "diagram.png").as_deref(),
            Some("server/diagram.png")
        );
        assert_eq!(join("a/b", "../c/./d").as_deref(), Some("a/c/d"));
        assert_eq!(join("", "x//y/").as_deref(), Some("x/y"));
        assert_eq!(join("a", "../..").as_deref(), None);
        assert_eq!(join("", "../x"), None);
    }

    #[test]
    fn encodes_only_what_needs_it() {
        assert_eq!(
            encode_path("de/server/port-overview/"),
            "de/server/port-overview/"
        );
        assert_eq!(encode_path("de/über uns/"), "de/%C3%BCber%20uns/");
    }

    #[test]
    fn root_counts_folders() {
        assert_eq!(root_of("de/server/ports/"), "../../../");
        assert_eq!(root_of("de/"), "../");
        assert_eq!(root_of(""), "");
    }

    #[test]
    fn relative_urls_are_as_short_as_possible() {
        assert_eq!(
            relative("de/server/ports/", "de/server/diagram.png"),
            "../diagram.png"
        );
        assert_eq!(relative("de/guide/", "de/guide/shot.png"), "shot.png");
        assert_eq!(relative("de/a/", "en/b/"), "../../en/b/");
        assert_eq!(relative("de/a/", "de/a/"), "./");
        assert_eq!(relative("", "de/x y.png"), "de/x%20y.png");
        assert_eq!(decode_path("x%20y%C3%BC%zz"), "x yü%zz");
    }

    #[test]
    fn absolute_urls_use_the_base() {
        assert_eq!(
            absolute("https://x.org/docs/", "en/a/"),
            "https://x.org/docs/en/a/"
        );
    }
}
