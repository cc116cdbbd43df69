//! Intake and phases through the api: consents (and their withdrawal),
//! legal bases countersigned by a supervisor, the safety screen, the gate
//! a case screen shows, and transitions, each refused while its gate lacks
//! anything. Reads of these records pass the same registry filter as cases.

use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::app::{App, Session};
use super::cases::row_scope;
use super::error::ApiError;
use super::filter::relation;
use crate::domain::access::{may_open, Relation, View};
use crate::domain::consent::{self, ConsentFact, ConsentMissing, GivenBy, Purpose};
use crate::domain::limits;
use crate::domain::phase::{self, CaseFacts, Missing, Phase, Transition};
use crate::domain::role::Role;
use crate::domain::services;
use crate::store::cases::{self, CaseRecord};
use crate::store::{casework, intake, registry};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    pub case_id: String,
    pub purpose: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub information_kinds: String,
    #[serde(default)]
    pub family_member: String,
    pub wording_version: String,
    pub language: String,
    pub method: String,
    pub given_by: String,
    #[serde(default)]
    pub giver_name: String,
    pub given_on: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasisInput {
    pub case_id: String,
    pub kind: String,
    pub reference: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyScreenInput {
    pub case_id: String,
    pub screened_on: String,
    pub threats_to_participant: String,
    pub risks_to_staff: String,
    pub female_practitioner_required: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionInput {
    pub case_id: String,
    /// start_assessment, start_service_mapping, start_plan, close, end_intake,
    /// start_implementation, start_review, finish_review (decision in
    /// `outcome`, a closure reason in `reason`), return_to_implementation
    pub transition: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub note: String,
}

/// One thing a gate still needs, with a stable code for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingView {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GateView {
    pub phase: i64,
    pub next: Option<&'static str>,
    pub missing: Vec<MissingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntakeView {
    pub consents: Vec<Map<String, Json>>,
    pub legal_bases: Vec<Map<String, Json>>,
    pub safety_screens: Vec<Map<String, Json>>,
}

const LEVELS: [&str; 3] = ["none", "possible", "credible"];
const BASIS_KINDS: [&str; 3] = ["court_order", "probation_order", "statutory_duty"];

pub(crate) fn invalid(field: &'static str, reason: &'static str) -> ApiError {
    ApiError::InvalidInput { field, reason }
}

pub(crate) fn date(
    field: &'static str,
    text: &str,
    today: NaiveDate,
) -> Result<NaiveDate, ApiError> {
    limits::check_date(text).map_err(|p| super::limits::refusal(field, p))?;
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| invalid(field, "must be a date written YYYY-MM-DD"))?;
    if day > today {
        return Err(invalid(field, "is in the future"));
    }
    Ok(day)
}

/// A text field of this call, held to `max` characters (a call may hold a
/// field to less than its row in `domain::limits::FIELDS`); line breaks
/// and tabs are kept, other control characters refused.
pub(crate) fn text(field: &'static str, value: &str, max: usize) -> Result<Value, ApiError> {
    match limits::check_text(limits::Kind::Text(max), value) {
        Ok(()) => Ok(Value::Text(value.trim().to_owned())),
        Err(problem) => Err(super::limits::refusal(field, problem)),
    }
}

fn as_refs(found: &[(String, String)]) -> Vec<(&str, &str)> {
    found
        .iter()
        .map(|(d, s)| (d.as_str(), s.as_str()))
        .collect()
}

fn transition_code(transition: &Transition) -> &'static str {
    match transition {
        Transition::StartAssessment => "start_assessment",
        Transition::StartServiceMapping => "start_service_mapping",
        Transition::StartPlan => "start_plan",
        Transition::Close { .. } => "close",
        Transition::EndIntake { .. } => "end_intake",
        Transition::StartImplementation => "start_implementation",
        Transition::StartReview => "start_review",
        Transition::FinishReview { .. } => "finish_review",
        Transition::ReturnToImplementation => "return_to_implementation",
    }
}

