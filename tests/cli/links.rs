//! Links and images as Hugo sites write them: language variants of a bundle's files named in
//! full, files that exist in another language only, `relref "#anchor"`, and query strings.

use crate::util::{SiteTest, assert_reported, missing_tool, repo};

/// A bundle with a shared screenshot, one per language, and one that exists in German only.
fn bundle() -> SiteTest {
    let site = SiteTest::new();
    site.write(
        "content/guide/index.de.md",
        "---\ntitle: Anleitung\n---\nText\n",
    )
    .write("content/guide/shot.png", "shared")
    .write("content/guide/shot.de.png", "german")
    .write("content/guide/shot.en.png", "english")
    .write("content/guide/only.de.png", "german only");
    site
}

#[test]
fn a_language_variant_named_in_full_is_found() {
    let site = bundle();
    site.write(
        "content/guide/index.en.md",
        "---\ntitle: Guide\n---\n![a](shot.png) ![b](shot.en.png) ![c](./shot.en.png)\n",
    );
    let run = site.build();
    let page = site.output("en/guide/index.html");
    assert_eq!(page.matches(r#"src="shot.png""#).count(), 3, "{page}");
    assert_eq!(site.output("en/guide/shot.png"), "english");
    assert!(!run.stderr.contains("W0905"), "{}", run.stderr);
}

#[test]
fn a_file_of_another_language_is_found_there_with_a_warning() {
    let site = bundle();
    site.write(
        "content/guide/index.en.md",
        "---\ntitle: Guide\n---\n![named](shot.de.png)\n\n![missing here](only.png)\n",
    );
    let run = site.build();
    let page = site.output("en/guide/index.html");
    assert!(
        page.contains(r#"<img src="../../de/guide/shot.png" alt="named" />"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<img src="../../de/guide/only.png" alt="missing here" />"#),
        "{page}"
    );
    assert_eq!(site.output("de/guide/only.png"), "german only");
    assert_reported(
        &run.stderr,
        "warning[W0905]",
        "content/guide/index.en.md:4:1",
    );
    assert_reported(
        &run.stderr,
        "warning[W0905]",
        "content/guide/index.en.md:6:1",
    );
    assert!(
        run.stderr.contains("`shot.de.png` is the `de` file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`only.png` exists only in `de`"),
        "{}",
        run.stderr
    );
    site.run(&["build", "--strict"]).expect_code(1);
}

#[test]
fn relref_to_an_anchor_alone_is_the_current_page() {
    let site = SiteTest::new();
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\n## Step one\n\n[up]({{< relref \"#step-one\" >}}) \
         [absolute]({{< ref \"#step-one\" >}})\n",
    )
    .write(
        "content/guide/setup.de.md",
        "---\ntitle: Einrichtung\n---\n",
    );
    site.build();
    let page = site.output("en/guide/setup/index.html");
    assert!(
        page.contains(r##"<a href="../../../en/guide/setup/#step-one">up</a>"##),
        "{page}"
    );
    assert!(
        page.contains(
            r##"<a href="https://docs.example.org/en/guide/setup/#step-one">absolute</a>"##
        ),
        "{page}"
    );
}

#[test]
fn ref_and_relref_take_the_path_as_a_named_argument_too() {
    let site = SiteTest::new();
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\n[de]({{< relref path=\"guide/setup\" lang=\"de\" >}}) \
         [abs]({{< ref path=\"guide/setup#x\" >}})\n",
    )
    .write(
        "content/guide/setup.de.md",
        "---\ntitle: Einrichtung\n---\n",
    )
    .write(
        "content/bad.en.md",
        "---\ntitle: Bad\n---\n[a]({{< relref >}})\n",
    );
    let run = site.run(&["build"]);
    assert_reported(
        &run.stderr,
        "error[E0430]",
        "themes/default/shortcodes/relref.html",
    );
    site.remove("content/bad.en.md");
    site.build();
    let page = site.output("en/guide/setup/index.html");
    assert!(
        page.contains(r#"<a href="../../../de/guide/setup/">de</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r##"<a href="https://docs.example.org/en/guide/setup/#x">abs</a>"##),
        "{page}"
    );
}

#[test]
fn query_strings_on_links_and_images_are_valid_urls() {
    let site = SiteTest::new();
    site.write("content/guide/index.en.md", "---\ntitle: Guide\n---\n![d](diagram.png?width=60%) [x](https://example.org/?q=100%&r=%20)\n")
        .write("content/guide/index.de.md", "---\ntitle: Anleitung\n---\n")
        .write("content/guide/diagram.png", "png");
    site.build();
    let page = site.output("en/guide/index.html");
    assert!(
        page.contains(r#"<img src="diagram.png?width=60%25" alt="d" />"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="https://example.org/?q=100%25&amp;r=%20">x</a>"#),
        "{page}"
    );
}

/// Runs the independent link checker (`tests/tools/linkcheck.py`, Python's own HTML parser) on
/// a built site; `None` after saying so when Python is missing.
fn independent_check(site: &SiteTest, base_url: &str) -> Option<(bool, String)> {
    let output = std::process::Command::new("python3")
        .arg(repo().join("tests/tools/linkcheck.py"))
        .args(["--base-url", base_url])
        .arg(site.public())
        .output();
    let Ok(output) = output else {
        missing_tool("python3 is not installed");
        return None;
    };
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((output.status.success(), report))
}

#[test]
fn a_hugo_style_site_builds_strictly_and_every_link_leads_somewhere() {
    let site = SiteTest::fixture("hugo-docs");
    let strict = site.run(&["build", "--strict"]);
    strict.expect_code(0);
    site.run(&["check"]).expect_code(0);

    // What the fixture is about, besides zero findings.
    let install = site.output("en/guide/install/index.html");
    for expected in [
        r#"<img src="shot.png" alt="Screen" />"#,
        r#"<img src="shot.png" alt="Screen, English" />"#,
        r#"<img src="diagram.png?width=60%25" alt="Diagram" />"#,
        r#"<img src="shot.en.png" srcset="shot.en.png 1x, shot.png 2x" alt="Screen in raw HTML">"#,
        r#"<figure><img src="shot.en.png" alt="The screen">"#,
        r##"href="../../../en/guide/install/#preparation""##,
        r##"href="../configure/#cloud-firewall""##,
        r##"href="https://docs.example.org/handbook/de/guide/install/#step-1""##,
    ] {
        assert!(install.contains(expected), "{expected}\n{install}");
    }
    assert_eq!(site.output("en/guide/install/shot.png"), "english");
    assert_eq!(site.output("en/guide/install/shot.en.png"), "english");
    assert_eq!(site.output("de/guide/install/shot.png"), "german");
    assert_eq!(site.output("de/guide/install/overview.png"), "german only");

    if let Some((clean, report)) = independent_check(&site, "https://docs.example.org/handbook/") {
        assert!(clean, "{report}");
        assert!(report.contains(" 0 broken"), "{report}");
    }
}

#[test]
fn every_link_of_the_example_site_leads_somewhere() {
    let site = SiteTest::example();
    site.build();
    if let Some((clean, report)) = independent_check(&site, "https://docs.example.org/") {
        assert!(clean, "{report}");
    }
}

#[test]
fn the_independent_checker_finds_what_is_broken() {
    let site = SiteTest::fixture("hugo-docs");
    site.build();
    let page = site.public().join("en/guide/install/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        html.replace(
            "</main>",
            r##"<a href="gone.png">x</a><a href="#nowhere">y</a></main>"##,
        ),
    )
    .unwrap();
    if let Some((clean, report)) = independent_check(&site, "https://docs.example.org/handbook/") {
        assert!(!clean, "{report}");
        assert!(report.contains("gone.png"), "{report}");
        assert!(report.contains("#nowhere"), "{report}");
    }
}
