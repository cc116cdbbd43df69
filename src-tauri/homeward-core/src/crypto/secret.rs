//! Secret byte holders that wipe themselves on drop: the database key and
//! the keys derived from passphrases. Nothing here knows about files or SQL.

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::CryptoError;

/// Length of the database key and of every derived wrapping key.
pub const KEY_LEN: usize = 32;

/// The 32 random bytes SQLCipher uses as its raw key. Wiped on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DbKey([u8; KEY_LEN]);

impl DbKey {
    /// A fresh random database key.
    pub fn generate() -> Result<Self, CryptoError> {
        let mut bytes = [0u8; KEY_LEN];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| CryptoError::Random)?;
        Ok(Self(bytes))
    }

    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The key as SQLCipher's raw-key literal `x'…'`, for `ATTACH … KEY`.
    pub(crate) fn sqlcipher_key_literal(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(String::with_capacity(KEY_LEN * 2 + 3));
        hex.push_str("x'");
        for byte in self.0.iter() {
            hex.push(hex_digit(byte >> 4));
            hex.push(hex_digit(byte & 0x0f));
        }
        hex.push('\'');
        hex
    }

    /// The SQL statement that hands this key to SQLCipher as a raw key.
    /// The returned string is wiped when dropped.
    pub(crate) fn sqlcipher_key_pragma(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(String::with_capacity(KEY_LEN * 2 + 24));
        hex.push_str("PRAGMA key = \"x'");
        for byte in self.0.iter() {
            hex.push(hex_digit(byte >> 4));
            hex.push(hex_digit(byte & 0x0f));
        }
        hex.push_str("'\";");
        hex
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}

/// Fills a buffer with random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| CryptoError::Random)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_pragma_is_a_raw_hex_key_of_64_digits() {
        let key = DbKey::from_bytes([0xab; KEY_LEN]);
        let pragma = key.sqlcipher_key_pragma();
        assert_eq!(
            pragma.as_str(),
            format!("PRAGMA key = \"x'{}'\";", "ab".repeat(32)),
            "SQLCipher must get the key as a raw x'' blob, never as a passphrase"
        );
    }

    #[test]
    fn generated_keys_differ() {
        let a = DbKey::generate().unwrap();
        let b = DbKey::generate().unwrap();
        assert_ne!(
            a.as_bytes(),
            b.as_bytes(),
            "two vaults must never share a key"
        );
    }

    #[test]
    fn debug_output_hides_the_key() {
        let key = DbKey::from_bytes([7; KEY_LEN]);
        assert_eq!(
            format!("{key:?}"),
            "DbKey(..)",
            "a key must never reach a log"
        );
    }
}
