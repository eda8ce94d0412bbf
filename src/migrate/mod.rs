//! `tafel migrate hugo`: turns a Hugo site into a tafel site in a new folder.
//!
//! The migration reads the Hugo site once into memory (`source`), converts each part on its own
//! (`config`: the configuration and menus; `content`: pages, front matter and resources;
//! `i18n`: translation tables into Fluent; `shortcodes`: stubs for the shortcodes the theme
//! lacks), and only when nothing stopped it writes every file into the destination, which must
//! not exist or be empty. Then it builds the new site once, as `tafel build` would, and
//! `report` describes what was converted, what needs hand work and how the build went.
//!
//! Problems that make the Hugo site unreadable (a broken `config.toml`, TOML front matter that
//! does not parse) are diagnostics with the position in the Hugo file; nothing is written then.
//! Everything that converts imperfectly is an item of the report instead, since the new site
//! still builds and the writer decides what to do about it.

// The migration reads a folder that is not a tafel site and writes a new one, outside the
// stages of a build; it owns both folders for the length of the command.
#![allow(clippy::disallowed_methods)]

mod config;
mod content;
mod emit;
mod i18n;
mod report;
mod shortcodes;
mod source;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap};
use crate::pipeline::{self, BuildOptions, BuildReport, LoadOptions};

pub(crate) use report::Findings;

/// What to migrate where.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// The Hugo site.
    pub source: PathBuf,
    /// The new tafel site; must not exist or be empty.
    pub dest: PathBuf,
    /// A tafel theme folder to copy into `DEST/themes/default/`.
    pub theme: Option<PathBuf>,
}

/// A migration that wrote the new site.
pub(crate) struct Migrated {
    /// The report as Markdown, also written to `DEST/MIGRATION.md`.
    pub report: String,
    /// The first build of the new site.
    pub build: BuildReport,
}

/// A migration that stopped before writing anything, with what stopped it.
pub(crate) struct Stopped {
    /// The Hugo files read, for quoting.
    pub sources: Arc<SourceMap>,
    /// Why.
    pub diagnostics: Diagnostics,
}

/// A file of the new site: text made by the migration, or a file copied from the Hugo site.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OutFile {
    Text(String),
    Copy(PathBuf),
}

/// The new site before it is written, by path below the destination (`/`-separated).
#[derive(Debug, Default)]
struct Site {
    files: BTreeMap<String, OutFile>,
}

impl Site {
    fn text(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.files.insert(path.into(), OutFile::Text(text.into()));
    }

    fn copy(&mut self, path: impl Into<String>, from: PathBuf) {
        self.files.insert(path.into(), OutFile::Copy(from));
    }
}

/// Migrates the Hugo site at `options.source` into `options.dest` and builds it once.
pub(crate) fn hugo(options: &Options) -> Result<Migrated, Stopped> {
    let stop = |sources: SourceMap, diagnostics: Vec<Diagnostic>| Stopped {
        sources: Arc::new(sources),
        diagnostics: diagnostics.into_iter().collect(),
    };
    if let Err(diagnostic) = check_dest(&options.source, &options.dest) {
        return Err(stop(SourceMap::new(), vec![diagnostic]));
    }
    let theme_shortcodes = match &options.theme {
        Some(theme) => match theme_shortcodes(theme) {
            Ok(names) => names,
            Err(diagnostic) => return Err(stop(SourceMap::new(), vec![diagnostic])),
        },
        None => shortcodes::DEFAULT_THEME
            .iter()
            .map(|&s| s.to_owned())
            .collect(),
    };
    let input = match source::read(&options.source) {
        Ok(input) => input,
        Err(diagnostic) => return Err(stop(SourceMap::new(), vec![diagnostic])),
    };
    let mut findings = Findings::default();
    let hugo_config = match config::load(&input) {
        Ok(hugo_config) => hugo_config,
        Err(diagnostics) => return Err(stop(input.sources, diagnostics)),
    };
    let mut site = Site::default();
    let mut errors = Vec::new();
    let pages = content::convert(&input, &hugo_config, &mut site, &mut findings, &mut errors);
    i18n::convert(&input, &hugo_config, &mut site, &mut findings, &mut errors);
    if !errors.is_empty() {
        return Err(stop(input.sources, errors));
    }
    config::write(&hugo_config, &pages, &mut site, &mut findings);
    shortcodes::convert(&input, &pages, &theme_shortcodes, &mut site, &mut findings);
    content::copy_folders(&input, &mut site, &mut findings);
    report::layouts(&input, &hugo_config, &mut findings);
    if let Some(theme) = &options.theme {
        copy_theme(theme, &mut site);
    } else {
        findings.hand_work(
            report::Area::Feature,
            "no theme was copied (`--theme DIR` copies one): put a tafel theme into `themes/default/`, such as the one in tafel's repository".to_owned(),
        );
    }
    if let Err(diagnostic) = write(&options.dest, &site) {
        return Err(stop(input.sources, vec![diagnostic]));
    }
    let build = pipeline::build(&BuildOptions {
        load: LoadOptions {
            site: options.dest.clone(),
            ..LoadOptions::default()
        },
        out: None,
        strict: false,
    });
    let report = report::markdown(options, &hugo_config, &findings, &build);
    let path = options.dest.join("MIGRATION.md");
    if let Err(error) = std::fs::write(&path, &report) {
        return Err(stop(
            input.sources,
            vec![io_error(&path, &error, "could not write the report")],
        ));
    }
    Ok(Migrated { report, build })
}

