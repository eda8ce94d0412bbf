//! The markup of one diagram: writes the parts that the layout placed as an SVG element, and
//! records the geometry of every text and box it draws.
//!
//! # Markup
//!
//! The root `<svg>` has `role="img"`, a `<title>` and a `<desc>` named by `aria-labelledby`,
//! and the page's `lang`. Every `id` starts with [`DiagramInput::id_prefix`]. There are no
//! external fonts, images or scripts; text uses the system font stack of the theme. Text and
//! neutral lines use `currentColor`, so the diagram follows the page's colour in light and dark
//! schemes; the two accent colours (outbound, inbound) come from a `<style>` whose selectors are
//! all scoped under the root's class `tafel-diagram`, with a `prefers-color-scheme: dark`
//! variant for screens only: paper is white whatever the reader's preference, so print keeps
//! the light colours (as the theme's print palette makes `currentColor` dark). The base accent
//! colours keep a contrast of at least 3:1 against both white and the theme's dark background,
//! so they stay visible even where a page darkens itself without the
//! media query. All text is escaped; numbers have at most one decimal.

use std::fmt::Write as _;

use super::layout::{IconLabel, Layout, Side};
use super::text::{Block, FONT_SIZE, line_height};
use super::{Diagram, DiagramInput, Direction, Rect, TextBox, round_rect, round1};

const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', sans-serif";

// Connectors.
const ARROW_LENGTH: f64 = 10.0;
const ARROW_HALF_WIDTH: f64 = 5.0;

/// The style sheet. Every selector starts with `.tafel-diagram `, so nothing outside the
/// diagram is affected. The base colours keep at least 3:1 against white and `#11161d`.
const STYLE: &str = "\
.tafel-diagram .td-out{stroke:#2563eb}\
.tafel-diagram .td-in{stroke:#b45309}\
.tafel-diagram .td-out-fill{fill:#2563eb}\
.tafel-diagram .td-in-fill{fill:#b45309}\
.tafel-diagram .td-zone-in{fill:#2563eb;fill-opacity:.06}\
@media screen and (prefers-color-scheme: dark){\
.tafel-diagram .td-out{stroke:#6cb2ff}\
.tafel-diagram .td-in{stroke:#f0b25a}\
.tafel-diagram .td-out-fill{fill:#6cb2ff}\
.tafel-diagram .td-in-fill{fill:#f0b25a}\
.tafel-diagram .td-zone-in{fill:#6cb2ff;fill-opacity:.08}\
}";

/// Writes the diagram that `layout` placed. Later parts cover earlier ones: the zones and the
/// firewall lie under the connectors, the connectors under the boxes and the texts.
pub(super) fn draw(layout: &Layout, input: &DiagramInput) -> Diagram {
    let mut drawing = Drawing {
        layout,
        input,
        prefix: crate::html::escape(&input.id_prefix),
        svg: Svg::default(),
    };
    drawing.open_root();
    drawing.write_definitions();
    drawing.draw_zones();
    drawing.draw_firewall();
    drawing.draw_connectors();
    drawing.draw_endpoint_boxes();
    drawing.draw_device_lists();
    drawing.draw_connector_labels();
    drawing.draw_headings();
    drawing.draw_legend();
    drawing.finish()
}

/// One diagram being written: what the layout placed, and the markup so far.
struct Drawing<'a> {
    layout: &'a Layout,
    input: &'a DiagramInput,
    /// [`DiagramInput::id_prefix`], escaped.
    prefix: String,
    svg: Svg,
}

