//! Any bytes as a map-mode JSON object: parse or a clean InvalidParams error, never a panic; what
//! parses survives a round trip and signs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::{ErrorCode, Params};

fuzz_target!(|data: &[u8]| {
    match Params::from_json(data) {
        Ok(p) => {
            let again = Params::from_json(p.to_json().as_bytes()).expect("round trip");
            assert_eq!(again, p);
            let _ = p.signing_string();
        }
        Err(e) => assert_eq!(e.code(), ErrorCode::InvalidParams),
    }
});
