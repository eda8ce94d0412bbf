//! The searchable text of a rendered page: the `<main>` region, without the navigation inside
//! it (`<nav>`: breadcrumbs, table of contents, pager) and without what is not read as text
//! (scripts, styles, SVG drawings, templates, and what is `aria-hidden`, such as the `#` of
//! heading anchors). Headings are kept apart for ranking.
//!
//! The pages are the build's own output, well-formed and escaped by the templates, so a small
//! scanner suffices; it tolerates broken markup without panicking (it then keeps less text).

/// What the index keeps of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageText {
    /// The text of the first `<h1>`.
    pub title: String,
    /// The text of the other headings, one after another.
    pub headings: String,
    /// Every text of the region but the title, in document order, with spaces collapsed.
    pub text: String,
}

/// What an element is to the extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Main,
    /// Its content is not searchable text.
    Skipped,
    /// Skipped, and its content is raw text up to its end tag: `script`, `style`.
    RawText,
    /// Without content: a hidden one does not hide anything after it.
    Void,
    /// It does not separate words: `Firewall<em>regeln</em>` is one word.
    Inline,
    Heading(u8),
    /// Anything else: it separates words.
    Other,
}

impl Class {
    /// The class of the element named `name`, in any case.
    fn of(name: &str) -> Class {
        // The longest name below has eight letters.
        let mut lower = [0; 8];
        let Some(lower) = lower.get_mut(..name.len()) else {
            return Class::Other;
        };
        for (to, from) in lower.iter_mut().zip(name.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        match &*lower {
            b"main" => Class::Main,
            b"script" | b"style" => Class::RawText,
            b"nav" | b"svg" | b"template" | b"noscript" | b"button" => Class::Skipped,
            b"area" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link" | b"meta"
            | b"param" | b"source" | b"track" | b"wbr" => Class::Void,
            b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"code" | b"data" | b"dfn"
            | b"em" | b"i" | b"kbd" | b"mark" | b"q" | b"s" | b"samp" | b"small" | b"span"
            | b"strong" | b"sub" | b"sup" | b"u" => Class::Inline,
            [b'h', level @ b'1'..=b'6'] => Class::Heading(level - b'0'),
            _ => Class::Other,
        }
    }
}

/// The searchable text of `html`, or `None` when it has no `<main>` element.
pub(crate) fn extract(html: &str) -> Option<PageText> {
    let start = find_tag(html, 0, "main")?;
    let mut page = PageText::default();
    let mut skipping: Option<(&str, usize)> = None;
    // 0 outside headings, 1 in the title, 2 in another heading.
    let mut heading = 0;
    let mut seen_title = false;
    let mut at = start;
    while at < html.len() {
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            at += 4 + comment.find("-->").map_or(comment.len(), |end| end + 3);
            continue;
        }
        if rest.starts_with('<') {
            let Some(tag) = Tag::read(rest) else {
                at += 1;
                continue;
            };
            at += tag.length;
            if let Some((name, depth)) = skipping {
                if tag.name.eq_ignore_ascii_case(name) && !tag.self_closing {
                    let depth = if tag.closing { depth - 1 } else { depth + 1 };
                    skipping = (depth > 0).then_some((name, depth));
                }
                continue;
            }
            let class = Class::of(tag.name);
            if tag.closing && class == Class::Main {
                break;
            }
            if !tag.closing
                && !tag.self_closing
                && class != Class::Void
                && (tag.aria_hidden || matches!(class, Class::Skipped | Class::RawText))
            {
                skipping = Some((tag.name, 1));
                if class == Class::RawText {
                    // Raw text: its end tag is the next one of its name.
                    let end = format!("</{}", tag.name);
                    at += rest[tag.length..]
                        .find(&end)
                        .unwrap_or(rest.len() - tag.length);
                }
                continue;
            }
            if let Class::Heading(level) = class {
                heading = match (tag.closing, level) {
                    (true, _) => 0,
                    (false, 1) if !seen_title => {
                        seen_title = true;
                        1
                    }
                    (false, _) => 2,
                };
            }
            if class != Class::Inline {
                separate(&mut page.text);
                separate(&mut page.headings);
                separate(&mut page.title);
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        at += end;
        if skipping.is_some() {
            continue;
        }
        let text = decode(&rest[..end]);
        match heading {
            1 => push_text(&mut page.title, &text),
            2 => {
                push_text(&mut page.headings, &text);
                push_text(&mut page.text, &text);
            }
            _ => push_text(&mut page.text, &text),
        }
    }
    for field in [&mut page.title, &mut page.headings, &mut page.text] {
        let trimmed = field.trim_end().len();
        field.truncate(trimmed);
    }
    Some(page)
}

/// The position of the first start tag named `name` at or after `from`.
fn find_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut at = from;
    while let Some(found) = html[at..].find(&open) {
        let position = at + found;
        let after = html[position + open.len()..].chars().next();
        if matches!(after, Some('>' | '/') | Some(' ' | '\t' | '\n' | '\r')) {
            return Some(position);
        }
        at = position + open.len();
    }
    None
}

/// A start or end tag.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    self_closing: bool,
    /// It has `aria-hidden="true"`.
    aria_hidden: bool,
    /// Its length in bytes, up to and including `>`.
    length: usize,
}

