//! The merchant key: the one road every function that takes a key goes by ([`key_arg`]), the
//! one-entry cache behind it, and the `MerchantKey` class (the Node build only: a browser never
//! holds the key).
//!
//! A key argument is either a key's text or bytes (16, 24 or 32 bytes), expanded once and kept
//! in the cache so that repeated calls with the same key skip the AES key expansion, or a
//! `MerchantKey`, already expanded, which the call borrows. Checksums, `explain`, the
//! `PaytmChecksum` drop-in, `credentials.merchantKey` (requests, sessions), and the key of
//! `parseResponse` and `parseCallback` all read it here.

use std::cell::{RefCell, RefMut};
use std::rc::Rc;

use paytm_checkout::{Error, ErrorCode, MerchantKey as CoreKey};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::args::{absent, type_name};
use crate::covered::{checksum_arg, generate_with, opt_salt_arg, signing_text};
use crate::error::{err, to_js};
use crate::object::State;
use crate::value;

/// The types of the merchant-key functions (the Node build).
#[wasm_bindgen(typescript_custom_section)]
const TS_KEY_TYPES: &str = r#"
/** Map-mode parameters: names to string values; `null` (and the text "null" in any case) signs as "". */
export type Params = Record<string, string | null>;
/** A merchant key: its UTF-8 text, its raw bytes (16, 24 or 32), or a {@link MerchantKey} made once. */
export type Key = string | Uint8Array | MerchantKey;
"#;

/// Longest key string looked at (in UTF-16 code units); anything longer is an invalid length.
const MAX_KEY_UNITS: u32 = 1024;

/// The bytes of a key: a string's UTF-8 or a Uint8Array's contents (any length; core checks it).
/// Anything else is `INVALID_ARGUMENT`, saying what the key may be (`kinds`).
fn key_bytes(v: &JsValue, kinds: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
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
        format!("merchant key must be {kinds}, got {}", type_name(v)),
    ))
}

/// A merchant key argument: a `MerchantKey` (borrowed for the call), or a key's text or bytes
/// (through the one-entry cache). Every function that takes a key reads it here.
pub(crate) fn key_arg(v: &JsValue) -> Result<Rc<CoreKey>, Error> {
    if let Some(key) = cache_hit(v) {
        return Ok(key);
    }
    if let Some(key) = lent_key(v)? {
        return Ok(key);
    }
    cached_key(v)
}

/// An optional key (the parsers'): `undefined` or `null` is none.
pub(crate) fn opt_key_arg(v: &JsValue) -> Result<Option<Rc<CoreKey>>, Error> {
    if absent(v) {
        Ok(None)
    } else {
        key_arg(v).map(Some)
    }
}

// ---------------------------------------------------------------------------------------------
// The one-entry key cache

struct CachedKey {
    raw: Zeroizing<Vec<u8>>,
    /// The JS string the key came from, when it was one: JS strings are immutable, so the same
    /// string (`===`) is the same key, recognised without copying it into wasm memory again.
    text: Option<JsValue>,
    key: Rc<CoreKey>,
}

thread_local! {
    /// The last key given as text or bytes, so repeated calls with the same key do not expand it
    /// again. Holds the raw key and its schedule (both zeroized when replaced or cleared with
    /// `clearKeyCache()`) and a reference to the caller's key string, all of which the caller's
    /// own string already exposes.
    static KEY_CACHE: RefCell<Option<CachedKey>> = const { RefCell::new(None) };
}

/// The cached key when `v` is the very same key string as last time.
fn cache_hit(v: &JsValue) -> Option<Rc<CoreKey>> {
    // Fast path (measured: a third of the key handling of a verify): compared by JS `===` (one
    // call, no copy, no allocation). Only strings: a Uint8Array may have been modified since.
    KEY_CACHE.with(|cell| {
        cell.borrow()
            .as_ref()
            .filter(|c| c.text.as_ref().is_some_and(|t| t == v))
            .map(|c| Rc::clone(&c.key))
    })
}

