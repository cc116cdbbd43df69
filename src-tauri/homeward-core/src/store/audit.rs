//! The hash-chained audit log: append an event inside the caller's
//! transaction, read the head, and verify the chain against the head kept
//! in the sidecar. Events hold ids and action names, never names or notes.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::StoreError;
use crate::crypto::audit_hash::{event_hash, ChainedFields, GENESIS};
use crate::crypto::hex;

/// One event as the caller describes it.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub at: &'a str,
    pub user_id: &'a str,
    pub device_id: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
}

/// The newest event's sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

/// Appends one event after the current head; returns the new head.
pub fn append(conn: &Connection, event: &AuditEvent<'_>) -> Result<ChainHead, StoreError> {
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        // A tampered log may end at the largest sequence number: refused,
        // never wrapped round to a negative one.
        Some((seq, hash)) => (
            seq.checked_add(1)
                .ok_or(StoreError::Corrupt("audit sequence"))?,
            hash,
        ),
        None => (1, GENESIS.to_vec()),
    };
    let hash = event_hash(
        &prev,
        &ChainedFields {
            seq,
            at: event.at,
            user_id: event.user_id,
            device_id: event.device_id,
            action: event.action,
            entity: event.entity,
            entity_id: event.entity_id,
        },
    );
    conn.execute(
        "INSERT INTO audit_events (seq, at, user_id, device_id, action, entity, entity_id, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            seq,
            event.at,
            event.user_id,
            event.device_id,
            event.action,
            event.entity,
            event.entity_id,
            prev,
            hash.to_vec()
        ],
    )?;
    Ok(ChainHead {
        seq,
        hash: hex(&hash),
    })
}

/// The current head, or `None` for an empty log.
pub fn head(conn: &Connection) -> Result<Option<ChainHead>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            [],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?)),
        )
        .optional()?
        .map(|(seq, hash)| ChainHead {
            seq,
            hash: hex(&hash),
        }))
}

/// What is wrong with a chain, naming the first event where it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ChainBreak {
    /// The event with this sequence number is missing.
    Missing { seq: i64 },
    /// This event's link to the previous event does not match.
    LinkBroken { seq: i64 },
    /// This event's content does not match its hash.
    ContentChanged { seq: i64 },
    /// Events after `last_seq` up to `expected_seq` were cut off the end.
    CutOff { last_seq: i64, expected_seq: i64 },
    /// The chain was recomputed: the event the sidecar names as its head
    /// has another hash now.
    Recomputed { seq: i64 },
    /// The head kept in the sidecar does not carry a valid seal.
    HeadSealInvalid,
}

/// The outcome of a full verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub events: i64,
    pub head: Option<ChainHead>,
    pub first_break: Option<ChainBreak>,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }
}

/// Walks the whole chain in order. `expected_head` is the head recorded
/// outside the database (already checked for its seal), if any.
pub fn verify(
    conn: &Connection,
    expected_head: Option<&ChainHead>,
) -> Result<ChainReport, StoreError> {
    verify_first(conn, i64::MAX, expected_head)
}

/// [`verify`] over the chain's first `events` events only (the benchmark
/// times a chain of a fixed length).
pub fn verify_first(
    conn: &Connection,
    events: i64,
    expected_head: Option<&ChainHead>,
) -> Result<ChainReport, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, user_id, device_id, action, entity, entity_id, prev_hash, hash
         FROM audit_events ORDER BY seq LIMIT ?1",
    )?;
    let mut rows = stmt.query([events])?;
    let mut expected_seq = 1i64;
    let mut prev: Vec<u8> = GENESIS.to_vec();
    let mut events = 0i64;
    let mut first_break = None;
    let mut hash_at_expected: Option<Vec<u8>> = None;
    let mut last: Option<ChainHead> = None;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let at: String = row.get(1)?;
        let user_id: String = row.get(2)?;
        let device_id: String = row.get(3)?;
        let action: String = row.get(4)?;
        let entity: String = row.get(5)?;
        let entity_id: String = row.get(6)?;
        let prev_hash: Vec<u8> = row.get(7)?;
        let stored: Vec<u8> = row.get(8)?;
        events += 1;
        if first_break.is_none() {
            if seq != expected_seq {
                first_break = Some(ChainBreak::Missing { seq: expected_seq });
            } else if prev_hash != prev {
                first_break = Some(ChainBreak::LinkBroken { seq });
            } else {
                let computed = event_hash(
                    &prev_hash,
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
                if computed.as_slice() != stored.as_slice() {
                    first_break = Some(ChainBreak::ContentChanged { seq });
                }
            }
        }
        if expected_head.map(|h| h.seq) == Some(seq) {
            hash_at_expected = Some(stored.clone());
        }
        prev = stored.clone();
        // No event can follow the largest sequence number (a tampered log
        // may hold it); saturating keeps the walk from overflowing.
        expected_seq = seq.saturating_add(1);
        last = Some(ChainHead {
            seq,
            hash: hex(&stored),
        });
    }
    if first_break.is_none() {
        if let Some(expected) = expected_head {
            let last_seq = last.as_ref().map(|h| h.seq).unwrap_or(0);
            if last_seq < expected.seq {
                first_break = Some(ChainBreak::CutOff {
                    last_seq,
                    expected_seq: expected.seq,
                });
            } else if hash_at_expected.map(|h| hex(&h)) != Some(expected.hash.clone()) {
                first_break = Some(ChainBreak::Recomputed { seq: expected.seq });
            }
        }
    }
    Ok(ChainReport {
        events,
        head: last,
        first_break,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AuditEvent<'static> {
        AuditEvent {
            at: "2026-11-21T09:00:00Z",
            user_id: "u",
            device_id: "d",
            action: "case_registered",
            entity: "cases",
            entity_id: "c",
        }
    }

    /// Found by the `audit` fuzz target: a row at the largest sequence
    /// number overflowed the walk (a panic in a debug build).
    #[test]
    fn a_log_ending_at_the_largest_sequence_number_is_a_break_not_a_panic() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::schema::migrate(&mut conn).unwrap();
        append(&conn, &event()).unwrap();
        conn.execute(
            "INSERT INTO audit_events (seq, at, user_id, device_id, action, entity, entity_id, prev_hash, hash)
             VALUES (?1, 'a', 'u', 'd', 'x', 'e', 'i', x'00', x'00')",
            [i64::MAX],
        )
        .unwrap();
        let report = verify(&conn, None).unwrap();
        assert_eq!(
            report.first_break,
            Some(ChainBreak::Missing { seq: 2 }),
            "the verifier names the gap before the forged last event"
        );
        assert_eq!(report.head.map(|h| h.seq), Some(i64::MAX));
        assert_eq!(
            append(&conn, &event()),
            Err(StoreError::Corrupt("audit sequence")),
            "nothing is appended after the largest sequence number"
        );
    }
}
