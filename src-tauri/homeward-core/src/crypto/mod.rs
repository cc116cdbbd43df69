//! Cryptography with ring: key slots, keyed lookups of usernames, the
//! recovery key's text form, the audit chain's hashes and head seal, and
//! the sealed stream of backup files.
//! No file, SQL or clock in here.

pub mod audit_hash;
pub mod pseudonym;
pub mod recovery;
pub mod secret;
pub mod slot;
pub mod stream;

use data_encoding::BASE64;
use ring::hmac;

pub use secret::DbKey;

/// Why a cryptographic step failed. Carries no secret and no name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the passphrase or key does not open this slot")]
    WrongSecret,
    #[error("slot iterations are below the 600,000 floor")]
    IterationsBelowFloor,
    #[error("the slot is malformed")]
    MalformedSlot,
    #[error("sealing failed")]
    Seal,
    #[error("the operating system gave no random bytes")]
    Random,
    #[error("the recovery key is not in the expected form")]
    MalformedRecoveryKey,
}

pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

pub(crate) fn b64_decode(text: &str) -> Result<Vec<u8>, CryptoError> {
    BASE64
        .decode(text.as_bytes())
        .map_err(|_| CryptoError::MalformedSlot)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// Normalises a username the same way everywhere: trimmed and lowercased.
pub fn normalise_username(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The keyed hash that finds a user's slot without naming the user:
/// HMAC-SHA256 under the vault's random lookup salt, in hex.
pub fn slot_lookup(lookup_salt: &[u8], username: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, lookup_salt);
    let tag = hmac::sign(&key, normalise_username(username).as_bytes());
    hex(tag.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_spaces_but_not_the_salt() {
        let a = slot_lookup(b"salt-one", "  Amina ");
        assert_eq!(
            a,
            slot_lookup(b"salt-one", "amina"),
            "usernames are case-insensitive"
        );
        assert_ne!(
            a,
            slot_lookup(b"salt-two", "amina"),
            "each vault has its own lookup key"
        );
        assert!(!a.contains("amina"), "the lookup must not hold the name");
        assert_eq!(a.len(), 64);
    }
}
