//! The boundary every export crosses: the one panic guard ([`guard`], [`guard_result`]) and the
//! thread's last error message (read by `ptm_last_error_message`, in `result.rs`).
//!
//! A panic must never unwind into C: every `extern "C"` body runs inside [`guard`], which turns a
//! panic into the export's fallback value (`PTM_PANIC` for a `ptm_result`). A failing call also
//! records a detailed, safe-to-log message on its own thread; the next call clears it.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use paytm_checkout::ErrorCode;

use crate::ptm_result;

/// The one panic boundary: runs `body`, turning a panic into `on_panic`. Every export goes
/// through here, directly or through [`guard_result`].
pub(crate) fn guard<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
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
pub(crate) fn guard_result(body: impl FnOnce() -> Result<(), ptm_result>) -> ptm_result {
    clear_last_error();
    let r = guard(ptm_result::PTM_PANIC, || match body() {
        Ok(()) => ptm_result::PTM_OK,
        Err(code) => code,
    });
    if r != ptm_result::PTM_OK && last_error_is_empty() {
        set_last_error(ErrorCode::from_number(r.number()).map_or("", ErrorCode::message));
    }
    r
}

/// Room for the last error message of a thread (longer messages are cut at a character boundary).
pub(crate) const LAST_ERROR_CAP: usize = 512;

/// The detailed message of the last failed call on a thread. A fixed buffer, not a heap string:
/// a const-initialized thread-local without a destructor, so nothing is left allocated when a
/// thread (or the process) exits.
struct LastError {
    len: usize,
    buf: [u8; LAST_ERROR_CAP],
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> =
        const { RefCell::new(LastError { len: 0, buf: [0; LAST_ERROR_CAP] }) };
}

/// Records `message` as this thread's last error (cut to [`LAST_ERROR_CAP`] bytes at a character
/// boundary, and before any NUL).
pub(crate) fn set_last_error(message: &str) {
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

pub(crate) fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|cell| {
        if let Ok(mut last) = cell.try_borrow_mut() {
            last.len = 0;
        }
    });
}

pub(crate) fn last_error_is_empty() -> bool {
    LAST_ERROR
        .try_with(|cell| cell.try_borrow().map_or(true, |l| l.len == 0))
        .unwrap_or(true)
}

pub(crate) fn last_error_text() -> String {
    LAST_ERROR
        .try_with(|cell| {
            cell.try_borrow()
                .map(|l| String::from_utf8_lossy(&l.buf[..l.len]).into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default()
}