fn missing_view(missing: &Missing) -> MissingView {
    let plain = |code| MissingView {
        code,
        purpose: None,
        count: None,
        total: None,
    };
    match missing {
        Missing::Consent(ConsentMissing::Consent(p)) => MissingView {
            purpose: Some(p.as_str()),
            ..plain("consent")
        },
        Missing::Consent(ConsentMissing::ChildAssent(p)) => MissingView {
            purpose: Some(p.as_str()),
            ..plain("child_assent")
        },
        Missing::Consent(ConsentMissing::GuardianConsent(p)) => MissingView {
            purpose: Some(p.as_str()),
            ..plain("guardian_consent")
        },
        Missing::CaseWorker => plain("case_worker"),
        Missing::SafetyScreen => plain("safety_screen"),
        Missing::Assessment => plain("assessment"),
        Missing::DomainsUnscored { missing, total } => MissingView {
            count: Some(*missing),
            total: Some(*total),
            ..plain("domains_unscored")
        },
        Missing::AssessmentSignOff => plain("assessment_sign_off"),
        Missing::ActionsForDomains { count } => MissingView {
            count: Some(*count),
            ..plain("actions_for_domains")
        },
        Missing::Reason => plain("reason"),
        Missing::SupervisorSignOff => plain("supervisor_sign_off"),
        Missing::Plan => plain("plan"),
        Missing::PlanIncomplete => plain("plan_incomplete"),
        Missing::PlanAgreement => plain("plan_agreement"),
        Missing::ChildViews => plain("child_views"),
        Missing::PlanSignature => plain("plan_signature"),
        Missing::PlanSignOff => plain("plan_sign_off"),
        Missing::ReviewSignature => plain("review_signature"),
        Missing::WrongPhase => plain("wrong_phase"),
        Missing::Closed => plain("closed"),
    }
}

/// Keeps the columns of an intake row the reader may open.
pub(crate) fn filtered(
    table: &str,
    row: &[(String, Value)],
    role: Role,
    relation: Relation,
) -> Option<Map<String, Json>> {
    filter_row(table, row, role, relation, None)
}

/// As [`filtered`], but judging every column as part of `view` (a row the
/// reader wrote is in their own-contacts view). Tiers stay the registry's.
pub(crate) fn filtered_as(
    table: &str,
    row: &[(String, Value)],
    role: Role,
    relation: Relation,
    view: View,
) -> Option<Map<String, Json>> {
    filter_row(table, row, role, relation, Some(view))
}

fn filter_row(
    table: &str,
    row: &[(String, Value)],
    role: Role,
    relation: Relation,
    view_override: Option<View>,
) -> Option<Map<String, Json>> {
    let mut out = Map::new();
    for (column, value) in row {
        if matches!(column.as_str(), "deleted_at" | "device_id") {
            continue;
        }
        let Some(field) = registry::field(table, column) else {
            continue;
        };
        let Some(view) = field.view else { continue };
        if may_open(role, relation, view_override.unwrap_or(view), field.tier) {
            let json = match value {
                Value::Null => Json::Null,
                Value::Integer(i) => Json::from(*i),
                Value::Real(r) => Json::from(*r),
                Value::Text(t) => Json::from(t.as_str()),
                Value::Blob(_) => Json::Null,
            };
            out.insert(column.clone(), json);
        }
    }
    (!out.is_empty()).then_some(out)
}

pub(crate) fn column_text(row: &[(String, Value)], column: &str) -> Option<String> {
    row.iter()
        .find(|(c, _)| c == column)
        .and_then(|(_, v)| match v {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        })
}

/// The consents of a case as the consent rules see them.
pub(crate) fn consent_facts(
    conn: &rusqlite::Connection,
    case_id: &str,
) -> Result<Vec<ConsentFact>, ApiError> {
    Ok(intake::consents(conn, case_id)?
        .iter()
        .filter_map(consent_fact)
        .collect())
}

