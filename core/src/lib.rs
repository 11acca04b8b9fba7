//! # paytm-checkout
//!
//! A sans-IO engine for the Paytm payment gateway: everything an integration needs except moving
//! bytes. This crate never opens a socket, reads a file, a clock or the environment; the host
//! passes in what it received and sends out what it is given.
//!
//! What it holds, from the bottom up:
//!
//! - **Checksums**: the Paytm checksum ([`checksum`], [`MerchantKey`]), parameter maps
//!   ([`Params`]), the diagnosis of a checksum that does not verify ([`explain`]) and stable error
//!   codes ([`ErrorCode`], one table).
//! - **Configuration**: the diagnosis of a merchant configuration (MID, key, hosts, websiteName,
//!   callback URL, a captured callback or response) with stable finding codes ([`doctor`]).
//! - **Requests**: builders for every Paytm API the spec describes ([`api`], one JSON entry point
//!   [`build_request`]), over validated value types ([`types`], [`card`]) and plain-data HTTP
//!   requests ([`http`]) signed over the exact bytes they carry; JSON input is read by
//!   [`input`].
//! - **Answers**: response parsers for every API ([`response`], one JSON entry point
//!   [`parse_response`]) that verify Paytm's signature over the exact bytes received, callbacks and
//!   webhooks ([`callback`]), result codes as data ([`result_codes`]) and the fulfil / do not
//!   fulfil / wait decision ([`reconcile()`]).
//! - **The engine**: whole checkouts, refunds and wallet payments as sans-IO state machines
//!   ([`session`]) that tell the host what to do next, refuse answers about another order and
//!   seal what they save.
//!
//! ```
//! use paytm_checkout::{MerchantKey, Params};
//! let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
//! let body = br#"{"requestType":"Payment","mid":"INTEGR7769XXXXXX9383"}"#;
//! let signature = key.generate(body)?;
//! assert!(key.verify(body, &signature));
//!
//! let callback: Params = Params::from_json(br#"{"ORDERID":"O1","STATUS":"TXN_SUCCESS"}"#)?;
//! let hash = key.generate_map(&callback)?;
//! assert!(key.verify_map(&callback, &hash));
//! # Ok::<(), paytm_checkout::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod callback;
pub mod card;
pub mod checksum;
pub mod doctor;
pub mod error;
pub mod explain;
pub mod http;
pub mod input;
mod json_struct;
mod names;
pub mod params;
pub mod reconcile;
pub mod response;
pub mod result_codes;
pub mod session;
#[cfg(feature = "ts")]
mod ts;
pub mod types;

pub use checksum::{MerchantKey, Salt};
pub use error::{Error, ErrorCode, Result};
pub use params::Params;

pub use api::{build_request, BuildOptions, Credentials};
pub use http::{Environment, HttpRequest, Method};

pub use callback::parse_callback;
pub use reconcile::{reconcile, Verdict};
pub use response::{parse_response, ParseOptions, ParsedResponse};

/// The crate version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The READMEs' Rust examples, compiled and run as doctests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct CrateReadmeDoctests;
