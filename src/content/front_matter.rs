//! Front matter: the YAML block between `---` lines at the top of a content file.
//!
//! Splitting keeps the block's byte offset so that YAML errors point at the right line of the
//! Markdown file, which Zola's splitter loses.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::date::DateProblem;
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::yaml;

/// The metadata of one page, as written in its front matter. Keys it does not name are the
/// page's parameters, as in Hugo (see [`parse`]).
///
/// A build keeps every page's front matter until the end, so the located values that most
/// pages leave out are boxed: 8 bytes each when absent instead of 80.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FrontMatter {
    /// Page title; shown in the navigation, the browser tab and the heading.
    pub title: String,
    /// One-sentence summary; used by the `description` shortcode and the meta description.
    #[serde(default)]
    pub description: Option<String>,
    /// Position among its siblings: lower first; pages without a weight come after weighted ones.
    #[serde(default)]
    pub weight: Option<i64>,
    /// A draft is left out of the build unless `--drafts` is given.
    #[serde(default)]
    pub draft: bool,
    /// Further paths, relative to the language root, that redirect to this page.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Replaces the last segment of the URL for this language (`portuebersicht`).
    #[serde(default)]
    pub slug: Option<Box<Spanned<String>>>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<Box<Spanned<String>>>,
    /// Date of the last substantive change, `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: Option<Box<Spanned<String>>>,
    /// Template to render the page with instead of `page.html` or `section.html`.
    #[serde(default)]
    pub template: Option<Box<Spanned<String>>>,
    /// Hash of the source-language page this translation was last brought up to date with;
    /// written by `tafel i18n mark-translated`.
    #[serde(default)]
    pub translated_from: Option<String>,
    /// Free-form values for templates, as `page.params`: those under `params:` and every
    /// top-level key not named above.
    #[serde(default)]
    pub params: BTreeMap<String, serde_json::Value>,
}

/// The keys [`FrontMatter`] reads itself; every other top-level key is a parameter.
const KNOWN_KEYS: [&str; 11] = [
    "title",
    "description",
    "weight",
    "draft",
    "aliases",
    "slug",
    "date",
    "updated",
    "template",
    "translated-from",
    "params",
];

/// A content file split into front matter and body.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    /// Byte range of the YAML between the fences.
    pub yaml: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Why a file has no usable front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SplitProblem {
    /// The file starts with `+++`.
    Toml,
    /// The file does not start with `---`.
    Missing,
    /// No closing `---` line.
    Unclosed,
}

/// Finds the front matter block. The opening fence must be the first line.
pub(crate) fn locate(text: &str) -> Result<Split, SplitProblem> {
    let first_line_end = text.find('\n').map_or(text.len(), |index| index + 1);
    let first_line = text[..first_line_end].trim_end_matches(['\n', '\r']);
    let first_line = first_line.strip_prefix('\u{feff}').unwrap_or(first_line);
    if first_line == "+++" {
        return Err(SplitProblem::Toml);
    }
    if first_line.trim_end() != "---" {
        return Err(SplitProblem::Missing);
    }
    let yaml_start = first_line_end;
    let mut line_start = yaml_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |index| line_start + index + 1);
        let line = text[line_start..line_end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: yaml_start..line_start,
                body_start: line_end,
            });
        }
        line_start = line_end;
    }
    Err(SplitProblem::Unclosed)
}

/// Finds the front matter block of `file`, reporting a missing or broken one.
pub(crate) fn split(file: FileId, text: &str) -> Result<Split, Diagnostic> {
    let first_line = Span::new(file, 0..text.find('\n').unwrap_or(text.len()));
    locate(text).map_err(|problem| match problem {
        SplitProblem::Toml => {
            Diagnostic::new(Code::TomlFrontMatter, "TOML front matter is not supported")
                .at(first_line)
                .with_help("write the front matter as YAML between two `---` lines")
        }
        SplitProblem::Missing => Diagnostic::new(Code::NoFrontMatter, "missing front matter")
            .at(Span::new(file, 0..0))
            .with_help("start the file with a YAML block such as:\n---\ntitle: Page title\n---"),
        SplitProblem::Unclosed => {
            Diagnostic::new(Code::UnclosedFrontMatter, "front matter is not closed")
                .at(first_line)
                .with_label("opened here")
                .with_help("end the YAML block with a line containing only `---`")
        }
    })
}

/// A page's front matter, where its body starts, and warnings about keys that look misspelt.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The metadata.
    pub front: FrontMatter,
    /// Byte offset of the Markdown body.
    pub body_start: usize,
    /// Keys one edit away from a known key.
    pub warnings: Vec<Diagnostic>,
}

