//! CLI verbs of the case worker's workflow: consents, legal bases, the
//! safety screen, gates and transitions, and assessments. Each builds the
//! same JSON the window sends and calls the api by name (`api::rpc`).

use clap::Subcommand;
use homeward_core::api::rpc::call;
use homeward_core::api::ApiError;
use serde_json::{json, Value};

use crate::{output, signed_in, Cli};

#[derive(Subcommand)]
pub enum ConsentVerb {
    /// Record a consent for one purpose.
    Add {
        case_id: String,
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        method: String,
        #[arg(long, default_value = "participant")]
        given_by: String,
        #[arg(long)]
        given_on: String,
        #[arg(long, default_value = "v1")]
        wording: String,
        #[arg(long)]
        language: String,
        #[arg(long, default_value = "")]
        organisation: String,
        #[arg(long, default_value = "")]
        information_kinds: String,
        #[arg(long, default_value = "")]
        family_member: String,
    },
    /// Withdraw a consent (today unless --on).
    Withdraw {
        consent_id: String,
        #[arg(long, default_value = "")]
        on: String,
    },
    /// Consents, legal bases and safety screens of a case.
    List { case_id: String },
}

#[derive(Subcommand)]
pub enum AssessmentVerb {
    /// Open the case's draft assessment (pre-filled from the last one).
    Start { case_id: String },
    /// Save a draft from a JSON file shaped like the window's form.
    Save { file: std::path::PathBuf },
    /// Sign a complete draft off (supervisors).
    SignOff { assessment_id: String },
    /// Start a correction of a signed-off assessment.
    Correct { assessment_id: String },
    /// Every assessment of a case.
    List { case_id: String },
}

fn run(cli: &Cli, method: &str, args: Value) -> Result<(), ApiError> {
    let mut app = signed_in(cli)?;
    let answer = call(&mut app, method, args)?;
    output::value(cli.json, &answer);
    app.lock()
}

pub fn consent(cli: &Cli, verb: &ConsentVerb) -> Result<(), ApiError> {
    match verb {
        ConsentVerb::Add {
            case_id,
            purpose,
            method,
            given_by,
            given_on,
            wording,
            language,
            organisation,
            information_kinds,
            family_member,
        } => run(
            cli,
            "consent_record",
            json!({"case_id": case_id, "purpose": purpose, "method": method, "given_by": given_by,
                   "given_on": given_on, "wording_version": wording, "language": language,
                   "organisation": organisation, "information_kinds": information_kinds,
                   "family_member": family_member}),
        ),
        ConsentVerb::Withdraw { consent_id, on } => run(
            cli,
            "consent_withdraw",
            json!({"consent_id": consent_id, "on": on}),
        ),
        ConsentVerb::List { case_id } => run(cli, "case_intake", json!({"case_id": case_id})),
    }
}

pub fn assessment(cli: &Cli, verb: &AssessmentVerb) -> Result<(), ApiError> {
    match verb {
        AssessmentVerb::Start { case_id } => {
            run(cli, "assessment_start", json!({"case_id": case_id}))
        }
        AssessmentVerb::Save { file } => {
            let text = std::fs::read_to_string(file).map_err(|_| ApiError::InvalidInput {
                field: "file",
                reason: "cannot be read as UTF-8 text",
            })?;
            let args: Value = serde_json::from_str(&text).map_err(|_| ApiError::InvalidInput {
                field: "file",
                reason: "is not JSON",
            })?;
            run(cli, "assessment_save", args)
        }
        AssessmentVerb::SignOff { assessment_id } => run(
            cli,
            "assessment_sign_off",
            json!({"assessment_id": assessment_id}),
        ),
        AssessmentVerb::Correct { assessment_id } => run(
            cli,
            "assessment_correct",
            json!({"assessment_id": assessment_id}),
        ),
        AssessmentVerb::List { case_id } => {
            run(cli, "case_assessments", json!({"case_id": case_id}))
        }
    }
}

/// `safety add`: the intake safety screen.
pub fn safety(
    cli: &Cli,
    case_id: &str,
    on: &str,
    threats: &str,
    staff: &str,
    female: bool,
    note: &str,
) -> Result<(), ApiError> {
    run(
        cli,
        "safety_screen_record",
        json!({"case_id": case_id, "screened_on": on, "threats_to_participant": threats,
               "risks_to_staff": staff, "female_practitioner_required": female, "note": note}),
    )
}

/// `case gate` and `case move`.
pub fn gate(cli: &Cli, case_id: &str) -> Result<(), ApiError> {
    run(cli, "case_gate", json!({"case_id": case_id}))
}

pub fn transition(
    cli: &Cli,
    case_id: &str,
    to: &str,
    reason: &str,
    outcome: &str,
) -> Result<(), ApiError> {
    run(
        cli,
        "case_transition",
        json!({"case_id": case_id, "transition": to, "reason": reason, "outcome": outcome}),
    )
}

/// `legal add` and `legal countersign`.
pub fn legal(
    cli: &Cli,
    case_id: Option<&str>,
    kind: &str,
    reference: &str,
    countersign: Option<&str>,
) -> Result<(), ApiError> {
    match countersign {
        Some(id) => run(
            cli,
            "legal_basis_countersign",
            json!({"legal_basis_id": id}),
        ),
        None => run(
            cli,
            "legal_basis_record",
            json!({"case_id": case_id.unwrap_or_default(), "kind": kind, "reference": reference}),
        ),
    }
}
