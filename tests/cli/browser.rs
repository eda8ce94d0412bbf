//! The generated diagrams in a real browser: headless Chromium renders each one to a PNG under
//! `target/tmp/diagrams/` (to look at), and measures every text with the browser's own font
//! metrics to prove that no two labels overlap on screen, which the layout's width estimates
//! promise but cannot know. Skips with a notice when Chromium is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{SiteTest, missing_tool};

/// The Chromium binary, if one is installed; says so when the test has to skip.
pub(crate) fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        missing_tool("Chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Loads a built page in Chromium with `script` added before `</body>`, and returns the text the
/// script left in `<pre id="probe">`. The copy sits next to the page, so its relative links to
/// styles and scripts still resolve.
fn probe(binary: &str, site: &SiteTest, page: &str, script: &str, flags: &[&str]) -> String {
    let html = site.output(&format!("{page}index.html"));
    let copy = site.public().join(page).join("probe.html");
    std::fs::write(&copy, html.replace("</body>", &format!("{script}</body>"))).unwrap();
    let mut args: Vec<String> = flags.iter().map(|flag| (*flag).to_owned()).collect();
    args.push("--dump-dom".into());
    args.push(format!("file://{}", copy.display()));
    let dom = run_chromium(binary, &args);
    let marker = r#"<pre id="probe">"#;
    let start = dom.find(marker).expect("the probe script ran") + marker.len();
    let end = start + dom[start..].find("</pre>").expect("the probe output ends");
    dom[start..end].replace("&amp;", "&")
}

/// Runs headless Chromium with the flags a sandboxed CI machine needs and a fresh profile.
fn run_chromium(binary: &str, args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every generated diagram of a page, as SVG markup.
fn diagrams(html: &str) -> Vec<&str> {
    html.match_indices(r#"<svg xmlns="http://www.w3.org/2000/svg" class="tafel-diagram""#)
        .map(|(start, _)| {
            let end = start
                + html[start..]
                    .find("</svg>\n")
                    .map(|end| end + "</svg>".len())
                    .unwrap();
            &html[start..end]
        })
        .collect()
}

/// Collects the bounding box of every `<text>` (in the page's own font) and reports overlapping
/// pairs into the document, where `--dump-dom` can read them.
const MEASURE: &str = r#"<script>
document.addEventListener("DOMContentLoaded", () => {
  const results = [];
  for (const svg of document.querySelectorAll("svg.tafel-diagram")) {
    const boxes = [...svg.querySelectorAll("text")].map(t => ({ text: t.textContent, box: t.getBBox() }));
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box;
        if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
          overlaps.push(boxes[i].text + " | " + boxes[j].text);
        }
      }
    }
    const view = svg.viewBox.baseVal;
    const outside = boxes.filter(({ box }) => box.x < view.x || box.y < view.y ||
      box.x + box.width > view.x + view.width || box.y + box.height > view.y + view.height).map(b => b.text);
    results.push({ texts: boxes.length, overlaps, outside });
  }
  const out = document.createElement("pre");
  out.id = "measurements";
  out.textContent = JSON.stringify(results);
  document.body.append(out);
});
</script>"#;

