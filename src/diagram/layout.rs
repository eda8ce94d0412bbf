//! The geometry of one diagram: which side each connection starts on, the columns and their
//! widths, the rows and their heights, the endpoint boxes merged across consecutive rows, the
//! headings and the legend.
//!
//! It computes positions and sizes and writes no markup; the writer (module `svg`) draws what it
//! placed.
//!
//! # Layout
//!
//! Nothing is placed by hand. Every column is as wide as its widest text up to a cap (a single
//! word may widen it further, up to 1.5 times the cap; a longer word is broken); longer labels
//! wrap at spaces onto several lines of even length. A row is as tall as its content: the
//! ports above the connector, the function below it, the device list centred on it. Rows grow
//! where an endpoint box needs room for its heading or its centred label. The zone and firewall
//! headings sit above the rows and push the columns apart where they would meet.

use super::text::{Block, FONT_SIZE, HEADING_SIZE, column_width, line_height};
use super::{Connection, DiagramInput, Direction, round1};

// Outer frame.
pub(super) const MARGIN: f64 = 2.0;
pub(super) const ZONE_PAD: f64 = 14.0;
pub(super) const ZONE_PAD_BOTTOM: f64 = 8.0;
pub(super) const HEADING_PAD_TOP: f64 = 10.0;
pub(super) const HEADING_PAD_BOTTOM: f64 = 8.0;
pub(super) const HEADING_GAP: f64 = 16.0;

// Rows and columns.
pub(super) const ROW_PAD: f64 = 7.0;
pub(super) const LABEL_GAP: f64 = 4.0;
pub(super) const LANE_PAD: f64 = 16.0;
pub(super) const OUTSIDE_LANE: f64 = 44.0;
pub(super) const FIREWALL_GAP: f64 = 8.0;
pub(super) const FIREWALL_WIDTH: f64 = 16.0;

// Endpoint boxes.
pub(super) const BOX_MARGIN: f64 = 4.0;
pub(super) const BOX_PAD_X: f64 = 10.0;
pub(super) const BOX_PAD_Y: f64 = 8.0;
pub(super) const ENDPOINT_ICON: f64 = 20.0;
pub(super) const ICON_GAP: f64 = 8.0;
pub(super) const HEADING_GAP_IN_BOX: f64 = 8.0;
pub(super) const DEVICE_BOX_GAP: f64 = 6.0;

// Device lists.
pub(super) const DEVICE_PAD_X: f64 = 8.0;
pub(super) const DEVICE_PAD_Y: f64 = 4.0;
pub(super) const DEVICE_ICON: f64 = 16.0;
pub(super) const DEVICE_ICON_GAP: f64 = 6.0;
pub(super) const DEVICE_ITEM: f64 = 20.0;
pub(super) const DEVICE_ITEM_GAP: f64 = 5.0;

// Caps before a text wraps.
pub(super) const ENDPOINT_CAP: f64 = 150.0;
pub(super) const DEVICE_CAP: f64 = 130.0;
pub(super) const LANE_CAP: f64 = 180.0;
pub(super) const HEADING_CAP: f64 = 240.0;
pub(super) const FIREWALL_CAP: f64 = 120.0;
pub(super) const LEGEND_CAP: f64 = 260.0;

// Legend.
pub(super) const LEGEND_SAMPLE: f64 = 44.0;
pub(super) const LEGEND_GAP: f64 = 28.0;
pub(super) const LEGEND_TOP: f64 = 14.0;
pub(super) const LEGEND_ROW_GAP: f64 = 6.0;

/// Which side of the firewall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Inside,
    Outside,
}

/// One connection as laid out.
pub(super) struct Row {
    pub(super) direction: Direction,
    /// The side of the source endpoint, where the devices stand.
    pub(super) source_side: Side,
    pub(super) inside_endpoint: usize,
    pub(super) outside_endpoint: usize,
    pub(super) ports: Block,
    pub(super) function: Block,
    pub(super) devices: Vec<(usize, Block)>,
    pub(super) devices_height: f64,
    /// Space above and below the connector line, without padding.
    pub(super) above: f64,
    pub(super) below: f64,
    pub(super) pad_top: f64,
    pub(super) pad_bottom: f64,
    pub(super) top: f64,
}

impl Row {
    fn height(&self) -> f64 {
        self.pad_top + self.above + self.below + self.pad_bottom
    }

    pub(super) fn line_y(&self) -> f64 {
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
pub(super) struct EndpointBox {
    pub(super) endpoint: usize,
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) label: Block,
    pub(super) has_devices: bool,
}

impl EndpointBox {
    pub(super) fn content_height(&self) -> f64 {
        self.label.height().max(ENDPOINT_ICON)
    }
}

/// A column of endpoint boxes on one side of the firewall.
pub(super) struct Column {
    pub(super) x: f64,
    pub(super) width: f64,
    pub(super) boxes: Vec<EndpointBox>,
}

/// The computed geometry.
pub(super) struct Layout {
    pub(super) rows: Vec<Row>,
    pub(super) inside: Column,
    pub(super) outside: Column,
    pub(super) inside_heading: Block,
    pub(super) outside_heading: Block,
    pub(super) firewall_heading: Block,
    pub(super) legend: [Block; 2],
    pub(super) lane_x: f64,
    pub(super) firewall_x: f64,
    pub(super) outside_zone_x: f64,
    pub(super) outside_heading_x: f64,
    pub(super) width: f64,
    pub(super) zone_y: f64,
    pub(super) rows_top: f64,
    pub(super) zone_bottom: f64,
    /// Legend entries: left edge and top of each.
    pub(super) legend_at: [(f64, f64); 2],
    pub(super) height: f64,
}

/// Widths of one side's column: the inner width of its boxes, and the text widths of endpoint
/// labels and device labels.
struct ColumnWidths {
    inner: f64,
    label: f64,
    device: f64,
}

impl ColumnWidths {
    pub(super) fn new(endpoint_labels: &[&str], device_labels: &[&str]) -> ColumnWidths {
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
    pub(super) fn new(input: &DiagramInput) -> Layout {
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
    pub(super) fn box_span(&self, group: &EndpointBox) -> (f64, f64) {
        (
            self.rows[group.first].top + BOX_MARGIN,
            self.rows[group.last].bottom() - BOX_MARGIN,
        )
    }

    /// The left edge and width of device lists in a column.
    pub(super) fn device_list(&self, side: Side) -> (f64, f64) {
        let column = match side {
            Side::Inside => &self.inside,
            Side::Outside => &self.outside,
        };
        (column.x + BOX_PAD_X, column.width - 2.0 * BOX_PAD_X)
    }
}

/// The height of one device in a list; a label on several lines gets some air.
pub(super) fn device_item(label: &Block) -> f64 {
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

#[cfg(test)]
mod tests;
