//! Layout and SVG of one port diagram: which devices open which connection, over which ports,
//! from which endpoint to which, through the customer's firewall.
//!
//! This module owns the geometry and the markup of a single diagram and nothing else. It knows
//! nothing about YAML, Fluent or templates: the caller resolves labels in the page's language,
//! formats the ports (`30000–35000/UDP`), loads the icons and passes a [`DiagramInput`];
//! [`render`] returns the SVG and the geometry it computed. Equal input gives equal bytes.
//!
//! # Picture
//!
//! ```text
//!   Ihr Netzwerk                            Firewall  Internet
//!  ┌───────────────────┐                       ▓▓    ┌──────────────────────┐
//!  │ ⌂ Ihr Netzwerk    │  5061/TCP             ▓▓    │ ◎ Internet (Geräte … │
//!  │                   │◀ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─●─ ─ ─│─ [▭ Desktop Client]  │
//!  │                   │  SIP-Verbindung       ▓▓    │  [☏ IP-Telefon    ]  │
//!  │ [▤ pascom Server]─│─ 25/TCP ──────────────●─────▶ ✉ pascom Mailserver │
//!  └───────────────────┘  Zugriff auf den …    ▓▓    └──────────────────────┘
//!   ───▶ ausgehende Verbindung   ─ ─ ▶ eingehende Verbindung
//! ```
//!
//! One row per connection, read like the table beside it. The customer's network is on the
//! left, the outside (internet, cloud services) on the right, and the firewall is a brick band
//! between them that every connector crosses (a dot marks the passage). Each side has one
//! column of endpoint boxes; an endpoint used by consecutive rows is one box spanning them. The
//! devices that open a connection stand at its initiating end, as a list inside the source
//! endpoint's box (under the box's heading): inside for outbound connections, outside for
//! inbound ones. A connector runs from that list to the target endpoint's box, with the
//! arrowhead at the target. Outbound connectors are solid, inbound ones dashed and in another
//! colour, and a legend names both. The ports (bold, above) and the function (below) label each
//! connector in a lane just inside the firewall. The title and description are not drawn: they
//! are the accessible name and text alternative, and the page shows its own heading.
//!
//! # Layout
//!
//! Nothing is placed by hand. Every column is as wide as its widest text up to a cap (a single
//! word may widen it further, up to 1.5 times the cap; a longer word is broken); longer labels
//! wrap at spaces onto several lines of even length. A row is as tall as its content: the
//! ports above the connector, the function below it, the device list centred on it. Rows grow
//! where an endpoint box needs room for its heading or its centred label. The zone and firewall
//! headings sit above the rows and push the columns apart where they would meet.
//! [`Diagram::text_boxes`], [`Diagram::node_boxes`] and [`Diagram::firewall`] report the
//! computed geometry, so that tests can check that no two texts overlap and that no text
//! crosses a box or the firewall band.
//!
//! # Text widths
//!
//! There is no font at build time, so widths are estimated per character, in ems of the font
//! size (13 px for labels, 14 px bold for headings), and kept conservative: the model runs
//! 8–29% above DejaVu Sans (measured in Chromium; among the widest sans-serifs a system stack
//! falls back to, and what `system-ui` is on a bare Linux) and above Liberation Sans (Arial's
//! metrics). Per character: 0.38 for `i j l . , ' ! |` and the space; 0.46 for `f r t I J : ;`,
//! brackets, slashes, hyphens and straight double quotes; 0.62 for `c k s v x y z`, the en
//! dash and the underscore; 1.0 for `m w M W`, the em dash, `% @ & + < > = ~ #` and anything
//! that is not a letter or a digit (such as CJK or symbols); 0.74 for `A B E F K L P R S T V X
//! Y Z`; 0.66 for other lower-case letters and digits; 0.82 for other capitals. Bold is 1.14
//! times as wide. Widths are rounded up to 0.1 px.
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

/// Which way a connection is opened, seen from the customer's network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Opened from the customer's network to the outside.
    Outbound,
    /// Opened from the outside into the customer's network.
    Inbound,
}

/// An icon: the inner markup of a 24×24 stroke icon (Lucide), drawn with `currentColor`.
///
/// The markup is trusted (it comes from the theme's icon files) and inlined as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icon {
    /// The icon's `viewBox`, such as `0 0 24 24`.
    pub view_box: String,
    /// The markup inside the icon's `<svg>` element.
    pub body: String,
}

/// A device or an endpoint: a label and an optional icon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The id in the port list (not used in the SVG; handy for the caller's diagnostics).
    pub id: String,
    /// The localized label, the same as in the table's legend.
    pub label: String,
    /// The icon, the same as in the table's legend.
    pub icon: Option<Icon>,
}

/// One connection (one row of the table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The rule's id (not used in the SVG).
    pub id: String,
    /// The ports, already formatted, such as `30000–35000/UDP` or `19302/UDP+TCP`.
    pub ports: String,
    /// What the connection is for, localized, such as `RTP-Sprache`.
    pub function: String,
    /// Which way the connection is opened.
    pub direction: Direction,
    /// The devices that open the connection: indexes into [`DiagramInput::devices`].
    pub devices: Vec<usize>,
    /// Where the connection comes from: an index into [`DiagramInput::endpoints`].
    pub source: usize,
    /// Where the connection goes: an index into [`DiagramInput::endpoints`].
    pub destination: usize,
}

/// Everything one diagram shows, already localized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramInput {
    /// Unique per page; starts every `id` in the SVG (title, description, icons, pattern).
    pub id_prefix: String,
    /// The language of the texts, as a BCP 47 tag (`de`, `en`).
    pub lang: String,
    /// The accessible name, such as `Ports der Cloud-Variante`.
    pub title: String,
    /// The text alternative: one or two sentences (the caller also shows the table).
    pub description: String,
    /// Heading of the customer's network, such as `Ihr Netzwerk`.
    pub inside: String,
    /// Heading of the outside, such as `Internet`.
    pub outside: String,
    /// Label of the firewall, such as `Firewall`.
    pub firewall: String,
    /// Legend text of outbound connections, such as `ausgehende Verbindung`.
    pub outbound: String,
    /// Legend text of inbound connections, such as `eingehende Verbindung`.
    pub inbound: String,
    /// The devices that connections refer to.
    pub devices: Vec<Node>,
    /// The endpoints that connections refer to.
    pub endpoints: Vec<Node>,
    /// The endpoints inside the customer's network (such as `your-network`); all others are
    /// outside.
    pub inside_endpoints: Vec<usize>,
    /// The connections, one row each, in table order.
    pub connections: Vec<Connection>,
}

