//! End-to-end: the Rust engine's sessions, driven by the host loop over real HTTP on loopback
//! against an in-process sandbox (one per test, ephemeral port). Every scenario ends in an
//! outcome the test checks, plus the steps that prove the path it took.

use paytm_checkout::error::ErrorCode;
use paytm_checkout::session::{
    CheckoutSession, FailureReason, Outcome, OutcomeStatus, Purpose, RefundSession, WaitReason,
};
use paytm_checkout::{HttpRequest, MerchantKey};
use paytm_sandbox::host::{checkout_config, Customer, Host, Step};
use paytm_sandbox::instruments as ins;
use paytm_sandbox::{Config, Sandbox, TEST_KEY, TEST_MID};
use serde_json::json;

const HOUR: u64 = 3_600_000;
/// Process Transaction JSON: pay from the Paytm wallet balance.
const BALANCE: &str = r#"{"paymentMode":"BALANCE"}"#;

fn key() -> MerchantKey {
    MerchantKey::new(TEST_KEY.as_bytes()).unwrap()
}

fn start() -> (Sandbox, Host) {
    let sb = Sandbox::start(Config::default()).unwrap();
    let host = Host::new(&sb.base_url());
    (sb, host)
}

fn config(base: &str, order: &str, amount: &str) -> Vec<u8> {
    serde_json::to_vec(&checkout_config(base, order, amount)).unwrap()
}

fn session(host: &Host, order: &str, amount: &str) -> CheckoutSession {
    CheckoutSession::from_json(&config(host.base(), order, amount), Some(key())).unwrap()
}

fn card(number: &str, cvv: &str) -> String {
    json!({"paymentMode": "CREDIT_CARD", "authMode": "otp",
           "cardInfo": {"type": "new", "cardNumber": number, "cvv": cvv, "expiry": "122032"}})
    .to_string()
}

fn upi_collect(vpa: &str) -> String {
    json!({"paymentMode": "UPI", "payerAccount": vpa}).to_string()
}

fn checkout(host: &mut Host, order: &str, amount: &str, payment: &str) -> Outcome {
    let mut s = session(host, order, amount);
    host.run_checkout(&mut s, payment, &Customer::default())
        .unwrap()
}

fn waits(host: &Host, reason: WaitReason) -> usize {
    host.steps
        .iter()
        .filter(|s| matches!(s, Step::Waited { reason: r, .. } if *r == reason))
        .count()
}

fn success(o: &Outcome, amount: &str) {
    assert_eq!(o.status, OutcomeStatus::Success, "{o:?}");
    let t = o.transaction.as_ref().unwrap();
    assert_eq!(t.amount.unwrap().to_string(), amount);
    assert_eq!(
        serde_json::to_value(t.verification).unwrap(),
        json!("verified")
    );
}

/// A new sandbox where `order` was paid by `payment`: asserts the verified success of `amount`.
fn paid(order: &str, amount: &str, payment: &str) -> (Sandbox, Host, Outcome) {
    let (sb, mut host) = start();
    let o = checkout(&mut host, order, amount, payment);
    success(&o, amount);
    (sb, host, o)
}

fn failed(o: &Outcome, reason: FailureReason) {
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
    assert_eq!(o.reason, Some(reason), "{o:?}");
}

/// [`failed`], with the result code Paytm gave.
fn failed_with(o: &Outcome, reason: FailureReason, code: &str) {
    failed(o, reason);
    let failure = o.failure.as_ref().unwrap();
    assert_eq!(failure.code.as_deref(), Some(code), "{o:?}");
}

fn callback_field<'a>(host: &'a Host, name: &str) -> Option<&'a str> {
    host.steps.iter().rev().find_map(|s| match s {
        Step::Callback { fields, .. } => fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str()),
        _ => None,
    })
}

