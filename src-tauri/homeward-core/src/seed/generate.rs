//! The synthetic vault: users and service maps through the api, then each
//! case's whole history written in bulk by `store::generate`,
//! deterministic from a seed.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::json;

use crate::api::dto::{AddUserInput, CreateVaultInput};
use crate::api::{ApiError, App};
use crate::domain::cadence::next_due;
use crate::domain::needs::{DOMAINS, EVIDENCE_SOURCES};
use crate::domain::register::case_number;
use crate::domain::services::{BARRIERS, INCIDENT_KINDS};
use crate::domain::text::normalise_for_search;
use crate::store::generate::{
    BulkWriter, CaseEnd, NewAgreement, NewAssessment, NewCase, NewConsent, NewPlan, NewPlanAction,
    NewReferral, NewReview, NewRevision, NewScore,
};
use crate::store::{new_id, StoreError};

use super::demo::{organisation, service, unlock};

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

    /// A whole number from `low` to `high`, both included.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high.saturating_sub(low) + 1)
    }

    /// True about `per_mille` times in a thousand.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.next_u64() % 1000 < per_mille
    }

    /// One of `items`, each as likely as its weight.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total: u64 = items.iter().map(|(_, weight)| weight).sum();
        let mut roll = self.next_u64() % total.max(1);
        for (item, weight) in items {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        items[items.len() - 1].0
    }
}

/// Male first names, then female ones.
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
const MALE_NAMES: usize = 12;
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
const ALIASES: [&str; 6] = ["Guddu", "Pappu", "Munna", "Bablu", "Chand", "Sheru"];
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
/// Per mille of the cases in each of `GEN_DISTRICTS`: Gwadar and Sukkur
/// stay small, so a report meets counts below k.
const DISTRICT_SHARES: [u64; 8] = [140, 3, 220, 60, 260, 90, 210, 17];
/// A district with a smaller share has only the first organisations of
/// `SERVICE_MAP`, so some of its needs find no service.
const SMALL_DISTRICT_SHARE: u64 = 50;
const SMALL_MAP: usize = 9;
const DISTRICT_LANGUAGES: [&str; 8] = [
    "Urdu, Balochi, Pashto",
    "Balochi, Urdu",
    "Pashto, Urdu",
    "Pashto",
    "Punjabi, Urdu",
    "Saraiki, Urdu",
    "Urdu, Sindhi",
    "Sindhi, Urdu",
];
const TRACKS: [(&str, u64); 9] = [
    ("community", 30),
    ("arrested", 5),
    ("pre_trial", 8),
    ("in_custody", 15),
    ("release_preparation", 10),
    ("released_under_supervision", 12),
    ("released", 10),
    ("repatriated", 7),
    ("detained_abroad", 3),
];
const SOURCES: [(&str, u64); 8] = [
    ("prison_or_probation", 22),
    ("court", 10),
    ("police", 15),
    ("self", 8),
    ("family", 15),
    ("community_leader", 10),
    ("religious_leader", 8),
    ("civil_society", 12),
];
const GENDERS: [(&str, u64); 4] = [
    ("male", 68),
    ("female", 27),
    ("other", 2),
    ("prefer_not_to_say", 3),
];
const TYPOLOGIES: [(&str, u64); 6] = [
    ("", 10),
    ("religious", 45),
    ("sectarian", 15),
    ("ethno_political", 15),
    ("far_right", 8),
    ("other", 7),
];
const RELIGIONS: [(&str, u64); 7] = [
    ("islam", 78),
    ("christianity", 5),
    ("hinduism", 3),
    ("sikhism", 1),
    ("other", 1),
    ("prefer_not_to_say", 6),
    ("", 6),
];
const THREAT_LEVELS: [(&str, u64); 3] = [("none", 70), ("possible", 22), ("credible", 8)];
const CONSENT_METHODS: [(&str, u64); 3] = [
    ("signed", 70),
    ("verbal_with_witness", 20),
    ("thumbprint", 10),
];
/// A first assessment's scores, 0 (strength) to 4 (urgent).
const FIRST_SCORES: [(i64, u64); 5] = [(0, 18), (1, 42), (2, 28), (3, 9), (4, 3)];
/// Disengagement stages in the order a participant moves through them
/// (`unknown` moves on to doubting), and the yes/partly/no levels from worst.
const STAGE_ORDER: [&str; 4] = [
    "strongly_engaged",
    "doubting",
    "disengaged_consolidating",
    "unknown",
];
const LEVEL_ORDER: [&str; 3] = ["no", "partly", "yes"];
/// Why a case closes outside a review, which a supervisor signs off.
const EARLY_CLOSURES: [(&str, u64); 5] = [
    ("moved_away", 30),
    ("withdrew", 30),
    ("re_arrested", 20),
    ("died", 5),
    ("transferred", 15),
];
const RELATIONS: [&str; 5] = ["mother", "father", "brother", "sister", "uncle"];
/// Plan actions that stop short of done, with their blocking reason.
const BLOCKING_REASONS: [&str; 3] = [
    "Waiting for identity documents",
    "The service has a waiting list",
    "Travel is unsafe this month",
];

