//! The anonymised report on a real vault through the api: nothing that
//! names anyone reaches a file (canaries planted in names, notes, staff
//! names and ids are searched for byte by byte in every file written), the
//! second person's approval comes before any byte is written, both people
//! are in the audit log, a reissue keeps clear of what the first issue
//! published, and the roles and inputs that may not ask are refused.

use std::path::{Path, PathBuf};

use homeward_core::api::cases::CaseInput;
use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_tests::*;
use serde_json::{json, Value};

fn ok(app: &mut App, method: &str, args: Value) -> Value {
    call(app, method, args).unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

fn refused(app: &mut App, method: &str, args: Value) -> (String, Option<String>) {
    let err = call(app, method, args)
        .map(|v| panic!("{method} should be refused, answered {v}"))
        .unwrap_err();
    (err.kind().to_owned(), err.field().map(str::to_owned))
}

const CANARY_LATIN: &str = "Zebracanary Quokkaperson";
const CANARY_URDU: &str = "کینریزیبرا";
const CANARY_ALIAS: &str = "Aliascanary";
const CANARY_NOTE: &str = "Notecanary about the family";
const CANARY_INCIDENT: &str = "Incidentcanary at the market";

/// Registers `n` cases in Quetta as the fixture's case worker, the first
/// carrying the canaries; returns (case ids, case numbers).
fn caseload(app: &mut App, n: usize) -> (Vec<String>, Vec<String>) {
    let mut ids = Vec::new();
    let mut numbers = Vec::new();
    for i in 0..n {
        let view = app
            .register_case(CaseInput {
                name_latin: if i == 0 {
                    CANARY_LATIN.into()
                } else {
                    format!("Person Number{i}")
                },
                name_urdu: if i == 0 {
                    CANARY_URDU.into()
                } else {
                    String::new()
                },
                alias: if i == 0 {
                    CANARY_ALIAS.into()
                } else {
                    String::new()
                },
                approx_age: Some(20 + (i as i64 % 30)),
                gender: if i % 3 == 0 { "female" } else { "male" }.into(),
                district: "Quetta".into(),
                custody_track: if i % 2 == 0 { "community" } else { "released" }.into(),
                referral_source: "family".into(),
                referral_date: "2026-11-10".into(),
                context_typology: "ethno_political".into(),
                ..Default::default()
            })
            .expect("register");
        ids.push(view["id"].as_str().unwrap().to_owned());
        numbers.push(view["case_number"].as_str().unwrap().to_owned());
    }
    ok(
        app,
        "contact_add",
        json!({"case_id": ids[0], "contact_on": "2026-11-15", "kind": "home_visit",
               "duration_minutes": 50, "note": CANARY_NOTE}),
    );
    ok(
        app,
        "incident_add",
        json!({"case_id": ids[0], "occurred_on": "2026-11-16", "kind": "media",
               "severity": "low", "description": CANARY_INCIDENT}),
    );
    (ids, numbers)
}

fn export(app: &mut App, folder: &Path, approver: &str, recipient: &str) -> Value {
    ok(
        app,
        "report_export",
        json!({"request": {"period": "2026Q4", "recipient": recipient},
               "approver": approver, "approver_passphrase": PASSPHRASE,
               "folder": folder.to_string_lossy()}),
    )
}

/// Every (table, row, column) → value a written export published.
fn published(folder: &Path) -> Vec<((String, String, String), u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".csv") || name == "cases.csv" {
            continue;
        }
        let table = name.trim_end_matches(".csv").to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let header: Vec<String> = lines
            .next()
            .unwrap()
            .split(',')
            .map(str::to_owned)
            .collect();
        for line in lines {
            // Labels may hold commas inside quotes; codes and counts never do.
            let fields: Vec<&str> = line.split(',').collect();
            let row = fields[0].to_owned();
            let counts = &fields[fields.len() - (header.len() - 2)..];
            for (col, value) in header[2..].iter().zip(counts) {
                if let Ok(v) = value.parse::<u64>() {
                    out.push(((table.clone(), row.clone(), col.clone()), v));
                }
            }
        }
    }
    out
}

