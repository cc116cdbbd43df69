//! CLI verbs of the plan, the three-monthly review and the mentoring
//! agreement. Each builds the same JSON the window sends and calls the api
//! by name (`api::rpc`); `review due` and `agreement due` print the home
//! screen's lists, each item marked due or overdue.

use clap::Subcommand;
use homeward_core::api::rpc::call;
use homeward_core::api::ApiError;
use serde_json::{json, Value};

use crate::{output, signed_in, Cli};

#[derive(Subcommand)]
pub enum PlanVerb {
    /// Every plan version of a case.
    List { case_id: String },
    /// Open the case's draft plan (a new version copied from the last).
    Draft { case_id: String },
    /// Add a goal to a draft plan.
    Goal {
        plan_id: String,
        #[arg(long)]
        description: String,
        /// A need domain the goal serves (repeat for several).
        #[arg(long = "domain", required = true)]
        domains: Vec<String>,
        #[arg(long, default_value = "")]
        success_measure: String,
    },
    /// Add an action under a goal of a draft plan.
    Action {
        goal_id: String,
        #[arg(long)]
        description: String,
        #[arg(long)]
        org: String,
        #[arg(long, default_value = "")]
        role: String,
        #[arg(long, default_value = "")]
        due: String,
        #[arg(long)]
        mentor: bool,
    },
    /// Record the participant's answer (agreed, does_not_agree, could_not_answer).
    Agree {
        plan_id: String,
        #[arg(long)]
        answer: String,
        #[arg(long)]
        on: String,
        #[arg(long, default_value = "")]
        child_view: String,
        #[arg(long, default_value = "")]
        guardian_view: String,
    },
    /// The case worker signs the draft.
    Sign { plan_id: String },
    /// A supervisor signs the draft off; it becomes the active version.
    SignOff { plan_id: String },
    /// Move an action of the active plan.
    Status {
        action_id: String,
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Goals and actions added, changed and dropped between two versions.
    Compare {
        case_id: String,
        #[arg(long)]
        from: i64,
        #[arg(long)]
        to: i64,
    },
}

#[derive(Subcommand)]
pub enum ReviewVerb {
    /// Reviews due within 14 days and overdue among your cases, most overdue first.
    Due,
    /// Start the three-monthly review of a case.
    Start { case_id: String },
    /// Record when it was held, the feedback, the family re-check, the decision.
    Save {
        review_id: String,
        #[arg(long)]
        held_on: String,
        #[arg(long, default_value = "")]
        feedback: String,
        #[arg(long)]
        family_rechecked: bool,
        /// continue, intensify, step_down or close
        #[arg(long)]
        decision: String,
    },
    /// Sign the review (a closing decision: a supervisor, with --reason).
    Sign {
        review_id: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Every review of a case.
    List { case_id: String },
}

#[derive(Subcommand)]
pub enum AgreementVerb {
    /// Every agreement version of a case.
    List { case_id: String },
    /// Open the case's draft agreement (a new version copied from the last).
    Draft { case_id: String },
    /// Set the draft's start, focus areas, meetings, venue and safety note.
    Set {
        agreement_id: String,
        #[arg(long, default_value = "")]
        start: String,
        #[arg(long, default_value = "")]
        focus: String,
        #[arg(long, default_value = "")]
        frequency: String,
        #[arg(long, default_value = "")]
        venue: String,
        #[arg(long, default_value = "")]
        safety_note: String,
    },
    /// Add a goal with what each party will do.
    Goal {
        agreement_id: String,
        #[arg(long)]
        goal: String,
        #[arg(long, default_value = "")]
        plan_goal: String,
        #[arg(long, default_value = "")]
        mentee_will: String,
        #[arg(long, default_value = "")]
        mentor_will: String,
    },
    /// Add a family or network member (not positive: a supervisor, with --override-reason).
    Member {
        agreement_id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        relation: String,
        #[arg(long)]
        positive: crate::services::YesNo,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, default_value = "")]
        override_reason: String,
    },
    /// One party acknowledges the draft (mentee or mentor).
    Ack {
        agreement_id: String,
        #[arg(long)]
        party: String,
        #[arg(long)]
        on: String,
    },
    /// The three-monthly revision: --outcome GOAL_ID=implemented|partly|not for every goal.
    Revise {
        agreement_id: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        satisfaction: i64,
        #[arg(long, default_value = "")]
        changed: String,
        #[arg(long = "outcome")]
        outcomes: Vec<String>,
    },
    /// Agreement revisions due within 14 days and overdue among your cases.
    Due,
}

fn run(cli: &Cli, method: &str, args: Value) -> Result<(), ApiError> {
    let mut app = signed_in(cli)?;
    let answer = call(&mut app, method, args);
    app.lock()?;
    output::value(cli.json, &answer?);
    Ok(())
}

