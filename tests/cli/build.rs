//! The build as a CI step: deterministic, atomic, with meaningful exit codes.

use crate::util::{SiteTest, assert_reported};

fn small_site() -> SiteTest {
    let site = SiteTest::new();
    site.write("content/_index.de.md", "---\ntitle: Start\n---\nHallo\n")
        .write("content/_index.en.md", "---\ntitle: Home\n---\nHello\n")
        .write("content/guide/_index.de.md", "---\ntitle: Anleitung\n---\n")
        .write("content/guide/setup.de.md", "---\ntitle: Einrichtung\nweight: 2\n---\n## Schritt\n\n{{% notice tip %}}Tipp{{% /notice %}}\n")
        .write("content/guide/setup.en.md", "---\ntitle: Setup\nweight: 2\n---\n## Step\n")
        .write("content/guide/first.de.md", "---\ntitle: Erste Schritte\nweight: 1\n---\nText\n");
    site
}

#[test]
fn building_twice_gives_identical_trees() {
    let site = small_site();
    site.build();
    let first = site.output_tree();
    assert!(first.len() > 10, "{} files", first.len());
    site.build();
    assert_eq!(first, site.output_tree());
}

#[test]
fn a_broken_page_leaves_the_previous_output_untouched() {
    let site = small_site();
    site.build();
    let before = site.output_tree();
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\nweight: heavy\n---\n",
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0305]", "content/guide/setup.en.md:3:9");
    assert!(
        run.stderr.contains("the output folder was not touched"),
        "{}",
        run.stderr
    );
    assert_eq!(before, site.output_tree());
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("tafel"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_error_at_render_time_also_leaves_the_output() {
    let site = small_site();
    site.build();
    let before = site.output_tree();
    site.write(
        "templates/page.html",
        "{{ page.title }}{{ page.no_such_field }}",
    );
    site.run(&["build"]).expect_code(1);
    assert_eq!(before, site.output_tree());
}

#[test]
fn out_flag_and_refusal_to_overwrite_the_site() {
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("public");
    site.run(&["build", "--out", out.to_str().unwrap()])
        .expect_code(0);
    assert!(out.join("de/guide/setup/index.html").exists());
    let run = site.run(&["build", "--out", site.root().to_str().unwrap()]);
    run.expect_code(2);
    assert!(run.stderr.contains("error[E1001]: "), "{}", run.stderr);
    assert!(site.root().join("site.yaml").exists());
}

#[test]
fn a_folder_without_site_yaml_is_a_usage_error() {
    let site = SiteTest::new();
    site.remove("site.yaml");
    let run = site.run(&["build"]);
    run.expect_code(2);
    assert!(run.stderr.contains("error[E0101]: "), "{}", run.stderr);
}

#[test]
fn base_url_flag_changes_absolute_links_only() {
    let site = small_site();
    site.run(&["build", "--base-url", "https://example.com/docs"])
        .expect_code(0);
    let html = site.output("en/guide/setup/index.html");
    assert!(
        html.contains(r#"<link rel="canonical" href="https://example.com/docs/en/guide/setup/">"#)
    );
    assert!(html.contains(r#"href="../../../css/tafel.css""#));
    assert!(
        site.output("404.html")
            .contains(r#"href="/docs/css/tafel.css""#)
    );
}
