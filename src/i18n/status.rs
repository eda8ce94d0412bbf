//! The translator's report: per language, what is missing, unused, inconsistent or outdated.
//!
//! The reference is the default language. A language is complete when it has every message the
//! default language has, every page exists in it, no translation is older than its source, and
//! no message uses other variables than the default language's version of it. Unused messages and
//! translations that were never marked are listed to help, but do not count as missing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::Lang;
use crate::diagnostics::SourceMap;
use crate::i18n::{Catalog, MessageDef, tracking};
use crate::resolve::SiteTree;

/// The whole report.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    /// The default language, against which the others are compared.
    pub default_language: String,
    /// One entry per configured language, in configuration order.
    pub languages: Vec<LanguageReport>,
}

impl Report {
    /// Whether every language is complete.
    pub(crate) fn complete(&self) -> bool {
        self.languages.iter().all(LanguageReport::complete)
    }
}

/// Where a message is defined.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct MessageRef {
    /// Message id.
    pub id: String,
    /// The `.ftl` file.
    pub file: PathBuf,
    /// Line of the id.
    pub line: usize,
}

/// A message whose variables differ from the default language's.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct VariableMismatch {
    /// The message in this language.
    pub message: MessageRef,
    /// Variables of the default language's message.
    pub expected: Vec<String>,
    /// Variables of this language's message.
    pub found: Vec<String>,
}

/// A page by canonical key and the file of an existing version.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct PageRef {
    /// Canonical key (`server/port-overview`).
    pub key: String,
    /// A file of the page in another language, to translate from.
    pub source: PathBuf,
}

/// A translation whose source changed since it was marked translated.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Outdated {
    /// The translation.
    pub file: PathBuf,
    /// Its source in the default language.
    pub source: PathBuf,
}

/// The state of one language.
#[derive(Debug, Serialize)]
pub(crate) struct LanguageReport {
    /// Language code.
    pub lang: String,
    /// Whether this is the default language.
    pub default: bool,
    /// Messages of the default language.
    pub messages_total: usize,
    /// Of those, how many this language has.
    pub messages_present: usize,
    /// Pages in any language.
    pub pages_total: usize,
    /// Of those, how many exist in this language and are up to date.
    pub pages_present: usize,
    /// Share of messages and pages present and up to date, in percent (one decimal).
    pub complete_percent: f64,
    /// Messages of the default language that this language lacks.
    pub missing_messages: Vec<MessageRef>,
    /// Messages whose variables differ from the default language's.
    pub variable_mismatches: Vec<VariableMismatch>,
    /// Pages that exist in another language only.
    pub untranslated_pages: Vec<PageRef>,
    /// Translations whose source changed since they were marked translated.
    pub outdated_pages: Vec<Outdated>,
    /// Translations never marked with `tafel i18n mark-translated`.
    pub untracked_pages: Vec<Outdated>,
    /// Messages no template, shortcode, data file or page uses.
    pub unused_messages: Vec<MessageRef>,
}

impl LanguageReport {
    /// Whether nothing is missing, mismatched or outdated.
    pub(crate) fn complete(&self) -> bool {
        self.missing_messages.is_empty()
            && self.variable_mismatches.is_empty()
            && self.untranslated_pages.is_empty()
            && self.outdated_pages.is_empty()
    }
}

/// What the report is computed from.
pub(crate) struct Inputs<'a> {
    /// Languages in configuration order.
    pub langs: &'a [Lang],
    /// The default language.
    pub default_lang: &'a Lang,
    /// The messages.
    pub catalog: &'a Catalog,
    /// The pages.
    pub tree: &'a SiteTree,
    /// Every source file.
    pub sources: &'a SourceMap,
    /// Message ids used anywhere: looked up while rendering, written literally in a template, or
    /// named as a label in data.
    pub used: &'a BTreeSet<String>,
}

/// Computes the report.
pub(crate) fn report(inputs: &Inputs<'_>) -> Report {
    Report {
        default_language: inputs.default_lang.to_string(),
        languages: inputs
            .langs
            .iter()
            .map(|lang| language_report(inputs, lang))
            .collect(),
    }
}

fn message_ref(sources: &SourceMap, id: &str, def: &MessageDef) -> MessageRef {
    let file = sources.get(def.span.file);
    MessageRef {
        id: id.to_owned(),
        file: file.path.clone(),
        line: file.line_col(def.span.start).0,
    }
}

