//! Where pages and aliases write, checked against each other and against the files the build
//! generates or copies: slugs that are not one path segment, two claims on one output folder,
//! a page or alias onto a generated file, and URLs that differ only in letter case. Each problem
//! is reported at the front matter that causes it, with both places named.

use std::collections::BTreeMap;

use super::aliases::alias_folder;
use super::tree::{Page, PageId};
use crate::content::front_matter;
use crate::diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};

pub(super) fn check_slugs(sources: &SourceMap, pages: &[Page], errors: &mut Vec<Diagnostic>) {
    for page in pages {
        if let (Some(slug), Some(source)) = (&page.front.slug, &page.source) {
            let valid = !slug.value.is_empty()
                && !slug.value.contains(['/', '\\', '?', '#'])
                && !slug.value.chars().any(char::is_control)
                && slug.value != "."
                && slug.value != "..";
            if !valid {
                let span = front_matter::field_span(sources, source.file, &slug.referenced);
                errors.push(
                    Diagnostic::new(
                        Code::InvalidSlug,
                        format!(
                            "slug {} is not a single path segment",
                            crate::diagnostics::quoted(&slug.value)
                        ),
                    )
                    .at(span)
                    .with_help("use letters, digits and `-`, such as `portuebersicht`"),
                );
            }
        }
    }
}

/// Output files that something other than a page or an alias redirect produces (generated
/// files, copies), by path below the output folder, with what they are ("the sitemap", "the
/// file `content/diagram.png`").
pub type OtherOutputs = BTreeMap<String, String>;

/// What writes an `index.html` into an output folder: a page, or the redirect of an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    Page(PageId),
    /// A page and the index of the alias in its `aliases`.
    Alias(PageId, usize),
}

/// Every output folder a page or alias writes to, pages first, so that a collision is reported
/// at the alias rather than at the page it collides with.
fn claims(pages: &[Page]) -> Vec<(String, Claim)> {
    let mut claims: Vec<(String, Claim)> = pages
        .iter()
        .enumerate()
        .map(|(index, page)| (page.path.clone(), Claim::Page(PageId(index))))
        .collect();
    for (index, page) in pages.iter().enumerate() {
        for (alias_index, alias) in page.front.aliases.iter().enumerate() {
            if let Ok(folder) = alias_folder(&page.lang, &alias.value) {
                claims.push((folder, Claim::Alias(PageId(index), alias_index)));
            }
        }
    }
    claims
}

/// Reports two pages or aliases with one output folder, and pages or aliases whose file would
/// replace a generated or copied file or need its path as a folder, at the front matter that
/// causes them. Writing would catch some of these too, but without a position.
pub(super) fn check_outputs(
    sources: &SourceMap,
    pages: &[Page],
    others: &OtherOutputs,
    errors: &mut Vec<Diagnostic>,
) {
    let claims = claims(pages);
    let mut owners: BTreeMap<&str, Claim> = BTreeMap::new();
    for (folder, claim) in &claims {
        match owners.get(folder.as_str()) {
            Some(&earlier) => errors.push(collision(sources, pages, *claim, earlier)),
            None => {
                owners.insert(folder, *claim);
            }
        }
    }
    for (folder, claim) in &owners {
        let file = format!("{folder}index.html");
        // The file itself, then each folder on its way, which must not be a file.
        let taken = std::iter::once(file.as_str())
            .chain(folder.match_indices('/').map(|(end, _)| &folder[..end]));
        for path in taken {
            if let Some(what) = others.get(path) {
                errors.push(clash_with_other_output(sources, pages, *claim, path, what));
            } else if let Some(&owner) = path
                .strip_suffix("index.html")
                .and_then(|owner_folder| owners.get(owner_folder))
                && path != file
            {
                errors.push(collision(sources, pages, *claim, owner));
            }
        }
    }
}

/// Warns about output folders that differ only in letter case (`Guide/`, `guide/`): on the
/// case-insensitive file systems of macOS and Windows one page would replace the other.
pub(super) fn letter_case_warnings(sources: &SourceMap, pages: &[Page]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut by_lowercase: BTreeMap<String, (String, Claim)> = BTreeMap::new();
    for (folder, claim) in claims(pages) {
        match by_lowercase.get(&folder.to_lowercase()) {
            Some((other_folder, _)) if *other_folder == folder => {}
            Some((other_folder, other)) => {
                let (span, label) = claim_origin(sources, pages, claim);
                let (other_span, other_label) = claim_origin(sources, pages, *other);
                warnings.push(
                    Diagnostic::new(
                        Code::LetterCaseCollision,
                        format!("`/{folder}` and `/{other_folder}` differ only in letter case"),
                    )
                    .at(span)
                    .with_label(label)
                    .with_note(other_span, other_label)
                    .with_help(
                        "rename one of them: on macOS and Windows they are one folder, \
                         and one page would replace the other",
                    ),
                );
            }
            None => {
                by_lowercase.insert(folder.to_lowercase(), (folder, claim));
            }
        }
    }
    warnings
}

