//! Transaction Status (`/v3/order/status`): the order's current (latest) payment attempt, as
//! Paytm reports it, signed. A pending payment counts down its instrument's pending queries
//! here; the tamper instruments change the amount after signing.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use paytm_checkout::types::Amount;
use serde_json::{json, Value};

use super::state::{AppState, TxnView};
use super::wire::{json_response, order_named, ri, signed, signed_reply, verified_or_f};
use crate::instruments;

/// `POST /v3/order/status`.
pub(super) async fn status(State(sh): AppState, bytes: Bytes) -> Response {
    let now = sh.now();
    let (body, key) = match verified_or_f(&sh, &bytes, now) {
        Ok(verified) => verified,
        Err(refusal) => return json_response(refusal),
    };
    let k = order_named(&body);
    let mut st = sh.orders();
    let not_found = || {
        let b = json!({"resultInfo": ri("F", "334", "Invalid Order Id.")});
        signed_reply(&key, now, &b)
    };
    let Some(o) = st.orders.get_mut(&k) else {
        return not_found();
    };
    // Status is asked by order: Paytm reports the order's current (latest) payment.
    let Some(t) = o.attempts.last_mut() else {
        // Initiated, never paid: Paytm knows no transaction.
        return not_found();
    };
    let view = t.view();
    if matches!(view, TxnView::Pending)
        && t.customer_done
        && t.resolution.pending_queries != u32::MAX
    {
        t.resolution.pending_queries -= 1;
    }
    if matches!(view, TxnView::Pending) {
        // This query may have been the last pending one: the payment is final from now on.
        super::webhook::payment(&sh.webhooks, &key, o);
    }
    let Some(t) = o.attempts.last() else {
        return not_found();
    };
    let (rs, code) = view.status_and_code();
    let refunded: u64 = o
        .refunds
        .iter()
        .filter(|r| r.pending_queries == 0)
        .map(|r| r.amount.paise())
        .sum();
    let refund_amt = Amount::from_paise(refunded)
        .map(|a| a.to_string())
        .unwrap_or_else(|_| "0.00".to_owned());
    let mut b = json!({"resultInfo": ri(rs, &code, instruments::resp_msg(&code)),
        "txnId": t.txn_id, "bankTxnId": t.bank_txn_id_for(rs),
        "orderId": o.order_id, "txnAmount": o.amount.to_string(), "txnType": "SALE",
        "gatewayName": t.gateway, "bankName": t.bank, "mid": o.mid, "paymentMode": t.mode,
        "refundAmt": refund_amt, "txnDate": t.date});
    if let Some(v) = &t.vpa {
        b["vpa"] = Value::String(v.clone());
    }
    let text = b.to_string();
    let mut out = signed(&key, now, &text);
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
