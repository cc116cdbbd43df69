//! What a mentor can receive: canaries planted in every restricted (T3)
//! column must be absent from every byte of every api method's answer.
//! The methods come from `rpc::METHODS`, so a new method is covered by
//! default: this test fails until it is given sample arguments here.

use homeward_core::api::rpc::{call, METHODS};
use homeward_core::domain::access::Tier;
use homeward_core::store::registry::FIELDS;
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
    let sample = |method: &str| -> Option<Value> {
        Some(match method {
            "status" | "user_list" | "audit_verify" | "district_list" | "vault_lock" => json!({}),
            "activity" | "draft_list" | "vault_check" | "user_colleagues" => json!({}),
            "idle_lock_set" => json!({"seconds": 60}),
            "draft_save" => json!({"form": "case-form:new", "payload": {"note": "typed"}}),
            "draft_get" | "draft_discard" => json!({"form": "case-form:new"}),
            "vault_create" => json!({"username": "x", "passphrase": PASSPHRASE}),
            "vault_unlock" => json!({"username": MENTOR, "passphrase": PASSPHRASE}),
            "user_add" => json!({"username": "y.z", "role": "mentor", "passphrase": PASSPHRASE}),
            "user_deactivate" => json!({"username": WORKER}),
            "user_reassign" => json!({"from": WORKER, "to": WORKER2}),
            "passphrase_change" => json!({"current": PASSPHRASE, "new": PASSPHRASE}),
            "recover" => {
                json!({"recovery_key": fx.recovery_key, "username": MENTOR, "new_passphrase": PASSPHRASE})
            }
            "district_add" => json!({"province": "BA", "name": "Gwadar"}),
            "district_import" => json!({"csv": "BA,Gwadar"}),
            "case_register" => input.clone(),
            "case_update" => json!({"id": case_id, "version": 1, "case": input.clone()}),
            "case_open" => json!({"id": case_id}),
            "case_list" => json!({}),
            "case_search" => json!({"query": "Kashif"}),
            "consent_record" => {
                json!({"case_id": case_id, "purpose": "mentoring", "wording_version": "v1",
                "language": "Urdu", "method": "signed", "given_by": "participant", "given_on": "2026-11-04"})
            }
            "consent_withdraw" => json!({"consent_id": "none"}),
            "legal_basis_record" => {
                json!({"case_id": case_id, "kind": "court_order", "reference": "r"})
            }
            "legal_basis_countersign" => json!({"legal_basis_id": "none"}),
            "safety_screen_record" => json!({"case_id": case_id, "screened_on": "2026-11-04",
                "threats_to_participant": "none", "risks_to_staff": "none", "female_practitioner_required": false}),
            "case_intake" | "case_gate" => json!({"case_id": case_id}),
            "case_transition" => json!({"case_id": case_id, "transition": "start_assessment"}),
            "assessment_start" | "case_assessments" => json!({"case_id": case_id}),
            "assessment_save" => json!({"assessment_id": "none", "assessed_on": "2026-11-04"}),
            "assessment_sign_off" | "assessment_correct" => json!({"assessment_id": "none"}),
            "organisation_save" => json!({"district": "Quetta", "name": "Mentor Org",
                "org_type": "health", "level": "district"}),
            "organisation_list" | "service_find" | "service_export" => json!({}),
            "service_save" => json!({"organisation_id": plant.organisation, "name": "x",
                "domain": "family", "modality": "outreach"}),
            "service_get" | "service_verify" => json!({"id": plant.service}),
            "service_import" => json!({"csv": "organisation_id\n"}),
            "referral_add" => json!({"case_id": case_id, "service_id": plant.service,
                "domain": "mental_health", "reason": "r", "consent_id": plant.sharing}),
            "referral_status" => json!({"referral_id": plant.referral, "status": "sent"}),
            "case_referrals" | "case_contacts" | "case_incidents" | "case_disclosures" => {
                json!({"case_id": case_id})
            }
            "action_add" => json!({"case_id": case_id, "domain": "family", "description": "d"}),
            "action_status" => json!({"action_id": "none", "status": "done"}),
            "contact_add" => json!({"case_id": case_id, "contact_on": "2026-11-06",
                "kind": "mentoring_session", "duration_minutes": 30, "note": "mentorownnote"}),
            "incident_add" => json!({"case_id": case_id, "occurred_on": "2026-11-04",
                "kind": "media", "severity": "low"}),
            "disclosure_add" => json!({"case_id": case_id, "disclosed_on": "2026-11-04",
                "organisation": "o", "recipient_kind": "partner", "information_kinds": "k",
                "purpose": "p", "consent_id": plant.sharing}),
            "disclosure_countersign" => json!({"disclosure_id": police["id"]}),
            "plan_draft" | "case_plans" | "review_start" | "case_reviews" => {
                json!({"case_id": case_id})
            }
            "plan_goal_save" => {
                json!({"plan_id": "none", "description": "d", "domains": ["family"]})
            }
            "plan_action_save" => {
                json!({"goal_id": "none", "description": "d", "responsible_org": "o"})
            }
            "plan_item_remove" => json!({"item": "goal", "id": "none"}),
            "plan_agreement" => {
                json!({"plan_id": "none", "agreement": "agreed", "on": "2026-11-04"})
            }
            "plan_sign" | "plan_sign_off" => json!({"plan_id": "none"}),
            "plan_action_status" => json!({"action_id": "none", "status": "done"}),
            "plan_compare" => json!({"case_id": case_id, "from": 1, "to": 2}),
            "review_save" => json!({"review_id": "none"}),
            "review_sign" => json!({"review_id": "none"}),
            "reviews_due" | "revisions_due" | "home" | "report_exports" => json!({}),
            "report_preview" => json!({"period": "2026Q3"}),
            "backup_list" | "backup_targets" => json!({}),
            "backup_create" => json!({"folder": "/nonexistent"}),
            "backup_verify" | "backup_newest_good" | "backup_restore" => {
                json!({"path": "/nonexistent"})
            }
            "report_export" => json!({"request": {"period": "2026Q3"}, "approver": "admin",
                "approver_passphrase": "wrong", "folder": "/nonexistent"}),
            "agreement_draft" | "case_agreements" => json!({"case_id": case_id}),
            "agreement_save" => json!({"agreement_id": "none"}),
            "agreement_goal_save" => json!({"agreement_id": "none", "goal": "g"}),
            "agreement_member_add" => json!({"agreement_id": "none", "name": "n",
                "relation": "r", "positive": true}),
            "agreement_acknowledge" => json!({"agreement_id": "none", "party": "mentor",
                "on": "2026-11-04"}),
            "agreement_revise" => json!({"agreement_id": "none", "revised_on": "2026-11-04",
                "satisfaction": 3, "outcomes": []}),
            "specialist_record" => {
                json!({"case_id": case_id, "tool": "t", "assessed_on": "2026-11-04",
                "assessor": "a", "summary_band": "b"})
            }
            _ => return None,
        })
    };
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
