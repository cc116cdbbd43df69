//! Backup rules: when an automatic backup is due, which automatic backups
//! are kept, and when a restore must be confirmed first. Pure: the times
//! and the facts about both vaults are passed in.

use chrono::{DateTime, Duration, Utc};

/// Automatic backups kept when no other number is set.
pub const DEFAULT_KEEP: u32 = 10;
/// How often an automatic backup is taken while the vault is open.
pub const DAILY_HOURS: i64 = 24;

/// Why a backup was taken; part of its file name and its manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    /// At quit, automatically.
    Quit,
    /// At most once a day while the vault is open, automatically.
    Daily,
    /// Asked for: "back up to…" or the command line.
    Manual,
}

impl BackupReason {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupReason::Quit => "quit",
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "quit" => Some(BackupReason::Quit),
            "daily" => Some(BackupReason::Daily),
            "manual" => Some(BackupReason::Manual),
            _ => None,
        }
    }

    /// Automatic backups are pruned to the newest N; asked-for ones never.
    pub fn is_automatic(self) -> bool {
        !matches!(self, BackupReason::Manual)
    }
}

/// Whether a daily backup is due at `now`, given the newest automatic
/// backup of this vault. A clock that moved back before that backup makes
/// it due: a time that cannot be trusted is treated as passed.
pub fn daily_due(newest_automatic: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match newest_automatic {
        None => true,
        Some(newest) if now < newest - Duration::minutes(5) => true,
        Some(newest) => now >= newest + Duration::hours(DAILY_HOURS),
    }
}

/// Of the automatic backups (their creation times, any order), the indexes
/// to remove so that only the newest `keep` stay. At least one is always
/// kept, whatever `keep` says.
pub fn to_prune(created: &[DateTime<Utc>], keep: u32) -> Vec<usize> {
    let keep = keep.max(1) as usize;
    let mut order: Vec<usize> = (0..created.len()).collect();
    order.sort_by(|a, b| created[*b].cmp(&created[*a]).then(b.cmp(a)));
    let mut prune: Vec<usize> = order.into_iter().skip(keep).collect();
    prune.sort_unstable();
    prune
}

/// What is known of the vault a restore would replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveVault {
    /// No vault here: a new laptop.
    None,
    /// A vault whose key file cannot be read.
    Unreadable,
    /// A vault with this id, and its audit chain's length at its last lock
    /// (None when it was never locked cleanly).
    Present {
        vault_id: String,
        audit_seq: Option<i64>,
    },
}

/// Why a restore must be confirmed before it replaces the live vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreWarning {
    /// The backup is of another vault, or the live vault cannot be read to
    /// tell.
    OtherVault,
    /// The backup is older than the live vault: what was saved after it
    /// would be lost.
    Older,
}

impl RestoreWarning {
    pub fn as_str(self) -> &'static str {
        match self {
            RestoreWarning::OtherVault => "other_vault",
            RestoreWarning::Older => "older",
        }
    }
}

/// Whether restoring a backup of `backup_vault_id` whose audit chain ends at
/// `backup_seq` over `live` needs a confirmation first.
pub fn restore_warning(
    live: &LiveVault,
    backup_vault_id: &str,
    backup_seq: i64,
) -> Option<RestoreWarning> {
    match live {
        LiveVault::None => None,
        LiveVault::Unreadable => Some(RestoreWarning::OtherVault),
        LiveVault::Present { vault_id, .. } if vault_id != backup_vault_id => {
            Some(RestoreWarning::OtherVault)
        }
        LiveVault::Present {
            audit_seq: Some(live_seq),
            ..
        } if *live_seq > backup_seq => Some(RestoreWarning::Older),
        LiveVault::Present { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap() + Duration::hours(i64::from(hour))
    }

    #[test]
    fn daily_due_table() {
        let table: &[(Option<u32>, u32, bool, &str)] = &[
            (None, 0, true, "no backup yet"),
            (Some(0), 1, false, "an hour after"),
            (Some(0), 23, false, "23 hours after"),
            (Some(0), 24, true, "a day after"),
            (Some(3), 40, true, "more than a day after"),
            (
                Some(10),
                9,
                false,
                "clock a little behind: within five minutes is not 'back'",
            ),
        ];
        for (newest, now, due, rule) in table {
            let newest = newest.map(at);
            let now = if *now == 9 {
                at(10) - Duration::minutes(3)
            } else {
                at(*now)
            };
            assert_eq!(daily_due(newest, now), *due, "{rule}");
        }
        assert!(
            daily_due(Some(at(10)), at(8)),
            "a clock moved back hours before the newest backup makes one due"
        );
    }

    #[test]
    fn prune_keeps_the_newest_table() {
        let times = [at(5), at(1), at(9), at(3), at(7)];
        let table: &[(u32, &[usize])] = &[
            (10, &[]),
            (5, &[]),
            (3, &[1, 3]),
            (1, &[0, 1, 3, 4]),
            (0, &[0, 1, 3, 4]),
        ];
        for (keep, expected) in table {
            assert_eq!(to_prune(&times, *keep), expected.to_vec(), "keep {keep}");
        }
        assert!(to_prune(&[], 3).is_empty());
    }

    #[test]
    fn restore_warning_table() {
        let present = |id: &str, seq: Option<i64>| LiveVault::Present {
            vault_id: id.to_owned(),
            audit_seq: seq,
        };
        let table: &[(LiveVault, &str, i64, Option<RestoreWarning>, &str)] = &[
            (LiveVault::None, "a", 5, None, "new laptop"),
            (
                LiveVault::Unreadable,
                "a",
                5,
                Some(RestoreWarning::OtherVault),
                "live key file unreadable",
            ),
            (
                present("b", Some(5)),
                "a",
                5,
                Some(RestoreWarning::OtherVault),
                "another vault",
            ),
            (
                present("a", Some(9)),
                "a",
                5,
                Some(RestoreWarning::Older),
                "older than the live vault",
            ),
            (present("a", Some(5)), "a", 5, None, "the same point"),
            (
                present("a", Some(3)),
                "a",
                5,
                None,
                "newer than the live vault",
            ),
            (
                present("a", None),
                "a",
                5,
                None,
                "live never locked cleanly",
            ),
        ];
        for (live, backup_id, seq, expected, rule) in table {
            assert_eq!(restore_warning(live, backup_id, *seq), *expected, "{rule}");
        }
    }
}
