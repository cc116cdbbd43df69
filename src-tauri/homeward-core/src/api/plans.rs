//! The multi-agency plan and the three-monthly review through the api.
//! A plan is edited as a draft version (goals linked to need domains,
//! actions with a responsible organisation); the participant's agreement
//! (and a child's and guardian's views), the case worker's signature and a
//! supervisor's sign-off make it the active version, and the version it
//! replaces is frozen. Action statuses move on the active version. Signing
//! a review freezes the active version as it stood, sets the next review
//! three calendar months after the review, and the review's decision moves
//! the case on. Reads pass the registry filter (a mentor sees plan goals
//! and the actions assigned to the mentor).

use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::app::App;
use super::error::ApiError;
use super::intake::{column_text, date, filtered, filtered_as, invalid, text, TransitionInput};
use crate::domain::access::{Relation, View};
use crate::domain::cadence::{next_due, standing, Standing};
use crate::domain::needs;
use crate::domain::phase::Phase;
use crate::domain::plan::{self, Item, ItemKind, PlanFacts, ACTION_STATUSES, AGREEMENTS};
use crate::domain::role::Role;
use crate::store::intake::{self as rows, Row};
use crate::store::plans as store;
use crate::store::StoreError;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalInput {
    pub plan_id: String,
    /// Empty for a new goal.
    #[serde(default)]
    pub goal_id: String,
    pub description: String,
    pub domains: Vec<String>,
    #[serde(default)]
    pub success_measure: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    pub goal_id: String,
    /// Empty for a new action.
    #[serde(default)]
    pub action_id: String,
    pub description: String,
    pub responsible_org: String,
    #[serde(default)]
    pub responsible_role: String,
    #[serde(default)]
    pub partners: String,
    #[serde(default)]
    pub resources: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub blocking_reason: String,
    #[serde(default)]
    pub referral_id: String,
    #[serde(default)]
    pub assigned_to_mentor: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    pub plan_id: String,
    pub agreement: String,
    pub on: String,
    #[serde(default)]
    pub child_view: String,
    #[serde(default)]
    pub guardian_view: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionStatusInput {
    pub action_id: String,
    pub status: String,
    #[serde(default)]
    pub blocking_reason: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub review_id: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub participant_feedback: String,
    #[serde(default)]
    pub family_rechecked: bool,
    #[serde(default)]
    pub decision: String,
}

/// One plan version with its goals and actions, as the reader may see it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub plan: Map<String, Json>,
    pub goals: Vec<Map<String, Json>>,
    pub actions: Vec<Map<String, Json>>,
}

/// How two versions differ, with each item's text for the page.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    pub from: i64,
    pub to: i64,
    pub added: Vec<Map<String, Json>>,
    pub changed: Vec<ChangedView>,
    pub dropped: Vec<Map<String, Json>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangedView {
    pub before: Map<String, Json>,
    pub after: Map<String, Json>,
}

/// A review due or overdue on the reader's home screen.
#[derive(Debug, Clone, Serialize)]
pub struct DueView {
    pub case_id: String,
    pub case_number: String,
    pub due: String,
    /// "overdue" or "due".
    pub standing: &'static str,
    pub days: i64,
}

fn col(row: &Row, name: &str) -> String {
    column_text(row, name).unwrap_or_default()
}

fn int(row: &Row, name: &str) -> i64 {
    row.iter()
        .find(|(c, _)| c == name)
        .and_then(|(_, v)| match v {
            Value::Integer(i) => Some(*i),
            _ => None,
        })
        .unwrap_or(0)
}

/// The plan version the gate and the editors look at: the newest that is
/// not frozen.
fn current(plans: &[Row]) -> Option<&Row> {
    plans.iter().rev().find(|p| col(p, "status") != "frozen")
}

