//! The web build reads JSON with the browser's own parser: `JSON.parse`, then a plain walk into
//! core's JSON tree ([`Json`]), which core's readers take as they take JSON text.
//!
//! Why: serde_json's parser and its error texts are ~20 KB of this build's WebAssembly (measured
//! 2026-11-22), and the browser already ships a JSON parser. `JSON.parse` keeps the last of a
//! member given twice where every other build refuses the text, so the text is also scanned for
//! one (core's [`repeated_member`]): the same input gets the same answer in every build —
//! `SIGNATURE_AMBIGUOUS` for an answer or callback, `INVALID_FIELD` for an input (core's
//! [`repeated_member_code`]).
//!
//! Conversion only: which members mean what is core's business.

use js_sys::{Array, Object};
use paytm_checkout::input::{repeated_member, repeated_member_code, Json};
use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::err;

/// As deep as serde_json nests (the Node build's limit): deeper input is refused, not walked.
const MAX_DEPTH: usize = 128;

/// `text` parsed by `JSON.parse`, as core's tree; invalid JSON is `code` (the browser's message
/// is not passed on: it quotes the input, which may hold a card number or a token).
pub(crate) fn parse(text: &str, what: &str, code: ErrorCode) -> Result<Json, Error> {
    let value =
        js_sys::JSON::parse(text).map_err(|_| err(code, format!("{what}: not valid JSON")))?;
    if repeated_member(text) {
        let twice = repeated_member_code(code);
        return Err(err(twice, format!("{what}: a member name is given twice")));
    }
    of(&value, what, code, 0)
}

/// A value `JSON.parse` produced: null, a boolean, a number, a string, an array or a plain
/// object.
fn of(v: &JsValue, what: &str, code: ErrorCode, depth: usize) -> Result<Json, Error> {
    if depth > MAX_DEPTH {
        return Err(err(
            code,
            format!("{what}: nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    if v.is_null() || v.is_undefined() {
        return Ok(Json::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        // Integers JavaScript holds exactly, as the Node build's parser reads them.
        return Ok(
            if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 {
                Json::Uint(n as u64)
            } else {
                Json::Number(n)
            },
        );
    }
    if let Some(s) = v.as_string() {
        return Ok(Json::Str(s));
    }
    if let Some(items) = v.dyn_ref::<Array>() {
        let mut out = Vec::with_capacity(items.length() as usize);
        for i in 0..items.length() {
            out.push(of(&items.get(i), what, code, depth + 1)?);
        }
        return Ok(Json::Arr(out));
    }
    let Some(obj) = v.dyn_ref::<Object>() else {
        return Err(err(code, format!("{what}: not JSON data")));
    };
    let entries = Object::entries(obj);
    let mut out = Vec::with_capacity(entries.length() as usize);
    for i in 0..entries.length() {
        let pair: Array = entries.get(i).unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        out.push((name, of(&pair.get(1), what, code, depth + 1)?));
    }
    Ok(Json::Obj(out))
}
