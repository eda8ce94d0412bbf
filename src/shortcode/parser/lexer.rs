//! The first pass of a parse: splits a page's text into text, escapes and tags, each with its
//! span, and reports malformed tags.
//!
//! It does not pair tags; an opening tag and its closing tag are separate items here, and
//! `tree` matches them up.

use crate::diagnostics::{FileId, Span};

use super::ast::{Arg, Delimiter, Shortcode};
use super::error::ShortcodeError;

/// Splits `text`, the contents of `file`, into items in source order. A malformed tag is
/// reported and stays part of the text around it.
pub(super) fn lex(file: FileId, text: &str) -> (Vec<Item>, Vec<ShortcodeError>) {
    let lexer = Lexer {
        file,
        text,
        bytes: text.as_bytes(),
    };
    lexer.run()
}

/// A flat piece of source, before pairing.
pub(super) enum Item {
    Text(Span),
    Literal {
        text: String,
        span: Span,
    },
    Open(Shortcode),
    SelfClosing(Shortcode),
    Close {
        name: String,
        delimiter: Delimiter,
        span: Span,
    },
}

/// A lexical error and where to start looking for the end of the broken tag.
struct Failure {
    error: ShortcodeError,
    resume_from: usize,
}

const CLOSERS: [&[u8]; 2] = [b">}}", b"%}}"];
const OPENERS: [&[u8]; 2] = [b"{{<", b"{{%"];

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.')
}

fn is_key_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-')
}

/// Splits the text into text, escapes and tags. Every position it stops at is an ASCII byte or
/// the end of the text, which keeps all spans on character boundaries.
struct Lexer<'a> {
    file: FileId,
    text: &'a str,
    bytes: &'a [u8],
}

