//! The sealed stream inside a backup file: AES-256-GCM over chunks of at
//! most [`CHUNK_BYTES`], so a vault of any size is sealed and opened with
//! one chunk in memory.
//!
//! The key is derived per file with HKDF-SHA256 from the database key and
//! a random 32-byte salt, so counter nonces never repeat under one key.
//! Each chunk on disk is a big-endian `u32` (the sealed length, with the
//! top bit set on the last chunk) followed by the sealed bytes. Every
//! chunk's additional data binds the SHA-256 of the file's plain header,
//! the chunk's index and whether it is the last, so a changed header, a
//! reordered, repeated or dropped chunk, a cut-off end or bytes after the
//! end are all refused. No file, SQL or clock in here.

use std::io::{self, Read, Write};

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use ring::hkdf;

use super::DbKey;

/// The plain bytes of one chunk, at most.
pub const CHUNK_BYTES: usize = 1 << 20;
/// The info string of the key derivation: a key for nothing else.
const KEY_INFO: &[u8] = b"homeward backup stream v1";
const LAST_FLAG: u32 = 0x8000_0000;
const TAG_BYTES: usize = 16;

/// Why a stream could not be sealed or opened.
#[derive(Debug)]
pub enum StreamError {
    /// A chunk failed its tag, is out of place, or the stream is cut off
    /// or runs on past its end.
    Refused,
    /// Reading or writing failed.
    Io(io::Error),
    /// The caller's callback stopped the stream (cancel).
    Stopped,
}

impl From<io::Error> for StreamError {
    fn from(err: io::Error) -> Self {
        StreamError::Io(err)
    }
}

/// The per-file key.
pub struct StreamKey(LessSafeKey);

struct KeyLen;

impl hkdf::KeyType for KeyLen {
    fn len(&self) -> usize {
        32
    }
}

impl StreamKey {
    /// Derives the key of one backup file from the database key and its salt.
    pub fn derive(db_key: &DbKey, salt: &[u8; 32]) -> Self {
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(db_key.as_bytes());
        let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
        prk.expand(&[KEY_INFO], KeyLen)
            .and_then(|okm| okm.fill(bytes.as_mut()))
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        let unbound =
            UnboundKey::new(&AES_256_GCM, bytes.as_ref()).expect("AES-256 takes a 32-byte key");
        Self(LessSafeKey::new(unbound))
    }
}

fn nonce(index: u64) -> Nonce {
    let mut bytes = [0u8; 12];
    bytes[4..].copy_from_slice(&index.to_be_bytes());
    Nonce::assume_unique_for_key(bytes)
}

