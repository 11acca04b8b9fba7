//! Opaque handles: the one place that creates, checks and frees the objects C holds pointers to
//! (`ptm_merchant_key`, `ptm_credentials`, and any later handle type).
//!
//! A handle is a boxed Rust struct whose field `magic` holds a per-type constant while it is
//! alive and 0 once freed. Before any use the pointer is checked for NULL (`PTM_NULL_POINTER`),
//! alignment and magic (`PTM_INVALID_HANDLE`). The magic is a best-effort guard against pointers
//! that are not handles of that type (another type's handle, a stack buffer, zeroed memory) and
//! against most double frees; it cannot make a use after free safe, which stays the caller's
//! contract.
//!
//! Handle types stay opaque in the header: they are not `#[repr(C)]`, so cbindgen emits only
//! `typedef struct ptm_x ptm_x;`.

use crate::ptm_result;

/// A type C holds by pointer. Implement it with [`handle_type!`], never by hand.
///
/// # Safety
/// `magic_slot(p)` must return a pointer to the `u64` field `magic` of the object at `p`, without
/// creating a reference to the object.
pub(crate) unsafe trait Handle: Sized {
    /// The value of `magic` while the object is alive (never 0).
    const MAGIC: u64;

    /// The address of the object's `magic` field.
    ///
    /// # Safety
    /// `p` must be non-null, aligned, and point into an allocation at least as large as `Self`.
    unsafe fn magic_slot(p: *mut Self) -> *mut u64;
}

/// Implements [`Handle`] for a struct with a `magic: u64` field; `$tag` is the 8-byte ASCII tag
/// the magic is made of (`b"ptm_key1"`).
macro_rules! handle_type {
    ($t:ty, $tag:expr) => {
        // SAFETY: magic_slot projects to the struct's own `magic` field through a raw place.
        unsafe impl $crate::handle::Handle for $t {
            const MAGIC: u64 = u64::from_be_bytes(*$tag);

            unsafe fn magic_slot(p: *mut Self) -> *mut u64 {
                // SAFETY: the caller guarantees p is non-null, aligned and in bounds; addr_of_mut
                // creates no reference.
                unsafe { ::std::ptr::addr_of_mut!((*p).magic) }
            }
        }
    };
}
pub(crate) use handle_type;

/// Moves `value` to the heap and hands C a pointer to it, to release with [`free`].
pub(crate) fn into_raw<H: Handle>(value: H) -> *mut H {
    Box::into_raw(Box::new(value))
}

/// Moves `value` to the heap and writes the new handle to `out` (every `_new` and `_restore`
/// ends here).
///
/// # Safety
/// `out` must be non-null, aligned and writable for a pointer.
pub(crate) unsafe fn give<H: Handle>(out: *mut *mut H, value: H) {
    let h = into_raw(value);
    // SAFETY: the caller's contract.
    unsafe { out.write(h) };
}

/// Borrows a handle: NULL is `PTM_NULL_POINTER`; a misaligned pointer or a wrong magic is
/// `PTM_INVALID_HANDLE`.
///
/// # Safety
/// `p` must be NULL or point to memory at least as large as `H` that stays valid for `'a`: in
/// practice a live handle made by [`into_raw`].
pub(crate) unsafe fn borrow<'a, H: Handle>(p: *const H) -> Result<&'a H, ptm_result> {
    if p.is_null() {
        return Err(ptm_result::PTM_NULL_POINTER);
    }
    if !p.is_aligned() {
        return Err(ptm_result::PTM_INVALID_HANDLE);
    }
    // SAFETY: p is non-null and aligned and, per the contract, in bounds; only the magic is read
    // before it is checked, through a raw place (no reference to a possibly foreign object).
    let magic = unsafe { H::magic_slot(p.cast_mut()).read() };
    if magic != H::MAGIC {
        return Err(ptm_result::PTM_INVALID_HANDLE);
    }
    // SAFETY: the magic matched: a live handle from into_raw. Handles are only ever shared
    // immutably (their contents are Sync).
    Ok(unsafe { &*p })
}

/// Frees a handle made by [`into_raw`]. NULL is a no-op; a pointer that is recognisably not a
/// live `H` (wrong magic, misaligned) is ignored.
///
/// # Safety
/// `p` must be NULL or a handle from [`into_raw`] that has not been freed, handed back by its
/// owner (no other thread uses it during or after this call).
pub(crate) unsafe fn free<H: Handle>(p: *mut H) {
    // SAFETY: p is NULL or a live handle (contract); borrow checks both.
    if unsafe { borrow(p.cast_const()) }.is_err() {
        return;
    }
    // SAFETY: a live, uniquely owned Box from into_raw handed back by the caller. Clearing the
    // magic first (volatile: the store must not be elided although the memory is freed next)
    // makes a double free or a use after free more likely to be refused.
    unsafe {
        std::ptr::write_volatile(H::magic_slot(p), 0);
        drop(Box::from_raw(p));
    }
}
