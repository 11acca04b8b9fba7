//! What a session says to the host: what to do next ([`Action`]: which request an action
//! carries, [`Purpose`], and why it waits, [`WaitReason`]) and, at the end, how it ended
//! ([`Outcome`]: its status, the reason of a failure and Paytm's code and message,
//! [`Failure`]). Also the request in flight, the one-shot actions (a bank form, a deep link)
//! every session shows once, and [`settle`], the one place that turns a verified payment report
//! into an outcome for every session. No session logic: the sessions decide which action comes
//! next.

use serde::{Deserialize, Serialize};

use crate::api::autodebit::FormPost;
use crate::checksum::MerchantKey;
use crate::error::{Error, ErrorCode};
use crate::http::HttpRequest;
use crate::reconcile::{reconcile, ExpectedOrder, Mismatch, Verdict};
use crate::response::{
    parse_response, BankForm, ParseOptions, ParsedResponse, ResultInfo, TransactionResult,
};
use crate::result_codes::TxnState;
use crate::types::{Amount, Mid, OrderId, TxnToken};

crate::names::named! {
    /// Which request an [`Action::Send`] carries; the response goes back with `handle_response`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[non_exhaustive]
    pub enum Purpose {
        /// Initiate Transaction (server: needs the merchant key).
        Initiate = "initiate",
        /// Process Transaction (txnToken).
        Process = "process",
        /// Transaction Status (v3, signed): confirms a checkout or a wallet withdrawal.
        Status = "status",
        /// Refund.
        Refund = "refund",
        /// Refund Status.
        RefundStatus = "refund_status",
        /// Auto-debit Send OTP (client id).
        SendOtp = "send_otp",
        /// Auto-debit Validate OTP (client id and secret).
        ValidateOtp = "validate_otp",
        /// Auto-debit Check Balance (consult).
        CheckBalance = "check_balance",
        /// Auto-debit Withdraw.
        Withdraw = "withdraw",
        /// Initiate Subscription (creates the subscription; returns the txnToken).
        InitiateSubscription = "initiate_subscription",
        /// Fetch Subscription Status (signed): confirms the mandate.
        SubscriptionStatus = "subscription_status",
        /// Renew Subscription: asks Paytm to collect one cycle.
        RenewSubscription = "renew_subscription",
        /// Cancel Subscription.
        CancelSubscription = "cancel_subscription",
        /// Pause/Resume Subscription (pause: SUSPENDED, resume: ACTIVE).
        PauseResumeSubscription = "pause_resume_subscription",
        /// Subscription Pre-Notify: the pre-debit notification of a cycle.
        PreNotifySubscription = "pre_notify_subscription",
        /// Validate VPA (txnToken): a checkout checks a UPI collect VPA before it pays.
        ValidateVpa = "validate_vpa",
        /// Fetch BIN Details (txnToken): a checkout resolves a new card's BIN before it pays.
        FetchBinDetails = "fetch_bin_details",
        /// Apply Promo (txnToken): a checkout applies a promo code before it pays.
        ApplyPromo = "apply_promo",
        /// Fetch Payment Options (txnToken): a checkout configured to fetch them, once the token
        /// is ready.
        FetchPaymentOptions = "fetch_payment_options",
        /// Send OTP (checkout, txnToken): a wallet payment logs the Paytm user in first.
        SendCheckoutOtp = "send_checkout_otp",
        /// Validate OTP (checkout, txnToken): the OTP the user typed logs the wallet in.
        ValidateCheckoutOtp = "validate_checkout_otp",
    }
}

