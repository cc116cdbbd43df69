//! An unlocked vault: the open connection, its key, and this device's id.
//! Every write goes through [`Vault::write`]: one IMMEDIATE transaction
//! whose audit events are appended inside it, so a change and its audit
//! row are committed together or not at all.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::audit::{self, AuditEvent, ChainHead, ChainReport};
use super::open::{open_connection, OpenMode};
use super::{RowStamp, StoreError, VaultPaths};
use crate::crypto::DbKey;

/// Letters for device codes: no 0/O or 1/I, so a code reads back unambiguously.
const DEVICE_CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

pub struct Vault {
    conn: Connection,
    key: DbKey,
    device_id: String,
    device_code: String,
    vault_id: String,
}

/// What a write closure receives: the transaction's connection, the row
/// stamp for travel columns, and the audit appender.
pub struct Writer<'a> {
    conn: &'a Connection,
    pub stamp: RowStamp,
    actor: &'a str,
}

impl Writer<'_> {
    pub fn conn(&self) -> &Connection {
        self.conn
    }

    /// The id of the user making this change.
    pub fn actor(&self) -> &str {
        self.actor
    }

    /// Appends an audit event in this transaction. `entity_id` is an id,
    /// never a name.
    pub fn audit(
        &self,
        action: &str,
        entity: &str,
        entity_id: &str,
    ) -> Result<ChainHead, StoreError> {
        audit::append(
            self.conn,
            &AuditEvent {
                at: &self.stamp.now,
                user_id: self.actor,
                device_id: &self.stamp.device_id,
                action,
                entity,
                entity_id,
            },
        )
    }
    /// Appends an audit event made by another user in this same
    /// transaction: a second person's approval of what the actor drafted.
    pub fn audit_as(
        &self,
        user_id: &str,
        action: &str,
        entity: &str,
        entity_id: &str,
    ) -> Result<ChainHead, StoreError> {
        audit::append(
            self.conn,
            &AuditEvent {
                at: &self.stamp.now,
                user_id,
                device_id: &self.stamp.device_id,
                action,
                entity,
                entity_id,
            },
        )
    }
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn device_code() -> Result<String, StoreError> {
    let bytes: [u8; 4] = crate::crypto::secret::random_bytes().map_err(|_| StoreError::Random)?;
    Ok(bytes
        .iter()
        .map(|b| DEVICE_CODE_ALPHABET[usize::from(*b) % DEVICE_CODE_ALPHABET.len()] as char)
        .collect())
}

impl Vault {
    /// Creates the database for a new vault and records its identity.
    pub fn create(
        paths: &VaultPaths,
        key: DbKey,
        vault_id: &str,
        now: &str,
    ) -> Result<Self, StoreError> {
        let conn = open_connection(&paths.database, &key, OpenMode::Create)?;
        let device_id = super::new_id();
        let code = device_code()?;
        let setup = conn.execute_batch("BEGIN IMMEDIATE").and_then(|_| {
            for (name, value) in [
                ("vault_id", vault_id),
                ("device_id", &device_id),
                ("device_code", &code),
            ] {
                conn.execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)",
                    params![name, value, now],
                )?;
            }
            conn.execute_batch("COMMIT")
        });
        if let Err(err) = setup {
            drop(conn);
            super::open::remove_database_files(&paths.database);
            return Err(err.into());
        }
        Ok(Self {
            conn,
            key,
            device_id,
            device_code: code,
            vault_id: vault_id.to_owned(),
        })
    }

    /// Opens an existing vault; its recorded id must match the sidecar's.
    pub fn open(paths: &VaultPaths, key: DbKey, vault_id: &str) -> Result<Self, StoreError> {
        let conn = open_connection(&paths.database, &key, OpenMode::Existing)?;
        let stored = setting(&conn, "vault_id")?.ok_or(StoreError::Corrupt("settings.vault_id"))?;
        if stored != vault_id {
            return Err(StoreError::Corrupt("settings.vault_id"));
        }
        let device_id =
            setting(&conn, "device_id")?.ok_or(StoreError::Corrupt("settings.device_id"))?;
        let device_code =
            setting(&conn, "device_code")?.ok_or(StoreError::Corrupt("settings.device_code"))?;
        Ok(Self {
            conn,
            key,
            device_id,
            device_code,
            vault_id: stored,
        })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn key(&self) -> &DbKey {
        &self.key
    }

    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn device_code(&self) -> &str {
        &self.device_code
    }

    pub fn vault_id(&self) -> &str {
        &self.vault_id
    }

    /// Runs `body` in one IMMEDIATE transaction; commits only if it succeeds.
    pub fn write<T, E>(
        &mut self,
        actor: &str,
        now: &str,
        body: impl FnOnce(&Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let writer = Writer {
            conn: &tx,
            stamp: RowStamp {
                now: now.to_owned(),
                device_id: self.device_id.clone(),
            },
            actor,
        };
        let value = body(&writer)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    pub fn audit_head(&self) -> Result<Option<ChainHead>, StoreError> {
        audit::head(&self.conn)
    }

    pub fn verify_audit(&self, expected: Option<&ChainHead>) -> Result<ChainReport, StoreError> {
        audit::verify(&self.conn, expected)
    }

    /// Folds the WAL into the main file and closes the connection; the
    /// key is wiped when `self` drops.
    pub fn close(self) -> Result<(), StoreError> {
        let checkpoint = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        let closed = self.conn.close().map_err(|(_, err)| StoreError::from(err));
        checkpoint?;
        closed
    }
}
