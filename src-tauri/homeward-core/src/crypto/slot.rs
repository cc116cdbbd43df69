//! Key slots: the database key sealed with AES-256-GCM under a key derived
//! from a passphrase (or the recovery key) with PBKDF2-HMAC-SHA256.
//! A slot knows nothing of users, files or the database.

use std::num::NonZeroU32;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::pbkdf2;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::secret::{random_bytes, DbKey, KEY_LEN};
use super::CryptoError;

/// No slot is created or opened with fewer PBKDF2 iterations than this.
pub const MIN_ITERATIONS: u32 = 600_000;
/// Iterations given to new slots.
pub const DEFAULT_ITERATIONS: u32 = 600_000;
/// Refuse absurd iteration counts in a crafted sidecar (a denial of service).
pub const MAX_ITERATIONS: u32 = 20_000_000;

const SALT_LEN: usize = 16;
const AAD_PREFIX: &[u8] = b"homeward-slot/1";

/// One sealed copy of the database key, as stored in the sidecar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedSlot {
    /// Keyed hash of the username (or `recovery`): how a slot is found.
    pub lookup: String,
    pub iterations: u32,
    /// Base64 of the 16-byte PBKDF2 salt.
    pub salt: String,
    /// Base64 of the 12-byte GCM nonce.
    pub nonce: String,
    /// Base64 of the sealed key and its 16-byte tag.
    pub sealed: String,
}

fn derive_wrapping_key(
    secret: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    if iterations < MIN_ITERATIONS {
        return Err(CryptoError::IterationsBelowFloor);
    }
    if iterations > MAX_ITERATIONS {
        return Err(CryptoError::MalformedSlot);
    }
    let rounds = NonZeroU32::new(iterations).ok_or(CryptoError::IterationsBelowFloor)?;
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        rounds,
        salt,
        secret,
        out.as_mut(),
    );
    Ok(out)
}

fn aad(vault_id: &str, lookup: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(AAD_PREFIX.len() + vault_id.len() + lookup.len() + 2);
    bytes.extend_from_slice(AAD_PREFIX);
    bytes.push(0);
    bytes.extend_from_slice(vault_id.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(lookup.as_bytes());
    bytes
}

fn aead_key(wrapping: &[u8; KEY_LEN]) -> Result<LessSafeKey, CryptoError> {
    let unbound = UnboundKey::new(&AES_256_GCM, wrapping).map_err(|_| CryptoError::Seal)?;
    Ok(LessSafeKey::new(unbound))
}

/// Seals `key` under `secret`; the slot is bound to its vault and lookup.
pub fn seal(
    key: &DbKey,
    secret: &[u8],
    vault_id: &str,
    lookup: &str,
    iterations: u32,
) -> Result<SealedSlot, CryptoError> {
    let salt: [u8; SALT_LEN] = random_bytes()?;
    let nonce_bytes: [u8; NONCE_LEN] = random_bytes()?;
    let wrapping = derive_wrapping_key(secret, &salt, iterations)?;
    let sealing = aead_key(&wrapping)?;
    let mut in_out = key.as_bytes().to_vec();
    sealing
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(aad(vault_id, lookup)),
            &mut in_out,
        )
        .map_err(|_| CryptoError::Seal)?;
    let sealed = super::b64_encode(&in_out);
    zeroize::Zeroize::zeroize(&mut in_out);
    Ok(SealedSlot {
        lookup: lookup.to_owned(),
        iterations,
        salt: super::b64_encode(&salt),
        nonce: super::b64_encode(&nonce_bytes),
        sealed,
    })
}

