//! Broken inputs: each names the file, line and column, says how to fix it, and writes nothing.

use crate::util::{SiteTest, assert_reported};

fn failing(site: &SiteTest) -> String {
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert!(!site.public().exists(), "nothing may be written");
    run.stderr
}

#[test]
fn bad_front_matter() {
    let site = SiteTest::new();
    site.write("content/a.en.md", "---\ntitle: A\nweight: [1\n---\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0301]", "content/a.en.md:3:");
}

#[test]
fn front_matter_keys_tafel_does_not_know_are_params_for_templates() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\nicon: server\ntoc: false\n---\nText\n",
    )
    .write(
        "templates/page.html",
        "<p id=\"icon\">{{ page.params.icon }}</p><p id=\"toc\">{{ page.params.toc }}</p>",
    );
    let run = site.run(&["build", "--strict"]);
    run.expect_code(0);
    let html = site.output("en/a/index.html");
    assert!(html.contains(r#"<p id="icon">server</p>"#), "{html}");
    assert!(html.contains(r#"<p id="toc">false</p>"#), "{html}");
}

#[test]
fn a_misspelt_front_matter_key_is_a_warning_with_the_key_meant() {
    let site = SiteTest::new();
    site.write("content/a.en.md", "---\ntitle: A\nwieght: 3\n---\n");
    let run = site.run(&["build"]);
    run.expect_code(0);
    assert_reported(&run.stderr, "warning[W0312]", "content/a.en.md:3:1");
    assert!(
        run.stderr.contains("did you mean `weight`?"),
        "{}",
        run.stderr
    );
    // A warning stops a strict build.
    site.run(&["build", "--strict"]).expect_code(1);
}

#[test]
fn unknown_shortcode_with_suggestion() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\n---\nText\n\n{{% tabz %}}\n",
    );
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0401]", "content/a.en.md:6:5");
    assert!(stderr.contains("did you mean `tabs`?"), "{stderr}");
}

#[test]
fn unclosed_tabs_is_a_warning_and_an_error_under_strict() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\n---\n{{% tabs %}}\n{{% tab \"One\" %}}\nfirst\n{{% /tab %}}\n",
    );
    let run = site.run(&["build"]);
    run.expect_code(0);
    assert_reported(&run.stderr, "warning[W0413]", "content/a.en.md:4:1");
    // Closed at the end of the enclosing block: the tab is inside.
    assert!(
        std::fs::read_to_string(site.public().join("en/a/index.html"))
            .unwrap()
            .contains(">One</button>")
    );

    std::fs::remove_dir_all(site.public()).unwrap();
    let run = site.run(&["build", "--strict"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[W0413]", "content/a.en.md:4:1");
    assert!(!site.public().exists());
}

#[test]
fn template_syntax_error_points_into_the_template() {
    let site = SiteTest::new();
    site.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>\n{% if %}\n",
    );
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0501]", "templates/page.html:2:");
}

#[test]
fn unknown_function_in_a_template_points_at_the_call() {
    let site = SiteTest::new();
    site.write("shortcodes/greet.html", "Hello\n{{ no_such_function() }}\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0502]", "shortcodes/greet.html:2:4");
}

#[test]
fn render_error_in_a_shortcode_names_template_and_page() {
    let site = SiteTest::new();
    site.write("shortcodes/broken.html", "{{ params.missing.deeper }}");
    site.write("content/a.en.md", "---\ntitle: A\n---\n{{< broken >}}\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0506]", "shortcodes/broken.html:1:");
    assert!(stderr.contains("content/a.en.md:4:1"), "{stderr}");
    assert!(
        stderr.contains("while rendering shortcode `broken`"),
        "{stderr}"
    );
}

#[test]
fn bad_site_yaml() {
    let site = SiteTest::new();
    site.write("site.yaml", "base-url: https://x.org/\ndefault-language: fr\nlanguages:\n  - { code: de, name: Deutsch, title: D }\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0109]", "site.yaml:2:19");
    assert!(stderr.contains("use one of: de"), "{stderr}");
}

#[test]
fn fluent_syntax_error() {
    let site = SiteTest::new();
    site.write("i18n/en/site.ftl", "ok = fine\nbroken = { $x\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0601]", "i18n/en/site.ftl:2:1");
}

#[test]
fn non_utf8_content_is_named() {
    let site = SiteTest::new();
    std::fs::create_dir_all(site.root().join("content")).unwrap();
    std::fs::write(
        site.root().join("content/latin1.en.md"),
        b"---\ntitle: caf\xe9\n---\n",
    )
    .unwrap();
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0202]", "content/latin1.en.md");
}

#[test]
fn absurdly_deep_nesting_is_an_error_not_a_crash() {
    let site = SiteTest::new();
    let body = "{{% notice %}}".repeat(5000) + "x" + &"{{% /notice %}}".repeat(5000);
    site.write(
        "content/deep.en.md",
        &format!("---\ntitle: Deep\n---\n{body}\n"),
    );
    let stderr = failing(&site);
    // The 65th tag goes too deep: 64 tags of 14 characters before it.
    assert_reported(&stderr, "error[E0412]", "content/deep.en.md:4:897");
}

