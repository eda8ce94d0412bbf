use std::collections::BTreeSet;

use super::*;

fn lang(code: &str) -> Lang {
    Lang::parse(code).unwrap().0
}

/// The words [`for_each_word`] finds in `text`, in order.
fn words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for_each_word(text, |word| found.push(word.as_str().to_owned()));
    found
}

fn page(title: &str, headings: &str, text: &str) -> PageText {
    PageText {
        title: title.to_owned(),
        headings: headings.to_owned(),
        text: text.to_owned(),
    }
}

#[test]
fn normalize_folds_case_umlauts_sharp_s_and_accents() {
    assert_eq!(normalize("Portübersicht"), "portubersicht");
    assert_eq!(normalize("ÄRGER Öl Über"), "arger ol uber");
    assert_eq!(normalize("Straße"), "strasse");
    assert_eq!(normalize("STRASSE"), "strasse");
    assert_eq!(normalize("Café Señor çà"), "cafe senor ca");
    // Letters without an ASCII base stay as they are.
    assert_eq!(normalize("Ørsted Łódź"), "ørsted łodz");
}

#[test]
fn words_split_on_everything_but_letters_and_digits() {
    let found = words("Port-Übersicht: 5060/UDP, sip.example.org (TLS) — Größe");
    assert_eq!(
        found,
        [
            "port",
            "ubersicht",
            "5060",
            "udp",
            "sip",
            "example",
            "org",
            "tls",
            "grosse"
        ]
    );
    let long = "x".repeat(MAX_WORD + 1);
    assert_eq!(words(&format!("a {long} b")), ["a", "b"]);
}

#[test]
fn extract_keeps_the_article_and_drops_navigation_scripts_and_drawings() {
    let html = r##"<!DOCTYPE html><html><head><title>T</title></head><body>
<header><a href="/">Site</a><input type="search"></header>
<nav class="site-nav"><a href="x">Sidebar</a></nav>
<main id="main">
<nav class="breadcrumbs"><ol><li><a href="..">Crumb</a></li></ol></nav>
<article class="content"><h1>Port&shy;&uuml;bersicht &amp; mehr</h1>
<p>Geben Sie die <strong>Firewall</strong><em>regeln</em> frei.<!-- hidden --></p>
<svg><title>Diagram</title><text>5060</text></svg>
<script>var x = "<p>no</p>";</script>
<h2 id="a">Ihre <code>Firewall</code> anpassen <a class="anchor" href="#a" aria-hidden="true">#<span>x</span></a></h2>
<p><img src="i.png" aria-hidden="true">Bild <span aria-hidden="true"><span>versteckt</span></span>da</p>
<table><tr><td>443</td><td>TCP&nbsp;&#8211;&#x2014;x</td></tr></table>
<button type="button">Cloud</button>
</article>
<nav class="toc"><h2>On this page</h2></nav>
<nav class="pager"><a href="n">Next page</a></nav>
</main>
<footer>Footer</footer></body></html>"##;
    let page = extract(html).unwrap();
    // Unknown references stay as written, known ones are decoded; a no-break space separates.
    assert_eq!(page.title, "Port&shy;&uuml;bersicht & mehr");
    assert_eq!(page.headings, "Ihre Firewall anpassen");
    assert_eq!(
        page.text,
        "Geben Sie die Firewallregeln frei. Ihre Firewall anpassen Bild da 443 TCP \u{2013}\u{2014}x"
    );
    assert_eq!(extract("<html><body><p>no main</p></body></html>"), None);
}

#[test]
fn extract_survives_broken_markup() {
    for html in [
        "<main><p>open <nav>never closed",
        "<main><a href=\"unterminated>text",
        "<main>&#xfffffff; &#; &; < <> </ <!-- open",
        "<main><svg/><p>after</p></main>",
        "<main><h1>one<h1>two</main>",
    ] {
        let page = extract(html).unwrap();
        assert!(!page.text.contains("never"), "{html}: {page:?}");
    }
    let page = extract("<main><svg/><p>after</p></main>").unwrap();
    assert_eq!(page.text, "after");
}

/// The vocabulary and every postings and records file, parsed back from the scripts.
struct Written {
    words: Vec<String>,
    shards: Vec<usize>,
    chunks: Vec<u32>,
    postings: Vec<Vec<i64>>,
    records: Vec<serde_json::Value>,
}

