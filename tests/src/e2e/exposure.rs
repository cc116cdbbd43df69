//! What a mentor can receive: canaries planted in every restricted (T3)
//! column must be absent from every byte of every api method's answer.
//! The methods come from `rpc::METHODS`, so a new method is covered by
//! default: this test fails until it is given sample arguments here.

use homeward_core::api::rpc::{call, METHODS};
use homeward_core::domain::access::Tier;
use homeward_core::store::registry::FIELDS;
use homeward_tests::samples::{sample_args, SampleIds};
use homeward_tests::*;
use serde_json::{json, Value};

fn canary_for(column: &str) -> String {
    match column {
        // A closed list: the one choice nothing else in the vault uses.
        "religion" => "sikhism".into(),
        "context_typology" => "sectarian".into(),
        other => format!("canary{}q9", other.replace('_', "")),
    }
}

#[test]
fn no_restricted_byte_reaches_a_mentor_through_any_method() {
    let fx = fixture();
    let restricted: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.table == "cases" && f.tier == Tier::T3)
        .map(|f| f.column)
        .collect();
    assert!(!restricted.is_empty());
    let mut input = json!({
        "name_latin": "Kashif Rana", "name_urdu": "کاشف رانا", "gender": "male",
        "district": "Quetta", "custody_track": "released", "referral_source": "court",
        "referral_date": "2026-11-03", "mentor": MENTOR,
    });
    for column in &restricted {
        input[*column] = Value::from(canary_for(column));
    }
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let mine = call(&mut worker, "case_register", input.clone())
        .expect("every T3 column takes its canary");
    for column in &restricted {
        assert_eq!(
            mine[*column],
            Value::from(canary_for(column)),
            "{column} is stored and shown to the case worker"
        );
    }
    let mut other = input.clone();
    other["mentor"] = Value::Null;
    other["name_latin"] = "Not Mentored".into();
    let not_mine = call(&mut worker, "case_register", other).unwrap();
    call(
        &mut worker,
        "safety_screen_record",
        json!({"case_id": mine["id"], "screened_on": "2026-11-04", "threats_to_participant": "credible",
               "risks_to_staff": "possible", "female_practitioner_required": true, "note": "canarysafetynoteq9"}),
    )
    .expect("the safety screen takes its canary");
    let plant = plant_casework(&mut worker, mine["id"].as_str().unwrap());
    worker.lock().unwrap();
    drop(worker);
    let mut supervisor = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    call(
        &mut supervisor,
        "legal_basis_countersign",
        json!({"legal_basis_id": plant.legal_basis}),
    )
    .unwrap();
    supervisor.lock().unwrap();
    drop(supervisor);
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let police = call(
        &mut worker,
        "disclosure_add",
        json!({"case_id": mine["id"], "disclosed_on": "2026-11-05", "organisation": "District police",
               "recipient_kind": "police_security", "information_kinds": "address",
               "purpose": "canarypolicedisclosureq9", "legal_basis_id": plant.legal_basis}),
    )
    .expect("a disclosure to police takes its canary");
    worker.lock().unwrap();
    drop(worker);

    let case_id = mine["id"].as_str().unwrap().to_owned();
    let other_id = not_mine["id"].as_str().unwrap().to_owned();
    let police_id = police["id"].as_str().unwrap().to_owned();
    let ids = SampleIds {
        case_id: &case_id,
        case_input: &input,
        organisation: &plant.organisation,
        service: &plant.service,
        sharing: &plant.sharing,
        referral: &plant.referral,
        disclosure: &police_id,
        recovery_key: &fx.recovery_key,
    };
    let sample = |method: &str| sample_args(method, &ids);
    let mut mentor = unlocked(&fx.vault(), MENTOR, test_clock());
    let mut received = String::new();
    let mut last = Vec::new();
    for method in METHODS {
        if *method == "vault_lock" {
            last.push(*method);
            continue;
        }
        let args =
            sample(method).unwrap_or_else(|| panic!("give {method} sample arguments in this test"));
        let answer = match call(&mut mentor, method, args) {
            Ok(value) => value.to_string(),
            Err(err) => serde_json::to_string(&err).unwrap(),
        };
        received.push_str(&answer);
    }
    let opened = call(&mut mentor, "case_open", json!({"id": other_id}));
    assert_eq!(
        opened.unwrap_err().kind(),
        "not_found",
        "a case not theirs does not exist for the mentor"
    );
    let found = call(&mut mentor, "case_search", json!({"query": "Kashif"})).unwrap();
    assert_eq!(
        found.as_array().unwrap().len(),
        1,
        "the mentee is found, the other case is not"
    );
    assert!(
        received.contains("Kashif Rana"),
        "the mentor does receive the mentee's identity"
    );
    for method in last {
        received.push_str(&call(&mut mentor, method, json!({})).unwrap().to_string());
    }
    for column in &restricted {
        assert!(
            !received.contains(&canary_for(column)),
            "{column} reached a mentor"
        );
    }
    for canary in PLANTED {
        assert!(!received.contains(canary), "{canary} reached a mentor");
    }
    // The filter is not simply empty: the mentor's own contact comes back.
    drop(mentor);
    let mut mentor = unlocked(&fx.vault(), MENTOR, test_clock());
    let own = call(&mut mentor, "case_contacts", json!({"case_id": case_id})).unwrap();
    assert!(own.to_string().contains("mentorownnote"), "{own}");
}

