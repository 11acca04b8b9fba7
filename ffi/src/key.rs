//! `ptm_merchant_key`: the merchant key, the one way key material enters the library. Checksums,
//! response and callback parsing take it directly; `ptm_credentials_new` takes it for requests
//! and sessions (keeping its own copy of the key schedule).

use std::ffi::c_char;

use paytm_checkout::MerchantKey;

use crate::ffi::{bytes, guard_string, inputs, Out, Pair, StringOut};
use crate::handle;
use crate::panic::guard;
use crate::ptm_result;

/// A merchant key, ready to generate and verify checksums (opaque; create with
/// `ptm_merchant_key_new`, release with `ptm_merchant_key_free`).
///
/// Holds the expanded AES key schedule, which is zeroed when the key is freed. One key may be used
/// from many threads at once.
pub struct ptm_merchant_key {
    key: MerchantKey,
}

handle::handle_type!(ptm_merchant_key, b"ptm_key1");

/// Borrows a key handle, checking NULL and the handle's magic.
///
/// # Safety
/// `key` must be NULL or a pointer returned by `ptm_merchant_key_new` and not yet freed.
pub(crate) unsafe fn key_ref<'a>(
    key: *const ptm_merchant_key,
) -> Result<&'a MerchantKey, ptm_result> {
    // SAFETY: forwarded contract.
    Ok(&unsafe { handle::borrow(key) }?.key)
}

/// An optional key: NULL is `None`, anything else must be a live key.
///
/// # Safety
/// As [`key_ref`].
pub(crate) unsafe fn opt_key_ref<'a>(
    key: *const ptm_merchant_key,
) -> Result<Option<&'a MerchantKey>, ptm_result> {
    if key.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { key_ref(key) }.map(Some)
}

/// [`guard_string`] of a key and `N` (pointer, length) inputs, read in that order after the NULL
/// check of `out`: the body of the exports that make one string with the key (encryption,
/// decryption, the checksum diagnosis).
///
/// # Safety
/// `out` must be NULL or aligned and writable for a pointer; `key` as [`key_ref`]; every pair
/// must describe readable memory (or be NULL with length 0) that is not modified during the call.
pub(crate) unsafe fn string_with_key<T: AsRef<[u8]>, const N: usize>(
    out: *mut *mut c_char,
    key: *const ptm_merchant_key,
    pairs: [Pair; N],
    body: impl FnOnce(&MerchantKey, [&[u8]; N]) -> Result<T, ptm_result>,
) -> ptm_result {
    // SAFETY: the caller's contract (out).
    let out = unsafe { StringOut::new(out) };
    guard_string(out, || {
        // SAFETY: the caller's contract (key and the pairs).
        let (key, inputs) = unsafe { (key_ref(key)?, inputs(pairs)?) };
        body(key, inputs)
    })
}

/// Creates a merchant key from its raw bytes: 16 (AES-128, what Paytm issues), 24 or 32 bytes.
///
/// The bytes are copied into storage that is zeroed when the key is freed; the caller may wipe its
/// own copy as soon as this returns. On success `*out_key` receives a key to release with
/// `ptm_merchant_key_free`; on failure `*out_key` is left untouched. The same key serves
/// checksums, response and callback parsing, and (through `ptm_credentials_new`) requests and
/// sessions.
///
/// Errors: `PTM_NULL_POINTER` (`out_key` NULL, or `key` NULL with a non-zero length),
/// `PTM_INVALID_KEY_LENGTH`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `key` must point to `key_len` readable bytes (or be NULL with `key_len` 0) and `out_key` to
/// writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_merchant_key_new(
    key: *const u8,
    key_len: usize,
    out_key: *mut *mut ptm_merchant_key,
) -> ptm_result {
    // SAFETY: out_key follows the function's pointer contract.
    handle::guard_new(unsafe { Out::new(out_key) }, || {
        // SAFETY: the caller passes `key_len` readable bytes at `key` (or NULL/0).
        let key = MerchantKey::new(unsafe { bytes(key, key_len) }?)?;
        Ok(ptm_merchant_key { key })
    })
}

/// Frees a key made by `ptm_merchant_key_new`, zeroing its key material. NULL is a no-op; a
/// pointer that is recognisably not a key is ignored. Credentials made from the key keep their
/// own copy and stay usable.
///
/// Thread safety: no other thread may use the key during or after this call.
///
/// # Safety
/// `key` must be NULL or a key from `ptm_merchant_key_new` that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ptm_merchant_key_free(key: *mut ptm_merchant_key) {
    // SAFETY: key is NULL or a key from ptm_merchant_key_new handed back by its owner.
    guard((), || unsafe { handle::free(key) })
}
