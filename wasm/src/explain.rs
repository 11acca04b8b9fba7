//! `explain()` (the Node build): why a checksum does not verify, every reported cause proven by
//! core's diagnosis (`paytm_checkout::explain`); here only its arguments and result.

use paytm_checkout::explain::{explain as core_explain, Mode};
use paytm_checkout::ErrorCode;
use wasm_bindgen::prelude::*;

use crate::args::{bounded_string, opt_string_arg, to_plain};
use crate::covered::{checksum_arg, params_map};
use crate::error::{err, to_js};
use crate::key::key_arg;

/// Diagnoses a checksum that does not verify: opens it with the key, recomputes the hash of
/// `params` with the salt inside and searches for the common mistake that reproduces it (trailing
/// newline, re-serialized JSON, "null" kept as text, URL-damaged checksum, another key...). Every
/// reported cause is proven.
///
/// - `params`: a string is checked as its exact bytes (mode "string" by default); an object as a
///   parameter map (mode "map"). `mode: "map"` with a string treats it as a JSON object's text.
/// - Malformed checksums or parameters are a verdict, not an exception; throws a
///   {@link PaytmCheckoutError} only for arguments of the wrong type or a bad key.
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "\"string\" | \"map\"")] mode: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        let key = key_arg(key)?;
        let checksum = checksum_arg(checksum)?;
        let mode_name = opt_string_arg(mode, "mode")?;
        let (text, mode) = match (bounded_string(params, "params")?, mode_name.as_deref()) {
            (Some(s), None | Some("string")) => (s, Mode::String),
            (Some(s), Some("map")) => (s, Mode::Map),
            (None, None | Some("map")) => (params_map(params)?.to_json(), Mode::Map),
            (None, Some("string")) => {
                return Err(err(
                    ErrorCode::InvalidArgument,
                    "mode \"string\" needs params as a string",
                ))
            }
            (_, Some(_)) => {
                return Err(err(
                    ErrorCode::InvalidArgument,
                    "mode must be \"string\" or \"map\"",
                ))
            }
        };
        to_plain(&core_explain(
            &key,
            text.as_bytes(),
            mode,
            checksum.as_bytes(),
        ))
    })())
}
