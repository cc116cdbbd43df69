//! The `drafts` table: one encrypted draft per user and form, upserted
//! while a form is edited and removed once it is saved or discarded.

use rusqlite::{params, Connection, OptionalExtension};

use super::{new_id, RowStamp, StoreError};

/// Saves (or replaces) `user_id`'s draft of `form`; returns its id.
pub fn save(
    conn: &Connection,
    stamp: &RowStamp,
    user_id: &str,
    form: &str,
    payload: &str,
) -> Result<String, StoreError> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT id FROM drafts WHERE user_id = ?1 AND form = ?2",
            params![user_id, form],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(id) => {
            conn.execute(
                "UPDATE drafts SET payload = ?2, updated_at = ?3, device_id = ?4, version = version + 1, deleted_at = NULL
                 WHERE id = ?1",
                params![id, payload, stamp.now, stamp.device_id],
            )?;
            Ok(id)
        }
        None => {
            let id = new_id();
            conn.execute(
                "INSERT INTO drafts (id, user_id, form, payload, created_at, updated_at, device_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                params![id, user_id, form, payload, stamp.now, stamp.device_id],
            )?;
            Ok(id)
        }
    }
}

/// `user_id`'s live drafts: (form, updated_at), newest first.
pub fn list(conn: &Connection, user_id: &str) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT form, updated_at FROM drafts WHERE user_id = ?1 AND deleted_at IS NULL ORDER BY updated_at DESC",
    )?;
    let rows = stmt
        .query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The payload of `user_id`'s draft of `form`, if any.
pub fn get(conn: &Connection, user_id: &str, form: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT payload FROM drafts WHERE user_id = ?1 AND form = ?2 AND deleted_at IS NULL",
            params![user_id, form],
            |r| r.get(0),
        )
        .optional()?)
}

/// Removes a draft. Drafts are not case records and do not travel, so
/// the payload is wiped at once (secure_delete overwrites the freed page)
/// rather than kept as a tombstone. Returns the removed draft's id.
pub fn discard(conn: &Connection, user_id: &str, form: &str) -> Result<Option<String>, StoreError> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM drafts WHERE user_id = ?1 AND form = ?2",
            params![user_id, form],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = &id {
        conn.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
    }
    Ok(id)
}