impl Drawing<'_> {
    /// The root element with its size, language and font, then the accessible name, the text
    /// alternative and the style sheet.
    fn open_root(&mut self) {
        let (layout, input, prefix) = (self.layout, self.input, &self.prefix);
        let _ = write!(
            self.svg.out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="tafel-diagram" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" lang="{lang}" font-family="{FONT_FAMILY}" font-size="{size}" fill="currentColor" style="max-width:100%;height:auto">"#,
            w = num(layout.width),
            h = num(layout.height),
            lang = crate::html::escape(&input.lang),
            size = num(FONT_SIZE),
        );
        let _ = write!(
            self.svg.out,
            r#"<title id="{prefix}-title">{}</title><desc id="{prefix}-desc">{}</desc><style>{STYLE}</style>"#,
            crate::html::escape(&input.title),
            crate::html::escape(&input.description),
        );
    }

    /// The icons that the diagram shows, once each, as symbols; the firewall's bricks as a
    /// pattern.
    fn write_definitions(&mut self) {
        let (input, prefix) = (self.input, &self.prefix);
        self.svg.out.push_str("<defs>");
        let (used_devices, used_endpoints) = icons_in_use(self.layout, input);
        for (kind, nodes, used) in [
            (NodeKind::Device, &input.devices, &used_devices),
            (NodeKind::Endpoint, &input.endpoints, &used_endpoints),
        ] {
            let kind = kind.symbol();
            for (index, node) in nodes.iter().enumerate() {
                if let (Some(icon), true) = (&node.icon, used[index]) {
                    let _ = write!(
                        self.svg.out,
                        r#"<symbol id="{prefix}-icon-{kind}{index}" viewBox="{}" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</symbol>"#,
                        crate::html::escape(&icon.view_box),
                        icon.body,
                    );
                }
            }
        }
        let firewall = self.layout.firewall_band();
        let _ = write!(
            self.svg.out,
            r#"<pattern id="{prefix}-bricks" patternUnits="userSpaceOnUse" x="{x}" y="{y}" width="16" height="12"><path d="M0 6H16M0 12H16M8 0V6M0 6V12M16 6V12" fill="none" stroke="currentColor" stroke-opacity=".45"/></pattern>"#,
            x = num(firewall.x),
            y = num(firewall.y),
        );
        self.svg.out.push_str("</defs>");
    }

    /// The customer's network, tinted in the outbound colour, and the outside, barely shaded.
    fn draw_zones(&mut self) {
        let inside = self.layout.inside_zone();
        let _ = write!(
            self.svg.out,
            r#"<rect class="td-zone-in" x="{}" y="{}" width="{}" height="{}" rx="10"/>"#,
            num(inside.x),
            num(inside.y),
            num(inside.width),
            num(inside.height),
        );
        let outside = self.layout.outside_zone();
        let _ = write!(
            self.svg.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="10" fill-opacity=".035"/>"#,
            num(outside.x),
            num(outside.y),
            num(outside.width),
            num(outside.height),
        );
    }

    /// The firewall: a brick band with an edge on either side.
    fn draw_firewall(&mut self) {
        let firewall = self.layout.firewall_band();
        let prefix = &self.prefix;
        let _ = write!(
            self.svg.out,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill-opacity=".14"/><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#{prefix}-bricks)"/><path d="M{x} {y}V{b}M{r} {y}V{b}" fill="none" stroke="currentColor" stroke-width="1.5"/>"#,
            x = num(firewall.x),
            y = num(firewall.y),
            w = num(firewall.width),
            h = num(firewall.height),
            r = num(firewall.x + firewall.width),
            b = num(firewall.y + firewall.height),
        );
    }

    /// One connector per row, with its arrowhead at the target and a dot where it passes the
    /// firewall. They go under the boxes and labels.
    fn draw_connectors(&mut self) {
        let centre = self.layout.firewall_centre();
        for row in &self.layout.rows {
            let y = row.line_y();
            let class = direction_class(row.direction);
            let (from, to) = self.layout.connector_ends(row);
            match row.source_side {
                Side::Inside => {
                    self.svg
                        .line(from, to - ARROW_LENGTH + 1.0, y, row.direction);
                    self.svg.arrowhead(to, y, 1.0, class);
                }
                Side::Outside => {
                    self.svg
                        .line(to + ARROW_LENGTH - 1.0, from, y, row.direction);
                    self.svg.arrowhead(to, y, -1.0, class);
                }
            }
            let _ = write!(
                self.svg.out,
                r#"<circle class="{class}-fill" cx="{}" cy="{}" r="3.5"/>"#,
                num(centre),
                num(y),
            );
        }
    }

    /// The endpoint boxes of both columns, each with its icon and label.
    fn draw_endpoint_boxes(&mut self) {
        let layout = self.layout;
        for column in [&layout.inside, &layout.outside] {
            for group in &column.boxes {
                self.svg
                    .node_box(layout.endpoint_rect(column, group), ".07", ".5", "8");
                let content = layout.endpoint_content(column, group);
                self.icon_and_label(NodeKind::Endpoint, group.endpoint, &group.label, &content);
            }
        }
    }

    /// The device lists, inside the source endpoint's box.
    fn draw_device_lists(&mut self) {
        let layout = self.layout;
        for row in &layout.rows {
            if row.devices.is_empty() {
                continue;
            }
            self.svg
                .node_box(layout.device_list_rect(row), ".05", ".35", "6");
            for ((device, label), item) in row.devices.iter().zip(layout.device_items(row)) {
                self.icon_and_label(NodeKind::Device, *device, label, &item);
            }
        }
    }

    /// A device's or an endpoint's icon, where it has one, and its label.
    fn icon_and_label(&mut self, kind: NodeKind, index: usize, label: &Block, at: &IconLabel) {
        let node = match kind {
            NodeKind::Device => &self.input.devices[index],
            NodeKind::Endpoint => &self.input.endpoints[index],
        };
        if node.icon.is_some() {
            let (x, y) = at.icon;
            let symbol = kind.symbol();
            self.svg
                .icon(&self.prefix, symbol, index, x, y, at.icon_size);
        }
        let (x, top) = at.label;
        self.svg.text(label, x, top, Anchor::Start);
    }

    /// The ports above each connector and the function below it.
    fn draw_connector_labels(&mut self) {
        let layout = self.layout;
        for row in &layout.rows {
            let (x, top) = layout.ports_at(row);
            self.svg.text(&row.ports, x, top, Anchor::Start);
            let (x, top) = layout.function_at(row);
            self.svg.text(&row.function, x, top, Anchor::Start);
        }
    }

    /// The headings of the two zones, and the firewall's, centred over the band.
    fn draw_headings(&mut self) {
        let layout = self.layout;
        let top = layout.headings_top();
        let headings = &layout.headings;
        self.svg
            .text(&headings.inside, layout.inside.x, top, Anchor::Start);
        self.svg.text(
            &headings.firewall,
            layout.firewall_centre(),
            top,
            Anchor::Middle,
        );
        self.svg.text(
            &headings.outside,
            layout.outside_heading_x,
            top,
            Anchor::Start,
        );
    }

    /// A sample connector of each direction, with its text.
    fn draw_legend(&mut self) {
        let legend = &self.layout.legend;
        for (index, direction) in [Direction::Outbound, Direction::Inbound]
            .into_iter()
            .enumerate()
        {
            let (start, tip, y) = legend.sample(index);
            self.svg.line(start, tip - ARROW_LENGTH + 1.0, y, direction);
            self.svg.arrowhead(tip, y, 1.0, direction_class(direction));
            let (x, top) = legend.text_at(index);
            self.svg.text(&legend.entries[index], x, top, Anchor::Start);
        }
    }

    /// Closes the root and hands the markup over with the geometry drawn.
    fn finish(mut self) -> Diagram {
        self.svg.out.push_str("</svg>");
        Diagram {
            svg: self.svg.out,
            width: self.layout.width,
            height: self.layout.height,
            text_boxes: self.svg.text_boxes,
            node_boxes: self.svg.node_boxes,
            firewall: round_rect(self.layout.firewall_band()),
        }
    }
}

