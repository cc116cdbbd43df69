//! Schema migrations keyed on `PRAGMA user_version`: each file in `sql/` is
//! one step, applied in order inside one IMMEDIATE transaction.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// The migration steps; step `n` (1-based) brings the schema to version `n`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_init.sql"),
    include_str!("sql/0002_user_districts.sql"),
    include_str!("sql/0003_register.sql"),
    include_str!("sql/0004_drafts.sql"),
    include_str!("sql/0005_intake.sql"),
    include_str!("sql/0006_assessments.sql"),
    include_str!("sql/0007_services.sql"),
    include_str!("sql/0008_plans.sql"),
    include_str!("sql/0009_mentoring.sql"),
    include_str!("sql/0010_reports.sql"),
    include_str!("sql/0011_report_indexes.sql"),
    include_str!("sql/0012_home_indexes.sql"),
    include_str!("sql/0013_home_lists.sql"),
    include_str!("sql/0014_filled_scores.sql"),
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Brings the schema up to [`CURRENT_VERSION`]. A vault written by a newer
/// build is refused rather than guessed at.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, CURRENT_VERSION)
}

pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > CURRENT_VERSION {
        return Err(StoreError::SchemaTooNew { found });
    }
    if found >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (index, step) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version > found && version <= target {
            tx.execute_batch(step)?;
        }
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

/// The schema as SQLite itself describes it, for comparing two databases.
pub fn describe(conn: &Connection) -> Result<Vec<(String, String, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::DbKey;
    use crate::store::open::{open_connection, OpenMode};

    /// The schema as version 1 shipped it, frozen.
    const SNAPSHOT_V1: &str = include_str!("../../tests/fixtures/schema-v1.sql");

    #[test]
    fn an_old_schema_snapshot_upgrades_to_exactly_the_fresh_schema() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::generate().unwrap();

        let old_path = dir.path().join("old.db");
        {
            let conn = Connection::open(&old_path).unwrap();
            conn.execute_batch(key.sqlcipher_key_pragma().as_str())
                .unwrap();
            conn.execute_batch(SNAPSHOT_V1).unwrap();
            conn.execute_batch(
                "INSERT INTO users (id, username, role, created_at, updated_at, device_id)
                 VALUES ('u1', 'kept.user', 'mentor', 't', 't', 'd');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let upgraded = open_connection(&old_path, &key, OpenMode::Existing).unwrap();
        let fresh = open_connection(&dir.path().join("fresh.db"), &key, OpenMode::Create).unwrap();

        assert_eq!(user_version(&upgraded).unwrap(), CURRENT_VERSION);
        assert_eq!(
            describe(&upgraded).unwrap(),
            describe(&fresh).unwrap(),
            "an upgraded vault must have exactly the schema of a new one"
        );
        let kept: String = upgraded
            .query_row("SELECT username FROM users WHERE id = 'u1'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(kept, "kept.user", "upgrading keeps the rows");
    }

    #[test]
    fn a_vault_from_a_newer_build_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::generate().unwrap();
        let path = dir.path().join("v.db");
        let conn = open_connection(&path, &key, OpenMode::Create).unwrap();
        conn.pragma_update(None, "user_version", CURRENT_VERSION + 1)
            .unwrap();
        drop(conn);
        assert_eq!(
            open_connection(&path, &key, OpenMode::Existing).err(),
            Some(StoreError::SchemaTooNew {
                found: CURRENT_VERSION + 1
            }),
            "never guess at a newer schema"
        );
    }
}
