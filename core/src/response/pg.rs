//! The `{"head","body"}` PG APIs: Initiate Transaction, Process Transaction, Transaction Status,
//! Refund, Refund Status (and the refund webhooks, which share its body), and the All-in-One
//! Payment Requests.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::envelope::{head_of, kept_promise, settled_by_result_info, SignedBody};
use super::members::{take_entry, Entries, Members, SentJson};
use super::outcome::ResultFields;
use super::{lenient, ResultInfo, TxnInfo};
use crate::error::{ErrorCode, Result};
use crate::input::Json;
use crate::params::CHECKSUMHASH;
use crate::result_codes::{RefundState, ResultClass, TxnState, INITIATE, PAYMENT_REQUEST, PROCESS};
use crate::types::{Amount, OrderId, TxnToken};

use super::{ResponseHead, Verification};

lenient_struct! {
    /// Initiate Transaction's response body (plus the head).
    pub struct InitiateResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome.
        pub result_info: ResultInfo,
        /// The transaction token for the next 15 minutes (redacted in Debug).
        pub txn_token: Option<TxnToken> => "lenient::txn_token",
        /// Whether the promo code in the request was valid.
        pub is_promo_code_valid: Option<bool> => "lenient::flag",
        /// True when the SSO token in the request was valid.
        pub authenticated: Option<bool> => "lenient::flag",
        /// Extra information (in case of error), as sent.
        pub extra_params_map: Option<Value> => omit,
    }
}

impl SignedBody for InitiateResponse {
    fn settle(&mut self, head: ResponseHead, api: &str) -> Result<ResultClass> {
        self.head = head;
        let class = self.result_info.class_in(INITIATE);
        let kept = self.txn_token.is_some();
        kept_promise(
            api,
            class,
            kept,
            "txnToken is missing from a success response",
        )
    }
}

/// The `head`, `body` and `body.resultInfo` of a `{"head","body"}` answer read from its tree
/// (`body` and `resultInfo` required): what every tree-read answer starts with.
pub(crate) fn head_body<'a>(
    api: &'a str,
    tree: &'a Json,
) -> Result<(ResponseHead, Members<'a>, ResultInfo)> {
    let top = Members::of(api, String::new(), tree)?;
    let head = head_of(&top)?;
    let Some(b) = top.obj("body")? else {
        return Err(top.error("body", "is required"));
    };
    let result_info = match b.obj("resultInfo")? {
        Some(r) => ResultInfo {
            result_status: r.short("resultStatus")?,
            result_code: r.short("resultCode")?,
            result_msg: r.short("resultMsg")?,
            is_redirect: r.flag("isRedirect")?,
            bank_retry: r.flag("bankRetry")?,
            retry: r.flag("retry")?,
        },
        None => return Err(b.error("resultInfo", "is required")),
    };
    Ok((head, b, result_info))
}

/// One form of a `bankForm`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct FormDetail {
    /// The URL to call.
    #[serde(rename = "actionURL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_url: Option<String>,
    /// The HTTP method (`post`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// `redirect`, `submit`, `cancel`, `resend`, `payonbank`.
    #[serde(rename = "type")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form_type: Option<String>,
    /// HTTP headers to send, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<SentJson>,
    /// The request body's fields, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<SentJson>,
}

/// `bankForm`: where to send the user (cards, net banking, EMI, UPI).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct BankForm {
    /// `redirect` (Paytm's page) or `direct` (the bank's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type: Option<String>,
    /// The form to open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_form: Option<FormDetail>,
    /// The APIs of a merchant-hosted bank page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub direct_forms: Vec<FormDetail>,
}

/// `deepLinkInfo` (UPI intent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct DeepLinkInfo {
    /// The `upi://` deep link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deep_link: Option<String>,
    /// The order id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// Cashier request id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cashier_request_id: Option<String>,
    /// Transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trans_id: Option<String>,
}

