//! The session after unlock: the idle lock on the wall clock, what lock
//! leaves behind (no open connection, every call `locked`), and drafts.

use std::process::Command;

use chrono::Duration;
use homeward_core::api::rpc::{call, METHODS};
use homeward_tests::*;
use serde_json::json;

fn exclusive_from_another_process(fx: &Fixture) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_vault-exclusive"))
        .arg(fx.vault())
        .arg(ADMIN)
        .env("HOMEWARD_PASSPHRASE", PASSPHRASE)
        .status()
        .expect("run vault-exclusive")
        .code()
        .unwrap_or(-1)
}

#[test]
fn after_lock_no_connection_stays_open_and_every_call_answers_locked() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    assert_eq!(
        exclusive_from_another_process(&fx),
        3,
        "while unlocked the app holds the database"
    );
    app.lock().unwrap();
    assert_eq!(
        exclusive_from_another_process(&fx),
        0,
        "after lock no connection is open"
    );
    for method in METHODS {
        if matches!(
            *method,
            "status" | "languages" | "vault_create" | "vault_unlock" | "vault_lock" | "recover"
            // Made for a locked or damaged vault: they read only the plain
            // headers of backup files, or open a backup with its own key.
            | "backup_list" | "backup_verify" | "backup_newest_good" | "backup_restore"
        ) {
            continue;
        }
        let err = call(
            &mut app,
            method,
            json!({"form": "x", "id": "x", "query": "x", "seconds": 60}),
        )
        .expect_err(method);
        assert!(
            matches!(err.kind(), "locked" | "invalid_input"),
            "{method} answers {} after lock",
            err.kind()
        );
        if err.kind() == "invalid_input" {
            let strict = call(&mut app, method, json!({})).unwrap_err();
            assert!(
                matches!(strict.kind(), "locked" | "invalid_input"),
                "{method}"
            );
        }
    }
    assert!(!app.status().unlocked);
}

#[test]
fn idle_lock_follows_the_wall_clock_and_activity_resets_it() {
    let fx = fixture();
    let clock = test_clock();
    let mut app = unlocked(&fx.vault(), WORKER, clock.clone());
    assert_eq!(
        app.status().idle_lock_seconds,
        Some(300),
        "five minutes by default"
    );
    clock.advance(Duration::seconds(299));
    assert!(!app.lock_if_idle().unwrap(), "not before the deadline");
    app.touch().unwrap();
    clock.advance(Duration::seconds(299));
    assert!(!app.lock_if_idle().unwrap(), "activity moved the deadline");
    clock.advance(Duration::seconds(1));
    assert!(app.lock_if_idle().unwrap(), "locks at the deadline");
    assert_eq!(app.list_drafts().unwrap_err().kind(), "locked");

    app.unlock(homeward_core::api::dto::UnlockInput {
        username: WORKER.into(),
        passphrase: PASSPHRASE.into(),
    })
    .unwrap();
    clock.advance(Duration::days(1));
    assert!(
        app.lock_if_idle().unwrap(),
        "a wall-clock jump past the deadline (sleep) locks at once"
    );
}

#[test]
fn the_administrator_sets_a_shorter_idle_time_for_everyone() {
    let fx = fixture();
    let clock = test_clock();
    let mut admin = unlocked(&fx.vault(), ADMIN, clock.clone());
    assert_eq!(
        admin.set_idle_seconds(4).unwrap_err().field(),
        Some("idle_lock_seconds")
    );
    admin.set_idle_seconds(5).unwrap();
    admin.lock().unwrap();
    drop(admin);
    let mut worker = unlocked(&fx.vault(), WORKER, clock.clone());
    assert_eq!(worker.set_idle_seconds(60).unwrap_err().kind(), "forbidden");
    assert_eq!(worker.status().idle_lock_seconds, Some(5));
    clock.advance(Duration::seconds(5));
    assert!(worker.lock_if_idle().unwrap());
}

#[test]
fn a_draft_survives_lock_and_only_its_author_reads_it() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let typed = json!({"name_latin": "Draftcanary Person", "name_urdu": "مسودہ"});
    call(
        &mut app,
        "draft_save",
        json!({"form": "case-form:new", "payload": typed}),
    )
    .unwrap();
    call(
        &mut app,
        "draft_save",
        json!({"form": "case-form:new", "payload": typed}),
    )
    .unwrap();
    assert!(
        files_containing(fx.dir.path(), b"Draftcanary").is_empty(),
        "drafts are encrypted"
    );
    app.lock().unwrap();
    drop(app);

    let mut other = unlocked(&fx.vault(), WORKER2, test_clock());
    assert!(
        other.list_drafts().unwrap().is_empty(),
        "another user sees no draft of mine"
    );
    assert_eq!(
        other.get_draft("case-form:new").unwrap_err().kind(),
        "not_found"
    );
    other.lock().unwrap();
    drop(other);

    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let drafts = app.list_drafts().unwrap();
    assert_eq!(drafts.len(), 1, "one draft per form, offered after unlock");
    assert_eq!(
        app.get_draft("case-form:new").unwrap(),
        typed,
        "exactly what was typed"
    );
    app.discard_draft("case-form:new").unwrap();
    assert!(app.list_drafts().unwrap().is_empty());
    let err = call(
        &mut app,
        "draft_save",
        json!({"form": "bad key!", "payload": {}}),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("form"));
    let huge = "x".repeat(300 * 1024);
    let err = call(
        &mut app,
        "draft_save",
        json!({"form": "f", "payload": huge}),
    )
    .unwrap_err();
    assert_eq!(
        err.field(),
        Some("payload"),
        "oversized drafts are refused, never truncated"
    );
}

