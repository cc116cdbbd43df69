//! The register through the api: districts, registering and editing a
//! participant, opening a case (audited), the filtered and paged list, and
//! search. Row scope comes from the role; fields pass the one read filter.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::app::{App, Session};
use super::error::ApiError;
use super::filter::case_view;
use crate::domain::access::{may_open, Relation, Tier, View};
use crate::domain::register::{
    case_number, check_registration, CustodyTrack, Gender, ReferralSource, Registration,
};
use crate::domain::role::Role;
use crate::domain::text::normalise_for_search;
use crate::store::cases::{self, ListFilter, RowScope};
use crate::store::{new_id, users, StoreError};

/// A case as its reader may see it: only the fields the filter kept.
pub type CaseView = Map<String, Json>;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    pub name_latin: String,
    pub name_urdu: String,
    #[serde(default)]
    pub alias: String,
    #[serde(default)]
    pub date_of_birth: Option<String>,
    #[serde(default)]
    pub approx_age: Option<i64>,
    pub gender: String,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub interpreter_needed: bool,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub female_practitioner_required: bool,
    pub district: String,
    pub custody_track: String,
    #[serde(default)]
    pub custody_since: Option<String>,
    pub referral_source: String,
    pub referral_date: String,
    /// Username of the case worker; a case worker registering leaves it empty.
    #[serde(default)]
    pub assigned_worker: Option<String>,
    #[serde(default)]
    pub mentor: Option<String>,
    #[serde(default)]
    pub religion: String,
    #[serde(default)]
    pub sect: String,
    #[serde(default)]
    pub ethnicity: String,
    /// The context the case comes from (restricted): religious, sectarian,
    /// ethno_political, far_right, other, or empty for not recorded.
    #[serde(default)]
    pub context_typology: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateCaseInput {
    pub id: String,
    pub version: i64,
    pub case: CaseInput,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CaseListQuery {
    #[serde(default)]
    pub phase: Option<i64>,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub assigned_to_me: bool,
    #[serde(default)]
    pub custody_track: Option<String>,
    #[serde(default)]
    pub page: i64,
    #[serde(default)]
    pub page_size: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CasePage {
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    pub items: Vec<CaseView>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DistrictView {
    pub province_code: String,
    pub province: String,
    pub name: String,
}

const UNKNOWN_PROVINCE: &str = "is not a province code (BA, KP, PB, SD, IS, GB, AJK)";

/// Context typologies, reported apart because these cases differ.
pub const CONTEXT_TYPOLOGIES: [&str; 6] = [
    "",
    "religious",
    "sectarian",
    "ethno_political",
    "far_right",
    "other",
];

const RELIGIONS: [&str; 7] = [
    "",
    "islam",
    "christianity",
    "hinduism",
    "sikhism",
    "other",
    "prefer_not_to_say",
];

fn invalid(field: &'static str, reason: &'static str) -> ApiError {
    ApiError::InvalidInput { field, reason }
}

fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate, ApiError> {
    crate::domain::limits::check_date(text).map_err(|p| super::limits::refusal(field, p))?;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| invalid(field, "must be a date written YYYY-MM-DD"))
}

fn optional_date(
    field: &'static str,
    text: &Option<String>,
) -> Result<Option<NaiveDate>, ApiError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => parse_date(field, t).map(Some),
    }
}

pub(crate) fn row_scope(session: &Session) -> RowScope {
    let user = &session.user;
    match user.role {
        Role::CaseWorker => RowScope::AssignedTo(user.id.clone()),
        Role::Mentor => RowScope::MentoredBy(user.id.clone()),
        Role::Supervisor => RowScope::InDistricts(user.districts.clone()),
        Role::Administrator => RowScope::Nothing,
    }
}

