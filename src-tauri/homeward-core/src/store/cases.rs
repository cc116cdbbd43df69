//! The case register's tables: districts, cases, custody history, the
//! per-device case-number counter and the trigram search index. Rows come
//! back as (column, value) pairs so the api's one read filter can drop
//! every column the reader may not open; nothing here decides access
//! beyond the row scope the caller passes in.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::{new_id, RowStamp, StoreError};

/// A case row as (column, value) pairs, plus the names its ids point at.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub columns: Vec<(String, Value)>,
    pub district: String,
    pub province: String,
    pub province_code: String,
    pub assigned_worker: Option<String>,
    pub mentor: Option<String>,
}

impl CaseRecord {
    pub fn get(&self, column: &str) -> Option<&Value> {
        self.columns
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v)
    }

    pub fn text(&self, column: &str) -> Option<&str> {
        match self.get(column) {
            Some(Value::Text(text)) => Some(text),
            _ => None,
        }
    }
}

/// Which rows a reader may see at all: decided by the api from the role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowScope {
    AssignedTo(String),
    MentoredBy(String),
    InDistricts(Vec<String>),
    Nothing,
}

impl RowScope {
    /// A SQL condition on `c` (cases), and its values, for reading rows
    /// newest first.
    fn condition(&self) -> (String, Vec<Value>) {
        self.condition_for(true)
    }

    /// The same condition for counting, where the district index is the
    /// fastest way through.
    pub(crate) fn counting_condition(&self) -> (String, Vec<Value>) {
        self.condition_for(false)
    }

    fn condition_for(&self, newest_first: bool) -> (String, Vec<Value>) {
        let plus = if newest_first { "+" } else { "" };
        match self {
            RowScope::AssignedTo(id) => (
                "c.assigned_worker_id = ?".into(),
                vec![Value::Text(id.clone())],
            ),
            RowScope::MentoredBy(id) => ("c.mentor_id = ?".into(), vec![Value::Text(id.clone())]),
            RowScope::InDistricts(names) if !names.is_empty() => {
                let marks = vec!["?"; names.len()].join(", ");
                // The unary + keeps the planner on the primary key, newest
                // first: a supervisor's districts hold most of the vault, and
                // sorting every match through the district index cost 60 ms
                // at 100,000 cases against 0.1 ms for the scan.
                (
                    format!(
                        "{plus}c.district_id IN (SELECT id FROM districts WHERE name IN ({marks}))"
                    ),
                    names.iter().cloned().map(Value::Text).collect(),
                )
            }
            _ => ("0".into(), vec![]),
        }
    }
}

/// Filters of the case list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub phase: Option<i64>,
    pub district: Option<String>,
    pub assigned_to: Option<String>,
    pub custody_track: Option<String>,
}

pub fn district_id(conn: &Connection, name: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM districts WHERE name = ?1 AND deleted_at IS NULL",
            [name],
            |r| r.get(0),
        )
        .optional()?)
}

/// Adds a district to a province (by code); the name is unique.
pub fn insert_district(
    conn: &Connection,
    stamp: &RowStamp,
    province_code: &str,
    name: &str,
) -> Result<String, StoreError> {
    let province: Option<String> = conn
        .query_row(
            "SELECT id FROM provinces WHERE code = ?1",
            [province_code],
            |r| r.get(0),
        )
        .optional()?;
    let province = province.ok_or(StoreError::Corrupt("province"))?;
    if district_id(conn, name)?.is_some() {
        return Err(StoreError::Duplicate("district"));
    }
    let id = new_id();
    conn.execute(
        "INSERT INTO districts (id, province_id, name, created_at, updated_at, device_id) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
        params![id, province, name, stamp.now, stamp.device_id],
    )?;
    Ok(id)
}

/// (province code, province name, district name) for every district.
pub fn list_districts(conn: &Connection) -> Result<Vec<(String, String, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT p.code, p.name, d.name FROM districts d JOIN provinces p ON p.id = d.province_id
         WHERE d.deleted_at IS NULL ORDER BY p.name, d.name",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The next number of this device's counter for `year`.
pub fn next_case_counter(
    conn: &Connection,
    device_code: &str,
    year: i32,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO case_counters (device_code, year, last_number) VALUES (?1, ?2, 1)
         ON CONFLICT (device_code, year) DO UPDATE SET last_number = last_number + 1",
        params![device_code, year],
    )?;
    Ok(conn.query_row(
        "SELECT last_number FROM case_counters WHERE device_code = ?1 AND year = ?2",
        params![device_code, year],
        |r| r.get(0),
    )?)
}

