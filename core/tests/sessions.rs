//! The session scenarios of tests/vectors/sessions/scenarios.json (responses signed by Paytm's
//! own Python library), replayed through the JSON-facing session API that the C library and the
//! npm package wrap. The C and JS runners replay the same file.

use paytm_checkout::api::Credentials;
use paytm_checkout::error::ErrorCode;
use paytm_checkout::session::{
    Action, CheckoutSession, OutcomeStatus, Session, SessionKind, TXN_TOKEN_VALIDITY_MS,
};
use paytm_checkout::MerchantKey;
use serde_json::Value;

const TEST_KEY: &[u8] = b"PmX#a0x4VpTXRzfK";

fn scenarios() -> Vec<Value> {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/sessions/scenarios.json"
    );
    let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
    v["scenarios"].as_array().unwrap().clone()
}

fn credentials_of(s: &Value) -> Credentials {
    match s.get("credentials") {
        Some(c) => Credentials::from_json(&serde_json::to_vec(c).unwrap()).unwrap(),
        None => Credentials {
            merchant_key: key_of(s),
            ..Credentials::default()
        },
    }
}

fn key_of(s: &Value) -> Option<MerchantKey> {
    match s["key"].as_str() {
        Some("test") => Some(MerchantKey::new(TEST_KEY).unwrap()),
        None => None,
        Some(k) => panic!("unknown key {k}"),
    }
}

/// `path` ("outcome.transaction.amount") in `v`.
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Runs one step through [`Session`], the type the C and npm bindings wrap; `Err(code)` when
/// the call failed.
fn step(s: &mut Session, st: &Value, scenario: &Value) -> Result<Option<Value>, ErrorCode> {
    let now = st["now"].as_u64().unwrap_or(0);
    let text = |k: &str| st[k].as_str().unwrap().as_bytes();
    let arg = |k: &str| st[k].as_str().unwrap_or_default();
    let r = match st["op"].as_str().unwrap() {
        "next" => {
            let a = s.next_action(now).map_err(|e| e.code())?;
            return Ok(Some(serde_json::from_str(&a.to_json()).unwrap()));
        }
        "respond" => s.handle_response(st["status"].as_u64().unwrap() as u16, text("body"), now),
        "send_failure" => s.handle_send_failure(now),
        "pay" => s.pay(&serde_json::to_vec(&st["payment"]).unwrap(), now),
        "callback" => s.handle_callback(text("body"), now),
        "otp" => s.submit_otp(st["otp"].as_str().unwrap(), now),
        "retry" => s.retry(now),
        "collect" => s.collect(arg("cycle"), arg("orderId"), arg("amount")),
        "cancel" => s.cancel(),
        "pause" => s.pause(),
        "resume" => s.resume(),
        "pre_notify" => s.pre_notify(
            arg("cycle"),
            arg("amount"),
            arg("txnDate"),
            arg("referenceId"),
            arg("txnMessage"),
            st["invoiceDisplayNo"].as_str(),
        ),
        "restart" => {
            let saved = s.save();
            // What a restart must not write to disk.
            for secret in [
                "PmX#a0x4VpTXRzfK",
                "4111111111111111",
                "f0bed899539742309eebd8",
                "client-secret-1",
                "c748d624-d92a",
                "489871",
            ] {
                assert!(!saved.contains(secret), "saved session contains a secret");
            }
            // The token the host kept: the checkout's txnToken or the wallet user's access token.
            let t = st["token"]
                .as_str()
                .filter(|_| st["withToken"].as_bool().unwrap_or(false));
            *s = Session::restore(saved.as_bytes(), credentials_of(scenario), t).unwrap();
            Ok(())
        }
        op => panic!("unknown op {op}"),
    };
    r.map(|_| None).map_err(|e| e.code())
}

