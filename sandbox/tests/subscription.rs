//! Subscriptions end to end: core's `SubscriptionSession` driven by the host over real HTTP
//! against an in-process sandbox (create, the customer approves the UPI mandate in the UPI app,
//! confirmed by Fetch Status; collections with a pre-debit notification 24 hours of sandbox time
//! earlier, one declined and collected again; cancel), and the endpoints one by one with core's
//! request builders, every answer verified by core's parsers.

mod common;

use common::key;

use paytm_checkout::api::process::ProcessTransaction;
use paytm_checkout::api::subscription::{
    PauseResume, PauseResumeSubscription, PreNotifySubscription, RenewSubscription,
    SubscriptionStatus,
};
use paytm_checkout::response::{ParseOptions, ResponseData, SubscriptionState, Verification};
use paytm_checkout::session::{
    Action, CycleState, FailureReason, Purpose, SubscriptionPhase, SubscriptionSession,
};
use paytm_checkout::types::{Amount, Mid, OrderId, SubscriptionId};
use paytm_checkout::{parse_response, Environment, HttpRequest, MerchantKey, ParsedResponse};
use paytm_sandbox::host::{Customer, Host, Step};
use paytm_sandbox::{txn_date, Config, Sandbox, PRE_NOTIFY_LEAD_MS, TEST_KEY, TEST_MID};
use serde_json::{json, Value};

/// A second merchant, to ask about the first one's subscriptions.
const OTHER_MID: &str = "OTHER000000000000001";
const OTHER_KEY: &str = "0123456789abcdef";

/// A sandbox with two merchants whose webhooks go nowhere (they are read from the delivery log).
fn start() -> (Sandbox, Host) {
    let sb = Sandbox::start(Config {
        merchants: vec![
            (TEST_MID.to_owned(), TEST_KEY.to_owned()),
            (OTHER_MID.to_owned(), OTHER_KEY.to_owned()),
        ],
        webhook_url: Some("http://127.0.0.1:9/paytm/webhook".to_owned()),
        ..Config::default()
    })
    .unwrap();
    let host = Host::new(&sb.base_url());
    (sb, host)
}

/// A monthly UPI subscription of up to ₹500, first debit `first`, expiring 2099-12-10.
fn session(host: &Host, order: &str, first: &str) -> SubscriptionSession {
    session_until(host, order, first, "2099-12-10")
}

/// [`session`] expiring on `expiry` (`yyyy-MM-dd`).
fn session_until(host: &Host, order: &str, first: &str, expiry: &str) -> SubscriptionSession {
    let c = json!({"environment": {"custom": host.base()}, "subscription": {
        "mid": TEST_MID, "orderId": order, "websiteName": "WEBSTAGING",
        "txnAmount": {"value": first, "currency": "INR"}, "userInfo": {"custId": "CUST_001"},
        "callbackUrl": "https://merchant.example/paytm/subscription",
        "subscriptionAmountType": "VARIABLE", "subscriptionMaxAmount": "500.00",
        "subscriptionFrequency": "1", "subscriptionFrequencyUnit": "MONTH",
        "subscriptionExpiryDate": expiry, "subscriptionPaymentMode": "UPI"}});
    SubscriptionSession::from_json(c.to_string().as_bytes(), key()).unwrap()
}

/// Creates a subscription and has the customer approve the collect request from `vpa` in the
/// UPI app: the session is active.
fn active(host: &mut Host, order: &str, first: &str, vpa: &str) -> SubscriptionSession {
    authorise(host, session(host, order, first), order, vpa)
}

/// Has the customer of `s` (created as `order`, not yet sent) approve its UPI mandate from
/// `vpa`: the session is active.
fn authorise(
    host: &mut Host,
    mut s: SubscriptionSession,
    order: &str,
    vpa: &str,
) -> SubscriptionSession {
    let payment = json!({"paymentMode": "UPI", "payerAccount": vpa}).to_string();
    let idle = host
        .run_subscription(&mut s, order, &payment, &Customer::default())
        .unwrap();
    assert!(idle.is_none(), "{idle:?}");
    assert_eq!(s.phase(), SubscriptionPhase::Active);
    // Confirmed after the callback, not after the token ran out; nothing was refused.
    assert!(
        !host
            .steps
            .iter()
            .any(|st| matches!(st, Step::Refused { .. } | Step::Waited { .. })),
        "{:?}",
        host.steps
    );
    s
}