/// Whether an icon is a device's or an endpoint's.
#[derive(Debug, Clone, Copy)]
enum NodeKind {
    Device,
    Endpoint,
}

impl NodeKind {
    /// The letter that tells the two apart in symbol ids (`{prefix}-icon-d3`).
    fn symbol(self) -> &'static str {
        match self {
            NodeKind::Device => "d",
            NodeKind::Endpoint => "e",
        }
    }
}

/// Which devices and which endpoints the rows show, so that only their icons are defined.
fn icons_in_use(layout: &Layout, input: &DiagramInput) -> (Vec<bool>, Vec<bool>) {
    let mut used_devices = vec![false; input.devices.len()];
    let mut used_endpoints = vec![false; input.endpoints.len()];
    for row in &layout.rows {
        used_endpoints[row.inside_endpoint] = true;
        used_endpoints[row.outside_endpoint] = true;
        for (device, _) in &row.devices {
            used_devices[*device] = true;
        }
    }
    (used_devices, used_endpoints)
}

fn direction_class(direction: Direction) -> &'static str {
    match direction {
        Direction::Outbound => "td-out",
        Direction::Inbound => "td-in",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
}

/// The markup being written and the geometry recorded with it.
#[derive(Default)]
struct Svg {
    out: String,
    text_boxes: Vec<TextBox>,
    node_boxes: Vec<Rect>,
}

