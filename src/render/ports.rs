//! The port list as templates see it: tables and legends, localized for the page's language.
//!
//! The typed [`PortList`] stays language-neutral; this module resolves its labels in one
//! language and shapes rows for the `ports-table`, `ports-legend` and `ports-diagram` shortcodes.
//! Templates only lay the rows out. Which devices and notes a legend lists depends on the tables
//! on the same page, so both read the page's tables from the unit's scope, which makes the result
//! independent of the order in which shortcodes appear.

use serde::Serialize;

use fluent_bundle::FluentArgs;

use crate::config::Lang;
use crate::data::ports::{Direction, PortList, PortRange, Protocol, Rule, Usage};
use crate::diagnostics::Code;
use crate::diagram;
use crate::i18n::Catalog;
use crate::theme::icons::Icons;

/// A table of rules, as the `ports-table` shortcode renders it.
#[derive(Debug, Serialize)]
pub(super) struct TableView {
    /// Deployment id.
    pub deployment: String,
    /// Deployment label.
    pub deployment_label: String,
    /// The direction the table is limited to, if any.
    pub direction: Option<&'static str>,
    /// One row per rule.
    pub rows: Vec<RowView>,
}

/// One rule in a table.
#[derive(Debug, Serialize)]
pub(super) struct RowView {
    /// Rule id.
    pub id: String,
    /// Ports as shown: `80, 443` or `30000–35000`.
    pub ports: String,
    /// Protocols as shown: `TCP` or `UDP+TCP`.
    pub protocols: String,
    /// What the connection is for.
    pub function: String,
    /// Devices that open the connection.
    pub devices: Vec<DeviceView>,
    /// `outbound` or `inbound`.
    pub direction: &'static str,
    /// Where the connection comes from.
    pub source: EndpointView,
    /// Where it goes.
    pub destination: EndpointView,
}

/// A device with its label.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(super) struct DeviceView {
    /// Device id.
    pub id: String,
    /// Icon name.
    pub icon: String,
    /// Label.
    pub label: String,
}

/// An endpoint with its label and, if it has a note, the note's marker.
#[derive(Debug, Serialize)]
pub(super) struct EndpointView {
    /// Endpoint id.
    pub id: String,
    /// Icon name.
    pub icon: String,
    /// Label.
    pub label: String,
    /// Host names.
    pub hosts: Vec<String>,
    /// Marker of the endpoint's note on this page (`*`), if it has one.
    pub marker: Option<String>,
}

/// What a legend lists.
#[derive(Debug, Serialize)]
pub(super) struct LegendView {
    /// Devices that appear in the tables, in declaration order.
    pub devices: Vec<DeviceView>,
    /// Notes of endpoints that appear in the tables, in marker order.
    pub notes: Vec<NoteView>,
}

/// One note of a legend.
#[derive(Debug, Serialize)]
pub(super) struct NoteView {
    /// The marker used in the tables.
    pub marker: String,
    /// The note.
    pub text: String,
}

/// A table of one deployment (and optionally one direction), as referenced by a shortcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TableRef {
    /// Deployment index.
    pub deployment: usize,
    /// Direction filter.
    pub direction: Option<Direction>,
}

/// Why a shortcode's `deployment` and `direction` name no table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TableRefError {
    /// A deployment the port list does not declare.
    #[error("unknown deployment {deployment} (data/ports.yaml declares: {known})")]
    UnknownDeployment {
        /// The deployment as given, quoted for a message.
        deployment: String,
        /// The declared deployments, listed.
        known: String,
    },
    /// A direction other than `outbound` and `inbound`, quoted for a message.
    #[error("direction {0} is neither `outbound` nor `inbound`")]
    Direction(String),
}

impl TableRefError {
    /// The kind of problem.
    pub(crate) fn code(&self) -> Code {
        match self {
            TableRefError::UnknownDeployment { .. } => Code::UnknownPortListId,
            TableRefError::Direction(_) => Code::InvalidDirection,
        }
    }
}

impl TableRef {
    /// The table a shortcode asks for with `deployment` and `direction`.
    pub(crate) fn parse(
        list: &PortList,
        deployment: &str,
        direction: Option<&str>,
    ) -> Result<TableRef, TableRefError> {
        let index = list.deployment(deployment).ok_or_else(|| {
            let known: Vec<&str> = list.deployments.iter().map(|d| d.id.as_str()).collect();
            TableRefError::UnknownDeployment {
                deployment: crate::diagnostics::quoted(deployment),
                known: known.join(", "),
            }
        })?;
        let direction = match direction {
            None => None,
            Some("outbound") => Some(Direction::Outbound),
            Some("inbound") => Some(Direction::Inbound),
            Some(other) => {
                return Err(TableRefError::Direction(crate::diagnostics::quoted(other)));
            }
        };
        Ok(TableRef {
            deployment: index,
            direction,
        })
    }
}

