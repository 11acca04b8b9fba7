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

mod autodebit;
mod envelope;
mod legacy;
mod pg;

use std::borrow::Cow;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub use autodebit::{
    ConsultResponse, RevokeOutcome, RevokeResponse, SendOtpResponse, UserDetailsResponse,
    ValidateOtpResponse,
};
pub use envelope::{ParseOptions, ResponseHead, SentJson, Verification, MAX_RESPONSE_BYTES};
pub use legacy::{LegacyRefundResponse, WithdrawResponse};
pub use pg::{
    BankForm, DeepLinkInfo, FormDetail, InitiateResponse, PaymentRequestResponse, ProcessResponse,
    RefundDetail, RefundResponse, RefundStatusResponse, StatusResponse,
};

pub(crate) use envelope::{
    json_text, lenient, parse_typed, response_tree, take_entry, verify_map, verify_map_keyless,
    FlatMap, FlatMapBuilder, Members,
};

use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode, Result};
use crate::result_codes::{ResultClass, ResultStatus, TxnState};
use crate::types::{Amount, OrderId};

#[allow(unused_imports)]
use crate::types::{SsoToken, TxnToken};

/// `resultInfo`: the outcome of an API call as Paytm reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct ResultInfo {
    /// `S`, `F`, `U`, or a state word (`TXN_SUCCESS`, `PENDING` …) as sent.
    #[serde(default, deserialize_with = "lenient::short")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub result_status: Option<CompactString>,
    /// The result code (see [`crate::result_codes`]).
    #[serde(default, deserialize_with = "lenient::short")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub result_code: Option<CompactString>,
    /// Paytm's message.
    #[serde(default, deserialize_with = "lenient::short")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub result_msg: Option<CompactString>,
    /// Process Transaction: retries are over, leave the cashier page.
    #[serde(default, deserialize_with = "lenient::flag")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_redirect: Option<bool>,
    /// Process Transaction: the bank allows a retry.
    #[serde(default, deserialize_with = "lenient::flag")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_retry: Option<bool>,
    /// Process Transaction: a retry is allowed.
    #[serde(default, deserialize_with = "lenient::flag")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<bool>,
}

impl ResultInfo {
    /// The normalised `resultStatus`.
    pub fn status(&self) -> ResultStatus {
        self.result_status
            .as_deref()
            .map_or(ResultStatus::Unknown, ResultStatus::from_text)
    }

    /// The code, or "" when absent.
    pub fn code(&self) -> &str {
        self.result_code.as_deref().unwrap_or("")
    }
}

/// A payment's fields as the upper-case maps carry them: Process Transaction's `txnInfo`, the
/// callback and S2S webhook, Add Money's callback, the legacy `getTxnStatus` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct TxnInfo {
    /// `ORDERID`.
    pub order_id: OrderId,
    /// `MID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub mid: Option<CompactString>,
    /// `TXNID`: Paytm's transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub txn_id: Option<CompactString>,
    /// `BANKTXNID` (absent when the payment never reached the bank).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub bank_txn_id: Option<CompactString>,
    /// `TXNAMOUNT` (absent or zero: `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_amount: Option<Amount>,
    /// `CURRENCY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub currency: Option<CompactString>,
    /// `STATUS` as sent.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub status: CompactString,
    /// `STATUS`, normalised.
    pub state: TxnState,
    /// `RESPCODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub resp_code: Option<CompactString>,
    /// `RESPMSG`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub resp_msg: Option<CompactString>,
    /// `TXNDATE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub txn_date: Option<CompactString>,
    /// `TXNTYPE` (legacy status).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub txn_type: Option<CompactString>,
    /// `GATEWAYNAME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub gateway_name: Option<CompactString>,
    /// `BANKNAME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub bank_name: Option<CompactString>,
    /// `PAYMENTMODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub payment_mode: Option<CompactString>,
    /// `REFUNDAMT` (legacy status; zero: `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Amount>,
    /// `VPA`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub vpa: Option<CompactString>,
    /// `PROMO_CAMP_ID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub promo_camp_id: Option<CompactString>,
    /// `PROMO_RESPCODE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub promo_respcode: Option<CompactString>,
    /// `PROMO_STATUS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub promo_status: Option<CompactString>,
    /// `callBackUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub callback_url: Option<CompactString>,
    /// Every other member, as sent (covered by the checksum when there is one).
    #[serde(skip_serializing_if = "Fields::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub other: Fields,
}

