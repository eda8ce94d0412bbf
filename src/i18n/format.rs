//! Numbers and dates in the reader's language.
//!
//! Fluent formats numbers without digit grouping and with a decimal point everywhere. The bundle
//! of each language gets a formatter with that language's separators (from CLDR, for the
//! languages listed in [`separators`]); languages not listed keep Fluent's neutral form.
//! Port numbers never pass through here: they are identifiers, written as they are.
//!
//! Dates are formatted by the messages of the language itself (`date-long`, `month-1` …
//! `month-12`), so translators control word order and month names like any other text.

use fluent_bundle::FluentValue;
use fluent_bundle::types::FluentNumber;

/// A formatter the Fluent bundle calls for every value before formatting it.
pub type Formatter =
    fn(&FluentValue, &intl_memoizer::concurrent::IntlLangMemoizer) -> Option<String>;

/// Group separator, decimal separator and the smallest number of integer digits that is grouped.
struct Separators {
    group: &'static str,
    decimal: &'static str,
    min_grouped: usize,
}

const DOT_COMMA: Separators = Separators {
    group: ".",
    decimal: ",",
    min_grouped: 4,
};
const COMMA_DOT: Separators = Separators {
    group: ",",
    decimal: ".",
    min_grouped: 4,
};
// U+202F NARROW NO-BREAK SPACE, as CLDR uses for French and others.
const SPACE_COMMA: Separators = Separators {
    group: "\u{202f}",
    decimal: ",",
    min_grouped: 4,
};
const SPACE_COMMA_5: Separators = Separators {
    group: "\u{a0}",
    decimal: ",",
    min_grouped: 5,
};
const DOT_COMMA_5: Separators = Separators {
    group: ".",
    decimal: ",",
    min_grouped: 5,
};
const APOSTROPHE_DOT: Separators = Separators {
    group: "\u{2019}",
    decimal: ".",
    min_grouped: 4,
};

fn format_with(value: &FluentValue, separators: &Separators) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    Some(format_number(number, separators))
}

fn format_number(number: &FluentNumber, separators: &Separators) -> String {
    let plain = number.as_string();
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_ref()),
    };
    let (integer, fraction) = match digits.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (digits, None),
    };
    let mut out = String::from(sign);
    if number.options.use_grouping && integer.len() >= separators.min_grouped {
        for (index, digit) in integer.chars().enumerate() {
            if index > 0 && (integer.len() - index) % 3 == 0 {
                out.push_str(separators.group);
            }
            out.push(digit);
        }
    } else {
        out.push_str(integer);
    }
    if let Some(fraction) = fraction {
        out.push_str(separators.decimal);
        out.push_str(fraction);
    }
    out
}

macro_rules! formatter {
    ($name:ident, $separators:expr) => {
        fn $name(
            value: &FluentValue,
            _: &intl_memoizer::concurrent::IntlLangMemoizer,
        ) -> Option<String> {
            format_with(value, &$separators)
        }
    };
}
formatter!(dot_comma, DOT_COMMA);
formatter!(comma_dot, COMMA_DOT);
formatter!(space_comma, SPACE_COMMA);
formatter!(space_comma_5, SPACE_COMMA_5);
formatter!(dot_comma_5, DOT_COMMA_5);
formatter!(apostrophe_dot, APOSTROPHE_DOT);

/// The number formatter for a language, by its BCP 47 tag.
pub fn separators(tag: &str) -> Option<Formatter> {
    let language = tag.split('-').next().unwrap_or(tag);
    let region = tag.split('-').nth(1);
    Some(match (language, region) {
        ("de", Some("CH" | "LI")) => apostrophe_dot,
        ("de" | "nl" | "it" | "da" | "id" | "tr" | "el", _) => dot_comma,
        ("es", _) => dot_comma_5,
        ("pt", Some("PT")) => space_comma,
        ("pt", _) => dot_comma,
        ("fr" | "ru" | "uk" | "cs" | "sk" | "fi" | "nb" | "nn" | "sv" | "hu" | "bg", _) => {
            space_comma
        }
        ("pl", _) => space_comma_5,
        ("en" | "ja" | "zh" | "ko" | "he" | "th", _) => comma_dot,
        _ => return None,
    })
}

/// A calendar date split into its parts; `None` unless the text is a real `YYYY-MM-DD` date.
pub fn date_parts(date: &str) -> Option<(u32, u32, u32)> {
    let date = crate::date::parse_date(date).ok()?;
    Some((date.year, date.month, date.day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::types::FluentNumberOptions;

    fn number(value: f64) -> FluentValue<'static> {
        FluentValue::Number(FluentNumber::new(value, FluentNumberOptions::default()))
    }

    fn format(tag: &str, value: f64) -> String {
        let memoizer = intl_memoizer::concurrent::IntlLangMemoizer::new(tag.parse().unwrap());
        separators(tag).unwrap()(&number(value), &memoizer).unwrap()
    }

    #[test]
    fn german_and_english_group_differently() {
        assert_eq!(format("de", 12345.0), "12.345");
        assert_eq!(format("en", 12345.0), "12,345");
        assert_eq!(format("de", 1234567.5), "1.234.567,5");
        assert_eq!(format("en", -1234.25), "-1,234.25");
        assert_eq!(format("de", 999.0), "999");
        assert_eq!(format("de-CH", 1234.0), "1\u{2019}234");
        assert_eq!(format("es", 1234.0), "1234");
        assert_eq!(format("es", 12345.0), "12.345");
        assert_eq!(format("fr", 12345.0), "12\u{202f}345");
        assert!(separators("xx").is_none());
    }

    #[test]
    fn dates_split_only_when_valid() {
        assert_eq!(date_parts("2026-11-26"), Some((2026, 11, 26)));
        assert_eq!(date_parts("26.11.2026"), None);
        assert_eq!(date_parts("2026-02-30"), None);
    }
}
