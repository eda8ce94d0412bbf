//! The port list: `data/ports.yaml`, the single source of the firewall tables, their legends and
//! diagrams, and the exports for tools.
//!
//! Each fact is stated once. Devices, endpoints and deployments are declared once with an icon
//! and a label (a Fluent message id); rules refer to them by id. A rule states its ports and
//! protocols once and, per deployment, which way the connection goes and between which endpoints.
//!
//! ```yaml
//! deployments:
//!   cloud: { label: deployment-cloud }
//! devices:
//!   phone: { icon: phone, label: device-phone }
//! endpoints:
//!   your-network: { icon: building-2, label: endpoint-your-network }
//!   pascom-cloud: { icon: cloud, label: endpoint-pascom-cloud, note: note-pascom-cloud }
//! rules:
//!   - id: sip
//!     ports: 5061                  # or [80, 443], or 30000-35000, or a list mixing both
//!     protocols: [tcp]             # tcp, udp or both
//!     devices: [phone]
//!     function: function-sip
//!     deployments:
//!       cloud: { direction: outbound, source: your-network, destination: pascom-cloud }
//! ```
//!
//! Parsing checks the shape (unknown keys, types, protocol names) with the YAML deserializer,
//! then [`parse`] checks what needs the whole file: port ranges, references, duplicate ids.
//! Every problem is reported with its position and the offending value, all at once.
//!
//! Every id of the file (deployments, devices, endpoints, rules, and the message ids of labels,
//! notes and functions) matches one pattern, [`is_id`]: lowercase ASCII letters, digits and
//! `-`, starting with a letter. Ids end up in HTML `id` attributes, firewall chain names and
//! spreadsheet cells, so they keep to characters that mean nothing special in any of them.
//! Host names are DNS names (`is_host_name`) for the same reason.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span, quoted};
use crate::yaml;

/// A transport protocol.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
#[derive(schemars::JsonSchema)]
#[schemars(rename = "protocol")]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

impl Protocol {
    /// The conventional upper-case name, as in `5061/TCP`.
    pub fn label(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        }
    }

    /// The lower-case name used by firewalls and in the data.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        }
    }
}

/// Which way a connection is opened, seen from the customer's network.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
#[derive(schemars::JsonSchema)]
#[schemars(rename = "direction")]
pub enum Direction {
    /// From the customer's network to the outside.
    Outbound,
    /// From the outside into the customer's network.
    Inbound,
}

impl Direction {
    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
        }
    }
}

/// A port or an inclusive range of ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    /// First port.
    pub start: u16,
    /// Last port (equal to `start` for a single port).
    pub end: u16,
}

impl PortRange {
    /// Whether this is a single port.
    pub fn is_single(&self) -> bool {
        self.start == self.end
    }
}

impl fmt::Display for PortRange {
    /// `5061` or `30000-35000`; port numbers are identifiers and never get digit grouping.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// A Fluent message id used as a label, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The message id.
    pub id: String,
    /// Where the id is written in the data file.
    pub span: Span,
}

/// A deployment variant (cloud, onsite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// Id used by rules and shortcodes.
    pub id: String,
    /// Display name.
    pub label: Label,
}

/// A kind of device that opens connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Id used by rules.
    pub id: String,
    /// Icon name.
    pub icon: String,
    /// Display name.
    pub label: Label,
}

/// One end of a connection: a network or a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Id used by rules.
    pub id: String,
    /// Icon name.
    pub icon: String,
    /// Display name.
    pub label: Label,
    /// DNS names of the service, for exports and for readers configuring by name.
    pub hosts: Vec<String>,
    /// A remark shown as a footnote wherever the endpoint appears.
    pub note: Option<Label>,
}

/// How a rule applies in one deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Index into [`PortList::deployments`].
    pub deployment: usize,
    /// Which way the connection is opened.
    pub direction: Direction,
    /// Index into [`PortList::endpoints`].
    pub source: usize,
    /// Index into [`PortList::endpoints`].
    pub destination: usize,
}

