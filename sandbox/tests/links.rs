//! Payment Links against the sandbox, with core's own builders and parsers: a link created,
//! paid once at its page, its signed webhook verified and checked against the link, Fetch Link
//! reporting it paid; a second payment refused; an expired link refused at its page.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{channel, Receiver};

use common::{post, post_form, PATIENCE};
use paytm_checkout::api::link::LinkId;
use paytm_checkout::api::{build_request, BuildOptions, Credentials};
use paytm_checkout::http::Environment;
use paytm_checkout::response::{
    parse_response, ExpectedPaymentLink, ParseOptions, ParsedResponse, ResponseData, Verification,
};
use paytm_checkout::result_codes::ResultClass;
use paytm_checkout::types::{Amount, Mid};
use paytm_checkout::MerchantKey;
use paytm_sandbox::{Config, Sandbox, TEST_KEY, TEST_MID};
use serde_json::{json, Value};

fn key() -> MerchantKey {
    MerchantKey::new(TEST_KEY.as_bytes()).unwrap()
}

/// A listener answering 200 to every POST, sending each body it receives.
fn listener() -> (String, Receiver<String>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/paytm/link", l.local_addr().unwrap());
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut s) = conn else { return };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            if tx.send(String::from_utf8(body).unwrap()).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

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

#[test]
fn a_link_is_paid_once_and_its_verified_webhook_is_about_it() {
    let (url, rx) = listener();
    // The link names no statusCallbackUrl (core asks for https://, this listener is plain
    // http): the webhook goes to the merchant's webhook URL.
    let sb = Sandbox::start(Config {
        webhook_url: Some(url),
        ..Config::default()
    })
    .unwrap();
    let (link_id, page) = create(sb.addr());
    let expected = ExpectedPaymentLink {
        mid: Mid::new(TEST_MID).unwrap(),
        link_id: LinkId::new(link_id).unwrap(),
        amount: Some(Amount::parse("499.50").unwrap()),
    };
    assert_eq!(common::get(sb.addr(), &page).status, 200);
    let id = link_id.to_string();
    let paid = post_form(
        sb.addr(),
        "/sandbox/link/pay",
        &[("linkId", &id), ("action", "approve")],
    );
    assert_eq!(paid.status, 200, "{paid:?}");
    let body = rx.recv_timeout(PATIENCE).unwrap();
    let w = parse_response(
        "payment_link_webhook",
        200,
        body.as_bytes(),
        Some(&key()),
        &ParseOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (w.verification, w.class),
        (Verification::Verified, ResultClass::Success)
    );
    let ResponseData::PaymentLinkWebhook(hook) = &w.data else {
        panic!()
    };
    expected.check_webhook(hook).unwrap();
    // Paid once: a second answer is refused and nothing more is pushed.
    let again = post_form(
        sb.addr(),
        "/sandbox/link/pay",
        &[("linkId", &id), ("action", "approve")],
    );
    assert_eq!(again.status, 409);
    assert!(rx
        .recv_timeout(std::time::Duration::from_millis(300))
        .is_err());
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
    let (url, rx) = listener();
    // The link names no statusCallbackUrl (core asks for https://, this listener is plain
    // http): the webhook goes to the merchant's webhook URL.
    let sb = Sandbox::start(Config {
        webhook_url: Some(url),
        ..Config::default()
    })
    .unwrap();
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
    let id = link_id.to_string();
    let paid = post_form(
        sb.addr(),
        "/sandbox/link/pay",
        &[("linkId", &id), ("action", "approve")],
    );
    assert_eq!(paid.status, 410, "{paid:?}");
    assert!(rx
        .recv_timeout(std::time::Duration::from_millis(300))
        .is_err());
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