/// One consent row as the consent rules see it.
pub(crate) fn consent_fact(row: &intake::Row) -> Option<ConsentFact> {
    Some(ConsentFact {
        purpose: Purpose::parse(&column_text(row, "purpose")?)?,
        given_by: if column_text(row, "given_by")? == "guardian" {
            GivenBy::Guardian
        } else {
            GivenBy::Participant
        },
        given_on: NaiveDate::parse_from_str(&column_text(row, "given_on")?, "%Y-%m-%d").ok()?,
        withdrawn_on: column_text(row, "withdrawn_on")
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
    })
}

pub(crate) fn has_countersigned_basis(
    conn: &rusqlite::Connection,
    case_id: &str,
) -> Result<bool, ApiError> {
    Ok(intake::legal_bases(conn, case_id)?
        .iter()
        .any(|row| column_text(row, "countersigned_by").is_some()))
}

/// Whether the participant of `record` is a child on `today`.
pub(crate) fn case_is_child(record: &CaseRecord, today: NaiveDate) -> bool {
    let born = record
        .text("date_of_birth")
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let age = match record.get("approx_age") {
        Some(Value::Integer(age)) => Some(*age),
        _ => None,
    };
    consent::is_child(born, age, today)
}

impl App {
    pub(crate) fn case_in_scope(
        &self,
        case_id: &str,
    ) -> Result<(&Session, CaseRecord, Relation), ApiError> {
        let session = self.session()?;
        let record = cases::find_case(session.vault.conn(), case_id, &row_scope(session))?
            .ok_or(ApiError::NotFound { entity: "case" })?;
        let rel = relation(&session.user, &record);
        Ok((session, record, rel))
    }

    /// The case, for a write by its case worker or a supervisor of its district.
    pub(crate) fn case_for_write(&self, case_id: &str) -> Result<CaseRecord, ApiError> {
        let (_, record, rel) = self.case_in_scope(case_id)?;
        if !matches!(rel, Relation::Assigned | Relation::District) {
            return Err(ApiError::Forbidden);
        }
        if record.get("phase") == Some(&Value::Integer(Phase::Closed.number())) {
            return Err(ApiError::CaseClosed);
        }
        Ok(record)
    }

