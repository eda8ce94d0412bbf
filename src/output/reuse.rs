//! The files of the output a build replaces, reused where the new output has the same bytes.
//!
//! A rebuild writes mostly what the output holds already. Where a file of the previous output
//! holds exactly what the build would write at its path, the new output gets a hard link to it
//! instead of a new file: no inode to create, no data to write back to the disk, and the
//! file keeps its modification time, so tools that compare times (rsync, HTTP caches) see only
//! what changed. Removing the previous output then frees only the files that did change.
//!
//! Only a file inside the previous output is reused: it is opened beneath that folder with no
//! symbolic link on the way (`openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`) and
//! compared through that handle, and the link, made by path, is kept only when it is that very
//! file, unchanged since it was compared (device, inode, size and modification time).
//!
//! Reuse never waits for the disk: the file is only looked up and read as far as the system
//! holds it in memory (`RESOLVE_CACHED`, `preadv2` with `RWF_NOWAIT`). Comparing a file that
//! must first be read from the disk costs more than writing it again: a rebuild of the
//! 5,000-page benchmark site right after the page cache was dropped took 1.3 times a fresh
//! build when it read every old file; with the old files in memory it takes about as long as
//! a fresh build (0.96 times, `bench/run.py`), since comparing and linking a file costs about
//! what creating and writing it does while the file system has not just freed thousands of
//! inodes. What reuse saves is the disk's work and the files' times. On tmpfs,
//! which is all memory and cannot be asked not to wait, the file is read as it is. Anything
//! else, and a system without these (Linux before 5.12, other platforms), writes the file.
//!
//! Not waiting is not the same as not reading: a `RWF_NOWAIT` read of a file the system does
//! not hold still starts reading it from the disk (the kernel's readahead) before it reports
//! that it would wait. So once [`GIVE_UP`] files in a row were not in memory, the previous
//! output is taken to be on the disk only and no further file is looked at; otherwise a
//! rebuild long after the last build read the whole previous output (207 MB of the
//! 250 MB at 5,000 pages per language) for nothing, beside writing the new one.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Files in a row not in memory after which reuse stops looking (see the module's comment).
const GIVE_UP: u32 = 64;

/// The previous output, opened for reuse ([`Reusable::open`]).
pub(super) struct Reusable {
    /// The folder, as it was opened: files are looked up beneath it.
    #[cfg(target_os = "linux")]
    folder: File,
    /// Whether the folder is on tmpfs, whose files are always in memory.
    #[cfg(target_os = "linux")]
    in_memory: bool,
    /// Its path, for making links.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    path: PathBuf,
    /// Files looked at in a row, up to now, that the system did not hold in memory.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    not_in_memory: AtomicU32,
}

