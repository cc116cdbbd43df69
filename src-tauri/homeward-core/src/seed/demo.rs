//! The demo vault: the fictional cases of domain.md written through the
//! api like any user's work, so every rule and the audit apply.

use serde_json::json;

use crate::api::cases::CaseInput;
use crate::api::dto::{AddUserInput, CreateVaultInput, UnlockInput};
use crate::api::rpc::call;
use crate::api::{ApiError, App};

/// The demo's users: (username, role, districts).
pub const DEMO_USERS: [(&str, &str, &[&str]); 5] = [
    ("admin", "administrator", &[]),
    ("sana.caseworker", "case_worker", &["Quetta", "Peshawar"]),
    ("imran.caseworker", "case_worker", &["Lahore"]),
    ("bilal.mentor", "mentor", &["Quetta", "Peshawar"]),
    (
        "ayesha.supervisor",
        "supervisor",
        &["Quetta", "Peshawar", "Lahore"],
    ),
];

const DEMO_DISTRICTS: &str =
    "province,district\nBA,Quetta\nKP,Peshawar\nPB,Lahore\nSD,Karachi\nIS,Islamabad\n";

/// (Latin name, Urdu name, alias, gender, age, district, track, source, worker, mentor)
type DemoCase = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const DEMO_CASES: [DemoCase; 12] = [
    (
        "Khalid Mehmood",
        "خالد محمود",
        "",
        "male",
        41,
        "Peshawar",
        "repatriated",
        "police",
        "sana.caseworker",
        None,
    ),
    (
        "Rukhsana Bibi",
        "رخسانہ بی بی",
        "",
        "female",
        36,
        "Peshawar",
        "repatriated",
        "police",
        "sana.caseworker",
        None,
    ),
    (
        "Hamid Khalid",
        "حامد خالد",
        "",
        "male",
        9,
        "Peshawar",
        "repatriated",
        "family",
        "sana.caseworker",
        None,
    ),
    (
        "Zainab Khalid",
        "زینب خالد",
        "",
        "female",
        6,
        "Peshawar",
        "repatriated",
        "family",
        "sana.caseworker",
        None,
    ),
    (
        "Faisal Noor",
        "فیصل نور",
        "Fazi",
        "male",
        24,
        "Quetta",
        "community",
        "self",
        "sana.caseworker",
        Some("bilal.mentor"),
    ),
    (
        "Tariq Jamil",
        "طارق جمیل",
        "",
        "male",
        33,
        "Quetta",
        "release_preparation",
        "prison_or_probation",
        "sana.caseworker",
        Some("bilal.mentor"),
    ),
    (
        "Usman Ghani",
        "عثمان غنی",
        "",
        "male",
        15,
        "Quetta",
        "community",
        "religious_leader",
        "sana.caseworker",
        Some("bilal.mentor"),
    ),
    (
        "Naveed Akhtar",
        "نوید اختر",
        "",
        "male",
        38,
        "Lahore",
        "released_under_supervision",
        "prison_or_probation",
        "imran.caseworker",
        None,
    ),
    (
        "Shazia Parveen",
        "شازیہ پروین",
        "",
        "female",
        29,
        "Lahore",
        "pre_trial",
        "court",
        "imran.caseworker",
        None,
    ),
    (
        "Adnan Saleem",
        "عدنان سلیم",
        "",
        "male",
        26,
        "Lahore",
        "community",
        "family",
        "imran.caseworker",
        None,
    ),
    (
        "Sher Baz",
        "شیر باز",
        "",
        "male",
        31,
        "Quetta",
        "released",
        "civil_society",
        "sana.caseworker",
        None,
    ),
    (
        "Daniel Hartmann",
        "ڈینیل ہارٹمین",
        "",
        "male",
        27,
        "Lahore",
        "community",
        "civil_society",
        "imran.caseworker",
        None,
    ),
];

/// The context typology of a demo case: an ethno-political case and a
/// far-right one reported apart from the religious ones, and a case whose
/// context is not recorded.
fn demo_context(latin: &str) -> &'static str {
    match latin {
        "Sher Baz" => "ethno_political",
        "Daniel Hartmann" => "far_right",
        "Adnan Saleem" => "",
        _ => "religious",
    }
}

pub(super) fn unlock(app: &mut App, username: &str, passphrase: &str) -> Result<(), ApiError> {
    app.unlock(UnlockInput {
        username: username.into(),
        passphrase: passphrase.into(),
    })?;
    Ok(())
}

