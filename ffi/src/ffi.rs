//! Reading C arguments and writing C results: (pointer, length) inputs, NULL checks,
//! out-parameters (`guard_out`), and the one way text leaves the library (`c_string`, released
//! by `ptm_string_free`; `guard_string` for exports whose output is one string, `string_from`
//! when it is made of byte inputs alone). Every export builds on these instead of touching raw
//! pointers itself.

use std::ffi::{c_char, CString};

use crate::panic::{guard, guard_result};
use crate::ptm_result;

/// Borrows `(ptr, len)` as bytes: `(NULL, 0)` and `(any, 0)` are empty, `(NULL, n > 0)` is
/// `PTM_NULL_POINTER`, a length beyond `isize::MAX` is `PTM_INPUT_TOO_LARGE`.
///
/// # Safety
/// When `ptr` is not NULL it must point to `len` readable bytes that stay valid and unmodified
/// for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], ptm_result> {
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

/// UTF-8 text from bytes (`PTM_INVALID_UTF8`).
pub(crate) fn utf8(b: &[u8]) -> Result<&str, ptm_result> {
    std::str::from_utf8(b).map_err(|_| ptm_result::PTM_INVALID_UTF8)
}

/// Optional UTF-8 text: empty bytes are `None` (C's (NULL, 0) for "not given").
pub(crate) fn opt_utf8(b: &[u8]) -> Result<Option<&str>, ptm_result> {
    if b.is_empty() {
        Ok(None)
    } else {
        utf8(b).map(Some)
    }
}

/// `PTM_NULL_POINTER` for a NULL pointer (a required argument or out-parameter).
pub(crate) fn non_null<T>(p: *const T) -> Result<(), ptm_result> {
    if p.is_null() {
        Err(ptm_result::PTM_NULL_POINTER)
    } else {
        Ok(())
    }
}

/// Writes an out-parameter.
///
/// # Safety
/// `out` must be non-null, aligned and writable for a `T` (checked non-null by the caller).
pub(crate) unsafe fn write_out<T>(out: *mut T, value: T) {
    // SAFETY: guaranteed by the caller.
    unsafe { out.write(value) }
}

/// Serializes core data that cannot fail to serialize (strings, numbers, booleans) for
/// [`give_string`]. A macro, not a generic function: naming the `Serialize` bound would add a
/// direct serde dependency.
macro_rules! to_json {
    ($v:expr) => {
        serde_json::to_string($v).map_err(|_| $crate::ptm_result::PTM_PANIC)
    };
}
pub(crate) use to_json;

/// `text` as a NUL-terminated string owned by the library, to release with `ptm_string_free`
/// (which zeroes it). The copy is one exactly sized allocation that `CString` keeps as it is:
/// secret text (card data, decrypted text) comes in a self-zeroing buffer (`Zeroizing`) and no
/// unzeroed copy of it is made here. Text containing a NUL byte cannot cross as a C string:
/// `PTM_INVALID_ARGUMENT` (the library never builds such text from valid input; a NUL could only
/// come from an escaped `\u0000` echoed back).
fn c_string(text: impl AsRef<[u8]>) -> Result<*mut c_char, ptm_result> {
    let text = text.as_ref();
    if text.contains(&0) {
        return Err(ptm_result::PTM_INVALID_ARGUMENT);
    }
    let mut buf = Vec::with_capacity(text.len() + 1);
    buf.extend_from_slice(text);
    buf.push(0);
    let c = CString::from_vec_with_nul(buf).map_err(|_| ptm_result::PTM_PANIC)?;
    Ok(c.into_raw())
}

/// Hands `text` to C through `out` as a string made by [`c_string`]. `*out` is written only on
/// success. For `ptm_last_error_message`, which must not run inside [`guard_result`] (that would
/// clear the message it returns); every other export goes through [`guard_string`].
///
/// # Safety
/// `out` must be non-null, aligned and writable for a pointer (checked non-null by the caller).
pub(crate) unsafe fn give_string(
    out: *mut *mut c_char,
    text: impl AsRef<[u8]>,
) -> Result<(), ptm_result> {
    let c = c_string(text)?;
    // SAFETY: the caller's contract.
    unsafe { write_out(out, c) };
    Ok(())
}

/// An out-parameter of an export, as C passed it: NULL or writable. Making one is the export's
/// promise about the pointer; [`guard_out`] checks it for NULL and writes through it.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// # Safety
    /// `out` must be NULL or aligned and writable for a `T` for the rest of the call.
    pub(crate) unsafe fn new(out: *mut T) -> Out<T> {
        Out(out)
    }
}

/// The string out-parameter of an export.
pub(crate) type StringOut = Out<*mut c_char>;

/// The body of every export with one out-parameter: [`guard_result`] around a NULL check of
/// `out` (first, before any input is read), `body`, and the write of the value it returns
/// (`*out` is written only on success).
pub(crate) fn guard_out<T>(
    out: Out<T>,
    body: impl FnOnce() -> Result<T, ptm_result>,
) -> ptm_result {
    guard_result(|| {
        non_null(out.0)?;
        let value = body()?;
        // SAFETY: out.0 was checked non-null; Out::new's caller promised it is writable.
        unsafe { write_out(out.0, value) };
        Ok(())
    })
}

/// The body of every export whose output is one string: [`guard_out`] of the text `body`
/// returns, made a C string by [`c_string`].
pub(crate) fn guard_string<T: AsRef<[u8]>>(
    out: StringOut,
    body: impl FnOnce() -> Result<T, ptm_result>,
) -> ptm_result {
    guard_out(out, || c_string(body()?))
}

/// [`guard_string`] over `N` (pointer, length) inputs, read in order (as [`inputs`]) after the
/// NULL check of `out`: the body of every export that makes one string of byte inputs alone.
///
/// # Safety
/// `out` must be NULL or aligned and writable for a pointer; every pair as [`bytes`].
pub(crate) unsafe fn string_from<T: AsRef<[u8]>, const N: usize>(
    out: *mut *mut c_char,
    pairs: [Pair; N],
    body: impl FnOnce([&[u8]; N]) -> Result<T, ptm_result>,
) -> ptm_result {
    // SAFETY: the caller's contract (out).
    let out = unsafe { StringOut::new(out) };
    // SAFETY: the caller's contract (the pairs).
    guard_string(out, || body(unsafe { inputs(pairs) }?))
}

/// A (pointer, length) input as C passed it, read by [`bytes`].
pub(crate) type Pair = (*const u8, usize);

/// Borrows `N` (pointer, length) inputs as [`bytes`], in order: the first failure wins.
///
/// # Safety
/// Every pair as [`bytes`].
pub(crate) unsafe fn inputs<'a, const N: usize>(
    pairs: [Pair; N],
) -> Result<[&'a [u8]; N], ptm_result> {
    let mut out: [&[u8]; N] = [&[]; N];
    for (slot, (ptr, len)) in out.iter_mut().zip(pairs) {
        // SAFETY: the caller's contract.
        *slot = unsafe { bytes(ptr, len) }?;
    }
    Ok(out)
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
