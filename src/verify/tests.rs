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
    for page in &scanned.pages {
        for link in page.links.iter().map(Link) {
            let (url, attribute) = (scanned.text(link.number()), link.attribute());
            if let Some(problem) = resolver.check(&page.path, url, attribute, &output, &ids) {
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