/// Each district's service map: organisation (after the district's name),
/// its type, and its services as (name, need domain, modality).
type MapEntry = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);
const SERVICE_MAP: [MapEntry; 17] = [
    (
        "District Health Office",
        "health",
        &[
            ("Mental health clinic", "mental_health", "outpatient"),
            ("General clinic", "physical_health", "outpatient"),
            ("Drug treatment ward", "substance_use", "residential"),
        ],
    ),
    (
        "Psychosocial Support Centre",
        "civil_society",
        &[
            ("Trauma counselling", "trauma", "outpatient"),
            ("Coping skills group", "coping", "outreach"),
        ],
    ),
    (
        "Vocational Training Institute",
        "vocational_training",
        &[("Trade courses", "vocational_skills", "outpatient")],
    ),
    (
        "Chamber of Commerce Apprenticeships",
        "employer",
        &[("Apprenticeships", "employment", "outreach")],
    ),
    (
        "Bridging School",
        "education",
        &[("Bridging classes", "education", "outreach")],
    ),
    (
        "Family Support Network",
        "family_support",
        &[
            ("Family mediation", "family", "outreach"),
            ("Parenting support", "children", "outreach"),
        ],
    ),
    (
        "Legal Aid Clinic",
        "civil_society",
        &[("Documents and legal aid", "legal_documents", "outpatient")],
    ),
    (
        "Probation Office",
        "probation",
        &[("Supervision and guidance", "social_relations", "outreach")],
    ),
    (
        "Welfare Office",
        "local_authority",
        &[
            ("Housing support", "housing", "outreach"),
            ("Cash assistance", "financial", "outreach"),
        ],
    ),
    (
        "Job Placement Desk",
        "government",
        &[("Job placement", "employment", "outreach")],
    ),
    (
        "Interfaith Dialogue Forum",
        "faith",
        &[
            ("Dialogue circles", "ideological_understanding", "outreach"),
            ("Spiritual counselling", "spiritual_wellbeing", "outreach"),
        ],
    ),
    (
        "Youth Sports Club",
        "civil_society",
        &[
            ("Cricket and football league", "recreation", "outreach"),
            ("Life skills group", "social_skills", "outreach"),
        ],
    ),
    (
        "Police Victim Liaison",
        "police",
        &[("Protection planning", "safety_retaliation", "outreach")],
    ),
    (
        "Prison Welfare Unit",
        "prison",
        &[(
            "Identity and belonging sessions",
            "identity_belonging",
            "in_prison",
        )],
    ),
    (
        "Court Support Service",
        "court",
        &[(
            "Non-violence programme",
            "attitudes_to_violence",
            "outpatient",
        )],
    ),
    (
        "International Reintegration Programme",
        "international",
        &[
            ("Online safety sessions", "online_exposure", "online"),
            ("Community dialogues", "community_acceptance", "outreach"),
        ],
    ),
    (
        "Community Council",
        "local_authority",
        &[(
            "Volunteering and civic groups",
            "civic_participation",
            "outreach",
        )],
    ),
];

/// Cases written per transaction.
const CASES_PER_TRANSACTION: usize = 1000;

