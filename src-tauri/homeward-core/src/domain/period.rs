//! Reporting periods and age bands, as pure rules: `2026Q3` (July to
//! September), `2026H2` (January–June is H1), `2026` (the year). A report
//! never holds a date finer than its period, and ages only in bands with
//! 60 and over top-coded.

use chrono::{Datelike, NaiveDate};

/// A reporting period: its label and its first and last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The earliest and latest years a report may cover.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl Period {
    /// Reads `2026Q3`, `2026H1` or `2026`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        if text.len() < 4 || !text.is_char_boundary(4) {
            return None;
        }
        let (year, rest) = text.split_at(4);
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        if !YEARS.contains(&year) {
            return None;
        }
        let (first_month, months) = match rest {
            "" => (1, 12),
            "H1" => (1, 6),
            "H2" => (7, 6),
            "Q1" => (1, 3),
            "Q2" => (4, 3),
            "Q3" => (7, 3),
            "Q4" => (10, 3),
            _ => return None,
        };
        let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
        let after = if first_month + months > 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, first_month + months, 1)?
        };
        Some(Period {
            label: format!("{year}{rest}"),
            start,
            end: after.pred_opt()?,
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// Age bands of a report, youngest first; `unknown` when no age is recorded.
pub const AGE_BANDS: [&str; 8] = [
    "under_15", "15_17", "18_24", "25_34", "35_44", "45_59", "60_plus", "unknown",
];

/// Whole years from `born` to `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i64 {
    let mut years = i64::from(on.year() - born.year());
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// The band of an age, 60 and over in one band.
pub fn age_band(age: i64) -> &'static str {
    match age {
        i64::MIN..=14 => "under_15",
        15..=17 => "15_17",
        18..=24 => "18_24",
        25..=34 => "25_34",
        35..=44 => "35_44",
        45..=59 => "45_59",
        _ => "60_plus",
    }
}

/// The band a person is in on `on`: from the date of birth when there is
/// one, else from the approximate age given when the case opened, aged by
/// the whole years since.
pub fn band_on(
    date_of_birth: Option<NaiveDate>,
    approx_age: Option<i64>,
    opened_on: NaiveDate,
    on: NaiveDate,
) -> &'static str {
    match (date_of_birth, approx_age) {
        (Some(born), _) => age_band(age_on(born, on)),
        (None, Some(age)) => age_band(age + age_on(opened_on, on).max(0)),
        (None, None) => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_table() {
        let table: [(&str, Option<(&str, &str)>); 14] = [
            ("2026Q1", Some(("2026-01-01", "2026-03-31"))),
            ("2026Q2", Some(("2026-04-01", "2026-06-30"))),
            ("2026Q3", Some(("2026-07-01", "2026-09-30"))),
            ("2026Q4", Some(("2026-10-01", "2026-12-31"))),
            ("2026H1", Some(("2026-01-01", "2026-06-30"))),
            ("2026H2", Some(("2026-07-01", "2026-12-31"))),
            ("2026", Some(("2026-01-01", "2026-12-31"))),
            ("2028Q1", Some(("2028-01-01", "2028-03-31"))),
            (" 2026Q3 ", Some(("2026-07-01", "2026-09-30"))),
            ("2026Q5", None),
            ("2026h1", None),
            ("26Q1", None),
            ("1999", None),
            ("٢٠٢٦Q1", None),
        ];
        for (text, expected) in table {
            let got = Period::parse(text).map(|p| (p.start, p.end));
            assert_eq!(got, expected.map(|(a, b)| (day(a), day(b))), "{text}");
        }
    }

    #[test]
    fn age_bands_table() {
        let on = day("2026-09-30");
        let table: [(Option<&str>, Option<i64>, &str, &str); 9] = [
            (Some("2012-10-01"), None, "2026-01-01", "under_15"),
            (Some("2011-09-30"), None, "2026-01-01", "15_17"),
            (Some("2008-10-01"), None, "2026-01-01", "15_17"),
            (Some("2008-09-30"), None, "2026-01-01", "18_24"),
            (Some("1966-09-30"), None, "2026-01-01", "60_plus"),
            (Some("1966-10-01"), None, "2026-01-01", "45_59"),
            (None, Some(17), "2025-06-01", "18_24"),
            (None, Some(17), "2025-10-01", "15_17"),
            (None, None, "2026-01-01", "unknown"),
        ];
        for (born, approx, opened, band) in table {
            assert_eq!(
                band_on(born.map(day), approx, day(opened), on),
                band,
                "{born:?} {approx:?}"
            );
        }
        assert_eq!(age_band(95), "60_plus");
    }
}
