//! Needs assessments: the assessment row, its scores (restricted domains in
//! their own table), the disengagement profile, and specialist references.

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use super::intake::{insert, rows, Row};
use super::{RowStamp, StoreError};

/// The score table a domain's entry lives in.
pub fn score_table(restricted: bool) -> &'static str {
    if restricted {
        "need_scores_restricted"
    } else {
        "need_scores"
    }
}

pub fn for_case(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM assessments WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY assessed_on, created_at",
        case_id,
    )
}

pub fn one(conn: &Connection, id: &str) -> Result<Option<Row>, StoreError> {
    Ok(rows(
        conn,
        "SELECT * FROM assessments WHERE id = ?1 AND deleted_at IS NULL",
        id,
    )?
    .into_iter()
    .next())
}

pub fn scores(conn: &Connection, table: &str, assessment_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        &format!(
            "SELECT * FROM {table} WHERE assessment_id = ?1 AND deleted_at IS NULL ORDER BY domain"
        ),
        assessment_id,
    )
}

pub fn profile(conn: &Connection, assessment_id: &str) -> Result<Option<Row>, StoreError> {
    Ok(rows(
        conn,
        "SELECT * FROM disengagement_profiles WHERE assessment_id = ?1 AND deleted_at IS NULL",
        assessment_id,
    )?
    .into_iter()
    .next())
}

pub fn specialist(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(conn, "SELECT * FROM specialist_assessments WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY assessed_on", case_id)
}

pub fn create(
    conn: &Connection,
    stamp: &RowStamp,
    columns: &[(&str, Value)],
) -> Result<String, StoreError> {
    insert(conn, stamp, "assessments", columns)
}

/// Replaces a draft's text fields.
pub fn update_text(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    assessed_on: &str,
    texts: [&str; 3],
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE assessments SET assessed_on = ?2, strengths = ?3, participant_account = ?4, priorities = ?5,
         updated_at = ?6, device_id = ?7, version = version + 1 WHERE id = ?1 AND status = 'draft'",
        params![id, assessed_on, texts[0], texts[1], texts[2], stamp.now, stamp.device_id],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// Sets one domain's entry of a draft (insert or replace).
pub fn put_score(
    conn: &Connection,
    stamp: &RowStamp,
    table: &str,
    assessment_id: &str,
    entry: &[(&str, Value)],
) -> Result<(), StoreError> {
    let domain = entry
        .iter()
        .find(|(c, _)| *c == "domain")
        .map(|(_, v)| v.clone())
        .unwrap_or(Value::Null);
    conn.execute(
        &format!("DELETE FROM {table} WHERE assessment_id = ?1 AND domain = ?2"),
        params![assessment_id, domain],
    )?;
    let mut columns: Vec<(&str, Value)> =
        vec![("assessment_id", Value::Text(assessment_id.to_owned()))];
    columns.extend(entry.iter().cloned());
    insert(conn, stamp, table, &columns)?;
    Ok(())
}

pub fn put_profile(
    conn: &Connection,
    stamp: &RowStamp,
    assessment_id: &str,
    levels: [&str; 4],
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM disengagement_profiles WHERE assessment_id = ?1",
        [assessment_id],
    )?;
    insert(
        conn,
        stamp,
        "disengagement_profiles",
        &[
            ("assessment_id", Value::Text(assessment_id.to_owned())),
            ("stage", Value::Text(levels[0].into())),
            ("behaviour", Value::Text(levels[1].into())),
            ("ties", Value::Text(levels[2].into())),
            ("views", Value::Text(levels[3].into())),
        ],
    )?;
    Ok(())
}

/// Copies every score and the profile of `from` into the new draft `to`
/// (new UUIDv7 ids, this device's stamp).
pub fn copy_entries(
    conn: &Connection,
    stamp: &RowStamp,
    from: &str,
    to: &str,
) -> Result<(), StoreError> {
    const CARRIED: [&str; 6] = [
        "domain",
        "score",
        "not_assessed_reason",
        "evidence_source",
        "participant_priority",
        "note",
    ];
    for table in ["need_scores", "need_scores_restricted"] {
        for row in scores(conn, table, from)? {
            let entry: Vec<(&str, Value)> = row
                .iter()
                .filter_map(|(c, v)| {
                    CARRIED
                        .iter()
                        .find(|k| **k == c.as_str())
                        .map(|k| (*k, v.clone()))
                })
                .collect();
            put_score(conn, stamp, table, to, &entry)?;
        }
    }
    if let Some(row) = profile(conn, from)? {
        let level = |name: &str| {
            row.iter()
                .find(|(c, _)| c == name)
                .and_then(|(_, v)| match v {
                    Value::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        let (stage, behaviour, ties, views) = (
            level("stage"),
            level("behaviour"),
            level("ties"),
            level("views"),
        );
        put_profile(conn, stamp, to, [&stage, &behaviour, &ties, &views])?;
    }
    Ok(())
}

/// Signs a draft off; the assessment it corrects (if any) is superseded.
pub fn sign_off(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    by: &str,
    on: &str,
) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE assessments SET status = 'signed_off', signed_off_by = ?2, signed_off_on = ?3, updated_at = ?4,
         device_id = ?5, version = version + 1 WHERE id = ?1 AND status = 'draft'",
        params![id, by, on, stamp.now, stamp.device_id],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    conn.execute(
        "UPDATE assessments SET status = 'superseded', updated_at = ?2, device_id = ?3, version = version + 1
         WHERE id = (SELECT corrects_id FROM assessments WHERE id = ?1) AND status = 'signed_off'",
        params![id, stamp.now, stamp.device_id],
    )?;
    Ok(())
}
