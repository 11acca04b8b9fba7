//! C entry points for the lower-level pieces the official Paytm libraries also expose: the
//! `cardInfo` encoding, Paytm's raw text encryption and the checksum's hash. Thin wrappers over
//! `card::CardInfo`, `MerchantKey::encrypt_text`/`decrypt_text` and `checksum::hash`.
//!
//! Outputs that carry secrets (a card number, a CVV, decrypted text) come from core in
//! self-zeroing buffers and are copied once, into the string handed to C (`give_string`);
//! `ptm_string_free` zeroes every string.

use std::ffi::c_char;

use paytm_checkout::api::parse;
use paytm_checkout::card::CardInfo;
use paytm_checkout::checksum::hash;
use paytm_checkout::{MerchantKey, Salt};
use zeroize::Zeroizing;

use crate::ffi::{string_from, utf8};
use crate::key::{ptm_merchant_key, string_with_key};
use crate::ptm_result;

/// A `cardInfo` object, read as `ptm_request_build` reads it.
fn card_info(json: &[u8]) -> Result<CardInfo, ptm_result> {
    Ok(parse("cardInfo", json)?)
}

/// Decrypted text, which must be UTF-8 to cross as a C string.
fn decrypt_text(key: &MerchantKey, encrypted: &[u8]) -> Result<Zeroizing<Vec<u8>>, ptm_result> {
    let plain = key.decrypt_text(encrypted, usize::MAX)?;
    utf8(&plain)?;
    Ok(plain)
}

/// Encodes card details as Paytm's `cardInfo` string for Process Transaction: `|PAN|CVV|MMYYYY`
/// for a new card, `ID||CVV|` for a card saved at Paytm, `||CVV|` for a token card.
/// `ptm_request_build("process_transaction", ...)` does this itself; this is for hosts that build
/// that body some other way.
///
/// `json[0..len]` is one of (the same `cardInfo` object `ptm_request_build` takes):
///
/// ```text
/// {"type":"new","cardNumber":"4111111111111111","cvv":"123","expiry":"122032"}
/// {"type":"saved","savedCardId":"123123","cvv":"123"}
/// {"type":"token","cvv":"123"}
/// ```
/// (`cvv` optional; the number must pass the Luhn check; the expiry is `MMYYYY`.) On success
/// `*out_string` receives the encoded string, to release with `ptm_string_free` (which zeroes
/// it). Errors never contain the card number or CVV.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_PARAMS` (not JSON),
/// `PTM_MISSING_FIELD`, `PTM_INVALID_FIELD`, `PTM_INVALID_CARD_NUMBER`, `PTM_INVALID_CVV`,
/// `PTM_INVALID_EXPIRY`, `PTM_INVALID_CARD_INFO`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `json[0..len]` must be readable (or NULL with length 0) and not modified during the call;
/// `out_string` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_card_info_encode(
    json: *const u8,
    len: usize,
    out_string: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        string_from(out_string, [(json, len)], |[json]| {
            Ok(card_info(json)?.encode())
        })
    }
}

/// Paytm's `encrypt(input, key)`: `base64(AES-CBC(key, Paytm's IV, PKCS7(plaintext)))`, the raw
/// encryption under every checksum. For interoperability only: checksums come from
/// `ptm_checksum_generate`. On success `*out_base64` receives the base64 text, to release with
/// `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; `plaintext[0..len]` must be readable (or
/// NULL with length 0) and not modified during the call; `out_base64` must point to writable
/// storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_text_encrypt(
    key: *const ptm_merchant_key,
    plaintext: *const u8,
    len: usize,
    out_base64: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        string_with_key(out_base64, key, [(plaintext, len)], |k, [p]| {
            Ok(k.encrypt_text(p))
        })
    }
}

/// Paytm's `decrypt(encrypted, key)`, the inverse of `ptm_text_encrypt`: strict padded base64,
/// AES-CBC, PKCS7. On success `*out_text` receives the plaintext as a NUL-terminated string, to
/// release with `ptm_string_free` (which zeroes it). Like the npm package's `decrypt`, the
/// plaintext must be UTF-8 text.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`,
/// `PTM_CHECKSUM_ENCODING` (not base64), `PTM_CHECKSUM_LENGTH` (not whole AES blocks),
/// `PTM_CHECKSUM_PADDING` (another key's, or corrupted), `PTM_INVALID_UTF8` (the plaintext),
/// `PTM_INVALID_ARGUMENT` (the plaintext contains a NUL byte).
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; `encrypted[0..len]` must be readable (or
/// NULL with length 0) and not modified during the call; `out_text` must point to writable
/// storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_text_decrypt(
    key: *const ptm_merchant_key,
    encrypted: *const u8,
    len: usize,
    out_text: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        string_with_key(out_text, key, [(encrypted, len)], |k, [e]| {
            decrypt_text(k, e)
        })
    }
}

/// Paytm's `calculateHash(params, salt)`: `hex(sha256(params + "|" + salt)) + salt`, the
/// plaintext inside a checksum (68 characters). No key is involved and the result holds no
/// secret; for diagnostics and interoperability. `salt[0..salt_len]` is exactly 4 ASCII bytes.
/// On success `*out_string` receives it, to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_SALT`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// Every (pointer, length) pair must describe readable memory (or be NULL with length 0) that is
/// not modified during the call; `out_string` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_hash(
    params: *const u8,
    params_len: usize,
    salt: *const u8,
    salt_len: usize,
    out_string: *mut *mut c_char,
) -> ptm_result {
    let pairs = [(params, params_len), (salt, salt_len)];
    // SAFETY: the function's pointer contract.
    unsafe {
        string_from(out_string, pairs, |[params, salt]| {
            Ok(hash(params, Salt::new(salt)?))
        })
    }
}
