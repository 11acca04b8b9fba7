//! WebAssembly bindings of `paytm-checkout`: the npm package `paytm-checkout`.
//!
//! Everything here is argument checking and conversion; the checksum, the parameter-map rule and
//! the error codes live in core. Two rules shape this file:
//!
//! - **No input from JavaScript may panic or abort.** The wasm build uses `panic = "abort"`, and a
//!   trap would leave the module unusable. Every argument arrives as a `JsValue`, its type is
//!   checked, and its size is bounded *before* it is copied into wasm memory (a failed allocation
//!   aborts). JavaScript calls that can throw (`Object.entries` on a proxy or a getter) are imported
//!   with `catch`.
//! - **No input from JavaScript may reach memory it should not** (issue #16): arguments are read
//!   without coercion and before an object's state is touched, objects are freed by emptying them,
//!   never by deallocating them under a pointer JS still holds. See `value` and `object`.
//! - **Errors are real `Error` objects** carrying core's `code` (a stable name) and `errno` (its
//!   number), with core's message, which never contains a key or a parameter value.

#![deny(unsafe_code)]
// Without a build's features (`cargo clippy --all-targets`) only errorCodes and version remain.
#![cfg_attr(not(any(feature = "web", feature = "node")), allow(dead_code))]
#![warn(missing_docs)]

#[cfg(feature = "checksums")]
use std::cell::RefCell;
#[cfg(feature = "checksums")]
use std::rc::Rc;

#[cfg(any(feature = "checksums", feature = "requests", feature = "process"))]
use js_sys::Array;
use js_sys::JsString;
#[cfg(feature = "checksums")]
use js_sys::Promise;
#[cfg(all(feature = "process", not(feature = "requests")))]
use paytm_checkout::api::process::ProcessTransaction;
#[cfg(feature = "requests")]
use paytm_checkout::api::API_NAMES;
#[cfg(feature = "checksums")]
use paytm_checkout::checksum;
#[cfg(feature = "explain")]
use paytm_checkout::explain::{explain as core_explain, Mode};
#[cfg(feature = "requests")]
use paytm_checkout::types::{ClientId, ClientSecret};
#[cfg(any(feature = "requests", feature = "process"))]
use paytm_checkout::BuildOptions;
#[cfg(feature = "requests")]
use paytm_checkout::{build_request, Credentials};
use paytm_checkout::{Error, ErrorCode};
#[cfg(feature = "checksums")]
use paytm_checkout::{MerchantKey as CoreKey, Params, Salt};
use serde::Serialize;
use wasm_bindgen::prelude::*;
#[cfg(feature = "checksums")]
use wasm_bindgen::JsCast;
#[cfg(any(feature = "checksums", feature = "requests", feature = "process"))]
use zeroize::Zeroizing;

#[cfg(any(feature = "process", feature = "responses"))]
mod card;
#[cfg(feature = "responses")]
mod codes;
mod object;
#[cfg(any(feature = "process", feature = "responses"))]
mod parse;
#[cfg(feature = "responses")]
mod responses;
#[cfg(any(feature = "sessions", feature = "process"))]
mod session;
#[cfg(feature = "process")]
mod tree;
mod value;

/// The web build's allocator: talc, smaller than std's dlmalloc in the .wasm the browser
/// downloads.
#[cfg(all(target_arch = "wasm32", feature = "process", not(feature = "sessions")))]
#[global_allocator]
// SAFETY: `new_global` requires single-threaded WebAssembly: this target is built without the
// atomics feature (scripts/build-wasm.sh: `+simd128` only), so no second thread can exist. The
// crate's only unsafe code.
#[allow(unsafe_code)]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// Largest text input accepted, in UTF-16 code units (at most 3 bytes of UTF-8 each). Checked
/// before copying: a failed allocation inside wasm aborts the module.
pub const MAX_INPUT_UNITS: u32 = 16 * 1024 * 1024;
#[cfg(feature = "checksums")]
/// Longest key string looked at (in UTF-16 code units); anything longer is an invalid length.
const MAX_KEY_UNITS: u32 = 1024;

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

/// The types of the merchant-key functions (the Node build).
#[cfg(feature = "checksums")]
#[wasm_bindgen(typescript_custom_section)]
const TS_KEY_TYPES: &str = r#"
/** Map-mode parameters: names to string values; `null` (and the text "null" in any case) signs as "". */
export type Params = Record<string, string | null>;
/** A merchant key: its UTF-8 text, or its raw bytes (16, 24 or 32). */
export type Key = string | Uint8Array;
"#;

/// The request types: in the node build (every API) and the web build (process_transaction).
#[cfg(any(feature = "requests", feature = "process"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_REQUEST_TYPES: &str = r#"
/**
 * The name of a Paytm API {@link buildRequest} can build in this build (`apiNames()` lists them):
 * every API in the Node build, only the txnToken-based "process_transaction" in the web build.
 * scripts/build-wasm.sh replaces `string` below with the union of this build's names.
 */
export type ApiName = string /* @@API_NAMES@@ */;
/** The input object of an API: Paytm's own camelCase member names (see the core's API docs). */
export type RequestParams = { [member: string]: unknown };
"#;

