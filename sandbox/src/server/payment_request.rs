//! All-in-One payment requests (send and resend; core's `api::payment_request` paths) and the
//! customer's page that pays one.
//!
//! A verified Send Payment Request creates an order of the request's amount (no txnToken: it is
//! paid only through its link). Send and Resend answer `S 0000` with a sandbox-only member,
//! `sandboxPayLink`: the page the SMS would link to, `GET|POST` [`PAY_PAGE_PATH`]`?mid=…&orderId=…`.
//! There the customer approves (optionally with a `vpa`, which selects the outcome as the UPI
//! instruments do) or declines (RESPCODE 141). The payment is then an ordinary UPI payment of the
//! order: Transaction Status by the order id reports it, and the payment webhook is pushed
//! (`spec/all-in-one-payment-request.md`, "Confirm Transaction Status"). After the request's
//! `expiry` (sandbox time) the page refuses.

use std::collections::HashMap;
use std::sync::MutexGuard;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use paytm_checkout::types::Amount;
use serde_json::json;

use super::state::{AppState, Order, Orders, Page, Shared, Txn};
use super::wire::{
    approval, choice_refused, form, html_response, json_response, query, ri, signed_reply, str_of,
    txn_date, verified_or_f,
};
use crate::html;
use crate::instruments::{self, Resolution};

/// The customer's page of a payment request.
pub(super) const PAY_PAGE_PATH: &str = "/sandbox/payment-request/pay";

/// Whether order `o` was created by a payment request (it carries the request's `posId`).
fn is_payment_request(o: &Order) -> bool {
    o.token.is_empty() && o.initiate.get("posId").is_some()
}

/// The pay link of order (`mid`, `order_id`).
fn pay_link(sh: &Shared, mid: &str, order_id: &str) -> String {
    let q = paytm_checkout::http::form_encode([("mid", mid), ("orderId", order_id)]);
    format!("{}{PAY_PAGE_PATH}?{q}", sh.base)
}

/// Send or resend a payment request: `S 0000` and the pay link once the signature verifies and
/// the order is new (send) or an open payment request (resend).
pub(super) async fn payment_request(
    State(sh): AppState,
    uri: axum::http::Uri,
    bytes: Bytes,
) -> Response {
    let now = sh.now();
    let (body, key) = match verified_or_f(&sh, &bytes, now) {
        Ok(verified) => verified,
        Err(refusal) => return json_response(refusal),
    };
    let resend = uri.path() == paytm_checkout::api::payment_request::RESEND_PATH;
    let fail =
        |code: &str, msg: &str| signed_reply(&key, now, &json!({"resultInfo": ri("F", code, msg)}));
    let mid = str_of(&body, "mid").to_owned();
    let order_id = str_of(&body, "merchantOrderId").to_owned();
    if order_id.is_empty() {
        return fail("1007", "Missing mandatory element");
    }
    let k = (mid.clone(), order_id.clone());
    let mut st = sh.orders();
    match (resend, st.orders.get(&k)) {
        (true, Some(o)) if is_payment_request(o) && o.attempts.is_empty() => {}
        (true, _) => return fail("334", "Invalid Order Id."),
        (false, Some(_)) => return fail("325", "Duplicate Order Id."),
        (false, None) => {
            let Ok(amount) = str_of(&body, "amount").parse::<Amount>() else {
                return fail("1001", "Request parameters are not valid");
            };
            if str_of(&body, "posId").is_empty() || str_of(&body, "userPhoneNo").is_empty() {
                return fail("1007", "Missing mandatory element");
            }
            st.orders
                .insert(k, Order::new(&mid, &order_id, body.clone(), amount, now));
        }
    }
    let b = json!({"resultInfo": ri("S", "0000", "Success"),
                   "sandboxPayLink": pay_link(&sh, &mid, &order_id)});
    signed_reply(&key, now, &b)
}

/// Why the pay page refuses; nothing changes.
fn refusal(status: StatusCode, title: &str, why: &str) -> Response {
    html_response(status, html::page(title, why, "", false))
}

/// A refusal of the pay page: status, title, why.
type Refused = (StatusCode, &'static str, &'static str);

/// The open payment request the query or form names, or the refusal.
fn open_request<'a>(
    sh: &Shared,
    st: &'a mut super::state::Orders,
    fields: &HashMap<String, String>,
) -> Result<&'a mut Order, Refused> {
    let mid = fields.get("mid").cloned().unwrap_or_default();
    let order_id = fields.get("orderId").cloned().unwrap_or_default();
    let Some(o) = st.orders.get_mut(&(mid, order_id)) else {
        return Err((
            StatusCode::NOT_FOUND,
            "Unknown payment request",
            "No payment request has this mid and orderId.",
        ));
    };
    if !is_payment_request(o) {
        return Err((
            StatusCode::NOT_FOUND,
            "Unknown payment request",
            "This order was not created by a payment request.",
        ));
    }
    if !o.attempts.is_empty() {
        return Err((
            StatusCode::CONFLICT,
            "Already answered",
            "This payment request was already paid or declined. Nothing was changed.",
        ));
    }
    // `yyyy-MM-dd HH:mm:ss`, compared as text with the sandbox time in the same form.
    let expiry = str_of(&o.initiate, "expiry");
    if !expiry.is_empty() && txn_date(sh.now())[..19] > *expiry {
        return Err((
            StatusCode::GONE,
            "Payment request expired",
            "This payment request has expired. Nothing was changed.",
        ));
    }
    Ok(o)
}

