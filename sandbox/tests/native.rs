//! The native checkout helpers over HTTP, with raw JSON as Paytm's pages (and
//! `docs/native-checkout.md`) show the requests: payment options from what the order allows,
//! BIN details, VPA validation, EMI plans, promo codes that change what the order's payment
//! charges, and the checkout OTP login that shows the wallet's balance. Every call is refused
//! with a wrong, unknown or expired token, or another merchant's or order's query.

mod common;

use std::net::SocketAddr;

use common::*;
use paytm_sandbox::instruments as ins;
use paytm_sandbox::{Config, Sandbox, OAUTH_OTP, TEST_MID, TOKEN_VALIDITY_MS};
use serde_json::{json, Value};

fn start() -> (Sandbox, SocketAddr) {
    let sb = Sandbox::start(Config::default()).unwrap();
    let addr = sb.addr();
    (sb, addr)
}

/// The head of a helper's request: `txnToken`, or `tokenType` + `token` (as the API's page has it).
fn head(path: &str, token: &str) -> Value {
    match path.rsplit('/').next() {
        Some("fetchBinDetail" | "validate" | "applyPromo") => {
            json!({"tokenType": "TXN_TOKEN", "token": token, "channelId": "WEB"})
        }
        _ => json!({"txnToken": token, "version": "v1", "channelId": "WEB"}),
    }
}

/// The helpers' paths (`docs/native-checkout.md`), in one string: each is one word.
const PATHS: &str = "/theia/api/v2/fetchPaymentOptions /theia/api/v1/fetchBinDetail \
    /theia/api/v1/vpa/validate /theia/api/v1/fetchEMIDetail /theia/api/v1/applyPromo \
    /login/sendOtp /login/validateOtp";

fn all() -> impl Iterator<Item = &'static str> {
    PATHS.split_whitespace()
}

fn path(name: &str) -> &'static str {
    all().find(|p| p.ends_with(name)).unwrap()
}

/// POSTs `body` to helper `path` (query `query`) with `token`; the answer's body (HTTP 200 and
/// no signature asserted).
fn call_as(addr: SocketAddr, path: &str, query: &str, token: &str, body: Value) -> Value {
    let req = json!({"head": head(path, token), "body": body});
    let r = post(addr, &format!("{path}?{query}"), req.to_string().as_bytes());
    assert_eq!(r.status, 200, "{r:?}");
    assert!(r.json()["head"]["signature"].is_null(), "unsigned: {r:?}");
    r.json()["body"].clone()
}

/// An initiated order and its txnToken.
struct Checkout {
    addr: SocketAddr,
    order: String,
    token: String,
}

impl Checkout {
    /// Initiates `order` of `amount` at `path` with the Initiate members `extra`.
    fn at(addr: SocketAddr, path: &str, order: &str, amount: &str, extra: Value) -> Checkout {
        let token = initiate_at(addr, path, order, amount, extra);
        let order = order.to_owned();
        Checkout { addr, order, token }
    }

    /// Initiate Transaction of `order`.
    fn new(addr: SocketAddr, order: &str, amount: &str) -> Checkout {
        Checkout::at(
            addr,
            "/theia/api/v1/initiateTransaction",
            order,
            amount,
            json!({}),
        )
    }

    /// Helper `name` (the end of its path) with `body`; the answer's body.
    fn ask(&self, name: &str, body: Value) -> Value {
        let query = format!("mid={TEST_MID}&orderId={}", self.order);
        call_as(self.addr, path(name), &query, &self.token, body)
    }

    fn options(&self) -> Value {
        self.ask("fetchPaymentOptions", json!({}))
    }

    /// Apply Promo: `code` for `pay_method` over `amount`.
    fn promo(&self, code: &str, pay_method: &str, amount: &str) -> Value {
        let option = json!({"transactionAmount": amount, "payMethod": pay_method});
        let body = json!({"mid": TEST_MID, "promocode": code, "paymentOptions": [option],
                          "totalTransactionAmount": amount});
        self.ask("applyPromo", body)
    }

    /// The sandbox's view of the order's amount.
    fn amount(&self) -> Value {
        order_state(self.addr, &self.order)["amount"].clone()
    }
}

/// A subscription's Initiate members (monthly, fixed).
fn subscription(extra: Value) -> Value {
    let mut v = json!({"requestType": "NATIVE_SUBSCRIPTION", "subscriptionAmountType": "FIX",
                       "subscriptionFrequencyUnit": "MONTH", "subscriptionFrequency": "1"});
    for (k, x) in extra.as_object().into_iter().flatten() {
        v[k] = x.clone();
    }
    v
}