fn data(file: &IndexFile) -> serde_json::Value {
    let text = std::str::from_utf8(&file.bytes).unwrap();
    let json = text
        .strip_prefix("tafelSearchLoaded(")
        .and_then(|rest| rest.strip_suffix(");\n"))
        .and_then(|rest| rest.split_once(','))
        .unwrap()
        .1;
    serde_json::from_str(json).unwrap()
}

fn read(files: &[IndexFile], lang: &str) -> Written {
    let by_path = |path: String| {
        files
            .iter()
            .find(|file| file.path == path)
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let head = data(by_path(format!("search/{lang}/words.js")));
    let list = |key: &str| head[key].as_array().unwrap().clone();
    let words: Vec<String> = list("words")
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect();
    let shards: Vec<usize> = list("shards")
        .iter()
        .map(|n| n.as_u64().unwrap() as usize)
        .collect();
    let chunks: Vec<u32> = list("chunks")
        .iter()
        .map(|n| n.as_u64().unwrap() as u32)
        .collect();
    let mut postings = Vec::new();
    for number in 0..shards.len() {
        let shard = data(by_path(format!("search/{lang}/postings-{number}.js")));
        for word in shard.as_array().unwrap() {
            postings.push(
                word.as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_i64().unwrap())
                    .collect(),
            );
        }
    }
    let mut records = Vec::new();
    for number in 0..chunks.len() {
        let chunk = data(by_path(format!("search/{lang}/pages-{number}.js")));
        records.extend(chunk.as_array().unwrap().iter().cloned());
    }
    assert_eq!(words.len(), postings.len());
    Written {
        words,
        shards,
        chunks,
        postings,
        records,
    }
}

impl Written {
    /// The pages and fields of a word's postings.
    fn pages_of(&self, word: usize) -> Vec<(i64, i64)> {
        let mut page = -1;
        self.postings[word]
            .iter()
            .map(|number| {
                page += number / 4;
                (page, number % 4)
            })
            .collect()
    }

    /// The pages on which some word contains `query`, as the reader's script looks them up.
    fn search(&self, query: &str) -> BTreeSet<String> {
        let term = normalize(query);
        let mut found = BTreeSet::new();
        for (index, word) in self.words.iter().enumerate() {
            if word.contains(&term) {
                for (page, _) in self.pages_of(index) {
                    found.insert(self.records[page as usize][0].as_str().unwrap().to_owned());
                }
            }
        }
        found
    }
}

fn example_index() -> Vec<IndexFile> {
    let mut builder = Builder::new(lang("de"));
    let pages = [
        (
            "de/",
            page("Start", "", "Willkommen bei der Dokumentation."),
        ),
        (
            "de/server/ports/",
            page(
                "Portübersicht",
                "Ihre Firewall anpassen",
                "Ihre Firewall anpassen Legen Sie Firewallregeln für die Straße fest.",
            ),
        ),
        (
            "de/server/",
            page("Server", "", "Der Server braucht Regeln."),
        ),
    ];
    let mut files = Vec::new();
    for (url, text) in &pages {
        files.extend(builder.add(Entry::new(url, text)));
    }
    files.extend(builder.finish());
    files
}

#[test]
fn compounds_are_found_by_their_parts_and_umlauts_either_way() {
    let index = read(&example_index(), "de");
    let set = |urls: &[&str]| {
        urls.iter()
            .map(|url| (*url).to_owned())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        index.search("regeln"),
        set(&["de/server/", "de/server/ports/"])
    );
    assert_eq!(index.search("Firewallregeln"), set(&["de/server/ports/"]));
    assert_eq!(index.search("übersicht"), set(&["de/server/ports/"]));
    assert_eq!(index.search("Ubersicht"), set(&["de/server/ports/"]));
    assert_eq!(index.search("STRASSE"), set(&["de/server/ports/"]));
    assert_eq!(index.search("Straße"), set(&["de/server/ports/"]));
    assert!(index.search("Telefon").is_empty());
}

#[test]
fn postings_record_the_best_field_of_each_page() {
    let index = read(&example_index(), "de");
    let field = |word: &str| {
        let at = index.words.iter().position(|w| w == word).unwrap();
        index.pages_of(at)
    };
    assert_eq!(field("portubersicht"), [(1, Field::Title as i64)]);
    // On page 1 "firewall" is in a heading and the body: the heading counts.
    assert_eq!(field("firewall"), [(1, Field::Heading as i64)]);
    assert_eq!(field("server"), [(2, Field::Title as i64)]);
    assert_eq!(field("regeln"), [(2, Field::Body as i64)]);
    let record = &index.records[1];
    assert_eq!(record[0], "de/server/ports/");
    assert_eq!(record[1], "Portübersicht");
    assert!(record[2].as_str().unwrap().contains("Firewallregeln"));
}

