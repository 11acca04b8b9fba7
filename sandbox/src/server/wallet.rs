//! Paytm wallets (`spec/auto-debit.md`): the test customers and their balances, the OAuth states
//! and access tokens that link them, Add Money (the signed form to `/theia/processTransaction`,
//! the sandbox's wallet page, the signed callback) and Withdraw (`/order/directPay`).
//!
//! The wallets themselves are [`super::wallets::Wallets`], their own lock. A handler that needs both takes the wallets first and the orders
//! second; nothing takes them the other way round.
//!
//! A withdrawal and an add-money payment are recorded as orders (one payment attempt each), so
//! Transaction Status (also the legacy `getTxnStatus`), refunds and the admin listing see them
//! like any other payment.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use paytm_checkout::types::{is_customer_id, Amount};
use paytm_checkout::{MerchantKey, Params};
use serde_json::{json, Value};

use super::callback::callback_page;
use super::legacy::{flat_reply, json_data, JsonData};
use super::state::{AppState, Order, Shared, Txn};
use super::wallets::rupees;
use super::wire::{form, html_response, json_response, txn_date};
use crate::html;
use crate::instruments::{self, Resolution};

/// Where the customer approves or declines an add-money payment.
pub(crate) const WALLET_PAGE_PATH: &str = "/sandbox/wallet/add-money";

/// `GET /__admin/wallets`: every wallet's balance and whether add money is allowed.
pub(super) async fn admin_wallets(State(sh): AppState) -> Response {
    let book = sh.wallets.book();
    let list: Vec<Value> = book
        .wallets
        .iter()
        .map(|(phone, w)| {
            json!({"phone": phone, "balance": rupees(w.balance_paise),
                   "addMoneyAllowed": w.add_money_allowed})
        })
        .collect();
    json_response(json!({ "wallets": list }).to_string())
}

/// The next payment attempt's ids (see [`super::state::Orders::next_ids`]).
fn next_ids(sh: &Shared, now: u64) -> (String, String, String) {
    sh.orders().next_ids(txn_date(now))
}

/// An order with one wallet payment attempt (PAYMENTMODE `PPI`).
fn wallet_order(
    mid: &str,
    order_id: &str,
    amount: Amount,
    callback_url: String,
    ids: (String, String, String),
    resolution: Resolution,
    customer_done: bool,
) -> Order {
    let mut o = Order::new(mid, order_id, Value::Null, amount, 0);
    o.callback_url = callback_url;
    let wallet = ("PPI", "WALLET", "WALLET");
    o.attempts
        .push(Txn::direct(ids, wallet, resolution, customer_done));
    o
}

/// A page the customer sees instead of the wallet (the form was refused).
fn refused_page(status: StatusCode, why: &str) -> Response {
    html_response(
        status,
        html::page(
            "Add money refused",
            why,
            "<p>Nothing was charged.</p>",
            false,
        ),
    )
}