#[test]
fn no_name_number_note_or_staff_name_reaches_any_file() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    let (ids, numbers) = caseload(&mut worker, 9);
    let staff_ids: Vec<String> = ok(&mut worker, "user_colleagues", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["id"].as_str().map(str::to_owned))
        .collect();
    worker.lock().unwrap();
    drop(worker);
    let out = tempfile::tempdir().unwrap();
    let mut supervisor = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let done = export(&mut supervisor, out.path(), ADMIN, "Ministry of Example");
    let folder = PathBuf::from(done["folder"].as_str().unwrap());
    assert!(folder.ends_with("report-2026Q4-1"), "{folder:?}");
    let files: Vec<String> = done["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect();
    for expected in [
        "caseload_phase.csv",
        "report.html",
        "manifest.json",
        "cases.csv",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} in {files:?}"
        );
        assert!(folder.join(expected).is_file());
    }
    let mut canaries: Vec<String> = vec![
        CANARY_LATIN.into(),
        "Zebracanary".into(),
        CANARY_URDU.into(),
        CANARY_ALIAS.into(),
        CANARY_NOTE.into(),
        "Notecanary".into(),
        CANARY_INCIDENT.into(),
        "Person Number".into(),
        WORKER.into(),
        SUPERVISOR.into(),
        ADMIN.into(),
        MENTOR.into(),
        "Ministry of Example".into(),
        "2026-11-1".into(),
    ];
    canaries.extend(ids.iter().cloned());
    canaries.extend(numbers.iter().cloned());
    canaries.extend(staff_ids);
    for canary in &canaries {
        let hits = files_containing(out.path(), canary.as_bytes());
        assert!(hits.is_empty(), "{canary:?} found in {hits:?}");
    }
    // The search itself works: a district name and the period are there.
    assert!(!files_containing(out.path(), b"2026Q4").is_empty());
    // The case-level table carries 9 pseudonyms of 32 hex digits.
    let cases = std::fs::read_to_string(folder.join("cases.csv")).unwrap();
    let pseudonyms: Vec<&str> = cases
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(pseudonyms.len(), 9);
    assert!(pseudonyms
        .iter()
        .all(|p| p.len() == 32 && p.bytes().all(|b| b.is_ascii_hexdigit())));
    // The manifest names the period, k and the audit head; its content
    // hash covers every other file.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["period"], "2026Q4");
    assert_eq!(manifest["k"], 5);
    assert!(manifest["audit_head"]["seq"].as_i64().unwrap() > 0);
    assert_eq!(manifest["tables"].as_array().unwrap().len(), 15);
    assert_eq!(manifest["suppressed_cells"], done["suppressed"]);
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("<svg"));
    // Nine cases: every count from 1 to 4 is hidden, the total of 9 shows.
    for ((table, row, col), value) in published(&folder) {
        assert!(value == 0 || value >= 5, "{table} {row} {col} = {value}");
    }
}

#[test]
fn the_same_recipient_gets_the_same_pseudonyms_and_another_gets_others() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    caseload(&mut worker, 6);
    worker.lock().unwrap();
    drop(worker);
    let out = tempfile::tempdir().unwrap();
    let mut supervisor = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let read = |done: &Value| {
        let folder = PathBuf::from(done["folder"].as_str().unwrap());
        let text = std::fs::read_to_string(folder.join("cases.csv")).unwrap();
        let mut ids: Vec<String> = text.lines().skip(1).map(|l| l[..32].to_owned()).collect();
        ids.sort();
        ids
    };
    let first = read(&export(&mut supervisor, out.path(), ADMIN, "Ministry"));
    let again = read(&export(&mut supervisor, out.path(), ADMIN, " ministry "));
    let other = read(&export(&mut supervisor, out.path(), ADMIN, "Funder"));
    assert_eq!(first, again);
    assert!(first.iter().all(|p| !other.contains(p)));
}

