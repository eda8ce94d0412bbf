//! Source files, spans and diagnostics: the shared vocabulary for "what went wrong where".
//!
//! Every stage reports problems as [`Diagnostic`] values that point into the [`SourceMap`] with a
//! [`Span`] (a file id plus a byte range).
//! Diagnostics stay structured until the very edge of the program: [`render_terminal`] turns them
//! into `file:line:col` reports with a source snippet, and nothing else in the crate formats them.
//! Module errors convert into diagnostics with `From` impls that live next to the error types, so
//! this module depends on no other part of tafel.
//!
//! Every diagnostic has a [`Code`] naming the kind of problem (`E0401`, an unknown shortcode);
//! the table in `codes.rs` is the one list of them, and a diagnostic is made from its code
//! ([`Diagnostic::new`]), so none can be without one.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

mod codes;

pub use codes::Code;

/// Index of a file in the [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

impl FileId {
    /// The position of the file in the order it was loaded.
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// A byte range inside one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the range points into.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span covering `range` in `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }

    /// The byte range of this span.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// This span moved `offset` bytes further into its file, for text parsed out of a larger file.
    pub fn shifted(self, offset: usize) -> Span {
        Span {
            file: self.file,
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

/// One source file: its path as shown to the user and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root (or absolute when outside it); used in reports.
    pub path: PathBuf,
    /// The file's full text, while it is kept: given, or read the first time it was asked for
    /// ([`SourceMap::add_unread`]); [`SourceMap::release`] lets it go.
    kept: OnceLock<Box<str>>,
    /// Where the text is read from and what it was, for reading it again once released.
    disk: Option<Disk>,
    /// A released text read again for a report, kept from then on: few files are reported.
    again: OnceLock<Box<str>>,
    /// Set when a released text was read again and was no longer the same.
    changed: OnceLock<()>,
    /// Where each line starts, found the first time a position is asked for: most files of a
    /// build never are, and a large site would hold the starts of every line it read.
    line_starts: OnceLock<Box<[usize]>>,
}

/// Reads the text of the file shown as a path (its [`SourceFile::path`]), reporting a
/// failure as that file. Given by the module that reads files, so that the file system stays
/// that module's; one reader serves every file, so that a file's entry holds no second path
/// (a large site has tens of thousands).
pub type Read = Arc<dyn Fn(&Path) -> Result<String, Diagnostic> + Send + Sync>;

/// How to read a file's text, and the length and hash of the text first read, by which a text
/// read again is known to be the same.
#[derive(Clone)]
struct Disk {
    read: Read,
    first: OnceLock<(usize, u64)>,
}

impl fmt::Debug for Disk {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Disk")
            .field("first", &self.first)
            .finish_non_exhaustive()
    }
}

impl Disk {
    /// The text of the file shown as `display`; once a text was read, only that same text.
    fn read(&self, display: &Path) -> Result<Option<String>, Diagnostic> {
        let text = (self.read)(display)?;
        let seen = (text.len(), fingerprint(&text));
        Ok((*self.first.get_or_init(|| seen) == seen).then_some(text))
    }
}

fn path_hash(path: &Path) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(path)
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

impl SourceFile {
    fn new(path: PathBuf, text: Option<Box<str>>, disk: Option<Disk>) -> SourceFile {
        SourceFile {
            path,
            kept: text.map(OnceLock::from).unwrap_or_default(),
            disk,
            again: OnceLock::new(),
            changed: OnceLock::new(),
            line_starts: OnceLock::new(),
        }
    }

    /// The file's text, read and kept if it was never read ([`SourceMap::add_unread`]): the
    /// one way a file not yet read learns that it cannot be read.
    pub fn load(&self) -> Result<&str, Diagnostic> {
        if let Some(text) = self.kept.get() {
            return Ok(text);
        }
        match &self.disk {
            Some(disk) if disk.first.get().is_none() => {
                let text = disk.read(&self.path)?.unwrap_or_default();
                Ok(self.kept.get_or_init(|| text.into_boxed_str()))
            }
            _ => Ok(self.text()),
        }
    }

    /// The file's full text. A released text is read again and kept; when it changed on disk
    /// since it was first read, the text is empty and the file is among
    /// [`SourceMap::changed`], which a build reports as an error. A file that cannot be read
    /// has an empty text ([`SourceFile::load`] says why).
    pub fn text(&self) -> &str {
        if let Some(text) = self.kept.get() {
            return text;
        }
        if self
            .disk
            .as_ref()
            .is_some_and(|disk| disk.first.get().is_none())
        {
            return self.load().unwrap_or_default();
        }
        self.again
            .get_or_init(|| self.read_again().unwrap_or_default().into_boxed_str())
    }

