//! Shortcode syntax: turns a page's Markdown source into a tree of [`Node`]s with spans.
//!
//! This module owns the shortcode grammar and nothing else. It does not know which shortcodes
//! exist, what their arguments mean or how they render; the only outside knowledge it takes is
//! whether a shortcode's template uses its inner content (`requires_body`), which decides how a
//! tag without a closing tag is paired. Text between tags is kept as spans into the source, so
//! the Markdown renderer sees exactly the bytes the author wrote.
//!
//! # Grammar
//!
//! ```text
//! document     = { text | escaped | tag } ;
//! tag          = open | self-closing | close ;
//! open         = "{{<" ws* name { ws+ argument } ws* ">}}"
//!              | "{{%" ws* name { ws+ argument } ws* "%}}" ;
//! self-closing = "{{<" ws* name { ws+ argument } ws* "/>}}"
//!              | "{{%" ws* name { ws+ argument } ws* "/%}}" ;
//! close        = "{{<" ws* "/" ws* name ws* ">}}"
//!              | "{{%" ws* "/" ws* name ws* "%}}" ;
//! escaped      = "{{</*" anything "*/>}}"
//!              | "{{%/*" anything "*/%}}" ;
//! name         = letter-or-digit { letter-or-digit | "_" | "-" | "." } ;
//! argument     = [ key "=" ] value ;
//! key          = ( letter | "_" ) { letter-or-digit | "_" | "-" } ;
//! value        = bare | quoted | raw ;
//! bare         = one or more characters other than whitespace, '"', '`' and '=',
//!                ending before ">}}", "%}}", "/>}}", "/%}}", "{{<" and "{{%" ;
//! quoted       = '"' { any character but '"', '\' and newline | escape } '"' ;
//! escape       = '\"' | '\\' | '\n' | '\t' ;
//! raw          = '`' { any character but '`' } '`' ;
//! ws           = " " | "\t" | "\n" | "\r" ;
//! ```
//!
//! Letters and digits are ASCII. Anything that does not start with `{{<` or `{{%` is text,
//! including `{{ x }}`. There is no whitespace around the `=` of a named argument, and a
//! quoted or raw value must be followed by whitespace or the end of the tag.
//!
//! ```text
//! {{< figure src="a.png" "Caption" >}}      html delimiter, one named and one positional argument
//! {{% notice warning %}}Careful{{% /notice %}}      markdown delimiter, paired
//! {{< icon x />}}   {{% icon x /%}}         self-closing
//! {{<  /  notice  >}}                       a closing tag may hold whitespace
//! {{< x a>}}                                bare word `a`, then the end of the tag
//! {{< code `first line
//! second "line"` >}}                        raw string spanning lines
//! {{</* figure src="a.png" */>}}            the text `{{< figure src="a.png" >}}`, not a tag
//! ```
//!
//! Closing tags match opening tags by name only: `{{< tabs >}}…{{% /tabs %}}` is a pair.
//! Outside strings, `{{<` and `{{%` always start a new tag, so a tag left open is reported
//! where the next one begins instead of swallowing it.
//!
//! # Pairing
//!
//! An opening tag without `/` is paired or standalone:
//!
//! 1. If a closing tag with the same name appears later in the file, it is tentatively paired.
//! 2. Otherwise, if `requires_body(name)` is true, it is paired but unclosed.
//! 3. Otherwise it is standalone (`body: None`) right away.
//!
//! A closing tag closes the nearest open shortcode with its name. Shortcodes still open above
//! it are closed where that closing tag starts: one whose template requires a body keeps what
//! it has collected as its body and gets an [`ShortcodeError::Unclosed`] warning; any other
//! becomes standalone, and what it had collected moves back, in order, right after it. The end
//! of the file closes everything still open the same way. So an unclosed paired shortcode is a
//! warning and ends with the block that encloses it:
//!
//! ```text
//! {{% tabs %}}{{% tab "A" %}}x{{% /tabs %}}   tab is unclosed, its body is `x`, tabs holds tab
//! ```
//!
//! Rule 3 keeps a page with thousands of `{{< icon >}}` flat, and the whole parse runs in time
//! linear in the input apart from error recovery.
//!
//! # Errors
//!
//! A malformed tag is reported, kept as text, and parsing goes on after it, so one run finds
//! several independent mistakes. Errors and warnings come back in source order.
//! Shortcodes nest at most [`MAX_NESTING`] deep; deeper tags are reported once and kept as text.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, FileId, Span};

/// Which pair of delimiters a shortcode tag is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delimiter {
    /// `{{< name >}}`: the shortcode's output is used as it is.
    Html,
    /// `{{% name %}}`: the shortcode's output goes through Markdown with the rest of the page.
    Markdown,
}

impl Delimiter {
    /// The text that opens a tag: `{{<` or `{{%`.
    pub fn opener(self) -> &'static str {
        match self {
            Delimiter::Html => "{{<",
            Delimiter::Markdown => "{{%",
        }
    }

    /// The text that ends a tag: `>}}` or `%}}`.
    pub fn closer(self) -> &'static str {
        match self {
            Delimiter::Html => ">}}",
            Delimiter::Markdown => "%}}",
        }
    }

    fn other(self) -> Delimiter {
        match self {
            Delimiter::Html => Delimiter::Markdown,
            Delimiter::Markdown => Delimiter::Html,
        }
    }
}

/// One argument of a shortcode tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The key of a named argument (`key=value`); `None` for a positional one.
    pub name: Option<String>,
    /// The value with quotes removed and escapes resolved.
    pub value: String,
    /// The whole argument as written, `key=value` included.
    pub span: Span,
}

/// One shortcode use: its opening tag and, when paired, its body and closing tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    /// The shortcode's name.
    pub name: String,
    /// Where the name is written in the opening tag.
    pub name_span: Span,
    /// The delimiter of the opening tag.
    pub delimiter: Delimiter,
    /// Arguments in the order written.
    pub args: Vec<Arg>,
    /// The whole opening tag, from `{{<` to `>}}`.
    pub open_span: Span,
    /// The whole closing tag, when one was written.
    pub close_span: Option<Span>,
    /// `None` for a standalone shortcode; the nodes between the tags for a paired one, also when
    /// the closing tag is missing and the body ended with its enclosing block.
    pub body: Option<Vec<Node>>,
}

