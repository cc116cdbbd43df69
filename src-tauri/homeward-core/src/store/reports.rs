//! The report's reads and its ledger. Every query aggregates in SQL and
//! returns codes and counts only (no name, note, number or exact date
//! leaves this file), except the caseload query, which returns one row of
//! codes per case for the core to band and merge, and the responsible
//! organisation's text, which the core maps to an organisation type.
//! The ledger keeps every count an approved export published.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, Connection, ToSql};

use super::{new_id, RowStamp, StoreError};

/// What a report reads: the period's first and last day, today (for what
/// is overdue), and the districts in scope by name.
#[derive(Debug, Clone)]
pub struct Scope {
    pub start: String,
    pub end: String,
    pub today: String,
    pub districts: Vec<String>,
}

/// (row code, column code, count).
pub type Counts = Vec<(String, String, u64)>;

/// One case of the period's caseload, as codes.
#[derive(Debug, Clone)]
pub struct CaseloadRow {
    pub case_id: String,
    pub district: String,
    pub province: String,
    pub gender: String,
    pub date_of_birth: Option<String>,
    pub approx_age: Option<i64>,
    pub opened_on: String,
    pub context_typology: String,
    pub phase: i64,
    pub custody_track: String,
}

/// A case open at some time in the period, in one of the districts.
const CASELOAD: &str = "c.deleted_at IS NULL AND c.opened_on <= :end
     AND (c.closed_on IS NULL OR c.closed_on >= :start) AND SCOPE";

/// A case of the districts, whatever its dates.
const IN_SCOPE: &str = "c.deleted_at IS NULL AND SCOPE";

fn with_scope(sql: &str, scope: &Scope) -> String {
    let names: Vec<String> = (0..scope.districts.len())
        .map(|i| format!(":d{i}"))
        .collect();
    let condition = if names.is_empty() {
        "0".to_owned()
    } else {
        format!(
            "c.district_id IN (SELECT id FROM districts WHERE name IN ({}))",
            names.join(", ")
        )
    };
    sql.replace("CASELOAD", CASELOAD)
        .replace("IN_SCOPE", IN_SCOPE)
        .replace("SCOPE", &condition)
}

/// The named parameters of `sql` among the scope's.
fn bind(sql: &str, scope: &Scope) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (name, value) in [
        (":start", &scope.start),
        (":end", &scope.end),
        (":today", &scope.today),
    ] {
        if sql.contains(name) {
            out.push((name.to_owned(), Value::Text(value.clone())));
        }
    }
    for (i, district) in scope.districts.iter().enumerate() {
        let name = format!(":d{i}");
        if sql.contains(&name) {
            out.push((name, Value::Text(district.clone())));
        }
    }
    out
}

fn query<T>(
    conn: &Connection,
    sql: &str,
    scope: &Scope,
    mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let sql = with_scope(sql, scope);
    let bound = bind(&sql, scope);
    let named: Vec<(&str, &dyn ToSql)> = bound
        .iter()
        .map(|(n, v)| (n.as_str(), v as &dyn ToSql))
        .collect();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(named.as_slice(), |r| map(r))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Runs a statement that returns no rows, with the scope filled in.
fn execute(conn: &Connection, sql: &str, scope: &Scope) -> Result<usize, StoreError> {
    let sql = with_scope(sql, scope);
    let bound = bind(&sql, scope);
    let named: Vec<(&str, &dyn ToSql)> = bound
        .iter()
        .map(|(n, v)| (n.as_str(), v as &dyn ToSql))
        .collect();
    Ok(conn.prepare_cached(&sql)?.execute(named.as_slice())?)
}

fn counts(conn: &Connection, sql: &str, scope: &Scope) -> Result<Counts, StoreError> {
    query(conn, sql, scope, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.max(0) as u64))
    })
}

/// Lists the ids of the cases in scope in a temporary table (in memory:
/// `temp_store` is MEMORY), so the queries of events (reviews, referrals,
/// incidents) join a narrow list instead of the cases' rows.
pub fn open_scope(conn: &Connection, scope: &Scope) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS report_scope (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
         DELETE FROM temp.report_scope;",
    )?;
    execute(
        conn,
        "INSERT INTO temp.report_scope (id) SELECT c.id FROM cases c INDEXED BY cases_report WHERE IN_SCOPE",
        scope,
    )?;
    Ok(())
}

