//! C ABI for `paytm-checkout`: `libpaytm_checkout.{so,a}` and `include/paytm_checkout.h`.
//!
//! This crate owns the boundary and nothing else: it turns C arguments (pointer + length pairs,
//! opaque handles, out-parameters) into calls to the core crate and core errors into
//! [`ptm_result`] codes. It never implements checksum logic itself.
//!
//! Rules every export follows (see the project's design notes, "The C ABI"):
//! - the whole body runs inside [`guard`], the one panic boundary: a panic becomes `PTM_PANIC`;
//! - every pointer is checked for NULL (`PTM_NULL_POINTER`), except that `(NULL, 0)` is an empty
//!   input; a length above `PTRDIFF_MAX` is `PTM_INPUT_TOO_LARGE`;
//! - out-parameters are written only when the function returns `PTM_OK`;
//! - a malformed checksum is "not valid" (`PTM_OK` with `*out_valid == false`), never an error;
//! - strings returned by the library are freed only by `ptm_string_free`;
//! - a `ptm_result` coming *from* C is read as a plain integer, never as a Rust enum, because a C
//!   caller may pass any number.
//!
//! The header is generated from this file by cbindgen (`scripts/header.sh`): the doc comments
//! below are the C documentation.
#![allow(non_camel_case_types)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs, clippy::undocumented_unsafe_blocks)]

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

mod cipher;
mod handle;
mod responses;
mod session;

pub use cipher::*;
pub use responses::*;
pub use session::*;

use paytm_checkout::api::API_NAMES;
use paytm_checkout::explain::{explain, Mode};
use paytm_checkout::types::{ClientId, ClientSecret};
use paytm_checkout::{
    build_request, BuildOptions, Credentials, Error, ErrorCode, HttpRequest, MerchantKey, Params,
    Salt,
};

/// Major version of this library (the `x` of `x.y.z`); equals `ptm_version()`'s first number.
pub const PTM_VERSION_MAJOR: u32 = 0;
/// Minor version of this library (the `y` of `x.y.z`).
pub const PTM_VERSION_MINOR: u32 = 1;
/// Patch version of this library (the `z` of `x.y.z`).
pub const PTM_VERSION_PATCH: u32 = 0;
/// The version as one number, `MAJOR * 1000000 + MINOR * 1000 + PATCH` (0.1.0 is 1000), for
/// `#if PTM_VERSION_NUMBER >= ...` checks. Tested against `ptm_version()` from C.
pub const PTM_VERSION_NUMBER: u32 =
    PTM_VERSION_MAJOR * 1_000_000 + PTM_VERSION_MINOR * 1_000 + PTM_VERSION_PATCH;

/// The result of every fallible function: `PTM_OK` (0) or an error code.
///
/// The numbers are the core library's stable error codes and are never reused or renumbered:
/// 1xxx invalid input, 2xxx checksum or signature not valid (and why), 3xxx response parsing,
/// 9xxx boundary failures.
/// `ptm_result_message` gives a fixed description of any code.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ptm_result {
    /// Success.
    PTM_OK = 0,
    /// The merchant key is not 16, 24 or 32 bytes long.
    PTM_INVALID_KEY_LENGTH = 1001,
    /// A salt is not exactly 4 ASCII bytes.
    PTM_INVALID_SALT = 1002,
    /// Map-mode parameters are not a JSON object of string (or null) values.
    PTM_INVALID_PARAMS = 1003,
    /// Text input is not valid UTF-8.
    PTM_INVALID_UTF8 = 1004,
    /// An input is larger than this library accepts.
    PTM_INPUT_TOO_LARGE = 1005,
    /// An amount is not a positive decimal with at most 2 decimals.
    PTM_INVALID_AMOUNT = 1006,
    /// An order id is empty, too long, or has a character Paytm rejects (`|` among them).
    PTM_INVALID_ORDER_ID = 1007,
    /// A merchant id (MID) is malformed.
    PTM_INVALID_MID = 1008,
    /// A customer id is malformed.
    PTM_INVALID_CUSTOMER_ID = 1009,
    /// A UPI virtual payment address is malformed.
    PTM_INVALID_VPA = 1010,
    /// A mobile number is not 10 digits.
    PTM_INVALID_MOBILE = 1011,
    /// An email address is malformed.
    PTM_INVALID_EMAIL = 1012,
    /// A POS id is not of the form `Store_POS`.
    PTM_INVALID_POS_ID = 1013,
    /// A currency code is not accepted.
    PTM_INVALID_CURRENCY = 1014,
    /// A card number is not 12-19 digits or fails the Luhn check.
    PTM_INVALID_CARD_NUMBER = 1015,
    /// A CVV is not 3 or 4 digits.
    PTM_INVALID_CVV = 1016,
    /// A card expiry is not a valid month and 4-digit year.
    PTM_INVALID_EXPIRY = 1017,
    /// Card details are incomplete or contain `|`.
    PTM_INVALID_CARD_INFO = 1018,
    /// An EMI plan id is not `BANKCODE|MONTHS`.
    PTM_INVALID_PLAN_ID = 1019,
    /// A URL is malformed.
    PTM_INVALID_URL = 1020,
    /// A required field was not set.
    PTM_MISSING_FIELD = 1021,
    /// A field's value does not match its documented format.
    PTM_INVALID_FIELD = 1022,
    /// A timestamp is malformed or out of range.
    PTM_INVALID_TIMESTAMP = 1023,
    /// A refund reference id (REFID) is malformed.
    PTM_INVALID_REF_ID = 1024,
    /// A token (txnToken, access token, SSO token) is empty or malformed.
    PTM_INVALID_TOKEN = 1025,
    /// A client id or client secret is empty or malformed.
    PTM_INVALID_CREDENTIALS = 1026,
    /// An argument has the wrong type or shape (a number where text was expected, say).
    PTM_INVALID_ARGUMENT = 1027,
    /// The checksum is well formed and opens with the key, but does not match the parameters.
    PTM_CHECKSUM_MISMATCH = 2001,
    /// The checksum is not standard, padded base64.
    PTM_CHECKSUM_ENCODING = 2002,
    /// The checksum decodes to a length no Paytm checksum has.
    PTM_CHECKSUM_LENGTH = 2003,
    /// The checksum does not decrypt with this key (bad padding): another merchant's key, or corrupted.
    PTM_CHECKSUM_PADDING = 2004,
    /// The checksum decrypts, but not to a 64-hex-digit hash followed by a 4-byte ASCII salt.
    PTM_CHECKSUM_CONTENT = 2005,
    /// The response or callback carries no signature (or CHECKSUMHASH) where one is required.
    PTM_SIGNATURE_MISSING = 2006,
    /// The signed member or its signature appears more than once: which one was signed is ambiguous.
    PTM_SIGNATURE_AMBIGUOUS = 2007,
    /// The response body is not valid UTF-8 JSON (or nests too deeply).
    PTM_RESPONSE_NOT_JSON = 3001,
    /// The response lacks a required member, or a member has the wrong type.
    PTM_RESPONSE_MALFORMED = 3002,
    /// The HTTP status is not one this API answers with.
    PTM_RESPONSE_HTTP_STATUS = 3003,
    /// A callback or webhook body is not valid form-urlencoded or JSON data.
    PTM_CALLBACK_MALFORMED = 3004,
    /// No parser or builder exists for this API name.
    PTM_UNKNOWN_API = 3005,
    /// The call does not fit the session's state: no request of that kind is outstanding, a payment mode was already chosen, or the session is finished.
    PTM_SESSION_STATE = 4001,
    /// The txnToken is older than its 15-minute validity: no payment can be started with it; start a new order.
    PTM_TXN_TOKEN_EXPIRED = 4002,
    /// A response, callback or webhook is about another order, refund, MID or amount than the session's: it is refused and the session is unchanged (a request that was out stays out).
    PTM_ORDER_MISMATCH = 4003,
    /// Saved session data is not valid, or was saved by an incompatible version.
    PTM_SESSION_RESTORE = 4004,
    /// A new refund attempt is refused: the last one is pending (Paytm's rule: never retry a pending refund) or succeeded.
    PTM_REFUND_NOT_ALLOWED = 4005,
    /// A saved session's seal is missing or does not match: it was edited, saved without the merchant key (a client half), or sealed under another key.
    PTM_SESSION_SEAL = 4006,
    /// A required pointer argument was NULL.
    PTM_NULL_POINTER = 9001,
    /// A panic was caught at the library boundary; this is a bug, please report it.
    PTM_PANIC = 9002,
    /// The operating system's random number generator failed.
    PTM_RANDOM_UNAVAILABLE = 9003,
    /// A handle passed to the library is not a live object of the expected type.
    PTM_INVALID_HANDLE = 9004,
}