impl Svg {
    /// A horizontal connector segment in the style of its direction.
    fn line(&mut self, x1: f64, x2: f64, y: f64, direction: Direction) {
        let dash = match direction {
            Direction::Outbound => "",
            Direction::Inbound => r#" stroke-dasharray="7 4""#,
        };
        let _ = write!(
            self.out,
            r#"<path class="{}" d="M{} {}H{}" fill="none" stroke-width="2"{dash}/>"#,
            direction_class(direction),
            num(x1),
            num(y),
            num(x2),
        );
    }

    /// An arrowhead whose tip is at (`x`, `y`), pointing right (`1.0`) or left (`-1.0`).
    fn arrowhead(&mut self, x: f64, y: f64, towards: f64, class: &str) {
        let base = x - towards * ARROW_LENGTH;
        let _ = write!(
            self.out,
            r#"<path class="{class}-fill" d="M{} {}L{} {}L{} {}Z"/>"#,
            num(x),
            num(y),
            num(base),
            num(y - ARROW_HALF_WIDTH),
            num(base),
            num(y + ARROW_HALF_WIDTH),
        );
    }

    fn node_box(&mut self, rect: Rect, fill: &str, stroke: &str, radius: &str) {
        let rect = round_rect(rect);
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{radius}" fill-opacity="{fill}" stroke="currentColor" stroke-opacity="{stroke}"/>"#,
            num(rect.x),
            num(rect.y),
            num(rect.width),
            num(rect.height),
        );
        self.node_boxes.push(rect);
    }

    fn icon(&mut self, prefix: &str, kind: &str, index: usize, x: f64, y: f64, size: f64) {
        let _ = write!(
            self.out,
            "<use href=\"#{prefix}-icon-{kind}{index}\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\"/>",
            num(x),
            num(y),
            s = num(size),
        );
    }

    /// A text block whose top-left corner (or top centre) is at (`x`, `top`).
    fn text(&mut self, block: &Block, x: f64, top: f64, anchor: Anchor) {
        if block.lines.is_empty() {
            return;
        }
        let lh = line_height(block.size);
        let mut attributes = String::new();
        if block.size != FONT_SIZE {
            let _ = write!(attributes, r#" font-size="{}""#, num(block.size));
        }
        if block.bold {
            attributes.push_str(r#" font-weight="bold""#);
        }
        if anchor == Anchor::Middle {
            attributes.push_str(r#" text-anchor="middle""#);
        }
        // The baseline sits so that the glyphs are centred in their line.
        let baseline = |line: usize| top + line as f64 * lh + lh / 2.0 + 0.35 * block.size;
        if let [line] = block.lines.as_slice() {
            let _ = write!(
                self.out,
                r#"<text x="{}" y="{}"{attributes}>{}</text>"#,
                num(x),
                num(baseline(0)),
                crate::html::escape(line),
            );
        } else {
            let _ = write!(self.out, "<text{attributes}>");
            for (index, line) in block.lines.iter().enumerate() {
                let _ = write!(
                    self.out,
                    r#"<tspan x="{}" y="{}">{}</tspan>"#,
                    num(x),
                    num(baseline(index)),
                    crate::html::escape(line),
                );
            }
            self.out.push_str("</text>");
        }
        let left = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - block.width / 2.0,
        };
        self.text_boxes.push(TextBox {
            text: block.text.clone(),
            x: round1(left),
            y: round1(top),
            width: round1(block.width),
            height: round1(block.height()),
        });
    }
}

/// A number with at most one decimal and no trailing `.0`: `12`, `12.5`, `-3.1`.
fn num(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    if tenths.is_multiple_of(10) {
        format!("{sign}{}", tenths / 10)
    } else {
        format!("{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests;
