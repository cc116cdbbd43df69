//! Pseudonyms for a report's case-level table: HMAC-SHA256 (ring) of a
//! case id under a key made for one recipient from the vault's own secret,
//! so a recipient sees the same pseudonym for a case in every period, and
//! two recipients cannot link their tables.

use ring::hmac;

/// HMAC-SHA256 of `data` under `key`.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    let tag = hmac::sign(&key, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(tag.as_ref());
    out
}

/// The key of one recipient: the vault's pseudonym secret keyed on the
/// recipient's name (trimmed, without case).
pub fn recipient_key(secret: &[u8], recipient: &str) -> [u8; 32] {
    let name = recipient.trim().to_lowercase();
    let mut data = b"homeward report recipient v1\0".to_vec();
    data.extend_from_slice(name.as_bytes());
    hmac_sha256(secret, &data)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A case's pseudonym for one recipient: 128 bits, in hex.
pub fn pseudonym(recipient_key: &[u8; 32], case_id: &str) -> String {
    hex(&hmac_sha256(recipient_key, case_id.as_bytes())[..16])
}

/// A short public name of a recipient key, for the manifest: it tells two
/// exports to the same recipient apart from others without the key.
pub fn key_id(recipient_key: &[u8; 32]) -> String {
    hex(&hmac_sha256(recipient_key, b"key id")[..4])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_known_answers() {
        // RFC 4231, test cases 1 and 2.
        let table: [(&[u8], &[u8], &str); 2] = [
            (
                &[0x0b; 20],
                b"Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
        ];
        for (key, data, expected) in table {
            assert_eq!(hex(&hmac_sha256(key, data)), expected);
        }
    }

    #[test]
    fn pseudonyms_are_stable_per_recipient_and_differ_across_recipients() {
        let secret = [7u8; 32];
        let ministry = recipient_key(&secret, "Ministry");
        let again = recipient_key(&secret, "  ministry ");
        let funder = recipient_key(&secret, "Funder");
        let case = "019a0000-0000-7000-8000-000000000001";
        assert_eq!(pseudonym(&ministry, case), pseudonym(&again, case));
        assert_ne!(pseudonym(&ministry, case), pseudonym(&funder, case));
        assert_ne!(pseudonym(&ministry, case), pseudonym(&ministry, "other"));
        assert_eq!(pseudonym(&ministry, case).len(), 32);
        assert_ne!(key_id(&ministry), key_id(&funder));
        // Another vault's secret gives the same recipient other pseudonyms.
        let elsewhere = recipient_key(&[8u8; 32], "Ministry");
        assert_ne!(pseudonym(&ministry, case), pseudonym(&elsewhere, case));
    }
}