impl ptm_result {
    /// Every constant, in numeric order. The tests check it against the enum's header text and
    /// against `ErrorCode::ALL`, both ways, by number and name.
    pub const ALL: &'static [ptm_result] = &[
        ptm_result::PTM_OK,
        ptm_result::PTM_INVALID_KEY_LENGTH,
        ptm_result::PTM_INVALID_SALT,
        ptm_result::PTM_INVALID_PARAMS,
        ptm_result::PTM_INVALID_UTF8,
        ptm_result::PTM_INPUT_TOO_LARGE,
        ptm_result::PTM_INVALID_AMOUNT,
        ptm_result::PTM_INVALID_ORDER_ID,
        ptm_result::PTM_INVALID_MID,
        ptm_result::PTM_INVALID_CUSTOMER_ID,
        ptm_result::PTM_INVALID_VPA,
        ptm_result::PTM_INVALID_MOBILE,
        ptm_result::PTM_INVALID_EMAIL,
        ptm_result::PTM_INVALID_POS_ID,
        ptm_result::PTM_INVALID_CURRENCY,
        ptm_result::PTM_INVALID_CARD_NUMBER,
        ptm_result::PTM_INVALID_CVV,
        ptm_result::PTM_INVALID_EXPIRY,
        ptm_result::PTM_INVALID_CARD_INFO,
        ptm_result::PTM_INVALID_PLAN_ID,
        ptm_result::PTM_INVALID_URL,
        ptm_result::PTM_MISSING_FIELD,
        ptm_result::PTM_INVALID_FIELD,
        ptm_result::PTM_INVALID_TIMESTAMP,
        ptm_result::PTM_INVALID_REF_ID,
        ptm_result::PTM_INVALID_TOKEN,
        ptm_result::PTM_INVALID_CREDENTIALS,
        ptm_result::PTM_INVALID_ARGUMENT,
        ptm_result::PTM_CHECKSUM_MISMATCH,
        ptm_result::PTM_CHECKSUM_ENCODING,
        ptm_result::PTM_CHECKSUM_LENGTH,
        ptm_result::PTM_CHECKSUM_PADDING,
        ptm_result::PTM_CHECKSUM_CONTENT,
        ptm_result::PTM_SIGNATURE_MISSING,
        ptm_result::PTM_SIGNATURE_AMBIGUOUS,
        ptm_result::PTM_RESPONSE_NOT_JSON,
        ptm_result::PTM_RESPONSE_MALFORMED,
        ptm_result::PTM_RESPONSE_HTTP_STATUS,
        ptm_result::PTM_CALLBACK_MALFORMED,
        ptm_result::PTM_UNKNOWN_API,
        ptm_result::PTM_SESSION_STATE,
        ptm_result::PTM_TXN_TOKEN_EXPIRED,
        ptm_result::PTM_ORDER_MISMATCH,
        ptm_result::PTM_SESSION_RESTORE,
        ptm_result::PTM_REFUND_NOT_ALLOWED,
        ptm_result::PTM_SESSION_SEAL,
        ptm_result::PTM_NULL_POINTER,
        ptm_result::PTM_PANIC,
        ptm_result::PTM_RANDOM_UNAVAILABLE,
        ptm_result::PTM_INVALID_HANDLE,
    ];

    /// The C constant for a core code. A code the core gains later and this enum lacks maps to
    /// `PTM_PANIC` (a bug), which the table test catches before release.
    pub fn from_code(code: ErrorCode) -> ptm_result {
        ptm_result::ALL
            .iter()
            .copied()
            .find(|r| *r as u32 == code.number())
            .unwrap_or(ptm_result::PTM_PANIC)
    }

    /// The core code with this number; `None` for `PTM_OK`.
    pub fn code(self) -> Option<ErrorCode> {
        ErrorCode::from_number(self as u32)
    }
}

impl From<&Error> for ptm_result {
    /// Also records the error's detailed message for `ptm_last_error_message`.
    fn from(e: &Error) -> ptm_result {
        set_last_error(e.message());
        ptm_result::from_code(e.code())
    }
}

