//! The gateway: routes, in-memory state and the sandbox clock.
//!
//! Every handler reads the raw request bytes: a request's `head.signature` is checked over the
//! exact bytes of its `body` member (found with serde_json's `RawValue`), as Paytm does, and every
//! signed response is signed over the exact body text it sends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use paytm_checkout::types::Amount;
use paytm_checkout::{MerchantKey, Params};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::html;
use crate::instruments::{self, Resolution};

/// How long a txnToken is valid, in sandbox time.
pub const TOKEN_VALIDITY_MS: u64 = 15 * 60 * 1000;

/// The shared state of one running sandbox.
pub(crate) struct Shared {
    /// Where the sandbox is reachable (for the bank page URLs it hands out).
    pub base: String,
    merchants: HashMap<String, MerchantKey>,
    clock: Clock,
    state: Mutex<Orders>,
}

struct Clock {
    epoch_ms: u64,
    started: Instant,
    offset_ms: Mutex<u64>,
}

impl Clock {
    fn now(&self) -> u64 {
        let offset = *self.offset_ms.lock().unwrap_or_else(|e| e.into_inner());
        self.epoch_ms + self.started.elapsed().as_millis() as u64 + offset
    }
}

#[derive(Default)]
struct Orders {
    /// (mid, orderId) → order.
    orders: HashMap<(String, String), Order>,
    /// txnToken → (mid, orderId).
    tokens: HashMap<String, (String, String)>,
    /// txnId → (mid, orderId).
    txns: HashMap<String, (String, String)>,
    counter: u64,
}

struct Order {
    mid: String,
    order_id: String,
    /// The Initiate body as received (parsed): an identical repeat is 0002.
    initiate: Value,
    amount: Amount,
    callback_url: String,
    token: String,
    token_issued_at: u64,
    txn: Option<Txn>,
    refunds: Vec<RefundRec>,
    status_tampers_left: u32,
}

struct Txn {
    txn_id: String,
    bank_txn_id: String,
    /// PAYMENTMODE as the callback and status report it (CC, DC, NB, UPI, PPI …).
    mode: &'static str,
    gateway: &'static str,
    bank: &'static str,
    date: String,
    /// The customer finished (OTP posted, UPI approved, or no customer step).
    customer_done: bool,
    resolution: Resolution,
    vpa: Option<String>,
}

struct RefundRec {
    ref_id: String,
    refund_id: String,
    amount: Amount,
    requested_at: String,
    pending_queries: u32,
}

enum TxnView {
    Pending,
    Success,
    Failure(String),
}

impl Txn {
    fn view(&self) -> TxnView {
        if !self.customer_done || self.resolution.pending_queries > 0 {
            return TxnView::Pending;
        }
        match &self.resolution.failure {
            None => TxnView::Success,
            Some(c) => TxnView::Failure(c.clone()),
        }
    }
}

impl Shared {
    pub(crate) fn new(base: String, merchants: Vec<(String, MerchantKey)>) -> Shared {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        Shared {
            base,
            merchants: merchants.into_iter().collect(),
            clock: Clock {
                epoch_ms,
                started: Instant::now(),
                offset_ms: Mutex::new(0),
            },
            state: Mutex::new(Orders::default()),
        }
    }

    fn orders(&self) -> MutexGuard<'_, Orders> {
        // A handler never panics while holding the lock; if one did, the data is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now(&self) -> u64 {
        self.clock.now()
    }
}

type S = State<Arc<Shared>>;

/// The routes: Paytm's paths (as core's request builders produce them), the sandbox's own pages,
/// and the admin endpoints.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/theia/api/v1/initiateTransaction", post(initiate))
        .route("/theia/api/v1/processTransaction", post(process))
        .route("/v3/order/status", post(status))
        .route("/refund/apply", post(refund))
        .route("/v2/refund/status", post(refund_status))
        .route("/paymentservices/pay/consult", post(consult))
        .route("/signin/otp", post(send_otp))
        .route("/signin/validate/otp", post(validate_otp))
        .route("/user/details", get(user_details))
        .route("/oauth2/accessToken/{token}", delete(revoke))
        .route(
            paytm_checkout::api::payment_request::SEND_PATH,
            post(payment_request),
        )
        .route(
            paytm_checkout::api::payment_request::RESEND_PATH,
            post(payment_request),
        )
        .route("/sandbox/bank/acs", get(bank_get).post(bank_post))
        .route("/sandbox/upi/pay", get(upi_get).post(upi_post))
        .route("/__admin/reset", post(admin_reset))
        .route("/__admin/advance", post(admin_advance))
        .route("/__admin/clock", get(admin_clock))
        .route("/__admin/orders", get(admin_orders))
        .route("/", get(index))
        .with_state(shared)
}

