//! CLI verbs of the service map and what a case does with it: organisations
//! and services (saved from a JSON file shaped like the window's form),
//! finding services, CSV export and import, referrals and their statuses,
//! planned actions, contacts, incidents and disclosures. Each builds the
//! same JSON the window sends and calls the api by name (`api::rpc`).

use std::path::PathBuf;

use clap::Subcommand;
use homeward_core::api::rpc::call;
use homeward_core::api::ApiError;
use serde_json::{json, Value};

use crate::{output, signed_in, Cli};

#[derive(Subcommand)]
pub enum ServiceVerb {
    /// Add an organisation to a district's map.
    OrgAdd {
        #[arg(long)]
        district: String,
        #[arg(long)]
        name: String,
        #[arg(long = "type")]
        org_type: String,
        #[arg(long)]
        level: String,
        #[arg(long, default_value = "")]
        contact_role: String,
    },
    /// Organisations of the map (of one district with --district).
    Orgs {
        #[arg(long)]
        district: Option<String>,
    },
    /// Add or update a service from a JSON file shaped like the window's form.
    Save { file: PathBuf },
    /// Find services; stale ones (not verified for 12 months) say so.
    List {
        #[arg(long)]
        district: Option<String>,
        #[arg(long)]
        domain: Option<String>,
        #[arg(long)]
        language: Option<String>,
        #[arg(long)]
        female_staff: bool,
        #[arg(long)]
        child_friendly: bool,
    },
    /// One service with its risks of access.
    Show { service_id: String },
    /// Mark a service verified today.
    Verify { service_id: String },
    /// Write the map (or one district's) as CSV.
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        district: Option<String>,
    },
    /// Import a map shared as CSV: all of it, or nothing and the bad line.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
pub enum ReferralVerb {
    /// Refer a domain scored 3 or 4 to a service, on a consent or legal basis.
    Add {
        case_id: String,
        #[arg(long)]
        service: String,
        #[arg(long)]
        domain: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        consent: Option<String>,
        #[arg(long)]
        legal_basis: Option<String>,
        #[arg(long, default_value = "")]
        on: String,
    },
    /// Move a referral on; --used no needs --barrier.
    Status {
        referral_id: String,
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "")]
        on: String,
        #[arg(long)]
        used: Option<YesNo>,
        #[arg(long)]
        barrier: Option<String>,
        #[arg(long, default_value = "")]
        barrier_note: String,
    },
    /// Referrals, their history and the planned actions of a case.
    List { case_id: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

#[derive(Subcommand)]
pub enum ActionVerb {
    /// Plan an action for a domain (not a referral).
    Add {
        case_id: String,
        #[arg(long)]
        domain: String,
        #[arg(long)]
        description: String,
        #[arg(long, default_value = "")]
        responsible: String,
    },
    /// Change an action's status.
    Status {
        action_id: String,
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
pub enum ContactVerb {
    /// Record a contact (tier 2, or 3 for a restricted one).
    Add {
        case_id: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        minutes: i64,
        #[arg(long, default_value = "")]
        place: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, default_value_t = 2)]
        tier: u8,
    },
    List {
        case_id: String,
    },
}

#[derive(Subcommand)]
pub enum IncidentVerb {
    /// Record an incident or unintended consequence.
    Add {
        case_id: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        severity: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long, default_value = "")]
        response: String,
        #[arg(long, default_value = "")]
        lesson: String,
    },
    List {
        case_id: String,
    },
}

#[derive(Subcommand)]
pub enum DisclosureVerb {
    /// Record information shared with an organisation.
    Add {
        case_id: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        organisation: String,
        /// partner or police_security
        #[arg(long = "to")]
        recipient_kind: String,
        #[arg(long)]
        kinds: String,
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        consent: Option<String>,
        #[arg(long)]
        legal_basis: Option<String>,
    },
    /// Countersign a disclosure to police or a security body (supervisors).
    Countersign {
        disclosure_id: String,
    },
    List {
        case_id: String,
    },
}

fn answer(cli: &Cli, method: &str, args: Value) -> Result<Value, ApiError> {
    let mut app = signed_in(cli)?;
    let answer = call(&mut app, method, args);
    app.lock()?;
    answer
}

fn run(cli: &Cli, method: &str, args: Value) -> Result<(), ApiError> {
    let value = answer(cli, method, args)?;
    output::value(cli.json, &value);
    Ok(())
}

fn read_text(file: &PathBuf) -> Result<String, ApiError> {
    std::fs::read_to_string(file).map_err(|_| ApiError::InvalidInput {
        field: "file",
        reason: "cannot be read as UTF-8 text",
    })
}

