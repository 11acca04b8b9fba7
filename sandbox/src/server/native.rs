//! The native checkout helpers: seven APIs a custom checkout page calls with an order's
//! txnToken between Initiate and Process Transaction, answered against that order's state.
//! Paths, heads and members as `docs/native-checkout.md` (the library's side) and Paytm's pages
//! give them: Fetch Payment Options
//! (<https://business.paytm.com/docs/api/v2/fetch-payment-options-api>), Fetch BIN Details
//! (<https://business.paytm.com/docs/api/fetch-bin-details-api>), Validate VPA
//! (<https://paytmpayments.com/docs/api/validate-vpa>), Fetch EMI Details
//! (<https://paytmpayments.com/docs/api/fetch-emi-detail-api>), Apply Promo
//! (<https://paytmpayments.com/docs/api/apply-promo>), Send and Validate OTP for the checkout
//! (<https://paytmpayments.com/docs/api/sendotp-checkout-api>,
//! <https://business.paytm.com/docs/validateotp-checkout-api>).
//!
//! Every request carries the token in its head, as `txnToken` or as `tokenType: TXN_TOKEN` +
//! `token` (either form is accepted on every path); `mid` (and `orderId`, when given) in the
//! query must be the token's order's. An unknown or expired token is Paytm's session-expired
//! answer, `F 1006`. Answers are unsigned, as Paytm's pages show them.
//!
//! State: an applied promo changes the order's payable `amount` (Process Transaction, the
//! callback and Transaction Status then carry it); Validate OTP logs the customer's Paytm
//! wallet in for this token, and Fetch Payment Options then shows its balance. The test data
//! (BINs, EMI plans, promo codes, VPAs, saved instruments) is in [`data`].
//!
//! Not confirmed by Paytm's pages, so the sandbox's own choice: the failure codes for an
//! unknown BIN, EMI bank or promo code (`F 1001`, Paytm's generic "Request parameters are not
//! valid", with a message saying which), and the flat-interest EMI arithmetic of
//! [`data::emi_cost`].

mod data;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::{post, MethodRouter};
use paytm_checkout::types::Amount;
use serde_json::{json, Value};

use super::state::{Order, Shared, TxnView};
use super::wallets::{is_phone, rupees, Book};
use super::wire::{query, ri, str_of, unsigned_reply};
use super::OAUTH_OTP;

/// What one helper is given: the token's order, the request body and the wallets.
struct Call<'a> {
    order: &'a mut Order,
    body: &'a Value,
    wallets: &'a mut Book,
}

