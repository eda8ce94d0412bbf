//! The pipeline through the library: what each rendered unit depended on, rendering some units
//! against a theme that outlives a build, and a project that parses one changed file again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use tafel::pipeline::{self, Change, LiveBuild, LoadOptions, Output, Project};
use tafel::render::{self, Unit};

use crate::util::SiteTest;

#[test]
fn each_page_records_the_data_templates_and_messages_it_used() {
    let site = SiteTest::example();
    let loaded = pipeline::load(
        &LoadOptions {
            site: site.root().to_owned(),
            ..LoadOptions::default()
        },
        false,
    )
    .unwrap_or_else(|failed| {
        panic!(
            "{:?}",
            failed
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        )
    });
    let model = Arc::clone(&loaded.site);
    let mut theme = loaded.theme;
    let rendered = render::render_site(&mut theme, &model);
    assert!(
        rendered.diagnostics.is_empty(),
        "{:?}",
        rendered.diagnostics
    );

    let deps_of = |lang: &str, key: &str| {
        let lang = model.config.language(lang).unwrap().lang.clone();
        let unit = Unit::Page {
            lang,
            key: key.to_owned(),
        };
        &rendered
            .units
            .iter()
            .find(|rendered| rendered.unit == unit)
            .expect("every page is a unit")
            .deps
    };
    let ports = deps_of("en", "server/port-overview");
    assert!(ports.data.contains("ports"));
    assert!(ports.templates.contains("page.html"));
    assert!(ports.templates.contains("shortcodes/ports-table.html"));
    assert!(ports.templates.contains("shortcodes/tabs.html"));
    assert!(ports.messages.contains("function-sip"));
    assert!(ports.messages.contains("doctype-label"));

    let home = deps_of("en", "");
    assert!(home.data.is_empty());
    assert!(home.templates.contains("home.html"));
    assert!(!home.messages.contains("function-sip"));

    // Navigation, breadcrumbs, pager and language switcher are recorded too.
    let en = model.config.language("en").unwrap().lang.clone();
    assert!(ports.navigation.contains(&en));
    assert_eq!(ports.navigation.len(), 1);
    assert!(ports.pages.contains("server/port-overview"));
    assert!(ports.pages.contains("server"));
    assert!(ports.pages.contains(""));
    let sitemap = &rendered
        .units
        .iter()
        .find(|rendered| rendered.unit == Unit::Sitemap(0))
        .unwrap()
        .deps;
    assert_eq!(sitemap.navigation.len(), model.config.languages.len());
}

#[test]
fn generated_files_lists_what_the_build_renders_besides_pages_and_redirects() {
    let site = SiteTest::example();
    let options = LoadOptions {
        site: site.root().to_owned(),
        ..LoadOptions::default()
    };
    let Ok(loaded) = pipeline::load(&options, false) else {
        panic!("the example site loads");
    };
    let model = Arc::clone(&loaded.site);
    let mut theme = loaded.theme;
    let rendered = render::render_site(&mut theme, &model);
    let pages_and_redirects: BTreeSet<String> = model
        .tree
        .ids()
        .flat_map(|id| {
            let page = model.tree.page(id);
            std::iter::once(&page.path)
                .chain(&page.alias_paths)
                .map(|folder| format!("{folder}index.html"))
                .collect::<Vec<_>>()
        })
        .collect();
    let generated: BTreeSet<String> = rendered
        .files()
        .map(|file| file.path.clone())
        .filter(|path| !pages_and_redirects.contains(path))
        .collect();
    let listed: BTreeSet<String> = render::generated_files(&model.config, true)
        .into_keys()
        .collect();
    assert_eq!(generated, listed);
}

fn options(site: &SiteTest) -> LoadOptions {
    LoadOptions {
        site: site.root().to_owned(),
        ..LoadOptions::default()
    }
}

/// Every rendered file by path.
fn files_of(rendered: &render::Rendered) -> BTreeMap<String, Vec<u8>> {
    rendered
        .files()
        .map(|file| (file.path.clone(), file.bytes.clone()))
        .collect()
}

/// A fresh load and render of the site as it is on disk now.
fn fresh_render(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let Ok(mut loaded) = pipeline::load(&options(site), false) else {
        panic!("the site loads");
    };
    files_of(&render::render_site(&mut loaded.theme, &loaded.site))
}