#[test]
fn card_success_through_the_bank_page_and_callback() {
    let (_sb, host, _) = paid("ORDER_CARD_1", "1.00", &card(ins::CARD_SUCCESS, "123"));
    assert!(host
        .steps
        .iter()
        .any(|s| matches!(s, Step::BankPage { html, .. } if html.contains("name=\"otp\""))));
    assert_eq!(callback_field(&host, "STATUS"), Some("TXN_SUCCESS"));
    assert!(callback_field(&host, "CHECKSUMHASH").is_some());
    // The callback came before the status check, which decided.
    let kinds: Vec<&str> = host
        .steps
        .iter()
        .map(|s| match s {
            Step::Sent { purpose, .. } => purpose.api(),
            Step::BankPage { .. } => "bank",
            Step::Callback { .. } => "callback",
            Step::Paid { .. } => "pay",
            Step::Done { .. } => "done",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "initiate_transaction",
            "pay",
            "process_transaction",
            "bank",
            "callback",
            "transaction_status",
            "done"
        ]
    );
    // Card data never reached the transcript.
    let all = format!("{:?}", host.steps);
    assert!(!all.contains(ins::CARD_SUCCESS), "card number in the steps");
}

#[test]
fn net_banking_success() {
    let nb = json!({"paymentMode": "NET_BANKING", "channelCode": "SBI"}).to_string();
    paid("ORDER_NB_1", "250.00", &nb);
}

#[test]
fn upi_intent_deep_link_then_app_approval() {
    let (_sb, host, _) = paid(
        "ORDER_UPI_INTENT",
        "12.34",
        r#"{"paymentMode":"UPI_INTENT"}"#,
    );
    assert!(host
        .steps
        .iter()
        .any(|s| matches!(s, Step::DeepLink { url } if url.starts_with("upi://pay?"))));
}

#[test]
fn upi_collect_success_found_by_the_status_check_at_15_minutes() {
    let (_sb, host, _) = paid(
        "ORDER_UPI_COLLECT",
        "5.00",
        &upi_collect("7777777777@paytm"),
    );
    assert_eq!(waits(&host, WaitReason::Callback), 1);
}

#[test]
fn wallet_direct_txninfo_then_status() {
    let (_sb, host, _) = paid("ORDER_WALLET", "99.00", BALANCE);
    let process = host.sent_bodies(Purpose::Process);
    assert!(process[0].contains("\"txnInfo\"") && process[0].contains("CHECKSUMHASH"));
}

#[test]
fn declined_card_and_declined_upi_carry_the_chosen_code() {
    let (_sb, mut host) = start();
    let o = checkout(
        &mut host,
        "ORDER_DECLINE_1",
        "1.00",
        &card(ins::CARD_DECLINED, "810"),
    );
    failed_with(&o, FailureReason::Declined, "810");
    assert_eq!(callback_field(&host, "STATUS"), Some("TXN_FAILURE"));

    let o = checkout(
        &mut host,
        "ORDER_DECLINE_2",
        "1.00",
        &upi_collect("fail141@paytm"),
    );
    failed_with(&o, FailureReason::Declined, "141");

    // A wrong OTP at the bank page declines a good card.
    let mut s = session(&host, "ORDER_DECLINE_3", "1.00");
    let c = Customer {
        otp: "000000".into(),
        ..Customer::default()
    };
    let o = host
        .run_checkout(&mut s, &card(ins::CARD_SUCCESS, "123"), &c)
        .unwrap();
    failed(&o, FailureReason::Declined);

    // Over the wallet balance: the direct result is a failure, confirmed by status.
    let o = checkout(&mut host, "ORDER_DECLINE_4", "5000.01", BALANCE);
    failed(&o, FailureReason::Declined);
}

#[test]
fn pending_then_success_after_two_status_queries() {
    let (_sb, host, _) = paid("ORDER_PENDING_1", "1.00", &card(ins::CARD_PENDING, "123"));
    assert_eq!(callback_field(&host, "STATUS"), Some("PENDING"));
    let statuses = host.sent_bodies(Purpose::Status);
    assert_eq!(statuses.len(), 3, "{statuses:?}");
    assert!(statuses[0].contains("\"PENDING\"") && statuses[1].contains("\"PENDING\""));
    assert_eq!(waits(&host, WaitReason::Pending), 2);
}

