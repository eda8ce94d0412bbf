//! Shortcode syntax: turns a page's Markdown source into a tree of [`Node`]s with spans.
//!
//! This module owns the shortcode grammar and nothing else. It does not know which shortcodes
//! exist, what their arguments mean or how they render; the only outside knowledge it takes is
//! whether a shortcode's template uses its inner content (`requires_body`), which decides how a
//! tag without a closing tag is paired. Text between tags is kept as spans into the source, so
//! the Markdown renderer sees exactly the bytes the author wrote.
//!
//! A parse runs in two passes: `lexer` splits the text into text, escapes and tags, and `tree`
//! pairs the tags into a tree and bounds its depth. `ast` holds the tree's types and `error`
//! the problems both passes report.
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
//! name         = part { "/" part } ;      (a shortcode in a folder: `blocks/cover`)
//! part         = ( letter-or-digit | "_" ) { letter-or-digit | "_" | "-" | "." } ;
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

mod ast;
mod error;
mod lexer;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
mod tree;

pub(crate) use ast::{Delimiter, Node, Shortcode};
pub(crate) use error::ShortcodeError;
pub(crate) use tree::MAX_NESTING;

use crate::diagnostics::FileId;

/// The result of [`parse`]: the nodes, and what was wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// Top-level nodes in source order; together they cover the whole input.
    pub nodes: Vec<Node>,
    /// Errors and warnings in source order.
    pub errors: Vec<ShortcodeError>,
}

/// Parses the shortcodes in `text`, the contents of `file`.
///
/// `requires_body` tells whether a shortcode's template uses its inner content; it decides how
/// an opening tag without a closing tag is paired (see the module docs). Never fails: problems
/// are in [`Parsed::errors`] and the malformed text stays in the nodes as text.
pub(crate) fn parse(file: FileId, text: &str, requires_body: &dyn Fn(&str) -> bool) -> Parsed {
    let (items, mut errors) = lexer::lex(file, text);
    let (nodes, mut tree_errors) = tree::build(items, text.len(), requires_body);
    errors.append(&mut tree_errors);
    errors.sort_by_key(|error| error.span().start);
    Parsed { nodes, errors }
}