/// Process Transaction's response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct ProcessResponse {
    /// The response head (unsigned for this API).
    pub head: ResponseHead,
    /// The outcome of the call (with isRedirect, bankRetry, retry).
    pub result_info: ResultInfo,
    /// The payment's result, when Paytm could finish it at once (wallet, postpaid, decoupled
    /// authorisation), its CHECKSUMHASH verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txn_info: Option<TxnInfo>,
    /// Where to send the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_form: Option<BankForm>,
    /// Display hints (amount, bank name, logo …), as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_field: Option<SentJson>,
    /// Status of the resend-OTP feature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_force_resend_otp: Option<bool>,
    /// The deep link URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deep_link: Option<String>,
    /// UPI intent details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deep_link_info: Option<DeepLinkInfo>,
}

/// How a txnInfo's CHECKSUMHASH (taken out of the map) is checked against the rest of the map:
/// [`verify_map`] with the caller's key, or its keyless half.
pub(crate) type MapCheck<'k> = dyn Fn(Option<&str>, &Entries<'_>) -> Result<Verification> + 'k;

/// Reads Process Transaction's response from its JSON tree (the head is unsigned and txnInfo
/// is signed in map mode: nothing needs the body's bytes).
pub(crate) fn process(
    api: &'static str,
    tree: &Json,
    check: &MapCheck<'_>,
) -> Result<(Verification, ResultClass, ProcessResponse)> {
    let (head, b, result_info) = head_body(api, tree)?;
    let (verification, txn_info) = match b.entries("txnInfo")? {
        None => (Verification::Unsigned, None),
        Some(mut entries) => {
            let sum = take_entry(&mut entries, CHECKSUMHASH);
            let v = check(sum.as_deref(), &entries)?;
            let t = TxnInfo::from_entries(api, entries, ErrorCode::ResponseMalformed)?;
            (v, Some(t))
        }
    };
    let class = match &txn_info {
        Some(t) => t.state.class(),
        None => result_info.class_in(PROCESS),
    };
    let bank_form = match b.obj("bankForm")? {
        None => None,
        Some(f) => Some(BankForm {
            page_type: f.text("pageType")?,
            redirect_form: f.obj("redirectForm")?.map(|r| form(&r)).transpose()?,
            direct_forms: {
                let forms = f.objs("directForms")?;
                let mut out = Vec::with_capacity(forms.len());
                for m in &forms {
                    out.push(form(m)?);
                }
                out
            },
        }),
    };
    // `deepLink` is documented both as a string and as `{"url": …}`: both are read.
    let deep_link = match b.raw("deepLink") {
        Some(Json::Obj(_)) => b
            .obj("deepLink")?
            .and_then(|o| o.text("url").transpose())
            .transpose()?,
        Some(Json::Str(_)) => b.text("deepLink")?,
        Some(_) => return Err(b.error("deepLink", "expected a string or {\"url\":…}")),
        None => None,
    };
    let deep_link_info = match b.obj("deepLinkInfo")? {
        None => None,
        Some(d) => Some(DeepLinkInfo {
            deep_link: d.text("deepLink")?,
            order_id: d.text("orderId")?,
            cashier_request_id: d.text("cashierRequestId")?,
            trans_id: d.text("transId")?,
        }),
    };
    Ok((
        verification,
        class,
        ProcessResponse {
            head,
            result_info,
            txn_info,
            bank_form,
            display_field: b.json("displayField"),
            is_force_resend_otp: b.flag("isForceResendOtp")?,
            deep_link,
            deep_link_info,
        },
    ))
}

/// One form of a `bankForm` (`actionURL`, also spelled `actionUrl`).
fn form(f: &Members<'_>) -> Result<FormDetail> {
    let action_url = match f.text("actionURL")? {
        Some(url) => {
            if f.raw("actionUrl").is_some() {
                return Err(f.error("actionURL", "given twice (actionURL and actionUrl)"));
            }
            Some(url)
        }
        None => f.text("actionUrl")?,
    };
    Ok(FormDetail {
        action_url,
        method: f.text("method")?,
        form_type: f.text("type")?,
        headers: f.json("headers"),
        content: f.json("content"),
    })
}

