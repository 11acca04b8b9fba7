//! Parameter maps (map mode): how C's JSON object becomes core's `Params`, and what a map-mode
//! checksum covers (`ptm_params_signing_string`, `ptm_params_joined`).

use std::ffi::c_char;

use paytm_checkout::Params;

use crate::ffi::{string_from, utf8};
use crate::ptm_result;

/// Parses map-mode input: UTF-8 text (`PTM_INVALID_UTF8`) holding a JSON object of string or null
/// values (`PTM_INVALID_PARAMS`).
pub(crate) fn parse_map(json: &[u8]) -> Result<Params, ptm_result> {
    utf8(json)?;
    Params::from_json(json).map_err(ptm_result::from)
}

/// Both exports: `text` of the map in `json_object[0..len]`, written to `out_string`.
///
/// # Safety
/// As the exports.
unsafe fn map_text(
    json_object: *const u8,
    len: usize,
    out_string: *mut *mut c_char,
    text: impl FnOnce(&Params) -> String,
) -> ptm_result {
    // SAFETY: forwarded contract.
    unsafe {
        string_from(out_string, [(json_object, len)], |[json]| {
            Ok(text(&parse_map(json)?))
        })
    }
}

/// What a map-mode checksum covers: the values of the JSON object `json_object[0..len]` (string
/// or null values) sorted by name (byte order) and joined with `|`, null and the text `null` in
/// any letter case as empty, a `CHECKSUMHASH` entry left out. On success `*out_string` receives
/// it, to release with `ptm_string_free`. (`ptm_params_joined` keeps `CHECKSUMHASH`.)
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`, `PTM_INVALID_PARAMS`,
/// `PTM_INVALID_ARGUMENT` (a value containing a NUL character).
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `json_object` must describe readable memory (or be NULL with length 0) that is not modified
/// during the call; `out_string` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_params_signing_string(
    json_object: *const u8,
    len: usize,
    out_string: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe { map_text(json_object, len, out_string, Params::signing_string) }
}

/// Paytm's `getStringByParams`: as `ptm_params_signing_string`, but a `CHECKSUMHASH` entry is
/// joined too, as the official libraries do.
///
/// Errors: as `ptm_params_signing_string`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// As `ptm_params_signing_string`.
#[no_mangle]
pub unsafe extern "C" fn ptm_params_joined(
    json_object: *const u8,
    len: usize,
    out_string: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe { map_text(json_object, len, out_string, Params::joined) }
}
