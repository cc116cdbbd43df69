//! Demo and synthetic vaults, written through the api like any user's
//! work (so every rule and the audit apply). `demo` writes the fictional
//! cases of domain.md; `generate` writes a deterministic vault of any size
//! from a seed, with Urdu and Latin names spread over districts, phases
//! and custody tracks. All names are invented.

use crate::api::cases::CaseInput;
use crate::api::dto::{AddUserInput, CreateVaultInput, UnlockInput};
use crate::api::rpc::call;
use crate::api::{ApiError, App};
use serde_json::json;

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

fn unlock(app: &mut App, username: &str, passphrase: &str) -> Result<(), ApiError> {
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
                ..Default::default()
            })?;
        }
        app.lock()?;
    }
    demo_workflow(app, passphrase, today)?;
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

/// A small deterministic generator (xorshift64*), so the same seed always
/// gives the same vault.
pub struct SeededRandom(u64);

impl SeededRandom {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST: [(&str, &str); 16] = [
    ("Ahmed", "احمد"),
    ("Bilal", "بلال"),
    ("Kamran", "کامران"),
    ("Asif", "آصف"),
    ("Hassan", "حسن"),
    ("Imran", "عمران"),
    ("Junaid", "جنید"),
    ("Nadeem", "ندیم"),
    ("Rashid", "راشد"),
    ("Saeed", "سعید"),
    ("Waqar", "وقار"),
    ("Zahid", "زاہد"),
    ("Amna", "آمنہ"),
    ("Farah", "فرح"),
    ("Nazia", "نازیہ"),
    ("Sadia", "سعدیہ"),
];
const LAST: [(&str, &str); 12] = [
    ("Khan", "خان"),
    ("Qureshi", "قریشی"),
    ("Baloch", "بلوچ"),
    ("Yousafzai", "یوسفزئی"),
    ("Chaudhry", "چوہدری"),
    ("Abbasi", "عباسی"),
    ("Shah", "شاہ"),
    ("Malik", "ملک"),
    ("Durrani", "درانی"),
    ("Siddiqui", "صدیقی"),
    ("Mengal", "مینگل"),
    ("Awan", "اعوان"),
];
const GEN_DISTRICTS: [(&str, &str); 8] = [
    ("BA", "Quetta"),
    ("BA", "Gwadar"),
    ("KP", "Peshawar"),
    ("KP", "Swat"),
    ("PB", "Lahore"),
    ("PB", "Multan"),
    ("SD", "Karachi"),
    ("SD", "Sukkur"),
];
const TRACKS: [&str; 9] = [
    "community",
    "arrested",
    "pre_trial",
    "in_custody",
    "release_preparation",
    "released_under_supervision",
    "released",
    "repatriated",
    "detained_abroad",
];
const SOURCES: [&str; 8] = [
    "prison_or_probation",
    "court",
    "police",
    "self",
    "family",
    "community_leader",
    "religious_leader",
    "civil_society",
];

/// Writes a deterministic synthetic vault of `cases` cases from `seed`:
/// one case worker and one mentor per district, one supervisor, and cases
/// spread over districts and custody tracks. Returns the recovery key.
pub fn generate(
    app: &mut App,
    cases: usize,
    seed: u64,
    passphrase: &str,
    today: &str,
) -> Result<String, ApiError> {
    let created = app.create_vault(CreateVaultInput {
        username: "admin".into(),
        passphrase: passphrase.into(),
    })?;
    let mut csv = String::from("province,district\n");
    for (code, name) in GEN_DISTRICTS {
        csv.push_str(&format!("{code},{name}\n"));
    }
    app.import_districts(&csv)?;
    let all: Vec<String> = GEN_DISTRICTS.iter().map(|(_, n)| (*n).to_owned()).collect();
    app.add_user(AddUserInput {
        username: "supervisor".into(),
        role: "supervisor".into(),
        districts: all,
        passphrase: passphrase.into(),
    })?;
    for (_, district) in GEN_DISTRICTS {
        for role in ["case_worker", "mentor"] {
            app.add_user(AddUserInput {
                username: format!("{}.{}", district.to_lowercase(), role.replace('_', "")),
                role: role.into(),
                districts: vec![district.into()],
                passphrase: passphrase.into(),
            })?;
        }
    }
    app.lock()?;
    let mut random = SeededRandom::new(seed);
    let mut plan: Vec<Vec<CaseInput>> = vec![Vec::new(); GEN_DISTRICTS.len()];
    for _ in 0..cases {
        let district = random.below(GEN_DISTRICTS.len());
        let (first_latin, first_urdu) = *random.pick(&FIRST);
        let (last_latin, last_urdu) = *random.pick(&LAST);
        let female = first_latin.ends_with('a') || first_latin == "Farah";
        let name = GEN_DISTRICTS[district].1;
        plan[district].push(CaseInput {
            name_latin: format!("{first_latin} {last_latin}"),
            name_urdu: format!("{first_urdu} {last_urdu}"),
            approx_age: Some(14 + random.below(50) as i64),
            gender: if female { "female" } else { "male" }.into(),
            district: name.into(),
            custody_track: (*random.pick(&TRACKS)).into(),
            referral_source: (*random.pick(&SOURCES)).into(),
            referral_date: today.into(),
            mentor: (random.below(3) == 0).then(|| format!("{}.mentor", name.to_lowercase())),
            ..Default::default()
        });
    }
    for (index, inputs) in plan.into_iter().enumerate() {
        if inputs.is_empty() {
            continue;
        }
        unlock(
            app,
            &format!("{}.caseworker", GEN_DISTRICTS[index].1.to_lowercase()),
            passphrase,
        )?;
        for input in inputs {
            app.register_case(input)?;
        }
        app.lock()?;
    }
    Ok(created.recovery_key.clone())
}