fn run(scenario: &Value) -> usize {
    let name = scenario["name"].as_str().unwrap();
    let config = serde_json::to_vec(&scenario["config"]).unwrap();
    let kind = SessionKind::parse(scenario["kind"].as_str().unwrap()).unwrap();
    let mut s = Session::new(kind, &config, credentials_of(scenario)).unwrap();
    let mut checks = 0;
    for (i, st) in scenario["steps"].as_array().unwrap().iter().enumerate() {
        let r = step(&mut s, st, scenario);
        match (st["error"].as_str(), r) {
            (Some(want), Err(got)) => assert_eq!(got.name(), want, "{name} step {i}"),
            (Some(want), Ok(_)) => panic!("{name} step {i}: expected {want}, got success"),
            (None, Err(got)) => panic!("{name} step {i}: {st}: unexpected error {got:?}"),
            (None, Ok(action)) => {
                if let Some(expect) = st["expect"].as_object() {
                    let a = action.expect("an expectation on a step without an action");
                    for (path, want) in expect {
                        assert_eq!(at(&a, path), Some(want), "{name} step {i}: {path} in {a}");
                        checks += 1;
                    }
                    // Payment options are carried only where a scenario expects them: none
                    // when Paytm did not give them, or when the config did not ask.
                    if !expect.keys().any(|k| k.starts_with("paymentOptions")) {
                        assert_eq!(a.get("paymentOptions"), None, "{name} step {i}: {a}");
                    }
                }
            }
        }
        checks += 1;
    }
    checks
}

#[test]
fn every_scenario_passes() {
    let all = scenarios();
    let mut steps = 0;
    for s in &all {
        steps += run(s);
    }
    assert_eq!(
        all.len(),
        84,
        "scenario count changed: update this and the other runners"
    );
    assert!(steps > 400, "{steps} checks");
}

/// The card scenario that pays through a bank form and a callback, and the typed server
/// checkout of its order (staging).
fn card_callback_checkout() -> (Value, paytm_checkout::session::CheckoutConfig) {
    use paytm_checkout::api::initiate::InitiateTransaction;
    let sc = scenarios()
        .into_iter()
        .find(|s| s["name"] == "card_bank_form_callback_success")
        .unwrap();
    let initiate: InitiateTransaction =
        serde_json::from_value(sc["config"]["initiate"].clone()).unwrap();
    let config = paytm_checkout::session::CheckoutConfig::server(initiate)
        .environment(paytm_checkout::Environment::Staging);
    (sc, config)
}

/// The bytes of a scenario step's `body`.
fn step_body(sc: &Value, i: usize) -> Vec<u8> {
    sc["steps"][i]["body"].as_str().unwrap().as_bytes().to_vec()
}

/// The typed API, for one whole flow: what a Rust host writes.
#[test]
fn typed_card_checkout() {
    use paytm_checkout::api::process::PaymentMode;
    use paytm_checkout::card::CardInfo;
    use paytm_checkout::session::Purpose;

    let (sc, config) = card_callback_checkout();
    let body = |i: usize| step_body(&sc, i);
    let mut s = CheckoutSession::new(config, Some(MerchantKey::new(TEST_KEY).unwrap())).unwrap();
    let t0 = 1_700_000_000_000;
    assert!(matches!(
        s.next_action(t0).unwrap(),
        Action::Send {
            purpose: Purpose::Initiate,
            ..
        }
    ));
    s.handle_response(200, &body(1), t0 + 300).unwrap();
    let Action::CollectPayment { expires_at, .. } = s.next_action(t0 + 400).unwrap() else {
        panic!()
    };
    assert_eq!(expires_at, t0 + TXN_TOKEN_VALIDITY_MS);
    let card: CardInfo = serde_json::from_value(serde_json::json!(
        {"type":"new","cardNumber":"4111111111111111","cvv":"111","expiry":"122032"}
    ))
    .unwrap();
    let p = s.payment(PaymentMode::CreditCard).unwrap().card(card);
    s.pay(p, t0 + 60_000).unwrap();
    let Action::Send { request, .. } = s.next_action(t0 + 60_000).unwrap() else {
        panic!()
    };
    // Debug output of the request and the session never shows the card or token.
    let shown = format!("{request:?} {s:?}");
    assert!(!shown.contains("4111111111111111") && !shown.contains("f0bed8995397"));
    s.handle_response(200, &body(5), t0 + 60_500).unwrap();
    assert!(matches!(
        s.next_action(t0 + 60_600).unwrap(),
        Action::RenderBankForm { .. }
    ));
    s.handle_callback(&body(8), t0 + 180_000).unwrap();
    assert!(matches!(
        s.next_action(t0 + 180_000).unwrap(),
        Action::Send {
            purpose: Purpose::Status,
            ..
        }
    ));
    s.handle_response(200, &body(10), t0 + 180_200).unwrap();
    let Action::Done { outcome } = s.next_action(t0 + 180_300).unwrap() else {
        panic!()
    };
    assert_eq!(outcome.status, OutcomeStatus::Success);
}

