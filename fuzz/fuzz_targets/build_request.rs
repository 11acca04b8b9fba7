//! Any bytes as the JSON input of any API's request builder, and of core's compact readers
//! (Process Transaction, cards, build options): a value or a clean 1xxx error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::api::process::ProcessTransaction;
use paytm_checkout::api::API_NAMES;
use paytm_checkout::card::CardInfo;
use paytm_checkout::types::{ClientId, ClientSecret};
use paytm_checkout::{build_request, BuildOptions, Credentials, MerchantKey};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, json)) = data.split_first() else {
        return;
    };
    let api = API_NAMES[usize::from(selector) % API_NAMES.len()];
    let credentials = Credentials {
        merchant_key: Some(MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap()),
        client_id: Some(ClientId::new("merchant-ABC").unwrap()),
        client_secret: Some(ClientSecret::new("e86709d9-b238-4823-85db-9fa169b3258").unwrap()),
    };
    match build_request(api, json, &credentials, &BuildOptions::default()) {
        Ok(req) => assert!(!req.url.is_empty()),
        Err(e) => assert!(e.code().number() / 1000 == 1, "{api}: {:?}", e.code()),
    }
    // The entry points the npm package's browser build calls directly.
    let codes = [
        ProcessTransaction::from_json(json).err().map(|e| e.code()),
        CardInfo::from_json(json).err().map(|e| e.code()),
        BuildOptions::from_json(json).err().map(|e| e.code()),
    ];
    for code in codes.into_iter().flatten() {
        assert!(code.number() / 1000 == 1, "{code:?}");
    }
});
