//! Structured data: the YAML files under `data/`.
//!
//! Every file is available to templates and shortcodes as plain data, under its path without
//! extension (`data/ports.yaml` → `ports`, `data/network/vpn.yaml` → `network/vpn`).
//! Files with a typed schema are additionally checked against it; such checks live in submodules
//! and report every problem with its position. Today that is `ports` ([`ports`]).

pub(crate) mod ports;

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap};
use crate::discover::TextInput;
use crate::yaml;

/// One data file.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Where it came from.
    pub file: FileId,
    /// Its content as generic data.
    pub value: serde_json::Value,
}

/// All data files by name.
#[derive(Debug, Clone, Default)]
pub struct DataSet {
    files: BTreeMap<String, DataFile>,
    ports: Option<ports::PortList>,
}

/// The data file with the typed port-list schema.
pub(crate) const PORTS: &str = "ports";

impl DataSet {
    /// Parses every data file as generic YAML.
    pub fn load(sources: &SourceMap, inputs: &[TextInput]) -> (DataSet, Vec<Diagnostic>) {
        let mut files = BTreeMap::new();
        let mut diagnostics = Vec::new();
        for input in inputs {
            let name = data_name(&input.relative);
            match yaml::parse_spanned::<serde_json::Value>(sources, input.file, 0) {
                Ok(value) => {
                    if let Some(previous) = files.get(&name) {
                        let previous: &DataFile = previous;
                        diagnostics.push(
                            Diagnostic::new(
                                Code::DuplicateDataName,
                                format!("two data files are called `{name}`"),
                            )
                            .in_file(&sources.get(input.file).path)
                            .with_help(format!(
                                "rename one; the other is `{}`",
                                sources.get(previous.file).path.display()
                            )),
                        );
                        continue;
                    }
                    files.insert(
                        name,
                        DataFile {
                            file: input.file,
                            value,
                        },
                    );
                }
                Err(error) => diagnostics.push(error),
            }
        }
        let ports = match files.get(PORTS) {
            Some(file) => match ports::parse(sources, file.file) {
                Ok(list) => Some(list),
                Err(errors) => {
                    diagnostics.extend(errors);
                    None
                }
            },
            None => None,
        };
        (DataSet { files, ports }, diagnostics)
    }

    /// The checked port list, if the site has `data/ports.yaml` and it is valid.
    pub fn ports(&self) -> Option<&ports::PortList> {
        self.ports.as_ref()
    }

    /// The data file called `name`.
    pub fn get(&self, name: &str) -> Option<&DataFile> {
        self.files.get(name)
    }

    /// All data files by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &DataFile)> {
        self.files.iter().map(|(name, file)| (name.as_str(), file))
    }
}

/// `network/vpn.yaml` → `network/vpn`.
pub(crate) fn data_name(relative: &str) -> String {
    relative
        .strip_suffix(".yaml")
        .or_else(|| relative.strip_suffix(".yml"))
        .unwrap_or(relative)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_the_extension_only() {
        assert_eq!(data_name("ports.yaml"), "ports");
        assert_eq!(data_name("network/vpn.yml"), "network/vpn");
    }

    #[test]
    fn yaml_and_yml_with_the_same_name_clash() {
        let mut sources = SourceMap::new();
        let inputs = vec![
            TextInput {
                relative: "a.yaml".into(),
                file: sources.add("data/a.yaml", "x: 1"),
            },
            TextInput {
                relative: "a.yml".into(),
                file: sources.add("data/a.yml", "x: 2"),
            },
        ];
        let (set, diagnostics) = DataSet::load(&sources, &inputs);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(set.get("a").unwrap().value["x"], 1);
    }
}