fn code(b: &Value) -> (&str, &str) {
    let ri = &b["resultInfo"];
    let part = |k: &str| ri[k].as_str().unwrap_or("");
    (part("resultStatus"), part("resultCode"))
}

/// The payment modes listed, space-separated.
fn modes(options: &Value) -> String {
    let all = options["merchantPayOption"]["paymentModes"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = all
        .iter()
        .map(|m| m["paymentMode"].as_str().unwrap())
        .collect();
    names.join(" ")
}

fn mode<'a>(options: &'a Value, name: &str) -> &'a Value {
    let all = options["merchantPayOption"]["paymentModes"]
        .as_array()
        .unwrap();
    let found = all.iter().find(|m| m["paymentMode"] == name);
    found.unwrap_or_else(|| panic!("no {name}: {options}"))
}

/// The channel codes of a mode, space-separated.
fn channels(mode: &Value) -> String {
    let all = mode["payChannelOptions"].as_array().unwrap();
    let codes: Vec<&str> = all
        .iter()
        .map(|c| c["channelCode"].as_str().unwrap())
        .collect();
    codes.join(" ")
}

#[test]
fn payment_options_are_what_the_order_allows_with_the_customers_saved_instruments() {
    let (_sb, addr) = start();
    let c = Checkout::new(addr, "NATIVE_FPO", "3000.00");
    let b = c.options();
    assert_eq!(code(&b), ("S", "0000"), "{b}");
    let all = "BALANCE UPI CREDIT_CARD DEBIT_CARD NET_BANKING EMI";
    assert_eq!(modes(&b), all);
    assert_eq!(b["loginInfo"]["userLoggedIn"], false);
    // No balance before a checkout login.
    assert_eq!(channels(mode(&b, "BALANCE")), "");
    assert_eq!(channels(mode(&b, "NET_BANKING")), "SBI HDFC ICICI AXIS");
    // EMI banks carry their plans on the order's amount.
    let hdfc = &mode(&b, "EMI")["payChannelOptions"][0];
    assert_eq!(hdfc["channelCode"], "HDFC");
    let plan = &hdfc["emiChannelInfos"][0];
    assert_eq!(
        (&plan["planId"], &plan["totalAmount"]["value"]),
        (&json!("HDFC|3"), &json!("3097.50"))
    );
    // CUST_001's saved cards, masked; its VPA.
    let saved = b["merchantPayOption"]["savedInstruments"]
        .as_array()
        .unwrap();
    let masked: Vec<String> = saved
        .iter()
        .map(|c| {
            format!(
                "{}…{}",
                c["cardDetails"]["firstSixDigit"], c["cardDetails"]["lastFourDigit"]
            )
        })
        .collect();
    assert_eq!(masked, [r#""411111"…"1111""#, r#""555555"…"4444""#]);
    assert_eq!(
        (&saved[0]["issuingBank"], &saved[0]["isEmiAvailable"]),
        (&json!("HDFC"), &json!(true))
    );
    assert_eq!(saved[1]["cardDetails"]["cardType"], "DEBIT_CARD");
    let text = b.to_string();
    assert!(!text.contains(ins::CARD_SUCCESS) && !text.contains(ins::CARD_SUCCESS_MC));
    let profile = &b["merchantPayOption"]["upiProfile"]["respDetails"]["profileDetail"];
    assert_eq!(profile["vpaDetails"][0]["name"], "7777777777@paytm");

    // The order's Initiate narrows the modes and their channels.
    let nb = json!({"mode": "NET_BANKING", "banks": ["SBI", "ICICI"]});
    let narrow = json!({"enablePaymentMode": [{"mode": "UPI"}, nb],
                        "disablePaymentMode": [{"mode": "UPI", "channels": ["UPIPUSH"]}]});
    let initiate_path = "/theia/api/v1/initiateTransaction";
    let b = Checkout::at(addr, initiate_path, "NATIVE_FPO_NARROW", "10.00", narrow).options();
    assert_eq!(modes(&b), "UPI NET_BANKING");
    assert_eq!(channels(mode(&b, "UPI")), "UPI");
    assert_eq!(channels(mode(&b, "NET_BANKING")), "SBI ICICI");

    // A subscription's token: BANK_MANDATE, no net banking or EMI. Another customer's cards.
    let subs = subscription(json!({"userInfo": {"custId": "CUST_002"}}));
    let b = Checkout::at(
        addr,
        "/subscription/create",
        "NATIVE_FPO_SUBS",
        "99.00",
        subs,
    )
    .options();
    assert_eq!(modes(&b), "BALANCE UPI CREDIT_CARD DEBIT_CARD BANK_MANDATE");
    let saved = &b["merchantPayOption"]["savedInstruments"];
    assert_eq!(saved[0]["cardDetails"]["lastFourDigit"], "0005");
    assert_eq!(saved.as_array().unwrap().len(), 1);
}

#[test]
fn checkout_otp_login_shows_the_wallet_balance_in_payment_options() {
    let (_sb, addr) = start();
    let c = Checkout::new(addr, "NATIVE_OTP", "10.00");
    let validate = |otp: &str| c.ask("validateOtp", json!({"otp": otp}));
    let send = |phone: &str| c.ask("sendOtp", json!({"mobileNo": phone}));
    // Nothing sent yet, then a bad mobile.
    assert_eq!(code(&validate(OAUTH_OTP)), ("F", "513"));
    assert_eq!(code(&send("55588")), ("F", "431"));
    assert_eq!(code(&send("5558889990")), ("S", "01"));
    // A wrong OTP may be typed again.
    let b = validate("000000");
    assert_eq!(
        (code(&b), &b["authenticated"]),
        (("F", "403"), &json!(false))
    );
    assert_eq!(c.options()["loginInfo"]["userLoggedIn"], false);
    let b = validate(OAUTH_OTP);
    assert_eq!((code(&b), &b["authenticated"]), (("S", "01"), &json!(true)));

    let b = c.options();
    assert_eq!(b["loginInfo"]["userLoggedIn"], true);
    let balance = &mode(&b, "BALANCE")["payChannelOptions"][0]["balanceInfo"]["accountBalance"];
    assert_eq!(balance["value"], "5000.00");
    // The login belongs to this token only.
    let other = Checkout::new(addr, "NATIVE_OTP_OTHER", "10.00");
    assert_eq!(other.options()["loginInfo"]["userLoggedIn"], false);

    // Paying by BALANCE debits the logged-in wallet.
    let paid = process(addr, &c.order, &c.token, json!({"paymentMode": "BALANCE"}));
    assert_eq!(paid["txnInfo"]["STATUS"], "TXN_SUCCESS", "{paid}");
    assert_eq!(wallet_balance(addr, "5558889990"), "4990.00");
    // An empty wallet logged in: declined (227), nothing debited.
    let empty = Checkout::new(addr, "NATIVE_OTP_EMPTY", "10.00");
    empty.ask("sendOtp", json!({"mobileNo": "7777777777"}));
    let b = empty.ask("validateOtp", json!({"otp": OAUTH_OTP}));
    assert_eq!(b["authenticated"], true);
    let paid = process(
        addr,
        &empty.order,
        &empty.token,
        json!({"paymentMode": "BALANCE"}),
    );
    assert_eq!(paid["txnInfo"]["RESPCODE"], "227", "{paid}");
    assert_eq!(wallet_balance(addr, "7777777777"), "0.00");
}

/// A wallet's balance, as `/__admin/wallets` lists it.
fn wallet_balance(addr: SocketAddr, phone: &str) -> String {
    let v = get(addr, "/__admin/wallets").json();
    let all = v["wallets"].as_array().unwrap();
    let w = all.iter().find(|w| w["phone"] == phone).unwrap();
    w["balance"].as_str().unwrap().to_owned()
}

#[test]
fn bin_details_vpa_validation_and_emi_plans_of_the_test_instruments() {
    let (_sb, addr) = start();
    let c = Checkout::new(addr, "NATIVE_LOOKUPS", "3000.00");
    let bin = |bin: &str| c.ask("fetchBinDetail", json!({"bin": bin}));
    let b = bin("411111111");
    assert_eq!(code(&b), ("S", "0000"), "{b}");
    let d = &b["binDetail"];
    let seen = [&d["channelCode"], &d["paymentMode"], &d["issuingBankCode"]];
    assert_eq!(seen, ["VISA", "CREDIT_CARD", "HDFC"]);
    assert_eq!((&d["cvvR"], &d["expR"]), (&json!(true), &json!(true)));
    assert_eq!(
        (&b["isEmiAvailable"], &b["authModes"]),
        (&json!(true), &json!(["otp"]))
    );
    let b = bin("555555");
    let seen = [
        &b["binDetail"]["paymentMode"],
        &b["binDetail"]["channelCode"],
        &b["isEmiAvailable"],
    ];
    assert_eq!(
        seen,
        [&json!("DEBIT_CARD"), &json!("MASTER"), &json!(false)]
    );
    assert_eq!(bin("378282")["binDetail"]["cvvL"], "4");
    assert_eq!(bin("400000")["binDetail"]["issuingBankCode"], "SBI");
    assert_eq!(code(&bin("999999")), ("F", "1001"));
    assert_eq!(code(&bin("41111")), ("F", "1001"));
    assert_eq!(code(&bin("")), ("F", "1007"));

    let vpa = |body: Value| c.ask("vpa/validate", body);
    let b = vpa(json!({"vpa": "7777777777@paytm"}));
    assert_eq!(code(&b), ("S", "0000"));
    assert_eq!(
        (&b["valid"], &b["name"]),
        (&json!(true), &json!("Asha Verma"))
    );
    let b = vpa(json!({"numericId": "5558889990"}));
    assert_eq!(
        (&b["vpa"], &b["valid"]),
        (&json!("5558889990@paytm"), &json!(true))
    );
    assert_eq!(vpa(json!({"vpa": "fail141@paytm"}))["valid"], true);
    let b = vpa(json!({"vpa": "nobody@paytm"}));
    assert_eq!((code(&b), &b["valid"]), (("S", "0000"), &json!(false)));
    assert!(b.get("name").is_none());
    assert_eq!(code(&vpa(json!({}))), ("F", "1007"));

    let emi = |bank: &str, amount: Value| {
        let mut body = json!({"channelCode": bank});
        if !amount.is_null() {
            body["amount"] = json!({"value": amount, "currency": "INR"});
        }
        c.ask("fetchEMIDetail", body)
    };
    let b = emi("HDFC", json!("3000.00"));
    assert_eq!(code(&b), ("S", "0000"), "{b}");
    let plans = b["emiDetail"]["emiChannelInfos"].as_array().unwrap();
    let ids: Vec<&str> = plans
        .iter()
        .map(|p| p["planId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["HDFC|3", "HDFC|6", "HDFC|12"]);
    let p = &plans[0];
    let seen = [
        &p["interestRate"],
        &p["ofMonths"],
        &p["emiAmount"]["value"],
        &p["totalAmount"]["value"],
    ];
    assert_eq!(seen, ["13.00", "3", "1032.50", "3097.50"]);
    // Flat interest, to the paisa: 1,000.01 × 15 % × 6/12 = 75.00075 → 75.00.
    let p = &emi("SBI", json!("1000.01"))["emiDetail"]["emiChannelInfos"][1];
    assert_eq!(
        [&p["totalAmount"]["value"], &p["emiAmount"]["value"]],
        ["1075.01", "179.17"]
    );
    // Without an amount: the order's (3,000.00 × 14 % × 3/12 = 105.00).
    let p = &emi("SBI", Value::Null)["emiDetail"]["emiChannelInfos"][0];
    assert_eq!(p["totalAmount"]["value"], "3105.00");
    assert_eq!(code(&emi("ICICI", Value::Null)), ("F", "1001"));
    assert_eq!(code(&emi("HDFC", json!(3000))), ("F", "1001"));
    assert_eq!(code(&c.ask("fetchEMIDetail", json!({}))), ("F", "1007"));
}

#[test]
fn a_promo_changes_what_the_orders_payment_charges() {
    let (_sb, addr) = start();
    let c = Checkout::new(addr, "NATIVE_PROMO", "300.00");
    let b = c.promo("SANDBOX10", "UPI", "300.00");
    assert_eq!(code(&b), ("S", "0000"), "{b}");
    let offer = &b["paymentOffer"];
    assert_eq!(offer["totalInstantDiscount"], "30.00");
    assert_eq!(offer["offerBreakup"][0]["promocodeApplied"], "SANDBOX10");
    assert_eq!(c.amount(), "270.00");
    // Refused: a card-only code for UPI, an unknown code, amounts not the order's (the amount
    // initiated, never the discounted one). Nothing changes.
    for (promo, method, amount) in [
        ("CARD50", "UPI", "300.00"),
        ("NOPE", "CREDIT_CARD", "300.00"),
        ("SANDBOX10", "UPI", "270.00"),
        ("SANDBOX10", "UPI", "3000.00"),
    ] {
        let b = c.promo(promo, method, amount);
        assert_eq!(code(&b), ("F", "1001"), "{promo} {method} {amount}: {b}");
    }
    assert_eq!(c.amount(), "270.00");
    // Another code replaces the first (never stacks): 300.00 − 50.00.
    let b = c.promo("CARD50", "CREDIT_CARD", "300.00");
    assert_eq!(b["paymentOffer"]["totalInstantDiscount"], "50.00");
    assert_eq!(c.amount(), "250.00");
    let promo = &order_state(addr, &c.order)["promo"];
    assert_eq!(
        (&promo["code"], &promo["initiatedAmount"]),
        (&json!("CARD50"), &json!("300.00"))
    );
    // EMI plans are on the payable amount.
    let b = c.ask("fetchEMIDetail", json!({"channelCode": "HDFC"}));
    assert_eq!(
        b["emiDetail"]["emiChannelInfos"][0]["totalAmount"]["value"],
        "258.13"
    );

    // The payment charges 250.00: the callback and Transaction Status say so.
    let md = pay_card(addr, &c.order, &c.token, ins::CARD_SUCCESS, "123");
    let r = bank_otp(addr, &md, ins::GOOD_OTP);
    assert_eq!(r.field("TXNAMOUNT").as_deref(), Some("250.00"));
    assert_eq!(r.field("STATUS").as_deref(), Some("TXN_SUCCESS"));
    let s = status(addr, &c.order);
    assert_eq!(
        (&s["txnAmount"], &s["resultInfo"]["resultStatus"]),
        (&json!("250.00"), &json!("TXN_SUCCESS"))
    );
    // Once paid, the amount is final.
    assert_eq!(code(&c.promo("SANDBOX10", "UPI", "300.00")), ("F", "1001"));
    assert_eq!(status(addr, &c.order)["txnAmount"], "250.00");

    // UPI intent: the deep link asks for the discounted amount.
    let upi = Checkout::new(addr, "NATIVE_PROMO_UPI", "500.00");
    let b = upi.promo("sandbox10", "UPI", "500.00");
    assert_eq!(b["paymentOffer"]["totalInstantDiscount"], "50.00");
    let b = process(
        addr,
        &upi.order,
        &upi.token,
        json!({"paymentMode": "UPI_INTENT"}),
    );
    let link = b["deepLinkInfo"]["deepLink"].as_str().unwrap();
    assert!(link.contains("am=450.00&"), "{link}");

    // A subscription's order takes no promo.
    let subs = subscription(json!({}));
    let s = Checkout::at(
        addr,
        "/subscription/create",
        "NATIVE_PROMO_SUBS",
        "300.00",
        subs,
    );
    assert_eq!(code(&s.promo("SANDBOX10", "UPI", "300.00")), ("F", "1001"));
    assert_eq!(s.amount(), "300.00");
}

#[test]
fn a_wrong_unknown_or_expired_token_and_a_foreign_query_are_refused() {
    let (_sb, addr) = start();
    let c = Checkout::new(addr, "NATIVE_TOKENS", "300.00");
    let other = Checkout::new(addr, "NATIVE_TOKENS_OTHER", "10.00");
    let order = &c.order;
    let good_query = format!("mid={TEST_MID}&orderId={order}");
    let option = json!({"transactionAmount": "300.00", "payMethod": "UPI"});
    let promo_body = json!({"mid": TEST_MID, "promocode": "SANDBOX10", "paymentOptions": [option],
                            "totalTransactionAmount": "300.00"});
    let foreign_mid = format!("mid=OTHERMID0000000000&orderId={order}");
    let no_mid = format!("orderId={order}");
    for path in all() {
        let refused = |query: &str, token: &str| {
            let b = call_as(addr, path, query, token, promo_body.clone());
            code(&b).1.to_owned()
        };
        assert_eq!(refused(&good_query, "not-a-token"), "1006", "{path}");
        assert_eq!(refused(&good_query, ""), "1006", "{path}");
        assert_eq!(refused(&foreign_mid, &c.token), "2013", "{path}");
        assert_eq!(refused(&no_mid, &c.token), "2013", "{path}");
        // Another order's token with this order's query.
        assert_eq!(refused(&good_query, &other.token), "2014", "{path}");
        let raw = post(addr, &format!("{path}?{good_query}"), b"{");
        assert_eq!(code(&raw.json()["body"]), ("F", "1001"), "{path}");
    }
    // A body naming another MID.
    let mut foreign = promo_body.clone();
    foreign["mid"] = json!("OTHERMID0000000000");
    assert_eq!(code(&c.ask("applyPromo", foreign)).1, "2013");
    // Nothing above applied the promo.
    assert_eq!(c.amount(), "300.00");

    // The token expires with sandbox time.
    let r = post(
        addr,
        &format!("/__admin/advance?ms={TOKEN_VALIDITY_MS}"),
        b"",
    );
    assert_eq!(r.status, 200);
    for path in all() {
        let b = call_as(addr, path, &good_query, &c.token, promo_body.clone());
        assert_eq!(code(&b), ("F", "1006"), "{path}: {b}");
    }
    assert_eq!(c.amount(), "300.00");
}