#[test]
fn misuse_is_a_state_error_and_changes_nothing() {
    let all = scenarios();
    let sc = &all[0];
    let config = serde_json::to_vec(&sc["config"]).unwrap();
    let mut s = CheckoutSession::from_json(&config, key_of(sc)).unwrap();
    let t0 = 1_700_000_000_000;
    assert_eq!(
        s.handle_response(200, b"{}", t0).unwrap_err().code(),
        ErrorCode::SessionState
    );
    assert_eq!(
        s.pay_json(br#"{"paymentMode":"BALANCE"}"#, t0)
            .unwrap_err()
            .code(),
        ErrorCode::SessionState
    );
    assert!(matches!(s.next_action(t0).unwrap(), Action::Send { .. }));
    // Bad configs: a server session without the key, a client one without tokenIssuedAt.
    assert_eq!(
        CheckoutSession::from_json(&config, None)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidCredentials
    );
    let mut client = sc["config"].clone();
    client.as_object_mut().unwrap().remove("initiate");
    client["txnToken"] = "f0bed899539742309eebd8XXXX7edcf61588842333227".into();
    assert_eq!(
        CheckoutSession::from_json(&serde_json::to_vec(&client).unwrap(), None)
            .unwrap_err()
            .code(),
        ErrorCode::MissingField
    );
    for bad in [&b""[..], b"{", b"[]", b"{\"version\":2}", b"\xff"] {
        assert_eq!(
            CheckoutSession::restore(bad, None, None)
                .unwrap_err()
                .code(),
            ErrorCode::SessionRestore,
            "{bad:?}"
        );
    }
}

/// The client half read from a JSON tree (what the npm package's browser build hands it): its
/// config and payment rules, and a save that a server with the key can pick up and verify.
#[test]
fn client_half_from_a_tree_saves_unsealed_for_itself_only() {
    use paytm_checkout::input::Json;
    use paytm_checkout::session::{ClientCheckout, Purpose};
    let tree = |v: serde_json::Value| -> Json { serde_json::from_value(v).unwrap() };
    let token = "f0bed899539742309eebd8XXXX7edcf61588842333227";
    let t0 = 1_700_000_000_000u64;
    let config = serde_json::json!({"environment": "staging", "mid": "INTEGR7769XXXXXX9383",
        "orderId": "ORDER_1001", "amount": "1.00", "txnToken": token, "tokenIssuedAt": t0});
    let with = |k: &str, v: serde_json::Value| {
        let mut c = config.clone();
        c[k] = v;
        tree(c)
    };
    let code = |c: &Json| ClientCheckout::from_tree(c).unwrap_err().code();
    assert_eq!(
        code(&with("initiate", serde_json::json!({}))),
        ErrorCode::InvalidCredentials
    );
    assert_eq!(
        code(&with("tokenIssuedAt", serde_json::Value::Null)),
        ErrorCode::MissingField
    );
    assert_eq!(
        code(&with("tokenIssuedAt", "soon".into())),
        ErrorCode::InvalidField
    );
    assert_eq!(
        code(&with("tokenIssuedAt", (-1).into())),
        ErrorCode::InvalidField
    );
    assert_eq!(
        code(&with("callbackUrl", "x".into())),
        ErrorCode::InvalidField
    );
    assert_eq!(
        code(&with("amount", "1.001".into())),
        ErrorCode::InvalidAmount
    );
    let e = ClientCheckout::from_tree(&with("txnToken", serde_json::Value::Null)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MissingField);
    assert!(e.message().contains("txnToken"), "{}", e.message());

    let mut s = ClientCheckout::from_tree(&tree(config.clone())).unwrap();
    // The session's own members may not be given again; nothing changes.
    let e = s
        .pay_tree(
            tree(serde_json::json!({"paymentMode": "BALANCE", "txnToken": token})),
            t0,
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidField);
    assert!(!e.message().contains(token));
    assert_eq!(
        s.pay_tree(tree(serde_json::json!(["BALANCE"])), t0)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
    assert!(matches!(
        s.next_action(t0).unwrap(),
        Action::CollectPayment { .. }
    ));
    s.pay_tree(
        tree(serde_json::json!({"paymentMode": "BALANCE"})),
        t0 + 1000,
    )
    .unwrap();
    assert!(matches!(
        s.next_action(t0 + 1000).unwrap(),
        Action::Send {
            purpose: Purpose::Process,
            ..
        }
    ));
    // Saved with Process out: no token in it. Unsealed (a client holds no key), so a server
    // does not take it: the server continues the order from its own record.
    let saved = s.save();
    assert!(!saved.contains(token), "{saved}");
    let e = CheckoutSession::restore(
        saved.as_bytes(),
        Some(MerchantKey::new(TEST_KEY).unwrap()),
        None,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SessionSeal);
    // Restored without the key it stays a client: the answer was lost, so unverified.
    let mut client = CheckoutSession::restore(saved.as_bytes(), None, None).unwrap();
    let Action::Done { outcome } = client.next_action(t0 + 2000).unwrap() else {
        panic!()
    };
    assert_eq!(outcome.status, OutcomeStatus::Unverified);
    // A finished client session restores finished, with its outcome.
    let again = CheckoutSession::restore(client.save().as_bytes(), None, None).unwrap();
    assert_eq!(again.outcome(), Some(&outcome));
}

/// Issue #16 item 3: a save edited into a verdict, or to a lower amount, does not restore; the
/// keyless client half never restores into `success`.
#[test]
fn edited_saves_do_not_restore() {
    let all = scenarios();
    let by_name = |n: &str| all.iter().find(|s| s["name"] == n).unwrap().clone();
    let key = || Credentials {
        merchant_key: Some(MerchantKey::new(TEST_KEY).unwrap()),
        ..Credentials::default()
    };
    // A server checkout, a refund and a client half, each saved mid-flow.
    for (name, config_key) in [
        ("card_bank_form_callback_success", true),
        ("refund_pending_then_success", true),
        ("client_half_card_unverified", false),
    ] {
        let sc = by_name(name);
        let kind = SessionKind::parse(sc["kind"].as_str().unwrap()).unwrap();
        let creds = if config_key {
            key()
        } else {
            Credentials::default()
        };
        let config = serde_json::to_vec(&sc["config"]).unwrap();
        let s = Session::new(kind, &config, creds).unwrap();
        let saved = s.save();
        let restore = |text: &str| {
            let creds = if config_key {
                key()
            } else {
                Credentials::default()
            };
            Session::restore(text.as_bytes(), creds, None)
        };
        assert!(restore(&saved).is_ok(), "{name}: the genuine save restores");
        let edits = [
            saved.replacen(
                r#""phase":"#,
                r#""outcome":{"status":"success"},"phase":"#,
                1,
            ),
            saved.replacen(
                r#""phase":"#,
                r#""outcome":{"status":"refunded"},"phase":"#,
                1,
            ),
            saved.replacen(r#""amount":"1.00""#, r#""amount":"0.01""#, 1),
            saved.replacen(r#""refundAmount":"1.00""#, r#""refundAmount":"0.01""#, 1),
        ];
        for edited in edits.iter().filter(|e| **e != saved) {
            match restore(edited) {
                Err(e) => assert_eq!(e.code(), ErrorCode::SessionSeal, "{name}: {edited}"),
                Ok(r) => {
                    // Only the client half's unsealed amount may change: it decides nothing.
                    assert!(
                        !config_key,
                        "{name}: an edited sealed save restored: {edited}"
                    );
                    assert!(
                        !matches!(
                            r.outcome().map(|o| o.status),
                            Some(OutcomeStatus::Success | OutcomeStatus::Refunded)
                        ),
                        "{name}: {edited}"
                    );
                }
            }
        }
        if config_key {
            // Another merchant key, or the seal removed: refused too.
            let other = Credentials {
                merchant_key: Some(MerchantKey::new(b"0123456789abcdef").unwrap()),
                ..Credentials::default()
            };
            let e = Session::restore(saved.as_bytes(), other, None).unwrap_err();
            assert_eq!(e.code(), ErrorCode::SessionSeal, "{name}");
            let v: Value = serde_json::from_str(&saved).unwrap();
            let unsealed = v["session"].to_string();
            let e = restore(&unsealed).unwrap_err();
            assert_eq!(e.code(), ErrorCode::SessionSeal, "{name}");
        }
    }
}

/// Webhooks may come twice and out of order: a repeat of the last callback, and a PENDING one
/// after a callback that said the payment was final, change nothing (the save is identical).
#[test]
fn a_repeated_or_stale_pending_callback_changes_nothing() {
    use paytm_checkout::{Params, Salt};

    let (sc, config) = card_callback_checkout();
    let body = |i: usize| step_body(&sc, i);
    let key = MerchantKey::new(TEST_KEY).unwrap();
    let mut s = CheckoutSession::new(config, Some(key.clone())).unwrap();
    let t0 = 1_700_000_000_000;
    s.next_action(t0).unwrap();
    s.handle_response(200, &body(1), t0 + 300).unwrap();
    let final_cb = body(8);
    s.handle_callback(&final_cb, t0 + 180_000).unwrap();
    let saved = s.save();
    // The same webhook again.
    s.handle_callback(&final_cb, t0 + 181_000).unwrap();
    assert_eq!(s.save(), saved);
    // A stale PENDING one, validly signed, about the same payment.
    let mut fields: Vec<(String, String)> = form_urlencoded_pairs(&final_cb)
        .into_iter()
        .filter(|(k, _)| k != "CHECKSUMHASH")
        .map(|(k, v)| match k.as_str() {
            "STATUS" => (k, "PENDING".to_owned()),
            "RESPCODE" => (k, "402".to_owned()),
            _ => (k, v),
        })
        .collect();
    let params: Params = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sum = key.generate_map_with_salt(&params, Salt::new(b"abcd").unwrap());
    fields.push(("CHECKSUMHASH".to_owned(), sum));
    let stale =
        paytm_checkout::http::form_encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    s.handle_callback(stale.as_bytes(), t0 + 182_000).unwrap();
    assert_eq!(
        s.save(),
        saved,
        "a stale PENDING webhook changed the session"
    );
    // Before the final one, the same PENDING webhook is news (it is kept as the hint).
    let mut fresh =
        CheckoutSession::restore(&saved_before_callback(&body, &key), Some(key.clone()), None)
            .unwrap();
    let before = fresh.save();
    fresh
        .handle_callback(stale.as_bytes(), t0 + 182_000)
        .unwrap();
    assert_ne!(fresh.save(), before);
}

fn saved_before_callback(body: &dyn Fn(usize) -> Vec<u8>, key: &MerchantKey) -> Vec<u8> {
    use paytm_checkout::api::initiate::InitiateTransaction;
    use paytm_checkout::session::CheckoutConfig;
    let all = scenarios();
    let sc = all
        .iter()
        .find(|s| s["name"] == "card_bank_form_callback_success")
        .unwrap();
    let initiate: InitiateTransaction =
        serde_json::from_value(sc["config"]["initiate"].clone()).unwrap();
    let config = CheckoutConfig::server(initiate).environment(paytm_checkout::Environment::Staging);
    let mut s = CheckoutSession::new(config, Some(key.clone())).unwrap();
    let t0 = 1_700_000_000_000;
    s.next_action(t0).unwrap();
    s.handle_response(200, &body(1), t0 + 300).unwrap();
    s.save().into_bytes()
}

/// `k=v&…` pairs, percent- and plus-decoded.
fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    let dec = |s: &str| {
        let s = s.replace('+', " ");
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' && i + 2 < b.len() {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    std::str::from_utf8(body)
        .unwrap()
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (dec(k), dec(v))
        })
        .collect()
}