/// The checked columns of a case, ready for the store.
struct CheckedCase {
    columns: Vec<(&'static str, Value)>,
    search_names: String,
    custody_track: &'static str,
    custody_since: NaiveDate,
}

fn user_id_of(
    session: &Session,
    username: &Option<String>,
    role: Role,
    field: &'static str,
) -> Result<Option<String>, ApiError> {
    let Some(name) = username.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let user = users::find_by_username(
        session.vault.conn(),
        &crate::crypto::normalise_username(name),
    )?
    .filter(|u| u.active && u.role == role)
    .ok_or(invalid(field, "is not an active user with that role"))?;
    Ok(Some(user.id))
}

fn check_case(
    session: &Session,
    input: &CaseInput,
    today: NaiveDate,
) -> Result<CheckedCase, ApiError> {
    let date_of_birth = optional_date("date_of_birth", &input.date_of_birth)?;
    let referral_date = parse_date("referral_date", &input.referral_date)?;
    check_registration(
        &Registration {
            name_latin: &input.name_latin,
            name_urdu: &input.name_urdu,
            alias: &input.alias,
            date_of_birth,
            approx_age: input.approx_age,
            phone: &input.phone,
            address: &input.address,
            referral_date: Some(referral_date),
        },
        today,
    )
    .map_err(|p| invalid(p.field, p.reason))?;
    let gender = Gender::parse(&input.gender)
        .ok_or(invalid("gender", "is not one of the listed choices"))?;
    let track = CustodyTrack::parse(&input.custody_track)
        .ok_or(invalid("custody_track", "is not one of the listed tracks"))?;
    let source = ReferralSource::parse(&input.referral_source).ok_or(invalid(
        "referral_source",
        "is not one of the listed sources",
    ))?;
    if !RELIGIONS.contains(&input.religion.as_str()) {
        return Err(invalid("religion", "is not one of the listed choices"));
    }
    if !CONTEXT_TYPOLOGIES.contains(&input.context_typology.as_str()) {
        return Err(invalid(
            "context_typology",
            "is not one of the listed choices",
        ));
    }
    for (field, value) in [
        ("languages", &input.languages),
        ("sect", &input.sect),
        ("ethnicity", &input.ethnicity),
    ] {
        if value.chars().count() > 100 {
            return Err(ApiError::TooLong { field, max: 100 });
        }
    }
    let custody_since =
        optional_date("custody_since", &input.custody_since)?.unwrap_or(referral_date);
    if custody_since > today {
        return Err(invalid("custody_since", "is in the future"));
    }
    let district_id = cases::district_id(session.vault.conn(), input.district.trim())?
        .ok_or(invalid("district", "is not a known district"))?;
    if session.user.role == Role::Supervisor
        && !session
            .user
            .districts
            .iter()
            .any(|d| d == input.district.trim())
    {
        return Err(invalid("district", "is not one of your districts"));
    }
    let assigned = match session.user.role {
        Role::CaseWorker => match user_id_of(
            session,
            &input.assigned_worker,
            Role::CaseWorker,
            "assigned_worker",
        )? {
            Some(other) if other != session.user.id => return Err(ApiError::Forbidden),
            _ => Some(session.user.id.clone()),
        },
        _ => user_id_of(
            session,
            &input.assigned_worker,
            Role::CaseWorker,
            "assigned_worker",
        )?,
    };
    let mentor = user_id_of(session, &input.mentor, Role::Mentor, "mentor")?;
    let text = |s: &str| Value::Text(s.trim().to_owned());
    let opt = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    let search_names = normalise_for_search(&format!(
        "{} | {} | {}",
        input.name_latin, input.name_urdu, input.alias
    ));
    Ok(CheckedCase {
        columns: vec![
            ("district_id", Value::Text(district_id)),
            ("assigned_worker_id", opt(assigned)),
            ("mentor_id", opt(mentor)),
            ("name_latin", text(&input.name_latin)),
            ("name_urdu", text(&input.name_urdu)),
            ("alias", text(&input.alias)),
            ("date_of_birth", opt(date_of_birth.map(|d| d.to_string()))),
            (
                "approx_age",
                input.approx_age.map_or(Value::Null, Value::Integer),
            ),
            ("gender", Value::Text(gender.as_str().into())),
            ("languages", text(&input.languages)),
            (
                "interpreter_needed",
                Value::Integer(input.interpreter_needed.into()),
            ),
            ("phone", text(&input.phone)),
            ("address", text(&input.address)),
            (
                "female_practitioner_required",
                Value::Integer(input.female_practitioner_required.into()),
            ),
            ("custody_track", Value::Text(track.as_str().into())),
            ("referral_source", Value::Text(source.as_str().into())),
            ("referral_date", Value::Text(referral_date.to_string())),
            ("religion", Value::Text(input.religion.clone())),
            ("sect", text(&input.sect)),
            ("ethnicity", text(&input.ethnicity)),
            (
                "context_typology",
                Value::Text(input.context_typology.clone()),
            ),
        ],
        search_names,
        custody_track: track.as_str(),
        custody_since,
    })
}

impl App {
    fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Adds a district to a province by its code (administrators).
    pub fn add_district(
        &mut self,
        province_code: &str,
        name: &str,
    ) -> Result<DistrictView, ApiError> {
        // The name goes in as typed (trimmed), never through a CSV line
        // whose quote and comma rules would change it.
        let typed = vec![(1, province_code.to_owned(), name.trim().to_owned())];
        self.insert_rows(typed, false).map_err(|e| match e {
            ApiError::InvalidRow { reason, .. } if reason == UNKNOWN_PROVINCE => {
                invalid("province", reason)
            }
            ApiError::InvalidRow { reason, .. } => invalid("district", reason),
            other => other,
        })?;
        let name = name.trim();
        self.list_districts()?
            .into_iter()
            .find(|d| d.name == name)
            .ok_or(ApiError::NotFound { entity: "district" })
    }

