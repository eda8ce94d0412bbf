//! The site search's index as the build writes it: one per language, from that language's
//! pages only, every file it refers to present; `check` writes none.

use std::collections::BTreeSet;

use crate::util::SiteTest;

/// The JSON a file of the index hands to `tafelSearchLoaded`, with the name it gives.
fn loaded(site: &SiteTest, path: &str) -> (String, serde_json::Value) {
    let text = site.output(path);
    let call = text
        .strip_prefix("tafelSearchLoaded(\"")
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{path} is not a call of tafelSearchLoaded: {text:.80}"));
    let (name, json) = call.split_once("\",").unwrap();
    (name.to_owned(), serde_json::from_str(json).unwrap())
}

fn strings(value: &serde_json::Value) -> BTreeSet<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|word| word.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_build_writes_an_index_per_language_from_its_own_pages() {
    let site = SiteTest::example();
    let run = site.run(&["build", "--strict"]);
    run.expect_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    let mut vocabularies = Vec::new();
    for lang in ["de", "en"] {
        let (name, words) = loaded(&site, &format!("search/{lang}/words.js"));
        assert_eq!(name, format!("{lang}/words"));
        assert_eq!(
            words["pages"], 3,
            "{lang}: the home, the section and the port overview"
        );
        let vocabulary = strings(&words["words"]);
        for (key, prefix) in [("shards", "postings"), ("chunks", "pages")] {
            let count = words[key].as_array().unwrap().len();
            assert!(count >= 1, "{lang}: {key}");
            for number in 0..count {
                let (name, _) = loaded(&site, &format!("search/{lang}/{prefix}-{number}.js"));
                assert_eq!(name, format!("{lang}/{prefix}-{number}"));
            }
        }
        let (_, records) = loaded(&site, &format!("search/{lang}/pages-0.js"));
        for record in records.as_array().unwrap() {
            let url = record[0].as_str().unwrap();
            assert!(
                url.starts_with(&format!("{lang}/")),
                "{lang} index has {url}"
            );
            assert!(
                site.public().join(url).join("index.html").is_file(),
                "{url} is a page"
            );
        }
        vocabularies.push(vocabulary);
    }
    let (de, en) = (&vocabularies[0], &vocabularies[1]);
    // Compounds stay whole (the reader's script finds their parts), umlauts are folded.
    assert!(
        de.contains("portliste") && de.contains("portubersicht"),
        "{de:?}"
    );
    assert!(
        !en.contains("portliste") && en.contains("overview"),
        "{en:?}"
    );
    // The article only: the sidebar, breadcrumbs, pager and table of contents are not indexed.
    assert!(!en.contains("previous") && !en.contains("next"), "{en:?}");
    assert!(
        !de.contains("dieser"),
        "the table of contents' heading `Auf dieser Seite`"
    );
}

#[test]
fn check_writes_no_index() {
    let site = SiteTest::example();
    site.run(&["check"]).expect_code(0);
    assert!(!site.public().exists());
}

#[test]
fn a_static_file_where_the_index_goes_is_a_clash_for_build_and_check() {
    let site = SiteTest::example();
    site.write("static/search/de/words.js", "// mine\n");
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        run.expect_code(1);
        assert!(
            run.stderr.contains("error[E1007]")
                && run
                    .stderr
                    .contains("the search index's `search/de/words.js`"),
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!site.public().exists());
}
