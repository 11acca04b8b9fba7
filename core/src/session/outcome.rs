//! How a session ends ([`Outcome`]): its status, the reason of a failure and Paytm's code and
//! message ([`Failure`]); and [`settle`], the one place that turns a verified payment report
//! into an outcome for every session.

use serde::{Deserialize, Serialize};

use crate::reconcile::{reconcile, ExpectedOrder, Mismatch, Verdict};
use crate::response::{ResultInfo, TransactionResult};
use crate::result_codes::TxnState;
use crate::types::{Amount, Mid, OrderId};

/// A code and message Paytm gave for a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    /// Paytm's result code (or `RESPCODE`), when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Paytm's message, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Failure {
    /// Paytm's code and message from a result, when it gave either.
    pub(crate) fn of(r: &ResultInfo) -> Option<Failure> {
        let code = r.result_code.as_deref().map(str::to_owned);
        let message = r.result_msg.as_deref().map(str::to_owned);
        (code.is_some() || message.is_some()).then_some(Failure { code, message })
    }
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
    /// with [`ErrorCode::OrderMismatch`](crate::ErrorCode::OrderMismatch) and changes nothing.)
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
