//! The checksum exports, string mode (exact bytes) and map mode (a JSON object of string or null
//! values): generate (random or given salt), verify (a yes/no verdict) and check (why not).
//!
//! Both modes run through one path ([`generate`], [`read_check`]); only what is signed differs
//! ([`Signed`]). No checksum logic lives here: it is core's `MerchantKey`.

use std::ffi::c_char;

use paytm_checkout::explain::Mode;
use paytm_checkout::{Error, MerchantKey, Params, Salt};

use crate::ffi::{guard_out, inputs, Out, Pair};
use crate::key::{key_ref, ptm_merchant_key, string_with_key};
use crate::panic::guard_result;
use crate::params::parse_map;
use crate::ptm_result;

/// What a checksum covers, read from C's bytes: the bytes themselves (string mode) or the
/// parameter map they hold (map mode).
enum Signed<'a> {
    Bytes(&'a [u8]),
    Map(Params),
}

impl<'a> Signed<'a> {
    /// Map mode parses the bytes (`PTM_INVALID_UTF8`, `PTM_INVALID_PARAMS`).
    fn read(mode: Mode, params: &'a [u8]) -> Result<Signed<'a>, ptm_result> {
        Ok(match mode {
            Mode::String => Signed::Bytes(params),
            Mode::Map => Signed::Map(parse_map(params)?),
        })
    }

    /// A checksum with the given salt, or a fresh random one.
    fn generate(&self, key: &MerchantKey, salt: Option<Salt>) -> Result<String, Error> {
        Ok(match (self, salt) {
            (Signed::Bytes(b), None) => key.generate(b)?,
            (Signed::Bytes(b), Some(salt)) => key.generate_with_salt(b, salt),
            (Signed::Map(p), None) => key.generate_map(p)?,
            (Signed::Map(p), Some(salt)) => key.generate_map_with_salt(p, salt),
        })
    }

    fn verify(&self, key: &MerchantKey, checksum: &[u8]) -> bool {
        match self {
            Signed::Bytes(b) => key.verify(b, checksum),
            Signed::Map(p) => key.verify_map(p, checksum),
        }
    }

    fn check(&self, key: &MerchantKey, checksum: &[u8]) -> Result<(), Error> {
        match self {
            Signed::Bytes(b) => key.check(b, checksum),
            Signed::Map(p) => key.check_map(p, checksum),
        }
    }
}

/// Every generate export: the checksum of `params` in `mode`, with the salt `salt` (a pair) or a
/// random one (`None`), written to `out`.
///
/// # Safety
/// As the exports: live key, readable pairs, writable `out`.
unsafe fn generate(
    key: *const ptm_merchant_key,
    mode: Mode,
    params: Pair,
    salt: Option<Pair>,
    out: *mut *mut c_char,
) -> ptm_result {
    let pairs = [params, salt.unwrap_or((std::ptr::null(), 0))];
    // SAFETY: key, params, salt and out follow the export's pointer contract.
    unsafe {
        string_with_key(out, key, pairs, |key, [params, salt_bytes]| {
            let signed = Signed::read(mode, params)?;
            let salt = salt.map(|_| Salt::new(salt_bytes)).transpose()?;
            Ok(signed.generate(key, salt)?)
        })
    }
}

/// The arguments of the verify and check exports: the key, what is signed and the checksum, read
/// in argument order (the first failure wins).
///
/// # Safety
/// As the exports.
unsafe fn read_check<'a>(
    key: *const ptm_merchant_key,
    mode: Mode,
    params: Pair,
    checksum: Pair,
) -> Result<(&'a MerchantKey, Signed<'a>, &'a [u8]), ptm_result> {
    // SAFETY: forwarded contract.
    let (key, [params, checksum]) = unsafe { (key_ref(key)?, inputs([params, checksum])?) };
    Ok((key, Signed::read(mode, params)?, checksum))
}

/// Every verify export: the verdict in `*out_valid`.
///
/// # Safety
/// As the exports.
unsafe fn verify(
    key: *const ptm_merchant_key,
    mode: Mode,
    params: Pair,
    checksum: Pair,
    out_valid: *mut bool,
) -> ptm_result {
    // SAFETY: out_valid follows the export's pointer contract.
    guard_out(unsafe { Out::new(out_valid) }, || {
        // SAFETY: forwarded contract.
        let (key, signed, checksum) = unsafe { read_check(key, mode, params, checksum)? };
        Ok(signed.verify(key, checksum))
    })
}

/// Every check export: `PTM_OK` or why the checksum is not valid.
///
/// # Safety
/// As the exports.
unsafe fn check(
    key: *const ptm_merchant_key,
    mode: Mode,
    params: Pair,
    checksum: Pair,
) -> ptm_result {
    guard_result(|| {
        // SAFETY: forwarded contract.
        let (key, signed, checksum) = unsafe { read_check(key, mode, params, checksum)? };
        Ok(signed.check(key, checksum)?)
    })
}

