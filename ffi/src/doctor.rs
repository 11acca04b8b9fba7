//! `ptm_doctor`: the diagnosis of a merchant configuration, over core's `doctor`.

use std::ffi::c_char;

use paytm_checkout::doctor::{diagnose, DoctorInput};

use crate::ffi::string_from;
use crate::ptm_result;

/// The diagnosis of a configuration given as JSON, as JSON.
fn doctor_json(json: &[u8]) -> Result<String, ptm_result> {
    Ok(diagnose(&DoctorInput::from_json(json)?).to_json())
}

/// Diagnoses a merchant configuration (docs/doctor.md): `json[0..json_len]` is a UTF-8 JSON
/// object with `environment` (`"staging"` or `"production"`) and any of `mid`, `merchantKey`,
/// `hosts`, `websiteName`, `callbackUrl`, `clientId`, `clientSecret`, `orderId`, `custId`,
/// `amount`, `callback` (`{"body": "...", "url": "..."}`) and `response`
/// (`{"respCode": "...", "body": "..."}`). Pure logic: nothing is sent anywhere.
///
/// On success `*out_json` receives the report, to release with `ptm_string_free` (the npm
/// package's `doctor` returns the same object):
///
/// ```text
/// {"clean":false,
///  "findings":[{"code":"key_length","severity":"error"|"warning"|"info","field":"merchantKey",
///               "fix":"...","detail":"15 bytes"},...]}
/// ```
/// (`detail` is absent when there is none.) A configuration with problems is a report, not an
/// error. The report never contains the merchant key or the client secret.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_PARAMS` (not JSON),
/// `PTM_INVALID_FIELD` (an unknown member, a member of the wrong type, not an object),
/// `PTM_MISSING_FIELD` (no `environment`); `ptm_last_error_message` names the member, never its
/// value.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `json` must describe readable memory of `json_len` bytes (or be NULL with length 0) that is
/// not modified during the call; `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_doctor(
    json: *const u8,
    json_len: usize,
    out_json: *mut *mut c_char,
) -> ptm_result {
    // SAFETY: the function's pointer contract.
    unsafe { string_from(out_json, [(json, json_len)], |[json]| doctor_json(json)) }
}
