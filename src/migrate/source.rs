//! The Hugo site, read once: text files into a [`SourceMap`] for positions in diagnostics, the
//! other files listed for copying.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap};

/// Folders of a Hugo site that hold output, caches or tools rather than the site itself.
const SKIPPED: [&str; 3] = ["public", "resources", "node_modules"];

/// Extensions of the files read as text (configuration, content, messages, templates).
const TEXT: [&str; 8] = [
    "md", "markdown", "toml", "yaml", "yml", "json", "html", "ftl",
];

/// One file of the Hugo site.
#[derive(Debug, Clone)]
pub(super) struct InputFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its text, when it is a text file that reads as UTF-8.
    pub text: Option<FileId>,
}

/// The Hugo site in memory.
pub(super) struct Input {
    /// The site folder.
    pub root: PathBuf,
    /// Every file by path below the root, `/`-separated, in sorted order.
    pub files: BTreeMap<String, InputFile>,
    /// The text files.
    pub sources: SourceMap,
}

impl Input {
    /// The text of a file, if it was read as text.
    pub(super) fn text(&self, relative: &str) -> Option<(FileId, &str)> {
        let file = self.files.get(relative)?.text?;
        Some((file, self.sources.get(file).text()))
    }

    /// The files below a folder (`content/`), with their paths below that folder.
    pub(super) fn under<'a>(
        &'a self,
        folder: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str, &'a InputFile)> + 'a {
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        let length = prefix.len();
        self.files
            .range(prefix.clone()..)
            .take_while(move |(path, _)| path.starts_with(&prefix))
            .map(move |(path, file)| (path.as_str(), &path[length..], file))
    }
}

/// Reads the site at `root`: every file except hidden ones and those below [`SKIPPED`].
pub(super) fn read(root: &Path) -> Result<Input, Diagnostic> {
    if !root.is_dir() {
        return Err(Diagnostic::new(
            Code::MigrationNoHugoSite,
            format!("{} is not a folder", root.display()),
        )
        .in_file(root)
        .with_help(
            "give the folder of the Hugo site, the one holding `hugo.toml` or `config.toml`",
        ));
    }
    let mut input = Input {
        root: root.to_owned(),
        files: BTreeMap::new(),
        sources: SourceMap::new(),
    };
    let walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            let top_level = entry.depth() == 1;
            entry.depth() == 0
                || !(name.starts_with('.') || (top_level && SKIPPED.contains(&name.as_ref())))
        });
    for entry in walk {
        let entry = entry.map_err(|error| {
            let path = error.path().unwrap_or(root).to_owned();
            Diagnostic::new(
                Code::MigrationIo,
                format!("cannot read {}: {error}", path.display()),
            )
            .in_file(path)
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        let relative = slash_path(relative);
        let extension = relative.rsplit_once('.').map_or("", |(_, ext)| ext);
        let text = if TEXT.contains(&extension.to_ascii_lowercase().as_str()) {
            let bytes = std::fs::read(entry.path()).map_err(|error| {
                Diagnostic::new(
                    Code::MigrationIo,
                    format!("cannot read {}: {error}", entry.path().display()),
                )
                .in_file(entry.path())
            })?;
            String::from_utf8(bytes)
                .ok()
                .map(|text| input.sources.add(entry.path(), text))
        } else {
            None
        };
        input.files.insert(
            relative,
            InputFile {
                path: entry.path().to_owned(),
                text,
            },
        );
    }
    Ok(input)
}

/// A relative path with `/` between its parts, whatever the platform.
pub(super) fn slash_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
