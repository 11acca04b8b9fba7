//! The Paytm checksum: generate and verify, over exact bytes (string mode) or a parameter map.
//!
//! ```text
//! checksum = base64(AES-CBC(key, iv = "@@@@&&&&####$$$$", PKCS7(hex(sha256(params + "|" + salt)) + salt)))
//! ```
//!
//! This module owns the algorithm, the [`MerchantKey`] that runs it and the [`Salt`] it mixes in.
//! It never reads a clock, a file or the environment; the only outside input is the operating
//! system's random generator, used for salts when the caller does not give one.
//!
//! Choices, all proven by tests against Paytm's own Python and Node libraries:
//! - A checksum is always 108 base64 characters (80 ciphertext bytes). Anything that does not decode,
//!   decrypt and unpad to `64 hex digits + 4 ASCII bytes` is *not valid*, with an [`ErrorCode`] that
//!   says why, never a panic. Base64 is decoded strictly (standard alphabet, canonical padding, no
//!   whitespace): Paytm never emits anything else, and a lenient decoder would make two different
//!   strings verify as the same checksum.
//! - Any 4-byte ASCII salt verifies: the official libraries generate alphanumerics, base64 characters
//!   or `!@#$&_`. Generated salts here are alphanumeric.
//! - The hash is compared in constant time; AES is RustCrypto's constant-time implementation (AES-NI
//!   where the CPU has it, fixsliced software otherwise). The key schedule is expanded once per
//!   [`MerchantKey`] and zeroized on drop.

use std::sync::Mutex;

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, InnerIvInit, KeyInit};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, ErrorCode, Result};
use crate::params::Params;

/// Paytm's fixed AES-CBC initialisation vector (Paytm's own libraries expose it as `iv`).
pub const IV: [u8; 16] = *b"@@@@&&&&####$$$$";
/// Length of the hex SHA-256 digest inside a checksum.
const HASH_HEX_LEN: usize = 64;
/// Length of the salt.
pub const SALT_LEN: usize = 4;
/// Plaintext inside every checksum: hex digest + salt.
const PLAIN_LEN: usize = HASH_HEX_LEN + SALT_LEN;
/// Ciphertext length: the plaintext PKCS7-padded to whole AES blocks.
const CIPHER_LEN: usize = (PLAIN_LEN / 16 + 1) * 16;
/// Length of every checksum Paytm or this library produces.
pub const CHECKSUM_LEN: usize = CIPHER_LEN.div_ceil(3) * 4;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A 4-byte ASCII salt.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Salt([u8; SALT_LEN]);

impl Salt {
    /// A salt from exactly 4 ASCII bytes.
    ///
    /// ```
    /// use paytm_checkout::checksum::Salt;
    /// assert!(Salt::new(b"aB3x").is_ok());
    /// assert_eq!(Salt::new(b"abc").unwrap_err().code().number(), 1002);
    /// ```
    pub fn new(bytes: &[u8]) -> Result<Salt> {
        match <[u8; SALT_LEN]>::try_from(bytes) {
            Ok(b) if b.is_ascii() => Ok(Salt(b)),
            _ => Err(Error::new(ErrorCode::InvalidSalt)),
        }
    }

    /// The salt's bytes.
    pub fn as_bytes(&self) -> &[u8; SALT_LEN] {
        &self.0
    }

    /// The salt as text (it is ASCII).
    pub fn as_str(&self) -> &str {
        // Invariant of the type: ASCII, hence UTF-8.
        core::str::from_utf8(&self.0).unwrap_or("????")
    }
}

impl core::fmt::Debug for Salt {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Salt({:?})", self.as_str())
    }
}

/// The expanded AES key schedule for the three key sizes Paytm's libraries accept.
#[derive(Clone)]
enum Cipher {
    Aes128(aes::Aes128),
    Aes192(aes::Aes192),
    Aes256(aes::Aes256),
}

/// Random bytes fetched from the OS in one call (enough for ~60 salts) and handed out a salt at a
/// time, so signing does not cost a system call per checksum.
struct SaltPool {
    buf: [u8; 256],
    pos: usize,
}

impl SaltPool {
    fn empty() -> SaltPool {
        SaltPool {
            buf: [0; 256],
            pos: 256,
        }
    }

    fn next_byte(&mut self) -> Result<u8> {
        if self.pos == self.buf.len() {
            getrandom::fill(&mut self.buf).map_err(|_| Error::new(ErrorCode::RandomUnavailable))?;
            self.pos = 0;
        }
        let b = self.buf[self.pos];
        self.buf[self.pos] = 0;
        self.pos += 1;
        Ok(b)
    }