/// Where a text went: the estimated bounding box of all its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The text, unwrapped.
    pub text: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width of the widest line.
    pub width: f64,
    /// Height of all lines.
    pub height: f64,
}

/// A rectangle of the diagram: a box drawn around an endpoint or a device list, or the
/// firewall band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A rendered diagram and its geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// The `<svg>` element, ready to inline into HTML or to save as a file.
    pub svg: String,
    /// Width in CSS pixels (also the `viewBox` width).
    pub width: f64,
    /// Height in CSS pixels (also the `viewBox` height).
    pub height: f64,
    /// Every text drawn, in drawing order.
    pub text_boxes: Vec<TextBox>,
    /// Every endpoint box and device list, in drawing order. A device list lies inside its
    /// source endpoint's box; other boxes do not meet. A text lies either wholly inside a box
    /// or wholly outside it.
    pub node_boxes: Vec<Rect>,
    /// The firewall band. No text touches it.
    pub firewall: Rect,
}

// Typography.
const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', sans-serif";
const FONT_SIZE: f64 = 13.0;
const HEADING_SIZE: f64 = 14.0;
const BOLD_FACTOR: f64 = 1.14;

// Outer frame.
const MARGIN: f64 = 2.0;
const ZONE_PAD: f64 = 14.0;
const ZONE_PAD_BOTTOM: f64 = 8.0;
const HEADING_PAD_TOP: f64 = 10.0;
const HEADING_PAD_BOTTOM: f64 = 8.0;
const HEADING_GAP: f64 = 16.0;

// Rows and columns.
const ROW_PAD: f64 = 7.0;
const LABEL_GAP: f64 = 4.0;
const LANE_PAD: f64 = 16.0;
const OUTSIDE_LANE: f64 = 44.0;
const FIREWALL_GAP: f64 = 8.0;
const FIREWALL_WIDTH: f64 = 16.0;

// Endpoint boxes.
const BOX_MARGIN: f64 = 4.0;
const BOX_PAD_X: f64 = 10.0;
const BOX_PAD_Y: f64 = 8.0;
const ENDPOINT_ICON: f64 = 20.0;
const ICON_GAP: f64 = 8.0;
const HEADING_GAP_IN_BOX: f64 = 8.0;
const DEVICE_BOX_GAP: f64 = 6.0;

// Device lists.
const DEVICE_PAD_X: f64 = 8.0;
const DEVICE_PAD_Y: f64 = 4.0;
const DEVICE_ICON: f64 = 16.0;
const DEVICE_ICON_GAP: f64 = 6.0;
const DEVICE_ITEM: f64 = 20.0;
const DEVICE_ITEM_GAP: f64 = 5.0;

// Caps before a text wraps.
const ENDPOINT_CAP: f64 = 150.0;
const DEVICE_CAP: f64 = 130.0;
const LANE_CAP: f64 = 180.0;
const HEADING_CAP: f64 = 240.0;
const FIREWALL_CAP: f64 = 120.0;
const LEGEND_CAP: f64 = 260.0;
const WORD_STRETCH: f64 = 1.5;

// Connectors.
const ARROW_LENGTH: f64 = 10.0;
const ARROW_HALF_WIDTH: f64 = 5.0;
const LEGEND_SAMPLE: f64 = 44.0;
const LEGEND_GAP: f64 = 28.0;
const LEGEND_TOP: f64 = 14.0;
const LEGEND_ROW_GAP: f64 = 6.0;

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

/// Renders one diagram.
///
/// # Panics
///
/// If a connection refers to a device or an endpoint that does not exist; the caller validates
/// references before.
pub fn render(input: &DiagramInput) -> Diagram {
    Layout::new(input).draw(input)
}

/// Which side of the firewall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Inside,
    Outside,
}

/// A text wrapped to a width.
#[derive(Debug, Clone)]
struct Block {
    text: String,
    lines: Vec<String>,
    width: f64,
    size: f64,
    bold: bool,
}

impl Block {
    fn new(text: &str, max_width: f64, size: f64, bold: bool) -> Block {
        let lines = wrap_balanced(text, max_width, size, bold);
        let width = lines
            .iter()
            .map(|line| text_width(line, size, bold))
            .fold(0.0, f64::max);
        Block {
            text: text.to_owned(),
            lines,
            width,
            size,
            bold,
        }
    }

    fn height(&self) -> f64 {
        self.lines.len() as f64 * line_height(self.size)
    }
}

/// One connection as laid out.
struct Row {
    direction: Direction,
    /// The side of the source endpoint, where the devices stand.
    source_side: Side,
    inside_endpoint: usize,
    outside_endpoint: usize,
    ports: Block,
    function: Block,
    devices: Vec<(usize, Block)>,
    devices_height: f64,
    /// Space above and below the connector line, without padding.
    above: f64,
    below: f64,
    pad_top: f64,
    pad_bottom: f64,
    top: f64,
}

impl Row {
    fn height(&self) -> f64 {
        self.pad_top + self.above + self.below + self.pad_bottom
    }

    fn line_y(&self) -> f64 {
        self.top + self.pad_top + self.above
    }

    fn bottom(&self) -> f64 {
        self.top + self.height()
    }

    /// Half the height of the device list on `side`, or nothing.
    fn devices_half(&self, side: Side) -> f64 {
        if self.source_side == side {
            self.devices_height / 2.0
        } else {
            0.0
        }
    }
}

/// An endpoint box spanning consecutive rows of one column. Where the endpoint is the source
/// of its rows, the devices that open them stand inside the box, under its heading; otherwise
/// the heading is centred.
struct EndpointBox {
    endpoint: usize,
    first: usize,
    last: usize,
    label: Block,
    has_devices: bool,
}

impl EndpointBox {
    fn content_height(&self) -> f64 {
        self.label.height().max(ENDPOINT_ICON)
    }
}

/// A column of endpoint boxes on one side of the firewall.
struct Column {
    x: f64,
    width: f64,
    boxes: Vec<EndpointBox>,
}

