//! The administrator's command line: `homeward-cli <noun> <verb>` over the
//! same `api::App` as the window. It parses arguments, reads secrets from
//! the environment or a silent prompt, calls the api and prints a table
//! (or one JSON document with `--json`). Exit 0 on success, 1 on a refused
//! or failed operation (the error's kind on stderr), 2 on a usage error.

mod backups;
mod output;
mod plans;
mod register;
mod reports;
mod secrets;
mod services;
mod workflow;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use homeward_core::api::dto::*;
use homeward_core::api::{ApiError, App};
use homeward_core::clock::SystemClock;

#[derive(Parser)]
#[command(
    name = "homeward-cli",
    version,
    about = "Homeward administrator's tools"
)]
pub(crate) struct Cli {
    /// The vault folder (default: $XDG_DATA_HOME/homeward/vault).
    #[arg(long, global = true, env = "HOMEWARD_VAULT")]
    vault: Option<PathBuf>,
    /// The user to act as.
    #[arg(long, global = true)]
    user: Option<String>,
    /// Print one JSON document instead of a table.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a vault and its administrator; prints the recovery key once.
    Init,
    /// Manage users.
    User {
        #[command(subcommand)]
        verb: UserVerb,
    },
    /// Change your own passphrase.
    Passphrase {
        #[command(subcommand)]
        verb: PassphraseVerb,
    },
    /// Reset a user's passphrase with the recovery key.
    Recover,
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        verb: AuditVerb,
    },
    /// The case register.
    Case {
        #[command(subcommand)]
        verb: Box<register::CaseVerb>,
    },
    /// Consents of a case.
    Consent {
        #[command(subcommand)]
        verb: workflow::ConsentVerb,
    },
    /// The intake safety screen.
    Safety {
        #[command(subcommand)]
        verb: SafetyVerb,
    },
    /// Legal bases of mandated cases.
    Legal {
        #[command(subcommand)]
        verb: LegalVerb,
    },
    /// Needs assessments.
    Assessment {
        #[command(subcommand)]
        verb: workflow::AssessmentVerb,
    },
    /// The service map: organisations and services of each district.
    Service {
        #[command(subcommand)]
        verb: services::ServiceVerb,
    },
    /// Referrals of a case to services.
    Referral {
        #[command(subcommand)]
        verb: services::ReferralVerb,
    },
    /// Actions planned for a need in service mapping.
    Action {
        #[command(subcommand)]
        verb: services::ActionVerb,
    },
    /// Contacts with a participant.
    Contact {
        #[command(subcommand)]
        verb: services::ContactVerb,
    },
    /// Incidents and unintended consequences.
    Incident {
        #[command(subcommand)]
        verb: services::IncidentVerb,
    },
    /// Information shared with other organisations.
    Disclosure {
        #[command(subcommand)]
        verb: services::DisclosureVerb,
    },
    /// The multi-agency plan in versions.
    Plan {
        #[command(subcommand)]
        verb: plans::PlanVerb,
    },
    /// Three-monthly reviews; `review due` lists those due and overdue.
    Review {
        #[command(subcommand)]
        verb: plans::ReviewVerb,
    },
    /// The anonymised report for government and funders.
    Report {
        #[command(subcommand)]
        verb: reports::ReportVerb,
    },
    /// Mentoring agreements and their three-monthly revisions.
    Agreement {
        #[command(subcommand)]
        verb: plans::AgreementVerb,
    },
    /// Districts of the provinces.
    District {
        #[command(subcommand)]
        verb: register::DistrictVerb,
    },
    /// Write the fictional demo vault (users get HOMEWARD_PASSPHRASE).
    Demo,
    /// Check the whole vault: integrity, page HMACs, search index, audit chain.
    Check,
    /// Encrypted backups: create, list, verify, restore.
    Backup {
        #[command(subcommand)]
        verb: backups::BackupVerb,
    },
    /// Time everyday operations (p50, p95) on an existing vault as --user.
    Bench {
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
    /// Write a deterministic synthetic vault of any size.
    Generate {
        #[arg(long)]
        cases: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum UserVerb {
    /// Add a user with a role and districts.
    Add {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long = "district")]
        districts: Vec<String>,
    },
    /// List users with their role and districts.
    List,
    /// Deactivate a user; their open cases and mentees go to --successor.
    Deactivate {
        name: String,
        #[arg(long)]
        successor: Option<String>,
    },
    /// Move a user's open cases and mentees to another user of the same role.
    Reassign {
        name: String,
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
enum SafetyVerb {
    /// Record the safety screen of a case.
    Add {
        case_id: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        threats: String,
        #[arg(long)]
        staff_risk: String,
        #[arg(long)]
        female_practitioner: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand)]
enum LegalVerb {
    /// Record the legal basis of a mandated case.
    Add {
        case_id: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        reference: String,
    },
    /// Countersign a legal basis (supervisors).
    Countersign { legal_basis_id: String },
}

#[derive(Subcommand)]
enum PassphraseVerb {
    /// Change the passphrase of --user.
    Change,
}

#[derive(Subcommand)]
enum AuditVerb {
    /// Verify the hash chain and compare its head with the key file's.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}: {}", err.kind(), err);
            ExitCode::from(1)
        }
    }
}