    fn audited_insert(
        &mut self,
        table: &'static str,
        action: &str,
        columns: Vec<(&'static str, Value)>,
    ) -> Result<String, ApiError> {
        self.write(|w| -> Result<String, ApiError> {
            let id = intake::insert(w.conn(), &w.stamp, table, &columns)?;
            w.audit(action, table, &id)?;
            Ok(id)
        })
    }

    /// Records a consent for one purpose.
    pub fn record_consent(&mut self, input: ConsentInput) -> Result<Map<String, Json>, ApiError> {
        self.case_for_write(&input.case_id)?;
        let today = self.clock.today();
        let purpose = Purpose::parse(&input.purpose)
            .ok_or(invalid("purpose", "is not one of the listed purposes"))?;
        if purpose == Purpose::Sharing
            && (input.organisation.trim().is_empty() || input.information_kinds.trim().is_empty())
        {
            return Err(invalid(
                "organisation",
                "sharing needs a named organisation and the kinds of information",
            ));
        }
        if purpose == Purpose::FamilyInvolvement && input.family_member.trim().is_empty() {
            return Err(invalid(
                "family_member",
                "involving family needs the family member named",
            ));
        }
        if !consent::METHODS.contains(&input.method.as_str()) {
            return Err(invalid("method", "is not one of the listed methods"));
        }
        if !matches!(input.given_by.as_str(), "participant" | "guardian") {
            return Err(invalid("given_by", "must be participant or guardian"));
        }
        if input.wording_version.trim().is_empty() {
            return Err(invalid("wording_version", "is required"));
        }
        if input.language.trim().is_empty() {
            return Err(invalid("language", "is required"));
        }
        let given_on = date("given_on", &input.given_on, today)?;
        let actor = self.session()?.user.id.clone();
        let id = self.audited_insert(
            "consents",
            "consent_recorded",
            vec![
                ("case_id", Value::Text(input.case_id.clone())),
                ("purpose", Value::Text(purpose.as_str().into())),
                (
                    "organisation",
                    text("organisation", &input.organisation, 200)?,
                ),
                (
                    "information_kinds",
                    text("information_kinds", &input.information_kinds, 500)?,
                ),
                (
                    "family_member",
                    text("family_member", &input.family_member, 200)?,
                ),
                (
                    "wording_version",
                    text("wording_version", &input.wording_version, 50)?,
                ),
                ("language", text("language", &input.language, 50)?),
                ("method", Value::Text(input.method.clone())),
                ("given_by", Value::Text(input.given_by.clone())),
                ("giver_name", text("giver_name", &input.giver_name, 200)?),
                ("given_on", Value::Text(given_on.to_string())),
                ("recorded_by", Value::Text(actor)),
            ],
        )?;
        self.intake_row("consents", &input.case_id, &id)
    }

    fn intake_row(
        &self,
        table: &str,
        case_id: &str,
        id: &str,
    ) -> Result<Map<String, Json>, ApiError> {
        let view = self.case_intake(case_id)?;
        let list = match table {
            "consents" => view.consents,
            "legal_bases" => view.legal_bases,
            _ => view.safety_screens,
        };
        list.into_iter()
            .find(|row| row.get("id").and_then(Json::as_str) == Some(id))
            .ok_or(ApiError::NotFound { entity: "record" })
    }

    /// Withdraws a consent; it counts for nothing from `on` (today if empty)
    /// and every pending referral that relied on it stops.
    pub fn withdraw_consent(&mut self, consent_id: &str, on: &str) -> Result<(), ApiError> {
        let case_id = intake::case_of(self.session()?.vault.conn(), "consents", consent_id)?
            .ok_or(ApiError::NotFound { entity: "consent" })?;
        self.case_for_write(&case_id)?;
        let today = self.clock.today();
        let on = if on.trim().is_empty() {
            today
        } else {
            date("withdrawn_on", on, today)?
        };
        self.write(|w| -> Result<(), ApiError> {
            let on = on.to_string();
            intake::withdraw_consent(w.conn(), &w.stamp, consent_id, &on)?;
            w.audit("consent_withdrawn", "consents", consent_id)?;
            // At once: every referral still waiting on this consent stops.
            for stopped in
                casework::stop_for_consent(w.conn(), &w.stamp, consent_id, &on, w.actor())?
            {
                w.audit("referral_stopped_consent_withdrawn", "referrals", &stopped)?;
            }
            Ok(())
        })
    }

    /// Records the legal basis of a mandated case; it counts once a
    /// supervisor countersigns it.
    pub fn record_legal_basis(
        &mut self,
        input: LegalBasisInput,
    ) -> Result<Map<String, Json>, ApiError> {
        self.case_for_write(&input.case_id)?;
        if !BASIS_KINDS.contains(&input.kind.as_str()) {
            return Err(invalid("kind", "is not one of the listed kinds"));
        }
        if input.reference.trim().is_empty() {
            return Err(invalid("reference", "is required"));
        }
        let actor = self.session()?.user.id.clone();
        let today = self.clock.today();
        let id = self.audited_insert(
            "legal_bases",
            "legal_basis_recorded",
            vec![
                ("case_id", Value::Text(input.case_id.clone())),
                ("kind", Value::Text(input.kind.clone())),
                ("reference", text("reference", &input.reference, 200)?),
                ("recorded_by", Value::Text(actor)),
                ("recorded_on", Value::Text(today.to_string())),
            ],
        )?;
        self.intake_row("legal_bases", &input.case_id, &id)
    }

    /// A supervisor of the case's district countersigns a legal basis.
    pub fn countersign_legal_basis(&mut self, legal_basis_id: &str) -> Result<(), ApiError> {
        let case_id = intake::case_of(self.session()?.vault.conn(), "legal_bases", legal_basis_id)?
            .ok_or(ApiError::NotFound {
                entity: "legal basis",
            })?;
        let (_, _, rel) = self.case_in_scope(&case_id)?;
        if rel != Relation::District {
            return Err(ApiError::Forbidden);
        }
        self.case_for_write(&case_id)?;
        let today = self.clock.today().to_string();
        self.write(|w| -> Result<(), ApiError> {
            intake::countersign(w.conn(), &w.stamp, legal_basis_id, w.actor(), &today)?;
            w.audit("legal_basis_countersigned", "legal_bases", legal_basis_id)?;
            Ok(())
        })
    }

    /// Records the safety screen (restricted, tier 3).
    pub fn record_safety_screen(
        &mut self,
        input: SafetyScreenInput,
    ) -> Result<Map<String, Json>, ApiError> {
        self.case_for_write(&input.case_id)?;
        let today = self.clock.today();
        let screened_on = date("screened_on", &input.screened_on, today)?;
        for (field, level) in [
            ("threats_to_participant", &input.threats_to_participant),
            ("risks_to_staff", &input.risks_to_staff),
        ] {
            if !LEVELS.contains(&level.as_str()) {
                return Err(invalid(field, "must be none, possible or credible"));
            }
        }
        let actor = self.session()?.user.id.clone();
        let id = self.audited_insert(
            "safety_screens",
            "safety_screen_recorded",
            vec![
                ("case_id", Value::Text(input.case_id.clone())),
                ("screened_on", Value::Text(screened_on.to_string())),
                (
                    "threats_to_participant",
                    Value::Text(input.threats_to_participant.clone()),
                ),
                ("risks_to_staff", Value::Text(input.risks_to_staff.clone())),
                (
                    "female_practitioner_required",
                    Value::Integer(input.female_practitioner_required.into()),
                ),
                (
                    "note",
                    text("note", &input.note, super::limits::max_of("note"))?,
                ),
                ("screened_by", Value::Text(actor)),
            ],
        )?;
        self.intake_row("safety_screens", &input.case_id, &id)
    }

    /// Consents, legal bases and safety screens as the reader may see them.
    pub fn case_intake(&self, case_id: &str) -> Result<IntakeView, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let conn = session.vault.conn();
        let role = session.user.role;
        let keep = |table: &str, rows: Vec<intake::Row>| -> Vec<Map<String, Json>> {
            rows.iter()
                .filter_map(|row| filtered(table, row, role, rel))
                .collect()
        };
        Ok(IntakeView {
            consents: keep("consents", intake::consents(conn, case_id)?),
            legal_bases: keep("legal_bases", intake::legal_bases(conn, case_id)?),
            safety_screens: keep("safety_screens", intake::safety_screens(conn, case_id)?),
        })
    }