/// Credentials exist only in the node build: the web build never takes a secret.
#[cfg(feature = "requests")]
#[wasm_bindgen(typescript_custom_section)]
const TS_CREDENTIALS: &str = r#"
/**
 * The secrets a request may need; each API takes only what it uses and throws
 * `INVALID_CREDENTIALS` when one is missing. **A browser never needs the merchant key**: the
 * txnToken-based APIs (`process_transaction`) build without any credentials. Signing APIs
 * (initiate, status, refund...) belong on a server.
 */
export interface Credentials {
  /** The merchant key (checksums): its UTF-8 text or raw bytes, 16, 24 or 32 bytes. */
  merchantKey?: Key;
  /** The client id (auto-debit, consult, payment requests, settlement). */
  clientId?: string;
  /** The client secret (auto-debit OAuth Basic auth, settlement JWT). */
  clientSecret?: string;
}
"#;

/// The web build's `buildRequest` takes no credentials.
#[cfg(all(feature = "process", not(feature = "requests")))]
#[wasm_bindgen(typescript_custom_section)]
const TS_NO_CREDENTIALS: &str = r#"
/**
 * The web build's {@link buildRequest} takes no credentials: a browser never holds the merchant
 * key or a client secret (`process_transaction` needs only the txnToken).
 */
export type NoCredentials = null;
/** The web build takes no key: {@link parseResponse}'s `key` is `null` (a browser never holds one). */
export type Key = never;
"#;

#[cfg(feature = "checksums")]
#[wasm_bindgen]
extern "C" {
    /// `Object.entries`, which runs getters and proxy traps: those may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(o: &JsValue) -> Result<Array, JsValue>;
}

// ---------------------------------------------------------------------------------------------
// Errors

