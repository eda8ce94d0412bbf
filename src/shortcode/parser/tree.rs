//! The second pass of a parse: pairs the lexer's tags into a tree of [`Node`]s, following the
//! pairing rules in the parser's module docs, and turns shortcodes nested deeper than
//! [`MAX_NESTING`] back into text.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Span;

use super::ast::{Delimiter, Node, Shortcode};
use super::error::ShortcodeError;
use super::lexer::Item;

/// How deep shortcodes may nest. Far above any real page; it bounds the recursion of everything
/// that walks the tree, so absurd input cannot exhaust the stack.
pub(crate) const MAX_NESTING: usize = 64;

/// Pairs `items` into top-level nodes; `end` is where the text ends, which closes whatever is
/// still open. `requires_body` decides how an opening tag without a closing tag is paired.
pub(super) fn build(
    items: Vec<Item>,
    end: usize,
    requires_body: &dyn Fn(&str) -> bool,
) -> (Vec<Node>, Vec<ShortcodeError>) {
    let paired_by_close = paired_by_close(&items);
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
    builder.close_frames_down_to(0, end);

    let mut nodes = builder.pending;
    let mut errors = builder.errors;
    limit_depth(&mut nodes, 0, &mut errors);
    (nodes, errors)
}

/// For each item, whether it is an opening tag with a closing tag of its name further on
/// (rule 1 of the pairing), found in one backward pass.
fn paired_by_close(items: &[Item]) -> Vec<bool> {
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
    paired_by_close
}

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
mod tests;
