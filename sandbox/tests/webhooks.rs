//! S2S webhooks pushed by the sandbox, received by a tiny HTTP listener here: signed so that
//! core verifies them, duplicated and reordered by the instruments, retried after a 500; and a
//! payment request paid at its page, then pushed and reported by Transaction Status.

mod common;

use std::sync::mpsc::Receiver;
use std::time::Duration;

use common::{initiate, key, listener, post, post_form, process, signed, with_webhooks, PATIENCE};
use paytm_checkout::callback::parse_callback;
use paytm_checkout::response::ParseOptions;
use paytm_checkout::result_codes::TxnState;
use paytm_sandbox::{Sandbox, TEST_MID};
use serde_json::json;

/// The state of a received payment webhook, verified with the merchant key.
fn verified_state(body: &str, order: &str) -> TxnState {
    let cb = parse_callback(body.as_bytes(), Some(&key()), &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(cb.txn.order_id.as_str(), order);
    cb.txn.state
}

/// A sandbox pushing its webhooks to a new listener (answering `statuses` in turn), after a
/// wallet payment of `amount` for `order`: the sandbox and the listener's receiver.
fn paid_with_listener(
    statuses: Vec<u16>,
    order: &str,
    amount: &str,
) -> (Sandbox, Receiver<String>) {
    let (url, rx) = listener("/paytm/webhook", statuses);
    let sb = with_webhooks(&url);
    wallet_payment(sb.addr(), order, amount);
    (sb, rx)
}

fn wallet_payment(addr: std::net::SocketAddr, order: &str, amount: &str) {
    let token = initiate(addr, order, amount);
    process(addr, order, &token, json!({"paymentMode": "BALANCE"}));
}

#[test]
fn a_final_payment_pushes_one_signed_webhook_that_core_verifies() {
    let (_sb, rx) = paid_with_listener(vec![], "ORDER_WH_1", "10.00");
    let body = rx.recv_timeout(PATIENCE).unwrap();
    assert_eq!(verified_state(&body, "ORDER_WH_1"), TxnState::Success);
    // Tampered, it no longer verifies.
    let forged = body.replace("TXNAMOUNT=10.00", "TXNAMOUNT=90.00");
    assert!(parse_callback(forged.as_bytes(), Some(&key()), &ParseOptions::default()).is_err());
    assert!(
        rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "one webhook only"
    );
}

#[test]
fn amount_201_delivers_the_webhook_twice_and_202_a_stale_pending_after_the_final_one() {
    let (sb, rx) = paid_with_listener(vec![], "ORDER_WH_DUP", "201.00");
    let a = rx.recv_timeout(PATIENCE).unwrap();
    let b = rx.recv_timeout(PATIENCE).unwrap();
    assert_eq!(a, b);
    assert_eq!(verified_state(&a, "ORDER_WH_DUP"), TxnState::Success);
    wallet_payment(sb.addr(), "ORDER_WH_OOO", "202.00");
    let first = rx.recv_timeout(PATIENCE).unwrap();
    let stale = rx.recv_timeout(PATIENCE).unwrap();
    assert_eq!(verified_state(&first, "ORDER_WH_OOO"), TxnState::Success);
    assert_eq!(verified_state(&stale, "ORDER_WH_OOO"), TxnState::Pending);
}

#[test]
fn a_webhook_answered_500_is_retried_and_every_attempt_is_listed() {
    let (sb, rx) = paid_with_listener(vec![500, 500], "ORDER_WH_RETRY", "10.00");
    let bodies: Vec<String> = (0..3).map(|_| rx.recv_timeout(PATIENCE).unwrap()).collect();
    assert!(bodies.iter().all(|b| b == &bodies[0]));
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let list = common::get(sb.addr(), "/__admin/webhooks").json();
        let d = &list["deliveries"][0];
        if d["state"] == "delivered" {
            let statuses: Vec<u64> = d["attempts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["status"].as_u64().unwrap())
                .collect();
            assert_eq!(statuses, [500, 500, 200]);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{list}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_paid_payment_request_pushes_its_webhook_and_status_reports_it() {
    let (url, rx) = listener("/paytm/webhook", vec![]);
    let sb = with_webhooks("http://127.0.0.1:9/unused");
    // The admin call overrides the configured URL for this merchant.
    let r = post(
        sb.addr(),
        &format!("/__admin/webhook?mid={TEST_MID}&url={url}"),
        b"",
    );
    assert_eq!(r.status, 200, "{r:?}");
    let send = json!({"mid": TEST_MID, "merchantOrderId": "ORDER_PR_1", "amount": "55.00",
                      "posId": "S12_123", "userPhoneNo": "7777777777",
                      "expiry": "2099-01-30 12:30:30"});
    let reply = post(sb.addr(), "/order/sendpaymentrequest", &signed(&send)).json();
    assert_eq!(reply["body"]["resultInfo"]["resultStatus"], "S", "{reply}");
    let link = reply["body"]["sandboxPayLink"].as_str().unwrap().to_owned();
    let path = &link[link.find("/sandbox/").unwrap()..];
    assert_eq!(common::get(sb.addr(), path).status, 200);
    let paid = post_form(
        sb.addr(),
        "/sandbox/payment-request/pay",
        &[
            ("mid", TEST_MID),
            ("orderId", "ORDER_PR_1"),
            ("action", "approve"),
        ],
    );
    assert_eq!(paid.status, 200, "{paid:?}");
    let body = rx.recv_timeout(PATIENCE).unwrap();
    assert_eq!(verified_state(&body, "ORDER_PR_1"), TxnState::Success);
    let status = common::status(sb.addr(), "ORDER_PR_1");
    assert_eq!(
        status["resultInfo"]["resultStatus"], "TXN_SUCCESS",
        "{status}"
    );
    assert_eq!(status["txnAmount"], "55.00");
    // Paid once: the page refuses a second answer, and resend refuses a paid request.
    let again = post_form(
        sb.addr(),
        "/sandbox/payment-request/pay",
        &[
            ("mid", TEST_MID),
            ("orderId", "ORDER_PR_1"),
            ("action", "decline"),
        ],
    );
    assert_eq!(again.status, 409);
    let resend = json!({"mid": TEST_MID, "merchantOrderId": "ORDER_PR_1"});
    let r = post(sb.addr(), "/order/resendpaymentrequest", &signed(&resend)).json();
    assert_eq!(r["body"]["resultInfo"]["resultStatus"], "F", "{r}");
}

#[test]
fn a_completed_refund_pushes_a_signed_refund_webhook_that_binds_to_its_refund_session() {
    use paytm_checkout::session::RefundSession;
    let (sb, rx) = paid_with_listener(vec![], "ORDER_WH_RF", "10.00");
    let pay = rx.recv_timeout(PATIENCE).unwrap();
    let cb = parse_callback(pay.as_bytes(), Some(&key()), &ParseOptions::default()).unwrap();
    let txn_id = cb.txn.txn_id.clone().unwrap();
    let apply = json!({"mid": TEST_MID, "txnType": "REFUND", "orderId": "ORDER_WH_RF",
                       "txnId": txn_id, "refId": "REF_WH_1", "refundAmount": "4.00"});
    let r = post(sb.addr(), "/refund/apply", &signed(&apply)).json();
    assert_eq!(r["body"]["resultInfo"]["resultStatus"], "PENDING", "{r}");
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "pushed before completing"
    );
    // The sandbox's refund is pending for one status query and completes with it: the webhook
    // follows, and the next query reports success.
    common::refund_status(sb.addr(), "ORDER_WH_RF", "REF_WH_1");
    let hook = rx.recv_timeout(PATIENCE).unwrap();
    let st = common::refund_status(sb.addr(), "ORDER_WH_RF", "REF_WH_1");
    assert!(st.to_string().contains("TXN_SUCCESS"), "{st}");
    let parsed = paytm_checkout::response::parse_response(
        "refund_webhook",
        200,
        hook.as_bytes(),
        Some(&key()),
        &ParseOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}: {hook}"));
    let paytm_checkout::response::ResponseData::RefundStatus(rs) = &parsed.data else {
        panic!("{hook}")
    };
    assert_eq!(rs.ref_id.as_deref(), Some("REF_WH_1"));
    assert_eq!(rs.refund_amount.unwrap().to_string(), "4.00");
    let session = |ref_id: &str, amount: &str| {
        let config = json!({"mid": TEST_MID, "orderId": "ORDER_WH_RF", "txnId": txn_id,
                            "refId": ref_id, "refundAmount": amount});
        RefundSession::from_json(config.to_string().as_bytes(), key()).unwrap()
    };
    // Its own refund session takes it; another refund's (REFID, amount) refuses it.
    session("REF_WH_1", "4.00")
        .handle_callback(hook.as_bytes(), 0)
        .unwrap();
    for (ref_id, amount) in [("REF_OTHER", "4.00"), ("REF_WH_1", "5.00")] {
        let e = session(ref_id, amount)
            .handle_callback(hook.as_bytes(), 0)
            .unwrap_err();
        assert_eq!(e.code(), paytm_checkout::ErrorCode::OrderMismatch, "{e}");
    }
    // Tampered, it does not verify.
    let forged = hook.replace("\"4.00\"", "\"9.00\"");
    assert!(session("REF_WH_1", "9.00")
        .handle_callback(forged.as_bytes(), 0)
        .is_err());
}
