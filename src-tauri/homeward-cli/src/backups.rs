//! CLI verbs of backups: `backup create --out FILE` (administrators) or
//! `--auto` (into the vault's automatic backups, as a daily one), `backup
//! list`, `backup verify FILE` and `backup restore FILE`. Verify and
//! restore open the backup with `--user NAME` (passphrase from
//! `HOMEWARD_PASSPHRASE` or a prompt) or `--recovery` (the recovery key from
//! `HOMEWARD_RECOVERY_KEY` or a prompt); a restore that replaces another
//! vault or a newer one needs `--yes`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use clap::Subcommand;
use homeward_core::api::backups::{BackupCreateInput, BackupKeyInput, RestoreInput};
use homeward_core::api::progress::{Progress, ProgressEvent};
use homeward_core::api::{ApiError, App};
use homeward_core::clock::SystemClock;
use homeward_core::domain::backup::BackupReason;
use serde::Serialize;

use crate::{secrets, signed_in, vault_dir, Cli};

#[derive(Subcommand)]
pub enum BackupVerb {
    /// Take an encrypted backup of the vault.
    Create {
        /// The backup file to write (it must not exist yet).
        #[arg(long, conflicts_with = "auto")]
        out: Option<PathBuf>,
        /// Write into the vault's automatic backups instead.
        #[arg(long)]
        auto: bool,
    },
    /// The automatic backups in the vault's folder, newest first.
    List,
    /// Check a backup file without installing anything.
    Verify {
        file: PathBuf,
        /// Open it with the recovery key instead of --user's passphrase.
        #[arg(long)]
        recovery: bool,
    },
    /// Replace this folder's vault (or make one) from a backup file.
    Restore {
        file: PathBuf,
        #[arg(long)]
        recovery: bool,
        /// Confirm replacing another vault or a newer one.
        #[arg(long)]
        yes: bool,
    },
}

fn print<T: Serialize>(as_json: bool, value: &T, lines: &[String]) {
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned())
        );
    } else {
        for line in lines {
            println!("{line}");
        }
    }
}

/// Progress on stderr for people: one line per tenth of the work.
fn with_progress<T>(
    as_json: bool,
    work: impl FnOnce(&mut Progress<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let never = AtomicBool::new(false);
    let mut last = (String::new(), u64::MAX);
    let mut report = |event: ProgressEvent| {
        if as_json {
            return;
        }
        let tenth = event
            .done
            .saturating_mul(10)
            .checked_div(event.total)
            .unwrap_or(0);
        if last.0 != event.step || last.1 != tenth {
            eprintln!("{} {}%", event.step, tenth * 10);
            last = (event.step.to_owned(), tenth);
        }
    };
    work(&mut Progress::new(&mut report, &never))
}

fn key_input(cli: &Cli, file: &Path, recovery: bool) -> Result<BackupKeyInput, ApiError> {
    let path = file.to_string_lossy().into_owned();
    if recovery {
        let key = secrets::recovery_key()?;
        return Ok(BackupKeyInput {
            path,
            recovery_key: Some(key.to_string()),
            ..BackupKeyInput::default()
        });
    }
    let username = cli.user.clone().ok_or(ApiError::InvalidInput {
        field: "user",
        reason: "--user NAME (a user in the backup) or --recovery is required",
    })?;
    let passphrase = secrets::passphrase("Passphrase for this user: ")?;
    Ok(BackupKeyInput {
        path,
        username: Some(username),
        passphrase: Some(passphrase.to_string()),
        recovery_key: None,
    })
}

pub fn backup(cli: &Cli, verb: &BackupVerb) -> Result<(), ApiError> {
    match verb {
        BackupVerb::Create { out, auto } => {
            let mut app = signed_in(cli)?;
            let view = if *auto {
                // Asked for by hand: taken even when one is not due.
                let job = app.backup_job_now(BackupReason::Daily)?;
                with_progress(cli.json, |progress| job.run(progress))?
            } else {
                let out = out.as_ref().ok_or(ApiError::InvalidInput {
                    field: "out",
                    reason: "--out FILE or --auto is required",
                })?;
                let folder = match out.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let folder =
                    std::fs::canonicalize(&folder).map_err(|_| ApiError::InvalidInput {
                        field: "out",
                        reason: "its folder does not exist",
                    })?;
                let name = out
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or(ApiError::InvalidInput {
                        field: "out",
                        reason: "must name a file",
                    })?;
                with_progress(cli.json, |progress| {
                    app.backup_create(
                        BackupCreateInput {
                            folder: folder.to_string_lossy().into_owned(),
                            name: Some(name),
                        },
                        progress,
                    )
                })?
            };
            app.lock()?;
            let rows: i64 = view.tables.iter().map(|t| t.rows).sum();
            print(
                cli.json,
                &view,
                &[
                    format!("backup   {}", view.path),
                    format!("bytes    {}", view.bytes),
                    format!("rows     {rows} in {} tables", view.tables.len()),
                    format!("audit    {} events", view.audit_seq),
                    format!("seconds  {:.2}", view.seconds),
                ],
            );
        }
        BackupVerb::List => {
            let app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let view = app.backup_list()?;
            let mut lines = vec![format!(
                "{:<26} {:<7} {:>12}  file",
                "created", "reason", "bytes"
            )];
            lines.extend(view.files.iter().map(|f| {
                format!(
                    "{:<26} {:<7} {:>12}  {}{}",
                    f.created_at,
                    f.reason,
                    f.bytes,
                    f.name,
                    if f.this_vault {
                        ""
                    } else {
                        "  (another vault)"
                    }
                )
            }));
            print(cli.json, &view, &lines);
        }
        BackupVerb::Verify { file, recovery } => {
            let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let input = key_input(cli, file, *recovery)?;
            let view = with_progress(cli.json, |progress| {
                app.backup_verify_with_progress(input, progress)
            })?;
            let mut lines = vec![
                format!("backup   {}", view.path),
                format!("created  {}", view.created_at),
                format!("schema   {}", view.schema_version),
                format!("audit    {} events", view.audit_seq),
            ];
            lines.extend(
                view.checks
                    .iter()
                    .map(|c| format!("{:<24} {}", c.check, if c.ok { "ok" } else { "FAILED" })),
            );
            print(cli.json, &view, &lines);
        }
        BackupVerb::Restore {
            file,
            recovery,
            yes,
        } => {
            let mut app = App::open(&vault_dir(cli)?, Arc::new(SystemClock))?;
            let key = key_input(cli, file, *recovery)?;
            let view = with_progress(cli.json, |progress| {
                app.backup_restore(
                    RestoreInput {
                        path: key.path,
                        username: key.username,
                        passphrase: key.passphrase,
                        recovery_key: key.recovery_key,
                        confirm: *yes,
                    },
                    progress,
                )
            })?;
            print(
                cli.json,
                &view,
                &[
                    format!("restored the backup of {}", view.created_at),
                    format!("audit    {} events", view.audit_seq),
                ],
            );
        }
    }
    Ok(())
}
