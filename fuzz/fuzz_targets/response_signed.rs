//! Any bytes as the body of a correctly signed `{"head","body"}` response: when the envelope is
//! valid JSON the signature must verify (the span found is exactly the bytes signed), so the
//! fuzzer explores the typed parsers behind verification. Never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::response::{parse_response, ParseOptions, Verification};
use paytm_checkout::{ErrorCode, MerchantKey, Salt};

const SIGNED_APIS: &[&str] = &[
    "initiate_transaction",
    "transaction_status",
    "refund",
    "refund_status",
    "refund_webhook",
    "check_balance",
    "send_payment_request",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    // Only bodies that are one JSON value: then the envelope embeds exactly the signed bytes
    // (`{}, "x":1` would end the body early, and the span would rightly not verify).
    let Ok(value) = serde_json::from_str::<&serde_json::value::RawValue>(body) else {
        return;
    };
    let api = SIGNED_APIS[usize::from(selector) % SIGNED_APIS.len()];
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let sig = key.generate_with_salt(value.get().as_bytes(), Salt::new(b"fz01").unwrap());
    let raw = format!(r#"{{"head":{{"signature":"{sig}"}},"body":{body}}}"#);
    match parse_response(
        api,
        200,
        raw.as_bytes(),
        Some(&key),
        &ParseOptions::default(),
    ) {
        Ok(r) => assert_eq!(r.verification, Verification::Verified),
        Err(e) => {
            // A JSON-valid envelope can only fail after verification, never in it.
            assert_ne!(
                e.code(),
                ErrorCode::ChecksumMismatch,
                "{api}: exact span not found"
            );
            let n = e.code().number();
            assert!(n / 1000 == 2 || n / 1000 == 3 || n == 1005, "{api}: {n}");
        }
    }
});
