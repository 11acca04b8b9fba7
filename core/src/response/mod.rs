//! Response parsers: the raw bytes Paytm answered with (plus the HTTP status) in, a typed and
//! verified result out — or an error that says the bytes were malformed or tampered with.
//!
//! This module owns the typed responses of every API in [`crate::api`], the verification of their
//! signatures and the one JSON entry point [`parse_response`]. It never does I/O, never reads a
//! clock and never re-serializes what it verifies.
//!
//! # Rules
//! - **Verify the bytes you received.** A signed response's `head.signature` covers the raw text
//!   of the top-level `body` member. That span is found by serde_json's tokenizer
//!   ([`serde_json::value::RawValue`]): exactly the bytes received, never re-serialized, never
//!   found by regex or brace counting. It is verified for every result status, failures included,
//!   and before the body is interpreted.
//! - A duplicated top-level `head`/`body` or `head.signature` (also when spelled with escapes,
//!   `"b\u006fdy"`) is [`ErrorCode::SignatureAmbiguous`]; a missing signature where the API signs
//!   is [`ErrorCode::SignatureMissing`] unless the caller passes
//!   [`ParseOptions::allow_unsigned`]; a signature that does not verify is the 2xxx code of
//!   [`MerchantKey::check`] ([`ErrorCode::ChecksumMismatch`] …).
//! - **Business outcomes are not errors.** A declined payment, an invalid OTP or a failed refund
//!   is `Ok` with its [`ResultClass`]; `Err` means the bytes were unusable.
//! - Money is [`Amount`], parsed from the literal text (strings or JSON numbers), never a float.
//! - Process Transaction (the response a client sees, and the one the npm browser build is meant
//!   to parse) is read as one compact JSON tree: its head is unsigned and its `txnInfo` is signed
//!   in map mode, so no raw span is needed. There a member name given twice anywhere is
//!   [`ErrorCode::SignatureAmbiguous`], and a number with a fraction where text is read
//!   (`"TXNAMOUNT": 1.5`) is [`ErrorCode::ResponseMalformed`]: Paytm sends strings, and the text
//!   a map-mode checksum covers cannot be rebuilt from a float. Open members are [`SentJson`].
//! - Tokens are typed ([`TxnToken`], [`SsoToken`]) and redacted in Debug.
//!
//! # Which responses are signed
//! | api | response | signature |
//! | --- | --- | --- |
//! | `initiate_transaction` | `{head,body}` | `head.signature` over `body` (spec/initiate-transaction.md) |
//! | `process_transaction` | `{head,body}` | head unsigned (the txnToken authenticated the call); `body.txnInfo.CHECKSUMHASH` in map mode when txnInfo is present (spec/process-transaction.md) |
//! | `transaction_status` | `{head,body}` | `head.signature` (<https://paytmpayments.com/docs/api/v3/transaction-status-api>) |
//! | `refund` | `{head,body}` | `head.signature` (<https://developer.paytm.com/docs/api/refund-api/>) |
//! | `refund_status`, `refund_webhook` | `{head,body}` | `head.signature` (<https://business.paytm.com/docs/refund-status-api>, <https://paytmpayments.com/docs/success-refund-webhook>) |
//! | `check_balance` (consult) | `{head,body}` | `head.signature` (spec/auto-debit.md) |
//! | `send_payment_request`, `resend_payment_request` | `{head,body}` | `head.signature` (<https://business.paytm.com/docs/apis/send-payment-request-api>) |
//! | `withdraw` | flat JSON | `CheckSum` (any of `CheckSum`/`checkSum`/`CHECKSUMHASH`) in map mode over the other members (spec/auto-debit.md) |
//! | `add_money` | form POST to the callback URL | `CHECKSUMHASH` in map mode ([`crate::callback`]) |
//! | `legacy_transaction_status`, `legacy_refund`, `legacy_refund_status` | flat JSON | unsigned: the spec's response tables carry no checksum |
//! | `send_otp`, `validate_otp`, `user_details` | flat JSON | unsigned OAuth responses (spec/auto-debit.md) |
//! | `revoke_access` | HTTP status only | — |
//! | `initiate_subscription`, `renew_subscription`, `subscription_status`, `cancel_subscription`, `pause_resume_subscription`, `pre_notify_subscription` | `{head,body}` | `head.signature` ([`subscription`], Paytm's subscription pages) |
//! | `create_payment_link`, `fetch_payment_link`, `resend_payment_link`, `expire_payment_link` | `{head,body}` | `head.signature` ([`link`], Paytm's payment link pages) |
//! | `payment_link_webhook` | form POST | `CHECKSUMHASH` in map mode (<https://developer.paytm.com/docs/link-payment-status-webhook/>) |
//! | `subscription_webhook` | form POST | `CHECKSUMHASH` in map mode (<https://paytmpayments.com/docs/subscription-status-webhook>) |
//! | `settlement` | — | not parsed here: no response body to verify |
//!
//! HTTP statuses: the PG APIs answer 200 (business failures included); anything else is
//! [`ErrorCode::ResponseHttpStatus`], and the host should treat the outcome as unknown and ask
//! the status API. The OAuth APIs also document 4xx answers with a body; 5xx is refused.
//!
//! # JSON schema of [`ParsedResponse`] (C and npm)
//! ```json
//! {"api":"transaction_status","httpStatus":200,"verification":"verified|unsigned|skipped",
//!  "class":"success|failure|pending|retry_allowed|session_expired|merchant_configuration|invalid_request|unknown",
//!  "data":{ …the API's typed response, camelCase members as Paytm names them… }}
//! ```
//! Absent optional members are omitted; amounts are canonical strings (`"1.00"`); open maps
//! (`extraParamsMap`, `displayField`, `bankForm…content`) are kept as Paytm sent them.

