//! Arguments in, results out: strings bounded before they are copied into wasm memory, JSON text
//! of object arguments, optional arguments, the type names messages show, and core values back as
//! plain JS data.
//!
//! How a value is inspected without running its code (brand checks, `catch` on every call that
//! may) is [`crate::value`]'s; this module turns the inspected values into Rust ones. The
//! argument readers of one surface live beside it (keys in `key`, checksum parameters in
//! `checksum`, bodies and statuses in `parse`).

use js_sys::JsString;
use paytm_checkout::{Error, ErrorCode};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::err;
use crate::value;

/// Largest text input accepted, in UTF-16 code units (at most 3 bytes of UTF-8 each). Checked
/// before copying: a failed allocation inside wasm aborts the module.
pub const MAX_INPUT_UNITS: u32 = 16 * 1024 * 1024;

/// `typeof`-like name of a value for messages (never the value itself): `typeof`, with "null"
/// and "array" told apart from "object".
pub(crate) fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        "null".to_owned()
    } else if value::array(v) == Some(true) {
        "array".to_owned()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// Whether an optional argument is absent: `undefined` or `null`.
pub(crate) fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// The length of a JS string argument in UTF-16 units, refused above [`MAX_INPUT_UNITS`] before
/// anything is copied into wasm memory (a failed allocation there aborts the module).
pub(crate) fn checked_units(s: &JsString, what: &str) -> Result<u32, Error> {
    let units = s.length();
    if units > MAX_INPUT_UNITS {
        return Err(err(
            ErrorCode::InputTooLarge,
            format!("{what} is longer than {MAX_INPUT_UNITS} UTF-16 code units"),
        ));
    }
    Ok(units)
}

/// The error for a string argument that is not a string.
pub(crate) fn not_a_string(v: &JsValue, what: &str) -> Error {
    err(
        ErrorCode::InvalidArgument,
        format!("{what} must be a string, got {}", type_name(v)),
    )
}

/// A JS string (or `String` object), size-checked before it is copied into wasm memory. `None` if
/// `v` is not a string.
pub(crate) fn bounded_string(v: &JsValue, what: &str) -> Result<Option<String>, Error> {
    let Some(s) = value::string(v) else {
        return Ok(None);
    };
    checked_units(&s, what)?;
    Ok(s.as_string())
}

/// A required string argument.
pub(crate) fn string_arg(v: &JsValue, what: &str) -> Result<String, Error> {
    bounded_string(v, what)?.ok_or_else(|| not_a_string(v, what))
}

/// `N` string arguments, each with the name its error uses (nothing is coerced).
#[cfg(feature = "sessions")]
pub(crate) fn strings<const N: usize>(args: [(&JsValue, &str); N]) -> Result<[String; N], Error> {
    let mut out: [String; N] = core::array::from_fn(|_| String::new());
    for (slot, (v, what)) in out.iter_mut().zip(args) {
        *slot = string_arg(v, what)?;
    }
    Ok(out)
}

/// An optional string argument: `undefined` or `null` is `None`.
#[cfg(any(feature = "responses", feature = "explain"))]
pub(crate) fn opt_string_arg(v: &JsValue, what: &str) -> Result<Option<String>, Error> {
    if absent(v) {
        Ok(None)
    } else {
        string_arg(v, what).map(Some)
    }
}

#[cfg(any(feature = "requests", feature = "process", feature = "responses"))]
/// JSON text of an object argument (`JSON.stringify`, which may throw on cycles, BigInt or
/// getters), or a string argument as it is; size-checked before the copy into wasm memory.
pub(crate) fn json_arg(v: &JsValue, what: &str) -> Result<String, Error> {
    if let Some(s) = bounded_string(v, what)? {
        return Ok(s);
    }
    if !v.is_object() || v.is_function() || value::is_array(v)? {
        return Err(err(
            ErrorCode::InvalidArgument,
            format!(
                "{what} must be an object or JSON text, got {}",
                type_name(v)
            ),
        ));
    }
    let text = js_sys::JSON::stringify(v).map_err(|_| {
        err(
            ErrorCode::InvalidArgument,
            format!("{what}: JSON.stringify threw (a cycle, a BigInt or a throwing getter?)"),
        )
    })?;
    bounded_string(&text.into(), what)?.ok_or_else(|| {
        err(
            ErrorCode::InvalidArgument,
            format!("{what} is not representable as JSON"),
        )
    })
}

/// Plain JS data from JSON text core produced: `JSON.parse`, which gives exactly the C library's
/// JSON shape (same members, `null`s, plain objects, numbers).
///
/// Not serde-wasm-bindgen, on purpose (measured, see docs/web-size.md): core already serializes
/// these types to JSON for the C library, so this costs no extra code in the .wasm, while
/// serde-wasm-bindgen instantiates a second serializer for every response type (+27 KB raw in the
/// web build for Process Transaction alone) and is slower on these objects (one JS call per
/// member vs one `JSON.parse`).
pub(crate) fn plain_json(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text)
        .map_err(|_| err(ErrorCode::InvalidArgument, "result could not be converted"))
}

/// Plain JS data for a serializable core value (objects, arrays, strings, `null`; never
/// `undefined` or a `Map`): its JSON text through [`plain_json`].
pub(crate) fn to_plain<T: Serialize>(v: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(v)
        .map_err(|_| err(ErrorCode::InvalidArgument, "result could not be converted"))?;
    plain_json(&text)
}

/// A list of names as a JS array of strings (`apiNames()`, `responseApiNames()`).
#[cfg(any(feature = "requests", feature = "process", feature = "responses"))]
pub(crate) fn names(names: &[&str]) -> js_sys::Array {
    names.iter().map(|n| JsValue::from_str(n)).collect()
}
