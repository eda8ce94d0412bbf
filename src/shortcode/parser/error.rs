//! What can be wrong with shortcode syntax or pairing, and how each problem reads as a
//! [`Diagnostic`].

use std::borrow::Cow;

use crate::diagnostics::{Code, Diagnostic, Span};

use super::ast::Delimiter;
use super::tree::MAX_NESTING;

/// A problem with shortcode syntax or pairing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShortcodeError {
    /// A tag opener without the matching end of the tag.
    #[error("unterminated shortcode tag")]
    UnterminatedTag {
        /// The opener's delimiter.
        delimiter: Delimiter,
        /// From the opener to the end of its line, or to where the next tag starts.
        span: Span,
    },
    /// `{{</*` without `*/>}}`.
    #[error("unterminated escaped shortcode")]
    UnterminatedEscape {
        /// The escape's delimiter.
        delimiter: Delimiter,
        /// From `{{</*` to the end of its line.
        span: Span,
    },
    /// A tag with no name.
    #[error("missing shortcode name")]
    MissingName {
        /// The tag's opener.
        span: Span,
    },
    /// A name with characters a name cannot have.
    #[error("invalid shortcode name `{name}`")]
    InvalidName {
        /// The name as written.
        name: String,
        /// The name as written.
        span: Span,
    },
    /// A tag opened with one delimiter and ended with the other, like `{{< x %}}`.
    #[error("shortcode tag opened with `{}` ends with `{}`", .expected.opener(), .expected.other().closer())]
    MismatchedDelimiter {
        /// The delimiter the tag was opened with.
        expected: Delimiter,
        /// The wrong end of the tag.
        span: Span,
    },
    /// A quoted or raw string without its closing quote.
    #[error("unterminated string")]
    UnterminatedString {
        /// From the opening quote to the end of its line.
        span: Span,
    },
    /// A backslash escape other than `\"`, `\\`, `\n` and `\t`.
    #[error("invalid escape `{sequence}` in string")]
    InvalidEscape {
        /// The backslash and the character after it.
        sequence: String,
        /// The backslash and the character after it.
        span: Span,
    },
    /// `key=` followed by whitespace or the end of the tag.
    #[error("missing value for argument `{key}`")]
    MissingValue {
        /// The argument's key.
        key: String,
        /// The `key=`.
        span: Span,
    },
    /// A character that cannot appear where it was found.
    #[error("unexpected character `{character}` in shortcode tag")]
    UnexpectedCharacter {
        /// The character.
        character: char,
        /// The character.
        span: Span,
    },
    /// A closing tag with no open shortcode of that name.
    #[error("unexpected closing tag for shortcode `{name}`")]
    UnexpectedClose {
        /// The name in the closing tag.
        name: String,
        /// The closing tag's delimiter.
        delimiter: Delimiter,
        /// The whole closing tag.
        span: Span,
    },
    /// Shortcodes nest deeper than [`MAX_NESTING`]; the tags of this one and of every deeper
    /// one are kept as text, their contents stay.
    #[error("shortcodes nested more than {MAX_NESTING} deep")]
    TooDeep {
        /// The shortcode's name.
        name: String,
        /// The opening tag that went too deep.
        span: Span,
    },
    /// A warning: a shortcode that needs a body had no closing tag, so its body ends where its
    /// enclosing block (or the file) ends.
    #[error("unclosed shortcode `{name}`")]
    Unclosed {
        /// The shortcode's name.
        name: String,
        /// The opening tag's delimiter.
        delimiter: Delimiter,
        /// The whole opening tag.
        open_span: Span,
        /// Byte offset where the body was ended.
        closed_at: usize,
    },
}

impl ShortcodeError {
    /// Where the problem is.
    pub fn span(&self) -> Span {
        match self {
            ShortcodeError::UnterminatedTag { span, .. }
            | ShortcodeError::UnterminatedEscape { span, .. }
            | ShortcodeError::MissingName { span }
            | ShortcodeError::InvalidName { span, .. }
            | ShortcodeError::MismatchedDelimiter { span, .. }
            | ShortcodeError::UnterminatedString { span }
            | ShortcodeError::InvalidEscape { span, .. }
            | ShortcodeError::MissingValue { span, .. }
            | ShortcodeError::UnexpectedCharacter { span, .. }
            | ShortcodeError::UnexpectedClose { span, .. }
            | ShortcodeError::TooDeep { span, .. } => *span,
            ShortcodeError::Unclosed { open_span, .. } => *open_span,
        }
    }

