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

/// Elements whose content is not searchable text.
const SKIPPED: [&str; 7] = [
    "nav", "script", "style", "svg", "template", "noscript", "button",
];

/// Elements without content, which a hidden one does not hide anything after.
const VOID: [&str; 13] = [
    "area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Elements that do not separate words: `Firewall<em>regeln</em>` is one word.
const INLINE: [&str; 22] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "u",
];

/// The searchable text of `html`, or `None` when it has no `<main>` element.
pub(crate) fn extract(html: &[u8]) -> Option<PageText> {
    let html = std::str::from_utf8(html).ok()?;
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
            if tag.closing && tag.is_one_of(&["main"]) {
                break;
            }
            if !tag.closing
                && !tag.self_closing
                && !tag.is_one_of(&VOID)
                && (tag.aria_hidden || tag.is_one_of(&SKIPPED))
            {
                skipping = Some((tag.name, 1));
                if tag.is_one_of(&["script", "style"]) {
                    // Raw text: its end tag is the next one of its name.
                    let end = format!("</{}", tag.name);
                    at += rest[tag.length..]
                        .find(&end)
                        .unwrap_or(rest.len() - tag.length);
                }
                continue;
            }
            if let Some(level) = heading_level(tag.name) {
                heading = match (tag.closing, level) {
                    (true, _) => 0,
                    (false, 1) if !seen_title => {
                        seen_title = true;
                        1
                    }
                    (false, _) => 2,
                };
            }
            if !tag.is_one_of(&INLINE) {
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

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h' | b'H', level @ b'1'..=b'6'] => Some(level - b'0'),
        _ => None,
    }
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

    /// Whether its name is one of `names` (lowercase), in any case.
    fn is_one_of(&self, names: &[&str]) -> bool {
        names
            .iter()
            .any(|name| name.eq_ignore_ascii_case(self.name))
    }
}

/// Ends the current word of `field`: the next text starts after a space.
fn separate(field: &mut String) {
    if !field.is_empty() && !field.ends_with(' ') {
        field.push(' ');
    }
}

/// Appends `text` to `field` with runs of white space collapsed to one space.
fn push_text(field: &mut String, text: &str) {
    let mut runs = text.split(char::is_whitespace);
    field.push_str(runs.next().unwrap_or_default());
    for run in runs {
        separate(field);
        field.push_str(run);
    }
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