/// Refuses a destination that holds anything, or that lies inside the Hugo site.
fn check_dest(source: &Path, dest: &Path) -> Result<(), Diagnostic> {
    let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    if absolute(dest).starts_with(absolute(source)) {
        return Err(Diagnostic::new(
            Code::MigrationDestInvalid,
            format!("the destination {} is inside the Hugo site", dest.display()),
        )
        .in_file(dest)
        .with_help("choose a folder outside the Hugo site; the migration never writes into it"));
    }
    match std::fs::read_dir(dest) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Diagnostic::new(
                    Code::MigrationDestInvalid,
                    format!("the destination {} is not empty", dest.display()),
                )
                .in_file(dest)
                .with_help("give a folder that does not exist yet, or an empty one"));
            }
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if dest.is_file() => Err(Diagnostic::new(
            Code::MigrationDestInvalid,
            format!("the destination {} is a file", dest.display()),
        )
        .in_file(dest)
        .with_help("give a folder that does not exist yet, or an empty one")),
        Err(error) => Err(io_error(dest, &error, "the destination cannot be used")),
    }
}

/// The names of the shortcodes a tafel theme has, and the built-in `include`.
fn theme_shortcodes(theme: &Path) -> Result<Vec<String>, Diagnostic> {
    let folder = theme.join("shortcodes");
    let entries = std::fs::read_dir(&folder)
        .map_err(|error| io_error(&folder, &error, "the theme's shortcodes cannot be read"))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".html").map(str::to_owned)
        })
        .collect();
    names.push("include".to_owned());
    names.sort();
    Ok(names)
}

/// Adds every file of the theme folder to the new site below `themes/default/`.
fn copy_theme(theme: &Path, site: &mut Site) {
    for entry in walkdir::WalkDir::new(theme).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(relative) = entry.path().strip_prefix(theme) {
            let relative = source::slash_path(relative);
            site.copy(
                format!("themes/default/{relative}"),
                entry.path().to_owned(),
            );
        }
    }
}

/// Writes every file of the new site below `dest`.
fn write(dest: &Path, site: &Site) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(dest)
        .map_err(|error| io_error(dest, &error, "the destination cannot be created"))?;
    for (relative, file) in &site.files {
        let path = dest.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| io_error(parent, &error, "could not create a folder"))?;
        }
        let written = match file {
            OutFile::Text(text) => std::fs::write(&path, text),
            OutFile::Copy(from) => std::fs::copy(from, &path).map(|_| ()),
        };
        written.map_err(|error| io_error(&path, &error, "could not write"))?;
    }
    Ok(())
}

fn io_error(path: &Path, error: &std::io::Error, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MigrationIo,
        format!("{what}: {}: {error}", path.display()),
    )
    .in_file(path)
}
