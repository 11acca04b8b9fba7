//! Checksums with the merchant key (the Node build): `generateChecksum`, `verifyChecksum`, and
//! `PaytmChecksum`, the drop-in for the official `paytmchecksum` npm module; with the readers of
//! what a checksum covers (a string's exact bytes or a parameter map), its salt and the checksum.
//!
//! The algorithm, the map rule and the constant-time comparison are core's; the key is read by
//! [`crate::key::key_arg`], strings through [`crate::text`]'s fast path.

use js_sys::{Array, Promise};
use paytm_checkout::checksum::{self, IV};
use paytm_checkout::{Error, ErrorCode, MerchantKey as CoreKey, Params, Salt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::args::{absent, bounded_string, string_arg, type_name, MAX_INPUT_UNITS};
use crate::error::{err, js_error, to_js};
use crate::key::key_arg;
use crate::object::State;
use crate::text::{js_text, text_arg, Text};
use crate::value;

#[wasm_bindgen]
extern "C" {
    /// `Object.entries`, which runs getters and proxy traps: those may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(o: &JsValue) -> Result<Array, JsValue>;
}

/// A plain object of string|null values as core's [`Params`].
pub(crate) fn params_map(v: &JsValue) -> Result<Params, Error> {
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

/// What a checksum covers: a string's exact UTF-8 bytes, or a map's signing string.
pub(crate) fn signing_text(params: &JsValue) -> Result<Text, Error> {
    match js_text(params, "params")? {
        Some(t) => Ok(t),
        None => Ok(Text::owned(params_map(params)?.signing_string())),
    }
}

/// A salt: 4 ASCII characters.
fn salt_arg(v: &JsValue) -> Result<Salt, Error> {
    Salt::new(text_arg(v, "salt")?.as_bytes())
}

/// An optional salt: `undefined` or `null` is a random one.
pub(crate) fn opt_salt_arg(v: &JsValue) -> Result<Option<Salt>, Error> {
    if absent(v) {
        Ok(None)
    } else {
        salt_arg(v).map(Some)
    }
}

/// A checksum argument.
pub(crate) fn checksum_arg(v: &JsValue) -> Result<Text, Error> {
    // A checksum is 108 characters; core bounds the work on longer ones.
    text_arg(v, "checksum")
}

/// A checksum of `text` with `salt`, or a random salt.
pub(crate) fn generate_with(
    key: &CoreKey,
    text: &[u8],
    salt: Option<Salt>,
) -> Result<String, Error> {
    match salt {
        Some(salt) => Ok(key.generate_with_salt(text, salt)),
        None => key.generate(text),
    }
}

/// Generates a Paytm checksum.
///
/// - `params`: a string is signed as its exact UTF-8 bytes (JSON request bodies); an object is
///   signed in map mode: its values sorted by name (byte order) and joined with `|`, `null` and the
///   text "null" (any case) as "", a `CHECKSUMHASH` entry ignored.
/// - `key`: the merchant key, as text (its UTF-8 bytes) or raw bytes (16, 24 or 32 bytes), or a
///   {@link MerchantKey}.
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
        let key = key_arg(key)?;
        let text = signing_text(params)?;
        generate_with(&key, text.as_bytes(), opt_salt_arg(salt)?)
    })())
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
        let key = key_arg(key)?;
        let text = signing_text(params)?;
        let checksum = checksum_arg(checksum)?;
        Ok(key.verify(text.as_bytes(), checksum.as_bytes()))
    })())
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
#[repr(transparent)]
pub struct PaytmChecksum {
    /// Nothing: every method is static. A [`State`] all the same, so that this class's
    /// `free` called on another class's object (`PaytmChecksum.prototype.free.call(session)`)
    /// is recognised and does nothing (see [`crate::object`]).
    state: State<StaticsOnly>,
}

/// What a `PaytmChecksum` object holds: nothing.
struct StaticsOnly;

fn promise(r: Result<String, Error>) -> Promise {
    match r {
        Ok(s) => Promise::resolve(&JsValue::from(s)),
        Err(e) => Promise::reject(&js_error(&e)),
    }
}

#[wasm_bindgen]
impl PaytmChecksum {
    /// Like the official module's class, constructible, though every method is static.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)] // a JS constructor; Rust never makes one
    pub fn new() -> PaytmChecksum {
        PaytmChecksum {
            state: State::new(StaticsOnly),
        }
    }

    /// Releases the object (it holds nothing); calling it again does nothing.
    pub fn free(&self) {
        self.state.free();
    }

    /// Paytm's fixed AES-CBC initialisation vector.
    #[wasm_bindgen(getter)]
    pub fn iv() -> String {
        String::from_utf8_lossy(&IV).into_owned()
    }

    /// Checksum of a JSON body (string, exact UTF-8 bytes) or a parameter map, with a random salt.
    /// Never throws: bad input rejects the promise with a {@link PaytmCheckoutError}.
    #[wasm_bindgen(js_name = generateSignature, unchecked_return_type = "Promise<string>")]
    pub fn generate_signature(
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
    ) -> Promise {
        promise((|| {
            let key = key_arg(key)?;
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
            let key = key_arg(key)?;
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
            let key = key_arg(key)?;
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
            let key = key_arg(key)?;
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
            Ok(key_arg(key)?.encrypt_text(text.as_bytes()))
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
            let plain = key_arg(key)?.decrypt_text(text.as_bytes(), usize::MAX)?;
            String::from_utf8(plain.to_vec())
                .map_err(|_| err(ErrorCode::InvalidUtf8, "decrypted text is not valid UTF-8"))
        })())
    }
}