/// The computed geometry.
struct Layout {
    rows: Vec<Row>,
    inside: Column,
    outside: Column,
    inside_heading: Block,
    outside_heading: Block,
    firewall_heading: Block,
    legend: [Block; 2],
    lane_x: f64,
    firewall_x: f64,
    outside_zone_x: f64,
    outside_heading_x: f64,
    width: f64,
    zone_y: f64,
    rows_top: f64,
    zone_bottom: f64,
    /// Legend entries: left edge and top of each.
    legend_at: [(f64, f64); 2],
    height: f64,
}

/// Widths of one side's column: the inner width of its boxes, and the text widths of endpoint
/// labels and device labels.
struct ColumnWidths {
    inner: f64,
    label: f64,
    device: f64,
}

impl ColumnWidths {
    fn new(endpoint_labels: &[&str], device_labels: &[&str]) -> ColumnWidths {
        let device = column_width(device_labels, DEVICE_CAP, FONT_SIZE, false);
        let devices = if device_labels.is_empty() {
            0.0
        } else {
            DEVICE_PAD_X + DEVICE_ICON + DEVICE_ICON_GAP + device + DEVICE_PAD_X
        };
        let label = column_width(endpoint_labels, ENDPOINT_CAP, FONT_SIZE, false);
        let inner = devices.max(ENDPOINT_ICON + ICON_GAP + label);
        ColumnWidths {
            inner,
            // A label may use the width that the device lists give anyway.
            label: inner - ENDPOINT_ICON - ICON_GAP,
            device,
        }
    }
}

impl Layout {
    fn new(input: &DiagramInput) -> Layout {
        let is_inside = |endpoint: usize| input.inside_endpoints.contains(&endpoint);

        // Which side each connection starts on.
        let sides: Vec<Side> = input
            .connections
            .iter()
            .map(|c| {
                match (is_inside(c.source), is_inside(c.destination)) {
                    (true, false) => Side::Inside,
                    (false, true) => Side::Outside,
                    // Both on one side: the direction decides where the initiator is drawn.
                    _ => match c.direction {
                        Direction::Outbound => Side::Inside,
                        Direction::Inbound => Side::Outside,
                    },
                }
            })
            .collect();

        let endpoint_label = |index: usize| input.endpoints[index].label.as_str();
        let device_label = |index: usize| input.devices[index].label.as_str();

        // Column widths from the widest texts.
        let mut inside_labels = Vec::new();
        let mut outside_labels = Vec::new();
        let mut inside_devices = Vec::new();
        let mut outside_devices = Vec::new();
        let mut ports = Vec::new();
        let mut functions = Vec::new();
        for (c, &side) in input.connections.iter().zip(&sides) {
            let (inside, outside) = ends(c, side);
            inside_labels.push(endpoint_label(inside));
            outside_labels.push(endpoint_label(outside));
            let devices = c.devices.iter().map(|&d| device_label(d));
            match side {
                Side::Inside => inside_devices.extend(devices),
                Side::Outside => outside_devices.extend(devices),
            }
            ports.push(c.ports.as_str());
            functions.push(c.function.as_str());
        }
        let inside_widths = ColumnWidths::new(&inside_labels, &inside_devices);
        let outside_widths = ColumnWidths::new(&outside_labels, &outside_devices);
        let lane_text = column_width(&ports, LANE_CAP, FONT_SIZE, true)
            .max(column_width(&functions, LANE_CAP, FONT_SIZE, false));

        // Rows, with their texts wrapped to the columns.
        let mut rows: Vec<Row> = input
            .connections
            .iter()
            .zip(&sides)
            .map(|(c, &side)| {
                let (inside_endpoint, outside_endpoint) = ends(c, side);
                let device_text = match side {
                    Side::Inside => inside_widths.device,
                    Side::Outside => outside_widths.device,
                };
                let devices: Vec<(usize, Block)> = c
                    .devices
                    .iter()
                    .map(|&d| {
                        (
                            d,
                            Block::new(device_label(d), device_text, FONT_SIZE, false),
                        )
                    })
                    .collect();
                let devices_height = if devices.is_empty() {
                    0.0
                } else {
                    devices
                        .iter()
                        .map(|(_, label)| device_item(label))
                        .sum::<f64>()
                        + 2.0 * DEVICE_PAD_Y
                };
                let ports = Block::new(&c.ports, lane_text, FONT_SIZE, true);
                let function = Block::new(&c.function, lane_text, FONT_SIZE, false);
                Row {
                    direction: c.direction,
                    source_side: side,
                    inside_endpoint,
                    outside_endpoint,
                    above: (ports.height() + LABEL_GAP).max(devices_height / 2.0),
                    below: (function.height() + LABEL_GAP).max(devices_height / 2.0),
                    ports,
                    function,
                    devices,
                    devices_height,
                    pad_top: ROW_PAD,
                    pad_bottom: ROW_PAD,
                    top: 0.0,
                }
            })
            .collect();

        // Endpoint boxes: consecutive rows with the same endpoint in a column share one.
        let inside_boxes = endpoint_boxes(&rows, Side::Inside, |e| {
            Block::new(endpoint_label(e), inside_widths.label, FONT_SIZE, false)
        });
        let outside_boxes = endpoint_boxes(&rows, Side::Outside, |e| {
            Block::new(endpoint_label(e), outside_widths.label, FONT_SIZE, false)
        });
        // Rows grow where a box needs more room than they give. Rows only grow, so a
        // requirement met stays met.
        for (side, boxes) in [
            (Side::Inside, &inside_boxes),
            (Side::Outside, &outside_boxes),
        ] {
            for group in boxes {
                if group.has_devices {
                    // The heading above the first row's content, the last row's devices
                    // inside the bottom edge.
                    let first = &mut rows[group.first];
                    let need = BOX_MARGIN
                        + BOX_PAD_Y
                        + group.content_height()
                        + HEADING_GAP_IN_BOX
                        + first.devices_half(side);
                    first.pad_top += (need - first.pad_top - first.above).max(0.0);
                    let last = &mut rows[group.last];
                    let need = last.devices_half(side) + DEVICE_BOX_GAP + BOX_MARGIN;
                    last.pad_bottom += (need - last.pad_bottom - last.below).max(0.0);
                } else {
                    let need = group.content_height() + 2.0 * (BOX_PAD_Y + BOX_MARGIN);
                    let span = &mut rows[group.first..=group.last];
                    let have: f64 = span.iter().map(Row::height).sum();
                    if need > have {
                        let extra = (need - have) / span.len() as f64 / 2.0;
                        for row in span {
                            row.pad_top += extra;
                            row.pad_bottom += extra;
                        }
                    }
                }
            }
        }

        // Headings and legend.
        let inside_heading = Block::new(&input.inside, HEADING_CAP, HEADING_SIZE, true);
        let outside_heading = Block::new(&input.outside, HEADING_CAP, HEADING_SIZE, true);
        let firewall_heading = Block::new(&input.firewall, FIREWALL_CAP, HEADING_SIZE, true);
        let legend = [
            Block::new(&input.outbound, LEGEND_CAP, FONT_SIZE, false),
            Block::new(&input.inbound, LEGEND_CAP, FONT_SIZE, false),
        ];

        // Columns, left to right.
        let inside = Column {
            x: MARGIN + ZONE_PAD,
            width: inside_widths.inner + 2.0 * BOX_PAD_X,
            boxes: inside_boxes,
        };
        let lane_x = inside.x + inside.width;
        let mut lane_width = LANE_PAD + lane_text + LANE_PAD;
        // The inside heading ends before the firewall's heading begins.
        let heading_half = firewall_heading.width / 2.0;
        let centre = lane_x + lane_width + FIREWALL_GAP + FIREWALL_WIDTH / 2.0;
        let shortfall = (inside.x + inside_heading.width + HEADING_GAP) - (centre - heading_half);
        lane_width += shortfall.max(0.0);
        let firewall_x = lane_x + lane_width + FIREWALL_GAP;
        let centre = firewall_x + FIREWALL_WIDTH / 2.0;
        let outside_zone_x = firewall_x + FIREWALL_WIDTH + FIREWALL_GAP;
        let outside = Column {
            x: outside_zone_x + OUTSIDE_LANE,
            width: outside_widths.inner + 2.0 * BOX_PAD_X,
            boxes: outside_boxes,
        };
        // The outside heading starts where the outside column does, or after the firewall's.
        let outside_heading_x = outside.x.max(centre + heading_half + HEADING_GAP);
        let mut width = (outside.x + outside.width).max(outside_heading_x + outside_heading.width)
            + ZONE_PAD
            + MARGIN;

        // Bands, top to bottom.
        let zone_y = MARGIN;
        let heading_height = inside_heading
            .height()
            .max(outside_heading.height())
            .max(firewall_heading.height());
        let rows_top = zone_y + HEADING_PAD_TOP + heading_height + HEADING_PAD_BOTTOM;
        let mut top = rows_top;
        for row in &mut rows {
            row.top = top;
            top = row.bottom();
        }
        let zone_bottom = top + ZONE_PAD_BOTTOM;

        // Legend: entries side by side, or stacked where they do not fit.
        let legend_y = zone_bottom + LEGEND_TOP;
        let entry_width = |block: &Block| LEGEND_SAMPLE + ICON_GAP + block.width;
        let entry_height = |block: &Block| block.height().max(line_height(FONT_SIZE));
        let first_x = MARGIN + ZONE_PAD;
        let second_x = first_x + entry_width(&legend[0]) + LEGEND_GAP;
        let legend_at = if second_x + entry_width(&legend[1]) + ZONE_PAD + MARGIN <= width {
            [(first_x, legend_y), (second_x, legend_y)]
        } else {
            let below = legend_y + entry_height(&legend[0]) + LEGEND_ROW_GAP;
            [(first_x, legend_y), (first_x, below)]
        };
        let mut legend_bottom: f64 = 0.0;
        for ((x, y), block) in legend_at.iter().zip(&legend) {
            legend_bottom = legend_bottom.max(y + entry_height(block));
            width = width.max(x + entry_width(block) + ZONE_PAD + MARGIN);
        }

        Layout {
            rows,
            inside,
            outside,
            inside_heading,
            outside_heading,
            firewall_heading,
            legend,
            lane_x,
            firewall_x,
            outside_zone_x,
            outside_heading_x,
            width: round1(width),
            zone_y,
            rows_top,
            zone_bottom,
            legend_at,
            height: round1(legend_bottom + MARGIN),
        }
    }