/// `GET` [`PAY_PAGE_PATH`]`?mid=…&orderId=…`: pay or decline.
pub(super) async fn pay_get(State(sh): AppState, RawQuery(q): RawQuery) -> Response {
    let fields = query(&q);
    let mut st = sh.orders();
    let o = match open_request(&sh, &mut st, &fields) {
        Ok(o) => o,
        Err((status, title, why)) => return refusal(status, title, why),
    };
    upi_pay_page(
        "Sandbox payment request",
        &format!(
            "Pay INR {} to merchant {} for order {}?",
            o.amount, o.mid, o.order_id
        ),
        &format!("{}{PAY_PAGE_PATH}", sh.base),
        &[("mid", o.mid.as_str()), ("orderId", o.order_id.as_str())],
        &[("vpa", "UPI id (optional)")],
    )
}

/// A UPI pay page (a payment request's, a payment link's): `question`, and a form that posts
/// `hidden` and the `inputs` typed to `action` with the customer's choice, Pay or Decline.
pub(super) fn upi_pay_page(
    title: &str,
    question: &str,
    action: &str,
    hidden: &[(&str, &str)],
    inputs: &[(&str, &str)],
) -> Response {
    let buttons = [
        ("action", "approve", "Pay"),
        ("action", "decline", "Decline"),
    ];
    let form = html::form(action, hidden, inputs, &buttons);
    html_response(StatusCode::OK, html::page(title, question, &form, false))
}

/// The page a UPI pay page's answer shows: what became of the payment.
pub(super) fn answered(title: &str, says: &str) -> Response {
    html_response(StatusCode::OK, html::page(title, says, "", false))
}

/// `POST` [`PAY_PAGE_PATH`] (`mid`, `orderId`, `action=approve|decline`, optionally `vpa`):
/// the payment is made (or declined) and the payment webhook pushed once it is final.
pub(super) async fn pay_post(State(sh): AppState, bytes: Bytes) -> Response {
    let (fields, approve, mut st, ids) = match pay_answer(&sh, &bytes) {
        Ok(a) => a,
        Err(r) => return *r,
    };
    let o = match open_request(&sh, &mut st, &fields) {
        Ok(o) => o,
        Err((status, title, why)) => return refusal(status, title, why),
    };
    let txn_id = upi_attempt(o, &fields, approve, ids);
    let state = o.txn().map(|t| t.view().status_and_code().0).unwrap_or("");
    if let Some(key) = sh.merchants.get(&o.mid) {
        super::webhook::payment(&sh.webhooks, key, o);
    }
    let k = (o.mid.clone(), o.order_id.clone());
    st.txns.insert(txn_id, k);
    answered(
        "Payment request answered",
        &format!("The payment is {state}. The merchant is notified (webhook) and can ask Transaction Status."),
    )
}

/// What a UPI pay page (a payment request's, a payment link's) posted: its form, the customer's
/// choice (approve or decline), and, under the orders' lock, the ids of the attempt it makes
/// ([`Orders::next_ids`]); or the page refusing a post without a choice.
pub(super) fn pay_answer<'a>(sh: &'a Shared, bytes: &[u8]) -> Result<PayAnswer<'a>, Box<Response>> {
    let fields = form(bytes);
    let Some(approve) = approval(&fields) else {
        return Err(Box::new(choice_refused("Pay or decline?", "The page")));
    };
    let mut st = sh.orders();
    let ids = st.next_ids(txn_date(sh.now()));
    Ok((fields, approve, st, ids))
}

/// [`pay_answer`]'s form, choice, locked orders and attempt ids.
pub(super) type PayAnswer<'a> = (
    HashMap<String, String>,
    bool,
    MutexGuard<'a, Orders>,
    (String, String, String),
);

/// The customer's answer on a UPI pay page (a payment request's, a payment link's): a UPI
/// attempt with `ids` ([`Orders::next_ids`]) from the VPA typed (`customer@paytm` when none),
/// resolved as that VPA resolves, or declined by the customer (141); returns its id.
pub(super) fn upi_attempt(
    o: &mut Order,
    fields: &HashMap<String, String>,
    approve: bool,
    (txn_id, bank_txn_id, date): (String, String, String),
) -> String {
    let vpa = fields
        .get("vpa")
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_else(|| "customer@paytm".to_owned());
    let resolution = if approve {
        instruments::vpa(&vpa)
    } else {
        Resolution {
            pending_queries: 0,
            failure: Some("141".to_owned()),
        }
    };
    o.attempts.push(Txn {
        txn_id: txn_id.clone(),
        bank_txn_id,
        mode: "UPI",
        gateway: "PPBL",
        bank: "",
        date,
        page: Page::None,
        customer_done: true,
        resolution,
        vpa: Some(vpa),
    });
    txn_id
}
