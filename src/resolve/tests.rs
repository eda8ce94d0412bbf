use super::aliases::{AliasProblem, alias_folder};
use super::*;
use crate::content::{ContentRole, classify, parse_page};
use crate::diagnostics::Code;

/// Parses `files` (path below `content/`, text) and resolves them.
fn resolve_files(files: &[(&str, &str)]) -> (Result<SiteTree, Vec<Diagnostic>>, SourceMap) {
    resolve_with_others(files, &OtherOutputs::new())
}

/// Like [`resolve_files`], with generated or copied files that pages must keep off.
fn resolve_with_others(
    files: &[(&str, &str)],
    others: &OtherOutputs,
) -> (Result<SiteTree, Vec<Diagnostic>>, SourceMap) {
    let config = crate::config::two_languages();
    let mut sources = SourceMap::new();
    sources.add(crate::config::CONFIG_FILE, "");
    let ids: Vec<_> = files
        .iter()
        .map(|(path, text)| (*path, sources.add(format!("content/{path}"), *text)))
        .collect();
    let parsed = ids
        .into_iter()
        .filter_map(|(path, file)| match classify(path, &config).unwrap() {
            ContentRole::Page { kind, lang, key } => {
                let (page, diagnostics) = parse_page(&sources, file, (kind, lang, key), None);
                assert!(diagnostics.is_empty(), "{diagnostics:?}");
                page
            }
            ContentRole::Fragment => None,
        })
        .collect();
    let (tree, diagnostics) = resolve(&config, &sources, parsed, &[], others);
    (tree.ok_or(diagnostics), sources)
}

/// The warnings of resolving `files`, which must resolve.
fn warnings_of(files: &[(&str, &str)]) -> (Vec<Diagnostic>, SourceMap) {
    let config = crate::config::two_languages();
    let mut sources = SourceMap::new();
    sources.add(crate::config::CONFIG_FILE, "");
    let ids: Vec<_> = files
        .iter()
        .map(|(path, text)| (*path, sources.add(format!("content/{path}"), *text)))
        .collect();
    let parsed = ids
        .into_iter()
        .filter_map(|(path, file)| match classify(path, &config).unwrap() {
            ContentRole::Page { kind, lang, key } => {
                parse_page(&sources, file, (kind, lang, key), None).0
            }
            ContentRole::Fragment => None,
        })
        .collect();
    let (tree, diagnostics) = resolve(&config, &sources, parsed, &[], &OtherOutputs::new());
    assert!(tree.is_some(), "{diagnostics:?}");
    (diagnostics, sources)
}

fn page(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n")
}

#[test]
fn pairs_translations_and_fills_in_homes_and_sections() {
    let (tree, _) = resolve_files(&[
        ("guide/setup.de.md", &page("Einrichtung")),
        ("guide/setup.en.md", &page("Setup")),
    ]);
    let tree = tree.unwrap();
    let de = crate::config::Lang::parse("de").unwrap().0;
    let en = crate::config::Lang::parse("en").unwrap().0;
    let german = tree.find(&de, "guide/setup").unwrap();
    let english = tree.find(&en, "guide/setup").unwrap();
    assert_eq!(tree.page(german).path, "de/guide/setup/");
    assert_eq!(tree.translation_or_nearest(german, &en), (english, true));
    let section = tree.page(german).parent.unwrap();
    assert_eq!(tree.page(section).title(), "Guide");
    assert!(tree.page(section).source.is_none());
    assert_eq!(tree.page(tree.home(&de)).path, "de/");
    assert_eq!(tree.ancestors(german), [tree.home(&de), section]);
}

#[test]
fn a_missing_translation_falls_back_to_the_nearest_translated_ancestor() {
    let (tree, _) = resolve_files(&[
        ("guide/_index.de.md", &page("Anleitung")),
        ("guide/_index.en.md", &page("Guide")),
        ("guide/only.de.md", &page("Nur deutsch")),
    ]);
    let tree = tree.unwrap();
    let de = crate::config::Lang::parse("de").unwrap().0;
    let en = crate::config::Lang::parse("en").unwrap().0;
    let only = tree.find(&de, "guide/only").unwrap();
    let (target, available) = tree.translation_or_nearest(only, &en);
    assert!(!available);
    assert_eq!(tree.page(target).key, "guide");
    assert_eq!(tree.page(target).lang, en);
}

