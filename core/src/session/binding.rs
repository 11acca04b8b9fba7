//! One rule for every session: an answer about another order, refund, MID or amount is not an
//! answer to this session.
//!
//! A signed answer proves that Paytm said it, not that it is about *this* order: a host that
//! mixes up two requests, a proxy that caches, or an attacker replaying a genuine answer about
//! another order of the same merchant all produce validly signed messages about something else.
//! So every response, callback and webhook a session receives is compared with what the session
//! is about ([`Subject`]) before it changes anything. An answer that names another order id,
//! MID, transaction id, REFID or amount is refused with [`ErrorCode::OrderMismatch`] and the
//! session is left exactly as it was (a request that was out stays out: the genuine answer still
//! decides, or the host reports that none came). An answer that would move money — a payment
//! `success`, a refund `refunded` — must also *name* the order, the amount and (refunds) the
//! REFID: silence about them is not agreement.
//!
//! What it never does: decide. It only says whether an answer may be considered at all; what the
//! answer means is [`crate::reconcile()`]'s and the sessions' business.

use crate::error::{Error, ErrorCode, Result};
use crate::response::TransactionResult;
use crate::result_codes::TxnState;
use crate::types::{Amount, Mid, OrderId};

/// What a session is about: the facts every answer it accepts must agree with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subject<'a> {
    /// The merchant.
    pub mid: &'a Mid,
    /// The order.
    pub order_id: &'a OrderId,
    /// Paytm's transaction id, when the session knows the one it is about (a refund's payment).
    pub txn_id: Option<&'a str>,
    /// The refund attempt's REFID (refund sessions).
    pub ref_id: Option<&'a str>,
    /// The amount the answer must report: the order's, or the refund's.
    pub amount: Amount,
}

/// What an answer says it is about (any member it does not name is `None`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Claims<'a> {
    pub mid: Option<&'a str>,
    pub order_id: Option<&'a str>,
    pub txn_id: Option<&'a str>,
    pub ref_id: Option<&'a str>,
    pub amount: Option<Amount>,
}

impl<'a> Claims<'a> {
    /// The claims of a payment report.
    pub fn of(t: &'a TransactionResult) -> Claims<'a> {
        Claims {
            mid: t.mid.as_deref(),
            order_id: t.order_id.as_ref().map(OrderId::as_str),
            txn_id: t.txn_id.as_deref(),
            ref_id: None,
            amount: t.amount,
        }
    }
}

/// How much an answer would decide, and so how much it must name about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Weight {
    /// A hint or a pending state: only what it names must agree.
    Informative,
    /// A final "no" (a declined payment, a failed refund that may be raised again): it must also
    /// name the order (and the REFID, when the subject has one).
    Final,
    /// A success or a processed refund: it must also name the amount.
    Decisive,
}

impl Weight {
    /// A payment report's weight: a success is decisive, a failure or refund final.
    pub fn of_payment(state: TxnState) -> Weight {
        match state {
            TxnState::Success | TxnState::Settled => Weight::Decisive,
            TxnState::Failure | TxnState::Refunded => Weight::Final,
            TxnState::Pending | TxnState::Unknown => Weight::Informative,
        }
    }
}