/// A core error as a JS `Error` with `code` and `errno`.
fn js_error(e: &Error) -> JsValue {
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

fn to_js<T>(r: Result<T, Error>) -> Result<T, JsValue> {
    r.map_err(|e| js_error(&e))
}

fn err(code: ErrorCode, msg: impl Into<String>) -> Error {
    Error::with_message(code, msg)
}

/// `typeof`-like name of a value for messages (never the value itself): `typeof`, with "null"
/// and "array" told apart from "object".
fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        "null".to_owned()
    } else if value::array(v) == Some(true) {
        "array".to_owned()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// The length of a JS string argument in UTF-16 units, refused above [`MAX_INPUT_UNITS`] before
/// anything is copied into wasm memory (a failed allocation there aborts the module).
fn checked_units(s: &JsString, what: &str) -> Result<u32, Error> {
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
fn not_a_string(v: &JsValue, what: &str) -> Error {
    err(
        ErrorCode::InvalidArgument,
        format!("{what} must be a string, got {}", type_name(v)),
    )
}

/// A JS string (or `String` object), size-checked before it is copied into wasm memory. `None` if
/// `v` is not a string.
fn bounded_string(v: &JsValue, what: &str) -> Result<Option<String>, Error> {
    let Some(s) = value::string(v) else {
        return Ok(None);
    };
    checked_units(&s, what)?;
    Ok(s.as_string())
}

/// A required string argument.
fn string_arg(v: &JsValue, what: &str) -> Result<String, Error> {
    bounded_string(v, what)?.ok_or_else(|| not_a_string(v, what))
}

#[cfg(feature = "checksums")]
/// The bytes of a key: a string's UTF-8 or a Uint8Array's contents (any length; core checks it).
fn key_bytes(v: &JsValue) -> Result<Zeroizing<Vec<u8>>, Error> {
    let too_long = |units: u32| {
        err(
            ErrorCode::InvalidKeyLength,
            format!(
                "merchant key must be 16, 24 or 32 bytes, got more than {}",
                units.min(MAX_KEY_UNITS)
            ),
        )
    };
    if let Some(s) = value::string(v) {
        if s.length() > MAX_KEY_UNITS {
            return Err(too_long(MAX_KEY_UNITS));
        }
        let text = Zeroizing::new(s.as_string().unwrap_or_default());
        return Ok(Zeroizing::new(text.as_bytes().to_vec()));
    }
    match value::bytes(v, MAX_KEY_UNITS as usize) {
        Some(Ok(raw)) => return Ok(Zeroizing::new(raw)),
        Some(Err(_)) => return Err(too_long(MAX_KEY_UNITS)),
        None => {}
    }
    Err(err(
        ErrorCode::InvalidArgument,
        format!(
            "merchant key must be a string or a Uint8Array, got {}",
            type_name(v)
        ),
    ))
}

#[cfg(feature = "checksums")]
/// A plain object of string|null values as core's [`Params`].
fn params_map(v: &JsValue) -> Result<Params, Error> {
    let bad = |why: String| err(ErrorCode::InvalidParams, format!("params: {why}"));
    if !v.is_object() || v.is_function() {
        return Err(bad(format!(
            "expected a string or an object whose values are strings or null, got {}",
            type_name(v)
        )));
    }
    let array = value::is_array(v)?;
    if array || v.is_instance_of::<js_sys::Map>() || v.is_instance_of::<js_sys::Set>() {
        return Err(bad(format!(
            "expected a plain object whose values are strings or null, got {}",
            if array { "an array" } else { "a Map or Set" }
        )));
    }
    let entries = object_entries(v).map_err(|_| bad("reading the object threw".to_owned()))?;
    let mut params = Params::new();
    let mut total: u64 = 0;
    for entry in entries.iter() {
        let pair: Array = entry.unchecked_into();
        let name = pair.get(0);
        let value = pair.get(1);
        let name = bounded_string(&name, "a parameter name")?
            .ok_or_else(|| bad("a parameter name is not a string".to_owned()))?;
        total += name.len() as u64 + 1;
        if value.is_null() {
            params.insert_null(name);
        } else {
            let Some(s) = bounded_string(&value, "a parameter value")? else {
                // The name is safe to show; the value is not shown.
                return Err(bad(format!(
                    "the value of a parameter is {}; expected a string or null",
                    type_name(&value)
                )));
            };
            total += s.len() as u64;
            params.insert(name, s);
        }
        if total > u64::from(MAX_INPUT_UNITS) * 3 {
            return Err(err(
                ErrorCode::InputTooLarge,
                "params are larger than the library accepts",
            ));
        }
    }
    Ok(params)
}

// ---------------------------------------------------------------------------------------------
// String arguments of the checksum functions
//
// Measured (node --cpu-prof, verifySignature on a 236-byte body): copying the body and the
// checksum into wasm memory was 26% of a verification. `JsValue::as_string` copies through
// wasm-bindgen's glue, a JavaScript loop of `charCodeAt` and typed-array stores (~2.6 ns per
// character: ~620 ns for 236 characters), then a `malloc` call back into wasm and a `free`.
// `TextEncoder.encodeInto` writes the same UTF-8 (lone surrogates as U+FFFD, as the glue does) in
// ~100 ns, straight into a buffer kept for the next call.

#[cfg(feature = "checksums")]
#[wasm_bindgen]
extern "C" {
    /// The host's `TextEncoder` (Node >= 11, every browser; wasm-bindgen's glue needs it too).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = TextEncoder, catch)]
    fn new() -> Result<Utf8Encoder, JsValue>;
    /// Writes the UTF-8 of `s` into `dst`, a view of wasm memory (no copy in the glue). Its
    /// `{read, written}` result is not brought back (an object, and a call to read it): the
    /// caller finds `written` itself (see `encode_into`). Not `catch` (its wrapper cost 4% of a
    /// verification): `encodeInto` of a string into a `Uint8Array` cannot throw; only a replaced
    /// `TextEncoder.prototype.encodeInto` could, and its exception would then pass through this
    /// module as through wasm-bindgen's own string glue, which calls the same method. No borrow
    /// is held across the call, so nothing is left locked if it does.
    #[wasm_bindgen(method, js_class = TextEncoder, js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, s: &JsString, dst: &mut [u8]);
}

#[cfg(feature = "checksums")]
/// Largest string (in UTF-8 bytes, 3 per UTF-16 unit at most) copied through a reused buffer;
/// longer ones take `as_string` and their own allocation, so no large buffer stays behind.
const SCRATCH_MAX: usize = 64 * 1024;

#[cfg(feature = "checksums")]
thread_local! {
    /// `None` if the host has no `TextEncoder`: every string then takes `as_string`.
    static ENCODER: Option<Utf8Encoder> = Utf8Encoder::new().ok();
    /// Spare buffers for [`Text`]. Taken and given back, never borrowed across a call into
    /// JavaScript, so a re-entrant call (a getter of a map argument calling this module) simply
    /// finds none and allocates.
    static SPARE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

#[cfg(feature = "checksums")]
/// The UTF-8 of a string argument (or a map's signing string), in a buffer that goes back to
/// [`SPARE`] when dropped. Only public data: parameters, checksums, salts (never a key).
struct Text {
    buf: Vec<u8>,
    len: usize,
}

#[cfg(feature = "checksums")]
impl Text {
    fn owned(s: String) -> Text {
        let len = s.len();
        Text {
            buf: s.into_bytes(),
            len,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        // `len <= buf.len()` by construction; `get` keeps even a broken invariant from panicking.
        self.buf.get(..self.len).unwrap_or_default()
    }
}

#[cfg(feature = "checksums")]
impl Drop for Text {
    fn drop(&mut self) {
        if self.buf.capacity() > SCRATCH_MAX {
            return;
        }
        let buf = std::mem::take(&mut self.buf);
        let _ = SPARE.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                if spare.len() < 4 {
                    spare.push(buf);
                }
            }
        });
    }
}

#[cfg(feature = "checksums")]
/// A JS string as [`Text`], size-checked before it is copied (as [`bounded_string`], same error).
/// `None` if `v` is not a string.
fn js_text(v: &JsValue, what: &str) -> Result<Option<Text>, Error> {
    // A string primitive without a copy of the reference (the hot path); a String object's text.
    let object;
    let s = match v.dyn_ref::<JsString>() {
        Some(s) => s,
        None => match value::string_object(v) {
            Some(text) => {
                object = text;
                &object
            }
            None => return Ok(None),
        },
    };
    let units = checked_units(s, what)?;
    let need = units as usize * 3;
    if need <= SCRATCH_MAX {
        let mut buf = SPARE
            .try_with(|spare| spare.try_borrow_mut().ok().and_then(|mut s| s.pop()))
            .ok()
            .flatten()
            .unwrap_or_default();
        if buf.len() < need {
            buf.resize(need, 0);
        }
        if let Some(len) = encode_into(s, units as usize, &mut buf[..need]) {
            return Ok(Some(Text { buf, len }));
        }
    }
    Ok(s.as_string().map(Text::owned))
}

#[cfg(feature = "checksums")]
/// `TextEncoder.encodeInto(s, dst)` for a string of `units` UTF-16 units: the number of bytes
/// written, or `None` if anything about it is unexpected (no `TextEncoder`, a replaced one that
/// writes less than a genuine one) and the caller falls back to `as_string`.
///
/// `dst` has room for 3 bytes per unit, so all of `s` fits. UTF-8 never contains the byte 0xFF,
/// so `dst` is filled with it first and the first 0xFF left is the end of what was written; it
/// is at or after `units` (every unit takes at least one byte), right there for ASCII.
fn encode_into(s: &JsString, units: usize, dst: &mut [u8]) -> Option<usize> {
    dst.fill(0xFF);
    ENCODER
        .try_with(|enc| enc.as_ref().map(|enc| enc.encode_into(s, dst)))
        .ok()
        .flatten()?;
    // A genuine encoder wrote at least `units` bytes from the start.
    if units > 0 && *dst.get(units - 1)? == 0xFF {
        return None;
    }
    let tail = dst.get(units..)?;
    Some(units + tail.iter().position(|&b| b == 0xFF).unwrap_or(tail.len()))
}

#[cfg(feature = "checksums")]
/// A required string argument as [`Text`] (the error of [`string_arg`] otherwise).
fn text_arg(v: &JsValue, what: &str) -> Result<Text, Error> {
    js_text(v, what)?.ok_or_else(|| not_a_string(v, what))
}

#[cfg(feature = "checksums")]
/// What a checksum covers: a string's exact UTF-8 bytes, or a map's signing string.
fn signing_text(params: &JsValue) -> Result<Text, Error> {
    match js_text(params, "params")? {
        Some(t) => Ok(t),
        None => Ok(Text::owned(params_map(params)?.signing_string())),
    }
}

#[cfg(feature = "checksums")]
fn salt_arg(v: &JsValue) -> Result<Salt, Error> {
    Salt::new(text_arg(v, "salt")?.as_bytes())
}

#[cfg(feature = "checksums")]
fn checksum_arg(v: &JsValue) -> Result<Text, Error> {
    // A checksum is 108 characters; core bounds the work on longer ones.
    text_arg(v, "checksum")
}

// ---------------------------------------------------------------------------------------------
// The one-entry key cache

#[cfg(feature = "checksums")]
struct CachedKey {
    raw: Zeroizing<Vec<u8>>,
    /// The JS string the key came from, when it was one: JS strings are immutable, so the same
    /// string (`===`) is the same key, recognised without copying it into wasm memory again.
    text: Option<JsValue>,
    key: Rc<CoreKey>,
}

#[cfg(feature = "checksums")]
thread_local! {
    /// The last key used by the free functions and `PaytmChecksum`, so repeated calls with the same
    /// key do not expand it again. Holds the raw key and its schedule (both zeroized when replaced
    /// or cleared with `clearKeyCache()`) and a reference to the caller's key string, all of which
    /// the caller's own string already exposes.
    static KEY_CACHE: RefCell<Option<CachedKey>> = const { RefCell::new(None) };
}

#[cfg(feature = "checksums")]
fn cached_key(v: &JsValue) -> Result<Rc<CoreKey>, Error> {
    // Fast path (measured: a third of the key handling of a verify): the very same key string as
    // last time, compared by JS `===` (one call, no copy, no allocation). Only strings: a
    // Uint8Array may have been modified since.
    let hit = KEY_CACHE.with(|cell| {
        cell.borrow()
            .as_ref()
            .filter(|c| c.text.as_ref().is_some_and(|t| t == v))
            .map(|c| Rc::clone(&c.key))
    });
    if let Some(key) = hit {
        return Ok(key);
    }
    let raw = key_bytes(v)?;
    let text = v.is_string().then(|| v.clone());
    KEY_CACHE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if let Some(c) = slot.as_mut() {
            if c.raw.as_slice() == raw.as_slice() {
                c.text = text;
                return Ok(Rc::clone(&c.key));
            }
        }
        let key = Rc::new(CoreKey::new(&raw)?);
        *slot = Some(CachedKey {
            raw,
            text,
            key: Rc::clone(&key),
        });
        Ok(key)
    })
}