    /// The kind of problem; its severity says whether this is an error or a warning.
    pub fn code(&self) -> Code {
        match self {
            ShortcodeError::UnterminatedTag { .. } => Code::UnterminatedShortcodeTag,
            ShortcodeError::UnterminatedEscape { .. } => Code::UnterminatedShortcodeEscape,
            ShortcodeError::MissingName { .. } => Code::MissingShortcodeName,
            ShortcodeError::InvalidName { .. } => Code::InvalidShortcodeName,
            ShortcodeError::MismatchedDelimiter { .. } => Code::MismatchedShortcodeDelimiter,
            ShortcodeError::UnterminatedString { .. } => Code::UnterminatedShortcodeString,
            ShortcodeError::InvalidEscape { .. } => Code::InvalidShortcodeEscape,
            ShortcodeError::MissingValue { .. } => Code::MissingShortcodeValue,
            ShortcodeError::UnexpectedCharacter { .. } => Code::UnexpectedShortcodeCharacter,
            ShortcodeError::UnexpectedClose { .. } => Code::UnexpectedClosingTag,
            ShortcodeError::TooDeep { .. } => Code::ShortcodesTooDeep,
            ShortcodeError::Unclosed { .. } => Code::UnclosedShortcode,
        }
    }
}

impl From<ShortcodeError> for Diagnostic {
    fn from(error: ShortcodeError) -> Diagnostic {
        let diagnostic = Diagnostic::new(error.code(), error.to_string())
            .at(error.span())
            .with_label(error.label());
        let diagnostic = match error.note() {
            Some((span, note)) => diagnostic.with_note(span, note),
            None => diagnostic,
        };
        match error.help() {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }
}

impl ShortcodeError {
    /// What the primary span shows.
    fn label(&self) -> Cow<'static, str> {
        match self {
            ShortcodeError::UnterminatedTag { .. } => "this tag is never closed".into(),
            ShortcodeError::TooDeep { .. } => {
                "this one goes too deep; it and the deeper ones are shown as text".into()
            }
            ShortcodeError::UnterminatedEscape { .. } => "this escape is never closed".into(),
            ShortcodeError::MissingName { .. } => "expected a shortcode name after this".into(),
            ShortcodeError::InvalidName { .. } => "not a valid name".into(),
            ShortcodeError::MismatchedDelimiter { expected, .. } => {
                format!("expected `{}`", expected.closer()).into()
            }
            ShortcodeError::UnterminatedString { .. } => "string starts here".into(),
            ShortcodeError::InvalidEscape { .. } => "unknown escape".into(),
            ShortcodeError::MissingValue { .. } => "expected a value after `=`".into(),
            ShortcodeError::UnexpectedCharacter { .. } => "not expected here".into(),
            ShortcodeError::UnexpectedClose { name, .. } => {
                format!("no open `{name}` shortcode").into()
            }
            ShortcodeError::Unclosed { .. } => "opened here".into(),
        }
    }

    /// A second place worth showing: where an unclosed shortcode's body was ended.
    fn note(&self) -> Option<(Span, String)> {
        match self {
            ShortcodeError::Unclosed {
                name,
                open_span,
                closed_at,
                ..
            } => Some((
                Span::new(open_span.file, *closed_at..*closed_at),
                format!("`{name}` ends here, with its enclosing block"),
            )),
            _ => None,
        }
    }

    /// How to fix the problem, when there is more to say than the message.
    fn help(&self) -> Option<Cow<'static, str>> {
        let help: Cow<'static, str> = match self {
            ShortcodeError::UnterminatedTag { delimiter, .. } => {
                format!("close the tag with `{}`", delimiter.closer()).into()
            }
            ShortcodeError::TooDeep { .. } => "close shortcodes before opening new ones".into(),
            ShortcodeError::UnterminatedEscape { delimiter, .. } => {
                format!("end the escaped tag with `*/{}`", delimiter.closer()).into()
            }
            ShortcodeError::MissingName { .. } => {
                "write the name first, as in `{{< figure src=\"a.png\" >}}`".into()
            }
            ShortcodeError::InvalidName { .. } => {
                "a name starts with a letter or digit and holds only letters, digits, `_`, `-` and `.`"
                    .into()
            }
            ShortcodeError::MismatchedDelimiter { .. } => {
                "end a `{{<` tag with `>}}` and a `{{%` tag with `%}}`".into()
            }
            ShortcodeError::UnterminatedString { .. } => {
                "close the string on the same line, or use a backtick string for text that spans lines"
                    .into()
            }
            ShortcodeError::InvalidEscape { .. } => {
                "the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`; a backtick string takes backslashes as they are"
                    .into()
            }
            ShortcodeError::MissingValue { key, .. } => {
                format!("for an empty value write `{key}=\"\"`").into()
            }
            ShortcodeError::UnexpectedCharacter { character, .. } => match character {
                '"' | '`' | '=' => {
                    "quote a value that holds quotes or `=`, and put whitespace between arguments"
                        .into()
                }
                _ => return None,
            },
            ShortcodeError::UnexpectedClose {
                name, delimiter, ..
            } => format!(
                "check the name for a typo; to show the tag as text, write `{}/* /{name} */{}`",
                delimiter.opener(),
                delimiter.closer()
            )
            .into(),
            ShortcodeError::Unclosed {
                name, delimiter, ..
            } => format!(
                "add `{} /{name} {}` where the block should end",
                delimiter.opener(),
                delimiter.closer()
            )
            .into(),
        };
        Some(help)
    }
}

#[cfg(test)]
mod tests;
