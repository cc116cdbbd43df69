//! The `users` and `user_districts` tables: insert, find, list. Rows carry
//! the travel columns; no passphrase or slot material is ever stored here.

use rusqlite::{params, Connection, OptionalExtension};

use super::{RowStamp, StoreError};
use crate::domain::role::Role;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub active: bool,
    pub districts: Vec<String>,
}

pub fn insert(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    username: &str,
    role: Role,
    districts: &[String],
) -> Result<(), StoreError> {
    let taken: Option<String> = conn
        .query_row(
            "SELECT id FROM users WHERE username = ?1",
            [username],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::Duplicate("username"));
    }
    conn.execute(
        "INSERT INTO users (id, username, role, active, created_at, updated_at, device_id, version)
         VALUES (?1, ?2, ?3, 1, ?4, ?4, ?5, 1)",
        params![id, username, role.as_str(), stamp.now, stamp.device_id],
    )?;
    for district in districts {
        conn.execute(
            "INSERT INTO user_districts (id, user_id, district, created_at, updated_at, device_id, version)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, 1)",
            params![super::new_id(), id, district, stamp.now, stamp.device_id],
        )?;
    }
    Ok(())
}

fn districts_of(conn: &Connection, user_id: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT district FROM user_districts WHERE user_id = ?1 AND deleted_at IS NULL ORDER BY district",
    )?;
    let rows = stmt
        .query_map([user_id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String, bool)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn complete(conn: &Connection, raw: (String, String, String, bool)) -> Result<UserRow, StoreError> {
    let (id, username, role, active) = raw;
    let role = Role::parse(&role).ok_or(StoreError::Corrupt("users.role"))?;
    let districts = districts_of(conn, &id)?;
    Ok(UserRow {
        id,
        username,
        role,
        active,
        districts,
    })
}

pub fn find_by_username(conn: &Connection, username: &str) -> Result<Option<UserRow>, StoreError> {
    let raw = conn
        .query_row(
            "SELECT id, username, role, active FROM users WHERE username = ?1 AND deleted_at IS NULL",
            [username],
            from_row,
        )
        .optional()?;
    raw.map(|raw| complete(conn, raw)).transpose()
}

pub fn find_by_id(conn: &Connection, id: &str) -> Result<Option<UserRow>, StoreError> {
    let raw = conn
        .query_row(
            "SELECT id, username, role, active FROM users WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            from_row,
        )
        .optional()?;
    raw.map(|raw| complete(conn, raw)).transpose()
}

pub fn list(conn: &Connection) -> Result<Vec<UserRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, username, role, active FROM users WHERE deleted_at IS NULL ORDER BY username",
    )?;
    let raws = stmt
        .query_map([], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    raws.into_iter().map(|raw| complete(conn, raw)).collect()
}

/// Marks a user inactive (the row and its history stay).
pub fn deactivate(conn: &Connection, stamp: &RowStamp, id: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE users SET active = 0, updated_at = ?2, device_id = ?3, version = version + 1 WHERE id = ?1",
        params![id, stamp.now, stamp.device_id],
    )?;
    Ok(())
}

/// Moves every open case assigned to (or mentored by) `from` to `to`;
/// returns the ids of the cases moved.
pub fn reassign_cases(
    conn: &Connection,
    stamp: &RowStamp,
    from: &str,
    to: &str,
) -> Result<Vec<String>, StoreError> {
    let mut moved = Vec::new();
    for column in ["assigned_worker_id", "mentor_id"] {
        let ids: Vec<String> = conn
            .prepare(&format!(
                "SELECT id FROM cases WHERE {column} = ?1 AND deleted_at IS NULL AND closed_on IS NULL"
            ))?
            .query_map([from], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in ids {
            conn.execute(
                &format!(
                    "UPDATE cases SET {column} = ?2, updated_at = ?3, device_id = ?4, version = version + 1 WHERE id = ?1"
                ),
                params![id, to, stamp.now, stamp.device_id],
            )?;
            moved.push(id);
        }
    }
    Ok(moved)
}

/// How many open cases a user is assigned to or mentors.
pub fn open_case_count(conn: &Connection, id: &str) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM cases WHERE (assigned_worker_id = ?1 OR mentor_id = ?1)
         AND deleted_at IS NULL AND closed_on IS NULL",
        [id],
        |r| r.get(0),
    )?)
}
