//! Days of the calendar, as front matter and templates write them: `YYYY-MM-DD`.
//!
//! Below every stage: front matter checks its dates with it, and `format_date` reads them.

/// A day of the (proleptic Gregorian) calendar, as written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct CalendarDate {
    /// The year, 0–9999.
    pub year: u32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1 up to the month's length.
    pub day: u32,
}

/// Why a text is not a [`CalendarDate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// Not four digits, two digits, two digits separated by `-`.
    Form,
    /// The month is not 01–12.
    Month(u32),
    /// The day is 00 or past the end of its month, which has `days` days.
    Day {
        /// The day as written.
        day: u32,
        /// The length of the month in that year.
        days: u32,
    },
}

/// Reads `YYYY-MM-DD`, accepting only days the calendar has: a page that says "February 30"
/// and a sitemap with an invalid `lastmod` are worse than a build error.
pub(crate) fn parse_date(text: &str) -> Result<CalendarDate, DateProblem> {
    let number = |part: &str, length: usize| {
        (part.len() == length && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(DateProblem::Form);
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return Err(DateProblem::Form);
    };
    if !(1..=12).contains(&month) {
        return Err(DateProblem::Month(month));
    }
    let days = days_in_month(year, month);
    if !(1..=days).contains(&day) {
        return Err(DateProblem::Day { day, days });
    }
    Ok(CalendarDate { year, month, day })
}

/// The number of days of `month` (1–12) in `year`.
pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Gregorian leap years: every fourth year, except centuries not divisible by 400.
fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_follow_the_gregorian_rules() {
        let date = |year, month, day| CalendarDate { year, month, day };
        assert_eq!(parse_date("2024-02-29"), Ok(date(2024, 2, 29)));
        assert_eq!(parse_date("2000-02-29"), Ok(date(2000, 2, 29)));
        assert_eq!(
            parse_date("2025-02-29"),
            Err(DateProblem::Day { day: 29, days: 28 })
        );
        assert_eq!(
            parse_date("1900-02-29"),
            Err(DateProblem::Day { day: 29, days: 28 })
        );
    }

    #[test]
    fn months_and_days_stay_in_range() {
        assert_eq!(parse_date("2026-13-01"), Err(DateProblem::Month(13)));
        assert_eq!(parse_date("2026-00-01"), Err(DateProblem::Month(0)));
        assert_eq!(
            parse_date("2026-01-00"),
            Err(DateProblem::Day { day: 0, days: 31 })
        );
        assert_eq!(
            parse_date("2026-04-31"),
            Err(DateProblem::Day { day: 31, days: 30 })
        );
        assert!(parse_date("2026-12-31").is_ok());
        assert!(parse_date("2026-01-31").is_ok());
    }

    #[test]
    fn only_the_iso_form_is_a_date() {
        for text in [
            "26.11.2026",
            "2026-1-01",
            "2026-01-1",
            "26-01-01",
            "2026-01-01-01",
            "2026-01-01 ",
            "+026-01-01",
            "",
        ] {
            assert_eq!(parse_date(text), Err(DateProblem::Form), "{text:?}");
        }
    }
}
