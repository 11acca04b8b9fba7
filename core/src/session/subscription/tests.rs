//! Collections, cancel, pause/resume, pre-notify and the limits (the shared scenarios replay
//! the same calls from every binding; these reach the corners).

use super::*;
use crate::checksum::Salt;
use crate::session::salts::FixedSalt;
use crate::session::timers::{DAY_MS, PRE_NOTIFY_LEAD_MS};

const KEY: &[u8] = b"PmX#a0x4VpTXRzfK";
const MID: &str = "DIY12386817555501617";
const SUBS: &str = "102771";
const TOKEN: &str = "f0bed899539742309eebd8eff97c4e5b1713962893212";
const T0: u64 = 1_700_000_000_000;

fn key() -> MerchantKey {
    MerchantKey::new(KEY).unwrap()
}

fn signed(body: &str) -> Vec<u8> {
    let sig = key().generate_with_salt(body.as_bytes(), Salt::new(b"abcd").unwrap());
    format!(r#"{{"head":{{"version":"v1","signature":"{sig}"}},"body":{body}}}"#).into_bytes()
}

fn config(mode: &str) -> SubscriptionConfig {
    serde_json::from_value(
        serde_json::json!({"environment": "staging", "subscription": {
        "mid": MID, "orderId": "SUBS_ORDER_001", "websiteName": "WEBSTAGING",
        "txnAmount": {"value": "1.00", "currency": "INR"}, "userInfo": {"custId": "CUST_001"},
        "subscriptionAmountType": "VARIABLE", "subscriptionMaxAmount": "500.00",
        "subscriptionFrequency": "1", "subscriptionFrequencyUnit": "MONTH",
        "subscriptionExpiryDate": "2027-12-10", "subscriptionPaymentMode": mode}}),
    )
    .unwrap()
}

fn purpose(a: &Action) -> Purpose {
    match a {
        Action::Send { purpose, .. } => *purpose,
        other => panic!("expected a send, got {other:?}"),
    }
}

fn status_body(state: &str) -> String {
    format!(
        r#"{{"resultInfo":{{"status":"SUCCESS","code":"3006","message":"SUCCESS"}},"subsId":"{SUBS}","status":"{state}","maxAmount":"500.00","orderId":"SUBS_ORDER_001","mid":"{MID}"}}"#
    )
}

fn txn_status(order: &str, amount: &str, state: &str, code: &str) -> Vec<u8> {
    signed(&format!(
        r#"{{"resultInfo":{{"resultStatus":"{state}","resultCode":"{code}","resultMsg":"m"}},"txnId":"T1","orderId":"{order}","txnAmount":"{amount}","mid":"{MID}","txnType":"SALE"}}"#
    ))
}

/// The first cycle's debit (RENEW_1, 499.00) answered by a verified status saying `state`
/// (`code`): how the cycle stands then.
fn debit_answered(s: &mut SubscriptionSession, state: &str, code: &str) -> CycleState {
    s.handle_response(200, &txn_status("RENEW_1", "499.00", state, code), T0)
        .unwrap();
    s.cycles()[0].state
}

/// An active card mandate (no pre-debit notification needed).
fn active() -> SubscriptionSession {
    active_in(config("CC"))
}

fn active_in(config: SubscriptionConfig) -> SubscriptionSession {
    let mut s = SubscriptionSession::new(config, key())
        .unwrap()
        .with_salts(Box::new(FixedSalt(Salt::new(b"wxyz").unwrap())));
    assert_eq!(
        purpose(&s.next_action(T0).unwrap()),
        Purpose::InitiateSubscription
    );
    let created = format!(
        r#"{{"resultInfo":{{"resultStatus":"S","resultCode":"0000","resultMsg":"Success"}},"subscriptionId":"{SUBS}","txnToken":"{TOKEN}"}}"#
    );
    s.handle_response(200, &signed(&created), T0 + 1).unwrap();
    assert!(matches!(
        s.next_action(T0 + 2).unwrap(),
        Action::CollectPayment { .. }
    ));
    assert!(!format!("{s:?}").contains(TOKEN) && !s.save().contains(TOKEN));
    s.handle_send_failure(T0).unwrap_err();
    // The token expires without a webhook: the status decides.
    let at = T0 + TXN_TOKEN_VALIDITY_MS + 10;
    assert_eq!(
        purpose(&s.next_action(at).unwrap()),
        Purpose::SubscriptionStatus
    );
    // An unsigned status is never enough.
    let unsigned = format!(r#"{{"head":{{}},"body":{}}}"#, status_body("ACTIVE"));
    assert!(s.handle_response(200, unsigned.as_bytes(), at).is_err());
    assert_eq!(s.phase(), SubscriptionPhase::Confirm);
    s.handle_response(200, &signed(&status_body("ACTIVE")), at)
        .unwrap();
    assert_eq!(s.phase(), SubscriptionPhase::Active);
    s
}

fn amount(a: &str) -> Amount {
    Amount::parse(a).unwrap()
}

fn ref_id(r: &str) -> crate::types::NotifyRefId {
    r.try_into().unwrap()
}

fn order(o: &str) -> OrderId {
    OrderId::new(o).unwrap()
}

#[test]
fn renew_is_paid_only_by_a_verified_status_of_its_order_and_amount() {
    let mut s = active();
    s.collect("2027-01", order("RENEW_1"), amount("499.00"))
        .unwrap();
    // Never two collections in one cycle, nor a second while one is in flight.
    let e = s
        .collect("2027-01", order("RENEW_2"), amount("499.00"))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SessionState);
    assert_eq!(
        purpose(&s.next_action(T0).unwrap()),
        Purpose::RenewSubscription
    );
    let accepted = format!(
        r#"{{"resultInfo":{{"status":"PENDING","code":"900","message":"accepted"}},"subsId":"{SUBS}","orderId":"RENEW_1"}}"#
    );
    // A renewal answer about another order: refused, unchanged.
    let foreign = accepted.replace("RENEW_1", "RENEW_9");
    let before = s.save();
    let e = s.handle_response(200, &signed(&foreign), T0).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OrderMismatch);
    assert_eq!(s.save(), before);
    s.handle_response(200, &signed(&accepted), T0).unwrap();
    assert_eq!(purpose(&s.next_action(T0).unwrap()), Purpose::Status);
    // A success about another order or amount: refused, unchanged.
    let before = s.save();
    for (o, a) in [("RENEW_9", "499.00"), ("RENEW_1", "1.00")] {
        let e = s
            .handle_response(200, &txn_status(o, a, "TXN_SUCCESS", "01"), T0)
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::OrderMismatch, "{o} {a}");
        assert_eq!(s.save(), before);
    }
    let cycle = debit_answered(&mut s, "TXN_SUCCESS", "01");
    assert_eq!(cycle, CycleState::Paid);
    assert_eq!(s.phase(), SubscriptionPhase::Active);
    let e = s
        .collect("2027-01", order("RENEW_3"), amount("1.00"))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SessionState);
}