fn language_report(inputs: &Inputs<'_>, lang: &Lang) -> LanguageReport {
    let messages_total = inputs.catalog.ids(inputs.default_lang).count();
    let missing_messages = missing_messages(inputs, lang);
    let variable_mismatches = variable_mismatches(inputs, lang);
    let messages_present = messages_total - missing_messages.len();
    let pages = page_status(inputs, lang);
    // A message with other variables than the default language's is there but not usable.
    let usable_messages = messages_present - variable_mismatches.len().min(messages_present);
    LanguageReport {
        lang: lang.to_string(),
        default: lang == inputs.default_lang,
        messages_total,
        messages_present,
        pages_total: pages.total,
        pages_present: pages.present,
        complete_percent: percent(
            usable_messages + pages.present,
            messages_total + pages.total,
        ),
        missing_messages,
        variable_mismatches,
        untranslated_pages: pages.untranslated,
        outdated_pages: pages.outdated,
        untracked_pages: pages.untracked,
        unused_messages: unused_messages(inputs, lang),
    }
}

/// Messages of the default language that `lang` lacks.
fn missing_messages(inputs: &Inputs<'_>, lang: &Lang) -> Vec<MessageRef> {
    inputs
        .catalog
        .ids(inputs.default_lang)
        .filter(|(id, _)| !inputs.catalog.has(lang, id))
        .map(|(id, def)| message_ref(inputs.sources, id, def))
        .collect()
}

/// Messages of `lang` whose variables differ from the default language's version.
fn variable_mismatches(inputs: &Inputs<'_>, lang: &Lang) -> Vec<VariableMismatch> {
    if lang == inputs.default_lang {
        return Vec::new();
    }
    let catalog = inputs.catalog;
    catalog
        .ids(lang)
        .filter_map(|(id, def)| {
            let expected = catalog.definition(inputs.default_lang, id)?;
            (expected.variables != def.variables).then(|| VariableMismatch {
                message: message_ref(inputs.sources, id, def),
                expected: expected.variables.iter().cloned().collect(),
                found: def.variables.iter().cloned().collect(),
            })
        })
        .collect()
}

/// Messages of `lang` that nothing uses.
fn unused_messages(inputs: &Inputs<'_>, lang: &Lang) -> Vec<MessageRef> {
    inputs
        .catalog
        .ids(lang)
        .filter(|(id, _)| !inputs.used.contains(*id))
        .map(|(id, def)| message_ref(inputs.sources, id, def))
        .collect()
}

/// The pages of one language, against the pages of every language.
struct PageStatus {
    /// Pages with a file in any language.
    total: usize,
    /// Of those, how many exist in this language and are up to date.
    present: usize,
    untranslated: Vec<PageRef>,
    outdated: Vec<Outdated>,
    untracked: Vec<Outdated>,
}

/// Where one page stands in one language.
enum PageState {
    /// No file in this language.
    Untranslated(PageRef),
    /// Translated from the current source, or needing no source (a page of the default
    /// language, or one the default language lacks).
    UpToDate,
    /// Translated, but its source changed since.
    Outdated(Outdated),
    /// Translated, but never marked, so whether it is current is unknown.
    Untracked(Outdated),
}

fn page_status(inputs: &Inputs<'_>, lang: &Lang) -> PageStatus {
    let keys: BTreeSet<&str> = inputs
        .tree
        .pages
        .iter()
        .filter(|page| page.source.is_some())
        .map(|page| page.key.as_str())
        .collect();
    let mut status = PageStatus {
        total: keys.len(),
        present: 0,
        untranslated: Vec::new(),
        outdated: Vec::new(),
        untracked: Vec::new(),
    };
    for key in keys {
        match page_state(inputs, lang, key) {
            PageState::Untranslated(page) => status.untranslated.push(page),
            PageState::UpToDate => status.present += 1,
            PageState::Outdated(page) => status.outdated.push(page),
            // An unmarked translation counts as present: only a recorded fingerprint can show
            // that it is behind.
            PageState::Untracked(page) => {
                status.untracked.push(page);
                status.present += 1;
            }
        }
    }
    status
}

fn page_state(inputs: &Inputs<'_>, lang: &Lang, key: &str) -> PageState {
    let tree = inputs.tree;
    let sources = inputs.sources;
    let here = tree
        .find(lang, key)
        .filter(|&id| tree.page(id).source.is_some());
    let Some(here) = here else {
        return PageState::Untranslated(untranslated(inputs, key));
    };
    let page = tree.page(here);
    let source_page = tree
        .find(inputs.default_lang, key)
        .and_then(|id| tree.page(id).source.as_ref());
    let default = lang == inputs.default_lang;
    let (Some(own), Some(source_page), false) = (&page.source, source_page, default) else {
        return PageState::UpToDate;
    };
    let entry = Outdated {
        file: sources.get(own.file).path.clone(),
        source: sources.get(source_page.file).path.clone(),
    };
    match &page.front.translated_from {
        None => PageState::Untracked(entry),
        Some(recorded) => {
            let current = tracking::fingerprint_of(sources, source_page.file).ok();
            if current.as_deref() == Some(recorded.as_str()) {
                PageState::UpToDate
            } else {
                PageState::Outdated(entry)
            }
        }
    }
}

