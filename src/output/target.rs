//! Which folder a build may replace, decided before anything is rendered or written.
//!
//! A build replaces its output folder completely, so pointing `--out` at the wrong folder would
//! delete it. The rule: tafel replaces a folder only when it does not exist yet, is empty, or
//! holds the [`MARKER`] file that every tafel build writes. Inside the site, only the site's own
//! `public/` may be the output; the site folder and its parents never. A symbolic link is
//! followed: its target is replaced, and the link stays as it is.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::WriteError;

/// The file that marks a folder as tafel's output; written into the root of every build.
pub(crate) const MARKER: &str = ".tafel-output";

/// What the marker says to a person who finds it.
pub(super) const MARKER_TEXT: &str =
    "This folder is the output of tafel. The next `tafel build` replaces all of it.\n";

/// A folder the build is allowed to replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The output folder as the user named it, for messages.
    pub(super) given: PathBuf,
    /// The real folder that is replaced: absolute, with symbolic links resolved.
    pub(super) dir: PathBuf,
}

/// What is at the output path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// Nothing: the build creates the folder.
    Nothing,
    /// A folder the build may replace: empty, or marked as tafel's output.
    Replaceable,
}

/// Checks that `out` may be replaced by a build of the site in `site`.
pub(crate) fn check(out: &Path, site: &Path) -> Result<Target, WriteError> {
    let given = out.to_owned();
    let dir = resolve(out)?;
    let site = resolve(site)?;
    if site.starts_with(&dir) {
        return Err(WriteError::HoldsSite(given));
    }
    if dir.starts_with(&site) && dir != resolve(&site.join("public"))? {
        return Err(WriteError::InsideSite(given));
    }
    inspect(&given, &dir)?;
    Ok(Target { given, dir })
}

/// Looks at what is at `dir` now; anything the build may not replace is an error.
pub(super) fn inspect(given: &Path, dir: &Path) -> Result<Found, WriteError> {
    let metadata = match fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(source) => return Err(WriteError::io("inspect", dir, source)),
    };
    if !metadata.is_dir() {
        return Err(WriteError::NotAFolder(given.to_owned()));
    }
    if fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|marker| marker.is_file()) {
        return Ok(Found::Replaceable);
    }
    let mut entries: Vec<String> = fs::read_dir(dir)
        .map_err(|source| WriteError::io("read", dir, source))?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    if entries.is_empty() {
        return Ok(Found::Replaceable);
    }
    entries.sort();
    Err(WriteError::NotOurs {
        out: given.to_owned(),
        entries,
    })
}

/// The absolute, real form of `path`: symbolic links in the existing part resolved, `.` and `..`
/// removed from the rest. A link whose target does not exist is an error, because following it
/// would create a folder somewhere the user did not name.
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let absolute =
        std::path::absolute(path).map_err(|source| WriteError::io("resolve", path, source))?;
    // Walk up to the longest part that exists, then add the rest back lexically.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::symlink_metadata(existing) {
            Ok(metadata)
                if metadata.file_type().is_symlink() && fs::metadata(existing).is_err() =>
            {
                return Err(WriteError::DanglingLink(existing.to_owned()));
            }
            Ok(_) => break,
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => break,
            },
        }
    }
    let mut real =
        fs::canonicalize(existing).map_err(|source| WriteError::io("resolve", existing, source))?;
    for component in rest
        .iter()
        .rev()
        .flat_map(|name| Path::new(name).components())
    {
        match component {
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => real.push(name),
            _ => {}
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Folders {
        _dir: tempfile::TempDir,
        root: PathBuf,
        site: PathBuf,
    }

    fn folders() -> Folders {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        let site = root.join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::write(site.join("content/page.md"), "text").unwrap();
        Folders {
            _dir: dir,
            root,
            site,
        }
    }

    #[test]
    fn a_new_folder_an_empty_one_and_a_marked_one_may_be_replaced() {
        let f = folders();
        let new = f.root.join("new/deeper");
        assert_eq!(check(&new, &f.site).unwrap().dir, new);
        let empty = f.root.join("empty");
        fs::create_dir(&empty).unwrap();
        assert!(check(&empty, &f.site).is_ok());
        let marked = f.root.join("marked");
        fs::create_dir(&marked).unwrap();
        fs::write(marked.join("index.html"), "x").unwrap();
        fs::write(marked.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check(&marked, &f.site).is_ok());
        assert!(check(&f.site.join("public"), &f.site).is_ok());
    }

    #[test]
    fn a_folder_with_other_files_is_refused_and_named() {
        let f = folders();
        let documents = f.root.join("Documents");
        fs::create_dir(&documents).unwrap();
        fs::write(documents.join("taxes.pdf"), "x").unwrap();
        fs::create_dir(documents.join(".git")).unwrap();
        let error = check(&documents, &f.site).unwrap_err();
        let WriteError::NotOurs { out, entries } = error else {
            panic!("{error:?}");
        };
        assert_eq!(out, documents);
        assert_eq!(entries, [".git", "taxes.pdf"]);
    }

    #[test]
    fn folders_of_the_site_and_its_parents_are_refused() {
        let f = folders();
        for inside in ["content", "data", "public/en", "themes/default/static"] {
            let error = check(&f.site.join(inside), &f.site).unwrap_err();
            assert!(
                matches!(error, WriteError::InsideSite(_)),
                "{inside}: {error:?}"
            );
        }
        for holder in [f.site.clone(), f.root.clone(), f.site.join("content/..")] {
            let error = check(&holder, &f.site).unwrap_err();
            assert!(
                matches!(error, WriteError::HoldsSite(_)),
                "{holder:?}: {error:?}"
            );
        }
    }

    #[test]
    fn a_file_is_refused() {
        let f = folders();
        let file = f.root.join("notes.txt");
        fs::write(&file, "keep me").unwrap();
        assert!(matches!(
            check(&file, &f.site),
            Err(WriteError::NotAFolder(_))
        ));
    }

    #[test]
    fn a_link_is_followed_to_its_target() {
        let f = folders();
        let served = f.root.join("srv/www");
        fs::create_dir_all(&served).unwrap();
        let link = f.root.join("public-link");
        std::os::unix::fs::symlink(&served, &link).unwrap();
        let target = check(&link, &f.site).unwrap();
        assert_eq!(target.dir, served);
        assert_eq!(target.given, link);

        // A link into the site is judged by where it leads.
        let sneaky = f.root.join("sneaky");
        std::os::unix::fs::symlink(f.site.join("content"), &sneaky).unwrap();
        assert!(matches!(
            check(&sneaky, &f.site),
            Err(WriteError::InsideSite(_))
        ));

        let dangling = f.root.join("dangling");
        std::os::unix::fs::symlink(f.root.join("missing"), &dangling).unwrap();
        assert!(matches!(
            check(&dangling, &f.site),
            Err(WriteError::DanglingLink(_))
        ));
    }
}