#[test]
fn a_missing_page_template_points_at_the_front_matter() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\ntemplate: wide.html\n---\n",
    );
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0311]", "content/a.en.md:3:11");
}

#[test]
fn impossible_dates_point_at_the_value() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\nupdated: 2026-02-30\n---\n",
    )
    .write("content/b.en.md", "---\ntitle: B\ndate: 2025-02-29\n---\n")
    .write("content/c.en.md", "---\ntitle: C\ndate: 1900-02-29\n---\n")
    .write("content/d.en.md", "---\ntitle: D\ndate: 2026-13-01\n---\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0310]", "content/a.en.md:3:10");
    assert!(
        stderr.contains("this month has 28 days, not 30"),
        "{stderr}"
    );
    assert!(stderr.contains("help: use a day from 01 to 28"), "{stderr}");
    for page in ["b", "c", "d"] {
        assert_reported(
            &stderr,
            "error[E0310]",
            &format!("content/{page}.en.md:3:7"),
        );
    }
    assert!(stderr.contains("there is no month 13"), "{stderr}");
}

#[test]
fn leap_days_of_leap_years_are_dates() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\ndate: 2000-02-29\nupdated: 2024-02-29\n---\n",
    );
    site.build();
    assert!(
        site.output("en/a/index.html").contains("February 29, 2024"),
        "{}",
        site.output("en/a/index.html")
    );
    assert!(
        site.output("sitemap.xml")
            .contains("<lastmod>2024-02-29</lastmod>")
    );
}

/// Asserts that `stderr` shows `line` (numbered `number`) with a note under it.
fn shows_line_with_note(stderr: &str, number: usize, line: &str, note: &str) {
    let shown = format!("{number} | {line}\n");
    let at = stderr
        .find(&shown)
        .unwrap_or_else(|| panic!("line {number} not shown:\n{stderr}"));
    let below = stderr[at + shown.len()..]
        .lines()
        .next()
        .unwrap_or_default();
    assert!(below.ends_with(note), "{below:?}\n{stderr}");
}

#[test]
fn duplicate_keys_name_both_places_in_every_yaml_file() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\nparams:\n  x: 1\n  y: 1\n  x: 2\n---\n",
    );
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0302]", "content/a.en.md:6:3");
    shows_line_with_note(&stderr, 4, "  x: 1", "first written here");
    assert!(stderr.contains("help: remove one of them"), "{stderr}");
    assert!(!stderr.contains("DuplicateKeyPolicy"), "{stderr}");

    site.remove("content/a.en.md");
    // `id` in two list items is fine; twice in one item is not.
    site.write(
        "data/things.yaml",
        "items:\n  - id: a\n    label: A\n  - id: b\n    label: B\n    id: c\n",
    );
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0302]", "data/things.yaml:6:5");
    shows_line_with_note(&stderr, 4, "  - id: b", "first written here");

    site.remove("data/things.yaml");
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}theme: default\ntheme: other\n"),
    );
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0302]", "site.yaml:7:1");
    shows_line_with_note(&stderr, 6, "theme: default", "first written here");
}

#[test]
fn a_bad_base_url_flag_is_a_usage_error_naming_the_flag() {
    let site = SiteTest::new();
    site.write("content/a.en.md", "---\ntitle: A\n---\n");
    for (url, problem) in [
        (r#"https://x.example/"><script>"#, "contains a quote"),
        ("docs.example.org", "is not an absolute http(s) URL"),
        ("https:///docs/", "has no host"),
        ("https://x.example/#top", "has a query or fragment"),
    ] {
        let run = site.run(&["build", "--base-url", url]);
        run.expect_code(2);
        assert!(run.stderr.contains("'--base-url <URL>'"), "{}", run.stderr);
        assert!(run.stderr.contains(problem), "{}", run.stderr);
        assert!(!site.public().exists(), "nothing may be written");
    }
    // A missing trailing slash is added.
    site.run(&["build", "--base-url", "https://x.example/docs"])
        .expect_code(0);
    assert!(
        site.output("sitemap.xml")
            .contains("<loc>https://x.example/docs/en/a/</loc>")
    );
}

#[test]
fn a_bad_base_url_in_site_yaml_points_at_the_value() {
    let site = SiteTest::new();
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &config.replace(
            "base-url: https://docs.example.org/",
            r#"base-url: 'https://x.example/"><script>'"#,
        ),
    );
    let stderr = failing(&site);
    // The URL is quoted as written, so it cannot break the line it is printed on.
    assert_reported(
        &stderr,
        r#"error[E0103]: base URL `https://x.example/"><script>` contains a quote"#,
        "site.yaml:1:11",
    );
    assert!(stderr.contains("help: percent-encode"), "{stderr}");
}