#[cfg(feature = "checksums")]
/// Forgets (and zeroizes) the key cached by `generateChecksum`, `verifyChecksum` and the
/// `PaytmChecksum` functions. They cache the last key used so that repeated calls with the same key
/// skip the AES key expansion; call this when the key should no longer be held in memory.
#[wasm_bindgen(js_name = clearKeyCache)]
pub fn clear_key_cache() {
    KEY_CACHE.with(|cell| cell.borrow_mut().take());
}

// ---------------------------------------------------------------------------------------------
// The native API

#[cfg(feature = "checksums")]
/// Generates a Paytm checksum.
///
/// - `params`: a string is signed as its exact UTF-8 bytes (JSON request bodies); an object is
///   signed in map mode: its values sorted by name (byte order) and joined with `|`, `null` and the
///   text "null" (any case) as "", a `CHECKSUMHASH` entry ignored.
/// - `key`: the merchant key, as text (its UTF-8 bytes) or raw bytes; 16, 24 or 32 bytes.
/// - `salt`: 4 ASCII characters for a reproducible checksum; random (alphanumeric) when omitted.
///
/// Returns the 108-character base64 checksum. Throws a {@link PaytmCheckoutError} on bad input.
#[wasm_bindgen(js_name = generateChecksum)]
pub fn generate_checksum(
    #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] salt: &JsValue,
) -> Result<String, JsValue> {
    to_js((|| {
        let key = cached_key(key)?;
        let text = signing_text(params)?;
        generate_with(&key, text.as_bytes(), opt_salt_arg(salt)?)
    })())
}

