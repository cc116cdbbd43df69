//! The demo and the generator: the demo holds every role and the
//! fictional cases; the same seed always gives the same vault.

use std::collections::BTreeMap;
use std::sync::Arc;

use homeward_core::api::cases::CaseListQuery;
use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_core::seed;
use homeward_tests::*;
use serde_json::json;

fn counts(vault: &std::path::Path) -> BTreeMap<(String, i64, String), usize> {
    let app = unlocked(vault, "supervisor", test_clock());
    let mut out = BTreeMap::new();
    let mut page = 0;
    loop {
        let got = app
            .list_cases(&CaseListQuery {
                page,
                page_size: Some(200),
                ..Default::default()
            })
            .unwrap();
        for case in &got.items {
            let key = (
                case["district"].as_str().unwrap().to_owned(),
                case["phase"].as_i64().unwrap(),
                case["custody_track"].as_str().unwrap().to_owned(),
            );
            *out.entry(key).or_insert(0) += 1;
        }
        if got.items.len() < 200 {
            break;
        }
        page += 1;
    }
    out
}

fn generated(
    cases: usize,
    seed_value: u64,
) -> (tempfile::TempDir, BTreeMap<(String, i64, String), usize>) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let mut app = App::open(&vault, Arc::new(test_clock())).unwrap();
    seed::generate(&mut app, cases, seed_value, PASSPHRASE, "2026-11-01").unwrap();
    drop(app);
    let counted = counts(&vault);
    (dir, counted)
}

#[test]
fn the_same_seed_gives_the_same_vault_and_another_seed_another() {
    let (_a, first) = generated(240, 7);
    let (_b, again) = generated(240, 7);
    let (_c, other) = generated(240, 8);
    assert_eq!(first.values().sum::<usize>(), 240, "every case is written");
    assert_eq!(
        first, again,
        "same seed, same counts per district, phase and custody track"
    );
    assert_ne!(first, other, "another seed spreads the cases differently");
    let districts: std::collections::BTreeSet<_> = first.keys().map(|k| k.0.clone()).collect();
    let tracks: std::collections::BTreeSet<_> = first.keys().map(|k| k.2.clone()).collect();
    assert_eq!(districts.len(), 8, "cases spread over every district");
    assert_eq!(tracks.len(), 9, "and over every custody track");
}

#[test]
fn the_demo_holds_every_role_and_the_fictional_cases() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let mut app = App::open(&vault, Arc::new(test_clock())).unwrap();
    seed::demo(&mut app, PASSPHRASE, "2026-11-21").unwrap();
    drop(app);
    let admin = unlocked(&vault, "admin", test_clock());
    let roles: std::collections::BTreeSet<_> = admin
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.role)
        .collect();
    assert_eq!(roles.len(), 4, "every role is in the demo: {roles:?}");
    drop(admin);
    let mut sup = unlocked(&vault, "ayesha.supervisor", test_clock());
    let page = sup
        .list_cases(&CaseListQuery {
            page_size: Some(50),
            ..CaseListQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 12);
    let phases: std::collections::BTreeSet<i64> = page
        .items
        .iter()
        .map(|c| c["phase"].as_i64().unwrap())
        .collect();
    assert_eq!(phases, (0..=7).collect(), "every phase");
    let due = call(&mut sup, "reviews_due", json!({})).unwrap();
    let standings: std::collections::BTreeSet<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["standing"].as_str().unwrap())
        .collect();
    assert_eq!(
        standings,
        ["due", "overdue"].into_iter().collect(),
        "reviews due and overdue: {due}"
    );
    let mut overridden = 0;
    let mut signed_reviews = 0;
    for case in &page.items {
        let id = json!({"case_id": case["id"]});
        for agreement in call(&mut sup, "case_agreements", id.clone())
            .unwrap()
            .as_array()
            .unwrap()
        {
            overridden += agreement["members"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["positive"] == json!(0) && m["override_by"].is_string())
                .count();
        }
        signed_reviews += call(&mut sup, "case_reviews", id)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["signed_by"].is_string())
            .count();
    }
    assert_eq!(
        overridden, 1,
        "one member admitted by a supervisor's override"
    );
    assert_eq!(signed_reviews, 2, "reviews held on time");
    let mut statuses = std::collections::BTreeSet::new();
    let mut purposes = std::collections::BTreeSet::new();
    let mut disclosures = Vec::new();
    let (mut contacts, mut incidents) = (0, 0);
    for case in &page.items {
        let id = json!({"case_id": case["id"]});
        let referrals = call(&mut sup, "case_referrals", id.clone()).unwrap();
        for referral in referrals["referrals"].as_array().unwrap() {
            statuses.insert(referral["status"].as_str().unwrap().to_owned());
        }
        let intake = call(&mut sup, "case_intake", id.clone()).unwrap();
        for consent in intake["consents"].as_array().unwrap() {
            let by = consent["given_by"].as_str().unwrap();
            purposes.insert(format!("{}:{by}", consent["purpose"].as_str().unwrap()));
        }
        disclosures.extend(
            call(&mut sup, "case_disclosures", id.clone())
                .unwrap()
                .as_array()
                .unwrap()
                .clone(),
        );
        contacts += call(&mut sup, "case_contacts", id.clone())
            .unwrap()
            .as_array()
            .unwrap()
            .len();
        incidents += call(&mut sup, "case_incidents", id)
            .unwrap()
            .as_array()
            .unwrap()
            .len();
    }
    assert_eq!(
        statuses.len(),
        homeward_core::domain::services::REFERRAL_STATUSES.len(),
        "referrals in every status: {statuses:?}"
    );
    for purpose in [
        "participation:participant",
        "assessment:participant",
        "sharing:participant",
        "family_involvement:participant",
        "mentoring:participant",
        "statistics:participant",
        "participation:guardian",
        "sharing:guardian",
    ] {
        assert!(purposes.contains(purpose), "{purpose} in {purposes:?}");
    }
    assert!(
        disclosures
            .iter()
            .any(|d| d["restricted"] == json!(true) && d["countersigned_by"].is_string()),
        "a countersigned disclosure to police"
    );
    assert!(
        contacts >= 3 && incidents >= 2,
        "{contacts} contacts, {incidents} incidents"
    );
    let services = call(&mut sup, "service_find", json!({})).unwrap();
    let services = services.as_array().unwrap();
    let districts: std::collections::BTreeSet<&str> = services
        .iter()
        .map(|s| s["district"].as_str().unwrap())
        .collect();
    assert_eq!(districts.len(), 2, "two districts' maps");
    assert!(services.iter().any(|s| s["risks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["level"] == json!("high") && !r["mitigation"].as_str().unwrap().is_empty())));
    assert!(services.iter().any(|s| s["stale"] == json!(true)));
    drop(sup);
    let mentor = unlocked(&vault, "bilal.mentor", test_clock());
    assert_eq!(
        mentor.list_cases(&CaseListQuery::default()).unwrap().total,
        3,
        "a mentor sees only mentees"
    );
}