impl Purpose {
    /// The API name of [`crate::response::parse_response`].
    pub fn api(self) -> &'static str {
        match self {
            Purpose::Initiate => "initiate_transaction",
            Purpose::Process => "process_transaction",
            Purpose::Status => "transaction_status",
            Purpose::Refund => "refund",
            Purpose::RefundStatus => "refund_status",
            Purpose::SendOtp => "send_otp",
            Purpose::ValidateOtp => "validate_otp",
            Purpose::CheckBalance => "check_balance",
            Purpose::Withdraw => "withdraw",
            Purpose::InitiateSubscription => "initiate_subscription",
            Purpose::SubscriptionStatus => "subscription_status",
            Purpose::RenewSubscription => "renew_subscription",
            Purpose::CancelSubscription => "cancel_subscription",
            Purpose::PauseResumeSubscription => "pause_resume_subscription",
            Purpose::PreNotifySubscription => "pre_notify_subscription",
            Purpose::ValidateVpa => "validate_vpa",
            Purpose::FetchBinDetails => "fetch_bin_details",
            Purpose::ApplyPromo => "apply_promo",
            Purpose::FetchPaymentOptions => "fetch_payment_options",
            Purpose::SendCheckoutOtp => "send_checkout_otp",
            Purpose::ValidateCheckoutOtp => "validate_checkout_otp",
        }
    }
}

crate::names::named! {
    /// Why the session is waiting.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[non_exhaustive]
    pub enum WaitReason {
        /// A request is out: pass its response (or its failure) back.
        Response = "response",
        /// The customer is paying (bank page, UPI app): a callback may arrive; at `until` the status
        /// is queried anyway.
        Callback = "callback",
        /// The payment (or refund) is pending at Paytm: the status is queried again at `until`.
        Pending = "pending",
        /// A request failed; it is sent again at `until`.
        Retry = "retry",
    }
}

/// What the host does next.
///
/// JSON (C and npm): `{"type":"send","purpose":"initiate","request":{HttpRequest}}`,
/// `{"type":"collect_payment","txnToken":"…","expiresAt":…,"retryOf":{"code":"…","message":"…"}?}`,
/// `{"type":"render_bank_form","form":{BankForm}}`, `{"type":"open_deep_link","url":"upi://…"}`,
/// `{"type":"wait","until":…|null,"reason":"callback"}`, `{"type":"done","outcome":{Outcome}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SessionAction"))]
pub enum Action {
    /// Send this request exactly as it is, then call `handle_response` with the HTTP status and
    /// body, or `handle_send_failure` if no response came.
    Send {
        /// What the request is for.
        purpose: Purpose,
        /// The request.
        request: HttpRequest,
    },
    /// The txnToken is ready: call `pay` with the customer's payment details, or hand the token
    /// to the client that collects them. Ask again by `expires_at` at the latest.
    #[serde(rename_all = "camelCase")]
    CollectPayment {
        /// The token (valid until `expires_at`).
        txn_token: TxnToken,
        /// When the token expires (ms).
        expires_at: u64,
        /// The previous attempt's failure, when the customer may try again.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        retry_of: Option<Failure>,
        /// The payment options open to this transaction (Fetch Payment Options' typed answer),
        /// when the config asked for them (`fetchPaymentOptions`) and Paytm gave them.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(type = "PaymentOptionsResponse", optional))]
        payment_options: Option<RawJson>,
    },
    /// Show this form (POST it in a web view or browser): the customer authenticates at the bank.
    RenderBankForm {
        /// The form, as Paytm sent it.
        form: BankForm,
    },
    /// Wallet sessions, and a checkout's wallet login (`loginMobile`): ask the user for the OTP
    /// Paytm sent, then call `submit_otp`.
    #[serde(rename_all = "camelCase")]
    CollectOtp {
        /// The previous OTP's failure, when the user may try again.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        retry_of: Option<Failure>,
    },
    /// Wallet sessions: open this self-submitting form in a browser (Add Money); its callback
    /// goes to `handle_callback`.
    OpenForm {
        /// Where to post, and the fields (signed with CHECKSUMHASH).
        form: FormPost,
    },
    /// Open this deep link (UPI intent).
    OpenDeepLink {
        /// The `upi://` link.
        url: String,
    },
    /// Nothing to do until `until` (ms; `None`: until the outstanding response arrives), or
    /// until a callback arrives.
    Wait {
        /// When to ask again.
        until: Option<u64>,
        /// Why.
        reason: WaitReason,
    },
    /// The session is over.
    Done {
        /// How it ended.
        outcome: Outcome,
    },
}

/// A JSON value an action carries as it was written (a helper's typed answer): its text is
/// copied into the action's JSON, never parsed again (the browser build links no JSON parser).
#[derive(Debug, Clone)]
pub struct RawJson(Box<serde_json::value::RawValue>);