#[test]
fn large_languages_are_split_into_shards_and_chunks_in_a_fixed_way() {
    let build = || {
        let mut builder = Builder::new(lang("en"));
        let mut files = Vec::new();
        for number in 0..400 {
            let text: String = (0..120)
                .map(|word| format!("w{}x{} ", (number * 7 + word) % 900, word % 13))
                .collect();
            let page = page(&format!("Page {number}"), "Setup", &text);
            files.extend(builder.add(Entry::new(&format!("en/p{number}/"), &page)));
        }
        files.extend(builder.finish());
        files
    };
    let first = build();
    assert_eq!(
        first,
        build(),
        "two builds of the same pages give the same files"
    );
    let index = read(&first, "en");
    assert!(index.shards.len() > 2, "{} shards", index.shards.len());
    assert!(index.chunks.len() > 2, "{} chunks", index.chunks.len());
    assert_eq!(index.records.len(), 400);
    assert!(
        index.words.windows(2).all(|pair| pair[0] < pair[1]),
        "sorted and distinct"
    );
    // Every chunk start is the number of the first record in it.
    let mut seen = 0;
    for (number, start) in index.chunks.iter().enumerate() {
        assert_eq!(*start as usize, seen);
        let chunk = first
            .iter()
            .find(|f| f.path == format!("search/en/pages-{number}.js"))
            .unwrap();
        seen += data(chunk).as_array().unwrap().len();
    }
    assert_eq!(index.search("w899x").len(), index.search("w899").len());
    assert_eq!(index.search("page").len(), 400);
}

#[test]
fn a_language_without_pages_still_has_a_vocabulary() {
    let files = Builder::new(lang("fr")).finish();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, vocabulary_file(&lang("fr")));
    assert_eq!(
        data(&files[0]),
        serde_json::json!({"pages": 0, "words": [], "shards": [], "chunks": []})
    );
}

/// Texts that reach the byte-wise scanners' every branch: ASCII, capitals, letters and digits
/// beyond ASCII, and white space and punctuation beyond ASCII (no-break space, ideographic
/// space, line separator, dashes).
const MIXED: [&str; 9] = [
    "Port-Übersicht: 5060/UDP, sip.example.org (TLS) — Größe",
    "  leading\tand\r\ntrailing \u{b}\u{c} ",
    "a\u{a0}b\u{3000}c\u{2028}d\u{85}e\u{2009}f",
    "ÄRGER straße ΣΊΣΥΦΟΣ ٣٤ Ⅻ ½ 東京 𝔘𝔫𝔦",
    "x\u{301}y n\u{303}o",
    "",
    "\u{a0}",
    "snake_case-kebab.dot/slash",
    "one space, then  two, \t a tab, a\u{a0} no-break and  \n a line ",
];

#[test]
fn the_word_scanner_splits_as_the_unicode_classes_do() {
    // The definition, a character at a time; the scanner reads bytes.
    let reference = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(normalize)
            .filter(|word| word.chars().count() <= MAX_WORD)
            .collect()
    };
    for text in MIXED {
        assert_eq!(words(text), reference(text), "{text:?}");
    }
    // A word of many bytes but few characters is kept.
    let wide = "ä".repeat(MAX_WORD);
    assert_eq!(words(&wide).len(), 1);
}

#[test]
fn extracted_text_collapses_white_space_as_the_unicode_class_does() {
    for text in MIXED {
        let html = format!("<main><p>{text}</p></main>");
        let page = extract(&html).unwrap();
        let reference = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(page.text, reference, "{text:?}");
    }
}

#[test]
fn postings_pack_distances_and_fields_and_read_back_as_written() {
    let mut postings = Postings::default();
    // Gaps of every width a number takes: one byte, two, and three.
    for (page, field) in [
        (0, Field::Title),
        (1, Field::Body),
        (200, Field::Heading),
        (100_000, Field::Body),
    ] {
        postings.push(page, field);
    }
    assert_eq!(postings.packed.len(), 1 + 1 + 2 + 3);
    assert_eq!(postings.encode(), "[6,4,797,399200]");
    assert_eq!(Postings::default().encode(), "[]");
}