impl Lexer<'_> {
    fn run(&self) -> (Vec<Item>, Vec<ShortcodeError>) {
        let mut items = Vec::new();
        let mut errors = Vec::new();
        let mut text_start = 0;
        let mut search_from = 0;
        while let Some(found) = self.find_any(search_from, &[b"{{"]) {
            let delimiter = match self.bytes.get(found + 2) {
                Some(b'<') => Delimiter::Html,
                Some(b'%') => Delimiter::Markdown,
                _ => {
                    search_from = found + 1;
                    continue;
                }
            };
            match self.tag(found, delimiter) {
                Ok((item, end)) => {
                    if text_start < found {
                        items.push(Item::Text(self.span(text_start, found)));
                    }
                    items.push(item);
                    text_start = end;
                    search_from = end;
                }
                Err(failure) => {
                    // The broken tag stays part of the surrounding text.
                    search_from = self.resync(failure.resume_from).max(found + 1);
                    errors.push(failure.error);
                }
            }
        }
        if text_start < self.text.len() {
            items.push(Item::Text(self.span(text_start, self.text.len())));
        }
        (items, errors)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start..end)
    }

    fn starts_with(&self, position: usize, needle: &[u8]) -> bool {
        self.bytes
            .get(position..)
            .is_some_and(|rest| rest.starts_with(needle))
    }

    fn find_any(&self, from: usize, needles: &[&[u8]]) -> Option<usize> {
        let matches = |position: usize| {
            needles
                .iter()
                .any(|needle| self.starts_with(position, needle))
        };
        // Candidates are where a needle's first byte is: found with memchr, since most of a
        // page is text without any.
        let firsts: Option<[u8; 2]> = match needles {
            [one] => one.first().map(|&byte| [byte, byte]),
            [one, two] => one.first().zip(two.first()).map(|(&a, &b)| [a, b]),
            _ => None,
        };
        let Some([a, b]) = firsts else {
            return (from..self.bytes.len()).find(|&position| matches(position));
        };
        let mut at = from;
        while let Some(found) = self
            .bytes
            .get(at..)
            .and_then(|rest| memchr::memchr2(a, b, rest))
        {
            let position = at + found;
            if matches(position) {
                return Some(position);
            }
            at = position + 1;
        }
        None
    }

    /// Where a broken tag's text ends: after the next end of a tag, unless another tag starts
    /// first, so that one gets parsed on its own.
    fn resync(&self, from: usize) -> usize {
        let close = self.find_any(from, &CLOSERS);
        let open = self.find_any(from, &OPENERS);
        match (close, open) {
            (Some(close), Some(open)) if close < open => close + 3,
            (Some(close), None) => close + 3,
            (_, Some(open)) => open,
            (None, None) => self.text.len(),
        }
    }

    fn skip_whitespace(&self, mut position: usize) -> usize {
        while self.bytes.get(position).copied().is_some_and(is_whitespace) {
            position += 1;
        }
        position
    }

    fn closer_at(&self, position: usize) -> Option<Delimiter> {
        if self.starts_with(position, b">}}") {
            Some(Delimiter::Html)
        } else if self.starts_with(position, b"%}}") {
            Some(Delimiter::Markdown)
        } else {
            None
        }
    }

    fn opener_at(&self, position: usize) -> bool {
        OPENERS
            .iter()
            .any(|opener| self.starts_with(position, opener))
    }

    fn at_tag_end(&self, position: usize) -> bool {
        self.closer_at(position).is_some()
            || (self.bytes.get(position) == Some(&b'/') && self.closer_at(position + 1).is_some())
    }

    /// Whether a name or value may end here.
    fn at_separator(&self, position: usize) -> bool {
        match self.bytes.get(position) {
            None => true,
            Some(&byte) => {
                is_whitespace(byte) || self.at_tag_end(position) || self.opener_at(position)
            }
        }
    }

    fn char_at(&self, position: usize) -> Option<char> {
        self.text.get(position..)?.chars().next()
    }

    fn unexpected_character(&self, position: usize) -> Failure {
        let character = self.char_at(position).unwrap_or('\u{fffd}');
        Failure {
            error: ShortcodeError::UnexpectedCharacter {
                character,
                span: self.span(position, position + character.len_utf8()),
            },
            resume_from: position,
        }
    }

    /// End of the line holding `start`, at most `limit`, without trailing whitespace.
    fn line_end(&self, start: usize, limit: usize) -> usize {
        let minimum = (start + 3).min(self.text.len());
        let mut end = self
            .find_any(minimum, &[b"\n"])
            .unwrap_or(self.text.len())
            .min(limit)
            .max(minimum);
        while end > minimum && self.bytes.get(end - 1).copied().is_some_and(is_whitespace) {
            end -= 1;
        }
        end
    }

    /// Fails when the tag starting at `start` has run out of text or into another tag.
    fn expect_more(
        &self,
        start: usize,
        delimiter: Delimiter,
        position: usize,
    ) -> Result<(), Failure> {
        if position < self.text.len() && !self.opener_at(position) {
            return Ok(());
        }
        Err(Failure {
            error: ShortcodeError::UnterminatedTag {
                delimiter,
                span: self.span(start, self.line_end(start, position)),
            },
            resume_from: position,
        })
    }

    /// The end of the tag at `position` if it is there, after checking it fits the opener.
    fn end_of_tag(&self, position: usize, delimiter: Delimiter) -> Result<Option<usize>, Failure> {
        match self.closer_at(position) {
            Some(found) if found == delimiter => Ok(Some(position + 3)),
            Some(_) => Err(Failure {
                error: ShortcodeError::MismatchedDelimiter {
                    expected: delimiter,
                    span: self.span(position, position + 3),
                },
                resume_from: position,
            }),
            None => Ok(None),
        }
    }

    fn tag(&self, start: usize, delimiter: Delimiter) -> Result<(Item, usize), Failure> {
        if self.starts_with(start + 3, b"/*") {
            return self.escaped(start, delimiter);
        }
        let mut cursor = self.skip_whitespace(start + 3);
        self.expect_more(start, delimiter, cursor)?;
        let closing = self.bytes.get(cursor) == Some(&b'/');
        if closing {
            cursor = self.skip_whitespace(cursor + 1);
            self.expect_more(start, delimiter, cursor)?;
        }
        let (name, name_span) = self.name(start, cursor)?;
        cursor = name_span.end;

        if closing {
            cursor = self.skip_whitespace(cursor);
            self.expect_more(start, delimiter, cursor)?;
            return match self.end_of_tag(cursor, delimiter)? {
                Some(end) => Ok((
                    Item::Close {
                        name,
                        delimiter,
                        span: self.span(start, end),
                    },
                    end,
                )),
                None => Err(self.unexpected_character(cursor)),
            };
        }

        let mut args = Vec::new();
        loop {
            cursor = self.skip_whitespace(cursor);
            self.expect_more(start, delimiter, cursor)?;
            let (self_closing, end) = if let Some(end) = self.end_of_tag(cursor, delimiter)? {
                (false, end)
            } else if self.bytes.get(cursor) == Some(&b'/')
                && let Some(end) = self.end_of_tag(cursor + 1, delimiter)?
            {
                (true, end)
            } else {
                let arg = self.argument(start, delimiter, cursor)?;
                cursor = arg.span.end;
                args.push(arg);
                continue;
            };
            let shortcode = Shortcode {
                name,
                name_span,
                delimiter,
                args,
                open_span: self.span(start, end),
                close_span: None,
                body: None,
            };
            let item = if self_closing {
                Item::SelfClosing(shortcode)
            } else {
                Item::Open(shortcode)
            };
            return Ok((item, end));
        }
    }

    fn escaped(&self, start: usize, delimiter: Delimiter) -> Result<(Item, usize), Failure> {
        let content_start = start + 5;
        let marker: &[u8] = match delimiter {
            Delimiter::Html => b"*/>}}",
            Delimiter::Markdown => b"*/%}}",
        };
        let Some(content_end) = self.find_any(content_start, &[marker]) else {
            return Err(Failure {
                error: ShortcodeError::UnterminatedEscape {
                    delimiter,
                    span: self.span(start, self.line_end(start, self.text.len())),
                },
                resume_from: content_start,
            });
        };
        let content = self
            .text
            .get(content_start..content_end)
            .unwrap_or_default();
        let end = content_end + marker.len();
        let text = format!("{}{content}{}", delimiter.opener(), delimiter.closer());
        let span = self.span(start, end);
        Ok((Item::Literal { text, span }, end))
    }

    fn name(&self, start: usize, position: usize) -> Result<(String, Span), Failure> {
        // Hugo's names: `_param` (a theme's internal shortcode) and `blocks/cover` (one in a
        // folder of `shortcodes/`) are names too.
        let valid_start = self
            .bytes
            .get(position)
            .is_some_and(|&byte| byte.is_ascii_alphanumeric() || byte == b'_');
        if !valid_start && self.at_tag_end(position) {
            return Err(Failure {
                error: ShortcodeError::MissingName {
                    span: self.span(start, start + 3),
                },
                resume_from: position,
            });
        }
        let mut end = position;
        if valid_start {
            loop {
                match self.bytes.get(end).copied() {
                    Some(byte) if is_name_byte(byte) => end += 1,
                    // A folder separator, unless it starts the tag's end (`{{< icon/>}}`).
                    Some(b'/') if !self.at_tag_end(end) => end += 1,
                    _ => break,
                }
            }
        }
        let name = self.text.get(position..end).unwrap_or_default();
        let well_formed = !name.ends_with('/') && !name.contains("//") && !name.contains("/.");
        if !valid_start || !well_formed || !self.at_separator(end) {
            let token_end = self.token_end(position);
            return Err(Failure {
                error: ShortcodeError::InvalidName {
                    name: self
                        .text
                        .get(position..token_end)
                        .unwrap_or_default()
                        .to_owned(),
                    span: self.span(position, token_end),
                },
                resume_from: token_end,
            });
        }
        let name = self.text.get(position..end).unwrap_or_default().to_owned();
        Ok((name, self.span(position, end)))
    }

    /// End of a whitespace-delimited token, for reporting a bad one whole.
    fn token_end(&self, position: usize) -> usize {
        let first_length = self.char_at(position).map_or(0, char::len_utf8);
        let mut end = position + first_length;
        while end < self.text.len() && !self.at_separator(end) {
            end += 1;
        }
        end
    }

    fn argument(
        &self,
        start: usize,
        delimiter: Delimiter,
        position: usize,
    ) -> Result<Arg, Failure> {
        let mut key_end = position;
        if self.bytes.get(position).copied().is_some_and(is_key_start) {
            while self.bytes.get(key_end).copied().is_some_and(is_key_byte) {
                key_end += 1;
            }
        }
        if key_end > position && self.bytes.get(key_end) == Some(&b'=') {
            let value_start = key_end + 1;
            self.expect_more(start, delimiter, value_start)?;
            let key = self
                .text
                .get(position..key_end)
                .unwrap_or_default()
                .to_owned();
            let missing = self
                .bytes
                .get(value_start)
                .copied()
                .is_some_and(is_whitespace)
                || self.at_tag_end(value_start);
            if missing {
                return Err(Failure {
                    error: ShortcodeError::MissingValue {
                        key,
                        span: self.span(position, value_start),
                    },
                    resume_from: value_start,
                });
            }
            let (value, end) = self.value(value_start)?;
            return Ok(Arg {
                name: Some(key),
                value,
                span: self.span(position, end),
            });
        }
        let (value, end) = self.value(position)?;
        Ok(Arg {
            name: None,
            value,
            span: self.span(position, end),
        })
    }

    fn value(&self, position: usize) -> Result<(String, usize), Failure> {
        let (value, end) = match self.bytes.get(position) {
            Some(b'"') => self.quoted(position)?,
            Some(b'`') => self.raw(position)?,
            _ => return self.bare(position),
        };
        if !self.at_separator(end) {
            return Err(self.unexpected_character(end));
        }
        Ok((value, end))
    }

    fn bare(&self, position: usize) -> Result<(String, usize), Failure> {
        let mut end = position;
        while !self.at_separator(end) {
            if matches!(self.bytes.get(end), Some(b'"' | b'`' | b'=')) {
                return Err(self.unexpected_character(end));
            }
            end += 1;
        }
        if end == position {
            return Err(self.unexpected_character(position));
        }
        let value = self.text.get(position..end).unwrap_or_default().to_owned();
        Ok((value, end))
    }

    fn quoted(&self, quote: usize) -> Result<(String, usize), Failure> {
        let unterminated = |end: usize| Failure {
            error: ShortcodeError::UnterminatedString {
                span: self.span(quote, self.line_end_from(quote, end)),
            },
            resume_from: quote + 1,
        };
        let mut value = String::new();
        let mut segment_start = quote + 1;
        let mut position = quote + 1;
        loop {
            match self.bytes.get(position) {
                None | Some(b'\n') => return Err(unterminated(position)),
                Some(b'"') => {
                    value.push_str(self.text.get(segment_start..position).unwrap_or_default());
                    return Ok((value, position + 1));
                }
                Some(b'\\') => {
                    value.push_str(self.text.get(segment_start..position).unwrap_or_default());
                    let resolved = match self.char_at(position + 1) {
                        None => return Err(unterminated(position + 1)),
                        Some('"') => '"',
                        Some('\\') => '\\',
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some(other) => {
                            let end = position + 1 + other.len_utf8();
                            return Err(Failure {
                                error: ShortcodeError::InvalidEscape {
                                    sequence: self
                                        .text
                                        .get(position..end)
                                        .unwrap_or_default()
                                        .to_owned(),
                                    span: self.span(position, end),
                                },
                                resume_from: end,
                            });
                        }
                    };
                    value.push(resolved);
                    position += 2;
                    segment_start = position;
                }
                Some(_) => position += 1,
            }
        }
    }

    fn raw(&self, quote: usize) -> Result<(String, usize), Failure> {
        match self.find_any(quote + 1, &[b"`"]) {
            Some(end) => {
                let value = self.text.get(quote + 1..end).unwrap_or_default().to_owned();
                Ok((value, end + 1))
            }
            None => Err(Failure {
                error: ShortcodeError::UnterminatedString {
                    span: self.span(quote, self.line_end_from(quote, self.text.len())),
                },
                resume_from: quote + 1,
            }),
        }
    }

    /// Like [`Lexer::line_end`] for a string's opening quote.
    fn line_end_from(&self, quote: usize, limit: usize) -> usize {
        let mut end = self
            .find_any(quote + 1, &[b"\n"])
            .unwrap_or(self.text.len())
            .min(limit);
        while end > quote + 1 && self.bytes.get(end - 1).copied().is_some_and(is_whitespace) {
            end -= 1;
        }
        end.max(quote + 1)
    }
}

#[cfg(test)]
mod tests;