#[test]
fn two_files_for_one_page_is_an_error_naming_both() {
    let (tree, sources) = resolve_files(&[("a.de.md", &page("A")), ("a.md", &page("A too"))]);
    let errors = tree.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::TwoFilesForOnePage);
    let paths: Vec<_> = std::iter::once(errors[0].span().unwrap())
        .chain(errors[0].notes.iter().map(|note| note.span))
        .map(|span| sources.get(span.file).path.display().to_string())
        .collect();
    assert!(
        paths.contains(&"content/a.de.md".to_owned()) && paths.contains(&"content/a.md".to_owned())
    );
}

#[test]
fn a_page_that_is_also_a_folder_is_an_error() {
    let (tree, _) = resolve_files(&[
        ("server.en.md", &page("Server")),
        ("server/ports.en.md", &page("Ports")),
    ]);
    let errors = tree.unwrap_err();
    assert_eq!(errors[0].code, Code::PageIsAlsoFolder);
    assert!(
        errors[0]
            .help
            .as_ref()
            .unwrap()
            .contains("server/_index.en.md")
    );
}

#[test]
fn slugs_must_be_one_segment_and_urls_unique() {
    let (tree, sources) = resolve_files(&[("a.en.md", "---\ntitle: A\nslug: x/y\n---\n")]);
    let errors = tree.unwrap_err();
    assert_eq!(errors[0].code, Code::InvalidSlug);
    let span = errors[0].span().unwrap();
    assert_eq!(sources.get(span.file).line_col(span.start), (3, 7));
    let (tree, _) = resolve_files(&[("b.en.md", "---\ntitle: B\nslug: \"a\\tb\"\n---\n")]);
    let errors = tree.unwrap_err();
    assert_eq!(errors[0].code, Code::InvalidSlug);
    // The tab is escaped in the message, not printed.
    assert_eq!(
        errors[0].message,
        "slug \"a\\tb\" is not a single path segment"
    );

    let (tree, sources) = resolve_files(&[
        ("a.en.md", &page("A")),
        ("b.en.md", "---\ntitle: B\nslug: a\n---\n"),
    ]);
    let errors = tree.unwrap_err();
    assert_eq!(errors[0].code, Code::UrlCollision);
    assert_eq!(
        positions(&sources, &errors[0]),
        [
            ("content/b.en.md".to_owned(), (3, 7)),
            ("content/a.en.md".to_owned(), (1, 1))
        ]
    );
}

/// The file and line/column of a diagnostic's primary span, then of each note.
fn positions(sources: &SourceMap, diagnostic: &Diagnostic) -> Vec<(String, (usize, usize))> {
    std::iter::once(diagnostic.span().unwrap())
        .chain(diagnostic.notes.iter().map(|note| note.span))
        .map(|span| {
            let file = sources.get(span.file);
            (file.path.display().to_string(), file.line_col(span.start))
        })
        .collect()
}

#[test]
fn a_url_collision_points_at_both_slugs() {
    let (tree, sources) = resolve_files(&[
        ("a.en.md", "---\ntitle: A\nweight: 1\nslug: setup\n---\n"),
        ("b.en.md", "---\ntitle: B\nslug: setup\n---\n"),
    ]);
    let errors = tree.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        positions(&sources, &errors[0]),
        [
            ("content/b.en.md".to_owned(), (3, 7)),
            ("content/a.en.md".to_owned(), (4, 7))
        ]
    );
    assert_eq!(
        errors[0].label.as_deref(),
        Some("this slug gives `/en/setup/`")
    );
}

#[test]
fn a_section_without_file_is_shown_by_its_first_page() {
    let (tree, sources) = resolve_files(&[
        ("guide/b.en.md", &page("B")),
        ("guide/a.en.md", &page("A")),
        ("other.en.md", "---\ntitle: Other\nslug: guide\n---\n"),
    ]);
    let errors = tree.unwrap_err();
    let positions = positions(&sources, &errors[0]);
    assert!(
        positions.contains(&("content/guide/a.en.md".to_owned(), (1, 1)))
            && positions.contains(&("content/other.en.md".to_owned(), (3, 7))),
        "{positions:?}"
    );
}

