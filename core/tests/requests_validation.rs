//! Every validation rule of the request builders yields its documented error code, from the Rust
//! constructors and through the JSON dispatcher alike; messages never quote the rejected value.

use paytm_checkout::api::{build_request, BuildOptions, Credentials};
use paytm_checkout::card::{CardNumber, Cvv, Expiry, PlanId, SavedCardId};
use paytm_checkout::http::Environment;
use paytm_checkout::types::*;
use paytm_checkout::{ErrorCode, MerchantKey, Result};
use serde_json::{json, Value};

/// The error code of each input's constructor result.
fn codes<'a, T: std::fmt::Debug>(
    inputs: &[&'a str],
    new: impl Fn(&'a str) -> Result<T>,
) -> Vec<ErrorCode> {
    inputs.iter().map(|s| code(new(s))).collect()
}

fn code<T: std::fmt::Debug>(r: Result<T>) -> ErrorCode {
    r.expect_err("must be rejected").code()
}

#[test]
fn value_type_rules() {
    use ErrorCode::*;
    let table: Vec<(ErrorCode, Vec<ErrorCode>)> = vec![
        (
            InvalidAmount,
            codes(
                &[
                    "",
                    "0",
                    "0.00",
                    "-1",
                    "+1",
                    "1,000",
                    "1e3",
                    "1.",
                    ".5",
                    "1.001",
                    " 1",
                    "NaN",
                    "12345678901234",
                ],
                Amount::parse,
            ),
        ),
        (
            InvalidOrderId,
            codes(
                &["", "A|B", "with space", "ORDER#1", &"x".repeat(51)],
                OrderId::new,
            ),
        ),
        (
            InvalidRefId,
            codes(&["", "R|1", "R 1", &"r".repeat(51)], RefId::new),
        ),
        (
            InvalidMid,
            codes(&["", "MID-1", "M I D", &"M".repeat(33)], Mid::new),
        ),
        (
            InvalidCustomerId,
            codes(
                &[
                    "",
                    "a|b",
                    "a b",
                    "CUST 001",
                    "CUST_\u{e9}",
                    "CUST_\u{20b9}",
                    "CUST/1",
                    "CUST-1",
                    &"c".repeat(65),
                ],
                CustomerId::new,
            ),
        ),
        (
            InvalidVpa,
            codes(
                &[
                    "",
                    "abc",
                    "@paytm",
                    "abc@",
                    "a b@paytm",
                    "abc@pay.tm",
                    "a@b@c",
                ],
                Vpa::new,
            ),
        ),
        (
            InvalidMobile,
            codes(
                &[
                    "",
                    "123456789",
                    "12345678901",
                    "+917777777777",
                    "77777 77777",
                ],
                Mobile::new,
            ),
        ),
        (
            InvalidEmail,
            codes(
                &[
                    "", "a", "a@b", "@b.c", "a@.b", "a@b.", "a b@c.d", "a|b@c.d", "a@b..c",
                ],
                Email::new,
            ),
        ),
        (
            InvalidPosId,
            codes(
                &["", "S12", "S12_", "_123", "S-12_123", "S12_1_2"],
                PosId::new,
            ),
        ),
        (
            InvalidCurrency,
            codes(&["", "inr", "EUR", "INRR"], Currency::new),
        ),
        (
            InvalidTimestamp,
            codes(
                &[
                    "",
                    "158840226",
                    "15884022691",
                    "1588402269x",
                    "158840226912345",
                ],
                RequestTimestamp::new,
            ),
        ),
        (
            InvalidTimestamp,
            codes(
                &[
                    "2020-01-30",
                    "2020-02-30 12:30:30",
                    "2020-01-30 25:00:00",
                    "30-01-2020 12:30:30",
                ],
                DateTime::new,
            ),
        ),
        (
            InvalidTimestamp,
            codes(&["2022-13-01", "2022-06-31", "22-06-01"], Date::new),
        ),
        (
            InvalidToken,
            codes(&["", "a b", "a|b", &"t".repeat(2049)], TxnToken::new),
        ),
        (InvalidToken, codes(&["", "tok en"], SsoToken::new)),
        (
            InvalidCredentials,
            codes(&["", "id:x", "id x", &"i".repeat(65)], ClientId::new),
        ),
        (
            InvalidCredentials,
            codes(&["", "has space", &"s".repeat(257)], ClientSecret::new),
        ),
        (
            InvalidUrl,
            codes(
                &[
                    "",
                    "http://merchant.example/cb",
                    "https://",
                    "https://a b/",
                    "https://m.example/cb|x",
                    "ftp://m.example",
                    "https://m.example:99999/",
                ],
                CallbackUrl::new,
            ),
        ),
        (
            InvalidUrl,
            codes(
                &["", "ftp://x", "http://h/?q=1", "localhost:8080"],
                Environment::custom,
            ),
        ),
        (
            InvalidField,
            codes(&["", "a b", "a|b", &"c".repeat(51)], Code::new),
        ),
        (
            InvalidField,
            codes(&["a|b", "line\nbreak", &"t".repeat(257)], Text::new),
        ),
        (
            InvalidField,
            codes(&["", "T-1", &"9".repeat(65)], TxnId::new),
        ),
        (
            InvalidField,
            codes(&["", "has space", "a|b"], RequestId::new),
        ),
        (
            InvalidCardNumber,
            codes(
                &[
                    "4111111111111112",
                    "41111111111",
                    "41111111111111111111",
                    "4111 1111 1111 1111",
                    "4111-1111-1111-1111",
                    "",
                ],
                CardNumber::new,
            ),
        ),
        (
            InvalidCvv,
            codes(&["", "12", "12345", "1a3", "1|2"], Cvv::new),
        ),
        (
            InvalidExpiry,
            codes(
                &["", "132032", "002032", "12203", "1220320", "12/2032"],
                Expiry::parse_mmyyyy,
            ),
        ),
        (
            InvalidCardInfo,
            codes(&["", "12|3", "12 3", &"1".repeat(65)], SavedCardId::new),
        ),
        (
            InvalidPlanId,
            codes(
                &[
                    "ICICI",
                    "ICICI|",
                    "|3",
                    "icici|3",
                    "ICICI|0",
                    "ICICI|100",
                    "ICICI|x",
                    "IC|CI|3",
                ],
                PlanId::parse,
            ),
        ),
    ];
    for (want, got) in table {
        for (i, g) in got.iter().enumerate() {
            assert_eq!(*g, want, "case {i} of {want:?}");
        }
    }
    assert_eq!(code(Expiry::new(0, 2030)), ErrorCode::InvalidExpiry);
    assert_eq!(code(Expiry::new(1, 30)), ErrorCode::InvalidExpiry);
    assert_eq!(code(PlanId::new("ICICI", 0)), ErrorCode::InvalidPlanId);
    assert_eq!(code(Amount::from_paise(0)), ErrorCode::InvalidAmount);
    // "1" and "1.00" are one amount, rendered canonically.
    assert_eq!(Amount::parse("1").unwrap(), Amount::parse("1.00").unwrap());
    assert_eq!(Amount::from_paise(100).unwrap().to_string(), "1.00");
}

/// `e` has `code`, and its message contains `text` (the message is shown when it does not).
fn assert_error(e: &paytm_checkout::Error, code: ErrorCode, text: &str) {
    assert_eq!(e.code(), code);
    assert!(e.message().contains(text), "{}", e.message());
}

fn creds() -> Credentials {
    Credentials {
        merchant_key: Some(MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap()),
        client_id: Some(ClientId::new("merchant-ABC").unwrap()),
        client_secret: Some(ClientSecret::new("e86709d9-b238").unwrap()),
    }
}

fn via_json(api: &str, params: &Value) -> Result<paytm_checkout::HttpRequest> {
    build_request(
        api,
        params.to_string().as_bytes(),
        &creds(),
        &BuildOptions::new(Environment::Staging),
    )
}

fn initiate() -> Value {
    json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","websiteName":"WEBSTAGING",
           "txnAmount":{"value":"1.00"},"userInfo":{"custId":"C1"}})
}