impl From<Error> for ptm_result {
    /// Also records the error's detailed message for `ptm_last_error_message`.
    fn from(e: Error) -> ptm_result {
        ptm_result::from(&e)
    }
}

impl From<ErrorCode> for ptm_result {
    fn from(c: ErrorCode) -> ptm_result {
        ptm_result::from_code(c)
    }
}

/// How a `ptm_result` arrives from C: as a plain integer (the header spells it `ptm_result`).
/// Reading it as the Rust enum would be undefined behaviour for numbers that are not constants.
pub type ptm_result_raw = u32;

/// A merchant key, ready to generate and verify checksums (opaque; create with
/// `ptm_merchant_key_new`, release with `ptm_merchant_key_free`).
///
/// Holds the expanded AES key schedule, which is zeroed when the key is freed. One key may be used
/// from many threads at once.
pub struct ptm_merchant_key {
    key: MerchantKey,
}

handle::handle_type!(ptm_merchant_key, b"ptm_key1");

/// The one panic boundary: runs `body`, turning a panic into `on_panic`. Every export goes
/// through here, directly or through [`guard_result`].
fn guard<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    // AssertUnwindSafe: after a panic nothing the closure touched is used again; handles are
    // only ever read through shared references here.
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(payload) => {
            // Dropping a payload can itself panic (a payload with a panicking Drop); never let
            // that unwind into C.
            let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
            on_panic
        }
    }
}

/// [`guard`] for functions that return a `ptm_result`.
///
/// Clears the thread's last error message first; a failure that carries no detailed message of
/// its own (a NULL pointer, say) records the code's fixed message.
fn guard_result(body: impl FnOnce() -> Result<(), ptm_result>) -> ptm_result {
    clear_last_error();
    let r = guard(ptm_result::PTM_PANIC, || match body() {
        Ok(()) => ptm_result::PTM_OK,
        Err(code) => code,
    });
    if r != ptm_result::PTM_OK && last_error_is_empty() {
        // SAFETY: message_for returns static NUL-terminated text.
        let text = unsafe { CStr::from_ptr(message_for(r as u32)) };
        set_last_error(&text.to_string_lossy());
    }
    r
}

/// Room for the last error message of a thread (longer messages are cut at a character boundary).
const LAST_ERROR_CAP: usize = 512;

/// The detailed message of the last failed call on a thread. A fixed buffer, not a heap string:
/// a const-initialized thread-local without a destructor, so nothing is left allocated when a
/// thread (or the process) exits.
struct LastError {
    len: usize,
    buf: [u8; LAST_ERROR_CAP],
}

thread_local! {
    static LAST_ERROR: std::cell::RefCell<LastError> =
        const { std::cell::RefCell::new(LastError { len: 0, buf: [0; LAST_ERROR_CAP] }) };
}

fn set_last_error(message: &str) {
    let mut n = message.len().min(LAST_ERROR_CAP);
    while !message.is_char_boundary(n) {
        n -= 1;
    }
    let text = message.as_bytes()[..n]
        .split(|&b| b == 0)
        .next()
        .unwrap_or(&[]);
    let _ = LAST_ERROR.try_with(|cell| {
        if let Ok(mut last) = cell.try_borrow_mut() {
            last.buf[..text.len()].copy_from_slice(text);
            last.len = text.len();
        }
    });
}

fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|cell| {
        if let Ok(mut last) = cell.try_borrow_mut() {
            last.len = 0;
        }
    });
}

fn last_error_is_empty() -> bool {
    LAST_ERROR
        .try_with(|cell| cell.try_borrow().map_or(true, |l| l.len == 0))
        .unwrap_or(true)
}

fn last_error_text() -> String {
    LAST_ERROR
        .try_with(|cell| {
            cell.try_borrow()
                .map(|l| String::from_utf8_lossy(&l.buf[..l.len]).into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// Borrows `(ptr, len)` as bytes: `(NULL, 0)` and `(any, 0)` are empty, `(NULL, n > 0)` is
/// `PTM_NULL_POINTER`, a length beyond `isize::MAX` is `PTM_INPUT_TOO_LARGE`.
///
/// # Safety
/// When `ptr` is not NULL it must point to `len` readable bytes that stay valid and unmodified
/// for `'a`.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], ptm_result> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(ptm_result::PTM_NULL_POINTER);
    }
    if len > isize::MAX as usize {
        return Err(ptm_result::PTM_INPUT_TOO_LARGE);
    }
    // SAFETY: ptr is non-null, len is non-zero and at most isize::MAX, and the caller guarantees
    // `len` readable bytes that outlive 'a (the function's documented contract).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows a key handle, checking NULL and the handle's magic.
///
/// # Safety
/// `key` must be NULL or a pointer returned by `ptm_merchant_key_new` and not yet freed.
unsafe fn key_ref<'a>(key: *const ptm_merchant_key) -> Result<&'a MerchantKey, ptm_result> {
    // SAFETY: forwarded contract.
    Ok(&unsafe { handle::borrow(key) }?.key)
}

/// An optional key: NULL is `None`, anything else must be a live key.
///
/// # Safety
/// As [`key_ref`].
unsafe fn opt_key_ref<'a>(
    key: *const ptm_merchant_key,
) -> Result<Option<&'a MerchantKey>, ptm_result> {
    if key.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { key_ref(key) }.map(Some)
}

/// Parses map-mode input: UTF-8 text (`PTM_INVALID_UTF8`) holding a JSON object of string or null
/// values (`PTM_INVALID_PARAMS`).
fn parse_map(json: &[u8]) -> Result<Params, ptm_result> {
    std::str::from_utf8(json).map_err(|_| ptm_result::PTM_INVALID_UTF8)?;
    Params::from_json(json).map_err(ptm_result::from)
}

/// Hands a checksum to C as a NUL-terminated string owned by the library.
fn to_c_string(s: String) -> Result<*mut c_char, ptm_result> {
    // A checksum is base64: it never contains NUL. If it somehow did, that is a bug, not input.
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| ptm_result::PTM_PANIC)
}

/// Writes an out-parameter.
///
/// # Safety
/// `out` must be non-null, aligned and writable for a `T` (checked non-null by the caller).
unsafe fn write_out<T>(out: *mut T, value: T) {
    // SAFETY: guaranteed by the caller.
    unsafe { out.write(value) }
}