#[test]
fn pending_past_72_hours_fails_by_advancing_sandbox_time() {
    let (_sb, mut host) = start();
    let t0 = host.now().unwrap();
    let started = std::time::Instant::now();
    let o = checkout(
        &mut host,
        "ORDER_PENDING_72H",
        "1.00",
        &upi_collect("pendingforever@paytm"),
    );
    failed(&o, FailureReason::PendingTimeout);
    let elapsed = host.now().unwrap() - t0;
    assert!(elapsed >= 72 * HOUR, "sandbox time advanced {elapsed} ms");
    assert!(started.elapsed().as_secs() < 60);
    // The late-notification schedule: 8 status queries (15 min … 72 h).
    assert_eq!(host.sent_bodies(Purpose::Status).len(), 8);
}

#[test]
fn repeat_request_inconsistent_2023() {
    let (_sb, mut host, _) = paid("ORDER_2023", "1.00", BALANCE);
    // The same order id with another amount.
    let o = checkout(&mut host, "ORDER_2023", "2.00", BALANCE);
    failed_with(&o, FailureReason::RepeatRequestInconsistent, "2023");
}

#[test]
fn initiate_retry_after_a_lost_response_is_idempotent_0002() {
    let (_sb, mut host) = start();
    let mut s = session(&host, "ORDER_0002", "1.00");
    // The first Initiate reaches the sandbox, but its answer is lost on the way back.
    let now = host.now().unwrap();
    let paytm_checkout::session::Action::Send { request, .. } = s.next_action(now).unwrap() else {
        panic!("expected initiate")
    };
    let (status, body) = host.send(&request).unwrap();
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("\"0000\""));
    s.handle_send_failure(host.now().unwrap()).unwrap();
    // The session retries with the same order: 0002, the same token, and the payment goes on.
    let o = host
        .run_checkout(&mut s, BALANCE, &Customer::default())
        .unwrap();
    success(&o, "1.00");
    assert!(host.sent_bodies(Purpose::Initiate)[0].contains("\"0002\""));
    assert_eq!(waits(&host, WaitReason::Retry), 1);
}

#[test]
fn tampered_status_response_is_refused_then_the_genuine_one_accepted() {
    let (_sb, host, _) = paid("ORDER_TAMPER", ins::AMOUNT_TAMPER_FIRST_STATUS, BALANCE);
    let refused: Vec<_> = host
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Refused { what, code, .. } => Some((what.as_str(), *code)),
            _ => None,
        })
        .collect();
    assert_eq!(
        refused,
        [("transaction_status", ErrorCode::ChecksumMismatch)]
    );
    assert!(host.sent_bodies(Purpose::Status)[0].contains("\"966.00\""));
}

#[test]
fn every_status_tampered_is_never_believed() {
    let (_sb, mut host) = start();
    // The engine asks again 30 s after each refused answer, for as long as the pending policy
    // lasts (72 h: thousands of queries); 40 actions are enough to see it never gives in.
    host.max_actions = 40;
    let mut s = session(&host, "ORDER_TAMPER_ALL", ins::AMOUNT_TAMPER_EVERY_STATUS);
    let r = host.run_checkout(&mut s, BALANCE, &Customer::default());
    assert!(r.is_err(), "{r:?}");
    assert!(!host.steps.iter().any(|s| matches!(s, Step::Done { .. })));
    let refused = host
        .steps
        .iter()
        .filter(|s| {
            matches!(
                s,
                Step::Refused {
                    code: ErrorCode::ChecksumMismatch,
                    ..
                }
            )
        })
        .count();
    assert!(refused >= 10, "{refused}");
}

/// Pays `s` by balance, `change` applied to the request for `purpose` just before it is sent.
fn balance_with(
    host: &mut Host,
    s: &mut CheckoutSession,
    purpose: Purpose,
    mut change: impl FnMut(&mut HttpRequest, &Host),
) -> Outcome {
    let mut before_send = |p: Purpose, r: &mut HttpRequest, h: &Host| {
        if p == purpose {
            change(r, h);
        }
    };
    host.run_checkout_with(s, BALANCE, &Customer::default(), &mut before_send)
        .unwrap()
}

