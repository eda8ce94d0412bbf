//! The request path: checked, decoded and mapped to a key of the snapshot's files.
//!
//! The server looks paths up in the snapshot's map and never joins them to a folder, so a path
//! cannot reach a file the build did not produce whatever it says. The checks here refuse the
//! forms that mean something else on a disk anyway (`..`, encoded separators, backslashes, NUL),
//! so a request that tries them gets a clear 400 rather than a 404 that looks like a missing page.

use std::borrow::Cow;

/// Why a request path is refused with 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BadPath {
    /// The path does not start with `/` (`*`, or an authority).
    #[error("the path does not start with `/`")]
    NotRooted,
    /// A `.` or `..` segment, written plainly or percent-encoded.
    #[error("the path has a `.` or `..` segment")]
    DotSegment,
    /// `%2F` or `%5C`: a separator hidden from whatever splits the path before decoding.
    #[error("the path has an encoded `/` or `\\`")]
    EncodedSeparator,
    /// A raw `\`, a separator on Windows.
    #[error("the path has a backslash")]
    Backslash,
    /// A NUL byte, which ends a path in C.
    #[error("the path has a NUL byte")]
    Nul,
    /// Bytes that are not UTF-8 once decoded; no output path is.
    #[error("the path is not UTF-8 once decoded")]
    NotUtf8,
    /// `//` somewhere, including at the start (`//etc/passwd`, an absolute path below the root).
    #[error("the path has an empty segment")]
    EmptySegment,
}

/// Checks and decodes the path of a request (`/en/guide/`) into a path below the site root
/// without its leading `/` (`en/guide/`). Escapes are decoded once, so `%252e` stays the name
/// `%2e`; an invalid escape (`%zz`) stays as written.
pub(crate) fn parse_request_path(raw: &str) -> Result<String, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath::NotRooted)?;
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%'
            && let Some(escaped) = rest
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            if escaped == b'/' || escaped == b'\\' {
                return Err(BadPath::EncodedSeparator);
            }
            decoded.push(escaped);
            index += 3;
        } else {
            if byte == b'\\' {
                return Err(BadPath::Backslash);
            }
            decoded.push(byte);
            index += 1;
        }
    }
    if decoded.contains(&0) {
        return Err(BadPath::Nul);
    }
    let path = String::from_utf8(decoded).map_err(|_| BadPath::NotUtf8)?;
    let segments: Vec<&str> = path.split('/').collect();
    if segments
        .iter()
        .any(|segment| *segment == "." || *segment == "..")
    {
        return Err(BadPath::DotSegment);
    }
    // The last segment may be empty: that is a folder (`en/guide/`), or the root.
    if segments[..segments.len() - 1]
        .iter()
        .any(|segment| segment.is_empty())
    {
        return Err(BadPath::EmptySegment);
    }
    Ok(path)
}

/// The file that answers a checked path: a folder (the root `""`, or `en/guide/`) is answered by
/// its `index.html`.
pub(crate) fn file_for(path: &str) -> Cow<'_, str> {
    if path.is_empty() || path.ends_with('/') {
        Cow::Owned(format!("{path}index.html"))
    } else {
        Cow::Borrowed(path)
    }
}
