//! Initiate Transaction (`/theia/api/v1/initiateTransaction`): opens an order and hands out its
//! txnToken. An identical repeat before any payment is `0002` with the same token; any other
//! repeat is `2023`.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use paytm_checkout::types::{is_customer_id, Amount};
use serde_json::{json, Value};

use super::state::{AppState, Order};
use super::wire::{
    check_signed, query, random_hex, ri, signed_reply, str_of, unsigned_reply, Checked,
};
use crate::instruments;

/// `POST /theia/api/v1/initiateTransaction?mid=…&orderId=…`.
pub(super) async fn initiate(State(sh): AppState, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    let now = sh.now();
    let q = query(&q);
    let qmid = q.get("mid").map(String::as_str).unwrap_or("");
    let qorder = q.get("orderId").map(String::as_str).unwrap_or("");
    let (body, key, mid) = match check_signed(&sh, &bytes, Some(qmid)) {
        Checked::Ok { body, key, mid } => (body, key, mid),
        Checked::UnknownMid => {
            let b = json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid (unknown MID)")});
            return unsigned_reply(now, &b);
        }
        Checked::Malformed(why) => {
            let b = json!({"resultInfo": ri("F", "1001", &format!("Request parameters are not valid: {why}"))});
            return unsigned_reply(now, &b);
        }
        Checked::BadSignature { key, .. } => {
            let b = json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid"), "extraParamsMap": null});
            return signed_reply(&key, now, &b);
        }
    };
    let fail = |code: &str, msg: &str| {
        let b = json!({"resultInfo": ri("F", code, msg)});
        signed_reply(&key, now, &b)
    };
    if mid != qmid {
        return fail(
            "2013",
            "Mid in the query param doesn't match with the Mid sent in the request",
        );
    }
    let order_id = str_of(&body, "orderId").to_owned();
    if order_id != qorder {
        return fail(
            "2014",
            "OrderId in the query param doesn't match with the OrderId sent in the request",
        );
    }
    let amount_text = body
        .pointer("/txnAmount/value")
        .and_then(Value::as_str)
        .unwrap_or("");
    let Ok(amount) = amount_text.parse::<Amount>() else {
        return fail("2007", "Txn amount is invalid");
    };
    let cust_id = body.pointer("/userInfo/custId").and_then(Value::as_str);
    if order_id.is_empty() || str_of(&body, "websiteName").is_empty() || cust_id.is_none() {
        return fail("1007", "Missing mandatory element");
    }
    // Paytm's custId rule, the one core's builder applies (`types::is_customer_id`).
    if cust_id.is_some_and(|c| !is_customer_id(c)) {
        return fail("1001", "Request parameters are not valid");
    }
    let callback_url = match str_of(&body, "callbackUrl") {
        "" => format!("https://securegw-stage.paytm.in/theia/paytmCallback?ORDER_ID={order_id}"),
        u => u.to_owned(),
    };
    let mut st = sh.orders();
    let k = (mid.clone(), order_id.clone());
    if let Some(o) = st.orders.get(&k) {
        if o.initiate == body && o.attempts.is_empty() {
            let b = json!({"resultInfo": ri("S", "0002", "Success Idempotent"), "txnToken": o.token,
                           "isPromoCodeValid": false, "authenticated": false});
            return signed_reply(&key, now, &b);
        }
        return fail("2023", "Repeat Request Inconsistent");
    }
    let token = random_hex(23);
    st.tokens.insert(token.clone(), k.clone());
    st.orders.insert(
        k,
        Order {
            mid,
            order_id,
            initiate: body,
            amount,
            callback_url,
            token: token.clone(),
            token_issued_at: now,
            attempts: Vec::new(),
            refunds: Vec::new(),
            status_tampers_left: instruments::tampered_status_responses(&amount.to_string()),
        },
    );
    let b = json!({"resultInfo": ri("S", "0000", "Success"), "txnToken": token,
                   "isPromoCodeValid": false, "authenticated": false});
    signed_reply(&key, now, &b)
}
