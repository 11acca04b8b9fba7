//! Opaque handles: the one place that creates, checks and frees the objects C holds pointers to
//! (`ptm_merchant_key`, `ptm_credentials`, `ptm_session`, and any later handle type).
//!
//! A handle is a heap-allocated [`Tagged`]: a `#[repr(C)]` pair of a `u64` magic **at offset 0**
//! and the handle type's own struct. The magic holds a per-type constant while the handle is
//! alive and 0 once freed. Before any use the pointer is checked for NULL (`PTM_NULL_POINTER`),
//! alignment and magic (`PTM_INVALID_HANDLE`).
//!
//! Why offset 0 for every type: the magic is read *before* the pointer is known to be of the
//! expected type, so the read must stay inside any handle's allocation, whatever its type. Every
//! handle allocation starts with its 8-byte magic, so a handle of one type passed where another is
//! expected is refused after an in-bounds read (when the magic sat at the end of a type's own
//! struct, a session passed as a key was read 8 bytes past its allocation). `handle_type!`
//! asserts the offset at compile time for each type.
//!
//! The magic is a best-effort guard against pointers that are not handles of that type (another
//! type's handle, a stack buffer, zeroed memory) and against most double frees; it cannot make a
//! use after free safe, which stays the caller's contract.
//!
//! The handle types themselves (`ptm_merchant_key`...) are not `#[repr(C)]` and never contain the
//! magic, so cbindgen emits only `typedef struct ptm_x ptm_x;`: C never sees a layout. The pointer
//! C holds is the address of the `Tagged<T>`, typed as `T` in the header.

use crate::ffi::{guard_out, Out};
use crate::ptm_result;

/// What C holds a pointer to: the magic first, then the handle's contents.
#[repr(C)]
pub(crate) struct Tagged<H> {
    /// `H::MAGIC` while alive, 0 once freed. Offset 0 (asserted per type by `handle_type!`).
    pub(crate) magic: u64,
    value: H,
}

/// A type C holds by pointer. Implement it with [`handle_type!`], never by hand.
///
/// # Safety
/// `MAGIC` must differ from every other handle type's (and from 0): it is the only thing that
/// tells the types apart.
pub(crate) unsafe trait Handle: Sized {
    /// The value of `magic` while the object is alive (never 0).
    const MAGIC: u64;
}

/// Implements [`Handle`] for a handle type; `$tag` is the 8-byte ASCII tag the magic is made of
/// (`b"ptm_key1"`), unique per type. Asserts at compile time that the magic of its [`Tagged`]
/// allocation is at offset 0.
macro_rules! handle_type {
    ($t:ty, $tag:expr) => {
        // SAFETY: every tag is a distinct non-zero 8-byte string (one handle_type! per type).
        unsafe impl $crate::handle::Handle for $t {
            const MAGIC: u64 = u64::from_be_bytes(*$tag);
        }
        const _: () = assert!(
            ::std::mem::offset_of!($crate::handle::Tagged<$t>, magic) == 0,
            "a handle's magic must be at offset 0 of its allocation"
        );
    };
}
pub(crate) use handle_type;

/// Moves `value` to the heap behind its magic and hands C a pointer to it, to release with
/// [`free`].
pub(crate) fn into_raw<H: Handle>(value: H) -> *mut H {
    Box::into_raw(Box::new(Tagged {
        magic: H::MAGIC,
        value,
    }))
    .cast::<H>()
}

/// The body of every export that makes a handle (every `_new` and `_restore`): [`guard_out`]
/// of the value `body` makes, moved to the heap by [`into_raw`] and handed to C through `out`.
pub(crate) fn guard_new<H: Handle>(
    out: Out<*mut H>,
    body: impl FnOnce() -> Result<H, ptm_result>,
) -> ptm_result {
    guard_out(out, || Ok(into_raw(body()?)))
}

/// The live `Tagged<H>` behind `p`: NULL is `PTM_NULL_POINTER`; a misaligned pointer or a wrong
/// magic is `PTM_INVALID_HANDLE`.
///
/// # Safety
/// `p` must be NULL or point to at least 8 readable bytes (any handle of any type qualifies) that
/// stay valid for `'a`.
unsafe fn tagged<'a, H: Handle>(p: *const H) -> Result<&'a Tagged<H>, ptm_result> {
    if p.is_null() {
        return Err(ptm_result::PTM_NULL_POINTER);
    }
    let t = p.cast::<Tagged<H>>();
    if !t.is_aligned() {
        return Err(ptm_result::PTM_INVALID_HANDLE);
    }
    // SAFETY: non-null, aligned, and per the contract 8 readable bytes: the magic at offset 0 of
    // every handle. Read through a raw pointer (no reference to a possibly foreign object).
    let magic = unsafe { t.cast::<u64>().read() };
    if magic != H::MAGIC {
        return Err(ptm_result::PTM_INVALID_HANDLE);
    }
    // SAFETY: the magic matched: a live Tagged<H> from into_raw. Handles are only ever shared
    // immutably (their contents are Sync).
    Ok(unsafe { &*t })
}

/// Borrows a handle: NULL is `PTM_NULL_POINTER`; a misaligned pointer or a wrong magic is
/// `PTM_INVALID_HANDLE`.
///
/// # Safety
/// `p` must be NULL or point to at least 8 readable bytes that stay valid for `'a`: in practice a
/// live handle (of any type) made by [`into_raw`].
pub(crate) unsafe fn borrow<'a, H: Handle>(p: *const H) -> Result<&'a H, ptm_result> {
    // SAFETY: forwarded contract.
    Ok(&unsafe { tagged(p) }?.value)
}

/// Frees a handle made by [`into_raw`]. NULL is a no-op; a pointer that is recognisably not a
/// live `H` (wrong magic, misaligned) is ignored.
///
/// # Safety
/// `p` must be NULL or a live handle (of any type) from [`into_raw`], handed back by its owner
/// (no other thread uses it during or after this call).
pub(crate) unsafe fn free<H: Handle>(p: *mut H) {
    // SAFETY: forwarded contract; tagged checks NULL, alignment and the magic.
    if unsafe { tagged(p.cast_const()) }.is_err() {
        return;
    }
    let t = p.cast::<Tagged<H>>();
    // SAFETY: a live, uniquely owned Box<Tagged<H>> from into_raw handed back by the caller.
    // Clearing the magic first (volatile: the store must not be elided although the memory is
    // freed next) makes a double free or a use after free more likely to be refused.
    unsafe {
        std::ptr::write_volatile(std::ptr::addr_of_mut!((*t).magic), 0);
        drop(Box::from_raw(t));
    }
}
