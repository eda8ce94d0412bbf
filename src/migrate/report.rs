//! The migration report: what was converted, what needs hand work, and how the first build of
//! the new site went, as Markdown for the terminal and `MIGRATION.md`.

use super::Options;
use super::config::HugoConfig;
use super::i18n;
use super::source::Input;
use crate::diagnostics::{Location, Severity};
use crate::pipeline::{BuildReport, BuildStatus};

/// The kinds of hand work, each a section of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Area {
    /// Shortcodes to port.
    Shortcodes,
    /// Templates not converted.
    Templates,
    /// Messages that did not convert cleanly.
    Messages,
    /// Features with no equivalent.
    Feature,
}

impl Area {
    fn heading(self) -> &'static str {
        match self {
            Area::Shortcodes => "Shortcodes to port",
            Area::Templates => "Templates not converted",
            Area::Messages => "Messages to check",
            Area::Feature => "Features with no equivalent",
        }
    }
}

/// What the conversion steps found, in the order they found it.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    converted: Vec<String>,
    hand_work: Vec<(Area, String)>,
}

impl Findings {
    /// Something that was carried over.
    pub(crate) fn converted(&mut self, what: String) {
        self.converted.push(what);
    }

    /// Something the writer has to do.
    pub(crate) fn hand_work(&mut self, area: Area, what: String) {
        self.hand_work.push((area, what));
    }
}

/// Lists every Go template of the site (and names the theme) as not converted, with the
/// message lookups each makes and the Fluent id each lookup now has.
pub(super) fn layouts(input: &Input, hugo: &HugoConfig, findings: &mut Findings) {
    for (path, relative, _) in input.under("layouts") {
        if relative.starts_with("shortcodes/") || relative.starts_with("_shortcodes/") {
            continue;
        }
        let calls = input
            .text(path)
            .map(|(_, text)| i18n::template_calls(text))
            .unwrap_or_default();
        let mut line = format!("`{path}`");
        if !calls.is_empty() {
            let listed: Vec<String> = calls
                .iter()
                .map(|(number, id)| {
                    let fluent = i18n::fluent_id(id);
                    format!("line {number}: `{id}` → `t(key=\"{fluent}\")`")
                })
                .collect();
            line.push_str(&format!("; messages: {}", listed.join(", ")));
        }
        findings.hand_work(Area::Templates, line);
    }
    if let Some(theme) = &hugo.theme {
        findings.hand_work(
            Area::Templates,
            format!("the Hugo theme `{theme}` (its templates and translations) is not converted; the site renders with tafel's theme, whose templates a site overrides in `templates/`"),
        );
    }
}

/// The report as Markdown.
pub(super) fn markdown(
    options: &Options,
    hugo: &HugoConfig,
    findings: &Findings,
    build: &BuildReport,
) -> String {
    let mut out = format!(
        "# Migration from Hugo\n\nFrom `{}` into `{}`; default language `{}`.\n\n## Converted\n\n",
        options.source.display(),
        options.dest.display(),
        hugo.default_lang,
    );
    for item in &findings.converted {
        out.push_str(&format!("- {item}\n"));
    }
    out.push_str("\n## Hand work\n");
    let mut areas: Vec<Area> = findings.hand_work.iter().map(|(area, _)| *area).collect();
    areas.sort();
    areas.dedup();
    if areas.is_empty() {
        out.push_str("\nNone.\n");
    }
    for area in areas {
        out.push_str(&format!("\n### {}\n\n", area.heading()));
        for (_, item) in findings.hand_work.iter().filter(|(of, _)| *of == area) {
            out.push_str(&format!("- {item}\n"));
        }
    }
    out.push_str("\n## First build\n\n");
    let (errors, warnings) =
        build
            .diagnostics
            .iter()
            .fold((0, 0), |(e, w), diagnostic| match diagnostic.severity {
                Severity::Error => (e + 1, w),
                Severity::Warning => (e, w + 1),
            });
    match &build.status {
        BuildStatus::Written { out: folder, pages, files } => out.push_str(&format!(
            "`tafel build` wrote {pages} pages ({files} files) into `{}` with {errors} errors and {warnings} warnings.\n",
            folder.display()
        )),
        BuildStatus::ContentErrors | BuildStatus::Failed => out.push_str(&format!(
            "`tafel build` failed with {errors} errors and {warnings} warnings; nothing was written.\n"
        )),
    }
    if !build.diagnostics.is_empty() {
        out.push('\n');
    }
    for diagnostic in build.diagnostics.iter() {
        let place = match &diagnostic.location {
            Location::Span(span) => {
                let file = build.sources.get(span.file);
                let (line, column) = file.line_col(span.start);
                let path = file
                    .path
                    .strip_prefix(&options.dest)
                    .unwrap_or(&file.path)
                    .display()
                    .to_string();
                format!(" `{path}:{line}:{column}`")
            }
            Location::File(path) => format!(" `{}`", path.display()),
            Location::None => String::new(),
        };
        out.push_str(&format!(
            "- {}{place}: {}\n",
            diagnostic.code.as_str(),
            diagnostic.message
        ));
    }
    out
}
