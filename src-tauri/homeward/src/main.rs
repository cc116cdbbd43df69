//! The Homeward desktop window: finds the vault folder (`--vault PATH`, else
//! `HOMEWARD_VAULT`, else the default under the XDG data home), opens it
//! once through `api::App`, registers the commands and runs Tauri. While it
//! holds the vault it listens for a second launch's "raise" (`raise`) and
//! runs the idle and sleep locks and the daily backup's timer (`guard`);
//! when the app exits it takes the quit backup (with a session open),
//! locks the vault and removes the raise socket. Everything else lives in
//! homeward-core.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod guard;
mod print;
mod raise;
mod state;

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use homeward_core::api::App;
use homeward_core::clock::SystemClock;
use homeward_core::store::default_vault_dir;
use tauri::{AppHandle, Manager};

use crate::raise::RaiseListener;
use crate::state::VaultState;

/// The raise socket while this process holds the vault.
struct RaiseSocket(Mutex<Option<RaiseListener>>);

/// Brings the main window forward (a second launch asked for it).
fn bring_forward(handle: &AppHandle) {
    if let Some(window) = handle.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// SIGTERM (a logout, a shutdown, `kill`) ends the app as Quit does, so the
/// vault is locked and the raise socket removed on the way out.
fn exit_on_sigterm(handle: &AppHandle) {
    const SIGTERM: i32 = 15;
    let handle = handle.clone();
    gio::glib::unix_signal_add_local(SIGTERM, move || {
        handle.exit(0);
        gio::glib::ControlFlow::Break
    });
}

/// Starts what runs beside the window when this process holds the vault.
fn start_guards(handle: &AppHandle, vault: &VaultState) {
    if !vault.holds_vault() {
        return;
    }
    guard::start_idle_timer(vault.clone());
    guard::start_daily_backups(vault.clone());
    guard::watch_for_sleep(vault.clone());
    let raiser = handle.clone();
    let listener = raise::listen(vault.dir(), move || bring_forward(&raiser))
        .map_err(|_| eprintln!("homeward: a second launch cannot bring this window forward"))
        .ok();
    handle.manage(RaiseSocket(Mutex::new(listener)));
}

const USAGE: &str = "usage: homeward [--vault PATH]";

/// Where the vault folder is: the command line first, then the
/// environment, then the default under the XDG data home.
fn vault_dir(
    args: impl IntoIterator<Item = OsString>,
    env_vault: Option<&OsStr>,
    xdg_data_home: Option<&OsStr>,
    home: Option<&OsStr>,
) -> Result<PathBuf, String> {
    let mut from_args = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let path = if arg == "--vault" {
            args.next()
                .ok_or_else(|| format!("--vault needs a path\n{USAGE}"))?
        } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--vault=")) {
            OsString::from(path)
        } else {
            return Err(format!("unexpected argument {arg:?}\n{USAGE}"));
        };
        if path.is_empty() {
            return Err(format!("--vault needs a path\n{USAGE}"));
        }
        from_args = Some(PathBuf::from(path));
    }
    from_args
        .or_else(|| env_vault.filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| default_vault_dir(xdg_data_home, home))
        .ok_or_else(|| format!("no folder for the vault: pass --vault PATH or set HOME\n{USAGE}"))
}

/// Wraps the command table so that every command's arguments meet the
/// core's input limits (`api::limits`) before Tauri decodes them. A refusal
/// answers the page exactly as the command's own `ApiError` would.
fn within_limits<R: tauri::Runtime>(
    commands: impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    move |invoke| {
        if let tauri::ipc::InvokeBody::Json(args) = invoke.message.payload() {
            if let Err(refused) = homeward_core::api::limits::check_args(args) {
                invoke.resolver.reject(refused);
                return true;
            }
        }
        commands(invoke)
    }
}

