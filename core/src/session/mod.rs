//! Sans-IO sessions: state machines that drive a whole payment (or refund) and tell the host
//! what to do next. The model is quinn-proto's: no sockets, no clocks, no threads. The host asks
//! [`CheckoutSession::next_action`] with the current time, performs the [`Action`] (send an HTTP
//! request, show a bank form, open a UPI deep link, wait), and feeds back what happened:
//! [`CheckoutSession::handle_response`], [`CheckoutSession::handle_send_failure`],
//! [`CheckoutSession::handle_callback`]. Time is milliseconds since the Unix epoch, passed in;
//! randomness (checksum salts) comes from an injectable [`SaltSource`].
//!
//! What the sessions own:
//! - the order of steps of Paytm's native flow (initiate → process → bank form / deep link /
//!   direct result → callback → the mandatory server-to-server status check → reconcile);
//! - the txnToken's 15-minute validity (`spec/initiate-transaction.md`);
//! - idempotent retries (Initiate result `0002` is success, `2023` ends the session);
//! - the pending schedule ([`PendingPolicy`]);
//! - one rule for every answer: a response, callback or webhook about another order, refund, MID
//!   or amount is refused ([`ErrorCode::OrderMismatch`]) and changes nothing (`binding`);
//! - persistence: [`CheckoutSession::save`] writes JSON without secrets, sealed with a MAC under
//!   a key derived from the merchant key, so an edited save does not restore
//!   ([`ErrorCode::SessionSeal`]; see `seal`); the host passes the merchant key (and, if it still
//!   needs it, the txnToken) back to `restore`.
//!
//! What they never do: read a clock, open a socket, decide on unverified data. A session without
//! the merchant key (a browser or app: the "client half") can pay but cannot verify; it ends
//! with [`OutcomeStatus::Unverified`], and the merchant's server decides.

pub mod any;
mod binding;
pub mod checkout;
pub mod client;
pub mod refund;
mod seal;
pub mod wallet;

pub use any::{Session, SessionKind};
pub use checkout::{CheckoutConfig, CheckoutSession, Phase};
pub use client::ClientCheckout;
pub use refund::{RefundConfig, RefundSession};
pub use wallet::{WalletConfig, WalletSession};

use serde::{Deserialize, Serialize};

use crate::api::autodebit::FormPost;
use crate::checksum::Salt;
use crate::error::{Error, ErrorCode, Result};
use crate::http::HttpRequest;
use crate::reconcile::{reconcile, ExpectedOrder, Mismatch, Verdict};
use crate::response::{BankForm, TransactionResult};
use crate::result_codes::TxnState;
use crate::types::{Amount, Mid, OrderId, TxnToken};

/// How long a txnToken is valid: "It is valid for 15 minutes" (`spec/initiate-transaction.md`).
pub const TXN_TOKEN_VALIDITY_MS: u64 = 15 * 60 * 1000;

/// After a transport failure or an unusable response, a status query or refund query is asked
/// again this much later.
pub const RETRY_DELAY_MS: u64 = 30 * 1000;

/// Version of the JSON written by `save`. `restore` refuses other versions
/// ([`ErrorCode::SessionRestore`]).
pub const SAVE_VERSION: u32 = 1;

/// Which request an [`Action::Send`] carries; the response goes back with `handle_response`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Initiate Transaction (server: needs the merchant key).
    Initiate,
    /// Process Transaction (txnToken).
    Process,
    /// Transaction Status (server).
    Status,
    /// Refund.
    Refund,
    /// Refund Status.
    RefundStatus,
    /// Auto-debit Send OTP (client id).
    SendOtp,
    /// Auto-debit Validate OTP (client id and secret).
    ValidateOtp,
    /// Auto-debit Check Balance (consult).
    CheckBalance,
    /// Auto-debit Withdraw.
    Withdraw,
    /// The legacy Transaction Status API (auto-debit).
    LegacyStatus,
}

crate::names::named!(Purpose {
    Initiate = "initiate",
    Process = "process",
    Status = "status",
    Refund = "refund",
    RefundStatus = "refund_status",
    SendOtp = "send_otp",
    ValidateOtp = "validate_otp",
    CheckBalance = "check_balance",
    Withdraw = "withdraw",
    LegacyStatus = "legacy_status",
});

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
            Purpose::LegacyStatus => "legacy_transaction_status",
        }
    }
}

/// Why the session is waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// A request is out: pass its response (or its failure) back.
    Response,
    /// The customer is paying (bank page, UPI app): a callback may arrive; at `until` the status
    /// is queried anyway.
    Callback,
    /// The payment (or refund) is pending at Paytm: the status is queried again at `until`.
    Pending,
    /// A request failed; it is sent again at `until`.
    Retry,
}

