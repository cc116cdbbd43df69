//! Intake and phases through the api: what the gate shows, consent and
//! legal bases, a child's two consents, the safety screen (tier 3), intake
//! endings and closure with a supervisor's sign-off, and closed cases
//! staying read-only.

use homeward_core::api::cases::{CaseInput, UpdateCaseInput};
use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_tests::*;
use serde_json::{json, Value};

fn new_case(app: &mut App, age: i64) -> String {
    let view = app
        .register_case(CaseInput {
            name_latin: "Gate Person".into(),
            name_urdu: String::new(),
            approx_age: Some(age),
            gender: "male".into(),
            district: "Quetta".into(),
            custody_track: "community".into(),
            referral_source: "family".into(),
            referral_date: "2026-11-10".into(),
            mentor: Some(MENTOR.into()),
            ..Default::default()
        })
        .unwrap();
    view["id"].as_str().unwrap().to_owned()
}

fn consent(app: &mut App, case: &str, purpose: &str, given_by: &str) -> Value {
    call(
        app,
        "consent_record",
        json!({"case_id": case, "purpose": purpose, "wording_version": "v1", "language": "Urdu",
               "method": "signed", "given_by": given_by, "given_on": "2026-11-15"}),
    )
    .unwrap()
}

fn gate_codes(app: &mut App, case: &str) -> Vec<String> {
    let gate = call(app, "case_gate", json!({"case_id": case})).unwrap();
    gate["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| match m.get("purpose") {
            Some(p) => format!("{}:{}", m["code"].as_str().unwrap(), p.as_str().unwrap()),
            None => m["code"].as_str().unwrap().to_owned(),
        })
        .collect()
}

fn transition(app: &mut App, case: &str, which: &str) -> Result<Value, String> {
    call(
        app,
        "case_transition",
        json!({"case_id": case, "transition": which}),
    )
    .map_err(|e| e.kind().to_owned())
}

fn screen(app: &mut App, case: &str) {
    call(
        app,
        "safety_screen_record",
        json!({"case_id": case, "screened_on": "2026-11-16", "threats_to_participant": "credible",
               "risks_to_staff": "none", "female_practitioner_required": false, "note": "CanarySafetyNote"}),
    )
    .unwrap();
}

#[test]
fn the_intake_gate_lists_what_is_missing_and_opens_when_all_is_there() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let case = new_case(&mut app, 24);
    assert_eq!(
        gate_codes(&mut app, &case),
        vec![
            "consent:participation",
            "consent:assessment",
            "safety_screen"
        ],
        "a new case shows exactly what intake still needs"
    );
    assert_eq!(
        transition(&mut app, &case, "start_assessment").unwrap_err(),
        "consent_required"
    );
    consent(&mut app, &case, "participation", "participant");
    consent(&mut app, &case, "assessment", "participant");
    assert_eq!(
        transition(&mut app, &case, "start_assessment").unwrap_err(),
        "gate_not_met"
    );
    screen(&mut app, &case);
    assert_eq!(gate_codes(&mut app, &case), Vec::<String>::new());
    let gate = transition(&mut app, &case, "start_assessment").unwrap();
    assert_eq!(gate["phase"], 1);
    assert_eq!(gate["next"], "start_service_mapping");
    assert_eq!(
        gate_codes(&mut app, &case),
        vec!["assessment"],
        "the next gate needs an assessment"
    );
    assert_eq!(
        transition(&mut app, &case, "start_plan").unwrap_err(),
        "gate_not_met",
        "no skipping phases"
    );
}

#[test]
fn withdrawing_consent_takes_effect_at_once() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let case = new_case(&mut app, 30);
    consent(&mut app, &case, "participation", "participant");
    let given = consent(&mut app, &case, "assessment", "participant");
    screen(&mut app, &case);
    call(
        &mut app,
        "consent_withdraw",
        json!({"consent_id": given["id"]}),
    )
    .unwrap();
    assert_eq!(gate_codes(&mut app, &case), vec!["consent:assessment"]);
    assert_eq!(
        transition(&mut app, &case, "start_assessment").unwrap_err(),
        "consent_required"
    );
}

#[test]
fn a_child_needs_assent_and_a_guardians_consent() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let case = new_case(&mut app, 15);
    screen(&mut app, &case);
    consent(&mut app, &case, "participation", "participant");
    consent(&mut app, &case, "assessment", "participant");
    assert_eq!(
        gate_codes(&mut app, &case),
        vec![
            "guardian_consent:participation",
            "guardian_consent:assessment"
        ],
        "a child's own assent is not enough"
    );
    consent(&mut app, &case, "participation", "guardian");
    consent(&mut app, &case, "assessment", "guardian");
    assert!(transition(&mut app, &case, "start_assessment").is_ok());
}