#[cfg(feature = "checksums")]
/// An optional salt: `undefined` or `null` is a random one.
fn opt_salt_arg(v: &JsValue) -> Result<Option<Salt>, Error> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        salt_arg(v).map(Some)
    }
}

#[cfg(feature = "checksums")]
fn generate_with(key: &CoreKey, text: &[u8], salt: Option<Salt>) -> Result<String, Error> {
    match salt {
        Some(salt) => Ok(key.generate_with_salt(text, salt)),
        None => key.generate(text),
    }
}

#[cfg(feature = "checksums")]
/// Verifies a Paytm checksum over `params` (a string or a map, as in {@link generateChecksum}).
///
/// Returns `true` only for a checksum made with this key over exactly these parameters; a
/// malformed checksum (wrong length, not base64, another key's) is simply `false`. Throws a
/// {@link PaytmCheckoutError} only when an argument has the wrong type or the key a wrong length.
#[wasm_bindgen(js_name = verifyChecksum)]
pub fn verify_checksum(
    #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
) -> Result<bool, JsValue> {
    to_js((|| {
        let key = cached_key(key)?;
        let text = signing_text(params)?;
        let checksum = checksum_arg(checksum)?;
        Ok(key.verify(text.as_bytes(), checksum.as_bytes()))
    })())
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

/// The version of the Rust library inside this package.
#[wasm_bindgen]
pub fn version() -> String {
    paytm_checkout::VERSION.to_owned()
}

#[cfg(feature = "checksums")]
/// A merchant key, expanded once: the fastest way to sign or verify many times with one key.
///
/// The key schedule lives in WebAssembly memory and is zeroized by `free()` (or by the garbage
/// collector's finalizer, or `using`); prefer calling `free()` when done. After `free()` every
/// call throws `INVALID_HANDLE`. Arguments are read before the key is used: a getter that frees
/// the key makes the call throw `INVALID_HANDLE`, never touch freed memory.
#[wasm_bindgen(js_name = MerchantKey)]
#[repr(transparent)]
pub struct JsMerchantKey {
    /// The expanded key (see [`object`]).
    state: object::State<CoreKey>,
}

#[cfg(feature = "checksums")]
impl JsMerchantKey {
    /// The live key (arguments already converted: see [`object`]).
    fn key(&self) -> Result<std::cell::RefMut<'_, CoreKey>, Error> {
        self.state.get()
    }
}

#[cfg(feature = "checksums")]
#[wasm_bindgen(js_class = MerchantKey)]
impl JsMerchantKey {
    /// A key from its text (UTF-8 bytes) or raw bytes: 16, 24 or 32 bytes. Throws a
    /// {@link PaytmCheckoutError} (`INVALID_KEY_LENGTH`) otherwise.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    ) -> Result<JsMerchantKey, JsValue> {
        to_js((|| {
            Ok(JsMerchantKey {
                state: object::State::new(CoreKey::new(&key_bytes(key)?)?),
            })
        })())
    }

    /// The key length in bytes (16, 24 or 32).
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> Result<usize, JsValue> {
        to_js(self.key().map(|k| k.len()))
    }

    /// Zeroizes and releases the key schedule now; every later call throws `INVALID_HANDLE`.
    /// Calling it again does nothing. (`using` calls it too.)
    pub fn free(&self) {
        self.state.free();
    }

    /// Generates a checksum of `params` (see {@link generateChecksum}), with `salt` (4 ASCII
    /// characters) or a random one.
    pub fn generate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] salt: &JsValue,
    ) -> Result<String, JsValue> {
        to_js((|| {
            let text = signing_text(params)?;
            let salt = opt_salt_arg(salt)?;
            generate_with(&*self.key()?, text.as_bytes(), salt)
        })())
    }

    /// `true` when `checksum` is this key's checksum of `params`; malformed checksums are `false`.
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    ) -> Result<bool, JsValue> {
        to_js((|| {
            let text = signing_text(params)?;
            let checksum = checksum_arg(checksum)?;
            Ok(self.key()?.verify(text.as_bytes(), checksum.as_bytes()))
        })())
    }

    /// As `verify`, but says why: returns nothing when valid, throws a {@link PaytmCheckoutError}
    /// otherwise (`CHECKSUM_MISMATCH`, or `CHECKSUM_ENCODING`/`_LENGTH`/`_PADDING`/`_CONTENT` for a
    /// malformed checksum).
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    ) -> Result<(), JsValue> {
        to_js((|| {
            let text = signing_text(params)?;
            let checksum = checksum_arg(checksum)?;
            self.key()?.check(text.as_bytes(), checksum.as_bytes())
        })())
    }
}

