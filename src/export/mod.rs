//! Exports of the port list for tools: JSON (with its published JSON Schema), CSV, nftables and
//! iptables.
//!
//! This module owns turning a checked [`PortList`] into the bytes of each format: the JSON shape
//! and its schema, the CSV columns, the firewall rule sets and their header comments. Every
//! function is pure and deterministic: the same list, languages and labels give the same bytes.
//! Each format has a module of its own (`json`, `csv`, `nftables`, `iptables`); what the two
//! firewall formats share (the sanitiser, the header, the chains) is in `firewall`. This module
//! holds what every format shares: [`Format`], [`Labels`] and the selection of one deployment.
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
//! names, rule comments) passes `firewall::firewall_text`. The data checks already keep ids and
//! host names plain; the sanitiser makes the firewall files safe for any [`PortList`], however
//! it was built, because a stray line in them is a rule the administrator did not ask for.

mod csv;
mod firewall;
mod iptables;
mod json;
mod nftables;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use crate::config::Lang;
use crate::data::ports::{PortList, Rule, Usage};
use crate::i18n::Catalog;

pub(crate) use csv::csv;
pub(crate) use iptables::iptables;
pub(crate) use json::{JSON_SCHEMA_FILE, json, json_schema};
pub(crate) use nftables::nftables;

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
    /// [`json()`]: the whole list with labels in every language; described by [`json_schema()`].
    Json,
    /// [`csv()`]: one row per rule, deployment, protocol and port range.
    Csv,
    /// [`nftables()`]: a file for `nft -f`.
    Nftables,
    /// [`iptables()`]: a file for `iptables-restore --noflush` and `ip6tables-restore --noflush`.
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
