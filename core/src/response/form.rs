//! The payment maps Paytm POSTs rather than answers: a form-urlencoded body (the browser
//! callback, the S2S webhook, Add Money's answer) read as a [`FlatMap`], and any payment map
//! with its `CHECKSUMHASH` taken out, checked and read into a [`TxnInfo`].
//!
//! Shared by [`crate::callback`] (which wraps the result as a `Callback`) and by
//! [`super::parse_response`]`("add_money", …)`: both import this module, and it imports neither.

use super::flat_map::{FlatMap, FlatMapBuilder};
use super::outcome::TxnInfo;
use super::scalar::check_response_size;
use super::verify::{verify_map, ParseOptions, Verification};
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::params::CHECKSUMHASH;

fn malformed(api: &str, what: &str) -> Error {
    Error::with_message(ErrorCode::CallbackMalformed, format!("{api}: {what}"))
}

/// A form-urlencoded body's fields, each name once ([`ErrorCode::SignatureAmbiguous`]
/// otherwise); text that is not such a body is [`ErrorCode::CallbackMalformed`].
pub(crate) fn form_map<'a>(api: &str, body: &'a [u8]) -> Result<FlatMap<'a>> {
    check_response_size(api, "body", body)?;
    if core::str::from_utf8(body).is_err() {
        return Err(malformed(api, "body is not UTF-8"));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(malformed(api, "body is empty"));
    }
    let mut m = FlatMapBuilder::new();
    for (k, v) in form_urlencoded::parse(body) {
        // form_urlencoded decodes lossily: U+FFFD marks percent-escapes that were not UTF-8.
        // Paytm never sends that character, and verifying a lossy copy would be verifying
        // something other than what was received.
        if k.contains('\u{FFFD}') || v.contains('\u{FFFD}') {
            return Err(malformed(api, "a field is not UTF-8 once percent-decoded"));
        }
        if k.is_empty() {
            return Err(malformed(api, "a field has no name"));
        }
        m.push(k, Some(v));
    }
    m.finish().map_err(|_| {
        Error::with_message(
            ErrorCode::SignatureAmbiguous,
            format!("{api}: a field appears more than once"),
        )
    })
}

/// The payment of a map, its CHECKSUMHASH taken out and checked by `check`; a missing or
/// malformed member is [`ErrorCode::CallbackMalformed`].
pub(crate) fn checked_payment(
    api: &str,
    mut m: FlatMap<'_>,
    check: impl FnOnce(Option<&str>, &FlatMap<'_>) -> Result<Verification>,
) -> Result<(Verification, TxnInfo)> {
    let sum = m.take_cow(CHECKSUMHASH);
    let verification = check(sum.as_deref(), &m)?;
    let txn = TxnInfo::from_map(api, m, ErrorCode::CallbackMalformed)?;
    Ok((verification, txn))
}

/// A payment map verified with the merchant key, under the rules of [`verify_map`].
pub(crate) fn verified_payment(
    api: &str,
    m: FlatMap<'_>,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<(Verification, TxnInfo)> {
    checked_payment(api, m, |sum, m| verify_map(api, sum, m, key, options))
}
