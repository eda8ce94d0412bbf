//! Tests of positions, terminal reports, quoting, hints and codes.

use super::*;

#[test]
fn line_col_counts_characters_not_bytes() {
    let mut sources = SourceMap::new();
    let id = sources.add("a.md", "Größe\nÜber {{< x >}}\n");
    let file = sources.get(id);
    let offset = file.text().find("{{<").unwrap();
    assert_eq!(file.line_col(offset), (2, 6));
    assert_eq!(file.offset_of(2, 6), offset);
    assert_eq!(file.line_col(0), (1, 1));
    assert_eq!(file.line_col(file.text().len()), (3, 1));
}

#[test]
fn offset_of_clamps_past_the_end() {
    let mut sources = SourceMap::new();
    let id = sources.add("a.md", "ab\ncd");
    let file = sources.get(id);
    assert_eq!(file.offset_of(2, 99), 5);
    assert_eq!(file.offset_of(9, 1), 5);
}

#[test]
fn terminal_report_names_file_line_and_column() {
    let mut sources = SourceMap::new();
    let id = sources.add("content/a.de.md", "intro\n{{% tabz %}}\n");
    let diagnostic = Diagnostic::new(Code::UnknownShortcode, "unknown shortcode `tabz`")
        .at(Span::new(id, 10..14))
        .with_help("did you mean `tabs`?");
    let text = render_terminal(&diagnostic, &sources, false, false);
    assert!(
        text.contains("error[E0401]: unknown shortcode `tabz`"),
        "{text}"
    );
    assert!(text.contains("content/a.de.md:2:5"), "{text}");
    assert!(text.contains("{{% tabz %}}"), "{text}");
    assert!(text.contains("did you mean `tabs`?"), "{text}");
}

#[test]
fn quoted_escapes_what_would_break_the_line() {
    assert_eq!(quoted("cloud"), "`cloud`");
    assert_eq!(quoted("say \"hi\" \\ grüß"), "`say \"hi\" \\ grüß`");
    assert_eq!(quoted("cloud\nflush ruleset"), "\"cloud\\nflush ruleset\"");
    for hostile in [
        "a\rb",
        "a\0b",
        "a\u{85}b",
        "a\u{2028}b",
        "a\u{202e}b",
        "a\tb",
    ] {
        let text = quoted(hostile);
        assert!(text.starts_with('"') && text.contains("\\"), "{text}");
        assert!(
            text.chars().all(|c| c == ' ' || c.is_ascii_graphic()),
            "{text}"
        );
    }
}

#[test]
fn edit_distance_counts_single_edits() {
    // `closest` relies on these semantics; a swap of neighbours must stay a single edit.
    use strsim::osa_distance;
    assert_eq!(osa_distance("tabs", "tabs"), 0);
    assert_eq!(osa_distance("tabs", "tab"), 1);
    assert_eq!(osa_distance("kitten", "sitting"), 3);
    assert_eq!(osa_distance("phnoe", "phone"), 1);
}

#[test]
fn closest_prefers_few_edits_then_similar_length() {
    assert_eq!(closest("tabz", ["tab", "tabs", "notice"]), Some("tabs"));
    assert_eq!(closest("phnoe", ["phone", "desktop"]), Some("phone"));
    assert_eq!(closest("diagram", ["tabs", "notice"]), None);
}

#[test]
fn message_case_lowercases_all_but_acronyms() {
    assert_eq!(
        message_case("Field `x` is not defined."),
        "field `x` is not defined"
    );
    assert_eq!(message_case("YAML is broken"), "YAML is broken");
}

#[test]
fn strict_counts_warnings_as_fatal() {
    let warning = Diagnostic::new(Code::UnclosedShortcode, "unclosed shortcode");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(!warning.is_fatal(false));
    assert!(warning.is_fatal(true));
    assert!(Diagnostic::new(Code::UnknownShortcode, "x").is_fatal(false));
}

#[test]
fn a_warning_under_strict_prints_as_an_error_with_its_code() {
    let sources = SourceMap::new();
    let warning = Diagnostic::new(Code::UnclosedShortcode, "unclosed shortcode `tabs`");
    let text = render_terminal(&warning, &sources, false, false);
    assert!(
        text.starts_with("warning[W0413]: unclosed shortcode `tabs`"),
        "{text}"
    );
    let text = render_terminal(&warning, &sources, true, false);
    assert!(
        text.starts_with("error[W0413]: unclosed shortcode `tabs`"),
        "{text}"
    );
}

#[test]
fn codes_are_unique_well_formed_and_explained() {
    let mut numbers = std::collections::BTreeSet::new();
    for &code in Code::ALL {
        let text = code.as_str();
        let (letter, digits) = text.split_at(1);
        assert!(
            digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()),
            "{code:?}: {text}"
        );
        let expected = match code.severity() {
            Severity::Error => "E",
            Severity::Warning => "W",
        };
        assert_eq!(
            letter,
            expected,
            "{code:?}: {text} is a {:?}",
            code.severity()
        );
        // A number is assigned once, whatever its letter, so `E0413` and `W0413` never both
        // exist.
        assert!(numbers.insert(digits), "{text} is used twice");
        assert!(!code.explanation().trim().is_empty(), "{code:?}");
    }
}

