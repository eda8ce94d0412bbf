//! The resolved site: every page with its URL, its translations, its place in the section tree,
//! and one navigation tree per language.
//!
//! This is the cross-file stage. It pairs translations by canonical key, fills in sections that
//! have pages but no `_index` file, orders siblings by weight and title, and assigns URLs.
//! The navigation tree is computed once per language here; pages only refer to it.

use std::collections::{BTreeMap, HashMap};

use crate::config::{Lang, SiteConfig};
use crate::content::{
    FrontMatter, PageKind, PageSource, ParsedPage, front_matter, title_from_folder,
};
use crate::diagnostics::{Diagnostic, FileId, SourceMap, Span};

/// Index of a page in [`SiteTree::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

/// A page placed in the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Home, section or page.
    pub kind: PageKind,
    /// Language.
    pub lang: Lang,
    /// Canonical key shared with translations (`""` for home).
    pub key: String,
    /// Front matter (synthesised for sections without an `_index` file).
    pub front: FrontMatter,
    /// Where the page came from; `None` for a section that exists only because it has pages.
    pub source: Option<PageSource>,
    /// Output folder relative to the output root, with a trailing slash: `de/server/ports/`.
    /// Path segments are kept as written (not percent-encoded).
    pub path: String,
    /// The enclosing section (`None` for home).
    pub parent: Option<PageId>,
    /// Child pages and sections in display order (sections and homes only).
    pub children: Vec<PageId>,
    /// Output folders of the page's `aliases`, which redirect to it (`de/old/ports/`).
    pub alias_paths: Vec<String>,
}

impl Page {
    /// The page title.
    pub fn title(&self) -> &str {
        &self.front.title
    }

    /// Sort key among siblings: weighted first by weight, then by title, then by key.
    fn order_key(&self) -> (bool, i64, String, &str) {
        (
            self.front.weight.is_none(),
            self.front.weight.unwrap_or(0),
            self.front.title.to_lowercase(),
            &self.key,
        )
    }
}

/// One entry of a navigation tree.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NavItem {
    /// Title shown in the navigation.
    pub title: String,
    /// URL relative to the site root (`de/server/`); templates prefix it with `root`.
    pub url: String,
    /// The canonical key, for matching the current page and its ancestors.
    pub key: String,
    /// Section or page.
    pub kind: PageKind,
    /// Children, for sections.
    pub children: Vec<NavItem>,
}

/// The resolved site.
#[derive(Debug)]
pub struct SiteTree {
    /// All pages; ids index this vector. Ordered by language (config order), then key.
    pub pages: Vec<Page>,
    by_key: HashMap<(Lang, String), PageId>,
    homes: BTreeMap<Lang, PageId>,
    /// Each language's pages in navigation order, for previous/next links.
    reading_order: BTreeMap<Lang, Vec<PageId>>,
    /// Each page's index in its language's reading order.
    reading_position: Vec<usize>,
}

impl SiteTree {
    /// The page in `lang` with canonical `key`, if it exists.
    pub fn find(&self, lang: &Lang, key: &str) -> Option<PageId> {
        self.by_key.get(&(lang.clone(), key.to_owned())).copied()
    }

    /// A page by id.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    /// The home page of a language.
    pub fn home(&self, lang: &Lang) -> PageId {
        self.homes[lang]
    }

    /// All page ids.
    pub fn ids(&self) -> impl Iterator<Item = PageId> + '_ {
        (0..self.pages.len()).map(PageId)
    }

    /// Ancestors from home down to the parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.page(id).parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.page(parent).parent;
        }
        chain.reverse();
        chain
    }

    /// The page in `lang` that is the same page as `id`, or else the nearest translated ancestor.
    /// The flag says whether the exact translation exists.
    pub fn translation_or_nearest(&self, id: PageId, lang: &Lang) -> (PageId, bool) {
        if let Some(found) = self.find(lang, &self.page(id).key) {
            return (found, true);
        }
        let nearest = self
            .ancestors(id)
            .into_iter()
            .rev()
            .find_map(|ancestor| self.find(lang, &self.page(ancestor).key))
            .unwrap_or_else(|| self.home(lang));
        (nearest, false)
    }

    /// Previous and next page in the reading order of the page's language.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let order = &self.reading_order[&self.page(id).lang];
        let index = self.reading_position[id.0];
        (
            index.checked_sub(1).map(|i| order[i]),
            order.get(index + 1).copied(),
        )
    }

    /// The navigation tree of a language: the children of its home page.
    pub fn nav(&self, lang: &Lang) -> Vec<NavItem> {
        let home = self.page(self.home(lang));
        home.children
            .iter()
            .map(|&child| self.nav_item(child))
            .collect()
    }

    fn nav_item(&self, id: PageId) -> NavItem {
        let page = self.page(id);
        NavItem {
            title: page.front.title.clone(),
            url: crate::url::encode_path(&page.path),
            key: page.key.clone(),
            kind: page.kind,
            children: page
                .children
                .iter()
                .map(|&child| self.nav_item(child))
                .collect(),
        }
    }
}

