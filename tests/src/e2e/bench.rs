//! The benchmark and what it made faster, on generated vaults: every
//! operation is timed through the api and against the same statements
//! bare on the encrypted copy and on the plain copy, nothing is left
//! behind, a real vault is refused; the home screen shows the most urgent
//! of each list and counts the rest.

use homeward_core::api::dto::UnlockInput;
use homeward_core::api::{ApiError, App};
use homeward_core::bench;
use homeward_tests::{fixture, test_clock, PASSPHRASE};

fn generated(cases: usize) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let mut app = App::open(&vault, std::sync::Arc::new(test_clock())).unwrap();
    homeward_core::seed::generate(&mut app, cases, 5, PASSPHRASE, "2026-11-21").unwrap();
    (dir, app)
}

fn unlock(app: &mut App, username: &str) {
    app.unlock(UnlockInput {
        username: username.into(),
        passphrase: PASSPHRASE.into(),
    })
    .unwrap();
}

const OPERATIONS: [&str; 12] = [
    "unlock (key stretching, open, audit) and lock",
    "case list, first page",
    "case list, first page, district and track",
    "search: part of a Latin name",
    "search: part of an Urdu name",
    "search: two letters",
    "search: case number",
    "open a case with all its tabs",
    "save an assessment (24 domains)",
    "home screen: due, overdue and awaiting",
    "quarterly report (every table protected)",
    "verify the audit chain's first 1,000,000 events",
];

#[test]
fn the_bench_times_every_operation_against_both_copies_and_leaves_nothing_behind() {
    let (dir, mut app) = generated(300);
    let report = bench::run(&mut app, "supervisor", PASSPHRASE, 2).unwrap();
    assert_eq!(report.cases, 300);
    assert!(report.vault_bytes > 0);
    let names: Vec<&str> = report
        .timings
        .iter()
        .map(|t| t.operation.as_str())
        .collect();
    assert_eq!(names, OPERATIONS.to_vec());
    for timing in &report.timings {
        assert!(timing.runs >= 2, "{}", timing.operation);
        assert!(timing.homeward.p50_ms > 0.0, "{}", timing.operation);
        assert!(timing.homeward.p95_ms >= timing.homeward.p50_ms);
        assert!(
            timing.statements > 0,
            "{} ran no statement",
            timing.operation
        );
        assert!(timing.rows > 0, "{} returned nothing", timing.operation);
        if timing.operation.starts_with("unlock") {
            assert!(timing.floor.is_none() && timing.homeward_over_floor.is_none());
            continue;
        }
        let floor = timing.floor.expect("a floor");
        let plain = timing.plain.expect("a plain time");
        assert!(
            floor.p50_ms > 0.0 && plain.p50_ms > 0.0,
            "{}",
            timing.operation
        );
        assert!(timing.homeward_over_floor.unwrap() > 0.0);
        assert!(timing.encrypted_over_plain.unwrap() > 0.0);
    }
    let list = &report.timings[1];
    assert_eq!(list.rows, 50, "the first page holds 50 cases");
    let audit = report.timings.last().unwrap();
    assert!(
        audit.rows as i64 >= report.audit_events,
        "the whole (short) chain was verified"
    );
    // The copies are gone, and the vault was left locked and intact.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["vault".to_owned()]);
    assert!(matches!(
        app.list_cases(&Default::default()),
        Err(ApiError::Locked)
    ));
    unlock(&mut app, "supervisor");
    assert!(app.verify_audit().unwrap().intact);
}

#[test]
fn the_bench_refuses_a_vault_generate_did_not_make() {
    let fixture = fixture();
    let mut app = App::open(&fixture.vault(), std::sync::Arc::new(test_clock())).unwrap();
    let refused = bench::run(&mut app, homeward_tests::SUPERVISOR, PASSPHRASE, 2);
    assert!(
        matches!(refused, Err(ApiError::InvalidInput { field: "vault", .. })),
        "{refused:?}"
    );
    assert!(matches!(
        app.list_cases(&Default::default()),
        Err(ApiError::Locked)
    ));
    let beside: Vec<_> = std::fs::read_dir(fixture.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("bench"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn the_home_screen_shows_the_fifty_most_urgent_of_each_list_and_counts_the_rest() {
    let (_dir, mut app) = generated(1500);
    unlock(&mut app, "supervisor");
    let home = app.home().unwrap();
    let all_reviews = app.reviews_due().unwrap();
    assert!(all_reviews.len() > 50, "{}", all_reviews.len());
    assert_eq!(home.reviews.len(), 50);
    assert_eq!(home.totals.reviews, all_reviews.len().min(200) as i64);
    let shown: Vec<&str> = home.reviews.iter().map(|r| r.case_id.as_str()).collect();
    let first: Vec<&str> = all_reviews[..50]
        .iter()
        .map(|r| r.case_id.as_str())
        .collect();
    assert_eq!(shown, first, "the most overdue come first");
    let all_revisions = app.revisions_due().unwrap();
    assert_eq!(home.revisions.len(), all_revisions.len().min(50));
    assert_eq!(home.totals.revisions, all_revisions.len().min(200) as i64);
    let actions: Vec<_> = home
        .overdue_actions
        .iter()
        .flat_map(|g| g.actions.iter().map(move |a| (&g.organisation, &a.due_on)))
        .collect();
    assert_eq!(actions.len(), 50);
    assert!(home.totals.overdue_actions > 50);
    let mut sorted = actions.clone();
    sorted.sort();
    assert_eq!(actions, sorted, "by organisation, then the longest overdue");
    assert!(home.totals.awaiting_signature >= home.awaiting_signature.len() as i64);
    assert_eq!(home.totals.cap, 200);
    app.lock().unwrap();

    // A case worker's lists are short: the totals are their lengths.
    unlock(&mut app, "gwadar.caseworker");
    let home = app.home().unwrap();
    assert!(home.reviews.len() < 50);
    assert_eq!(home.totals.reviews, home.reviews.len() as i64);
    assert_eq!(home.totals.revisions, home.revisions.len() as i64);
}