impl Reusable {
    /// The output at `dir`, when there is one to reuse files of: a folder marked as tafel's.
    pub(super) fn open(dir: &Path) -> Option<Reusable> {
        let marked =
            fs::symlink_metadata(dir.join(super::MARKER)).is_ok_and(|marker| marker.is_file());
        if !marked {
            return None;
        }
        #[cfg(target_os = "linux")]
        {
            /// `f_type` of tmpfs (`statfs(2)`).
            const TMPFS_MAGIC: u64 = 0x0102_1994;
            let folder = File::open(dir).ok()?;
            let in_memory = rustix::fs::fstatfs(&folder)
                .is_ok_and(|system| system.f_type as u64 == TMPFS_MAGIC);
            Some(Reusable {
                folder,
                in_memory,
                path: dir.to_owned(),
                not_in_memory: AtomicU32::new(0),
            })
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// Links the previous output's file at `path` (below the output root) to `staged` when it
    /// holds exactly `len` bytes that `new` reads; whether it did. `staged` must not exist.
    pub(super) fn link(&self, path: &str, new: impl Read, len: u64, staged: &Path) -> bool {
        #[cfg(target_os = "linux")]
        {
            self.link_linux(path, new, len, staged)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (path, new, len, staged);
            false
        }
    }

    #[cfg(target_os = "linux")]
    fn link_linux(&self, path: &str, new: impl Read, len: u64, staged: &Path) -> bool {
        use rustix::fs::{Mode, OFlags, ResolveFlags, openat2};
        use std::os::unix::fs::MetadataExt;

        if self.not_in_memory.load(Ordering::Relaxed) >= GIVE_UP {
            return false;
        }
        let handle = match openat2(
            &self.folder,
            path,
            OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW,
            Mode::empty(),
            ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::CACHED,
        ) {
            Ok(handle) => handle,
            Err(rustix::io::Errno::AGAIN) => return self.seen(Compared::NotInMemory),
            Err(_) => return false,
        };
        let old = File::from(handle);
        let Ok(before) = old.metadata() else {
            return false;
        };
        if !before.is_file() || before.len() != len {
            return false;
        }
        let compared = match self.in_memory {
            true => compare(&old, new, len),
            false => compare(InMemory { file: &old, at: 0 }, new, len),
        };
        if !self.seen(compared) {
            return false;
        }
        if fs::hard_link(self.path.join(path), staged).is_err() {
            return false;
        }
        let same_file = fs::symlink_metadata(staged).is_ok_and(|after| {
            (
                after.dev(),
                after.ino(),
                after.len(),
                after.mtime(),
                after.mtime_nsec(),
            ) == (
                before.dev(),
                before.ino(),
                before.len(),
                before.mtime(),
                before.mtime_nsec(),
            )
        });
        if !same_file {
            // The path led elsewhere by the time it was linked, or the file was written.
            let _ = fs::remove_file(staged);
        }
        same_file
    }

    /// Counts a file looked at towards [`GIVE_UP`]; whether it holds the new bytes.
    #[cfg(target_os = "linux")]
    fn seen(&self, compared: Compared) -> bool {
        match compared {
            Compared::NotInMemory => {
                self.not_in_memory.fetch_add(1, Ordering::Relaxed);
                false
            }
            Compared::Same | Compared::Differs => {
                self.not_in_memory.store(0, Ordering::Relaxed);
                compared == Compared::Same
            }
        }
    }
}

/// What comparing a file of the previous output with the new bytes found.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Compared {
    Same,
    Differs,
    /// Reading it would have waited for the disk.
    NotInMemory,
}

/// A file read only as far as it is in memory: reading a part that would have to come from the
/// disk is an error.
#[cfg(target_os = "linux")]
struct InMemory<'a> {
    file: &'a File,
    at: u64,
}

#[cfg(target_os = "linux")]
impl Read for InMemory<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        use rustix::io::{ReadWriteFlags, preadv2};
        let read = preadv2(
            self.file,
            &mut [io::IoSliceMut::new(buffer)],
            self.at,
            ReadWriteFlags::NOWAIT,
        )?;
        self.at += read as u64;
        Ok(read)
    }
}

/// Bytes compared at a time: most output files in one read each.
const CHUNK: usize = 64 * 1024;

thread_local! {
    /// The two buffers [`compare`] reads into, kept per thread rather than made (and zeroed)
    /// for every file.
    static BUFFERS: std::cell::RefCell<(Vec<u8>, Vec<u8>)> =
        std::cell::RefCell::new((vec![0; CHUNK], vec![0; CHUNK]));
}

/// Whether `old`, whose length is `len`, reads the same bytes as `new`, and `new` ends there.
/// A file that changes its length meanwhile is caught by the caller's check afterwards.
fn compare(mut old: impl Read, mut new: impl Read, len: u64) -> Compared {
    BUFFERS.with_borrow_mut(|(old_buffer, new_buffer)| {
        let mut left = len;
        while left > 0 {
            let size = usize::try_from(left).map_or(CHUNK, |left| left.min(CHUNK));
            match read_exactly(&mut old, &mut old_buffer[..size]) {
                Ok(true) => {}
                Ok(false) => return Compared::Differs,
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                    return Compared::NotInMemory;
                }
                Err(_) => return Compared::Differs,
            }
            if !matches!(read_exactly(&mut new, &mut new_buffer[..size]), Ok(true))
                || old_buffer[..size] != new_buffer[..size]
            {
                return Compared::Differs;
            }
            left -= size as u64;
        }
        match new.read(&mut new_buffer[..1]) {
            Ok(0) => Compared::Same,
            _ => Compared::Differs,
        }
    })
}

