//! Tests of heading ids, text and anchors.

use crate::markdown::headings::slugify;
use crate::markdown::testing::{Shortcodes, ids, render_plain, render_with};
use crate::markdown::{Heading, PageState, render};

#[test]
fn slugify_examples() {
    assert_eq!(slugify("Ihre Firewall anpassen"), "ihre-firewall-anpassen");
    assert_eq!(
        slugify("Portübersicht | Firewall konfigurieren"),
        "portübersicht-firewall-konfigurieren"
    );
    assert_eq!(slugify("80 / 443"), "80-443");
    assert_eq!(slugify("  __Hello--World__  "), "hello-world");
    assert_eq!(slugify("Straße & Größe"), "straße-größe");
    assert_eq!(slugify("Ελληνικά Κείμενο"), "ελληνικά-κείμενο");
    assert_eq!(slugify("What's new? (v2.0)"), "whats-new-v20");
    assert_eq!(slugify("a\tb\n c"), "a-b-c");
    assert_eq!(slugify("!!!"), "section");
    assert_eq!(slugify(""), "section");
}

#[test]
fn heading_markup_with_anchor_and_classes() {
    assert_eq!(
        render_plain("# Title\n\n## Ihre Firewall anpassen\n\n### Ports {#ports .wide}"),
        "<h1 id=\"title\">Title</h1>\n\
         <h2 id=\"ihre-firewall-anpassen\">Ihre Firewall anpassen \
         <a class=\"anchor\" href=\"#ihre-firewall-anpassen\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n\
         <h3 id=\"ports\" class=\"wide\">Ports \
         <a class=\"anchor\" href=\"#ports\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h3>\n"
    );
}

#[test]
fn heading_ids_are_unique_per_page() {
    let (_, state) = render_with(
        "## Legende\n\n## Legende\n\n## Legende\n\n## Legende 1",
        &mut Shortcodes::default(),
    );
    assert_eq!(
        ids(&state),
        ["legende", "legende-1", "legende-2", "legende-1-1"]
    );
}

#[test]
fn explicit_ids_win_and_reserve_their_name() {
    let (html, state) = render_with(
        "## Intro\n\n## Something {#intro}\n\n## Setup {#setup}\n\n## Setup\n\n## Portübersicht | Firewall",
        &mut Shortcodes::default(),
    );
    // The explicit `intro` comes later but still takes precedence.
    assert_eq!(
        ids(&state),
        [
            "intro-1",
            "intro",
            "setup",
            "setup-1",
            "portübersicht-firewall"
        ]
    );
    assert!(html.contains("<h2 id=\"intro\">Something <a class=\"anchor\" href=\"#intro\""));
}

#[test]
fn explicit_id_is_escaped_in_anchor() {
    assert_eq!(
        render_plain("## X {#a&b}"),
        "<h2 id=\"a&amp;b\">X <a class=\"anchor\" href=\"#a&amp;b\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
    );
}

#[test]
fn heading_text_and_slug_exclude_placeholder_output() {
    let mut shortcodes = Shortcodes::default();
    shortcodes.html.insert(0, "<span>Badge</span>".into());
    let (html, state) = render_with("## Port @0 Übersicht `tcp`", &mut shortcodes);
    assert_eq!(
        state.headings(),
        [Heading {
            level: 2,
            id: "port-übersicht-tcp".into(),
            text: "Port Übersicht tcp".into(),
        }]
    );
    assert!(html.starts_with(
        "<h2 id=\"port-übersicht-tcp\">Port <span>Badge</span> Übersicht <code>tcp</code> <a"
    ));
}

#[test]
fn nested_fragments_get_ids_in_document_order() {
    let mut shortcodes = Shortcodes::default();
    shortcodes.fragments.insert(0, "## A\n\ninner".into());
    let (html, state) = render_with("## A\n\n@0\n\n## A", &mut shortcodes);
    assert_eq!(ids(&state), ["a", "a-1", "a-2"]);
    assert_eq!(
        html,
        "<h2 id=\"a\">A <a class=\"anchor\" href=\"#a\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n\
         <h2 id=\"a-1\">A <a class=\"anchor\" href=\"#a-1\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n\
         <p>inner</p>\n\
         <h2 id=\"a-2\">A <a class=\"anchor\" href=\"#a-2\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
    );
}

#[test]
fn ids_stay_unique_across_separate_render_calls() {
    let mut state = PageState::default();
    let mut shortcodes = Shortcodes::default();
    render("## Legende", &mut state, &mut shortcodes);
    let second = render("## Legende", &mut state, &mut shortcodes);
    assert!(second.starts_with("<h2 id=\"legende-1\">"));
}
