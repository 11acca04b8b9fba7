//! Any bytes as a callback or webhook body (form or JSON), strict with a key and permissive
//! without: a callback or a clean 1005/2xxx/3xxx error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::callback::parse_callback;
use paytm_checkout::response::{ParseOptions, Verification};
use paytm_checkout::MerchantKey;

fuzz_target!(|data: &[u8]| {
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
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
            Err(e) => {
                let n = e.code().number();
                assert!(
                    n / 1000 == 2 || n / 1000 == 3 || n == 1005 || n == 1026,
                    "{n}"
                );
            }
        }
    }
});
