//! The sandbox's own endpoints: the admin API under `/__admin` (reset, read and advance the
//! clock, list the orders) that tests and the host drive it with, and the index page. None of
//! these exist at Paytm.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::state::{AppState, Txn};
use super::wire::{html_response, json_response, json_status, query, txn_date};
use crate::{clock, html};

/// `POST /__admin/reset`: forgets every order, the webhook URLs set by `/__admin/webhook` and
/// the delivery log; the clock goes back to the wall clock.
pub(super) async fn admin_reset(State(sh): AppState) -> Response {
    sh.reset();
    sh.webhooks.reset();
    json_response(format!(r#"{{"reset":true,"now":{}}}"#, sh.now()))
}

/// `400 {"error": why}`: deliberately without `now`, so that a host reading `now` from the
/// answer cannot mistake a refusal for an advance.
fn admin_refusal(why: String) -> Response {
    json_status(StatusCode::BAD_REQUEST, json!({ "error": why }).to_string())
}

/// The `ms` of an advance: a whole, non-negative number of milliseconds that fits in 64 bits.
fn advance_ms(raw: Option<&str>) -> Result<u64, String> {
    let Some(v) = raw else {
        return Err("advance: ?ms=<milliseconds> is required".to_owned());
    };
    // Echo at most a little of what was sent.
    let shown: String = v.chars().take(40).collect();
    if v.starts_with('-') {
        return Err(format!(
            "advance: ms must not be negative (sandbox time only moves forward), got {shown:?}"
        ));
    }
    v.parse::<u64>().map_err(|e| match e.kind() {
        std::num::IntErrorKind::PosOverflow => {
            format!("advance: ms={shown} is too large (more than 64 bits)")
        }
        _ => format!("advance: ms must be a whole number of milliseconds, got {shown:?}"),
    })
}

/// `POST /__admin/advance?ms=N`: moves sandbox time forward, or refuses and changes nothing.
pub(super) async fn admin_advance(State(sh): AppState, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let ms = match advance_ms(q.get("ms").map(String::as_str)) {
        Ok(ms) => ms,
        Err(why) => return admin_refusal(why),
    };
    match sh.clock.advance(ms) {
        Ok(now) => json_response(format!(r#"{{"now":{now}}}"#)),
        Err(room) => admin_refusal(format!(
            "advance: ms={ms} would move sandbox time past {} UTC ({} ms), the latest it \
                 can show; at most {room} ms can be added now. The clock is unchanged.",
            txn_date(clock::MAX_MS),
            clock::MAX_MS
        )),
    }
}

/// `GET /__admin/clock`: sandbox time.
pub(super) async fn admin_clock(State(sh): AppState) -> Response {
    json_response(format!(r#"{{"now":{}}}"#, sh.now()))
}

/// `GET /__admin/orders`: every order as the sandbox sees it, by orderId.
pub(super) async fn admin_orders(State(sh): AppState) -> Response {
    let st = sh.orders();
    let mut list: Vec<Value> = st
        .orders
        .values()
        .map(|o| {
            let txn_json = |t: &Txn| {
                let state = match t.view().status_and_code() {
                    ("TXN_FAILURE", code) => format!("TXN_FAILURE {code}"),
                    (status, _) => status.to_owned(),
                };
                json!({"txnId": t.txn_id, "paymentMode": t.mode, "state": state,
                       "customerDone": t.customer_done})
            };
            let promo = o.native.promo.as_ref().map(|(code, initiated)| {
                json!({"code": code, "initiatedAmount": initiated.to_string()})
            });
            json!({"mid": o.mid, "orderId": o.order_id, "amount": o.amount.to_string(),
                   "promo": promo, "loggedIn": o.native.login,
                   "tokenIssuedAt": o.token_issued_at, "txn": o.txn().map(txn_json),
                   "attempts": o.attempts.iter().map(txn_json).collect::<Vec<_>>(),
                   "refunds": o.refunds.iter().map(|r| json!({"refId": r.ref_id, "txnId": r.txn_id, "amount": r.amount.to_string(),
                       "state": if r.pending_queries > 0 { "PENDING" } else { "TXN_SUCCESS" }})).collect::<Vec<_>>()})
        })
        .collect();
    list.sort_by(|a, b| a["orderId"].as_str().cmp(&b["orderId"].as_str()));
    json_response(json!({"now": sh.now(), "orders": list}).to_string())
}

/// `GET /`: what this server is.
pub(super) async fn index(State(sh): AppState) -> Response {
    html_response(
        StatusCode::OK,
        html::page(
            "paytm-sandbox",
            &format!(
                "An offline Paytm-compatible gateway. Point the engine at Environment::custom(\"{}\"). \
                 See docs/sandbox.md for the endpoints and test instruments.",
                sh.base
            ),
            "",
            false,
        ),
    )
}
