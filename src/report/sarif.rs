//! Diagnostics as SARIF 2.1.0, the format code hosts read to annotate pull requests.
//!
//! One run whose rules are the codes that occur, each with its explanation; one result per
//! diagnostic, located in the site's files (relative paths, resolved against the `SITEROOT`
//! base, the site folder) with columns counted in characters (`unicodeCodePoints`). Notes become
//! related locations. The structures are the few parts of SARIF tafel fills, written out
//! here rather than generated from the schema (the crate that does that generates code at
//! build time, about 75 crates more); a test validates the output against the official schema.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Location, Position, Severity, SourceMap};

/// The diagnostics as a SARIF log; `site` is the site folder the file paths are relative to,
/// `strict` counts warnings as errors.
pub(crate) fn render_sarif(
    diagnostics: &Diagnostics,
    sources: &SourceMap,
    site: &Path,
    strict: bool,
) -> String {
    let codes: Vec<Code> = {
        let mut codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        codes
    };
    let rule_index: BTreeMap<Code, usize> = codes
        .iter()
        .enumerate()
        .map(|(index, code)| (*code, index))
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: ToolOut {
                driver: Driver {
                    name: "tafel",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: codes.iter().map(|code| rule(*code)).collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                "SITEROOT",
                ArtifactLocation {
                    uri: site_uri(site),
                    uri_base_id: None,
                },
            )]),
            column_kind: "unicodeCodePoints",
            results: diagnostics
                .iter()
                .map(|diagnostic| result(diagnostic, sources, strict, &rule_index))
                .collect(),
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("the log serializes");
    text.push('\n');
    text
}

fn rule(code: Code) -> Rule {
    // The explanation is a doc comment wrapped at the source's width: unwrap it.
    let explanation = code
        .explanation()
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let first_sentence = explanation
        .find(". ")
        .map_or(explanation.as_str(), |end| &explanation[..=end])
        .to_owned();
    Rule {
        id: code.as_str(),
        name: format!("{code:?}"),
        short_description: Text {
            text: first_sentence,
        },
        full_description: Text { text: explanation },
        default_configuration: Configuration {
            level: level(code.severity() == Severity::Error),
        },
    }
}

fn result(
    diagnostic: &Diagnostic,
    sources: &SourceMap,
    strict: bool,
    rule_index: &BTreeMap<Code, usize>,
) -> ResultOut {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!(" (help: {help})"));
    }
    let location = match &diagnostic.location {
        Location::None => None,
        Location::File(path) => Some(ResultLocation {
            physical_location: PhysicalLocation {
                artifact_location: artifact(&path.to_string_lossy()),
                region: None,
            },
            message: None,
            id: None,
        }),
        Location::Span(span) => Some(located(
            &Position::of(*span, sources),
            diagnostic.label.clone(),
            None,
        )),
    };
    ResultOut {
        rule_id: diagnostic.code.as_str(),
        rule_index: rule_index[&diagnostic.code],
        level: level(diagnostic.is_fatal(strict)),
        message: Text { text },
        locations: location.into_iter().collect(),
        related_locations: diagnostic
            .notes
            .iter()
            .enumerate()
            .map(|(index, note)| {
                located(
                    &Position::of(note.span, sources),
                    Some(note.message.clone()),
                    Some(index),
                )
            })
            .collect(),
    }
}

fn located(position: &Position, message: Option<String>, id: Option<usize>) -> ResultLocation {
    ResultLocation {
        physical_location: PhysicalLocation {
            artifact_location: artifact(&position.file),
            region: Some(Region {
                start_line: position.line,
                start_column: position.column,
                end_line: position.end_line,
                end_column: position.end_column,
            }),
        },
        message: message.map(|text| Text { text }),
        id,
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: path
            .replace(std::path::MAIN_SEPARATOR, "/")
            .split('/')
            .map(crate::url::encode_path)
            .collect::<Vec<_>>()
            .join("/"),
        uri_base_id: Some("SITEROOT"),
    }
}

/// The site folder as an absolute `file:` URI ending in `/`.
fn site_uri(site: &Path) -> String {
    let absolute = std::path::absolute(site).unwrap_or_else(|_| site.to_owned());
    let mut uri = String::from("file://");
    for segment in absolute.to_string_lossy().split(std::path::MAIN_SEPARATOR) {
        if !segment.is_empty() {
            uri.push('/');
            uri.push_str(&crate::url::encode_path(segment));
        }
    }
    uri.push('/');
    uri
}

fn level(error: bool) -> &'static str {
    if error { "error" } else { "warning" }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: ToolOut,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<ResultOut>,
}

#[derive(Serialize)]
struct ToolOut {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<ResultLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<ResultLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}
