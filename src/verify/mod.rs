//! The verify stage: every link of the rendered site, checked against the site itself.
//!
//! After rendering, the whole output is known (rendered files and copies) before the output
//! folder changes, so each page's links and images can be followed to the file they lead to, and
//! each fragment to an element id of that page; pages are read as they are rendered
//! ([`Pages`]), so that their text need not be kept. Reading the pages themselves catches links from
//! Markdown, shortcodes and templates alike. A broken link is reported where it was written:
//! at the Markdown link or the shortcode (render records both), else at the text of the
//! template that writes it, else at the page; one template link broken on many pages is one
//! report that says on how many.
//! `build` and `check` run the same stage, so they never disagree: findings are warnings, which
//! `build --strict` and `check` turn into a failure.

mod numbers;

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::SiteConfig;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::html::scan::{self, LinkAttribute};
use crate::model::Site;
use crate::render::LinkSource;
use crate::theme::Templates;
use crate::url;

use numbers::NumberSet;

/// The output of a build, as far as links can lead.
pub(crate) struct Output<'a> {
    /// The links and ids of every rendered HTML page.
    pub(crate) pages: &'a Pages,
    /// Every file the build writes, rendered or copied.
    pub(crate) files: FxHashSet<&'a str>,
}

/// The links and ids of the rendered HTML pages, gathered while the site renders so that each
/// page's text can go once it is written. This is what a build keeps of every page to the end,
/// so it is kept in few bytes and few allocations:
/// - pages repeat the same relative URLs (the sidebar, the breadcrumbs) and ids, so each
///   distinct text is kept once ([`Texts`]), and a page keeps the numbers of its texts;
/// - a page's path and the numbers of its links and ids are one record of bytes
///   ([`PageLinks::read`]) among all pages' records, in blocks ([`Joined`]): no allocation of
///   its own, and none that the allocator rounds up;
/// - a link to a fragment of the page itself is checked when the page is added, against the
///   ids it has then, and kept only when broken: it is neither a text nor a link of the page.
#[derive(Default)]
pub(crate) struct Pages {
    /// Each page's record, by page number.
    records: Joined,
    /// Where each page's links written in its content start in `written`, by page number.
    written_starts: Vec<u32>,
    written: Vec<Written>,
    texts: Texts,
    /// The record being written, reused from page to page.
    record: Vec<u8>,
}

/// One page: its path below the output root, its links ([`Link`]s) and its element ids, as
/// numbers of [`Texts`], and where the links written in its content came from.
struct PageLinks<'a> {
    path: &'a str,
    links: NumberSet<'a>,
    ids: NumberSet<'a>,
    written: &'a [Written],
}

impl PageLinks<'_> {
    /// Appends the record of a page to `record`: the length of its path and the path, the
    /// length of its set of links and the set, its set of ids.
    fn write(path: &str, links: Vec<u32>, ids: Vec<u32>, record: &mut Vec<u8>) {
        let length = |bytes: usize| u32::try_from(bytes).expect("a page of less than 4 GiB");
        numbers::write_number(length(path.len()), record);
        record.extend_from_slice(path.as_bytes());
        let mut set = Vec::new();
        NumberSet::write(links, &mut set);
        numbers::write_number(length(set.len()), record);
        record.extend_from_slice(&set);
        NumberSet::write(ids, record);
    }

    /// The page of a record that [`PageLinks::write`] wrote.
    fn read<'a>(mut record: &'a [u8], written: &'a [Written]) -> PageLinks<'a> {
        let part = |record: &mut &'a [u8]| {
            let length = numbers::read_number(record).expect("a record holds its lengths") as usize;
            let (part, rest) = record.split_at(length);
            *record = rest;
            part
        };
        let path = std::str::from_utf8(part(&mut record)).expect("a path is written as text");
        let links = NumberSet(part(&mut record));
        PageLinks {
            path,
            links,
            ids: NumberSet(record),
            written,
        }
    }
}

/// A link written in a page's Markdown or by a shortcode ([`LinkSource`]), with its URL and
/// template as numbers of [`Texts`]: kept for every page, read only for the broken ones.
struct Written {
    url: u32,
    span: Span,
    template: Option<u32>,
    reported: bool,
}

/// A link of a page: the number of its text and its attribute, in four bytes, since a large
/// site has millions; the attribute in the lowest bits, so that the links of a page, as a
/// [`NumberSet`], stay close together.
#[derive(Clone, Copy)]
struct Link(u32);

