//! Payment Links (core's `api::link` paths): create, fetch, resend and expire a link, the
//! customer's page at the link's URL that pays it, and the link payment webhook.
//!
//! A link is held as an order `LINK_<linkId>` of the merchant (its Create body kept as the
//! order's input, `sandboxExpired` set by Expire Link). Its `shortUrl` is the customer's page,
//! `GET|POST` [`LINK_PAGE_PATH`]`?linkId=…`: the customer pays (a `GENERIC` link takes the
//! `amount` typed there) or declines. The payment is an ordinary UPI payment of that order
//! (Transaction Status by `LINK_<linkId>` reports it) and, once final, the link payment webhook
//! (the payment's fields, `MERC_UNQ_REF` = `LI_<linkId>`, `LINKDESCRIPTION`, map CHECKSUMHASH) is
//! pushed to the link's `statusCallbackUrl` (`http://` only), else to the merchant's webhook
//! URL. An expired link, a link past its `expiryDate` (sandbox time) or a link already paid or
//! declined cannot be paid: the page refuses and nothing changes.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use paytm_checkout::types::Amount;
use serde_json::{json, Value};

use super::callback::{callback_fields, map_checksum};
use super::payment_request::{answered, pay_answer, upi_attempt, upi_pay_page};
use super::state::{AppState, Order, Orders, Shared};
use super::wire::{
    html_response, json_response, query, signed_reply, str_of, txn_date, verified_or_f,
};
use crate::html;
use crate::push::Notification;
use paytm_checkout::api::link::{CREATE_PATH, EXPIRE_PATH, FETCH_PATH, RESEND_PATH};

/// The customer's page of a link.
pub(super) const LINK_PAGE_PATH: &str = "/sandbox/link/pay";

/// The routes of this module.
pub(super) fn routes() -> Vec<(
    &'static str,
    axum::routing::MethodRouter<std::sync::Arc<Shared>>,
)> {
    use axum::routing::{get, post};
    vec![
        (CREATE_PATH, post(link_api)),
        (FETCH_PATH, post(link_api)),
        (RESEND_PATH, post(link_api)),
        (EXPIRE_PATH, post(link_api)),
        (LINK_PAGE_PATH, get(pay_get).post(pay_post)),
    ]
}

fn li(status: &str, code: &str, msg: &str) -> Value {
    json!({"resultStatus": status, "resultCode": code, "resultMessage": msg})
}

fn order_id(link_id: u64) -> String {
    format!("LINK_{link_id}")
}

/// The link id a body or form names (a number or digits).
fn link_id_of(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// `dd/MM/yyyy[ HH:mm:ss]` as `yyyy-MM-dd HH:mm:ss` (end of day when no time), comparable
/// with [`txn_date`] as text.
fn expiry_key(e: &str) -> Option<String> {
    let (d, m, y) = (e.get(0..2)?, e.get(3..5)?, e.get(6..10)?);
    let time = e.get(11..19).unwrap_or("23:59:59");
    Some(format!("{y}-{m}-{d} {time}"))
}

/// Why a link cannot be paid now, if so.
fn closed(sh: &Shared, o: &Order) -> Option<&'static str> {
    if o.initiate.get("sandboxExpired").is_some() {
        return Some("This link was expired by the merchant.");
    }
    if !o.attempts.is_empty() {
        return Some("This link was already paid or declined.");
    }
    let expiry = expiry_key(str_of(&o.initiate, "expiryDate"));
    match expiry {
        Some(e) if txn_date(sh.now())[..19] > *e => Some("This link is past its expiry date."),
        _ => None,
    }
}

fn detail(sh: &Shared, o: &Order, link_id: u64) -> Value {
    let generic = str_of(&o.initiate, "linkType") == "GENERIC";
    let status = if o.initiate.get("sandboxExpired").is_some() {
        "EXPIRED"
    } else if !o.attempts.is_empty() {
        "PAID"
    } else if closed(sh, o).is_some() {
        "EXPIRED"
    } else {
        "ACTIVE"
    };
    let mut d = json!({"linkId": link_id, "linkType": str_of(&o.initiate, "linkType"),
        "linkName": str_of(&o.initiate, "linkName"),
        "linkDescription": str_of(&o.initiate, "linkDescription"),
        "shortUrl": format!("{}{LINK_PAGE_PATH}?linkId={link_id}", sh.base),
        "longUrl": format!("{}{LINK_PAGE_PATH}?linkId={link_id}&name={}", sh.base,
            paytm_checkout::http::form_encode([("n", str_of(&o.initiate, "linkName"))])),
        "expiryDate": str_of(&o.initiate, "expiryDate"),
        "isActive": status == "ACTIVE", "status": status, "mid": o.mid});
    if !generic {
        d["amount"] = json!(o.amount.to_string());
    }
    d
}