/// A key's text or bytes, expanded, or the cached key when it is the same key.
fn cached_key(v: &JsValue) -> Result<Rc<CoreKey>, Error> {
    let raw = key_bytes(v, "a string, a Uint8Array or a MerchantKey")?;
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

/// Forgets (and zeroizes) the key cached by the functions that take a key as text or bytes
/// (`generateChecksum`, `verifyChecksum`, the `PaytmChecksum` functions, `explain`, the parsers,
/// and credentials). They cache the last such key so that repeated calls with the same key skip
/// the AES key expansion; call this when the key should no longer be held in memory. A
/// `MerchantKey` is never cached: `free()` it instead.
#[wasm_bindgen(js_name = clearKeyCache)]
pub fn clear_key_cache() {
    KEY_CACHE.with(|cell| cell.borrow_mut().take());
}

// ---------------------------------------------------------------------------------------------
// A MerchantKey given where a key is taken
//
// wasm-bindgen turns a JS object into its Rust object only for a parameter of that class's type,
// in its glue (and only by taking it over for `TryFromJsValue`). A key argument may be a string
// too, so the key is lent instead: the genuine `MerchantKey.prototype.__lendKey`, called on the
// argument, puts its key in `LOAN`, and [`lent_key`] takes it out at once. The argument must
// have `MerchantKey.prototype` as its prototype (the check wasm-bindgen's own glue makes with
// `instanceof`), so data (a parsed JSON object) never reaches the glue's pointer.

/// A key being lent: asked for by [`lent_key`], then handed over by `__lendKey`.
enum Loan {
    Asked,
    Lent(Result<Rc<CoreKey>, Error>),
}

thread_local! {
    /// `MerchantKey.prototype` and its `__lendKey` method, read once from a `MerchantKey` this
    /// module made (empty: it never held a key).
    static CLASS: Option<(JsValue, js_sys::Function)> = class();
    /// The loan in progress; empty between calls.
    static LOAN: RefCell<Option<Loan>> = const { RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    /// `Object.getPrototypeOf`, which runs a Proxy's trap: it may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(v: &JsValue) -> Result<JsValue, JsValue>;
}

fn class() -> Option<(JsValue, js_sys::Function)> {
    let probe = JsValue::from(JsMerchantKey {
        state: State::freed(),
    });
    let prototype = prototype_of(&probe).ok()?;
    let lend = js_sys::Reflect::get(&prototype, &JsValue::from_str("__lendKey")).ok()?;
    Some((prototype, lend.dyn_into().ok()?))
}

/// The key of a `MerchantKey` argument, `None` when `v` is not one. `INVALID_HANDLE` for a freed
/// one.
fn lent_key(v: &JsValue) -> Result<Option<Rc<CoreKey>>, Error> {
    if !v.is_object() {
        return Ok(None);
    }
    let Some(lend) = CLASS.with(|class| {
        let (prototype, lend) = class.as_ref()?;
        (prototype_of(v).ok()? == *prototype).then(|| lend.clone())
    }) else {
        return Ok(None);
    };
    LOAN.with(|loan| *loan.borrow_mut() = Some(Loan::Asked));
    let called = lend.call0(v);
    let loan = LOAN.with(|loan| loan.borrow_mut().take());
    match (called, loan) {
        (Ok(_), Some(Loan::Lent(key))) => key.map(Some),
        // A replaced `__lendKey`, or a Proxy dressed as a key whose traps throw.
        _ => Err(err(
            ErrorCode::InvalidArgument,
            "merchant key: this MerchantKey cannot be read",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// The MerchantKey class

/// A merchant key, expanded once: the fastest way to sign or verify many times with one key,
/// and accepted wherever a key is (`generateChecksum`, `credentials.merchantKey`,
/// `parseResponse`, `Session`...), which then use it without copying or caching it.
///
/// The key schedule lives in WebAssembly memory and is zeroized by `free()` (or by the garbage
/// collector's finalizer, or `using`); prefer calling `free()` when done. After `free()` every
/// call throws `INVALID_HANDLE`. Arguments are read before the key is used: a getter that frees
/// the key makes the call throw `INVALID_HANDLE`, never touch freed memory.
#[wasm_bindgen(js_name = MerchantKey)]
#[repr(transparent)]
pub struct JsMerchantKey {
    /// The expanded key (see [`crate::object`]), shared with a call it is lent to.
    state: State<Rc<CoreKey>>,
}

impl JsMerchantKey {
    /// The live key (arguments already converted: see [`crate::object`]).
    fn key(&self) -> Result<RefMut<'_, Rc<CoreKey>>, Error> {
        self.state.get()
    }

    /// `verify` and `check`: reads what the checksum covers and the checksum (arguments first),
    /// then asks the live key.
    fn over<T>(
        &self,
        params: &JsValue,
        checksum: &JsValue,
        ask: impl FnOnce(&CoreKey, &[u8], &[u8]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let text = signing_text(params)?;
        let checksum = checksum_arg(checksum)?;
        ask(&**self.key()?, text.as_bytes(), checksum.as_bytes())
    }
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
                state: State::new(Rc::new(CoreKey::new(&key_bytes(
                    key,
                    "a string or a Uint8Array",
                )?)?)),
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

    /// Hands this key to the function it was passed to (see `lent_key`); does nothing when
    /// called from JavaScript.
    #[wasm_bindgen(js_name = __lendKey, skip_typescript)]
    pub fn lend(&self) {
        LOAN.with(|loan| {
            let mut loan = loan.borrow_mut();
            if matches!(*loan, Some(Loan::Asked)) {
                *loan = Some(Loan::Lent(self.key().map(|k| Rc::clone(&k))));
            }
        });
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
            generate_with(&**self.key()?, text.as_bytes(), salt)
        })())
    }

    /// `true` when `checksum` is this key's checksum of `params`; malformed checksums are `false`.
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    ) -> Result<bool, JsValue> {
        to_js(self.over(params, checksum, |key, text, sum| Ok(key.verify(text, sum))))
    }

    /// As `verify`, but says why: returns nothing when valid, throws a {@link PaytmCheckoutError}
    /// otherwise (`CHECKSUM_MISMATCH`, or `CHECKSUM_ENCODING`/`_LENGTH`/`_PADDING`/`_CONTENT` for a
    /// malformed checksum).
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Params")] params: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] checksum: &JsValue,
    ) -> Result<(), JsValue> {
        to_js(self.over(params, checksum, |key, text, sum| key.check(text, sum)))
    }
}