impl Shortcode {
    /// The value of the `index`-th positional argument (counting from 0).
    pub fn positional(&self, index: usize) -> Option<&str> {
        self.args
            .iter()
            .filter(|arg| arg.name.is_none())
            .nth(index)
            .map(|arg| arg.value.as_str())
    }

    /// The value of the named argument `key`; when it is repeated the last one wins.
    pub fn named(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .rev()
            .find(|arg| arg.name.as_deref() == Some(key))
            .map(|arg| arg.value.as_str())
    }

    /// From the start of the opening tag to the end of the closing tag, or of the body when
    /// there is no closing tag.
    pub fn span(&self) -> Span {
        let end = match (&self.close_span, &self.body) {
            (Some(close), _) => close.end,
            (None, Some(body)) => body
                .last()
                .map_or(self.open_span.end, |node| node.span().end),
            (None, None) => self.open_span.end,
        };
        Span {
            end,
            ..self.open_span
        }
    }
}

/// A piece of parsed source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Source text passed on as written.
    Text(Span),
    /// Text produced by the escape form `{{</* … */>}}`, which differs from the source.
    Literal {
        /// The text to pass on, such as `{{< figure >}}`.
        text: String,
        /// The escape form in the source.
        span: Span,
    },
    /// A shortcode use.
    Shortcode(Shortcode),
}

impl Node {
    /// The source range this node covers.
    pub fn span(&self) -> Span {
        match self {
            Node::Text(span) | Node::Literal { span, .. } => *span,
            Node::Shortcode(shortcode) => shortcode.span(),
        }
    }
}

/// The result of [`parse`]: the nodes, and what was wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Top-level nodes in source order; together they cover the whole input.
    pub nodes: Vec<Node>,
    /// Errors and warnings in source order.
    pub errors: Vec<ShortcodeError>,
}

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

/// Parses the shortcodes in `text`, the contents of `file`.
///
/// `requires_body` tells whether a shortcode's template uses its inner content; it decides how
/// an opening tag without a closing tag is paired (see the module docs). Never fails: problems
/// are in [`Parsed::errors`] and the malformed text stays in the nodes as text.
pub fn parse(file: FileId, text: &str, requires_body: &dyn Fn(&str) -> bool) -> Parsed {
    let lexer = Lexer {
        file,
        text,
        bytes: text.as_bytes(),
    };
    let (items, mut errors) = lexer.run();

    // Deciding rule 1 needs to know about closing tags further on, so look backwards once.
    let mut closed_later: HashSet<&str> = HashSet::new();
    let mut paired_by_close = vec![false; items.len()];
    for (index, item) in items.iter().enumerate().rev() {
        match item {
            Item::Close { name, .. } => {
                closed_later.insert(name.as_str());
            }
            Item::Open(shortcode) => {
                paired_by_close[index] = closed_later.contains(shortcode.name.as_str());
            }
            _ => {}
        }
    }

    let mut builder = TreeBuilder {
        requires_body,
        pending: Vec::new(),
        frames: Vec::new(),
        open_by_name: HashMap::new(),
        errors: Vec::new(),
    };
    for (item, paired) in items.into_iter().zip(paired_by_close) {
        builder.add(item, paired);
    }
    builder.close_frames_down_to(0, text.len());

    errors.append(&mut builder.errors);
    let mut nodes = builder.pending;
    limit_depth(&mut nodes, 0, &mut errors);
    errors.sort_by_key(|error| error.span().start);
    Parsed { nodes, errors }
}

/// A flat piece of source, before pairing.
enum Item {
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
        (from..self.bytes.len()).find(|&position| {
            needles
                .iter()
                .any(|needle| self.starts_with(position, needle))
        })
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
        let valid_start = self
            .bytes
            .get(position)
            .is_some_and(|byte| byte.is_ascii_alphanumeric());
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
            while self.bytes.get(end).copied().is_some_and(is_name_byte) {
                end += 1;
            }
        }
        if !valid_start || !self.at_separator(end) {
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

/// A shortcode that is open while its body is being collected.
struct Frame {
    /// Where the shortcode sits in `TreeBuilder::pending`; its body follows it.
    index: usize,
    name: String,
    delimiter: Delimiter,
    open_span: Span,
}

/// Pairs tags without recursion. Every node being built lives in one flat list; an open
/// shortcode is already in that list at its final place, so turning it standalone costs nothing
/// and closing it moves each of its children once.
/// How deep shortcodes may nest. Far above any real page; it bounds the recursion of everything
/// that walks the tree, so absurd input cannot exhaust the stack.
pub const MAX_NESTING: usize = 64;

/// Turns shortcodes nested deeper than [`MAX_NESTING`] back into text (their tags become
/// text, their contents stay), reporting the first one. The tree is built without recursion, so
/// it may be arbitrarily deep until here; this descends only to the limit, and flattens below it
/// with an explicit stack.
fn limit_depth(nodes: &mut Vec<Node>, depth: usize, errors: &mut Vec<ShortcodeError>) {
    if depth == MAX_NESTING {
        let first_too_deep = nodes.iter().find_map(|node| match node {
            Node::Shortcode(shortcode) if shortcode.body.is_some() => Some(shortcode),
            _ => None,
        });
        if let Some(shortcode) = first_too_deep {
            if !errors
                .iter()
                .any(|error| matches!(error, ShortcodeError::TooDeep { .. }))
            {
                errors.push(ShortcodeError::TooDeep {
                    name: shortcode.name.clone(),
                    span: shortcode.open_span,
                });
            }
            *nodes = flatten(std::mem::take(nodes));
        }
        return;
    }
    for node in nodes.iter_mut() {
        if let Node::Shortcode(Shortcode {
            body: Some(body), ..
        }) = node
        {
            limit_depth(body, depth + 1, errors);
        }
    }
}

/// The nodes with every shortcode that has a body replaced by its opening tag as text, its
/// body's (flattened) nodes and its closing tag as text.
fn flatten(nodes: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::with_capacity(nodes.len());
    let mut stack: Vec<(std::vec::IntoIter<Node>, Option<Span>)> = vec![(nodes.into_iter(), None)];
    while let Some((iterator, _)) = stack.last_mut() {
        match iterator.next() {
            Some(Node::Shortcode(mut shortcode)) if shortcode.body.is_some() => {
                let body = shortcode.body.take().unwrap_or_default();
                out.push(Node::Text(shortcode.open_span));
                stack.push((body.into_iter(), shortcode.close_span));
            }
            Some(node) => out.push(node),
            None => {
                if let Some((_, Some(close))) = stack.pop() {
                    out.push(Node::Text(close));
                }
            }
        }
    }
    out
}

struct TreeBuilder<'a> {
    requires_body: &'a dyn Fn(&str) -> bool,
    pending: Vec<Node>,
    frames: Vec<Frame>,
    /// For each name, the positions in `frames` of its open shortcodes, innermost last.
    open_by_name: HashMap<String, Vec<usize>>,
    errors: Vec<ShortcodeError>,
}

