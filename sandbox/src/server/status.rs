//! Transaction Status (`/v3/order/status`): the order's current (latest) payment attempt, as
//! Paytm reports it, signed. A pending payment counts down its instrument's pending queries
//! here; the tamper instruments change the amount after signing.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use paytm_checkout::types::Amount;
use paytm_checkout::MerchantKey;
use serde_json::{json, Value};

use super::state::{AppState, Order, Shared, TxnFacts, TxnView};
use super::wire::{about_order, json_response, ri, signed, signed_reply};
use crate::instruments;

/// `POST /v3/order/status`.
pub(super) async fn status(State(sh): AppState, bytes: Bytes) -> Response {
    about_order(&sh, &bytes, |_, k, key, now| status_of(&sh, k, key, now))
}

/// Transaction Status of order `k`, signed with `key`.
fn status_of(sh: &Shared, k: (String, String), key: &MerchantKey, now: u64) -> Response {
    let mut st = sh.orders();
    let Some((o, r)) = st
        .orders
        .get_mut(&k)
        .and_then(|o| report(o).map(|r| (o, r)))
    else {
        // Unknown, or initiated and never paid: Paytm knows no transaction.
        let b = json!({"resultInfo": ri("F", "334", "Invalid Order Id.")});
        return signed_reply(key, now, &b);
    };
    // This query may have been the last pending one: the payment is final from now on, and its
    // webhook is pushed (once per payment; nothing while it is pending).
    super::webhook::payment(&sh.webhooks, key, o);
    let mut b = json!({"resultInfo": ri(r.status, &r.code, instruments::resp_msg(&r.code)),
        "txnId": r.txn.txn_id, "bankTxnId": r.bank_txn_id,
        "orderId": o.order_id, "txnAmount": o.amount.to_string(), "txnType": "SALE",
        "gatewayName": r.txn.gateway, "bankName": r.txn.bank, "mid": o.mid, "paymentMode": r.txn.mode,
        "refundAmt": r.refund_amount, "txnDate": r.txn.date});
    if let Some(v) = &r.txn.vpa {
        b["vpa"] = Value::String(v.clone());
    }
    let text = b.to_string();
    let mut out = signed(key, now, &text);
    if o.status_tampers_left > 0 {
        if o.status_tampers_left != u32::MAX {
            o.status_tampers_left -= 1;
        }
        // After signing: the first digit of the amount changes (666.00 → 966.00).
        let amount = format!("\"txnAmount\":\"{}\"", o.amount);
        let forged = format!("\"txnAmount\":\"9{}\"", &o.amount.to_string()[1..]);
        out = out.replacen(&amount, &forged, 1);
    }
    json_response(out)
}

/// What Transaction Status says about an order now (both the JSON API and the legacy
/// `getTxnStatus` read it here).
pub(super) struct Report {
    pub status: &'static str,
    pub code: String,
    /// The order's latest attempt.
    pub txn: TxnFacts,
    pub bank_txn_id: String,
    /// The refunds that have completed, summed (`0.00` when none).
    pub refund_amount: String,
}

/// The order's current (latest) payment as a status query reports it, counting down a pending
/// instrument's queries; `None` when the order was never paid.
pub(super) fn report(o: &mut Order) -> Option<Report> {
    let refunded = o.refunded_paise();
    let t = o.attempts.last_mut()?;
    let view = t.view();
    if matches!(view, TxnView::Pending)
        && t.customer_done
        && t.resolution.pending_queries != u32::MAX
    {
        t.resolution.pending_queries -= 1;
    }
    let t = &*t;
    let (status, code) = view.status_and_code();
    Some(Report {
        status,
        code,
        txn: t.facts(),
        bank_txn_id: t.bank_txn_id_for(status).to_owned(),
        refund_amount: Amount::from_paise(refunded)
            .map(|a| a.to_string())
            .unwrap_or_else(|_| "0.00".to_owned()),
    })
}