    fn salt(&mut self) -> Result<Salt> {
        const ALPHABET: &[u8; 62] =
            b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut out = [0u8; SALT_LEN];
        for slot in &mut out {
            // Rejection sampling keeps every character equally likely (248 = 4 * 62).
            let b = loop {
                let b = self.next_byte()?;
                if b < 248 {
                    break b;
                }
            };
            *slot = ALPHABET[usize::from(b % 62)];
        }
        Ok(Salt(out))
    }
}

impl Drop for SaltPool {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}

/// A Paytm merchant key, ready to generate and verify checksums.
///
/// Holds the expanded AES key schedule (zeroized on drop) and a small pool of random bytes for
/// salts. `Send + Sync`: one key can serve many threads.
///
/// ```
/// use paytm_checkout::checksum::{MerchantKey, Salt};
/// let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
/// let body = br#"{"mid":"INTEGR7769XXXXXX9383","orderId":"ORDER_1"}"#;
/// let checksum = key.generate(body)?;
/// assert!(key.verify(body, &checksum));
/// assert!(!key.verify(b"tampered", &checksum));
/// assert_eq!(format!("{key:?}"), "MerchantKey(<redacted, 16 bytes>)");
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub struct MerchantKey {
    cipher: Cipher,
    len: usize,
    salts: Mutex<SaltPool>,
    /// The key that seals saved sessions, derived from the merchant key under its own label
    /// (see [`crate::session`]'s "sealed saves"): never the merchant key itself.
    seal: Zeroizing<[u8; 32]>,
    /// For a 24- or 32-byte key, the key made of its first 16 bytes: what an AES-128-only
    /// library (Paytm's PHP one) silently signs with. Only [`crate::explain`] uses it.
    first_16_bytes: Option<Box<MerchantKey>>,
}

impl MerchantKey {
    /// A key from its raw bytes: 16 (AES-128, what Paytm issues), 24 or 32 bytes.
    pub fn new(key: &[u8]) -> Result<MerchantKey> {
        let cipher = match key.len() {
            16 => Cipher::Aes128(aes::Aes128::new_from_slice(key).map_err(|_| len_err(16))?),
            24 => Cipher::Aes192(aes::Aes192::new_from_slice(key).map_err(|_| len_err(24))?),
            32 => Cipher::Aes256(aes::Aes256::new_from_slice(key).map_err(|_| len_err(32))?),
            n => return Err(len_err(n)),
        };
        Ok(MerchantKey {
            cipher,
            len: key.len(),
            salts: Mutex::new(SaltPool::empty()),
            seal: derive_seal_key(key),
            first_16_bytes: match key.get(..16) {
                Some(first) if key.len() > 16 => Some(Box::new(MerchantKey::new(first)?)),
                _ => None,
            },
        })
    }

    /// For a 24- or 32-byte key, the 16-byte key made of its first 16 bytes (what an
    /// AES-128-only signer uses); `None` for a 16-byte key. For diagnosis only.
    pub(crate) fn first_16_bytes(&self) -> Option<&MerchantKey> {
        self.first_16_bytes.as_deref()
    }

    /// The session-sealing key derived from this merchant key.
    pub(crate) fn seal_key(&self) -> &[u8; 32] {
        &self.seal
    }

    /// The key length in bytes (16, 24 or 32).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Never true: a key has 16, 24 or 32 bytes. Present for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// A fresh random alphanumeric salt.
    pub fn random_salt(&self) -> Result<Salt> {
        let mut pool = self
            .salts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        pool.salt()
    }

    /// Checksum of the exact bytes `params`, with a random salt.
    pub fn generate(&self, params: &[u8]) -> Result<String> {
        Ok(self.generate_with_salt(params, self.random_salt()?))
    }

    /// Checksum of the exact bytes `params` with the given salt: the same inputs always give the
    /// same checksum (what Paytm's `calculateChecksum(params, key, salt)` does).
    pub fn generate_with_salt(&self, params: &[u8], salt: Salt) -> String {
        // Hash and salt: public inputs, no wiping needed (see `check`).
        let mut block = [0u8; CIPHER_LEN];
        hash_into(params, &salt, &mut block[..HASH_HEX_LEN]);
        block[HASH_HEX_LEN..PLAIN_LEN].copy_from_slice(&salt.0);
        let ct = self.encrypt(&mut block[..], PLAIN_LEN);
        // One spare byte: the C library appends its NUL in place instead of reallocating
        // (measured: the realloc was most of the C call's overhead over this function).
        let mut out = String::with_capacity(CHECKSUM_LEN + 1);
        B64.encode_string(ct, &mut out);
        out
    }

