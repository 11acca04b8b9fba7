//! Payment Links: the builders' documented input rules (each a stable code, never a panic) and the
//! money rule over parsed answers: only a verified webhook or fetch about this link id, MID and
//! amount counts.

use std::fs;
use std::path::PathBuf;

use paytm_checkout::api::link::LinkId;
use paytm_checkout::api::{build_request, BuildOptions, Credentials};
use paytm_checkout::http::Environment;
use paytm_checkout::response::{
    parse_response, ExpectedPaymentLink, ParseOptions, ResponseData, Verification,
};
use paytm_checkout::result_codes::ResultClass;
use paytm_checkout::types::{Amount, Mid};
use paytm_checkout::{ErrorCode, MerchantKey};
use serde_json::{json, Value};

const MID: &str = "INTEGR7769XXXXXX9383";

fn key() -> MerchantKey {
    MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap()
}

fn build(api: &str, params: Value) -> Result<String, ErrorCode> {
    build_request(
        api,
        params.to_string().as_bytes(),
        &Credentials::with_key(key()),
        &BuildOptions::new(Environment::Staging),
    )
    .map(|r| r.body_str().unwrap().to_owned())
    .map_err(|e| e.code())
}

fn create(extra: Value) -> Value {
    let mut p = json!({"mid": MID, "linkName": "Invoice_42", "linkDescription": "Order 42",
        "linkType": "FIXED", "amount": "499.50"});
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            p.as_object_mut().unwrap().remove(k);
        } else {
            p[k] = v.clone();
        }
    }
    p
}

