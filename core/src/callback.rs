//! Callbacks and S2S webhooks: what Paytm POSTs to the merchant after a payment.
//!
//! - The browser callback (to `callbackUrl`), the S2S payment-status webhook and Add Money's
//!   callback are `application/x-www-form-urlencoded` key/value pairs
//!   (<https://developer.paytm.com/docs/payment-status/>); JS Checkout hands the same pairs to its
//!   `transactionStatus` handler as a flat JSON object
//!   (<https://paytmpayments.com/docs/jscheckout-verify-payment>). Both are accepted.
//! - `CHECKSUMHASH` is verified in map mode over every other field ([`crate::Params`],
//!   [`MerchantKey::check_map`]). A missing or empty `CHECKSUMHASH` is
//!   [`ErrorCode::SignatureMissing`] unless the caller sets [`ParseOptions::allow_unsigned`] for
//!   that call; a field that appears twice is [`ErrorCode::SignatureAmbiguous`] (which copy was
//!   signed?). Text that is neither form data nor a flat JSON object is
//!   [`ErrorCode::CallbackMalformed`].
//! - Refund webhooks are `{"head","body"}` JSON signed like API responses: parse them with
//!   [`crate::response::parse_response`]`("refund_webhook", …)`.
//!
//! A verified callback is still only what the browser relayed: Paytm asks merchants to confirm
//! with the Transaction Status API before fulfilling; [`crate::reconcile::reconcile`] does the
//! comparison either way.
//!
//! This module never does I/O: the host passes the request body it received.

use serde::Serialize;

use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::params::CHECKSUMHASH;
use crate::response::form::{checked_payment, form_map, verified_payment};
use crate::response::{
    json_text, parse_typed, FlatMap, ParseOptions, TransactionResult, TxnInfo, Verification,
};

/// A parsed, verified callback or payment webhook.
///
/// JSON (C and npm, [`Callback::to_json`]): `{"verification":"verified","class":"success",
/// "txn":{"orderId":"…","txnAmount":"1.00","status":"TXN_SUCCESS","state":"success",…},
/// "transaction":{"orderId":"…","amount":"1.00","state":"success","verification":"verified",…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Callback {
    /// How the callback was authenticated.
    pub verification: Verification,
    /// What the payment's state means for the host.
    pub class: crate::result_codes::ResultClass,
    /// The payment's fields (CHECKSUMHASH removed).
    pub txn: TxnInfo,
}

impl Callback {
    /// The reconciliation facts.
    pub fn transaction(&self) -> TransactionResult {
        self.txn.transaction(self.verification)
    }

    /// The callback as JSON (see the type's docs), plus its reconciliation facts
    /// (`transaction`, as [`crate::response::ParsedResponse::to_json`] adds them), so a C or JS
    /// host holding only the JSON can reconcile.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct WithTransaction<'a> {
            #[serde(flatten)]
            callback: &'a Callback,
            transaction: TransactionResult,
        }
        serde_json::to_string(&WithTransaction {
            callback: self,
            transaction: self.transaction(),
        })
        .unwrap_or_default()
    }
}

/// Parses and verifies a callback or payment webhook body: form-urlencoded, or a flat JSON
/// object when the first non-blank byte is `{`.
///
/// ```
/// use paytm_checkout::callback::parse_callback;
/// use paytm_checkout::response::ParseOptions;
/// use paytm_checkout::{MerchantKey, Params, Salt};
/// let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
/// let fields = [("ORDERID", "ORDERID_98765"), ("STATUS", "TXN_SUCCESS"), ("TXNAMOUNT", "1.00")];
/// let sum = key.generate_map_with_salt(&fields.iter().copied().collect::<Params>(), Salt::new(b"abcd")?);
/// let body = paytm_checkout::http::form_encode(fields.iter().copied().chain([("CHECKSUMHASH", sum.as_str())]));
/// let cb = parse_callback(body.as_bytes(), Some(&key), &ParseOptions::default())?;
/// assert_eq!(cb.txn.txn_amount.unwrap().to_string(), "1.00");
/// let forged = body.replace("1.00", "9.00");
/// assert_eq!(parse_callback(forged.as_bytes(), Some(&key), &ParseOptions::default()).unwrap_err().code().number(), 2001);
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub fn parse_callback(
    body: &[u8],
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Callback> {
    let api = "callback";
    let map = if is_json(body) {
        json_map(api, body)?
    } else {
        form_map(api, body)?
    };
    finish(api, map, key, options)
}

/// [`parse_callback`] without a key, for a client (a browser or app) that shows what a callback
/// said and never trusts it: the result is [`Verification::Skipped`] whether or not the callback
/// carries a CHECKSUMHASH. A JSON body is read from the tree `parse` makes of its text (a host
/// that parses JSON itself passes its parser; see [`crate::input`]) as
/// [`parse_callback_tree_unverified`] reads it. Links no cipher and no JSON parser.
pub fn parse_callback_unverified(
    body: &[u8],
    parse: impl FnOnce(&str) -> Result<crate::input::Json>,
) -> Result<Callback> {
    let api = "callback";
    if is_json(body) {
        let text = json_text(api, body).map_err(as_callback)?;
        return parse_callback_tree_unverified(&parse(text).map_err(as_callback)?);
    }
    finish_with(api, form_map(api, body)?, |sum, _| unverified(sum))
}

/// A callback as the JSON object JS Checkout hands its `transactionStatus` handler, already
/// parsed (the npm package's browser build: `JSON.parse`), without a key: the rules of a
/// response's `txnInfo` (strings, whole numbers and booleans as text, `null` as no value; a name
/// given twice is [`ErrorCode::SignatureAmbiguous`]), [`Verification::Skipped`].
pub fn parse_callback_tree_unverified(tree: &crate::input::Json) -> Result<Callback> {
    let api = "callback";
    let mut entries = crate::response::Members::of(api, String::new(), tree)
        .and_then(|m| m.flat())
        .map_err(as_callback)?;
    // No sorted map: nothing is verified, and the tree's names are unique (serde_json refuses a
    // name given twice; a JavaScript object cannot hold one).
    let sum = crate::response::take_entry(&mut entries, CHECKSUMHASH);
    let verification = unverified(sum.as_deref())?;
    let txn = TxnInfo::from_entries(api, entries, ErrorCode::CallbackMalformed)?;
    Ok(callback((verification, txn)))
}

/// A client's check: no key, so a CHECKSUMHASH is not checked and nothing is trusted.
fn unverified(sum: Option<&str>) -> Result<Verification> {
    crate::response::verify_map_keyless(
        "callback",
        sum,
        &ParseOptions {
            allow_unsigned: true,
        },
    )
}

fn is_json(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
}

/// A JSON callback's unreadable text is a malformed callback, not a malformed response.
fn as_callback(e: Error) -> Error {
    match e.code() {
        ErrorCode::ResponseNotJson | ErrorCode::ResponseMalformed => {
            Error::with_message(ErrorCode::CallbackMalformed, e.message().to_owned())
        }
        _ => e,
    }
}

fn json_map<'a>(api: &str, body: &'a [u8]) -> Result<FlatMap<'a>> {
    let text = json_text(api, body).map_err(as_callback)?;
    parse_typed::<FlatMap>(api, text).map_err(as_callback)
}

