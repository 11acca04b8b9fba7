//! Reconciliation: may this order be fulfilled, given what Paytm reported?
//!
//! Paytm's docs (spec/auto-debit.md, "Transaction Status API") require it: "If ORDERID and
//! TXNAMOUNT parameters do not match with the order data at your end or STATUS is not
//! TXN_SUCCESS, you should not fulfill/deliver the order." [`reconcile`] applies exactly that,
//! plus two rules of ours: only data the merchant key verified may fulfil (a skipped signature,
//! or an API that signs nothing, such as the legacy `getTxnStatus` the auto-debit spec shows, is
//! `unverified`: ask the signed v3 Transaction Status instead), and a pending or unknown state
//! means "ask again later".
//!
//! Amounts are compared as [`Amount`] values (`"1"` equals `"1.00"`), never as text or floats.
//! This module is pure: the expected order is the merchant's own record, passed in.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::response::TransactionResult;
use crate::result_codes::TxnState;
use crate::types::{Amount, OrderId};

/// The merchant's own record of the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct ExpectedOrder {
    /// The order id the merchant sent.
    pub order_id: OrderId,
    /// The amount the merchant charged.
    pub amount: Amount,
    /// The merchant's MID; when given, a response for another MID is refused.
    #[serde(default)]
    pub mid: Option<String>,
}

crate::names::named! {
    /// Why an order must not be fulfilled.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Mismatch {
        /// The response is about another order (or names none).
        OrderId = "order_id",
        /// The response is for another merchant id.
        Mid = "mid",
        /// The amount paid differs from the order's (or is absent).
        Amount = "amount",
        /// The payment failed.
        StatusFailure = "status_failure",
        /// The payment was refunded.
        Refunded = "refunded",
        /// The data was not authenticated by the merchant key: its signature was skipped at the
        /// caller's request, or the API does not sign its answers (the legacy JsonData status).
        Unverified = "unverified",
    }
}

/// What to do with the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", content = "reason", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Verdict {
    /// Paid, verified, the right order and amount: deliver.
    Fulfil,
    /// Do not deliver, for this reason.
    DoNotFulfil(Mismatch),
    /// Pending or unknown: ask the Transaction Status API again later.
    Wait,
}

/// [`reconcile`] over JSON, as the C library and the npm package take it: `expected` is an
/// [`ExpectedOrder`] (`{"orderId","amount","mid"?}`) and `transaction` the `transaction` member of
/// a parsed response or callback. Text that is not UTF-8 is [`ErrorCode::InvalidUtf8`]; a
/// malformed object gets the failing member's code, its path named (never its value).
pub fn reconcile_json(expected: &[u8], transaction: &[u8]) -> Result<Verdict> {
    for text in [expected, transaction] {
        core::str::from_utf8(text).map_err(|_| Error::new(ErrorCode::InvalidUtf8))?;
    }
    let expected: ExpectedOrder = crate::api::parse("expected order", expected)?;
    let reported: TransactionResult = crate::api::parse("transaction", transaction)?;
    Ok(reconcile(&expected, &reported))
}

