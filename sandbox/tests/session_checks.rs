//! End-to-end: a checkout session's checks before paying (issue #22) against the sandbox, which
//! keeps their state: a promo changes what the order costs there, a wallet login by OTP decides
//! whose wallet pays, the payment options are the order's. Each test ends in an outcome the
//! sandbox verified.

use paytm_checkout::session::{Action, CheckoutSession, OutcomeStatus, Purpose};
use paytm_checkout::MerchantKey;
use paytm_sandbox::host::{checkout_config, Customer, Host};
use paytm_sandbox::instruments as ins;
use paytm_sandbox::{Config, Sandbox, TEST_KEY};
use serde_json::{json, Value};

fn start() -> (Sandbox, Host) {
    let sb = Sandbox::start(Config::default()).unwrap();
    let host = Host::new(&sb.base_url());
    (sb, host)
}

fn session(host: &Host, order: &str, amount: &str, more: Value) -> CheckoutSession {
    let mut config = checkout_config(host.base(), order, amount);
    config
        .as_object_mut()
        .unwrap()
        .extend(more.as_object().unwrap().clone());
    let key = MerchantKey::new(TEST_KEY.as_bytes()).unwrap();
    CheckoutSession::from_json(&serde_json::to_vec(&config).unwrap(), Some(key)).unwrap()
}

/// Drives `s` by hand (each request sent to the sandbox, its answer passed back) until `stop`
/// takes an action; returns what it made of it, and the purposes sent.
fn drive_until<T>(
    host: &Host,
    s: &mut CheckoutSession,
    mut stop: impl FnMut(&mut CheckoutSession, Action, u64) -> Option<T>,
) -> (T, Vec<Purpose>) {
    let mut purposes = Vec::new();
    loop {
        let now = host.now().unwrap();
        match s.next_action(now).unwrap() {
            Action::Send { purpose, request } => {
                purposes.push(purpose);
                let (status, body) = host.send(&request).unwrap();
                s.handle_response(status, &body, now).unwrap();
            }
            other => {
                if let Some(t) = stop(s, other, now) {
                    return (t, purposes);
                }
            }
        }
    }
}

/// Whether `first` went out before `then`.
fn before(purposes: &[Purpose], first: Purpose, then: Purpose) -> bool {
    let at = |p| purposes.iter().position(|x| *x == p);
    matches!((at(first), at(then)), (Some(a), Some(b)) if a < b)
}

/// The verified success's amount.
fn verified_amount(o: &paytm_checkout::session::Outcome) -> String {
    assert_eq!(o.status, OutcomeStatus::Success, "{o:?}");
    let t = o.transaction.as_ref().unwrap();
    assert_eq!(
        serde_json::to_value(t.verification).unwrap(),
        json!("verified")
    );
    t.amount.unwrap().to_string()
}

#[test]
fn bin_then_promo_then_the_card_pays_the_discounted_amount() {
    let (_sb, mut host) = start();
    // The merchant accepts promos taking off up to Rs 20 (Apply Promo's answer is unsigned).
    let mut s = session(
        &host,
        "ORDER_PROMO_1",
        "100.00",
        json!({"maxPromoDiscount": "20.00"}),
    );
    let card = json!({"paymentMode": "CREDIT_CARD", "authMode": "otp", "checkBin": true,
                      "promoCode": "SANDBOX10",
                      "cardInfo": {"type": "new", "cardNumber": ins::CARD_SUCCESS, "cvv": "123",
                                   "expiry": "122032"}});
    let o = host
        .run_checkout(&mut s, &card.to_string(), &Customer::default())
        .unwrap();
    // 10% off Rs 100: the sandbox charged 90.00, and the session reconciled against it.
    assert_eq!(verified_amount(&o), "90.00");
    let sent = host.sent_purposes();
    assert!(before(&sent, Purpose::FetchBinDetails, Purpose::ApplyPromo));
    assert!(before(&sent, Purpose::ApplyPromo, Purpose::Process));
}

#[test]
fn a_debit_card_paid_as_credit_is_stopped_before_process_transaction() {
    let (_sb, host) = start();
    let mut s = session(&host, "ORDER_BIN_2", "10.00", json!({}));
    // 555555… is the sandbox's debit card.
    let card = json!({"paymentMode": "CREDIT_CARD", "authMode": "otp", "checkBin": true,
                      "cardInfo": {"type": "new", "cardNumber": "5555555555554444", "cvv": "123",
                                   "expiry": "122032"}});
    let (retry, purposes) = drive_until(&host, &mut s, |s, action, now| match action {
        Action::CollectPayment { retry_of: None, .. } => {
            s.pay_json(card.to_string().as_bytes(), now).unwrap();
            None
        }
        Action::CollectPayment { retry_of, .. } => retry_of,
        other => panic!("unexpected {}", other.to_json()),
    });
    assert_eq!(retry.code.as_deref(), Some("CARD_MODE_MISMATCH"));
    assert!(!purposes.contains(&Purpose::Process), "{purposes:?}");
}

#[test]
fn wallet_login_by_otp_pays_from_that_wallet_and_options_come_with_collect_payment() {
    let (_sb, mut host) = start();
    let mut s = session(
        &host,
        "ORDER_LOGIN_1",
        "25.00",
        json!({"fetchPaymentOptions": true}),
    );
    // The first action after Initiate: the payment options, carried by collect_payment.
    let (options, _) = drive_until(&host, &mut s, |_, action, _| match action {
        Action::CollectPayment {
            payment_options, ..
        } => payment_options,
        other => panic!("unexpected {}", other.to_json()),
    });
    let options: Value = serde_json::from_str(options.as_str()).unwrap();
    let modes = options["paymentModes"].as_array().unwrap();
    assert!(
        modes.iter().any(|m| m["paymentMode"] == "BALANCE"),
        "{options}"
    );
    // 5558889990 holds Rs 5000 in the sandbox: the OTP login makes it the wallet that pays.
    let pay = json!({"paymentMode": "BALANCE", "loginMobile": "5558889990"});
    let o = host
        .run_checkout(&mut s, &pay.to_string(), &Customer::default())
        .unwrap();
    assert_eq!(verified_amount(&o), "25.00");
    let sent = host.sent_purposes();
    assert!(before(
        &sent,
        Purpose::SendCheckoutOtp,
        Purpose::ValidateCheckoutOtp
    ));
    assert!(before(
        &sent,
        Purpose::ValidateCheckoutOtp,
        Purpose::Process
    ));

    // The login decides whose wallet pays: 7777777777's is empty, so the same payment fails.
    let mut s = session(&host, "ORDER_LOGIN_2", "25.00", json!({}));
    let pay = json!({"paymentMode": "BALANCE", "loginMobile": "7777777777"});
    let o = host
        .run_checkout(&mut s, &pay.to_string(), &Customer::default())
        .unwrap();
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
}