impl Link {
    const ATTRIBUTES: [LinkAttribute; 4] = [
        LinkAttribute::Href,
        LinkAttribute::Src,
        LinkAttribute::Srcset,
        LinkAttribute::Poster,
    ];

    fn new(number: u32, attribute: LinkAttribute) -> Link {
        assert!(number < 1 << 30, "fewer than 2^30 distinct links");
        let index = Link::ATTRIBUTES
            .iter()
            .position(|known| *known == attribute)
            .expect("every attribute is listed");
        Link(number << 2 | index as u32)
    }

    fn number(self) -> u32 {
        self.0 >> 2
    }

    fn attribute(self) -> LinkAttribute {
        Link::ATTRIBUTES[(self.0 & 0b11) as usize]
    }
}

/// Bytes one block of [`Joined`] holds.
const BLOCK: usize = 256 * 1024;

/// Each distinct link or id text, once, by number.
#[derive(Default)]
struct Texts {
    joined: Joined,
    /// The numbers, found by the hash of the text they stand for.
    numbers: hashbrown::HashTable<u32>,
}

/// Byte strings one after another, by number, in blocks that are filled but never grown: the
/// distinct texts and the pages' records are kept to the end of the build and are its largest
/// allocations (3.7 MB of texts at 10,000 pages per language). One buffer grown as they came
/// left up to half of it unused, and each time it grew it left the old one behind for the
/// allocator to return (megabytes, many times a second while a language's pages are first
/// read).
#[derive(Default)]
struct Joined {
    /// A string that does not fit in the last block starts a new one (of its own length, when
    /// longer than [`BLOCK`]), so no string spans two blocks.
    blocks: Vec<Vec<u8>>,
    /// Where each block starts, counting the strings as one.
    block_starts: Vec<u32>,
    /// Where each string ends, counting the strings as one; each starts where the one before
    /// ends.
    ends: Vec<u32>,
}

impl Joined {
    fn get(&self, number: u32) -> &[u8] {
        let index = number as usize;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1],
        };
        let end = self.ends[index];
        // The last block starting at or before the string; `block_starts[0]` is 0.
        let block = self.block_starts.partition_point(|&block| block <= start) - 1;
        let offset = self.block_starts[block];
        &self.blocks[block][(start - offset) as usize..(end - offset) as usize]
    }

    /// How many strings there are.
    fn len(&self) -> u32 {
        u32::try_from(self.ends.len()).expect("fewer than 2^32 strings")
    }

    /// Adds `bytes`; their number.
    fn push(&mut self, bytes: &[u8]) -> u32 {
        let number = self.len();
        let at = self.ends.last().copied().unwrap_or(0);
        let full = self
            .blocks
            .last()
            .is_none_or(|block| block.capacity() - block.len() < bytes.len());
        if full {
            self.blocks.push(Vec::with_capacity(bytes.len().max(BLOCK)));
            self.block_starts.push(at);
        }
        self.blocks
            .last_mut()
            .expect("a block was added")
            .extend_from_slice(bytes);
        let end = u32::try_from(at as usize + bytes.len()).expect("less than 4 GiB of links");
        self.ends.push(end);
        number
    }
}

impl Texts {
    fn hash(text: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(text)
    }

    fn get(&self, number: u32) -> &str {
        Texts::text(self.joined.get(number))
    }

    /// The bytes of a text as the text they were added as.
    fn text(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes).expect("texts are added as text")
    }

    /// How many texts there are: each number below it stands for one.
    fn len(&self) -> u32 {
        self.joined.len()
    }

    fn find(&self, text: &str) -> Option<u32> {
        self.numbers
            .find(Texts::hash(text), |&number| self.get(number) == text)
            .copied()
    }

    fn number(&mut self, text: &str) -> u32 {
        let Texts { joined, numbers } = self;
        let entry = numbers.entry(
            Texts::hash(text),
            |&number| joined.get(number) == text.as_bytes(),
            // Growing the table hashes each text again.
            |&number| Texts::hash(Texts::text(joined.get(number))),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(occupied) => *occupied.get(),
            hashbrown::hash_table::Entry::Vacant(vacant) => {
                let number = joined.push(text.as_bytes());
                vacant.insert(number);
                number
            }
        }
    }
}