pub fn plan(cli: &Cli, verb: &PlanVerb) -> Result<(), ApiError> {
    match verb {
        PlanVerb::List { case_id } => run(cli, "case_plans", json!({"case_id": case_id})),
        PlanVerb::Draft { case_id } => run(cli, "plan_draft", json!({"case_id": case_id})),
        PlanVerb::Goal {
            plan_id,
            description,
            domains,
            success_measure,
        } => run(
            cli,
            "plan_goal_save",
            json!({"plan_id": plan_id, "description": description, "domains": domains,
                   "success_measure": success_measure}),
        ),
        PlanVerb::Action {
            goal_id,
            description,
            org,
            role,
            due,
            mentor,
        } => run(
            cli,
            "plan_action_save",
            json!({"goal_id": goal_id, "description": description, "responsible_org": org,
                   "responsible_role": role, "due_on": due, "assigned_to_mentor": mentor}),
        ),
        PlanVerb::Agree {
            plan_id,
            answer,
            on,
            child_view,
            guardian_view,
        } => run(
            cli,
            "plan_agreement",
            json!({"plan_id": plan_id, "agreement": answer, "on": on, "child_view": child_view,
                   "guardian_view": guardian_view}),
        ),
        PlanVerb::Sign { plan_id } => run(cli, "plan_sign", json!({"plan_id": plan_id})),
        PlanVerb::SignOff { plan_id } => run(cli, "plan_sign_off", json!({"plan_id": plan_id})),
        PlanVerb::Status {
            action_id,
            to,
            reason,
        } => run(
            cli,
            "plan_action_status",
            json!({"action_id": action_id, "status": to, "blocking_reason": reason}),
        ),
        PlanVerb::Compare { case_id, from, to } => run(
            cli,
            "plan_compare",
            json!({"case_id": case_id, "from": from, "to": to}),
        ),
    }
}

pub fn review(cli: &Cli, verb: &ReviewVerb) -> Result<(), ApiError> {
    match verb {
        ReviewVerb::Due => run(cli, "reviews_due", json!({})),
        ReviewVerb::Start { case_id } => run(cli, "review_start", json!({"case_id": case_id})),
        ReviewVerb::Save {
            review_id,
            held_on,
            feedback,
            family_rechecked,
            decision,
        } => run(
            cli,
            "review_save",
            json!({"review_id": review_id, "held_on": held_on, "participant_feedback": feedback,
                   "family_rechecked": family_rechecked, "decision": decision}),
        ),
        ReviewVerb::Sign { review_id, reason } => run(
            cli,
            "review_sign",
            json!({"review_id": review_id, "reason": reason}),
        ),
        ReviewVerb::List { case_id } => run(cli, "case_reviews", json!({"case_id": case_id})),
    }
}

pub fn agreement(cli: &Cli, verb: &AgreementVerb) -> Result<(), ApiError> {
    match verb {
        AgreementVerb::List { case_id } => run(cli, "case_agreements", json!({"case_id": case_id})),
        AgreementVerb::Draft { case_id } => {
            run(cli, "agreement_draft", json!({"case_id": case_id}))
        }
        AgreementVerb::Set {
            agreement_id,
            start,
            focus,
            frequency,
            venue,
            safety_note,
        } => run(
            cli,
            "agreement_save",
            json!({"agreement_id": agreement_id, "start_on": start, "focus_areas": focus,
                   "meeting_frequency": frequency, "venue": venue, "safety_note": safety_note}),
        ),
        AgreementVerb::Goal {
            agreement_id,
            goal,
            plan_goal,
            mentee_will,
            mentor_will,
        } => run(
            cli,
            "agreement_goal_save",
            json!({"agreement_id": agreement_id, "goal": goal, "plan_goal_key": plan_goal,
                   "mentee_will": mentee_will, "mentor_will": mentor_will}),
        ),
        AgreementVerb::Member {
            agreement_id,
            name,
            relation,
            positive,
            note,
            override_reason,
        } => run(
            cli,
            "agreement_member_add",
            json!({"agreement_id": agreement_id, "name": name, "relation": relation,
                   "positive": matches!(positive, crate::services::YesNo::Yes),
                   "assessment_note": note, "override_reason": override_reason}),
        ),
        AgreementVerb::Ack {
            agreement_id,
            party,
            on,
        } => run(
            cli,
            "agreement_acknowledge",
            json!({"agreement_id": agreement_id, "party": party, "on": on}),
        ),
        AgreementVerb::Revise {
            agreement_id,
            on,
            satisfaction,
            changed,
            outcomes,
        } => {
            let mut parsed = Vec::new();
            for pair in outcomes {
                let (goal, outcome) = pair.split_once('=').ok_or(ApiError::InvalidInput {
                    field: "outcome",
                    reason: "must be GOAL_ID=implemented|partly|not",
                })?;
                parsed.push(json!({"goal_id": goal, "outcome": outcome}));
            }
            run(
                cli,
                "agreement_revise",
                json!({"agreement_id": agreement_id, "revised_on": on,
                       "satisfaction": satisfaction, "changed_goals": changed,
                       "outcomes": parsed}),
            )
        }
        AgreementVerb::Due => run(cli, "revisions_due", json!({})),
    }
}
