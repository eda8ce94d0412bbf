//! YAML parsing with positions that point into the file the YAML came from.
//!
//! Configuration, front matter and data files are all YAML; this module is the one place that
//! calls the deserializer, so they share the same limits (no alias bombs, no duplicate keys) and
//! the same mapping from the deserializer's line/column to a [`Span`] in the [`SourceMap`].
//! Errors are in tafel's words; a duplicate key names both places it is written.
//! Front matter is YAML embedded in Markdown: callers pass where the block starts and positions
//! are shifted accordingly.

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, Location, MessageFormatter};

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};

/// Deserializes the YAML in `file` starting at byte `block_start` up to the end of `block_end`
/// (exclusive), reporting errors at their position in the file.
pub(crate) fn parse_block<T: DeserializeOwned>(
    sources: &SourceMap,
    file: FileId,
    block_start: usize,
    block_end: usize,
) -> Result<T, Diagnostic> {
    let text = &sources.get(file).text()[block_start..block_end];
    serde_saphyr::from_str::<T>(text).map_err(|error| {
        if let serde_saphyr::Error::DuplicateMappingKey { key, location } = error.without_snippet()
        {
            let duplicate = span_at(sources, file, block_start, location);
            return duplicate_key(key.as_deref(), duplicate, text, block_start);
        }
        let message = DefaultMessageFormatter
            .format_message(error.without_snippet())
            .into_owned();
        let diagnostic = Diagnostic::new(
            code_of(error.without_snippet()),
            crate::diagnostics::message_case(&message),
        );
        match error.location() {
            Some(location) => {
                let span = span_at(sources, file, block_start, &location);
                let diagnostic = diagnostic.at(span);
                let source = sources.get(file);
                let line = source.line_col(span.start).0;
                match quoting_help(source.line(line)) {
                    Some(help) => diagnostic.with_help(help),
                    None => diagnostic,
                }
            }
            None => diagnostic.at(Span::new(file, block_start..block_start)),
        }
    })
}

/// Advice for a line whose value YAML reads as something other than the text it looks like,
/// because it starts with a character that means something to YAML (`title: [Beta] Install`
/// starts a list): quote it. `None` for values that do not start with one.
fn quoting_help(line: &str) -> Option<String> {
    let line = line.trim();
    let item = line.strip_prefix("- ").unwrap_or(line).trim_start();
    let (key, value) = match item.split_once(": ") {
        Some((key, value)) if !key.contains(['"', '\'', '[', '{']) => (Some(key), value.trim()),
        _ => (None, item),
    };
    let first = value.chars().next()?;
    let meaning = match first {
        '[' => "the start of a list",
        '{' => "the start of a mapping",
        '*' => "a reference to an anchor",
        '&' => "an anchor",
        '!' => "a tag",
        '|' | '>' => "the start of a block of text",
        '@' | '`' => "reserved",
        '%' => "a directive",
        _ => return None,
    };
    let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    let fixed = match key {
        Some(key) => format!("{key}: {quoted}"),
        None => quoted,
    };
    Some(format!(
        "YAML reads `{first}` at the start of a value as {meaning}; if this is text, put it in quotes: {fixed}"
    ))
}