impl Pages {
    /// Reads the links and ids of a rendered HTML page; [`Pages::add`] keeps them. Separate,
    /// so that pages can be read in parallel.
    pub(crate) fn scan(html: &str) -> scan::Scanned<'_> {
        scan::scan(html)
    }

    /// Keeps the links and ids of the page at `path`, and where the links written in its
    /// content came from (`written`, which rendering recorded).
    pub(crate) fn add(&mut self, path: &str, scanned: scan::Scanned<'_>, written: &[LinkSource]) {
        let mut own_ids: Vec<&str> = scanned.ids.iter().map(|id| &**id).collect();
        own_ids.sort_unstable();
        // A link to the page itself that finds its fragment here is not broken, whatever the
        // rest of the site: it need not be kept, nor where it was written.
        let found_here = |url: &str, attribute: LinkAttribute| {
            leads_to_itself(url)
                && wanted_id(fragment(url), attribute)
                    .is_none_or(|id| own_ids.binary_search(&id.as_str()).is_ok())
        };
        // A link repeated in a page is checked once: its findings are the same.
        let links = scanned
            .links
            .iter()
            .filter(|link| !found_here(&link.url, link.attribute))
            .map(|link| Link::new(self.texts.number(&link.url), link.attribute).0)
            .collect();
        let ids = own_ids.iter().map(|id| self.texts.number(id)).collect();
        let start = u32::try_from(self.written.len()).expect("fewer than 2^32 written links");
        self.written_starts.push(start);
        for link in written {
            if found_here(&link.url, LinkAttribute::Href) {
                continue;
            }
            let written = Written {
                url: self.texts.number(&link.url),
                span: link.span,
                template: link.template.as_deref().map(|name| self.texts.number(name)),
                reported: link.reported,
            };
            self.written.push(written);
        }
        self.record.clear();
        PageLinks::write(path, links, ids, &mut self.record);
        self.records.push(&self.record);
    }

    /// How many pages there are: each number below it stands for one.
    fn len(&self) -> u32 {
        self.records.len()
    }

    fn page(&self, number: u32) -> PageLinks<'_> {
        let index = number as usize;
        let start = self.written_starts[index] as usize;
        let end = self
            .written_starts
            .get(index + 1)
            .map_or(self.written.len(), |&end| end as usize);
        PageLinks::read(self.records.get(number), &self.written[start..end])
    }

    fn text(&self, number: u32) -> &str {
        self.texts.get(number)
    }
}

/// Whether `url` leads to the page it is written in: it has no path, only a fragment or a
/// query. Asked of every link of every page, so it looks at the first byte only.
fn leads_to_itself(url: &str) -> bool {
    matches!(url.as_bytes().first(), None | Some(b'#' | b'?'))
}

/// The fragment of `url`, percent-decoded.
fn fragment(url: &str) -> Option<String> {
    let (_, fragment) = url.split_once('#')?;
    Some(url::decode_path(fragment))
}

/// The element id that a link's `fragment` ([`fragment`]), written in an `attribute`, must find
/// on the page it leads to: none for `#` alone and `#top` (the top of the page), and none for
/// images, which have no fragments.
fn wanted_id(fragment: Option<String>, attribute: LinkAttribute) -> Option<String> {
    fragment.filter(|fragment| {
        !fragment.is_empty() && fragment != "top" && attribute == LinkAttribute::Href
    })
}

/// The pages looked up by path: their element ids, and where the links of their content were
/// written.
struct Ids<'a> {
    pages: &'a Pages,
    /// The number of each page.
    by_path: FxHashMap<&'a str, u32>,
}

impl<'a> Ids<'a> {
    fn new(pages: &'a Pages) -> Ids<'a> {
        let by_path = (0..pages.len())
            .map(|number| (pages.page(number).path, number))
            .collect();
        Ids { pages, by_path }
    }

    fn page(&self, path: &str) -> Option<PageLinks<'a>> {
        let &number = self.by_path.get(path)?;
        Some(self.pages.page(number))
    }

    /// Whether the HTML page at `path` has an element with the id `id`; `None` when `path` is
    /// not an HTML page.
    fn has(&self, path: &str, id: &str) -> Option<bool> {
        let page = self.page(path)?;
        let Some(number) = self.pages.texts.find(id) else {
            return Some(false);
        };
        Some(page.ids.contains(number))
    }

    /// The links written in the content of the page at `path` (none for a path that is not an
    /// HTML page), each with its URL.
    fn written(&self, path: &str) -> impl Iterator<Item = (&'a str, &'a Written)> + use<'a> {
        let texts = &self.pages.texts;
        self.page(path)
            .into_iter()
            .flat_map(|page| page.written.iter())
            .map(|link| (texts.get(link.url), link))
    }
}

