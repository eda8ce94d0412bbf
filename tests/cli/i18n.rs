//! The translator's workflow: fallbacks, `i18n status`, outdated translations, locale formats.

use crate::util::{SiteTest, assert_reported, main_of};

#[test]
fn the_example_site_is_complete_in_both_languages() {
    let site = SiteTest::example();
    let run = site.run(&["i18n", "status"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("de (default language): 100.0 % complete"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("en: 100.0 % complete"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("unused"), "{}", run.stdout);
    site.run(&["build", "--strict"]).expect_code(0);
}

fn without_english_doctype_label() -> SiteTest {
    let site = SiteTest::example();
    let messages = site.read_source("i18n/en/site.ftl");
    site.write(
        "i18n/en/site.ftl",
        &messages.replace("doctype-label = Applies to:\n", ""),
    );
    site
}

#[test]
fn a_missing_english_message_is_named_by_status() {
    let site = without_english_doctype_label();
    let run = site.run(&["i18n", "status"]);
    run.expect_code(1);
    // English lacks exactly one of the default language's messages.
    let total: usize = run
        .stdout
        .lines()
        .next()
        .and_then(|line| {
            line.split(", ")
                .nth(1)?
                .split(" of ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .expect("the German line names its total");
    let expected = format!("{} of {total} messages, 3 of 3 pages", total - 1);
    assert!(run.stdout.contains(&expected), "{}", run.stdout);
    assert!(!run.stdout.contains("en: 100.0 %"), "{}", run.stdout);
    let line = run
        .stdout
        .lines()
        .find(|line| line.contains("doctype-label"))
        .expect("named");
    assert!(
        line.contains("i18n/de/site.ftl:3") && line.contains("add it to i18n/en/"),
        "{line}"
    );
}

#[test]
fn a_missing_message_falls_back_with_a_warning_and_fails_strict() {
    let site = without_english_doctype_label();
    let run = site.build();
    assert_reported(&run.stderr, "warning[W0605]", "i18n/de/site.ftl:3:1");
    assert!(
        run.stderr
            .contains("add `doctype-label = …` to a file in `i18n/en/`"),
        "{}",
        run.stderr
    );
    assert!(
        site.output("en/server/port-overview/index.html")
            .contains("Gilt für:")
    );

    let before = site.output_tree();
    let run = site.run(&["build", "--strict"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[W0605]", "i18n/de/site.ftl:3:1");
    assert_eq!(before, site.output_tree());
}

#[test]
fn a_missing_data_label_is_an_error_but_status_still_reports_it() {
    let site = SiteTest::example();
    let messages = site.read_source("i18n/en/ports.ftl");
    site.write(
        "i18n/en/ports.ftl",
        &messages.replace("function-chat = Chat\n", ""),
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    // At the label, with the languages that lack it.
    assert_reported(
        &run.stderr,
        "error[E0720]: label `function-chat` has no message in `en`",
        "data/ports.yaml:105:15",
    );
    let run = site.run(&["i18n", "status"]);
    run.expect_code(1);
    assert!(run.stdout.contains("function-chat"), "{}", run.stdout);
}

#[test]
fn unused_messages_are_listed_without_failing() {
    let site = SiteTest::example();
    for language in ["de", "en"] {
        let path = format!("i18n/{language}/site.ftl");
        let messages = site.read_source(&path);
        site.write(&path, &format!("{messages}old-banner = Old\n"));
    }
    let run = site.run(&["i18n", "status"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout.matches("unused messages (1):").count(),
        2,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("old-banner                       i18n/en/site.ftl:6"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_variable_mismatch_is_listed() {
    let site = SiteTest::example();
    let path = "themes/default/i18n/en/theme.ftl";
    let messages = site.read_source(path);
    site.write(
        path,
        &messages.replace("Last updated on { $date }", "Last updated on { $day }"),
    );
    let run = site.run(&["i18n", "status"]);
    run.expect_code(1);
    let line = run
        .stdout
        .lines()
        .find(|line| line.contains("page-updated"))
        .expect("listed");
    assert!(line.contains("uses $day, expected $date"), "{line}");
}

#[test]
fn an_edited_source_makes_its_translation_outdated_until_marked() {
    let site = SiteTest::example();
    site.run(&["i18n", "status"]).expect_code(0);
    let german = site.read_source("content/server/port-overview.de.md");
    site.write(
        "content/server/port-overview.de.md",
        &german.replace("In den meisten Unternehmen", "In sehr vielen Unternehmen"),
    );
    let run = site.run(&["i18n", "status"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .contains("outdated translations (the source changed since) (1):"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "content/server/port-overview.en.md  source: content/server/port-overview.de.md"
        ),
        "{}",
        run.stdout
    );

    // Reordering pages is not a change a translator has to follow.
    let german = site.read_source("content/server/_index.de.md");
    site.write(
        "content/server/_index.de.md",
        &german.replace("weight: 10", "weight: 20"),
    );

    let page = site.root().join("content/server/port-overview.en.md");
    let run = site.run(&["i18n", "mark-translated", page.to_str().unwrap()]);
    run.expect_code(0);
    assert!(run.stderr.contains("marked content/server/port-overview.en.md as a translation of content/server/port-overview.de.md"), "{}", run.stderr);
    site.run(&["i18n", "status"]).expect_code(0);
}

#[test]
fn marking_a_default_language_page_is_refused() {
    let site = SiteTest::example();
    let page = site.root().join("content/server/port-overview.de.md");
    let run = site.run(&["i18n", "mark-translated", page.to_str().unwrap()]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[E1103]: "), "{}", run.stderr);
}

#[test]
fn untranslated_pages_are_listed_and_json_is_available() {
    let site = SiteTest::example();
    site.write(
        "content/server/backup.de.md",
        "---\ntitle: Datensicherung\n---\nText\n",
    );
    let run = site.run(&["i18n", "status", "--format", "json"]);
    run.expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let english = &report["languages"][1];
    assert_eq!(english["lang"], "en");
    assert_eq!(english["untranslated_pages"][0]["key"], "server/backup");
    assert_eq!(
        english["untranslated_pages"][0]["source"],
        "content/server/backup.de.md"
    );
    assert_eq!(english["pages_total"], 4);
    assert_eq!(report["languages"][0]["complete_percent"], 100.0);
}

#[test]
fn dates_and_numbers_follow_the_page_language() {
    let site = SiteTest::new();
    site.write(
        "shortcodes/visitors.html",
        "{{ t(key=\"visitors\", count=12345) }}",
    )
    .write("i18n/de/site.ftl", "visitors = { $count } Besuche\n")
    .write("i18n/en/site.ftl", "visitors = { $count } visits\n");
    for (language, title) in [("de", "Seite"), ("en", "Page")] {
        site.write(
            &format!("content/p.{language}.md"),
            &format!("---\ntitle: {title}\nupdated: 2026-03-05\n---\n{{{{< visitors >}}}}\n"),
        );
    }
    site.build();
    let german = site.output("de/p/index.html");
    let english = site.output("en/p/index.html");
    assert!(main_of(&german).contains("12.345 Besuche"), "{german}");
    assert!(main_of(&english).contains("12,345 visits"), "{english}");
    assert!(german.contains("Zuletzt aktualisiert am 5. März 2026"));
    assert!(english.contains("Last updated on March 5, 2026"));
}

#[test]
fn plural_forms_follow_the_language() {
    let site = SiteTest::new();
    site.write(
        "shortcodes/count.html",
        "{{ t(key=\"ports\", count=args | first | int) }}",
    )
    .write(
        "i18n/de/site.ftl",
        "ports = { $count ->\n    [one] { $count } Port\n   *[other] { $count } Ports\n}\n",
    )
    .write(
        "i18n/en/site.ftl",
        "ports = { $count ->\n    [one] { $count } port\n   *[other] { $count } ports\n}\n",
    )
    .write(
        "content/p.de.md",
        "---\ntitle: P\n---\n{{< count 1 >}} / {{< count 3 >}}\n",
    )
    .write(
        "content/p.en.md",
        "---\ntitle: P\n---\n{{< count 1 >}} / {{< count 3 >}}\n",
    );
    site.build();
    assert!(
        site.output("de/p/index.html")
            .contains("<p>1 Port / 3 Ports</p>")
    );
    assert!(
        site.output("en/p/index.html")
            .contains("<p>1 port / 3 ports</p>")
    );
}