/// Tier-3 and not-the-mentor's texts planted in the case work records.
const PLANTED: [&str; 5] = [
    "canaryrestrictednoteq9",
    "canaryrestrictedcontactq9",
    "canaryworkercontactq9",
    "canaryretaliationq9",
    "canarypolicedisclosureq9",
];

struct Planted {
    organisation: String,
    service: String,
    sharing: String,
    referral: String,
    legal_basis: String,
}

/// As the case worker: an assessment with a restricted domain's note, the
/// service map, a referral, a restricted and an ordinary contact (the
/// latter not the mentor's own), a retaliation incident and a legal basis.
fn plant_casework(worker: &mut homeward_core::api::App, case_id: &str) -> Planted {
    let mut ok = |method: &str, args: Value| call(worker, method, args).unwrap();
    for purpose in ["participation", "assessment"] {
        ok(
            "consent_record",
            json!({"case_id": case_id, "purpose": purpose, "wording_version": "v1",
                   "language": "Urdu", "method": "signed", "given_by": "participant",
                   "given_on": "2026-11-04"}),
        );
    }
    ok(
        "case_transition",
        json!({"case_id": case_id, "transition": "start_assessment"}),
    );
    let draft = ok("assessment_start", json!({"case_id": case_id}));
    ok(
        "assessment_save",
        json!({"assessment_id": draft["assessment"]["id"], "assessed_on": "2026-11-04",
               "scores": [{"domain": "mental_health", "score": 4, "note": "canaryrestrictednoteq9"},
                          {"domain": "family", "score": 3, "note": "ordinary family note"}]}),
    );
    let org = ok(
        "organisation_save",
        json!({"district": "Quetta", "name": "Quetta clinic", "org_type": "health", "level": "district"}),
    );
    let service = ok(
        "service_save",
        json!({"organisation_id": org["id"], "name": "Clinic", "domain": "mental_health",
               "modality": "outpatient"}),
    );
    let sharing = ok(
        "consent_record",
        json!({"case_id": case_id, "purpose": "sharing", "wording_version": "v1",
               "language": "Urdu", "method": "signed", "given_by": "participant",
               "given_on": "2026-11-04", "organisation": "Quetta clinic",
               "information_kinds": "needs"}),
    );
    let referral = ok(
        "referral_add",
        json!({"case_id": case_id, "service_id": service["id"], "domain": "mental_health",
               "reason": "r", "consent_id": sharing["id"]}),
    );
    ok(
        "contact_add",
        json!({"case_id": case_id, "contact_on": "2026-11-05", "kind": "phone",
               "duration_minutes": 10, "note": "canaryrestrictedcontactq9", "tier": 3}),
    );
    ok(
        "contact_add",
        json!({"case_id": case_id, "contact_on": "2026-11-05", "kind": "office",
               "duration_minutes": 30, "note": "canaryworkercontactq9"}),
    );
    ok(
        "incident_add",
        json!({"case_id": case_id, "occurred_on": "2026-11-05", "kind": "retaliation",
               "severity": "serious", "description": "canaryretaliationq9"}),
    );
    let basis = ok(
        "legal_basis_record",
        json!({"case_id": case_id, "kind": "statutory_duty", "reference": "protocol"}),
    );
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    Planted {
        organisation: id(&org),
        service: id(&service),
        sharing: id(&sharing),
        referral: id(&referral),
        legal_basis: id(&basis),
    }
}

#[test]
fn an_unknown_method_is_refused() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), ADMIN, test_clock());
    assert_eq!(
        call(&mut app, "drop_everything", json!({}))
            .unwrap_err()
            .kind(),
        "not_found"
    );
}