/// One helper: the answer's body for a call.
type Answer = fn(&mut Call<'_>) -> Value;

/// The helpers' paths (the second Fetch Payment Options and Fetch BIN paths are the v1 and
/// current-page forms of the same APIs).
#[rustfmt::skip]
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<Arc<Shared>>)> {
    let table: [(&'static str, Answer); 9] = [
        ("/theia/api/v2/fetchPaymentOptions", payment_options),
        ("/theia/api/v1/fetchPaymentOptions", payment_options),
        ("/theia/api/v1/fetchBinDetail",      bin_details),
        ("/fetchBinDetail",                   bin_details),
        ("/theia/api/v1/vpa/validate",        validate_vpa),
        ("/theia/api/v1/fetchEMIDetail",      emi_details),
        ("/theia/api/v1/applyPromo",          apply_promo),
        ("/login/sendOtp",                    send_otp),
        ("/login/validateOtp",                validate_otp),
    ];
    table
        .into_iter()
        .map(|(path, answer)| {
            let route = post(move |State(sh): State<Arc<Shared>>, RawQuery(q): RawQuery, bytes: Bytes| async move {
                serve(&sh, q, &bytes, answer)
            });
            (path, route)
        })
        .collect()
}

/// A failure body.
fn failed(code: &str, msg: &str) -> Value {
    json!({"resultInfo": ri("F", code, msg)})
}

/// A success body: `members` with `resultInfo` `S` `code`.
fn succeeded(code: &str, mut members: Value) -> Value {
    members["resultInfo"] = ri("S", code, "Success");
    members
}

/// `{"value":"…","currency":"INR"}` of `paise`.
fn money(paise: u64) -> Value {
    json!({"value": rupees(paise), "currency": "INR"})
}

/// `{"status": …, "msg": ""}`, Paytm's flag objects (`isDisabled`, `hasLowSuccess`).
fn flag(on: bool) -> Value {
    json!({"status": on.to_string(), "msg": ""})
}

/// Finds the order of the request's token and answers it with `answer`.
fn serve(sh: &Shared, q: Option<String>, bytes: &[u8], answer: Answer) -> Response {
    let now = sh.now();
    let Ok(req) = serde_json::from_slice::<Value>(bytes) else {
        return unsigned_reply(now, &failed("1001", "Request parameters are not valid"));
    };
    let head = req.get("head").unwrap_or(&Value::Null);
    let token = match str_of(head, "txnToken") {
        "" if str_of(head, "tokenType") == "TXN_TOKEN" => str_of(head, "token"),
        t => t,
    };
    let body = req.get("body").cloned().unwrap_or(Value::Null);
    // Wallets before orders, as every handler locks them.
    let mut wallets = sh.wallets.book();
    let mut st = sh.orders();
    let Some(order) = st.by_live_token(token, now) else {
        return unsigned_reply(now, &failed("1006", "Your Session has expired."));
    };
    let q = query(&q);
    let body_mid = body.get("mid").map(|m| m.as_str() == Some(&order.mid));
    if q.get("mid") != Some(&order.mid) || body_mid == Some(false) {
        let msg = "Mid in the query param doesn't match with the Mid sent in the request";
        return unsigned_reply(now, &failed("2013", msg));
    }
    if q.get("orderId").is_some_and(|o| *o != order.order_id) {
        let msg = "OrderId in the query param doesn't match with the OrderId sent in the request";
        return unsigned_reply(now, &failed("2014", msg));
    }
    let mut call = Call {
        order,
        body: &body,
        wallets: &mut wallets,
    };
    unsigned_reply(now, &answer(&mut call))
}

/// Fetch Payment Options: the modes the order allows (its Initiate's `enablePaymentMode` /
/// `disablePaymentMode`; BANK_MANDATE only for a subscription, net banking and EMI only for a
/// payment), the wallet balance once a checkout OTP logged the customer in, and the saved
/// cards and VPAs of the order's custId.
fn payment_options(c: &mut Call<'_>) -> Value {
    let o = &*c.order;
    let login = o.native.login.as_deref();
    let balance = login.map(|phone| c.wallets.wallet(phone).balance_paise);
    let subscription = o.mandate.is_some();
    let modes: Vec<Value> = data::MODES
        .iter()
        .filter(|(mode, _, _)| match *mode {
            "BANK_MANDATE" => subscription,
            "NET_BANKING" | "EMI" => !subscription,
            _ => true,
        })
        .filter_map(|m| pay_mode(m, &o.initiate, balance, o.amount))
        .collect();
    let cust = o
        .initiate
        .pointer("/userInfo/custId")
        .and_then(Value::as_str)
        .unwrap_or("");
    let (cards, vpas) = data::saved(cust);
    let saved: Vec<Value> = cards.iter().filter_map(saved_card).collect();
    let vpas: Vec<Value> = vpas
        .iter()
        .map(|v| json!({"name": v, "primary": false}))
        .collect();
    succeeded(
        "0000",
        json!({"orderId": o.order_id, "walletOnly": false, "zeroCostEmi": false,
               "pcfEnabled": false, "nativeJsonRequestSupported": false, "paymentFlow": "NONE",
               "merchantDetails": {"merchantName": "Paytm Sandbox Merchant",
                                   "merchantVpa": "paytm-sandbox@paytm", "mcc": "5411"},
               "loginInfo": {"userLoggedIn": login.is_some(), "pgAutoLoginEnabled": false,
                             "mobileNumberNonEditable": false},
               "merchantPayOption": {"paymentModes": modes, "savedInstruments": saved,
                                     "upiProfile": {"respDetails": {"profileDetail":
                                         {"vpaDetails": vpas}}}}}),
    )
}

/// The channel codes (or bank codes) an Initiate `enablePaymentMode` / `disablePaymentMode`
/// entry for `mode` names: `None` when the list has no entry for it, `Some([])` when the entry
/// names the whole mode.
fn filter_entry(initiate: &Value, list: &str, mode: &str) -> Option<Vec<String>> {
    let entry = initiate
        .get(list)?
        .as_array()?
        .iter()
        .find(|e| str_of(e, "mode") == mode)?;
    let codes = ["channels", "banks"]
        .iter()
        .filter_map(|k| entry.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect();
    Some(codes)
}

/// One payment mode of Fetch Payment Options, or `None` when the order does not allow it.
fn pay_mode(
    (mode, name, channels): &data::Mode,
    initiate: &Value,
    balance: Option<u64>,
    amount: Amount,
) -> Option<Value> {
    let enabled = filter_entry(initiate, "enablePaymentMode", mode);
    let has_enable_list = initiate
        .get("enablePaymentMode")
        .is_some_and(Value::is_array);
    if has_enable_list && enabled.is_none() {
        return None;
    }
    let disabled = filter_entry(initiate, "disablePaymentMode", mode);
    if disabled.as_ref().is_some_and(Vec::is_empty) {
        return None;
    }
    let allowed = |code: &str| {
        enabled
            .as_ref()
            .is_none_or(|e| e.is_empty() || e.iter().any(|c| c == code))
            && !disabled
                .as_ref()
                .is_some_and(|d| d.iter().any(|c| c == code))
    };
    let options: Vec<Value> = match (*mode, balance) {
        ("BALANCE", Some(paise)) => vec![json!({"balanceInfo": {"payerAccountExists": true,
                                                                 "accountBalance": money(paise)}})],
        ("EMI", _) => channels
            .iter()
            .filter(|(code, _)| allowed(code))
            .map(|(code, bank)| emi_channel(code, bank, amount))
            .collect(),
        _ => channels
            .iter()
            .filter(|(code, _)| allowed(code))
            .map(|(code, bank)| channel(code, bank))
            .collect(),
    };
    Some(
        json!({"paymentMode": mode, "displayName": name, "isDisabled": flag(false),
                "priority": "0", "onboarding": false, "isHybridDisabled": false,
                "payChannelOptions": options}),
    )
}

/// A pay channel (scheme, bank, UPI flow).
fn channel(code: &str, name: &str) -> Value {
    json!({"channelCode": code, "channelName": name, "iconUrl": "",
           "isDisabled": flag(false), "hasLowSuccess": flag(false)})
}

/// An EMI bank with its plans on `amount`.
fn emi_channel(code: &str, name: &str, amount: Amount) -> Value {
    let mut ch = channel(code, name);
    ch["emiType"] = json!("CREDIT_CARD");
    ch["minAmount"] = money(data::EMI_MIN_PAISE);
    ch["maxAmount"] = money(data::EMI_MAX_PAISE);
    ch["emiChannelInfos"] = emi_infos(code, amount.paise());
    ch
}

/// The EMI plans of `bank` on `paise`.
fn emi_infos(bank: &str, paise: u64) -> Value {
    data::emi_plans(bank)
        .map(|&(bank, months, rate)| {
            let (_, total, monthly) = data::emi_cost(paise, months, rate);
            json!({"planId": format!("{bank}|{months}"), "interestRate": rupees(rate.into()),
                   "ofMonths": months.to_string(),
                   "minAmount": money(data::EMI_MIN_PAISE), "maxAmount": money(data::EMI_MAX_PAISE),
                   "emiAmount": money(monthly), "totalAmount": money(total)})
        })
        .collect()
}

/// A saved card, masked: first six and last four digits only.
fn saved_card(&(card_id, six, four, expiry): &data::SavedCard) -> Option<Value> {
    let b = data::bin(six)?;
    Some(
        json!({"cardDetails": {"cardId": card_id, "cardType": b.card_type,
                                "firstSixDigit": six, "lastFourDigit": four,
                                "expiryDate": expiry, "status": "1",
                                "cvvLength": b.cvv_length.to_string(),
                                "cvvRequired": b.cvv_length > 0, "indianCard": true},
                "issuingBank": b.bank_code, "displayName": b.bank,
                "channelCode": b.scheme, "channelName": b.scheme, "payMethod": b.card_type,
                "isEmiAvailable": b.emi(), "authModes": ["otp"],
                "hasLowSuccess": flag(false), "isDisabled": flag(false)}),
    )
}

/// Fetch BIN Details: a test card's scheme, type, issuer, EMI eligibility and CVV/OTP needs;
/// an unknown BIN is a failure.
fn bin_details(c: &mut Call<'_>) -> Value {
    let bin = str_of(c.body, "bin");
    if bin.is_empty() {
        return failed("1007", "Missing mandatory element");
    }
    let Some(b) = data::bin(bin) else {
        return failed(
            "1001",
            "Request parameters are not valid: unknown or invalid bin",
        );
    };
    succeeded(
        "0000",
        json!({"binDetail": {"bin": b.prefix, "issuingBank": b.bank, "issuingBankCode": b.bank_code,
                             "paymentMode": b.card_type, "channelCode": b.scheme,
                             "channelName": b.scheme, "cvvR": b.cvv_length > 0, "cvvL": b.cvv_length.to_string(),
                             "expR": true, "isIndian": "true", "isActive": "true"},
               "authModes": ["otp"], "isEmiAvailable": b.emi(),
               "isNativeOtpEligible": b.native_otp,
               "hasLowSuccessRate": flag(false),
               "isSubscriptionAvailable": b.card_type == "CREDIT_CARD"}),
    )
}

/// Validate VPA: a test VPA is valid, with its holder's name; any other is not. `numericId`
/// names `<numericId>@paytm`.
fn validate_vpa(c: &mut Call<'_>) -> Value {
    let vpa = match (str_of(c.body, "vpa"), str_of(c.body, "numericId")) {
        ("", "") => return failed("1007", "Missing Mandatory Element"),
        ("", id) => format!("{id}@paytm"),
        (vpa, _) => vpa.to_owned(),
    };
    let mut b = json!({"vpa": vpa, "valid": false});
    if let Some(name) = data::vpa_holder(&vpa) {
        b["valid"] = json!(true);
        b["name"] = json!(name);
    }
    succeeded("0000", b)
}

/// Fetch EMI Details: the plans of bank `channelCode` on `amount` (default: the order's
/// payable amount).
fn emi_details(c: &mut Call<'_>) -> Value {
    let bank = str_of(c.body, "channelCode");
    if bank.is_empty() {
        return failed("1007", "Missing mandatory element");
    }
    if str_of(c.body, "emiType") == "DEBIT_CARD" || data::emi_plans(bank).next().is_none() {
        return failed(
            "1001",
            "Request parameters are not valid: no EMI plans for this bank",
        );
    }
    let amount = match c.body.pointer("/amount/value") {
        None => c.order.amount,
        Some(v) => match v.as_str().map(str::parse::<Amount>) {
            Some(Ok(a)) => a,
            _ => return failed("1001", "Request parameters are not valid: amount"),
        },
    };
    let infos = emi_infos(bank, amount.paise());
    succeeded(
        "0000",
        json!({"emiDetail": {"emiType": "CREDIT_CARD", "emiChannelInfos": infos}}),
    )
}

/// Apply Promo: a promo code takes its discount off the amount initiated; the order's payable
/// amount is then the rest, for Process Transaction, the callback and Transaction Status.
/// Applying again replaces the earlier promo (never stacks). Refused once a payment of the
/// order is pending or paid, and for a subscription's order.
fn apply_promo(c: &mut Call<'_>) -> Value {
    let o = &mut *c.order;
    let refuse = |why: &str| failed("1001", &format!("Request parameters are not valid: {why}"));
    let initiated = o.native.promo.as_ref().map_or(o.amount, |(_, a)| *a);
    let total = str_of(c.body, "totalTransactionAmount")
        .parse::<Amount>()
        .ok();
    let option = c.body.pointer("/paymentOptions/0").unwrap_or(&Value::Null);
    let pay_method = str_of(option, "payMethod");
    let code = str_of(c.body, "promocode");
    if code.is_empty() || pay_method.is_empty() || total.is_none() {
        return failed("1007", "Missing mandatory element");
    }
    let option_amount = str_of(option, "transactionAmount").parse::<Amount>().ok();
    if total != Some(initiated) || option_amount != Some(initiated) {
        return refuse("the amounts are not the order's");
    }
    if o.mandate.is_some() {
        return refuse("promo codes do not apply to a subscription");
    }
    if o.txn()
        .is_some_and(|t| !matches!(t.view(), TxnView::Failure(_)))
    {
        return refuse("a payment of this order has started");
    }
    let Some(promo) = data::promo(code) else {
        return refuse("invalid promocode");
    };
    let paise = initiated.paise();
    let card = matches!(pay_method, "CREDIT_CARD" | "DEBIT_CARD" | "EMI");
    let discount = promo.discount(paise);
    if paise < promo.min_order_paise || (promo.cards_only && !card) || discount == 0 {
        return refuse("promocode not applicable to this order or payment mode");
    }
    let Ok(payable) = Amount::from_paise(paise - discount) else {
        return refuse("promocode not applicable to this order or payment mode");
    };
    o.amount = payable;
    o.native.promo = Some((promo.code.to_owned(), initiated));
    let off = rupees(discount);
    succeeded(
        "0000",
        json!({"paymentOffer": {"totalInstantDiscount": off,
                                "offerBreakup": [{"promocodeApplied": promo.code,
                                                  "promotext": promo.text,
                                                  "instantDiscount": off,
                                                  "payMethod": pay_method}]}}),
    )
}

/// Send OTP (checkout login): "sends" the OTP to `mobileNo` for this token.
fn send_otp(c: &mut Call<'_>) -> Value {
    let phone = str_of(c.body, "mobileNo");
    if !is_phone(phone) {
        return failed("431", "Invalid Mobile");
    }
    c.order.native.otp_phone = Some(phone.to_owned());
    succeeded("01", json!({}))
}

/// Validate OTP (checkout login): the sandbox's OTP ([`OAUTH_OTP`]) logs the phone Send OTP
/// named in for this token (its wallet opens empty if new); a wrong one may be typed again.
fn validate_otp(c: &mut Call<'_>) -> Value {
    let native = &mut c.order.native;
    let Some(phone) = native.otp_phone.clone() else {
        return failed("513", "Invalid Code");
    };
    if str_of(c.body, "otp") != OAUTH_OTP {
        let mut b = failed("403", "Invalid OTP entered.");
        b["authenticated"] = json!(false);
        return b;
    }
    c.wallets.wallet(&phone);
    native.otp_phone = None;
    native.login = Some(phone);
    succeeded("01", json!({"authenticated": true}))
}