    /// Imports `province_code,district` lines (a header line is skipped) in
    /// one transaction: a bad line changes nothing and names its line.
    /// Districts already known are left as they are. Returns how many were added.
    pub fn import_districts(&mut self, csv: &str) -> Result<usize, ApiError> {
        self.import_rows(csv, true)
    }

    fn import_rows(&mut self, csv: &str, skip_known: bool) -> Result<usize, ApiError> {
        self.require(Role::manages_users)?;
        // Real CSV: a quoted name may hold commas and doubled quotes.
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(::csv::Trim::All)
            .from_reader(csv.as_bytes());
        let mut parsed: Vec<(usize, String, String)> = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let line = |position: Option<&::csv::Position>| {
                position.map_or(index + 1, |p| p.line() as usize)
            };
            let record = record.map_err(|e| ApiError::InvalidRow {
                field: "csv",
                row: line(e.position()),
                reason: "must be province_code,district",
            })?;
            let row = line(record.position());
            let bad = |reason| ApiError::InvalidRow {
                field: "csv",
                row,
                reason,
            };
            let first = record.get(0).unwrap_or_default();
            if record.iter().all(str::is_empty)
                || (index == 0 && first.to_ascii_lowercase().starts_with("province"))
            {
                continue;
            }
            if record.len() != 2 {
                return Err(bad("must be province_code,district"));
            }
            let name = record.get(1).unwrap_or_default().to_owned();
            parsed.push((row, first.to_owned(), name));
        }
        self.insert_rows(parsed, skip_known)
    }