impl TxnInfo {
    /// Builds from a flat map (the checksum member already removed). `code` is the error code
    /// for a missing or malformed member: ResponseMalformed or CallbackMalformed.
    pub(crate) fn from_map(api: &str, m: FlatMap<'_>, code: ErrorCode) -> Result<TxnInfo> {
        TxnInfo::from_entries(api, m.into_entries().collect(), code)
    }

    /// Builds from (name, value) entries in any order, names unique (the checksum member
    /// already removed).
    pub(crate) fn from_entries(
        api: &str,
        mut entries: Vec<(Cow<'_, str>, Option<Cow<'_, str>>)>,
        code: ErrorCode,
    ) -> Result<TxnInfo> {
        let bad =
            |field: &str, rule: &str| Error::with_message(code, format!("{api}: {field}: {rule}"));
        // The order id first, so the struct is built with it.
        let order_id = match entries.iter().position(|(k, _)| k == "ORDERID") {
            Some(at) => entries.remove(at).1,
            None => None,
        };
        let order_id = match order_id {
            Some(s) if !s.is_empty() => OrderId::new(s.as_ref())
                .map_err(|_| bad("ORDERID", "is not an order id this library could have sent"))?,
            _ => return Err(bad("ORDERID", "is required")),
        };
        let mut t = TxnInfo {
            order_id,
            mid: None,
            txn_id: None,
            bank_txn_id: None,
            txn_amount: None,
            currency: None,
            status: CompactString::default(),
            state: TxnState::Unknown,
            resp_code: None,
            resp_msg: None,
            txn_date: None,
            txn_type: None,
            gateway_name: None,
            bank_name: None,
            payment_mode: None,
            refund_amount: None,
            vpa: None,
            promo_camp_id: None,
            promo_respcode: None,
            promo_status: None,
            callback_url: None,
            other: Fields::default(),
        };
        // One pass over the (sorted) entries, moving each value: borrowed text is copied once,
        // into its field; text that was unescaped is moved without a copy.
        for (k, v) in entries {
            let text = v.unwrap_or(Cow::Borrowed(""));
            let slot = match k.as_ref() {
                "STATUS" => {
                    t.status = CompactString::from(text);
                    continue;
                }
                name @ ("TXNAMOUNT" | "REFUNDAMT") => {
                    let a = envelope::amount_text(&text).map_err(|r| bad(name, r))?;
                    if name == "TXNAMOUNT" {
                        t.txn_amount = a;
                    } else {
                        t.refund_amount = a;
                    }
                    continue;
                }
                "MID" => &mut t.mid,
                "TXNID" => &mut t.txn_id,
                "BANKTXNID" => &mut t.bank_txn_id,
                "CURRENCY" => &mut t.currency,
                "RESPCODE" => &mut t.resp_code,
                "RESPMSG" => &mut t.resp_msg,
                "TXNDATE" => &mut t.txn_date,
                "TXNTYPE" => &mut t.txn_type,
                "GATEWAYNAME" => &mut t.gateway_name,
                "BANKNAME" => &mut t.bank_name,
                "PAYMENTMODE" => &mut t.payment_mode,
                "VPA" => &mut t.vpa,
                "PROMO_CAMP_ID" => &mut t.promo_camp_id,
                "PROMO_RESPCODE" => &mut t.promo_respcode,
                "PROMO_STATUS" => &mut t.promo_status,
                "callBackUrl" => &mut t.callback_url,
                _ => {
                    t.other
                        .push(CompactString::from(k), CompactString::from(text));
                    continue;
                }
            };
            if !text.is_empty() {
                *slot = Some(CompactString::from(text));
            }
        }
        if t.status.is_empty() {
            return Err(bad("STATUS", "is required"));
        }
        t.state = TxnState::from_text(&t.status);
        Ok(t)
    }
}