    /// The vertical extent of an endpoint box.
    fn box_span(&self, group: &EndpointBox) -> (f64, f64) {
        (
            self.rows[group.first].top + BOX_MARGIN,
            self.rows[group.last].bottom() - BOX_MARGIN,
        )
    }

    /// The left edge and width of device lists in a column.
    fn device_list(&self, side: Side) -> (f64, f64) {
        let column = match side {
            Side::Inside => &self.inside,
            Side::Outside => &self.outside,
        };
        (column.x + BOX_PAD_X, column.width - 2.0 * BOX_PAD_X)
    }

    fn draw(&self, input: &DiagramInput) -> Diagram {
        let prefix = crate::html::escape(&input.id_prefix);
        let mut svg = Svg::default();
        let (width, height) = (self.width, self.height);
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
            x: self.firewall_x,
            y: self.rows_top,
            width: FIREWALL_WIDTH,
            height: self.zone_bottom - self.rows_top,
        };
        svg.out.push_str("<defs>");
        let mut used_devices = vec![false; input.devices.len()];
        let mut used_endpoints = vec![false; input.endpoints.len()];
        for row in &self.rows {
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
        let inside_zone_right = self.firewall_x - FIREWALL_GAP;
        let zone_height = self.zone_bottom - self.zone_y;
        let _ = write!(
            svg.out,
            r#"<rect class="td-zone-in" x="{}" y="{}" width="{}" height="{}" rx="10"/>"#,
            num(MARGIN),
            num(self.zone_y),
            num(inside_zone_right - MARGIN),
            num(zone_height),
        );
        let _ = write!(
            svg.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="10" fill-opacity=".035"/>"#,
            num(self.outside_zone_x),
            num(self.zone_y),
            num(self.width - MARGIN - self.outside_zone_x),
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
        let centre = self.firewall_x + FIREWALL_WIDTH / 2.0;
        for row in &self.rows {
            let y = row.line_y();
            let has_devices = !row.devices.is_empty();
            let class = direction_class(row.direction);
            match row.source_side {
                Side::Inside => {
                    let from = if has_devices {
                        let (x, width) = self.device_list(Side::Inside);
                        x + width
                    } else {
                        self.inside.x + self.inside.width
                    };
                    let to = self.outside.x;
                    svg.line(from, to - ARROW_LENGTH + 1.0, y, row.direction);
                    svg.arrowhead(to, y, 1.0, class);
                }
                Side::Outside => {
                    let from = if has_devices {
                        self.device_list(Side::Outside).0
                    } else {
                        self.outside.x
                    };
                    let to = self.inside.x + self.inside.width;
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
        for column in [&self.inside, &self.outside] {
            for group in &column.boxes {
                let (top, bottom) = self.box_span(group);
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
                    let facing = self.rows[group.first].line_y() - content / 2.0;
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
        for row in &self.rows {
            if row.devices.is_empty() {
                continue;
            }
            let (x, width) = self.device_list(row.source_side);
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
        let label_x = self.lane_x + LANE_PAD;
        for row in &self.rows {
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
        let heading_y = self.zone_y + HEADING_PAD_TOP;
        svg.text(
            &self.inside_heading,
            self.inside.x,
            heading_y,
            Anchor::Start,
        );
        svg.text(&self.firewall_heading, centre, heading_y, Anchor::Middle);
        svg.text(
            &self.outside_heading,
            self.outside_heading_x,
            heading_y,
            Anchor::Start,
        );

        // Legend.
        for (direction, ((x, y), block)) in [Direction::Outbound, Direction::Inbound]
            .into_iter()
            .zip(self.legend_at.iter().zip(&self.legend))
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
}

/// The height of one device in a list; a label on several lines gets some air.
fn device_item(label: &Block) -> f64 {
    (label.height() + DEVICE_ITEM_GAP).max(DEVICE_ITEM)
}

/// The inside and the outside endpoint of a connection whose source is on `side`.
fn ends(connection: &Connection, side: Side) -> (usize, usize) {
    match side {
        Side::Inside => (connection.source, connection.destination),
        Side::Outside => (connection.destination, connection.source),
    }
}

/// Groups consecutive rows with the same endpoint on `side`.
fn endpoint_boxes(rows: &[Row], side: Side, label: impl Fn(usize) -> Block) -> Vec<EndpointBox> {
    let mut boxes: Vec<EndpointBox> = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let endpoint = match side {
            Side::Inside => row.inside_endpoint,
            Side::Outside => row.outside_endpoint,
        };
        let has_devices = row.source_side == side && !row.devices.is_empty();
        match boxes.last_mut() {
            Some(last) if last.endpoint == endpoint => {
                last.last = index;
                last.has_devices |= has_devices;
            }
            _ => boxes.push(EndpointBox {
                endpoint,
                first: index,
                last: index,
                label: label(endpoint),
                has_devices,
            }),
        }
    }
    boxes
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

/// The estimated width of a text in pixels (see the module documentation for the model),
/// rounded up to 0.1 px.
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = text.chars().map(char_width).sum();
    let factor = if bold { BOLD_FACTOR } else { 1.0 };
    (ems * size * factor * 10.0).ceil() / 10.0
}

/// The width of a character in ems.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | '\'' | '!' | '|' | ' ' | '\u{a0}' | 'í' | 'ì' | 'î' | 'ï'
        | 'ı' => 0.38,
        'f' | 'r' | 't' | 'I' | 'J' | ':' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '/'
        | '\\' | '-' | '"' | '*' | '‐' | '‑' | '`' => 0.46,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | '–' | '_' => 0.62,
        'm' | 'w' | 'M' | 'W' | '—' | '%' | '@' | '&' | '+' | '<' | '>' | '=' | '~' | '#' => 1.0,
        'A' | 'B' | 'E' | 'F' | 'K' | 'L' | 'P' | 'R' | 'S' | 'T' | 'V' | 'X' | 'Y' | 'Z' => 0.74,
        c if c.is_lowercase() || c.is_numeric() => 0.66,
        c if c.is_uppercase() => 0.82,
        _ => 1.0,
    }
}

fn line_height(size: f64) -> f64 {
    (size * 1.3).round()
}

/// Wraps a text at spaces so that every line fits `max_width`; a word that is longer on its
/// own is broken between characters.
fn wrap(text: &str, max_width: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        for piece in split_word(word, max_width, size, bold) {
            let candidate = if current.is_empty() {
                piece.clone()
            } else {
                format!("{current} {piece}")
            };
            if current.is_empty() || text_width(&candidate, size, bold) <= max_width {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, piece));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Wraps like [`wrap`], then narrows the width as far as the number of lines allows, so that
/// the lines come out even ("Time servers / (NTP pool)" rather than "Time servers (NTP /
/// pool)").
fn wrap_balanced(text: &str, max_width: f64, size: f64, bold: bool) -> Vec<String> {
    let greedy = wrap(text, max_width, size, bold);
    if greedy.len() < 2 {
        return greedy;
    }
    // Bisect in steps of 0.5 px for the narrowest width with as few lines.
    let (mut narrow, mut wide) = (0.0_f64, max_width);
    let mut best = greedy;
    while wide - narrow > 0.5 {
        let mid = (narrow + wide) / 2.0;
        let lines = wrap(text, mid, size, bold);
        if lines.len() <= best.len() && lines.iter().all(|l| !is_broken(l, text)) {
            wide = mid;
            best = lines;
        } else {
            narrow = mid;
        }
    }
    best
}

/// Whether a line holds a piece of a word that was broken between characters.
fn is_broken(line: &str, text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    line.split(' ').any(|piece| !words.contains(&piece))
}

/// Breaks a word that does not fit `max_width` into pieces that do.
fn split_word(word: &str, max_width: f64, size: f64, bold: bool) -> Vec<String> {
    if text_width(word, size, bold) <= max_width {
        return vec![word.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in word.chars() {
        current.push(c);
        if current.chars().count() > 1 && text_width(&current, size, bold) > max_width {
            current.pop();
            pieces.push(std::mem::replace(&mut current, c.to_string()));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// The text width of a column: the widest text up to `cap`, or the widest word up to
/// `cap * WORD_STRETCH`.
fn column_width(texts: &[&str], cap: f64, size: f64, bold: bool) -> f64 {
    let mut width: f64 = 0.0;
    for text in texts {
        width = width.max(text_width(text, size, bold).min(cap));
        for word in text.split_whitespace() {
            width = width.max(text_width(word, size, bold).min(cap * WORD_STRETCH));
        }
    }
    width
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn round_rect(rect: Rect) -> Rect {
    Rect {
        x: round1(rect.x),
        y: round1(rect.y),
        width: round1(rect.width),
        height: round1(rect.height),
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
mod tests {
    use super::*;

    /// Bodies of the theme's Lucide icons (lucide-static, ISC) that the port list uses.
    const ICONS: &[(&str, &str)] = &[
        (
            "server",
            r#"<rect width="20" height="8" x="2" y="2" rx="2" ry="2"/><rect width="20" height="8" x="2" y="14" rx="2" ry="2"/><line x1="6" x2="6.01" y1="6" y2="6"/><line x1="6" x2="6.01" y1="18" y2="18"/>"#,
        ),
        (
            "monitor",
            r#"<rect width="20" height="14" x="2" y="3" rx="2"/><line x1="8" x2="16" y1="21" y2="21"/><line x1="12" x2="12" y1="17" y2="21"/>"#,
        ),
        (
            "smartphone",
            r#"<rect width="14" height="20" x="5" y="2" rx="2" ry="2"/><path d="M12 18h.01"/>"#,
        ),
        (
            "phone",
            r#"<path d="M13.832 16.568a1 1 0 0 0 1.213-.303l.355-.465A2 2 0 0 1 17 15h3a2 2 0 0 1 2 2v3a2 2 0 0 1-2 2A18 18 0 0 1 2 4a2 2 0 0 1 2-2h3a2 2 0 0 1 2 2v3a2 2 0 0 1-.8 1.6l-.468.351a1 1 0 0 0-.292 1.233 14 14 0 0 0 6.392 6.384"/>"#,
        ),
        (
            "app-window",
            r#"<rect x="2" y="4" width="20" height="16" rx="2"/><path d="M10 4v4"/><path d="M2 8h20"/><path d="M6 4v4"/>"#,
        ),
        (
            "network",
            r#"<rect x="16" y="16" width="6" height="6" rx="1"/><rect x="2" y="16" width="6" height="6" rx="1"/><rect x="9" y="2" width="6" height="6" rx="1"/><path d="M5 16v-3a1 1 0 0 1 1-1h12a1 1 0 0 1 1 1v3"/><path d="M12 12V8"/>"#,
        ),
        (
            "globe",
            r#"<circle cx="12" cy="12" r="10"/><path d="M12 2a14.5 14.5 0 0 0 0 20 14.5 14.5 0 0 0 0-20"/><path d="M2 12h20"/>"#,
        ),
        (
            "cloud",
            r#"<path d="M17.5 19H9a7 7 0 1 1 6.71-9h1.79a4.5 4.5 0 1 1 0 9Z"/>"#,
        ),
        (
            "key-round",
            r#"<path d="M2.586 17.414A2 2 0 0 0 2 18.828V21a1 1 0 0 0 1 1h3a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h1a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h.172a2 2 0 0 0 1.414-.586l.814-.814a6.5 6.5 0 1 0-4-4z"/><circle cx="16.5" cy="7.5" r=".5" fill="currentColor"/>"#,
        ),
        (
            "mail",
            r#"<path d="m22 7-8.991 5.727a2 2 0 0 1-2.009 0L2 7"/><rect x="2" y="4" width="20" height="16" rx="2"/>"#,
        ),
        (
            "clock",
            r#"<circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/>"#,
        ),
    ];

    fn icon(name: &str) -> Option<Icon> {
        ICONS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, body)| Icon {
                view_box: "0 0 24 24".into(),
                body: (*body).into(),
            })
    }

    /// The texts of one language, from `i18n/<lang>/ports.ftl`.
    struct Labels {
        lang: &'static str,
        devices: [&'static str; 5],
        endpoints: [&'static str; 6],
        functions: [&'static str; 12],
        inside: &'static str,
        outside: &'static str,
        firewall: &'static str,
        outbound: &'static str,
        inbound: &'static str,
        title: [&'static str; 2],
        description: &'static str,
        site_b: &'static str,
    }

    const DE: Labels = Labels {
        lang: "de",
        devices: [
            "pascom Server",
            "Desktop Client",
            "Mobile Client",
            "IP-Telefon",
            "WebClient",
        ],
        endpoints: [
            "Ihr Netzwerk",
            "Internet (Geräte außerhalb Ihres Netzwerks)",
            "pascom.cloud",
            "my.pascom.net",
            "pascom Mailserver",
            "Zeitserver (NTP-Pool)",
        ],
        functions: [
            "SIP-Verbindung",
            "RTP-Sprache",
            "LDAPS, Telefonbuch",
            "Telefonprovisionierung",
            "Updates, Push",
            "Video-Funktionalität",
            "Chat",
            "WebRTC – WebClient",
            "VPN-Tunnel zur PBX",
            "Lizenzserver",
            "Zugriff auf den pascom Mailserver",
            "Zugriff auf den Zeitserver (NTP)",
        ],
        inside: "Ihr Netzwerk",
        outside: "Internet",
        firewall: "Firewall",
        outbound: "ausgehende Verbindung",
        inbound: "eingehende Verbindung",
        title: ["Ports der Cloud-Variante", "Ports der Onsite-Variante"],
        description: "Welche Geräte über welche Ports mit welchem Ziel verbinden. \
            Die Tabelle nennt dieselben Verbindungen.",
        site_b: " (Standort B)",
    };

    const EN: Labels = Labels {
        lang: "en",
        devices: [
            "pascom server",
            "Desktop client",
            "Mobile client",
            "IP phone",
            "Web client",
        ],
        endpoints: [
            "Your network",
            "Internet (devices outside your network)",
            "pascom.cloud",
            "my.pascom.net",
            "pascom mail servers",
            "Time servers (NTP pool)",
        ],
        functions: [
            "SIP connection",
            "RTP voice",
            "LDAPS, phone book",
            "Phone provisioning",
            "Updates, push notifications",
            "Video",
            "Chat",
            "WebRTC – web client",
            "VPN tunnel to the PBX",
            "Licence server",
            "Access to the pascom mail server",
            "Access to the time server (NTP)",
        ],
        inside: "Your network",
        outside: "Internet",
        firewall: "Firewall",
        outbound: "outbound connection",
        inbound: "inbound connection",
        title: ["Ports of the cloud variant", "Ports of the onsite variant"],
        description: "Which devices connect to which destination over which ports. \
            The table lists the same connections.",
        site_b: " (site B)",
    };

    const DEVICE_ICONS: [&str; 5] = ["server", "monitor", "smartphone", "phone", "app-window"];
    const ENDPOINT_ICONS: [&str; 6] = ["network", "globe", "cloud", "key-round", "mail", "clock"];

    // Device indexes, in legend order.
    const SERVER: usize = 0;
    const DESKTOP: usize = 1;
    const MOBILE: usize = 2;
    const PHONE: usize = 3;
    const WEB_CLIENT: usize = 4;
    // Endpoint indexes.
    const YOUR_NETWORK: usize = 0;
    const INTERNET: usize = 1;
    const PASCOM_CLOUD: usize = 2;
    const MY_PASCOM: usize = 3;
    const MAIL_RELAYS: usize = 4;
    const NTP_POOL: usize = 5;

    type Usage = Option<(Direction, usize, usize)>;
    const OUT_CLOUD: Usage = Some((Direction::Outbound, YOUR_NETWORK, PASCOM_CLOUD));
    const IN_ONSITE: Usage = Some((Direction::Inbound, INTERNET, YOUR_NETWORK));
    const OUT_MY: Usage = Some((Direction::Outbound, YOUR_NETWORK, MY_PASCOM));

    /// The rules of `data/ports.yaml`: id, ports, devices, cloud usage, onsite usage.
    const RULES: [(&str, &str, &[usize], Usage, Usage); 12] = [
        (
            "sip",
            "5061/TCP",
            &[DESKTOP, PHONE, MOBILE],
            OUT_CLOUD,
            IN_ONSITE,
        ),
        (
            "rtp",
            "30000–35000/UDP",
            &[DESKTOP, PHONE, MOBILE],
            OUT_CLOUD,
            IN_ONSITE,
        ),
        ("ldaps", "636/TCP", &[PHONE], OUT_CLOUD, IN_ONSITE),
        ("provisioning", "8884/TCP", &[PHONE], OUT_CLOUD, IN_ONSITE),
        (
            "updates-push",
            "80, 443/TCP",
            &[DESKTOP, MOBILE],
            OUT_MY,
            OUT_MY,
        ),
        (
            "video",
            "3478/UDP",
            &[DESKTOP, MOBILE],
            OUT_CLOUD,
            IN_ONSITE,
        ),
        ("chat", "5222/TCP", &[DESKTOP, MOBILE], OUT_CLOUD, IN_ONSITE),
        (
            "webrtc",
            "19302/UDP+TCP",
            &[WEB_CLIENT],
            OUT_CLOUD,
            IN_ONSITE,
        ),
        ("vpn-tunnel", "8885/TCP", &[SERVER], OUT_CLOUD, IN_ONSITE),
        ("licence", "80, 443/TCP", &[SERVER], None, OUT_MY),
        (
            "mail",
            "25/TCP",
            &[SERVER],
            None,
            Some((Direction::Outbound, YOUR_NETWORK, MAIL_RELAYS)),
        ),
        (
            "ntp",
            "123/UDP",
            &[SERVER],
            None,
            Some((Direction::Outbound, YOUR_NETWORK, NTP_POOL)),
        ),
    ];

    const CLOUD: usize = 0;
    const ONSITE: usize = 1;

    /// The diagram input of one deployment (0 cloud, 1 onsite) as the caller would build it.
    fn real(labels: &Labels, deployment: usize) -> DiagramInput {
        let node = |id: &str, label: &str, icon_name: &str| Node {
            id: id.into(),
            label: label.into(),
            icon: icon(icon_name),
        };
        let connections = RULES
            .iter()
            .enumerate()
            .filter_map(|(index, (id, ports, devices, cloud, onsite))| {
                let (direction, source, destination) = [cloud, onsite][deployment].as_ref()?;
                Some(Connection {
                    id: (*id).into(),
                    ports: (*ports).into(),
                    function: labels.functions[index].into(),
                    direction: *direction,
                    devices: devices.to_vec(),
                    source: *source,
                    destination: *destination,
                })
            })
            .collect();
        DiagramInput {
            id_prefix: format!("ports-{}", ["cloud", "onsite"][deployment]),
            lang: labels.lang.into(),
            title: labels.title[deployment].into(),
            description: labels.description.into(),
            inside: labels.inside.into(),
            outside: labels.outside.into(),
            firewall: labels.firewall.into(),
            outbound: labels.outbound.into(),
            inbound: labels.inbound.into(),
            devices: (0..5)
                .map(|i| node(&format!("device-{i}"), labels.devices[i], DEVICE_ICONS[i]))
                .collect(),
            endpoints: (0..6)
                .map(|i| {
                    node(
                        &format!("endpoint-{i}"),
                        labels.endpoints[i],
                        ENDPOINT_ICONS[i],
                    )
                })
                .collect(),
            inside_endpoints: vec![YOUR_NETWORK],
            connections,
        }
    }

    /// Twice the data: a second site with its own devices, endpoints and rules, with longer
    /// labels, longer device lists and other ports.
    fn doubled(labels: &Labels, deployment: usize) -> DiagramInput {
        let mut input = real(labels, deployment);
        let (devices, endpoints) = (input.devices.len(), input.endpoints.len());
        for i in 0..devices {
            let mut device = input.devices[i].clone();
            device.label.push_str(labels.site_b);
            input.devices.push(device);
        }
        for i in 0..endpoints {
            let mut endpoint = input.endpoints[i].clone();
            endpoint.label.push_str(labels.site_b);
            input.endpoints.push(endpoint);
        }
        input.inside_endpoints.push(YOUR_NETWORK + endpoints);
        // Rules referring to the second site, the twelve of the port list (all of them, in
        // the onsite direction where a rule has no usage in this deployment).
        for (index, (id, ports, rule_devices, cloud, onsite)) in RULES.iter().enumerate() {
            let usage = [cloud, onsite][deployment].or(*onsite).unwrap();
            let (direction, source, destination) = usage;
            // The same devices of site B, and one more.
            let mut site_b: Vec<usize> = rule_devices.iter().map(|d| d + devices).collect();
            let extra = (rule_devices[0] + 1) % devices + devices;
            if !site_b.contains(&extra) {
                site_b.push(extra);
            }
            input.connections.push(Connection {
                id: format!("{id}-b"),
                ports: ports.replace('/', "0/"),
                function: format!("{}{}", labels.functions[index], labels.site_b),
                direction,
                devices: site_b,
                source: source + endpoints,
                destination: destination + endpoints,
            });
        }
        input
    }

    fn all_real() -> Vec<DiagramInput> {
        let mut inputs = Vec::new();
        for labels in [&DE, &EN] {
            for deployment in [CLOUD, ONSITE] {
                inputs.push(real(labels, deployment));
            }
        }
        inputs
    }

    fn all_doubled() -> Vec<DiagramInput> {
        let mut inputs = Vec::new();
        for labels in [&DE, &EN] {
            for deployment in [CLOUD, ONSITE] {
                inputs.push(doubled(labels, deployment));
            }
        }
        inputs
    }

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

    /// The text of every `<text>` element, lines joined with a space.
    fn texts(svg: &str) -> Vec<String> {
        let document = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
        document
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let spans: Vec<&str> = n
                    .descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .collect();
                spans.join(" ")
            })
            .collect()
    }

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
    fn wrap_breaks_at_spaces_and_only_breaks_overlong_words() {
        let lines = wrap("Zugriff auf den pascom Mailserver", 120.0, FONT_SIZE, false);
        assert!(lines.len() >= 2);
        assert_eq!(lines.join(" "), "Zugriff auf den pascom Mailserver");
        for line in &lines {
            assert!(text_width(line, FONT_SIZE, false) <= 120.0);
        }
        let long = "Telefonprovisionierungsschnittstelle";
        let pieces = wrap(long, 60.0, FONT_SIZE, false);
        assert!(pieces.len() > 1);
        assert_eq!(pieces.concat(), long);
        assert!(wrap("", 60.0, FONT_SIZE, false).is_empty());
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
        assert!(style.contains("@media (prefers-color-scheme: dark){"));
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

    /// Widths at 13 px measured in Chromium: the larger of DejaVu Sans and Liberation Sans,
    /// regular and bold.
    const MEASURED: &[(&str, f64, f64)] = &[
        ("pascom Server", 97.5, 108.8),
        ("Desktop Client", 95.4, 107.7),
        ("Mobile Client", 84.4, 96.2),
        ("IP-Telefon", 61.0, 70.7),
        ("WebClient", 66.0, 74.7),
        ("Ihr Netzwerk", 82.7, 94.4),
        ("Internet (Geräte außerhalb Ihres Netzwerks)", 288.2, 328.1),
        ("pascom.cloud", 90.1, 100.6),
        ("my.pascom.net", 98.9, 111.0),
        ("pascom Mailserver", 122.4, 137.8),
        ("Zeitserver (NTP-Pool)", 137.8, 158.3),
        ("SIP-Verbindung", 97.9, 112.7),
        ("RTP-Sprache", 81.5, 92.6),
        ("LDAPS, Telefonbuch", 128.3, 146.1),
        ("Telefonprovisionierung", 146.9, 168.5),
        ("Updates, Push", 93.0, 105.9),
        ("Video-Funktionalität", 130.4, 149.9),
        ("Chat", 30.4, 33.8),
        ("WebRTC – WebClient", 133.4, 150.1),
        ("VPN-Tunnel zur PBX", 126.6, 144.2),
        ("Lizenzserver", 81.9, 92.6),
        ("Zugriff auf den pascom Mailserver", 223.4, 251.8),
        ("Zugriff auf den Zeitserver (NTP)", 207.5, 235.3),
        ("pascom server", 96.0, 107.2),
        ("Desktop client", 93.5, 105.9),
        ("Mobile client", 82.5, 94.3),
        ("IP phone", 56.5, 64.5),
        ("Web client", 68.2, 77.4),
        ("Your network", 84.7, 97.6),
        ("Internet (devices outside your network)", 257.7, 293.2),
        ("pascom mail servers", 134.8, 150.7),
        ("Time servers (NTP pool)", 155.6, 176.5),
        ("SIP connection", 95.7, 108.8),
        ("RTP voice", 62.4, 70.7),
        ("LDAPS, phone book", 126.8, 143.4),
        ("Phone provisioning", 123.7, 141.3),
        ("Updates, push notifications", 177.6, 201.8),
        ("Video", 36.4, 41.3),
        ("VPN tunnel to the PBX", 144.5, 164.7),
        ("Licence server", 94.7, 106.2),
        ("Access to the pascom mail server", 219.3, 245.7),
        ("Access to the time server (NTP)", 205.7, 232.7),
        ("5061/TCP", 61.6, 68.9),
        ("30000–35000/UDP", 121.0, 132.6),
        ("636/TCP", 53.3, 59.8),
        ("8884/TCP", 61.6, 68.9),
        ("80, 443/TCP", 78.1, 87.4),
        ("3478/UDP", 64.8, 71.8),
        ("5222/TCP", 61.6, 68.9),
        ("19302/UDP+TCP", 108.1, 119.7),
        ("8885/TCP", 61.6, 68.9),
        ("25/TCP", 45.0, 50.8),
        ("123/UDP", 56.6, 62.8),
        ("Firewall", 49.0, 58.3),
        ("Internet", 51.6, 59.8),
        ("ausgehende Verbindung", 158.4, 178.6),
        ("eingehende Verbindung", 155.3, 175.3),
        ("outbound connection", 138.0, 155.5),
        ("inbound connection", 128.5, 144.8),
        ("WWWWW MMMMM", 124.5, 140.9),
        ("illilli ..,,", 45.9, 55.5),
        ("Straße & Bäume <Größe>", 172.2, 190.1),
    ];

    #[test]
    fn width_model_is_conservative() {
        for (text, regular, bold) in MEASURED {
            let estimate = text_width(text, 13.0, false);
            assert!(estimate >= *regular, "{text:?}: {estimate} < {regular}");
            assert!(
                estimate <= regular * 1.3,
                "{text:?}: {estimate} ≫ {regular}"
            );
            let estimate = text_width(text, 13.0, true);
            assert!(estimate >= *bold, "{text:?} bold: {estimate} < {bold}");
        }
    }
}
