//! The text model of the diagram: how wide a text is estimated to be, and how it wraps.
//!
//! It owns the typography (font sizes, bold) and nothing about where a text goes; the layout
//! asks it for widths and wrapped blocks, the writer for line heights.
//!
//! # Text widths
//!
//! There is no font at build time, so widths are estimated per character, in ems of the font
//! size (13 px for labels, 14 px bold for headings), and kept conservative: the model runs
//! 8–29% above DejaVu Sans (measured in Chromium; among the widest sans-serifs a system stack
//! falls back to, and what `system-ui` is on a bare Linux) and above Liberation Sans (Arial's
//! metrics). Per character: 0.38 for `i j l . , ' ! |` and the space; 0.46 for `f r t I J : ;`,
//! brackets, slashes, hyphens and straight double quotes; 0.62 for `c k s v x y z`, the en
//! dash and the underscore; 1.0 for `m w M W`, the em dash, `% @ & + < > = ~ #` and anything
//! that is not a letter or a digit (such as CJK or symbols); 0.74 for `A B E F K L P R S T V X
//! Y Z`; 0.66 for other lower-case letters and digits; 0.82 for other capitals. Bold is 1.14
//! times as wide. Widths are rounded up to 0.1 px.

// Typography.
pub(super) const FONT_SIZE: f64 = 13.0;
pub(super) const HEADING_SIZE: f64 = 14.0;
const BOLD_FACTOR: f64 = 1.14;
/// How far a single word may widen a column beyond its cap before it is broken.
const WORD_STRETCH: f64 = 1.5;

/// A text wrapped to a width.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) text: String,
    pub(super) lines: Vec<String>,
    pub(super) width: f64,
    pub(super) size: f64,
    pub(super) bold: bool,
}

impl Block {
    pub(super) fn new(text: &str, max_width: f64, size: f64, bold: bool) -> Block {
        let lines = wrap_balanced(text, max_width, size, bold);
        let width = lines
            .iter()
            .map(|line| text_width(line, size, bold))
            .fold(0.0, f64::max);
        Block {
            text: text.to_owned(),
            lines,
            width,
            size,
            bold,
        }
    }

    pub(super) fn height(&self) -> f64 {
        self.lines.len() as f64 * line_height(self.size)
    }
}

/// The estimated width of a text in pixels (see the module documentation for the model),
/// rounded up to 0.1 px.
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = text.chars().map(char_width).sum();
    let factor = if bold { BOLD_FACTOR } else { 1.0 };
    (ems * size * factor * 10.0).ceil() / 10.0
}

/// The width of a character in ems.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | '\'' | '!' | '|' | ' ' | '\u{a0}' | 'í' | 'ì' | 'î' | 'ï'
        | 'ı' => 0.38,
        'f' | 'r' | 't' | 'I' | 'J' | ':' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '/'
        | '\\' | '-' | '"' | '*' | '‐' | '‑' | '`' => 0.46,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | '–' | '_' => 0.62,
        'm' | 'w' | 'M' | 'W' | '—' | '%' | '@' | '&' | '+' | '<' | '>' | '=' | '~' | '#' => 1.0,
        'A' | 'B' | 'E' | 'F' | 'K' | 'L' | 'P' | 'R' | 'S' | 'T' | 'V' | 'X' | 'Y' | 'Z' => 0.74,
        c if c.is_lowercase() || c.is_numeric() => 0.66,
        c if c.is_uppercase() => 0.82,
        _ => 1.0,
    }
}

pub(super) fn line_height(size: f64) -> f64 {
    (size * 1.3).round()
}

/// Wraps a text at spaces so that every line fits `max_width`; a word that is longer on its
/// own is broken between characters.
fn wrap(text: &str, max_width: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        for piece in split_word(word, max_width, size, bold) {
            let candidate = if current.is_empty() {
                piece.clone()
            } else {
                format!("{current} {piece}")
            };
            if current.is_empty() || text_width(&candidate, size, bold) <= max_width {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, piece));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Wraps like [`wrap`], then narrows the width as far as the number of lines allows, so that
/// the lines come out even ("Time servers / (NTP pool)" rather than "Time servers (NTP /
/// pool)").
fn wrap_balanced(text: &str, max_width: f64, size: f64, bold: bool) -> Vec<String> {
    let greedy = wrap(text, max_width, size, bold);
    if greedy.len() < 2 {
        return greedy;
    }
    // Bisect in steps of 0.5 px for the narrowest width with as few lines.
    let (mut narrow, mut wide) = (0.0_f64, max_width);
    let mut best = greedy;
    while wide - narrow > 0.5 {
        let mid = (narrow + wide) / 2.0;
        let lines = wrap(text, mid, size, bold);
        if lines.len() <= best.len() && lines.iter().all(|l| !is_broken(l, text)) {
            wide = mid;
            best = lines;
        } else {
            narrow = mid;
        }
    }
    best
}

/// Whether a line holds a piece of a word that was broken between characters.
fn is_broken(line: &str, text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    line.split(' ').any(|piece| !words.contains(&piece))
}

/// Breaks a word that does not fit `max_width` into pieces that do.
fn split_word(word: &str, max_width: f64, size: f64, bold: bool) -> Vec<String> {
    if text_width(word, size, bold) <= max_width {
        return vec![word.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in word.chars() {
        current.push(c);
        if current.chars().count() > 1 && text_width(&current, size, bold) > max_width {
            current.pop();
            pieces.push(std::mem::replace(&mut current, c.to_string()));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// The text width of a column: the widest text up to `cap`, or the widest word up to
/// `cap * WORD_STRETCH`.
pub(super) fn column_width(texts: &[&str], cap: f64, size: f64, bold: bool) -> f64 {
    let mut width: f64 = 0.0;
    for text in texts {
        width = width.max(text_width(text, size, bold).min(cap));
        for word in text.split_whitespace() {
            width = width.max(text_width(word, size, bold).min(cap * WORD_STRETCH));
        }
    }
    width
}

#[cfg(test)]
mod tests;