/// The four signed link APIs.
pub(super) async fn link_api(State(sh): AppState, uri: axum::http::Uri, bytes: Bytes) -> Response {
    let now = sh.now();
    let (body, key) = match verified_or_f(&sh, &bytes, now) {
        Ok(verified) => verified,
        Err(refusal) => return json_response(refusal),
    };
    let fail = |code: &str, msg: &str| {
        signed_reply(&key, now, &json!({"resultInfo": li("FAILED", code, msg)}))
    };
    let mid = str_of(&body, "mid").to_owned();
    let mut st = sh.orders();
    if uri.path() == CREATE_PATH {
        let generic = str_of(&body, "linkType") == "GENERIC";
        let amount = match (body.get("amount"), generic) {
            (Some(Value::Number(n)), _) => n.to_string().parse::<Amount>().ok(),
            (Some(Value::String(s)), _) => s.parse::<Amount>().ok(),
            // A generic link's amount is typed by the customer; this stands in until then.
            (None, true) => Amount::from_paise(1).ok(),
            _ => None,
        };
        let Some(amount) = amount else {
            return fail("400", "Invalid amount");
        };
        if str_of(&body, "linkName").is_empty() || str_of(&body, "linkDescription").is_empty() {
            return fail("400", "Missing mandatory element");
        }
        st.counter += 1;
        let link_id = 100_000_000 + st.counter;
        let o = Order::new(&mid, &order_id(link_id), body.clone(), amount, now);
        let mut b = detail(&sh, &o, link_id);
        b["resultInfo"] = li("SUCCESS", "200", "Payment link is created successfully");
        if let Some(r) = body.get("merchantRequestId") {
            b["merchantRequestId"] = r.clone();
        }
        st.orders.insert((mid, o.order_id.clone()), o);
        return signed_reply(&key, now, &b);
    }
    let Some(link_id) = link_id_of(body.get("linkId")) else {
        if uri.path() == FETCH_PATH {
            // A page of this merchant's links, newest first.
            let mut links: Vec<Value> = st
                .orders
                .values()
                .filter(|o| o.mid == mid && o.order_id.starts_with("LINK_"))
                .filter_map(|o| Some(detail(&sh, o, o.order_id[5..].parse().ok()?)))
                .collect();
            links.reverse();
            let b = json!({"resultInfo": li("SUCCESS", "200", "Success"), "links": links});
            return signed_reply(&key, now, &b);
        }
        return fail("400", "Missing mandatory element");
    };
    let Some(o) = st.orders.get_mut(&(mid, order_id(link_id))) else {
        return fail("404", "Link not found");
    };
    let b = match uri.path() {
        FETCH_PATH => json!({"resultInfo": li("SUCCESS", "200", "Success"),
            "links": [detail(&sh, o, link_id)]}),
        RESEND_PATH if closed(&sh, o).is_some() => return fail("409", "Link is not active"),
        RESEND_PATH => json!({"resultInfo": li("SUCCESS", "200", "Notification sent successfully"),
            "linkId": link_id}),
        _ if !o.attempts.is_empty() => return fail("409", "Link is already paid"),
        _ => {
            o.initiate["sandboxExpired"] = json!(true);
            json!({"resultInfo": li("SUCCESS", "200", "Link expired successfully"), "linkId": link_id})
        }
    };
    signed_reply(&key, now, &b)
}

type Refused = (StatusCode, &'static str, &'static str);

/// The open link the query or form names, or why it cannot be paid.
fn open_link<'a>(
    sh: &Shared,
    st: &'a mut Orders,
    fields: &std::collections::HashMap<String, String>,
) -> Result<(u64, &'a mut Order), Refused> {
    let unknown = (
        StatusCode::NOT_FOUND,
        "Unknown link",
        "No link has this id.",
    );
    let link_id: u64 = fields
        .get("linkId")
        .and_then(|s| s.parse().ok())
        .ok_or(unknown)?;
    let o = st
        .orders
        .iter_mut()
        .find(|((_, id), _)| *id == order_id(link_id))
        .map(|(_, o)| o)
        .ok_or(unknown)?;
    if let Some(why) = closed(sh, o) {
        let status = if o.attempts.is_empty() {
            StatusCode::GONE
        } else {
            StatusCode::CONFLICT
        };
        return Err((status, "Link closed", why));
    }
    Ok((link_id, o))
}

