//! Opening the encrypted database: the raw key is the first statement on
//! every connection, checked at once with a read, SQLCipher's presence is
//! confirmed, then the connection settings and migrations are applied.
//! On any failure while creating, the half-made files are removed, so no
//! path leaves or opens a plaintext database.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{schema, StoreError};
use crate::crypto::DbKey;

/// Whether the database file is being made or must already exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    Create,
    Existing,
}

/// The steps of opening, in order; tests inject a failure at each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenStep {
    OpenFile,
    SetKey,
    CheckKey,
    CheckCipher,
    Configure,
    Migrate,
}

impl OpenStep {
    pub const ALL: [OpenStep; 6] = [
        OpenStep::OpenFile,
        OpenStep::SetKey,
        OpenStep::CheckKey,
        OpenStep::CheckCipher,
        OpenStep::Configure,
        OpenStep::Migrate,
    ];
}

/// The connection settings every connection gets after the key.
const CONNECTION_SETTINGS: &str = "
    PRAGMA cipher_log_level = NONE;
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    PRAGMA foreign_keys = ON;
    PRAGMA secure_delete = ON;
    PRAGMA temp_store = MEMORY;
    PRAGMA cache_size = -65536;
    PRAGMA busy_timeout = 5000;
";

/// Opens (or creates) the encrypted database at `path` with `key`.
pub fn open_connection(path: &Path, key: &DbKey, mode: OpenMode) -> Result<Connection, StoreError> {
    open_connection_with_fault(path, key, mode, None)
}

pub(crate) fn open_connection_with_fault(
    path: &Path,
    key: &DbKey,
    mode: OpenMode,
    fault: Option<OpenStep>,
) -> Result<Connection, StoreError> {
    if mode == OpenMode::Create && path.exists() {
        return Err(StoreError::VaultExists);
    }
    if mode == OpenMode::Existing && !path.exists() {
        return Err(StoreError::NoVault);
    }
    let result = open_steps(path, key, mode, fault).and_then(|mut conn| {
        super::trace::install(&mut conn)?;
        Ok(conn)
    });
    if result.is_err() && mode == OpenMode::Create {
        remove_database_files(path);
    }
    result
}

fn injected(fault: Option<OpenStep>, step: OpenStep) -> Result<(), StoreError> {
    if fault == Some(step) {
        return Err(StoreError::Injected);
    }
    Ok(())
}

fn open_steps(
    path: &Path,
    key: &DbKey,
    mode: OpenMode,
    fault: Option<OpenStep>,
) -> Result<Connection, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_EXRESCODE;
    if mode == OpenMode::Create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    injected(fault, OpenStep::OpenFile)?;
    let mut conn = Connection::open_with_flags(path, flags)?;

    injected(fault, OpenStep::SetKey)?;
    conn.execute_batch(key.sqlcipher_key_pragma().as_str())?;

    injected(fault, OpenStep::CheckKey)?;
    let check: Result<i64, _> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    if let Err(err) = check {
        return Err(match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::KeyRejected,
            _ => StoreError::from(err),
        });
    }

    injected(fault, OpenStep::CheckCipher)?;
    let cipher: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .ok();
    if cipher.map(|v| v.is_empty()).unwrap_or(true) {
        return Err(StoreError::NotEncrypted);
    }

    injected(fault, OpenStep::Configure)?;
    conn.execute_batch(CONNECTION_SETTINGS)?;
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !journal.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Settings);
    }

    injected(fault, OpenStep::Migrate)?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

/// Opens an existing encrypted database with the same settings but never
/// with the statement capture: the benchmark's floor, which must not
/// capture its own replays.
pub(crate) fn open_uncaptured(path: &Path, key: &DbKey) -> Result<Connection, StoreError> {
    if !path.exists() {
        return Err(StoreError::NoVault);
    }
    open_steps(path, key, OpenMode::Existing, None)
}

