//! A raw HTTP/1.1 client over `std::net::TcpStream`, and a few signed Paytm calls built by hand:
//! the hostile tests need requests no well-behaved client sends, and exact control over the
//! connection (half-sent heads, bodies that never finish).

#![allow(dead_code)] // each test file uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use paytm_checkout::response::{parse_response, ParseOptions, ParsedResponse};
use paytm_checkout::MerchantKey;
use paytm_sandbox::html::{read_form, ReadForm};
use paytm_sandbox::{Config, Sandbox, TEST_KEY, TEST_MID};
use serde_json::{json, Value};

/// Upper bound on any single wait for the server in these tests (a failure, not a timing).
pub const PATIENCE: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn form(&self) -> Option<ReadForm> {
        read_form(&self.body)
    }

    /// A field of the form this page carries.
    pub fn field(&self, name: &str) -> Option<String> {
        self.form()?
            .fields
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// Reads until the server closes (or resets) the connection; keeps what arrived.
pub fn read_all(s: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

pub fn parse(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete HTTP answer: {text:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {head:?}"));
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// Sends raw bytes on a new connection and reads the whole answer (the request should say
/// `Connection: close`). Write errors are ignored: a server may answer and close before it
/// has read everything (413).
pub fn raw(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let _ = s.write_all(request);
    let got = read_all(&mut s);
    parse(&got)
}

pub fn request(addr: SocketAddr, method: &str, path: &str, ctype: &str, body: &[u8]) -> Reply {
    let mut r = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    raw(addr, &r)
}

pub fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path, "text/plain", b"")
}

pub fn post(addr: SocketAddr, path: &str, body: &[u8]) -> Reply {
    request(addr, "POST", path, "application/json", body)
}

pub fn post_form(addr: SocketAddr, path: &str, fields: &[(&str, &str)]) -> Reply {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    request(
        addr,
        "POST",
        path,
        "application/x-www-form-urlencoded",
        body.as_bytes(),
    )
}

pub fn now(addr: SocketAddr) -> u64 {
    let r = get(addr, "/__admin/clock");
    assert_eq!(r.status, 200, "{r:?}");
    r.json()["now"].as_u64().unwrap()
}

/// The sandbox's test merchant's key.
pub fn key() -> MerchantKey {
    MerchantKey::new(TEST_KEY.as_bytes()).unwrap()
}

/// Parses `body` as response `api` (a webhook: HTTP 200) with the test merchant's key.
pub fn parse_with_key(api: &str, body: &str) -> ParsedResponse {
    parse_response(
        api,
        200,
        body.as_bytes(),
        Some(&key()),
        &ParseOptions::default(),
    )
    .unwrap()
}

/// A sandbox that pushes its webhooks to `url`.
pub fn with_webhooks(url: &str) -> Sandbox {
    Sandbox::start(Config {
        webhook_url: Some(url.to_owned()),
        ..Config::default()
    })
    .unwrap()
}

/// A listener at `http://…{path}` answering `statuses` in turn (then 200), sending every body it
/// receives.
pub fn listener(path: &str, statuses: Vec<u16>) -> (String, Receiver<String>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}{path}", l.local_addr().unwrap());
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut statuses = statuses.into_iter();
        for conn in l.incoming() {
            let Ok(mut s) = conn else { return };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            let status = statuses.next().unwrap_or(200);
            let _ = write!(
                s,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            if tx.send(String::from_utf8(body).unwrap()).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

/// `{"head":{"signature":…},"body":BODY}` signed over the exact body text.
pub fn signed(body: &Value) -> Vec<u8> {
    let text = body.to_string();
    let sig = key().generate(text.as_bytes()).unwrap();
    format!(r#"{{"head":{{"signature":"{sig}"}},"body":{text}}}"#).into_bytes()
}

/// Initiates `order` and returns its txnToken.
pub fn initiate(addr: SocketAddr, order: &str, amount: &str) -> String {
    initiate_at(
        addr,
        "/theia/api/v1/initiateTransaction",
        order,
        amount,
        json!({}),
    )
}

/// Initiates `order` at `path` (Initiate Transaction or Subscription) with the members of
/// `extra` added to (or replacing) the usual ones; its txnToken.
pub fn initiate_at(
    addr: SocketAddr,
    path: &str,
    order: &str,
    amount: &str,
    extra: Value,
) -> String {
    let mut body = json!({"requestType": "Payment", "mid": TEST_MID, "orderId": order,
                          "websiteName": "WEBSTAGING", "txnAmount": {"value": amount, "currency": "INR"},
                          "userInfo": {"custId": "CUST_001"},
                          "callbackUrl": "https://merchant.example/paytm/callback"});
    for (k, v) in extra.as_object().into_iter().flatten() {
        body[k] = v.clone();
    }
    let r = post(
        addr,
        &format!("{path}?mid={TEST_MID}&orderId={order}"),
        &signed(&body),
    );
    let v = r.json();
    assert_eq!(v["body"]["resultInfo"]["resultCode"], "0000", "{v}");
    v["body"]["txnToken"].as_str().unwrap().to_owned()
}

/// Process Transaction with `payment` (paymentMode and its fields); the answer's body.
pub fn process(addr: SocketAddr, order: &str, token: &str, payment: Value) -> Value {
    let mut body = json!({"requestType": "NATIVE", "mid": TEST_MID, "orderId": order});
    for (k, v) in payment.as_object().unwrap() {
        body[k] = v.clone();
    }
    let req = json!({"head": {"txnToken": token}, "body": body});
    let r = post(
        addr,
        &format!("/theia/api/v1/processTransaction?mid={TEST_MID}&orderId={order}"),
        req.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{r:?}");
    r.json()["body"].clone()
}

/// Pays by card; returns the bank page's `MD` (the payment's txn id).
pub fn pay_card(addr: SocketAddr, order: &str, token: &str, number: &str, cvv: &str) -> String {
    let b = process(
        addr,
        order,
        token,
        json!({"paymentMode": "CREDIT_CARD", "authMode": "otp",
               "cardInfo": format!("|{number}|{cvv}|122032")}),
    );
    let md = b["bankForm"]["redirectForm"]["content"]["MD"]
        .as_str()
        .unwrap_or_else(|| panic!("no bank form: {b}"));
    md.to_owned()
}

/// Pays by UPI intent; returns the deep link's `tr` (the payment's txn id).
pub fn pay_upi_intent(addr: SocketAddr, order: &str, token: &str) -> String {
    let b = process(addr, order, token, json!({"paymentMode": "UPI_INTENT"}));
    b["deepLinkInfo"]["transId"]
        .as_str()
        .unwrap_or_else(|| panic!("no deep link: {b}"))
        .to_owned()
}

/// Posts the OTP at the bank page for `md`.
pub fn bank_otp(addr: SocketAddr, md: &str, otp: &str) -> Reply {
    post_form(addr, "/sandbox/bank/acs", &[("MD", md), ("otp", otp)])
}

/// Signed Transaction Status; the answer's body.
pub fn status(addr: SocketAddr, order: &str) -> Value {
    let r = post(
        addr,
        "/v3/order/status",
        &signed(&json!({"mid": TEST_MID, "orderId": order})),
    );
    r.json()["body"].clone()
}

/// Signed Refund Status of `ref_id`; the answer's body.
pub fn refund_status(addr: SocketAddr, order: &str, ref_id: &str) -> Value {
    let r = post(
        addr,
        "/v2/refund/status",
        &signed(&json!({"mid": TEST_MID, "orderId": order, "refId": ref_id})),
    );
    r.json()["body"].clone()
}

/// The sandbox's own view of an order (`/__admin/orders`).
pub fn order_state(addr: SocketAddr, order: &str) -> Value {
    let v = get(addr, "/__admin/orders").json();
    v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["orderId"] == order)
        .cloned()
        .unwrap_or_else(|| panic!("no order {order}: {v}"))
}
