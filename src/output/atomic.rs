//! Writing a tree so that the output folder changes in one step or not at all.
//!
//! The tree goes into a hidden staging folder next to the output (`.public.tafel-new-PID`), which
//! then trades places with the output in one `renameat2(RENAME_EXCHANGE)` (two renames where the
//! file system lacks it); the previous output, now in the staging folder, is removed last, by a
//! child process that the build does not wait for. A file the previous output holds with the
//! same bytes is linked into the staging folder rather than written again ([`Reusable`]).
//!
//! A build holds an advisory lock (`flock`) on its staging folder while it runs. A build killed
//! halfway leaves its staging folder behind; the next build of the same output removes such
//! leftovers, but only those that no live build holds: the lock must be free and the process
//! named in the folder's name must be gone.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::reuse::Reusable;
use super::target::{self, Found, MARKER, MARKER_TEXT, Target};
use super::{Content, OutputTree, WriteError};

/// Something left over after the new output was put in place.
#[derive(Debug)]
pub struct Leftover {
    /// The folder that could not be removed.
    pub path: PathBuf,
    /// What it holds.
    pub what: LeftoverKind,
    /// Why it could not be removed.
    pub source: io::Error,
}

/// What a leftover folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftoverKind {
    /// The output this build replaced.
    Previous,
    /// The staging folder of a build that did not finish, or the previous output a finished
    /// build's removal did not get rid of.
    Abandoned,
}

/// Writes `tree` into the folder `target` names, replacing what is there only once everything
/// is written. On success it returns what could not be cleaned up; on failure the previous
/// output is as it was.
#[cfg(test)]
pub(crate) fn write(tree: &OutputTree, target: &Target) -> Result<Vec<Leftover>, WriteError> {
    Stage::open(target)?.finish(tree, target)
}

/// A new output being written: files can go into its staging folder while the site is still
/// rendering, so that a large site need not be held in memory. Nothing is visible in the
/// output folder until [`Stage::finish`]; a stage dropped unfinished is removed.
pub(crate) struct Stage {
    staging: Option<Staging>,
    /// The output being replaced, whose unchanged files are reused.
    previous: Option<Reusable>,
    /// Staging folders of killed builds that could not be removed.
    leftovers: Vec<Leftover>,
}

impl Stage {
    /// Cleans up after killed builds of the same output and creates the staging folder.
    pub(crate) fn open(target: &Target) -> Result<Stage, WriteError> {
        let dir = &target.dir;
        let parent = dir
            .parent()
            .ok_or_else(|| WriteError::HoldsSite(target.given.clone()))?;
        let name = dir
            .file_name()
            .ok_or_else(|| WriteError::HoldsSite(target.given.clone()))?
            .to_string_lossy()
            .into_owned();
        fs::create_dir_all(parent).map_err(|source| WriteError::io("create", parent, source))?;
        let leftovers = remove_abandoned(parent, &name);
        Ok(Stage {
            staging: Some(Staging::create(dir)?),
            previous: Reusable::open(dir),
            leftovers,
        })
    }

    /// Writes one file below the staging folder, creating its folders; safe to call from
    /// several threads at once.
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let Some(staging) = &self.staging else {
            return Ok(());
        };
        let target = staging.path.join(path);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder)
                .map_err(|source| WriteError::io("create", folder, source))?;
        }
        if self
            .previous
            .as_ref()
            .is_some_and(|previous| previous.link(path, bytes, bytes.len() as u64, &target))
        {
            return Ok(());
        }
        fs::write(&target, bytes).map_err(|source| WriteError::io("write", &target, source))
    }

    /// Writes what `tree` holds that is not in the staging folder yet, then puts the new output
    /// in place. On success it returns what could not be cleaned up; on failure the previous
    /// output is as it was.
    pub(crate) fn finish(
        mut self,
        tree: &OutputTree,
        target: &Target,
    ) -> Result<Vec<Leftover>, WriteError> {
        let staging = self.staging.take().expect("a stage finishes once");
        let mut leftovers = std::mem::take(&mut self.leftovers);
        if let Err(error) = fill(tree, &staging.path, self.previous.as_ref()) {
            staging.discard();
            return Err(error);
        }
        match put_in_place(&staging, target) {
            Ok(previous) => {
                if let Some(previous) = previous
                    && let Err((path, source)) = previous.remove()
                {
                    leftovers.push(Leftover {
                        path,
                        what: LeftoverKind::Previous,
                        source,
                    });
                }
                Ok(leftovers)
            }
            Err(error) => {
                staging.discard();
                Err(error)
            }
        }
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(staging) = self.staging.take() {
            staging.discard();
        }
    }
}

