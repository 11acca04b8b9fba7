//! `ptm_checksum_explain`: why a checksum does not match, over core's `explain`.

use std::ffi::c_char;

use paytm_checkout::explain::{explain, Mode};

use crate::ffi::to_json;
use crate::key::{ptm_merchant_key, string_with_key};
use crate::ptm_result;

/// `ptm_checksum_explain` mode: the exact bytes are signed (JSON APIs' `body`).
pub const PTM_MODE_STRING: u32 = 0;
/// `ptm_checksum_explain` mode: the parameters are a JSON object signed as a map (callbacks,
/// webhooks, form APIs).
pub const PTM_MODE_MAP: u32 = 1;

/// Diagnoses a checksum: opens it with the key, recomputes the hash of the parameters with the
/// salt found inside and, when they differ, searches for the common mistake that reproduces the
/// checksum's hash (trailing newline, re-serialized JSON, `null` kept as text, URL-damaged
/// checksum, another key...). Every reported cause is proven, none is a guess.
///
/// `mode` is `PTM_MODE_STRING` (exact bytes, JSON APIs) or `PTM_MODE_MAP` (`params` is a JSON
/// object of string or null values); any other number is `PTM_INVALID_ARGUMENT`. A malformed
/// checksum or malformed parameters are not errors: the verdict says so.
///
/// On success `*out_json` receives, to release with `ptm_string_free` (the npm package's
/// `explain` returns the same object):
///
/// ```text
/// {"mode":"string"|"map",
///  "verdict":{"status":"valid"|"mismatch"|"malformed","code":2001,"name":"CHECKSUM_MISMATCH","message":"..."},
///  "salt":"abcd"|null, "hashInChecksum":"<64 hex>"|null, "hashOfParams":"<64 hex>"|null,
///  "hashedString":"...|abcd"|null, "repairedChecksum":"..."|null,
///  "causes":[{"kind":"json_whitespace","message":"...","matched":"..."|null},...]}
/// ```
/// (`code`, `name` and `message` are absent from a valid verdict.) The output never contains the
/// key; `hashedString` and `matched` contain the parameters.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_ARGUMENT`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; `out_json`
/// must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_explain(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    checksum: *const u8,
    checksum_len: usize,
    mode: u32,
    out_json: *mut *mut c_char,
) -> ptm_result {
    let pairs = [(params, params_len), (checksum, checksum_len)];
    // SAFETY: the function's pointer contract.
    unsafe {
        string_with_key(out_json, key, pairs, |key, [params, checksum]| {
            let mode = match mode {
                PTM_MODE_STRING => Mode::String,
                PTM_MODE_MAP => Mode::Map,
                _ => return Err(ptm_result::PTM_INVALID_ARGUMENT),
            };
            to_json!(&explain(key, params, mode, checksum))
        })
    }
}