/// Declares a response struct whose optional members are read leniently: a field written
/// `name: Option<T> => "reader"` is read through `reader` (absent or `null` is `None`, and `None`
/// is not written back), `=> omit` is only omitted when `None`, so each member states its reader
/// once; other fields pass through unchanged, in order (the JSON order of the answer the bindings
/// get). The rule is [`crate::json_struct`]'s.
///
/// Every such struct is read and written as Paytm names its members (camelCase), exported to
/// TypeScript (feature `ts`) with its optional members optional, and derives `Debug`, `Clone`,
/// `Default`, `PartialEq`, `Serialize` and `Deserialize`: the macro writes those attributes, and
/// a struct adds only what is its own (`#[derive(Eq)]` when its members allow it).
macro_rules! lenient_struct {
    ($(#[$meta:meta])* $vis:vis struct $($decl:tt)*) => {
        crate::json_struct::json_struct! {
            $(#[$meta])*
            #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(rename_all = "camelCase")]
            #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
            $vis struct $($decl)*
        }
    };
}

mod autodebit;
mod envelope;
mod flat_map;
pub(crate) mod form;
mod legacy;
pub mod link;
mod members;
mod native;
mod outcome;
mod pg;
mod scalar;
pub mod subscription;
mod verify;

use serde::{Deserialize, Serialize};

pub use autodebit::{
    ConsultResponse, RevokeOutcome, RevokeResponse, SendOtpResponse, UserDetailsResponse,
    ValidateOtpResponse,
};
pub use envelope::ResponseHead;
use envelope::{signed_answer, SignedBody};
pub use legacy::{LegacyRefundResponse, WithdrawResponse};
pub use link::{
    CreatePaymentLinkResponse, ExpectedPaymentLink, FetchPaymentLinkResponse, LinkResultInfo,
    PaymentLinkActionResponse, PaymentLinkDetail, PaymentLinkWebhook,
};
pub use members::SentJson;
pub use native::{
    BinDetailsResponse, CheckoutOtpResponse, EmiDetailsResponse, EmiPlan, NativeResponse,
    PayChannel, PayMode, PaymentOptionsResponse, PromoOffer, PromoResponse, SavedCard, VpaResponse,
};
pub use outcome::{Fields, ResultInfo, TransactionResult, TxnInfo};
pub use pg::{
    BankForm, DeepLinkInfo, FormDetail, InitiateResponse, PaymentRequestResponse, ProcessResponse,
    RefundDetail, RefundResponse, RefundStatusResponse, StatusResponse,
};
pub use scalar::MAX_RESPONSE_BYTES;
pub use subscription::{
    ExpectedSubscription, InitiateSubscriptionResponse, SubscriptionActionResponse,
    SubscriptionResultInfo, SubscriptionState, SubscriptionStatusResponse, SubscriptionWebhook,
};
pub use verify::{ParseOptions, Verification};

pub(crate) use flat_map::FlatMap;
pub(crate) use members::{response_tree, take_entry, Members};
pub(crate) use scalar::{http_error, json_text, lenient, parse_typed};
pub(crate) use verify::verify_map_keyless;
pub(crate) use verify::Answer;

use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::result_codes::ResultClass;

#[allow(unused_imports)]
use crate::types::{Amount, SsoToken, TxnToken};

/// The typed response of each API (see the module table).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
#[non_exhaustive]
pub enum ResponseData {
    /// `initiate_transaction`.
    Initiate(InitiateResponse),
    /// `process_transaction`.
    Process(ProcessResponse),
    /// `transaction_status`.
    Status(StatusResponse),
    /// `legacy_transaction_status` and `add_money` (the callback).
    Txn(TxnInfo),
    /// `refund`.
    Refund(RefundResponse),
    /// `refund_status`, `refund_webhook`.
    RefundStatus(RefundStatusResponse),
    /// `legacy_refund`, `legacy_refund_status`.
    LegacyRefund(LegacyRefundResponse),
    /// `send_otp`.
    SendOtp(SendOtpResponse),
    /// `validate_otp`.
    ValidateOtp(ValidateOtpResponse),
    /// `user_details`.
    UserDetails(UserDetailsResponse),
    /// `revoke_access`.
    Revoke(RevokeResponse),
    /// `check_balance`.
    Consult(ConsultResponse),
    /// `withdraw`.
    Withdraw(WithdrawResponse),
    /// `send_payment_request`, `resend_payment_request`.
    PaymentRequest(PaymentRequestResponse),
    /// `initiate_subscription`.
    InitiateSubscription(InitiateSubscriptionResponse),
    /// `subscription_status`.
    SubscriptionStatus(SubscriptionStatusResponse),
    /// `renew_subscription`, `cancel_subscription`, `pause_resume_subscription`,
    /// `pre_notify_subscription`.
    SubscriptionAction(SubscriptionActionResponse),
    /// `subscription_webhook`.
    SubscriptionWebhook(SubscriptionWebhook),
    /// `create_payment_link`.
    CreatePaymentLink(CreatePaymentLinkResponse),
    /// `fetch_payment_link`.
    FetchPaymentLink(FetchPaymentLinkResponse),
    /// `resend_payment_link`, `expire_payment_link`.
    PaymentLinkAction(PaymentLinkActionResponse),
    /// `payment_link_webhook`.
    PaymentLinkWebhook(PaymentLinkWebhook),
    /// The txnToken helpers: `fetch_payment_options`, `fetch_bin_details`, `validate_vpa`,
    /// `fetch_emi_details`, `apply_promo`, `send_checkout_otp`, `validate_checkout_otp`.
    Native(NativeResponse),
}

/// A parsed, verified response (see the module docs for its JSON schema).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedResponse {
    /// The API name as passed to [`parse_response`].
    pub api: &'static str,
    /// The HTTP status received.
    pub http_status: u16,
    /// How the response was authenticated.
    pub verification: Verification,
    /// What the outcome means for the host. For payments this is the payment's state (a
    /// Process Transaction without txnInfo reports the API call: `success` means "show the bank
    /// form", not "paid").
    pub class: ResultClass,
    /// The typed response.
    pub data: ResponseData,
}

impl ParsedResponse {
    /// The response as JSON (see the module docs).
    pub fn to_json(&self) -> String {
        response_json(
            self.api,
            self.http_status,
            self.verification,
            self.class,
            &self.data,
            self.transaction(),
        )
    }

    /// The reconciliation facts, for responses that report a payment: transaction status (both),
    /// Process Transaction with txnInfo, withdraw, the Add Money callback.
    pub fn transaction(&self) -> Option<TransactionResult> {
        match &self.data {
            ResponseData::Status(s) => Some(s.transaction(self.verification)),
            ResponseData::Txn(t) => Some(t.transaction(self.verification)),
            ResponseData::Process(p) => p
                .txn_info
                .as_ref()
                .map(|t| t.transaction(self.verification)),
            ResponseData::Withdraw(w) => Some(w.transaction(self.verification)),
            ResponseData::PaymentLinkWebhook(w) => Some(w.payment.transaction(self.verification)),
            _ => None,
        }
    }
}

/// The JSON of [`ParsedResponse::to_json`] from its parts (`data` as `D`, so that a caller
/// knowing the API could link only that type's serializer).
fn response_json<D: Serialize>(
    api: &str,
    http_status: u16,
    verification: Verification,
    class: ResultClass,
    data: &D,
    transaction: Option<TransactionResult>,
) -> String {
    /// The response plus its reconciliation facts (`transaction`), so a host holding only the
    /// JSON can call reconcile.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Json<'a, D> {
        api: &'a str,
        http_status: u16,
        verification: Verification,
        class: ResultClass,
        data: &'a D,
        #[serde(skip_serializing_if = "Option::is_none")]
        transaction: Option<TransactionResult>,
    }
    // Strings, numbers, booleans and JSON values only: cannot fail.
    serde_json::to_string(&Json {
        api,
        http_status,
        verification,
        class,
        data,
        transaction,
    })
    .unwrap_or_default()
}

