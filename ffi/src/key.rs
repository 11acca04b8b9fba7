//! `ptm_merchant_key`: the merchant key, the one way key material enters the library. Checksums,
//! response and callback parsing take it directly; `ptm_credentials_new` takes it for requests
//! and sessions (keeping its own copy of the key schedule).

use paytm_checkout::MerchantKey;

use crate::ffi::{bytes, non_null};
use crate::handle;
use crate::panic::{guard, guard_result};
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
    guard_result(|| {
        non_null(out_key)?;
        // SAFETY: the caller passes `key_len` readable bytes at `key` (or NULL/0).
        let raw = unsafe { bytes(key, key_len) }?;
        let key = MerchantKey::new(raw)?;
        // SAFETY: out_key was checked non-null; the caller guarantees it is writable.
        unsafe { handle::give(out_key, ptm_merchant_key { key }) };
        Ok(())
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
