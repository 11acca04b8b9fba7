//! TEMPORARY: raw AES-CBC text encryption for the drop-in `PaytmChecksum.encrypt`/`decrypt`.
//!
//! This belongs in core (`paytm_checkout::MerchantKey`), which owns the key schedule and the IV.
//! Wanted API, to replace this file:
//!
//! ```text
//! impl MerchantKey {
//!     /// base64(AES-CBC(key, IV, PKCS7(plaintext))) — Paytm's `encrypt(input, key)`.
//!     pub fn encrypt_text(&self, plaintext: &[u8]) -> String;
//!     /// The inverse; strict base64, ChecksumEncoding / ChecksumLength / ChecksumPadding errors.
//!     pub fn decrypt_text(&self, encrypted: &[u8]) -> Result<Zeroizing<Vec<u8>>>;
//! }
//! ```
//!
//! Until then it is the thinnest possible copy: the same crates and versions core uses, the same
//! fixed IV, the same error codes, and no other logic.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{
    BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit,
};
use base64::Engine as _;
use paytm_checkout::{Error, ErrorCode};
use zeroize::Zeroizing;

/// Paytm's fixed CBC IV (private in core).
const IV: &[u8; 16] = b"@@@@&&&&####$$$$";
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn key_len_err(n: usize) -> Error {
    Error::with_message(
        ErrorCode::InvalidKeyLength,
        format!("merchant key must be 16, 24 or 32 bytes, got {n}"),
    )
}

fn enc<C>(key: &[u8], plain: &[u8]) -> Result<String, Error>
where
    C: BlockCipherEncrypt,
    cbc::Encryptor<C>: KeyIvInit + BlockModeEncrypt,
{
    let e = cbc::Encryptor::<C>::new_from_slices(key, IV).map_err(|_| key_len_err(key.len()))?;
    let mut buf = Zeroizing::new(vec![0u8; (plain.len() / 16 + 1) * 16]);
    buf[..plain.len()].copy_from_slice(plain);
    let ct = e
        .encrypt_padded::<Pkcs7>(&mut buf[..], plain.len())
        .map_err(|_| Error::new(ErrorCode::InputTooLarge))?;
    Ok(B64.encode(ct))
}

fn dec<C>(key: &[u8], raw: &mut [u8]) -> Result<Zeroizing<Vec<u8>>, Error>
where
    C: BlockCipherDecrypt,
    cbc::Decryptor<C>: KeyIvInit + BlockModeDecrypt,
{
    let d = cbc::Decryptor::<C>::new_from_slices(key, IV).map_err(|_| key_len_err(key.len()))?;
    let plain = d
        .decrypt_padded::<Pkcs7>(raw)
        .map_err(|_| Error::new(ErrorCode::ChecksumPadding))?;
    Ok(Zeroizing::new(plain.to_vec()))
}

/// base64(AES-CBC(key, IV, PKCS7(plain))), AES-128/192/256 by key length.
pub fn encrypt(key: &[u8], plain: &[u8]) -> Result<String, Error> {
    match key.len() {
        16 => enc::<aes::Aes128>(key, plain),
        24 => enc::<aes::Aes192>(key, plain),
        32 => enc::<aes::Aes256>(key, plain),
        n => Err(key_len_err(n)),
    }
}

/// The inverse of [`encrypt`]: strict base64, whole blocks, valid padding.
pub fn decrypt(key: &[u8], encrypted: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    if !matches!(key.len(), 16 | 24 | 32) {
        return Err(key_len_err(key.len()));
    }
    let mut raw = Zeroizing::new(B64.decode(encrypted).map_err(|_| {
        Error::with_message(
            ErrorCode::ChecksumEncoding,
            "encrypted text is not valid base64 (standard alphabet, padded, no whitespace)",
        )
    })?);
    if raw.is_empty() || raw.len() % 16 != 0 {
        return Err(Error::with_message(
            ErrorCode::ChecksumLength,
            format!(
                "encrypted text decodes to {} bytes, not a whole number of AES blocks",
                raw.len()
            ),
        ));
    }
    match key.len() {
        16 => dec::<aes::Aes128>(key, &mut raw[..]),
        24 => dec::<aes::Aes192>(key, &mut raw[..]),
        _ => dec::<aes::Aes256>(key, &mut raw[..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        for n in [16, 24, 32] {
            let key = vec![b'k'; n];
            for len in [0, 1, 15, 16, 17, 100] {
                let plain = vec![b'p'; len];
                let c = encrypt(&key, &plain).unwrap();
                assert_eq!(&decrypt(&key, c.as_bytes()).unwrap()[..], &plain[..]);
            }
        }
        let key = b"0123456789abcdef";
        assert_eq!(
            encrypt(b"short", b"x").unwrap_err().code(),
            ErrorCode::InvalidKeyLength
        );
        assert_eq!(
            decrypt(key, b"!!").unwrap_err().code(),
            ErrorCode::ChecksumEncoding
        );
        assert_eq!(
            decrypt(key, b"").unwrap_err().code(),
            ErrorCode::ChecksumLength
        );
        assert_eq!(
            decrypt(key, b"AAAA").unwrap_err().code(),
            ErrorCode::ChecksumLength
        );
    }
}
