//! URLs inside the site.
//!
//! Every link tafel writes between its own pages is relative (`../../en/server/`), so a built site
//! works unchanged under any base path and from any static file server. Views therefore carry URLs
//! relative to the site root, and each page's `root` (the way back up to the site root) is
//! prefixed in templates: `{{ root }}{{ item.url }}`.

/// Percent-encodes the characters of an output path that are not safe in a URL path, keeping `/`.
pub fn encode_path(path: &str) -> String {
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
pub fn root_of(folder: &str) -> String {
    "../".repeat(
        folder
            .split('/')
            .filter(|segment| !segment.is_empty())
            .count(),
    )
}

/// Joins the base URL and a root-relative path into an absolute URL.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{}{}", base_url, encode_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn absolute_urls_use_the_base() {
        assert_eq!(
            absolute("https://x.org/docs/", "en/a/"),
            "https://x.org/docs/en/a/"
        );
    }
}
