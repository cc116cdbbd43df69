//! The CLI as a separate process: its commands, exit codes, JSON output,
//! secrets from the environment, the process lock, and canaries that must
//! never reach any file under the test's HOME or TMPDIR.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use homeward_tests::files_containing;

const PASS: &str = "amber lantern quietly 71";

struct Sandbox {
    root: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("home")).unwrap();
        std::fs::create_dir_all(root.path().join("tmp")).unwrap();
        Self { root }
    }

    fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    fn vault(&self) -> PathBuf {
        self.home().join(".local/share/homeward/vault")
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_homeward-cli"));
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home())
            .env("TMPDIR", self.root.path().join("tmp"));
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.output().expect("run homeward-cli")
    }

    fn ok(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = self.run(args, env);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn init(&self, admin: &str) -> String {
        let out = self.ok(
            &["init", "--user", admin, "--json"],
            &[("HOMEWARD_PASSPHRASE", PASS)],
        );
        let created: serde_json::Value = serde_json::from_str(&out).unwrap();
        created["recovery_key"].as_str().unwrap().to_owned()
    }
}

fn refused(out: &Output, kind: &str) {
    assert_eq!(out.status.code(), Some(1), "a refusal exits 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("error: {kind}:")),
        "stderr names the kind {kind}: {stderr}"
    );
}

#[test]
fn init_add_list_and_verify_round_trip_with_json() {
    let sb = Sandbox::new();
    let key = sb.init("amina.admin");
    assert_eq!(
        key.len(),
        39,
        "the recovery key is printed once, in eight groups"
    );
    let admin = [
        ("HOMEWARD_PASSPHRASE", PASS),
        ("HOMEWARD_NEW_PASSPHRASE", "copper kettle morning 404"),
    ];
    sb.ok(
        &[
            "user",
            "add",
            "bilal.worker",
            "--role",
            "case-worker",
            "--district",
            "Quetta",
            "--user",
            "amina.admin",
        ],
        &admin,
    );
    let list = sb.ok(&["user", "list", "--user", "amina.admin", "--json"], &admin);
    let users: serde_json::Value = serde_json::from_str(&list).unwrap();
    let rows: Vec<(String, String)> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["username"].as_str().unwrap().into(),
                u["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("amina.admin".into(), "administrator".into()),
            ("bilal.worker".into(), "case_worker".into())
        ]
    );
    let table = sb.ok(&["user", "list", "--user", "amina.admin"], &admin);
    assert!(
        table.lines().next().unwrap().starts_with("username"),
        "people get a table"
    );
    let verify = sb.ok(
        &["audit", "verify", "--user", "amina.admin", "--json"],
        &admin,
    );
    let report: serde_json::Value = serde_json::from_str(&verify).unwrap();
    assert_eq!(report["intact"], true);
    let worker = [("HOMEWARD_PASSPHRASE", "copper kettle morning 404")];
    refused(
        &sb.run(&["user", "list", "--user", "bilal.worker"], &worker),
        "forbidden",
    );
}

#[test]
fn refusals_and_usage_errors_have_their_exit_codes() {
    let sb = Sandbox::new();
    refused(
        &sb.run(
            &["user", "list", "--user", "x"],
            &[("HOMEWARD_PASSPHRASE", PASS)],
        ),
        "no_vault",
    );
    sb.init("amina.admin");
    refused(
        &sb.run(
            &["user", "list", "--user", "amina.admin"],
            &[("HOMEWARD_PASSPHRASE", "not the right one")],
        ),
        "wrong_passphrase",
    );
    refused(
        &sb.run(&["init"], &[("HOMEWARD_PASSPHRASE", PASS)]),
        "vault_exists",
    );
    let usage = sb.run(&["user", "frobnicate"], &[]);
    assert_eq!(usage.status.code(), Some(2), "a usage error exits 2");
    let weak = sb.run(
        &[
            "user",
            "add",
            "x.y",
            "--role",
            "mentor",
            "--user",
            "amina.admin",
        ],
        &[
            ("HOMEWARD_PASSPHRASE", PASS),
            ("HOMEWARD_NEW_PASSPHRASE", "password"),
        ],
    );
    refused(&weak, "weak_passphrase");
}

#[test]
fn a_second_process_on_the_same_vault_gets_vault_in_use() {
    let sb = Sandbox::new();
    sb.init("amina.admin");
    let holder =
        homeward_core::api::App::open(&sb.vault(), Arc::new(homeward_core::clock::SystemClock))
            .unwrap();
    refused(
        &sb.run(
            &["user", "list", "--user", "amina.admin"],
            &[("HOMEWARD_PASSPHRASE", PASS)],
        ),
        "vault_in_use",
    );
    drop(holder);
    sb.ok(
        &["user", "list", "--user", "amina.admin"],
        &[("HOMEWARD_PASSPHRASE", PASS)],
    );
}

#[test]
fn recover_and_passphrase_change_take_secrets_from_the_environment() {
    let sb = Sandbox::new();
    let key = sb.init("amina.admin");
    let new = "copper kettle morning 404";
    sb.ok(
        &["recover", "--user", "amina.admin"],
        &[
            ("HOMEWARD_RECOVERY_KEY", key.as_str()),
            ("HOMEWARD_NEW_PASSPHRASE", new),
        ],
    );
    refused(
        &sb.run(
            &["user", "list", "--user", "amina.admin"],
            &[("HOMEWARD_PASSPHRASE", PASS)],
        ),
        "wrong_passphrase",
    );
    sb.ok(
        &["passphrase", "change", "--user", "amina.admin"],
        &[
            ("HOMEWARD_PASSPHRASE", new),
            ("HOMEWARD_NEW_PASSPHRASE", PASS),
        ],
    );
    sb.ok(
        &["user", "list", "--user", "amina.admin"],
        &[("HOMEWARD_PASSPHRASE", PASS)],
    );
}

