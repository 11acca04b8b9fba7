//! The gateway: routes, in-memory state and the sandbox clock.
//!
//! Every handler reads the raw request bytes: a request's `head.signature` is checked over the
//! exact bytes of its `body` member (found with serde_json's `RawValue`), as Paytm does, and every
//! signed response is signed over the exact body text it sends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

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

use crate::clock::{self, Clock};
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
    /// Every payment attempt, oldest first. A new one starts only after the last one failed,
    /// so the last is the order's current payment (the one Transaction Status reports); the
    /// customer pages act only on the exact attempt they were issued for.
    attempts: Vec<Txn>,
    refunds: Vec<RefundRec>,
    status_tampers_left: u32,
}

impl Order {
    /// The current payment attempt.
    fn txn(&self) -> Option<&Txn> {
        self.attempts.last()
    }
}

/// Where the customer completes a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    /// The bank OTP page (`/sandbox/bank/acs`, keyed by `MD`): cards, EMI, net banking.
    Bank,
    /// The UPI app (`/sandbox/upi/pay`, keyed by `tr`): UPI intent.
    UpiApp,
    /// Nothing to do at any page (UPI collect, wallets).
    None,
}

struct Txn {
    txn_id: String,
    bank_txn_id: String,
    /// PAYMENTMODE as the callback and status report it (CC, DC, NB, UPI, PPI …).
    mode: &'static str,
    gateway: &'static str,
    bank: &'static str,
    date: String,
    /// The page the customer finishes this payment at.
    page: Page,
    /// The customer finished (OTP posted, UPI approved, or no customer step).
    customer_done: bool,
    resolution: Resolution,
    vpa: Option<String>,
}

