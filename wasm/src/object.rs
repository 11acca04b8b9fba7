//! The state behind every exported class (`Session`, and `MerchantKey` and `PaytmChecksum` in the
//! Node build), and their `free()`.
//!
//! Each such class is `#[repr(transparent)]` over one [`State`]. Why:
//!
//! - **`free()` releases the contents, never the object.** wasm-bindgen's own `free()` deallocates
//!   the Rust object and zeroes the JS object's pointer: anything that freed an object while its
//!   pointer was in flight (a `valueOf` run by the glue after it read the pointer) made the call
//!   use freed memory, and every later call on it threw an uncoded "null pointer passed to rust".
//!   Each class defines its own `free()` instead, which drops the contents now (secrets are
//!   zeroized) and leaves a shell of a few bytes that the garbage collector's finalizer releases:
//!   the pointer JS holds always points to a live object, and a call on a freed one throws
//!   `INVALID_HANDLE`. (wasm-bindgen emits its `free()` before the class's own methods, so the
//!   class's one replaces it, and `Symbol.dispose` follows it: tests/js checks both.)
//! - **Methods take `&self`,** never `&mut self`: wasm-bindgen's shared borrow lets a call
//!   re-enter the same object from a getter of its own arguments (with `&mut self` the inner call
//!   threw an uncoded "recursive use" error). The mutable state is borrowed here, by
//!   [`State::get`], only after the arguments are converted (see [`crate::value`]), and no user
//!   code runs while it is held.
//! - **Another class's object is recognised** (Node build, the one with several classes):
//!   `MerchantKey.prototype.generate.call(session)` hands a `Session` where a `MerchantKey` is
//!   expected (and wasm-bindgen's own `PaytmChecksum.prototype.free.call(session)` released the
//!   session's memory as a `PaytmChecksum`, its secrets neither dropped nor zeroized). Every `State<T>` has the same layout (`#[repr(C)]`, the contents boxed), with the
//!   contents' type first: it is checked (`INVALID_HANDLE`) before anything else is read.

#[cfg(feature = "checksums")]
use std::any::TypeId;
use std::cell::{RefCell, RefMut};

use paytm_checkout::{Error, ErrorCode};

use crate::error::err;

/// The contents of an exported object, `None` once freed.
#[repr(C)]
pub(crate) struct State<T: 'static> {
    /// `TypeId::of::<T>()`: the class this object belongs to.
    #[cfg(feature = "checksums")]
    class: TypeId,
    contents: RefCell<Option<Box<T>>>,
}

impl<T: 'static> State<T> {
    pub(crate) fn new(contents: T) -> State<T> {
        State {
            #[cfg(feature = "checksums")]
            class: TypeId::of::<T>(),
            contents: RefCell::new(Some(Box::new(contents))),
        }
    }

    /// An object with nothing in it, as if freed (`MerchantKey`'s probe, see `crate::key`).
    #[cfg(feature = "checksums")]
    pub(crate) fn freed() -> State<T> {
        State {
            class: TypeId::of::<T>(),
            contents: RefCell::new(None),
        }
    }

    /// Whether this is an object of `T`'s class (always, in a build with one class).
    fn is_mine(&self) -> bool {
        #[cfg(feature = "checksums")]
        return self.class == TypeId::of::<T>();
        #[cfg(not(feature = "checksums"))]
        true
    }

    /// The contents, borrowed until the `RefMut` is dropped: only after the arguments are
    /// converted, and never across user code. `INVALID_HANDLE` once freed, or for another
    /// class's object.
    pub(crate) fn get(&self) -> Result<RefMut<'_, T>, Error> {
        if !self.is_mine() {
            return Err(err(
                ErrorCode::InvalidHandle,
                "this object is not of the method's class",
            ));
        }
        let slot = self.contents.try_borrow_mut().map_err(|_| {
            // Unreachable while no user code runs during a borrow; an error all the same.
            err(
                ErrorCode::InvalidHandle,
                "the object is in use by a call that has not returned",
            )
        })?;
        RefMut::filter_map(slot, |c| c.as_deref_mut()).map_err(|_| {
            err(
                ErrorCode::InvalidHandle,
                "the object was freed (free() was called)",
            )
        })
    }

    /// Drops the contents now (secrets are zeroized); later calls throw `INVALID_HANDLE`. Freeing
    /// twice does nothing, and so does freeing another class's object through this `free`.
    pub(crate) fn free(&self) {
        if self.is_mine() {
            if let Ok(mut slot) = self.contents.try_borrow_mut() {
                *slot = None;
            }
        }
    }
}
