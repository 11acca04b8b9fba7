//! Arguments and results of the response parsers and the Session class.
//!
//! Argument checking and conversion only: parsing and the rules are core's.

use js_sys::{JsString, Uint8Array};
use paytm_checkout::response::{ParseOptions, MAX_RESPONSE_BYTES};
use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::{err, json_arg, type_name};

/// Plain JS data from JSON text core produced: `JSON.parse`, which gives exactly the C library's
/// JSON shape (same members, `null`s, plain objects, numbers).
///
/// Not serde-wasm-bindgen, on purpose (measured, see the package README): core already
/// serializes these types to JSON for the C library, so this costs no extra code in the .wasm,
/// while serde-wasm-bindgen instantiates a second serializer for every response type (+27 KB raw
/// in the web build for Process Transaction alone) and is slower on these objects (one JS call per
/// member vs one `JSON.parse`).
pub(crate) fn plain_json(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text)
        .map_err(|_| err(ErrorCode::InvalidArgument, "result could not be converted"))
}

/// A response or callback body: a string (its UTF-8 bytes) or a Uint8Array (the bytes as
/// received, which may be invalid UTF-8: core says so). Bounded before the copy.
pub(crate) fn body_arg(v: &JsValue) -> Result<Zeroizing<Vec<u8>>, Error> {
    let too_large = || {
        err(
            ErrorCode::InputTooLarge,
            format!("body is larger than {MAX_RESPONSE_BYTES} bytes, the most a response may be"),
        )
    };
    if let Some(s) = v.dyn_ref::<JsString>() {
        // A string of more UTF-16 units than the limit has more UTF-8 bytes than the limit.
        if s.length() as usize > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        return Ok(Zeroizing::new(
            v.as_string().unwrap_or_default().into_bytes(),
        ));
    }
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        if a.length() as usize > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        return Ok(Zeroizing::new(a.to_vec()));
    }
    Err(err(
        ErrorCode::InvalidArgument,
        format!(
            "body must be a string or a Uint8Array, got {}",
            type_name(v)
        ),
    ))
}

/// An HTTP status: an integer from 0 to 65535 (core judges which ones each API answers with).
pub(crate) fn status_arg(v: &JsValue) -> Result<u16, Error> {
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) => Ok(n as u16),
        _ => Err(err(
            ErrorCode::InvalidArgument,
            format!(
                "httpStatus must be an integer from 0 to 65535, got {}",
                type_name(v)
            ),
        )),
    }
}

/// `{allowUnsigned?}` (or its JSON text), or undefined/null for the defaults; core checks it
/// (an unknown member is refused, so a typo never turns verification off or on silently).
pub(crate) fn parse_options_arg(v: &JsValue) -> Result<ParseOptions, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(ParseOptions::default());
    }
    ParseOptions::from_json(json_arg(v, "options")?.as_bytes())
}
