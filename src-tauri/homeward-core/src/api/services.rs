//! The service map through the api: organisations and services of a
//! district (every field of domain.md, risks of access with a level and a
//! mitigation), finding services by domain, district, language, female
//! staff and child-friendliness with a stale flag at twelve months, and the
//! CSV a district shares its map in. An import is checked whole before
//! anything is written, and a refusal names the line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::app::App;
use super::error::ApiError;
use super::intake::invalid;
use crate::domain::access::may_edit_service_map;
use crate::domain::needs;
use crate::domain::services::{
    is_stale, MODALITIES, ORG_LEVELS, ORG_TYPES, RISK_KINDS, RISK_LEVELS, SERVICE_GENDERS,
};
use crate::domain::text::normalise_for_search;
use crate::store::cases as case_store;
use crate::store::services::{self as store, Organisation, Risk, Service, ServiceFilter};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    /// Empty for a new organisation.
    #[serde(default)]
    pub id: String,
    pub district: String,
    pub name: String,
    pub org_type: String,
    pub level: String,
    #[serde(default)]
    pub contact_role: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskInput {
    pub kind: String,
    pub level: String,
    #[serde(default)]
    pub mitigation: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceInput {
    /// Empty for a new service.
    #[serde(default)]
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub domain: String,
    #[serde(default)]
    pub description: String,
    pub modality: String,
    #[serde(default)]
    pub min_age: Option<i64>,
    #[serde(default)]
    pub max_age: Option<i64>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub legal_status_exclusions: String,
    #[serde(default)]
    pub documents_needed: String,
    #[serde(default)]
    pub catchment: String,
    #[serde(default)]
    pub cost: String,
    #[serde(default)]
    pub waiting_days: Option<i64>,
    #[serde(default)]
    pub female_staff: bool,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub child_friendly: bool,
    #[serde(default)]
    pub disability_access: bool,
    #[serde(default)]
    pub quality: Option<i64>,
    #[serde(default)]
    pub quality_how: String,
    #[serde(default)]
    pub quality_judged_on: Option<String>,
    #[serde(default = "yes")]
    pub open_to_public: bool,
    /// Today when empty.
    #[serde(default)]
    pub last_verified: String,
    #[serde(default)]
    pub risks: Vec<RiskInput>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceQuery {
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub female_staff: bool,
    #[serde(default)]
    pub child_friendly: bool,
}

/// A service as the map shows it: stale when not verified for 12 months.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    #[serde(flatten)]
    pub service: Service,
    pub stale: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub organisations: usize,
    pub services: usize,
}

/// The CSV columns, in the order an export writes them.
pub const CSV_COLUMNS: [&str; 38] = [
    "organisation_id",
    "district",
    "organisation",
    "org_type",
    "level",
    "contact_role",
    "service_id",
    "service",
    "domain",
    "description",
    "modality",
    "min_age",
    "max_age",
    "gender",
    "legal_status_exclusions",
    "documents_needed",
    "catchment",
    "cost",
    "waiting_days",
    "female_staff",
    "languages",
    "child_friendly",
    "disability_access",
    "quality",
    "quality_how",
    "quality_judged_on",
    "open_to_public",
    "last_verified",
    "risk_stigma_level",
    "risk_stigma_mitigation",
    "risk_being_seen_level",
    "risk_being_seen_mitigation",
    "risk_retaliation_level",
    "risk_retaliation_mitigation",
    "risk_perceived_intelligence_level",
    "risk_perceived_intelligence_mitigation",
    "risk_unsafe_route_level",
    "risk_unsafe_route_mitigation",
];

const NAME_MAX: usize = 200;
const TEXT_MAX: usize = 2000;

fn checked_text(field: &'static str, value: &str, max: usize) -> Result<String, ApiError> {
    let value = value.trim();
    crate::domain::limits::check_text(crate::domain::limits::Kind::Text(max), value)
        .map_err(|problem| super::limits::refusal(field, problem))?;
    Ok(value.to_owned())
}

fn required(field: &'static str, value: &str, max: usize) -> Result<String, ApiError> {
    let value = checked_text(field, value, max)?;
    if value.is_empty() {
        return Err(invalid(field, "is required"));
    }
    Ok(value)
}

fn code(field: &'static str, value: &str, allowed: &[&str]) -> Result<String, ApiError> {
    let value = value.trim();
    if allowed.contains(&value) {
        Ok(value.to_owned())
    } else {
        Err(invalid(field, "is not one of the allowed values"))
    }
}

fn past_date(field: &'static str, value: &str, today: NaiveDate) -> Result<String, ApiError> {
    Ok(super::intake::date(field, value, today)?.to_string())
}

fn checked_organisation(input: &OrganisationInput) -> Result<Organisation, ApiError> {
    Ok(Organisation {
        id: input.id.trim().to_owned(),
        district: required("district", &input.district, 80)?,
        name: required("organisation", &input.name, NAME_MAX)?,
        org_type: code("org_type", &input.org_type, &ORG_TYPES)?,
        level: code("level", &input.level, &ORG_LEVELS)?,
        contact_role: checked_text("contact_role", &input.contact_role, NAME_MAX)?,
    })
}

/// Every rule of a service's fields, shared by the form and the import.
fn checked_service(input: &ServiceInput, today: NaiveDate) -> Result<Service, ApiError> {
    let age = |field: &'static str, value: Option<i64>| match value {
        Some(v) if !(0..=120).contains(&v) => Err(invalid(field, "must be 0 to 120")),
        other => Ok(other),
    };
    let min_age = age("min_age", input.min_age)?;
    let max_age = age("max_age", input.max_age)?;
    if let (Some(min), Some(max)) = (min_age, max_age) {
        if min > max {
            return Err(invalid("max_age", "is below the minimum age"));
        }
    }
    if input.waiting_days.is_some_and(|d| !(0..=3650).contains(&d)) {
        return Err(invalid("waiting_days", "must be 0 to 3650"));
    }
    if input.quality.is_some_and(|q| !(1..=4).contains(&q)) {
        return Err(invalid("quality", "must be 1 to 4"));
    }
    if needs::domain(input.domain.trim()).is_none() {
        return Err(invalid("domain", "is not one of the allowed values"));
    }
    let mut risks: Vec<Risk> = Vec::new();
    for risk in &input.risks {
        let kind = code("risk_kind", &risk.kind, &RISK_KINDS)?;
        if risks.iter().any(|r| r.kind == kind) {
            return Err(invalid("risk_kind", "is given twice"));
        }
        risks.push(Risk {
            kind,
            level: code("risk_level", &risk.level, &RISK_LEVELS)?,
            mitigation: checked_text("risk_mitigation", &risk.mitigation, TEXT_MAX)?,
        });
    }
    risks.sort_by_key(|r| RISK_KINDS.iter().position(|k| *k == r.kind));
    let last_verified = if input.last_verified.trim().is_empty() {
        today.to_string()
    } else {
        past_date("last_verified", &input.last_verified, today)?
    };
    let quality_judged_on = match input.quality_judged_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(day) => Some(past_date("quality_judged_on", day, today)?),
    };
    Ok(Service {
        id: input.id.trim().to_owned(),
        organisation_id: input.organisation_id.trim().to_owned(),
        organisation: String::new(),
        district: String::new(),
        name: required("service", &input.name, NAME_MAX)?,
        domain: input.domain.trim().to_owned(),
        description: checked_text(
            "description",
            &input.description,
            super::limits::max_of("description"),
        )?,
        modality: code("modality", &input.modality, &MODALITIES)?,
        min_age,
        max_age,
        gender: code(
            "gender",
            input.gender.as_deref().unwrap_or("any"),
            &SERVICE_GENDERS,
        )?,
        legal_status_exclusions: checked_text(
            "legal_status_exclusions",
            &input.legal_status_exclusions,
            TEXT_MAX,
        )?,
        documents_needed: checked_text("documents_needed", &input.documents_needed, TEXT_MAX)?,
        catchment: checked_text("catchment", &input.catchment, TEXT_MAX)?,
        cost: checked_text("cost", &input.cost, NAME_MAX)?,
        waiting_days: input.waiting_days,
        female_staff: input.female_staff,
        languages: checked_text("languages", &input.languages, NAME_MAX)?,
        child_friendly: input.child_friendly,
        disability_access: input.disability_access,
        quality: input.quality,
        quality_how: checked_text("quality_how", &input.quality_how, TEXT_MAX)?,
        quality_judged_on,
        open_to_public: input.open_to_public,
        last_verified,
        risks,
    })
}