fn process() -> Value {
    json!({"txnToken":"tok","mid":"INTEGR7769XXXXXX9383","orderId":"O1","paymentMode":"BALANCE"})
}

/// `base` with the member at the dotted `path` set to `v`.
fn with(mut base: Value, path: &str, v: Value) -> Value {
    let mut cur = &mut base;
    for p in path.split('.') {
        cur = &mut cur[p];
    }
    *cur = v;
    base
}

/// Process Transaction's input with another `paymentMode`.
fn mode(m: &str) -> Value {
    with(process(), "paymentMode", json!(m))
}

fn without(mut base: Value, key: &str) -> Value {
    base.as_object_mut().unwrap().remove(key);
    base
}

#[test]
fn json_inputs_keep_the_rule_codes() {
    use ErrorCode::*;
    const INIT: &str = "initiate_transaction";
    const PROC: &str = "process_transaction";
    assert!(via_json(INIT, &initiate()).is_ok());
    assert!(via_json(PROC, &process()).is_ok());
    let card =
        |n: &str, cvv: &str, exp: &str| json!({"type":"new","cardNumber":n,"cvv":cvv,"expiry":exp});
    // Process Transaction by debit card.
    let debit = |c: Value| with(mode("DEBIT_CARD"), "cardInfo", c);
    // Initiate Transaction with one member changed.
    let members = [
        (InvalidAmount, "txnAmount.value", json!("1,00")),
        (InvalidAmount, "txnAmount.value", json!(1.0)),
        (InvalidCurrency, "txnAmount.currency", json!("EUR")),
        (InvalidOrderId, "orderId", json!("O|1")),
        (InvalidMid, "mid", json!("bad mid")),
        (InvalidCustomerId, "userInfo.custId", json!("c|1")),
        (InvalidMobile, "userInfo.mobile", json!("12345")),
        (InvalidEmail, "userInfo.email", json!("nope")),
        (InvalidUrl, "callbackUrl", json!("http://m.example/cb")),
        (InvalidToken, "paytmSsoToken", json!("")),
        (InvalidField, "unknownMember", json!("x")),
        (InvalidField, "websiteName", json!("WEB STAGING")),
        (InvalidTimestamp, "head", json!({"requestTimestamp":"12"})),
        (InvalidCredentials, "head", json!({"clientId":"a:b"})),
    ];
    let mut table: Vec<(ErrorCode, &str, Value)> = members
        .into_iter()
        .map(|(code, path, v)| (code, INIT, with(initiate(), path, v)))
        .collect();
    table.extend([
        (MissingField, INIT, without(initiate(), "orderId")),
        (MissingField, INIT, without(initiate(), "userInfo")),
        (InvalidField, INIT, json!("not an object")),
        (
            InvalidToken,
            PROC,
            with(process(), "txnToken", json!("a b")),
        ),
        (
            InvalidVpa,
            PROC,
            with(mode("UPI"), "payerAccount", json!("nope")),
        ),
        (MissingField, PROC, mode("UPI")),
        (MissingField, PROC, mode("NET_BANKING")),
        (MissingField, PROC, mode("WALLET")),
        (MissingField, PROC, mode("CREDIT_CARD")),
        (
            MissingField,
            PROC,
            with(
                mode("EMI"),
                "cardInfo",
                card("4111111111111111", "123", "122032"),
            ),
        ),
        (
            MissingField,
            PROC,
            with(
                mode("CREDIT_CARD"),
                "cardInfo",
                json!({"type":"token","cvv":"123"}),
            ),
        ),
        (
            MissingField,
            PROC,
            with(
                with(process(), "eci", json!("05")),
                "paymentMode",
                json!("BALANCE"),
            ),
        ),
        (InvalidField, PROC, mode("CASH")),
        (
            InvalidCardNumber,
            PROC,
            debit(card("4111111111111112", "123", "122032")),
        ),
        (
            InvalidCvv,
            PROC,
            debit(card("4111111111111111", "12", "122032")),
        ),
        (
            InvalidExpiry,
            PROC,
            debit(card("4111111111111111", "123", "132032")),
        ),
        (
            InvalidCardInfo,
            PROC,
            debit(json!({"type":"saved","savedCardId":"1|2"})),
        ),
        (
            InvalidPlanId,
            PROC,
            with(mode("EMI"), "planId", json!("ICICI-3")),
        ),
        (
            InvalidField,
            PROC,
            with(
                process(),
                "coftConsent",
                json!({"userConsent":2,"createdAt":"x"}),
            ),
        ),
        (
            InvalidCardNumber,
            PROC,
            with(
                process(),
                "cardTokenInfo",
                json!({"cardToken":"12","tokenExpiry":"122030","cardSuffix":"1111","panUniqueReference":"P","tokenType":"COFT"}),
            ),
        ),
        (
            MissingField,
            "refund",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","txnId":"1","refundAmount":"1"}),
        ),
        (
            InvalidRefId,
            "refund",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","txnId":"1","refId":"R|1","refundAmount":"1"}),
        ),
        (
            InvalidField,
            "refund",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","txnId":"T-1","refId":"R1","refundAmount":"1"}),
        ),
        (
            MissingField,
            "refund_status",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1"}),
        ),
        (
            MissingField,
            "legacy_refund",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","txnId":"1","refundAmount":"1"}),
        ),
        (
            InvalidRefId,
            "legacy_refund_status",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","refId":""}),
        ),
        (
            InvalidField,
            "validate_otp",
            json!({"otp":"12","state":"abc"}),
        ),
        (
            InvalidField,
            "validate_otp",
            json!({"otp":"123456","state":"a b"}),
        ),
        (InvalidToken, "user_details", json!({"sessionToken":""})),
        (
            MissingField,
            "check_balance",
            json!({"head":{"channelId":"WEB"},"mid":"INTEGR7769XXXXXX9383","userToken":"t","totalAmount":"1"}),
        ),
        (
            InvalidField,
            "withdraw",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","txnAmount":"1","appIp":"999.1.1.1","deviceId":"d","ssoToken":"t","custId":"c","industryType":"Retail","channel":"WAP"}),
        ),
        (
            InvalidField,
            "withdraw",
            json!({"mid":"INTEGR7769XXXXXX9383","orderId":"O1","txnAmount":"1","appIp":"1.1.1.1","deviceId":"d","ssoToken":"t","custId":"c","industryType":"Retail","channel":"WAP","subwalletAmount":{"BEER":"1"}}),
        ),
        (
            InvalidPosId,
            "send_payment_request",
            json!({"head":{"channelId":"WEB"},"mid":"INTEGR7769XXXXXX9383","merchantOrderId":"O1","amount":"1","posId":"S12","userPhoneNo":"7777777777","expiry":"2020-01-30 12:30:30"}),
        ),
        (
            InvalidTimestamp,
            "send_payment_request",
            json!({"head":{"channelId":"WEB"},"mid":"INTEGR7769XXXXXX9383","merchantOrderId":"O1","amount":"1","posId":"S1_2","userPhoneNo":"7777777777","expiry":"2020-01-30T12:30:30"}),
        ),
        (
            MissingField,
            "send_payment_request",
            json!({"mid":"INTEGR7769XXXXXX9383","merchantOrderId":"O1","amount":"1","posId":"S1_2","userPhoneNo":"7777777777","expiry":"2020-01-30 12:30:30"}),
        ),
        (
            InvalidField,
            "send_payment_request",
            json!({"head":{"channelId":"WEB"},"mid":"INTEGR7769XXXXXX9383","merchantOrderId":"O1","amount":"1","posId":"S1_2","userPhoneNo":"7777777777","expiry":"2020-01-30 12:30:30","displayName":"n".repeat(51)}),
        ),
        (
            InvalidEmail,
            "settlement",
            json!({"path":"/s","email":"x","iat":1,"mid":"INTEGR7769XXXXXX9383"}),
        ),
        (
            InvalidUrl,
            "settlement",
            json!({"path":"s?x","email":"a@b.co","iat":1,"mid":"INTEGR7769XXXXXX9383"}),
        ),
        (
            InvalidField,
            "settlement",
            json!({"path":"/s","email":"a@b.co","iat":1,"mid":"INTEGR7769XXXXXX9383","pageSize":21}),
        ),
        (UnknownApi, "no_such_api", json!({})),
    ]);
    for (i, (want, api, params)) in table.iter().enumerate() {
        let e = via_json(api, params).expect_err(&format!("case {i} ({api}) must fail"));
        assert_eq!(e.code(), *want, "case {i} ({api}): {}", e.message());
    }
}

