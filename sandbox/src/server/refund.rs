//! Refund (`/refund/apply`) and Refund Status (`/v2/refund/status`). A refund is raised on the
//! exact payment attempt its txnId names, never on "the order's current payment"; it is pending
//! for one status query, then successful.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use paytm_checkout::types::Amount;
use serde_json::{json, Value};

use super::state::{AppState, RefundRec, TxnView};
use super::wire::{
    json_response, order_named, ri, signed_reply, str_of, txn_date, verified, verified_or_f,
};

/// Refund's answer while a refund is pending.
const REFUND_PENDING_MSG: &str =
    "Refund request was raised for this transaction. But it is pending state";

/// `POST /refund/apply`: raises a refund on the payment attempt `txnId` names.
pub(super) async fn refund(State(sh): AppState, bytes: Bytes) -> Response {
    let now = sh.now();
    let bad_signature = |body: &Value| {
        json!({"orderId": str_of(body, "orderId"), "mid": str_of(body, "mid"),
               "refId": str_of(body, "refId"),
               "resultInfo": ri("TXN_FAILURE", "2005", "Checksum provided is invalid")})
    };
    let invalid =
        json!({"resultInfo": ri("TXN_FAILURE", "1001", "Request parameters are not valid")});
    let (body, key) = match verified(&sh, &bytes, now, bad_signature, invalid) {
        Ok(verified) => verified,
        Err(refusal) => return json_response(refusal),
    };
    let mid = str_of(&body, "mid").to_owned();
    let order_id = str_of(&body, "orderId").to_owned();
    let ref_id = str_of(&body, "refId").to_owned();
    let txn_id = str_of(&body, "txnId").to_owned();
    let ts = txn_date(now);
    let answer = |code: &str, msg: &str, status: &str, refund_id: &str, amount: &str| {
        let b = json!({"txnTimestamp": ts, "orderId": order_id, "mid": mid, "refId": ref_id,
                       "resultInfo": ri(status, code, msg), "refundId": refund_id, "txnId": txn_id,
                       "refundAmount": amount});
        signed_reply(&key, now, &b)
    };
    let fail = |code: &str, msg: &str| answer(code, msg, "TXN_FAILURE", "", "");
    let Ok(amount) = str_of(&body, "refundAmount").parse::<Amount>() else {
        return fail("619", "Invalid refund amount");
    };
    if ref_id.is_empty() {
        return fail("1007", "Missing mandatory element");
    }
    let mut st = sh.orders();
    st.counter += 1;
    let n = st.counter;
    let Some(o) = st.orders.get_mut(&(mid.clone(), order_id.clone())) else {
        return fail("334", "Invalid Order Id.");
    };
    if o.attempts.is_empty() {
        return fail("334", "Invalid Order Id.");
    }
    // The exact attempt named by txnId, never "the order's current payment".
    let Some(t) = o.attempts.iter().find(|t| t.txn_id == txn_id) else {
        return fail("602", "Invalid txn id");
    };
    if !matches!(t.view(), TxnView::Success) {
        return fail(
            "620",
            "Refund can not be initiated for this transaction state",
        );
    }
    if o.refunds.iter().any(|r| r.ref_id == ref_id) {
        return fail("617", "Refund Already Raised");
    }
    let taken: u64 = o.refunds.iter().map(|r| r.amount.paise()).sum();
    if amount.paise() == 0 || taken + amount.paise() > o.amount.paise() {
        return fail("619", "Invalid refund amount");
    }
    let refund_id = format!("{}SANDBOXRF{:08}", &ts[..10].replace('-', ""), n);
    o.refunds.push(RefundRec {
        txn_id: txn_id.clone(),
        ref_id: ref_id.clone(),
        refund_id: refund_id.clone(),
        amount,
        requested_at: ts.clone(),
        pending_queries: 1,
    });
    answer(
        "601",
        REFUND_PENDING_MSG,
        "PENDING",
        &refund_id,
        &amount.to_string(),
    )
}

/// `POST /v2/refund/status`: the refund `refId` names, pending once, then successful.
pub(super) async fn refund_status(State(sh): AppState, bytes: Bytes) -> Response {
    let now = sh.now();
    let (body, key) = match verified_or_f(&sh, &bytes, now) {
        Ok(verified) => verified,
        Err(refusal) => return json_response(refusal),
    };
    let k = order_named(&body);
    let ref_id = str_of(&body, "refId");
    let mut st = sh.orders();
    let found = st.orders.get_mut(&k).and_then(|o| {
        let i = o.refunds.iter().position(|r| r.ref_id == ref_id)?;
        // The attempt this refund was raised on, whatever happened to the order since.
        let txn = o
            .attempts
            .iter()
            .find(|t| t.txn_id == o.refunds[i].txn_id)?;
        let (txn_id, mode) = (txn.txn_id.clone(), txn.mode);
        Some((
            o.order_id.clone(),
            o.mid.clone(),
            o.amount,
            txn_id,
            mode,
            &mut o.refunds[i],
        ))
    });
    let Some((order_id, mid, txn_amount, txn_id, mode, r)) = found else {
        let b = json!({"resultInfo": ri("TXN_FAILURE", "631", "Record not found"),
                       "refId": ref_id});
        return signed_reply(&key, now, &b);
    };
    let pending = r.pending_queries > 0;
    if pending {
        r.pending_queries -= 1;
    }
    let completed_now = pending && r.pending_queries == 0;
    let (info, total) = if pending {
        (ri("PENDING", "601", REFUND_PENDING_MSG), "0.00".to_owned())
    } else {
        (
            ri("TXN_SUCCESS", "10", "Refund Successfull"),
            r.amount.to_string(),
        )
    };
    let pay_method = match mode {
        "CC" => "CREDIT_CARD",
        "DC" => "DEBIT_CARD",
        "NB" => "NET_BANKING",
        "UPI" => "UPI",
        _ => "BALANCE",
    };
    let details = if pending {
        json!([])
    } else {
        json!([{"refundType": "TO_SOURCE", "payMethod": pay_method, "refundAmount": r.amount.to_string(),
                "userCreditExpectedDate": &txn_date(now.saturating_add(5 * 86_400_000))[..10]}])
    };
    let b = json!({"source": "MERCHANT", "txnId": txn_id, "orderId": order_id,
                   "txnAmount": txn_amount.to_string(), "mid": mid,
                   "refundAmount": r.amount.to_string(), "txnTimestamp": r.requested_at,
                   "totalRefundAmount": total, "refId": r.ref_id, "refundId": r.refund_id,
                   "merchantRefundRequestTimestamp": r.requested_at,
                   "resultInfo": info, "refundDetailInfoList": details});
    if completed_now {
        // Refunded: the refund webhook is pushed (when a webhook URL is set).
        let o = &st.orders[&k];
        if let Some(r) = o.refunds.iter().find(|r| r.ref_id == ref_id) {
            super::webhook::refund(&sh.webhooks, &key, now, o, r);
        }
    }
    signed_reply(&key, now, &b)
}
