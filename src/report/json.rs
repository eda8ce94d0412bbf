//! Diagnostics as JSON, for tools: one document per run, the findings in report order.
//!
//! ```json
//! {
//!   "tool": { "name": "tafel", "version": "0.1.0" },
//!   "findings": [
//!     {
//!       "code": "W0910", "severity": "warning",
//!       "message": "link to `en/guide/shot.png`, which the build does not write",
//!       "location": { "file": "content/guide/index.en.md", "line": 6, "column": 1,
//!                     "end_line": 6, "end_column": 21 },
//!       "label": "written as `shot.png` on `en/guide/`",
//!       "notes": [ { "message": "…", "location": { … } } ],
//!       "help": "fix the link, or add the file it leads to"
//!     }
//!   ],
//!   "summary": { "errors": 0, "warnings": 1 }
//! }
//! ```
//! A location without a line names a whole file (`{ "file": "site.yaml" }`); a finding without
//! a location has `"location": null`. `severity` is `error` or `warning`, as the run counted it
//! (under `--strict` every warning is an error).

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Position, SourceMap};

#[derive(Serialize)]
struct Document<'a> {
    tool: Tool,
    findings: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    location: Option<Where>,
    label: Option<&'a str>,
    notes: Vec<NoteOut<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Where {
    Span(Position),
    File { file: String },
}

#[derive(Serialize)]
struct NoteOut<'a> {
    message: &'a str,
    location: Position,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

/// The diagnostics as a JSON document; `strict` counts warnings as errors.
pub(crate) fn render_json(diagnostics: &Diagnostics, sources: &SourceMap, strict: bool) -> String {
    let findings: Vec<Finding<'_>> = diagnostics
        .iter()
        .map(|diagnostic| finding(diagnostic, sources, strict))
        .collect();
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    let document = Document {
        tool: Tool {
            name: "tafel",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            errors,
            warnings: findings.len() - errors,
        },
        findings,
    };
    let mut text = serde_json::to_string_pretty(&document).expect("the document serializes");
    text.push('\n');
    text
}

fn finding<'a>(diagnostic: &'a Diagnostic, sources: &SourceMap, strict: bool) -> Finding<'a> {
    Finding {
        code: diagnostic.code.as_str(),
        severity: if diagnostic.is_fatal(strict) {
            "error"
        } else {
            "warning"
        },
        message: &diagnostic.message,
        location: match &diagnostic.location {
            Location::None => None,
            Location::File(path) => Some(Where::File {
                file: path
                    .to_string_lossy()
                    .replace(std::path::MAIN_SEPARATOR, "/"),
            }),
            Location::Span(span) => Some(Where::Span(Position::of(*span, sources))),
        },
        label: diagnostic.label.as_deref(),
        notes: diagnostic
            .notes
            .iter()
            .map(|note| NoteOut {
                message: &note.message,
                location: Position::of(note.span, sources),
            })
            .collect(),
        help: diagnostic.help.as_deref(),
    }
}
