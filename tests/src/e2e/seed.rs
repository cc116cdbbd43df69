//! The demo and the generator: the demo holds every role and the
//! fictional cases; the same seed always gives the same vault.

use std::collections::BTreeMap;
use std::sync::Arc;

use homeward_core::api::cases::CaseListQuery;
use homeward_core::api::App;
use homeward_core::seed;
use homeward_tests::*;

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
    seed::demo(&mut app, PASSPHRASE, "2026-11-01").unwrap();
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
    let sup = unlocked(&vault, "ayesha.supervisor", test_clock());
    assert_eq!(sup.list_cases(&CaseListQuery::default()).unwrap().total, 12);
    drop(sup);
    let mentor = unlocked(&vault, "bilal.mentor", test_clock());
    assert_eq!(
        mentor.list_cases(&CaseListQuery::default()).unwrap().total,
        3,
        "a mentor sees only mentees"
    );
}
