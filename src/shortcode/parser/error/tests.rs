//! Tests of how parse errors read as diagnostics.

use crate::diagnostics::{Code, Diagnostic, Severity, SourceMap, render_terminal};
use crate::shortcode::parser::parse;
use crate::shortcode::parser::testing::{range, requires_body};

#[test]
fn diagnostics_have_severity_span_label_and_help() {
    let text = "{{% tabs %}}\n{{< x \"\\q\" >}}";
    let mut sources = SourceMap::new();
    let file = sources.add("page.md", text);
    let parsed = parse(file, text, &requires_body);
    assert_eq!(parsed.errors.len(), 2);
    let diagnostics: Vec<Diagnostic> = parsed.errors.into_iter().map(Diagnostic::from).collect();
    assert_eq!(diagnostics[0].code, Code::UnclosedShortcode);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!(diagnostics[0].span().map(range), Some((0, 12)));
    assert_eq!(diagnostics[0].notes.len(), 1);
    assert_eq!(
        range(diagnostics[0].notes[0].span),
        (text.len(), text.len())
    );
    assert!(diagnostics[0].help.is_some());
    assert_eq!(diagnostics[1].code, Code::InvalidShortcodeEscape);
    assert_eq!(diagnostics[1].severity, Severity::Error);
    assert_eq!(diagnostics[1].span().map(range), Some((20, 22)));
    assert!(diagnostics[1].label.is_some());
    for diagnostic in &diagnostics {
        render_terminal(diagnostic, &sources, false, false);
    }
}
