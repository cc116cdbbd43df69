//! The Homeward desktop window: finds the vault folder (`--vault PATH`, else
//! `HOMEWARD_VAULT`, else the default under the XDG data home), opens it
//! once through `api::App`, registers the commands and runs Tauri. It locks
//! the vault when the app exits. Everything else lives in homeward-core.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::sync::Arc;

use homeward_core::api::App;
use homeward_core::clock::SystemClock;
use homeward_core::store::default_vault_dir;
use tauri::Manager;

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
    let opened = App::open(&dir, Arc::new(SystemClock));
    let app = tauri::Builder::default()
        .manage(commands::VaultState::new(opened))
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::vault_create,
            commands::vault_unlock,
            commands::vault_lock,
            commands::acl_probe,
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("homeward: the window could not start: {error}");
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            handle.state::<commands::VaultState>().lock_on_exit();
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
}
