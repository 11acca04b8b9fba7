//! Reading JavaScript arguments without handing control to them.
//!
//! A JS argument can run code when it is inspected: a getter, `valueOf`/`toString`, a Proxy trap,
//! `toJSON`. That code may throw, free one of this module's objects, or call back into the module
//! (issue #16). This module's rules, which every export follows:
//!
//! - **Only `&JsValue` parameters.** wasm-bindgen converts a `f64` or `&str` parameter in its JS
//!   glue, calling `valueOf`/`toString` *after* it has read the object's pointer: code that frees
//!   the object there made the call use freed memory. A `&JsValue` is passed as it is; numbers are
//!   then taken only when they already are numbers ([`number`]): nothing is coerced.
//! - **Brand checks, not duck typing**, for strings and bytes: [`string`] and [`bytes`] call
//!   `String.prototype.valueOf` and the typed arrays' `length` getter taken from the built-in
//!   prototypes, never from the argument (`final`): they read an internal slot and run no user
//!   code (a Proxy is refused, never asked).
//! - **Every call that can run user code is imported with `catch`** (`JSON.stringify`,
//!   `Object.entries`, `Reflect.get`, and `Array.isArray`, which throws for a revoked Proxy), so a
//!   throw comes back as an `Err` and never unwinds through WebAssembly frames (which would skip
//!   destructors and leave borrows and buffers behind).
//! - **Arguments first, state second.** A method converts every argument (the only time user
//!   code runs) before it touches its object's state ([`crate::object`]), and runs no user code
//!   while it holds it: a re-entrant call finds the object as it was, and a free is seen.
//!
//! A `String` object (`new String("…")`) counts as its text wherever a string is taken: that is
//! what the caller means, and treating it as an object made `generateChecksum(new String("abc"))`
//! sign the character map `a|b|c`.

use js_sys::JsString;
use paytm_checkout::{Error, ErrorCode};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::err;

#[wasm_bindgen]
extern "C" {
    /// Any value, viewed as a String object to call `String.prototype` methods on it.
    #[wasm_bindgen(js_name = String)]
    type AsString;
    /// `String.prototype.valueOf.call(v)` (`final`: the built-in's method, not `v.valueOf`): a
    /// String object's text; throws (caught) for anything else, a Proxy included, without running
    /// its traps.
    #[wasm_bindgen(catch, final, method, js_class = "String", js_name = valueOf)]
    fn value_of(this: &AsString) -> Result<JsString, JsValue>;

    /// Any value, viewed as a typed array to call the typed arrays' accessors on it.
    #[wasm_bindgen(js_name = Uint8Array)]
    type AsTypedArray;
    /// The typed arrays' own `length` getter (`final`: taken from `Uint8Array.prototype`'s chain,
    /// not from `v`), called on `v`: the element count of a real typed array; throws (caught) for
    /// anything else, a Proxy included.
    #[wasm_bindgen(catch, final, method, getter, js_class = "Uint8Array", js_name = length)]
    fn length(this: &AsTypedArray) -> Result<u32, JsValue>;

    /// `Array.isArray`, which throws for a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(v: &JsValue) -> Result<bool, JsValue>;

    /// `Uint8Array.prototype.set.call(dst, src)`: copies a real typed array into wasm memory (no
    /// user code: the source is a typed array, read through its internal slots).
    #[wasm_bindgen(catch, js_namespace = Uint8Array, js_name = "prototype.set.call")]
    fn copy_typed_array(dst: &mut [u8], src: &JsValue) -> Result<(), JsValue>;
}

/// `String.prototype.valueOf` on `v` (see [`AsString`]).
fn string_value_of(v: &JsValue) -> Result<JsString, JsValue> {
    v.unchecked_ref::<AsString>().value_of()
}

/// The typed-array `length` getter on `v` (see [`AsTypedArray`]).
fn typed_array_length(v: &JsValue) -> Result<u32, JsValue> {
    v.unchecked_ref::<AsTypedArray>().length()
}

/// The text of a string argument: a string primitive, or a `String` object's (brand-checked).
/// `None` for anything else. Runs no user code.
pub(crate) fn string(v: &JsValue) -> Option<JsString> {
    match v.dyn_ref::<JsString>() {
        Some(s) => Some(s.clone()),
        None => string_object(v),
    }
}

/// The text of a `String` object (brand-checked); `None` for anything else, primitives included.
/// Runs no user code.
pub(crate) fn string_object(v: &JsValue) -> Option<JsString> {
    if v.is_object() {
        string_value_of(v).ok()
    } else {
        None
    }
}

/// Whether `v` is an array (`Array.isArray`); `None` when that throws (a revoked Proxy).
pub(crate) fn array(v: &JsValue) -> Option<bool> {
    array_is_array(v).ok()
}

/// Whether `v` is an array; a revoked Proxy, which makes `Array.isArray` throw, is
/// `INVALID_ARGUMENT`.
pub(crate) fn is_array(v: &JsValue) -> Result<bool, Error> {
    array(v).ok_or_else(|| {
        err(
            ErrorCode::InvalidArgument,
            "an argument cannot be inspected (a revoked Proxy?)",
        )
    })
}

/// The bytes of a `Uint8Array` argument (a real one: brand-checked, then copied without running
/// user code), or `None` when `v` is not one. `Err(len)` when it holds more than `max` bytes,
/// before anything is copied.
pub(crate) fn bytes(v: &JsValue, max: usize) -> Option<Result<Vec<u8>, usize>> {
    if !is_bytes(v) {
        return None;
    }
    let len = typed_array_length(v).ok()? as usize;
    if len > max {
        return Some(Err(len));
    }
    let mut out = vec![0; len];
    // Nothing ran since the length was read: the source still has `len` elements, which fit.
    copy_typed_array(&mut out, v).ok()?;
    Some(Ok(out))
}

/// Whether `v` is a real `Uint8Array` (or a subclass: a Node `Buffer`). Runs no user code: the
/// brand check comes first, as `instanceof` would ask a Proxy's getPrototypeOf trap.
pub(crate) fn is_bytes(v: &JsValue) -> bool {
    typed_array_length(v).is_ok() && v.is_instance_of::<js_sys::Uint8Array>()
}

/// A number argument: only a value that already is a number (`typeof v === "number"`). Nothing
/// is coerced, so no `valueOf` runs; a `Number` object or a numeric string is refused.
pub(crate) fn number(v: &JsValue) -> Option<f64> {
    v.as_f64()
}
