//! The legacy JSON-data APIs of `spec/auto-debit.md`: Transaction Status
//! (`/merchant-status/getTxnStatus`, also `/theia/HANDLER_INTERNAL/getTxnStatus` from the spec's
//! sample), Refund (`/refund/HANDLER_INTERNAL/REFUND`) and Refund Status
//! (`/refund/HANDLER_INTERNAL/getRefundStatus`). Each takes a flat JSON object in the
//! `JsonData` field (form body or query; a bare JSON body is read too) with a map-mode checksum
//! member, and answers flat JSON, unsigned, as the spec shows.
//!
//! The rules are the JSON APIs' own: [`super::status::report`], [`super::refund::raise`] and
//! [`super::refund::refund_report`]. A checksum that does not verify is answered `330`
//! ("Paytm checksum mismatch."); an unknown MID or unreadable JsonData `1001`.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use paytm_checkout::{MerchantKey, Params};
use serde_json::{Map, Value};

use super::refund::{raise, refund_report};
use super::state::{AppState, Shared};
use super::status::report;
use super::wire::{form, json_response, query, txn_date};
use crate::instruments;

/// A `JsonData` request, read.
pub(super) struct JsonData {
    /// Its scalar members as text (strings as they are, numbers as written), the checksum
    /// member taken out.
    pub map: BTreeMap<String, String>,
    /// The key of its `MID`, if that merchant is known.
    pub key: Option<MerchantKey>,
    /// The checksum member verified (map mode, over every other scalar member) with that key.
    pub checksum_ok: bool,
}

/// Reads the `JsonData` of a request: the form field, else the query's, else the body itself as
/// JSON. `sum_names` are the checksum member's spellings, the first present taken. `None` when
/// there is no JSON object.
pub(super) fn json_data(
    sh: &Shared,
    raw_query: &Option<String>,
    bytes: &[u8],
    sum_names: &[&str],
) -> Option<JsonData> {
    let text = form(bytes)
        .remove("JsonData")
        .or_else(|| query(raw_query).remove("JsonData"))
        .unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned());
    let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(&text) else {
        return None;
    };
    let mut map = BTreeMap::new();
    let mut params = Params::new();
    let mut sum = None;
    for (k, v) in obj {
        let v = match v {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            // Objects (subwalletAmount) are outside the map-mode checksum.
            _ => continue,
        };
        if sum.is_none() && sum_names.contains(&k.as_str()) {
            sum = Some(v);
            continue;
        }
        params.insert(k.as_str(), v.as_str());
        map.insert(k, v);
    }
    let key = map
        .get("MID")
        .and_then(|mid| sh.merchants.get(mid))
        .cloned();
    let checksum_ok = match (&key, &sum) {
        (Some(k), Some(s)) => k.verify_map(&params, s),
        _ => false,
    };
    Some(JsonData {
        map,
        key,
        checksum_ok,
    })
}

/// A flat JSON answer with members in this order; with `key`, signed by a map-mode checksum
/// member named `sum_name` over all of them.
pub(super) fn flat_reply(
    key: Option<&MerchantKey>,
    sum_name: &str,
    fields: Vec<(&str, String)>,
) -> Response {
    let mut obj = Map::new();
    let mut params = Params::new();
    for (k, v) in &fields {
        params.insert(*k, v.as_str());
        obj.insert((*k).to_owned(), Value::String(v.clone()));
    }
    if let Some(key) = key {
        let sum = key.generate_map(&params).unwrap_or_default();
        obj.insert(sum_name.to_owned(), Value::String(sum));
    }
    json_response(Value::Object(obj).to_string())
}

fn text(map: &BTreeMap<String, String>, k: &str) -> String {
    map.get(k).cloned().unwrap_or_default()
}

/// Why a JsonData request is not served: `None` if it is.
fn refusal(d: &Option<JsonData>) -> Option<(&'static str, &'static str)> {
    match d {
        None => Some(("1001", "Request parameters are not valid")),
        Some(d) if d.key.is_none() => Some(("1001", "Request parameters are not valid")),
        Some(d) if !d.checksum_ok => Some(("330", "Paytm checksum mismatch.")),
        Some(_) => None,
    }
}

