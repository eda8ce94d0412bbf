//! The benchmark's site generator (`bench/generate.py`): its tafel flavour is a valid site, so
//! that what the benchmark measures is a real build and not an error report.

use std::path::Path;
use std::process::Command;

use crate::util::{missing_tool, repo};

/// Writes the benchmark site with `pages` per language into `out`; `false` after saying so
/// when Python is missing.
fn generate(out: &Path, pages: usize) -> bool {
    let status = Command::new("python3")
        .arg(repo().join("bench/generate.py"))
        .arg(out)
        .args(["--pages", &pages.to_string()])
        .status();
    match status {
        Ok(status) => {
            assert!(status.success(), "bench/generate.py failed");
            true
        }
        Err(_) => {
            missing_tool("python3 is not installed");
            false
        }
    }
}

fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir(root)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read generated file");
            let relative = path.strip_prefix(root).expect("below root");
            (relative.to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            found.extend(walkdir(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_benchmark_site_builds_strictly_and_is_generated_the_same_every_time() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let (first, second) = (temp.path().join("a"), temp.path().join("b"));
    if !generate(&first, 40) || !generate(&second, 40) {
        return;
    }
    assert_eq!(
        files(&first),
        files(&second),
        "the generator is not deterministic"
    );

    let output = Command::new(env!("CARGO_BIN_EXE_tafel"))
        .args(["build", "--strict", "--site"])
        .arg(&first)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tafel");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // 40 pages per language in 20 sections, the sections and the home page, in two languages.
    assert!(stderr.contains("built 122 pages"), "{stderr}");
    let page =
        |path: &str| std::fs::read_to_string(first.join("public").join(path)).expect("built page");
    // Every tenth page carries the typed port table; every page has tabs and a link.
    let tenth = page("en/s03/p00000/index.html");
    assert!(tenth.contains("<table"), "no port table on a tenth page");
    let other = page("de/s03/p00001/index.html");
    assert!(
        !other.contains("<table"),
        "a port table on a page that should have none"
    );
    assert!(other.contains(r#"role="tablist""#), "no tabs");
    assert!(
        other.contains(r#"href="../../../de/s03/p00000/""#),
        "no link to the next page"
    );
}

#[test]
fn the_benchmark_script_times_tafel_and_prints_a_row_per_command() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let output = Command::new("python3")
        .arg(repo().join("bench/run.py"))
        .args(["--sizes", "20", "--runs", "1", "--quiet", "0"])
        .args(["--hugo", "", "--zola", ""])
        .arg("--work")
        .arg(temp.path())
        .arg("--tafel")
        .arg(env!("CARGO_BIN_EXE_tafel"))
        .output();
    let Ok(output) = output else {
        missing_tool("python3 is not installed");
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("hugo: not found, left out"), "{stdout}");
    assert!(
        stdout.contains("N = 20 pages per language (40 pages)"),
        "{stdout}"
    );
    for command in ["tafel build", "tafel build, existing output", "tafel check"] {
        let row = stdout
            .lines()
            .find(|line| line.starts_with(&format!("| {command} |")))
            .unwrap_or_else(|| panic!("no row for `{command}`:\n{stdout}"));
        // Wall time, CPU time, peak memory and the ratio, all measured.
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(
            cells[2].ends_with(" s") && cells[4].ends_with(" MiB"),
            "{row}"
        );
        let ratio: f64 = cells[5].parse().expect("a ratio");
        assert!(ratio > 0.0, "{row}");
    }
    // The copy of tafel's output: what it holds, counted, and the copy's CPU time.
    let copy = stdout
        .lines()
        .find(|line| line.starts_with("| tafel |"))
        .unwrap_or_else(|| panic!("no row for the copy of tafel's output:\n{stdout}"));
    let cells: Vec<&str> = copy.split('|').map(str::trim).collect();
    let files: u32 = cells[2].replace(',', "").parse().expect("a count of files");
    let folders: u32 = cells[3]
        .replace(',', "")
        .parse()
        .expect("a count of folders");
    assert!(files > 40 && folders > 40, "{copy}");
    assert!(
        cells[4].ends_with(" MB") && cells[5].ends_with(" s"),
        "{copy}"
    );
    assert_eq!(
        std::fs::read_dir(temp.path().join("out")).map_or(0, Iterator::count),
        0,
        "the outputs were not removed"
    );
}
