//! Writes the seed inputs of every fuzz target from real, valid data: a
//! small vault made through the api (its sidecar, its service map as
//! `service_export` writes it, its database re-keyed under the fixed fuzz
//! key and sealed as a backup), the fixed-key backups of
//! `hostile::backup_seeds`, audit chains described in the `audit` target's
//! format, and method calls like the tests'. Optionally also a backup and
//! sidecar made by `homeward-cli`:
//!
//! ```text
//! cargo run --manifest-path fuzz/Cargo.toml --example seeds -- OUT [CLI_BACKUP.hwb CLI_VAULT.keys]
//! ```
//!
//! The drill grows the corpus from these and `cargo fuzz cmin` minimises it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use homeward_core::api::dto::{AddUserInput, CreateVaultInput};
use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_core::clock::Clock;
use homeward_core::store::sidecar::Sidecar;
use homeward_core::store::VaultPaths;
use homeward_tests::hostile::{self, audit_flags, backup_mode};
use homeward_tests::samples::{sample_args, SampleIds};
use homeward_tests::{raw_connection, test_clock, ADMIN, PASSPHRASE, WORKER};
use serde_json::{json, Value};

fn write(out: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = out.join(target);
    std::fs::create_dir_all(&dir).expect("corpus folder");
    std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("seed");
}

fn with_byte(first: u8, rest: &[u8]) -> Vec<u8> {
    [&[first][..], rest].concat()
}