#[test]
fn text_that_is_not_json_is_invalid_params() {
    let opts = BuildOptions::new(Environment::Staging);
    for bad in [&b"{not json"[..], b"", b"{\"mid\":", b"\xff"] {
        let e = build_request("initiate_transaction", bad, &creds(), &opts).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidParams);
    }
}

#[test]
fn missing_credentials_are_invalid_credentials() {
    let none = Credentials::default();
    let opts = BuildOptions::new(Environment::Staging);
    for (api, params) in [
        ("initiate_transaction", initiate()),
        ("validate_otp", json!({"otp":"123456","state":"abc"})),
        ("send_otp", json!({"phone":"7777777777"})),
        (
            "settlement",
            json!({"path":"/s","email":"a@b.co","iat":1,"mid":"INTEGR7769XXXXXX9383"}),
        ),
    ] {
        let e = build_request(api, params.to_string().as_bytes(), &none, &opts).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidCredentials, "{api}");
    }
    assert_eq!(
        Credentials::from_json(br#"{"merchantKey":"short"}"#)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidKeyLength
    );
}

#[test]
fn messages_name_the_member_not_the_value() {
    let e = via_json(
        "initiate_transaction",
        &with(initiate(), "userInfo.email", json!("SECRETVALUE")),
    )
    .unwrap_err();
    assert!(e.message().contains("userInfo.email"), "{}", e.message());
    assert!(!e.message().contains("SECRETVALUE"));
    let e = via_json(
        "process_transaction",
        &with(
            mode("DEBIT_CARD"),
            "cardInfo",
            json!({"type":"new","cardNumber":"4111111111111112","cvv":"987","expiry":"122032"}),
        ),
    )
    .unwrap_err();
    assert!(
        e.message().contains("cardInfo.cardNumber"),
        "{}",
        e.message()
    );
    assert!(!e.message().contains("411111111111"));
}