fn non_null<T>(p: *const T) -> Result<(), ptm_result> {
    if p.is_null() {
        Err(ptm_result::PTM_NULL_POINTER)
    } else {
        Ok(())
    }
}

/// Creates a merchant key from its raw bytes: 16 (AES-128, what Paytm issues), 24 or 32 bytes.
///
/// The bytes are copied into storage that is zeroed when the key is freed; the caller may wipe its
/// own copy as soon as this returns. On success `*out_key` receives a key to release with
/// `ptm_merchant_key_free`; on failure `*out_key` is left untouched.
///
/// Errors: `PTM_NULL_POINTER` (`out_key` NULL, or `key` NULL with a non-zero length),
/// `PTM_INVALID_KEY_LENGTH`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `key` must point to `key_len` readable bytes (or be NULL with `key_len` 0) and `out_key` to
/// writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_merchant_key_new(
    key: *const u8,
    key_len: usize,
    out_key: *mut *mut ptm_merchant_key,
) -> ptm_result {
    guard_result(|| {
        non_null(out_key)?;
        // SAFETY: the caller passes `key_len` readable bytes at `key` (or NULL/0).
        let raw = unsafe { bytes(key, key_len) }?;
        let key = MerchantKey::new(raw)?;
        // SAFETY: out_key was checked non-null; the caller guarantees it is writable.
        unsafe { handle::give(out_key, ptm_merchant_key { key }) };
        Ok(())
    })
}

/// Frees a key made by `ptm_merchant_key_new`, zeroing its key material. NULL is a no-op; a
/// pointer that is recognisably not a key is ignored.
///
/// Thread safety: no other thread may use the key during or after this call.
///
/// # Safety
/// `key` must be NULL or a key from `ptm_merchant_key_new` that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ptm_merchant_key_free(key: *mut ptm_merchant_key) {
    // SAFETY: key is NULL or a key from ptm_merchant_key_new handed back by its owner.
    guard((), || unsafe { handle::free(key) })
}

/// Generates the checksum of the exact bytes `params[0..params_len]` (string mode: a JSON request
/// body, for example) with a fresh random salt.
///
/// The bytes are signed as they are, whatever their encoding: sign the bytes you send. On success
/// `*out_checksum` receives a NUL-terminated 108-character base64 string to release with
/// `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`,
/// `PTM_RANDOM_UNAVAILABLE`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_checksum)?;
        // SAFETY: key and params follow the function's pointer contract.
        let (key, params) = unsafe { (key_ref(key)?, bytes(params, params_len)?) };
        let c = to_c_string(key.generate(params)?)?;
        // SAFETY: out_checksum was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_checksum, c) };
        Ok(())
    })
}

/// Generates the checksum of the exact bytes `params[0..params_len]` with the given salt: exactly
/// 4 ASCII bytes. The same key, bytes and salt always give the same checksum (tests, vectors);
/// production code should use `ptm_checksum_generate`.
///
/// On success `*out_checksum` receives a string to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_SALT`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate_with_salt(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    salt: *const u8,
    salt_len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_checksum)?;
        // SAFETY: key, params and salt follow the function's pointer contract.
        let (key, params, salt) = unsafe {
            (
                key_ref(key)?,
                bytes(params, params_len)?,
                bytes(salt, salt_len)?,
            )
        };
        let salt = Salt::new(salt)?;
        let c = to_c_string(key.generate_with_salt(params, salt))?;
        // SAFETY: out_checksum was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_checksum, c) };
        Ok(())
    })
}

/// Verifies `checksum` against the exact bytes `params[0..params_len]` (string mode).
///
/// On `PTM_OK`, `*out_valid` is true only for an authentic checksum. A malformed checksum (not
/// base64, wrong length, another key's, empty, huge) is simply not valid: `PTM_OK` with
/// `*out_valid == false`. `ptm_checksum_check` tells why a checksum is not valid.
///
/// Errors (only for misuse): `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_verify(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    checksum: *const u8,
    checksum_len: usize,
    out_valid: *mut bool,
) -> ptm_result {
    guard_result(|| {
        non_null(out_valid)?;
        // SAFETY: key, params and checksum follow the function's pointer contract.
        let (key, params, checksum) = unsafe {
            (
                key_ref(key)?,
                bytes(params, params_len)?,
                bytes(checksum, checksum_len)?,
            )
        };
        let valid = key.verify(params, checksum);
        // SAFETY: out_valid was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_valid, valid) };
        Ok(())
    })
}

/// Verifies `checksum` against the exact bytes `params[0..params_len]` and says why it is not
/// valid: `PTM_OK` when it is authentic, otherwise a 2xxx code (`PTM_CHECKSUM_MISMATCH` for a
/// well-formed checksum over other bytes, `PTM_CHECKSUM_ENCODING`, `_LENGTH`, `_PADDING` or
/// `_CONTENT` for a malformed one) or a misuse code (`PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`,
/// `PTM_INPUT_TOO_LARGE`). For diagnostics; the verdict is the same as `ptm_checksum_verify`'s.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_check(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    checksum: *const u8,
    checksum_len: usize,
) -> ptm_result {
    guard_result(|| {
        // SAFETY: key, params and checksum follow the function's pointer contract.
        let (key, params, checksum) = unsafe {
            (
                key_ref(key)?,
                bytes(params, params_len)?,
                bytes(checksum, checksum_len)?,
            )
        };
        key.check(params, checksum)?;
        Ok(())
    })
}

/// Generates the checksum of a parameter map (callbacks, webhooks, form APIs) with a fresh random
/// salt.
///
/// `json_object[0..len]` is UTF-8 JSON text: an object whose values are strings or null, without
/// duplicate names, for example `{"MID":"M1","ORDERID":"O1","BANKTXNID":null}`. What is signed:
/// the values sorted by name (byte order) joined with `|`, where null and the text `null` in any
/// letter case count as empty and a `CHECKSUMHASH` entry is left out (Paytm's server-side rule).
/// On success `*out_checksum` receives a string to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`,
/// `PTM_INVALID_PARAMS`, `PTM_RANDOM_UNAVAILABLE`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate_map(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_checksum)?;
        // SAFETY: key and json_object follow the function's pointer contract.
        let (key, json) = unsafe { (key_ref(key)?, bytes(json_object, len)?) };
        let params = parse_map(json)?;
        let c = to_c_string(key.generate_map(&params)?)?;
        // SAFETY: out_checksum was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_checksum, c) };
        Ok(())
    })
}