/// A locked staging folder: `.NAME.tafel-new-PID` next to the output.
struct Staging {
    path: PathBuf,
    /// Held open for its lock until the build ends.
    _lock: File,
}

impl Staging {
    fn create(dir: &Path) -> Result<Staging, WriteError> {
        let path = staging_path(dir, "new");
        // Only a build with this process id can have left it; that process is gone.
        remove(&path).map_err(|source| WriteError::io("remove", &path, source))?;
        fs::create_dir(&path).map_err(|source| WriteError::io("create", &path, source))?;
        let lock = File::open(&path)
            .and_then(|folder| folder.lock().map(|()| folder))
            .map_err(|source| WriteError::io("lock", &path, source))?;
        Ok(Staging { path, _lock: lock })
    }

    fn discard(self) {
        let _ = remove(&self.path);
    }
}

/// The output a build replaced, waiting to be removed.
struct Previous {
    path: PathBuf,
    /// Held so that no other build takes the folder for abandoned while this one removes it.
    _lock: Option<File>,
}

impl Previous {
    /// Removes the previous output. Where it can, it leaves that to a child process that
    /// outlives the build, so that a rebuild does not wait for thousands of files to go: the
    /// child holds the folder's lock (as its standard input, which shares the lock), so no
    /// other build takes the folder for abandoned while it is being removed. Should the child
    /// fail, the folder stays under its staging name with the lock free, and the next build of
    /// this output removes it, or reports it.
    fn remove(self) -> Result<(), (PathBuf, io::Error)> {
        let Previous { path, _lock: lock } = self;
        #[cfg(unix)]
        if let Some(lock) = lock {
            let removal = std::process::Command::new("rm")
                .arg("-rf")
                .arg("--")
                .arg(&path)
                .stdin(lock)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn();
            if let Ok(mut removal) = removal {
                // Reaped when it ends, should this process still be running then (a test, or
                // another caller of the library); otherwise the system reaps it.
                let _ = std::thread::Builder::new().spawn(move || removal.wait());
                return Ok(());
            }
        }
        #[cfg(not(unix))]
        drop(lock);
        remove(&path).map_err(|source| (path, source))
    }
}

/// Swaps the filled staging folder into place. Returns the previous output, if there was one;
/// on error nothing has changed.
fn put_in_place(staging: &Staging, target: &Target) -> Result<Option<Previous>, WriteError> {
    let dir = &target.dir;
    // The folder may have changed while the site was rendered: look again.
    if target::inspect(&target.given, dir)? == Found::Nothing {
        match fs::rename(&staging.path, dir) {
            Ok(()) => return Ok(None),
            // Another build created it meanwhile: replace that one instead, if it may be.
            Err(_) if fs::symlink_metadata(dir).is_ok() => {
                target::inspect(&target.given, dir)?;
            }
            Err(source) => return Err(WriteError::io("move into place", dir, source)),
        }
    }
    // Once swapped, the previous output sits under the staging name, which a concurrent build
    // would take for abandoned if it were not locked. That build may hold the lock already.
    let lock = File::open(dir)
        .ok()
        .filter(|folder| folder.try_lock().is_ok());
    if exchange(&staging.path, dir).is_ok() {
        return Ok(Some(Previous {
            path: staging.path.clone(),
            _lock: lock,
        }));
    }
    // Two renames: move the previous output aside, then the new one in.
    let aside = staging_path(dir, "old");
    remove(&aside).map_err(|source| WriteError::io("remove", &aside, source))?;
    fs::rename(dir, &aside).map_err(|source| WriteError::io("move aside", dir, source))?;
    if let Err(source) = fs::rename(&staging.path, dir) {
        return match fs::rename(&aside, dir) {
            Ok(()) => Err(WriteError::io("move into place", dir, source)),
            Err(_) => Err(WriteError::PreviousMoved {
                out: target.given.clone(),
                previous: aside,
                source,
            }),
        };
    }
    Ok(Some(Previous {
        path: aside,
        _lock: lock,
    }))
}