/// Keeps the ids of the period's caseload in a temporary table, for the
/// queries that count what happened to those cases (needs, plans).
pub fn hold_caseload(conn: &Connection, caseload: &[CaseloadRow]) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS report_caseload (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
         DELETE FROM temp.report_caseload;",
    )?;
    let mut insert = conn.prepare_cached("INSERT INTO temp.report_caseload (id) VALUES (?1)")?;
    for case in caseload {
        insert.execute(params![case.case_id])?;
    }
    Ok(())
}

/// Drops the temporary lists of [`open_scope`] and [`hold_caseload`].
pub fn close_scope(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.report_scope; DROP TABLE IF EXISTS temp.report_caseload;",
    )?;
    Ok(())
}

/// The caseload: every case open at some time in the period, with its
/// phase and custody track as they stood on the period's last day.
pub fn caseload(conn: &Connection, scope: &Scope) -> Result<Vec<CaseloadRow>, StoreError> {
    query(
        conn,
        "SELECT c.id, d.name, p.code, c.gender, c.date_of_birth, c.approx_age, c.opened_on,
                c.context_typology,
                COALESCE((SELECT e.phase FROM phase_events e
                          WHERE e.case_id = c.id AND e.deleted_at IS NULL AND e.entered_on <= :end
                          ORDER BY e.entered_on DESC, e.created_at DESC LIMIT 1), c.phase),
                COALESCE((SELECT t.track FROM custody_events t
                          WHERE t.case_id = c.id AND t.deleted_at IS NULL AND t.since <= :end
                          ORDER BY t.since DESC, t.created_at DESC LIMIT 1), c.custody_track)
         FROM cases c INDEXED BY cases_report
         JOIN districts d ON d.id = c.district_id
         JOIN provinces p ON p.id = d.province_id
         WHERE CASELOAD",
        scope,
        |r| {
            Ok(CaseloadRow {
                case_id: r.get(0)?,
                district: r.get(1)?,
                province: r.get(2)?,
                gender: r.get(3)?,
                date_of_birth: r.get(4)?,
                approx_age: r.get(5)?,
                opened_on: r.get(6)?,
                context_typology: r.get(7)?,
                phase: r.get(8)?,
                custody_track: r.get(9)?,
            })
        },
    )
}

/// The districts in scope with their province code.
pub fn districts(conn: &Connection, scope: &Scope) -> Result<Vec<(String, String)>, StoreError> {
    if scope.districts.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<String> = (0..scope.districts.len())
        .map(|i| format!(":d{i}"))
        .collect();
    let sql = format!(
        "SELECT d.name, p.code FROM districts d JOIN provinces p ON p.id = d.province_id
         WHERE d.deleted_at IS NULL AND d.name IN ({}) ORDER BY p.code, d.name",
        names.join(", ")
    );
    query(conn, &sql, scope, |r| Ok((r.get(0)?, r.get(1)?)))
}

/// New referrals of the period by source and intake outcome.
pub fn new_referrals(conn: &Connection, scope: &Scope) -> Result<Counts, StoreError> {
    counts(
        conn,
        "SELECT c.referral_source, COALESCE(c.intake_outcome, 'in_programme'), COUNT(*)
         FROM cases c INDEXED BY cases_report
         WHERE IN_SCOPE AND c.referral_date BETWEEN :start AND :end
         GROUP BY 1, 2",
        scope,
    )
}

/// One (domain, score at the first assessment, score at the latest) count
/// per pair, over cases of the caseload with a first signed assessment
/// and a later one signed by the period's end (a review's re-scoring or a
/// correction), both scored.
pub type NeedPairs = Vec<(String, i64, i64, u64)>;

/// Per case of the caseload with two assessments: (case id, domains high
/// or urgent at first, at the latest, domains improved).
pub type NeedsPerCase = HashMap<String, (u64, u64, u64)>;