// ---------------------------------------------------------------------------------------------
// Request builders and diagnosis

/// Plain JS data for a serializable core value: objects, arrays, strings, `null` (never `undefined`
/// or a `Map`), exactly what `JSON.parse` of the C library's JSON gives. Converted through JSON
/// text on purpose: serde_json's serializer is much smaller in the .wasm than serde-wasm-bindgen's.
fn to_plain<T: Serialize>(v: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(v)
        .map_err(|_| err(ErrorCode::InvalidArgument, "result could not be converted"))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| err(ErrorCode::InvalidArgument, "result could not be converted"))
}

#[cfg(any(feature = "requests", feature = "process", feature = "responses"))]
/// JSON text of an object argument (`JSON.stringify`, which may throw on cycles, BigInt or getters),
/// or a string argument as it is; size-checked before the copy into wasm memory.
fn json_arg(v: &JsValue, what: &str) -> Result<String, Error> {
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

#[cfg(feature = "requests")]
/// A property of a credentials object: `undefined`/`null` is absent.
fn property(o: &JsValue, name: &str) -> Result<Option<JsValue>, Error> {
    let v = js_sys::Reflect::get(o, &JsValue::from_str(name)).map_err(|_| {
        err(
            ErrorCode::InvalidArgument,
            format!("credentials: reading {name} threw"),
        )
    })?;
    Ok(if v.is_undefined() || v.is_null() {
        None
    } else {
        Some(v)
    })
}

#[cfg(feature = "requests")]
/// Core credentials from `{merchantKey?, clientId?, clientSecret?}` (or undefined/null: none).
fn credentials_arg(v: &JsValue) -> Result<Credentials, Error> {
    let mut c = Credentials::default();
    if v.is_undefined() || v.is_null() {
        return Ok(c);
    }
    if !v.is_object() || v.is_function() || value::is_array(v)? {
        return Err(err(
            ErrorCode::InvalidArgument,
            format!(
                "credentials must be an object {{merchantKey?, clientId?, clientSecret?}}, got {}",
                type_name(v)
            ),
        ));
    }
    if let Some(k) = property(v, "merchantKey")? {
        c.merchant_key = Some(CoreKey::new(&key_bytes(&k)?)?);
    }
    if let Some(id) = property(v, "clientId")? {
        c.client_id = Some(ClientId::new(string_arg(&id, "credentials.clientId")?)?);
    }
    if let Some(secret) = property(v, "clientSecret")? {
        let text = Zeroizing::new(string_arg(&secret, "credentials.clientSecret")?);
        c.client_secret = Some(ClientSecret::new(text.as_str())?);
    }
    Ok(c)
}

#[cfg(any(feature = "requests", feature = "process"))]
/// Core build options from `{environment?, salt?}` (or undefined/null: the defaults), read by core;
/// every malformed options object is `INVALID_ARGUMENT`, with core's message naming the member.
fn options_arg(v: &JsValue) -> Result<BuildOptions, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(BuildOptions::default());
    }
    let text = json_arg(v, "options")?;
    #[cfg(feature = "process")]
    let options = tree::parse(&text, "options", ErrorCode::InvalidArgument)
        .and_then(|t| BuildOptions::from_tree(&t));
    #[cfg(not(feature = "process"))]
    let options = BuildOptions::from_json(text.as_bytes());
    options.map_err(|e| err(ErrorCode::InvalidArgument, e.message().to_owned()))
}

#[cfg(feature = "requests")]
/// Builds the HTTP request of a Paytm API, signed over the exact bytes it carries.
///
/// - `api`: which API (see {@link ApiName} and `apiNames()`).
/// - `params`: the API's input object with Paytm's own camelCase member names (or its JSON text),
///   e.g. for `"initiate_transaction"`
///   `{mid, orderId, websiteName, txnAmount: {value: "1"}, userInfo: {custId}, callbackUrl}`.
/// - `credentials`: what the API needs (see {@link Credentials}); omit it for `process_transaction`,
///   which a browser builds with only the txnToken.
/// - `options`: `{environment, salt}`; production and a random salt by default.
///
/// Returns a plain {@link HttpRequest} to send as it is (`fetch(req.url, {method: req.method,
/// headers: req.headers, body: req.body || undefined})`). Throws a {@link PaytmCheckoutError}:
/// the failing member's code (`MISSING_FIELD`, `INVALID_ORDER_ID`...), `INVALID_CREDENTIALS`,
/// `INVALID_ARGUMENT` for arguments of the wrong type. Messages name members, never values.
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "HttpRequest")]
pub fn build_request_js(
    #[wasm_bindgen(unchecked_param_type = "ApiName")] api: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestParams | string")] params: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Credentials | null")] credentials: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "BuildOptions | null")] options: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        let api = string_arg(api, "api")?;
        let params = Zeroizing::new(json_arg(params, "params")?);
        let credentials = credentials_arg(credentials)?;
        let options = options_arg(options)?;
        let req = build_request(&api, params.as_bytes(), &credentials, &options)?;
        to_plain(&req)
    })())
}

