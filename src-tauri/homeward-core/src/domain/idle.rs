//! The idle lock: the vault locks when the wall clock passes the last
//! activity plus the idle time, so a laptop that slept past its deadline
//! wakes up locked. Pure: the times are passed in.

use chrono::{DateTime, Duration, Utc};

/// The idle time when none is set: five minutes.
pub const DEFAULT_IDLE_SECONDS: u32 = 300;
/// The shortest idle time that may be set.
pub const MIN_IDLE_SECONDS: u32 = 5;
/// The longest idle time that may be set: one hour.
pub const MAX_IDLE_SECONDS: u32 = 3600;

/// Whether `seconds` is an idle time that may be set.
pub fn valid_idle_seconds(seconds: u32) -> bool {
    (MIN_IDLE_SECONDS..=MAX_IDLE_SECONDS).contains(&seconds)
}

/// Whether the vault should lock at `now`. A clock that moved back before
/// the last activity (the user changed it, or a time sync) also locks: a
/// deadline that cannot be trusted is treated as passed.
pub fn should_lock(last_activity: DateTime<Utc>, now: DateTime<Utc>, idle_seconds: u32) -> bool {
    if now < last_activity - Duration::seconds(2) {
        return true;
    }
    now >= last_activity + Duration::seconds(i64::from(idle_seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn idle_lock_table() {
        let last = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
        let at = |secs: i64| last + Duration::seconds(secs);
        let table: &[(&str, i64, u32, bool)] = &[
            ("just active", 0, 300, false),
            ("a second before the deadline", 299, 300, false),
            ("at the deadline", 300, 300, true),
            ("slept for a day", 86_400, 300, true),
            ("short idle time for tests", 5, 5, true),
            ("clock a second behind (jitter)", -1, 300, false),
            ("clock set back an hour", -3600, 300, true),
        ];
        for (rule, offset, idle, expected) in table {
            assert_eq!(should_lock(last, at(*offset), *idle), *expected, "{rule}");
        }
    }

    #[test]
    fn idle_time_bounds() {
        for (seconds, ok) in [
            (4, false),
            (5, true),
            (300, true),
            (3600, true),
            (3601, false),
        ] {
            assert_eq!(valid_idle_seconds(seconds), ok, "{seconds} s");
        }
    }
}