/// `ptm_checksum_generate_map` with the given salt (exactly 4 ASCII bytes): deterministic, for
/// tests and vectors.
///
/// Errors: as `ptm_checksum_generate_map`, plus `PTM_INVALID_SALT`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_generate_map_with_salt(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    salt: *const u8,
    salt_len: usize,
    out_checksum: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_checksum)?;
        // SAFETY: key, json_object and salt follow the function's pointer contract.
        let (key, json, salt) = unsafe {
            (
                key_ref(key)?,
                bytes(json_object, len)?,
                bytes(salt, salt_len)?,
            )
        };
        let params = parse_map(json)?;
        let salt = Salt::new(salt)?;
        let c = to_c_string(key.generate_map_with_salt(&params, salt))?;
        // SAFETY: out_checksum was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_checksum, c) };
        Ok(())
    })
}

/// Verifies `checksum` against a parameter map given as a JSON object (see
/// `ptm_checksum_generate_map` for the format and the signing rule; a `CHECKSUMHASH` entry in the
/// map is ignored, so a whole callback can be passed as received).
///
/// On `PTM_OK`, `*out_valid` tells whether the checksum is authentic; a malformed checksum is
/// `PTM_OK` with `*out_valid == false`. Malformed *parameters* are an error.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`,
/// `PTM_INVALID_PARAMS`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_verify_map(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    checksum: *const u8,
    checksum_len: usize,
    out_valid: *mut bool,
) -> ptm_result {
    guard_result(|| {
        non_null(out_valid)?;
        // SAFETY: key, json_object and checksum follow the function's pointer contract.
        let (key, json, checksum) = unsafe {
            (
                key_ref(key)?,
                bytes(json_object, len)?,
                bytes(checksum, checksum_len)?,
            )
        };
        let params = parse_map(json)?;
        let valid = key.verify_map(&params, checksum);
        // SAFETY: out_valid was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_valid, valid) };
        Ok(())
    })
}

/// Map-mode `ptm_checksum_check`: `PTM_OK` when `checksum` is authentic for the map, otherwise the
/// 2xxx code saying why, or an error about the inputs (as `ptm_checksum_verify_map`).
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; every
/// out-parameter must point to writable storage.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_check_map(
    key: *const ptm_merchant_key,
    json_object: *const u8,
    len: usize,
    checksum: *const u8,
    checksum_len: usize,
) -> ptm_result {
    guard_result(|| {
        // SAFETY: key, json_object and checksum follow the function's pointer contract.
        let (key, json, checksum) = unsafe {
            (
                key_ref(key)?,
                bytes(json_object, len)?,
                bytes(checksum, checksum_len)?,
            )
        };
        let params = parse_map(json)?;
        key.check_map(&params, checksum)?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Credentials, request builders, diagnosis, parameter maps

/// `ptm_checksum_explain` mode: the exact bytes are signed (JSON APIs' `body`).
pub const PTM_MODE_STRING: u32 = 0;
/// `ptm_checksum_explain` mode: the parameters are a JSON object signed as a map (callbacks,
/// webhooks, form APIs).
pub const PTM_MODE_MAP: u32 = 1;

/// The secrets the request builders may need (opaque; create with `ptm_credentials_new`, release
/// with `ptm_credentials_free`): an optional merchant key (checksums and signatures), an optional
/// client id and an optional client secret (auto-debit OAuth, consult, payment requests,
/// settlement). Each API takes only what it uses; a missing one is `PTM_INVALID_CREDENTIALS`.
///
/// The merchant key schedule and the client secret live in storage that is zeroed when the
/// credentials are freed. One `ptm_credentials` may be used from many threads at once.
pub struct ptm_credentials {
    credentials: Credentials,
}

handle::handle_type!(ptm_credentials, b"ptm_crd1");

/// Borrows a credentials handle, checking NULL and the handle's magic.
///
/// # Safety
/// `c` must be NULL or a pointer returned by `ptm_credentials_new` and not yet freed.
unsafe fn credentials_ref<'a>(c: *const ptm_credentials) -> Result<&'a Credentials, ptm_result> {
    // SAFETY: forwarded contract.
    Ok(&unsafe { handle::borrow(c) }?.credentials)
}

/// UTF-8 text from bytes (`PTM_INVALID_UTF8`).
fn utf8(b: &[u8]) -> Result<&str, ptm_result> {
    std::str::from_utf8(b).map_err(|_| ptm_result::PTM_INVALID_UTF8)
}

/// Hands any library text to C (NUL-terminated, freed by `ptm_string_free`). Text containing a
/// NUL byte cannot cross as a C string: `PTM_INVALID_ARGUMENT` (the library never builds such
/// text from valid input; a NUL could only come from an escaped `\u0000` echoed back).
fn text_to_c(s: String) -> Result<*mut c_char, ptm_result> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| ptm_result::PTM_INVALID_ARGUMENT)
}

/// Creates credentials for the request builders. Each part is optional: pass (NULL, 0) to leave
/// it out.
///
/// - `merchant_key[0..merchant_key_len]`: the raw merchant key, 16, 24 or 32 bytes
///   (`PTM_INVALID_KEY_LENGTH`).
/// - `client_id[0..client_id_len]`: UTF-8, 1-64 characters of `A-Z a-z 0-9 _ . -`.
/// - `client_secret[0..client_secret_len]`: 1-256 printable ASCII characters without space.
///
/// Every part is copied; the key schedule and the secret are zeroed when the credentials are
/// freed, so the caller may wipe its own copies as soon as this returns. On success
/// `*out_credentials` receives a handle to release with `ptm_credentials_free`.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_KEY_LENGTH`, `PTM_INVALID_UTF8`,
/// `PTM_INVALID_CREDENTIALS`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// Every (pointer, length) pair must describe readable memory (or be NULL with length 0) that is
/// not modified during the call; `out_credentials` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_credentials_new(
    merchant_key: *const u8,
    merchant_key_len: usize,
    client_id: *const u8,
    client_id_len: usize,
    client_secret: *const u8,
    client_secret_len: usize,
    out_credentials: *mut *mut ptm_credentials,
) -> ptm_result {
    guard_result(|| {
        non_null(out_credentials)?;
        // SAFETY: the three pairs follow the function's pointer contract.
        let (key, id, secret) = unsafe {
            (
                bytes(merchant_key, merchant_key_len)?,
                bytes(client_id, client_id_len)?,
                bytes(client_secret, client_secret_len)?,
            )
        };
        let mut credentials = Credentials::default();
        if !key.is_empty() {
            credentials.merchant_key = Some(MerchantKey::new(key)?);
        }
        if !id.is_empty() {
            credentials.client_id = Some(ClientId::new(utf8(id)?)?);
        }
        if !secret.is_empty() {
            // ClientSecret copies the text into its own zeroize-on-drop storage; no other copy
            // is made here (from_utf8 borrows).
            credentials.client_secret = Some(ClientSecret::new(utf8(secret)?)?);
        }
        // SAFETY: out_credentials was checked non-null; the caller guarantees it is writable.
        unsafe { handle::give(out_credentials, ptm_credentials { credentials }) };
        Ok(())
    })
}

