//! `tafel check`: broken links and anchors from Markdown, shortcodes and templates, reported
//! where they are written; the same findings as `build`; JSON and SARIF for tools.

use std::path::PathBuf;

use crate::util::{SiteTest, assert_reported, missing_tool, repo, reports};

/// A small site with one broken thing of each kind, each on its own line of `content/bad.en.md`.
fn broken_site() -> SiteTest {
    let site = SiteTest::new();
    site.write(
        "content/_index.en.md",
        "---\ntitle: Home\n---\n## Welcome\n",
    )
    .write("content/_index.de.md", "---\ntitle: Start\n---\n")
    .write(
        "content/bad.en.md",
        "---\ntitle: Bad\n---\n## Present\n\n\
             ![gone](missing.png)\n\
             [nowhere](#absent)\n\
             [home](../#welcome) [home anchor](../#wrong)\n\
             {{< broken-link >}}\n\
             [ok](#present) [top](#) [footnote][^1]\n\n\
             [^1]: A note.\n",
    )
    .write(
        "shortcodes/broken-link.html",
        "<a href=\"{{ root }}nothing-here/\">nothing</a>",
    );
    site
}

/// The `(code, file:line:col)` of every report in `stderr`.
fn findings(stderr: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = reports(stderr)
        .iter()
        .map(|report| {
            let code = report[report.find('[').unwrap() + 1..report.find(']').unwrap()].to_owned();
            let at = report
                .lines()
                .find_map(|line| line.trim_start().strip_prefix("--> "))
                .unwrap_or_default()
                .to_owned();
            (code, at)
        })
        .collect();
    found.sort();
    found
}

