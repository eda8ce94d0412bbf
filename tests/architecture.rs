//! The import order of ARCHITECTURE.md, enforced: a module may use only the modules listed
//! before it, and its own submodules. The order is read from the document's `imports` block, so
//! the document and the check cannot disagree.

// The check reads the sources.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// One import against the order.
#[derive(Debug, PartialEq, Eq)]
struct Violation {
    /// The importing module (`render::body`).
    module: String,
    /// The module it imports from (`pipeline`).
    imported: String,
}

/// The order: earlier modules first. Reads the fenced block marked `imports`, whose entries
/// are separated by `→`.
fn order_from(architecture: &str) -> Vec<String> {
    let start = architecture
        .find("```imports\n")
        .expect("ARCHITECTURE.md has an ```imports block")
        + "```imports\n".len();
    let end = start + architecture[start..].find("```").expect("the block ends");
    architecture[start..end]
        .split('→')
        .map(|entry| entry.trim().to_owned())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// The position of the module `path` names in `order`: its longest listed prefix.
fn rank(order: &[String], path: &str) -> Option<usize> {
    order
        .iter()
        .enumerate()
        .filter(|(_, entry)| path == entry.as_str() || path.starts_with(&format!("{entry}::")))
        .max_by_key(|(_, entry)| entry.len())
        .map(|(index, _)| index)
}

/// Every module path a source text uses through `crate::`, comments left out: `crate::a::b::C`
/// gives `a::b`, and each item of `use crate::{a::b, c}` its own path.
fn imports(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(index) = rest.find("crate::") {
        rest = &rest[index + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = closing_brace(group);
            for item in split_top_level(&group[..end]) {
                found.push(module_path(item.trim()));
            }
            rest = &group[end..];
        } else {
            found.push(module_path(rest));
        }
    }
    found.retain(|path| !path.is_empty());
    found
}

/// The lowercase segments at the start of a path: modules, not the item they lead to.
fn module_path(path: &str) -> String {
    let end = path
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(path.len());
    path[..end]
        .split("::")
        .take_while(|segment| {
            segment.starts_with(|c: char| c.is_ascii_lowercase()) && *segment != "self"
        })
        .collect::<Vec<_>>()
        .join("::")
}

fn closing_brace(text: &str) -> usize {
    let mut depth = 0;
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return index,
            '}' => depth -= 1,
            _ => {}
        }
    }
    text.len()
}

/// Splits `a::b, c::{d, e}, f` at the commas outside braces; a nested group counts by its
/// prefix (`c`).
fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

/// Checks every module against the order; a module not in the order is a violation too, so a
/// new module must be placed in it.
fn check(order: &[String], modules: &BTreeMap<String, String>) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (module, source) in modules {
        if is_test_only(module) {
            continue;
        }
        let top = module.split("::").next().unwrap_or_default();
        let Some(own) = rank(order, module) else {
            violations.push(Violation {
                module: module.clone(),
                imported: "(not in the import order)".to_owned(),
            });
            continue;
        };
        for imported in imports(source) {
            let same_module = imported.split("::").next() == Some(top);
            let allowed = same_module || rank(order, &imported).is_some_and(|other| other < own);
            if !allowed {
                violations.push(Violation {
                    module: module.clone(),
                    imported,
                });
            }
        }
    }
    violations.dedup();
    violations
}

/// Whether a module is compiled for tests only (`tests`, and the `testing` and `fixtures` helpers
/// beside them): a test may build a whole site to check one stage, so it may use any module.
fn is_test_only(module: &str) -> bool {
    module
        .split("::")
        .any(|segment| matches!(segment, "tests" | "testing" | "fixtures"))
}

/// Every file of the library below `src/`, by module path (`render::body`).
fn library_modules(src: &Path) -> BTreeMap<String, String> {
    let mut modules = BTreeMap::new();
    let mut pending: Vec<PathBuf> = vec![src.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("read src/") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|extension| extension != "rs") {
                continue;
            }
            let relative = path
                .strip_prefix(src)
                .expect("below src/")
                .with_extension("");
            let mut segments: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            if segments.last().is_some_and(|last| last == "mod") {
                segments.pop();
            }
            let module = segments.join("::");
            // The binary reaches the library as `tafel::`, never as `crate::`.
            if module != "main" {
                modules.insert(module, fs::read_to_string(&path).expect("read source"));
            }
        }
    }
    modules
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_import_follows_the_order_of_architecture_md() {
    let architecture =
        fs::read_to_string(repository().join("ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let order = order_from(&architecture);
    let modules = library_modules(&repository().join("src"));
    assert!(modules.len() > 40, "found only {} modules", modules.len());
    let violations = check(&order, &modules);
    assert!(
        violations.is_empty(),
        "imports against the order of ARCHITECTURE.md:\n{violations:#?}"
    );
}

#[test]
fn a_wrong_import_is_caught() {
    let order: Vec<String> = ["diagnostics", "config", "resolve", "render", "render::view"]
        .map(String::from)
        .into();
    let modules = BTreeMap::from([
        (
            "config".to_owned(),
            "use crate::diagnostics::Span;\n// crate::render is only named here\nfn f() { crate::render::x(); }".to_owned(),
        ),
        (
            "resolve".to_owned(),
            "use crate::{config::Lang, diagnostics::{Diagnostic, Span}};\nuse crate::resolve::tree::Page;".to_owned(),
        ),
        (
            "render::view".to_owned(),
            "use crate::render::usage::Deps;\nuse crate::resolve::SiteTree;".to_owned(),
        ),
        ("newcomer".to_owned(), "use crate::config;".to_owned()),
        (
            "config::tests".to_owned(),
            "use crate::render::Unit; // a test may build what it needs".to_owned(),
        ),
    ]);
    assert_eq!(
        check(&order, &modules),
        [
            Violation {
                module: "config".to_owned(),
                imported: "render::x".to_owned(),
            },
            Violation {
                module: "newcomer".to_owned(),
                imported: "(not in the import order)".to_owned(),
            },
        ]
    );
}

#[test]
fn import_paths_are_read_from_groups_and_paths() {
    assert_eq!(
        imports("use crate::{a::b::{C, d}, e, f::G};\nlet x = crate::h::i::J::new(); // crate::k"),
        ["a::b", "e", "f", "h::i"]
    );
}
