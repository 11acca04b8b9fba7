//! Subscriptions (`docs/subscriptions.md`): Initiate Subscription (`/subscription/create`), the
//! mandate's authorisation, Renew, Fetch Status, Pause/Resume, Cancel and Pre-Notify, and the
//! customer's revocation (an admin hook). All signed, as core's builders send them.
//!
//! A subscription lives on the order that created it ([`Mandate`] on [`Order::mandate`]): that
//! order's txnToken is the one the customer authorises the mandate with, through Process
//! Transaction and the customer pages like any payment (a UPI collect request waits for the
//! customer at the UPI app). Until it is paused, resumed, cancelled or revoked, that payment
//! decides its state ([`Order::mandate_state`]). A renewal is a new order with one payment
//! attempt, final at once ([`instruments::renewal`] says how), that Transaction Status reports
//! like any other. The subscription status webhook is pushed on activation, pause, resume,
//! cancellation, revocation and expiry ([`super::webhook::subscription`]; Paytm's page lists
//! "authorized/canceled/activated/paused/resumed/authorization failure",
//! <https://paytmpayments.com/docs/subscription-status-webhook>; the push on expiry, a state its
//! samples show, is the sandbox's own and not confirmed).
//!
//! Two of the table's routes pass through here first ([`with_mandates`]): Process Transaction,
//! which refuses to authorise a mandate by a mode other than its `subscriptionPaymentMode`
//! ([`process`]), and the clock's advance, after which every plan taken past its expiry date
//! pushes its EXPIRED webhook ([`advance`]).
//!
//! Paytm publishes no result codes for these APIs: the success codes are the ones its samples
//! show (`3006`/SUCCESS, Renew's `900`/PENDING, Pre-Notify's `0000`/S); the refusals below are
//! the sandbox's own (`docs/sandbox.md`).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{post, MethodRouter};
use paytm_checkout::types::Amount;
use paytm_checkout::MerchantKey;
use serde_json::{json, Value};
use std::sync::Arc;

use super::initiate::open;
use super::state::{AppState, Mandate, Notice, Order, Orders, Shared, SubsState, Txn, TxnView};
use super::wire::{
    json_response, json_status, query, ri, signed_reply, str_of, txn_date, unsigned_reply, verified,
};
use crate::instruments;

/// The subscription APIs' paths (core's builders' paths) and the revocation hook.
#[rustfmt::skip]
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<Arc<Shared>>)> {
    vec![
        ("/subscription/create",         post(create)),
        ("/subscription/renew",          post(renew)),
        ("/subscription/checkStatus",    post(status)),
        ("/subscription/cancel",         post(cancel)),
        ("/subscription/status/modify",  post(modify)),
        ("/subscription/preNotify",      post(pre_notify)),
        ("/__admin/subscription/revoke", post(admin_revoke)),
    ]
}

