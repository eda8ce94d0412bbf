//! The pipeline through the library: what each rendered unit depended on.

use std::collections::BTreeSet;
use std::sync::Arc;

use tafel::render::{self, Unit};
use tafel::site::{self, LoadOptions};

use crate::util::SiteTest;

#[test]
fn each_page_records_the_data_templates_and_messages_it_used() {
    let site = SiteTest::example();
    let loaded = site::load(
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
    let rendered = render::render_site(Arc::clone(&model), loaded.templates);
    assert!(
        rendered.diagnostics.is_empty(),
        "{:?}",
        rendered.diagnostics
    );

    let deps_of = |lang: &str, key: &str| {
        let lang = model.config.language(lang).unwrap().lang.clone();
        let id = model.tree.find(&lang, key).unwrap();
        &rendered
            .deps
            .iter()
            .find(|(unit, _)| *unit == Unit::Page(id))
            .expect("every page is a unit")
            .1
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
}

#[test]
fn generated_files_lists_what_the_build_renders_besides_pages_and_redirects() {
    let site = SiteTest::example();
    let options = LoadOptions {
        site: site.root().to_owned(),
        ..LoadOptions::default()
    };
    let Ok(loaded) = site::load(&options, false) else {
        panic!("the example site loads");
    };
    let model = Arc::clone(&loaded.site);
    let rendered = render::render_site(Arc::clone(&model), loaded.templates);
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
        .files
        .iter()
        .map(|file| file.path.clone())
        .filter(|path| !pages_and_redirects.contains(path))
        .collect();
    let listed: BTreeSet<String> = render::generated_files(&model.config, true)
        .into_keys()
        .collect();
    assert_eq!(generated, listed);
}