/// Generates the checksum of the exact bytes `params[0..params_len]` (string mode: a JSON request
/// body, for example) with a fresh random salt.
///
/// The bytes are signed as they are, whatever their encoding: sign the bytes you send. On success
/// `*out_checksum` receives a NUL-terminated 108-character base64 string to release with
/// `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`,
/// `PTM_RANDOM_UNAVAILABLE`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe { generate(key, Mode::String, (params, params_len), None, out_checksum) }
}

/// Generates the checksum of the exact bytes `params[0..params_len]` with the given salt: exactly
/// 4 ASCII bytes. The same key, bytes and salt always give the same checksum (tests, vectors);
/// production code should use `ptm_checksum_generate`.
///
/// On success `*out_checksum` receives a string to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_SALT`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate_with_salt(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    salt: *const u8,
    salt_len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    let salt = Some((salt, salt_len));
    // SAFETY: the function's pointer contract.
    unsafe { generate(key, Mode::String, (params, params_len), salt, out_checksum) }
}

/// Verifies `checksum` against the exact bytes `params[0..params_len]` (string mode).
///
/// On `PTM_OK`, `*out_valid` is true only for an authentic checksum. A malformed checksum (not
/// base64, wrong length, another key's, empty, huge) is simply not valid: `PTM_OK` with
/// `*out_valid == false`. `ptm_checksum_check` tells why a checksum is not valid.
///
/// Errors (only for misuse): `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_verify(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    checksum: *const u8,
    checksum_len: usize,
    out_valid: *mut bool,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        verify(
            key,
            Mode::String,
            (params, params_len),
            (checksum, checksum_len),
            out_valid,
        )
    }
}

/// Verifies `checksum` against the exact bytes `params[0..params_len]` and says why it is not
/// valid: `PTM_OK` when it is authentic, otherwise a 2xxx code (`PTM_CHECKSUM_MISMATCH` for a
/// well-formed checksum over other bytes, `PTM_CHECKSUM_ENCODING`, `_LENGTH`, `_PADDING` or
/// `_CONTENT` for a malformed one) or a misuse code (`PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`,
/// `PTM_INPUT_TOO_LARGE`). For diagnostics; the verdict is the same as `ptm_checksum_verify`'s.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_check(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    checksum: *const u8,
    checksum_len: usize,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        check(
            key,
            Mode::String,
            (params, params_len),
            (checksum, checksum_len),
        )
    }
}

/// Generates the checksum of a parameter map (callbacks, webhooks, form APIs) with a fresh random
/// salt.
///
/// `json_object[0..len]` is UTF-8 JSON text: an object whose values are strings or null, without
/// duplicate names, for example `{"MID":"M1","ORDERID":"O1","BANKTXNID":null}`. What is signed:
/// the values sorted by name (byte order) joined with `|`, where null and the text `null` in any
/// letter case count as empty and a `CHECKSUMHASH` entry is left out (Paytm's server-side rule).
/// On success `*out_checksum` receives a string to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`,
/// `PTM_INVALID_PARAMS`, `PTM_RANDOM_UNAVAILABLE`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate_map(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe { generate(key, Mode::Map, (json_object, len), None, out_checksum) }
}

/// `ptm_checksum_generate_map` with the given salt (exactly 4 ASCII bytes): deterministic, for
/// tests and vectors.
///
/// Errors: as `ptm_checksum_generate_map`, plus `PTM_INVALID_SALT`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate_map_with_salt(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    salt: *const u8,
    salt_len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    let salt = Some((salt, salt_len));
    // SAFETY: the function's pointer contract.
    unsafe { generate(key, Mode::Map, (json_object, len), salt, out_checksum) }
}

/// Verifies `checksum` against a parameter map given as a JSON object (see
/// `ptm_checksum_generate_map` for the format and the signing rule; a `CHECKSUMHASH` entry in the
/// map is ignored, so a whole callback can be passed as received).
///
/// On `PTM_OK`, `*out_valid` tells whether the checksum is authentic; a malformed checksum is
/// `PTM_OK` with `*out_valid == false`. Malformed *parameters* are an error.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`,
/// `PTM_INVALID_PARAMS`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_verify_map(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    checksum: *const u8,
    checksum_len: usize,
    out_valid: *mut bool,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe {
        verify(
            key,
            Mode::Map,
            (json_object, len),
            (checksum, checksum_len),
            out_valid,
        )
    }
}

/// Map-mode `ptm_checksum_check`: `PTM_OK` when `checksum` is authentic for the map, otherwise the
/// 2xxx code saying why, or an error about the inputs (as `ptm_checksum_verify_map`).
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_check_map(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    checksum: *const u8,
    checksum_len: usize,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe { check(key, Mode::Map, (json_object, len), (checksum, checksum_len)) }
}
