//! Hashes of the audit chain (SHA-256 over the previous hash and the event's
//! fields) and the seal on the chain head kept outside the database.

use ring::{digest, hmac};

use super::secret::DbKey;

/// The `prev_hash` of the first event.
pub const GENESIS: [u8; 32] = [0u8; 32];

/// The fields of one audit event that the chain covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedFields<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub user_id: &'a str,
    pub device_id: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
}

/// SHA-256(prev_hash ‖ seq ‖ each field length-prefixed).
pub fn event_hash(prev_hash: &[u8], fields: &ChainedFields<'_>) -> [u8; 32] {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(b"homeward-audit/1");
    ctx.update(prev_hash);
    ctx.update(&fields.seq.to_be_bytes());
    for part in [
        fields.at,
        fields.user_id,
        fields.device_id,
        fields.action,
        fields.entity,
        fields.entity_id,
    ] {
        ctx.update(&(part.len() as u64).to_be_bytes());
        ctx.update(part.as_bytes());
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// A MAC over the head (sequence and hash) under a key derived from the
/// database key, so the copy in the sidecar cannot be rewritten by someone
/// who does not hold the key.
pub fn head_mac(key: &DbKey, seq: i64, hash_hex: &str) -> String {
    let derived = digest::digest(
        &digest::SHA256,
        &[b"homeward-audit-head/1".as_slice(), key.as_bytes()].concat(),
    );
    let mac_key = hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref());
    let mut message = seq.to_be_bytes().to_vec();
    message.extend_from_slice(hash_hex.as_bytes());
    super::hex(hmac::sign(&mac_key, &message).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(action: &str) -> ChainedFields<'_> {
        ChainedFields {
            seq: 1,
            at: "2026-11-21T10:00:00Z",
            user_id: "u",
            device_id: "d",
            action,
            entity: "user",
            entity_id: "x",
        }
    }

    #[test]
    fn every_field_and_the_previous_hash_change_the_hash() {
        let base = event_hash(&GENESIS, &fields("user_add"));
        assert_ne!(
            base,
            event_hash(&GENESIS, &fields("user_adD")),
            "content is covered"
        );
        assert_ne!(
            base,
            event_hash(&[1u8; 32], &fields("user_add")),
            "the chain link is covered"
        );
        let mut moved = fields("user_add");
        moved.seq = 2;
        assert_ne!(
            base,
            event_hash(&GENESIS, &moved),
            "the sequence number is covered"
        );
        let mut shifted = fields("user_add");
        shifted.entity = "useru";
        shifted.entity_id = "";
        let mut original = fields("user_add");
        original.entity = "user";
        original.entity_id = "u";
        assert_ne!(
            event_hash(&GENESIS, &shifted),
            event_hash(&GENESIS, &original),
            "length prefixes keep field boundaries"
        );
    }
}
