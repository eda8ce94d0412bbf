//! The site search's index, built from the rendered pages of each language.
//!
//! As a build renders its pages, [`extract`] reads the article of each one (the `<main>`
//! region without its navigation: breadcrumbs, pager and table of contents are `<nav>`s) into
//! compact text, and a [`Builder`] per language keeps what the index needs of it: for every
//! distinct normalised word the pages it occurs on and where (title, heading or body), and the
//! page's title and text for the excerpts. The text is written out in chunks as they fill, so
//! the build never holds the text of a whole language; the word lists are small.
//! [`Builder::finish`] writes the rest: the vocabulary, the postings in shards of consecutive
//! words, and the last chunk of page records.
//!
//! Every file is a script that hands its data to `tafelSearchLoaded(name, data)`, so the theme's
//! `search.js` loads it with a `<script>` element, which works from any static server and from
//! disk alike, and only when a reader starts searching. The reader's script matches each query
//! word as a substring of the vocabulary's words, so `regeln` finds `Firewallregeln`: German
//! compounds are searchable by their parts without a dictionary.
//!
//! Sits after `render`: the pipeline feeds it rendered pages and writes what it returns. The
//! index lives in `search/` at the output's root, where no page can be (page URLs start with
//! their language), so only a static file can collide with it, which the output tree reports.

mod extract;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::config::Lang;

pub(crate) use extract::{PageText, extract};

/// The folder below the output's root that holds the index, one subfolder per language.
pub(crate) const FOLDER: &str = "search";

/// The file of a language's index that a query loads first.
pub(crate) fn vocabulary_file(lang: &Lang) -> String {
    format!("{FOLDER}/{lang}/words.js")
}

/// Words longer than this are not indexed: they are hashes, encoded data or run-together junk
/// that nobody types, and they would only grow the vocabulary.
const MAX_WORD: usize = 40;

/// About how many bytes of postings go into one shard. A query loads the shards of the words
/// it matches; small shards keep a query's transfer small, large ones keep the file count down.
const SHARD_BYTES: usize = 24 * 1024;

/// About how many bytes of page text go into one chunk of records; the results shown load the
/// chunks their pages are in. With 24 KB, ten results on the benchmark site loaded 270 KB of
/// records, mostly pages not shown; 8 KB holds two or three pages.
const CHUNK_BYTES: usize = 8 * 1024;

/// The text of a page kept for excerpts is cut after this many characters; a match beyond it
/// still finds the page, whose excerpt then shows the page's start.
const MAX_TEXT: usize = 20_000;

/// Where on a page a word occurs; the higher, the better a match ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Body = 0,
    Heading = 1,
    Title = 2,
}

/// One file of the index: its path below the output's root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// [`normalize_into`] into a new string.
#[cfg(test)]
fn normalize(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    normalize_into(text, &mut folded);
    folded
}

/// Folds `text` to the form the index compares, appending it to `folded`: lowercase, `ß` as
/// `ss`, and the Latin letters with diacritics (`ä`, `é`, `ñ`, …) as their base letter, so
/// `Übersicht`, `übersicht` and `Ubersicht` are one word. The reader's script folds queries
/// with the same table.
fn normalize_into(text: &str, folded: &mut String) {
    for upper in text.chars() {
        for c in upper.to_lowercase() {
            match c {
                'ß' => folded.push_str("ss"),
                c if c.is_ascii() => folded.push(c),
                c => folded.push(fold(c)),
            }
        }
    }
}

/// The letters of Latin-1 and Latin Extended-A whose canonical decomposition is an ASCII letter
/// and marks, each with that letter; `search.js` has the same two strings.
const FOLD_FROM: &str =
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżž";
const FOLD_TO: &str =
    "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzz";

fn fold(c: char) -> char {
    FOLD_FROM
        .chars()
        .zip(FOLD_TO.chars())
        .find(|(from, _)| *from == c)
        .map_or(c, |(_, to)| to)
}

