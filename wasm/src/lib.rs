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
//! - **Errors are real `Error` objects** carrying core's `code` (a stable name) and `errno` (its
//!   number), with core's message, which never contains a key or a parameter value.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, JsString, Promise, Uint8Array};
use paytm_checkout::checksum;
use paytm_checkout::{Error, ErrorCode, MerchantKey as CoreKey, Params, Salt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

/// Largest text input accepted, in UTF-16 code units (at most 3 bytes of UTF-8 each). Checked
/// before copying: a failed allocation inside wasm aborts the module.
pub const MAX_INPUT_UNITS: u32 = 16 * 1024 * 1024;
/// Longest key string looked at (in UTF-16 code units); anything longer is an invalid length.
const MAX_KEY_UNITS: u32 = 1024;

/// TypeScript declarations the generated `.d.ts` cannot infer. The error-code union is filled in by
/// `scripts/build-wasm.sh` from `errorCodes()` (core's list), so it never goes stale.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Map-mode parameters: names to string values; `null` (and the text "null" in any case) signs as "". */
export type Params = Record<string, string | null>;
/** A merchant key: its UTF-8 text, or its raw bytes (16, 24 or 32). */
export type Key = string | Uint8Array;
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

/// `typeof`-like name of a value for messages (never the value itself).
fn type_name(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.is_string() {
        "string"
    } else if v.as_f64().is_some() {
        "number"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if v.is_bigint() {
        "bigint"
    } else if v.is_symbol() {
        "symbol"
    } else if v.is_function() {
        "function"
    } else if Array::is_array(v) {
        "array"
    } else {
        "object"
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// A JS string, size-checked before it is copied into wasm memory. `None` if `v` is not a string.
fn bounded_string(v: &JsValue, what: &str) -> Result<Option<String>, Error> {
    let Some(s) = v.dyn_ref::<JsString>() else {
        return Ok(None);
    };
    if s.length() > MAX_INPUT_UNITS {
        return Err(err(
            ErrorCode::InputTooLarge,
            format!("{what} is longer than {MAX_INPUT_UNITS} UTF-16 code units"),
        ));
    }
    Ok(v.as_string())
}

/// A required string argument.
fn string_arg(v: &JsValue, what: &str) -> Result<String, Error> {
    bounded_string(v, what)?.ok_or_else(|| {
        err(
            ErrorCode::InvalidArgument,
            format!("{what} must be a string, got {}", type_name(v)),
        )
    })
}

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
    if let Some(s) = v.dyn_ref::<JsString>() {
        if s.length() > MAX_KEY_UNITS {
            return Err(too_long(MAX_KEY_UNITS));
        }
        let text = Zeroizing::new(v.as_string().unwrap_or_default());
        return Ok(Zeroizing::new(text.as_bytes().to_vec()));
    }
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        if a.length() > MAX_KEY_UNITS {
            return Err(too_long(MAX_KEY_UNITS));
        }
        return Ok(Zeroizing::new(a.to_vec()));
    }
    Err(err(
        ErrorCode::InvalidArgument,
        format!(
            "merchant key must be a string or a Uint8Array, got {}",
            type_name(v)
        ),
    ))
}

/// A plain object of string|null values as core's [`Params`].
fn params_map(v: &JsValue) -> Result<Params, Error> {
    let bad = |why: String| err(ErrorCode::InvalidParams, format!("params: {why}"));
    if !v.is_object() || v.is_function() {
        return Err(bad(format!(
            "expected a string or an object whose values are strings or null, got {}",
            type_name(v)
        )));
    }
    if Array::is_array(v) || v.is_instance_of::<js_sys::Map>() || v.is_instance_of::<js_sys::Set>()
    {
        return Err(bad(format!(
            "expected a plain object whose values are strings or null, got {}",
            if Array::is_array(v) {
                "an array"
            } else {
                "a Map or Set"
            }
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

/// What a checksum covers: a string's exact UTF-8 bytes, or a map's signing string.
fn signing_text(params: &JsValue) -> Result<String, Error> {
    match bounded_string(params, "params")? {
        Some(s) => Ok(s),
        None => Ok(params_map(params)?.signing_string()),
    }
}

fn salt_arg(v: &JsValue) -> Result<Salt, Error> {
    let s = string_arg(v, "salt")?;
    Salt::new(s.as_bytes())
}

fn checksum_arg(v: &JsValue) -> Result<String, Error> {
    // A checksum is 108 characters; core bounds the work on longer ones.
    string_arg(v, "checksum")
}

// ---------------------------------------------------------------------------------------------
// The one-entry key cache

struct CachedKey {
    raw: Zeroizing<Vec<u8>>,
    key: Rc<CoreKey>,
}

thread_local! {
    /// The last key used by the free functions and `PaytmChecksum`, so repeated calls with the same
    /// key do not expand it again. Holds the raw key and its schedule (both zeroized when replaced
    /// or cleared with `clearKeyCache()`), which the caller's own string already exposes.
    static KEY_CACHE: RefCell<Option<CachedKey>> = const { RefCell::new(None) };
}

fn cached_key(v: &JsValue) -> Result<Rc<CoreKey>, Error> {
    let raw = key_bytes(v)?;
    KEY_CACHE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if let Some(c) = slot.as_ref() {
            if c.raw.as_slice() == raw.as_slice() {
                return Ok(Rc::clone(&c.key));
            }
        }
        let key = Rc::new(CoreKey::new(&raw)?);
        *slot = Some(CachedKey {
            raw,
            key: Rc::clone(&key),
        });
        Ok(key)
    })
}

/// Forgets (and zeroizes) the key cached by `generateChecksum`, `verifyChecksum` and the
/// `PaytmChecksum` functions. They cache the last key used so that repeated calls with the same key
/// skip the AES key expansion; call this when the key should no longer be held in memory.
#[wasm_bindgen(js_name = clearKeyCache)]
pub fn clear_key_cache() {
    KEY_CACHE.with(|cell| cell.borrow_mut().take());
}

// ---------------------------------------------------------------------------------------------
// The native API

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
    #[wasm_bindgen(unchecked_optional_param_type = "string")] salt: Option<JsString>,
) -> Result<String, JsValue> {
    to_js((|| {
        let key = cached_key(key)?;
        let text = signing_text(params)?;
        generate_with(&key, &text, salt.as_ref().map(JsValue::from).as_ref())
    })())
}

fn generate_with(key: &CoreKey, text: &str, salt: Option<&JsValue>) -> Result<String, Error> {
    match salt {
        Some(s) if !s.is_undefined() => Ok(key.generate_with_salt(text.as_bytes(), salt_arg(s)?)),
        _ => key.generate(text.as_bytes()),
    }
}

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

/// A merchant key, expanded once: the fastest way to sign or verify many times with one key.
///
/// The key schedule lives in WebAssembly memory and is zeroized by `free()` (or by the garbage
/// collector's finalizer, or `using`); prefer calling `free()` when done.
#[wasm_bindgen(js_name = MerchantKey)]
pub struct JsMerchantKey {
    inner: CoreKey,
}

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
                inner: CoreKey::new(&key_bytes(key)?)?,
            })
        })())
    }

    /// The key length in bytes (16, 24 or 32).
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// Generates a checksum of `params` (see {@link generateChecksum}), with `salt` (4 ASCII
    /// characters) or a random one.
    pub fn generate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] salt: Option<JsString>,
    ) -> Result<String, JsValue> {
        to_js((|| {
            let text = signing_text(params)?;
            generate_with(
                &self.inner,
                &text,
                salt.as_ref().map(JsValue::from).as_ref(),
            )
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
            Ok(self.inner.verify(text.as_bytes(), checksum.as_bytes()))
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
            self.inner.check(text.as_bytes(), checksum.as_bytes())
        })())
    }
}

// ---------------------------------------------------------------------------------------------
// The drop-in for the official `paytmchecksum` npm module

/// A drop-in replacement for the official `paytmchecksum` npm module (v1.5.1): the same static
/// methods, backed by the Rust core. Switch with
/// `const PaytmChecksum = require("paytm-checkout/paytmchecksum")`.
///
/// Deliberate differences (see the package README): the text "null" in a map signs as "" (Paytm's
/// server rule); the caller's object is never modified; keys may be 16, 24 or 32 bytes; map names
/// sort by byte order; bad input throws (or rejects with) a {@link PaytmCheckoutError}.
#[wasm_bindgen]
pub struct PaytmChecksum {
    _private: (),
}

fn promise(r: Result<String, Error>) -> Promise {
    match r {
        Ok(s) => Promise::resolve(&JsValue::from(s)),
        Err(e) => Promise::reject(&js_error(&e)),
    }
}

#[wasm_bindgen]
impl PaytmChecksum {
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
            key.generate(string_arg(params, "params")?.as_bytes())
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
            let text = string_arg(params, "params")?;
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
            let text = string_arg(params, "params")?;
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
            let text = string_arg(params, "params")?;
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
