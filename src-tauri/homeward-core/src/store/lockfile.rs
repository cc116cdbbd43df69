//! One process per vault: an exclusive advisory lock (`flock`) on
//! `vault.lock` in the vault's folder, held for the life of the process's
//! `App`, taken alike by the desktop app and the CLI.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::StoreError;

/// Held while this process owns the vault; released on drop.
#[derive(Debug)]
pub struct VaultLock {
    _file: File,
}

impl VaultLock {
    /// Takes the lock or answers [`StoreError::VaultInUse`] at once.
    pub fn acquire(path: &Path) -> Result<Self, StoreError> {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(path)
            .map_err(|err| StoreError::Io(err.kind()))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(StoreError::VaultInUse),
            Err(TryLockError::Error(err)) => Err(StoreError::Io(err.kind())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.lock");
        let first = VaultLock::acquire(&path).unwrap();
        assert_eq!(
            VaultLock::acquire(&path).unwrap_err(),
            StoreError::VaultInUse,
            "one holder at a time"
        );
        drop(first);
        assert!(
            VaultLock::acquire(&path).is_ok(),
            "the lock is free once released"
        );
    }
}