struct RefundRec {
    /// The payment attempt refunded (the order's successful one).
    txn_id: String,
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
        Shared {
            base,
            merchants: merchants.into_iter().collect(),
            clock: Clock::new(),
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
        if o.initiate == body && o.attempts.is_empty() {
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
            attempts: Vec::new(),
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
    if now >= o.token_issued_at.saturating_add(TOKEN_VALIDITY_MS)
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
    if let Some(t) = o.txn() {
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
        page: Page::Bank,
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
            txn.page = Page::None;
            txn.customer_done = true;
            txn.vpa = Some(vpa);
            json!({"resultInfo": ri("S", "0000", "Success")})
        }
        "UPI_INTENT" => {
            txn.page = Page::UpiApp;
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
            txn.page = Page::None;
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
    o.attempts.push(txn);
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

/// Why a customer page refuses a request. Nothing changes.
enum Refusal {
    /// No `MD` / `tr` (400).
    Missing(&'static str),
    /// No payment has this id (404).
    Unknown(&'static str),
    /// The payment ended and a newer one of the same order started (409).
    Superseded,
    /// The payment's customer step is at another page, or none (409).
    OtherPage,
    /// The payment's customer step is done (409).
    Done,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, title, why) = match self {
            Refusal::Missing(name) => (
                StatusCode::BAD_REQUEST,
                format!("Missing {name}"),
                format!("This page needs the {name} of the payment it was issued for."),
            ),
            Refusal::Unknown(name) => (
                StatusCode::NOT_FOUND,
                "Unknown transaction".to_owned(),
                format!("No payment has this {name}."),
            ),
            Refusal::Superseded => (
                StatusCode::CONFLICT,
                "Payment superseded".to_owned(),
                "This page was issued for an earlier payment of this order, which has ended; a \
                 newer payment has been started since, and this page cannot act on it."
                    .to_owned(),
            ),
            Refusal::OtherPage => (
                StatusCode::CONFLICT,
                "Not completed here".to_owned(),
                "This payment is not completed at this page (its payment mode uses another \
                 step)."
                    .to_owned(),
            ),
            Refusal::Done => (
                StatusCode::CONFLICT,
                "Already done".to_owned(),
                "This payment is no longer awaiting authentication: it was already completed."
                    .to_owned(),
            ),
        };
        html_response(
            status,
            html::page(&title, &format!("{why} Nothing was changed."), "", false),
        )
    }
}

/// The payment `id` names, if it is waiting at `page` now: the exact attempt the page was
/// issued for (never "the order's current payment"), still the order's latest, completed at
/// this page, and not finished. Otherwise why not.
fn awaiting<'a>(
    st: &'a mut Orders,
    page: Page,
    id: &str,
) -> Result<(&'a mut Order, usize), Refusal> {
    let name = if page == Page::Bank { "MD" } else { "tr" };
    if id.is_empty() {
        return Err(Refusal::Missing(name));
    }
    let o = st
        .txns
        .get(id)
        .and_then(|k| st.orders.get_mut(k))
        .ok_or(Refusal::Unknown(name))?;
    let i = o
        .attempts
        .iter()
        .position(|t| t.txn_id == id)
        .ok_or(Refusal::Unknown(name))?;
    let t = &o.attempts[i];
    if i + 1 != o.attempts.len() {
        Err(Refusal::Superseded)
    } else if t.page != page {
        Err(Refusal::OtherPage)
    } else if t.customer_done {
        Err(Refusal::Done)
    } else {
        Ok((o, i))
    }
}

/// What the customer did at a page.
struct Decision<'a> {
    /// Approve: the instrument decides the outcome; otherwise a decline with `decline_code`.
    approve: bool,
    decline_code: &'static str,
    /// The payer VPA given at the UPI app (selects the outcome as for a collect request).
    vpa: Option<&'a str>,
}

/// Completes the customer step of payment `id` at `page` and returns the callback page, or
/// refuses (see [`awaiting`]) and changes nothing.
fn complete(sh: &Shared, page: Page, id: &str, d: Decision<'_>) -> Response {
    let mut st = sh.orders();
    let (o, i) = match awaiting(&mut st, page, id) {
        Ok(found) => found,
        Err(refused) => return refused.into_response(),
    };
    let Some(key) = sh.merchants.get(&o.mid) else {
        // Orders exist only for configured merchants.
        return Refusal::Unknown("MID").into_response();
    };
    let t = &mut o.attempts[i];
    if let Some(vpa) = d.vpa {
        t.resolution = instruments::vpa(vpa);
        t.vpa = Some(vpa.to_owned());
    }
    t.customer_done = true;
    if !d.approve {
        t.resolution = Resolution {
            pending_queries: 0,
            failure: Some(d.decline_code.to_owned()),
        };
    }
    let o = &*o;
    html_response(StatusCode::OK, callback_page(key, o, &o.attempts[i]))
}

/// The page of payment `id` (bank OTP form or UPI app), or the refusal.
fn show(sh: &Shared, page: Page, id: &str) -> Response {
    let amount = {
        let mut st = sh.orders();
        match awaiting(&mut st, page, id) {
            Ok((o, _)) => o.amount.to_string(),
            Err(refused) => return refused.into_response(),
        }
    };
    let html = if page == Page::Bank {
        otp_page(&sh.base, id, &amount)
    } else {
        html::page(
            "Sandbox UPI app",
            &format!("Approve a payment of INR {amount}?"),
            &html::form(
                &format!("{}/sandbox/upi/pay", sh.base),
                &[("tr", id)],
                &[],
                &[
                    ("action", "approve", "Approve"),
                    ("action", "decline", "Decline"),
                ],
            ),
            false,
        )
    };
    html_response(StatusCode::OK, html)
}

async fn bank_get(State(sh): S, RawQuery(q): RawQuery) -> Response {
    let md = query(&q).remove("MD").unwrap_or_default();
    show(&sh, Page::Bank, &md)
}

async fn bank_post(State(sh): S, bytes: Bytes) -> Response {
    let f = form(&bytes);
    let md = f.get("MD").map(String::as_str).unwrap_or("");
    match f.get("otp") {
        // The redirect form's own content (MD, PaReq): show the OTP page.
        None => show(&sh, Page::Bank, md),
        Some(otp) => complete(
            &sh,
            Page::Bank,
            md,
            Decision {
                approve: otp == instruments::GOOD_OTP,
                decline_code: "227",
                vpa: None,
            },
        ),
    }
}

async fn upi_get(State(sh): S, RawQuery(q): RawQuery) -> Response {
    let tr = query(&q).remove("tr").unwrap_or_default();
    show(&sh, Page::UpiApp, &tr)
}

async fn upi_post(State(sh): S, bytes: Bytes) -> Response {
    let f = form(&bytes);
    let tr = f.get("tr").map(String::as_str).unwrap_or("");
    let approve = match f.get("action").map(String::as_str) {
        Some("approve") => true,
        Some("decline") => false,
        _ => {
            return html_response(
                StatusCode::BAD_REQUEST,
                html::page(
                    "Approve or decline?",
                    "The UPI app needs action=approve or action=decline. Nothing was changed.",
                    "",
                    false,
                ),
            )
        }
    };
    complete(
        &sh,
        Page::UpiApp,
        tr,
        Decision {
            approve,
            decline_code: "141",
            // Intent payments: the payer VPA (when given) selects the outcome like a collect.
            vpa: f.get("vpa").map(String::as_str),
        },
    )
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
    // Status is asked by order: Paytm reports the order's current (latest) payment.
    let Some(t) = o.attempts.last_mut() else {
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
    if o.attempts.is_empty() {
        return fail("334", "Invalid Order Id.");
    }
    // The exact attempt named by txnId, never "the order's current payment".
    let Some(t) = o.attempts.iter().find(|t| t.txn_id == txn_id) else {
        return fail("602", "Invalid txn id");
    };
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
        txn_id: txn_id.clone(),
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
        let i = o.refunds.iter().position(|r| r.ref_id == ref_id)?;
        // The attempt this refund was raised on, whatever happened to the order since.
        let txn = o
            .attempts
            .iter()
            .find(|t| t.txn_id == o.refunds[i].txn_id)?;
        let (txn_id, mode) = (txn.txn_id.clone(), txn.mode);
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
                "userCreditExpectedDate": &txn_date(now.saturating_add(5 * 86_400_000))[..10]}])
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
        sh.now().saturating_add(30 * 86_400_000)
    ))
}

