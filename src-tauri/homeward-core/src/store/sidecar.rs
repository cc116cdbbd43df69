//! The key-slot sidecar (`vault.keys`): its JSON shape, a bounded reader,
//! and an atomic writer (temporary file, fsync, rename, fsync of the folder).
//! It holds no username or other name in the clear: slots are found by a
//! keyed hash, and throttle entries use the same hash.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;
use crate::crypto::slot::SealedSlot;

/// The format tag at the top of every sidecar.
pub const FORMAT: &str = "homeward-keys/1";
/// The lookup of the recovery slot.
pub const RECOVERY_LOOKUP: &str = "recovery";
/// A sidecar larger than this is refused unread.
const MAX_SIDECAR_BYTES: u64 = 1 << 20;
/// At most this many throttle entries are kept (oldest dropped first).
pub const MAX_THROTTLE_ENTRIES: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub format: String,
    pub vault_id: String,
    /// Base64 of the 32 random bytes keying the slot lookups.
    pub lookup_salt: String,
    pub slots: Vec<SealedSlot>,
    #[serde(default)]
    pub throttle: Vec<ThrottleEntry>,
    #[serde(default)]
    pub audit_head: Option<AuditHead>,
}

/// Failed unlock attempts for one lookup, kept across restarts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleEntry {
    pub lookup: String,
    pub failures: u32,
    pub last_failure: DateTime<Utc>,
}

/// The audit chain's head as of the last lock, sealed with a MAC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
    pub mac: String,
}

impl Sidecar {
    pub fn slot(&self, lookup: &str) -> Option<&SealedSlot> {
        self.slots.iter().find(|slot| slot.lookup == lookup)
    }

    /// Puts `slot` in place of any slot with the same lookup.
    pub fn put_slot(&mut self, slot: SealedSlot) {
        self.slots.retain(|existing| existing.lookup != slot.lookup);
        self.slots.push(slot);
    }

    pub fn remove_slot(&mut self, lookup: &str) -> bool {
        let before = self.slots.len();
        self.slots.retain(|existing| existing.lookup != lookup);
        before != self.slots.len()
    }

    pub fn throttle_for(&self, lookup: &str) -> Option<&ThrottleEntry> {
        self.throttle.iter().find(|entry| entry.lookup == lookup)
    }

    /// Counts one more failure for `lookup` at `now`.
    pub fn record_failure(&mut self, lookup: &str, now: DateTime<Utc>) {
        if let Some(entry) = self.throttle.iter_mut().find(|e| e.lookup == lookup) {
            entry.failures = entry.failures.saturating_add(1);
            entry.last_failure = now;
            return;
        }
        self.throttle.push(ThrottleEntry {
            lookup: lookup.to_owned(),
            failures: 1,
            last_failure: now,
        });
        if self.throttle.len() > MAX_THROTTLE_ENTRIES {
            self.throttle
                .sort_by_key(|entry| std::cmp::Reverse(entry.last_failure));
            self.throttle.truncate(MAX_THROTTLE_ENTRIES);
        }
    }

    /// Forgets the failures of `lookup`; true when there were any.
    pub fn clear_failures(&mut self, lookup: &str) -> bool {
        let before = self.throttle.len();
        self.throttle.retain(|entry| entry.lookup != lookup);
        before != self.throttle.len()
    }

    /// Parses sidecar bytes, refusing anything not of this format.
    pub fn parse(bytes: &[u8]) -> Result<Self, StoreError> {
        let sidecar: Sidecar =
            serde_json::from_slice(bytes).map_err(|_| StoreError::SidecarMalformed)?;
        if sidecar.format != FORMAT {
            return Err(StoreError::SidecarMalformed);
        }
        Ok(sidecar)
    }

    /// Reads the sidecar at `path`.
    pub fn read(path: &Path) -> Result<Self, StoreError> {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NoVault)
            }
            Err(err) => return Err(StoreError::Io(err.kind())),
        };
        let mut bytes = Vec::new();
        file.take(MAX_SIDECAR_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| StoreError::Io(err.kind()))?;
        if bytes.len() as u64 > MAX_SIDECAR_BYTES {
            return Err(StoreError::SidecarMalformed);
        }
        Self::parse(&bytes)
    }

    /// Writes the sidecar so that a crash at any moment leaves either the
    /// old file or the new one, never a mix: a temporary file beside it is
    /// written and synced, renamed over the old one, then the folder synced.
    pub fn write_atomic(&self, path: &Path) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|_| StoreError::SidecarMalformed)?;
        let folder = path
            .parent()
            .ok_or(StoreError::Io(std::io::ErrorKind::NotFound))?;
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or(StoreError::Io(std::io::ErrorKind::InvalidInput))?;
        let suffix: [u8; 6] =
            crate::crypto::secret::random_bytes().map_err(|_| StoreError::Random)?;
        let temp = folder.join(format!(".{file_name}.{}.tmp", crate::crypto::hex(&suffix)));
        let result = (|| -> std::io::Result<()> {
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(&temp)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            drop(file);
            fs::rename(&temp, path)?;
            File::open(folder)?.sync_all()?;
            Ok(())
        })();
        if let Err(err) = result {
            let _ = fs::remove_file(&temp);
            return Err(StoreError::Io(err.kind()));
        }
        Ok(())
    }
}

/// Removes temporary sidecar files a crash may have left behind.
pub fn remove_stale_temporaries(folder: &Path) {
    if let Ok(entries) = fs::read_dir(folder) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".vault.keys.") && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Sidecar {
        Sidecar {
            format: FORMAT.into(),
            vault_id: "v".into(),
            lookup_salt: "c2FsdA==".into(),
            slots: vec![],
            throttle: vec![],
            audit_head: None,
        }
    }

    #[test]
    fn malformed_sidecars_are_refused() {
        let cases: &[(&str, &[u8])] = &[
            ("empty", b""),
            ("not json", b"\x00\x01"),
            ("truncated", br#"{"format":"homeward-keys/1","vault_id":"v""#),
            ("other format", br#"{"format":"other/1","vault_id":"v","lookup_salt":"","slots":[]}"#),
            ("unknown field", br#"{"format":"homeward-keys/1","vault_id":"v","lookup_salt":"","slots":[],"name":"x"}"#),
        ];
        for (rule, bytes) in cases {
            assert_eq!(
                Sidecar::parse(bytes),
                Err(StoreError::SidecarMalformed),
                "{rule}"
            );
        }
    }

    #[test]
    fn atomic_write_round_trips_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.keys");
        let mut sidecar = sample();
        sidecar.write_atomic(&path).unwrap();
        sidecar.record_failure("abc", Utc::now());
        sidecar.write_atomic(&path).unwrap();
        assert_eq!(
            Sidecar::read(&path).unwrap(),
            sidecar,
            "what is written is what is read"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names.len(),
            1,
            "no temporary file may stay behind: {names:?}"
        );
    }

    #[test]
    fn throttle_entries_are_bounded() {
        let mut sidecar = sample();
        for index in 0..(MAX_THROTTLE_ENTRIES + 10) {
            sidecar.record_failure(&format!("l{index}"), Utc::now());
        }
        assert_eq!(
            sidecar.throttle.len(),
            MAX_THROTTLE_ENTRIES,
            "a crafted flood cannot grow the sidecar"
        );
    }
}
