//! The JSON export: the whole port list with labels in every language, and its published JSON
//! Schema.
//!
//! This module owns the JSON shape (the `Json*` structs, serialised as they are declared) and
//! the schema file that describes it, derived from the same structs (schemars), so a field
//! cannot reach the export without reaching the schema. The other formats do not read it.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::transform::transform_subschemas;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use super::{Labels, usages};
use crate::config::Lang;
use crate::data::ports::{Direction, PortList, Protocol, Rule};

#[cfg(test)]
mod tests;

/// The value of `$schema` in [`json`]'s output: the schema file published beside it.
pub(crate) const JSON_SCHEMA_FILE: &str = "ports.schema.json";

/// The port list as JSON for tools: language-neutral ids, and labels in every language of
/// `langs` (in that order).
///
/// Pretty-printed with two-space indents and a trailing newline; keys in a fixed order. The
/// shape, which [`json_schema()`] describes exactly:
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
pub(crate) fn json(
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
        languages: langs
            .iter()
            .map(|lang| LanguageCode(lang.as_str()))
            .collect(),
        deployment: deployment.map(|index| Id(&list.deployments[index].id)),
        deployments: list
            .deployments
            .iter()
            .map(|deployment| JsonDeployment {
                id: Id(&deployment.id),
                label: texts(&deployment.label.id),
            })
            .collect(),
        devices: list
            .devices
            .iter()
            .map(|device| JsonDevice {
                id: Id(&device.id),
                icon: &device.icon,
                label: texts(&device.label.id),
            })
            .collect(),
        endpoints: list
            .endpoints
            .iter()
            .map(|endpoint| JsonEndpoint {
                id: Id(&endpoint.id),
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
            deployment: Id(&list.deployments[usage.deployment].id),
            direction: usage.direction,
            source: Id(&list.endpoints[usage.source].id),
            destination: Id(&list.endpoints[usage.destination].id),
        })
        .collect();
    if deployments.is_empty() {
        return None;
    }
    Some(JsonRule {
        id: Id(&rule.id),
        ports: rule
            .ports
            .iter()
            .map(|range| JsonPorts {
                start: Port(range.start),
                end: Port(range.end),
            })
            .collect(),
        protocols: &rule.protocols,
        devices: rule
            .devices
            .iter()
            .map(|&device| Id(&list.devices[device].id))
            .collect(),
        function: JsonFunction {
            id: Id(&rule.function.id),
            label: texts(&rule.function.id),
        },
        deployments,
    })
}

/// The published JSON Schema (draft 2020-12) of [`json`]'s output, pretty-printed with a trailing
/// newline.
///
/// It is derived from the structs that write the export, so the two cannot drift apart: their
/// doc comments are its descriptions, and `#[schemars(...)]` attributes state what the Rust types
/// do not (the id and language patterns, ports 1–65535, lists that are never empty or hold no
/// duplicates, host names). It states every property as required and allows no others. What
/// it cannot state, such as `start <= end` or that an id refers to a declared entry, its
/// descriptions say.
pub(crate) fn json_schema() -> String {
    let schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(unwrap_descriptions)
        .into_generator()
        .into_root_schema_for::<JsonList>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}

/// Joins the lines of every description: doc comments wrap at the source's line width, and a
/// schema's readers (editors, generated documentation) wrap text themselves. Paragraphs stay.
fn unwrap_descriptions(schema: &mut Schema) {
    if let Some(Value::String(description)) = schema.get_mut("description") {
        *description = description
            .split("\n\n")
            .map(|paragraph| paragraph.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    transform_subschemas(&mut unwrap_descriptions, schema);
}

/// Removes `format`, which schemars sets to `uint16` for a `u16`: not a format JSON Schema
/// defines, and strict validators (such as Ajv) reject a schema with an unknown format.
fn without_format(schema: &mut Schema) {
    schema.remove("format");
}

/// The pattern of [`Id`]: what `data::ports::is_id` accepts.
const ID_PATTERN: &str = "^[a-z][a-z0-9-]*$";

/// An id of the port list: lowercase ASCII letters, digits and `-`, starting with a letter.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "id")]
struct Id<'a>(#[schemars(pattern(ID_PATTERN))] &'a str);

/// A BCP 47 language code such as `de` or `pt-BR`.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "language")]
struct LanguageCode<'a>(#[schemars(pattern(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))] &'a str);

