//! The output folder: the only part of tafel that writes it.
//!
//! All output is listed in an [`OutputTree`] (rendered bytes, files to copy, or files already
//! written to the staging folder), which catches two producers claiming one path before the
//! output folder changes. [`target`] decides,
//! before anything is rendered, whether the folder may be replaced at all; [`atomic`] writes the
//! tree next to it and swaps it in, so a failed build leaves the previous output exactly as it
//! was.

// The only module that writes the output folder (clippy.toml lists the calls).
#![allow(clippy::disallowed_methods)]

pub(crate) mod atomic;
mod reuse;
pub(crate) mod target;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};

pub(crate) use atomic::{Leftover, LeftoverKind, Stage};
pub(crate) use target::{MARKER, check};

/// What goes into one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content {
    /// Bytes to write when the output is put in place (the tests' trees; a build writes its
    /// files as they are rendered, [`Content::Staged`]).
    #[cfg(test)]
    Bytes(Vec<u8>),
    /// A file copied as it is.
    Copy(PathBuf),
    /// Written into the staging folder already ([`atomic::Stage::put`]), or, for a check that
    /// writes nothing, nowhere.
    Staged,
}

/// Who produced an output file, for collision reports. The two kinds a large site has
/// thousands of are named by kind: the file's path says the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A file the render stage wrote.
    Rendered,
    /// A file of the search index.
    SearchIndex,
    /// Anything else, in words (`the static file \`static/x.css\``).
    Other(String),
}

impl Origin {
    /// The producer of the file at `path`, in words.
    fn describe(&self, path: &str) -> String {
        match self {
            Origin::Rendered => format!("the rendered `{path}`"),
            Origin::SearchIndex => format!("the search index's `{path}`"),
            Origin::Other(what) => what.clone(),
        }
    }
}

/// Every file of the site to be, by path below the output folder.
#[derive(Debug, Default)]
pub(crate) struct OutputTree {
    files: BTreeMap<String, (Content, Origin)>,
}

impl OutputTree {
    /// An empty tree.
    pub(crate) fn new() -> OutputTree {
        OutputTree::default()
    }

    /// Adds a file; a path that is already taken is an error naming both producers.
    pub(crate) fn insert(
        &mut self,
        path: String,
        content: Content,
        origin: Origin,
    ) -> Result<(), Diagnostic> {
        if let Some((_, existing)) = self.files.get(&path) {
            return Err(Diagnostic::new(
                Code::OutputPathTaken,
                format!(
                    "two outputs for `{path}`: {} and {}",
                    existing.describe(&path),
                    origin.describe(&path)
                ),
            )
            .with_help("rename one of them or change its URL"));
        }
        self.files.insert(path, (content, origin));
        Ok(())
    }

    /// The number of files.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Every path, in order.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Every file, in parallel.
    fn par_files(&self) -> impl ParallelIterator<Item = (&str, &Content)> {
        self.files
            .par_iter()
            .map(|(path, (content, _))| (path.as_str(), content))
    }
}

/// Why the output could not be written. In every case the previous output is as it was, except
/// [`WriteError::PreviousMoved`], which says where it went.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder is the site folder or one of its parents.
    #[error("refusing to write the site into `{}`, which holds the site itself", .0.display())]
    HoldsSite(PathBuf),
    /// The output folder lies inside the site, where only `public/` may be the output.
    #[error("refusing to write the site into `{}`, which is inside the site", .0.display())]
    InsideSite(PathBuf),
    /// The output path is a file (or something else that is not a folder).
    #[error("refusing to replace `{}`: it is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// The output folder holds files that tafel did not write.
    #[error("refusing to replace `{}`: it holds files tafel did not write ({})", out.display(), listing(entries))]
    NotOurs {
        /// The output folder as given.
        out: PathBuf,
        /// Its entries, sorted.
        entries: Vec<String>,
    },
    /// The output path is a symbolic link whose target does not exist.
    #[error("refusing to write through `{}`: the symbolic link leads nowhere", .0.display())]
    DanglingLink(PathBuf),
    /// Both renames of the fallback swap failed: the previous output is no longer in place.
    #[error(
        "cannot move the new output into `{}` ({source}), nor the previous one back; it is in `{}`",
        out.display(),
        previous.display()
    )]
    PreviousMoved {
        /// The output folder as given.
        out: PathBuf,
        /// Where the previous output is now.
        previous: PathBuf,
        /// Why the new output could not be moved in.
        source: io::Error,
    },
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