/// How many checked links each thread remembers ([`check_links`]).
const CHECKED_MAX: usize = 4096;

/// Checks every link of every page; what render recorded about where links were written (kept
/// with each page's links) and the templates locate the findings.
pub(crate) fn check_links(
    site: &Site,
    templates: &Templates,
    output: &Output<'_>,
) -> Vec<Diagnostic> {
    let known = output.pages;
    let ids = Ids::new(known);
    let resolver = Resolver::new(&site.config);
    // Pages repeat the same links from the same place (the sidebar of a section, written
    // relative to the root from every page at the same depth), so each link is checked once per
    // base it is resolved against (`Reach::base`); how far a link reaches depends on its text
    // alone, so it is worked out once per text.
    let reaches: Vec<Reach> = (0..known.texts.len())
        .into_par_iter()
        .map(|number| resolver.reach(known.text(number)))
        .collect();
    type Checked<'p> = FxHashMap<(Base<'p>, u32, LinkAttribute), Option<Problem>>;
    // One cache per thread's share of the pages: a cache per unit of rayon's work, as `fold`
    // makes, grew and was dropped dozens of times, and the allocator kept each resident.
    let threads = u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
    let share = known.len().div_ceil(threads).max(1);
    let mut findings: Vec<Finding> = (0..known.len().div_ceil(share))
        .into_par_iter()
        .flat_map_iter(|part| {
            let mut checked = Checked::default();
            let mut findings = Vec::new();
            let pages = part * share..known.len().min((part + 1) * share);
            for page in pages.map(|number| known.page(number)) {
                // Most bases are shared by many pages, but not a page's own links (to its
                // files): a bounded cache keeps memory flat at any size.
                if checked.len() > CHECKED_MAX {
                    checked.clear();
                }
                let path = page.path;
                for link in page.links.iter().map(Link) {
                    let (number, attribute) = (link.number(), link.attribute());
                    let url = known.text(number);
                    let key = (reaches[number as usize].base(path), number, attribute);
                    let problem = checked
                        .entry(key)
                        .or_insert_with(|| resolver.check(path, url, attribute, output, &ids));
                    if let Some(problem) = problem {
                        findings.push(Finding {
                            page: path,
                            url: url.to_string(),
                            problem: problem.clone(),
                        });
                    }
                }
            }
            findings
        })
        .collect();
    findings.sort();
    findings.dedup();
    report(site, templates, &resolver, &ids, findings)
}

/// Why a link is broken.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    /// It leads to no file of the output (the path below the output root, or the URL itself when
    /// it leaves the site).
    MissingFile(String),
    /// The page it leads to has no element with that id.
    MissingAnchor {
        /// The page, below the output root.
        page: String,
        /// The fragment, percent-decoded.
        fragment: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Finding<'a> {
    page: &'a str,
    url: String,
    problem: Problem,
}

/// Where a link leads, in output paths.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Another site, or a scheme such as `mailto:`.
    External,
    /// A file of this site, and a fragment.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// A path of this site's host that is not below the site (`/other/` under `/docs/`), or
    /// one that climbs above the output root.
    Outside,
}

/// What a link's target depends on besides its text ([`Reach::base`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Base<'p> {
    /// The page itself: a link to a fragment or a query of the page.
    Page(&'p str),
    /// This folder, which a relative link's path climbs to before it descends.
    Folder(&'p str),
    /// Nothing of the page: an absolute link.
    Root,
    /// A relative link that climbs above the output root.
    Above,
}

/// What a link's text says about how its target depends on the page it is written in
/// ([`Resolver::reach`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// A fragment or a query of the page itself.
    Page,
    /// Nothing of the page: an absolute link.
    Root,
    /// A relative link: the page's folder, at most this many folders up.
    Up(usize),
}

impl Reach {
    /// The base of a link with this reach, written in `page`.
    fn base(self, page: &str) -> Base<'_> {
        let up = match self {
            Reach::Page => return Base::Page(page),
            Reach::Root => return Base::Root,
            Reach::Up(up) => up,
        };
        let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
        if folder.starts_with('/') || folder.contains("//") {
            return Base::Page(page);
        }
        let folders = folder.split('/').filter(|name| !name.is_empty()).count();
        match folders.checked_sub(up) {
            None => Base::Above,
            Some(0) => Base::Folder(""),
            Some(kept) => Base::Folder(
                folder
                    .match_indices('/')
                    .nth(kept - 1)
                    .map_or(folder, |(end, _)| &folder[..end]),
            ),
        }
    }
}

