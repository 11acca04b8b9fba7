//! Any bytes as any API's response, under any HTTP status, with and without a key, strict and
//! permissive: a result or a clean 1005/1026/2xxx/3xxx error, never a panic. A strict parse with
//! a key never reports a skipped signature; a parse without a key never reports a verified one.
//! Process Transaction and txnToken helper bytes that are JSON also go through their keyless tree
//! entry points (the browser build's), which must agree with the keyless byte parser.
//!
//! Input layout: byte 0 picks the API (index modulo the number of names, so every name stays
//! reachable however long the table grows), byte 1 holds the flags (0x20: permissive, no key;
//! the top two bits: the HTTP status), the rest is the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::input::Json;
use paytm_checkout::response::{
    native_json, parse_process_transaction, parse_response, process_transaction_json, ParseOptions,
    Verification, RESPONSE_API_NAMES,
};
use paytm_checkout::MerchantKey;

fuzz_target!(|data: &[u8]| {
    let [index, flags, body @ ..] = data else {
        return;
    };
    let api = RESPONSE_API_NAMES[usize::from(*index) % RESPONSE_API_NAMES.len()];
    let status = [200u16, 401, 404, 500][usize::from(flags >> 6)];
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let permissive = flags & 0x20 != 0;
    let options = ParseOptions {
        allow_unsigned: permissive,
    };
    let with_key = if permissive { None } else { Some(&key) };
    match parse_response(api, status, body, with_key, &options) {
        Ok(r) => {
            let _ = r.to_json();
            let _ = r.transaction();
            if permissive {
                assert_ne!(
                    r.verification,
                    Verification::Verified,
                    "{api}: verified without a key"
                );
            } else {
                assert_ne!(
                    r.verification,
                    Verification::Skipped,
                    "{api}: skipped while strict"
                );
            }
        }
        Err(e) => {
            let n = e.code().number();
            assert!(
                n / 1000 == 2 || n / 1000 == 3 || n == 1005 || n == 1026,
                "{api}: {n}"
            );
        }
    }
    let helper = paytm_checkout::api::native::NAMES.contains(&api);
    if api == "process_transaction" || helper {
        if let Ok(tree) = serde_json::from_slice::<Json>(body) {
            let (a, b) = if helper {
                let a = parse_response(api, status, body, None, &options).map(|r| r.to_json());
                (a, native_json(api, status, body, |_| Ok(tree)))
            } else {
                let a = parse_process_transaction(status, body, None, &options);
                let b = process_transaction_json(status, body, |_| Ok(tree), &options);
                (a.map(|r| r.to_json()), b)
            };
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
                (a, b) => panic!(
                    "tree and bytes disagree: {:?} vs {:?}",
                    a.is_ok(),
                    b.is_ok()
                ),
            }
        }
    }
});
