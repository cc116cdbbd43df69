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
