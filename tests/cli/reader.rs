//! The reader's side in a real browser: the scenarios in `tests/browser/*.test.mjs` drive
//! Debian's Chromium through Playwright against a built site that a plain static server hosts
//! below a path (`/docs/`), with its own 404 page for missing files. Each Rust test builds the
//! site, serves it, and runs one scenario file with `node --test`; the scenario's assertions
//! decide. Skips with a notice when Node, Python, Chromium or the npm packages are missing
//! (`npm ci --prefix tests/browser`), and fails then under `CI=true`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::browser::chromium;
use crate::util::{SiteTest, missing_tool, repo};

/// A built site served by `tests/tools/serve_static.py`; the server stops when this is dropped.
pub(crate) struct Served {
    server: Child,
    /// The site's root, such as `http://127.0.0.1:40123/docs/`.
    pub url: String,
    /// The folder the site was built into.
    pub folder: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// Builds `site` for the path `/docs/` and serves it on a free port.
pub(crate) fn serve(site: &SiteTest) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("docs");
    site.run(&[
        "build",
        "--strict",
        "--base-url",
        "https://docs.example.org/docs/",
        "--out",
        folder.to_str().unwrap(),
    ])
    .expect_code(0);
    let mut server = Command::new("python3")
        .arg(repo().join("tests/tools/serve_static.py"))
        .arg(&folder)
        .arg("docs")
        .stdout(Stdio::piped())
        .spawn()
        .expect("run python3");
    let mut port = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let port: u16 = port.trim().parse().expect("the server printed its port");
    Served {
        server,
        url: format!("http://127.0.0.1:{port}/docs/"),
        folder,
        _dir: dir,
    }
}

/// The tools the scenarios need, or `None` after saying which one is missing.
fn tools() -> Option<&'static str> {
    let chromium = chromium()?;
    for (tool, install) in [
        ("node", "Node.js is not installed"),
        ("python3", "Python 3 is not installed"),
    ] {
        if Command::new(tool).arg("--version").output().is_err() {
            missing_tool(install);
            return None;
        }
    }
    if !browser_packages().join("playwright-core").is_dir() {
        missing_tool("the browser tests' npm packages are missing (npm ci --prefix tests/browser)");
        return None;
    }
    Some(chromium)
}

fn browser_packages() -> PathBuf {
    repo().join("tests/browser/node_modules")
}

/// Runs `tests/browser/NAME.test.mjs` against `served`; panics with its report unless every
/// test in it passed.
pub(crate) fn run_scenario(chromium: &str, name: &str, served: &Served) {
    let script: &Path = &repo().join(format!("tests/browser/{name}.test.mjs"));
    let output = Command::new("node")
        .args(["--test", "--test-reporter=spec"])
        .arg(script)
        .env("TAFEL_SITE_URL", &served.url)
        .env("TAFEL_CHROMIUM", chromium)
        .env("TAFEL_SITE_FOLDER", &served.folder)
        .output()
        .expect("run node");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{name}.test.mjs failed:\n{report}");
    eprintln!("{report}");
}

/// Builds the example site, serves it, and runs one scenario file.
fn example_scenario(name: &str) {
    let Some(chromium) = tools() else { return };
    let site = SiteTest::example();
    let served = serve(&site);
    run_scenario(chromium, name, &served);
}

#[test]
fn the_harness_reaches_the_served_site() {
    example_scenario("harness");
}

#[test]
fn the_search_box_finds_pages_of_the_readers_language() {
    example_scenario("search");
}
