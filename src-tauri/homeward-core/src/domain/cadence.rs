//! The three-monthly cadence (domain.md, "Three-monthly cadence"): the
//! next review or agreement revision falls three calendar months after the
//! one that happened (after plan agreement for the first), clamping at
//! month end; it is due soon within 14 days and overdue past its date.
//! Pure: the date is always passed in.

use chrono::{Months, NaiveDate};

/// Calendar months between reviews.
pub const CADENCE_MONTHS: u32 = 3;
/// A review this close is shown as due.
pub const DUE_SOON_DAYS: i64 = 14;

/// Three calendar months after `held_on`, clamped to the month's last day
/// (30 November → 28 February, or 29 in a leap year). A late review counts
/// from the day it was held, never from the date it missed.
pub fn next_due(held_on: NaiveDate) -> NaiveDate {
    held_on
        .checked_add_months(Months::new(CADENCE_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// Where a due date stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Past its date, by this many days.
    Overdue(i64),
    /// Within 14 days (0 = today).
    DueSoon(i64),
    /// Further away.
    Later,
}

pub fn standing(due: NaiveDate, today: NaiveDate) -> Standing {
    let days = (due - today).num_days();
    if days < 0 {
        Standing::Overdue(-days)
    } else if days <= DUE_SOON_DAYS {
        Standing::DueSoon(days)
    } else {
        Standing::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn next_due_table() {
        let table: &[(&str, &str)] = &[
            ("2026-11-21", "2027-02-21"),
            ("2026-11-30", "2027-02-28"),
            ("2027-11-30", "2028-02-29"),
            ("2027-11-29", "2028-02-29"),
            ("2026-12-31", "2027-03-31"),
            ("2026-01-31", "2026-04-30"),
            ("2026-05-31", "2026-08-31"),
            ("2026-08-31", "2026-11-30"),
            ("2026-10-15", "2027-01-15"),
            ("2028-02-29", "2028-05-29"),
        ];
        for (held, due) in table {
            assert_eq!(next_due(day(held)), day(due), "held {held}");
        }
    }

    /// A review due on 21 February but held on 10 April sets the next one
    /// three months after 10 April, not after 21 February.
    #[test]
    fn a_late_review_counts_from_when_it_was_held() {
        let missed = next_due(day("2026-11-21"));
        assert_eq!(missed, day("2027-02-21"));
        let held_late = day("2027-04-10");
        assert_eq!(next_due(held_late), day("2027-07-10"));
        assert_ne!(next_due(held_late), next_due(missed));
    }

    #[test]
    fn standing_table() {
        let today = day("2026-11-21");
        let table: &[(&str, Standing)] = &[
            ("2026-11-20", Standing::Overdue(1)),
            ("2026-10-21", Standing::Overdue(31)),
            ("2026-11-21", Standing::DueSoon(0)),
            ("2026-12-05", Standing::DueSoon(14)),
            ("2026-12-06", Standing::Later),
        ];
        for (due, expected) in table {
            assert_eq!(standing(day(due), today), *expected, "due {due}");
        }
    }
}