/// The gate's view of the case's current plan version.
pub(crate) fn plan_facts(
    conn: &rusqlite::Connection,
    case_id: &str,
    child: bool,
) -> Result<PlanFacts, StoreError> {
    let all = store::plans(conn, case_id)?;
    let Some(plan) = current(&all) else {
        return Ok(PlanFacts::default());
    };
    let id = col(plan, "id");
    let goals = store::goals(conn, &id)?;
    let actions = store::actions(conn, &id)?;
    let complete = !goals.is_empty()
        && goals.iter().all(|g| {
            let gid = col(g, "id");
            actions.iter().any(|a| col(a, "goal_id") == gid)
        });
    Ok(PlanFacts {
        has_plan: true,
        complete,
        agreed: col(plan, "participant_agreement") == "agreed",
        child_views_missing: child
            && (col(plan, "child_view").trim().is_empty()
                || col(plan, "guardian_view").trim().is_empty()),
        signed_by_case_worker: column_text(plan, "signed_by").is_some(),
        signed_off: column_text(plan, "signed_off_by").is_some(),
    })
}

/// Whether the case's open review (the newest) is signed.
pub(crate) fn review_signed(
    conn: &rusqlite::Connection,
    case_id: &str,
) -> Result<bool, StoreError> {
    Ok(store::reviews(conn, case_id)?
        .last()
        .is_some_and(|r| column_text(r, "signed_by").is_some()))
}

fn items(goals: &[Row], actions: &[Row]) -> Vec<Item> {
    let mut out = Vec::new();
    for g in goals {
        out.push(Item {
            key: col(g, "item_key"),
            kind: ItemKind::Goal,
            content: ["description", "domains", "success_measure"]
                .iter()
                .map(|c| col(g, c))
                .collect(),
        });
    }
    for a in actions {
        let goal_key = goals
            .iter()
            .find(|g| col(g, "id") == col(a, "goal_id"))
            .map(|g| col(g, "item_key"))
            .unwrap_or_default();
        let mut content: Vec<String> = [
            "description",
            "responsible_org",
            "responsible_role",
            "partners",
            "resources",
            "due_on",
            "status",
            "blocking_reason",
            "referral_id",
        ]
        .iter()
        .map(|c| col(a, c))
        .collect();
        content.push(int(a, "assigned_to_mentor").to_string());
        content.push(goal_key);
        out.push(Item {
            key: col(a, "item_key"),
            kind: ItemKind::Action,
            content,
        });
    }
    out
}

impl App {
    /// The case of a plan row, for a write by its case worker or a
    /// supervisor of its district (not closed); with the plan's status.
    fn plan_for_write(&self, table: &str, id: &str) -> Result<(String, String, String), ApiError> {
        let (case_id, plan_id, status) = store::owner(self.session()?.vault.conn(), table, id)?
            .ok_or(ApiError::NotFound { entity: "plan" })?;
        self.case_for_write(&case_id)?;
        Ok((case_id, plan_id, status))
    }

    fn plan_draft_only(&self, table: &str, id: &str) -> Result<(String, String), ApiError> {
        let (case_id, plan_id, status) = self.plan_for_write(table, id)?;
        if status != "draft" {
            return Err(ApiError::Frozen);
        }
        Ok((case_id, plan_id))
    }

    /// The case's draft plan: the open one, else a new version copied from
    /// the newest (keys kept, agreement and signatures cleared), else an
    /// empty first version. From the plan phase on.
    pub fn plan_draft(&mut self, case_id: &str) -> Result<PlanView, ApiError> {
        let record = self.case_for_write(case_id)?;
        let phase = match record.get("phase") {
            Some(Value::Integer(n)) => Phase::from_number(*n),
            _ => None,
        };
        if !matches!(
            phase,
            Some(Phase::Plan | Phase::Implementation | Phase::Review | Phase::FollowUp)
        ) {
            return Err(ApiError::GateNotMet { missing: 1 });
        }
        let all = store::plans(self.session()?.vault.conn(), case_id)?;
        if let Some(draft) = all.iter().rev().find(|p| col(p, "status") == "draft") {
            let id = col(draft, "id");
            return self.plan_view(case_id, &id);
        }
        let newest = all.last().map(|p| (col(p, "id"), int(p, "version_no")));
        let case = case_id.to_owned();
        let id = self.write(|w| -> Result<String, ApiError> {
            let version = newest.as_ref().map_or(1, |(_, n)| n + 1);
            let id = rows::insert(
                w.conn(),
                &w.stamp,
                "plans",
                &[
                    ("case_id", Value::Text(case.clone())),
                    ("version_no", Value::Integer(version)),
                    ("status", Value::Text("draft".into())),
                ],
            )?;
            if let Some((from, _)) = &newest {
                store::copy_items(w.conn(), &w.stamp, from, &id)?;
            }
            w.audit("plan_drafted", "plans", &id)?;
            Ok(id)
        })?;
        self.plan_view(case_id, &id)
    }