/// Compares what Paytm reported with the merchant's order.
///
/// ```
/// use paytm_checkout::reconcile::{reconcile, ExpectedOrder, Mismatch, Verdict};
/// use paytm_checkout::response::{TransactionResult, Verification};
/// use paytm_checkout::result_codes::TxnState;
/// let order = ExpectedOrder { order_id: "O1".try_into()?, amount: "1".parse()?, mid: None };
/// let mut paid = TransactionResult {
///     order_id: Some("O1".try_into()?), mid: None, txn_id: None,
///     amount: Some("1.00".parse()?), state: TxnState::Success, verification: Verification::Verified,
/// };
/// assert_eq!(reconcile(&order, &paid), Verdict::Fulfil);
/// paid.amount = Some("0.99".parse()?);
/// assert_eq!(reconcile(&order, &paid), Verdict::DoNotFulfil(Mismatch::Amount));
/// # Ok::<(), paytm_checkout::Error>(())
/// ```
#[must_use]
pub fn reconcile(expected: &ExpectedOrder, reported: &TransactionResult) -> Verdict {
    // Identity first: a response about another order says nothing about this one, whatever
    // its state.
    if reported.order_id.as_ref() != Some(&expected.order_id) {
        return Verdict::DoNotFulfil(Mismatch::OrderId);
    }
    if let (Some(want), Some(got)) = (&expected.mid, &reported.mid) {
        if want != got {
            return Verdict::DoNotFulfil(Mismatch::Mid);
        }
    }
    match reported.state {
        TxnState::Pending | TxnState::Unknown => return Verdict::Wait,
        TxnState::Failure => return Verdict::DoNotFulfil(Mismatch::StatusFailure),
        TxnState::Refunded => return Verdict::DoNotFulfil(Mismatch::Refunded),
        TxnState::Success | TxnState::Settled => {}
    }
    if reported.amount != Some(expected.amount) {
        return Verdict::DoNotFulfil(Mismatch::Amount);
    }
    if !reported.verification.is_trusted() {
        return Verdict::DoNotFulfil(Mismatch::Unverified);
    }
    Verdict::Fulfil
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Verification;

    fn order() -> ExpectedOrder {
        ExpectedOrder {
            order_id: OrderId::new("ORDER_1").unwrap(),
            amount: Amount::parse("1").unwrap(),
            mid: Some("MID1".into()),
        }
    }

    fn reported(state: TxnState) -> TransactionResult {
        TransactionResult {
            order_id: Some(OrderId::new("ORDER_1").unwrap()),
            mid: Some("MID1".into()),
            txn_id: Some("T1".into()),
            amount: Some(Amount::parse("1.00").unwrap()),
            state,
            verification: Verification::Verified,
        }
    }

    #[test]
    fn verdicts() {
        let o = order();
        assert_eq!(reconcile(&o, &reported(TxnState::Success)), Verdict::Fulfil);
        assert_eq!(reconcile(&o, &reported(TxnState::Settled)), Verdict::Fulfil);
        assert_eq!(reconcile(&o, &reported(TxnState::Pending)), Verdict::Wait);
        assert_eq!(reconcile(&o, &reported(TxnState::Unknown)), Verdict::Wait);
        assert_eq!(
            reconcile(&o, &reported(TxnState::Failure)),
            Verdict::DoNotFulfil(Mismatch::StatusFailure)
        );
        assert_eq!(
            reconcile(&o, &reported(TxnState::Refunded)),
            Verdict::DoNotFulfil(Mismatch::Refunded)
        );
        let mut r = reported(TxnState::Success);
        r.order_id = Some(OrderId::new("ORDER_2").unwrap());
        assert_eq!(reconcile(&o, &r), Verdict::DoNotFulfil(Mismatch::OrderId));
        let mut r = reported(TxnState::Pending);
        r.order_id = None;
        assert_eq!(reconcile(&o, &r), Verdict::DoNotFulfil(Mismatch::OrderId));
        let mut r = reported(TxnState::Success);
        r.mid = Some("OTHER".into());
        assert_eq!(reconcile(&o, &r), Verdict::DoNotFulfil(Mismatch::Mid));
        let mut r = reported(TxnState::Success);
        r.amount = Some(Amount::parse("1.01").unwrap());
        assert_eq!(reconcile(&o, &r), Verdict::DoNotFulfil(Mismatch::Amount));
        r.amount = None;
        assert_eq!(reconcile(&o, &r), Verdict::DoNotFulfil(Mismatch::Amount));
        let mut r = reported(TxnState::Success);
        r.verification = Verification::Skipped;
        assert_eq!(
            reconcile(&o, &r),
            Verdict::DoNotFulfil(Mismatch::Unverified)
        );
        r.verification = Verification::Unsigned;
        assert_eq!(
            reconcile(&o, &r),
            Verdict::DoNotFulfil(Mismatch::Unverified)
        );
        assert_eq!(
            serde_json::to_string(&Verdict::DoNotFulfil(Mismatch::Amount)).unwrap(),
            r#"{"verdict":"do_not_fulfil","reason":"amount"}"#
        );
    }
}