    /// Checksum of a parameter map with a random salt (see [`Params::signing_string`]).
    pub fn generate_map(&self, params: &Params) -> Result<String> {
        self.generate(params.signing_string().as_bytes())
    }

    /// Checksum of a parameter map with the given salt.
    pub fn generate_map_with_salt(&self, params: &Params, salt: Salt) -> String {
        self.generate_with_salt(params.signing_string().as_bytes(), salt)
    }

    /// True when `checksum` is a valid checksum of the exact bytes `params` under this key.
    /// Malformed checksums are simply not valid; use [`MerchantKey::check`] to learn why.
    #[must_use]
    pub fn verify(&self, params: &[u8], checksum: impl AsRef<[u8]>) -> bool {
        self.check(params, checksum).is_ok()
    }

    /// True when `checksum` is a valid checksum of the map; a `CHECKSUMHASH` entry in the map is
    /// ignored, as Paytm's libraries do.
    #[must_use]
    pub fn verify_map(&self, params: &Params, checksum: impl AsRef<[u8]>) -> bool {
        self.verify(params.signing_string().as_bytes(), checksum)
    }

    /// Verifies and says why a checksum is not valid: [`ErrorCode::ChecksumMismatch`] when it is
    /// well formed but made over other bytes, or another 2xxx code when it is malformed.
    pub fn check(&self, params: &[u8], checksum: impl AsRef<[u8]>) -> Result<()> {
        let checksum = checksum.as_ref();
        // No `Zeroizing` on these buffers: they hold the hash of the caller's params and the salt,
        // nothing secret (the secret is the key schedule, wiped with the key). Volatile wiping
        // them cost a third of the verification time.
        let mut buf = [0u8; CIPHER_LEN + 1];
        // Fast path, every real checksum: decode and decrypt on the stack, no allocation.
        // Anything else takes `open`, which classifies the failure.
        let opened;
        let (salt, inside): (Salt, &[u8]) = match self.open_on_stack(checksum, &mut buf) {
            Some(pair) => pair,
            None => {
                opened = self.open(checksum)?;
                (opened.salt, opened.hash_hex.as_bytes())
            }
        };
        let mut expected = [0u8; HASH_HEX_LEN];
        hash_into(params, &salt, &mut expected[..]);
        if hex_eq(&expected, inside) {
            Ok(())
        } else {
            Err(Error::new(ErrorCode::ChecksumMismatch))
        }
    }