/// Creates the demo vault in an empty folder; every user gets `passphrase`.
/// Returns the recovery key.
pub fn demo(app: &mut App, passphrase: &str, today: &str) -> Result<String, ApiError> {
    let created = app.create_vault(CreateVaultInput {
        username: DEMO_USERS[0].0.into(),
        passphrase: passphrase.into(),
    })?;
    app.import_districts(DEMO_DISTRICTS)?;
    for (username, role, districts) in DEMO_USERS.iter().skip(1) {
        app.add_user(AddUserInput {
            username: (*username).into(),
            role: (*role).into(),
            districts: districts.iter().map(|d| (*d).to_owned()).collect(),
            passphrase: passphrase.into(),
        })?;
    }
    app.lock()?;
    for worker in ["sana.caseworker", "imran.caseworker"] {
        unlock(app, worker, passphrase)?;
        for (latin, urdu, alias, gender, age, district, track, source, owner, mentor) in DEMO_CASES
        {
            if owner != worker {
                continue;
            }
            app.register_case(CaseInput {
                name_latin: latin.into(),
                name_urdu: urdu.into(),
                alias: alias.into(),
                approx_age: Some(age),
                gender: gender.into(),
                languages: "Urdu".into(),
                district: district.into(),
                custody_track: track.into(),
                referral_source: source.into(),
                referral_date: today.into(),
                mentor: mentor.map(str::to_owned),
                context_typology: demo_context(latin).into(),
                ..Default::default()
            })?;
        }
        app.lock()?;
    }
    demo_workflow(app, passphrase, today)?;
    demo_services(app, passphrase, today)?;
    demo_plans(app, passphrase, today)?;
    Ok(created.recovery_key.clone())
}

fn case_id(app: &App, name: &str) -> Result<String, ApiError> {
    app.search_cases(name)?
        .first()
        .and_then(|c| c.get("id").and_then(|v| v.as_str()).map(str::to_owned))
        .ok_or(ApiError::NotFound { entity: "case" })
}

fn consent(
    app: &mut App,
    case: &str,
    purpose: &str,
    by: &str,
    on: &str,
    extra: serde_json::Value,
) -> Result<(), ApiError> {
    let mut args = json!({"case_id": case, "purpose": purpose, "wording_version": "v1", "language": "Urdu",
        "method": "signed", "given_by": by, "given_on": on});
    if let (Some(args), Some(extra)) = (args.as_object_mut(), extra.as_object()) {
        args.extend(extra.clone());
    }
    call(app, "consent_record", args)?;
    Ok(())
}

fn screen(app: &mut App, case: &str, on: &str, threats: &str) -> Result<(), ApiError> {
    call(
        app,
        "safety_screen_record",
        json!({"case_id": case, "screened_on": on, "threats_to_participant": threats, "risks_to_staff": "none",
               "female_practitioner_required": false}),
    )?;
    Ok(())
}

