//! Initiate Transaction (`/theia/api/v1/initiateTransaction`): opens an order and hands out its
//! txnToken. An identical repeat before any payment is `0002` with the same token; any other
//! repeat is `2023`. Initiate Subscription is the same request with the subscription's members
//! ([`open`] with a [`MandateOf`]): its order also creates the subscription.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use paytm_checkout::types::{is_customer_id, Amount};
use serde_json::{json, Value};

use super::state::{AppState, Mandate, Order, Shared};
use super::wire::{
    check_signed, query, random_hex, ri, signed_reply, str_of, unsigned_reply, Checked,
};
use crate::instruments;

/// Reads the subscription an Initiate body asks for (`Ok(None)`: a plain payment), or refuses
/// it with a (resultCode, resultMsg). Its `subs_id` is given when the order opens.
pub(super) type MandateOf<'a> =
    &'a dyn Fn(&Value) -> Result<Option<Mandate>, (&'static str, &'static str)>;

/// `POST /theia/api/v1/initiateTransaction?mid=…&orderId=…`.
pub(super) async fn initiate(State(sh): AppState, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    open(&sh, q, &bytes, &|_| Ok(None))
}

/// Initiate: verifies and opens the order, and the subscription `mandate_of` reads from the
/// body (the answer then names it, `subscriptionId`).
pub(super) fn open(
    sh: &Shared,
    q: Option<String>,
    bytes: &[u8],
    mandate_of: MandateOf<'_>,
) -> Response {
    let now = sh.now();
    let q = query(&q);
    let qmid = q.get("mid").map(String::as_str).unwrap_or("");
    let qorder = q.get("orderId").map(String::as_str).unwrap_or("");
    let (body, key, mid) = match check_signed(sh, bytes, Some(qmid)) {
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
    let mut mandate = match mandate_of(&body) {
        Ok(m) => m,
        Err((code, msg)) => return fail(code, msg),
    };
    let callback_url = match str_of(&body, "callbackUrl") {
        "" => format!("https://securegw-stage.paytm.in/theia/paytmCallback?ORDER_ID={order_id}"),
        u => u.to_owned(),
    };
    let mut st = sh.orders();
    let k = (mid.clone(), order_id.clone());
    if let Some(o) = st.orders.get(&k) {
        if o.initiate == body && o.attempts.is_empty() {
            let b = opened(ri("S", "0002", "Success Idempotent"), o);
            return signed_reply(&key, now, &b);
        }
        return fail("2023", "Repeat Request Inconsistent");
    }
    let token = random_hex(23);
    st.tokens.insert(token.clone(), k.clone());
    if let Some(m) = mandate.as_mut() {
        st.counter += 1;
        m.subs_id = (100_000 + st.counter).to_string();
        st.subscriptions
            .insert((mid.clone(), m.subs_id.clone()), order_id.clone());
    }
    let mut o = Order::new(&mid, &order_id, body, amount, now);
    o.callback_url = callback_url;
    o.token = token;
    o.status_tampers_left = instruments::tampered_status_responses(&amount.to_string());
    o.mandate = mandate.map(Box::new);
    let b = opened(ri("S", "0000", "Success"), &o);
    st.orders.insert(k, o);
    signed_reply(&key, now, &b)
}

/// The answer to an Initiate that opened order `o` (or found it opened): its txnToken, and the
/// subscription's id when it created one.
fn opened(result: Value, o: &Order) -> Value {
    let mut b = json!({"resultInfo": result, "txnToken": o.token,
                       "isPromoCodeValid": false, "authenticated": false});
    if let Some(m) = &o.mandate {
        b["subscriptionId"] = Value::String(m.subs_id.clone());
    }
    b
}