impl RawJson {
    /// The JSON `value` writes.
    pub(crate) fn of(value: &impl Serialize) -> RawJson {
        // Strings, numbers and JSON values only: cannot fail.
        RawJson(serde_json::value::to_raw_value(value).unwrap_or_default())
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl Action {
    /// The action as JSON (see the type's docs).
    pub fn to_json(&self) -> String {
        // Strings, numbers and JSON values only: cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The request in flight, with when it was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct InFlight {
    pub purpose: Purpose,
    pub sent_at: u64,
}

/// The request out, taken for its answer (or its failure) by `call`; none is a state error.
pub(crate) fn take_outstanding<T>(slot: &mut Option<T>, call: &str) -> Result<T, Error> {
    slot.take().ok_or_else(|| no_request(call))
}

/// [`take_outstanding`]'s error: `call` came while no request is out.
pub(crate) fn no_request(call: &str) -> Error {
    state_error(&format!("{call}: no request is outstanding"))
}

/// The answer to a request of `api` (or a callback), read and, with `key`, verified: the one
/// way every session reads what Paytm sent it.
pub(crate) fn parse_answer(
    api: &str,
    http_status: u16,
    body: &[u8],
    key: Option<&MerchantKey>,
) -> Result<ParsedResponse, Error> {
    parse_response(api, http_status, body, key, &ParseOptions::default())
}

/// A call the session cannot take now ([`ErrorCode::SessionState`]).
pub(crate) fn state_error(what: &str) -> Error {
    Error::with_message(ErrorCode::SessionState, what.to_owned())
}

/// What a session says before its own steps, the same for every session: its outcome once it
/// has one, a one-shot action (bank form, deep link, form) once, and "wait for the response"
/// while a request is out.
pub(crate) fn standing_action(
    outcome: Option<&Outcome>,
    one_shot: Option<&mut OneShot>,
    in_flight: bool,
) -> Option<Action> {
    if let Some(o) = outcome {
        return Some(Action::Done { outcome: o.clone() });
    }
    if let Some(a) = one_shot.and_then(Option::take) {
        return Some(a);
    }
    in_flight.then_some(Action::Wait {
        until: None,
        reason: WaitReason::Response,
    })
}

/// A one-shot action (bank form, deep link) with the data it shows; never saved.
pub(crate) type OneShot = Option<Action>;

crate::json_struct::json_struct! {
    /// A code and message Paytm gave for a failure.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[cfg_attr(
        feature = "ts",
        derive(ts_rs::TS),
        ts(rename = "SessionFailure", optional_fields)
    )]
    pub struct Failure {
        /// Paytm's result code (or `RESPCODE`), when it sent one.
        pub code: Option<String> => omit,
        /// Paytm's message, when it sent one.
        pub message: Option<String> => omit,
    }
}

impl Failure {
    /// Paytm's code and message from a result, when it gave either.
    pub(crate) fn of(r: &ResultInfo) -> Option<Failure> {
        let code = r.result_code.as_deref().map(str::to_owned);
        let message = r.result_msg.as_deref().map(str::to_owned);
        (code.is_some() || message.is_some()).then_some(Failure { code, message })
    }
}

crate::names::named! {
    /// How a session ended.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum OutcomeStatus {
        /// Paid, verified with the status API, the right order and amount: fulfil.
        Success = "success",
        /// Not paid (or not to be fulfilled): see the reason.
        Failure = "failure",
        /// The client half is done; it cannot verify without the merchant key. The merchant's server
        /// must verify the order with the status API before fulfilling.
        Unverified = "unverified",
        /// Refund sessions: the refund was processed.
        Refunded = "refunded",
    }
}