#[test]
fn alias_folders_stay_inside_the_language() {
    let de = crate::config::Lang::parse("de").unwrap().0;
    let folder = |alias| alias_folder(&de, alias);
    assert_eq!(folder("/old/ports/").as_deref(), Ok("de/old/ports/"));
    assert_eq!(
        folder("old/ports/index.html").as_deref(),
        Ok("de/old/ports/")
    );
    assert_eq!(folder("/./old//ports").as_deref(), Ok("de/old/ports/"));
    assert_eq!(folder("/a:b/").as_deref(), Ok("de/a:b/"));
    assert_eq!(folder("/"), Err(AliasProblem::Root));
    assert_eq!(folder("/index.html"), Err(AliasProblem::Root));
    assert_eq!(folder(""), Err(AliasProblem::Root));
    assert_eq!(folder("/../etc/"), Err(AliasProblem::Parent));
    assert_eq!(folder("old/.."), Err(AliasProblem::Parent));
    assert_eq!(folder("https://evil.example/"), Err(AliasProblem::Scheme));
    assert_eq!(folder("javascript:alert(1)"), Err(AliasProblem::Scheme));
    assert_eq!(folder("mailto:a@b.example"), Err(AliasProblem::Scheme));
    assert_eq!(folder("//evil.example/"), Err(AliasProblem::Host));
    assert_eq!(folder("\\old\\ports"), Err(AliasProblem::Backslash));
    assert_eq!(folder("/old/?id=1"), Err(AliasProblem::QueryOrFragment));
    assert_eq!(folder("/old/#top"), Err(AliasProblem::QueryOrFragment));
    assert_eq!(folder("/old\u{0}/"), Err(AliasProblem::Control));
    assert_eq!(folder("/old\n/"), Err(AliasProblem::Control));
}

#[test]
fn aliases_become_folders_and_bad_ones_point_at_their_value() {
    let (tree, _) = resolve_files(&[("a.en.md", "---\ntitle: A\naliases: [/old/a/, b]\n---\n")]);
    let tree = tree.unwrap();
    let en = crate::config::Lang::parse("en").unwrap().0;
    assert_eq!(
        tree.page(tree.find(&en, "a").unwrap()).alias_paths,
        ["en/old/a/", "en/b/"]
    );

    let (tree, sources) = resolve_files(&[("a.en.md", "---\ntitle: A\naliases: [/../x/]\n---\n")]);
    let errors = tree.unwrap_err();
    assert_eq!(errors[0].code, Code::AliasNotAPath);
    let span = errors[0].span().unwrap();
    assert_eq!(sources.get(span.file).line_col(span.start), (3, 11));
}

#[test]
fn an_alias_onto_its_own_page_names_both_places() {
    let (tree, sources) =
        resolve_files(&[("a.en.md", "---\ntitle: A\naliases: [/old/, /a/]\n---\n")]);
    let errors = tree.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::RedundantAlias);
    assert_eq!(
        positions(&sources, &errors[0]),
        [
            ("content/a.en.md".to_owned(), (3, 18)),
            ("content/a.en.md".to_owned(), (1, 1))
        ]
    );
}

#[test]
fn equal_aliases_name_both_places() {
    let (tree, sources) = resolve_files(&[
        ("a.en.md", "---\ntitle: A\naliases: [/old/]\n---\n"),
        (
            "b.en.md",
            "---\ntitle: B\naliases:\n  - /x/\n  - old\n---\n",
        ),
    ]);
    let errors = tree.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::UrlCollision);
    assert_eq!(
        positions(&sources, &errors[0]),
        [
            ("content/b.en.md".to_owned(), (5, 5)),
            ("content/a.en.md".to_owned(), (3, 11))
        ]
    );
}

#[test]
fn an_alias_onto_another_page_points_at_the_alias() {
    let (tree, sources) = resolve_files(&[
        ("a.en.md", "---\ntitle: A\naliases: [/b/]\n---\n"),
        ("b.en.md", "---\ntitle: B\n---\n"),
    ]);
    let errors = tree.unwrap_err();
    assert_eq!(errors[0].code, Code::UrlCollision);
    assert_eq!(
        positions(&sources, &errors[0]),
        [
            ("content/a.en.md".to_owned(), (3, 11)),
            ("content/b.en.md".to_owned(), (1, 1))
        ]
    );
}