crate::names::named!(WaitReason {
    Response = "response",
    Callback = "callback",
    Pending = "pending",
    Retry = "retry",
});

/// What the host does next.
///
/// JSON (C and npm): `{"type":"send","purpose":"initiate","request":{HttpRequest}}`,
/// `{"type":"collect_payment","txnToken":"…","expiresAt":…,"retryOf":{"code":"…","message":"…"}?}`,
/// `{"type":"render_bank_form","form":{BankForm}}`, `{"type":"open_deep_link","url":"upi://…"}`,
/// `{"type":"wait","until":…|null,"reason":"callback"}`, `{"type":"done","outcome":{Outcome}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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
    },
    /// Show this form (POST it in a web view or browser): the customer authenticates at the bank.
    RenderBankForm {
        /// The form, as Paytm sent it.
        form: BankForm,
    },
    /// Wallet sessions: ask the user for the OTP Paytm sent, then call `submit_otp`.
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

impl Action {
    /// The action as JSON (see the type's docs).
    pub fn to_json(&self) -> String {
        // Strings, numbers and JSON values only: cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Paytm's message, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeStatus {
    /// Paid, verified with the status API, the right order and amount: fulfil.
    Success,
    /// Not paid (or not to be fulfilled): see the reason.
    Failure,
    /// The client half is done; it cannot verify without the merchant key. The merchant's server
    /// must verify the order with the status API before fulfilling.
    Unverified,
    /// Refund sessions: the refund was processed.
    Refunded,
}

crate::names::named!(OutcomeStatus {
    Success = "success",
    Failure = "failure",
    Unverified = "unverified",
    Refunded = "refunded",
});

/// Why a session failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureReason {
    /// The payment (or refund) failed at Paytm or the bank.
    Declined,
    /// The txnToken expired before a payment was made with it.
    TokenExpired,
    /// Still pending when the pending policy ran out (72 hours by default: Paytm then marks the
    /// payment failed).
    PendingTimeout,
    /// Initiate answered `2023`: this order id was used with other details. Use a new order id.
    RepeatRequestInconsistent,
    /// Initiate refused the order (invalid request, limits, configuration).
    InitiateRejected,
    /// Initiate could not be reached after several attempts; no payment was started.
    InitiateUnavailable,
    /// No Initiate answer verified with the merchant key (Paytm signs even its refusals): the key
    /// or MID is likely not the one Paytm has. No payment was started.
    BadSignatures,
    /// Wallet sessions: the balance is short and Paytm does not allow adding money (or adding
    /// money did not cover it).
    InsufficientFunds,
    /// The verified status says the payment was refunded (or its data was not authenticated): do
    /// not fulfil. (A status about another order, MID or amount is not an outcome: it is refused
    /// with [`ErrorCode::OrderMismatch`] and changes nothing.)
    Mismatch,
}

crate::names::named!(FailureReason {
    Declined = "declined",
    TokenExpired = "token_expired",
    PendingTimeout = "pending_timeout",
    RepeatRequestInconsistent = "repeat_request_inconsistent",
    InitiateRejected = "initiate_rejected",
    InitiateUnavailable = "initiate_unavailable",
    BadSignatures = "bad_signatures",
    InsufficientFunds = "insufficient_funds",
    Mismatch = "mismatch",
});

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FailureReason>,
    /// For [`FailureReason::Mismatch`]: what did not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mismatch: Option<Mismatch>,
    /// Paytm's code and message, when the failure came with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// What Paytm reported about the payment (verified unless `status` is `unverified`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction: Option<TransactionResult>,
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

/// When to query the status of a pending payment, as offsets (ms) from the moment the payment
/// was sent to Paytm. A query that still says pending after the last offset ends the session with
/// [`FailureReason::PendingTimeout`].
///
/// JSON: `"late_notification"`, `"pos_polling"` or `{"custom":[900000, …]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PendingPolicy {
    /// Paytm's "Delayed Notification" schedule: 15 min, 30 min, 1 h, 6 h, 12 h, 24 h, 48 h, 72 h
    /// after the transaction was sent; failed after 72 h
    /// (<https://business.paytm.com/docs/late-notification>).
    #[default]
    LateNotification,
    /// The All-in-One Payment Request (POS) guidance: "check the status 8 times/minute"
    /// (`spec/all-in-one-payment-request.md`): every 7.5 s for the first 10 minutes, then the
    /// late-notification schedule.
    PosPolling,
    /// Offsets of your own (ms, ascending).
    Custom(Vec<u64>),
}

