//! Writes values as YAML for `site.yaml`, front matter and data files.
//!
//! Maps are written in block style, one key a line; a string is written plain when YAML cannot
//! read it as anything else, and otherwise as a JSON string, which is also a YAML
//! double-quoted scalar. Lists of plain values are written in flow style (`[a, b]`), other
//! lists as JSON, which is YAML's flow style too. So every value reads back as the same value.

use serde_json::{Map, Value};

/// A whole document: the map's keys in their order.
pub(super) fn document(map: &Map<String, Value>) -> String {
    let mut out = String::new();
    for (key, value) in map {
        entry(&mut out, 0, key, value);
    }
    out
}

/// Writes `key: value` at `indent`, nested maps and lists below it.
pub(super) fn entry(out: &mut String, indent: usize, key: &str, value: &Value) {
    out.push_str(&" ".repeat(indent));
    out.push_str(&scalar_text(key));
    out.push(':');
    block(out, indent, value);
}

fn block(out: &mut String, indent: usize, value: &Value) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            for (key, value) in map {
                entry(out, indent + 2, key, value);
            }
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            out.push('\n');
            for item in items {
                let Value::Object(map) = item else { continue };
                let mut first = true;
                for (key, value) in map {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(if first { "- " } else { "  " });
                    first = false;
                    out.push_str(&scalar_text(key));
                    out.push(':');
                    block(out, indent + 4, value);
                }
                if first {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str("- {}\n");
                }
            }
        }
        _ => {
            out.push(' ');
            out.push_str(&inline(value));
            out.push('\n');
        }
    }
}

/// A value on one line.
pub(super) fn inline(value: &Value) -> String {
    match value {
        Value::String(text) => scalar_text(text),
        Value::Array(items)
            if items
                .iter()
                .all(|item| !item.is_array() && !item.is_object()) =>
        {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// A string, plain when that reads back as the same string, else quoted.
pub(super) fn scalar_text(text: &str) -> String {
    if is_plain(text) {
        text.to_owned()
    } else {
        Value::String(text.to_owned()).to_string()
    }
}

/// Whether YAML (1.1 or 1.2) reads `text` written plain as exactly this string, in block and
/// in flow context: it starts with a letter, holds only letters, digits, spaces and a few safe
/// marks, and is no word that means true, false or nothing.
fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    const WORDS: [&str; 11] = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "nan", "inf",
    ];
    first.is_alphabetic()
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')'))
        && !WORDS.contains(&text.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(yaml: &str) -> Value {
        serde_saphyr::from_str(yaml).unwrap()
    }

    #[test]
    fn every_value_reads_back_as_itself() {
        let value = serde_json::json!({
            "title": "Ports: what to open",
            "plain": "Install the server",
            "yes": "yes",
            "number-like": "1.0",
            "date": "2024-03-01",
            "empty": "",
            "hash": "a #b",
            "quote": "say \"hi\"\nnext line",
            "list": ["a", "b c", 1, true],
            "nested": {"x": {"y": [1, 2]}, "z": null},
            "entries": [{"name": "Docs", "weight": 10}, {"name": "Forum", "url": "https://f/"}],
            "mixed": [{"a": 1}, "b"],
            "unicode": "Übersicht",
        });
        let Value::Object(map) = &value else {
            unreachable!()
        };
        let yaml = document(map);
        assert_eq!(read_back(&yaml), value, "{yaml}");
        assert!(yaml.contains("plain: Install the server\n"), "{yaml}");
        assert!(
            yaml.contains("yes: \"yes\"\n") || yaml.contains("\"yes\": \"yes\"\n"),
            "{yaml}"
        );
    }
}
