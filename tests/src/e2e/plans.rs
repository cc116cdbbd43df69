//! The plan and the three-monthly review through the api: the gate into
//! implementation (complete, agreed, a child's views, signed, signed off),
//! versions frozen and compared, the first review three months after the
//! agreement, a late review counting from when it was held, the decision
//! moving the case, and the home screen's due and overdue reviews.

use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_core::clock::ManualClock;
use homeward_core::domain::needs::DOMAINS;
use homeward_tests::*;
use serde_json::{json, Value};

fn ok(app: &mut App, method: &str, args: Value) -> Value {
    call(app, method, args).unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

fn refused(app: &mut App, method: &str, args: Value) -> String {
    call(app, method, args)
        .map(|v| panic!("{method} should be refused, answered {v}"))
        .unwrap_err()
        .kind()
        .to_owned()
}

fn on(day: &str) -> ManualClock {
    use chrono::{NaiveDate, TimeZone, Utc};
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    ManualClock::new(Utc.from_utc_datetime(&date.and_hms_opt(9, 0, 0).unwrap()))
}

fn missing(app: &mut App, case: &str) -> Vec<String> {
    ok(app, "case_gate", json!({"case_id": case}))["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_owned())
        .collect()
}

fn scores(high: &[&str]) -> Vec<Value> {
    DOMAINS
        .iter()
        .map(|d| {
            let score = if high.contains(&d.code) { 3 } else { 1 };
            json!({"domain": d.code, "score": score})
        })
        .collect()
}

/// A case of the fixture's worker brought to the plan phase (phase 3) on
/// `day`, its high domain covered by a planned action.
fn case_in_plan(fx: &Fixture, name: &str, age: i64, day: &str) -> String {
    let mut w = unlocked(&fx.vault(), WORKER, on(day));
    let view = ok(
        &mut w,
        "case_register",
        json!({"name_latin": name, "name_urdu": "", "approx_age": age, "gender": "male", "district": "Quetta",
               "custody_track": "community", "referral_source": "family", "referral_date": day,
               "mentor": MENTOR}),
    );
    let case = view["id"].as_str().unwrap().to_owned();
    let givers: &[&str] = if age < 18 {
        &["participant", "guardian"]
    } else {
        &["participant"]
    };
    for by in givers {
        for purpose in ["participation", "assessment"] {
            ok(
                &mut w,
                "consent_record",
                json!({"case_id": case, "purpose": purpose, "wording_version": "v1",
                       "language": "Urdu", "method": "signed", "given_by": by, "given_on": day}),
            );
        }
    }
    ok(
        &mut w,
        "safety_screen_record",
        json!({"case_id": case, "screened_on": day, "threats_to_participant": "none",
               "risks_to_staff": "none", "female_practitioner_required": false}),
    );
    ok(
        &mut w,
        "case_transition",
        json!({"case_id": case, "transition": "start_assessment"}),
    );
    let draft = ok(&mut w, "assessment_start", json!({"case_id": case}));
    let assessment = draft["assessment"]["id"].clone();
    ok(
        &mut w,
        "assessment_save",
        json!({"assessment_id": assessment, "assessed_on": day, "scores": scores(&["employment"])}),
    );
    w.lock().unwrap();
    drop(w);
    let mut s = unlocked(&fx.vault(), SUPERVISOR, on(day));
    ok(
        &mut s,
        "assessment_sign_off",
        json!({"assessment_id": assessment}),
    );
    s.lock().unwrap();
    drop(s);
    let mut w = unlocked(&fx.vault(), WORKER, on(day));
    ok(
        &mut w,
        "case_transition",
        json!({"case_id": case, "transition": "start_service_mapping"}),
    );
    ok(
        &mut w,
        "action_add",
        json!({"case_id": case, "domain": "employment", "description": "job search with the mentor"}),
    );
    ok(
        &mut w,
        "case_transition",
        json!({"case_id": case, "transition": "start_plan"}),
    );
    w.lock().unwrap();
    case
}

/// Drafts a plan with one goal and one action; returns (plan id, goal id).
fn draft_plan(app: &mut App, case: &str) -> (String, String) {
    let plan = ok(app, "plan_draft", json!({"case_id": case}));
    let plan_id = plan["plan"]["id"].as_str().unwrap().to_owned();
    let with_goal = ok(
        app,
        "plan_goal_save",
        json!({"plan_id": plan_id, "description": "Steady paid work",
               "domains": ["employment", "vocational_skills"],
               "success_measure": "three months in one job"}),
    );
    let goal = with_goal["goals"][0]["id"].as_str().unwrap().to_owned();
    (plan_id, goal)
}

#[test]
fn the_gate_into_implementation_lists_each_missing_step_of_the_plan() {
    let fx = fixture();
    let case = case_in_plan(&fx, "Planned Adult", 30, "2026-11-02");
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-03"));
    assert_eq!(missing(&mut w, &case), vec!["plan"]);
    let (plan, goal) = draft_plan(&mut w, &case);
    assert_eq!(
        missing(&mut w, &case),
        vec![
            "plan_incomplete",
            "plan_agreement",
            "plan_signature",
            "plan_sign_off"
        ]
    );
    ok(
        &mut w,
        "plan_action_save",
        json!({"goal_id": goal, "description": "Register with the job desk",
               "responsible_org": "District vocational centre", "responsible_role": "placement officer",
               "due_on": "2026-12-15", "assigned_to_mentor": true}),
    );
    assert_eq!(
        refused(&mut w, "plan_sign", json!({"plan_id": plan})),
        "gate_not_met",
        "not agreed yet"
    );
    ok(
        &mut w,
        "plan_agreement",
        json!({"plan_id": plan, "agreement": "agreed", "on": "2026-11-03"}),
    );
    assert_eq!(
        missing(&mut w, &case),
        vec!["plan_signature", "plan_sign_off"]
    );
    ok(&mut w, "plan_sign", json!({"plan_id": plan}));
    assert_eq!(missing(&mut w, &case), vec!["plan_sign_off"]);
    assert_eq!(
        refused(&mut w, "plan_sign_off", json!({"plan_id": plan})),
        "forbidden"
    );
    assert_eq!(
        refused(
            &mut w,
            "case_transition",
            json!({"case_id": case, "transition": "start_implementation"})
        ),
        "gate_not_met"
    );
    w.lock().unwrap();
    drop(w);
    let mut s = unlocked(&fx.vault(), SUPERVISOR, on("2026-11-04"));
    ok(&mut s, "plan_sign_off", json!({"plan_id": plan}));
    s.lock().unwrap();
    drop(s);
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-04"));
    assert!(missing(&mut w, &case).is_empty());
    let moved = ok(
        &mut w,
        "case_transition",
        json!({"case_id": case, "transition": "start_implementation"}),
    );
    assert_eq!(moved["phase"], json!(4));
    // The first review falls three calendar months after the agreement.
    let opened = ok(&mut w, "case_open", json!({"id": case}));
    assert_eq!(opened["next_review_due"], json!("2027-02-03"));
    // An active plan's structure is frozen; its actions' statuses move.
    assert_eq!(
        refused(
            &mut w,
            "plan_goal_save",
            json!({"plan_id": plan, "description": "x", "domains": ["family"]})
        ),
        "frozen"
    );
    let plans = ok(&mut w, "case_plans", json!({"case_id": case}));
    let action = plans[0]["actions"][0]["id"].clone();
    assert_eq!(
        refused(
            &mut w,
            "plan_action_status",
            json!({"action_id": action, "status": "blocked"})
        ),
        "invalid_input",
        "a blocked action needs its reason"
    );
    ok(
        &mut w,
        "plan_action_status",
        json!({"action_id": action, "status": "in_progress"}),
    );
    w.lock().unwrap();
    drop(w);
    // The mentor sees the goal and the action assigned to the mentor.
    let mut m = unlocked(&fx.vault(), MENTOR, on("2026-11-05"));
    let seen = ok(&mut m, "case_plans", json!({"case_id": case}));
    assert_eq!(seen[0]["goals"].as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["actions"].as_array().unwrap().len(), 1);
}

#[test]
fn a_childs_plan_needs_the_childs_and_the_guardians_views() {
    let fx = fixture();
    let case = case_in_plan(&fx, "Planned Child", 15, "2026-11-02");
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-03"));
    let (plan, goal) = draft_plan(&mut w, &case);
    ok(
        &mut w,
        "plan_action_save",
        json!({"goal_id": goal, "description": "Bridging classes", "responsible_org": "School"}),
    );
    ok(
        &mut w,
        "plan_agreement",
        json!({"plan_id": plan, "agreement": "agreed", "on": "2026-11-03",
               "guardian_view": "His mother agrees."}),
    );
    assert!(missing(&mut w, &case).contains(&"child_views".to_owned()));
    ok(
        &mut w,
        "plan_agreement",
        json!({"plan_id": plan, "agreement": "agreed", "on": "2026-11-03",
               "guardian_view": "His mother agrees.", "child_view": "He wants to play cricket too."}),
    );
    assert!(!missing(&mut w, &case).contains(&"child_views".to_owned()));
}

/// Takes a case from the plan phase into implementation with plan v1.
fn implemented(fx: &Fixture, name: &str, day: &str) -> String {
    let case = case_in_plan(fx, name, 30, day);
    let mut w = unlocked(&fx.vault(), WORKER, on(day));
    let (plan, goal) = draft_plan(&mut w, &case);
    ok(
        &mut w,
        "plan_action_save",
        json!({"goal_id": goal, "description": "Job desk", "responsible_org": "Vocational centre",
               "due_on": "2027-01-10"}),
    );
    ok(
        &mut w,
        "plan_agreement",
        json!({"plan_id": plan, "agreement": "agreed", "on": day}),
    );
    ok(&mut w, "plan_sign", json!({"plan_id": plan}));
    w.lock().unwrap();
    drop(w);
    let mut s = unlocked(&fx.vault(), SUPERVISOR, on(day));
    ok(&mut s, "plan_sign_off", json!({"plan_id": plan}));
    s.lock().unwrap();
    drop(s);
    let mut w = unlocked(&fx.vault(), WORKER, on(day));
    ok(
        &mut w,
        "case_transition",
        json!({"case_id": case, "transition": "start_implementation"}),
    );
    w.lock().unwrap();
    case
}

/// Runs a whole review held on `day` with `decision`.
fn review(fx: &Fixture, case: &str, day: &str, decision: &str) -> Value {
    let mut w = unlocked(&fx.vault(), WORKER, on(day));
    let review = ok(&mut w, "review_start", json!({"case_id": case}));
    let id = review["id"].clone();
    assert_eq!(
        refused(&mut w, "review_sign", json!({"review_id": id})),
        "invalid_input",
        "nothing filled in yet"
    );
    let draft = ok(&mut w, "assessment_start", json!({"case_id": case}));
    ok(
        &mut w,
        "assessment_save",
        json!({"assessment_id": draft["assessment"]["id"], "assessed_on": day,
               "scores": scores(&[])}),
    );
    ok(
        &mut w,
        "safety_screen_record",
        json!({"case_id": case, "screened_on": day, "threats_to_participant": "none",
               "risks_to_staff": "none", "female_practitioner_required": false}),
    );
    ok(
        &mut w,
        "review_save",
        json!({"review_id": id, "held_on": day, "participant_feedback": "Going well.",
               "family_rechecked": true, "decision": decision}),
    );
    let signed = ok(&mut w, "review_sign", json!({"review_id": id}));
    w.lock().unwrap();
    signed
}

#[test]
fn a_signed_review_freezes_the_plan_sets_the_next_date_and_moves_the_case() {
    let fx = fixture();
    let case = implemented(&fx, "Reviewed Adult", "2026-08-30");
    // Held late, on 30 November: the next is due 28 February, three months
    // after the review that happened, not after the date it missed.
    let signed = review(&fx, &case, "2026-11-30", "continue");
    assert_eq!(signed["next_due"], json!("2027-02-28"));
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-30"));
    let opened = ok(&mut w, "case_open", json!({"id": case}));
    assert_eq!(opened["phase"], json!(4));
    assert_eq!(opened["next_review_due"], json!("2027-02-28"));
    // The review's signature completes its re-scoring: no draft is left
    // waiting for a supervisor.
    let assessed = ok(&mut w, "case_assessments", json!({"case_id": case}));
    let statuses: Vec<&str> = assessed["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["assessment"]["status"].as_str().unwrap())
        .collect();
    assert!(!statuses.contains(&"draft"), "{statuses:?}");
    let plans = ok(&mut w, "case_plans", json!({"case_id": case}));
    let statuses: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["plan"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["frozen", "active"]);
    // Change the plan after the review: a new draft, compared with v2.
    let draft = ok(&mut w, "plan_draft", json!({"case_id": case}));
    assert_eq!(draft["plan"]["version_no"], json!(3));
    let plan3 = draft["plan"]["id"].as_str().unwrap().to_owned();
    let goal = draft["goals"][0]["id"].as_str().unwrap().to_owned();
    let action = draft["actions"][0]["id"].as_str().unwrap().to_owned();
    ok(
        &mut w,
        "plan_goal_save",
        json!({"plan_id": plan3, "goal_id": goal, "description": "Steady paid work, full time",
               "domains": ["employment"]}),
    );
    ok(
        &mut w,
        "plan_item_remove",
        json!({"item": "action", "id": action}),
    );
    let added = ok(
        &mut w,
        "plan_goal_save",
        json!({"plan_id": plan3, "description": "Family talks", "domains": ["family"]}),
    );
    let new_goal = added["goals"][1]["id"].clone();
    ok(
        &mut w,
        "plan_action_save",
        json!({"goal_id": new_goal, "description": "Mediation", "responsible_org": "Family service"}),
    );
    let compared = ok(
        &mut w,
        "plan_compare",
        json!({"case_id": case, "from": 2, "to": 3}),
    );
    let texts = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|i| i["description"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(texts(&compared["added"]), vec!["Family talks", "Mediation"]);
    assert_eq!(texts(&compared["dropped"]), vec!["Job desk"]);
    assert_eq!(compared["changed"].as_array().unwrap().len(), 1);
    assert_eq!(
        compared["changed"][0]["before"]["description"],
        json!("Steady paid work")
    );
    assert_eq!(
        compared["changed"][0]["after"]["description"],
        json!("Steady paid work, full time")
    );
    let same = ok(
        &mut w,
        "plan_compare",
        json!({"case_id": case, "from": 1, "to": 2}),
    );
    assert_eq!(same["added"], json!([]));
    assert_eq!(same["changed"], json!([]));
    assert_eq!(same["dropped"], json!([]));
}

#[test]
fn the_review_decision_moves_the_case_and_closing_needs_a_supervisor() {
    let fx = fixture();
    let down = implemented(&fx, "Stepped Down", "2026-08-01");
    review(&fx, &down, "2026-11-01", "step_down");
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-01"));
    assert_eq!(
        ok(&mut w, "case_open", json!({"id": down}))["phase"],
        json!(6)
    );
    ok(
        &mut w,
        "case_transition",
        json!({"case_id": down, "transition": "return_to_implementation"}),
    );
    assert_eq!(
        ok(&mut w, "case_open", json!({"id": down}))["phase"],
        json!(4)
    );
    // Opening a review through the gate makes its record too.
    ok(
        &mut w,
        "case_transition",
        json!({"case_id": down, "transition": "start_review"}),
    );
    assert_eq!(
        ok(&mut w, "case_open", json!({"id": down}))["phase"],
        json!(5)
    );
    let reviews = ok(&mut w, "case_reviews", json!({"case_id": down}));
    assert_eq!(reviews.as_array().unwrap().len(), 2);
    assert!(reviews[1]["signed_by"].is_null());
    w.lock().unwrap();
    drop(w);
    let closing = implemented(&fx, "Closing Adult", "2026-08-01");
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-02"));
    let started = ok(&mut w, "review_start", json!({"case_id": closing}));
    let draft = ok(&mut w, "assessment_start", json!({"case_id": closing}));
    ok(
        &mut w,
        "assessment_save",
        json!({"assessment_id": draft["assessment"]["id"], "assessed_on": "2026-11-02",
               "scores": scores(&[])}),
    );
    ok(
        &mut w,
        "safety_screen_record",
        json!({"case_id": closing, "screened_on": "2026-11-02", "threats_to_participant": "none",
               "risks_to_staff": "none", "female_practitioner_required": false}),
    );
    ok(
        &mut w,
        "review_save",
        json!({"review_id": started["id"], "held_on": "2026-11-02", "family_rechecked": true,
               "decision": "close"}),
    );
    // The worker signs, but the closing decision waits for a supervisor.
    assert_eq!(
        refused(
            &mut w,
            "review_sign",
            json!({"review_id": started["id"], "reason": "goals_met"})
        ),
        "gate_not_met"
    );
}

#[test]
fn the_home_screen_lists_reviews_due_and_overdue_most_overdue_first() {
    let fx = fixture();
    // Agreed on these days: the first reviews fall three months later.
    let late = implemented(&fx, "Long Overdue", "2026-07-01"); // due 2026-10-01
    let soon = implemented(&fx, "Due Soon", "2026-08-30"); // due 2026-11-30
    let recent = implemented(&fx, "Just Overdue", "2026-08-20"); // due 2026-11-20
    implemented(&fx, "Not Yet", "2026-10-01"); // due 2027-01-01
    let mut w = unlocked(&fx.vault(), WORKER, test_clock());
    let due = ok(&mut w, "reviews_due", json!({}));
    let listed: Vec<(String, String, i64)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["case_id"].as_str().unwrap().to_owned(),
                d["standing"].as_str().unwrap().to_owned(),
                d["days"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (late, "overdue".to_owned(), 51),
            (recent, "overdue".to_owned(), 1),
            (soon, "due".to_owned(), 9),
        ]
    );
    w.lock().unwrap();
    drop(w);
    // Another worker's home screen holds none of them.
    let mut other = unlocked(&fx.vault(), WORKER2, test_clock());
    assert_eq!(ok(&mut other, "reviews_due", json!({})), json!([]));
}

#[test]
fn a_member_not_assessed_positive_joins_only_by_a_supervisors_audited_override() {
    let fx = fixture();
    let case = implemented(&fx, "Mentored Adult", "2026-08-01");
    let mut m = unlocked(&fx.vault(), MENTOR, on("2026-11-01"));
    let draft = ok(&mut m, "agreement_draft", json!({"case_id": case}));
    let agreement = draft["agreement"]["id"].as_str().unwrap().to_owned();
    ok(
        &mut m,
        "agreement_save",
        json!({"agreement_id": agreement, "start_on": "2026-11-01", "focus_areas": "work, family",
               "meeting_frequency": "weekly", "venue": "the cricket ground",
               "safety_note": "never at his old street"}),
    );
    ok(
        &mut m,
        "agreement_goal_save",
        json!({"agreement_id": agreement, "goal": "Find steady work",
               "mentee_will": "apply to two workshops", "mentor_will": "introduce him to the desk"}),
    );
    ok(
        &mut m,
        "agreement_member_add",
        json!({"agreement_id": agreement, "name": "Brother", "relation": "brother", "positive": true,
               "assessment_note": "supports his new work"}),
    );
    let cousin = json!({"agreement_id": agreement, "name": "Cousin", "relation": "cousin",
                        "positive": false, "assessment_note": "still in touch with the group"});
    assert_eq!(
        refused(&mut m, "agreement_member_add", cousin.clone()),
        "forbidden"
    );
    m.lock().unwrap();
    drop(m);
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-01"));
    assert_eq!(
        refused(&mut w, "agreement_member_add", cousin.clone()),
        "forbidden"
    );
    w.lock().unwrap();
    drop(w);
    let mut s = unlocked(&fx.vault(), SUPERVISOR, on("2026-11-01"));
    assert_eq!(
        refused(&mut s, "agreement_member_add", cousin.clone()),
        "invalid_input",
        "an override needs its written reason"
    );
    let mut with_reason = cousin.clone();
    with_reason["override_reason"] =
        json!("He drives him to work; meetings only with the mentor present.");
    let view = ok(&mut s, "agreement_member_add", with_reason);
    let members = view["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    let overridden = members.iter().find(|m| m["positive"] == json!(0)).unwrap();
    assert!(overridden["override_by"].is_string());
    let member_id = overridden["id"].as_str().unwrap().to_owned();
    s.lock().unwrap();
    drop(s);
    let conn = raw_connection(&fx.vault(), ADMIN);
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_events WHERE action = 'agreement_member_override' AND entity_id = ?1",
            [&member_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1, "the override is in the audit log");
    drop(conn);

    // Both parties acknowledge; the first revision falls three months after the start.
    let mut m = unlocked(&fx.vault(), MENTOR, on("2026-11-02"));
    ok(
        &mut m,
        "agreement_acknowledge",
        json!({"agreement_id": agreement, "party": "mentor", "on": "2026-11-02"}),
    );
    let both = ok(
        &mut m,
        "agreement_acknowledge",
        json!({"agreement_id": agreement, "party": "mentee", "on": "2026-11-02"}),
    );
    assert_eq!(both["agreement"]["status"], json!("acknowledged"));
    assert_eq!(both["agreement"]["next_revision_due"], json!("2027-02-01"));
    assert_eq!(ok(&mut m, "revisions_due", json!({})), json!([]));
    m.lock().unwrap();
    drop(m);
    // On 25 January the revision is due within 14 days; the mentor revises.
    let mut m = unlocked(&fx.vault(), MENTOR, on("2027-01-25"));
    let due = ok(&mut m, "revisions_due", json!({}));
    assert_eq!(due[0]["standing"], json!("due"));
    assert_eq!(due[0]["days"], json!(7));
    assert!(due[0]["case_number"].as_str().unwrap().starts_with("HW-"));
    let goal = both["goals"][0]["id"].clone();
    assert_eq!(
        refused(
            &mut m,
            "agreement_revise",
            json!({"agreement_id": agreement, "revised_on": "2027-01-25", "satisfaction": 4,
                   "outcomes": []})
        ),
        "invalid_input",
        "every goal needs its outcome"
    );
    let revised = ok(
        &mut m,
        "agreement_revise",
        json!({"agreement_id": agreement, "revised_on": "2027-01-25", "satisfaction": 4,
               "changed_goals": "none", "outcomes": [{"goal_id": goal, "outcome": "partly"}]}),
    );
    assert_eq!(
        revised["agreement"]["next_revision_due"],
        json!("2027-04-25")
    );
    assert_eq!(revised["outcomes"][0]["outcome"], json!("partly"));
    assert_eq!(ok(&mut m, "revisions_due", json!({})), json!([]));
}

#[test]
fn the_home_screen_by_role_lists_signatures_awaited_and_overdue_actions_by_organisation() {
    let fx = fixture();
    // Implemented on 1 August with an action due 10 January 2027; another
    // case's plan waits for the supervisor; a third has an open draft.
    let case = implemented(&fx, "Home Overdue", "2026-08-01");
    let waiting = case_in_plan(&fx, "Home Waiting", 30, "2026-11-02");
    let mut w = unlocked(&fx.vault(), WORKER, on("2026-11-03"));
    let (plan, goal) = draft_plan(&mut w, &waiting);
    ok(
        &mut w,
        "plan_action_save",
        json!({"goal_id": goal, "description": "Mediation", "responsible_org": "Family service",
               "due_on": "2026-11-10"}),
    );
    ok(
        &mut w,
        "plan_agreement",
        json!({"plan_id": plan, "agreement": "agreed", "on": "2026-11-03"}),
    );
    ok(&mut w, "plan_sign", json!({"plan_id": plan}));
    w.lock().unwrap();
    drop(w);
    let later = on("2027-01-20");
    // An open review's re-scoring (a complete draft, pre-filled) is the
    // review's business, not a signature the supervisor owes.
    let mut w = unlocked(&fx.vault(), WORKER, later.clone());
    ok(&mut w, "review_start", json!({"case_id": case}));
    w.lock().unwrap();
    drop(w);
    let mut s = unlocked(&fx.vault(), SUPERVISOR, later.clone());
    let home = ok(&mut s, "home", json!({}));
    assert_eq!(home["role"], json!("supervisor"));
    let kinds: Vec<&str> = home["awaiting_signature"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["plan"], "{home}");
    assert_eq!(home["awaiting_signature"][0]["id"], json!(plan));
    let groups = home["overdue_actions"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{home}");
    assert_eq!(groups[0]["organisation"], json!("Vocational centre"));
    assert_eq!(groups[0]["actions"][0]["case_id"], json!(case));
    assert_eq!(groups[0]["actions"][0]["due_on"], json!("2027-01-10"));
    // The first review of the implemented case (1 November) is overdue
    // (open, not yet signed).
    assert_eq!(home["reviews"][0]["case_id"], json!(case));
    assert_eq!(home["reviews"][0]["standing"], json!("overdue"));
    s.lock().unwrap();
    drop(s);
    let mut m = unlocked(&fx.vault(), MENTOR, later);
    let mentor_home = ok(&mut m, "home", json!({}));
    assert_eq!(mentor_home["awaiting_signature"], json!([]));
    assert_eq!(mentor_home["overdue_actions"], json!([]));
}
