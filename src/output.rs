//! The output folder: the only part of tafel that writes it.
//!
//! All output is first collected as an [`OutputTree`] (rendered bytes plus files to copy), which
//! catches two producers claiming one path before anything touches the disk. Writing is atomic:
//! the tree goes into a hidden sibling folder, which then replaces the old output in one step
//! (`renameat2(RENAME_EXCHANGE)` on Linux, two renames elsewhere). A failed build leaves the
//! previous output exactly as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// What goes into one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// Who produced an output file, for collision reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(pub String);

/// Every file of the site to be, by path below the output folder.
#[derive(Debug, Default)]
pub struct OutputTree {
    files: BTreeMap<String, (Content, Origin)>,
}

impl OutputTree {
    /// An empty tree.
    pub fn new() -> OutputTree {
        OutputTree::default()
    }

    /// Adds a file; a path that is already taken is an error naming both producers.
    pub fn insert(
        &mut self,
        path: String,
        content: Content,
        origin: Origin,
    ) -> Result<(), Diagnostic> {
        if let Some((_, existing)) = self.files.get(&path) {
            return Err(Diagnostic::error(format!(
                "two outputs for `{path}`: {} and {}",
                existing.0, origin.0
            ))
            .with_help("rename one of them or change its URL"));
        }
        self.files.insert(path, (content, origin));
        Ok(())
    }

    /// Adds a file, replacing one at the same path (for deliberate overrides).
    pub fn replace(&mut self, path: String, content: Content, origin: Origin) {
        self.files.insert(path, (content, origin));
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The content at a path.
    pub fn get(&self, path: &str) -> Option<&Content> {
        self.files.get(path).map(|(content, _)| content)
    }
}

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder is the site itself or contains it; replacing it would delete the site.
    #[error("refusing to write the site into `{}`, which holds the site's own files", .0.display())]
    UnsafeOutput(PathBuf),
    /// A file-system operation failed.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

impl From<WriteError> for Diagnostic {
    fn from(error: WriteError) -> Diagnostic {
        let help = match &error {
            WriteError::UnsafeOutput(_) => "choose an output folder of its own, such as `public/`",
            WriteError::Io { .. } => "check that the folder is writable and the disk is not full",
        };
        Diagnostic::error(error.to_string()).with_help(help)
    }
}

/// Writes `tree` to `out`, replacing whatever was there only once everything is written.
///
/// `site` is the site folder; an output folder that is the site or one of its parents is refused.
pub fn write_atomically(tree: &OutputTree, out: &Path, site: &Path) -> Result<(), WriteError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source| WriteError::Io {
            action,
            path,
            source,
        }
    };
    let out = absolute(out).map_err(io("resolve", out))?;
    let site = absolute(site).map_err(io("resolve", site))?;
    if site.starts_with(&out) || out.join(crate::config::CONFIG_FILE).exists() {
        return Err(WriteError::UnsafeOutput(out));
    }
    let parent = out.parent().unwrap_or(Path::new("/")).to_owned();
    let name = out
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    fs::create_dir_all(&parent).map_err(io("create", &parent))?;
    let staging = parent.join(format!(".{name}.tafel-new-{}", std::process::id()));
    remove_if_exists(&staging).map_err(io("remove", &staging))?;

    if let Err(error) = fill(tree, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if out.exists() {
        let previous = parent.join(format!(".{name}.tafel-old-{}", std::process::id()));
        if exchange(&staging, &out).is_ok() {
            // `staging` now holds the previous output.
            fs::remove_dir_all(&staging).map_err(io("remove", &staging))?;
        } else {
            remove_if_exists(&previous).map_err(io("remove", &previous))?;
            fs::rename(&out, &previous).map_err(io("move aside", &out))?;
            if let Err(source) = fs::rename(&staging, &out) {
                // Put the previous output back before reporting.
                let _ = fs::rename(&previous, &out);
                let _ = fs::remove_dir_all(&staging);
                return Err(WriteError::Io {
                    action: "move into place",
                    path: out,
                    source,
                });
            }
            fs::remove_dir_all(&previous).map_err(io("remove", &previous))?;
        }
    } else {
        fs::rename(&staging, &out).map_err(io("move into place", &out))?;
    }
    Ok(())
}

/// Writes every file of the tree below `root`.
fn fill(tree: &OutputTree, root: &Path) -> Result<(), WriteError> {
    let folders: BTreeSet<PathBuf> = std::iter::once(root.to_owned())
        .chain(
            tree.files
                .keys()
                .filter_map(|path| root.join(path).parent().map(Path::to_owned)),
        )
        .collect();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|source| WriteError::Io {
            action: "create",
            path: folder.clone(),
            source,
        })?;
    }
    tree.files.par_iter().try_for_each(|(path, (content, _))| {
        let target = root.join(path);
        match content {
            Content::Bytes(bytes) => fs::write(&target, bytes).map_err(|source| WriteError::Io {
                action: "write",
                path: target.clone(),
                source,
            }),
            Content::Copy(source_path) => {
                fs::copy(source_path, &target)
                    .map(|_| ())
                    .map_err(|source| WriteError::Io {
                        action: "copy",
                        path: source_path.clone(),
                        source,
                    })
            }
        }
    })
}

fn absolute(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    // Normalise `..` so the containment check is not fooled by `public/..`.
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    Ok(normal)
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Swaps two folders in one step where the platform allows it.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c = |path: &Path| {
        CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path holds a NUL byte"))
    };
    let (a, b) = (to_c(a)?, to_c(b)?);
    // SAFETY: both pointers come from live CStrings; renameat2 only reads them.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> OutputTree {
        let mut tree = OutputTree::new();
        for (path, text) in files {
            tree.insert(
                (*path).to_owned(),
                Content::Bytes(text.as_bytes().to_vec()),
                Origin("test".into()),
            )
            .unwrap();
        }
        tree
    }

    #[test]
    fn replaces_previous_output_completely() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir(&site).unwrap();
        let out = dir.path().join("public");
        write_atomically(
            &tree(&[("a/index.html", "one"), ("stale.txt", "x")]),
            &out,
            &site,
        )
        .unwrap();
        write_atomically(&tree(&[("a/index.html", "two")]), &out, &site).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("stale.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn refuses_to_replace_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomically(&tree(&[("x", "y")]), dir.path(), &dir.path().join("site"))
            .unwrap_err();
        assert!(matches!(error, WriteError::UnsafeOutput(_)));
        let error = write_atomically(
            &tree(&[("x", "y")]),
            &dir.path().join("site/.."),
            &dir.path().join("site"),
        );
        assert!(matches!(error, Err(WriteError::UnsafeOutput(_))));
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = dir.path().join("public");
        write_atomically(&tree(&[("index.html", "old")]), &out, &site).unwrap();
        let mut broken = tree(&[("index.html", "new")]);
        broken
            .insert(
                "logo.png".into(),
                Content::Copy(dir.path().join("missing.png")),
                Origin("static".into()),
            )
            .unwrap();
        assert!(write_atomically(&broken, &out, &site).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn collisions_name_both_producers() {
        let mut tree = tree(&[("de/index.html", "x")]);
        let error = tree
            .insert(
                "de/index.html".into(),
                Content::Bytes(Vec::new()),
                Origin("alias".into()),
            )
            .unwrap_err();
        assert!(error.message.contains("test") && error.message.contains("alias"));
    }
}