fn page(svgs: &[&str], dark: bool) -> String {
    let style = if dark {
        "color-scheme: dark; background: #11161d; color: #e3e8ef"
    } else {
        "background: #fff; color: #1c2430"
    };
    format!(
        "<!DOCTYPE html><html style=\"{style}\"><head><meta charset=\"utf-8\">{MEASURE}</head><body style=\"margin:16px;font-family:system-ui,sans-serif\">{}</body></html>",
        svgs.join("\n")
    )
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diagrams");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn diagrams_render_in_chromium_without_overlapping_text() {
    let Some(binary) = chromium() else {
        return;
    };
    let site = SiteTest::example();
    site.build();
    let dir = screenshot_dir();
    for language in ["de", "en"] {
        let html = site.output(&format!("{language}/server/port-overview/index.html"));
        let svgs = diagrams(&html);
        assert_eq!(
            svgs.len(),
            2,
            "a cloud and an onsite diagram on the {language} page"
        );

        // Real font metrics: no label overlaps another or leaves the drawing.
        let measure_file = dir.join(format!("measure-{language}.html"));
        std::fs::write(&measure_file, page(&svgs, false)).unwrap();
        let dom = run_chromium(
            binary,
            &[
                "--dump-dom".into(),
                format!("file://{}", measure_file.display()),
            ],
        );
        let start = dom
            .find(r#"<pre id="measurements">"#)
            .expect("the measuring script ran")
            + 23;
        let end = start + dom[start..].find("</pre>").unwrap();
        let results: serde_json::Value =
            serde_json::from_str(&dom[start..end].replace("&amp;", "&")).unwrap();
        for (index, result) in results.as_array().unwrap().iter().enumerate() {
            assert!(
                result["texts"].as_u64().unwrap() > 20,
                "{language} diagram {index}: {result}"
            );
            assert_eq!(
                result["overlaps"],
                serde_json::json!([]),
                "{language} diagram {index}"
            );
            assert_eq!(
                result["outside"],
                serde_json::json!([]),
                "{language} diagram {index}"
            );
        }

        // Screenshots to look at, light and dark.
        for (svg, deployment) in svgs.iter().zip(["cloud", "onsite"]) {
            for (scheme, dark) in [("light", false), ("dark", true)] {
                let file = dir.join(format!("{deployment}-{language}-{scheme}.html"));
                std::fs::write(&file, page(&[svg], dark)).unwrap();
                let png = dir.join(format!("{deployment}-{language}-{scheme}.png"));
                run_chromium(
                    binary,
                    &[
                        format!("--screenshot={}", png.display()),
                        "--window-size=760,1040".into(),
                        format!("file://{}", file.display()),
                    ],
                );
                let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
                assert!(size > 20_000, "{} is only {size} bytes", png.display());
            }
        }
    }
    eprintln!("diagram screenshots: {}", dir.display());
}

/// Exercises the tabs of a built page in the browser and reports what it saw.
const TABS_PROBE: &str = r#"<script>
window.addEventListener("load", () => {
  const tabs = document.querySelector("[data-tabs]");
  const list = tabs.querySelector('[role="tablist"]');
  const buttons = [...tabs.querySelectorAll('[role="tab"]')];
  const panel = b => document.getElementById(b.getAttribute("aria-controls"));
  const state = () => buttons.map(b => ({ selected: b.getAttribute("aria-selected"), visible: !panel(b).hidden }));
  const report = { listVisible: !list.hidden, initial: state() };
  buttons[1].click();
  report.afterClick = state();
  buttons[1].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
  report.afterArrow = state();
  report.focused = document.activeElement === buttons[0];
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(report);
  document.body.append(out);
});
</script>"#;

#[test]
fn tabs_switch_by_click_and_keyboard() {
    let Some(binary) = chromium() else {
        return;
    };
    let site = SiteTest::example();
    site.build();
    let report = probe(binary, &site, "en/server/port-overview/", TABS_PROBE, &[]);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let state = |selected: [&str; 2], visible: [bool; 2]| {
        serde_json::json!([
            { "selected": selected[0], "visible": visible[0] },
            { "selected": selected[1], "visible": visible[1] },
        ])
    };
    assert_eq!(report["listVisible"], true, "{report}");
    assert_eq!(
        report["initial"],
        state(["true", "false"], [true, false]),
        "{report}"
    );
    assert_eq!(
        report["afterClick"],
        state(["false", "true"], [false, true]),
        "{report}"
    );
    // The arrow key wraps around to the first tab and moves the focus there.
    assert_eq!(
        report["afterArrow"],
        state(["true", "false"], [true, false]),
        "{report}"
    );
    assert_eq!(report["focused"], true, "{report}");
}

#[test]
fn the_site_can_be_browsed_from_disk() {
    let Some(binary) = chromium() else {
        return;
    };
    let site = SiteTest::example();
    site.build();
    // The root page sends the browser to a language's start page, then links lead on.
    let dom = run_chromium(
        binary,
        &[
            "--lang=en-US".into(),
            "--virtual-time-budget=3000".into(),
            "--dump-dom".into(),
            format!("file://{}", site.public().join("index.html").display()),
        ],
    );
    assert!(
        dom.contains("<h1>Welcome</h1>"),
        "did not arrive at the English start page:\n{dom}"
    );
    assert!(
        dom.contains(r#"href="../en/server/index.html""#),
        "folder links were not pointed at index.html:\n{dom}"
    );
}

#[test]
fn pages_fit_a_narrow_screen() {
    let Some(binary) = chromium() else {
        return;
    };
    let site = SiteTest::example();
    site.build();
    const WIDTH_PROBE: &str = r#"<script>window.addEventListener("load", () => {
      const p = document.createElement("pre"); p.id = "probe";
      p.textContent = document.documentElement.scrollWidth + " " + document.documentElement.clientWidth;
      document.body.append(p); });</script>"#;
    for page in [
        "de/server/port-overview/",
        "en/server/port-overview/",
        "en/",
    ] {
        // 500 px is the narrowest window headless Chromium lays out.
        let widths: Vec<u32> = probe(binary, &site, page, WIDTH_PROBE, &["--window-size=500,900"])
            .split(' ')
            .map(|number| number.parse().unwrap())
            .collect();
        assert!(
            widths[0] <= widths[1],
            "{page} is {} px wide in a {} px window",
            widths[0],
            widths[1]
        );
    }
}