fn chrono_today() -> String {
    use homeward_core::clock::Clock;
    SystemClock.now().date_naive().to_string()
}

pub(crate) fn vault_dir(cli: &Cli) -> Result<PathBuf, ApiError> {
    if let Some(dir) = &cli.vault {
        return Ok(dir.clone());
    }
    homeward_core::store::default_vault_dir(
        std::env::var_os("XDG_DATA_HOME").as_deref(),
        std::env::var_os("HOME").as_deref(),
    )
    .ok_or(ApiError::InvalidInput {
        field: "vault",
        reason: "no --vault given and no home folder known",
    })
}

fn required_user(cli: &Cli) -> Result<String, ApiError> {
    cli.user.clone().ok_or(ApiError::InvalidInput {
        field: "user",
        reason: "--user NAME is required",
    })
}

pub(crate) fn signed_in(cli: &Cli) -> Result<App, ApiError> {
    let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
    let username = required_user(cli)?;
    let passphrase = secrets::passphrase("Passphrase for this user: ")?;
    app.unlock(UnlockInput {
        username,
        passphrase: passphrase.to_string(),
    })?;
    Ok(app)
}

fn run(cli: &Cli) -> Result<ExitCode, ApiError> {
    match &cli.command {
        Command::Init => {
            let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let username = cli.user.clone().unwrap_or_else(|| "admin".to_owned());
            let passphrase = secrets::passphrase("Passphrase for the administrator: ")?;
            let created = app.create_vault(CreateVaultInput {
                username,
                passphrase: passphrase.to_string(),
            })?;
            output::created(cli.json, &created);
            app.lock()?;
        }
        Command::User {
            verb:
                UserVerb::Add {
                    name,
                    role,
                    districts,
                },
        } => {
            let mut app = signed_in(cli)?;
            let passphrase = secrets::new_passphrase("New user's passphrase: ")?;
            let user = app.add_user(AddUserInput {
                username: name.clone(),
                role: role.clone(),
                districts: districts.clone(),
                passphrase: passphrase.to_string(),
            })?;
            output::users(cli.json, &[user]);
            app.lock()?;
        }
        Command::User {
            verb: UserVerb::List,
        } => {
            let mut app = signed_in(cli)?;
            output::users(cli.json, &app.list_users()?);
            app.lock()?;
        }
        Command::Passphrase {
            verb: PassphraseVerb::Change,
        } => {
            let mut app = signed_in(cli)?;
            let current = secrets::passphrase("Current passphrase: ")?;
            let new = secrets::new_passphrase("New passphrase: ")?;
            app.change_passphrase(ChangePassphraseInput {
                current: current.to_string(),
                new: new.to_string(),
            })?;
            output::done(cli.json, "passphrase changed");
            app.lock()?;
        }
        Command::Recover => {
            let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let username = required_user(cli)?;
            let recovery_key = secrets::recovery_key()?;
            let new = secrets::new_passphrase("New passphrase for this user: ")?;
            let user = app.recover(RecoverInput {
                recovery_key: recovery_key.to_string(),
                username,
                new_passphrase: new.to_string(),
            })?;
            output::users(cli.json, &[user]);
        }
        Command::User {
            verb: UserVerb::Deactivate { name, successor },
        } => {
            let mut app = signed_in(cli)?;
            let done = app.deactivate_user(DeactivateUserInput {
                username: name.clone(),
                successor: successor.clone(),
            })?;
            output::reassigned(cli.json, &done);
            app.lock()?;
        }
        Command::User {
            verb: UserVerb::Reassign { name, to },
        } => {
            let mut app = signed_in(cli)?;
            let done = app.reassign_user(ReassignInput {
                from: name.clone(),
                to: to.clone(),
            })?;
            output::reassigned(cli.json, &done);
            app.lock()?;
        }
        Command::Case { verb } => register::case(cli, verb)?,
        Command::Consent { verb } => workflow::consent(cli, verb)?,
        Command::Assessment { verb } => workflow::assessment(cli, verb)?,
        Command::Safety {
            verb:
                SafetyVerb::Add {
                    case_id,
                    on,
                    threats,
                    staff_risk,
                    female_practitioner,
                    note,
                },
        } => workflow::safety(
            cli,
            case_id,
            on,
            threats,
            staff_risk,
            *female_practitioner,
            note,
        )?,
        Command::Legal {
            verb:
                LegalVerb::Add {
                    case_id,
                    kind,
                    reference,
                },
        } => workflow::legal(cli, Some(case_id), kind, reference, None)?,
        Command::Legal {
            verb: LegalVerb::Countersign { legal_basis_id },
        } => workflow::legal(cli, None, "", "", Some(legal_basis_id))?,
        Command::District { verb } => register::district(cli, verb)?,
        Command::Service { verb } => services::service(cli, verb)?,
        Command::Plan { verb } => plans::plan(cli, verb)?,
        Command::Review { verb } => plans::review(cli, verb)?,
        Command::Report { verb } => reports::report(cli, verb)?,
        Command::Agreement { verb } => plans::agreement(cli, verb)?,
        Command::Referral { verb } => services::referral(cli, verb)?,
        Command::Action { verb } => services::action(cli, verb)?,
        Command::Contact { verb } => services::contact(cli, verb)?,
        Command::Incident { verb } => services::incident(cli, verb)?,
        Command::Disclosure { verb } => services::disclosure(cli, verb)?,
        Command::Backup { verb } => backups::backup(cli, verb)?,
        Command::Check => {
            let mut app = signed_in(cli)?;
            let never = std::sync::atomic::AtomicBool::new(false);
            let json = cli.json;
            let mut report = |event: homeward_core::api::progress::ProgressEvent| {
                if !json {
                    eprintln!("{} {}/{}", event.step, event.done, event.total);
                }
            };
            let started = std::time::Instant::now();
            let view = app.check_vault(&mut homeward_core::api::progress::Progress::new(
                &mut report,
                &never,
            ))?;
            if !json {
                eprintln!("checked in {:.2} s", started.elapsed().as_secs_f64());
            }
            output::checked(cli.json, &view);
            app.lock()?;
            if !view.intact {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Bench { runs } => {
            let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let passphrase = secrets::passphrase("Passphrase for this user: ")?;
            let report =
                homeward_core::bench::run(&mut app, &required_user(cli)?, &passphrase, *runs)?;
            output::bench(cli.json, &report);
        }
        Command::Demo => {
            let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let passphrase = secrets::passphrase("Passphrase for every demo user: ")?;
            let key = homeward_core::seed::demo(&mut app, &passphrase, &chrono_today())?;
            output::seeded(cli.json, &key, &passphrase);
        }
        Command::Generate { cases, seed } => {
            let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let passphrase = secrets::passphrase("Passphrase for every generated user: ")?;
            let key = homeward_core::seed::generate(
                &mut app,
                *cases,
                *seed,
                &passphrase,
                &chrono_today(),
            )?;
            output::seeded(cli.json, &key, &passphrase);
        }
        Command::Audit {
            verb: AuditVerb::Verify,
        } => {
            let mut app = signed_in(cli)?;
            let report = app.verify_audit()?;
            output::audit(cli.json, &report);
            app.lock()?;
            if !report.intact {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
