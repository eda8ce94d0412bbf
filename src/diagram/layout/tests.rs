//! Tests of the geometry: no text overlaps another, a box or the firewall, on real, doubled
//! and arbitrary data; devices stand at the initiating end; endpoint boxes merge.

use super::*;
use crate::diagram::fixtures::{CLOUD, DE, EN, ONSITE, all_doubled, all_real, doubled, icon, real};
use crate::diagram::text::{FONT_SIZE, line_height};
use crate::diagram::{Connection, Diagram, DiagramInput, Direction, Node, Rect, TextBox, render};

const EPSILON: f64 = 0.01;

fn text_rect(text: &TextBox) -> Rect {
    Rect {
        x: text.x,
        y: text.y,
        width: text.width,
        height: text.height,
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width - EPSILON
        && b.x < a.x + a.width - EPSILON
        && a.y < b.y + b.height - EPSILON
        && b.y < a.y + a.height - EPSILON
}

fn contains(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x - EPSILON
        && inner.y >= outer.y - EPSILON
        && inner.x + inner.width <= outer.x + outer.width + EPSILON
        && inner.y + inner.height <= outer.y + outer.height + EPSILON
}

/// No two texts overlap, no text crosses a box or the firewall band, boxes are nested or
/// apart, and everything lies within the picture.
fn assert_clean(diagram: &Diagram, name: &str) {
    let frame = Rect {
        x: 0.0,
        y: 0.0,
        width: diagram.width,
        height: diagram.height,
    };
    let texts: Vec<Rect> = diagram.text_boxes.iter().map(text_rect).collect();
    for (i, a) in texts.iter().enumerate() {
        let what = &diagram.text_boxes[i].text;
        assert!(
            a.width > 0.0 && a.height > 0.0,
            "{name}: empty box {what:?}"
        );
        assert!(contains(&frame, a), "{name}: {what:?} leaves the picture");
        assert!(
            !overlaps(a, &diagram.firewall),
            "{name}: {what:?} crosses the firewall"
        );
        for (j, b) in texts.iter().enumerate().skip(i + 1) {
            assert!(
                !overlaps(a, b),
                "{name}: {what:?} {a:?} overlaps {:?} {b:?}",
                diagram.text_boxes[j].text
            );
        }
        for node in &diagram.node_boxes {
            assert!(
                contains(node, a) || !overlaps(node, a),
                "{name}: {what:?} {a:?} crosses the box {node:?}"
            );
        }
    }
    for (i, a) in diagram.node_boxes.iter().enumerate() {
        assert!(contains(&frame, a), "{name}: box {a:?} leaves the picture");
        assert!(
            !overlaps(a, &diagram.firewall),
            "{name}: box {a:?} crosses the firewall"
        );
        // Device lists stand inside endpoint boxes; no other boxes meet.
        for b in diagram.node_boxes.iter().skip(i + 1) {
            assert!(
                !overlaps(a, b) || contains(a, b) || contains(b, a),
                "{name}: box {a:?} overlaps {b:?}"
            );
        }
    }
}

#[test]
fn no_overlaps_in_the_real_data() {
    for input in all_real() {
        assert_eq!(input.devices.len(), 5);
        assert_eq!(input.endpoints.len(), 6);
        let diagram = render(&input);
        assert_clean(&diagram, &input.id_prefix);
    }
    // The onsite variant has all 12 rules.
    assert_eq!(real(&DE, ONSITE).connections.len(), 12);
}

#[test]
fn no_overlaps_in_twice_the_data() {
    for input in all_doubled() {
        assert_eq!(input.devices.len(), 10);
        assert_eq!(input.endpoints.len(), 12);
        let diagram = render(&input);
        assert_clean(&diagram, &input.id_prefix);
    }
    assert_eq!(doubled(&DE, ONSITE).connections.len(), 24);
}

/// A small deterministic generator (64-bit LCG) for arbitrary inputs.
struct Random(u64);

impl Random {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }

    fn words(&mut self, max: usize) -> String {
        const WORDS: &[&str] = &[
            "a",
            "Ü",
            "il",
            "WWW",
            "Zeit",
            "mmmm",
            "Netzwerk",
            "Verbindungsaufbau",
            "Telefonprovisionierungsschnittstellenkonfiguration",
            "(NTP)",
            "–",
            "80,",
            "&",
            "<x>",
            "\"q\"",
            "ß",
        ];
        let count = 1 + self.next(max);
        (0..count)
            .map(|_| WORDS[self.next(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[test]
fn no_overlaps_in_arbitrary_data() {
    let mut random = Random(7);
    for case in 0..60 {
        let devices = 1 + random.next(8);
        let endpoints = 2 + random.next(8);
        let node = |random: &mut Random, i: usize| Node {
            id: i.to_string(),
            label: random.words(6),
            icon: if random.next(4) == 0 {
                None
            } else {
                icon("globe")
            },
        };
        let mut input = DiagramInput {
            id_prefix: format!("case-{case}"),
            lang: "de".into(),
            title: random.words(4),
            description: random.words(10),
            inside: random.words(5),
            outside: random.words(5),
            firewall: random.words(3),
            outbound: random.words(5),
            inbound: random.words(5),
            devices: (0..devices).map(|i| node(&mut random, i)).collect(),
            endpoints: (0..endpoints).map(|i| node(&mut random, i)).collect(),
            inside_endpoints: vec![0],
            connections: Vec::new(),
        };
        if random.next(2) == 0 {
            input.inside_endpoints.push(1);
        }
        for i in 0..random.next(30) {
            let direction = if random.next(2) == 0 {
                Direction::Outbound
            } else {
                Direction::Inbound
            };
            input.connections.push(Connection {
                id: i.to_string(),
                ports: random.words(3),
                function: random.words(8),
                direction,
                devices: (0..random.next(6)).map(|_| random.next(devices)).collect(),
                source: random.next(endpoints),
                destination: random.next(endpoints),
            });
        }
        let diagram = render(&input);
        roxmltree::Document::parse(&diagram.svg).expect("valid XML");
        assert_clean(&diagram, &input.id_prefix);
    }
}

#[test]
fn an_empty_diagram_still_has_zones_firewall_and_legend() {
    let mut input = real(&EN, CLOUD);
    input.connections.clear();
    let diagram = render(&input);
    roxmltree::Document::parse(&diagram.svg).unwrap();
    assert_clean(&diagram, "empty");
    assert!(diagram.node_boxes.is_empty());
    assert_eq!(diagram.text_boxes.len(), 5);
    assert!(!diagram.svg.contains("<symbol"));
}

#[test]
fn long_labels_wrap() {
    let diagram = render(&real(&DE, ONSITE));
    let document = roxmltree::Document::parse(&diagram.svg).unwrap();
    let lines_of = |text: &str| {
        document
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .find(|n| {
                n.descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .collect::<Vec<_>>()
                    .join(" ")
                    == text
            })
            .map(|n| n.children().filter(|c| c.has_tag_name("tspan")).count())
            .unwrap_or_else(|| panic!("{text:?} is missing"))
    };
    assert!(lines_of("Internet (Geräte außerhalb Ihres Netzwerks)") >= 2);
    assert!(lines_of("Zugriff auf den pascom Mailserver") >= 2);
    // Short labels stay on one line (a single <text> without <tspan>s).
    assert_eq!(lines_of("Chat"), 0);
    assert_eq!(lines_of("30000–35000/UDP"), 0);
    let internet = diagram
        .text_boxes
        .iter()
        .find(|b| b.text.starts_with("Internet ("))
        .unwrap();
    assert!(internet.height > line_height(FONT_SIZE));
    assert!(internet.width <= ENDPOINT_CAP);
}

#[test]
fn devices_stand_at_the_initiating_end() {
    let input = real(&DE, ONSITE);
    let diagram = render(&input);
    let firewall = diagram.firewall.x;
    let sides = |label: &str| -> (bool, bool) {
        let boxes = diagram.text_boxes.iter().filter(|b| b.text == label);
        let xs: Vec<f64> = boxes.map(|b| b.x).collect();
        (
            xs.iter().any(|&x| x < firewall),
            xs.iter().any(|&x| x > firewall),
        )
    };
    // Mobile clients reach an onsite PBX from outside (SIP) and fetch updates from inside.
    assert_eq!(sides("Mobile Client"), (true, true));
    // The IP phone and the web client only open inbound connections.
    assert_eq!(sides("IP-Telefon"), (false, true));
    assert_eq!(sides("WebClient"), (false, true));
    assert_eq!(sides("pascom Server"), (true, true));
    // The cloud variant has only outbound connections: every device is inside.
    let cloud = render(&real(&DE, CLOUD));
    for label in DE.devices {
        assert!(
            cloud
                .text_boxes
                .iter()
                .filter(|b| b.text == label)
                .all(|b| b.x < cloud.firewall.x)
        );
    }
    // Only the legend's sample of an inbound connection is dashed.
    assert_eq!(cloud.svg.matches("stroke-dasharray").count(), 1);
}

#[test]
fn endpoints_used_by_consecutive_rows_share_a_box() {
    let cloud = render(&real(&DE, CLOUD));
    let count = |diagram: &Diagram, label: &str| {
        diagram
            .text_boxes
            .iter()
            .filter(|b| b.text == label)
            .count()
    };
    // One inside box for all nine rows; pascom.cloud is split by the my.pascom.net row.
    assert_eq!(count(&cloud, "Ihr Netzwerk"), 2); // the zone heading and the box
    assert_eq!(count(&cloud, "pascom.cloud"), 2);
    assert_eq!(count(&cloud, "my.pascom.net"), 1);
    // Endpoint boxes plus one device list per row.
    assert_eq!(cloud.node_boxes.len(), 1 + 3 + 9);
}
