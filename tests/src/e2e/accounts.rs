//! Accounts: deactivation closes a user's slot and hands their cases on in
//! one audited step; reassignment alone; the refusals.

use homeward_core::api::dto::{DeactivateUserInput, ReassignInput, UnlockInput};
use homeward_core::api::App;
use homeward_tests::*;

fn register_two_for_worker(fx: &Fixture) -> Vec<String> {
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let mut ids = Vec::new();
    for name in ["Hamza Tariq", "Yusuf Baig"] {
        let view = app
            .register_case(homeward_core::api::cases::CaseInput {
                name_latin: name.into(),
                name_urdu: String::new(),
                gender: "male".into(),
                district: "Quetta".into(),
                custody_track: "released".into(),
                referral_source: "prison_or_probation".into(),
                referral_date: "2026-10-01".into(),
                mentor: Some(MENTOR.into()),
                ..Default::default()
            })
            .unwrap();
        ids.push(view["id"].as_str().unwrap().to_owned());
    }
    app.lock().unwrap();
    ids
}

#[test]
fn a_deactivated_user_cannot_unlock_and_their_cases_move_with_an_audit_trail() {
    let fx = fixture();
    let ids = register_two_for_worker(&fx);
    let mut admin = unlocked(&fx.vault(), ADMIN, test_clock());
    let err = admin
        .deactivate_user(DeactivateUserInput {
            username: WORKER.into(),
            successor: None,
        })
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some("successor"),
        "open cases need a successor"
    );
    let err = admin
        .deactivate_user(DeactivateUserInput {
            username: WORKER.into(),
            successor: Some(MENTOR.into()),
        })
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some("successor"),
        "the successor has the same role"
    );
    let done = admin
        .deactivate_user(DeactivateUserInput {
            username: WORKER.into(),
            successor: Some(WORKER2.into()),
        })
        .unwrap();
    assert_eq!((done.user.active, done.cases_moved), (false, 2));
    let listed = admin.list_users().unwrap();
    assert!(
        listed.iter().any(|u| u.username == WORKER && !u.active),
        "the user's row and history stay"
    );
    admin.lock().unwrap();
    drop(admin);

    let mut app = App::open(&fx.vault(), std::sync::Arc::new(test_clock())).unwrap();
    let err = app
        .unlock(UnlockInput {
            username: WORKER.into(),
            passphrase: PASSPHRASE.into(),
        })
        .unwrap_err();
    assert_eq!(
        err.kind(),
        "wrong_passphrase",
        "a deactivated user's passphrase opens nothing"
    );
    app.unlock(UnlockInput {
        username: WORKER2.into(),
        passphrase: PASSPHRASE.into(),
    })
    .unwrap();
    let page = app.list_cases(&Default::default()).unwrap();
    assert_eq!(page.total, 2, "the successor now holds the cases");
    app.lock().unwrap();
    drop(app);

    let conn = raw_connection(&fx.vault(), ADMIN);
    let moved: Vec<String> = conn
        .prepare("SELECT entity_id FROM audit_events WHERE action = 'case_reassigned' ORDER BY entity_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(moved, expected, "each moved case is in the audit log");
    let deactivations: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_events WHERE action = 'user_deactivated'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(deactivations, 1);
}

#[test]
fn reassigning_a_mentor_moves_their_mentees() {
    let fx = fixture();
    register_two_for_worker(&fx);
    let mut admin = unlocked(&fx.vault(), ADMIN, test_clock());
    let err = admin
        .reassign_user(ReassignInput {
            from: MENTOR.into(),
            to: WORKER2.into(),
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("to"), "mentees go to another mentor");
    let err = admin
        .deactivate_user(DeactivateUserInput {
            username: ADMIN.into(),
            successor: None,
        })
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some("username"),
        "an administrator cannot lock themselves out"
    );
    admin
        .add_user(homeward_core::api::dto::AddUserInput {
            username: "mentor2.fixture".into(),
            role: "mentor".into(),
            districts: vec![],
            passphrase: PASSPHRASE.into(),
        })
        .unwrap();
    let done = admin
        .reassign_user(ReassignInput {
            from: MENTOR.into(),
            to: "mentor2.fixture".into(),
        })
        .unwrap();
    assert_eq!(done.cases_moved, 2);
    admin.lock().unwrap();
    drop(admin);
    let old = unlocked(&fx.vault(), MENTOR, test_clock());
    assert_eq!(
        old.list_cases(&Default::default()).unwrap().total,
        0,
        "the old mentor no longer sees them"
    );
}