fn finish(
    api: &str,
    m: FlatMap<'_>,
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<Callback> {
    verified_payment(api, m, key, options).map(callback)
}

/// The callback of a map, its CHECKSUMHASH taken out and checked by `check`.
fn finish_with(
    api: &str,
    m: FlatMap<'_>,
    check: impl FnOnce(Option<&str>, &FlatMap<'_>) -> Result<Verification>,
) -> Result<Callback> {
    checked_payment(api, m, check).map(callback)
}

fn callback((verification, txn): (Verification, TxnInfo)) -> Callback {
    Callback {
        verification,
        class: txn.state.class(),
        txn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Params, Salt};

    fn key() -> MerchantKey {
        MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap()
    }

    fn signed_form(fields: &[(&str, &str)]) -> String {
        let p: Params = fields.iter().copied().collect();
        let sum = key().generate_map_with_salt(&p, Salt::new(b"ab12").unwrap());
        crate::http::form_encode(
            fields
                .iter()
                .copied()
                .chain([("CHECKSUMHASH", sum.as_str())]),
        )
    }

    #[test]
    fn form_and_json_agree() {
        let fields = [
            ("ORDERID", "O1"),
            ("STATUS", "TXN_FAILURE"),
            ("TXNAMOUNT", "10"),
            ("RESPMSG", "Insufficient balance & more"),
        ];
        let form = signed_form(&fields);
        let cb = parse_callback(form.as_bytes(), Some(&key()), &ParseOptions::default()).unwrap();
        assert_eq!(cb.verification, Verification::Verified);
        assert_eq!(cb.class, crate::result_codes::ResultClass::Failure);
        let pairs: Vec<(String, String)> = form_urlencoded::parse(form.as_bytes())
            .into_owned()
            .collect();
        let json = serde_json::to_string(
            &pairs
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .unwrap();
        let cb2 = parse_callback(json.as_bytes(), Some(&key()), &ParseOptions::default()).unwrap();
        assert_eq!(cb, cb2);
    }

    #[test]
    fn missing_duplicate_and_unsigned() {
        let opts = ParseOptions::default();
        let e = parse_callback(b"ORDERID=O1&STATUS=TXN_SUCCESS", Some(&key()), &opts).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureMissing);
        let allow = ParseOptions {
            allow_unsigned: true,
        };
        let cb = parse_callback(b"ORDERID=O1&STATUS=TXN_SUCCESS", None, &allow).unwrap();
        assert_eq!(cb.verification, Verification::Skipped);
        let form = signed_form(&[("ORDERID", "O1"), ("STATUS", "TXN_SUCCESS")]);
        let dup = format!("{form}&STATUS=TXN_FAILURE");
        assert_eq!(
            parse_callback(dup.as_bytes(), Some(&key()), &opts)
                .unwrap_err()
                .code(),
            ErrorCode::SignatureAmbiguous
        );
        // A wrong checksum is refused even when unsigned input is allowed.
        let forged = form.replace("TXN_SUCCESS", "TXN_FAILURE");
        assert_eq!(
            parse_callback(forged.as_bytes(), Some(&key()), &allow)
                .unwrap_err()
                .code(),
            ErrorCode::ChecksumMismatch
        );
        assert_eq!(
            parse_callback(b"ORDERID=%FF&STATUS=x", None, &allow)
                .unwrap_err()
                .code(),
            ErrorCode::CallbackMalformed
        );
    }
}