/// An unsigned failure answer: the request's own ids (`ids`, in order), then
/// `STATUS=TXN_FAILURE`, `RESPCODE` and `RESPMSG`.
fn failure(mut ids: Vec<(&str, String)>, code: &str, msg: &str) -> Response {
    ids.extend([
        ("STATUS", "TXN_FAILURE".to_owned()),
        ("RESPCODE", code.to_owned()),
        ("RESPMSG", msg.to_owned()),
    ]);
    flat_reply(None, "", ids)
}

/// `getTxnStatus`: `JsonData={MID, ORDERID, TXN_TYPE?, CHECKSUMHASH}`.
pub(super) async fn txn_status(
    State(sh): AppState,
    RawQuery(q): RawQuery,
    bytes: Bytes,
) -> Response {
    let d = json_data(&sh, &q, &bytes, &["CHECKSUMHASH"]);
    let map = d.as_ref().map(|d| d.map.clone()).unwrap_or_default();
    let (mid, order_id) = (text(&map, "MID"), text(&map, "ORDERID"));
    let fail = |code: &str, msg: &str| {
        failure(
            vec![("ORDERID", order_id.clone()), ("MID", mid.clone())],
            code,
            msg,
        )
    };
    if let Some((code, msg)) = refusal(&d) {
        return fail(code, msg);
    }
    let mut st = sh.orders();
    let k = (mid.clone(), order_id.clone());
    let Some((o, r)) = st
        .orders
        .get_mut(&k)
        .and_then(|o| report(o).map(|r| (o, r)))
    else {
        return fail("334", "Invalid Order Id.");
    };
    if let Some(key) = d.as_ref().and_then(|d| d.key.as_ref()) {
        // As the JSON API: a query that ends a pending count pushes the payment's webhook.
        super::webhook::payment(&sh.webhooks, key, o);
    }
    let msg = match r.code.as_str() {
        "01" => "Txn Successful.",
        c => instruments::resp_msg(c),
    };
    let mut fields = vec![
        ("TXNID", r.txn.txn_id),
        ("BANKTXNID", r.bank_txn_id),
        ("ORDERID", o.order_id.clone()),
        ("TXNAMOUNT", o.amount.to_string()),
        ("STATUS", r.status.to_owned()),
        ("TXNTYPE", "SALE".to_owned()),
        ("GATEWAYNAME", r.txn.gateway.to_owned()),
        ("RESPCODE", r.code.clone()),
        ("RESPMSG", msg.to_owned()),
        ("BANKNAME", r.txn.bank.to_owned()),
        ("MID", o.mid.clone()),
        ("PAYMENTMODE", r.txn.mode.to_owned()),
        ("REFUNDAMT", r.refund_amount),
        ("TXNDATE", r.txn.date),
    ];
    if let Some(v) = r.txn.vpa {
        fields.push(("VPA", v));
    }
    flat_reply(None, "", fields)
}