    fn facts(&self, record: &CaseRecord, rel: Relation) -> Result<CaseFacts, ApiError> {
        let session = self.session()?;
        let conn = session.vault.conn();
        let case_id = record.text("id").unwrap_or_default();
        let today = self.clock.today();
        let consents = consent_facts(conn, case_id)?;
        let countersigned = has_countersigned_basis(conn, case_id)?;
        let child = case_is_child(record, today);
        let phase = match record.get("phase") {
            Some(Value::Integer(n)) => Phase::from_number(*n),
            _ => None,
        };
        let assessed = super::assessments::assessment_facts(conn, case_id)?;
        let (referrals, actions) = casework::coverage(conn, case_id)?;
        let needs: Vec<&str> = assessed.high_or_urgent.iter().map(String::as_str).collect();
        let uncovered =
            services::uncovered_domains(&needs, &as_refs(&referrals), &as_refs(&actions)).len();
        Ok(CaseFacts {
            phase,
            participation: consent::missing_for(
                Purpose::Participation,
                child,
                &consents,
                countersigned,
                today,
            ),
            assessment_consent: consent::missing_for(
                Purpose::Assessment,
                child,
                &consents,
                countersigned,
                today,
            ),
            has_case_worker: record.text("assigned_worker_id").is_some(),
            safety_screen_done: !intake::safety_screens(conn, case_id)?.is_empty(),
            has_assessment: assessed.has_assessment,
            domains_unscored: assessed.unscored,
            assessment_signed_off: assessed.signed_off,
            domains_without_action: uncovered,
            actor_signs_off: session.user.role == Role::Supervisor && rel == Relation::District,
            plan: super::plans::plan_facts(conn, case_id, child)?,
            review_signed: super::plans::review_signed(conn, case_id)?,
        })
    }