/// Inserts a case from (column, value) pairs; returns its local seq.
pub fn insert_case(
    conn: &Connection,
    stamp: &RowStamp,
    columns: &[(&str, Value)],
) -> Result<i64, StoreError> {
    let mut names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let mut values: Vec<Value> = columns.iter().map(|(_, v)| v.clone()).collect();
    for (name, value) in [
        ("created_at", stamp.now.clone()),
        ("updated_at", stamp.now.clone()),
        ("device_id", stamp.device_id.clone()),
    ] {
        names.push(name);
        values.push(Value::Text(value));
    }
    let marks = vec!["?"; names.len()].join(", ");
    conn.execute(
        &format!("INSERT INTO cases ({}) VALUES ({marks})", names.join(", ")),
        params_from_iter(values),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Updates columns of a case, bumping its version; refuses a stale edit.
pub fn update_case(
    conn: &Connection,
    stamp: &RowStamp,
    id: &str,
    expected_version: i64,
    columns: &[(&str, Value)],
) -> Result<(), StoreError> {
    let mut sets: Vec<String> = columns.iter().map(|(c, _)| format!("{c} = ?")).collect();
    sets.push("updated_at = ?".into());
    sets.push("device_id = ?".into());
    sets.push("version = version + 1".into());
    let mut values: Vec<Value> = columns.iter().map(|(_, v)| v.clone()).collect();
    values.push(Value::Text(stamp.now.clone()));
    values.push(Value::Text(stamp.device_id.clone()));
    values.push(Value::Text(id.to_owned()));
    values.push(Value::Integer(expected_version));
    let changed = conn.execute(
        &format!(
            "UPDATE cases SET {} WHERE id = ? AND version = ? AND deleted_at IS NULL",
            sets.join(", ")
        ),
        params_from_iter(values),
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// Puts the normalised names and number of case `seq` in the index.
pub fn index_case(
    conn: &Connection,
    seq: i64,
    names: &str,
    number: &str,
) -> Result<(), StoreError> {
    conn.execute("DELETE FROM case_search WHERE rowid = ?1", [seq])?;
    conn.execute(
        "INSERT INTO case_search (rowid, names, number) VALUES (?1, ?2, ?3)",
        params![seq, names, number],
    )?;
    Ok(())
}

pub fn add_custody_event(
    conn: &Connection,
    stamp: &RowStamp,
    case_id: &str,
    track: &str,
    since: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO custody_events (id, case_id, track, since, created_at, updated_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
        params![new_id(), case_id, track, since, stamp.now, stamp.device_id],
    )?;
    Ok(())
}

/// The custody history of a case, oldest first: (track, since).
pub fn custody_history(
    conn: &Connection,
    case_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT track, since FROM custody_events WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY since, created_at",
    )?;
    let rows = stmt
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

const RECORD_SELECT: &str =
    "SELECT c.*, d.name AS _district, p.name AS _province, p.code AS _province_code,
        w.username AS _worker, m.username AS _mentor
    FROM cases c
    JOIN districts d ON d.id = c.district_id
    JOIN provinces p ON p.id = d.province_id
    LEFT JOIN users w ON w.id = c.assigned_worker_id
    LEFT JOIN users m ON m.id = c.mentor_id";

fn read_records(
    conn: &Connection,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<CaseRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names: Vec<String> = stmt.column_names().map(|n| n.to_string()).collect();
    let mut rows = stmt.query(params_from_iter(values))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut record = CaseRecord {
            columns: Vec::with_capacity(names.len()),
            district: String::new(),
            province: String::new(),
            province_code: String::new(),
            assigned_worker: None,
            mentor: None,
        };
        for (index, name) in names.iter().enumerate() {
            let value: Value = row.get(index)?;
            match (name.as_str(), value) {
                ("_district", Value::Text(t)) => record.district = t,
                ("_province", Value::Text(t)) => record.province = t,
                ("_province_code", Value::Text(t)) => record.province_code = t,
                ("_worker", Value::Text(t)) => record.assigned_worker = Some(t),
                ("_mentor", Value::Text(t)) => record.mentor = Some(t),
                (other, value) if !other.starts_with('_') => {
                    record.columns.push((other.to_owned(), value))
                }
                _ => {}
            }
        }
        out.push(record);
    }
    Ok(out)
}

/// One case, if it exists and lies in `scope`.
pub fn find_case(
    conn: &Connection,
    id: &str,
    scope: &RowScope,
) -> Result<Option<CaseRecord>, StoreError> {
    let (condition, mut values) = scope.condition();
    let sql = format!("{RECORD_SELECT} WHERE c.id = ? AND c.deleted_at IS NULL AND {condition}");
    values.insert(0, Value::Text(id.to_owned()));
    Ok(read_records(conn, &sql, values)?.into_iter().next())
}

/// A page of cases in `scope` matching `filter`, newest first, and the total.
pub fn list_cases(
    conn: &Connection,
    scope: &RowScope,
    filter: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CaseRecord>, i64), StoreError> {
    let (mut clauses, mut values) = (vec!["c.deleted_at IS NULL".to_owned()], Vec::new());
    if let Some(phase) = filter.phase {
        clauses.push("c.phase = ?".into());
        values.push(Value::Integer(phase));
    }
    if let Some(district) = &filter.district {
        clauses.push("c.district_id = (SELECT id FROM districts WHERE name = ?)".into());
        values.push(Value::Text(district.clone()));
    }
    if let Some(worker) = &filter.assigned_to {
        clauses.push("c.assigned_worker_id = ?".into());
        values.push(Value::Text(worker.clone()));
    }
    if let Some(track) = &filter.custody_track {
        clauses.push("c.custody_track = ?".into());
        values.push(Value::Text(track.clone()));
    }
    let with_scope = |(scope_sql, scope_values): (String, Vec<Value>)| {
        let mut all = scope_values;
        all.extend(values.iter().cloned());
        (format!("{scope_sql} AND {}", clauses.join(" AND ")), all)
    };
    let (count_condition, count_values) = with_scope(scope.counting_condition());
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM cases c WHERE {count_condition}"),
        params_from_iter(count_values),
        |r| r.get(0),
    )?;
    let (condition, mut values) = with_scope(scope.condition());
    values.push(Value::Integer(limit));
    values.push(Value::Integer(offset));
    // Ids first, then the wide rows of just that page: sorting whole rows
    // is what made a first page slow.
    let seqs: Vec<Value> = conn
        .prepare_cached(&format!(
            "SELECT c.seq FROM cases c WHERE {condition} ORDER BY c.seq DESC LIMIT ? OFFSET ?"
        ))?
        .query_map(params_from_iter(values), |r| r.get::<_, i64>(0))?
        .map(|seq| seq.map(Value::Integer))
        .collect::<Result<_, _>>()?;
    if seqs.is_empty() {
        return Ok((Vec::new(), total));
    }
    let marks = vec!["?"; seqs.len()].join(", ");
    let records = read_records(
        conn,
        &format!("{RECORD_SELECT} WHERE c.seq IN ({marks}) ORDER BY c.seq DESC"),
        seqs,
    )?;
    Ok((records, total))
}

/// Cases in `scope` whose normalised names, alias or number contain
/// `query` (already normalised). Three characters or more use the trigram
/// index; shorter queries scan for a word starting with them.
pub fn search_cases(
    conn: &Connection,
    scope: &RowScope,
    query: &str,
    limit: i64,
) -> Result<Vec<CaseRecord>, StoreError> {
    let (condition, mut values) = scope.condition();
    let matcher = if query.chars().count() >= 3 {
        values.insert(
            0,
            Value::Text(format!("\"{}\"", query.replace('"', "\"\""))),
        );
        "c.seq IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)"
    } else {
        let escaped = query
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        values.insert(0, Value::Text(format!("{escaped}%")));
        values.insert(1, Value::Text(format!("% {escaped}%")));
        values.insert(2, Value::Text(format!("{escaped}%")));
        "c.seq IN (SELECT rowid FROM case_search WHERE names LIKE ? ESCAPE '\\' OR names LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\')"
    };
    values.push(Value::Integer(limit));
    read_records(
        conn,
        &format!("{RECORD_SELECT} WHERE {matcher} AND c.deleted_at IS NULL AND {condition} ORDER BY c.seq DESC LIMIT ?"),
        values,
    )
}