/// Takes the demo cases through intake and assessment so every phase the
/// app knows so far, every consent kind and a child's case appear.
fn demo_workflow(app: &mut App, passphrase: &str, today: &str) -> Result<(), ApiError> {
    unlock(app, "sana.caseworker", passphrase)?;
    let faisal = case_id(app, "Faisal Noor")?;
    for purpose in ["participation", "assessment", "mentoring", "statistics"] {
        consent(app, &faisal, purpose, "participant", today, json!({}))?;
    }
    consent(
        app,
        &faisal,
        "sharing",
        "participant",
        today,
        json!({"organisation": "District vocational centre", "information_kinds": "contact details, training needs"}),
    )?;
    consent(
        app,
        &faisal,
        "family_involvement",
        "participant",
        today,
        json!({"family_member": "his mother"}),
    )?;
    screen(app, &faisal, today, "none")?;
    call(
        app,
        "case_transition",
        json!({"case_id": faisal, "transition": "start_assessment"}),
    )?;
    let draft = call(app, "assessment_start", json!({"case_id": faisal}))?;
    let assessment = draft["assessment"]["id"].clone();
    let scores: Vec<serde_json::Value> = crate::domain::needs::DOMAINS
        .iter()
        .map(|d| match d.code {
            "identity_belonging" => json!({"domain": d.code, "score": 3, "evidence_source": "self_report", "participant_priority": true}),
            "employment" => json!({"domain": d.code, "score": 3, "evidence_source": "self_report"}),
            "family" => json!({"domain": d.code, "score": 0, "evidence_source": "family"}),
            "children" => json!({"domain": d.code, "not_assessed_reason": "not_applicable"}),
            _ => json!({"domain": d.code, "score": 1, "evidence_source": "observation"}),
        })
        .collect();
    call(
        app,
        "assessment_save",
        json!({"assessment_id": assessment, "assessed_on": today, "scores": scores,
        "strengths": "A supportive family and a steady part-time job.",
        "profile": {"stage": "doubting", "behaviour": "yes", "ties": "partly", "views": "partly"}}),
    )?;

    let usman = case_id(app, "Usman Ghani")?;
    for by in ["participant", "guardian"] {
        for purpose in ["participation", "assessment"] {
            consent(app, &usman, purpose, by, today, json!({}))?;
        }
    }
    screen(app, &usman, today, "none")?;
    call(
        app,
        "case_transition",
        json!({"case_id": usman, "transition": "start_assessment"}),
    )?;

    let tariq = case_id(app, "Tariq Jamil")?;
    let basis = call(
        app,
        "legal_basis_record",
        json!({"case_id": tariq, "kind": "probation_order", "reference": "probation order 2026/031"}),
    )?;
    screen(app, &tariq, today, "possible")?;
    let sher = case_id(app, "Sher Baz")?;
    screen(app, &sher, today, "credible")?;
    app.lock()?;

    unlock(app, "ayesha.supervisor", passphrase)?;
    call(
        app,
        "assessment_sign_off",
        json!({"assessment_id": assessment}),
    )?;
    call(
        app,
        "legal_basis_countersign",
        json!({"legal_basis_id": basis["id"]}),
    )?;
    app.lock()?;

    unlock(app, "sana.caseworker", passphrase)?;
    call(
        app,
        "case_transition",
        json!({"case_id": faisal, "transition": "start_service_mapping"}),
    )?;
    call(
        app,
        "case_transition",
        json!({"case_id": tariq, "transition": "start_assessment"}),
    )?;
    app.lock()?;

    unlock(app, "imran.caseworker", passphrase)?;
    let shazia = case_id(app, "Shazia Parveen")?;
    call(
        app,
        "case_transition",
        json!({"case_id": shazia, "transition": "end_intake", "outcome": "not_eligible",
        "reason": "The charge against her excludes her from the main programme; recorded as an access barrier."}),
    )?;
    app.lock()?;
    Ok(())
}