#[test]
fn audit_verify_names_the_first_broken_event() {
    let sb = Sandbox::new();
    sb.init("admin.fixture");
    let env = [("HOMEWARD_PASSPHRASE", homeward_tests::PASSPHRASE)];
    assert_eq!(homeward_tests::PASSPHRASE, PASS);
    let conn = homeward_tests::raw_connection(&sb.vault(), "admin.fixture");
    conn.execute("DELETE FROM audit_events WHERE seq = 2", [])
        .unwrap();
    conn.close().unwrap();
    let out = sb.run(&["audit", "verify", "--user", "admin.fixture"], &env);
    assert_eq!(out.status.code(), Some(1), "a broken chain exits 1");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(r#"BROKEN {"problem":"missing","seq":2}"#),
        "names event 2: {text}"
    );
}

fn assert_no_canary(root: &Path, canaries: &[&str]) {
    for canary in canaries {
        let hits = files_containing(root, canary.as_bytes());
        assert!(hits.is_empty(), "canary {canary} found in {hits:?}");
    }
}

#[test]
fn canaries_reach_no_file_under_home_or_tmpdir() {
    let sb = Sandbox::new();
    let canaries = ["canaryadminq7", "canaryworkerz9", "CanaryDistrictX4"];
    sb.init(canaries[0]);
    let env = [
        ("HOMEWARD_PASSPHRASE", PASS),
        ("HOMEWARD_NEW_PASSPHRASE", PASS),
    ];
    sb.ok(
        &[
            "user",
            "add",
            canaries[1],
            "--role",
            "case_worker",
            "--district",
            canaries[2],
            "--user",
            canaries[0],
        ],
        &env,
    );
    sb.ok(&["user", "list", "--user", canaries[0]], &env);
    sb.ok(&["audit", "verify", "--user", canaries[0]], &env);
    let vault_files: Vec<_> = std::fs::read_dir(sb.vault())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        vault_files.iter().any(|n| n == "vault.keys"),
        "the sidecar is among the files searched"
    );
    assert_no_canary(sb.root.path(), &canaries);
    let upper: Vec<String> = canaries.iter().map(|c| c.to_uppercase()).collect();
    assert_no_canary(
        sb.root.path(),
        &upper.iter().map(String::as_str).collect::<Vec<_>>(),
    );
}

#[test]
fn a_case_moves_from_intake_to_assessment_from_the_command_line() {
    let sb = Sandbox::new();
    sb.init("admin");
    let csv = sb.root.path().join("districts.csv");
    std::fs::write(&csv, "province,district\nBA,Quetta\n").unwrap();
    let admin = [
        ("HOMEWARD_PASSPHRASE", PASS),
        ("HOMEWARD_NEW_PASSPHRASE", PASS),
    ];
    sb.ok(
        &[
            "district",
            "import",
            csv.to_str().unwrap(),
            "--user",
            "admin",
        ],
        &admin,
    );
    sb.ok(
        &[
            "user",
            "add",
            "sana",
            "--role",
            "case_worker",
            "--district",
            "Quetta",
            "--user",
            "admin",
        ],
        &admin,
    );
    let env = [("HOMEWARD_PASSPHRASE", PASS)];
    let added = sb.ok(
        &[
            "case",
            "add",
            "--name-latin",
            "Cli Person",
            "--gender",
            "male",
            "--district",
            "Quetta",
            "--custody-track",
            "community",
            "--referral-source",
            "self",
            "--referral-date",
            "2026-11-01",
            "--user",
            "sana",
            "--json",
        ],
        &env,
    );
    let case: serde_json::Value = serde_json::from_str(&added).unwrap();
    let id = case["id"].as_str().unwrap();
    let early = sb.run(
        &[
            "case",
            "move",
            id,
            "--to",
            "start_assessment",
            "--user",
            "sana",
        ],
        &env,
    );
    refused(&early, "consent_required");
    for purpose in ["participation", "assessment"] {
        sb.ok(
            &[
                "consent",
                "add",
                id,
                "--purpose",
                purpose,
                "--method",
                "signed",
                "--given-on",
                "2026-11-02",
                "--language",
                "Urdu",
                "--user",
                "sana",
            ],
            &env,
        );
    }
    sb.ok(
        &[
            "safety",
            "add",
            id,
            "--on",
            "2026-11-02",
            "--threats",
            "none",
            "--staff-risk",
            "none",
            "--user",
            "sana",
        ],
        &env,
    );
    let gate: serde_json::Value =
        serde_json::from_str(&sb.ok(&["case", "gate", id, "--user", "sana"], &env)).unwrap();
    assert_eq!(gate["missing"], serde_json::json!([]), "intake is complete");
    let moved: serde_json::Value = serde_json::from_str(&sb.ok(
        &[
            "case",
            "move",
            id,
            "--to",
            "start_assessment",
            "--user",
            "sana",
        ],
        &env,
    ))
    .unwrap();
    assert_eq!(moved["phase"], 1);
    let draft: serde_json::Value =
        serde_json::from_str(&sb.ok(&["assessment", "start", id, "--user", "sana"], &env)).unwrap();
    assert_eq!(draft["assessment"]["status"], "draft");
}