fn ok(app: &mut App, method: &str, args: Value) -> Value {
    call(app, method, args).unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

/// A small vault with two districts, a case worker, and a service map.
fn small_vault(dir: &Path) -> PathBuf {
    let vault = dir.join("vault");
    let mut app = App::open(&vault, Arc::new(test_clock())).expect("open");
    app.create_vault(CreateVaultInput {
        username: ADMIN.into(),
        passphrase: PASSPHRASE.into(),
    })
    .expect("create");
    app.import_districts("province,district\nBA,Quetta\nKP,Peshawar\n")
        .expect("districts");
    app.add_user(AddUserInput {
        username: WORKER.into(),
        role: "case_worker".into(),
        districts: vec!["Quetta".into()],
        passphrase: PASSPHRASE.into(),
    })
    .expect("user");
    let org = ok(
        &mut app,
        "organisation_save",
        json!({"district": "Quetta", "name": "Quetta centre", "org_type": "health",
               "level": "district", "contact_role": "intake officer"}),
    );
    ok(
        &mut app,
        "service_save",
        json!({"organisation_id": org["id"], "name": "Counselling", "domain": "trauma",
               "modality": "outpatient", "description": "Weekly sessions, \"walk-in\" on Fridays",
               "min_age": 14, "max_age": 60, "gender": "any", "female_staff": true,
               "child_friendly": true, "languages": "Urdu, Brahui", "waiting_days": 7,
               "quality": 3, "quality_how": "site visit", "last_verified": "2026-10-01",
               "risks": [{"kind": "stigma", "level": "medium", "mitigation": "side entrance"},
                         {"kind": "retaliation", "level": "low"}]}),
    );
    ok(
        &mut app,
        "service_save",
        json!({"organisation_id": org["id"], "name": "Job desk", "domain": "employment",
               "modality": "outreach", "languages": "اردو، پشتو"}),
    );
    ok(
        &mut app,
        "organisation_save",
        json!({"district": "Peshawar", "name": "Peshawar legal aid", "org_type": "civil_society",
               "level": "provincial"}),
    );
    app.lock().expect("lock");
    vault
}

fn backup_seeds(out: &Path, vault: &Path) {
    for (name, bytes) in hostile::backup_seeds() {
        write(out, "backup", name, &bytes);
    }
    let conn = raw_connection(vault, ADMIN);
    let (database, manifest) = hostile::fixed_key_snapshot(&conn);
    let file = hostile::fixed_backup_file(&manifest, &database);
    write(
        out,
        "backup",
        "real-vault-fixed-key",
        &with_byte(backup_mode::FILE, &file),
    );
}

fn sidecar_seeds(out: &Path, vault: &Path) {
    let paths = VaultPaths::new(vault);
    let real = std::fs::read(&paths.sidecar).expect("the vault's sidecar");
    write(out, "sidecar", "real-vault", &real);
    let mut car = Sidecar::parse(&real).expect("parses");
    car.record_failure("one", test_clock().now());
    car.record_failure("two", test_clock().now());
    write(
        out,
        "sidecar",
        "throttled",
        &serde_json::to_vec(&car).expect("encodes"),
    );
    write(
        out,
        "sidecar",
        "fixed",
        &serde_json::to_vec_pretty(&hostile::fixed_sidecar()).expect("encodes"),
    );
}

fn service_seeds(out: &Path, vault: &Path) {
    let mut app = homeward_tests::unlocked(vault, ADMIN, test_clock());
    let all = app.export_services(None).expect("export");
    write(
        out,
        "service_csv",
        "export-all",
        &with_byte(0, all.as_bytes()),
    );
    let quetta = app.export_services(Some("Quetta")).expect("export");
    write(
        out,
        "service_csv",
        "export-quetta",
        &with_byte(0, quetta.as_bytes()),
    );
    // A hand-made file: no ids, columns the map matches by name.
    let header = all.lines().next().expect("header").to_owned();
    let columns = header.split(',').count();
    let mut row = vec![String::new(); columns];
    let names: Vec<&str> = header.split(',').collect();
    for (column, value) in [
        ("district", "Peshawar"),
        ("organisation", "Peshawar legal aid"),
        ("org_type", "civil_society"),
        ("level", "provincial"),
        ("service", "Court help"),
        ("domain", "legal_documents"),
        ("modality", "outpatient"),
        ("last_verified", "2026-09-30"),
    ] {
        if let Some(at) = names.iter().position(|n| *n == column) {
            row[at] = value.to_owned();
        }
    }
    let hand_made = format!("{header}\n{}\n", row.join(","));
    app.import_services(&hand_made)
        .expect("the hand-made seed is a valid import");
    write(
        out,
        "service_csv",
        "hand-made",
        &with_byte(0, hand_made.as_bytes()),
    );
    write(
        out,
        "service_csv",
        "districts",
        &with_byte(1, b"province,district\nBA,Gwadar\nKP,\"Swat\"\nPB,Lahore\n"),
    );
}

/// Rows in the `audit` target's format.
fn audit_seeds(out: &Path) {
    use audit_flags::{CANNED, HASHED, LINKED, NEXT_SEQ};
    let good = NEXT_SEQ | LINKED | HASHED | CANNED;
    let chain = |head: u8, rows: &[u8]| -> Vec<u8> {
        let mut bytes = vec![head];
        bytes.extend_from_slice(rows);
        bytes
    };
    write(out, "audit", "intact-own-head", &chain(1, &[good; 5]));
    write(out, "audit", "intact-no-head", &chain(0, &[good; 3]));
    write(
        out,
        "audit",
        "content-changed",
        &chain(1, &[good, good, NEXT_SEQ | LINKED | CANNED, 0, good]),
    );
    let mut typed = vec![1u8, NEXT_SEQ | LINKED | HASHED];
    for text in [
        "2026-11-21T09:00:00Z",
        "u1",
        "d1",
        "case_opened",
        "cases",
        "c1",
    ] {
        typed.push(text.len() as u8);
        typed.extend_from_slice(text.as_bytes());
    }
    typed.push(good);
    write(out, "audit", "typed-fields", &typed);
    let mut gap = chain(1, &[good, good]);
    gap.push(LINKED | HASHED | CANNED);
    gap.extend_from_slice(&7i64.to_be_bytes());
    write(out, "audit", "missing-seq", &gap);
    let mut foreign_head = chain(2, &[good; 3]);
    foreign_head.extend_from_slice(&9i64.to_be_bytes());
    foreign_head.push(0);
    foreign_head.extend_from_slice(&[0xab; 32]);
    write(out, "audit", "cut-off", &foreign_head);
}

/// One call per method the `ipc` target makes, as `name\n{json}`, with
/// the tests' sample arguments (`homeward_tests::samples`); those with
/// several fields also in the window's `{"input": …}` shape.
fn ipc_seeds(out: &Path) {
    let case = json!({"name_latin": "Kashif Rana", "name_urdu": "کاشف رانا", "gender": "male",
        "district": "Quetta", "custody_track": "released", "referral_source": "court",
        "referral_date": "2026-11-03", "mentor": "mentor.fixture"});
    let id = "0193a0c4-7f00-7000-8000-00000000abcd";
    let ids = SampleIds {
        case_id: id,
        case_input: &case,
        organisation: id,
        service: id,
        sharing: id,
        referral: id,
        disclosure: id,
        recovery_key: "PMF2-65PD-OMJP-ANTW-LHJR-MJMV-RAAV-D2VW",
    };
    for method in hostile::ipc_methods() {
        let args = sample_args(method, &ids).unwrap_or_else(|| json!({}));
        let line = format!("{method}\n{args}");
        write(out, "ipc", method, line.as_bytes());
        if args.as_object().is_some_and(|o| o.len() > 1) {
            let window = format!("{method}\n{}", json!({ "input": args }));
            write(out, "ipc", &format!("{method}-window"), window.as_bytes());
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(
        args.first()
            .expect("usage: seeds OUT [CLI_BACKUP CLI_KEYS]"),
    );
    let dir = tempfile::tempdir().expect("temp");
    let vault = small_vault(dir.path());
    backup_seeds(&out, &vault);
    sidecar_seeds(&out, &vault);
    service_seeds(&out, &vault);
    audit_seeds(&out);
    ipc_seeds(&out);
    if let [_, backup, keys] = args.as_slice() {
        let file = std::fs::read(backup).expect("the CLI's backup");
        write(
            &out,
            "backup",
            "cli-backup",
            &with_byte(backup_mode::FILE, &file),
        );
        write(
            &out,
            "sidecar",
            "cli-vault",
            &std::fs::read(keys).expect("the CLI's sidecar"),
        );
    }
}
