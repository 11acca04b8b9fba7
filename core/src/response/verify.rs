//! How a response's authenticity is established: [`Verification`], the caller's
//! [`ParseOptions`], and the string-mode and map-mode checks every parser calls, under the one
//! rule of [`ParseOptions::allow_unsigned`].

use super::flat_map::FlatMap;
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::input::Json;

crate::names::named! {
    /// How a response's authenticity was established.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Verification {
        /// The signature (or CHECKSUMHASH) verified with the merchant key.
        Verified = "verified",
        /// This API does not sign this response (the module table says which); TLS is the only
        /// protection.
        Unsigned = "unsigned",
        /// A signature was required but absent, or no key was given, and the caller explicitly
        /// allowed that ([`ParseOptions::allow_unsigned`]). Never fulfil an order on such data.
        Skipped = "skipped",
    }
}

impl Verification {
    /// True when the merchant key verified the data: the only data that may fulfil an order or
    /// end a session in `success` or `refunded` ([`crate::reconcile::reconcile`]). Unsigned
    /// answers (the legacy JsonData APIs) and skipped signatures are informative only.
    pub fn is_trusted(self) -> bool {
        matches!(self, Verification::Verified)
    }
}

/// What one API's parser returns: how its signature was checked, what it means for the host, and
/// its typed data.
pub(crate) type Answer<T> = (Verification, crate::result_codes::ResultClass, T);

/// Options of [`crate::response::parse_response`] and [`crate::callback::parse_callback`].
///
/// JSON (C and npm): `{"allowUnsigned": false}`; every member optional, any other refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct ParseOptions {
    /// Accept a response or callback without its signature / CHECKSUMHASH, or without a key to
    /// check it against, for this one call. Off by default: a missing signature is
    /// [`ErrorCode::SignatureMissing`]. A signature that is present and wrong is refused even
    /// when this is on. Results parsed this way say [`Verification::Skipped`].
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub allow_unsigned: bool,
}

crate::input::read_through_tree!(ParseOptions, "parse options", ParseOptions::read);

impl ParseOptions {
    /// Options from JSON; empty input means the defaults. Anything else that is not
    /// `{"allowUnsigned": bool}` is [`ErrorCode::InvalidArgument`]: a typo must never turn
    /// verification off, or on, silently.
    pub fn from_json(json: &[u8]) -> Result<ParseOptions> {
        if json.iter().all(u8::is_ascii_whitespace) {
            return Ok(ParseOptions::default());
        }
        crate::input::Json::parse("parse options", json)
            .map_err(|e| Error::with_message(ErrorCode::InvalidArgument, e.message()))
            .and_then(|tree| ParseOptions::from_tree(&tree))
    }

    /// As [`ParseOptions::from_json`], from a JSON tree the host parsed (see [`crate::input`]).
    pub fn from_tree(tree: &Json) -> Result<ParseOptions> {
        ParseOptions::read(tree, "parse options")
            .map_err(|e| Error::with_message(ErrorCode::InvalidArgument, e.message()))
    }

    fn read(tree: &crate::input::Json, what: &str) -> Result<ParseOptions> {
        let o = crate::input::Obj::root(what, tree, &["allowUnsigned"])?;
        Ok(ParseOptions {
            allow_unsigned: o.flag("allowUnsigned")?.unwrap_or(false),
        })
    }
}

/// Verifies `signature` over exactly `signed` (string mode), under the rules of
/// [`ParseOptions::allow_unsigned`].
pub(crate) fn verify_string(
    api: &str,
    signature: Option<&str>,
    signed: &[u8],
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Verification> {
    match (signature.filter(|s| !s.is_empty()), key) {
        (Some(sig), Some(key)) => key
            .check(signed, sig)
            .map(|()| Verification::Verified)
            .map_err(|e| with_api(api, e)),
        (None, _) if options.allow_unsigned => Ok(Verification::Skipped),
        (None, _) => Err(Error::with_message(
            ErrorCode::SignatureMissing,
            format!("{api}: the response carries no signature, and this API signs its responses"),
        )),
        (Some(_), None) if options.allow_unsigned => Ok(Verification::Skipped),
        (Some(_), None) => Err(no_key(api)),
    }
}

/// Map-mode verification of a parameter map whose checksum member was already taken out
/// (`checksum`): [`MerchantKey::check`] over the map's signing string, built once.
pub(crate) fn verify_map(
    api: &str,
    checksum: Option<&str>,
    params: &FlatMap<'_>,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Verification> {
    match (checksum.filter(|s| !s.is_empty()), key) {
        (Some(sum), Some(key)) => key
            .check(params.signing_string().as_bytes(), sum)
            .map(|()| Verification::Verified)
            .map_err(|e| with_api(api, e)),
        (sum, _) => verify_map_keyless(api, sum, options),
    }
}

/// [`verify_map`] without a key (a client, which never holds one): a CHECKSUMHASH can only be
/// skipped, when the caller allows unsigned input. Separate so that a keyless build links no
/// cipher.
pub(crate) fn verify_map_keyless(
    api: &str,
    checksum: Option<&str>,
    options: &ParseOptions,
) -> Result<Verification> {
    match checksum.filter(|s| !s.is_empty()) {
        _ if options.allow_unsigned => Ok(Verification::Skipped),
        None => Err(Error::with_message(
            ErrorCode::SignatureMissing,
            format!("{api}: CHECKSUMHASH is missing or empty"),
        )),
        Some(_) => Err(no_key(api)),
    }
}

fn no_key(api: &str) -> Error {
    Error::with_message(
        ErrorCode::InvalidCredentials,
        format!("{api}: a merchant key is required to verify this response (or allow unsigned input explicitly)"),
    )
}

fn with_api(api: &str, e: Error) -> Error {
    Error::with_message(e.code(), format!("{api}: {}", e.message()))
}