    /// The phase and what the next gate still needs, for the case screen.
    /// What is missing names consents, the safety screen and the plan's
    /// state, so a reader who may not open consents (a mentor) gets the
    /// phase and the next step only.
    pub fn case_gate(&self, case_id: &str) -> Result<GateView, ApiError> {
        let (session, record, rel) = self.case_in_scope(case_id)?;
        let sees_gate = may_open(
            session.user.role,
            rel,
            View::Consents,
            crate::domain::access::Tier::T2,
        );
        let facts = self.facts(&record, rel)?;
        let phase = facts.phase.unwrap_or(Phase::Intake);
        let next = phase::next_gate(phase);
        let missing = next
            .as_ref()
            .filter(|_| sees_gate)
            .map(|t| {
                phase::missing_for(t, &facts)
                    .iter()
                    .map(missing_view)
                    .collect()
            })
            .unwrap_or_default();
        Ok(GateView {
            phase: phase.number(),
            next: next.as_ref().map(transition_code),
            missing,
        })
    }

    /// Moves a case through a gate, or refuses with what is missing
    /// (`consent_required` when consent is among it).
    /// Opening a review goes through `start_review`, so a case never
    /// stands in phase 5 without its review record.
    pub fn transition_case(&mut self, input: TransitionInput) -> Result<GateView, ApiError> {
        if input.transition == "start_review" {
            self.start_review(&input.case_id)?;
            return self.case_gate(&input.case_id);
        }
        self.move_case(input)
    }

    /// Moves the case if its gate allows, with the audit event.
    pub(crate) fn move_case(&mut self, input: TransitionInput) -> Result<GateView, ApiError> {
        let (_, record, rel) = self.case_in_scope(&input.case_id)?;
        if !matches!(rel, Relation::Assigned | Relation::District) {
            return Err(ApiError::Forbidden);
        }
        let transition = match input.transition.as_str() {
            "start_assessment" => Transition::StartAssessment,
            "start_service_mapping" => Transition::StartServiceMapping,
            "start_plan" => Transition::StartPlan,
            "close" => Transition::Close {
                reason: input.reason.clone(),
            },
            "end_intake" => Transition::EndIntake {
                outcome: input.outcome.clone(),
                reason: input.reason.clone(),
            },
            "start_implementation" => Transition::StartImplementation,
            "start_review" => Transition::StartReview,
            "finish_review" => Transition::FinishReview {
                decision: input.outcome.clone(),
                reason: input.reason.clone(),
            },
            "return_to_implementation" => Transition::ReturnToImplementation,
            _ => return Err(invalid("transition", "is not a known transition")),
        };
        let facts = self.facts(&record, rel)?;
        let missing = phase::missing_for(&transition, &facts);
        if missing.contains(&Missing::Closed) {
            return Err(ApiError::CaseClosed);
        }
        if missing.iter().any(|m| matches!(m, Missing::Consent(_))) {
            return Err(ApiError::ConsentRequired);
        }
        if !missing.is_empty() {
            return Err(ApiError::GateNotMet {
                missing: missing.len(),
            });
        }
        let note = text("note", &input.note, super::limits::max_of("note"))?;
        let today = self.clock.today().to_string();
        let target = phase::target(&transition).number();
        self.write(|w| -> Result<(), ApiError> {
            let note = match &note {
                Value::Text(t) => t.as_str(),
                _ => "",
            };
            let ending = match &transition {
                Transition::Close { reason } => Some((reason.as_str(), "", note, today.as_str())),
                Transition::FinishReview { decision, reason } if decision == "close" => {
                    Some((reason.as_str(), "", note, today.as_str()))
                }
                Transition::EndIntake { outcome, reason } => {
                    Some(("", outcome.as_str(), reason.as_str(), today.as_str()))
                }
                _ => None,
            };
            intake::set_phase(w.conn(), &w.stamp, &input.case_id, target, &today, ending)?;
            w.audit(
                &format!("phase_{}", transition_code(&transition)),
                "case",
                &input.case_id,
            )?;
            Ok(())
        })?;
        self.case_gate(&input.case_id)
    }
}
