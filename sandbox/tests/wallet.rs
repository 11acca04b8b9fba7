//! Auto-debit end to end: core's wallet session driven by the host over real HTTP against an
//! in-process sandbox. Link (OTP), consult, add money (the wallet page and its signed callback),
//! withdraw, revoke; the balances are read from `GET /__admin/wallets` after each step.

use paytm_checkout::api::autodebit::{RevokeAccess, UserDetails};
use paytm_checkout::response::Verification;
use paytm_checkout::session::{
    FailureReason, Outcome, OutcomeStatus, Purpose, WalletPhase, WalletSession,
};
use paytm_checkout::types::{ClientId, ClientSecret, SsoToken};
use paytm_checkout::{Credentials, Environment, MerchantKey};
use paytm_sandbox::host::{Host, Step};
use paytm_sandbox::{Config, Sandbox, OAUTH_OTP, TEST_KEY, TEST_MID};
use serde_json::{json, Value};

const RICH: &str = "5558889990";
const EMPTY: &str = "7777777777";
const ONE_RUPEE: &str = "7777777778";
const NO_TOP_UP: &str = "7777777779";

fn start() -> (Sandbox, Host) {
    let sb = Sandbox::start(Config::default()).unwrap();
    let host = Host::new(&sb.base_url());
    (sb, host)
}

fn credentials() -> Credentials {
    Credentials::from_parts(
        Some(MerchantKey::new(TEST_KEY.as_bytes()).unwrap()),
        Some("merchant-sandbox"),
        Some("sandbox-client-secret"),
    )
    .unwrap()
}

/// A wallet session for `phone` (linking) or `token` (linked before).
fn session(
    host: &Host,
    order: &str,
    amount: &str,
    phone: &str,
    token: Option<&str>,
) -> WalletSession {
    let mut c = json!({
        "environment": {"custom": host.base()}, "mid": TEST_MID, "orderId": order,
        "amount": amount, "custId": "CUST_001", "phone": phone, "channel": "WAP",
        "industryType": "Retail", "website": "WEBSTAGING", "appIp": "127.0.0.1",
        "deviceId": "D1", "addMoneyCallbackUrl": "https://merchant.example/paytm/add-money"
    });
    if let Some(t) = token {
        c["ssoToken"] = Value::String(t.to_owned());
    }
    WalletSession::from_json(c.to_string().as_bytes(), credentials()).unwrap()
}

fn last_body(host: &Host, purpose: Purpose) -> Value {
    let sent = host.sent_bodies(purpose);
    let body = sent
        .last()
        .unwrap_or_else(|| panic!("no {purpose:?} was sent"));
    serde_json::from_str(body).unwrap()
}

fn succeeded(o: &Outcome, order: &str, amount: &str) {
    assert_eq!(o.status, OutcomeStatus::Success, "{o:?}");
    let t = o.transaction.as_ref().expect("a transaction");
    assert_eq!(t.order_id.as_ref().map(|x| x.as_str()), Some(order));
    assert_eq!(t.amount.map(|a| a.to_string()).as_deref(), Some(amount));
    // Confirmed by the signed v3 status, never by the unsigned legacy one.
    assert_eq!(t.verification, Verification::Verified);
}

/// Runs `s` (the right OTP, add money approved) and checks that it paid `order` `amount`.
fn pays(host: &mut Host, s: &mut WalletSession, order: &str, amount: &str) {
    succeeded(
        &host.run_wallet(s, &[OAUTH_OTP], true).unwrap(),
        order,
        amount,
    );
}

fn revoke(host: &Host, token: &SsoToken) -> u16 {
    let req = RevokeAccess {
        session_token: token.clone(),
    }
    .build(
        &Environment::custom(host.base()).unwrap(),
        &ClientId::new("merchant-sandbox").unwrap(),
        &ClientSecret::new("sandbox-client-secret").unwrap(),
    )
    .unwrap();
    host.send(&req).unwrap().0
}