/// A generated district: its id, users and service map.
struct GenDistrict {
    id: String,
    languages: &'static str,
    worker: String,
    mentor: String,
    organisations: Vec<String>,
    /// (service id, organisation name, need domain)
    services: Vec<(String, String, &'static str)>,
}

/// What every case shares: the period, the supervisor, the districts.
struct World {
    today: NaiveDate,
    start: NaiveDate,
    supervisor: String,
    districts: Vec<GenDistrict>,
}

fn ymd(day: NaiveDate) -> String {
    day.to_string()
}

fn plus(day: NaiveDate, days: u64) -> NaiveDate {
    day + Days::new(days)
}

fn minus(day: NaiveDate, days: u64) -> NaiveDate {
    day - Days::new(days)
}

/// Writes a deterministic synthetic vault of `cases` cases from `seed`,
/// as if `today` ended the work since `history_start`: one case worker and one
/// mentor per district, one supervisor of every district, each district's
/// service map, and each case's history from referral on (consents, the
/// safety screen, assessments and re-scorings, referrals, plan versions,
/// three-monthly reviews, mentoring agreements and their revisions,
/// incidents, closures). Users and the service map go through the api;
/// the cases are written in bulk by `store::generate`, each record with
/// its audit event. Returns the recovery key.
pub fn generate(
    app: &mut App,
    cases: usize,
    seed: u64,
    passphrase: &str,
    today: &str,
) -> Result<String, ApiError> {
    let today =
        NaiveDate::parse_from_str(today, "%Y-%m-%d").map_err(|_| ApiError::InvalidInput {
            field: "today",
            reason: "must be a date written YYYY-MM-DD",
        })?;
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
    let users: BTreeMap<String, String> = app
        .list_users()?
        .into_iter()
        .map(|u| (u.username, u.id))
        .collect();
    app.lock()?;
    unlock(app, "supervisor", passphrase)?;
    let world = service_maps(app, &users, today)?;
    write_cases(app, &world, cases, seed)?;
    app.lock()?;
    Ok(created.recovery_key.clone())
}

/// Each district's users and service map (through the api, as the
/// supervisor): big districts get every organisation of `SERVICE_MAP`,
/// small ones the first few; some services are stale, most carry risks.
fn service_maps(
    app: &mut App,
    users: &BTreeMap<String, String>,
    today: NaiveDate,
) -> Result<World, ApiError> {
    let user = |name: &str| {
        users
            .get(name)
            .cloned()
            .ok_or(ApiError::NotFound { entity: "user" })
    };
    let mut districts = Vec::new();
    for (index, (_, name)) in GEN_DISTRICTS.iter().enumerate() {
        let id = crate::store::cases::district_id(app.session()?.vault.conn(), name)?
            .ok_or(ApiError::NotFound { entity: "district" })?;
        let size = if DISTRICT_SHARES[index] < SMALL_DISTRICT_SHARE {
            SMALL_MAP
        } else {
            SERVICE_MAP.len()
        };
        let mut organisations = Vec::new();
        let mut services = Vec::new();
        for (org_index, (suffix, org_type, offered)) in SERVICE_MAP.iter().take(size).enumerate() {
            let org_name = format!("{name} {suffix}");
            let org = organisation(app, name, &org_name, org_type)?;
            for (service_index, (service_name, domain, modality)) in offered.iter().enumerate() {
                let n = (index * 7 + org_index * 3 + service_index) as u64;
                let verified = if n.is_multiple_of(6) {
                    minus(today, 400 + n % 90)
                } else {
                    minus(today, n * 23 % 300)
                };
                let risks = match n % 4 {
                    0 => json!([]),
                    1 => json!([{"kind": "being_seen", "level": "medium",
                                 "mitigation": "Appointments at the general entrance."}]),
                    2 => json!([{"kind": "stigma", "level": "high",
                                 "mitigation": "Cards and letters name only the service."},
                                {"kind": "retaliation", "level": "low", "mitigation": ""}]),
                    _ => json!([{"kind": "perceived_intelligence", "level": "medium",
                                 "mitigation": "Explain what is and is not shared."}]),
                };
                let id = service(
                    app,
                    json!({"organisation_id": org, "name": service_name, "domain": domain,
                           "modality": modality, "languages": DISTRICT_LANGUAGES[index],
                           "female_staff": !n.is_multiple_of(3), "child_friendly": n.is_multiple_of(5),
                           "disability_access": n.is_multiple_of(2), "quality": 1 + (n % 4) as i64,
                           "quality_how": "visited", "quality_judged_on": ymd(verified),
                           "waiting_days": n * 5 % 60, "cost": if n.is_multiple_of(4) { "a small fee" } else { "free" },
                           "open_to_public": n % 5 != 1, "last_verified": ymd(verified),
                           "risks": risks}),
                )?;
                services.push((id, org_name.clone(), *domain));
            }
            organisations.push(org_name);
        }
        let lower = name.to_lowercase();
        districts.push(GenDistrict {
            id,
            languages: DISTRICT_LANGUAGES[index],
            worker: user(&format!("{lower}.caseworker"))?,
            mentor: user(&format!("{lower}.mentor"))?,
            organisations,
            services,
        });
    }
    Ok(World {
        today,
        start: history_start(today),
        supervisor: user("supervisor")?,
        districts,
    })
}

/// The first opening day: fifteen months before `today`, or the first of
/// January of the year before if that is earlier, so every quarter and
/// half-year of this year and the last has cases.
fn history_start(today: NaiveDate) -> NaiveDate {
    let fifteen_months = today.checked_sub_months(Months::new(15)).unwrap_or(today);
    let last_january = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
    fifteen_months.min(last_january)
}

/// Writes the cases in large transactions on the signed-in session's
/// vault, opening dates spread evenly over the period, districts by their
/// shares (the first eight cases one in each, so every district has one).
fn write_cases(app: &mut App, world: &World, cases: usize, seed: u64) -> Result<(), ApiError> {
    let now = app.now();
    let session = app.session_mut()?;
    let actor = session.user.id.clone();
    let vault = &mut session.vault;
    let device_code = vault.device_code().to_owned();
    let mut random = SeededRandom::new(seed);
    let shares: Vec<(usize, u64)> = DISTRICT_SHARES.iter().copied().enumerate().collect();
    let span = (world.today - world.start).num_days().max(0) as u64;
    let mut counters: BTreeMap<i32, i64> = BTreeMap::new();
    let mut next = 0;
    while next < cases {
        let end = (next + CASES_PER_TRANSACTION).min(cases);
        vault.write(&actor, &now, |w| -> Result<(), StoreError> {
            let bulk = BulkWriter::new(w);
            for index in next..end {
                let opened = plus(world.start, index as u64 * span / cases as u64);
                let district = if index < GEN_DISTRICTS.len() {
                    index
                } else {
                    random.weighted(&shares)
                };
                let counter = counters.entry(opened.year()).or_insert(0);
                *counter += 1;
                let number = case_number(&device_code, opened.year(), *counter);
                write_case(
                    &bulk,
                    world,
                    &world.districts[district],
                    &mut random,
                    opened,
                    &number,
                )?;
            }
            Ok(())
        })?;
        next = end;
    }
    let counters: Vec<(i32, i64)> = counters.into_iter().collect();
    vault.write(&actor, &now, |w| {
        BulkWriter::new(w).finish(&device_code, &counters)
    })?;
    Ok(())
}

/// One domain's entry per domain of `DOMAINS`: a score, or a reason.
type Needs = [(Option<i64>, Option<&'static str>); 24];

/// A plan's goals and actions, as every version of it carries them; an
/// action's status on a day follows from its own dates.
struct PlanDraft {
    agreed: NaiveDate,
    signed_off: NaiveDate,
    /// (item key, description, comma-separated domains)
    goals: Vec<(String, String, String)>,
    actions: Vec<PlannedAction>,
}

struct PlannedAction {
    goal: usize,
    key: String,
    description: &'static str,
    organisation: String,
    due: NaiveDate,
    starts: NaiveDate,
    ends: NaiveDate,
    last: &'static str,
    blocking: &'static str,
    referral: Option<String>,
    mentor: bool,
}

impl PlannedAction {
    fn status_on(&self, day: NaiveDate) -> &'static str {
        if day < self.starts {
            "planned"
        } else if day < self.ends || self.last == "in_progress" {
            "in_progress"
        } else {
            self.last
        }
    }
}

/// One case's history as it is written: where it stands, since when, and
/// how it ended.
struct Story<'a> {
    bulk: &'a BulkWriter<'a>,
    world: &'a World,
    district: &'a GenDistrict,
    case_id: String,
    phase: i64,
    since: NaiveDate,
    /// Phase moves so far (the opening is the 0th).
    moves: u32,
    closed: Option<NaiveDate>,
    closure_reason: Option<&'static str>,
    intake_outcome: Option<&'static str>,
    next_review_due: Option<NaiveDate>,
    child: bool,
    female_required: bool,
    mentored: bool,
    far_right: bool,
}

impl Story<'_> {
    fn worker(&self) -> &str {
        &self.district.worker
    }

    /// Moves the case to `phase` on `on`, never before its last move.
    fn enter(&mut self, transition: &str, phase: i64, on: NaiveDate) -> Result<(), StoreError> {
        let on = on.max(self.since);
        self.moves += 1;
        self.bulk.transition(
            self.worker(),
            &self.case_id,
            transition,
            phase,
            &ymd(on),
            self.moves,
        )?;
        self.phase = phase;
        self.since = on;
        Ok(())
    }

    /// Closes the case on `on`: with a closure reason (a supervisor signs
    /// it off) or as an intake that ended (declined or not eligible).
    fn close(
        &mut self,
        transition: &str,
        on: NaiveDate,
        reason: Option<&'static str>,
        outcome: Option<&'static str>,
    ) -> Result<(), StoreError> {
        let on = on.max(self.since);
        let by = if reason.is_some() {
            &self.world.supervisor
        } else {
            &self.district.worker
        };
        self.moves += 1;
        self.bulk
            .transition(by, &self.case_id, transition, 7, &ymd(on), self.moves)?;
        self.phase = 7;
        self.since = on;
        self.closed = Some(on);
        self.closure_reason = reason;
        self.intake_outcome = outcome;
        Ok(())
    }

    /// Consents of every giver (a child's own and the guardian's) for
    /// `purpose` on `on`; returns the participant's.
    fn consent(
        &self,
        random: &mut SeededRandom,
        purpose: &str,
        organisation: &str,
        on: NaiveDate,
        withdrawn: Option<NaiveDate>,
    ) -> Result<String, StoreError> {
        let givers: &[&str] = if self.child {
            &["participant", "guardian"]
        } else {
            &["participant"]
        };
        let mut first = String::new();
        for by in givers {
            let id = self.bulk.consent(&NewConsent {
                case_id: &self.case_id,
                purpose,
                organisation,
                given_by: by,
                method: random.weighted(&CONSENT_METHODS),
                given_on: &ymd(on),
                withdrawn_on: withdrawn.map(ymd).as_deref(),
                recorded_by: self.worker(),
            })?;
            if first.is_empty() {
                first = id;
            }
        }
        Ok(first)
    }

