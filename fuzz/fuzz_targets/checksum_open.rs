//! Any bytes as a checksum: decoding, decrypting and unpadding must never panic, and only a
//! checksum that really opens may verify.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paytm_checkout::MerchantKey;

fuzz_target!(|data: &[u8]| {
    let key = MerchantKey::new(b"PmX#a0x4VpTXRzfK").unwrap();
    let (params, checksum) = data.split_at(data.len() / 3);
    match key.check(params, checksum) {
        Ok(()) => assert!(key.open(checksum).is_ok()),
        Err(e) => assert!(e.code().is_checksum_failure()),
    }
});
