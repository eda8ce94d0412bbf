//! Tests of the markup: an accessible root, prefixed ids, scoped styles, portable and escaped
//! content, short numbers.

use super::*;
use crate::diagram::fixtures::{
    CLOUD, DE, EN, ONSITE, PASCOM_CLOUD, all_doubled, all_real, real, texts,
};
use crate::diagram::render;

#[test]
fn svg_parses_as_xml_with_an_accessible_root() {
    for input in all_real().iter().chain(&all_doubled()) {
        let diagram = render(input);
        let document = roxmltree::Document::parse(&diagram.svg).expect("valid XML");
        let root = document.root_element();
        let p = &input.id_prefix;
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{p}-title {p}-desc").as_str())
        );
        assert_eq!(root.attribute("lang"), Some(input.lang.as_str()));
        assert_eq!(
            root.attribute("viewBox"),
            Some(format!("0 0 {} {}", num(diagram.width), num(diagram.height)).as_str())
        );
        assert_eq!(root.attribute("width"), Some(num(diagram.width).as_str()));
        assert_eq!(root.attribute("height"), Some(num(diagram.height).as_str()));
        let title = root.first_element_child().unwrap();
        assert_eq!(title.tag_name().name(), "title");
        assert_eq!(title.attribute("id"), Some(format!("{p}-title").as_str()));
        assert_eq!(title.text(), Some(input.title.as_str()));
        let desc = title.next_sibling_element().unwrap();
        assert_eq!(desc.tag_name().name(), "desc");
        assert_eq!(desc.attribute("id"), Some(format!("{p}-desc").as_str()));
        assert_eq!(desc.text(), Some(input.description.as_str()));
    }
}

#[test]
fn every_id_is_prefixed_and_every_reference_resolves() {
    for input in all_real().iter().chain(&all_doubled()) {
        let diagram = render(input);
        let document = roxmltree::Document::parse(&diagram.svg).unwrap();
        let prefix = format!("{}-", input.id_prefix);
        let ids: Vec<&str> = document
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        assert!(ids.len() > 3);
        for id in &ids {
            assert!(id.starts_with(&prefix), "{id} is not prefixed");
        }
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "duplicate ids");
        for node in document.descendants() {
            for attribute in node.attributes() {
                let value = attribute.value();
                let reference = if let Some(inner) = value.strip_prefix("url(#") {
                    Some(inner.trim_end_matches(')'))
                } else if attribute.name() == "href" {
                    Some(value.strip_prefix('#').expect("only local references"))
                } else {
                    None
                };
                if let Some(reference) = reference {
                    assert!(ids.contains(&reference), "{reference} is not defined");
                }
            }
        }
        for id in document
            .root_element()
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
        {
            assert!(ids.contains(&id));
        }
    }
}

#[test]
fn style_is_scoped_to_the_diagram_and_has_a_dark_variant() {
    let diagram = render(&real(&EN, ONSITE));
    let document = roxmltree::Document::parse(&diagram.svg).unwrap();
    let root = document.root_element();
    assert!(
        root.attribute("class")
            .unwrap()
            .split(' ')
            .any(|c| c == "tafel-diagram")
    );
    let style = document
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(style.contains("@media screen and (prefers-color-scheme: dark){"));
    // Every selector: the text before a `{` that is not an at-rule.
    let mut selectors = 0;
    for part in style.split('{') {
        let selector = part.rsplit('}').next().unwrap().trim();
        if selector.is_empty() || selector.starts_with('@') {
            continue;
        }
        for single in selector.split(',') {
            assert!(
                single.trim().starts_with(".tafel-diagram "),
                "unscoped selector {single:?}"
            );
            selectors += 1;
        }
    }
    assert!(selectors >= 8);
}

#[test]
fn portable_markup() {
    let diagram = render(&real(&DE, ONSITE));
    let document = roxmltree::Document::parse(&diagram.svg).unwrap();
    for node in document.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !["image", "script", "foreignObject", "a", "font-face"].contains(&name),
            "<{name}>"
        );
        for attribute in node.attributes() {
            let value = attribute.value();
            assert!(
                !value.contains("http") || attribute.name() == "xmlns",
                "{} = {value}",
                attribute.name()
            );
            // Computed numbers have at most one decimal (opacities are constants).
            if attribute.name().ends_with("opacity") {
                continue;
            }
            for number in value.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
                if let Some((_, decimals)) = number.split_once('.') {
                    assert!(decimals.len() <= 1 || name == "symbol" || is_icon(node));
                }
            }
        }
    }
    let root = document.root_element();
    assert!(
        root.attribute("font-family")
            .unwrap()
            .ends_with("sans-serif")
    );
    assert_eq!(root.attribute("fill"), Some("currentColor"));
    assert!(!diagram.svg.contains("@import") && !diagram.svg.contains("url(http"));
}

/// Whether a node is part of an icon's body (copied from the theme as it is).
fn is_icon(node: roxmltree::Node) -> bool {
    node.ancestors().any(|a| a.has_tag_name("symbol"))
}

#[test]
fn text_is_escaped() {
    let mut input = real(&EN, CLOUD);
    input.title = "Ports & \"rules\" <cloud>".into();
    input.id_prefix = "a\"b".into();
    input.connections[0].function = "SIP & <TLS> \"secure\" 'x'".into();
    input.endpoints[PASCOM_CLOUD].label = "Cloud <&>".into();
    let diagram = render(&input);
    assert!(diagram.svg.contains("&amp; &lt;TLS&gt;"));
    assert!(diagram.svg.contains("&quot;secure&quot; &#39;x&#39;"));
    assert!(diagram.svg.contains("a&quot;b-title"));
    let texts = texts(&diagram.svg);
    assert!(texts.contains(&"SIP & <TLS> \"secure\" 'x'".to_owned()));
    assert!(texts.contains(&"Cloud <&>".to_owned()));
    let document = roxmltree::Document::parse(&diagram.svg).unwrap();
    assert_eq!(
        document
            .root_element()
            .first_element_child()
            .unwrap()
            .text(),
        Some("Ports & \"rules\" <cloud>")
    );
}

#[test]
fn numbers_have_at_most_one_decimal() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.25), "12.3");
    assert_eq!(num(0.04), "0");
    assert_eq!(num(-0.04), "0");
    assert_eq!(num(-3.04), "-3");
    assert_eq!(num(-2.96), "-3");
    assert_eq!(num(-3.16), "-3.2");
    assert_eq!(num(0.1 + 0.2), "0.3");
}