    /// The file's full text, without keeping a released text that had to be read again: for
    /// reading each page once while the site renders. `None` when it changed on disk since it
    /// was first read (the file is then among [`SourceMap::changed`]).
    pub fn read(&self) -> Option<Cow<'_, str>> {
        if self.is_changed() {
            return None;
        }
        match self.kept.get().or(self.again.get()) {
            Some(text) => Some(Cow::Borrowed(text)),
            None => self.read_again().map(Cow::Owned),
        }
    }

    fn read_again(&self) -> Option<String> {
        let text = self
            .disk
            .as_ref()
            .and_then(|disk| disk.read(&self.path).ok().flatten());
        if text.is_none() {
            let _ = self.changed.set(());
        }
        text
    }

    fn is_changed(&self) -> bool {
        self.changed.get().is_some()
    }

    /// Whether the text is in memory: kept, or read again and kept.
    #[cfg(test)]
    pub(crate) fn holds_text(&self) -> bool {
        self.kept.get().is_some() || self.again.get().is_some()
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text().match_indices('\n').map(|(index, _)| index + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = self.text();
        let offset = offset.min(text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = line_starts[line];
        let column = text[line_start..floor_char_boundary(text, offset)]
            .chars()
            .count();
        (line + 1, column + 1)
    }

    /// The text of a 1-based line, without its line break; empty past the end.
    pub fn line(&self, line: usize) -> &str {
        let text = self.text();
        let line_starts = self.line_starts();
        let Some(&start) = line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = line_starts.get(line).copied().unwrap_or(text.len());
        // `get`: the starts may be those of the text first read, if that one changed on disk.
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let text = self.text();
        let line_starts = self.line_starts();
        let Some(&line_start) = line_starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let line_end = line_starts.get(line).copied().unwrap_or(text.len());
        text.get(line_start..line_end)
            .unwrap_or("")
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_end, |(index, _)| line_start + index)
            .min(text.len())
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every text file the build read, addressable by [`FileId`].
///
/// Discovery fills it; later stages only read it. That makes it the single place where file
/// contents live, so spans stay valid for as long as the map does.
/// Pages' texts are most of a large site's memory, so discovery only names them
/// ([`SourceMap::add_unread`]): each is read when it is parsed, and a build lets it go once the
/// page is parsed ([`SourceMap::release`]) and reads it again when the page renders. A text read
/// again is compared with the one first read, so a span never points into a text other than
/// the one it was made from.
/// A file keeps its id for as long as the map lives: a file read again ([`SourceMap::set`])
/// keeps the id it had, and a new file gets the next one, so ids do not shift when files come
/// and go between builds.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    // Shared, so that copying the map (a long-running command changes a copy while the last
    // site still uses the old one) copies pointers, not texts.
    files: Vec<Arc<SourceFile>>,
    /// The ids by path: hashed paths, compared with the files' own (not a second copy).
    by_path: Arc<hashbrown::HashTable<FileId>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id; a path that is already loaded gets its text replaced and
    /// keeps its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<Box<str>>) -> FileId {
        self.set(path, text)
    }

    /// Loads `text` as the file at `path`: under the id the path already has, or a new one.
    pub fn set(&mut self, path: impl Into<PathBuf>, text: impl Into<Box<str>>) -> FileId {
        let path = path.into();
        self.put(SourceFile::new(path, Some(text.into()), None))
    }

    /// Adds the file at `path`, to be read with `read` the first time its text is asked for
    /// ([`SourceFile::load`]). Unlike a text given by [`SourceMap::set`], it can be released
    /// and read again.
    pub fn add_unread(&mut self, path: impl Into<PathBuf>, read: Read) -> FileId {
        let disk = Disk {
            read,
            first: OnceLock::new(),
        };
        self.put(SourceFile::new(path.into(), None, Some(disk)))
    }

    /// Every file, taken out, in id order.
    pub fn into_files(self) -> impl Iterator<Item = SourceFile> {
        self.files.into_iter().map(Arc::unwrap_or_clone)
    }

    /// Puts `file`, taken from another map, in this one as the file at its path: under the id
    /// the path already has, or a new one.
    pub fn put(&mut self, file: SourceFile) -> FileId {
        if let Some(id) = self.find(&file.path) {
            self.files[id.0 as usize] = Arc::new(file);
            return id;
        }
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 2^32 source files"));
        let files = &self.files;
        Arc::make_mut(&mut self.by_path).insert_unique(path_hash(&file.path), id, |id| {
            path_hash(&files[id.0 as usize].path)
        });
        self.files.push(Arc::new(file));
        id
    }

    /// Lets the text of `id` go, when it was read from a file ([`SourceMap::add_unread`]) that
    /// it can be read from again.
    pub fn release(&mut self, id: FileId) {
        let file = &mut self.files[id.0 as usize];
        if file.kept.get().is_some() && file.disk.is_some() {
            Arc::make_mut(file).kept.take();
        }
    }

    /// The files whose released text was read again and found changed (or gone).
    pub fn changed(&self) -> impl Iterator<Item = FileId> + '_ {
        self.iter()
            .filter(|(_, file)| file.is_changed())
            .map(|(id, _)| id)
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The text behind a span; empty where the text no longer reaches (it changed on disk).
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file).text().get(span.range()).unwrap_or("")
    }

    /// Every file, with its id, in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(index, file)| (FileId(index as u32), file.as_ref()))
    }

    /// The id of the file loaded from `path`, if any.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.by_path
            .find(path_hash(path), |id| self.files[id.0 as usize].path == path)
            .copied()
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build result would be wrong; nothing is written.
    Error,
    /// The build result is usable but something deserves attention; `--strict` makes it an error.
    Warning,
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    /// Nowhere in particular (for example a problem with the command line).
    None,
    /// A whole file, for problems without a position (I/O errors, missing files).
    File(PathBuf),
    /// A range in a loaded source file.
    Span(Span),
}

