//! The service map in storage: organisations of a district, their services
//! and each service's risks of access. Records travel as whole rows
//! (`upsert_*` keeps the id a district gave them, so a shared map imported
//! twice updates rather than duplicates). The map is reference data, not
//! case content: no case read returns it.

use rusqlite::{params, Connection, OptionalExtension, Row as SqlRow};
use serde::Serialize;

use super::{new_id, RowStamp, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub id: String,
    pub district: String,
    pub name: String,
    pub org_type: String,
    pub level: String,
    pub contact_role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    pub kind: String,
    pub level: String,
    pub mitigation: String,
}

/// One service with its organisation's name and district, and its risks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    pub id: String,
    pub organisation_id: String,
    pub organisation: String,
    pub district: String,
    pub name: String,
    pub domain: String,
    pub description: String,
    pub modality: String,
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    pub gender: String,
    pub legal_status_exclusions: String,
    pub documents_needed: String,
    pub catchment: String,
    pub cost: String,
    pub waiting_days: Option<i64>,
    pub female_staff: bool,
    pub languages: String,
    pub child_friendly: bool,
    pub disability_access: bool,
    pub quality: Option<i64>,
    pub quality_how: String,
    pub quality_judged_on: Option<String>,
    pub open_to_public: bool,
    pub last_verified: String,
    pub risks: Vec<Risk>,
}

/// What the map can be narrowed by in SQL; languages are matched after.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    pub district: Option<String>,
    pub domain: Option<String>,
    pub female_staff: bool,
    pub child_friendly: bool,
    pub organisation_id: Option<String>,
}

const ORG_COLUMNS: &str = "o.id, d.name, o.name, o.org_type, o.level, o.contact_role";

fn organisation_row(row: &SqlRow<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: row.get(0)?,
        district: row.get(1)?,
        name: row.get(2)?,
        org_type: row.get(3)?,
        level: row.get(4)?,
        contact_role: row.get(5)?,
    })
}

pub fn organisations(
    conn: &Connection,
    district: Option<&str>,
) -> Result<Vec<Organisation>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ORG_COLUMNS} FROM organisations o JOIN districts d ON d.id = o.district_id
         WHERE o.deleted_at IS NULL AND (?1 IS NULL OR d.name = ?1) ORDER BY d.name, o.name, o.id"
    ))?;
    let rows = stmt
        .query_map([district], organisation_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn organisation(conn: &Connection, id: &str) -> Result<Option<Organisation>, StoreError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {ORG_COLUMNS} FROM organisations o JOIN districts d ON d.id = o.district_id
                 WHERE o.id = ?1 AND o.deleted_at IS NULL"
            ),
            [id],
            organisation_row,
        )
        .optional()?)
}

/// Inserts the organisation, or replaces the one with the same id.
/// `district_id` is the district's row id.
pub fn upsert_organisation(
    conn: &Connection,
    stamp: &RowStamp,
    org: &Organisation,
    district_id: &str,
) -> Result<String, StoreError> {
    let id = if org.id.is_empty() {
        new_id()
    } else {
        org.id.clone()
    };
    conn.execute(
        "INSERT INTO organisations (id, district_id, name, org_type, level, contact_role, created_at, updated_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET district_id = excluded.district_id, name = excluded.name,
           org_type = excluded.org_type, level = excluded.level, contact_role = excluded.contact_role,
           updated_at = excluded.updated_at, device_id = excluded.device_id, version = version + 1,
           deleted_at = NULL",
        params![id, district_id, org.name, org.org_type, org.level, org.contact_role, stamp.now, stamp.device_id],
    )?;
    Ok(id)
}

/// Inserts the service with its risks, or replaces the one with the same
/// id (its risks with it).
pub fn upsert_service(
    conn: &Connection,
    stamp: &RowStamp,
    s: &Service,
) -> Result<String, StoreError> {
    let id = if s.id.is_empty() {
        new_id()
    } else {
        s.id.clone()
    };
    conn.execute(
        "INSERT INTO services (id, organisation_id, name, domain, description, modality, min_age, max_age,
           gender, legal_status_exclusions, documents_needed, catchment, cost, waiting_days, female_staff,
           languages, child_friendly, disability_access, quality, quality_how, quality_judged_on,
           open_to_public, last_verified, created_at, updated_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
           ?21, ?22, ?23, ?24, ?24, ?25)
         ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, name = excluded.name,
           domain = excluded.domain, description = excluded.description, modality = excluded.modality,
           min_age = excluded.min_age, max_age = excluded.max_age, gender = excluded.gender,
           legal_status_exclusions = excluded.legal_status_exclusions,
           documents_needed = excluded.documents_needed, catchment = excluded.catchment,
           cost = excluded.cost, waiting_days = excluded.waiting_days,
           female_staff = excluded.female_staff, languages = excluded.languages,
           child_friendly = excluded.child_friendly, disability_access = excluded.disability_access,
           quality = excluded.quality, quality_how = excluded.quality_how,
           quality_judged_on = excluded.quality_judged_on, open_to_public = excluded.open_to_public,
           last_verified = excluded.last_verified, updated_at = excluded.updated_at,
           device_id = excluded.device_id, version = version + 1, deleted_at = NULL",
        params![
            id,
            s.organisation_id,
            s.name,
            s.domain,
            s.description,
            s.modality,
            s.min_age,
            s.max_age,
            s.gender,
            s.legal_status_exclusions,
            s.documents_needed,
            s.catchment,
            s.cost,
            s.waiting_days,
            s.female_staff,
            s.languages,
            s.child_friendly,
            s.disability_access,
            s.quality,
            s.quality_how,
            s.quality_judged_on,
            s.open_to_public,
            s.last_verified,
            stamp.now,
            stamp.device_id,
        ],
    )?;
    conn.execute("DELETE FROM service_risks WHERE service_id = ?1", [&id])?;
    for risk in &s.risks {
        conn.execute(
            "INSERT INTO service_risks (id, service_id, kind, level, mitigation, created_at, updated_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            params![new_id(), id, risk.kind, risk.level, risk.mitigation, stamp.now, stamp.device_id],
        )?;
    }
    Ok(id)
}