/// Follows URLs written in pages to output paths.
struct Resolver<'s> {
    /// The absolute base URL (`https://docs.example.org/docs/`): links to it are internal.
    base_url: &'s str,
    /// Its path (`/docs/`), for root-relative links.
    base_path: &'s str,
}

impl<'s> Resolver<'s> {
    fn new(config: &'s SiteConfig) -> Resolver<'s> {
        Resolver {
            base_url: &config.base_url,
            base_path: config.base_path(),
        }
    }

    /// What of `page`'s own path the target of `url`, written in it, depends on: two links
    /// with the same text and base lead to the same place.
    #[cfg(test)]
    fn base<'p>(&self, page: &'p str, url: &str) -> Base<'p> {
        self.reach(url).base(page)
    }

    /// How far the target of `url` depends on the page it is written in; the same for every
    /// page, so a check works it out once per distinct text.
    fn reach(&self, url: &str) -> Reach {
        if leads_to_itself(url) {
            return Reach::Page;
        }
        let path = url.split(['#', '?']).next().unwrap_or_default();
        if path.starts_with('/') || path.starts_with(self.base_url) || url::has_scheme(url) {
            return Reach::Root;
        }
        // A relative path climbs from the page's folder at most this many folders up.
        let (mut depth, mut lowest) = (0_isize, 0_isize);
        for segment in path.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    depth -= 1;
                    lowest = lowest.min(depth);
                }
                _ => depth += 1,
            }
        }
        Reach::Up(lowest.unsigned_abs())
    }

    /// Where `url`, written in the page at `page` (`en/guide/index.html`), leads.
    fn target(&self, page: &str, url: &str) -> Target {
        let rest = url.split_once('#').map_or(url, |(rest, _)| rest);
        let fragment = fragment(url);
        let path = rest.split_once('?').map_or(rest, |(path, _)| path);
        let below_root = if let Some(inside) = path.strip_prefix(self.base_url) {
            Some(inside.to_owned())
        } else if url::has_scheme(url) || url.starts_with("//") {
            return Target::External;
        } else if let Some(absolute) = path.strip_prefix('/') {
            format!("/{absolute}")
                .strip_prefix(self.base_path)
                .map(str::to_owned)
        } else if path.is_empty() {
            Some(page.to_owned())
        } else {
            let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
            url::join(folder, path).map(|joined| {
                // `join` drops a trailing slash; a folder means its index page.
                if path.ends_with('/') && !joined.is_empty() {
                    format!("{joined}/")
                } else {
                    joined
                }
            })
        };
        let Some(below_root) = below_root else {
            return Target::Outside;
        };
        let mut path = url::decode_path(&below_root);
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        Target::Internal { path, fragment }
    }

    /// The problem with a link, if it has one.
    fn check(
        &self,
        page: &str,
        url: &str,
        attribute: LinkAttribute,
        output: &Output<'_>,
        ids: &Ids<'_>,
    ) -> Option<Problem> {
        let (mut path, fragment) = match self.target(page, url) {
            Target::External => return None,
            Target::Outside => return Some(Problem::MissingFile(url.to_owned())),
            Target::Internal { path, fragment } => (path, fragment),
        };
        if !output.files.contains(path.as_str()) {
            // `guide` for the folder `guide/`: static servers answer with its index page.
            let index = format!("{path}/index.html");
            if !output.files.contains(index.as_str()) {
                return Some(Problem::MissingFile(path));
            }
            path = index;
        }
        let fragment = wanted_id(fragment, attribute)?;
        (!ids.has(&path, &fragment)?).then_some(Problem::MissingAnchor {
            page: path,
            fragment,
        })
    }
}

/// Where a broken link was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// A Markdown link, or a shortcode whose output holds it.
    Source {
        span: Span,
        template: Option<String>,
    },
    /// The text of a template that writes it.
    Template(Span),
    /// A link that rendering reported already.
    Reported,
    /// Only known to be in the page's HTML.
    Page,
}

