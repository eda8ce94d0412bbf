//! `SiteTest`: a site in a temporary folder, the `tafel` binary run on it, and its output.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where the example site and the default theme live.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A throw-away site.
pub(crate) struct SiteTest {
    dir: tempfile::TempDir,
}

/// What one run of the binary produced.
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the full output unless the run exited with `code`.
    pub(crate) fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl SiteTest {
    /// An empty site with the default theme and a two-language `site.yaml` (de default, en).
    pub(crate) fn new() -> SiteTest {
        let test = SiteTest {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        copy_dir(
            &repo().join("themes/default"),
            &test.root().join("themes/default"),
        );
        test.write(
            "site.yaml",
            "base-url: https://docs.example.org/\ndefault-language: de\nlanguages:\n  - { code: de, name: Deutsch, title: Testseite }\n  - { code: en, name: English, title: Test site }\n",
        );
        test
    }

    /// A copy of the site in `tests/fixtures/NAME/`, with the default theme.
    pub(crate) fn fixture(name: &str) -> SiteTest {
        let test = SiteTest {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        copy_dir(&repo().join("tests/fixtures").join(name), test.root());
        copy_dir(
            &repo().join("themes/default"),
            &test.root().join("themes/default"),
        );
        test
    }

    /// A copy of the repository's example site.
    pub(crate) fn example() -> SiteTest {
        let test = SiteTest {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        for entry in ["content", "data", "i18n", "shortcodes", "themes"] {
            let from = repo().join(entry);
            if from.exists() {
                copy_dir(&from, &test.root().join(entry));
            }
        }
        fs::copy(repo().join("site.yaml"), test.root().join("site.yaml")).expect("copy site.yaml");
        test
    }

    /// The site folder.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file below the site folder, creating folders as needed.
    pub(crate) fn write(&self, relative: &str, text: &str) -> &SiteTest {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().expect("files have a parent")).expect("create folder");
        fs::write(&path, text).expect("write file");
        self
    }

    /// Removes a file below the site folder.
    pub(crate) fn remove(&self, relative: &str) -> &SiteTest {
        fs::remove_file(self.root().join(relative)).expect("remove file");
        self
    }

    /// Reads a file of the site folder.
    pub(crate) fn read_source(&self, relative: &str) -> String {
        fs::read_to_string(self.root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Runs `tafel ARGS --site ROOT` (the site flag is added for subcommands that read a site).
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.extend([OsStr::new("--site"), self.root().as_os_str()]);
        tafel(&all)
    }

    /// `tafel build`, expecting success.
    pub(crate) fn build(&self) -> Run {
        let run = self.run(&["build"]);
        run.expect_code(0);
        run
    }

    /// The output folder.
    pub(crate) fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Reads an output file.
    pub(crate) fn output(&self, relative: &str) -> String {
        fs::read_to_string(self.public().join(relative))
            .unwrap_or_else(|e| panic!("public/{relative}: {e}"))
    }

    /// Every output file with its bytes, sorted by path.
    pub(crate) fn output_tree(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        collect(&self.public(), &self.public(), &mut files);
        files.sort();
        files
    }
}

/// Runs `tafel ARGS`, without colours.
pub(crate) fn tafel(args: &[&OsStr]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_tafel"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tafel");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Whether a test whose tool is missing fails instead of skipping: under CI (`CI=true`), where
/// `.ci/run` installs every tool, a missing one is a broken setup that must not pass as green.
pub(crate) fn tools_required() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// Reports that a test cannot run because `what` is missing here: a notice on a developer's
/// machine, a failure under CI.
pub(crate) fn missing_tool(what: &str) {
    assert!(!tools_required(), "{what}, and CI=true requires every tool");
    eprintln!("skipping: {what}");
}

/// The diagnostics printed to `stderr`, one text each: from its `error[…]` or `warning[…]` line
/// to the next one.
pub(crate) fn reports(stderr: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in stderr.split_inclusive('\n') {
        if line.starts_with("error[") || line.starts_with("warning[") {
            starts.push(offset);
        }
        offset += line.len();
    }
    let ends = starts.iter().skip(1).copied().chain([stderr.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| &stderr[start..end])
        .collect()
}

/// The first diagnostic in `stderr` whose first line starts with `title` (`error[E0401]`, or more
/// of the line); panics when there is none.
#[track_caller]
pub(crate) fn report<'a>(stderr: &'a str, title: &str) -> &'a str {
    reports(stderr)
        .into_iter()
        .find(|report| report.starts_with(title))
        .unwrap_or_else(|| panic!("no `{title}`:\n{stderr}"))
}

/// Asserts that `stderr` has a diagnostic whose first line starts with `title` (`error[E0401]`,
/// or more of the line) and whose primary location starts with `location`
/// (`content/a.en.md:6:5`).
#[track_caller]
pub(crate) fn assert_reported(stderr: &str, title: &str, location: &str) {
    let arrow = format!("--> {location}");
    let found = reports(stderr).iter().any(|report| {
        report.starts_with(title)
            && report
                .lines()
                .any(|line| line.trim_start().starts_with(&arrow))
    });
    assert!(found, "no `{title}` at `{location}`:\n{stderr}");
}

/// The `<main>` element of a page, where the page's own content is.
pub(crate) fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>");
    &html[start..end]
}

/// Text with tags removed and whitespace collapsed, for checking what a reader sees.
pub(crate) fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for character in html.chars() {
        match character {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    for entry in fs::read_dir(dir).expect("read output folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let relative = path
                .strip_prefix(root)
                .expect("below root")
                .display()
                .to_string();
            files.push((relative, fs::read(&path).expect("read output file")));
        }
    }
}

/// Copies a folder recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
