//! Subscriptions: the money rule over parsed, verified answers. Every answer is checked against
//! the merchant's own record ([`ExpectedSubscription`]) before it may change anything: another
//! subscription, MID or order, or an amount above the maximum, is refused with ORDER_MISMATCH.

use std::path::PathBuf;

use paytm_checkout::response::{
    parse_response, ExpectedSubscription, ParseOptions, ResponseData, SubscriptionState,
    TransactionResult,
};
use paytm_checkout::result_codes::{ResultClass, TxnState};
use paytm_checkout::{ErrorCode, MerchantKey, Salt};

const KEY: &[u8] = b"PmX#a0x4VpTXRzfK";

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/responses")
        .join(name)
        .join("response.bin");
    std::fs::read(p).unwrap()
}

fn parse(api: &str, raw: &[u8]) -> paytm_checkout::Result<ResponseData> {
    let key = MerchantKey::new(KEY).unwrap();
    parse_response(api, 200, raw, Some(&key), &ParseOptions::default()).map(|r| r.data)
}

/// The subscription of the fixtures: 102771, created with SUBS_ORDER_001, at most 500.00.
fn ours() -> ExpectedSubscription {
    ExpectedSubscription {
        mid: "INTEGR7769XXXXXX9383".try_into().unwrap(),
        subscription_id: "102771".try_into().unwrap(),
        order_id: "SUBS_ORDER_001".try_into().unwrap(),
        max_amount: "500".parse().unwrap(),
    }
}

fn mismatch(r: paytm_checkout::Result<()>) -> bool {
    r.is_err_and(|e| e.code() == ErrorCode::OrderMismatch)
}

#[test]
fn status_answer_is_checked_against_our_subscription() {
    let ResponseData::SubscriptionStatus(s) = parse(
        "subscription_status",
        &fixture("subscription_status_active"),
    )
    .unwrap() else {
        panic!("not a status answer")
    };
    assert_eq!(s.state, SubscriptionState::Active);
    ours().check_status(&s).unwrap();

    let mut other = ours();
    other.subscription_id = "102772".try_into().unwrap();
    assert!(mismatch(other.check_status(&s)), "another subscription");
    let mut other = ours();
    other.mid = "INTEGR7769XXXXXX9384".try_into().unwrap();
    assert!(mismatch(other.check_status(&s)), "another merchant");
    let mut other = ours();
    other.order_id = "SUBS_ORDER_002".try_into().unwrap();
    assert!(mismatch(other.check_status(&s)), "another creation order");
    let mut other = ours();
    other.max_amount = "499.99".parse().unwrap();
    assert!(
        mismatch(other.check_status(&s)),
        "a maximum above ours (500.00 > 499.99)"
    );
}

#[test]
fn cancelled_subscription_is_a_failure_not_active() {
    let r = parse(
        "subscription_status",
        &fixture("subscription_status_merchant_cancelled"),
    )
    .unwrap();
    let ResponseData::SubscriptionStatus(s) = r else {
        panic!()
    };
    assert_eq!(s.state, SubscriptionState::Reject);
    assert_eq!(s.state.class(), ResultClass::Failure);
    assert_eq!(s.sub_status.as_deref(), Some("MERCHANT_CANCELLED"));
}

#[test]
fn webhook_is_checked_and_a_raised_maximum_refused() {
    let ResponseData::SubscriptionWebhook(w) = parse(
        "subscription_webhook",
        &fixture("subscription_webhook_active"),
    )
    .unwrap() else {
        panic!()
    };
    // The webhook's own subscription: created with ORDERID_98765, MAXAMOUNT 1000.0.
    let mut theirs = ours();
    theirs.order_id = "ORDERID_98765".try_into().unwrap();
    assert!(mismatch(theirs.check_webhook(&w)), "1000.00 is above 500");
    theirs.max_amount = "1000".parse().unwrap();
    theirs.check_webhook(&w).unwrap();
    assert!(mismatch(ours().check_webhook(&w)), "another creation order");
}

#[test]
fn renewal_answer_names_our_order_and_debits_stay_within_the_maximum() {
    let ResponseData::SubscriptionAction(r) = parse(
        "renew_subscription",
        &fixture("subscription_renew_accepted_code_unpublished"),
    )
    .unwrap() else {
        panic!()
    };
    let renewal = "RENEW_ORDER_2027_01".try_into().unwrap();
    ours().check_action(&r, Some(&renewal)).unwrap();
    let foreign = "RENEW_ORDER_2027_02".try_into().unwrap();
    assert!(mismatch(ours().check_action(&r, Some(&foreign))));

    let debit = |amount: &str, mid: &str| TransactionResult {
        order_id: Some(renewal.clone()),
        mid: Some(mid.to_owned()),
        txn_id: None,
        amount: Some(amount.parse().unwrap()),
        state: TxnState::Success,
        verification: paytm_checkout::response::Verification::Verified,
    };
    ours()
        .check_debit(&debit("500.00", "INTEGR7769XXXXXX9383"))
        .unwrap();
    assert!(mismatch(
        ours().check_debit(&debit("500.01", "INTEGR7769XXXXXX9383"))
    ));
    assert!(mismatch(
        ours().check_debit(&debit("1.00", "INTEGR7769XXXXXX9384"))
    ));
}

#[test]
fn result_info_spelled_both_ways_at_once_is_refused() {
    let key = MerchantKey::new(KEY).unwrap();
    let body =
        r#"{"resultInfo":{"status":"SUCCESS","resultStatus":"F","code":"3006"},"subsId":"102771"}"#;
    let sig = key.generate_with_salt(body.as_bytes(), Salt::new(b"abcd").unwrap());
    let raw = format!(r#"{{"head":{{"signature":"{sig}"}},"body":{body}}}"#);
    let e = parse("cancel_subscription", raw.as_bytes()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ResponseMalformed);
}

#[test]
fn state_words() {
    assert_eq!(
        SubscriptionState::from_text(" active "),
        SubscriptionState::Active
    );
    assert_eq!(
        SubscriptionState::from_text("UNKNOWN"),
        SubscriptionState::Unknown
    );
    assert_eq!(
        SubscriptionState::from_text("ACTIVATED"),
        SubscriptionState::Unknown
    );
    assert_eq!(
        SubscriptionState::from_text("unknown").class(),
        ResultClass::Unknown
    );
}
