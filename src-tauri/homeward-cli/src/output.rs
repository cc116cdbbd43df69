//! What the CLI prints: a plain table for people, or with `--json` one
//! JSON document for tools. Views come from the api already filtered.

use homeward_core::api::dto::{AuditVerifyView, UserView, VaultCreatedView};
use serde::Serialize;

fn json<T: Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(_) => eprintln!("error: internal: could not encode the answer"),
    }
}

pub fn created(as_json: bool, created: &VaultCreatedView) {
    if as_json {
        json(created);
        return;
    }
    println!(
        "Vault created. Administrator: {}",
        created.session.user.username
    );
    println!();
    println!("Recovery key (shown only now; write it down and keep it away from this laptop):");
    println!();
    println!("    {}", created.recovery_key);
    println!();
}

pub fn users(as_json: bool, users: &[UserView]) {
    if as_json {
        json(users);
        return;
    }
    let name_width = users
        .iter()
        .map(|u| u.username.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    println!(
        "{:<name_width$}  {:<13}  {:<8}  districts",
        "username", "role", "status"
    );
    for user in users {
        let status = if user.active { "active" } else { "inactive" };
        println!(
            "{:<name_width$}  {:<13}  {:<8}  {}",
            user.username,
            user.role,
            status,
            user.districts.join(", ")
        );
    }
}

pub fn done(as_json: bool, what: &str) {
    if as_json {
        json(&serde_json::json!({ "ok": true, "done": what }));
    } else {
        println!("{what}");
    }
}

pub fn audit(as_json: bool, report: &AuditVerifyView) {
    if as_json {
        json(report);
        return;
    }
    println!("events:           {}", report.events);
    println!(
        "head:             {}",
        report.head_seq.map_or("none".into(), |s| s.to_string())
    );
    println!(
        "key file's head:  {}",
        report
            .sidecar_head_seq
            .map_or("none".into(), |s| s.to_string())
    );
    match &report.first_break {
        None => println!("chain:            intact"),
        Some(problem) => {
            let text = serde_json::to_string(problem).unwrap_or_default();
            println!("chain:            BROKEN {text}");
        }
    }
}

pub fn reassigned(as_json: bool, done: &homeward_core::api::dto::ReassignedView) {
    if as_json {
        json(done);
    } else {
        println!(
            "{} ({}): {} open cases moved",
            done.user.username,
            if done.user.active {
                "active"
            } else {
                "inactive"
            },
            done.cases_moved
        );
    }
}

pub fn seeded(as_json: bool, recovery_key: &str, passphrase: &str) {
    if as_json {
        json(&serde_json::json!({ "recovery_key": recovery_key }));
        return;
    }
    println!("Vault written. Every user's passphrase: {passphrase}");
    println!("Recovery key: {recovery_key}");
}

fn cell(case: &homeward_core::api::cases::CaseView, key: &str) -> String {
    match case.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

pub fn cases(as_json: bool, cases: &[homeward_core::api::cases::CaseView]) {
    if as_json {
        json(cases);
        return;
    }
    println!(
        "{:<20}  {:<5}  {:<12}  {:<28}  name (Urdu)",
        "case number", "phase", "district", "name"
    );
    for case in cases {
        println!(
            "{:<20}  {:<5}  {:<12}  {:<28}  {}",
            cell(case, "case_number"),
            cell(case, "phase"),
            cell(case, "district"),
            cell(case, "name_latin"),
            cell(case, "name_urdu")
        );
    }
}

pub fn case_page(as_json: bool, page: &homeward_core::api::cases::CasePage) {
    if as_json {
        json(page);
        return;
    }
    cases(false, &page.items);
    println!(
        "page {} · {} of {} cases",
        page.page,
        page.items.len(),
        page.total
    );
}

pub fn case(as_json: bool, case: &homeward_core::api::cases::CaseView) {
    if as_json {
        json(case);
        return;
    }
    for (key, value) in case {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        println!("{key:<30} {text}");
    }
}

pub fn districts(as_json: bool, districts: &[homeward_core::api::cases::DistrictView]) {
    if as_json {
        json(districts);
        return;
    }
    for district in districts {
        println!(
            "{:<4} {:<30} {}",
            district.province_code, district.province, district.name
        );
    }
}

pub fn bench(as_json: bool, report: &homeward_core::bench::BenchReport) {
    if as_json {
        json(report);
        return;
    }
    println!(
        "{} cases, {} audit events, {:.2} GB",
        report.cases,
        report.audit_events,
        report.vault_bytes as f64 / 1e9
    );
    println!(
        "{:<48} {:>4} {:>9} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7} {:>5} {:>7}",
        "operation",
        "runs",
        "p50 ms",
        "p95 ms",
        "floor 50",
        "plain 50",
        "hw/fl",
        "enc/pl",
        "target",
        "stmts",
        "rows"
    );
    let number = |value: Option<f64>, places: usize| {
        value.map_or_else(|| "-".to_owned(), |v| format!("{v:.places$}"))
    };
    for t in &report.timings {
        println!(
            "{:<48} {:>4} {:>9.2} {:>9.2} {:>9} {:>9} {:>7} {:>7} {:>7} {:>5} {:>7}",
            t.operation,
            t.runs,
            t.homeward.p50_ms,
            t.homeward.p95_ms,
            number(t.floor.map(|f| f.p50_ms), 2),
            number(t.plain.map(|p| p.p50_ms), 2),
            number(t.homeward_over_floor, 2),
            number(t.encrypted_over_plain, 2),
            number(t.target_ms, 0),
            t.statements,
            t.rows
        );
    }
    if let Some(peak) = report.peak_rss_mb {
        println!("peak resident memory of this process: {peak:.0} MB");
    }
}

pub fn checked(as_json: bool, view: &homeward_core::api::check::VaultCheckView) {
    if as_json {
        json(view);
        return;
    }
    println!("vault:  {}", if view.intact { "intact" } else { "DAMAGED" });
    for problem in &view.problems {
        println!("  {problem}");
    }
    audit(false, &view.audit);
}

/// Any api answer: pretty JSON for tools and people alike (these records
/// are nested; a table would hide their structure).
pub fn value(_as_json: bool, value: &serde_json::Value) {
    json(value);
}