/// Whether a service offers `language` (any of its comma-separated list,
/// compared without case or marks).
fn speaks(languages: &str, language: &str) -> bool {
    let wanted = normalise_for_search(language);
    wanted.is_empty()
        || languages
            .split([',', ';', '/', '،'])
            .any(|l| normalise_for_search(l) == wanted)
}

fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The field of `record` under `column`, through the header's `index`.
fn field<'r>(record: &'r csv::StringRecord, index: &[usize], column: &str) -> &'r str {
    let at = CSV_COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
    record.get(index[at]).unwrap_or("")
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

impl App {
    fn view(&self, service: Service) -> ServiceView {
        let today = self.clock.today();
        let stale = NaiveDate::parse_from_str(&service.last_verified, "%Y-%m-%d")
            .map(|day| is_stale(day, today))
            .unwrap_or(true);
        ServiceView { service, stale }
    }

    /// The district's row id, if the signed-in user may edit its map.
    fn map_district(&self, district: &str) -> Result<String, ApiError> {
        let session = self.session()?;
        let id = case_store::district_id(session.vault.conn(), district)?
            .ok_or(invalid("district", "is not a known district"))?;
        let user = &session.user;
        if !may_edit_service_map(user.role, user.districts.iter().any(|d| d == district)) {
            return Err(ApiError::Forbidden);
        }
        Ok(id)
    }