#[test]
fn a_declined_cycle_may_be_collected_again_and_the_maximum_holds() {
    let mut s = active();
    let before = s.save();
    let e = s
        .collect("2027-01", order("RENEW_1"), amount("500.01"))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidField);
    assert_eq!(s.save(), before);
    s.collect("2027-01", order("RENEW_1"), amount("499.00"))
        .unwrap();
    s.next_action(T0).unwrap();
    // No answer to the renewal: it may have debited, so only the status may say (no second renew).
    s.handle_send_failure(T0).unwrap();
    assert!(matches!(
        s.next_action(T0 + 1).unwrap(),
        Action::Wait { .. }
    ));
    assert_eq!(
        purpose(&s.next_action(T0 + RETRY_DELAY_MS).unwrap()),
        Purpose::Status
    );
    let cycle = debit_answered(&mut s, "TXN_FAILURE", "227");
    assert_eq!(cycle, CycleState::Declined);
    // Saved and restored mid-cycle: the same state; an edited save does not restore.
    s.collect("2027-01", order("RENEW_2"), amount("499.00"))
        .unwrap();
    let saved = s.save();
    let mut s = SubscriptionSession::restore(saved.as_bytes(), key(), None).unwrap();
    assert_eq!(s.save(), saved);
    let edited = saved.replace("499.00", "1.00");
    assert!(SubscriptionSession::restore(edited.as_bytes(), key(), None).is_err());
    assert_eq!(
        purpose(&s.next_action(T0).unwrap()),
        Purpose::RenewSubscription
    );
}

