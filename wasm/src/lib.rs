//! WebAssembly bindings of `paytm-checkout`: the npm package `paytm-checkout`.
//!
//! Everything here is argument checking and conversion; the checksum, the parameter-map rule,
//! the request builders, the parsers, the sessions and the error codes live in core. Three rules
//! shape every module:
//!
//! - **No input from JavaScript may panic or abort.** The wasm build uses `panic = "abort"`, and a
//!   trap would leave the module unusable. Every argument arrives as a `JsValue`, its type is
//!   checked, and its size is bounded *before* it is copied into wasm memory (a failed allocation
//!   aborts). JavaScript calls that can throw (`Object.entries` on a proxy or a getter) are imported
//!   with `catch`.
//! - **No input from JavaScript may reach memory it should not** (issue #16): arguments are read
//!   without coercion and before an object's state is touched, objects are freed by emptying them,
//!   never by deallocating them under a pointer JS still holds. See `value` and `object`.
//! - **Errors are real `Error` objects** carrying core's `code` (a stable name) and `errno` (its
//!   number), with core's message, which never contains a key or a parameter value (`error`).
//!
//! Two builds (wasm/Cargo.toml, docs/web-size.md): `node` has every module; `web`, the browser's,
//! has the txnToken side only (`request`, `parse`, `card`, `session` for Process Transaction and
//! a checkout's client half, `web`'s refusals, `tree`'s JSON reading) and takes no secret. A
//! feature's `#[cfg]` is on its `mod` line below; the modules a build shares with the other keep
//! their few differences inside (`request`, `parse` and `session`: one function each, two
//! bodies).
//!
//! | module | holds | build |
//! |---|---|---|
//! | `error` | core errors as JS `Error`s, `errorCodes()` | both |
//! | `args` | strings, JSON text, optional arguments, results as plain data | both |
//! | `value` | inspecting a JS value without running its code | both |
//! | `object` | the state behind every class, and `free()` | both |
//! | `key` | the one road to a key, its cache, `MerchantKey` | node |
//! | `text` | the checksum functions' string fast path (`TextEncoder`) | node |
//! | `checksum` | `generateChecksum`, `verifyChecksum`, `PaytmChecksum` | node |
//! | `explain` | `explain()` | node |
//! | `doctor` | `doctor()` | node |
//! | `request` | `buildRequest`, `apiNames` | both |
//! | `parse` | `parseResponse`, `responseApiNames`, body/status/options arguments | both |
//! | `responses` | `parseCallback`, `reconcile`, the response types | node |
//! | `codes` | the result-code tables | node |
//! | `card` | `encodeCardInfo` | both |
//! | `session` | the `Session` class | both |
//! | `web` | the web build's refusals (no secret, only the txnToken side) | web |
//! | `tree` | JSON read by the browser's `JSON.parse` | web |

#![deny(unsafe_code)]
// Without a build's features (`cargo clippy --all-targets`) only errorCodes and version remain.
#![cfg_attr(not(any(feature = "web", feature = "node")), allow(dead_code))]
#![warn(missing_docs)]

use wasm_bindgen::prelude::*;

mod args;
#[cfg(any(feature = "process", feature = "responses"))]
mod card;
#[cfg(feature = "checksums")]
mod checksum;
#[cfg(feature = "responses")]
mod codes;
#[cfg(feature = "checksums")]
mod covered;
#[cfg(feature = "doctor")]
mod doctor;
mod error;
#[cfg(feature = "explain")]
mod explain;
#[cfg(feature = "checksums")]
mod key;
mod object;
#[cfg(any(feature = "process", feature = "responses"))]
mod parse;
#[cfg(any(feature = "requests", feature = "process"))]
mod request;
#[cfg(feature = "responses")]
mod responses;
#[cfg(any(feature = "sessions", feature = "process"))]
mod session;
#[cfg(feature = "checksums")]
mod text;
#[cfg(feature = "process")]
mod tree;
mod value;
#[cfg(feature = "process")]
mod web;

// The package's exports, by the module that holds them.
pub use args::MAX_INPUT_UNITS;
#[cfg(any(feature = "process", feature = "responses"))]
pub use card::encode_card_info;
#[cfg(feature = "checksums")]
pub use checksum::{generate_checksum, verify_checksum, PaytmChecksum};
#[cfg(feature = "responses")]
pub use codes::{classify_result, lookup_result_code, result_code_table, result_code_tables};
#[cfg(feature = "doctor")]
pub use doctor::doctor;
pub use error::error_codes;
#[cfg(feature = "explain")]
pub use explain::explain;
#[cfg(feature = "checksums")]
pub use key::{clear_key_cache, JsMerchantKey};
#[cfg(any(feature = "process", feature = "responses"))]
pub use parse::{parse_response, response_api_names};
#[cfg(any(feature = "requests", feature = "process"))]
pub use request::{api_names, build_request};
#[cfg(feature = "responses")]
pub use responses::{parse_callback_js, reconcile};
#[cfg(any(feature = "sessions", feature = "process"))]
pub use session::Session;

/// The web build's allocator: talc, smaller than std's dlmalloc in the .wasm the browser
/// downloads.
#[cfg(all(target_arch = "wasm32", feature = "process", not(feature = "sessions")))]
#[global_allocator]
// SAFETY: `new_global` requires single-threaded WebAssembly: this target is built without the
// atomics feature (scripts/build-wasm.sh: `+simd128` only), so no second thread can exist. The
// crate's only unsafe code.
#[allow(unsafe_code)]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// The version of the Rust library inside this package.
#[wasm_bindgen]
pub fn version() -> String {
    paytm_checkout::VERSION.to_owned()
}