/// `HANDLER_INTERNAL/REFUND`: `JsonData={MID, TXNID, ORDERID, REFUNDAMOUNT, TXNTYPE, COMMENTS?,
/// REFID, CHECKSUM}`.
pub(super) async fn refund(State(sh): AppState, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    let now = sh.now();
    let d = json_data(&sh, &q, &bytes, &["CHECKSUM", "CHECKSUMHASH"]);
    let map = d.as_ref().map(|d| d.map.clone()).unwrap_or_default();
    let get = |k: &str| text(&map, k);
    let (mid, order_id, txn_id, ref_id) = (get("MID"), get("ORDERID"), get("TXNID"), get("REFID"));
    let ts = txn_date(now);
    let answer = |status: &str, code: &str, msg: &str, amounts: (String, String), id: String| {
        flat_reply(
            None,
            "",
            vec![
                ("MID", mid.clone()),
                ("TXNID", txn_id.clone()),
                ("ORDERID", order_id.clone()),
                ("TXNAMOUNT", amounts.0),
                ("REFUNDAMOUNT", amounts.1),
                ("TXNDATE", ts.clone()),
                ("RESPCODE", code.to_owned()),
                ("RESPMSG", msg.to_owned()),
                ("STATUS", status.to_owned()),
                ("REFID", ref_id.clone()),
                ("REFUNDID", id),
            ],
        )
    };
    let fail = |code: &str, msg: &str| {
        answer(
            "TXN_FAILURE",
            code,
            msg,
            (String::new(), get("REFUNDAMOUNT")),
            String::new(),
        )
    };
    if let Some((code, msg)) = refusal(&d) {
        return fail(code, msg);
    }
    if !matches!(get("TXNTYPE").as_str(), "REFUND" | "CANCEL") {
        return fail("1001", "Request parameters are not valid");
    }
    let amount = get("REFUNDAMOUNT");
    let mut st = sh.orders();
    match raise(&mut st, (&mid, &order_id), &txn_id, &ref_id, &amount, &ts) {
        Ok(r) => answer(
            "PENDING",
            "601",
            super::refund::REFUND_PENDING_MSG,
            (r.txn_amount.to_string(), r.amount.to_string()),
            r.refund_id,
        ),
        Err((code, msg)) => fail(code, msg),
    }
}

/// `HANDLER_INTERNAL/getRefundStatus`: `JsonData={MID, ORDERID, REFID, CHECKSUMHASH}`.
pub(super) async fn refund_status(
    State(sh): AppState,
    RawQuery(q): RawQuery,
    bytes: Bytes,
) -> Response {
    let now = sh.now();
    let d = json_data(&sh, &q, &bytes, &["CHECKSUMHASH", "CHECKSUM"]);
    let map = d.as_ref().map(|d| d.map.clone()).unwrap_or_default();
    let get = |k: &str| text(&map, k);
    let (mid, order_id, ref_id) = (get("MID"), get("ORDERID"), get("REFID"));
    let ids = || {
        vec![
            ("MID", mid.clone()),
            ("ORDERID", order_id.clone()),
            ("REFID", ref_id.clone()),
        ]
    };
    let fail = |code: &str, msg: &str| failure(ids(), code, msg);
    if let Some((code, msg)) = refusal(&d) {
        return fail(code, msg);
    }
    let mut st = sh.orders();
    let Some(r) = refund_report(&mut st, &(mid.clone(), order_id.clone()), &ref_id) else {
        return fail("631", "Record not found");
    };
    let (status, code, msg, total) = if r.pending {
        (
            "PENDING",
            "601",
            super::refund::REFUND_PENDING_MSG,
            "0.00".to_owned(),
        )
    } else {
        (
            "TXN_SUCCESS",
            "10",
            "Refund Successfull",
            r.amount.to_string(),
        )
    };
    let refund_date = if r.pending {
        String::new()
    } else {
        txn_date(now)
    };
    flat_reply(
        None,
        "",
        vec![
            ("TXNID", r.txn.txn_id),
            ("BANKTXNID", String::new()),
            ("ORDERID", r.order_id),
            ("TXNAMOUNT", r.txn_amount.to_string()),
            ("STATUS", status.to_owned()),
            ("GATEWAY", r.txn.gateway.to_owned()),
            ("RESPCODE", code.to_owned()),
            ("RESPMSG", msg.to_owned()),
            ("MID", r.mid),
            ("PAYMENTMODE", r.txn.mode.to_owned()),
            ("REFUNDAMOUNT", r.amount.to_string()),
            ("TOTALREFUNDAMT", total),
            ("TXNDATE", r.txn.date),
            ("REFUNDDATE", refund_date),
            ("REFUNDTYPE", "TO_SOURCE".to_owned()),
            ("REFID", r.ref_id),
            ("REFUNDID", r.refund_id),
        ],
    )
}