    /// Opens a well-formed checksum without allocating: `None` for anything that is not
    /// `CHECKSUM_LEN` base64 characters decrypting to a hash and an ASCII salt.
    fn open_on_stack<'b>(
        &self,
        checksum: &[u8],
        buf: &'b mut [u8; CIPHER_LEN + 1],
    ) -> Option<(Salt, &'b [u8])> {
        if checksum.len() != CHECKSUM_LEN {
            return None;
        }
        // The decoder wants room for its length estimate (81 bytes for 108 characters).
        let n = B64.decode_slice(checksum, &mut buf[..]).ok()?;
        if n != CIPHER_LEN {
            return None;
        }
        let plain = self.decrypt(&mut buf[..CIPHER_LEN]).ok()?;
        if plain.len() != PLAIN_LEN || !plain[HASH_HEX_LEN..].is_ascii() {
            return None;
        }
        let salt = Salt(plain[HASH_HEX_LEN..].try_into().ok()?);
        Some((salt, &plain[..HASH_HEX_LEN]))
    }

    /// Map-mode [`MerchantKey::check`].
    pub fn check_map(&self, params: &Params, checksum: impl AsRef<[u8]>) -> Result<()> {
        self.check(params.signing_string().as_bytes(), checksum)
    }

    /// `base64(AES-CBC(key, Paytm's IV, PKCS7(plaintext)))`: the raw encryption under every
    /// checksum (Paytm's `encrypt(input, key)`). Use it only for interoperability; checksums come
    /// from [`MerchantKey::generate`].
    pub fn encrypt_text(&self, plaintext: &[u8]) -> String {
        let msg_len = plaintext.len();
        let mut buf = Zeroizing::new(vec![0u8; (msg_len / 16 + 1) * 16]);
        buf[..msg_len].copy_from_slice(plaintext);
        B64.encode(self.encrypt(&mut buf[..], msg_len))
    }

    /// The inverse of [`MerchantKey::encrypt_text`] (Paytm's `decrypt(encrypted, key)`): strict
    /// base64, then AES-CBC and PKCS7. Errors are the checksum family: `ChecksumEncoding`,
    /// `ChecksumLength`, `ChecksumPadding`. `max_len` bounds the encrypted input (hostile input).
    pub fn decrypt_text(&self, encrypted: &[u8], max_len: usize) -> Result<Zeroizing<Vec<u8>>> {
        let what = |n: usize| format!("encrypted text is {n} bytes long");
        Error::check_size(ErrorCode::ChecksumLength, encrypted.len(), max_len, what)?;
        let mut raw = Zeroizing::new(B64.decode(encrypted).map_err(|_| {
            Error::with_message(
                ErrorCode::ChecksumEncoding,
                "not valid base64 (standard alphabet, padded, no whitespace)",
            )
        })?);
        if raw.is_empty() || raw.len() % 16 != 0 {
            return Err(Error::with_message(
                ErrorCode::ChecksumLength,
                format!(
                    "decodes to {} bytes, not a whole number of AES blocks",
                    raw.len()
                ),
            ));
        }
        let n = self.decrypt(&mut raw[..])?.len();
        raw.truncate(n);
        Ok(raw)
    }

    /// Decrypts a checksum to the hash and salt inside it, without comparing it to anything.
    /// The basis of diagnostics (`paytm-checkout checksum explain`).
    pub fn open(&self, checksum: &[u8]) -> Result<Opened> {
        // A checksum has one length; refusing others early also bounds the work on hostile input.
        let plain = self.decrypt_text(checksum, 4 * CHECKSUM_LEN)?;
        if plain.len() != PLAIN_LEN || !plain[HASH_HEX_LEN..].is_ascii() {
            return Err(Error::with_message(
                ErrorCode::ChecksumContent,
                format!(
                    "checksum decrypts to {} bytes; expected {HASH_HEX_LEN} hex digits and a \
                     {SALT_LEN}-byte ASCII salt",
                    plain.len()
                ),
            ));
        }
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&plain[HASH_HEX_LEN..]);
        Ok(Opened {
            salt: Salt(salt),
            hash_hex: String::from_utf8_lossy(&plain[..HASH_HEX_LEN]).into_owned(),
        })
    }

    /// Encrypts `buf[..msg_len]` in place with PKCS7 padding; `buf` has room for the padding.
    fn encrypt<'a>(&self, buf: &'a mut [u8], msg_len: usize) -> &'a [u8] {
        let iv = (&IV).into();
        let res = match &self.cipher {
            Cipher::Aes128(c) => cbc::Encryptor::<&aes::Aes128>::inner_iv_init(c, iv)
                .encrypt_padded::<Pkcs7>(buf, msg_len),
            Cipher::Aes192(c) => cbc::Encryptor::<&aes::Aes192>::inner_iv_init(c, iv)
                .encrypt_padded::<Pkcs7>(buf, msg_len),
            Cipher::Aes256(c) => cbc::Encryptor::<&aes::Aes256>::inner_iv_init(c, iv)
                .encrypt_padded::<Pkcs7>(buf, msg_len),
        };
        // Every caller sizes the buffer for the padded message.
        match res {
            Ok(ct) => ct,
            Err(_) => unreachable!("buffer sized for the padded plaintext"),
        }
    }

    fn decrypt<'a>(&self, buf: &'a mut [u8]) -> Result<&'a [u8]> {
        let iv = (&IV).into();
        let res =
            match &self.cipher {
                Cipher::Aes128(c) => cbc::Decryptor::<&aes::Aes128>::inner_iv_init(c, iv)
                    .decrypt_padded::<Pkcs7>(buf),
                Cipher::Aes192(c) => cbc::Decryptor::<&aes::Aes192>::inner_iv_init(c, iv)
                    .decrypt_padded::<Pkcs7>(buf),
                Cipher::Aes256(c) => cbc::Decryptor::<&aes::Aes256>::inner_iv_init(c, iv)
                    .decrypt_padded::<Pkcs7>(buf),
            };
        res.map_err(|_| Error::new(ErrorCode::ChecksumPadding))
    }
}

