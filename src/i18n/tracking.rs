//! Which translations are behind their source page, tracked from the content itself.
//!
//! A translation records the fingerprint of its source-language page (the default language) in
//! its front matter, `translated-from: fnv1a64:…`, when `tafel i18n mark-translated` is run on it.
//! When the source's title, description or body later changes, its fingerprint no longer matches
//! and the translator's report lists the translation as outdated. Front-matter fields that do not
//! change what a reader sees (weight, aliases, …) are not part of the fingerprint, and neither are
//! line endings or trailing whitespace, so reformatting does not flag every translation.
//!
//! `mark-translated` is the one command that edits content files. It changes only the
//! `translated-from` line of the front matter, and writes through a temporary file and a rename.

// `i18n mark-translated` writes one front-matter line of the site (clippy.toml lists the calls).
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::front_matter;
use crate::diagnostics::{Diagnostic, FileId, SourceMap};

/// Prefix naming the fingerprint algorithm, so it can change without misreading old values.
const ALGORITHM: &str = "fnv1a64";

/// The fingerprint of a page as a reader sees it: title, description and body.
pub(crate) fn fingerprint(title: &str, description: Option<&str>, body: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for line in text.lines() {
            for byte in line.trim_end().bytes().chain([b'\n']) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        // Separates the parts, so text moving from one part to the next changes the result.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    feed(title);
    feed(description.unwrap_or_default());
    feed(body.trim());
    format!("{ALGORITHM}:{hash:016x}")
}

/// The fingerprint of the page in `file`, from its front matter and body.
pub(crate) fn fingerprint_of(sources: &SourceMap, file: FileId) -> Result<String, Diagnostic> {
    let parsed = front_matter::parse(sources, file)?;
    let (front, body) = (parsed.front, &sources.get(file).text()[parsed.body_start..]);
    Ok(fingerprint(
        &front.title,
        front.description.as_deref(),
        body,
    ))
}

/// Sets `translated-from: VALUE` in the front matter of `text`, replacing an existing value.
/// Everything else, line endings included, stays as it was.
pub(crate) fn set_translated_from(text: &str, value: &str) -> Option<String> {
    let split = front_matter::locate(text).ok()?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = format!("translated-from: {value}{newline}");
    let yaml = &text[split.yaml.clone()];
    let mut offset = split.yaml.start;
    for existing in yaml.split_inclusive('\n') {
        if existing.starts_with("translated-from:") {
            let mut updated = String::with_capacity(text.len());
            updated.push_str(&text[..offset]);
            updated.push_str(&line);
            updated.push_str(&text[offset + existing.len()..]);
            return Some(updated);
        }
        offset += existing.len();
    }
    let mut updated = String::with_capacity(text.len() + line.len());
    updated.push_str(&text[..split.yaml.end]);
    if !text[..split.yaml.end].ends_with('\n') {
        updated.push_str(newline);
    }
    updated.push_str(&line);
    updated.push_str(&text[split.yaml.end..]);
    Some(updated)
}

/// Replaces `path` with `text` through a temporary file in the same folder.
pub(crate) fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary: PathBuf =
        path.with_file_name(format!(".{file_name}.tafel-{}", std::process::id()));
    fs::write(&temporary, text)?;
    fs::rename(&temporary, path).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_line_endings_and_trailing_space_but_not_words() {
        let base = fingerprint("Ports", Some("Which ports"), "## A\n\nText\n");
        assert!(base.starts_with("fnv1a64:"));
        assert_eq!(
            base,
            fingerprint("Ports", Some("Which ports"), "## A\r\n\r\nText  \r\n")
        );
        assert_ne!(
            base,
            fingerprint("Ports", Some("Which ports"), "## A\n\nText!\n")
        );
        assert_ne!(base, fingerprint("Ports", None, "## A\n\nText\n"));
        assert_ne!(
            fingerprint("a", Some("b"), ""),
            fingerprint("a\nb", None, "")
        );
    }

    #[test]
    fn sets_or_replaces_the_field_and_nothing_else() {
        let text = "---\ntitle: A\nweight: 2\n---\nBody\n";
        let marked = set_translated_from(text, "fnv1a64:1").unwrap();
        assert_eq!(
            marked,
            "---\ntitle: A\nweight: 2\ntranslated-from: fnv1a64:1\n---\nBody\n"
        );
        let again = set_translated_from(&marked, "fnv1a64:2").unwrap();
        assert_eq!(
            again,
            "---\ntitle: A\nweight: 2\ntranslated-from: fnv1a64:2\n---\nBody\n"
        );
        let crlf = set_translated_from("---\r\ntitle: A\r\n---\r\nBody\r\n", "x").unwrap();
        assert_eq!(
            crlf,
            "---\r\ntitle: A\r\ntranslated-from: x\r\n---\r\nBody\r\n"
        );
        assert!(set_translated_from("no front matter", "x").is_none());
    }
}
