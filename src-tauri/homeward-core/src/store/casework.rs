//! What a case does with the service map, in storage: referrals and the
//! history of their statuses, actions planned in service mapping, contacts,
//! incidents and disclosures (each restricted kind in its own table). Rows
//! come back as (column, value) pairs for the api's read filter; inserts go
//! through `intake::insert`.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::intake::{rows, Row};
use super::{new_id, RowStamp, StoreError};

pub fn referrals(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM referrals WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY proposed_on, created_at",
        case_id,
    )
}

pub fn referral_events(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT e.* FROM referral_events e JOIN referrals r ON r.id = e.referral_id
         WHERE r.case_id = ?1 AND e.deleted_at IS NULL ORDER BY e.status_on, e.created_at",
        case_id,
    )
}

/// (case, status) of a referral.
pub fn referral_state(conn: &Connection, id: &str) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT case_id, status FROM referrals WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Appends a status to a referral's history.
pub fn referral_event(
    conn: &Connection,
    stamp: &RowStamp,
    referral_id: &str,
    status: &str,
    on: &str,
    by: &str,
) -> Result<String, StoreError> {
    let id = new_id();
    conn.execute(
        "INSERT INTO referral_events (id, referral_id, status, status_on, recorded_by, created_at, updated_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
        params![id, referral_id, status, on, by, stamp.now, stamp.device_id],
    )?;
    Ok(id)
}

/// What a status change records beside the status.
pub struct StatusChange<'a> {
    pub status: &'a str,
    pub on: &'a str,
    pub used: Option<bool>,
    pub barrier: Option<&'a str>,
    pub barrier_note: &'a str,
    pub by: &'a str,
}

/// Moves a referral from `from` to a new status (refused as stale if it
/// moved meanwhile) and records it in the history.
pub fn set_referral_status(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    from: &str,
    change: &StatusChange<'_>,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE referrals SET status = ?3, status_on = ?4, used = ?5, barrier = ?6, barrier_note = ?7,
         updated_at = ?8, device_id = ?9, version = version + 1
         WHERE id = ?1 AND status = ?2 AND deleted_at IS NULL",
        params![
            id,
            from,
            change.status,
            change.on,
            change.used,
            change.barrier,
            change.barrier_note,
            stamp.now,
            stamp.device_id
        ],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    if change.status != from {
        referral_event(conn, stamp, id, change.status, change.on, change.by)?;
    }
    Ok(())
}

/// Stops every pending referral that relied on `consent_id`; returns their ids.
pub fn stop_for_consent(
    conn: &Connection,
    stamp: &RowStamp,
    consent_id: &str,
    on: &str,
    by: &str,
) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM referrals WHERE consent_id = ?1 AND deleted_at IS NULL
         AND status IN ('proposed', 'sent', 'accepted', 'in_progress') ORDER BY created_at",
    )?;
    let ids = stmt
        .query_map([consent_id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    for id in &ids {
        conn.execute(
            "UPDATE referrals SET status = 'stopped_consent_withdrawn', status_on = ?2, updated_at = ?3,
             device_id = ?4, version = version + 1 WHERE id = ?1",
            params![id, on, stamp.now, stamp.device_id],
        )?;
        referral_event(conn, stamp, id, "stopped_consent_withdrawn", on, by)?;
    }
    Ok(ids)
}

pub fn planned_actions(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM planned_actions WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY created_at",
        case_id,
    )
}

pub fn set_action_status(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    status: &str,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE planned_actions SET status = ?2, updated_at = ?3, device_id = ?4, version = version + 1
         WHERE id = ?1 AND deleted_at IS NULL",
        params![id, status, stamp.now, stamp.device_id],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// (domain, status) pairs.
pub type DomainStatuses = Vec<(String, String)>;

/// (domain, status) of every referral and every planned action of a case,
/// for the plan gate.
pub fn coverage(
    conn: &Connection,
    case_id: &str,
) -> Result<(DomainStatuses, DomainStatuses), StoreError> {
    let pairs = |sql: &str| -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = conn.prepare_cached(sql)?;
        let found = stmt
            .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(found)
    };
    Ok((
        pairs("SELECT domain, status FROM referrals WHERE case_id = ?1 AND deleted_at IS NULL")?,
        pairs(
            "SELECT domain, status FROM planned_actions WHERE case_id = ?1 AND deleted_at IS NULL",
        )?,
    ))
}

/// Rows of a case's table (`contacts`, `incidents`, `disclosures` or their
/// restricted twins), oldest first by `date_column`.
pub fn case_rows(
    conn: &Connection,
    table: &str,
    date_column: &str,
    case_id: &str,
) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        &format!(
            "SELECT * FROM {table} WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY {date_column}, created_at"
        ),
        case_id,
    )
}

/// (case, countersigned?) of a restricted disclosure.
pub fn disclosure_state(conn: &Connection, id: &str) -> Result<Option<(String, bool)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT case_id, countersigned_by IS NOT NULL FROM disclosures_restricted
             WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn countersign_disclosure(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    by: &str,
    on: &str,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE disclosures_restricted SET countersigned_by = ?2, countersigned_on = ?3, updated_at = ?4,
         device_id = ?5, version = version + 1 WHERE id = ?1 AND countersigned_by IS NULL",
        params![id, by, on, stamp.now, stamp.device_id],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// A text value, or NULL when empty.
pub fn text_or_null(value: &str) -> Value {
    if value.is_empty() {
        Value::Null
    } else {
        Value::Text(value.to_owned())
    }
}