/// `with_cases` also counts per case (for the case-level table).
pub fn needs(
    conn: &Connection,
    scope: &Scope,
    with_cases: bool,
) -> Result<(NeedPairs, NeedsPerCase), StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS report_pairs (
             case_id TEXT NOT NULL, first_id TEXT NOT NULL, latest_id TEXT NOT NULL);
         DELETE FROM temp.report_pairs;",
    )?;
    execute(
        conn,
        "INSERT INTO temp.report_pairs (case_id, first_id, latest_id)
         WITH signed AS (
             SELECT a.case_id, a.id,
                    ROW_NUMBER() OVER (PARTITION BY a.case_id ORDER BY a.assessed_on, a.created_at) AS n_first,
                    ROW_NUMBER() OVER (PARTITION BY a.case_id ORDER BY a.assessed_on DESC, a.created_at DESC) AS n_last
             FROM temp.report_caseload k
             JOIN assessments a INDEXED BY assessments_report ON a.case_id = k.id
             WHERE a.status = 'signed_off' AND a.deleted_at IS NULL
               AND COALESCE(a.signed_off_on, a.assessed_on) <= :end)
         SELECT f.case_id, f.id, l.id FROM signed f
         JOIN signed l ON l.case_id = f.case_id AND l.n_last = 1
         WHERE f.n_first = 1 AND l.id <> f.id",
        scope,
    )?;
    let mut pairs: HashMap<(String, i64, i64), u64> = HashMap::new();
    let mut per_case: NeedsPerCase = HashMap::new();
    for table in ["need_scores", "need_scores_restricted"] {
        let join = format!(
            "FROM temp.report_pairs p
             JOIN {table} f INDEXED BY {table}_report ON f.assessment_id = p.first_id
             JOIN {table} l INDEXED BY {table}_report
                  ON l.assessment_id = p.latest_id AND l.domain = f.domain
             WHERE f.score IS NOT NULL AND l.score IS NOT NULL
               AND f.deleted_at IS NULL AND l.deleted_at IS NULL"
        );
        // The counts are grouped where they lie; cases are read one by one
        // only for the case-level table.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT f.domain, f.score, l.score, COUNT(*) {join} GROUP BY 1, 2, 3"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(3)?;
            *pairs.entry((r.get(0)?, r.get(1)?, r.get(2)?)).or_default() += n.max(0) as u64;
        }
        if !with_cases {
            continue;
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT p.case_id, SUM(f.score >= 3), SUM(l.score >= 3), SUM(l.score < f.score)
             {join} GROUP BY p.case_id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let entry = per_case.entry(r.get(0)?).or_default();
            entry.0 += r.get::<_, i64>(1)?.max(0) as u64;
            entry.1 += r.get::<_, i64>(2)?.max(0) as u64;
            entry.2 += r.get::<_, i64>(3)?.max(0) as u64;
        }
    }
    conn.execute_batch("DROP TABLE IF EXISTS temp.report_pairs;")?;
    let mut pairs: NeedPairs = pairs
        .into_iter()
        .map(|((d, f, l), n)| (d, f, l, n))
        .collect();
    pairs.sort();
    Ok((pairs, per_case))
}

/// Reviews and agreement revisions due in the period: on time (done by
/// the date they answered) or overdue (done later, or not done and the
/// date has passed).
pub fn timeliness(conn: &Connection, scope: &Scope) -> Result<Counts, StoreError> {
    counts(
        conn,
        "SELECT 'review', CASE WHEN r.signed_on IS NOT NULL AND r.signed_on <= r.due_on
                          THEN 'on_time' ELSE 'overdue' END, COUNT(*)
         FROM reviews r JOIN temp.report_scope s ON s.id = r.case_id
         WHERE r.deleted_at IS NULL AND r.due_on BETWEEN :start AND :end
           AND (r.signed_on IS NOT NULL OR r.due_on < :today)
         GROUP BY 2
         UNION ALL
         SELECT 'review', 'overdue', COUNT(*) FROM cases c INDEXED BY cases_report
         WHERE IN_SCOPE AND c.phase IN (4, 6) AND c.closed_on IS NULL
           AND c.next_review_due BETWEEN :start AND :end AND c.next_review_due < :today
         UNION ALL
         SELECT 'agreement_revision', CASE WHEN v.revised_on <= v.due_on
                                      THEN 'on_time' ELSE 'overdue' END, COUNT(*)
         FROM agreement_revisions v
         JOIN mentoring_agreements m ON m.id = v.agreement_id
         JOIN temp.report_scope s ON s.id = m.case_id
         WHERE v.deleted_at IS NULL AND v.due_on BETWEEN :start AND :end
         GROUP BY 2
         UNION ALL
         SELECT 'agreement_revision', 'overdue', COUNT(*)
         FROM mentoring_agreements m JOIN cases c ON c.id = m.case_id
         WHERE IN_SCOPE AND m.status = 'acknowledged' AND m.deleted_at IS NULL
           AND c.closed_on IS NULL
           AND m.next_revision_due BETWEEN :start AND :end AND m.next_revision_due < :today",
        scope,
    )
}

