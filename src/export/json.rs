//! The JSON export: the whole port list with labels in every language, and its published JSON
//! Schema.
//!
//! This module owns the JSON shape (the `Json*` structs, serialised as they are declared) and
//! the schema file that describes it; the other formats do not read it.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{Labels, usages};
use crate::config::Lang;
use crate::data::ports::{Direction, PortList, Protocol, Rule};

#[cfg(test)]
mod tests;

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
            .filter_map(|rule| json_rule(list, rule, deployment, &texts))
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&export).expect("strings and numbers always serialize");
    text.push('\n');
    text
}

/// `rule` with the usages that `deployment` selects, or `None` if it selects none.
fn json_rule<'a>(
    list: &'a PortList,
    rule: &'a Rule,
    deployment: Option<usize>,
    texts: &impl Fn(&str) -> Texts<'a>,
) -> Option<JsonRule<'a>> {
    let deployments: Vec<JsonUsage> = usages(rule, deployment)
        .map(|usage| JsonUsage {
            deployment: &list.deployments[usage.deployment].id,
            direction: usage.direction,
            source: &list.endpoints[usage.source].id,
            destination: &list.endpoints[usage.destination].id,
        })
        .collect();
    if deployments.is_empty() {
        return None;
    }
    Some(JsonRule {
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