/// Frees credentials made by `ptm_credentials_new`, zeroing the key schedule and the secret.
/// NULL is a no-op; a pointer that is recognisably not credentials is ignored.
///
/// Thread safety: no other thread may use the credentials during or after this call.
///
/// # Safety
/// `credentials` must be NULL or a handle from `ptm_credentials_new` that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ptm_credentials_free(credentials: *mut ptm_credentials) {
    // SAFETY: credentials is NULL or a handle from ptm_credentials_new handed back by its owner.
    guard((), || unsafe { handle::free(credentials) })
}

/// Builds the HTTP request of a Paytm API, signed over the exact bytes it carries, and returns it
/// as JSON: the very object the npm package's `buildRequest` returns.
///
/// - `api[0..api_len]`: the API name (UTF-8), one of `initiate_transaction`,
///   `process_transaction`, `transaction_status`, `legacy_transaction_status`, `refund`,
///   `refund_status`, `legacy_refund`, `legacy_refund_status`, `send_otp`, `validate_otp`,
///   `user_details`, `revoke_access`, `check_balance`, `add_money`, `withdraw`,
///   `send_payment_request`, `resend_payment_request`, `settlement` (see `ptm_api_names`).
/// - `params_json[0..params_len]`: the API's input object as UTF-8 JSON, with Paytm's own
///   camelCase member names, e.g. for `initiate_transaction`
///   `{"mid":"...","orderId":"...","websiteName":"...","txnAmount":{"value":"1"},"userInfo":{"custId":"..."},"callbackUrl":"..."}`.
/// - `credentials`: from `ptm_credentials_new`, or NULL for none (`process_transaction` and
///   `user_details` need none: they are authenticated by a txnToken or session token).
/// - `options_json[0..options_len]`: `{"environment":E,"salt":"abcd"}`, both optional, or
///   (NULL, 0) for the defaults. `E` is `"production"` (default), `"staging"`,
///   `"legacy-production"`, `"legacy-staging"` or `{"custom":"https://host"}`; `salt` (4 ASCII
///   characters) fixes the checksum salt for reproducible output, random when absent.
///
/// On success `*out_request_json` receives, to release with `ptm_string_free`:
///
/// ```text
/// {"method":"POST",                      GET, POST or DELETE
///  "url":"https://...",                    complete, query percent-encoded
///  "headers":[["Content-Type","application/json"],...],  every header, in order
///  "contentType":"application/json",     the body's media type, or null without a body
///  "body":"..."}                           the exact body text (UTF-8), "" when none
/// ```
///
/// Send it as it is: method, URL, every header, and the body's UTF-8 bytes (libcurl
/// `CURLOPT_CUSTOMREQUEST`/`CURLOPT_URL`/`CURLOPT_HTTPHEADER`/`CURLOPT_POSTFIELDS`, OkHttp
/// `Request.Builder`, URLSession `URLRequest`). `contentType` repeats the `Content-Type` header for
/// clients that set it separately (OkHttp's `RequestBody`). Never re-serialize the body: the
/// signature covers its exact bytes.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`
/// (the API name), `PTM_INVALID_ARGUMENT` (options that are not that object),
/// `PTM_INVALID_CREDENTIALS` (a credential the API needs is missing), any 1xxx code of an input
/// field, `PTM_INVALID_FIELD` (unknown API name or member), `PTM_INVALID_PARAMS` (not JSON),
/// `PTM_RANDOM_UNAVAILABLE`. `ptm_last_error_message` names the failing member.
///
/// Thread safety: may be called from many threads at once, sharing one `ptm_credentials`.
///
/// # Safety
/// `credentials` must be NULL or live credentials from `ptm_credentials_new`; every (pointer,
/// length) pair must describe readable memory (or be NULL with length 0) that is not modified
/// during the call; `out_request_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_request_build(
    api: *const u8,
    api_len: usize,
    params_json: *const u8,
    params_len: usize,
    credentials: *const ptm_credentials,
    options_json: *const u8,
    options_len: usize,
    out_request_json: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_request_json)?;
        // SAFETY: every argument follows the function's pointer contract.
        let req = unsafe {
            build(
                api,
                api_len,
                params_json,
                params_len,
                credentials,
                options_json,
                options_len,
            )
        }?;
        let c = text_to_c(req.to_json())?;
        // SAFETY: out_request_json was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_request_json, c) };
        Ok(())
    })
}

/// Builds the same request as `ptm_request_build` (same arguments) and returns it as a `curl`
/// command line, for people: signatures are shown, but credentials, tokens and card data are
/// replaced by `<redacted>`, so it is safe to log or paste into a ticket (and will not
/// authenticate as it stands). With a random salt, its signature differs from another call's.
///
/// Errors: as `ptm_request_build`.
///
/// Thread safety: may be called from many threads at once, sharing one `ptm_credentials`.
///
/// # Safety
/// As `ptm_request_build`; `out_curl` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_request_build_curl(
    api: *const u8,
    api_len: usize,
    params_json: *const u8,
    params_len: usize,
    credentials: *const ptm_credentials,
    options_json: *const u8,
    options_len: usize,
    out_curl: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_curl)?;
        // SAFETY: every argument follows the function's pointer contract.
        let req = unsafe {
            build(
                api,
                api_len,
                params_json,
                params_len,
                credentials,
                options_json,
                options_len,
            )
        }?;
        let c = text_to_c(req.to_curl())?;
        // SAFETY: out_curl was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_curl, c) };
        Ok(())
    })
}