    /// Adds an organisation to a district's map, or updates it (with `id`).
    pub fn save_organisation(
        &mut self,
        input: OrganisationInput,
    ) -> Result<Organisation, ApiError> {
        let org = checked_organisation(&input)?;
        let district_id = self.map_district(&org.district)?;
        if !org.id.is_empty() {
            let existing = store::organisation(self.session()?.vault.conn(), &org.id)?.ok_or(
                ApiError::NotFound {
                    entity: "organisation",
                },
            )?;
            self.map_district(&existing.district)?;
        }
        let id = self.write(|w| -> Result<String, ApiError> {
            let id = store::upsert_organisation(w.conn(), &w.stamp, &org, &district_id)?;
            w.audit("organisation_saved", "organisations", &id)?;
            Ok(id)
        })?;
        store::organisation(self.session()?.vault.conn(), &id)?.ok_or(ApiError::NotFound {
            entity: "organisation",
        })
    }

    pub fn list_organisations(
        &self,
        district: Option<&str>,
    ) -> Result<Vec<Organisation>, ApiError> {
        Ok(store::organisations(
            self.session()?.vault.conn(),
            district,
        )?)
    }

    /// Adds a service to an organisation, or updates it (with `id`),
    /// replacing its risks.
    pub fn save_service(&mut self, input: ServiceInput) -> Result<ServiceView, ApiError> {
        let today = self.clock.today();
        let service = checked_service(&input, today)?;
        let conn = self.session()?.vault.conn();
        let org =
            store::organisation(conn, &service.organisation_id)?.ok_or(ApiError::NotFound {
                entity: "organisation",
            })?;
        if !service.id.is_empty() {
            let existing = store::service(conn, &service.id)?
                .ok_or(ApiError::NotFound { entity: "service" })?;
            self.map_district(&existing.district)?;
        }
        self.map_district(&org.district)?;
        let id = self.write(|w| -> Result<String, ApiError> {
            let id = store::upsert_service(w.conn(), &w.stamp, &service)?;
            w.audit("service_saved", "services", &id)?;
            Ok(id)
        })?;
        self.service(&id)
    }

    pub fn service(&self, id: &str) -> Result<ServiceView, ApiError> {
        let found = store::service(self.session()?.vault.conn(), id)?
            .ok_or(ApiError::NotFound { entity: "service" })?;
        Ok(self.view(found))
    }