/// Builds the tree from the parsed pages of every language; `None` when there are errors.
///
/// Problems that make a page unplaceable (two files for one URL, a URL or alias on one of the
/// `others` files) are errors; URLs that only differ in letter case are warnings (they collide
/// only on some file systems); gaps that the build can fill (a section without `_index` file)
/// are filled silently, since the i18n report lists them for translators.
pub fn resolve(
    config: &SiteConfig,
    sources: &SourceMap,
    parsed: Vec<ParsedPage>,
    others: &OtherOutputs,
) -> (Option<SiteTree>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut pages: Vec<Page> = Vec::new();
    let mut by_key: HashMap<(Lang, String), PageId> = HashMap::new();

    // Stable order independent of discovery order: language order from config, then key.
    let lang_rank: HashMap<&Lang, usize> =
        config.langs().enumerate().map(|(i, l)| (l, i)).collect();
    let mut parsed = parsed;
    parsed.sort_by(|a, b| {
        (lang_rank[&a.lang], &a.key, a.kind).cmp(&(lang_rank[&b.lang], &b.key, b.kind))
    });

    for page in parsed {
        let identity = (page.lang.clone(), page.key.clone());
        if let Some(&existing) = by_key.get(&identity) {
            let other: &Page = &pages[existing.0];
            let mut diagnostic = Diagnostic::error(format!(
                "two files define the {} page `{}`",
                page.lang,
                display_key(&page.key)
            ))
            .at(crate::content::head_span(sources, page.source.file))
            .with_help("rename one of them, or turn the folder's `_index` into the section page");
            if let Some(source) = &other.source {
                diagnostic = diagnostic.with_note(
                    crate::content::head_span(sources, source.file),
                    "the other file",
                );
            }
            errors.push(diagnostic);
            continue;
        }
        let id = PageId(pages.len());
        by_key.insert(identity, id);
        pages.push(Page {
            kind: page.kind,
            lang: page.lang,
            key: page.key,
            front: page.front,
            source: Some(page.source),
            path: String::new(),
            parent: None,
            children: Vec::new(),
            alias_paths: Vec::new(),
        });
    }

    // Every language gets a home, and every folder that holds pages gets a section page.
    let mut homes = BTreeMap::new();
    for language in &config.languages {
        let lang = &language.lang;
        let home = *by_key
            .entry((lang.clone(), String::new()))
            .or_insert_with(|| {
                pages.push(implicit_page(PageKind::Home, lang, "", &language.title));
                PageId(pages.len() - 1)
            });
        homes.insert(lang.clone(), home);
    }
    let mut index = 0;
    while index < pages.len() {
        if let Some(parent_key) = parent_key(&pages[index].key).map(str::to_owned) {
            let parent_key = parent_key.as_str();
            let lang = pages[index].lang.clone();
            let identity = (lang.clone(), parent_key.to_owned());
            let parent = match by_key.get(&identity) {
                Some(&parent) => parent,
                None => {
                    let title = title_from_folder(parent_key);
                    pages.push(implicit_page(PageKind::Section, &lang, parent_key, &title));
                    let id = PageId(pages.len() - 1);
                    by_key.insert(identity, id);
                    id
                }
            };
            if pages[parent.0].kind == PageKind::Page {
                // `server.de.md` next to `server/…`: the folder's pages need a section.
                errors.push(
                    Diagnostic::error(format!(
                        "page `{}` is also a folder with pages",
                        display_key(parent_key)
                    ))
                    .at(page_span(sources, &pages[parent.0]))
                    .with_help(format!(
                        "move it to `{parent_key}/_index.{lang}.md` to make it the section page"
                    )),
                );
            }
            pages[index].parent = Some(parent);
        }
        index += 1;
    }

    for id in 0..pages.len() {
        if let Some(parent) = pages[id].parent {
            pages[parent.0].children.push(PageId(id));
        }
    }
    for id in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[id].children);
        children.sort_by(|a, b| pages[a.0].order_key().cmp(&pages[b.0].order_key()));
        pages[id].children = children;
    }

    // URLs: the language, then each ancestor's segment, with a page's own `slug` replacing its
    // last segment.
    for id in 0..pages.len() {
        let mut segments = Vec::new();
        let mut current = Some(PageId(id));
        while let Some(page_id) = current {
            let page = &pages[page_id.0];
            if page.kind != PageKind::Home {
                let segment = match &page.front.slug {
                    Some(slug) => slug.value.clone(),
                    None => page.key.rsplit('/').next().unwrap_or_default().to_owned(),
                };
                segments.push(segment);
            }
            current = page.parent;
        }
        segments.push(pages[id].lang.to_string());
        segments.reverse();
        pages[id].path = format!("{}/", segments.join("/"));
    }
    check_slugs(sources, &pages, &mut errors);
    resolve_aliases(sources, &mut pages, &mut errors);
    check_outputs(sources, &pages, others, &mut errors);
    let warnings = letter_case_warnings(sources, &pages);

    let mut reading_order = BTreeMap::new();
    let mut reading_position = vec![0; pages.len()];
    for (lang, &home) in &homes {
        let mut order = Vec::new();
        depth_first(&pages, home, &mut order);
        for (position, id) in order.iter().enumerate() {
            reading_position[id.0] = position;
        }
        reading_order.insert(lang.clone(), order);
    }

    let tree = errors.is_empty().then_some(SiteTree {
        pages,
        by_key,
        homes,
        reading_order,
        reading_position,
    });
    errors.extend(warnings);
    (tree, errors)
}

