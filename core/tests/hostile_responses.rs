//! Hostile input for every response parser and the callback parser: empty, truncated, 10 MB,
//! deeply nested, invalid UTF-8, wrong JSON types, duplicate keys. Each yields a clear error code
//! (or, where the input is still a valid response, a result) and never a panic or a stack
//! overflow.

use paytm_checkout::callback::parse_callback;
use paytm_checkout::response::{parse_response, ParseOptions, RESPONSE_API_NAMES};
use paytm_checkout::{ErrorCode, MerchantKey};

fn key() -> MerchantKey {
    MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap()
}

const ALLOW: ParseOptions = ParseOptions {
    allow_unsigned: true,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../tests/vectors/responses/{name}/response.bin",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every API (and the callback) on `input`, with and without key, strict and permissive.
fn all_results(input: &[u8]) -> Vec<(String, Result<(), ErrorCode>)> {
    let k = key();
    let mut out = Vec::new();
    for api in RESPONSE_API_NAMES.iter().copied().chain(["callback"]) {
        for (key, opts) in [
            (Some(&k), ParseOptions::default()),
            (None, ALLOW),
            (Some(&k), ALLOW),
        ] {
            let r = if api == "callback" {
                parse_callback(input, key, &opts).map(|_| ())
            } else {
                parse_response(api, 200, input, key, &opts).map(|_| ())
            };
            out.push((api.to_owned(), r.map_err(|e| e.code())));
        }
    }
    out
}

fn assert_all(input: &[u8], what: &str, allowed: &[ErrorCode]) {
    for (api, r) in all_results(input) {
        if api == "revoke_access" {
            continue; // HTTP status only: the body is never read
        }
        if let Err(code) = r {
            assert!(
                allowed.contains(&code),
                "{what}: {api} gave {code:?}, expected one of {allowed:?}"
            );
        }
    }
}

#[test]
fn empty_and_blank() {
    for input in [&b""[..], b"   \n\t"] {
        for (api, r) in all_results(input) {
            if api == "revoke_access" {
                continue;
            }
            let code = r.expect_err(&api);
            let want = if matches!(
                api.as_str(),
                "callback" | "add_money" | "subscription_webhook" | "payment_link_webhook"
            ) {
                ErrorCode::CallbackMalformed
            } else {
                ErrorCode::ResponseNotJson
            };
            assert_eq!(code, want, "{api}");
        }
    }
}

#[test]
fn ten_megabytes() {
    let mut big = b"{\"body\":{\"resultInfo\":{\"resultMsg\":\"".to_vec();
    big.resize(10 << 20, b'a');
    big.extend_from_slice(b"\"}}}");
    for (api, r) in all_results(&big) {
        if api == "revoke_access" {
            continue;
        }
        assert_eq!(r, Err(ErrorCode::InputTooLarge), "{api}");
    }
}

/// Where a parser builds values serde_json's recursion limit answers ResponseNotJson; where it
/// skips (unknown members, the raw body span) it walks iteratively. Either way: no stack overflow
/// at 50k levels, and no success class from nesting.
#[test]
fn deeply_nested() {
    // Deep enough to overflow a test thread's stack if anything recursed without a limit.
    let n = 50_000;
    let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let objects = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    let allowed = [
        ErrorCode::ResponseNotJson,
        ErrorCode::ResponseMalformed,
        ErrorCode::SignatureMissing,
        ErrorCode::InvalidCredentials,
        ErrorCode::CallbackMalformed,
    ];
    for (name, inner) in [("arrays", &arrays), ("objects", &objects)] {
        let top = inner.clone();
        let in_values = format!(
            r#"{{"head":{{}},"body":{{"resultInfo":{{}},"extraParamsMap":{inner},"displayField":{inner},"agentInfo":{inner}}}}}"#
        );
        let in_unknown =
            format!(r#"{{"head":{{}},"body":{{"resultInfo":{{}},"x":{inner}}},"y":{inner}}}"#);
        for (place, input) in [
            ("top", &top),
            ("built values", &in_values),
            ("unknown member", &in_unknown),
        ] {
            for (api, r) in all_results(input.as_bytes()) {
                if let Err(code) = r {
                    assert!(
                        allowed.contains(&code),
                        "{name} at {place}: {api} gave {code:?}"
                    );
                }
            }
        }
        for api in [
            "initiate_transaction",
            "process_transaction",
            "refund_status",
            "refund_webhook",
        ] {
            let e = parse_response(api, 200, in_values.as_bytes(), None, &ALLOW).unwrap_err();
            assert_eq!(e.code(), ErrorCode::ResponseNotJson, "{name}: {api}");
        }
    }
}

#[test]
fn invalid_utf8() {
    let mut raw = fixture("status_success");
    let i = raw.iter().position(|b| *b == b'T').unwrap();
    raw[i] = 0xff;
    assert_all(
        &raw,
        "invalid UTF-8",
        &[ErrorCode::ResponseNotJson, ErrorCode::CallbackMalformed],
    );
    let cb = b"ORDERID=O%FF1&STATUS=TXN_SUCCESS&CHECKSUMHASH=x";
    let e = parse_callback(cb, Some(&key()), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CallbackMalformed);
}

#[test]
fn truncated_at_every_byte() {
    for name in [
        "status_success",
        "process_card_bank_form",
        "process_wallet_success_txninfo",
        "callback_form_success",
        "withdraw_signed_numbers",
        "validate_otp_spec_success",
    ] {
        let raw = fixture(name);
        for cut in 0..raw.len() {
            // Any outcome but a panic; a truncated signed input never verifies.
            for (api, r) in all_results(&raw[..cut]) {
                let _ = (api, r);
            }
            let api = match name {
                "callback_form_success" => continue,
                "process_card_bank_form" | "process_wallet_success_txninfo" => {
                    "process_transaction"
                }
                "withdraw_signed_numbers" => "withdraw",
                "validate_otp_spec_success" => "validate_otp",
                _ => "transaction_status",
            };
            if let Ok(r) = parse_response(
                api,
                200,
                &raw[..cut],
                Some(&key()),
                &ParseOptions::default(),
            ) {
                assert_ne!(
                    r.verification,
                    paytm_checkout::response::Verification::Verified,
                    "{name} cut at {cut} still verified"
                );
            }
        }
    }
}

#[test]
fn wrong_json_types() {
    let malformed = [ErrorCode::ResponseMalformed];
    for (input, what) in [
        (r#"[]"#, "array at top"),
        (r#""text""#, "string at top"),
        (r#"{"head":{},"body":[]}"#, "body is an array"),
        (r#"{"head":[],"body":{}}"#, "head is an array"),
        (
            r#"{"head":{"signature":{}},"body":{}}"#,
            "signature is an object",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":"S"}}"#,
            "resultInfo is a string",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":{},"txnInfo":[]}}"#,
            "txnInfo is an array",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":{},"txnInfo":{"ORDERID":{}}}}"#,
            "txnInfo member is an object",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":{},"txnAmount":{"value":"1"}}}"#,
            "amount is an object",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":{},"txnAmount":"1e3"}}"#,
            "amount has an exponent",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":{},"txnAmount":-1}}"#,
            "amount is negative",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":{},"isPromoCodeValid":"maybe"}}"#,
            "flag is not a boolean",
        ),
        (
            r#"{"head":{},"body":{"resultInfo":{},"bankForm":{"directForms":{}}}}"#,
            "directForms is an object",
        ),
        (r#"{"access_token":["x"]}"#, "token is an array"),
        (r#"{"expires":"soon"}"#, "expiry is not a number"),
        (
            r#"{"TXNID":1,"ORDERID":"O1","STATUS":"TXN_SUCCESS","TXNAMOUNT":true}"#,
            "amount is a boolean",
        ),
    ] {
        for (api, r) in all_results(input.as_bytes()) {
            if let Err(code) = r {
                assert!(
                    malformed.contains(&code)
                        || code == ErrorCode::CallbackMalformed
                        || code == ErrorCode::SignatureMissing
                        || code == ErrorCode::InvalidCredentials,
                    "{what}: {api} gave {code:?}"
                );
            }
        }
    }
    // A precise one: the amount's path is named, its value is not.
    let e = parse_response(
        "transaction_status",
        200,
        br#"{"head":{},"body":{"resultInfo":{},"txnAmount":{"v":"4111111111111111"}}}"#,
        None,
        &ALLOW,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ResponseMalformed);
    assert!(e.message().contains("txnAmount"), "{}", e.message());
    assert!(!e.message().contains("4111"), "{}", e.message());
}

#[test]
fn duplicate_keys() {
    let ambiguous = |input: &str, api: &str| {
        parse_response(api, 200, input.as_bytes(), Some(&key()), &ALLOW)
            .unwrap_err()
            .code()
    };
    for api in [
        "initiate_transaction",
        "transaction_status",
        "check_balance",
        "refund",
    ] {
        assert_eq!(
            ambiguous(
                r#"{"head":{},"body":{"resultInfo":{}},"body":{"resultInfo":{}}}"#,
                api
            ),
            ErrorCode::SignatureAmbiguous
        );
        assert_eq!(
            ambiguous(
                r#"{"head":{"signature":"a","signature":"b"},"body":{"resultInfo":{}}}"#,
                api
            ),
            ErrorCode::SignatureAmbiguous
        );
        // Inside the signed body, a repeated member is refused too (after verification).
        assert_eq!(
            ambiguous(
                r#"{"head":{},"body":{"resultInfo":{},"resultInfo":{}}}"#,
                api
            ),
            ErrorCode::ResponseMalformed
        );
    }
    for api in ["legacy_transaction_status", "withdraw", "legacy_refund"] {
        assert_eq!(
            ambiguous(
                r#"{"STATUS":"TXN_SUCCESS","STATUS":"TXN_FAILURE","Status":"x"}"#,
                api
            ),
            ErrorCode::SignatureAmbiguous,
            "{api}"
        );
    }
    assert_eq!(
        ambiguous(
            r#"{"CheckSum":"a","checkSum":"b","Status":"TXN_SUCCESS"}"#,
            "withdraw"
        ),
        ErrorCode::SignatureAmbiguous
    );
    assert_eq!(
        parse_callback(b"ORDERID=a&ORDERID=b&STATUS=x", None, &ALLOW)
            .unwrap_err()
            .code(),
        ErrorCode::SignatureAmbiguous
    );
    assert_eq!(
        parse_callback(br#"{"ORDERID":"a","ORDERID":"b"}"#, None, &ALLOW)
            .unwrap_err()
            .code(),
        ErrorCode::SignatureAmbiguous
    );
}

#[test]
fn http_statuses_and_unknown_apis() {
    let raw = fixture("status_success");
    for status in [0, 100, 201, 204, 301, 400, 404, 500, 502, 503, u16::MAX] {
        let e = parse_response(
            "transaction_status",
            status,
            &raw,
            Some(&key()),
            &ParseOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::ResponseHttpStatus, "{status}");
    }
    for api in [
        "",
        "settlement",
        "TRANSACTION_STATUS",
        "transaction_status\0",
        "x".repeat(10_000).as_str(),
    ] {
        let e = parse_response(api, 200, &raw, Some(&key()), &ParseOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnknownApi);
        assert!(e.message().len() < 2000);
    }
}

#[test]
fn options_json() {
    assert_eq!(
        ParseOptions::from_json(b"").unwrap(),
        ParseOptions::default()
    );
    assert!(
        ParseOptions::from_json(br#"{"allowUnsigned":true}"#)
            .unwrap()
            .allow_unsigned
    );
    for bad in [
        &br#"{"allowUnsigned":"yes"}"#[..],
        b"{\"x\":1}",
        b"[",
        b"\xff",
    ] {
        assert_eq!(
            ParseOptions::from_json(bad).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
}

/// Process Transaction is read as one JSON tree: a name given twice anywhere is ambiguous, a
/// value's text is never rebuilt from a float, open members come back as sent and never show in
/// Debug.
#[test]
fn process_transaction_tree_rules() {
    use paytm_checkout::response::ResponseData;
    let pt = |body: &str| {
        parse_response(
            "process_transaction",
            200,
            format!(r#"{{"head":{{"version":"v1"}},"body":{body}}}"#).as_bytes(),
            None,
            &ALLOW,
        )
    };
    for body in [
        r#"{"resultInfo":{},"resultInfo":{}}"#,
        r#"{"resultInfo":{"resultCode":"1","resultCode":"2"}}"#,
        r#"{"resultInfo":{},"displayField":{"a":1,"a":2}}"#,
        r#"{"resultInfo":{},"txnInfo":{"ORDERID":"A","STATUS":"TXN_SUCCESS","STATUS":"TXN_FAILURE"}}"#,
    ] {
        assert_eq!(
            pt(body).unwrap_err().code(),
            ErrorCode::SignatureAmbiguous,
            "{body}"
        );
    }
    // A fraction has no one text (1.5 or 1.50): refused where text is read, with its path. A
    // flat map's names are input, shown by position only (issue #16).
    let e =
        pt(r#"{"resultInfo":{},"txnInfo":{"ORDERID":"A","STATUS":"TXN_SUCCESS","TXNAMOUNT":1.5}}"#)
            .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ResponseMalformed);
    assert!(
        e.message()
            .contains("body.txnInfo.member 3 (its 9-character name is not shown): a number"),
        "{}",
        e.message()
    );
    // Integers are text as written; booleans as true/false.
    let r = pt(r#"{"resultInfo":{"resultStatus":"S","resultCode":501,"retry":"TRUE"},"bankForm":{"redirectForm":{"actionURL":"https://b.example/x","content":{"z":1,"a":[1.25,{"k":null}]}}},"displayField":{"amount":"1.00"}}"#)
        .unwrap();
    let ResponseData::Process(p) = &r.data else {
        panic!("not a Process response")
    };
    assert_eq!(p.result_info.result_code.as_deref(), Some("501"));
    assert_eq!(p.result_info.retry, Some(true));
    let content = p
        .bank_form
        .as_ref()
        .unwrap()
        .redirect_form
        .as_ref()
        .unwrap()
        .content
        .as_ref()
        .unwrap();
    assert_eq!(content.to_json(), r#"{"z":1,"a":[1.25,{"k":null}]}"#);
    assert!(!format!("{p:?}").contains("1.25"));
    assert!(r
        .to_json()
        .contains(r#""content":{"z":1,"a":[1.25,{"k":null}]}"#));
    for (body, rule) in [
        (
            r#"{"resultInfo":[]}"#,
            "body.resultInfo: expected an object, not an array",
        ),
        (
            r#"{"resultInfo":{},"bankForm":{"directForms":{}}}"#,
            "body.bankForm.directForms: expected an array, not an object",
        ),
        (
            r#"{"resultInfo":{},"bankForm":{"directForms":[{},3]}}"#,
            "body.bankForm.directForms[1]: expected an object, not a number",
        ),
        (
            r#"{"resultInfo":{},"deepLink":7}"#,
            "body.deepLink: expected a string",
        ),
        (
            r#"{"resultInfo":{"retry":"maybe"}}"#,
            "body.resultInfo.retry: expected true or false",
        ),
    ] {
        let e = pt(body).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ResponseMalformed, "{body}");
        assert!(e.message().contains(rule), "{body}: {}", e.message());
    }
}

/// Found by fuzzing (callback_parse, 2026-11-22): a multi-byte character right after an amount's
/// first decimal panicked while the amount was normalised.
#[test]
fn amount_with_a_multibyte_character_after_the_decimals() {
    let data = "ORDERID=ORDERID_980101509706&TXNAMOUNT=1.0\u{6b6}YD&STATUS=TXN_SUCCESS";
    let e = parse_callback(data.as_bytes(), None, &ALLOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CallbackMalformed);
    let raw = b"ORDERID=ORDERID_980101509706&TXNAMOUNT=1.0\xda\xb6YD";
    assert!(parse_callback(raw, None, &ALLOW).is_err());
}