#[test]
fn broken_links_and_anchors_are_found_where_they_are_written() {
    let site = broken_site();
    let run = site.run(&["check"]);
    run.expect_code(1);
    assert_eq!(
        findings(&run.stderr),
        [
            ("W0910".to_owned(), "content/bad.en.md:6:1".to_owned()),
            ("W0910".to_owned(), "content/bad.en.md:9:1".to_owned()),
            ("W0911".to_owned(), "content/bad.en.md:7:1".to_owned()),
            ("W0911".to_owned(), "content/bad.en.md:8:21".to_owned()),
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("by `shortcodes/broken-link.html`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4 findings"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn check_and_build_report_the_same_and_strict_builds_stop() {
    let site = broken_site();
    let check = site.run(&["check"]);
    let build = site.run(&["build"]);
    build.expect_code(0);
    assert_eq!(findings(&check.stderr), findings(&build.stderr));
    assert!(site.public().join("en/bad/index.html").exists());

    let before = site.output_tree();
    let strict = site.run(&["build", "--strict"]);
    strict.expect_code(1);
    assert_eq!(findings(&check.stderr), findings(&strict.stderr));
    assert_eq!(before, site.output_tree());
}

#[test]
fn a_broken_template_link_is_one_report_at_the_template() {
    let site = SiteTest::new();
    site.write("content/a.en.md", "---\ntitle: A\n---\n")
        .write("content/b.en.md", "---\ntitle: B\n---\n");
    let base = site.read_source("themes/default/templates/base.html");
    let base = base.replacen(
        "</head>",
        "<link rel=\"preload\" href=\"{{ root }}fonts/missing.woff2\" as=\"font\"></head>",
        1,
    );
    site.write("themes/default/templates/base.html", &base);
    let run = site.run(&["check"]);
    run.expect_code(1);
    let found = findings(&run.stderr);
    assert_eq!(found.len(), 1, "{}", run.stderr);
    assert_eq!(found[0].0, "W0910");
    assert!(
        found[0]
            .1
            .starts_with("themes/default/templates/base.html:"),
        "{found:?}"
    );
    assert!(run.stderr.contains("pages, such as"), "{}", run.stderr);
}

#[test]
fn links_to_a_tab_are_checked_like_links_to_a_heading() {
    let site = SiteTest::example();
    for lang in ["de", "en"] {
        site.write(
            &format!("content/server/links.{lang}.md"),
            "---\ntitle: Links\n---\n\
             [Onsite](port-overview.md#onsite) [Cloud](../server/port-overview.md?tab=cloud#cloud)\n\
             [shortcode]({{< relref \"server/port-overview#onsite\" >}})\n\
             [no such tab](port-overview.md#offsite)\n",
        );
    }
    let run = site.run(&["check"]);
    run.expect_code(1);
    // Only the tab that does not exist, in both languages.
    assert_eq!(
        findings(&run.stderr),
        [
            (
                "W0911".to_owned(),
                "content/server/links.de.md:6:1".to_owned()
            ),
            (
                "W0911".to_owned(),
                "content/server/links.en.md:6:1".to_owned()
            ),
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn the_example_site_checks_clean() {
    let site = SiteTest::example();
    let run = site.run(&["check"]);
    run.expect_code(0);
    assert!(run.stderr.contains("nothing to report"), "{}", run.stderr);
}

#[test]
fn errors_stop_the_check_and_a_missing_site_cannot_run() {
    let site = SiteTest::new();
    site.write("content/a.en.md", "---\ntitle: A\n---\n{{< tabz >}}\n");
    let run = site.run(&["check"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0401]", "content/a.en.md:4:5");
    site.remove("site.yaml");
    site.run(&["check"]).expect_code(2);
}

#[test]
fn json_lists_each_finding_with_its_code_and_position() {
    let site = broken_site();
    let run = site.run(&["check", "--format", "json"]);
    run.expect_code(1);
    let document: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let findings = document["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4);
    let image = findings
        .iter()
        .find(|finding| finding["location"]["line"] == 6)
        .unwrap();
    assert_eq!(image["code"], "W0910");
    assert_eq!(image["severity"], "warning");
    assert_eq!(image["location"]["file"], "content/bad.en.md");
    assert_eq!(image["location"]["column"], 1);
    assert_eq!(image["location"]["end_column"], 21);
    assert_eq!(document["summary"]["warnings"], 4);
    assert_eq!(document["summary"]["errors"], 0);
    assert_eq!(document["tool"]["name"], "tafel");
    assert!(!run.stderr.contains("warning["), "{}", run.stderr);
}

/// The SARIF 2.1.0 schema `.ci/run` fetches, or `TAFEL_SARIF_SCHEMA`.
fn sarif_schema() -> Option<PathBuf> {
    let path = std::env::var_os("TAFEL_SARIF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/sarif/sarif-schema-2.1.0.json"));
    path.is_file().then_some(path)
}

#[test]
fn sarif_validates_against_the_sarif_schema() {
    let Some(schema) = sarif_schema() else {
        missing_tool("no SARIF 2.1.0 schema (run .ci/run, or set TAFEL_SARIF_SCHEMA)");
        return;
    };
    // One pattern of the schema has a bare `]`, a literal in ECMAScript regular expressions (the
    // dialect JSON Schema uses) but an error for Rust's engines; escaped, it means the same.
    let text = std::fs::read_to_string(schema)
        .unwrap()
        .replace("[a-zA-Z]{2}]?$", "[a-zA-Z]{2}\\\\]?$");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");

    // Findings with related locations (a URL collision names both pages), file-only locations
    // and plain spans.
    let site = broken_site();
    site.write("content/c.en.md", "---\ntitle: C\nslug: bad\n---\n");
    site.write("content/page.fr.md", "---\ntitle: Page\n---\n");
    let run = site.run(&["check", "--format", "sarif"]);
    run.expect_code(1);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let problems: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}\n{}", run.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|result| result["relatedLocations"].is_array()),
        "{}",
        run.stdout
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }

    // And the findings of the broken-link site in full.
    let run = broken_site().run(&["check", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(validator.is_valid(&log), "{}", run.stdout);
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "content/bad.en.md");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "SITEROOT");
}