lenient_struct! {
    /// Transaction Status (v3) response.
    #[derive(Eq)]
    pub struct StatusResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome; `resultStatus` is the payment's state word.
        pub result_info: ResultInfo,
        /// The payment's state, from `resultInfo.resultStatus` (`TXN_SUCCESS`, `TXN_FAILURE`,
        /// `PENDING`; `F` — the call itself failed — is Unknown).
        #[serde(skip_deserializing)]
        pub state: TxnState,
        /// Paytm's transaction id.
        pub txn_id: Option<String> => "lenient::text",
        /// The bank's transaction id.
        pub bank_txn_id: Option<String> => "lenient::text",
        /// The order id.
        pub order_id: Option<OrderId> => "lenient::order_id",
        /// The amount.
        pub txn_amount: Option<Amount> => "lenient::amount",
        /// SALE, PREAUTH, CAPTURE, RELEASE, WITHDRAW…
        pub txn_type: Option<String> => "lenient::text",
        /// Gateway.
        pub gateway_name: Option<String> => "lenient::text",
        /// Bank name.
        pub bank_name: Option<String> => "lenient::text",
        /// MID.
        pub mid: Option<String> => "lenient::text",
        /// Payment mode.
        pub payment_mode: Option<String> => "lenient::text",
        /// Total refunded so far (zero: `None`).
        pub refund_amt: Option<Amount> => "lenient::amount",
        /// Transaction date.
        pub txn_date: Option<String> => "lenient::text",
        /// Authorisation reference.
        pub auth_ref_id: Option<String> => "lenient::text",
        /// The merchant's reference, echoed.
        pub merchant_unique_reference: Option<String> => "lenient::text",
    }
}

super::outcome::transaction_facts!(StatusResponse);

impl SignedBody for StatusResponse {
    fn settle(&mut self, head: ResponseHead, _api: &str) -> Result<ResultClass> {
        self.head = head;
        self.state = self
            .result_info
            .result_status
            .as_deref()
            .map_or(TxnState::Unknown, TxnState::from_text);
        Ok(self.state.class())
    }
}

lenient_struct! {
    /// Refund API response (the refund is asynchronous: `PENDING` is the usual answer).
    #[derive(Eq)]
    pub struct RefundResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome.
        pub result_info: ResultInfo,
        /// The refund's state, from `resultInfo.resultStatus`.
        #[serde(skip_deserializing)]
        pub state: RefundState,
        /// Payment timestamp.
        pub txn_timestamp: Option<String> => "lenient::text",
        /// The order id.
        pub order_id: Option<OrderId> => "lenient::order_id",
        /// MID.
        pub mid: Option<String> => "lenient::text",
        /// The merchant's refund reference.
        pub ref_id: Option<String> => "lenient::text",
        /// Paytm's refund id.
        pub refund_id: Option<String> => "lenient::text",
        /// The payment's transaction id.
        pub txn_id: Option<String> => "lenient::text",
        /// The amount refunded.
        pub refund_amount: Option<Amount> => "lenient::amount",
    }
}

impl SignedBody for RefundResponse {
    fn settle(&mut self, head: ResponseHead, _api: &str) -> Result<ResultClass> {
        self.head = head;
        self.state = self
            .result_info
            .result_status
            .as_deref()
            .map_or(RefundState::Unknown, RefundState::from_text);
        Ok(self.state.class())
    }
}