const MINUTE: u64 = 60 * 1000;
const HOUR: u64 = 60 * MINUTE;
const LATE: [u64; 8] = [
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    6 * HOUR,
    12 * HOUR,
    24 * HOUR,
    48 * HOUR,
    72 * HOUR,
];
const POS_INTERVAL: u64 = 7_500;
const POS_WINDOW: u64 = 10 * MINUTE;

impl PendingPolicy {
    /// Refuses a custom schedule that is empty, unsorted or longer than 1,000 entries.
    pub fn validate(&self) -> Result<()> {
        if let PendingPolicy::Custom(v) = self {
            if v.is_empty() || v.len() > 1000 || v.windows(2).any(|w| w[0] >= w[1]) {
                return Err(Error::with_message(
                    ErrorCode::InvalidField,
                    "pendingPolicy.custom: 1-1000 offsets (ms), strictly ascending",
                ));
            }
        }
        Ok(())
    }

    /// The first offset strictly after `elapsed` (ms since submission), or `None` when the
    /// schedule is over.
    pub fn next_after(&self, elapsed: u64) -> Option<u64> {
        match self {
            PendingPolicy::LateNotification => LATE.iter().copied().find(|&o| o > elapsed),
            PendingPolicy::PosPolling => {
                if elapsed < POS_WINDOW {
                    Some((elapsed / POS_INTERVAL + 1) * POS_INTERVAL)
                } else {
                    LATE.iter().copied().find(|&o| o > elapsed)
                }
            }
            PendingPolicy::Custom(v) => v.iter().copied().find(|&o| o > elapsed),
        }
    }

    /// The first scheduled query (ms after submission).
    pub fn first(&self) -> u64 {
        self.next_after(0).unwrap_or(0)
    }
}

/// Where sessions get checksum salts. The default draws them from the OS
/// (through [`crate::checksum`]); tests pass fixed ones so every request is reproducible.
pub trait SaltSource: Send {
    /// The salt for the next signed request (`None`: a random one).
    fn next_salt(&mut self) -> Option<Salt>;
}

/// Random salts from the operating system.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsSalts;

impl SaltSource for OsSalts {
    fn next_salt(&mut self) -> Option<Salt> {
        None
    }
}

/// The same salt every time (tests and reproducible transcripts).
#[derive(Debug, Clone, Copy)]
pub struct FixedSalt(pub Salt);

impl SaltSource for FixedSalt {
    fn next_salt(&mut self) -> Option<Salt> {
        Some(self.0)
    }
}

/// The request in flight, with when it was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct InFlight {
    pub purpose: Purpose,
    pub sent_at: u64,
}

pub(crate) fn state_error(what: &str) -> Error {
    Error::with_message(ErrorCode::SessionState, what.to_owned())
}

pub(crate) fn restore_error(e: &Error) -> Error {
    Error::with_message(
        ErrorCode::SessionRestore,
        format!("saved session: {}", e.message()),
    )
}

/// A saved session of another version or kind than `want` ([`ErrorCode::SessionRestore`]).
pub(crate) fn saved_kind(version: u64, kind: &str, want: &str) -> Error {
    Error::with_message(
        ErrorCode::SessionRestore,
        format!(
            "saved session: version {version} of kind {:?}; this library reads version {SAVE_VERSION} {want} sessions",
            kind.chars().take(32).collect::<String>()
        ),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_notification_schedule_is_paytms_table() {
        let p = PendingPolicy::LateNotification;
        let mut at = 0;
        let mut seen = vec![];
        while let Some(n) = p.next_after(at) {
            seen.push(n / MINUTE);
            at = n;
        }
        assert_eq!(seen, [15, 30, 60, 360, 720, 1440, 2880, 4320]);
    }

    #[test]
    fn pos_polling_is_eight_a_minute_then_late_notification() {
        let p = PendingPolicy::PosPolling;
        assert_eq!(p.first(), 7_500);
        assert_eq!(p.next_after(7_500), Some(15_000));
        assert_eq!(p.next_after(59_999), Some(60_000));
        assert_eq!(p.next_after(POS_WINDOW), Some(15 * MINUTE));
        assert_eq!(p.next_after(72 * HOUR), None);
    }

    #[test]
    fn custom_policies_are_validated() {
        assert!(PendingPolicy::Custom(vec![]).validate().is_err());
        assert!(PendingPolicy::Custom(vec![5, 5]).validate().is_err());
        assert!(PendingPolicy::Custom(vec![5, 10]).validate().is_ok());
        assert_eq!(PendingPolicy::Custom(vec![5, 10]).next_after(10), None);
    }
}