/// Opens a slot. A wrong secret fails here, at the GCM tag, with
/// [`CryptoError::WrongSecret`], before any database is touched.
pub fn open(slot: &SealedSlot, secret: &[u8], vault_id: &str) -> Result<DbKey, CryptoError> {
    let salt = super::b64_decode(&slot.salt)?;
    let nonce_vec = super::b64_decode(&slot.nonce)?;
    let mut sealed = Zeroizing::new(super::b64_decode(&slot.sealed)?);
    if salt.len() != SALT_LEN || nonce_vec.len() != NONCE_LEN || sealed.len() != KEY_LEN + 16 {
        return Err(CryptoError::MalformedSlot);
    }
    let nonce: [u8; NONCE_LEN] = nonce_vec
        .try_into()
        .map_err(|_| CryptoError::MalformedSlot)?;
    let wrapping = derive_wrapping_key(secret, &salt, slot.iterations)?;
    let opening = aead_key(&wrapping)?;
    let plain = opening
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad(vault_id, &slot.lookup)),
            sealed.as_mut_slice(),
        )
        .map_err(|_| CryptoError::WrongSecret)?;
    let mut bytes = [0u8; KEY_LEN];
    bytes.copy_from_slice(plain);
    Ok(DbKey::from_bytes(bytes))
}

/// Spends the same work as opening a slot, for a name that has none, so a
/// failed unlock takes as long whether or not the user exists.
pub fn spend_equal_work(secret: &[u8]) {
    let _ = derive_wrapping_key(secret, &[0u8; SALT_LEN], DEFAULT_ITERATIONS);
}

#[cfg(test)]
mod tests {
    use super::*;

    const VAULT: &str = "0190b6a4-0000-7000-8000-000000000001";

    #[test]
    fn right_secret_opens_the_slot() {
        let key = DbKey::generate().unwrap();
        let slot = seal(&key, b"a long passphrase", VAULT, "abc", MIN_ITERATIONS).unwrap();
        let opened = open(&slot, b"a long passphrase", VAULT).unwrap();
        assert_eq!(
            opened.as_bytes(),
            key.as_bytes(),
            "the slot must return the sealed key"
        );
    }

    #[test]
    fn refusals_table() {
        let key = DbKey::generate().unwrap();
        let slot = seal(&key, b"a long passphrase", VAULT, "abc", MIN_ITERATIONS).unwrap();
        let mut moved = slot.clone();
        moved.lookup = "other".into();
        let mut weakened = slot.clone();
        weakened.iterations = MIN_ITERATIONS - 1;
        let mut absurd = slot.clone();
        absurd.iterations = MAX_ITERATIONS + 1;
        let mut truncated = slot.clone();
        truncated.sealed = super::super::b64_encode(&[1, 2, 3]);
        let cases: Vec<(&str, SealedSlot, &[u8], &str, CryptoError)> = vec![
            (
                "wrong passphrase",
                slot.clone(),
                b"a long passphrasE",
                VAULT,
                CryptoError::WrongSecret,
            ),
            (
                "slot moved to another vault",
                slot.clone(),
                b"a long passphrase",
                "other-vault",
                CryptoError::WrongSecret,
            ),
            (
                "slot moved to another user",
                moved,
                b"a long passphrase",
                VAULT,
                CryptoError::WrongSecret,
            ),
            (
                "iterations lowered below the floor",
                weakened,
                b"a long passphrase",
                VAULT,
                CryptoError::IterationsBelowFloor,
            ),
            (
                "absurd iterations",
                absurd,
                b"a long passphrase",
                VAULT,
                CryptoError::MalformedSlot,
            ),
            (
                "truncated seal",
                truncated,
                b"a long passphrase",
                VAULT,
                CryptoError::MalformedSlot,
            ),
        ];
        for (rule, slot, secret, vault, expected) in cases {
            let got = open(&slot, secret, vault).map(|_| ()).unwrap_err();
            assert_eq!(got, expected, "{rule}");
        }
    }

    #[test]
    fn sealing_below_the_floor_is_refused() {
        let key = DbKey::generate().unwrap();
        let err = seal(&key, b"x", VAULT, "abc", 1000).unwrap_err();
        assert_eq!(
            err,
            CryptoError::IterationsBelowFloor,
            "no slot below 600,000 iterations"
        );
    }
}