/// Calls `each` with the normalised words of `text`: runs of letters and digits (Unicode's
/// `Alphabetic` and `Numeric`, as the script's `[\p{Alphabetic}\p{N}]`), folded with
/// [`normalize_into`]. Most words are lowercase ASCII already and are passed as they stand; the
/// others are folded into one buffer, reused, so that a word costs no allocation of its own.
fn for_each_word<'text>(text: &'text str, mut each: impl FnMut(Word<'text, '_>)) {
    let mut folded = String::new();
    for (word, plain) in (Runs { text, at: 0 }) {
        let word = match plain {
            Plain::Folded => Word::InText(word),
            Plain::Ascii => {
                folded.clear();
                folded.push_str(word);
                folded.make_ascii_lowercase();
                Word::Folded(&folded)
            }
            Plain::No => {
                folded.clear();
                normalize_into(word, &mut folded);
                Word::Folded(&folded)
            }
        };
        // A word of no more bytes than that has no more characters either.
        let text = word.as_str();
        if text.len() <= MAX_WORD || text.chars().count() <= MAX_WORD {
            each(word);
        }
    }
}

/// A word as [`for_each_word`] passes it.
#[derive(Clone, Copy)]
enum Word<'text, 'buffer> {
    /// A part of the text, which was normalised already.
    InText(&'text str),
    /// Folded into a buffer that the next word reuses.
    Folded(&'buffer str),
}

impl<'text> Word<'text, '_> {
    fn as_str(&self) -> &str {
        match self {
            Word::InText(word) | Word::Folded(word) => word,
        }
    }

    /// The word, borrowed from the text where it is a part of it.
    fn to_cow(self) -> Cow<'text, str> {
        match self {
            Word::InText(word) => Cow::Borrowed(word),
            Word::Folded(word) => Cow::Owned(word.to_owned()),
        }
    }
}

/// How much folding a run of letters and digits needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Plain {
    /// None: lowercase ASCII letters and digits.
    Folded,
    /// ASCII with capitals.
    Ascii,
    /// Beyond ASCII.
    No,
}

/// The runs of letters and digits of a text, each with how much folding it needs. Pages are
/// mostly ASCII, so a byte at a time through a table, decoding a character only beyond ASCII.
struct Runs<'a> {
    text: &'a str,
    at: usize,
}

/// What an ASCII byte is to [`Runs`]: not part of a word, a lowercase letter or digit, or a
/// capital.
const SEPARATOR: u8 = 0;
const LOWER: u8 = 1;
const CAPITAL: u8 = 2;
const ASCII_CLASS: [u8; 128] = {
    let mut table = [SEPARATOR; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = match byte as u8 {
            b'a'..=b'z' | b'0'..=b'9' => LOWER,
            b'A'..=b'Z' => CAPITAL,
            _ => SEPARATOR,
        };
        byte += 1;
    }
    table
};

impl Runs<'_> {
    /// The character at `at` (beyond ASCII) and its width, when it is a letter or digit.
    fn letter_at(&self, at: usize) -> (bool, usize) {
        let c = self.text[at..].chars().next().expect("inside the text");
        (c.is_alphanumeric(), c.len_utf8())
    }
}

impl<'a> Iterator for Runs<'a> {
    type Item = (&'a str, Plain);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        // To the start of the next run.
        loop {
            let &byte = bytes.get(self.at)?;
            if byte.is_ascii() {
                if ASCII_CLASS[usize::from(byte)] != SEPARATOR {
                    break;
                }
                self.at += 1;
            } else {
                let (letter, width) = self.letter_at(self.at);
                if letter {
                    break;
                }
                self.at += width;
            }
        }
        let start = self.at;
        let (mut capitals, mut beyond) = (false, false);
        while let Some(&byte) = bytes.get(self.at) {
            if byte.is_ascii() {
                match ASCII_CLASS[usize::from(byte)] {
                    SEPARATOR => break,
                    class => capitals |= class == CAPITAL,
                }
                self.at += 1;
            } else {
                let (letter, width) = self.letter_at(self.at);
                if !letter {
                    break;
                }
                beyond = true;
                self.at += width;
            }
        }
        let plain = match (beyond, capitals) {
            (true, _) => Plain::No,
            (false, true) => Plain::Ascii,
            (false, false) => Plain::Folded,
        };
        Some((&self.text[start..self.at], plain))
    }
}

