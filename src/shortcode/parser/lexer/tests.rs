//! Tests of the tag syntax: arguments, strings, escapes, text between tags, and malformed tags.

use crate::diagnostics::Span;
use crate::shortcode::parser::testing::{
    args, names, only_shortcode, parse_clean, parse_errors, parse_text, range, shortcode,
    text_range,
};
use crate::shortcode::parser::{Delimiter, Node, ShortcodeError};

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
fn hugo_names_in_folders_and_with_an_underscore() {
    let (parsed, _) = parse_text(
        "{{< blocks/cover title=\"T\" >}}x{{< /blocks/cover >}} {{% _param name %}} {{< icon/>}}",
    );
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let names: Vec<&str> = parsed
        .nodes
        .iter()
        .filter_map(|node| match node {
            Node::Shortcode(shortcode) => Some(shortcode.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["blocks/cover", "_param", "icon"]);
}

#[test]
fn invalid_name() {
    let errors =
        parse_errors("{{< fo@o x >}} {{< -x >}} {{< \"q\" >}} {{< ü >}} {{< a//b >}} {{< a/ >}}");
    assert_eq!(errors.len(), 6);
    let expected = [
        (4, 8, "fo@o"),
        (19, 21, "-x"),
        (30, 33, "\"q\""),
        (42, 44, "ü"),
        (53, 57, "a//b"),
        (66, 68, "a/"),
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