/// The kind of problem a deserializer error is.
fn code_of(error: &serde_saphyr::Error) -> Code {
    use serde_saphyr::Error;
    match error {
        Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => code_of(error),
        Error::DuplicateMappingKey { .. } => Code::DuplicateYamlKey,
        Error::SerdeUnknownField { .. } => Code::UnknownField,
        Error::SerdeMissingField { .. } => Code::MissingField,
        Error::SerdeInvalidType { .. }
        | Error::SerdeInvalidValue { .. }
        | Error::SerdeInvalidLength { .. }
        | Error::SerdeUnknownVariant { .. }
        | Error::SerdeVariantId { .. }
        | Error::TaggedEnumMismatch { .. }
        | Error::InvalidScalar { .. }
        | Error::InvalidBooleanStrict { .. }
        | Error::InvalidCharNull { .. }
        | Error::InvalidCharNotSingleScalar { .. }
        | Error::NullIntoString { .. }
        | Error::NonFiniteFloat { .. } => Code::InvalidYamlValue,
        Error::Budget { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => Code::YamlLimit,
        _ => Code::YamlSyntax,
    }
}

/// The error for a key written twice in one mapping, pointing at both.
///
/// The deserializer only knows where the second key is; the first is found by parsing the block
/// (`yaml`, which starts at `block_start` in the file) again.
fn duplicate_key(key: Option<&str>, duplicate: Span, yaml: &str, block_start: usize) -> Diagnostic {
    let message = match key {
        Some(key) => format!("duplicate key `{key}`"),
        None => "duplicate key".to_owned(),
    };
    let diagnostic = Diagnostic::new(Code::DuplicateYamlKey, message)
        .at(duplicate)
        .with_label("written again here")
        .with_help("remove one of them");
    match first_occurrence(yaml, duplicate.start - block_start) {
        Some(first) => diagnostic.with_note(
            Span::new(
                duplicate.file,
                first.start + block_start..first.end + block_start,
            ),
            "first written here",
        ),
        None => diagnostic,
    }
}

/// The byte range of the first key equal to the scalar key starting at byte `duplicate` of
/// `yaml`, in the same mapping; `None` when there is no such key (or the YAML does not parse).
///
/// Only keys of the very mapping count: `code` in two list items is not a duplicate.
fn first_occurrence(yaml: &str, duplicate: usize) -> Option<std::ops::Range<usize>> {
    use serde_saphyr::granit_parser::{Event, Parser};

    /// An open collection; a mapping alternates between expecting a key and a value and keeps
    /// the scalar keys it has seen.
    enum Open {
        Sequence,
        Mapping {
            expects_key: bool,
            keys: Vec<(String, std::ops::Range<usize>)>,
        },
    }
    let mut open: Vec<Open> = Vec::new();
    for next in Parser::new_from_str(yaml) {
        let (event, span) = next.ok()?;
        if !event.is_node() {
            if matches!(event, Event::SequenceEnd | Event::MappingEnd) {
                open.pop();
            }
            continue;
        }
        if let Some(Open::Mapping { expects_key, keys }) = open.last_mut() {
            let is_key = std::mem::replace(expects_key, !*expects_key);
            if let (true, Event::Scalar(value, ..)) = (is_key, &event) {
                let range = span.byte_range()?;
                if range.start == duplicate {
                    return keys
                        .iter()
                        .find(|(key, _)| key == value)
                        .map(|(_, first)| first.clone());
                }
                keys.push((value.to_string(), range));
            }
        }
        match event {
            Event::SequenceStart(..) => open.push(Open::Sequence),
            Event::MappingStart(..) => open.push(Open::Mapping {
                expects_key: true,
                keys: Vec::new(),
            }),
            _ => {}
        }
    }
    None
}

/// Deserializes a whole YAML file (`block_start` is where the YAML starts, normally 0).
pub(crate) fn parse_spanned<T: DeserializeOwned>(
    sources: &SourceMap,
    file: FileId,
    block_start: usize,
) -> Result<T, Diagnostic> {
    parse_block(sources, file, block_start, sources.get(file).text().len())
}

/// The span in `file` of a deserializer location inside a YAML block starting at `block_start`.
///
/// Unknown locations (values synthesised by serde defaults) map to the start of the block.
pub(crate) fn span_at(
    sources: &SourceMap,
    file: FileId,
    block_start: usize,
    location: &Location,
) -> Span {
    let source = sources.get(file);
    if location.line() == 0 {
        return Span::new(file, block_start..block_start);
    }
    let (base_line, _) = source.line_col(block_start);
    let line = base_line + location.line() as usize - 1;
    let start = source.offset_of(line, location.column() as usize);
    let end = match location.span().byte_len() {
        Some(length) if length > 0 => (start + length as usize).min(source.text().len()),
        _ => token_end(source.text(), start),
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
        assert_eq!(error.code, Code::InvalidYamlValue);
        let span = error.span().unwrap();
        assert_eq!(&text[span.range()], "70000");
        assert_eq!(sources.get(file).line_col(span.start), (2, 7));
        assert!(!error.message.contains("line"), "{}", error.message);
    }

    /// The text under the primary span and under each note of a parse error.
    fn duplicate_spans(text: &str, block_start: usize) -> (Diagnostic, Vec<(usize, usize)>) {
        let mut sources = SourceMap::new();
        let file = sources.add("x.yaml", text);
        let error = parse_spanned::<serde_json::Value>(&sources, file, block_start).unwrap_err();
        let positions = std::iter::once(error.span().unwrap())
            .chain(error.notes.iter().map(|note| note.span))
            .map(|span| sources.get(file).line_col(span.start))
            .collect();
        (error, positions)
    }

    #[test]
    fn a_value_that_starts_like_yaml_syntax_gets_advice_to_quote_it() {
        let mut sources = SourceMap::new();
        let text = "---\ntitle: [Beta] \"Install\"\n---\n";
        let file = sources.add("page.md", text);
        let error = parse_block::<serde_json::Value>(&sources, file, 4, text.len() - 4)
            .map(|value| panic!("parsed as {value}"))
            .unwrap_err();
        assert_eq!(
            error.help.as_deref(),
            Some(
                "YAML reads `[` at the start of a value as the start of a list; if this is \
                 text, put it in quotes: title: \"[Beta] \\\"Install\\\"\""
            )
        );
        let other = sources.add("b.md", "port: x\n");
        let plain = parse_block::<Doc>(&sources, other, 0, 8);
        assert_eq!(plain.unwrap_err().help, None);
    }

    #[test]
    fn a_duplicate_key_points_at_both_places() {
        let (error, positions) = duplicate_spans("title: A\nweight: 1\ntitle: B\n", 0);
        assert_eq!(error.code, Code::DuplicateYamlKey);
        assert_eq!(error.help.as_deref(), Some("remove one of them"));
        assert_eq!(positions, [(3, 1), (1, 1)]);
    }

    #[test]
    fn duplicates_are_found_in_their_own_mapping() {
        // `code` appears in both list items and at the top; only the second `name` inside the
        // second item is a duplicate.
        let text = "code: x\nlanguages:\n  - code: de\n    name: D\n  - code: en\n    name: E\n    name: F\n";
        let (error, positions) = duplicate_spans(text, 0);
        assert_eq!(error.code, Code::DuplicateYamlKey);
        assert_eq!(positions, [(7, 5), (6, 5)]);

        let text = "a:\n  b: 1\nc:\n  d: 2\n  b: 3\n  d: 4\n";
        let (_, positions) = duplicate_spans(text, 0);
        assert_eq!(positions, [(6, 3), (4, 3)]);
    }

    #[test]
    fn duplicates_in_flow_mappings_and_with_quotes() {
        let (_, positions) = duplicate_spans("x: {a: 1, b: {a: 2}, a: 3}\n", 0);
        assert_eq!(positions, [(1, 22), (1, 5)]);
        let (error, positions) = duplicate_spans("'key': 1\nkey: 2\n", 0);
        assert_eq!(error.code, Code::DuplicateYamlKey);
        assert_eq!(positions, [(2, 1), (1, 1)]);
    }

    #[test]
    fn duplicate_keys_in_an_embedded_block_point_into_the_file() {
        let text = "---\ntitle: A\nparams:\n  x: 1\n  x: 2\n---\nbody";
        let mut sources = SourceMap::new();
        let file = sources.add("page.md", text);
        let error = parse_block::<serde_json::Value>(&sources, file, 4, 35).unwrap_err();
        let positions: Vec<_> = std::iter::once(error.span().unwrap())
            .chain(error.notes.iter().map(|note| note.span))
            .map(|span| (sources.get(file).line_col(span.start), &text[span.range()]))
            .collect();
        assert_eq!(positions, [((5, 3), "x"), ((4, 3), "x")]);
    }

    #[test]
    fn unknown_field_is_reported_at_the_key() {
        let mut sources = SourceMap::new();
        let text = "port: 1\nprot: 2\n";
        let file = sources.add("x.yaml", text);
        let error = parse_spanned::<Doc>(&sources, file, 0).unwrap_err();
        assert_eq!(error.code, Code::UnknownField);
        assert_eq!(&text[error.span().unwrap().range()], "prot");
    }
}
