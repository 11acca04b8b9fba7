//! `ptm_result`, the C result code: its Rust type, conversions from core errors (recording the
//! detailed message), and the static name and message of every code (`ptm_result_name`,
//! `ptm_result_message`).
//!
//! The header's enum is generated from core's `ErrorCode` table (`header_codes.rs`, run by
//! `scripts/header.sh`); the texts here are built at compile time from the same table
//! (`ErrorCode::name`, `ErrorCode::message`), so no code, name or message is written twice.

use std::ffi::{c_char, CStr};
use std::fmt;

use paytm_checkout::{Error, ErrorCode};

use crate::ffi::give_string;
use crate::panic::{guard, last_error_text, set_last_error};

/// The result of every fallible function, as Rust holds it: the number of the C header's
/// `ptm_result` enum (`PTM_OK` = 0 or a core code's number).
///
/// The header declares that enum itself, generated from core's `ErrorCode` table by
/// `header_codes.rs` (cbindgen does not export this type), so its constants and their docs are
/// written once, in core. This struct has the C enum's layout on every supported target (a
/// 32-bit unsigned integer) and may hold any number, so a value coming *from* C is never
/// undefined behaviour.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ptm_result(pub(crate) u32);

impl ptm_result {
    /// Success.
    pub const PTM_OK: ptm_result = ptm_result(0);
    /// See [`ErrorCode::InvalidKeyLength`].
    pub const PTM_INVALID_KEY_LENGTH: ptm_result = ptm_result::of(ErrorCode::InvalidKeyLength);
    /// See [`ErrorCode::InvalidSalt`].
    pub const PTM_INVALID_SALT: ptm_result = ptm_result::of(ErrorCode::InvalidSalt);
    /// See [`ErrorCode::InvalidParams`].
    pub const PTM_INVALID_PARAMS: ptm_result = ptm_result::of(ErrorCode::InvalidParams);
    /// See [`ErrorCode::InvalidUtf8`].
    pub const PTM_INVALID_UTF8: ptm_result = ptm_result::of(ErrorCode::InvalidUtf8);
    /// See [`ErrorCode::InputTooLarge`].
    pub const PTM_INPUT_TOO_LARGE: ptm_result = ptm_result::of(ErrorCode::InputTooLarge);
    /// See [`ErrorCode::InvalidCredentials`].
    pub const PTM_INVALID_CREDENTIALS: ptm_result = ptm_result::of(ErrorCode::InvalidCredentials);
    /// See [`ErrorCode::InvalidArgument`].
    pub const PTM_INVALID_ARGUMENT: ptm_result = ptm_result::of(ErrorCode::InvalidArgument);
    /// See [`ErrorCode::ChecksumMismatch`].
    pub const PTM_CHECKSUM_MISMATCH: ptm_result = ptm_result::of(ErrorCode::ChecksumMismatch);
    /// See [`ErrorCode::ChecksumEncoding`].
    pub const PTM_CHECKSUM_ENCODING: ptm_result = ptm_result::of(ErrorCode::ChecksumEncoding);
    /// See [`ErrorCode::ChecksumLength`].
    pub const PTM_CHECKSUM_LENGTH: ptm_result = ptm_result::of(ErrorCode::ChecksumLength);
    /// See [`ErrorCode::ResponseHttpStatus`].
    pub const PTM_RESPONSE_HTTP_STATUS: ptm_result = ptm_result::of(ErrorCode::ResponseHttpStatus);
    /// See [`ErrorCode::NullPointer`].
    pub const PTM_NULL_POINTER: ptm_result = ptm_result::of(ErrorCode::NullPointer);
    /// See [`ErrorCode::Panic`].
    pub const PTM_PANIC: ptm_result = ptm_result::of(ErrorCode::Panic);
    /// See [`ErrorCode::InvalidHandle`].
    pub const PTM_INVALID_HANDLE: ptm_result = ptm_result::of(ErrorCode::InvalidHandle);

    /// The C constant for a core code: the code's number.
    pub const fn of(code: ErrorCode) -> ptm_result {
        ptm_result(code.number())
    }

    /// The number C sees.
    pub const fn number(self) -> u32 {
        self.0
    }

    /// The core code with this number; `None` for `PTM_OK` and numbers that are not codes.
    pub fn code(self) -> Option<ErrorCode> {
        ErrorCode::from_number(self.0)
    }
}

