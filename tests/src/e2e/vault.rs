//! The vault through the api: unlock, wrong passphrase, throttle, the
//! process lock, recovery, passphrase change, slot floor.

use std::sync::Arc;

use chrono::Duration;
use homeward_core::api::dto::*;
use homeward_core::api::{ApiError, App};
use homeward_core::store::open::PLAINTEXT_HEADER;
use homeward_core::store::sidecar::Sidecar;
use homeward_core::store::VaultPaths;
use homeward_tests::*;

fn unlock(app: &mut App, username: &str, passphrase: &str) -> Result<SessionView, ApiError> {
    app.unlock(UnlockInput {
        username: username.into(),
        passphrase: passphrase.into(),
    })
}

#[test]
fn vault_file_is_never_a_plaintext_sqlite_file() {
    let fx = fixture();
    let paths = VaultPaths::new(&fx.vault());
    let bytes = std::fs::read(&paths.database).unwrap();
    assert!(bytes.len() > 4096, "the vault holds pages");
    assert_ne!(
        &bytes[..16],
        PLAINTEXT_HEADER,
        "the vault must be encrypted from byte 0"
    );
}

#[test]
fn wrong_passphrase_fails_before_the_database_is_touched() {
    let fx = fixture();
    let paths = VaultPaths::new(&fx.vault());
    let before = std::fs::metadata(&paths.database)
        .unwrap()
        .modified()
        .unwrap();
    let bytes_before = std::fs::read(&paths.database).unwrap();
    let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    let err = unlock(&mut app, ADMIN, "amber lantern quietly 72").unwrap_err();
    assert_eq!(err.kind(), "wrong_passphrase");
    let err = unlock(&mut app, "nobody.here", PASSPHRASE).unwrap_err();
    assert_eq!(
        err.kind(),
        "wrong_passphrase",
        "an unknown user looks like a wrong passphrase"
    );
    drop(app);
    let after = std::fs::metadata(&paths.database)
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        before, after,
        "the vault file's modification time must not change"
    );
    assert_eq!(
        bytes_before,
        std::fs::read(&paths.database).unwrap(),
        "not one byte changes"
    );
    for suffix in ["vault.db-wal", "vault.db-shm"] {
        assert!(
            !fx.vault().join(suffix).exists(),
            "{suffix} must not appear: the database was opened"
        );
    }
}

#[test]
fn right_passphrase_unlocks_and_lock_closes_everything() {
    let fx = fixture();
    let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    let session = unlock(&mut app, WORKER, PASSPHRASE).unwrap();
    assert_eq!(session.user.role, "case_worker");
    assert!(app.status().unlocked);
    app.lock().unwrap();
    assert!(!app.status().unlocked);
    assert_eq!(
        app.list_users().unwrap_err().kind(),
        "locked",
        "after lock every call answers locked"
    );
    assert!(
        !fx.vault().join("vault.db-wal").exists(),
        "lock folds the WAL into the vault file"
    );
}

#[test]
fn throttle_refuses_even_the_right_passphrase_and_survives_a_restart() {
    let fx = fixture();
    let clock = test_clock();
    let mut app = App::open(&fx.vault(), Arc::new(clock.clone())).unwrap();
    for attempt in 1..=5 {
        let err = unlock(&mut app, WORKER, "not the passphrase at all").unwrap_err();
        assert_eq!(
            err.kind(),
            "wrong_passphrase",
            "attempt {attempt} is only wrong"
        );
    }
    let err = unlock(&mut app, WORKER, PASSPHRASE).unwrap_err();
    assert_eq!(
        err,
        ApiError::Throttled { seconds: 30 },
        "after five failures even the right passphrase waits"
    );
    drop(app);

    clock.advance(Duration::seconds(10));
    let mut app = App::open(&fx.vault(), Arc::new(clock.clone())).unwrap();
    let err = unlock(&mut app, WORKER, PASSPHRASE).unwrap_err();
    assert_eq!(
        err,
        ApiError::Throttled { seconds: 20 },
        "the wait survives a restart"
    );
    assert!(
        unlock(&mut app, ADMIN, PASSPHRASE).is_ok(),
        "other users are not held up"
    );
    app.lock().unwrap();

    clock.advance(Duration::seconds(20));
    let err = unlock(&mut app, WORKER, "still not the passphrase").unwrap_err();
    assert_eq!(err.kind(), "wrong_passphrase");
    let err = unlock(&mut app, WORKER, PASSPHRASE).unwrap_err();
    assert_eq!(
        err,
        ApiError::Throttled { seconds: 60 },
        "the delay doubles with each failure"
    );

    clock.advance(Duration::seconds(60));
    assert!(
        unlock(&mut app, WORKER, PASSPHRASE).is_ok(),
        "after the wait the right passphrase opens"
    );
    app.lock().unwrap();
    let car = Sidecar::read(&VaultPaths::new(&fx.vault()).sidecar).unwrap();
    assert!(car.throttle.is_empty(), "a success forgets the failures");
    assert!(fx.vault().join("vault.db").exists(), "never a wipe");
}

#[test]
fn unknown_users_are_throttled_like_real_ones() {
    let fx = fixture();
    let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    for _ in 0..5 {
        assert_eq!(
            unlock(&mut app, "ghost.user", PASSPHRASE)
                .unwrap_err()
                .kind(),
            "wrong_passphrase"
        );
    }
    assert_eq!(
        unlock(&mut app, "ghost.user", PASSPHRASE)
            .unwrap_err()
            .kind(),
        "throttled",
        "the throttle must not reveal which usernames exist"
    );
}