/// The library's sources below `src/`, without the table of codes and without tests.
fn sources_outside_the_table() -> Vec<(std::path::PathBuf, String)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut pending = vec![src];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                pending.push(path);
            } else if name.ends_with(".rs") && name != "tests.rs" && name != "codes.rs" {
                let text = std::fs::read_to_string(&path).unwrap();
                // Inline test modules close a file; what they use is not a use.
                let code = match text.find("#[cfg(test)]\nmod tests {") {
                    Some(end) => text[..end].to_owned(),
                    None => text,
                };
                found.push((path, code));
            }
        }
    }
    found
}

#[test]
fn every_code_is_used_outside_the_table() {
    let sources = sources_outside_the_table();
    assert!(sources.len() > 40, "found only {} files", sources.len());
    let unused: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|code| {
            let name = format!("Code::{code:?}");
            !sources.iter().any(|(_, text)| {
                text.match_indices(&name).any(|(at, _)| {
                    !text[at + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            })
        })
        .collect();
    assert!(unused.is_empty(), "codes nothing reports: {unused:?}");
}

/// Reads the file at `disk`, whatever path it is shown as.
fn read(disk: &Path) -> Read {
    let disk = disk.to_owned();
    Arc::new(move |display: &Path| {
        std::fs::read_to_string(&disk)
            .map_err(|error| Diagnostic::new(Code::CannotRead, error.to_string()).in_file(display))
    })
}

/// A map holding `page.md`, read from a file in `folder` (which holds `one\ntwo\n`): the file
/// on disk and its id.
fn read_page(folder: &tempfile::TempDir, sources: &mut SourceMap) -> (PathBuf, FileId) {
    let disk = folder.path().join("page.md");
    std::fs::write(&disk, "one\ntwo\n").unwrap();
    let id = sources.add_unread("page.md", read(&disk));
    assert_eq!(sources.get(id).load().unwrap(), "one\ntwo\n");
    (disk, id)
}

#[test]
fn a_file_added_unread_is_read_when_first_asked_for_and_says_why_it_cannot_be() {
    let folder = tempfile::tempdir().unwrap();
    let disk = folder.path().join("page.md");
    let mut sources = SourceMap::new();
    let id = sources.add_unread("content/page.md", read(&disk));
    assert!(!sources.get(id).holds_text(), "nothing is read when added");
    let error = sources.get(id).load().unwrap_err();
    assert_eq!(error.code, Code::CannotRead);
    assert_eq!(error.location, Location::File("content/page.md".into()));
    // Reading failed, so nothing was taken as the text first read.
    std::fs::write(&disk, "written later\n").unwrap();
    assert_eq!(sources.get(id).load().unwrap(), "written later\n");
    sources.release(id);
    assert!(!sources.get(id).holds_text());
    assert_eq!(sources.get(id).read().as_deref(), Some("written later\n"));
}

#[test]
fn a_released_text_is_read_again_and_known_when_it_changed() {
    let folder = tempfile::tempdir().unwrap();
    let mut sources = SourceMap::new();
    let (disk, read) = read_page(&folder, &mut sources);
    let given = sources.add("given.md", "kept\n");
    // Positions found before the release stay.
    assert_eq!(sources.get(read).line_col(5), (2, 2));
    sources.release(read);
    sources.release(given);
    // A text given, not read from a file, cannot be read again, so it stays.
    assert!(sources.get(given).holds_text());
    assert!(!sources.get(read).holds_text());
    assert_eq!(sources.get(read).read().as_deref(), Some("one\ntwo\n"));
    assert!(
        !sources.get(read).holds_text(),
        "reading for a render keeps nothing"
    );

    std::fs::write(&disk, "one\nthree\n").unwrap();
    assert_eq!(sources.get(read).read(), None);
    assert_eq!(sources.changed().collect::<Vec<_>>(), vec![read]);
    // Reports still find their way: no text, no snippet, no panic.
    assert_eq!(sources.get(read).text(), "");
    assert_eq!(sources.slice(Span::new(read, 4..7)), "");
    assert_eq!(sources.get(read).line_col(5), (1, 1));
    assert_eq!(sources.get(read).line(2), "");
    assert_eq!(sources.get(read).offset_of(2, 1), 0);
}

#[test]
fn a_released_text_read_for_a_report_is_kept() {
    let folder = tempfile::tempdir().unwrap();
    let mut sources = SourceMap::new();
    let (disk, id) = read_page(&folder, &mut sources);
    sources.release(id);
    assert_eq!(sources.get(id).line_col(5), (2, 2));
    assert!(sources.get(id).holds_text());
    std::fs::remove_file(&disk).unwrap();
    assert_eq!(sources.slice(Span::new(id, 4..7)), "two");
    assert_eq!(sources.changed().count(), 0);
}