fn id_of(value: &serde_json::Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

pub(super) fn organisation(
    app: &mut App,
    district: &str,
    name: &str,
    org_type: &str,
) -> Result<String, ApiError> {
    let org = call(
        app,
        "organisation_save",
        json!({"district": district, "name": name, "org_type": org_type, "level": "district",
               "contact_role": "intake officer"}),
    )?;
    Ok(id_of(&org))
}

pub(super) fn service(app: &mut App, fields: serde_json::Value) -> Result<String, ApiError> {
    Ok(id_of(&call(app, "service_save", fields)?))
}

fn sharing(
    app: &mut App,
    case: &str,
    by: &str,
    organisation: &str,
    on: &str,
) -> Result<String, ApiError> {
    let answer = call(
        app,
        "consent_record",
        json!({"case_id": case, "purpose": "sharing", "wording_version": "v1", "language": "Urdu",
               "method": "signed", "given_by": by, "given_on": on, "organisation": organisation,
               "information_kinds": "contact details, the needs referred"}),
    )?;
    Ok(id_of(&answer))
}

fn refer(
    app: &mut App,
    case: &str,
    service: &str,
    domain: &str,
    consent: &str,
    reason: &str,
) -> Result<String, ApiError> {
    let answer = call(
        app,
        "referral_add",
        json!({"case_id": case, "service_id": service, "domain": domain, "reason": reason,
               "consent_id": consent}),
    )?;
    Ok(id_of(&answer))
}

/// Moves a referral through `statuses`; the last may carry use and barrier.
fn move_referral(
    app: &mut App,
    referral: &str,
    statuses: &[&str],
    last: serde_json::Value,
) -> Result<(), ApiError> {
    for (index, status) in statuses.iter().enumerate() {
        let mut args = json!({"referral_id": referral, "status": status});
        if index + 1 == statuses.len() {
            if let (Some(args), Some(extra)) = (args.as_object_mut(), last.as_object()) {
                args.extend(extra.clone());
            }
        }
        call(app, "referral_status", args)?;
    }
    Ok(())
}

/// The service maps of Quetta and Peshawar and what the demo cases do with
/// them: referrals in every status, a planned action, a plan phase, a
/// withdrawn consent stopping a referral, contacts (one a mentor's, one
/// restricted), incidents (one restricted) and a countersigned disclosure.
fn demo_services(app: &mut App, passphrase: &str, today: &str) -> Result<(), ApiError> {
    let stale_day = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_sub_months(chrono::Months::new(18)))
        .map(|d| d.to_string())
        .unwrap_or_else(|| today.to_owned());
    unlock(app, "sana.caseworker", passphrase)?;
    let health = organisation(app, "Quetta", "Quetta Community Health Centre", "health")?;
    let counselling = service(
        app,
        json!({"organisation_id": health, "name": "Psychosocial counselling", "domain": "trauma",
        "description": "Weekly sessions with a trained counsellor; group sessions for young people.",
        "modality": "outpatient", "min_age": 12, "gender": "any", "documents_needed": "none",
        "catchment": "Quetta city", "cost": "free", "waiting_days": 14, "female_staff": true,
        "languages": "Urdu, Balochi, Pashto, Brahui", "child_friendly": true,
        "disability_access": true, "quality": 3, "quality_how": "visited; two participants' feedback",
        "quality_judged_on": today, "open_to_public": true,
        "risks": [
            {"kind": "being_seen", "level": "high",
             "mitigation": "Use the general clinic entrance and the Tuesday slot shared with the maternal-health queue."},
            {"kind": "stigma", "level": "medium", "mitigation": "The appointment card names only the clinic."}
        ]}),
    )?;
    let school = organisation(app, "Quetta", "Quetta Bridging School", "education")?;
    let bridging = service(
        app,
        json!({"organisation_id": school, "name": "Bridging classes for out-of-school youth",
               "domain": "education", "modality": "outreach", "min_age": 10, "max_age": 18,
               "gender": "male", "documents_needed": "a birth certificate or a guardian's statement",
               "cost": "free", "waiting_days": 30, "female_staff": false, "languages": "Urdu, Pashto",
               "child_friendly": true, "quality": 4, "quality_how": "observed a class",
               "quality_judged_on": today, "open_to_public": true}),
    )?;
    let sport = service(
        app,
        json!({"organisation_id": school, "name": "Evening cricket and football club",
               "domain": "recreation", "modality": "outreach", "min_age": 12, "max_age": 25,
               "cost": "free", "languages": "Urdu", "child_friendly": true, "open_to_public": true,
               "last_verified": stale_day}),
    )?;
    let registry = organisation(app, "Quetta", "Civil registration help desk", "government")?;
    service(
        app,
        json!({"organisation_id": registry, "name": "Help with identity documents",
               "domain": "legal_documents", "modality": "outpatient", "cost": "fee for the card",
               "waiting_days": 45, "female_staff": true, "languages": "Urdu, Balochi",
               "legal_status_exclusions": "none known", "open_to_public": true,
               "risks": [{"kind": "perceived_intelligence", "level": "medium",
                          "mitigation": "Go with the case worker, never alone, on an ordinary weekday."}]}),
    )?;
    let vocational = organisation(
        app,
        "Quetta",
        "District vocational centre",
        "vocational_training",
    )?;
    let placement = service(
        app,
        json!({"organisation_id": vocational, "name": "Job placement desk", "domain": "employment",
               "modality": "outpatient", "min_age": 18, "cost": "free", "waiting_days": 7,
               "female_staff": true, "languages": "Urdu, Pashto", "open_to_public": true,
               "quality": 3, "quality_how": "placements followed up", "quality_judged_on": today}),
    )?;
    let tailoring = service(
        app,
        json!({"organisation_id": vocational, "name": "Electrician and tailoring courses",
               "domain": "vocational_skills", "modality": "outpatient", "min_age": 16,
               "cost": "PKR 500 a month", "waiting_days": 90, "languages": "Urdu",
               "open_to_public": true}),
    )?;
    let families = organisation(
        app,
        "Peshawar",
        "Peshawar family counselling service",
        "family_support",
    )?;
    let mediation = service(
        app,
        json!({"organisation_id": families, "name": "Family mediation", "domain": "family",
               "modality": "outreach", "female_staff": true, "child_friendly": true,
               "languages": "Pashto, Urdu", "cost": "free", "open_to_public": true,
               "risks": [{"kind": "retaliation", "level": "high",
                          "mitigation": "Meet at a relative's home, never at the office; no vehicle markings."}]}),
    )?;
    let peshawar_health = organisation(app, "Peshawar", "Peshawar district hospital", "health")?;
    service(
        app,
        json!({"organisation_id": peshawar_health, "name": "Outpatient mental health clinic",
               "domain": "mental_health", "modality": "outpatient", "female_staff": true,
               "languages": "Pashto, Urdu, English", "cost": "free", "waiting_days": 21,
               "disability_access": true, "open_to_public": true}),
    )?;

    // Faisal (service mapping): employment referred, identity work planned
    // with his mentor; a referral to family mediation stops when he
    // withdraws that consent; then the plan phase.
    let faisal = case_id(app, "Faisal Noor")?;
    let intake = call(app, "case_intake", json!({"case_id": faisal}))?;
    let vocational_consent = intake["consents"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|c| c["organisation"] == "District vocational centre")
        })
        .map(id_of)
        .unwrap_or_default();
    let placed = refer(
        app,
        &faisal,
        &placement,
        "employment",
        &vocational_consent,
        "Wants steady work; the desk places young men with local workshops.",
    )?;
    move_referral(
        app,
        &placed,
        &["sent", "accepted", "in_progress", "completed"],
        json!({"used": true}),
    )?;
    let course = refer(
        app,
        &faisal,
        &tailoring,
        "employment",
        &vocational_consent,
        "An electrician's course would open better-paid work.",
    )?;
    move_referral(
        app,
        &course,
        &["sent", "declined"],
        json!({"used": false, "barrier": "waiting_time", "barrier_note": "Three months' wait; the next intake is full."}),
    )?;
    let family_consent = sharing(
        app,
        &faisal,
        "participant",
        "Peshawar family counselling service",
        today,
    )?;
    refer(
        app,
        &faisal,
        &mediation,
        "identity_belonging",
        &family_consent,
        "Talk through belonging with his family present.",
    )?;
    call(
        app,
        "consent_withdraw",
        json!({"consent_id": family_consent}),
    )?;
    call(
        app,
        "action_add",
        json!({"case_id": faisal, "domain": "identity_belonging",
               "description": "Identity and belonging work in the weekly mentoring sessions",
               "responsible": "mentor"}),
    )?;
    call(
        app,
        "case_transition",
        json!({"case_id": faisal, "transition": "start_plan"}),
    )?;
    call(
        app,
        "contact_add",
        json!({"case_id": faisal, "contact_on": today, "kind": "office", "duration_minutes": 45,
               "place": "district office", "note": "Went through the job placement; he is pleased."}),
    )?;

    // Usman, 15: assessed with education and psychosocial needs; the
    // sharing consents carry his assent and his guardian's consent.
    let usman = case_id(app, "Usman Ghani")?;
    let draft = call(app, "assessment_start", json!({"case_id": usman}))?;
    let usman_assessment = draft["assessment"]["id"].clone();
    let scores: Vec<serde_json::Value> = crate::domain::needs::DOMAINS
        .iter()
        .map(|d| match d.code {
            "education" => json!({"domain": d.code, "score": 3, "evidence_source": "records", "participant_priority": true}),
            "trauma" => json!({"domain": d.code, "score": 4, "evidence_source": "observation"}),
            "recreation" => json!({"domain": d.code, "score": 3, "evidence_source": "self_report"}),
            "family" => json!({"domain": d.code, "score": 0, "evidence_source": "family"}),
            "employment" | "children" | "financial" => {
                json!({"domain": d.code, "not_assessed_reason": "not_applicable"})
            }
            _ => json!({"domain": d.code, "score": 1, "evidence_source": "observation"}),
        })
        .collect();
    call(
        app,
        "assessment_save",
        json!({"assessment_id": usman_assessment, "assessed_on": today, "scores": scores,
               "strengths": "His uncle and his mother are close to him; he likes cricket.",
               "participant_account": "He left the school when his teacher moved away.",
               "profile": {"stage": "disengaged_consolidating", "behaviour": "yes", "ties": "yes", "views": "partly"}}),
    )?;
    let mut usman_consents = Vec::new();
    for org in ["Quetta Community Health Centre", "Quetta Bridging School"] {
        for by in ["participant", "guardian"] {
            usman_consents.push(sharing(app, &usman, by, org, today)?);
        }
    }

    // Sher Baz: a credible threat; the police are told under a protocol.
    let sher = case_id(app, "Sher Baz")?;
    let protocol = call(
        app,
        "legal_basis_record",
        json!({"case_id": sher, "kind": "statutory_duty",
               "reference": "District information-sharing protocol, threat to life clause"}),
    )?;
    call(
        app,
        "incident_add",
        json!({"case_id": sher, "occurred_on": today, "kind": "retaliation", "severity": "serious",
               "description": "Threatening messages from former associates after his release.",
               "response": "Safety plan agreed; changed his route to work.",
               "lesson": "Agree a safety plan before release day."}),
    )?;
    call(
        app,
        "contact_add",
        json!({"case_id": sher, "contact_on": today, "kind": "phone", "duration_minutes": 20,
               "note": "Checked the safety plan; he stays with his brother this week.", "tier": 3}),
    )?;
    let khalid = case_id(app, "Khalid Mehmood")?;
    call(
        app,
        "incident_add",
        json!({"case_id": khalid, "occurred_on": today, "kind": "media", "severity": "moderate",
               "description": "A hostile newspaper article about returning families named the neighbourhood.",
               "response": "Visited the family; the school was briefed.",
               "lesson": "Warn families before a return becomes known locally."}),
    )?;
    app.lock()?;

    unlock(app, "ayesha.supervisor", passphrase)?;
    call(
        app,
        "assessment_sign_off",
        json!({"assessment_id": usman_assessment}),
    )?;
    call(
        app,
        "legal_basis_countersign",
        json!({"legal_basis_id": protocol["id"]}),
    )?;
    app.lock()?;

    unlock(app, "sana.caseworker", passphrase)?;
    call(
        app,
        "case_transition",
        json!({"case_id": usman, "transition": "start_service_mapping"}),
    )?;
    let counsel = refer(
        app,
        &usman,
        &counselling,
        "trauma",
        &usman_consents[0],
        "Nightmares and withdrawal since leaving the school.",
    )?;
    move_referral(app, &counsel, &["sent", "accepted"], json!({}))?;
    let classes = refer(
        app,
        &usman,
        &bridging,
        "education",
        &usman_consents[2],
        "Back to learning before rejoining a government school.",
    )?;
    move_referral(
        app,
        &classes,
        &["sent", "in_progress"],
        json!({"used": true}),
    )?;
    let group = refer(
        app,
        &usman,
        &counselling,
        "recreation",
        &usman_consents[0],
        "The centre's youth group meets after counselling.",
    )?;
    move_referral(
        app,
        &group,
        &["dropped"],
        json!({"used": false, "barrier": "family_opposition",
               "barrier_note": "His father wants him home before dark."}),
    )?;
    let afternoon = refer(
        app,
        &usman,
        &bridging,
        "recreation",
        &usman_consents[2],
        "The school's own sports afternoon.",
    )?;
    move_referral(app, &afternoon, &["sent"], json!({}))?;
    refer(
        app,
        &usman,
        &sport,
        "recreation",
        &usman_consents[2],
        "The evening club, if the family agrees to the late hours.",
    )?;
    let police = call(
        app,
        "disclosure_add",
        json!({"case_id": sher, "disclosed_on": today, "organisation": "District police",
               "recipient_kind": "police_security", "information_kinds": "the threat and his current address",
               "purpose": "protection from retaliation", "legal_basis_id": protocol["id"]}),
    )?;
    app.lock()?;

    unlock(app, "bilal.mentor", passphrase)?;
    call(
        app,
        "contact_add",
        json!({"case_id": usman, "contact_on": today, "kind": "mentoring_session", "duration_minutes": 60,
               "place": "the cricket ground", "note": "Talked about going back to school."}),
    )?;
    app.lock()?;

    unlock(app, "ayesha.supervisor", passphrase)?;
    call(
        app,
        "disclosure_countersign",
        json!({"disclosure_id": police["id"]}),
    )?;
    app.lock()?;
    Ok(())
}

