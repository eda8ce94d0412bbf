//! The repository's own site: what a new user gets from `cargo run -- build`.

use crate::util::{SiteTest, main_of, text_of};

const DE: &str = "de/server/port-overview/index.html";
const EN: &str = "en/server/port-overview/index.html";

#[test]
fn builds_both_port_overview_pages() {
    let site = SiteTest::example();
    let run = site.build();
    assert!(run.stderr.contains("built"), "{}", run.stderr);
    assert!(site.output(DE).contains("<html lang=\"de\">"));
    assert!(site.output(EN).contains("<html lang=\"en\">"));
    assert!(site.output("index.html").contains("de/"));
}

#[test]
fn language_switcher_links_both_ways() {
    let site = SiteTest::example();
    site.build();
    assert!(site.output(DE).contains(
        r#"<a href="../../../en/server/port-overview/" hreflang="en" lang="en">English</a>"#
    ));
    assert!(site.output(EN).contains(
        r#"<a href="../../../de/server/port-overview/" hreflang="de" lang="de">Deutsch</a>"#
    ));
    assert!(
        site.output(DE)
            .contains(r#"<span class="current" aria-current="true" lang="de">Deutsch</span>"#)
    );
}

#[test]
fn tabs_markup_pairs_tabs_with_panels() {
    let site = SiteTest::example();
    site.build();
    for page in [DE, EN] {
        let html = site.output(page);
        assert_eq!(html.matches(r#"role="tablist""#).count(), 1, "{page}");
        assert_eq!(html.matches(r#"role="tab" "#).count(), 2, "{page}");
        assert_eq!(html.matches(r#"role="tabpanel""#).count(), 2, "{page}");
        // Every tab controls a panel that exists and is labelled by that tab.
        for (start, _) in html.match_indices(r#"aria-controls=""#) {
            let id_start = start + r#"aria-controls=""#.len();
            let id = &html[id_start..id_start + html[id_start..].find('"').unwrap()];
            assert!(
                html.contains(&format!(r#"id="{id}""#)),
                "{page}: no panel {id}"
            );
        }
        assert!(
            html.contains(">Cloud</button>") && html.contains(">Onsite</button>"),
            "{page}"
        );
    }
}

#[test]
fn navigation_marks_the_current_page() {
    let site = SiteTest::example();
    site.build();
    let html = site.output(DE);
    let nav =
        &html[html.find(r#"class="site-nav""#).unwrap()..html.find("</nav>\n  <main").unwrap()];
    assert!(
        nav.contains(r#"<a href="../../../de/server/port-overview/" aria-current="page">"#),
        "{nav}"
    );
    assert!(
        nav.contains(r#"<a href="../../../de/server/">Server</a>"#),
        "{nav}"
    );
}

/// Every row of the original German tables, as (port, protocol, German function, English function).
const SEED_ROWS: [(&str, &str, &str, &str); 12] = [
    ("5061", "TCP", "SIP-Verbindung", "SIP connection"),
    ("30000–35000", "UDP", "RTP-Sprache", "RTP voice"),
    ("636", "TCP", "LDAPS, Telefonbuch", "LDAPS, phone book"),
    (
        "8884",
        "TCP",
        "Telefonprovisionierung",
        "Phone provisioning",
    ),
    (
        "80, 443",
        "TCP",
        "Updates, Push",
        "Updates, push notifications",
    ),
    ("3478", "UDP", "Video-Funktionalität", "Video"),
    ("5222", "TCP", "Chat", "Chat"),
    (
        "19302",
        "UDP+TCP",
        "WebRTC – WebClient",
        "WebRTC – web client",
    ),
    ("8885", "TCP", "VPN-Tunnel zur PBX", "VPN tunnel to the PBX"),
    ("80, 443", "TCP", "Lizenzserver", "Licence server"),
    (
        "25",
        "TCP",
        "Zugriff auf den pascom Mailserver",
        "Access to the pascom mail server",
    ),
    (
        "123",
        "UDP",
        "Zugriff auf den Zeitserver (NTP)",
        "Access to the time server (NTP)",
    ),
];

#[test]
fn tables_carry_every_row_of_the_original_in_both_languages() {
    let site = SiteTest::example();
    site.build();
    let german = text_of(main_of(&site.output(DE)));
    let english = text_of(main_of(&site.output(EN)));
    for (port, protocol, function_de, function_en) in SEED_ROWS {
        let cell = format!("{port} /{protocol} {function_de}");
        assert!(german.contains(&cell), "German page lacks `{cell}`");
        let cell = format!("{port} /{protocol} {function_en}");
        assert!(english.contains(&cell), "English page lacks `{cell}`");
    }
    // The cloud rules also appear as inbound rules of the onsite variant.
    assert_eq!(german.matches("5061 /TCP SIP-Verbindung").count(), 2);
    // The English twin of the original said 123/TCP; the data says UDP for both.
    assert!(!english.contains("123 /TCP") && !german.contains("123 /TCP"));
}

#[test]
fn no_port_table_is_hand_written() {
    let site = SiteTest::example();
    for language in ["de", "en"] {
        let source = site.read_source(&format!("content/server/port-overview.{language}.md"));
        assert!(
            !source.contains("|---"),
            "a Markdown table in the {language} page"
        );
        assert!(source.contains(r#"{{< ports-table deployment="cloud" >}}"#));
    }
}

#[test]
fn legend_lists_exactly_the_devices_of_its_tables() {
    let site = SiteTest::example();
    site.build();
    let html = site.output(EN);
    let legends: Vec<&str> = html
        .match_indices(r#"<div class="ports-legend">"#)
        .map(|(start, _)| &html[start..start + html[start..].find("</div>").unwrap()])
        .collect();
    assert_eq!(legends.len(), 2);
    let cloud = text_of(legends[0]);
    assert!(
        cloud.contains("Web client") && cloud.contains("pascom server"),
        "{cloud}"
    );
    assert!(
        cloud.contains("* The pascom.cloud may resolve to different IP addresses."),
        "{cloud}"
    );
    let onsite = text_of(legends[1]);
    assert!(onsite.contains("IP phone"), "{onsite}");
}

#[test]
fn data_values_are_escaped() {
    let site = SiteTest::example();
    let messages = site.read_source("i18n/en/ports.ftl");
    site.write(
        "i18n/en/ports.ftl",
        &messages.replace(
            "function-chat = Chat",
            "function-chat = <script>alert(1)</script> & chat",
        ),
    );
    site.build();
    let html = site.output(EN);
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; chat")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; chat"),
        "escaped text missing"
    );
}

#[test]
fn the_readme_shows_the_error_tafel_prints() {
    let readme = std::fs::read_to_string(crate::util::repo().join("README.md")).unwrap();
    let start = readme
        .find("```text\nerror[E0401]: unknown shortcode `tabz`")
        .expect("the README's example")
        + 8;
    let example = &readme[start..start + readme[start..].find("```").unwrap()];

    let site = SiteTest::example();
    let page = site.read_source("content/server/port-overview.de.md");
    site.write(
        "content/server/port-overview.de.md",
        &page.replacen("{{% tabs %}}", "{{% tabz %}}", 1),
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert!(
        run.stderr.starts_with(example),
        "README:\n{example}\nprinted:\n{}",
        run.stderr
    );
}

/// The `<loc>`s of a sitemap file, in order.
fn locs(xml: &str) -> Vec<&str> {
    xml.split("<loc>")
        .skip(1)
        .map(|rest| rest.split_once("</loc>").expect("closed").0)
        .collect()
}

/// Past `SITEMAP_ENTRIES` pages the sitemap is an index of files of that many, which together
/// list every page once.
#[test]
fn a_sitemap_of_more_pages_than_one_file_lists_is_an_index_of_its_parts() {
    let site = SiteTest::example();
    site.build();
    let alone = locs(&site.output("sitemap.xml")).len();
    for n in 1..=tafel::render::SITEMAP_ENTRIES {
        site.write(
            &format!("content/many/p{n}.en.md"),
            &format!("---\ntitle: Page {n}\n---\nText.\n"),
        );
    }
    site.build();
    assert_eq!(
        site.output("sitemap.xml"),
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            "  <sitemap>\n    <loc>https://docs.example.org/sitemap-1.xml</loc>\n  </sitemap>\n",
            "  <sitemap>\n    <loc>https://docs.example.org/sitemap-2.xml</loc>\n  </sitemap>\n",
            "</sitemapindex>\n",
        )
    );
    let (first, second) = (site.output("sitemap-1.xml"), site.output("sitemap-2.xml"));
    assert!(first.starts_with("<?xml") && first.trim_end().ends_with("</urlset>"));
    assert_eq!(locs(&first).len(), tafel::render::SITEMAP_ENTRIES);
    // The pages added, the section they made, and the pages there were before.
    let mut all: Vec<&str> = locs(&first).into_iter().chain(locs(&second)).collect();
    assert_eq!(all.len(), alone + tafel::render::SITEMAP_ENTRIES + 1);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), alone + tafel::render::SITEMAP_ENTRIES + 1);
    let last = format!(
        "https://docs.example.org/en/many/p{}/",
        tafel::render::SITEMAP_ENTRIES
    );
    for page in [
        "https://docs.example.org/en/many/p1/",
        &last,
        "https://docs.example.org/de/server/port-overview/",
    ] {
        assert!(all.binary_search(&page).is_ok(), "{page}");
    }
    assert!(!site.public().join("sitemap-3.xml").exists());
}

#[test]
fn robots_sitemap_alternates_favicon_and_open_graph() {
    let site = SiteTest::example();
    site.write(
        "content/only-english.en.md",
        "---\ntitle: English only\n---\nText\n",
    );
    site.build();
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://docs.example.org/sitemap.xml\n"
    );
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains(
            r#"<xhtml:link rel="alternate" hreflang="x-default" href="https://docs.example.org/"/>"#
        ),
        "{sitemap}"
    );
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="x-default" href="https://docs.example.org/de/server/port-overview/"/>"#), "{sitemap}");

    let page = site.output("en/server/port-overview/index.html");
    for expected in [
        r#"<link rel="alternate" hreflang="de" href="https://docs.example.org/de/server/port-overview/">"#,
        r#"<link rel="alternate" hreflang="x-default" href="https://docs.example.org/de/server/port-overview/">"#,
        r#"<link rel="icon" href="../../../favicon.svg" type="image/svg+xml">"#,
        r#"<meta property="og:title" content="Port overview | Configure your firewall">"#,
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:url" content="https://docs.example.org/en/server/port-overview/">"#,
        r#"<meta property="og:locale" content="en">"#,
        r#"<meta property="og:locale:alternate" content="de">"#,
        r#"<meta property="og:description" content="Which ports"#,
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    assert!(site.output("favicon.svg").starts_with("<svg"));
    assert!(
        site.output("index.html")
            .contains(r#"<link rel="icon" href="favicon.svg""#)
    );

    // A page in one language has nothing to point to.
    let alone = site.output("en/only-english/index.html");
    assert!(!alone.contains("hreflang=\"x-default\""), "{alone}");
    assert!(!alone.contains("og:locale:alternate"), "{alone}");
}