#[test]
fn a_second_app_on_the_same_vault_gets_vault_in_use() {
    let fx = fixture();
    let first = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    let second = App::open(&fx.vault(), Arc::new(test_clock()));
    assert_eq!(second.err().map(|e| e.kind()), Some("vault_in_use"));
    drop(first);
    assert!(
        App::open(&fx.vault(), Arc::new(test_clock())).is_ok(),
        "free again once the first closes"
    );
}

#[test]
fn recovery_key_resets_a_forgotten_passphrase_and_nothing_else_does() {
    let fx = fixture();
    let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    let new = "copper kettle morning 404";
    let wrong_key = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";
    let err = app
        .recover(RecoverInput {
            recovery_key: wrong_key.into(),
            username: WORKER.into(),
            new_passphrase: new.into(),
        })
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some("recovery_key"),
        "a wrong recovery key is refused"
    );
    let user = app
        .recover(RecoverInput {
            recovery_key: fx.recovery_key.to_lowercase(),
            username: WORKER.into(),
            new_passphrase: new.into(),
        })
        .unwrap();
    assert_eq!(user.username, WORKER);
    assert_eq!(
        unlock(&mut app, WORKER, PASSPHRASE).unwrap_err().kind(),
        "wrong_passphrase"
    );
    assert!(
        unlock(&mut app, WORKER, new).is_ok(),
        "the new passphrase opens the vault"
    );
    app.lock().unwrap();
    assert!(
        unlock(&mut app, ADMIN, PASSPHRASE).is_ok(),
        "other users keep their passphrase"
    );
}

#[test]
fn changing_a_passphrase_rewrites_only_that_users_slot() {
    let fx = fixture();
    let paths = VaultPaths::new(&fx.vault());
    let before = Sidecar::read(&paths.sidecar).unwrap();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let err = app
        .change_passphrase(ChangePassphraseInput {
            current: PASSPHRASE.into(),
            new: "password1234".into(),
        })
        .unwrap_err();
    assert_eq!((err.kind(), err.field()), ("weak_passphrase", Some("new")));
    let err = app
        .change_passphrase(ChangePassphraseInput {
            current: "not my passphrase".into(),
            new: "copper kettle morning 404".into(),
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("current"));
    app.change_passphrase(ChangePassphraseInput {
        current: PASSPHRASE.into(),
        new: "copper kettle morning 404".into(),
    })
    .unwrap();
    app.lock().unwrap();
    let after = Sidecar::read(&paths.sidecar).unwrap();
    let changed: Vec<_> = before
        .slots
        .iter()
        .filter(|slot| !after.slots.contains(slot))
        .collect();
    assert_eq!(changed.len(), 1, "exactly one slot is rewritten");
    assert_eq!(after.vault_id, before.vault_id);
    assert_eq!(
        unlock(&mut app, WORKER, PASSPHRASE).unwrap_err().kind(),
        "wrong_passphrase"
    );
    assert!(unlock(&mut app, WORKER, "copper kettle morning 404").is_ok());
}

#[test]
fn a_slot_weakened_below_the_iteration_floor_is_refused() {
    let fx = fixture();
    let paths = VaultPaths::new(&fx.vault());
    let mut car = Sidecar::read(&paths.sidecar).unwrap();
    for slot in &mut car.slots {
        slot.iterations = 100_000;
    }
    car.write_atomic(&paths.sidecar).unwrap();
    let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    let err = unlock(&mut app, ADMIN, PASSPHRASE).unwrap_err();
    assert_eq!(
        err.kind(),
        "damaged",
        "a slot below 600,000 iterations is never opened"
    );
}

#[test]
fn only_an_administrator_adds_users_and_names_are_unique() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let input = || AddUserInput {
        username: "new.mentor".into(),
        role: "mentor".into(),
        districts: vec![],
        passphrase: PASSPHRASE.into(),
    };
    assert_eq!(app.add_user(input()).unwrap_err().kind(), "forbidden");
    app.lock().unwrap();
    drop(app);
    let mut app = unlocked(&fx.vault(), ADMIN, test_clock());
    app.add_user(input()).unwrap();
    let err = app.add_user(input()).unwrap_err();
    assert_eq!((err.kind(), err.field()), ("duplicate", Some("username")));
    let names: Vec<_> = app
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(
        names,
        vec![ADMIN, MENTOR, "new.mentor", SUPERVISOR, WORKER, WORKER2]
    );
}

#[test]
fn canaries_stay_out_of_the_vault_wal_shm_and_sidecar_while_open_and_after_lock() {
    let fx = fixture();
    let canaries = ["canarymentorv3", "CanaryDistrictK8"];
    let mut app = unlocked(&fx.vault(), ADMIN, test_clock());
    app.add_user(AddUserInput {
        username: canaries[0].into(),
        role: "mentor".into(),
        districts: vec![canaries[1].into()],
        passphrase: PASSPHRASE.into(),
    })
    .unwrap();
    assert!(
        fx.vault().join("vault.db-wal").exists(),
        "while open the WAL holds the change"
    );
    for canary in canaries.iter().chain([ADMIN, WORKER].iter()) {
        let hits = files_containing(fx.dir.path(), canary.as_bytes());
        assert!(hits.is_empty(), "{canary} readable while open in {hits:?}");
    }
    app.lock().unwrap();
    for canary in canaries.iter().chain([ADMIN, WORKER].iter()) {
        let hits = files_containing(fx.dir.path(), canary.as_bytes());
        assert!(hits.is_empty(), "{canary} readable after lock in {hits:?}");
    }
}
