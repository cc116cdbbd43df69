//! The audit chain under tampering: each kind of change made directly in
//! the database is reported, with the sequence number where there is one.

use homeward_core::api::dto::AddUserInput;
use homeward_core::crypto::audit_hash::{event_hash, ChainedFields, GENESIS};
use homeward_core::store::audit::ChainBreak;
use homeward_core::store::sidecar::Sidecar;
use homeward_core::store::VaultPaths;
use homeward_tests::*;
use rusqlite::params;

/// A fixture vault with a few dozen events, locked (head in the sidecar).
fn busy_vault() -> (Fixture, i64) {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), ADMIN, test_clock());
    for index in 0..8 {
        app.add_user(AddUserInput {
            username: format!("user{index:02}"),
            role: "mentor".into(),
            districts: vec![],
            passphrase: PASSPHRASE.into(),
        })
        .unwrap();
    }
    app.lock().unwrap();
    drop(app);
    let car = Sidecar::read(&VaultPaths::new(&fx.vault()).sidecar).unwrap();
    let head = car
        .audit_head
        .expect("lock keeps the head in the sidecar")
        .seq;
    assert!(head > 12, "enough events to tamper with");
    (fx, head)
}

fn verify(fx: &Fixture) -> Option<ChainBreak> {
    let app = unlocked(&fx.vault(), ADMIN, test_clock());
    let report = app.verify_audit().unwrap();
    assert_eq!(report.intact, report.first_break.is_none());
    report.first_break
}

fn rehash_from(conn: &rusqlite::Connection, from: i64) {
    let mut prev: Vec<u8> = if from == 1 {
        GENESIS.to_vec()
    } else {
        conn.query_row(
            "SELECT hash FROM audit_events WHERE seq = ?1",
            [from - 1],
            |r| r.get(0),
        )
        .unwrap()
    };
    let rows: Vec<(i64, String, String, String, String, String, String)> = conn
        .prepare("SELECT seq, at, user_id, device_id, action, entity, entity_id FROM audit_events WHERE seq >= ?1 ORDER BY seq")
        .unwrap()
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (seq, at, user_id, device_id, action, entity, entity_id) in rows {
        let hash = event_hash(
            &prev,
            &ChainedFields {
                seq,
                at: &at,
                user_id: &user_id,
                device_id: &device_id,
                action: &action,
                entity: &entity,
                entity_id: &entity_id,
            },
        );
        conn.execute(
            "UPDATE audit_events SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            params![prev, hash.to_vec(), seq],
        )
        .unwrap();
        prev = hash.to_vec();
    }
}

#[test]
fn an_untouched_chain_verifies() {
    let (fx, _) = busy_vault();
    assert_eq!(verify(&fx), None, "a clean vault's chain is intact");
}

#[test]
fn every_kind_of_tampering_is_reported_at_the_right_event() {
    type Tamper = fn(&rusqlite::Connection, i64);
    type Expected = fn(i64) -> ChainBreak;
    let cases: Vec<(&str, Tamper, Expected)> = vec![
        (
            "a byte flipped in one event",
            |c, _| {
                c.execute(
                    "UPDATE audit_events SET entity_id = substr(entity_id, 1, 3) || 'x' || substr(entity_id, 5) WHERE seq = 7",
                    [],
                )
                .unwrap();
            },
            |_| ChainBreak::ContentChanged { seq: 7 },
        ),
        (
            "one event deleted",
            |c, _| {
                c.execute("DELETE FROM audit_events WHERE seq = 9", [])
                    .unwrap();
            },
            |_| ChainBreak::Missing { seq: 9 },
        ),
        (
            "two events swapped",
            |c, _| {
                c.execute_batch(
                    "UPDATE audit_events SET seq = -1 WHERE seq = 11;
                     UPDATE audit_events SET seq = 11 WHERE seq = 12;
                     UPDATE audit_events SET seq = 12 WHERE seq = -1;",
                )
                .unwrap();
            },
            |_| ChainBreak::LinkBroken { seq: 11 },
        ),
        (
            "the last ten cut off",
            |c, head| {
                c.execute("DELETE FROM audit_events WHERE seq > ?1", [head - 10])
                    .unwrap();
            },
            |head| ChainBreak::CutOff {
                last_seq: head - 9,
                expected_seq: head,
            },
        ),
        (
            "the whole chain recomputed after a change",
            |c, _| {
                c.execute(
                    "UPDATE audit_events SET action = 'user_removed' WHERE seq = 5",
                    [],
                )
                .unwrap();
                rehash_from(c, 1);
            },
            |head| ChainBreak::Recomputed { seq: head },
        ),
    ];
    for (rule, tamper, expected) in cases {
        let (fx, head) = busy_vault();
        let conn = raw_connection(&fx.vault(), ADMIN);
        tamper(&conn, head);
        conn.close().unwrap();
        assert_eq!(verify(&fx), Some(expected(head)), "{rule}");
    }
}

#[test]
fn a_forged_head_in_the_sidecar_is_reported() {
    let (fx, _) = busy_vault();
    let paths = VaultPaths::new(&fx.vault());
    let mut car = Sidecar::read(&paths.sidecar).unwrap();
    let head = car.audit_head.as_mut().unwrap();
    head.seq -= 3;
    car.write_atomic(&paths.sidecar).unwrap();
    assert_eq!(verify(&fx), Some(ChainBreak::HeadSealInvalid));
}