#[test]
fn some_units_render_as_they_do_in_the_whole_site() {
    let site = SiteTest::example();
    let Ok(mut loaded) = pipeline::load(&options(&site), false) else {
        panic!("the example site loads");
    };
    let whole = files_of(&render::render_site(&mut loaded.theme, &loaded.site));
    let all = render::units(&loaded.site);
    let some: Vec<Unit> = all
        .iter()
        .filter(|unit| match unit {
            Unit::Page { key, .. } => key == "server/port-overview",
            Unit::Sitemap(_) | Unit::SitemapIndex => true,
            _ => false,
        })
        .cloned()
        .collect();
    assert_eq!(some.len(), 3, "{some:?}");
    // The theme and the prepared values outlive each call: render the subset twice with both.
    let mut prepared = render::Prepared::default();
    for _ in 0..2 {
        let rendered = render::render_units(&mut loaded.theme, &loaded.site, &some, &mut prepared);
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        let files = files_of(&rendered);
        assert_eq!(files.len(), 3);
        for (path, bytes) in &files {
            assert_eq!(Some(bytes), whole.get(path), "{path}");
        }
        assert_eq!(
            rendered
                .units
                .iter()
                .map(|rendered| &rendered.unit)
                .collect::<Vec<_>>(),
            some.iter().collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_project_parses_a_changed_file_again_and_renders_as_a_fresh_load() {
    let site = SiteTest::example();
    let mut project = Project::open(&options(&site)).unwrap_or_else(|_| panic!("opens"));
    let first = project
        .resolve(false)
        .unwrap_or_else(|_| panic!("resolves"));
    let ids_before: Vec<_> = ["content/_index.de.md", "content/server/port-overview.en.md"]
        .iter()
        .map(|path| first.site.sources.find(std::path::Path::new(path)))
        .collect();

    // An edited body, a new page and a removed page, each parsed alone.
    let overview = "content/server/port-overview.en.md";
    let edited = site.read_source(overview).replace("## ", "## Edited ");
    site.write(overview, &edited);
    site.write(
        "content/server/new-page.en.md",
        "---\ntitle: A new page\nweight: 1\n---\nNew text.\n",
    );
    site.write(
        "content/server/new-page.de.md",
        "---\ntitle: Eine neue Seite\nweight: 1\n---\nNeuer Text.\n",
    );
    for relative in [
        "server/port-overview.en.md",
        "server/new-page.en.md",
        "server/new-page.de.md",
    ] {
        project.update_content(relative).unwrap();
    }
    let resolved = project.resolve(false).unwrap_or_else(|failed| {
        panic!(
            "{:?}",
            failed
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        )
    });
    let theme = project.theme_mut().expect("templates loaded");
    let updated = files_of(&render::render_site(theme, &resolved.site));
    assert!(
        String::from_utf8_lossy(&updated["en/server/port-overview/index.html"]).contains("Edited")
    );
    assert!(updated.contains_key("de/server/new-page/index.html"));
    assert_eq!(updated, fresh_render(&site));

    // Files that did not change keep their ids; a new file gets a new one.
    let ids_after: Vec<_> = ["content/_index.de.md", "content/server/port-overview.en.md"]
        .iter()
        .map(|path| resolved.site.sources.find(std::path::Path::new(path)))
        .collect();
    assert_eq!(ids_before, ids_after);

    site.remove("content/server/new-page.de.md");
    project.update_content("server/new-page.de.md").unwrap();
    let resolved = project
        .resolve(false)
        .unwrap_or_else(|_| panic!("resolves"));
    let theme = project.theme_mut().expect("templates loaded");
    let removed = files_of(&render::render_site(theme, &resolved.site));
    assert!(!removed.contains_key("de/server/new-page/index.html"));
    assert_eq!(removed, fresh_render(&site));
}

#[test]
fn a_broken_edit_fails_to_resolve_and_the_next_good_one_recovers() {
    let site = SiteTest::example();
    let mut project = Project::open(&options(&site)).unwrap_or_else(|_| panic!("opens"));
    let overview = "content/server/port-overview.en.md";
    let good = site.read_source(overview);
    site.write(overview, &good.replacen("title:", "title: [unclosed", 1));
    project
        .update_content("server/port-overview.en.md")
        .unwrap();
    let Err(failed) = project.resolve(false) else {
        panic!("a broken front matter fails");
    };
    assert!(failed.diagnostics.has_fatal(false));
    site.write(overview, &good);
    project
        .update_content("server/port-overview.en.md")
        .unwrap();
    let resolved = project
        .resolve(false)
        .unwrap_or_else(|_| panic!("recovers"));
    let theme = project.theme_mut().expect("templates loaded");
    assert_eq!(
        files_of(&render::render_site(theme, &resolved.site)),
        fresh_render(&site)
    );
}

/// Every output of a live build, rendered bytes and copied files by their source.
fn live_outputs(live: &LiveBuild) -> BTreeMap<String, Output> {
    live.outputs()
        .into_iter()
        .map(|(path, output)| (path.to_owned(), output))
        .collect()
}

/// The paths whose outputs differ between two builds.
fn differences(a: &BTreeMap<String, Output>, b: &BTreeMap<String, Output>) -> Vec<String> {
    let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter(|path| a.get(*path) != b.get(*path))
        .cloned()
        .collect()
}

/// Where two versions of `path` first differ, as text around that place.
fn first_difference(
    live: &BTreeMap<String, Output>,
    full: &BTreeMap<String, Output>,
    path: &str,
) -> String {
    let text = |outputs: &BTreeMap<String, Output>| match outputs.get(path) {
        Some(Output::Rendered(bytes)) => String::from_utf8_lossy(bytes).into_owned(),
        other => format!("{other:?}"),
    };
    let (a, b) = (text(live), text(full));
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let around = |text: &str| {
        let start = text.floor_char_boundary(at.saturating_sub(80));
        let end = text.ceil_char_boundary((at + 80).min(text.len()));
        text[start..end].to_owned()
    };
    format!("{path}, live:\n{}\n--- full:\n{}", around(&a), around(&b))
}

/// The outputs of a full build of the site as it is on disk now.
fn full_outputs(site: &SiteTest) -> BTreeMap<String, Output> {
    let mut live = LiveBuild::new(&options(site));
    live.update(&[Change::Other])
        .unwrap_or_else(|failed| panic!("{:?}", messages(&failed.diagnostics)));
    live_outputs(&live)
}

fn messages(diagnostics: &tafel::diagnostics::Diagnostics) -> Vec<String> {
    diagnostics.iter().map(|d| d.message.clone()).collect()
}

/// The example site with more to depend on: sections, a fragment two pages include, bundle
/// files, links between pages.
fn richer_example() -> SiteTest {
    let site = SiteTest::example();
    for lang in ["de", "en"] {
        site.write(
            &format!("content/guide/_index.{lang}.md"),
            &format!("---\ntitle: Guide {lang}\nweight: 5\n---\nSee [ports]({{{{< relref \"server/port-overview\" >}}}}).\n"),
        );
        for page in ["alpha", "beta", "gamma"] {
            site.write(
                &format!("content/guide/{page}.{lang}.md"),
                &format!("---\ntitle: {page} {lang}\n---\n## Part\n\n{{{{% include \"_note.md\" %}}}}\n\n![shot](shot.png) ![only](only.png) [next](beta.md)\n"),
            );
        }
    }
    site.write("content/guide/_note.md", "A shared note.\n")
        .write("content/guide/shot.png", "shared")
        .write("content/guide/only.de.png", "German only");
    site
}

#[test]
fn a_live_build_stays_equal_to_a_full_build_through_random_edits() {
    let site = richer_example();
    let mut live = LiveBuild::new(&options(&site));
    let first = live
        .update(&[Change::Other])
        .unwrap_or_else(|failed| panic!("{:?}", messages(&failed.diagnostics)));
    assert_eq!(first.rendered, first.units);

    let rounds: u64 = std::env::var("TAFEL_LIVE_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(24);
    let mut seed: u64 = std::env::var("TAFEL_LIVE_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x11fe);
    let mut next = |bound: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % bound
    };
    let pages = ["alpha", "beta", "gamma"];
    let mut body_edits_rendered = Vec::new();
    for round in 0..rounds {
        let page = pages[next(3) as usize];
        let lang = ["de", "en"][next(2) as usize];
        let path = format!("content/guide/{page}.{lang}.md");
        let relative = format!("guide/{page}.{lang}.md");
        let kind = next(11);
        // Edits need the page; an earlier round may have deleted it.
        let recreated = kind != 4 && !site.root().join(&path).exists();
        if recreated {
            site.write(
                &path,
                &format!("---\ntitle: Again {round}\n---\n[next](beta.md)\n"),
            );
        }
        let change = match kind {
            0 => {
                let text = site.read_source(&path);
                site.write(&path, &format!("{text}\nMore text {round}.\n"));
                Change::Content(relative.clone())
            }
            1 => {
                let text = site.read_source(&path);
                site.write(
                    &path,
                    &text.replacen("title: ", &format!("title: T{round} "), 1),
                );
                Change::Content(relative.clone())
            }
            2 => {
                let text = site.read_source(&path);
                let text = match text.find("weight:") {
                    Some(_) => text,
                    None => text.replacen("---\n", &format!("---\nweight: {}\n", next(9)), 1),
                };
                site.write(&path, &text);
                Change::Content(relative.clone())
            }
            3 => {
                let new = format!("content/guide/new{round}.{lang}.md");
                site.write(&new, &format!("---\ntitle: New {round}\n---\nFresh.\n"));
                Change::Content(format!("guide/new{round}.{lang}.md"))
            }
            4 => {
                let file = site.root().join(&path);
                if file.exists() {
                    std::fs::remove_file(file).unwrap();
                } else {
                    site.write(
                        &path,
                        &format!("---\ntitle: Back {round}\n---\n[next](beta.md)\n"),
                    );
                }
                Change::Content(relative.clone())
            }
            5 => {
                site.write(
                    "content/guide/_note.md",
                    &format!("A shared note, version {round}.\n"),
                );
                Change::Content("guide/_note.md".to_owned())
            }
            6 => {
                let text = site.read_source("data/ports.yaml");
                let port = 5000 + next(900);
                let at = text.find("ports: 5").unwrap() + "ports: ".len();
                let end = at + text[at..].find('\n').unwrap();
                site.write(
                    "data/ports.yaml",
                    &format!("{}{port}{}", &text[..at], &text[end..]),
                );
                Change::Other
            }
            7 => {
                let file = format!("i18n/{lang}/site.ftl");
                let text = site.read_source(&file);
                let at = text.find("doctype-label = ").unwrap() + "doctype-label = ".len();
                let end = at + text[at..].find('\n').unwrap();
                site.write(
                    &file,
                    &format!("{}Label {round}{}", &text[..at], &text[end..]),
                );
                Change::Other
            }
            8 => {
                // `shot.png` exists in every language; `only.png` only as variants, so which
                // variants exist changes where the pages link.
                let name = ["shot", "only"][next(2) as usize];
                let variant = format!("content/guide/{name}.{lang}.png");
                if site.root().join(&variant).exists() {
                    site.remove(&variant);
                } else {
                    site.write(&variant, lang);
                }
                Change::Other
            }
            9 => {
                let text = site.read_source(&path);
                let text = if text.contains("slug:") {
                    text.lines()
                        .filter(|line| !line.starts_with("slug:"))
                        .collect::<Vec<_>>()
                        .join("\n")
                        + "\n"
                } else {
                    text.replacen("---\n", &format!("---\nslug: {page}-{round}\n"), 1)
                };
                site.write(&path, &text);
                Change::Content(relative.clone())
            }
            _ => {
                let text = site.read_source(&path);
                let text = if text.contains("draft: true") {
                    text.replace("draft: true\n", "")
                } else {
                    text.replacen("---\n", "---\ndraft: true\n", 1)
                };
                site.write(&path, &text);
                Change::Content(relative.clone())
            }
        };
        let mut changes = vec![change.clone()];
        if recreated {
            changes.push(Change::Content(relative.clone()));
        }
        let update = live.update(&changes).unwrap_or_else(|failed| {
            panic!(
                "round {round}, {change:?}: {:?}",
                messages(&failed.diagnostics)
            )
        });
        if kind == 0 && !recreated {
            body_edits_rendered.push(update.rendered);
        }
        let (live_now, full_now) = (live_outputs(&live), full_outputs(&site));
        let differing = differences(&live_now, &full_now);
        assert!(
            differing.is_empty(),
            "round {round}: {change:?} left the live build unlike a full build in {differing:?}\n{}",
            first_difference(&live_now, &full_now, &differing[0])
        );
    }
    // A body edit renders its page, not the site.
    assert!(
        body_edits_rendered.iter().all(|&rendered| rendered <= 2),
        "{body_edits_rendered:?}"
    );
    assert!(!body_edits_rendered.is_empty());
}