#[test]
fn a_mandated_case_runs_on_a_countersigned_legal_basis() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let case = new_case(&mut app, 40);
    screen(&mut app, &case);
    let basis = call(
        &mut app,
        "legal_basis_record",
        json!({"case_id": case, "kind": "court_order", "reference": "order 2026/114"}),
    )
    .unwrap();
    assert_eq!(
        transition(&mut app, &case, "start_assessment").unwrap_err(),
        "consent_required",
        "not yet countersigned"
    );
    let err = call(
        &mut app,
        "legal_basis_countersign",
        json!({"legal_basis_id": basis["id"]}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "forbidden", "a case worker cannot countersign");
    app.lock().unwrap();
    drop(app);
    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    call(
        &mut sup,
        "legal_basis_countersign",
        json!({"legal_basis_id": basis["id"]}),
    )
    .unwrap();
    sup.lock().unwrap();
    drop(sup);
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    assert!(transition(&mut app, &case, "start_assessment").is_ok());
}

#[test]
fn intake_endings_and_closure_need_reasons_and_a_supervisor_and_close_the_case() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let declined = new_case(&mut app, 22);
    let closing = new_case(&mut app, 23);
    let err = call(
        &mut app,
        "case_transition",
        json!({"case_id": declined, "transition": "end_intake", "outcome": "not_eligible"}),
    )
    .unwrap_err();
    assert_eq!(
        err.kind(),
        "gate_not_met",
        "an intake ending needs a reason"
    );
    let gate = call(
        &mut app,
        "case_transition",
        json!({"case_id": declined, "transition": "end_intake", "outcome": "not_eligible", "reason": "the charge excludes her"}),
    )
    .unwrap();
    assert_eq!(gate["phase"], 7);
    let err = call(
        &mut app,
        "case_transition",
        json!({"case_id": closing, "transition": "close", "reason": "moved_away"}),
    )
    .unwrap_err();
    assert_eq!(
        err.kind(),
        "gate_not_met",
        "closure needs a supervisor's sign-off"
    );

    let view = app.open_case(&declined).unwrap();
    assert_eq!(
        (
            view["intake_outcome"].as_str(),
            view["ending_note"].as_str()
        ),
        (Some("not_eligible"), Some("the charge excludes her"))
    );
    let edit = UpdateCaseInput {
        id: declined.clone(),
        version: view["version"].as_i64().unwrap(),
        case: CaseInput {
            name_latin: "Changed".into(),
            gender: "female".into(),
            district: "Quetta".into(),
            custody_track: "community".into(),
            referral_source: "family".into(),
            referral_date: "2026-11-10".into(),
            ..Default::default()
        },
    };
    assert_eq!(
        app.update_case(edit).unwrap_err().kind(),
        "case_closed",
        "a closed case is read-only"
    );
    assert_eq!(
        transition(&mut app, &declined, "start_assessment").unwrap_err(),
        "case_closed"
    );
    let err = call(
        &mut app,
        "consent_record",
        json!({"case_id": declined, "purpose": "statistics", "wording_version": "v1", "language": "Urdu",
               "method": "signed", "given_by": "participant", "given_on": "2026-11-15"}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "case_closed");
    app.lock().unwrap();
    drop(app);

    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let err = call(
        &mut sup,
        "case_transition",
        json!({"case_id": closing, "transition": "close", "reason": "bored"}),
    )
    .unwrap_err();
    assert_eq!(
        err.kind(),
        "gate_not_met",
        "closure reasons come from the list"
    );
    let gate = call(
        &mut sup,
        "case_transition",
        json!({"case_id": closing, "transition": "close", "reason": "moved_away"}),
    )
    .unwrap();
    assert_eq!(gate["phase"], 7);
    assert_eq!(
        sup.open_case(&closing).unwrap()["closure_reason"],
        "moved_away"
    );
}

#[test]
fn the_safety_screen_is_restricted_and_consents_are_not_for_mentors() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let case = new_case(&mut app, 28);
    screen(&mut app, &case);
    consent(&mut app, &case, "mentoring", "participant");
    let own = call(&mut app, "case_intake", json!({"case_id": case})).unwrap();
    assert_eq!(own["safety_screens"][0]["note"], "CanarySafetyNote");
    assert_eq!(own["consents"].as_array().unwrap().len(), 1);
    app.lock().unwrap();
    drop(app);
    let mut mentor = unlocked(&fx.vault(), MENTOR, test_clock());
    let seen = call(&mut mentor, "case_intake", json!({"case_id": case})).unwrap();
    assert!(
        !seen.to_string().contains("CanarySafetyNote"),
        "no tier-3 byte for a mentor"
    );
    assert!(seen["safety_screens"].as_array().unwrap().is_empty());
    assert!(seen["consents"].as_array().unwrap().is_empty());
    // The gate would tell which consents exist: a mentor gets the phase only.
    let gate = call(&mut mentor, "case_gate", json!({"case_id": case})).unwrap();
    assert_eq!(gate["phase"], json!(0));
    assert_eq!(gate["missing"], json!([]));
    let err = call(
        &mut mentor,
        "case_transition",
        json!({"case_id": case, "transition": "start_assessment"}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "forbidden");
}
