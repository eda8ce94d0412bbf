//! Discovery: the only stage that reads the site's source files.
//!
//! It reads `site.yaml`, then walks `content/`, `data/`, `i18n/`, the theme and the site's own
//! overrides, classifies every file, and loads every text file into one [`SourceMap`]. A content
//! file is only named there, with this module's reader ([`read_text`]): its text is read when
//! it is parsed.
//! Binary files (images, fonts, static assets) are only listed; the write stage copies them.
//! Walks are sorted, so the same folder always gives the same inputs in the same order.
//!
//! Site layout:
//!
//! ```text
//! site.yaml            configuration
//! content/             pages (*.md), fragments (_*.md) and files that sit next to pages
//! data/                YAML data files, readable from templates and shortcodes
//! i18n/<lang>/*.ftl    the site's Fluent messages (override the theme's)
//! templates/           the site's templates (override the theme's)
//! shortcodes/          the site's shortcodes (override the theme's)
//! icons/               the site's SVG icons (override the theme's)
//! static/              copied to the output root (overrides the theme's)
//! themes/<theme>/      templates/, shortcodes/, icons/, i18n/, static/
//! ```

// Discovery is the stage that reads the site (clippy.toml lists the calls).
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

mod history;

use crate::config::{self, SiteConfig};
use crate::diagnostics::{Code, Diagnostic, FileId, Read, SourceMap};

/// A text file loaded into the source map.
#[derive(Debug, Clone)]
pub struct TextInput {
    /// Path relative to the folder it was found in ('/'-separated), such as `server/ports.de.md`
    /// for a content file or `page.html` for a template.
    pub relative: String,
    /// Where its text lives.
    pub file: FileId,
}

/// A file that is copied, not read.
#[derive(Debug, Clone)]
pub struct CopyInput {
    /// Path relative to the folder it was found in ('/'-separated).
    pub relative: String,
    /// Where it is on disk.
    pub path: PathBuf,
}

/// Which layer a themeable input comes from; the site's own files win over the theme's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// From `themes/<theme>/`.
    Theme,
    /// From the site root.
    Site,
}

/// A Fluent file with the language folder it sits in.
#[derive(Debug, Clone)]
pub struct MessageInput {
    /// Theme or site.
    pub layer: Layer,
    /// The language folder name (`de`).
    pub lang: String,
    /// The file.
    pub input: TextInput,
}

/// Everything the build reads, loaded.
#[derive(Debug)]
pub struct Inputs {
    /// The site folder.
    pub root: PathBuf,
    /// Text of every loaded file.
    pub sources: SourceMap,
    /// The checked configuration.
    pub config: SiteConfig,
    /// `site.yaml`.
    pub config_file: FileId,
    /// Markdown files under `content/`.
    pub content: Vec<TextInput>,
    /// Other files under `content/`.
    pub content_assets: Vec<CopyInput>,
    /// YAML files under `data/`.
    pub data: Vec<TextInput>,
    /// Fluent files, theme's first.
    pub messages: Vec<MessageInput>,
    /// Templates by name, the site's replacing the theme's.
    pub templates: BTreeMap<String, (Layer, TextInput)>,
    /// Shortcode templates by shortcode name, the site's replacing the theme's.
    pub shortcodes: BTreeMap<String, (Layer, TextInput)>,
    /// SVG icons by name, the site's replacing the theme's.
    pub icons: BTreeMap<String, TextInput>,
    /// Files copied to the output root, the site's replacing the theme's.
    pub static_files: BTreeMap<String, CopyInput>,
    /// With `updated-from-git`, the date of each content file's last commit, by its path below
    /// `content/`.
    pub commit_dates: BTreeMap<String, String>,
    /// Problems that do not stop the build, such as an unreadable git history.
    pub warnings: Vec<Diagnostic>,
}

/// Why the site could not be read, with the files read so far so the report can quote them.
#[derive(Debug)]
pub(crate) struct LoadFailure {
    /// Files read before the failure.
    pub sources: SourceMap,
    /// What went wrong.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the site folder itself is missing its configuration (a usage problem).
    pub not_a_site: bool,
}

