//! The service map and case work on it through the api: finding services
//! and the stale flag, the CSV round trip and refused imports, referrals
//! refused without a basis and stopped when consent is withdrawn (with the
//! audit), the gate from service mapping to plan against every cover of
//! two high domains, contacts, incidents and disclosures.

use homeward_core::api::cases::CaseInput;
use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_core::domain::needs::DOMAINS;
use homeward_tests::*;
use serde_json::{json, Value};

fn ok(app: &mut App, method: &str, args: Value) -> Value {
    call(app, method, args).unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

fn kind(app: &mut App, method: &str, args: Value) -> String {
    call(app, method, args)
        .map(|v| panic!("{method} should be refused, answered {v}"))
        .unwrap_err()
        .kind()
        .to_owned()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

fn organisation(app: &mut App, district: &str, name: &str) -> String {
    id(&ok(
        app,
        "organisation_save",
        json!({"district": district, "name": name, "org_type": "health", "level": "district",
               "contact_role": "intake officer"}),
    ))
}

fn service(app: &mut App, org: &str, extra: Value) -> String {
    let mut args = json!({"organisation_id": org, "name": "A service", "domain": "family",
                          "modality": "outreach"});
    args.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    id(&ok(app, "service_save", args))
}

fn names(found: &Value) -> Vec<String> {
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn services_are_found_by_domain_district_language_female_staff_and_child_friendliness() {
    let fx = fixture();
    let mut admin = unlocked(&fx.vault(), ADMIN, test_clock());
    let quetta = organisation(&mut admin, "Quetta", "Quetta centre");
    let peshawar = organisation(&mut admin, "Peshawar", "Peshawar centre");
    service(
        &mut admin,
        &quetta,
        json!({"name": "Counselling", "domain": "trauma", "female_staff": true,
               "child_friendly": true, "languages": "Urdu, Brahui"}),
    );
    service(
        &mut admin,
        &quetta,
        json!({"name": "Job desk", "domain": "employment", "languages": "Urdu"}),
    );
    service(
        &mut admin,
        &peshawar,
        json!({"name": "Family mediation", "domain": "family", "female_staff": true,
               "languages": "Pashto"}),
    );
    let find = |app: &mut App, query: Value| names(&ok(app, "service_find", query));
    let table: &[(Value, &[&str])] = &[
        (json!({}), &["Counselling", "Job desk", "Family mediation"]),
        (json!({"district": "Quetta"}), &["Counselling", "Job desk"]),
        (json!({"domain": "family"}), &["Family mediation"]),
        (
            json!({"female_staff": true}),
            &["Counselling", "Family mediation"],
        ),
        (
            json!({"district": "Quetta", "female_staff": true}),
            &["Counselling"],
        ),
        (json!({"child_friendly": true}), &["Counselling"]),
        (json!({"language": "brahui"}), &["Counselling"]),
        (json!({"language": "Urdu"}), &["Counselling", "Job desk"]),
        (json!({"language": "Pashto", "district": "Quetta"}), &[]),
    ];
    for (query, expected) in table {
        let mut found = find(&mut admin, query.clone());
        let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "query {query}");
    }
}

#[test]
fn a_service_is_stale_from_twelve_months_after_it_was_verified() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let org = organisation(&mut worker, "Quetta", "Quetta centre");
    // The test clock says 2026-11-21.
    for (verified, stale) in [
        ("2025-11-20", true),
        ("2025-11-21", true),
        ("2025-11-22", false),
        ("2026-11-21", false),
    ] {
        let service = service(
            &mut worker,
            &org,
            json!({"name": format!("verified {verified}"), "last_verified": verified}),
        );
        let view = ok(&mut worker, "service_get", json!({"id": service}));
        assert_eq!(view["stale"], json!(stale), "verified {verified}");
        if stale {
            let again = ok(&mut worker, "service_verify", json!({"id": service}));
            assert_eq!(again["stale"], json!(false));
            assert_eq!(again["last_verified"], json!("2026-11-21"));
        }
    }
}

#[test]
fn only_the_districts_own_staff_and_administrators_change_its_map() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    // The fixture's users work in Quetta only.
    assert_eq!(
        kind(
            &mut worker,
            "organisation_save",
            json!({"district": "Peshawar", "name": "x", "org_type": "health", "level": "district"})
        ),
        "forbidden"
    );
    organisation(&mut worker, "Quetta", "Quetta centre");
    worker.lock().unwrap();
    drop(worker);
    let mut mentor = unlocked(&fx.vault(), MENTOR, test_clock());
    assert_eq!(
        kind(
            &mut mentor,
            "organisation_save",
            json!({"district": "Quetta", "name": "y", "org_type": "health", "level": "district"})
        ),
        "forbidden"
    );
    assert_eq!(
        names(&ok(&mut mentor, "service_find", json!({}))).len(),
        0,
        "a mentor may read the map"
    );
}

