//! What can be wrong with shortcode syntax or pairing, and how each problem reads as a
//! [`Diagnostic`].

use crate::diagnostics::{Diagnostic, Span};

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

    /// Whether this is a warning rather than an error.
    pub fn is_warning(&self) -> bool {
        matches!(self, ShortcodeError::Unclosed { .. })
    }
}

impl From<ShortcodeError> for Diagnostic {
    fn from(error: ShortcodeError) -> Diagnostic {
        let span = error.span();
        let message = error.to_string();
        match error {
            ShortcodeError::UnterminatedTag { delimiter, .. } => Diagnostic::error(message)
                .at(span)
                .with_label("this tag is never closed")
                .with_help(format!("close the tag with `{}`", delimiter.closer())),
            ShortcodeError::TooDeep { .. } => Diagnostic::error(message)
                .at(span)
                .with_label("this one goes too deep; it and the deeper ones are shown as text")
                .with_help("close shortcodes before opening new ones"),
            ShortcodeError::UnterminatedEscape { delimiter, .. } => Diagnostic::error(message)
                .at(span)
                .with_label("this escape is never closed")
                .with_help(format!("end the escaped tag with `*/{}`", delimiter.closer())),
            ShortcodeError::MissingName { .. } => Diagnostic::error(message)
                .at(span)
                .with_label("expected a shortcode name after this")
                .with_help("write the name first, as in `{{< figure src=\"a.png\" >}}`"),
            ShortcodeError::InvalidName { .. } => Diagnostic::error(message)
                .at(span)
                .with_label("not a valid name")
                .with_help(
                    "a name starts with a letter or digit and holds only letters, digits, `_`, `-` and `.`",
                ),
            ShortcodeError::MismatchedDelimiter { expected, .. } => Diagnostic::error(message)
                .at(span)
                .with_label(format!("expected `{}`", expected.closer()))
                .with_help("end a `{{<` tag with `>}}` and a `{{%` tag with `%}}`"),
            ShortcodeError::UnterminatedString { .. } => Diagnostic::error(message)
                .at(span)
                .with_label("string starts here")
                .with_help(
                    "close the string on the same line, or use a backtick string for text that spans lines",
                ),
            ShortcodeError::InvalidEscape { .. } => Diagnostic::error(message)
                .at(span)
                .with_label("unknown escape")
                .with_help(
                    "the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`; a backtick string takes backslashes as they are",
                ),
            ShortcodeError::MissingValue { key, .. } => Diagnostic::error(message)
                .at(span)
                .with_label("expected a value after `=`")
                .with_help(format!("for an empty value write `{key}=\"\"`")),
            ShortcodeError::UnexpectedCharacter { character, .. } => {
                let diagnostic = Diagnostic::error(message)
                    .at(span)
                    .with_label("not expected here");
                match character {
                    '"' | '`' | '=' => diagnostic.with_help(
                        "quote a value that holds quotes or `=`, and put whitespace between arguments",
                    ),
                    _ => diagnostic,
                }
            }
            ShortcodeError::UnexpectedClose {
                name, delimiter, ..
            } => Diagnostic::error(message)
                .at(span)
                .with_label(format!("no open `{name}` shortcode"))
                .with_help(format!(
                    "check the name for a typo; to show the tag as text, write `{}/* /{name} */{}`",
                    delimiter.opener(),
                    delimiter.closer()
                )),
            ShortcodeError::Unclosed {
                name,
                delimiter,
                open_span,
                closed_at,
            } => Diagnostic::warning(message)
                .at(span)
                .with_label("opened here")
                .with_note(
                    Span::new(open_span.file, closed_at..closed_at),
                    format!("`{name}` ends here, with its enclosing block"),
                )
                .with_help(format!(
                    "add `{} /{name} {}` where the block should end",
                    delimiter.opener(),
                    delimiter.closer()
                )),
        }
    }
}

#[cfg(test)]
mod tests;
