//! The tree a parse produces: text, escapes and shortcode uses with their arguments, each with
//! the source span that reports and the renderer need.
//!
//! These are plain data with a few accessors; building them is the job of `lexer` and `tree`.

use crate::diagnostics::Span;

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

    /// The delimiter a tag was not opened with.
    pub(super) fn other(self) -> Delimiter {
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

#[cfg(test)]
mod tests;