#[test]
fn unlock_reports_its_steps_and_a_cancelled_unlock_leaves_the_vault_locked() {
    use homeward_core::api::dto::UnlockInput;
    use homeward_core::api::progress::Progress;
    use std::sync::atomic::AtomicBool;

    let fx = fixture();
    let mut app =
        homeward_core::api::App::open(&fx.vault(), std::sync::Arc::new(test_clock())).unwrap();
    let input = || UnlockInput {
        username: WORKER.into(),
        passphrase: PASSPHRASE.into(),
    };
    for cancel_at in ["unlock.key_slot", "unlock.open_vault", "unlock.check_user"] {
        let cancel = AtomicBool::new(false);
        let mut seen = Vec::new();
        let mut report = |event: homeward_core::api::progress::ProgressEvent| {
            seen.push(event.step);
            if event.step == cancel_at {
                cancel.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        };
        let err = app
            .unlock_with_progress(input(), &mut Progress::new(&mut report, &cancel))
            .unwrap_err();
        assert_eq!(err.kind(), "cancelled", "cancelled at {cancel_at}");
        assert!(
            !app.status().unlocked,
            "a cancelled unlock at {cancel_at} leaves the vault locked"
        );
        assert_eq!(seen.last(), Some(&cancel_at));
    }
    let never = AtomicBool::new(false);
    let mut steps = Vec::new();
    let mut report = |event: homeward_core::api::progress::ProgressEvent| {
        steps.push((event.step, event.done, event.total))
    };
    app.unlock_with_progress(input(), &mut Progress::new(&mut report, &never))
        .unwrap();
    assert_eq!(
        steps,
        vec![
            ("unlock.key_slot", 0, 4),
            ("unlock.open_vault", 1, 4),
            ("unlock.check_user", 2, 4),
            ("unlock.done", 4, 4)
        ]
    );
}

#[test]
fn checking_the_vault_finds_a_damaged_page_and_can_be_cancelled() {
    use homeward_core::api::progress::{Progress, ProgressEvent};
    use std::sync::atomic::{AtomicBool, Ordering};

    let fx = fixture();
    let app = unlocked(&fx.vault(), ADMIN, test_clock());
    let never = AtomicBool::new(false);
    let mut steps = Vec::new();
    let mut report = |e: ProgressEvent| steps.push(e.step);
    let clean = app
        .check_vault(&mut Progress::new(&mut report, &never))
        .unwrap();
    assert!(
        clean.intact,
        "a fresh vault is intact: {:?}",
        clean.problems
    );
    assert_eq!(steps.last(), Some(&"check.done"));
    assert!(steps.contains(&"check.pages") && steps.contains(&"check.audit"));

    let cancel = AtomicBool::new(false);
    let mut report = |e: ProgressEvent| {
        if e.step == "check.pages" {
            cancel.store(true, Ordering::SeqCst);
        }
    };
    let err = app
        .check_vault(&mut Progress::new(&mut report, &cancel))
        .unwrap_err();
    assert_eq!(err.kind(), "cancelled");
    drop(app);

    // Flip a byte inside the second page of the file: its HMAC no longer holds.
    let path = fx.vault().join("vault.db");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[4096 + 100] ^= 0x55;
    std::fs::write(&path, bytes).unwrap();
    let mut app =
        homeward_core::api::App::open(&fx.vault(), std::sync::Arc::new(test_clock())).unwrap();
    match app.unlock(homeward_core::api::dto::UnlockInput {
        username: ADMIN.into(),
        passphrase: PASSPHRASE.into(),
    }) {
        Err(err) => assert_eq!(
            err.kind(),
            "damaged",
            "a damaged page is reported, never shown as valid"
        ),
        Ok(_) => {
            let mut ignore = |_| {};
            let checked = app.check_vault(&mut Progress::new(&mut ignore, &never));
            match checked {
                Ok(view) => assert!(!view.intact, "the damaged page is found"),
                Err(err) => assert_eq!(err.kind(), "damaged"),
            }
        }
    }
}
