//! The other paths of the same APIs that Paytm's own server SDKs call (PyPI `paytm-pg` 1.1.x
//! initiates at `/order/initiate`; npm `paytm-pg-node-sdk` 1.0.x asks status, refund and refund
//! status at `/merchant-status/api/v1/getPaymentStatus`, `/refund/api/v1/async/refund` and
//! `/refund/api/v1/refundStatus`) are answered exactly as the core's paths are, and every reply's
//! head says the `version` its request's head carried (`v1` when none). The SDKs themselves run
//! in python_crosscheck.rs and tests/js/sandbox-sdk.test.mjs.

mod common;

use common::*;
use paytm_checkout::MerchantKey;
use paytm_sandbox::{Config, Sandbox, TEST_KEY, TEST_MID};
use serde_json::{json, Value};

/// `{"head":{"version":V,"signature":…},"body":BODY}`, as the SDKs send it.
fn signed_v(body: &Value, version: &str) -> Vec<u8> {
    let text = body.to_string();
    let key = MerchantKey::new(TEST_KEY.as_bytes()).unwrap();
    let sig = key.generate(text.as_bytes()).unwrap();
    format!(r#"{{"head":{{"version":"{version}","signature":"{sig}"}},"body":{text}}}"#)
        .into_bytes()
}

/// The reply's JSON after checking its head's version and its signature over the body text.
fn answer(r: &Reply, version: &str) -> Value {
    assert_eq!(r.status, 200, "{r:?}");
    let v = r.json();
    assert_eq!(v["head"]["version"], version, "{v}");
    let text = r.body.as_str();
    let body_text = &text[text.find(r#","body":"#).unwrap() + 8..text.len() - 1];
    let key = MerchantKey::new(TEST_KEY.as_bytes()).unwrap();
    let sig = v["head"]["signature"].as_str().unwrap();
    assert!(key.verify(body_text.as_bytes(), sig.as_bytes()), "{text}");
    v["body"].clone()
}

/// Posts `body` signed with head version `v2` to `path`, as the SDKs do; the checked reply's body.
fn call_v2(addr: std::net::SocketAddr, path: &str, body: &Value) -> Value {
    answer(&post(addr, path, &signed_v(body, "v2")), "v2")
}

#[test]
fn the_sdks_paths_answer_as_the_cores_do_and_echo_the_version() {
    let sb = Sandbox::start(Config::default()).unwrap();
    let addr = sb.addr();
    let order = "SDKPATHS1";
    let init = json!({"requestType": "Payment", "mid": TEST_MID, "orderId": order,
                      "websiteName": "WEBSTAGING", "txnAmount": {"value": "300.00", "currency": "INR"},
                      "userInfo": {"custId": "CUST_001"}});
    let b = call_v2(
        addr,
        &format!("/order/initiate?mid={TEST_MID}&orderId={order}"),
        &init,
    );
    assert_eq!(b["resultInfo"]["resultCode"], "0000", "{b}");
    let token = b["txnToken"].as_str().unwrap().to_owned();
    let paid = process(addr, order, &token, json!({"paymentMode": "BALANCE"}));
    assert_eq!(paid["resultInfo"]["resultStatus"], "S", "{paid}");

    let q = json!({"mid": TEST_MID, "orderId": order});
    let b = call_v2(addr, "/merchant-status/api/v1/getPaymentStatus", &q);
    assert_eq!(b["resultInfo"]["resultStatus"], "TXN_SUCCESS", "{b}");
    let txn_id = b["txnId"].as_str().unwrap().to_owned();

    let refund = json!({"mid": TEST_MID, "orderId": order, "refId": "SDKREF1", "txnId": txn_id,
                        "txnType": "REFUND", "refundAmount": "100.00"});
    let b = call_v2(addr, "/refund/api/v1/async/refund", &refund);
    assert_eq!(b["resultInfo"]["resultCode"], "601", "{b}");

    let rs = json!({"mid": TEST_MID, "orderId": order, "refId": "SDKREF1"});
    for expected in ["PENDING", "TXN_SUCCESS"] {
        let b = call_v2(addr, "/refund/api/v1/refundStatus", &rs);
        assert_eq!(b["resultInfo"]["resultStatus"], expected, "{b}");
    }

    // No version in the head: v1. A bad signature's refusal echoes the version too.
    let r = post(addr, "/v3/order/status", &signed(&q));
    assert_eq!(
        answer(&r, "v1")["resultInfo"]["resultStatus"],
        "TXN_SUCCESS"
    );
    let mut forged = signed_v(&q, "v3");
    let at = forged.len() - 4;
    forged[at] ^= 1; // the last character of the orderId, after signing
    let r = post(addr, "/merchant-status/api/v1/getPaymentStatus", &forged);
    assert_eq!(answer(&r, "v3")["resultInfo"]["resultCode"], "2005");
}