/// The shared part of the request builders: arguments to core's `build_request`.
///
/// # Safety
/// As `ptm_request_build`.
unsafe fn build(
    api: *const u8,
    api_len: usize,
    params_json: *const u8,
    params_len: usize,
    credentials: *const ptm_credentials,
    options_json: *const u8,
    options_len: usize,
) -> Result<HttpRequest, ptm_result> {
    // SAFETY: the pairs follow the caller's pointer contract.
    let (api, params, options) = unsafe {
        (
            bytes(api, api_len)?,
            bytes(params_json, params_len)?,
            bytes(options_json, options_len)?,
        )
    };
    let none = Credentials::default();
    let credentials = if credentials.is_null() {
        &none
    } else {
        // SAFETY: non-null, and live per the caller's contract; credentials_ref checks the magic.
        unsafe { credentials_ref(credentials)? }
    };
    let options = build_options(options)?;
    Ok(build_request(utf8(api)?, params, credentials, &options)?)
}

/// `BuildOptions` from JSON (core's reader); (NULL, 0) is the defaults. Every malformed options
/// object is `PTM_INVALID_ARGUMENT`, with core's message naming the member.
fn build_options(json: &[u8]) -> Result<BuildOptions, ptm_result> {
    if json.is_empty() {
        return Ok(BuildOptions::default());
    }
    BuildOptions::from_json(json).map_err(|e| {
        set_last_error(e.message());
        ptm_result::PTM_INVALID_ARGUMENT
    })
}

/// Every API name `ptm_request_build` accepts, as a JSON array of strings
/// (`["initiate_transaction","process_transaction",...]`), to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `out_json` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_api_names(out_json: *mut *mut c_char) -> ptm_result {
    guard_result(|| {
        non_null(out_json)?;
        let json = serde_json::to_string(API_NAMES).map_err(|_| ptm_result::PTM_PANIC)?;
        let c = text_to_c(json)?;
        // SAFETY: out_json was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_json, c) };
        Ok(())
    })
}

/// Diagnoses a checksum: opens it with the key, recomputes the hash of the parameters with the
/// salt found inside and, when they differ, searches for the common mistake that reproduces the
/// checksum's hash (trailing newline, re-serialized JSON, `null` kept as text, URL-damaged
/// checksum, another key...). Every reported cause is proven, none is a guess.
///
/// `mode` is `PTM_MODE_STRING` (exact bytes, JSON APIs) or `PTM_MODE_MAP` (`params` is a JSON
/// object of string or null values); any other number is `PTM_INVALID_ARGUMENT`. A malformed
/// checksum or malformed parameters are not errors: the verdict says so.
///
/// On success `*out_json` receives, to release with `ptm_string_free` (the npm package's
/// `explain` returns the same object):
///
/// ```text
/// {"mode":"string"|"map",
///  "verdict":{"status":"valid"|"mismatch"|"malformed","code":2001,"name":"CHECKSUM_MISMATCH","message":"..."},
///  "salt":"abcd"|null, "hashInChecksum":"<64 hex>"|null, "hashOfParams":"<64 hex>"|null,
///  "hashedString":"...|abcd"|null, "repairedChecksum":"..."|null,
///  "causes":[{"kind":"json_whitespace","message":"...","matched":"..."|null},...]}
/// ```
/// (`code`, `name` and `message` are absent from a valid verdict.) The output never contains the
/// key; `hashedString` and `matched` contain the parameters.
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INVALID_HANDLE`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_ARGUMENT`.
///
/// Thread safety: one key may be used by many threads at once.
///
/// # Safety
/// `key` must be a live key from `ptm_merchant_key_new`; every (pointer, length) pair must describe
/// readable memory (or be NULL with length 0) that is not modified during the call; `out_json`
/// must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_checksum_explain(
    key: *const ptm_merchant_key,
    params: *const u8,
    params_len: usize,
    checksum: *const u8,
    checksum_len: usize,
    mode: u32,
    out_json: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_json)?;
        // SAFETY: key, params and checksum follow the function's pointer contract.
        let (key, params, checksum) = unsafe {
            (
                key_ref(key)?,
                bytes(params, params_len)?,
                bytes(checksum, checksum_len)?,
            )
        };
        let mode = match mode {
            PTM_MODE_STRING => Mode::String,
            PTM_MODE_MAP => Mode::Map,
            _ => return Err(ptm_result::PTM_INVALID_ARGUMENT),
        };
        let e = explain(key, params, mode, checksum);
        let json = serde_json::to_string(&e).map_err(|_| ptm_result::PTM_PANIC)?;
        let c = text_to_c(json)?;
        // SAFETY: out_json was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_json, c) };
        Ok(())
    })
}

/// What a map-mode checksum covers: the values of the JSON object `json_object[0..len]` (string
/// or null values) sorted by name (byte order) and joined with `|`, null and the text `null` in
/// any letter case as empty, a `CHECKSUMHASH` entry left out. On success `*out_string` receives
/// it, to release with `ptm_string_free`. (`ptm_params_joined` keeps `CHECKSUMHASH`.)
///
/// Errors: `PTM_NULL_POINTER`, `PTM_INPUT_TOO_LARGE`, `PTM_INVALID_UTF8`, `PTM_INVALID_PARAMS`,
/// `PTM_INVALID_ARGUMENT` (a value containing a NUL character).
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// `json_object` must describe readable memory (or be NULL with length 0) that is not modified
/// during the call; `out_string` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_params_signing_string(
    json_object: *const u8,
    len: usize,
    out_string: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_string)?;
        // SAFETY: json_object follows the function's pointer contract.
        let params = parse_map(unsafe { bytes(json_object, len)? })?;
        let c = text_to_c(params.signing_string())?;
        // SAFETY: out_string was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_string, c) };
        Ok(())
    })
}

/// Paytm's `getStringByParams`: as `ptm_params_signing_string`, but a `CHECKSUMHASH` entry is
/// joined too, as the official libraries do.
///
/// Errors: as `ptm_params_signing_string`.
///
/// Thread safety: may be called from any thread at any time.
///
/// # Safety
/// As `ptm_params_signing_string`.
#[no_mangle]
pub unsafe extern "C" fn ptm_params_joined(
    json_object: *const u8,
    len: usize,
    out_string: *mut *mut c_char,
) -> ptm_result {
    guard_result(|| {
        non_null(out_string)?;
        // SAFETY: json_object follows the function's pointer contract.
        let params = parse_map(unsafe { bytes(json_object, len)? })?;
        let c = text_to_c(params.joined())?;
        // SAFETY: out_string was checked non-null; the caller guarantees it is writable.
        unsafe { write_out(out_string, c) };
        Ok(())
    })
}

