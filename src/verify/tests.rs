use super::*;

fn config(base_url: &str) -> SiteConfig {
    let mut config = crate::config::two_languages();
    config.base_url = base_url.to_owned();
    config
}

fn internal(path: &str, fragment: Option<&str>) -> Target {
    Target::Internal {
        path: path.to_owned(),
        fragment: fragment.map(str::to_owned),
    }
}

#[test]
fn relative_links_lead_to_output_paths() {
    let config = config("https://docs.example.org/");
    let resolver = Resolver::new(&config);
    let page = "en/guide/setup/index.html";
    assert_eq!(
        resolver.target(page, "shot.png"),
        internal("en/guide/setup/shot.png", None)
    );
    assert_eq!(
        resolver.target(page, "../"),
        internal("en/guide/index.html", None)
    );
    assert_eq!(
        resolver.target(page, "../../../"),
        internal("index.html", None)
    );
    assert_eq!(
        resolver.target(page, "../other/?x=1#part%20two"),
        internal("en/guide/other/index.html", Some("part two"))
    );
    assert_eq!(resolver.target(page, "#top"), internal(page, Some("top")));
    assert_eq!(
        resolver.target(page, "a%20b.png"),
        internal("en/guide/setup/a b.png", None)
    );
    assert_eq!(resolver.target(page, "../../../../x"), Target::Outside);
}

#[test]
fn absolute_links_are_internal_below_the_base() {
    let config = config("https://docs.example.org/docs/");
    let resolver = Resolver::new(&config);
    let page = "en/index.html";
    assert_eq!(
        resolver.target(page, "/docs/en/"),
        internal("en/index.html", None)
    );
    assert_eq!(resolver.target(page, "/other/"), Target::Outside);
    assert_eq!(
        resolver.target(page, "https://docs.example.org/docs/de/x/#y"),
        internal("de/x/index.html", Some("y"))
    );
    for external in [
        "https://example.org/",
        "//cdn.example.org/x.js",
        "mailto:a@b.example",
        "tel:+49",
    ] {
        assert_eq!(
            resolver.target(page, external),
            Target::External,
            "{external}"
        );
    }
}

#[test]
fn links_with_the_same_text_and_base_lead_to_the_same_place() {
    let config = config("https://docs.example.org/docs/");
    let resolver = Resolver::new(&config);
    let pages = [
        "index.html",
        "en/index.html",
        "en/guide/index.html",
        "en/guide/setup/index.html",
        "en/guide/other/index.html",
        "de/guide/setup/index.html",
        "en/a/b/c/index.html",
    ];
    let urls = [
        "",
        "#top",
        "?tab=x#a",
        "x.png",
        "./x/",
        "../",
        "../../",
        "../../../",
        "../../../../",
        "../../en/guide/",
        "../x/../../y/",
        "a/../../b#c",
        "../guide/setup/#id",
        "/docs/en/",
        "/other/",
        "https://docs.example.org/docs/en/#x",
        "https://else.example/",
        "mailto:a@b",
        "//cdn.example/x.js",
        "a:b",
        "..",
        "../..",
    ];
    let mut compared = 0;
    for url in urls {
        for first in pages {
            for second in pages {
                if resolver.base(first, url) == resolver.base(second, url) {
                    compared += 1;
                    assert_eq!(
                        resolver.target(first, url),
                        resolver.target(second, url),
                        "`{url}` from {first} and {second}"
                    );
                }
            }
        }
    }
    // Pages at the same depth share the base of links that climb to the root.
    assert_eq!(
        resolver.base("en/guide/setup/index.html", "../../../en/"),
        resolver.base("de/guide/setup/index.html", "../../../en/")
    );
    assert_ne!(
        resolver.base("en/guide/setup/index.html", "../x/"),
        resolver.base("de/guide/setup/index.html", "../x/")
    );
    assert!(compared > urls.len() * pages.len());
}