impl Clone for MerchantKey {
    fn clone(&self) -> MerchantKey {
        MerchantKey {
            cipher: self.cipher.clone(),
            len: self.len,
            salts: Mutex::new(SaltPool::empty()),
            seal: self.seal.clone(),
            first_16_bytes: self.first_16_bytes.clone(),
        }
    }
}

impl core::fmt::Debug for MerchantKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "MerchantKey(<redacted, {} bytes>)", self.len)
    }
}

fn len_err(n: usize) -> Error {
    Error::with_message(
        ErrorCode::InvalidKeyLength,
        format!("merchant key must be 16, 24 or 32 bytes, got {n}"),
    )
}

/// What a checksum holds once decrypted.
#[derive(Clone, PartialEq, Eq)]
pub struct Opened {
    /// The salt that was mixed into the hash.
    pub salt: Salt,
    /// The lowercase hex SHA-256 of `params + "|" + salt`, as the signer computed it.
    pub hash_hex: String,
}

impl core::fmt::Debug for Opened {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Opened")
            .field("salt", &self.salt)
            .field("hash_hex", &self.hash_hex)
            .finish()
    }
}

/// Constant-time equality of the expected hex hash and the one inside a checksum: the words are
/// folded with XOR/OR (no data-dependent branch) and only the folded word goes through `subtle`.
/// `subtle`'s slice comparison puts an optimisation barrier on every byte, which made it the
/// single largest cost of verification after SHA-256.
fn hex_eq(expected: &[u8; HASH_HEX_LEN], inside: &[u8]) -> bool {
    if inside.len() != HASH_HEX_LEN {
        return false;
    }
    let mut diff = 0u64;
    for (a, b) in expected.chunks_exact(8).zip(inside.chunks_exact(8)) {
        let word = |c: &[u8]| u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        diff |= word(a) ^ word(b);
    }
    bool::from(diff.ct_eq(&0))
}