#[cfg(feature = "requests")]
/// Every API name {@link buildRequest} accepts, in the core's order.
#[wasm_bindgen(js_name = apiNames, unchecked_return_type = "ApiName[]")]
pub fn api_names() -> Array {
    API_NAMES.iter().map(|n| JsValue::from_str(n)).collect()
}

#[cfg(feature = "process")]
/// The one API of the web build: the txnToken authenticates it, no secret is involved.
pub(crate) const WEB_API: &str = "process_transaction";

#[cfg(feature = "process")]
/// The web build takes no secret: `v` (a `what` argument) must be absent, `undefined` or `null`.
pub(crate) fn no_secret(v: &JsValue, what: &str, why: &str) -> Result<(), Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(());
    }
    Err(err(
        ErrorCode::InvalidArgument,
        format!(
            "{what}: the web build takes none ({why}); got {}",
            type_name(v)
        ),
    ))
}

#[cfg(all(feature = "process", not(feature = "requests")))]
/// The web build's request builder: only `"process_transaction"`, which pays an initiated
/// transaction with the txnToken your server got from Initiate Transaction; no credentials.
///
/// - `api`: `"process_transaction"` (the only {@link ApiName} of this build). Signed APIs
///   (initiate, status, refund...) throw `UNKNOWN_API` here: they need the merchant key and belong
///   on a server, which uses the Node build of this package.
/// - `params`: `{txnToken, mid, orderId, paymentMode, ...}` with Paytm's camelCase member names (or
///   its JSON text), e.g. `{txnToken, mid, orderId, paymentMode: "UPI_INTENT"}`.
/// - `credentials`: must be absent (`undefined` or `null`): a browser never holds a secret.
/// - `options`: `{environment}`; production by default.
///
/// Returns a plain {@link HttpRequest} to send as it is. Throws a {@link PaytmCheckoutError}: the
/// failing member's code (`MISSING_FIELD`, `INVALID_ORDER_ID`...), `INVALID_ARGUMENT` for
/// arguments of the wrong type. Messages never contain values.
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "HttpRequest")]
pub fn build_request_web(
    #[wasm_bindgen(unchecked_param_type = "ApiName")] api: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestParams | string")] params: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NoCredentials")] credentials: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "BuildOptions | null")] options: &JsValue,
) -> Result<JsValue, JsValue> {
    to_js((|| {
        let api = string_arg(api, "api")?;
        if api != WEB_API {
            return Err(err(
                ErrorCode::UnknownApi,
                format!(
                    "api: the web build builds only {WEB_API} ({} characters given); signed APIs \
                     belong on a server (the Node build)",
                    api.len()
                ),
            ));
        }
        no_secret(
            credentials,
            "credentials",
            "process_transaction needs only the txnToken",
        )?;
        let params = Zeroizing::new(json_arg(params, "params")?);
        let options = options_arg(options)?;
        // The browser's JSON.parse into core's tree, read by core (see `tree`).
        let input = ProcessTransaction::from_tree(&tree::parse(
            &params,
            WEB_API,
            ErrorCode::InvalidParams,
        )?)?;
        to_plain(&input.build(&options.environment)?)
    })())
}

#[cfg(all(feature = "process", not(feature = "requests")))]
/// Every API name {@link buildRequest} accepts in the web build: `["process_transaction"]`.
#[wasm_bindgen(js_name = apiNames, unchecked_return_type = "ApiName[]")]
pub fn api_names() -> Array {
    std::iter::once(JsValue::from_str(WEB_API)).collect()
}

#[cfg(feature = "explain")]
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
        let key = cached_key(key)?;
        let checksum = checksum_arg(checksum)?;
        let mode_name = if mode.is_undefined() || mode.is_null() {
            None
        } else {
            Some(string_arg(mode, "mode")?)
        };
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

// ---------------------------------------------------------------------------------------------
// The drop-in for the official `paytmchecksum` npm module

#[cfg(feature = "checksums")]
/// A drop-in replacement for the official `paytmchecksum` npm module (v1.5.1): the same static
/// methods, backed by the Rust core. Switch with
/// `const PaytmChecksum = require("paytm-checkout/paytmchecksum")`.
///
/// Deliberate differences (see the package README): the text "null" in a map signs as "" (Paytm's
/// server rule); the caller's object is never modified; keys may be 16, 24 or 32 bytes; map names
/// sort by byte order; bad input throws (or rejects with) a {@link PaytmCheckoutError}.
#[wasm_bindgen]
#[repr(transparent)]
pub struct PaytmChecksum {
    /// Nothing: every method is static. A [`object::State`] all the same, so that this class's
    /// `free` called on another class's object (`PaytmChecksum.prototype.free.call(session)`)
    /// is recognised and does nothing (see [`object`]).
    state: object::State<StaticsOnly>,
}

#[cfg(feature = "checksums")]
/// What a `PaytmChecksum` object holds: nothing.
struct StaticsOnly;

#[cfg(feature = "checksums")]
fn promise(r: Result<String, Error>) -> Promise {
    match r {
        Ok(s) => Promise::resolve(&JsValue::from(s)),
        Err(e) => Promise::reject(&js_error(&e)),
    }
}

