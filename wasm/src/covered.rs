//! What the checksum functions read (the `MerchantKey` class and the free functions alike): what
//! a checksum covers (a string's exact bytes or a parameter map), its salt, and the checksum.

use js_sys::Array;
use paytm_checkout::{Error, ErrorCode, MerchantKey as CoreKey, Params, Salt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::args::{absent, bounded_string, type_name, MAX_INPUT_UNITS};
use crate::error::err;
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
pub(crate) fn salt_arg(v: &JsValue) -> Result<Salt, Error> {
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
