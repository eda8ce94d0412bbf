//! Tests of heading ids, text and anchors.

use std::collections::HashMap;

use crate::markdown::headings::{level_below, slugify};
use crate::markdown::testing::{Shortcodes, fill, ids, render_plain, render_with};
use crate::markdown::{Callbacks, Heading, PageState, PlaceholderContext, render};

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

/// A stand-in for shortcodes as the renderer treats them: each may write a heading of its own
/// (with an id from the page, like a tab) and renders its nested Markdown with
/// [`PageState::nested`]. Records where each one stood.
#[derive(Default)]
struct Sections {
    /// By placeholder: the label of the heading the shortcode writes, if any, and its body.
    bodies: HashMap<usize, (Option<&'static str>, &'static str)>,
    /// Each placeholder as it was rendered: index, section level, id given.
    seen: Vec<(usize, u8, Option<String>)>,
}

impl Callbacks for Sections {
    fn render_placeholder(
        &mut self,
        index: usize,
        _context: PlaceholderContext,
        state: &mut PageState,
    ) -> String {
        let level = state.section_level();
        let (label, body) = self.bodies.get(&index).copied().unwrap_or((None, ""));
        let id = label.map(|label| state.unique_id(label));
        self.seen.push((index, level, id));
        let body = fill(body);
        let own_heading = label.map(|_| level_below(level));
        state.nested(own_heading, |state| render(&body, state, self))
    }
}

fn sections(markdown: &str, bodies: &[(usize, Option<&'static str>, &'static str)]) -> Sections {
    let mut sections = Sections {
        bodies: bodies
            .iter()
            .map(|&(index, label, body)| (index, (label, body)))
            .collect(),
        seen: Vec::new(),
    };
    let mut state = PageState::default();
    render(&fill(markdown), &mut state, &mut sections);
    sections
}

fn levels(sections: &Sections) -> Vec<(usize, u8)> {
    sections
        .seen
        .iter()
        .map(|(index, level, _)| (*index, *level))
        .collect()
}

#[test]
fn a_shortcode_sits_under_the_last_heading_before_it() {
    let found = sections("@0\n\n## A\n\n@1\n\n### B\n\n@2\n\n## C\n\n@3", &[]);
    // Before any heading, the page's title (level 1).
    assert_eq!(levels(&found), [(0, 1), (1, 2), (2, 3), (3, 2)]);
}

#[test]
fn headings_inside_a_shortcode_end_with_it() {
    // A heading inside a shortcode (a panel's subheading) counts inside it, not after it.
    let found = sections("## A\n\n@0\n\n@1", &[(0, None, "#### Deep\n\n@2\n\ntext")]);
    assert_eq!(levels(&found), [(0, 2), (2, 4), (1, 2)]);
}

#[test]
fn content_under_a_shortcode_heading_is_one_level_below() {
    // A group of two tabs under `##`: each tab writes a heading, so what is nested in a tab
    // (another group) sits under that heading; the second tab stands where the first did.
    let found = sections(
        "## Where\n\n@0\n\n@5",
        &[
            (0, None, "@1\n@2"),
            (1, Some("Cloud"), "### Inside\n\ntext"),
            (2, Some("Onsite"), "@3"),
            (3, None, "@4"),
            (4, Some("Nested"), ""),
        ],
    );
    assert_eq!(
        levels(&found),
        [(0, 2), (1, 2), (2, 2), (3, 3), (4, 3), (5, 2)]
    );
}

#[test]
fn shortcode_ids_are_unique_among_the_page_ids_in_document_order() {
    let mut state = PageState::default();
    let mut found = Sections::default();
    found.bodies.insert(0, (Some("Onsite"), "## Onsite"));
    found.bodies.insert(1, (Some("Onsite"), ""));
    found.bodies.insert(2, (Some("Cloud"), ""));
    let html = render(
        &fill("## Onsite\n\n## Other {#cloud}\n\n@0\n\n@1\n\n@2\n\n## Onsite"),
        &mut state,
        &mut found,
    );
    let given: Vec<_> = found.seen.iter().map(|(_, _, id)| id.clone()).collect();
    assert_eq!(
        given,
        [
            Some("onsite-1".to_owned()),
            Some("onsite-3".to_owned()),
            Some("cloud-1".to_owned()),
        ]
    );
    // The headings around them: before, inside the first shortcode, after.
    assert_eq!(ids(&state), ["onsite", "cloud", "onsite-2", "onsite-4"]);
    assert!(html.contains("<h2 id=\"onsite-4\">"), "{html}");
    // The slug is a heading's.
    assert_eq!(state.unique_id("Vor Ort!"), "vor-ort");
}

#[test]
fn a_heading_below_another_is_one_level_down_and_at_most_h6() {
    assert_eq!(level_below(1), 2);
    assert_eq!(level_below(2), 3);
    assert_eq!(level_below(5), 6);
    assert_eq!(level_below(6), 6);
    assert_eq!(level_below(u8::MAX), 6);
    // Under the page's title at the latest: a shortcode never writes a second `h1`.
    assert_eq!(level_below(0), 2);
    let found = sections("###### Six\n\n@0", &[(0, Some("Tab"), "@1")]);
    assert_eq!(levels(&found), [(0, 6), (1, 6)]);
}
