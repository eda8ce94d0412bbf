//! Tests of whole parses: errors from both passes in one run, and robustness against mangled
//! input.

use crate::diagnostics::{Diagnostic, SourceMap, Span, render_terminal};

use super::testing::{check_reassembles, names, parse_text, requires_body};
use super::{Node, ShortcodeError, parse};

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
        "{{<", "{{%", ">}}", "%}}", "/>}}", "/%}}", "/", " ", "\n", "\t", "x", "tabs", "notice",
        "k=", "=", "\"", "\\", "\\ü", "`", "ü", "😀", "{{", "}}", "/*", "*/", "a.b", "é=1",
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
