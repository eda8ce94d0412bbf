//! Tests of footnote numbering, markers and the footnote section.

use crate::markdown::testing::{Shortcodes, render_plain, render_with};
use crate::markdown::{PageState, render};

#[test]
fn footnotes_numbered_by_first_reference() {
    let (html, state) = render_with(
        "One[^b] two[^a] three[^b].\n\n[^a]: Note A.\n\n[^b]: Note *B*.\n\nEnd.",
        &mut Shortcodes::default(),
    );
    assert_eq!(
        html,
        "<p>One<sup class=\"footnote-ref\" id=\"fnref-b\"><a href=\"#fn-b\">1</a></sup> \
         two<sup class=\"footnote-ref\" id=\"fnref-a\"><a href=\"#fn-a\">2</a></sup> \
         three<sup class=\"footnote-ref\" id=\"fnref-b-2\"><a href=\"#fn-b\">1</a></sup>.</p>\n\
         <p>End.</p>\n"
    );
    assert_eq!(
        state.footnotes_html(),
        "<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n\
         <li id=\"fn-b\">\n<p>Note <em>B</em>. \
         <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> \
         <a href=\"#fnref-b-2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>\n\
         </li>\n\
         <li id=\"fn-a\">\n<p>Note A. \
         <a href=\"#fnref-a\" class=\"footnote-backref\" aria-label=\"Back to reference 2\">↩</a></p>\n\
         </li>\n</ol>\n</section>\n"
    );
    assert!(state.undefined_footnotes().is_empty());
}

#[test]
fn footnote_labels_are_slugified() {
    let (html, state) = render_with("x[^My Note]\n\n[^my note]: n", &mut Shortcodes::default());
    assert!(html.contains("id=\"fnref-my-note\"><a href=\"#fn-my-note\">1</a>"));
    assert!(state.footnotes_html().contains("<li id=\"fn-my-note\">"));
}

#[test]
fn footnotes_across_fragments() {
    let mut shortcodes = Shortcodes::default();
    // Reference in the outer text, definition in a fragment, and the reverse.
    shortcodes
        .fragments
        .insert(0, "Inner[^in].\n\n[^out]: Defined inside.".into());
    let (html, state) = render_with(
        "Outer[^out].\n\n@0\n\n[^in]: Defined outside.",
        &mut shortcodes,
    );
    assert_eq!(
        html,
        "<p>Outer<sup class=\"footnote-ref\" id=\"fnref-out\"><a href=\"#fn-out\">1</a></sup>.</p>\n\
         <p>Inner<sup class=\"footnote-ref\" id=\"fnref-in\"><a href=\"#fn-in\">2</a></sup>.</p>\n"
    );
    let section = state.footnotes_html();
    assert!(section.contains("<li id=\"fn-out\">\n<p>Defined inside. <a href=\"#fnref-out\""));
    assert!(section.contains("<li id=\"fn-in\">\n<p>Defined outside. <a href=\"#fnref-in\""));
    assert!(section.find("fn-out").unwrap() < section.find("fn-in").unwrap());
}

#[test]
fn footnote_numbering_continues_across_render_calls() {
    let mut state = PageState::default();
    let mut shortcodes = Shortcodes::default();
    render("a[^x]\n\n[^x]: X", &mut state, &mut shortcodes);
    let second = render("b[^y] c[^x]\n\n[^y]: Y", &mut state, &mut shortcodes);
    assert_eq!(
        second,
        "<p>b<sup class=\"footnote-ref\" id=\"fnref-y\"><a href=\"#fn-y\">2</a></sup> \
         c<sup class=\"footnote-ref\" id=\"fnref-x-2\"><a href=\"#fn-x\">1</a></sup></p>\n"
    );
}

#[test]
fn undefined_footnote_keeps_marker_and_is_reported() {
    let (html, state) = render_with("a[^gone] b[^ok]\n\n[^ok]: fine", &mut Shortcodes::default());
    assert_eq!(
        html,
        "<p>a<sup class=\"footnote-ref\" id=\"fnref-gone\"><a href=\"#fn-gone\">1</a></sup> \
         b<sup class=\"footnote-ref\" id=\"fnref-ok\"><a href=\"#fn-ok\">2</a></sup></p>\n"
    );
    assert_eq!(state.undefined_footnotes(), ["gone"]);
    assert!(
        state
            .footnotes_html()
            .contains("<li id=\"fn-ok\" value=\"2\">")
    );
    assert!(!state.footnotes_html().contains("fn-gone"));
}

#[test]
fn no_footnotes_means_empty_section() {
    let (_, state) = render_with(
        "[^unused]: never referenced\n\nText",
        &mut Shortcodes::default(),
    );
    assert_eq!(state.footnotes_html(), "");
    assert_eq!(PageState::default().footnotes_html(), "");
}

#[test]
fn footnote_prelude_does_not_leak_into_output() {
    assert_eq!(
        render_plain("    indented code\n\nref[^a] `[^b]`"),
        "<pre><code>indented code\n</code></pre>\n\
         <p>ref<sup class=\"footnote-ref\" id=\"fnref-a\"><a href=\"#fn-a\">1</a></sup> \
         <code>[^b]</code></p>\n"
    );
}
