//! Shared harness for Homeward's end-to-end tests: a fixture vault made
//! once per run and copied per test (PBKDF2 is never lowered), raw access
//! to a vault's database for tampering, and a byte search for canaries.

pub mod hostile;
pub mod samples;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::{TimeZone, Utc};
use homeward_core::api::dto::{AddUserInput, CreateVaultInput, UnlockInput};
use homeward_core::api::App;
use homeward_core::clock::ManualClock;
use homeward_core::crypto::slot;
use homeward_core::store::open::{open_connection, OpenMode};
use homeward_core::store::sidecar::Sidecar;
use homeward_core::store::VaultPaths;

/// The administrator of the fixture vault.
pub const ADMIN: &str = "admin.fixture";
/// A case worker of the fixture vault.
pub const WORKER: &str = "worker.fixture";
/// A second case worker of the fixture vault.
pub const WORKER2: &str = "worker2.fixture";
/// A mentor of the fixture vault.
pub const MENTOR: &str = "mentor.fixture";
/// A supervisor of Quetta in the fixture vault.
pub const SUPERVISOR: &str = "supervisor.fixture";
/// Every fixture user's passphrase.
pub const PASSPHRASE: &str = "amber lantern quietly 71";

/// A clock at a fixed, known moment.
pub fn test_clock() -> ManualClock {
    ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap())
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub recovery_key: String,
}

impl Fixture {
    pub fn vault(&self) -> PathBuf {
        self.dir.path().join("vault")
    }
}

struct Template {
    _dir: tempfile::TempDir,
    vault: PathBuf,
    recovery_key: String,
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = dir.path().join("vault");
        let mut app = App::open(&vault, Arc::new(test_clock())).expect("open");
        let created = app
            .create_vault(CreateVaultInput {
                username: ADMIN.into(),
                passphrase: PASSPHRASE.into(),
            })
            .expect("create");
        app.import_districts("province,district\nBA,Quetta\nKP,Peshawar\n")
            .expect("districts");
        for (username, role) in [
            (WORKER, "case_worker"),
            (WORKER2, "case_worker"),
            (MENTOR, "mentor"),
            (SUPERVISOR, "supervisor"),
        ] {
            app.add_user(AddUserInput {
                username: username.into(),
                role: role.into(),
                districts: vec!["Quetta".into()],
                passphrase: PASSPHRASE.into(),
            })
            .expect("add user");
        }
        app.lock().expect("lock");
        let recovery_key = created.recovery_key.clone();
        drop(app);
        Template {
            _dir: dir,
            vault,
            recovery_key,
        }
    })
}

/// A private copy of the fixture vault (locked, no process holding it).
pub fn fixture() -> Fixture {
    let source = template();
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("vault");
    std::fs::create_dir_all(&target).expect("mkdir");
    for entry in std::fs::read_dir(&source.vault).expect("read template") {
        let entry = entry.expect("entry");
        if entry.file_name() == "vault.lock" {
            continue;
        }
        std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copy");
    }
    Fixture {
        dir,
        recovery_key: source.recovery_key.clone(),
    }
}

/// A case for the fixture's Quetta case worker, its name marked by `label`
/// (the drills register many).
pub fn probe_case(label: &str) -> homeward_core::api::cases::CaseInput {
    homeward_core::api::cases::CaseInput {
        name_latin: format!("Probe Person {label}"),
        name_urdu: String::new(),
        approx_age: Some(30),
        gender: "male".into(),
        district: "Quetta".into(),
        custody_track: "community".into(),
        referral_source: "family".into(),
        referral_date: "2026-11-10".into(),
        mentor: Some(MENTOR.into()),
        ..Default::default()
    }
}

/// Opens the fixture vault through the api as `username`.
pub fn unlocked(vault: &Path, username: &str, clock: ManualClock) -> App {
    let mut app = App::open(vault, Arc::new(clock)).expect("open");
    app.unlock(UnlockInput {
        username: username.into(),
        passphrase: PASSPHRASE.into(),
    })
    .expect("unlock");
    app
}

/// The database of a locked vault, opened directly (for tampering).
pub fn raw_connection(vault: &Path, username: &str) -> rusqlite::Connection {
    let paths = VaultPaths::new(vault);
    let car = Sidecar::read(&paths.sidecar).expect("sidecar");
    let salt = data_encoding::BASE64
        .decode(car.lookup_salt.as_bytes())
        .expect("salt");
    let lookup = homeward_core::crypto::slot_lookup(&salt, username);
    let found = car.slot(&lookup).expect("slot");
    let key = slot::open(found, PASSPHRASE.as_bytes(), &car.vault_id).expect("key");
    open_connection(&paths.database, &key, OpenMode::Existing).expect("raw open")
}

/// Every file under `root` whose bytes contain `needle`.
pub fn files_containing(root: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                if let Ok(bytes) = std::fs::read(&path) {
                    if bytes.windows(needle.len()).any(|w| w == needle) {
                        hits.push(path);
                    }
                }
            }
        }
    }
    hits
}