    fn screen(&self, random: &mut SeededRandom, on: NaiveDate) -> Result<String, StoreError> {
        self.bulk.safety_screen(
            &self.case_id,
            &ymd(on),
            (
                random.weighted(&THREAT_LEVELS),
                random.weighted(&THREAT_LEVELS),
            ),
            self.female_required,
            self.worker(),
        )
    }

    /// An assessment of `needs` with its profile; `signed` is (by, day).
    fn assessment(
        &self,
        random: &mut SeededRandom,
        needs: &Needs,
        profile: [usize; 4],
        assessed: NaiveDate,
        signed: Option<(&str, NaiveDate)>,
        prefilled_from: Option<&str>,
    ) -> Result<String, StoreError> {
        let scores: Vec<NewScore<'_>> = DOMAINS
            .iter()
            .zip(needs)
            .map(|(domain, (score, reason))| NewScore {
                domain: domain.code,
                restricted: domain.restricted,
                score: *score,
                not_assessed_reason: *reason,
                evidence_source: random.pick::<&str>(&EVIDENCE_SOURCES),
                participant_priority: score.is_some() && random.chance(80),
            })
            .collect();
        let signed_day = signed.map(|(_, day)| ymd(day));
        self.bulk.assessment(
            &NewAssessment {
                case_id: &self.case_id,
                status: if signed.is_some() {
                    "signed_off"
                } else {
                    "draft"
                },
                assessed_on: &ymd(assessed),
                assessor_id: self.worker(),
                signed_off: signed.map(|(by, _)| by).zip(signed_day.as_deref()),
                prefilled_from_id: prefilled_from,
            },
            &scores,
            [
                STAGE_ORDER[profile[0]],
                LEVEL_ORDER[profile[1]],
                LEVEL_ORDER[profile[2]],
                LEVEL_ORDER[profile[3]],
            ],
        )
    }

    /// A version of the plan: goals and actions with their statuses on
    /// `as_of`. Returns its id.
    fn plan_version(
        &self,
        plan: &PlanDraft,
        version: i64,
        status: &str,
        frozen_on: Option<NaiveDate>,
        as_of: NaiveDate,
    ) -> Result<String, StoreError> {
        let agreed = ymd(plan.agreed);
        let signed_off = ymd(plan.signed_off);
        let frozen = frozen_on.map(ymd);
        let draft = status == "draft";
        let by = if status == "active" {
            &self.world.supervisor
        } else {
            self.worker()
        };
        let id = self.bulk.plan(
            &NewPlan {
                case_id: &self.case_id,
                version_no: version,
                status,
                agreement_on: (plan.agreed <= self.world.today).then_some(agreed.as_str()),
                signed: (plan.agreed <= self.world.today)
                    .then_some((self.worker(), agreed.as_str())),
                signed_off: (!draft)
                    .then_some((self.world.supervisor.as_str(), signed_off.as_str())),
                frozen_on: frozen.as_deref(),
            },
            by,
        )?;
        let mut goal_ids = Vec::with_capacity(plan.goals.len());
        for (position, (key, description, domains)) in plan.goals.iter().enumerate() {
            goal_ids.push(
                self.bulk
                    .plan_goal(&id, key, description, domains, position as i64)?,
            );
        }
        for (position, action) in plan.actions.iter().enumerate() {
            let status = if draft {
                "planned"
            } else {
                action.status_on(as_of)
            };
            self.bulk.plan_action(&NewPlanAction {
                plan_id: &id,
                goal_id: &goal_ids[action.goal],
                item_key: &action.key,
                description: action.description,
                responsible_org: &action.organisation,
                responsible_role: "focal person",
                due_on: &ymd(action.due),
                status,
                blocking_reason: if status == "blocked" {
                    action.blocking
                } else {
                    ""
                },
                referral_id: action.referral.as_deref(),
                assigned_to_mentor: action.mentor,
                position: position as i64,
            })?;
        }
        Ok(id)
    }
}

/// Writes one case from referral to where it stands on `today`.
fn write_case(
    bulk: &BulkWriter<'_>,
    world: &World,
    district: &GenDistrict,
    random: &mut SeededRandom,
    opened: NaiveDate,
    number: &str,
) -> Result<(), StoreError> {
    let gender = random.weighted(&GENDERS);
    let (first_latin, first_urdu) = match gender {
        "male" => FIRST[random.below(MALE_NAMES)],
        "female" => FIRST[MALE_NAMES + random.below(FIRST.len() - MALE_NAMES)],
        _ => *random.pick(&FIRST),
    };
    let (last_latin, last_urdu) = *random.pick(&LAST);
    let age = match random.between(0, 99) {
        0..=9 => random.between(12, 17),
        10..=13 => random.between(60, 72),
        _ => 18 + random.between(0, 41).min(random.between(0, 41)),
    };
    let born = (random.chance(400)).then(|| {
        let years = opened
            .checked_sub_months(Months::new(age as u32 * 12))
            .unwrap_or(opened);
        minus(years, random.between(0, 364))
    });
    let alias = if random.chance(80) {
        *random.pick(&ALIASES)
    } else {
        ""
    };
    let track = random.weighted(&TRACKS);
    let source = random.weighted(&SOURCES);
    let typology = random.weighted(&TYPOLOGIES);
    let mentored = random.chance(333);
    let referred = minus(opened, random.between(0, 14));
    let female_required = gender == "female" && random.chance(600);
    let name_latin = format!("{first_latin} {last_latin}");
    let name_urdu = format!("{first_urdu} {last_urdu}");
    let languages = district.languages.split(", ").collect::<Vec<_>>();
    let case_id = bulk.case(&NewCase {
        case_number: number,
        district_id: &district.id,
        worker_id: &district.worker,
        mentor_id: mentored.then_some(district.mentor.as_str()),
        opened_on: &ymd(opened),
        name_latin: &name_latin,
        name_urdu: &name_urdu,
        alias,
        date_of_birth: born.map(ymd).as_deref(),
        approx_age: born.is_none().then_some(age as i64),
        gender,
        languages: random.pick::<&str>(&languages),
        interpreter_needed: random.chance(80),
        female_practitioner_required: female_required,
        custody_track: track,
        referral_source: source,
        referral_date: &ymd(referred),
        religion: random.weighted(&RELIGIONS),
        context_typology: typology,
        search_names: &normalise_for_search(&format!("{name_latin} | {name_urdu} | {alias}")),
        search_number: &normalise_for_search(number),
    })?;
    let detained = matches!(
        track,
        "in_custody" | "release_preparation" | "released_under_supervision" | "detained_abroad"
    );
    let since = if detained {
        minus(referred, random.between(30, 700))
    } else {
        referred
    };
    bulk.custody_event(&case_id, track, &ymd(since))?;
    let mut story = Story {
        bulk,
        world,
        district,
        case_id,
        phase: 0,
        since: opened,
        moves: 0,
        closed: None,
        closure_reason: None,
        intake_outcome: None,
        next_review_due: None,
        child: age < 18,
        female_required,
        mentored,
        far_right: typology == "far_right",
    };
    history(&mut story, random, source)?;
    // A custody move during the case (release, a new arrest, a return).
    let mut track_now = track;
    let last_day = story.closed.unwrap_or(world.today);
    if random.chance(200) {
        let moved = plus(opened, random.between(20, 400));
        if moved <= last_day {
            track_now = next_track(track);
            bulk.custody_event(&story.case_id, track_now, &ymd(moved))?;
        }
    }
    let closed = story.closed.map(ymd);
    let next_review = story.next_review_due.map(ymd);
    bulk.finish_case(
        &story.case_id,
        &CaseEnd {
            phase: story.phase,
            custody_track: track_now,
            closed_on: closed.as_deref(),
            closure_reason: story.closure_reason,
            intake_outcome: story.intake_outcome,
            ending_note: if story.intake_outcome.is_some() {
                "Recorded at intake."
            } else {
                ""
            },
            next_review_due: next_review.as_deref(),
        },
    )
}

