//! Tests of the whole diagram: every label shows, and equal input gives equal bytes.

use super::fixtures::{DE, ONSITE, all_doubled, all_real, real, texts};
use super::*;

#[test]
fn shows_every_connection_label_and_the_legend() {
    for input in all_real().iter().chain(&all_doubled()) {
        let diagram = render(input);
        let texts = texts(&diagram.svg);
        let boxes: Vec<&str> = diagram.text_boxes.iter().map(|b| b.text.as_str()).collect();
        let expected = input
            .connections
            .iter()
            .flat_map(|c| [&c.ports, &c.function])
            .chain([
                &input.inside,
                &input.outside,
                &input.firewall,
                &input.outbound,
                &input.inbound,
            ]);
        for text in expected {
            assert!(texts.contains(text), "{text:?} is not in the SVG");
            assert!(boxes.contains(&text.as_str()), "{text:?} has no text box");
        }
        // Every device of a connection and every endpoint used is labelled.
        for c in &input.connections {
            for &d in &c.devices {
                assert!(texts.contains(&input.devices[d].label));
            }
            for e in [c.source, c.destination] {
                assert!(texts.contains(&input.endpoints[e].label));
            }
        }
        assert_eq!(texts.len(), diagram.text_boxes.len());
    }
}

#[test]
fn changing_one_ports_text_changes_the_svg() {
    let input = real(&DE, ONSITE);
    let before = render(&input).svg;
    let mut changed = input.clone();
    changed.connections[3].ports = "8886/TCP".into();
    let after = render(&changed).svg;
    assert_ne!(before, after);
    assert!(after.contains("8886/TCP") && !after.contains("8884/TCP"));
}

#[test]
fn identical_input_gives_identical_bytes() {
    for input in all_real().iter().chain(&all_doubled()) {
        let first = render(input);
        let second = render(&input.clone());
        assert_eq!(first.svg, second.svg);
        assert_eq!(first, second);
    }
}