fn problems(pages: &[(&str, &str)], copies: &[&str]) -> Vec<(String, Problem)> {
    let config = config("https://docs.example.org/");
    let resolver = Resolver::new(&config);
    let mut scanned = Pages::default();
    for &(path, html) in pages {
        if path.ends_with(".html") {
            scanned.add(path, Pages::scan(html), &[]);
        }
    }
    let output = Output {
        pages: &scanned,
        files: pages
            .iter()
            .map(|(path, _)| *path)
            .chain(copies.iter().copied())
            .collect(),
    };
    let ids = Ids::new(&scanned);
    let mut found = Vec::new();
    for page in (0..scanned.len()).map(|number| scanned.page(number)) {
        for link in page.links.iter().map(Link) {
            let (url, attribute) = (scanned.text(link.number()), link.attribute());
            if let Some(problem) = resolver.check(page.path, url, attribute, &output, &ids) {
                found.push((url.to_owned(), problem));
            }
        }
    }
    found
}

#[test]
fn missing_files_and_anchors_are_found() {
    let pages = [
        (
            "en/a/index.html",
            r##"<a href="../b/#here">ok</a><a href="../b/#gone">x</a><img src="shot.png">
                <img src="missing.png"><a href="../b">folder</a><a href="#">top</a><a href="#self">s</a>
                <h2 id="self">S</h2><img srcset="shot.png 1x, shot@2x.png 2x"><a href="shot.png#page=2">pdf</a>"##,
        ),
        ("en/b/index.html", r#"<p id="here">"#),
    ];
    let found = problems(&pages, &["en/a/shot.png"]);
    assert_eq!(
        found,
        [
            (
                "../b/#gone".to_owned(),
                Problem::MissingAnchor {
                    page: "en/b/index.html".to_owned(),
                    fragment: "gone".to_owned()
                }
            ),
            (
                "missing.png".to_owned(),
                Problem::MissingFile("en/a/missing.png".to_owned())
            ),
            (
                "shot@2x.png".to_owned(),
                Problem::MissingFile("en/a/shot@2x.png".to_owned())
            ),
        ]
    );
}

#[test]
fn links_to_the_page_itself_are_checked_when_it_is_added() {
    let pages = [(
        "en/a/index.html",
        r##"<h2 id="here">H</h2><a name="old"></a><a href="#here">1</a><a href="#old">2</a>
            <a href="?print=1">3</a><a href="#">4</a><a href="#top">5</a><img src="#here-too">
            <a href="#gone">6</a><a href="?x=1#gone%20too">7</a>"##,
    )];
    let found = problems(&pages, &[]);
    let missing = |fragment: &str| Problem::MissingAnchor {
        page: "en/a/index.html".to_owned(),
        fragment: fragment.to_owned(),
    };
    assert_eq!(
        found,
        [
            ("#gone".to_owned(), missing("gone")),
            ("?x=1#gone%20too".to_owned(), missing("gone too")),
        ]
    );
    // What was found on the page is not kept: neither as a text nor as a link of the page.
    let mut scanned = Pages::default();
    let file = crate::diagnostics::SourceMap::new().add("content/a.md", "[x](#here)");
    let written = |url: &str| LinkSource {
        url: url.to_owned(),
        span: Span {
            file,
            start: 0,
            end: 10,
        },
        template: None,
        reported: false,
    };
    scanned.add(
        pages[0].0,
        Pages::scan(pages[0].1),
        &[written("#here"), written("#gone")],
    );
    for kept in ["#here", "#old", "?print=1", "#", "#top", "#here-too"] {
        assert_eq!(scanned.texts.find(kept), None, "{kept}");
    }
    let page = scanned.page(0);
    assert_eq!(page.path, "en/a/index.html");
    assert_eq!(page.links.iter().count(), 2);
    let written: Vec<&str> = page
        .written
        .iter()
        .map(|link| scanned.text(link.url))
        .collect();
    assert_eq!(written, ["#gone"]);
}

#[test]
fn a_link_without_a_path_leads_to_the_page_itself() {
    for url in ["", "#", "#part", "?print=1", "?x=1#y"] {
        assert!(leads_to_itself(url), "{url}");
    }
    for url in [
        "./",
        "./#part",
        "x#part",
        "/#part",
        "../?x=1",
        "https://example.org/#x",
    ] {
        assert!(!leads_to_itself(url), "{url}");
    }
}

#[test]
fn pages_read_back_as_they_were_added() {
    let mut scanned = Pages::default();
    let paths: Vec<String> = (0..2000)
        .map(|n| format!("de/s{}/p{n:05}/index.html", n % 20))
        .collect();
    for (n, path) in paths.iter().enumerate() {
        let html = format!(
            r#"<a href="../p{:05}/">n</a><a href="../../s00/">s</a><h2 id="h{n}">x</h2>"#,
            n + 1
        );
        scanned.add(path, Pages::scan(&html), &[]);
    }
    assert_eq!(scanned.len(), 2000);
    // 2,000 records of about 35 bytes: one block, no allocation of a page's own.
    assert_eq!(scanned.records.blocks.len(), 1);
    let ids = Ids::new(&scanned);
    for (n, path) in paths.iter().enumerate() {
        let page = scanned.page(n as u32);
        assert_eq!(page.path, path);
        let links: Vec<&str> = page
            .links
            .iter()
            .map(|link| scanned.text(Link(link).number()))
            .collect();
        assert_eq!(links.len(), 2);
        assert!(links.contains(&format!("../p{:05}/", n + 1).as_str()));
        assert!(links.contains(&"../../s00/"));
        assert_eq!(ids.has(path, &format!("h{n}")), Some(true));
        assert_eq!(ids.has(path, &format!("h{}", n + 1)), Some(false));
    }
    assert_eq!(ids.has("de/nowhere/index.html", "h1"), None);
}

#[test]
fn each_distinct_text_has_one_number_and_reads_back() {
    let mut texts = Texts::default();
    let words: Vec<String> = (0..5000).map(|n| format!("../s{}/p{n}/", n % 7)).collect();
    let numbers: Vec<u32> = words.iter().map(|word| texts.number(word)).collect();
    let again: Vec<u32> = words.iter().map(|word| texts.number(word)).collect();
    assert_eq!(numbers, again);
    assert_eq!(numbers, (0..5000).collect::<Vec<u32>>());
    assert_eq!(texts.number(""), 5000);
    assert_eq!(texts.get(5000), "");
    for (word, number) in words.iter().zip(numbers) {
        assert_eq!(texts.get(number), word);
    }
    assert_eq!(texts.find("../s0/p7/"), Some(7));
    assert_eq!(texts.find("../s0/p5000/"), None);
}

#[test]
fn a_link_keeps_its_number_and_attribute() {
    for attribute in Link::ATTRIBUTES {
        for number in [0, 1, 77, (1 << 30) - 1] {
            let link = Link::new(number, attribute);
            assert_eq!((link.number(), link.attribute()), (number, attribute));
        }
    }
}

#[test]
fn texts_are_found_again_across_blocks_whatever_their_length() {
    let mut texts = Texts::default();
    let long = "l".repeat(BLOCK + 10);
    // Enough texts to fill several blocks, with empty ones and one longer than a block among
    // them, each added twice: the second time finds the first's number.
    let all: Vec<String> = (0..3 * BLOCK / 20)
        .map(|n| match n % 1000 {
            0 => String::new(),
            500 => long.clone(),
            _ => format!("../page-{n}/#section"),
        })
        .collect();
    let numbers: Vec<u32> = all.iter().map(|text| texts.number(text)).collect();
    assert!(
        texts.joined.blocks.len() > 3,
        "the texts fill several blocks"
    );
    for (text, &number) in all.iter().zip(&numbers) {
        assert_eq!(texts.get(number), text);
        assert_eq!(texts.number(text), number);
        assert_eq!(texts.find(text), Some(number));
    }
    assert_eq!(texts.find("../nowhere/"), None);
    assert!(
        texts
            .joined
            .blocks
            .iter()
            .all(|block| block.capacity() == BLOCK || block.len() == block.capacity()),
        "no block grew"
    );
}
