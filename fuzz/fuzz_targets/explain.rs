//! Any params and checksum through the mismatch diagnosis, in both modes: it tries repairs and
//! re-serializations of untrusted input, so it must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::explain::{explain, Mode};
use paytm_checkout::MerchantKey;

fuzz_target!(|data: &[u8]| {
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (params, checksum) = rest.split_at(rest.len() / 2);
    let mode = if flags & 1 == 0 {
        Mode::String
    } else {
        Mode::Map
    };
    let e = explain(&key, params, mode, checksum);
    let _ = serde_json::to_string(&e).expect("an explanation serializes");
});