    /// Marks a service checked today (it is no longer stale).
    pub fn verify_service(&mut self, id: &str) -> Result<ServiceView, ApiError> {
        let existing = self.service(id)?;
        self.map_district(&existing.service.district)?;
        let today = self.clock.today().to_string();
        self.write(|w| -> Result<(), ApiError> {
            store::verify(w.conn(), &w.stamp, id, &today)?;
            w.audit("service_verified", "services", id)?;
            Ok(())
        })?;
        self.service(id)
    }

    /// Services matching the query, each with its stale flag.
    pub fn find_services(&self, query: &ServiceQuery) -> Result<Vec<ServiceView>, ApiError> {
        let filter = ServiceFilter {
            district: blank(&query.district).map(str::to_owned),
            domain: blank(&query.domain).map(str::to_owned),
            female_staff: query.female_staff,
            child_friendly: query.child_friendly,
            organisation_id: None,
        };
        let language = blank(&query.language).unwrap_or("");
        Ok(store::services(self.session()?.vault.conn(), &filter)?
            .into_iter()
            .filter(|s| speaks(&s.languages, language))
            .map(|s| self.view(s))
            .collect())
    }

    /// The map (of one district, or all) as CSV, one row per service and
    /// one per organisation without services.
    pub fn export_services(&self, district: Option<&str>) -> Result<String, ApiError> {
        let conn = self.session()?.vault.conn();
        let mut out = csv::WriterBuilder::new().from_writer(Vec::new());
        let io = |_| ApiError::Storage {
            detail: "the CSV could not be written".into(),
        };
        out.write_record(CSV_COLUMNS).map_err(io)?;
        for org in store::organisations(conn, district)? {
            let filter = ServiceFilter {
                organisation_id: Some(org.id.clone()),
                ..ServiceFilter::default()
            };
            let offered = store::services(conn, &filter)?;
            let head = [
                org.id.clone(),
                org.district.clone(),
                org.name.clone(),
                org.org_type.clone(),
                org.level.clone(),
                org.contact_role.clone(),
            ];
            if offered.is_empty() {
                let mut row: Vec<String> = head.to_vec();
                row.resize(CSV_COLUMNS.len(), String::new());
                out.write_record(&row).map_err(io)?;
            }
            for s in offered {
                let number = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
                let mut row: Vec<String> = head.to_vec();
                row.extend([
                    s.id.clone(),
                    s.name.clone(),
                    s.domain.clone(),
                    s.description.clone(),
                    s.modality.clone(),
                    number(s.min_age),
                    number(s.max_age),
                    s.gender.clone(),
                    s.legal_status_exclusions.clone(),
                    s.documents_needed.clone(),
                    s.catchment.clone(),
                    s.cost.clone(),
                    number(s.waiting_days),
                    yes_no(s.female_staff).into(),
                    s.languages.clone(),
                    yes_no(s.child_friendly).into(),
                    yes_no(s.disability_access).into(),
                    number(s.quality),
                    s.quality_how.clone(),
                    s.quality_judged_on.clone().unwrap_or_default(),
                    yes_no(s.open_to_public).into(),
                    s.last_verified.clone(),
                ]);
                for kind in RISK_KINDS {
                    match s.risks.iter().find(|r| r.kind == kind) {
                        Some(r) => row.extend([r.level.clone(), r.mitigation.clone()]),
                        None => row.extend([String::new(), String::new()]),
                    }
                }
                out.write_record(&row).map_err(io)?;
            }
        }
        let bytes = out.into_inner().map_err(|_| ApiError::Storage {
            detail: "the CSV could not be written".into(),
        })?;
        String::from_utf8(bytes).map_err(|_| ApiError::Storage {
            detail: "the CSV could not be written".into(),
        })
    }

