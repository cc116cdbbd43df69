//! The needs assessment through the api: pre-filled drafts, the gate out
//! of phase 1, sign-off freezing, corrections as new versions, restricted
//! domains hidden from mentors.

use homeward_core::api::cases::CaseInput;
use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_core::domain::needs::DOMAINS;
use homeward_tests::*;
use serde_json::{json, Value};

/// A case of the fixture's case worker, moved into the assessment phase.
fn case_in_assessment(fx: &Fixture) -> String {
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let view = app
        .register_case(CaseInput {
            name_latin: "Scored Person".into(),
            name_urdu: String::new(),
            approx_age: Some(31),
            gender: "male".into(),
            district: "Quetta".into(),
            custody_track: "released".into(),
            referral_source: "prison_or_probation".into(),
            referral_date: "2026-11-10".into(),
            mentor: Some(MENTOR.into()),
            ..Default::default()
        })
        .unwrap();
    let case = view["id"].as_str().unwrap().to_owned();
    for purpose in ["participation", "assessment"] {
        call(
            &mut app,
            "consent_record",
            json!({"case_id": case, "purpose": purpose, "wording_version": "v1", "language": "Urdu",
                   "method": "thumbprint", "given_by": "participant", "given_on": "2026-11-12"}),
        )
        .unwrap();
    }
    call(
        &mut app,
        "safety_screen_record",
        json!({"case_id": case, "screened_on": "2026-11-12", "threats_to_participant": "possible",
               "risks_to_staff": "none", "female_practitioner_required": false}),
    )
    .unwrap();
    call(
        &mut app,
        "case_transition",
        json!({"case_id": case, "transition": "start_assessment"}),
    )
    .unwrap();
    app.lock().unwrap();
    case
}

/// Scores for every domain: two urgent, one declined, the rest low.
fn full_scores(note_for_restricted: &str) -> Vec<Value> {
    DOMAINS
        .iter()
        .map(|d| match d.code {
            "safety_retaliation" => json!({"domain": d.code, "score": 4, "evidence_source": "self_report", "note": note_for_restricted}),
            "housing" => json!({"domain": d.code, "score": 4, "evidence_source": "observation", "participant_priority": true}),
            "spiritual_wellbeing" => json!({"domain": d.code, "not_assessed_reason": "declined"}),
            _ => json!({"domain": d.code, "score": 2, "evidence_source": "self_report"}),
        })
        .collect()
}

