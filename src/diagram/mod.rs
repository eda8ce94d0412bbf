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
//! # Parts
//!
//! [`render`] lays the diagram out, then writes it. The layout (module `layout`) sizes the
//! columns and rows from the texts and places every part; the writer (module `svg`) turns the
//! placed parts into markup. Both measure texts with the width model of module `text`, since
//! there is no font at build time. [`Diagram::text_boxes`], [`Diagram::node_boxes`] and
//! [`Diagram::firewall`] report the computed geometry, so that tests can check that no two
//! texts overlap and that no text crosses a box or the firewall band.

mod layout;
mod svg;
mod text;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

/// Which way a connection is opened, seen from the customer's network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    /// Opened from the customer's network to the outside.
    Outbound,
    /// Opened from the outside into the customer's network.
    Inbound,
}

/// An icon: the inner markup of a 24×24 stroke icon (Lucide), drawn with `currentColor`.
///
/// The markup is trusted (it comes from the theme's icon files) and inlined as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Icon {
    /// The icon's `viewBox`, such as `0 0 24 24`.
    pub view_box: String,
    /// The markup inside the icon's `<svg>` element.
    pub body: String,
}

/// A device or an endpoint: a label and an optional icon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// The id in the port list (not used in the SVG; handy for the caller's diagnostics).
    pub id: String,
    /// The localized label, the same as in the table's legend.
    pub label: String,
    /// The icon, the same as in the table's legend.
    pub icon: Option<Icon>,
}

/// One connection (one row of the table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Connection {
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
pub(crate) struct DiagramInput {
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
pub(crate) struct TextBox {
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
pub(crate) struct Rect {
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
pub(crate) struct Diagram {
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

/// Renders one diagram.
///
/// # Panics
///
/// If a connection refers to a device or an endpoint that does not exist; the caller validates
/// references before.
pub(crate) fn render(input: &DiagramInput) -> Diagram {
    svg::draw(&layout::Layout::new(input), input)
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