    fn plan_view(&self, case_id: &str, plan_id: &str) -> Result<PlanView, ApiError> {
        self.case_plans(case_id)?
            .into_iter()
            .find(|p| p.plan.get("id").and_then(Json::as_str) == Some(plan_id))
            .ok_or(ApiError::NotFound { entity: "plan" })
    }

    /// Adds or edits a goal of a draft.
    pub fn save_goal(&mut self, input: GoalInput) -> Result<PlanView, ApiError> {
        let (case_id, plan_id) = if input.goal_id.is_empty() {
            self.plan_draft_only("plans", &input.plan_id)
        } else {
            self.plan_draft_only("plan_goals", &input.goal_id)
        }?;
        if input.domains.is_empty() || input.domains.iter().any(|d| needs::domain(d).is_none()) {
            return Err(invalid("domains", "must name one or more need domains"));
        }
        let description = required("description", &input.description)?;
        let columns = vec![
            ("description", description),
            ("domains", Value::Text(input.domains.join(","))),
            (
                "success_measure",
                text("success_measure", &input.success_measure, 2000)?,
            ),
        ];
        let goal_id = input.goal_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            if goal_id.is_empty() {
                let mut columns = columns;
                let key = crate::store::new_id();
                columns.push(("plan_id", Value::Text(plan_id.clone())));
                columns.push(("item_key", Value::Text(key)));
                let id = rows::insert(w.conn(), &w.stamp, "plan_goals", &columns)?;
                w.audit("plan_goal_added", "plan_goals", &id)?;
            } else {
                store::update(w.conn(), &w.stamp, "plan_goals", &goal_id, &columns)?;
                w.audit("plan_goal_changed", "plan_goals", &goal_id)?;
            }
            Ok(())
        })?;
        self.plan_view(&case_id, &plan_id)
    }

    /// Adds or edits an action under a goal of a draft.
    pub fn save_plan_action(&mut self, input: ActionInput) -> Result<PlanView, ApiError> {
        let (case_id, plan_id) = if input.action_id.is_empty() {
            self.plan_draft_only("plan_goals", &input.goal_id)
        } else {
            self.plan_draft_only("plan_actions", &input.action_id)
        }?;
        let today = self.clock.today();
        let status = if input.status.trim().is_empty() {
            "planned".to_owned()
        } else if ACTION_STATUSES.contains(&input.status.trim()) {
            input.status.trim().to_owned()
        } else {
            return Err(invalid("status", "is not one of the allowed values"));
        };
        if status == "blocked" && input.blocking_reason.trim().is_empty() {
            return Err(invalid(
                "blocking_reason",
                "is required for a blocked action",
            ));
        }
        let due_on = match input.due_on.trim() {
            "" => Value::Null,
            day => Value::Text(future_date("due_on", day, today)?.to_string()),
        };
        let referral = match input.referral_id.trim() {
            "" => Value::Null,
            id => {
                let found = rows::case_of(self.session()?.vault.conn(), "referrals", id)?;
                if found.as_deref() != Some(case_id.as_str()) {
                    return Err(invalid("referral_id", "is not a referral of this case"));
                }
                Value::Text(id.to_owned())
            }
        };
        let columns = vec![
            ("description", required("description", &input.description)?),
            (
                "responsible_org",
                required("responsible_org", &input.responsible_org)?,
            ),
            (
                "responsible_role",
                text("responsible_role", &input.responsible_role, 200)?,
            ),
            ("partners", text("partners", &input.partners, 500)?),
            ("resources", text("resources", &input.resources, 1000)?),
            ("due_on", due_on),
            ("status", Value::Text(status)),
            (
                "blocking_reason",
                text("blocking_reason", &input.blocking_reason, 1000)?,
            ),
            ("referral_id", referral),
            (
                "assigned_to_mentor",
                Value::Integer(input.assigned_to_mentor.into()),
            ),
        ];
        let (goal_id, action_id) = (input.goal_id.clone(), input.action_id.clone());
        let plan = plan_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            if action_id.is_empty() {
                let mut columns = columns;
                columns.push(("plan_id", Value::Text(plan.clone())));
                columns.push(("goal_id", Value::Text(goal_id.clone())));
                columns.push(("item_key", Value::Text(crate::store::new_id())));
                let id = rows::insert(w.conn(), &w.stamp, "plan_actions", &columns)?;
                w.audit("plan_action_added", "plan_actions", &id)?;
            } else {
                store::update(w.conn(), &w.stamp, "plan_actions", &action_id, &columns)?;
                w.audit("plan_action_changed", "plan_actions", &action_id)?;
            }
            Ok(())
        })?;
        self.plan_view(&case_id, &plan_id)
    }

    /// Removes a goal (with its actions) or an action from a draft.
    pub fn remove_plan_item(&mut self, table: &str, id: &str) -> Result<PlanView, ApiError> {
        let table = match table {
            "goal" => "plan_goals",
            "action" => "plan_actions",
            _ => return Err(invalid("item", "must be goal or action")),
        };
        let (case_id, plan_id) = self.plan_draft_only(table, id)?;
        let id = id.to_owned();
        self.write(|w| -> Result<(), ApiError> {
            store::remove(w.conn(), &w.stamp, table, &id)?;
            w.audit("plan_item_removed", table, &id)?;
            Ok(())
        })?;
        self.plan_view(&case_id, &plan_id)
    }

    /// Records the participant's answer to a draft (and, for a child, the
    /// child's and the guardian's views).
    pub fn record_plan_agreement(&mut self, input: AgreementInput) -> Result<PlanView, ApiError> {
        let (case_id, plan_id) = self.plan_draft_only("plans", &input.plan_id)?;
        if !AGREEMENTS.contains(&input.agreement.as_str()) {
            return Err(invalid("agreement", "is not one of the allowed values"));
        }
        let on = date("on", &input.on, self.clock.today())?.to_string();
        let columns = vec![
            (
                "participant_agreement",
                Value::Text(input.agreement.clone()),
            ),
            ("agreement_on", Value::Text(on)),
            ("child_view", text("child_view", &input.child_view, 2000)?),
            (
                "guardian_view",
                text("guardian_view", &input.guardian_view, 2000)?,
            ),
        ];
        let plan = plan_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            store::update(w.conn(), &w.stamp, "plans", &plan, &columns)?;
            w.audit("plan_agreement_recorded", "plans", &plan)?;
            Ok(())
        })?;
        self.plan_view(&case_id, &plan_id)
    }

    /// The case worker signs a complete, agreed draft.
    pub fn sign_plan(&mut self, plan_id: &str) -> Result<PlanView, ApiError> {
        let (case_id, _) = self.plan_draft_only("plans", plan_id)?;
        let (session, record, rel) = self.case_in_scope(&case_id)?;
        if session.user.role != Role::CaseWorker || rel != Relation::Assigned {
            return Err(ApiError::Forbidden);
        }
        let child = super::intake::case_is_child(&record, self.clock.today());
        let facts = plan_facts(session.vault.conn(), &case_id, child)?;
        if !facts.complete || !facts.agreed || facts.child_views_missing {
            return Err(ApiError::GateNotMet { missing: 1 });
        }
        let today = self.clock.today().to_string();
        let plan = plan_id.to_owned();
        self.write(|w| -> Result<(), ApiError> {
            let by = w.actor().to_owned();
            store::update(
                w.conn(),
                &w.stamp,
                "plans",
                &plan,
                &[
                    ("signed_by", Value::Text(by)),
                    ("signed_on", Value::Text(today)),
                ],
            )?;
            w.audit("plan_signed", "plans", &plan)?;
            Ok(())
        })?;
        self.plan_view(&case_id, plan_id)
    }

    /// A supervisor of the district signs off a signed draft: it becomes
    /// the active version, the one it replaces is frozen, and a first plan
    /// sets the first review three months after the participant agreed.
    pub fn sign_off_plan(&mut self, plan_id: &str) -> Result<PlanView, ApiError> {
        let (case_id, _) = self.plan_draft_only("plans", plan_id)?;
        let (session, record, rel) = self.case_in_scope(&case_id)?;
        if session.user.role != Role::Supervisor || rel != Relation::District {
            return Err(ApiError::Forbidden);
        }
        let conn = session.vault.conn();
        let all = store::plans(conn, &case_id)?;
        let this = all
            .iter()
            .find(|p| col(p, "id") == plan_id)
            .ok_or(ApiError::NotFound { entity: "plan" })?;
        if column_text(this, "signed_by").is_none() {
            return Err(ApiError::GateNotMet { missing: 1 });
        }
        let agreed_on = col(this, "agreement_on");
        let replaced: Vec<String> = all
            .iter()
            .filter(|p| col(p, "status") == "active")
            .map(|p| col(p, "id"))
            .collect();
        let first_review = record
            .text("next_review_due")
            .is_none()
            .then(|| NaiveDate::parse_from_str(&agreed_on, "%Y-%m-%d").ok())
            .flatten()
            .map(|d| next_due(d).to_string());
        let today = self.clock.today().to_string();
        let plan = plan_id.to_owned();
        let case = case_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            let by = w.actor().to_owned();
            for old in &replaced {
                store::update(
                    w.conn(),
                    &w.stamp,
                    "plans",
                    old,
                    &[
                        ("status", Value::Text("frozen".into())),
                        ("frozen_on", Value::Text(today.clone())),
                    ],
                )?;
                w.audit("plan_frozen", "plans", old)?;
            }
            store::update(
                w.conn(),
                &w.stamp,
                "plans",
                &plan,
                &[
                    ("status", Value::Text("active".into())),
                    ("signed_off_by", Value::Text(by)),
                    ("signed_off_on", Value::Text(today.clone())),
                ],
            )?;
            w.audit("plan_signed_off", "plans", &plan)?;
            if let Some(due) = &first_review {
                store::set_next_review(w.conn(), &w.stamp, &case, due)?;
                w.audit("review_scheduled", "case", &case)?;
            }
            Ok(())
        })?;
        self.plan_view(&case_id, plan_id)
    }

    /// Moves an action of the active plan (implementation goes on between
    /// reviews); a blocked action needs its reason.
    pub fn set_plan_action_status(
        &mut self,
        input: ActionStatusInput,
    ) -> Result<PlanView, ApiError> {
        let (case_id, plan_id, status) = self.plan_for_write("plan_actions", &input.action_id)?;
        if status == "frozen" {
            return Err(ApiError::Frozen);
        }
        if !ACTION_STATUSES.contains(&input.status.as_str()) {
            return Err(invalid("status", "is not one of the allowed values"));
        }
        if input.status == "blocked" && input.blocking_reason.trim().is_empty() {
            return Err(invalid(
                "blocking_reason",
                "is required for a blocked action",
            ));
        }
        let columns = vec![
            ("status", Value::Text(input.status.clone())),
            (
                "blocking_reason",
                text("blocking_reason", &input.blocking_reason, 1000)?,
            ),
        ];
        let action = input.action_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            store::update(w.conn(), &w.stamp, "plan_actions", &action, &columns)?;
            w.audit("plan_action_status", "plan_actions", &action)?;
            Ok(())
        })?;
        self.plan_view(&case_id, &plan_id)
    }

    /// Every plan version of a case, oldest first. A mentor sees the goals
    /// and only the actions assigned to the mentor.
    pub fn case_plans(&self, case_id: &str) -> Result<Vec<PlanView>, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let conn = session.vault.conn();
        let role = session.user.role;
        let mut out = Vec::new();
        for plan in store::plans(conn, case_id)? {
            let Some(view) = filtered("plans", &plan, role, rel) else {
                continue;
            };
            let id = col(&plan, "id");
            let goals = store::goals(conn, &id)?
                .iter()
                .filter_map(|g| filtered("plan_goals", g, role, rel))
                .collect();
            let actions = store::actions(conn, &id)?
                .iter()
                .filter_map(|a| {
                    if int(a, "assigned_to_mentor") == 1 {
                        filtered_as("plan_actions", a, role, rel, View::MentorActions)
                            .or_else(|| filtered("plan_actions", a, role, rel))
                    } else {
                        filtered("plan_actions", a, role, rel)
                    }
                })
                .collect();
            out.push(PlanView {
                plan: view,
                goals,
                actions,
            });
        }
        Ok(out)
    }

    /// Compares two versions of a case's plan: goals and actions added,
    /// changed (before and after) and dropped.
    pub fn compare_plans(
        &self,
        case_id: &str,
        from: i64,
        to: i64,
    ) -> Result<CompareView, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let conn = session.vault.conn();
        let role = session.user.role;
        let all = store::plans(conn, case_id)?;
        let version = |n: i64| -> Result<(Vec<Row>, Vec<Row>), ApiError> {
            let plan = all
                .iter()
                .find(|p| int(p, "version_no") == n)
                .ok_or(ApiError::NotFound { entity: "plan" })?;
            let id = col(plan, "id");
            Ok((store::goals(conn, &id)?, store::actions(conn, &id)?))
        };
        let (old_goals, old_actions) = version(from)?;
        let (new_goals, new_actions) = version(to)?;
        let diff = plan::compare(
            &items(&old_goals, &old_actions),
            &items(&new_goals, &new_actions),
        );
        let find = |goals: &[Row], actions: &[Row], key: &str| -> Option<Map<String, Json>> {
            goals
                .iter()
                .find(|g| col(g, "item_key") == key)
                .and_then(|g| filtered("plan_goals", g, role, rel))
                .or_else(|| {
                    actions
                        .iter()
                        .find(|a| col(a, "item_key") == key)
                        .and_then(|a| filtered("plan_actions", a, role, rel))
                })
        };
        Ok(CompareView {
            from,
            to,
            added: diff
                .added
                .iter()
                .filter_map(|k| find(&new_goals, &new_actions, k))
                .collect(),
            changed: diff
                .changed
                .iter()
                .filter_map(|k| {
                    Some(ChangedView {
                        before: find(&old_goals, &old_actions, k)?,
                        after: find(&new_goals, &new_actions, k)?,
                    })
                })
                .collect(),
            dropped: diff
                .dropped
                .iter()
                .filter_map(|k| find(&old_goals, &old_actions, k))
                .collect(),
        })
    }

    /// Opens the three-monthly review of a case in implementation or
    /// follow-up: the case moves to phase 5, and the needs re-scoring starts
    /// as an assessment draft pre-filled from the last one.
    pub fn start_review(&mut self, case_id: &str) -> Result<Map<String, Json>, ApiError> {
        self.move_case(TransitionInput {
            case_id: case_id.to_owned(),
            transition: "start_review".into(),
            ..TransitionInput::default()
        })?;
        let draft = self.start_assessment(case_id)?;
        let assessment = draft
            .assessment
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        let today = self.clock.today().to_string();
        let case = case_id.to_owned();
        let id = self.write(|w| -> Result<String, ApiError> {
            // The date this review answers: the case's next review as it
            // stood when the review opened (a first review early in
            // implementation has none yet, and answers its own day).
            let due = store::review_due_of(w.conn(), &case)?.unwrap_or_else(|| today.clone());
            let id = rows::insert(
                w.conn(),
                &w.stamp,
                "reviews",
                &[
                    ("case_id", Value::Text(case.clone())),
                    ("started_on", Value::Text(today.clone())),
                    ("due_on", Value::Text(due)),
                    ("assessment_id", Value::Text(assessment.clone())),
                ],
            )?;
            w.audit("review_started", "reviews", &id)?;
            Ok(id)
        })?;
        self.review_row(case_id, &id)
    }

    fn review_row(&self, case_id: &str, id: &str) -> Result<Map<String, Json>, ApiError> {
        self.case_reviews(case_id)?
            .into_iter()
            .find(|r| r.get("id").and_then(Json::as_str) == Some(id))
            .ok_or(ApiError::NotFound { entity: "review" })
    }

    fn open_review(&self, review_id: &str) -> Result<(String, Row), ApiError> {
        let conn = self.session()?.vault.conn();
        let case_id = rows::case_of(conn, "reviews", review_id)?
            .ok_or(ApiError::NotFound { entity: "review" })?;
        self.case_for_write(&case_id)?;
        let row = store::reviews(conn, &case_id)?
            .into_iter()
            .find(|r| col(r, "id") == review_id)
            .ok_or(ApiError::NotFound { entity: "review" })?;
        if column_text(&row, "signed_by").is_some() {
            return Err(ApiError::Frozen);
        }
        Ok((case_id, row))
    }

    /// Saves the review's own fields: when it was held, the participant's
    /// feedback, whether family involvement was re-checked, the decision.
    pub fn save_review(&mut self, input: ReviewInput) -> Result<Map<String, Json>, ApiError> {
        let (case_id, _) = self.open_review(&input.review_id)?;
        let today = self.clock.today();
        let held = match input.held_on.trim() {
            "" => Value::Null,
            day => Value::Text(date("held_on", day, today)?.to_string()),
        };
        let decision = match input.decision.trim() {
            "" => Value::Null,
            d if crate::domain::phase::REVIEW_DECISIONS.contains(&d) => Value::Text(d.to_owned()),
            _ => return Err(invalid("decision", "is not one of the allowed values")),
        };
        let columns = vec![
            ("held_on", held),
            (
                "participant_feedback",
                text("participant_feedback", &input.participant_feedback, 4000)?,
            ),
            (
                "family_rechecked",
                Value::Integer(input.family_rechecked.into()),
            ),
            ("decision", decision),
        ];
        let id = input.review_id.clone();
        self.write(|w| -> Result<(), ApiError> {
            store::update(w.conn(), &w.stamp, "reviews", &id, &columns)?;
            w.audit("review_saved", "reviews", &id)?;
            Ok(())
        })?;
        self.review_row(&case_id, &input.review_id)
    }

    /// Signs a review whose every step is done: held on a date, the needs
    /// re-scored (every domain), a safety re-screen since it started, the
    /// family re-checked, a decision. The active plan version is frozen as
    /// it stood (a copy goes on as the active one), the next review falls
    /// three calendar months after the review, and the decision moves the
    /// case (a closing decision goes through the supervisor's closure).
    pub fn sign_review(
        &mut self,
        review_id: &str,
        reason: &str,
    ) -> Result<Map<String, Json>, ApiError> {
        let (case_id, row) = self.open_review(review_id)?;
        let conn = self.session()?.vault.conn();
        let held = NaiveDate::parse_from_str(&col(&row, "held_on"), "%Y-%m-%d")
            .map_err(|_| invalid("held_on", "is required"))?;
        let decision = col(&row, "decision");
        if decision.is_empty() {
            return Err(invalid("decision", "is required"));
        }
        if int(&row, "family_rechecked") != 1 {
            return Err(invalid("family_rechecked", "is required"));
        }
        if decision == "close" {
            // Closing is the supervisor's sign-off, with a closure reason;
            // checked before anything is written.
            let (session, _, rel) = self.case_in_scope(&case_id)?;
            let supervisor = session.user.role == Role::Supervisor && rel == Relation::District;
            if !supervisor || !crate::domain::phase::CLOSURE_REASONS.contains(&reason) {
                return Err(ApiError::GateNotMet { missing: 1 });
            }
        }
        let started = col(&row, "started_on");
        let screened = rows::safety_screens(conn, &case_id)?
            .iter()
            .any(|s| col(s, "screened_on") >= started);
        if !screened {
            return Err(invalid(
                "safety_screen",
                "a safety re-screen since the review began is required",
            ));
        }
        let assessed = super::assessments::assessment_facts(conn, &case_id)?;
        if assessed.unscored.0 > 0 {
            return Err(ApiError::GateNotMet {
                missing: assessed.unscored.0,
            });
        }
        let active = store::plans(conn, &case_id)?
            .into_iter()
            .find(|p| col(p, "status") == "active");
        let rescored = column_text(&row, "assessment_id").filter(|a| {
            crate::store::assessments::one(conn, a)
                .ok()
                .flatten()
                .is_some_and(|r| col(&r, "status") == "draft")
        });
        let next = next_due(held).to_string();
        let today = self.clock.today().to_string();
        let (case, id) = (case_id.clone(), review_id.to_owned());
        self.write(|w| -> Result<(), ApiError> {
            let by = w.actor().to_owned();
            let mut frozen = Value::Null;
            if let Some(plan) = &active {
                let old = col(plan, "id");
                // The version as it stood at the review stays as it is; a
                // copy (same agreement and signatures) goes on as active.
                let mut columns: Vec<(&str, Value)> = vec![
                    ("case_id", Value::Text(case.clone())),
                    ("version_no", Value::Integer(int(plan, "version_no") + 1)),
                    ("status", Value::Text("active".into())),
                ];
                for name in [
                    "participant_agreement",
                    "agreement_on",
                    "child_view",
                    "guardian_view",
                    "signed_by",
                    "signed_on",
                    "signed_off_by",
                    "signed_off_on",
                ] {
                    let value = plan
                        .iter()
                        .find(|(c, _)| c == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or(Value::Null);
                    columns.push((name, value));
                }
                let copy = rows::insert(w.conn(), &w.stamp, "plans", &columns)?;
                store::copy_items(w.conn(), &w.stamp, &old, &copy)?;
                store::update(
                    w.conn(),
                    &w.stamp,
                    "plans",
                    &old,
                    &[
                        ("status", Value::Text("frozen".into())),
                        ("frozen_on", Value::Text(held.to_string())),
                    ],
                )?;
                w.audit("plan_frozen", "plans", &old)?;
                frozen = Value::Text(old);
            }
            store::update(
                w.conn(),
                &w.stamp,
                "reviews",
                &id,
                &[
                    ("signed_by", Value::Text(by)),
                    ("signed_on", Value::Text(today.clone())),
                    ("next_due", Value::Text(next.clone())),
                    ("plan_id", frozen),
                ],
            )?;
            store::set_next_review(w.conn(), &w.stamp, &case, &next)?;
            w.audit("review_signed", "reviews", &id)?;
            // The review's signature completes its re-scoring: the draft
            // becomes the case's current signed assessment.
            if let Some(assessment) = &rescored {
                store::update(
                    w.conn(),
                    &w.stamp,
                    "assessments",
                    assessment,
                    &[
                        ("status", Value::Text("signed_off".into())),
                        ("signed_off_by", Value::Text(w.actor().to_owned())),
                        ("signed_off_on", Value::Text(today.clone())),
                    ],
                )?;
                w.audit("assessment_completed_by_review", "assessments", assessment)?;
            }
            Ok(())
        })?;
        self.move_case(TransitionInput {
            case_id: case_id.clone(),
            transition: "finish_review".into(),
            outcome: decision,
            reason: reason.to_owned(),
            ..TransitionInput::default()
        })?;
        self.review_row(&case_id, review_id)
    }

    pub fn case_reviews(&self, case_id: &str) -> Result<Vec<Map<String, Json>>, ApiError> {
        let (session, _, rel) = self.case_in_scope(case_id)?;
        let role = session.user.role;
        Ok(store::reviews(session.vault.conn(), case_id)?
            .iter()
            .filter_map(|r| filtered("reviews", r, role, rel))
            .collect())
    }

    /// Reviews due within 14 days and overdue among the reader's cases,
    /// the most overdue first.
    pub fn reviews_due(&self) -> Result<Vec<DueView>, ApiError> {
        Ok(self.reviews_due_first(-1)?.0)
    }

    /// [`App::reviews_due`], at most `limit` of them (all when negative),
    /// and how many there are.
    pub(crate) fn reviews_due_first(&self, limit: i64) -> Result<(Vec<DueView>, i64), ApiError> {
        let session = self.session()?;
        let today = self.clock.today();
        let until =
            (today + chrono::Days::new(crate::domain::cadence::DUE_SOON_DAYS as u64)).to_string();
        let scope = super::cases::row_scope(session);
        let mut out = Vec::new();
        let (found, total) = store::reviews_due(session.vault.conn(), &scope, &until, limit)?;
        for (case_id, number, due) in found {
            let Ok(day) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else {
                continue;
            };
            let (standing_code, days) = match standing(day, today) {
                Standing::Overdue(d) => ("overdue", d),
                Standing::DueSoon(d) => ("due", d),
                Standing::Later => continue,
            };
            out.push(DueView {
                case_id,
                case_number: number,
                due,
                standing: standing_code,
                days,
            });
        }
        Ok((out, total))
    }
}

fn required(field: &'static str, value: &str) -> Result<Value, ApiError> {
    let checked = text(field, value, super::limits::max_of(field))?;
    if matches!(&checked, Value::Text(t) if t.is_empty()) {
        return Err(invalid(field, "is required"));
    }
    Ok(checked)
}

/// A due date: any sane day, past (an overdue action) or future.
fn future_date(field: &'static str, value: &str, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    let day = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| invalid(field, "must be a date written YYYY-MM-DD"))?;
    let years = (day - today).num_days().abs() / 365;
    if years > 20 {
        return Err(invalid(field, "is too far from today"));
    }
    Ok(day)
}