/// Splits and deserializes the front matter of a content file.
///
/// Keys tafel does not know become the page's parameters, as Hugo treats them, so pages written
/// for Hugo (`icon:`, `toc:`, `type:`) build unchanged; a key one edit away from a known one
/// (`titel:`) is a warning, since it is more likely a typo than a parameter.
pub(crate) fn parse(sources: &SourceMap, file: FileId) -> Result<Parsed, Diagnostic> {
    let text = sources.get(file).text();
    let split = split(file, text)?;
    let mut front_matter: FrontMatter =
        yaml::parse_block(sources, file, split.yaml.start, split.yaml.end)?;
    let warnings = collect_params(sources, file, &split, &mut front_matter)?;
    for date in [&front_matter.date, &front_matter.updated]
        .into_iter()
        .flatten()
    {
        if let Err(problem) = crate::date::parse_date(&date.value) {
            let span = yaml::span_at(sources, file, split.yaml.start, &date.referenced);
            return Err(date_diagnostic(&date.value, problem).at(span));
        }
    }
    Ok(Parsed {
        front: front_matter,
        body_start: split.body_start,
        warnings,
    })
}

/// Moves the top-level keys `FrontMatter` does not read into its `params`, returning a warning
/// for each that looks like a misspelt known key.
fn collect_params(
    sources: &SourceMap,
    file: FileId,
    split: &Split,
    front: &mut FrontMatter,
) -> Result<Vec<Diagnostic>, Diagnostic> {
    // Reading the block a second time as a plain mapping costs microseconds per page and keeps
    // the typed fields' positions, which a flattened catch-all field would lose.
    let all: BTreeMap<String, Spanned<serde_json::Value>> =
        yaml::parse_block(sources, file, split.yaml.start, split.yaml.end)?;
    let mut warnings = Vec::new();
    for (key, value) in all {
        if KNOWN_KEYS.contains(&key.as_str()) {
            continue;
        }
        let span = key_span(sources, file, split, &key)
            .unwrap_or_else(|| yaml::span_at(sources, file, split.yaml.start, &value.referenced));
        if front.params.contains_key(&key) {
            return Err(Diagnostic::new(
                Code::ParamWrittenTwice,
                format!("the parameter `{key}` is written twice"),
            )
            .at(span)
            .with_label("here, at the top level")
            .with_help(format!(
                "keep either this key or `{key}` under `params:`; both are `page.params.{key}`"
            )));
        }
        let one_edit = KNOWN_KEYS
            .into_iter()
            .find(|known| strsim::osa_distance(&key, known) == 1);
        if let Some(known) = one_edit {
            warnings.push(
                Diagnostic::new(
                    Code::LikelyMisspeltKey,
                    format!("`{key}` is not a front-matter key; did you mean `{known}`?"),
                )
                .at(span)
                .with_label(format!("read as the parameter `page.params.{key}`"))
                .with_help(format!(
                    "write `{known}:`, or rename the parameter if `{key}` is meant"
                )),
            );
        }
        front.params.insert(key, value.value);
    }
    Ok(warnings)
}

/// The span of a top-level `key:` in the front matter: the first line of the block that starts
/// with it. `None` for keys written in flow style or quoted.
fn key_span(sources: &SourceMap, file: FileId, split: &Split, key: &str) -> Option<Span> {
    let text = sources.get(file).text();
    let mut offset = split.yaml.start;
    for line in text[split.yaml.clone()].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start_matches([' ', '\t']).starts_with(':')
        {
            return Some(Span::new(file, offset..offset + key.len()));
        }
        offset += line.len();
    }
    None
}

/// The span in `file` of a value deserialized from its front matter, for problems found after
/// parsing (an invalid slug or alias).
pub(crate) fn field_span(
    sources: &SourceMap,
    file: FileId,
    location: &serde_saphyr::Location,
) -> Span {
    let yaml_start = locate(sources.get(file).text()).map_or(0, |split| split.yaml.start);
    yaml::span_at(sources, file, yaml_start, location)
}