/// Named text fields, each name once, in the order read (a map checksum's signing order where
/// one was verified, the order received otherwise); serialized as a JSON object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "Record<string, string>"))]
pub struct Fields(Vec<(CompactString, CompactString)>);

impl Fields {
    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// (name, value) pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a field; callers pass each name once (the readers refuse repeated names).
    pub(crate) fn push(&mut self, name: CompactString, value: CompactString) {
        self.0.push((name, value));
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The facts [`crate::reconcile::reconcile`] needs from any response or callback that reports
/// a payment.
///
/// JSON (C and npm; also the `transaction` member of a parsed response): `{"orderId", "mid",
/// "txnId", "amount", "state", "verification"}`, the first four optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct TransactionResult {
    /// The order id Paytm reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// The MID Paytm reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mid: Option<String>,
    /// Paytm's transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub txn_id: Option<String>,
    /// The amount Paytm reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The payment's state.
    pub state: TxnState,
    /// How the data was authenticated.
    pub verification: Verification,
}

impl TxnInfo {
    /// The reconciliation facts, under a verification.
    pub fn transaction(&self, verification: Verification) -> TransactionResult {
        TransactionResult {
            order_id: Some(self.order_id.clone()),
            mid: self.mid.as_deref().map(String::from),
            txn_id: self.txn_id.as_deref().map(String::from),
            amount: self.txn_amount,
            state: self.state,
            verification,
        }
    }
}

/// The typed response of each API (see the module table).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
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
pub const RESPONSE_API_NAMES: &[&str] = &[
    "initiate_transaction",
    "process_transaction",
    "transaction_status",
    "legacy_transaction_status",
    "refund",
    "refund_status",
    "refund_webhook",
    "legacy_refund",
    "legacy_refund_status",
    "send_otp",
    "validate_otp",
    "user_details",
    "revoke_access",
    "check_balance",
    "add_money",
    "withdraw",
    "send_payment_request",
    "resend_payment_request",
];

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
    let (verification, class, data) = match name {
        "revoke_access" => autodebit::revoke(name, http_status)?,
        "add_money" => {
            let cb = crate::callback::parse_form_callback(name, body, key, options)?;
            let class = cb.txn.state.class();
            (cb.verification, class, ResponseData::Txn(cb.txn))
        }
        "send_otp" | "validate_otp" | "user_details" => {
            oauth_status(name, http_status)?;
            let text = json_text(name, body)?;
            autodebit::oauth(name, text)?
        }
        _ => {
            pg_status(name, http_status)?;
            let text = json_text(name, body)?;
            match name {
                "initiate_transaction" => pg::initiate(name, text, key, options)?,
                "transaction_status" => pg::status(name, text, key, options)?,
                "refund" => pg::refund(name, text, key, options)?,
                "refund_status" | "refund_webhook" => pg::refund_status(name, text, key, options)?,
                "check_balance" => autodebit::consult(name, text, key, options)?,
                "send_payment_request" | "resend_payment_request" => {
                    pg::payment_request(name, text, key, options)?
                }
                "legacy_transaction_status" => legacy::status(name, text)?,
                "legacy_refund" | "legacy_refund_status" => legacy::refund(name, text)?,
                "withdraw" => legacy::withdraw(name, text, key, options)?,
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
        envelope::verify_map(PROCESS, sum, &m, key, options)
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
    let tree = envelope::response_tree(PROCESS, json_text(PROCESS, body)?)?;
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
        envelope::verify_map_keyless(PROCESS, sum, options)
    })
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

pub(crate) fn http_error(api: &str, status: u16, expected: &str) -> Error {
    Error::with_message(
        ErrorCode::ResponseHttpStatus,
        format!("{api}: HTTP {status}; this API answers {expected} (treat the outcome as unknown and ask the status API)"),
    )
}

/// Parse result of one API: verification, class, data.
pub(crate) type Parsed = (Verification, ResultClass, ResponseData);