    /// Imports a map shared as CSV: every line is checked first, and one
    /// bad line refuses the whole file (naming the line); then it is written
    /// in one transaction. Rows with an id update that record; rows without
    /// one match an organisation by district and name, a service by
    /// organisation and name.
    pub fn import_services(&mut self, text: &str) -> Result<ImportSummary, ApiError> {
        let today = self.clock.today();
        let plan = self.import_plan(text, today)?;
        let summary = ImportSummary {
            organisations: plan.organisations.len(),
            services: plan.services.len(),
        };
        self.write(|w| -> Result<(), ApiError> {
            for (org, district_id) in &plan.organisations {
                let id = store::upsert_organisation(w.conn(), &w.stamp, org, district_id)?;
                w.audit("organisation_imported", "organisations", &id)?;
            }
            for service in &plan.services {
                let id = store::upsert_service(w.conn(), &w.stamp, service)?;
                w.audit("service_imported", "services", &id)?;
            }
            Ok(())
        })?;
        Ok(summary)
    }

    fn import_plan(&self, text: &str, today: NaiveDate) -> Result<ImportPlan, ApiError> {
        let conn = self.session()?.vault.conn();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header_error = |reason| ApiError::InvalidRow {
            field: "csv",
            row: 1,
            reason,
        };
        let headers = reader
            .headers()
            .map_err(|_| header_error("the header line cannot be read"))?
            .clone();
        let mut index = Vec::with_capacity(CSV_COLUMNS.len());
        for column in CSV_COLUMNS {
            let at = headers
                .iter()
                .position(|h| h.trim() == column)
                .ok_or(header_error("the header lacks a column of the service map"))?;
            index.push(at);
        }
        let mut plan = ImportPlan::default();
        let mut record = csv::StringRecord::new();
        loop {
            let line = reader.position().line() as usize;
            let more = reader.read_record(&mut record).map_err(|e| {
                let row = e
                    .position()
                    .map(|p| p.line() as usize)
                    .unwrap_or(line.max(2));
                ApiError::InvalidRow {
                    field: "csv",
                    row,
                    reason: "is not a well-formed CSV line (quotes or number of fields)",
                }
            })?;
            if !more {
                break;
            }
            let row = record.position().map(|p| p.line() as usize).unwrap_or(line);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            self.plan_row(conn, &record, &index, today, &mut plan)
                .map_err(|e| match e {
                    ApiError::InvalidInput { field, reason } => {
                        ApiError::InvalidRow { field, row, reason }
                    }
                    ApiError::Forbidden => ApiError::InvalidRow {
                        field: "district",
                        row,
                        reason: "is not a district whose map you may change",
                    },
                    other => other,
                })?;
        }
        Ok(plan)
    }

