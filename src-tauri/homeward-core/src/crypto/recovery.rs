//! The recovery key: 20 random bytes shown once at setup as eight groups of
//! four base32 letters and digits, and parsed back forgivingly.

use data_encoding::BASE32_NOPAD;
use zeroize::Zeroizing;

use super::secret::random_bytes;
use super::CryptoError;

const RECOVERY_LEN: usize = 20;

/// A recovery key as text, wiped on drop.
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    /// A new random recovery key.
    pub fn generate() -> Result<Self, CryptoError> {
        let bytes = Zeroizing::new(random_bytes::<RECOVERY_LEN>()?);
        let plain = Zeroizing::new(BASE32_NOPAD.encode(bytes.as_ref()));
        let mut grouped = Zeroizing::new(String::with_capacity(40));
        for (index, ch) in plain.chars().enumerate() {
            if index > 0 && index % 4 == 0 {
                grouped.push('-');
            }
            grouped.push(ch);
        }
        Ok(Self(grouped))
    }

    /// Parses what a person typed: dashes, spaces and case do not matter.
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let compact: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        let bytes = Zeroizing::new(
            BASE32_NOPAD
                .decode(compact.as_bytes())
                .map_err(|_| CryptoError::MalformedRecoveryKey)?,
        );
        if bytes.len() != RECOVERY_LEN {
            return Err(CryptoError::MalformedRecoveryKey);
        }
        let mut canonical = Zeroizing::new(String::new());
        for (index, ch) in compact.chars().enumerate() {
            if index > 0 && index % 4 == 0 {
                canonical.push('-');
            }
            canonical.push(ch);
        }
        Ok(Self(canonical))
    }

    /// The text shown to the administrator.
    pub fn display(&self) -> &str {
        &self.0
    }

    /// The secret fed to the key derivation: the canonical text form.
    pub(crate) fn secret_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_through_what_a_person_types() {
        let key = RecoveryKey::generate().unwrap();
        assert_eq!(
            key.display().len(),
            39,
            "eight groups of four with seven dashes"
        );
        let typed = key.display().to_lowercase().replace('-', " ");
        let parsed = RecoveryKey::parse(&typed).unwrap();
        assert_eq!(
            parsed.secret_bytes(),
            key.secret_bytes(),
            "case and spacing must not matter"
        );
    }

    #[test]
    fn malformed_recovery_keys_are_refused() {
        for text in ["", "ABCD-EFGH", "!!!!-!!!!-!!!!-!!!!-!!!!-!!!!-!!!!-!!!!"] {
            assert!(
                RecoveryKey::parse(text).is_err(),
                "{text:?} is not a recovery key"
            );
        }
    }
}