fn next_track(track: &str) -> &'static str {
    match track {
        "arrested" => "pre_trial",
        "pre_trial" => "in_custody",
        "in_custody" => "release_preparation",
        "release_preparation" => "released_under_supervision",
        "released_under_supervision" => "released",
        "detained_abroad" => "repatriated",
        _ => "arrested",
    }
}

/// Intake, assessment, service mapping, plan, and the reviews after it,
/// each step only if its day has come by `today`.
fn history(
    story: &mut Story<'_>,
    random: &mut SeededRandom,
    source: &str,
) -> Result<(), StoreError> {
    let today = story.world.today;
    let opened = story.since;
    let consented = plus(opened, random.between(0, 7));
    let screened = plus(opened, random.between(0, 10));
    // A court or probation order, countersigned by the supervisor, may
    // stand in for consent.
    let mut basis: Option<(String, NaiveDate)> = None;
    if matches!(source, "court" | "prison_or_probation") && random.chance(500) {
        let recorded = plus(opened, random.between(0, 5));
        let countersigned = plus(recorded, random.between(0, 6));
        if recorded <= today {
            let kind = if source == "court" {
                "court_order"
            } else {
                "probation_order"
            };
            let signed = (countersigned <= today).then(|| ymd(countersigned));
            let id = story.bulk.legal_basis(
                &story.case_id,
                kind,
                (story.worker(), &ymd(recorded)),
                signed
                    .as_deref()
                    .map(|day| (story.world.supervisor.as_str(), day)),
            )?;
            if signed.is_some() {
                basis = Some((id, countersigned));
            }
        }
    }
    let basis_stands_in = basis.is_some() && random.chance(400);
    if consented <= today {
        if !basis_stands_in {
            story.consent(random, "participation", "", consented, None)?;
            story.consent(random, "assessment", "", consented, None)?;
        }
        if story.mentored {
            story.consent(random, "mentoring", "", consented, None)?;
        }
        if random.chance(750) {
            story.consent(random, "statistics", "", consented, None)?;
        }
    }
    if screened <= today {
        story.screen(random, screened)?;
    }
    if random.chance(70) {
        let ended = plus(opened, random.between(2, 25));
        if ended <= today {
            let outcome = if random.chance(600) {
                "declined"
            } else {
                "not_eligible"
            };
            story.close("end_intake", ended, None, Some(outcome))?;
        }
        return Ok(());
    }
    let ready = consented
        .max(screened)
        .max(basis.as_ref().map_or(opened, |(_, day)| *day));
    let assessing = plus(ready, random.between(1, 12));
    if assessing > today {
        return Ok(());
    }
    story.enter("start_assessment", 1, assessing)?;
    // Some leave before their plan starts.
    let leaves = random
        .chance(40)
        .then(|| plus(assessing, random.between(5, 70)));
    let assessed = plus(assessing, random.between(2, 20));
    if left_before(story, random, leaves, assessed)? || assessed > today {
        return Ok(());
    }
    let mut needs = first_needs(random);
    let mut profile = [
        random.weighted(&[(0, 15), (1, 40), (2, 30), (3, 15)]),
        random.weighted(&[(0, 15), (1, 35), (2, 50)]),
        random.weighted(&[(0, 25), (1, 45), (2, 30)]),
        random.weighted(&[(0, 35), (1, 45), (2, 20)]),
    ];
    let signed_off = plus(assessed, random.between(1, 8));
    let signed = (signed_off <= today).then_some((story.world.supervisor.as_str(), signed_off));
    let first = story.assessment(random, &needs, profile, assessed, signed, None)?;
    let mapping = plus(signed_off, random.between(0, 5));
    if signed.is_none() || left_before(story, random, leaves, mapping)? || mapping > today {
        return Ok(());
    }
    story.enter("start_service_mapping", 2, mapping)?;
    let mapped = map_services(story, random, &needs, mapping, basis.as_ref())?;
    let planning = plus(mapped.latest, random.between(5, 25));
    if left_before(story, random, leaves, planning)? || planning > today {
        return Ok(());
    }
    // A referral that fell through before the plan is replaced by an
    // action in case work, so every high or urgent domain stays covered.
    for (domain, _) in mapped.lapsed.iter().filter(|(_, day)| *day <= planning) {
        story.bulk.planned_action(
            &story.case_id,
            domain,
            "case worker",
            "in_progress",
            story.worker(),
        )?;
    }
    let referred = mapped.referred;
    story.enter("start_plan", 3, planning)?;
    let plan = draft_plan(story, random, &needs, &referred, planning);
    if plan.signed_off > today {
        story.plan_version(&plan, 1, "draft", None, today)?;
        return Ok(());
    }
    let implementing = plus(plan.signed_off, random.between(0, 4));
    story.next_review_due = Some(next_due(plan.agreed));
    let mut version = 1;
    if implementing <= today && !left_before(story, random, leaves, implementing)? {
        story.enter("start_implementation", 4, implementing)?;
        let mut assessment = first;
        let mut reviews = 0;
        while let Some(due) = story.next_review_due {
            reviews += 1;
            if !review(
                story,
                random,
                &plan,
                due,
                reviews,
                (&mut needs, &mut profile, &mut assessment, &mut version),
            )? {
                break;
            }
        }
        incidents(story, random, implementing)?;
    }
    let as_of = story.closed.unwrap_or(today);
    story.plan_version(&plan, version, "active", None, as_of)?;
    if story.mentored {
        mentoring(story, random, &plan)?;
    }
    Ok(())
}