fn refusal((status, title, why): Refused) -> Response {
    html_response(
        status,
        html::page(title, &format!("{why} Nothing was changed."), "", false),
    )
}

/// `GET` [`LINK_PAGE_PATH`]`?linkId=…`: pay or decline.
pub(super) async fn pay_get(State(sh): AppState, RawQuery(q): RawQuery) -> Response {
    let fields = query(&q);
    let mut st = sh.orders();
    let (link_id, o) = match open_link(&sh, &mut st, &fields) {
        Ok(x) => x,
        Err(r) => return refusal(r),
    };
    let generic = str_of(&o.initiate, "linkType") == "GENERIC";
    let id = link_id.to_string();
    let inputs: &[(&str, &str)] = if generic {
        &[("amount", "Amount (INR)"), ("vpa", "UPI id (optional)")]
    } else {
        &[("vpa", "UPI id (optional)")]
    };
    let what = if generic {
        "an amount of your choice".to_owned()
    } else {
        format!("INR {}", o.amount)
    };
    upi_pay_page(
        "Sandbox payment link",
        &format!(
            "Pay {what} to merchant {} ({})?",
            o.mid,
            str_of(&o.initiate, "linkDescription")
        ),
        &format!("{}{LINK_PAGE_PATH}", sh.base),
        &[("linkId", id.as_str())],
        inputs,
    )
}

/// `POST` [`LINK_PAGE_PATH`] (`linkId`, `action=approve|decline`, `amount` for a generic link,
/// optionally `vpa`): the payment is made (or declined) and the link payment webhook pushed.
pub(super) async fn pay_post(State(sh): AppState, bytes: Bytes) -> Response {
    let (fields, approve, mut st, ids) = match pay_answer(&sh, &bytes) {
        Ok(a) => a,
        Err(r) => return *r,
    };
    let (link_id, o) = match open_link(&sh, &mut st, &fields) {
        Ok(x) => x,
        Err(r) => return refusal(r),
    };
    if str_of(&o.initiate, "linkType") == "GENERIC" {
        match fields.get("amount").and_then(|a| a.parse::<Amount>().ok()) {
            Some(a) => o.amount = a,
            None => {
                return refusal((
                    StatusCode::BAD_REQUEST,
                    "Amount needed",
                    "Type the amount to pay.",
                ))
            }
        }
    }
    let txn_id = upi_attempt(o, &fields, approve, ids);
    let state = o.txn().map(|t| t.view().status_and_code().0).unwrap_or("");
    webhook(&sh, o, link_id);
    let k = (o.mid.clone(), o.order_id.clone());
    st.txns.insert(txn_id, k);
    answered(
        "Payment link answered",
        &format!("The payment is {state}. The merchant is notified (webhook)."),
    )
}

/// Pushes the link payment webhook of link order `o` once its payment is final.
fn webhook(sh: &Shared, o: &Order, link_id: u64) {
    let (Some(key), Some(t)) = (sh.merchants.get(&o.mid), o.txn()) else {
        return;
    };
    if matches!(t.view(), super::state::TxnView::Pending) {
        return;
    }
    let cb = str_of(&o.initiate, "statusCallbackUrl");
    let url = if cb.starts_with("http://") {
        Some(cb.to_owned())
    } else {
        sh.webhooks.url_for(&o.mid)
    };
    let Some(url) = url else { return };
    if !sh.webhooks.first_time(&t.txn_id) {
        return;
    }
    let mut fields = callback_fields(o, t);
    fields.push(("MERC_UNQ_REF", format!("LI_{link_id}")));
    fields.push((
        "LINKDESCRIPTION",
        str_of(&o.initiate, "linkDescription").to_owned(),
    ));
    let sum = map_checksum(key, &fields);
    let body = paytm_checkout::http::form_encode(
        fields
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .chain([("CHECKSUMHASH", sum.as_str())]),
    );
    sh.webhooks.push(Notification {
        kind: "payment_link",
        order_id: o.order_id.clone(),
        url,
        content_type: "application/x-www-form-urlencoded",
        body,
    });
}
