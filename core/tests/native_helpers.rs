//! The txnToken helpers' inputs: the rules their pages state are checked before anything is
//! built, and the token and OTP never reach a log or a message.

use paytm_checkout::api::native::{build_json, ValidateCheckoutOtp, NAMES};
use paytm_checkout::http::Environment;
use paytm_checkout::response::{parse_response, NativeResponse, ParseOptions, ResponseData};
use paytm_checkout::types::Amount;
use paytm_checkout::ErrorCode;
use serde_json::{json, Value};

const TOKEN: &str = "f0bed899539742309eebd8XXXX7edcf61588842333227";

fn input(extra: Value) -> Value {
    let mut v = json!({"txnToken": TOKEN, "mid": "INTEGR7769XXXXXX9383", "orderId": "ORDER_1"});
    v.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    v
}

/// The error code of building `api` from `params`.
fn refusal(api: &str, params: Value) -> ErrorCode {
    let text = params.to_string();
    let r = build_json(api, text.as_bytes(), &Environment::Staging).expect("a helper");
    let e = r.expect_err("refused");
    assert!(
        !e.message().contains(TOKEN),
        "{api}: token in {}",
        e.message()
    );
    e.code()
}

/// `api {extra input members} => Code;`: building `api` from the common input plus `extra` is
/// refused with that code.
macro_rules! refused {
    ($($api:literal $extra:tt => $code:ident;)*) => {$(
        let extra = json!($extra);
        assert_eq!(refusal($api, input(extra.clone())), ErrorCode::$code, "{} {extra}", $api);
    )*};
}

#[test]
fn documented_rules_are_checked() {
    refused! {
        "fetch_bin_details" {"head": {"channelId": "WEB"}, "bin": "41111"} => InvalidCardNumber;
        "validate_vpa" {} => MissingField;
        "fetch_bin_details" {"head": {"channelId": "WEB"}, "bin": "4111111111"} => InvalidCardNumber;
        "validate_vpa" {"vpa": "a@paytm", "numericId": "9595959595"} => InvalidField;
        "fetch_bin_details" {"bin": "411111"} => MissingField;
        "validate_vpa" {"vpa": "no-at-sign"} => InvalidVpa;
        "apply_promo" {"head": {"channelId": "WEB"}, "payMethod": "CASH", "transactionAmount": "1"} => InvalidField;
        "validate_vpa" {"numericId": "1234567"} => InvalidVpa;
        "fetch_emi_details" {"channelCode": "HDFC", "amount": "1.005"} => InvalidAmount;
        "fetch_emi_details" {"amount": "1.00"} => MissingField;
        "apply_promo" {"payMethod": "UPI", "transactionAmount": "1"} => MissingField;
        "send_checkout_otp" {"mobileNo": "77777"} => InvalidMobile;
        "validate_checkout_otp" {"otp": "888888", "cardNumber": "4111111111111111"} => InvalidField;
        "validate_checkout_otp" {"otp": "12"} => InvalidField;
    }
    assert!(build_json("process_transaction", b"{}", &Environment::Staging).is_none());
    assert_eq!(NAMES.len(), 7);
}

#[test]
fn token_and_otp_are_redacted() {
    let text = input(json!({"otp": "888888"})).to_string();
    let otp = ValidateCheckoutOtp::from_json(text.as_bytes()).unwrap();
    assert!(!format!("{otp:?}").contains("888888"));
    assert!(!format!("{otp:?}").contains(TOKEN));
    let req = otp.build(&Environment::Staging).unwrap();
    for view in [format!("{req:?}"), req.to_curl()] {
        assert!(!view.contains("888888") && !view.contains(TOKEN), "{view}");
    }
    assert!(req.body_str().unwrap().contains("\"otp\":\"888888\""));
}

#[test]
fn promo_discount_is_money() {
    let body = br#"{"head":{},"body":{"resultInfo":{"resultStatus":"S","resultCode":"0000"},"paymentOffer":{"totalInstantDiscount":"100.50"}}}"#;
    let r = parse_response("apply_promo", 200, body, None, &ParseOptions::default()).unwrap();
    let ResponseData::Native(NativeResponse::Promo(p)) = r.data else {
        panic!("not a promo answer");
    };
    let amount = |s| Amount::parse(s).unwrap();
    assert_eq!(p.discounted(amount("1000")), Some(amount("899.50")));
    assert_eq!(p.discounted(amount("100.50")), None);
    assert_eq!(p.discounted(amount("50")), None);
}