    /// Checks and adds `(line, province code, name)` rows in one transaction.
    fn insert_rows(
        &mut self,
        parsed: Vec<(usize, String, String)>,
        skip_known: bool,
    ) -> Result<usize, ApiError> {
        self.require(Role::manages_users)?;
        let known: Vec<String> = self.list_districts()?.into_iter().map(|d| d.name).collect();
        let mut rows: Vec<(usize, String, String)> = Vec::new();
        for (row, code, name) in parsed {
            let bad = |reason| ApiError::InvalidRow {
                field: "csv",
                row,
                reason,
            };
            if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
                return Err(bad("the district name must be 1 to 80 characters"));
            }
            let already = known.contains(&name) || rows.iter().any(|(_, _, n)| *n == name);
            if already && skip_known {
                continue;
            }
            if already {
                return Err(ApiError::Duplicate {
                    entity: "district",
                    field: "district",
                });
            }
            rows.push((row, code.trim().to_ascii_uppercase(), name));
        }
        self.write(|w| -> Result<usize, ApiError> {
            for (row, code, name) in &rows {
                let id = cases::insert_district(w.conn(), &w.stamp, code, name).map_err(
                    |e| match e {
                        StoreError::Corrupt(_) => ApiError::InvalidRow {
                            field: "csv",
                            row: *row,
                            reason: UNKNOWN_PROVINCE,
                        },
                        other => other.into(),
                    },
                )?;
                w.audit("district_added", "district", &id)?;
            }
            Ok(rows.len())
        })
    }

    pub fn list_districts(&self) -> Result<Vec<DistrictView>, ApiError> {
        let session = self.session()?;
        Ok(cases::list_districts(session.vault.conn())?
            .into_iter()
            .map(|(province_code, province, name)| DistrictView {
                province_code,
                province,
                name,
            })
            .collect())
    }

    fn view_of(&self, session: &Session, id: &str) -> Result<CaseView, ApiError> {
        let record = cases::find_case(session.vault.conn(), id, &row_scope(session))?
            .ok_or(ApiError::NotFound { entity: "case" })?;
        let custody = cases::custody_history(session.vault.conn(), id)?;
        case_view(&session.user, &record, &custody).ok_or(ApiError::NotFound { entity: "case" })
    }

    /// Registers a participant; the case number is minted from this
    /// device's code and counter.
    pub fn register_case(&mut self, input: CaseInput) -> Result<CaseView, ApiError> {
        let session = self.require(|r| matches!(r, Role::CaseWorker | Role::Supervisor))?;
        let today = self.today();
        let checked = check_case(session, &input, today)?;
        let now = self.now();
        let session = self.session_mut()?;
        let actor = session.user.id.clone();
        let device_code = session.vault.device_code().to_owned();
        let id = new_id();
        session
            .vault
            .write(&actor, &now, |w| -> Result<(), ApiError> {
                let number = case_number(
                    &device_code,
                    today.year(),
                    cases::next_case_counter(w.conn(), &device_code, today.year())?,
                );
                let mut columns = checked.columns.clone();
                columns.push(("id", Value::Text(id.clone())));
                columns.push(("case_number", Value::Text(number.clone())));
                columns.push(("opened_on", Value::Text(today.to_string())));
                let seq = cases::insert_case(w.conn(), &w.stamp, &columns)?;
                cases::index_case(
                    w.conn(),
                    seq,
                    &checked.search_names,
                    &normalise_for_search(&number),
                )?;
                cases::add_custody_event(
                    w.conn(),
                    &w.stamp,
                    &id,
                    checked.custody_track,
                    &checked.custody_since.to_string(),
                )?;
                crate::store::intake::add_phase_event(
                    w.conn(),
                    &w.stamp,
                    &id,
                    0,
                    &today.to_string(),
                )?;
                w.audit("case_registered", "case", &id)?;
                Ok(())
            })?;
        let session = self.session()?;
        self.view_of(session, &id)
    }

    /// Edits a case; `version` must be the one read, or `conflict`.
    /// A change of custody track adds a dated entry to its history.
    pub fn update_case(&mut self, input: UpdateCaseInput) -> Result<CaseView, ApiError> {
        let session = self.require(|r| matches!(r, Role::CaseWorker | Role::Supervisor))?;
        let before = cases::find_case(session.vault.conn(), &input.id, &row_scope(session))?
            .ok_or(ApiError::NotFound { entity: "case" })?;
        if before.get("phase")
            == Some(&Value::Integer(
                crate::domain::phase::Phase::Closed.number(),
            ))
        {
            return Err(ApiError::CaseClosed);
        }
        let today = self.today();
        let checked = check_case(session, &input.case, today)?;
        let seq = match before.get("seq") {
            Some(Value::Integer(seq)) => *seq,
            _ => {
                return Err(ApiError::Damaged {
                    detail: "a case has no local key",
                })
            }
        };
        let number = before.text("case_number").unwrap_or_default().to_owned();
        let track_changed = before.text("custody_track") != Some(checked.custody_track);
        self.write(|w| -> Result<(), ApiError> {
            cases::update_case(
                w.conn(),
                &w.stamp,
                &input.id,
                input.version,
                &checked.columns,
            )?;
            cases::index_case(
                w.conn(),
                seq,
                &checked.search_names,
                &normalise_for_search(&number),
            )?;
            if track_changed {
                let since = if input
                    .case
                    .custody_since
                    .as_deref()
                    .unwrap_or("")
                    .trim()
                    .is_empty()
                {
                    today
                } else {
                    checked.custody_since
                };
                cases::add_custody_event(
                    w.conn(),
                    &w.stamp,
                    &input.id,
                    checked.custody_track,
                    &since.to_string(),
                )?;
            }
            w.audit("case_updated", "case", &input.id)?;
            Ok(())
        })?;
        let session = self.session()?;
        self.view_of(session, &input.id)
    }

    /// Opens one case for reading; the opening is audited.
    pub fn open_case(&mut self, id: &str) -> Result<CaseView, ApiError> {
        let session = self.session()?;
        let view = self.view_of(session, id)?;
        self.write(|w| Ok(w.audit("case_opened", "case", id)?))?;
        Ok(view)
    }

    /// A page of the reader's cases, newest first.
    pub fn list_cases(&self, query: &CaseListQuery) -> Result<CasePage, ApiError> {
        let session = self.session()?;
        let page_size = query.page_size.unwrap_or(50);
        if !(1..=200).contains(&page_size) {
            return Err(invalid("page_size", "must be between 1 and 200"));
        }
        if query.page < 0 {
            return Err(invalid("page", "must not be negative"));
        }
        if query.phase.is_some_and(|p| !(0..=7).contains(&p)) {
            return Err(invalid("phase", "must be between 0 and 7"));
        }
        let relation = match session.user.role {
            Role::CaseWorker => Relation::Assigned,
            Role::Mentor => Relation::Mentee,
            Role::Supervisor => Relation::District,
            Role::Administrator => Relation::None,
        };
        if query
            .custody_track
            .as_deref()
            .is_some_and(|t| !t.is_empty())
            && !may_open(session.user.role, relation, View::Custody, Tier::T2)
        {
            // Filtering on a field would reveal it: refused like reading it.
            return Err(ApiError::Forbidden);
        }
        let filter = ListFilter {
            phase: query.phase,
            district: query.district.clone().filter(|d| !d.is_empty()),
            assigned_to: query.assigned_to_me.then(|| session.user.id.clone()),
            custody_track: query.custody_track.clone().filter(|t| !t.is_empty()),
        };
        let (records, total) = cases::list_cases(
            session.vault.conn(),
            &row_scope(session),
            &filter,
            page_size,
            query.page * page_size,
        )?;
        let items = records
            .iter()
            .filter_map(|r| case_view(&session.user, r, &[]))
            .collect();
        Ok(CasePage {
            total,
            page: query.page,
            page_size,
            items,
        })
    }

    /// Cases of the reader whose Latin or Urdu name, alias or case number
    /// contains `query`, after both pass through the same normaliser.
    pub fn search_cases(&self, query: &str) -> Result<Vec<CaseView>, ApiError> {
        let session = self.session()?;
        if query.chars().count() > 200 {
            return Err(ApiError::TooLong {
                field: "query",
                max: 200,
            });
        }
        let normal = normalise_for_search(query);
        if normal.is_empty() {
            return Ok(Vec::new());
        }
        let records = cases::search_cases(session.vault.conn(), &row_scope(session), &normal, 50)?;
        Ok(records
            .iter()
            .filter_map(|r| case_view(&session.user, r, &[]))
            .collect())
    }
}