/// Opens a plaintext copy made by the benchmark with the settings every
/// vault connection gets (the key aside), to compare against.
pub(crate) fn open_plain_copy(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_EXRESCODE,
    )?;
    conn.execute_batch(CONNECTION_SETTINGS)?;
    Ok(conn)
}

/// Removes a database and its WAL and shared-memory files.
pub(crate) fn remove_database_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(name));
    }
}

/// The bytes every plaintext SQLite database starts with.
pub const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[cfg(test)]
mod tests {
    use super::*;

    fn header(path: &Path) -> Option<Vec<u8>> {
        std::fs::read(path)
            .ok()
            .map(|bytes| bytes.into_iter().take(16).collect())
    }

    fn assert_never_plaintext(path: &Path, rule: &str) {
        if let Some(head) = header(path) {
            assert_ne!(
                head.as_slice(),
                PLAINTEXT_HEADER,
                "{rule}: plaintext database on disk"
            );
            assert!(
                !head.is_empty(),
                "{rule}: an empty file would open as a plaintext database"
            );
        }
    }

    #[test]
    fn created_database_is_encrypted_and_reopens_only_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let key = DbKey::generate().unwrap();
        let conn = open_connection(&path, &key, OpenMode::Create).unwrap();
        conn.execute("INSERT INTO settings VALUES ('probe', 'x', 'now')", [])
            .unwrap();
        drop(conn);
        assert_never_plaintext(&path, "after create");
        assert!(
            open_connection(&path, &key, OpenMode::Existing).is_ok(),
            "its own key opens it"
        );
        let other = DbKey::generate().unwrap();
        assert_eq!(
            open_connection(&path, &other, OpenMode::Existing).unwrap_err(),
            StoreError::KeyRejected,
            "another key is refused at the first read"
        );
    }

    #[test]
    fn no_injected_failure_leaves_or_opens_a_plaintext_database() {
        for step in OpenStep::ALL {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("vault.db");
            let key = DbKey::generate().unwrap();
            let err =
                open_connection_with_fault(&path, &key, OpenMode::Create, Some(step)).unwrap_err();
            assert_eq!(err, StoreError::Injected, "create fails at {step:?}");
            assert!(
                !path.exists(),
                "a failed create at {step:?} must leave no database file"
            );
            let wal = dir.path().join("vault.db-wal");
            assert!(
                !wal.exists(),
                "a failed create at {step:?} must leave no WAL"
            );

            let conn = open_connection(&path, &key, OpenMode::Create).unwrap();
            drop(conn);
            let err = open_connection_with_fault(&path, &key, OpenMode::Existing, Some(step))
                .unwrap_err();
            assert_eq!(err, StoreError::Injected, "open fails at {step:?}");
            assert_never_plaintext(&path, &format!("open failing at {step:?}"));
            assert!(
                open_connection(&path, &key, OpenMode::Existing).is_ok(),
                "the vault survives a failed open at {step:?}"
            );
        }
    }

    #[test]
    fn a_missing_vault_is_not_created_by_opening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let key = DbKey::generate().unwrap();
        assert_eq!(
            open_connection(&path, &key, OpenMode::Existing).unwrap_err(),
            StoreError::NoVault
        );
        assert!(!path.exists(), "opening must never create a file");
    }

    #[test]
    fn settings_are_applied_on_every_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.db");
        let key = DbKey::generate().unwrap();
        drop(open_connection(&path, &key, OpenMode::Create).unwrap());
        let conn = open_connection(&path, &key, OpenMode::Existing).unwrap();
        let table: &[(&str, i64)] = &[
            ("synchronous", 2),
            ("foreign_keys", 1),
            ("secure_delete", 1),
            ("temp_store", 2),
            ("cache_size", -65536),
        ];
        for (pragma, expected) in table {
            let got: i64 = conn
                .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(got, *expected, "PRAGMA {pragma}");
        }
        let journal: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
    }
}
