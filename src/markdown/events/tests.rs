//! Tests of splicing placeholder output: block and inline placement, the URL context, and
//! calls once per placeholder in document order.

use crate::markdown::PlaceholderContext::{Html, Url};
use crate::markdown::testing::{Shortcodes, render_with};
use crate::markdown::{PageState, placeholder, render};

#[test]
fn block_placeholder_paragraph_is_not_wrapped() {
    let mut shortcodes = Shortcodes::default();
    shortcodes
        .html
        .insert(0, "<div class=\"tabs\">T</div>".into());
    shortcodes.html.insert(2, "<div>N</div>\n".into());
    let (html, _) = render_with("Before\n\n@0\n\n  @1 \n@2\n\nAfter", &mut shortcodes);
    assert_eq!(
        html,
        "<p>Before</p>\n<div class=\"tabs\">T</div>\n<x-1/>\n<div>N</div>\n<p>After</p>\n"
    );
}

#[test]
fn inline_placeholder_stays_in_paragraph() {
    let mut shortcodes = Shortcodes::default();
    shortcodes.html.insert(0, "<kbd>Ctrl</kbd>".into());
    let (html, _) = render_with("Press @0 now.\n\n**@1**", &mut shortcodes);
    assert_eq!(
        html,
        "<p>Press <kbd>Ctrl</kbd> now.</p>\n<p><strong><x-1/></strong></p>\n"
    );
}

#[test]
fn placeholder_next_to_special_characters_is_not_split() {
    let (html, _) = render_with(
        "@0*x @1_y @2[z @3<q @4&amp; @5\\* @6`",
        &mut Shortcodes::default(),
    );
    assert_eq!(
        html,
        "<p><x-0/>*x <x-1/>_y <x-2/>[z <x-3/>&lt;q <x-4/>&amp; <x-5/>* <x-6/>`</p>\n"
    );
}

#[test]
fn placeholder_in_link_destination_uses_url_context_and_is_escaped() {
    let mut shortcodes = Shortcodes::default();
    shortcodes.urls.insert(1, "/a b?x=1&y=\"q\"".into());
    shortcodes.urls.insert(2, "Say \"hi\" & <go>".into());
    let (html, _) = render_with("[text @0](@1 \"@2\")", &mut shortcodes);
    assert_eq!(
        html,
        "<p><a href=\"/a%20b?x=1&amp;y=%22q%22\" title=\"Say &quot;hi&quot; &amp; &lt;go&gt;\">\
         text <x-0/></a></p>\n"
    );
    assert_eq!(shortcodes.calls, [(0, Html), (1, Url), (2, Url)]);
}

#[test]
fn placeholder_in_image_uses_url_context_for_src_and_alt() {
    let mut shortcodes = Shortcodes::default();
    shortcodes.urls.insert(0, "a \"b\"".into());
    let (html, _) = render_with("![alt @0](/img/@1.png)", &mut shortcodes);
    assert_eq!(
        html,
        "<p><img src=\"/img//u1.png\" alt=\"alt a &quot;b&quot;\" /></p>\n"
    );
    assert_eq!(shortcodes.calls, [(0, Url), (1, Url)]);
}

#[test]
fn autolink_placeholder_is_rendered_once() {
    let mut shortcodes = Shortcodes::default();
    shortcodes.urls.insert(0, "example.org/a&b".into());
    let (html, _) = render_with("<https://@0>", &mut shortcodes);
    assert_eq!(
        html,
        "<p><a href=\"https://example.org/a&amp;b\">https://example.org/a&amp;b</a></p>\n"
    );
    assert_eq!(shortcodes.calls, [(0, Url)]);
}

#[test]
fn reference_definition_placeholder_is_rendered_once() {
    let mut shortcodes = Shortcodes::default();
    let (html, _) = render_with("@0 [one][r] and [two][r]\n\n[r]: @1\n\n@2", &mut shortcodes);
    assert_eq!(
        html,
        "<p><x-0/> <a href=\"/u1\">one</a> and <a href=\"/u1\">two</a></p>\n<x-2/>\n"
    );
    assert_eq!(shortcodes.calls, [(0, Html), (1, Url), (2, Html)]);

    // A definition before its use, and one never used, are resolved in place.
    let mut shortcodes = Shortcodes::default();
    render_with("[r]: @0\n[s]: @1\n\n@2 [x][r]", &mut shortcodes);
    assert_eq!(shortcodes.calls, [(0, Url), (1, Url), (2, Html)]);
}

#[test]
fn placeholders_in_code_and_html() {
    let mut shortcodes = Shortcodes::default();
    shortcodes.html.insert(0, "<i>v</i>".into());
    let (html, _) = render_with(
        "`a < @0`\n\n```sh\nrun @1 <x>\n```\n\n<div title=\"@2\">\n@3\n</div>\n\nInline <span data-x=\"@4\">s</span>",
        &mut shortcodes,
    );
    assert_eq!(
        html,
        "<p><code>a &lt; <i>v</i></code></p>\n\
         <pre><code class=\"language-sh\">run <x-1/> &lt;x&gt;\n</code></pre>\n\
         <div title=\"<x-2/>\">\n<x-3/>\n</div>\n\
         <p>Inline <span data-x=\"<x-4/>\">s</span></p>\n"
    );
}

#[test]
fn callback_runs_once_per_placeholder_in_document_order() {
    let mut shortcodes = Shortcodes::default();
    shortcodes
        .fragments
        .insert(3, format!("nested {}", placeholder(9)));
    let (_, _) = render_with(
        "# H @0\n\n[t @1](@2)\n\n@3\n\n| @4 | b |\n|---|---|\n| `@5` | [^n] |\n\n[^n]: note @6\n\n<p>@7</p>\n\n- @8",
        &mut shortcodes,
    );
    assert_eq!(
        shortcodes.calls,
        [
            (0, Html),
            (1, Html),
            (2, Url),
            (3, Html),
            (9, Html),
            (4, Html),
            (5, Html),
            (6, Html),
            (7, Html),
            (8, Html),
        ]
    );
}

#[test]
fn malformed_placeholders_stay_text() {
    let mut shortcodes = Shortcodes::default();
    let text = "a\u{E000}x\u{E001} b\u{E000}\u{E001} c\u{E000}99999999999999999999999\u{E001} d\u{E000}12 e\u{E001}";
    let mut state = PageState::default();
    let html = render(text, &mut state, &mut shortcodes);
    assert_eq!(html, format!("<p>{text}</p>\n"));
    assert!(shortcodes.calls.is_empty());
}
