//! String arguments of the checksum functions, copied into wasm memory through `TextEncoder`
//! (the Node build's hot path).
//!
//! Measured (node --cpu-prof, verifySignature on a 236-byte body): copying the body and the
//! checksum into wasm memory was 26% of a verification. `JsValue::as_string` copies through
//! wasm-bindgen's glue, a JavaScript loop of `charCodeAt` and typed-array stores (~2.6 ns per
//! character: ~620 ns for 236 characters), then a `malloc` call back into wasm and a `free`.
//! `TextEncoder.encodeInto` writes the same UTF-8 (lone surrogates as U+FFFD, as the glue does) in
//! ~100 ns, straight into a buffer kept for the next call.
//!
//! Only public data goes through here (parameters, checksums, salts): never a key.

use std::cell::RefCell;

use js_sys::JsString;
use paytm_checkout::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::args::{checked_units, not_a_string};
use crate::value;

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

/// Largest string (in UTF-8 bytes, 3 per UTF-16 unit at most) copied through a reused buffer;
/// longer ones take `as_string` and their own allocation, so no large buffer stays behind.
const SCRATCH_MAX: usize = 64 * 1024;

thread_local! {
    /// `None` if the host has no `TextEncoder`: every string then takes `as_string`.
    static ENCODER: Option<Utf8Encoder> = Utf8Encoder::new().ok();
    /// Spare buffers for [`Text`]. Taken and given back, never borrowed across a call into
    /// JavaScript, so a re-entrant call (a getter of a map argument calling this module) simply
    /// finds none and allocates.
    static SPARE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// The UTF-8 of a string argument (or a map's signing string), in a buffer that goes back to
/// [`SPARE`] when dropped. Only public data: parameters, checksums, salts (never a key).
pub(crate) struct Text {
    buf: Vec<u8>,
    len: usize,
}

impl Text {
    /// A string already copied (a map's signing string, a long argument).
    pub(crate) fn owned(s: String) -> Text {
        let len = s.len();
        Text {
            buf: s.into_bytes(),
            len,
        }
    }

    /// The UTF-8 bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        // `len <= buf.len()` by construction; `get` keeps even a broken invariant from panicking.
        self.buf.get(..self.len).unwrap_or_default()
    }
}

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

/// A JS string as [`Text`], size-checked before it is copied (as
/// [`crate::args::bounded_string`], same error).
/// `None` if `v` is not a string.
pub(crate) fn js_text(v: &JsValue, what: &str) -> Result<Option<Text>, Error> {
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

/// A required string argument as [`Text`] (the error of [`crate::args::string_arg`] otherwise).
pub(crate) fn text_arg(v: &JsValue, what: &str) -> Result<Text, Error> {
    js_text(v, what)?.ok_or_else(|| not_a_string(v, what))
}
