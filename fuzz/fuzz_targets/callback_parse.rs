//! Any bytes as a callback or webhook body (form or JSON), strict with a key and permissive
//! without: a callback or a clean 1005/2xxx/3xxx error, never a panic. The client half's
//! keyless reader (JSON through a host-parsed tree) too: when both readers take a body, they
//! report the same payment.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::callback::{parse_callback, parse_callback_unverified};
use paytm_checkout::input::Json;
use paytm_checkout::response::{ParseOptions, Verification};
use paytm_checkout::MerchantKey;

fn coded(n: u32) {
    assert!(
        n / 1000 == 2 || n / 1000 == 3 || n == 1005 || n == 1026,
        "{n}"
    );
}

fuzz_target!(|data: &[u8]| {
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let host = |t: &str| {
        serde_json::from_str::<Json>(t).map_err(|_| {
            paytm_checkout::Error::with_message(paytm_checkout::ErrorCode::ResponseNotJson, "x")
        })
    };
    let unverified = parse_callback_unverified(data, host);
    match &unverified {
        Ok(cb) => assert_eq!(cb.verification, Verification::Skipped),
        Err(e) => coded(e.code().number()),
    }
    let permissive = parse_callback(
        data,
        None,
        &ParseOptions {
            allow_unsigned: true,
        },
    );
    if let (Ok(a), Ok(b)) = (&unverified, &permissive) {
        assert_eq!(a.transaction(), b.transaction());
    }
    for (k, allow) in [(Some(&key), false), (None, true)] {
        match parse_callback(
            data,
            k,
            &ParseOptions {
                allow_unsigned: allow,
            },
        ) {
            Ok(cb) => {
                let _ = cb.to_json();
                if allow {
                    assert_eq!(cb.verification, Verification::Skipped);
                } else {
                    assert_eq!(cb.verification, Verification::Verified);
                }
            }
            Err(e) => coded(e.code().number()),
        }
    }
});
