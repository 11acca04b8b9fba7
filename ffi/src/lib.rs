//! C ABI for `paytm-checkout`: `libpaytm_checkout.{so,a}` and `include/paytm_checkout.h`.
//!
//! This crate owns the boundary and nothing else: it turns C arguments (pointer + length pairs,
//! opaque handles, out-parameters) into calls to the core crate and core errors into
//! [`ptm_result`] codes. It never implements checksum or payment logic itself.
//!
//! Rules every export follows (see the project's design notes, "The C ABI"):
//! - the whole body runs inside the one panic boundary (`panic.rs`): a panic becomes `PTM_PANIC`;
//! - every pointer is checked for NULL (`PTM_NULL_POINTER`), except that `(NULL, 0)` is an empty
//!   input; a length above `PTRDIFF_MAX` is `PTM_INPUT_TOO_LARGE` (`ffi.rs`);
//! - out-parameters are written only when the function returns `PTM_OK`;
//! - a malformed checksum is "not valid" (`PTM_OK` with `*out_valid == false`), never an error;
//! - strings returned by the library are freed only by `ptm_string_free`;
//! - a `ptm_result` is a plain integer on the Rust side, never a Rust enum, because a C caller may
//!   pass any number;
//! - the merchant key enters once, as a `ptm_merchant_key`; credentials and sessions take that
//!   handle, never raw key bytes (the one exception is `ptm_doctor`, whose JSON configuration
//!   carries the key text it diagnoses; core reads it into memory that is zeroed on drop).
//!
//! The header is generated from these modules by cbindgen (`scripts/header.sh`): their doc
//! comments are the C documentation. The header's `ptm_result` enum is generated from core's
//! `ErrorCode` table by `header_codes.rs`, which the same script runs.

#![allow(non_camel_case_types)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs, clippy::undocumented_unsafe_blocks)]

// The modules, declared in the header's order (cbindgen emits items as their modules are declared), one
// group per task (rustfmt sorts within a group only).

// The handles.
mod handle;

// The merchant key.
mod key;

// Checksums, their diagnosis, parameter maps.
mod checksum;
mod explain;
mod params;

// Configuration diagnosis.
mod doctor;

// Credentials and requests.
mod request;

// The boundary: strings out, the panic guard and last error, code texts, the version.
mod ffi;
mod panic;
mod result;
mod version;

// Cards and Paytm's encryption, responses, sessions.
mod card;
mod responses;
mod session;

pub use card::*;
pub use checksum::*;
pub use doctor::*;
pub use explain::*;
pub use ffi::ptm_string_free;
pub use key::*;
pub use params::*;
pub use request::*;
pub use responses::*;
pub use result::*;
pub use session::*;
pub use version::*;

#[cfg(test)]
mod header_codes;
#[cfg(test)]
mod tests;