fn days_before(today: &str, days: u64) -> String {
    chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_sub_days(chrono::Days::new(days)))
        .map(|d| d.to_string())
        .unwrap_or_else(|| today.to_owned())
}

/// Scores every domain 1 but employment, 3.
fn plain_scores() -> Vec<serde_json::Value> {
    crate::domain::needs::DOMAINS
        .iter()
        .map(|d| {
            let score = if d.code == "employment" { 3 } else { 1 };
            json!({"domain": d.code, "score": score, "evidence_source": "self_report"})
        })
        .collect()
}

/// Takes `cases` of `worker` (name, day the participant agreed the plan)
/// from wherever they stand to implementation, through every gate.
fn to_implementation(
    app: &mut App,
    passphrase: &str,
    worker: &str,
    cases: &[(&str, String)],
    today: &str,
) -> Result<Vec<String>, ApiError> {
    unlock(app, worker, passphrase)?;
    let mut ids = Vec::new();
    let mut assessments = Vec::new();
    for (name, _) in cases {
        let case = case_id(app, name)?;
        let phase = call(app, "case_gate", json!({"case_id": case}))?["phase"].as_i64();
        if phase == Some(0) {
            for purpose in ["participation", "assessment", "mentoring"] {
                consent(app, &case, purpose, "participant", today, json!({}))?;
            }
            screen(app, &case, today, "none")?;
            call(
                app,
                "case_transition",
                json!({"case_id": case, "transition": "start_assessment"}),
            )?;
        }
        let draft = call(app, "assessment_start", json!({"case_id": case}))?;
        let assessment = draft["assessment"]["id"].clone();
        call(
            app,
            "assessment_save",
            json!({"assessment_id": assessment, "assessed_on": today, "scores": plain_scores(),
                   "strengths": "Wants to work; a brother who stands by him."}),
        )?;
        assessments.push(assessment);
        ids.push(case);
    }
    app.lock()?;
    unlock(app, "ayesha.supervisor", passphrase)?;
    for assessment in &assessments {
        call(
            app,
            "assessment_sign_off",
            json!({"assessment_id": assessment}),
        )?;
    }
    app.lock()?;
    unlock(app, worker, passphrase)?;
    let mut plans = Vec::new();
    for (case, (_, agreed_on)) in ids.iter().zip(cases) {
        call(
            app,
            "case_transition",
            json!({"case_id": case, "transition": "start_service_mapping"}),
        )?;
        call(
            app,
            "action_add",
            json!({"case_id": case, "domain": "employment",
                   "description": "Job search with the district job desk", "responsible": "case worker"}),
        )?;
        call(
            app,
            "case_transition",
            json!({"case_id": case, "transition": "start_plan"}),
        )?;
        let plan = call(app, "plan_draft", json!({"case_id": case}))?;
        let plan_id = plan["plan"]["id"].clone();
        let with_goal = call(
            app,
            "plan_goal_save",
            json!({"plan_id": plan_id, "description": "Steady paid work",
                   "domains": ["employment", "vocational_skills"],
                   "success_measure": "Three months in the same job"}),
        )?;
        let goal = with_goal["goals"][0]["id"].clone();
        call(
            app,
            "plan_action_save",
            json!({"goal_id": goal, "description": "Register with the job placement desk",
                   "responsible_org": "District vocational centre", "responsible_role": "placement officer",
                   "due_on": today, "assigned_to_mentor": true}),
        )?;
        call(
            app,
            "plan_action_save",
            json!({"goal_id": goal, "description": "Electrician's course", "responsible_org": "District vocational centre",
                   "partners": "a local workshop", "resources": "course fee from the programme budget"}),
        )?;
        call(
            app,
            "plan_agreement",
            json!({"plan_id": plan_id, "agreement": "agreed", "on": agreed_on}),
        )?;
        call(app, "plan_sign", json!({"plan_id": plan_id}))?;
        plans.push(plan_id);
    }
    app.lock()?;
    unlock(app, "ayesha.supervisor", passphrase)?;
    for plan in &plans {
        call(app, "plan_sign_off", json!({"plan_id": plan}))?;
    }
    app.lock()?;
    unlock(app, worker, passphrase)?;
    for case in &ids {
        call(
            app,
            "case_transition",
            json!({"case_id": case, "transition": "start_implementation"}),
        )?;
    }
    app.lock()?;
    Ok(ids)
}

