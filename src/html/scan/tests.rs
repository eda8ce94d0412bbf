use super::*;

fn links(html: &str) -> Vec<(LinkAttribute, String)> {
    scan(html)
        .links
        .into_iter()
        .map(|link| (link.attribute, link.url.into_owned()))
        .collect()
}

fn ids(html: &str) -> Vec<String> {
    scan(html).ids.into_iter().map(Cow::into_owned).collect()
}

#[test]
fn attributes_quoted_unquoted_and_with_references() {
    let html = r#"<a href="a.html?x=1&amp;y=2">x</a><IMG SRC=b.png alt=x><a href='c&#47;d'>"#;
    assert_eq!(
        links(html),
        [
            (LinkAttribute::Href, "a.html?x=1&y=2".to_owned()),
            (LinkAttribute::Src, "b.png".to_owned()),
            (LinkAttribute::Href, "c/d".to_owned()),
        ]
    );
}

#[test]
fn srcset_gives_each_candidate() {
    let html = r#"<img src="a.png" srcset="a-2x.png 2x, a-3x.png 3x,a-w.png 640w">"#;
    let found: Vec<String> = links(html).into_iter().map(|(_, url)| url).collect();
    assert_eq!(found, ["a.png", "a-2x.png", "a-3x.png", "a-w.png"]);
}

#[test]
fn comments_raw_text_and_declarations_are_skipped() {
    let html = "<!DOCTYPE html><!-- <a href=\"no1\"> --><script>if (a<b) x = '<a href=\"no2\">';</script>\
                <style>a[href=\"no3\"]{}</style><title><a href=no4></title><textarea><img src=no5></textarea>\
                <svg><![CDATA[<a href=\"no6\">]]><use xlink:href=\"#icon\"/></svg><?xml x?><a href=\"yes\">";
    let found: Vec<String> = links(html).into_iter().map(|(_, url)| url).collect();
    assert_eq!(found, ["#icon", "yes"]);
}

#[test]
fn ids_and_anchor_names() {
    let html = r#"<h2 id="ports">P</h2><a name="old"></a><div name="not-an-anchor" id='x&amp;y'>"#;
    assert_eq!(ids(html), ["ports", "old", "x&y"]);
}

#[test]
fn the_first_of_a_repeated_attribute_counts() {
    assert_eq!(
        links(r#"<a href="first" HREF="second">"#),
        [(LinkAttribute::Href, "first".to_owned())]
    );
}

#[test]
fn unfinished_documents_end_without_panicking() {
    for html in [
        "<a href=\"x",
        "<a href",
        "<!--",
        "<script>",
        "<a href='x' ",
        "<",
        "&#xZZ;",
        "<a b=&#99999999;>",
    ] {
        let _ = scan(html);
    }
    assert_eq!(decode("&#x41;&#66;&lt;&bogus;&"), "AB<&bogus;&");
}

/// What html5gum, a spec-compliant tokenizer, reads as links and ids.
fn reference(html: &str) -> (Vec<(LinkAttribute, String)>, Vec<String>) {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut found = Vec::new();
    let mut ids = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        // html5gum keeps attributes sorted; order them as written to compare.
        let mut attributes: Vec<(String, String, usize)> = tag
            .attributes
            .iter()
            .map(|(key, value)| {
                let key = String::from_utf8_lossy(key).into_owned();
                (key, String::from_utf8_lossy(value).into_owned(), 0)
            })
            .collect();
        attributes.sort();
        for (key, value, _) in attributes {
            match key.as_str() {
                "href" | "xlink:href" => found.push((LinkAttribute::Href, value)),
                "src" => found.push((LinkAttribute::Src, value)),
                "poster" => found.push((LinkAttribute::Poster, value)),
                "srcset" => found
                    .extend(srcset_urls(&value).map(|url| (LinkAttribute::Srcset, url.to_owned()))),
                "id" => ids.push(value),
                "name" if name == "a" => ids.push(value),
                _ => {}
            }
        }
    }
    (found, ids)
}

/// Compares with html5gum, ignoring the order of attributes within a tag.
fn assert_like_html5gum(html: &str) {
    let (mut expected_links, mut expected_ids) = reference(html);
    let scanned = scan(html);
    let mut found_links: Vec<(LinkAttribute, String)> = scanned
        .links
        .iter()
        .map(|link| (link.attribute, link.url.clone().into_owned()))
        .collect();
    let mut found_ids: Vec<String> = scanned
        .ids
        .iter()
        .map(|id| id.clone().into_owned())
        .collect();
    for list in [&mut expected_ids, &mut found_ids] {
        list.sort();
    }
    expected_links.sort();
    found_links.sort();
    assert_eq!(found_links, expected_links, "links differ in:\n{html}");
    assert_eq!(found_ids, expected_ids, "ids differ in:\n{html}");
}

#[test]
fn reads_what_html5gum_reads_in_hand_made_documents() {
    for html in [
        r#"<a href="a.html?x=1&amp;y=2">x</a><IMG SRC=b.png alt=x><a href='c&#47;d'>"#,
        "<p id=a><a name=b href=#a>x</a></p><img srcset=\"x.png 1x, y.png 2x\">",
        "<!-- <a href=x> --><script>'<a href=y>'</script><a href=z>",
        "<svg><use xlink:href=\"#i\"/><a href=\"#j\"><title>t</title></a></svg>",
        "<video poster=p.png src=v.mp4><source src=s.webm></video>",
        "<a  href = \"spaced\"  id = 'q' >",
    ] {
        assert_like_html5gum(html);
    }
}

#[test]
fn reads_what_html5gum_reads_in_random_documents() {
    let pieces = [
        "<a href=\"x.html\">",
        "</a>",
        "<img src='i.png' alt=\"a > b\">",
        "<p id=para>",
        "text & more",
        "<!-- c <a href=no> -->",
        "<script>var a = '<a href=no>';</script>",
        "<h2 id=\"h&amp;2\">",
        "<a name=anchor>",
        "<img srcset=\"a.png 1x,b.png 2x\">",
        "<style>p{}</style>",
        "&lt;a href=no&gt;",
        "<div class=x data-href=no>",
        "<a href=#frag>",
        "<br/>",
        "<title>t <a href=no></title>",
        "<a href=\"&#x2F;abs\">",
        "< not a tag",
        "<textarea><img src=no></textarea>",
        "<svg><use href=#u /></svg>",
    ];
    let mut seed: u64 = 0x7AFE1;
    for _ in 0..300 {
        let mut html = String::new();
        for _ in 0..20 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            html.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        assert_like_html5gum(&html);
    }
}

#[test]
fn reads_what_html5gum_reads_in_every_page_of_the_example_site() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = crate::pipeline::LoadOptions {
        site: root.to_owned(),
        ..crate::pipeline::LoadOptions::default()
    };
    let Ok(mut loaded) = crate::pipeline::load(&options, false) else {
        panic!("the example site loads");
    };
    let rendered = crate::render::render_site(&mut loaded.theme, &loaded.site);
    let pages: Vec<&str> = rendered
        .files()
        .filter(|file| file.path.ends_with(".html"))
        .map(|file| std::str::from_utf8(&file.bytes).expect("pages are UTF-8"))
        .collect();
    assert!(pages.len() > 5);
    for html in pages {
        assert!(!scan(html).links.is_empty());
        assert_like_html5gum(html);
    }
}