fn additional_data(header_digest: &[u8; 32], index: u64, last: bool) -> [u8; 41] {
    let mut aad = [0u8; 41];
    aad[..32].copy_from_slice(header_digest);
    aad[32..40].copy_from_slice(&index.to_be_bytes());
    aad[40] = u8::from(last);
    aad
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn fill(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

/// Seals all of `input` onto `output`. `on_chunk` receives the plain bytes
/// sealed so far after each chunk and may stop the stream by answering false.
pub fn seal(
    key: &StreamKey,
    header_digest: &[u8; 32],
    mut input: impl Read,
    output: &mut impl Write,
    on_chunk: &mut dyn FnMut(u64) -> bool,
) -> Result<u64, StreamError> {
    let mut current = vec![0u8; CHUNK_BYTES];
    let mut next = vec![0u8; CHUNK_BYTES];
    let mut current_len = fill(&mut input, &mut current)?;
    let mut index = 0u64;
    let mut total = 0u64;
    loop {
        // Read one chunk ahead: a chunk is the last when nothing follows it.
        let next_len = if current_len == CHUNK_BYTES {
            fill(&mut input, &mut next)?
        } else {
            0
        };
        let last = next_len == 0;
        let mut sealed = current[..current_len].to_vec();
        key.0
            .seal_in_place_append_tag(
                nonce(index),
                Aad::from(additional_data(header_digest, index, last)),
                &mut sealed,
            )
            .map_err(|_| StreamError::Refused)?;
        let mut prefix = sealed.len() as u32;
        if last {
            prefix |= LAST_FLAG;
        }
        output.write_all(&prefix.to_be_bytes())?;
        output.write_all(&sealed)?;
        total += current_len as u64;
        if !on_chunk(total) {
            return Err(StreamError::Stopped);
        }
        if last {
            return Ok(total);
        }
        std::mem::swap(&mut current, &mut next);
        current_len = next_len;
        index += 1;
    }
}

/// Opens a sealed stream from `input` onto `output`, refusing any chunk
/// out of place and anything after the last chunk. Bytes reach `output`
/// only after their chunk's tag is checked; a refusal part-way leaves the
/// caller to discard what was written.
pub fn open(
    key: &StreamKey,
    header_digest: &[u8; 32],
    mut input: impl Read,
    output: &mut impl Write,
    on_chunk: &mut dyn FnMut(u64) -> bool,
) -> Result<u64, StreamError> {
    let mut index = 0u64;
    let mut total = 0u64;
    let mut buf = Vec::with_capacity(CHUNK_BYTES + TAG_BYTES);
    loop {
        let mut prefix = [0u8; 4];
        if fill(&mut input, &mut prefix)? != 4 {
            return Err(StreamError::Refused);
        }
        let prefix = u32::from_be_bytes(prefix);
        let last = prefix & LAST_FLAG != 0;
        let len = (prefix & !LAST_FLAG) as usize;
        if !(TAG_BYTES..=CHUNK_BYTES + TAG_BYTES).contains(&len) {
            return Err(StreamError::Refused);
        }
        buf.resize(len, 0);
        if fill(&mut input, &mut buf)? != len {
            return Err(StreamError::Refused);
        }
        let plain = key
            .0
            .open_in_place(
                nonce(index),
                Aad::from(additional_data(header_digest, index, last)),
                &mut buf,
            )
            .map_err(|_| StreamError::Refused)?;
        // Only the last chunk may be short: anything else is a forged cut.
        if !last && plain.len() != CHUNK_BYTES {
            return Err(StreamError::Refused);
        }
        output.write_all(plain)?;
        total += plain.len() as u64;
        if !on_chunk(total) {
            return Err(StreamError::Stopped);
        }
        if last {
            let mut extra = [0u8; 1];
            if fill(&mut input, &mut extra)? != 0 {
                return Err(StreamError::Refused);
            }
            return Ok(total);
        }
        index += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> StreamKey {
        StreamKey::derive(&DbKey::from_bytes([byte; 32]), &[7u8; 32])
    }

    fn sealed(plain: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        seal(&key(1), &[9u8; 32], plain, &mut out, &mut |_| true).unwrap();
        out
    }

    fn opened(bytes: &[u8]) -> Result<Vec<u8>, ()> {
        let mut out = Vec::new();
        open(&key(1), &[9u8; 32], bytes, &mut out, &mut |_| true)
            .map(|_| out)
            .map_err(|_| ())
    }

    #[test]
    fn round_trips_at_every_chunk_boundary() {
        for len in [
            0,
            1,
            CHUNK_BYTES - 1,
            CHUNK_BYTES,
            CHUNK_BYTES + 1,
            2 * CHUNK_BYTES,
        ] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            assert_eq!(opened(&sealed(&plain)), Ok(plain), "length {len}");
        }
    }

    #[test]
    fn any_change_cut_or_addition_is_refused() {
        let plain: Vec<u8> = (0..CHUNK_BYTES + 300).map(|i| (i % 13) as u8).collect();
        let good = sealed(&plain);
        let step = good.len() / 97;
        for offset in (0..good.len()).step_by(step.max(1)) {
            let mut bad = good.clone();
            bad[offset] ^= 0x20;
            assert!(opened(&bad).is_err(), "a byte changed at {offset}");
        }
        for cut in [0, 3, 4, 100, CHUNK_BYTES + 20, good.len() - 1] {
            assert!(opened(&good[..cut]).is_err(), "cut to {cut} bytes");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(opened(&longer).is_err(), "a byte after the end");
        let mut other_header = Vec::new();
        assert!(
            open(
                &key(1),
                &[8u8; 32],
                good.as_slice(),
                &mut other_header,
                &mut |_| true
            )
            .is_err(),
            "another header"
        );
        let mut other_key = Vec::new();
        assert!(
            open(
                &key(2),
                &[9u8; 32],
                good.as_slice(),
                &mut other_key,
                &mut |_| true
            )
            .is_err(),
            "another vault's key"
        );
    }

    #[test]
    fn dropping_the_last_chunk_of_a_chunk_aligned_stream_is_refused() {
        let plain = vec![5u8; 2 * CHUNK_BYTES];
        let good = sealed(&plain);
        let first_chunk = 4 + CHUNK_BYTES + TAG_BYTES;
        assert!(opened(&good[..first_chunk]).is_err());
    }

    #[test]
    fn a_callback_can_stop_the_stream() {
        let plain = vec![1u8; 3 * CHUNK_BYTES];
        let mut out = Vec::new();
        let result = seal(
            &key(1),
            &[9u8; 32],
            plain.as_slice(),
            &mut out,
            &mut |done| done < CHUNK_BYTES as u64,
        );
        assert!(matches!(result, Err(StreamError::Stopped)));
    }
}
