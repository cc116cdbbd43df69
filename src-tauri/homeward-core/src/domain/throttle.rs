//! The unlock throttle: after five failed attempts for one user, each
//! further attempt waits 30 s, then 60 s, 2 min, … at most 15 min.
//! Pure: the caller passes the failure count, the last failure and now.

use chrono::{DateTime, Utc};

/// Failed attempts allowed before any delay.
pub const FREE_FAILURES: u32 = 5;
/// The first delay, doubled for each further failure.
pub const FIRST_DELAY_SECONDS: u64 = 30;
/// The longest delay.
pub const MAX_DELAY_SECONDS: u64 = 15 * 60;

/// The delay that follows `failures` consecutive failures.
pub fn delay_after(failures: u32) -> u64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = failures - FREE_FAILURES;
    if doublings >= 6 {
        return MAX_DELAY_SECONDS;
    }
    (FIRST_DELAY_SECONDS << doublings).min(MAX_DELAY_SECONDS)
}

/// Seconds still to wait at `now`, or `None` when an attempt is allowed.
pub fn seconds_left(failures: u32, last_failure: DateTime<Utc>, now: DateTime<Utc>) -> Option<u64> {
    let delay = delay_after(failures);
    if delay == 0 {
        return None;
    }
    let elapsed = (now - last_failure).num_seconds();
    // A clock set back before the last failure does not shorten the wait.
    let elapsed = u64::try_from(elapsed).unwrap_or(0);
    if elapsed >= delay {
        None
    } else {
        Some(delay - elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn delay_schedule() {
        let table: &[(u32, u64)] = &[
            (0, 0),
            (4, 0),
            (5, 30),
            (6, 60),
            (7, 120),
            (8, 240),
            (9, 480),
            (10, 900),
            (11, 900),
            (u32::MAX, 900),
        ];
        for (failures, delay) in table {
            assert_eq!(delay_after(*failures), *delay, "after {failures} failures");
        }
    }

    #[test]
    fn seconds_left_counts_down_and_ignores_a_clock_set_back() {
        let last = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
        let at = |secs: i64| last + chrono::Duration::seconds(secs);
        let table: &[(u32, i64, Option<u64>)] = &[
            (4, 0, None),
            (5, 0, Some(30)),
            (5, 29, Some(1)),
            (5, 30, None),
            (6, 10, Some(50)),
            (12, 899, Some(1)),
            (12, 900, None),
            (5, -3600, Some(30)),
        ];
        for (failures, offset, expected) in table {
            assert_eq!(
                seconds_left(*failures, last, at(*offset)),
                *expected,
                "{failures} failures, {offset} s after the last"
            );
        }
    }
}
