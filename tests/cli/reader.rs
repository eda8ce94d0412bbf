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
        .env("TAFEL_SCREENSHOTS", screenshot_dir())
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

/// Where scenarios put their screenshots, to look at: `target/tmp/browser/`.
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
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

/// The example site with one more page, long enough to scroll through: six sections of
/// several paragraphs each, in both languages (`server/long-read/`, `#section-1` to
/// `#section-6`).
fn example_with_long_read() -> SiteTest {
    let site = SiteTest::example();
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
                     tempor incididunt ut labore et dolore magna aliqua. "
        .repeat(6);
    for (lang, title) in [("de", "Langer Text"), ("en", "A long read")] {
        let mut page = format!("---\ntitle: {title}\nweight: 200\n---\n");
        for section in 1..=6 {
            page.push_str(&format!("\n## Section {section}\n"));
            for _ in 0..4 {
                page.push_str(&format!("\n{paragraph}\n"));
            }
        }
        site.write(&format!("content/server/long-read.{lang}.md"), &page);
    }
    site
}

/// Builds the example site with the long page, serves it, and runs one scenario file.
fn long_read_scenario(name: &str) {
    let Some(chromium) = tools() else { return };
    let site = example_with_long_read();
    let served = serve(&site);
    run_scenario(chromium, name, &served);
}

#[test]
fn the_theme_in_a_reader_s_hands() {
    // Headings below the sticky header, no layout shift while loading, the narrow navigation
    // without script, the light/dark switch, the table of contents, the sidebar, the 404 page
    // below a path, device names in port tables.
    long_read_scenario("theme");
}

#[test]
fn printing_is_light_and_keeps_headings_with_their_text() {
    example_scenario("print");
}

#[test]
fn every_page_type_passes_axe_without_serious_violations() {
    example_scenario("axe");
}

/// A page of three tab groups, in both languages: two with the same tabs (Cloud and Onsite, the
/// second in the other order), one with others (Windows and Linux). The German labels differ
/// and `key=` keeps the keys the same. Filler keeps the groups apart, so scrolling to one shows.
fn tab_groups_page(lang: &str) -> String {
    let filler: String = (1..=25)
        .map(|n| format!("Filler paragraph {n}, so that the page is longer than the window.\n\n"))
        .collect();
    let (title, cloud, onsite, firewall) = match lang {
        "de" => ("Tab-Gruppen", "Cloud", "Vor Ort", "Firewall vor Ort"),
        _ => ("Tab groups", "Cloud", "Onsite", "Onsite firewall"),
    };
    format!(
        "---\ntitle: {title}\n---\n## Where it runs\n\n{filler}\
         {{{{% tabs %}}}}\n\
         {{{{% tab \"{cloud}\" key=\"cloud\" %}}}}\nCloud, first group.\n{{{{% /tab %}}}}\n\
         {{{{% tab \"{onsite}\" key=\"onsite\" %}}}}\nOnsite, first group.\n\n\
         #### {firewall} {{#onsite-firewall}}\n\nOpen the ports.\n{{{{% /tab %}}}}\n\
         {{{{% /tabs %}}}}\n\n## The same choice again\n\n{filler}\
         {{{{% tabs %}}}}\n\
         {{{{% tab \"{onsite}\" key=\"onsite\" %}}}}\nOnsite, second group.\n{{{{% /tab %}}}}\n\
         {{{{% tab \"{cloud}\" key=\"cloud\" %}}}}\nCloud, second group.\n{{{{% /tab %}}}}\n\
         {{{{% /tabs %}}}}\n\n## Another choice\n\n\
         {{{{% tabs %}}}}\n\
         {{{{% tab \"Windows\" %}}}}\nWindows, third group.\n{{{{% /tab %}}}}\n\
         {{{{% tab \"Linux\" %}}}}\nLinux, third group.\n{{{{% /tab %}}}}\n\
         {{{{% /tabs %}}}}\n\n{filler}"
    )
}

/// Tabs on the reader's side: groups with the same keys switch together and the choice is
/// remembered; `#onsite`, `?tab=onsite` and a fragment inside a panel open the tab and show
/// the group; the language switcher passes the place on; without JavaScript no dead tab strip
/// shows and every panel has its heading at the right level. On the example site plus
/// `server/tab-groups/`, a page of three groups.
#[test]
fn tabs_switch_together_remember_and_follow_links() {
    let Some(chromium) = tools() else { return };
    let site = SiteTest::example();
    for lang in ["de", "en"] {
        site.write(
            &format!("content/server/tab-groups.{lang}.md"),
            &tab_groups_page(lang),
        );
    }
    let served = serve(&site);
    run_scenario(chromium, "tabs", &served);
}

#[test]
fn the_port_overview_weighs_under_100_kb() {
    example_scenario("weight");
}

#[test]
fn the_search_box_finds_pages_of_the_readers_language() {
    example_scenario("search");
}