#[test]
fn create_rules() {
    let body = build("create_payment_link", create(json!({}))).unwrap();
    assert!(body.contains(r#""amount":499.50"#), "{body}");
    assert!(body.contains(r#""tokenType":"AES""#));
    for (extra, code) in [
        (json!({"amount": null}), ErrorCode::MissingField),
        (
            json!({"linkType": "INVOICE", "amount": null}),
            ErrorCode::MissingField,
        ),
        (json!({"amount": 499.5}), ErrorCode::InvalidAmount),
        (json!({"amount": "0"}), ErrorCode::InvalidAmount),
        (json!({"amount": "1.005"}), ErrorCode::InvalidAmount),
        (json!({"linkType": "WEEKLY"}), ErrorCode::InvalidField),
        (
            json!({"linkDescription": "a description longer than thirty"}),
            ErrorCode::InvalidField,
        ),
        (json!({"linkName": "x".repeat(65)}), ErrorCode::InvalidField),
        (
            json!({"expiryDate": "2026-12-31"}),
            ErrorCode::InvalidTimestamp,
        ),
        (
            json!({"expiryDate": "31/02/2026"}),
            ErrorCode::InvalidTimestamp,
        ),
        (json!({"sendSms": true}), ErrorCode::MissingField),
        (
            json!({"sendEmail": true, "customerContact": {"customerMobile": "7777777777"}}),
            ErrorCode::MissingField,
        ),
        (
            json!({"customerContact": {"customerMobile": "12345"}}),
            ErrorCode::InvalidMobile,
        ),
        (json!({"surprise": 1}), ErrorCode::InvalidField),
    ] {
        let got = build("create_payment_link", create(extra.clone())).unwrap_err();
        assert_eq!(got, code, "{extra}");
    }
    // GENERIC needs no amount; the customer chooses it.
    let generic = create(json!({"linkType": "GENERIC", "amount": null}));
    assert!(!build("create_payment_link", generic)
        .unwrap()
        .contains("amount"));
}

#[test]
fn fetch_resend_expire_rules() {
    let web = json!({"channelId": "WEB"});
    assert!(build(
        "expire_payment_link",
        json!({"head": web, "mid": MID, "linkId": 100000123})
    )
    .unwrap()
    .contains(r#""linkId":100000123"#));
    assert!(build(
        "resend_payment_link",
        json!({"head": web, "mid": MID, "linkId": 100000123, "sendEmail": true})
    )
    .unwrap()
    .contains(r#""linkId":"100000123""#));
    for (api, params, code) in [
        (
            "expire_payment_link",
            json!({"mid": MID, "linkId": 1}),
            ErrorCode::MissingField,
        ),
        (
            "expire_payment_link",
            json!({"head": web, "mid": MID, "linkId": 0}),
            ErrorCode::InvalidField,
        ),
        (
            "expire_payment_link",
            json!({"head": web, "mid": MID, "linkId": "12a"}),
            ErrorCode::InvalidField,
        ),
        (
            "expire_payment_link",
            json!({"head": web, "mid": MID, "linkId": -1}),
            ErrorCode::InvalidField,
        ),
        (
            "fetch_payment_link",
            json!({"head": web, "mid": MID, "pageSize": 0}),
            ErrorCode::InvalidField,
        ),
        (
            "resend_payment_link",
            json!({"head": web, "mid": MID, "linkId": 5}),
            ErrorCode::MissingField,
        ),
        (
            "resend_payment_link",
            json!({"head": web, "mid": MID, "linkId": 5, "sendSms": true,
            "notifyContact": {"customerEmail": "a@example.com"}}),
            ErrorCode::MissingField,
        ),
    ] {
        assert_eq!(
            build(api, params.clone()).unwrap_err(),
            code,
            "{api} {params}"
        );
    }
}

fn fixture(name: &str) -> (String, Vec<u8>) {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/responses")
        .join(name);
    let case: Value = serde_json::from_slice(&fs::read(d.join("case.json")).unwrap()).unwrap();
    (
        case["api"].as_str().unwrap().to_owned(),
        fs::read(d.join("response.bin")).unwrap(),
    )
}

fn expected(amount: Option<&str>) -> ExpectedPaymentLink {
    ExpectedPaymentLink {
        mid: Mid::new(MID).unwrap(),
        link_id: LinkId::new(100000123).unwrap(),
        amount: amount.map(|a| Amount::parse(a).unwrap()),
    }
}

#[test]
fn webhook_counts_only_for_this_link_and_amount() {
    let (api, raw) = fixture("link_webhook_success");
    let r = parse_response(&api, 200, &raw, Some(&key()), &ParseOptions::default()).unwrap();
    assert_eq!(r.verification, Verification::Verified);
    assert_eq!(r.class, ResultClass::Success);
    let ResponseData::PaymentLinkWebhook(w) = &r.data else {
        panic!("{:?}", r.data)
    };
    assert_eq!(w.link_id, 100000123);
    assert_eq!(
        r.transaction().unwrap().amount,
        Some(Amount::parse("499.50").unwrap())
    );
    expected(Some("499.50")).check_webhook(w).unwrap();
    expected(None).check_webhook(w).unwrap();
    let e = expected(Some("499.00")).check_webhook(w).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OrderMismatch);
    let mut other = expected(Some("499.50"));
    other.link_id = LinkId::new(100000124).unwrap();
    assert_eq!(
        other.check_webhook(w).unwrap_err().code(),
        ErrorCode::OrderMismatch
    );
    let mut other_mid = expected(Some("499.50"));
    other_mid.mid = Mid::new("OTHER000000000000001").unwrap();
    assert_eq!(
        other_mid.check_webhook(w).unwrap_err().code(),
        ErrorCode::OrderMismatch
    );
    // Without a key, a strict parse refuses; a tampered link id fails the checksum.
    assert!(parse_response(&api, 200, &raw, None, &ParseOptions::default()).is_err());
    let (_, bad) = fixture("link_webhook_tampered_link_id");
    let e = parse_response(&api, 200, &bad, Some(&key()), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ChecksumMismatch);
}

#[test]
fn create_and_fetch_are_checked_against_the_link() {
    let (api, raw) = fixture("link_create_success");
    let r = parse_response(&api, 200, &raw, Some(&key()), &ParseOptions::default()).unwrap();
    let ResponseData::CreatePaymentLink(c) = &r.data else {
        panic!()
    };
    expected(Some("499.50")).check_create(c).unwrap();
    assert!(expected(Some("1.00")).check_create(c).is_err());
    let (api, raw) = fixture("link_fetch_expired");
    let r = parse_response(&api, 200, &raw, Some(&key()), &ParseOptions::default()).unwrap();
    let ResponseData::FetchPaymentLink(f) = &r.data else {
        panic!()
    };
    let l = expected(Some("499.50")).check_fetch(f).unwrap();
    assert_eq!(l.is_active, Some(false));
    let mut other = expected(Some("499.50"));
    other.link_id = LinkId::new(7).unwrap();
    assert_eq!(
        other.check_fetch(f).unwrap_err().code(),
        ErrorCode::OrderMismatch
    );
}