impl TreeBuilder<'_> {
    fn add(&mut self, item: Item, paired_by_close: bool) {
        match item {
            Item::Text(span) => self.push_text(span),
            Item::Literal { text, span } => self.pending.push(Node::Literal { text, span }),
            Item::SelfClosing(shortcode) => self.pending.push(Node::Shortcode(shortcode)),
            Item::Open(shortcode) => {
                if paired_by_close || (self.requires_body)(&shortcode.name) {
                    self.open(shortcode);
                } else {
                    self.pending.push(Node::Shortcode(shortcode));
                }
            }
            Item::Close {
                name,
                delimiter,
                span,
            } => self.close(name, delimiter, span),
        }
    }

    fn push_text(&mut self, span: Span) {
        // The last pending node is always in the innermost open scope (an open shortcode
        // itself is never text), so merging never crosses a tag.
        if let Some(Node::Text(previous)) = self.pending.last_mut()
            && previous.end == span.start
        {
            previous.end = span.end;
            return;
        }
        self.pending.push(Node::Text(span));
    }

    fn open(&mut self, shortcode: Shortcode) {
        self.open_by_name
            .entry(shortcode.name.clone())
            .or_default()
            .push(self.frames.len());
        self.frames.push(Frame {
            index: self.pending.len(),
            name: shortcode.name.clone(),
            delimiter: shortcode.delimiter,
            open_span: shortcode.open_span,
        });
        self.pending.push(Node::Shortcode(shortcode));
    }

    fn close(&mut self, name: String, delimiter: Delimiter, span: Span) {
        let Some(position) = self
            .open_by_name
            .get(&name)
            .and_then(|positions| positions.last())
            .copied()
        else {
            self.errors.push(ShortcodeError::UnexpectedClose {
                name,
                delimiter,
                span,
            });
            self.push_text(span);
            return;
        };
        self.close_frames_down_to(position + 1, span.start);
        let Some(frame) = self.frames.pop() else {
            return;
        };
        self.forget(&frame.name);
        self.finish(frame.index, Some(span));
    }

    /// Closes every open shortcode above the first `keep` ones, which happens when an
    /// enclosing block or the file ends at `closed_at`.
    fn close_frames_down_to(&mut self, keep: usize, closed_at: usize) {
        while self.frames.len() > keep {
            let Some(frame) = self.frames.pop() else {
                return;
            };
            self.forget(&frame.name);
            if (self.requires_body)(&frame.name) {
                self.finish(frame.index, None);
                self.errors.push(ShortcodeError::Unclosed {
                    name: frame.name,
                    delimiter: frame.delimiter,
                    open_span: frame.open_span,
                    closed_at,
                });
            }
            // Otherwise the shortcode stays standalone where it is and the nodes after it
            // already sit in the enclosing scope.
        }
    }

    fn finish(&mut self, index: usize, close_span: Option<Span>) {
        let body = self.pending.split_off((index + 1).min(self.pending.len()));
        if let Some(Node::Shortcode(shortcode)) = self.pending.get_mut(index) {
            shortcode.body = Some(body);
            shortcode.close_span = close_span;
        }
    }

    fn forget(&mut self, name: &str) {
        if let Some(positions) = self.open_by_name.get_mut(name) {
            positions.pop();
            if positions.is_empty() {
                self.open_by_name.remove(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Severity, SourceMap, render_terminal};

    const BODY_SHORTCODES: [&str; 4] = ["tabs", "tab", "notice", "details"];

    fn requires_body(name: &str) -> bool {
        BODY_SHORTCODES.contains(&name)
    }

    fn parse_text(text: &str) -> (Parsed, FileId) {
        let mut sources = SourceMap::new();
        let file = sources.add("page.md", text);
        (parse(file, text, &requires_body), file)
    }

    /// Parses input that must have no errors or warnings.
    fn parse_clean(text: &str) -> Vec<Node> {
        let (parsed, _) = parse_text(text);
        assert_eq!(parsed.errors, Vec::new(), "input: {text:?}");
        check_reassembles(text, &parsed.nodes);
        parsed.nodes
    }

    fn parse_errors(text: &str) -> Vec<ShortcodeError> {
        let (parsed, _) = parse_text(text);
        check_reassembles(text, &parsed.nodes);
        parsed.errors
    }

    fn reassemble(text: &str, nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(span) | Node::Literal { span, .. } => out.push_str(&text[span.range()]),
                Node::Shortcode(shortcode) => {
                    out.push_str(&text[shortcode.open_span.range()]);
                    if let Some(body) = &shortcode.body {
                        reassemble(text, body, out);
                    }
                    if let Some(close) = shortcode.close_span {
                        out.push_str(&text[close.range()]);
                    }
                }
            }
        }
    }

    fn check_reassembles(text: &str, nodes: &[Node]) {
        let mut out = String::new();
        reassemble(text, nodes, &mut out);
        assert_eq!(out, text);
    }

    fn shortcode(node: &Node) -> &Shortcode {
        match node {
            Node::Shortcode(shortcode) => shortcode,
            other => panic!("expected a shortcode, got {other:?}"),
        }
    }

    fn only_shortcode(nodes: &[Node]) -> &Shortcode {
        assert_eq!(nodes.len(), 1, "{nodes:?}");
        shortcode(&nodes[0])
    }

    fn text_range(node: &Node) -> (usize, usize) {
        match node {
            Node::Text(span) => (span.start, span.end),
            other => panic!("expected text, got {other:?}"),
        }
    }

    fn args(shortcode: &Shortcode) -> Vec<(Option<&str>, &str)> {
        shortcode
            .args
            .iter()
            .map(|arg| (arg.name.as_deref(), arg.value.as_str()))
            .collect()
    }

    fn range(span: Span) -> (usize, usize) {
        (span.start, span.end)
    }

    fn names(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .map(|node| match node {
                Node::Text(_) => "text".to_owned(),
                Node::Literal { .. } => "literal".to_owned(),
                Node::Shortcode(shortcode) => shortcode.name.clone(),
            })
            .collect()
    }

    #[test]
    fn positional_arguments() {
        let nodes = parse_clean("{{< figure a.png 200 >}}");
        let figure = only_shortcode(&nodes);
        assert_eq!(figure.name, "figure");
        assert_eq!(range(figure.name_span), (4, 10));
        assert_eq!(figure.delimiter, Delimiter::Html);
        assert_eq!(args(figure), [(None, "a.png"), (None, "200")]);
        assert_eq!(range(figure.args[0].span), (11, 16));
        assert_eq!(range(figure.open_span), (0, 24));
        assert_eq!(figure.close_span, None);
        assert_eq!(figure.body, None);
        assert_eq!(figure.positional(1), Some("200"));
        assert_eq!(figure.positional(2), None);
    }

    #[test]
    fn named_arguments() {
        let nodes = parse_clean(r#"{{< figure src="a.png" width=200 >}}"#);
        let figure = only_shortcode(&nodes);
        assert_eq!(
            args(figure),
            [(Some("src"), "a.png"), (Some("width"), "200")]
        );
        assert_eq!(range(figure.args[0].span), (11, 22));
        assert_eq!(range(figure.args[1].span), (23, 32));
        assert_eq!(figure.named("width"), Some("200"));
        assert_eq!(figure.named("height"), None);
    }

    #[test]
    fn mixed_arguments_keep_positional_order() {
        let nodes = parse_clean(r#"{{< x first key=v "second" _k-2=`w` third >}}"#);
        let x = only_shortcode(&nodes);
        assert_eq!(
            args(x),
            [
                (None, "first"),
                (Some("key"), "v"),
                (None, "second"),
                (Some("_k-2"), "w"),
                (None, "third"),
            ]
        );
        assert_eq!(x.positional(0), Some("first"));
        assert_eq!(x.positional(1), Some("second"));
        assert_eq!(x.positional(2), Some("third"));
    }

    #[test]
    fn repeated_named_argument_last_wins() {
        let nodes = parse_clean("{{< x k=1 k=2 >}}");
        assert_eq!(only_shortcode(&nodes).named("k"), Some("2"));
    }

    #[test]
    fn quoted_string_escapes() {
        let nodes = parse_clean(r#"{{< x "a \"b\" \\ c\nd\te" k="" >}}"#);
        let x = only_shortcode(&nodes);
        assert_eq!(args(x), [(None, "a \"b\" \\ c\nd\te"), (Some("k"), "")]);
    }

    #[test]
    fn raw_string_keeps_newlines_quotes_and_backslashes() {
        let text = "{{< code `line \"one\"\nline \\two {{< y >}}` >}}";
        let nodes = parse_clean(text);
        let code = only_shortcode(&nodes);
        assert_eq!(args(code), [(None, "line \"one\"\nline \\two {{< y >}}")]);
        assert_eq!(range(code.open_span), (0, text.len()));
    }

    #[test]
    fn bare_word_next_to_close() {
        let nodes = parse_clean("{{< x a>}}");
        let x = only_shortcode(&nodes);
        assert_eq!(args(x), [(None, "a")]);
        assert_eq!(range(x.args[0].span), (6, 7));
        assert_eq!(range(x.open_span), (0, 10));

        let nodes = parse_clean("{{% x k=v%}}");
        assert_eq!(args(only_shortcode(&nodes)), [(Some("k"), "v")]);

        let nodes = parse_clean("{{< x \"q\">}}");
        assert_eq!(args(only_shortcode(&nodes)), [(None, "q")]);
    }

    #[test]
    fn bare_words_may_hold_markup_characters() {
        let nodes = parse_clean("{{< link https://example.org/a?b>c#d {x} >}}");
        assert_eq!(
            args(only_shortcode(&nodes)),
            [(None, "https://example.org/a?b>c#d"), (None, "{x}")]
        );
    }

    #[test]
    fn self_closing_both_delimiters() {
        for (text, delimiter) in [
            ("{{< icon x />}}", Delimiter::Html),
            ("{{% icon x /%}}", Delimiter::Markdown),
            ("{{<icon x/>}}", Delimiter::Html),
            ("{{< tabs />}}", Delimiter::Html),
        ] {
            let nodes = parse_clean(text);
            let icon = only_shortcode(&nodes);
            assert_eq!(icon.delimiter, delimiter);
            assert_eq!(icon.body, None, "{text}");
            assert_eq!(range(icon.open_span), (0, text.len()));
        }
    }

    #[test]
    fn closing_tag_with_extra_whitespace() {
        let text = "{{< notice >}}hi{{<  /  notice\t>}}";
        let nodes = parse_clean(text);
        let notice = only_shortcode(&nodes);
        assert_eq!(range(notice.open_span), (0, 14));
        assert_eq!(notice.close_span.map(range), Some((16, text.len())));
        let body = notice.body.as_deref().unwrap_or_default();
        assert_eq!(body.len(), 1);
        assert_eq!(text_range(&body[0]), (14, 16));
    }

    #[test]
    fn closing_delimiter_need_not_match_opening() {
        let nodes = parse_clean("{{< notice >}}hi{{% /notice %}}");
        let notice = only_shortcode(&nodes);
        assert_eq!(notice.delimiter, Delimiter::Html);
        assert_eq!(notice.close_span.map(range), Some((16, 31)));
    }

    #[test]
    fn multi_line_tag() {
        let text = "{{<\n  figure\n  src=\"a.png\"\n\talt=x\n>}}";
        let nodes = parse_clean(text);
        let figure = only_shortcode(&nodes);
        assert_eq!(args(figure), [(Some("src"), "a.png"), (Some("alt"), "x")]);
        assert_eq!(range(figure.name_span), (6, 12));
        assert_eq!(range(figure.open_span), (0, text.len()));
    }

    #[test]
    fn both_delimiters() {
        let nodes = parse_clean("{{% notice %}}*a*{{% /notice %}} {{< x >}}");
        assert_eq!(names(&nodes), ["notice", "text", "x"]);
        assert_eq!(shortcode(&nodes[0]).delimiter, Delimiter::Markdown);
        assert_eq!(shortcode(&nodes[2]).delimiter, Delimiter::Html);
    }

    #[test]
    fn nesting() {
        let text = "{{< tabs >}}\n{{< tab \"A\" >}}{{% notice %}}n{{% /notice %}}{{< /tab >}}\n{{< /tabs >}}";
        let nodes = parse_clean(text);
        let tabs = only_shortcode(&nodes);
        let tabs_body = tabs.body.as_deref().unwrap_or_default();
        assert_eq!(names(tabs_body), ["text", "tab", "text"]);
        let tab = shortcode(&tabs_body[1]);
        assert_eq!(tab.positional(0), Some("A"));
        let tab_body = tab.body.as_deref().unwrap_or_default();
        let notice = only_shortcode(tab_body);
        assert_eq!(notice.name, "notice");
        assert_eq!(names(notice.body.as_deref().unwrap_or_default()), ["text"]);
        assert_eq!(range(tabs.span()), (0, text.len()));
    }

    #[test]
    fn empty_paired_body() {
        let nodes = parse_clean("{{< x >}}{{< /x >}}");
        assert_eq!(only_shortcode(&nodes).body, Some(Vec::new()));
    }

    #[test]
    fn escape_form() {
        let text = "see {{</* figure src=\"a.png\" */>}} and {{%/* x */%}}.";
        let nodes = parse_clean(text);
        assert_eq!(
            names(&nodes),
            ["text", "literal", "text", "literal", "text"]
        );
        match &nodes[1] {
            Node::Literal {
                text: literal,
                span,
            } => {
                assert_eq!(literal, "{{< figure src=\"a.png\" >}}");
                assert_eq!(range(*span), (4, 34));
            }
            other => panic!("{other:?}"),
        }
        match &nodes[3] {
            Node::Literal {
                text: literal,
                span,
            } => {
                assert_eq!(literal, "{{% x %}}");
                assert_eq!(range(*span), (39, 52));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn escape_form_does_not_parse_its_content() {
        let nodes = parse_clean("{{</* /tabs \"unterminated */>}}");
        assert_eq!(names(&nodes), ["literal"]);
    }

    #[test]
    fn plain_double_braces_are_text() {
        let text = "{{ x }} {{x}} {{{ {{ {{";
        let nodes = parse_clean(text);
        assert_eq!(
            nodes,
            [Node::Text(Span::new(parse_text(text).1, 0..text.len()))]
        );
    }

    #[test]
    fn text_spans_cover_exactly_the_text() {
        let text = "a {{< x >}}b{{% y /%}}\n{{</* z */>}}c";
        let nodes = parse_clean(text);
        assert_eq!(
            names(&nodes),
            ["text", "x", "text", "y", "text", "literal", "text"]
        );
        assert_eq!(text_range(&nodes[0]), (0, 2));
        assert_eq!(text_range(&nodes[2]), (11, 12));
        assert_eq!(text_range(&nodes[4]), (22, 23));
        assert_eq!(text_range(&nodes[6]), (36, 37));
    }

    #[test]
    fn unicode_text_around_tags() {
        let text = "Größe 🎉{{< x \"ü😀\" k=é >}}🎉 Über";
        let nodes = parse_clean(text);
        assert_eq!(names(&nodes), ["text", "x", "text"]);
        let x = shortcode(&nodes[1]);
        assert_eq!(args(x), [(None, "ü😀"), (Some("k"), "é")]);
        assert_eq!(text_range(&nodes[0]), (0, "Größe 🎉".len()));
    }

    #[test]
    fn unterminated_tag() {
        let errors = parse_errors("a {{< figure src=x\nmore text");
        assert_eq!(errors.len(), 1);
        assert!(matches!(
            errors[0],
            ShortcodeError::UnterminatedTag {
                delimiter: Delimiter::Html,
                ..
            }
        ));
        assert_eq!(range(errors[0].span()), (2, 18));
    }

    #[test]
    fn unterminated_tag_stops_at_the_next_tag() {
        let text = "{{< x {{< y >}}";
        let (parsed, _) = parse_text(text);
        assert_eq!(parsed.errors.len(), 1);
        assert!(matches!(
            parsed.errors[0],
            ShortcodeError::UnterminatedTag { .. }
        ));
        assert_eq!(range(parsed.errors[0].span()), (0, 5));
        assert_eq!(names(&parsed.nodes), ["text", "y"]);
        assert_eq!(text_range(&parsed.nodes[0]), (0, 6));
    }

    #[test]
    fn unterminated_tag_at_end_of_input() {
        for text in ["{{<", "{{% ", "{{< x", "{{< /x", "{{< x k="] {
            let errors = parse_errors(text);
            assert_eq!(errors.len(), 1, "{text}");
            assert!(
                matches!(errors[0], ShortcodeError::UnterminatedTag { .. }),
                "{text}"
            );
            assert_eq!(
                range(errors[0].span()),
                (0, text.trim_end().len()),
                "{text}"
            );
        }
    }

    #[test]
    fn unterminated_escape() {
        let errors = parse_errors("{{</* x >}}\nnext");
        assert_eq!(errors.len(), 1);
        assert!(matches!(
            errors[0],
            ShortcodeError::UnterminatedEscape { .. }
        ));
        assert_eq!(range(errors[0].span()), (0, 11));
    }

    #[test]
    fn missing_name() {
        for text in ["{{< >}}", "{{%%}}", "{{< / >}}", "{{< />}}", "{{%\n/%}}"] {
            let errors = parse_errors(text);
            assert_eq!(errors.len(), 1, "{text}");
            assert!(
                matches!(errors[0], ShortcodeError::MissingName { .. }),
                "{text}"
            );
            assert_eq!(range(errors[0].span()), (0, 3), "{text}");
        }
    }

    #[test]
    fn invalid_name() {
        let errors = parse_errors("{{< fo@o x >}} {{< _x >}} {{< \"q\" >}} {{< ü >}}");
        assert_eq!(errors.len(), 4);
        let expected = [
            (4, 8, "fo@o"),
            (19, 21, "_x"),
            (30, 33, "\"q\""),
            (42, 44, "ü"),
        ];
        for (error, (start, end, name)) in errors.iter().zip(expected) {
            match error {
                ShortcodeError::InvalidName { name: found, span } => {
                    assert_eq!(found, name);
                    assert_eq!(range(*span), (start, end));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn mismatched_delimiter() {
        let (parsed, _) = parse_text("{{< x %}} then {{% /y >}}");
        assert_eq!(parsed.errors.len(), 2);
        assert!(matches!(
            parsed.errors[0],
            ShortcodeError::MismatchedDelimiter {
                expected: Delimiter::Html,
                ..
            }
        ));
        assert_eq!(range(parsed.errors[0].span()), (6, 9));
        assert!(matches!(
            parsed.errors[1],
            ShortcodeError::MismatchedDelimiter {
                expected: Delimiter::Markdown,
                ..
            }
        ));
        assert_eq!(range(parsed.errors[1].span()), (22, 25));
        assert_eq!(names(&parsed.nodes), ["text"]);
    }

    #[test]
    fn unterminated_string() {
        let (parsed, _) = parse_text("{{< x \"abc >}}\n{{< y `raw >}}\n{{< z >}}");
        assert_eq!(parsed.errors.len(), 2);
        assert!(matches!(
            parsed.errors[0],
            ShortcodeError::UnterminatedString { .. }
        ));
        assert_eq!(range(parsed.errors[0].span()), (6, 14));
        assert!(matches!(
            parsed.errors[1],
            ShortcodeError::UnterminatedString { .. }
        ));
        assert_eq!(range(parsed.errors[1].span()), (21, 29));
        assert_eq!(names(&parsed.nodes), ["text", "z"]);
        assert_eq!(text_range(&parsed.nodes[0]), (0, 30));
    }

    #[test]
    fn invalid_escape() {
        let errors = parse_errors(r#"{{< x "a\qb" >}} {{< y "\ü" >}}"#);
        assert_eq!(errors.len(), 2);
        match &errors[0] {
            ShortcodeError::InvalidEscape { sequence, span } => {
                assert_eq!(sequence, "\\q");
                assert_eq!(range(*span), (8, 10));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(errors[1], ShortcodeError::InvalidEscape { .. }));
        assert_eq!(range(errors[1].span()), (24, 27));
    }

    #[test]
    fn missing_value() {
        let errors = parse_errors("{{< x key= y >}} {{< x k=>}} {{< x k=/>}}");
        assert_eq!(errors.len(), 3);
        for (error, expected) in errors.iter().zip([(6, 10), (23, 25), (35, 37)]) {
            assert!(
                matches!(error, ShortcodeError::MissingValue { .. }),
                "{error:?}"
            );
            assert_eq!(range(error.span()), expected);
        }
    }

    #[test]
    fn unexpected_character() {
        let cases = [
            ("{{< x a\"b >}}", (7, 8), '"'),
            ("{{< x a`b >}}", (7, 8), '`'),
            ("{{< x a.b=c >}}", (9, 10), '='),
            ("{{< x =c >}}", (6, 7), '='),
            ("{{< x k==c >}}", (8, 9), '='),
            ("{{< x \"a\"b >}}", (9, 10), 'b'),
            ("{{< x \"a\"\"b\" >}}", (9, 10), '"'),
            ("{{< /x y >}}", (7, 8), 'y'),
            ("{{< /x />}}", (7, 8), '/'),
            ("{{< x `a`é >}}", (9, 11), 'é'),
        ];
        for (text, expected, expected_character) in cases {
            let errors = parse_errors(text);
            assert_eq!(errors.len(), 1, "{text}");
            match &errors[0] {
                ShortcodeError::UnexpectedCharacter { character, span } => {
                    assert_eq!(*character, expected_character, "{text}");
                    assert_eq!(range(*span), expected, "{text}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn unexpected_close() {
        let text = "a {{< /tabs >}} b";
        let (parsed, _) = parse_text(text);
        assert_eq!(parsed.errors.len(), 1);
        match &parsed.errors[0] {
            ShortcodeError::UnexpectedClose { name, span, .. } => {
                assert_eq!(name, "tabs");
                assert_eq!(range(*span), (2, 15));
            }
            other => panic!("{other:?}"),
        }
        // The stray tag stays as text, merged with its neighbours.
        assert_eq!(names(&parsed.nodes), ["text"]);
        assert_eq!(text_range(&parsed.nodes[0]), (0, text.len()));
    }

    #[test]
    fn close_only_matches_open_shortcodes_in_scope() {
        let text = "{{< x >}}{{< /x >}}{{< /x >}}";
        let (parsed, _) = parse_text(text);
        assert_eq!(parsed.errors.len(), 1);
        assert!(matches!(
            parsed.errors[0],
            ShortcodeError::UnexpectedClose { .. }
        ));
        assert_eq!(range(parsed.errors[0].span()), (19, 29));
        assert_eq!(names(&parsed.nodes), ["x", "text"]);
    }

    #[test]
    fn several_independent_errors_in_one_run() {
        let text = "{{< >}} ok {{< a >}} {{< x \"\\q\" >}} {{< y k= >}} {{< /nope >}} {{< b >}}";
        let (parsed, _) = parse_text(text);
        assert_eq!(parsed.errors.len(), 4);
        assert!(matches!(
            parsed.errors[0],
            ShortcodeError::MissingName { .. }
        ));
        assert!(matches!(
            parsed.errors[1],
            ShortcodeError::InvalidEscape { .. }
        ));
        assert!(matches!(
            parsed.errors[2],
            ShortcodeError::MissingValue { .. }
        ));
        assert!(matches!(
            parsed.errors[3],
            ShortcodeError::UnexpectedClose { .. }
        ));
        assert_eq!(names(&parsed.nodes), ["text", "a", "text", "b"]);
    }

    #[test]
    fn unclosed_at_end_of_file() {
        let text = "{{% notice %}}\nbody {{< icon >}}";
        let (parsed, _) = parse_text(text);
        assert_eq!(parsed.errors.len(), 1);
        match &parsed.errors[0] {
            ShortcodeError::Unclosed {
                name,
                open_span,
                closed_at,
                ..
            } => {
                assert_eq!(name, "notice");
                assert_eq!(range(*open_span), (0, 14));
                assert_eq!(*closed_at, text.len());
            }
            other => panic!("{other:?}"),
        }
        assert!(parsed.errors[0].is_warning());
        let notice = only_shortcode(&parsed.nodes);
        assert_eq!(notice.close_span, None);
        assert_eq!(
            names(notice.body.as_deref().unwrap_or_default()),
            ["text", "icon"]
        );
        assert_eq!(range(notice.span()), (0, text.len()));
        check_reassembles(text, &parsed.nodes);
    }

    #[test]
    fn unclosed_inside_enclosing_block() {
        let text = "{{% tabs %}}{{% tab \"A\" %}}x{{% /tabs %}}";
        let (parsed, _) = parse_text(text);
        assert_eq!(parsed.errors.len(), 1);
        match &parsed.errors[0] {
            ShortcodeError::Unclosed {
                name,
                open_span,
                closed_at,
                ..
            } => {
                assert_eq!(name, "tab");
                assert_eq!(range(*open_span), (12, 27));
                assert_eq!(*closed_at, 28);
            }
            other => panic!("{other:?}"),
        }
        let tabs = only_shortcode(&parsed.nodes);
        assert_eq!(tabs.close_span.map(range), Some((28, text.len())));
        let tab = only_shortcode(tabs.body.as_deref().unwrap_or_default());
        assert_eq!(tab.close_span, None);
        let tab_body = tab.body.as_deref().unwrap_or_default();
        assert_eq!(tab_body.len(), 1);
        assert_eq!(text_range(&tab_body[0]), (27, 28));
        check_reassembles(text, &parsed.nodes);
    }

    #[test]
    fn standalone_without_body_or_close() {
        let nodes = parse_clean("{{< icon x >}} text {{< icon y >}}");
        assert_eq!(names(&nodes), ["icon", "text", "icon"]);
        assert_eq!(shortcode(&nodes[0]).body, None);
        assert_eq!(shortcode(&nodes[2]).body, None);
    }

    #[test]
    fn tentatively_opened_shortcode_is_flattened() {
        // The first `ref` is opened because `{{< /ref >}}` appears later, but that close
        // belongs to the inner `ref`; at the end of the file the outer one turns standalone.
        let text = "{{< ref a >}} one {{< tabs >}}{{< ref b >}}x{{< /ref >}}{{< /tabs >}} two";
        let nodes = parse_clean(text);
        assert_eq!(names(&nodes), ["ref", "text", "tabs", "text"]);
        let outer = shortcode(&nodes[0]);
        assert_eq!(outer.body, None);
        assert_eq!(outer.positional(0), Some("a"));
        let tabs = shortcode(&nodes[2]);
        let inner = only_shortcode(tabs.body.as_deref().unwrap_or_default());
        assert_eq!(inner.positional(0), Some("b"));
        assert!(inner.close_span.is_some());
    }

    #[test]
    fn tentatively_opened_shortcode_is_flattened_inside_a_block() {
        let text = "{{% tabs %}}{{< icon >}}x{{% /tabs %}}{{< icon >}}y{{< /icon >}}";
        let nodes = parse_clean(text);
        assert_eq!(names(&nodes), ["tabs", "icon"]);
        let tabs_body = shortcode(&nodes[0]).body.as_deref().unwrap_or_default();
        assert_eq!(names(tabs_body), ["icon", "text"]);
        assert_eq!(shortcode(&tabs_body[0]).body, None);
        assert_eq!(text_range(&tabs_body[1]), (24, 25));
    }

    #[test]
    fn flattened_children_keep_their_order_and_nesting() {
        // `x` is opened because of the `{{< /x >}}` at the end, but `{{< /a >}}` closes it
        // first, so what it collected moves back into `a` right after it.
        let text =
            "{{< a >}}{{< x >}}1{{< notice >}}2{{< /notice >}}3{{< /a >}}{{< x >}}{{< /x >}}";
        let nodes = parse_clean(text);
        assert_eq!(names(&nodes), ["a", "x"]);
        let body = shortcode(&nodes[0]).body.as_deref().unwrap_or_default();
        assert_eq!(names(body), ["x", "text", "notice", "text"]);
        assert_eq!(shortcode(&body[0]).body, None);
        assert_eq!(text_range(&body[1]), (18, 19));
    }

    #[test]
    fn many_standalone_shortcodes_stay_flat() {
        let text = "{{< icon \"x\" >}}\n".repeat(20_000);
        let nodes = parse_clean(&text);
        assert_eq!(nodes.len(), 40_000);
        assert!(nodes.iter().step_by(2).all(|node| {
            let icon = shortcode(node);
            icon.body.is_none() && icon.positional(0) == Some("x")
        }));
    }

    #[test]
    fn many_tentatively_opened_shortcodes_flatten() {
        let mut text = "{{< icon >}}".repeat(20_000);
        text.push_str("{{< /icon >}}");
        let nodes = parse_clean(&text);
        assert_eq!(nodes.len(), 20_000);
        assert!(shortcode(&nodes[19_999]).close_span.is_some());
    }

    #[test]
    fn deep_nesting_does_not_recurse_per_character() {
        // Up to the limit, every level is a shortcode; the walk below is a loop, not recursion.
        let text = format!(
            "{}x{}",
            "{{< notice >}}".repeat(MAX_NESTING),
            "{{< /notice >}}".repeat(MAX_NESTING)
        );
        let nodes = parse_clean(&text);
        let mut current = only_shortcode(&nodes);
        let mut levels = 1;
        while let Some([Node::Shortcode(inner)]) = current.body.as_deref() {
            current = inner;
            levels += 1;
        }
        assert_eq!(levels, MAX_NESTING);
    }

    #[test]
    fn diagnostics_have_severity_span_label_and_help() {
        let text = "{{% tabs %}}\n{{< x \"\\q\" >}}";
        let mut sources = SourceMap::new();
        let file = sources.add("page.md", text);
        let parsed = parse(file, text, &requires_body);
        assert_eq!(parsed.errors.len(), 2);
        let diagnostics: Vec<Diagnostic> =
            parsed.errors.into_iter().map(Diagnostic::from).collect();
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert_eq!(diagnostics[0].span().map(range), Some((0, 12)));
        assert_eq!(diagnostics[0].notes.len(), 1);
        assert_eq!(
            range(diagnostics[0].notes[0].span),
            (text.len(), text.len())
        );
        assert!(diagnostics[0].help.is_some());
        assert_eq!(diagnostics[1].severity, Severity::Error);
        assert_eq!(diagnostics[1].span().map(range), Some((20, 22)));
        assert!(diagnostics[1].label.is_some());
        for diagnostic in &diagnostics {
            render_terminal(diagnostic, &sources, false, false);
        }
    }

    fn check_span(text: &str, span: Span) {
        assert!(span.start <= span.end, "{span:?} in {text:?}");
        assert!(span.end <= text.len(), "{span:?} in {text:?}");
        assert!(text.is_char_boundary(span.start), "{span:?} in {text:?}");
        assert!(text.is_char_boundary(span.end), "{span:?} in {text:?}");
    }

    fn check_node_spans(text: &str, nodes: &[Node]) {
        for node in nodes {
            check_span(text, node.span());
            if let Node::Shortcode(shortcode) = node {
                check_span(text, shortcode.name_span);
                check_span(text, shortcode.open_span);
                if let Some(close) = shortcode.close_span {
                    check_span(text, close);
                }
                for arg in &shortcode.args {
                    check_span(text, arg.span);
                }
                if let Some(body) = &shortcode.body {
                    check_node_spans(text, body);
                }
            }
        }
    }

    fn check_robust(text: &str, sources: &mut SourceMap, render: bool) {
        let file = sources.add("fuzz.md", text);
        let parsed = parse(file, text, &requires_body);
        check_reassembles(text, &parsed.nodes);
        check_node_spans(text, &parsed.nodes);
        for error in &parsed.errors {
            check_span(text, error.span());
            if let ShortcodeError::Unclosed { closed_at, .. } = error {
                assert!(text.is_char_boundary(*closed_at));
            }
            if render {
                render_terminal(&Diagnostic::from(error.clone()), sources, false, false);
            }
        }
    }

    #[test]
    fn malformed_and_truncated_input_never_panics() {
        let samples = [
            "{{< tabs >}}\n{{< tab \"Ä\" >}}ü{{< /tab >}}{{% /tabs %}}",
            "{{< x k=\"a\\\"ü\" `raw\n😀` bare>}}",
            "{{</* ü */>}}{{%/* 😀 */%}}",
            "{{< x \"\\😀\" >}} {{< 😀 >}} {{< x 😀=1 >}}",
            "{{% notice %}}é{{< /notice 😀 >}}{{< x %}}",
            "{{< x k=ü/>}}{{% y /%}}{{< /z >}}{{ü}}",
            "{{<{{%{{</{{%/*{{<ü",
        ];
        let mut sources = SourceMap::new();
        for sample in samples {
            for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
                check_robust(&sample[..end], &mut sources, true);
                check_robust(&sample[end..], &mut sources, false);
            }
        }

        let fragments = [
            "{{<", "{{%", ">}}", "%}}", "/>}}", "/%}}", "/", " ", "\n", "\t", "x", "tabs",
            "notice", "k=", "=", "\"", "\\", "\\ü", "`", "ü", "😀", "{{", "}}", "/*", "*/", "a.b",
            "é=1",
        ];
        // A fixed linear congruential generator keeps the run reproducible.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3_000 {
            let mut text = String::new();
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let length = (state >> 59) as usize + 1;
            for _ in 0..length {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push_str(fragments[(state >> 33) as usize % fragments.len()]);
            }
            check_robust(&text, &mut sources, false);
        }
    }

    #[test]
    fn nesting_beyond_the_limit_is_one_error_and_stays_text() {
        let text = format!(
            "{}x{}",
            "{{% n %}}".repeat(MAX_NESTING + 10),
            "{{% /n %}}".repeat(MAX_NESTING + 10)
        );
        let mut sources = SourceMap::new();
        let file = sources.add("deep.md", text.as_str());
        let parsed = parse(file, &text, &|_| true);
        let too_deep: Vec<_> = parsed
            .errors
            .iter()
            .filter(|error| matches!(error, ShortcodeError::TooDeep { .. }))
            .collect();
        assert_eq!(too_deep.len(), 1, "{:?}", parsed.errors);
        assert_eq!(too_deep[0].span().start, MAX_NESTING * "{{% n %}}".len());
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        fn depth(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|node| match node {
                    Node::Shortcode(Shortcode {
                        body: Some(body), ..
                    }) => 1 + depth(body),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert_eq!(depth(&parsed.nodes), MAX_NESTING);
    }
}