/// Two claims on one output folder (or one claim's file where the other needs a folder).
fn collision(sources: &SourceMap, pages: &[Page], claim: Claim, earlier: Claim) -> Diagnostic {
    let (span, label) = claim_origin(sources, pages, claim);
    let (earlier_span, earlier_label) = claim_origin(sources, pages, earlier);
    let (code, message, help) = match (claim, earlier) {
        (Claim::Page(id), Claim::Page(_)) => (
            Code::UrlCollision,
            format!("two pages have the URL `/{}`", pages[id.0].path),
            "change the `slug` of one of them, or rename one of the files",
        ),
        (Claim::Alias(id, alias), Claim::Page(target)) if id == target => (
            Code::RedundantAlias,
            format!(
                "alias {} is the page's own URL",
                alias_text(pages, id, alias)
            ),
            "remove the alias; the page already has this URL",
        ),
        (Claim::Alias(id, alias), Claim::Page(_)) => (
            Code::UrlCollision,
            format!(
                "alias {} is the URL of another page",
                alias_text(pages, id, alias)
            ),
            "remove the alias, or give the other page another URL",
        ),
        (Claim::Alias(id, alias), Claim::Alias(other, _)) if id == other => (
            Code::RedundantAlias,
            format!("alias {} is written twice", alias_text(pages, id, alias)),
            "remove one of them",
        ),
        (Claim::Alias(id, alias), Claim::Alias(..)) => (
            Code::UrlCollision,
            format!(
                "alias {} is also an alias of another page",
                alias_text(pages, id, alias)
            ),
            "remove one of them; an old path can redirect to one page only",
        ),
        (Claim::Page(id), Claim::Alias(..)) => (
            Code::UrlCollision,
            format!("the URL `/{}` is also an alias", pages[id.0].path),
            "remove the alias, or give the page another URL",
        ),
    };
    Diagnostic::new(code, message)
        .at(span)
        .with_label(label)
        .with_note(earlier_span, earlier_label)
        .with_help(help)
}

/// A page or alias whose file would replace a generated or copied file at `path`, or need
/// `path` as a folder.
fn clash_with_other_output(
    sources: &SourceMap,
    pages: &[Page],
    claim: Claim,
    path: &str,
    what: &str,
) -> Diagnostic {
    let (span, label) = claim_origin(sources, pages, claim);
    let subject = match claim {
        Claim::Page(id) => format!("the URL `/{}`", pages[id.0].path),
        Claim::Alias(id, alias) => format!("alias {}", alias_text(pages, id, alias)),
    };
    Diagnostic::new(
        Code::UrlCollidesWithFile,
        format!("{subject} collides with {what} (`{path}`)"),
    )
    .at(span)
    .with_label(label)
    .with_help(format!(
        "choose another path; the build writes {what} to `{path}`"
    ))
}

pub(super) fn alias_text(pages: &[Page], id: PageId, alias: usize) -> String {
    crate::diagnostics::quoted(&pages[id.0].front.aliases[alias].value)
}

/// Where a claim is written and a label saying what it claims.
fn claim_origin(sources: &SourceMap, pages: &[Page], claim: Claim) -> (Span, String) {
    match claim {
        Claim::Page(id) => url_origin(sources, pages, id),
        Claim::Alias(id, alias) => {
            let page = &pages[id.0];
            let alias = &page.front.aliases[alias];
            let span = match &page.source {
                Some(source) => front_matter::field_span(sources, source.file, &alias.referenced),
                None => page_span(sources, page),
            };
            let folder = alias_folder(&page.lang, &alias.value).unwrap_or_default();
            (span, format!("this alias redirects from `/{folder}`"))
        }
    }
}

/// Where a page's URL comes from, for reports about the URL, with a label saying so: its
/// `slug:` value; else its file, whose name gives the last segment; else, for a section that
/// exists only because its folder holds pages, the first of those pages.
fn url_origin(sources: &SourceMap, pages: &[Page], id: PageId) -> (Span, String) {
    let page = &pages[id.0];
    let url = format!("/{}", page.path);
    match (&page.source, &page.front.slug) {
        (Some(source), Some(slug)) => (
            front_matter::field_span(sources, source.file, &slug.referenced),
            format!("this slug gives `{url}`"),
        ),
        (Some(source), None) => (
            crate::content::head_span(sources, source.file),
            format!("this file's name gives `{url}`"),
        ),
        (None, _) => match first_file_below(pages, id) {
            Some(file) => (
                crate::content::head_span(sources, file),
                format!("this page's folder is the section `{url}`"),
            ),
            None => (page_span(sources, page), format!("`{url}`")),
        },
    }
}

/// The file of the first page below `id` in display order, for sections without a file.
fn first_file_below(pages: &[Page], id: PageId) -> Option<FileId> {
    pages[id.0].children.iter().find_map(|&child| {
        pages[child.0]
            .source
            .as_ref()
            .map(|source| source.file)
            .or_else(|| first_file_below(pages, child))
    })
}

pub(super) fn page_span(sources: &SourceMap, page: &Page) -> Span {
    match &page.source {
        Some(source) => crate::content::head_span(sources, source.file),
        // Implicit pages have no file; the configuration, which is always loaded, stands in.
        None => Span::new(
            sources
                .find(std::path::Path::new(crate::config::CONFIG_FILE))
                .expect("the configuration is loaded before content"),
            0..0,
        ),
    }
}
