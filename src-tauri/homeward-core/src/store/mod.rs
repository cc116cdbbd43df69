//! Storage: the encrypted SQLCipher database and the files beside it.
//! `open` sets the key and connection settings, `schema` migrates, `vault`
//! ties a connection to its key and device, `audit` chains events,
//! `users` holds accounts, `sidecar` holds key slots, `lockfile` keeps one
//! process per vault, `backup` writes and restores backup files. Every
//! byte Homeward writes to disk is written here.

pub mod assessments;
pub mod audit;
pub mod backup;
pub mod cases;
pub mod casework;
pub mod drafts;
pub mod generate;
pub mod intake;
pub mod lockfile;
pub mod open;
pub mod plans;
pub mod registry;
pub mod reports;
pub mod schema;
pub mod services;
pub mod sidecar;
pub mod trace;
pub mod users;
pub mod vault;

use std::path::{Path, PathBuf};

/// Why a storage step failed. Carries ids and kinds, never contents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("no vault in this folder")]
    NoVault,
    #[error("a vault already exists in this folder")]
    VaultExists,
    #[error("another process holds this vault")]
    VaultInUse,
    #[error("the database refused the key")]
    KeyRejected,
    #[error("the database library is not SQLCipher; refusing to open")]
    NotEncrypted,
    #[error("connection settings were not applied")]
    Settings,
    #[error("the vault's schema version {found} is newer than this build")]
    SchemaTooNew { found: i64 },
    #[error("the key file is malformed")]
    SidecarMalformed,
    #[error("a stored value is invalid: {0}")]
    Corrupt(&'static str),
    #[error("the record was changed since it was read")]
    Stale,
    #[error("a record with this {0} already exists")]
    Duplicate(&'static str),
    #[error("database error (code {code})")]
    Sqlite { code: i32 },
    #[error("file system error: {0:?}")]
    Io(std::io::ErrorKind),
    #[error("no random bytes from the operating system")]
    Random,
    #[error("failure injected by a test")]
    Injected,
    #[error("the backup file failed its check: {0}")]
    BackupInvalid(&'static str),
    #[error("the operation was cancelled")]
    Cancelled,
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match err {
            rusqlite::Error::SqliteFailure(code, _) => StoreError::Sqlite {
                code: code.extended_code,
            },
            _ => StoreError::Sqlite { code: -1 },
        }
    }
}

/// The files of one vault, all in one folder.
#[derive(Debug, Clone)]
pub struct VaultPaths {
    pub dir: PathBuf,
    pub database: PathBuf,
    pub sidecar: PathBuf,
    pub lock: PathBuf,
}

impl VaultPaths {
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            database: dir.join("vault.db"),
            sidecar: dir.join("vault.keys"),
            lock: dir.join("vault.lock"),
        }
    }
}

/// The travel columns every written row gets: when and on which device.
#[derive(Debug, Clone)]
pub struct RowStamp {
    pub now: String,
    pub device_id: String,
}

/// A new time-ordered record id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Where a vault lives when no `--vault` is given: `$XDG_DATA_HOME/homeward/vault`,
/// else `$HOME/.local/share/homeward/vault`. The caller passes the
/// environment values, so this stays testable.
pub fn default_vault_dir(
    xdg_data_home: Option<&std::ffi::OsStr>,
    home: Option<&std::ffi::OsStr>,
) -> Option<PathBuf> {
    let base = match xdg_data_home.filter(|v| !v.is_empty()) {
        Some(data) => PathBuf::from(data),
        None => PathBuf::from(home.filter(|v| !v.is_empty())?).join(".local/share"),
    };
    Some(base.join("homeward").join("vault"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn default_vault_dir_table() {
        let table: &[(Option<&str>, Option<&str>, Option<&str>)] = &[
            (
                Some("/x/data"),
                Some("/home/a"),
                Some("/x/data/homeward/vault"),
            ),
            (
                None,
                Some("/home/a"),
                Some("/home/a/.local/share/homeward/vault"),
            ),
            (
                Some(""),
                Some("/home/a"),
                Some("/home/a/.local/share/homeward/vault"),
            ),
            (None, None, None),
        ];
        for (xdg, home, expected) in table {
            let got = default_vault_dir(xdg.map(OsStr::new), home.map(OsStr::new));
            assert_eq!(
                got,
                expected.map(PathBuf::from),
                "XDG_DATA_HOME={xdg:?} HOME={home:?}"
            );
        }
    }
}