/// Every `api` name [`parse_response`] knows.
pub const RESPONSE_API_NAMES: &[&str] = crate::api::names::PARSE;

/// Parses and verifies any API's response: one entry point for the C library and the npm
/// package. `key` verifies signed responses (see the module table); `options` may explicitly
/// allow unsigned input.
///
/// ```
/// use paytm_checkout::response::{parse_response, ParseOptions, Verification};
/// use paytm_checkout::result_codes::ResultClass;
/// use paytm_checkout::{MerchantKey, Salt};
/// let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK")?;
/// let body = r#"{"resultInfo":{"resultStatus":"S","resultCode":"0000","resultMsg":"Success"},"txnToken":"f0bed899539742309eebd8XXXX7edcf61588842333227","isPromoCodeValid":false,"authenticated":false}"#;
/// let sig = key.generate_with_salt(body.as_bytes(), Salt::new(b"abcd")?);
/// let raw = format!(r#"{{"head":{{"signature":"{sig}"}},"body":{body}}}"#);
/// let r = parse_response("initiate_transaction", 200, raw.as_bytes(), Some(&key), &ParseOptions::default())?;
/// assert_eq!(r.verification, Verification::Verified);
/// assert_eq!(r.class, ResultClass::Success);
/// // One byte changed in the body: refused, with a 2xxx code.
/// let bad = raw.replace("isPromoCodeValid\":false", "isPromoCodeValid\":true ");
/// let e = parse_response("initiate_transaction", 200, bad.as_bytes(), Some(&key), &ParseOptions::default()).unwrap_err();
/// assert_eq!(e.code().number(), 2001);
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
pub fn parse_response(
    api: &str,
    http_status: u16,
    body: &[u8],
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<ParsedResponse> {
    let Some(&name) = RESPONSE_API_NAMES.iter().find(|n| **n == api) else {
        let why = if api == "settlement" {
            "settlement: the settlement APIs have no response body to verify".to_owned()
        } else {
            format!(
                "api: unknown API name ({} characters); expected one of {}",
                api.len(),
                RESPONSE_API_NAMES.join(", ")
            )
        };
        return Err(Error::with_message(ErrorCode::UnknownApi, why));
    };
    if name == PROCESS {
        return parse_process_transaction(http_status, body, key, options);
    }
    if native::NAMES.contains(&name) {
        let (verification, class, data) =
            native_keyless(name, http_status, body, |t| response_tree(name, t))?;
        return Ok(ParsedResponse {
            api: name,
            http_status,
            verification,
            class,
            data: ResponseData::Native(data),
        });
    }
    let (verification, class, data) = match name {
        "revoke_access" => data(autodebit::revoke(name, http_status)?, ResponseData::Revoke),
        "subscription_webhook" => data(
            subscription::webhook(name, form::form_map(name, body)?, key, options)?,
            ResponseData::SubscriptionWebhook,
        ),
        "payment_link_webhook" => data(
            link::webhook(name, form::form_map(name, body)?, key, options)?,
            ResponseData::PaymentLinkWebhook,
        ),
        "add_money" => {
            let (verification, txn) =
                form::verified_payment(name, form::form_map(name, body)?, key, options)?;
            (verification, txn.state.class(), ResponseData::Txn(txn))
        }
        "send_otp" | "validate_otp" | "user_details" => {
            oauth_status(name, http_status)?;
            let text = json_text(name, body)?;
            match name {
                "send_otp" => data(autodebit::send_otp(name, text)?, ResponseData::SendOtp),
                "validate_otp" => data(
                    autodebit::validate_otp(name, text)?,
                    ResponseData::ValidateOtp,
                ),
                _ => data(
                    autodebit::user_details(name, text)?,
                    ResponseData::UserDetails,
                ),
            }
        }
        _ => {
            pg_status(name, http_status)?;
            let text = json_text(name, body)?;
            let signed = Signed {
                api: name,
                text,
                key,
                options,
            };
            match name {
                "initiate_transaction" => signed.read(ResponseData::Initiate)?,
                "transaction_status" => signed.read(ResponseData::Status)?,
                "refund" => signed.read(ResponseData::Refund)?,
                "refund_status" | "refund_webhook" => signed.read(ResponseData::RefundStatus)?,
                "check_balance" => signed.read(ResponseData::Consult)?,
                "send_payment_request" | "resend_payment_request" => {
                    signed.read(ResponseData::PaymentRequest)?
                }
                "initiate_subscription" => signed.read(ResponseData::InitiateSubscription)?,
                "subscription_status" => signed.read(ResponseData::SubscriptionStatus)?,
                "renew_subscription"
                | "cancel_subscription"
                | "pause_resume_subscription"
                | "pre_notify_subscription" => signed.read(ResponseData::SubscriptionAction)?,
                "create_payment_link" => signed.read(ResponseData::CreatePaymentLink)?,
                "fetch_payment_link" => signed.read(ResponseData::FetchPaymentLink)?,
                "resend_payment_link" | "expire_payment_link" => {
                    signed.read(ResponseData::PaymentLinkAction)?
                }
                "legacy_transaction_status" => data(legacy::status(name, text)?, ResponseData::Txn),
                "legacy_refund" | "legacy_refund_status" => {
                    data(legacy::refund(name, text)?, ResponseData::LegacyRefund)
                }
                "withdraw" => data(
                    legacy::withdraw(name, text, key, options)?,
                    ResponseData::Withdraw,
                ),
                _ => unreachable!("every name in RESPONSE_API_NAMES has a parser"),
            }
        }
    };
    Ok(ParsedResponse {
        api: name,
        http_status,
        verification,
        class,
        data,
    })
}

const PROCESS: &str = "process_transaction";

/// [`parse_response`] for Process Transaction alone: the same result, but it links only this
/// API's parser (the npm package's browser build cannot carry every API's). Without a key, a
/// `txnInfo` with a CHECKSUMHASH needs [`ParseOptions::allow_unsigned`] and is then
/// [`Verification::Skipped`]: a client may show it, never trust it.
pub fn parse_process_transaction(
    http_status: u16,
    body: &[u8],
    key: Option<&MerchantKey>,
    options: &ParseOptions,
) -> Result<ParsedResponse> {
    let (verification, class, data) = process_with(http_status, body, &|sum, entries| {
        let m = FlatMap::of(PROCESS, entries.clone())?;
        verify::verify_map(PROCESS, sum, &m, key, options)
    })?;
    Ok(ParsedResponse {
        api: PROCESS,
        http_status,
        verification,
        class,
        data: ResponseData::Process(data),
    })
}

fn process_with(
    http_status: u16,
    body: &[u8],
    check: &pg::MapCheck<'_>,
) -> Result<(Verification, ResultClass, ProcessResponse)> {
    pg_status(PROCESS, http_status)?;
    let tree = members::response_tree(PROCESS, json_text(PROCESS, body)?)?;
    pg::process(PROCESS, &tree, check)
}

/// Process Transaction's response, from a JSON tree the host parses (see [`crate::input`]),
/// verified without a key, to the JSON of [`ParsedResponse::to_json`]: the entry point of a
/// client that holds no key and parses JSON itself (the npm package's browser build), linking no
/// cipher, no JSON parser and no other API's types. `parse` turns the body's text into the tree
/// (or the host's error for it); it is called after the same checks [`parse_process_transaction`]
/// makes first (HTTP status, size, UTF-8, empty), so errors come in the same order. A `txnInfo`
/// with a CHECKSUMHASH needs [`ParseOptions::allow_unsigned`] and is then
/// [`Verification::Skipped`].
pub fn process_transaction_json(
    http_status: u16,
    body: &[u8],
    parse: impl FnOnce(&str) -> Result<crate::input::Json>,
    options: &ParseOptions,
) -> Result<String> {
    let (verification, class, data) = process_keyless(http_status, body, parse, options)?;
    let transaction = data.txn_info.as_ref().map(|t| t.transaction(verification));
    Ok(response_json(
        PROCESS,
        http_status,
        verification,
        class,
        &data,
        transaction,
    ))
}

/// Process Transaction's response read from the tree `parse` makes of its text, verified
/// without a key: [`process_transaction_json`] and the client half of a checkout
/// ([`crate::session::ClientCheckout`]).
pub(crate) fn process_keyless(
    http_status: u16,
    body: &[u8],
    parse: impl FnOnce(&str) -> Result<crate::input::Json>,
    options: &ParseOptions,
) -> Result<(Verification, ResultClass, ProcessResponse)> {
    pg_status(PROCESS, http_status)?;
    let tree = parse(json_text(PROCESS, body)?)?;
    pg::process(PROCESS, &tree, &|sum, _| {
        verify::verify_map_keyless(PROCESS, sum, options)
    })
}

/// A txnToken helper's answer ([`crate::api::native`]) read from the tree `parse` makes of its
/// text (after the same HTTP status, size and UTF-8 checks as every answer).
pub(crate) fn native_keyless(
    api: &'static str,
    http_status: u16,
    body: &[u8],
    parse: impl FnOnce(&str) -> Result<crate::input::Json>,
) -> Result<(Verification, ResultClass, NativeResponse)> {
    pg_status(api, http_status)?;
    let tree = parse(json_text(api, body)?)?;
    native::read(api, &tree)
}

/// A txnToken helper's answer to the JSON of [`ParsedResponse::to_json`], from a JSON tree the
/// host parses (see [`process_transaction_json`]): the npm package's browser build reads the
/// seven helpers' answers through this, linking no other API's types. `api` must be one of
/// [`crate::api::native::NAMES`] ([`ErrorCode::UnknownApi`] otherwise).
pub fn native_json(
    api: &str,
    http_status: u16,
    body: &[u8],
    parse: impl FnOnce(&str) -> Result<crate::input::Json>,
) -> Result<String> {
    let Some(&name) = native::NAMES.iter().find(|n| **n == api) else {
        return Err(Error::with_message(
            ErrorCode::UnknownApi,
            format!("api: not a txnToken helper ({} characters)", api.len()),
        ));
    };
    let (verification, class, data) = native_keyless(name, http_status, body, parse)?;
    Ok(response_json(
        name,
        http_status,
        verification,
        class,
        &data,
        None,
    ))
}

/// The PG APIs answer 200 for every business outcome; anything else never came from the API
/// logic (a proxy, an outage) and says nothing about the payment.
fn pg_status(api: &str, status: u16) -> Result<()> {
    if status == 200 {
        Ok(())
    } else {
        Err(http_error(api, status, "200"))
    }
}

fn oauth_status(api: &str, status: u16) -> Result<()> {
    if (200..300).contains(&status) || (400..500).contains(&status) {
        Ok(())
    } else {
        Err(http_error(api, status, "2xx or 4xx"))
    }
}

/// A signed `{"head","body"}` response's text and what verifies it.
struct Signed<'a> {
    api: &'a str,
    text: &'a str,
    key: Option<&'a MerchantKey>,
    options: &'a ParseOptions,
}

impl<'a> Signed<'a> {
    /// The answer of the API whose body is `T`, as the whole response's data.
    fn read<T: Deserialize<'a> + SignedBody>(
        &self,
        wrap: fn(T) -> ResponseData,
    ) -> Result<(Verification, ResultClass, ResponseData)> {
        let answer = signed_answer::<T>(self.api, self.text, self.key, self.options)?;
        Ok(data(answer, wrap))
    }
}

/// One API's answer as the whole response's data.
fn data<T>(
    (verification, class, data): Answer<T>,
    wrap: fn(T) -> ResponseData,
) -> (Verification, ResultClass, ResponseData) {
    (verification, class, wrap(data))
}