    fn plan_row(
        &self,
        conn: &rusqlite::Connection,
        record: &csv::StringRecord,
        index: &[usize],
        today: NaiveDate,
        plan: &mut ImportPlan,
    ) -> Result<(), ApiError> {
        let get = |column: &str| field(record, index, column);
        let mut org = checked_organisation(&OrganisationInput {
            id: get("organisation_id").to_owned(),
            district: get("district").to_owned(),
            name: get("organisation").to_owned(),
            org_type: get("org_type").to_owned(),
            level: get("level").to_owned(),
            contact_role: get("contact_role").to_owned(),
        })?;
        let district_id = self.map_district(&org.district)?;
        if org.id.is_empty() {
            // A hand-made file: the same organisation by district and name.
            let planned = plan
                .organisations
                .iter()
                .find(|(o, _)| o.district == org.district && o.name == org.name);
            let stored = store::organisations(conn, Some(&org.district))?
                .into_iter()
                .find(|o| o.name == org.name);
            org.id = planned
                .map(|(o, _)| o.id.clone())
                .or(stored.map(|o| o.id))
                .unwrap_or_else(crate::store::new_id);
        } else if uuid::Uuid::parse_str(&org.id).is_err() {
            return Err(invalid("organisation_id", "is not an id"));
        }
        match plan.organisations.iter().find(|(o, _)| o.id == org.id) {
            Some((same, _)) if *same != org => {
                return Err(invalid(
                    "organisation",
                    "differs from an earlier line with the same organisation id",
                ));
            }
            Some(_) => {}
            None => plan.organisations.push((org.clone(), district_id)),
        }
        let service_id = get("service_id").trim();
        let service_name = get("service").trim();
        if service_id.is_empty() && service_name.is_empty() {
            return Ok(());
        }
        let number = |field: &'static str| -> Result<Option<i64>, ApiError> {
            let value = get(field).trim();
            if value.is_empty() {
                return Ok(None);
            }
            value
                .parse::<i64>()
                .map(Some)
                .map_err(|_| invalid(field, "must be a whole number"))
        };
        let flag = |field: &'static str, default: bool| -> Result<bool, ApiError> {
            match get(field).trim() {
                "" => Ok(default),
                "yes" => Ok(true),
                "no" => Ok(false),
                _ => Err(invalid(field, "must be yes or no")),
            }
        };
        let mut risks = Vec::new();
        for kind in RISK_KINDS {
            let level = get(&format!("risk_{kind}_level")).trim().to_owned();
            let mitigation = get(&format!("risk_{kind}_mitigation")).to_owned();
            if level.is_empty() {
                if !mitigation.trim().is_empty() {
                    return Err(invalid("risk_level", "is required with a mitigation"));
                }
                continue;
            }
            risks.push(RiskInput {
                kind: kind.to_owned(),
                level,
                mitigation,
            });
        }
        let gender = get("gender").trim();
        let mut service = checked_service(
            &ServiceInput {
                id: service_id.to_owned(),
                organisation_id: org.id.clone(),
                name: service_name.to_owned(),
                domain: get("domain").to_owned(),
                description: get("description").to_owned(),
                modality: get("modality").to_owned(),
                min_age: number("min_age")?,
                max_age: number("max_age")?,
                gender: (!gender.is_empty()).then(|| gender.to_owned()),
                legal_status_exclusions: get("legal_status_exclusions").to_owned(),
                documents_needed: get("documents_needed").to_owned(),
                catchment: get("catchment").to_owned(),
                cost: get("cost").to_owned(),
                waiting_days: number("waiting_days")?,
                female_staff: flag("female_staff", false)?,
                languages: get("languages").to_owned(),
                child_friendly: flag("child_friendly", false)?,
                disability_access: flag("disability_access", false)?,
                quality: number("quality")?,
                quality_how: get("quality_how").to_owned(),
                quality_judged_on: Some(get("quality_judged_on").to_owned()),
                open_to_public: flag("open_to_public", true)?,
                last_verified: get("last_verified").to_owned(),
                risks,
            },
            today,
        )?;
        if service.id.is_empty() {
            let stored = store::services(
                conn,
                &ServiceFilter {
                    organisation_id: Some(org.id.clone()),
                    ..ServiceFilter::default()
                },
            )?
            .into_iter()
            .find(|s| s.name == service.name);
            service.id = stored.map(|s| s.id).unwrap_or_else(crate::store::new_id);
        } else if uuid::Uuid::parse_str(&service.id).is_err() {
            return Err(invalid("service_id", "is not an id"));
        }
        if plan.services.iter().any(|s| s.id == service.id) {
            return Err(invalid("service_id", "appears on two lines"));
        }
        if let Some(stored) = store::service(conn, &service.id)? {
            // A service moving between districts needs both to be yours.
            self.map_district(&stored.district)?;
        }
        plan.services.push(service);
        Ok(())
    }
}

#[derive(Default)]
struct ImportPlan {
    organisations: Vec<(Organisation, String)>,
    services: Vec<Service>,
}

#[cfg(test)]
mod tests {
    use super::speaks;

    #[test]
    fn languages_match_by_item_without_case_or_marks() {
        let table: &[(&str, &str, bool)] = &[
            ("Urdu, Pashto, Balochi", "pashto", true),
            ("Urdu, Pashto, Balochi", "Push", false),
            ("Urdu;Brahui", "brahui", true),
            ("اردو، پشتو", "پشتو", true),
            ("Urdu", "", true),
            ("", "Urdu", false),
        ];
        for (languages, wanted, expected) in table {
            assert_eq!(
                speaks(languages, wanted),
                *expected,
                "{languages} / {wanted}"
            );
        }
    }
}