/// A secondary pointer that explains the primary one ("while rendering this shortcode").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Note {
    /// Where the note points.
    pub span: Span,
    /// What it says about that place.
    pub message: String,
}

/// One problem found in the inputs, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The kind of problem, for looking it up and for matching it in tests.
    pub code: Code,
    /// Error or warning: the code's default, unless a command changed it.
    pub severity: Severity,
    /// What went wrong, lowercase, without a trailing period.
    pub message: String,
    /// The primary location.
    pub location: Location,
    /// A short text shown under the primary span.
    pub label: Option<String>,
    /// Related places.
    pub notes: Vec<Note>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of kind `code`, with the code's default severity and no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            location: Location::None,
            label: None,
            notes: Vec::new(),
            help: None,
        }
    }

    /// Points the diagnostic at a span.
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.location = Location::Span(span);
        self
    }

    /// Points the diagnostic at a whole file.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Diagnostic {
        self.location = Location::File(path.into());
        self
    }

    /// Sets the text shown under the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary location.
    pub fn with_note(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.notes.push(Note {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the fix suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The primary span, if the diagnostic has one.
    pub fn span(&self) -> Option<Span> {
        match self.location {
            Location::Span(span) => Some(span),
            _ => None,
        }
    }

    /// Whether this diagnostic fails the build, given the `--strict` setting.
    pub fn is_fatal(&self, strict: bool) -> bool {
        self.severity == Severity::Error || strict
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The diagnostics one stage (or the whole build) produced, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: impl Into<Diagnostic>) {
        self.items.push(diagnostic.into());
    }

    /// Records many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any diagnostic fails the build under the given strictness.
    pub fn has_fatal(&self, strict: bool) -> bool {
        self.items.iter().any(|item| item.is_fatal(strict))
    }

    /// Whether there are no diagnostics at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics in the order they were reported.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file path, position and message, so reports depend neither on thread
    /// scheduling nor on the order in which files were loaded.
    pub fn sort(&mut self, sources: &SourceMap) {
        let key = |location: &Location| -> (u8, Option<PathBuf>, usize, usize) {
            match location {
                Location::None => (0, None, 0, 0),
                Location::File(path) => (1, Some(path.clone()), 0, 0),
                Location::Span(span) => (
                    2,
                    Some(sources.get(span.file).path.clone()),
                    span.start,
                    span.end,
                ),
            }
        };
        self.items
            .sort_by_cached_key(|item| (key(&item.location), item.severity, item.message.clone()));
        self.items.dedup();
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Diagnostics {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(items: I) -> Diagnostics {
        Diagnostics {
            items: items.into_iter().collect(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Where a span is, as people count: the file's path and 1-based lines and columns (columns in
/// characters), for the formats that tools read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Position {
    /// The file, relative to the site.
    pub(crate) file: String,
    /// First line.
    pub(crate) line: usize,
    /// First column.
    pub(crate) column: usize,
    /// Last line.
    pub(crate) end_line: usize,
    /// The column after the last character.
    pub(crate) end_column: usize,
}

impl Position {
    /// The position of `span` in `sources`.
    pub(crate) fn of(span: Span, sources: &SourceMap) -> Position {
        let file = sources.get(span.file);
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end.max(span.start));
        Position {
            file: file
                .path
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/"),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// Renders a diagnostic for a terminal: `severity[code]: message`, `--> file:line:col`, the
/// source line with the span underlined, notes and help.
///
/// `strict` shows warnings as errors, matching how they are counted.
pub fn render_terminal(
    diagnostic: &Diagnostic,
    sources: &SourceMap,
    strict: bool,
    color: bool,
) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

    let level = if diagnostic.is_fatal(strict) {
        Level::ERROR
    } else {
        Level::WARNING
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.as_str());
    let mut group = match &diagnostic.location {
        Location::Span(span) => {
            let file = sources.get(span.file);
            let path = file.path.display().to_string();
            let mut snippet = Snippet::source(file.text()).path(path).annotation(
                AnnotationKind::Primary
                    .span(clamp(span.range(), file.text()))
                    .label(diagnostic.label.as_deref()),
            );
            for note in diagnostic.notes.iter().filter(|n| n.span.file == span.file) {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(clamp(note.span.range(), file.text()))
                        .label(Some(note.message.as_str())),
                );
            }
            Group::with_title(title).element(snippet)
        }
        Location::File(path) => Group::with_title(title)
            .element(annotate_snippets::Origin::path(path.display().to_string())),
        Location::None => Group::with_title(title),
    };
    // Notes in other files get their own snippet so each shows its own path.
    let primary_file = diagnostic.span().map(|span| span.file);
    for note in diagnostic
        .notes
        .iter()
        .filter(|note| Some(note.span.file) != primary_file)
    {
        let file = sources.get(note.span.file);
        group = group.element(
            Snippet::source(file.text())
                .path(file.path.display().to_string())
                .annotation(
                    AnnotationKind::Context
                        .span(clamp(note.span.range(), file.text()))
                        .label(Some(note.message.as_str())),
                ),
        );
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

fn clamp(range: Range<usize>, text: &str) -> Range<usize> {
    let start = floor_char_boundary(text, range.start.min(text.len()));
    let end = floor_char_boundary(text, range.end.clamp(start, text.len()));
    start..end
}

/// The candidate most likely meant by a misspelt `name`, for "did you mean" hints: the fewest
/// edits, then the closest length, then alphabetical; `None` when nothing is close enough to be
/// a typo (more than a third of the candidate's characters changed).
///
/// Edits are counted by optimal string alignment: an insertion, a deletion, a substitution or a
/// swap of neighbours is one edit each, so `phnoe` is one edit from `phone`.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            let length_difference = candidate.len().abs_diff(name.len());
            (
                strsim::osa_distance(name, candidate),
                length_difference,
                candidate,
            )
        })
        .filter(|(distance, _, candidate)| *distance <= (candidate.chars().count() / 3).max(1))
        .min()
        .map(|(_, _, candidate)| candidate)
}

/// A message from another library in tafel's style: starting lowercase (unless it starts with
/// an acronym) and without a trailing period.
pub fn message_case(text: &str) -> String {
    let text = text.trim_end().strip_suffix('.').unwrap_or(text.trim_end());
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !chars.next().is_some_and(char::is_uppercase) => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_owned(),
    }
}

/// A value from the user's input, quoted for a message: in backticks, or escaped as a Rust string
/// literal (`"cloud\nflush"`) when it holds a character that would break or disguise the line it
/// is printed on, such as a newline, another control character, a Unicode line separator or a
/// bidirectional override.
pub fn quoted(text: &str) -> String {
    let printable = text
        .chars()
        .all(|c| matches!(c, '"' | '\'' | '\\') || c.escape_debug().count() == 1);
    if printable {
        format!("`{text}`")
    } else {
        format!("{text:?}")
    }
}

#[cfg(test)]
mod tests;