#[test]
fn cancel_ends_it_once_a_verified_answer_confirms() {
    let mut s = active();
    s.cancel().unwrap();
    assert_eq!(
        purpose(&s.next_action(T0).unwrap()),
        Purpose::CancelSubscription
    );
    let ok = format!(
        r#"{{"resultInfo":{{"status":"SUCCESS","code":"3006","message":"SUCCESS"}},"subsId":"{SUBS}"}}"#
    );
    let e = s
        .handle_response(200, &signed(&ok.replace(SUBS, "999999")), T0)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::OrderMismatch);
    let unsigned = format!(r#"{{"head":{{}},"body":{ok}}}"#);
    assert!(s.handle_response(200, unsigned.as_bytes(), T0).is_err());
    assert!(s.outcome().is_none());
    s.handle_response(200, &signed(&ok), T0).unwrap();
    assert_eq!(s.outcome().unwrap().reason, Some(FailureReason::Cancelled));
}

#[test]
fn a_mandate_revoked_while_a_debit_is_verified_ends_after_the_debit_is_known() {
    let mut s = active();
    s.collect("2027-01", order("RENEW_1"), amount("499.00"))
        .unwrap();
    s.next_action(T0).unwrap();
    s.handle_send_failure(T0).unwrap();
    let fields = [
        ("MID", MID),
        ("ORDERID", "SUBS_ORDER_001"),
        ("STATUS", "REJECT"),
        ("SUBS_ID", SUBS),
    ];
    let mut params = crate::params::Params::new();
    for (k, v) in fields {
        params.insert(k, v);
    }
    let sum = key().generate_map_with_salt(&params, Salt::new(b"abcd").unwrap());
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        form.append_pair(k, v);
    }
    form.append_pair("CHECKSUMHASH", &sum);
    s.handle_callback(form.finish().as_bytes(), T0).unwrap();
    assert!(s.outcome().is_none());
    assert_eq!(
        purpose(&s.next_action(T0 + RETRY_DELAY_MS).unwrap()),
        Purpose::Status
    );
    let cycle = debit_answered(&mut s, "TXN_SUCCESS", "01");
    assert_eq!(cycle, CycleState::Paid);
    assert_eq!(s.outcome().unwrap().reason, Some(FailureReason::Revoked));
}

/// An active subscription whose renewal of `RENEW_1` was answered with `code` (status F).
fn renewal_refused_with(code: &str) -> SubscriptionSession {
    let mut s = active();
    s.collect("2027-01", order("RENEW_1"), amount("499.00"))
        .unwrap();
    s.next_action(T0).unwrap();
    let answer = format!(
        r#"{{"resultInfo":{{"status":"F","code":"{code}","message":"refused"}},"subsId":"{SUBS}","orderId":"RENEW_1"}}"#
    );
    s.handle_response(200, &signed(&answer), T0).unwrap();
    s
}

#[test]
fn a_documented_refusal_of_the_renewal_declines_the_cycle_without_a_status() {
    // 1007 (missing mandatory element): Paytm rejected the request itself, so no renewal order
    // exists; the session does not wait for its status, and the cycle may be collected again.
    let mut s = renewal_refused_with("1007");
    assert_eq!(s.phase(), SubscriptionPhase::Active);
    assert_eq!(s.cycles()[0].state, CycleState::Declined);
    s.collect("2027-01", order("RENEW_2"), amount("499.00"))
        .unwrap();
    assert_eq!(
        purpose(&s.next_action(T0).unwrap()),
        Purpose::RenewSubscription
    );
}

#[test]
fn an_undocumented_refusal_of_the_renewal_is_decided_by_the_status() {
    // Not in Paytm's table: it may have debited, so only the order's status may say.
    let mut s = renewal_refused_with("3013");
    assert_eq!(purpose(&s.next_action(T0).unwrap()), Purpose::Status);
    let e = s
        .collect("2027-01", order("RENEW_2"), amount("499.00"))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SessionState);
}

fn action_body(s: &mut SubscriptionSession, now: u64, want: Purpose) -> serde_json::Value {
    match s.next_action(now).unwrap() {
        Action::Send { purpose, request } => {
            assert_eq!(purpose, want);
            let v: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            v["body"].clone()
        }
        other => panic!("expected a send, got {other:?}"),
    }
}

fn managed_ok(extra: &str) -> Vec<u8> {
    signed(&format!(
        r#"{{"resultInfo":{{"resultStatus":"S","resultCode":"0000","resultMsg":"Success"}},"subsId":"{SUBS}"{extra}}}"#
    ))
}