/// The main table (`super::routes`) with Process Transaction and the clock's advance answered
/// through [`process`] and [`advance`], which hand every request on to the table's own handler.
pub(super) fn with_mandates(
    mut table: Vec<(&'static str, MethodRouter<Arc<Shared>>)>,
) -> Vec<(&'static str, MethodRouter<Arc<Shared>>)> {
    for (path, answer) in &mut table {
        match *path {
            "/theia/api/v1/processTransaction" => *answer = post(process),
            "/__admin/advance" => *answer = post(advance),
            _ => {}
        }
    }
    table
}

/// The Process Transaction `paymentMode`s that may authorise a mandate of each
/// `subscriptionPaymentMode` (Paytm's Authenticate Subscription page lists DEBIT_CARD,
/// CREDIT_CARD, BANK_MANDATE, UPI and UPI_INTENT,
/// <https://paytmpayments.com/docs/authenticate-subscription>). The sandbox's reading, not
/// confirmed: PPI is the wallet's BALANCE; NORMAL or no mode allows any; PAPER_MANDATE is
/// signed on paper, never through Process Transaction.
const MODES: &[(&str, &[&str])] = &[
    ("UPI", &["UPI", "UPI_INTENT"]),
    ("CC", &["CREDIT_CARD"]),
    ("DC", &["DEBIT_CARD"]),
    ("PPI", &["BALANCE", "WALLET"]),
    ("BANK_MANDATE", &["BANK_MANDATE"]),
    ("PAPER_MANDATE", &[]),
];

/// Process Transaction's refusal of a mandate authorised by another mode (the sandbox's code).
const WRONG_MODE: Refusal = ("3016", "Payment mode is not allowed for this subscription");

/// `POST /theia/api/v1/processTransaction`: a payment on a subscription's creation order whose
/// `paymentMode` its `subscriptionPaymentMode` does not allow ([`MODES`]) is refused
/// (`F`/[`WRONG_MODE`], nothing recorded: the token may pay again by an allowed mode);
/// everything else is Process Transaction's ([`super::process::process`]).
pub(super) async fn process(State(sh): AppState, q: RawQuery, bytes: Bytes) -> Response {
    let req: Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let token = req.pointer("/head/txnToken").and_then(Value::as_str);
    let mode = req.pointer("/body/paymentMode").and_then(Value::as_str);
    let wanted = {
        let st = sh.orders();
        let order = token.and_then(|t| st.orders.get(st.tokens.get(t)?));
        order
            .and_then(|o| o.mandate.as_ref())
            .map(|m| m.payment_mode.clone())
    };
    let allowed = |wanted: &str| {
        MODES
            .iter()
            .find(|(m, _)| *m == wanted)
            .is_none_or(|(_, modes)| mode.is_some_and(|p| modes.contains(&p)))
    };
    match wanted {
        Some(w) if !allowed(&w) => {
            let (code, msg) = WRONG_MODE;
            let b = json!({"resultInfo": ri("F", code, msg)});
            unsigned_reply(sh.now(), &b)
        }
        _ => super::process::process(State(sh), q, bytes).await,
    }
}

/// `POST /__admin/advance?ms=N` ([`super::admin::admin_advance`]), then the EXPIRED webhook of
/// every subscription the new sandbox day has taken past its expiry date ([`push_expired`]).
pub(super) async fn advance(State(sh): AppState, q: RawQuery) -> Response {
    let answer = super::admin::admin_advance(State(sh.clone()), q).await;
    push_expired(&sh, &sh.orders());
    answer
}

/// Pushes the status webhook of every subscription now EXPIRED (once each: the webhook's own
/// rule), so that a plan's expiry reaches the merchant without its asking.
fn push_expired(sh: &Shared, st: &Orders) {
    let now = txn_date(sh.now());
    for ((mid, _), order) in &st.subscriptions {
        let (Some(o), Some(key)) = (
            st.orders.get(&(mid.clone(), order.clone())),
            sh.merchants.get(mid),
        ) else {
            continue;
        };
        if matches!(o.mandate_state(&now[..10]), Some((SubsState::Expired, _))) {
            super::webhook::subscription(&sh.webhooks, key, o, &now);
        }
    }
}

/// A renewal of a UPI mandate needs a pre-debit notification at least this much earlier (RBI).
pub const PRE_NOTIFY_LEAD_MS: u64 = 24 * 3_600_000;

type Refusal = (&'static str, &'static str);

const MISSING: Refusal = ("1007", "Missing mandatory element");
const INVALID: Refusal = ("1001", "Request parameters are not valid");
const NOT_FOUND: Refusal = ("3003", "Invalid subscription id");
const DUPLICATE_ORDER: Refusal = ("325", "Duplicate Order Id.");
const NOT_ACTIVE: Refusal = ("3010", "Subscription is not active");
const PAUSED: Refusal = ("3011", "Subscription is paused");
const ABOVE_MAX: Refusal = ("3012", "Amount exceeds the subscription's maximum amount");
const NO_NOTICE: Refusal = (
    "3013",
    "No pre-debit notification of this amount at least 24 hours before the debit",
);
const NO_SUCH_CHANGE: Refusal = ("3014", "Subscription cannot be moved to this state");
const DUPLICATE_NOTICE: Refusal = ("3015", "Duplicate referenceId");

/// The frequency units Paytm's samples show.
const UNITS: &[&str] = &[
    "DAY",
    "WEEK",
    "MONTH",
    "BI_MONTHLY",
    "QUARTER",
    "SEMI_ANNUALLY",
    "YEAR",
    "ONDEMAND",
];

/// The management APIs' `resultInfo` (`status`/`code`/`message`).
fn result(status: &str, (code, message): Refusal) -> Value {
    json!({"status": status, "code": code, "message": message})
}

fn refused(r: Refusal) -> Value {
    json!({ "resultInfo": result("FAILURE", r) })
}

fn success() -> Value {
    result("SUCCESS", ("3006", "SUCCESS"))
}

/// An amount given as a JSON string or number.
fn amount_at(v: Option<&Value>) -> Option<Amount> {
    match v? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

/// `POST /subscription/create?mid=…&orderId=…`: Initiate with the subscription's members.
pub(super) async fn create(State(sh): AppState, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    let now = sh.now();
    open(&sh, q, &bytes, &|body| mandate_of(body, now).map(Some))
}

/// The subscription an Initiate Subscription body asks for, or why it is refused.
fn mandate_of(body: &Value, now: u64) -> Result<Mandate, Refusal> {
    let first = amount_at(body.pointer("/txnAmount/value")).ok_or(INVALID)?;
    let renewal = amount_at(body.get("renewalAmount"));
    let amount_type = str_of(body, "subscriptionAmountType");
    let max = match amount_type {
        "VARIABLE" => amount_at(body.get("subscriptionMaxAmount")).ok_or(MISSING)?,
        "FIX" => renewal.unwrap_or(first),
        "" => return Err(MISSING),
        _ => return Err(INVALID),
    };
    if first > max || renewal.is_some_and(|r| r > max) {
        return Err(ABOVE_MAX);
    }
    let unit = str_of(body, "subscriptionFrequencyUnit");
    let frequency = str_of(body, "subscriptionFrequency");
    if unit.is_empty() || frequency.is_empty() {
        return Err(MISSING);
    }
    if !UNITS.contains(&unit) || frequency.parse::<u32>().map_or(true, |f| f == 0) {
        return Err(INVALID);
    }
    let expiry = str_of(body, "subscriptionExpiryDate");
    let date_shaped = expiry.len() == 10
        && expiry.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !expiry.is_empty() && !date_shaped {
        return Err(INVALID);
    }
    let created = txn_date(now);
    Ok(Mandate {
        subs_id: String::new(),
        cust_id: body
            .pointer("/userInfo/custId")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        amount_type: amount_type.to_owned(),
        max_amount: max,
        frequency: frequency.to_owned(),
        frequency_unit: unit.to_owned(),
        expiry_date: expiry.to_owned(),
        payment_mode: str_of(body, "subscriptionPaymentMode").to_owned(),
        updated: created.clone(),
        created,
        changed: None,
        notices: Vec::new(),
        renewals: Vec::new(),
    })
}

/// What a management handler is given: the verified body, the MID's key, sandbox time, and the
/// key of the subscription's creation order (found for the body's MID only).
struct Call<'a> {
    body: &'a Value,
    key: &'a MerchantKey,
    now: u64,
    order: (String, String),
}

impl Call<'_> {
    fn today(&self) -> String {
        txn_date(self.now)[..10].to_owned()
    }
}

