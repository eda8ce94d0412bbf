//! Links and images as Hugo sites write them: language variants of a bundle's files named in
//! full, files that exist in another language only, `relref "#anchor"`, and query strings.

use crate::util::{SiteTest, assert_reported};

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