/// Reads the site in `root`: the configuration, then every input folder.
pub(crate) fn load_site(
    root: &Path,
    base_url_override: Option<&str>,
) -> Result<Inputs, LoadFailure> {
    let mut sources = SourceMap::new();
    let (config_file, config) = match read_config(root, base_url_override, &mut sources) {
        Ok(read) => read,
        Err((diagnostics, not_a_site)) => {
            return Err(LoadFailure {
                sources,
                diagnostics,
                not_a_site,
            });
        }
    };
    let theme_root = root.join("themes").join(&config.theme);
    if !theme_root.is_dir() {
        let diagnostic = Diagnostic::new(
            Code::ThemeNotFound,
            format!("theme `{}` not found", config.theme),
        )
        .in_file(config::CONFIG_FILE)
        .with_help(format!(
            "expected a folder `{}`",
            relative_to(root, &theme_root)
        ));
        return Err(LoadFailure {
            sources,
            diagnostics: vec![diagnostic],
            not_a_site: false,
        });
    }

    let mut errors = Vec::new();
    let found = walk_inputs(root, &theme_root, &mut errors);
    let mut inputs = Inputs {
        root: root.to_owned(),
        sources,
        config,
        config_file,
        content: Vec::new(),
        content_assets: Vec::new(),
        data: Vec::new(),
        messages: Vec::new(),
        templates: BTreeMap::new(),
        shortcodes: BTreeMap::new(),
        icons: BTreeMap::new(),
        static_files: BTreeMap::new(),
        commit_dates: BTreeMap::new(),
        warnings: Vec::new(),
    };
    if let Some(switch) = inputs.config.updated_from_git {
        match history::last_commit_dates(root) {
            Ok(dates) => inputs.commit_dates = dates,
            Err(reason) => inputs.warnings.push(
                Diagnostic::new(
                    Code::GitHistoryUnavailable,
                    format!("cannot read the git history for `updated-from-git`: {reason}"),
                )
                .at(crate::yaml::span_at(
                    &inputs.sources,
                    config_file,
                    0,
                    &switch,
                ))
                .with_help("build from a git clone of the site, or remove `updated-from-git`"),
            ),
        }
    }
    read_texts(&found, &mut inputs, &mut errors);
    list_copies(&found, &mut inputs);
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(LoadFailure {
            sources: inputs.sources,
            diagnostics: errors,
            not_a_site: false,
        })
    }
}

/// Reads and checks `site.yaml`; on failure, the problems and whether the folder is no site at
/// all (a usage error).
fn read_config(
    root: &Path,
    base_url_override: Option<&str>,
    sources: &mut SourceMap,
) -> Result<(FileId, SiteConfig), (Vec<Diagnostic>, bool)> {
    let config_path = root.join(config::CONFIG_FILE);
    let config_text = match fs::read_to_string(&config_path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let diagnostic = Diagnostic::new(
                Code::NoSiteConfig,
                format!("no `{}` in `{}`", config::CONFIG_FILE, root.display()),
            )
            .with_help("run tafel in a site folder, or pass `--site DIR`");
            return Err((vec![diagnostic], true));
        }
        Err(error) => {
            let diagnostic = Diagnostic::new(Code::CannotRead, format!("cannot read: {error}"))
                .in_file(&config_path);
            return Err((vec![diagnostic], false));
        }
    };
    let config_file = sources.add(config::CONFIG_FILE, config_text);
    config::parse_config(sources, config_file, base_url_override)
        .map(|config| (config_file, config))
        .map_err(|diagnostics| (diagnostics, false))
}

/// Every input file, in a fixed order: content, data, then each themeable kind from the theme
/// before the site's own. Files of a folder that are not inputs (a `notes.txt` in `data/`) are
/// left out.
fn walk_inputs(root: &Path, theme_root: &Path, errors: &mut Vec<Diagnostic>) -> Vec<(Found, Kind)> {
    let mut found = Vec::new();
    let mut walk = |dir: PathBuf, kind_of: &dyn Fn(&str) -> Option<Kind>| {
        for file in walk_files(root, &dir, errors) {
            if let Some(kind) = kind_of(&file.relative) {
                found.push((file, kind));
            }
        }
    };
    let ends_with = |name: &str, extensions: &[&str]| {
        extensions.iter().any(|extension| name.ends_with(extension))
    };
    walk(root.join("content"), &|name| {
        Some(if ends_with(name, &[".md"]) {
            Kind::Content
        } else {
            Kind::Asset
        })
    });
    walk(root.join("data"), &|name| {
        ends_with(name, &[".yaml", ".yml"]).then_some(Kind::Data)
    });
    let layers = [(Layer::Theme, theme_root), (Layer::Site, root)];
    for (layer, base) in layers {
        walk(base.join("i18n"), &|name| {
            ends_with(name, &[".ftl"]).then_some(Kind::Messages(layer))
        });
    }
    for (layer, base) in layers {
        walk(base.join("templates"), &|name| {
            ends_with(name, &[".html", ".xml", ".txt"]).then_some(Kind::Template(layer))
        });
    }
    for (layer, base) in layers {
        walk(base.join("shortcodes"), &|name| {
            ends_with(name, &[".html"]).then_some(Kind::Shortcode(layer))
        });
    }
    for (_, base) in layers {
        walk(base.join("icons"), &|name| {
            ends_with(name, &[".svg"]).then_some(Kind::Icon)
        });
    }
    for (_, base) in layers {
        walk(base.join("static"), &|_| Some(Kind::Static));
    }
    found
}