/// Process Transaction and its card types are read by core's compact reader (what the npm
/// package's browser build links): the direct entry point and `build_request` agree on every
/// golden input, and the reader keeps the derived readers' rules.
#[test]
fn process_transaction_compact_reader() {
    use paytm_checkout::api::process::ProcessTransaction;
    use paytm_checkout::card::CardInfo;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/requests");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let input: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path.join("input.json")).unwrap()).unwrap();
        if input["api"] != "process_transaction" {
            continue;
        }
        let params = serde_json::to_vec(&input["params"]).unwrap();
        let env: Environment = serde_json::from_value(input["environment"].clone()).unwrap();
        let direct = ProcessTransaction::from_json(&params)
            .unwrap()
            .build(&env)
            .unwrap();
        let options = BuildOptions::new(env);
        let via = build_request(
            "process_transaction",
            &params,
            &Credentials::default(),
            &options,
        )
        .unwrap();
        assert_eq!(direct.to_json(), via.to_json(), "{}", path.display());
        n += 1;
    }
    assert!(n >= 10, "only {n} process_transaction vectors");

    let both = |v: &serde_json::Value| {
        let text = serde_json::to_vec(v).unwrap();
        let a = ProcessTransaction::from_json(&text)
            .map(|_| ())
            .unwrap_err();
        let b = via_json("process_transaction", v).unwrap_err();
        assert_eq!(a.code(), b.code(), "{} / {}", a.message(), b.message());
        a
    };
    let e = both(&with(process(), "surprise", json!("x")));
    assert_eq!(e.code(), ErrorCode::InvalidField);
    // A name is input: described by position and length, never quoted (issue #16).
    assert!(
        e.message().contains("unknown member") && !e.message().contains("surprise"),
        "{}",
        e.message()
    );
    assert!(e.message().contains("expected one of"), "{}", e.message());
    let e = both(&with(
        process(),
        "cardInfo",
        json!({"type":"saved","savedCardId":"1","expiry":"122032"}),
    ));
    assert_error(&e, ErrorCode::InvalidField, "cardInfo.expiry");
    let e = both(&with(process(), "mid", json!(7)));
    assert_error(
        &e,
        ErrorCode::InvalidField,
        "mid: must be a string, not a number",
    );
    let e = both(&without(process(), "orderId"));
    assert_error(&e, ErrorCode::MissingField, "`orderId`");
    let e = both(&with(process(), "storeInstrument", json!("yes")));
    assert_eq!(e.code(), ErrorCode::InvalidField);
    // null is absent.
    let v = with(process(), "authMode", serde_json::Value::Null);
    assert!(ProcessTransaction::from_json(&serde_json::to_vec(&v).unwrap()).is_ok());

    // A member given twice is refused (serde_json's own Value would keep the last one).
    let e = ProcessTransaction::from_json(
        br#"{"txnToken":"abc","mid":"M","mid":"N","orderId":"O","paymentMode":"BALANCE"}"#,
    )
    .unwrap_err();
    assert_error(
        &e,
        ErrorCode::InvalidField,
        "member 3 (its 3-character name is not shown) repeats the name of member 2",
    );
    let e = ProcessTransaction::from_json(b"{not json").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidParams);

    let e = CardInfo::from_json(
        br#"{"type":"new","cardNumber":"4111111111111111","cvv":"12x","expiry":"122032"}"#,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidCvv);
    assert_eq!(e.message(), "cardInfo: cvv: must be 3 or 4 digits");
    let card =
        CardInfo::from_json(br#"{"type":"saved","savedCardId":"123456","cvv":"123"}"#).unwrap();
    assert_eq!(card.encode().as_str(), "123456||123|");
}

#[test]
fn build_options_from_json() {
    let o = BuildOptions::from_json(br#"{"environment":"legacy-staging","salt":"ab12"}"#).unwrap();
    assert_eq!(o.environment, Environment::LegacyStaging);
    assert!(o.salt.is_some());
    let o =
        BuildOptions::from_json(br#"{"environment":{"custom":"http://127.0.0.1:8080/"}}"#).unwrap();
    assert_eq!(o.environment.pg_base(), "http://127.0.0.1:8080");
    assert_eq!(
        BuildOptions::from_json(b"{}").unwrap().environment,
        Environment::Production
    );
    for (text, code, says) in [
        (
            &br#"{"environment":"moon"}"#[..],
            ErrorCode::InvalidField,
            "environment: must be one of",
        ),
        (
            br#"{"env":"staging"}"#,
            ErrorCode::InvalidField,
            "unknown member 1 (its 3-character name is not shown); expected one of environment, salt",
        ),
        (br#"{"salt":"abcde"}"#, ErrorCode::InvalidSalt, "salt"),
        (
            br#"{"environment":{"custom":"ftp://x"}}"#,
            ErrorCode::InvalidUrl,
            "environment.custom",
        ),
        (
            br#"{"environment":{"other":"x"}}"#,
            ErrorCode::InvalidField,
            "environment: unknown member 1 (its 5-character name is not shown)",
        ),
    ] {
        let e = BuildOptions::from_json(text).unwrap_err();
        assert_eq!(e.code(), code, "{}", e.message());
        assert!(e.message().contains(says), "{}", e.message());
    }
}
