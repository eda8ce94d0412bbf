//! Numbers and dates in the reader's language.
//!
//! Fluent formats numbers without digit grouping and with a decimal point everywhere. Every
//! bundle gets [`format_number`], which writes numbers as CLDR says for the bundle's language
//! (ICU4X's compiled data): group and decimal separators, how many digits a number needs before
//! it is grouped (Spanish and Polish leave `1234` alone), Indian grouping, the language's own
//! digits and minus sign. A language CLDR does not know keeps Fluent's neutral form.
//! Years and port numbers never pass through here: they are identifiers, not quantities, so
//! `format_date` hands the year to Fluent as text and port labels are built as text.
//!
//! Dates are formatted by the messages of the language itself (`date-long`, `month-1` …
//! `month-12`), so translators control word order and month names like any other text.

use fluent_bundle::FluentValue;
use fluent_bundle::types::FluentNumber;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::{DataLocale, LanguageIdentifier};
use icu_locale_fallback::{LocaleFallbackConfig, LocaleFallbackPriority, LocaleFallbacker};
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;

/// The formatter every Fluent bundle calls before formatting a value: numbers as the bundle's
/// language writes them; `None` leaves the value to Fluent (text, and numbers in a language CLDR
/// does not know).
///
/// The format is built once per bundle through the bundle's memoizer, which is also the only
/// way a plain function learns the bundle's language.
pub(crate) fn format_number(value: &FluentValue, memoizer: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    memoizer
        .with_try_get::<NumberFormat, _, _>(number.options.use_grouping, |format| {
            format.format(number)
        })
        .ok()
        .flatten()
}

/// One language's number format, with or without grouping (Fluent's `useGrouping`).
struct NumberFormat(Option<DecimalFormatter>);

impl Memoizable for NumberFormat {
    type Args = bool;
    type Error = std::convert::Infallible;

    fn construct(
        language: unic_langid::LanguageIdentifier,
        use_grouping: bool,
    ) -> Result<Self, Self::Error> {
        Ok(NumberFormat(decimal_formatter(
            &language.to_string(),
            use_grouping,
        )))
    }
}

impl NumberFormat {
    fn format(&self, number: &FluentNumber) -> Option<String> {
        let formatter = self.0.as_ref()?;
        // Fluent's own text of the number already has the fraction digits the message asked for
        // (`minimumFractionDigits`, or as written in a literal), and parsing it keeps trailing
        // zeros. Infinity and NaN do not parse and stay Fluent's.
        let decimal: Decimal = number.as_string().parse().ok()?;
        Some(formatter.format_to_string(&decimal))
    }
}

fn decimal_formatter(tag: &str, use_grouping: bool) -> Option<DecimalFormatter> {
    let language: LanguageIdentifier = tag.parse().ok()?;
    if !cldr_knows(&language) {
        return None;
    }
    let mut options = DecimalFormatterOptions::default();
    options.grouping_strategy = Some(if use_grouping {
        GroupingStrategy::Auto
    } else {
        GroupingStrategy::Never
    });
    DecimalFormatter::try_new((&language).into(), options).ok()
}

/// Whether CLDR knows the primary language, judged by its likely script. For a language it
/// does not know ICU4X would use CLDR's root format (`12,345.5`), a convention nobody has
/// confirmed for that language; Fluent's `12345.5` claims none. The number data alone cannot
/// tell: a language whose symbols equal root's, such as English or Japanese, is stored only as
/// root.
fn cldr_knows(language: &LanguageIdentifier) -> bool {
    let mut config = LocaleFallbackConfig::default();
    config.priority = LocaleFallbackPriority::Script;
    let mut chain = LocaleFallbacker::new()
        .for_config(config)
        .fallback_for(DataLocale::from((language.language, None, None)));
    // A known language falls back to its script (`und-Latn`) before the root; an unknown one
    // goes straight to the root. The root itself must not be stepped past.
    if chain.get().is_unknown() {
        return false;
    }
    chain.step();
    !chain.get().is_unknown()
}

/// A calendar date split into its parts; `None` unless the text is a real `YYYY-MM-DD` date.
pub(crate) fn date_parts(date: &str) -> Option<(u32, u32, u32)> {
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

    fn format_value(tag: &str, value: &FluentValue) -> Option<String> {
        let memoizer = IntlLangMemoizer::new(tag.parse().unwrap());
        format_number(value, &memoizer)
    }

    fn format(tag: &str, value: f64) -> String {
        format_value(tag, &number(value)).unwrap()
    }

    #[test]
    fn german_and_english_group_differently() {
        assert_eq!(format("de", 12345.0), "12.345");
        assert_eq!(format("en", 12345.0), "12,345");
        assert_eq!(format("de", 1234567.5), "1.234.567,5");
        assert_eq!(format("en", -1234.25), "-1,234.25");
        assert_eq!(format("de", 999.0), "999");
        // CLDR 48 replaced U+2019 by the ASCII apostrophe as the Swiss group separator
        // (CLDR-13542).
        assert_eq!(format("de-CH", 1234.0), "1'234");
        assert_eq!(format("es", 1234.0), "1234");
        assert_eq!(format("es", 12345.0), "12.345");
        assert_eq!(format("fr", 12345.0), "12\u{202f}345");
    }

    #[test]
    fn separators_and_grouping_follow_cldr() {
        // CLDR groups with U+00A0, not French's U+202F, in these languages.
        assert_eq!(format("ru", 12345.5), "12\u{a0}345,5");
        assert_eq!(format("cs", 1234.0), "1\u{a0}234");
        assert_eq!(format("sv", 1234.0), "1\u{a0}234");
        // Polish, like Spanish, leaves four-digit numbers ungrouped.
        assert_eq!(format("pl", 1234.0), "1234");
        assert_eq!(format("pl", 12345.0), "12\u{a0}345");
        assert_eq!(format("de-AT", 12345.0), "12\u{a0}345");
        assert_eq!(format("hi", 1234567.0), "12,34,567");
        assert_eq!(format("fa", 12.5), "\u{6f1}\u{6f2}\u{66b}\u{6f5}");
    }

    #[test]
    fn fraction_digits_and_grouping_options_are_kept() {
        let options = FluentNumberOptions {
            minimum_fraction_digits: Some(2),
            ..FluentNumberOptions::default()
        };
        let price = FluentValue::Number(FluentNumber::new(1234.5, options));
        assert_eq!(format_value("de", &price).unwrap(), "1.234,50");
        let options = FluentNumberOptions {
            use_grouping: false,
            ..FluentNumberOptions::default()
        };
        let plain = FluentValue::Number(FluentNumber::new(12345.0, options));
        assert_eq!(format_value("de", &plain).unwrap(), "12345");
    }

    #[test]
    fn unknown_languages_and_other_values_stay_with_fluent() {
        assert_eq!(format_value("xx", &number(12345.0)), None);
        assert_eq!(format_value("tlh", &number(12345.0)), None);
        assert_eq!(format_value("und", &number(12345.0)), None);
        assert_eq!(format_value("de", &number(f64::NAN)), None);
        assert_eq!(format_value("de", &number(f64::INFINITY)), None);
        assert_eq!(format_value("de", &FluentValue::from("2026")), None);
    }

    #[test]
    fn dates_split_only_when_valid() {
        assert_eq!(date_parts("2026-11-26"), Some((2026, 11, 26)));
        assert_eq!(date_parts("26.11.2026"), None);
        assert_eq!(date_parts("2026-02-30"), None);
    }
}