fn env(host: &Host) -> Environment {
    Environment::custom(host.base()).unwrap()
}

/// Sends `req` and parses the answer as `api` with the test key.
fn call(host: &Host, api: &str, req: &HttpRequest) -> ParsedResponse {
    let (status, body) = host.send(req).unwrap();
    parse_response(api, status, &body, Some(&key()), &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{api}: {e}: {}", String::from_utf8_lossy(&body)))
}

/// The `resultInfo` code of a subscription answer (verified).
fn code(p: &ParsedResponse) -> String {
    assert_eq!(p.verification, Verification::Verified);
    let info = match &p.data {
        ResponseData::InitiateSubscription(r) => &r.result_info,
        ResponseData::SubscriptionStatus(r) => &r.result_info,
        ResponseData::SubscriptionAction(r) => &r.result_info,
        other => panic!("not a subscription answer: {other:?}"),
    };
    info.result_code.clone().unwrap_or_default()
}

fn subs_id(s: &SubscriptionSession) -> SubscriptionId {
    s.subscription_id().expect("created").clone()
}

fn mid() -> Mid {
    Mid::new(TEST_MID).unwrap()
}

fn amount(a: &str) -> Amount {
    a.parse().unwrap()
}

/// Fetch Status by subsId: its state (the answer verified).
fn state(host: &Host, subs: &SubscriptionId) -> SubscriptionState {
    let req = SubscriptionStatus::new(mid(), subs.clone())
        .build(&env(host), &key(), None)
        .unwrap();
    match call(host, "subscription_status", &req).data {
        ResponseData::SubscriptionStatus(r) => r.state,
        other => panic!("{other:?}"),
    }
}

/// Pre-Notify of a debit of `amt` (reference `reference`): the result code.
fn pre_notify(host: &Host, subs: &SubscriptionId, amt: &str, reference: &str) -> String {
    let p: PreNotifySubscription = serde_json::from_value(json!({"mid": TEST_MID,
        "subsId": subs.as_str(), "txnAmount": amt, "txnDate": "10-01-2027",
        "txnMessage": "Gold plan", "referenceId": reference}))
    .unwrap();
    code(&call(
        host,
        "pre_notify_subscription",
        &p.build(&env(host), &key(), None).unwrap(),
    ))
}

/// Renew `order` of `amt` directly: the result code.
fn renew(host: &Host, subs: &SubscriptionId, order: &str, amt: &str) -> String {
    let r = RenewSubscription::new(
        mid(),
        OrderId::new(order).unwrap(),
        subs.clone(),
        amount(amt),
    );
    code(&call(
        host,
        "renew_subscription",
        &r.build(&env(host), &key(), None).unwrap(),
    ))
}

fn modify(host: &Host, subs: &SubscriptionId, to: PauseResume) -> String {
    let r = PauseResumeSubscription::new(mid(), subs.clone(), to);
    code(&call(
        host,
        "pause_resume_subscription",
        &r.build(&env(host), &key(), None).unwrap(),
    ))
}

/// The subscription webhooks pushed so far (bodies, oldest first).
fn subscription_webhooks(sb: &Sandbox) -> Vec<String> {
    let v = common::get(sb.addr(), "/__admin/webhooks").json();
    v["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "subscription")
        .map(|d| d["body"].as_str().unwrap().to_owned())
        .collect()
}

/// A webhook's STATUS, verified by core's parser.
fn webhook_state(body: &str) -> SubscriptionState {
    let p = common::parse_with_key("subscription_webhook", body);
    assert_eq!(p.verification, Verification::Verified);
    match p.data {
        ResponseData::SubscriptionWebhook(w) => w.state,
        other => panic!("{other:?}"),
    }
}

/// Pre-notifies through the session, waits 24 hours of sandbox time, and collects `cycle` as
/// `order`.
fn collect(host: &mut Host, s: &mut SubscriptionSession, cycle: &str, order: &str, amt: &str) {
    let reference = format!("PN_{order}").replace('-', "_");
    s.pre_notify(
        cycle,
        amount(amt),
        "10-01-2027",
        reference.as_str().try_into().unwrap(),
        "Gold plan",
        None,
    )
    .unwrap();
    let run = |host: &mut Host, s: &mut SubscriptionSession| {
        let idle = host
            .run_subscription(s, "unused", "{}", &Customer::default())
            .unwrap();
        assert!(idle.is_none(), "{idle:?}");
    };
    run(host, s);
    host.advance(PRE_NOTIFY_LEAD_MS).unwrap();
    run(host, s);
    s.collect(cycle, OrderId::new(order).unwrap(), amount(amt))
        .unwrap();
    let idle = host
        .run_subscription(s, "unused", "{}", &Customer::default())
        .unwrap();
    assert!(idle.is_none(), "{idle:?}");
}

#[test]
fn authorise_collect_three_cycles_one_retried_then_cancel() {
    let (sb, mut host) = start();
    // The mandate's VPA declines the first renewal (instrument renewfail1@…).
    let mut s = active(&mut host, "SUB-1", "1.00", "renewfail1@paytm");
    let subs = subs_id(&s);
    let sent: Vec<Purpose> = host
        .steps
        .iter()
        .filter_map(|st| match st {
            Step::Sent { purpose, .. } => Some(*purpose),
            _ => None,
        })
        .collect();
    assert_eq!(
        sent,
        [Purpose::InitiateSubscription, Purpose::SubscriptionStatus]
    );
    // The customer approved at the UPI app; its callback names the subscription.
    let names_it = |st: &Step| {
        matches!(st, Step::Callback { action, fields }
            if action == "https://merchant.example/paytm/subscription"
                && fields.iter().any(|(k, v)| k == "SUBS_ID" && v == subs.as_str()))
    };
    assert!(host.steps.iter().any(names_it), "{:?}", host.steps);
    assert_eq!(state(&host, &subs), SubscriptionState::Active);

    // Activation was pushed once, signed; the session takes it (twice) without changing.
    let hooks = subscription_webhooks(&sb);
    assert_eq!(hooks.len(), 1, "{hooks:?}");
    assert_eq!(webhook_state(&hooks[0]), SubscriptionState::Active);
    let before = s.save();
    for _ in 0..2 {
        s.handle_callback(hooks[0].as_bytes(), host.now().unwrap())
            .unwrap();
        assert_eq!(s.save(), before);
    }

    // Cycle 1 declined (insufficient funds), collected again with a new order; cycles 2, 3.
    collect(&mut host, &mut s, "2027-01", "REN-1", "499.00");
    assert_eq!(s.cycles()[0].state, CycleState::Declined);
    s.collect("2027-01", OrderId::new("REN-1B").unwrap(), amount("499.00"))
        .unwrap();
    // The declined debit's pre-notification still covers its retry.
    assert!(host
        .run_subscription(&mut s, "unused", "{}", &Customer::default())
        .unwrap()
        .is_none());
    collect(&mut host, &mut s, "2027-02", "REN-2", "250.00");
    collect(&mut host, &mut s, "2027-03", "REN-3", "500.00");
    let cycles: Vec<(&str, &str, CycleState)> = s
        .cycles()
        .iter()
        .map(|c| (c.cycle.as_str(), c.order_id.as_str(), c.state))
        .collect();
    assert_eq!(
        cycles,
        [
            ("2027-01", "REN-1", CycleState::Declined),
            ("2027-01", "REN-1B", CycleState::Paid),
            ("2027-02", "REN-2", CycleState::Paid),
            ("2027-03", "REN-3", CycleState::Paid),
        ]
    );
    // Each debit was verified by the signed v3 status of its order.
    let statuses = host.sent_bodies(Purpose::Status);
    assert_eq!(statuses.len(), 4);
    let last: Value = serde_json::from_str(statuses[3]).unwrap();
    assert_eq!(last["body"]["orderId"], "REN-3");
    assert_eq!(last["body"]["resultInfo"]["resultStatus"], "TXN_SUCCESS");

    // Cancel: Paytm's verified answer ends it; the webhook says REJECT.
    s.cancel().unwrap();
    let o = host
        .run_subscription(&mut s, "unused", "{}", &Customer::default())
        .unwrap()
        .expect("ended");
    assert_eq!(o.reason, Some(FailureReason::Cancelled), "{o:?}");
    assert_eq!(state(&host, &subs), SubscriptionState::Reject);
    let hooks = subscription_webhooks(&sb);
    assert_eq!(hooks.len(), 2, "{hooks:?}");
    assert_eq!(webhook_state(&hooks[1]), SubscriptionState::Reject);
    // Nothing more can be collected.
    assert_eq!(pre_notify(&host, &subs, "1.00", "PN_LATE"), "3010");
    assert_eq!(renew(&host, &subs, "REN-4", "1.00"), "3010");
}

#[test]
fn a_tampered_create_is_refused() {
    let (_sb, mut host) = start();
    let mut s = session(&host, "SUB-T", "1.00");
    let Ok(Action::Send { mut request, .. }) = s.next_action(host.now().unwrap()) else {
        panic!("no create request");
    };
    let body = String::from_utf8(request.body.clone()).unwrap();
    request.body = body.replacen("500.00", "900.00", 1).into_bytes();
    let p = call(&host, "initiate_subscription", &request);
    assert_eq!(code(&p), "2005");
    // Nothing was created: the untampered request creates the subscription afresh.
    host.steps.clear();
    active(&mut host, "SUB-T", "1.00", "cust@paytm");
}

#[test]
fn renewals_above_the_maximum_paused_early_or_after_revoke_are_refused() {
    let (sb, mut host) = start();
    let mut s = active(&mut host, "SUB-R", "1.00", "cust@paytm");
    let subs = subs_id(&s);
    // No pre-debit notification, or one less than 24 hours old: refused (RBI).
    assert_eq!(renew(&host, &subs, "R-1", "100.00"), "3013");
    assert_eq!(pre_notify(&host, &subs, "100.00", "PN_1"), "0000");
    assert_eq!(pre_notify(&host, &subs, "100.00", "PN_1"), "3015");
    assert_eq!(pre_notify(&host, &subs, "500.01", "PN_2"), "3012");
    host.advance(PRE_NOTIFY_LEAD_MS - 60_000).unwrap();
    assert_eq!(renew(&host, &subs, "R-1", "100.00"), "3013");
    host.advance(60_000).unwrap();
    // Above the maximum (and above the notified amount): refused, no order.
    assert_eq!(renew(&host, &subs, "R-1", "500.01"), "3012");
    assert_eq!(
        common::status(sb.addr(), "R-1")["resultInfo"]["resultCode"],
        "334"
    );
    // Paused: refused; resumed: accepted (the pending code Paytm's sample shows).
    assert_eq!(modify(&host, &subs, PauseResume::Suspended), "3006");
    assert_eq!(state(&host, &subs), SubscriptionState::Suspended);
    assert_eq!(modify(&host, &subs, PauseResume::Suspended), "3014");
    assert_eq!(renew(&host, &subs, "R-1", "100.00"), "3011");
    assert_eq!(modify(&host, &subs, PauseResume::Active), "3006");
    assert_eq!(renew(&host, &subs, "R-1", "100.00"), "900");
    assert_eq!(
        common::status(sb.addr(), "R-1")["resultInfo"]["resultStatus"],
        "TXN_SUCCESS"
    );
    // The same order again, or a second debit on the used notification: refused.
    assert_eq!(renew(&host, &subs, "R-1", "100.00"), "325");
    assert_eq!(renew(&host, &subs, "R-2", "100.00"), "3013");

    // The customer revokes the mandate: the webhook ends the session; renewals are refused.
    let r = common::post(
        sb.addr(),
        &format!("/__admin/subscription/revoke?subsId={}", subs.as_str()),
        b"",
    );
    assert_eq!(r.status, 200, "{r:?}");
    let hooks = subscription_webhooks(&sb);
    let revoked = hooks.last().unwrap();
    assert_eq!(webhook_state(revoked), SubscriptionState::Reject);
    s.handle_callback(revoked.as_bytes(), host.now().unwrap())
        .unwrap();
    assert_eq!(
        s.outcome().and_then(|o| o.reason),
        Some(FailureReason::Revoked)
    );
    assert_eq!(state(&host, &subs), SubscriptionState::Reject);
    let again = common::post(
        sb.addr(),
        &format!("/__admin/subscription/revoke?subsId={}", subs.as_str()),
        b"",
    );
    assert_eq!(again.status, 409);
    assert_eq!(pre_notify(&host, &subs, "1.00", "PN_3"), "3010");
}

#[test]
fn another_merchants_or_an_unknown_subscription_is_not_found() {
    let (_sb, mut host) = start();
    let s = active(&mut host, "SUB-F", "1.00", "cust@paytm");
    let subs = subs_id(&s);
    let other = MerchantKey::new(OTHER_KEY.as_bytes()).unwrap();
    let req = SubscriptionStatus::new(Mid::new(OTHER_MID).unwrap(), subs.clone())
        .build(&env(&host), &other, None)
        .unwrap();
    let (status, body) = host.send(&req).unwrap();
    let p = parse_response(
        "subscription_status",
        status,
        &body,
        Some(&other),
        &ParseOptions::default(),
    )
    .unwrap();
    assert_eq!(code(&p), "3003");
    let unknown = SubscriptionId::new("999999").unwrap();
    let req = SubscriptionStatus::new(mid(), unknown.clone())
        .build(&env(&host), &key(), None)
        .unwrap();
    assert_eq!(code(&call(&host, "subscription_status", &req)), "3003");
    assert_eq!(renew(&host, &unknown, "F-1", "1.00"), "3003");
    // By custId and the creation orderId: found.
    let mut by_customer = SubscriptionStatus::new(mid(), subs);
    by_customer.subs_id = None;
    by_customer.cust_id = Some("CUST_001".try_into().unwrap());
    by_customer.order_id = Some(OrderId::new("SUB-F").unwrap());
    let req = by_customer.build(&env(&host), &key(), None).unwrap();
    assert_eq!(code(&call(&host, "subscription_status", &req)), "3006");
}

#[test]
fn a_duplicated_activation_webhook_changes_nothing() {
    let (sb, mut host) = start();
    // First debit 201.00: the subscription webhook is delivered twice.
    let mut s = active(&mut host, "SUB-D", "201.00", "cust@paytm");
    let hooks = subscription_webhooks(&sb);
    assert_eq!(hooks.len(), 2, "{hooks:?}");
    assert_eq!(hooks[0], hooks[1]);
    let before = s.save();
    for h in &hooks {
        s.handle_callback(h.as_bytes(), host.now().unwrap())
            .unwrap();
        assert_eq!(s.save(), before);
    }
    // A tampered copy is refused.
    let forged = hooks[0].replacen("MAXAMOUNT=500.00", "MAXAMOUNT=900.00", 1);
    assert_ne!(forged, hooks[0]);
    assert!(s
        .handle_callback(forged.as_bytes(), host.now().unwrap())
        .is_err());
    assert_eq!(s.save(), before);
}

/// The session of `order` sends Initiate Subscription: its txnToken.
fn created(host: &mut Host, s: &mut SubscriptionSession) -> String {
    let Ok(Action::Send { request, .. }) = s.next_action(host.now().unwrap()) else {
        panic!("no create request");
    };
    let (status, body) = host.send(&request).unwrap();
    s.handle_response(status, &body, host.now().unwrap())
        .unwrap();
    match s.next_action(host.now().unwrap()).unwrap() {
        Action::CollectPayment { txn_token, .. } => txn_token.as_str().to_owned(),
        other => panic!("{}", other.to_json()),
    }
}

#[test]
fn a_mandate_authorised_by_another_mode_is_refused() {
    let (sb, mut host) = start();
    let mut s = session(&host, "SUB-M", "1.00");
    let token = created(&mut host, &mut s);
    // A UPI mandate paid by card, or by the wallet: refused, nothing recorded.
    for payment in [
        json!({"paymentMode": "CREDIT_CARD", "authMode": "otp", "cardInfo": {"type": "new",
               "cardNumber": "4111111111111111", "cvv": "123", "expiry": "122032"}}),
        json!({"paymentMode": "BALANCE"}),
    ] {
        let mut p = payment;
        p["txnToken"] = json!(token);
        p["mid"] = json!(TEST_MID);
        p["orderId"] = json!("SUB-M");
        let req = ProcessTransaction::from_json(p.to_string().as_bytes())
            .unwrap()
            .build(&env(&host))
            .unwrap();
        let (status, body) = host.send(&req).unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, 200);
        assert_eq!(v["body"]["resultInfo"]["resultStatus"], "F", "{v}");
        assert_eq!(v["body"]["resultInfo"]["resultCode"], "3016", "{v}");
    }
    let orders = common::get(sb.addr(), "/__admin/orders").json();
    let o = orders["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["orderId"] == "SUB-M")
        .unwrap();
    assert_eq!(o["attempts"].as_array().unwrap().len(), 0, "{o}");
    // The same token then authorises it by UPI.
    let s = authorise(&mut host, s, "SUB-M", "cust@paytm");
    assert_eq!(state(&host, &subs_id(&s)), SubscriptionState::Active);
}

#[test]
fn pause_resume_and_expiry_push_the_signed_webhook() {
    let (sb, mut host) = start();
    // A monthly plan that expires at the end of next year (sandbox time).
    let year: u32 = txn_date(host.now().unwrap())[..4].parse().unwrap();
    let expiry = format!("{}-12-31", year + 1);
    let s = session_until(&host, "SUB-X", "1.00", &expiry);
    let mut s = authorise(&mut host, s, "SUB-X", "cust@paytm");
    let subs = subs_id(&s);
    let states = |sb: &Sandbox| -> Vec<SubscriptionState> {
        subscription_webhooks(sb)
            .iter()
            .map(|h| webhook_state(h))
            .collect()
    };
    assert_eq!(states(&sb), [SubscriptionState::Active]);
    assert_eq!(modify(&host, &subs, PauseResume::Suspended), "3006");
    assert_eq!(modify(&host, &subs, PauseResume::Active), "3006");
    host.advance(1_000).unwrap();
    assert_eq!(modify(&host, &subs, PauseResume::Suspended), "3006");
    assert_eq!(modify(&host, &subs, PauseResume::Active), "3006");
    use SubscriptionState::{Active, Expired, Suspended};
    assert_eq!(states(&sb), [Active, Suspended, Active, Suspended, Active]);
    // A refused move pushes nothing.
    assert_eq!(modify(&host, &subs, PauseResume::Active), "3014");
    assert_eq!(subscription_webhooks(&sb).len(), 5);

    // The clock takes the plan month by month past its expiry date: one EXPIRED webhook, when
    // the day after it begins.
    let month = 30 * PRE_NOTIFY_LEAD_MS; // 30 days
    let mut months = 0;
    while txn_date(host.now().unwrap())[..10] <= *expiry.as_str() {
        assert_eq!(subscription_webhooks(&sb).len(), 5, "expired early");
        host.advance(month).unwrap();
        months += 1;
    }
    assert!((12..=25).contains(&months), "{months}");
    assert_eq!(
        states(&sb),
        [Active, Suspended, Active, Suspended, Active, Expired]
    );
    host.advance(month).unwrap();
    assert_eq!(state(&host, &subs), Expired);
    assert_eq!(subscription_webhooks(&sb).len(), 6, "pushed once");
    // The session takes it: the subscription has ended; nothing more is collected.
    let hooks = subscription_webhooks(&sb);
    s.handle_callback(hooks[5].as_bytes(), host.now().unwrap())
        .unwrap();
    assert_eq!(
        s.outcome().and_then(|o| o.reason),
        Some(FailureReason::Expired)
    );
    assert_eq!(pre_notify(&host, &subs, "1.00", "PN_X"), "3010");
}