/// Fills `buffer` from `reader`; false when it ends first.
fn read_exactly(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(false),
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(true)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    fn previous() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staged = dir.path().join("staged");
        fs::create_dir_all(out.join("en/guide")).unwrap();
        fs::create_dir(&staged).unwrap();
        fs::write(out.join(super::super::MARKER), "").unwrap();
        fs::write(out.join("en/guide/index.html"), "<p>Guide</p>").unwrap();
        (dir, out, staged)
    }

    fn link(reusable: &Reusable, path: &str, bytes: &str, staged: &Path) -> bool {
        reusable.link(path, bytes.as_bytes(), bytes.len() as u64, staged)
    }

    #[test]
    fn a_file_with_the_same_bytes_is_linked_and_any_other_is_not() {
        let (_dir, out, staged) = previous();
        let reusable = Reusable::open(&out).unwrap();
        let kept = staged.join("kept.html");
        assert!(link(
            &reusable,
            "en/guide/index.html",
            "<p>Guide</p>",
            &kept
        ));
        let old = fs::metadata(out.join("en/guide/index.html")).unwrap();
        assert_eq!(fs::metadata(&kept).unwrap().ino(), old.ino());
        assert_eq!(old.nlink(), 2);
        for (bytes, why) in [
            ("<p>Guida</p>", "same length, other bytes"),
            ("<p>Guide</p>\n", "longer"),
            ("<p>Guide", "shorter"),
            ("", "empty"),
        ] {
            let other = staged.join("other.html");
            assert!(
                !link(&reusable, "en/guide/index.html", bytes, &other),
                "{why}"
            );
            assert!(!other.exists(), "{why}");
        }
        // A copied file that grew after its length was taken.
        let grown = staged.join("grown.html");
        assert!(!reusable.link("en/guide/index.html", &b"<p>Guide</p>!"[..], 12, &grown));
        assert!(!grown.exists());
        assert!(!link(
            &reusable,
            "en/gone/index.html",
            "",
            &staged.join("gone.html")
        ));
        assert!(!link(
            &reusable,
            "en/guide",
            "",
            &staged.join("folder.html")
        ));
    }

    #[test]
    fn files_larger_than_the_buffer_are_compared_to_their_ends() {
        let (_dir, out, staged) = previous();
        let text: String = (0..2 * CHUNK + 1000)
            .map(|n| char::from(b'a' + (n % 26) as u8))
            .collect();
        fs::write(out.join("big.txt"), &text).unwrap();
        let reusable = Reusable::open(&out).unwrap();
        let mut changed = text.clone().into_bytes();
        let last = changed.len() - 1;
        changed[last] = b'!';
        let changed = String::from_utf8(changed).unwrap();
        assert!(!link(&reusable, "big.txt", &changed, &staged.join("a")));
        assert!(link(&reusable, "big.txt", &text, &staged.join("b")));
    }

    /// Drops `files` from the page cache; an error says why it could not. Files still there
    /// are asked again (a page can sit in another processor's batch for a moment), as often as
    /// `fincore` (util-linux), which looks without reading, finds one.
    fn evict(files: &[PathBuf]) -> Result<(), String> {
        for _ in 0..100 {
            let output = std::process::Command::new("fincore")
                .args(["--noheadings", "--bytes", "--output", "RES"])
                .args(files)
                .output()
                .map_err(|error| format!("fincore (util-linux) could not run: {error}"))?;
            let resident: Vec<&PathBuf> = String::from_utf8_lossy(&output.stdout)
                .lines()
                .zip(files)
                .filter(|(bytes, _)| bytes.trim() != "0")
                .map(|(_, file)| file)
                .collect();
            if output.status.success() && resident.is_empty() {
                return Ok(());
            }
            for file in resident {
                let file = File::open(file).map_err(|error| error.to_string())?;
                file.sync_all().map_err(|error| error.to_string())?;
                rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed)
                    .map_err(|error| error.to_string())?;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        Err("the files stayed in memory".to_owned())
    }

    #[test]
    fn files_on_the_disk_only_are_counted_rather_than_read() {
        let (_dir, out, staged) = previous();
        // Fewer than give up, so that each is looked at.
        let on_disk: Vec<String> = (1..GIVE_UP).map(|n| format!("on-disk-{n}.html")).collect();
        for name in &on_disk {
            fs::write(out.join(name), name).unwrap();
        }
        let reusable = Reusable::open(&out).unwrap();
        let evicted = match reusable.in_memory {
            true => Err("the temporary folder is on tmpfs, whose files cannot leave memory".into()),
            false => evict(
                &on_disk
                    .iter()
                    .map(|name| out.join(name))
                    .collect::<Vec<_>>(),
            ),
        };
        if let Err(what) = evicted {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{what}, and CI=true requires this test to run"
            );
            eprintln!("skipping: {what}");
            return;
        }
        let mut counted = 0;
        for (n, name) in on_disk.iter().enumerate() {
            let before = reusable.not_in_memory.load(Ordering::Relaxed);
            let linked = link(&reusable, name, name, &staged.join(format!("{n}")));
            let after = reusable.not_in_memory.load(Ordering::Relaxed);
            // Asking for a file not in memory starts reading it; on a fast disk the read can
            // be done before the answer, and the file is then compared and linked as usual.
            assert!(linked != (after == before + 1), "{name}: linked or counted");
            counted += usize::from(after == before + 1);
        }
        assert!(
            counted > on_disk.len() / 2,
            "only {counted} of {} files were found not in memory",
            on_disk.len()
        );
    }

    #[test]
    fn after_a_run_of_files_not_in_memory_no_file_is_looked_at() {
        let (_dir, out, staged) = previous();
        let reusable = Reusable::open(&out).unwrap();
        let guide = |name: &str| {
            link(
                &reusable,
                "en/guide/index.html",
                "<p>Guide</p>",
                &staged.join(name),
            )
        };
        for _ in 1..GIVE_UP {
            assert!(!reusable.seen(Compared::NotInMemory));
        }
        // A file in memory ends the run, so the next ones are still looked at.
        assert!(guide("guide"));
        assert_eq!(reusable.not_in_memory.load(Ordering::Relaxed), 0);
        for _ in 0..GIVE_UP {
            assert!(!reusable.seen(Compared::NotInMemory));
        }
        // Given up: even a file in memory with the same bytes is written rather than linked.
        assert!(!guide("guide again"));
        assert_eq!(
            fs::read_dir(&staged).unwrap().count(),
            1,
            "only the first was linked"
        );
    }

    #[test]
    fn nothing_is_reused_through_a_symbolic_link_or_from_an_unmarked_folder() {
        let (dir, out, staged) = previous();
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::write(elsewhere.join("index.html"), "<p>Guide</p>").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("de")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("index.html"), out.join("en/index.html"))
            .unwrap();
        let reusable = Reusable::open(&out).unwrap();
        assert!(!link(
            &reusable,
            "de/index.html",
            "<p>Guide</p>",
            &staged.join("a")
        ));
        assert!(!link(
            &reusable,
            "en/index.html",
            "<p>Guide</p>",
            &staged.join("b")
        ));
        assert!(!link(
            &reusable,
            "../elsewhere/index.html",
            "<p>Guide</p>",
            &staged.join("c")
        ));
        assert_eq!(fs::read_dir(&staged).unwrap().count(), 0);
        fs::remove_file(out.join(super::super::MARKER)).unwrap();
        assert!(Reusable::open(&out).is_none());
    }
}
