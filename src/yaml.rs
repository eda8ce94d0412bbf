//! YAML parsing with positions that point into the file the YAML came from.
//!
//! Configuration, front matter and data files are all YAML; this module is the one place that
//! calls the deserializer, so they share the same limits (no alias bombs, no duplicate keys) and
//! the same mapping from the deserializer's line/column to a [`Span`] in the [`SourceMap`].
//! Front matter is YAML embedded in Markdown: callers pass where the block starts and positions
//! are shifted accordingly.

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, Location, MessageFormatter};

use crate::diagnostics::{Diagnostic, FileId, SourceMap, Span};

/// Deserializes the YAML in `file` starting at byte `block_start` up to the end of `block_end`
/// (exclusive), reporting errors at their position in the file.
pub fn parse_block<T: DeserializeOwned>(
    sources: &SourceMap,
    file: FileId,
    block_start: usize,
    block_end: usize,
) -> Result<T, Diagnostic> {
    let text = &sources.get(file).text[block_start..block_end];
    serde_saphyr::from_str::<T>(text).map_err(|error| {
        let message = DefaultMessageFormatter
            .format_message(error.without_snippet())
            .into_owned();
        let diagnostic = Diagnostic::error(crate::diagnostics::message_case(&message));
        match error.location() {
            Some(location) => diagnostic.at(span_at(sources, file, block_start, &location)),
            None => diagnostic.at(Span::new(file, block_start..block_start)),
        }
    })
}

/// Deserializes a whole YAML file (`block_start` is where the YAML starts, normally 0).
pub fn parse_spanned<T: DeserializeOwned>(
    sources: &SourceMap,
    file: FileId,
    block_start: usize,
) -> Result<T, Diagnostic> {
    parse_block(sources, file, block_start, sources.get(file).text.len())
}

/// The span in `file` of a deserializer location inside a YAML block starting at `block_start`.
///
/// Unknown locations (values synthesised by serde defaults) map to the start of the block.
pub fn span_at(sources: &SourceMap, file: FileId, block_start: usize, location: &Location) -> Span {
    let source = sources.get(file);
    if location.line() == 0 {
        return Span::new(file, block_start..block_start);
    }
    let (base_line, _) = source.line_col(block_start);
    let line = base_line + location.line() as usize - 1;
    let start = source.offset_of(line, location.column() as usize);
    let end = match location.span().byte_len() {
        Some(length) if length > 0 => (start + length as usize).min(source.text.len()),
        _ => token_end(&source.text, start),
    };
    Span::new(file, start..end)
}

/// The end of the YAML token starting at `start`: up to the next whitespace, comma or bracket.
fn token_end(text: &str, start: usize) -> usize {
    text[start..]
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
        .map_or(text.len(), |length| start + length.max(1))
        .min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        port: u16,
    }

    #[test]
    fn errors_point_into_the_enclosing_file() {
        let mut sources = SourceMap::new();
        let text = "---\nport: 70000\n---\nbody";
        let file = sources.add("page.md", text);
        let error = parse_block::<Doc>(&sources, file, 4, 16).unwrap_err();
        let span = error.span().unwrap();
        assert_eq!(&text[span.range()], "70000");
        assert_eq!(sources.get(file).line_col(span.start), (2, 7));
        assert!(!error.message.contains("line"), "{}", error.message);
    }

    #[test]
    fn unknown_field_is_reported_at_the_key() {
        let mut sources = SourceMap::new();
        let text = "port: 1\nprot: 2\n";
        let file = sources.add("x.yaml", text);
        let error = parse_spanned::<Doc>(&sources, file, 0).unwrap_err();
        assert_eq!(&text[error.span().unwrap().range()], "prot");
    }
}