/// Resolves labels in one language and records which messages were used.
pub(super) struct Localizer<'a> {
    /// The catalog.
    pub catalog: &'a Catalog,
    /// The page's language.
    pub lang: &'a Lang,
    /// Called with every message id used.
    pub used: &'a dyn Fn(&str),
}

impl Localizer<'_> {
    /// The text of a label; an id without any message (which validation rules out) shows as-is.
    pub(super) fn text(&self, id: &str) -> String {
        self.text_with(id, None)
    }

    /// The text of a message with arguments.
    pub(super) fn text_with(&self, id: &str, args: Option<&FluentArgs>) -> String {
        (self.used)(id);
        self.catalog.text_or_id(self.lang, id, args)
    }
}

/// Markers for notes, in order of first use: `*`, `**`, `***`, then numbers.
fn marker(index: usize) -> String {
    match index {
        0..=2 => "*".repeat(index + 1),
        _ => (index + 1).to_string(),
    }
}

/// Ports as shown to readers: ranges with an en dash, lists with commas, never digit grouping.
pub(super) fn ports_label(ports: &[PortRange]) -> String {
    ports
        .iter()
        .map(|range| {
            if range.is_single() {
                range.start.to_string()
            } else {
                format!("{}–{}", range.start, range.end)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Protocols as shown to readers: `TCP`, `UDP+TCP`.
pub(super) fn protocols_label(protocols: &[Protocol]) -> String {
    protocols
        .iter()
        .map(|protocol| protocol.label())
        .collect::<Vec<_>>()
        .join("+")
}

/// Endpoints with notes, in order of first appearance in the given tables: this order gives the
/// markers, so tables and legends on one page agree.
fn noted_endpoints(list: &PortList, tables: &[TableRef]) -> Vec<usize> {
    let mut noted = Vec::new();
    for (_, usage) in rows_of(list, tables) {
        for endpoint in [usage.source, usage.destination] {
            if list.endpoints[endpoint].note.is_some() && !noted.contains(&endpoint) {
                noted.push(endpoint);
            }
        }
    }
    noted
}

fn rows_of<'a>(
    list: &'a PortList,
    tables: &'a [TableRef],
) -> impl Iterator<Item = (&'a Rule, &'a Usage)> {
    tables
        .iter()
        .flat_map(move |table| list.rules_for(table.deployment, table.direction))
}

/// Builds one table. `page_tables` are all tables on the page, for note markers.
pub(super) fn table(
    list: &PortList,
    table: TableRef,
    page_tables: &[TableRef],
    localizer: &Localizer<'_>,
) -> TableView {
    let noted = noted_endpoints(list, page_tables);
    let endpoint_view = |index: usize| {
        let endpoint = &list.endpoints[index];
        EndpointView {
            id: endpoint.id.clone(),
            icon: endpoint.icon.clone(),
            label: localizer.text(&endpoint.label.id),
            hosts: endpoint.hosts.clone(),
            marker: noted.iter().position(|&noted| noted == index).map(marker),
        }
    };
    let deployment = &list.deployments[table.deployment];
    TableView {
        deployment: deployment.id.clone(),
        deployment_label: localizer.text(&deployment.label.id),
        direction: table.direction.map(Direction::name),
        rows: list
            .rules_for(table.deployment, table.direction)
            .map(|(rule, usage)| RowView {
                id: rule.id.clone(),
                ports: ports_label(&rule.ports),
                protocols: protocols_label(&rule.protocols),
                function: localizer.text(&rule.function.id),
                devices: rule
                    .devices
                    .iter()
                    .map(|&device| device_view(list, device, localizer))
                    .collect(),
                direction: usage.direction.name(),
                source: endpoint_view(usage.source),
                destination: endpoint_view(usage.destination),
            })
            .collect(),
    }
}

fn device_view(list: &PortList, index: usize, localizer: &Localizer<'_>) -> DeviceView {
    let device = &list.devices[index];
    DeviceView {
        id: device.id.clone(),
        icon: device.icon.clone(),
        label: localizer.text(&device.label.id),
    }
}

/// Builds the legend for `tables` (a subset of `page_tables`, or all of them).
pub(super) fn legend(
    list: &PortList,
    tables: &[TableRef],
    page_tables: &[TableRef],
    localizer: &Localizer<'_>,
) -> LegendView {
    let mut used_devices: Vec<usize> = rows_of(list, tables)
        .flat_map(|(rule, _)| rule.devices.iter().copied())
        .collect();
    used_devices.sort_unstable();
    used_devices.dedup();
    let page_noted = noted_endpoints(list, page_tables);
    let noted = noted_endpoints(list, tables);
    LegendView {
        devices: used_devices
            .into_iter()
            .map(|device| device_view(list, device, localizer))
            .collect(),
        notes: page_noted
            .iter()
            .enumerate()
            .filter(|(_, endpoint)| noted.contains(endpoint))
            .filter_map(|(index, &endpoint)| {
                let note = list.endpoints[endpoint].note.as_ref()?;
                Some(NoteView {
                    marker: marker(index),
                    text: localizer.text(&note.id),
                })
            })
            .collect(),
    }
}

/// The diagram of one table's connections as inline SVG.
///
/// Rows run outbound first, then inbound, each in data order: that is the order of the tables on
/// the page, and it lets consecutive rows share their endpoint's box.
pub(super) fn diagram(
    list: &PortList,
    table: TableRef,
    localizer: &Localizer<'_>,
    icons: &Icons,
    id_prefix: &str,
) -> diagram::Diagram {
    let mut rows: Vec<(&Rule, &Usage)> =
        list.rules_for(table.deployment, table.direction).collect();
    rows.sort_by_key(|(_, usage)| usage.direction);
    let icon = |name: &str| {
        icons
            .parts(name)
            .map(|(view_box, body)| diagram::Icon { view_box, body })
    };
    let devices = list
        .devices
        .iter()
        .map(|device| diagram::Node {
            id: device.id.clone(),
            label: localizer.text(&device.label.id),
            icon: icon(&device.icon),
        })
        .collect();
    let endpoints = list
        .endpoints
        .iter()
        .map(|endpoint| diagram::Node {
            id: endpoint.id.clone(),
            label: localizer.text(&endpoint.label.id),
            icon: icon(&endpoint.icon),
        })
        .collect();
    // Inside the customer's network: where outbound connections start and inbound ones end.
    let mut inside_endpoints: Vec<usize> = rows
        .iter()
        .map(|(_, usage)| match usage.direction {
            Direction::Outbound => usage.source,
            Direction::Inbound => usage.destination,
        })
        .collect();
    inside_endpoints.sort_unstable();
    inside_endpoints.dedup();
    let connections = rows
        .iter()
        .map(|(rule, usage)| diagram::Connection {
            id: rule.id.clone(),
            ports: format!(
                "{}/{}",
                ports_label(&rule.ports),
                protocols_label(&rule.protocols)
            ),
            function: localizer.text(&rule.function.id),
            direction: match usage.direction {
                Direction::Outbound => diagram::Direction::Outbound,
                Direction::Inbound => diagram::Direction::Inbound,
            },
            devices: rule.devices.clone(),
            source: usage.source,
            destination: usage.destination,
        })
        .collect();
    let deployment = localizer.text(&list.deployments[table.deployment].label.id);
    let outbound = rows
        .iter()
        .filter(|(_, usage)| usage.direction == Direction::Outbound)
        .count();
    let mut args = FluentArgs::new();
    args.set("deployment", deployment);
    args.set("count", rows.len());
    args.set("outbound", outbound);
    args.set("inbound", rows.len() - outbound);
    let input = diagram::DiagramInput {
        id_prefix: id_prefix.to_owned(),
        lang: localizer.lang.to_string(),
        title: localizer.text_with("ports-diagram-title", Some(&args)),
        description: localizer.text_with("ports-diagram-description", Some(&args)),
        inside: localizer.text("ports-diagram-inside"),
        outside: localizer.text("ports-diagram-outside"),
        firewall: localizer.text("ports-diagram-firewall"),
        outbound: localizer.text("ports-diagram-outbound"),
        inbound: localizer.text("ports-diagram-inbound"),
        devices,
        endpoints,
        inside_endpoints,
        connections,
    };
    diagram::render(&input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_group_digits() {
        let ports = [
            PortRange { start: 80, end: 80 },
            PortRange {
                start: 443,
                end: 443,
            },
            PortRange {
                start: 30000,
                end: 35000,
            },
        ];
        assert_eq!(ports_label(&ports), "80, 443, 30000–35000");
        assert_eq!(protocols_label(&[Protocol::Udp, Protocol::Tcp]), "UDP+TCP");
    }

    #[test]
    fn markers_are_stars_then_numbers() {
        assert_eq!(
            [marker(0), marker(1), marker(2), marker(3)],
            ["*", "**", "***", "4"]
        );
    }
}
