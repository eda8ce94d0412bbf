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
//! variant. The base accent colours keep a contrast of at least 3:1 against both white and the
//! theme's dark background, so they stay visible even where a page darkens itself without the
//! media query. All text is escaped; numbers have at most one decimal.

use std::fmt::Write as _;

use super::layout::*;
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
@media (prefers-color-scheme: dark){\
.tafel-diagram .td-out{stroke:#6cb2ff}\
.tafel-diagram .td-in{stroke:#f0b25a}\
.tafel-diagram .td-out-fill{fill:#6cb2ff}\
.tafel-diagram .td-in-fill{fill:#f0b25a}\
.tafel-diagram .td-zone-in{fill:#6cb2ff;fill-opacity:.08}\
}";

/// Writes the diagram that `layout` placed.
pub(super) fn draw(layout: &Layout, input: &DiagramInput) -> Diagram {
    let prefix = crate::html::escape(&input.id_prefix);
    let mut svg = Svg::default();
    let (width, height) = (layout.width, layout.height);
    let _ = write!(
        svg.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="tafel-diagram" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" lang="{lang}" font-family="{FONT_FAMILY}" font-size="{size}" fill="currentColor" style="max-width:100%;height:auto">"#,
        w = num(width),
        h = num(height),
        lang = crate::html::escape(&input.lang),
        size = num(FONT_SIZE),
    );
    let _ = write!(
        svg.out,
        r#"<title id="{prefix}-title">{}</title><desc id="{prefix}-desc">{}</desc><style>{STYLE}</style>"#,
        crate::html::escape(&input.title),
        crate::html::escape(&input.description),
    );

    // Icons, once each, as symbols; the firewall's bricks as a pattern.
    let firewall = Rect {
        x: layout.firewall_x,
        y: layout.rows_top,
        width: FIREWALL_WIDTH,
        height: layout.zone_bottom - layout.rows_top,
    };
    svg.out.push_str("<defs>");
    let mut used_devices = vec![false; input.devices.len()];
    let mut used_endpoints = vec![false; input.endpoints.len()];
    for row in &layout.rows {
        used_endpoints[row.inside_endpoint] = true;
        used_endpoints[row.outside_endpoint] = true;
        for (device, _) in &row.devices {
            used_devices[*device] = true;
        }
    }
    for (kind, nodes, used) in [
        ("d", &input.devices, &used_devices),
        ("e", &input.endpoints, &used_endpoints),
    ] {
        for (index, node) in nodes.iter().enumerate() {
            if let (Some(icon), true) = (&node.icon, used[index]) {
                let _ = write!(
                    svg.out,
                    r#"<symbol id="{prefix}-icon-{kind}{index}" viewBox="{}" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</symbol>"#,
                    crate::html::escape(&icon.view_box),
                    icon.body,
                );
            }
        }
    }
    let _ = write!(
        svg.out,
        r#"<pattern id="{prefix}-bricks" patternUnits="userSpaceOnUse" x="{x}" y="{y}" width="16" height="12"><path d="M0 6H16M0 12H16M8 0V6M0 6V12M16 6V12" fill="none" stroke="currentColor" stroke-opacity=".45"/></pattern>"#,
        x = num(firewall.x),
        y = num(firewall.y),
    );
    svg.out.push_str("</defs>");

    // Zones.
    let inside_zone_right = layout.firewall_x - FIREWALL_GAP;
    let zone_height = layout.zone_bottom - layout.zone_y;
    let _ = write!(
        svg.out,
        r#"<rect class="td-zone-in" x="{}" y="{}" width="{}" height="{}" rx="10"/>"#,
        num(MARGIN),
        num(layout.zone_y),
        num(inside_zone_right - MARGIN),
        num(zone_height),
    );
    let _ = write!(
        svg.out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="10" fill-opacity=".035"/>"#,
        num(layout.outside_zone_x),
        num(layout.zone_y),
        num(layout.width - MARGIN - layout.outside_zone_x),
        num(zone_height),
    );

    // The firewall: a brick band.
    let _ = write!(
        svg.out,
        r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill-opacity=".14"/><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#{prefix}-bricks)"/><path d="M{x} {y}V{b}M{r} {y}V{b}" fill="none" stroke="currentColor" stroke-width="1.5"/>"#,
        x = num(firewall.x),
        y = num(firewall.y),
        w = num(firewall.width),
        h = num(firewall.height),
        r = num(firewall.x + firewall.width),
        b = num(firewall.y + firewall.height),
    );

    // Connectors, under the boxes and labels: from the initiator (the device list, or the
    // source box) to the target box, with an arrowhead at the target.
    let centre = layout.firewall_x + FIREWALL_WIDTH / 2.0;
    for row in &layout.rows {
        let y = row.line_y();
        let has_devices = !row.devices.is_empty();
        let class = direction_class(row.direction);
        match row.source_side {
            Side::Inside => {
                let from = if has_devices {
                    let (x, width) = layout.device_list(Side::Inside);
                    x + width
                } else {
                    layout.inside.x + layout.inside.width
                };
                let to = layout.outside.x;
                svg.line(from, to - ARROW_LENGTH + 1.0, y, row.direction);
                svg.arrowhead(to, y, 1.0, class);
            }
            Side::Outside => {
                let from = if has_devices {
                    layout.device_list(Side::Outside).0
                } else {
                    layout.outside.x
                };
                let to = layout.inside.x + layout.inside.width;
                svg.line(to + ARROW_LENGTH - 1.0, from, y, row.direction);
                svg.arrowhead(to, y, -1.0, class);
            }
        }
        // Where it passes the firewall.
        let _ = write!(
            svg.out,
            r#"<circle class="{class}-fill" cx="{}" cy="{}" r="3.5"/>"#,
            num(centre),
            num(y),
        );
    }

    // Endpoint boxes.
    for column in [&layout.inside, &layout.outside] {
        for group in &column.boxes {
            let (top, bottom) = layout.box_span(group);
            let rect = Rect {
                x: column.x,
                y: top,
                width: column.width,
                height: bottom - top,
            };
            svg.node_box(rect, ".07", ".5", "8");
            let content = group.content_height();
            // A heading over device lists sits at the top; a box of one row faces its
            // connector as far as it can; a taller box centres its label.
            let content_top = if group.has_devices {
                top + BOX_PAD_Y
            } else if group.first == group.last {
                let facing = layout.rows[group.first].line_y() - content / 2.0;
                facing.clamp(top + BOX_PAD_Y, bottom - BOX_PAD_Y - content)
            } else {
                top + (bottom - top - content) / 2.0
            };
            let icon_x = column.x + BOX_PAD_X;
            if input.endpoints[group.endpoint].icon.is_some() {
                svg.icon(
                    &prefix,
                    "e",
                    group.endpoint,
                    icon_x,
                    content_top + (content - ENDPOINT_ICON) / 2.0,
                    ENDPOINT_ICON,
                );
            }
            let text_top = content_top + (content - group.label.height()) / 2.0;
            svg.text(
                &group.label,
                icon_x + ENDPOINT_ICON + ICON_GAP,
                text_top,
                Anchor::Start,
            );
        }
    }

    // Device lists, inside the source endpoint's box.
    for row in &layout.rows {
        if row.devices.is_empty() {
            continue;
        }
        let (x, width) = layout.device_list(row.source_side);
        let top = row.line_y() - row.devices_height / 2.0;
        let rect = Rect {
            x,
            y: top,
            width,
            height: row.devices_height,
        };
        svg.node_box(rect, ".05", ".35", "6");
        let mut item_top = top + DEVICE_PAD_Y;
        for (device, label) in &row.devices {
            let item = device_item(label);
            let icon_x = x + DEVICE_PAD_X;
            if input.devices[*device].icon.is_some() {
                svg.icon(
                    &prefix,
                    "d",
                    *device,
                    icon_x,
                    item_top + (item - DEVICE_ICON) / 2.0,
                    DEVICE_ICON,
                );
            }
            svg.text(
                label,
                icon_x + DEVICE_ICON + DEVICE_ICON_GAP,
                item_top + (item - label.height()) / 2.0,
                Anchor::Start,
            );
            item_top += item;
        }
    }

    // Connector labels: ports above the line, function below.
    let label_x = layout.lane_x + LANE_PAD;
    for row in &layout.rows {
        let y = row.line_y();
        svg.text(
            &row.ports,
            label_x,
            y - LABEL_GAP - row.ports.height(),
            Anchor::Start,
        );
        svg.text(&row.function, label_x, y + LABEL_GAP, Anchor::Start);
    }

    // Headings.
    let heading_y = layout.zone_y + HEADING_PAD_TOP;
    svg.text(
        &layout.headings.inside,
        layout.inside.x,
        heading_y,
        Anchor::Start,
    );
    svg.text(&layout.headings.firewall, centre, heading_y, Anchor::Middle);
    svg.text(
        &layout.headings.outside,
        layout.outside_heading_x,
        heading_y,
        Anchor::Start,
    );

    // Legend.
    for (direction, ((x, y), block)) in [Direction::Outbound, Direction::Inbound]
        .into_iter()
        .zip(layout.legend.at.iter().zip(&layout.legend.entries))
    {
        let mid = y + line_height(FONT_SIZE) / 2.0;
        svg.line(*x, x + LEGEND_SAMPLE - ARROW_LENGTH + 1.0, mid, direction);
        svg.arrowhead(x + LEGEND_SAMPLE, mid, 1.0, direction_class(direction));
        svg.text(block, x + LEGEND_SAMPLE + ICON_GAP, *y, Anchor::Start);
    }

    svg.out.push_str("</svg>");
    Diagram {
        svg: svg.out,
        width,
        height,
        text_boxes: svg.text_boxes,
        node_boxes: svg.node_boxes,
        firewall: round_rect(firewall),
    }
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