#[test]
fn the_approver_is_checked_before_anything_is_written_and_both_are_audited() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    caseload(&mut worker, 7);
    worker.lock().unwrap();
    drop(worker);
    let out = tempfile::tempdir().unwrap();
    let mut supervisor = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let folder = out.path().to_string_lossy().into_owned();
    let ask = |approver: &str, passphrase: &str| {
        json!({"request": {"period": "2026Q4"}, "approver": approver,
               "approver_passphrase": passphrase, "folder": folder})
    };
    assert_eq!(
        refused(
            &mut supervisor,
            "report_export",
            ask(SUPERVISOR, PASSPHRASE)
        ),
        ("invalid_input".into(), Some("approver".into()))
    );
    assert_eq!(
        refused(&mut supervisor, "report_export", ask(WORKER, PASSPHRASE)),
        ("invalid_input".into(), Some("approver".into()))
    );
    assert_eq!(
        refused(
            &mut supervisor,
            "report_export",
            ask(ADMIN, "not the passphrase")
        )
        .0,
        "wrong_passphrase"
    );
    assert_eq!(
        refused(
            &mut supervisor,
            "report_export",
            ask("nobody.here", PASSPHRASE)
        )
        .0,
        "wrong_passphrase"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
    let done = ok(&mut supervisor, "report_export", ask(ADMIN, PASSPHRASE));
    assert_eq!(done["issue"], 1);
    supervisor.lock().unwrap();
    drop(supervisor);

    let raw = raw_connection(&fx.vault(), ADMIN);
    let user = |name: &str| -> String {
        raw.query_row("SELECT id FROM users WHERE username = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let events: Vec<(String, String)> = raw
        .prepare("SELECT action, user_id FROM audit_events WHERE entity = 'report' ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        events,
        [
            ("report_drafted".to_owned(), user(SUPERVISOR)),
            ("report_approved".to_owned(), user(ADMIN)),
        ]
    );
    let (drafted, approved): (String, String) = raw
        .query_row(
            "SELECT drafted_by, approved_by FROM report_exports",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((drafted, approved), (user(SUPERVISOR), user(ADMIN)));
    drop(raw);
    let admin = unlocked(&fx.vault(), ADMIN, test_clock());
    assert!(admin.verify_audit().unwrap().intact);
}

#[test]
fn a_reissue_keeps_clear_of_what_the_first_issue_published() {
    let fx = fixture();
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    caseload(&mut worker, 30);
    worker.lock().unwrap();
    drop(worker);
    let out = tempfile::tempdir().unwrap();
    let mut supervisor = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let first = export(&mut supervisor, out.path(), ADMIN, "");
    supervisor.lock().unwrap();
    drop(supervisor);
    // A late correction: two more cases of the quarter.
    let mut worker = unlocked(&fx.vault(), WORKER, test_clock());
    for i in 0..2 {
        worker
            .register_case(CaseInput {
                name_latin: format!("Late Person{i}"),
                approx_age: Some(30),
                gender: "male".into(),
                district: "Quetta".into(),
                custody_track: "community".into(),
                referral_source: "family".into(),
                referral_date: "2026-11-12".into(),
                ..Default::default()
            })
            .unwrap();
    }
    worker.lock().unwrap();
    drop(worker);
    let mut supervisor = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let preview = ok(
        &mut supervisor,
        "report_preview",
        json!({"period": "2026Q4"}),
    );
    assert_eq!(preview["issue"], 2);
    let second = export(&mut supervisor, out.path(), ADMIN, "");
    assert_eq!(second["issue"], 2);
    let a = published(Path::new(first["folder"].as_str().unwrap()));
    let b = published(Path::new(second["folder"].as_str().unwrap()));
    let mut compared = 0;
    for (key, x) in &a {
        if let Some((_, y)) = b.iter().find(|(k, _)| k == key) {
            compared += 1;
            let gap = x.abs_diff(*y);
            assert!(gap == 0 || gap >= 5, "{key:?}: {x} then {y}");
        }
    }
    assert!(compared > 20, "only {compared} cells in both");
    // The grand total moved from 30 to 32: the reissue hides it.
    let total = |cells: &[((String, String, String), u64)]| {
        cells
            .iter()
            .find(|((t, r, _), _)| t == "caseload_phase" && r == "total")
            .map(|(_, v)| *v)
    };
    assert_eq!(total(&a), Some(30));
    assert_eq!(total(&b), None);
    let listed = ok(&mut supervisor, "report_exports", json!({}));
    assert_eq!(listed.as_array().unwrap().len(), 2);
}

#[test]
fn only_a_supervisor_asks_and_only_for_a_real_period_and_k() {
    let fx = fixture();
    for user in [WORKER, MENTOR, ADMIN] {
        let mut app = unlocked(&fx.vault(), user, test_clock());
        assert_eq!(
            refused(&mut app, "report_preview", json!({"period": "2026Q3"})).0,
            "forbidden",
            "{user}"
        );
    }
    let mut supervisor = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    for (args, field) in [
        (json!({"period": "2026Q5"}), "period"),
        (json!({"period": "2027Q1"}), "period"),
        (json!({"period": "Q3"}), "period"),
        (json!({"period": "2026Q3", "k": 2}), "k"),
        (json!({"period": "2026Q3", "k": 12}), "k"),
        (
            json!({"period": "2026Q3", "k": 5, "district_min": 4}),
            "district_min",
        ),
        (json!({"period": "2026Q3", "language": "fr"}), "language"),
    ] {
        assert_eq!(
            refused(&mut supervisor, "report_preview", args.clone()),
            ("invalid_input".into(), Some(field.into())),
            "{args}"
        );
    }
    let view = ok(
        &mut supervisor,
        "report_preview",
        json!({"period": "2026", "k": 11}),
    );
    assert_eq!(view["k"], 11);
    assert_eq!(view["tables"].as_array().unwrap().len(), 15);
}

#[test]
fn a_generated_vault_fills_every_table_of_a_years_report() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let mut app = App::open(&vault, std::sync::Arc::new(test_clock())).unwrap();
    homeward_core::seed::generate(&mut app, 600, 11, PASSPHRASE, "2026-11-01").unwrap();
    app.unlock(homeward_core::api::dto::UnlockInput {
        username: "supervisor".into(),
        passphrase: PASSPHRASE.into(),
    })
    .unwrap();
    let view = ok(&mut app, "report_preview", json!({"period": "2026"}));
    let tables = view["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 15);
    for table in tables {
        let shown: u64 = table["cells"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|row| row.as_array().unwrap())
            .filter_map(|cell| cell["value"].as_u64())
            .max()
            .unwrap_or(0);
        assert!(shown >= 5, "{} shows no count", table["key"]);
    }
    // Small districts are merged into their province, big ones stand alone.
    let areas: Vec<&str> = tables[1]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(
        areas.iter().any(|a| a.starts_with("district:")),
        "{areas:?}"
    );
    assert!(
        areas.iter().any(|a| a.starts_with("province:")),
        "{areas:?}"
    );
    // A quarter of the same year has small counts to hide.
    let quarter = ok(&mut app, "report_preview", json!({"period": "2026Q3"}));
    assert!(quarter["suppressed"].as_u64().unwrap() > 0);
}