/// A port number.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "port", transform = without_format)]
struct Port(#[schemars(range(min = 1, max = 65535))] u16);

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

/// A map from language code to text, as [`Texts`] serialises itself.
impl JsonSchema for Texts<'_> {
    fn schema_name() -> Cow<'static, str> {
        "text".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text per language code of `languages`.",
            "type": "object",
            "propertyNames": generator.subschema_for::<LanguageCode>(),
            "additionalProperties": generator.subschema_for::<String>(),
        })
    }
}

/// The network connections a product needs, exported by tafel from data/ports.yaml. Ids are
/// language-neutral and stable; every label is given in each language of `languages`. Lists
/// keep the order of the data.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "Port list", deny_unknown_fields)]
struct JsonList<'a> {
    /// This schema, relative to the export.
    #[serde(rename = "$schema")]
    #[schemars(extend("const" = JSON_SCHEMA_FILE))]
    schema: &'static str,
    /// The language codes of every label, in the site's order.
    #[schemars(extend("uniqueItems" = true))]
    languages: Vec<LanguageCode<'a>>,
    /// The id of the deployment this export is restricted to (then `rules` holds only the rules
    /// used there, each with only that usage), or null for all deployments.
    deployment: Option<Id<'a>>,
    /// Ways the product is deployed, such as cloud or onsite.
    deployments: Vec<JsonDeployment<'a>>,
    /// Kinds of devices that open connections, in legend order.
    devices: Vec<JsonDevice<'a>>,
    /// Ends of connections: networks and services.
    endpoints: Vec<JsonEndpoint<'a>>,
    /// Firewall rules, in table order.
    rules: Vec<JsonRule<'a>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "deployment", deny_unknown_fields)]
struct JsonDeployment<'a> {
    /// Unique among deployments.
    id: Id<'a>,
    label: Texts<'a>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "device", deny_unknown_fields)]
struct JsonDevice<'a> {
    /// Unique among devices.
    id: Id<'a>,
    /// Name of the icon in the documentation's theme.
    icon: &'a str,
    label: Texts<'a>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "endpoint", deny_unknown_fields)]
struct JsonEndpoint<'a> {
    /// Unique among endpoints.
    id: Id<'a>,
    /// Name of the icon in the documentation's theme.
    icon: &'a str,
    label: Texts<'a>,
    /// DNS names of the service; empty for a network, or for a service whose names differ per
    /// customer. Configure firewalls by name with care: addresses may change.
    #[schemars(extend("items" = { "type": "string", "format": "hostname" }))]
    hosts: &'a [String],
    /// A remark to show wherever the endpoint appears, or null.
    note: Option<Texts<'a>>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "rule", deny_unknown_fields)]
struct JsonRule<'a> {
    /// Unique among rules.
    id: Id<'a>,
    /// Destination ports; the rule applies to every port of every range on every protocol.
    #[schemars(length(min = 1))]
    ports: Vec<JsonPorts>,
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    protocols: &'a [Protocol],
    /// Ids of the devices that open the connection.
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    devices: Vec<Id<'a>>,
    /// What the connection is for: a stable id and its label.
    function: JsonFunction<'a>,
    /// How the rule applies in each deployment that uses it, in deployment order.
    #[schemars(length(min = 1))]
    deployments: Vec<JsonUsage<'a>>,
}

/// An inclusive range of ports, start <= end; a single port has start = end.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "portRange", deny_unknown_fields)]
struct JsonPorts {
    start: Port,
    end: Port,
}

#[derive(Serialize, JsonSchema)]
#[schemars(inline, deny_unknown_fields)]
struct JsonFunction<'a> {
    /// The label's message id.
    id: Id<'a>,
    label: Texts<'a>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "usage", deny_unknown_fields)]
struct JsonUsage<'a> {
    /// Id of a deployment.
    deployment: Id<'a>,
    direction: Direction,
    /// Id of the endpoint that opens the connection.
    source: Id<'a>,
    /// Id of the endpoint the connection goes to; the ports are its ports.
    destination: Id<'a>,
}