/// Actions of each caseload case's latest signed plan (dropped ones left
/// out) by the responsible organisation's text and a state: done,
/// blocked, overdue (due before the period's end, or today, and not done)
/// or open. The text never leaves the core: it is mapped to a type.
pub fn plan_actions(conn: &Connection, scope: &Scope) -> Result<Counts, StoreError> {
    counts(
        conn,
        "WITH latest AS (
             SELECT p.case_id, MAX(p.version_no) AS v
             FROM temp.report_caseload k JOIN plans p INDEXED BY plans_report ON p.case_id = k.id
             WHERE p.deleted_at IS NULL AND p.status IN ('active', 'frozen')
               AND p.signed_on IS NOT NULL AND p.signed_on <= :end
             GROUP BY p.case_id)
         SELECT a.responsible_org,
                CASE WHEN a.status = 'done' THEN 'done'
                     WHEN a.status = 'blocked' THEN 'blocked'
                     WHEN a.due_on IS NOT NULL AND a.due_on < MIN(:end, :today) THEN 'overdue'
                     ELSE 'open' END,
                COUNT(*)
         FROM latest l
         JOIN plans p INDEXED BY plans_report ON p.case_id = l.case_id AND p.version_no = l.v
         JOIN plan_actions a INDEXED BY plan_actions_report ON a.plan_id = p.id
         WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL AND a.status <> 'dropped'
         GROUP BY 1, 2",
        scope,
    )
}

/// Organisation names (as typed in the service map) and their type.
pub fn organisation_types(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT name, org_type FROM organisations WHERE deleted_at IS NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Referrals proposed in the period by need domain and whether the
/// service was used.
pub fn referral_use(conn: &Connection, scope: &Scope) -> Result<Counts, StoreError> {
    counts(
        conn,
        "SELECT r.domain, CASE r.used WHEN 1 THEN 'used' WHEN 0 THEN 'not_used' ELSE 'not_known' END,
                COUNT(*)
         FROM referrals r JOIN temp.report_scope s ON s.id = r.case_id
         WHERE r.deleted_at IS NULL AND r.proposed_on BETWEEN :start AND :end
         GROUP BY 1, 2",
        scope,
    )
}

/// Referrals of the period not used, by the barrier recorded.
pub fn referral_barriers(conn: &Connection, scope: &Scope) -> Result<Counts, StoreError> {
    counts(
        conn,
        "SELECT COALESCE(r.barrier, 'not_recorded'), 'referrals', COUNT(*)
         FROM referrals r JOIN temp.report_scope s ON s.id = r.case_id
         WHERE r.deleted_at IS NULL AND r.used = 0
           AND r.proposed_on BETWEEN :start AND :end
         GROUP BY 1",
        scope,
    )
}

/// Incidents and unintended consequences of the period by kind and
/// severity, the restricted kinds included (as counts only).
pub fn incidents(conn: &Connection, scope: &Scope) -> Result<Counts, StoreError> {
    counts(
        conn,
        "SELECT i.kind, i.severity, COUNT(*) FROM incidents i JOIN temp.report_scope s ON s.id = i.case_id
         WHERE i.deleted_at IS NULL AND i.occurred_on BETWEEN :start AND :end
         GROUP BY 1, 2
         UNION ALL
         SELECT i.kind, i.severity, COUNT(*) FROM incidents_restricted i
         JOIN temp.report_scope s ON s.id = i.case_id
         WHERE i.deleted_at IS NULL AND i.occurred_on BETWEEN :start AND :end
         GROUP BY 1, 2",
        scope,
    )
}

/// Cases closed in the period by closure reason (intake endings are in
/// the new referrals' outcomes).
pub fn closures(conn: &Connection, scope: &Scope) -> Result<Counts, StoreError> {
    counts(
        conn,
        "SELECT c.closure_reason, 'cases', COUNT(*) FROM cases c INDEXED BY cases_report
         WHERE IN_SCOPE AND c.closure_reason IS NOT NULL AND c.closed_on BETWEEN :start AND :end
         GROUP BY 1",
        scope,
    )
}

/// Every count earlier exports published, by table then (row, column).
pub type Ledger = HashMap<String, HashMap<(String, String), Vec<u64>>>;

pub fn ledger(conn: &Connection) -> Result<Ledger, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT x.table_key, x.row_key, x.col_key, x.value FROM report_cells x
         JOIN report_exports e ON e.id = x.export_id WHERE e.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Ledger = HashMap::new();
    while let Some(r) = rows.next()? {
        let table: String = r.get(0)?;
        let value: i64 = r.get(3)?;
        out.entry(table)
            .or_default()
            .entry((r.get(1)?, r.get(2)?))
            .or_default()
            .push(value.max(0) as u64);
    }
    Ok(out)
}