#[cfg(feature = "checksums")]
#[wasm_bindgen]
impl PaytmChecksum {
    /// Like the official module's class, constructible, though every method is static.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)] // a JS constructor; Rust never makes one
    pub fn new() -> PaytmChecksum {
        PaytmChecksum {
            state: object::State::new(StaticsOnly),
        }
    }

    /// Releases the object (it holds nothing); calling it again does nothing.
    pub fn free(&self) {
        self.state.free();
    }

    /// Paytm's fixed AES-CBC initialisation vector.
    #[wasm_bindgen(getter)]
    pub fn iv() -> String {
        "@@@@&&&&####$$$$".to_owned()
    }

    /// Checksum of a JSON body (string, exact UTF-8 bytes) or a parameter map, with a random salt.
    /// Never throws: bad input rejects the promise with a {@link PaytmCheckoutError}.
    #[wasm_bindgen(js_name = generateSignature, unchecked_return_type = "Promise<string>")]
    pub fn generate_signature(
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    ) -> Promise {
        promise((|| {
            let key = cached_key(key)?;
            key.generate(signing_text(params)?.as_bytes())
        })())
    }

    /// `true` when `checksum` is a valid checksum of `params` (string or map; a `CHECKSUMHASH`
    /// entry is ignored and, unlike the official module, not deleted from your object). Malformed
    /// checksums are `false`; arguments of the wrong type throw a {@link PaytmCheckoutError}.
    #[wasm_bindgen(js_name = verifySignature)]
    pub fn verify_signature(
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    ) -> Result<bool, JsValue> {
        verify_checksum(params, key, checksum)
    }

    /// Checksum of the exact UTF-8 bytes of `params`, with a random salt.
    #[wasm_bindgen(js_name = generateSignatureByString, unchecked_return_type = "Promise<string>")]
    pub fn generate_signature_by_string(
        #[wasm_bindgen(unchecked_param_type = "string")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    ) -> Promise {
        promise((|| {
            let key = cached_key(key)?;
            key.generate(text_arg(params, "params")?.as_bytes())
        })())
    }

    /// `true` when `checksum` is a valid checksum of the exact UTF-8 bytes of `params`.
    #[wasm_bindgen(js_name = verifySignatureByString)]
    pub fn verify_signature_by_string(
        #[wasm_bindgen(unchecked_param_type = "string")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    ) -> Result<bool, JsValue> {
        to_js((|| {
            let key = cached_key(key)?;
            let text = text_arg(params, "params")?;
            let checksum = checksum_arg(checksum)?;
            Ok(key.verify(text.as_bytes(), checksum.as_bytes()))
        })())
    }

    /// Checksum of the string `params` with the given 4-character ASCII salt (deterministic).
    #[wasm_bindgen(js_name = calculateChecksum)]
    pub fn calculate_checksum(
        #[wasm_bindgen(unchecked_param_type = "string")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] salt: &JsValue,
    ) -> Result<String, JsValue> {
        to_js((|| {
            let key = cached_key(key)?;
            let text = text_arg(params, "params")?;
            Ok(key.generate_with_salt(text.as_bytes(), salt_arg(salt)?))
        })())
    }

    /// `hex(sha256(params + "|" + salt)) + salt`: the plaintext inside a checksum (no secret).
    #[wasm_bindgen(js_name = calculateHash)]
    pub fn calculate_hash(
        #[wasm_bindgen(unchecked_param_type = "string")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] salt: &JsValue,
    ) -> Result<String, JsValue> {
        to_js((|| {
            let text = text_arg(params, "params")?;
            Ok(checksum::hash(text.as_bytes(), salt_arg(salt)?))
        })())
    }

    /// The values of `params` sorted by name (byte order), joined with `|`, `null` and the text
    /// "null" (any case) as "" — including a `CHECKSUMHASH` entry, as the official module does.
    #[wasm_bindgen(js_name = getStringByParams)]
    pub fn get_string_by_params(
        #[wasm_bindgen(unchecked_param_type = "Params")] params: &JsValue,
    ) -> Result<String, JsValue> {
        to_js(params_map(params).map(|p| p.joined()))
    }

    /// base64(AES-CBC(key, iv, PKCS7(UTF-8 of `input`))). AES-128/192/256 by key length.
    pub fn encrypt(
        #[wasm_bindgen(unchecked_param_type = "string")] input: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    ) -> Result<String, JsValue> {
        to_js((|| {
            let text = Zeroizing::new(string_arg(input, "input")?);
            Ok(cached_key(key)?.encrypt_text(text.as_bytes()))
        })())
    }

    /// The inverse of `encrypt`, as UTF-8 text. Throws a {@link PaytmCheckoutError} for text that
    /// is not base64, not whole blocks, does not decrypt with this key or is not UTF-8.
    pub fn decrypt(
        #[wasm_bindgen(unchecked_param_type = "string")] encrypted: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    ) -> Result<String, JsValue> {
        to_js((|| {
            let text = string_arg(encrypted, "encrypted text")?;
            let plain = cached_key(key)?.decrypt_text(text.as_bytes(), usize::MAX)?;
            String::from_utf8(plain.to_vec())
                .map_err(|_| err(ErrorCode::InvalidUtf8, "decrypted text is not valid UTF-8"))
        })())
    }
}