/// The detailed message of the last call on this thread that failed, e.g.
/// `initiate_transaction: userInfo.custId is required` (it names fields, never their values or
/// any secret). Every function returning a `ptm_result` clears it when it starts and, when it
/// fails, sets it: to the core's detailed message, or to `ptm_result_message`'s text. Empty after
/// a success. On `PTM_OK`, `*out_message` receives a copy to release with `ptm_string_free`.
///
/// Errors: `PTM_NULL_POINTER`. (This function does not change the recorded message.)
///
/// Thread safety: each thread has its own last message.
///
/// # Safety
/// `out_message` must point to writable storage for a pointer.
#[no_mangle]
pub unsafe extern "C" fn ptm_last_error_message(out_message: *mut *mut c_char) -> ptm_result {
    guard(ptm_result::PTM_PANIC, || {
        if out_message.is_null() {
            return ptm_result::PTM_NULL_POINTER;
        }
        match text_to_c(last_error_text()) {
            Ok(c) => {
                // SAFETY: out_message was checked non-null; the caller guarantees it is writable.
                unsafe { write_out(out_message, c) };
                ptm_result::PTM_OK
            }
            Err(r) => r,
        }
    })
}

/// Frees a string returned by this library, zeroing its bytes first (strings may hold tokens,
/// card data or decrypted text). NULL is a no-op.
///
/// Only strings this library returned may be passed, each once; never pass them to `free()`.
///
/// Thread safety: may be called from any thread; a string must not be used during or after this.
///
/// # Safety
/// `s` must be NULL or a string returned by this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn ptm_string_free(s: *mut c_char) {
    guard((), || {
        if s.is_null() {
            return;
        }
        // SAFETY: s came from CString::into_raw in this library and is freed once (contract).
        let owned = unsafe { CString::from_raw(s) };
        zeroize::Zeroize::zeroize(&mut owned.into_bytes_with_nul());
    })
}

/// Room for one message and its NUL; a longer core message fails the build.
const MESSAGE_CAP: usize = 160;

/// Every core code's message, NUL-terminated, in `ErrorCode::ALL` order, built at compile time
/// from the core's `const fn message` so the texts can never drift from the core's.
static MESSAGES: [[u8; MESSAGE_CAP]; ErrorCode::ALL.len()] = {
    let mut out = [[0u8; MESSAGE_CAP]; ErrorCode::ALL.len()];
    let mut i = 0;
    while i < ErrorCode::ALL.len() {
        let text = ErrorCode::ALL[i].message().as_bytes();
        assert!(
            text.len() < MESSAGE_CAP,
            "an error message is longer than MESSAGE_CAP - 1"
        );
        let mut j = 0;
        while j < text.len() {
            assert!(text[j] != 0, "an error message contains a NUL byte");
            out[i][j] = text[j];
            j += 1;
        }
        i += 1;
    }
    out
};

/// Room for one code name and its NUL.
const NAME_CAP: usize = 40;

/// Every core code's name (`CHECKSUM_MISMATCH`), NUL-terminated, in `ErrorCode::ALL` order, built
/// at compile time from the core's `const fn name`.
static NAMES: [[u8; NAME_CAP]; ErrorCode::ALL.len()] = {
    let mut out = [[0u8; NAME_CAP]; ErrorCode::ALL.len()];
    let mut i = 0;
    while i < ErrorCode::ALL.len() {
        let text = ErrorCode::ALL[i].name().as_bytes();
        assert!(
            text.len() < NAME_CAP,
            "a code name is longer than NAME_CAP - 1"
        );
        let mut j = 0;
        while j < text.len() {
            out[i][j] = text[j];
            j += 1;
        }
        i += 1;
    }
    out
};

const OK_NAME: &CStr = c"OK";
const UNKNOWN_NAME: &CStr = c"UNKNOWN";

/// The stable name of a result code without its `PTM_` prefix (`"CHECKSUM_MISMATCH"` for
/// `PTM_CHECKSUM_MISMATCH`, `"OK"` for `PTM_OK`): the npm package's error `code` string, for logs
/// and for mapping errors across languages. Static text, never NULL, never to be freed; numbers
/// that are not codes give `"UNKNOWN"`.
///
/// Thread safety: may be called from any thread at any time.
#[no_mangle]
pub extern "C" fn ptm_result_name(code: ptm_result_raw) -> *const c_char {
    guard(UNKNOWN_NAME.as_ptr(), || {
        if code == 0 {
            return OK_NAME.as_ptr();
        }
        match ErrorCode::ALL.iter().position(|c| c.number() == code) {
            Some(i) => NAMES[i].as_ptr().cast(),
            None => UNKNOWN_NAME.as_ptr(),
        }
    })
}

const OK_MESSAGE: &CStr = c"success";
const UNKNOWN_MESSAGE: &CStr = c"unknown result code";

/// The static, NUL-terminated message for a code number.
fn message_for(code: u32) -> *const c_char {
    if code == 0 {
        return OK_MESSAGE.as_ptr();
    }
    match ErrorCode::ALL.iter().position(|c| c.number() == code) {
        Some(i) => MESSAGES[i].as_ptr().cast(),
        None => UNKNOWN_MESSAGE.as_ptr(),
    }
}

/// A fixed, human-readable description of a result code: static text, never NULL, never to be
/// freed. Any number may be passed; numbers that are not codes get a generic text.
///
/// Thread safety: may be called from any thread at any time.
#[no_mangle]
pub extern "C" fn ptm_result_message(code: ptm_result_raw) -> *const c_char {
    guard(UNKNOWN_MESSAGE.as_ptr(), || message_for(code))
}

const VERSION: &CStr = {
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(c) => c,
        Err(_) => panic!("version contains a NUL byte"),
    }
};

/// The library version as static text `"x.y.z"` (never NULL, never to be freed). Compare with
/// `PTM_VERSION_MAJOR`, `_MINOR` and `_PATCH` to detect a header/library mismatch.
///
/// Thread safety: may be called from any thread at any time.
#[no_mangle]
pub extern "C" fn ptm_version() -> *const c_char {
    guard(VERSION.as_ptr(), || VERSION.as_ptr())
}

#[cfg(test)]
mod tests;
