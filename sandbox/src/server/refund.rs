//! Refund (`/refund/apply`) and Refund Status (`/v2/refund/status`). A refund is raised on the
//! exact payment attempt its txnId names, never on "the order's current payment"; it is pending
//! for one status query, then successful.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use paytm_checkout::types::Amount;
use paytm_checkout::MerchantKey;
use serde_json::{json, Value};

use super::state::{AppState, Orders, RefundRec, Shared, TxnFacts, TxnView};
use super::wire::{about_order, json_response, ri, signed_reply, str_of, txn_date, verified};

/// Refund's answer while a refund is pending.
pub(super) const REFUND_PENDING_MSG: &str =
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
    let amount = str_of(&body, "refundAmount");
    let mut st = sh.orders();
    match raise(&mut st, (&mid, &order_id), &txn_id, &ref_id, amount, &ts) {
        Ok(r) => answer(
            "601",
            REFUND_PENDING_MSG,
            "PENDING",
            &r.refund_id,
            &r.amount.to_string(),
        ),
        Err((code, msg)) => fail(code, msg),
    }
}

/// A refund just raised.
pub(super) struct Raised {
    pub refund_id: String,
    pub amount: Amount,
    /// The order's amount.
    pub txn_amount: Amount,
}

/// The refund rule, once (the JSON API and the legacy `HANDLER_INTERNAL/REFUND` both call it):
/// raises refund `ref_id` of `amount` on the payment attempt `txn_id` of order (mid, orderId),
/// pending for one status query; or the (RESPCODE, message) refusing it.
pub(super) fn raise(
    st: &mut Orders,
    (mid, order_id): (&str, &str),
    txn_id: &str,
    ref_id: &str,
    amount: &str,
    ts: &str,
) -> Result<Raised, (&'static str, &'static str)> {
    let Ok(amount) = amount.parse::<Amount>() else {
        return Err(("619", "Invalid refund amount"));
    };
    if ref_id.is_empty() {
        return Err(("1007", "Missing mandatory element"));
    }
    st.counter += 1;
    let n = st.counter;
    let Some(o) = st.orders.get_mut(&(mid.to_owned(), order_id.to_owned())) else {
        return Err(("334", "Invalid Order Id."));
    };
    if o.attempts.is_empty() {
        return Err(("334", "Invalid Order Id."));
    }
    // The exact attempt named by txnId, never "the order's current payment".
    let Some(t) = o.attempts.iter().find(|t| t.txn_id == txn_id) else {
        return Err(("602", "Invalid txn id"));
    };
    if !matches!(t.view(), TxnView::Success) {
        return Err((
            "620",
            "Refund can not be initiated for this transaction state",
        ));
    }
    if o.refunds.iter().any(|r| r.ref_id == ref_id) {
        return Err(("617", "Refund Already Raised"));
    }
    let taken: u64 = o.refunds.iter().map(|r| r.amount.paise()).sum();
    if taken + amount.paise() > o.amount.paise() {
        return Err(("619", "Invalid refund amount"));
    }
    let refund_id = format!("{}SANDBOXRF{:08}", &ts[..10].replace('-', ""), n);
    o.refunds.push(RefundRec {
        txn_id: txn_id.to_owned(),
        ref_id: ref_id.to_owned(),
        refund_id: refund_id.clone(),
        amount,
        requested_at: ts.to_owned(),
        pending_queries: 1,
    });
    Ok(Raised {
        refund_id,
        amount,
        txn_amount: o.amount,
    })
}

/// What Refund Status says about a refund now.
pub(super) struct RefundReport {
    pub order_id: String,
    pub mid: String,
    pub txn_amount: Amount,
    /// The attempt refunded (the one the refund was raised on).
    pub txn: TxnFacts,
    /// Still pending (this query counted down).
    pub pending: bool,
    /// This query was the refund's last pending one: it is complete from now on.
    pub completed_now: bool,
    pub amount: Amount,
    pub requested_at: String,
    pub ref_id: String,
    pub refund_id: String,
}