/// HMAC-SHA256 keyed with the merchant key over a label of its own: a key for sealing saved
/// sessions that reveals nothing about the merchant key and serves no other purpose.
fn derive_seal_key(key: &[u8]) -> Zeroizing<[u8; 32]> {
    use hmac::{Hmac, Mac as _};
    const LABEL: &[u8] = b"paytm-checkout/session-seal/v1";
    let mut out = Zeroizing::new([0u8; 32]);
    // HMAC takes a key of any length: this cannot fail.
    if let Ok(mut mac) = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key) {
        mac.update(LABEL);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// `hex(sha256(params + "|" + salt)) + salt`: the plaintext of a checksum, what Paytm's libraries
/// call `calculateHash`. It contains no secret.
pub fn hash(params: &[u8], salt: Salt) -> String {
    let mut out = [0u8; PLAIN_LEN];
    hash_into(params, &salt, &mut out[..HASH_HEX_LEN]);
    out[HASH_HEX_LEN..].copy_from_slice(&salt.0);
    // Hex digits and an ASCII salt.
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the 64 lowercase hex digits of `sha256(params | salt)` into `out`.
fn hash_into(params: &[u8], salt: &Salt, out: &mut [u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut h = Sha256::new();
    h.update(params);
    h.update(b"|");
    h.update(salt.0);
    let digest = h.finalize();
    for (i, b) in digest.iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 0x0f)];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> MerchantKey {
        MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap()
    }

    #[test]
    fn lengths() {
        assert_eq!(CIPHER_LEN, 80);
        assert_eq!(CHECKSUM_LEN, 108);
        let c = key().generate(b"").unwrap();
        assert_eq!(c.len(), CHECKSUM_LEN);
    }

    #[test]
    fn key_sizes() {
        for n in [16, 24, 32] {
            let k = MerchantKey::new(&vec![7u8; n]).unwrap();
            assert_eq!(k.len(), n);
            let c = k.generate(b"x").unwrap();
            assert!(k.verify(b"x", &c));
        }
        for n in [0, 1, 15, 17, 23, 25, 31, 33, 64] {
            let e = MerchantKey::new(&vec![7u8; n]).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidKeyLength);
            assert!(e.message().contains(&n.to_string()));
        }
    }

    #[test]
    fn salts_are_alphanumeric_and_vary() {
        let k = key();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let s = k.random_salt().unwrap();
            assert!(s.as_bytes().iter().all(u8::is_ascii_alphanumeric));
            seen.insert(*s.as_bytes());
        }
        assert!(seen.len() > 190, "salts repeat too often: {}", seen.len());
    }

    #[test]
    fn deterministic_with_salt_and_verifiable() {
        let k = key();
        let s = Salt::new(b"Hgd1").unwrap();
        let a = k.generate_with_salt(b"abc", s);
        assert_eq!(a, k.generate_with_salt(b"abc", s));
        assert!(k.verify(b"abc", &a));
        assert_eq!(k.open(a.as_bytes()).unwrap().salt, s);
        assert_eq!(
            k.check(b"abd", &a).unwrap_err().code(),
            ErrorCode::ChecksumMismatch
        );
    }

    #[test]
    fn malformed_checksums_have_codes() {
        let k = key();
        let good = k.generate(b"p").unwrap();
        let code = |c: &[u8]| k.check(b"p", c).unwrap_err().code();
        assert_eq!(code(b""), ErrorCode::ChecksumLength);
        assert_eq!(code(b"!!!!"), ErrorCode::ChecksumEncoding);
        assert_eq!(code(&good.as_bytes()[..104]), ErrorCode::ChecksumLength);
        assert_eq!(code(&good.as_bytes()[..107]), ErrorCode::ChecksumEncoding);
        assert_eq!(
            code(format!("{good}\n").as_bytes()),
            ErrorCode::ChecksumEncoding
        );
        assert_eq!(code(&vec![b'A'; 10_000]), ErrorCode::ChecksumLength);
        let other = MerchantKey::new(b"0123456789abcdef").unwrap();
        // Another key's checksum almost always fails the padding check; when the padding
        // happens to look valid, the layout check catches it.
        let c = other.generate(b"p").unwrap();
        assert!(matches!(
            code(c.as_bytes()),
            ErrorCode::ChecksumPadding | ErrorCode::ChecksumContent
        ));
        // A checksum over 16 bytes of plaintext: decrypts and unpads, but has the wrong layout.
        let short = {
            let mut buf = [0u8; 32];
            buf[..16].copy_from_slice(b"0123456789abcdef");
            let aes = aes::Aes128::new_from_slice(b"PmX#a0x4VpTXRzfK").unwrap();
            let ct = cbc::Encryptor::<aes::Aes128>::inner_iv_init(aes, (&IV).into())
                .encrypt_padded::<Pkcs7>(&mut buf, 16)
                .unwrap()
                .to_vec();
            B64.encode(ct)
        };
        assert_eq!(code(short.as_bytes()), ErrorCode::ChecksumContent);
    }

    #[test]
    fn text_encryption_round_trips_and_underlies_checksums() {
        let k = key();
        for n in [0usize, 1, 15, 16, 17, 68, 1000] {
            let text = vec![b'x'; n];
            let enc = k.encrypt_text(&text);
            assert_eq!(*k.decrypt_text(enc.as_bytes(), usize::MAX).unwrap(), text);
        }
        // A checksum is exactly the encryption of hash + salt.
        let s = Salt::new(b"Hgd1").unwrap();
        assert_eq!(
            k.encrypt_text(hash(b"abc", s).as_bytes()),
            k.generate_with_salt(b"abc", s)
        );
        let code = |c: &[u8]| k.decrypt_text(c, 200).unwrap_err().code();
        assert_eq!(code(b"!!!!"), ErrorCode::ChecksumEncoding);
        assert_eq!(code(b"QUJD"), ErrorCode::ChecksumLength);
        assert_eq!(code(&[b'A'; 201]), ErrorCode::ChecksumLength);
    }

    #[test]
    fn hex_eq_sees_every_byte() {
        let a = [b'a'; HASH_HEX_LEN];
        assert!(hex_eq(&a, &a));
        for i in 0..HASH_HEX_LEN {
            let mut b = a;
            b[i] ^= 1;
            assert!(!hex_eq(&a, &b), "difference at byte {i} missed");
        }
        assert!(!hex_eq(&a, &a[..63]));
        assert!(!hex_eq(&a, &[b'a'; 65]));
    }

    #[test]
    fn hash_matches_layout() {
        let h = hash(b"abc", Salt::new(b"1234").unwrap());
        assert_eq!(h.len(), 68);
        assert!(h.ends_with("1234"));
        let mut d = Sha256::new();
        d.update(b"abc|1234");
        let expect: String = d.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(&h[..64], expect);
    }

    #[test]
    fn debug_never_shows_key() {
        let k = MerchantKey::new(b"SECRETKEY1234567").unwrap();
        let d = format!("{k:?} {:?}", k.clone());
        assert!(!d.contains("SECRET"));
        assert!(d.contains("redacted"));
    }
}