fn user_details(host: &Host, token: &SsoToken) -> (u16, Value) {
    let req = UserDetails {
        session_token: token.clone(),
    }
    .build(&Environment::custom(host.base()).unwrap())
    .unwrap();
    let (status, body) = host.send(&req).unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

#[test]
fn link_add_money_withdraw_revoke_then_refused() {
    let (_sb, mut host) = start();
    assert_eq!(host.balance(EMPTY).unwrap(), "0.00");

    // Link, consult (₹0 of ₹150), add the deficit, consult again, withdraw, confirm.
    let mut s = session(&host, "W-1", "150.00", EMPTY, None);
    let o = host.run_wallet(&mut s, &[OAUTH_OTP], true).unwrap();
    succeeded(&o, "W-1", "150.00");
    assert_eq!(
        host.sent_purposes(),
        [
            Purpose::SendOtp,
            Purpose::ValidateOtp,
            Purpose::CheckBalance,
            Purpose::CheckBalance,
            Purpose::Withdraw,
            Purpose::Status
        ]
    );
    // The first consult asked for exactly the deficit; the wallet page was shown once.
    assert!(host
        .steps
        .iter()
        .any(|s| matches!(s, Step::WalletPage { html, .. } if html.contains("150.00"))));
    let callback = host
        .steps
        .iter()
        .find_map(|s| match s {
            Step::Callback { action, fields } => Some((action.clone(), fields.clone())),
            _ => None,
        })
        .expect("the add-money callback");
    assert_eq!(callback.0, "https://merchant.example/paytm/add-money");
    let field = |k: &str| {
        callback
            .1
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(field("ORDERID").as_deref(), Some("W-1-AM1"));
    assert_eq!(field("STATUS").as_deref(), Some("TXN_SUCCESS"));
    assert!(field("CHECKSUMHASH").is_some_and(|c| !c.is_empty()));
    // ₹150 in, ₹150 out.
    assert_eq!(host.balance(EMPTY).unwrap(), "0.00");
    let withdraw = last_body(&host, Purpose::Withdraw);
    assert_eq!(withdraw["Status"], "TXN_SUCCESS");
    assert_eq!(withdraw["ResponseCode"], "01");

    // The token the session holds is a real one: user details name the linked phone.
    let token = s.access_token().expect("linked").clone();
    let (status, user) = user_details(&host, &token);
    assert_eq!(status, 200);
    assert_eq!(user["mobile"], json!(7777777777u64));

    // A second payment with that token: no linking, ₹0 is not enough, add money again.
    host.steps.clear();
    let mut s2 = session(&host, "W-2", "20.00", EMPTY, Some(token.as_str()));
    assert_eq!(s2.phase(), WalletPhase::Consult);
    pays(&mut host, &mut s2, "W-2", "20.00");
    assert_eq!(host.balance(EMPTY).unwrap(), "0.00");

    // Revoked: user details, consult and withdraw all refuse it.
    assert_eq!(revoke(&host, &token), 200);
    assert_eq!(revoke(&host, &token), 404, "already revoked");
    let (status, user) = user_details(&host, &token);
    assert_eq!((status, user["responseCode"].as_str()), (401, Some("530")));
    host.steps.clear();
    let mut s3 = session(&host, "W-3", "1.00", EMPTY, Some(token.as_str()));
    let o = host.run_wallet(&mut s3, &[OAUTH_OTP], true).unwrap();
    assert_eq!(o.status, OutcomeStatus::Failure);
    assert_eq!(
        o.failure.as_ref().and_then(|f| f.code.as_deref()),
        Some("CS_0002")
    );
    assert_eq!(host.sent_purposes(), [Purpose::CheckBalance]);
}

#[test]
fn a_rich_wallet_pays_without_adding_money() {
    let (_sb, mut host) = start();
    let mut s = session(&host, "R-1", "1234.56", RICH, None);
    pays(&mut host, &mut s, "R-1", "1234.56");
    assert!(!host
        .steps
        .iter()
        .any(|s| matches!(s, Step::WalletPage { .. })));
    let consult = last_body(&host, Purpose::CheckBalance);
    assert_eq!(consult["body"]["fundsSufficient"], true);
    assert_eq!(consult["body"]["resultInfo"]["resultCode"], "CS_0000");
    assert_eq!(host.balance(RICH).unwrap(), "3765.44");
}

#[test]
fn add_money_cancelled_and_add_money_not_allowed_end_in_insufficient_funds() {
    let (_sb, mut host) = start();
    // The customer cancels at the wallet page (twice: the session offers two rounds).
    let mut s = session(&host, "C-1", "5.00", ONE_RUPEE, None);
    let o = host.run_wallet(&mut s, &[OAUTH_OTP], false).unwrap();
    assert_eq!(o.status, OutcomeStatus::Failure, "{o:?}");
    assert_eq!(o.reason, Some(FailureReason::InsufficientFunds));
    assert_eq!(host.balance(ONE_RUPEE).unwrap(), "1.00");
    assert!(!host.sent_purposes().contains(&Purpose::Withdraw));

    // A wallet that may not be topped up.
    host.steps.clear();
    let mut s = session(&host, "C-2", "5.00", NO_TOP_UP, None);
    let o = host.run_wallet(&mut s, &[OAUTH_OTP], true).unwrap();
    assert_eq!(o.reason, Some(FailureReason::InsufficientFunds), "{o:?}");
    let consult = last_body(&host, Purpose::CheckBalance);
    assert_eq!(consult["body"]["addMoneyAllowed"], false);
    assert_eq!(consult["body"]["deficitAmount"], "5.00");
}

#[test]
fn a_wrong_otp_is_asked_again() {
    let (_sb, mut host) = start();
    let mut s = session(&host, "O-1", "1.00", RICH, None);
    let o = host
        .run_wallet(&mut s, &["000000", OAUTH_OTP], true)
        .unwrap();
    succeeded(&o, "O-1", "1.00");
    assert_eq!(
        host.steps
            .iter()
            .filter(|s| matches!(s, Step::OtpSubmitted))
            .count(),
        2
    );
    let first = host
        .steps
        .iter()
        .find_map(|s| match s {
            Step::Sent {
                purpose: Purpose::ValidateOtp,
                status,
                body,
                ..
            } => Some((*status, body.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(first.0, 403);
    assert!(first.1.contains("\"403\""), "{}", first.1);
    assert_eq!(host.balance(RICH).unwrap(), "4999.00");
}

/// Withdraw directly (the spec's request, signed by core's builder) for insufficient funds
/// (227), a bad checksum (330), an unknown token and a repeated order id.
#[test]
fn withdraw_refusals_carry_the_documented_codes() {
    use paytm_checkout::api::autodebit::Withdraw;
    use paytm_checkout::types::{Amount, Channel, Code, Currency, CustomerId, Mid, OrderId};
    let (_sb, mut host) = start();
    // Link 7777777778 (₹1) through a session that only links: its consult of ₹0.50 is enough.
    let mut s = session(&host, "L-1", "0.50", ONE_RUPEE, None);
    pays(&mut host, &mut s, "L-1", "0.50");
    assert_eq!(host.balance(ONE_RUPEE).unwrap(), "0.50");
    let token = s.access_token().unwrap().clone();
    let env = Environment::custom(host.base()).unwrap();
    let key = MerchantKey::new(TEST_KEY.as_bytes()).unwrap();
    let withdraw = |order: &str, amount: &str, token: &SsoToken| Withdraw {
        mid: Mid::new(TEST_MID).unwrap(),
        order_id: OrderId::new(order).unwrap(),
        txn_amount: amount.parse::<Amount>().unwrap(),
        app_ip: "127.0.0.1".into(),
        device_id: Code::new("D1").unwrap(),
        currency: Currency::default(),
        sso_token: token.clone(),
        cust_id: CustomerId::new("CUST_001").unwrap(),
        industry_type: Code::new("Retail").unwrap(),
        channel: Channel::Wap,
        auth_mode: Code::new("USRPWD").unwrap(),
        payment_mode: Code::new("PPI").unwrap(),
        merc_unq_ref: None,
        promo_camp_id: None,
        subwallet_amount: None,
    };
    let send = |req: &paytm_checkout::HttpRequest| -> Value {
        let (status, body) = host.send(req).unwrap();
        assert_eq!(status, 200);
        serde_json::from_slice(&body).unwrap()
    };
    // Withdraw `amount` for `order` with `token`, as core builds it.
    let draw = |order: &str, amount: &str, token: &SsoToken| -> Value {
        send(
            &withdraw(order, amount, token)
                .build(&env, &key, None)
                .unwrap(),
        )
    };
    let r = draw("X-1", "0.51", &token);
    assert_eq!(
        (r["Status"].as_str(), r["ResponseCode"].as_str()),
        (Some("TXN_FAILURE"), Some("227"))
    );
    assert_eq!(host.balance(ONE_RUPEE).unwrap(), "0.50", "nothing debited");
    // Signed: core's parser verifies the CheckSum.
    let parsed = paytm_checkout::parse_response(
        "withdraw",
        200,
        r.to_string().as_bytes(),
        Some(&key),
        &Default::default(),
    )
    .unwrap();
    assert!(parsed.transaction().is_some());

    let mut tampered = withdraw("X-2", "0.50", &token)
        .build(&env, &key, None)
        .unwrap();
    let body = String::from_utf8(tampered.body.clone()).unwrap();
    tampered.body = body.replacen("0.50", "0.40", 1).into_bytes();
    let r = send(&tampered);
    assert_eq!(r["ResponseCode"], "330");
    assert_eq!(host.balance(ONE_RUPEE).unwrap(), "0.50");

    let nobody = SsoToken::new("0123456789abcdef").unwrap();
    let r = draw("X-3", "0.10", &nobody);
    assert_eq!(r["ResponseCode"], "2004");

    let r = draw("X-4", "0.10", &token);
    assert_eq!(r["ResponseCode"], "01");
    assert_eq!(host.balance(ONE_RUPEE).unwrap(), "0.40");
    let r = draw("X-4", "0.10", &token);
    assert_eq!(
        r["ResponseCode"], "325",
        "a repeated order id debits nothing"
    );
    assert_eq!(host.balance(ONE_RUPEE).unwrap(), "0.40");

    // Revoked: refused, nothing debited.
    assert_eq!(revoke(&host, &token), 200);
    let r = draw("X-5", "0.10", &token);
    assert_eq!(
        (r["Status"].as_str(), r["ResponseCode"].as_str()),
        (Some("TXN_FAILURE"), Some("2004"))
    );
    assert_eq!(host.balance(ONE_RUPEE).unwrap(), "0.40");
}