/// Reads every text input but the content files in parallel, then adds them to the source map
/// in walk order, so file ids do not depend on thread scheduling, and files each into its
/// place. Content files are only named: each is read when it is parsed, so that a large site's
/// pages are never all in memory at once.
fn read_texts(found: &[(Found, Kind)], inputs: &mut Inputs, errors: &mut Vec<Diagnostic>) {
    let texts: Vec<Option<Result<String, Diagnostic>>> = found
        .par_iter()
        .map(|(file, kind)| kind.is_read().then(|| read_text(&file.path, &file.display)))
        .collect();
    // A content file is shown as its path below the root (or, outside it, as its full path),
    // so joined to the root that path is the file's again.
    let root = inputs.root.clone();
    let read: Read = Arc::new(move |display: &Path| read_text(&root.join(display), display));
    for ((file, kind), text) in found.iter().zip(texts) {
        let id = match text {
            None if matches!(kind, Kind::Content) => {
                inputs.sources.add_unread(&file.display, read.clone())
            }
            None => continue,
            Some(Ok(text)) => inputs.sources.add(&file.display, text),
            Some(Err(error)) => {
                errors.push(error);
                continue;
            }
        };
        let input = TextInput {
            relative: file.relative.clone(),
            file: id,
        };
        match kind {
            Kind::Content => inputs.content.push(input),
            Kind::Data => inputs.data.push(input),
            Kind::Messages(layer) => match file.relative.split_once('/') {
                Some((lang, _)) => inputs.messages.push(MessageInput {
                    layer: *layer,
                    lang: lang.to_owned(),
                    input,
                }),
                None => errors.push(
                    Diagnostic::new(
                        Code::FluentFileOutsideLanguage,
                        "Fluent file outside a language folder",
                    )
                    .in_file(&file.display)
                    .with_help("move it into `i18n/<language>/`, such as `i18n/de/`"),
                ),
            },
            Kind::Template(layer) => {
                inputs
                    .templates
                    .insert(file.relative.clone(), (*layer, input));
            }
            Kind::Shortcode(layer) => {
                let name = file.relative.trim_end_matches(".html").to_owned();
                inputs.shortcodes.insert(name, (*layer, input));
            }
            Kind::Icon => {
                let name = file.relative.trim_end_matches(".svg").to_owned();
                inputs.icons.insert(name, input);
            }
            Kind::Asset | Kind::Static => {}
        }
    }
}

/// Lists the files that are copied, not read: content files other than Markdown, and static
/// files, the site's replacing the theme's of the same name.
fn list_copies(found: &[(Found, Kind)], inputs: &mut Inputs) {
    for (file, kind) in found {
        let copy = CopyInput {
            relative: file.relative.clone(),
            path: file.path.clone(),
        };
        match kind {
            Kind::Asset => inputs.content_assets.push(copy),
            Kind::Static => {
                inputs.static_files.insert(file.relative.clone(), copy);
            }
            _ => {}
        }
    }
}

/// Reads one file of `content/` again, for a long-running command that learns that it changed:
/// its path as shown in reports and its text, or `None` when it no longer exists.
pub(crate) fn read_content_file(
    root: &Path,
    relative: &str,
) -> Result<Option<(PathBuf, String)>, Diagnostic> {
    let display = Path::new("content").join(relative);
    let path = root.join(&display);
    if !path.is_file() {
        return Ok(None);
    }
    read_text(&path, &display).map(|text| Some((display, text)))
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Content,
    Asset,
    Data,
    Messages(Layer),
    Template(Layer),
    Shortcode(Layer),
    Icon,
    Static,
}

