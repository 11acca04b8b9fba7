//! S2S webhooks: what the sandbox pushes to a merchant's webhook URL, and where.
//!
//! - **Payment** (when a payment attempt reaches a final state, success or failure, once per
//!   attempt): the callback's form fields (ORDERID … BANKNAME, VPA) and their map CHECKSUMHASH,
//!   `application/x-www-form-urlencoded`, as Paytm's S2S payment-status webhook
//!   (<https://developer.paytm.com/docs/payment-status/>; `spec/all-in-one-payment-request.md`,
//!   "Confirm Transaction Status": sent only when the transaction reaches a terminal state).
//! - **Refund** (when a refund completes): `{"head":{…,"signature"},"body":{…,"status":"SUCCESS"}}`
//!   JSON, the body signed as API responses are
//!   (<https://paytmpayments.com/docs/success-refund-webhook>).
//!
//! Both are signed with the merchant's key, as Paytm signs them. The URL is the merchant's
//! (`POST /__admin/webhook?mid=…&url=…`), else the one for every merchant (the same call
//! without `mid`, or `Config::webhook_url`); with none, nothing is pushed. Instruments: an order
//! of [`instruments::AMOUNT_WEBHOOK_DUPLICATE`] has its payment webhook delivered twice, one of [`instruments::AMOUNT_WEBHOOK_OUT_OF_ORDER`]
//! gets a stale PENDING webhook after the final one. Delivery (retries, the log) is
//! [`crate::push`]'s.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use paytm_checkout::MerchantKey;
use serde_json::json;

use super::callback::{callback_fields, map_checksum};
use super::state::{AppState, Order, RefundRec, SubsState, TxnView};
use super::wire::{json_response, json_status, query, signed, txn_date};
use crate::instruments;
use crate::push::{Notification, Webhooks};