lenient_struct! {
    /// One destination of a refund.
    #[derive(Eq)]
    pub struct RefundDetail {
        /// TO_SOURCE, TO_INSTANT_SOURCE …
        pub refund_type: Option<String> => "lenient::text",
        /// The payment method refunded to.
        pub pay_method: Option<String> => "lenient::text",
        /// Amount to this destination.
        pub refund_amount: Option<Amount> => "lenient::amount",
        /// Bank reference number.
        pub rrn: Option<String> => "lenient::text",
        /// Issuing bank.
        pub issuing_bank_name: Option<String> => "lenient::text",
        /// Masked card number (as Paytm masks it).
        pub masked_card_number: Option<String> => "lenient::text",
        /// Card scheme.
        pub card_scheme: Option<String> => "lenient::text",
        /// When the customer should see the money.
        pub user_credit_expected_date: Option<String> => "lenient::text",
    }
}

lenient_struct! {
    /// Refund Status response, also the body of the refund webhooks (accept / success / failure).
    pub struct RefundStatusResponse {
        /// The response head.
        #[serde(skip_deserializing)]
        pub head: ResponseHead,
        /// The outcome (absent in webhooks, which carry `status`).
        pub result_info: Option<ResultInfo> => omit,
        /// The refund's state, from `resultInfo.resultStatus` or `status`.
        #[serde(skip_deserializing)]
        pub state: RefundState,
        /// Webhooks: SUCCESS, FAILED, PENDING.
        pub status: Option<String> => "lenient::text",
        /// The order id.
        pub order_id: Option<OrderId> => "lenient::order_id",
        /// MID.
        pub mid: Option<String> => "lenient::text",
        /// The merchant's refund reference.
        pub ref_id: Option<String> => "lenient::text",
        /// Paytm's refund id.
        pub refund_id: Option<String> => "lenient::text",
        /// The payment's transaction id.
        pub txn_id: Option<String> => "lenient::text",
        /// The payment's amount.
        pub txn_amount: Option<Amount> => "lenient::amount",
        /// This refund's amount.
        pub refund_amount: Option<Amount> => "lenient::amount",
        /// Everything refunded on the payment so far (zero: `None`).
        pub total_refund_amount: Option<Amount> => "lenient::amount",
        /// Payment timestamp.
        pub txn_timestamp: Option<String> => "lenient::text",
        /// When the merchant asked.
        pub merchant_refund_request_timestamp: Option<String> => "lenient::text",
        /// When Paytm accepted.
        pub accept_refund_timestamp: Option<String> => "lenient::text",
        /// Acceptance state.
        pub accept_refund_status: Option<String> => "lenient::text",
        /// When the credit to the customer started.
        pub user_credit_initiate_timestamp: Option<String> => "lenient::text",
        /// Credit state.
        pub user_credit_initiate_status: Option<String> => "lenient::text",
        /// Who raised it (MERCHANT …).
        pub source: Option<String> => "lenient::text",
        /// The merchant's reason.
        pub refund_reason: Option<String> => "lenient::text",
        /// Why Paytm rejected it (failure webhook).
        pub reject_refund_reason_code: Option<String> => "lenient::text",
        /// Why Paytm rejected it, in words.
        pub reject_refund_reason_message: Option<String> => "lenient::text",
        /// Destinations.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
        pub refund_detail_info_list: Vec<RefundDetail>,
        /// Who raised the refund, as sent.
        pub agent_info: Option<Value> => omit,
    }
}

impl SignedBody for RefundStatusResponse {
    fn settle(&mut self, head: ResponseHead, _api: &str) -> Result<ResultClass> {
        self.head = head;
        let word = self
            .result_info
            .as_ref()
            .and_then(|i| i.result_status.as_deref())
            .or(self.status.as_deref());
        self.state = word.map_or(RefundState::Unknown, RefundState::from_text);
        Ok(self.state.class())
    }
}

/// Send / Resend Payment Request response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct PaymentRequestResponse {
    /// The response head.
    #[serde(skip_deserializing)]
    pub head: ResponseHead,
    /// The outcome.
    pub result_info: ResultInfo,
}

settled_by_result_info!(PaymentRequestResponse => PAYMENT_REQUEST);