/// Marks a service verified on `on`.
pub fn verify(conn: &Connection, stamp: &RowStamp, id: &str, on: &str) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE services SET last_verified = ?2, updated_at = ?3, device_id = ?4, version = version + 1
         WHERE id = ?1 AND deleted_at IS NULL",
        params![id, on, stamp.now, stamp.device_id],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

const SERVICE_COLUMNS: &str =
    "s.id, s.organisation_id, o.name, d.name, s.name, s.domain, s.description,
    s.modality, s.min_age, s.max_age, s.gender, s.legal_status_exclusions, s.documents_needed,
    s.catchment, s.cost, s.waiting_days, s.female_staff, s.languages, s.child_friendly,
    s.disability_access, s.quality, s.quality_how, s.quality_judged_on, s.open_to_public,
    s.last_verified";

fn service_row(row: &SqlRow<'_>) -> rusqlite::Result<Service> {
    Ok(Service {
        id: row.get(0)?,
        organisation_id: row.get(1)?,
        organisation: row.get(2)?,
        district: row.get(3)?,
        name: row.get(4)?,
        domain: row.get(5)?,
        description: row.get(6)?,
        modality: row.get(7)?,
        min_age: row.get(8)?,
        max_age: row.get(9)?,
        gender: row.get(10)?,
        legal_status_exclusions: row.get(11)?,
        documents_needed: row.get(12)?,
        catchment: row.get(13)?,
        cost: row.get(14)?,
        waiting_days: row.get(15)?,
        female_staff: row.get(16)?,
        languages: row.get(17)?,
        child_friendly: row.get(18)?,
        disability_access: row.get(19)?,
        quality: row.get(20)?,
        quality_how: row.get(21)?,
        quality_judged_on: row.get(22)?,
        open_to_public: row.get(23)?,
        last_verified: row.get(24)?,
        risks: Vec::new(),
    })
}

fn with_risks(conn: &Connection, mut services: Vec<Service>) -> Result<Vec<Service>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, level, mitigation FROM service_risks WHERE service_id = ?1 AND deleted_at IS NULL
         ORDER BY CASE kind WHEN 'stigma' THEN 0 WHEN 'being_seen' THEN 1 WHEN 'retaliation' THEN 2
           WHEN 'perceived_intelligence' THEN 3 ELSE 4 END",
    )?;
    for service in &mut services {
        service.risks = stmt
            .query_map([&service.id], |r| {
                Ok(Risk {
                    kind: r.get(0)?,
                    level: r.get(1)?,
                    mitigation: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(services)
}

/// Services matching `filter`, by district, organisation and name.
pub fn services(conn: &Connection, filter: &ServiceFilter) -> Result<Vec<Service>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SERVICE_COLUMNS} FROM services s
         JOIN organisations o ON o.id = s.organisation_id
         JOIN districts d ON d.id = o.district_id
         WHERE s.deleted_at IS NULL AND o.deleted_at IS NULL
           AND (?1 IS NULL OR d.name = ?1) AND (?2 IS NULL OR s.domain = ?2)
           AND (?3 = 0 OR s.female_staff = 1) AND (?4 = 0 OR s.child_friendly = 1)
           AND (?5 IS NULL OR s.organisation_id = ?5)
         ORDER BY d.name, o.name, s.name, s.id"
    ))?;
    let found = stmt
        .query_map(
            params![
                filter.district,
                filter.domain,
                filter.female_staff,
                filter.child_friendly,
                filter.organisation_id
            ],
            service_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    with_risks(conn, found)
}

pub fn service(conn: &Connection, id: &str) -> Result<Option<Service>, StoreError> {
    let found = conn
        .query_row(
            &format!(
                "SELECT {SERVICE_COLUMNS} FROM services s
                 JOIN organisations o ON o.id = s.organisation_id
                 JOIN districts d ON d.id = o.district_id
                 WHERE s.id = ?1 AND s.deleted_at IS NULL"
            ),
            [id],
            service_row,
        )
        .optional()?;
    Ok(with_risks(conn, found.into_iter().collect())?.pop())
}