fn gate(app: &mut App, case: &str) -> Vec<String> {
    call(app, "case_gate", json!({"case_id": case})).unwrap()["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_assessment_opens_the_gate_only_when_complete_and_signed_off_and_then_freezes() {
    let fx = fixture();
    let case = case_in_assessment(&fx);
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let draft = call(&mut app, "assessment_start", json!({"case_id": case})).unwrap();
    let id = draft["assessment"]["id"].as_str().unwrap().to_owned();
    let mut partial = full_scores("CanaryRestrictedNote");
    partial.truncate(22);
    call(&mut app, "assessment_save", json!({"assessment_id": id, "assessed_on": "2026-11-20", "scores": partial,
        "strengths": "supportive brother", "profile": {"stage": "doubting", "behaviour": "yes", "ties": "partly", "views": "no"}}))
    .unwrap();
    let shown = call(&mut app, "case_gate", json!({"case_id": case})).unwrap();
    assert_eq!(
        shown["missing"][0],
        json!({"code": "domains_unscored", "count": 2, "total": 24}),
        "2 of 24 domains not scored"
    );
    call(&mut app, "assessment_save", json!({"assessment_id": id, "assessed_on": "2026-11-20", "scores": full_scores("CanaryRestrictedNote")}))
        .unwrap();
    assert_eq!(gate(&mut app, &case), vec!["assessment_sign_off"]);
    let err = call(
        &mut app,
        "assessment_sign_off",
        json!({"assessment_id": id}),
    )
    .unwrap_err();
    assert_eq!(err.kind(), "forbidden", "a case worker does not sign off");
    app.lock().unwrap();
    drop(app);

    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let signed = call(
        &mut sup,
        "assessment_sign_off",
        json!({"assessment_id": id}),
    )
    .unwrap();
    assert_eq!(signed["assessment"]["status"], "signed_off");
    sup.lock().unwrap();
    drop(sup);

    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let err = call(
        &mut app,
        "assessment_save",
        json!({"assessment_id": id, "assessed_on": "2026-11-20", "scores": []}),
    )
    .unwrap_err();
    assert_eq!(
        err.kind(),
        "frozen",
        "a signed-off assessment cannot be edited"
    );
    assert_eq!(gate(&mut app, &case), Vec::<String>::new());
    let moved = call(
        &mut app,
        "case_transition",
        json!({"case_id": case, "transition": "start_service_mapping"}),
    )
    .unwrap();
    assert_eq!(moved["phase"], 2);
    assert_eq!(
        moved["missing"][0],
        json!({"code": "actions_for_domains", "count": 2}),
        "both urgent domains need a service or action before the plan"
    );
}

#[test]
fn a_correction_is_a_new_version_prefilled_and_both_stay_readable() {
    let fx = fixture();
    let case = case_in_assessment(&fx);
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let id = call(&mut app, "assessment_start", json!({"case_id": case})).unwrap()["assessment"]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &mut app,
        "assessment_save",
        json!({"assessment_id": id, "assessed_on": "2026-11-18", "scores": full_scores("first"),
        "participant_account": "my own words"}),
    )
    .unwrap();
    app.lock().unwrap();
    drop(app);
    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    call(
        &mut sup,
        "assessment_sign_off",
        json!({"assessment_id": id}),
    )
    .unwrap();
    sup.lock().unwrap();
    drop(sup);

    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let correction = call(&mut app, "assessment_correct", json!({"assessment_id": id})).unwrap();
    let fixed = correction["assessment"]["id"].as_str().unwrap().to_owned();
    assert_ne!(fixed, id);
    assert_eq!(
        correction["scores"].as_array().unwrap().len(),
        24,
        "the correction starts from every score"
    );
    assert_eq!(
        correction["assessment"]["participant_account"], "my own words",
        "nobody retells their history"
    );
    let mut scores = full_scores("second");
    scores[1] = json!({"domain": "physical_health", "score": 3});
    call(
        &mut app,
        "assessment_save",
        json!({"assessment_id": fixed, "assessed_on": "2026-11-21", "scores": scores}),
    )
    .unwrap();
    app.lock().unwrap();
    drop(app);
    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    call(
        &mut sup,
        "assessment_sign_off",
        json!({"assessment_id": fixed}),
    )
    .unwrap();
    let all = call(&mut sup, "case_assessments", json!({"case_id": case})).unwrap();
    let versions: Vec<(String, String)> = all["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["assessment"]["status"].as_str().unwrap().into(),
                a["assessment"]["assessed_on"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        vec![
            ("superseded".into(), "2026-11-18".into()),
            ("signed_off".into(), "2026-11-21".into())
        ],
        "both versions readable, each with its date"
    );
}

#[test]
fn a_mentor_receives_no_needs_scores_and_the_supervisor_does() {
    let fx = fixture();
    let case = case_in_assessment(&fx);
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let id = call(&mut app, "assessment_start", json!({"case_id": case})).unwrap()["assessment"]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&mut app, "assessment_save", json!({"assessment_id": id, "assessed_on": "2026-11-20", "scores": full_scores("CanaryRestrictedNote")}))
        .unwrap();
    call(
        &mut app,
        "specialist_record",
        json!({"case_id": case, "tool": "a structured tool", "assessed_on": "2026-10-01",
        "assessor": "clinic", "summary_band": "CanaryBand"}),
    )
    .unwrap();
    app.lock().unwrap();
    drop(app);
    let mut mentor = unlocked(&fx.vault(), MENTOR, test_clock());
    let seen = call(&mut mentor, "case_assessments", json!({"case_id": case}))
        .unwrap()
        .to_string();
    for canary in [
        "CanaryRestrictedNote",
        "CanaryBand",
        "doubting",
        "safety_retaliation",
    ] {
        assert!(!seen.contains(canary), "{canary} reached a mentor");
    }
    mentor.lock().unwrap();
    drop(mentor);
    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let seen = call(&mut sup, "case_assessments", json!({"case_id": case}))
        .unwrap()
        .to_string();
    assert!(
        seen.contains("CanaryRestrictedNote") && seen.contains("CanaryBand"),
        "a supervisor reads tier 3"
    );
}

#[test]
fn withdrawing_the_assessment_consent_stops_assessing_at_once() {
    let fx = fixture();
    let case = case_in_assessment(&fx);
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let draft = call(&mut app, "assessment_start", json!({"case_id": case})).unwrap();
    let intake = call(&mut app, "case_intake", json!({"case_id": case})).unwrap();
    let consent = intake["consents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"] == "assessment")
        .unwrap()["id"]
        .clone();
    call(&mut app, "consent_withdraw", json!({"consent_id": consent})).unwrap();
    let save = call(
        &mut app,
        "assessment_save",
        json!({"assessment_id": draft["assessment"]["id"], "assessed_on": "2026-11-20",
               "scores": [{"domain": "family", "score": 2}]}),
    );
    assert_eq!(save.unwrap_err().kind(), "consent_required");
    let start = call(&mut app, "assessment_start", json!({"case_id": case}));
    assert_eq!(start.unwrap_err().kind(), "consent_required");
}