/// A whole review of `case` held on `held_on` with `decision`.
fn demo_review(
    app: &mut App,
    case: &str,
    held_on: &str,
    today: &str,
    decision: &str,
) -> Result<(), ApiError> {
    let review = call(app, "review_start", json!({"case_id": case}))?;
    let draft = call(app, "assessment_start", json!({"case_id": case}))?;
    call(
        app,
        "assessment_save",
        json!({"assessment_id": draft["assessment"]["id"], "assessed_on": held_on,
               "scores": plain_scores()}),
    )?;
    screen(app, case, today, "none")?;
    call(
        app,
        "review_save",
        json!({"review_id": review["id"], "held_on": held_on, "family_rechecked": true,
               "participant_feedback": "The job desk helped; he wants the course next.",
               "decision": decision}),
    )?;
    call(app, "review_sign", json!({"review_id": review["id"]}))?;
    Ok(())
}

/// Plans, reviews and mentoring agreements: Tariq and Naveed in
/// implementation with a review due soon and one overdue (Naveed's review
/// open, phase 5), Adnan reviewed on time, Daniel stepped down to
/// follow-up; Tariq's agreement keeps a cousin out (not a positive
/// resource) and Usman's admits an uncle by a supervisor's override.
fn demo_plans(app: &mut App, passphrase: &str, today: &str) -> Result<(), ApiError> {
    let tariq = to_implementation(
        app,
        passphrase,
        "sana.caseworker",
        &[("Tariq Jamil", days_before(today, 80))],
        today,
    )?;
    let lahore = to_implementation(
        app,
        passphrase,
        "imran.caseworker",
        &[
            ("Naveed Akhtar", days_before(today, 120)),
            ("Adnan Saleem", days_before(today, 150)),
            ("Daniel Hartmann", days_before(today, 180)),
        ],
        today,
    )?;
    unlock(app, "imran.caseworker", passphrase)?;
    demo_review(app, &lahore[1], &days_before(today, 60), today, "continue")?;
    demo_review(app, &lahore[2], &days_before(today, 20), today, "step_down")?;
    call(app, "review_start", json!({"case_id": lahore[0]}))?;
    app.lock()?;

    unlock(app, "sana.caseworker", passphrase)?;
    let rukhsana = case_id(app, "Rukhsana Bibi")?;
    for purpose in ["participation", "assessment"] {
        consent(app, &rukhsana, purpose, "participant", today, json!({}))?;
    }
    screen(app, &rukhsana, today, "possible")?;
    call(
        app,
        "case_transition",
        json!({"case_id": rukhsana, "transition": "start_assessment"}),
    )?;
    app.lock()?;

    unlock(app, "bilal.mentor", passphrase)?;
    let plans = call(app, "case_plans", json!({"case_id": tariq[0]}))?;
    let plan_goal = plans[0]["goals"][0]["item_key"].clone();
    let draft = call(app, "agreement_draft", json!({"case_id": tariq[0]}))?;
    let agreement = draft["agreement"]["id"].clone();
    call(
        app,
        "agreement_save",
        json!({"agreement_id": agreement, "start_on": days_before(today, 80),
               "focus_areas": "work after release; his family", "meeting_frequency": "fortnightly in prison, weekly after release",
               "venue": "the prison visiting room; later the district office",
               "safety_note": "Never meet near his old neighbourhood."}),
    )?;
    call(
        app,
        "agreement_goal_save",
        json!({"agreement_id": agreement, "plan_goal_key": plan_goal, "goal": "A job waiting on release day",
               "mentee_will": "finish the electrician's module", "mentor_will": "take him to the job desk in the first week"}),
    )?;
    call(
        app,
        "agreement_member_add",
        json!({"agreement_id": agreement, "name": "Asif (brother)", "relation": "brother", "positive": true,
               "assessment_note": "Visits every week; keeps him away from old friends."}),
    )?;
    // The cousin is not a positive resource: the agreement refuses him.
    let refused = call(
        app,
        "agreement_member_add",
        json!({"agreement_id": agreement, "name": "Cousin", "relation": "cousin", "positive": false,
               "assessment_note": "Still close to the group."}),
    );
    if refused.is_ok() {
        return Err(ApiError::Conflict);
    }
    for party in ["mentor", "mentee"] {
        call(
            app,
            "agreement_acknowledge",
            json!({"agreement_id": agreement, "party": party, "on": days_before(today, 79)}),
        )?;
    }
    let usman = case_id(app, "Usman Ghani")?;
    let usman_agreement =
        call(app, "agreement_draft", json!({"case_id": usman}))?["agreement"]["id"].clone();
    call(
        app,
        "agreement_save",
        json!({"agreement_id": usman_agreement, "start_on": today, "focus_areas": "school, cricket, his nights",
               "meeting_frequency": "weekly", "venue": "the cricket ground by daylight",
               "safety_note": "His mother knows every meeting."}),
    )?;
    call(
        app,
        "agreement_goal_save",
        json!({"agreement_id": usman_agreement, "goal": "Back in a classroom by spring",
               "mentee_will": "go to the bridging class three days a week", "mentor_will": "meet his teacher once a month"}),
    )?;
    app.lock()?;
    unlock(app, "ayesha.supervisor", passphrase)?;
    call(
        app,
        "agreement_member_add",
        json!({"agreement_id": usman_agreement, "name": "Uncle", "relation": "uncle", "positive": false,
               "assessment_note": "Once close to the madrasa's teacher; now his only adult at home in the day.",
               "override_reason": "He is the only adult at home in the day; he joins only meetings at the ground, with the mentor."}),
    )?;
    app.lock()?;
    unlock(app, "bilal.mentor", passphrase)?;
    for party in ["mentor", "mentee"] {
        call(
            app,
            "agreement_acknowledge",
            json!({"agreement_id": usman_agreement, "party": party, "on": today}),
        )?;
    }
    app.lock()?;
    Ok(())
}