impl<'a> Subject<'a> {
    /// A payment for an order (checkout and wallet sessions).
    pub fn order(mid: &'a Mid, order_id: &'a OrderId, amount: Amount) -> Subject<'a> {
        Subject {
            mid,
            order_id,
            txn_id: None,
            ref_id: None,
            amount,
        }
    }

    /// `Ok` when `claims` may be an answer about this subject; otherwise
    /// [`ErrorCode::OrderMismatch`] naming the first member that differs (never its value).
    /// `what` names the answer in the message ("status", "callback", …).
    pub fn check(&self, what: &str, claims: &Claims<'_>, weight: Weight) -> Result<()> {
        let named = weight >= Weight::Final;
        let decisive = weight == Weight::Decisive;
        // Member, whether the answer names it, whether it agrees, whether it must be named.
        let amount = claims.amount.map(|a| a == self.amount);
        let members: [(&str, Option<bool>, bool); 5] = [
            ("mid", agrees(Some(self.mid.as_str()), claims.mid), false),
            (
                "orderId",
                agrees(Some(self.order_id.as_str()), claims.order_id),
                named,
            ),
            (
                "refId",
                agrees(self.ref_id, claims.ref_id),
                named && self.ref_id.is_some(),
            ),
            ("txnId", agrees(self.txn_id, claims.txn_id), false),
            ("amount", amount, decisive),
        ];
        let Some((member, said, _)) = members
            .into_iter()
            .find(|&(_, said, required)| said == Some(false) || (said.is_none() && required))
        else {
            return Ok(());
        };
        Err(Error::with_message(
            ErrorCode::OrderMismatch,
            format!(
                "{what}: not an answer about this session ({member} {}); refused, the session is \
                 unchanged",
                if said.is_some() {
                    "differs"
                } else {
                    "is missing"
                }
            ),
        ))
    }
}

/// `Some(agrees)` when the answer names the member and the subject has it; `None` when the
/// answer is silent (or the subject has nothing to compare).
fn agrees(want: Option<&str>, got: Option<&str>) -> Option<bool> {
    Some(want? == got?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject<'a>(mid: &'a Mid, order: &'a OrderId) -> Subject<'a> {
        Subject {
            mid,
            order_id: order,
            txn_id: Some("T1"),
            ref_id: Some("R1"),
            amount: Amount::parse("100.00").unwrap(),
        }
    }

    #[test]
    fn every_member_that_differs_is_refused() {
        let (mid, order) = (Mid::new("MID1").unwrap(), OrderId::new("O1").unwrap());
        let s = subject(&mid, &order);
        let same = Claims {
            mid: Some("MID1"),
            order_id: Some("O1"),
            txn_id: Some("T1"),
            ref_id: Some("R1"),
            amount: Some(Amount::parse("100").unwrap()),
        };
        assert!(s.check("x", &same, Weight::Decisive).is_ok());
        let cases: [(Claims<'_>, &str); 5] = [
            (
                Claims {
                    mid: Some("MID2"),
                    ..same
                },
                "mid differs",
            ),
            (
                Claims {
                    order_id: Some("O2"),
                    ..same
                },
                "orderId differs",
            ),
            (
                Claims {
                    ref_id: Some("R2"),
                    ..same
                },
                "refId differs",
            ),
            (
                Claims {
                    txn_id: Some("T2"),
                    ..same
                },
                "txnId differs",
            ),
            (
                Claims {
                    amount: Some(Amount::parse("0.01").unwrap()),
                    ..same
                },
                "amount differs",
            ),
        ];
        for (c, msg) in cases {
            for w in [Weight::Informative, Weight::Final, Weight::Decisive] {
                let e = s.check("status", &c, w).unwrap_err();
                assert_eq!(e.code(), ErrorCode::OrderMismatch);
                assert!(e.message().contains(msg), "{}", e.message());
            }
        }
    }

    #[test]
    fn silence_is_agreement_only_for_informative_answers() {
        let (mid, order) = (Mid::new("MID1").unwrap(), OrderId::new("O1").unwrap());
        let s = subject(&mid, &order);
        let none = Claims::default();
        assert!(s.check("x", &none, Weight::Informative).is_ok());
        let e = s.check("x", &none, Weight::Decisive).unwrap_err();
        assert!(
            e.message().contains("orderId is missing"),
            "{}",
            e.message()
        );
        let named = Claims {
            order_id: Some("O1"),
            ref_id: Some("R1"),
            ..none
        };
        let e = s.check("x", &named, Weight::Decisive).unwrap_err();
        assert!(e.message().contains("amount is missing"), "{}", e.message());
        // MID and txn id are compared when named, never required.
        let full = Claims {
            amount: Some(Amount::parse("100.00").unwrap()),
            ..named
        };
        assert!(s.check("x", &full, Weight::Decisive).is_ok());
    }
}