fn main() {
    let dir = vault_dir(
        std::env::args_os().skip(1),
        std::env::var_os("HOMEWARD_VAULT").as_deref(),
        std::env::var_os("XDG_DATA_HOME").as_deref(),
        std::env::var_os("HOME").as_deref(),
    )
    .unwrap_or_else(|message| {
        eprintln!("homeward: {message}");
        std::process::exit(2);
    });
    let vault = VaultState::new(&dir, App::open(&dir, Arc::new(SystemClock)));
    let app = tauri::Builder::default()
        .manage(vault.clone())
        .setup(move |app| {
            exit_on_sigterm(app.handle());
            start_guards(app.handle(), &vault);
            Ok(())
        })
        .invoke_handler(within_limits(tauri::generate_handler![
            commands::app_status,
            commands::languages,
            commands::ui_zoom,
            commands::vault_create,
            commands::vault_unlock,
            commands::vault_lock,
            commands::cancel_operation,
            commands::vault_check,
            commands::ping,
            commands::activity,
            commands::session_watch,
            commands::idle_lock_set,
            commands::draft_save,
            commands::draft_list,
            commands::draft_get,
            commands::draft_discard,
            commands::instance_raise,
            commands::app_quit,
            commands::ui_drawn,
            commands::user_add,
            commands::user_list,
            commands::user_colleagues,
            commands::user_deactivate,
            commands::passphrase_change,
            commands::district_add,
            commands::district_import,
            commands::district_list,
            commands::case_register,
            commands::case_update,
            commands::case_open,
            commands::case_list,
            commands::case_search,
            commands::consent_record,
            commands::consent_withdraw,
            commands::legal_basis_record,
            commands::legal_basis_countersign,
            commands::safety_screen_record,
            commands::case_intake,
            commands::case_gate,
            commands::case_transition,
            commands::assessment_start,
            commands::assessment_save,
            commands::assessment_sign_off,
            commands::assessment_correct,
            commands::specialist_record,
            commands::case_assessments,
            commands::organisation_save,
            commands::organisation_list,
            commands::service_save,
            commands::service_get,
            commands::service_verify,
            commands::service_find,
            commands::service_export,
            commands::service_import,
            commands::referral_add,
            commands::referral_status,
            commands::case_referrals,
            commands::action_add,
            commands::action_status,
            commands::contact_add,
            commands::case_contacts,
            commands::incident_add,
            commands::case_incidents,
            commands::disclosure_add,
            commands::disclosure_countersign,
            commands::case_disclosures,
            commands::plan_draft,
            commands::plan_goal_save,
            commands::plan_action_save,
            commands::plan_item_remove,
            commands::plan_agreement,
            commands::plan_sign,
            commands::plan_sign_off,
            commands::plan_action_status,
            commands::case_plans,
            commands::plan_compare,
            commands::review_start,
            commands::review_save,
            commands::review_sign,
            commands::case_reviews,
            commands::reviews_due,
            commands::agreement_draft,
            commands::agreement_save,
            commands::agreement_goal_save,
            commands::agreement_member_add,
            commands::agreement_acknowledge,
            commands::agreement_revise,
            commands::case_agreements,
            commands::revisions_due,
            commands::home,
            commands::report_preview,
            commands::report_export,
            commands::report_exports,
            commands::backup_list,
            commands::backup_targets,
            commands::backup_create,
            commands::backup_verify,
            commands::backup_newest_good,
            commands::backup_restore,
            print::document_save_pdf,
            commands::acl_probe,
        ]))
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("homeward: the window could not start: {error}");
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            handle.state::<VaultState>().back_up_and_lock_on_exit();
            if let Some(socket) = handle.try_state::<RaiseSocket>() {
                socket
                    .0
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    /// Arguments, then HOMEWARD_VAULT, XDG_DATA_HOME and HOME, then the expected folder.
    type Case = (
        &'static [&'static str],
        [Option<&'static str>; 3],
        Option<&'static str>,
    );

    #[test]
    fn vault_folder_comes_from_args_then_env_then_xdg_then_home() {
        let all = [Some("/env"), Some("/x"), Some("/h")];
        let table: &[Case] = &[
            (&["--vault", "/a"], all, Some("/a")),
            (&["--vault=/b"], all, Some("/b")),
            (&[], all, Some("/env")),
            (
                &[],
                [Some(""), Some("/x"), Some("/h")],
                Some("/x/homeward/vault"),
            ),
            (
                &[],
                [None, None, Some("/h")],
                Some("/h/.local/share/homeward/vault"),
            ),
            (&[], [None, None, None], None),
            (&["--vault"], all, None),
            (&["--vault="], all, None),
            (&["--other"], all, None),
        ];
        for (argv, [env, xdg, home], expected) in table {
            let got = vault_dir(
                args(argv),
                env.map(OsStr::new),
                xdg.map(OsStr::new),
                home.map(OsStr::new),
            );
            assert_eq!(
                got.ok(),
                expected.map(PathBuf::from),
                "the vault folder for args {argv:?}, env {env:?}, xdg {xdg:?}, home {home:?}"
            );
        }
    }

    /// The commands build.rs lists, read from its source.
    fn listed_commands() -> Vec<String> {
        let build = include_str!("../build.rs");
        let start = build
            .find("APP_COMMANDS")
            .expect("build.rs lists APP_COMMANDS");
        let end = start + build[start..].find("];").expect("the list ends");
        build[start..end]
            .lines()
            .filter_map(|line| line.trim().strip_prefix('"'))
            .filter_map(|line| line.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_capability_grants_every_listed_command_except_the_acl_canary() {
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json"))
                .expect("the capability is JSON");
        let mut granted: Vec<String> = capability["permissions"]
            .as_array()
            .expect("the capability has permissions")
            .iter()
            .map(|p| p.as_str().expect("a permission is a name").to_owned())
            .collect();
        granted.sort();
        let mut expected: Vec<String> = listed_commands()
            .iter()
            .filter(|c| c.as_str() != "acl_probe")
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        expected.sort();
        assert!(expected.len() > 10, "build.rs lists the app commands");
        assert_eq!(
            granted, expected,
            "the one capability grants exactly the listed commands, never acl_probe"
        );
    }

    /// Every argument a window command takes must have a row in the core's
    /// limits table, or `within_limits` refuses the whole call.
    #[test]
    fn every_command_argument_has_a_limit() {
        let mut seen = 0;
        for source in [include_str!("commands.rs"), include_str!("print.rs")] {
            for command in source.split("#[tauri::command]").skip(1) {
                let open = command.find('(').expect("a parameter list");
                let close = open + command[open..].find(')').expect("its end");
                for param in command[open + 1..close].split(',') {
                    let Some((name, kind)) = param.split_once(':') else {
                        continue;
                    };
                    let name = name.trim().trim_start_matches("mut ");
                    if ["State<", "AppHandle", "Window", "Webview"]
                        .iter()
                        .any(|skip| kind.contains(skip))
                    {
                        continue;
                    }
                    assert!(
                        homeward_core::domain::limits::field(name).is_some(),
                        "the command argument {name} has no row in domain::limits::FIELDS"
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen > 50, "the scan found the commands' arguments ({seen})");
    }

    #[test]
    fn every_listed_command_is_registered_in_the_invoke_handler() {
        let main = include_str!("main.rs");
        let handler_start = main.find("generate_handler![").expect("an invoke handler");
        let handler =
            &main[handler_start..handler_start + main[handler_start..].find(']').unwrap()];
        for command in listed_commands() {
            assert!(
                handler.contains(&format!("commands::{command},"))
                    || handler.contains(&format!("print::{command},")),
                "{command} is listed in build.rs but not registered, so the page could never call it"
            );
        }
    }
}