/// The error for a `date:` or `updated:` value that is not a calendar date.
fn date_diagnostic(text: &str, problem: DateProblem) -> Diagnostic {
    match problem {
        DateProblem::Form => Diagnostic::new(
            Code::InvalidDate,
            format!("`{text}` is not a date in the form YYYY-MM-DD"),
        )
        .with_label("expected YYYY-MM-DD")
        .with_help("write the date as year-month-day, such as `2026-11-26`"),
        DateProblem::Month(month) => Diagnostic::new(
            Code::InvalidDate,
            format!("`{text}` is not a calendar date"),
        )
        .with_label(format!("there is no month {month}"))
        .with_help("the month is 01 to 12: YYYY-MM-DD"),
        DateProblem::Day { day, days } => Diagnostic::new(
            Code::InvalidDate,
            format!("`{text}` is not a calendar date"),
        )
        .with_label(format!("this month has {days} days, not {day}"))
        .with_help(format!("use a day from 01 to {days}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<(FrontMatter, usize), Diagnostic> {
        let mut sources = SourceMap::new();
        let file = sources.add("p.de.md", text);
        parse(&sources, file).map(|parsed| (parsed.front, parsed.body_start))
    }

    fn warnings_of(text: &str) -> Vec<(Code, String, (usize, usize))> {
        let mut sources = SourceMap::new();
        let file = sources.add("p.de.md", text);
        let parsed = parse(&sources, file).unwrap();
        parsed
            .warnings
            .iter()
            .map(|warning| {
                let span = warning.span().unwrap();
                (
                    warning.code,
                    text[span.range()].to_owned(),
                    sources.get(file).line_col(span.start),
                )
            })
            .collect()
    }

    #[test]
    fn splits_and_reads_all_fields() {
        let text = "---\ntitle: Portübersicht\ndescription: Ports\nweight: 100\naliases: [/alt/]\nparams:\n  icon: server\n---\n# Body\n";
        let (front, body_start) = parse_text(text).unwrap();
        assert_eq!(front.title, "Portübersicht");
        assert_eq!(front.weight, Some(100));
        assert_eq!(front.aliases[0].value, "/alt/");
        assert_eq!(front.params["icon"], serde_json::json!("server"));
        assert_eq!(&text[body_start..], "# Body\n");
        assert!(!front.draft);
    }

    #[test]
    fn yaml_error_is_reported_at_its_line_in_the_markdown_file() {
        let text = "---\ntitle: A\nweight: heavy\n---\nbody";
        let mut sources = SourceMap::new();
        let file = sources.add("p.md", text);
        let error = parse(&sources, file).unwrap_err();
        assert_eq!(error.code, Code::InvalidYamlValue);
        let span = error.span().unwrap();
        assert_eq!(sources.get(file).line_col(span.start), (3, 9));
    }

    #[test]
    fn keys_tafel_does_not_know_are_params_as_in_hugo() {
        let text = "---\ntitle: A\nicon: server\ntoc: false\ntype: docs\nmenu:\n  main: { weight: 2 }\nparams:\n  colour: red\n---\n";
        let (front, _) = parse_text(text).unwrap();
        assert_eq!(front.params["icon"], serde_json::json!("server"));
        assert_eq!(front.params["toc"], serde_json::json!(false));
        assert_eq!(front.params["type"], serde_json::json!("docs"));
        assert_eq!(front.params["menu"]["main"]["weight"], serde_json::json!(2));
        assert_eq!(front.params["colour"], serde_json::json!("red"));
        assert!(warnings_of(text).is_empty());
    }

    #[test]
    fn a_key_one_edit_from_a_known_key_is_a_warning_at_the_key() {
        let text = "---\ntitle: A\nwieght: 3\ndescripton: B\nwidth: 2\n---\n";
        assert_eq!(
            warnings_of(text),
            [
                (Code::LikelyMisspeltKey, "descripton".to_owned(), (4, 1)),
                (Code::LikelyMisspeltKey, "wieght".to_owned(), (3, 1)),
            ]
        );
        let (front, _) = parse_text(text).unwrap();
        assert_eq!(front.weight, None);
        assert_eq!(front.params["wieght"], serde_json::json!(3));
    }

    #[test]
    fn a_param_written_twice_is_an_error_at_the_top_level_key() {
        let text = "---\ntitle: A\nicon: a\nparams:\n  icon: b\n---\n";
        let mut sources = SourceMap::new();
        let file = sources.add("p.de.md", text);
        let Err(error) = parse(&sources, file) else {
            panic!("a parameter written twice was accepted")
        };
        assert_eq!(error.code, Code::ParamWrittenTwice);
        let span = error.span().unwrap();
        assert_eq!(&text[span.range()], "icon");
        assert_eq!(sources.get(file).line_col(span.start), (3, 1));
    }

    #[test]
    fn missing_and_unclosed_fences() {
        let code = |text| parse_text(text).unwrap_err().code;
        assert_eq!(code("# No front matter"), Code::NoFrontMatter);
        assert_eq!(code("---\ntitle: A\n"), Code::UnclosedFrontMatter);
        assert_eq!(code("+++\ntitle = 'A'\n+++\n"), Code::TomlFrontMatter);
    }

    #[test]
    fn crlf_fences_and_empty_body() {
        let (front, body_start) = parse_text("---\r\ntitle: A\r\n---\r\n").unwrap();
        assert_eq!(front.title, "A");
        assert_eq!(body_start, 20);
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        let error = parse_text("---\ntitle: A\nupdated: 2026-02-30\n---\n").unwrap_err();
        assert_eq!(error.code, Code::InvalidDate);
        assert_eq!(
            error.label.as_deref(),
            Some("this month has 28 days, not 30")
        );
        let error = parse_text("---\ntitle: A\ndate: 26.11.2026\n---\n").unwrap_err();
        assert_eq!(error.code, Code::InvalidDate);
        assert_eq!(error.label.as_deref(), Some("expected YYYY-MM-DD"));
        assert!(parse_text("---\ntitle: A\ndate: 2024-02-29\n---\n").is_ok());
    }

    #[test]
    fn a_bad_date_points_at_its_value() {
        let text = "---\ntitle: A\ndate: 2025-02-29\n---\n";
        let mut sources = SourceMap::new();
        let file = sources.add("p.md", text);
        let error = parse(&sources, file).unwrap_err();
        let span = error.span().unwrap();
        assert_eq!(&text[span.range()], "2025-02-29");
        assert_eq!(sources.get(file).line_col(span.start), (3, 7));
    }
}