fn depth_first(pages: &[Page], id: PageId, order: &mut Vec<PageId>) {
    order.push(id);
    for &child in &pages[id.0].children {
        depth_first(pages, child, order);
    }
}

/// Turns each page's `aliases` into output folders, reporting those that are not paths below
/// the language root.
fn resolve_aliases(sources: &SourceMap, pages: &mut [Page], errors: &mut Vec<Diagnostic>) {
    for page in pages.iter_mut() {
        let Some(source) = &page.source else { continue };
        for alias in &page.front.aliases {
            match alias_folder(&page.lang, &alias.value) {
                Ok(folder) => page.alias_paths.push(folder),
                Err(problem) => errors.push(
                    Diagnostic::error(problem.message(&alias.value))
                        .at(front_matter::field_span(
                            sources,
                            source.file,
                            &alias.referenced,
                        ))
                        .with_help(problem.help()),
                ),
            }
        }
    }
}

/// Why an alias is not a path below the language root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AliasProblem {
    /// Nothing but slashes and `index.html`: the language's start page itself.
    Root,
    /// `https://…` or `mailto:…`: a URL, which would become a folder named `https:`.
    Scheme,
    /// `//host/…`, which browsers read as another host.
    Host,
    /// A `..` segment, which climbs out of the language root.
    Parent,
    /// `\`, which browsers read as `/` but file systems do not.
    Backslash,
    /// `?…` or `#…`: a redirect file answers for a path, never for a query or fragment.
    QueryOrFragment,
    /// A control character.
    Control,
}

impl AliasProblem {
    fn message(self, alias: &str) -> String {
        let alias = crate::diagnostics::quoted(alias);
        match self {
            AliasProblem::Root => format!("alias {alias} is the start page of the language"),
            AliasProblem::Scheme => format!("alias {alias} is a URL, not a path"),
            AliasProblem::Host => format!("alias {alias} names a host"),
            AliasProblem::Parent => format!("alias {alias} leaves the language root"),
            AliasProblem::Backslash => format!("alias {alias} contains a backslash"),
            AliasProblem::QueryOrFragment => {
                format!("alias {alias} has a query or fragment")
            }
            AliasProblem::Control => format!("alias {alias} contains a control character"),
        }
    }

    fn help(self) -> &'static str {
        match self {
            AliasProblem::Root | AliasProblem::Parent => {
                "an alias is an old path below the language root, such as `/old/ports/`"
            }
            AliasProblem::Scheme => {
                "an alias is an old path of this site below the language root, such as \
                 `/old/ports/`; it cannot redirect from another site"
            }
            AliasProblem::Host => {
                "start the path with a single `/`, such as `/old/ports/`; `//` starts a host name"
            }
            AliasProblem::Backslash => "separate the segments with `/`",
            AliasProblem::QueryOrFragment => {
                "remove everything from `?` or `#` on; a redirect answers for a path only"
            }
            AliasProblem::Control => "remove the control character",
        }
    }
}