#[test]
fn pause_refuses_collections_until_a_verified_resume() {
    let mut s = active();
    assert_eq!(s.resume().unwrap_err().code(), ErrorCode::SessionState);
    s.pause().unwrap();
    let body = action_body(&mut s, T0, Purpose::PauseResumeSubscription);
    assert_eq!(body["status"], "SUSPENDED");
    assert_eq!(body["subsId"], SUBS);
    // Foreign and unsigned answers change nothing.
    let before = s.save();
    let other = signed(
        r#"{"resultInfo":{"resultStatus":"S","resultCode":"0000","resultMsg":"Success"},"subsId":"999999"}"#,
    );
    assert_eq!(
        s.handle_response(200, &other, T0).unwrap_err().code(),
        ErrorCode::OrderMismatch
    );
    assert_eq!(s.save(), before);
    s.handle_response(200, &managed_ok(r#","status":"SUSPENDED""#), T0)
        .unwrap();
    assert!(s.is_paused());
    let before = s.save();
    for e in [
        s.collect("2027-01", order("RENEW_1"), amount("1.00")),
        s.pause(),
    ] {
        assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);
    }
    assert_eq!(s.save(), before);
    // Paused survives a restart.
    let mut s = SubscriptionSession::restore(before.as_bytes(), key(), None).unwrap();
    assert!(s.is_paused());
    s.resume().unwrap();
    let body = action_body(&mut s, T0 + 1, Purpose::PauseResumeSubscription);
    assert_eq!(body["status"], "ACTIVE");
    // Paytm refuses the resume: still paused.
    let no = signed(&format!(
        r#"{{"resultInfo":{{"resultStatus":"F","resultCode":"3011","resultMsg":"no"}},"subsId":"{SUBS}"}}"#
    ));
    s.handle_response(200, &no, T0 + 2).unwrap();
    assert!(s.is_paused());
    s.resume().unwrap();
    s.next_action(T0 + 3).unwrap();
    s.handle_response(200, &managed_ok(""), T0 + 3).unwrap();
    assert!(!s.is_paused());
    s.collect("2027-01", order("RENEW_1"), amount("1.00"))
        .unwrap();
}

/// An active UPI mandate with a verified pre-notify of 2027-01 (499.00) accepted at T0.
fn notified_upi(retry: serde_json::Value) -> SubscriptionSession {
    let mut c = serde_json::to_value(config("UPI")).unwrap();
    for (k, v) in retry.as_object().unwrap() {
        c["subscription"][k] = v.clone();
    }
    let mut s = active_in(serde_json::from_value(c).unwrap());
    let e = s.collect("2027-01", order("RENEW_1"), amount("499.00"));
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);
    // A malformed date, an amount above the maximum: refused.
    for (a, date) in [("499.00", "2027-01-10"), ("500.01", "10-01-2027")] {
        let e = s.pre_notify("2027-01", amount(a), date, ref_id("PN1"), "Gold", None);
        assert_eq!(e.unwrap_err().code(), ErrorCode::InvalidField, "{a} {date}");
    }
    s.pre_notify(
        "2027-01",
        amount("499.00"),
        "10-01-2027",
        ref_id("PN1"),
        "Gold plan",
        None,
    )
    .unwrap();
    let body = action_body(&mut s, T0, Purpose::PreNotifySubscription);
    assert_eq!(body["referenceId"], "PN1");
    assert_eq!(body["txnAmount"], "499.00");
    assert_eq!(body["txnDate"], "10-01-2027");
    // An answer about another reference: refused, unchanged.
    let before = s.save();
    let e = s
        .handle_response(200, &managed_ok(r#","referenceId":"PN9""#), T0)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::OrderMismatch);
    assert_eq!(s.save(), before);
    s.handle_response(200, &managed_ok(r#","referenceId":"PN1""#), T0)
        .unwrap();
    assert_eq!(s.pre_notices()[0].verified_at, Some(T0));
    s
}

#[test]
fn a_upi_debit_needs_a_verified_pre_notify_24_hours_before() {
    let mut s = notified_upi(serde_json::json!({}));
    // Too early (the session's clock is the last next_action's now), another cycle, a bigger
    // amount: refused, unchanged.
    s.next_action(T0 + PRE_NOTIFY_LEAD_MS - 1).unwrap();
    let before = s.save();
    for (c, a) in [("2027-01", "499.00"), ("2027-02", "1.00")] {
        let e = s.collect(c, order("RENEW_1"), amount(a)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SessionState, "{c}");
    }
    s.next_action(T0 + PRE_NOTIFY_LEAD_MS).unwrap();
    let e = s.collect("2027-01", order("RENEW_1"), amount("499.01"));
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);
    assert_ne!(s.save(), before); // only the clock moved
                                  // A reference is used once.
    let e = s.pre_notify(
        "2027-02",
        amount("1.00"),
        "10-02-2027",
        ref_id("PN1"),
        "Gold",
        None,
    );
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);
    s.collect("2027-01", order("RENEW_1"), amount("499.00"))
        .unwrap();
    assert_eq!(
        purpose(&s.next_action(T0 + PRE_NOTIFY_LEAD_MS).unwrap()),
        Purpose::RenewSubscription
    );
}

#[test]
fn a_refused_pre_notify_is_dropped() {
    let mut s = active_in(config("PPI"));
    s.pre_notify(
        "2027-01",
        amount("10.00"),
        "10-01-2027",
        ref_id("PN1"),
        "Gold",
        Some("INV1"),
    )
    .unwrap();
    let body = action_body(&mut s, T0, Purpose::PreNotifySubscription);
    assert_eq!(body["invoiceDisplayNo"], "INV1");
    let no = signed(&format!(
        r#"{{"resultInfo":{{"resultStatus":"F","resultCode":"3010","resultMsg":"no"}},"subsId":"{SUBS}"}}"#
    ));
    s.handle_response(200, &no, T0).unwrap();
    assert!(s.pre_notices().is_empty());
    s.next_action(T0 + 2 * PRE_NOTIFY_LEAD_MS).unwrap();
    let e = s.collect("2027-01", order("RENEW_1"), amount("10.00"));
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);
}

/// `s` collects 2027-01 as `o`, declined by a verified status, at `now`.
fn declined(s: &mut SubscriptionSession, o: &str, now: u64) {
    s.next_action(now).unwrap();
    s.collect("2027-01", order(o), amount("499.00")).unwrap();
    assert_eq!(
        purpose(&s.next_action(now).unwrap()),
        Purpose::RenewSubscription
    );
    s.handle_send_failure(now).unwrap();
    assert_eq!(
        purpose(&s.next_action(now + RETRY_DELAY_MS).unwrap()),
        Purpose::Status
    );
    s.handle_response(200, &txn_status(o, "499.00", "TXN_FAILURE", "227"), now)
        .unwrap();
}

#[test]
fn retry_count_and_grace_days_limit_the_collections_of_a_declined_cycle() {
    let at = T0 + PRE_NOTIFY_LEAD_MS;
    let mut s = notified_upi(serde_json::json!({
        "subscriptionEnableRetry": "1", "subscriptionRetryCount": "1", "subscriptionGraceDays": "3"}));
    declined(&mut s, "RENEW_1", at);
    declined(&mut s, "RENEW_2", at + 1000);
    // One retry allowed: a third collection of the cycle is refused.
    let e = s.collect("2027-01", order("RENEW_3"), amount("499.00"));
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);

    let mut s = notified_upi(serde_json::json!({
        "subscriptionEnableRetry": "1", "subscriptionRetryCount": "3", "subscriptionGraceDays": "3"}));
    declined(&mut s, "RENEW_1", at);
    s.next_action(at + RETRY_DELAY_MS + 3 * DAY_MS + 1).unwrap();
    let e = s.collect("2027-01", order("RENEW_2"), amount("499.00"));
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);
    // Another cycle is not limited by this one.
    let e = s.collect("2027-02", order("RENEW_2"), amount("499.00"));
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState); // not pre-notified

    let mut s = notified_upi(serde_json::json!({"subscriptionEnableRetry": "0"}));
    declined(&mut s, "RENEW_1", at);
    let e = s.collect("2027-01", order("RENEW_2"), amount("499.00"));
    assert_eq!(e.unwrap_err().code(), ErrorCode::SessionState);
}

#[test]
fn a_save_without_the_new_members_restores_as_before() {
    // A session that never paused nor pre-notified saves no new member: the save an earlier
    // version wrote (with the clock at zero) restores to the same state.
    let s = active();
    let saved = s.save();
    let inner = crate::session::save::open(&key(), saved.as_bytes()).unwrap();
    let v: serde_json::Value = serde_json::from_str(inner).unwrap();
    assert!(v["state"].get("clock").is_some());
    let mut old = v.clone();
    old["state"].as_object_mut().unwrap().remove("clock");
    assert!(old["state"].get("paused").is_none() && old["state"].get("notices").is_none());
    let resealed = crate::session::save::seal(&key(), &old.to_string());
    let r = SubscriptionSession::restore(resealed.as_bytes(), key(), None).unwrap();
    assert_eq!(r.phase(), SubscriptionPhase::Active);
    assert!(!r.is_paused() && r.pre_notices().is_empty());
}