/// The next issue number of a period (1 for its first export).
pub fn next_issue(conn: &Connection, period: &str) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(issue_no), 0) + 1 FROM report_exports WHERE period = ?1",
        params![period],
        |r| r.get(0),
    )?)
}

/// An approved export and what it published.
pub struct ExportRecord<'a> {
    pub period: &'a str,
    pub issue_no: i64,
    pub k: u64,
    pub drafted_by: &'a str,
    pub approved_by: &'a str,
    pub recipient: &'a str,
    pub suppressed: usize,
    pub content_hash: &'a str,
    pub folder: &'a str,
    /// (table, row, column, value) of every published count.
    pub cells: Vec<(&'a str, &'a str, &'a str, u64)>,
}

pub fn record_export(
    conn: &Connection,
    stamp: &RowStamp,
    export: &ExportRecord<'_>,
) -> Result<String, StoreError> {
    let id = new_id();
    conn.execute(
        "INSERT INTO report_exports (id, period, issue_no, k, drafted_by, approved_by, recipient,
             suppressed, content_hash, folder, created_at, updated_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
        params![
            id,
            export.period,
            export.issue_no,
            export.k as i64,
            export.drafted_by,
            export.approved_by,
            export.recipient,
            export.suppressed as i64,
            export.content_hash,
            export.folder,
            stamp.now,
            stamp.device_id
        ],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO report_cells (export_id, table_key, row_key, col_key, value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (table, row, col, value) in &export.cells {
        insert.execute(params![id, table, row, col, *value as i64])?;
    }
    Ok(id)
}

/// Earlier exports, newest first: (period, issue, k, suppressed, created_at).
pub type ExportSummary = (String, i64, i64, i64, String);

pub fn exports(conn: &Connection) -> Result<Vec<ExportSummary>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT period, issue_no, k, suppressed, created_at FROM report_exports
         WHERE deleted_at IS NULL ORDER BY created_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The secret that keys recipients' pseudonyms, made on first use.
pub fn pseudonym_secret(conn: &Connection, fresh: &[u8; 32]) -> Result<Vec<u8>, StoreError> {
    let hex: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('report_pseudonym_secret', ?1, '')",
        params![hex],
    )?;
    let stored: String = conn.query_row(
        "SELECT value FROM settings WHERE key = 'report_pseudonym_secret'",
        [],
        |r| r.get(0),
    )?;
    Ok((0..stored.len() / 2)
        .filter_map(|i| u8::from_str_radix(&stored[2 * i..2 * i + 2], 16).ok())
        .collect())
}
