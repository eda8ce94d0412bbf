//! The shipped shortcodes, rendered in a real build.

use crate::util::{SiteTest, assert_reported, main_of, report};

fn page(site: &SiteTest, body: &str) -> String {
    site.write(
        "content/test.en.md",
        &format!("---\ntitle: Test\ndescription: A page for tests.\n---\n{body}"),
    );
    site.build();
    main_of(&site.output("en/test/index.html")).to_owned()
}

#[test]
fn notice_with_kind_and_title() {
    let site = SiteTest::new();
    let html = page(
        &site,
        "{{% notice warning \"Careful\" %}}Do **not** unplug.{{% /notice %}}\n",
    );
    assert!(
        html.contains(r#"<div class="notice notice-warning" role="note">"#),
        "{html}"
    );
    assert!(html.contains("Careful</p>"), "{html}");
    assert!(
        html.contains("<p>Do <strong>not</strong> unplug.</p>"),
        "{html}"
    );
}

#[test]
fn a_notice_of_a_kind_the_theme_lacks_is_a_note_with_a_warning_at_the_shortcode() {
    let site = SiteTest::new();
    site.write(
        "content/n.en.md",
        "---\ntitle: N\n---\nIntro.\n\n{{% notice danger %}}Do **not** unplug.{{% /notice %}}\n",
    );
    let run = site.run(&["build"]);
    run.expect_code(0);
    assert_reported(&run.stderr, "warning[W0431]", "content/n.en.md:6:1");
    assert!(
        run.stderr
            .contains("notice kind `danger` has no style of its own"),
        "{}",
        run.stderr
    );
    let html = main_of(&site.output("en/n/index.html")).to_owned();
    assert!(
        html.contains(r#"<div class="notice notice-note" role="note">"#),
        "{html}"
    );
    assert!(html.contains("<strong>not</strong>"), "{html}");
    // As every warning, it stops a strict build.
    site.run(&["build", "--strict"]).expect_code(1);
}

#[test]
fn markdownify_renders_the_body_of_an_html_delimited_shortcode_as_markdown() {
    let site = SiteTest::new();
    site.write(
        "shortcodes/note.html",
        "<aside>{{ inner | markdownify }}</aside><span>{{ params.text | markdownify }}</span>",
    );
    let html = page(
        &site,
        "{{< note text=\"a *b*\" >}}**bold** and [a link](https://example.org/)\n\n- one\n{{< /note >}}\n\n{{< notice tip >}}Do **not** unplug.{{< /notice >}}\n",
    );
    // Two paragraphs' worth stays blocks; one paragraph loses its <p>, so it can stand inline.
    assert!(
        html.contains("<aside><p><strong>bold</strong> and <a href=\"https://example.org/\">a link</a></p>\n<ul>\n<li>one</li>"),
        "{html}"
    );
    assert!(html.contains("<span>a <em>b</em></span>"), "{html}");
    // The theme's notice renders a body written with `<` as Markdown, as Hugo themes do.
    assert!(html.contains("Do <strong>not</strong> unplug."), "{html}");
}

#[test]
fn shortcodes_in_folders_and_with_an_underscore_work_as_in_hugo() {
    let site = SiteTest::new();
    site.write(
        "shortcodes/blocks/cover.html",
        "<section class=\"cover\">{{ params.title }}: {{ inner }}</section>",
    )
    .write("shortcodes/_param.html", "<b>{{ args | first }}</b>");
    let html = page(
        &site,
        "{{< blocks/cover title=\"Welcome\" >}}inside{{< /blocks/cover >}}\n\n{{< _param name >}}\n",
    );
    assert!(
        html.contains(r#"<section class="cover">Welcome: inside</section>"#),
        "{html}"
    );
    assert!(html.contains("<b>name</b>"), "{html}");
}

#[test]
fn a_page_template_can_warn_and_the_warning_names_the_page() {
    let site = SiteTest::new();
    site.write("content/w.en.md", "---\ntitle: W\n---\nText\n")
        .write(
            "templates/page.html",
            "{% if page.description is not defined or not page.description %}{{ warn(message=\"this page has no description\") }}{% endif %}{{ page.title }}",
        );
    let run = site.run(&["build"]);
    run.expect_code(0);
    let warning = report(&run.stderr, "warning[W0508]");
    assert!(
        warning.contains("this page has no description"),
        "{warning}"
    );
    assert!(warning.contains("content/w.en.md"), "{warning}");
}

#[test]
fn notice_default_title_is_translated() {
    let site = SiteTest::new();
    site.write(
        "content/n.de.md",
        "---\ntitle: N\n---\n{{% notice tip %}}x{{% /notice %}}\n",
    );
    site.build();
    assert!(site.output("de/n/index.html").contains("Tipp</p>"));
}

#[test]
fn expand_wraps_markdown_in_details() {
    let site = SiteTest::new();
    let html = page(
        &site,
        "{{% expand \"More\" %}}\n- one\n- two\n{{% /expand %}}\n",
    );
    assert!(
        html.contains("<details class=\"expand\">\n  <summary>More</summary>\n<ul>\n<li>one</li>"),
        "{html}"
    );
}

#[test]
fn tabs_take_titles_from_positional_or_named_arguments() {
    let site = SiteTest::new();
    let html = page(
        &site,
        "{{% tabs %}}\n{{% tab \"One\" %}}\n## Inside\nfirst\n{{% /tab %}}\n{{% tab title=\"Two\" %}}second{{% /tab %}}\n{{% /tabs %}}\n\n## Inside\n",
    );
    assert!(
        html.contains(">One</button>") && html.contains(">Two</button>"),
        "{html}"
    );
    assert!(
        html.contains("<p>first</p>") && html.contains("<p>second</p>"),
        "{html}"
    );
    // Heading ids are unique across the page and follow document order.
    assert!(
        html.contains(r#"<h2 id="inside">Inside"#) && html.contains(r#"<h2 id="inside-1">Inside"#),
        "{html}"
    );
    assert!(html.find(r#"id="inside""#) < html.find(r#"id="inside-1""#));
}

/// The opening tags of the panel headings of a page: `<h3 class="tab-panel-title" id="onsite">`.
fn panel_headings(html: &str) -> Vec<&str> {
    html.match_indices("<h")
        .map(|(start, _)| &html[start..start + html[start..].find('>').unwrap() + 1])
        .filter(|tag| tag.contains("tab-panel-title"))
        .collect()
}

#[test]
fn tab_headings_are_one_level_below_the_heading_the_tabs_sit_under() {
    let site = SiteTest::new();
    let group = "{{% tabs %}}\n{{% tab \"A\" %}}\n#### Inside A\n{{% /tab %}}\n{{% tab \"B\" %}}\nb\n{{% /tab %}}\n{{% /tabs %}}\n\n";
    let html = page(
        &site,
        &format!("{group}## Two\n\n{group}{group}### Three\n\n{group}###### Six\n\n{group}"),
    );
    let levels: Vec<&str> = panel_headings(&html).iter().map(|tag| &tag[1..3]).collect();
    // Under the page's title (h1): h2. After `## Two`, twice: the `####` inside the first
    // group's panel does not count after the group. Under `###`: h4. Under `######`: still h6.
    assert_eq!(
        levels,
        ["h2", "h2", "h3", "h3", "h3", "h3", "h4", "h4", "h6", "h6"],
        "{html}"
    );
    assert!(
        html.contains(r#"<h3 class="tab-panel-title" id="a-1">A</h3>"#),
        "{html}"
    );
}

#[test]
fn tabs_inside_a_tab_sit_one_level_further_down() {
    let site = SiteTest::new();
    let html = page(
        &site,
        "## Setup\n\n{{% tabs %}}\n{{% tab \"Cloud\" %}}\n\
         {{% tabs %}}\n{{% tab \"Windows\" %}}\nw\n{{% /tab %}}\n{{% tab \"Linux\" %}}\nl\n{{% /tab %}}\n{{% /tabs %}}\n\
         {{% /tab %}}\n{{% tab \"Onsite\" %}}\no\n{{% /tab %}}\n{{% /tabs %}}\n",
    );
    assert_eq!(
        panel_headings(&html),
        [
            r#"<h3 class="tab-panel-title" id="cloud">"#,
            r#"<h4 class="tab-panel-title" id="windows">"#,
            r#"<h4 class="tab-panel-title" id="linux">"#,
            r#"<h3 class="tab-panel-title" id="onsite">"#,
        ],
        "{html}"
    );
}

#[test]
fn tabs_have_keys_and_their_headings_unique_ids() {
    let site = SiteTest::new();
    let html = page(
        &site,
        "## Onsite\n\n{{% tabs %}}\n{{% tab \"Cloud\" %}}\nc\n{{% /tab %}}\n{{% tab \"Onsite\" %}}\no\n{{% /tab %}}\n{{% /tabs %}}\n\n\
         {{% tabs %}}\n{{% tab \"Vor Ort\" key=\"Onsite\" %}}\no\n{{% /tab %}}\n{{% tab title=\"In der Cloud\" key=\"cloud\" %}}\nc\n{{% /tab %}}\n{{% /tabs %}}\n\n\
         ## Cloud\n",
    );
    // The real heading `## Onsite` comes first and keeps its id; the tabs' headings follow in
    // document order, a second group's with a suffix, and the heading after them after those.
    let ids: Vec<&str> = html
        .match_indices(r#" id=""#)
        .map(|(start, _)| {
            let rest = &html[start + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .filter(|id| {
            !["main", "toc-title"].contains(id)
                && !id.starts_with("tab-")
                && !id.starts_with("panel-")
        })
        .take(6)
        .collect();
    assert_eq!(
        ids,
        [
            "onsite", "cloud", "onsite-1", "onsite-2", "cloud-1", "cloud-2"
        ],
        "{html}"
    );
    // Keys are the slug of `key=`, else of the label, the same in both groups, on the tab and
    // on its panel.
    let keys: Vec<&str> = html
        .match_indices(r#"data-tab-key=""#)
        .map(|(start, _)| {
            let rest = &html[start + 14..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        keys,
        [
            "cloud", "onsite", "cloud", "onsite", "onsite", "cloud", "onsite", "cloud"
        ],
        "{html}"
    );
    assert!(
        html.contains(r#"data-tab-key="onsite">Vor Ort</button>"#),
        "{html}"
    );
    assert!(html.contains(r#"id="cloud-1">In der Cloud</h3>"#), "{html}");
}

#[test]
fn a_tab_outside_tabs_is_an_error() {
    let site = SiteTest::new();
    site.write(
        "content/t.en.md",
        "---\ntitle: T\n---\n{{% tab \"x\" %}}y{{% /tab %}}\n",
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    let error = report(&run.stderr, "error[E0430]");
    assert!(error.contains("::: content/t.en.md:4:1"), "{error}");
}

#[test]
fn description_icon_and_escaped_shortcodes() {
    let site = SiteTest::new();
    let html = page(
        &site,
        "{{< description >}}\n\nServer: {{< icon \"server\" >}} and {{< icon name=\"phone\" label=\"IP phone\" >}}.\n\nWrite `{{</* notice */>}}`.\n",
    );
    assert!(html.contains("<p>A page for tests.</p>"), "{html}");
    assert!(
        html.contains(r#"<svg class="icon icon-server" aria-hidden="true""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<svg class="icon icon-phone" role="img" aria-label="IP phone""#),
        "{html}"
    );
    assert!(html.contains("<code>{{&lt; notice &gt;}}</code>"), "{html}");
}

#[test]
fn relref_and_ref_resolve_in_the_current_language() {
    let site = SiteTest::new();
    site.write(
        "content/server/ports.en.md",
        "---\ntitle: Ports\n---\n## Firewall\n",
    )
    .write("content/server/ports.de.md", "---\ntitle: Ports\n---\n");
    let html = page(
        &site,
        "[ports]({{< relref \"server/ports.md#firewall\" >}}), [de]({{< relref \"server/ports\" lang=\"de\" >}}), [abs]({{< ref \"/server/ports\" >}})\n",
    );
    assert!(
        html.contains(r#"<a href="../../en/server/ports/#firewall">ports</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../../de/server/ports/">de</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://docs.example.org/en/server/ports/">abs</a>"#),
        "{html}"
    );
}

#[test]
fn relref_to_a_missing_page_is_an_error_at_the_shortcode() {
    let site = SiteTest::new();
    site.write(
        "content/r.en.md",
        "---\ntitle: R\n---\nSee {{< relref \"nowhere\" >}}.\n",
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    let error = report(&run.stderr, "error[E0901]");
    assert!(error.contains("::: content/r.en.md:4:5"), "{error}");
}

#[test]
fn include_prefers_the_language_variant_of_a_fragment() {
    let site = SiteTest::new();
    site.write("content/guide/_note.md", "Generic **note**.\n")
        .write("content/guide/_note.de.md", "Deutscher **Hinweis**.\n")
        .write(
            "content/guide/a.en.md",
            "---\ntitle: A\n---\n{{% include \"_note.md\" %}}\n",
        )
        .write(
            "content/guide/a.de.md",
            "---\ntitle: A\n---\n{{% include \"_note.md\" %}}\n",
        );
    site.build();
    assert!(
        site.output("en/guide/a/index.html")
            .contains("<p>Generic <strong>note</strong>.</p>")
    );
    assert!(
        site.output("de/guide/a/index.html")
            .contains("<p>Deutscher <strong>Hinweis</strong>.</p>")
    );
    assert!(!site.public().join("en/guide/_note").exists());
}

#[test]
fn include_cycles_are_reported() {
    let site = SiteTest::new();
    site.write("content/_a.md", "{{% include \"_b.md\" %}}\n")
        .write("content/_b.md", "{{% include \"_a.md\" %}}\n")
        .write(
            "content/x.en.md",
            "---\ntitle: X\n---\n{{% include \"_a.md\" %}}\n",
        );
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0422]", "content/_b.md:1:1");
}

#[test]
fn site_shortcodes_override_the_theme() {
    let site = SiteTest::new();
    site.write(
        "shortcodes/notice.html",
        "<aside class=\"mine\">{{ inner }}</aside>",
    );
    let html = page(&site, "{{% notice %}}hi{{% /notice %}}\n");
    assert!(
        html.contains("<aside class=\"mine\"><p>hi</p>\n</aside>"),
        "{html}"
    );
}

#[test]
fn html_delimiter_passes_inner_text_without_markdown() {
    let site = SiteTest::new();
    site.write("shortcodes/raw.html", "<pre>{{ inner }}</pre>");
    let html = page(
        &site,
        "{{< raw >}}*not emphasis* {{< icon \"server\" >}}{{< /raw >}}\n",
    );
    assert!(
        html.contains("<pre>*not emphasis* <svg class=\"icon icon-server\""),
        "{html}"
    );
}

#[test]
fn templates_read_data_files_by_name() {
    let site = SiteTest::new();
    site.write("data/network/vpn.yaml", "gateways:\n  - name: Berlin\n    port: 1194\n  - name: Wien\n    port: 1195\n")
        .write(
            "shortcodes/gateways.html",
            "{% set vpn = load_data(name=\"network/vpn\") %}<ul>{% for gateway in vpn.gateways %}<li>{{ gateway.name }}: {{ gateway.port }}</li>{% endfor %}</ul>",
        );
    let html = page(&site, "{{< gateways >}}\n");
    assert!(
        html.contains("<ul><li>Berlin: 1194</li><li>Wien: 1195</li></ul>"),
        "{html}"
    );
}

#[test]
fn loading_a_missing_data_file_names_the_known_ones() {
    let site = SiteTest::new();
    site.write("data/a.yaml", "x: 1\n")
        .write("shortcodes/d.html", "{{ load_data(name=\"b\") }}")
        .write("content/p.en.md", "---\ntitle: P\n---\n{{< d >}}\n");
    let run = site.run(&["build"]);
    run.expect_code(1);
    // The message names the data files there are.
    assert!(
        report(&run.stderr, "error[E0702]")
            .contains("no data file `b` (looked for `data/b.yaml`; data files: a)"),
        "{}",
        run.stderr
    );
}

#[test]
fn include_cycles_through_shortcode_bodies_are_reported() {
    let site = SiteTest::new();
    site.write(
        "content/_loop.md",
        "{{% notice %}}{{% include \"_loop.md\" %}}{{% /notice %}}\n",
    )
    .write(
        "content/x.en.md",
        "---\ntitle: X\n---\n{{% include \"_loop.md\" %}}\n",
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert_reported(&run.stderr, "error[E0422]", "content/_loop.md:1:15");
}