impl WriteError {
    /// The kind of problem.
    pub(crate) fn code(&self) -> Code {
        match self {
            WriteError::HoldsSite(_) | WriteError::InsideSite(_) => Code::OutputOverlapsSite,
            WriteError::NotAFolder(_) => Code::OutputNotAFolder,
            WriteError::NotOurs { .. } => Code::OutputNotOurs,
            WriteError::DanglingLink(_) => Code::OutputDanglingLink,
            WriteError::PreviousMoved { .. } => Code::PreviousOutputMoved,
            WriteError::Io { .. } => Code::WriteFailed,
        }
    }

    fn io(action: &'static str, path: &Path, source: io::Error) -> WriteError {
        WriteError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }
}

/// The first few entries of a folder, for a message.
fn listing(entries: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = entries
        .iter()
        .take(SHOWN)
        .map(|entry| format!("`{entry}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if entries.len() > SHOWN {
        text.push_str(&format!(" and {} more", entries.len() - SHOWN));
    }
    text
}

impl From<WriteError> for Diagnostic {
    fn from(error: WriteError) -> Diagnostic {
        let help = match &error {
            WriteError::HoldsSite(_) | WriteError::InsideSite(_) => {
                "write to the site's `public/` (the default) or to a folder outside the site"
                    .to_owned()
            }
            WriteError::NotOurs { .. } => format!(
                "a build replaces its output folder completely, so tafel writes only into a new \
                 or empty folder, or one it wrote before (it holds `{MARKER}`); name another \
                 folder with --out, or empty this one first"
            ),
            WriteError::NotAFolder(_) => "name a folder with --out".to_owned(),
            WriteError::DanglingLink(_) => {
                "create the folder the link points to, or remove the link".to_owned()
            }
            WriteError::PreviousMoved { .. } => {
                "move that folder back by hand, then build again".to_owned()
            }
            WriteError::Io { .. } => {
                "check that the folder is writable and the disk is not full".to_owned()
            }
        };
        Diagnostic::new(error.code(), error.to_string()).with_help(help)
    }
}

impl From<Leftover> for Diagnostic {
    fn from(leftover: Leftover) -> Diagnostic {
        let what = match leftover.what {
            LeftoverKind::Previous => "the previous output",
            LeftoverKind::Abandoned => "a folder an earlier build of this output left",
        };
        Diagnostic::new(
            Code::LeftoverNotRemoved,
            format!(
                "the new output is in place, but {what} could not be removed: `{}`: {}",
                leftover.path.display(),
                leftover.source
            ),
        )
        .with_help("delete that folder by hand; the next build tries again")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_name_both_producers() {
        let mut tree = OutputTree::new();
        tree.insert(
            "de/index.html".into(),
            Content::Bytes(Vec::new()),
            Origin::Rendered,
        )
        .unwrap();
        let error = tree
            .insert(
                "de/index.html".into(),
                Content::Bytes(Vec::new()),
                Origin::Other("the alias `de/old/` of `de/`".into()),
            )
            .unwrap_err();
        assert_eq!(error.code, Code::OutputPathTaken);
        assert_eq!(
            error.message,
            "two outputs for `de/index.html`: the rendered `de/index.html` and the alias `de/old/` of `de/`"
        );
    }

    #[test]
    fn a_refusal_lists_a_few_entries() {
        let entries: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).into();
        assert_eq!(listing(&entries), "`a`, `b`, `c` and 2 more");
        assert_eq!(listing(&entries[..1]), "`a`");
    }
}