/// `POST /theia/processTransaction` with `REQUEST_TYPE=ADD_MONEY`: the signed form (checked in
/// map mode); answers the wallet page where the customer approves the top-up.
pub(super) async fn add_money(State(sh): AppState, bytes: Bytes) -> Response {
    let now = sh.now();
    let f = form(&bytes);
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    if get("REQUEST_TYPE") != "ADD_MONEY" {
        return refused_page(
            StatusCode::BAD_REQUEST,
            "The sandbox serves REQUEST_TYPE=ADD_MONEY here (auto-debit's Add Money).",
        );
    }
    let mid = get("MID").to_owned();
    let Some(key) = sh.merchants.get(&mid).cloned() else {
        return refused_page(StatusCode::BAD_REQUEST, "Unknown MID.");
    };
    let mut params = Params::new();
    for (k, v) in &f {
        if k != "CHECKSUMHASH" {
            params.insert(k.as_str(), v.as_str());
        }
    }
    if !key.verify_map(&params, get("CHECKSUMHASH")) {
        return refused_page(StatusCode::BAD_REQUEST, "Checksum provided is invalid.");
    }
    let order_id = get("ORDER_ID").to_owned();
    let Ok(amount) = get("TXN_AMOUNT").parse::<Amount>() else {
        return refused_page(StatusCode::BAD_REQUEST, "Txn amount is invalid.");
    };
    if order_id.is_empty() || amount.paise() == 0 || !is_customer_id(get("CUST_ID")) {
        return refused_page(
            StatusCode::BAD_REQUEST,
            "ORDER_ID, a non-zero TXN_AMOUNT and a valid CUST_ID are required.",
        );
    }
    let mut book = sh.wallets.book();
    let Some(phone) = book.holder(get("SSO_TOKEN"), now) else {
        return refused_page(
            StatusCode::UNAUTHORIZED,
            "Authorization failed: invalid SSO_TOKEN.",
        );
    };
    if !book.wallet(&phone).add_money_allowed {
        return refused_page(
            StatusCode::FORBIDDEN,
            "Add money is not allowed for this wallet.",
        );
    }
    let callback_url = match get("CALLBACK_URL") {
        "" => format!("https://securegw-stage.paytm.in/theia/paytmCallback?ORDER_ID={order_id}"),
        u => u.to_owned(),
    };
    let ids = next_ids(&sh, now);
    let k = (mid.clone(), order_id.clone());
    {
        let mut st = sh.orders();
        if st.orders.contains_key(&k) {
            return refused_page(StatusCode::CONFLICT, "Duplicate order id.");
        }
        st.txns.insert(ids.0.clone(), k.clone());
        let o = wallet_order(
            &mid,
            &order_id,
            amount,
            callback_url,
            ids,
            Resolution::success(),
            false,
        );
        st.orders.insert(k.clone(), o);
    }
    book.add_money.insert(k, phone.clone());
    let body = html::form(
        &format!("{}{WALLET_PAGE_PATH}", sh.base),
        &[("MID", &mid), ("ORDER_ID", &order_id)],
        &[],
        &[
            ("action", "approve", "Add money"),
            ("action", "decline", "Cancel"),
        ],
    );
    html_response(
        StatusCode::OK,
        html::page(
            "Paytm wallet: add money",
            &format!("Add ₹{amount} to the wallet of {phone}."),
            &body,
            false,
        ),
    )
}

/// `POST /sandbox/wallet/add-money` (`MID`, `ORDER_ID`, `action=approve|decline`): credits the
/// wallet (approve) and answers the page that posts the signed callback to CALLBACK_URL.
pub(super) async fn wallet_page_post(State(sh): AppState, bytes: Bytes) -> Response {
    let f = form(&bytes);
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let k = (get("MID"), get("ORDER_ID"));
    let approve = get("action") == "approve";
    let mut book = sh.wallets.book();
    let Some(phone) = book.add_money.get(&k).cloned() else {
        return refused_page(
            StatusCode::NOT_FOUND,
            "No add-money payment of this MID and ORDER_ID.",
        );
    };
    let Some(key) = sh.merchants.get(&k.0) else {
        return refused_page(StatusCode::NOT_FOUND, "Unknown MID.");
    };
    let mut st = sh.orders();
    let Some(o) = st.orders.get_mut(&k) else {
        return refused_page(StatusCode::NOT_FOUND, "No such order.");
    };
    let Some(t) = o.attempts.last_mut() else {
        return refused_page(StatusCode::NOT_FOUND, "No such payment.");
    };
    if t.customer_done {
        return refused_page(
            StatusCode::CONFLICT,
            "This add-money payment is already finished.",
        );
    }
    t.customer_done = true;
    if approve {
        let w = book.wallet(&phone);
        match w.balance_paise.checked_add(o.amount.paise()) {
            Some(b) => w.balance_paise = b,
            None => t.resolution.failure = Some("501".to_owned()),
        }
    } else {
        t.resolution.failure = Some("141".to_owned());
    }
    let o = &*o;
    html_response(StatusCode::OK, callback_page(key, o, &o.attempts[0]))
}