pub fn service(cli: &Cli, verb: &ServiceVerb) -> Result<(), ApiError> {
    match verb {
        ServiceVerb::OrgAdd {
            district,
            name,
            org_type,
            level,
            contact_role,
        } => run(
            cli,
            "organisation_save",
            json!({"district": district, "name": name, "org_type": org_type, "level": level,
                   "contact_role": contact_role}),
        ),
        ServiceVerb::Orgs { district } => {
            run(cli, "organisation_list", json!({"district": district}))
        }
        ServiceVerb::Save { file } => {
            let args: Value =
                serde_json::from_str(&read_text(file)?).map_err(|_| ApiError::InvalidInput {
                    field: "file",
                    reason: "is not JSON",
                })?;
            run(cli, "service_save", args)
        }
        ServiceVerb::List {
            district,
            domain,
            language,
            female_staff,
            child_friendly,
        } => run(
            cli,
            "service_find",
            json!({"district": district, "domain": domain, "language": language,
                   "female_staff": female_staff, "child_friendly": child_friendly}),
        ),
        ServiceVerb::Show { service_id } => run(cli, "service_get", json!({"id": service_id})),
        ServiceVerb::Verify { service_id } => run(cli, "service_verify", json!({"id": service_id})),
        ServiceVerb::Export { out, district } => {
            let csv = answer(cli, "service_export", json!({"district": district}))?;
            std::fs::write(out, csv.as_str().unwrap_or_default()).map_err(|_| {
                ApiError::InvalidInput {
                    field: "out",
                    reason: "cannot be written",
                }
            })?;
            output::done(cli.json, "service map exported");
            Ok(())
        }
        ServiceVerb::Import { file } => {
            run(cli, "service_import", json!({"csv": read_text(file)?}))
        }
    }
}

pub fn referral(cli: &Cli, verb: &ReferralVerb) -> Result<(), ApiError> {
    match verb {
        ReferralVerb::Add {
            case_id,
            service,
            domain,
            reason,
            consent,
            legal_basis,
            on,
        } => run(
            cli,
            "referral_add",
            json!({"case_id": case_id, "service_id": service, "domain": domain, "reason": reason,
                   "consent_id": consent, "legal_basis_id": legal_basis, "proposed_on": on}),
        ),
        ReferralVerb::Status {
            referral_id,
            to,
            on,
            used,
            barrier,
            barrier_note,
        } => run(
            cli,
            "referral_status",
            json!({"referral_id": referral_id, "status": to, "on": on,
                   "used": used.map(|u| matches!(u, YesNo::Yes)), "barrier": barrier,
                   "barrier_note": barrier_note}),
        ),
        ReferralVerb::List { case_id } => run(cli, "case_referrals", json!({"case_id": case_id})),
    }
}

pub fn action(cli: &Cli, verb: &ActionVerb) -> Result<(), ApiError> {
    match verb {
        ActionVerb::Add {
            case_id,
            domain,
            description,
            responsible,
        } => run(
            cli,
            "action_add",
            json!({"case_id": case_id, "domain": domain, "description": description,
                   "responsible": responsible}),
        ),
        ActionVerb::Status { action_id, to } => run(
            cli,
            "action_status",
            json!({"action_id": action_id, "status": to}),
        ),
    }
}

pub fn contact(cli: &Cli, verb: &ContactVerb) -> Result<(), ApiError> {
    match verb {
        ContactVerb::Add {
            case_id,
            on,
            kind,
            minutes,
            place,
            note,
            tier,
        } => run(
            cli,
            "contact_add",
            json!({"case_id": case_id, "contact_on": on, "kind": kind, "duration_minutes": minutes,
                   "place": place, "note": note, "tier": tier}),
        ),
        ContactVerb::List { case_id } => run(cli, "case_contacts", json!({"case_id": case_id})),
    }
}

pub fn incident(cli: &Cli, verb: &IncidentVerb) -> Result<(), ApiError> {
    match verb {
        IncidentVerb::Add {
            case_id,
            on,
            kind,
            severity,
            description,
            response,
            lesson,
        } => run(
            cli,
            "incident_add",
            json!({"case_id": case_id, "occurred_on": on, "kind": kind, "severity": severity,
                   "description": description, "response": response, "lesson": lesson}),
        ),
        IncidentVerb::List { case_id } => run(cli, "case_incidents", json!({"case_id": case_id})),
    }
}

pub fn disclosure(cli: &Cli, verb: &DisclosureVerb) -> Result<(), ApiError> {
    match verb {
        DisclosureVerb::Add {
            case_id,
            on,
            organisation,
            recipient_kind,
            kinds,
            purpose,
            consent,
            legal_basis,
        } => run(
            cli,
            "disclosure_add",
            json!({"case_id": case_id, "disclosed_on": on, "organisation": organisation,
                   "recipient_kind": recipient_kind, "information_kinds": kinds,
                   "purpose": purpose, "consent_id": consent, "legal_basis_id": legal_basis}),
        ),
        DisclosureVerb::Countersign { disclosure_id } => run(
            cli,
            "disclosure_countersign",
            json!({"disclosure_id": disclosure_id}),
        ),
        DisclosureVerb::List { case_id } => {
            run(cli, "case_disclosures", json!({"case_id": case_id}))
        }
    }
}
