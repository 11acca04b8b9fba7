//! Payment Links against the sandbox, with core's own builders and parsers: a link created,
//! paid once at its page, its signed webhook verified and checked against the link, Fetch Link
//! reporting it paid; a second payment refused; an expired link refused at its page.

mod common;

use std::net::SocketAddr;
use std::sync::mpsc::Receiver;

use common::{key, listener, parse_with_key, post, post_form, with_webhooks, Reply, PATIENCE};
use paytm_checkout::api::link::LinkId;
use paytm_checkout::api::{build_request, BuildOptions, Credentials};
use paytm_checkout::http::Environment;
use paytm_checkout::response::{
    parse_response, ExpectedPaymentLink, ParseOptions, ParsedResponse, ResponseData, Verification,
};
use paytm_checkout::result_codes::ResultClass;
use paytm_checkout::types::{Amount, Mid};
use paytm_sandbox::TEST_MID;
use serde_json::{json, Value};

/// Builds `api` with core, sends it to the sandbox and parses the answer, verified.
fn call(addr: SocketAddr, api: &str, params: Value) -> ParsedResponse {
    let req = build_request(
        api,
        params.to_string().as_bytes(),
        &Credentials::with_key(key()),
        &BuildOptions::new(Environment::Staging),
    )
    .unwrap();
    let path = &req.url["https://securestage.paytmpayments.com".len()..];
    let r = post(addr, path, req.body_str().unwrap().as_bytes());
    let parsed = parse_response(
        api,
        r.status,
        r.body.as_bytes(),
        Some(&key()),
        &ParseOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{api}: {e:?} {r:?}"));
    assert_eq!(parsed.verification, Verification::Verified, "{api}");
    parsed
}

fn create(addr: SocketAddr) -> (u64, String) {
    let r = call(
        addr,
        "create_payment_link",
        json!({"mid": TEST_MID, "linkName": "Invoice_42",
        "linkDescription": "Order 42", "linkType": "FIXED", "amount": "499.50",
        "expiryDate": "31/12/2099"}),
    );
    assert_eq!(r.class, ResultClass::Success);
    let ResponseData::CreatePaymentLink(c) = r.data else {
        panic!()
    };
    let url = c.short_url.unwrap();
    (
        c.link_id.unwrap(),
        url[url.find("/sandbox/").unwrap()..].to_owned(),
    )
}

/// The customer approves link `link_id` at its page.
fn approve(addr: SocketAddr, link_id: u64) -> Reply {
    let id = link_id.to_string();
    post_form(
        addr,
        "/sandbox/link/pay",
        &[("linkId", &id), ("action", "approve")],
    )
}

/// No webhook arrives (within 300 ms).
fn nothing_pushed(rx: &Receiver<String>) {
    assert!(rx
        .recv_timeout(std::time::Duration::from_millis(300))
        .is_err());
}

#[test]
fn a_link_is_paid_once_and_its_verified_webhook_is_about_it() {
    let (url, rx) = listener("/paytm/link", vec![]);
    // The link names no statusCallbackUrl (core asks for https://, this listener is plain
    // http): the webhook goes to the merchant's webhook URL.
    let sb = with_webhooks(&url);
    let (link_id, page) = create(sb.addr());
    let expected = ExpectedPaymentLink {
        mid: Mid::new(TEST_MID).unwrap(),
        link_id: LinkId::new(link_id).unwrap(),
        amount: Some(Amount::parse("499.50").unwrap()),
    };
    assert_eq!(common::get(sb.addr(), &page).status, 200);
    let paid = approve(sb.addr(), link_id);
    assert_eq!(paid.status, 200, "{paid:?}");
    let body = rx.recv_timeout(PATIENCE).unwrap();
    let w = parse_with_key("payment_link_webhook", &body);
    assert_eq!(
        (w.verification, w.class),
        (Verification::Verified, ResultClass::Success)
    );
    let ResponseData::PaymentLinkWebhook(hook) = &w.data else {
        panic!()
    };
    expected.check_webhook(hook).unwrap();
    // Paid once: a second answer is refused and nothing more is pushed.
    let again = approve(sb.addr(), link_id);
    assert_eq!(again.status, 409);
    nothing_pushed(&rx);
    let f = call(
        sb.addr(),
        "fetch_payment_link",
        json!({"head": {"channelId": "WEB"}, "mid": TEST_MID, "linkId": link_id}),
    );
    let ResponseData::FetchPaymentLink(f) = &f.data else {
        panic!()
    };
    let l = expected.check_fetch(f).unwrap();
    assert_eq!(
        (l.status.as_deref(), l.is_active),
        (Some("PAID"), Some(false))
    );
    // A paid link cannot be expired.
    let e = call(
        sb.addr(),
        "expire_payment_link",
        json!({"head": {"channelId": "WEB"}, "mid": TEST_MID, "linkId": link_id}),
    );
    assert_ne!(e.class, ResultClass::Success);
}

#[test]
fn an_expired_link_cannot_be_paid() {
    let (url, rx) = listener("/paytm/link", vec![]);
    // The link names no statusCallbackUrl (core asks for https://, this listener is plain
    // http): the webhook goes to the merchant's webhook URL.
    let sb = with_webhooks(&url);
    let (link_id, page) = create(sb.addr());
    let web = json!({"channelId": "WEB"});
    let r = call(
        sb.addr(),
        "resend_payment_link",
        json!({"head": web, "mid": TEST_MID, "linkId": link_id, "sendSms": true,
        "notifyContact": {"customerMobile": "7777777777"}}),
    );
    assert_eq!(r.class, ResultClass::Success);
    let r = call(
        sb.addr(),
        "expire_payment_link",
        json!({"head": web, "mid": TEST_MID, "linkId": link_id}),
    );
    assert_eq!(r.class, ResultClass::Success);
    assert_eq!(common::get(sb.addr(), &page).status, 410);
    let paid = approve(sb.addr(), link_id);
    assert_eq!(paid.status, 410, "{paid:?}");
    nothing_pushed(&rx);
    let r = call(
        sb.addr(),
        "resend_payment_link",
        json!({"head": web, "mid": TEST_MID, "linkId": link_id, "sendEmail": true}),
    );
    assert_ne!(r.class, ResultClass::Success);
    // Another merchant's key or a forged body is refused by the signature check.
    let forged = post(
        sb.addr(),
        "/link/expire",
        br#"{"head":{"signature":"x"},"body":{"mid":"INTEGR7769XXXXXX9383","linkId":1}}"#,
    );
    assert!(parse_response(
        "expire_payment_link",
        forged.status,
        forged.body.as_bytes(),
        Some(&key()),
        &ParseOptions::default()
    )
    .map(|r| r.class != ResultClass::Success)
    .unwrap_or(true));
}