/// A map with everything a CSV makes hard: Urdu, commas, quotes, line
/// breaks, every risk kind, empty optional fields, an organisation with
/// no service.
fn awkward_map(app: &mut App) {
    let org = id(&ok(
        app,
        "organisation_save",
        json!({"district": "Quetta", "name": "مرکز صحت, \"Quetta\"", "org_type": "health",
               "level": "district", "contact_role": "intake officer, morning desk"}),
    ));
    service(
        app,
        &org,
        json!({"name": "نفسیاتی مشاورت", "domain": "trauma",
        "description": "Weekly sessions,\nthen \"group\" sessions; ٹھیک ہے",
        "modality": "outpatient", "min_age": 12, "max_age": 25, "gender": "female",
        "legal_status_exclusions": "none", "documents_needed": "CNIC, or a letter",
        "catchment": "Quetta city", "cost": "free", "waiting_days": 14,
        "female_staff": true, "languages": "Urdu, Brahui", "child_friendly": true,
        "disability_access": true, "quality": 3, "quality_how": "visited, \"good\"",
        "quality_judged_on": "2026-10-01", "open_to_public": false,
        "last_verified": "2026-09-30",
        "risks": [
            {"kind": "stigma", "level": "low", "mitigation": ""},
            {"kind": "being_seen", "level": "high", "mitigation": "Side door, \"Tuesday\", ok"},
            {"kind": "retaliation", "level": "medium", "mitigation": "line one\nline two"},
            {"kind": "perceived_intelligence", "level": "low", "mitigation": "x"},
            {"kind": "unsafe_route", "level": "high", "mitigation": "travel by day"}
        ]}),
    );
    service(app, &org, json!({"name": "Plain", "domain": "family"}));
    ok(
        app,
        "organisation_save",
        json!({"district": "Peshawar", "name": "No services yet", "org_type": "faith",
               "level": "community"}),
    );
}

fn export(app: &mut App) -> String {
    ok(app, "service_export", json!({}))
        .as_str()
        .unwrap()
        .to_owned()
}

fn count(app: &mut App) -> (usize, usize) {
    let orgs = ok(app, "organisation_list", json!({}))
        .as_array()
        .unwrap()
        .len();
    let services = ok(app, "service_find", json!({})).as_array().unwrap().len();
    (orgs, services)
}

#[test]
fn the_service_map_survives_a_csv_round_trip_into_another_vault() {
    let first = fixture();
    let mut admin = unlocked(&first.vault(), ADMIN, test_clock());
    awkward_map(&mut admin);
    let csv = export(&mut admin);
    assert!(csv.contains("\"Weekly sessions,\nthen \"\"group\"\" sessions; ٹھیک ہے\""));
    // Importing one's own export changes nothing and adds nothing.
    let before = count(&mut admin);
    let summary = ok(&mut admin, "service_import", json!({"csv": csv}));
    assert_eq!(summary, json!({"organisations": 2, "services": 2}));
    assert_eq!(count(&mut admin), before);
    assert_eq!(export(&mut admin), csv);
    admin.lock().unwrap();

    let second = fixture();
    let mut other = unlocked(&second.vault(), ADMIN, test_clock());
    assert_eq!(count(&mut other), (0, 0));
    ok(&mut other, "service_import", json!({"csv": csv}));
    assert_eq!(count(&mut other), (2, 2));
    assert_eq!(export(&mut other), csv, "the same map, byte for byte");
    let found = ok(&mut other, "service_find", json!({"domain": "trauma"}));
    let risks = found[0]["risks"].as_array().unwrap();
    assert_eq!(risks.len(), 5);
    assert_eq!(risks[2]["mitigation"], json!("line one\nline two"));
}