impl Kind {
    /// Whether files of this kind are read as text while the site is discovered: content files
    /// are read when they are parsed, and assets and static files are copied.
    fn is_read(self) -> bool {
        !matches!(self, Kind::Content | Kind::Asset | Kind::Static)
    }
}

#[derive(Debug)]
struct Found {
    /// Relative to the walked folder, '/'-separated.
    relative: String,
    /// Relative to the site root, for reports.
    display: PathBuf,
    path: PathBuf,
}

/// Lists the files under `dir` in sorted order, skipping hidden files and editor leftovers.
/// A missing folder is simply empty: every folder of the layout is optional.
fn walk_files(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<Found> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return found;
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_ignored(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(Path::to_path_buf).unwrap_or_default();
                errors.push(
                    Diagnostic::new(
                        Code::CannotReadFolder,
                        format!("cannot read folder: {error}"),
                    )
                    .in_file(relative_path(root, &path)),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Ok(relative) = path.strip_prefix(dir) else {
            continue;
        };
        let Some(relative) = relative.to_str() else {
            errors.push(
                Diagnostic::new(Code::FileNameNotUtf8, "file name is not valid UTF-8")
                    .in_file(relative_path(root, path))
                    .with_help("rename the file using UTF-8 characters"),
            );
            continue;
        };
        found.push(Found {
            relative: relative.replace(std::path::MAIN_SEPARATOR, "/"),
            display: relative_path(root, path),
            path: path.to_owned(),
        });
    }
    found
}

/// Hidden files, editor swap, backup and temporary files are never site content: `.x`, `x~`,
/// `x.swp`, `#x#` (Emacs), `4913` (Vim's probe) and `x___jb_tmp___`/`x___jb_old___` (JetBrains).
pub(crate) fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(path).map_err(|error| {
        Diagnostic::new(Code::CannotRead, format!("cannot read: {error}")).in_file(display)
    })?;
    String::from_utf8(bytes).map_err(|error| {
        Diagnostic::new(
            Code::NotUtf8,
            format!(
                "not valid UTF-8 (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        )
        .in_file(display)
        .with_help("save the file as UTF-8")
    })
}

fn relative_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_owned()
}

fn relative_to(root: &Path, path: &Path) -> String {
    relative_path(root, path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn ignores_hidden_and_backup_files() {
        for name in [".git", ".page.md.swp", "page.md~", "#page.md#", "x.swp"] {
            assert!(is_ignored(OsStr::new(name)), "{name}");
        }
        for name in ["page.de.md", "_index.md", "diagram.png"] {
            assert!(!is_ignored(OsStr::new(name)), "{name}");
        }
    }

    /// A large site's pages are never all in memory: discovery names them, and each is read
    /// when it is parsed. The other text files are read at once.
    #[test]
    fn content_files_are_named_unread_and_read_when_asked_for() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        fs::write(
            root.join("site.yaml"),
            "base-url: https://docs.example.org/\ndefault-language: de\nlanguages:\n  - { code: de, name: Deutsch, title: Test }\n",
        )
        .unwrap();
        fs::create_dir_all(root.join("themes/default/templates")).unwrap();
        fs::write(
            root.join("themes/default/templates/page.html"),
            "{{ title }}",
        )
        .unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("content/a.de.md"), "---\ntitle: A\n---\n").unwrap();
        fs::write(root.join("content/b.de.md"), b"---\ntitle: Caf\xe9\n---\n").unwrap();

        let inputs = load_site(root, None).unwrap();
        let [a, b] = [0, 1].map(|i| inputs.sources.get(inputs.content[i].file));
        assert!(!a.holds_text() && !b.holds_text());
        let (_, template) = &inputs.templates["page.html"];
        assert!(inputs.sources.get(template.file).holds_text());

        assert_eq!(a.load().unwrap(), "---\ntitle: A\n---\n");
        assert!(a.holds_text());
        let error = b.load().unwrap_err();
        assert_eq!(error.code, Code::NotUtf8);
        assert_eq!(
            error.location,
            crate::diagnostics::Location::File("content/b.de.md".into())
        );
    }
}