/// The output folder of an alias: below the language root, normalised, with a trailing slash.
fn alias_folder(lang: &Lang, alias: &str) -> Result<String, AliasProblem> {
    if alias.chars().any(char::is_control) {
        return Err(AliasProblem::Control);
    }
    if has_scheme(alias) {
        return Err(AliasProblem::Scheme);
    }
    if alias.starts_with("//") {
        return Err(AliasProblem::Host);
    }
    if alias.contains('\\') {
        return Err(AliasProblem::Backslash);
    }
    if alias.contains(['?', '#']) {
        return Err(AliasProblem::QueryOrFragment);
    }
    let alias = alias.strip_suffix("index.html").unwrap_or(alias);
    let mut segments = vec![lang.as_str()];
    for segment in alias.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(AliasProblem::Parent),
            other => segments.push(other),
        }
    }
    if segments.len() == 1 {
        return Err(AliasProblem::Root);
    }
    Ok(format!("{}/", segments.join("/")))
}

/// Whether `text` starts with a URL scheme (`https:`, `mailto:`), as a URL parser would read it.
fn has_scheme(text: &str) -> bool {
    let first_segment = text.split('/').next().unwrap_or_default();
    let Some((scheme, _)) = first_segment.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn check_slugs(sources: &SourceMap, pages: &[Page], errors: &mut Vec<Diagnostic>) {
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
                    Diagnostic::error(format!(
                        "slug {} is not a single path segment",
                        crate::diagnostics::quoted(&slug.value)
                    ))
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
fn check_outputs(
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
fn letter_case_warnings(sources: &SourceMap, pages: &[Page]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut by_lowercase: BTreeMap<String, (String, Claim)> = BTreeMap::new();
    for (folder, claim) in claims(pages) {
        match by_lowercase.get(&folder.to_lowercase()) {
            Some((other_folder, _)) if *other_folder == folder => {}
            Some((other_folder, other)) => {
                let (span, label) = claim_origin(sources, pages, claim);
                let (other_span, other_label) = claim_origin(sources, pages, *other);
                warnings.push(
                    Diagnostic::warning(format!(
                        "`/{folder}` and `/{other_folder}` differ only in letter case"
                    ))
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
    let (message, help) = match (claim, earlier) {
        (Claim::Page(id), Claim::Page(_)) => (
            format!("two pages have the URL `/{}`", pages[id.0].path),
            "change the `slug` of one of them, or rename one of the files",
        ),
        (Claim::Alias(id, alias), Claim::Page(target)) if id == target => (
            format!(
                "alias {} is the page's own URL",
                alias_text(pages, id, alias)
            ),
            "remove the alias; the page already has this URL",
        ),
        (Claim::Alias(id, alias), Claim::Page(_)) => (
            format!(
                "alias {} is the URL of another page",
                alias_text(pages, id, alias)
            ),
            "remove the alias, or give the other page another URL",
        ),
        (Claim::Alias(id, alias), Claim::Alias(other, _)) if id == other => (
            format!("alias {} is written twice", alias_text(pages, id, alias)),
            "remove one of them",
        ),
        (Claim::Alias(id, alias), Claim::Alias(..)) => (
            format!(
                "alias {} is also an alias of another page",
                alias_text(pages, id, alias)
            ),
            "remove one of them; an old path can redirect to one page only",
        ),
        (Claim::Page(id), Claim::Alias(..)) => (
            format!("the URL `/{}` is also an alias", pages[id.0].path),
            "remove the alias, or give the page another URL",
        ),
    };
    Diagnostic::error(message)
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
    Diagnostic::error(format!("{subject} collides with {what} (`{path}`)"))
        .at(span)
        .with_label(label)
        .with_help(format!(
            "choose another path; the build writes {what} to `{path}`"
        ))
}

fn alias_text(pages: &[Page], id: PageId, alias: usize) -> String {
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

fn page_span(sources: &SourceMap, page: &Page) -> Span {
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

fn implicit_page(kind: PageKind, lang: &Lang, key: &str, title: &str) -> Page {
    Page {
        kind,
        lang: lang.clone(),
        key: key.to_owned(),
        front: FrontMatter {
            title: title.to_owned(),
            ..FrontMatter::default()
        },
        source: None,
        path: String::new(),
        parent: None,
        children: Vec::new(),
        alias_paths: Vec::new(),
    }
}

fn parent_key(key: &str) -> Option<&str> {
    if key.is_empty() {
        None
    } else {
        Some(key.rsplit_once('/').map_or("", |(parent, _)| parent))
    }
}

fn display_key(key: &str) -> &str {
    if key.is_empty() { "(home)" } else { key }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{ContentRole, classify, parse_page};

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
                    let (page, diagnostics) =
                        parse_page(&sources, file, (kind, lang, key), &|_| false);
                    assert!(diagnostics.is_empty(), "{diagnostics:?}");
                    page
                }
                ContentRole::Fragment => None,
            })
            .collect();
        let (tree, diagnostics) = resolve(&config, &sources, parsed, others);
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
                    parse_page(&sources, file, (kind, lang, key), &|_| false).0
                }
                ContentRole::Fragment => None,
            })
            .collect();
        let (tree, diagnostics) = resolve(&config, &sources, parsed, &OtherOutputs::new());
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
        assert_eq!(errors[0].message, "two files define the de page `a`");
        let paths: Vec<_> = std::iter::once(errors[0].span().unwrap())
            .chain(errors[0].notes.iter().map(|note| note.span))
            .map(|span| sources.get(span.file).path.display().to_string())
            .collect();
        assert!(
            paths.contains(&"content/a.de.md".to_owned())
                && paths.contains(&"content/a.md".to_owned())
        );
    }

    #[test]
    fn a_page_that_is_also_a_folder_is_an_error() {
        let (tree, _) = resolve_files(&[
            ("server.en.md", &page("Server")),
            ("server/ports.en.md", &page("Ports")),
        ]);
        let errors = tree.unwrap_err();
        assert_eq!(
            errors[0].message,
            "page `server` is also a folder with pages"
        );
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
        assert_eq!(errors[0].message, "slug `x/y` is not a single path segment");
        let span = errors[0].span().unwrap();
        assert_eq!(sources.get(span.file).line_col(span.start), (3, 7));
        let (tree, _) = resolve_files(&[("b.en.md", "---\ntitle: B\nslug: \"a\\tb\"\n---\n")]);
        assert_eq!(
            tree.unwrap_err()[0].message,
            "slug \"a\\tb\" is not a single path segment"
        );

        let (tree, sources) = resolve_files(&[
            ("a.en.md", &page("A")),
            ("b.en.md", "---\ntitle: B\nslug: a\n---\n"),
        ]);
        let errors = tree.unwrap_err();
        assert_eq!(errors[0].message, "two pages have the URL `/en/a/`");
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
        let (tree, _) =
            resolve_files(&[("a.en.md", "---\ntitle: A\naliases: [/old/a/, b]\n---\n")]);
        let tree = tree.unwrap();
        let en = crate::config::Lang::parse("en").unwrap().0;
        assert_eq!(
            tree.page(tree.find(&en, "a").unwrap()).alias_paths,
            ["en/old/a/", "en/b/"]
        );

        let (tree, sources) =
            resolve_files(&[("a.en.md", "---\ntitle: A\naliases: [/../x/]\n---\n")]);
        let errors = tree.unwrap_err();
        assert_eq!(errors[0].message, "alias `/../x/` leaves the language root");
        let span = errors[0].span().unwrap();
        assert_eq!(sources.get(span.file).line_col(span.start), (3, 11));
    }

    #[test]
    fn an_alias_onto_its_own_page_names_both_places() {
        let (tree, sources) =
            resolve_files(&[("a.en.md", "---\ntitle: A\naliases: [/old/, /a/]\n---\n")]);
        let errors = tree.unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "alias `/a/` is the page's own URL");
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
        assert_eq!(
            errors[0].message,
            "alias `old` is also an alias of another page"
        );
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
        assert_eq!(errors[0].message, "alias `/b/` is the URL of another page");
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
        let found: Vec<(&str, (usize, usize))> = errors
            .iter()
            .map(|error| {
                let span = error.span().unwrap();
                (
                    error.message.as_str(),
                    sources.get(span.file).line_col(span.start),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "alias `/404.html` collides with the 404 page of `en` (`en/404.html`)",
                    (3, 11)
                ),
                (
                    "alias `/raw/` collides with the file `content/raw/index.html` \
                     (`en/raw/index.html`)",
                    (3, 22)
                ),
                (
                    "the URL `/en/shot.png/` collides with the file `content/shot.png` \
                     (`en/shot.png`)",
                    (3, 7)
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
        assert_eq!(
            errors[0].message,
            "alias `/x/index.html/y/` is the URL of another page"
        );
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
                (warning.message.as_str(), positions(&sources, warning))
            })
            .collect();
        let at = |path: &str, line, column| (format!("content/{path}"), (line, column));
        assert_eq!(
            found,
            [
                (
                    "`/en/setup/` and `/en/Setup/` differ only in letter case",
                    vec![at("b.en.md", 3, 7), at("a.en.md", 3, 7)]
                ),
                (
                    "`/en/guide/` and `/en/Guide/` differ only in letter case",
                    vec![at("guide.en.md", 1, 1), at("Guide.en.md", 1, 1)]
                ),
                (
                    "`/en/old/` and `/en/OLD/` differ only in letter case",
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
}