/// Pushes the payment webhook of order `o`'s current attempt if it has reached a final
/// state and none was pushed for it yet. Called wherever a payment can become final.
pub(super) fn payment(hooks: &Webhooks, key: &MerchantKey, o: &Order) {
    let Some(t) = o.txn() else { return };
    if matches!(t.view(), TxnView::Pending) {
        return;
    }
    let Some(url) = hooks.url_for(&o.mid) else {
        return;
    };
    if !hooks.first_time(&t.txn_id) {
        return;
    }
    let fields = callback_fields(o, t);
    let form = |fields: &[(&'static str, String)]| signed_form(key, fields);
    let note = |body: String| Notification {
        kind: "payment",
        order_id: o.order_id.clone(),
        url: url.clone(),
        content_type: "application/x-www-form-urlencoded",
        body,
    };
    let body = form(&fields);
    hooks.push(note(body.clone()));
    if o.mandate.is_some() && matches!(t.view(), TxnView::Success) {
        // The payment that authorised a subscription made it active.
        subscription(hooks, key, o, &t.date);
    }
    let amount = o.amount.to_string();
    if amount == instruments::AMOUNT_WEBHOOK_DUPLICATE {
        hooks.push(note(body));
    } else if amount == instruments::AMOUNT_WEBHOOK_OUT_OF_ORDER {
        // What Paytm might have sent while the payment was still pending, arriving late.
        let (status, code) = TxnView::Pending.status_and_code();
        let stale: Vec<(&'static str, String)> = fields
            .into_iter()
            .map(|(k, v)| match k {
                "STATUS" => (k, status.to_owned()),
                "RESPMSG" => (k, instruments::resp_msg(&code).to_owned()),
                "RESPCODE" => (k, code.clone()),
                _ => (k, v),
            })
            .collect();
        hooks.push(note(form(&stale)));
    }
}

/// Pushes the subscription status webhook of the subscription order `o` created, in the state
/// it has now (`when`: its TXNDATE): what the payment or the clock decides (activation,
/// expiry) once per state, every change made since (pause, resume,
/// cancel, revoke) as it happens: form fields as Paytm's sample shows them
/// and their map CHECKSUMHASH. An order of [`instruments::AMOUNT_WEBHOOK_DUPLICATE`] has it
/// delivered twice.
pub(super) fn subscription(hooks: &Webhooks, key: &MerchantKey, o: &Order, when: &str) {
    let (Some(m), Some((state, _))) = (&o.mandate, o.mandate_state(&when[..10])) else {
        return;
    };
    let Some(url) = hooks.url_for(&o.mid) else {
        return;
    };
    let once = m.changed.is_none() || state == SubsState::Expired;
    if once && !hooks.first_time(&format!("{}/{}", m.subs_id, state.name())) {
        return;
    }
    let mode = o.txn().map_or(m.payment_mode.as_str(), |t| t.mode);
    let expiry = if m.expiry_date.is_empty() {
        String::new()
    } else {
        format!("{} 00:00:00", m.expiry_date)
    };
    let fields: Vec<(&'static str, String)> = vec![
        ("SUBS_ID", m.subs_id.clone()),
        ("MID", o.mid.clone()),
        ("ORDERID", o.order_id.clone()),
        ("CUSTID", m.cust_id.clone()),
        ("STATUS", state.name().to_owned()),
        ("AMOUNTTYPE", m.amount_type.clone()),
        ("MAXAMOUNT", m.max_amount.to_string()),
        ("FREQUENCYUNIT", m.frequency_unit.clone()),
        ("FREQUENCY", m.frequency.clone()),
        ("PAYMENTMODE", mode.to_owned()),
        ("EXPIRYDATE", expiry),
        ("CREATEDDATE", m.created.clone()),
        ("UPDATEDDATE", when.to_owned()),
        ("UPFRONTTXNAMOUNT", o.amount.to_string()),
    ];
    let body = signed_form(key, &fields);
    let copies = if o.amount.to_string() == instruments::AMOUNT_WEBHOOK_DUPLICATE {
        2
    } else {
        1
    };
    for _ in 0..copies {
        hooks.push(Notification {
            kind: "subscription",
            order_id: o.order_id.clone(),
            url: url.clone(),
            content_type: "application/x-www-form-urlencoded",
            body: body.clone(),
        });
    }
}

/// `fields` and their map CHECKSUMHASH, form-encoded.
fn signed_form(key: &MerchantKey, fields: &[(&'static str, String)]) -> String {
    let sum = map_checksum(key, fields);
    paytm_checkout::http::form_encode(
        fields
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .chain([("CHECKSUMHASH", sum.as_str())]),
    )
}

/// Pushes the refund webhook of refund `r` of order `o`, now successful.
pub(super) fn refund(hooks: &Webhooks, key: &MerchantKey, now: u64, o: &Order, r: &RefundRec) {
    let Some(url) = hooks.url_for(&o.mid) else {
        return;
    };
    let ts = txn_date(now);
    let total = paytm_checkout::types::Amount::from_paise(o.refunded_paise())
        .map_or_else(|_| r.amount.to_string(), |a| a.to_string());
    let body = json!({"source": "MERCHANT", "txnId": r.txn_id, "orderId": o.order_id,
            "txnAmount": o.amount.to_string(), "mid": o.mid, "refundAmount": r.amount.to_string(),
            "txnTimestamp": r.requested_at, "totalRefundAmount": total,
            "refId": r.ref_id, "refundId": r.refund_id, "status": "SUCCESS",
            "merchantRefundRequestTimestamp": r.requested_at, "acceptRefundTimestamp": r.requested_at,
            "acceptRefundStatus": "SUCCESS", "userCreditInitiateTimestamp": ts,
            "userCreditInitiateStatus": "SUCCESS"});
    hooks.push(Notification {
        kind: "refund",
        order_id: o.order_id.clone(),
        url,
        content_type: "application/json",
        body: signed(key, now, &body.to_string()),
    });
}

/// `POST /__admin/webhook?url=…[&mid=…]`: the webhook URL of merchant `mid` (without `mid`: of
/// every merchant); an empty `url` removes it. Only `http://` URLs (no TLS here).
pub(super) async fn admin_set(State(sh): AppState, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let Some(url) = q.get("url") else {
        return refuse("webhook: ?url=http://… is required (empty to remove)");
    };
    if !url.is_empty() && !url.starts_with("http://") {
        return refuse("webhook: only http:// URLs are supported (the sandbox links no TLS)");
    }
    let mid = q.get("mid").cloned().unwrap_or_default();
    if !mid.is_empty() && !sh.merchants.contains_key(&mid) {
        return refuse("webhook: unknown mid");
    }
    sh.webhooks.set_url(&mid, url);
    json_response(json!({"mid": mid, "url": url}).to_string())
}

/// `GET /__admin/webhooks`: every delivery (kind, order, URL, state, attempts, body), oldest
/// first.
pub(super) async fn admin_list(State(sh): AppState) -> Response {
    json_response(json!({"deliveries": sh.webhooks.deliveries()}).to_string())
}

fn refuse(why: &str) -> Response {
    json_status(StatusCode::BAD_REQUEST, json!({ "error": why }).to_string())
}