/// Turns findings into diagnostics, one per place and problem, naming the pages.
fn report(
    site: &Site,
    templates: &Templates,
    resolver: &Resolver<'_>,
    ids: &Ids<'_>,
    findings: Vec<Finding<'_>>,
) -> Vec<Diagnostic> {
    // Grouped by where the link is written and what is wrong, in a stable order.
    let mut groups: BTreeMap<(Origin, Problem), Vec<Finding<'_>>> = BTreeMap::new();
    for finding in findings {
        let origin = origin(site, templates, resolver, ids, &finding);
        groups
            .entry((origin, finding.problem.clone()))
            .or_default()
            .push(finding);
    }
    let mut diagnostics = Vec::new();
    for ((origin, problem), findings) in groups {
        if origin == Origin::Reported {
            continue;
        }
        // Without a place to point at, each page is its own report.
        if origin == Origin::Page {
            for finding in &findings {
                diagnostics.push(diagnostic(
                    site,
                    &origin,
                    &problem,
                    std::slice::from_ref(finding),
                ));
            }
        } else {
            diagnostics.push(diagnostic(site, &origin, &problem, &findings));
        }
    }
    diagnostics
}

/// Where the broken link of `finding` was written.
fn origin(
    site: &Site,
    templates: &Templates,
    resolver: &Resolver<'_>,
    ids: &Ids<'_>,
    finding: &Finding<'_>,
) -> Origin {
    let target = resolver.target(finding.page, &finding.url);
    let written = ids
        .written(finding.page)
        .find(|(url, _)| *url == finding.url || resolver.target(finding.page, url) == target)
        .map(|(_, link)| link);
    if let Some(link) = written {
        if link.reported {
            return Origin::Reported;
        }
        return Origin::Source {
            span: link.span,
            template: link.template.map(|name| ids.pages.text(name).to_owned()),
        };
    }
    // A template writes the part after `{{ root }}` literally.
    let literal = finding.url.trim_start_matches("./");
    let mut literal = literal;
    while let Some(rest) = literal.strip_prefix("../") {
        literal = rest;
    }
    let literal = literal
        .strip_prefix(site.config.base_path())
        .unwrap_or(literal);
    if literal.is_empty() {
        return Origin::Page;
    }
    match templates.find_text(&site.sources, literal) {
        Some(span) => Origin::Template(span),
        None => Origin::Page,
    }
}

/// The report of one problem written in one place, on the pages of `findings`.
fn diagnostic(
    site: &Site,
    origin: &Origin,
    problem: &Problem,
    findings: &[Finding<'_>],
) -> Diagnostic {
    let first = &findings[0];
    let page = page_url(first.page);
    let (code, message) = match problem {
        Problem::MissingFile(target) => (
            Code::BrokenLink,
            format!("link to `{target}`, which the build does not write"),
        ),
        Problem::MissingAnchor { page, fragment } => (
            Code::BrokenAnchor,
            format!(
                "link to `#{fragment}` of `{}`, which has no element with that id",
                page_url(page)
            ),
        ),
    };
    let pages = match findings.len() {
        1 => format!("on `{page}`"),
        n => format!("on {n} pages, such as `{page}`"),
    };
    let label = format!("written as `{}` {pages}", first.url);
    let help = match problem {
        Problem::MissingFile(_) => "fix the link, or add the file it leads to",
        Problem::MissingAnchor { .. } => {
            "link to an id the page has: headings get ids from their text, `{#id}` sets one"
        }
    };
    let diagnostic = Diagnostic::new(code, message).with_help(help);
    match origin {
        Origin::Source { span, template } => {
            let diagnostic = diagnostic.at(*span);
            match template {
                Some(template) => diagnostic.with_label(format!("{label}, by `{template}`")),
                None => diagnostic.with_label(label),
            }
        }
        Origin::Template(span) => diagnostic.at(*span).with_label(label),
        Origin::Reported => diagnostic,
        Origin::Page => {
            let page_file = page_source(site, first.page);
            let diagnostic = diagnostic.with_label(label.clone());
            match page_file {
                Some(span) => diagnostic.at(span),
                None => {
                    let mut diagnostic = diagnostic;
                    diagnostic.message.push_str(&format!(" ({label})"));
                    diagnostic
                }
            }
        }
    }
}

/// `en/guide/` for the output file `en/guide/index.html`.
fn page_url(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// The first line of the content file behind a page's output file, if it has one.
fn page_source(site: &Site, output: &str) -> Option<Span> {
    let folder = page_url(output);
    let id = site
        .tree
        .ids()
        .find(|&id| site.tree.page(id).path == folder)?;
    let source = site.tree.page(id).source.as_ref()?;
    Some(crate::content::head_span(&site.sources, source.file))
}

#[cfg(test)]
mod tests;
