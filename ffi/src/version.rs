//! The library version: the `PTM_VERSION_*` constants of the header and `ptm_version()`, from
//! Cargo.toml, so a host can detect a header/library mismatch.

use std::ffi::{c_char, CStr};

use crate::panic::guard;

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
