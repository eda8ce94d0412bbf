//! Which changed files matter, and as what change.
//!
//! The watcher reports paths (an editor saving by renaming a temporary file reports several);
//! [`classify`] turns one debounced batch of them into the changes a live build understands:
//! a Markdown file below `content/` alone, anything else of the site or its theme as a change
//! that rediscovers the site, and nothing for files that are no input (hidden files, editor
//! swap and temporary files, the output folder, other files at the site's top).

use std::collections::BTreeSet;
use std::path::{Component, Path};

use notify::EventKind;
use notify::event::ModifyKind;

use crate::pipeline::Change;

/// Whether an event is an edit: a file created, removed, renamed or written. Reading a file is
/// an event too (the rebuild reads files, and would trigger itself), and so is a change of its
/// times or permissions, which leaves what it says as it was.
pub(crate) fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// The folders below the site root whose files are inputs, besides `content/`.
const INPUT_FOLDERS: [&str; 8] = [
    "content",
    "data",
    "i18n",
    "shortcodes",
    "templates",
    "icons",
    "static",
    "themes",
];

/// The changes the paths of one batch amount to, deduplicated and in order; empty when none of
/// them is an input. `root` is the site folder (absolute, as the watcher reports paths).
pub(crate) fn classify<'a>(root: &Path, paths: impl IntoIterator<Item = &'a Path>) -> Vec<Change> {
    let mut changes = BTreeSet::new();
    for path in paths {
        if let Some(change) = classify_one(root, path) {
            changes.insert(change);
        }
    }
    // Rediscovering the site covers every content file too.
    if changes.contains(&Change::Other) {
        return vec![Change::Other];
    }
    changes.into_iter().collect()
}

/// What changed, for the terminal: `content/a.md changed`, `data/x.yaml and 2 more changed`.
pub(crate) fn describe<'a>(root: &Path, paths: impl IntoIterator<Item = &'a Path>) -> String {
    let names: BTreeSet<String> = paths
        .into_iter()
        .filter(|path| classify_one(root, path).is_some())
        .filter_map(|path| path.strip_prefix(root).ok())
        .map(|path| {
            path.to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/")
        })
        .collect();
    let mut names = names.into_iter();
    match (names.next(), names.len()) {
        (None, _) => "nothing".to_owned(),
        (Some(first), 0) => format!("{first} changed"),
        (Some(first), 1) => format!("{first} and {} changed", names.next().unwrap_or_default()),
        (Some(first), more) => format!("{first} and {more} more changed"),
    }
}

fn classify_one(root: &Path, path: &Path) -> Option<Change> {
    let relative = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => {
                if crate::discover::is_ignored(name) {
                    return None;
                }
                parts.push(name.to_str()?);
            }
            _ => return None,
        }
    }
    match parts.as_slice() {
        ["site.yaml"] => Some(Change::Other),
        ["content", rest @ ..] if !rest.is_empty() && rest.last()?.ends_with(".md") => {
            Some(Change::Content(rest.join("/")))
        }
        [folder, _, ..] if INPUT_FOLDERS.contains(folder) => Some(Change::Other),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn changes(paths: &[&str]) -> Vec<Change> {
        let root = PathBuf::from("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|path| root.join(path)).collect();
        classify(&root, paths.iter().map(PathBuf::as_path))
    }

    fn content(path: &str) -> Change {
        Change::Content(path.to_owned())
    }

    #[test]
    fn reading_a_file_or_touching_it_is_no_edit() {
        use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, RenameMode};
        assert!(is_edit(&EventKind::Create(CreateKind::File)));
        assert!(is_edit(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_edit(&EventKind::Modify(ModifyKind::Name(
            RenameMode::Both
        ))));
        assert!(is_edit(&EventKind::Remove(notify::event::RemoveKind::File)));
        assert!(!is_edit(&EventKind::Access(AccessKind::Read)));
        assert!(!is_edit(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::WriteTime
        ))));
    }

    #[test]
    fn a_markdown_file_is_a_content_change_of_its_own() {
        assert_eq!(
            changes(&["content/guide/a.de.md"]),
            [content("guide/a.de.md")]
        );
        assert_eq!(
            changes(&["content/b.md", "content/a.md", "content/b.md"]),
            [content("a.md"), content("b.md")]
        );
    }

    #[test]
    fn other_inputs_rediscover_the_site() {
        for path in [
            "site.yaml",
            "content/guide/shot.png",
            "data/ports.yaml",
            "i18n/de/site.ftl",
            "shortcodes/x.html",
            "templates/page.html",
            "icons/x.svg",
            "static/css/x.css",
            "themes/default/templates/base.html",
        ] {
            assert_eq!(changes(&[path]), [Change::Other], "{path}");
        }
        assert_eq!(changes(&["content/a.md", "data/x.yaml"]), [Change::Other]);
    }

    #[test]
    fn what_changed_reads_as_a_sentence() {
        let root = PathBuf::from("/site");
        let describe_all = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(|path| root.join(path)).collect();
            describe(&root, paths.iter().map(PathBuf::as_path))
        };
        assert_eq!(describe_all(&["content/a.md"]), "content/a.md changed");
        assert_eq!(
            describe_all(&["content/b.md", "content/a.md", "content/.a.md.swp"]),
            "content/a.md and content/b.md changed"
        );
        assert_eq!(
            describe_all(&["data/x.yaml", "site.yaml", "i18n/de/a.ftl"]),
            "data/x.yaml and 2 more changed"
        );
    }

    #[test]
    fn editor_files_and_other_folders_are_no_change() {
        for path in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/4913",
            "content/a.md___jb_tmp___",
            "content/.hidden/a.md",
            "public/en/index.html",
            "README.md",
            ".git/index",
            "target/x",
            "content",
        ] {
            assert!(changes(&[path]).is_empty(), "{path}");
        }
        let outside = classify(Path::new("/site"), [Path::new("/elsewhere/content/a.md")]);
        assert!(outside.is_empty());
    }
}