crate::names::named! {
    /// Why a session failed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[non_exhaustive]
    pub enum FailureReason {
        /// The payment (or refund) failed at Paytm or the bank.
        Declined = "declined",
        /// The txnToken expired before a payment was made with it.
        TokenExpired = "token_expired",
        /// Still pending when the pending policy ran out (72 hours by default: Paytm then marks the
        /// payment failed).
        PendingTimeout = "pending_timeout",
        /// Initiate answered `2023`: this order id was used with other details. Use a new order id.
        RepeatRequestInconsistent = "repeat_request_inconsistent",
        /// Initiate refused the order (invalid request, limits, configuration).
        InitiateRejected = "initiate_rejected",
        /// Initiate could not be reached after several attempts; no payment was started.
        InitiateUnavailable = "initiate_unavailable",
        /// No Initiate answer verified with the merchant key (Paytm signs even its refusals): the key
        /// or MID is likely not the one Paytm has. No payment was started.
        BadSignatures = "bad_signatures",
        /// Wallet sessions: the balance is short and Paytm does not allow adding money (or adding
        /// money did not cover it).
        InsufficientFunds = "insufficient_funds",
        /// The verified status says the payment was refunded (or its data was not authenticated): do
        /// not fulfil. (A status about another order, MID or amount is not an outcome: it is refused
        /// with [`ErrorCode::OrderMismatch`](crate::ErrorCode::OrderMismatch) and changes nothing.)
        Mismatch = "mismatch",
        /// Subscription sessions: the merchant cancelled the subscription (confirmed by Paytm).
        Cancelled = "cancelled",
        /// Subscription sessions: the customer revoked the mandate, or Paytm rejected or closed it.
        Revoked = "revoked",
        /// Subscription sessions: the subscription reached its expiry date.
        Expired = "expired",
    }
}

crate::json_struct::json_struct! {
    /// The end of a session.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[cfg_attr(
        feature = "ts",
        derive(ts_rs::TS),
        ts(rename = "SessionOutcome", optional_fields)
    )]
    pub struct Outcome {
        /// Success, failure, unverified, refunded.
        pub status: OutcomeStatus,
        /// Why it failed.
        pub reason: Option<FailureReason> => omit,
        /// For [`FailureReason::Mismatch`]: what did not match.
        pub mismatch: Option<Mismatch> => omit,
        /// Paytm's code and message, when the failure came with them.
        pub failure: Option<Failure> => omit,
        /// What Paytm reported about the payment (verified unless `status` is `unverified`).
        pub transaction: Option<TransactionResult> => omit,
    }
}

impl Outcome {
    pub(crate) fn failed(reason: FailureReason, failure: Option<Failure>) -> Outcome {
        Outcome {
            status: OutcomeStatus::Failure,
            reason: Some(reason),
            mismatch: None,
            failure,
            transaction: None,
        }
    }

    pub(crate) fn with_transaction(mut self, t: TransactionResult) -> Outcome {
        self.transaction = Some(t);
        self
    }
}

/// What a verified payment report means for the order: the final outcome, or — pending or
/// unknown — the report handed back, to be asked about again later. The one place that turns
/// [`crate::reconcile`]'s verdict into an outcome, for every session.
pub(crate) fn settle(
    order: ExpectedOrder,
    t: TransactionResult,
    failure: Option<Failure>,
) -> Settled {
    if matches!(t.state, TxnState::Pending | TxnState::Unknown) {
        return Settled::Pending(t, failure);
    }
    Settled::Final(match reconcile(&order, &t) {
        Verdict::Fulfil => Outcome {
            status: OutcomeStatus::Success,
            reason: None,
            mismatch: None,
            failure: None,
            transaction: Some(t),
        },
        Verdict::DoNotFulfil(Mismatch::StatusFailure) => {
            Outcome::failed(FailureReason::Declined, failure).with_transaction(t)
        }
        Verdict::DoNotFulfil(m) => Outcome {
            mismatch: Some(m),
            ..Outcome::failed(FailureReason::Mismatch, failure).with_transaction(t)
        },
        Verdict::Wait => return Settled::Pending(t, failure),
    })
}

/// What [`settle`] found.
pub(crate) enum Settled {
    /// The session ends with this outcome.
    Final(Outcome),
    /// Not final: the report (and Paytm's code) to keep while asking again.
    Pending(TransactionResult, Option<Failure>),
}

/// The merchant's order as reconcile compares it.
pub(crate) fn expected_order(mid: &Mid, order_id: &OrderId, amount: Amount) -> ExpectedOrder {
    ExpectedOrder {
        order_id: order_id.clone(),
        amount,
        mid: Some(mid.as_str().to_owned()),
    }
}