impl fmt::Debug for ptm_result {
    /// The C constant's name (`PTM_CHECKSUM_MISMATCH`), or the bare number when it is not one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => write!(f, "PTM_{}", code.name()),
            None if *self == ptm_result::PTM_OK => f.write_str("PTM_OK"),
            None => write!(f, "ptm_result({})", self.0),
        }
    }
}

impl From<&Error> for ptm_result {
    /// Also records the error's detailed message for `ptm_last_error_message`.
    fn from(e: &Error) -> ptm_result {
        set_last_error(e.message());
        ptm_result::of(e.code())
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
        ptm_result::of(c)
    }
}

/// Room for one name or message and its NUL; a longer core text fails the build.
const TEXT_CAP: usize = 160;

/// Which text of a code a table holds.
#[derive(Clone, Copy)]
enum Text {
    Name,
    Message,
}

/// One NUL-terminated text per core code, in `ErrorCode::ALL` order, built at compile time from
/// the core's `const fn`s so the texts can never drift from the core's.
const fn texts(which: Text) -> [[u8; TEXT_CAP]; ErrorCode::ALL.len()] {
    let mut out = [[0u8; TEXT_CAP]; ErrorCode::ALL.len()];
    let mut i = 0;
    while i < ErrorCode::ALL.len() {
        let text = match which {
            Text::Name => ErrorCode::ALL[i].name(),
            Text::Message => ErrorCode::ALL[i].message(),
        }
        .as_bytes();
        assert!(
            text.len() < TEXT_CAP,
            "a code's text is longer than TEXT_CAP - 1"
        );
        let mut j = 0;
        while j < text.len() {
            assert!(text[j] != 0, "a code's text contains a NUL byte");
            out[i][j] = text[j];
            j += 1;
        }
        i += 1;
    }
    out
}

static NAMES: [[u8; TEXT_CAP]; ErrorCode::ALL.len()] = texts(Text::Name);
static MESSAGES: [[u8; TEXT_CAP]; ErrorCode::ALL.len()] = texts(Text::Message);

pub(crate) const OK_NAME: &CStr = c"OK";
pub(crate) const UNKNOWN_NAME: &CStr = c"UNKNOWN";
pub(crate) const OK_MESSAGE: &CStr = c"success";
pub(crate) const UNKNOWN_MESSAGE: &CStr = c"unknown result code";

/// The static text of `code` in `table`: `ok` for 0, `unknown` for numbers that are not codes.
fn lookup(
    table: &'static [[u8; TEXT_CAP]],
    code: u32,
    ok: &'static CStr,
    unknown: &'static CStr,
) -> &'static CStr {
    if code == 0 {
        return ok;
    }
    ErrorCode::ALL
        .iter()
        .position(|c| c.number() == code)
        .and_then(|i| CStr::from_bytes_until_nul(&table[i]).ok())
        .unwrap_or(unknown)
}

/// The stable name of a result code without its `PTM_` prefix (`"CHECKSUM_MISMATCH"` for
/// `PTM_CHECKSUM_MISMATCH`, `"OK"` for `PTM_OK`): the npm package's error `code` string, for logs
/// and for mapping errors across languages. Static text, never NULL, never to be freed; numbers
/// that are not codes give `"UNKNOWN"`.
///
/// Thread safety: may be called from any thread at any time.
#[no_mangle]
pub extern "C" fn ptm_result_name(code: ptm_result) -> *const c_char {
    guard(UNKNOWN_NAME.as_ptr(), || {
        lookup(&NAMES, code.number(), OK_NAME, UNKNOWN_NAME).as_ptr()
    })
}

/// A fixed, human-readable description of a result code: static text, never NULL, never to be
/// freed. Any number may be passed; numbers that are not codes get a generic text.
///
/// Thread safety: may be called from any thread at any time.
#[no_mangle]
pub extern "C" fn ptm_result_message(code: ptm_result) -> *const c_char {
    guard(UNKNOWN_MESSAGE.as_ptr(), || {
        lookup(&MESSAGES, code.number(), OK_MESSAGE, UNKNOWN_MESSAGE).as_ptr()
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
        // SAFETY: out_message was checked non-null; the caller guarantees it is writable.
        match unsafe { give_string(out_message, last_error_text()) } {
            Ok(()) => ptm_result::PTM_OK,
            Err(r) => r,
        }
    })
}
