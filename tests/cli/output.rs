//! What `--out` may replace, and what a build leaves behind: refusals before anything changes,
//! exit codes that tell the truth, no staging folders after a killed build, concurrent builds,
//! and a symbolic link written through.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::util::{Run, SiteTest, missing_tool};

fn small_site() -> SiteTest {
    let site = SiteTest::new();
    site.write("content/_index.de.md", "---\ntitle: Start\n---\nHallo\n")
        .write("content/_index.en.md", "---\ntitle: Home\n---\nHello\n")
        .write("data/facts.yaml", "answer: 42\n");
    site
}

/// Every file below `dir` with its bytes, sorted (empty when `dir` does not exist).
fn tree_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if dir.exists() {
        for entry in walk(dir) {
            let relative = entry.strip_prefix(dir).unwrap().display().to_string();
            files.push((relative, fs::read(&entry).unwrap()));
        }
    }
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Names in `dir` of a build's staging folders, or of a previous output being removed.
fn staging_names(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tafel-"))
        .collect()
}

/// What `read` gives once `done` holds of it, or after ten seconds: the removal of a previous
/// output runs in a child process that the build does not wait for.
fn settled<T>(read: impl Fn() -> T, done: impl Fn(&T) -> bool) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let value = read();
        if done(&value) || std::time::Instant::now() > deadline {
            return value;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// [`staging_names`] once no removal of a previous output is under way, or after ten seconds.
fn staging_leftovers(dir: &Path) -> Vec<String> {
    settled(|| staging_names(dir), Vec::is_empty)
}

fn build_into(site: &SiteTest, out: &Path) -> Run {
    site.run(&["build", "--out", out.to_str().unwrap()])
}

/// Asserts a refusal with the error `code` (`E1001`) and its help.
fn assert_refused(run: &Run, code: &str) {
    run.expect_code(2);
    assert!(
        run.stderr.contains(&format!("error[{code}]: ")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
}

#[test]
fn folders_of_the_site_are_refused_before_anything_changes() {
    let site = small_site();
    for folder in [
        "content",
        "data",
        "themes",
        "content/guide",
        "themes/default/static",
    ] {
        let before = tree_of(site.root());
        let run = build_into(&site, &site.root().join(folder));
        assert_refused(&run, "E1001");
        assert!(
            run.stderr.contains("which is inside the site"),
            "{}",
            run.stderr
        );
        assert_eq!(
            before,
            tree_of(site.root()),
            "--out {folder} changed the site"
        );
    }
    // Parents of the site are refused too (unit tests in `output::target`; here a parent would
    // be the system's temporary folder, too much to risk on a regression).
    let run = build_into(&site, site.root());
    assert_refused(&run, "E1001");
    assert!(
        run.stderr.contains("which holds the site itself"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
}

#[test]
fn a_folder_with_unrelated_files_is_refused() {
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let documents = elsewhere.path().join("Documents");
    fs::create_dir_all(documents.join("photos")).unwrap();
    fs::write(documents.join("taxes.pdf"), "keep").unwrap();
    let run = build_into(&site, &documents);
    assert_refused(&run, "E1003");
    // The message lists what is in the folder, so the user sees what would have been lost.
    assert!(
        run.stderr
            .contains("it holds files tafel did not write (`photos`, `taxes.pdf`)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(".tafel-output"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(documents.join("taxes.pdf")).unwrap(),
        "keep"
    );
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 1);

    // The site's own public/ follows the same rule.
    site.write("public/notes.txt", "mine");
    assert_refused(&site.run(&["build"]), "E1003");
    assert_eq!(site.read_source("public/notes.txt"), "mine");
}

#[test]
fn a_regular_file_is_refused() {
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("public");
    fs::write(&file, "not a folder").unwrap();
    let run = build_into(&site, &file);
    assert_refused(&run, "E1002");
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
    assert!(staging_leftovers(elsewhere.path()).is_empty());
}

#[test]
fn an_empty_or_new_folder_is_written_and_then_rebuilt() {
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let empty = elsewhere.path().join("empty");
    fs::create_dir(&empty).unwrap();
    build_into(&site, &empty).expect_code(0);
    assert!(empty.join("de/index.html").is_file());
    assert!(empty.join(".tafel-output").is_file());
    build_into(&site, &empty).expect_code(0);
    let new = elsewhere.path().join("deploy/docs");
    build_into(&site, &new).expect_code(0);
    assert_eq!(tree_of(&empty), tree_of(&new));
    assert_eq!(staging_leftovers(elsewhere.path()), Vec::<String>::new());
}

#[test]
fn a_rebuild_keeps_the_files_that_did_not_change_and_replaces_the_others() {
    use std::os::unix::fs::MetadataExt;
    let site = small_site();
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.build();
    let public = site.public();
    // The file itself and its time: a kept file is the same file, untouched.
    let identity = |path: &str| {
        let metadata = fs::metadata(public.join(path)).unwrap();
        (metadata.ino(), metadata.mtime(), metadata.mtime_nsec())
    };
    let before: Vec<_> = ["de/index.html", "en/index.html", "logo.svg"]
        .map(identity)
        .into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write(
        "content/_index.en.md",
        "---\ntitle: Home\n---\nHello again\n",
    );
    site.build();
    assert!(staging_leftovers(site.root()).is_empty());
    assert_eq!(identity("de/index.html"), before[0]);
    assert_eq!(identity("logo.svg"), before[2]);
    assert_ne!(identity("en/index.html"), before[1]);
    assert!(
        fs::read_to_string(public.join("en/index.html"))
            .unwrap()
            .contains("Hello again")
    );
    // Once the previous output is gone, the kept files belong to the new one alone.
    assert_eq!(
        fs::metadata(public.join("de/index.html")).unwrap().nlink(),
        1
    );
    // And the output is what a build into a new folder writes.
    let elsewhere = tempfile::tempdir().unwrap();
    let fresh = elsewhere.path().join("fresh");
    build_into(&site, &fresh).expect_code(0);
    assert_eq!(tree_of(&public), tree_of(&fresh));
}

#[test]
fn a_symbolic_link_is_written_through() {
    let site = small_site();
    let served = tempfile::tempdir().unwrap();
    let www = served.path().join("www");
    fs::create_dir(&www).unwrap();
    std::os::unix::fs::symlink(&www, site.public()).unwrap();
    site.build();
    site.write(
        "content/_index.en.md",
        "---\ntitle: Home\n---\nHello again\n",
    );
    site.build();
    assert!(
        fs::symlink_metadata(site.public())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(site.public()).unwrap(), www);
    assert!(
        fs::read_to_string(www.join("en/index.html"))
            .unwrap()
            .contains("Hello again")
    );
    assert!(staging_leftovers(served.path()).is_empty());
    assert!(staging_leftovers(site.root()).is_empty());

    // A link that leads nowhere is not followed into a new folder.
    fs::remove_file(site.public()).unwrap();
    std::os::unix::fs::symlink(served.path().join("gone"), site.public()).unwrap();
    assert_refused(&site.run(&["build"]), "E1004");
    assert!(!served.path().join("gone").exists());
}

/// Makes `file` impossible to delete: `chattr +i` as root (who may delete anything else), a
/// read-only folder otherwise. Returns whether it worked.
fn protect(file: &Path, on: bool) -> bool {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    if root {
        Command::new("chattr")
            .arg(if on { "+i" } else { "-i" })
            .arg(file)
            .status()
            .is_ok_and(|status| status.success())
    } else {
        use std::os::unix::fs::PermissionsExt;
        let mode = if on { 0o555 } else { 0o755 };
        fs::set_permissions(file.parent().unwrap(), fs::Permissions::from_mode(mode)).is_ok()
    }
}

#[test]
fn a_previous_output_that_cannot_be_removed_is_a_warning_not_a_failure() {
    let site = small_site();
    site.build();
    let stuck = site.public().join("de/index.html");
    if !protect(&stuck, true) {
        missing_tool("cannot make a file undeletable here (chattr +i, or a read-only folder)");
        return;
    }
    site.write("content/_index.de.md", "---\ntitle: Start\n---\nNeu\n");
    // The build puts the new output in place and leaves the removal of the previous one to a
    // child process, which fails on the protected file and leaves it in a staging folder.
    let replacing = site.run(&["build", "--strict"]);
    let leftover = staging_names(site.root());
    let removal_ended = leftover.len() == 1 && {
        let folder = site.root().join(&leftover[0]);
        let only_stuck = [folder.join("de/index.html")];
        settled(|| walk(&folder), |files| files == &only_stuck) == only_stuck
    };
    // The next build tries again, and says what it could not remove.
    let next = site.run(&["build", "--strict"]);
    // Once the removal of the output that build replaced has ended.
    let still = settled(|| staging_names(site.root()), |names| names == &leftover);
    // Unprotect first, so a failed assertion does not leave an undeletable temporary folder.
    for name in leftover.iter().chain(&still) {
        protect(&site.root().join(name).join("de/index.html"), false);
    }
    protect(&stuck, false);
    replacing.expect_code(0);
    assert!(
        !replacing.stderr.contains("warning"),
        "{}",
        replacing.stderr
    );
    assert!(removal_ended, "{leftover:?}");
    next.expect_code(0);
    assert!(site.output("de/index.html").contains("Neu"));
    assert_eq!(still, leftover);
    assert!(next.stderr.contains("warning[W1010]: "), "{}", next.stderr);
    assert!(next.stderr.contains(&leftover[0]), "{}", next.stderr);
    assert!(next.stderr.contains("1 warning"), "{}", next.stderr);

    // Once it can be removed, the next build does.
    site.build();
    assert!(staging_leftovers(site.root()).is_empty());
}

/// A site whose write takes long enough to interrupt: many static files.
fn large_site() -> SiteTest {
    let site = small_site();
    for index in 0..4000 {
        site.write(
            &format!("static/files/{index:04}.txt"),
            "some bytes of a file\n",
        );
    }
    site
}

fn spawn_build(site: &SiteTest) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tafel"))
        .args(["build", "--site"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tafel")
}

#[test]
fn a_killed_build_leaves_the_output_and_the_next_build_cleans_up() {
    use std::os::unix::process::ExitStatusExt;
    let site = large_site();
    site.build();
    let before = site.output_tree();
    site.write("content/_index.de.md", "---\ntitle: Start\n---\nGeändert\n");

    let mut child = spawn_build(&site);
    let started = std::time::Instant::now();
    while staging_names(site.root()).is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed"
        );
        assert!(
            started.elapsed().as_secs() < 120,
            "no staging folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "{status:?}");
    assert_eq!(staging_names(site.root()).len(), 1);
    assert_eq!(before, site.output_tree());

    site.build();
    assert!(site.output("de/index.html").contains("Geändert"));
    assert!(staging_leftovers(site.root()).is_empty());
}

#[test]
fn concurrent_builds_of_one_output_all_succeed() {
    let site = large_site();
    let reference = tempfile::tempdir().unwrap();
    let reference = reference.path().join("out");
    build_into(&site, &reference).expect_code(0);
    // The first round starts without an output folder, the later ones replace it.
    for round in 0..3 {
        let builds: Vec<Child> = (0..3).map(|_| spawn_build(&site)).collect();
        for build in builds {
            let output = build.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert_eq!(tree_of(&reference), site.output_tree(), "round {round}");
        assert!(staging_leftovers(site.root()).is_empty(), "round {round}");
    }
}

#[test]
fn a_build_that_fails_after_writing_its_pages_leaves_no_trace() {
    // Pages go into the staging folder as they are rendered; a broken link found after all of
    // them were written fails a strict build, which must leave the output as it was.
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("public");
    build_into(&site, &out).expect_code(0);
    let before = tree_of(&out);
    site.write(
        "content/_index.en.md",
        "---\ntitle: Home\n---\nHello, [nowhere](#no-such-heading).\n",
    );
    let run = site.run(&["build", "--strict", "--out", out.to_str().unwrap()]);
    run.expect_code(1);
    assert!(run.stderr.contains("W0911"), "{}", run.stderr);
    assert_eq!(tree_of(&out), before);
    assert_eq!(staging_leftovers(elsewhere.path()), Vec::<String>::new());
}
