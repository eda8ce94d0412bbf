//! The pipeline through the library: what each rendered unit depended on, rendering some units
//! against a theme that outlives a build, and a project that parses one changed file again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use tafel::pipeline::{self, LoadOptions, Project};
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
        .find(|rendered| rendered.unit == Unit::Sitemap)
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
            Unit::Sitemap => true,
            _ => false,
        })
        .cloned()
        .collect();
    assert_eq!(some.len(), 3, "{some:?}");
    // The theme outlives each call: render the subset twice with the same theme.
    for _ in 0..2 {
        let rendered = render::render_units(&mut loaded.theme, &loaded.site, &some);
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
