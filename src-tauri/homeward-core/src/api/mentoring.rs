//! The mentoring agreement through the api. A draft version is written by
//! the case worker, a supervisor of the district or the mentor; family and
//! network members join only when assessed as a positive resource, anyone
//! else only by a supervisor's override with a written reason (audited
//! apart). Once both parties acknowledge a version it replaces the one
//! before; a revision every three months records each goal's outcome, the
//! mentee's satisfaction and the next date. A mentor's home screen lists
//! the revisions due.

use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::app::App;
use super::error::ApiError;
use super::intake::{column_text, date, filtered, invalid, text};
use crate::domain::access::Relation;
use crate::domain::cadence::{next_due, standing, Standing, DUE_SOON_DAYS};
use crate::domain::phase::Phase;
use crate::domain::role::Role;
use crate::store::intake::{self as rows, Row};
use crate::store::plans::{self as store, agreements, children, update};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    pub agreement_id: String,
    #[serde(default)]
    pub start_on: String,
    #[serde(default)]
    pub focus_areas: String,
    #[serde(default)]
    pub meeting_frequency: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub safety_note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementGoalInput {
    pub agreement_id: String,
    #[serde(default)]
    pub goal_id: String,
    /// The plan goal this serves (its item key), if any.
    #[serde(default)]
    pub plan_goal_key: String,
    pub goal: String,
    #[serde(default)]
    pub mentee_will: String,
    #[serde(default)]
    pub mentor_will: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    pub agreement_id: String,
    pub name: String,
    pub relation: String,
    pub positive: bool,
    #[serde(default)]
    pub assessment_note: String,
    /// A supervisor's written reason to admit someone not assessed positive.
    #[serde(default)]
    pub override_reason: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeInput {
    pub agreement_id: String,
    /// "mentee" or "mentor".
    pub party: String,
    pub on: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub goal_id: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionInput {
    pub agreement_id: String,
    pub revised_on: String,
    pub satisfaction: i64,
    #[serde(default)]
    pub changed_goals: String,
    pub outcomes: Vec<OutcomeInput>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub agreement: Map<String, Json>,
    pub goals: Vec<Map<String, Json>>,
    pub members: Vec<Map<String, Json>>,
    pub revisions: Vec<Map<String, Json>>,
    pub outcomes: Vec<Map<String, Json>>,
}

/// An agreement revision due or overdue on the reader's home screen.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionDueView {
    pub case_id: String,
    pub case_number: String,
    pub agreement_id: String,
    pub due: String,
    pub standing: &'static str,
    pub days: i64,
}

const OUTCOMES: [&str; 3] = ["implemented", "partly", "not"];

fn col(row: &Row, name: &str) -> String {
    column_text(row, name).unwrap_or_default()
}

fn required(field: &'static str, value: &str) -> Result<Value, ApiError> {
    let checked = text(field, value, super::limits::max_of(field))?;
    if matches!(&checked, Value::Text(t) if t.is_empty()) {
        return Err(invalid(field, "is required"));
    }
    Ok(checked)
}

impl App {
    /// The case, for a write by its case worker, a supervisor of its
    /// district or its mentor; not closed.
    fn agreement_case(&self, case_id: &str) -> Result<Relation, ApiError> {
        let (_, record, rel) = self.case_in_scope(case_id)?;
        if !matches!(
            rel,
            Relation::Assigned | Relation::District | Relation::Mentee
        ) {
            return Err(ApiError::Forbidden);
        }
        if record.get("phase") == Some(&Value::Integer(Phase::Closed.number())) {
            return Err(ApiError::CaseClosed);
        }
        Ok(rel)
    }

    /// (case, agreement row) of an agreement the reader may write; drafts
    /// only unless `any_status`.
    fn agreement_for_write(&self, id: &str, any_status: bool) -> Result<(String, Row), ApiError> {
        let conn = self.session()?.vault.conn();
        let case_id =
            rows::case_of(conn, "mentoring_agreements", id)?.ok_or(ApiError::NotFound {
                entity: "agreement",
            })?;
        self.agreement_case(&case_id)?;
        let row = agreements(conn, &case_id)?
            .into_iter()
            .find(|a| col(a, "id") == id)
            .ok_or(ApiError::NotFound {
                entity: "agreement",
            })?;
        if !any_status && col(&row, "status") != "draft" {
            return Err(ApiError::Frozen);
        }
        Ok((case_id, row))
    }

    /// The case's draft agreement: the open one, else a new version copied
    /// from the newest (goals and members kept), else an empty first one.
    pub fn agreement_draft(&mut self, case_id: &str) -> Result<AgreementView, ApiError> {
        self.agreement_case(case_id)?;
        let (_, record, _) = self.case_in_scope(case_id)?;
        let mentor = record
            .text("mentor_id")
            .map(str::to_owned)
            .ok_or(invalid("mentor", "the case has no mentor matched"))?;
        let conn = self.session()?.vault.conn();
        let all = agreements(conn, case_id)?;
        if let Some(draft) = all.iter().find(|a| col(a, "status") == "draft") {
            let id = col(draft, "id");
            return self.agreement_view(case_id, &id);
        }
        let newest = all.last().cloned();
        let case = case_id.to_owned();
        let id = self.write(|w| -> Result<String, ApiError> {
            let version =
                newest
                    .as_ref()
                    .map_or(1, |a| match a.iter().find(|(c, _)| c == "version_no") {
                        Some((_, Value::Integer(n))) => n + 1,
                        _ => 1,
                    });
            let mut columns: Vec<(&str, Value)> = vec![
                ("case_id", Value::Text(case.clone())),
                ("mentor_id", Value::Text(mentor.clone())),
                ("version_no", Value::Integer(version)),
                ("status", Value::Text("draft".into())),
            ];
            if let Some(old) = &newest {
                for name in [
                    "start_on",
                    "focus_areas",
                    "meeting_frequency",
                    "venue",
                    "safety_note",
                ] {
                    let value = old
                        .iter()
                        .find(|(c, _)| c == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or(Value::Null);
                    columns.push((name, value));
                }
            }
            let id = rows::insert(w.conn(), &w.stamp, "mentoring_agreements", &columns)?;
            if let Some(old) = &newest {
                let old_id = col(old, "id");
                for goal in children(w.conn(), "agreement_goals", &old_id)? {
                    let mut copy: Vec<(&str, Value)> =
                        vec![("agreement_id", Value::Text(id.clone()))];
                    for name in [
                        "item_key",
                        "plan_goal_key",
                        "goal",
                        "mentee_will",
                        "mentor_will",
                    ] {
                        copy.push((name, Value::Text(col(&goal, name))));
                    }
                    rows::insert(w.conn(), &w.stamp, "agreement_goals", &copy)?;
                }
                for member in children(w.conn(), "agreement_members", &old_id)? {
                    let mut copy: Vec<(&str, Value)> =
                        vec![("agreement_id", Value::Text(id.clone()))];
                    for name in [
                        "name",
                        "relation",
                        "positive",
                        "assessment_note",
                        "override_reason",
                        "override_by",
                    ] {
                        let value = member
                            .iter()
                            .find(|(c, _)| c == name)
                            .map(|(_, v)| v.clone())
                            .unwrap_or(Value::Null);
                        copy.push((name, value));
                    }
                    rows::insert(w.conn(), &w.stamp, "agreement_members", &copy)?;
                }
            }
            w.audit("agreement_drafted", "mentoring_agreements", &id)?;
            Ok(id)
        })?;
        self.agreement_view(case_id, &id)
    }

    fn agreement_view(&self, case_id: &str, id: &str) -> Result<AgreementView, ApiError> {
        self.case_agreements(case_id)?
            .into_iter()
            .find(|a| a.agreement.get("id").and_then(Json::as_str) == Some(id))
            .ok_or(ApiError::NotFound {
                entity: "agreement",
            })
    }

    pub fn save_agreement(&mut self, input: AgreementInput) -> Result<AgreementView, ApiError> {
        let (case_id, _) = self.agreement_for_write(&input.agreement_id, false)?;
        let start = match input.start_on.trim() {
            "" => Value::Null,
            day => Value::Text(
                NaiveDate::parse_from_str(day, "%Y-%m-%d")
                    .map_err(|_| invalid("start_on", "must be a date written YYYY-MM-DD"))?
                    .to_string(),
            ),
        };
        let columns = vec![
            ("start_on", start),
            (
                "focus_areas",
                text("focus_areas", &input.focus_areas, 2000)?,
            ),
            (
                "meeting_frequency",
                text("meeting_frequency", &input.meeting_frequency, 200)?,
            ),
            ("venue", text("venue", &input.venue, 500)?),
            (
                "safety_note",
                text("safety_note", &input.safety_note, 2000)?,
            ),
        ];
        let id = input.agreement_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            update(w.conn(), &w.stamp, "mentoring_agreements", &id, &columns)?;
            w.audit("agreement_saved", "mentoring_agreements", &id)?;
            Ok(())
        })?;
        self.agreement_view(&case_id, &input.agreement_id)
    }

    pub fn save_agreement_goal(
        &mut self,
        input: AgreementGoalInput,
    ) -> Result<AgreementView, ApiError> {
        let (case_id, _) = self.agreement_for_write(&input.agreement_id, false)?;
        let columns = vec![
            (
                "plan_goal_key",
                text(
                    "plan_goal_key",
                    &input.plan_goal_key,
                    super::limits::max_of("plan_goal_key"),
                )?,
            ),
            ("goal", required("goal", &input.goal)?),
            (
                "mentee_will",
                text("mentee_will", &input.mentee_will, 2000)?,
            ),
            (
                "mentor_will",
                text("mentor_will", &input.mentor_will, 2000)?,
            ),
        ];
        let (agreement, goal) = (input.agreement_id.clone(), input.goal_id.clone());
        self.write(|w| -> Result<(), ApiError> {
            if goal.is_empty() {
                let mut columns = columns;
                columns.push(("agreement_id", Value::Text(agreement.clone())));
                columns.push(("item_key", Value::Text(crate::store::new_id())));
                let id = rows::insert(w.conn(), &w.stamp, "agreement_goals", &columns)?;
                w.audit("agreement_goal_added", "agreement_goals", &id)?;
            } else {
                update(w.conn(), &w.stamp, "agreement_goals", &goal, &columns)?;
                w.audit("agreement_goal_changed", "agreement_goals", &goal)?;
            }
            Ok(())
        })?;
        self.agreement_view(&case_id, &input.agreement_id)
    }

    /// Adds a family or network member. Someone not assessed as a positive
    /// resource is refused unless a supervisor of the district overrides
    /// with a written reason; the override is its own audit event.
    pub fn add_agreement_member(&mut self, input: MemberInput) -> Result<AgreementView, ApiError> {
        let (case_id, _) = self.agreement_for_write(&input.agreement_id, false)?;
        let (session, _, rel) = self.case_in_scope(&case_id)?;
        let supervisor = session.user.role == Role::Supervisor && rel == Relation::District;
        let reason = input.override_reason.trim().to_owned();
        if !input.positive {
            if !supervisor {
                return Err(ApiError::Forbidden);
            }
            if reason.is_empty() {
                return Err(invalid(
                    "override_reason",
                    "a member not assessed as a positive resource needs a written reason",
                ));
            }
        } else if !reason.is_empty() {
            return Err(invalid(
                "override_reason",
                "only for a member not assessed positive",
            ));
        }
        let columns = vec![
            ("agreement_id", Value::Text(input.agreement_id.clone())),
            ("name", required("name", &input.name)?),
            ("relation", required("relation", &input.relation)?),
            ("positive", Value::Integer(input.positive.into())),
            (
                "assessment_note",
                text("assessment_note", &input.assessment_note, 2000)?,
            ),
            ("override_reason", text("override_reason", &reason, 2000)?),
        ];
        let positive = input.positive;
        self.write(|w| -> Result<(), ApiError> {
            let mut columns = columns;
            columns.push((
                "override_by",
                if positive {
                    Value::Null
                } else {
                    Value::Text(w.actor().to_owned())
                },
            ));
            let id = rows::insert(w.conn(), &w.stamp, "agreement_members", &columns)?;
            let action = if positive {
                "agreement_member_added"
            } else {
                "agreement_member_override"
            };
            w.audit(action, "agreement_members", &id)?;
            Ok(())
        })?;
        self.agreement_view(&case_id, &input.agreement_id)
    }

    /// Records one party's acknowledgement of a draft; with both, the
    /// version replaces the one before, and a first one sets the first
    /// revision three months after its start.
    pub fn acknowledge_agreement(
        &mut self,
        input: AcknowledgeInput,
    ) -> Result<AgreementView, ApiError> {
        let (case_id, row) = self.agreement_for_write(&input.agreement_id, false)?;
        let column = match input.party.as_str() {
            "mentee" => "mentee_ack_on",
            "mentor" => "mentor_ack_on",
            _ => return Err(invalid("party", "must be mentee or mentor")),
        };
        let on = date("on", &input.on, self.clock.today())?;
        let other = if column == "mentee_ack_on" {
            "mentor_ack_on"
        } else {
            "mentee_ack_on"
        };
        let both = column_text(&row, other).is_some();
        let conn = self.session()?.vault.conn();
        let previous: Vec<String> = agreements(conn, &case_id)?
            .iter()
            .filter(|a| col(a, "status") == "acknowledged")
            .map(|a| col(a, "id"))
            .collect();
        let start = NaiveDate::parse_from_str(&col(&row, "start_on"), "%Y-%m-%d").unwrap_or(on);
        let first_due = previous.is_empty().then(|| next_due(start).to_string());
        let carried_due: Option<String> = agreements(conn, &case_id)?
            .iter()
            .rev()
            .find(|a| col(a, "status") == "acknowledged")
            .and_then(|a| column_text(a, "next_revision_due"));
        let id = input.agreement_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            update(
                w.conn(),
                &w.stamp,
                "mentoring_agreements",
                &id,
                &[(column, Value::Text(on.to_string()))],
            )?;
            w.audit(&format!("agreement_{column}"), "mentoring_agreements", &id)?;
            if both {
                for old in &previous {
                    update(
                        w.conn(),
                        &w.stamp,
                        "mentoring_agreements",
                        old,
                        &[("status", Value::Text("superseded".into()))],
                    )?;
                }
                let due = first_due.clone().or(carried_due.clone());
                update(
                    w.conn(),
                    &w.stamp,
                    "mentoring_agreements",
                    &id,
                    &[
                        ("status", Value::Text("acknowledged".into())),
                        ("next_revision_due", due.map_or(Value::Null, Value::Text)),
                    ],
                )?;
                w.audit("agreement_acknowledged", "mentoring_agreements", &id)?;
            }
            Ok(())
        })?;
        self.agreement_view(&case_id, &input.agreement_id)
    }

    /// Records the three-monthly revision of the acknowledged agreement:
    /// every goal's outcome, the mentee's satisfaction, what changed; the
    /// next revision falls three calendar months later.
    pub fn revise_agreement(&mut self, input: RevisionInput) -> Result<AgreementView, ApiError> {
        let (case_id, row) = self.agreement_for_write(&input.agreement_id, true)?;
        if col(&row, "status") != "acknowledged" {
            return Err(invalid(
                "agreement_id",
                "only the acknowledged version is revised",
            ));
        }
        if !(1..=5).contains(&input.satisfaction) {
            return Err(invalid("satisfaction", "must be 1 to 5"));
        }
        let on = date("revised_on", &input.revised_on, self.clock.today())?;
        let conn = self.session()?.vault.conn();
        let goals: Vec<String> = children(conn, "agreement_goals", &input.agreement_id)?
            .iter()
            .map(|g| col(g, "id"))
            .collect();
        for outcome in &input.outcomes {
            if !goals.contains(&outcome.goal_id) || !OUTCOMES.contains(&outcome.outcome.as_str()) {
                return Err(invalid(
                    "outcomes",
                    "each needs a goal of this agreement and implemented, partly or not",
                ));
            }
        }
        if goals
            .iter()
            .any(|g| !input.outcomes.iter().any(|o| &o.goal_id == g))
        {
            return Err(invalid("outcomes", "every goal needs its outcome"));
        }
        let next = next_due(on).to_string();
        let changed = text("changed_goals", &input.changed_goals, 2000)?;
        let id = input.agreement_id.clone();
        let outcomes = input.outcomes.clone();
        let satisfaction = input.satisfaction;
        // The date this revision answers: the agreement's next revision as
        // it stood before (set when it was acknowledged or last revised).
        let due = match col(&row, "next_revision_due").as_str() {
            "" => on.to_string(),
            set => set.to_owned(),
        };
        self.write(|w| -> Result<(), ApiError> {
            let by = w.actor().to_owned();
            let revision = rows::insert(
                w.conn(),
                &w.stamp,
                "agreement_revisions",
                &[
                    ("agreement_id", Value::Text(id.clone())),
                    ("revised_on", Value::Text(on.to_string())),
                    ("due_on", Value::Text(due.clone())),
                    ("satisfaction", Value::Integer(satisfaction)),
                    ("changed_goals", changed.clone()),
                    ("next_due", Value::Text(next.clone())),
                    ("revised_by", Value::Text(by)),
                ],
            )?;
            for outcome in &outcomes {
                rows::insert(
                    w.conn(),
                    &w.stamp,
                    "revision_outcomes",
                    &[
                        ("revision_id", Value::Text(revision.clone())),
                        ("goal_id", Value::Text(outcome.goal_id.clone())),
                        ("outcome", Value::Text(outcome.outcome.clone())),
                    ],
                )?;
            }
            update(
                w.conn(),
                &w.stamp,
                "mentoring_agreements",
                &id,
                &[("next_revision_due", Value::Text(next.clone()))],
            )?;
            w.audit("agreement_revised", "agreement_revisions", &revision)?;
            Ok(())
        })?;
        self.agreement_view(&case_id, &input.agreement_id)
    }

    /// Every agreement version of a case with goals, members, revisions
    /// and outcomes, as the reader may see them.
    pub fn case_agreements(&self, case_id: &str) -> Result<Vec<AgreementView>, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let conn = session.vault.conn();
        let role = session.user.role;
        let keep = |table: &str, found: Vec<Row>| -> Vec<Map<String, Json>> {
            found
                .iter()
                .filter_map(|r| filtered(table, r, role, rel))
                .collect()
        };
        let mut out = Vec::new();
        for agreement in agreements(conn, case_id)? {
            let Some(view) = filtered("mentoring_agreements", &agreement, role, rel) else {
                continue;
            };
            let id = col(&agreement, "id");
            let revisions = children(conn, "agreement_revisions", &id)?;
            let mut outcomes = Vec::new();
            for revision in &revisions {
                outcomes.extend(keep(
                    "revision_outcomes",
                    store::outcomes(conn, &col(revision, "id"))?,
                ));
            }
            out.push(AgreementView {
                agreement: view,
                goals: keep("agreement_goals", children(conn, "agreement_goals", &id)?),
                members: keep(
                    "agreement_members",
                    children(conn, "agreement_members", &id)?,
                ),
                revisions: keep("agreement_revisions", revisions),
                outcomes,
            });
        }
        Ok(out)
    }

    /// Agreement revisions due within 14 days or overdue among the reader's
    /// cases (a mentor's mentees), the most overdue first.
    pub fn revisions_due(&self) -> Result<Vec<RevisionDueView>, ApiError> {
        Ok(self.revisions_due_first(-1)?.0)
    }

    /// [`App::revisions_due`], at most `limit` of them (all when
    /// negative), and how many there are.
    pub(crate) fn revisions_due_first(
        &self,
        limit: i64,
    ) -> Result<(Vec<RevisionDueView>, i64), ApiError> {
        let session = self.session()?;
        let today = self.clock.today();
        let until = (today + chrono::Days::new(DUE_SOON_DAYS as u64)).to_string();
        let scope = super::cases::row_scope(session);
        let (found, total) =
            crate::store::plans::revisions_due(session.vault.conn(), &scope, &until, limit)?;
        let mut out = Vec::new();
        for (case_id, number, agreement_id, due) in found {
            let Ok(day) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else {
                continue;
            };
            let (code, days) = match standing(day, today) {
                Standing::Overdue(d) => ("overdue", d),
                Standing::DueSoon(d) => ("due", d),
                Standing::Later => continue,
            };
            out.push(RevisionDueView {
                case_number: number,
                case_id,
                agreement_id,
                due,
                standing: code,
                days,
            });
        }
        Ok((out, total))
    }
}