#[test]
fn a_malformed_csv_is_refused_with_its_line_and_nothing_is_imported() {
    let fx = fixture();
    let mut admin = unlocked(&fx.vault(), ADMIN, test_clock());
    awkward_map(&mut admin);
    let csv = export(&mut admin);
    admin.lock().unwrap();
    drop(admin);
    let lines_of = |text: &str| -> Vec<String> {
        // Records, not lines: the awkward map's fields hold line breaks, so
        // build files from simple records instead.
        text.lines().map(str::to_owned).collect()
    };
    let header = lines_of(&csv)[0].clone();
    let simple = |name: &str, domain: &str| {
        format!(
            ",Quetta,Simple org,health,district,,,{name},{domain},,outreach,,,,,,,,,no,,no,no,,,,yes,2026-11-01,,,,,,,,,,"
        )
    };
    let good = format!(
        "{header}\n{}\n{}\n",
        simple("First", "family"),
        simple("Second", "housing")
    );
    let cases: Vec<(String, usize, &str)> = vec![
        (
            format!(
                "{header}\n{}\n{}\n",
                simple("First", "family"),
                simple("Second", "no_such_domain")
            ),
            3,
            "domain",
        ),
        (
            format!(
                "{header}\n{}\n{}\n{}\n",
                simple("First", "family"),
                simple("Second", "housing"),
                simple("Third", "family").replacen(",Quetta,", ",Atlantis,", 1)
            ),
            4,
            "district",
        ),
        (
            format!(
                "{header}\n{}\n{},extra\n",
                simple("First", "family"),
                simple("Second", "family")
            ),
            3,
            "csv",
        ),
        (
            format!(
                "{header}\n{}\n{}\n",
                simple("First", "family"),
                simple("Second", "family").replacen("2026-11-01", "2027-01-01", 1)
            ),
            3,
            "last_verified",
        ),
        (
            format!(
                "{header}\n{}\n{}\n",
                simple("First", "family"),
                simple("Second", "family").replacen(",no,,no,no,", ",maybe,,no,no,", 1)
            ),
            3,
            "female_staff",
        ),
        ("organisation,district\nx,Quetta\n".to_owned(), 1, "csv"),
    ];
    let mut admin = unlocked(&fx.vault(), ADMIN, test_clock());
    let before = count(&mut admin);
    for (text, line, field) in &cases {
        let err = call(&mut admin, "service_import", json!({"csv": text})).unwrap_err();
        let body = serde_json::to_value(&err).unwrap();
        assert_eq!(body["kind"], json!("invalid_input"), "{text}");
        assert_eq!(body["row"], json!(line), "{text}: {body}");
        assert_eq!(body["field"], json!(field), "{text}: {body}");
        assert_eq!(count(&mut admin), before, "nothing half-imported: {text}");
    }
    ok(&mut admin, "service_import", json!({"csv": good}));
    assert_eq!(count(&mut admin), (before.0 + 1, before.1 + 2));
}

/// A case of the fixture's worker in service mapping (phase 2) whose
/// signed-off assessment scores `high` domains 3 or 4 and the rest 1.
struct Mapped {
    case: String,
    assessment: String,
}

