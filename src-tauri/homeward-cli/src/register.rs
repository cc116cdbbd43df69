//! CLI verbs of the case register and districts: parse flags into the
//! api's inputs and print what the api returns. No rule lives here.

use clap::Subcommand;
use homeward_core::api::cases::{CaseInput, CaseListQuery};
use homeward_core::api::ApiError;

use crate::{output, signed_in, Cli};

#[derive(Subcommand)]
pub enum CaseVerb {
    /// List your cases with their phase.
    List {
        #[arg(long)]
        phase: Option<i64>,
        #[arg(long)]
        district: Option<String>,
        #[arg(long)]
        custody_track: Option<String>,
        #[arg(long)]
        mine: bool,
        #[arg(long, default_value_t = 0)]
        page: i64,
        #[arg(long, default_value_t = 50)]
        page_size: i64,
    },
    /// Show one case (by id or case number).
    Show { id: String },
    /// Find cases by part of a name, alias or case number.
    Search { query: String },
    /// The case's phase and what its next gate still needs.
    Gate { id: String },
    /// Move a case through a gate: start_assessment, start_service_mapping,
    /// start_plan, close (--reason), end_intake (--outcome, --reason).
    Move {
        id: String,
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, default_value = "")]
        outcome: String,
    },
    /// Register a participant.
    Add {
        #[arg(long, default_value = "")]
        name_latin: String,
        #[arg(long, default_value = "")]
        name_urdu: String,
        #[arg(long, default_value = "")]
        alias: String,
        #[arg(long)]
        date_of_birth: Option<String>,
        #[arg(long)]
        age: Option<i64>,
        #[arg(long)]
        gender: String,
        #[arg(long)]
        district: String,
        #[arg(long)]
        custody_track: String,
        #[arg(long)]
        referral_source: String,
        #[arg(long)]
        referral_date: String,
        #[arg(long)]
        mentor: Option<String>,
        #[arg(long)]
        assigned_worker: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum DistrictVerb {
    /// List districts by province.
    List,
    /// Add a district to a province (BA, KP, PB, SD, IS, GB, AJK).
    Add {
        #[arg(long)]
        province: String,
        name: String,
    },
    /// Import `province_code,district` lines from a CSV file.
    Import { file: std::path::PathBuf },
}

pub fn case(cli: &Cli, verb: &CaseVerb) -> Result<(), ApiError> {
    match verb {
        CaseVerb::Gate { id } => return crate::workflow::gate(cli, id),
        CaseVerb::Move {
            id,
            to,
            reason,
            outcome,
        } => return crate::workflow::transition(cli, id, to, reason, outcome),
        _ => {}
    }
    let mut app = signed_in(cli)?;
    match verb {
        CaseVerb::List {
            phase,
            district,
            custody_track,
            mine,
            page,
            page_size,
        } => {
            let page = app.list_cases(&CaseListQuery {
                phase: *phase,
                district: district.clone(),
                assigned_to_me: *mine,
                custody_track: custody_track.clone(),
                page: *page,
                page_size: Some(*page_size),
            })?;
            output::case_page(cli.json, &page);
        }
        CaseVerb::Show { id } => {
            let id = match app.search_cases(id)?.first() {
                Some(found)
                    if found.get("case_number").and_then(|n| n.as_str()) == Some(id.as_str()) =>
                {
                    found["id"].as_str().unwrap_or_default().to_owned()
                }
                _ => id.clone(),
            };
            let case = app.open_case(&id)?;
            output::case(cli.json, &case);
        }
        CaseVerb::Search { query } => output::cases(cli.json, &app.search_cases(query)?),
        CaseVerb::Gate { .. } | CaseVerb::Move { .. } => {}
        CaseVerb::Add {
            name_latin,
            name_urdu,
            alias,
            date_of_birth,
            age,
            gender,
            district,
            custody_track,
            referral_source,
            referral_date,
            mentor,
            assigned_worker,
        } => {
            let case = app.register_case(CaseInput {
                name_latin: name_latin.clone(),
                name_urdu: name_urdu.clone(),
                alias: alias.clone(),
                date_of_birth: date_of_birth.clone(),
                approx_age: *age,
                gender: gender.clone(),
                district: district.clone(),
                custody_track: custody_track.clone(),
                referral_source: referral_source.clone(),
                referral_date: referral_date.clone(),
                mentor: mentor.clone(),
                assigned_worker: assigned_worker.clone(),
                ..Default::default()
            })?;
            output::case(cli.json, &case);
        }
    }
    app.lock()
}

pub fn district(cli: &Cli, verb: &DistrictVerb) -> Result<(), ApiError> {
    let mut app = signed_in(cli)?;
    match verb {
        DistrictVerb::List => output::districts(cli.json, &app.list_districts()?),
        DistrictVerb::Add { province, name } => {
            let added = app.add_district(province, name)?;
            output::districts(cli.json, &[added]);
        }
        DistrictVerb::Import { file } => {
            let text = std::fs::read_to_string(file).map_err(|_| ApiError::InvalidInput {
                field: "file",
                reason: "cannot be read as UTF-8 text",
            })?;
            let added = app.import_districts(&text)?;
            output::done(cli.json, &format!("{added} districts added"));
        }
    }
    app.lock()
}
