//! Case work on the service map through the api: referrals from a domain
//! scored 3 or 4 (refused without a consent or countersigned legal basis
//! that covers the organisation), their statuses and whether help arrived;
//! actions planned for a domain in service mapping; contacts; incidents and
//! unintended consequences; disclosures (to police or a security body at
//! tier 3, countersigned by a supervisor). Reads pass the registry filter;
//! a mentor sees only the contacts they wrote, and never a tier-3 one.

use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::app::App;
use super::error::ApiError;
use super::intake::{
    case_is_child, column_text, consent_fact, date, filtered, filtered_as, invalid, text,
};
use crate::domain::access::{Relation, View};
use crate::domain::consent::{self, Purpose};
use crate::domain::needs;
use crate::domain::role::Role;
use crate::domain::services::{
    disclosure_restricted, incident_restricted, referral_may_move, ACTION_STATUSES, BARRIERS,
    CONTACT_KINDS, INCIDENT_KINDS, RECIPIENT_KINDS, SEVERITIES,
};
use crate::domain::text::normalise_for_search;
use crate::store::casework::{self as store, text_or_null, StatusChange};
use crate::store::intake::{self as rows, Row};
use crate::store::services as map;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralInput {
    pub case_id: String,
    pub service_id: String,
    pub domain: String,
    pub reason: String,
    #[serde(default)]
    pub consent_id: Option<String>,
    #[serde(default)]
    pub legal_basis_id: Option<String>,
    /// Today when empty.
    #[serde(default)]
    pub proposed_on: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralStatusInput {
    pub referral_id: String,
    pub status: String,
    /// Today when empty.
    #[serde(default)]
    pub on: String,
    /// Whether the participant actually used the service; when not, the barrier.
    #[serde(default)]
    pub used: Option<bool>,
    #[serde(default)]
    pub barrier: Option<String>,
    #[serde(default)]
    pub barrier_note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    pub case_id: String,
    pub domain: String,
    pub description: String,
    #[serde(default)]
    pub responsible: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub case_id: String,
    pub contact_on: String,
    pub kind: String,
    pub duration_minutes: i64,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub note: String,
    /// 2 (ordinary, the default) or 3 (restricted).
    #[serde(default)]
    pub tier: Option<u8>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
    pub case_id: String,
    pub occurred_on: String,
    pub kind: String,
    pub severity: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub response: String,
    #[serde(default)]
    pub lesson: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureInput {
    pub case_id: String,
    pub disclosed_on: String,
    pub organisation: String,
    pub recipient_kind: String,
    pub information_kinds: String,
    pub purpose: String,
    #[serde(default)]
    pub consent_id: Option<String>,
    #[serde(default)]
    pub legal_basis_id: Option<String>,
}

/// Referrals (with the service they go to), their status history and the
/// planned actions of a case.
#[derive(Debug, Clone, Serialize)]
pub struct ReferralsView {
    pub referrals: Vec<Map<String, Json>>,
    pub events: Vec<Map<String, Json>>,
    pub actions: Vec<Map<String, Json>>,
}

/// The basis a sharing of information relies on, once checked.
struct Basis {
    consent_id: Option<String>,
    legal_basis_id: Option<String>,
}

fn choice(field: &'static str, value: &str, allowed: &[&str]) -> Result<String, ApiError> {
    if allowed.contains(&value.trim()) {
        Ok(value.trim().to_owned())
    } else {
        Err(invalid(field, "is not one of the allowed values"))
    }
}

fn required(field: &'static str, value: &str, max: usize) -> Result<Value, ApiError> {
    let checked = text(field, value, max)?;
    if matches!(&checked, Value::Text(t) if t.is_empty()) {
        return Err(invalid(field, "is required"));
    }
    Ok(checked)
}

fn day_or_today(field: &'static str, value: &str, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    if value.trim().is_empty() {
        Ok(today)
    } else {
        date(field, value, today)
    }
}

fn blank_to_none(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The row of `rows` with this id, or `not_found` naming `entity`.
fn with_id(
    rows: Vec<Map<String, Json>>,
    id: &str,
    entity: &'static str,
) -> Result<Map<String, Json>, ApiError> {
    rows.into_iter()
        .find(|row| row.get("id").and_then(Json::as_str) == Some(id))
        .ok_or(ApiError::NotFound { entity })
}

/// Sorts rows oldest first by `column`, then by when they were written.
fn by_date(rows: &mut [Map<String, Json>], column: &str) {
    let text =
        |m: &Map<String, Json>, c: &str| m.get(c).and_then(Json::as_str).unwrap_or("").to_owned();
    rows.sort_by_key(|m| (text(m, column), text(m, "created_at")));
}

impl App {
    /// Inserts a case-work row recorded by the signed-in user, audited.
    fn insert_recorded(
        &mut self,
        table: &'static str,
        action: &'static str,
        mut columns: Vec<(&'static str, Value)>,
    ) -> Result<String, ApiError> {
        self.write(|w| -> Result<String, ApiError> {
            columns.push(("recorded_by", Value::Text(w.actor().to_owned())));
            let id = rows::insert(w.conn(), &w.stamp, table, &columns)?;
            w.audit(action, table, &id)?;
            Ok(id)
        })
    }

    /// Checks the consent or legal basis a sharing with `organisation`
    /// relies on: a live sharing consent of this case naming that
    /// organisation (for a child, with the guardian's consent and the
    /// child's assent both in force), or a countersigned legal basis of
    /// this case. Anything else is `consent_required`.
    fn sharing_basis(
        &self,
        case_id: &str,
        consent_id: Option<String>,
        legal_basis_id: Option<String>,
        organisation: &str,
    ) -> Result<Basis, ApiError> {
        let session = self.session()?;
        let conn = session.vault.conn();
        let today = self.clock.today();
        if let Some(id) = &legal_basis_id {
            let found = rows::legal_bases(conn, case_id)?
                .into_iter()
                .find(|row| column_text(row, "id").as_deref() == Some(id.as_str()));
            let Some(row) = found else {
                return Err(ApiError::ConsentRequired);
            };
            if column_text(&row, "countersigned_by").is_none() {
                return Err(ApiError::ConsentRequired);
            }
            return Ok(Basis {
                consent_id: None,
                legal_basis_id,
            });
        }
        let Some(id) = consent_id else {
            return Err(ApiError::ConsentRequired);
        };
        let all = rows::consents(conn, case_id)?;
        let Some(row) = all
            .iter()
            .find(|row| column_text(row, "id").as_deref() == Some(id.as_str()))
        else {
            return Err(ApiError::ConsentRequired);
        };
        let live = column_text(row, "withdrawn_on")
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .is_none_or(|withdrawn| withdrawn > today);
        let names = normalise_for_search(&column_text(row, "organisation").unwrap_or_default())
            == normalise_for_search(organisation);
        if column_text(row, "purpose").as_deref() != Some("sharing") || !live || !names {
            return Err(ApiError::ConsentRequired);
        }
        let record =
            crate::store::cases::find_case(conn, case_id, &super::cases::row_scope(session))?
                .ok_or(ApiError::NotFound { entity: "case" })?;
        if case_is_child(&record, today) {
            // Both the child's assent and the guardian's consent for sharing
            // with this organisation.
            let for_this: Vec<Row> = all
                .into_iter()
                .filter(|r| {
                    normalise_for_search(&column_text(r, "organisation").unwrap_or_default())
                        == normalise_for_search(organisation)
                })
                .collect();
            let facts: Vec<_> = for_this.iter().filter_map(consent_fact).collect();
            if !consent::missing_for(Purpose::Sharing, true, &facts, false, today).is_empty() {
                return Err(ApiError::ConsentRequired);
            }
        }
        Ok(Basis {
            consent_id: Some(id),
            legal_basis_id: None,
        })
    }

    /// Refers a domain scored 3 or 4 to a service.
    pub fn add_referral(&mut self, input: ReferralInput) -> Result<Map<String, Json>, ApiError> {
        self.case_for_write(&input.case_id)?;
        let today = self.clock.today();
        let service = map::service(self.session()?.vault.conn(), &input.service_id)?
            .ok_or(ApiError::NotFound { entity: "service" })?;
        let domain = input.domain.trim().to_owned();
        if needs::domain(&domain).is_none() {
            return Err(invalid("domain", "is not one of the allowed values"));
        }
        let assessed =
            super::assessments::assessment_facts(self.session()?.vault.conn(), &input.case_id)?;
        if !assessed.current_high.contains(&domain) {
            return Err(invalid(
                "domain",
                "is not scored high or urgent on the current assessment",
            ));
        }
        let reason = required("reason", &input.reason, 2000)?;
        let proposed_on = day_or_today("proposed_on", &input.proposed_on, today)?.to_string();
        let basis = self.sharing_basis(
            &input.case_id,
            blank_to_none(&input.consent_id),
            blank_to_none(&input.legal_basis_id),
            &service.organisation,
        )?;
        let columns = vec![
            ("case_id", Value::Text(input.case_id.clone())),
            ("service_id", Value::Text(service.id.clone())),
            ("domain", Value::Text(domain)),
            ("reason", reason),
            (
                "consent_id",
                basis.consent_id.clone().map_or(Value::Null, Value::Text),
            ),
            (
                "legal_basis_id",
                basis
                    .legal_basis_id
                    .clone()
                    .map_or(Value::Null, Value::Text),
            ),
            ("status", Value::Text("proposed".into())),
            ("proposed_on", Value::Text(proposed_on.clone())),
            ("status_on", Value::Text(proposed_on.clone())),
        ];
        let id = self.write(|w| -> Result<String, ApiError> {
            let mut columns = columns;
            columns.push(("recorded_by", Value::Text(w.actor().to_owned())));
            let id = rows::insert(w.conn(), &w.stamp, "referrals", &columns)?;
            store::referral_event(w.conn(), &w.stamp, &id, "proposed", &proposed_on, w.actor())?;
            w.audit("referral_proposed", "referrals", &id)?;
            Ok(id)
        })?;
        self.referral_row(&input.case_id, &id)
    }

    /// Moves a referral on, recording whether the service was used and, if
    /// not, the barrier. Sending it records the disclosure it makes.
    pub fn set_referral_status(
        &mut self,
        input: ReferralStatusInput,
    ) -> Result<Map<String, Json>, ApiError> {
        let conn = self.session()?.vault.conn();
        let (case_id, from) = store::referral_state(conn, &input.referral_id)?
            .ok_or(ApiError::NotFound { entity: "referral" })?;
        self.case_for_write(&case_id)?;
        let status = choice(
            "status",
            &input.status,
            &crate::domain::services::REFERRAL_STATUSES,
        )?;
        if status != from && !referral_may_move(&from, &status) {
            return Err(ApiError::Conflict);
        }
        let barrier = blank_to_none(&input.barrier);
        match (input.used, &barrier) {
            (Some(false), None) => {
                return Err(invalid(
                    "barrier",
                    "is required when the service was not used",
                ))
            }
            (Some(true) | None, Some(_)) => {
                return Err(invalid("barrier", "only when the service was not used"))
            }
            _ => {}
        }
        if let Some(b) = &barrier {
            choice("barrier", b, &BARRIERS)?;
        }
        let barrier_note = match text("barrier_note", &input.barrier_note, 2000)? {
            Value::Text(t) => t,
            _ => String::new(),
        };
        let today = self.clock.today();
        let on = day_or_today("on", &input.on, today)?.to_string();
        let row = rows::rows(
            conn,
            "SELECT * FROM referrals WHERE id = ?1",
            &input.referral_id,
        )?
        .pop()
        .ok_or(ApiError::NotFound { entity: "referral" })?;
        let service = map::service(conn, &column_text(&row, "service_id").unwrap_or_default())?
            .ok_or(ApiError::NotFound { entity: "service" })?;
        let referral_id = input.referral_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            store::set_referral_status(
                w.conn(),
                &w.stamp,
                &referral_id,
                &from,
                &StatusChange {
                    status: &status,
                    on: &on,
                    used: input.used,
                    barrier: barrier.as_deref(),
                    barrier_note: &barrier_note,
                    by: w.actor(),
                },
            )?;
            w.audit(&format!("referral_{status}"), "referrals", &referral_id)?;
            if status == "sent" && from != "sent" {
                let id = rows::insert(
                    w.conn(),
                    &w.stamp,
                    "disclosures",
                    &[
                        ("case_id", Value::Text(case_id.clone())),
                        ("disclosed_on", Value::Text(on.clone())),
                        ("organisation", Value::Text(service.organisation.clone())),
                        ("information_kinds", Value::Text("referral".into())),
                        ("purpose", Value::Text("referral".into())),
                        (
                            "consent_id",
                            text_or_null(&column_text(&row, "consent_id").unwrap_or_default()),
                        ),
                        (
                            "legal_basis_id",
                            text_or_null(&column_text(&row, "legal_basis_id").unwrap_or_default()),
                        ),
                        ("referral_id", Value::Text(referral_id.clone())),
                        ("recorded_by", Value::Text(w.actor().to_owned())),
                    ],
                )?;
                w.audit("disclosure_recorded", "disclosures", &id)?;
            }
            Ok(())
        })?;
        self.referral_row(&case_id, &input.referral_id)
    }

    fn referral_row(&self, case_id: &str, id: &str) -> Result<Map<String, Json>, ApiError> {
        with_id(self.case_referrals(case_id)?.referrals, id, "referral")
    }

    /// Plans an action for a domain that is not a referral.
    pub fn add_action(&mut self, input: ActionInput) -> Result<Map<String, Json>, ApiError> {
        self.case_for_write(&input.case_id)?;
        if needs::domain(input.domain.trim()).is_none() {
            return Err(invalid("domain", "is not one of the allowed values"));
        }
        let columns = vec![
            ("case_id", Value::Text(input.case_id.clone())),
            ("domain", Value::Text(input.domain.trim().to_owned())),
            (
                "description",
                required(
                    "description",
                    &input.description,
                    super::limits::max_of("description"),
                )?,
            ),
            ("responsible", text("responsible", &input.responsible, 200)?),
        ];
        let id = self.insert_recorded("planned_actions", "action_planned", columns)?;
        with_id(self.case_referrals(&input.case_id)?.actions, &id, "action")
    }

    pub fn set_action_status(&mut self, action_id: &str, status: &str) -> Result<(), ApiError> {
        let case_id = rows::case_of(self.session()?.vault.conn(), "planned_actions", action_id)?
            .ok_or(ApiError::NotFound { entity: "action" })?;
        self.case_for_write(&case_id)?;
        let status = choice("status", status, &ACTION_STATUSES)?;
        self.write(|w| -> Result<(), ApiError> {
            store::set_action_status(w.conn(), &w.stamp, action_id, &status)?;
            w.audit(&format!("action_{status}"), "planned_actions", action_id)?;
            Ok(())
        })
    }

    /// Referrals with their service, the status history and planned actions.
    pub fn case_referrals(&self, case_id: &str) -> Result<ReferralsView, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let conn = session.vault.conn();
        let role = session.user.role;
        let mut referrals = Vec::new();
        for row in store::referrals(conn, case_id)? {
            let Some(mut view) = filtered("referrals", &row, role, rel) else {
                continue;
            };
            let service_id = column_text(&row, "service_id").unwrap_or_default();
            if let Some(service) = map::service(conn, &service_id)? {
                view.insert("service".into(), Json::from(service.name));
                view.insert("organisation".into(), Json::from(service.organisation));
                view.insert("service_district".into(), Json::from(service.district));
            }
            referrals.push(view);
        }
        let keep = |table: &str, found: Vec<Row>| -> Vec<Map<String, Json>> {
            found
                .iter()
                .filter_map(|row| filtered(table, row, role, rel))
                .collect()
        };
        Ok(ReferralsView {
            referrals,
            events: keep("referral_events", store::referral_events(conn, case_id)?),
            actions: keep("planned_actions", store::planned_actions(conn, case_id)?),
        })
    }

    /// Records a contact. A mentor records their own ordinary contacts.
    pub fn add_contact(&mut self, input: ContactInput) -> Result<Map<String, Json>, ApiError> {
        let (_, record, rel) = self.case_in_scope(&input.case_id)?;
        let tier = input.tier.unwrap_or(2);
        let table = match tier {
            2 => "contacts",
            3 => "contacts_restricted",
            _ => return Err(invalid("tier", "must be 2 or 3")),
        };
        match rel {
            Relation::Assigned | Relation::District => {
                self.case_for_write(&input.case_id)?;
            }
            Relation::Mentee if tier == 2 => {
                if record.get("phase") == Some(&Value::Integer(7)) {
                    return Err(ApiError::CaseClosed);
                }
            }
            _ => return Err(ApiError::Forbidden),
        }
        let today = self.clock.today();
        if !(0..=1440).contains(&input.duration_minutes) {
            return Err(invalid("duration_minutes", "must be 0 to 1440"));
        }
        let columns = vec![
            ("case_id", Value::Text(input.case_id.clone())),
            (
                "contact_on",
                Value::Text(date("contact_on", &input.contact_on, today)?.to_string()),
            ),
            (
                "kind",
                Value::Text(choice("kind", &input.kind, &CONTACT_KINDS)?),
            ),
            ("duration_minutes", Value::Integer(input.duration_minutes)),
            ("place", text("place", &input.place, 200)?),
            ("note", text("note", &input.note, 4000)?),
        ];
        let id = self.insert_recorded(table, "contact_recorded", columns)?;
        with_id(self.case_contacts(&input.case_id)?, &id, "contact")
    }

    /// Contacts of a case, both tiers, oldest first, each with its `tier`.
    /// A mentor gets only the rows they wrote.
    pub fn case_contacts(&self, case_id: &str) -> Result<Vec<Map<String, Json>>, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let conn = session.vault.conn();
        let user = &session.user;
        let mut out = Vec::new();
        for (table, tier) in [("contacts", 2), ("contacts_restricted", 3)] {
            for row in store::case_rows(conn, table, "contact_on", case_id)? {
                let own = column_text(&row, "recorded_by").as_deref() == Some(user.id.as_str());
                let view = if own {
                    filtered_as(table, &row, user.role, rel, View::OwnContacts)
                        .or_else(|| filtered(table, &row, user.role, rel))
                } else {
                    filtered(table, &row, user.role, rel)
                };
                if let Some(mut view) = view {
                    view.insert("tier".into(), Json::from(tier));
                    out.push(view);
                }
            }
        }
        by_date(&mut out, "contact_on");
        Ok(out)
    }

    /// Records an incident or unintended consequence; retaliation and
    /// threats to staff go to the restricted table.
    pub fn add_incident(&mut self, input: IncidentInput) -> Result<Map<String, Json>, ApiError> {
        self.case_for_write(&input.case_id)?;
        let today = self.clock.today();
        let kind = choice("kind", &input.kind, &INCIDENT_KINDS)?;
        let table = if incident_restricted(&kind) {
            "incidents_restricted"
        } else {
            "incidents"
        };
        let columns = vec![
            ("case_id", Value::Text(input.case_id.clone())),
            (
                "occurred_on",
                Value::Text(date("occurred_on", &input.occurred_on, today)?.to_string()),
            ),
            ("kind", Value::Text(kind)),
            (
                "severity",
                Value::Text(choice("severity", &input.severity, &SEVERITIES)?),
            ),
            (
                "description",
                text("description", &input.description, 4000)?,
            ),
            ("response", text("response", &input.response, 4000)?),
            ("lesson", text("lesson", &input.lesson, 4000)?),
        ];
        let id = self.insert_recorded(table, "incident_recorded", columns)?;
        with_id(self.case_incidents(&input.case_id)?, &id, "incident")
    }

    pub fn case_incidents(&self, case_id: &str) -> Result<Vec<Map<String, Json>>, ApiError> {
        self.both_tiers(
            case_id,
            ["incidents", "incidents_restricted"],
            "occurred_on",
        )
    }

    /// Records a sharing of information with an organisation. To police or
    /// a security body it is tier 3 and waits for a supervisor's
    /// countersignature.
    pub fn add_disclosure(
        &mut self,
        input: DisclosureInput,
    ) -> Result<Map<String, Json>, ApiError> {
        self.case_for_write(&input.case_id)?;
        let today = self.clock.today();
        let recipient = choice("recipient_kind", &input.recipient_kind, &RECIPIENT_KINDS)?;
        let table = if disclosure_restricted(&recipient) {
            "disclosures_restricted"
        } else {
            "disclosures"
        };
        let organisation = required("organisation", &input.organisation, 200)?;
        let Value::Text(organisation_name) = &organisation else {
            return Err(invalid("organisation", "is required"));
        };
        let basis = self.sharing_basis(
            &input.case_id,
            blank_to_none(&input.consent_id),
            blank_to_none(&input.legal_basis_id),
            organisation_name,
        )?;
        let columns = vec![
            ("case_id", Value::Text(input.case_id.clone())),
            (
                "disclosed_on",
                Value::Text(date("disclosed_on", &input.disclosed_on, today)?.to_string()),
            ),
            ("organisation", organisation.clone()),
            (
                "information_kinds",
                required("information_kinds", &input.information_kinds, 500)?,
            ),
            ("purpose", required("purpose", &input.purpose, 500)?),
            (
                "consent_id",
                basis.consent_id.map_or(Value::Null, Value::Text),
            ),
            (
                "legal_basis_id",
                basis.legal_basis_id.map_or(Value::Null, Value::Text),
            ),
        ];
        let id = self.insert_recorded(table, "disclosure_recorded", columns)?;
        self.disclosure_row(&input.case_id, &id)
    }

    fn disclosure_row(&self, case_id: &str, id: &str) -> Result<Map<String, Json>, ApiError> {
        with_id(self.case_disclosures(case_id)?, id, "disclosure")
    }

    /// A supervisor of the case's district countersigns a disclosure to
    /// police or a security body.
    pub fn countersign_disclosure(
        &mut self,
        disclosure_id: &str,
    ) -> Result<Map<String, Json>, ApiError> {
        let (case_id, signed) =
            store::disclosure_state(self.session()?.vault.conn(), disclosure_id)?.ok_or(
                ApiError::NotFound {
                    entity: "disclosure",
                },
            )?;
        let (session, _, rel) = self.case_in_scope(&case_id)?;
        if session.user.role != Role::Supervisor || rel != Relation::District {
            return Err(ApiError::Forbidden);
        }
        if signed {
            return Err(ApiError::Frozen);
        }
        let today = self.clock.today().to_string();
        self.write(|w| -> Result<(), ApiError> {
            let by = w.actor().to_owned();
            store::countersign_disclosure(w.conn(), &w.stamp, disclosure_id, &by, &today)?;
            w.audit(
                "disclosure_countersigned",
                "disclosures_restricted",
                disclosure_id,
            )?;
            Ok(())
        })?;
        self.disclosure_row(&case_id, disclosure_id)
    }

    /// Disclosures of a case, both tiers; a restricted one carries
    /// `restricted: true` and its countersignature.
    pub fn case_disclosures(&self, case_id: &str) -> Result<Vec<Map<String, Json>>, ApiError> {
        self.both_tiers(
            case_id,
            ["disclosures", "disclosures_restricted"],
            "disclosed_on",
        )
    }

    fn both_tiers(
        &self,
        case_id: &str,
        tables: [&str; 2],
        date_column: &str,
    ) -> Result<Vec<Map<String, Json>>, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let conn = session.vault.conn();
        let role = session.user.role;
        let mut out = Vec::new();
        for (table, restricted) in [(tables[0], false), (tables[1], true)] {
            for row in store::case_rows(conn, table, date_column, case_id)? {
                if let Some(mut view) = filtered(table, &row, role, rel) {
                    view.insert("restricted".into(), Json::from(restricted));
                    out.push(view);
                }
            }
        }
        by_date(&mut out, date_column);
        Ok(out)
    }
}