fn register(app: &mut App, name: &str, age: i64) -> String {
    let view = app
        .register_case(CaseInput {
            name_latin: name.into(),
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

fn assessed(app: &mut App, name: &str, age: i64, high: &[(&str, i64)]) -> Mapped {
    let case = register(app, name, age);
    let by: &[&str] = if age < 18 {
        &["participant", "guardian"]
    } else {
        &["participant"]
    };
    for given_by in by {
        for purpose in ["participation", "assessment"] {
            ok(
                app,
                "consent_record",
                json!({"case_id": case, "purpose": purpose, "wording_version": "v1",
                       "language": "Urdu", "method": "signed", "given_by": given_by,
                       "given_on": "2026-11-12"}),
            );
        }
    }
    ok(
        app,
        "safety_screen_record",
        json!({"case_id": case, "screened_on": "2026-11-12", "threats_to_participant": "none",
               "risks_to_staff": "none", "female_practitioner_required": false}),
    );
    ok(
        app,
        "case_transition",
        json!({"case_id": case, "transition": "start_assessment"}),
    );
    let draft = ok(app, "assessment_start", json!({"case_id": case}));
    let scores: Vec<Value> = DOMAINS
        .iter()
        .map(|d| {
            let score = high
                .iter()
                .find(|(code, _)| *code == d.code)
                .map_or(1, |(_, s)| *s);
            json!({"domain": d.code, "score": score})
        })
        .collect();
    let assessment = draft["assessment"]["id"].as_str().unwrap().to_owned();
    ok(
        app,
        "assessment_save",
        json!({"assessment_id": assessment, "assessed_on": "2026-11-13", "scores": scores}),
    );
    Mapped { case, assessment }
}

fn signed_and_mapped(fx: &Fixture, cases: &[Mapped]) {
    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    for mapped in cases {
        ok(
            &mut sup,
            "assessment_sign_off",
            json!({"assessment_id": mapped.assessment}),
        );
    }
    sup.lock().unwrap();
    drop(sup);
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    for mapped in cases {
        ok(
            &mut worker,
            "case_transition",
            json!({"case_id": mapped.case, "transition": "start_service_mapping"}),
        );
    }
    worker.lock().unwrap();
}

fn sharing_consent(app: &mut App, case: &str, org: &str, by: &str) -> String {
    id(&ok(
        app,
        "consent_record",
        json!({"case_id": case, "purpose": "sharing", "wording_version": "v1", "language": "Urdu",
               "method": "signed", "given_by": by, "given_on": "2026-11-14",
               "organisation": org, "information_kinds": "contact details, needs"}),
    ))
}

fn audit_actions(fx: &Fixture) -> Vec<(String, String)> {
    let conn = raw_connection(&fx.vault(), ADMIN);
    let mut stmt = conn
        .prepare("SELECT action, entity_id FROM audit_events ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

#[test]
fn a_referral_needs_a_basis_that_covers_the_organisation_and_withdrawal_stops_it() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let adult = assessed(
        &mut worker,
        "Referred Adult",
        30,
        &[("housing", 4), ("family", 3)],
    );
    let child = assessed(&mut worker, "Referred Child", 15, &[("education", 3)]);
    let clinic_org = organisation(&mut worker, "Quetta", "Quetta clinic");
    let clinic = service(&mut worker, &clinic_org, json!({"name": "Shelter"}));
    let refer = |app: &mut App, case: &str, domain: &str, basis: Value| {
        let mut args = json!({"case_id": case, "service_id": clinic, "domain": domain,
                              "reason": "needs a roof"});
        args.as_object_mut()
            .unwrap()
            .extend(basis.as_object().unwrap().clone());
        call(app, "referral_add", args)
    };
    let refused = |r: Result<Value, homeward_core::api::ApiError>| r.unwrap_err().kind().to_owned();
    // No basis at all.
    assert_eq!(
        refused(refer(&mut worker, &adult.case, "housing", json!({}))),
        "consent_required"
    );
    // A sharing consent naming another organisation.
    let elsewhere = sharing_consent(&mut worker, &adult.case, "Another place", "participant");
    assert_eq!(
        refused(refer(
            &mut worker,
            &adult.case,
            "housing",
            json!({"consent_id": elsewhere})
        )),
        "consent_required"
    );
    // A consent for another purpose.
    let intake = ok(&mut worker, "case_intake", json!({"case_id": adult.case}));
    let participation = intake["consents"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        refused(refer(
            &mut worker,
            &adult.case,
            "housing",
            json!({"consent_id": participation})
        )),
        "consent_required"
    );
    // A legal basis not yet countersigned.
    let basis = id(&ok(
        &mut worker,
        "legal_basis_record",
        json!({"case_id": adult.case, "kind": "court_order", "reference": "order 12"}),
    ));
    assert_eq!(
        refused(refer(
            &mut worker,
            &adult.case,
            "housing",
            json!({"legal_basis_id": basis})
        )),
        "consent_required"
    );
    // A domain that is not high or urgent.
    let consent = sharing_consent(&mut worker, &adult.case, "quetta CLINIC", "participant");
    assert_eq!(
        refused(refer(
            &mut worker,
            &adult.case,
            "education",
            json!({"consent_id": consent})
        )),
        "invalid_input"
    );
    // A child needs the guardian's consent and the child's own assent.
    let guardian = sharing_consent(&mut worker, &child.case, "Quetta clinic", "guardian");
    assert_eq!(
        refused(refer(
            &mut worker,
            &child.case,
            "education",
            json!({"consent_id": guardian})
        )),
        "consent_required"
    );
    sharing_consent(&mut worker, &child.case, "Quetta clinic", "participant");
    refer(
        &mut worker,
        &child.case,
        "education",
        json!({"consent_id": guardian}),
    )
    .unwrap();

    // Four referrals on one consent, left in four statuses.
    let mut on_consent = Vec::new();
    for path in [
        &[][..],
        &["sent"][..],
        &["sent", "accepted", "in_progress"][..],
        &["sent", "accepted", "completed"][..],
    ] {
        let referral = id(&refer(
            &mut worker,
            &adult.case,
            "housing",
            json!({"consent_id": consent}),
        )
        .unwrap());
        for status in path {
            ok(
                &mut worker,
                "referral_status",
                json!({"referral_id": referral, "status": status}),
            );
        }
        on_consent.push(referral);
    }
    // A completed referral does not move again; a move must be a real step.
    assert_eq!(
        kind(
            &mut worker,
            "referral_status",
            json!({"referral_id": on_consent[3], "status": "sent"})
        ),
        "conflict"
    );
    assert_eq!(
        kind(
            &mut worker,
            "referral_status",
            json!({"referral_id": on_consent[0], "status": "stopped_consent_withdrawn"})
        ),
        "conflict"
    );
    // Not used needs the barrier.
    assert_eq!(
        kind(
            &mut worker,
            "referral_status",
            json!({"referral_id": on_consent[3], "status": "completed", "used": false})
        ),
        "invalid_input"
    );
    ok(
        &mut worker,
        "referral_status",
        json!({"referral_id": on_consent[3], "status": "completed", "used": false,
               "barrier": "distance_or_transport", "barrier_note": "two buses each way"}),
    );
    ok(
        &mut worker,
        "consent_withdraw",
        json!({"consent_id": consent}),
    );
    let after = ok(
        &mut worker,
        "case_referrals",
        json!({"case_id": adult.case}),
    );
    let statuses: Vec<&str> = after["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        vec![
            "stopped_consent_withdrawn",
            "stopped_consent_withdrawn",
            "stopped_consent_withdrawn",
            "completed"
        ]
    );
    let last = &after["referrals"][3];
    assert_eq!(last["used"], json!(0));
    assert_eq!(last["barrier"], json!("distance_or_transport"));
    assert_eq!(last["service"], json!("Shelter"));
    assert_eq!(last["organisation"], json!("Quetta clinic"));
    // The history keeps every step with its date.
    let events = after["events"].as_array().unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e["referral_id"] == json!(on_consent[2]))
            .map(|e| e["status"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec![
            "proposed",
            "sent",
            "accepted",
            "in_progress",
            "stopped_consent_withdrawn"
        ]
    );
    // A withdrawn consent supports no new referral.
    assert_eq!(
        refused(refer(
            &mut worker,
            &adult.case,
            "housing",
            json!({"consent_id": consent})
        )),
        "consent_required"
    );
    worker.lock().unwrap();
    drop(worker);
    let audit = audit_actions(&fx);
    for referral in &on_consent {
        assert!(audit.contains(&("referral_proposed".into(), referral.clone())));
    }
    for referral in &on_consent[..3] {
        assert!(
            audit.contains(&(
                "referral_stopped_consent_withdrawn".into(),
                referral.clone()
            )),
            "the audit shows {referral} stopped"
        );
    }
    assert!(audit.contains(&("consent_withdrawn".into(), consent.clone())));
    // Sending a referral records the disclosure it makes.
    let sent = audit.iter().filter(|(a, _)| a == "referral_sent").count();
    let disclosed = audit
        .iter()
        .filter(|(a, _)| a == "disclosure_recorded")
        .count();
    assert_eq!(sent, 3);
    assert_eq!(disclosed, 3);
}

/// The gate out of service mapping for two high domains, each with every
/// kind of cover: none, a referral in each status, a planned action (and
/// one dropped). The expected count is worked out by hand per cover.
#[test]
fn the_plan_gate_against_every_cover_of_two_high_domains() {
    #[derive(Clone, Copy, Debug)]
    enum Cover {
        Nothing,
        Referral(&'static [&'static str]),
        Action,
        DroppedAction,
    }
    let covers: &[(Cover, bool)] = &[
        (Cover::Nothing, false),
        (Cover::Referral(&[]), true),
        (Cover::Referral(&["sent"]), true),
        (Cover::Referral(&["sent", "accepted", "completed"]), true),
        (Cover::Referral(&["sent", "declined"]), false),
        (Cover::Referral(&["dropped"]), false),
        (Cover::Action, true),
        (Cover::DroppedAction, false),
    ];
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let org = organisation(&mut worker, "Quetta", "Quetta clinic");
    let place = service(&mut worker, &org, json!({"name": "Help"}));
    let mut cases = Vec::new();
    for (i, first) in covers.iter().enumerate() {
        for (j, second) in covers.iter().enumerate() {
            // Housing urgent, family high; education low needs nothing.
            let mapped = assessed(
                &mut worker,
                &format!("Gate {i} {j}"),
                30,
                &[("housing", 4), ("family", 3), ("education", 2)],
            );
            cases.push((mapped, *first, *second));
        }
    }
    worker.lock().unwrap();
    drop(worker);
    let mapped: Vec<Mapped> = cases
        .iter()
        .map(|(m, _, _)| Mapped {
            case: m.case.clone(),
            assessment: m.assessment.clone(),
        })
        .collect();
    signed_and_mapped(&fx, &mapped);
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    for (mapped, first, second) in &cases {
        let consent = sharing_consent(&mut worker, &mapped.case, "Quetta clinic", "participant");
        for (domain, (cover, _)) in [("housing", first), ("family", second)] {
            match cover {
                Cover::Nothing => {}
                Cover::Referral(path) => {
                    let referral = id(&ok(
                        &mut worker,
                        "referral_add",
                        json!({"case_id": mapped.case, "service_id": place, "domain": domain,
                               "reason": "r", "consent_id": consent}),
                    ));
                    for status in *path {
                        ok(
                            &mut worker,
                            "referral_status",
                            json!({"referral_id": referral, "status": status}),
                        );
                    }
                }
                Cover::Action | Cover::DroppedAction => {
                    let action = id(&ok(
                        &mut worker,
                        "action_add",
                        json!({"case_id": mapped.case, "domain": domain,
                               "description": "handled in mentoring"}),
                    ));
                    if matches!(cover, Cover::DroppedAction) {
                        ok(
                            &mut worker,
                            "action_status",
                            json!({"action_id": action, "status": "dropped"}),
                        );
                    }
                }
            }
        }
        // Records for a domain that is not high change nothing.
        ok(
            &mut worker,
            "action_add",
            json!({"case_id": mapped.case, "domain": "education", "description": "school visit"}),
        );
        let uncovered = [first.1, second.1].iter().filter(|c| !**c).count();
        let gate = ok(&mut worker, "case_gate", json!({"case_id": mapped.case}));
        assert_eq!(gate["next"], json!("start_plan"));
        let expected: Value = if uncovered == 0 {
            json!([])
        } else {
            json!([{"code": "actions_for_domains", "count": uncovered}])
        };
        assert_eq!(gate["missing"], expected, "{first:?} / {second:?}");
        let moved = call(
            &mut worker,
            "case_transition",
            json!({"case_id": mapped.case, "transition": "start_plan"}),
        );
        match uncovered {
            0 => assert_eq!(moved.unwrap()["phase"], json!(3)),
            _ => assert_eq!(moved.unwrap_err().kind(), "gate_not_met"),
        }
    }
}

#[test]
fn contacts_incidents_and_disclosures_keep_their_tiers() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let case = register(&mut worker, "Worked Person", 33);
    ok(
        &mut worker,
        "contact_add",
        json!({"case_id": case, "contact_on": "2026-11-15", "kind": "home_visit",
               "duration_minutes": 50, "place": "his home", "note": "ordinary visit"}),
    );
    ok(
        &mut worker,
        "contact_add",
        json!({"case_id": case, "contact_on": "2026-11-16", "kind": "phone",
               "duration_minutes": 5, "note": "restricted call", "tier": 3}),
    );
    assert_eq!(
        kind(
            &mut worker,
            "contact_add",
            json!({"case_id": case, "contact_on": "2026-11-16", "kind": "phone",
                   "duration_minutes": 5, "tier": 4})
        ),
        "invalid_input"
    );
    ok(
        &mut worker,
        "incident_add",
        json!({"case_id": case, "occurred_on": "2026-11-16", "kind": "community_backlash",
               "severity": "moderate", "description": "neighbours complained",
               "response": "met the elders", "lesson": "prepare the street"}),
    );
    ok(
        &mut worker,
        "incident_add",
        json!({"case_id": case, "occurred_on": "2026-11-17", "kind": "threat_to_staff",
               "severity": "serious", "description": "a threat to the case worker"}),
    );
    let contacts = ok(&mut worker, "case_contacts", json!({"case_id": case}));
    assert_eq!(contacts.as_array().unwrap().len(), 2);
    assert_eq!(contacts[1]["tier"], json!(3));
    let incidents = ok(&mut worker, "case_incidents", json!({"case_id": case}));
    assert_eq!(incidents[1]["restricted"], json!(true));
    // A disclosure to police waits for a supervisor's countersignature.
    let basis = id(&ok(
        &mut worker,
        "legal_basis_record",
        json!({"case_id": case, "kind": "statutory_duty", "reference": "protocol 4"}),
    ));
    assert_eq!(
        kind(
            &mut worker,
            "disclosure_add",
            json!({"case_id": case, "disclosed_on": "2026-11-18", "organisation": "District police",
                   "recipient_kind": "police_security", "information_kinds": "address",
                   "purpose": "protection", "legal_basis_id": basis})
        ),
        "consent_required",
        "the legal basis is not countersigned yet"
    );
    worker.lock().unwrap();
    drop(worker);
    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    ok(
        &mut sup,
        "legal_basis_countersign",
        json!({"legal_basis_id": basis}),
    );
    sup.lock().unwrap();
    drop(sup);
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let police = ok(
        &mut worker,
        "disclosure_add",
        json!({"case_id": case, "disclosed_on": "2026-11-18", "organisation": "District police",
               "recipient_kind": "police_security", "information_kinds": "address",
               "purpose": "protection", "legal_basis_id": basis}),
    );
    assert_eq!(police["restricted"], json!(true));
    assert_eq!(police["countersigned_by"], json!(null));
    assert_eq!(
        kind(
            &mut worker,
            "disclosure_countersign",
            json!({"disclosure_id": police["id"]})
        ),
        "forbidden"
    );
    worker.lock().unwrap();
    drop(worker);
    let mut sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let signed = ok(
        &mut sup,
        "disclosure_countersign",
        json!({"disclosure_id": police["id"]}),
    );
    assert!(signed["countersigned_by"].is_string());
    assert_eq!(signed["countersigned_on"], json!("2026-11-21"));
    assert_eq!(
        kind(
            &mut sup,
            "disclosure_countersign",
            json!({"disclosure_id": police["id"]})
        ),
        "frozen"
    );
    sup.lock().unwrap();
    drop(sup);
    // Restricted kinds sit in their own tables.
    let conn = raw_connection(&fx.vault(), ADMIN);
    let in_table = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(in_table("contacts"), 1);
    assert_eq!(in_table("contacts_restricted"), 1);
    assert_eq!(in_table("incidents"), 1);
    assert_eq!(in_table("incidents_restricted"), 1);
    assert_eq!(in_table("disclosures_restricted"), 1);
    drop(conn);
    // The mentor sees neither the worker's contacts nor incidents nor disclosures.
    let mut mentor = unlocked(&fx.vault(), MENTOR, test_clock());
    assert_eq!(
        ok(&mut mentor, "case_contacts", json!({"case_id": case})),
        json!([])
    );
    assert_eq!(
        ok(&mut mentor, "case_incidents", json!({"case_id": case})),
        json!([])
    );
    assert_eq!(
        ok(&mut mentor, "case_disclosures", json!({"case_id": case})),
        json!([])
    );
    assert_eq!(
        kind(
            &mut mentor,
            "contact_add",
            json!({"case_id": case, "contact_on": "2026-11-19", "kind": "phone",
                   "duration_minutes": 5, "tier": 3})
        ),
        "forbidden"
    );
    ok(
        &mut mentor,
        "contact_add",
        json!({"case_id": case, "contact_on": "2026-11-19", "kind": "mentoring_session",
               "duration_minutes": 60, "note": "mentor's own"}),
    );
    let own = ok(&mut mentor, "case_contacts", json!({"case_id": case}));
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["note"], json!("mentor's own"));
}
