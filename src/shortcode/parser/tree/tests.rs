//! Tests of pairing: nesting, unclosed and stray closing tags, tentative pairs, and the depth bound.

use crate::diagnostics::{Code, Severity, SourceMap};
use crate::shortcode::parser::testing::{
    check_reassembles, names, only_shortcode, parse_clean, parse_text, range, shortcode, text_range,
};
use crate::shortcode::parser::{Delimiter, MAX_NESTING, Node, Shortcode, ShortcodeError, parse};

#[test]
fn closing_delimiter_need_not_match_opening() {
    let nodes = parse_clean("{{< notice >}}hi{{% /notice %}}");
    let notice = only_shortcode(&nodes);
    assert_eq!(notice.delimiter, Delimiter::Html);
    assert_eq!(notice.close_span.map(range), Some((16, 31)));
}

#[test]
fn nesting() {
    let text =
        "{{< tabs >}}\n{{< tab \"A\" >}}{{% notice %}}n{{% /notice %}}{{< /tab >}}\n{{< /tabs >}}";
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
    assert_eq!(parsed.errors[0].code(), Code::UnclosedShortcode);
    assert_eq!(Code::UnclosedShortcode.severity(), Severity::Warning);
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
    let text = "{{< a >}}{{< x >}}1{{< notice >}}2{{< /notice >}}3{{< /a >}}{{< x >}}{{< /x >}}";
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
