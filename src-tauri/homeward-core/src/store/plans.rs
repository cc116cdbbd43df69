//! Plans, reviews and the due lists of the home screen in storage: plan versions with their goals and
//! actions (copied whole into a new version, keeping each item's key), and
//! three-monthly reviews. Rows come back as (column, value) pairs for the
//! api's read filter; inserts go through `intake::insert`.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::cases::RowScope;
use super::intake::{insert, rows, Row};
use super::{RowStamp, StoreError};

pub fn plans(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM plans WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY version_no",
        case_id,
    )
}

pub fn goals(conn: &Connection, plan_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM plan_goals WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at",
        plan_id,
    )
}

pub fn actions(conn: &Connection, plan_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM plan_actions WHERE plan_id = ?1 AND deleted_at IS NULL ORDER BY position, created_at",
        plan_id,
    )
}

/// (case, plan, status) of a plan, a goal or an action, by the row's id.
pub fn owner(
    conn: &Connection,
    table: &str,
    id: &str,
) -> Result<Option<(String, String, String)>, StoreError> {
    let sql = match table {
        "plans" => {
            "SELECT p.case_id, p.id, p.status FROM plans p WHERE p.id = ?1 AND p.deleted_at IS NULL"
        }
        "plan_goals" => {
            "SELECT p.case_id, p.id, p.status FROM plan_goals g JOIN plans p ON p.id = g.plan_id
                         WHERE g.id = ?1 AND g.deleted_at IS NULL"
        }
        _ => {
            "SELECT p.case_id, p.id, p.status FROM plan_actions a JOIN plans p ON p.id = a.plan_id
              WHERE a.id = ?1 AND a.deleted_at IS NULL"
        }
    };
    Ok(conn
        .query_row(sql, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Updates named columns of one row of a plan table.
pub fn update(
    conn: &Connection,
    stamp: &RowStamp,
    table: &str,
    id: &str,
    columns: &[(&str, Value)],
) -> Result<(), StoreError> {
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("{name} = ?{}", i + 4))
        .collect();
    let mut values: Vec<Value> = vec![
        Value::Text(id.to_owned()),
        Value::Text(stamp.now.clone()),
        Value::Text(stamp.device_id.clone()),
    ];
    values.extend(columns.iter().map(|(_, v)| v.clone()));
    let changed = conn.execute(
        &format!(
            "UPDATE {table} SET {}, updated_at = ?2, device_id = ?3, version = version + 1
             WHERE id = ?1 AND deleted_at IS NULL",
            sets.join(", ")
        ),
        rusqlite::params_from_iter(values),
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// Tombstones a goal (with its actions) or an action.
pub fn remove(
    conn: &Connection,
    stamp: &RowStamp,
    table: &str,
    id: &str,
) -> Result<(), StoreError> {
    if table == "plan_goals" {
        conn.execute(
            "UPDATE plan_actions SET deleted_at = ?2, updated_at = ?2, device_id = ?3, version = version + 1
             WHERE goal_id = ?1 AND deleted_at IS NULL",
            params![id, stamp.now, stamp.device_id],
        )?;
    }
    update(
        conn,
        stamp,
        table,
        id,
        &[("deleted_at", Value::Text(stamp.now.clone()))],
    )
}

fn text(row: &Row, column: &str) -> Value {
    row.iter()
        .find(|(c, _)| c == column)
        .map(|(_, v)| v.clone())
        .unwrap_or(Value::Null)
}

/// Copies a plan version's goals and actions (keys kept) into `to_plan`.
pub fn copy_items(
    conn: &Connection,
    stamp: &RowStamp,
    from_plan: &str,
    to_plan: &str,
) -> Result<(), StoreError> {
    let mut goal_ids: Vec<(Value, String)> = Vec::new();
    for goal in goals(conn, from_plan)? {
        let mut columns: Vec<(&str, Value)> = vec![("plan_id", Value::Text(to_plan.to_owned()))];
        for name in [
            "item_key",
            "description",
            "domains",
            "success_measure",
            "position",
        ] {
            columns.push((name, text(&goal, name)));
        }
        let new_id = insert(conn, stamp, "plan_goals", &columns)?;
        goal_ids.push((text(&goal, "id"), new_id));
    }
    for action in actions(conn, from_plan)? {
        let old_goal = text(&action, "goal_id");
        let Some((_, goal)) = goal_ids.iter().find(|(old, _)| *old == old_goal) else {
            continue;
        };
        let mut columns: Vec<(&str, Value)> = vec![
            ("plan_id", Value::Text(to_plan.to_owned())),
            ("goal_id", Value::Text(goal.clone())),
        ];
        for name in [
            "item_key",
            "description",
            "responsible_org",
            "responsible_role",
            "partners",
            "resources",
            "due_on",
            "status",
            "blocking_reason",
            "referral_id",
            "assigned_to_mentor",
            "position",
        ] {
            columns.push((name, text(&action, name)));
        }
        insert(conn, stamp, "plan_actions", &columns)?;
    }
    Ok(())
}

/// The case's next review date as it stands now.
pub fn review_due_of(conn: &Connection, case_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT next_review_due FROM cases WHERE id = ?1",
            params![case_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

pub fn reviews(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM reviews WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY started_on, created_at",
        case_id,
    )
}

/// Sets the case's next review date.
pub fn set_next_review(
    conn: &Connection,
    stamp: &RowStamp,
    case_id: &str,
    due: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE cases SET next_review_due = ?2, updated_at = ?3, device_id = ?4, version = version + 1
         WHERE id = ?1",
        params![case_id, due, stamp.now, stamp.device_id],
    )?;
    Ok(())
}

/// A list's first rows in its order and how many rows match in all.
pub type Counted<T> = (Vec<T>, i64);

// The home lists name their indexes (schema 13): each walks only the
// waiting or open records, most urgent first, and reads its plan and case
// from covering indexes, so a list costs the same in a vault of any size.
// Without statistics the planner sometimes scanned every assessment or
// every plan instead.

/// The most rows a home-screen list counts: beyond it the page says "or
/// more", so counting costs the same in a vault of any size.
pub const COUNT_CAP: i64 = 200;

/// Runs `SELECT {columns} {body} ORDER BY {order} LIMIT {limit}` and
/// counts the rows of `{body}` up to [`COUNT_CAP`], with the same
/// `values`: a home-screen list shows its most urgent rows and says how
/// many there are. A negative `limit` keeps (and counts) every row.
fn first_and_count<T>(
    conn: &Connection,
    columns: &str,
    body: &str,
    order: &str,
    values: Vec<Value>,
    limit: i64,
    mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Counted<T>, StoreError> {
    let mut listed = values.clone();
    listed.push(Value::Integer(limit));
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {columns} {body} ORDER BY {order} LIMIT ?"))?;
    let found = stmt
        .query_map(rusqlite::params_from_iter(listed), |r| map(r))?
        .collect::<Result<Vec<_>, _>>()?;
    let total = if limit < 0 || (found.len() as i64) < limit {
        found.len() as i64
    } else {
        let mut counted = values;
        counted.push(Value::Integer(COUNT_CAP));
        conn.prepare_cached(&format!("SELECT count(*) FROM (SELECT 1 {body} LIMIT ?)"))?
            .query_row(rusqlite::params_from_iter(counted), |r| r.get(0))?
    };
    Ok((found, total))
}

/// Open cases whose next review falls on or before `until`, soonest
/// (most overdue) first: (case id, case number, due date), at most
/// `limit`, and how many there are (up to [`COUNT_CAP`]).
pub fn reviews_due(
    conn: &Connection,
    scope: &RowScope,
    until: &str,
    limit: i64,
) -> Result<Counted<(String, String, String)>, StoreError> {
    let (condition, mut values) = scope.counting_condition();
    values.insert(0, Value::Text(until.to_owned()));
    first_and_count(
        conn,
        "c.id, c.case_number, c.next_review_due",
        &format!(
            "FROM cases c INDEXED BY cases_review_listed
             WHERE c.next_review_due IS NOT NULL AND c.next_review_due <= ? AND c.phase <> 7 AND {condition}"
        ),
        "c.next_review_due, c.case_number",
        values,
        limit,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// (case, case number, agreement, due).
pub type RevisionDue = (String, String, String, String);

/// Acknowledged mentoring agreements whose revision falls on or before
/// `until` among the scope's open cases, soonest first, at most `limit`,
/// and how many there are (up to [`COUNT_CAP`]).
pub fn revisions_due(
    conn: &Connection,
    scope: &RowScope,
    until: &str,
    limit: i64,
) -> Result<Counted<RevisionDue>, StoreError> {
    let (condition, mut values) = scope.counting_condition();
    values.insert(0, Value::Text(until.to_owned()));
    first_and_count(
        conn,
        "a.case_id, c.case_number, a.id, a.next_revision_due",
        &format!(
            "FROM mentoring_agreements a INDEXED BY agreements_revision_listed
               JOIN cases c INDEXED BY cases_listed ON c.id = a.case_id
             WHERE a.status = 'acknowledged' AND a.deleted_at IS NULL AND a.next_revision_due <= ?
               AND c.phase <> 7 AND {condition}"
        ),
        "a.next_revision_due, c.case_number",
        values,
        limit,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

pub fn agreements(conn: &Connection, case_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM mentoring_agreements WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY version_no",
        case_id,
    )
}

/// Rows of an agreement's `table` (goals, members, revisions), oldest first.
pub fn children(
    conn: &Connection,
    table: &str,
    agreement_id: &str,
) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        &format!(
            "SELECT * FROM {table} WHERE agreement_id = ?1 AND deleted_at IS NULL ORDER BY created_at"
        ),
        agreement_id,
    )
}

pub fn outcomes(conn: &Connection, revision_id: &str) -> Result<Vec<Row>, StoreError> {
    rows(
        conn,
        "SELECT * FROM revision_outcomes WHERE revision_id = ?1 AND deleted_at IS NULL ORDER BY created_at",
        revision_id,
    )
}

/// Five texts of a home-screen list row (see each function for which).
pub type Listed = (String, String, String, String, String);

/// What waits for a supervisor's signature among the scope's open cases:
/// (kind, case id, case number, record id, since), oldest first, at most
/// `limit`, and how many there are (up to [`COUNT_CAP`]). Kinds: `assessment` (a draft with all
/// `domains` scored or marked, not a review's re-scoring), `plan` (signed
/// by the case worker), `legal_basis` and `disclosure` (to police or a
/// security body) not yet countersigned.
pub fn awaiting_signature(
    conn: &Connection,
    scope: &RowScope,
    domains: usize,
    limit: i64,
) -> Result<Counted<Listed>, StoreError> {
    let (condition, mut values) = scope.counting_condition();
    values.insert(0, Value::Integer(domains as i64));
    first_and_count(
        conn,
        "w.kind, w.case_id, c.case_number, w.id, w.since",
        &format!(
            "FROM (
               SELECT 'assessment' AS kind, a.case_id, a.id, a.assessed_on AS since
                 FROM assessments a INDEXED BY assessments_drafts
                 WHERE a.status = 'draft' AND a.deleted_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.assessment_id = a.id)
                   AND (SELECT count(*) FROM need_scores n INDEXED BY need_scores_filled
                        WHERE n.assessment_id = a.id AND n.deleted_at IS NULL
                          AND (n.score IS NOT NULL OR n.not_assessed_reason IS NOT NULL))
                     + (SELECT count(*) FROM need_scores_restricted n INDEXED BY need_scores_restricted_filled
                        WHERE n.assessment_id = a.id AND n.deleted_at IS NULL
                          AND (n.score IS NOT NULL OR n.not_assessed_reason IS NOT NULL)) >= ?
               UNION ALL
               SELECT 'plan', p.case_id, p.id, p.signed_on FROM plans p INDEXED BY plans_awaiting
                 WHERE p.status = 'draft' AND p.signed_by IS NOT NULL AND p.deleted_at IS NULL
               UNION ALL
               SELECT 'legal_basis', l.case_id, l.id, l.recorded_on
                 FROM legal_bases l INDEXED BY legal_bases_awaiting
                 WHERE l.countersigned_by IS NULL AND l.deleted_at IS NULL
               UNION ALL
               SELECT 'disclosure', d.case_id, d.id, d.disclosed_on
                 FROM disclosures_restricted d INDEXED BY disclosures_awaiting
                 WHERE d.countersigned_by IS NULL AND d.deleted_at IS NULL
             ) w JOIN cases c INDEXED BY cases_listed ON c.id = w.case_id
             WHERE c.phase <> 7 AND {condition}"
        ),
        "w.since, c.case_number",
        values,
        limit,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
}

/// Actions of active plans past their due date and not done or dropped,
/// among the scope's open cases: (organisation, case id, case number,
/// action id, due), the longest overdue first, at most `limit`, and how
/// many there are (up to [`COUNT_CAP`]).
pub fn overdue_actions(
    conn: &Connection,
    scope: &RowScope,
    today: &str,
    limit: i64,
) -> Result<Counted<Listed>, StoreError> {
    let (condition, mut values) = scope.counting_condition();
    values.insert(0, Value::Text(today.to_owned()));
    first_and_count(
        conn,
        "a.responsible_org, p.case_id, c.case_number, a.id, a.due_on",
        &format!(
            "FROM plan_actions a INDEXED BY plan_actions_open_due
               JOIN plans p INDEXED BY plans_listed ON p.id = a.plan_id
               JOIN cases c INDEXED BY cases_listed ON c.id = p.case_id
             WHERE p.status = 'active' AND a.deleted_at IS NULL AND a.due_on < ?
               AND a.status NOT IN ('done', 'dropped') AND c.phase <> 7 AND {condition}"
        ),
        "a.due_on, c.case_number",
        values,
        limit,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
}