/// Verifies a management request, finds the subscription its `id_member` names (or, for
/// Fetch Status, its `custId` and `orderId`) and answers with what `act` returns, signed. An
/// unknown subscription, or another merchant's, is [`NOT_FOUND`].
fn manage(
    sh: &Shared,
    bytes: &[u8],
    id_member: &str,
    act: impl FnOnce(&Shared, &mut Orders, &Call<'_>) -> Value,
) -> Response {
    let now = sh.now();
    let (body, key) = match verified(
        sh,
        bytes,
        now,
        |_| refused(("2005", "Checksum provided is invalid")),
        refused(INVALID),
    ) {
        Ok(verified) => verified,
        Err(refusal) => return json_response(refusal),
    };
    let mut st = sh.orders();
    push_expired(sh, &st);
    let mid = str_of(&body, "mid").to_owned();
    let by_id = st
        .subscriptions
        .get(&(mid.clone(), str_of(&body, id_member).to_owned()))
        .cloned();
    let by_customer = || {
        let order = str_of(&body, "orderId").to_owned();
        st.orders
            .get(&(mid.clone(), order.clone()))
            .and_then(|o| o.mandate.as_ref())
            .filter(|m| !m.cust_id.is_empty() && m.cust_id == str_of(&body, "custId"))
            .map(|_| order)
    };
    let Some(order_id) = by_id.or_else(by_customer) else {
        return signed_reply(&key, now, &refused(NOT_FOUND));
    };
    let call = Call {
        body: &body,
        key: &key,
        now,
        order: (mid, order_id),
    };
    let answer = act(sh, &mut st, &call);
    signed_reply(&key, now, &answer)
}

/// `POST /subscription/checkStatus`: by `subsId`, or by `custId` and `orderId`.
pub(super) async fn status(State(sh): AppState, bytes: Bytes) -> Response {
    manage(&sh, &bytes, "subsId", |_, st, c| {
        st.orders
            .get(&c.order)
            .map_or_else(|| refused(NOT_FOUND), |o| status_body(st, o, &c.today()))
    })
}

/// Fetch Status's answer about the subscription order `o` created.
fn status_body(st: &Orders, o: &Order, today: &str) -> Value {
    let (Some(m), Some((state, sub))) = (&o.mandate, o.mandate_state(today)) else {
        return refused(NOT_FOUND);
    };
    let expiry = if m.expiry_date.is_empty() {
        String::new()
    } else {
        format!("{} 00:00:00", m.expiry_date)
    };
    let mode = o.txn().map_or(m.payment_mode.as_str(), |t| t.mode);
    let mut b = json!({"resultInfo": success(), "subsId": m.subs_id, "status": state.name(),
        "subStatus": sub, "amountType": m.amount_type, "maxAmount": m.max_amount.to_string(),
        "frequencyUnit": m.frequency_unit, "frequency": m.frequency, "expiryDate": expiry,
        "orderId": o.order_id, "mid": o.mid, "custId": m.cust_id, "paymentMode": mode});
    let last = m.renewals.last().and_then(|id| {
        let r = st.orders.get(&(o.mid.clone(), id.clone()))?;
        let status = match r.txn()?.view() {
            TxnView::Success => "SUCCESS",
            TxnView::Pending => "PENDING",
            TxnView::Failure(_) => "FAILURE",
        };
        Some((id, status, r.amount))
    });
    if let Some((id, status, amount)) = last {
        b["lastOrderId"] = json!(id);
        b["lastOrderStatus"] = json!(status);
        b["lastOrderAmount"] = json!(amount.to_string());
    }
    b
}

/// `POST /subscription/renew`: one collection against the mandate, as a new order. Accepted
/// (`900`) only for an active subscription, a fresh orderId, an amount within the maximum and,
/// for a UPI mandate, a pre-debit notification of at least that amount
/// [`PRE_NOTIFY_LEAD_MS`] earlier (used up unless the debit is declined). The debit's outcome
/// is Transaction Status's of that order.
pub(super) async fn renew(State(sh): AppState, bytes: Bytes) -> Response {
    manage(&sh, &bytes, "subscriptionId", |sh, st, c| {
        let order_id = str_of(c.body, "orderId");
        let answer = |status: &str, r: Refusal| {
            json!({"resultInfo": result(status, r), "subsId": str_of(c.body, "subscriptionId"),
                   "orderId": order_id})
        };
        match debit(sh, st, c) {
            Ok(txn_id) => {
                let mut b = answer("PENDING", ("900", "Subscription Txn accepted."));
                b["txnId"] = json!(txn_id);
                b
            }
            Err(r) => answer("FAILURE", r),
        }
    })
}

/// A renewal's checks and its debit: the new order's txnId, or why it is refused (nothing
/// changed).
fn debit(sh: &Shared, st: &mut Orders, c: &Call<'_>) -> Result<String, Refusal> {
    let order_id = str_of(c.body, "orderId").to_owned();
    let amount = amount_at(c.body.pointer("/txnAmount/value")).ok_or(INVALID)?;
    let k = (c.order.0.clone(), order_id.clone());
    if order_id.is_empty() {
        return Err(MISSING);
    }
    if st.orders.contains_key(&k) {
        return Err(DUPLICATE_ORDER);
    }
    let o = st.orders.get(&c.order).ok_or(NOT_FOUND)?;
    let m = o.mandate.as_ref().ok_or(NOT_FOUND)?;
    match o.mandate_state(&c.today()) {
        Some((SubsState::Active, _)) => {}
        Some((SubsState::Suspended, _)) => return Err(PAUSED),
        _ => return Err(NOT_ACTIVE),
    }
    if amount > m.max_amount {
        return Err(ABOVE_MAX);
    }
    let paid = o.txn().ok_or(NOT_ACTIVE)?;
    let notice = if paid.mode == "UPI" {
        let free = |n: &Notice| {
            n.used_by.as_ref().is_none_or(|used| {
                let r = st.orders.get(&(o.mid.clone(), used.clone()));
                r.and_then(Order::txn)
                    .is_some_and(|t| matches!(t.view(), TxnView::Failure(_)))
            })
        };
        let due = |n: &Notice| n.at.saturating_add(PRE_NOTIFY_LEAD_MS) <= c.now;
        let i = m
            .notices
            .iter()
            .position(|n| free(n) && due(n) && n.amount >= amount);
        Some(i.ok_or(NO_NOTICE)?)
    } else {
        None
    };
    let resolution = instruments::renewal(paid.vpa.as_deref(), m.renewals.len());
    let instrument = (paid.mode, paid.gateway, paid.bank);
    let (vpa, callback_url) = (paid.vpa.clone(), o.callback_url.clone());
    let mut r = Order::new(&c.order.0, &order_id, c.body.clone(), amount, c.now);
    r.callback_url = callback_url;
    r.status_tampers_left = instruments::tampered_status_responses(&amount.to_string());
    let mut t = Txn::direct(st.next_ids(txn_date(c.now)), instrument, resolution, true);
    t.vpa = vpa;
    let txn_id = t.txn_id.clone();
    r.attempts.push(t);
    super::webhook::payment(&sh.webhooks, c.key, &r);
    st.txns.insert(txn_id.clone(), k.clone());
    st.orders.insert(k, r);
    if let Some(m) = st.orders.get_mut(&c.order).and_then(|o| o.mandate.as_mut()) {
        if let Some(n) = notice.and_then(|i| m.notices.get_mut(i)) {
            n.used_by = Some(order_id.clone());
        }
        m.renewals.push(order_id);
    }
    Ok(txn_id)
}

/// Moves the subscription of `c` from one of `from` to `to` (with its subStatus), pushing the
/// status webhook of its new state; `false` (nothing changed) from any other state.
fn change(
    sh: &Shared,
    st: &mut Orders,
    c: &Call<'_>,
    from: &[SubsState],
    to: (SubsState, &'static str),
) -> bool {
    let today = c.today();
    let Some(o) = st.orders.get_mut(&c.order) else {
        return false;
    };
    let movable = o
        .mandate_state(&today)
        .is_some_and(|(s, _)| from.contains(&s));
    let Some(m) = o.mandate.as_mut().filter(|_| movable) else {
        return false;
    };
    m.changed = Some(to);
    let when = txn_date(c.now);
    m.updated = when.clone();
    super::webhook::subscription(&sh.webhooks, c.key, o, &when);
    true
}

/// The states a subscription can be cancelled or revoked from.
const LIVE: &[SubsState] = &[
    SubsState::Init,
    SubsState::InAuthorization,
    SubsState::Active,
    SubsState::Suspended,
];

/// `POST /subscription/cancel`: REJECT (MERCHANT_CANCELLED), final.
pub(super) async fn cancel(State(sh): AppState, bytes: Bytes) -> Response {
    manage(&sh, &bytes, "subsId", |sh, st, c| {
        let to = (SubsState::Reject, "MERCHANT_CANCELLED");
        if !change(sh, st, c, LIVE, to) {
            return refused(NO_SUCH_CHANGE);
        }
        json!({"resultInfo": success(), "subsId": str_of(c.body, "subsId")})
    })
}

/// `POST /subscription/status/modify`: `status` SUSPENDED pauses an active subscription, ACTIVE
/// resumes a paused one.
pub(super) async fn modify(State(sh): AppState, bytes: Bytes) -> Response {
    manage(&sh, &bytes, "subsId", |sh, st, c| {
        let (from, to) = match str_of(c.body, "status") {
            "SUSPENDED" => (SubsState::Active, (SubsState::Suspended, "SUSPENDED")),
            "ACTIVE" => (SubsState::Suspended, (SubsState::Active, "ACTIVE")),
            _ => return refused(INVALID),
        };
        if !change(sh, st, c, &[from], to) {
            return refused(NO_SUCH_CHANGE);
        }
        json!({"resultInfo": success(), "subsId": str_of(c.body, "subsId"),
               "status": to.0.name()})
    })
}

/// `POST /subscription/preNotify`: records the notification of a coming debit (an active or
/// paused subscription, an amount within the maximum, a new `referenceId`).
pub(super) async fn pre_notify(State(sh): AppState, bytes: Bytes) -> Response {
    manage(&sh, &bytes, "subsId", |_, st, c| {
        let today = c.today();
        let reference_id = str_of(c.body, "referenceId");
        let amount = amount_at(c.body.get("txnAmount"));
        let Some(o) = st.orders.get_mut(&c.order) else {
            return refused(NOT_FOUND);
        };
        let live = o
            .mandate_state(&today)
            .is_some_and(|(s, _)| matches!(s, SubsState::Active | SubsState::Suspended));
        let Some(m) = o.mandate.as_mut() else {
            return refused(NOT_FOUND);
        };
        let refusal = match amount {
            _ if reference_id.is_empty() || str_of(c.body, "txnDate").is_empty() => Some(MISSING),
            None => Some(INVALID),
            _ if !live => Some(NOT_ACTIVE),
            Some(a) if a > m.max_amount => Some(ABOVE_MAX),
            _ if m.notices.iter().any(|n| n.reference_id == reference_id) => Some(DUPLICATE_NOTICE),
            Some(amount) => {
                m.notices.push(Notice {
                    reference_id: reference_id.to_owned(),
                    amount,
                    at: c.now,
                    used_by: None,
                });
                None
            }
        };
        match refusal {
            Some(r) => refused(r),
            None => json!({"resultInfo": {"resultStatus": "S", "resultCode": "0000",
                                          "resultMsg": "Success"},
                           "subsId": m.subs_id, "referenceId": reference_id}),
        }
    })
}

/// `POST /__admin/subscription/revoke?subsId=…[&mid=…]`: the customer revokes the mandate in
/// their UPI app or bank: REJECT (USER_CANCELLED), and the status webhook. Unknown → `404`,
/// already ended → `409`.
pub(super) async fn admin_revoke(State(sh): AppState, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let subs_id = q.get("subsId").cloned().unwrap_or_default();
    let wanted_mid = q.get("mid");
    let mut st = sh.orders();
    let found = st
        .subscriptions
        .iter()
        .find(|((mid, id), _)| *id == subs_id && wanted_mid.is_none_or(|w| w == mid))
        .map(|((mid, _), order)| (mid.clone(), order.clone()));
    let error = |status, why: &str| json_status(status, json!({ "error": why }).to_string());
    let Some(order) = found else {
        return error(StatusCode::NOT_FOUND, "revoke: no such subscription");
    };
    let Some(key) = sh.merchants.get(&order.0).cloned() else {
        return error(StatusCode::NOT_FOUND, "revoke: no such merchant");
    };
    let call = Call {
        body: &Value::Null,
        key: &key,
        now: sh.now(),
        order,
    };
    let to = (SubsState::Reject, "USER_CANCELLED");
    if !change(&sh, &mut st, &call, LIVE, to) {
        return error(StatusCode::CONFLICT, "revoke: the subscription has ended");
    }
    json_response(json!({"subsId": subs_id, "status": to.0.name(), "subStatus": to.1}).to_string())
}
