//! The benchmark's two comparison files, made in a scratch folder beside
//! the vault:
//! - the floor: a byte-for-byte copy of the encrypted vault file, opened
//!   with the same key and settings but no Homeward code;
//! - the plain copy: the same content exported without encryption.
//!
//! Both receive every statement the vault ran, in the same order, so they
//! stay in the vault's state while writes are timed. The scratch folder is
//! removed when the copies are dropped (unless `HOMEWARD_BENCH_KEEP_COPIES`
//! is set, to study query plans on the plain copy). Only a generated vault is ever
//! copied in plain text; the caller checks that first.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::crypto::DbKey;
use crate::store::open::{open_plain_copy, open_uncaptured};
use crate::store::StoreError;

/// Statements kept prepared on each copy: a report runs about a hundred.
const PREPARED_KEPT: usize = 512;

pub struct Copies {
    dir: PathBuf,
    floor: Option<Connection>,
    plain: Option<Connection>,
}

fn io(err: std::io::Error) -> StoreError {
    StoreError::Io(err.kind())
}

impl Copies {
    /// Copies `database` (after moving its WAL into it through
    /// `vault_conn`) and exports the plain copy from the floor.
    pub fn make(database: &Path, vault_conn: &Connection, key: &DbKey) -> Result<Self, StoreError> {
        vault_conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let folder = database.parent().unwrap_or(Path::new("."));
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "vault".into());
        let dir = folder
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!("{name}.bench-copies"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io)?;
        }
        std::fs::create_dir(&dir).map_err(io)?;
        // From here on, a failure still removes the folder.
        let mut copies = Copies {
            dir,
            floor: None,
            plain: None,
        };
        let floor_path = copies.dir.join("floor.db");
        let plain_path = copies.dir.join("plain.db");
        std::fs::copy(database, &floor_path).map_err(io)?;
        let floor = open_uncaptured(&floor_path, key)?;
        // The vault's connections may not create files: an empty file is
        // an empty database for the export to fill.
        std::fs::File::create(&plain_path).map_err(io)?;
        floor.execute(
            "ATTACH DATABASE ?1 AS plain KEY ''",
            [plain_path.to_string_lossy()],
        )?;
        floor.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))?;
        floor.execute_batch("DETACH DATABASE plain")?;
        let plain = open_plain_copy(&plain_path)?;
        for conn in [&floor, &plain] {
            conn.set_prepared_statement_cache_capacity(PREPARED_KEPT);
        }
        copies.floor = Some(floor);
        copies.plain = Some(plain);
        Ok(copies)
    }

    /// Runs `statements` on both copies without timing them.
    pub fn follow(&self, statements: &[String]) -> Result<(), StoreError> {
        self.replay_floor(statements)?;
        self.replay_plain(statements)?;
        Ok(())
    }

    pub fn replay_floor(&self, statements: &[String]) -> Result<Duration, StoreError> {
        replay(self.floor.as_ref().ok_or(StoreError::NoVault)?, statements)
    }

    pub fn replay_plain(&self, statements: &[String]) -> Result<Duration, StoreError> {
        replay(self.plain.as_ref().ok_or(StoreError::NoVault)?, statements)
    }
}

impl Drop for Copies {
    fn drop(&mut self) {
        drop(self.floor.take());
        drop(self.plain.take());
        // Kept on request, to study query plans on the plain copy.
        if std::env::var_os("HOMEWARD_BENCH_KEEP_COPIES").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Runs each statement to its end, reading every column of every row, as
/// bare rusqlite would; returns the time taken.
fn replay(conn: &Connection, statements: &[String]) -> Result<Duration, StoreError> {
    let start = Instant::now();
    for sql in statements {
        let mut statement = conn.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.raw_query();
        while let Some(row) = rows.next()? {
            for index in 0..columns {
                std::hint::black_box(row.get_ref(index)?);
            }
        }
    }
    Ok(start.elapsed())
}