/// A page missing in a language, with the first file of it to translate from.
fn untranslated(inputs: &Inputs<'_>, key: &str) -> PageRef {
    let source = inputs
        .tree
        .pages
        .iter()
        .find(|page| page.key == key && page.source.is_some())
        .and_then(|page| page.source.as_ref())
        .map(|source| inputs.sources.get(source.file).path.clone())
        .unwrap_or_default();
    PageRef {
        key: key.to_owned(),
        source,
    }
}

/// `part` of `whole` in percent, rounded down to one decimal; 100 when there is nothing.
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        (part as f64 * 1000.0 / whole as f64).floor() / 10.0
    }
}

/// The report as text for a terminal.
pub(crate) fn render_text(report: &Report) -> String {
    let mut out = String::new();
    for language in &report.languages {
        out.push_str(&summary_line(language));
        render_lists(&mut out, language);
    }
    out
}

fn summary_line(language: &LanguageReport) -> String {
    let role = if language.default {
        " (default language)"
    } else {
        ""
    };
    format!(
        "{}{role}: {:.1} % complete, {} of {} messages, {} of {} pages\n",
        language.lang,
        language.complete_percent,
        language.messages_present,
        language.messages_total,
        language.pages_present,
        language.pages_total
    )
}

/// Every non-empty list of a language, each under its title.
fn render_lists(out: &mut String, language: &LanguageReport) {
    render_list(
        out,
        "missing messages",
        &language.missing_messages,
        |message| missing_message_line(message, &language.lang),
    );
    render_list(
        out,
        "messages with other variables than in the default language",
        &language.variable_mismatches,
        variable_mismatch_line,
    );
    render_list(
        out,
        "untranslated pages",
        &language.untranslated_pages,
        untranslated_line,
    );
    render_list(
        out,
        "outdated translations (the source changed since)",
        &language.outdated_pages,
        |page| mark_translated_line(page, "when updated"),
    );
    render_list(
        out,
        "translations never marked translated",
        &language.untracked_pages,
        |page| mark_translated_line(page, "when checked"),
    );
    render_list(
        out,
        "unused messages",
        &language.unused_messages,
        unused_message_line,
    );
}

/// A titled list, one line (or more) per item from `line`; nothing when there are no items.
fn render_list<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("  {title} ({}):\n", items.len()));
    for item in items {
        out.push_str(&line(item));
    }
}

fn missing_message_line(message: &MessageRef, lang: &str) -> String {
    format!(
        "    {:<32} {}:{}  (add it to i18n/{lang}/)\n",
        message.id,
        display(&message.file),
        message.line
    )
}

fn variable_mismatch_line(mismatch: &VariableMismatch) -> String {
    format!(
        "    {:<32} {}:{}  uses {}, expected {}\n",
        mismatch.message.id,
        display(&mismatch.message.file),
        mismatch.message.line,
        variables(&mismatch.found),
        variables(&mismatch.expected)
    )
}

fn untranslated_line(page: &PageRef) -> String {
    let key = if page.key.is_empty() {
        "(home)"
    } else {
        &page.key
    };
    format!("    {key:<32} translate {}\n", display(&page.source))
}

/// A translation with its source, and the command to run once it is brought up to date.
fn mark_translated_line(page: &Outdated, when: &str) -> String {
    format!(
        "    {}  source: {}\n      {when}: tafel i18n mark-translated {}\n",
        display(&page.file),
        display(&page.source),
        display(&page.file)
    )
}

fn unused_message_line(message: &MessageRef) -> String {
    format!(
        "    {:<32} {}:{}\n",
        message.id,
        display(&message.file),
        message.line
    )
}

/// The report as JSON for tools.
pub(crate) fn render_json(report: &Report) -> String {
    let mut json = serde_json::to_string_pretty(report).expect("the report serializes");
    json.push('\n');
    json
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn variables(names: &[String]) -> String {
    if names.is_empty() {
        "no variables".to_owned()
    } else {
        names
            .iter()
            .map(|name| format!("${name}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