#[test]
fn session_expired_1006_when_the_token_is_older_than_15_sandbox_minutes() {
    let (_sb, mut host) = start();
    let mut s = session(&host, "ORDER_1006", "1.00");
    // The sandbox clock jumps 16 minutes while Process is on its way (a slow client).
    let o = balance_with(&mut host, &mut s, Purpose::Process, |_, h| {
        h.advance(16 * 60_000).unwrap();
    });
    failed(&o, FailureReason::TokenExpired);
    assert!(host.sent_bodies(Purpose::Process)[0].contains("\"1006\""));

    // The amount instrument gives 1006 without waiting.
    let o = checkout(
        &mut host,
        "ORDER_1006_AMOUNT",
        ins::AMOUNT_PROCESS_1006,
        BALANCE,
    );
    failed(&o, FailureReason::TokenExpired);
}

#[test]
fn invalid_checksum_2005() {
    let (_sb, mut host) = start();
    // Changed in transit after signing: the sandbox answers 2005 (signed), the engine stops.
    let mut s = session(&host, "ORDER_2005", "1.00");
    let o = balance_with(&mut host, &mut s, Purpose::Initiate, |r, _| {
        let text = String::from_utf8(r.body.clone()).unwrap();
        r.body = text.replacen("\"1.00\"", "\"9.00\"", 1).into_bytes();
    });
    failed_with(&o, FailureReason::InitiateRejected, "2005");

    // Signed with the wrong key: the sandbox says 2005, and the engine cannot verify that answer
    // either (it is signed with the merchant's real key): three attempts, then bad_signatures
    // (a configuration problem, told apart from an outage).
    let wrong = MerchantKey::new(b"0123456789abcdef").unwrap();
    let mut s =
        CheckoutSession::from_json(&config(host.base(), "ORDER_2005_KEY", "1.00"), Some(wrong))
            .unwrap();
    let o = host
        .run_checkout(&mut s, BALANCE, &Customer::default())
        .unwrap();
    failed(&o, FailureReason::BadSignatures);
    let initiates = host.sent_bodies(Purpose::Initiate);
    assert!(initiates[initiates.len() - 1].contains("\"2005\""));
}

#[test]
fn refund_pending_then_success() {
    let (_sb, mut host, o) = paid("ORDER_REFUND", "10.00", &card(ins::CARD_SUCCESS, "123"));
    let txn_id = o.transaction.unwrap().txn_id.unwrap();
    let cfg = json!({"environment": {"custom": host.base()}, "mid": TEST_MID, "orderId": "ORDER_REFUND",
                     "txnId": txn_id, "refId": "REF_1", "refundAmount": "4.00"});
    let mut r = RefundSession::from_json(&serde_json::to_vec(&cfg).unwrap(), key()).unwrap();
    let o = host.run_refund(&mut r).unwrap();
    assert_eq!(o.status, OutcomeStatus::Refunded, "{o:?}");
    assert!(host.sent_bodies(Purpose::Refund)[0].contains("\"601\""));
    let st = host.sent_bodies(Purpose::RefundStatus);
    assert_eq!(st.len(), 2);
    assert!(st[0].contains("\"PENDING\"") && st[1].contains("\"TXN_SUCCESS\""));

    // The same REFID again is 617; more than what is left is refused too.
    let mut again = RefundSession::from_json(&serde_json::to_vec(&cfg).unwrap(), key()).unwrap();
    let o = host.run_refund(&mut again).unwrap();
    failed_with(&o, FailureReason::Declined, "617");
}

#[test]
fn reset_forgets_orders() {
    let (_sb, mut host, _) = paid("ORDER_RESET", "1.00", BALANCE);
    host.reset().unwrap();
    // After a reset the same order id is new again (no 2023).
    let o = checkout(&mut host, "ORDER_RESET", "3.00", BALANCE);
    success(&o, "3.00");
}
