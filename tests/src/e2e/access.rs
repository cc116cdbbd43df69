//! Access through the api as a table: each role in each relation it can
//! have to a case (assigned, mentee, district, none), against every
//! registered column of a case grouped by view and tier. The expected
//! column is written out here from domain.md, not computed by the rule
//! under test.

use homeward_core::api::cases::{CaseInput, CaseView};
use homeward_core::api::dto::AddUserInput;
use homeward_core::domain::access::{Tier, View};
use homeward_core::store::registry::FIELDS;
use homeward_tests::*;

fn input(name: &str, district: &str, mentor: Option<&str>) -> CaseInput {
    CaseInput {
        name_latin: name.into(),
        name_urdu: "نام".into(),
        gender: "female".into(),
        district: district.into(),
        custody_track: "in_custody".into(),
        referral_source: "court".into(),
        referral_date: "2026-11-05".into(),
        mentor: mentor.map(str::to_owned),
        religion: "christianity".into(),
        sect: "sect text".into(),
        ethnicity: "ethnicity text".into(),
        phone: "0300 1234567".into(),
        ..Default::default()
    }
}

/// Which (view, tier) groups a role in a relation opens, by hand.
fn expected(role_relation: &str, view: View, tier: Tier) -> bool {
    match role_relation {
        "case_worker/assigned" | "supervisor/district" => true,
        "mentor/mentee" => tier <= Tier::T2 && matches!(view, View::Caseload | View::Identity),
        _ => false,
    }
}

#[test]
fn every_role_in_every_relation_sees_exactly_its_views_and_tiers() {
    let fx = fixture();
    let mut admin = unlocked(&fx.vault(), ADMIN, test_clock());
    admin
        .add_user(AddUserInput {
            username: "worker.peshawar".into(),
            role: "case_worker".into(),
            districts: vec!["Peshawar".into()],
            passphrase: PASSPHRASE.into(),
        })
        .unwrap();
    admin.lock().unwrap();
    drop(admin);

    let mut ids = std::collections::BTreeMap::new();
    for (user, name, district, mentor) in [
        (WORKER, "Case Alpha", "Quetta", Some(MENTOR)),
        (WORKER2, "Case Bravo", "Quetta", None),
        ("worker.peshawar", "Case Charlie", "Peshawar", None),
    ] {
        let mut app = unlocked(&fx.vault(), user, test_clock());
        let view = app.register_case(input(name, district, mentor)).unwrap();
        ids.insert(name, view["id"].as_str().unwrap().to_owned());
        app.lock().unwrap();
    }

    // (user, case, role/relation as domain.md names it)
    let table: &[(&str, &str, &str)] = &[
        (WORKER, "Case Alpha", "case_worker/assigned"),
        (WORKER, "Case Bravo", "case_worker/none"),
        (WORKER, "Case Charlie", "case_worker/none"),
        (MENTOR, "Case Alpha", "mentor/mentee"),
        (MENTOR, "Case Bravo", "mentor/none"),
        (SUPERVISOR, "Case Alpha", "supervisor/district"),
        (SUPERVISOR, "Case Bravo", "supervisor/district"),
        (SUPERVISOR, "Case Charlie", "supervisor/none"),
        (ADMIN, "Case Alpha", "administrator/none"),
        (ADMIN, "Case Charlie", "administrator/none"),
    ];
    let case_fields: Vec<_> = FIELDS
        .iter()
        .filter(|f| f.table == "cases" && !matches!(f.column, "seq" | "deleted_at" | "device_id"))
        .collect();
    for (user, case, role_relation) in table {
        let mut app = unlocked(&fx.vault(), user, test_clock());
        let opened: Option<CaseView> = app.open_case(&ids[case]).ok();
        let any_view = View::ALL
            .iter()
            .any(|v| Tier::ALL.iter().any(|t| expected(role_relation, *v, *t)));
        assert_eq!(
            opened.is_some(),
            any_view,
            "{role_relation} opening {case}: exists or not"
        );
        if let Some(view) = opened {
            for field in &case_fields {
                let want = expected(role_relation, field.view.unwrap(), field.tier);
                assert_eq!(
                    view.contains_key(field.column),
                    want,
                    "{role_relation}: {} ({:?}, {:?})",
                    field.column,
                    field.view,
                    field.tier
                );
            }
            let custody = expected(role_relation, View::Custody, Tier::T2);
            assert_eq!(
                view.contains_key("custody_history"),
                custody,
                "{role_relation}: custody history"
            );
        }
        let found = app.search_cases("Case").unwrap().len();
        let listed = app.list_cases(&Default::default()).unwrap().total;
        assert_eq!(
            found as i64, listed,
            "{user}: search and list agree on what exists"
        );
        app.lock().unwrap();
    }
}
