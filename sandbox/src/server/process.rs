//! Process Transaction (`/theia/api/v1/processTransaction`): starts a payment attempt on an
//! order, by txnToken. What it answers depends on the payment mode: a bank redirect form (cards,
//! EMI, net banking), a UPI deep link (intent), an accepted collect request (UPI), or the final
//! result inline (wallets). The test instruments ([`instruments`]) choose how each one ends.
//!
//! Process answers are unsigned, as Paytm's are.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde_json::{json, Value};

use super::callback::callback_object;
use super::pages::{BANK_PAGE_PATH, UPI_APP_PATH};
use super::state::{AppState, Page, Txn, TxnView, TOKEN_VALIDITY_MS};
use super::wire::{query, ri, str_of, txn_date, unsigned_reply};
use crate::instruments::{self, Resolution};

/// `POST /theia/api/v1/processTransaction?mid=…&orderId=…`, authorised by `head.txnToken`.
pub(super) async fn process(State(sh): AppState, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    let now = sh.now();
    let q = query(&q);
    let reply = |status: &str, code: &str, msg: &str, retry: bool| {
        let b = json!({"resultInfo": {"resultStatus": status, "resultCode": code, "resultMsg": msg,
                                      "retry": retry}});
        unsigned_reply(now, &b)
    };
    let Ok(req) = serde_json::from_slice::<Value>(&bytes) else {
        return reply("F", "1001", "Request parameters are not valid", false);
    };
    let token = req
        .pointer("/head/txnToken")
        .and_then(Value::as_str)
        .unwrap_or("");
    let body = req.get("body").cloned().unwrap_or(Value::Null);
    // Wallets before orders (a checkout OTP login's wallet pays BALANCE).
    let mut book = sh.wallets.book();
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
            txn.vpa = Some(vpa);
            if o.mandate.is_some() {
                // A mandate's collect request: the customer approves it in the UPI app.
                txn.page = Page::UpiApp;
                let link = format!("{base}{UPI_APP_PATH}?tr={txn_id}");
                json!({"resultInfo": ri("S", "0000", "Success"), "sandboxCollectLink": link})
            } else {
                // Collect: the customer approves in their app, which the sandbox does at once.
                txn.page = Page::None;
                txn.customer_done = true;
                json!({"resultInfo": ri("S", "0000", "Success")})
            }
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
            txn.resolution = match o.native.login.as_deref() {
                // The wallet the checkout OTP logged in with this token (super::native).
                Some(phone) if mode == "BALANCE" => book.wallet(phone).debit(o.amount),
                _ => instruments::wallet(o.amount),
            };
            txn.page = Page::None;
            txn.customer_done = true;
            let info = callback_object(key.as_ref(), o, &txn);
            json!({"resultInfo": ri("S", "0000", "Success"), "txnInfo": info,
                   "callBackUrl": o.callback_url})
        }
        _ => return reply("F", "1001", "Request parameters are not valid", false),
    };
    o.attempts.push(txn);
    if let Some(key) = &key {
        // UPI collect and wallets can be final at once.
        super::webhook::payment(&sh.webhooks, key, o);
    }
    st.txns.insert(txn_id, k);
    unsigned_reply(now, &answer)
}

/// The answer for a payment completed at the bank page: the redirect form to it.
fn bank_form(base: &str, txn_id: &str) -> Value {
    json!({"resultInfo": {"resultStatus": "S", "resultCode": "0000", "resultMsg": "Success",
                          "isRedirect": false, "bankRetry": false, "retry": false},
           "bankForm": {"pageType": "redirect", "redirectForm": {
               "actionURL": format!("{base}{BANK_PAGE_PATH}"), "method": "post", "type": "redirect",
               "headers": {"Content-Type": "application/x-www-form-urlencoded"},
               "content": {"MD": txn_id, "PaReq": format!("SANDBOX-{txn_id}")}}},
           "displayField": {"amount": "", "headerText": "", "bankName": "Sandbox Bank",
                            "bankLogo": "", "descriptionText": ""},
           "isForceResendOtp": false})
}
