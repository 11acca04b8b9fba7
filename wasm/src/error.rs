//! Errors for JavaScript: every core [`Error`] becomes a real `Error` object carrying core's
//! `code` (a stable name) and `errno` (its number) with core's message, which never contains a
//! key or a parameter value; `errorCodes()` lists them all.
//!
//! The codes, names and messages are core's (`ErrorCode`'s one table); this module only converts.

use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

/// TypeScript declarations the generated `.d.ts` cannot infer. The error-code union is filled in by
/// `scripts/build-wasm.sh` from `errorCodes()` (core's list), so it never goes stale.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/**
 * The stable error names (`error.code`); `errorCodes()` maps each to its number (`error.errno`).
 * scripts/build-wasm.sh replaces `string` below with the union of core's names.
 */
export type ErrorCodeName = string /* @@ERROR_CODE_NAMES@@ */;
/** What every function of this package throws (or rejects with). */
export interface PaytmCheckoutError extends Error {
  /** Stable name, e.g. "INVALID_KEY_LENGTH". */
  code: ErrorCodeName;
  /** Stable number, e.g. 1001. */
  errno: number;
}
"#;

/// A core error as a JS `Error` with `code` and `errno`.
pub(crate) fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    // Setting a property on a fresh Error cannot fail; ignore the Result rather than unwrap.
    let _ = js_sys::Reflect::set(
        &err,
        &JsValue::from_str("code"),
        &JsValue::from_str(e.code().name()),
    );
    let _ = js_sys::Reflect::set(
        &err,
        &JsValue::from_str("errno"),
        &JsValue::from_f64(f64::from(e.code().number())),
    );
    err.into()
}

/// A result for an export: a core error thrown as [`js_error`]'s `Error`.
pub(crate) fn to_js<T>(r: Result<T, Error>) -> Result<T, JsValue> {
    r.map_err(|e| js_error(&e))
}

/// A core error of `code` with this binding's message (which names arguments, never values).
pub(crate) fn err(code: ErrorCode, msg: impl Into<String>) -> Error {
    Error::with_message(code, msg)
}

/// Every error code: its stable name (`error.code`) mapped to its number (`error.errno`).
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "Record<ErrorCodeName, number>")]
pub fn error_codes() -> JsValue {
    let o = js_sys::Object::new();
    for c in ErrorCode::ALL {
        let _ = js_sys::Reflect::set(
            &o,
            &JsValue::from_str(c.name()),
            &JsValue::from_f64(f64::from(c.number())),
        );
    }
    o.into()
}