/// One firewall rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// Ports, in the order written.
    pub ports: Vec<PortRange>,
    /// Protocols, in the order written.
    pub protocols: Vec<Protocol>,
    /// Indexes into [`PortList::devices`], in the order written.
    pub devices: Vec<usize>,
    /// What the connection is for.
    pub function: Label,
    /// Per deployment, in the order of [`PortList::deployments`].
    pub usages: Vec<Usage>,
    /// The rule's `id:` in the data file.
    pub span: Span,
}

/// The checked port list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortList {
    /// The data file.
    pub file: FileId,
    /// Deployments in declaration order.
    pub deployments: Vec<Deployment>,
    /// Devices in declaration order (the legend's order).
    pub devices: Vec<Device>,
    /// Endpoints in declaration order.
    pub endpoints: Vec<Endpoint>,
    /// Rules in declaration order (the tables' order).
    pub rules: Vec<Rule>,
}

impl PortList {
    /// The index of a deployment by id.
    pub fn deployment(&self, id: &str) -> Option<usize> {
        self.deployments
            .iter()
            .position(|deployment| deployment.id == id)
    }

    /// Every label of the list, for checking that each has a message in every language.
    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.deployments
            .iter()
            .map(|d| &d.label)
            .chain(self.devices.iter().map(|d| &d.label))
            .chain(
                self.endpoints
                    .iter()
                    .flat_map(|e| std::iter::once(&e.label).chain(&e.note)),
            )
            .chain(self.rules.iter().map(|r| &r.function))
    }

    /// Rules that apply in a deployment (optionally only one direction), with their usage there.
    pub fn rules_for(
        &self,
        deployment: usize,
        direction: Option<Direction>,
    ) -> impl Iterator<Item = (&Rule, &Usage)> {
        self.rules.iter().filter_map(move |rule| {
            let usage = rule
                .usages
                .iter()
                .find(|usage| usage.deployment == deployment)?;
            direction
                .is_none_or(|direction| usage.direction == direction)
                .then_some((rule, usage))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The file as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPortList {
    deployments: Entries<RawDeployment>,
    devices: Entries<RawDevice>,
    endpoints: Entries<RawEndpoint>,
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeployment {
    label: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDevice {
    icon: Spanned<String>,
    label: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpoint {
    icon: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    hosts: Vec<Spanned<String>>,
    #[serde(default)]
    note: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    ports: Spanned<OneOrMany<PortItem>>,
    protocols: Spanned<OneOrMany<Protocol>>,
    devices: Spanned<Vec<Spanned<String>>>,
    function: Spanned<String>,
    deployments: Spanned<Entries<RawUsage>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUsage {
    direction: Direction,
    source: Spanned<String>,
    destination: Spanned<String>,
}

/// A YAML mapping kept in the order written, with the position of every key.
#[derive(Debug)]
struct Entries<V>(Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a mapping of ids to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, V>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// A single value or a list of values, each with its own position.
#[derive(Debug)]
struct OneOrMany<T>(Vec<Item<T>>);

/// One value and, when it sat in a list, its own position (a lone value uses the field's).
#[derive(Debug)]
struct Item<T> {
    value: T,
    location: Option<Location>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a value or a list of values")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<T>>()? {
                    items.push(Item {
                        value: item.value,
                        location: Some(item.referenced),
                    });
                }
                Ok(OneOrMany(items))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<OneOrMany<T>, E> {
                self.single(de::value::U64Deserializer::new(value))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<OneOrMany<T>, E> {
                self.single(de::value::I64Deserializer::new(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<OneOrMany<T>, E> {
                self.single(de::value::StrDeserializer::new(value))
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<OneOrMany<T>, E> {
                self.single(de::value::BorrowedStrDeserializer::new(value))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<OneOrMany<T>, E> {
                self.single(de::value::StringDeserializer::new(value))
            }
        }
        impl<'de, T: Deserialize<'de>> OneOrManyVisitor<T> {
            fn single<E: de::Error, D: Deserializer<'de, Error = E>>(
                self,
                deserializer: D,
            ) -> Result<OneOrMany<T>, E> {
                Ok(OneOrMany(vec![Item {
                    value: T::deserialize(deserializer)?,
                    location: None,
                }]))
            }
        }
        deserializer.deserialize_any(OneOrManyVisitor(std::marker::PhantomData))
    }
}

/// A port or range as written: `5061`, `"30000-35000"`. Numbers are kept wide so an
/// out-of-range value can be reported as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PortItem {
    Single(i64),
    Range(i64, i64),
    Invalid(String),
}

impl<'de> Deserialize<'de> for PortItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PortVisitor;
        impl Visitor<'_> for PortVisitor {
            type Value = PortItem;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a port number such as 5061 or a range such as 30000-35000")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<PortItem, E> {
                Ok(PortItem::Single(i64::try_from(value).unwrap_or(i64::MAX)))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<PortItem, E> {
                Ok(PortItem::Single(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<PortItem, E> {
                Ok(parse_port_item(value))
            }
        }
        deserializer.deserialize_any(PortVisitor)
    }
}

fn parse_port_item(text: &str) -> PortItem {
    let number = |part: &str| -> Option<i64> {
        let part = part.trim();
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i64>().unwrap_or(i64::MAX))
    };
    match text.split_once('-') {
        Some((start, end)) => match (number(start), number(end)) {
            (Some(start), Some(end)) => PortItem::Range(start, end),
            _ => PortItem::Invalid(text.to_owned()),
        },
        None => number(text).map_or_else(|| PortItem::Invalid(text.to_owned()), PortItem::Single),
    }
}

// ---------------------------------------------------------------------------------------------
// Checking.

/// Parses and checks the port list in `file`. Returns every problem found.
pub(crate) fn parse(sources: &SourceMap, file: FileId) -> Result<PortList, Vec<Diagnostic>> {
    let raw: RawPortList = yaml::parse_spanned(sources, file, 0).map_err(|error| vec![error])?;
    let mut checker = Checker {
        sources,
        file,
        errors: Vec::new(),
    };
    let list = checker.check(raw);
    if checker.errors.is_empty() {
        Ok(list)
    } else {
        Err(checker.errors)
    }
}

/// Reports every label that has no message in some language.
///
/// `has_message(lang, id)` answers from the translation catalog; `langs` are all site languages.
pub(crate) fn check_labels(
    list: &PortList,
    langs: &[crate::config::Lang],
    has_message: impl Fn(&crate::config::Lang, &str) -> bool,
) -> Vec<Diagnostic> {
    let mut reported = BTreeSet::new();
    let mut diagnostics = Vec::new();
    for label in list.labels() {
        let missing: Vec<&str> = langs
            .iter()
            .filter(|lang| !has_message(lang, &label.id))
            .map(crate::config::Lang::as_str)
            .collect();
        if missing.is_empty() || !reported.insert((label.id.clone(), label.span)) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::LabelWithoutMessage,
                format!(
                    "label `{}` has no message in {}",
                    label.id,
                    missing
                        .iter()
                        .map(|lang| format!("`{lang}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .at(label.span)
            .with_help(format!(
                "add `{} = …` to {}",
                label.id,
                missing
                    .iter()
                    .map(|lang| format!("`i18n/{lang}/`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )),
        );
    }
    diagnostics
}

/// Reports every icon of a device or endpoint that the theme and the site lack.
pub(crate) fn check_icons(list: &PortList, has_icon: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    let named = list
        .devices
        .iter()
        .map(|device| (&device.icon, &device.label))
        .chain(
            list.endpoints
                .iter()
                .map(|endpoint| (&endpoint.icon, &endpoint.label)),
        );
    named
        .filter(|(icon, _)| !has_icon(icon))
        .map(|(icon, label)| {
            Diagnostic::new(Code::UnknownIcon, format!("no icon `{icon}`"))
                .at(label.span)
                .with_label("the entry with this label names the icon")
                .with_help(format!(
                    "add `icons/{icon}.svg` to the site, or use an icon of the theme"
                ))
        })
        .collect()
}

struct Checker<'a> {
    sources: &'a SourceMap,
    file: FileId,
    errors: Vec<Diagnostic>,
}

/// The position of each declared id, by section.
struct Indexes {
    deployments: BTreeMap<String, usize>,
    devices: BTreeMap<String, usize>,
    endpoints: BTreeMap<String, usize>,
}

impl Checker<'_> {
    fn span(&self, location: &Location) -> Span {
        yaml::span_at(self.sources, self.file, 0, location)
    }

    fn label(&mut self, what: &str, value: &Spanned<String>) -> Label {
        self.id(what, value);
        Label {
            id: value.value.clone(),
            span: self.span(&value.referenced),
        }
    }

    fn error(&mut self, code: Code, location: &Location, message: String, help: &str) {
        let span = self.span(location);
        self.errors.push(
            Diagnostic::new(code, message)
                .at(span)
                .with_help(help.to_owned()),
        );
    }

    /// Reports an id that does not match [`is_id`], at the id, with a valid form to write.
    fn id(&mut self, what: &str, id: &Spanned<String>) {
        if is_id(&id.value) {
            return;
        }
        let example = id_suggestion(&id.value).unwrap_or_else(|| "web-client".to_owned());
        self.error(
            Code::InvalidPortListId,
            &id.referenced,
            format!("{} is not a valid {what} id", quoted(&id.value)),
            &format!("{ID_PATTERN}, such as `{example}`"),
        );
    }

    /// Reports ids that are malformed or declared twice in one section and returns the index of
    /// each id.
    fn index<V>(&mut self, what: &str, entries: &Entries<V>) -> BTreeMap<String, usize> {
        let mut index = BTreeMap::new();
        for (position, (id, _)) in entries.0.iter().enumerate() {
            self.id(what, id);
            if index.insert(id.value.clone(), position).is_some() {
                self.error(
                    Code::DuplicatePortListId,
                    &id.referenced,
                    format!("{what} {} is declared twice", quoted(&id.value)),
                    "give each entry its own id",
                );
            }
        }
        index
    }

    /// Checks the whole list. Each section's ids are indexed before any entry is checked,
    /// because rules refer to deployments, devices and endpoints by id.
    fn check(&mut self, raw: RawPortList) -> PortList {
        let indexes = Indexes {
            deployments: self.index("deployment", &raw.deployments),
            devices: self.index("device", &raw.devices),
            endpoints: self.index("endpoint", &raw.endpoints),
        };
        let deployments = self.deployments(&raw.deployments);
        let devices = self.devices(&raw.devices);
        let endpoints = self.endpoints(&raw.endpoints);
        let rules = self.rules(&raw.rules, &indexes);
        PortList {
            file: self.file,
            deployments,
            devices,
            endpoints,
            rules,
        }
    }

    fn deployments(&mut self, raw: &Entries<RawDeployment>) -> Vec<Deployment> {
        raw.0
            .iter()
            .map(|(id, deployment)| Deployment {
                id: id.value.clone(),
                label: self.label("label", &deployment.label),
            })
            .collect()
    }

    fn devices(&mut self, raw: &Entries<RawDevice>) -> Vec<Device> {
        raw.0
            .iter()
            .map(|(id, device)| Device {
                id: id.value.clone(),
                icon: device.icon.value.clone(),
                label: self.label("label", &device.label),
            })
            .collect()
    }

    fn endpoints(&mut self, raw: &Entries<RawEndpoint>) -> Vec<Endpoint> {
        raw.0
            .iter()
            .map(|(id, endpoint)| {
                let hosts = self.host_names(&endpoint.hosts);
                Endpoint {
                    id: id.value.clone(),
                    icon: endpoint.icon.value.clone(),
                    label: self.label("label", &endpoint.label),
                    hosts,
                    note: endpoint.note.as_ref().map(|note| self.label("note", note)),
                }
            })
            .collect()
    }

    /// Reports every host that is not a DNS name; returns them all as written.
    fn host_names(&mut self, hosts: &[Spanned<String>]) -> Vec<String> {
        for host in hosts {
            if !is_host_name(&host.value) {
                self.error(
                    Code::InvalidHostName,
                    &host.referenced,
                    format!("{} is not a host name", quoted(&host.value)),
                    "write a DNS name such as `my.pascom.net`",
                );
            }
        }
        hosts.iter().map(|host| host.value.clone()).collect()
    }

    fn rules(&mut self, raw: &[RawRule], indexes: &Indexes) -> Vec<Rule> {
        let mut first_uses = BTreeMap::new();
        raw.iter()
            .map(|raw_rule| self.rule(raw_rule, indexes, &mut first_uses))
            .collect()
    }

    /// Checks one rule; `first_uses` holds where each rule id before it is written.
    fn rule(
        &mut self,
        raw: &RawRule,
        indexes: &Indexes,
        first_uses: &mut BTreeMap<String, Span>,
    ) -> Rule {
        let span = self.rule_id(&raw.id, first_uses);
        let ports = self.ports(&raw.ports);
        let protocols = self.protocols(&raw.protocols);
        let devices = self.rule_devices(raw, &indexes.devices);
        let usages = self.usages(raw, indexes);
        Rule {
            id: raw.id.value.clone(),
            ports,
            protocols,
            devices,
            function: self.label("function", &raw.function),
            usages,
            span,
        }
    }

    /// Reports a rule id that is malformed or used by an earlier rule, pointing at the first
    /// use; returns where the id is written.
    fn rule_id(&mut self, id: &Spanned<String>, first_uses: &mut BTreeMap<String, Span>) -> Span {
        let span = self.span(&id.referenced);
        self.id("rule", id);
        if let Some(first) = first_uses.get(&id.value) {
            let diagnostic = Diagnostic::new(
                Code::DuplicatePortListId,
                format!("rule id {} is used twice", quoted(&id.value)),
            )
            .at(span)
            .with_note(*first, "first used here")
            .with_help("give each rule its own id");
            self.errors.push(diagnostic);
        } else {
            first_uses.insert(id.value.clone(), span);
        }
        span
    }

    fn rule_devices(&mut self, rule: &RawRule, index: &BTreeMap<String, usize>) -> Vec<usize> {
        let devices = self.references("device", &rule.devices.value, index);
        if rule.devices.value.is_empty() {
            self.error(
                Code::EmptyRuleList,
                &rule.devices.referenced,
                format!("rule {} names no device", quoted(&rule.id.value)),
                "list the devices that open this connection, such as `[desktop, phone]`",
            );
        }
        devices
    }

    /// A rule's usages in the order of the deployments, whatever order they are written in.
    fn usages(&mut self, rule: &RawRule, indexes: &Indexes) -> Vec<Usage> {
        let mut usages: Vec<Usage> = rule
            .deployments
            .value
            .0
            .iter()
            .filter_map(|(deployment, usage)| self.usage(deployment, usage, indexes))
            .collect();
        if rule.deployments.value.0.is_empty() {
            self.error(
                Code::EmptyRuleList,
                &rule.deployments.referenced,
                format!("rule {} applies to no deployment", quoted(&rule.id.value)),
                "add at least one deployment, such as `cloud: { direction: outbound, … }`",
            );
        }
        usages.sort_by_key(|usage| usage.deployment);
        usages
    }

    /// One usage; `None` when the deployment or an endpoint is unknown (and reported).
    fn usage(
        &mut self,
        deployment: &Spanned<String>,
        usage: &RawUsage,
        indexes: &Indexes,
    ) -> Option<Usage> {
        let Some(&deployment) = indexes.deployments.get(&deployment.value) else {
            self.unknown("deployment", deployment, &indexes.deployments);
            return None;
        };
        let source = self.reference("endpoint", &usage.source, &indexes.endpoints);
        let destination = self.reference("endpoint", &usage.destination, &indexes.endpoints);
        Some(Usage {
            deployment,
            direction: usage.direction,
            source: source?,
            destination: destination?,
        })
    }

    fn ports(&mut self, ports: &Spanned<OneOrMany<PortItem>>) -> Vec<PortRange> {
        if ports.value.0.is_empty() {
            self.error(
                Code::EmptyRuleList,
                &ports.referenced,
                "no ports given".to_owned(),
                "write a port such as `5061`",
            );
        }
        let mut ranges = Vec::new();
        for item in &ports.value.0 {
            let location = item.location.as_ref().unwrap_or(&ports.referenced);
            let in_range = |port: i64| u16::try_from(port).ok().filter(|&port| port >= 1);
            match &item.value {
                PortItem::Single(port) => match in_range(*port) {
                    Some(port) => ranges.push(PortRange { start: port, end: port }),
                    None => self.port_out_of_range(location, *port),
                },
                PortItem::Range(start, end) => match (in_range(*start), in_range(*end)) {
                    (Some(first), Some(last)) if first <= last => {
                        ranges.push(PortRange { start: first, end: last });
                    }
                    (Some(_), Some(_)) => self.error(
                        Code::ReversedPortRange,
                        location,
                        format!("port range `{start}-{end}` starts after it ends"),
                        "write the lower port first, such as `30000-35000`",
                    ),
                    (None, _) => self.port_out_of_range(location, *start),
                    (_, None) => self.port_out_of_range(location, *end),
                },
                PortItem::Invalid(text) => self.error(
                    Code::NotAPort,
                    location,
                    format!("`{text}` is not a port or a port range"),
                    "write a port such as `5061`, a range such as `30000-35000`, or a list `[80, 443]`",
                ),
            }
        }
        ranges
    }

    fn port_out_of_range(&mut self, location: &Location, port: i64) {
        self.error(
            Code::PortOutOfRange,
            location,
            format!("port `{port}` is outside 1–65535"),
            "TCP and UDP ports are numbered from 1 to 65535",
        );
    }

    fn protocols(&mut self, protocols: &Spanned<OneOrMany<Protocol>>) -> Vec<Protocol> {
        let mut seen = Vec::new();
        for item in &protocols.value.0 {
            if seen.contains(&item.value) {
                let location = item.location.as_ref().unwrap_or(&protocols.referenced);
                self.error(
                    Code::ListedTwice,
                    location,
                    format!("protocol `{}` is listed twice", item.value.name()),
                    "list each protocol once",
                );
            } else {
                seen.push(item.value);
            }
        }
        if seen.is_empty() {
            self.error(
                Code::EmptyRuleList,
                &protocols.referenced,
                "no protocol given".to_owned(),
                "write `tcp`, `udp` or `[tcp, udp]`",
            );
        }
        seen
    }

    fn references(
        &mut self,
        what: &str,
        ids: &[Spanned<String>],
        index: &BTreeMap<String, usize>,
    ) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for id in ids {
            if let Some(position) = self.reference(what, id, index) {
                if found.contains(&position) {
                    self.error(
                        Code::ListedTwice,
                        &id.referenced,
                        format!("{what} {} is listed twice", quoted(&id.value)),
                        "list each device once",
                    );
                } else {
                    found.push(position);
                }
            }
        }
        found
    }

    fn reference(
        &mut self,
        what: &str,
        id: &Spanned<String>,
        index: &BTreeMap<String, usize>,
    ) -> Option<usize> {
        let found = index.get(&id.value).copied();
        if found.is_none() {
            self.unknown(what, id, index);
        }
        found
    }

    fn unknown(&mut self, what: &str, id: &Spanned<String>, index: &BTreeMap<String, usize>) {
        // A malformed id is reported where it is declared; offering it here would print it raw.
        let known: Vec<&str> = index
            .keys()
            .map(String::as_str)
            .filter(|known| is_id(known))
            .collect();
        let help = match crate::diagnostics::closest(&id.value, known.iter().copied()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("declared {what}s: {}", known.join(", ")),
        };
        self.error(
            Code::UnknownPortListId,
            &id.referenced,
            format!("unknown {what} {}", quoted(&id.value)),
            &help,
        );
    }
}

/// What [`is_id`] accepts, for help lines.
const ID_PATTERN: &str = "an id is lowercase ASCII letters, digits and `-`, starting with a letter";

/// Whether `text` is an id of the port list: lowercase ASCII letters, digits and `-`, starting
/// with a letter (`cloud`, `web-client`, `ntp-pool`, `function-sip`). The one check for every
/// kind of id, so that a deployment, a device, an endpoint, a rule and a label's message id
/// follow the same rule.
pub(crate) fn is_id(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A valid id close to `text`, for the help line: lowercased, with each run of spaces,
/// underscores and other ASCII punctuation as one `-`, other characters dropped; `None` when
/// that does not give an id (it would start with a digit, or nothing is left).
fn id_suggestion(text: &str) -> Option<String> {
    let mut id = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if (c.is_whitespace() || c.is_ascii_punctuation())
            && !id.is_empty()
            && !id.ends_with('-')
        {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    is_id(&id).then_some(id)
}

/// A DNS name: labels of letters, digits and hyphens, separated by dots.
fn is_host_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests;
