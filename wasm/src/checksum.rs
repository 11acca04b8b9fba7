//! Checksums with the merchant key (the Node build): `generateChecksum`, `verifyChecksum`, and
//! `PaytmChecksum`, the drop-in for the official `paytmchecksum` npm module. Their arguments are
//! read by [`crate::covered`].
//!
//! The algorithm, the map rule and the constant-time comparison are core's; the key is read by
//! [`crate::key::key_arg`], strings through [`crate::text`]'s fast path.

use js_sys::Promise;
use paytm_checkout::checksum::{self, IV};
use paytm_checkout::{Error, ErrorCode, Salt};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::args::string_arg;
use crate::covered::{
    checksum_arg, generate_with, opt_salt_arg, params_map, salt_arg, signing_text,
};
use crate::error::{err, js_error, to_js};
use crate::key::key_arg;
use crate::object::State;
use crate::text::{text_arg, Text};

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
    to_js(generate_over(
        key,
        || signing_text(params),
        || opt_salt_arg(salt),
    ))
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
    verify_over(key, || signing_text(params), checksum)
}

/// The generate exports' one body: reads the key, what is signed (`text`) and the salt (`None`: a
/// random one), in that order, so the first bad argument is the error; the checksum.
fn generate_over(
    key: &JsValue,
    text: impl FnOnce() -> Result<Text, Error>,
    salt: impl FnOnce() -> Result<Option<Salt>, Error>,
) -> Result<String, Error> {
    let key = key_arg(key)?;
    let text = text()?;
    generate_with(&key, text.as_bytes(), salt()?)
}

/// The verify exports' one body: reads the key, what is signed (`text`) and the checksum, in that
/// order; the verdict (a malformed checksum is `false`).
fn verify_over(
    key: &JsValue,
    text: impl FnOnce() -> Result<Text, Error>,
    checksum: &JsValue,
) -> Result<bool, JsValue> {
    to_js((|| {
        let key = key_arg(key)?;
        let text = text()?;
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
        promise(generate_over(key, || signing_text(params), || Ok(None)))
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
        promise(generate_over(
            key,
            || text_arg(params, "params"),
            || Ok(None),
        ))
    }

    /// `true` when `checksum` is a valid checksum of the exact UTF-8 bytes of `params`.
    #[wasm_bindgen(js_name = verifySignatureByString)]
    pub fn verify_signature_by_string(
        #[wasm_bindgen(unchecked_param_type = "string")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    ) -> Result<bool, JsValue> {
        verify_over(key, || text_arg(params, "params"), checksum)
    }

    /// Checksum of the string `params` with the given 4-character ASCII salt (deterministic).
    #[wasm_bindgen(js_name = calculateChecksum)]
    pub fn calculate_checksum(
        #[wasm_bindgen(unchecked_param_type = "string")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Key")] key: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] salt: &JsValue,
    ) -> Result<String, JsValue> {
        let text = || text_arg(params, "params");
        to_js(generate_over(key, text, || salt_arg(salt).map(Some)))
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