async fn user_details(State(sh): S) -> Response {
    json_response(format!(
        r#"{{"id":"123456","email":"customer@example.com","mobile":7777777777,"expires":"{}"}}"#,
        sh.now().saturating_add(30 * 86_400_000)
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
    sh.clock.reset();
    json_response(format!(r#"{{"reset":true,"now":{}}}"#, sh.now()))
}

/// `400 {"error": why}`: deliberately without `now`, so that a host reading `now` from the
/// answer cannot mistake a refusal for an advance.
fn admin_refusal(why: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        json!({ "error": why }).to_string(),
    )
        .into_response()
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

async fn admin_advance(State(sh): S, RawQuery(q): RawQuery) -> Response {
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

async fn admin_clock(State(sh): S) -> Response {
    json_response(format!(r#"{{"now":{}}}"#, sh.now()))
}

async fn admin_orders(State(sh): S) -> Response {
    let st = sh.orders();
    let mut list: Vec<Value> = st
        .orders
        .values()
        .map(|o| {
            let txn_json = |t: &Txn| {
                let state = match t.view() {
                    TxnView::Pending => "PENDING".to_owned(),
                    TxnView::Success => "TXN_SUCCESS".to_owned(),
                    TxnView::Failure(c) => format!("TXN_FAILURE {c}"),
                };
                json!({"txnId": t.txn_id, "paymentMode": t.mode, "state": state,
                       "customerDone": t.customer_done})
            };
            json!({"mid": o.mid, "orderId": o.order_id, "amount": o.amount.to_string(),
                   "tokenIssuedAt": o.token_issued_at, "txn": o.txn().map(txn_json),
                   "attempts": o.attempts.iter().map(txn_json).collect::<Vec<_>>(),
                   "refunds": o.refunds.iter().map(|r| json!({"refId": r.ref_id, "txnId": r.txn_id, "amount": r.amount.to_string(),
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