#[test]
fn a_slug_collision_points_at_both_slug_lines() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\nweight: 1\nslug: setup\n---\n",
    )
    .write("content/b.en.md", "---\ntitle: B\nslug: setup\n---\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0805]", "content/b.en.md:3:7");
    assert!(stderr.contains("::: content/a.en.md:4:7"), "{stderr}");
    assert!(stderr.contains("this slug gives `/en/setup/`"), "{stderr}");
    assert!(stderr.contains("help: change the `slug`"), "{stderr}");
}

#[test]
fn a_slug_onto_a_file_name_points_at_the_slug_and_the_file() {
    let site = SiteTest::new();
    site.write("content/setup.en.md", "---\ntitle: Setup\n---\n")
        .write("content/b.en.md", "---\ntitle: B\nslug: setup\n---\n");
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0805]", "content/setup.en.md:1:1");
    assert!(
        stderr.contains("this file's name gives `/en/setup/`"),
        "{stderr}"
    );
    assert!(stderr.contains("::: content/b.en.md:3:7"), "{stderr}");
}

#[test]
fn aliases_must_be_paths_below_the_language_root() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\naliases:\n  - https://evil.example/\n  - //evil.example/x/\n  - /../x/\n  - '\\old\\a'\n  - /old/?id=1\n  - \"/old\\u0007/\"\n  - /\n---\n",
    );
    let stderr = failing(&site);
    for line in 4..=10 {
        assert_reported(
            &stderr,
            "error[E0804]",
            &format!("content/a.en.md:{line}:5"),
        );
    }
    // The control character is escaped, not printed.
    assert_reported(
        &stderr,
        r#"error[E0804]: alias "/old\u{7}/" contains a control character"#,
        "content/a.en.md:9:5",
    );
    assert!(
        stderr.contains("help: an alias is an old path of this site below the language root"),
        "{stderr}"
    );
}

#[test]
fn alias_collisions_name_both_places() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\naliases:\n  - /old/\n  - /a/\n  - old/index.html\n---\n",
    )
    .write("content/b.en.md", "---\ntitle: B\naliases: [/a/]\n---\n");
    let stderr = failing(&site);

    assert_reported(&stderr, "error[E0806]", "content/a.en.md:5:5");
    shows_line_with_note(&stderr, 1, "---", "this file's name gives `/en/a/`");

    assert_reported(&stderr, "error[E0806]", "content/a.en.md:6:5");
    shows_line_with_note(
        &stderr,
        4,
        "  - /old/",
        "this alias redirects from `/en/old/`",
    );

    assert_reported(&stderr, "error[E0805]", "content/b.en.md:3:11");
    assert!(stderr.contains("::: content/a.en.md:1:1"), "{stderr}");
    // Found where the aliases are written, not later as two outputs for one file.
    assert!(!stderr.contains("[E1007]"), "{stderr}");
}

#[test]
fn an_alias_onto_a_generated_or_copied_file_is_located() {
    let site = SiteTest::new();
    site.write(
        "content/a.en.md",
        "---\ntitle: A\naliases: [/404.html, /shot.png/]\n---\n",
    )
    .write("content/shot.png", "not really a picture");
    let run = site.run(&["build"]);
    run.expect_code(1);
    let stderr = run.stderr;
    assert_reported(&stderr, "error[E0807]", "content/a.en.md:3:11");
    assert_reported(&stderr, "error[E0807]", "content/a.en.md:3:22");
    assert!(!site.public().exists());
}

#[test]
fn urls_differing_only_in_letter_case_are_a_warning_naming_both() {
    let site = SiteTest::new();
    site.write("content/Guide.md", "---\ntitle: Guide\n---\n")
        .write("content/guide.md", "---\ntitle: Kleiner Guide\n---\n")
        .write("content/a.en.md", "---\ntitle: A\nslug: Setup\n---\n")
        .write("content/b.en.md", "---\ntitle: B\nslug: setup\n---\n");
    let run = site.run(&["build"]);
    run.expect_code(0);
    let stderr = &run.stderr;
    assert_reported(stderr, "warning[W0808]", "content/guide.md:1:1");
    assert!(stderr.contains("::: content/Guide.md:1:1"), "{stderr}");
    assert_reported(stderr, "warning[W0808]", "content/b.en.md:3:7");
    assert!(stderr.contains("::: content/a.en.md:3:7"), "{stderr}");
    assert!(stderr.contains("on macOS and Windows"), "{stderr}");

    std::fs::remove_dir_all(site.public()).unwrap();
    site.run(&["build", "--strict"]).expect_code(1);
    assert!(!site.public().exists());
}

#[test]
fn a_template_function_that_fails_reports_the_code_of_its_problem() {
    let site = SiteTest::new();
    site.write("content/a.en.md", "---\ntitle: A\n---\n").write(
        "templates/page.html",
        "<h1>{{ t(key=\"no-such-message\") }}</h1>\n",
    );
    let stderr = failing(&site);
    assert_reported(&stderr, "error[E0603]", "templates/page.html:1:8");

    site.write(
        "templates/page.html",
        "{{ throw(message=\"this page needs a description\") }}\n",
    );
    let stderr = failing(&site);
    assert_reported(
        &stderr,
        "error[E0507]: this page needs a description",
        "templates/page.html:1:4",
    );
}