/// A page as the result list shows it: its URL below the site's root, title and text.
#[derive(Serialize)]
struct Record<'a>(&'a str, &'a str, &'a str);

/// What the index keeps of one page: its distinct words, each with the best field it occurs
/// in, and its record for the result list. Made apart from the [`Builder`], which takes pages
/// one at a time, so that the pages of a batch are prepared in parallel.
pub(crate) struct Entry {
    /// The words, each followed by a line break (words have none): one allocation for all.
    words: String,
    /// The field of each word, in the same order.
    fields: Vec<Field>,
    record: String,
}

impl Entry {
    /// The entry of the page at `url` (below the site's root, such as `de/server/`).
    pub(crate) fn new(url: &str, page: &PageText) -> Entry {
        let mut fields: FxHashMap<Cow<'_, str>, Field> = FxHashMap::default();
        let sources = [
            (Field::Body, page.text.as_str()),
            (Field::Heading, page.headings.as_str()),
            (Field::Title, page.title.as_str()),
        ];
        for (field, text) in sources {
            for_each_word(text, |word| match fields.get_mut(word.as_str()) {
                Some(best) => *best = (*best).max(field),
                None => {
                    fields.insert(word.to_cow(), field);
                }
            });
        }
        // No more bytes than that are no more characters either.
        let cut = (page.text.len() > MAX_TEXT)
            .then(|| page.text.char_indices().nth(MAX_TEXT))
            .flatten();
        let text = match cut {
            Some((end, _)) => &page.text[..end],
            None => &page.text,
        };
        let mut words = String::with_capacity(fields.keys().map(|word| word.len() + 1).sum());
        let mut best = Vec::with_capacity(fields.len());
        for (word, field) in fields {
            words.push_str(&word);
            words.push('\n');
            best.push(field);
        }
        Entry {
            words,
            fields: best,
            record: serde_json::to_string(&Record(url, &page.title, text))
                .expect("strings serialise to JSON"),
        }
    }
}

/// The index of one language, filled page by page in the order pages are rendered (which is
/// fixed, so the files are the same from one build to the next).
pub(crate) struct Builder {
    lang: Lang,
    /// Pages added so far; the next page's number.
    pages: u32,
    /// Every word with its postings: each page it is on (in the order added) and the best field
    /// it occurs in there.
    words: FxHashMap<String, Postings>,
    /// Records of the chunk being filled, serialised.
    chunk: Vec<String>,
    chunk_bytes: usize,
    /// The first page of each chunk written or being filled.
    chunk_starts: Vec<u32>,
}

impl Builder {
    pub(crate) fn new(lang: Lang) -> Builder {
        Builder {
            lang,
            pages: 0,
            words: FxHashMap::default(),
            chunk: Vec::new(),
            chunk_bytes: 0,
            chunk_starts: Vec::new(),
        }
    }

    /// Adds a page (see [`Entry::new`]); returns the chunk of records it completed, if any,
    /// to be written now.
    pub(crate) fn add(&mut self, entry: Entry) -> Option<IndexFile> {
        let id = self.pages;
        self.pages += 1;
        // Each word's postings stay in page order, whatever order the page's words come in.
        for (word, field) in entry.words.lines().zip(entry.fields) {
            match self.words.get_mut(word) {
                Some(postings) => postings.push(id, field),
                None => {
                    let mut postings = Postings::default();
                    postings.push(id, field);
                    self.words.insert(word.to_owned(), postings);
                }
            }
        }

        if self.chunk.is_empty() {
            self.chunk_starts.push(id);
        }
        self.chunk_bytes += entry.record.len();
        self.chunk.push(entry.record);
        (self.chunk_bytes >= CHUNK_BYTES).then(|| self.take_chunk())
    }

    /// The chunk being filled, as a file, leaving an empty one.
    fn take_chunk(&mut self) -> IndexFile {
        let number = self.chunk_starts.len() - 1;
        let data = format!("[{}]", self.chunk.join(","));
        self.chunk.clear();
        self.chunk_bytes = 0;
        self.file(&format!("pages-{number}"), &data)
    }

