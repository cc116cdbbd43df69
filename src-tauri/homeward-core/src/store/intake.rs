//! Intake records: consents, legal bases and safety screens, and the
//! phase columns of a case. Rows come back as (column, value) pairs for
//! the api's read filter, like cases.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::{new_id, RowStamp, StoreError};

/// A row of any intake table as (column, value) pairs.
pub type Row = Vec<(String, Value)>;

/// Rows of `sql` (one `?1` parameter) as (column, value) pairs.
pub fn rows(conn: &Connection, sql: &str, case_id: &str) -> Result<Vec<Row>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names: Vec<String> = stmt.column_names().map(|n| n.to_string()).collect();
    let mut query = stmt.query([case_id])?;
    let mut out = Vec::new();
    while let Some(row) = query.next()? {
        let mut pairs = Vec::with_capacity(names.len());
        for (index, name) in names.iter().enumerate() {
            pairs.push((name.clone(), row.get::<_, Value>(index)?));
        }
        out.push(pairs);
    }
    Ok(out)
}

/// Inserts a row into `table` from (column, value) pairs plus travel columns.
pub fn insert(
    conn: &Connection,
    stamp: &RowStamp,
    table: &str,
    columns: &[(&str, Value)],
) -> Result<String, StoreError> {
    let id = new_id();
    let mut names: Vec<&str> = vec!["id", "created_at", "updated_at", "device_id"];
    let mut values = vec![
        Value::Text(id.clone()),
        Value::Text(stamp.now.clone()),
        Value::Text(stamp.now.clone()),
        Value::Text(stamp.device_id.clone()),
    ];
    for (name, value) in columns {
        names.push(name);
        values.push(value.clone());
    }
    let marks = vec!["?"; names.len()].join(", ");
    conn.execute(
        &format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            names.join(", ")
        ),
        params_from_iter(values),
    )?;
    Ok(id)
}

pub fn consents(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(conn, "SELECT * FROM consents WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY given_on, created_at", case_id)
}

pub fn legal_bases(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM legal_bases WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY recorded_on",
        case_id,
    )
}

pub fn safety_screens(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(conn, "SELECT * FROM safety_screens WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY screened_on", case_id)
}

/// The case a consent or legal basis belongs to.
pub fn case_of(conn: &Connection, table: &str, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT case_id FROM {table} WHERE id = ?1 AND deleted_at IS NULL"),
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Marks a consent withdrawn on `on`.
pub fn withdraw_consent(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    on: &str,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE consents SET withdrawn_on = ?2, updated_at = ?3, device_id = ?4, version = version + 1
         WHERE id = ?1 AND withdrawn_on IS NULL",
        params![id, on, stamp.now, stamp.device_id],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

pub fn countersign(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    by: &str,
    on: &str,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE legal_bases SET countersigned_by = ?2, countersigned_on = ?3, updated_at = ?4, device_id = ?5,
         version = version + 1 WHERE id = ?1 AND countersigned_by IS NULL",
        params![id, by, on, stamp.now, stamp.device_id],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// Records that a case entered `phase` on `on` (the phase history a
/// report reads to say where a case stood at the end of a period).
pub fn add_phase_event(
    conn: &Connection,
    stamp: &RowStamp,
    case_id: &str,
    phase: i64,
    on: &str,
) -> Result<(), StoreError> {
    insert(
        conn,
        stamp,
        "phase_events",
        &[
            ("case_id", Value::Text(case_id.to_owned())),
            ("phase", Value::Integer(phase)),
            ("entered_on", Value::Text(on.to_owned())),
        ],
    )?;
    Ok(())
}

/// Moves a case to `phase` on the day `on`, recording how it ended when it
/// closes, and keeps the move in the phase history.
pub fn set_phase(
    conn: &Connection,
    stamp: &RowStamp,
    case_id: &str,
    phase: i64,
    on: &str,
    ending: Option<(&str, &str, &str, &str)>,
) -> Result<(), StoreError> {
    add_phase_event(conn, stamp, case_id, phase, on)?;
    match ending {
        None => conn.execute(
            "UPDATE cases SET phase = ?2, updated_at = ?3, device_id = ?4, version = version + 1 WHERE id = ?1",
            params![case_id, phase, stamp.now, stamp.device_id],
        )?,
        Some((closure_reason, intake_outcome, note, closed_on)) => conn.execute(
            "UPDATE cases SET phase = ?2, closure_reason = NULLIF(?3, ''), intake_outcome = NULLIF(?4, ''),
             ending_note = ?5, closed_on = ?6, updated_at = ?7, device_id = ?8, version = version + 1 WHERE id = ?1",
            params![case_id, phase, closure_reason, intake_outcome, note, closed_on, stamp.now, stamp.device_id],
        )?,
    };
    Ok(())
}