/// Closes the case on `leaves` if that day comes before `day` (and by
/// `today`): a participant who moves away, withdraws or is re-arrested
/// before the plan starts. Returns whether it closed.
fn left_before(
    story: &mut Story<'_>,
    random: &mut SeededRandom,
    leaves: Option<NaiveDate>,
    day: NaiveDate,
) -> Result<bool, StoreError> {
    match leaves {
        Some(left) if left <= day && left <= story.world.today => {
            let reason = random.weighted(&EARLY_CLOSURES);
            story.close("close", left, Some(reason), None)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn first_needs(random: &mut SeededRandom) -> Needs {
    let mut needs: Needs = [(None, None); 24];
    let has_children = random.chance(300);
    for (entry, domain) in needs.iter_mut().zip(DOMAINS.iter()) {
        *entry = if domain.code == "children" && !has_children {
            (None, Some("not_applicable"))
        } else if random.chance(if domain.restricted { 40 } else { 10 }) {
            (None, Some("declined"))
        } else if matches!(domain.code, "mental_health" | "trauma") && random.chance(15) {
            (None, Some("specialist_needed"))
        } else {
            (Some(random.weighted(&FIRST_SCORES)), None)
        };
    }
    needs
}

/// The re-scoring at a review: most scores improve by one level, some
/// stay, a few worsen; half the declined domains are scored this time.
fn rescore(random: &mut SeededRandom, needs: &mut Needs, profile: &mut [usize; 4]) {
    for entry in needs.iter_mut() {
        *entry = match *entry {
            (Some(score), _) => {
                let roll = random.between(0, 99);
                let moved = if roll < 55 {
                    (score - 1).max(0)
                } else if roll < 90 {
                    score
                } else {
                    (score + 1).min(4)
                };
                (Some(moved), None)
            }
            (None, Some("declined")) if random.chance(500) => (Some(2), None),
            other => other,
        };
    }
    if random.chance(300) {
        profile[0] = match profile[0] {
            0 => 1,
            3 => 1,
            _ => 2,
        };
    }
    for level in profile.iter_mut().skip(1) {
        if random.chance(350) {
            *level = (*level + 1).min(2);
        }
    }
}

/// What service mapping left: the referrals as (domain, referral id,
/// organisation), the last day one was (or is to be) proposed, and the
/// domains whose referral stopped covering them, with the day it did.
struct Mapping {
    referred: Vec<(&'static str, String, String)>,
    latest: NaiveDate,
    lapsed: Vec<(&'static str, NaiveDate)>,
}

/// Service mapping: a referral to the district's service for each high
/// or urgent domain (one per organisation; never religious dialogue for a
/// far-right case), else an action planned in case work.
fn map_services(
    story: &Story<'_>,
    random: &mut SeededRandom,
    needs: &Needs,
    mapping: NaiveDate,
    basis: Option<&(String, NaiveDate)>,
) -> Result<Mapping, StoreError> {
    let mut done = Mapping {
        referred: Vec::new(),
        latest: mapping,
        lapsed: Vec::new(),
    };
    for (domain, (score, _)) in DOMAINS.iter().zip(needs) {
        if score.unwrap_or(0) < 3 {
            continue;
        }
        let proposed = plus(mapping, random.between(0, 10));
        done.latest = done.latest.max(proposed);
        if proposed > story.world.today {
            continue;
        }
        let service = story.district.services.iter().find(|(_, org, served)| {
            *served == domain.code && !done.referred.iter().any(|(_, _, o)| o == org)
        });
        match service {
            Some(service) if !(story.far_right && domain.code == "ideological_understanding") => {
                let (id, lapsed) = referral(
                    story,
                    random,
                    service,
                    proposed,
                    basis.map(|b| b.0.as_str()),
                )?;
                done.referred.push((domain.code, id, service.1.clone()));
                if let Some(day) = lapsed {
                    done.lapsed.push((domain.code, day));
                }
            }
            _ => {
                let status = random.weighted(&[
                    ("planned", 30),
                    ("in_progress", 40),
                    ("done", 25),
                    ("blocked", 5),
                ]);
                story.bulk.planned_action(
                    &story.case_id,
                    domain.code,
                    "case worker",
                    status,
                    story.worker(),
                )?;
            }
        }
    }
    Ok(done)
}

/// A referral and the steps it has taken by `today`, with the sharing
/// consent (or the legal basis) it relies on and the disclosure sending
/// it made. Returns its id and, if it was declined, dropped or stopped,
/// the day it stopped covering its domain.
fn referral(
    story: &Story<'_>,
    random: &mut SeededRandom,
    service: &(String, String, &'static str),
    proposed: NaiveDate,
    basis: Option<&str>,
) -> Result<(String, Option<NaiveDate>), StoreError> {
    let today = story.world.today;
    let use_basis = basis.is_some() && random.chance(700);
    let path: &[(&str, u64, u64)] =
        match random.weighted(&[(0, 45), (1, 12), (2, 18), (3, 5), (4, 20)]) {
            0 => &[
                ("sent", 1, 10),
                ("accepted", 2, 20),
                ("in_progress", 1, 15),
                ("completed", 20, 120),
            ],
            1 => &[("sent", 1, 10), ("accepted", 2, 15), ("declined", 3, 30)],
            2 => &[("sent", 1, 10), ("dropped", 5, 60)],
            3 if !use_basis => &[("sent", 1, 10), ("stopped_consent_withdrawn", 5, 60)],
            _ => &[("sent", 1, 10), ("accepted", 2, 20), ("in_progress", 1, 15)],
        };
    let mut steps: Vec<(&str, NaiveDate)> = Vec::new();
    let mut day = proposed;
    for (status, low, high) in path {
        day = plus(day, random.between(*low, *high));
        if day > today {
            break;
        }
        steps.push((status, day));
    }
    let (status, status_on) = steps.last().copied().unwrap_or(("proposed", proposed));
    let used = match status {
        "completed" => Some(true),
        "declined" | "dropped" => Some(false),
        "in_progress" if random.chance(500) => Some(true),
        _ => None,
    };
    let barrier = (used == Some(false)).then(|| *random.pick(&BARRIERS));
    let withdrawn = (status == "stopped_consent_withdrawn").then_some(status_on);
    let consent = if use_basis {
        None
    } else {
        Some(story.consent(random, "sharing", &service.1, proposed, withdrawn)?)
    };
    let legal_basis = if use_basis { basis } else { None };
    let id = story.bulk.referral(&NewReferral {
        case_id: &story.case_id,
        service_id: &service.0,
        domain: service.2,
        consent_id: consent.as_deref(),
        legal_basis_id: legal_basis,
        status,
        proposed_on: &ymd(proposed),
        status_on: &ymd(status_on),
        used,
        barrier,
        recorded_by: story.worker(),
    })?;
    story
        .bulk
        .referral_event(&id, "proposed", &ymd(proposed), story.worker())?;
    for (status, on) in steps {
        story
            .bulk
            .referral_event(&id, status, &ymd(on), story.worker())?;
        if status == "sent" {
            story.bulk.disclosure(
                &story.case_id,
                &ymd(on),
                &service.1,
                (consent.as_deref(), legal_basis),
                &id,
                story.worker(),
            )?;
        }
    }
    let lapsed = (!crate::domain::services::referral_covers(status)).then_some(status_on);
    Ok((id, lapsed))
}

/// The plan's goals (up to three, on the high and urgent domains, else on
/// the weakest one) and actions, each with a partner organisation of the
/// district and its own course from planned to done, blocked or dropped.
fn draft_plan(
    story: &Story<'_>,
    random: &mut SeededRandom,
    needs: &Needs,
    referred: &[(&'static str, String, String)],
    planning: NaiveDate,
) -> PlanDraft {
    let agreed = plus(planning, random.between(3, 20));
    let signed_off = plus(agreed, random.between(0, 7));
    let mut high: Vec<&'static str> = DOMAINS
        .iter()
        .zip(needs)
        .filter(|(_, (score, _))| score.unwrap_or(0) >= 3)
        .map(|(domain, _)| domain.code)
        .collect();
    if high.is_empty() {
        let weakest = DOMAINS
            .iter()
            .zip(needs)
            .max_by_key(|(_, (score, _))| score.unwrap_or(0))
            .map_or("employment", |(domain, _)| domain.code);
        high.push(weakest);
    }
    let mut goals = Vec::new();
    let mut actions = Vec::new();
    for (goal, chunk) in high.chunks(2).take(3).enumerate() {
        goals.push((
            new_id(),
            format!("Progress in {}", chunk[0].replace('_', " ")),
            chunk.join(","),
        ));
        for domain in chunk {
            let referral = referred.iter().find(|r| r.0 == *domain);
            let organisation = match referral {
                Some(r) => r.2.clone(),
                None => story
                    .district
                    .services
                    .iter()
                    .find(|s| s.2 == *domain)
                    .map(|s| s.1.clone())
                    .unwrap_or_else(|| random.pick(&story.district.organisations).clone()),
            };
            let starts = plus(agreed, random.between(5, 60));
            let last = random.weighted(&[
                ("done", 50),
                ("blocked", 12),
                ("dropped", 8),
                ("in_progress", 30),
            ]);
            actions.push(PlannedAction {
                goal,
                key: new_id(),
                description: if referral.is_some() {
                    "Take up the referred service"
                } else {
                    "Work on this with the partner"
                },
                organisation,
                due: plus(agreed, random.between(20, 200)),
                starts,
                ends: plus(starts, random.between(15, 150)),
                last,
                blocking: random.pick::<&str>(&BLOCKING_REASONS),
                referral: referral.map(|r| r.1.clone()),
                mentor: story.mentored && random.chance(300),
            });
        }
    }
    PlanDraft {
        agreed,
        signed_off,
        goals,
        actions,
    }
}

/// The next three-monthly review answering `due`: most are held on time
/// and some late; one not started by `today` leaves the review due (or
/// overdue), one started but unsigned leaves the case in phase 5. A signed
/// review re-scores the needs, re-screens safety, freezes the plan version
/// and decides. Returns whether another review may follow.
fn review(
    story: &mut Story<'_>,
    random: &mut SeededRandom,
    plan: &PlanDraft,
    due: NaiveDate,
    number: usize,
    state: (&mut Needs, &mut [usize; 4], &mut String, &mut i64),
) -> Result<bool, StoreError> {
    let (needs, profile, assessment, version) = state;
    let today = story.world.today;
    if random.chance(30) {
        let left = plus(story.since, random.between(10, 80));
        if left <= today && left < due {
            story.close("close", left, Some(random.weighted(&EARLY_CLOSURES)), None)?;
            return Ok(false);
        }
    }
    if story.phase == 6 && random.chance(120) {
        let back = plus(story.since, random.between(10, 60));
        if back <= today && back < due {
            story.enter("return_to_implementation", 4, back)?;
        }
    }
    let earliest = plus(story.since, 1);
    let (held, signed) = match random.weighted(&[(0, 72), (1, 20), (2, 8)]) {
        0 => {
            let held = minus(due, random.between(0, 10)).max(earliest);
            (held, plus(held, random.between(0, 2)).min(due).max(held))
        }
        1 => {
            let held = plus(due, random.between(3, 40));
            (held, plus(held, random.between(0, 3)))
        }
        _ => {
            let held = plus(due, random.between(41, 100));
            (held, plus(held, random.between(0, 3)))
        }
    };
    let started = minus(held, random.between(0, 7)).max(story.since);
    if started > today {
        return Ok(false);
    }
    let from = story.phase;
    story.enter("start_review", 5, started)?;
    rescore(random, needs, profile);
    if signed > today {
        let draft = story.assessment(
            random,
            needs,
            *profile,
            started,
            None,
            Some(assessment.as_str()),
        )?;
        story.bulk.review(
            &NewReview {
                case_id: &story.case_id,
                due_on: &ymd(due),
                started_on: &ymd(started),
                held_on: (held <= today).then(|| ymd(held)).as_deref(),
                assessment_id: &draft,
                plan_id: None,
                safety_screen_id: None,
                decision: None,
                signed: None,
                next_due: None,
            },
            story.worker(),
        )?;
        return Ok(false);
    }
    let screen = story.screen(random, held)?;
    let weights: [(&str, u64); 4] = match (from, number) {
        (6, _) => [
            ("continue", 15),
            ("intensify", 3),
            ("step_down", 47),
            ("close", 35),
        ],
        (_, 1) => [
            ("continue", 60),
            ("intensify", 12),
            ("step_down", 18),
            ("close", 10),
        ],
        _ => [
            ("continue", 45),
            ("intensify", 8),
            ("step_down", 27),
            ("close", 20),
        ],
    };
    let decision = random.weighted(&weights);
    let signer = if decision == "close" {
        story.world.supervisor.clone()
    } else {
        story.district.worker.clone()
    };
    let rescored = story.assessment(
        random,
        needs,
        *profile,
        held,
        Some((signer.as_str(), signed)),
        Some(assessment.as_str()),
    )?;
    let frozen = story.plan_version(plan, *version, "frozen", Some(held), held)?;
    *version += 1;
    let next = next_due(held);
    story.bulk.review(
        &NewReview {
            case_id: &story.case_id,
            due_on: &ymd(due),
            started_on: &ymd(started),
            held_on: Some(&ymd(held)),
            assessment_id: &rescored,
            plan_id: Some(&frozen),
            safety_screen_id: Some(&screen),
            decision: Some(decision),
            signed: Some((&signer, &ymd(signed))),
            next_due: Some(&ymd(next)),
        },
        story.worker(),
    )?;
    *assessment = rescored;
    story.next_review_due = Some(next);
    match decision {
        "close" => {
            let reason = random.weighted(&[
                ("goals_met", 60),
                ("moved_away", 10),
                ("withdrew", 8),
                ("re_arrested", 8),
                ("died", 4),
                ("transferred", 10),
            ]);
            story.close("finish_review", signed, Some(reason), None)?;
            Ok(false)
        }
        "step_down" => story.enter("finish_review", 6, signed).map(|_| true),
        _ => story.enter("finish_review", 4, signed).map(|_| true),
    }
}

/// Incidents and unintended consequences during implementation, of every
/// kind and severity (retaliation and threats to staff restricted).
fn incidents(
    story: &Story<'_>,
    random: &mut SeededRandom,
    implementing: NaiveDate,
) -> Result<(), StoreError> {
    if !random.chance(150) {
        return Ok(());
    }
    let last = story.closed.unwrap_or(story.world.today);
    let span = (last - implementing).num_days().max(0) as u64;
    for _ in 0..random.between(1, 2) {
        let on = plus(implementing, random.between(0, span));
        story.bulk.incident(
            &story.case_id,
            &ymd(on),
            random.pick::<&str>(&INCIDENT_KINDS),
            random.weighted(&[
                ("low", 40),
                ("moderate", 35),
                ("serious", 18),
                ("critical", 7),
            ]),
            story.worker(),
        )?;
    }
    Ok(())
}

/// The mentoring agreement of a mentored case with a plan: acknowledged
/// by both a few days after the plan was agreed, goals on the plan's
/// goals, sometimes a family member, and a revision every three months
/// (most on time, some late) until the case closed or `today`.
fn mentoring(
    story: &Story<'_>,
    random: &mut SeededRandom,
    plan: &PlanDraft,
) -> Result<(), StoreError> {
    let today = story.world.today;
    let start = plan.agreed;
    let acknowledged = plus(start, random.between(0, 7));
    let last = story.closed.unwrap_or(today);
    let mut revisions: Vec<(NaiveDate, NaiveDate, i64)> = Vec::new();
    let mut due = next_due(start);
    if acknowledged <= last {
        loop {
            let revised = match random.weighted(&[(0, 75), (1, 20), (2, 5)]) {
                0 => minus(due, random.between(0, 10)).max(acknowledged),
                1 => plus(due, random.between(5, 45)),
                _ => plus(due, random.between(46, 90)),
            };
            if revised > last {
                break;
            }
            revisions.push((due, revised, random.weighted(&SATISFACTION)));
            due = next_due(revised);
        }
    }
    let acknowledged = (acknowledged <= last).then(|| ymd(acknowledged));
    let next = acknowledged.as_ref().map(|_| ymd(due));
    let agreement = story.bulk.agreement(&NewAgreement {
        case_id: &story.case_id,
        mentor_id: &story.district.mentor,
        start_on: &ymd(start),
        acknowledged_on: acknowledged.as_deref(),
        next_revision_due: next.as_deref(),
    })?;
    let mut goals = Vec::new();
    for (key, description, _) in plan.goals.iter().take(2) {
        goals.push(story.bulk.agreement_goal(&agreement, key, description)?);
    }
    if random.chance(300) {
        story
            .bulk
            .agreement_member(&agreement, random.pick::<&str>(&RELATIONS), true, None)?;
    }
    if random.chance(30) {
        story.bulk.agreement_member(
            &agreement,
            random.pick::<&str>(&RELATIONS),
            false,
            Some(&story.world.supervisor),
        )?;
    }
    for (due, revised, satisfaction) in revisions {
        let outcomes: Vec<(&str, &str)> = goals
            .iter()
            .map(|goal| {
                (
                    goal.as_str(),
                    random.weighted(&[("implemented", 45), ("partly", 40), ("not", 15)]),
                )
            })
            .collect();
        story.bulk.revision(
            &NewRevision {
                agreement_id: &agreement,
                due_on: &ymd(due),
                revised_on: &ymd(revised),
                satisfaction,
                next_due: &ymd(next_due(revised)),
                revised_by: &story.district.mentor,
            },
            &outcomes,
        )?;
    }
    Ok(())
}

const SATISFACTION: [(i64, u64); 5] = [(1, 5), (2, 10), (3, 25), (4, 40), (5, 20)];