// ---------------------------------------------------------------------------------------------
// helpers

fn json_response(text: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

fn html_response(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        text,
    )
        .into_response()
}

fn query(raw: &Option<String>) -> HashMap<String, String> {
    raw.as_deref()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

fn form(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn head_text(now: u64, signature: Option<&str>) -> String {
    let mut h = format!(r#"{{"responseTimestamp":"{}","version":"v1""#, now / 1000);
    if let Some(s) = signature {
        h.push_str(&format!(r#","signature":"{s}""#));
    }
    h.push('}');
    h
}

/// `{"head":{…,"signature":S},"body":BODY}`: S signs exactly the body text sent.
fn signed(key: &MerchantKey, now: u64, body: &str) -> String {
    let sig = key.generate(body.as_bytes()).unwrap_or_default();
    format!(r#"{{"head":{},"body":{body}}}"#, head_text(now, Some(&sig)))
}

fn unsigned(now: u64, body: &str) -> String {
    format!(r#"{{"head":{},"body":{body}}}"#, head_text(now, None))
}

fn ri(status: &str, code: &str, msg: &str) -> Value {
    json!({"resultStatus": status, "resultCode": code, "resultMsg": msg})
}

/// A signed JSON request, as Paytm reads it.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    head: Option<&'a RawValue>,
    #[serde(borrow)]
    body: &'a RawValue,
}

enum Checked {
    /// The body (parsed) and the raw body text, signature verified with the MID's key.
    Ok {
        body: Value,
        key: MerchantKey,
        mid: String,
    },
    /// The MID is unknown: nothing to verify or sign with.
    UnknownMid,
    /// The request is not `{head, body}` JSON, or a member is missing.
    Malformed(&'static str),
    /// The signature does not verify over the body's bytes (the MID's key, to sign the answer).
    BadSignature { key: MerchantKey, body: Value },
}

/// Verifies `head.signature` over the exact bytes of the `body` member, with the key of the
/// body's `mid` (or `mid_hint` from the query).
fn check_signed(shared: &Shared, bytes: &[u8], mid_hint: Option<&str>) -> Checked {
    let Ok(env) = serde_json::from_slice::<Envelope<'_>>(bytes) else {
        return Checked::Malformed("the request is not {\"head\":…,\"body\":…} JSON");
    };
    let raw_body = env.body.get();
    let Ok(body) = serde_json::from_str::<Value>(raw_body) else {
        return Checked::Malformed("body is not JSON");
    };
    let signature = env
        .head
        .and_then(|h| serde_json::from_str::<Value>(h.get()).ok())
        .and_then(|h| {
            h.get("signature")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
    let mid = body
        .get("mid")
        .and_then(Value::as_str)
        .or(mid_hint)
        .unwrap_or("")
        .to_owned();
    let Some(key) = shared.merchants.get(&mid).cloned() else {
        return Checked::UnknownMid;
    };
    match signature {
        Some(s) if key.verify(raw_body.as_bytes(), s.as_bytes()) => Checked::Ok { body, key, mid },
        _ => Checked::BadSignature { key, body },
    }
}

fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    if getrandom::fill(&mut b).is_err() {
        // No OS randomness: the sandbox still works, tokens are merely guessable.
        for (i, x) in b.iter_mut().enumerate() {
            *x = (i as u8).wrapping_mul(37);
        }
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `YYYY-MM-DD hh:mm:ss.0` (UTC) of a sandbox time, as Paytm formats TXNDATE.
pub fn txn_date(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.0",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

// ---------------------------------------------------------------------------------------------
// Initiate Transaction

async fn initiate(State(sh): S, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    let now = sh.now();
    let q = query(&q);
    let qmid = q.get("mid").map(String::as_str).unwrap_or("");
    let qorder = q.get("orderId").map(String::as_str).unwrap_or("");
    let (body, key, mid) = match check_signed(&sh, &bytes, Some(qmid)) {
        Checked::Ok { body, key, mid } => (body, key, mid),
        Checked::UnknownMid => {
            let b = json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid (unknown MID)")});
            return json_response(unsigned(now, &b.to_string()));
        }
        Checked::Malformed(why) => {
            let b = json!({"resultInfo": ri("F", "1001", &format!("Request parameters are not valid: {why}"))});
            return json_response(unsigned(now, &b.to_string()));
        }
        Checked::BadSignature { key, .. } => {
            let b = json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid"), "extraParamsMap": null});
            return json_response(signed(&key, now, &b.to_string()));
        }
    };
    let fail = |code: &str, msg: &str| {
        let b = json!({"resultInfo": ri("F", code, msg)});
        json_response(signed(&key, now, &b.to_string()))
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
    if order_id.is_empty()
        || str_of(&body, "websiteName").is_empty()
        || body
            .pointer("/userInfo/custId")
            .and_then(Value::as_str)
            .is_none()
    {
        return fail("1007", "Missing mandatory element");
    }
    let callback_url = match str_of(&body, "callbackUrl") {
        "" => format!("https://securegw-stage.paytm.in/theia/paytmCallback?ORDER_ID={order_id}"),
        u => u.to_owned(),
    };
    let mut st = sh.orders();
    let k = (mid.clone(), order_id.clone());
    if let Some(o) = st.orders.get(&k) {
        if o.initiate == body && o.txn.is_none() {
            let b = json!({"resultInfo": ri("S", "0002", "Success Idempotent"), "txnToken": o.token,
                           "isPromoCodeValid": false, "authenticated": false});
            return json_response(signed(&key, now, &b.to_string()));
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
            txn: None,
            refunds: Vec::new(),
            status_tampers_left: instruments::tampered_status_responses(&amount.to_string()),
        },
    );
    let b = json!({"resultInfo": ri("S", "0000", "Success"), "txnToken": token,
                   "isPromoCodeValid": false, "authenticated": false});
    json_response(signed(&key, now, &b.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Process Transaction

fn callback_fields(o: &Order, t: &Txn) -> Vec<(&'static str, String)> {
    let (status, code) = match t.view() {
        TxnView::Pending => ("PENDING", "402".to_owned()),
        TxnView::Success => ("TXN_SUCCESS", "01".to_owned()),
        TxnView::Failure(c) => ("TXN_FAILURE", c),
    };
    let bank_txn = if status == "TXN_FAILURE" {
        String::new()
    } else {
        t.bank_txn_id.clone()
    };
    let mut v = vec![
        ("ORDERID", o.order_id.clone()),
        ("MID", o.mid.clone()),
        ("TXNID", t.txn_id.clone()),
        ("TXNAMOUNT", o.amount.to_string()),
        ("PAYMENTMODE", t.mode.to_owned()),
        ("CURRENCY", "INR".to_owned()),
        ("TXNDATE", t.date.clone()),
        ("STATUS", status.to_owned()),
        ("RESPMSG", instruments::resp_msg(&code).to_owned()),
        ("RESPCODE", code),
        ("GATEWAYNAME", t.gateway.to_owned()),
        ("BANKTXNID", bank_txn),
        ("BANKNAME", t.bank.to_owned()),
    ];
    if let Some(vpa) = &t.vpa {
        v.push(("VPA", vpa.clone()));
    }
    v
}

fn map_checksum(key: &MerchantKey, fields: &[(&str, String)]) -> String {
    let mut p = Params::new();
    for (k, v) in fields {
        p.insert(*k, v.as_str());
    }
    key.generate_map(&p).unwrap_or_default()
}

async fn process(State(sh): S, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    let now = sh.now();
    let q = query(&q);
    let reply = |status: &str, code: &str, msg: &str, retry: bool| {
        let b = json!({"resultInfo": {"resultStatus": status, "resultCode": code, "resultMsg": msg,
                                      "retry": retry}});
        json_response(unsigned(now, &b.to_string()))
    };
    let Ok(req) = serde_json::from_slice::<Value>(&bytes) else {
        return reply("F", "1001", "Request parameters are not valid", false);
    };
    let token = req
        .pointer("/head/txnToken")
        .and_then(Value::as_str)
        .unwrap_or("");
    let body = req.get("body").cloned().unwrap_or(Value::Null);
    let mut st = sh.orders();
    st.counter += 1;
    let n = st.counter;
    let Some(k) = st.tokens.get(token).cloned() else {
        return reply("F", "1006", "Your Session has expired.", false);
    };
    let base = sh.base.clone();
    let Some(o) = st.orders.get_mut(&k) else {
        return reply("F", "1006", "Your Session has expired.", false);
    };
    if now >= o.token_issued_at + TOKEN_VALIDITY_MS
        || o.amount.to_string() == instruments::AMOUNT_PROCESS_1006
    {
        return reply("F", "1006", "Your Session has expired.", false);
    }
    if str_of(&body, "mid") != o.mid || q.get("mid").map(String::as_str) != Some(&o.mid) {
        return reply(
            "F",
            "2013",
            "Mid in the query param doesn't match with the Mid sent in the request",
            false,
        );
    }
    if str_of(&body, "orderId") != o.order_id
        || q.get("orderId").map(String::as_str) != Some(&o.order_id)
    {
        return reply("F", "309", "Invalid Order ID", false);
    }
    if let Some(t) = &o.txn {
        if !matches!(t.view(), TxnView::Failure(_)) {
            return reply("F", "1005", "Duplicate payment request exception", false);
        }
    }
    let date = txn_date(now);
    let txn_id = format!("{}SANDBOX{:012}", &date[..10].replace('-', ""), n);
    let bank_txn_id = format!("{:012}", 777_000_000_000u64 + n);
    let mode = str_of(&body, "paymentMode").to_owned();
    let key = sh.merchants.get(&o.mid).cloned();
    let mut txn = Txn {
        txn_id: txn_id.clone(),
        bank_txn_id,
        mode: "CC",
        gateway: "HDFC",
        bank: "HDFC Bank",
        date,
        customer_done: false,
        resolution: Resolution::success(),
        vpa: None,
    };
    let answer: Value = match mode.as_str() {
        "CREDIT_CARD" | "DEBIT_CARD" | "EMI" => {
            // cardInfo: "|number|cvv|MMYYYY" (new card); saved/token cards succeed.
            let card = str_of(&body, "cardInfo");
            let mut parts = card.split('|');
            let _saved = parts.next();
            let number = parts.next().unwrap_or("");
            let cvv = parts.next().unwrap_or("");
            if card.is_empty() {
                return reply("F", "1007", "Missing mandatory element", false);
            }
            txn.resolution = instruments::card(number, cvv);
            txn.mode = if mode == "DEBIT_CARD" { "DC" } else { "CC" };
            bank_form(&base, &txn_id)
        }
        "NET_BANKING" => {
            txn.mode = "NB";
            txn.gateway = "SBI";
            txn.bank = "State Bank of India";
            bank_form(&base, &txn_id)
        }
        "UPI" => {
            let vpa = str_of(&body, "payerAccount").to_owned();
            if vpa.is_empty() {
                return reply("F", "1007", "Missing mandatory element", false);
            }
            txn.mode = "UPI";
            txn.gateway = "PPBL";
            txn.bank = "";
            txn.resolution = instruments::vpa(&vpa);
            // Collect: the customer approves in their app, which the sandbox does at once.
            txn.customer_done = true;
            txn.vpa = Some(vpa);
            json!({"resultInfo": ri("S", "0000", "Success")})
        }
        "UPI_INTENT" => {
            txn.mode = "UPI";
            txn.gateway = "PPBL";
            txn.bank = "";
            let link = format!(
                "upi://pay?pa=paytm-sandbox@paytm&pn=Paytm%20Sandbox&am={}&cu=INR&tr={}",
                o.amount, txn_id
            );
            json!({"resultInfo": ri("S", "0000", "Success"),
                   "deepLinkInfo": {"deepLink": link, "orderId": o.order_id,
                                    "cashierRequestId": format!("CR_{n}"), "transId": txn_id}})
        }
        "BALANCE" | "WALLET" | "PAYTM_DIGITAL_CREDIT" | "PPBL" => {
            txn.mode = if mode == "PAYTM_DIGITAL_CREDIT" {
                "PAYTMCC"
            } else {
                "PPI"
            };
            txn.gateway = "WALLET";
            txn.bank = "WALLET";
            txn.resolution = instruments::wallet(o.amount);
            txn.customer_done = true;
            let fields = callback_fields(o, &txn);
            let mut info = serde_json::Map::new();
            for (k, v) in &fields {
                info.insert((*k).to_owned(), Value::String(v.clone()));
            }
            if let Some(key) = &key {
                info.insert(
                    "CHECKSUMHASH".to_owned(),
                    Value::String(map_checksum(key, &fields)),
                );
            }
            json!({"resultInfo": ri("S", "0000", "Success"), "txnInfo": info,
                   "callBackUrl": o.callback_url})
        }
        _ => return reply("F", "1001", "Request parameters are not valid", false),
    };
    o.txn = Some(txn);
    st.txns.insert(txn_id, k);
    json_response(unsigned(now, &answer.to_string()))
}

fn bank_form(base: &str, txn_id: &str) -> Value {
    json!({"resultInfo": {"resultStatus": "S", "resultCode": "0000", "resultMsg": "Success",
                          "isRedirect": false, "bankRetry": false, "retry": false},
           "bankForm": {"pageType": "redirect", "redirectForm": {
               "actionURL": format!("{base}/sandbox/bank/acs"), "method": "post", "type": "redirect",
               "headers": {"Content-Type": "application/x-www-form-urlencoded"},
               "content": {"MD": txn_id, "PaReq": format!("SANDBOX-{txn_id}")}}},
           "displayField": {"amount": "", "headerText": "", "bankName": "Sandbox Bank",
                            "bankLogo": "", "descriptionText": ""},
           "isForceResendOtp": false})
}

// ---------------------------------------------------------------------------------------------
// The bank OTP page and the UPI app page

fn otp_page(base: &str, txn_id: &str, amount: &str) -> String {
    html::page(
        "Sandbox Bank: enter the OTP",
        &format!(
            "Paying INR {amount}. OTP {} completes the payment; any other OTP declines it.",
            instruments::GOOD_OTP
        ),
        &html::form(
            &format!("{base}/sandbox/bank/acs"),
            &[("MD", txn_id)],
            &[("otp", "One-time password")],
            &[("action", "submit", "Pay")],
        ),
        false,
    )
}

fn callback_page(key: &MerchantKey, o: &Order, t: &Txn) -> String {
    let fields = callback_fields(o, t);
    let sum = map_checksum(key, &fields);
    let mut hidden: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    hidden.push(("CHECKSUMHASH", &sum));
    html::page(
        "Returning to the merchant",
        "This page posts the payment result to the merchant's callbackUrl.",
        &html::form(&o.callback_url, &hidden, &[], &[("", "", "Continue")]),
        true,
    )
}

/// Completes the customer step of `txn_id` (`approve`: as the instrument says; otherwise a
/// decline with `decline_code`) and returns the callback page.
fn complete(sh: &Shared, txn_id: &str, approve: bool, decline_code: &str) -> Response {
    let mut st = sh.orders();
    let Some(k) = st.txns.get(txn_id).cloned() else {
        return html_response(
            StatusCode::NOT_FOUND,
            html::page(
                "Unknown transaction",
                "No such payment is waiting.",
                "",
                false,
            ),
        );
    };
    let Some(o) = st.orders.get_mut(&k) else {
        return html_response(StatusCode::NOT_FOUND, String::new());
    };
    let Some(key) = sh.merchants.get(&o.mid) else {
        return html_response(StatusCode::NOT_FOUND, String::new());
    };
    let Some(t) = o.txn.as_mut() else {
        return html_response(StatusCode::NOT_FOUND, String::new());
    };
    if t.customer_done {
        return html_response(
            StatusCode::CONFLICT,
            html::page(
                "Already done",
                "This payment was already completed.",
                "",
                false,
            ),
        );
    }
    t.customer_done = true;
    if !approve {
        t.resolution = Resolution {
            pending_queries: 0,
            failure: Some(decline_code.to_owned()),
        };
    }
    let o = &*o;
    let Some(t) = o.txn.as_ref() else {
        return html_response(StatusCode::NOT_FOUND, String::new());
    };
    html_response(StatusCode::OK, callback_page(key, o, t))
}

fn amount_of(sh: &Shared, txn_id: &str) -> Option<String> {
    let st = sh.orders();
    let k = st.txns.get(txn_id)?;
    st.orders.get(k).map(|o| o.amount.to_string())
}

async fn bank_get(State(sh): S, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let md = q.get("MD").cloned().unwrap_or_default();
    match amount_of(&sh, &md) {
        Some(a) => html_response(StatusCode::OK, otp_page(&sh.base, &md, &a)),
        None => html_response(
            StatusCode::NOT_FOUND,
            html::page(
                "Unknown transaction",
                "No such payment is waiting.",
                "",
                false,
            ),
        ),
    }
}

async fn bank_post(State(sh): S, bytes: Bytes) -> Response {
    let f = form(&bytes);
    let md = f.get("MD").cloned().unwrap_or_default();
    match f.get("otp") {
        None => bank_get(State(sh), RawQuery(Some(format!("MD={md}")))).await,
        Some(otp) => complete(&sh, &md, otp == instruments::GOOD_OTP, "227"),
    }
}

async fn upi_get(State(sh): S, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let tr = q.get("tr").cloned().unwrap_or_default();
    let Some(a) = amount_of(&sh, &tr) else {
        return html_response(StatusCode::NOT_FOUND, String::new());
    };
    html_response(
        StatusCode::OK,
        html::page(
            "Sandbox UPI app",
            &format!("Approve a payment of INR {a}?"),
            &html::form(
                &format!("{}/sandbox/upi/pay", sh.base),
                &[("tr", &tr)],
                &[],
                &[
                    ("action", "approve", "Approve"),
                    ("action", "decline", "Decline"),
                ],
            ),
            false,
        ),
    )
}

async fn upi_post(State(sh): S, bytes: Bytes) -> Response {
    let f = form(&bytes);
    let tr = f.get("tr").cloned().unwrap_or_default();
    let approve = f.get("action").map(String::as_str) != Some("decline");
    // Intent payments: the payer VPA (when given) selects the outcome like a collect request.
    if let Some(vpa) = f.get("vpa") {
        let mut st = sh.orders();
        if let Some(k) = st.txns.get(&tr).cloned() {
            if let Some(t) = st.orders.get_mut(&k).and_then(|o| o.txn.as_mut()) {
                if !t.customer_done {
                    t.resolution = instruments::vpa(vpa);
                    t.vpa = Some(vpa.clone());
                }
            }
        }
    }
    complete(&sh, &tr, approve, "141")
}

// ---------------------------------------------------------------------------------------------
// Transaction Status

async fn status(State(sh): S, bytes: Bytes) -> Response {
    let now = sh.now();
    let (body, key) = match check_signed(&sh, &bytes, None) {
        Checked::Ok { body, key, .. } => (body, key),
        Checked::BadSignature { key, .. } => {
            let b = json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid")});
            return json_response(signed(&key, now, &b.to_string()));
        }
        Checked::UnknownMid | Checked::Malformed(_) => {
            let b = json!({"resultInfo": ri("F", "1001", "Request parameters are not valid")});
            return json_response(unsigned(now, &b.to_string()));
        }
    };
    let k = (
        str_of(&body, "mid").to_owned(),
        str_of(&body, "orderId").to_owned(),
    );
    let mut st = sh.orders();
    let not_found = || {
        let b = json!({"resultInfo": ri("F", "334", "Invalid Order Id.")});
        json_response(signed(&key, now, &b.to_string()))
    };
    let Some(o) = st.orders.get_mut(&k) else {
        return not_found();
    };
    let Some(t) = o.txn.as_mut() else {
        // Initiated, never paid: Paytm knows no transaction.
        return not_found();
    };
    let view = t.view();
    if matches!(view, TxnView::Pending)
        && t.customer_done
        && t.resolution.pending_queries != u32::MAX
    {
        t.resolution.pending_queries -= 1;
    }
    let t = &*t;
    let (rs, code) = match view {
        TxnView::Pending => ("PENDING", "402".to_owned()),
        TxnView::Success => ("TXN_SUCCESS", "01".to_owned()),
        TxnView::Failure(c) => ("TXN_FAILURE", c),
    };
    let refunded: u64 = o
        .refunds
        .iter()
        .filter(|r| r.pending_queries == 0)
        .map(|r| r.amount.paise())
        .sum();
    let refund_amt = Amount::from_paise(refunded)
        .map(|a| a.to_string())
        .unwrap_or_else(|_| "0.00".to_owned());
    let mut b = json!({"resultInfo": ri(rs, &code, instruments::resp_msg(&code)),
        "txnId": t.txn_id, "bankTxnId": if rs == "TXN_FAILURE" { "" } else { t.bank_txn_id.as_str() },
        "orderId": o.order_id, "txnAmount": o.amount.to_string(), "txnType": "SALE",
        "gatewayName": t.gateway, "bankName": t.bank, "mid": o.mid, "paymentMode": t.mode,
        "refundAmt": refund_amt, "txnDate": t.date});
    if let Some(v) = &t.vpa {
        b["vpa"] = Value::String(v.clone());
    }
    let text = b.to_string();
    let mut out = signed(&key, now, &text);
    if o.status_tampers_left > 0 {
        if o.status_tampers_left != u32::MAX {
            o.status_tampers_left -= 1;
        }
        // After signing: the first digit of the amount changes (666.00 → 966.00).
        let amount = format!("\"txnAmount\":\"{}\"", o.amount);
        let forged = format!("\"txnAmount\":\"9{}\"", &o.amount.to_string()[1..]);
        out = out.replacen(&amount, &forged, 1);
    }
    json_response(out)
}

// ---------------------------------------------------------------------------------------------
// Refund and Refund Status

async fn refund(State(sh): S, bytes: Bytes) -> Response {
    let now = sh.now();
    let (body, key) = match check_signed(&sh, &bytes, None) {
        Checked::Ok { body, key, .. } => (body, key),
        Checked::BadSignature { key, body } => {
            let b = json!({"orderId": str_of(&body, "orderId"), "mid": str_of(&body, "mid"),
                           "refId": str_of(&body, "refId"),
                           "resultInfo": ri("TXN_FAILURE", "2005", "Checksum provided is invalid")});
            return json_response(signed(&key, now, &b.to_string()));
        }
        Checked::UnknownMid | Checked::Malformed(_) => {
            let b = json!({"resultInfo": ri("TXN_FAILURE", "1001", "Request parameters are not valid")});
            return json_response(unsigned(now, &b.to_string()));
        }
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
        json_response(signed(&key, now, &b.to_string()))
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
    let Some(t) = &o.txn else {
        return fail("334", "Invalid Order Id.");
    };
    if t.txn_id != txn_id {
        return fail("602", "Invalid txn id");
    }
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
        ref_id: ref_id.clone(),
        refund_id: refund_id.clone(),
        amount,
        requested_at: ts.clone(),
        pending_queries: 1,
    });
    answer(
        "601",
        "Refund request was raised for this transaction. But it is pending state",
        "PENDING",
        &refund_id,
        &amount.to_string(),
    )
}

async fn refund_status(State(sh): S, bytes: Bytes) -> Response {
    let now = sh.now();
    let (body, key) = match check_signed(&sh, &bytes, None) {
        Checked::Ok { body, key, .. } => (body, key),
        Checked::BadSignature { key, .. } => {
            let b = json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid")});
            return json_response(signed(&key, now, &b.to_string()));
        }
        Checked::UnknownMid | Checked::Malformed(_) => {
            let b = json!({"resultInfo": ri("F", "1001", "Request parameters are not valid")});
            return json_response(unsigned(now, &b.to_string()));
        }
    };
    let k = (
        str_of(&body, "mid").to_owned(),
        str_of(&body, "orderId").to_owned(),
    );
    let ref_id = str_of(&body, "refId");
    let mut st = sh.orders();
    let found = st.orders.get_mut(&k).and_then(|o| {
        let txn = o.txn.as_ref()?;
        let (txn_id, mode) = (txn.txn_id.clone(), txn.mode);
        let i = o.refunds.iter().position(|r| r.ref_id == ref_id)?;
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
        return json_response(signed(&key, now, &b.to_string()));
    };
    let pending = r.pending_queries > 0;
    if pending {
        r.pending_queries -= 1;
    }
    let (info, total) = if pending {
        (
            ri(
                "PENDING",
                "601",
                "Refund request was raised for this transaction. But it is pending state",
            ),
            "0.00".to_owned(),
        )
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
                "userCreditExpectedDate": &txn_date(now + 5 * 86_400_000)[..10]}])
    };
    let b = json!({"source": "MERCHANT", "txnId": txn_id, "orderId": order_id,
                   "txnAmount": txn_amount.to_string(), "mid": mid,
                   "refundAmount": r.amount.to_string(), "txnTimestamp": r.requested_at,
                   "totalRefundAmount": total, "refId": r.ref_id, "refundId": r.refund_id,
                   "merchantRefundRequestTimestamp": r.requested_at,
                   "resultInfo": info, "refundDetailInfoList": details});
    json_response(signed(&key, now, &b.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Auto-debit (account linking, consult) and payment requests: stateless stand-ins.

/// The OTP the sandbox's OAuth `signin/validate/otp` accepts.
pub const OAUTH_OTP: &str = "489871";

async fn send_otp(State(sh): S, bytes: Bytes) -> Response {
    let _ = sh;
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if str_of(&v, "phone").is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"FAILURE","responseCode":"431","message":"Invalid Mobile"}"#,
        )
            .into_response();
    }
    json_response(format!(
        r#"{{"status":"SUCCESS","responseCode":"01","state":"{}"}}"#,
        random_hex(16)
    ))
}

async fn validate_otp(State(sh): S, bytes: Bytes) -> Response {
    let f = form(&bytes);
    let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let otp = f
        .get("otp")
        .cloned()
        .unwrap_or_else(|| str_of(&v, "otp").to_owned());
    if otp != OAUTH_OTP {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"FAILURE","responseCode":"403","message":"Invalid Otp"}"#,
        )
            .into_response();
    }
    json_response(format!(
        r#"{{"access_token":"{}","expires":{},"scope":"wallet","resourceOwnerId":"123456"}}"#,
        random_hex(16),
        sh.now() + 30 * 86_400_000
    ))
}

async fn user_details(State(sh): S) -> Response {
    json_response(format!(
        r#"{{"id":"123456","email":"customer@example.com","mobile":7777777777,"expires":"{}"}}"#,
        sh.now() + 30 * 86_400_000
    ))
}

async fn revoke(Path(_token): Path<String>) -> Response {
    StatusCode::OK.into_response()
}

async fn consult(State(sh): S, bytes: Bytes) -> Response {
    let now = sh.now();
    let (body, key) = match check_signed(&sh, &bytes, None) {
        Checked::Ok { body, key, .. } => (body, key),
        Checked::BadSignature { key, .. } => {
            let b = json!({"resultInfo": ri("FAILURE", "GE_1", "Unauthorized Access")});
            return json_response(signed(&key, now, &b.to_string()));
        }
        _ => {
            let b = json!({"resultInfo": ri("FAILURE", "CS_0001", "Invalid request/ requestBody received.")});
            return json_response(unsigned(now, &b.to_string()));
        }
    };
    let amount = body
        .get("txnAmount")
        .and_then(|a| {
            a.as_str()
                .map(str::to_owned)
                .or_else(|| a.get("value").and_then(Value::as_str).map(str::to_owned))
        })
        .and_then(|a| a.parse::<Amount>().ok());
    let Some(amount) = amount else {
        let b = json!({"resultInfo": ri("FAILURE", "CS_0004", "Invalid amount received.")});
        return json_response(signed(&key, now, &b.to_string()));
    };
    let deficit = amount
        .paise()
        .saturating_sub(instruments::WALLET_BALANCE_PAISE);
    let b = json!({"fundsSufficient": deficit == 0, "addMoneyAllowed": deficit > 0,
                   "deficitAmount": Amount::from_paise(deficit).map(|a| a.to_string()).unwrap_or_default(),
                   "resultInfo": ri("SUCCESS", "CS_0000", "Request served successfully.")});
    json_response(signed(&key, now, &b.to_string()))
}

async fn payment_request(State(sh): S, bytes: Bytes) -> Response {
    let now = sh.now();
    match check_signed(&sh, &bytes, None) {
        Checked::Ok { key, .. } => {
            let b = json!({"resultInfo": ri("S", "0000", "Success")});
            json_response(signed(&key, now, &b.to_string()))
        }
        Checked::BadSignature { key, .. } => {
            let b = json!({"resultInfo": ri("F", "2005", "Checksum provided is invalid")});
            json_response(signed(&key, now, &b.to_string()))
        }
        _ => {
            let b = json!({"resultInfo": ri("F", "1001", "Request parameters are not valid")});
            json_response(unsigned(now, &b.to_string()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Admin

async fn admin_reset(State(sh): S) -> Response {
    *sh.orders() = Orders::default();
    *sh.clock.offset_ms.lock().unwrap_or_else(|e| e.into_inner()) = 0;
    json_response(format!(r#"{{"reset":true,"now":{}}}"#, sh.now()))
}

async fn admin_advance(State(sh): S, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let Some(ms) = q.get("ms").and_then(|m| m.parse::<u64>().ok()) else {
        return (
            StatusCode::BAD_REQUEST,
            "advance: ?ms=<milliseconds> required\n",
        )
            .into_response();
    };
    {
        let mut off = sh.clock.offset_ms.lock().unwrap_or_else(|e| e.into_inner());
        *off = off.saturating_add(ms);
    }
    json_response(format!(r#"{{"now":{}}}"#, sh.now()))
}

async fn admin_clock(State(sh): S) -> Response {
    json_response(format!(r#"{{"now":{}}}"#, sh.now()))
}

async fn admin_orders(State(sh): S) -> Response {
    let st = sh.orders();
    let mut list: Vec<Value> = st
        .orders
        .values()
        .map(|o| {
            let txn = o.txn.as_ref().map(|t| {
                let state = match t.view() {
                    TxnView::Pending => "PENDING".to_owned(),
                    TxnView::Success => "TXN_SUCCESS".to_owned(),
                    TxnView::Failure(c) => format!("TXN_FAILURE {c}"),
                };
                json!({"txnId": t.txn_id, "paymentMode": t.mode, "state": state,
                       "customerDone": t.customer_done})
            });
            json!({"mid": o.mid, "orderId": o.order_id, "amount": o.amount.to_string(),
                   "tokenIssuedAt": o.token_issued_at, "txn": txn,
                   "refunds": o.refunds.iter().map(|r| json!({"refId": r.ref_id, "amount": r.amount.to_string(),
                       "state": if r.pending_queries > 0 { "PENDING" } else { "TXN_SUCCESS" }})).collect::<Vec<_>>()})
        })
        .collect();
    list.sort_by(|a, b| a["orderId"].as_str().cmp(&b["orderId"].as_str()));
    json_response(json!({"now": sh.now(), "orders": list}).to_string())
}

async fn index(State(sh): S) -> Response {
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

#[cfg(test)]
mod tests {
    #[test]
    fn txn_dates_are_utc_civil_dates() {
        assert_eq!(super::txn_date(1_700_000_000_000), "2023-11-14 22:13:20.0");
        assert_eq!(super::txn_date(0), "1970-01-01 00:00:00.0");
        assert_eq!(super::txn_date(951_782_400_000), "2000-02-29 00:00:00.0");
    }
}
