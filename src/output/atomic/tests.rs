use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::output::{Origin, target};

fn tree(files: &[(&str, &str)]) -> OutputTree {
    let mut tree = OutputTree::new();
    for (path, text) in files {
        tree.insert(
            (*path).to_owned(),
            Content::Bytes(text.as_bytes().to_vec()),
            Origin::Other("test".into()),
        )
        .unwrap();
    }
    tree
}

struct Folders {
    _dir: tempfile::TempDir,
    root: PathBuf,
    site: PathBuf,
    out: PathBuf,
}

fn folders() -> Folders {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    let site = root.join("site");
    fs::create_dir(&site).unwrap();
    Folders {
        out: root.join("public"),
        _dir: dir,
        root,
        site,
    }
}

impl Folders {
    fn write(&self, tree: &OutputTree) -> Result<Vec<Leftover>, WriteError> {
        write(tree, &target::check(&self.out, &self.site)?)
    }

    /// The names in the folder that holds the output, once the removal of a previous output
    /// (in a child process) has ended, or after ten seconds.
    fn entries(&self) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let mut names: Vec<String> = fs::read_dir(&self.root)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            if !names.iter().any(|name| name.contains(".tafel-"))
                || std::time::Instant::now() > deadline
            {
                return names;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn replaces_previous_output_completely_and_marks_it() {
    let f = folders();
    f.write(&tree(&[("a/index.html", "one"), ("stale.txt", "x")]))
        .unwrap();
    let leftovers = f.write(&tree(&[("a/index.html", "two")])).unwrap();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(
        fs::read_to_string(f.out.join("a/index.html")).unwrap(),
        "two"
    );
    assert!(!f.out.join("stale.txt").exists());
    assert_eq!(fs::read_to_string(f.out.join(MARKER)).unwrap(), MARKER_TEXT);
    assert_eq!(f.entries(), ["public", "site"]);
}

#[test]
fn a_failed_write_leaves_the_previous_output() {
    let f = folders();
    f.write(&tree(&[("index.html", "old")])).unwrap();
    let mut broken = tree(&[("index.html", "new")]);
    broken
        .insert(
            "logo.png".into(),
            Content::Copy(f.root.join("missing.png")),
            Origin::Other("static".into()),
        )
        .unwrap();
    assert!(matches!(f.write(&broken), Err(WriteError::Io { .. })));
    assert_eq!(fs::read_to_string(f.out.join("index.html")).unwrap(), "old");
    assert_eq!(f.entries(), ["public", "site"]);
}

#[test]
fn a_folder_filled_by_someone_else_meanwhile_is_not_replaced() {
    let f = folders();
    let target = target::check(&f.out, &f.site).unwrap();
    fs::create_dir(&f.out).unwrap();
    fs::write(f.out.join("thesis.tex"), "years of work").unwrap();
    let error = write(&tree(&[("index.html", "site")]), &target).unwrap_err();
    assert!(matches!(error, WriteError::NotOurs { .. }), "{error:?}");
    assert_eq!(
        fs::read_to_string(f.out.join("thesis.tex")).unwrap(),
        "years of work"
    );
    assert_eq!(f.entries(), ["public", "site"]);
}

/// A staging folder as a build of process `pid` leaves it.
fn staging_of(f: &Folders, pid: u32) -> PathBuf {
    let path = f.root.join(format!(".public.tafel-new-{pid}"));
    fs::create_dir_all(path.join("en")).unwrap();
    fs::write(path.join("en/index.html"), "half").unwrap();
    path
}

#[test]
fn the_staging_folder_of_a_dead_build_is_removed() {
    let f = folders();
    let abandoned = staging_of(&f, dead_pid());
    let aside = f.root.join(format!(".public.tafel-old-{}", dead_pid()));
    fs::create_dir(&aside).unwrap();
    let leftovers = f.write(&tree(&[("index.html", "x")])).unwrap();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(!abandoned.exists() && !aside.exists());
    assert_eq!(f.entries(), ["public", "site"]);
}

#[test]
fn a_locked_or_living_build_keeps_its_staging_folder() {
    let f = folders();
    let locked = staging_of(&f, dead_pid());
    let lock = File::open(&locked).unwrap();
    lock.lock().unwrap();
    // Process 1 always exists.
    let living = staging_of(&f, 1);
    // Another output's staging folder is none of this build's business.
    let other = f.root.join(format!(".public2.tafel-new-{}", dead_pid()));
    fs::create_dir(&other).unwrap();
    f.write(&tree(&[("index.html", "x")])).unwrap();
    assert!(locked.join("en/index.html").exists());
    assert!(living.join("en/index.html").exists());
    assert!(other.exists());
    drop(lock);
}

#[test]
fn staging_names_are_recognised_exactly() {
    assert_eq!(abandoned_pid(".public.tafel-new-42", "public"), Some(42));
    assert_eq!(abandoned_pid(".public.tafel-old-7", "public"), Some(7));
    for other in [
        ".public.tafel-new-",
        ".public.tafel-new-4x",
        ".public.tafel-new--4",
        ".public2.tafel-new-4",
        "public.tafel-new-4",
        ".public.tafel-tmp-4",
    ] {
        assert_eq!(abandoned_pid(other, "public"), None, "{other}");
    }
}

#[test]
fn a_new_output_gets_its_parent_folders() {
    let f = folders();
    let out = f.root.join("deploy/docs/public");
    write(
        &tree(&[("index.html", "x")]),
        &target::check(&out, &f.site).unwrap(),
    )
    .unwrap();
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "x");
    assert!(Path::new(&out.join(MARKER)).is_file());
}