/// `.NAME.tafel-KIND-PID` next to the output folder `dir`.
fn staging_path(dir: &Path, kind: &str) -> PathBuf {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    dir.with_file_name(format!(".{name}.tafel-{kind}-{}", std::process::id()))
}

/// Removes the staging folders of builds of this output that ended without cleaning up.
fn remove_abandoned(parent: &Path, name: &str) -> Vec<Leftover> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut leftovers = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = abandoned_pid(&file_name.to_string_lossy(), name) else {
            continue;
        };
        let path = entry.path();
        if pid == std::process::id()
            || !entry.file_type().is_ok_and(|kind| kind.is_dir())
            || process_is_alive(pid)
        {
            continue;
        }
        // A free lock and a dead process: nobody is writing there.
        let Ok(folder) = File::open(&path) else {
            continue;
        };
        if folder.try_lock().is_err() {
            continue;
        }
        if let Err(source) = remove(&path) {
            leftovers.push(Leftover {
                path,
                what: LeftoverKind::Abandoned,
                source,
            });
        }
    }
    leftovers
}

/// The process id in a staging folder's name `.NAME.tafel-new-PID` or `.NAME.tafel-old-PID`.
fn abandoned_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let pid = rest
        .strip_prefix(".tafel-new-")
        .or_else(|| rest.strip_prefix(".tafel-old-"))?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether a process with this id exists (zombies included). When in doubt, it does.
fn process_is_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

/// Writes every file of the tree below `root` that is not there yet, then the marker; a file
/// `previous` holds with the same bytes is linked instead.
fn fill(tree: &OutputTree, root: &Path, previous: Option<&Reusable>) -> Result<(), WriteError> {
    let folders: std::collections::BTreeSet<PathBuf> = tree
        .par_files()
        .filter(|(_, content)| !matches!(content, Content::Staged))
        .filter_map(|(path, _)| root.join(path).parent().map(Path::to_owned))
        .collect();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|source| WriteError::io("create", folder, source))?;
    }
    tree.par_files().try_for_each(|(path, content)| {
        let target = root.join(path);
        let reused = |new: &mut dyn io::Read, len: u64| {
            previous.is_some_and(|previous| previous.link(path, new, len, &target))
        };
        match content {
            #[cfg(test)]
            Content::Bytes(bytes) => {
                if reused(&mut bytes.as_slice(), bytes.len() as u64) {
                    return Ok(());
                }
                fs::write(&target, bytes).map_err(|source| WriteError::io("write", &target, source))
            }
            Content::Copy(from) => {
                if previous.is_some()
                    && let Ok(mut source) = File::open(from)
                    && let Ok(metadata) = source.metadata()
                    && reused(&mut source, metadata.len())
                {
                    return Ok(());
                }
                fs::copy(from, &target)
                    .map(|_| ())
                    .map_err(|source| WriteError::io("copy", from, source))
            }
            Content::Staged => Ok(()),
        }
    })?;
    let marker = root.join(MARKER);
    fs::write(&marker, MARKER_TEXT).map_err(|source| WriteError::io("write", &marker, source))
}

/// Removes a folder tree; one that is already gone is fine.
fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        // Another build may have removed it at the same time.
        Err(_) if fs::symlink_metadata(path).is_err() => Ok(()),
        other => other,
    }
}

/// Swaps two folders in one step where the platform allows it.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests;