impl<'a> Tag<'a> {
    /// Reads the tag at the start of `text` (which starts with `<`); `None` when it is not one.
    fn read(text: &'a str) -> Option<Tag<'a>> {
        let bytes = text.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|byte| byte.is_ascii_alphanumeric() || **byte == b'-')
                .count();
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            return None;
        }
        // Attribute values may hold `>`; skip quoted values on the way to the tag's end.
        let mut quote = None;
        let mut end = None;
        for (index, byte) in bytes.iter().enumerate().skip(name_end) {
            match (quote, byte) {
                (Some(open), _) if *byte == open => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(*byte),
                (None, b'>') => {
                    end = Some(index);
                    break;
                }
                _ => {}
            }
        }
        let end = end?;
        Some(Tag {
            name: &text[name_start..name_end],
            closing,
            self_closing: bytes[end - 1] == b'/',
            aria_hidden: text[name_end..end].contains("aria-hidden=\"true\""),
            length: end + 1,
        })
    }
}

/// Ends the current word of `field`: the next text starts after a space.
fn separate(field: &mut String) {
    if !field.is_empty() && !field.ends_with(' ') {
        field.push(' ');
    }
}

/// Appends `text` to `field` with runs of white space (`char::is_whitespace`) collapsed to one
/// space. A byte at a time, decoding a character only beyond ASCII (pages are mostly ASCII),
/// and copying a text in one piece up to where it needs collapsing: a single space after a word
/// stays as it is.
fn push_text(field: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let (mut start, mut at) = (0, 0);
    let mut after_word = false;
    while at < bytes.len() {
        let byte = bytes[at];
        let width = if byte.is_ascii() {
            if byte == b' ' && after_word {
                after_word = false;
                at += 1;
                continue;
            }
            // ASCII's white space is these and the space, as `char::is_whitespace` has it.
            if byte != b' ' && !(b'\t'..=b'\r').contains(&byte) {
                after_word = true;
                at += 1;
                continue;
            }
            1
        } else {
            let c = text[at..].chars().next().expect("inside the text");
            if !c.is_whitespace() {
                after_word = true;
                at += c.len_utf8();
                continue;
            }
            c.len_utf8()
        };
        field.push_str(&text[start..at]);
        separate(field);
        after_word = false;
        at += width;
        start = at;
    }
    field.push_str(&text[start..]);
}

/// Decodes the character references templates and Markdown write (`&amp;`, `&#39;`, `&#x2014;`,
/// `&nbsp;`, …); an unknown one stays as written.
fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|end| end + 1)
            .filter(|end| rest[*end..].starts_with(';'));
        let reference = end.and_then(|end| character(&rest[1..end]).map(|c| (c, end + 1)));
        match reference {
            Some((c, length)) => {
                decoded.push(c);
                rest = &rest[length..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded.into()
}

fn character(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
    let code = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        "nbsp" => return Some('\u{a0}'),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16)?,
            Some(decimal) => number(decimal, 10)?,
            None => return None,
        },
    };
    char::from_u32(code)
}
