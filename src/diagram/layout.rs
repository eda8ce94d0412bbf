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
use super::{Connection, DiagramInput, Direction, Rect, round1};

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

// Legend.
const LEGEND_SAMPLE: f64 = 44.0;
const LEGEND_GAP: f64 = 28.0;
const LEGEND_TOP: f64 = 14.0;
const LEGEND_ROW_GAP: f64 = 6.0;

/// Which side of the firewall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Inside,
    Outside,
}

/// The computed geometry.
pub(super) struct Layout {
    pub(super) rows: Vec<Row>,
    pub(super) inside: Column,
    pub(super) outside: Column,
    pub(super) headings: Headings,
    pub(super) legend: Legend,
    lane_x: f64,
    firewall_x: f64,
    outside_zone_x: f64,
    pub(super) outside_heading_x: f64,
    pub(super) width: f64,
    zone_y: f64,
    rows_top: f64,
    zone_bottom: f64,
    pub(super) height: f64,
}

impl Layout {
    /// Lays out one diagram: the texts are measured and wrapped to their columns, rows grow
    /// until every endpoint box fits, then the parts are placed left to right and top to
    /// bottom.
    pub(super) fn new(input: &DiagramInput) -> Layout {
        let sides: Vec<Side> = input
            .connections
            .iter()
            .map(|connection| source_side(input, connection))
            .collect();
        let widths = TextWidths::measure(input, &sides);
        let mut rows: Vec<Row> = input
            .connections
            .iter()
            .zip(&sides)
            .map(|(connection, &side)| Row::new(input, connection, side, &widths))
            .collect();

        // Endpoint boxes: consecutive rows with the same endpoint in a column share one.
        let inside_boxes = endpoint_boxes(input, &rows, Side::Inside, widths.inside.label);
        let outside_boxes = endpoint_boxes(input, &rows, Side::Outside, widths.outside.label);
        grow_rows_to_fit_boxes(&mut rows, Side::Inside, &inside_boxes);
        grow_rows_to_fit_boxes(&mut rows, Side::Outside, &outside_boxes);

        let headings = Headings::new(input);
        let columns = Columns::place(&widths, [inside_boxes, outside_boxes], &headings);
        let zone_y = MARGIN;
        let rows_top = zone_y + HEADING_PAD_TOP + headings.height() + HEADING_PAD_BOTTOM;
        let zone_bottom = stack_rows(&mut rows, rows_top) + ZONE_PAD_BOTTOM;
        let legend = Legend::place(input, zone_bottom, columns.width);
        Layout {
            rows,
            inside: columns.inside,
            outside: columns.outside,
            width: round1(columns.width.max(legend.right)),
            height: round1(legend.bottom + MARGIN),
            headings,
            legend,
            lane_x: columns.lane_x,
            firewall_x: columns.firewall_x,
            outside_zone_x: columns.outside_zone_x,
            outside_heading_x: columns.outside_heading_x,
            zone_y,
            rows_top,
            zone_bottom,
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
}

/// An icon and the label beside it, as placed in an endpoint box or a device list.
pub(super) struct IconLabel {
    /// Left edge and top of the icon.
    pub(super) icon: (f64, f64),
    /// Width and height of the icon.
    pub(super) icon_size: f64,
    /// Left edge and top of the label.
    pub(super) label: (f64, f64),
}

/// Where each part goes, in the terms the writer draws it.
impl Layout {
    /// The shaded zone of the customer's network, left of the firewall.
    pub(super) fn inside_zone(&self) -> Rect {
        let right = self.firewall_x - FIREWALL_GAP;
        Rect {
            x: MARGIN,
            y: self.zone_y,
            width: right - MARGIN,
            height: self.zone_bottom - self.zone_y,
        }
    }

    /// The zone of the outside, right of the firewall.
    pub(super) fn outside_zone(&self) -> Rect {
        Rect {
            x: self.outside_zone_x,
            y: self.zone_y,
            width: self.width - MARGIN - self.outside_zone_x,
            height: self.zone_bottom - self.zone_y,
        }
    }

    /// The firewall band, from the first row to the bottom of the zones.
    pub(super) fn firewall_band(&self) -> Rect {
        Rect {
            x: self.firewall_x,
            y: self.rows_top,
            width: FIREWALL_WIDTH,
            height: self.zone_bottom - self.rows_top,
        }
    }

    /// The middle of the firewall band, where connectors pass and its heading is centred.
    pub(super) fn firewall_centre(&self) -> f64 {
        self.firewall_x + FIREWALL_WIDTH / 2.0
    }

    /// Where a row's connector starts and where it ends: from the initiator (the device list,
    /// or the source box where no device is listed) to the target box.
    pub(super) fn connector_ends(&self, row: &Row) -> (f64, f64) {
        let has_devices = !row.devices.is_empty();
        match row.source_side {
            Side::Inside => {
                let from = if has_devices {
                    let (x, width) = self.device_list(Side::Inside);
                    x + width
                } else {
                    self.inside.x + self.inside.width
                };
                (from, self.outside.x)
            }
            Side::Outside => {
                let from = if has_devices {
                    self.device_list(Side::Outside).0
                } else {
                    self.outside.x
                };
                (from, self.inside.x + self.inside.width)
            }
        }
    }

    /// The outline of an endpoint box in `column`.
    pub(super) fn endpoint_rect(&self, column: &Column, group: &EndpointBox) -> Rect {
        let (top, bottom) = self.box_span(group);
        Rect {
            x: column.x,
            y: top,
            width: column.width,
            height: bottom - top,
        }
    }

    /// Where the icon and the label of an endpoint box in `column` go.
    pub(super) fn endpoint_content(&self, column: &Column, group: &EndpointBox) -> IconLabel {
        let (top, bottom) = self.box_span(group);
        let content = group.content_height();
        // A heading over device lists sits at the top; a box of one row faces its connector as
        // far as it can; a taller box centres its label.
        let content_top = if group.has_devices {
            top + BOX_PAD_Y
        } else if group.first == group.last {
            let facing = self.rows[group.first].line_y() - content / 2.0;
            facing.clamp(top + BOX_PAD_Y, bottom - BOX_PAD_Y - content)
        } else {
            top + (bottom - top - content) / 2.0
        };
        let icon_x = column.x + BOX_PAD_X;
        IconLabel {
            icon: (icon_x, content_top + (content - ENDPOINT_ICON) / 2.0),
            icon_size: ENDPOINT_ICON,
            label: (
                icon_x + ENDPOINT_ICON + ICON_GAP,
                content_top + (content - group.label.height()) / 2.0,
            ),
        }
    }

    /// The outline of a row's device list, centred on its connector inside the source box.
    pub(super) fn device_list_rect(&self, row: &Row) -> Rect {
        let (x, width) = self.device_list(row.source_side);
        Rect {
            x,
            y: row.line_y() - row.devices_height / 2.0,
            width,
            height: row.devices_height,
        }
    }

    /// Where the icon and the label of each device in a row's list go, top to bottom.
    pub(super) fn device_items(&self, row: &Row) -> Vec<IconLabel> {
        let (x, _) = self.device_list(row.source_side);
        let mut item_top = row.line_y() - row.devices_height / 2.0 + DEVICE_PAD_Y;
        let mut items = Vec::with_capacity(row.devices.len());
        for (_, label) in &row.devices {
            let item = device_item(label);
            let icon_x = x + DEVICE_PAD_X;
            items.push(IconLabel {
                icon: (icon_x, item_top + (item - DEVICE_ICON) / 2.0),
                icon_size: DEVICE_ICON,
                label: (
                    icon_x + DEVICE_ICON + DEVICE_ICON_GAP,
                    item_top + (item - label.height()) / 2.0,
                ),
            });
            item_top += item;
        }
        items
    }

    /// Left edge and top of a row's ports, above its connector in the lane.
    pub(super) fn ports_at(&self, row: &Row) -> (f64, f64) {
        (
            self.lane_x + LANE_PAD,
            row.line_y() - LABEL_GAP - row.ports.height(),
        )
    }

    /// Left edge and top of a row's function, below its connector in the lane.
    pub(super) fn function_at(&self, row: &Row) -> (f64, f64) {
        (self.lane_x + LANE_PAD, row.line_y() + LABEL_GAP)
    }

    /// The top of the headings above the rows.
    pub(super) fn headings_top(&self) -> f64 {
        self.zone_y + HEADING_PAD_TOP
    }
}

/// The side a connection starts on, where its devices stand.
fn source_side(input: &DiagramInput, connection: &Connection) -> Side {
    let is_inside = |endpoint: usize| input.inside_endpoints.contains(&endpoint);
    match (
        is_inside(connection.source),
        is_inside(connection.destination),
    ) {
        (true, false) => Side::Inside,
        (false, true) => Side::Outside,
        // Both on one side: the direction decides where the initiator is drawn.
        _ => match connection.direction {
            Direction::Outbound => Side::Inside,
            Direction::Inbound => Side::Outside,
        },
    }
}

/// The inside and the outside endpoint of a connection whose source is on `side`.
fn ends(connection: &Connection, side: Side) -> (usize, usize) {
    match side {
        Side::Inside => (connection.source, connection.destination),
        Side::Outside => (connection.destination, connection.source),
    }
}

/// The text widths of the columns, each from its widest texts.
struct TextWidths {
    inside: ColumnWidths,
    outside: ColumnWidths,
    /// The lane of connector labels: ports and functions.
    lane: f64,
}

impl TextWidths {
    fn measure(input: &DiagramInput, sides: &[Side]) -> TextWidths {
        let endpoint_label = |index: usize| input.endpoints[index].label.as_str();
        let device_label = |index: usize| input.devices[index].label.as_str();
        let mut inside_labels = Vec::new();
        let mut outside_labels = Vec::new();
        let mut inside_devices = Vec::new();
        let mut outside_devices = Vec::new();
        let mut ports = Vec::new();
        let mut functions = Vec::new();
        for (c, &side) in input.connections.iter().zip(sides) {
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
        TextWidths {
            inside: ColumnWidths::new(&inside_labels, &inside_devices),
            outside: ColumnWidths::new(&outside_labels, &outside_devices),
            lane: column_width(&ports, LANE_CAP, FONT_SIZE, true)
                .max(column_width(&functions, LANE_CAP, FONT_SIZE, false)),
        }
    }
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
    devices_height: f64,
    /// Space above and below the connector line, without padding.
    above: f64,
    below: f64,
    pad_top: f64,
    pad_bottom: f64,
    top: f64,
}

impl Row {
    /// A row with its texts wrapped to the columns, as tall as its content; where it stands
    /// and how far it grows is decided later.
    fn new(input: &DiagramInput, connection: &Connection, side: Side, widths: &TextWidths) -> Row {
        let (inside_endpoint, outside_endpoint) = ends(connection, side);
        let device_text = match side {
            Side::Inside => widths.inside.device,
            Side::Outside => widths.outside.device,
        };
        let devices: Vec<(usize, Block)> = connection
            .devices
            .iter()
            .map(|&d| {
                let label = &input.devices[d].label;
                (d, Block::new(label, device_text, FONT_SIZE, false))
            })
            .collect();
        let devices_height = device_list_height(&devices);
        let ports = Block::new(&connection.ports, widths.lane, FONT_SIZE, true);
        let function = Block::new(&connection.function, widths.lane, FONT_SIZE, false);
        Row {
            direction: connection.direction,
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
    }

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

/// The height of a device list, or nothing where no device is listed.
fn device_list_height(devices: &[(usize, Block)]) -> f64 {
    if devices.is_empty() {
        0.0
    } else {
        devices
            .iter()
            .map(|(_, label)| device_item(label))
            .sum::<f64>()
            + 2.0 * DEVICE_PAD_Y
    }
}

/// The height of one device in a list; a label on several lines gets some air.
fn device_item(label: &Block) -> f64 {
    (label.height() + DEVICE_ITEM_GAP).max(DEVICE_ITEM)
}

/// An endpoint box spanning consecutive rows of one column. Where the endpoint is the source
/// of its rows, the devices that open them stand inside the box, under its heading; otherwise
/// the heading is centred.
pub(super) struct EndpointBox {
    pub(super) endpoint: usize,
    first: usize,
    last: usize,
    pub(super) label: Block,
    has_devices: bool,
}

impl EndpointBox {
    fn content_height(&self) -> f64 {
        self.label.height().max(ENDPOINT_ICON)
    }
}

/// Groups consecutive rows with the same endpoint on `side`, and wraps each box's label to
/// `label_width`.
fn endpoint_boxes(
    input: &DiagramInput,
    rows: &[Row],
    side: Side,
    label_width: f64,
) -> Vec<EndpointBox> {
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
                label: Block::new(
                    &input.endpoints[endpoint].label,
                    label_width,
                    FONT_SIZE,
                    false,
                ),
                has_devices,
            }),
        }
    }
    boxes
}

/// Grows rows where a box on `side` needs more room than they give. Rows only grow, so a
/// requirement met stays met.
fn grow_rows_to_fit_boxes(rows: &mut [Row], side: Side, boxes: &[EndpointBox]) {
    for group in boxes {
        if group.has_devices {
            make_room_for_heading_over_devices(rows, side, group);
        } else {
            make_room_for_centred_label(rows, group);
        }
    }
}

/// Puts the heading above the first row's content, and the last row's devices inside the
/// bottom edge.
fn make_room_for_heading_over_devices(rows: &mut [Row], side: Side, group: &EndpointBox) {
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
}

/// Spreads the room that a label needs over the rows of its box, evenly above and below.
fn make_room_for_centred_label(rows: &mut [Row], group: &EndpointBox) {
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

/// Sets the top of each row, stacked from `top` down, and returns the bottom of the last.
fn stack_rows(rows: &mut [Row], top: f64) -> f64 {
    let mut top = top;
    for row in rows {
        row.top = top;
        top = row.bottom();
    }
    top
}

/// The headings of the two zones and of the firewall, above the rows.
pub(super) struct Headings {
    pub(super) inside: Block,
    pub(super) outside: Block,
    pub(super) firewall: Block,
}

impl Headings {
    fn new(input: &DiagramInput) -> Headings {
        Headings {
            inside: Block::new(&input.inside, HEADING_CAP, HEADING_SIZE, true),
            outside: Block::new(&input.outside, HEADING_CAP, HEADING_SIZE, true),
            firewall: Block::new(&input.firewall, FIREWALL_CAP, HEADING_SIZE, true),
        }
    }

    /// The height of the band of headings: the tallest of them.
    fn height(&self) -> f64 {
        self.inside
            .height()
            .max(self.outside.height())
            .max(self.firewall.height())
    }
}

/// A column of endpoint boxes on one side of the firewall.
pub(super) struct Column {
    pub(super) x: f64,
    pub(super) width: f64,
    pub(super) boxes: Vec<EndpointBox>,
}

/// Where the parts stand left to right.
struct Columns {
    inside: Column,
    lane_x: f64,
    firewall_x: f64,
    outside_zone_x: f64,
    outside: Column,
    outside_heading_x: f64,
    /// The right edge of the picture, where the legend needs no more.
    width: f64,
}

impl Columns {
    /// Places the inside column, the lane of connector labels, the firewall and the outside
    /// column, left to right. The lane widens where the inside heading would run into the
    /// firewall's heading.
    fn place(widths: &TextWidths, boxes: [Vec<EndpointBox>; 2], headings: &Headings) -> Columns {
        let [inside_boxes, outside_boxes] = boxes;
        let inside = Column {
            x: MARGIN + ZONE_PAD,
            width: widths.inside.inner + 2.0 * BOX_PAD_X,
            boxes: inside_boxes,
        };
        let lane_x = inside.x + inside.width;
        let mut lane_width = LANE_PAD + widths.lane + LANE_PAD;
        // The inside heading ends before the firewall's heading begins.
        let heading_half = headings.firewall.width / 2.0;
        let centre = lane_x + lane_width + FIREWALL_GAP + FIREWALL_WIDTH / 2.0;
        let shortfall = (inside.x + headings.inside.width + HEADING_GAP) - (centre - heading_half);
        lane_width += shortfall.max(0.0);
        let firewall_x = lane_x + lane_width + FIREWALL_GAP;
        let centre = firewall_x + FIREWALL_WIDTH / 2.0;
        let outside_zone_x = firewall_x + FIREWALL_WIDTH + FIREWALL_GAP;
        let outside = Column {
            x: outside_zone_x + OUTSIDE_LANE,
            width: widths.outside.inner + 2.0 * BOX_PAD_X,
            boxes: outside_boxes,
        };
        // The outside heading starts where the outside column does, or after the firewall's.
        let outside_heading_x = outside.x.max(centre + heading_half + HEADING_GAP);
        let width = (outside.x + outside.width).max(outside_heading_x + headings.outside.width)
            + ZONE_PAD
            + MARGIN;
        Columns {
            inside,
            lane_x,
            firewall_x,
            outside_zone_x,
            outside,
            outside_heading_x,
            width,
        }
    }
}

/// The legend under the zones: a sample connector and a text for each direction.
pub(super) struct Legend {
    /// The texts, outbound first.
    pub(super) entries: [Block; 2],
    /// Left edge and top of each entry.
    at: [(f64, f64); 2],
    /// The lower edge of the lowest entry.
    bottom: f64,
    /// The right edge of the picture that the entries need.
    right: f64,
}

impl Legend {
    /// Places the entries side by side under the zones, or stacked where they do not fit
    /// `width`.
    fn place(input: &DiagramInput, zone_bottom: f64, width: f64) -> Legend {
        let entries = [
            Block::new(&input.outbound, LEGEND_CAP, FONT_SIZE, false),
            Block::new(&input.inbound, LEGEND_CAP, FONT_SIZE, false),
        ];
        let legend_y = zone_bottom + LEGEND_TOP;
        let entry_width = |block: &Block| LEGEND_SAMPLE + ICON_GAP + block.width;
        let entry_height = |block: &Block| block.height().max(line_height(FONT_SIZE));
        let first_x = MARGIN + ZONE_PAD;
        let second_x = first_x + entry_width(&entries[0]) + LEGEND_GAP;
        let at = if second_x + entry_width(&entries[1]) + ZONE_PAD + MARGIN <= width {
            [(first_x, legend_y), (second_x, legend_y)]
        } else {
            let below = legend_y + entry_height(&entries[0]) + LEGEND_ROW_GAP;
            [(first_x, legend_y), (first_x, below)]
        };
        let mut bottom: f64 = 0.0;
        let mut right: f64 = 0.0;
        for ((x, y), block) in at.iter().zip(&entries) {
            bottom = bottom.max(y + entry_height(block));
            right = right.max(x + entry_width(block) + ZONE_PAD + MARGIN);
        }
        Legend {
            entries,
            at,
            bottom,
            right,
        }
    }

    /// The sample connector of entry `index` (0 outbound, 1 inbound): its left end, its tip,
    /// and its height, the middle of the text's first line.
    pub(super) fn sample(&self, index: usize) -> (f64, f64, f64) {
        let (x, y) = self.at[index];
        (x, x + LEGEND_SAMPLE, y + line_height(FONT_SIZE) / 2.0)
    }

    /// Left edge and top of the text of entry `index`, after its sample.
    pub(super) fn text_at(&self, index: usize) -> (f64, f64) {
        let (x, y) = self.at[index];
        (x + LEGEND_SAMPLE + ICON_GAP, y)
    }
}

#[cfg(test)]
mod tests;
