//! `tafel i18n status` and `tafel i18n mark-translated`: the translator's workflow.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Report;
use crate::cli::{MarkTranslatedArgs, ReportFormat, StatusArgs};
use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::{status, tracking};
use crate::pipeline::{self, Loaded};
use crate::render;

/// Prints the translator's report; exits with 1 when a language is incomplete.
pub(crate) fn status(args: &StatusArgs, stdout: &mut dyn Write) -> Report {
    let options = pipeline::LoadOptions {
        lenient_labels: true,
        ..args.site.load_options()
    };
    let loaded = match pipeline::load(&options, false) {
        Ok(loaded) => loaded,
        Err(failed) => return Report::from(failed),
    };
    let Loaded {
        site,
        mut theme,
        mut diagnostics,
    } = loaded;
    let templates = &theme.templates;
    let mut used: BTreeSet<String> = templates.literal_message_keys(&site.sources);
    for function in crate::theme::functions::NAMES {
        if templates.calls(function, &site.sources) {
            used.extend(render::functions::messages_of(function));
        }
    }
    if let Some(ports) = site.data.ports() {
        used.extend(ports.labels().map(|label| label.id.clone()));
    }
    let rendered = render::render_site(&mut theme, &site);
    used.extend(
        rendered
            .units
            .iter()
            .flat_map(|unit| unit.deps.messages.iter().cloned()),
    );
    // Fallback warnings repeat what the report lists; render errors still matter.
    diagnostics.extend(
        rendered
            .diagnostics
            .into_iter()
            .filter(|diagnostic| diagnostic.is_fatal(false)),
    );

    let langs: Vec<_> = site.config.langs().cloned().collect();
    let report = status::report(&status::Inputs {
        langs: &langs,
        default_lang: &site.config.default_lang,
        catalog: &site.catalog,
        tree: &site.tree,
        sources: &site.sources,
        used: &used,
    });
    let text = match args.format {
        ReportFormat::Text => status::render_text(&report),
        ReportFormat::Json => status::render_json(&report),
    };
    let _ = stdout.write_all(text.as_bytes());
    let exit_code = if diagnostics.has_fatal(false) {
        1
    } else {
        i32::from(!report.complete())
    };
    Report {
        sources: Arc::clone(&site.sources),
        diagnostics,
        strict: false,
        exit_code,
        summary: None,
    }
}

/// Records in a translation's front matter which version of its source it matches.
pub(crate) fn mark_translated(args: &MarkTranslatedArgs) -> Report {
    let loaded = match pipeline::load(&args.site.load_options(), false) {
        Ok(loaded) => loaded,
        Err(failed) => return Report::from(failed),
    };
    let site = &loaded.site;
    let sources = Arc::clone(&site.sources);
    let mut diagnostics = loaded.diagnostics;
    let mut summary = Vec::new();
    let mut exit_code = 0;
    for page_path in &args.pages {
        match mark_one(site, page_path) {
            Ok(line) => summary.push(line),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                exit_code = exit_code.max(1);
            }
        }
    }
    Report {
        sources,
        diagnostics,
        strict: false,
        exit_code,
        summary: (!summary.is_empty()).then(|| summary.join("\n")),
    }
}

fn mark_one(site: &crate::model::Site, page_path: &Path) -> Result<String, Diagnostic> {
    let relative = relative_to_site(&site.root, page_path);
    let file = site.sources.find(&relative).ok_or_else(|| {
        Diagnostic::new(
            Code::NotAPageOfSite,
            format!("`{}` is not a page of this site", page_path.display()),
        )
        .with_help("give the path of a translation, such as `content/server/port-overview.en.md`")
    })?;
    let tree = &site.tree;
    let page = tree
        .ids()
        .map(|id| tree.page(id))
        .find(|page| {
            page.source
                .as_ref()
                .is_some_and(|source| source.file == file)
        })
        .ok_or_else(|| {
            Diagnostic::new(
                Code::NotAPageOfSite,
                format!(
                    "`{}` is not a page (a fragment or a draft?)",
                    relative.display()
                ),
            )
        })?;
    let default_lang = &site.config.default_lang;
    if &page.lang == default_lang {
        return Err(Diagnostic::new(
            Code::DefaultLanguagePage,
            format!(
                "`{}` is in the default language `{default_lang}`, the source of translations",
                relative.display()
            ),
        )
        .with_help("mark its translations instead, such as the `.en.md` file"));
    }
    let source = tree
        .find(default_lang, &page.key)
        .and_then(|id| tree.page(id).source.as_ref())
        .ok_or_else(|| {
            Diagnostic::new(
                Code::NoSourcePage,
                format!(
                    "`{}` has no `{default_lang}` version to be a translation of",
                    relative.display()
                ),
            )
        })?;
    let fingerprint = tracking::fingerprint_of(&site.sources, source.file)?;
    let text = site.sources.get(file).text();
    let updated = tracking::set_translated_from(text, &fingerprint).ok_or_else(|| {
        Diagnostic::new(Code::NoFrontMatter, "front matter not found").in_file(&relative)
    })?;
    let absolute = site.root.join(&relative);
    tracking::write_file(&absolute, &updated).map_err(|error| {
        Diagnostic::new(Code::WriteFailed, format!("cannot write: {error}")).in_file(&relative)
    })?;
    Ok(format!(
        "marked {} as a translation of {}",
        relative.display(),
        site.sources.get(source.file).path.display()
    ))
}

/// A path as the user typed it (relative to the working folder, or absolute), relative to the
/// site root when it lies inside.
fn relative_to_site(root: &Path, path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.to_owned(),
        Err(_) => path.to_owned(),
    }
}