#[test]
fn a_long_section_list_is_whole_with_scripts_and_shortened_without() {
    let Some(binary) = chromium() else {
        return;
    };
    let site = SiteTest::new();
    site.write("content/_index.en.md", "---\ntitle: Home\n---\n")
        .write("content/long/_index.en.md", "---\ntitle: Long\n---\n");
    for i in 0..60 {
        site.write(
            &format!("content/long/p{i:02}.en.md"),
            &format!("---\ntitle: Page {i}\nweight: {i}\n---\nText.\n"),
        );
    }
    site.build();
    let page = format!(
        "file://{}",
        site.public().join("en/long/p30/index.html").display()
    );
    // With scripts, from disk: the whole list, loaded from the section's nav.js.
    let sidebar = |dom: &str| {
        let start = dom.find(r#"id="site-nav""#).expect("a sidebar");
        let nav = &dom[start..start + dom[start..].find("</nav>").expect("sidebar end")];
        let pages: Vec<usize> = nav
            .match_indices("long/p")
            .map(|(at, _)| nav[at + 6..at + 8].parse().expect("a page number"))
            .collect();
        (pages, nav.matches("nav-more").count(), nav.to_owned())
    };

    let with_scripts = run_chromium(
        binary,
        &[
            "--virtual-time-budget=3000".into(),
            "--dump-dom".into(),
            page,
        ],
    );
    let (pages, more, nav) = sidebar(&with_scripts);
    assert_eq!(pages, (0..60).collect::<Vec<_>>(), "{nav}");
    assert_eq!(more, 0, "{nav}");
    assert!(
        nav.contains(
            r#"<a href="../../../en/long/p30/index.html" aria-current="page">Page 30</a>"#
        ),
        "the current page lost its mark or its link was not pointed at index.html: {nav}"
    );

    // The list grows above the current page, which stays where it was in the sidebar: on a
    // screen 800 pixels high it is still in view.
    let in_view = probe(
        binary,
        &site,
        "en/long/p30/",
        r#"<script>setTimeout(function () {
            var nav = document.getElementById("site-nav");
            var box = nav.getBoundingClientRect();
            var current = nav.querySelector('[aria-current="page"]').getBoundingClientRect();
            var report = JSON.stringify({
                scrolled: nav.scrollTop > 0,
                visible: current.top >= box.top && current.bottom <= box.bottom,
                items: nav.querySelectorAll("li").length
            });
            var out = document.createElement("pre");
            out.id = "probe";
            out.textContent = report;
            document.body.appendChild(out);
        }, 1000);</script>"#,
        &["--window-size=1280,800", "--virtual-time-budget=3000"],
    );
    assert_eq!(
        in_view, r#"{"scrolled":true,"visible":true,"items":61}"#,
        "the current page left the view when the whole list arrived"
    );

    // Without scripts (a copy of the page without its script tag, next to it): what the HTML
    // gives, the pages around the current one and links to the section.
    let html = site.output("en/long/p30/index.html");
    let tag = r#"<script src="../../../js/tafel.js" defer></script>"#;
    assert!(html.contains(tag), "the theme's script tag moved");
    let copy = site.public().join("en/long/p30/no-script.html");
    std::fs::write(&copy, html.replace(tag, "")).unwrap();
    let without_scripts = run_chromium(
        binary,
        &[
            "--virtual-time-budget=3000".into(),
            "--dump-dom".into(),
            format!("file://{}", copy.display()),
        ],
    );
    let (pages, more, nav) = sidebar(&without_scripts);
    assert_eq!(pages, (20..=40).collect::<Vec<_>>(), "{nav}");
    assert_eq!(more, 2, "{nav}");
}