/// The refund `ref_id` of order `k`, pending once, then successful (the JSON API and the legacy
/// `getRefundStatus` both read it here); `None` when there is no such refund.
pub(super) fn refund_report(
    st: &mut Orders,
    k: &(String, String),
    ref_id: &str,
) -> Option<RefundReport> {
    let o = st.orders.get_mut(k)?;
    let i = o.refunds.iter().position(|r| r.ref_id == ref_id)?;
    // The attempt this refund was raised on, whatever happened to the order since.
    let txn = o
        .attempts
        .iter()
        .find(|t| t.txn_id == o.refunds[i].txn_id)?
        .facts();
    let r = &mut o.refunds[i];
    let pending = r.pending_queries > 0;
    if pending {
        r.pending_queries -= 1;
    }
    let completed_now = pending && r.pending_queries == 0;
    Some(RefundReport {
        order_id: o.order_id.clone(),
        mid: o.mid.clone(),
        txn_amount: o.amount,
        txn,
        pending,
        completed_now,
        amount: r.amount,
        requested_at: r.requested_at.clone(),
        ref_id: r.ref_id.clone(),
        refund_id: r.refund_id.clone(),
    })
}

/// Refund Status's `payMethod` of a PAYMENTMODE.
pub(super) fn pay_method(mode: &str) -> &'static str {
    match mode {
        "CC" => "CREDIT_CARD",
        "DC" => "DEBIT_CARD",
        "NB" => "NET_BANKING",
        "UPI" => "UPI",
        _ => "BALANCE",
    }
}

/// `POST /v2/refund/status`: the refund `refId` names, pending once, then successful.
pub(super) async fn refund_status(State(sh): AppState, bytes: Bytes) -> Response {
    about_order(&sh, &bytes, |body, k, key, now| {
        refund_status_of(&sh, str_of(body, "refId"), k, key, now)
    })
}

/// Refund Status of refund `ref_id` of order `k`, signed with `key`.
fn refund_status_of(
    sh: &Shared,
    ref_id: &str,
    k: (String, String),
    key: &MerchantKey,
    now: u64,
) -> Response {
    let mut st = sh.orders();
    let Some(r) = refund_report(&mut st, &k, ref_id) else {
        let b = json!({"resultInfo": ri("TXN_FAILURE", "631", "Record not found"),
                       "refId": ref_id});
        return signed_reply(key, now, &b);
    };
    let completed_now = r.completed_now;
    let (info, total) = if r.pending {
        (ri("PENDING", "601", REFUND_PENDING_MSG), "0.00".to_owned())
    } else {
        (
            ri("TXN_SUCCESS", "10", "Refund Successfull"),
            r.amount.to_string(),
        )
    };
    let details = if r.pending {
        json!([])
    } else {
        json!([{"refundType": "TO_SOURCE", "payMethod": pay_method(r.txn.mode), "refundAmount": r.amount.to_string(),
                "userCreditExpectedDate": &txn_date(now.saturating_add(5 * 86_400_000))[..10]}])
    };
    let b = json!({"source": "MERCHANT", "txnId": r.txn.txn_id, "orderId": r.order_id,
                   "txnAmount": r.txn_amount.to_string(), "mid": r.mid,
                   "refundAmount": r.amount.to_string(), "txnTimestamp": r.requested_at,
                   "totalRefundAmount": total, "refId": r.ref_id, "refundId": r.refund_id,
                   "merchantRefundRequestTimestamp": r.requested_at,
                   "resultInfo": info, "refundDetailInfoList": details});
    if completed_now {
        // Refunded: the refund webhook is pushed (when a webhook URL is set).
        let o = &st.orders[&k];
        if let Some(r) = o.refunds.iter().find(|r| r.ref_id == ref_id) {
            super::webhook::refund(&sh.webhooks, key, now, o, r);
        }
    }
    signed_reply(key, now, &b)
}
