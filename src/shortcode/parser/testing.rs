//! Helpers shared by the parser's unit tests: parsing with a fixed set of shortcodes that take
//! a body, checking that the nodes cover the input, and picking nodes apart.

use crate::diagnostics::{FileId, SourceMap, Span};

use super::{Node, Parsed, Shortcode, ShortcodeError, parse};

pub(super) const BODY_SHORTCODES: [&str; 4] = ["tabs", "tab", "notice", "details"];

pub(super) fn requires_body(name: &str) -> bool {
    BODY_SHORTCODES.contains(&name)
}

pub(super) fn parse_text(text: &str) -> (Parsed, FileId) {
    let mut sources = SourceMap::new();
    let file = sources.add("page.md", text);
    (parse(file, text, &requires_body), file)
}

/// Parses input that must have no errors or warnings.
pub(super) fn parse_clean(text: &str) -> Vec<Node> {
    let (parsed, _) = parse_text(text);
    assert_eq!(parsed.errors, Vec::new(), "input: {text:?}");
    check_reassembles(text, &parsed.nodes);
    parsed.nodes
}

pub(super) fn parse_errors(text: &str) -> Vec<ShortcodeError> {
    let (parsed, _) = parse_text(text);
    check_reassembles(text, &parsed.nodes);
    parsed.errors
}

pub(super) fn reassemble(text: &str, nodes: &[Node], out: &mut String) {
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

pub(super) fn check_reassembles(text: &str, nodes: &[Node]) {
    let mut out = String::new();
    reassemble(text, nodes, &mut out);
    assert_eq!(out, text);
}

pub(super) fn shortcode(node: &Node) -> &Shortcode {
    match node {
        Node::Shortcode(shortcode) => shortcode,
        other => panic!("expected a shortcode, got {other:?}"),
    }
}

pub(super) fn only_shortcode(nodes: &[Node]) -> &Shortcode {
    assert_eq!(nodes.len(), 1, "{nodes:?}");
    shortcode(&nodes[0])
}

pub(super) fn text_range(node: &Node) -> (usize, usize) {
    match node {
        Node::Text(span) => (span.start, span.end),
        other => panic!("expected text, got {other:?}"),
    }
}

pub(super) fn args(shortcode: &Shortcode) -> Vec<(Option<&str>, &str)> {
    shortcode
        .args
        .iter()
        .map(|arg| (arg.name.as_deref(), arg.value.as_str()))
        .collect()
}

pub(super) fn range(span: Span) -> (usize, usize) {
    (span.start, span.end)
}

pub(super) fn names(nodes: &[Node]) -> Vec<String> {
    nodes
        .iter()
        .map(|node| match node {
            Node::Text(_) => "text".to_owned(),
            Node::Literal { .. } => "literal".to_owned(),
            Node::Shortcode(shortcode) => shortcode.name.clone(),
        })
        .collect()
}
