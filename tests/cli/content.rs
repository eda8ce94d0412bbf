//! Content rules: languages from file names, sections, order, drafts, aliases, bundles.

use crate::util::{SiteTest, assert_reported, main_of};

#[test]
fn translations_pair_by_file_name_and_missing_ones_are_marked() {
    let site = SiteTest::new();
    site.write("content/_index.de.md", "---\ntitle: Start\n---\n")
        .write("content/_index.en.md", "---\ntitle: Home\n---\n")
        .write("content/a.de.md", "---\ntitle: Nur deutsch\n---\n")
        .write("content/b.md", "---\ntitle: Ohne Suffix\n---\n")
        .write("content/b.en.md", "---\ntitle: Without suffix\n---\n");
    site.build();
    let german = site.output("de/a/index.html");
    // The English link goes to the nearest translated page (the English home) and says why.
    assert!(german.contains(r#"<a class="untranslated" href="../../en/" hreflang="en" lang="en" title="Noch nicht auf English verfügbar"#), "{german}");
    // A file without language suffix belongs to the default language and pairs with `b.en.md`.
    assert!(
        site.output("de/b/index.html")
            .contains(r#"href="../../en/b/" hreflang="en""#)
    );
    assert!(
        site.output("en/b/index.html")
            .contains(r#"href="../../de/b/" hreflang="de""#)
    );
}

#[test]
fn siblings_are_ordered_by_weight_then_title() {
    let site = SiteTest::new();
    site.write("content/docs/_index.en.md", "---\ntitle: Docs\n---\n")
        .write(
            "content/docs/zeta.en.md",
            "---\ntitle: Zeta\nweight: 1\n---\n",
        )
        .write("content/docs/beta.en.md", "---\ntitle: Beta\n---\n")
        .write("content/docs/alpha.en.md", "---\ntitle: Alpha\n---\n")
        .write(
            "content/docs/omega.en.md",
            "---\ntitle: Omega\nweight: 2\n---\n",
        );
    site.build();
    let html = site.output("en/docs/index.html");
    let main = main_of(&html);
    let positions: Vec<usize> = ["Zeta", "Omega", "Alpha", "Beta"]
        .iter()
        .map(|title| {
            main.find(&format!(">{title}</a>"))
                .unwrap_or_else(|| panic!("{title}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{positions:?}"
    );
    // Previous/next follow the same order.
    assert!(
        site.output("en/docs/zeta/index.html")
            .contains(r#"rel="next" href="../../../en/docs/omega/""#)
    );
}

#[test]
fn a_folder_without_index_still_forms_a_section() {
    let site = SiteTest::new();
    site.write(
        "content/setup-guide/install.de.md",
        "---\ntitle: Installieren\n---\n",
    );
    site.build();
    let html = site.output("de/setup-guide/index.html");
    assert!(html.contains("<h1>Setup guide</h1>"), "{html}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::new();
    site.write(
        "content/wip.en.md",
        "---\ntitle: Work in progress\ndraft: true\n---\n",
    );
    site.build();
    assert!(!site.public().join("en/wip").exists());
    site.run(&["build", "--drafts"]).expect_code(0);
    assert!(site.public().join("en/wip/index.html").exists());
}

#[test]
fn aliases_redirect_and_slugs_rename() {
    let site = SiteTest::new();
    site.write(
        "content/ports.de.md",
        "---\ntitle: Ports\nslug: portuebersicht\naliases: [/firewall/, alt/ports]\n---\n",
    );
    site.build();
    assert!(site.public().join("de/portuebersicht/index.html").exists());
    let redirect = site.output("de/firewall/index.html");
    assert!(
        redirect.contains(r#"content="0; url=../../de/portuebersicht/""#),
        "{redirect}"
    );
    assert!(site.public().join("de/alt/ports/index.html").exists());
}

#[test]
fn files_next_to_pages_are_copied_with_language_variants() {
    let site = SiteTest::new();
    site.write(
        "content/guide/index.de.md",
        "---\ntitle: Anleitung\n---\n![Bild](shot.png)\n",
    )
    .write(
        "content/guide/index.en.md",
        "---\ntitle: Guide\n---\n![Picture](shot.png)\n",
    )
    .write("content/guide/shot.png", "generic")
    .write("content/guide/shot.de.png", "deutsch");
    site.build();
    assert_eq!(site.output("de/guide/shot.png"), "deutsch");
    assert_eq!(site.output("en/guide/shot.png"), "generic");
    assert!(
        site.output("de/guide/index.html")
            .contains(r#"<img src="shot.png" alt="Bild" />"#)
    );
}

#[test]
fn a_file_in_an_unconfigured_language_is_a_warning() {
    let site = SiteTest::new();
    site.write("content/page.fr.md", "---\ntitle: Page\n---\n");
    let run = site.build();
    assert_reported(&run.stderr, "warning[W0206]", "content/page.fr.md");
    site.run(&["build", "--strict"]).expect_code(1);
}

#[test]
fn markdown_links_to_pages_and_files_work_as_in_an_editor() {
    let site = SiteTest::new();
    site.write("content/server/ports.en.md", "---\ntitle: Ports\n---\n![Diagram](diagram.png)\n")
        .write("content/server/ports.de.md", "---\ntitle: Ports\n---\n")
        .write("content/server/diagram.png", "png")
        .write(
            "content/guide/setup.en.md",
            "---\ntitle: Setup\n---\n[ports](../server/ports.md#firewall), [German](../server/ports.de.md), [web](https://example.org/x.md), [here](#top), [raw](../server/diagram.png)\n",
        );
    site.build();
    let setup = site.output("en/guide/setup/index.html");
    assert!(
        setup.contains(r#"<a href="../../server/ports/#firewall">ports</a>"#),
        "{setup}"
    );
    assert!(
        setup.contains(r#"<a href="../../../de/server/ports/">German</a>"#),
        "{setup}"
    );
    assert!(
        setup.contains(r#"<a href="https://example.org/x.md">web</a>"#),
        "{setup}"
    );
    assert!(setup.contains(r##"<a href="#top">here</a>"##), "{setup}");
    assert!(
        setup.contains(r#"<a href="../../server/diagram.png">raw</a>"#),
        "{setup}"
    );
    // A page that is not a bundle: its image sits in its folder, one level up from its output.
    let ports = site.output("en/server/ports/index.html");
    assert!(
        ports.contains(r#"<img src="../diagram.png" alt="Diagram" />"#),
        "{ports}"
    );
    assert_eq!(site.output("en/server/diagram.png"), "png");
}

#[test]
fn a_markdown_link_to_a_missing_page_is_an_error() {
    let site = SiteTest::new();
    site.write("content/a.en.md", "---\ntitle: A\n---\nSee [b](b.md).\n");
    let run = site.run(&["build"]);
    run.expect_code(1);
    // The link is underlined where it is written.
    assert_reported(&run.stderr, "error[E0903]", "content/a.en.md:4:5");
    assert!(run.stderr.contains("^^^^^^^^^"), "{}", run.stderr);
}

#[test]
fn a_broken_link_inside_a_tab_and_a_fragment_points_at_its_own_file() {
    let site = SiteTest::new();
    site.write("content/_part.md", "Intro.\n\nSee [gone](gone.md).\n")
        .write(
            "content/a.en.md",
            "---\ntitle: A\n---\n{{% tabs %}}\n{{% tab \"One\" %}}\nText and [missing](missing.md).\n{{% /tab %}}\n{{% /tabs %}}\n\n{{% include \"_part.md\" %}}\n",
        );
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0903]", "content/a.en.md:6:10");
    assert_reported(&run.stderr, "error[E0903]", "content/_part.md:3:5");
}

/// A site whose section `long` has `long` pages and section `short` has `short`, in English.
fn sections_of(long: usize, short: usize) -> SiteTest {
    let site = SiteTest::new();
    site.write("content/_index.en.md", "---\ntitle: Home\n---\n");
    for (section, count) in [("long", long), ("short", short)] {
        site.write(
            &format!("content/{section}/_index.en.md"),
            &format!("---\ntitle: {section}\n---\n"),
        );
        for i in 0..count {
            site.write(
                &format!("content/{section}/p{i:02}.en.md"),
                &format!("---\ntitle: 'Page {i} \"</script>'\nweight: {i}\n---\nText.\n"),
            );
        }
    }
    site
}

/// The sidebar of a built page.
fn sidebar(html: &str) -> &str {
    let start = html.find(r#"<nav id="site-nav""#).expect("a sidebar");
    &html[start..start + html[start..].find("</nav>").expect("the sidebar ends")]
}

#[test]
fn a_long_section_list_shows_the_pages_around_and_is_whole_in_one_file() {
    let site = sections_of(60, 50);
    site.build();

    // Page 30 of 60: the ten pages either side of it, and links to the section for the rest.
    let nav = site.output("en/long/p30/index.html");
    let nav = sidebar(&nav);
    let shown: Vec<usize> = (0..60)
        .filter(|i| nav.contains(&format!(r#"href="../../../en/long/p{i:02}/""#)))
        .collect();
    assert_eq!(shown, (20..=40).collect::<Vec<_>>(), "{nav}");
    assert!(
        nav.contains(r#"<li class="nav-more"><a href="../../../en/long/">20 more pages</a></li>"#),
        "{nav}"
    );
    assert!(
        nav.contains(r#"<li class="nav-more"><a href="../../../en/long/">19 more pages</a></li>"#),
        "{nav}"
    );
    assert!(nav.contains(r#"<ul data-nav-list="en/long/nav.js" data-nav-section="en/long/" data-nav-root="../../../">"#), "{nav}");
    assert_eq!(nav.matches("aria-current").count(), 1);
    // The first page shows the first 21; the section's own page too, as nothing in it is open.
    for page in ["en/long/p00/index.html", "en/long/index.html"] {
        let html = site.output(page);
        let nav = sidebar(&html);
        assert!(
            nav.contains("p20/") && !nav.contains("p21/"),
            "{page}: {nav}"
        );
        assert!(nav.contains(">39 more pages<"), "{page}: {nav}");
    }

    // The whole list, in order, as data: titles are JSON strings, whatever they hold.
    let script = site.output("en/long/nav.js");
    let json = script
        .strip_prefix(r#"tafelNav("en/long/", "#)
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{script}"));
    let items: Vec<(String, String, String)> = serde_json::from_str(json).expect("JSON items");
    assert_eq!(items.len(), 60);
    assert_eq!(
        items[7],
        (
            "en/long/p07/".to_owned(),
            "Page 7 \"</script>".to_owned(),
            "page".to_owned()
        )
    );

    // Fifty pages are not long: all of them on every page, and no list file.
    let html = site.output("en/short/p10/index.html");
    let nav = sidebar(&html);
    assert_eq!(nav.matches(r#"<li class="nav-page""#).count(), 50, "{nav}");
    assert!(!nav.contains("nav-more") && !nav.contains("data-nav-list"));
    assert!(!site.public().join("en/short/nav.js").exists());
}

#[test]
fn smart_punctuation_follows_each_language_when_switched_on() {
    let site = SiteTest::new();
    let page = "---\ntitle: Q\n---\nSay \"yes\" -- or don't...\n";
    site.write("content/q.de.md", page)
        .write("content/q.en.md", page);
    site.build();
    assert!(
        main_of(&site.output("en/q/index.html")).contains("Say \"yes\" -- or don't..."),
        "off by default"
    );
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}smart-punctuation: true\n"));
    site.build();
    assert!(
        main_of(&site.output("de/q/index.html")).contains("Say „yes“ – or don’t…"),
        "{}",
        main_of(&site.output("de/q/index.html"))
    );
    assert!(
        main_of(&site.output("en/q/index.html")).contains("Say “yes” – or don’t…"),
        "{}",
        main_of(&site.output("en/q/index.html"))
    );
}

#[test]
fn a_theme_that_writes_its_own_sidebar_gets_the_navigation_as_a_value() {
    let site = sections_of(60, 2);
    // The site's `base.html` replaces the theme's sidebar with its own, written from `nav`.
    let base = std::fs::read_to_string(site.root().join("themes/default/templates/base.html"))
        .expect("the theme's base template");
    let own = "{% block nav %}<ul class=\"own\">{% for item in nav %}<li>{{ item.title }}: \
               {{ item.children | length }}{% if item.list %} ({{ item.list }}){% endif %}</li>\
               {% endfor %}</ul>{% endblock nav %}";
    let start = base.find("{% block nav %}").expect("a nav block");
    let end = base.find("{% endblock nav %}").expect("its end") + "{% endblock nav %}".len();
    site.write(
        "templates/base.html",
        &format!("{}{own}{}", &base[..start], &base[end..]),
    );
    site.build();
    let html = site.output("en/short/p00/index.html");
    assert!(
        html.contains(
            r#"<ul class="own"><li>long: 60 (en/long/nav.js)</li><li>short: 2</li></ul>"#
        ),
        "{html}"
    );
}

#[test]
fn lowercase_urls_keep_hugo_s_addresses_and_links_follow() {
    let site = SiteTest::new();
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}lowercase-urls: true\n"))
        .write(
            "content/_index.en.md",
            "---\ntitle: Home\n---\n[Steps](Guide/Setup-Steps.md)\n",
        )
        .write("content/Guide/_index.en.md", "---\ntitle: Guide\n---\n")
        .write(
            "content/Guide/Setup-Steps.en.md",
            "---\ntitle: Steps\n---\n",
        )
        .write(
            "content/Guide/Other.en.md",
            "---\ntitle: Other\nslug: My-Slug\n---\n",
        );
    site.run(&["build", "--strict"]).expect_code(0);
    assert!(
        site.public()
            .join("en/guide/setup-steps/index.html")
            .exists()
    );
    assert!(site.public().join("en/guide/my-slug/index.html").exists());
    assert!(!site.public().join("en/Guide").exists());
    let home = main_of(&site.output("en/index.html")).to_owned();
    assert!(home.contains(r#"href="guide/setup-steps/""#), "{home}");

    // Two files that differ only in letter case now have one URL: an error naming both.
    site.write("content/Guide/setup-steps.en.md", "---\ntitle: Twin\n---\n");
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("content/Guide/setup-steps.en.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/Guide/Setup-Steps.en.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn site_params_per_language_reach_templates() {
    let site = SiteTest::new();
    site.write(
        "site.yaml",
        "base-url: https://docs.example.org/\ndefault-language: de\nparams:\n  support: support@example.org\n  phone: '+49 1'\nlanguages:\n  - { code: de, name: Deutsch, title: Testseite }\n  - code: en\n    name: English\n    title: Test site\n    params: { phone: '+44 2' }\n",
    )
    .write("content/a.de.md", "---\ntitle: A\n---\n")
    .write("content/a.en.md", "---\ntitle: A\n---\n")
    .write(
        "templates/page.html",
        "<p id=\"p\">{{ site.params.support }} {{ site.params.phone }}</p>",
    );
    site.run(&["build", "--strict"]).expect_code(0);
    assert!(
        site.output("de/a/index.html")
            .contains("support@example.org +49 1")
    );
    assert!(
        site.output("en/a/index.html")
            .contains("support@example.org +44 2")
    );
}

#[test]
fn updated_from_git_dates_pages_by_their_last_commit() {
    let site = SiteTest::new();
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}updated-from-git: true\n"))
        .write("content/a.en.md", "---\ntitle: A\n---\nOne.\n")
        .write(
            "content/b.en.md",
            "---\ntitle: B\nupdated: 2020-01-02\n---\nTwo.\n",
        );

    // Outside a repository: a warning at the switch, and the build goes on.
    let run = site.run(&["build"]);
    run.expect_code(0);
    assert_reported(&run.stderr, "warning[W0207]", "site.yaml:6:19");
    assert!(
        !site
            .output("en/a/index.html")
            .contains(r#"class="updated""#)
    );

    let git = |args: &[&str], date: &str| {
        let status = std::process::Command::new("git")
            .arg("-C")
            .arg(site.root())
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date)
            .status()
            .expect("run git");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"], "2026-01-01T12:00:00Z");
    git(&["add", "."], "2026-01-01T12:00:00Z");
    git(&["commit", "-qm", "first"], "2026-03-04T12:00:00Z");
    site.write("content/a.en.md", "---\ntitle: A\n---\nOne, edited.\n");
    git(&["commit", "-qam", "edit"], "2026-11-25T12:00:00Z");

    site.run(&["build", "--strict"]).expect_code(0);
    let a = site.output("en/a/index.html");
    assert!(a.contains("November 25, 2026"), "{a}");
    // A date in the front matter wins over the history.
    let b = site.output("en/b/index.html");
    assert!(b.contains("January 2, 2020"), "{b}");
}

#[test]
fn menus_from_site_yaml_are_in_every_page_s_header_per_language() {
    let site = SiteTest::new();
    site.write(
        "site.yaml",
        "base-url: https://docs.example.org/\ndefault-language: de\nmenus:\n  main:\n    - { name: Forum, url: \"https://forum.example.org/\", weight: 20 }\n    - { name: Anleitung, page: guide/setup.md, weight: 10 }\nlanguages:\n  - { code: de, name: Deutsch, title: Testseite }\n  - code: en\n    name: English\n    title: Test site\n    menus:\n      main:\n        - { name: Setup, page: guide/setup.md#steps }\n",
    )
    .write("content/guide/setup.de.md", "---\ntitle: Einrichtung\n---\n## Schritte {#steps}\n")
    .write("content/guide/setup.en.md", "---\ntitle: Setup\n---\n## Steps\n")
    .write("content/other.de.md", "---\ntitle: Anderes\n---\n");
    site.run(&["build", "--strict"]).expect_code(0);

    let menu = |page: &str| {
        let html = site.output(page);
        let start = html.find(r#"<nav class="site-menu""#).expect("a menu");
        let end = start + html[start..].find("</nav>").unwrap();
        html[start..end].to_owned()
    };
    let de = menu("de/other/index.html");
    let setup = de.find(r#"<a href="../../de/guide/setup/">Anleitung</a>"#);
    let forum = de.find(r#"<a href="https://forum.example.org/">Forum</a>"#);
    assert!(setup.is_some() && setup < forum, "by weight: {de}");
    // The language's own menu replaces the site's; the current page is marked.
    let en = menu("en/guide/setup/index.html");
    assert!(
        en.contains(r#"<a href="../../../en/guide/setup/#steps" aria-current="page">Setup</a>"#),
        "{en}"
    );
    assert!(!de.contains("aria-current"), "{de}");
    assert!(!en.contains("Forum"), "{en}");
}

/// A German site whose main menu has `entries` (YAML list items, one per line; the first is on
/// line 5 of `site.yaml`).
fn site_with_menu(entries: &str) -> SiteTest {
    let site = SiteTest::new();
    site.write(
        "site.yaml",
        &format!(
            "base-url: https://docs.example.org/\ndefault-language: de\nmenus:\n  main:\n{entries}languages:\n  - {{ code: de, name: Deutsch, title: Testseite }}\n"
        ),
    );
    site
}

#[test]
fn a_menu_entry_that_leads_nowhere_is_an_error_at_its_line() {
    let site = site_with_menu(
        "    - { name: Weg, page: gone.md }\n    - { name: Beides }\n    - { name: Relativ, url: /somewhere/ }\n    - { name: Tippfehler, page: aa.md }\n",
    );
    site.write("content/a.de.md", "---\ntitle: A\n---\n");
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0110]", "site.yaml:6:7");
    assert_reported(&run.stderr, "error[E0110]", "site.yaml:7:29");
    // Once the entries are well formed, the missing page is found when the site is resolved.
    let config = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &config
            .replace("    - { name: Beides }\n", "")
            .replace("    - { name: Relativ, url: /somewhere/ }\n", ""),
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0111]", "site.yaml:5:26");
    // A page a typo away is named.
    let typo = crate::util::report(&run.stderr, "error[E0111]: menu entry `Tippfehler`");
    assert!(typo.contains("did you mean `a.md`?"), "{typo}");
}

#[test]
fn a_menu_entry_to_a_page_that_does_not_parse_leaves_the_page_s_error_alone() {
    let site =
        site_with_menu("    - { name: Seite, page: a.md }\n    - { name: Weg, page: gone.md }\n");
    site.write("content/a.de.md", "---\ntitle: [offen\n---\n");
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0301]", "content/a.de.md:2:8");
    // The entry for the page that did not parse is not reported; the one for no page is.
    assert_reported(&run.stderr, "error[E0111]", "site.yaml:6:26");
    assert!(!run.stderr.contains("menu entry `Seite`"), "{}", run.stderr);
}
