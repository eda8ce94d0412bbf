//! Placeholders: the text that stands for a shortcode in the Markdown handed to the renderer,
//! and finding them again in the text pulldown-cmark gives back.

/// Opens a placeholder. Private-use characters have no Markdown meaning, so
/// the parser never splits or escapes them.
pub(super) const OPEN: char = '\u{E000}';
/// Closes a placeholder.
const CLOSE: char = '\u{E001}';

/// Placeholder text for shortcode number `index`: U+E000, decimal index,
/// U+E001 (private-use chars pass through Markdown untouched).
pub(crate) fn placeholder(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// Finds the first well-formed placeholder in `text` and returns the text
/// before it, its index and the text after it. Malformed placeholders (no
/// digits, digits out of range, no closing character) count as plain text.
pub(crate) fn next_placeholder(text: &str) -> Option<(&str, usize, &str)> {
    let mut search = 0;
    while let Some(offset) = text.get(search..)?.find(OPEN) {
        let open = search + offset;
        let digits_start = open + OPEN.len_utf8();
        let after = text.get(digits_start..)?;
        let digits_len = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after.get(..digits_len)?.parse::<usize>();
        let rest = after.get(digits_len..)?.strip_prefix(CLOSE);
        if let (Ok(index), Some(rest)) = (index, rest) {
            return Some((text.get(..open)?, index, rest));
        }
        search = digits_start;
    }
    None
}

/// Where a placeholder sits, which decides what its replacement must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceholderContext {
    /// The replacement is inserted as raw HTML (text, code, HTML blocks).
    Html,
    /// The placeholder sits in a link or image destination or title (or in
    /// an image's alt text or an autolink): the replacement is plain text,
    /// inserted into the attribute and escaped like any other URL or text.
    Url,
}

/// A piece of text split at its placeholders.
pub(super) enum Segment<'t> {
    Text(&'t str),
    Placeholder(usize),
}

/// Splits text at well-formed placeholders; malformed ones stay text.
pub(super) fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some((before, index, after)) = next_placeholder(rest) {
        if !before.is_empty() {
            segments.push(Segment::Text(before));
        }
        segments.push(Segment::Placeholder(index));
        rest = after;
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest));
    }
    segments
}

pub(super) fn has_placeholder(text: &str) -> bool {
    next_placeholder(text).is_some()
}

#[cfg(test)]
mod tests;