#[test]
fn urls_and_aliases_keep_off_generated_and_copied_files() {
    let others = OtherOutputs::from([
        ("en/404.html".to_owned(), "the 404 page of `en`".to_owned()),
        (
            "en/shot.png".to_owned(),
            "the file `content/shot.png`".to_owned(),
        ),
        (
            "en/raw/index.html".to_owned(),
            "the file `content/raw/index.html`".to_owned(),
        ),
    ]);
    let (tree, sources) = resolve_with_others(
        &[
            (
                "a.en.md",
                "---\ntitle: A\naliases: [/404.html, /raw/]\n---\n",
            ),
            ("b.en.md", "---\ntitle: B\nslug: shot.png\n---\n"),
        ],
        &others,
    );
    let errors = tree.unwrap_err();
    let found: Vec<(Code, (usize, usize), &str)> = errors
        .iter()
        .map(|error| {
            let span = error.span().unwrap();
            (
                error.code,
                sources.get(span.file).line_col(span.start),
                error.help.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    // Each at what causes it, and the help names the file it would replace.
    let writes = |what| format!("choose another path; the build writes {what}");
    assert_eq!(
        found,
        [
            (
                Code::UrlCollidesWithFile,
                (3, 11),
                writes("the 404 page of `en` to `en/404.html`").as_str()
            ),
            (
                Code::UrlCollidesWithFile,
                (3, 22),
                writes("the file `content/raw/index.html` to `en/raw/index.html`").as_str()
            ),
            (
                Code::UrlCollidesWithFile,
                (3, 7),
                writes("the file `content/shot.png` to `en/shot.png`").as_str()
            ),
        ]
    );
}

#[test]
fn a_page_file_where_another_page_needs_a_folder_is_a_collision() {
    let (tree, _) = resolve_files(&[
        ("x.en.md", &page("X")),
        (
            "y.en.md",
            "---\ntitle: Y\naliases: [/x/index.html/y/]\n---\n",
        ),
    ]);
    // `index.html` is only dropped at the end, so this alias needs `en/x/index.html` as a
    // folder, where page `x` writes its file.
    let errors = tree.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::UrlCollision);
}

#[test]
fn urls_differing_only_in_case_are_a_warning_naming_both() {
    let (warnings, sources) = warnings_of(&[
        ("Guide.en.md", &page("Guide")),
        ("guide.en.md", &page("Little guide")),
        ("a.en.md", "---\ntitle: A\nslug: Setup\n---\n"),
        ("b.en.md", "---\ntitle: B\nslug: setup\n---\n"),
        ("c.en.md", "---\ntitle: C\naliases: [/OLD/]\n---\n"),
        ("d.en.md", "---\ntitle: D\naliases: [/old/]\n---\n"),
    ]);
    // In page order: language, then key, where capitals come first.
    let found: Vec<_> = warnings
        .iter()
        .map(|warning| {
            assert_eq!(warning.severity, crate::diagnostics::Severity::Warning);
            (warning.code, positions(&sources, warning))
        })
        .collect();
    let at = |path: &str, line, column| (format!("content/{path}"), (line, column));
    assert_eq!(
        found,
        [
            (
                Code::LetterCaseCollision,
                vec![at("b.en.md", 3, 7), at("a.en.md", 3, 7)]
            ),
            (
                Code::LetterCaseCollision,
                vec![at("guide.en.md", 1, 1), at("Guide.en.md", 1, 1)]
            ),
            (
                Code::LetterCaseCollision,
                vec![at("d.en.md", 3, 11), at("c.en.md", 3, 11)]
            ),
        ]
    );
}

#[test]
fn nav_lists_children_in_order_with_root_relative_urls() {
    let (tree, _) = resolve_files(&[
        ("b.en.md", "---\ntitle: B\nweight: 1\n---\n"),
        ("a.en.md", &page("A")),
        ("über uns.en.md", &page("Über uns")),
    ]);
    let tree = tree.unwrap();
    let en = crate::config::Lang::parse("en").unwrap().0;
    let nav = tree.nav(&en);
    let entries: Vec<(&str, &str)> = nav
        .iter()
        .map(|item| (item.title.as_str(), item.url.as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            ("B", "en/b/"),
            ("A", "en/a/"),
            ("Über uns", "en/%C3%BCber%20uns/")
        ]
    );
}
