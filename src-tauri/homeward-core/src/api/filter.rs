//! The one read filter: every case the api returns passes through
//! [`case_view`], which works out the reader's relation to the case and
//! keeps only the fields whose view and tier the role may open (the
//! registry says which view and tier each column has). A column missing
//! from the registry is dropped: the filter fails closed.

use rusqlite::types::Value;
use serde_json::{Map, Value as Json};

use crate::domain::access::{may_open, may_see_case, relation_to_case, Relation, Tier, View};
use crate::store::cases::CaseRecord;
use crate::store::registry;
use crate::store::users::UserRow;

/// Columns that stay inside the store even when their tier would allow them.
const INTERNAL: [&str; 3] = ["seq", "deleted_at", "device_id"];

fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(*i),
        Value::Real(r) => Json::from(*r),
        Value::Text(t) => Json::from(t.as_str()),
        Value::Blob(_) => Json::Null,
    }
}

/// How `reader` stands to the case in `record`.
pub(crate) fn relation(reader: &UserRow, record: &CaseRecord) -> Relation {
    relation_to_case(
        reader.role,
        record.text("assigned_worker_id") == Some(reader.id.as_str()),
        record.text("mentor_id") == Some(reader.id.as_str()),
        reader.districts.contains(&record.district),
    )
}

/// The fields of `record` that `reader` may open, or `None` when the
/// reader may not know the case exists.
pub(crate) fn case_view(
    reader: &UserRow,
    record: &CaseRecord,
    custody: &[(String, String)],
) -> Option<Map<String, Json>> {
    let relation = relation(reader, record);
    if !may_see_case(reader.role, relation) {
        return None;
    }
    let opens = |view: View, tier: Tier| may_open(reader.role, relation, view, tier);
    let mut out = Map::new();
    for (column, value) in &record.columns {
        if INTERNAL.contains(&column.as_str()) {
            continue;
        }
        let Some(field) = registry::field("cases", column) else {
            continue;
        };
        if field.view.is_some_and(|view| opens(view, field.tier)) {
            out.insert(column.clone(), to_json(value));
        }
    }
    if opens(View::Caseload, Tier::T0) {
        out.insert("district".into(), Json::from(record.district.as_str()));
        out.insert("province".into(), Json::from(record.province.as_str()));
        out.insert(
            "province_code".into(),
            Json::from(record.province_code.as_str()),
        );
        out.insert(
            "assigned_worker".into(),
            record
                .assigned_worker
                .clone()
                .map_or(Json::Null, Json::from),
        );
        out.insert(
            "mentor".into(),
            record.mentor.clone().map_or(Json::Null, Json::from),
        );
    }
    if opens(View::Custody, Tier::T2) {
        let history = custody
            .iter()
            .map(|(track, since)| serde_json::json!({ "track": track, "since": since }))
            .collect();
        out.insert("custody_history".into(), Json::Array(history));
    }
    Some(out)
}