    /// A file of the index that hands `data` (JSON) to the reader's script under its name.
    fn file(&self, name: &str, data: &str) -> IndexFile {
        let lang = &self.lang;
        IndexFile {
            path: format!("{FOLDER}/{lang}/{name}.js"),
            bytes: format!("tafelSearchLoaded(\"{lang}/{name}\",{data});\n").into_bytes(),
        }
    }

    /// Writes the rest of the index: the last chunk of records, the postings in shards and the
    /// vocabulary, which says which shard holds a word's postings and which chunk a page's
    /// record.
    pub(crate) fn finish(mut self) -> Vec<IndexFile> {
        let mut files = Vec::new();
        if !self.chunk.is_empty() {
            files.push(self.take_chunk());
        }
        let mut words: Vec<(String, Postings)> =
            std::mem::take(&mut self.words).into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut vocabulary = Vec::with_capacity(words.len());
        let mut shard_starts = Vec::new();
        let mut shard: Vec<String> = Vec::new();
        let mut shard_bytes = 0;
        for (index, (word, postings)) in words.into_iter().enumerate() {
            if shard.is_empty() {
                shard_starts.push(index);
            }
            let encoded = postings.encode();
            shard_bytes += encoded.len() + 1;
            shard.push(encoded);
            vocabulary.push(word);
            if shard_bytes >= SHARD_BYTES {
                let number = shard_starts.len() - 1;
                files.push(self.file(
                    &format!("postings-{number}"),
                    &format!("[{}]", shard.join(",")),
                ));
                shard.clear();
                shard_bytes = 0;
            }
        }
        if !shard.is_empty() {
            let number = shard_starts.len() - 1;
            files.push(self.file(
                &format!("postings-{number}"),
                &format!("[{}]", shard.join(",")),
            ));
        }
        let head = Vocabulary {
            pages: self.pages,
            words: &vocabulary,
            shards: &shard_starts,
            chunks: &self.chunk_starts,
        };
        let data = serde_json::to_string(&head).expect("the vocabulary serialises to JSON");
        files.push(self.file("words", &data));
        files
    }
}

/// The file a query loads first.
#[derive(Serialize)]
struct Vocabulary<'a> {
    /// How many pages the index holds.
    pages: u32,
    /// Every word, sorted.
    words: &'a [String],
    /// The index of the first word of each postings shard.
    shards: &'a [usize],
    /// The first page of each chunk of records.
    chunks: &'a [u32],
}

/// A word's postings, one per page it is on, packed as they are written out: the distance
/// from the previous page's number (from -1 for the first), times four, plus the best field
/// the word occurs in there, as a LEB128 number. Mostly one byte each, where a page's number
/// and field took four: a large site's index holds millions, and they are kept until the
/// last page is added.
#[derive(Default)]
struct Postings {
    /// The number of the last page added, plus one; 0 before the first.
    next: u32,
    packed: Vec<u8>,
}

impl Postings {
    /// Adds page `page`, which must come after every page added before.
    fn push(&mut self, page: u32, field: Field) {
        debug_assert!(page >= self.next, "postings are added in page order");
        let mut number = u64::from(page + 1 - self.next) * 4 + field as u64;
        self.next = page + 1;
        while number >= 0x80 {
            self.packed.push(number as u8 | 0x80);
            number >>= 7;
        }
        self.packed.push(number as u8);
    }

    /// The numbers [`Postings::push`] packed, in order.
    fn numbers(&self) -> impl Iterator<Item = u64> + '_ {
        let mut bytes = self.packed.iter();
        std::iter::from_fn(move || {
            let mut number = 0;
            let mut shift = 0;
            loop {
                let byte = *bytes.next()?;
                number |= u64::from(byte & 0x7f) << shift;
                if byte < 0x80 {
                    return Some(number);
                }
                shift += 7;
            }
        })
    }

    /// The postings as a JSON array of their numbers. Small numbers keep the shards small
    /// before and after compression.
    fn encode(&self) -> String {
        let mut encoded = String::from("[");
        for (index, number) in self.numbers().enumerate() {
            if index > 0 {
                encoded.push(',');
            }
            encoded.push_str(&number.to_string());
        }
        encoded.push(']');
        encoded
    }
}