/// Withdraw's answer: the flat JSON, signed with `CheckSum` in map mode when the key is known.
fn withdraw_reply(key: Option<&MerchantKey>, fields: Vec<(&str, String)>) -> Response {
    flat_reply(key, "CheckSum", fields)
}

/// `POST /order/directPay` (`JsonData`, in the form, the query or as the body): debits the
/// wallet of the user `SSOToken` names.
pub(super) async fn withdraw(State(sh): AppState, RawQuery(q): RawQuery, bytes: Bytes) -> Response {
    let now = sh.now();
    let Some(JsonData {
        map,
        key,
        checksum_ok,
    }) = json_data(&sh, &q, &bytes, &["CheckSum", "checkSum", "CHECKSUMHASH"])
    else {
        return withdraw_reply(
            None,
            vec![
                ("Status", "TXN_FAILURE".into()),
                ("ResponseCode", "1001".into()),
                ("ResponseMessage", "Request parameters are not valid".into()),
            ],
        );
    };
    let get = |k: &str| map.get(k).cloned().unwrap_or_default();
    let (mid, order_id, amount_text) = (get("MID"), get("OrderId"), get("TxnAmount"));
    let fail = |code: &str, msg: &str| {
        withdraw_reply(
            key.as_ref(),
            vec![
                ("MID", mid.clone()),
                ("OrderId", order_id.clone()),
                ("TxnAmount", amount_text.clone()),
                ("Status", "TXN_FAILURE".into()),
                ("ResponseCode", code.into()),
                ("ResponseMessage", msg.into()),
                ("PaymentMode", "PPI".into()),
            ],
        )
    };
    if key.is_none() {
        return fail("1001", "Request parameters are not valid");
    }
    if !checksum_ok {
        return fail("330", "Paytm checksum mismatch.");
    }
    let Ok(amount) = amount_text.parse::<Amount>() else {
        return fail("2007", "Txn amount is invalid");
    };
    if order_id.is_empty()
        || amount.paise() == 0
        || get("ReqType") != "WITHDRAW"
        || !is_customer_id(&get("CustId"))
    {
        return fail("1001", "Request parameters are not valid");
    }
    let mut book = sh.wallets.book();
    let Some(phone) = book.holder(&get("SSOToken"), now) else {
        return fail("2004", "SSO Token is invalid");
    };
    let k = (mid.clone(), order_id.clone());
    if sh.orders().orders.contains_key(&k) {
        return fail("325", "Duplicate order id.");
    }
    let resolution = book.wallet(&phone).debit(amount);
    let ids = next_ids(&sh, now);
    let mut st = sh.orders();
    st.txns.insert(ids.0.clone(), k.clone());
    let o = wallet_order(
        &mid,
        &order_id,
        amount,
        String::new(),
        ids,
        resolution,
        true,
    );
    let t = &o.attempts[0];
    let (status, code) = t.view().status_and_code();
    let code_msg = match code.as_str() {
        "01" => "Txn Successful.",
        c => instruments::resp_msg(c),
    };
    let reply = withdraw_reply(
        key.as_ref(),
        vec![
            ("TxnId", t.txn_id.clone()),
            ("MID", mid.clone()),
            ("OrderId", order_id.clone()),
            ("TxnAmount", amount.to_string()),
            ("BankTxnId", t.bank_txn_id_for(status).to_owned()),
            ("ResponseCode", code.clone()),
            ("ResponseMessage", code_msg.to_owned()),
            ("Status", status.to_owned()),
            ("PaymentMode", "PPI".to_owned()),
            ("BankName", "WALLET".to_owned()),
            ("CustId", get("CustId")),
        ],
    );
    st.orders.insert(k, o);
    reply
}
